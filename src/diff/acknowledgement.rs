//! The acknowledgement of a snapshot (source S4): a reference number for
//! each person and each coverage item, stable across snapshots because they
//! come from the keys the diff pairs people and enrollments by.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::enrollments::{Item, MatchKey};
use super::ids::{stable_id, stable_id_citing, Part};
use super::people::{pair, Pairing, Side};
use super::{both_items, distinct_ids};
use crate::config::Config;
use crate::diagnostic::pointer::pointer;
use crate::model::*;
use crate::privacy::scrub;

/// Reference numbers a partner can match later status updates with (source S4):
/// stable for the same person and the same coverage item across snapshots.
/// The current snapshot's people and items come first, then those of the
/// previous snapshot the current one removed (`removed: true`).
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
    /// Pointer into the current snapshot, into the previous one when `removed`.
    pub path: String,
    /// A person of the previous snapshot the current one no longer lists
    /// (paired with no one): their removal is what the carriers receive.
    #[serde(default)]
    pub removed: bool,
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
    /// `null` for a coverage without one (nothing can route it: `rejected`).
    pub carrier_id: Option<String>,
    /// `null` for a coverage without one (nothing can route it: `rejected`).
    pub line_of_coverage: Option<LineOfCoverage>,
    /// Pointer into the current snapshot, into the previous one when `removed`.
    pub path: String,
    /// An enrollment of the previous snapshot the current one no longer
    /// lists (omitted: terminated, refused or continued per
    /// `omitted_coverage_handling`).
    #[serde(default)]
    pub removed: bool,
    /// Processing state (`fulfillment::acknowledge`).
    #[serde(default)]
    pub state: ItemState,
    /// The blocking issue codes when `rejected`.
    #[serde(default)]
    pub issue_codes: Vec<String>,
}

/// The acknowledgement of the current snapshot: a reference for each person
/// and each coverage item (waives included), stable across snapshots because
/// they come from the same keys the diff matches people and enrollments by;
/// then the people and items of `prev` it removed. `plans` pairs a person's
/// rows of one carrier and line as the diff does (`enrollments::pair_rows`).
pub fn acknowledgement(prev: Option<&Snapshot>, cur: &Snapshot, plans: Option<&Config>) -> Acknowledgement {
    let pairing = pair(prev, cur);
    let (cur_items, prev_items) = both_items(prev, cur, &pairing, plans);
    let references = References::of(&pairing);
    acknowledge(prev, cur, &pairing, (&cur_items, &prev_items), &references)
}

/// An upper bound on the bytes of the acknowledgement of `cur` against
/// `prev` (its JSON, items' `issue_codes` left out): a person's entry is
/// ~140 bytes besides its name and path, a coverage item's ~200 besides its
/// carrier id and path, and every enrolled member may be an item (waives
/// and members of coverages without a carrier included); what `prev` lists
/// may be removed, so it is weighed too. A nameless `{}` dependent is 3
/// bytes of input and ~150 of acknowledgement: `preview` weighs this
/// against the result budget before building it (docs/api.md, Limits).
pub fn acknowledgement_weight(prev: Option<&Snapshot>, cur: &Snapshot) -> usize {
    prev.map_or(0, weight_of).saturating_add(weight_of(cur))
}

/// `acknowledgement_weight` of one snapshot's people and items.
fn weight_of(cur: &Snapshot) -> usize {
    const PERSON: usize = 140;
    const ITEM: usize = 200;
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
    // Every member may be an item (`acknowledge`); a member's path adds
    // `/enrolled_members/j`.
    let items = cur.coverages.iter().enumerate().map(|(i, c)| {
        let carrier = c.carrier_id.as_ref().map_or(0, String::len);
        let each = ITEM + carrier + path(i) + 24 + decimal_digits(c.enrolled_members.len());
        c.enrolled_members.len().saturating_mul(each)
    });
    dependents.chain(items).fold(employee, usize::saturating_add)
}

