//! JSON as JavaScript reads and writes it: what `JSON.stringify` writes for
//! a number (`Number::toString`), which object keys `JSON.parse` orders
//! first, and how long `JSON.stringify`'s text of a string is. The census
//! entries (`api::record`) use it to answer with the bytes JS would have
//! written of a result, and to know the documents JS would have handed the
//! engine, without a round trip through JS objects.
//!
//! No dependency and no float formatting of its own (Rust's would add
//! ~16 KB of gzipped wasm): a number is re-laid out from its decimal text.
//! A decimal of at most 15 significant digits reads as the nearest `f64`,
//! whose shortest decimal form is that decimal again (two decimals of at
//! most 15 digits are never within one `f64` of each other), so JS's
//! `String(JSON.parse(text))` has the same digits, laid out by JS's rules
//! (`1.0` → `1`, `1e21` → `1e+21`, `0.0000001` → `1e-7`). Longer forms are
//! left to JS (`renumber` says `None`): there JS and Rust's shortest forms
//! can differ in a tie (`568664837189587.25` is `…587.2` in JS, `…587.3`
//! from Rust's formatter), and a long integer is rounded to an `f64`. A
//! JS-compatible float formatter (the `ryu-js` crate) would cover those for
//! ~10 KB of wasm; the census's numbers never need it.

/// Significant digits up to which a decimal is its `f64`'s shortest form.
pub const UNIQUE_DIGITS: usize = 15;

/// Room for any number `renumber` writes: 15 digits with up to 20 zeros,
/// a sign and a point, or an exponent of four characters.
pub const NUMBER_ROOM: usize = 40;

/// 2^53: every integer up to it is an exact `f64`, which JS writes in full.
pub const EXACT_INTEGER: u64 = 1 << 53;

/// What `JSON.stringify(JSON.parse(text))` writes for the JSON number
/// `text` (`1.0` → `1`, `-0` → `0`, `1E2` → `100`, `1e21` → `1e+21`,
/// `0.0000001` → `1e-7`), into `buf`; its length. `None` when that cannot
/// be told here: more than 15 significant digits (an integer up to 2^53
/// excepted), or not a JSON number.
pub fn renumber(text: &str, buf: &mut [u8; NUMBER_ROOM]) -> Option<usize> {
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match text.bytes().position(|b| b == b'e' || b == b'E') {
        Some(at) => (text.get(..at)?, text.get(at + 1..)?),
        None => (text, ""),
    };
    // The number is 0.DIGITS × 10^point; DIGITS without leading or
    // trailing zeros (`significant` of them).
    let mut digits = [0u8; 20];
    let (mut significant, mut seen, mut point, mut after_point) = (0usize, 0usize, 0i64, false);
    for (i, b) in mantissa.bytes().enumerate() {
        match b {
            b'.' if !after_point && i > 0 && i + 1 < mantissa.len() => after_point = true,
            b'0'..=b'9' => {
                if seen == 0 && b == b'0' {
                    point -= i64::from(after_point);
                    continue;
                }
                point += i64::from(!after_point);
                *digits.get_mut(seen)? = b;
                seen += 1;
                if b != b'0' {
                    significant = seen;
                }
            }
            _ => return None,
        }
    }
    if mantissa.is_empty() || mantissa.starts_with('.') {
        return None;
    }
    let (sign, exponent) = match exponent.as_bytes().split_first() {
        Some((b'-', rest)) => (-1, rest),
        Some((b'+', rest)) => (1, rest),
        _ => (1, exponent.as_bytes()),
    };
    if exponent.len() > 6 || (exponent.is_empty() && text.len() > mantissa.len()) {
        return None;
    }
    let mut e = 0i64;
    for &b in exponent {
        if !b.is_ascii_digit() {
            return None;
        }
        e = e * 10 + i64::from(b - b'0');
    }
    point += sign * e;
    let mut out = Layout { buf, len: 0 };
    if significant == 0 {
        out.push(b'0');
        return out.finish();
    }
    let digits = digits.get(..significant)?;
    let k = significant as i64;
    if significant > UNIQUE_DIGITS {
        // An integer up to 2^53 is exact: JS writes its digits in full.
        let zeros = u32::try_from(point - k).ok()?;
        let head = digits
            .iter()
            .try_fold(0u64, |v, &b| v.checked_mul(10)?.checked_add(u64::from(b - b'0')));
        let value = head.and_then(|h| h.checked_mul(10u64.checked_pow(zeros)?));
        if value.is_none_or(|v| v > EXACT_INTEGER) {
            return None;
        }
    }
    if negative {
        out.push(b'-');
    }
    let n = point;
    if (k..=21).contains(&n) {
        // 123000
        out.extend(digits);
        (k..n).for_each(|_| out.push(b'0'));
    } else if (1..=21).contains(&n) {
        // 12.3
        let (int, frac) = digits.split_at(usize::try_from(n).ok()?);
        out.extend(int);
        out.push(b'.');
        out.extend(frac);
    } else if (-5..=0).contains(&n) {
        // 0.00123
        out.extend(b"0.");
        (n..0).for_each(|_| out.push(b'0'));
        out.extend(digits);
    } else {
        // 1.23e-7, 1e+21
        let (first, rest) = digits.split_first()?;
        out.push(*first);
        if !rest.is_empty() {
            out.push(b'.');
            out.extend(rest);
        }
        out.extend(if n > 0 { b"e+" } else { b"e-" });
        let e = (n - 1).unsigned_abs();
        let mut scale = 1;
        while scale * 10 <= e {
            scale *= 10;
        }
        while scale > 0 {
            out.push(b'0' + (e / scale % 10) as u8);
            scale /= 10;
        }
    }
    out.finish()
}

