//! Arguments as a binding hands them over, and the errors for arguments the
//! API cannot take.

use serde_json::Value;

use crate::error::{EngineError, ErrorCode};
pub use crate::read::json::{MAX_ARGUMENT_OBJECTS, MAX_ARGUMENT_VALUES};
use crate::validate::{Source, DEFAULT_MAX_INPUT_BYTES};

/// An argument as it entered memory: its content, or only the news that it
/// was over the limit (then nothing was copied: wasm linear memory never
/// shrinks, so a 300 MB string copied in and then refused would stay held).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Measured<T> {
    Fits(T),
    TooLarge,
}

/// A document or options argument as JSON text.
pub type Text = Measured<String>;

/// Raw bytes (a callback body or secret).
pub type Bytes = Measured<Vec<u8>>;

/// A converted argument, or the error converting it raised.
pub type Arg<T> = Result<T, EngineError>;

impl Text {
    /// The text as the core reads documents: over the limit is
    /// `Source::TooLarge`, answered as an oversized document.
    pub fn source(&self) -> Source<'_> {
        match self {
            Measured::Fits(t) => Source::Text(t),
            Measured::TooLarge => Source::TooLarge,
        }
    }
}

impl From<Text> for Bytes {
    /// A string's UTF-8 bytes.
    fn from(text: Text) -> Bytes {
        match text {
            Measured::Fits(s) => Measured::Fits(s.into_bytes()),
            Measured::TooLarge => Measured::TooLarge,
        }
    }
}

/// INVALID_ARGUMENT with `message`.
pub fn misuse(message: &str) -> EngineError {
    EngineError::new(ErrorCode::InvalidArgument, message)
}

/// The error for an argument over the input limit (4 MiB): `code`, and the
/// `input_too_large` issue.
pub fn too_large(code: ErrorCode, what: &str) -> EngineError {
    let issue = crate::validate::too_large(DEFAULT_MAX_INPUT_BYTES);
    let mut e = EngineError::new(code, format!("{what}: {}", issue.message));
    e.issues = vec![issue];
    e
}

/// A document argument that is `undefined`.
pub fn undefined(what: &str) -> EngineError {
    misuse(&format!("{what} is missing (undefined)"))
}

/// A document argument given as raw bytes (a Buffer, a Uint8Array, an
/// ArrayBuffer, a DataView): `JSON.stringify` would read it as an object of
/// numbered members, answered with missing-field issues that hide the
/// mistake (a file read without its encoding).
pub fn bytes_not_document(what: &str) -> EngineError {
    misuse(&format!(
        "{what} is bytes, not a document: give its text (new TextDecoder().decode(bytes), or read the file as 'utf8') or the parsed object"
    ))
}

/// A JSON value argument (`prepared.edit`'s) given as raw bytes, which
/// `JSON.stringify` writes as an object of numbered members.
pub fn bytes_not_value(what: &str) -> EngineError {
    misuse(&format!(
        "{what} is bytes, which JSON cannot hold: give a string, a number or an array of numbers"
    ))
}

/// A document argument given as a `Map` or `Set`, which `JSON.stringify`
/// writes as `{}` whatever they hold.
pub fn collection_not_document(what: &str) -> EngineError {
    misuse(&format!(
        "{what} is a Map or Set, which JSON cannot hold: give a plain object (Object.fromEntries(map))"
    ))
}

/// A document argument given as a Promise (an `await` forgotten), which
/// `JSON.stringify` writes as `{}`.
pub fn promise_not_document(what: &str) -> EngineError {
    misuse(&format!(
        "{what} is a Promise: await it, then give its text or object"
    ))
}

/// A document argument JSON cannot represent (a function, a symbol).
pub fn not_representable(what: &str) -> EngineError {
    misuse(&format!("{what} cannot be represented as JSON"))
}

/// A document argument whose conversion to JSON threw (`why`: the thrown
/// message, e.g. a circular structure or a BigInt).
/// The head of a thrown message cut (by the binding) before it was copied,
/// marked with `…`: backed off from the digits and separators the cut may
/// have gone through (`model::text::cut_tail`: a cut SSN is not masked).
pub fn cut_message(head: &str) -> String {
    format!("{}…", crate::model::text::cut_tail(head))
}

