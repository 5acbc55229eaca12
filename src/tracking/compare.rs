//! How `track` compares a value the carrier reports with the one requested:
//! as the carrier's system holds it, not as it happens to be written.
//!
//! - Phone numbers by their digits (a leading US `1` of eleven dropped):
//!   `503-555-0100`, `(503) 555-0100` and `5035550100` are one number.
//! - ZIP codes by their digits; five digits are the same ZIP as nine that
//!   begin with them (a carrier keeping five-digit ZIPs shows a ZIP+4 as its
//!   five, and a ZIP+4 a carrier adds to five is the same address).
//! - Names and address text by their letters and digits only: case,
//!   accents (a Latin letter, Vietnamese ones included, is its base letter:
//!   `Riviéra` is `RIVIERA`, `Nguyễn` is `NGUYEN`), spaces and punctuation
//!   (what X12 writes as spaces or drops) do not count.
//! - Any other text ignoring case.
//! - From an 834 (`Format::X12_834`), codes X12 writes alike are equal: sex
//!   `X` is `U` (DMG03 has F, M and U), `contract` is `disabled` (both INS08
//!   `AC`), `civil-union` is `domestic-partner` (both INS02 `53`).
//!
//! A change these comparisons cannot see (a change of case or of
//! punctuation alone, `X` for `U` read from an 834) is judged exactly — or,
//! from an 834, which writes such values alike, is one the report cannot
//! show (`Shown::Cannot`).

use serde_json::Value;

/// What kind of document the report is: which fields it can show and how
/// it writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Format {
    /// A snapshot-shaped report of the carrier's member data: every field.
    #[default]
    Snapshot,
    /// `parse834`'s report of an 834 (`reported_by.format` `x12_834`).
    X12_834,
}

/// The fields an 834 carries, as `parse834` reads them (docs/api.md,
/// Tracking); the address fields under both addresses.
const X12_834_FIELDS: [&str; 21] = [
    "person.first_name",
    "person.last_name",
    "person.middle_name",
    "person.suffix",
    "person.date_of_birth",
    "person.sex",
    "person.marital_status",
    "person.ssn",
    "person.contact.email_address",
    "person.contact.home_phone",
    "person.contact.mobile_phone",
    "person.contact.work_phone",
    "employment.employment_status",
    "employment.employment_dates.hire_date",
    "employment.employment_dates.rehire",
    "employment.employment_dates.retirement",
    "employment.employment_dates.terminated",
    "relationship",
    "effective_start_date",
    "effective_end_date",
    "volume",
];
const X12_834_ADDRESS: [&str; 5] = ["street_one", "street_two", "city", "state", "zip_code"];

impl Format {
    /// Whether a report of this format can show field `key` at all (an 834
    /// has no hours worked, classifications, plan names…).
    pub fn carries(self, key: &str) -> bool {
        match self {
            Format::Snapshot => true,
            Format::X12_834 => {
                X12_834_FIELDS.contains(&key)
                    || key == "plan_id"
                    || ["person.home_address.", "person.mailing_address."]
                        .iter()
                        .filter_map(|p| key.strip_prefix(p))
                        .any(|f| X12_834_ADDRESS.contains(&f))
            }
        }
    }
}

/// Whether `a` and `b` are the same value of field `key` as the carrier's
/// system would hold it (see the module documentation).
pub(super) fn equivalent(key: &str, a: &Value, b: &Value, format: Format) -> bool {
    if a == b {
        return true;
    }
    if format == Format::X12_834 && same_code(key, a, b) {
        return true;
    }
    let (Value::String(a), Value::String(b)) = (a, b) else {
        return false;
    };
    // Beyond what any name, address, phone or ZIP holds, exactly as written:
    // the reading below costs ~30 ns a character, and a requested list may
    // name one megabyte-long field in thousands of differences (review 25f #1).
    if a.len().max(b.len()) > MAX_COMPARED_BYTES {
        return false;
    }
    let field = key.rsplit('.').next().unwrap_or(key);
    if field.ends_with("_phone") {
        let (a, b) = (phone(a), phone(b));
        !a.is_empty() && a == b
    } else if field == "zip_code" {
        let (a, b) = (digits(a), digits(b));
        let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
        short.len() >= 5
            && (short == long || (short.len() == 5 && long.len() == 9 && long.starts_with(short.as_str())))
    } else if TEXT_FIELDS.contains(&field) {
        letters(a) == letters(b)
    } else {
        a.chars()
            .flat_map(char::to_lowercase)
            .eq(b.chars().flat_map(char::to_lowercase))
    }
}

