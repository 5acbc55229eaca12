//! Grouping a carrier's differences into one typed member transaction (seed
//! 001) with its expected verification date.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::ids::{stable_id_citing, Part};
use super::{Change, Difference, ObjectType};
use crate::model::{
    Date, EmploymentStatus, EventReason, EventType, IndividualType, LineOfCoverage, MemberRef, Resolution,
    Resolver, Snapshot,
};

/// The kinds of member transaction (source S1's verification table, plus the
/// initial load of a member the platform has not seen before).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum TransactionType {
    NewHire,
    Termination,
    QualifyingLifeEvent,
    OpenEnrollment,
    DemographicChange,
    /// A first snapshot that is neither a new hire nor an open enrollment (a
    /// member onboarded with the coverage they already have): verified once
    /// its coverage is effective, like the other coverage changes.
    InitialEnrollment,
}

/// The changes one carrier must make for this snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MemberTransaction {
    /// Stable: the hash of the carrier and its difference ids. It names the
    /// content, so another snapshot asking the same changes repeats it:
    /// (snapshot id, transaction id) is unique per submission.
    pub id: String,
    pub carrier_id: String,
    pub transaction_type: TransactionType,
    pub lines_of_coverage: Vec<LineOfCoverage>,
    pub difference_ids: Vec<String>,
    /// The latest effective date among the differences (a person's change:
    /// its event's date, else the latest new demographic event's; `null`
    /// when none has one).
    pub effective_date: Option<Date>,
    /// Source S1: new hire and initial enrollment → the enrollments' start;
    /// termination → the last day of coverage; QLE / open enrollment → the
    /// change's effective date (a reinstatement: the first day covered
    /// again); demographic change → `null` in a preview, the day it
    /// completed once `foldStatus` sees it complete.
    pub expected_verification_date: Option<Date>,
    /// Its carrier is blocked (`preview` sets it): the transaction is listed,
    /// typed and with its differences, but will not be sent.
    #[serde(default)]
    pub blocked: bool,
}

/// Source S1 names no enrollment window: a new hire's coverage starts on or
/// after the hire (or rehire) date and at most this many days after an
/// orientation period of one calendar month — the longest waiting period the
/// ACA allows, after the longest orientation period it allows before one
/// (so "the first of the month after 90 days" fits).
pub const NEW_HIRE_WINDOW_DAYS: i64 = 90;

/// The day after the longest orientation period from `hire`: one calendar
/// month later, or the first of the month after next when that month has no
/// such day (January 30 → March 1).
fn after_orientation(hire: Date) -> Option<Date> {
    let (y, m, d) = hire.ymd();
    let (ny, nm) = if m == 12 {
        (y.checked_add(1)?, 1)
    } else {
        (y, m.checked_add(1)?)
    };
    Date::from_ymd(ny, nm, d).or_else(|| {
        let first = Date::from_ymd(ny, nm, 1)?;
        first.plus_days(i64::from(first.days_in_month()))
    })
}

/// Whether coverage starting on `start` is a new hire's: on or after the
/// hire date, at the latest the waiting period's end after the orientation.
fn in_new_hire_window(hire: Date, start: Date) -> bool {
    let last = after_orientation(hire).and_then(|d| d.plus_days(NEW_HIRE_WINDOW_DAYS));
    hire <= start && last.is_some_and(|last| start <= last)
}

/// Source S1 ties a new hire to "the created individual enrollments": a
/// reinstatement restores coverage that ended instead, a change of coverage
/// verified when it takes effect (a qualifying life event; docs/api.md).
const HIRES: &[EventReason] = &[EventReason::NewHire, EventReason::Rehire];
const OPEN_ENROLLMENTS: &[EventReason] = &[EventReason::OpenEnrollment, EventReason::DependentOpenEnrollment];

fn any_of(reasons: &[EventReason], wanted: &[EventReason]) -> bool {
    reasons.iter().any(|r| wanted.contains(r))
}

fn is_enrollment(d: &&Difference) -> bool {
    d.object_type == ObjectType::IndividualEnrollment
}

/// Whether an enrollment difference ends coverage.
fn ends_coverage(d: &Difference) -> bool {
    d.change == Change::Removed
        || d.fields
            .iter()
            .any(|f| f.key == "effective_end_date" && f.after.as_str().is_some_and(|e| e != "9999-12-31"))
}

/// Every enrollment change ends coverage and the employee's is among them.
/// A dependent's coverage ending alone (a divorce, a child aging out) is a
/// life event, not a termination.
fn ends_employee_coverage(enrollments: &[&Difference]) -> bool {
    enrollments.iter().all(|d| ends_coverage(d))
        && enrollments
            .iter()
            .any(|d| d.individual.individual_type == IndividualType::Employee)
}

