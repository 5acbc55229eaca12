//! Privacy: the one function that masks social security numbers in text
//! (`scrub`), and the output layer every result and error leaves the engine
//! through (`to_writer` & co., a serde_json `Formatter`).
//!
//! Anything SSN-shaped is masked wherever it appears, whatever field it was
//! typed into: the engine cannot know that a `first_name`, a config key or
//! a claim note holds an SSN, so it masks the shape, not the field. The text
//! is read as shown: characters that show nothing (combining marks, format
//! characters, controls: `is_invisible`) are read through. What is left is
//! digits (any Unicode decimal digit, and the superscript, subscript and
//! circled forms: `is_digit`), letters (`char::is_alphanumeric`) and
//! separators: everything else (punctuation, symbols, spaces, line ends:
//! `is_separator`). Groups of digits joined by runs of one to
//! `MAX_SEPARATOR` separators make a chain. The forms recognised
//! (docs/api.md, Privacy):
//!
//! - nine digits in a row, not part of a longer run of digits;
//! - three, two and four digits, consecutive groups of a chain
//!   (`219-45-3876`, `219 - 45 - 3876`, `1 219-45-3876`);
//! - a whole chain of exactly nine digits, however grouped (`219 453 876`,
//!   `2 1 9 4 5 3 8 7 6`, `(219) 45-3876`, `219^45^3876`), except a ZIP+4
//!   (`97201-1234`: five and four digits joined by one `-`) and a chain
//!   holding a timestamp's fraction of a second (`12:00:00.123`).
//!
//! The soft hyphen and the zero-width space (invisible) are read both ways,
//! left out and as separators (`rewrite`).
//! Every digit but the last four becomes `*`. Left alone: UUIDs and the
//! engine's own ids (`D-` + 16 hex digits), which can hold nine digits in a
//! row by chance, when they stand alone (not ending in the first group of
//! an SSN that goes on after them), and the nanoseconds after a whole time of day
//! (`12:00:00.123456789`).
//! A JSON number whose text holds such a run (e.g. `219453876`) leaves as the
//! masked string, except money the engine computed (keys ending in `_cents`).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::ControlFlow;

use serde_json::Value;

use crate::model::reading::invisible_ascii;
pub use crate::model::reading::{is_digit, is_invisible, is_letter, is_separator};

mod formatter;
mod joined;
mod links;
#[cfg(test)]
mod oracle;
mod order;
#[cfg(test)]
mod tests;

pub use joined::scrub_joined;
pub use links::event_ids_alike;
pub use order::{first_shown, in_shown_order, MaskedAlike};

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
    // Every masked form (an exempt token glued to a chain too) has nine
    // digits: other text has at most its ASCII digits and one for each
    // non-ASCII character (a lead byte, 0xC0 and up, begins each; counted
    // apart, the ASCII loop above was a third slower for it).
    let candidate = if high < 0x80 {
        digits >= 9 && has_candidate_ascii(bytes)
    } else {
        digits + bytes.iter().filter(|&&b| b >= 0xC0).count() >= 9 && has_candidate(text)
    };
    match candidate.then(|| rewrite(text)).flatten() {
        Some(masked) => Cow::Owned(masked),
        None => Cow::Borrowed(text),
    }
}

/// `scrub` remembering the last long text it scrubbed and what that became,
/// for a writer of one result: a result shows a value in several places
/// (a field change in the difference of each carrier it goes to), and a
/// long one was scrubbed again in each (a 4 MiB `first_name` of `1` and a
/// zero-width space, three times in a `preview`'s output). Compared by
/// content, so any text equal to the last is answered alike. It holds that
/// text unmasked: kept no longer than the result's writing.
#[derive(Default)]
pub struct ScrubMemo {
    text: String,
    /// What `text` became, `None` when `scrub` left it as it was.
    masked: Option<String>,
}

impl ScrubMemo {
    /// Below this many bytes a text is scrubbed each time (no copy kept):
    /// as cheap as the comparison, and most strings of a result are short.
    const LONG: usize = 4096;

