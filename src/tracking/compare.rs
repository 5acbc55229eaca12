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

/// What `equivalent` compares of text `s` of field `key`: a phone's
/// digits, a ZIP's, a name's letters and digits, other text lower case
/// (text past `MAX_COMPARED_BYTES` as written). Two values with one such
/// text are one guess at a value the report hides (`Tracker::guesses_alike`).
pub(super) fn compared(key: &str, s: &str) -> String {
    let field = key.rsplit('.').next().unwrap_or(key);
    if s.len() > MAX_COMPARED_BYTES {
        s.to_owned()
    } else if field.ends_with("_phone") {
        phone(s)
    } else if field == "zip_code" {
        digits(s)
    } else if TEXT_FIELDS.contains(&field) {
        letters(s)
    } else {
        s.chars().flat_map(char::to_lowercase).collect()
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

/// The letters and digits of `s`, lower case, each Latin letter as an 834
/// spells it (`model::latin`; full-width ones as ASCII): what is left when case, accents,
/// spaces and punctuation do not count.
pub(super) fn letters(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xfee0).unwrap_or(c),
            _ => c,
        };
        if let Some(b) = crate::model::latin::ascii_spelling(c) {
            out.extend(b.chars().map(|c| c.to_ascii_lowercase()));
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

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
        // As the 834 writes them (`model::latin`), where no decomposition helps.
        assert_eq!(letters("Əli Ŋuyen ĸ"), "alinuyenq");
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
