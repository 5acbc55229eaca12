//! The keystroke's crossings: its summary handed to JS as numbers and text
//! (`output::compact`) and built into objects by `summary.js`, without
//! `JSON.parse` (the JSON text when a leaf cannot be handed over exactly),
//! and the whole preview's the same way (`answer_preview`);
//! `prepared.edit`'s usual arguments read in one call (`edit_arguments`).

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use super::convert;
use crate::api::input::{Arg, Measured, Text};
use crate::api::EngineError;
use crate::api::Preview;
use crate::api::PreviewSummary;
use crate::output::compact::Compact;
use crate::read::DEFAULT_MAX_INPUT_BYTES;

#[wasm_bindgen(module = "/src/wasm/summary.js")]
extern "C" {
    /// Builds the summary's objects from a view of the numbers (read before
    /// it returns) and the text.
    #[wasm_bindgen(catch)]
    fn summary(numbers: &[f64], text: &str) -> Result<JsValue, JsValue>;

    /// Builds a whole preview's objects the same way (`output::compact::preview`).
    #[wasm_bindgen(catch, js_name = preview)]
    fn build_preview(numbers: &[f64], text: &str) -> Result<JsValue, JsValue>;

    /// `prepared.edit`'s arguments as one text, `None` when they are not
    /// the usual kinds (see `summary.js`); it catches what it may throw.
    #[wasm_bindgen(js_name = editArguments)]
    fn edit_arguments_text(pointer: &JsValue, value: &JsValue, options: &JsValue)
        -> Option<js_sys::JsString>;
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

/// A whole preview's answer (`engine.preview`, `prepared.preview`,
/// `details()`): built by `summary.js` from numbers and text.
pub(super) fn answer_preview(result: Result<Preview, EngineError>) -> Result<JsValue, JsValue> {
    preview_to_js(&result.map_err(|e| convert::error(&e))?)
}

/// `answer_preview` of a preview at hand. (It never takes the JSON path:
/// `Compact::preview` cannot fail, and without that path pkg/core links no
/// JSON writer for a whole preview.)
pub(super) fn preview_to_js(p: &Preview) -> Result<JsValue, JsValue> {
    COMPACT.with(|cell| {
        let mut fresh = Compact::default();
        // Only if the decoder ever called back into wasm: fresh buffers.
        let mut kept = cell.try_borrow_mut().ok();
        let c = kept.as_deref_mut().unwrap_or(&mut fresh);
        c.preview(p);
        let built = build_preview(&c.numbers, &c.text);
        c.shrink(KEPT_BYTES);
        built
    })
}

/// `prepared.edit`'s pointer, value and options, as `api::engine::prepared_edit` takes them.
pub(super) type EditArguments = (Arg<Text>, Arg<Option<Text>>, Arg<Option<Text>>);

/// `prepared.edit`'s pointer, value and options read in one call into JS,
/// measured as one text against `limit` before the copy; `None` when they
/// are not the usual kinds or any part is over its own limit (the pointer
/// and value `limit`, the options the default): the caller then reads each
/// as before, and its errors are the ones it always gave.
pub(super) fn edit_arguments(
    pointer: &JsValue,
    value: &JsValue,
    options: &JsValue,
    limit: usize,
) -> Option<EditArguments> {
    let text = edit_arguments_text(pointer, value, options)?;
    let Measured::Fits(text) = convert::string(&text, limit)? else {
        return None;
    };
    let (pointer_units, rest) = text.split_once(',')?;
    let (value_units, rest) = rest.split_once(',')?;
    let (pointer, rest) = split_units(rest, pointer_units.parse().ok()?)?;
    let (value, options) = split_units(rest, value_units.parse().ok()?)?;
    if options.len() > DEFAULT_MAX_INPUT_BYTES {
        return None;
    }
    let fits = |s: &str| Measured::Fits(s.to_owned());
    Some((Ok(fits(pointer)), Ok(Some(fits(value))), Ok(Some(fits(options)))))
}

/// `s` cut after its first `units` UTF-16 units (JS string positions);
/// `None` when that falls inside a character or past the end.
fn split_units(s: &str, units: usize) -> Option<(&str, &str)> {
    let mut seen = 0;
    let mut at = s.len();
    for (i, c) in s.char_indices() {
        if seen >= units {
            at = i;
            break;
        }
        seen += c.len_utf16();
    }
    (seen == units).then(|| s.split_at(at))
}

#[cfg(test)]
mod tests {
    use super::split_units;

    #[test]
    fn cuts_at_utf16_positions() {
        assert_eq!(split_units("abc", 0), Some(("", "abc")));
        assert_eq!(split_units("abc", 2), Some(("ab", "c")));
        assert_eq!(split_units("abc", 3), Some(("abc", "")));
        assert_eq!(split_units("abc", 4), None);
        assert_eq!(split_units("é😀x", 1), Some(("é", "😀x")));
        assert_eq!(split_units("é😀x", 3), Some(("é😀", "x")));
        assert_eq!(split_units("é😀x", 2), None);
    }
}