    /// `scrub(text)`.
    pub fn scrub<'s>(&'s mut self, text: &'s str) -> Cow<'s, str> {
        if text.len() < Self::LONG {
            return scrub(text);
        }
        if self.text != text {
            self.masked = match scrub(text) {
                Cow::Owned(masked) => Some(masked),
                Cow::Borrowed(_) => None,
            };
            self.text.clear();
            self.text.push_str(text);
        }
        match &self.masked {
            Some(masked) => Cow::Borrowed(masked),
            None => Cow::Borrowed(text),
        }
    }
}

/// `text` with every SSN-shaped token outside the exempt ones masked, or
/// `None` when it has none: `scrub` after its quick checks (which must only
/// ever let through texts this would leave alone).
///
/// The text is read as shown: invisible characters left out (and kept in
/// place in what is written). ASCII text is read byte by byte, its controls
/// left out (`invisible_ascii`), without the Unicode tables. The two
/// invisible characters that are also separators (a soft hyphen, a
/// zero-width space: `INVISIBLE_SEPARATORS`) are read both ways, left out
/// and as separators, and a digit masked by either reading is masked:
/// `219\u{AD}45-3876` is an SSN with a soft hyphen between its groups (left
/// out, it would read as the ZIP+4 `21945-3876`).
///
/// Other text is read as bytes too, one a character shown (`readings`):
/// each character is decoded and looked up once, and `scan` runs over a
/// byte a character, not over `char`s collected twice over (4 MiB of `1`
/// and a zero-width space took 0.24 s in wasm that way; the old reading is
/// `oracle::rewrite`, which the tests compare this with).
fn rewrite(text: &str) -> Option<String> {
    if text.is_ascii() {
        return rewrite_ascii(text.as_bytes());
    }
    // Each reading of the text as shown: `plain` leaves every invisible
    // character out, `split` (only when the text has a soft hyphen or a
    // zero-width space) reads those two as separators.
    let both = text.contains(INVISIBLE_SEPARATORS);
    let mut plain = Vec::with_capacity(text.len());
    let mut split = Vec::with_capacity(if both { text.len() } else { 0 });
    let mut read = Readings::default();
    for c in text.chars() {
        let (p, s) = read.char(c);
        plain.extend(p);
        if both {
            split.extend(s);
        }
    }
    // Which characters of each reading are hidden.
    let mut changed = false;
    let mut hidden = |shown: &[u8]| {
        let mut star = vec![false; shown.len()];
        let _ = scan(shown, &mut |p| {
            if let Some(s) = star.get_mut(p) {
                *s = true;
                changed = true;
            }
            ControlFlow::Continue(())
        });
        star
    };
    let (plain_star, split_star) = (hidden(&plain), hidden(&split));
    if !changed {
        return None;
    }
    // The text again, each character's place in each reading counted as
    // it was read: hidden in either, it is written `*`.
    let (mut at_plain, mut at_split) = (0, 0);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let (p, s) = read.char(c);
        let mut star = false;
        if p.is_some() {
            star |= plain_star.get(at_plain).copied().unwrap_or_default();
            at_plain += 1;
        }
        if both && s.is_some() {
            star |= split_star.get(at_split).copied().unwrap_or_default();
            at_split += 1;
        }
        out.push(if star { '*' } else { c });
    }
    Some(out)
}

/// How a character reads in each of `rewrite`'s readings: as its byte
/// (`shown_byte`), or left out (`None`), with the soft hyphen and the
/// zero-width space shown in the second. The last non-ASCII character read
/// is remembered: a long text repeats a few (a hostile one, one).
#[derive(Default)]
struct Readings {
    last: Option<(char, Read)>,
}

/// A character in each of `rewrite`'s readings: its byte, or `None`.
type Read = (Option<u8>, Option<u8>);

impl Readings {
    fn char(&mut self, c: char) -> Read {
        if let Some(b) = u8::try_from(c).ok().filter(u8::is_ascii) {
            let shown = (!invisible_ascii(b)).then_some(b);
            return (shown, shown);
        }
        match self.last {
            Some((last, read)) if last == c => read,
            _ => {
                let byte = shown_byte(c);
                let read = if !is_invisible(c) {
                    (Some(byte), Some(byte))
                } else if INVISIBLE_SEPARATORS.contains(&c) {
                    (None, Some(byte))
                } else {
                    (None, None)
                };
                self.last = Some((c, read));
                read
            }
        }
    }
}

