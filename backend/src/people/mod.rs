//! Employees (员工) and their reporting line. Owns 工号 uniqueness, the acyclic reporting line,
//! phone masking and the audited reveal of a full phone number, and the Excel/CSV import and
//! export of employee lists.
pub mod graphql;
pub mod service;
pub mod transfer;
