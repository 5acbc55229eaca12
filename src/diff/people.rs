//! Matching the people of two snapshots, their stable keys, and the
//! field-level differences of the employee and dependents. Fields pair by
//! their dotted keys, except a key that shows like another distinct key of
//! either snapshot: each side's value is then a change of its own, so
//! guessed keys beside a hidden SSN key all show alike (docs/api.md
//! Privacy › Equality; `Leaves::changes`).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::FieldChange;
use crate::diagnostic::mask_ssn;
use crate::model::{Address, Dependent, Employee, Extra, MemberRef, Person, Snapshot, TextField};
use crate::privacy::{scrub, scrub_value, MaskedAlike};

/// Who is who across the previous and the current snapshot.
#[derive(Debug, Default)]
pub(crate) struct Pairing {
    /// `cur_to_prev[k]`: the previous dependent current dependent `k` is.
    pub cur_to_prev: Vec<Option<usize>>,
    /// `prev_to_cur[p]`: the current dependent previous dependent `p` is.
    pub prev_to_cur: Vec<Option<usize>>,
    pub employee_key: String,
    /// Stable keys of the current dependents (the previous one's when matched).
    pub cur_keys: Vec<String>,
    pub prev_keys: Vec<String>,
}

impl Pairing {
    pub fn key(&self, side: Side, r: MemberRef) -> String {
        self.key_of(side, r).to_owned()
    }

    /// `key`, borrowed.
    pub fn key_of(&self, side: Side, r: MemberRef) -> &str {
        match r {
            MemberRef::Employee => &self.employee_key,
            MemberRef::Dependent(k) => {
                let keys = if side == Side::Current {
                    &self.cur_keys
                } else {
                    &self.prev_keys
                };
                keys.get(k).map_or("", String::as_str)
            }
        }
    }
}

/// Which snapshot a pointer or person belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Previous,
    Current,
}

/// A name as its key compares it: without spaces, lower-cased.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The key part of a person without ids: first and last name and date of
/// birth. The names are masked first, together as they are shown (an SSN
/// may run from one into the other): removing spaces joins digit groups
/// (`1 538 71 4296` would become the ten digits `1538714296`, which no longer
/// read as an SSN), and a key is hashed into reference numbers, which must
/// not confirm hidden digits.
pub(crate) fn name_dob(p: Option<&Person>) -> Option<String> {
    let p = p?;
    let dob = p.date_of_birth?;
    let (first, last) = (
        p.first_name.as_deref().unwrap_or_default(),
        p.last_name.as_deref().unwrap_or_default(),
    );
    // Each name masked alone, then together: `Maria 2` and `219 453 876`
    // joined read as a ten-digit chain, which the whole's masking leaves.
    let shown = format!("{} {}", scrub(first), scrub(last));
    let masked = scrub(&shown);
    // Masking writes one character for each: the first name is as many.
    let n = first.chars().count();
    let first: String = masked.chars().take(n).collect();
    let last: String = masked.chars().skip(n + 1).collect();
    Some(format!("{}|{}|{dob}", squash(&first), squash(&last)))
}

/// A person's identity for keys and reference numbers: the partner's own
/// `custom_individual_id` first (what a partner matches its records on), then
/// Noyo's `id`, then name and date of birth. Never the SSN.
fn identity(custom: Option<&String>, id: Option<&String>, person: Option<&Person>) -> String {
    match (custom, id) {
        (Some(c), _) => format!("c:{c}"),
        (None, Some(i)) => format!("i:{i}"),
        (None, None) => format!("n:{}", name_dob(person).unwrap_or_default()),
    }
}

fn employee_identity(e: Option<&Employee>) -> String {
    e.map(|e| identity(e.custom_individual_id.as_ref(), e.id.as_ref(), e.person.as_ref()))
        .unwrap_or_else(|| "n:".into())
}

fn dependent_identity(d: &Dependent) -> String {
    identity(d.custom_individual_id.as_ref(), d.id.as_ref(), d.person.as_ref())
}

/// Identities longer than this (bytes) are keyed by a digest: a person key is
/// copied into every enrollment item and compared in every lookup, so an
/// identifier megabytes long would cost memory and time per item. Real ones
/// (`c:` + a UUID, names and a date) are far shorter and keep their text, so
/// their ids do not change.
const MAX_IDENTITY_BYTES: usize = 128;

/// A person's key for an identity: the identity itself, or past
/// [`MAX_IDENTITY_BYTES`] `h:` + the SHA-256 of its scrubbed text (a key is
/// hashed into reference numbers: it must not be a function of a masked
/// digit). Identities that scrub alike share it: `pair` tells them apart
/// by side and position, never by their text as written.
fn identity_key(identity: String) -> String {
    if identity.len() <= MAX_IDENTITY_BYTES {
        return identity;
    }
    let digest = Sha256::digest(scrub(&identity).as_bytes());
    let mut key = String::with_capacity(2 + 64);
    key.push_str("h:");
    for b in digest.iter() {
        for nibble in [b >> 4, b & 15] {
            key.extend(char::from_digit(u32::from(nibble), 16));
        }
    }
    key
}

