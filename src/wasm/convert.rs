//! JS values to the api layer's inputs, and results back: the only code
//! that reads a `JsValue`.
//!
//! Documents cross as JSON text: a JS string is taken as is, an object is
//! `JSON.stringify`-ed first (measured faster than walking it with
//! serde-wasm-bindgen; docs/performance.md). Results go out as JSON text
//! through `JSON.parse`, so JS always gets plain objects, never `Map`s.
//!
//! Every argument is measured on the JS side before anything is copied into
//! wasm memory: text over the input limit (4 MiB of UTF-8) becomes
//! `Measured::TooLarge` and is never copied (linear memory never shrinks).

use std::cell::RefCell;

use js_sys::{Reflect, JSON};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::api::input::{self, Arg, Measured, Text};
use crate::api::EngineError;
use crate::output::WriteJson;
use crate::read::DEFAULT_MAX_INPUT_BYTES;

#[wasm_bindgen]
extern "C" {
    /// The platform's `TextEncoder`. Its `encodeInto` is native code that
    /// writes UTF-8 straight into wasm memory: 0.25 µs for a 4.6 KB family,
    /// where `encode` then a copy took 3.4 µs (a Uint8Array allocated in JS,
    /// then copied) and wasm-bindgen's own string passing copies ASCII one
    /// `charCodeAt` at a time (`node bench/strings.mjs`). `encode` stays for
    /// large texts: it measures them before anything is allocated in wasm.
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method)]
    fn encode(this: &TextEncoder, text: &JsValue) -> js_sys::Uint8Array;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, text: &JsValue, dest: &js_sys::Uint8Array) -> EncodeIntoResult;

    /// `JSON.parse` of a JS string, without copying it out of JS (the
    /// census entries' JS path, `record.rs`). Optional (`null` is `None`)
    /// for the same reason as `stringify`'s return: a record that is not
    /// JSON must not keep a table slot.
    #[cfg(feature = "census")]
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    pub(super) fn json_parse(text: &JsValue) -> Result<Option<js_sys::Object>, JsValue>;

    /// `JSON.stringify(v)`: its text, `None` for what JSON cannot represent
    /// (a function, a symbol, `undefined`). Not `js_sys::JSON::stringify`:
    /// an import returning an object that throws (a getter, a `toJSON`, a
    /// BigInt, a cycle) left one slot of wasm-bindgen's externref table
    /// taken per throw — its return value is put in the table before the
    /// exception is looked at. An optional return is put there by the JS
    /// glue, only when the call returned (tests/js/memory.test.mjs).
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify, catch)]
    fn stringify(v: &JsValue) -> Result<Option<js_sys::JsString>, JsValue>;

    /// `Reflect.get(target, key)` as a string, `None` for anything else; it
    /// throws for a target that is not an object, or a getter that throws
    /// (optional for the same reason as `stringify`'s return).
    #[wasm_bindgen(js_namespace = Reflect, js_name = get, catch)]
    fn get_text(target: &JsValue, key: &str) -> Result<Option<js_sys::JsString>, JsValue>;

    /// `encodeInto`'s answer: UTF-16 units read, bytes written.
    type EncodeIntoResult;
    #[wasm_bindgen(method, getter)]
    fn read(this: &EncodeIntoResult) -> f64;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeIntoResult) -> f64;
}

thread_local! {
    static ENCODER: TextEncoder = TextEncoder::new();
}

/// The most bytes `encodeInto` may be given room for: three per UTF-16 unit
/// of texts up to ~21,800 characters. Larger texts are measured first
/// (`encode`), so that wasm memory never grows for one that is refused, nor
/// by three times a large document's size.
const ENCODE_INTO_ROOM: usize = 64 * 1024;

