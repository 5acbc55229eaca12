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
//! direction marks, combining marks: `is_invisible`) are read through.
//! Every digit but the last four becomes `*`. Left alone: UUIDs and the
//! engine's own ids (`D-` + 16 hex digits), which can hold nine digits in a
//! row by chance, and the nanoseconds after a whole time of day
//! (`12:00:00.123456789`).
//! A JSON number whose text holds such a run (e.g. `219453876`) leaves as the
//! masked string, except money the engine computed (keys ending in `_cents`).

use std::borrow::Cow;
#[cfg(feature = "census")]
use std::cell::Cell;
use std::collections::BTreeMap;
use std::io;

use serde::Serialize;
use serde_json::ser::{CharEscape, CompactFormatter, Formatter, PrettyFormatter};
use serde_json::Value;

pub use crate::model::reading::{is_digit, is_invisible, SEPARATORS};

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
fn rewrite(text: &str) -> Option<String> {
    let ascii = text.is_ascii();
    // What the text shows: invisible characters left out (put back below).
    let chars: Vec<char> = text.chars().filter(|&c| ascii || !is_invisible(c)).collect();
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let at_boundary = i == 0 || !chars.get(i - 1).is_some_and(|p| p.is_alphanumeric());
        if let Some(len) = at_boundary.then(|| exempt_len(&chars, i)).flatten() {
            out.extend(chars.get(i..i + len).unwrap_or_default());
            i += len;
            continue;
        }
        if !is_digit(c) {
            out.push(c);
            i += 1;
            continue;
        }
        // `i` starts a run of digits (a run is always consumed whole).
        if let Some(end) = ssn_end(&chars, i) {
            out.extend(mask_digits(chars.get(i..end).unwrap_or_default()));
            changed = true;
            i = end;
        } else {
            let run = run_len(&chars, i);
            out.extend(chars.get(i..i + run).unwrap_or_default());
            i += run;
        }
    }
    if !changed {
        return None;
    }
    if ascii || chars.len() == text.chars().count() {
        return Some(out);
    }
    // Masking maps each shown character to one: the invisible ones go back
    // where they were, between the characters written for the shown ones.
    let mut shown = out.chars();
    Some(
        text.chars()
            .map(|c| match is_invisible(c) {
                true => c,
                false => shown.next().unwrap_or(c),
            })
            .collect(),
    )
}

/// The masked form of a JSON number's text, if it holds an SSN-shaped run.
pub fn mask_number(text: &str) -> Option<String> {
    match scrub(text) {
        Cow::Owned(masked) => Some(masked),
        Cow::Borrowed(_) => None,
    }
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
        if is_invisible(c) {
            continue;
        }
        if run == 9 || (run == 3 && SEPARATORS.contains(&c)) {
            return true;
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
    if uuid && ends_at(36) {
        return Some(36);
    }
    let engine_id = rest.get(..18).is_some_and(|t| {
        t.first()
            .is_some_and(|&b| ENGINE_ID_PREFIXES.contains(&char::from(b)))
            && t.get(1) == Some(&b'-')
            && t.get(2..).is_some_and(|h| h.iter().all(|&b| hex(b, LOWER_HEX)))
    });
    (engine_id && ends_at(18)).then_some(18)
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
/// digits), each followed by no letter or digit.
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
    if uuid && ends_at(36) {
        return Some(36);
    }
    let engine_id = rest.len() >= 18
        && rest.first().is_some_and(|c| ENGINE_ID_PREFIXES.contains(c))
        && rest.get(1) == Some(&'-')
        && rest.iter().skip(2).take(16).all(lower_hex);
    (engine_id && ends_at(18)).then_some(18)
}

/// A token's characters with every digit but the last four masked.
fn mask_digits(token: &[char]) -> impl Iterator<Item = char> + '_ {
    let digits = token.iter().filter(|&&c| is_digit(c)).count();
    let mut seen = 0;
    token.iter().map(move |&c| {
        if is_digit(c) {
            seen += 1;
            if seen + 4 <= digits {
                return '*';
            }
        }
        c
    })
}

/// The output layer's JS mode (`to_writer_js`, feature `census`). Without
/// the feature it is nothing, and pkg/core's formatter is the one it was.
#[cfg(feature = "census")]
#[derive(Default)]
struct JsMode<'a> {
    /// Set in JS mode: numbers are written as JS would write them, and
    /// what may still differ from JS's text is noted here.
    differs: Option<&'a Cell<bool>>,
    /// Whether masking changed the current key: two keys masked alike are
    /// one key to JSON.parse.
    key_masked: bool,
}

