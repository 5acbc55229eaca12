//! The difference between a previous snapshot and the current one: what
//! changed, which carrier must receive each change, and the changes grouped
//! into one typed member transaction per carrier (sources S1, S2).
//!
//! Routing (source D): an enrollment change goes to its coverage's carrier; a
//! dependent's change to every carrier where that dependent is or was enrolled
//! (not merely waived); the employee's to every carrier of the family (of
//! either snapshot). A change routed to three carriers is three differences.
//! A preview blocks each of them that receives a difference of the person
//! on an error in the person's data (`person_routes`,
//! `validate::scope::Routes`, `validate::scope::narrow_routed`).

mod acknowledgement;
pub(crate) mod enrollments;
pub mod ids;
pub(crate) mod memo;
pub(crate) mod people;
mod transactions;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use acknowledgement::acknowledge;
pub(crate) use acknowledgement::References;
pub use acknowledgement::{
    acknowledgement, acknowledgement_weight, Acknowledgement, CoverageReference, ItemState, PersonReference,
};
pub use transactions::{MemberTransaction, TransactionType};

use crate::config::Config;
use crate::diagnostic::catalogue::{self as c, Rule};
use crate::diagnostic::limits::MAX_DIFFERENCE_BYTES;
use crate::diagnostic::pointer::pointer;
use crate::diagnostic::pointer::push_token;
use crate::diagnostic::Issue;
use crate::model::*;
use crate::read::input::thousands;
use enrollments::{items, modified_effective_date, pair_rows, termination_end, EventDates, Item, MatchKey};
use ids::{stable_id_citing, Part};
use people::{dependent_changes, employee_changes, field_changes, group_of, pair, Pairing, Side};

/// What kind of record changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum ObjectType {
    Employee,
    Dependent,
    IndividualEnrollment,
}

/// How it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Change {
    Added,
    Removed,
    Modified,
}

impl ObjectType {
    /// How ids hash it: its JSON text, quotes included (as `json!(x).to_string()` gave).
    fn id_part(self) -> &'static str {
        match self {
            ObjectType::Employee => "\"employee\"",
            ObjectType::Dependent => "\"dependent\"",
            ObjectType::IndividualEnrollment => "\"individual_enrollment\"",
        }
    }
}

impl Change {
    /// How ids hash it: its JSON text, quotes included.
    fn id_part(self) -> &'static str {
        match self {
            Change::Added => "\"added\"",
            Change::Removed => "\"removed\"",
            Change::Modified => "\"modified\"",
        }
    }
}

/// One field of a change; absent values are `null`, SSNs masked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FieldChange {
    /// Dotted key, e.g. `person.home_address.zip_code`.
    pub key: String,
    pub before: Value,
    pub after: Value,
}

/// Whom a difference is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Individual {
    pub individual_type: IndividualType,
    /// Stable reference number of the person (see `Acknowledgement`).
    pub reference: String,
    pub name: String,
}

/// One change for one carrier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Difference {
    /// Stable hash of what changed: the same change in two snapshots has the same id.
    pub id: String,
    pub carrier_id: String,
    pub object_type: ObjectType,
    pub change: Change,
    pub individual: Individual,
    pub line_of_coverage: Option<LineOfCoverage>,
    // Shared by the differences of one change to several carriers (a
    // person's change goes to every carrier they are enrolled at): copying
    // the fields, a key and two values each, per carrier was ~half of
    // building a person's differences (docs/performance.md).
    pub fields: Arc<[FieldChange]>,
    /// Pointer into the current snapshot (into the previous one for removals).
    pub path: String,
    pub effective_date: Option<Date>,
}

/// Options of `diff`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiffOptions {
    /// Today, for "is this omitted coverage still in force" and the
    /// `end_of_*_month` termination rules. Without it only open-ended
    /// coverages count as in force.
    pub today: Option<Date>,
}

/// What `diff` returns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DiffResult {
    pub differences: Vec<Difference>,
    pub transactions: Vec<MemberTransaction>,
    /// Problems only the comparison can see (omitted coverages), already
    /// scoped to their carrier.
    pub issues: Vec<Issue>,
    /// The reference number (`Individual::reference`) of each current
    /// dependent, as this diff's differences name them: a preview reads it
    /// to narrow a dependent's routed scoping (`validate::scope::narrow_routed`).
    /// Kept from the diff itself, since a keystroke's references are
    /// tokens only its own run can reproduce (a pairing of its own drifted
    /// after `details()`). Not part of the result.
    #[serde(skip)]
    #[cfg_attr(test, ts(skip))]
    pub(crate) dependent_references: Aside<Vec<String>>,
    /// Whom this diff paired with no one, for the same narrowing (review
    /// 29e F1). Not part of the result.
    #[serde(skip)]
    #[cfg_attr(test, ts(skip))]
    pub(crate) unpaired: Aside<Unpaired>,
}

/// The dependents a diff paired with no one: its differences see the
/// previous ones removed and the current ones new. A current one that could
/// not be paired (no ids, a birth date unread) may be any of the previous
/// ones, so a preview counts their removal as a difference of it
/// (`validate::scope::narrow_routed`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Unpaired {
    /// The current dependents paired with no previous one, ascending.
    pub current: Vec<usize>,
    /// The reference numbers (`Individual::reference`) of the previous
    /// dependents paired with no current one, as this diff's differences
    /// name them.
    pub previous: Vec<String>,
}

/// A value carried beside a result, not part of it: equal whatever it
/// holds, so results compare by what they show.
#[derive(Debug, Clone, Default)]
pub(crate) struct Aside<T>(pub(crate) T);

impl<T> PartialEq for Aside<T> {
    fn eq(&self, _: &Aside<T>) -> bool {
        true
    }
}

