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
//! masked) is neither: it is listed in the difference's `not_shown`.
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

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::config::PlanIndex;
use crate::diagnostic::limits::MAX_DIFFERENCE_BYTES;
use crate::diff::enrollments::{items, pair_rows, Item};
use crate::diff::ids::stable_id;
use crate::diff::people::{dependent_doc, employee_doc, flatten, pair, shown, KeyBytes, Pairing, Side};
use crate::diff::{Change, Difference, ObjectType, References};
use crate::model::{Coverage, Date, GroupConfig, LineOfCoverage, MemberRef, Plan, Snapshot};

use compare::{equivalent, letters, Format};

/// Where a requested change stands at the carrier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum TrackingStatus {
    Resolved,
    Open,
    Discrepancy,
}

/// The kinds of discrepancy (source S2's Tracking).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum DiscrepancyKind {
    /// The platform has it; the carrier does not.
    MissingFromCarrier,
    /// Both have it, with different values.
    FieldMismatch,
    /// The carrier has it; the platform does not.
    MissingFromPlatform,
}

/// One field-level (or record-level, without `key`) discrepancy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Discrepancy {
    pub kind: DiscrepancyKind,
    pub key: Option<String>,
    pub requested: Value,
    pub reported: Value,
    /// Why it is probably so, when the engine can tell (e.g. pending EOI).
    pub note: Option<String>,
}

/// A requested difference and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TrackedDifference {
    pub difference_id: String,
    pub carrier_id: String,
    pub object_type: ObjectType,
    pub change: Change,
    pub status: TrackingStatus,
    /// The difference's own escalation (a modification not applied, a record missing).
    pub discrepancies: Vec<Discrepancy>,
    /// The snapshots that requested this difference, each once, in the order
    /// given (empty when the differences came without a snapshot id).
    pub snapshot_ids: Vec<String>,
    /// The requested fields the report cannot show, judged neither way: its
    /// format does not carry them (an 834 has no hours worked) or it holds
    /// them masked (an SSN, or a nine-digit ZIP, in a JS result). A
    /// difference whose every field is one of them stays `open`.
    pub not_shown: Vec<String>,
}

/// A field discrepancy opened on its own: the carrier has the record a
/// difference added (so that difference resolved), but one of its fields
/// differs from the request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FieldDiscrepancy {
    /// `X-` + 16 hex digits over the difference id and the field: the same
    /// field of the same change keeps its id from one tracking to the next.
    pub id: String,
    pub difference_id: String,
    pub carrier_id: String,
    pub object_type: ObjectType,
    pub individual_reference: String,
    pub line_of_coverage: Option<LineOfCoverage>,
    pub discrepancy: Discrepancy,
}

/// Something the carrier has that the platform does not (no difference asked for it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Unrequested {
    pub carrier_id: String,
    pub line_of_coverage: LineOfCoverage,
    pub individual_reference: String,
    /// Pointer into the carrier's report.
    pub path: String,
    pub discrepancy: Discrepancy,
}

/// What `track` returns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Tracking {
    pub differences: Vec<TrackedDifference>,
    /// Field discrepancies of records added as requested, in the order of their differences.
    pub discrepancies: Vec<FieldDiscrepancy>,
    pub unrequested: Vec<Unrequested>,
    /// The differences routed to carriers the report does not speak for
    /// (`reported_by.carrier_ids`, or the `carrier_ids` option), by id in
    /// the order requested: not judged, so not in `differences`.
    pub not_judged: Vec<String>,
    /// Fatal problems reading the current snapshot or the report, or an id
    /// of `requested` too long (`requested_id_too_long`): then nothing is tracked.
    pub issues: Vec<crate::diagnostic::Issue>,
}

/// The differences one submitted snapshot requested.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Requested {
    /// The snapshot's id, listed in `snapshot_ids` of its differences.
    pub snapshot_id: Option<String>,
    pub differences: Vec<Difference>,
}

/// Options of `track`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrackOptions {
    /// Ids of the differences whose transaction completed (see `completed_difference_ids`).
    pub completed: Vec<String>,
    /// For "in force": an enrollment ending on or after `today` is; without
    /// it only open-ended ones are (as in `diff`).
    pub today: Option<Date>,
    /// The carriers the report speaks for, when it does not say itself
    /// (`reported_by.carrier_ids`); none given: every carrier.
    pub carrier_ids: Vec<String>,
    /// Pointers into the report to values it holds that could not be read
    /// (an SSN or a ZIP masked, `*****1234`): not shown (`track_json` gives
    /// the report's `invalid_ssn` and `invalid_zip_code`).
    pub unreadable: Vec<String>,
}

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