/// A JS string's text, measured before it is copied: more UTF-16 units than
/// the limit is refused at once (UTF-8 never has fewer bytes than UTF-16
/// units); a text of at most 64 KiB of UTF-8 (three bytes per unit) is
/// written into wasm memory by `encodeInto`, then checked against the limit;
/// a larger one is encoded and measured in JS, then copied. Lone surrogates
/// become U+FFFD, as any JS string-to-UTF-8 conversion does. `None` for
/// other values.
pub(super) fn string(v: &JsValue, limit: usize) -> Option<Text> {
    let s = v.dyn_ref::<js_sys::JsString>()?;
    let units = usize::try_from(s.length()).unwrap_or(usize::MAX);
    if units > limit {
        return Some(Measured::TooLarge);
    }
    // Below a few hundred characters (options, small documents; at most 768
    // bytes) wasm-bindgen's own copy costs no more.
    if units < 256 {
        return v.as_string().map(Measured::Fits);
    }
    let room = units.saturating_mul(3);
    if room > ENCODE_INTO_ROOM {
        let bytes = ENCODER.with(|e| e.encode(v));
        return Some(match copy_bytes(&bytes, limit) {
            Some(bytes) => Measured::Fits(String::from_utf8(bytes).ok()?),
            None => Measured::TooLarge,
        });
    }
    let mut buf = vec![0u8; room];
    // Only the address crosses: no Rust reference is held while JS writes.
    let at = u32::try_from(buf.as_mut_ptr() as usize).ok()?;
    let (read, written) = encode_into(v, at, u32::try_from(room).ok()?)?;
    // Three bytes per unit always fit; the engine's own limit may be lower.
    if read < units || written > limit {
        return Some(Measured::TooLarge);
    }
    buf.truncate(written);
    String::from_utf8(buf).ok().map(Measured::Fits)
}

/// `TextEncoder.encodeInto(v, view)` over the `len` bytes at `at` in wasm
/// memory (a buffer the caller owns): the units read and bytes written.
/// Nothing runs in wasm while JS writes (no allocation can grow memory and
/// detach the view), and what JS writes are plain bytes into initialized
/// memory, as wasm-bindgen's own string passing does: no `unsafe` is needed.
fn encode_into(v: &JsValue, at: u32, len: u32) -> Option<(usize, usize)> {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().dyn_into().ok()?;
    let view = js_sys::Uint8Array::new_with_byte_offset_and_length(&memory.buffer(), at, len);
    let r = ENCODER.with(|e| e.encode_into(v, &view));
    // JS numbers: whole, and never more than the view holds (or 3 × that read).
    let count = |n: f64, max: f64| (n >= 0.0 && n <= max && n.fract() == 0.0).then_some(n as usize);
    Some((
        count(r.read(), f64::from(len) * 3.0)?,
        count(r.written(), f64::from(len))?,
    ))
}

/// A JS byte array's contents, or `None` (not copied) when over `limit`
/// (a Uint8Array the binding made, e.g. `TextEncoder.encode`'s).
fn copy_bytes(bytes: &js_sys::Uint8Array, limit: usize) -> Option<Vec<u8>> {
    match read(bytes, Kind::Bytes, limit) {
        Some(Measured::Fits(bytes)) => Some(bytes),
        _ => None,
    }
}

#[wasm_bindgen(module = "/src/wasm/bytes.js")]
extern "C" {
    /// How many elements `v` holds if it is a genuine typed array of the
    /// kind asked for (or an ArrayBuffer, kind 2), read through the
    /// platform's own accessors; -1 if not. It catches what it may throw,
    /// and `catch` makes sure nothing unwinds through Rust frames anyway.
    #[wasm_bindgen(js_name = elementCount, catch)]
    fn element_count(v: &JsValue, kind: u32) -> Result<f64, JsValue>;

    /// Copies the first `count` elements of `v` into wasm memory at byte
    /// `at` (a buffer the caller owns); false if it could not.
    #[wasm_bindgen(js_name = copyElements, catch)]
    fn copy_elements(v: &JsValue, kind: u32, memory: &JsValue, at: u32, count: u32) -> Result<bool, JsValue>;

    /// 1 if `v` is a Map or a Set of any realm, 2 if a Promise or another
    /// thenable, 0 otherwise (what `JSON.stringify` writes as `{}`).
    #[wasm_bindgen(js_name = misreadKind, catch)]
    fn misread_kind(v: &JsValue) -> Result<u32, JsValue>;
}