/// Carriers of the current snapshot's coverages in order, then the previous one's.
pub fn carriers_of(prev: Option<&Snapshot>, cur: &Snapshot) -> Vec<String> {
    let all = cur
        .carrier_ids()
        .chain(prev.into_iter().flat_map(Snapshot::carrier_ids));
    crate::model::distinct_in_order(all)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// Where each person's changes are routed (the module's comment): the
/// employee's to `carriers_of(prev, cur)`, and each current dependent's
/// (by index) to the carriers where they are or were enrolled, not merely
/// waived, in that order. A preview blocks those of them that receive a
/// difference of the person on an error in the person's data
/// (`validate::scope::Routes`, then `validate::scope::narrow_routed`).
///
/// Kept once per person key, as indexes into `employee`: dependents sharing
/// a key (a repeated `custom_individual_id`) share its list, so the routes
/// cost people plus carriers, not dependents × carriers (review 28f #1).
pub(crate) struct PersonRoutes {
    pub employee: Vec<String>,
    /// Each distinct person key's carriers, as indexes into `employee`, in order.
    pub routes: Vec<Vec<usize>>,
    /// `dependents[k]`: current dependent `k`'s entry in `routes`, if any.
    pub dependents: Vec<Option<usize>>,
    /// Where the previous dependents paired with no current one are or were
    /// enrolled (their removal goes there), as indexes into `employee`,
    /// ascending; each person key read once.
    pub removed: Vec<usize>,
    /// The current dependents paired with no previous one, ascending; none
    /// when `removed` is empty (review 29e F1: one that could not be paired
    /// may be any removed one).
    pub unpaired: Vec<usize>,
}

/// The [`PersonRoutes`] of a comparison, read as the diff's own routing
/// (`Builder::person_spec`) is: who pairs with whom, then where each is enrolled.
pub(crate) fn person_routes(prev: Option<&Snapshot>, cur: &Snapshot) -> PersonRoutes {
    let pairing = pair(prev, cur);
    let carriers = carriers_of(prev, cur);
    let cur_items = items(cur, &pairing, Side::Current);
    let prev_items = prev
        .map(|p| items(p, &pairing, Side::Previous))
        .unwrap_or_default();
    let at = enrolled_at(&carriers, &[&cur_items, &prev_items]);
    let mut routes: Vec<Vec<usize>> = Vec::new();
    let mut of_key: BTreeMap<&str, usize> = BTreeMap::new();
    let dependents = (0..cur.dependents.len())
        .map(|k| {
            let key = pairing.key_of(Side::Current, MemberRef::Dependent(k));
            if let Some(&r) = of_key.get(key) {
                return Some(r);
            }
            let enrolled = at.get(key)?;
            let r = routes.len();
            routes.push(enrolled.iter().copied().collect());
            of_key.insert(key, r);
            Some(r)
        })
        .collect();
    let (removed, unpaired) = unpaired_routes(&pairing, &at);
    PersonRoutes {
        employee: carriers,
        routes,
        dependents,
        removed,
        unpaired,
    }
}

/// `PersonRoutes::removed` and `PersonRoutes::unpaired` of a pairing, `at`
/// where each person key is or was enrolled.
fn unpaired_routes(pairing: &Pairing, at: &BTreeMap<String, BTreeSet<usize>>) -> (Vec<usize>, Vec<usize>) {
    let mut keys: BTreeSet<&str> = BTreeSet::new();
    let mut removed: BTreeSet<usize> = BTreeSet::new();
    for p in alone(&pairing.prev_to_cur) {
        // Dependents sharing a key share its carriers: read once.
        let key = pairing.key_of(Side::Previous, MemberRef::Dependent(p));
        if keys.insert(key) {
            removed.extend(at.get(key).into_iter().flatten().copied());
        }
    }
    if removed.is_empty() {
        return (Vec::new(), Vec::new());
    }
    (
        removed.into_iter().collect(),
        alone(&pairing.cur_to_prev).collect(),
    )
}

/// The positions of `partners` (a side of a `Pairing`) paired with no one.
fn alone(partners: &[Option<usize>]) -> impl Iterator<Item = usize> + '_ {
    let all = partners.iter().enumerate();
    all.filter_map(|(k, partner)| partner.is_none().then_some(k))
}

struct Builder<'a> {
    prev: Option<&'a Snapshot>,
    cur: &'a Snapshot,
    pairing: Pairing,
    carriers: Vec<String>,
    /// Carriers where each person (by key) is or was enrolled, as indexes
    /// into `carriers` (see `carriers_of_person`).
    enrolled_at: BTreeMap<String, BTreeSet<usize>>,
    cur_items: Vec<Item<'a>>,
    prev_items: Vec<Item<'a>>,
    /// The current snapshot's event dates by event id.
    events: EventDates<'a>,
    /// The configuration, for which plan a coverage means (`Item::same_plan`).
    plans: Option<&'a Config>,
    diffs: Vec<Difference>,
    issues: Vec<Issue>,
    /// Reference numbers of every person, by person key.
    references: References,
    budget: Budget,
    /// Whether the differences' ids are hashed now or left to `identify`.
    ids: Ids,
    /// Where each unit's differences end (`memo::DiffMemo` keeps them by unit).
    marks: Vec<Mark>,
    /// Whom each enrollment difference names: `Some` in the current
    /// snapshot, `None` (an omitted enrollment) in the previous one.
    enrollment_people: Vec<Option<MemberRef>>,
    /// Where `finish` took each difference from: the `k`th of the result
    /// was the `order[k]`th built (`memo` puts them back in that order).
    order: Vec<usize>,
}

/// How many differences were pushed, and spent, by the end of a unit.
#[derive(Debug, Clone, Copy)]
struct Mark {
    diffs: usize,
    count: usize,
    bytes: usize,
}

/// When a diff's difference and transaction ids are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ids {
    /// As the differences are built.
    Now,
    /// Never by the diff: they are left empty for `identify`. A keystroke's
    /// answer shows no id, and hashing them (with the scrub of every part)
    /// was a tenth of one; `prepared.details()` identifies them when asked.
    Later,
}

/// What the differences found so far would weigh (docs/api.md, Limits):
/// once over [`MAX_DIFFERENCE_BYTES`] none are built any more, only counted,
/// so the cost of a change set stays linear in its input whatever the
/// number of carriers each change goes to.
struct Budget {
    limit: usize,
    bytes: usize,
    count: usize,
}

impl Budget {
    fn new(limit: usize) -> Budget {
        Budget {
            limit: limit.min(MAX_DIFFERENCE_BYTES),
            bytes: 0,
            count: 0,
        }
    }
}