/// The longest value compared as the carrier's system would hold it.
const MAX_COMPARED_BYTES: usize = 1024;

/// Names and address lines: compared by their letters and digits.
const TEXT_FIELDS: [&str; 9] = [
    "first_name",
    "last_name",
    "middle_name",
    "suffix",
    "street_one",
    "street_two",
    "city",
    "county",
    "state",
];

/// The values an 834 writes with one code, by field: DMG03 has F, M and U;
/// INS08 writes `contract` and `disabled` as `AC`; INS02 `53` is a domestic
/// partner or a civil union (src/x12/codes.rs, which tracking, below x12,
/// does not import).
const X12_ALIKE: [(&str, [&str; 2]); 3] = [
    ("person.sex", ["U", "X"]),
    ("employment.employment_status", ["contract", "disabled"]),
    ("relationship", ["domestic-partner", "civil-union"]),
];

/// Whether an 834 writes `a` and `b` with the same code.
fn same_code(key: &str, a: &Value, b: &Value) -> bool {
    let (Some(a), Some(b)) = (a.as_str(), b.as_str()) else {
        return false;
    };
    X12_ALIKE
        .iter()
        .any(|(k, alike)| *k == key && alike.contains(&a) && alike.contains(&b))
}

/// Whether an 834 writes `want` with a code `parse834` cannot read back
/// (INS08 `AC` is both `contract` and `disabled`): the report shows nothing there.
pub(super) fn unreadable_code(key: &str, want: &Value) -> bool {
    key == "employment.employment_status" && matches!(want.as_str(), Some("contract" | "disabled"))
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// A phone number as an 834 writes it (`model::phone`): letters as keypad
/// digits, no extension, no US country code — what the carrier holds of a
/// number sent (review 25g #3).
fn phone(s: &str) -> String {
    crate::model::phone::phone_digits(s).0
}

/// The letters and digits of `s`, lower case, each Latin letter as its base
/// letter (and full-width ones as ASCII): what is left when case, accents,
/// spaces and punctuation do not count.
pub(super) fn letters(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xfee0).unwrap_or(c),
            _ => c,
        };
        if let Some(b) = base_letter(c) {
            out.push_str(b);
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The base letter(s) of a Latin letter with a diacritic (or a ligature).
fn base_letter(c: char) -> Option<&'static str> {
    let k = BASE_LETTERS.partition_point(|&(_, last, _)| last < c);
    BASE_LETTERS
        .get(k)
        .filter(|&&(first, _, _)| first <= c)
        .map(|&(_, _, b)| b)
}

