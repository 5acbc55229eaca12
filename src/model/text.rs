//! Quoting input text into messages: at most [`QUOTE_CHARS`] characters of
//! any text a message or param repeats, so a result's size is bounded by the
//! input's (docs/api.md, Limits). In the model because model readers (RRULE,
//! display names) quote too, and everything above may use it.

use std::borrow::Cow;

use super::reading::{is_digit, is_invisible, is_separator};

/// Characters of input text a message or param quotes at most (then `…`).
pub const QUOTE_CHARS: usize = 64;

/// Appends `n` in decimal. By hand: `write!` goes through the formatting
/// machinery, and keys and paths number every enrollment item (`items` wrote
/// an ordinal per item that way: a fortieth of a keystroke, natively).
pub fn push_decimal(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
        if rest == 0 || at == 0 {
            break;
        }
    }
    digits.iter().skip(at).for_each(|&d| out.push(char::from(d)));
}

/// `text` as a message may quote it: its first 64 characters, followed by
/// `…` when there were more. Cuts on a character boundary, and before any
/// digits, separators and marks the cut would end in ([`cut_tail`]); costs
/// O(64) whatever the length of `text`.
pub fn quote(text: &str) -> String {
    match text.char_indices().nth(QUOTE_CHARS) {
        None => text.to_owned(),
        Some((cut, _)) => {
            let head = cut_tail(text.get(..cut).unwrap_or_default());
            let mut out = String::with_capacity(head.len() + '…'.len_utf8());
            out.push_str(head);
            out.push('…');
            out
        }
    }
}

/// The head of a cut text without anything of an SSN the cut may have left.
/// The privacy layer masks what it can read as a whole SSN: a cut through
/// one (`…53871429` of `…538714296`) would keep up to eight of its digits,
/// and a head ending in a whole one, or in one and what followed it
/// (`…538714296-12` of `…538714296-1234`), is no longer read as it was
/// once part of it goes (the first digit of `…x538714296` stayed when only
/// eight digits went). So the head loses the digits, separators and
/// invisible characters it ends in (as the privacy layer reads them:
/// [`super::reading`], U+FFFD among the separators: what is left of a
/// character cut in two): all of them, back to the first other character,
/// or back to a run of ten digits or more, which is kept (no SSN is, or is
/// part of, such a run: `quote` of a hundred `9`s keeps 64). Then, if it
/// ends in something shaped like a UUID or an engine id (which the privacy
/// layer leaves unmasked when whole, by what follows it: [`ends_in_id`]),
/// that goes too, and again what it ends in. Every SSN in what is left
/// reads as it did in the whole text.
pub fn cut_tail(head: &str) -> &str {
    let mut end = head.len();
    loop {
        end = back_off(head.get(..end).unwrap_or_default());
        match ends_in_id(head.get(..end).unwrap_or_default()) {
            Some(at) => end = at,
            None => return head.get(..end).unwrap_or_default(),
        }
    }
}

/// Where `cut_tail` keeps `head` to before its ending run of digits,
/// separators, invisible characters and U+FFFD: the end of the last run of
/// ten digits or more in it, or its start.
fn back_off(head: &str) -> usize {
    let (mut run, mut run_end) = (0, head.len());
    for (at, c) in head.char_indices().rev() {
        if is_digit(c) {
            if run == 0 {
                run_end = at + c.len_utf8();
            }
            run += 1;
            if run == 10 {
                return run_end;
            }
        } else if is_separator(c) {
            run = 0;
        } else if !is_invisible(c) {
            return at + c.len_utf8();
        }
        // Other invisible characters are read through, inside a run too.
    }
    0
}

