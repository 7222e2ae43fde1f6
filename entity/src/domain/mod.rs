//! IO-free rules shared by the server and the browser app.
pub mod areas;
pub mod audit;
pub mod bundles;
pub mod enums;
pub mod pool_reason;
pub mod probation;
pub mod reporting;
pub mod scope;
pub mod talent;
pub mod validate;

pub use areas::*;
pub use audit::*;
pub use bundles::*;
pub use enums::*;
pub use pool_reason::*;
pub use probation::*;
pub use reporting::*;
pub use scope::*;
pub use talent::*;
pub use validate::*;
