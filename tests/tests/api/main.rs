//! Integration tests of the server over HTTP, each on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod audit;
mod auth;
mod browser;
mod concurrency;
mod elimination;
mod filters;
mod fixtures;
mod inbox;
mod input;
mod inventories;
mod leaving;
mod limits;
mod nullability;
mod ops;
mod outage;
mod plans;
mod pools;
mod precompress;
mod process;
mod projection;
mod reviews;
mod schema;
mod scope;
mod talent;
mod talent_export;
mod transfer;
mod web_bundles;
mod web_inventory;
mod web_pages;
mod web_talent;

pub use echelon_tests::{error_code, error_field, on_both, Db, TestApp, DEMO_PASSWORD};
pub use serde_json::{json, Value};