/// What a difference weighs besides its path, name and fields (ids, tags,
/// carrier, reference and punctuation), in bytes of JSON: an upper estimate.
const DIFFERENCE_OVERHEAD: usize = 320;

impl Budget {
    /// Counts `copies` differences of `bytes` each; whether they may be built.
    fn spend(&mut self, copies: usize, bytes: usize) -> bool {
        self.count = self.count.saturating_add(copies);
        let total = copies.saturating_mul(bytes.saturating_add(DIFFERENCE_OVERHEAD));
        self.bytes = self.bytes.saturating_add(total);
        !self.exceeded()
    }

    fn exceeded(&self) -> bool {
        self.bytes > self.limit
    }

    /// Bytes left before the limit.
    fn left(&self) -> usize {
        self.limit.saturating_sub(self.bytes)
    }

    /// The fatal issue standing for the differences not returned.
    fn issue(&self, carriers: &[String]) -> Issue {
        let mut issue = too_many_differences(self.count, self.limit);
        issue.carrier_ids = carriers.to_vec();
        issue
    }
}

/// `too_many_differences` for `count` differences over `limit` bytes (also
/// `track`'s, when comparing the fields would pass its limit).
pub(crate) fn too_many_differences(count: usize, limit: usize) -> Issue {
    let params = json!({ "limit": limit, "differences": count });
    let mut issue = crate::diagnostic::make_issue_at(c::TOO_MANY_DIFFERENCES, "", params);
    issue.message = format!(
        "The change set is too large: its {} differences would exceed {} bytes, the limit; none are returned.",
        thousands(count),
        thousands(limit)
    );
    issue
}

/// The weight of one difference's fields, path and label (see [`Budget`]).
fn weight(spec: &Spec, who: &Individual, changes: &[(FieldChange, String)]) -> usize {
    let fields = changes.iter().map(|(_, raw)| raw.len() + 32).sum::<usize>();
    fields + spec.path.len() + who.name.len()
}

/// What a difference owns of its person, fields and place.
#[derive(Clone)]
struct Made {
    who: Individual,
    fields: Arc<[FieldChange]>,
    path: String,
}

impl Made {
    /// The fields of `changes` (their raw texts apart, for the ids).
    fn of(who: Individual, path: String, changes: Vec<(FieldChange, String)>) -> (Made, Vec<String>) {
        let (fields, raws): (Vec<FieldChange>, Vec<String>) = changes.into_iter().unzip();
        let fields = Arc::from(fields);
        (Made { who, fields, path }, raws)
    }
}

/// What one difference needs besides its fields.
struct Spec<'s> {
    object_type: ObjectType,
    change: Change,
    who: MemberRef,
    side: Side,
    person_key: &'s str,
    line: Option<LineOfCoverage>,
    path: String,
    effective_date: Option<Date>,
}

