//! The lifecycle exports (feature `lifecycle`): `engine.track`,
//! `engine.buildCallback`, `foldStatus` and the partner status callbacks.
//! Each converts its arguments and makes one call into `api`.

use wasm_bindgen::prelude::*;

use super::convert::{self, answer};
use super::engine::JsEngine;
use crate::api::lifecycle::{self, CallbackBody};
use crate::read::DEFAULT_MAX_INPUT_BYTES;

#[wasm_bindgen]
extern "C" {
    /// `foldStatus`'s options object (`now` is required).
    #[wasm_bindgen(typescript_type = "FoldOptions | string")]
    pub type FoldOptionsArg;
    /// `track`'s options object.
    #[wasm_bindgen(typescript_type = "TrackOptions | string")]
    pub type TrackOptionsArg;
}

/// The lifecycle methods of `Engine`.
#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    /// Tracks requested differences against a carrier-reported member state.
    #[wasm_bindgen(unchecked_return_type = "Tracking")]
    pub fn track(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Document")] current: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DiffResult | Preview | Difference[] | RequestedSnapshot[]")]
        requested: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Document")] report: JsValue,
        options: Option<TrackOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        let options = convert::options(options.as_ref().map(AsRef::as_ref));
        let requested = convert::document(&requested, "requested", DEFAULT_MAX_INPUT_BYTES);
        let (current, report) = (
            self.document(&current, "current"),
            self.document(&report, "report"),
        );
        answer(crate::api::engine::track(
            &self.inner,
            current,
            requested,
            report,
            options,
        ))
    }

    /// The partner status callback (source S0) for the snapshot, or for one of
    /// its transactions when `request.transaction_id` is given.
    #[wasm_bindgen(js_name = buildCallback, unchecked_return_type = "CallbackPayload")]
    pub fn build_callback(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Preview")] preview: JsValue,
        #[wasm_bindgen(unchecked_param_type = "FulfillmentState | null | undefined")] state: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CallbackRequest")] request: JsValue,
    ) -> Result<JsValue, JsValue> {
        let preview = convert::document(&preview, "preview", DEFAULT_MAX_INPUT_BYTES);
        let state = convert::optional_document(&state, "state", DEFAULT_MAX_INPUT_BYTES);
        let request = convert::document(&request, "request", DEFAULT_MAX_INPUT_BYTES);
        answer(crate::api::engine::build_callback(
            &self.inner,
            preview,
            state,
            request,
        ))
    }
}

/// Folds status events onto a preview's (or a previous fold's) state.
#[wasm_bindgen(js_name = foldStatus, unchecked_return_type = "FoldResult")]
pub fn fold_status(
    #[wasm_bindgen(unchecked_param_type = "Preview | FulfillmentState")] state: JsValue,
    #[wasm_bindgen(unchecked_param_type = "StatusEventInput[] | string")] events: JsValue,
    options: FoldOptionsArg,
) -> Result<JsValue, JsValue> {
    let options = convert::options(Some(options.as_ref()));
    let state = convert::document(&state, "state", DEFAULT_MAX_INPUT_BYTES);
    let events = convert::document(&events, "events", DEFAULT_MAX_INPUT_BYTES);
    answer(lifecycle::fold_status(state, events, options))
}

/// HMAC-SHA256 (hex) of `timestamp + "." + body`: the callback signature.
/// Throws INVALID_ARGUMENT for a secret under 16 bytes, a body that is not a
/// string, Uint8Array or ArrayBuffer, or one over the input limit.
#[wasm_bindgen(js_name = signCallback)]
pub fn sign_callback(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] secret: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] timestamp: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CallbackBody")] body: JsValue,
) -> Result<String, JsValue> {
    let (secret, body) = (convert::bytes(&secret), convert::bytes(&body));
    lifecycle::sign_callback(secret, convert::number(&timestamp), body).map_err(|e| convert::error(&e))
}

/// Verifies a callback signature (constant time) within `toleranceSeconds`
/// of `now` (0 to 3600). A body over the input limit is not read:
/// `{valid: false, code: "input_too_large"}`.
#[wasm_bindgen(js_name = verifyCallback, unchecked_return_type = "Verification")]
pub fn verify_callback(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] secret: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] timestamp: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CallbackBody")] body: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] signature: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] now: JsValue,
    #[wasm_bindgen(js_name = "toleranceSeconds", unchecked_param_type = "number")] tolerance_seconds: JsValue,
) -> Result<JsValue, JsValue> {
    answer(lifecycle::verify_callback(
        convert::bytes(&secret),
        convert::number(&timestamp),
        convert::bytes(&body),
        convert::signature(&signature),
        convert::number(&now),
        convert::number(&tolerance_seconds),
    ))
}

/// Parses and validates an incoming callback payload: JSON text, an object,
/// or the raw bytes received (Uint8Array, Buffer, ArrayBuffer: the body
/// `verifyCallback` checked), measured before the copy.
#[wasm_bindgen(js_name = parseCallback, unchecked_return_type = "ParsedCallback")]
pub fn parse_callback(
    #[wasm_bindgen(unchecked_param_type = "Document | Uint8Array | ArrayBuffer")] body: JsValue,
) -> Result<JsValue, JsValue> {
    let body = match convert::raw_bytes(&body) {
        Some(bytes) => CallbackBody::Bytes(bytes),
        // A Proxy of a Uint8Array, a subclass or a look-alike: not read.
        None if convert::is_bytes(&body) => CallbackBody::Document(Err(crate::api::input::misuse(
            "body is not a Uint8Array or ArrayBuffer the engine can read (a Proxy of one, or an object that only looks like one): give the Uint8Array itself, or the text",
        ))),
        None => CallbackBody::Document(convert::document(&body, "body", DEFAULT_MAX_INPUT_BYTES)),
    };
    answer(lifecycle::parse_callback(body))
}
