//! The output layer every result and error leaves the engine through: a
//! serde_json `Formatter` that scrubs each string and number as it is
//! written (`ScrubFormatter`), and the functions that write through it.

#[cfg(feature = "census")]
use std::borrow::Cow;
#[cfg(feature = "census")]
use std::cell::Cell;
use std::io;

use serde::Serialize;
use serde_json::ser::{CharEscape, CompactFormatter, Formatter, PrettyFormatter};
use serde_json::Value;

use super::{mask_number, scrub};

/// The output layer's JS mode (`to_writer_js`, feature `census`). Without
/// the feature it is nothing, and pkg/core's formatter is the one it was.
#[cfg(feature = "census")]
#[derive(Default)]
struct JsMode<'a> {
    /// Set in JS mode: numbers are written as JS would write them, and
    /// what may still differ from JS's text is noted here.
    differs: Option<&'a Cell<bool>>,
    /// Whether masking changed the current key: two keys masked alike are
    /// one key to JSON.parse.
    key_masked: bool,
}

#[cfg(not(feature = "census"))]
type JsMode<'a> = std::marker::PhantomData<&'a ()>;

/// The engine's JSON output layer: a serde_json `Formatter` around another
/// (compact or pretty) that scrubs every string, keys included, and turns a
/// number holding an SSN-shaped run into its masked string (money in keys
/// ending `_cents` excepted). Every result and error text leaves through it.
///
/// A string's fragments, as serde_json hands them over (split at the
/// characters it escapes), are gathered into one kept buffer and the whole
/// string is scrubbed at its end: an SSN may span an escaped character (a
/// tab or a line feed between its groups, cells or lines pasted). A string
/// without escapes is then written as one fragment; only one with escapes
/// is escaped again here (`escaped`).
pub struct ScrubFormatter<'a, F> {
    inner: F,
    /// JS mode (`to_writer_js`, feature `census`).
    js: JsMode<'a>,
    /// Inside a string.
    in_string: bool,
    /// The current string's text, unescaped (kept between strings).
    pending: String,
    /// Whether the current string has a character serde_json escapes.
    has_escape: bool,
    in_key: bool,
    /// The current key's text (keys only): whether it names money.
    key: String,
    /// Per open object: whether its current key names money (`…_cents`).
    money: Vec<bool>,
}

impl<F: Formatter> ScrubFormatter<'_, F> {
    pub fn new(inner: F) -> Self {
        ScrubFormatter {
            inner,
            js: JsMode::default(),
            in_string: false,
            pending: String::new(),
            has_escape: false,
            in_key: false,
            key: String::new(),
            money: Vec::new(),
        }
    }

    /// Writes `s` as a JSON string through the inner formatter.
    fn string<W: ?Sized + io::Write>(&mut self, w: &mut W, s: &str) -> io::Result<()> {
        self.inner.begin_string(w)?;
        self.escaped(w, s)?;
        self.inner.end_string(w)
    }

    /// Writes `s` as a JSON string's content, escaped as serde_json escapes.
    fn escaped<W: ?Sized + io::Write>(&mut self, w: &mut W, s: &str) -> io::Result<()> {
        let mut start = 0;
        for (i, b) in s.bytes().enumerate() {
            let escape = match b {
                b'"' => CharEscape::Quote,
                b'\\' => CharEscape::ReverseSolidus,
                b'\n' => CharEscape::LineFeed,
                b'\r' => CharEscape::CarriageReturn,
                b'\t' => CharEscape::Tab,
                0x08 => CharEscape::Backspace,
                0x0C => CharEscape::FormFeed,
                0..=0x1F => CharEscape::AsciiControl(b),
                _ => continue,
            };
            if let Some(run) = s.get(start..i).filter(|r| !r.is_empty()) {
                self.inner.write_string_fragment(w, run)?;
            }
            self.inner.write_char_escape(w, escape)?;
            start = i + 1;
        }
        if let Some(run) = s.get(start..).filter(|r| !r.is_empty()) {
            self.inner.write_string_fragment(w, run)?;
        }
        Ok(())
    }

    /// Writes a number given as its JSON text (made by the inner formatter).
    fn number<W: ?Sized + io::Write>(&mut self, w: &mut W, text: &[u8]) -> io::Result<()> {
        let text = std::str::from_utf8(text).map_err(io::Error::other)?;
        if self.in_string {
            // A map key that is a number: the whole key's text.
            return self.write_string_fragment(w, text);
        }
        let money = self.money.last().copied().unwrap_or(false);
        match mask_number(text).filter(|_| !money) {
            Some(masked) => self.string(w, &masked),
            None if self.js_mode() => self.js_number(w, text),
            None => w.write_all(text.as_bytes()),
        }
    }

    /// Whether numbers and keys are written as JS would (`to_writer_js`):
    /// never without the census entries (the pkg/core build).
    fn js_mode(&self) -> bool {
        #[cfg(feature = "census")]
        return self.js.differs.is_some();
        #[cfg(not(feature = "census"))]
        false
    }

    /// Notes that the text may differ from what JS would write of it.
    fn differs(&self) {
        #[cfg(feature = "census")]
        if let Some(flag) = self.js.differs {
            flag.set(true);
        }
    }

    /// Whether masking changed the current key (JS mode).
    fn key_masked(&self) -> bool {
        #[cfg(feature = "census")]
        return self.js.key_masked;
        #[cfg(not(feature = "census"))]
        false
    }

    /// JS mode, after a key: JSON.parse puts keys that are array indices
    /// first, and keeps one of two keys masked alike. (Out of line, as the
    /// other JS-mode steps, and only after keys: inlined into every
    /// serializer of every result type, they made the wasm ~16 KB larger.)
    #[inline(never)]
    fn js_key(&self) {
        if self.key_masked() || crate::jsjson::is_index_like(&self.key) {
            self.differs();
        }
    }

    /// Writes a number as `JSON.stringify(JSON.parse(text))` would (`1.0`
    /// as `1`, `1e21` as `1e+21`, a 20-digit integer rounded to a double);
    /// as it is, noted, when that cannot be told here (`jsjson::renumber`).
    #[inline(never)]
    fn js_number<W: ?Sized + io::Write>(&mut self, w: &mut W, text: &str) -> io::Result<()> {
        let mut buf = [0u8; crate::jsjson::NUMBER_ROOM];
        match crate::jsjson::js_number(text, &mut buf) {
            Some(js) => w.write_all(js),
            None => {
                self.differs();
                w.write_all(text.as_bytes())
            }
        }
    }
}