/// Whether `key` (an `identity_key`) is a digest of an identity.
fn is_digest(key: &str) -> bool {
    key.starts_with("h:")
}

/// Each dependent's key on one side of a pairing (`None`: no key), with
/// those masking like another of the side's keys taken out
/// (`privacy::MaskedAlike`: such keys do not pair). Each key is built once.
fn side_keys(deps: &[Dependent], key: fn(&Dependent) -> Option<String>) -> Vec<Option<String>> {
    let mut keys: Vec<Option<String>> = deps.iter().map(key).collect();
    let alike = MaskedAlike::of(keys.iter().flatten());
    if !alike.is_empty() {
        keys.iter_mut()
            .filter(|k| k.as_deref().is_some_and(|k| alike.holds(k)))
            .for_each(|k| *k = None);
    }
    keys
}

/// The dependents' identities on one side, and those masking alike.
fn identities_of(deps: &[Dependent]) -> (Vec<String>, MaskedAlike) {
    let identities: Vec<String> = deps.iter().map(dependent_identity).collect();
    let alike = MaskedAlike::of(&identities);
    (identities, alike)
}

/// Pairs the dependents: by `id`, else `custom_individual_id`, else name and
/// date of birth (each previous dependent at most once; never by SSN).
pub(crate) fn pair(prev: Option<&Snapshot>, cur: &Snapshot) -> Pairing {
    let prev_deps: &[Dependent] = prev.map(|p| p.dependents.as_slice()).unwrap_or_default();
    let mut cur_to_prev: Vec<Option<usize>> = vec![None; cur.dependents.len()];
    let mut prev_to_cur: Vec<Option<usize>> = vec![None; prev_deps.len()];
    let passes: [fn(&Dependent) -> Option<String>; 3] = [
        |d| d.id.clone(),
        |d| d.custom_individual_id.clone(),
        |d| name_dob(d.person.as_ref()),
    ];
    for key in passes {
        let (prev_keys, cur_keys) = (side_keys(prev_deps, key), side_keys(&cur.dependents, key));
        // The previous dependents still unmatched, by key, last first: each
        // `pop` gives the first in document order, as a search would.
        let mut waiting: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (p, have) in prev_keys.into_iter().enumerate().rev() {
            if prev_to_cur.get(p).copied().flatten().is_some() {
                continue;
            }
            if let Some(have) = have {
                waiting.entry(have).or_default().push(p);
            }
        }
        for (k, want) in cur_keys.iter().enumerate() {
            if cur_to_prev.get(k).copied().flatten().is_some() {
                continue;
            }
            let Some(want) = want else {
                continue;
            };
            if let Some(p) = waiting.get_mut(want.as_str()).and_then(Vec::pop) {
                if let (Some(c), Some(q)) = (cur_to_prev.get_mut(k), prev_to_cur.get_mut(p)) {
                    *c = Some(p);
                    *q = Some(k);
                }
            }
        }
    }
    let employee_key = identity_key(match prev {
        Some(p) => employee_identity(p.employee.as_ref()),
        None => employee_identity(cur.employee.as_ref()),
    });
    // An identity masking like another of its side keys its person apart
    // (by side and position, nothing hidden): an unpaired guess equal to the
    // other side's hidden SSN would otherwise share its person key, and with
    // it the enrollments compared (review 25f #2, `privacy::MaskedAlike`).
    let (prev_ids, cur_ids) = (identities_of(prev_deps), identities_of(&cur.dependents));
    let dependent_key = |key: &str, apart: bool, side: &str, at: usize| match apart {
        true => format!("{employee_key}/{key}#{side}{at}"),
        false => format!("{employee_key}/{key}"),
    };
    let prev_bases: Vec<String> = prev_ids.0.iter().cloned().map(identity_key).collect();
    let prev_keys: Vec<String> = prev_bases
        .iter()
        .zip(&prev_ids.0)
        .enumerate()
        .map(|(p, (key, identity))| dependent_key(key, prev_ids.1.holds(identity), "previous", p))
        .collect();
    // An unpaired current identity digested like a previous one (the two
    // scrub alike) is keyed apart too, by its position: remembered by its
    // text as written, the one guess equal to the hidden previous identity
    // had that person's key and the others `#1`, `#2`… (review 29b F1).
    let prev_digests: BTreeSet<&str> = prev_bases
        .iter()
        .map(String::as_str)
        .filter(|k| is_digest(k))
        .collect();
    let cur_keys = cur_ids
        .0
        .iter()
        .enumerate()
        .map(|(k, identity)| {
            match cur_to_prev
                .get(k)
                .copied()
                .flatten()
                .and_then(|p| prev_keys.get(p))
            {
                Some(key) => key.clone(),
                None => {
                    let key = identity_key(identity.clone());
                    let apart = cur_ids.1.holds(identity) || prev_digests.contains(key.as_str());
                    dependent_key(&key, apart, "current", k)
                }
            }
        })
        .collect();
    Pairing {
        cur_to_prev,
        prev_to_cur,
        employee_key,
        cur_keys,
        prev_keys,
    }
}