impl Builder<'_> {
    fn reference(&self, person_key: &str) -> String {
        self.references.get(person_key)
    }

    fn name(&self, side: Side, who: MemberRef) -> String {
        let s = if side == Side::Current {
            Some(self.cur)
        } else {
            self.prev
        };
        s.map(|s| s.display_name(who, crate::privacy::scrub))
            .unwrap_or_default()
    }

    /// Carriers where the person is or was enrolled (waives do not count), in `carriers` order.
    fn carriers_of_person(&self, person_key: &str) -> Vec<usize> {
        let at = self.enrolled_at.get(person_key).into_iter().flatten();
        at.copied().filter(|&c| c < self.carriers.len()).collect()
    }

    /// Whom a spec's differences are about.
    fn individual(&self, spec: &Spec) -> Individual {
        self.individual_named(spec, self.name(spec.side, spec.who))
    }

    /// `individual`, with the name they show.
    fn individual_named(&self, spec: &Spec, name: String) -> Individual {
        let individual_type = match spec.who {
            MemberRef::Employee => IndividualType::Employee,
            MemberRef::Dependent(_) => IndividualType::Dependent,
        };
        Individual {
            individual_type,
            reference: self.reference(spec.person_key),
            name,
        }
    }

    /// One difference, `made` of its person, fields and path; `raws` are
    /// the fields as its id hashes them.
    fn push(&mut self, carrier: &str, spec: &Spec, made: Made, raws: &[String], group: &str) -> bool {
        let carrier_id = carrier.to_owned();
        let raws: Vec<Part> = raws.iter().map(|r| Part::Text(r)).collect();
        self.push_to(carrier_id, spec, made, &raws, group)
    }

    /// `push` with the carrier's id already owned, and the raw texts as
    /// parts of its id.
    fn push_to(&mut self, carrier_id: String, spec: &Spec, made: Made, raws: &[Part], group: &str) -> bool {
        if self.budget.exceeded() {
            return false;
        }
        let mut d = Difference {
            id: String::new(),
            carrier_id,
            object_type: spec.object_type,
            change: spec.change,
            individual: made.who,
            line_of_coverage: spec.line,
            fields: made.fields,
            path: made.path,
            effective_date: spec.effective_date,
        };
        if self.ids == Ids::Now {
            d.id = difference_id(&d, group, raws);
        }
        self.diffs.push(d);
        true
    }

    /// `push` to each of `carriers`: the last takes `made`, the others a copy
    /// (a difference owns its fields; most changes go to one to three carriers).
    /// Carriers are positions in `self.carriers` (a person's changes go to
    /// every carrier they are enrolled at: no list of their ids is copied).
    fn push_each(&mut self, carriers: &[usize], spec: &Spec, made: Made, raws: &[String], group: &str) {
        let Some((last, rest)) = carriers.split_last() else {
            return;
        };
        let id = |b: &Self, c: usize| b.carriers.get(c).cloned().unwrap_or_default();
        // The raw texts as the ids hash them, scrubbed once for every
        // carrier, not once for each (a 4 MiB value to three carriers was
        // scrubbed three times over). None when no id is made here.
        let shown: Vec<Cow<str>> = match self.ids {
            Ids::Now if !self.budget.exceeded() => raws.iter().map(|r| crate::privacy::scrub(r)).collect(),
            _ => Vec::new(),
        };
        let raws: Vec<Part> = shown.iter().map(|r| Part::Shown(r)).collect();
        for &carrier in rest {
            self.push_to(id(self, carrier), spec, made.clone(), &raws, group);
        }
        self.push_to(id(self, *last), spec, made, &raws, group);
    }

    /// A comparison whose field keys alone pass what is left of the budget
    /// (`people::KeyBytes`): the change set is too large, as a difference
    /// over it would make it.
    fn overflow(&mut self) {
        self.budget.count = self.budget.count.saturating_add(1);
        self.budget.bytes = self.budget.limit.saturating_add(1);
        self.diffs = Vec::new();
    }

    /// Counts one difference against the budget; drops those built once over it.
    fn spend_one(&mut self, spec: &Spec, who: &Individual, changes: &[(FieldChange, String)]) {
        if !self.budget.spend(1, weight(spec, who, changes)) {
            self.diffs = Vec::new();
        }
    }

    /// A person's differences: one for an addition or removal, one per field
    /// group for a modification, each to every carrier it is routed to.
    fn person(&mut self, spec: Spec, changes: people::Changes, carriers: Vec<usize>) {
        let Ok(changes) = changes else {
            return self.overflow();
        };
        if changes.is_empty() {
            return;
        }
        let who = self.individual(&spec);
        // Groups in order of their first change. A person has a few: a
        // group's place is found by comparing with each; past `SCAN` of
        // them (unknown fields are groups of their own), `at` finds it.
        const SCAN: usize = 16;
        let mut groups: Vec<(String, Vec<(FieldChange, String)>)> = Vec::new();
        let mut at: BTreeMap<String, usize> = BTreeMap::new();
        for ch in changes {
            let g = if spec.change == Change::Modified {
                group_of(&ch.0.key)
            } else {
                ""
            };
            let found = if groups.len() <= SCAN {
                groups.iter().position(|(name, _)| name == g)
            } else {
                if at.is_empty() {
                    at.extend(groups.iter().enumerate().map(|(k, (name, _))| (name.clone(), k)));
                }
                at.get(g).copied()
            };
            match found.and_then(|k| groups.get_mut(k)) {
                Some((_, v)) => v.push(ch),
                None => {
                    if !at.is_empty() {
                        at.insert(g.to_owned(), groups.len());
                    }
                    groups.push((g.to_owned(), vec![ch]));
                }
            }
        }
        for (group, changes) in groups {
            // Room for the group's tokens up front: no regrowth as they are pushed.
            let mut path = String::with_capacity(spec.path.len() + 2 * group.len() + 1);
            path.push_str(&spec.path);
            if !group.is_empty() {
                // Each dotted part a token, escaped: a group may end in an
                // unknown field's key, which may hold `/` or `~`.
                for part in group.split('.') {
                    push_token(&mut path, &people::unsegment(part));
                }
            }
            let mut spec = Spec { path, ..spec };
            // Weighed once for all its carriers: a group to thousands of
            // carriers past the budget costs nothing more.
            if !self.budget.spend(carriers.len(), weight(&spec, &who, &changes)) {
                self.diffs = Vec::new();
                continue;
            }
            // The path is the difference's own from here (`push_to` reads the rest of `spec`).
            let (made, raws) = Made::of(who.clone(), std::mem::take(&mut spec.path), changes);
            self.push_each(&carriers, &spec, made, &raws, &group);
        }
    }

    /// The date a person's change takes effect: its own event's date (when
    /// new and no open enrollment: `EventDates::of_event`), else
    /// the demographic events' (`EventDates::demographic`), else unknown (on completion).
    fn person_date(&self, event_id: Option<&String>) -> Option<Date> {
        let events = &self.events;
        events.of_event(event_id).or_else(|| events.demographic())
    }

    /// What current person `who`'s differences need besides their fields
    /// (`key` their person key), and the carriers they go to: the
    /// employee's go to every carrier, a dependent's to those they are or
    /// were enrolled at. `None` when there is no such person.
    fn person_spec<'k>(&self, who: MemberRef, key: &'k str) -> Option<(Spec<'k>, Vec<usize>)> {
        let (paired, event_id, object_type, path, carriers) = match who {
            MemberRef::Employee => (
                self.prev.and_then(|p| p.employee.as_ref()).is_some(),
                self.cur.employee.as_ref()?.event_id.as_ref(),
                ObjectType::Employee,
                "/employee".to_owned(),
                (0..self.carriers.len()).collect(),
            ),
            MemberRef::Dependent(k) => (
                self.pairing.cur_to_prev.get(k).copied().flatten().is_some(),
                self.cur.dependents.get(k)?.event_id.as_ref(),
                ObjectType::Dependent,
                pointer!["dependents", k],
                self.carriers_of_person(key),
            ),
        };
        let spec = Spec {
            object_type,
            change: if paired { Change::Modified } else { Change::Added },
            who,
            side: Side::Current,
            person_key: key,
            line: None,
            path,
            effective_date: self.person_date(event_id),
        };
        Some((spec, carriers))
    }

    /// The key of current person `who`.
    fn current_key(&self, who: MemberRef) -> String {
        match who {
            MemberRef::Employee => self.pairing.employee_key.clone(),
            MemberRef::Dependent(_) => self.pairing.key(Side::Current, who),
        }
    }

    fn employee(&mut self) {
        let (Some(cur), prev) = (
            self.cur.employee.as_ref(),
            self.prev.and_then(|p| p.employee.as_ref()),
        ) else {
            return;
        };
        let unchanged = |p: &Employee| {
            p.person == cur.person
                && p.employment == cur.employment
                && p.classifications == cur.classifications
                && p.group_individual_id == cur.group_individual_id
        };
        if prev.is_some_and(unchanged) {
            return; // the common case, without building documents to compare
        }
        let key = self.current_key(MemberRef::Employee);
        let Some((spec, carriers)) = self.person_spec(MemberRef::Employee, &key) else {
            return;
        };
        let changes = employee_changes(prev, Some(cur), self.budget.left());
        self.person(spec, changes, carriers);
    }

    /// Current dependent `k`'s differences.
    fn dependent(&mut self, k: usize) {
        let Some(d) = self.cur.dependents.get(k) else {
            return;
        };
        let matched = self.pairing.cur_to_prev.get(k).copied().flatten();
        let previous = matched.and_then(|p| self.prev?.dependents.get(p));
        let unchanged = |p: &Dependent| {
            p.person == d.person
                && p.relationship == d.relationship
                && p.group_individual_id == d.group_individual_id
        };
        if previous.is_some_and(unchanged) {
            return; // the common case, without building documents to compare
        }
        let who = MemberRef::Dependent(k);
        let key = self.current_key(who);
        let Some((spec, carriers)) = self.person_spec(who, &key) else {
            return;
        };
        let changes = dependent_changes(previous, Some(d), self.budget.left());
        self.person(spec, changes, carriers);
    }

    /// Current person `who`'s differences after an edit of one of their
    /// texts `field` alone (a name or an address line: `prepared.edit`,
    /// `memo`), from theirs before it: `old`, in built order, which spent
    /// `spent` (count, bytes) of the budget. A person's modification is one
    /// difference per field group to each of their carriers, groups in the
    /// order of their first keys: every group but the text's is kept (with
    /// the name shown anew), the text's (a name alone, or all of its
    /// address) is compared again and put in its place. Leaves them in
    /// `self.diffs` and what they spend in `self.budget`, as `employee` and
    /// `dependent` would. `None`, with nothing done, unless the person is
    /// in both snapshots, neither flattens whole (`people::flattens_whole`),
    /// and `old` is what that says.
    fn text_edit(
        &mut self,
        who: MemberRef,
        field: TextField,
        old: Vec<Difference>,
        spent: (usize, usize),
    ) -> Option<()> {
        let key = self.current_key(who);
        let (spec, carriers) = self.person_spec(who, &key)?;
        let before_who = match who {
            MemberRef::Employee => MemberRef::Employee,
            MemberRef::Dependent(k) => {
                MemberRef::Dependent(self.pairing.cur_to_prev.get(k).copied().flatten()?)
            }
        };
        let before = self.prev?.person(before_who)?;
        let after = self.cur.person(who)?;
        if spec.change != Change::Modified || people::flattens_whole(before) || people::flattens_whole(after)
        {
            return None;
        }
        let n = carriers.len();
        if n == 0 {
            // No carrier: no difference, nothing spent (`person`).
            return (old.is_empty() && spent == (0, 0)).then_some(());
        }
        if old.len() % n != 0 || spent.0 != old.len() {
            return None;
        }
        let group = field.group();
        let name = self.name(Side::Current, who);
        // What a group of `n` differences spends (`weight`, `Budget::spend`).
        let spends = |fields: usize, path: usize, name: usize| {
            let each = fields
                .checked_add(path)?
                .checked_add(name)?
                .checked_add(DIFFERENCE_OVERHEAD)?;
            each.checked_mul(n)
        };
        let raws = |fields: &[FieldChange]| fields.iter().map(|f| field_raw(f).len() + 32).sum::<usize>();
        let in_group = |d: &Difference| d.fields.first().is_some_and(|f| group_of(&f.key) == group);
        // What the kept groups spend with the name shown now, without the
        // edited text's group: only their names' lengths change.
        let mut bytes = spent.1;
        for g in old.chunks(n) {
            let first = g.first()?;
            let old_name = first.individual.name.len();
            bytes = match in_group(first) {
                true => bytes.checked_sub(spends(raws(&first.fields), first.path.len(), old_name)?)?,
                false => {
                    bytes
                        .checked_sub(spends(0, 0, old_name)?)?
                        .checked_add(spends(0, 0, name.len())?)?
                }
            };
        }
        let renamed = old.first().is_some_and(|d| d.individual.name != name);
        // Past the budget: the whole comparison says so (`None`).
        let changes = people::group_changes(before, after, field, self.budget.left()).ok()?;
        let mut path = String::with_capacity(spec.path.len() + group.len() + 2);
        path.push_str(&spec.path);
        for part in group.split('.') {
            push_token(&mut path, &people::unsegment(part));
        }
        let mut count = old.len();
        // The group's place: before the first kept group whose first key
        // comes after its first key (groups are in the order of their
        // first changes, and the changes in key order).
        let mut pending = match changes.first() {
            Some((first, _)) => {
                let fields = changes.iter().map(|(_, raw)| raw.len() + 32).sum::<usize>();
                bytes = bytes.checked_add(spends(fields, path.len(), name.len())?)?;
                count = count.checked_add(n)?;
                let key = first.key.clone();
                Some((key, changes, path))
            }
            None => None,
        };
        let spec_of = |path: String| Spec { path, ..spec };
        let mut old = old.into_iter().peekable();
        self.diffs.reserve(count);
        while let Some(first) = old.peek() {
            let edited = in_group(first);
            let after_it = |(key, ..): &(String, _, _)| first.fields.first().is_some_and(|f| f.key > *key);
            if !edited && pending.as_ref().is_some_and(after_it) {
                if let Some((_, changes, path)) = pending.take() {
                    self.text_group(&carriers, spec_of(path), changes, group, name.clone());
                }
            }
            for mut d in old.by_ref().take(n) {
                if edited {
                    count = count.checked_sub(1)?;
                    continue;
                }
                if renamed {
                    d.individual.name.clone_from(&name);
                }
                self.diffs.push(d);
            }
        }
        if let Some((_, changes, path)) = pending.take() {
            self.text_group(&carriers, spec_of(path), changes, group, name);
        }
        self.budget.count = count;
        self.budget.bytes = bytes;
        #[cfg(test)]
        memo::tests::TEXT_EDITS.with(|n| n.set(n.get() + 1));
        Some(())
    }

    /// The differences of an edited text's group (`text_edit`), to each of `carriers`.
    fn text_group(
        &mut self,
        carriers: &[usize],
        mut spec: Spec,
        changes: Vec<(FieldChange, String)>,
        group: &str,
        name: String,
    ) {
        let who = self.individual_named(&spec, name);
        let (made, raws) = Made::of(who, std::mem::take(&mut spec.path), changes);
        self.push_each(carriers, &spec, made, &raws, group);
    }

    /// The previous dependents no current one is.
    fn removed(&mut self) {
        let Some(prev) = self.prev else { return };
        for (p, d) in prev.dependents.iter().enumerate() {
            if self.pairing.prev_to_cur.get(p).copied().flatten().is_some() {
                continue;
            }
            let key = self.pairing.key(Side::Previous, MemberRef::Dependent(p));
            let spec = Spec {
                object_type: ObjectType::Dependent,
                change: Change::Removed,
                who: MemberRef::Dependent(p),
                side: Side::Previous,
                person_key: &key,
                line: None,
                path: pointer!["dependents", p],
                effective_date: self.person_date(None),
            };
            let carriers = self.carriers_of_person(&key);
            let changes = dependent_changes(Some(d), None, self.budget.left());
            self.person(spec, changes, carriers);
        }
    }

    /// Notes where the unit just compared ends.
    fn mark(&mut self) {
        self.marks.push(Mark {
            diffs: self.diffs.len(),
            count: self.budget.count,
            bytes: self.budget.bytes,
        });
    }

    /// Every unit in output order, each marked: the employee, each current
    /// dependent, the removed ones, the enrollments.
    fn run(&mut self, today: Option<Date>) {
        self.employee();
        self.mark();
        for k in 0..self.cur.dependents.len() {
            self.dependent(k);
            self.mark();
        }
        self.removed();
        self.mark();
        self.enrollments(today);
        self.mark();
    }

    fn enrollments(&mut self, today: Option<Date>) {
        // Taken out (and put back) rather than cloned: `push` needs `&mut self`.
        let cur_items = std::mem::take(&mut self.cur_items);
        let prev_items = std::mem::take(&mut self.prev_items);
        let prev_by_key = first_by_key(&prev_items);
        // Once per pair of coverages: their rows share the plan, and a name
        // megabytes long compared for each of thousands of rows was
        // quadratic (review 28b F3: 2.4 s a keystroke at 8 MiB).
        let mut plan_pairs: BTreeMap<(usize, usize), bool> = BTreeMap::new();
        for item in &cur_items {
            let before = prev_by_key
                .get(&item.match_key())
                .and_then(|&p| prev_items.get(p))
                .cloned();
            if before.is_none() && item.member.is_waive() {
                continue; // a new waive enrolls no one
            }
            // The plan named alike, or the same configured plan however named.
            let same_plan = before.as_ref().is_some_and(|b| {
                *plan_pairs
                    .entry((b.i, item.i))
                    .or_insert_with(|| b.same_plan(item, self.plans))
            });
            let changes = match &before {
                // Its terms as they were: only a corrected date of its
                // latest change is news (a row's other changes keep the ids
                // they had, the date in their `effective_date`).
                Some(b) if b.same_terms(item, same_plan) => match redated(b, item) {
                    Some(change) => vec![change],
                    None => continue,
                },
                _ => {
                    let before_doc = before.as_ref().map(|b| b.compared(!same_plan));
                    let after_doc = item.compared(!same_plan);
                    match field_changes(before_doc.as_ref(), Some(&after_doc), self.budget.left()) {
                        Ok(changes) => changes,
                        Err(_) => {
                            self.overflow();
                            continue;
                        }
                    }
                }
            };
            if changes.is_empty() {
                continue;
            }
            let effective_date = match &before {
                Some(b) => modified_effective_date(&self.events, b, item),
                None => item.member.effective_start_date,
            };
            let mut spec = Spec {
                object_type: ObjectType::IndividualEnrollment,
                change: if before.is_some() {
                    Change::Modified
                } else {
                    Change::Added
                },
                who: item.who,
                side: Side::Current,
                person_key: &item.person_key,
                line: Some(item.line),
                path: item.path(),
                effective_date,
            };
            let who = self.individual(&spec);
            self.spend_one(&spec, &who, &changes);
            let (made, raws) = Made::of(who, std::mem::take(&mut spec.path), changes);
            if self.push(item.carrier, &spec, made, &raws, "") {
                self.enrollment_people.push(Some(item.who));
            }
        }
        let cur_by_key = first_by_key(&cur_items);
        for item in prev_items.iter().filter(|x| x.in_force(today)) {
            if cur_by_key.contains_key(&item.match_key()) {
                continue;
            }
            self.omitted(item, today);
        }
        drop(cur_by_key);
        drop(prev_by_key);
        self.cur_items = cur_items;
        self.prev_items = prev_items;
    }

    /// An enrollment in force before and missing now, per `omitted_coverage_handling`.
    fn omitted(&mut self, item: &Item, today: Option<Date>) {
        let name = self.name(Side::Previous, item.who);
        let params = json!({
            "name": name, "line": item.line, "carrier_id": item.carrier, "previous_path": item.path(),
        });
        match self.cur.omitted_coverage_policy() {
            OmittedCoveragePolicy::Continue => {}
            OmittedCoveragePolicy::Reject => self.issue(c::OMITTED_COVERAGE, "/coverages", params, item),
            OmittedCoveragePolicy::Terminate => match termination_end(self.cur, today) {
                Ok(end) => {
                    let before = item.member.effective_end_date.map(|d| d.to_string());
                    let change = FieldChange {
                        key: "effective_end_date".into(),
                        before: json!(before),
                        after: json!(end.to_string()),
                    };
                    let raw = field_raw(&change);
                    let mut spec = Spec {
                        object_type: ObjectType::IndividualEnrollment,
                        change: Change::Removed,
                        who: item.who,
                        side: Side::Previous,
                        person_key: &item.person_key,
                        line: Some(item.line),
                        path: item.path(),
                        effective_date: Some(end),
                    };
                    let who = self.individual(&spec);
                    let changes = vec![(change, raw)];
                    self.spend_one(&spec, &who, &changes);
                    let (made, raws) = Made::of(who, std::mem::take(&mut spec.path), changes);
                    if self.push(item.carrier, &spec, made, &raws, "") {
                        self.enrollment_people.push(None);
                    }
                }
                Err(why) => {
                    let mut p = params;
                    if let Some(m) = p.as_object_mut() {
                        m.insert("reason".into(), json!(why));
                    }
                    self.issue(
                        c::OMITTED_COVERAGE_END_UNKNOWN,
                        "/omitted_coverage_handling",
                        p,
                        item,
                    )
                }
            },
        }
    }

    fn issue(&mut self, rule: &Rule, path: &str, params: Value, item: &Item) {
        let mut issue = crate::diagnostic::make_issue_at(rule, path, params);
        issue.carrier_ids = vec![item.carrier.to_owned()];
        issue.line_of_coverage = Some(item.line);
        self.issues.push(issue);
    }
}

