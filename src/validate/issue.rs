//! The Issue type every layer reports, and SSN masking for its text.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::LineOfCoverage;

/// How bad an issue is. Only `fatal` and `error` block carriers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document cannot be processed at all: blocks every carrier.
    Fatal,
    /// A carrier would reject it: blocks the carriers in `carrier_ids`.
    Error,
    /// Worth a look; blocks nothing.
    Warning,
    /// For the record (e.g. a waive); blocks nothing.
    Info,
}

impl Severity {
    /// Whether an issue of this severity blocks the carriers it names.
    pub fn blocks(self) -> bool {
        matches!(self, Severity::Fatal | Severity::Error)
    }

    /// Lower-case wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Fatal => "fatal",
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
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

/// Masks a social security number: every digit but the last four becomes `*`.
pub fn mask_ssn(s: &str) -> String {
    let digits = s.bytes().filter(u8::is_ascii_digit).count();
    let mut seen = 0;
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                seen += 1;
                if seen + 4 <= digits {
                    return '*';
                }
            }
            c
        })
        .collect()
}

/// Masks everything in free text that could be a full SSN: a run of exactly
/// nine digits, or `ddd-dd-dddd` / `ddd dd dddd`. Longer digit runs (phone
/// numbers, ids) are left alone. Applied to every message and string param, so
/// no rule can leak an SSN by quoting a value it did not expect to hold one.
pub fn scrub_ssns(text: &str) -> String {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let starts_run = chars.get(i).is_some_and(char::is_ascii_digit)
            && (i == 0 || !chars.get(i - 1).is_some_and(char::is_ascii_digit));
        if starts_run {
            if let Some(len) = ssn_len_at(&chars, i) {
                let end = i + len;
                let piece: String = chars.get(i..end).unwrap_or_default().iter().collect();
                out.push_str(&mask_ssn(&piece));
                i = end;
                continue;
            }
        }
        if let Some(c) = chars.get(i) {
            out.push(*c);
        }
        i += 1;
    }
    out
}

/// Length of an SSN-shaped token starting at `i`, if it is not part of a longer number.
fn ssn_len_at(chars: &[char], i: usize) -> Option<usize> {
    let digit = |k: usize| chars.get(k).is_some_and(char::is_ascii_digit);
    let run = (i..).take_while(|&k| digit(k)).count();
    if run == 9 {
        return Some(9);
    }
    if run == 3 {
        for sep in ['-', ' '] {
            let at = |k: usize, c: char| chars.get(k) == Some(&c);
            let shaped = at(i + 3, sep)
                && digit(i + 4)
                && digit(i + 5)
                && at(i + 6, sep)
                && (i + 7..i + 11).all(digit)
                && !digit(i + 11);
            if shaped {
                return Some(11);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

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
