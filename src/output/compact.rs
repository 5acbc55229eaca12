//! The keystroke's summary as numbers and one text, for JS to build the
//! same objects from without `JSON.parse` (`src/wasm/summary.js`).
//!
//! `JSON.parse` of a ~1.2 KB summary was ~15 % of a `prepared.edit` in wasm
//! (V8 profile, docs/performance.md): it reads every key and number back
//! from text. Here every leaf of the summary is written by the JSON writer
//! itself (`Writer`: scrubbed, masked, as `to_writer` writes it), then
//! handed over as what `JSON.parse` would make of it — a number, or a
//! string as a UTF-16 length into `text` — in the order of the fields;
//! the decoder knows the shape. A leaf this cannot hand over exactly (an
//! escaped string, a masked count) makes `summary` return `false`, and the
//! caller writes the JSON text instead: the objects are the same either
//! way (tests/js/summary.test.mjs compares them).
//!
//! The layout (`n`: numbers, `s`: a string's UTF-16 length in `text`, or
//! −1 for `null`), field by field as `PreviewSummary`'s writer goes:
//! `valid` (0/1); `issues` (`s`: their JSON text, parsed in JS; "[]" when
//! there are none); the carriers' count, then per carrier `carrier_id` (`s`)
//! and `blocked` (0/1); the fulfillment's count, then per carrier
//! `carrier_id` (`s`), `status` (`s`), `errors`, `warnings`, `differences`
//! (`n`), `next_transmission` (`s`); `status` (`s`); `differences`,
//! `transactions` (`n`); `premium`: 0 for `null`, or 1 then `on` (`s`),
//! `total` (three `n`), `previous_total` and `change` (0, or 1 and three
//! `n`), `issues` (`n`).

mod preview;

use super::{issues, Writer};
use crate::premium::Money;
use crate::preview::{PremiumTotals, PreviewSummary};

/// The two parts handed to JS, reused between calls.
#[derive(Default)]
pub struct Compact {
    pub numbers: Vec<f64>,
    pub text: String,
    /// One leaf's JSON text.
    scratch: Vec<u8>,
    /// The last long string scrubbed (`preview`): a field change's value is
    /// shown in the difference of each of its carriers.
    memo: crate::privacy::ScrubMemo,
}

/// Counts of up to eight digits are written as they are; a ninth could be
/// masked as an SSN (`Writer::integer`). None can be that large below the
/// input limit, but the JSON path stays the judge.
const PLAIN_COUNT: usize = 99_999_999;

impl Compact {
    /// Writes `summary`; `false` when a leaf cannot be handed over exactly
    /// (the JSON text must be used instead).
    pub fn summary(&mut self, summary: &PreviewSummary) -> bool {
        self.numbers.clear();
        self.text.clear();
        self.write(summary).is_some()
    }

    /// Lets go of buffers grown past `bytes` (a hostile summary's).
    pub fn shrink(&mut self, bytes: usize) {
        if self.text.capacity() > bytes || self.numbers.capacity() * 8 > bytes {
            *self = Compact::default();
        }
    }

    fn write(&mut self, s: &PreviewSummary) -> Option<()> {
        self.bool(s.valid);
        self.raw_json(|w| issues(w, &s.issues))?;
        self.count(s.carriers.len())?;
        for c in &s.carriers {
            self.string(|w| w.str(&c.carrier_id))?;
            self.bool(c.blocked);
        }
        self.count(s.fulfillment.len())?;
        for f in &s.fulfillment {
            self.string(|w| w.str(&f.carrier_id))?;
            self.name(f.status.as_str());
            self.count(f.errors)?;
            self.count(f.warnings)?;
            self.count(f.differences)?;
            match f.next_transmission {
                Some(t) => self.string(|w| w.timestamp(t))?,
                None => self.numbers.push(-1.0),
            }
        }
        self.name(s.status.as_str());
        self.count(s.differences)?;
        self.count(s.transactions)?;
        match &s.premium {
            Some(p) => self.premium(p),
            None => {
                self.numbers.push(0.0);
                Some(())
            }
        }
    }

    fn premium(&mut self, p: &PremiumTotals) -> Option<()> {
        self.numbers.push(1.0);
        self.string(|w| w.date(p.on))?;
        self.money(&p.total);
        for m in [&p.previous_total, &p.change] {
            match m {
                Some(m) => {
                    self.numbers.push(1.0);
                    self.money(m);
                }
                None => self.numbers.push(0.0),
            }
        }
        self.count(p.issues)
    }

    fn bool(&mut self, v: bool) {
        self.numbers.push(if v { 1.0 } else { 0.0 });
    }

    fn count(&mut self, n: usize) -> Option<()> {
        (n <= PLAIN_COUNT).then(|| self.numbers.push(n as f64))
    }

    /// Money is never masked (`Writer::sint(_, true)`); `as f64` rounds a
    /// cents figure past 2^53 to the nearest double, as `JSON.parse` does.
    fn money(&mut self, m: &Money) {
        for cents in [m.monthly_cents, m.employer_cents, m.employee_cents] {
            self.numbers.push(cents as f64);
        }
    }

    /// An enum's serde name: ASCII, nothing to scrub or escape.
    fn name(&mut self, s: &'static str) {
        self.push_text(s);
    }

    /// A string leaf as the writer writes it, without its quotes; `None`
    /// when the writer escaped something in it or wrote no string.
    fn string(&mut self, f: impl FnOnce(&mut Writer<'_>)) -> Option<()> {
        self.scratch.clear();
        f(&mut Writer::new(&mut self.scratch));
        let inner = match self.scratch.as_slice() {
            [b'"', inner @ .., b'"'] if !inner.contains(&b'\\') => inner,
            _ => return None,
        };
        let text = std::str::from_utf8(inner).ok()?;
        let (numbers, out) = (&mut self.numbers, &mut self.text);
        numbers.push(utf16_len(text) as f64);
        out.push_str(text);
        Some(())
    }

    /// JSON text the decoder parses as it is.
    fn raw_json(&mut self, f: impl FnOnce(&mut Writer<'_>)) -> Option<()> {
        self.scratch.clear();
        f(&mut Writer::new(&mut self.scratch));
        let text = std::str::from_utf8(&self.scratch).ok()?;
        self.numbers.push(utf16_len(text) as f64);
        self.text.push_str(text);
        Some(())
    }

    fn push_text(&mut self, s: &str) {
        self.numbers.push(utf16_len(s) as f64);
        self.text.push_str(s);
    }
}

/// A text's length in UTF-16 units (JS string positions).
fn utf16_len(s: &str) -> usize {
    match s.is_ascii() {
        true => s.len(),
        false => s.chars().map(char::len_utf16).sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::utf16_len;

    #[test]
    fn utf16_lengths() {
        assert_eq!(utf16_len(""), 0);
        assert_eq!(utf16_len("abc"), 3);
        assert_eq!(utf16_len("é"), 1);
        assert_eq!(utf16_len("😀a"), 3);
    }
}
