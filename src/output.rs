//! The hot results written as JSON by hand: the keystroke's `PreviewSummary`,
//! the whole `Preview`, `ValidationResult` and `DiffResult` — byte for byte
//! what the serde path (`privacy::to_writer`: serde's derives through
//! serde_json's serializer and `privacy::ScrubFormatter`) writes of them,
//! without its cost per key (serde_json's key path, gathering and scrubbing
//! each field name: ~400 instructions a key, docs/performance.md).
//!
//! What makes it the same text (tests/output.rs writes every preview and
//! summary of the corpus and of hostile documents both ways and compares):
//!
//! - field names are compile-time constants checked by `key!` to be lower-case
//!   ASCII letters and `_` (nothing serde_json escapes; no digit, so
//!   `privacy::scrub` leaves them as they are): written as they are;
//! - every other string — ids, names, messages, paths, dates, the keys and
//!   strings of a `serde_json::Value` — goes through `privacy::scrub`, then
//!   serde_json's escapes (`str`);
//! - every integer is written as serde_json writes it, then turned into its
//!   masked string by `privacy::mask_number` when it holds an SSN-shaped
//!   run, unless it is money: under a key ending `_cents` of the innermost
//!   object, as `ScrubFormatter` decides (`int`, `value`);
//! - the enums are written as their serde names (`string_enum!`'s wire
//!   spellings, `rename_all = "snake_case"`), fields in declaration order,
//!   `Option` as `null`, `#[serde(skip)]` fields left out.
//!
//! Every type written here keeps its `Serialize` derive (TypeScript types,
//! tests, other outputs); a change to one of them must change its writer
//! here too, or tests/output.rs fails.

pub mod compact;

use serde_json::ser::Formatter;
use serde_json::{Map, Value};

use crate::diagnostic::Issue;
use crate::diff::{
    Acknowledgement, Change, CoverageReference, DiffResult, Difference, FieldChange, ItemState,
    MemberTransaction, ObjectType, PersonReference, TransactionType,
};
use crate::fulfillment::{CarrierFulfillment, FeedSchedule};
use crate::model::{Date, Timestamp};
use crate::premium::{Money, PremiumLine, PremiumMember, PremiumSummary};
use crate::preview::{CarrierCounts, PremiumTotals, Preview, PreviewSummary};
use crate::privacy::{mask_number, scrub, ScrubMemo};
use crate::validate::{CarrierStatus, ValidationResult};

/// `text`, a field name `name` with its punctuation (`{"name":` or
/// `,"name":`), when `name` may be written without the output layer's work:
/// only lower-case ASCII letters and `_`, so serde_json escapes nothing in
/// it and `privacy::scrub` (which masks digits only) leaves it as it is.
/// Evaluated at compile time by `first!` and `key!`.
const fn field(text: &'static str, name: &'static str) -> &'static str {
    let mut rest = name.as_bytes();
    assert!(!rest.is_empty(), "a field name is not empty");
    while let [first, tail @ ..] = rest {
        assert!(
            matches!(*first, b'a'..=b'z' | b'_'),
            "a field name written by hand is lower-case ASCII letters and `_`"
        );
        rest = tail;
    }
    text
}

/// `{` and an object's first field name, checked at compile time (`field`).
/// The unit test below also checks every `first!` and `key!` of this file
/// at run time.
macro_rules! first {
    ($name:literal) => {
        const { field(concat!("{\"", $name, "\":"), $name) }
    };
}

/// A field name after the first, with its comma (`field`).
macro_rules! key {
    ($name:literal) => {
        const { field(concat!(",\"", $name, "\":"), $name) }
    };
}

/// A result written by hand (`to_writer`).
pub trait WriteJson {
    fn write_json(&self, w: &mut Writer<'_>);
}

/// Writes `value`'s JSON text (compact) at the end of `out`.
pub fn to_writer<T: WriteJson + ?Sized>(out: &mut Vec<u8>, value: &T) {
    value.write_json(&mut Writer::new(out));
}

/// `to_writer`, written as JavaScript would write it (the census entries,
/// feature `census`; `privacy::to_writer_js` is the serde path's): the text
/// is `JSON.stringify(JSON.parse(text))` when this returns `true`. When
/// `false`, the text may differ from JS's (a number `jsjson` cannot lay out
/// as JS does; an object key JSON.parse would order first, or one masked,
/// which could merge with another), and the caller must take another path.
#[cfg(feature = "census")]
pub fn to_writer_js<T: WriteJson + ?Sized>(out: &mut Vec<u8>, value: &T) -> bool {
    let mut w = Writer::new(out);
    w.js = true;
    value.write_json(&mut w);
    !w.differs_from_js
}

/// `value`'s JSON text (compact).
pub fn to_string<T: WriteJson + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    to_writer(&mut out, value);
    // Only whole UTF-8 strings and ASCII are ever written.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The JSON text being written.
pub struct Writer<'a> {
    out: &'a mut Vec<u8>,
    /// JS mode (`to_writer_js`): numbers as JS writes them. Only the
    /// census entries set it (without them it is never read).
    #[cfg_attr(not(feature = "census"), allow(dead_code))]
    js: bool,
    /// In JS mode: something was written that JS may write otherwise.
    differs_from_js: bool,
    /// The last long string scrubbed (a value shown for several carriers).
    memo: ScrubMemo,
}

