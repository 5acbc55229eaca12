//! The X12 834 export (feature `x12`): `engine.export834`,
//! `engine.export834Census` and `prepared.export834`; reading one back,
//! `engine.parse834` and `engine.ack999`. Each converts its
//! arguments and makes one call into `api::x12`.
//!
//! The result's `text` is the one string that leaves the engine without the
//! privacy layer: the 834 carries SSNs by necessity (NM109, REF*0F), and a
//! nine-digit ISA13 would be masked too. Its issues go through it as always.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

use super::convert;
use super::engine::{JsEngine, JsPreparedSnapshot};
use crate::api::x12;
use crate::api::x12::{Export834, Export834Envelope};
use crate::api::EngineError;
use crate::read::DEFAULT_MAX_INPUT_BYTES;

#[wasm_bindgen]
extern "C" {
    /// `export834`'s options object.
    #[wasm_bindgen(typescript_type = "Export834Options | string")]
    pub type Export834OptionsArg;
    /// `parse834`'s options object.
    #[wasm_bindgen(typescript_type = "Parse834Options | string")]
    pub type Parse834OptionsArg;
    /// `ack999`'s options object.
    #[wasm_bindgen(typescript_type = "Ack999Options | string")]
    pub type Ack999OptionsArg;
}

/// A result's parts that go through the privacy layer; a struct, not a
/// `json!` map, which would write each issue's keys in alphabetical order
/// rather than the documented `{code, severity, path, …}` (review 25d).
#[derive(serde::Serialize)]
struct Parts<'a, I: serde::Serialize, S: serde::Serialize, L: serde::Serialize> {
    issues: &'a [I],
    #[serde(skip_serializing_if = "Option::is_none")]
    segments: Option<&'a S>,
    #[serde(skip_serializing_if = "Option::is_none")]
    loops: Option<&'a L>,
}

impl<'a, I: serde::Serialize> Parts<'a, I, (), ()> {
    fn issues(issues: &'a [I]) -> Self {
        Parts {
            issues,
            segments: None,
            loops: None,
        }
    }
}

/// `{ text, issues, segments, loops }`: the issues and spans through the
/// privacy layer, the text as is.
fn answer(result: Result<Export834, EngineError>) -> Result<JsValue, JsValue> {
    let Export834 {
        text,
        issues,
        segments,
        loops,
    } = result.map_err(|e| convert::error(&e))?;
    let out = convert::to_js(&Parts {
        issues: &issues,
        segments: Some(&segments),
        loops: Some(&loops),
    })?;
    Reflect::set(&out, &"text".into(), &JsValue::from_str(&text))?;
    Ok(out)
}

/// `{ header, trailer, issues }`: the issues through the privacy layer, the
/// texts as is (ISA13 is nine digits).
fn envelope_answer(result: Result<Export834Envelope, EngineError>) -> Result<JsValue, JsValue> {
    let Export834Envelope {
        header,
        trailer,
        issues,
    } = result.map_err(|e| convert::error(&e))?;
    let out = convert::to_js(&Parts::issues(&issues))?;
    Reflect::set(&out, &"header".into(), &JsValue::from_str(&header))?;
    Reflect::set(&out, &"trailer".into(), &JsValue::from_str(&trailer))?;
    Ok(out)
}