/// One side's records, indexed by reference number.
struct Records<'a> {
    snapshot: &'a Snapshot,
    items: Vec<Item<'a>>,
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
    fn new(
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
    fn rows(&self, d: &Difference) -> &[usize] {
        let Some(line) = d.line_of_coverage else {
            return &[];
        };
        let key = (d.individual.reference.clone(), d.carrier_id.clone(), line);
        self.enrollments.get(&key).map_or(&[], Vec::as_slice)
    }

    /// The enrollment a difference names: the one at its path when that is
    /// one of the person's at its carrier and line (a difference of this
    /// snapshot's preview), else their first by rank.
    fn named(&self, d: &Difference) -> Option<&Item<'a>> {
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
    fn with_ordinal(&self, d: &Difference, ordinal: usize) -> Option<&Item<'a>> {
        let rows = self.rows(d);
        let n = rows
            .binary_search_by_key(&Some(ordinal), |&r| self.ordinal(r))
            .ok()?;
        self.items.get(*rows.get(n)?)
    }

    /// The first by rank of the difference's person's enrollments at its
    /// carrier and line that pairs with none of the `paired` current ones
    /// (those take ordinals below their count).
    fn unpaired(&self, d: &Difference, paired: usize) -> Option<&Item<'a>> {
        let rows = self.rows(d);
        let first = rows.partition_point(|&r| self.ordinal(r) < Some(paired));
        self.items.get(*rows.get(first)?)
    }

    fn ordinal(&self, k: usize) -> Option<usize> {
        self.items.get(k).map(|x| x.ordinal)
    }

    fn person(&self, d: &Difference) -> Option<MemberRef> {
        self.people.get(&d.individual.reference).copied()
    }

    fn person_doc(&self, who: MemberRef) -> Option<Value> {
        match who {
            MemberRef::Employee => self.snapshot.employee.as_ref().map(employee_doc),
            MemberRef::Dependent(k) => self.snapshot.dependents.get(k).map(dependent_doc),
        }
    }
}

struct Tracker<'a> {
    /// The configuration, its plans indexed as validation and diff find them.
    group: &'a GroupConfig,
    plans: PlanIndex,
    current: Records<'a>,
    report: Records<'a>,
    /// (person reference, carrier) of the report's open-ended enrollments:
    /// coverage the carrier has set to end is a removal applied, its date
    /// judged by the enrollment's own `removed` difference.
    covered_at: HashSet<(String, String)>,
    /// The current snapshot's coverage that ends before `today`
    /// (`ended_before`): (person reference, carrier, line) of each such
    /// enrollment, and (person reference, carrier, `None`) when every one
    /// of the person's there does.
    ended: Ended,
    /// (person reference, carrier) of each person of the current snapshot
    /// with an enrollment at that carrier (ended ones included; a waive is none).
    enrolled_at: HashSet<(String, String)>,
    /// Reference numbers by person key, as the diff gives them.
    references: References,
    today: Option<Date>,
    /// What the report is: which fields it shows, how it writes them.
    format: Format,
    /// The report's values it holds but could not be read (masked), by
    /// person and dotted key.
    hidden: HashSet<(MemberRef, String)>,
    /// The key bytes the call's flattenings may still build (`KeyBytes`).
    keys: Cell<KeyBytes>,
    /// Each person's leaves, current (`false`) and reported (`true`),
    /// flattened once: a person has one difference per changed field
    /// group, and flattening them again for each was quadratic.
    people: RefCell<HashMap<(bool, MemberRef), Rc<Leaves>>>,
    /// Each enrollment's leaves, current (`false`) and reported (`true`), by
    /// its place (coverage, member), flattened once (`enrollment_leaves`).
    enrollment_docs: RefCell<HashMap<(bool, usize, usize), Rc<Leaves>>>,
    /// Each coverage's plan fields, current and reported, by its place,
    /// flattened once and shared by its rows' leaves (`enrollment_leaves`).
    plan_docs: RefCell<HashMap<(bool, usize), Rc<Flat>>>,
    /// Whether two lists or objects (or long strings) of the documents are
    /// equal, by their addresses: thousands of differences may name one
    /// field holding a large list, which was compared whole for each
    /// (review 26c). Valid while the values live: the people's and the
    /// enrollments' leaves and the differences, all kept for the call.
    equal_containers: RefCell<HashMap<(usize, usize), bool>>,
}

/// Values by dotted key (`people::flatten`).
type Flat = BTreeMap<String, Value>;

