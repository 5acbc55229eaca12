//! The masking and the output layer, tested.
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
    let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
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
    let mut next = xorshift(0x2545_F491_4F6C_DD1D);
    let mut checked = 0;
    for _ in 0..100_000 {
        let text: String = (0..next(8)).map(|_| atoms[next(atoms.len())]).collect();
        if !has_candidate_ascii(text.as_bytes()) {
            checked += 1;
            assert_eq!(rewrite(&text), None, "{text}");
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
        // Any grouping of exactly nine digits (a chain), thousands
        // separators included.
        ("219,453,876", "***,**3,876"),
        ("21-945-3876", "**-***-3876"),
        ("2194-5-3876", "****-*-3876"),
        ("12\t345\t6789", "**\t***\t6789"),
    ];
    for (input, want) in masked {
        assert_eq!(scrub(input), *want, "{input}");
        assert_eq!(scrub(want), *want, "idempotent: {want}");
    }
    let kept: &[&str] = &[
        "",
        "no digits",
        "The document is more than 4,194,304 bytes",
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
        "219-45-38761",
        "219------45------3876",
        "2026-11-25T10:30:00.219453876Z",
        "10:30:00.219453876",
        "23:59:60.219453876",
        "X-0123456789abcdef",
        "4,194,304 bytes",
        "½ 219 45",
        "219\u{200D}4538760",
        "x\u{200D}\u{200D}2\u{200D}",
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
            assert_ne!(has_plain_candidate(b), Plain::None, "{text}");
        }
    }
    assert!(seen > 1000, "{seen}");
}

#[test]
fn unicode_digits() {
    for c in [
        '0', '9', '０', '９', '٠', '٩', '۰', '०', '෦', '𝟎', '𝟿', '²', '¹', '⁹', '₀', '①', '⑨', '⓪', '❾', '🄊',
    ] {
        assert!(is_digit(c), "{c}");
    }
    for c in ['a', '/', ':', '½', 'Ⅻ', '〇', '\u{FF1A}', '⑩', '⁺'] {
        assert!(!is_digit(c), "{c}");
    }
}

/// A soft hyphen or a zero-width space is a separator and invisible at
/// once: read both ways, so one between two groups masks with any other
/// separator beside it or between the other two groups, and as noise
/// between digits it is still read through (review: `219\u{AD}45-3876`
/// read as `21945-3876` and came back as written).
#[test]
fn invisible_separators_are_read_both_ways() {
    for (text, masked) in [
        ("219\u{AD}45-3876", "***\u{AD}**-3876"),
        ("219-45\u{AD}3876", "***-**\u{AD}3876"),
        ("219\u{200B}45-3876", "***\u{200B}**-3876"),
        ("219 45\u{200B}3876", "*** **\u{200B}3876"),
        ("219\u{AD}45\u{200B}3876", "***\u{AD}**\u{200B}3876"),
        ("219\u{AD} 45 3876", "***\u{AD} ** 3876"),
        ("219 \u{200B}-45\u{2013}3876", "*** \u{200B}-**\u{2013}3876"),
        ("219\u{AD}\u{200D}45-3876", "***\u{AD}\u{200D}**-3876"),
        ("x219\u{200B}45\u{FF0D}3876y", "x***\u{200B}**\u{FF0D}3876y"),
        ("２１９\u{AD}４５－３８７６", "***\u{AD}**－３８７６"),
        // As noise between digits, with or without another separator.
        (
            "2\u{AD}1\u{AD}9\u{AD}4\u{AD}5\u{AD}3\u{AD}8\u{AD}7\u{AD}6",
            "*\u{AD}*\u{AD}*\u{AD}*\u{AD}*\u{AD}3\u{AD}8\u{AD}7\u{AD}6",
        ),
        ("2\u{200B}19-45-3876", "*\u{200B}**-**-3876"),
        ("219-4\u{AD}5-3876", "***-*\u{AD}*-3876"),
        ("21\u{200B}9-45-3876", "**\u{200B}*-**-3876"),
        // Nine digits however grouped; left out, the soft hyphen would make
        // a ZIP+4 of this one.
        ("2194\u{AD}5-3876", "****\u{AD}*-3876"),
    ] {
        assert_eq!(scrub(text), masked, "{text:?}");
    }
    // Neither reading has an SSN: left alone.
    for text in ["219\u{AD}45\u{AD}38761", "2194\u{AD}5-38761"] {
        assert_eq!(scrub(text), text, "{text:?}");
    }
}

