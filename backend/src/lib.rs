//! The Echelon server. `main.rs` is thin; everything here is reachable from the tests.
pub mod accounts;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod bench_raw;
pub mod config;
pub mod db;
pub mod error;
pub mod graphql;
pub mod org;
pub mod page;
pub mod people;
pub mod seed;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod web;