/// Whether serde_json escapes this byte of a string.
fn escaped_byte(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

impl<'a> Writer<'a> {
    fn new(out: &'a mut Vec<u8>) -> Self {
        Writer {
            out,
            js: false,
            differs_from_js: false,
            memo: ScrubMemo::default(),
        }
    }

    /// Whether numbers and keys are written as JS would: never without the
    /// census entries (the pkg/core build compiles no JS mode).
    fn js_mode(&self) -> bool {
        #[cfg(feature = "census")]
        return self.js;
        #[cfg(not(feature = "census"))]
        false
    }

    fn raw(&mut self, bytes: &[u8]) {
        self.out.extend_from_slice(bytes);
    }

    fn byte(&mut self, b: u8) {
        self.out.push(b);
    }

    /// `{` and the first field name (a `first!`).
    fn open(&mut self, first: &'static str) {
        self.raw(first.as_bytes());
    }

    /// A field name after the first, with its comma (a `key!`).
    fn key(&mut self, key: &'static str) {
        self.raw(key.as_bytes());
    }

    fn close(&mut self) {
        self.byte(b'}');
    }

    fn null(&mut self) {
        self.raw(b"null");
    }

    fn bool(&mut self, v: bool) {
        self.raw(if v { b"true" } else { b"false" });
    }

    /// A string the engine spells (an enum's serde name): no SSN, nothing
    /// to escape (the unit tests check every one).
    fn name(&mut self, s: &'static str) {
        self.byte(b'"');
        self.raw(s.as_bytes());
        self.byte(b'"');
    }

    /// Any other string: scrubbed, then escaped as serde_json escapes.
    fn str(&mut self, s: &str) {
        // The memo taken out while it lends the scrubbed text (no copy: a
        // `ScrubMemo` owns no buffer until it meets a long string).
        let mut memo = std::mem::take(&mut self.memo);
        self.escaped(&memo.scrub(s));
        self.memo = memo;
    }

    /// A string's JSON text as serde_json writes it (`"`, `\`, `\b`, `\f`,
    /// `\n`, `\r`, `\t`, other control characters as `\u00xx`).
    fn escaped(&mut self, s: &str) {
        self.byte(b'"');
        let bytes = s.as_bytes();
        if !bytes.iter().any(|&b| escaped_byte(b)) {
            self.raw(bytes);
        } else {
            let mut start = 0;
            for (i, &b) in bytes.iter().enumerate() {
                if !escaped_byte(b) {
                    continue;
                }
                self.raw(bytes.get(start..i).unwrap_or_default());
                start = i + 1;
                match b {
                    b'"' => self.raw(b"\\\""),
                    b'\\' => self.raw(b"\\\\"),
                    0x08 => self.raw(b"\\b"),
                    0x0C => self.raw(b"\\f"),
                    b'\n' => self.raw(b"\\n"),
                    b'\r' => self.raw(b"\\r"),
                    b'\t' => self.raw(b"\\t"),
                    _ => {
                        const HEX: &[u8; 16] = b"0123456789abcdef";
                        let hex = |n: u8| HEX.get(usize::from(n & 0xF)).copied().unwrap_or(b'0');
                        self.raw(&[b'\\', b'u', b'0', b'0', hex(b >> 4), hex(b)]);
                    }
                }
            }
            self.raw(bytes.get(start..).unwrap_or_default());
        }
        self.byte(b'"');
    }

    /// A number's JSON text: as it is, or its masked string when it holds
    /// an SSN-shaped run and is not money (`ScrubFormatter::number`).
    fn number(&mut self, text: &str, money: bool) {
        match mask_number(text).filter(|_| !money) {
            Some(masked) => self.escaped(&masked),
            None if self.js_mode() => self.js_number(text),
            None => self.raw(text.as_bytes()),
        }
    }

    /// JS mode: a number as `JSON.stringify(JSON.parse(text))` writes it
    /// (`jsjson`, as `privacy`'s JS mode does); as it is, noted, when that
    /// cannot be told here. Out of line: only the census entries run it.
    #[inline(never)]
    fn js_number(&mut self, text: &str) {
        let mut buf = [0u8; crate::jsjson::NUMBER_ROOM];
        match crate::jsjson::js_number(text, &mut buf) {
            Some(js) => self.raw(js),
            None => {
                self.differs_from_js = true;
                self.raw(text.as_bytes());
            }
        }
    }

    /// JS mode, before an object's key: JSON.parse puts keys that are array
    /// indices first, and keeps one of two keys masked alike.
    #[inline(never)]
    fn js_key(&mut self, key: &str) {
        if crate::jsjson::is_index_like(key) || matches!(scrub(key), std::borrow::Cow::Owned(_)) {
            self.differs_from_js = true;
        }
    }

    /// An unsigned integer, `money` under a key ending `_cents`.
    fn uint(&mut self, n: u64, money: bool) {
        self.integer(false, n, money);
    }

    /// A signed integer, `money` under a key ending `_cents`.
    fn sint(&mut self, n: i64, money: bool) {
        self.integer(n < 0, n.unsigned_abs(), money);
    }

    /// An integer's decimal text, as serde_json (itoa) writes it; masked
    /// (`number`) unless it is money. A text of fewer than nine bytes is
    /// written as it is: `privacy::scrub` returns such a text unchanged
    /// (its first check), so `mask_number` would.
    fn integer(&mut self, negative: bool, magnitude: u64, money: bool) {
        let mut digits = [0u8; 21];
        let mut at = digits.len();
        let mut rest = magnitude;
        loop {
            at -= 1;
            if let Some(d) = digits.get_mut(at) {
                *d = b'0' + (rest % 10) as u8;
            }
            rest /= 10;
            if rest == 0 || at == 1 {
                break;
            }
        }
        if negative {
            at -= 1;
            if let Some(d) = digits.get_mut(at) {
                *d = b'-';
            }
        }
        let text = digits.get(at..).unwrap_or_default();
        // In JS mode, money is written as it is only while JS would (an
        // integer of at most 15 digits): `number` leaves it unmasked.
        let js_money = |w: &Self| w.js_mode() && text.len() > crate::jsjson::UNIQUE_DIGITS;
        match text.len() < 9 || (money && !js_money(self)) {
            true => self.raw(text),
            // ASCII digits and a sign.
            false => self.number(std::str::from_utf8(text).unwrap_or_default(), false),
        }
    }

    /// A count (never money).
    fn count(&mut self, n: usize) {
        self.uint(n as u64, false);
    }

    fn option<T>(&mut self, v: Option<&T>, f: impl FnOnce(&mut Self, &T)) {
        match v {
            Some(v) => f(self, v),
            None => self.null(),
        }
    }

    fn array<T>(&mut self, items: &[T], mut f: impl FnMut(&mut Self, &T)) {
        self.byte(b'[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.byte(b',');
            }
            f(self, item);
        }
        self.byte(b']');
    }

    fn strs(&mut self, items: &[String]) {
        self.array(items, |w, s| w.str(s));
    }

    /// `YYYY-MM-DD`, as `Date`'s `Display` writes it (written by hand for
    /// the years 0 to 9999, every date the readers make; `clean`).
    fn date(&mut self, d: Date) {
        let (y, m, day) = d.ymd();
        match u16::try_from(y).ok().filter(|y| *y <= 9999) {
            Some(y) => {
                let mut text = [0u8; 10];
                put(&mut text, 0, u32::from(y), 4);
                put(&mut text, 5, u32::from(m), 2);
                put(&mut text, 8, u32::from(day), 2);
                for at in [4, 7] {
                    if let Some(slot) = text.get_mut(at) {
                        *slot = b'-';
                    }
                }
                self.clean(&text);
            }
            None => self.str(&d.to_string()),
        }
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, as `Timestamp`'s `Display` writes it (`clean`).
    fn timestamp(&mut self, t: Timestamp) {
        let date = t.date().filter(|d| (0..=9999).contains(&d.ymd().0));
        match date {
            Some(d) => {
                let (y, m, day) = d.ymd();
                let secs = t.unix_seconds().rem_euclid(86_400) as u32;
                let mut text = [0u8; 20];
                put(&mut text, 0, y as u32, 4);
                put(&mut text, 5, u32::from(m), 2);
                put(&mut text, 8, u32::from(day), 2);
                put(&mut text, 11, secs / 3600, 2);
                put(&mut text, 14, secs / 60 % 60, 2);
                put(&mut text, 17, secs % 60, 2);
                for (at, b) in [
                    (4, b'-'),
                    (7, b'-'),
                    (10, b'T'),
                    (13, b':'),
                    (16, b':'),
                    (19, b'Z'),
                ] {
                    if let Some(slot) = text.get_mut(at) {
                        *slot = b;
                    }
                }
                self.clean(&text);
            }
            None => self.str(&t.to_string()),
        }
    }

    /// A date's or a timestamp's text made here, written as it is. The
    /// serde path would scrub it: `privacy::scrub` masks only a maximal run
    /// of digits of exactly nine, or of exactly three followed by a
    /// separator (`ssn_end`; every run is read whole, and the tokens it
    /// leaves alone never end inside a run), and these texts' runs are of
    /// four digits (the year) and two (the rest), separated by `-`, `T` and
    /// `:`, none of which needs escaping. (The unit tests scrub every year
    /// and every time of day.)
    fn clean(&mut self, text: &[u8]) {
        self.byte(b'"');
        self.raw(text);
        self.byte(b'"');
    }

    /// A JSON value, `money` when it stands under a key ending `_cents` of
    /// the innermost object (arrays keep their object's). Numbers as
    /// serde_json writes a `Number` (`u64`, `i64`, else `f64`).
    fn value(&mut self, v: &Value, money: bool) {
        match v {
            Value::Null => self.null(),
            Value::Bool(b) => self.bool(*b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    self.uint(u, money);
                } else if let Some(i) = n.as_i64() {
                    self.sint(i, money);
                } else {
                    match n.as_f64().filter(|f| f.is_finite()) {
                        Some(f) => {
                            let mut text = Vec::new();
                            match serde_json::ser::CompactFormatter.write_f64(&mut text, f) {
                                Ok(()) => self.number(std::str::from_utf8(&text).unwrap_or_default(), money),
                                Err(_) => self.null(),
                            }
                        }
                        None => self.null(),
                    }
                }
            }
            Value::String(s) => self.str(s),
            Value::Array(items) => self.array(items, |w, v| w.value(v, money)),
            Value::Object(m) => self.map(m),
        }
    }

    /// A JSON object: keys scrubbed and escaped as strings are.
    fn map(&mut self, m: &Map<String, Value>) {
        self.byte(b'{');
        for (i, (k, v)) in m.iter().enumerate() {
            if i > 0 {
                self.byte(b',');
            }
            if self.js_mode() {
                self.js_key(k);
            }
            self.str(k);
            self.byte(b':');
            self.value(v, k.ends_with("_cents"));
        }
        self.byte(b'}');
    }
}

