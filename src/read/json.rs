//! The JSON tree the structural walk reads: borrowed from the input text.
//!
//! `serde_json::Value` allocates a `String` for every key and string and a
//! B-tree node per object, then frees them all; building and dropping it was
//! ~45% of `validate` (docs/performance.md). Here strings without escapes are
//! slices of the input and an object is one `Vec` of members, so reading a
//! snapshot allocates a few dozen times instead of a few hundred. serde_json
//! still does the parsing (its errors, its number rules, its depth limit).
//!
//! Members and items are first pushed on two stacks shared by the whole
//! parse, then moved into a `Vec` of exactly their number (`tail`): one
//! allocation per non-empty object or array instead of one per doubling of
//! its capacity.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Number, Value};

/// A JSON value whose strings borrow from the text it was parsed from.
#[derive(Debug, Clone, PartialEq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    Object(Obj<'a>),
}

/// A JSON object's members in document order, duplicates included. Lookups
/// and iteration see what `serde_json::Map` would: the last of duplicate
/// keys, in key order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Obj<'a>(Vec<(Cow<'a, str>, Json<'a>)>);

/// `k == key`, with the last byte compared before the rest: every field
/// read scans its object's keys, and in wasm `memcmp` is a call and a byte
/// loop (3% of `validate`), while keys of one length mostly end differently
/// (`first_name`/`last_name`). Equal lengths are then compared a word at a
/// time ([`same_bytes`]).
pub(crate) fn same_key(k: &str, key: &str) -> bool {
    let (a, b) = (k.as_bytes(), key.as_bytes());
    a.len() == b.len() && a.last() == b.last() && same_bytes(a, b)
}

/// `a == b` for slices of one length, inline: 8-byte words, the last one
/// overlapping, then 4-byte halves, then single bytes (wasm has no vector
/// `memcmp`; this is a few loads and compares for a field name).
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    let word = |s: &[u8], i: usize| {
        s.get(i..i + 8)
            .and_then(|w| w.try_into().ok())
            .map(u64::from_ne_bytes)
    };
    let half = |s: &[u8], i: usize| {
        s.get(i..i + 4)
            .and_then(|w| w.try_into().ok())
            .map(u32::from_ne_bytes)
    };
    if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            if word(a, i) != word(b, i) {
                return false;
            }
            i += 8;
        }
        word(a, n - 8) == word(b, n - 8)
    } else if n >= 4 {
        half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4)
    } else {
        a.first() == b.first() && a.get(n / 2) == b.get(n / 2) && a.last() == b.last()
    }
}

impl<'a> Obj<'a> {
    /// The empty object (`const`, for statics).
    pub const fn new() -> Self {
        Obj(Vec::new())
    }

