//! The whole `Preview` as numbers and one text, for `summary.js`'s
//! `preview` to build with object literals: `JSON.parse` of a preview's
//! ~10 KB of JSON text was ~16 % of a `preview` call in wasm, and building
//! the same objects from this layout takes about a quarter of that
//! (docs/performance.md, the seventeenth session).
//!
//! Every leaf is written by the JSON writer itself (`Writer`: scrubbed,
//! masked, escaped), then handed over as what `JSON.parse` makes of it:
//!
//! - a string slot (`text`): its UTF-16 length (≥ 0) and its characters in
//!   `text`; −1 for `null`; or −2 − the length of its JSON text when the
//!   writer escaped something in it (the decoder parses that text);
//! - a value slot (`value`: a field change's `before`/`after`, a premium
//!   member's numbers, which the writer may mask into strings): a tag, 0
//!   `null`, 1 `true`, 2 `false`, 3 a number (then its value: integers the
//!   writer leaves unmasked), 4 a string (then its UTF-16 length), 5 JSON
//!   text (then its length: arrays, objects, escaped strings), 6 a number's
//!   text (then its length: other numbers, read by `Number()`);
//! - the issues of a result, a carrier's errors and warnings, the premium's
//!   issues and a feed: their JSON text (a string slot, parsed);
//! - booleans 0/1, counts as they are, an enum's name as a string slot.
//!
//! In the order of `Preview`'s fields and theirs (`output::WriteJson for
//! Preview`); tests/js/summary.test.mjs compares the objects with the JSON
//! path's for the corpus and hostile texts.

use super::{utf16_len, Compact};
use crate::diff::{Acknowledgement, Difference, FieldChange, MemberTransaction};
use crate::fulfillment::CarrierFulfillment;
use serde_json::Value;

use crate::output::{change, escaped_byte, feed, issues, item_state, object_type, transaction_type, Writer};
use crate::premium::{Money, PremiumLine, PremiumMember, PremiumSummary};
use crate::preview::Preview;
use crate::privacy::ScrubMemo;

impl Compact {
    /// Writes `preview`. Unlike the summary's, this cannot fail: a string
    /// that would be escaped crosses as its JSON text.
    pub fn preview(&mut self, preview: &Preview) {
        self.numbers.clear();
        self.text.clear();
        self.whole(preview);
        // Its copy of a long string is not kept past the preview.
        self.memo = ScrubMemo::default();
    }

    fn whole(&mut self, p: &Preview) {
        self.bool(p.valid);
        self.raw_text(|w| issues(w, &p.issues));
        self.len(p.carriers.len());
        for c in &p.carriers {
            self.str_slot(&c.carrier_id);
            self.bool(c.blocked);
        }
        self.len(p.differences.len());
        for d in &p.differences {
            self.difference(d);
        }
        self.len(p.transactions.len());
        for t in &p.transactions {
            self.transaction(t);
        }
        self.len(p.fulfillment_summary.len());
        for c in &p.fulfillment_summary {
            self.fulfillment(c);
        }
        self.name(p.status.as_str());
        self.acknowledgement(&p.acknowledgement);
        match &p.premium {
            Some(s) => {
                self.numbers.push(1.0);
                self.premium_summary(s)
            }
            None => {
                self.numbers.push(0.0);
            }
        }
        match p.now {
            Some(t) => self.slot(|w| w.timestamp(t)),
            None => self.null(),
        }
    }

    fn difference(&mut self, d: &Difference) {
        self.str_slot(&d.id);
        self.str_slot(&d.carrier_id);
        self.name(object_type(d.object_type));
        self.name(change(d.change));
        self.name(d.individual.individual_type.as_str());
        self.str_slot(&d.individual.reference);
        self.str_slot(&d.individual.name);
        self.option_name(d.line_of_coverage.map(|l| l.as_str()));
        self.len(d.fields.len());
        for f in d.fields.iter() {
            self.field_change(f);
        }
        self.str_slot(&d.path);
        match d.effective_date {
            Some(date) => self.slot(|w| w.date(date)),
            None => self.null(),
        }
    }

    fn field_change(&mut self, f: &FieldChange) {
        self.str_slot(&f.key);
        self.json_value(&f.before);
        self.json_value(&f.after)
    }

    fn transaction(&mut self, t: &MemberTransaction) {
        self.str_slot(&t.id);
        self.str_slot(&t.carrier_id);
        self.name(transaction_type(t.transaction_type));
        self.len(t.lines_of_coverage.len());
        for l in &t.lines_of_coverage {
            self.name(l.as_str());
        }
        self.strs(&t.difference_ids);
        for date in [t.effective_date, t.expected_verification_date] {
            match date {
                Some(date) => self.slot(|w| w.date(date)),
                None => self.null(),
            }
        }
        self.bool(t.blocked);
    }