/// A non-ASCII character as `scan` reads it, in one byte: `WIDE` and the
/// classes it has of `DIGIT` (`is_digit`), `LETTER` (`is_letter`) and
/// `ALNUM` (`char::is_alphanumeric`) — all `scan` asks of a character that
/// is not ASCII. No such byte is ASCII or a hex digit (`CLASS`).
fn shown_byte(c: char) -> u8 {
    let class = |yes: bool, bit: u8| if yes { bit } else { 0 };
    WIDE | class(is_digit(c), DIGIT) | class(is_letter(c), LETTER) | class(c.is_alphanumeric(), ALNUM)
}

/// `rewrite` of ASCII text: its bytes read as shown (controls left out).
fn rewrite_ascii(bytes: &[u8]) -> Option<String> {
    let mut out = bytes.to_vec();
    let mut changed = false;
    if bytes.iter().any(|&b| invisible_ascii(b)) {
        let (at, shown): (Vec<usize>, Vec<u8>) = bytes
            .iter()
            .enumerate()
            .filter(|&(_, &b)| !invisible_ascii(b))
            .map(|(k, &b)| (k, b))
            .unzip();
        let _ = scan(&shown, &mut |p| {
            if let Some(b) = at.get(p).and_then(|&k| out.get_mut(k)) {
                *b = b'*';
                changed = true;
            }
            ControlFlow::Continue(())
        });
    } else {
        let _ = scan(bytes, &mut |p| {
            if let Some(b) = out.get_mut(p) {
                *b = b'*';
                changed = true;
            }
            ControlFlow::Continue(())
        });
    }
    changed.then(|| String::from_utf8(out).ok()).flatten()
}

/// The invisible characters that are separators too (`is_invisible`, and
/// shown as a break or a hyphen where a line is cut): `rewrite` reads them
/// both ways.
const INVISIBLE_SEPARATORS: [char; 2] = ['\u{00AD}', '\u{200B}'];

/// A character as `scan` reads it, of a text as shown (invisible
/// characters left out): a byte of ASCII text, or of any text read by
/// `rewrite` (`shown_byte`); the tests' oracle reads `char`s.
trait Shown: Copy {
    /// A digit (`is_digit`).
    fn digit(self) -> bool;
    /// A letter or digit of any kind: what is neither is a separator.
    fn alphanumeric(self) -> bool;
    /// The character if it is ASCII.
    fn ascii(self) -> Option<u8>;
    /// Length of a token never masked at `i` (`exempt_len`).
    fn exempt(shown: &[Self], i: usize) -> Option<usize>;
    fn separator(self) -> bool {
        !self.digit() && !self.alphanumeric()
    }
}

impl Shown for u8 {
    fn digit(self) -> bool {
        is(self, DIGIT)
    }
    fn alphanumeric(self) -> bool {
        is(self, LETTER)
    }
    fn ascii(self) -> Option<u8> {
        self.is_ascii().then_some(self)
    }
    fn exempt(shown: &[u8], i: usize) -> Option<usize> {
        exempt_len_ascii(shown.get(i..)?)
    }
}

/// The chain of digit groups `scan` is reading: groups joined by runs of
/// one to `MAX_SEPARATOR` separators.
#[derive(Default)]
struct Chain {
    /// Where its first digit is, when one is open.
    start: Option<usize>,
    digits: usize,
    groups: usize,
    /// Whether it is five digits, one `-`, four digits so far (ZIP+4).
    zip: bool,
    /// Whether a group is a timestamp's fraction of a second.
    stamped: bool,
    /// Start and length of its last three groups, the last one last.
    recent: [(usize, usize); 3],
    /// Where its next group must start for it to go on.
    next: Option<usize>,
}