    /// The member named `key` (the last one when the key is repeated).
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| same_key(k, key))
            .map(|(_, v)| v)
    }

    /// The member named `key` (the last one when the key is repeated) and
    /// its position among the members.
    pub(crate) fn find(&self, key: &str) -> Option<(usize, &Json<'a>)> {
        self.0
            .iter()
            .enumerate()
            .rev()
            .find(|(_, (k, _))| same_key(k, key))
            .map(|(i, (_, v))| (i, v))
    }

    /// The members in document order, duplicates included.
    pub(crate) fn members(&self) -> &[(Cow<'a, str>, Json<'a>)] {
        &self.0
    }

    /// The members in document order, to change their values.
    pub(crate) fn members_mut(&mut self) -> &mut [(Cow<'a, str>, Json<'a>)] {
        &mut self.0
    }

    /// How many members, duplicates included.
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether a member named `key` exists.
    pub fn contains_key(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| same_key(k, key))
    }

    /// Whether any member's key is not in `known` (cheap: no allocation).
    pub fn has_key_outside(&self, known: &[&str]) -> bool {
        self.0.iter().any(|(k, _)| !known.iter().any(|n| same_key(k, n)))
    }

    /// The members as `serde_json::Map` iterates them: in key order, the last
    /// of duplicates. Allocates; for the rare paths (unknown fields).
    pub fn iter(&self) -> Vec<(&str, &Json<'a>)> {
        let mut out: Vec<(&str, &Json<'a>)> = Vec::with_capacity(self.0.len());
        // A stable sort keeps duplicates in document order: keep the last.
        let mut all: Vec<(&str, &Json<'a>)> = self.0.iter().map(|(k, v)| (k.as_ref(), v)).collect();
        crate::sort::sort_by(&mut all, |a, b| a.0.cmp(b.0));
        for (k, v) in all {
            match out.last_mut() {
                Some(last) if last.0 == k => *last = (k, v),
                _ => out.push((k, v)),
            }
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The member named `key`, to change (the last one, as `get` reads).
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Json<'a>> {
        self.0
            .iter_mut()
            .rev()
            .find(|(k, _)| same_key(k, key))
            .map(|(_, v)| v)
    }

    /// Sets `key`'s value: the member `get` reads is replaced, else a new
    /// member is added last. The value replaced, if any.
    pub fn set(&mut self, key: &str, value: Json<'a>) -> Option<Json<'a>> {
        match self.get_mut(key) {
            Some(v) => Some(std::mem::replace(v, value)),
            None => {
                self.0.push((Cow::Owned(key.to_owned()), value));
                None
            }
        }
    }

    /// Removes the member `get` reads (an earlier duplicate, if any, is then
    /// the one read). Its value, if there was one.
    pub fn remove(&mut self, key: &str) -> Option<Json<'a>> {
        let at = self.0.iter().rposition(|(k, _)| same_key(k, key))?;
        Some(self.0.remove(at).1)
    }

    /// The keys, in key order, without duplicates.
    pub fn keys(&self) -> Vec<&str> {
        self.iter().into_iter().map(|(k, _)| k).collect()
    }

    /// An owned `serde_json::Map` of the same members.
    pub fn to_map(&self) -> Map<String, Value> {
        // Inserts, the last of duplicates winning as with `collect`, which
        // would compile a sort of its own for these pairs (src/sort.rs).
        let mut out = Map::new();
        for (k, v) in &self.0 {
            out.insert(k.to_string(), v.to_value());
        }
        out
    }

    /// A view of a `serde_json::Map` (strings borrowed).
    pub fn from_map(m: &'a Map<String, Value>) -> Self {
        Obj(m
            .iter()
            .map(|(k, v)| (Cow::Borrowed(k.as_str()), Json::from_value(v)))
            .collect())
    }
}

/// The most JSON values (list items and object members at every depth) and
/// objects a JSON argument that is not a document may hold (`within`).
/// serde_json builds each object as a map of several hundred bytes: 4 MiB of
/// `[{"":0}, …]` (600,000 objects) had taken 362 MiB and 3.6 s as
/// `foldStatus`'s events. A real argument is far below: the preview of a
/// family of 9,000 dependents (1.7 MB) holds 75,000 values in 11,000 objects,
/// and a preview of nothing but differences (an object ~200 bytes with its
/// fields) about 21,000 in 4 MiB. Under the bounds, the worst shape built
/// (100,000 one-member objects) takes ~0.6 s and ~85 MiB in wasm.
pub const MAX_ARGUMENT_VALUES: usize = 500_000;
pub const MAX_ARGUMENT_OBJECTS: usize = 100_000;

/// What `within` found past its bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Excess {
    Values,
    Objects,
}

/// Whether `text` holds at most `MAX_ARGUMENT_VALUES` values and
/// `MAX_ARGUMENT_OBJECTS` objects, counted by one scan that builds nothing
/// (serde's `IgnoredAny` keys) and stops at the first one past either bound.
/// Text that is not JSON (or nested deeper than serde_json's 128 levels)
/// passes: the parse that follows says what is wrong with it.
pub fn within(text: &str) -> Result<(), Excess> {
    let mut count = Count::default();
    let mut de = serde_json::Deserializer::from_str(text);
    match CountSeed(&mut count).deserialize(&mut de) {
        Err(_) => count.excess.map_or(Ok(()), Err),
        Ok(()) => Ok(()),
    }
}

#[derive(Default)]
struct Count {
    values: usize,
    objects: usize,
    excess: Option<Excess>,
}

impl Count {
    /// Counts a value (an item or a member) or an object: an error once past
    /// a bound, which ends the scan.
    fn add<E: de::Error>(&mut self, excess: Excess) -> Result<(), E> {
        let (n, max) = match excess {
            Excess::Values => (&mut self.values, MAX_ARGUMENT_VALUES),
            Excess::Objects => (&mut self.objects, MAX_ARGUMENT_OBJECTS),
        };
        *n += 1;
        if *n <= max {
            return Ok(());
        }
        self.excess = Some(excess);
        Err(E::custom("past the bound"))
    }
}

struct CountSeed<'c>(&'c mut Count);

