//! Privacy: the one function that masks social security numbers in text
//! (`scrub`), and the output layer every result and error leaves the engine
//! through (`to_writer` & co., a serde_json `Formatter`).
//!
//! Anything SSN-shaped is masked wherever it appears, whatever field it was
//! typed into: the engine cannot know that a `first_name`, a config key or a
//! claim note holds an SSN, so it masks the shape, not the field. The forms
//! recognised (docs/api.md, Privacy):
//!
//! - nine decimal digits in a row, not part of a longer run of digits;
//! - three, two and four digits separated by a hyphen, dot, space, slash,
//!   underscore, comma, colon, tab or line end, or one of their Unicode
//!   look-alikes, a soft hyphen, a middle dot or a bullet (`SEPARATORS`), or
//!   by a run of up to five of them in any mix ("219 - 45 - 3876",
//!   "219--45--3876");
//!
//! where a digit is any Unicode decimal digit (full-width, Arabic-Indic, …)
//! or a superscript, subscript or circled digit (`DIGIT_FORMS`), and the
//! text is read as shown: characters that show nothing (zero-width joiners,
//! direction marks, combining marks: `is_invisible`) are read through; the
//! two that are also separators (soft hyphen, zero-width space) are read
//! both ways, left out and as separators (`rewrite`).
//! Every digit but the last four becomes `*`. Left alone: UUIDs and the
//! engine's own ids (`D-` + 16 hex digits), which can hold nine digits in a
//! row by chance, when they stand alone (not ending in the first group of
//! an SSN that goes on after them), and the nanoseconds after a whole time of day
//! (`12:00:00.123456789`).
//! A JSON number whose text holds such a run (e.g. `219453876`) leaves as the
//! masked string, except money the engine computed (keys ending in `_cents`).

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::Value;

pub use crate::model::reading::{is_digit, is_invisible, SEPARATORS};

mod formatter;
#[cfg(test)]
mod tests;

#[cfg(feature = "census")]
pub use formatter::to_writer_js;
pub use formatter::{serde_reason, to_string, to_string_pretty, to_value, to_writer, ScrubFormatter};

/// Masks every SSN-shaped token in `text` (see the module documentation):
/// the one masking function of the engine. Borrowed when nothing changed.
pub fn scrub(text: &str) -> Cow<'_, str> {
    // An SSN has nine digits: fewer in the whole text (dates, counts) cannot
    // hold one, nor can fewer than nine bytes (most keys and values the
    // output layer passes here, one per string fragment).
    if text.len() < 9 {
        return Cow::Borrowed(text);
    }
    // A whole UUID or engine id (most strings of a result that hold nine
    // digits): never masked, and known by its shape alone.
    if matches!(text.len(), 18 | 36) && exempt_len_ascii(text.as_bytes()) == Some(text.len()) {
        return Cow::Borrowed(text);
    }
    // Whether it is ASCII and how many digits it has, in one pass (two
    // before: each string the output layer writes comes through here).
    let bytes = text.as_bytes();
    let (mut high, mut digits) = (0u8, 0usize);
    for &b in bytes {
        high |= b;
        digits += usize::from(b.is_ascii_digit());
    }
    let candidate = if high < 0x80 {
        digits >= 9 && has_candidate_ascii(bytes)
    } else {
        text.chars().filter(|&c| is_digit(c)).count() >= 9 && has_candidate(text)
    };
    match candidate.then(|| rewrite(text)).flatten() {
        Some(masked) => Cow::Owned(masked),
        None => Cow::Borrowed(text),
    }
}