fn decimal_digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// The acknowledgement from the pairing, both snapshots' items (the
/// previous ones keyed as the diff pairs them) and the people's reference
/// numbers: the current snapshot's people and items, its coverages' members
/// no carrier and line can route, then what it removed of `prev`.
pub(super) fn acknowledge(
    prev: Option<&Snapshot>,
    cur: &Snapshot,
    pairing: &Pairing,
    (cur_items, prev_items): (&[Item], &[Item]),
    references: &References,
) -> Acknowledgement {
    let person = |s: &Snapshot, side: Side, who: MemberRef| {
        let (individual_type, path) = match who {
            MemberRef::Employee => (IndividualType::Employee, "/employee".to_owned()),
            MemberRef::Dependent(k) => (IndividualType::Dependent, pointer!["dependents", k]),
        };
        PersonReference {
            reference: references.get(pairing.key_of(side, who)),
            individual_type,
            name: s.display_name(who, scrub),
            path,
            removed: side == Side::Previous,
            state: ItemState::default(),
            issue_codes: Vec::new(),
        }
    };
    let mut individuals = Vec::with_capacity(cur.dependents.len() + 1);
    if cur.employee.is_some() {
        individuals.push(person(cur, Side::Current, MemberRef::Employee));
    }
    let dependents = (0..cur.dependents.len()).map(|k| person(cur, Side::Current, MemberRef::Dependent(k)));
    individuals.extend(dependents);
    if let Some(prev) = prev {
        if cur.employee.is_none() && prev.employee.is_some() {
            individuals.push(person(prev, Side::Previous, MemberRef::Employee));
        }
        let gone =
            (0..prev.dependents.len()).filter(|&p| pairing.prev_to_cur.get(p).is_some_and(Option::is_none));
        individuals.extend(gone.map(|p| person(prev, Side::Previous, MemberRef::Dependent(p))));
    }
    let mut coverages: Vec<CoverageReference> = cur_items
        .iter()
        .map(|x| item_reference(x, references, false))
        .collect();
    coverages.extend(unrouted(cur, pairing, references));
    // A previous row no current one pairs with (the diff's omitted ones), by
    // the key the diff gave it: a map of the current keys, not a search.
    let mut current: BTreeSet<MatchKey> = BTreeSet::new();
    current.extend(cur_items.iter().map(Item::match_key));
    let removed = prev_items.iter().filter(|x| !current.contains(&x.match_key()));
    coverages.extend(removed.map(|x| item_reference(x, references, true)));
    distinct_ids("C-", coverages.iter_mut().map(|c| &mut c.reference));
    Acknowledgement {
        individuals,
        coverages,
    }
}

/// The acknowledgement item of an enrollment (of the previous snapshot when `removed`).
fn item_reference(item: &Item, references: &References, removed: bool) -> CoverageReference {
    let individual_reference = references.get(&item.person_key);
    // The person by reference, then `|carrier|line|ordinal` of the item's key.
    let rest = item
        .key
        .strip_prefix(item.person_key.as_str())
        .unwrap_or(&item.key);
    CoverageReference {
        reference: stable_id_citing("C-", &[Part::Id(&individual_reference), Part::Text(rest)]),
        individual_reference,
        carrier_id: Some(item.carrier.to_owned()),
        line_of_coverage: Some(item.line),
        path: item.path(),
        removed,
        state: ItemState::default(),
        issue_codes: Vec::new(),
    }
}

/// The items of the current coverages without a carrier or a line (the
/// enrollments `items` leaves out: nothing routes them), each member found.
/// Their reference hashes the person's, the carrier and line as written and
/// the item's path (they have no rank to keep). `fulfillment::acknowledge`
/// rejects them with the blocking issues at the coverage.
fn unrouted(cur: &Snapshot, pairing: &Pairing, references: &References) -> Vec<CoverageReference> {
    let people = cur.resolver();
    let mut out = Vec::new();
    for (i, c) in cur.coverages.iter().enumerate() {
        if c.carrier_id.is_some() && c.line_of_coverage.is_some() {
            continue;
        }
        let carrier = c.carrier_id.as_deref().unwrap_or_default();
        let line = c.line_of_coverage.map(|l| l.as_str()).unwrap_or_default();
        for (j, m) in c.enrolled_members.iter().enumerate() {
            let Resolution::Found(who) = people.resolve(m) else {
                continue;
            };
            let individual_reference = references.get(pairing.key_of(Side::Current, who));
            let path = pointer!["coverages", i, "enrolled_members", j];
            let parts = [
                Part::Id(&individual_reference),
                Part::Text(carrier),
                Part::Text(line),
                Part::Text(&path),
            ];
            out.push(CoverageReference {
                reference: stable_id_citing("C-", &parts),
                individual_reference,
                carrier_id: c.carrier_id.clone(),
                line_of_coverage: c.line_of_coverage,
                path,
                removed: false,
                state: ItemState::Rejected,
                issue_codes: Vec::new(),
            });
        }
    }
    out
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