impl<'de> DeserializeSeed<'de> for CountSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for CountSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        while items.next_element_seed(CountSeed(&mut *self.0))?.is_some() {
            self.0.add(Excess::Values)?;
        }
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<(), A::Error> {
        self.0.add(Excess::Objects)?;
        while members.next_key::<de::IgnoredAny>()?.is_some() {
            members.next_value_seed(CountSeed(&mut *self.0))?;
            self.0.add(Excess::Values)?;
        }
        Ok(())
    }
}

impl<'a> Json<'a> {
    /// Parses JSON text; strings without escapes borrow from `text`.
    pub fn parse(text: &'a str) -> Result<Json<'a>, serde_json::Error> {
        // As serde_json::from_str does: one value, then only whitespace.
        let mut de = serde_json::Deserializer::from_str(text);
        let json = Seed(&mut Stacks::for_text(text)).deserialize(&mut de)?;
        de.end()?;
        Ok(json)
    }

    /// A view of a `serde_json::Value` (strings borrowed, containers rebuilt).
    pub fn from_value(v: &'a Value) -> Json<'a> {
        match v {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => Json::Number(n.clone()),
            Value::String(s) => Json::String(Cow::Borrowed(s)),
            Value::Array(items) => Json::Array(items.iter().map(Json::from_value).collect()),
            Value::Object(m) => Json::Object(Obj::from_map(m)),
        }
    }

    /// An owned `serde_json::Value` of the same document.
    pub fn to_value(&self) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => Value::Number(n.clone()),
            Json::String(s) => Value::String(s.to_string()),
            Json::Array(items) => Value::Array(items.iter().map(Json::to_value).collect()),
            Json::Object(m) => Value::Object(m.to_map()),
        }
    }

    /// `to_value` spending one of `budget` for each array item and object
    /// member it copies; `None` (nothing kept) when the budget runs out.
    pub fn to_value_within(&self, budget: &mut usize) -> Option<Value> {
        Some(match self {
            Json::Array(items) => {
                *budget = budget.checked_sub(items.len())?;
                let mut out = Vec::with_capacity(items.len());
                for x in items {
                    out.push(x.to_value_within(budget)?);
                }
                Value::Array(out)
            }
            Json::Object(m) => {
                *budget = budget.checked_sub(m.len())?;
                let mut out = Map::new();
                for (k, v) in &m.0 {
                    out.insert(k.to_string(), v.to_value_within(budget)?);
                }
                Value::Object(out)
            }
            scalar => scalar.to_value(),
        })
    }

    /// Array items and object members at every depth (no copy made).
    pub fn count_values(&self) -> usize {
        match self {
            Json::Array(items) => items
                .iter()
                .fold(items.len(), |n, x| n.saturating_add(x.count_values())),
            Json::Object(m) => {
                m.0.iter()
                    .fold(m.len(), |n, (_, v)| n.saturating_add(v.count_values()))
            }
            _ => 0,
        }
    }

