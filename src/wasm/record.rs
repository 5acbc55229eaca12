//! The census entries (feature `census`): `engine.previewRecord` and
//! `engine.validateRecord`, a census record's JSON text in and the result's
//! JSON out as UTF-8 bytes, byte for byte `new TextEncoder().encode(
//! JSON.stringify(result))` of what `engine.preview` (`engine.validate`)
//! returns for the record as the command line reads it (docs/api.md, Census
//! records). The record is split in Rust (`api::record`) unless JS must
//! read it (`Record::AsJs`): then here, with JSON.parse, as the command line
//! did.

use js_sys::{Object, Reflect, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;

use super::convert::{self, Kind};
use super::engine::{JsEngine, PreviewOptionsArg, ValidateOptionsArg};
use crate::api;
use crate::api::record::Record;
use crate::api::EngineError;
use crate::read::DEFAULT_MAX_INPUT_BYTES;

/// The most lines `previewRecords` takes in one call (the command line
/// sends 64).
const MAX_BATCH_LINES: usize = 65_536;

/// `{ json, valid }`: the result's JSON as UTF-8, and its `valid`.
fn answer<T: serde::Serialize + crate::output::WriteJson>(
    result: Result<T, EngineError>,
    valid: impl Fn(&T) -> bool,
) -> Result<JsValue, JsValue> {
    let result = result.map_err(|e| convert::error(&e))?;
    let out = Object::new();
    Reflect::set(
        &out,
        &"json".into(),
        &convert::to_js_json_written(&result)?.into(),
    )?;
    Reflect::set(&out, &"valid".into(), &valid(&result).into())?;
    Ok(out.into())
}

/// A record argument: a string, measured before it is copied; anything
/// else is INVALID_ARGUMENT.
fn record_text(record: &JsValue, limit: usize) -> api::Arg<api::Text> {
    convert::string(record, limit)
        .ok_or_else(|| api::input::misuse("record must be a string (a census record's JSON text)"))
}

/// The census entries of `Engine`.
#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    /// The preview of a census record (its JSON text: a snapshot, or
    /// `{"previous": …, "current": …}`), as `{ json, valid }`: `json` is
    /// the UTF-8 of `JSON.stringify(engine.preview(previous, current,
    /// options))` for the record as the command line splits it, `valid`
    /// that preview's. The record is measured before it is copied.
    #[wasm_bindgen(js_name = previewRecord, unchecked_return_type = "RecordJson")]
    pub fn preview_record(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] record: JsValue,
        options: PreviewOptionsArg,
    ) -> Result<JsValue, JsValue> {
        let opts = convert::options(Some(options.as_ref()));
        let limit = self.inner.max_input_bytes();
        let text = match record_text(&record, limit) {
            // More bytes than the limit in fewer UTF-16 units: JSON.parse
            // may still split it into documents under the limit.
            Ok(api::Measured::TooLarge) if units(&record) <= DEFAULT_MAX_INPUT_BYTES => {
                return self.preview_as_js(&record, opts);
            }
            text => text,
        };
        match api::record::preview_record(&self.inner, text, opts) {
            Ok(Record::AsJs) => self.preview_as_js(&record, convert::options(Some(options.as_ref()))),
            Ok(Record::Answer(preview)) => answer(Ok(preview), |p| p.valid),
            Err(e) => Err(convert::error(&e)),
        }
    }

    /// `previewRecord` of each line of a batch at once: `bytes` the batch's
    /// UTF-8, `lines` each line's start and end in it (pairs of byte
    /// offsets). `{ json, ends, answers }`: `answers[k]` says what became of
    /// line `k` (`api::record::LineAnswer`: 0 left to the caller, 1 valid,
    /// 2 not valid, 3 blank), its JSON is `json` from `ends[k - 1]` (0 for
    /// the first) to `ends[k]`. Bytes over the input limit are not copied:
    /// every line is left to the caller. The arguments' kinds are checked
    /// first, then the options, then the lines' order.
    #[wasm_bindgen(js_name = previewRecords, unchecked_return_type = "RecordLines")]
    pub fn preview_records(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint32Array")] lines: JsValue,
        options: PreviewOptionsArg,
    ) -> Result<JsValue, JsValue> {
        let misuse = |m: &str| convert::error(&api::input::misuse(m));
        let not_bytes = || misuse("bytes must be a Uint8Array (the batch's UTF-8)");
        let not_lines = || misuse("lines must be a Uint32Array of start and end offsets");
        // Measured, then copied, through the platform's accessors
        // (`convert::read`): a Proxy, a subclass or a look-alike is refused.
        let size = convert::count(&bytes, Kind::Bytes).ok_or_else(not_bytes)?;
        let count = convert::count(&lines, Kind::Offsets).ok_or_else(not_lines)?;
        if count % 2 != 0 || count > 2 * MAX_BATCH_LINES {
            return Err(misuse(
                "lines must hold a start and an end per line, for at most 65,536 lines",
            ));
        }
        // Copied before the options are read (their toJSON may detach or
        // shrink the buffers); bytes over the limit are not copied.
        let copied = match size > self.inner.max_input_bytes() {
            true => None,
            false => Some((
                convert::read::<u8>(&bytes, Kind::Bytes, size).ok_or_else(not_bytes)?,
                convert::read::<u32>(&lines, Kind::Offsets, count).ok_or_else(not_lines)?,
            )),
        };
        let opts = convert::options(Some(options.as_ref()));
        let batch = match copied {
            Some((api::Measured::Fits(bytes), api::Measured::Fits(lines))) => {
                api::record::preview_records(&self.inner, &bytes, &lines, opts)
            }
            // Not copied: every line is the caller's (the options still read).
            _ => {
                api::record::preview_records(&self.inner, &[], &[], opts).map(|_| api::record::RecordBatch {
                    json: Vec::new(),
                    ends: vec![0; count / 2],
                    answers: vec![api::record::LineAnswer::Caller; count / 2],
                })
            }
        }
        .map_err(|e| convert::error(&e))?;
        let answers: Vec<u8> = batch.answers.iter().map(|a| *a as u8).collect();
        let out = Object::new();
        Reflect::set(&out, &"json".into(), &Uint8Array::from(batch.json.as_slice()))?;
        Reflect::set(&out, &"ends".into(), &Uint32Array::from(batch.ends.as_slice()))?;
        Reflect::set(&out, &"answers".into(), &Uint8Array::from(answers.as_slice()))?;
        Ok(out.into())
    }

    /// The validation of a census record (a snapshot's JSON text), as `{
    /// json, valid }`: `json` is the UTF-8 of `JSON.stringify(
    /// engine.validate(record, options))`, `valid` its `valid`.
    #[wasm_bindgen(js_name = validateRecord, unchecked_return_type = "RecordJson")]
    pub fn validate_record(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] record: JsValue,
        options: Option<ValidateOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        let opts = convert::options(options.as_ref().map(AsRef::as_ref));
        let text = record_text(&record, self.inner.max_input_bytes());
        answer(api::engine::validate(&self.inner, text, opts), |v| v.valid)
    }
}

impl JsEngine {
    /// The record split as the command line's `family(text)` did: an
    /// object with `current` (JSON.parse's `in`) is `{ previous ?? null,
    /// current }`, anything else the snapshot alone; then `preview`.
    fn preview_as_js(&self, record: &JsValue, opts: api::Arg<Option<api::Text>>) -> Result<JsValue, JsValue> {
        let (previous, current) = match convert::json_parse(record) {
            Ok(Some(doc)) if doc.is_object() && Reflect::has(&doc, &"current".into()).unwrap_or(false) => (
                Reflect::get(&doc, &"previous".into())?,
                Reflect::get(&doc, &"current".into())?,
            ),
            _ => (JsValue::NULL, record.clone()),
        };
        let limit = self.inner.max_input_bytes();
        let previous = convert::optional_document(&previous, "previous", limit);
        let current = convert::document(&current, "current", limit);
        answer(api::engine::preview(&self.inner, previous, current, opts), |p| {
            p.valid
        })
    }
}

/// A JS string's length in UTF-16 units.
fn units(v: &JsValue) -> usize {
    v.dyn_ref::<js_sys::JsString>()
        .map_or(usize::MAX, |s| usize::try_from(s.length()).unwrap_or(usize::MAX))
}