/// `n`'s last `width` decimal digits at `text[at..]`.
fn put(text: &mut [u8], at: usize, n: u32, width: usize) {
    let mut rest = n;
    for k in (at..at + width).rev() {
        if let Some(d) = text.get_mut(k) {
            *d = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
    }
}

// The results, field by field in declaration order (serde's order).

fn issue(w: &mut Writer, i: &Issue) {
    w.open(first!("code"));
    w.str(&i.code);
    w.key(key!("severity"));
    w.name(i.severity.as_str());
    w.key(key!("path"));
    w.str(&i.path);
    w.key(key!("message"));
    w.str(&i.message);
    w.key(key!("params"));
    w.map(&i.params);
    w.key(key!("carrier_ids"));
    w.strs(&i.carrier_ids);
    w.key(key!("line_of_coverage"));
    w.option(i.line_of_coverage.as_ref(), |w, l| w.name(l.as_str()));
    w.close();
}

fn issues(w: &mut Writer, list: &[Issue]) {
    w.array(list, issue);
}

fn carrier_status(w: &mut Writer, c: &CarrierStatus) {
    w.open(first!("carrier_id"));
    w.str(&c.carrier_id);
    w.key(key!("blocked"));
    w.bool(c.blocked);
    w.close();
}

fn carrier_counts(w: &mut Writer, c: &CarrierCounts) {
    w.open(first!("carrier_id"));
    w.str(&c.carrier_id);
    w.key(key!("status"));
    w.name(c.status.as_str());
    w.key(key!("errors"));
    w.count(c.errors);
    w.key(key!("warnings"));
    w.count(c.warnings);
    w.key(key!("differences"));
    w.count(c.differences);
    w.key(key!("next_transmission"));
    w.option(c.next_transmission.as_ref(), |w, t| w.timestamp(*t));
    w.close();
}

fn money(w: &mut Writer, m: &Money) {
    w.open(first!("monthly_cents"));
    w.sint(m.monthly_cents, true);
    w.key(key!("employer_cents"));
    w.sint(m.employer_cents, true);
    w.key(key!("employee_cents"));
    w.sint(m.employee_cents, true);
    w.close();
}

fn premium_totals(w: &mut Writer, p: &PremiumTotals) {
    w.open(first!("on"));
    w.date(p.on);
    w.key(key!("total"));
    money(w, &p.total);
    w.key(key!("previous_total"));
    w.option(p.previous_total.as_ref(), money);
    w.key(key!("change"));
    w.option(p.change.as_ref(), money);
    w.key(key!("issues"));
    w.count(p.issues);
    w.close();
}

fn field_change(w: &mut Writer, f: &FieldChange) {
    w.open(first!("key"));
    w.str(&f.key);
    w.key(key!("before"));
    w.value(&f.before, false);
    w.key(key!("after"));
    w.value(&f.after, false);
    w.close();
}

fn object_type(t: ObjectType) -> &'static str {
    match t {
        ObjectType::Employee => "employee",
        ObjectType::Dependent => "dependent",
        ObjectType::IndividualEnrollment => "individual_enrollment",
    }
}

