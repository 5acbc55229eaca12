//! The JS classes `Engine` and `PreparedSnapshot`: each method converts its
//! arguments (convert.rs) and makes one call into `api::engine`.

use std::cell::{RefCell, RefMut};
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::convert::{self, answer_written};
use super::summary;
use crate::api;

#[wasm_bindgen]
extern "C" {
    /// `validate`'s options object; typed so the declaration says `options?:`.
    #[wasm_bindgen(typescript_type = "ValidateOptions | string")]
    pub type ValidateOptionsArg;
    /// `diff`'s options object.
    #[wasm_bindgen(typescript_type = "DiffOptions | string")]
    pub type DiffOptionsArg;
    /// `preview`'s options object (`now` is required).
    #[wasm_bindgen(typescript_type = "PreviewOptions | string")]
    pub type PreviewOptionsArg;
}

/// The engine for one employer group (JS class `Engine`).
#[wasm_bindgen(js_name = Engine)]
pub struct JsEngine {
    // Shared with the PreparedSnapshots it makes, which outlive nothing else.
    pub(super) inner: Rc<api::Engine>,
}

#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    /// Builds an engine from a group configuration (object or JSON string).
    /// Throws an EngineError with code INVALID_CONFIG and `issues` when the
    /// configuration has errors (or is over the input limit).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Document")] config: JsValue,
    ) -> Result<JsEngine, JsValue> {
        let config = convert::document(&config, "config", crate::read::DEFAULT_MAX_INPUT_BYTES);
        api::engine::new(config)
            .map(|e| JsEngine { inner: Rc::new(e) })
            .map_err(|e| convert::error(&e))
    }

    /// Validates a snapshot (object or JSON string).
    #[wasm_bindgen(unchecked_return_type = "ValidationResult")]
    pub fn validate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Document")] snapshot: JsValue,
        options: Option<ValidateOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        let options = convert::options(options.as_ref().map(AsRef::as_ref));
        let snapshot = self.document(&snapshot, "snapshot");
        answer_written(api::engine::validate(&self.inner, snapshot, options))
    }

    /// Compares the previous snapshot (`null` for a first submission) with the
    /// current one: differences per carrier and member transactions.
    #[wasm_bindgen(unchecked_return_type = "DiffResult")]
    pub fn diff(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Document | null | undefined")] previous: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Document")] current: JsValue,
        options: Option<DiffOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        let options = convert::options(options.as_ref().map(AsRef::as_ref));
        let (previous, current) = (self.previous(&previous), self.document(&current, "current"));
        answer_written(api::engine::diff(&self.inner, previous, current, options))
    }

    /// Reads a previous snapshot once, for many previews or diffs against it
    /// (`prepared.check(current, options)` on every keystroke); `null` for a
    /// first submission. Call `free()` on it when done, or leave it to the
    /// garbage collector.
    pub fn prepare(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Document | null | undefined")] previous: JsValue,
    ) -> Result<JsPreparedSnapshot, JsValue> {
        let previous = self.previous(&previous);
        api::engine::prepare(&self.inner, previous)
            .map(|prepared| JsPreparedSnapshot {
                prepared: RefCell::new(api::engine::Prepared::new(prepared)),
                engine: Rc::clone(&self.inner),
            })
            .map_err(|e| convert::error(&e))
    }

    /// Validation, diff, fulfillment summary, snapshot status and acknowledgement.
    #[wasm_bindgen(unchecked_return_type = "Preview")]
    pub fn preview(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Document | null | undefined")] previous: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Document")] current: JsValue,
        options: PreviewOptionsArg,
    ) -> Result<JsValue, JsValue> {
        let options = convert::options(Some(options.as_ref()));
        let (previous, current) = (self.previous(&previous), self.document(&current, "current"));
        summary::answer_preview(api::engine::preview(&self.inner, previous, current, options))
    }

    /// Warnings found in the configuration when it was loaded.
    #[wasm_bindgen(js_name = configIssues, unchecked_return_type = "Issue[]")]
    pub fn config_issues(&self) -> Result<JsValue, JsValue> {
        convert::to_js(self.inner.config_issues())
    }
}

impl JsEngine {
    /// A document argument, measured against this engine's input limit.
    pub(super) fn document(&self, v: &JsValue, what: &str) -> api::Arg<api::Text> {
        convert::document(v, what, self.inner.max_input_bytes())
    }

    /// The previous snapshot: `null` (or `undefined`) for a first submission.
    fn previous(&self, v: &JsValue) -> api::Arg<Option<api::Text>> {
        convert::optional_document(v, "previous", self.inner.max_input_bytes())
    }
}