/// A record's leaves: its own, and for an enrollment its coverage's plan
/// fields, shared by the coverage's rows — one coverage with a long plan
/// name and thousands of rows had a copy of the name per row (review 28b F1).
#[derive(Default)]
struct Leaves {
    own: Flat,
    plan: Option<Rc<Flat>>,
}

impl Leaves {
    fn get(&self, key: &str) -> Option<&Value> {
        self.own
            .get(key)
            .or_else(|| self.plan.as_deref().and_then(|plan| plan.get(key)))
    }
}

/// Strings longer than this (bytes) are compared once per call by address
/// (`Tracker::equivalent`); shorter ones cost less than the look-up.
const LONG_STRING: usize = 256;

/// How one requested field stands.
enum FieldState {
    Applied,
    /// The old value: what the report shows, when it writes it otherwise
    /// (a plan by the other of its id and name), else the field as reported.
    NotYet(Option<Value>),
    Mismatch(Discrepancy),
    /// The report cannot show it (`TrackedDifference::not_shown`).
    NotShown,
}

/// A difference's outcome: its status, its own discrepancies, and the field
/// discrepancies opened separately (added records).
struct Outcome {
    status: TrackingStatus,
    own: Vec<Discrepancy>,
    separate: Vec<Discrepancy>,
    not_shown: Vec<String>,
}

impl Outcome {
    fn resolved() -> Outcome {
        Outcome {
            status: TrackingStatus::Resolved,
            own: Vec::new(),
            separate: Vec::new(),
            not_shown: Vec::new(),
        }
    }
}

/// How a difference's requested fields stand.
#[derive(Default)]
struct Fields {
    mismatched: Vec<Discrepancy>,
    /// Not applied yet, as the discrepancies they become once completed.
    pending: Vec<Discrepancy>,
    not_shown: Vec<String>,
    /// Whether any field was judged (shown by the report).
    judged: bool,
}

/// A value as a discrepancy shows it: masked, and a string longer than a
/// label cut to one (`quote`, 64 characters): a requested list may name one
/// megabyte-long field in thousands of differences, each a discrepancy
/// (review 25f #1) — the field says which value, not the whole of it.
///
/// A list or object past `MAX_SHOWN_BYTES` of JSON is shown as a label
/// naming its size (`"(a list of 90000 items)"`, `"(an object of 12
/// members)"`), never its keys or items: a large unknown field named by
/// thousands of differences was copied into each (review 26c), and a
/// label cut from its text would show its keys in their written order
/// (`privacy::order`).
fn masked(key: &str, v: &Value) -> Value {
    match v {
        Value::String(s) if s.len() > crate::model::text::QUOTE_CHARS * 4 => {
            shown(key, Value::String(crate::model::text::quote(s)))
        }
        Value::Array(items) if weighs_more(v, MAX_SHOWN_BYTES) => {
            Value::String(format!("(a list of {} items)", items.len()))
        }
        Value::Object(members) if weighs_more(v, MAX_SHOWN_BYTES) => {
            Value::String(format!("(an object of {} members)", members.len()))
        }
        v => shown(key, v.clone()),
    }
}

/// The most bytes of JSON a list or object of a discrepancy shows whole.
const MAX_SHOWN_BYTES: usize = 256;

/// Whether `v` as JSON passes `budget` bytes (about: strings and keys by
/// their length plus quotes, other values by a few bytes), read only as far
/// as the budget: a 4 MiB list is not read to label it.
fn weighs_more(v: &Value, budget: usize) -> bool {
    fn left(v: &Value, budget: usize) -> Option<usize> {
        match v {
            Value::String(s) => budget.checked_sub(s.len() + 3),
            Value::Array(items) => items.iter().try_fold(budget.checked_sub(2)?, |b, i| left(i, b)),
            Value::Object(m) => m.iter().try_fold(budget.checked_sub(2)?, |b, (k, v)| {
                left(v, b.checked_sub(k.len() + 4)?)
            }),
            _ => budget.checked_sub(5),
        }
    }
    left(v, budget).is_none()
}

const NOT_APPLIED: &str = "the transaction completed but the carrier still shows the old value";

fn not_applied(key: String, want: &Value, got: Option<&Value>) -> Discrepancy {
    Discrepancy {
        kind: DiscrepancyKind::FieldMismatch,
        requested: masked(&key, want),
        reported: masked(&key, got.unwrap_or(&Value::Null)),
        key: Some(key),
        note: Some(NOT_APPLIED.into()),
    }
}