/// Runs of Latin-1 Supplement, Latin Extended-A and -B and Latin Extended
/// Additional (Vietnamese included) letters and their lower-case base
/// letters, from Unicode's canonical decompositions (plus `æ`, `ø`, `ß`,
/// `đ`, `ł`… which have none), in code point order.
const BASE_LETTERS: [(char, char, &str); 123] = [
    ('\u{c0}', '\u{c5}', "a"),
    ('\u{c6}', '\u{c6}', "ae"),
    ('\u{c7}', '\u{c7}', "c"),
    ('\u{c8}', '\u{cb}', "e"),
    ('\u{cc}', '\u{cf}', "i"),
    ('\u{d0}', '\u{d0}', "d"),
    ('\u{d1}', '\u{d1}', "n"),
    ('\u{d2}', '\u{d6}', "o"),
    ('\u{d8}', '\u{d8}', "o"),
    ('\u{d9}', '\u{dc}', "u"),
    ('\u{dd}', '\u{dd}', "y"),
    ('\u{de}', '\u{de}', "th"),
    ('\u{df}', '\u{df}', "ss"),
    ('\u{e0}', '\u{e5}', "a"),
    ('\u{e6}', '\u{e6}', "ae"),
    ('\u{e7}', '\u{e7}', "c"),
    ('\u{e8}', '\u{eb}', "e"),
    ('\u{ec}', '\u{ef}', "i"),
    ('\u{f0}', '\u{f0}', "d"),
    ('\u{f1}', '\u{f1}', "n"),
    ('\u{f2}', '\u{f6}', "o"),
    ('\u{f8}', '\u{f8}', "o"),
    ('\u{f9}', '\u{fc}', "u"),
    ('\u{fd}', '\u{fd}', "y"),
    ('\u{fe}', '\u{fe}', "th"),
    ('\u{ff}', '\u{ff}', "y"),
    ('\u{100}', '\u{105}', "a"),
    ('\u{106}', '\u{10d}', "c"),
    ('\u{10e}', '\u{111}', "d"),
    ('\u{112}', '\u{11b}', "e"),
    ('\u{11c}', '\u{123}', "g"),
    ('\u{124}', '\u{127}', "h"),
    ('\u{128}', '\u{12f}', "i"),
    ('\u{130}', '\u{130}', "i"),
    ('\u{131}', '\u{131}', "i"),
    ('\u{132}', '\u{133}', "ij"),
    ('\u{134}', '\u{135}', "j"),
    ('\u{136}', '\u{138}', "k"),
    ('\u{139}', '\u{142}', "l"),
    ('\u{143}', '\u{149}', "n"),
    ('\u{14c}', '\u{151}', "o"),
    ('\u{152}', '\u{153}', "oe"),
    ('\u{154}', '\u{159}', "r"),
    ('\u{15a}', '\u{161}', "s"),
    ('\u{162}', '\u{167}', "t"),
    ('\u{168}', '\u{173}', "u"),
    ('\u{174}', '\u{175}', "w"),
    ('\u{176}', '\u{178}', "y"),
    ('\u{179}', '\u{17e}', "z"),
    ('\u{17f}', '\u{17f}', "s"),
    ('\u{180}', '\u{180}', "b"),
    ('\u{19a}', '\u{19a}', "l"),
    ('\u{1a0}', '\u{1a1}', "o"),
    ('\u{1ab}', '\u{1ab}', "t"),
    ('\u{1af}', '\u{1b0}', "u"),
    ('\u{1b5}', '\u{1b6}', "z"),
    ('\u{1c4}', '\u{1c6}', "dz"),
    ('\u{1c7}', '\u{1c9}', "lj"),
    ('\u{1ca}', '\u{1cc}', "nj"),
    ('\u{1cd}', '\u{1ce}', "a"),
    ('\u{1cf}', '\u{1d0}', "i"),
    ('\u{1d1}', '\u{1d2}', "o"),
    ('\u{1d3}', '\u{1dc}', "u"),
    ('\u{1de}', '\u{1e1}', "a"),
    ('\u{1e4}', '\u{1e7}', "g"),
    ('\u{1e8}', '\u{1e9}', "k"),
    ('\u{1ea}', '\u{1ed}', "o"),
    ('\u{1f0}', '\u{1f0}', "j"),
    ('\u{1f1}', '\u{1f3}', "dz"),
    ('\u{1f4}', '\u{1f5}', "g"),
    ('\u{1f8}', '\u{1f9}', "n"),
    ('\u{1fa}', '\u{1fb}', "a"),
    ('\u{200}', '\u{203}', "a"),
    ('\u{204}', '\u{207}', "e"),
    ('\u{208}', '\u{20b}', "i"),
    ('\u{20c}', '\u{20f}', "o"),
    ('\u{210}', '\u{213}', "r"),
    ('\u{214}', '\u{217}', "u"),
    ('\u{218}', '\u{219}', "s"),
    ('\u{21a}', '\u{21b}', "t"),
    ('\u{21e}', '\u{21f}', "h"),
    ('\u{226}', '\u{227}', "a"),
    ('\u{228}', '\u{229}', "e"),
    ('\u{22a}', '\u{231}', "o"),
    ('\u{232}', '\u{233}', "y"),
    ('\u{23d}', '\u{23d}', "l"),
    ('\u{243}', '\u{243}', "b"),
    ('\u{1e00}', '\u{1e01}', "a"),
    ('\u{1e02}', '\u{1e07}', "b"),
    ('\u{1e08}', '\u{1e09}', "c"),
    ('\u{1e0a}', '\u{1e13}', "d"),
    ('\u{1e14}', '\u{1e1d}', "e"),
    ('\u{1e1e}', '\u{1e1f}', "f"),
    ('\u{1e20}', '\u{1e21}', "g"),
    ('\u{1e22}', '\u{1e2b}', "h"),
    ('\u{1e2c}', '\u{1e2f}', "i"),
    ('\u{1e30}', '\u{1e35}', "k"),
    ('\u{1e36}', '\u{1e3d}', "l"),
    ('\u{1e3e}', '\u{1e43}', "m"),
    ('\u{1e44}', '\u{1e4b}', "n"),
    ('\u{1e4c}', '\u{1e53}', "o"),
    ('\u{1e54}', '\u{1e57}', "p"),
    ('\u{1e58}', '\u{1e5f}', "r"),
    ('\u{1e60}', '\u{1e69}', "s"),
    ('\u{1e6a}', '\u{1e71}', "t"),
    ('\u{1e72}', '\u{1e7b}', "u"),
    ('\u{1e7c}', '\u{1e7f}', "v"),
    ('\u{1e80}', '\u{1e89}', "w"),
    ('\u{1e8a}', '\u{1e8d}', "x"),
    ('\u{1e8e}', '\u{1e8f}', "y"),
    ('\u{1e90}', '\u{1e95}', "z"),
    ('\u{1e96}', '\u{1e96}', "h"),
    ('\u{1e97}', '\u{1e97}', "t"),
    ('\u{1e98}', '\u{1e98}', "w"),
    ('\u{1e99}', '\u{1e99}', "y"),
    ('\u{1e9b}', '\u{1e9b}', "s"),
    ('\u{1e9e}', '\u{1e9e}', "ss"),
    ('\u{1ea0}', '\u{1eb7}', "a"),
    ('\u{1eb8}', '\u{1ec7}', "e"),
    ('\u{1ec8}', '\u{1ecb}', "i"),
    ('\u{1ecc}', '\u{1ee3}', "o"),
    ('\u{1ee4}', '\u{1ef1}', "u"),
    ('\u{1ef2}', '\u{1ef9}', "y"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn letters_by_their_base_letter() {
        assert_eq!(letters("Riviéra"), "riviera");
        assert_eq!(letters("Nguyễn Thị Ánh"), "nguyenthianh");
        assert_eq!(letters("Mu\u{308}ller"), "muller");
        assert_eq!(letters("O'Brien-Smith"), "obriensmith");
        assert_eq!(letters("Łódź Straße"), "lodzstrasse");
        assert_eq!(letters("ＡＢ"), "ab");
    }

    #[test]
    fn phones_zips_and_codes() {
        let eq = |k: &str, a: Value, b: Value| equivalent(k, &a, &b, Format::X12_834);
        assert!(eq(
            "person.contact.home_phone",
            json!("503-555-0100"),
            json!("5035550100")
        ));
        assert!(eq(
            "person.contact.work_phone",
            json!("+1 503 555 0199"),
            json!("5035550199")
        ));
        assert!(!eq(
            "person.contact.work_phone",
            json!("503-555-0199"),
            json!("5035550100")
        ));
        // As the 834 wrote them: letters as keypad digits, no extension.
        for (sent, held) in [
            ("1-800-FLOWERS", "8003569377"),
            ("503-555-0100 ext 12", "5035550100"),
            ("(503) 555-0100 x12", "5035550100"),
            ("503-555-0100 #7", "5035550100"),
        ] {
            assert!(
                eq("person.contact.home_phone", json!(sent), json!(held)),
                "{sent}"
            );
        }
        assert!(eq(
            "person.home_address.zip_code",
            json!("97301-1234"),
            json!("973011234")
        ));
        assert!(eq(
            "person.home_address.zip_code",
            json!("97301-1234"),
            json!("97301")
        ));
        assert!(!eq(
            "person.home_address.zip_code",
            json!("97301-1234"),
            json!("97302")
        ));
        assert!(!eq(
            "person.home_address.zip_code",
            json!("97301-1234"),
            json!("97301-1235")
        ));
        assert!(eq("person.sex", json!("X"), json!("U")));
        assert!(!equivalent(
            "person.sex",
            &json!("X"),
            &json!("U"),
            Format::Snapshot
        ));
        assert!(eq(
            "employment.employment_status",
            json!("contract"),
            json!("disabled")
        ));
        assert!(eq(
            "relationship",
            json!("civil-union"),
            json!("domestic-partner")
        ));
        assert!(!eq("relationship", json!("spouse"), json!("domestic-partner")));
        assert!(Format::X12_834.carries("person.mailing_address.zip_code"));
        assert!(!Format::X12_834.carries("employment.hours_worked"));
        assert!(!Format::X12_834.carries("person.home_address.county"));
    }
}
