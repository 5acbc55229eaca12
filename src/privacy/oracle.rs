//! The masking as it was before its non-ASCII text was read as bytes
//! (`rewrite` collected the text into `char`s and scanned those): kept, for
//! the tests only, as the oracle the faster code is compared with
//! (`tests::byte_reading_masks_as_the_char_reading_did`).

use std::borrow::Cow;
use std::ops::ControlFlow;

use super::{
    continues_ssn, exempt_len_ascii, has_candidate_ascii, is_digit, is_invisible, is_letter, rewrite_ascii,
    scan, Shown, ENGINE_ID_PREFIXES, INVISIBLE_SEPARATORS, MAX_SEPARATOR,
};

/// `scrub` as it was.
pub(super) fn scrub(text: &str) -> Cow<'_, str> {
    if text.len() < 9 {
        return Cow::Borrowed(text);
    }
    if matches!(text.len(), 18 | 36) && exempt_len_ascii(text.as_bytes()) == Some(text.len()) {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let (mut high, mut digits) = (0u8, 0usize);
    for &b in bytes {
        high |= b;
        digits += usize::from(b.is_ascii_digit());
    }
    let candidate = if high < 0x80 {
        digits >= 9 && has_candidate_ascii(bytes)
    } else {
        has_candidate(text)
    };
    match candidate.then(|| rewrite(text)).flatten() {
        Some(masked) => Cow::Owned(masked),
        None => Cow::Borrowed(text),
    }
}

/// `rewrite` as it was: the text collected into `char`s, each reading
/// collected again.
pub(super) fn rewrite(text: &str) -> Option<String> {
    if text.is_ascii() {
        return rewrite_ascii(text.as_bytes());
    }
    let all: Vec<char> = text.chars().collect();
    let mut star = vec![false; all.len()];
    let mut changed = false;
    let both = all.iter().any(|c| INVISIBLE_SEPARATORS.contains(c));
    for as_separators in [false, true].into_iter().take(1 + usize::from(both)) {
        let (at, shown): (Vec<usize>, Vec<char>) = all
            .iter()
            .enumerate()
            .filter(|&(_, &c)| !is_invisible(c) || (as_separators && INVISIBLE_SEPARATORS.contains(&c)))
            .map(|(k, &c)| (k, c))
            .unzip();
        let _ = scan(&shown, &mut |p| {
            if let Some(s) = at.get(p).and_then(|&k| star.get_mut(k)) {
                *s = true;
                changed = true;
            }
            ControlFlow::Continue(())
        });
    }
    changed.then(|| {
        all.iter()
            .zip(&star)
            .map(|(&c, &s)| if s { '*' } else { c })
            .collect()
    })
}

/// `has_candidate` as it was, over `char`s.
pub(super) fn has_candidate(text: &str) -> bool {
    let (mut digits, mut joint) = (0, 0);
    for c in text.chars() {
        if is_digit(c) {
            if joint > MAX_SEPARATOR {
                digits = 0;
            }
            digits += 1;
            joint = 0;
            if digits >= 9 {
                return true;
            }
        } else if is_invisible(c) {
            continue;
        } else if is_letter(c) {
            (digits, joint) = (0, 0);
        } else {
            joint += 1;
        }
    }
    false
}

impl Shown for char {
    fn digit(self) -> bool {
        is_digit(self)
    }
    fn alphanumeric(self) -> bool {
        is_letter(self)
    }
    fn ascii(self) -> Option<u8> {
        u8::try_from(self).ok().filter(u8::is_ascii)
    }
    fn exempt(shown: &[char], i: usize) -> Option<usize> {
        exempt_len(shown, i)
    }
}

/// `exempt_len_ascii` over `char`s, as it was.
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
