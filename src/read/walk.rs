//! A lenient walk over a JSON value: reads typed fields, reports every
//! structural problem with its JSON Pointer, and never stops at the first.

use serde_json::{json, Value};

use super::json::{Json, Obj};

use super::formats::is_ssn;
use crate::diagnostic::catalogue::{self as c, Rule};
use crate::diagnostic::issue::{mask_ssn, Issue, Severity};
use crate::diagnostic::limits::{Overflow, MAX_ISSUES, MAX_ITEMS};
use crate::diagnostic::pointer::{push_index, push_token};
use crate::diagnostic::render::{make_issue, params};
use describe::{format_schema, no_members, nothing, Describe};

// A child of the walk, not a sibling: describing is a mode of the walk.
pub(crate) mod describe;
use crate::model::enums::Wire;
use crate::model::{Date, DateError, Extra, Timestamp};

/// Whether a field must be present, and whether `null` is accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    Required,
    Optional,
    /// Optional, and `null` means absent (`nullable: true` in the schema).
    Nullable,
}

/// The walk's state: the pointer to the current value and the issues so far.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    pub issues: Vec<Issue>,
    path: String,
    /// Set in describe mode (`describe.rs`): record the schema, read nothing.
    pub(crate) describe: Option<Describe>,
    /// Bounded walks (`Walk::bounded`) list at most `MAX_ISSUES` issues and
    /// count the rest here.
    pub overflow: Overflow,
    bounded: bool,
    /// While `fatal` runs: the pointer of the field it reads.
    fatal_at: Option<String>,
    /// While `object_fields` runs: the address of the object it reads.
    reading: Option<usize>,
    /// Which of that object's members (bit `i` for member `i`, the first 64)
    /// the field readers found: all of them means no unknown field.
    found: u64,
    /// The keys passed to the field readers for that object (after the
    /// keys of the objects it is nested in): its known fields.
    read_keys: Vec<&'static str>,
    /// A walk for the rules alone (`Walk::for_rules`): the sub-documents no
    /// rule reads are checked but not copied (`raw_object_unjudged`,
    /// `nested_unjudged`).
    rules_only: bool,
    /// While a sub-document is read for its issues alone (`unjudged`): the
    /// string readers give empty strings instead of copies.
    unjudged: bool,
    /// Items of the document's lists read so far (`at_most`), and whether
    /// `too_many_items` was reported.
    items_read: usize,
    items_over: bool,
}