/// What `JSON.stringify` would write as `{}` whatever it holds: a Map or
/// a Set, of this realm (a Proxy of one too, by `instanceof`) or of
/// another (`misreadKind`: an iframe's, a `vm` context's); or a Promise
/// of any realm or another thenable (an `await` forgotten).
#[derive(PartialEq)]
enum Misread {
    Collection,
    Promise,
    Neither,
}

fn misread(v: &JsValue) -> Misread {
    if v.is_instance_of::<js_sys::Map>() || v.is_instance_of::<js_sys::Set>() {
        return Misread::Collection;
    }
    if v.is_instance_of::<js_sys::Promise>() {
        return Misread::Promise;
    }
    match misread_kind(v) {
        Ok(1) => Misread::Collection,
        Ok(2) => Misread::Promise,
        _ => Misread::Neither,
    }
}

/// What `bytes.js` is asked to read (its `kind`).
#[derive(Clone, Copy)]
pub(super) enum Kind {
    /// A Uint8Array (a Node Buffer is one).
    Bytes = 1,
    /// A Uint8Array or an ArrayBuffer.
    #[cfg(feature = "lifecycle")]
    BytesOrBuffer = 2,
    /// A Uint32Array.
    #[cfg(feature = "census")]
    Offsets = 3,
}

/// The element type of a `Kind`.
pub(super) trait Element: Copy + Default {}
impl Element for u8 {}
impl Element for u32 {}

/// How many elements `v` holds if it is genuinely what `kind` asks for:
/// measured through the platform's accessors, never `v`'s own properties
/// (a Proxy, a subclass with its own `length`, a look-alike object are
/// `None`). A view over a detached buffer holds 0.
pub(super) fn count(v: &JsValue, kind: Kind) -> Option<usize> {
    let n = element_count(v, kind as u32).ok()?;
    (n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX)).then_some(n as usize)
}

/// `v`'s elements (as `count` measured them, with no JS run since), copied
/// into a zeroed buffer of exactly that many: JS writes plain values into
/// initialized memory the caller owns, as `encode_into` does. Nothing runs
/// in wasm while JS writes, and no Rust reference to the buffer is held.
fn copy_counted<T: Element>(v: &JsValue, kind: Kind, count: usize) -> Option<Vec<T>> {
    let mut buf = vec![T::default(); count];
    if count == 0 {
        return Some(buf);
    }
    let at = u32::try_from(buf.as_mut_ptr() as usize).ok()?;
    let n = u32::try_from(count).ok()?;
    copy_elements(v, kind as u32, &wasm_bindgen::memory(), at, n)
        .ok()?
        .then_some(buf)
}

/// `v`'s elements if it is genuinely what `kind` asks for, measured before
/// the copy: more than `limit` is `TooLarge`, not copied. `None` for
/// anything else.
pub(super) fn read<T: Element>(v: &JsValue, kind: Kind, limit: usize) -> Option<Measured<Vec<T>>> {
    let n = count(v, kind)?;
    if n > limit {
        return Some(Measured::TooLarge);
    }
    copy_counted(v, kind, n).map(Measured::Fits)
}

/// Whether `v` looks like raw bytes: a Uint8Array (a Node Buffer is one),
/// an ArrayBuffer or a SharedArrayBuffer, by `instanceof` (a Proxy of one,
/// or a subclass, passes: it is refused as a document, and `bytes` does not
/// read it). wasm-bindgen's `instanceof` catches what it throws: a page
/// without `SharedArrayBuffer` (not cross-origin isolated) answers false.
pub(super) fn is_bytes(v: &JsValue) -> bool {
    v.is_instance_of::<js_sys::Uint8Array>()
        || v.is_instance_of::<js_sys::ArrayBuffer>()
        || v.is_instance_of::<js_sys::SharedArrayBuffer>()
}

