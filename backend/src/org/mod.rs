//! Org units (组织): the company › site › project › team tree. Owns the tree's shape (one level
//! per step, materialised paths) and its leaders, who must sit inside the unit they lead.
pub mod graphql;
pub mod service;
