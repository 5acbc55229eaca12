//! Quoting input text into messages: at most [`QUOTE_CHARS`] characters of
//! any text a message or param repeats, so a result's size is bounded by the
//! input's (docs/api.md, Limits). In the model because model readers (RRULE,
//! display names) quote too, and everything above may use it.

use super::reading::{is_digit, is_invisible, SEPARATORS};

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

/// The head of a cut text without the part of an SSN the cut may have gone
/// through. The privacy layer masks whole SSNs only: a cut through one
/// (`…53871429` of `…538714296`) would keep up to eight of its digits, which
/// it cannot recognise. So the head loses the digits, separators and
/// invisible characters it ends in (as the privacy layer reads them:
/// [`super::reading`]), up to and including its eighth digit from the end:
/// an SSN that goes on past the cut has at most eight digits before it.
pub fn cut_tail(head: &str) -> &str {
    let mut digits = 0;
    let mut end = head.len();
    for (at, c) in head.char_indices().rev() {
        let digit = is_digit(c);
        if digits == 8 || !(digit || SEPARATORS.contains(&c) || is_invisible(c)) {
            break;
        }
        digits += usize::from(digit);
        end = at;
    }
    head.get(..end).unwrap_or_default()
}

/// `parts` joined by `sep`, quoted as one text (`quote(parts.join(sep))`)
/// without copying more than the quoted part of each: for names built from
/// first and last names that may each be megabytes long.
pub fn quote_joined(parts: &[&str], sep: &str) -> String {
    let mut joined = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            joined.push_str(sep);
        }
        joined.push_str(&quote(part));
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
        assert_eq!(quote(&emoji), format!("{}🙂…", "b".repeat(63)));
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
        // At most eight digits (and what is between them) go.
        assert_eq!(quote(&"7".repeat(100)), format!("{}…", "7".repeat(56)));
        assert_eq!(
            quote(&format!("{}5 3-8 7.1 4 2 9 6", "7".repeat(52))),
            format!("{}…", "7".repeat(50))
        );
        assert_eq!(
            quote(&format!("{}--..  9 9", "w".repeat(60))),
            format!("{}…", "w".repeat(60))
        );
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