/// Calls `hide` with the position in `shown` (a text as shown) of every
/// digit an SSN-shaped token outside the exempt ones hides: all its digits
/// but the last four. A position may come more than once. Stops when
/// `hide` breaks. Linear: every character is looked at a bounded number of
/// times (a chain is read once more when it is masked whole).
fn scan<T: Shown>(shown: &[T], hide: &mut impl FnMut(usize) -> ControlFlow<()>) -> ControlFlow<()> {
    let mut chain = Chain::default();
    let mut i = 0;
    while let Some(&c) = shown.get(i) {
        let at_boundary = i == 0 || !shown.get(i - 1).is_some_and(|p| p.alphanumeric());
        if let Some(len) = at_boundary.then(|| T::exempt(shown, i)).flatten() {
            // An exempt token ends any chain (its digits are no group), but
            // the digits it begins with may end one open before it, and
            // those it ends with may begin the next: both readings count
            // (`219-45-3876abcd-…`, `219 453 876abcde-0000-…`,
            // `D-0123456789abc219 453 876`: review 23d).
            if chain.next == Some(i) {
                glued_before(shown, &chain, i, hide)?;
            }
            close(shown, &mut chain, hide)?;
            glued_after(shown, &mut chain, i + len);
            i += len;
            continue;
        }
        if !c.digit() {
            i += 1;
            continue;
        }
        // `i` starts a run of digits (a run is always consumed whole).
        let len = run_len(shown, i);
        if chain.next != Some(i) {
            close(shown, &mut chain, hide)?;
            chain.start = Some(i);
        }
        let stamp = nanoseconds(shown, i);
        if len == 9 && !stamp {
            (i..i + 5).try_for_each(&mut *hide)?;
        }
        if chain.groups == 0 {
            chain.zip = len == 5;
        }
        chain.digits += len;
        chain.groups += 1;
        chain.stamped |= stamp;
        let [_, older, last] = chain.recent;
        chain.recent = [older, last, (i, len)];
        if let [(a, 3), (b, 2), (_, 4)] = chain.recent {
            (a..a + 3).chain(b..b + 2).try_for_each(&mut *hide)?;
        }
        let end = i + len;
        let next = next_group(shown, end);
        if chain.groups == 1 {
            chain.zip &= next == Some(end + 1) && shown.get(end).and_then(|c| c.ascii()) == Some(b'-');
        }
        chain.next = next;
        if chain.next.is_none() {
            close(shown, &mut chain, hide)?;
        }
        i = end;
    }
    close(shown, &mut chain, hide)
}

/// The exempt token at `i` goes on from `chain`: its leading digits end a
/// 3-2-4, or make nine digits with the chain (not a ZIP+4).
fn glued_before<T: Shown>(
    shown: &[T],
    chain: &Chain,
    i: usize,
    hide: &mut impl FnMut(usize) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let lead = run_len(shown, i);
    if lead == 4 {
        if let [_, (a, 3), (b, 2)] = chain.recent {
            (a..a + 3).chain(b..b + 2).try_for_each(&mut *hide)?;
        }
    }
    let zip = chain.groups == 1 && chain.zip && lead == 4;
    match chain.start {
        Some(start) if chain.digits + lead == 9 && !chain.stamped && !zip => {
            hide_first_five(shown, start, hide)
        }
        _ => ControlFlow::Continue(()),
    }
}

/// After an exempt token ending at `end`: when separators and a digit
/// follow, its trailing digits open the next chain.
fn glued_after<T: Shown>(shown: &[T], chain: &mut Chain, end: usize) {
    let tail = shown
        .get(..end)
        .unwrap_or_default()
        .iter()
        .rev()
        .take_while(|c| c.digit())
        .count();
    let Some(next) = next_group(shown, end).filter(|_| tail > 0) else {
        return;
    };
    let start = end - tail;
    *chain = Chain {
        start: Some(start),
        digits: tail,
        groups: 1,
        zip: tail == 5 && next == end + 1 && shown.get(end).and_then(|c| c.ascii()) == Some(b'-'),
        stamped: false,
        recent: [(0, 0), (0, 0), (start, tail)],
        next: Some(next),
    };
}