/// Where `text` ends in the shape of an id the privacy layer leaves
/// unmasked (read as shown, invisible characters left out): a UUID, 8-4-4-4-12
/// hex digits, or an upper-case letter, `-` and 16 lower-case hex digits
/// (any letter: a wider shape than the engine's ids only cuts more).
fn ends_in_id(text: &str) -> Option<usize> {
    let last: Vec<(usize, char)> = text
        .char_indices()
        .rev()
        .filter(|&(_, c)| !is_invisible(c))
        .take(36)
        .collect();
    // `last` is in reverse: `back(k)` is the k-th shown character from the end.
    let back = |k: usize| last.get(k).map(|&(_, c)| c);
    let hex = |k: usize| back(k).is_some_and(|c| c.is_ascii_hexdigit());
    let lower_hex = |k: usize| back(k).is_some_and(|c| c.is_ascii_digit() || matches!(c, 'a'..='f'));
    let uuid = (0..36).all(|k| match 35 - k {
        8 | 13 | 18 | 23 => back(k) == Some('-'),
        _ => hex(k),
    });
    if uuid {
        return last.get(35).map(|&(at, _)| at);
    }
    let engine_id =
        (0..16).all(lower_hex) && back(16) == Some('-') && back(17).is_some_and(|c| c.is_ascii_uppercase());
    if engine_id {
        return last.get(17).map(|&(at, _)| at);
    }
    None
}

/// `parts` joined by `sep`, quoted as one text (`quote(parts.join(sep))`)
/// without copying more than the quoted part of each: for names built from
/// first and last names that may each be megabytes long.
pub fn quote_joined(parts: &[&str], sep: &str) -> String {
    quote_joined_masked(parts, sep, |p| Cow::Borrowed(p))
}

