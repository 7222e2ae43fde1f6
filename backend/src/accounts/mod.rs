//! Accounts (账号) of employees and service accounts (第三方系统) with scoped API tokens.
//! Administrators only. Roles and the active flag are read per request, so changes here take
//! effect on the caller's next request.
pub mod graphql;
pub mod service;