/// The change of a row whose `latest_change_effective_date` was corrected
/// (both snapshots date it, differently): the carrier must move its change
/// to the new date (review 31h B). Set or dropped alone, it changes nothing.
fn redated(before: &Item, after: &Item) -> Option<(FieldChange, String)> {
    let (b, a) = (
        before.member.latest_change_effective_date?,
        after.member.latest_change_effective_date?,
    );
    if a == b {
        return None;
    }
    let change = FieldChange {
        key: "latest_change_effective_date".into(),
        before: json!(b.to_string()),
        after: json!(a.to_string()),
    };
    let raw = field_raw(&change);
    Some((change, raw))
}

/// Both snapshots' enrollments, the previous ones keyed as the current rows
/// they pair with (`enrollments::pair_rows`).
pub(crate) fn both_items<'a>(
    prev: Option<&'a Snapshot>,
    cur: &'a Snapshot,
    pairing: &Pairing,
    plans: Option<&Config>,
) -> (Vec<Item<'a>>, Vec<Item<'a>>) {
    let cur_items = items(cur, pairing, Side::Current);
    let mut prev_items = prev
        .map(|p| items(p, pairing, Side::Previous))
        .unwrap_or_default();
    pair_rows(&cur_items, &mut prev_items, plans.map(|c| (&c.group, &c.index)));
    (cur_items, prev_items)
}