    fn fulfillment(&mut self, c: &CarrierFulfillment) {
        self.str_slot(&c.carrier_id);
        self.name(c.status.as_str());
        self.raw_text(|w| issues(w, &c.errors));
        self.raw_text(|w| issues(w, &c.warnings));
        for time in [c.sent, c.next_transmission] {
            match time {
                Some(t) => self.slot(|w| w.timestamp(t)),
                None => self.null(),
            }
        }
        match &c.feed {
            Some(f) => self.json_text(|w| feed(w, f)),
            None => self.null(),
        }
    }

    fn acknowledgement(&mut self, a: &Acknowledgement) {
        self.len(a.individuals.len());
        for p in &a.individuals {
            self.str_slot(&p.reference);
            self.name(p.individual_type.as_str());
            self.str_slot(&p.name);
            self.str_slot(&p.path);
            self.bool(p.removed);
            self.name(item_state(p.state));
            self.strs(&p.issue_codes);
        }
        self.len(a.coverages.len());
        for c in &a.coverages {
            self.str_slot(&c.reference);
            self.str_slot(&c.individual_reference);
            match &c.carrier_id {
                Some(carrier) => self.str_slot(carrier),
                None => self.null(),
            }
            self.option_name(c.line_of_coverage.map(|l| l.as_str()));
            self.str_slot(&c.path);
            self.bool(c.removed);
            self.name(item_state(c.state));
            self.strs(&c.issue_codes);
        }
    }

    fn premium_summary(&mut self, p: &PremiumSummary) {
        self.slot(|w| w.date(p.on));
        self.len(p.lines.len());
        for l in &p.lines {
            self.premium_line(l);
        }
        self.whole_money(&p.total);
        for m in [&p.previous_total, &p.change] {
            match m {
                Some(m) => self.whole_money(m),
                None => self.numbers.push(0.0),
            }
        }
        self.raw_text(|w| issues(w, &p.issues))
    }

    fn premium_line(&mut self, l: &PremiumLine) {
        self.str_slot(&l.path);
        self.option_name(l.line_of_coverage.map(|x| x.as_str()));
        for s in [&l.carrier_id, &l.plan_id, &l.plan_name] {
            match s {
                Some(s) => self.str_slot(s),
                None => self.null(),
            }
        }
        self.option_name(l.calculation_type.map(|x| x.as_str()));
        self.option_name(l.tier.map(|x| x.as_str()));
        self.len(l.members.len());
        for m in &l.members {
            self.premium_member(m);
        }
        for cents in [l.monthly_cents, l.employer_cents, l.employee_cents] {
            self.int_slot(cents, true);
        }
    }

    fn premium_member(&mut self, m: &PremiumMember) {
        self.str_slot(&m.path);
        self.option_name(m.individual_type.map(|x| x.as_str()));
        self.option_name(m.relationship.map(|x| x.as_str()));
        match &m.name {
            Some(n) => self.str_slot(n),
            None => self.null(),
        }
        self.option_int(m.age.map(i64::from), false);
        self.option_int(m.volume.map(i64::from), false);
        self.option_int(m.monthly_cents, true)
    }

    /// Money as a 1 (0 is `null`), then its three figures, each a value
    /// slot (money is never masked, but the writer stays the judge).
    fn whole_money(&mut self, m: &Money) {
        self.numbers.push(1.0);
        for cents in [m.monthly_cents, m.employer_cents, m.employee_cents] {
            self.int_slot(cents, true);
        }
    }

    fn len(&mut self, n: usize) {
        self.numbers.push(n as f64);
    }

    fn null(&mut self) {
        self.numbers.push(-1.0);
    }

    fn option_name(&mut self, name: Option<&'static str>) {
        match name {
            Some(n) => self.name(n),
            None => self.numbers.push(-1.0),
        }
    }

    fn strs(&mut self, items: &[String]) {
        self.len(items.len());
        for s in items {
            self.str_slot(s);
        }
    }

    /// A string slot of any string the writer would scrub and escape
    /// (`Writer::str`), without writing it twice when nothing needs escaping.
    fn str_slot(&mut self, s: &str) {
        let mut memo = std::mem::take(&mut self.memo);
        self.scrubbed_slot(&memo.scrub(s));
        self.memo = memo;
    }

    /// `str_slot` of a string scrubbed.
    fn scrubbed_slot(&mut self, scrubbed: &str) {
        // Whether it is ASCII and whether JSON escapes a byte of it, in one pass.
        let (mut high, mut escapes) = (0u8, false);
        for &b in scrubbed.as_bytes() {
            high |= b;
            escapes |= escaped_byte(b);
        }
        if escapes {
            return self.slot(|w| w.escaped(scrubbed));
        }
        let units = match high < 0x80 {
            true => scrubbed.len(),
            false => utf16_len(scrubbed),
        };
        self.numbers.push(units as f64);
        self.text.push_str(scrubbed);
    }