/// A later snapshot's type, from what changed at the carrier and the reasons
/// of the events new in this snapshot (docs/api.md, the decision table).
/// The reasons are looked for only when the table reads them (a carrier's
/// demographic change does not; finding them parses every difference's path).
fn classify_change(
    later: &Later,
    mine: &[&Difference],
    reasons: impl FnOnce() -> Vec<EventReason>,
) -> TransactionType {
    let enrollments: Vec<&Difference> = mine.iter().copied().filter(is_enrollment).collect();
    if enrollments.is_empty() {
        return TransactionType::DemographicChange;
    }
    let reasons = reasons();
    if ends_employee_coverage(&enrollments) {
        return ending_type(later, &enrollments, &reasons);
    }
    if any_of(&reasons, HIRES) {
        TransactionType::NewHire
    } else if any_of(&reasons, OPEN_ENROLLMENTS) {
        TransactionType::OpenEnrollment
    } else if reasons.is_empty() && joins_as_new_hire(later, &enrollments) {
        TransactionType::NewHire
    } else {
        TransactionType::QualifyingLifeEvent
    }
}

/// The type of a change that ends the employee's coverage at the carrier
/// while the employment goes on (source S4 tells "terminating participation"
/// apart from "adjusting coverage selections"): an open enrollment when a new
/// open-enrollment event explains it (source S1 lists it as its own type); a
/// qualifying life event when the employee stays covered at the carrier or a
/// new life event explains the drop. Otherwise — the employment ended, the
/// employee died (a new death event where the employee's own coverage ends:
/// a dependent's death ends theirs, review 27f), or the employee's last
/// coverage there ends unexplained — a termination.
fn ending_type(later: &Later, enrollments: &[&Difference], reasons: &[EventReason]) -> TransactionType {
    if employment_ended(later.cur, reasons) || any_of(reasons, &[EventReason::Death]) {
        TransactionType::Termination
    } else if any_of(reasons, OPEN_ENROLLMENTS) {
        TransactionType::OpenEnrollment
    } else if any_of(reasons, LIFE_EVENTS) || stays_covered(later, enrollments) {
        TransactionType::QualifyingLifeEvent
    } else {
        TransactionType::Termination
    }
}

/// The family and status changes that let an employee who stays employed
/// drop coverage mid-year (a marriage: onto the spouse's plan; Medicare; a
/// move out of the plan's area). Endings of employment or eligibility
/// (termination, retirement, leave, death, ...) are not among them.
const LIFE_EVENTS: &[EventReason] = &[
    EventReason::Marriage,
    EventReason::Divorce,
    EventReason::Newborn,
    EventReason::Adoption,
    EventReason::FosterCare,
    EventReason::LegalGuardian,
    EventReason::CourtOrder,
    EventReason::Medicare,
    EventReason::Moved,
];

/// Whether the employee is still covered at the carrier the day after the
/// last of these changes ends coverage (another line goes on).
fn stays_covered(later: &Later, enrollments: &[&Difference]) -> bool {
    let last = enrollments
        .iter()
        .filter(|d| d.individual.individual_type == IndividualType::Employee)
        .filter_map(|d| d.effective_date)
        .max();
    last.and_then(|d| d.plus_days(1))
        .is_some_and(|after| covered_since(later.cur, later.cur_people(), later.carrier, after))
}

/// Whether the employee's employment ended: a new termination or retirement
/// event, a terminated or retired status, or a termination or retirement date
/// not followed by a later (re)hire.
fn employment_ended(cur: &Snapshot, reasons: &[EventReason]) -> bool {
    if any_of(reasons, &[EventReason::Termination, EventReason::Retirement]) {
        return true;
    }
    let Some(employment) = cur.employee.as_ref().and_then(|e| e.employment.as_ref()) else {
        return false;
    };
    let status = employment.employment_status;
    if matches!(
        status,
        Some(EmploymentStatus::Terminated | EmploymentStatus::Retired)
    ) {
        return true;
    }
    let hire = hired(cur);
    let dates = employment.employment_dates.as_ref();
    dates
        .into_iter()
        .flat_map(|d| [d.terminated, d.retirement])
        .flatten()
        .any(|left| hire.is_none_or(|h| left >= h))
}

/// A new hire whose elections come after a first snapshot without them: the
/// employee had no coverage at the carrier since the (re)hire date, and their
/// earliest added coverage there starts in the new-hire window.
fn joins_as_new_hire(later: &Later, enrollments: &[&Difference]) -> bool {
    let Some(hire) = hired(later.cur) else {
        return false;
    };
    let start = enrollments
        .iter()
        .filter(|d| d.change == Change::Added && d.individual.individual_type == IndividualType::Employee)
        .filter_map(|d| d.effective_date)
        .min();
    start.is_some_and(|s| in_new_hire_window(hire, s))
        && !covered_since(later.prev, later.prev_people(), later.carrier, hire)
}