/// A UUID or engine id is left alone only when it stands alone: one whose
/// last three digits begin an SSN that goes on after it is read as any
/// text is (review: `D-0123456789abc219-45-3876` came back as written).
#[test]
fn an_id_continued_into_an_ssn_is_not_exempt() {
    for (text, masked) in [
        ("D-0123456789abc219-45-3876", "D-0123456789abc***-**-3876"),
        (
            "ab740704-7c37-4010-92b3-d22c6926a219-45-3876",
            "ab740704-7c37-4010-92b3-d22c6926a***-**-3876",
        ),
        ("x P-abcdefabcdefa219 45 3876.", "x P-abcdefabcdefa*** ** 3876."),
        (
            "D-0123456789abc219\u{2013}45\u{2013}3876",
            "D-0123456789abc***\u{2013}**\u{2013}3876",
        ),
        (
            "T-0123456789abc219--45--3876 ok",
            "T-0123456789abc***--**--3876 ok",
        ),
    ] {
        assert_eq!(scrub(text), masked, "{text:?}");
    }
    // Ids that stand alone, or whose tail is not an SSN's first group.
    for text in [
        "D-0123456789abc219",
        "D-0123456789abc219-45",
        "D-0123456789abc219-45-38761",
        "D-0123456789abc219 and 45-3876",
        "ab740704-7c37-4010-92b3-d22c69260219-45-3876",
        "00000000-0000-4000-8000-000000000219.45.3876",
        "P-0000000000000219 45 3876",
        "D-0123456789abc219, D-0123456789abc220",
    ] {
        assert_eq!(scrub(text), text, "{text:?}");
    }
}

/// The decimal digits of Unicode 15 to 17 (the table stopped at 14), and
/// the sans-serif circled zeros whose 1 to 9 were already digits: an SSN in
/// any of them is masked (review: `𑽒𑽑𑽙…` in Kawi came back as written).
#[test]
fn digits_added_after_unicode_14_and_sans_serif_zeros() {
    let form = |zero: u32, digits: &str| -> String {
        digits
            .chars()
            .map(|d| match d.to_digit(10) {
                Some(k) => char::from_u32(zero + k).unwrap_or(d),
                None => d,
            })
            .collect()
    };
    for zero in [
        0x11F50, 0x1E4F0, 0x10D40, 0x116D0, 0x116DA, 0x11BF0, 0x16130, 0x16D70, 0x1CCF0, 0x1E5F1, 0x11DE0,
    ] {
        for d in 0..10 {
            assert!(char::from_u32(zero + d).is_some_and(is_digit), "{zero:X}+{d}");
        }
        assert!(
            !char::from_u32(zero + 10).is_some_and(is_digit) || zero == 0x116D0,
            "{zero:X}+10"
        );
        assert_eq!(
            scrub(&form(zero, "219453876")),
            form(zero, "*****3876"),
            "{zero:X}"
        );
        assert_eq!(
            scrub(&form(zero, "219-45-3876")),
            form(zero, "***-**-3876"),
            "{zero:X}"
        );
    }
    // ➀ … ➈ and ➊ … ➒ with their zeros 🄋 and 🄌.
    assert_eq!(scrub("➁➀➈➃🄋➂➇➆➅"), "*****➂➇➆➅");
    assert_eq!(scrub("➋➊🄌-➄➅-➂➇➆➅"), "***-**-➂➇➆➅");
    assert_eq!(scrub("➁➀➈➃➄➂➇➆🄋"), "*****➂➇➆🄋");
}