fn change(c: Change) -> &'static str {
    match c {
        Change::Added => "added",
        Change::Removed => "removed",
        Change::Modified => "modified",
    }
}

fn item_state(s: ItemState) -> &'static str {
    match s {
        ItemState::Accepted => "accepted",
        ItemState::Replaced => "replaced",
        ItemState::Canceled => "canceled",
        ItemState::Pending => "pending",
        ItemState::Rejected => "rejected",
    }
}

fn transaction_type(t: TransactionType) -> &'static str {
    match t {
        TransactionType::NewHire => "new_hire",
        TransactionType::Termination => "termination",
        TransactionType::QualifyingLifeEvent => "qualifying_life_event",
        TransactionType::OpenEnrollment => "open_enrollment",
        TransactionType::DemographicChange => "demographic_change",
        TransactionType::InitialEnrollment => "initial_enrollment",
    }
}

fn difference(w: &mut Writer, d: &Difference) {
    w.open(first!("id"));
    w.str(&d.id);
    w.key(key!("carrier_id"));
    w.str(&d.carrier_id);
    w.key(key!("object_type"));
    w.name(object_type(d.object_type));
    w.key(key!("change"));
    w.name(change(d.change));
    w.key(key!("individual"));
    w.open(first!("individual_type"));
    w.name(d.individual.individual_type.as_str());
    w.key(key!("reference"));
    w.str(&d.individual.reference);
    w.key(key!("name"));
    w.str(&d.individual.name);
    w.close();
    w.key(key!("line_of_coverage"));
    w.option(d.line_of_coverage.as_ref(), |w, l| w.name(l.as_str()));
    w.key(key!("fields"));
    w.array(&d.fields, field_change);
    w.key(key!("path"));
    w.str(&d.path);
    w.key(key!("effective_date"));
    w.option(d.effective_date.as_ref(), |w, d| w.date(*d));
    w.close();
}