#[cfg(not(feature = "census"))]
type JsMode<'a> = std::marker::PhantomData<&'a ()>;

/// The engine's JSON output layer: a serde_json `Formatter` around another
/// (compact or pretty) that scrubs every string, keys included, and turns a
/// number holding an SSN-shaped run into its masked string (money in keys
/// ending `_cents` excepted). Every result and error text leaves through it.
///
/// A string's fragments, as serde_json hands them over (split at the
/// characters it escapes), are gathered into one kept buffer and the whole
/// string is scrubbed at its end: an SSN may span an escaped character (a
/// tab or a line feed between its groups, cells or lines pasted). A string
/// without escapes is then written as one fragment; only one with escapes
/// is escaped again here (`escaped`).
pub struct ScrubFormatter<'a, F> {
    inner: F,
    /// JS mode (`to_writer_js`, feature `census`).
    js: JsMode<'a>,
    /// Inside a string.
    in_string: bool,
    /// The current string's text, unescaped (kept between strings).
    pending: String,
    /// Whether the current string has a character serde_json escapes.
    has_escape: bool,
    in_key: bool,
    /// The current key's text (keys only): whether it names money.
    key: String,
    /// Per open object: whether its current key names money (`…_cents`).
    money: Vec<bool>,
}

impl<F: Formatter> ScrubFormatter<'_, F> {
    pub fn new(inner: F) -> Self {
        ScrubFormatter {
            inner,
            js: JsMode::default(),
            in_string: false,
            pending: String::new(),
            has_escape: false,
            in_key: false,
            key: String::new(),
            money: Vec::new(),
        }
    }

    /// Writes `s` as a JSON string through the inner formatter.
    fn string<W: ?Sized + io::Write>(&mut self, w: &mut W, s: &str) -> io::Result<()> {
        self.inner.begin_string(w)?;
        self.escaped(w, s)?;
        self.inner.end_string(w)
    }

    /// Writes `s` as a JSON string's content, escaped as serde_json escapes.
    fn escaped<W: ?Sized + io::Write>(&mut self, w: &mut W, s: &str) -> io::Result<()> {
        let mut start = 0;
        for (i, b) in s.bytes().enumerate() {
            let escape = match b {
                b'"' => CharEscape::Quote,
                b'\\' => CharEscape::ReverseSolidus,
                b'\n' => CharEscape::LineFeed,
                b'\r' => CharEscape::CarriageReturn,
                b'\t' => CharEscape::Tab,
                0x08 => CharEscape::Backspace,
                0x0C => CharEscape::FormFeed,
                0..=0x1F => CharEscape::AsciiControl(b),
                _ => continue,
            };
            if let Some(run) = s.get(start..i).filter(|r| !r.is_empty()) {
                self.inner.write_string_fragment(w, run)?;
            }
            self.inner.write_char_escape(w, escape)?;
            start = i + 1;
        }
        if let Some(run) = s.get(start..).filter(|r| !r.is_empty()) {
            self.inner.write_string_fragment(w, run)?;
        }
        Ok(())
    }

    /// Writes a number given as its JSON text (made by the inner formatter).
    fn number<W: ?Sized + io::Write>(&mut self, w: &mut W, text: &[u8]) -> io::Result<()> {
        let text = std::str::from_utf8(text).map_err(io::Error::other)?;
        if self.in_string {
            // A map key that is a number: the whole key's text.
            return self.write_string_fragment(w, text);
        }
        let money = self.money.last().copied().unwrap_or(false);
        match mask_number(text).filter(|_| !money) {
            Some(masked) => self.string(w, &masked),
            None if self.js_mode() => self.js_number(w, text),
            None => w.write_all(text.as_bytes()),
        }
    }

    /// Whether numbers and keys are written as JS would (`to_writer_js`):
    /// never without the census entries (the pkg/core build).
    fn js_mode(&self) -> bool {
        #[cfg(feature = "census")]
        return self.js.differs.is_some();
        #[cfg(not(feature = "census"))]
        false
    }

    /// Notes that the text may differ from what JS would write of it.
    fn differs(&self) {
        #[cfg(feature = "census")]
        if let Some(flag) = self.js.differs {
            flag.set(true);
        }
    }

    /// Whether masking changed the current key (JS mode).
    fn key_masked(&self) -> bool {
        #[cfg(feature = "census")]
        return self.js.key_masked;
        #[cfg(not(feature = "census"))]
        false
    }

    /// JS mode, after a key: JSON.parse puts keys that are array indices
    /// first, and keeps one of two keys masked alike. (Out of line, as the
    /// other JS-mode steps, and only after keys: inlined into every
    /// serializer of every result type, they made the wasm ~16 KB larger.)
    #[inline(never)]
    fn js_key(&self) {
        if self.key_masked() || crate::jsjson::is_index_like(&self.key) {
            self.differs();
        }
    }

    /// Writes a number as `JSON.stringify(JSON.parse(text))` would (`1.0`
    /// as `1`, `1e21` as `1e+21`, a 20-digit integer rounded to a double);
    /// as it is, noted, when that cannot be told here (`jsjson::renumber`).
    #[inline(never)]
    fn js_number<W: ?Sized + io::Write>(&mut self, w: &mut W, text: &str) -> io::Result<()> {
        let mut buf = [0u8; crate::jsjson::NUMBER_ROOM];
        match crate::jsjson::js_number(text, &mut buf) {
            Some(js) => w.write_all(js),
            None => {
                self.differs();
                w.write_all(text.as_bytes())
            }
        }
    }
}