/// Each item key's first item (the one a search in order finds), by index.
fn first_by_key<'i>(items: &'i [Item]) -> BTreeMap<MatchKey<'i>, usize> {
    let mut first = BTreeMap::new();
    for (k, item) in items.iter().enumerate().rev() {
        first.insert(item.match_key(), k);
    }
    first
}

/// Each carrier's first position in `carriers`. Inserted in reverse rather
/// than collected: `collect` compiles a sort of its own (src/sort.rs).
fn first_positions(carriers: &[String]) -> BTreeMap<&str, usize> {
    let mut first = BTreeMap::new();
    for (k, c) in carriers.iter().enumerate().rev() {
        first.insert(c.as_str(), k);
    }
    first
}

/// Carriers where each person (by key) is or was enrolled, not waived: indexes into `carriers`.
fn enrolled_at(carriers: &[String], items: &[&[Item]]) -> BTreeMap<String, BTreeSet<usize>> {
    let index = first_positions(carriers);
    let mut out: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    let enrolled = items
        .iter()
        .flat_map(|s| s.iter())
        .filter(|x| !x.member.is_waive());
    for x in enrolled {
        let Some(&c) = index.get(x.carrier) else {
            continue;
        };
        match out.get_mut(&x.person_key) {
            Some(set) => {
                set.insert(c);
            }
            None => {
                out.insert(x.person_key.clone(), BTreeSet::from([c]));
            }
        }
    }
    out
}