/// A previous snapshot read once by `engine.prepare(previous)` (JS class
/// `PreparedSnapshot`): its previews and diffs equal the engine's with the
/// same previous document.
#[wasm_bindgen(js_name = PreparedSnapshot)]
pub struct JsPreparedSnapshot {
    pub(super) engine: Rc<api::Engine>,
    // Every method takes `&self` and borrows this only after its arguments
    // are read (their getters and `toJSON`s are the caller's code, which
    // may call this object again): wasm-bindgen's own borrow of a `&mut
    // self` method would refuse such a call by throwing from inside wasm,
    // which leaves wasm's stack pointer moved (docs/architecture.md).
    prepared: RefCell<api::engine::Prepared>,
}

impl JsPreparedSnapshot {
    /// The prepared state, for the part of a call that runs no JS of the
    /// caller's. Refused (INVALID_ARGUMENT) if it is already borrowed,
    /// which no call allows.
    pub(super) fn state(&self) -> Result<RefMut<'_, api::engine::Prepared>, JsValue> {
        self.prepared.try_borrow_mut().map_err(|_| {
            convert::error(&api::input::misuse(
                "this PreparedSnapshot is in use by a call that has not returned",
            ))
        })
    }
}

#[wasm_bindgen(js_class = PreparedSnapshot)]
impl JsPreparedSnapshot {
    /// `engine.preview(previous, current, options)` without reading `previous` again.
    #[wasm_bindgen(unchecked_return_type = "Preview")]
    pub fn preview(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Document")] current: JsValue,
        options: PreviewOptionsArg,
    ) -> Result<JsValue, JsValue> {
        let options = convert::options(Some(options.as_ref()));
        let current = convert::document(&current, "current", self.engine.max_input_bytes());
        summary::answer_preview(api::engine::prepared_preview(
            &self.engine,
            self.state()?.snapshot.as_ref(),
            current,
            options,
        ))
    }

    /// `engine.diff(previous, current, options)` without reading `previous` again.
    #[wasm_bindgen(unchecked_return_type = "DiffResult")]
    pub fn diff(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Document")] current: JsValue,
        options: Option<DiffOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        let options = convert::options(options.as_ref().map(AsRef::as_ref));
        let current = convert::document(&current, "current", self.engine.max_input_bytes());
        answer_written(api::engine::prepared_diff(
            &self.engine,
            self.state()?.snapshot.as_ref(),
            current,
            options,
        ))
    }

    /// The keystroke answer: `preview(current, options)` summarized (validity,
    /// issues, carriers, counts, premium totals); the whole preview is kept
    /// for `details()`.
    #[wasm_bindgen(unchecked_return_type = "PreviewSummary")]
    pub fn check(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Document")] current: JsValue,
        options: PreviewOptionsArg,
    ) -> Result<JsValue, JsValue> {
        let options = convert::options(Some(options.as_ref()));
        let current = convert::document(&current, "current", self.engine.max_input_bytes());
        super::summary::answer(api::engine::prepared_check(
            &self.engine,
            &mut *self.state()?,
            current,
            options,
        ))
    }

    /// The keystroke as an edit: the document of the last `check` (or
    /// `edit`) with `value` set at the JSON Pointer `pointer` (`undefined`
    /// removes the member or item), then `check`'s answer for it — without
    /// handing the whole document over again.
    #[wasm_bindgen(unchecked_return_type = "PreviewSummary")]
    pub fn edit(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] pointer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "unknown")] value: JsValue,
        options: PreviewOptionsArg,
    ) -> Result<JsValue, JsValue> {
        let limit = self.engine.max_input_bytes();
        let (pointer, value, options) = super::summary::edit_arguments(&pointer, &value, &options, limit)
            .unwrap_or_else(|| {
                let options = convert::options(Some(options.as_ref()));
                let pointer = convert::string(&pointer, limit)
                    .ok_or_else(|| api::input::misuse("pointer must be a string (a JSON Pointer)"));
                let value = match value.is_undefined() {
                    true => Ok(None),
                    false => convert::value(&value, "value", limit).map(Some),
                };
                (pointer, value, options)
            });
        super::summary::answer(api::engine::prepared_edit(
            &self.engine,
            &mut *self.state()?,
            pointer,
            value,
            options,
        ))
    }

    /// The whole preview of the last `check` or `edit` (`null` before the first),
    /// without computing it again (only its stable ids are hashed, on the
    /// first call).
    #[wasm_bindgen(unchecked_return_type = "Preview | null")]
    pub fn details(&self) -> Result<JsValue, JsValue> {
        match api::engine::prepared_details(&self.engine, &mut *self.state()?) {
            Some(p) => summary::preview_to_js(p),
            None => Ok(JsValue::NULL),
        }
    }

    /// Refuses to be read as a document: `engine.preview(prepared, ...)`
    /// would otherwise compare against `{"__wbg_ptr": …}`.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        Err(convert::error(&api::engine::prepared_is_not_a_document()))
    }
}