/// Whether the snapshot enrolls its employee at the carrier in coverage (not
/// a waive) that had not ended before `since`: an enrollment ended before a
/// rehire belongs to the earlier employment.
fn covered_since(s: &Snapshot, people: &Resolver, carrier: &str, since: Date) -> bool {
    s.coverages
        .iter()
        .filter(|c| c.carrier_id.as_deref() == Some(carrier))
        .flat_map(|c| &c.enrolled_members)
        .filter(|m| !m.is_waive() && m.effective_end_date.is_none_or(|e| e >= since))
        .any(|m| matches!(people.resolve(m), Resolution::Found(MemberRef::Employee)))
}

/// What a later snapshot's type reads besides the carrier's differences.
struct Later<'s, 'p> {
    prev: &'s Snapshot,
    cur: &'s Snapshot,
    carrier: &'s str,
    people: &'p People<'s>,
}

/// Each snapshot's `Resolver`, built once for every carrier that reads it
/// (it reads every enrolled member: `Snapshot::resolver`).
#[derive(Default)]
struct People<'s> {
    prev: std::cell::OnceCell<Resolver<'s>>,
    cur: std::cell::OnceCell<Resolver<'s>>,
}

impl<'s> Later<'s, '_> {
    fn prev_people(&self) -> &Resolver<'s> {
        self.people.prev.get_or_init(|| self.prev.resolver())
    }

    fn cur_people(&self) -> &Resolver<'s> {
        self.people.cur.get_or_init(|| self.cur.resolver())
    }
}

/// The later of the employee's hire and rehire dates.
fn hired(cur: &Snapshot) -> Option<Date> {
    let dates = cur
        .employee
        .as_ref()?
        .employment
        .as_ref()?
        .employment_dates
        .as_ref()?;
    dates.hire_date.max(dates.rehire)
}