#[cfg(feature = "lifecycle")]
/// A genuine Uint8Array's or ArrayBuffer's bytes, measured before the
/// copy (`read`); `None` for anything else. A detached buffer, or a view
/// over one, holds no bytes: it reads as empty.
pub(super) fn raw_bytes(v: &JsValue) -> Option<crate::api::Bytes> {
    read(v, Kind::BytesOrBuffer, DEFAULT_MAX_INPUT_BYTES)
}

#[cfg(feature = "lifecycle")]
/// A string's UTF-8, or a genuine Uint8Array's or ArrayBuffer's bytes
/// (`raw_bytes`), measured before the copy; `None` for other values.
pub(super) fn bytes(v: &JsValue) -> Option<crate::api::Bytes> {
    match string(v, DEFAULT_MAX_INPUT_BYTES) {
        Some(text) => Some(text.into()),
        None => raw_bytes(v),
    }
}

/// A document argument as JSON text: strings as given, other values
/// stringified (in JS); measured against `limit` before it is copied.
pub(super) fn document(v: &JsValue, what: &str, limit: usize) -> Arg<Text> {
    if let Some(text) = string(v, limit) {
        return Ok(text);
    }
    if v.is_undefined() {
        return Err(input::undefined(what));
    }
    // Checked before `JSON.stringify`, which reads these as something else.
    if is_bytes(v) || js_sys::ArrayBuffer::is_view(v) {
        return Err(input::bytes_not_document(what));
    }
    // A forgotten `await` (`readFile` without it) stringifies as `{}` too.
    match misread(v) {
        Misread::Collection => return Err(input::collection_not_document(what)),
        Misread::Promise => return Err(input::promise_not_document(what)),
        Misread::Neither => {}
    }
    value(v, what, limit)
}

/// A JSON value argument (`prepared.edit`'s `value`): always
/// `JSON.stringify`-ed, so that a string is a JSON string, not JSON text as
/// a document's string is; measured against `limit` before it is copied.
pub(super) fn value(v: &JsValue, what: &str, limit: usize) -> Arg<Text> {
    // As for documents: stringified, these read as numbered members or `{}`.
    if is_bytes(v) || js_sys::ArrayBuffer::is_view(v) {
        return Err(input::bytes_not_value(what));
    }
    if misread(v) == Misread::Collection {
        return Err(input::collection_not_document(what));
    }
    match stringify(v) {
        Ok(s) => s
            .and_then(|s| string(&s, limit))
            .map(|text| match text {
                Measured::Fits(t) => Measured::Fits(input::well_formed(t)),
                too_large => too_large,
            })
            .ok_or_else(|| input::not_representable(what)),
        Err(e) => {
            // Declared a string, but nothing checks it: a thrown `{ message:
            // [..600 items] }` read through `length`/`charCodeAt` imports
            // without `catch` threw through the wasm frames (review 26a #1).
            let why = get_text(&e, "message")
                .ok()
                .flatten()
                .filter(|m| m.is_string())
                .map(|m| message(&m));
            Err(input::not_convertible(what, &why.unwrap_or_default()))
        }
    }
}

/// The most UTF-16 units of a thrown message the engine copies into its
/// error: the message is the caller's (a getter can throw 100 MB of it),
/// and wasm memory never shrinks.
const MAX_MESSAGE_UNITS: u32 = 512;

/// A thrown message, cut to `MAX_MESSAGE_UNITS` in JS before it is copied.
fn message(m: &js_sys::JsString) -> String {
    if m.length() <= MAX_MESSAGE_UNITS {
        return m.as_string().unwrap_or_default();
    }
    // Never through a surrogate pair: its first half alone would be read as
    // U+FFFD, an astral digit (`𝟐`) or invisible character (U+E0020) lost.
    let units = input::cut_before_pair(MAX_MESSAGE_UNITS, m.char_code_at(MAX_MESSAGE_UNITS - 1));
    let head = m.slice(0, units).as_string().unwrap_or_default();
    input::cut_message(&head)
}

/// A document argument that may be absent: `null` or `undefined` is `None`.
pub(super) fn optional_document(v: &JsValue, what: &str, limit: usize) -> Arg<Option<Text>> {
    if v.is_null() || v.is_undefined() {
        return Ok(None);
    }
    document(v, what, limit).map(Some)
}