/// The export methods of `Engine`.
#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    /// The X12 834 of a Send carrier for this snapshot: its differences
    /// against `previous` (`mode: "change"`) or every member in force
    /// (`mode: "full"`). The text holds SSNs: it is the carrier file.
    #[wasm_bindgen(js_name = export834, unchecked_return_type = "Export834")]
    pub fn export834(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Document | null | undefined")] previous: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Document")] current: JsValue,
        options: Export834OptionsArg,
    ) -> Result<JsValue, JsValue> {
        let options = convert::options(Some(options.as_ref()));
        let previous = convert::optional_document(&previous, "previous", self.inner.max_input_bytes());
        let current = self.document(&current, "current");
        answer(x12::export834(&self.inner, previous, current, options))
    }

    /// One 834 for many families (a census): `families` is an array of
    /// `{ previous?, current }`.
    #[wasm_bindgen(js_name = export834Census, unchecked_return_type = "Export834")]
    pub fn export834_census(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Export834Family[] | string")] families: JsValue,
        options: Export834OptionsArg,
    ) -> Result<JsValue, JsValue> {
        let options = convert::options(Some(options.as_ref()));
        let families = convert::document(&families, "families", DEFAULT_MAX_INPUT_BYTES);
        answer(x12::export834_census(&self.inner, families, options))
    }

    /// The interchange's header and trailer around member loops exported
    /// apart (`part: "members"`), `segments` being their count: header +
    /// loops + trailer is what `export834Census` writes for those families.
    #[wasm_bindgen(js_name = export834Envelope, unchecked_return_type = "Export834Envelope")]
    pub fn export834_envelope(
        &self,
        options: Export834OptionsArg,
        #[wasm_bindgen(unchecked_param_type = "number")] segments: JsValue,
    ) -> Result<JsValue, JsValue> {
        let options = convert::options(Some(options.as_ref()));
        envelope_answer(x12::export834_envelope(
            &self.inner,
            options,
            convert::number(&segments),
        ))
    }
}

/// Reading an 834 back (`engine.parse834`).
#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    /// Reads an 834 the carrier sent into snapshot-shaped reports for
    /// `track`, one per subscriber; problems are issues at their segment.
    /// The reports hold the file's SSNs (masked on the way out, like every
    /// result but an 834's text).
    #[wasm_bindgen(js_name = parse834, unchecked_return_type = "Parsed834")]
    pub fn parse834(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
        options: Parse834OptionsArg,
    ) -> Result<JsValue, JsValue> {
        let options = convert::options(Some(options.as_ref()));
        let text = convert::string(&text, self.inner.max_input_bytes());
        convert::answer(x12::parse834(&self.inner, text, options))
    }

    /// The 999 implementation acknowledgement (005010X231A1) of an 834
    /// interchange: AK2/IK5 per transaction set, IK3/IK4 per error, AK9.
    ///
    /// Privacy: the issues go through the privacy layer as always; the
    /// text is returned as is, like `export834`'s. It may: the
    /// 999 copies no value of the 834's member loops (IK404, the bad
    /// value, is never written; IK3/IK4 hold segment ids, positions,
    /// element numbers and codes), only the envelope's identifiers and
    /// control numbers (ISA05-08, GS02/03, GS06, ST02) and the version
    /// strings AK1 and AK2 echo (GS08, ST03). And it must: the
    /// privacy layer would mask nine-digit runs such as ISA13 or a
    /// nine-digit GS06/ISA06 (an EIN, a DUNS) as SSNs and break the file.
    #[wasm_bindgen(js_name = ack999, unchecked_return_type = "Ack999")]
    pub fn ack999(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
        options: Ack999OptionsArg,
    ) -> Result<JsValue, JsValue> {
        let options = convert::options(Some(options.as_ref()));
        let text = convert::string(&text, self.inner.max_input_bytes());
        let ack = x12::ack999(&self.inner, text, options).map_err(|e| convert::error(&e))?;
        let out = convert::to_js(&Parts::issues(&ack.issues))?;
        Reflect::set(&out, &"text".into(), &JsValue::from_str(&ack.text))?;
        Ok(out)
    }
}

/// The export method of `PreparedSnapshot`.
#[wasm_bindgen(js_class = PreparedSnapshot)]
impl JsPreparedSnapshot {
    /// `engine.export834(previous, current, options)` without reading `previous` again.
    #[wasm_bindgen(js_name = export834, unchecked_return_type = "Export834")]
    pub fn export834(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Document")] current: JsValue,
        options: Export834OptionsArg,
    ) -> Result<JsValue, JsValue> {
        let options = convert::options(Some(options.as_ref()));
        let current = convert::document(&current, "current", self.engine.max_input_bytes());
        answer(x12::prepared_export834(
            &self.engine,
            self.state()?.snapshot.as_ref(),
            current,
            options,
        ))
    }
}
