//! The JavaScript binding (feature `binding`; pkg/ is generated from it):
//! every export converts its JS arguments (`convert`) and makes one call
//! into `crate::api`, where the JS contract is decided and tested natively.
//!
//! - `engine`: the classes `Engine` and `PreparedSnapshot`;
//! - `lifecycle` (feature `lifecycle`): `engine.track`, `engine.buildCallback`,
//!   `foldStatus`, `signCallback`, `verifyCallback`, `parseCallback`;
//! - `claims` (feature `claims`): the payment-status functions;
//! - `record` (feature `census`): `engine.previewRecord`,
//!   `engine.validateRecord`, the command line's census entries;
//! - `x12` (feature `x12`): `engine.export834`, `engine.export834Census`,
//!   `prepared.export834`, `engine.parse834`, `engine.ack999`;
//! - `heap`: `memoryBytes`, `heapBytes`, `heapPeakBytes` and the counting
//!   allocator;
//! - `mem`: `memcmp` and `bcmp` for wasm32, a word at a time;
//! - `summary`: the keystroke's summary built in JS from numbers and text
//!   (`summary.js`), without `JSON.parse`;
//! - here: `checkConfig`, `issueCodes`, `scrubText`, `version`, and the
//!   TypeScript declarations of every type the exports name.
//!
//! Cargo features choose the exports, nothing else: `--no-default-features`
//! builds the smaller `pkg/core` module (validate, diff, prepare, preview,
//! config checks) for browser forms. The core modules are compiled either
//! way; LTO drops what no export reaches.

use wasm_bindgen::prelude::*;

#[cfg(feature = "claims")]
mod claims;
mod convert;
mod engine;
mod heap;
#[cfg(feature = "lifecycle")]
mod lifecycle;
mod mem;
#[cfg(feature = "census")]
mod record;
mod summary;
#[cfg(feature = "x12")]
mod x12;

#[cfg(feature = "claims")]
pub use claims::{apply_benefit_filter, apply_payment_status, plan_payment_status_requests};
pub use engine::{JsEngine, JsPreparedSnapshot};
pub use heap::{heap_bytes, heap_peak_bytes, memory_bytes};
#[cfg(feature = "lifecycle")]
pub use lifecycle::{fold_status, parse_callback, sign_callback, verify_callback};

use crate::api;
use crate::read::DEFAULT_MAX_INPUT_BYTES;
use convert::answer;

// The results' types, generated from the Rust types (src/api/ts.rs; a lib
// test fails when they are stale), and the inputs' types, written by hand.
#[wasm_bindgen(typescript_custom_section)]
const TS_RESULTS: &str = include_str!("types.d.ts");
#[wasm_bindgen(typescript_custom_section)]
const TS_INPUTS: &str = include_str!("inputs.d.ts");

/// Checks a group configuration without building an engine.
#[wasm_bindgen(js_name = checkConfig, unchecked_return_type = "ConfigCheck")]
pub fn check_config(
    #[wasm_bindgen(unchecked_param_type = "Document")] config: JsValue,
) -> Result<JsValue, JsValue> {
    answer(api::check_config(convert::document(
        &config,
        "config",
        DEFAULT_MAX_INPUT_BYTES,
    )))
}

/// Every issue code the engine can report (the catalogue behind docs/rules.md).
#[wasm_bindgen(js_name = issueCodes, unchecked_return_type = "RuleInfo[]")]
pub fn issue_codes() -> Result<JsValue, JsValue> {
    convert::to_js(&api::issue_codes())
}

/// Masks every SSN-shaped token in `text`: the engine's one masking function
/// (docs/api.md, Privacy), for text an application prints next to results.
///
/// The text is measured before it is copied in, like any document: over the
/// input limit (4 MiB of UTF-8) is an EngineError `INVALID_ARGUMENT` with the
/// `input_too_large` issue; a value that is not a string, `INVALID_ARGUMENT`.
#[wasm_bindgen(js_name = scrubText)]
pub fn scrub_text(#[wasm_bindgen(unchecked_param_type = "string")] text: JsValue) -> Result<String, JsValue> {
    api::scrub_text(convert::string(&text, DEFAULT_MAX_INPUT_BYTES)).map_err(|e| convert::error(&e))
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    api::version().to_owned()
}