/// Renders a number with the inner formatter, then writes it through `number`.
macro_rules! numbers {
    ($($method:ident: $t:ty),+) => {$(
        fn $method<W: ?Sized + io::Write>(&mut self, w: &mut W, value: $t) -> io::Result<()> {
            // Any number's text fits (i128: 40 bytes; f64: 24), without an allocation.
            let mut buf = [0u8; 64];
            let mut text = io::Cursor::new(&mut buf[..]);
            self.inner.$method(&mut text, value)?;
            let len = usize::try_from(text.position()).unwrap_or(0);
            self.number(w, buf.get(..len).unwrap_or_default())
        }
    )+};
}

impl<F: Formatter> Formatter for ScrubFormatter<'_, F> {
    // Small integers too: a map key that is a number is written inside a string.
    numbers!(write_i8: i8, write_i16: i16, write_i32: i32, write_i64: i64, write_i128: i128,
             write_u8: u8, write_u16: u16, write_u32: u32, write_u64: u64, write_u128: u128,
             write_f32: f32, write_f64: f64);

    fn write_number_str<W: ?Sized + io::Write>(&mut self, w: &mut W, value: &str) -> io::Result<()> {
        self.number(w, value.as_bytes())
    }

    fn write_null<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.inner.write_null(w)
    }

    fn write_bool<W: ?Sized + io::Write>(&mut self, w: &mut W, value: bool) -> io::Result<()> {
        self.inner.write_bool(w, value)
    }

    fn begin_string<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.in_string = true;
        self.pending.clear();
        self.has_escape = false;
        self.key.clear();
        #[cfg(feature = "census")]
        {
            self.js.key_masked = false;
        }
        self.inner.begin_string(w)
    }

    fn write_string_fragment<W: ?Sized + io::Write>(&mut self, w: &mut W, fragment: &str) -> io::Result<()> {
        let _ = w;
        if self.in_key {
            self.key.push_str(fragment);
        }
        self.pending.push_str(fragment);
        Ok(())
    }

    fn write_char_escape<W: ?Sized + io::Write>(&mut self, w: &mut W, escape: CharEscape) -> io::Result<()> {
        let _ = w;
        if self.in_key {
            // Not `_cents`'s last letters: any escape ends a key that is not money.
            self.key.push('\\');
        }
        self.pending.push(match escape {
            CharEscape::Quote => '"',
            CharEscape::ReverseSolidus => '\\',
            CharEscape::Solidus => '/',
            CharEscape::Backspace => '\u{8}',
            CharEscape::FormFeed => '\u{C}',
            CharEscape::LineFeed => '\n',
            CharEscape::CarriageReturn => '\r',
            CharEscape::Tab => '\t',
            CharEscape::AsciiControl(b) => char::from(b),
        });
        self.has_escape = true;
        Ok(())
    }

    fn end_string<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.in_string = false;
        let pending = std::mem::take(&mut self.pending);
        let scrubbed = scrub(&pending);
        #[cfg(feature = "census")]
        {
            self.js.key_masked |= self.in_key && matches!(scrubbed, Cow::Owned(_));
        }
        // Masking turns digits into `*`: nothing it writes needs escaping.
        let written = match self.has_escape {
            true => self.escaped(w, &scrubbed),
            false if scrubbed.is_empty() => Ok(()),
            false => self.inner.write_string_fragment(w, &scrubbed),
        };
        drop(scrubbed);
        self.pending = pending;
        written?;
        if self.in_key {
            if let Some(top) = self.money.last_mut() {
                *top = self.key.ends_with("_cents");
            }
        }
        self.inner.end_string(w)
    }

    fn write_byte_array<W: ?Sized + io::Write>(&mut self, w: &mut W, value: &[u8]) -> io::Result<()> {
        self.inner.write_byte_array(w, value)
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.inner.begin_array(w)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.inner.end_array(w)
    }

    fn begin_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.inner.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.inner.end_array_value(w)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.money.push(false);
        self.inner.begin_object(w)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.money.pop();
        self.inner.end_object(w)
    }

    fn begin_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.in_key = true;
        self.inner.begin_object_key(w, first)
    }

    fn end_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.in_key = false;
        if self.js_mode() {
            self.js_key();
        }
        self.inner.end_object_key(w)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.inner.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.inner.end_object_value(w)
    }

    fn write_raw_fragment<W: ?Sized + io::Write>(&mut self, w: &mut W, fragment: &str) -> io::Result<()> {
        // Raw JSON (never made by the engine's types) is scrubbed as text.
        if self.js_mode() {
            self.differs();
        }
        self.inner.write_raw_fragment(w, &scrub(fragment))
    }
}

