//! Who in the carrier's report is who in the current snapshot.
//!
//! A report writes back the identifiers it was sent, but not always in the
//! same field: `parse834` reads a REF*23 that is a UUID as `id`, so a
//! partner's UUID-shaped `custom_individual_id` comes back as `id`. A report
//! person matches a snapshot person, each at most once, by the first of:
//! 1. the same field: `id` = `id`, else `custom_individual_id` = `custom_individual_id`;
//! 2. across fields: the report's `id` = the snapshot's `custom_individual_id`,
//!    else the report's `custom_individual_id` = the snapshot's `id`;
//! 3. first name, last name (letters only, as `compare::letters`) and date of
//!    birth — also when both carry ids that do not correspond;
//! 4. the same, with the snapshot person's name and date of birth as they
//!    were before a requested change of them (`Renamed`): a carrier that
//!    has not applied a name change, and names people by its own ids, still
//!    shows the old name — that person, with a name not yet changed, not a
//!    missing one.
//!
//! A matched person takes the current snapshot's key (what the requested
//! differences' reference numbers were made from); an unmatched one keeps
//! the report's own, which no difference names.

use std::collections::{BTreeMap, HashMap};

use crate::diff::people::{pair, Pairing};
use crate::model::{Date, Dependent, Employee, MemberRef, Person, Snapshot};
use crate::privacy::MaskedAlike;

use super::compare::letters;

/// One way of naming a person: the report side's, then the snapshot side's.
type Key = fn(&Ids) -> Option<String>;

/// A person's identifiers, as matching reads them.
struct Ids<'a> {
    id: Option<&'a String>,
    custom: Option<&'a String>,
    person: Option<&'a Person>,
    /// The name-and-birth key before a requested change of them.
    before: Option<String>,
}

/// The current snapshot's people whose name or date of birth a requested
/// difference changed, with that person as it was (`name_dob` key).
pub(super) type Renamed = HashMap<MemberRef, String>;

impl<'a> Ids<'a> {
    fn employee(e: &'a Employee) -> Ids<'a> {
        Ids {
            id: e.id.as_ref(),
            custom: e.custom_individual_id.as_ref(),
            person: e.person.as_ref(),
            before: None,
        }
    }

    fn dependent(d: &'a Dependent) -> Ids<'a> {
        Ids {
            id: d.id.as_ref(),
            custom: d.custom_individual_id.as_ref(),
            person: d.person.as_ref(),
            before: None,
        }
    }

    fn renamed(mut self, renamed: &Renamed, who: MemberRef) -> Ids<'a> {
        self.before = renamed.get(&who).cloned();
        self
    }
}

fn id(p: &Ids) -> Option<String> {
    p.id.cloned()
}

fn custom(p: &Ids) -> Option<String> {
    p.custom.cloned()
}

fn name_dob(p: &Ids) -> Option<String> {
    person_key(p.person?)
}

fn before_name_dob(p: &Ids) -> Option<String> {
    p.before.clone()
}

/// First name, last name (letters only) and date of birth: `None` without a
/// date of birth or a name.
pub(super) fn person_key(p: &Person) -> Option<String> {
    let dob = p.date_of_birth?;
    let [first, last] = name_letters(p);
    letters_key(&first, &last, dob)
}

/// A person's first and last name, letters only (`compare::letters`).
pub(super) fn name_letters(p: &Person) -> [String; 2] {
    [&p.first_name, &p.last_name].map(|n| letters(n.as_deref().unwrap_or_default()))
}

/// `person_key` of names already reduced to their letters.
pub(super) fn letters_key(first: &str, last: &str, dob: Date) -> Option<String> {
    // A date of birth alone names no one.
    (!first.is_empty() || !last.is_empty()).then(|| format!("{first}|{last}|{dob}"))
}

/// The passes, in precedence order: (report's key, snapshot's key).
const PASSES: [(Key, Key); 6] = [
    (id, id),
    (custom, custom),
    (id, custom),
    (custom, id),
    (name_dob, name_dob),
    (name_dob, before_name_dob),
];

/// The report's people paired with the current snapshot's (see the module
/// documentation), as `diff::people::Pairing` with the report as the
/// previous side.
pub(super) fn pairing(report: &Snapshot, current: &Snapshot, renamed: &Renamed) -> Pairing {
    let own = pair(Some(report), current);
    let theirs = pair(None, current);
    let report_ids: Vec<Ids> = report.dependents.iter().map(Ids::dependent).collect();
    let current_ids: Vec<Ids> = current
        .dependents
        .iter()
        .enumerate()
        .map(|(k, d)| Ids::dependent(d).renamed(renamed, MemberRef::Dependent(k)))
        .collect();
    let mut cur_to_prev: Vec<Option<usize>> = vec![None; current_ids.len()];
    let mut prev_to_cur: Vec<Option<usize>> = vec![None; report_ids.len()];
    for (from_report, from_current) in PASSES {
        // Keys masking alike on their side do not match (`privacy::MaskedAlike`:
        // a report of thousands of SSN guesses would match the one equal).
        let report_alike = MaskedAlike::of(report_ids.iter().filter_map(from_report));
        let current_alike = MaskedAlike::of(current_ids.iter().filter_map(from_current));
        // The snapshot's people still unmatched, by key, last first: each
        // `pop` gives the first in document order.
        let mut waiting: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (k, c) in current_ids.iter().enumerate().rev() {
            if cur_to_prev.get(k).copied().flatten().is_none() {
                if let Some(key) = from_current(c).filter(|key| !current_alike.holds(key)) {
                    waiting.entry(key).or_default().push(k);
                }
            }
        }
        for (p, r) in report_ids.iter().enumerate() {
            if prev_to_cur.get(p).copied().flatten().is_some() {
                continue;
            }
            let key = from_report(r).filter(|key| !report_alike.holds(key));
            let Some(k) = key.and_then(|key| waiting.get_mut(&key)?.pop()) else {
                continue;
            };
            if let (Some(c), Some(q)) = (cur_to_prev.get_mut(k), prev_to_cur.get_mut(p)) {
                *c = Some(p);
                *q = Some(k);
            }
        }
    }
    let employee_matched = match (&report.employee, &current.employee) {
        (Some(r), Some(c)) => {
            let (r, c) = (
                Ids::employee(r),
                Ids::employee(c).renamed(renamed, MemberRef::Employee),
            );
            PASSES
                .iter()
                .any(|(a, b)| a(&r).is_some_and(|x| b(&c).is_some_and(|y| x == y)))
        }
        _ => false,
    };
    let prev_keys = prev_to_cur
        .iter()
        .zip(&own.prev_keys)
        .map(|(k, mine)| k.and_then(|k| theirs.cur_keys.get(k)).unwrap_or(mine).clone())
        .collect();
    Pairing {
        cur_to_prev,
        prev_to_cur,
        employee_key: if employee_matched {
            theirs.employee_key
        } else {
            own.employee_key
        },
        cur_keys: theirs.cur_keys,
        prev_keys,
    }
}