/// Hides the first five digits from `start`.
fn hide_first_five<T: Shown>(
    shown: &[T],
    start: usize,
    hide: &mut impl FnMut(usize) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let digits = shown.get(start..).unwrap_or_default().iter().enumerate();
    digits
        .filter(|(_, c)| c.digit())
        .take(5)
        .try_for_each(|(k, _)| hide(start + k))
}

/// Ends `chain` (if one is open): a chain of exactly nine digits, however
/// grouped, is masked unless it is a ZIP+4 or holds a timestamp's fraction
/// of a second.
fn close<T: Shown>(
    shown: &[T],
    chain: &mut Chain,
    hide: &mut impl FnMut(usize) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let done = std::mem::take(chain);
    let Some(start) = done.start else {
        return ControlFlow::Continue(());
    };
    if done.digits != 9 || done.stamped || (done.groups == 2 && done.zip) {
        return ControlFlow::Continue(());
    }
    hide_first_five(shown, start, hide)
}

/// Whether `text` may hold an SSN: a chain (invisible characters read
/// through) of nine digits or more, where every masked form is. Only a
/// first look: `rewrite` decides. Each character read as `rewrite` reads it
/// (`Readings`: a text of one letter repeated looks it up once; no digit
/// is invisible, tests::shown_bytes_read_as_their_characters).
fn has_candidate(text: &str) -> bool {
    let (mut digits, mut joint) = (0, 0);
    let mut read = Readings::default();
    for c in text.chars() {
        let Some(b) = read.char(c).0 else {
            continue;
        };
        if is(b, DIGIT) {
            if joint > MAX_SEPARATOR {
                digits = 0;
            }
            digits += 1;
            joint = 0;
            if digits >= 9 {
                return true;
            }
        } else if is(b, LETTER) {
            (digits, joint) = (0, 0);
        } else {
            joint += 1;
        }
    }
    false
}

/// `has_candidate` for ASCII text, skipping the tokens `scrub` never masks
/// (UUIDs, engine ids) as it does: every id the engine writes out has runs
/// of digits, so without this many strings of a result went through the
/// character-by-character rewrite only to come out unchanged (12% of a wasm
/// call answering with carrier ids).
fn has_candidate_ascii(bytes: &[u8]) -> bool {
    // A plain scan first, for a chain of nine digits or more (every masked
    // form is in one; skipping an exempt token only ever splits a chain).
    // Most texts stop here, at a few instructions a byte, without the
    // exempt-token checks at every boundary (`scrub` was ~10 % of a
    // keystroke natively; this took a tenth of that). A text with
    // controls (read through) goes to the rewrite: the exact scan reads
    // bytes as shown.
    match has_plain_candidate(bytes) {
        Plain::None => false,
        Plain::Controls => true,
        Plain::Chain => has_exact_candidate(bytes),
    }
}

/// What `has_plain_candidate` found.
#[derive(Debug, PartialEq)]
enum Plain {
    /// No chain of nine digits or more.
    None,
    /// One, in text without controls.
    Chain,
    /// One, in text with controls.
    Controls,
}

/// `has_candidate_ascii`'s first look: a chain of nine digits or more,
/// controls read through.
fn has_plain_candidate(bytes: &[u8]) -> Plain {
    let (mut digits, mut joint, mut found, mut controls) = (0, 0, false, false);
    for &b in bytes {
        if b.is_ascii_digit() {
            if joint > MAX_SEPARATOR {
                digits = 0;
            }
            digits += 1;
            joint = 0;
            found |= digits >= 9;
        } else if b.is_ascii_alphanumeric() {
            (digits, joint) = (0, 0);
        } else if invisible_ascii(b) {
            controls = true;
        } else {
            joint += 1;
        }
    }
    match (found, controls) {
        (false, _) => Plain::None,
        (true, false) => Plain::Chain,
        (true, true) => Plain::Controls,
    }
}

/// `has_candidate_ascii`'s exact look (text without controls): whether
/// `scan` hides anything.
fn has_exact_candidate(bytes: &[u8]) -> bool {
    scan(bytes, &mut |_| ControlFlow::Break(())).is_break()
}

