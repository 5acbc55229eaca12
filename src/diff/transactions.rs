//! Grouping a carrier's differences into one typed member transaction (seed
//! 001) with its expected verification date.

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
    /// Its carrier is blocked (`preview` sets it): the transaction is listed,
    /// typed and with its differences, but will not be sent.
    #[serde(default)]
    pub blocked: bool,
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

/// Reasons of the events the differences themselves name (their `event_id`).
fn named_reasons(cur: &Snapshot, diffs: &[&Difference]) -> Vec<EventReason> {
    let ids: Vec<&String> = diffs.iter().filter_map(|d| event_id_at(cur, d)).collect();
    cur.events
        .iter()
        .filter(|e| e.id.as_ref().is_some_and(|id| ids.contains(&id)))
        .filter_map(|e| e.reason)
        .collect()
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
    carriers
        .iter()
        .filter_map(|carrier| {
            let mine: Vec<&Difference> = diffs.iter().filter(|d| &d.carrier_id == carrier).collect();
            if mine.is_empty() {
                return None;
            }
            let named = named_reasons(cur, &mine);
            let reasons = if named.is_empty() {
                &snapshot_reasons
            } else {
                &named
            };
            let kind = classify(first_snapshot, &mine, reasons);
            let mut lines: Vec<LineOfCoverage> = mine.iter().filter_map(|d| d.line_of_coverage).collect();
            if lines.is_empty() {
                // A demographic change concerns every line the carrier covers the family for.
                let at_carrier = cur
                    .coverages
                    .iter()
                    .filter(|c| c.carrier_id.as_ref() == Some(carrier));
                lines.extend(at_carrier.filter_map(|c| c.line_of_coverage));
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
                blocked: false,
            })
        })
        .collect()
}
