//! Snapshot text made fit for X12 elements: upper case, letters outside
//! ASCII written without their accents, characters X12 cannot carry (or
//! that are the file's separators) written as spaces, values cut to their
//! element's length. Each change is a warning (`edi_value_altered`) naming
//! the element and the person, never the value.

use serde_json::json;

#[cfg(test)]
use crate::config::x12::carries;
use crate::config::x12::{note, spelled};
use crate::diagnostic::codes::x12 as x;
use crate::diagnostic::limits::Overflow;
use crate::diagnostic::{make_issue_at, Issue, Severity};

/// Collects the warnings of the values it cleans.
#[derive(Debug)]
pub(crate) struct Clean {
    pub issues: Vec<Issue>,
    /// A required value could not be written: the family is left out.
    pub unwritable: bool,
    /// How many issues may still be built (the room left in the result's
    /// list, `limits::Bounded`); past it they are counted in `unlisted`.
    pub room: usize,
    pub unlisted: Overflow,
}

impl Default for Clean {
    fn default() -> Self {
        Clean {
            issues: Vec::new(),
            unwritable: false,
            room: usize::MAX,
            unlisted: Overflow::default(),
        }
    }
}

/// Where a cleaned value comes from, for its warning.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Origin<'a> {
    /// The element, e.g. `NM103`.
    pub element: &'static str,
    /// Whose value it is ("Maria Rivera").
    pub name: &'a str,
    /// Its pointer in the current snapshot.
    pub path: &'a str,
}

impl Clean {
    /// `value` as element `origin.element` of at most `max` characters
    /// (upper case when `upper`); `None` when nothing is left of it.
    pub fn element(&mut self, value: &str, max: usize, upper: bool, origin: Origin) -> Option<String> {
        let mut reasons: Vec<&str> = Vec::new();
        let mut trimmed = spelled(value, &mut reasons);
        if upper {
            trimmed.make_ascii_uppercase();
        }
        let mut kept: String = trimmed.chars().take(max).collect();
        if kept.len() < trimmed.len() {
            note(&mut reasons, "cut to the element's maximum length");
            kept = kept.trim_end().to_owned();
        }
        if !reasons.is_empty() {
            self.altered_with(origin, || reasons.join("; "));
        }
        (!kept.is_empty()).then_some(kept)
    }

    /// The error that a required value has nothing X12 can carry.
    pub fn required(&mut self, origin: Origin) {
        self.unwritable = true;
        self.push_with(Severity::Error, || {
            let reason = "no character of it is one X12 carries";
            let p = json!({ "element": origin.element, "name": origin.name, "reason": reason });
            make_issue_at(x::EDI_VALUE_REQUIRED, origin.path, p)
        });
    }

    /// A warning that `origin`'s value was written differently, or not at all.
    pub fn altered(&mut self, origin: Origin, reason: &str) {
        self.altered_with(origin, || reason.to_owned());
    }

    /// `altered`, its reason composed only when the warning is built.
    fn altered_with(&mut self, origin: Origin, reason: impl FnOnce() -> String) {
        self.push_with(Severity::Warning, || {
            let p = json!({ "element": origin.element, "name": origin.name, "reason": reason() });
            make_issue_at(x::EDI_VALUE_ALTERED, origin.path, p)
        });
    }

    /// The issue `build` makes while there is room, else one of `severity` counted.
    fn push_with(&mut self, severity: Severity, build: impl FnOnce() -> Issue) {
        if self.issues.len() < self.room {
            self.issues.push(build());
        } else {
            self.unlisted.count_as(severity, 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Validation's test (`carries`, `last_name_unwritable`) says a value is
    /// written exactly when the writer writes something of it.
    #[test]
    fn carries_is_what_the_writer_writes() {
        for (value, carried) in [
            ("", false),
            ("   ", false),
            ("\u{674e}", false),
            ("~*:^`", false),
            ("\u{308}", false),
            ("\u{ff5e}", false),
            ("-", true),
            ("M\u{fc}ller", true),
            ("\u{674e} Li", true),
            ("\u{ff33}", true),
            ("\u{df}", true),
        ] {
            let mut c = Clean::default();
            let written = c.element(value, 60, true, origin());
            assert_eq!(carries(value), carried, "{value:?}");
            assert_eq!(written.is_some(), carried, "{value:?}");
        }
    }

    fn origin() -> Origin<'static> {
        Origin {
            element: "NM103",
            name: "Zoë Müller",
            path: "/employee/person/last_name",
        }
    }

    #[test]
    fn accents_separators_and_length() {
        let mut c = Clean::default();
        assert_eq!(
            c.element("O'Brien", 60, true, origin()),
            Some("O'BRIEN".to_owned())
        );
        assert!(c.issues.is_empty());
        assert_eq!(c.element("Müller", 60, true, origin()), Some("MULLER".to_owned()));
        assert_eq!(
            c.element("Apt 3:B*", 55, true, origin()),
            Some("APT 3 B".to_owned())
        );
        assert_eq!(c.element("Abcdef", 3, false, origin()), Some("Abc".to_owned()));
        assert_eq!(c.element("  ", 3, false, origin()), None);
        let reasons: Vec<&str> = c
            .issues
            .iter()
            .map(|i| {
                i.params
                    .get("reason")
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or("")
            })
            .collect();
        assert_eq!(
            reasons,
            [
                "letters with accents written without them",
                "characters X12 cannot carry written as spaces",
                "cut to the element's maximum length"
            ]
        );
        assert!(c
            .issues
            .iter()
            .all(|i| i.code == "edi_value_altered" && i.path == "/employee/person/last_name"));
    }
}