/// JSON type name as the messages say it.
pub(crate) fn type_name(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

impl Walk {
    /// A walk that lists at most [`MAX_ISSUES`] issues (but fatal ones, see
    /// `fatal`) and counts the rest in `overflow`: for results that are
    /// capped anyway (`limits::cap_issues`).
    pub fn bounded() -> Walk {
        Walk {
            bounded: true,
            // A snapshot's deepest pointers are ~60 bytes: grown once, not by doubling.
            path: String::with_capacity(64),
            read_keys: Vec::with_capacity(32),
            ..Walk::default()
        }
    }

    /// The issues as a result lists them: all of them when at most
    /// [`MAX_ISSUES`] were found (listed or counted); else the first 999
    /// (fewer past 20,000 carrier ids) and one
    /// `too_many_issues` for the rest, which `limits::cap_issues` counts as
    /// that many when the list is merged with others (`limits::Bounded::finish`).
    pub(crate) fn into_issues(self) -> Vec<Issue> {
        let found = crate::diagnostic::limits::Bounded {
            list: self.issues,
            overflow: self.overflow,
        };
        found.finish(Vec::new())
    }

    /// `bounded`, for a snapshot that only the rules read before it is
    /// dropped (`engine.validate`): the sub-documents no rule reads
    /// (`raw_object_unjudged`, `nested_unjudged`) are checked but not
    /// copied. Each raw copy was a `serde_json::Value` built and dropped
    /// unread (a B-tree and a `String` per key and string value: −3 % of
    /// native `validate`); the addresses were a third of the strings copied.
    pub fn for_rules() -> Walk {
        Walk {
            rules_only: true,
            ..Walk::bounded()
        }
    }

    /// Runs `read`, whose typed values are dropped unread: the string
    /// readers in it do not copy (`keep`).
    fn unjudged<T>(&mut self, read: impl FnOnce(&mut Self) -> T) -> T {
        let outer = std::mem::replace(&mut self.unjudged, true);
        let out = read(self);
        self.unjudged = outer;
        out
    }

    /// A string read as the typed value keeps it: a copy, or an empty
    /// `String` (no allocation) where that value is dropped unread
    /// (`unjudged`).
    fn keep(&self, s: &str) -> String {
        if self.unjudged {
            String::new()
        } else {
            s.to_owned()
        }
    }

    /// Runs `read`, which reads the field `key` here, with that field's own
    /// structural problems fatal and always listed (`missing_field`,
    /// `wrong_type`, `unknown_enum_value` at exactly its pointer; problems
    /// inside it keep their severity): for the few fields without which
    /// nothing else can be placed.
    pub fn fatal<T>(&mut self, key: &str, read: impl FnOnce(&mut Self) -> T) -> T {
        let mut at = String::with_capacity(self.path.len() + key.len() + 8);
        at.push_str(&self.path);
        push_token(&mut at, key);
        let outer = self.fatal_at.replace(at);
        let out = read(self);
        self.fatal_at = outer;
        out
    }

    /// Reports `rule` at the current pointer.
    pub fn report(&mut self, rule: &Rule, p: Value) {
        if self.describing() {
            return;
        }
        let path = std::mem::take(&mut self.path);
        self.report_at(rule, &path, p);
        self.path = path;
    }

    /// Reports `rule` at `path` (for checks after the walk).
    pub fn report_at(&mut self, rule: &Rule, path: &str, p: Value) {
        if let Some(severity) = self.listed(rule, Some(path)) {
            self.push(make_issue(rule, path.to_owned(), params(p)), severity);
        }
    }

    /// `report` with params built only when the issue is listed: for the
    /// reports a hostile document can repeat without end.
    pub fn report_with(&mut self, rule: &Rule, p: impl FnOnce() -> Value) {
        if self.describing() {
            return;
        }
        if let Some(severity) = self.listed(rule, None) {
            self.push(make_issue(rule, self.path.clone(), params(p())), severity);
        }
    }

    /// The severity `rule` is listed with at `path` (the current pointer when
    /// `None`): fatal for a `fatal` field's own structural problem, which is
    /// always listed; `None` past the cap of a bounded walk, which counts
    /// the issue in `overflow` instead.
    fn listed(&mut self, rule: &Rule, path: Option<&str>) -> Option<Severity> {
        let path = path.unwrap_or(&self.path);
        let structural = [
            c::MISSING_FIELD.code,
            c::WRONG_TYPE.code,
            c::UNKNOWN_ENUM_VALUE.code,
        ];
        if self.fatal_at.as_deref() == Some(path) && structural.contains(&rule.code) {
            return Some(Severity::Fatal);
        }
        if self.bounded && self.issues.len() >= MAX_ISSUES {
            self.overflow.record(rule.severity, path);
            return None;
        }
        Some(rule.severity)
    }

    fn push(&mut self, mut issue: Issue, severity: Severity) {
        issue.severity = severity;
        self.issues.push(issue);
    }

    /// Runs `f` with the pointer extended by an object key.
    pub fn at_key<T>(&mut self, key: &str, f: impl FnOnce(&mut Self) -> T) -> T {
        let len = self.path.len();
        push_token(&mut self.path, key);
        let out = f(self);
        self.path.truncate(len);
        out
    }

    /// `at_key` for a field name of the schema: the engine's own names have
    /// no `~` or `/` to escape, so the pointer grows by a plain copy (every
    /// field read passes here; the escape scan was 3% of wasm `validate`).
    fn at_field<T>(&mut self, key: &'static str, f: impl FnOnce(&mut Self) -> T) -> T {
        debug_assert!(!key.contains(['~', '/']), "{key}");
        let len = self.path.len();
        self.path.push('/');
        self.path.push_str(key);
        let out = f(self);
        self.path.truncate(len);
        out
    }

    /// Runs `f` with the pointer extended by an array index.
    pub fn at_index<T>(&mut self, i: usize, f: impl FnOnce(&mut Self) -> T) -> T {
        let len = self.path.len();
        push_index(&mut self.path, i);
        let out = f(self);
        self.path.truncate(len);
        out
    }

    fn wrong_type(&mut self, expected: &str, v: &Json) {
        self.report_with(
            c::WRONG_TYPE,
            || json!({"expected": expected, "actual": type_name(v)}),
        );
    }

    /// The value as an object, or a `wrong_type` issue.
    pub fn object<'v, 'a>(&mut self, v: &'v Json<'a>) -> Option<&'v Obj<'a>> {
        if self.describing() {
            self.open_object();
            return Some(no_members());
        }
        match v {
            Json::Object(m) => Some(m),
            other => {
                self.wrong_type("object", other);
                None
            }
        }
    }

    /// The field's value, handling absence and null per `need`. Runs `read`
    /// with the pointer at the field.
    pub fn field<'v, 'a, T>(
        &mut self,
        map: &'v Obj<'a>,
        key: &'static str,
        need: Need,
        read: impl FnOnce(&mut Self, &'v Json<'a>) -> Option<T>,
    ) -> Option<T> {
        if self.describing() {
            self.describe_field(key, need, |w| drop(read(w, nothing())));
            return None;
        }
        let found = self.lookup(map, key);
        match found {
            None => {
                if need == Need::Required {
                    self.at_key(key, |w| {
                        w.report_with(c::MISSING_FIELD, || json!({ "field": key }))
                    });
                }
                None
            }
            Some(Json::Null) if need == Need::Nullable => None,
            Some(v) => self.at_field(key, |w| read(w, v)),
        }
    }

    /// `map`'s member `key`, noting the key as known (and the member as
    /// found) when `map` is the object `object_fields` is reading. Not
    /// generic, and not inlined into each of `field`'s many instances.
    #[inline(never)]
    fn lookup<'v, 'a>(&mut self, map: &'v Obj<'a>, key: &'static str) -> Option<&'v Json<'a>> {
        if self.reading != Some(address(map)) {
            return map.get(key);
        }
        self.read_keys.push(key);
        let (i, v) = map.find(key)?;
        self.found |= u32::try_from(i)
            .ok()
            .and_then(|i| 1u64.checked_shl(i))
            .unwrap_or(0);
        Some(v)
    }

    /// A string value, or a `wrong_type` issue.
    pub fn str<'v>(&mut self, v: &'v Json<'_>) -> Option<&'v str> {
        if self.describing() {
            self.set_slot(json!({ "type": "string" }));
            return None;
        }
        match v {
            Json::String(s) => Some(s),
            other => {
                self.wrong_type("string", other);
                None
            }
        }
    }

    /// A string field, any content.
    pub fn string(&mut self, map: &Obj, key: &'static str, need: Need) -> Option<String> {
        self.field(map, key, need, |w, v| {
            let s = w.str(v)?;
            Some(w.keep(s))
        })
    }

    /// A string field with `minLength: 1`.
    pub fn nonempty(&mut self, map: &Obj, key: &'static str, need: Need) -> Option<String> {
        if self.describing() {
            self.describe_known(key, need, json!({ "type": "string", "minLength": 1 }));
            return None;
        }
        self.field(map, key, need, |w, v| {
            let s = w.str(v)?;
            if s.is_empty() {
                w.report(c::EMPTY_VALUE, json!({ "field": key }));
                return None;
            }
            Some(w.keep(s))
        })
    }

    /// A string field checked by `ok`; a failure reports `rule` with the value.
    pub fn checked(
        &mut self,
        map: &Obj,
        key: &'static str,
        need: Need,
        rule: &Rule,
        ok: fn(&str) -> bool,
    ) -> Option<String> {
        if self.describing() {
            self.describe_known(key, need, format_schema(rule));
            return None;
        }
        self.field(map, key, need, |w, v| {
            let s = w.str(v)?;
            if ok(s) {
                Some(w.keep(s))
            } else {
                w.report_with(rule, || json!({ "value": s }));
                None
            }
        })
    }

    /// An `ssn` field: a failure reports the value masked to its last four
    /// digits, whatever its shape (`1234567890` is somebody's SSN plus a typo).
    pub fn ssn(&mut self, map: &Obj, key: &'static str, need: Need) -> Option<String> {
        if self.describing() {
            self.describe_known(key, need, format_schema(c::INVALID_SSN));
            return None;
        }
        self.field(map, key, need, |w, v| {
            let s = w.str(v)?;
            if is_ssn(s) {
                Some(w.keep(s))
            } else {
                w.report(c::INVALID_SSN, json!({ "value": mask_ssn(s) }));
                None
            }
        })
    }

    /// A `YYYY-MM-DD` date field that must exist on the calendar.
    pub fn date(&mut self, map: &Obj, key: &'static str, need: Need) -> Option<Date> {
        if self.describing() {
            self.describe_known(key, need, json!({ "type": "string", "format": "date" }));
            return None;
        }
        self.field(map, key, need, |w, v| {
            let s = w.str(v)?;
            match Date::parse(s) {
                Ok(d) => Some(d),
                Err(DateError::Format) => {
                    w.report(c::INVALID_DATE, json!({ "value": s }));
                    None
                }
                Err(DateError::Impossible) => {
                    w.report(c::IMPOSSIBLE_DATE, json!({ "value": s }));
                    None
                }
            }
        })
    }

    /// An RFC 3339 timestamp field (`2026-11-25T17:00:00Z`, any offset).
    pub fn timestamp(&mut self, map: &Obj, key: &'static str, need: Need) -> Option<Timestamp> {
        if self.describing() {
            self.describe_known(key, need, json!({ "type": "string", "format": "date-time" }));
            return None;
        }
        self.field(map, key, need, |w, v| {
            let s = w.str(v)?;
            let t = Timestamp::parse(s);
            if t.is_none() {
                w.report(c::INVALID_TIMESTAMP, json!({ "value": s }));
            }
            t
        })
    }

    /// A string field from a closed list.
    pub fn enumerated<E>(
        &mut self,
        map: &Obj,
        key: &'static str,
        need: Need,
        parse: fn(&str) -> Option<E>,
        allowed: &[&str],
    ) -> Option<E> {
        self.field(map, key, need, |w, v| w.enum_value(v, key, parse, allowed))
    }

    /// A field holding one of a `string_enum!` vocabulary.
    pub fn wire<E: Wire>(&mut self, map: &Obj, key: &'static str, need: Need) -> Option<E> {
        self.enumerated(map, key, need, E::parse_wire, E::ALL)
    }

    /// A string value from a closed list (also used for array items).
    pub fn enum_value<E>(
        &mut self,
        v: &Json,
        field: &str,
        parse: fn(&str) -> Option<E>,
        allowed: &[&str],
    ) -> Option<E> {
        if self.describing() {
            self.set_slot(json!({ "type": "string", "enum": allowed }));
            return None;
        }
        let s = self.str(v)?;
        let parsed = parse(s);
        if parsed.is_none() {
            self.report_with(
                c::UNKNOWN_ENUM_VALUE,
                || json!({ "value": s, "field": field, "allowed": allowed }),
            );
        }
        parsed
    }

    /// A string field from a closed list with no Rust enum (sub-documents kept raw).
    pub fn one_of(&mut self, map: &Obj, key: &'static str, need: Need, allowed: &[&str]) -> Option<String> {
        self.field(map, key, need, |w, v| w.one_of_value(v, key, allowed))
    }

    /// A string value from a closed list with no Rust enum.
    pub fn one_of_value(&mut self, v: &Json, field: &str, allowed: &[&str]) -> Option<String> {
        if self.describing() {
            self.set_slot(json!({ "type": "string", "enum": allowed }));
            return None;
        }
        let s = self.str(v)?;
        if allowed.contains(&s) {
            return Some(self.keep(s));
        }
        self.report_with(
            c::UNKNOWN_ENUM_VALUE,
            || json!({ "value": s, "field": field, "allowed": allowed }),
        );
        None
    }

    /// An integer field within the signed 32-bit range (`format: int32`).
    pub fn int32(&mut self, map: &Obj, key: &'static str, need: Need) -> Option<i32> {
        let bound = "a 32-bit integer";
        let v = self.integer_in(map, key, need, i64::from(i32::MIN), i64::from(i32::MAX), bound)?;
        i32::try_from(v).ok()
    }

    /// An integer field within `min..=max`. Integral floats (`40.0`) count as
    /// integers, as in JSON Schema; `bound` words the range for the message.
    pub fn integer_in(
        &mut self,
        map: &Obj,
        key: &'static str,
        need: Need,
        min: i64,
        max: i64,
        bound: &str,
    ) -> Option<i64> {
        if self.describing() {
            self.describe_known(
                key,
                need,
                json!({ "type": "integer", "minimum": min, "maximum": max }),
            );
            return None;
        }
        self.field(map, key, need, |w, v| {
            let Json::Number(n) = v else {
                w.wrong_type("integer", v);
                return None;
            };
            let f = n.as_f64().unwrap_or(f64::NAN);
            let int = n
                .as_i64()
                .or_else(|| (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64));
            let integral = int.is_some() || n.is_u64() || (f.is_finite() && f.fract() == 0.0);
            if !integral {
                w.wrong_type("integer", v);
                return None;
            }
            match int {
                Some(i) if (min..=max).contains(&i) => Some(i),
                _ => {
                    w.report(
                        c::OUT_OF_RANGE,
                        json!({ "value": v, "min": min, "max": max, "bound": bound }),
                    );
                    None
                }
            }
        })
    }

    /// A number field with a lower bound.
    pub fn number_at_least(&mut self, map: &Obj, key: &'static str, need: Need, min: f64) -> Option<f64> {
        if self.describing() {
            self.describe_known(key, need, json!({ "type": "number", "minimum": min }));
            return None;
        }
        self.field(map, key, need, |w, v| {
            let Some(f) = v.as_f64() else {
                w.wrong_type("number", v);
                return None;
            };
            if f < min {
                w.report(
                    c::OUT_OF_RANGE,
                    json!({ "value": v, "min": min, "bound": format!("at least {min}") }),
                );
                return None;
            }
            Some(f)
        })
    }

    /// A boolean field.
    pub fn boolean(&mut self, map: &Obj, key: &'static str, need: Need) -> Option<bool> {
        if self.describing() {
            self.describe_known(key, need, json!({ "type": "boolean" }));
            return None;
        }
        self.field(map, key, need, |w, v| match v {
            Json::Bool(b) => Some(*b),
            other => {
                w.wrong_type("boolean", other);
                None
            }
        })
    }

    /// An object field built by `build`.
    pub fn nested<T>(
        &mut self,
        map: &Obj,
        key: &'static str,
        need: Need,
        build: fn(&mut Self, &Obj) -> T,
    ) -> Option<T> {
        self.field(map, key, need, |w, v| w.object(v).map(|m| build(w, m)))
    }

    /// An object field checked by `check` and kept as raw JSON (what
    /// `check` reads is dropped: `unjudged`).
    pub fn raw_object(
        &mut self,
        map: &Obj,
        key: &'static str,
        need: Need,
        check: fn(&mut Self, &Obj),
    ) -> Option<Value> {
        self.raw_checked(map, key, need, check, true)
    }

    /// `raw_object` for a sub-document that no rule reads (the diff and the
    /// 834 do): `None` in a walk for the rules alone (`for_rules`), checked
    /// all the same. A rule that comes to read one must read it through
    /// `raw_object`.
    pub fn raw_object_unjudged(
        &mut self,
        map: &Obj,
        key: &'static str,
        need: Need,
        check: fn(&mut Self, &Obj),
    ) -> Option<Value> {
        let copy = !self.rules_only;
        self.raw_checked(map, key, need, check, copy)
    }

    /// Both of the above: the field checked by `check` (what it reads
    /// dropped), and kept as raw JSON when `copy`.
    fn raw_checked(
        &mut self,
        map: &Obj,
        key: &'static str,
        need: Need,
        check: fn(&mut Self, &Obj),
        copy: bool,
    ) -> Option<Value> {
        self.field(map, key, need, |w, v| {
            let m = w.object(v)?;
            w.unjudged(|w| check(w, m));
            if copy {
                w.copy(v)
            } else {
                None
            }
        })
    }

    /// `nested` for an object that no rule reads (the addresses: the diff
    /// and the 834 do): in a walk for the rules alone (`for_rules`) it is
    /// checked without copying its strings (`unjudged`), and reads as
    /// `None`. A rule that comes to read one must read it through `nested`.
    pub fn nested_unjudged<T>(
        &mut self,
        map: &Obj,
        key: &'static str,
        need: Need,
        build: fn(&mut Self, &Obj) -> T,
    ) -> Option<T> {
        if !self.rules_only {
            return self.nested(map, key, need, build);
        }
        self.unjudged(|w| drop(w.nested(map, key, need, build)));
        None
    }

    /// An object field read by `read` and kept as raw JSON too: the wire
    /// value and what was read from it, from one walk.
    pub fn raw_object_read<T>(
        &mut self,
        map: &Obj,
        key: &'static str,
        need: Need,
        read: impl FnOnce(&mut Self, &Obj) -> T,
    ) -> Option<(Value, T)> {
        self.field(map, key, need, |w, v| {
            let m = w.object(v)?;
            let t = read(w, m);
            Some((w.copy(v)?, t))
        })
    }

    /// The pointer to the value being read.
    pub fn pointer(&self) -> &str {
        &self.path
    }

    /// An array field; each item read by `item` at its index. Items that fail
    /// to read keep their slot (as `T::default()`) so indexes stay aligned.
    pub fn array<T: Default>(
        &mut self,
        map: &Obj,
        key: &'static str,
        need: Need,
        item: impl Fn(&mut Self, &Json) -> Option<T>,
    ) -> Option<Vec<T>> {
        if self.describing() {
            self.describe_array(key, need, item, 0);
            return None;
        }
        self.field(map, key, need, |w, v| {
            let Json::Array(items) = v else {
                w.wrong_type("array", v);
                return None;
            };
            let (read, rest) = w.at_most(items);
            let out = read
                .iter()
                .enumerate()
                .map(|(i, x)| w.at_index(i, |w| item(w, x)).unwrap_or_default())
                .collect();
            w.past_limit(read.len(), rest, &item);
            Some(out)
        })
    }

    /// The items of `items`, the array at the current pointer, that the
    /// document's budget of [`MAX_ITEMS`] list items in all still has room
    /// for, and the rest; one fatal `too_many_items` at the first array
    /// that passes it (nested lists count too: 4 MiB of coverages of 99,000
    /// `{}` members each had passed a limit per list). Read the rest with
    /// `past_limit`.
    pub fn at_most<'i, 'a>(&mut self, items: &'i [Json<'a>]) -> (&'i [Json<'a>], &'i [Json<'a>]) {
        let room = MAX_ITEMS.saturating_sub(self.items_read);
        let (first, rest) = items.split_at(items.len().min(room));
        self.items_read += first.len();
        if !rest.is_empty() && !self.items_over && !self.describing() {
            self.items_over = true;
            let p = json!({ "count": items.len(), "limit": MAX_ITEMS });
            self.report_first(c::TOO_MANY_ITEMS, p);
        }
        (first, rest)
    }

    /// `v` copied as raw JSON (an unknown field, a sub-document kept
    /// whole), its list items and object members counted against the
    /// document's budget with the known lists' items (`at_most`): copied
    /// whole, 4 MiB of `[{"":0}, …]` under an unknown key became 600,000
    /// maps (~500 MiB, seconds) and was compared and written out by the
    /// diff. Past the budget nothing is copied, and the one fatal
    /// `too_many_items` is reported here, `count` the values `v` holds.
    fn copy(&mut self, v: &Json) -> Option<Value> {
        if self.items_over {
            return None;
        }
        let room = MAX_ITEMS.saturating_sub(self.items_read);
        let mut left = room;
        if let Some(value) = v.to_value_within(&mut left) {
            self.items_read += room - left;
            return Some(value);
        }
        self.over_budget(v.count_values());
        None
    }

    /// `copy`'s budget for all the unknown fields of `map` at once: each
    /// member as written (duplicates included, so that two keys shown alike
    /// count alike whether or not they are equal) and the values it holds.
    /// Within the budget they are counted and may be copied; past it
    /// `too_many_items` stands at the object, `count` their values.
    fn unknown_fields_fit(&mut self, map: &Obj, known: &[&str]) -> bool {
        if self.items_over {
            return false;
        }
        let count = map
            .members()
            .iter()
            .filter(|(k, _)| !known.contains(&k.as_ref()))
            .fold(0usize, |n, (_, v)| {
                n.saturating_add(1).saturating_add(v.count_values())
            });
        let room = MAX_ITEMS.saturating_sub(self.items_read);
        if count <= room {
            self.items_read += count;
            return true;
        }
        self.over_budget(count);
        false
    }

    /// The budget spent: one fatal `too_many_items` here (`count` the values
    /// that passed it), and nothing more copied.
    fn over_budget(&mut self, count: usize) {
        self.items_read = MAX_ITEMS;
        if !self.describing() {
            self.items_over = true;
            self.report_first(c::TOO_MANY_ITEMS, json!({ "count": count, "limit": MAX_ITEMS }));
        }
    }

    /// Lists `rule` at the current pointer first, whatever the cap: a
    /// fatal issue that says why the rest of the document was not read
    /// must be seen, and it may come after thousands of others (the last
    /// listed one is then counted instead).
    fn report_first(&mut self, rule: &Rule, p: Value) {
        self.issues
            .insert(0, make_issue(rule, self.path.clone(), params(p)));
        if self.bounded && self.issues.len() > MAX_ISSUES {
            if let Some(last) = self.issues.pop() {
                self.overflow.record(last.severity, &last.path);
            }
        }
    }

    /// The items past the limit (`at_most`'s rest), each at its index:
    /// objects and arrays are not read (reading them into typed values is
    /// what the limit bounds), other values are, for their issues alone (a
    /// number where an object belongs costs one counted `wrong_type`, as it
    /// did before the limit). Nothing is kept.
    pub fn past_limit<T>(
        &mut self,
        read: usize,
        rest: &[Json],
        item: impl Fn(&mut Self, &Json) -> Option<T>,
    ) {
        // One loop for every item type (`dyn`): it runs only past the limit.
        self.check_past_limit(read, rest, &|w, x| drop(item(w, x)));
    }

    fn check_past_limit(&mut self, read: usize, rest: &[Json], check: &dyn Fn(&mut Self, &Json)) {
        for (j, x) in rest.iter().enumerate() {
            if !matches!(x, Json::Object(_) | Json::Array(_)) {
                self.at_index(read + j, |w| check(w, x));
            }
        }
    }

    /// Describe mode for array fields: the items' schema, and `minItems` when above 0.
    fn describe_array<T>(
        &mut self,
        key: &'static str,
        need: Need,
        item: impl Fn(&mut Self, &Json) -> Option<T>,
        min: u64,
    ) {
        let items = self.capture(|w| drop(item(w, nothing())));
        let mut schema = json!({ "type": "array", "items": items, "maxItems": MAX_ITEMS });
        if let (true, Some(m)) = (min > 0, schema.as_object_mut()) {
            m.insert("minItems".into(), json!(min));
        }
        self.describe_known(key, need, schema);
    }

    /// An array field with `minItems: 1`.
    pub fn array_min1<T: Default>(
        &mut self,
        map: &Obj,
        key: &'static str,
        need: Need,
        item: impl Fn(&mut Self, &Json) -> Option<T>,
    ) -> Option<Vec<T>> {
        if self.describing() {
            self.describe_array(key, need, item, 1);
            return None;
        }
        let out = self.array(map, key, need, item);
        if out.as_ref().is_some_and(Vec::is_empty) {
            self.at_key(key, |w| w.report(c::EMPTY_VALUE, json!({ "field": key })));
        }
        out
    }

    /// Runs `read` over the object `map`, then returns `map`'s unknown fields
    /// (`extra`): the known ones are the keys `read` passed to the field
    /// readers for `map`, so a field's name is written once, where it is read.
    pub fn object_fields<T>(&mut self, map: &Obj, read: impl FnOnce(&mut Self) -> T) -> (T, Extra) {
        self.object_fields_ordered(map, |_| {}, read)
    }

    /// `object_fields`, with the known keys put in `order` before the unknown
    /// ones are judged: a typo close to two known fields suggests the first.
    pub fn object_fields_ordered<T>(
        &mut self,
        map: &Obj,
        order: fn(&mut [&'static str]),
        read: impl FnOnce(&mut Self) -> T,
    ) -> (T, Extra) {
        let start = self.read_keys.len();
        let outer = (
            self.reading.replace(address(map)),
            std::mem::take(&mut self.found),
        );
        let out = read(self);
        let found = std::mem::replace(&mut self.found, outer.1);
        self.reading = outer.0;
        // Every member found by a field reader (the usual case): no unknown
        // field, and `extra` need not compare each key with each known one.
        let every = match map.len() {
            n @ 0..=63 => found == (1u64 << n) - 1,
            64 => found == u64::MAX,
            _ => false,
        };
        if every {
            self.read_keys.truncate(start);
            return (out, Extra::new());
        }
        // `extra` reads no field: the keys can leave the walk while it runs.
        let mut keys = std::mem::take(&mut self.read_keys);
        let known = keys.get_mut(start..).unwrap_or_default();
        order(known);
        let extra = self.extra(map, known);
        keys.truncate(start);
        self.read_keys = keys;
        (out, extra)
    }

    /// Unknown fields of `map` (kept verbatim), warning where one looks like a
    /// typo of a known field (the first in `known` of equally close ones).
    /// Readers name `known` only when some fields are read conditionally
    /// after this runs; the others use `object_fields`.
    pub fn extra(&mut self, map: &Obj, known: &[&str]) -> Extra {
        if self.describing() {
            return Extra::new();
        }
        let mut extra = Extra::new();
        // Unknown fields are rare: only then is the object listed in key order.
        if !map.has_key_outside(known) {
            return extra;
        }
        // Copied or not as a whole, by their shape alone: fields judged one
        // by one, in key order as written, would put the budget's edge, and
        // `too_many_items`, at a key whose place among planted ones tells
        // the hidden digits of an SSN used as a key (outside review).
        if !self.unknown_fields_fit(map, known) {
            return extra;
        }
        for (k, v) in map.iter() {
            if known.contains(&k) {
                continue;
            }
            if let Some(suggestion) = similar(k, known) {
                self.at_key(k, |w| {
                    w.report(
                        c::UNKNOWN_FIELD_TYPO,
                        json!({ "field": k, "suggestion": suggestion }),
                    )
                });
            }
            extra.insert(k.to_owned(), v.to_value());
        }
        extra
    }
}

/// An object's identity while it is being read.
fn address(map: &Obj) -> usize {
    std::ptr::from_ref(map).addr()
}

/// The known field an unknown one is most likely a typo of: same letters
/// ignoring case and `_`/`-`, or within a small optimal-string-alignment
/// distance relative to its length.
fn similar<'k>(unknown: &str, known: &[&'k str]) -> Option<&'k str> {
    // The distance is at least the difference in length: keys that cannot
    // be close are skipped before anything is allocated or compared (a
    // document may hold 200,000 unknown keys, or one megabytes long).
    let len = squashed(unknown).count();
    let close = |k: &&&str| len.abs_diff(squashed(k).count()) <= (k.len() / 4).min(2);
    let mut candidates = known.iter().filter(close).peekable();
    candidates.peek()?;
    let u: String = squashed(unknown).collect();
    let mut best: Option<(usize, &'k str)> = None;
    for &k in candidates {
        let allowed = (k.len() / 4).min(2);
        let sk: String = squashed(k).collect();
        let d = osa_distance(&u, &sk);
        if d <= allowed && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k)
}

