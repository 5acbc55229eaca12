//! The Issue type every layer reports, and SSN masking for its text
//! (delegating to `crate::privacy`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

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
#[cfg_attr(test, derive(ts_rs::TS))]
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
    /// Carriers this issue blocks (empty for warnings and info); in
    /// `export834`'s issues, whatever their severity, the file's carrier.
    pub carrier_ids: Vec<String>,
    pub line_of_coverage: Option<LineOfCoverage>,
}

/// Masks a value known to be a social security number (an `ssn` field),
/// whatever its shape: every digit but the last four becomes `*`, and every
/// digit of a value with fewer than nine — an SSN being typed, one keystroke
/// after another (`219-4`, `219-45`, …), would otherwise show each hidden
/// digit in turn as one of its last four (user review 25d). Text that
/// merely might hold one goes through `crate::privacy::scrub`.
pub fn mask_ssn(s: &str) -> String {
    let is_digit = |c: char| crate::privacy::is_digit(c);
    let digits = s.chars().filter(|&c| is_digit(c)).count();
    let shown = if digits < 9 { 0 } else { 4 };
    let mut seen = 0;
    s.chars()
        .map(|c| {
            if is_digit(c) {
                seen += 1;
                if seen + shown <= digits {
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

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn masks_all_but_last_four() {
        assert_eq!(mask_ssn("123456789"), "*****6789");
        assert_eq!(mask_ssn("123-45-6789"), "***-**-6789");
        assert_eq!(mask_ssn("12"), "**");
        assert_eq!(mask_ssn("219-45-387"), "***-**-***");
        assert_eq!(mask_ssn("2194538761"), "******8761");
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
