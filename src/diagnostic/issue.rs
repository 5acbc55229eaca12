//! The Issue type every layer reports, and SSN masking for its text
//! (delegating to `crate::privacy`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::catalogue::Rule;

use crate::model::enums::string_enum;
use crate::model::LineOfCoverage;

string_enum!(
    /// How bad an issue is. Only `fatal` and `error` block carriers.
    Severity {
        /// The document cannot be processed at all: blocks every carrier.
        Fatal = "fatal",
        /// A carrier would reject it: blocks the carriers in `carrier_ids`.
        Error = "error",
        /// Worth a look; blocks nothing.
        Warning = "warning",
        /// For the record (e.g. a waive); blocks nothing.
        Info = "info",
    }
);

impl Severity {
    /// Whether an issue of this severity blocks the carriers it names.
    pub fn blocks(self) -> bool {
        matches!(self, Severity::Fatal | Severity::Error)
    }
}

/// One problem found in an input document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Issue {
    /// Stable code, documented in docs/rules.md.
    pub code: String,
    pub severity: Severity,
    /// RFC 6901 JSON Pointer into the input ("" is the whole document).
    pub path: String,
    /// The rule's template filled with `params`; SSNs masked.
    pub message: String,
    /// The values the message was made from; SSNs masked.
    pub params: Map<String, Value>,
    /// Carriers this issue blocks (empty for warnings and info).
    pub carrier_ids: Vec<String>,
    pub line_of_coverage: Option<LineOfCoverage>,
}

/// Masks a value known to be a social security number (an `ssn` field),
/// whatever its shape: every digit but the last four becomes `*`. Text that
/// merely might hold one goes through `crate::privacy::scrub`.
pub fn mask_ssn(s: &str) -> String {
    let is_digit = |c: char| crate::privacy::is_digit(c);
    let digits = s.chars().filter(|&c| is_digit(c)).count();
    let mut seen = 0;
    s.chars()
        .map(|c| {
            if is_digit(c) {
                seen += 1;
                if seen + 4 <= digits {
                    return '*';
                }
            }
            c
        })
        .collect()
}

/// Masks everything in free text that could be a full SSN: `crate::privacy::scrub`.
/// Applied to every message and string param when an issue is made, so native
/// users of the structs are covered too; the output layer applies it again.
pub fn scrub_ssns(text: &str) -> String {
    crate::privacy::scrub(text).into_owned()
}

/// Fills `{name}` placeholders from params; strings unquoted, lists comma-joined.
pub(crate) fn render(template: &str, params: &Map<String, Value>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        let after = after.get(1..).unwrap_or_default();
        match after.find('}') {
            Some(close) => {
                let name = after.get(..close).unwrap_or_default();
                match params.get(name) {
                    Some(v) => display_into(&mut out, v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = after.get(close + 1..).unwrap_or_default();
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn display_into(out: &mut String, v: &Value) {
    match v {
        Value::String(s) => out.push_str(s),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                display_into(out, item);
            }
        }
        other => out.push_str(&other.to_string()),
    }
}

/// Builds an issue at `path` from a rule and params; quotes input text
/// (`limits::quote_params`) and scrubs SSN-like text.
pub(crate) fn make_issue(rule: &Rule, path: String, mut params: Map<String, Value>) -> Issue {
    super::limits::quote_params(&mut params);
    for v in params.values_mut() {
        *v = crate::privacy::scrub_value(std::mem::take(v));
    }
    Issue {
        code: rule.code.to_owned(),
        severity: rule.severity,
        path: scrub_ssns(&path),
        message: scrub_ssns(&render(rule.template, &params)),
        params,
        carrier_ids: Vec::new(),
        line_of_coverage: None,
    }
}

/// Turns `json!({...})` into a params map (non-objects give an empty map).
pub(crate) fn params(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn render_fills_and_keeps_unknown() {
        let p = params(json!({"a": "x", "n": 3, "l": ["p", "q"]}));
        assert_eq!(render("{a} {n} {l} {zz} {", &p), "x 3 p, q {zz} {");
    }

    #[test]
    fn masks_all_but_last_four() {
        assert_eq!(mask_ssn("123456789"), "*****6789");
        assert_eq!(mask_ssn("123-45-6789"), "***-**-6789");
        assert_eq!(mask_ssn("12"), "12");
    }

    #[test]
    fn scrubs_ssn_shapes_only() {
        assert_eq!(scrub_ssns("ssn 987654321 is bad"), "ssn *****4321 is bad");
        assert_eq!(scrub_ssns("123-45-6789"), "***-**-6789");
        assert_eq!(scrub_ssns("123 45 6789."), "*** ** 6789.");
        assert_eq!(scrub_ssns("+12065551234"), "+12065551234");
        assert_eq!(scrub_ssns("2022-01-01"), "2022-01-01");
        assert_eq!(scrub_ssns("1234567890"), "1234567890");
        assert_eq!(
            scrub_ssns("ab740704-7c37-4010-92b3-d22c6926be3e"),
            "ab740704-7c37-4010-92b3-d22c6926be3e"
        );
        assert_eq!(scrub_ssns("x123456789"), "x*****6789");
    }
}