/// Serializes `value` as compact JSON through the output layer.
pub fn to_writer<W: io::Write, T: Serialize + ?Sized>(writer: W, value: &T) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(writer, ScrubFormatter::new(CompactFormatter));
    value.serialize(&mut ser)
}

/// Serializes `value` as compact JSON through the output layer, written as
/// JavaScript would write it (feature `census`, whose entries use it; the
/// pkg/core build compiles no JS mode): the text is `JSON.stringify(JSON.parse(text))`
/// when this returns `true`. When `false`, JS would write it otherwise (a
/// key JSON.parse orders first or two keys masked alike, which it merges; a
/// number whose shortest form has more than 15 digits: `jsjson`), and the
/// caller must let JS parse and write it again. Masking is decided on the
/// number serde_json writes, as for `to_writer`: the same numbers are masked.
#[cfg(feature = "census")]
pub fn to_writer_js<W: io::Write, T: Serialize + ?Sized>(writer: W, value: &T) -> serde_json::Result<bool> {
    // The same formatter type as `to_writer`'s: the serialization code of
    // every result type is compiled once for both (a second formatter type
    // was ~50 KB more wasm); JS mode is a run-time switch.
    let differs = Cell::new(false);
    let formatter = ScrubFormatter {
        js: JsMode {
            differs: Some(&differs),
            key_masked: false,
        },
        ..ScrubFormatter::new(CompactFormatter)
    };
    value.serialize(&mut serde_json::Serializer::with_formatter(writer, formatter))?;
    Ok(!differs.get())
}

/// `value` as compact JSON text, through the output layer.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    to_writer(&mut out, value)?;
    String::from_utf8(out).map_err(serde::ser::Error::custom)
}

/// `value` as indented JSON text, through the output layer.
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    let formatter = ScrubFormatter::new(PrettyFormatter::new());
    value.serialize(&mut serde_json::Serializer::with_formatter(&mut out, formatter))?;
    String::from_utf8(out).map_err(serde::ser::Error::custom)
}

/// `value` as the JSON value the output layer would write (for callers that
/// hand results on as values rather than text).
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Value> {
    serde_json::from_str(&to_string(value)?)
}

/// A serde error's reason without the input values it quotes: serde says
/// `invalid type: string "219-45-3876", expected …`; this says
/// `invalid type, expected …`. Field names (the engine's own) are kept.
pub fn serde_reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let quoting = [
        "invalid type",
        "invalid value",
        "unknown variant",
        "unknown field",
    ];
    let reason = match quoting.iter().find(|p| text.starts_with(*p)) {
        // The expectation comes last and is the engine's own text.
        Some(prefix) => match text.rfind(", expected ") {
            Some(at) => format!("{prefix}{}", text.get(at..).unwrap_or_default()),
            None => (*prefix).to_owned(),
        },
        None => text,
    };
    scrub(&reason).into_owned()
}

#[cfg(test)]
mod tests {
    // Test code: indexing into arrays it just built.
    #![allow(clippy::indexing_slicing)]

    use super::*;
    use serde_json::json;