/// What of the employee is compared: person, employment, classifications.
pub(crate) fn employee_doc(e: &Employee) -> Value {
    json!({
        "person": e.person, "employment": e.employment,
        "classifications": e.classifications, "group_individual_id": e.group_individual_id,
    })
}

/// What of a dependent is compared: person and relationship.
pub(crate) fn dependent_doc(d: &Dependent) -> Value {
    json!({ "person": d.person, "relationship": d.relationship, "group_individual_id": d.group_individual_id })
}

/// The bytes of dotted keys a flattening may still build. Each leaf carries
/// its whole key, so unknown objects nested under a long key build (key
/// length × leaves) bytes: 0.4 MB of input asked for gigabytes (review
/// 24a #1). Every key is part of a difference's weight, so keys past the
/// difference budget mean the change set is refused anyway
/// (`too_many_differences`): flattening stops there, before building them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KeyBytes {
    left: usize,
    over: bool,
}

/// A comparison whose keys alone exceed its [`KeyBytes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooLarge;

impl KeyBytes {
    pub(crate) fn new(limit: usize) -> KeyBytes {
        KeyBytes {
            left: limit,
            over: false,
        }
    }

    /// Charges a key of `len` bytes; false (and over from then on) past the limit.
    fn take(&mut self, len: usize) -> bool {
        match self.left.checked_sub(len).filter(|_| !self.over) {
            Some(left) => {
                self.left = left;
                true
            }
            None => {
                self.over = true;
                false
            }
        }
    }

    pub(crate) fn over(&self) -> bool {
        self.over
    }
}

/// A leaf of a flattened document: its value, and its dotted key as shown
/// when that differs from the key as written — each key along the way
/// masked on its own before the join: an unknown field keyed `219.453.876`
/// under `q1` is masked as one key, not as the pieces a split of the joined
/// key on `.` gives (review 24d #1). `None` when nothing was masked.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Leaf {
    pub(crate) value: Value,
    shown: Option<String>,
}

/// `key` under `prefix` (written or shown), dotted.
fn dotted(prefix: &str, key: &str) -> String {
    let key = segment(key);
    if prefix.is_empty() {
        key.into_owned()
    } else {
        [prefix, &key].join(".")
    }
}

/// A JSON key as one segment of a dotted key: its own `.` written `~1` and
/// `~` written `~0` (as a JSON Pointer escapes `/`), so `{"a.b": 1}` and
/// `{"a": {"b": 2}}` are two leaves, `a~1b` and `a.b` — one key for both
/// had lost or invented changes (review 24e #2).
fn segment(k: &str) -> Cow<'_, str> {
    if k.contains(['.', '~']) {
        Cow::Owned(k.replace('~', "~0").replace('.', "~1"))
    } else {
        Cow::Borrowed(k)
    }
}

/// A segment of a dotted key as the JSON key it stands for (see `segment`).
pub(crate) fn unsegment(s: &str) -> Cow<'_, str> {
    if s.contains('~') {
        Cow::Owned(s.replace("~1", ".").replace("~0", "~"))
    } else {
        Cow::Borrowed(s)
    }
}

/// The shown key of `k` under a parent shown as `shown` (`None`: as
/// written, `prefix`): `None` while nothing along the way was masked.
fn shown_key(prefix: &str, shown: Option<&str>, k: &str) -> Option<String> {
    match (shown, scrub(k)) {
        (None, Cow::Borrowed(_)) => None,
        (s, masked) => Some(dotted(s.unwrap_or(prefix), &masked)),
    }
}

/// Leaves of a document by dotted key; nulls are absent, arrays are leaves.
/// `shown`: `prefix` as shown (see [`Leaf`]). Stops, `keys` over, once the
/// keys built pass `keys`' limit.
pub(crate) fn flatten(
    prefix: &str,
    shown: Option<&str>,
    v: &Value,
    out: &mut BTreeMap<String, Leaf>,
    keys: &mut KeyBytes,
) {
    match v {
        Value::Null => {}
        Value::Object(m) => {
            for (k, x) in m {
                let child = shown_key(prefix, shown, k);
                let key = dotted(prefix, k);
                if !keys.take(key.len() + child.as_ref().map_or(0, String::len)) {
                    return;
                }
                flatten(&key, child.as_deref(), x, out, keys);
            }
        }
        other => {
            let leaf = Leaf {
                value: other.clone(),
                shown: shown.map(str::to_owned),
            };
            out.insert(prefix.to_owned(), leaf);
        }
    }
}

