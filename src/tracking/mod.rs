//! Tracking (source S2): each requested difference against what a carrier
//! reports it has — resolved, still open, or a discrepancy with field-level
//! detail — and what the carrier has that the platform does not.
//!
//! The carrier's report is a snapshot-shaped document (read structurally and
//! leniently). People are matched to the platform's by ids in either field,
//! else names and dates of birth, never SSN (`matching`), and a difference
//! finds its record by the person's reference number, the carrier and the
//! line (indexed once: tracking is near-linear in its input); among a
//! person's several rows of one carrier and line, the current row at its
//! path and the report's row paired with it by content
//! (`enrollments::pair_rows`), whatever order the report lists them in.
//!
//! A report that names the carriers it speaks for (`reported_by.carrier_ids`,
//! as `parse834`'s do, or the `carrier_ids` option) judges only the
//! differences routed to them; the others are listed in `not_judged`.
//!
//! Per requested field: the carrier shows the requested value → applied; the
//! old value → not applied yet; anything else → `field_mismatch` — values
//! compared as the carrier's system holds them (`compare`). A field the
//! report cannot show (its format does not carry it, or it holds the value
//! masked) is neither: it is listed in the difference's `not_shown`. So is
//! an `after` the differences give of themselves (where the current
//! snapshot lacks the field) that shows like another distinct value of the
//! call; such a `before` is not read (the field judged by the current
//! value alone): forged differences are guesses at values the report
//! hides, one judged a call (`Tracker::guesses_alike`, reviews 30c #1, 30e).
//! - An *added* record (person or enrollment) resolves once the carrier has
//!   it; a field of it that differs opens a separate field discrepancy (seed
//!   002: "the pending change of 'adding enrollment' will resolve, but a new
//!   discrepancy for the specific field will be opened").
//! - A *modified* record's difference is the field change itself: `resolved`
//!   when applied, a `discrepancy` when a field mismatches or the transaction
//!   completed without it, `open` otherwise — and `open` whatever the
//!   completion when the report shows none of its fields (it cannot tell
//!   whether the carrier represents the change; `not_shown` says why).
//! - A *removed* enrollment resolves when the carrier shows the requested end
//!   or no longer has the record; a removed person when the carrier covers
//!   them no more at that carrier.
//! - A record the report lacks whose requested coverage ended before
//!   `today` (an enrollment, or a person whose every enrollment at the
//!   carrier did) resolves: a full report lists only members in force.
//! - An enrollment's plan is judged by the configured plan each side means
//!   (`config::PlanIndex::lookup`): `plan_name` requested, `plan_id` reported.
//!
//! A record missing *after its transaction completed* is a discrepancy; before,
//! the difference is `open` (the carrier may simply not have processed it yet).
//!
//! What one item repeats of another is bounded, so the result grows with
//! the input: an id of `requested` past 256 bytes is refused
//! (`overlong_id`), and a coverage's plan fields are read once for all its
//! rows (`Leaves`).

mod compare;
mod matching;
#[cfg(test)]
mod measure;
mod records;
mod result;
mod tracker;

use std::collections::{HashMap, HashSet};

use serde_json::{json, Value};

use crate::config::PlanIndex;
use crate::diagnostic::limits::MAX_DIFFERENCE_BYTES;
use crate::diff::enrollments::{items, pair_rows, Item};
use crate::diff::ids::stable_id;
use crate::diff::people::{Pairing, Side};
use crate::diff::{Change, Difference, ObjectType, References};
use crate::model::{Date, GroupConfig, MemberRef, Snapshot};

use compare::{letters, Format};
use records::Records;
use tracker::Tracker;

pub use result::{
    Discrepancy, DiscrepancyKind, FieldDiscrepancy, Requested, TrackOptions, TrackedDifference, Tracking,
    TrackingStatus, Unrequested,
};

