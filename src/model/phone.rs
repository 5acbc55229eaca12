//! A phone number as a carrier's system holds it: one reading for the 834
//! that writes it (`x12::members`) and for `track` that compares it with
//! what the carrier reports, so a number sent is a number recognised.

/// The number's digits up to an extension (`ext 12`, `x12`, `extension 12`,
/// `#7`: left out, as 834s write numbers), letters as their keypad digits
/// (`1-800-FLOWERS` is `8003569377`), a `+1` NANP prefix dropped; and
/// whether letters were read as digits.
pub fn phone_digits(value: &str) -> (String, bool) {
    let number = value.get(..extension_at(value)).unwrap_or(value);
    let mut letters = false;
    let mut digits = String::new();
    for c in number.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if let Some(d) = keypad(c) {
            digits.push(d);
            letters = true;
        }
    }
    // E.164 +1 NANP numbers lose their country code, as 834s write them.
    if digits.len() == 11 && digits.starts_with('1') {
        digits.remove(0);
    }
    (digits, letters)
}

/// Where a phone number's extension starts (`ext`, `extension`, `x` or `#`
/// followed by digits), else the end.
fn extension_at(value: &str) -> usize {
    // ASCII lower case keeps every byte offset.
    let lower = value.to_ascii_lowercase();
    for (at, _) in lower.char_indices() {
        let rest = lower.get(at..).unwrap_or_default();
        let marker = ["extension", "ext", "x", "#"]
            .iter()
            .find(|m| rest.starts_with(**m));
        let Some(marker) = marker else { continue };
        let after = rest.get(marker.len()..).unwrap_or_default();
        let after = after.trim_start_matches(['.', ':', ' ', '-']);
        if after.starts_with(|c: char| c.is_ascii_digit()) {
            return at;
        }
    }
    value.len()
}

/// A letter's digit on a phone keypad (ITU E.161).
fn keypad(c: char) -> Option<char> {
    Some(match c.to_ascii_uppercase() {
        'A'..='C' => '2',
        'D'..='F' => '3',
        'G'..='I' => '4',
        'J'..='L' => '5',
        'M'..='O' => '6',
        'P'..='S' => '7',
        'T'..='V' => '8',
        'W'..='Z' => '9',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::phone_digits;

    #[test]
    fn numbers_as_834s_write_them() {
        assert_eq!(phone_digits("1-800-FLOWERS"), ("8003569377".into(), true));
        assert_eq!(phone_digits("503-555-0100 ext 12"), ("5035550100".into(), false));
        assert_eq!(phone_digits("(503) 555-0100 x12"), ("5035550100".into(), false));
        assert_eq!(phone_digits("503-555-0100 #7"), ("5035550100".into(), false));
        assert_eq!(phone_digits("+1 503 555 0100"), ("5035550100".into(), false));
    }
}