/// `flatten` of a value made for it under a non-empty `key`: its leaves
/// and keys are moved into `out`, not copied (a typed change is serialized
/// only to be flattened).
fn flatten_owned(
    key: String,
    shown: Option<String>,
    v: Value,
    out: &mut BTreeMap<String, Leaf>,
    keys: &mut KeyBytes,
) {
    match v {
        Value::Null => {}
        Value::Object(m) => {
            for (k, x) in m {
                let child = shown_key(&key, shown.as_deref(), &k);
                let inner = dotted(&key, &k);
                if !keys.take(inner.len() + child.as_ref().map_or(0, String::len)) {
                    return;
                }
                flatten_owned(inner, child, x, out, keys);
            }
        }
        other => {
            out.insert(key, Leaf { value: other, shown });
        }
    }
}

/// The group a key's change belongs to: `person.home_address.zip_code` and
/// `person.home_address.city` are one address change; `person.first_name` is
/// its own. One difference per group, so a change keeps its id when other,
/// unrelated changes come and go around it.
pub(crate) fn group_of(key: &str) -> &str {
    let mut dots = key.match_indices('.').map(|(i, _)| i);
    match (dots.next(), dots.next()) {
        (Some(_), Some(second)) => key.get(..second).unwrap_or(key),
        _ => key,
    }
}

/// A value as a difference shows it: an `ssn` field masked whatever its
/// shape, and anything SSN-shaped in any field masked (`privacy::scrub_value`).
pub(crate) fn shown(key: &str, v: Value) -> Value {
    let v = match v {
        Value::String(s) if key.ends_with(".ssn") || key == "ssn" => Value::String(mask_ssn(&s)),
        v => v,
    };
    scrub_value(v)
}

/// Field changes between two documents, by dotted key in key order, each
/// with the text its stable id hashes: the change as shown, SSNs masked in
/// every field (the engine never hands out a full SSN, nor a hash of one).
/// `TooLarge` once their keys pass `limit` bytes.
pub(crate) fn field_changes(before: Option<&Value>, after: Option<&Value>, limit: usize) -> Changes {
    let mut leaves = Leaves::new(limit);
    if let Some(v) = before {
        flatten("", None, v, &mut leaves.before, &mut leaves.keys);
    }
    if let Some(v) = after {
        flatten("", None, v, &mut leaves.after, &mut leaves.keys);
    }
    leaves.changes()
}

/// Field changes with the text each id hashes, or `TooLarge`.
pub(crate) type Changes = Result<Vec<(FieldChange, String)>, TooLarge>;

/// The employee's field changes: `field_changes` of their `employee_doc`s.
pub(crate) fn employee_changes(before: Option<&Employee>, after: Option<&Employee>, limit: usize) -> Changes {
    let mut leaves = Leaves::new(limit);
    let (b, a) = (before, after);
    leaves.person(
        b.and_then(|e| e.person.as_ref()),
        a.and_then(|e| e.person.as_ref()),
    );
    leaves.part("employment", b.map(|e| &e.employment), a.map(|e| &e.employment));
    leaves.part(
        "classifications",
        b.map(|e| &e.classifications),
        a.map(|e| &e.classifications),
    );
    leaves.part(
        "group_individual_id",
        b.map(|e| &e.group_individual_id),
        a.map(|e| &e.group_individual_id),
    );
    leaves.changes()
}

/// A dependent's field changes: `field_changes` of their `dependent_doc`s.
pub(crate) fn dependent_changes(
    before: Option<&Dependent>,
    after: Option<&Dependent>,
    limit: usize,
) -> Changes {
    let mut leaves = Leaves::new(limit);
    let (b, a) = (before, after);
    leaves.person(
        b.and_then(|d| d.person.as_ref()),
        a.and_then(|d| d.person.as_ref()),
    );
    leaves.part(
        "relationship",
        b.map(|d| &d.relationship),
        a.map(|d| &d.relationship),
    );
    leaves.part(
        "group_individual_id",
        b.map(|d| &d.group_individual_id),
        a.map(|d| &d.group_individual_id),
    );
    leaves.changes()
}