    /// The same document owning all its strings (to keep it past its text).
    pub fn into_owned(self) -> Json<'static> {
        let own = |s: Cow<'_, str>| Cow::Owned(s.into_owned());
        match self {
            Json::Null => Json::Null,
            Json::Bool(b) => Json::Bool(b),
            Json::Number(n) => Json::Number(n),
            Json::String(s) => Json::String(own(s)),
            Json::Array(items) => Json::Array(items.into_iter().map(Json::into_owned).collect()),
            Json::Object(m) => Json::Object(Obj(m
                .0
                .into_iter()
                .map(|(k, v)| (own(k), v.into_owned()))
                .collect())),
        }
    }

    /// Levels of arrays and objects, this one included (0 for a scalar).
    pub fn depth(&self) -> usize {
        let inner = match self {
            Json::Array(items) => items.iter().map(Json::depth).max().unwrap_or(0),
            Json::Object(m) => m.0.iter().map(|(_, v)| v.depth()).max().unwrap_or(0),
            _ => return 0,
        };
        inner + 1
    }

    /// Writes the document as compact JSON text exactly as it was read:
    /// members in document order, duplicates kept (unlike `Serialize`,
    /// which writes what a reader sees). Parsing the text gives this tree.
    pub fn write_compact(&self, out: &mut Vec<u8>) {
        match self {
            Json::Null => out.extend_from_slice(b"null"),
            Json::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
            Json::Number(n) => out.extend_from_slice(n.to_string().as_bytes()),
            Json::String(s) => write_str(s, out),
            Json::Array(items) => {
                out.push(b'[');
                for (k, item) in items.iter().enumerate() {
                    if k > 0 {
                        out.push(b',');
                    }
                    item.write_compact(out);
                }
                out.push(b']');
            }
            Json::Object(m) => {
                out.push(b'{');
                for (k, (key, value)) in m.0.iter().enumerate() {
                    if k > 0 {
                        out.push(b',');
                    }
                    write_str(key, out);
                    out.push(b':');
                    value.write_compact(out);
                }
                out.push(b'}');
            }
        }
    }

    /// The length of `write_compact`'s text.
    pub fn compact_len(&self) -> usize {
        let mut out = Vec::new();
        self.write_compact(&mut out);
        out.len()
    }

    /// The number as `f64`, when it is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }
}

/// A string as JSON text (serde_json's escaping).
pub(crate) fn write_str(s: &str, out: &mut Vec<u8>) {
    // Writing a `str` into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => s.serialize_unit(),
            Json::Bool(b) => s.serialize_bool(*b),
            Json::Number(n) => n.serialize(s),
            Json::String(v) => s.serialize_str(v),
            Json::Array(items) => s.collect_seq(items),
            Json::Object(m) => {
                let members = m.iter();
                let mut map = s.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> de::Deserialize<'de> for Json<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Seed(&mut Stacks::new()).deserialize(d)
    }
}

/// The members and items of the objects and arrays being read, innermost last.
struct Stacks<'de> {
    members: Vec<(Cow<'de, str>, Json<'de>)>,
    items: Vec<Json<'de>>,
}

impl Stacks<'_> {
    /// Room for a snapshot's open objects and arrays from the start (a few
    /// dozen members at the deepest point), rather than growing by doubling;
    /// none for a scalar (a keystroke's value: `prepared.edit`), which would
    /// allocate both for nothing.
    fn for_text(text: &str) -> Self {
        match text.trim_start().starts_with(['{', '[']) {
            true => Self::new(),
            false => Stacks {
                members: Vec::new(),
                items: Vec::new(),
            },
        }
    }

    fn new() -> Self {
        Stacks {
            members: Vec::with_capacity(32),
            items: Vec::with_capacity(16),
        }
    }
}

/// Reads one value, pushing the parts of its containers on the shared stacks.
struct Seed<'s, 'de>(&'s mut Stacks<'de>);

