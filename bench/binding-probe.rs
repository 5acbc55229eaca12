//! Not compiled: the serde-wasm-bindgen variants bench/binding.mjs compares
//! the binding's JSON-text paths with (docs/performance.md, "Options and
//! small results"). To measure again: copy this file to
//! src/wasm/swb_probe.rs, add `mod swb_probe;` to src/wasm/mod.rs,
//! `serde-wasm-bindgen = { version = "0.6.5", optional = true }` to Cargo.toml
//! with `"dep:serde-wasm-bindgen"` in the `binding` feature, build the nodejs
//! target, and run `node bench/binding.mjs DIR`.
use wasm_bindgen::prelude::*;
use super::convert::{self, answer};
use super::engine::JsEngine;
use crate::api;

fn swb<T: serde::Serialize>(r: Result<T, api::EngineError>) -> Result<JsValue, JsValue> {
    let r = r.map_err(|e| convert::error(&e))?;
    let v = crate::privacy::to_value(&r).map_err(|e| JsValue::from_str(&e.to_string()))?;
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(JsValue::from)
}
use serde::Serialize;

fn plain_object(v: &JsValue) -> bool {
    if !v.is_object() || js_sys::Array::is_array(v) { return false; }
    let proto = js_sys::Object::get_prototype_of(v);
    let plain = proto.is_null() || proto == js_sys::Object::get_prototype_of(&js_sys::Object::new());
    plain && !js_sys::Reflect::has(v, &"toJSON".into()).unwrap_or(true)
}

#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    /// options via serde-wasm-bindgen.
    #[wasm_bindgen(js_name = validateSwb)]
    pub fn validate_swb(&self, snapshot: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        let opts: serde_json::Value = if plain_object(&options) {
            serde_wasm_bindgen::from_value(options).map_err(JsValue::from)?
        } else { serde_json::Value::Null };
        let text = Some(api::Measured::Fits(opts.to_string()));
        let snapshot = self.document(&snapshot, "snapshot");
        answer(api::engine::validate(&self.inner, snapshot, Ok(text)))
    }
    /// options via serde-wasm-bindgen straight into from_json (no text).
    #[wasm_bindgen(js_name = validateSwbValue)]
    pub fn validate_swb_value(&self, snapshot: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        let opts: serde_json::Value = if plain_object(&options) {
            serde_wasm_bindgen::from_value(options).map_err(JsValue::from)?
        } else { serde_json::Value::Null };
        let o = crate::validate::ValidateOptions::from_json(&opts).map_err(|e| convert::error(&e))?;
        let snapshot = self.document(&snapshot, "snapshot").map_err(|e| convert::error(&e))?;
        convert::to_js(&self.inner.validate_str(snapshot.source(), &o))
    }
}

#[wasm_bindgen(js_name = verifyCallbackSwb)]
pub fn verify_callback_swb(secret: JsValue, timestamp: JsValue, body: JsValue, signature: JsValue, now: JsValue, tol: JsValue) -> Result<JsValue, JsValue> {
    swb(api::lifecycle::verify_callback(convert::bytes(&secret), convert::number(&timestamp), convert::bytes(&body),
        convert::signature(&signature), convert::number(&now), convert::number(&tol)))
}

#[wasm_bindgen(js_name = checkConfigSwb)]
pub fn check_config_swb(config: JsValue) -> Result<JsValue, JsValue> {
    swb(api::check_config(convert::document(&config, "config", crate::validate::DEFAULT_MAX_INPUT_BYTES)))
}