fn transaction(w: &mut Writer, t: &MemberTransaction) {
    w.open(first!("id"));
    w.str(&t.id);
    w.key(key!("carrier_id"));
    w.str(&t.carrier_id);
    w.key(key!("transaction_type"));
    w.name(transaction_type(t.transaction_type));
    w.key(key!("lines_of_coverage"));
    w.array(&t.lines_of_coverage, |w, l| w.name(l.as_str()));
    w.key(key!("difference_ids"));
    w.strs(&t.difference_ids);
    w.key(key!("effective_date"));
    w.option(t.effective_date.as_ref(), |w, d| w.date(*d));
    w.key(key!("expected_verification_date"));
    w.option(t.expected_verification_date.as_ref(), |w, d| w.date(*d));
    w.key(key!("blocked"));
    w.bool(t.blocked);
    w.close();
}

fn feed(w: &mut Writer, f: &FeedSchedule) {
    w.open(first!("rrule"));
    w.str(&f.rrule);
    w.key(key!("dtstart"));
    w.option(f.dtstart.as_ref(), |w, d| w.date(*d));
    w.close();
}

fn carrier_fulfillment(w: &mut Writer, c: &CarrierFulfillment) {
    w.open(first!("carrier_id"));
    w.str(&c.carrier_id);
    w.key(key!("status"));
    w.name(c.status.as_str());
    w.key(key!("errors"));
    issues(w, &c.errors);
    w.key(key!("warnings"));
    issues(w, &c.warnings);
    w.key(key!("sent"));
    w.option(c.sent.as_ref(), |w, t| w.timestamp(*t));
    w.key(key!("next_transmission"));
    w.option(c.next_transmission.as_ref(), |w, t| w.timestamp(*t));
    w.key(key!("feed"));
    w.option(c.feed.as_ref(), feed);
    w.close();
}

fn person_reference(w: &mut Writer, p: &PersonReference) {
    w.open(first!("reference"));
    w.str(&p.reference);
    w.key(key!("individual_type"));
    w.name(p.individual_type.as_str());
    w.key(key!("name"));
    w.str(&p.name);
    w.key(key!("path"));
    w.str(&p.path);
    w.key(key!("removed"));
    w.bool(p.removed);
    w.key(key!("state"));
    w.name(item_state(p.state));
    w.key(key!("issue_codes"));
    w.strs(&p.issue_codes);
    w.close();
}

