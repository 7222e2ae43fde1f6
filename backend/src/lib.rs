//! The Echelon server. `main.rs` is thin; everything here is reachable from the tests.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]
pub mod accounts;
pub mod allocator;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod bench_raw;
pub mod config;
pub mod db;
pub mod error;
pub mod graphql;
pub mod inbox;
pub mod org;
pub mod page;
pub mod people;
pub mod precompress;
pub mod request_db;
pub mod rows;
pub mod seed;
pub mod startup;
pub mod state;
pub mod talent;
pub mod telemetry;
pub mod web;

pub use allocator::Allocator;
