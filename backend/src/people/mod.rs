//! Employees (员工) and their reporting line. Owns 工号 uniqueness, the acyclic reporting line,
//! phone masking and the audited reveal of a full phone number.
pub mod graphql;
pub mod service;
