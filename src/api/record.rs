//! The census entries (`engine.previewRecord` and `engine.validateRecord`
//! in JS; docs/api.md, Census records): a census record's JSON text in,
//! the result's JSON text out, byte for byte what `JSON.stringify` writes of
//! the result `engine.preview` (`engine.validate`) returns for that record
//! as the command line read it — without the record parsed into JS objects
//! and stringified again for the engine, nor the result parsed into JS
//! objects and stringified again for the output line (two thirds of the
//! command line's JS time per record, docs/performance.md, Census).
//!
//! The output side is `privacy::to_writer_js`. Here, the input side:
//! `preview_record` splits the record as the command line's `family(text)`
//! did with `JSON.parse`:
//!
//! - an object with a member `current` is the family `{previous, current}`:
//!   `current` is the last member of that name (as JSON.parse keeps the
//!   last), `previous` the last of its name, none when absent or `null`;
//! - anything else — not JSON, not an object, an object without `current`
//!   — is a snapshot alone: no previous, the whole text current;
//! - a member that is a JSON string is a document's text (as
//!   `engine.preview` takes a JS string: `"{\"employee\": …}"` is read as
//!   that JSON); any other value is the document `JSON.stringify` writes of
//!   it, which the engine reads as the value's tree from the record (not
//!   written and parsed again) and that text's length (which counts in the
//!   differences' budget, `limits::result_budget`).
//!
//! JSON.parse and serde_json read a few texts differently, and JS writes
//! some values otherwise than the record has them. Where the document JS
//! would have handed the engine cannot be told here with certainty, the
//! answer is [`Record::AsJs`], and the binding splits the record with
//! JSON.parse as before — the same bytes, the JS cost:
//!
//! - the record is not JSON to serde_json (JSON.parse reads some of those:
//!   escapes of lone surrogates, numbers past `f64`, nesting past 128; a
//!   leading byte-order mark, which the engine's own reader skips);
//! - a document (a member that is not a string) has an integer past
//!   ±2^53 (JS rounds it), a key of digits (JSON.parse puts those first), a
//!   repeated key (JSON.parse keeps one), or a number whose shortest form
//!   has more than 15 digits (`jsjson`);
//! - a document has a number with a fraction or an exponent, and the record
//!   has a number written with an exponent or more than 15 digits
//!   (serde_json's reading of those is not always the nearest `f64`,
//!   JSON.parse's is; of the others it always is).
//!
//! Otherwise the tree is what JS's text of it would parse to, once each
//! number with a zero fraction is made an integer: JS writes `1.0` as `1`,
//! which the engine then reads as an integer (`1.0` is not one to it).

use std::borrow::Cow;

use serde_json::Number;

use super::input::{self, Arg, Measured, Text};
use crate::engine::Engine;
use crate::error::EngineError;
use crate::jsjson;
use crate::preview::{Preview, PreviewOptions};
use crate::read::json::{same_key, Json};
use crate::read::Source;

/// A census entry's answer.
#[derive(Debug)]
pub enum Record<T> {
    /// The engine's answer for the record.
    Answer(T),
    /// What JS reads in this record cannot be told here (see the module
    /// documentation): split it with JSON.parse, as the command line did
    /// (docs/api.md, Census records), and call `preview`.
    AsJs,
}

use jsjson::EXACT_INTEGER;

/// Members compared pairwise for a repeated key; more are sorted first.
const PAIRWISE_MEMBERS: usize = 16;

/// `engine.previewRecord(record, options)`: options first, then the record
/// (`Measured::TooLarge`: more UTF-16 units than the limit, a snapshot alone
/// too large, as `family` took it; the binding sends a text of more bytes
/// than the limit but fewer units the JS way).
pub fn preview_record(
    engine: &Engine,
    record: Arg<Text>,
    options: Arg<Option<Text>>,
) -> Result<Record<Preview>, EngineError> {
    let opts = PreviewOptions::from_json(&input::options(options?)?)?;
    let text = match record? {
        Measured::Fits(text) => text,
        Measured::TooLarge => {
            return Ok(Record::Answer(engine.preview_prepared(
                None,
                Source::TooLarge,
                &opts,
            )))
        }
    };
    Ok(preview_text(engine, &text, &opts))
}

