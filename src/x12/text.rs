//! Snapshot text made fit for X12 elements: upper case, letters outside
//! ASCII written without their accents, characters X12 cannot carry (or
//! that are the file's separators) written as spaces, values cut to their
//! element's length. Each change is a warning (`edi_value_altered`) naming
//! the element and the person, never the value.

use serde_json::json;

use crate::config::x12::is_x12_char;
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

/// The base letters of Latin-1 Supplement, Latin Extended-A and -B
/// (U+00C0-U+024F), one byte per code point: the letter a character is
/// written as without its diacritic (`Ș` → `S`, `ı` → `i`, `Ø` → `O`), a
/// space for what is no letter (`×`, `÷`) or has no base letter, `*` for
/// the few written as two letters (`multi_letter`). Generated from
/// Unicode's decompositions and character names (Python's `unicodedata`).
/// 656 bytes for the four Latin blocks, the only letters X12 can carry
/// once unaccented, where a normalization crate would bring decomposition
/// tables for the whole of Unicode into the wasm and still need a table
/// for the letters that do not decompose (`Ø`, `Ł`, `Đ`, `ı`).
const LATIN: &str = concat!(
    "AAAAAA*CEEEEIIIIDNOOOOO OUUUUY**aaaaaa*ceeeeiiiidnooooo ouuuuy*y", // U+00C0
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi**JjKkqLlLlLlL", // U+0100
    "lLlNnNnNnnNnOoOoOo**RrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs", // U+0140
    "bBBb  OCcDDDd EAEFfG *IIKkl MNnOOo**Pp   S tTtTUuUVYyZzZZzz     ", // U+0180
    "    *********AaIiOoUuUuUuUuUueAaAa**GgGgKkOoOoZzj***Gg*WNnAa**Oo", // U+01C0
    "AaAaEeEeIiIiOoOoRrRrUuUuSsTtYyHhNd**ZzAaEeOoOoOoOoYylntj**ACcLTs", // U+0200
    "z  B VEeJjQqRrYy",                                                 // U+0240
);
/// The same for Latin Extended Additional (U+1E00-U+1EFF): Vietnamese
/// (`ễ` → `e`), Welsh, and the letters with dots below of many
/// transliterations.
const EXTENDED_ADDITIONAL: &str = concat!(
    "AaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMm", // U+1E00
    "MmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSsSsSsSsTtTtTtTtUuUuUuUuUuVvVv", // U+1E40
    "WwWwWwWwWwXxXxYyZzZzZzhtwyasss* AaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEe", // U+1E80
    "EeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYy**VvYy", // U+1EC0
);

/// The letters written as two ASCII letters.
fn multi_letter(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{00c6}' | '\u{01e2}' | '\u{01fc}' => "AE",
        '\u{00de}' => "TH",
        '\u{00df}' => "ss",
        '\u{00e6}' | '\u{01e3}' | '\u{01fd}' => "ae",
        '\u{00fe}' => "th",
        '\u{0132}' => "IJ",
        '\u{0133}' => "ij",
        '\u{0152}' => "OE",
        '\u{0153}' => "oe",
        '\u{0195}' => "hv",
        '\u{01a2}' => "OI",
        '\u{01a3}' => "oi",
        '\u{01c4}' | '\u{01f1}' => "DZ",
        '\u{01c5}' | '\u{01f2}' => "Dz",
        '\u{01c6}' | '\u{01f3}' => "dz",
        '\u{01c7}' => "LJ",
        '\u{01c8}' => "Lj",
        '\u{01c9}' => "lj",
        '\u{01ca}' => "NJ",
        '\u{01cb}' => "Nj",
        '\u{01cc}' => "nj",
        '\u{01f6}' => "HV",
        '\u{0222}' => "OU",
        '\u{0223}' => "ou",
        '\u{0238}' => "db",
        '\u{0239}' => "qp",
        '\u{1e9e}' => "SS",
        '\u{1efa}' => "LL",
        '\u{1efb}' => "ll",
        _ => return None,
    })
}

/// The ASCII spelling of a Latin letter with a diacritic, a ligature or a
/// special letter (`ß` → `ss`, `Þ` → `TH`, `Đ`/`Ð` → `D`, `Ł` → `L`);
/// `None` for anything else.
fn unaccented(c: char) -> Option<&'static str> {
    if let Some(two) = multi_letter(c) {
        return Some(two);
    }
    let (table, first) = match c {
        '\u{c0}'..='\u{24f}' => (LATIN, 0xc0),
        '\u{1e00}'..='\u{1eff}' => (EXTENDED_ADDITIONAL, 0x1e00),
        _ => return None,
    };
    let at = usize::try_from(u32::from(c) - first).ok()?;
    // Each entry is one ASCII byte: a one-byte slice is a whole character.
    table
        .get(at..at + 1)
        .filter(|b| b.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// A combining mark (Combining Diacritical Marks and their Extended and
/// Supplement blocks, those for symbols, half marks): the accent of a
/// decomposed (NFD) letter, `u` + U+0308 for `ü`. Dropped, the letter it
/// follows written as it is.
fn is_combining(c: char) -> bool {
    matches!(
        c,
        '\u{300}'..='\u{36f}'
            | '\u{1ab0}'..='\u{1aff}'
            | '\u{1dc0}'..='\u{1dff}'
            | '\u{20d0}'..='\u{20ff}'
            | '\u{fe20}'..='\u{fe2f}'
    )
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
        let mut out = String::with_capacity(value.len());
        let mut reasons: Vec<&str> = Vec::new();
        for c in value.chars() {
            // Full-width forms (U+FF01-FF5E) are ASCII written wide.
            let narrow = match c {
                '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xfee0).filter(|n| is_x12_char(*n)),
                _ => None,
            };
            if is_x12_char(c) {
                out.push(c);
            } else if let Some(n) = narrow {
                out.push(n);
                note(&mut reasons, "full-width characters written as ASCII");
            } else if is_combining(c) {
                note(&mut reasons, "letters with accents written without them");
            } else if let Some(plain) = unaccented(c) {
                out.push_str(plain);
                note(&mut reasons, "letters with accents written without them");
            } else {
                out.push(' ');
                note(&mut reasons, "characters X12 cannot carry written as spaces");
            }
        }
        if upper {
            out.make_ascii_uppercase();
        }
        let trimmed = out.split_whitespace().collect::<Vec<_>>().join(" ");
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

fn note<'r>(reasons: &mut Vec<&'r str>, reason: &'r str) {
    if !reasons.contains(&reason) {
        reasons.push(reason);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin<'static> {
        Origin {
            element: "NM103",
            name: "Zoë Müller",
            path: "/employee/person/last_name",
        }
    }

    #[test]
    fn the_tables_cover_their_blocks_letter_for_letter() {
        assert_eq!(LATIN.len(), 0x250 - 0xc0);
        assert_eq!(EXTENDED_ADDITIONAL.len(), 0x100);
        let spelled: String = "ÀÿĀſƀɏḀỹȘțǅ×Ωß"
            .chars()
            .map(|c| unaccented(c).unwrap_or("_"))
            .collect();
        assert_eq!(spelled, "AyAsbyAyStDz__ss");
        assert!(is_combining('\u{308}') && !is_combining('a'));
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