/// `text` with every SSN-shaped token outside the exempt ones masked, or
/// `None` when it has none: `scrub` after its quick checks (which must only
/// ever let through texts this would leave alone).
///
/// The text is read as shown: invisible characters left out (and kept in
/// place in what is written). The two that are also separators (a soft
/// hyphen, a zero-width space: `INVISIBLE_SEPARATORS`) are read both ways,
/// left out and as separators, and a digit masked by either reading is
/// masked: `219\u{AD}45-3876` is an SSN with a soft hyphen between its
/// groups, `2\u{200B}1\u{200B}9…` nine digits in a row.
fn rewrite(text: &str) -> Option<String> {
    let ascii = text.is_ascii();
    let all: Vec<char> = text.chars().collect();
    let mut star = vec![false; all.len()];
    let mut changed = false;
    let both = !ascii && all.iter().any(|c| INVISIBLE_SEPARATORS.contains(c));
    for as_separators in [false, true].into_iter().take(1 + usize::from(both)) {
        // What the text shows in this reading, and where each shown
        // character is in the text.
        let (at, shown): (Vec<usize>, Vec<char>) = all
            .iter()
            .enumerate()
            .filter(|&(_, &c)| {
                ascii || !is_invisible(c) || (as_separators && INVISIBLE_SEPARATORS.contains(&c))
            })
            .map(|(k, &c)| (k, c))
            .unzip();
        for p in hidden_digits(&shown) {
            if let Some(s) = at.get(p).and_then(|&k| star.get_mut(k)) {
                *s = true;
                changed = true;
            }
        }
    }
    changed.then(|| {
        all.iter()
            .zip(&star)
            .map(|(&c, &s)| if s { '*' } else { c })
            .collect()
    })
}

/// The characters `SEPARATORS` lists that are invisible too (`is_invisible`):
/// `rewrite` reads them both ways.
const INVISIBLE_SEPARATORS: [char; 2] = ['\u{00AD}', '\u{200B}'];

/// The positions in `chars` (the characters a text shows) of the digits an
/// SSN-shaped token outside the exempt ones hides: all its digits but the
/// last four.
fn hidden_digits(chars: &[char]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let at_boundary = i == 0 || !chars.get(i - 1).is_some_and(|p| p.is_alphanumeric());
        if let Some(len) = at_boundary.then(|| exempt_len(chars, i)).flatten() {
            i += len;
            continue;
        }
        if !is_digit(c) {
            i += 1;
            continue;
        }
        // `i` starts a run of digits (a run is always consumed whole).
        if let Some(end) = ssn_end(chars, i) {
            let token = chars.get(i..end).unwrap_or_default();
            let digits = token.iter().filter(|&&c| is_digit(c)).count();
            let mut seen = 0;
            for (k, &c) in token.iter().enumerate() {
                if is_digit(c) {
                    seen += 1;
                    if seen + 4 <= digits {
                        out.push(i + k);
                    }
                }
            }
            i = end;
        } else {
            i += run_len(chars, i);
        }
    }
    out
}

/// The masked form of a JSON number's text, if it holds an SSN-shaped run.
/// An integer is read as text (`scrub`). A number with a fraction or an
/// exponent is masked when its significant digits are nine or more, as
/// `*****` and the sixth to ninth of them (`fraction_masked`).
pub fn mask_number(text: &str) -> Option<String> {
    if text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        return fraction_masked(text);
    }
    match scrub(text) {
        Cow::Owned(masked) => Some(masked),
        Cow::Borrowed(_) => None,
    }
}

/// A number written with a fraction or an exponent, as the engine prints
/// it (the f64's shortest text): `219453876e-3` prints `219453.876`, whose
/// point splits the run its input had, and `259453876.01234567` prints
/// `259453876.01234567` where `279453876.01234567` prints
/// `279453876.0123457` — how much of the fraction an f64 keeps depends on
/// the integer part's size, so a shown fraction would tell about hidden
/// digits. Masked from the significant digits alone, cut after the ninth,
/// both show `*****3876`.
fn fraction_masked(text: &str) -> Option<String> {
    let mantissa = text.split(['e', 'E']).next().unwrap_or_default();
    let digits: Vec<u8> = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .skip_while(|&b| b == b'0')
        .take(9)
        .collect();
    let last_four = digits.get(5..9)?;
    let sign = if text.starts_with('-') { "-" } else { "" };
    Some(format!("{sign}*****{}", String::from_utf8_lossy(last_four)))
}