/// `preview_record` of a record's text that fits the input limit.
fn preview_text(engine: &Engine, text: &str, opts: &PreviewOptions) -> Record<Preview> {
    let max = engine.max_input_bytes();
    match split(text) {
        Split::AsJs => Record::AsJs,
        // What the engine reads of the text itself: its tree, its length.
        Split::Alone(doc) => Record::Answer(engine.preview_tree(None, &doc, text.len(), opts)),
        Split::Family { previous, current } => {
            let previous = previous.map(|part| match part {
                Part::Text(t) => engine.prepare(measured(&t, max)),
                Part::Tree(doc, bytes) => engine.prepare_tree(&doc, bytes),
            });
            Record::Answer(match current {
                Part::Text(t) => engine.preview_prepared(previous.as_ref(), measured(&t, max), opts),
                Part::Tree(doc, bytes) => engine.preview_tree(previous.as_ref(), &doc, bytes, opts),
            })
        }
    }
}

#[cfg(feature = "census")]
/// What `preview_records` made of one line of its batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum LineAnswer {
    /// Not answered here: the caller answers the line as before
    /// (`previewRecord` of its decoded text, or the command line's own
    /// answers for a line that is not UTF-8 or is too large).
    Caller = 0,
    /// Its preview's JSON was written; the preview is valid.
    Valid = 1,
    /// Its preview's JSON was written; the preview is not valid.
    Invalid = 2,
    /// Only JSON whitespace (space, tab, CR, LF): no record.
    Blank = 3,
}

#[cfg(feature = "census")]
/// The answers of a batch of census lines: `json` holds the JSON of every
/// answered line, one after the other; line `k`'s is
/// `json[ends[k - 1]..ends[k]]` (from 0 for the first), empty when it was
/// not answered here.
#[derive(Debug, Default)]
pub struct RecordBatch {
    pub json: Vec<u8>,
    pub ends: Vec<u32>,
    pub answers: Vec<LineAnswer>,
}

#[cfg(feature = "census")]
/// A batch's answers stop growing past this many bytes: the lines after
/// are left to the caller (`LineAnswer::Caller`), so a batch never holds
/// more than one record's answer beyond it (each record's answer is bounded
/// by its own input, docs/api.md, Limits).
pub const MAX_BATCH_JSON: usize = 16 << 20;

#[cfg(feature = "census")]
/// `engine.previewRecords(bytes, lines, options)`: the census entry for a
/// whole batch of lines at once — `lines` holds each line's start and end
/// in `bytes` — so that a line costs no JS string, no copy of its own
/// into wasm memory, no options read and no JS object of its own (the
/// command line's batches, docs/performance.md, Census). Each line answered
/// here is byte for byte what `preview_record` of its text answers, written
/// as `previewRecord` writes it; anything that would have been answered
/// otherwise is left to the caller: a line that is not UTF-8, starts with a
/// byte-order mark (TextDecoder drops it), is over the input limit, must be
/// split by JSON.parse (`Record::AsJs`) or whose text only the serde path
/// writes as JS does. Lines out of order or overlapping are
/// `INVALID_ARGUMENT`: each byte is read once.
pub fn preview_records(
    engine: &Engine,
    bytes: &[u8],
    lines: &[u32],
    options: Arg<Option<Text>>,
) -> Result<RecordBatch, EngineError> {
    let opts = PreviewOptions::from_json(&input::options(options?)?)?;
    // Lines in order, none overlapping the one before: no byte is read
    // twice, so a call's work is bounded by its bytes.
    let mut last = 0;
    for range in lines.chunks_exact(2) {
        if let [start, end] = range {
            if *start < last || end < start {
                return Err(input::misuse(
                    "lines must be start and end offsets in order, each line after the one before",
                ));
            }
            last = *end;
        }
    }
    let mut batch = RecordBatch::default();
    for range in lines.chunks_exact(2) {
        let answer = match range {
            [start, end] if batch.json.len() <= MAX_BATCH_JSON => {
                let line = bytes.get(*start as usize..*end as usize);
                line.map_or(LineAnswer::Caller, |l| {
                    answer_line(engine, l, &opts, &mut batch.json)
                })
            }
            _ => LineAnswer::Caller,
        };
        batch.answers.push(answer);
        batch
            .ends
            .push(u32::try_from(batch.json.len()).unwrap_or(u32::MAX));
    }
    Ok(batch)
}

