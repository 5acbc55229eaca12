//! Grouping a carrier's differences into one typed member transaction (seed
//! 001) with its expected verification date.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::ids::stable_id;
use super::{Change, Difference, ObjectType};
use crate::model::{Date, EventReason, EventType, LineOfCoverage, Snapshot};

/// The kinds of member transaction (seed 001's verification table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransactionType {
    NewHire,
    Termination,
    QualifyingLifeEvent,
    OpenEnrollment,
    DemographicChange,
}

/// The changes one carrier must make for this snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberTransaction {
    /// Stable: the hash of the carrier and its difference ids.
    pub id: String,
    pub carrier_id: String,
    pub transaction_type: TransactionType,
    pub lines_of_coverage: Vec<LineOfCoverage>,
    pub difference_ids: Vec<String>,
    /// The latest effective date among the differences (none for demographics).
    pub effective_date: Option<Date>,
    /// Seed 001: new hire → the enrollments' start; termination → the last day
    /// of coverage; QLE / open enrollment → the change's effective date;
    /// demographic change → `null`, verified on completion.
    pub expected_verification_date: Option<Date>,
}

/// Whether an enrollment difference ends coverage.
fn ends_coverage(d: &Difference) -> bool {
    d.change == Change::Removed
        || d.fields
            .iter()
            .any(|f| f.key == "effective_end_date" && f.after.as_str().is_some_and(|e| e != "9999-12-31"))
}

fn classify(first_snapshot: bool, diffs: &[&Difference], reasons: &[EventReason]) -> TransactionType {
    use EventReason as R;
    let enrollments: Vec<&&Difference> = diffs
        .iter()
        .filter(|d| d.object_type == ObjectType::IndividualEnrollment)
        .collect();
    if first_snapshot {
        TransactionType::NewHire
    } else if enrollments.is_empty() {
        TransactionType::DemographicChange
    } else if reasons
        .iter()
        .any(|r| matches!(r, R::NewHire | R::Rehire | R::Reinstatement))
    {
        TransactionType::NewHire
    } else if enrollments.iter().all(|d| ends_coverage(d))
        || reasons
            .iter()
            .any(|r| matches!(r, R::Termination | R::Retirement | R::Death))
    {
        TransactionType::Termination
    } else if reasons
        .iter()
        .any(|r| matches!(r, R::OpenEnrollment | R::DependentOpenEnrollment))
    {
        TransactionType::OpenEnrollment
    } else {
        TransactionType::QualifyingLifeEvent
    }
}

/// The `event_id` of the record a difference points at in the current snapshot.
fn event_id_at<'s>(cur: &'s Snapshot, d: &Difference) -> Option<&'s String> {
    if d.change == Change::Removed {
        return None; // points into the previous snapshot
    }
    let mut t = d.path.split('/').skip(1);
    match (t.next(), t.next().and_then(|x| x.parse::<usize>().ok())) {
        (Some("employee"), _) => cur.employee.as_ref()?.event_id.as_ref(),
        (Some("dependents"), Some(k)) => cur.dependents.get(k)?.event_id.as_ref(),
        (Some("coverages"), Some(i)) => {
            let j = t.nth(1).and_then(|x| x.parse::<usize>().ok())?;
            cur.coverages.get(i)?.enrolled_members.get(j)?.event_id.as_ref()
        }
        _ => None,
    }
}

/// The current snapshot's events with a reason, by id: indexes into `events`, in order.
fn reasons_by_event(cur: &Snapshot) -> BTreeMap<&str, Vec<usize>> {
    let mut out: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (k, e) in cur.events.iter().enumerate() {
        if let (Some(id), Some(_)) = (&e.id, e.reason) {
            out.entry(id.as_str()).or_default().push(k);
        }
    }
    out
}