/// What the report says of itself: `reported_by: { carrier_ids, format }`.
fn reported_by(report: &Snapshot) -> (Vec<String>, Format) {
    let by = report.extra.get("reported_by");
    let carriers = by
        .and_then(|b| b.get("carrier_ids"))
        .and_then(Value::as_array)
        .map(|ids| ids.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default();
    let format = match by.and_then(|b| b.get("format")).and_then(Value::as_str) {
        Some("x12_834") => Format::X12_834,
        _ => Format::Snapshot,
    };
    (carriers, format)
}

/// The report's person a pointer (`/employee/…`, `/dependents/2/…`) is in,
/// and the field as a dotted key.
fn person_field(pointer: &str) -> Option<(MemberRef, String)> {
    let rest = pointer.strip_prefix('/')?;
    let (who, field) = match rest.split_once('/')? {
        ("employee", field) => (MemberRef::Employee, field),
        ("dependents", rest) => {
            let (k, field) = rest.split_once('/')?;
            (MemberRef::Dependent(k.parse().ok()?), field)
        }
        _ => return None,
    };
    Some((who, field.replace('/', ".")))
}

/// The requested differences, each once (the first occurrence's place and
/// content), with the snapshots that requested it, each once in the order
/// given. Whether a snapshot is listed is one look-up in `listed`: scanning
/// the difference's list was quadratic in the snapshots (review 26c #5).
fn deduplicated(requested: &[Requested]) -> Vec<(&Difference, Vec<String>)> {
    let mut at: HashMap<&str, usize> = HashMap::new();
    let mut listed: HashSet<(usize, &str)> = HashSet::new();
    let mut out: Vec<(&Difference, Vec<String>)> = Vec::new();
    for r in requested {
        for d in &r.differences {
            let k = *at.entry(d.id.as_str()).or_insert_with(|| {
                out.push((d, Vec::new()));
                out.len() - 1
            });
            if let (Some(id), Some((_, ids))) = (&r.snapshot_id, out.get_mut(k)) {
                if listed.insert((k, id.as_str())) {
                    ids.push(id.clone());
                }
            }
        }
    }
    out
}

/// Tracks the `requested` differences (from `diff`/`preview` of `current`
/// and of the snapshots before it) against the carrier-reported member state.
pub fn track(
    config: &GroupConfig,
    current: &Snapshot,
    requested: &[Requested],
    report: &Snapshot,
    options: &TrackOptions,
) -> Tracking {
    if let Some(issue) = overlong_id(requested) {
        return Tracking {
            issues: vec![issue],
            ..Tracking::default()
        };
    }
    let matched = Matched::of(config, current, report, &renamed(current, requested));
    track_matched(config, matched, requested, options)
}

/// The most bytes an id of `requested` may have (`overlong_id`).
pub const MAX_REQUESTED_ID_BYTES: usize = 256;

/// `requested_id_too_long` for the first id of `requested` past
/// [`MAX_REQUESTED_ID_BYTES`]: a snapshot id, or a difference's id, carrier
/// id or person reference. Each is repeated in every item tracking makes of
/// it — a difference's in each of its field discrepancies, a snapshot's in
/// each of its differences' `snapshot_ids` — so one long id made the result
/// its length times the items (review 28b F2). The engine's ids are 18 to
/// 36 bytes.
fn overlong_id(requested: &[Requested]) -> Option<crate::diagnostic::Issue> {
    let long = |id: &str| id.len() > MAX_REQUESTED_ID_BYTES;
    let found = requested.iter().enumerate().find_map(|(r, q)| {
        if let Some(id) = q.snapshot_id.as_deref().filter(|id| long(id)) {
            return Some(("snapshot_id", r, None, id.len()));
        }
        q.differences.iter().enumerate().find_map(|(k, d)| {
            let ids = [
                ("id", &d.id),
                ("carrier_id", &d.carrier_id),
                ("individual.reference", &d.individual.reference),
            ];
            let (field, id) = ids.into_iter().find(|(_, id)| long(id))?;
            Some((field, r, Some(k), id.len()))
        })
    });
    let (field, snapshot, difference, bytes) = found?;
    let params = json!({ "field": field, "snapshot": snapshot, "difference": difference,
                         "bytes": bytes, "limit": MAX_REQUESTED_ID_BYTES });
    let rule = crate::diagnostic::codes::fulfillment::REQUESTED_ID_TOO_LONG;
    Some(crate::diagnostic::make_issue_at(rule, "", params))
}

/// The people whose name or date of birth a requested modification changed,
/// as they were (`matching::Renamed`): found by the difference's path into
/// the current snapshot (`/employee/…`, `/dependents/k/…`). The first such
/// difference that names a person keeps them; nothing of the person is
/// copied, and their own names are reduced to letters once: a person may
/// carry megabytes (unknown fields, a long name) and a requested list
/// thousands of changes of their name (review 26c #1: the whole person was
/// cloned per difference).
fn renamed(current: &Snapshot, requested: &[Requested]) -> matching::Renamed {
    const NAMING: [&str; 3] = ["person.first_name", "person.last_name", "person.date_of_birth"];
    let mut out = matching::Renamed::new();
    let mut own: HashMap<MemberRef, [String; 2]> = HashMap::new();
    for d in requested.iter().flat_map(|r| &r.differences) {
        let naming = d.fields.iter().filter(|f| NAMING.contains(&f.key.as_str()));
        if d.change != Change::Modified || naming.clone().next().is_none() {
            continue;
        }
        let mut steps = d.path.split('/').skip(1);
        let (who, person) = match (steps.next(), steps.next().map(str::parse::<usize>)) {
            (Some("employee"), _) => (
                MemberRef::Employee,
                current.employee.as_ref().and_then(|e| e.person.as_ref()),
            ),
            (Some("dependents"), Some(Ok(k))) => (
                MemberRef::Dependent(k),
                current.dependents.get(k).and_then(|p| p.person.as_ref()),
            ),
            _ => continue,
        };
        let Some(person) = person else {
            continue;
        };
        if out.contains_key(&who) {
            continue; // named by an earlier difference
        }
        // The name and date of birth before the change: the difference's
        // `before` where it changed them, else the person's own.
        let (mut first, mut last, mut dob) = (None, None, person.date_of_birth);
        for f in naming {
            let text = f.before.as_str();
            match f.key.as_str() {
                "person.first_name" => first = Some(letters(text.unwrap_or_default())),
                "person.last_name" => last = Some(letters(text.unwrap_or_default())),
                _ => dob = text.and_then(|t| Date::parse(t).ok()),
            }
        }
        let Some(dob) = dob else {
            continue;
        };
        let [own_first, own_last] = own.entry(who).or_insert_with(|| matching::name_letters(person));
        let first = first.as_deref().unwrap_or(own_first);
        let last = last.as_deref().unwrap_or(own_last);
        if let Some(key) = matching::letters_key(first, last, dob) {
            out.insert(who, key);
        }
    }
    out
}

/// The report's people and enrollments matched to the current snapshot's
/// (`matching`; the diff's code reads the enrollments).
struct Matched<'a> {
    current: &'a Snapshot,
    report: &'a Snapshot,
    pairing: Pairing,
    cur_items: Vec<Item<'a>>,
    rep_items: Vec<Item<'a>>,
    /// The configuration's plans, indexed as validation and diff find them.
    plans: PlanIndex,
}