#[cfg(feature = "census")]
/// One line of `preview_records`: its answer, its JSON appended to `json`.
fn answer_line(engine: &Engine, line: &[u8], opts: &PreviewOptions, json: &mut Vec<u8>) -> LineAnswer {
    if line.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')) {
        return LineAnswer::Blank;
    }
    if line.len() > engine.max_input_bytes() || line.starts_with(b"\xEF\xBB\xBF") {
        return LineAnswer::Caller;
    }
    let Ok(text) = std::str::from_utf8(line) else {
        return LineAnswer::Caller;
    };
    let Record::Answer(preview) = preview_text(engine, text, opts) else {
        return LineAnswer::Caller;
    };
    let start = json.len();
    if !crate::output::to_writer_js(json, &preview) {
        json.truncate(start);
        return LineAnswer::Caller;
    }
    if preview.valid {
        LineAnswer::Valid
    } else {
        LineAnswer::Invalid
    }
}

/// A document's text as the binding hands it over: over `max` bytes, only
/// the news that it was too large (so it counts no bytes, as in JS).
fn measured(text: &str, max: usize) -> Source<'_> {
    if text.len() > max {
        Source::TooLarge
    } else {
        Source::Text(text)
    }
}

/// A record split as `family(text)` splits it.
enum Split<'a> {
    AsJs,
    /// A snapshot alone: the record's own tree.
    Alone(Json<'a>),
    Family {
        previous: Option<Part<'a>>,
        current: Part<'a>,
    },
}

/// A document of a family.
enum Part<'a> {
    /// A JSON string: its text is the document.
    Text(Cow<'a, str>),
    /// Any other value: the tree of `JSON.stringify`'s text of it, and that
    /// text's length in bytes.
    Tree(Json<'a>, usize),
}

fn split(text: &str) -> Split<'_> {
    let Ok(doc) = Json::parse(text) else {
        return Split::AsJs;
    };
    let mut root = match doc {
        Json::Object(root) if root.contains_key("current") => root,
        other => return Split::Alone(other),
    };
    let current = root.remove("current").unwrap_or(Json::Null);
    let previous = root.remove("previous").filter(|p| !p.is_null());
    let mut floats = false;
    let Some(current) = part(current, &mut floats) else {
        return Split::AsJs;
    };
    let previous = match previous.map(|p| part(p, &mut floats)) {
        Some(None) => return Split::AsJs,
        Some(Some(p)) => Some(p),
        None => None,
    };
    if floats && !plain_numbers(text) {
        return Split::AsJs;
    }
    Split::Family { previous, current }
}

/// A family member as a document; `None` when JS would hand the engine a
/// document that cannot be told here.
fn part<'a>(value: Json<'a>, floats: &mut bool) -> Option<Part<'a>> {
    match value {
        Json::String(text) => Some(Part::Text(text)),
        mut doc => {
            let bytes = as_js(&mut doc, floats)?;
            Some(Part::Tree(doc, bytes))
        }
    }
}

/// Makes `v` the tree JSON.stringify's text of it would parse to, and
/// returns that text's length in bytes; `None` when that cannot be told
/// here (module documentation). `floats`: whether a number had a fraction
/// or an exponent (its reading is then checked: `plain_numbers`).
fn as_js(v: &mut Json, floats: &mut bool) -> Option<usize> {
    Some(match v {
        Json::Null | Json::Bool(true) => 4,
        Json::Bool(false) => 5,
        Json::String(s) => js_string_len(s),
        Json::Number(n) => {
            if let Some(u) = n.as_u64() {
                (u <= EXACT_INTEGER).then(|| decimal_len(u))?
            } else if let Some(i) = n.as_i64() {
                (i.unsigned_abs() <= EXACT_INTEGER).then(|| 1 + decimal_len(i.unsigned_abs()))?
            } else {
                *floats = true;
                let d = n.as_f64()?;
                if d.fract() == 0.0 {
                    if d.abs() > EXACT_INTEGER as f64 {
                        return None;
                    }
                    // Within ±2^53 the conversion is exact; -0 is 0, as JS writes it.
                    let i = d as i64;
                    *n = if i >= 0 {
                        Number::from(i.unsigned_abs())
                    } else {
                        Number::from(i)
                    };
                    return Some(usize::from(i < 0) + decimal_len(i.unsigned_abs()));
                }
                // The shortest form serde_json writes of it, laid out as JS would.
                let mut buf = [0u8; jsjson::NUMBER_ROOM];
                jsjson::renumber(&n.to_string(), &mut buf)?
            }
        }
        Json::Array(items) => {
            let mut len = 2 + items.len().saturating_sub(1);
            for item in items.iter_mut() {
                len += as_js(item, floats)?;
            }
            len
        }
        Json::Object(m) => {
            if has_repeated_key(m.members()) {
                return None;
            }
            let members = m.members_mut();
            let mut len = 2 + members.len().saturating_sub(1);
            for (key, value) in members.iter_mut() {
                if jsjson::is_index_like(key) {
                    return None;
                }
                len += js_string_len(key) + 1 + as_js(value, floats)?;
            }
            len
        }
    })
}