impl<'de> DeserializeSeed<'de> for Seed<'_, 'de> {
    type Value = Json<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Json<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_, 'de> {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Json<'de>, E> {
        Ok(Json::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Json<'de>, E> {
        Ok(Json::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Json<'de>, E> {
        Ok(Json::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Json<'de>, E> {
        // JSON text has no NaN or infinity; serde_json's Value maps them to null too.
        Ok(Number::from_f64(v).map_or(Json::Null, Json::Number))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(v)))
    }

    fn visit_unit<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_none<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Json<'de>, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        let stacks = self.0;
        let start = stacks.items.len();
        while let Some(item) = seq.next_element_seed(Seed(stacks))? {
            stacks.items.push(item);
        }
        Ok(Json::Array(tail(&mut stacks.items, start)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
        let stacks = self.0;
        let start = stacks.members.len();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let value = map.next_value_seed(Seed(stacks))?;
            stacks.members.push((key, value));
        }
        Ok(Json::Object(Obj(tail(&mut stacks.members, start))))
    }
}

/// The parts of `stack` from `start` on, moved out into a `Vec` of exactly
/// their number. `split_off` copies them in one `memcpy`, where
/// `drain(start..).collect()` moved them one by one (−1 % of native
/// `validate`). At 0 (the root, read last) the stack itself is taken, room
/// and all: `split_off(0)` would allocate a new stack for nothing.
fn tail<T>(stack: &mut Vec<T>, start: usize) -> Vec<T> {
    if start == 0 {
        return std::mem::take(stack);
    }
    stack.split_off(start)
}

/// A key, borrowed from the text when it has no escapes (serde's own `Cow`
/// impl always copies).
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn borrows_plain_strings_and_keys() {
        let text = r#"{"a":"plain","b\n":"esc\"aped","n":[1,-2,3.5,18446744073709551615]}"#;
        let Ok(Json::Object(m)) = Json::parse(text) else {
            unreachable!("an object")
        };
        assert!(matches!(m.get("a"), Some(Json::String(Cow::Borrowed("plain")))));
        assert!(matches!(m.get("b\n"), Some(Json::String(Cow::Owned(s))) if s == "esc\"aped"));
    }

    #[test]
    fn same_document_as_serde_json_value() {
        for text in [
            r#"{"z":1,"a":{"k":[true,null,"x"]},"a":2,"m":-0.5,"big":123456789012345678901234}"#,
            r#"[{"b":1,"a":2},[],{},"\u00e9\ud83d\ude00"]"#,
            "12",
        ] {
            let ours = Json::parse(text).map(|j| j.to_value()).ok();
            let theirs: Option<Value> = serde_json::from_str(text).ok();
            assert_eq!(ours, theirs, "{text}");
            let round: Option<Value> = Json::parse(text).ok().and_then(|j| serde_json::to_value(&j).ok());
            assert_eq!(round, theirs, "{text}");
        }
    }

    #[test]
    fn same_key_is_equality() {
        let keys = [
            "",
            "a",
            "b",
            "ab",
            "ba",
            "abc",
            "abd",
            "xbc",
            "abcd",
            "abce",
            "zbcd",
            "first_name",
            "last_name",
            "effective_start_date",
            "effective_end_date",
            "effective_start_datf",
            "ffective_start_date",
            "0123456789abcdefg",
            "0123456789abcdefh",
            "0123456789abcdeFg",
            "1123456789abcdefg",
            "12345678",
            "12345679",
        ];
        for a in keys {
            for b in keys {
                assert_eq!(same_key(a, b), a == b, "{a} {b}");
            }
        }
        // Every position of a 1..=40-byte key differing from its copy.
        for n in 1..=40usize {
            let a: String = (0..n).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
            assert!(same_key(&a, &a.clone()));
            for i in 0..n {
                let mut b = a.clone().into_bytes();
                if let Some(c) = b.get_mut(i) {
                    *c = b'#';
                }
                let b = String::from_utf8(b).unwrap_or_default();
                assert!(!same_key(&a, &b), "{a} {b}");
            }
        }
    }

    #[test]
    fn last_duplicate_wins_and_iteration_is_in_key_order() {
        let Ok(Json::Object(m)) = Json::parse(r#"{"b":1,"a":2,"b":3}"#) else {
            unreachable!("an object")
        };
        assert_eq!(m.get("b"), Some(&Json::Number(3.into())));
        assert_eq!(m.keys(), ["a", "b"]);
        assert_eq!(Value::Object(m.to_map()), json!({"a": 2, "b": 3}));
    }

    #[test]
    fn errors_and_depth_limit_are_serde_json_s() {
        let deep = "[".repeat(200) + &"]".repeat(200);
        let ours = Json::parse(&deep).err().map(|e| e.to_string());
        let theirs = serde_json::from_str::<Value>(&deep).err().map(|e| e.to_string());
        assert!(ours.is_some());
        assert_eq!(ours, theirs);
        let bad = r#"{"a": tru}"#;
        assert_eq!(
            Json::parse(bad).err().map(|e| e.to_string()),
            serde_json::from_str::<Value>(bad).err().map(|e| e.to_string())
        );
    }
}
