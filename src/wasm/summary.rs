//! The keystroke's summary handed to JS as numbers and text
//! (`output::compact`) and built into objects by `summary.js`, without
//! `JSON.parse`; the JSON text when a leaf cannot be handed over exactly.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use super::convert;
use crate::api::EngineError;
use crate::api::PreviewSummary;
use crate::output::compact::Compact;

#[wasm_bindgen(module = "/src/wasm/summary.js")]
extern "C" {
    /// Builds the summary's objects from a view of the numbers (read before
    /// it returns) and the text.
    #[wasm_bindgen(catch)]
    fn summary(numbers: &[f64], text: &str) -> Result<JsValue, JsValue>;
}

thread_local! {
    /// Kept between keystrokes, as the JSON text's buffer is.
    static COMPACT: RefCell<Compact> = RefCell::new(Compact::default());
}

/// Past this, the buffers are let go after the call rather than kept.
const KEPT_BYTES: usize = 1 << 20;

/// `prepared.check`'s and `prepared.edit`'s answer.
pub(super) fn answer(result: Result<PreviewSummary, EngineError>) -> Result<JsValue, JsValue> {
    let s = result.map_err(|e| convert::error(&e))?;
    COMPACT.with(|cell| {
        // Only if the decoder ever called back into wasm: the JSON text.
        let Ok(mut c) = cell.try_borrow_mut() else {
            return convert::to_js_written(&s);
        };
        let built = match c.summary(&s) {
            true => summary(&c.numbers, &c.text),
            false => convert::to_js_written(&s),
        };
        c.shrink(KEPT_BYTES);
        built
    })
}