/// The changes of the group of one text of two persons (`TextField::group`)
/// as `employee_changes` and `dependent_changes` list them among the
/// others: a name's change, or every change of an address. Only for
/// persons that do not `flatten_whole`.
pub(crate) fn group_changes(before: &Person, after: &Person, field: TextField, limit: usize) -> Changes {
    let mut leaves = Leaves::new(limit);
    let (b, a) = (before, after);
    match field {
        TextField::Address(false, _) => {
            leaves.address("home_address", b.home_address.as_ref(), a.home_address.as_ref())
        }
        TextField::Address(true, _) => leaves.address(
            "mailing_address",
            b.mailing_address.as_ref(),
            a.mailing_address.as_ref(),
        ),
        name => leaves.field("person", name.key(), name.name_of(before), name.name_of(after)),
    }
    leaves.changes()
}

/// Whether the diff flattens `p` as one part (`odd_extra`): then a change
/// of one of its fields may share its key's group with unknown fields.
pub(crate) fn flattens_whole(p: &Person) -> bool {
    odd_extra(&p.extra, Person::FIELDS)
}

/// Whether unknown fields could collide with other leaves once flattened (a
/// dotted key, or a typed field's name): then only the whole object, flattened
/// as one, gives the same leaves as the document would.
fn odd_extra(extra: &Extra, fields: &[&str]) -> bool {
    extra
        .keys()
        .any(|k| k.contains('.') || fields.contains(&k.as_str()))
}

/// Whether a dotted key from `name` down through `v`'s objects may hold
/// nine digits, as any key `scrub` masks does (every non-ASCII character
/// counted as one may be, and each `.` and `~`, which `segment` writes with
/// one): only such keys can show like another.
fn may_mask(name: &str, v: &Value) -> bool {
    fn digits(k: &str) -> usize {
        k.bytes()
            .filter(|b| b.is_ascii_digit() || matches!(b, b'.' | b'~') || *b >= 0xC0)
            .count()
    }
    fn under(n: usize, v: &Value) -> bool {
        n >= 9
            || match v {
                Value::Object(m) => m.iter().any(|(k, x)| under(n + digits(k), x)),
                _ => false,
            }
    }
    under(digits(name), v)
}

/// A dotted key of two flattened documents: its key as shown when that
/// differs from the key as written, and its leaf on each side.
struct Keyed {
    key: String,
    masked: Option<String>,
    before: Option<Value>,
    after: Option<Value>,
}

/// The leaves of two documents by key. Both maps are in key order: one
/// merge walk pairs each key's two leaves, without copying, sorting and
/// looking up the keys again.
fn by_key(before: BTreeMap<String, Leaf>, after: BTreeMap<String, Leaf>) -> Vec<Keyed> {
    let mut before = before.into_iter().peekable();
    let mut after = after.into_iter().peekable();
    let mut keys = Vec::new();
    loop {
        let side = match (before.peek(), after.peek()) {
            (Some((b, _)), Some((a, _))) => b.cmp(a),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => break,
        };
        // A key's shown form is the same on both sides (made from the same keys).
        let next = match side {
            std::cmp::Ordering::Less => before.next().map(|(k, x)| (k, x.shown, Some(x.value), None)),
            std::cmp::Ordering::Greater => after.next().map(|(k, y)| (k, y.shown, None, Some(y.value))),
            std::cmp::Ordering::Equal => before
                .next()
                .zip(after.next())
                .map(|((k, x), (_, y))| (k, x.shown, Some(x.value), Some(y.value))),
        };
        let Some((key, shown_as, before, after)) = next else {
            break;
        };
        // The key as shown: itself (not a copy) unless it holds an SSN —
        // each key along it masked alone (`Leaf`), then the whole.
        let masked = match shown_as {
            Some(each) => Some(scrub(&each).into_owned()),
            None => match scrub(&key) {
                Cow::Owned(masked) => Some(masked),
                Cow::Borrowed(_) => None,
            },
        };
        keys.push(Keyed {
            key,
            masked,
            before,
            after,
        });
    }
    keys
}

/// The flattened leaves (see `flatten`) of the parts of two documents that
/// differ. Only differing parts are serialized: equal parts have equal
/// leaves, which `changes` drops anyway, so the result is that of flattening
/// the whole documents, at a fraction of the cost. The exception: an
/// unknown field equal in both whose keys may mask (`extra`), which
/// `changes` shows when another key masks alike.
struct Leaves {
    before: BTreeMap<String, Leaf>,
    after: BTreeMap<String, Leaf>,
    keys: KeyBytes,
}

/// Compares and flattens the listed fields of two optional structs, under `prefix.`.
macro_rules! parts {
    ($leaves:expr, $prefix:expr, $b:expr, $a:expr, $($field:ident),+) => {
        $($leaves.field($prefix, stringify!($field), $b.map(|x| &x.$field), $a.map(|x| &x.$field));)+
    };
}

impl Leaves {
    fn new(limit: usize) -> Leaves {
        Leaves {
            before: BTreeMap::new(),
            after: BTreeMap::new(),
            keys: KeyBytes::new(limit),
        }
    }