fn coverage_reference(w: &mut Writer, c: &CoverageReference) {
    w.open(first!("reference"));
    w.str(&c.reference);
    w.key(key!("individual_reference"));
    w.str(&c.individual_reference);
    w.key(key!("carrier_id"));
    w.option(c.carrier_id.as_ref(), |w, s| w.str(s));
    w.key(key!("line_of_coverage"));
    w.option(c.line_of_coverage.as_ref(), |w, l| w.name(l.as_str()));
    w.key(key!("path"));
    w.str(&c.path);
    w.key(key!("removed"));
    w.bool(c.removed);
    w.key(key!("state"));
    w.name(item_state(c.state));
    w.key(key!("issue_codes"));
    w.strs(&c.issue_codes);
    w.close();
}

fn acknowledgement(w: &mut Writer, a: &Acknowledgement) {
    w.open(first!("individuals"));
    w.array(&a.individuals, person_reference);
    w.key(key!("coverages"));
    w.array(&a.coverages, coverage_reference);
    w.close();
}

fn premium_member(w: &mut Writer, m: &PremiumMember) {
    w.open(first!("path"));
    w.str(&m.path);
    w.key(key!("individual_type"));
    w.option(m.individual_type.as_ref(), |w, t| w.name(t.as_str()));
    w.key(key!("relationship"));
    w.option(m.relationship.as_ref(), |w, r| w.name(r.as_str()));
    w.key(key!("name"));
    w.option(m.name.as_ref(), |w, n| w.str(n));
    w.key(key!("age"));
    w.option(m.age.as_ref(), |w, a| w.sint(i64::from(*a), false));
    w.key(key!("volume"));
    w.option(m.volume.as_ref(), |w, v| w.sint(i64::from(*v), false));
    w.key(key!("monthly_cents"));
    w.option(m.monthly_cents.as_ref(), |w, c| w.sint(*c, true));
    // `volume_masked` is `#[serde(skip)]`.
    w.close();
}

fn premium_line(w: &mut Writer, l: &PremiumLine) {
    w.open(first!("path"));
    w.str(&l.path);
    w.key(key!("line_of_coverage"));
    w.option(l.line_of_coverage.as_ref(), |w, l| w.name(l.as_str()));
    w.key(key!("carrier_id"));
    w.option(l.carrier_id.as_ref(), |w, s| w.str(s));
    w.key(key!("plan_id"));
    w.option(l.plan_id.as_ref(), |w, s| w.str(s));
    w.key(key!("plan_name"));
    w.option(l.plan_name.as_ref(), |w, s| w.str(s));
    w.key(key!("calculation_type"));
    w.option(l.calculation_type.as_ref(), |w, c| w.name(c.as_str()));
    w.key(key!("tier"));
    w.option(l.tier.as_ref(), |w, t| w.name(t.as_str()));
    w.key(key!("members"));
    w.array(&l.members, premium_member);
    w.key(key!("monthly_cents"));
    w.sint(l.monthly_cents, true);
    w.key(key!("employer_cents"));
    w.sint(l.employer_cents, true);
    w.key(key!("employee_cents"));
    w.sint(l.employee_cents, true);
    w.close();
}

fn premium_summary(w: &mut Writer, p: &PremiumSummary) {
    w.open(first!("on"));
    w.date(p.on);
    w.key(key!("lines"));
    w.array(&p.lines, premium_line);
    w.key(key!("total"));
    money(w, &p.total);
    w.key(key!("previous_total"));
    w.option(p.previous_total.as_ref(), money);
    w.key(key!("change"));
    w.option(p.change.as_ref(), money);
    w.key(key!("issues"));
    issues(w, &p.issues);
    w.close();
}

impl WriteJson for PreviewSummary {
    fn write_json(&self, w: &mut Writer<'_>) {
        w.open(first!("valid"));
        w.bool(self.valid);
        w.key(key!("issues"));
        issues(w, &self.issues);
        w.key(key!("carriers"));
        w.array(&self.carriers, carrier_status);
        w.key(key!("fulfillment"));
        w.array(&self.fulfillment, carrier_counts);
        w.key(key!("status"));
        w.name(self.status.as_str());
        w.key(key!("differences"));
        w.count(self.differences);
        w.key(key!("transactions"));
        w.count(self.transactions);
        w.key(key!("premium"));
        w.option(self.premium.as_ref(), premium_totals);
        w.close();
    }
}