/// Where to cut a JS string at `units` UTF-16 units, `last` being the unit
/// before the cut (`charCodeAt(units - 1)`): one unit earlier when that is
/// the first half of a surrogate pair, so the cut never splits a character.
pub fn cut_before_pair(units: u32, last: f64) -> u32 {
    let high = (f64::from(0xD800u16)..f64::from(0xDC00u16)).contains(&last);
    units.saturating_sub(u32::from(high))
}

pub fn not_convertible(what: &str, why: &str) -> EngineError {
    // An EngineError thrown by the value's own `toJSON` (a PreparedSnapshot
    // given as a document) already names its code: said once, not twice.
    let codes = [
        ErrorCode::InvalidArgument,
        ErrorCode::InvalidOptions,
        ErrorCode::InvalidConfig,
    ];
    let why = codes
        .iter()
        .find_map(|c| why.strip_prefix(c.as_str())?.strip_prefix(": "))
        .unwrap_or(why);
    // A thrown value that is no Error (or has no text message) is not
    // quoted: nothing to say after the colon (review 31a).
    match why.trim() {
        "" => misuse(&format!("{what} cannot be converted to JSON")),
        why => misuse(&format!("{what} cannot be converted to JSON: {why}")),
    }
}

/// An options argument that could not be read (no JSON form: circular, a
/// BigInt, a getter that throws) is INVALID_OPTIONS, as options of the
/// wrong shape are: the caller's mistake is the options.
pub fn options_error(mut e: EngineError) -> EngineError {
    e.code = ErrorCode::InvalidOptions;
    e
}

/// An options argument as JSON: absent (`None`) is `null`; text over the
/// limit or not JSON is INVALID_OPTIONS (what it holds is then checked by
/// `api::options`, which says what was expected).
pub fn options(text: Option<Text>) -> Result<Value, EngineError> {
    match text {
        None => Ok(Value::Null),
        Some(Measured::TooLarge) => Err(too_large(ErrorCode::InvalidOptions, "options")),
        Some(Measured::Fits(t)) => {
            bounded(&t, "options").map_err(options_error)?;
            serde_json::from_str(&t).map_err(|_| {
                EngineError::new(
                    ErrorCode::InvalidOptions,
                    "options cannot be read as JSON: give an object",
                )
            })
        }
    }
}

/// INVALID_ARGUMENT for JSON text holding more values or objects than any
/// real argument (`read::json::within`), checked before serde_json builds it.
fn bounded(text: &str, what: &str) -> Result<(), EngineError> {
    use crate::read::json::{within, Excess};
    match within(text) {
        Ok(()) => Ok(()),
        Err(Excess::Values) => Err(misuse(&format!(
            "{what} holds more than {MAX_ARGUMENT_VALUES} JSON values (list items and object members); it is not read"
        ))),
        Err(Excess::Objects) => Err(misuse(&format!(
            "{what} holds more than {MAX_ARGUMENT_OBJECTS} JSON objects; it is not read"
        ))),
    }
}

/// A JSON argument (an object or JSON text) as a value; text that is not
/// JSON, over the limit, or holding more values or objects than any real
/// argument (`bounded`), is INVALID_ARGUMENT.
pub fn json(text: Text, what: &str) -> Result<Value, EngineError> {
    let Measured::Fits(t) = text else {
        return Err(too_large(ErrorCode::InvalidArgument, what));
    };
    bounded(&t, what)?;
    serde_json::from_str(&t).map_err(|e| {
        misuse(&format!(
            "{what} is not JSON: {}",
            crate::privacy::serde_reason(&e)
        ))
    })
}