/// Bytes pushed into a number's buffer; `finish` is `None` if they did
/// not fit.
struct Layout<'a> {
    buf: &'a mut [u8; NUMBER_ROOM],
    len: usize,
}

impl Layout<'_> {
    fn push(&mut self, b: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = b;
        }
        self.len += 1;
    }

    fn extend(&mut self, bytes: &[u8]) {
        bytes.iter().for_each(|&b| self.push(b));
    }

    fn finish(self) -> Option<usize> {
        (self.len <= NUMBER_ROOM).then_some(self.len)
    }
}

/// What `JSON.stringify(JSON.parse(text))` writes for the JSON number
/// `text`: `text` itself when it is a plain integer (`is_plain_integer`),
/// else `renumber`'s layout in `buf`; `None` when that cannot be told here.
/// The one decision of both JS-mode writers (`privacy`'s, `output`'s).
pub fn js_number<'t>(text: &'t str, buf: &'t mut [u8; NUMBER_ROOM]) -> Option<&'t [u8]> {
    if is_plain_integer(text) {
        return Some(text.as_bytes());
    }
    let len = renumber(text, buf)?;
    buf.get(..len)
}

/// Whether a JSON number's text is an integer JS writes back as the same
/// text: a sign at most and at most 15 digits, no leading zero (JSON has
/// none), not `-0` (which JS writes `0`).
pub fn is_plain_integer(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty()
        && digits.len() <= UNIQUE_DIGITS
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !(text.starts_with('-') && digits == "0")
}

/// Whether JS could order an object key otherwise than it was written:
/// `JSON.parse` puts keys that are array indices (`"0"`, `"17"`) first, in
/// numeric order. Any key of digits alone says so here (a little more than
/// the indices, which is safe: it only sends the text through JS).
pub fn is_index_like(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit())
}

/// The UTF-8 length of `JSON.stringify(s)`: quotes; `"` and `\` escaped,
/// the controls JSON.stringify writes as `\b \t \n \f \r` in two bytes and
/// the others as `\u00XX` in six. (A Rust string has no lone surrogate,
/// which JS would escape.)
pub fn string_len(s: &str) -> usize {
    let escapes: usize = s
        .bytes()
        .map(|b| match b {
            b'"' | b'\\' | 0x08 | 0x09 | 0x0A | 0x0C | 0x0D => 1,
            0..=0x1F => 5,
            _ => 0,
        })
        .sum();
    s.len() + escapes + 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn renumbered(text: &str) -> Option<String> {
        let mut buf = [0u8; NUMBER_ROOM];
        let len = renumber(text, &mut buf)?;
        Some(String::from_utf8_lossy(buf.get(..len).unwrap_or_default()).into_owned())
    }

    /// `JSON.stringify(JSON.parse(text))` in Node for each (tests/js/
    /// record.test.mjs compares many more through the built package).
    #[test]
    fn numbers_are_renumbered_as_json_parse_then_stringify_would() {
        for (text, js) in [
            ("0", "0"),
            ("-0", "0"),
            ("-0.0", "0"),
            ("0e7", "0"),
            ("1.0", "1"),
            ("-1.5", "-1.5"),
            ("1e2", "100"),
            ("1E+2", "100"),
            ("100.50", "100.5"),
            ("0.1", "0.1"),
            ("23.75", "23.75"),
            ("1e21", "1e+21"),
            ("1.5e21", "1.5e+21"),
            ("1e20", "100000000000000000000"),
            ("123.456e18", "123456000000000000000"),
            ("999999999999999e6", "999999999999999000000"),
            ("1e-6", "0.000001"),
            ("0.0000015", "0.0000015"),
            ("1e-7", "1e-7"),
            ("-0.000000125", "-1.25e-7"),
            ("1e300", "1e+300"),
            ("123e-20", "1.23e-18"),
            ("5e-324", "5e-324"),
            ("0.001230", "0.00123"),
            ("12.5e-1", "1.25"),
            ("123456789012345", "123456789012345"),
            ("-123456789012345", "-123456789012345"),
            ("1234567890123456", "1234567890123456"),
            ("9007199254740992", "9007199254740992"),
            ("-9007199254740991", "-9007199254740991"),
            ("9007199254740992.0", "9007199254740992"),
        ] {
            assert_eq!(renumbered(text).as_deref(), Some(js), "{text}");
        }
        // More than 15 digits: left to JS (rounded, or a tie JS breaks otherwise).
        for text in [
            "9007199254740993",
            "12345678901234567890",
            "0.30000000000000004",
            "568664837189587.25",
            "1.7976931348623157e308",
            "1234567890123456.5",
            "1e9999999",
            "",
            "-",
            "1.",
            "x",
        ] {
            assert_eq!(renumbered(text), None, "{text}");
        }
        assert!(is_plain_integer("0") && is_plain_integer("-12") && !is_plain_integer("-0"));
        assert!(!is_plain_integer("1.0") && !is_plain_integer("1234567890123456") && !is_plain_integer(""));
    }

    #[test]
    fn index_like_keys_and_string_lengths() {
        assert!(
            is_index_like("0") && is_index_like("17") && is_index_like("4294967295") && is_index_like("01")
        );
        assert!(!is_index_like("") && !is_index_like("-1") && !is_index_like("1.5") && !is_index_like("a1"));
        for s in [
            "",
            "plain",
            "q\"b\\",
            "\u{8}\t\n\u{c}\r",
            "\u{0}\u{1f}\u{7f}",
            "é😀\u{2028}",
        ] {
            let serde = serde_json::to_string(s).map(|t| t.len()).unwrap_or(0);
            assert_eq!(string_len(s), serde, "{s:?}");
        }
    }
}
