//! The talent pool (人才梯队): three echelons, selection standards, nominations with the
//! ability × potential assessment and the three-level sign-off, and pool membership.
pub mod elimination;
pub mod export;
pub mod graphql;
pub mod inventory;
pub mod plan;
pub mod service;
pub mod waiting;
