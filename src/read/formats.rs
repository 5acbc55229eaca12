//! String formats and patterns of Noyo's schema, as plain byte checks
//! (no regex engine in the wasm: these are the only patterns the schema has).

/// `format: uuid`: 8-4-4-4-12 hex digits, either case (RFC 4122 text form).
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    // Five runs of hex digits between four dashes: tight loops (a match on
    // every byte's position was 3% of validate in wasm).
    let hex = |r: std::ops::Range<usize>| {
        b.get(r)
            .is_some_and(|h| h.iter().all(|&c| HEX.get(usize::from(c)) == Some(&true)))
    };
    b.len() == 36
        && [8, 13, 18, 23].iter().all(|&i| b.get(i) == Some(&b'-'))
        && [0..8, 9..13, 14..18, 19..23, 24..36].into_iter().all(hex)
}

/// Which bytes are hex digits: one load per byte instead of three ranges.
#[allow(
    clippy::indexing_slicing,
    reason = "i < 256 in a const loop over a 256-entry table"
)]
static HEX: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = (i as u8).is_ascii_hexdigit();
        i += 1;
    }
    t
};

/// Noyo's `ssn` pattern `^(?!000)[0-9]{3}(?!00)[0-9]{2}(?!0000)[0-9]{4}$`:
/// nine digits, area not 000, group not 00, serial not 0000.
pub fn is_ssn(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 9
        && b.iter().all(u8::is_ascii_digit)
        && b.get(0..3) != Some(b"000")
        && b.get(3..5) != Some(b"00")
        && b.get(5..9) != Some(b"0000")
}

/// Noyo's `zip_code` pattern `^(\d{5})(?:-?)(\d{4})?$`: 12345, 12345-6789 or 123456789.
pub fn is_zip(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    match b.len() {
        5 => digits(0..5),
        9 => digits(0..9),
        10 => digits(0..5) && b.get(5) == Some(&b'-') && digits(6..10),
        _ => false,
    }
}

/// `format: email`, as JSON Schema validators check it: one `@`, a non-empty
/// local part, a dotted domain of letters, digits and hyphens, no spaces.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&c));
    let labels_ok = domain.split('.').all(|l| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
    });
    local_ok && domain.contains('.') && domain.len() <= 253 && labels_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid() {
        assert!(is_uuid("4d4d815b-ae8f-430c-901f-1c9d5ee3f4f1"));
        assert!(is_uuid("4D4D815B-AE8F-430C-901F-1C9D5EE3F4F1"));
        assert!(!is_uuid("4d4d815b-ae8f-430c-901f-1c9d5ee3f4f"));
        assert!(!is_uuid("4d4d815bxae8f-430c-901f-1c9d5ee3f4f1"));
        assert!(!is_uuid("4d4d815b-ae8f-430c-901f-1c9d5ee3f4g1"));
        assert!(!is_uuid("4d4d815b-ae8f-430c-901f-1c9d5ee3f-f1"));
        assert!(!is_uuid("4d4d815-bae8f-430c-901f-1c9d5ee3f4f1"));
    }

    #[test]
    fn ssn() {
        assert!(is_ssn("123456789"));
        assert!(is_ssn("666123456")); // the pattern allows 666; a rule flags it
        for bad in [
            "000123456",
            "123006789",
            "123450000",
            "12345678",
            "123-45-6789",
            "12345678a",
        ] {
            assert!(!is_ssn(bad), "{bad}");
        }
    }

    #[test]
    fn zip() {
        for ok in ["94107", "94107-1234", "941071234"] {
            assert!(is_zip(ok), "{ok}");
        }
        for bad in ["9410", "94107-", "94107-123", "9410a", "94107 1234", "941071234-"] {
            assert!(!is_zip(bad), "{bad}");
        }
    }

    #[test]
    fn email() {
        assert!(is_email("jamie@testemail.com"));
        assert!(is_email("a.b+c@sub.example.org"));
        for bad in [
            "jamie",
            "jamie@",
            "@x.com",
            "ja mie@x.com",
            "a@b",
            "a@-b.com",
            "a..b@x.com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