/// Makes ids distinct that hashed the same shown text: the second and later
/// occurrences (in output order) hash their ordinal too. Only ever needed when
/// two changes differ in masked digits alone.
fn distinct_ids<'i>(prefix: &str, ids: impl Iterator<Item = &'i mut String>) {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for id in ids {
        let n = seen.entry(id.clone()).or_insert(0);
        if *n > 0 {
            *id = stable_id_citing(prefix, &[Part::Id(id), Part::Text(&n.to_string())]);
        }
        *n += 1;
    }
}

/// A difference's id: the hash of what the output shows of it — carrier,
/// object type, change, the person's reference, line, field group (`group`:
/// the dotted group of a person's modified fields, else empty) and each
/// field change as `field_raw` writes it (`raws`, in order).
fn difference_id(d: &Difference, group: &str, raws: &[Part]) -> String {
    let line = d.line_of_coverage.map(|l| l.as_str()).unwrap_or_default();
    // The person by reference number: what the output shows of them.
    let head = [
        Part::Text(&d.carrier_id),
        Part::Text(d.object_type.id_part()),
        Part::Text(d.change.id_part()),
        Part::Id(d.individual.reference.as_str()),
        Part::Text(line),
        Part::Text(group),
    ];
    let mut parts: Vec<Part> = Vec::with_capacity(head.len() + d.fields.len());
    parts.extend(head);
    parts.extend_from_slice(raws);
    stable_id_citing("D-", &parts)
}

/// A field change as its difference's id hashes it: key, before and after
/// as the output shows them (JSON text), apart by U+0001 (no key or JSON
/// text holds one unescaped).
pub(crate) fn field_raw(change: &FieldChange) -> String {
    // Written by serde_json directly: `format!` of the values' `Display`
    // (the same compact text) went through the formatting machinery piece
    // by piece, a twentieth of a keystroke natively.
    let mut out = Vec::with_capacity(change.key.len() + 32);
    out.extend_from_slice(change.key.as_bytes());
    for value in [&change.before, &change.after] {
        out.push(1);
        // Writing a `Value` into a `Vec` cannot fail.
        let _ = serde_json::to_writer(&mut out, value);
    }
    String::from_utf8(out).unwrap_or_default()
}

/// What a diff run with `Ids::Later` left out, as `Ids::Now` makes it:
/// each difference's id (made distinct), then the transactions of
/// `carriers` (those of the snapshots, in order), each with its carrier's
/// differences and its id. The people's references must be real ids by
/// now (`preview::complete` resolves them first).
pub(crate) fn identify(
    prev: Option<&Snapshot>,
    cur: &Snapshot,
    carriers: &[String],
    differences: &mut [Difference],
) -> Vec<MemberTransaction> {
    for d in differences.iter_mut() {
        // A person's modification is one difference per field group, and
        // every field of it is in that group; nothing else has a group.
        let person = d.object_type != ObjectType::IndividualEnrollment;
        let group = match d.fields.first() {
            Some(f) if person && d.change == Change::Modified => group_of(&f.key),
            _ => "",
        };
        let raws: Vec<String> = d.fields.iter().map(field_raw).collect();
        let raws: Vec<Part> = raws.iter().map(|r| Part::Text(r)).collect();
        d.id = difference_id(d, group, &raws);
    }
    distinct_ids("D-", differences.iter_mut().map(|d| &mut d.id));
    let mut transactions = transactions::transactions(prev, cur, carriers, differences);
    transactions::identify(&mut transactions, differences);
    transactions
}