/// Masks a value the way the output layer would: strings and keys scrubbed,
/// numbers holding an SSN-shaped run turned into their masked string. Used
/// where a value is both shown and hashed (difference fields), so the hash
/// sees exactly what the output shows.
pub fn scrub_value(v: Value) -> Value {
    match v {
        Value::String(s) => match scrub(&s) {
            Cow::Owned(masked) => Value::String(masked),
            Cow::Borrowed(_) => Value::String(s),
        },
        Value::Number(n) => match mask_number(&n.to_string()) {
            Some(masked) => Value::String(masked),
            None => Value::Number(n),
        },
        Value::Array(a) => Value::Array(a.into_iter().map(scrub_value).collect()),
        Value::Object(m) => {
            // Of keys that mask alike, the one whose value (as shown) has the
            // greatest JSON text is kept: which one came last in the map is
            // the order of the keys as written, and would tell how their
            // masked digits compare. (Inserted, not collected: `collect`
            // compiles a sort of its own, src/sort.rs.)
            let mut out = serde_json::Map::new();
            // The kept value's text, for keys masked alike: written once,
            // not at every collision (a hostile object may give one large
            // value thousands of keys masked like its own).
            let mut texts: BTreeMap<String, String> = BTreeMap::new();
            for (k, x) in m {
                let (key, x) = (scrub(&k).into_owned(), scrub_value(x));
                if let Some(kept) = out.get(&key) {
                    let kept_text = texts.entry(key.clone()).or_insert_with(|| json_text(kept));
                    let text = json_text(&x);
                    if *kept_text >= text {
                        continue;
                    }
                    *kept_text = text;
                }
                out.insert(key, x);
            }
            Value::Object(out)
        }
        other => other,
    }
}

/// A value's JSON text (compact): what decides between two values shown under
/// one masked key (`scrub_value`).
fn json_text(v: &Value) -> String {
    v.to_string()
}

/// Whether `text` has a run of exactly nine digits, or of three followed by
/// a separator: the only starts of an SSN. Most texts with many digits (ids,
/// timestamps) have neither and are passed without copying.
fn has_candidate(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        if is_digit(c) {
            run += 1;
            continue;
        }
        // Before the invisible characters are skipped: a soft hyphen or a
        // zero-width space may be the separator (`rewrite`).
        if run == 9 || (run == 3 && SEPARATORS.contains(&c)) {
            return true;
        }
        if is_invisible(c) {
            continue;
        }
        run = 0;
    }
    run == 9
}

/// `has_candidate` for ASCII text, skipping the tokens `scrub` never masks
/// (UUIDs, engine ids) as it does: every id the engine writes out has runs of
/// three digits before a `-`, so without this most strings of a result went
/// through the character-by-character rewrite only to come out unchanged
/// (12% of a wasm call answering with carrier ids).
fn has_candidate_ascii(bytes: &[u8]) -> bool {
    // The same scan without the exemptions first: skipping a token only
    // ever removes candidates (a token ends where no digit run can go on,
    // and the run after it counts from there as here), so a text without
    // one here has none below. Most texts stop here, at a few instructions
    // a byte, without the exempt-token checks at every boundary (`scrub`
    // was ~10 % of a keystroke natively; this took a tenth of that).
    has_plain_candidate(bytes) && has_exact_candidate(bytes)
}

/// `has_candidate_ascii`'s scan itself, skipping exempt tokens.
fn has_exact_candidate(bytes: &[u8]) -> bool {
    let mut run = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let at_boundary = i == 0 || !bytes.get(i - 1).is_some_and(u8::is_ascii_alphanumeric);
        if let Some(len) = at_boundary
            .then(|| exempt_len_ascii(bytes.get(i..).unwrap_or_default()))
            .flatten()
        {
            i += len;
            run = 0;
            continue;
        }
        i += 1;
        if b.is_ascii_digit() {
            run += 1;
            continue;
        }
        if run == 9 || (run == 3 && dashed_tail_ascii(bytes, i - 1)) {
            return true;
        }
        run = 0;
    }
    run == 9
}

/// `has_candidate_ascii` without skipping the tokens `scrub` never masks.
fn has_plain_candidate(bytes: &[u8]) -> bool {
    let mut run = 0u32;
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_digit() {
            run += 1;
            continue;
        }
        if run == 9 || (run == 3 && dashed_tail_ascii(bytes, i)) {
            return true;
        }
        run = 0;
    }
    run == 9
}

/// Whether the three digits before `k` go on as `ssn_end`'s dashed form
/// over ASCII: a separator, two digits, a separator, four digits. Checking
/// the whole form, not just the first separator, keeps UUIDs (`…a123-4b…`)
/// and phone numbers (`555-1234`) out of the slower scans.
fn dashed_tail_ascii(bytes: &[u8], k: usize) -> bool {
    let run = |at: usize| bytes.iter().skip(at).take_while(|b| b.is_ascii_digit()).count();
    separator_end_ascii(bytes, k)
        .filter(|&k| run(k) == 2)
        .and_then(|k| separator_end_ascii(bytes, k + 2))
        .is_some_and(|k| run(k) == 4)
}

