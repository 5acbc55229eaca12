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
//! The core modules know nothing of WebAssembly; `wasm` (wasm32 only) is the
//! thin binding that pkg/ is generated from.

pub mod api;
pub mod callback;
pub mod claims;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod engine;
pub mod error;
pub mod fulfillment;
pub mod model;
pub mod premium;
pub mod preview;
pub mod privacy;
pub mod read;
pub mod tracking;
pub mod validate;

// Only wasm32 builds carry the binding; clippy checks it natively too.
#[cfg(any(target_arch = "wasm32", clippy))]
pub mod wasm;

// The registry's historical path (docs, examples, the binding).
pub use config::ConfigCheck;
pub use diagnostic::registry as codes;
pub use diagnostic::{Issue, Severity};
pub use engine::Engine;
pub use error::{EngineError, ErrorCode};
pub use validate::{CarrierStatus, ValidateOptions, ValidationResult};
