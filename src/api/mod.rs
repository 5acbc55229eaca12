//! The JSON-shaped front end of the core: what a binding calls. Options
//! objects are read here (`options`), and the operations whose inputs come as
//! JSON values (`engine`, `tracking`); everything is natively testable, and
//! the binding only converts JS values to and from these calls.

pub mod engine;
pub mod options;
pub mod tracking;

pub use crate::engine::Engine;
pub use crate::preview::PreparedSnapshot;