/// `quote_joined` with each quoted part passed through `mask` before the
/// join: a text masked whole after it (`privacy::scrub`) could miss what a
/// part alone shows — a digit ending one part lengthens the next part's
/// nine-digit chain (`Maria 2` + `219 453 876`). `privacy::scrub` is
/// above the model, so it comes as an argument.
pub fn quote_joined_masked(parts: &[&str], sep: &str, mask: impl Fn(&str) -> Cow<'_, str>) -> String {
    let mut joined = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            joined.push_str(sep);
        }
        joined.push_str(&mask(&quote(part)));
    }
    // Each part is at most 64 characters and `…` here, so re-quoting cuts the
    // whole at the same character as quoting the full join would (but where
    // a part's own cut backed off from digits: `cut_tail`).
    quote(&joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_decimal_writes_what_display_writes() {
        for n in [0, 7, 9, 10, 99, 100, 4096, 1_000_000_007, usize::MAX] {
            let mut out = String::from("x");
            push_decimal(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
    }

    #[test]
    fn quote_cuts_at_64_characters_on_a_char_boundary() {
        assert_eq!(quote(""), "");
        let exact = "a".repeat(64);
        assert_eq!(quote(&exact), exact);
        assert_eq!(quote(&"a".repeat(65)), format!("{exact}…"));
        // Multi-byte characters count as one each and are never split.
        let wide = "é".repeat(100);
        assert_eq!(quote(&wide), format!("{}…", "é".repeat(64)));
        let emoji = format!("{}🙂🙂", "b".repeat(63));
        assert_eq!(quote(&emoji), format!("{}…", "b".repeat(63)));
        // (A symbol at the cut is a separator, and goes with what it ends in.)
        let accents = format!("{}éé", "b".repeat(63));
        assert_eq!(quote(&accents), format!("{}é…", "b".repeat(63)));
    }

    #[test]
    fn a_cut_never_ends_in_digits_or_separators() {
        let pad = "x".repeat(56);
        // The cut at 64 characters would fall inside each of these.
        for tail in [
            "538714296",
            "538-71-4296",
            "53 8714 296",
            "5\u{200D}38714296",
            "１２３４５６７８９",
            "²³⁴⁵⁶⁷⁸⁹¹",
        ] {
            let quoted = quote(&format!("{pad}{tail}"));
            assert_eq!(quoted, format!("{pad}…"), "{tail}");
        }
        // Whole values and cuts after letters are as before.
        assert_eq!(quote("538714296"), "538714296");
        assert_eq!(
            quote(&format!("{}abc", "y".repeat(70))),
            format!("{}…", "y".repeat(64))
        );
        // Digits and separators go back to a run of ten digits or more.
        assert_eq!(quote(&"7".repeat(100)), format!("{}…", "7".repeat(64)));
        assert_eq!(
            quote(&format!("{}5 3-8 7.1 4 2 9 6", "7".repeat(52))),
            format!("{}5…", "7".repeat(52))
        );
        assert_eq!(quote(&format!("a{}", "1 2-3 45 6789 ".repeat(6))), "a…");
        assert_eq!(
            quote(&format!(
                "a 2026-01-0000002026-01-000000{}",
                "2026-01-000000".repeat(3)
            )),
            format!("a {}2026…", "2026-01-000000".repeat(4))
        );
        assert_eq!(
            quote(&format!("{}--..  9 9", "w".repeat(60))),
            format!("{}…", "w".repeat(60))
        );
    }

    /// A cut right after a whole SSN, or after one and the digits that
    /// followed it, keeps none of its digits (review: the first, hidden,
    /// digit stayed: `x…x2…` and `x…x5…` told `219453876` from `555453876`).
    #[test]
    fn a_cut_after_a_whole_ssn_keeps_none_of_it() {
        for (pad, tail) in [
            (55, "219453876yyyy"),
            (53, "219-45-3876yyyy"),
            (55, "219453876 Jr"),
            (51, "219453876-1234"),
            (52, "219453876-12-34"),
            (49, "219 45 3876 45 6"),
            (54, "219453876\u{200D}\u{200D}1x"),
            (53, "２１９－４５－３８７６\u{AD}xx"),
        ] {
            let pad = "x".repeat(pad);
            assert_eq!(quote(&format!("{pad}{tail}")), format!("{pad}…"), "{tail}");
        }
        // What comes before the digits stays.
        assert_eq!(
            quote(&format!("{}y 219453876zz", "x".repeat(53))),
            format!("{}y…", "x".repeat(53))
        );
    }

    /// A cut never ends in a UUID or an engine id either: the privacy layer
    /// leaves one unmasked only when it is whole, by what follows it, and
    /// one the text goes on from (`…a219453876bcZ`: not an id, its nine
    /// digits masked) would otherwise end the quote as an id, in full.
    #[test]
    fn a_cut_never_ends_in_an_id() {
        let uuid = "00000000-0000-4000-8000-a219453876bc";
        let pad = format!("{} ", "x".repeat(27));
        assert_eq!(quote(&format!("{pad}{uuid}Z")), format!("{}…", "x".repeat(27)));
        assert_eq!(
            quote(&format!("{pad}{uuid}5-6789")),
            format!("{}…", "x".repeat(27))
        );
        let id = "D-a219453876abcdef";
        let pad = format!("{}(", "x".repeat(45));
        // (The `(` is a separator: it goes with the id.)
        assert_eq!(quote(&format!("{pad}{id}g")), format!("{}…", "x".repeat(45)));
        // One id after another goes too, and what is before the first stays.
        assert_eq!(cut_tail(&format!("ids {uuid} {uuid}")), "ids");
        // A head not ending in one is kept.
        assert_eq!(
            cut_tail("ids 00000000-0000-4000-8000-a219453876b"),
            "ids 00000000-0000-4000-8000-a219453876b"
        );
        assert_eq!(cut_tail("Z-a219453876abcdef"), "");
    }

    /// What is left of a character cut in two (U+FFFD) goes with the run it
    /// ends: a cut through an astral digit or invisible character.
    #[test]
    fn a_cut_through_a_character_keeps_no_digit_before_it() {
        let bold: String = "21945387"
            .chars()
            .map(|d| char::from_u32(0x1D7CE + d.to_digit(10).unwrap_or(0)).unwrap_or(d))
            .collect();
        assert_eq!(cut_tail(&format!("abc{bold}\u{FFFD}")), "abc");
        assert_eq!(cut_tail("abc2194538\u{FFFD}"), "abc");
        assert_eq!(cut_tail("abc\u{FFFD}"), "abc");
    }

    #[test]
    fn quote_joined_equals_quoting_the_join() {
        let long = "x".repeat(200);
        for parts in [
            vec!["Maria", "Rivera"],
            vec![long.as_str(), "Rivera"],
            vec!["Maria", long.as_str()],
            vec![&long[..60], &long[..10]],
            vec![&long[..64], ""],
            vec![&long[..63], "yz"],
        ] {
            assert_eq!(quote_joined(&parts, " "), quote(&parts.join(" ")), "{parts:?}");
        }
    }
}