/// `separator_end` over ASCII bytes (where the separators are these).
fn separator_end_ascii(bytes: &[u8], k: usize) -> Option<usize> {
    let run = bytes.get(k..).unwrap_or_default().iter();
    let is_separator = |b: &&u8| {
        matches!(
            b,
            b'-' | b'.' | b'/' | b'_' | b',' | b':' | b' ' | b'\t' | b'\n' | b'\r'
        )
    };
    let len = run.take(MAX_SEPARATOR + 1).take_while(is_separator).count();
    (1..=MAX_SEPARATOR).contains(&len).then_some(k + len)
}

/// `exempt_len` over ASCII bytes.
fn exempt_len_ascii(rest: &[u8]) -> Option<usize> {
    let ends_at = |len: usize| !rest.get(len).is_some_and(u8::is_ascii_alphanumeric);
    // The hyphens first: most 36-byte texts that are not UUIDs stop there.
    let uuid = rest.get(..36).is_some_and(|t| {
        [8, 13, 18, 23].iter().all(|&k| t.get(k) == Some(&b'-'))
            && UUID_HEX.iter().all(|r| {
                t.get(r.clone())
                    .is_some_and(|part| part.iter().all(|&b| hex(b, ANY_HEX)))
            })
    });
    if uuid && ends_at(36) && !continues_ssn_ascii(rest, 36) {
        return Some(36);
    }
    let engine_id = rest.get(..18).is_some_and(|t| {
        t.first()
            .is_some_and(|&b| ENGINE_ID_PREFIXES.contains(&char::from(b)))
            && t.get(1) == Some(&b'-')
            && t.get(2..).is_some_and(|h| h.iter().all(|&b| hex(b, LOWER_HEX)))
    });
    (engine_id && ends_at(18) && !continues_ssn_ascii(rest, 18)).then_some(18)
}

/// `continues_ssn` over ASCII bytes.
fn continues_ssn_ascii(rest: &[u8], len: usize) -> bool {
    let Some(start) = len.checked_sub(3) else {
        return false;
    };
    rest.get(start..len)
        .is_some_and(|t| t.iter().all(u8::is_ascii_digit))
        && !start
            .checked_sub(1)
            .and_then(|k| rest.get(k))
            .is_some_and(u8::is_ascii_digit)
        && dashed_tail_ascii(rest, len)
}

/// The letters the engine's own ids begin with (`D-` differences, `T-`
/// transactions, `P-` people, `C-` coverage items, `X-` discrepancies): no
/// other letter makes a hex run an id, so `N-abcdef219453876a` is masked.
const ENGINE_ID_PREFIXES: [char; 5] = ['C', 'D', 'P', 'T', 'X'];

/// The hex digits of a UUID, between its hyphens.
const UUID_HEX: [std::ops::Range<usize>; 5] = [0..8, 9..13, 14..18, 19..23, 24..36];

/// `HEX_CLASS` bits: any hex digit; a digit or `a`-`f` (an engine id's).
const ANY_HEX: u8 = 1;
const LOWER_HEX: u8 = 2;

/// Each byte's hex classes. A table: every string the output layer writes
/// is checked for the UUID and engine-id shapes (`scrub`'s first check), and
/// in wasm one load per byte is several times cheaper than the range
/// compares of `is_ascii_hexdigit` (~3 % of a `preview`, V8 profile).
// Indexing in a constant: evaluated when the crate is built, where an index
// out of bounds fails the build; it cannot panic at run time.
#[allow(clippy::indexing_slicing)]
const HEX_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = match c {
            b'0'..=b'9' | b'a'..=b'f' => ANY_HEX | LOWER_HEX,
            b'A'..=b'F' => ANY_HEX,
            _ => 0,
        };
        b += 1;
    }
    t
};

fn hex(b: u8, class: u8) -> bool {
    HEX_CLASS.get(usize::from(b)).is_some_and(|c| c & class != 0)
}

/// Number of digits in the run starting at `i`.
fn run_len(chars: &[char], i: usize) -> usize {
    chars
        .get(i..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&c| is_digit(c))
        .count()
}