/// An options argument: absent, `null` or `undefined` is `None`; an object
/// is its JSON text, a string is taken as JSON text (as a document's is).
/// Options without a JSON form (circular, a BigInt) are INVALID_OPTIONS
/// (`input::options_error`).
///
/// Not serde-wasm-bindgen: reading `{ today }` with it was slower, not
/// faster (`validate("{}", { today })`: 8.4 µs this way, 10.2 µs through
/// serde-wasm-bindgen then text, 9.4 µs straight to a `Value`; Node 20,
/// `node bench/binding.mjs`, docs/performance.md), and it would change what
/// JS sees: a `Date` would read as `{}`, a BigInt would no longer be refused,
/// `{ k: undefined }` would name an unknown option.
pub(super) fn options(v: Option<&JsValue>) -> Arg<Option<Text>> {
    match v {
        Some(v) => optional_document(v, "options", DEFAULT_MAX_INPUT_BYTES).map_err(input::options_error),
        None => Ok(None),
    }
}

#[cfg(any(feature = "lifecycle", feature = "x12"))]
/// A JS number, `None` for anything else (the api says what was expected).
pub(super) fn number(v: &JsValue) -> Option<f64> {
    v.as_f64()
}

#[cfg(feature = "lifecycle")]
/// A signature argument: a string, `None` otherwise. One of another length
/// than `SIGNATURE_CHARS` is malformed whatever it holds: not copied, `""`.
pub(super) fn signature(v: &JsValue) -> Option<String> {
    let s = v.dyn_ref::<js_sys::JsString>()?;
    let fits = usize::try_from(s.length()).is_ok_and(|n| n == crate::api::lifecycle::SIGNATURE_CHARS);
    Some(if fits {
        v.as_string().unwrap_or_default()
    } else {
        String::new()
    })
}

/// A result for JS: the value as plain objects, or the error thrown.
pub(super) fn answer<T: Serialize>(result: Result<T, EngineError>) -> Result<JsValue, JsValue> {
    to_js(&result.map_err(|e| error(&e))?)
}

/// `answer` for the results written by hand (`output`: the preview, its
/// summary, validation and diff), the same text without serde's work per key.
pub(super) fn answer_written<T: WriteJson>(result: Result<T, EngineError>) -> Result<JsValue, JsValue> {
    to_js_written(&result.map_err(|e| error(&e))?)
}

/// A JS `Error` named EngineError with `code` and `issues` properties; its
/// message is scrubbed by `EngineError`'s Display, its issues by `to_js`.
pub(super) fn error(e: &EngineError) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("EngineError");
    let issues = to_js(&e.issues).unwrap_or_else(|_| js_sys::Array::new().into());
    // Setting properties on a fresh Error cannot fail; ignore the Results.
    let _ = Reflect::set(&err, &"code".into(), &e.code.as_str().into());
    let _ = Reflect::set(&err, &"issues".into(), &issues);
    err.into()
}

thread_local! {
    /// The results' JSON text, written into one buffer kept between calls: a
    /// preview's is ~10 KB, and a fresh `String` would grow (and copy) seven
    /// times on the way (docs/performance.md).
    static RESULT_TEXT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Past this, the buffer is let go after the call rather than kept.
const KEPT_RESULT_BYTES: usize = 1 << 20;

/// Serializes a result to JSON text through the privacy layer (SSNs masked
/// in every string and number) and parses it in JS (plain objects).
///
/// Small results too: building them with serde-wasm-bindgen
/// (`Serializer::json_compatible()` over `privacy::to_value`) was no faster
/// — `verifyCallback` 3.2 µs as text against 4.0 µs, `checkConfig` of Noyo's
/// example group 12.1 µs against 12.6 µs (`node bench/binding.mjs`,
/// docs/performance.md); the probe build with both paths was 17 KB larger.
pub(super) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let failed = |e: &dyn std::fmt::Display| JsValue::from_str(&e.to_string());
    RESULT_TEXT.with(|cell| {
        let Ok(mut buf) = cell.try_borrow_mut() else {
            // Only if JSON.parse ever called back into wasm: a fresh buffer.
            return JSON::parse(&crate::privacy::to_string(value).map_err(|e| failed(&e))?);
        };
        buf.clear();
        // Through the privacy layer: every string and number scrubbed.
        let parsed = crate::privacy::to_writer(&mut *buf, value)
            .map_err(|e| failed(&e))
            .and_then(|()| std::str::from_utf8(&buf).map_err(|e| failed(&e)))
            .and_then(JSON::parse);
        if buf.capacity() > KEPT_RESULT_BYTES {
            *buf = Vec::new();
        }
        parsed
    })
}