/// Whether the requested coverage ends before `today` (the report's date):
/// a full report (an 834 in `full` mode, a carrier's member data) holds
/// only members in force on its date, so it no longer lists this one.
fn ended_before(x: &Item, today: Option<Date>) -> bool {
    match (x.member.effective_end_date, today) {
        (Some(end), Some(today)) => !end.is_open_end() && end < today,
        _ => false,
    }
}

/// `Tracker::ended`, by the reference numbers the differences carry: the
/// current snapshot's people keyed as the diff keys them (the tracking's
/// pairing keys an employee the report does not match by the report's key).
///
/// With it, (person reference, carrier) of everyone with an enrollment at
/// that carrier (`Tracker::enrolled_at`).
fn ended_coverage(current: &Snapshot, today: Option<Date>) -> (Ended, HashSet<(String, String)>) {
    let alone = pair(None, current);
    let references = References::of(&alone);
    let mut all: HashMap<(String, String, Option<LineOfCoverage>), bool> = HashMap::new();
    for x in items(current, &alone, Side::Current) {
        let (r, carrier, e) = (
            references.get(&x.person_key),
            x.carrier.to_owned(),
            ended_before(&x, today),
        );
        // A waive is no enrollment (docs/api.md, Routing): the person is
        // neither covered there nor one whose coverage there ended (review 27f).
        if !x.member.is_waive() {
            *all.entry((r.clone(), carrier.clone(), None)).or_insert(true) &= e;
        }
        *all.entry((r, carrier, Some(x.line))).or_insert(true) &= e;
    }
    let enrolled = all
        .keys()
        .filter(|(_, _, line)| line.is_none())
        .map(|(r, c, _)| (r.clone(), c.clone()))
        .collect();
    let ended = all.into_iter().filter(|(_, e)| *e).map(|(k, _)| k).collect();
    (ended, enrolled)
}

/// (person reference, carrier, line) of each enrollment ended before
/// `today`, and (person reference, carrier, `None`) when every one of the
/// person's there has (`ended_coverage`).
type Ended = HashSet<(String, String, Option<LineOfCoverage>)>;

/// A date reported later or earlier than requested, in days; an end of
/// `9999-12-31` on either side is no end, not a date millions of days away.
fn date_note(requested: &Value, got: &Value) -> Option<String> {
    let want = Date::parse(requested.as_str()?).ok()?;
    let have = Date::parse(got.as_str()?).ok()?;
    match (want.is_open_end(), have.is_open_end()) {
        (false, true) => return Some("held open-ended where an end was requested".into()),
        (true, false) => return Some("held with an end where none was requested".into()),
        _ => {}
    }
    let days = have.days_since_epoch() - want.days_since_epoch();
    let count = |n: i64| {
        if n == 1 {
            "1 day".to_owned()
        } else {
            format!("{n} days")
        }
    };
    match days {
        0 => None,
        1.. => Some(format!("{} later than requested", count(days))),
        _ => Some(format!("{} earlier than requested", count(-days))),
    }
}