    /// One part of the documents at dotted `key`; `None` where the document is absent.
    fn part<T: Serialize + PartialEq>(&mut self, key: &str, before: Option<&T>, after: Option<&T>) {
        self.field("", key, before, after);
    }

    /// The part at `prefix.name` (`name` without a prefix); its key is only
    /// built when the part differs.
    fn field<T>(&mut self, prefix: &str, name: &str, before: Option<&T>, after: Option<&T>)
    where
        T: Serialize + PartialEq,
    {
        if before == after {
            return;
        }
        self.flatten_part(prefix, name, before, after);
    }

    /// The leaves of the part at `prefix.name`, equal or not. Its key is
    /// charged once for each side holding it where some key under it may
    /// mask (`may_mask`): then a key equal to the other side's is not paired
    /// either when another masks alike (`changes`), and the charge must not
    /// say whether it was — past the limit the change set is refused.
    fn flatten_part<T: Serialize>(
        &mut self,
        prefix: &str,
        name: &str,
        before: Option<&T>,
        after: Option<&T>,
    ) {
        if self.keys.over() {
            return;
        }
        let value = |v: Option<&T>| serde_json::to_value(v).unwrap_or(Value::Null);
        let (before, after) = (value(before), value(after));
        let sides = match may_mask(name, &before) || may_mask(name, &after) {
            true => usize::from(!before.is_null()) + usize::from(!after.is_null()),
            false => 1,
        };
        // `prefix` is the engine's own (`person.home_address`); `name` may be an unknown field's.
        let shown = shown_key(prefix, None, name);
        let key = dotted(prefix, name);
        let len = key.len() + shown.as_ref().map_or(0, String::len);
        if !self.keys.take(len.saturating_mul(sides)) {
            return;
        }
        flatten_owned(
            key.clone(),
            shown.clone(),
            before,
            &mut self.before,
            &mut self.keys,
        );
        flatten_owned(key, shown, after, &mut self.after, &mut self.keys);
    }

    /// Unknown fields of an object at `prefix`, each its own part.
    fn extra(&mut self, prefix: &str, before: Option<&Extra>, after: Option<&Extra>) {
        if before == after {
            return;
        }
        let keys = before.into_iter().chain(after).flat_map(|m| m.keys());
        let mut keys: Vec<&String> = keys.collect();
        crate::sort::sort(&mut keys);
        keys.dedup();
        for k in keys {
            let (b, a) = (before.and_then(|m| m.get(k)), after.and_then(|m| m.get(k)));
            // A field alike in both whose keys may mask is compared too: a
            // key masking like another does not pair (`changes`), and
            // skipped, the one guess equal to a hidden SSN key would be the
            // one not shown (review 28c #1).
            if b != a || b.is_some_and(|v| may_mask(k, v)) {
                self.flatten_part(prefix, k, b, a);
            }
        }
    }