/// Renders a number with the inner formatter, then writes it through `number`.
macro_rules! numbers {
    ($($method:ident: $t:ty),+) => {$(
        fn $method<W: ?Sized + io::Write>(&mut self, w: &mut W, value: $t) -> io::Result<()> {
            // Any number's text fits (i128: 40 bytes; f64: 24), without an allocation.
            let mut buf = [0u8; 64];
            let mut text = io::Cursor::new(&mut buf[..]);
            self.inner.$method(&mut text, value)?;
            let len = usize::try_from(text.position()).unwrap_or(0);
            self.number(w, buf.get(..len).unwrap_or_default())
        }
    )+};
}

impl<F: Formatter> Formatter for ScrubFormatter<'_, F> {
    // Small integers too: a map key that is a number is written inside a string.
    numbers!(write_i8: i8, write_i16: i16, write_i32: i32, write_i64: i64, write_i128: i128,
             write_u8: u8, write_u16: u16, write_u32: u32, write_u64: u64, write_u128: u128,
             write_f32: f32, write_f64: f64);

    fn write_number_str<W: ?Sized + io::Write>(&mut self, w: &mut W, value: &str) -> io::Result<()> {
        self.number(w, value.as_bytes())
    }

    fn write_null<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.inner.write_null(w)
    }

    fn write_bool<W: ?Sized + io::Write>(&mut self, w: &mut W, value: bool) -> io::Result<()> {
        self.inner.write_bool(w, value)
    }

    fn begin_string<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.in_string = true;
        self.pending.clear();
        self.has_escape = false;
        self.key.clear();
        #[cfg(feature = "census")]
        {
            self.js.key_masked = false;
        }
        self.inner.begin_string(w)
    }

    fn write_string_fragment<W: ?Sized + io::Write>(&mut self, w: &mut W, fragment: &str) -> io::Result<()> {
        let _ = w;
        if self.in_key {
            self.key.push_str(fragment);
        }
        self.pending.push_str(fragment);
        Ok(())
    }

    fn write_char_escape<W: ?Sized + io::Write>(&mut self, w: &mut W, escape: CharEscape) -> io::Result<()> {
        let _ = w;
        if self.in_key {
            // Not `_cents`'s last letters: any escape ends a key that is not money.
            self.key.push('\\');
        }
        self.pending.push(match escape {
            CharEscape::Quote => '"',
            CharEscape::ReverseSolidus => '\\',
            CharEscape::Solidus => '/',
            CharEscape::Backspace => '\u{8}',
            CharEscape::FormFeed => '\u{C}',
            CharEscape::LineFeed => '\n',
            CharEscape::CarriageReturn => '\r',
            CharEscape::Tab => '\t',
            CharEscape::AsciiControl(b) => char::from(b),
        });
        self.has_escape = true;
        Ok(())
    }

    fn end_string<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.in_string = false;
        let pending = std::mem::take(&mut self.pending);
        let scrubbed = scrub(&pending);
        #[cfg(feature = "census")]
        {
            self.js.key_masked |= self.in_key && matches!(scrubbed, Cow::Owned(_));
        }
        // Masking turns digits into `*`: nothing it writes needs escaping.
        let written = match self.has_escape {
            true => self.escaped(w, &scrubbed),
            false if scrubbed.is_empty() => Ok(()),
            false => self.inner.write_string_fragment(w, &scrubbed),
        };
        drop(scrubbed);
        self.pending = pending;
        written?;
        if self.in_key {
            if let Some(top) = self.money.last_mut() {
                *top = self.key.ends_with("_cents");
            }
        }
        self.inner.end_string(w)
    }

    fn write_byte_array<W: ?Sized + io::Write>(&mut self, w: &mut W, value: &[u8]) -> io::Result<()> {
        self.inner.write_byte_array(w, value)
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.inner.begin_array(w)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.inner.end_array(w)
    }

    fn begin_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.inner.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.inner.end_array_value(w)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.money.push(false);
        self.inner.begin_object(w)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.money.pop();
        self.inner.end_object(w)
    }

    fn begin_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.in_key = true;
        self.inner.begin_object_key(w, first)
    }

    fn end_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.in_key = false;
        if self.js_mode() {
            self.js_key();
        }
        self.inner.end_object_key(w)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.inner.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.inner.end_object_value(w)
    }

    fn write_raw_fragment<W: ?Sized + io::Write>(&mut self, w: &mut W, fragment: &str) -> io::Result<()> {
        // Raw JSON (never made by the engine's types) is scrubbed as text.
        if self.js_mode() {
            self.differs();
        }
        self.inner.write_raw_fragment(w, &scrub(fragment))
    }
}

