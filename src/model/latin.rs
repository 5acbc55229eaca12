//! Latin letters spelled in ASCII: the one reading of accented and special
//! Latin letters that the 834 writes (`x12::text`: `Müller` → `MULLER`) and
//! that tracking compares by (`tracking::compare::letters`: what a carrier
//! holds of a name sent through an 834). One table, so a name compares as
//! it was written.

/// The base letters of Latin-1 Supplement, Latin Extended-A and -B
/// (U+00C0-U+024F), one byte per code point: the letter a character is
/// written as without its diacritic (`Ș` → `S`, `ı` → `i`, `Ø` → `O`), a
/// space for what is no letter (`×`, `÷`) or has no base letter, `*` for
/// the few written as two letters (`multi_letter`). Generated from
/// Unicode's decompositions and character names (Python's `unicodedata`).
/// 656 bytes for the four Latin blocks, the only letters X12 can carry
/// once unaccented, where a normalization crate would bring decomposition
/// tables for the whole of Unicode into the wasm and still need a table
/// for the letters that do not decompose (`Ø`, `Ł`, `Đ`, `ı`).
const LATIN: &str = concat!(
    "AAAAAA*CEEEEIIIIDNOOOOO OUUUUY**aaaaaa*ceeeeiiiidnooooo ouuuuy*y", // U+00C0
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi**JjKkqLlLlLlL", // U+0100
    "lLlNnNnNnnNnOoOoOo**RrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs", // U+0140
    "bBBb  OCcDDDd EAEFfG *IIKkl MNnOOo**Pp   S tTtTUuUVYyZzZZzz     ", // U+0180
    "    *********AaIiOoUuUuUuUuUueAaAa**GgGgKkOoOoZzj***Gg*WNnAa**Oo", // U+01C0
    "AaAaEeEeIiIiOoOoRrRrUuUuSsTtYyHhNd**ZzAaEeOoOoOoOoYylntj**ACcLTs", // U+0200
    "z  B VEeJjQqRrYy",                                                 // U+0240
);
/// The same for Latin Extended Additional (U+1E00-U+1EFF): Vietnamese
/// (`ễ` → `e`), Welsh, and the letters with dots below of many
/// transliterations.
const EXTENDED_ADDITIONAL: &str = concat!(
    "AaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMm", // U+1E00
    "MmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSsSsSsSsTtTtTtTtUuUuUuUuUuVvVv", // U+1E40
    "WwWwWwWwWwXxXxYyZzZzZzhtwyasss* AaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEe", // U+1E80
    "EeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYy**VvYy", // U+1EC0
);

/// The letters written as two ASCII letters.
fn multi_letter(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{00c6}' | '\u{01e2}' | '\u{01fc}' => "AE",
        '\u{00de}' => "TH",
        '\u{00df}' => "ss",
        '\u{00e6}' | '\u{01e3}' | '\u{01fd}' => "ae",
        '\u{00fe}' => "th",
        '\u{0132}' => "IJ",
        '\u{0133}' => "ij",
        '\u{0152}' => "OE",
        '\u{0153}' => "oe",
        '\u{0195}' => "hv",
        '\u{01a2}' => "OI",
        '\u{01a3}' => "oi",
        '\u{01c4}' | '\u{01f1}' => "DZ",
        '\u{01c5}' | '\u{01f2}' => "Dz",
        '\u{01c6}' | '\u{01f3}' => "dz",
        '\u{01c7}' => "LJ",
        '\u{01c8}' => "Lj",
        '\u{01c9}' => "lj",
        '\u{01ca}' => "NJ",
        '\u{01cb}' => "Nj",
        '\u{01cc}' => "nj",
        '\u{01f6}' => "HV",
        '\u{0222}' => "OU",
        '\u{0223}' => "ou",
        '\u{0238}' => "db",
        '\u{0239}' => "qp",
        '\u{1e9e}' => "SS",
        '\u{1efa}' => "LL",
        '\u{1efb}' => "ll",
        _ => return None,
    })
}

/// The ASCII spelling of a Latin letter with a diacritic, a ligature or a
/// special letter (`ß` → `ss`, `Þ` → `TH`, `Đ`/`Ð` → `D`, `Ł` → `L`);
/// `None` for anything else.
pub fn ascii_spelling(c: char) -> Option<&'static str> {
    if let Some(two) = multi_letter(c) {
        return Some(two);
    }
    let (table, first) = match c {
        '\u{c0}'..='\u{24f}' => (LATIN, 0xc0),
        '\u{1e00}'..='\u{1eff}' => (EXTENDED_ADDITIONAL, 0x1e00),
        _ => return None,
    };
    let at = usize::try_from(u32::from(c) - first).ok()?;
    // Each entry is one ASCII byte: a one-byte slice is a whole character.
    table
        .get(at..at + 1)
        .filter(|b| b.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// A combining mark (Combining Diacritical Marks and their Extended and
/// Supplement blocks, those for symbols, half marks): the accent of a
/// decomposed (NFD) letter, `u` + U+0308 for `ü`. Dropped, the letter it
/// follows written as it is.
pub fn is_combining(c: char) -> bool {
    matches!(
        c,
        '\u{300}'..='\u{36f}'
            | '\u{1ab0}'..='\u{1aff}'
            | '\u{1dc0}'..='\u{1dff}'
            | '\u{20d0}'..='\u{20ff}'
            | '\u{fe20}'..='\u{fe2f}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_cover_their_blocks_letter_for_letter() {
        assert_eq!(LATIN.len(), 0x250 - 0xc0);
        assert_eq!(EXTENDED_ADDITIONAL.len(), 0x100);
        let spelled: String = "ÀÿĀſƀɏḀỹȘțǅ×Ωß"
            .chars()
            .map(|c| ascii_spelling(c).unwrap_or("_"))
            .collect();
        assert_eq!(spelled, "AyAsbyAyStDz__ss");
        assert!(is_combining('\u{308}') && !is_combining('a'));
    }
}