/// Compares two typed snapshots (`prev` is `None` for a first submission).
/// Their differences are bounded by [`MAX_DIFFERENCE_BYTES`] alone: with
/// their text at hand, `diff_within` bounds them by its size too. Without
/// the configuration, plans are compared as written (`Item::same_plan`).
pub fn diff(prev: Option<&Snapshot>, cur: &Snapshot, opts: &DiffOptions) -> DiffResult {
    compare(prev, cur, opts, None, MAX_DIFFERENCE_BYTES, Ids::Now).0
}

/// `diff` with the configuration whose plans the coverages name (`plans`)
/// and the differences bounded by `budget` bytes (see
/// `limits::result_budget`; never more than [`MAX_DIFFERENCE_BYTES`]).
pub fn diff_within(
    prev: Option<&Snapshot>,
    cur: &Snapshot,
    opts: &DiffOptions,
    plans: Option<&Config>,
    budget: usize,
) -> DiffResult {
    compare(prev, cur, opts, plans, budget, Ids::Now).0
}

/// `diff_within` with the difference and transaction ids left empty
/// (`Ids::Later`): `identify` makes them.
pub(crate) fn diff_unidentified(
    prev: Option<&Snapshot>,
    cur: &Snapshot,
    opts: &DiffOptions,
    plans: Option<&Config>,
    budget: usize,
) -> DiffResult {
    compare(prev, cur, opts, plans, budget, Ids::Later).0
}

/// `diff_within` and `acknowledgement` of the same snapshots, sharing the
/// pairing, the enrollment items and the reference numbers the diff computed.
pub fn diff_with_acknowledgement(
    prev: Option<&Snapshot>,
    cur: &Snapshot,
    opts: &DiffOptions,
    plans: Option<&Config>,
    budget: usize,
) -> (DiffResult, Acknowledgement) {
    let (result, b) = compare(prev, cur, opts, plans, budget, Ids::Now);
    let items = (b.cur_items.as_slice(), b.prev_items.as_slice());
    let ack = acknowledge(prev, cur, &b.pairing, items, &b.references);
    (result, ack)
}

/// The diff, and the builder that made it (pairing, items, references).
fn compare<'a>(
    prev: Option<&'a Snapshot>,
    cur: &'a Snapshot,
    opts: &DiffOptions,
    plans: Option<&'a Config>,
    budget: usize,
    ids: Ids,
) -> (DiffResult, Builder<'a>) {
    let mut b = Builder::new(prev, cur, plans, budget, ids);
    b.run(opts.today);
    let diffs = std::mem::take(&mut b.diffs);
    let result = b.finish(diffs);
    (result, b)
}

impl<'a> Builder<'a> {
    /// A builder with the pairing, items and references of two snapshots.
    fn new(
        prev: Option<&'a Snapshot>,
        cur: &'a Snapshot,
        plans: Option<&'a Config>,
        budget: usize,
        ids: Ids,
    ) -> Builder<'a> {
        let pairing = pair(prev, cur);
        let (cur_items, prev_items) = both_items(prev, cur, &pairing, plans);
        let carriers = carriers_of(prev, cur);
        let references = References::of(&pairing);
        let enrolled_at = enrolled_at(&carriers, &[&cur_items, &prev_items]);
        Builder {
            prev,
            cur,
            pairing,
            carriers,
            enrolled_at,
            cur_items,
            prev_items,
            events: EventDates::of(prev, cur),
            plans,
            diffs: Vec::new(),
            issues: Vec::new(),
            references,
            budget: Budget::new(budget),
            ids,
            marks: Vec::new(),
            enrollment_people: Vec::new(),
            order: Vec::new(),
        }
    }

    /// The result of `diffs` (all of them, in output order before the sort
    /// by carrier): the budget's issue if it was exceeded, else the
    /// differences by carrier and their transactions.
    fn finish(&mut self, mut diffs: Vec<Difference>) -> DiffResult {
        if self.budget.exceeded() {
            let mut issues = vec![self.budget.issue(&self.carriers)];
            issues.append(&mut self.issues);
            return DiffResult {
                issues,
                ..DiffResult::default()
            };
        }
        let positions = first_positions(&self.carriers);
        let position = |c: &str| positions.get(c).copied().unwrap_or(usize::MAX);
        // Stable, like `sort_by_key`, with each position looked up once.
        self.order = crate::sort::sort_by_cached_key_from(&mut diffs, |d| position(&d.carrier_id));
        // A keystroke's (`Ids::Later`) are built with its ids, when the
        // details are asked for (`preview::complete`): its answer only
        // counts them, one per carrier with differences.
        let mut transactions = Vec::new();
        if self.ids == Ids::Now {
            transactions = transactions::transactions(self.prev, self.cur, &self.carriers, &diffs);
            distinct_ids("D-", diffs.iter_mut().map(|d| &mut d.id));
            transactions::identify(&mut transactions, &diffs);
        }
        let references = (0..self.cur.dependents.len()).map(|k| {
            let key = self.pairing.key_of(Side::Current, MemberRef::Dependent(k));
            self.references.get(key)
        });
        let previous = alone(&self.pairing.prev_to_cur).map(|p| {
            let key = self.pairing.key_of(Side::Previous, MemberRef::Dependent(p));
            self.references.get(key)
        });
        let unpaired = Unpaired {
            current: alone(&self.pairing.cur_to_prev).collect(),
            previous: previous.collect(),
        };
        DiffResult {
            differences: diffs,
            transactions,
            issues: std::mem::take(&mut self.issues),
            dependent_references: Aside(references.collect()),
            unpaired: Aside(unpaired),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ids hash the JSON text of these enums: the tags must stay exactly that.
    #[test]
    fn id_parts_are_the_json_text() {
        for t in [
            ObjectType::Employee,
            ObjectType::Dependent,
            ObjectType::IndividualEnrollment,
        ] {
            assert_eq!(t.id_part(), json!(t).to_string());
        }
        for c in [Change::Added, Change::Removed, Change::Modified] {
            assert_eq!(c.id_part(), json!(c).to_string());
        }
    }
}
