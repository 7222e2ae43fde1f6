//! Echelon's shared core: the database entities (sea-orm models) and the IO-free domain rules
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]
//! that the server enforces and the browser app shows. Nothing in this crate performs IO, so it
//! also builds for `wasm32-unknown-unknown`.

pub mod account;
pub mod api_token;
pub mod app_secret;
pub mod audit_event;
pub mod competency_review;
pub mod domain;
pub mod echelon_standard;
pub mod elimination;
pub mod elimination_ratio;
pub mod employee;
pub mod inventory;
pub mod login_attempt;
pub mod monthly_points;
pub mod nomination;
pub mod org_unit;
pub mod plan_agreement;
pub mod plan_item;
pub mod pool_event;
pub mod pool_member;
pub mod refresh_token;
pub mod service_account;
pub mod sign_off;

pub use domain::*;
