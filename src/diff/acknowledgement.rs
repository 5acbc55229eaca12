//! The acknowledgement of a snapshot (source S4): a reference number for
//! each person and each coverage item, stable across snapshots because they
//! come from the keys the diff pairs people and enrollments by.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::enrollments::Item;
use super::ids::{stable_id, stable_id_citing, Part};
use super::people::{pair, Pairing, Side};
use super::{distinct_ids, items};
use crate::diagnostic::pointer::pointer;
use crate::model::*;
use crate::privacy::scrub;

/// Reference numbers a partner can match later status updates with (source S4):
/// stable for the same person and the same coverage item across snapshots.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Acknowledgement {
    pub individuals: Vec<PersonReference>,
    pub coverages: Vec<CoverageReference>,
}

/// Where an acknowledged person or coverage item stands (kept current by
/// `fulfillment::acknowledge` from its carrier's fulfillment status).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum ItemState {
    /// Received and processed: on its way to (or at) a Sync carrier, sent in
    /// a Send carrier's file, or nothing to change at its carrier.
    #[default]
    Accepted,
    /// Overridden by a newer snapshot before it was sent.
    Replaced,
    /// The snapshot was canceled before it was sent.
    Canceled,
    /// Queued for a Send carrier's next file.
    Pending,
    /// Its carrier is blocked: `issue_codes` says by what.
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PersonReference {
    pub reference: String,
    pub individual_type: IndividualType,
    pub name: String,
    pub path: String,
    /// Processing state (`fulfillment::acknowledge`).
    #[serde(default)]
    pub state: ItemState,
    /// The blocking issue codes when `rejected`.
    #[serde(default)]
    pub issue_codes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CoverageReference {
    pub reference: String,
    pub individual_reference: String,
    pub carrier_id: String,
    pub line_of_coverage: LineOfCoverage,
    pub path: String,
    /// Processing state (`fulfillment::acknowledge`).
    #[serde(default)]
    pub state: ItemState,
    /// The blocking issue codes when `rejected`.
    #[serde(default)]
    pub issue_codes: Vec<String>,
}

/// The acknowledgement of the current snapshot: a reference for each person
/// and each coverage item (waives included), stable across snapshots because
/// they come from the same keys the diff matches people and enrollments by.
pub fn acknowledgement(prev: Option<&Snapshot>, cur: &Snapshot) -> Acknowledgement {
    let pairing = pair(prev, cur);
    let cur_items = items(cur, &pairing, Side::Current);
    acknowledge(cur, &pairing, &cur_items, &References::of(&pairing))
}

/// An upper bound on the bytes of the acknowledgement of `cur` (its JSON,
/// items' `issue_codes` left out): a person's entry is ~120 bytes besides
/// its name and path, a coverage item's ~180 besides its carrier id and
/// path, and every enrolled member may be an item (waives included). A
/// nameless `{}` dependent is 3 bytes of input and ~150 of acknowledgement:
/// `preview` weighs this against the result budget before building it
/// (docs/api.md, Limits).
pub fn acknowledgement_weight(cur: &Snapshot) -> usize {
    const PERSON: usize = 120;
    const ITEM: usize = 180;
    // A name is quoted to 64 characters (at most 6 bytes each in JSON, a
    // control character's `\u0001`, then `…`); a nameless one is
    // `dependents[k]`.
    let name = |p: Option<&crate::model::Person>| {
        let part = |s: &Option<String>| s.as_ref().map_or(0, String::len);
        p.map_or(0, |p| 1 + part(&p.first_name) + part(&p.last_name))
            .clamp(24, 400)
    };
    let path = |n: usize| 24 + decimal_digits(n);
    let employee = cur
        .employee
        .as_ref()
        .map_or(0, |e| PERSON + name(e.person.as_ref()) + path(0));
    let dependents = cur
        .dependents
        .iter()
        .enumerate()
        .map(|(k, d)| PERSON + name(d.person.as_ref()) + path(k));
    // Items are a coverage's members where it has a carrier and a line
    // (`enrollments::items`); a member's path adds `/enrolled_members/j`.
    let items = cur
        .coverages
        .iter()
        .enumerate()
        .map(|(i, c)| match (&c.carrier_id, c.line_of_coverage) {
            (Some(carrier), Some(_)) => {
                let each = ITEM + carrier.len() + path(i) + 24 + decimal_digits(c.enrolled_members.len());
                c.enrolled_members.len().saturating_mul(each)
            }
            _ => 0,
        });
    dependents.chain(items).fold(employee, usize::saturating_add)
}

fn decimal_digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// The acknowledgement from the current snapshot's pairing, items and the
/// reference numbers of its people.
pub(super) fn acknowledge(
    cur: &Snapshot,
    pairing: &Pairing,
    cur_items: &[Item],
    references: &References,
) -> Acknowledgement {
    let mut individuals = Vec::with_capacity(cur.dependents.len() + 1);
    if cur.employee.is_some() {
        individuals.push(PersonReference {
            reference: references.get(&pairing.employee_key),
            individual_type: IndividualType::Employee,
            name: cur.display_name(MemberRef::Employee, crate::privacy::scrub),
            path: "/employee".into(),
            state: ItemState::default(),
            issue_codes: Vec::new(),
        });
    }
    for k in 0..cur.dependents.len() {
        let key = pairing.key(Side::Current, MemberRef::Dependent(k));
        individuals.push(PersonReference {
            reference: references.get(&key),
            individual_type: IndividualType::Dependent,
            name: cur.display_name(MemberRef::Dependent(k), crate::privacy::scrub),
            path: pointer!["dependents", k],
            state: ItemState::default(),
            issue_codes: Vec::new(),
        });
    }
    let mut coverages: Vec<CoverageReference> = cur_items
        .iter()
        .map(|item| {
            let individual_reference = references.get(&item.person_key);
            // The person by reference, then `|carrier|line|ordinal` of the item's key.
            let rest = item
                .key
                .strip_prefix(item.person_key.as_str())
                .unwrap_or(&item.key);
            CoverageReference {
                reference: stable_id_citing("C-", &[Part::Id(&individual_reference), Part::Text(rest)]),
                individual_reference,
                carrier_id: item.carrier.to_owned(),
                line_of_coverage: item.line,
                path: item.path(),
                state: ItemState::default(),
                issue_codes: Vec::new(),
            }
        })
        .collect();
    distinct_ids("C-", coverages.iter_mut().map(|c| &mut c.reference));
    Acknowledgement {
        individuals,
        coverages,
    }
}

/// The reference numbers of the people of a pairing, by person key.
///
/// A reference hashes the person key as shown (`stable_id` scrubs it), so
/// two people whose keys differ only in masked digits (custom ids that are
/// SSNs, say) would share one: the second and later of them, in the order
/// employee, current dependents, previous dependents, hash their ordinal too.
/// That order, not the masked digits, tells them apart.
pub(crate) struct References(BTreeMap<String, String>);

impl References {
    pub(crate) fn of(pairing: &Pairing) -> References {
        let keys = std::iter::once(&pairing.employee_key)
            .chain(&pairing.cur_keys)
            .chain(&pairing.prev_keys);
        let mut by_key = BTreeMap::new();
        let mut shown: BTreeMap<String, usize> = BTreeMap::new();
        for key in keys {
            if by_key.contains_key(key) {
                continue;
            }
            let n = shown.entry(scrub(key).into_owned()).or_insert(0);
            let reference = match *n {
                0 => reference(key),
                n => stable_id("P-", &[key, &n.to_string()]),
            };
            *n += 1;
            by_key.insert(key.clone(), reference);
        }
        References(by_key)
    }

    /// The reference number of a person key (of the pairing, or any other).
    pub(crate) fn get(&self, person_key: &str) -> String {
        self.0
            .get(person_key)
            .cloned()
            .unwrap_or_else(|| reference(person_key))
    }
}

/// The stable reference number of a person key.
fn reference(person_key: &str) -> String {
    stable_id("P-", &[person_key])
}
