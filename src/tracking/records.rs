//! One side of a tracking (the current snapshot, or the carrier's report):
//! its records indexed by reference number, so each difference finds its
//! record in one look-up.

use std::collections::HashMap;

use serde_json::Value;

use crate::diff::enrollments::Item;
use crate::diff::people::{dependent_doc, employee_doc};
use crate::diff::{Difference, References};
use crate::model::{LineOfCoverage, MemberRef, Snapshot};

/// One side's records, indexed by reference number.
pub(super) struct Records<'a> {
    pub(super) snapshot: &'a Snapshot,
    pub(super) items: Vec<Item<'a>>,
    /// The enrollments of each (person reference, carrier, line), in rank
    /// order (`Item::ordinal`; the report's as the current rows they pair
    /// with, `enrollments::pair_rows`).
    enrollments: HashMap<(String, String, LineOfCoverage), Vec<usize>>,
    /// Each enrollment by its place, `(i, j)` of `/coverages/i/enrolled_members/j`.
    at: HashMap<(usize, usize), usize>,
    /// The person of each reference (the employee only when present).
    people: HashMap<String, MemberRef>,
}

impl<'a> Records<'a> {
    pub(super) fn new(
        snapshot: &'a Snapshot,
        items: Vec<Item<'a>>,
        person_key: impl Fn(MemberRef) -> String,
        references: &References,
    ) -> Records<'a> {
        let mut people = HashMap::with_capacity(snapshot.dependents.len() + 1);
        let employee = snapshot.employee.is_some().then_some(MemberRef::Employee);
        for who in employee
            .into_iter()
            .chain((0..snapshot.dependents.len()).map(MemberRef::Dependent))
        {
            people.entry(references.get(&person_key(who))).or_insert(who);
        }
        let mut enrollments: HashMap<_, Vec<usize>> = HashMap::with_capacity(items.len());
        let mut at = HashMap::with_capacity(items.len());
        for (k, x) in items.iter().enumerate() {
            let r = references.get(&x.person_key);
            enrollments
                .entry((r, x.carrier.to_owned(), x.line))
                .or_default()
                .push(k);
            at.insert((x.i, x.j), k);
        }
        for rows in enrollments.values_mut().filter(|rows| rows.len() > 1) {
            crate::sort::sort_by_cached_key(rows, |&k| items.get(k).map(|x| x.ordinal));
        }
        Records {
            snapshot,
            items,
            enrollments,
            at,
            people,
        }
    }

    /// The enrollments of the difference's person, carrier and line, in rank order.
    pub(super) fn rows(&self, d: &Difference) -> &[usize] {
        let Some(line) = d.line_of_coverage else {
            return &[];
        };
        let key = (d.individual.reference.clone(), d.carrier_id.clone(), line);
        self.enrollments.get(&key).map_or(&[], Vec::as_slice)
    }

    /// The enrollment a difference names: the one at its path when that is
    /// one of the person's at its carrier and line (a difference of this
    /// snapshot's preview), else their first by rank.
    pub(super) fn named(&self, d: &Difference) -> Option<&Item<'a>> {
        let rows = self.rows(d);
        let mut steps = d.path.split('/').skip(1);
        let place = match (steps.next(), steps.next(), steps.next(), steps.next()) {
            (Some("coverages"), Some(i), Some("enrolled_members"), Some(j)) => {
                i.parse().ok().zip(j.parse().ok())
            }
            _ => None,
        };
        // One of `rows` (distinct ordinals, sorted): the row with its ordinal.
        let among = |k: usize| {
            let n = rows.binary_search_by_key(&self.ordinal(k), |&r| self.ordinal(r));
            n.is_ok_and(|n| rows.get(n) == Some(&k))
        };
        let at = place.and_then(|p| self.at.get(&p)).filter(|&&k| among(k));
        self.items.get(*at.or(rows.first())?)
    }

    /// The enrollment of the difference's person, carrier and line with `ordinal`.
    pub(super) fn with_ordinal(&self, d: &Difference, ordinal: usize) -> Option<&Item<'a>> {
        let rows = self.rows(d);
        let n = rows
            .binary_search_by_key(&Some(ordinal), |&r| self.ordinal(r))
            .ok()?;
        self.items.get(*rows.get(n)?)
    }

    /// The first by rank of the difference's person's enrollments at its
    /// carrier and line that pairs with none of the `paired` current ones
    /// (those take ordinals below their count).
    pub(super) fn unpaired(&self, d: &Difference, paired: usize) -> Option<&Item<'a>> {
        let rows = self.rows(d);
        let first = rows.partition_point(|&r| self.ordinal(r) < Some(paired));
        self.items.get(*rows.get(first)?)
    }

    fn ordinal(&self, k: usize) -> Option<usize> {
        self.items.get(k).map(|x| x.ordinal)
    }

    pub(super) fn person(&self, d: &Difference) -> Option<MemberRef> {
        self.people.get(&d.individual.reference).copied()
    }

    pub(super) fn person_doc(&self, who: MemberRef) -> Option<Value> {
        match who {
            MemberRef::Employee => self.snapshot.employee.as_ref().map(employee_doc),
            MemberRef::Dependent(k) => self.snapshot.dependents.get(k).map(dependent_doc),
        }
    }
}