/// The masked form of a JSON number's text, if it holds an SSN-shaped run.
/// An integer is read as text (`scrub`). A number with a fraction or an
/// exponent is masked whole when its significant digits are nine or more
/// (`fraction_masked`).
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
/// `279453876.0123457` — how much of a fraction an f64 keeps depends on
/// the integer part's size. And the nine digits may sit anywhere among
/// its significant ones (`1234.219453876`). With nine or more, every digit
/// is hidden: `*********` (with its sign), the same for every such number.
fn fraction_masked(text: &str) -> Option<String> {
    let mantissa = text.split(['e', 'E']).next().unwrap_or_default();
    let significant = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .skip_while(|&b| b == b'0')
        .count();
    let sign = if text.starts_with('-') { "-" } else { "" };
    (significant >= 9).then(|| format!("{sign}*********"))
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

/// Length of a token at the start of `rest` that is never masked: a UUID
/// (8-4-4-4-12 hex digits) or an engine id (an upper-case letter, `-`, 16
/// lower-case hex digits), each followed by no letter or digit of any kind
/// (`ALNUM`), nor by the rest of an SSN its last three digits begin
/// (`continues_ssn`). Over ASCII text, or a text as `rewrite` reads it.
fn exempt_len_ascii(rest: &[u8]) -> Option<usize> {
    let ends_at = |len: usize| !rest.get(len).is_some_and(|&b| is(b, ALNUM));
    // The hyphens first: most 36-byte texts that are not UUIDs stop there.
    let uuid = rest.get(..36).is_some_and(|t| {
        [8, 13, 18, 23].iter().all(|&k| t.get(k) == Some(&b'-'))
            && UUID_HEX.iter().all(|r| {
                t.get(r.clone())
                    .is_some_and(|part| part.iter().all(|&b| is(b, ANY_HEX)))
            })
    });
    if uuid && ends_at(36) && !continues_ssn(rest, 36) {
        return Some(36);
    }
    let engine_id = rest.get(..18).is_some_and(|t| {
        t.first()
            .is_some_and(|&b| ENGINE_ID_PREFIXES.contains(&char::from(b)))
            && t.get(1) == Some(&b'-')
            && t.get(2..).is_some_and(|h| h.iter().all(|&b| is(b, LOWER_HEX)))
    });
    (engine_id && ends_at(18) && !continues_ssn(rest, 18)).then_some(18)
}

/// The letters the engine's own ids begin with (`D-` differences, `T-`
/// transactions, `P-` people, `C-` coverage items, `X-` discrepancies): no
/// other letter makes a hex run an id, so `N-abcdef219453876a` is masked.
const ENGINE_ID_PREFIXES: [char; 5] = ['C', 'D', 'P', 'T', 'X'];

/// The hex digits of a UUID, between its hyphens.
const UUID_HEX: [std::ops::Range<usize>; 5] = [0..8, 9..13, 14..18, 19..23, 24..36];

/// `CLASS` bits: any hex digit; a digit or `a`-`f` (an engine id's); a
/// digit (`is_digit`); a letter or digit, which ends a written number
/// (`is_letter`); a letter or digit of any kind (`char::is_alphanumeric`,
/// which ends an exempt token).
const ANY_HEX: u8 = 1;
const LOWER_HEX: u8 = 2;
const DIGIT: u8 = 4;
const LETTER: u8 = 8;
const ALNUM: u8 = 16;

/// The high bit of a non-ASCII character's byte (`shown_byte`), whose low
/// bits are its classes.
const WIDE: u8 = 0x80;

/// Each byte's classes: an ASCII character's, and those a non-ASCII
/// character's byte carries (`shown_byte`). A table: every string the
/// output layer writes is checked for the UUID and engine-id shapes
/// (`scrub`'s first check), and in wasm one load per byte is several times
/// cheaper than the range compares of `is_ascii_hexdigit` (~3 % of a
/// `preview`, V8 profile).
// Indexing in a constant: evaluated when the crate is built, where an index
// out of bounds fails the build; it cannot panic at run time.
#[allow(clippy::indexing_slicing)]
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = match c {
            b'0'..=b'9' => ANY_HEX | LOWER_HEX | DIGIT | LETTER | ALNUM,
            b'a'..=b'f' => ANY_HEX | LOWER_HEX | LETTER | ALNUM,
            b'A'..=b'F' => ANY_HEX | LETTER | ALNUM,
            b'g'..=b'z' | b'G'..=b'Z' => LETTER | ALNUM,
            WIDE.. => c & (DIGIT | LETTER | ALNUM),
            _ => 0,
        };
        b += 1;
    }
    t
};

