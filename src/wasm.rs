//! The JavaScript binding (wasm32 only): translates JS values to the core's
//! inputs and its results back, and nothing else.
//!
//! Documents cross as JSON text: a JS string is taken as is, an object is
//! `JSON.stringify`-ed first (measured faster than walking it with
//! serde-wasm-bindgen; docs/performance.md). Results go out as JSON text
//! through `JSON.parse`, so JS always gets plain objects, never `Map`s.

use js_sys::{Reflect, JSON};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::error::{EngineError, ErrorCode};
use crate::validate::{self, catalogue, ValidateOptions};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A JSON document: a JS value or its JSON text. */
export type Document = string | object;
export type Severity = "fatal" | "error" | "warning" | "info";
export interface Issue {
  code: string;
  severity: Severity;
  /** RFC 6901 JSON Pointer into the input ("" = the whole document). */
  path: string;
  message: string;
  params: Record<string, unknown>;
  /** Carriers this issue blocks (empty for warnings and info). */
  carrier_ids: string[];
  line_of_coverage: string | null;
}
export interface CarrierStatus { carrier_id: string; blocked: boolean; }
export interface ValidationResult { valid: boolean; issues: Issue[]; carriers: CarrierStatus[]; }
export interface ValidateOptions { /** YYYY-MM-DD; rules relative to today are skipped without it. */ today?: string | null; }
export interface ConfigCheck { valid: boolean; issues: Issue[]; }
export interface RuleInfo { code: string; severity: Severity; layer: string; source: string; template: string; doc: string; }
/** Thrown for API misuse; `code` is INVALID_CONFIG, INVALID_OPTIONS or INVALID_ARGUMENT. */
export interface EngineError extends Error { code: string; issues: Issue[]; }
"#;

#[wasm_bindgen]
extern "C" {
    /// `validate`'s options object; typed so the declaration says `options?:`.
    #[wasm_bindgen(typescript_type = "ValidateOptions")]
    pub type ValidateOptionsArg;
}

/// The engine for one employer group (JS class `Engine`).
#[wasm_bindgen(js_name = Engine)]
pub struct JsEngine {
    inner: crate::Engine,
}

#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    /// Builds an engine from a group configuration (object or JSON string).
    /// Throws an EngineError with code INVALID_CONFIG and `issues` when the
    /// configuration has errors.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Document")] config: JsValue,
    ) -> Result<JsEngine, JsValue> {
        let text = document_text(&config, "config")?;
        crate::Engine::from_config_str(&text)
            .map(|inner| JsEngine { inner })
            .map_err(|e| js_error(&e))
    }

    /// Validates a snapshot (object or JSON string).
    #[wasm_bindgen(unchecked_return_type = "ValidationResult")]
    pub fn validate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Document")] snapshot: JsValue,
        options: Option<ValidateOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        let opts = options_from(options.as_ref().map(|o| o.as_ref()))?;
        let text = document_text(&snapshot, "snapshot")?;
        to_js(&self.inner.validate_str(&text, &opts))
    }

    /// Warnings found in the configuration when it was loaded.
    #[wasm_bindgen(js_name = configIssues, unchecked_return_type = "Issue[]")]
    pub fn config_issues(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.config_issues())
    }
}

/// Checks a group configuration without building an engine.
#[wasm_bindgen(js_name = checkConfig, unchecked_return_type = "ConfigCheck")]
pub fn check_config(
    #[wasm_bindgen(unchecked_param_type = "Document")] config: JsValue,
) -> Result<JsValue, JsValue> {
    let text = document_text(&config, "config")?;
    to_js(&validate::check_config_str(&text, validate::DEFAULT_MAX_INPUT_BYTES).1)
}

/// Every issue code the engine can report (the catalogue behind docs/rules.md).
#[wasm_bindgen(js_name = issueCodes, unchecked_return_type = "RuleInfo[]")]
pub fn issue_codes() -> Result<JsValue, JsValue> {
    to_js(catalogue::CATALOGUE)
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// A document argument as JSON text: strings as given, other values stringified.
fn document_text(v: &JsValue, what: &str) -> Result<String, JsValue> {
    if let Some(s) = v.as_string() {
        return Ok(s);
    }
    if v.is_undefined() {
        return Err(misuse(&format!("{what} is missing (undefined)")));
    }
    match JSON::stringify(v) {
        Ok(s) => s
            .as_string()
            .ok_or_else(|| misuse(&format!("{what} cannot be represented as JSON"))),
        Err(e) => {
            let why = Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_default();
            Err(misuse(&format!("{what} cannot be converted to JSON: {why}")))
        }
    }
}

fn options_from(v: Option<&JsValue>) -> Result<ValidateOptions, JsValue> {
    let Some(v) = v.filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(ValidateOptions::default());
    };
    let text = document_text(v, "options")?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|_| misuse("options cannot be read as JSON"))?;
    ValidateOptions::from_json(&value).map_err(|e| js_error(&e))
}

fn misuse(message: &str) -> JsValue {
    js_error(&EngineError::new(ErrorCode::InvalidArgument, message))
}

/// A JS `Error` named EngineError with `code` and `issues` properties.
fn js_error(e: &EngineError) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("EngineError");
    let issues = to_js(&e.issues).unwrap_or_else(|_| js_sys::Array::new().into());
    // Setting properties on a fresh Error cannot fail; ignore the Results.
    let _ = Reflect::set(&err, &"code".into(), &e.code.as_str().into());
    let _ = Reflect::set(&err, &"issues".into(), &issues);
    err.into()
}

/// Serializes a result to JSON text and parses it in JS (plain objects).
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| JsValue::from_str(&e.to_string()))?;
    JSON::parse(&text)
}