/// `JSON.stringify`'s text of a JS value with every lone surrogate escape
/// (`\ud800`, a UTF-16 half without its pair, which a JS string may hold)
/// written `\ufffd` in place (same length): serde_json refuses lone
/// surrogates, so an object holding one was a fatal `json_syntax` at `""`
/// whose column was in a text the caller never saw. A string passed as text
/// gets U+FFFD from the UTF-8 conversion already; objects now read the same.
/// Escapes of a well-formed pair are kept.
pub fn well_formed(text: String) -> String {
    if !text.contains("\\ud") && !text.contains("\\uD") {
        return text;
    }
    let mut bytes = text.into_bytes();
    let unit = |b: &[u8], at: usize| -> Option<u16> {
        let hex = b.get(at..at + 6)?;
        if hex.first() != Some(&b'\\') || hex.get(1) != Some(&b'u') {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(hex.get(2..)?).ok()?, 16).ok()
    };
    let mut i = 0;
    while let Some(at) = bytes.get(i..).and_then(|b| b.iter().position(|&c| c == b'\\')) {
        i += at;
        match unit(&bytes, i) {
            Some(0xD800..=0xDBFF) if matches!(unit(&bytes, i + 6), Some(0xDC00..=0xDFFF)) => i += 12,
            Some(0xD800..=0xDFFF) => {
                if let Some(hex) = bytes.get_mut(i + 2..i + 6) {
                    hex.copy_from_slice(b"fffd");
                }
                i += 6;
            }
            // Any other escape is two bytes or more: `\\` must not be read
            // as the start of the next escape.
            _ => i += 2,
        }
    }
    // Only ASCII hex digits were written over ASCII hex digits.
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{cut_before_pair, cut_message, well_formed};

    /// A thrown message is cut at 512 UTF-16 units, never through a
    /// surrogate pair, and what it ends in of an SSN goes (review: a cut
    /// through the ninth of nine mathematical bold digits left U+FFFD after
    /// eight of them, and the back-off stopped there).
    #[test]
    fn a_thrown_message_is_cut_before_a_pair_and_its_digits() {
        assert_eq!(cut_before_pair(512, f64::from(0xD835u16)), 511);
        assert_eq!(cut_before_pair(512, f64::from(0xDBFFu16)), 511);
        assert_eq!(cut_before_pair(512, f64::from(0xDC00u16)), 512);
        assert_eq!(cut_before_pair(512, f64::from(b'x')), 512);
        assert_eq!(cut_before_pair(512, f64::NAN), 512);
        let bold = |digits: &str| -> String {
            digits
                .chars()
                .map(|d| char::from_u32(0x1D7CE + d.to_digit(10).unwrap_or(0)).unwrap_or(d))
                .collect()
        };
        let pad = "x".repeat(495);
        // Cut before the ninth digit's pair: eight whole digits.
        assert_eq!(
            cut_message(&format!("{pad}{}", bold("21945387"))),
            format!("{pad}…")
        );
        // Cut through it, as before: U+FFFD after them.
        assert_eq!(
            cut_message(&format!("{pad}{}\u{FFFD}", bold("21945387"))),
            format!("{pad}…")
        );
        // ASCII digits with an invisible astral character among them.
        let pad = "x".repeat(504);
        assert_eq!(cut_message(&format!("{pad}2194538\u{FFFD}")), format!("{pad}…"));
        assert_eq!(cut_message(&format!("{pad}219453\u{E0020}8")), format!("{pad}…"));
        // A whole SSN ending at the cut: none of it stays.
        let pad = "x".repeat(503);
        assert_eq!(cut_message(&format!("{pad}219453876")), format!("{pad}…"));
    }

    #[test]
    fn lone_surrogate_escapes_become_replacement_characters() {
        let cases = [
            (r#"{"a":"x\ud800y"}"#, r#"{"a":"x\ufffdy"}"#),
            (r#"{"a":"\udc00"}"#, r#"{"a":"\ufffd"}"#),
            (r#"{"\ud800":1}"#, r#"{"\ufffd":1}"#),
            (r#"{"a":"\ud83d\ude00 \ud83d"}"#, r#"{"a":"\ud83d\ude00 \ufffd"}"#),
            (r#"{"a":"\\ud800"}"#, r#"{"a":"\\ud800"}"#),
            (r#"{"a":"\\\ud800"}"#, r#"{"a":"\\\ufffd"}"#),
            (r#"{"a":"\"\u0041"}"#, r#"{"a":"\"\u0041"}"#),
            (r#"{"a":"\ud8"}"#, r#"{"a":"\ud8"}"#),
        ];
        for (text, want) in cases {
            let got = well_formed(text.to_owned());
            assert_eq!(got, want, "{text}");
            assert!(serde_json::from_str::<serde_json::Value>(&got).is_ok() || text.ends_with(r#"\ud8"}"#));
        }
    }
}