impl WriteJson for Preview {
    fn write_json(&self, w: &mut Writer<'_>) {
        w.open(first!("valid"));
        w.bool(self.valid);
        w.key(key!("issues"));
        issues(w, &self.issues);
        w.key(key!("carriers"));
        w.array(&self.carriers, carrier_status);
        w.key(key!("differences"));
        w.array(&self.differences, difference);
        w.key(key!("transactions"));
        w.array(&self.transactions, transaction);
        w.key(key!("fulfillment_summary"));
        w.array(&self.fulfillment_summary, carrier_fulfillment);
        w.key(key!("status"));
        w.name(self.status.as_str());
        w.key(key!("acknowledgement"));
        acknowledgement(w, &self.acknowledgement);
        w.key(key!("premium"));
        w.option(self.premium.as_ref(), premium_summary);
        w.key(key!("now"));
        w.option(self.now.as_ref(), |w, t| w.timestamp(*t));
        w.close();
    }
}

impl WriteJson for ValidationResult {
    fn write_json(&self, w: &mut Writer<'_>) {
        w.open(first!("valid"));
        w.bool(self.valid);
        w.key(key!("issues"));
        issues(w, &self.issues);
        w.key(key!("carriers"));
        w.array(&self.carriers, carrier_status);
        w.close();
    }
}

impl WriteJson for DiffResult {
    fn write_json(&self, w: &mut Writer<'_>) {
        w.open(first!("differences"));
        w.array(&self.differences, difference);
        w.key(key!("transactions"));
        w.array(&self.transactions, transaction);
        w.key(key!("issues"));
        issues(w, &self.issues);
        w.close();
    }
}

impl<T: WriteJson> WriteJson for Option<T> {
    fn write_json(&self, w: &mut Writer<'_>) {
        match self {
            Some(v) => v.write_json(w),
            None => w.null(),
        }
    }
}

impl<T: WriteJson + ?Sized> WriteJson for &T {
    fn write_json(&self, w: &mut Writer<'_>) {
        (**self).write_json(w);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]

    use super::*;

    /// Every field name written by hand (each `key!` of this file) needs no
    /// escaping and `privacy::scrub` leaves it as it is: skipping the output
    /// layer's work for it writes what the serde path writes.
    #[test]
    fn field_names_need_neither_escaping_nor_scrubbing() {
        let source = include_str!("output.rs");
        let mut names = Vec::new();
        for open in [concat!("key", "!(\""), concat!("first", "!(\"")] {
            let mut rest = source;
            while let Some(at) = rest.find(open) {
                rest = &rest[at + open.len()..];
                let end = rest.find('"').unwrap_or(0);
                names.push(&rest[..end]);
            }
        }
        assert!(names.len() > 100, "{names:?}");
        assert_eq!(key!("issues"), ",\"issues\":");
        assert_eq!(first!("issues"), "{\"issues\":");
        for name in names {
            assert!(!name.is_empty());
            let json = serde_json::to_string(name).unwrap_or_default();
            assert_eq!(json, format!("\"{name}\""), "{name} needs escaping");
            assert_eq!(scrub(name), name, "{name} is scrubbed");
            assert_eq!(crate::privacy::to_string(name).unwrap_or_default(), json);
        }
    }

    /// Every enum written by name: its serde name, which needs neither
    /// escaping nor scrubbing.
    #[test]
    fn enum_names_are_their_serde_names() {
        fn check<T: serde::Serialize>(v: T, name: &str) {
            let json = crate::privacy::to_string(&v).unwrap_or_default();
            assert_eq!(json, format!("\"{name}\""));
            assert_eq!(serde_json::to_string(&v).unwrap_or_default(), json);
        }
        use crate::model::enums::Wire;
        fn all<T: Wire + serde::Serialize>() {
            for s in T::ALL {
                let v = T::parse_wire(s);
                assert!(v.is_some(), "{s}");
                if let Some(v) = v {
                    check(v, s);
                }
            }
        }
        all::<crate::Severity>();
        all::<crate::model::LineOfCoverage>();
        all::<crate::model::IndividualType>();
        all::<crate::model::Relationship>();
        all::<crate::model::RateCalculation>();
        all::<crate::premium::Tier>();
        all::<crate::fulfillment::FulfillmentStatus>();
        all::<crate::fulfillment::SnapshotStatus>();
        for t in [
            ObjectType::Employee,
            ObjectType::Dependent,
            ObjectType::IndividualEnrollment,
        ] {
            check(t, object_type(t));
        }
        for c in [Change::Added, Change::Removed, Change::Modified] {
            check(c, change(c));
        }
        for s in [
            ItemState::Accepted,
            ItemState::Replaced,
            ItemState::Canceled,
            ItemState::Pending,
            ItemState::Rejected,
        ] {
            check(s, item_state(s));
        }
        for t in [
            TransactionType::NewHire,
            TransactionType::Termination,
            TransactionType::QualifyingLifeEvent,
            TransactionType::OpenEnrollment,
            TransactionType::DemographicChange,
            TransactionType::InitialEnrollment,
        ] {
            check(t, transaction_type(t));
        }
    }