impl<'a> Matched<'a> {
    fn of(
        config: &GroupConfig,
        current: &'a Snapshot,
        report: &'a Snapshot,
        renamed: &matching::Renamed,
    ) -> Matched<'a> {
        let pairing = matching::pairing(report, current, renamed);
        let plans = PlanIndex::of(config);
        let cur_items = items(current, &pairing, Side::Current);
        let mut rep_items = items(report, &pairing, Side::Previous);
        // A person's several rows of one carrier and line are the current
        // ones they hold alike, whatever order the report lists them in.
        pair_rows(&cur_items, &mut rep_items, Some((config, &plans)));
        Matched {
            current,
            report,
            pairing,
            cur_items,
            rep_items,
            plans,
        }
    }
}

fn track_matched(
    config: &GroupConfig,
    m: Matched,
    requested: &[Requested],
    options: &TrackOptions,
) -> Tracking {
    let pairing = &m.pairing;
    let references = References::of(pairing);
    let cur = Records::new(
        m.current,
        m.cur_items,
        |who| pairing.key(Side::Current, who),
        &references,
    );
    let rep = Records::new(
        m.report,
        m.rep_items,
        |who| pairing.key(Side::Previous, who),
        &references,
    );
    let (named, format) = reported_by(m.report);
    let carriers: HashSet<&str> = match named.is_empty() {
        true => options.carrier_ids.iter().map(String::as_str).collect(),
        false => named.iter().map(String::as_str).collect(),
    };
    let judged = |carrier: &str| carriers.is_empty() || carriers.contains(carrier);
    let hidden = options
        .unreadable
        .iter()
        .filter_map(|p| person_field(p))
        .collect();
    let mut t = Tracker::new(
        config,
        m.plans,
        (cur, rep),
        references,
        options.today,
        format,
        hidden,
    );
    let done: HashSet<&str> = options.completed.iter().map(String::as_str).collect();
    let mut differences = Vec::new();
    let mut discrepancies = Vec::new();
    let mut removed = HashSet::new();
    let (requested, others): (Vec<_>, Vec<_>) = deduplicated(requested)
        .into_iter()
        .partition(|(d, _)| judged(&d.carrier_id));
    let not_judged = others.into_iter().map(|(d, _)| d.id.clone()).collect();
    t.guesses_alike(&requested.iter().map(|(d, _)| *d).collect::<Vec<_>>());
    for (d, snapshot_ids) in requested {
        if let (ObjectType::IndividualEnrollment, Change::Removed, Some(line)) =
            (d.object_type, d.change, d.line_of_coverage)
        {
            removed.insert((d.individual.reference.as_str(), d.carrier_id.as_str(), line));
        }
        let outcome = t.track(d, done.contains(d.id.as_str()));
        discrepancies.extend(outcome.separate.into_iter().map(|x| FieldDiscrepancy {
            id: stable_id("X-", &[&d.id, x.key.as_deref().unwrap_or_default()]),
            difference_id: d.id.clone(),
            carrier_id: d.carrier_id.clone(),
            object_type: d.object_type,
            individual_reference: d.individual.reference.clone(),
            line_of_coverage: d.line_of_coverage,
            discrepancy: x,
        }));
        differences.push(TrackedDifference {
            difference_id: d.id.clone(),
            carrier_id: d.carrier_id.clone(),
            object_type: d.object_type,
            change: d.change,
            status: outcome.status,
            discrepancies: outcome.own,
            snapshot_ids,
            not_shown: outcome.not_shown,
        });
    }
    // Records whose fields, flattened, pass 16 MiB of keys (unknown objects
    // nested under long keys): nothing is tracked, as a diff of them is refused.
    if t.keys.get().over() {
        let issue = crate::diff::too_many_differences(differences.len(), MAX_DIFFERENCE_BYTES);
        return Tracking {
            issues: vec![issue],
            ..Tracking::default()
        };
    }
    let mut unrequested = t.unrequested(&removed);
    unrequested.retain(|u| judged(&u.carrier_id));
    Tracking {
        differences,
        discrepancies,
        unrequested,
        not_judged,
        issues: Vec::new(),
    }
}