/// A first snapshot's type: a demographic change when the carrier receives
/// only people (every election there waived), as in a later snapshot; a new
/// hire when the carrier's coverage starts in the new-hire window after the
/// hire date (without a hire date, when a hiring event says so); an open
/// enrollment when an open-enrollment event explains it; otherwise the
/// initial load of a member onboarded with the coverage they already have.
fn classify_first(
    cur: &Snapshot,
    mine: &[&Difference],
    reasons: impl FnOnce() -> Vec<EventReason>,
) -> TransactionType {
    if !mine.iter().any(is_enrollment) {
        return TransactionType::DemographicChange;
    }
    let start = mine
        .iter()
        .filter(|d| is_enrollment(d) && d.change == Change::Added)
        .filter_map(|d| d.effective_date)
        .min();
    let hire = hired(cur);
    if hire.zip(start).is_some_and(|(h, s)| in_new_hire_window(h, s)) {
        return TransactionType::NewHire;
    }
    let reasons = reasons();
    match hire {
        None if any_of(&reasons, HIRES) => TransactionType::NewHire,
        _ if any_of(&reasons, OPEN_ENROLLMENTS) => TransactionType::OpenEnrollment,
        _ => TransactionType::InitialEnrollment,
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

/// The events of the current snapshot that the previous one does not list:
/// only these explain this snapshot's changes (a snapshot keeps listing last
/// year's open enrollment or the original hire long after they happened).
struct NewEvents<'s> {
    /// Reasons of new events, by id (for the events changes name).
    by_id: HashMap<&'s str, EventReason>,
    /// Reasons of every new coverage event.
    coverage: Vec<EventReason>,
}

impl<'s> NewEvents<'s> {
    fn of(prev: Option<&Snapshot>, cur: &'s Snapshot) -> NewEvents<'s> {
        // Ids masking alike name no event and are new to no snapshot, as in
        // `EventDates` (reviews 27e #2, 29b F2): 10,000 `event_id` guesses
        // would otherwise type a carrier's transaction by the event of the
        // one equal to a hidden SSN.
        let alike = crate::privacy::event_ids_alike(cur);
        let fresh = super::enrollments::new_events(prev, cur, &alike);
        let mut by_id = HashMap::with_capacity(fresh.len());
        for e in &fresh {
            if let (Some(id), Some(reason)) = (e.id.as_deref(), e.reason) {
                by_id.entry(id).or_insert(reason);
            }
        }
        let coverage = fresh
            .iter()
            .filter(|e| e.event_type != Some(EventType::Demographic))
            .filter_map(|e| e.reason)
            .collect();
        NewEvents { by_id, coverage }
    }

    /// The reasons explaining a carrier's changes: the new events they name
    /// (`event_id`), else every new coverage event.
    fn reasons(&self, cur: &Snapshot, mine: &[&Difference]) -> Vec<EventReason> {
        let named: Vec<EventReason> = mine
            .iter()
            .filter_map(|d| event_id_at(cur, d))
            .filter_map(|id| self.by_id.get(id.as_str()).copied())
            .collect();
        if named.is_empty() {
            self.coverage.clone()
        } else {
            named
        }
    }
}

/// One transaction per carrier with differences, in the given carrier order.
pub(crate) fn transactions(
    prev: Option<&Snapshot>,
    cur: &Snapshot,
    carriers: &[String],
    diffs: &[Difference],
) -> Vec<MemberTransaction> {
    // Found once, and only if a carrier's type reads them.
    let events = std::cell::OnceCell::new();
    let people = People::default();
    let covered = lines_by_carrier(cur);
    let grouped = by_carrier(diffs);
    carriers
        .iter()
        .filter_map(|carrier| {
            let mine: Vec<&Difference> = grouped.get(carrier.as_str())?.clone();
            let reasons = || {
                events
                    .get_or_init(|| NewEvents::of(prev, cur))
                    .reasons(cur, &mine)
            };
            let kind = match prev {
                None => classify_first(cur, &mine, reasons),
                Some(prev) => classify_change(
                    &Later {
                        prev,
                        cur,
                        carrier: carrier.as_str(),
                        people: &people,
                    },
                    &mine,
                    reasons,
                ),
            };
            let mut lines: Vec<LineOfCoverage> = mine.iter().filter_map(|d| d.line_of_coverage).collect();
            if lines.is_empty() {
                // A demographic change concerns every line the carrier covers the family for.
                lines.extend(covered.get(carrier.as_str()).into_iter().flatten());
            }
            crate::sort::sort(&mut lines);
            lines.dedup();
            let effective_date = mine.iter().filter_map(|d| d.effective_date).max();
            let expected_verification_date = expected_verification(kind, &mine, effective_date);
            Some(MemberTransaction {
                id: String::new(),
                carrier_id: carrier.clone(),
                transaction_type: kind,
                lines_of_coverage: lines,
                difference_ids: Vec::new(),
                effective_date,
                expected_verification_date,
                blocked: false,
            })
        })
        .collect()
}

/// Gives each transaction (one per carrier, as `transactions` made them)
/// the ids of its carrier's differences, in their order, and its own id:
/// the hash of its carrier and those ids.
pub(crate) fn identify(transactions: &mut [MemberTransaction], diffs: &[Difference]) {
    let grouped = by_carrier(diffs);
    for t in transactions {
        let mine = grouped.get(t.carrier_id.as_str()).map_or(&[][..], Vec::as_slice);
        t.difference_ids = mine.iter().map(|d| d.id.clone()).collect();
        let mut parts: Vec<Part> = Vec::with_capacity(1 + mine.len());
        parts.push(Part::Text(&t.carrier_id));
        parts.extend(t.difference_ids.iter().map(|id| Part::Id(id)));
        t.id = stable_id_citing("T-", &parts);
    }
}

/// Source S1: a transaction is verified "on the date that all changes from
/// the transaction are effective". Its timeline: new hire and initial
/// enrollment — the (latest) start of the added enrollments; termination —
/// the last day of coverage; QLE and open enrollment — the coverage
/// changes' effective date; demographic change — none, verified on
/// completion. A demographic change carried with the enrollments (a move
/// with a newborn) is one of "all changes": a later one moves the date.
fn expected_verification(
    kind: TransactionType,
    mine: &[&Difference],
    effective_date: Option<Date>,
) -> Option<Date> {
    let enrollment_dates = |pick: fn(&Difference) -> bool| {
        mine.iter()
            .filter(|d| is_enrollment(d) && pick(d))
            .filter_map(|d| d.effective_date)
            .max()
    };
    let demographic = mine
        .iter()
        .filter(|d| !is_enrollment(d))
        .filter_map(|d| d.effective_date)
        .max();
    match kind {
        TransactionType::NewHire | TransactionType::InitialEnrollment => {
            enrollment_dates(|d| d.change == Change::Added)
                .max(demographic)
                .or(effective_date)
        }
        TransactionType::Termination => enrollment_dates(ends_coverage).or(effective_date),
        TransactionType::QualifyingLifeEvent | TransactionType::OpenEnrollment => {
            enrollment_dates(|_| true).max(demographic).or(effective_date)
        }
        TransactionType::DemographicChange => None,
    }
}
