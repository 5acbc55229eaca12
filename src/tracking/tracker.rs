//! The judging of one requested difference against the carrier's records
//! (`Tracker::track`), and of what the carrier has that nobody asked for
//! (`Tracker::unrequested`); each record's leaves flattened once per call.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use serde_json::{json, Value};

use crate::config::PlanIndex;
use crate::diagnostic::limits::MAX_DIFFERENCE_BYTES;
use crate::diff::enrollments::{items, Item};
use crate::diff::people::{flatten, pair, shown, KeyBytes, Side};
use crate::diff::{Change, Difference, ObjectType, References};
use crate::model::{Coverage, Date, GroupConfig, LineOfCoverage, MemberRef, Plan, Snapshot};
use crate::privacy::MaskedAlike;

use super::compare::{self, equivalent, Format};
use super::records::Records;
use super::{Discrepancy, DiscrepancyKind, TrackingStatus, Unrequested};

pub(super) struct Tracker<'a> {
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
    pub(super) keys: Cell<KeyBytes>,
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
    /// The values of the call's differences, by address, that show like
    /// another distinct one (`guesses_alike`): not judged.
    alike: HashSet<usize>,
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

/// A value a difference gives as a guess at one the report hides: what the
/// comparison sees of it (`compare::compared`, JSON text) and that as shown
/// — `None` when nothing of it is masked (two such never show alike). Text
/// under nine bytes holds no nine digits, even as compared.
fn guess(key: &str, v: &Value) -> Option<(String, String)> {
    let seen = match v {
        Value::String(s) if s.len() >= 9 => Value::String(compare::compared(key, s)),
        Value::Number(_) => v.clone(),
        Value::Array(_) | Value::Object(_) if hides(v) => v.clone(),
        _ => return None,
    };
    let masked = shown(key, seen.clone());
    (masked != seen).then(|| (seen.to_string(), masked.to_string()))
}

/// Whether the output masks anything of list or object `v` (a key, a
/// string or a number of it), read without a copy.
fn hides(v: &Value) -> bool {
    let masked = |s: &str| matches!(crate::privacy::scrub(s), std::borrow::Cow::Owned(_));
    match v {
        Value::String(s) => masked(s),
        Value::Number(n) => crate::privacy::mask_number(&n.to_string()).is_some(),
        Value::Array(items) => items.iter().any(hides),
        Value::Object(m) => m.iter().any(|(k, x)| masked(k) || hides(x)),
        _ => false,
    }
}

/// A value's address: the call's documents outlive it, so it names the value.
fn address(v: &Value) -> usize {
    v as *const Value as usize
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
pub(super) struct Outcome {
    pub(super) status: TrackingStatus,
    pub(super) own: Vec<Discrepancy>,
    pub(super) separate: Vec<Discrepancy>,
    pub(super) not_shown: Vec<String>,
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
pub(super) fn date_note(requested: &Value, got: &Value) -> Option<String> {
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
    pub(super) fn new(
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
            alike: HashSet::new(),
        }
    }

    /// Counts the values `differences` (those the call judges) give of
    /// themselves: an `after` where the current snapshot does not hold the
    /// field, a `before` (but an SSN's). A value of them is compared with
    /// the report only when no other *distinct* one shows alike: otherwise
    /// thousands of forged differences, each `after` a guess at an SSN the
    /// report hides (`NNNNN1234`), had the one equal to it alone
    /// `resolved` — the SSN read in 6 calls (review 30c #1). `after`s that
    /// show alike are all `not_shown`, the right one too; `before`s so
    /// alike are not read (`fields`); one a call is judged. Values are counted as the comparison sees them
    /// (`compare::compared`): `536-22-1234` and `53600 1234` are two
    /// guesses at a name's nine digits.
    ///
    /// Each value is read once, by its address (differences copied natively
    /// share their fields), and a list or object is copied only when it
    /// holds something masked.
    pub(super) fn guesses_alike(&mut self, differences: &[&Difference]) {
        let mut read = HashSet::new();
        let mut guesses = Vec::new();
        for d in differences {
            if d.change == Change::Removed && d.object_type != ObjectType::IndividualEnrollment {
                continue; // a removed person's fields are not compared
            }
            let requested = self.requested(d);
            for f in d.fields.iter() {
                let after = requested.get(&f.key).is_none().then_some(&f.after);
                let before = (!f.key.ends_with("ssn")).then_some(&f.before);
                for v in after.into_iter().chain(before) {
                    let at = address(v);
                    if read.insert(at) {
                        guesses.extend(guess(&f.key, v).map(|(seen, shown)| (at, seen, shown)));
                    }
                }
            }
        }
        let alike = MaskedAlike::distinct_shown(guesses.iter().map(|(_, seen, shown)| (seen, shown)));
        if !alike.is_empty() {
            let shared = guesses.into_iter().filter(|(_, _, shown)| alike.shows(shown));
            self.alike = shared.map(|(at, ..)| at).collect();
        }
    }

    /// Whether `v`, a value of a difference of the call, shows like another
    /// (`guesses_alike`).
    fn guessed(&self, v: &Value) -> bool {
        !self.alike.is_empty() && self.alike.contains(&address(v))
    }

    /// The requested record's leaves: the current snapshot's person or
    /// enrollment the difference names (none for a removal, or when it has
    /// none: then the difference's own `after`s are requested).
    fn requested(&self, d: &Difference) -> Rc<Leaves> {
        match (d.object_type, d.change) {
            (_, Change::Removed) => Rc::default(),
            (ObjectType::IndividualEnrollment, _) => self
                .current
                .named(d)
                .map_or_else(Rc::default, |item| self.enrollment_leaves(false, item)),
            _ => match self.current.person(d) {
                Some(w) => self.person_leaves(false, w),
                None => Rc::default(),
            },
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
        // The date of its latest change too: a difference may correct it
        // alone (`diff::redated`).
        let mut own = item.compared(false);
        if let (Some(on), Some(fields)) = (item.member.latest_change_effective_date, own.as_object_mut()) {
            fields.insert("latest_change_effective_date".into(), json!(on.to_string()));
        }
        let leaves = Rc::new(Leaves {
            own: self.leaves(&own),
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
    /// `after`; an `after` so requested that shows like another value of
    /// the call is not judged, a `before` so alike not read (`guesses_alike`).
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
            // A requested value the differences give of themselves that
            // shows like another of the call is not judged; a `before` so
            // alike is not read: the field is judged by the requested
            // value alone (the current snapshot's, one a field), so the
            // answer is the same whatever that `before` holds (review 30e:
            // two snapshots' ZIP+4s ending alike left an applied move open).
            let state = match (self.guessed(want), self.guessed(before)) {
                (true, _) => FieldState::NotShown,
                (false, true) => self.field_state(d, &f.key, want, &Value::Null, reported, who),
                (false, false) => self.field_state(d, &f.key, want, before, reported, who),
            };
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
        let requested = self.requested(d);
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
        let requested = self.requested(d);
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

    pub(super) fn track(&self, d: &Difference, done: bool) -> Outcome {
        match d.object_type {
            ObjectType::IndividualEnrollment => self.enrollment(d, done),
            _ => self.person(d, done),
        }
    }

    /// In-force enrollments of the report that the platform does not have and
    /// no requested difference removes.
    pub(super) fn unrequested(&self, removed: &HashSet<(&str, &str, LineOfCoverage)>) -> Vec<Unrequested> {
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