#[test]
fn numbers_become_masked_strings() {
    assert_eq!(mask_number("219453876").as_deref(), Some("*****3876"));
    assert_eq!(mask_number("-219453876").as_deref(), Some("-*****3876"));
    assert_eq!(mask_number("219453876.0").as_deref(), Some("*********"));
    // A fraction or an exponent: the significant digits, cut after the
    // ninth (review 23a: the point split the run; the f64's fraction told
    // the integer part's size).
    assert_eq!(mask_number("219453.876").as_deref(), Some("*********"));
    assert_eq!(mask_number("2.19453876e29").as_deref(), Some("*********"));
    assert_eq!(mask_number("0.000219453876").as_deref(), Some("*********"));
    assert_eq!(mask_number("-21.9453876").as_deref(), Some("-*********"));
    assert_eq!(mask_number("259453876.01234567").as_deref(), Some("*********"));
    assert_eq!(mask_number("279453876.0123457").as_deref(), Some("*********"));
    // Review 23d: the nine digits anywhere among the significant ones.
    assert_eq!(mask_number("1234.219453876").as_deref(), Some("*********"));
    assert_eq!(mask_number("12345.219453876"), mask_number("12345.319453876"));
    assert_eq!(mask_number("12345.678"), None);
    assert_eq!(mask_number("1.5e300"), None);
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
            "f": "*********",
            "list": ["*****3876", "x *** ** 3876", {"monthly_cents": 219453876_u64}, "*****3876"],
            "monthly_cents": 219453876_u64,
            "totals_cents": [219453876_u64],
            "small": 4194304,
            "id": "D-123456789abcdef0",
        })
    );
    assert!(!out.contains("219-45"), "{out}");
    // Pretty output is the same value.
    let pretty: Value = serde_json::from_str(&to_string_pretty(&v).unwrap_or_default()).unwrap_or_default();
    assert_eq!(pretty, back);
    // Integer map keys are part of the key's text.
    let keyed: std::collections::BTreeMap<u64, u8> = [(219453876, 1)].into();
    assert_eq!(to_string(&keyed).unwrap_or_default(), r#"{"*****3876":1}"#);
    let small: std::collections::BTreeMap<u8, i8> = [(7, -1)].into();
    assert_eq!(to_string(&small).unwrap_or_default(), r#"{"7":-1}"#);
    let big = [1e300, -2.5e-308, 12345.678];
    assert_eq!(to_string(&big).ok(), serde_json::to_string(&big).ok());
    // Nine significant digits or more with a fraction or an exponent: masked.
    assert_eq!(to_string(&f64::MAX).ok().as_deref(), Some(r#""*********""#));
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

/// A xorshift generator from `seed`: `next(n)` is a number below `n` (the
/// same sequence on every run, so a failure reproduces).
fn xorshift(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    }
}

/// `digits` with `between` after each but the last.
fn joined(digits: &str, between: &str) -> String {
    let mut out = String::new();
    for (k, d) in digits.chars().enumerate() {
        if k > 0 {
            out.push_str(between);
        }
        out.push(d);
    }
    out
}

/// Review 23a §1: characters the hand-written lists missed. Invisible ones
/// (combining marks, format characters, controls other than the line and
/// space ones, fillers) are read through, between every digit; every other
/// character that is no letter or digit separates the groups.
#[test]
fn characters_by_class_review_23a() {
    let invisible = [
        // Mn outside the blocks listed before, Me, Mc.
        "\u{1DC0}",
        "\u{1AB0}",
        "\u{05B4}",
        "\u{0941}",
        "\u{064E}",
        "\u{2DE0}",
        "\u{20DD}",
        "\u{0903}",
        // C0 and C1 controls, DEL.
        "\u{7F}",
        "\u{1}",
        "\u{1B}",
        "\u{9F}",
        // Cf.
        "\u{FFF9}",
        "\u{FFFB}",
        "\u{1D173}",
        "\u{13430}",
        "\u{1BCA0}",
        "\u{2064}",
        // Marks of Unicode 15 to 17 (Arabic pepet, Kawi, Gurung Khema).
        "\u{0897}",
        "\u{11F00}",
        "\u{1611E}",
        // Fillers that render blank.
        "\u{115F}",
        "\u{1160}",
        "\u{3164}",
        "\u{FFA0}",
        "\u{2800}",
    ];
    for c in invisible {
        let text = joined("219453876", c);
        assert_eq!(scrub(&text), joined("*****3876", c), "{text:?}");
        assert!(c.chars().all(is_invisible), "{c:?}");
    }
    let separators = [
        // Line ends and spaces: Zl, Zp, VT, FF, Zs.
        "\u{2028}", "\u{2029}", "\u{B}", "\u{C}", "\u{2000}", "\u{2001}", "\u{1680}",
        // Dashes (Pd).
        "\u{058A}", "\u{05BE}", "\u{301C}", "\u{2E3A}", "\u{2E40}", "\u{1400}", "\u{30A0}", "\u{FE31}",
        // ASCII punctuation and symbols; others.
        "^", "+", "|", "#", "=", ";", "*", "~", "!", "$", "\u{00D7}", "\u{2192}", "\u{FFFD}",
    ];
    for c in separators {
        let text = format!("219{c}45{c}3876");
        assert_eq!(scrub(&text), format!("***{c}**{c}3876"), "{text:?}");
        let text = joined("219453876", c);
        assert_eq!(scrub(&text), joined("*****3876", c), "{text:?}");
        assert!(c.chars().all(is_separator), "{c:?}");
    }
    // Letters and other numerals are neither: they end a number.
    for c in ['a', 'é', 'ж', '中', '½', 'Ⅻ', '二'] {
        assert!(!is_separator(c) && !is_invisible(c) && !is_digit(c), "{c:?}");
    }
    // Only shown characters count towards a separator's five: invisible
    // ones are read through.
    let text = format!("219-{}-45-3876", "\u{1DC0}".repeat(20));
    assert_eq!(scrub(&text), format!("***-{}-**-3876", "\u{1DC0}".repeat(20)));
    // (Read through between groups, they make `21945-3876` of this one, a
    // ZIP+4 as shown: left as typed.)
    let text = format!("219{}45-3876", "\u{1DC0}".repeat(20));
    assert_eq!(scrub(&text), text);
    assert_eq!(scrub("219 \u{85} 45 3876"), "*** \u{85} ** 3876");
    assert_eq!(scrub("219------45------3876"), "219------45------3876");
    // Controls in ASCII text are read through too (not the ASCII tables only).
    assert_eq!(scrub("2\u{1}19453876"), "*\u{1}****3876");
    assert_eq!(scrub("x\u{7F}219-45-3876"), "x\u{7F}***-**-3876");
}

/// Review 23a §2: any grouping of exactly nine digits (a chain: groups
/// joined by one to five separators) is masked, every digit but the last
/// four; more digits are masked only by a nine-digit run or a 3-2-4 in
/// them; the ZIP+4, phone numbers, timestamps and ids are left alone.
#[test]
fn groupings_review_23a() {
    for (text, masked) in [
        ("2 1 9 4 5 3 8 7 6", "* * * * * 3 8 7 6"),
        ("2-1-9-4-5-3-8-7-6", "*-*-*-*-*-3-8-7-6"),
        ("219 453 876", "*** **3 876"),
        ("219.453.876", "***.**3.876"),
        ("219-453876", "***-**3876"),
        ("219453-876", "*****3-876"),
        ("21945 3876", "***** 3876"),
        ("21945.3876", "*****.3876"),
        ("21945--3876", "*****--3876"),
        ("(219) 45-3876", "(***) **-3876"),
        ("219^45^3876", "***^**^3876"),
        ("REF*0F*219^45^3876~", "REF*0F****^**^3876~"),
        ("219+45+3876", "***+**+3876"),
        ("219|45|3876", "***|**|3876"),
        ("219#45=3876;", "***#**=3876;"),
        ("219,453,876", "***,**3,876"),
        ("SSN: 219 453 876.", "SSN: *** **3 876."),
        ("x219 453 876y", "x*** **3 876y"),
        ("２１９ ４５３ ８７６", "*** **３ ８７６"),
        ("2\u{AD}1 9 4 5 3 8 7 6", "*\u{AD}* * * * 3 8 7 6"),
        (
            "2 - 1 - 9 - 4 - 5 - 3 - 8 - 7 - 6",
            "* - * - * - * - * - 3 - 8 - 7 - 6",
        ),
        // More digits: masked by a 3-2-4 or a nine-digit run in them only.
        ("1 219-45-3876", "1 ***-**-3876"),
        ("219-45-3876-1", "***-**-3876-1"),
        ("1-219453876", "1-*****3876"),
        // A ZIP+4 ends at a letter; another number beside it is its own.
        ("OR 97201-1234", "OR 97201-1234"),
    ] {
        assert_eq!(scrub(text), masked, "{text:?}");
        assert_eq!(scrub(masked), masked, "idempotent: {masked:?}");
    }
    for text in [
        // ZIP+4: five and four digits joined by one `-`.
        "97201-1234",
        "Portland, OR 97201-1234",
        "21945-3876",
        // Phone numbers, ten digits and more.
        "503-555-0123",
        "(503) 555-0123",
        "+1 (503) 555-0123",
        "503.555.0123",
        "1 2 3 4 5 6 7 8 9 0",
        "1 219 45 38760",
        "4,194,304",
        "1,234,567,890",
        // Eight digits.
        "2026-11-25",
        "1 2 3 4 5 6 7 8",
        // Timestamps: nanoseconds and a chain holding a fraction of a second.
        "2026-11-25T12:00:00.123456789Z",
        "12:00:00.123456789",
        "12:00:00.123",
        "2026-11-25T12:00:00.123Z",
        "2026-11-25 12:00:00.123",
        // Ids by shape, which end a chain.
        "ab740704-7c37-4010-92b3-d22c6926be3e",
        "12345678-1234-4123-8123-123456789012",
        "D-0123456789abcdef",
        "1 2 3 4 5 D-0123456789abcdef",
        // More than five separators.
        "219      453876",
        // Letters end a number.
        "219a45b3876",
    ] {
        assert_eq!(scrub(text), text, "{text:?}");
    }
    // A 3-2-4 whose four digits begin a UUID is masked, as before.
    assert_eq!(
        scrub("219-45-3876abcd-1234-4123-8123-123456789012"),
        "***-**-3876abcd-1234-4123-8123-123456789012"
    );
    // An id ends a chain: the nine digits before it are a chain of their own.
    assert_eq!(
        scrub("1-2-3-4-5-6-7-8-9 12345678-1234-4123-8123-123456789012"),
        "*-*-*-*-*-6-7-8-9 12345678-1234-4123-8123-123456789012"
    );
}

/// Re-review 23d: an exempt token glued to a chain of another grouping
/// than 3-2-4, and letters read as dashes.
#[test]
fn exempt_tokens_glued_to_a_chain_and_dash_letters_review_23d() {
    for (text, want) in [
        ("D-0123456789abc219 453 876", "D-0123456789abc*** **3 876"),
        ("D-0123456789abc219.453.876", "D-0123456789abc***.**3.876"),
        ("D-0123456789abc219-453876", "D-0123456789abc***-**3876"),
        (
            "219 453 876abcde-0000-4000-8000-000000000000",
            "*** **3 876abcde-0000-4000-8000-000000000000",
        ),
        (
            "21 945 3876abcd-0000-4000-8000-000000000000",
            "** *** 3876abcd-0000-4000-8000-000000000000",
        ),
        ("219ー45ー3876", "***ー**ー3876"),
        ("219ｰ45ｰ3876", "***ｰ**ｰ3876"),
        ("219ㅡ45ㅡ3876", "***ㅡ**ㅡ3876"),
        ("219ـ45ـ3876", "***ـ**ـ3876"),
        ("219一45一3876", "***一**一3876"),
    ] {
        assert_eq!(scrub(text), want, "{text:?}");
    }
    // Standing alone, or followed by what makes no nine digits, ids stay.
    for text in [
        "D-0123456789abc219 45",
        "1-2-3 12345678-1234-4123-8123-123456789012",
        "97201-1234abcd-0000-4000-8000-000000000000",
        "ab740704-7c37-4010-92b3-d22c6926be3e, 2",
    ] {
        assert_eq!(scrub(text), text, "{text:?}");
    }
}

/// The worst shapes for the scan at the 4 MiB input limit: whole texts of
/// one chain, of separators, of invisible characters between digits, of
/// soft hyphens (read both ways). Near-linear: this would take minutes if
/// any of them were quadratic (no timing asserted: the outputs are).
#[test]
fn scrub_is_linear_on_hostile_shapes() {
    const MIB: usize = 1 << 20;
    for unit in ["1 ", "1-", "12-", "1\u{1DC0}", "1\u{AD}", "1\u{1}", "1 - - "] {
        let text = unit.repeat(4 * MIB / unit.len());
        assert_eq!(scrub(&text), text, "{unit:?}");
    }
    // Nine digits with 10,000 combining marks between each, repeated.
    let marks = "\u{0301}".repeat(10_000);
    let ssn = joined("219453876", &marks);
    let masked = joined("*****3876", &marks);
    let n = 4 * MIB / (ssn.len() + 3);
    assert_eq!(
        scrub(&vec![ssn.as_str(); n].join(" x ")),
        vec![masked.as_str(); n].join(" x ")
    );
    // SSNs back to back, each its own chain's 3-2-4.
    let text = "219-45-3876 ".repeat(4 * MIB / 12);
    assert_eq!(scrub(&text), "***-**-3876 ".repeat(4 * MIB / 12));
    let text = "2 1 9 4 5 3 8 7 6 x ".repeat(4 * MIB / 20);
    assert_eq!(scrub(&text), "* * * * * 3 8 7 6 x ".repeat(4 * MIB / 20));
}

/// Every character reads as one byte (`shown_byte`) the way it read as a
/// `char` (the oracle's `Shown for char`): digit, letter, ASCII or not, and
/// whether it ends an exempt token (`char::is_alphanumeric`).
#[test]
fn shown_bytes_read_as_their_characters() {
    for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
        let b = match u8::try_from(c).ok().filter(u8::is_ascii) {
            Some(b) => b,
            None => shown_byte(c),
        };
        assert_eq!(Shown::digit(b), Shown::digit(c), "{c:?}");
        assert_eq!(Shown::alphanumeric(b), Shown::alphanumeric(c), "{c:?}");
        assert_eq!(Shown::ascii(b), Shown::ascii(c), "{c:?}");
        assert_eq!(is(b, ALNUM), c.is_alphanumeric(), "{c:?}");
        assert_eq!(is(b, ANY_HEX), c.is_ascii_hexdigit(), "{c:?}");
        // `has_candidate` leaves invisible characters out before it asks
        // for a digit, as its `char` reading asked the other way round.
        assert!(!(is_digit(c) && is_invisible(c)), "{c:?}");
    }
}

/// The masking reads non-ASCII text as bytes (`rewrite`, `Readings`) and
/// bounds its digits by its bytes (`scrub`) exactly as it did reading
/// `char`s (`oracle`): random texts of digits of several scripts and
/// forms, separators, invisible characters (the soft hyphen and the
/// zero-width space, read both ways), letters, dash letters, ids and times,
/// scrubbed both ways, give the same text (and both borrow it, or neither).
#[test]
fn byte_reading_masks_as_the_char_reading_did() {
    let atoms = [
        "1",
        "2",
        "3",
        "12",
        "219",
        "45",
        "3876",
        "219453876",
        "0",
        "9",
        "١",
        "٢٣",
        "۴",
        "５",
        "𝟎",
        "²",
        "①",
        "➀",
        "🄋",
        "\u{11DE0}",
        "\u{1E5F1}",
        "-",
        " ",
        ".",
        ":",
        "(",
        ")",
        "/",
        "\u{3000}",
        "\u{2028}",
        "〜",
        "\u{AD}",
        "\u{200B}",
        "\u{200D}",
        "\u{301}",
        "\u{1DC0}",
        "\u{1}",
        "\u{7F}",
        "\u{85}",
        "\u{FEFF}",
        "\u{E0001}",
        "\t",
        "\n",
        "a",
        "f",
        "x",
        "Z",
        "é",
        "ß",
        "日",
        "ー",
        "一",
        "ـ",
        "ǀ",
        "Ⅻ",
        "½",
        "123e4567-e89b-12d3-a456-426614174000",
        "D-0123456789abcdef",
        "D-0123456789abc219",
        "12:00:00.",
        "abcde-0000-4000-8000-000000000000",
        "97201",
        "1234",
    ];
    let mut next = xorshift(0x5DEE_CE66_D1CE_4E5B);
    let (mut masked, mut wide) = (0, 0);
    for _ in 0..200_000 {
        let text: String = (0..next(12)).map(|_| atoms[next(atoms.len())]).collect();
        let (new, old) = (scrub(&text), oracle::scrub(&text));
        assert_eq!(new, old, "{text:?}");
        assert_eq!(
            matches!(new, Cow::Owned(_)),
            matches!(old, Cow::Owned(_)),
            "{text:?}"
        );
        // The rewrite and the first look alone too, past the quick checks.
        assert_eq!(rewrite(&text), oracle::rewrite(&text), "{text:?}");
        assert_eq!(has_candidate(&text), oracle::has_candidate(&text), "{text:?}");
        let changed = matches!(new, Cow::Owned(_));
        masked += usize::from(changed && !text.is_ascii());
        wide += usize::from(!text.is_ascii());
    }
    assert!(masked > 5_000 && wide > 150_000, "{masked} {wide}");
}

/// `ScrubMemo` answers as `scrub` does, for long texts met again (equal,
/// in another allocation), masked or not, between others and short ones.
#[test]
fn scrub_memo_answers_as_scrub() {
    let long = |unit: &str| unit.repeat(ScrubMemo::LONG / unit.len() + 1);
    let texts = [
        long("1\u{200B}"),
        long("219-45-3876 "),
        long("219-45-3876 "),
        "219-45-3876".to_owned(),
        long("219-45-3876 "),
        long("1 123 45 6789 12345 "),
        long("abc"),
        long("219-45-3876 ") + "1",
        long("1\u{200B}"),
        long("1\u{200B}"),
    ];
    let mut memo = ScrubMemo::default();
    for text in texts.iter().chain(texts.iter().rev()) {
        let copy = text.clone();
        assert_eq!(memo.scrub(&copy), scrub(text), "{:?}", text.get(..40));
    }
}