/// The length of JSON.stringify's text of a string of the record: one
/// borrowed from the record had no escape there, so it has nothing JS
/// escapes (a quote, a backslash, a control) and is written as it is.
#[allow(clippy::ptr_arg)] // whether it is borrowed is the point
fn js_string_len(s: &Cow<'_, str>) -> usize {
    match s {
        Cow::Borrowed(s) => s.len() + 2,
        Cow::Owned(s) => jsjson::string_len(s),
    }
}

/// Digits of `u` in decimal.
fn decimal_len(u: u64) -> usize {
    u.checked_ilog10().map_or(1, |l| l as usize + 1)
}

/// Whether two members have the same key.
fn has_repeated_key(members: &[(Cow<'_, str>, Json<'_>)]) -> bool {
    if members.len() <= PAIRWISE_MEMBERS {
        let later = |i: usize| members.get(i + 1..).unwrap_or_default();
        return members
            .iter()
            .enumerate()
            .any(|(i, (k, _))| later(i).iter().any(|(other, _)| same_key(other, k)));
    }
    let mut keys: Vec<&str> = members.iter().map(|(k, _)| k.as_ref()).collect();
    crate::sort::sort(&mut keys);
    keys.windows(2).any(|w| w.first() == w.get(1))
}

/// Whether every number of a JSON text (one serde_json read) is written
/// without an exponent and with at most 15 digits: then serde_json reads
/// it as the nearest `f64` (an integer below 2^53 times or divided by an
/// exact power of ten), as JSON.parse does.
fn plain_numbers(text: &str) -> bool {
    let mut bytes = text.bytes();
    let mut in_number = false;
    let mut digits = 0;
    while let Some(b) = bytes.next() {
        match b {
            b'"' => {
                in_number = false;
                // Outside a number: skip the string, escapes included.
                while let Some(c) = bytes.next() {
                    match c {
                        b'\\' => {
                            bytes.next();
                        }
                        b'"' => break,
                        _ => {}
                    }
                }
            }
            b'0'..=b'9' => {
                if !in_number {
                    in_number = true;
                    digits = 0;
                }
                digits += 1;
                if digits > jsjson::UNIQUE_DIGITS {
                    return false;
                }
            }
            b'-' => {
                in_number = true;
                digits = 0;
            }
            b'.' => {}
            b'e' | b'E' if in_number => return false,
            _ => in_number = false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "census")]
    fn tree(text: &str) -> Option<(String, usize)> {
        let mut floats = false;
        let mut doc = Json::parse(text).ok()?;
        let len = as_js(&mut doc, &mut floats)?;
        // Numbers as JS writes them; keys in order here, as the tree has them.
        let mut out = Vec::new();
        crate::privacy::to_writer_js(&mut out, &doc).ok()?;
        Some((String::from_utf8(out).ok()?, len))
    }

    /// The tree is JSON.stringify(JSON.parse(text))'s (as Node writes it),
    /// the length that text's.
    #[test]
    #[cfg(feature = "census")]
    fn documents_are_what_js_would_write() {
        for (text, js) in [
            (
                r#"{"a": 1.0, "b": -0, "c": [1.50, 2e0, -3.0E0], "d": "\u00e9\n"}"#,
                r#"{"a":1,"b":0,"c":[1.5,2,-3],"d":"é\n"}"#,
            ),
            (
                r#"{"x": 9007199254740992, "y": -9007199254740992, "z": 0.000001}"#,
                r#"{"x":9007199254740992,"y":-9007199254740992,"z":0.000001}"#,
            ),
            (
                r#"[null, true, false, "\u0001"]"#,
                r#"[null,true,false,"\u0001"]"#,
            ),
            (r#"{}"#, r#"{}"#),
        ] {
            let (written, len) = tree(text).unwrap_or_default();
            assert_eq!(written, js, "{text}");
            assert_eq!(len, js.len(), "{text}");
        }
        for text in [
            r#"{"a": 9007199254740993}"#,
            r#"{"a": -9007199254740993}"#,
            r#"{"a": 1e16}"#,
            r#"{"a": 0.30000000000000004}"#,
            r#"{"a": 1, "a": 2}"#,
            r#"{"a": {"0": 1}}"#,
            r#"{"a": [{"12": 1}]}"#,
        ] {
            assert_eq!(tree(text), None, "{text}");
        }
        let many: String = (0..40).map(|k| format!("\"k{k}\": {k}, ")).collect();
        assert!(tree(&format!("{{{many}\"z\": 0}}")).is_some());
        assert_eq!(tree(&format!("{{{many}\"k7\": 0}}")), None);
    }

    #[test]
    fn plain_numbers_have_no_exponent_and_fifteen_digits_at_most() {
        assert!(plain_numbers(
            r#"{"a": [1.5, -0.25, 123456789012345, 12345678901234.5, true, false, null]}"#
        ));
        assert!(plain_numbers(
            r#"{"e": "1e5 and 1234567890123456789", "\"1e5": 1}"#
        ));
        for text in [
            "[1e5]",
            "[1E5]",
            "[1.5e-3]",
            "[1234567890123456]",
            "[0.0000000000000001]",
            r#"{"\\": 1e2}"#,
        ] {
            assert!(!plain_numbers(text), "{text}");
        }
    }

    #[test]
    fn records_split_as_the_command_line_split_them() {
        let family = |text: &str| match split(text) {
            Split::AsJs => "js".to_owned(),
            Split::Alone(_) => "alone".to_owned(),
            Split::Family { previous, current } => {
                let name = |p: &Part| match p {
                    Part::Text(t) => format!("text {t}"),
                    Part::Tree(doc, len) => {
                        let mut out = Vec::new();
                        doc.write_compact(&mut out);
                        format!("tree {} {len}", String::from_utf8_lossy(&out))
                    }
                };
                format!(
                    "{} / {}",
                    previous.as_ref().map_or("none".into(), name),
                    name(&current)
                )
            }
        };
        for (text, split) in [
            ("{\"current\": {\"a\": 1}}", "none / tree {\"a\":1} 7"),
            ("{\"previous\": null, \"current\": 5}", "none / tree 5 1"),
            ("{\"previous\": {}, \"current\": null}", "tree {} 2 / tree null 4"),
            (
                "{\"previous\": false, \"current\": \"{\\\"a\\\": 1}\"}",
                "tree false 5 / text {\"a\": 1}",
            ),
            (
                "{\"current\": 1, \"current\": 2, \"previous\": 3, \"previous\": null}",
                "none / tree 2 1",
            ),
            ("{\"curr\\u0065nt\": [1.0]}", "none / tree [1] 3"),
            ("{\"previous\": 1}", "alone"),
            ("[{\"current\": 1}]", "alone"),
            ("\"current\"", "alone"),
            ("{\"current\": 1", "js"),
            ("\u{feff}{\"current\": 1}", "js"),
            ("{\"current\": \"\\ud800\"}", "js"),
            ("{\"current\": [1e400]}", "js"),
            ("{\"current\": {\"0\": 1}}", "js"),
            ("{\"current\": {\"a\": 1, \"a\": 1}}", "js"),
            ("{\"current\": [1.5], \"other\": 1e2}", "js"),
            ("{\"current\": [1.5], \"other\": 2}", "none / tree [1.5] 5"),
            // Only the documents are judged: odd numbers elsewhere do not matter.
            (
                "{\"current\": [1], \"other\": [1e400, 9007199254740993, {\"0\": 1}]}",
                "js",
            ),
            (
                "{\"current\": [1], \"other\": [9007199254740993, {\"0\": 1, \"0\": 2}]}",
                "none / tree [1] 3",
            ),
        ] {
            assert_eq!(family(text), split, "{text}");
        }
    }
}