/// Reasons of the events the differences themselves name (their `event_id`),
/// in the order of the snapshot's events.
fn named_reasons(
    cur: &Snapshot,
    by_event: &BTreeMap<&str, Vec<usize>>,
    diffs: &[&Difference],
) -> Vec<EventReason> {
    let ids: BTreeSet<&str> = diffs
        .iter()
        .filter_map(|d| event_id_at(cur, d))
        .map(String::as_str)
        .collect();
    let mut events: Vec<usize> = ids
        .into_iter()
        .filter_map(|id| by_event.get(id))
        .flatten()
        .copied()
        .collect();
    events.sort_unstable();
    let reason = |k: usize| cur.events.get(k).and_then(|e| e.reason);
    events.into_iter().filter_map(reason).collect()
}

/// The lines of the current snapshot's coverages, by carrier.
fn lines_by_carrier(cur: &Snapshot) -> BTreeMap<&str, Vec<LineOfCoverage>> {
    let mut out: BTreeMap<&str, Vec<LineOfCoverage>> = BTreeMap::new();
    for c in &cur.coverages {
        if let (Some(carrier), Some(line)) = (&c.carrier_id, c.line_of_coverage) {
            out.entry(carrier.as_str()).or_default().push(line);
        }
    }
    out
}

/// The differences of each carrier, in their order.
fn by_carrier(diffs: &[Difference]) -> BTreeMap<&str, Vec<&Difference>> {
    let mut out: BTreeMap<&str, Vec<&Difference>> = BTreeMap::new();
    for d in diffs {
        out.entry(d.carrier_id.as_str()).or_default().push(d);
    }
    out
}

/// One transaction per carrier with differences, in the given carrier order.
pub(crate) fn transactions(
    cur: &Snapshot,
    first_snapshot: bool,
    carriers: &[String],
    diffs: &[Difference],
) -> Vec<MemberTransaction> {
    // Without an event named by the changes themselves, every coverage event
    // of the snapshot explains them.
    let snapshot_reasons: Vec<EventReason> = cur
        .events
        .iter()
        .filter(|e| e.event_type != Some(EventType::Demographic))
        .filter_map(|e| e.reason)
        .collect();
    let by_event = reasons_by_event(cur);
    let covered = lines_by_carrier(cur);
    let grouped = by_carrier(diffs);
    carriers
        .iter()
        .filter_map(|carrier| {
            let mine: Vec<&Difference> = grouped.get(carrier.as_str())?.clone();
            let named = named_reasons(cur, &by_event, &mine);
            let reasons = if named.is_empty() {
                &snapshot_reasons
            } else {
                &named
            };
            let kind = classify(first_snapshot, &mine, reasons);
            let mut lines: Vec<LineOfCoverage> = mine.iter().filter_map(|d| d.line_of_coverage).collect();
            if lines.is_empty() {
                // A demographic change concerns every line the carrier covers the family for.
                lines.extend(covered.get(carrier.as_str()).into_iter().flatten());
            }
            lines.sort();
            lines.dedup();
            let ids: Vec<String> = mine.iter().map(|d| d.id.clone()).collect();
            let effective_date = mine.iter().filter_map(|d| d.effective_date).max();
            let enrollment_dates = |pick: fn(&Difference) -> bool| {
                mine.iter()
                    .filter(|d| d.object_type == ObjectType::IndividualEnrollment && pick(d))
                    .filter_map(|d| d.effective_date)
                    .max()
            };
            let expected_verification_date = match kind {
                TransactionType::NewHire => {
                    enrollment_dates(|d| d.change == Change::Added).or(effective_date)
                }
                TransactionType::Termination => enrollment_dates(ends_coverage).or(effective_date),
                TransactionType::QualifyingLifeEvent | TransactionType::OpenEnrollment => {
                    enrollment_dates(|_| true).or(effective_date)
                }
                TransactionType::DemographicChange => None,
            };
            let mut parts: Vec<&str> = vec![carrier];
            parts.extend(ids.iter().map(String::as_str));
            Some(MemberTransaction {
                id: stable_id("T-", &parts),
                carrier_id: carrier.clone(),
                transaction_type: kind,
                lines_of_coverage: lines,
                difference_ids: ids,
                effective_date,
                expected_verification_date,
            })
        })
        .collect()
}
