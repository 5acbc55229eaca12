//! enroll-engine: validate benefits-enrollment member snapshots before they are
//! submitted, with every problem located by JSON Pointer, coded, and scoped to
//! the carriers it blocks. Pure functions of their inputs: no I/O, no clock.
//!
//! ```
//! use enroll_engine::{Engine, ValidateOptions};
//! let engine = Engine::from_config_str(r#"{"group_id": "grp-1", "carriers": []}"#).unwrap();
//! let result = engine.validate_str("{not json", &ValidateOptions::default());
//! assert!(!result.valid);
//! assert_eq!(result.issues[0].code, "json_syntax");
//! ```
//!
//! The core modules know nothing of WebAssembly; `api` is the JSON-in,
//! JSON-out front end every binding calls, and `wasm` (feature `binding`) is
//! the thin wasm-bindgen layer over it that pkg/ is generated from.

pub mod api;
pub mod callback;
pub mod claims;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod engine;
pub mod error;
pub mod fulfillment;
pub mod jsjson;
pub mod model;
pub mod output;
pub mod premium;
pub mod preview;
pub mod privacy;
pub mod read;
pub mod sort;
pub mod tracking;
pub mod validate;
pub mod x12;

// The binding's dependencies (wasm-bindgen, js-sys) come with the feature;
// native `cargo clippy --features binding` checks it too.
#[cfg(feature = "binding")]
pub mod wasm;

// The registry's historical path (docs, examples, the binding).
pub use config::ConfigCheck;
pub use diagnostic::registry as codes;
pub use diagnostic::{Issue, Severity};
pub use engine::Engine;
pub use error::{EngineError, ErrorCode};
pub use validate::{CarrierStatus, ValidateOptions, ValidationResult};