    /// Strings, numbers and values as the serde path writes them.
    #[test]
    fn values_as_the_serde_path_writes_them() {
        let write = |f: &dyn Fn(&mut Writer)| {
            let mut out = Vec::new();
            f(&mut Writer::new(&mut out));
            String::from_utf8(out).unwrap_or_default()
        };
        let mut strings: Vec<String> = (0u8..0x80).map(|b| format!("a{}b", char::from(b))).collect();
        strings.extend(
            [
                "",
                "219-45-3876",
                "219453876",
                "a\"219\t45\t3876\"",
                "é\u{1f}\u{7f}\u{2028}",
                "２１９４５３８７６",
                "\\u0041",
            ]
            .map(String::from),
        );
        for s in &strings {
            assert_eq!(
                write(&|w| w.str(s)),
                crate::privacy::to_string(s).unwrap_or_default(),
                "{s:?}"
            );
        }
        for n in [
            0i64,
            -1,
            12345678,
            -12345678,
            123456789,
            -123456789,
            1234567890,
            219453876,
            i64::MIN,
            i64::MAX,
        ] {
            let serde = crate::privacy::to_string(&n).unwrap_or_default();
            assert_eq!(write(&|w| w.sint(n, false)), serde, "{n}");
            assert_eq!(write(&|w| w.sint(n, true)), n.to_string(), "{n}");
        }
        for n in [
            0u64,
            1,
            99999999,
            123456789,
            999999999,
            1000000000,
            219453876,
            u64::MAX,
        ] {
            let serde = crate::privacy::to_string(&n).unwrap_or_default();
            assert_eq!(write(&|w| w.uint(n, false)), serde, "{n}");
            assert_eq!(write(&|w| w.uint(n, true)), n.to_string(), "{n}");
        }
        // Money under a `_cents` key of a value: as the serde path decides.
        let cents = serde_json::json!({"a_cents": 219453876, "b": 219453876});
        assert_eq!(
            write(&|w| w.value(&cents, false)),
            r#"{"a_cents":219453876,"b":"*****3876"}"#
        );
        let values = serde_json::json!([
            {"a_cents": 219453876, "b": 219453876, "c_cents": [219453876, {"d": 219453876}]},
            {"x\n_cents": 219453876, "x_cents\n": 219453876, "219-45-3876": "219 45 3876"},
            [1.5, 2.19453876e8, 219453876.0, -0.0, 1e300, 219453876],
            null, true, false, "", {}, []
        ]);
        assert_eq!(
            write(&|w| w.value(&values, false)),
            crate::privacy::to_string(&values).unwrap_or_default()
        );
    }

    /// `privacy::scrub` leaves every year's and every time of day's text as
    /// it is (`Writer::clean`, which writes them without it).
    #[test]
    fn scrub_leaves_dates_and_times_alone() {
        for y in 0..=9999 {
            for (m, d) in [(1, 1), (12, 31), (2, 28)] {
                let text = format!("{y:04}-{m:02}-{d:02}");
                assert_eq!(scrub(&text), text);
                let text = format!("{text}T23:59:59Z");
                assert_eq!(scrub(&text), text);
            }
        }
        for s in 0..86_400 {
            let text = format!("2026-12-03T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60);
            assert_eq!(scrub(&text), text);
        }
    }

    /// Dates and timestamps as their `Display` (the serde path) writes them.
    #[test]
    fn dates_and_timestamps_as_the_serde_path_writes_them() {
        let write = |f: &dyn Fn(&mut Writer)| {
            let mut out = Vec::new();
            f(&mut Writer::new(&mut out));
            String::from_utf8(out).unwrap_or_default()
        };
        for (y, m, d) in [
            (0, 1, 1),
            (1, 2, 3),
            (2026, 12, 3),
            (9999, 12, 31),
            (-1, 1, 1),
            (-9999, 1, 1),
            (999, 9, 9),
        ] {
            let Some(date) = Date::from_ymd(y, m, d) else {
                continue;
            };
            assert_eq!(
                write(&|w| w.date(date)),
                crate::privacy::to_string(&date).unwrap_or_default()
            );
            for secs in [0, 1, 59, 3599, 86_399, 45_296] {
                let t = Timestamp::at(date, secs);
                assert_eq!(
                    write(&|w| w.timestamp(t)),
                    crate::privacy::to_string(&t).unwrap_or_default()
                );
            }
        }
        for t in [
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "9999-12-31T23:30:00-01:00",
            "0000-01-01T00:30:00+01:00",
        ] {
            if let Some(t) = Timestamp::parse(t) {
                assert_eq!(
                    write(&|w| w.timestamp(t)),
                    crate::privacy::to_string(&t).unwrap_or_default()
                );
            }
        }
    }
}
