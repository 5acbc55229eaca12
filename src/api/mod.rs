//! The JSON-in, JSON-out front end every binding calls (the model is cedar's
//! `ffi` module under `cedar-wasm`): each function takes its arguments as the
//! caller received them — JSON text measured against the input limit, raw
//! bytes, JS numbers — checks them in the order the JS contract documents,
//! and returns a serializable result or the `EngineError` JS sees thrown.
//!
//! `src/wasm/` (feature `binding`) only converts JS values to these inputs
//! and the results back; everything the JS API decides (options, argument
//! checks, which error wins when several arguments are wrong, the
//! `input_too_large` errors) is here, tested natively in tests/api.rs.
//!
//! The census entries (`record`: a census record's text in, the result's
//! JSON text out) split a record as the command line did in JS.
//!
//! The options objects' readers (`ValidateOptions::from_json` and the
//! others) are here too (`options`), moved verbatim from engine.rs, and the
//! operations whose inputs are JSON values passed through as they came
//! (`documents`: a preview, a fold state, a request; `tracking`).
//!
//! Arguments arrive already converted, each as an `Arg`: a conversion that
//! failed (an `undefined` document, a BigInt in an options object) is carried
//! in as its error, so every function reports the first bad argument in its
//! documented order whatever order the binding converted them in.

pub mod claims;
pub mod documents;
pub mod engine;
pub mod input;
pub mod lifecycle;
pub mod options;
pub mod record;
pub mod tracking;
#[cfg(test)]
mod ts;
pub mod x12;

pub use crate::engine::Engine;
pub use crate::error::{EngineError, ErrorCode};
pub use crate::preview::{PreparedSnapshot, Preview, PreviewSummary};
pub use input::{Arg, Bytes, Measured, Text};

/// Every issue code the engine can report (the catalogue behind docs/rules.md).
pub fn issue_codes() -> Vec<&'static crate::validate::Rule> {
    crate::codes::all_rules()
}

/// The crate version.
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// Checks a group configuration without building an engine.
pub fn check_config(config: Arg<Text>) -> Result<crate::validate::ConfigCheck, EngineError> {
    let text = config?;
    Ok(crate::validate::check_config_str(text.source(), crate::validate::DEFAULT_MAX_INPUT_BYTES).1)
}

/// Masks every SSN-shaped token in a text (`privacy::scrub`). `None`: the
/// argument was not a string.
pub fn scrub_text(text: Option<Text>) -> Result<String, EngineError> {
    match text {
        Some(Measured::Fits(t)) => Ok(crate::privacy::scrub(&t).into_owned()),
        Some(Measured::TooLarge) => Err(input::too_large(ErrorCode::InvalidArgument, "text")),
        None => Err(input::misuse("text must be a string")),
    }
}