/// Serializes `value` as compact JSON through the output layer.
pub fn to_writer<W: io::Write, T: Serialize + ?Sized>(writer: W, value: &T) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(writer, ScrubFormatter::new(CompactFormatter));
    value.serialize(&mut ser)
}

/// Serializes `value` as compact JSON through the output layer, written as
/// JavaScript would write it (feature `census`, whose entries use it; the
/// pkg/core build compiles no JS mode): the text is `JSON.stringify(JSON.parse(text))`
/// when this returns `true`. When `false`, JS would write it otherwise (a
/// key JSON.parse orders first or two keys masked alike, which it merges; a
/// number whose shortest form has more than 15 digits: `jsjson`), and the
/// caller must let JS parse and write it again. Masking is decided on the
/// number serde_json writes, as for `to_writer`: the same numbers are masked.
#[cfg(feature = "census")]
pub fn to_writer_js<W: io::Write, T: Serialize + ?Sized>(writer: W, value: &T) -> serde_json::Result<bool> {
    // The same formatter type as `to_writer`'s: the serialization code of
    // every result type is compiled once for both (a second formatter type
    // was ~50 KB more wasm); JS mode is a run-time switch.
    let differs = Cell::new(false);
    let formatter = ScrubFormatter {
        js: JsMode {
            differs: Some(&differs),
            key_masked: false,
        },
        ..ScrubFormatter::new(CompactFormatter)
    };
    value.serialize(&mut serde_json::Serializer::with_formatter(writer, formatter))?;
    Ok(!differs.get())
}

/// `value` as compact JSON text, through the output layer.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    to_writer(&mut out, value)?;
    String::from_utf8(out).map_err(serde::ser::Error::custom)
}

/// `value` as indented JSON text, through the output layer.
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    let formatter = ScrubFormatter::new(PrettyFormatter::new());
    value.serialize(&mut serde_json::Serializer::with_formatter(&mut out, formatter))?;
    String::from_utf8(out).map_err(serde::ser::Error::custom)
}

/// `value` as the JSON value the output layer would write (for callers that
/// hand results on as values rather than text).
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Value> {
    serde_json::from_str(&to_string(value)?)
}

/// A serde error's reason without the input values it quotes: serde says
/// `invalid type: string "219-45-3876", expected …`; this says
/// `invalid type, expected …`. Field names (the engine's own) are kept.
pub fn serde_reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let quoting = [
        "invalid type",
        "invalid value",
        "unknown variant",
        "unknown field",
    ];
    let reason = match quoting.iter().find(|p| text.starts_with(*p)) {
        // The expectation comes last and is the engine's own text.
        Some(prefix) => match text.rfind(", expected ") {
            Some(at) => format!("{prefix}{}", text.get(at..).unwrap_or_default()),
            None => (*prefix).to_owned(),
        },
        None => text,
    };
    scrub(&reason).into_owned()
}
