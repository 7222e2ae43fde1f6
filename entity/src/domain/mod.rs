//! IO-free rules shared by the server and the browser app.
pub mod areas;
pub mod bundles;
pub mod enums;
pub mod probation;
pub mod reporting;
pub mod scope;
pub mod talent;
pub mod validate;

pub use areas::*;
pub use bundles::*;
pub use enums::*;
pub use probation::*;
pub use reporting::*;
pub use scope::*;
pub use talent::*;
pub use validate::*;
