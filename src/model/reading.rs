//! How text reads to a person: which characters are digits (of any
//! script, and the superscript, circled … forms), which separate groups of
//! digits, and which show nothing. The privacy layer masks SSNs by these
//! tables (`privacy::scrub`); they live in the model because quoting input
//! text (`text::quote`) must know them too, and the model is below privacy.

/// The first code point (digit zero) of each block of ten Unicode decimal
/// digits (general category Nd, Unicode 17): a digit is at most 9 past one.
/// Sorted (binary-searched). Added after Unicode 14: Kawi U+11F50 and Nag
/// Mundari U+1E4F0 (15); Garay U+10D40, Myanmar Extended-C's Pao U+116D0
/// and Eastern Pwo Karen U+116DA, Sunuwar U+11BF0, Gurung Khema U+16130,
/// Kirat Rai U+16D70, outlined digits U+1CCF0 and Ol Onal U+1E5F1 (16);
/// Tolong Siki U+11DE0 (17).
const DIGIT_ZEROS: [u32; 77] = [
    0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6, 0xe50,
    0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0, 0x1c40,
    0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10, 0x104a0, 0x10d30, 0x10d40,
    0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0, 0x116d0, 0x116da,
    0x11730, 0x118e0, 0x11950, 0x11bf0, 0x11c50, 0x11d50, 0x11da0, 0x11de0, 0x11f50, 0x16130, 0x16a60,
    0x16ac0, 0x16b50, 0x16d70, 0x1ccf0, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0,
    0x1e4f0, 0x1e5f1, 0x1e950, 0x1fbf0,
];

/// Characters that separate the 3-2-4 groups of a written SSN.
pub const SEPARATORS: &[char] = &[
    '-', '.', ' ', '/', '_', ',', ':', '\t', '\n', '\r',       // cells or lines pasted
    '\u{00A0}', // no-break space
    '\u{00AD}', // soft hyphen
    '\u{00B7}', // middle dot
    '\u{200B}', // zero-width space
    '\u{2009}', // thin space
    '\u{202F}', // narrow no-break space
    '\u{3000}', // ideographic space
    '\u{2010}', // hyphen
    '\u{2011}', // non-breaking hyphen
    '\u{2012}', // figure dash
    '\u{2013}', // en dash
    '\u{2014}', // em dash
    '\u{2212}', // minus sign
    '\u{FE63}', // small hyphen-minus
    '\u{FF0D}', // full-width hyphen-minus
    '\u{FF0E}', // full-width full stop
    '\u{2002}', '\u{2003}', '\u{2004}', '\u{2005}', '\u{2006}', // en to six-per-em spaces
    '\u{2007}', // figure space
    '\u{2008}', // punctuation space
    '\u{200A}', // hair space
    '\u{205F}', // medium mathematical space
    '\u{2015}', // horizontal bar
    '\u{2043}', // hyphen bullet
    '\u{FE58}', // small em dash
    '\u{2044}', // fraction slash
    '\u{2215}', // division slash
    '\u{FF0F}', // full-width solidus
    '\u{FF0C}', // full-width comma
    '\u{FE50}', // small comma
    '\u{3001}', // ideographic comma
    '\u{FF64}', // half-width ideographic comma
    '\u{FE52}', // small full stop
    '\u{3002}', // ideographic full stop
    '\u{FF61}', // half-width ideographic full stop
    '\u{2024}', // one dot leader
    '\u{2027}', // hyphenation point
    '\u{2022}', // bullet
    '\u{2219}', // bullet operator
    '\u{22C5}', // dot operator
    '\u{30FB}', // katakana middle dot
    '\u{FF65}', // half-width katakana middle dot
    '\u{FF3F}', // full-width low line
];

/// Digits that are not Unicode decimal digits (general category No) but
/// read as one: superscripts, subscripts, circled and parenthesized forms.
/// Each range holds the digits in order (`0`..=`9`, or `1`..=`9` where the
/// form has no zero).
const DIGIT_FORMS: &[(u32, u32)] = &[
    (0xB2, 0xB3),       // ² ³
    (0xB9, 0xB9),       // ¹
    (0x2070, 0x2070),   // ⁰
    (0x2074, 0x2079),   // ⁴ … ⁹
    (0x2080, 0x2089),   // ₀ … ₉
    (0x2460, 0x2468),   // ① … ⑨
    (0x2474, 0x247C),   // ⑴ … ⑼
    (0x2488, 0x2490),   // ⒈ … ⒐
    (0x24EA, 0x24EA),   // ⓪
    (0x24F5, 0x24FD),   // ⓵ … ⓽
    (0x24FF, 0x24FF),   // ⓿
    (0x2776, 0x277E),   // ❶ … ❾
    (0x2780, 0x2788),   // ➀ … ➈
    (0x278A, 0x2792),   // ➊ … ➒
    (0x1F100, 0x1F10A), // 🄀 … 🄊
    (0x1F10B, 0x1F10C), // 🄋 🄌: the zeros of ➀ … ➈ and ➊ … ➒
];

/// Characters that show nothing of their own between digits: format
/// characters (zero-width joiners, direction marks, word joiner, byte-order
/// mark, soft hyphen), variation selectors and combining marks (a keycap
/// `2️⃣` is `2`, U+FE0F, U+20E3). `scrub` reads text as if they were not
/// there, so `2\u{200D}1\u{200D}9…` is the nine digits it shows, and keeps
/// them in place in what it writes.
pub fn is_invisible(c: char) -> bool {
    matches!(u32::from(c),
        0xAD | 0x34F | 0x300..=0x36F | 0x61C | 0x180B..=0x180F | 0x200B..=0x200F | 0x202A..=0x202E
        | 0x2060..=0x2064 | 0x2066..=0x206F | 0x20D0..=0x20FF | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F
        | 0xFEFF | 0xE0000..=0xE007F | 0xE0100..=0xE01EF)
}

/// Whether `c` reads as a decimal digit: a Unicode decimal digit (Nd), or
/// a superscript, subscript, circled or parenthesized digit (`DIGIT_FORMS`).
pub fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    let c = u32::from(c);
    let after = DIGIT_ZEROS.partition_point(|&z| z <= c);
    after > 0 && DIGIT_ZEROS.get(after - 1).is_some_and(|&zero| c - zero < 10)
        || DIGIT_FORMS
            .iter()
            .any(|&(first, last)| (first..=last).contains(&c))
}