impl<'a> Tracker<'a> {
    fn new(
        config: &'a GroupConfig,
        plans: PlanIndex,
        (current, report): (Records<'a>, Records<'a>),
        references: References,
        today: Option<Date>,
        format: Format,
        hidden: HashSet<(MemberRef, String)>,
    ) -> Tracker<'a> {
        let covered_at = report
            .items
            .iter()
            .filter(|x| x.in_force(today) && x.member.effective_end_date.is_some_and(|e| e.is_open_end()))
            .map(|x| (references.get(&x.person_key), x.carrier.to_owned()))
            .collect();
        let (ended, enrolled_at) = ended_coverage(current.snapshot, today);
        Tracker {
            ended,
            enrolled_at,
            group: config,
            plans,
            current,
            report,
            covered_at,
            references,
            today,
            format,
            hidden,
            keys: Cell::new(KeyBytes::new(MAX_DIFFERENCE_BYTES)),
            people: RefCell::new(HashMap::new()),
            enrollment_docs: RefCell::new(HashMap::new()),
            plan_docs: RefCell::new(HashMap::new()),
            equal_containers: RefCell::new(HashMap::new()),
        }
    }

    /// A person's leaves (`reported`: the report's, else the current
    /// snapshot's), flattened on first use.
    fn person_leaves(&self, reported: bool, who: MemberRef) -> Rc<Leaves> {
        if let Some(leaves) = self.people.borrow().get(&(reported, who)) {
            return Rc::clone(leaves);
        }
        let records = if reported { &self.report } else { &self.current };
        let leaves = Rc::new(Leaves {
            own: records
                .person_doc(who)
                .map(|v| self.leaves(&v))
                .unwrap_or_default(),
            plan: None,
        });
        self.people
            .borrow_mut()
            .insert((reported, who), Rc::clone(&leaves));
        leaves
    }

    /// An enrollment's leaves (`Item::compared`), current or reported, flattened
    /// once: thousands of differences may name one enrollment, and a copy
    /// of its plan name for each was quadratic (a 3.9 MB `plan_name` and
    /// 9,496 differences took 14 s, review 27b #2). Its plan fields are its
    /// coverage's, flattened once for all its rows (review 28b F1).
    fn enrollment_leaves(&self, reported: bool, item: &Item) -> Rc<Leaves> {
        let at = (reported, item.i, item.j);
        if let Some(leaves) = self.enrollment_docs.borrow().get(&at) {
            return Rc::clone(leaves);
        }
        let cached = self.plan_docs.borrow().get(&(reported, item.i)).cloned();
        let plan = cached.unwrap_or_else(|| {
            let c = item.coverage;
            let plan = Rc::new(self.leaves(&json!({ "plan_id": c.plan_id, "plan_name": c.plan_name })));
            self.plan_docs
                .borrow_mut()
                .insert((reported, item.i), Rc::clone(&plan));
            plan
        });
        let leaves = Rc::new(Leaves {
            own: self.leaves(&item.compared(false)),
            plan: Some(plan),
        });
        self.enrollment_docs.borrow_mut().insert(at, Rc::clone(&leaves));
        leaves
    }

    /// Leaves of a record by dotted key (`people::flatten`), charged to `keys`.
    fn leaves(&self, doc: &Value) -> Flat {
        let mut keys = self.keys.get();
        let mut out = BTreeMap::new();
        flatten("", None, doc, &mut out, &mut keys);
        self.keys.set(keys);
        out.into_iter().map(|(k, leaf)| (k, leaf.value)).collect()
    }

    /// The plan a coverage names, as validation finds it (by id, else by a
    /// unique name at its carrier and line).
    fn plan(&self, c: &Coverage) -> Option<&'a Plan> {
        self.plans.lookup(self.group, c).found().map(|(_, p)| p)
    }

    /// The plan a coverage named before the difference: its plan fields
    /// (`plan_id`, `plan_name`) as the difference's `before` where it changed
    /// them. Borrowed, not a copy of the coverage: it may carry megabytes of
    /// unknown fields, and a requested list thousands of changes of its plan
    /// (review 26c #1).
    fn plan_before(&self, c: &Coverage, d: &Difference) -> Option<&'a Plan> {
        let (mut id, mut name) = (c.plan_id.as_deref(), c.plan_name.as_deref());
        for f in d.fields.iter() {
            match f.key.as_str() {
                "plan_id" => id = f.before.as_str(),
                "plan_name" => name = f.before.as_str(),
                _ => {}
            }
        }
        let (carrier, line) = (c.carrier_id.as_deref(), c.line_of_coverage);
        let found = self.plans.lookup_named(self.group, id, name, carrier, line);
        found.found().map(|(_, p)| p)
    }

    /// How a requested plan (`plan_id` or `plan_name` of an enrollment)
    /// stands, judged by the configured plan each side means — a plan named
    /// by `plan_name` is the one an 834 reports by `plan_id` — or `None`
    /// when the requested or the reported coverage names no configured plan
    /// (then the field is compared as written). The old plan (`plan_before`)
    /// shown: not yet.
    fn plan_state(&self, d: &Difference, key: &str, requested: &Value) -> Option<FieldState> {
        let (Some(want), Some(got)) = self.enrollments(d) else {
            return None;
        };
        let (want, got) = (want.coverage, got.coverage);
        let (want_plan, got_plan) = (self.plan(want)?, self.plan(got)?);
        if std::ptr::eq(want_plan, got_plan) {
            return Some(FieldState::Applied);
        }
        // The reported plan in the requested field's terms.
        let reported = match key {
            "plan_name" => got_plan.name.clone().map_or(Value::Null, Value::String),
            _ => Value::String(got_plan.id.clone()),
        };
        if d.change != Change::Added
            && self
                .plan_before(want, d)
                .is_some_and(|p| std::ptr::eq(p, got_plan))
        {
            return Some(FieldState::NotYet(Some(reported)));
        }
        Some(FieldState::Mismatch(Discrepancy {
            kind: DiscrepancyKind::FieldMismatch,
            key: Some(key.to_owned()),
            requested: masked(key, requested),
            reported: masked(key, &reported),
            note: None,
        }))
    }

    /// Why a field probably differs: a lower volume than requested, at or
    /// under the guaranteed issue of *this coverage's* plan, is most likely
    /// waiting for evidence of insurability; a date, by how many days.
    fn note(&self, d: &Difference, key: &str, requested: &Value, got: &Value) -> Option<String> {
        if key == "effective_start_date" || key == "effective_end_date" {
            return date_note(requested, got);
        }
        if key != "volume" {
            return None;
        }
        let (want, have) = (requested.as_i64()?, got.as_i64()?);
        let coverage = self.enrollments(d).0?.coverage;
        let gi = self.plan(coverage)?.volume.as_ref()?.guaranteed_issue?;
        (have <= gi && gi < want).then(|| {
            format!(
                "pending evidence of insurability: issued {have}, guaranteed issue {gi}, requested {want}"
            )
        })
    }

    /// `a == b`, a pair of lists or objects compared once per call (the
    /// documents outlive the call, so their addresses name them).
    fn same(&self, a: &Value, b: &Value) -> bool {
        if !matches!(a, Value::Array(_) | Value::Object(_))
            || !matches!(b, Value::Array(_) | Value::Object(_))
        {
            return a == b;
        }
        let at = (a as *const Value as usize, b as *const Value as usize);
        if let Some(known) = self.equal_containers.borrow().get(&at) {
            return *known;
        }
        let equal = a == b;
        self.equal_containers.borrow_mut().insert(at, equal);
        equal
    }

    /// `compare::equivalent`, lists and objects through `same` (they are
    /// equivalent only when equal), and two long strings once per call by
    /// their addresses (a value's address names its key, so its way of
    /// comparing): thousands of differences may name one enrollment whose
    /// plan name is megabytes long (review 27b #2).
    fn equivalent(&self, key: &str, a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Array(_) | Value::Object(_), _) | (_, Value::Array(_) | Value::Object(_)) => {
                self.same(a, b)
            }
            (Value::String(x), Value::String(y)) if x.len().max(y.len()) > LONG_STRING => {
                let at = (a as *const Value as usize, b as *const Value as usize);
                if let Some(known) = self.equal_containers.borrow().get(&at) {
                    return *known;
                }
                let equal = equivalent(key, a, b, self.format);
                self.equal_containers.borrow_mut().insert(at, equal);
                equal
            }
            _ => equivalent(key, a, b, self.format),
        }
    }

    /// How field `key` stands: `who` is the report's person holding it (none
    /// for an enrollment's fields).
    fn field_state(
        &self,
        d: &Difference,
        key: &str,
        requested: &Value,
        before: &Value,
        reported: &Leaves,
        who: Option<MemberRef>,
    ) -> FieldState {
        if d.object_type == ObjectType::IndividualEnrollment && (key == "plan_id" || key == "plan_name") {
            if let Some(state) = self.plan_state(d, key, requested) {
                return state;
            }
        }
        let got = reported.get(key).unwrap_or(&Value::Null);
        let x12 = self.format == Format::X12_834;
        // Absent because the report holds it masked, or as a code it cannot read back.
        let unread = || {
            who.is_some_and(|w| self.hidden.contains(&(w, key.to_owned())))
                || (x12 && compare::unreadable_code(key, requested))
        };
        if !self.format.carries(key) || (got.is_null() && unread()) {
            return FieldState::NotShown;
        }
        let (applied, old) = if self.equivalent(key, requested, before) {
            // A change the comparison does not see (`maria` corrected to
            // `Maria`) is told exactly; an 834 writes both alike (upper
            // case, `X` and `U` as `U`): it cannot show it.
            if x12 && !self.same(requested, before) {
                return FieldState::NotShown;
            }
            let exact = (self.same(got, requested), self.same(got, before));
            if exact == (false, false) && self.equivalent(key, got, requested) {
                // `MARIA` for `maria` corrected to `Maria`: written so that it cannot tell.
                return FieldState::NotShown;
            }
            exact
        } else {
            (
                self.equivalent(key, got, requested),
                self.equivalent(key, got, before),
            )
        };
        match (applied, old) {
            // Five digits of a ZIP+4 whose +4 alone changed: either value.
            (true, true) if !self.same(requested, before) => FieldState::NotShown,
            (true, _) => FieldState::Applied,
            (false, true) => FieldState::NotYet(None),
            (false, false) => {
                let note = self.note(d, key, requested, got);
                FieldState::Mismatch(Discrepancy {
                    kind: DiscrepancyKind::FieldMismatch,
                    key: Some(key.to_owned()),
                    requested: masked(key, requested),
                    reported: masked(key, got),
                    note,
                })
            }
        }
    }

    /// How the requested fields stand. The requested value is the current
    /// snapshot's (unmasked) when it has the record, else the difference's
    /// `after`.
    fn fields(
        &self,
        d: &Difference,
        requested: &Leaves,
        reported: &Leaves,
        who: Option<MemberRef>,
    ) -> Fields {
        let mut out = Fields::default();
        for f in d.fields.iter() {
            // By reference: a value megabytes long named by thousands of
            // differences was copied for each (review 25f #1).
            let want = requested.get(&f.key).unwrap_or(&f.after);
            let before = if f.key.ends_with("ssn") {
                &Value::Null
            } else {
                &f.before
            };
            let state = self.field_state(d, &f.key, want, before, reported, who);
            out.judged |= !matches!(state, FieldState::NotShown);
            match state {
                FieldState::Applied => {}
                FieldState::NotYet(shown) => {
                    let got = shown.as_ref().or_else(|| reported.get(&f.key));
                    out.pending.push(not_applied(f.key.clone(), want, got))
                }
                FieldState::Mismatch(x) => out.mismatched.push(x),
                FieldState::NotShown => out.not_shown.push(f.key.clone()),
            }
        }
        out
    }

    /// A modification or removal: the difference is the field change itself.
    /// Judged by the fields the report shows; when it shows none of them, it
    /// stays `open` (completed or not: the seed escalates a change the
    /// carrier "still does not correctly represent", which this report
    /// cannot tell), its `not_shown` saying why.
    fn changed(
        &self,
        d: &Difference,
        requested: &Leaves,
        reported: &Leaves,
        done: bool,
        who: Option<MemberRef>,
    ) -> Outcome {
        let Fields {
            mismatched: mut own,
            pending,
            not_shown,
            judged,
        } = self.fields(d, requested, reported, who);
        // Source S2: "If the process of making the change is completed …
        // but the carrier system still does not correctly represent the
        // change, the difference is escalated from change to discrepancy":
        // before completion a field the carrier shows otherwise (a third
        // value, or the old one) is a change still pending.
        let status = match (own.is_empty() && pending.is_empty(), done) {
            (true, _) if !judged && !d.fields.is_empty() => TrackingStatus::Open,
            (true, _) => TrackingStatus::Resolved,
            (false, false) => TrackingStatus::Open,
            (false, true) => TrackingStatus::Discrepancy,
        };
        if done {
            own.extend(pending);
        } else {
            own.clear();
        }
        Outcome {
            status,
            own,
            separate: Vec::new(),
            not_shown,
        }
    }

    /// An addition the carrier has: resolved, each differing field a
    /// separate discrepancy; fields it does not show yet keep it `open` until
    /// its transaction completed (then they are discrepancies too). Fields
    /// the report cannot show do neither: the record is there.
    fn added(
        &self,
        d: &Difference,
        requested: &Leaves,
        reported: &Leaves,
        done: bool,
        who: Option<MemberRef>,
    ) -> Outcome {
        let Fields {
            mismatched: mut separate,
            pending,
            not_shown,
            ..
        } = self.fields(d, requested, reported, who);
        let waiting = !pending.is_empty() && !done;
        if done {
            separate.extend(pending);
        }
        Outcome {
            status: if waiting {
                TrackingStatus::Open
            } else {
                TrackingStatus::Resolved
            },
            own: Vec::new(),
            separate,
            not_shown,
        }
    }

    fn missing(&self, done: bool, kind: DiscrepancyKind) -> Outcome {
        let mut out = Outcome::resolved();
        if !done {
            out.status = TrackingStatus::Open;
            return out;
        }
        out.status = TrackingStatus::Discrepancy;
        out.own.push(Discrepancy {
            kind,
            key: None,
            requested: Value::Null,
            reported: Value::Null,
            note: None,
        });
        out
    }

    /// The current enrollment an enrollment difference names (none for a
    /// removal), and the report's: the one paired with it (the same key);
    /// for a removal, one paired with no current enrollment (the carrier's
    /// copy of the one no longer listed).
    fn enrollments(&self, d: &Difference) -> (Option<&Item<'a>>, Option<&Item<'a>>) {
        let current = match d.change {
            Change::Removed => None,
            _ => self.current.named(d),
        };
        let reported = match (d.change, current) {
            (Change::Removed, _) => self.report.unpaired(d, self.current.rows(d).len()),
            (_, Some(item)) => self.report.with_ordinal(d, item.ordinal),
            (_, None) => self
                .report
                .rows(d)
                .first()
                .and_then(|&k| self.report.items.get(k)),
        };
        (current, reported)
    }

    fn enrollment(&self, d: &Difference, done: bool) -> Outcome {
        let (current, reported) = self.enrollments(d);
        let requested = current.map_or_else(Rc::default, |item| self.enrollment_leaves(false, item));
        let Some(item) = reported else {
            let key = (
                d.individual.reference.clone(),
                d.carrier_id.clone(),
                d.line_of_coverage,
            );
            let ended = match current {
                Some(x) => ended_before(x, self.today),
                None => self.ended.contains(&key),
            };
            return match d.change {
                // The carrier no longer has the coverage: what a termination
                // asks for — or, ended before the report's date, what a full
                // report of members in force shows of one applied.
                Change::Removed => Outcome::resolved(),
                _ if ended => Outcome::resolved(),
                _ => self.missing(done, DiscrepancyKind::MissingFromCarrier),
            };
        };
        let reported = self.enrollment_leaves(true, item);
        match d.change {
            Change::Added => self.added(d, &requested, &reported, done, None),
            _ => self.changed(d, &requested, &reported, done, None),
        }
    }

    fn person(&self, d: &Difference, done: bool) -> Outcome {
        if d.change == Change::Removed {
            // Resolved once the carrier covers the person no more (it may keep
            // the record) or only until an end date it has set: a dependent
            // removed with a termination at the end of the month is still
            // covered, as asked, until then.
            let key = (d.individual.reference.clone(), d.carrier_id.clone());
            return match self.covered_at.contains(&key) {
                true => self.missing(done, DiscrepancyKind::MissingFromPlatform),
                false => Outcome::resolved(),
            };
        }
        let requested = match self.current.person(d) {
            Some(w) => self.person_leaves(false, w),
            None => Rc::default(),
        };
        let Some(who) = self.report.person(d) else {
            // Every coverage at the carrier ended before the report's date:
            // a report of members in force no longer lists them.
            let key = (d.individual.reference.clone(), d.carrier_id.clone(), None);
            if self.ended.contains(&key) {
                return Outcome::resolved();
            }
            // Not enrolled there at all (an employee whose change goes to a
            // carrier covering only their spouse, as the subscriber's data):
            // a report of the members the carrier covers — a full 834 —
            // cannot show them, so their absence is no evidence either way
            // (review 27d #1).
            let (reference, carrier, _) = key;
            if !self.enrolled_at.contains(&(reference, carrier)) {
                return Outcome {
                    status: TrackingStatus::Open,
                    not_shown: d.fields.iter().map(|f| f.key.clone()).collect(),
                    ..Outcome::resolved()
                };
            }
            return self.missing(done, DiscrepancyKind::MissingFromCarrier);
        };
        let reported = self.person_leaves(true, who);
        match d.change {
            Change::Added => self.added(d, &requested, &reported, done, Some(who)),
            _ => self.changed(d, &requested, &reported, done, Some(who)),
        }
    }

    fn track(&self, d: &Difference, done: bool) -> Outcome {
        match d.object_type {
            ObjectType::IndividualEnrollment => self.enrollment(d, done),
            _ => self.person(d, done),
        }
    }

    /// In-force enrollments of the report that the platform does not have and
    /// no requested difference removes.
    fn unrequested(&self, removed: &HashSet<(&str, &str, LineOfCoverage)>) -> Vec<Unrequested> {
        let platform: HashSet<&str> = self.current.items.iter().map(|x| x.key.as_str()).collect();
        let mut out = Vec::new();
        for r in &self.report.items {
            if !r.in_force(self.today) || platform.contains(r.key.as_str()) {
                continue;
            }
            let reference = self.references.get(&r.person_key);
            if removed.contains(&(reference.as_str(), r.carrier, r.line)) {
                continue;
            }
            out.push(Unrequested {
                carrier_id: r.carrier.to_owned(),
                line_of_coverage: r.line,
                individual_reference: reference,
                path: r.path(),
                discrepancy: Discrepancy {
                    kind: DiscrepancyKind::MissingFromPlatform,
                    key: None,
                    requested: Value::Null,
                    reported: json!({ "plan_id": r.coverage.plan_id, "effective_start_date": r.member.effective_start_date,
                                      "effective_end_date": r.member.effective_end_date }),
                    note: None,
                },
            });
        }
        out
    }
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
    let t = Tracker::new(
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
    let mut not_judged = Vec::new();
    let mut removed = HashSet::new();
    for (d, snapshot_ids) in deduplicated(requested) {
        if !judged(&d.carrier_id) {
            not_judged.push(d.id.clone());
            continue;
        }
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