/// The differences whose transaction completed (`completed_at`): a Sync
/// carrier's `carrier_completed`, or a Send carrier's file transmitted.
pub fn completed_difference_ids(state: &crate::fulfillment::lifecycle::FulfillmentState) -> Vec<String> {
    state
        .transactions
        .iter()
        .filter(|t| t.completed_at.is_some())
        .flat_map(|t| t.transaction.difference_ids.iter().cloned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tracking::tracker::date_note;

    #[test]
    fn a_date_note_counts_days_but_names_an_open_end() {
        let note = |a: &str, b: &str| date_note(&json!(a), &json!(b));
        assert_eq!(
            note("2026-01-01", "2026-01-16").as_deref(),
            Some("15 days later than requested")
        );
        assert_eq!(
            note("2026-01-16", "2026-01-01").as_deref(),
            Some("15 days earlier than requested")
        );
        assert_eq!(note("2026-06-30", "2026-06-30"), None);
        // One day is said in the singular (review 28d).
        assert_eq!(
            note("2026-01-01", "2026-01-02").as_deref(),
            Some("1 day later than requested")
        );
        assert_eq!(
            note("2026-01-02", "2026-01-01").as_deref(),
            Some("1 day earlier than requested")
        );
        assert_eq!(
            note("2026-06-30", "9999-12-31").as_deref(),
            Some("held open-ended where an end was requested")
        );
        assert_eq!(
            note("9999-12-31", "2026-06-30").as_deref(),
            Some("held with an end where none was requested")
        );
        assert_eq!(note("9999-12-31", "9999-12-31"), None);
    }
}