/// Whether byte `b` has any of the `CLASS` bits `class`.
fn is(b: u8, class: u8) -> bool {
    CLASS.get(usize::from(b)).is_some_and(|c| c & class != 0)
}

/// Number of digits in the run starting at `i`.
fn run_len<T: Shown>(shown: &[T], i: usize) -> usize {
    shown
        .get(i..)
        .unwrap_or_default()
        .iter()
        .take_while(|c| c.digit())
        .count()
}

/// End of a 3-2-4 token starting at the digit run at `i`, if any (the form
/// an id's last three digits may begin: `continues_ssn`).
fn ssn_end<T: Shown>(shown: &[T], i: usize) -> Option<usize> {
    if run_len(shown, i) != 3 {
        return None;
    }
    let k = separator_end(shown, i + 3)?;
    if run_len(shown, k) != 2 {
        return None;
    }
    let k = separator_end(shown, k + 2)?;
    (run_len(shown, k) == 4).then_some(k + 4)
}

/// The most characters a separator between two groups may have: a run of
/// separators and spaces in any mix (`219 - 45 - 3876`, `219--45--3876`,
/// `219 -- 45`, `(219) 45`). Longer runs are not read as one written number.
/// Only characters shown count: invisible ones are read through.
const MAX_SEPARATOR: usize = 5;

/// End of a separator at `k`: a run of 1 to `MAX_SEPARATOR` separators.
fn separator_end<T: Shown>(shown: &[T], k: usize) -> Option<usize> {
    let run = shown.get(k..).unwrap_or_default().iter();
    let len = run.take(MAX_SEPARATOR + 1).take_while(|c| c.separator()).count();
    (1..=MAX_SEPARATOR).contains(&len).then_some(k + len)
}

/// Where the next group of a chain starts after a group ending at `end`:
/// past 1 to `MAX_SEPARATOR` separators, at a digit.
fn next_group<T: Shown>(shown: &[T], end: usize) -> Option<usize> {
    separator_end(shown, end).filter(|&k| shown.get(k).is_some_and(|c| c.digit()))
}

/// Whether the run at `i` is a timestamp's fraction of a second: it
/// follows a whole time of day, `12:34:56.` (`10:30.219453876` is not one,
/// nor is `99:99:99.219453876`: hours to 23, minutes to 59, seconds to 60).
fn nanoseconds<T: Shown>(shown: &[T], i: usize) -> bool {
    let at = |back: usize| {
        i.checked_sub(back)
            .and_then(|k| shown.get(k))
            .and_then(|c| c.ascii())
    };
    let digit = |back: usize| at(back).filter(u8::is_ascii_digit).map(|b| u32::from(b - b'0'));
    // The two ASCII digits ending `back` characters before `i`.
    let two = |back: usize| Some(digit(back + 1)? * 10 + digit(back)?);
    at(1) == Some(b'.')
        && at(4) == Some(b':')
        && at(7) == Some(b':')
        && two(2).is_some_and(|s| s <= 60)
        && two(5).is_some_and(|m| m <= 59)
        && two(8).is_some_and(|h| h <= 23)
}

/// Whether the id of `len` characters at the start of `rest` ends in three
/// digits (after a letter or `-`) that what follows it continues into an
/// SSN's dashed form: `D-0123456789abc219-45-3876`. Such an id does not
/// stand alone and is read as any text is: the SSN is masked.
fn continues_ssn<T: Shown>(rest: &[T], len: usize) -> bool {
    let Some(start) = len.checked_sub(3) else {
        return false;
    };
    rest.get(start..len).is_some_and(|t| t.iter().all(|c| c.digit()))
        && !start
            .checked_sub(1)
            .and_then(|k| rest.get(k))
            .is_some_and(|c| c.digit())
        && ssn_end(rest, start).is_some()
}