    /// A value slot of a JSON value as `Writer::value` writes it (not money).
    fn json_value(&mut self, v: &Value) {
        match v {
            Value::Null => self.numbers.push(0.0),
            Value::Bool(true) => self.numbers.push(1.0),
            Value::Bool(false) => self.numbers.push(2.0),
            Value::String(s) => {
                let mut memo = std::mem::take(&mut self.memo);
                let scrubbed = memo.scrub(s);
                if scrubbed.bytes().any(escaped_byte) {
                    self.value(|w| w.escaped(&scrubbed));
                } else {
                    self.numbers.extend([4.0, utf16_len(&scrubbed) as f64]);
                    self.text.push_str(&scrubbed);
                }
                self.memo = memo;
            }
            Value::Number(n) => match n.as_i64() {
                Some(i) => self.int_slot(i, false),
                None => self.value(|w| w.value(v, false)),
            },
            _ => self.value(|w| w.value(v, false)),
        }
    }

    /// A value slot of an integer: as it is when `Writer::integer` writes
    /// it so (money, or a text of fewer than nine bytes), else through it.
    fn int_slot(&mut self, n: i64, money: bool) {
        if money || (-9_999_999..=99_999_999).contains(&n) {
            // `as f64` rounds past 2^53 to the nearest double, as `JSON.parse` does.
            self.numbers.extend([3.0, n as f64]);
            return;
        }
        self.value(|w| w.sint(n, money))
    }

    fn option_int(&mut self, n: Option<i64>, money: bool) {
        match n {
            Some(n) => self.int_slot(n, money),
            None => {
                self.numbers.push(0.0);
            }
        }
    }

    /// A string slot (see the module documentation).
    fn slot(&mut self, f: impl FnOnce(&mut Writer<'_>)) {
        let (numbers, text) = (&mut self.numbers, &mut self.text);
        let written = written(&mut self.scratch, f);
        match written.strip_prefix('"').and_then(|w| w.strip_suffix('"')) {
            Some(inner) if !inner.contains('\\') => {
                numbers.push(utf16_len(inner) as f64);
                text.push_str(inner);
            }
            _ => {
                numbers.push(-2.0 - utf16_len(written) as f64);
                text.push_str(written);
            }
        }
    }

    /// JSON text the decoder parses as it is (a list: `[]` is not parsed).
    fn raw_text(&mut self, f: impl FnOnce(&mut Writer<'_>)) {
        let written = written(&mut self.scratch, f);
        self.numbers.push(utf16_len(written) as f64);
        self.text.push_str(written);
    }

    /// JSON text in a string slot, parsed by the decoder.
    fn json_text(&mut self, f: impl FnOnce(&mut Writer<'_>)) {
        let written = written(&mut self.scratch, f);
        self.numbers.push(-2.0 - utf16_len(written) as f64);
        self.text.push_str(written);
    }

    /// A value slot (see the module documentation).
    fn value(&mut self, f: impl FnOnce(&mut Writer<'_>)) {
        let (numbers, text) = (&mut self.numbers, &mut self.text);
        let written = written(&mut self.scratch, f);
        let (tag, shown) = match written {
            "null" => (0.0, None),
            "true" => (1.0, None),
            "false" => (2.0, None),
            _ => match written.strip_prefix('"').and_then(|w| w.strip_suffix('"')) {
                Some(inner) if !inner.contains('\\') => (4.0, Some(inner)),
                // A number's text, read by `Number()` in JS: what
                // `JSON.parse` makes of it (both round to the nearest
                // double). Not parsed here: Rust's float parsing and its
                // tables were ~19 KB of the module.
                _ if written.starts_with(|c: char| c == '-' || c.is_ascii_digit()) => (6.0, Some(written)),
                _ => (5.0, Some(written)),
            },
        };
        numbers.push(tag);
        if let Some(shown) = shown {
            numbers.push(utf16_len(shown) as f64);
            text.push_str(shown);
        }
    }
}

/// What `f` writes, in `scratch` (cleared first). The writer writes whole
/// UTF-8 strings and ASCII only; were that ever broken, the leaf would be
/// empty, which the decoder refuses (an empty JSON text does not parse):
/// an error, never a wrong answer.
fn written(scratch: &mut Vec<u8>, f: impl FnOnce(&mut Writer<'_>)) -> &str {
    scratch.clear();
    f(&mut Writer::new(scratch));
    std::str::from_utf8(scratch).unwrap_or_default()
}
