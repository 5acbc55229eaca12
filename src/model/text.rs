//! Quoting input text into messages: at most [`QUOTE_CHARS`] characters of
//! any text a message or param repeats, so a result's size is bounded by the
//! input's (docs/api.md, Limits). In the model because model readers (RRULE,
//! display names) quote too, and everything above may use it.

/// Characters of input text a message or param quotes at most (then `…`).
pub const QUOTE_CHARS: usize = 64;

/// `text` as a message may quote it: its first 64 characters, followed by
/// `…` when there were more. Cuts on a character boundary; costs O(64)
/// whatever the length of `text`.
pub fn quote(text: &str) -> String {
    match text.char_indices().nth(QUOTE_CHARS) {
        None => text.to_owned(),
        Some((cut, _)) => {
            let mut out = String::with_capacity(cut + '…'.len_utf8());
            out.push_str(text.get(..cut).unwrap_or_default());
            out.push('…');
            out
        }
    }
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
    // whole at the same character as quoting the full join would.
    quote(&joined)
}

#[cfg(test)]
mod tests {
    use super::*;

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
