//! The inbox (工作台): what waits for the caller (待我处理), what they handled (我已处理) and
//! what they started (我发起的), each as a count and the newest items. Owns which sources feed
//! each section and how their items are merged; the records themselves belong to their areas.
pub mod graphql;
pub mod service;