/// End of an SSN-shaped token starting at the digit run at `i`, if any.
fn ssn_end(chars: &[char], i: usize) -> Option<usize> {
    match run_len(chars, i) {
        9 if !nanoseconds(chars, i) => Some(i + 9),
        3 => {
            let k = separator_end(chars, i + 3)?;
            if run_len(chars, k) != 2 {
                return None;
            }
            let k = separator_end(chars, k + 2)?;
            (run_len(chars, k) == 4).then_some(k + 4)
        }
        _ => None,
    }
}

/// The most characters a separator between two groups may have: a run of
/// separators and spaces in any mix (`219 - 45 - 3876`, `219--45--3876`,
/// `219 -- 45`). Longer runs are not read as one written number.
const MAX_SEPARATOR: usize = 5;

/// End of a separator at `k`: a run of 1 to `MAX_SEPARATOR` characters of
/// `SEPARATORS` (spaces included).
fn separator_end(chars: &[char], k: usize) -> Option<usize> {
    let run = chars.get(k..).unwrap_or_default().iter();
    let len = run
        .take(MAX_SEPARATOR + 1)
        .take_while(|c| SEPARATORS.contains(c))
        .count();
    (1..=MAX_SEPARATOR).contains(&len).then_some(k + len)
}

/// Whether the run at `i` is a timestamp's fraction of a second: it
/// follows a whole time of day, `12:34:56.` (`10:30.219453876` is not one,
/// nor is `99:99:99.219453876`: hours to 23, minutes to 59, seconds to 60).
fn nanoseconds(chars: &[char], i: usize) -> bool {
    let at = |back: usize| i.checked_sub(back).and_then(|k| chars.get(k)).copied();
    // The two ASCII digits ending `back` characters before `i`.
    let two = |back: usize| Some(at(back + 1)?.to_digit(10)? * 10 + at(back)?.to_digit(10)?);
    at(1) == Some('.')
        && at(4) == Some(':')
        && at(7) == Some(':')
        && two(2).is_some_and(|s| s <= 60)
        && two(5).is_some_and(|m| m <= 59)
        && two(8).is_some_and(|h| h <= 23)
}

/// Length of a token at `i` that is never masked: a UUID (8-4-4-4-12 hex
/// digits) or an engine id (an upper-case letter, `-`, 16 lower-case hex
/// digits), each followed by no letter or digit, nor by the rest of an SSN
/// its last three digits begin (`continues_ssn`).
fn exempt_len(chars: &[char], i: usize) -> Option<usize> {
    let rest = chars.get(i..)?;
    let ends_at = |len: usize| !rest.get(len).is_some_and(|c| c.is_alphanumeric());
    let hex = |c: &char| c.is_ascii_hexdigit();
    let lower_hex = |c: &char| c.is_ascii_digit() || matches!(c, 'a'..='f');
    let uuid = rest.len() >= 36
        && rest.iter().take(36).enumerate().all(|(k, c)| {
            if matches!(k, 8 | 13 | 18 | 23) {
                *c == '-'
            } else {
                hex(c)
            }
        });
    if uuid && ends_at(36) && !continues_ssn(rest, 36) {
        return Some(36);
    }
    let engine_id = rest.len() >= 18
        && rest.first().is_some_and(|c| ENGINE_ID_PREFIXES.contains(c))
        && rest.get(1) == Some(&'-')
        && rest.iter().skip(2).take(16).all(lower_hex);
    (engine_id && ends_at(18) && !continues_ssn(rest, 18)).then_some(18)
}

/// Whether the id of `len` characters at the start of `rest` ends in three
/// digits (after a letter or `-`) that what follows it continues into an
/// SSN's dashed form: `D-0123456789abc219-45-3876`. Such an id does not
/// stand alone and is read as any text is: the SSN is masked.
fn continues_ssn(rest: &[char], len: usize) -> bool {
    let Some(start) = len.checked_sub(3) else {
        return false;
    };
    rest.get(start..len)
        .is_some_and(|t| t.iter().all(|&c| is_digit(c)))
        && !start
            .checked_sub(1)
            .and_then(|k| rest.get(k))
            .is_some_and(|&c| is_digit(c))
        && ssn_end(rest, start).is_some()
}
