//! The catalogues of the layers above the snapshot and configuration
//! (`diagnostic::catalogue`): each layer's codes, kept here so that the
//! registry and docs/rules.md need nothing from the layers themselves.

pub mod callback;
pub mod claims;
pub mod fulfillment;
pub mod premium;
pub mod x12;