/// A field name as `similar` compares it: lower case, without `_` and `-`.
fn squashed(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
}

/// Optimal string alignment distance (edits and adjacent transpositions).
fn osa_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    let at = |i: usize, j: usize| i * width + j;
    for i in 0..=a.len() {
        if let Some(x) = d.get_mut(at(i, 0)) {
            *x = i;
        }
    }
    for j in 0..=b.len() {
        if let Some(x) = d.get_mut(at(0, j)) {
            *x = j;
        }
    }
    let get = |d: &[usize], i, j| d.get(at(i, j)).copied().unwrap_or(usize::MAX / 2);
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let (ai, bj) = (a.get(i - 1), b.get(j - 1));
            let cost = usize::from(ai != bj);
            let mut v = (get(&d, i - 1, j) + 1)
                .min(get(&d, i, j - 1) + 1)
                .min(get(&d, i - 1, j - 1) + cost);
            if i > 1 && j > 1 && ai == b.get(j - 2) && a.get(i - 2) == bj {
                v = v.min(get(&d, i - 2, j - 2) + 1);
            }
            if let Some(x) = d.get_mut(at(i, j)) {
                *x = v;
            }
        }
    }
    get(&d, a.len(), b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unknown fields and issues (code, path, suggestion) of `doc` read by `read`.
    fn unknown(
        doc: serde_json::Value,
        read: impl FnOnce(&mut Walk, &Obj) -> Extra,
    ) -> (Vec<String>, Vec<String>) {
        let doc = Json::from_value(&doc);
        let mut w = Walk::default();
        let extra = match &doc {
            Json::Object(m) => read(&mut w, m),
            _ => Extra::new(),
        };
        // Every issue, so that a stray one fails the test.
        let issues = w.issues.iter();
        let typos = issues.map(|i| {
            format!(
                "{} {} {}",
                i.code,
                i.path,
                i.params.get("suggestion").unwrap_or(&Value::Null)
            )
        });
        let typos = typos.collect();
        (extra.keys().cloned().collect(), typos)
    }

    #[test]
    fn known_fields_are_the_keys_read_for_that_object() {
        let doc = json!({"name": "a", "nmae": "b", "inner": {"name": "c", "id": "d"}, "id": "e"});
        let (extra, typos) = unknown(doc, |w, m| {
            w.object_fields(m, |w| {
                w.string(m, "name", Need::Optional);
                // Keys read in a nested object are not known here.
                w.nested(m, "inner", Need::Optional, |w, inner| {
                    w.string(inner, "id", Need::Optional);
                });
            })
            .1
        });
        assert_eq!(extra, ["id", "nmae"]);
        assert_eq!(typos, ["unknown_field_typo /nmae \"name\""]);
    }

    #[test]
    fn ordered_known_fields_break_typo_ties() {
        // Two deletions from one, two insertions into the other.
        let doc = || json!({"identification_code_ty": "x"});
        let read = |order: fn(&mut [&'static str])| {
            move |w: &mut Walk, m: &Obj| {
                w.object_fields_ordered(m, order, |w| {
                    w.string(m, "identification_code_type", Need::Optional);
                    w.string(m, "identification_code", Need::Optional);
                })
                .1
            }
        };
        let (_, as_read) = unknown(doc(), read(|_| {}));
        assert_eq!(
            as_read,
            ["unknown_field_typo /identification_code_ty \"identification_code_type\""]
        );
        let (_, sorted) = unknown(doc(), read(<[&str]>::sort_unstable));
        assert_eq!(
            sorted,
            ["unknown_field_typo /identification_code_ty \"identification_code\""]
        );
    }

    #[test]
    fn typo_suggestions() {
        let known = ["first_name", "last_name", "zip_code", "sex", "date_of_birth"];
        assert_eq!(similar("frist_name", &known), Some("first_name"));
        assert_eq!(similar("zipcode", &known), Some("zip_code"));
        assert_eq!(similar("LastName", &known), Some("last_name"));
        assert_eq!(similar("dateofbirth", &known), Some("date_of_birth"));
        assert_eq!(similar("sexx", &known), None);
        assert_eq!(similar("nickname", &known), None);
    }
}