    /// `person`, field by field.
    fn person<'p>(&mut self, b: Option<&'p Person>, a: Option<&'p Person>) {
        if b == a {
            return;
        }
        if b.into_iter()
            .chain(a)
            .any(|p| odd_extra(&p.extra, Person::FIELDS))
        {
            return self.part("person", b, a);
        }
        parts!(
            self,
            "person",
            b,
            a,
            first_name,
            middle_name,
            last_name,
            maiden_name,
            suffix
        );
        parts!(
            self,
            "person",
            b,
            a,
            date_of_birth,
            sex,
            ssn,
            marital_status,
            contact,
            details
        );
        let home = |p: Option<&'p Person>| p.and_then(|p| p.home_address.as_ref());
        let mailing = |p: Option<&'p Person>| p.and_then(|p| p.mailing_address.as_ref());
        self.address("home_address", home(b), home(a));
        self.address("mailing_address", mailing(b), mailing(a));
        self.extra("person", b.map(|p| &p.extra), a.map(|p| &p.extra));
    }

    /// The person's address `name` (`home_address`), field by field under
    /// `person.name`. Whole when its unknown keys are odd, still as the
    /// field `name` of `person`: as the part `person.home_address` its own
    /// `.` was escaped (`person~1home_address.county`), which split the
    /// address into a change per field at paths that do not resolve, and
    /// which an edit's address group did not hold (review 29c).
    fn address(&mut self, name: &str, b: Option<&Address>, a: Option<&Address>) {
        if b == a {
            return;
        }
        if b.into_iter()
            .chain(a)
            .any(|x| odd_extra(&x.extra, Address::FIELDS))
        {
            return self.flatten_part("person", name, b, a);
        }
        let prefix = &dotted("person", name);
        parts!(self, prefix, b, a, street_one, street_two, city, county, state, zip_code);
        self.extra(prefix, b.map(|x| &x.extra), a.map(|x| &x.extra));
    }

    /// The changed leaves, in the order of what is shown of them (see
    /// `field_changes`).
    fn changes(self) -> Changes {
        if self.keys.over() {
            return Err(TooLarge);
        }
        let keys = by_key(self.before, self.after);
        // Keys of either document that show alike are not paired: of
        // thousands of guesses shown as `*****3876` beside a previous
        // document's hidden key, the one equal to it would be the one
        // changed (or, equal, not shown) rather than added — five calls
        // read the SSN (review 28c #1). Each side's leaf is its own change
        // instead, so a right and a wrong guess show alike.
        let alike = MaskedAlike::among_shown(keys.iter().filter_map(|k| k.masked.as_deref()));
        let mut changes: Vec<(FieldChange, String)> = Vec::new();
        let mut push = |key: String, masked: Option<String>, x: Value, y: Value| {
            let (before, after) = (shown(&key, x), shown(&key, y));
            let change = FieldChange {
                key: masked.unwrap_or(key),
                before,
                after,
            };
            // The id hashes what is shown, never a masked digit.
            let raw = super::field_raw(&change);
            changes.push((change, raw));
        };
        for Keyed {
            key,
            masked,
            before,
            after,
        } in keys
        {
            let apart = masked.as_deref().is_some_and(|m| alike.shows(m));
            match (before, after) {
                (Some(x), Some(y)) if apart => {
                    push(key.clone(), masked.clone(), x, Value::Null);
                    push(key, masked, Value::Null, y);
                }
                (x, y) if x != y => push(key, masked, x.unwrap_or(Value::Null), y.unwrap_or(Value::Null)),
                _ => {}
            }
        }
        // Ordered by the key as shown, then the values as shown — never by
        // the key as written: among keys holding an SSN (an unknown field's
        // key may), that order would tell how the masked digits compare with
        // a planted key's (and the ids, hashing the changes in order, would
        // confirm it). Keys without one show as written: their order is the same.
        crate::sort::sort_by(&mut changes, |a, b| {
            a.0.key.cmp(&b.0.key).then_with(|| a.1.cmp(&b.1))
        });
        Ok(changes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn employee(v: Value) -> Employee {
        serde_json::from_value(v).unwrap_or_default()
    }

    /// The typed comparison gives exactly the changes of the whole documents.
    #[test]
    fn typed_changes_equal_document_changes() {
        let base = json!({
            "id": "e1", "group_individual_id": "g1",
            "person": {
                "first_name": "Ann", "last_name": "Lee", "ssn": "123456789", "date_of_birth": "1980-01-02",
                "home_address": {"street_one": "1 Main", "city": "Portland", "state": "OR", "zip_code": "97201"},
                "contact": {"email": "a@b.c", "phones": [1, 2]},
                "219453876": "k"
            },
            "employment": {"employment_status": "full-time", "hours_worked": 40},
            "classifications": {"class": "A"}
        });
        let edits: Vec<(&str, Value)> = vec![
            ("/person/home_address/zip_code", json!("97209")),
            ("/person/home_address/county", json!("Multnomah")),
            ("/person/home_address", Value::Null),
            (
                "/person/mailing_address",
                json!({"street_one": "PO 1", "zip_code": "97201"}),
            ),
            ("/person/ssn", json!("987654321")),
            ("/person/first_name", json!("Anne")),
            ("/person/contact/email", json!("x@y.z")),
            ("/person/contact", json!(3)),
            ("/person/nickname", json!("Annie")),
            ("/person/home_address.zip_code", json!("00000")),
            ("/person/first_name.x", json!("odd")),
            ("/person/home_address/extra_line", json!({"a": 1})),
            ("/person/home_address/city.x", json!(1)),
            ("/person/home_address/zip.x", json!({"y": 1})),
            // Keys masking alike: neither pairs, equal or not (review 28c #1).
            ("/person/219003876", json!("k")),
            ("/person/q", json!({"219003876": "k", "x": {"219453876": 1}})),
            ("/person/219453876", json!({"5": "k"})),
            ("/person", Value::Null),
            ("/employment/hours_worked", json!(20)),
            ("/classifications", json!(["A"])),
            ("/group_individual_id", Value::Null),
        ];
        let cur = employee(base.clone());
        for (path, value) in edits {
            let mut v = base.clone();
            let (parent, leaf) = path.rsplit_once('/').unwrap_or_default();
            if let Some(Value::Object(m)) = v.pointer_mut(parent) {
                m.insert(leaf.to_owned(), value);
            }
            let prev = employee(v);
            // The base must read: unread, both were the default employee.
            assert!(prev.person.is_some() || path == "/person", "{path}");
            for (b, a) in [
                (Some(&prev), Some(&cur)),
                (Some(&cur), Some(&prev)),
                (None, Some(&cur)),
                (Some(&prev), None),
            ] {
                let want = field_changes(
                    b.map(employee_doc).as_ref(),
                    a.map(employee_doc).as_ref(),
                    usize::MAX,
                );
                assert_eq!(employee_changes(b, a, usize::MAX), want, "{path}");
            }
            let (dp, dc) = (
                Dependent {
                    person: prev.person.clone(),
                    ..Default::default()
                },
                Dependent {
                    person: cur.person.clone(),
                    ..Default::default()
                },
            );
            let want = field_changes(Some(&dependent_doc(&dp)), Some(&dependent_doc(&dc)), usize::MAX);
            assert_eq!(
                dependent_changes(Some(&dp), Some(&dc), usize::MAX),
                want,
                "{path}"
            );
        }
    }

    /// Whether a change set fits its key budget tells nothing of which
    /// guess equals the other side's hidden key: a key is charged once for
    /// each side holding it, paired or not (review 28c #1).
    #[test]
    fn the_key_budget_does_not_tell_a_hidden_key() {
        let with = |keys: &[(&str, &str)]| {
            let mut person: serde_json::Map<String, Value> =
                keys.iter().map(|(k, v)| ((*k).to_owned(), json!(v))).collect();
            person.insert("first_name".into(), json!("Ann"));
            employee(json!({ "person": person }))
        };
        for value in ["a", "b"] {
            let cur = with(&[("000773876", value), ("000783876", "c")]);
            let (hit, miss) = (with(&[("000773876", "a")]), with(&[("999993876", "a")]));
            let all = employee_changes(Some(&hit), Some(&cur), usize::MAX);
            assert_eq!(all.as_ref().map(Vec::len), Ok(3));
            for limit in 0..200 {
                assert_eq!(
                    employee_changes(Some(&hit), Some(&cur), limit),
                    employee_changes(Some(&miss), Some(&cur), limit),
                    "{value} {limit}"
                );
            }
        }
    }

    /// Long identities (review 29b F1): one unchanged pairs and keeps its
    /// key; one unpaired that scrubs like a previous one is keyed apart by
    /// its position, whether or not it is written equal; keys are the same
    /// call after call.
    #[test]
    fn long_identities_are_keyed_apart_by_side_and_position() {
        let long = |ssn: &str| format!("urn:{}/ssn/{ssn}", "x".repeat(130));
        let snapshot = |ids: &[(&str, &str)]| -> Snapshot {
            let deps: Vec<Value> = ids
                .iter()
                .map(|(id, c)| json!({"id": id, "custom_individual_id": c}))
                .collect();
            serde_json::from_value(json!({"employee": {"id": "e"}, "dependents": deps})).unwrap_or_default()
        };
        let (a, b) = (long("219453876"), long("318623876"));
        let prev = snapshot(&[("1", &a)]);
        let digest = |k: &str| format!("i:e/{}", identity_key(format!("c:{k}")));
        // Unchanged: paired, the previous key.
        let same = pair(Some(&prev), &snapshot(&[("2", &a)]));
        assert_eq!(same.cur_to_prev, [Some(0)]);
        assert_eq!(same.prev_keys, [digest(&a)]);
        assert_eq!(same.cur_keys, same.prev_keys);
        // Another person shown alike: apart by position, equal or not.
        let other = pair(Some(&prev), &snapshot(&[("2", &b), ("3", "c")]));
        assert_eq!(other.cur_to_prev, [None, None]);
        assert_eq!(
            other.cur_keys,
            [format!("{}#current0", digest(&a)), "i:e/c:c".into()]
        );
        let guesses = pair(Some(&prev), &snapshot(&[("2", &b), ("3", &a)]));
        let apart = |k: usize| format!("{}#current{k}", digest(&a));
        assert_eq!(guesses.cur_to_prev, [None, None]);
        assert_eq!(guesses.cur_keys, [apart(0), apart(1)]);
        // With no previous side, no suffix; the same keys each call.
        let alone = pair(None, &snapshot(&[("2", &b)]));
        assert_eq!(alone.cur_keys, [digest(&a)]);
        assert_eq!(pair(None, &snapshot(&[("2", &b)])).cur_keys, alone.cur_keys);
    }

    /// `Person::FIELDS` and `Address::FIELDS` name every serialized field.
    #[test]
    fn field_lists_are_complete() {
        let keys = |v: Value| -> Vec<String> {
            v.as_object()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default()
        };
        let mut person = keys(serde_json::to_value(Person::default()).unwrap_or_default());
        let mut want: Vec<String> = Person::FIELDS.iter().map(|s| s.to_string()).collect();
        person.sort();
        want.sort();
        assert_eq!(person, want);
        let mut address = keys(serde_json::to_value(Address::default()).unwrap_or_default());
        let mut want: Vec<String> = Address::FIELDS.iter().map(|s| s.to_string()).collect();
        address.sort();
        want.sort();
        assert_eq!(address, want);
    }
}
