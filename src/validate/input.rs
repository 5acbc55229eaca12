//! Turning input text into a JSON value, with the input-layer issues.

use serde_json::json;

use super::json::Json;

use super::catalogue as c;
use super::issue::Issue;
use super::walk::{make_issue, params, type_name};

/// Default cap on a document's size: a family snapshot is a few KB; 4 MiB
/// leaves room for anything real and bounds the time a hostile input costs.
pub const DEFAULT_MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;

/// Parses `text` as JSON. A leading byte-order mark is ignored (files saved by
/// Windows tools carry one). Nesting deeper than 128 is a syntax error
/// (serde_json's recursion limit), so no input can exhaust the stack.
pub(crate) fn parse(text: &str, max_bytes: usize) -> Result<Json<'_>, Box<Issue>> {
    if text.len() > max_bytes {
        let p = json!({ "bytes": text.len(), "limit": max_bytes });
        return Err(Box::new(make_issue(c::INPUT_TOO_LARGE, String::new(), params(p))));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Json::parse(text).map_err(|e| {
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let reason = full.strip_suffix(&suffix).unwrap_or(&full);
        let p = json!({ "reason": reason, "line": e.line(), "column": e.column() });
        Box::new(make_issue(c::JSON_SYNTAX, String::new(), params(p)))
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