    /// A string written through the output layer is its whole text scrubbed,
    /// then escaped: scrubbing serde_json's fragments one by one (split at
    /// the characters it escapes) masks exactly the same digits.
    #[test]
    fn strings_scrubbed_by_fragment_equal_strings_scrubbed_whole() {
        let atoms = [
            "219-45-3876",
            "219453876",
            "219",
            "45",
            "3876",
            "-",
            " ",
            "\n",
            "\"",
            "\\",
            "\t",
            "\u{1}",
            ".",
            ":56.",
            "a",
            "é",
            "１２３",
            "123e4567-e89b-12d3-a456-426614174000",
            "D-0123456789abcdef",
            "_cents",
            "219\t45\t3876",
            "\r\n",
            "2\u{200D}1",
            "\u{200B}",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..50_000 {
            let text: String = (0..next(8)).map(|_| atoms[next(atoms.len())]).collect();
            let whole = serde_json::to_string(&scrub(&text)).unwrap_or_default();
            assert_eq!(to_string(&text).unwrap_or_default(), whole, "{text:?}");
            // As a key too, and a money key's number stays a number.
            let key = to_string(&json!({ text.clone(): 1 })).unwrap_or_default();
            assert_eq!(key, format!("{{{whole}:1}}"), "{text:?}");
        }
        assert_eq!(
            to_string(&json!({"a\n_cents": 219453876})).unwrap_or_default(),
            r#"{"a\n_cents":219453876}"#
        );
        assert_eq!(
            to_string(&json!({"a_cents\n": 219453876})).unwrap_or_default(),
            r#"{"a_cents\n":"*****3876"}"#
        );
    }

    /// The ASCII pre-filter never lets through a text `scrub` would change:
    /// when it says "no candidate", the full rewrite leaves the text as is.
    #[test]
    fn the_ascii_filter_only_skips_texts_scrub_leaves_alone() {
        let atoms = [
            "219-45-3876",
            "219453876",
            "2194538760",
            "123e4567-e89b-12d3-a456-426614174000",
            "D-0123456789abcdef",
            "T-0123456789abcdeg",
            "-",
            ".",
            " ",
            "/",
            "_",
            ",",
            "a",
            "Z",
            "x",
            "0",
            "12",
            "123",
            "45",
            "3876",
            "12:00:00.",
            ":",
            "123e4567-e89b-12d3-a456-42661417400",
            "A-",
            "f",
            "9",
        ];
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut checked = 0;
        for _ in 0..100_000 {
            let text: String = (0..next(8)).map(|_| atoms[next(atoms.len())]).collect();
            if !has_candidate_ascii(text.as_bytes()) {
                checked += 1;
                let chars: Vec<char> = text.chars().collect();
                let mut i = 0;
                // The rewrite's own loop, asked only whether it would mask anything.
                while i < chars.len() {
                    let at_boundary = i == 0 || !chars.get(i - 1).is_some_and(|p| p.is_alphanumeric());
                    if let Some(len) = at_boundary.then(|| exempt_len(&chars, i)).flatten() {
                        i += len;
                    } else if is_digit(chars[i]) {
                        assert!(ssn_end(&chars, i).is_none(), "{text}");
                        i += run_len(&chars, i);
                    } else {
                        i += 1;
                    }
                }
                assert_eq!(scrub(&text), text);
            }
        }
        assert!(checked > 10_000, "{checked}");
    }

    /// Every written form, and what must be left alone.
    #[test]
    fn scrub_table() {
        let masked: &[(&str, &str)] = &[
            ("219453876", "*****3876"),
            ("ssn 219453876 is bad", "ssn *****3876 is bad"),
            ("x219453876", "x*****3876"),
            ("219453876x", "*****3876x"),
            ("219-45-3876", "***-**-3876"),
            ("219.45.3876", "***.**.3876"),
            ("219 45 3876", "*** ** 3876"),
            ("219 45 3876.", "*** ** 3876."),
            ("219 - 45 - 3876", "*** - ** - 3876"),
            ("219\u{2013}45\u{2013}3876", "***\u{2013}**\u{2013}3876"),
            ("219\u{2014}45\u{2014}3876", "***\u{2014}**\u{2014}3876"),
            ("219\u{2212}45\u{2212}3876", "***\u{2212}**\u{2212}3876"),
            ("219\u{2011}45\u{2011}3876", "***\u{2011}**\u{2011}3876"),
            ("219\u{00A0}45\u{00A0}3876", "***\u{00A0}**\u{00A0}3876"),
            ("219\u{202F}45\u{202F}3876", "***\u{202F}**\u{202F}3876"),
            ("219\u{FF0D}45\u{FF0D}3876", "***\u{FF0D}**\u{FF0D}3876"),
            ("219-45 3876", "***-** 3876"),
            ("219/45/3876", "***/**/3876"),
            ("É 219/45/3876 Rivera", "É ***/**/3876 Rivera"),
            ("219_45_3876", "***_**_3876"),
            ("219,45,3876", "***,**,3876"),
            ("219\u{00AD}45\u{00AD}3876", "***\u{00AD}**\u{00AD}3876"),
            ("219\u{00B7}45\u{00B7}3876", "***\u{00B7}**\u{00B7}3876"),
            ("219\u{200B}45\u{200B}3876", "***\u{200B}**\u{200B}3876"),
            ("２１９４５３８７６", "*****３８７６"),
            ("２１９－４５－３８７６", "***－**－３８７６"),
            ("٢١٩٤٥٣٨٧٦", "*****٣٨٧٦"),
            ("۲۱۹-۴۵-۳۸۷۶", "***-**-۳۸۷۶"),
            ("२१९४५३८७६", "*****३८७६"),
            ("/carriers/219-45-3876", "/carriers/***-**-3876"),
            ("a\"219453876\"b", "a\"*****3876\"b"),
            ("1-219-45-3876", "1-***-**-3876"),
            ("-219453876", "-*****3876"),
            ("219453876.5", "*****3876.5"),
            ("0.219453876", "0.*****3876"),
            ("219453876 and 123-45-6789", "*****3876 and ***-**-6789"),
            // Hex that is neither a UUID nor an engine id is not exempt.
            ("ab123456789cd", "ab*****6789cd"),
            ("D-123456789abcdef", "D-*****6789abcdef"),
            // Invisible characters between digits are read through, and kept.
            ("2\u{200D}1\u{200D}9\u{200D}4\u{200D}5\u{200D}3\u{200D}8\u{200D}7\u{200D}6",
             "*\u{200D}*\u{200D}*\u{200D}*\u{200D}*\u{200D}3\u{200D}8\u{200D}7\u{200D}6"),
            ("219\u{200D}45\u{200D}3876", "***\u{200D}**\u{200D}3876"),
            ("219\u{200C}45\u{2060}3876", "***\u{200C}**\u{2060}3876"),
            ("219\u{FEFF}45\u{200E}3876", "***\u{FEFF}**\u{200E}3876"),
            ("2\u{200B}1\u{200B}9\u{200B}4\u{200B}5\u{200B}3\u{200B}8\u{200B}7\u{200B}6",
             "*\u{200B}*\u{200B}*\u{200B}*\u{200B}*\u{200B}3\u{200B}8\u{200B}7\u{200B}6"),
            ("2\u{FE0F}\u{20E3}1\u{FE0F}\u{20E3}9\u{FE0F}\u{20E3}4\u{FE0F}\u{20E3}5\u{FE0F}\u{20E3}3\u{FE0F}\u{20E3}8\u{FE0F}\u{20E3}7\u{FE0F}\u{20E3}6\u{FE0F}\u{20E3}",
             "*\u{FE0F}\u{20E3}*\u{FE0F}\u{20E3}*\u{FE0F}\u{20E3}*\u{FE0F}\u{20E3}*\u{FE0F}\u{20E3}3\u{FE0F}\u{20E3}8\u{FE0F}\u{20E3}7\u{FE0F}\u{20E3}6\u{FE0F}\u{20E3}"),
            ("2\u{332}1\u{332}9\u{332}453876", "*\u{332}*\u{332}*\u{332}**3876"),
            // Cells or lines pasted, more spaces, dashes, slashes, commas and dots.
            ("219\t45\t3876", "***\t**\t3876"),
            ("219\n45\n3876", "***\n**\n3876"),
            ("219\r\n45\r\n3876", "***\r\n**\r\n3876"),
            ("219\u{2007}45\u{2007}3876", "***\u{2007}**\u{2007}3876"),
            ("219\u{2002}45\u{200A}3876", "***\u{2002}**\u{200A}3876"),
            ("219\u{2015}45\u{FE58}3876", "***\u{2015}**\u{FE58}3876"),
            ("219\u{FF0F}45\u{FF0C}3876", "***\u{FF0F}**\u{FF0C}3876"),
            ("219\u{3001}45\u{30FB}3876", "***\u{3001}**\u{30FB}3876"),
            ("219\u{FF3F}45\u{2022}3876", "***\u{FF3F}**\u{2022}3876"),
            // Runs of separators, colons, and a fraction after no whole time.
            ("219--45--3876", "***--**--3876"),
            ("219 -- 45 -- 3876", "*** -- ** -- 3876"),
            ("219-.-45_/_3876", "***-.-**_/_3876"),
            ("219\u{2013}\u{2013}45\u{2014} 3876", "***\u{2013}\u{2013}**\u{2014} 3876"),
            ("219:45:3876", "***:**:3876"),
            ("10:30.219453876", "10:30.*****3876"),
            ("1:00:00.219453876", "1:00:00.*****3876"),
            // Digits that are not Nd but read as digits.
            ("²¹⁹⁴⁵³⁸⁷⁶", "*****³⁸⁷⁶"),
            ("②①⑨④⑤③⑧⑦⑥", "*****③⑧⑦⑥"),
            ("₂₁₉-₄₅-₃₈₇₆", "***-**-₃₈₇₆"),
            // Not a time of day; not a letter the engine's ids begin with.
            ("99:99:99.219453876", "99:99:99.*****3876"),
            ("12:60:00.219453876", "12:60:00.*****3876"),
            ("24:00:00.219453876", "24:00:00.*****3876"),
            ("N-abcdef219453876a", "N-abcdef*****3876a"),
        ];
        for (input, want) in masked {
            assert_eq!(scrub(input), *want, "{input}");
            assert_eq!(scrub(want), *want, "idempotent: {want}");
        }
        let kept: &[&str] = &[
            "",
            "no digits",
            "The document is more than 4,194,304 bytes",
            "219,453,876",
            "1234567890",
            "12345678",
            "+12065551234",
            "+1 206 555 1234",
            "(206) 555-1234",
            "206-555-1234",
            "2022-01-01",
            "2026-11-25T12:00:00Z",
            "2026-11-25T12:00:00.123456789Z",
            "2026-11-25 12:00:00.123456789+01:00",
            "12/31/2026",
            "ab740704-7c37-4010-92b3-d22c6926be3e",
            "AB740704-7C37-4010-92B3-D22C6926BE3E",
            "12345678-1234-4123-8123-123456789012",
            "D-123456789abcdef0",
            "T-0123456789abcdef",
            "P-a123456789bcdef0 and C-9999999990000000",
            "/coverages/1/enrolled_members/219",
            "1234-56-7890",
            "21-945-3876",
            "219-45-38761",
            "2194-5-3876",
            "219------45------3876",
            "2026-11-25T10:30:00.219453876Z",
            "10:30:00.219453876",
            "23:59:60.219453876",
            "X-0123456789abcdef",
            "4,194,304 bytes",
            "½ 219 45",
            "219\u{200D}4538760",
            "x\u{200D}\u{200D}2\u{200D}",
            "12\t345\t6789",
            "①②③ ④⑤",
        ];
        for input in kept {
            assert!(
                matches!(scrub(input), Cow::Borrowed(_)),
                "{input} -> {}",
                scrub(input)
            );
        }
    }

    /// The quick checks let through every text the rewrite would mask,
    /// and the plain scan finds a candidate wherever the exact one does
    /// (so it may answer for it when it finds none): texts of digits,
    /// separators, spaces, letters, a UUID and an engine id: every text of
    /// up to five pieces.
    #[test]
    fn plain_scan_covers_the_exact_one() {
        let pieces = [
            "1",
            "12",
            "123",
            "1234",
            "12345",
            "123456789",
            "-",
            ".",
            " ",
            "  ",
            "\t",
            "\r\n",
            "/",
            "_",
            ":",
            "a",
            "Z",
            "f",
            "0f3e9a12-1234-4abc-8def-123456789012",
            "D-0123456789abcdef",
        ];
        let n = pieces.len();
        let mut masked = 0;
        for mut k in 0..n.pow(5) {
            let mut text = String::new();
            while k > 0 {
                text.push_str(pieces[k % n]);
                k /= n;
            }
            if rewrite(&text).is_some() {
                masked += 1;
                assert!(matches!(scrub(&text), Cow::Owned(_)), "{text}");
                assert!(has_exact_candidate(text.as_bytes()), "{text}");
            }
        }
        assert!(masked > 1000, "{masked}");
    }

    /// The plain scan covers the exact one (the pieces of the test above
    /// with an `x`, as before the plain scan checked the dashed form whole).
    #[test]
    fn plain_scan_covers_the_exact_one_on_words() {
        let pieces = [
            "1",
            "12",
            "123",
            "1234",
            "12345",
            "123456789",
            "-",
            ".",
            " ",
            "/",
            "a",
            "Z",
            "f",
            "0f3e9a12-1234-4abc-8def-123456789012",
            "D-0123456789abcdef",
            "x",
        ];
        let n = pieces.len();
        let mut seen = 0;
        for mut k in 0..n.pow(5) {
            let mut text = String::new();
            while k > 0 {
                text.push_str(pieces[k % n]);
                k /= n;
            }
            let b = text.as_bytes();
            if has_exact_candidate(b) {
                seen += 1;
                assert!(has_plain_candidate(b), "{text}");
            }
        }
        assert!(seen > 1000, "{seen}");
    }

    #[test]
    fn unicode_digits() {
        for c in [
            '0', '9', '０', '９', '٠', '٩', '۰', '०', '෦', '𝟎', '𝟿', '²', '¹', '⁹', '₀', '①', '⑨', '⓪', '❾',
            '🄊',
        ] {
            assert!(is_digit(c), "{c}");
        }
        for c in ['a', '/', ':', '½', 'Ⅻ', '〇', '\u{FF1A}', '⑩', '⁺'] {
            assert!(!is_digit(c), "{c}");
        }
    }

    #[test]
    fn numbers_become_masked_strings() {
        assert_eq!(mask_number("219453876").as_deref(), Some("*****3876"));
        assert_eq!(mask_number("-219453876").as_deref(), Some("-*****3876"));
        assert_eq!(mask_number("219453876.0").as_deref(), Some("*****3876.0"));
        assert_eq!(mask_number("4194304"), None);
        assert_eq!(mask_number("1219453876"), None);
    }

    /// The layer: keys, values, numbers, escapes, nesting; money kept.
    #[test]
    fn layer_scrubs_every_string_and_number() {
        let v = json!({
            "219-45-3876": "a \"219453876\"\n",
            "volume": 219453876_u64,
            "neg": -219453876_i64,
            "f": 219453876.5,
            "list": [219453876_u64, "x 219 45 3876", {"monthly_cents": 219453876_u64}, 219453876_u64],
            "monthly_cents": 219453876_u64,
            "totals_cents": [219453876_u64],
            "small": 4194304,
            "id": "D-123456789abcdef0",
        });
        let out = to_string(&v).unwrap_or_default();
        let back: Value = serde_json::from_str(&out).unwrap_or_default();
        assert_eq!(
            back,
            json!({
                "***-**-3876": "a \"*****3876\"\n",
                "volume": "*****3876",
                "neg": "-*****3876",
                "f": "*****3876.5",
                "list": ["*****3876", "x *** ** 3876", {"monthly_cents": 219453876_u64}, "*****3876"],
                "monthly_cents": 219453876_u64,
                "totals_cents": [219453876_u64],
                "small": 4194304,
                "id": "D-123456789abcdef0",
            })
        );
        assert!(!out.contains("219-45"), "{out}");
        // Pretty output is the same value.
        let pretty: Value =
            serde_json::from_str(&to_string_pretty(&v).unwrap_or_default()).unwrap_or_default();
        assert_eq!(pretty, back);
        // Integer map keys are part of the key's text.
        let keyed: std::collections::BTreeMap<u64, u8> = [(219453876, 1)].into();
        assert_eq!(to_string(&keyed).unwrap_or_default(), r#"{"*****3876":1}"#);
        let small: std::collections::BTreeMap<u8, i8> = [(7, -1)].into();
        assert_eq!(to_string(&small).unwrap_or_default(), r#"{"7":-1}"#);
        let big = [f64::MAX, -f64::MIN_POSITIVE, 1e300];
        assert_eq!(to_string(&big).ok(), serde_json::to_string(&big).ok());
        assert_eq!(to_string(&i128::MIN).ok(), serde_json::to_string(&i128::MIN).ok());
        // `scrub_value` masks the same, money included (it is never money).
        let mut want = back;
        for money in ["/list/2/monthly_cents", "/monthly_cents", "/totals_cents/0"] {
            if let Some(x) = want.pointer_mut(money) {
                *x = json!("*****3876");
            }
        }
        assert_eq!(scrub_value(v), want);
    }

    #[test]
    fn serde_reasons_quote_no_values() {
        let bad = |v: Value| serde_json::from_value::<u32>(v).err().map(|e| serde_reason(&e));
        assert_eq!(
            bad(json!("219-45-3876")).as_deref(),
            Some("invalid type, expected u32")
        );
        assert_eq!(
            bad(json!(-219453876)).as_deref(),
            Some("invalid value, expected u32")
        );
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct S {
            a: Option<u8>,
        }
        let known = serde_json::from_value::<S>(json!({"a": 7})).ok();
        assert_eq!(known.and_then(|s| s.a), Some(7));
        let e = serde_json::from_value::<S>(json!({"219-45-3876": 1})).err();
        assert_eq!(
            e.map(|e| serde_reason(&e)).as_deref(),
            Some("unknown field, expected `a`")
        );
    }
}