/// `to_js` for the results written by hand (`output::to_writer`: byte for
/// byte the privacy layer's text, tests/output.rs), into the same kept buffer.
pub(super) fn to_js_written<T: WriteJson + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let failed = |e: &dyn std::fmt::Display| JsValue::from_str(&e.to_string());
    RESULT_TEXT.with(|cell| {
        let mut fresh = Vec::new();
        // Only if JSON.parse ever called back into wasm: a fresh buffer.
        let mut kept = cell.try_borrow_mut().ok();
        let buf = kept.as_deref_mut().unwrap_or(&mut fresh);
        buf.clear();
        crate::output::to_writer(buf, value);
        let parsed = std::str::from_utf8(buf)
            .map_err(|e| failed(&e))
            .and_then(JSON::parse);
        if buf.capacity() > KEPT_RESULT_BYTES {
            *buf = Vec::new();
        }
        parsed
    })
}

/// `to_js_json` of a result written by hand (`output::to_writer_js`): the
/// serde path's text for a fraction of its cost (it was ~22 % of a census
/// record, docs/performance.md); that path when the hand-written text may
/// differ from what JS would write.
#[cfg(feature = "census")]
pub(super) fn to_js_json_written<T: WriteJson + Serialize>(value: &T) -> Result<js_sys::Uint8Array, JsValue> {
    let written = RESULT_TEXT.with(|cell| {
        let mut fresh = Vec::new();
        let mut kept = cell.try_borrow_mut().ok();
        let buf = kept.as_deref_mut().unwrap_or(&mut fresh);
        buf.clear();
        let exact = crate::output::to_writer_js(buf, value);
        let bytes = exact.then(|| js_sys::Uint8Array::from(buf.as_slice()));
        if buf.capacity() > KEPT_RESULT_BYTES {
            *buf = Vec::new();
        }
        bytes
    });
    match written {
        Some(bytes) => Ok(bytes),
        None => to_js_json(value),
    }
}

#[cfg(feature = "census")]
/// A result's JSON text as UTF-8 bytes for JS, through the privacy layer:
/// byte for byte what `JSON.stringify` writes of the object `to_js` would
/// give JS (`privacy::to_writer_js`; when it cannot tell, JS parses the
/// text and writes it again).
pub(super) fn to_js_json<T: Serialize + ?Sized>(value: &T) -> Result<js_sys::Uint8Array, JsValue> {
    let failed = |e: &dyn std::fmt::Display| JsValue::from_str(&e.to_string());
    RESULT_TEXT.with(|cell| {
        let mut fresh = Vec::new();
        let mut kept = cell.try_borrow_mut().ok();
        let buf = kept.as_deref_mut().unwrap_or(&mut fresh);
        buf.clear();
        let json = crate::privacy::to_writer_js(&mut *buf, value)
            .map_err(|e| failed(&e))
            .and_then(|exact| match exact {
                true => Ok(js_sys::Uint8Array::from(buf.as_slice())),
                false => {
                    let text = std::str::from_utf8(buf).map_err(|e| failed(&e))?;
                    let written = JSON::stringify(&JSON::parse(text)?)?;
                    Ok(ENCODER.with(|e| e.encode(written.as_ref())))
                }
            });
        if buf.capacity() > KEPT_RESULT_BYTES {
            *buf = Vec::new();
        }
        json
    })
}
