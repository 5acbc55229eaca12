//! Turning input text into a JSON value, with the input-layer issues.

use serde_json::json;

use super::json::Json;

use super::walk::type_name;
use crate::diagnostic::catalogue as c;
use crate::diagnostic::issue::Issue;
use crate::diagnostic::render::{make_issue, params};

/// Default cap on a document's size: a family snapshot is a few KB; 4 MiB
/// leaves room for anything real and bounds the time a hostile input costs.
pub const DEFAULT_MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;

/// A document as it reaches the engine: its JSON text, or only the news that
/// it is larger than the limit. The JS binding measures a document before
/// copying it into wasm memory, so an oversized one never enters; it gets the
/// answer its text would have had (`input_too_large`). Every `&str` is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source<'a> {
    /// JSON text (it may still be over the limit: that is checked here).
    Text(&'a str),
    /// Measured outside and found over the limit; the text was never copied.
    TooLarge,
}

impl<'a> From<&'a str> for Source<'a> {
    fn from(text: &'a str) -> Self {
        Source::Text(text)
    }
}

impl<'a> From<&'a String> for Source<'a> {
    fn from(text: &'a String) -> Self {
        Source::Text(text)
    }
}

/// The fatal `input_too_large` issue. Only the limit is told, grouped in
/// thousands: the size itself is not needed to act on it, and a nine-digit
/// byte count would read as an SSN.
pub fn too_large(max_bytes: usize) -> Issue {
    let mut issue = make_issue(
        c::INPUT_TOO_LARGE,
        String::new(),
        params(json!({ "limit": max_bytes })),
    );
    issue.message = format!(
        "The document is more than {} bytes, the input limit; it is not read.",
        thousands(max_bytes)
    );
    issue
}

/// 4194304 → "4,194,304".
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// Parses `text` as JSON. A leading byte-order mark is ignored (files saved by
/// Windows tools carry one). Nesting deeper than 127 levels (the 128th) is a syntax error
/// (serde_json's recursion limit), so no input can exhaust the stack.
pub(crate) fn parse<'a>(source: impl Into<Source<'a>>, max_bytes: usize) -> Result<Json<'a>, Box<Issue>> {
    let text = match source.into() {
        Source::Text(text) if text.len() <= max_bytes => text,
        _ => return Err(Box::new(too_large(max_bytes))),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Json::parse(text).map_err(|e| {
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let reason = full.strip_suffix(&suffix).unwrap_or(&full);
        let p = json!({ "reason": reason, "line": e.line(), "column": e.column() });
        Box::new(make_issue(c::JSON_SYNTAX, String::new(), params(p)))
    })
}

/// Raw bytes as text (a callback body received as bytes): their UTF-8, or
/// the fatal `invalid_encoding` issue at the first invalid byte (line and
/// column from 1, the column in bytes). Never read with replacement
/// characters, which would pass corrupted names. A leading byte-order mark
/// stays (`parse` ignores it).
pub fn utf8(bytes: &[u8]) -> Result<&str, Box<Issue>> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
        let line = 1 + valid.iter().filter(|&&b| b == b'\n').count();
        let start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = 1 + valid.len() - start;
        let p = json!({ "line": line, "column": column });
        Box::new(make_issue(c::INVALID_ENCODING, String::new(), params(p)))
    })
}

/// The `not_an_object` issue for a root value of another type.
pub(crate) fn not_an_object(v: &Json) -> Issue {
    make_issue(
        c::NOT_AN_OBJECT,
        String::new(),
        params(json!({ "actual": type_name(v) })),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_that_are_not_utf8_are_an_invalid_encoding_issue() {
        assert_eq!(utf8(b"{\"a\": 1}").ok(), Some("{\"a\": 1}"));
        let issue = utf8(b"{\n \"name\": \"Jos\xe9\"}").err().map(|i| *i);
        let issue = issue.unwrap_or_else(|| too_large(0));
        assert_eq!(issue.code, "invalid_encoding");
        assert_eq!(
            serde_json::Value::Object(issue.params),
            json!({ "line": 2, "column": 14 })
        );
        assert_eq!(
            issue.message,
            "Line 2 is not UTF-8 text (an invalid byte at column 14); it is not read: save the file as UTF-8 (it may be Latin-1 or Windows-1252) and run again."
        );
    }

    #[test]
    fn too_large_tells_the_limit_only() {
        let issue = too_large(DEFAULT_MAX_INPUT_BYTES);
        assert_eq!(issue.code, "input_too_large");
        assert_eq!(issue.path, "");
        assert_eq!(
            issue.message,
            "The document is more than 4,194,304 bytes, the input limit; it is not read."
        );
        assert_eq!(
            serde_json::Value::Object(issue.params),
            json!({ "limit": 4_194_304 })
        );
        assert_eq!(
            parse(Source::TooLarge, 10).err().map(|i| i.message),
            Some(too_large(10).message)
        );
        assert_eq!(
            parse("12345678901", 10).err().map(|i| i.code),
            Some("input_too_large".into())
        );
        assert!(parse("1234567890", 10).is_ok());
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(123_456_789), "123,456,789");
    }
}
