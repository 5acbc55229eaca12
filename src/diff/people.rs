//! Matching the people of two snapshots, their stable keys, and the
//! field-level differences of the employee and dependents.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::FieldChange;
use crate::model::{Dependent, Employee, MemberRef, Person, Snapshot};
use crate::validate::mask_ssn;

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
        match r {
            MemberRef::Employee => self.employee_key.clone(),
            MemberRef::Dependent(k) => {
                let keys = if side == Side::Current {
                    &self.cur_keys
                } else {
                    &self.prev_keys
                };
                keys.get(k).cloned().unwrap_or_default()
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

fn squash(s: Option<&String>) -> String {
    s.map(|s| {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    })
    .unwrap_or_default()
}

fn name_dob(p: Option<&Person>) -> Option<String> {
    let p = p?;
    let dob = p.date_of_birth?;
    Some(format!(
        "{}|{}|{dob}",
        squash(p.first_name.as_ref()),
        squash(p.last_name.as_ref())
    ))
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
        for (k, d) in cur.dependents.iter().enumerate() {
            let Some(want) = key(d) else { continue };
            if cur_to_prev.get(k).copied().flatten().is_some() {
                continue;
            }
            let found = prev_deps.iter().enumerate().find(|(p, pd)| {
                prev_to_cur.get(*p).copied().flatten().is_none() && key(pd).as_ref() == Some(&want)
            });
            if let Some((p, _)) = found {
                if let (Some(c), Some(q)) = (cur_to_prev.get_mut(k), prev_to_cur.get_mut(p)) {
                    *c = Some(p);
                    *q = Some(k);
                }
            }
        }
    }
    let employee_key = match prev {
        Some(p) => employee_identity(p.employee.as_ref()),
        None => employee_identity(cur.employee.as_ref()),
    };
    let prev_keys: Vec<String> = prev_deps
        .iter()
        .map(|d| format!("{employee_key}/{}", dependent_identity(d)))
        .collect();
    let cur_keys = cur
        .dependents
        .iter()
        .enumerate()
        .map(|(k, d)| {
            match cur_to_prev
                .get(k)
                .copied()
                .flatten()
                .and_then(|p| prev_keys.get(p))
            {
                Some(key) => key.clone(),
                None => format!("{employee_key}/{}", dependent_identity(d)),
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

/// Leaves of a document by dotted key; nulls are absent, arrays are leaves.
pub(crate) fn flatten(prefix: &str, v: &Value, out: &mut BTreeMap<String, Value>) {
    match v {
        Value::Null => {}
        Value::Object(m) => {
            for (k, x) in m {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, x, out);
            }
        }
        other => {
            out.insert(prefix.to_owned(), other.clone());
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

/// Field changes between two documents, by dotted key in key order, each with
/// its unmasked text for stable ids. SSNs are masked in the output: the
/// engine never hands out a full SSN.
pub(crate) fn field_changes(before: Option<&Value>, after: Option<&Value>) -> Vec<(FieldChange, String)> {
    let (mut b, mut a) = (BTreeMap::new(), BTreeMap::new());
    if let Some(v) = before {
        flatten("", v, &mut b);
    }
    if let Some(v) = after {
        flatten("", v, &mut a);
    }
    let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let (x, y) = (
                b.get(k).cloned().unwrap_or(Value::Null),
                a.get(k).cloned().unwrap_or(Value::Null),
            );
            if x == y {
                return None;
            }
            let raw = format!("{k}\u{1}{x}\u{1}{y}");
            let mask = |v: Value| match (k.ends_with(".ssn") || k == "ssn", v) {
                (true, Value::String(s)) => Value::String(mask_ssn(&s)),
                (_, v) => v,
            };
            Some((
                FieldChange {
                    key: k.clone(),
                    before: mask(x),
                    after: mask(y),
                },
                raw,
            ))
        })
        .collect()
}
