//! Which member loops a file holds: in a change file, one per person with
//! differences at the carrier, typed by INS03/INS04 from what changed and
//! why (and one per person whose coverage level others' differences
//! change); in a full file, one per person with a coverage in force there.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::codes;
use super::members::{level, person_path, HealthCoverage, MemberLoop};
use crate::config::Config;
use crate::diff::enrollments::{items, Item};
use crate::diff::people::{pair, Side};
use crate::diff::{both_items, Acknowledgement, Change, Difference, ObjectType, TransactionType};
use crate::model::{Date, Event, EventReason, LineOfCoverage, MemberRef, Snapshot};

/// HD01/INS03 maintenance type codes.
pub(crate) const ADDITION: &str = "021";
pub(crate) const CHANGE: &str = "001";
pub(crate) const TERMINATION: &str = "024";
pub(crate) const REINSTATEMENT: &str = "025";
pub(crate) const AUDIT: &str = "030";

#[cfg(debug_assertions)]
thread_local! {
    /// How many levels (HD05) this thread has worked out (`level_on`), and
    /// how many stretches and runs of levels it has stepped through: a
    /// debug build's cost measure for tests (reviews 28f, 29a), never timed.
    pub(super) static LEVELS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// One step of the level work (`LEVELS`).
fn count_level_step() {
    #[cfg(debug_assertions)]
    let _ = LEVELS.try_with(|n| n.set(n.get().saturating_add(1)));
}

/// An enrollment in force on `today`: not waived, and open or ending on or after it.
fn in_force(item: &Item, today: Date) -> bool {
    item.in_force(Some(today))
}

/// The kind of member `who` is for a coverage level: ex-spouses and other
/// partners count as spouses, every other relationship as a child.
fn kind_of(s: &Snapshot, who: MemberRef) -> Member {
    match who {
        MemberRef::Employee => Member::Employee,
        MemberRef::Dependent(k) => {
            let relationship = s.dependents.get(k).and_then(|d| d.relationship);
            if relationship.is_some_and(|r| r.priced_as_spouse()) {
                Member::Spouse
            } else {
                Member::Child
            }
        }
    }
}

/// The date an HD's level is counted on: the file's date `today`, or the
/// HD's own start when it starts later, or its end `end` when it ended earlier.
fn hd_date(item: &Item, end: Option<Date>, today: Date) -> Date {
    match (item.member.effective_start_date, end) {
        (Some(s), _) if s > today => s,
        (_, Some(e)) if e < today => e,
        _ => today,
    }
}

/// A person's place in per-person tables: the employee first, then the dependents.
fn slot(who: MemberRef) -> usize {
    match who {
        MemberRef::Employee => 0,
        MemberRef::Dependent(k) => k.saturating_add(1),
    }
}

/// One snapshot's enrollments, indexed once for the lookups a file makes
/// (a difference's item by its path, a coverage's members for its level):
/// linear in the snapshot however many differences point into it.
struct Indexed<'a> {
    snapshot: &'a Snapshot,
    items: Vec<Item<'a>>,
    /// (coverage index, member index) → index into `items`.
    at: HashMap<(usize, usize), usize>,
    /// Coverage index → who it enrolls when.
    enrolled: HashMap<usize, Enrolled>,
    /// Match key → index into `items`: the previous snapshot's only, keyed
    /// as the current rows the diff paired them with (`both_items`), so a
    /// row's counterpart is the row its `modified` difference compares it
    /// with (where a termination finds the row the carrier holds).
    by_key: HashMap<String, usize>,
}

/// The kinds of member a coverage level counts.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Member {
    Employee = 0,
    Spouse = 1,
    Child = 2,
}

/// Who of one coverage is enrolled when: per kind of member, the
/// enrollments (not waived) sorted by start, each with the latest end among
/// those starting no later. Whether one is enrolled on a date is then a
/// binary search: a scan of the members per HD was quadratic in a
/// coverage's members (a snapshot may list tens of thousands).
#[derive(Default)]
struct Enrolled {
    /// (start, latest end so far); `None` starts first (enrolled from ever).
    spans: [Vec<(Option<Date>, Date)>; 3],
}

impl Enrolled {
    fn add(&mut self, kind: Member, start: Option<Date>, end: Date) {
        if let Some(spans) = self.spans.get_mut(kind as usize) {
            spans.push((start, end));
        }
    }

    /// Sorts each kind's spans and makes each end the latest so far.
    fn seal(&mut self) {
        for spans in &mut self.spans {
            spans.sort_unstable();
            let mut latest: Option<Date> = None;
            for (_, end) in spans.iter_mut() {
                let l = latest.map_or(*end, |l| l.max(*end));
                *end = l;
                latest = Some(l);
            }
        }
    }

    /// Whether a member of `kind` is enrolled on `on` (started, not ended).
    fn any_on(&self, kind: Member, on: Date) -> bool {
        let Some(spans) = self.spans.get(kind as usize) else {
            return false;
        };
        let started = spans.partition_point(|(start, _)| start.is_none_or(|s| s <= on));
        started
            .checked_sub(1)
            .and_then(|k| spans.get(k))
            .is_some_and(|(_, end)| *end >= on)
    }
}

impl<'a> Indexed<'a> {
    /// `items` are the snapshot's (`items`); the previous snapshot's keyed
    /// as the current rows they pair with (`both_items`).
    fn of(s: &'a Snapshot, items: Vec<Item<'a>>, side: Side) -> Indexed<'a> {
        let at = items.iter().enumerate().map(|(k, i)| ((i.i, i.j), k)).collect();
        let mut enrolled: HashMap<usize, Enrolled> = HashMap::new();
        for i in items.iter().filter(|i| !i.member.is_waive()) {
            // Without an end an enrollment is in force on no date (`in_force`).
            let Some(end) = i.member.effective_end_date else {
                continue;
            };
            let kind = kind_of(s, i.who);
            enrolled
                .entry(i.i)
                .or_default()
                .add(kind, i.member.effective_start_date, end);
        }
        enrolled.values_mut().for_each(Enrolled::seal);
        let by_key = match side {
            Side::Previous => items
                .iter()
                .enumerate()
                .map(|(k, i)| (i.key.clone(), k))
                .collect(),
            Side::Current => HashMap::new(),
        };
        Indexed {
            snapshot: s,
            items,
            at,
            enrolled,
            by_key,
        }
    }

    /// This (previous) snapshot's row the diff paired the current row
    /// `item` with by content (`enrollments::pair_rows`), not the row of the
    /// same rank here: an ended row dropped or an earlier one added shifts
    /// the ranks (review 31b).
    fn counterpart(&self, item: &Item) -> Option<&Item<'a>> {
        self.by_key.get(&item.key).and_then(|&k| self.items.get(k))
    }

    /// The enrollment at `/coverages/i/enrolled_members/j`.
    fn item(&self, path: &str) -> Option<&Item<'a>> {
        let mut tokens = path.split('/').skip(1);
        let (Some("coverages"), Some(i), Some("enrolled_members"), Some(j)) =
            (tokens.next(), tokens.next(), tokens.next(), tokens.next())
        else {
            return None;
        };
        let key = (i.parse().ok()?, j.parse().ok()?);
        self.at.get(&key).and_then(|&k| self.items.get(k))
    }

    /// HD05 of `item`'s HD, whose last day is `end`: who of the family its
    /// coverage enrolls on the HD's date — the file's date `today`, or the
    /// HD's own start when it starts later (a future spouse's HD counts
    /// them) or its own end when it ended earlier (a termination's HD is
    /// the level it ends). Members waived, ended before that date or not
    /// yet started are not counted: a full file's levels count the members
    /// it holds (those in force on its date).
    fn level(&self, item: &Item, end: Option<Date>, today: Date) -> &'static str {
        self.level_on(item, hd_date(item, end, today))
    }

    /// HD05 of `item`'s HD on the date `on`.
    fn level_on(&self, item: &Item, on: Date) -> &'static str {
        count_level_step();
        let own = kind_of(self.snapshot, item.who);
        let on_date = |kind: Member| {
            // The HD's own member counts whatever its dates say.
            own == kind || self.enrolled.get(&item.i).is_some_and(|e| e.any_on(kind, on))
        };
        let (employee, spouse, children) = (
            on_date(Member::Employee),
            on_date(Member::Spouse),
            on_date(Member::Child),
        );
        level(employee, spouse, children)
    }

    /// The days on which who coverage `i` enrolls may change (a start, the
    /// day after an end), sorted: its level is the same between two of them.
    fn breaks(&self, i: usize) -> Vec<Date> {
        let Some(e) = self.enrolled.get(&i) else {
            return Vec::new();
        };
        let spans = e.spans.iter().flatten();
        let mut at: Vec<Date> = spans
            .flat_map(|(start, end)| [*start, end.plus_days(1)])
            .flatten()
            .collect();
        at.sort_unstable();
        at.dedup();
        at
    }

    /// The slots of the people with an enrollment at `carrier` that `keep` accepts.
    fn people_at(&self, carrier: &str, keep: impl Fn(&Item) -> bool) -> HashSet<usize> {
        let mine = self.items.iter().filter(|i| i.carrier == carrier && keep(i));
        mine.map(|i| slot(i.who)).collect()
    }
}

/// A person's reference number in the preview's acknowledgement.
fn reference_of(acknowledgement: &Acknowledgement, who: MemberRef) -> String {
    let path = person_path(who);
    acknowledgement
        .individuals
        .iter()
        .find(|p| p.path == path)
        .map(|p| p.reference.clone())
        .unwrap_or_default()
}

/// The full file's loops: every person of `cur` with an enrollment in force
/// at `carrier` on `today`, the employee first. `acknowledgement` (the
/// preview's) gives each person's reference number.
pub(crate) fn full<'a>(
    cur: &'a Snapshot,
    carrier: &str,
    today: Date,
    subscriber_id: &'a str,
    acknowledgement: &Acknowledgement,
) -> Vec<MemberLoop<'a>> {
    let pairing = pair(None, cur);
    let indexed = Indexed::of(cur, items(cur, &pairing, Side::Current), Side::Current);
    // Each person's coverages in force at the carrier, by slot.
    let mut by_person: Vec<Vec<HealthCoverage<'a>>> = Vec::new();
    by_person.resize_with(cur.dependents.len().saturating_add(1), Vec::new);
    for i in indexed
        .items
        .iter()
        .filter(|i| i.carrier == carrier && in_force(i, today))
    {
        if let Some(list) = by_person.get_mut(slot(i.who)) {
            list.push(HealthCoverage {
                maintenance: AUDIT,
                coverage: i.coverage,
                member: i.member,
                level: indexed.level(i, HealthCoverage::end_of(i.member), today),
                end: HealthCoverage::end_of(i.member),
                changed_on: None,
                difference_ids: Vec::new(),
            });
        }
    }
    let mut loops = Vec::new();
    for (who, mut coverages) in people(cur).zip(by_person) {
        in_rank_order(&mut coverages);
        let Some(start) = coverages
            .iter()
            .filter_map(|c| c.member.effective_start_date)
            .min()
        else {
            continue;
        };
        let reference = reference_of(acknowledgement, who);
        loops.push(MemberLoop {
            snapshot: cur,
            who,
            subscriber_id,
            maintenance: AUDIT,
            reason: "XN",
            dates: vec![("356", start)],
            coverages,
            reference,
            difference_ids: Vec::new(),
            mailing_is_home: false,
        });
    }
    loops
}

/// A person's HD loops of one line together, where the line's first is, in
/// the order their rows rank (`enrollments::items`: start, end, plan and
/// volume as shown): a new row listed before the end-dated one it replaces
/// is the same file. A line's only loop stays where it is. Hidden digits
/// order nothing, and each coverage's plan is digested once (review 27e).
fn in_rank_order(coverages: &mut [HealthCoverage]) {
    use crate::diff::enrollments::{shown_plan, ShownVolume};
    let mut first: Vec<Option<LineOfCoverage>> = Vec::new();
    let mut plans: std::collections::HashMap<usize, [u8; 16]> = std::collections::HashMap::new();
    crate::sort::sort_by_cached_key(coverages, |h| {
        let (m, c) = (h.member, h.coverage);
        let line = c.line_of_coverage;
        let at = first.iter().position(|l| *l == line).unwrap_or_else(|| {
            first.push(line);
            first.len() - 1
        });
        let plan = *plans
            .entry(c as *const crate::model::Coverage as usize)
            .or_insert_with(|| shown_plan(c));
        let shown = (plan, m.volume.map(ShownVolume::of));
        (at, m.effective_start_date, m.effective_end_date, shown)
    });
}

/// The employee, then the dependents in order.
fn people(s: &Snapshot) -> impl Iterator<Item = MemberRef> {
    std::iter::once(MemberRef::Employee).chain((0..s.dependents.len()).map(MemberRef::Dependent))
}

/// Whom a difference's path names, on the side it points into.
fn person_of(d: &Difference, side: &Indexed) -> Option<MemberRef> {
    let mut tokens = d.path.split('/').skip(1);
    match (tokens.next(), tokens.next()) {
        (Some("employee"), _) => Some(MemberRef::Employee),
        (Some("dependents"), Some(k)) => k.parse().ok().map(MemberRef::Dependent),
        (Some("coverages"), _) => side.item(&d.path).map(|i| i.who),
        _ => None,
    }
}

/// What a change file needs to know about one snapshot's preview at one carrier.
pub(crate) struct ChangeInput<'a> {
    pub previous: Option<&'a Snapshot>,
    pub current: &'a Snapshot,
    /// The configuration the preview's diff paired rows with (their plans).
    pub config: &'a Config,
    pub carrier: &'a str,
    pub differences: Vec<&'a Difference>,
    pub transaction_type: Option<TransactionType>,
    pub today: Date,
    pub subscriber_id: &'a str,
    /// The preview's: the reference of a person without a difference of
    /// their own (a coverage level change).
    pub acknowledgement: &'a Acknowledgement,
}

/// One person's differences at the carrier, and where they stand.
struct PersonChanges<'d> {
    /// The person in the current snapshot, and in the previous one.
    current: Option<MemberRef>,
    previous: Option<MemberRef>,
    person: Vec<&'d Difference>,
    enrollments: Vec<(&'d Difference, Side)>,
    /// The level changes of their rows that others' differences bring, in date order.
    levels: Vec<LevelChange>,
}

/// A change of a row's coverage level (HD05) that someone joining or
/// leaving its coverage brings: one HD `001` (a row may have several, and
/// its own HD besides).
struct LevelChange {
    /// Index into the current snapshot's items.
    item: usize,
    level: &'static str,
    /// The day the new level starts.
    on: Date,
}

/// The change file's loops: one per person with differences at the carrier.
pub(crate) fn change<'a>(input: &ChangeInput<'a>) -> Vec<MemberLoop<'a>> {
    let (prev, cur) = (input.previous, input.current);
    let pairing = pair(prev, cur);
    // Rows paired as the preview's diff paired them (review 31b).
    let (cur_items, prev_items) = both_items(prev, cur, &pairing, Some(input.config));
    let cur_side = Indexed::of(cur, cur_items, Side::Current);
    let prev_side = prev.map(|p| Indexed::of(p, prev_items, Side::Previous));
    // People by key, in the order of their loops (employee, current
    // dependents, then removed ones).
    let mut order: Vec<String> = Vec::new();
    let mut by_key: BTreeMap<String, PersonChanges> = BTreeMap::new();
    for d in &input.differences {
        let side = if d.change == Change::Removed {
            Side::Previous
        } else {
            Side::Current
        };
        let indexed = match side {
            Side::Current => Some(&cur_side),
            Side::Previous => prev_side.as_ref(),
        };
        let Some(who) = indexed.and_then(|s| person_of(d, s)) else {
            continue;
        };
        let key = pairing.key(side, who);
        let entry = by_key.entry(key.clone()).or_insert_with(|| {
            order.push(key.clone());
            let (current, previous) = counterparts(&pairing, side, who);
            PersonChanges {
                current,
                previous,
                person: Vec::new(),
                enrollments: Vec::new(),
                levels: Vec::new(),
            }
        });
        match d.object_type {
            ObjectType::IndividualEnrollment => entry.enrollments.push((d, side)),
            ObjectType::Employee | ObjectType::Dependent => entry.person.push(d),
        }
    }
    if let Some(prev_side) = prev_side.as_ref() {
        for change in level_changes(input, &cur_side, prev_side) {
            let Some(who) = cur_side.items.get(change.item).map(|i| i.who) else {
                continue;
            };
            let key = pairing.key(Side::Current, who);
            let entry = by_key.entry(key.clone()).or_insert_with(|| {
                order.push(key.clone());
                let (current, previous) = counterparts(&pairing, Side::Current, who);
                PersonChanges {
                    current,
                    previous,
                    person: Vec::new(),
                    enrollments: Vec::new(),
                    levels: Vec::new(),
                }
            });
            entry.levels.push(change);
        }
    }
    let rank = |p: &PersonChanges| match (p.current, p.previous) {
        (Some(MemberRef::Employee), _) | (None, Some(MemberRef::Employee)) => (0, 0),
        (Some(MemberRef::Dependent(k)), _) => (1, k),
        (None, Some(MemberRef::Dependent(k))) => (2, k),
        (None, None) => (3, 0),
    };
    order.sort_by_key(|k| by_key.get(k).map_or((3, 0), rank));
    let sides = Sides {
        events: Events::of(prev, cur),
        // Who had a coverage in force at the carrier, and who keeps an open one.
        had: prev_side
            .as_ref()
            .map(|p| p.people_at(input.carrier, |i| in_force(i, input.today)))
            .unwrap_or_default(),
        open_now: cur_side.people_at(input.carrier, |i| {
            !i.member.is_waive() && i.member.effective_end_date.is_some_and(Date::is_open_end)
        }),
        current: cur_side,
        previous: prev_side,
    };
    let mut loops = Vec::new();
    for key in order {
        let Some(p) = by_key.get(&key) else { continue };
        if let Some(l) = person_loop(input, p, &sides) {
            loops.push(l);
        }
    }
    loops
}

/// At most this many level changes are sent for one row in one file, in
/// date order: the first ones and the last (the level the row ends up at).
/// A family's level changes a few times at most; a snapshot listing
/// thousands of spouse rows with disjoint spans would otherwise send each
/// child a change per spouse row (rows × changes: output beyond its input).
const MAX_LEVEL_CHANGES: usize = 16;

/// The level changes (HD05) of the carrier's rows that someone joining or
/// leaving their coverage brings (review 28e: a spouse added to an ECH
/// coverage makes it FAM for the employee and the children too, as the
/// next full file says), each from the day it starts, in date order.
/// Levels are compared on the days the differences of the row's line
/// change who is enrolled (an addition's start, the day after an end),
/// within the row's span. A row without a difference of its own changes
/// first on the earliest such day its level differs between the snapshots
/// (what the carrier holds); a row whose own HD is sent (added, reopened
/// or changed) on the first such day after its HD's date whose level is
/// not its HD's (review 28g: a corrected start and a spouse joining). Each
/// later day its level changes again follows (review 28g: a child ageing
/// out, then a spouse joining, is EMP then ESP). A row ending here is
/// not: its HD is the level it ends.
fn level_changes(input: &ChangeInput, cur: &Indexed, prev: &Indexed) -> Vec<LevelChange> {
    let mut days: BTreeMap<LineOfCoverage, BTreeSet<Date>> = BTreeMap::new();
    // The current rows with a difference of their own: whether it ends them.
    let mut own: HashMap<(usize, usize), bool> = HashMap::new();
    let after = |d: &Difference, before: bool| {
        let f = d.fields.iter().find(|f| f.key == "effective_end_date")?;
        let v = if before { &f.before } else { &f.after };
        let end = v.as_str().and_then(|s| Date::parse(s).ok())?;
        (!end.is_open_end()).then(|| end.plus_days(1)).flatten()
    };
    for d in input
        .differences
        .iter()
        .filter(|d| d.object_type == ObjectType::IndividualEnrollment)
    {
        let side = if d.change == Change::Removed { prev } else { cur };
        let Some(item) = side.item(&d.path) else { continue };
        let kind = enrollment_kind(d, item, Some(prev));
        if d.change != Change::Removed {
            own.insert((item.i, item.j), kind == Kind::Ended);
        }
        if kind == Kind::Nothing {
            continue;
        }
        let line = days.entry(item.line).or_default();
        match d.change {
            Change::Removed => line.extend(after(d, false)),
            // A new row's start and the day after its end (a row starting
            // and ending in one file changes the level twice).
            Change::Added => {
                let m = item.member;
                line.extend(m.effective_start_date);
                line.extend(HealthCoverage::end_of(m).and_then(|e| e.plus_days(1)));
            }
            // A start or an end moved: both the old day and the new one.
            Change::Modified => {
                line.extend(after(d, false).into_iter().chain(after(d, true)));
                line.extend(moved_start(d));
            }
        }
    }
    let days: BTreeMap<LineOfCoverage, Vec<Date>> = days
        .into_iter()
        .map(|(line, d)| (line, d.into_iter().collect()))
        .collect();
    // The rows of one coverage whose own member is of one kind share their
    // levels day by day (a timeline, found once per coverage and kind);
    // those also held in one coverage by one kind before share the days
    // their level differs (review 28f: every day of the line for every
    // row was rows × days).
    let mut timelines: HashMap<(usize, Member), Runs> = HashMap::new();
    let mut held_timelines: HashMap<(usize, Member), Runs> = HashMap::new();
    let mut groups: HashMap<(usize, Member, usize, Member), Differing> = HashMap::new();
    let mut breaks: [HashMap<usize, Vec<Date>>; 2] = [HashMap::new(), HashMap::new()];
    let mut out = Vec::new();
    for (k, item) in cur.items.iter().enumerate() {
        let ends_here = own.get(&(item.i, item.j)).copied();
        if item.carrier != input.carrier || item.member.is_waive() || ends_here == Some(true) {
            continue;
        }
        let Some(days) = days.get(&item.line) else {
            continue;
        };
        let m = item.member;
        let Some(end) = m.effective_end_date else {
            continue;
        };
        let kind = kind_of(cur.snapshot, item.who);
        let [cur_breaks, prev_breaks] = &mut breaks;
        let cur_at = cur_breaks.entry(item.i).or_insert_with(|| cur.breaks(item.i));
        let timeline = timelines
            .entry((item.i, kind))
            .or_insert_with(|| Runs::of(cur_at, days, |on| cur.level_on(item, on)));
        let first = if ends_here.is_some() {
            // Its own HD's level, on its date: the timeline's when a day of it.
            let on = hd_date(item, HealthCoverage::end_of(m), input.today);
            let at = days.partition_point(|d| *d < on);
            let level = match days.get(at) {
                Some(d) if *d == on => timeline.level_at(at),
                _ => None,
            };
            let level = level.unwrap_or_else(|| cur.level_on(item, on));
            timeline.first_other_within(days.partition_point(|d| *d <= on), days.len(), level)
        } else {
            let Some(held) = prev.counterpart(item) else {
                continue;
            };
            let held_kind = kind_of(prev.snapshot, held.who);
            // The level the carrier holds, day by day: once per coverage
            // and kind of the previous snapshot, like `timeline`.
            let before = held_timelines.entry((held.i, held_kind)).or_insert_with(|| {
                let at = prev_breaks.entry(held.i).or_insert_with(|| prev.breaks(held.i));
                Runs::of(at, days, |on| prev.level_on(held, on))
            });
            // Where the two differ, once per pair of them (review 29a: each
            // pair merged and walked the current coverage's every break,
            // rows moved from N coverages into one were N × N).
            let group = (item.i, kind, held.i, held_kind);
            let differing = groups
                .entry(group)
                .or_insert_with(|| Differing::of(timeline, before));
            let from = m
                .effective_start_date
                .map_or(0, |s| days.partition_point(|d| *d < s));
            differing.first_from(from, timeline, before)
        };
        let upto = days.partition_point(|d| *d <= end);
        let Some(first) = first.filter(|f| *f < upto) else {
            continue;
        };
        for at in timeline.changes(first, upto) {
            if let (Some(&on), Some(level)) = (days.get(at), timeline.level_at(at)) {
                out.push(LevelChange { item: k, level, on });
            }
        }
    }
    out
}

/// The start dates before and after of a difference that moves a start.
fn moved_start(d: &Difference) -> impl Iterator<Item = Date> + '_ {
    let f = d.fields.iter().filter(|f| f.key == "effective_start_date");
    let day = |v: &serde_json::Value| v.as_str().and_then(|s| Date::parse(s).ok());
    f.flat_map(move |f| [day(&f.before), day(&f.after)]).flatten()
}

/// A timeline: the days of a line (sorted, by index) in runs of
/// consecutive ones sharing the level of one group of rows (a coverage and
/// its member's kind, in one snapshot). The runs cover every day, and each
/// run's level differs from the next one's.
struct Runs {
    /// (first day's index, index past the last, level), in order.
    runs: Vec<(usize, usize, &'static str)>,
}

impl Runs {
    /// `level` gives the level on a day; it is constant between
    /// consecutive `breaks` (the sorted days on which the coverage's
    /// membership may change), so it is asked once per stretch between
    /// them holding a day of `days`.
    fn of(breaks: &[Date], days: &[Date], level: impl Fn(Date) -> &'static str) -> Runs {
        let mut runs: Vec<(usize, usize, &'static str)> = Vec::new();
        // Stretch k runs from the k-th break (the first: from ever) to the next.
        let starts = std::iter::once(None).chain(breaks.iter().copied().map(Some));
        let ends = breaks.iter().copied().map(Some).chain(std::iter::once(None));
        for (from, to) in starts.zip(ends) {
            count_level_step();
            let a = from.map_or(0, |f| days.partition_point(|d| *d < f));
            let b = to.map_or(days.len(), |t| days.partition_point(|d| *d < t));
            let Some(&first) = days.get(a) else { break };
            if a >= b {
                continue;
            }
            let level = level(first);
            match runs.last_mut() {
                Some(last) if last.2 == level => last.1 = b,
                _ => runs.push((a, b, level)),
            }
        }
        Runs { runs }
    }

    /// The level on the day `at` (index), when a run holds it.
    fn level_at(&self, at: usize) -> Option<&'static str> {
        let r = self.runs.partition_point(|(a, _, _)| *a <= at).checked_sub(1)?;
        let &(_, b, level) = self.runs.get(r)?;
        (at < b).then_some(level)
    }

    /// The days (indices) a row's level changes on in a timeline: `first`,
    /// then each later run's first day before `upto`; past
    /// `MAX_LEVEL_CHANGES`, the first ones and the last.
    fn changes(&self, first: usize, upto: usize) -> Vec<usize> {
        let r = self.runs.partition_point(|(a, _, _)| *a <= first);
        let t = self.runs.partition_point(|(a, _, _)| *a < upto).max(r);
        let later = self.runs.get(r..t).unwrap_or_default();
        let mut at = vec![first];
        let room = MAX_LEVEL_CHANGES.saturating_sub(2);
        if later.len() < MAX_LEVEL_CHANGES {
            at.extend(later.iter().map(|(a, _, _)| *a));
        } else {
            at.extend(later.iter().take(room).map(|(a, _, _)| *a));
            at.extend(later.last().map(|(a, _, _)| *a));
        }
        at
    }

    /// The first day (index) in `from..to` on which a timeline's level is
    /// not `level`: where the run holding `from` ends, if that run's level
    /// is `level` (the next run's is another).
    fn first_other_within(&self, from: usize, to: usize, level: &str) -> Option<usize> {
        count_level_step();
        let r = self.runs.partition_point(|(_, b, _)| *b <= from);
        let &(_, b, l) = self.runs.get(r)?;
        let at = if l != level { from } else { b };
        (at < to && self.runs.get(r + usize::from(l == level)).is_some()).then_some(at)
    }
}

/// Where two timelines of one line's days (`Runs`) differ:
/// for each run of the shorter one, its first day on which the other's
/// level is not its own. Built in (shorter runs) × log (longer runs), so
/// pairs of a long timeline with many short ones cost their short sides.
struct Differing {
    /// Whether the shorter timeline is the current one (`a`).
    a_shorter: bool,
    /// Per run of the shorter: the first differing day (index) in it.
    first: Vec<Option<usize>>,
    /// Per run of the shorter: the first differing day in it or any later run.
    next: Vec<Option<usize>>,
}

impl Differing {
    fn of(a: &Runs, b: &Runs) -> Differing {
        let a_shorter = a.runs.len() <= b.runs.len();
        let (short, long) = if a_shorter { (a, b) } else { (b, a) };
        let first: Vec<Option<usize>> = short
            .runs
            .iter()
            .map(|&(x, y, level)| long.first_other_within(x, y, level))
            .collect();
        let mut next = first.clone();
        let mut later = None;
        for n in next.iter_mut().rev() {
            later = n.or(later);
            *n = later;
        }
        Differing {
            a_shorter,
            first,
            next,
        }
    }

    /// The first day (index) from `from` on which `a`'s and `b`'s levels differ.
    fn first_from(&self, from: usize, a: &Runs, b: &Runs) -> Option<usize> {
        let (short, long) = if self.a_shorter { (a, b) } else { (b, a) };
        let r = short.runs.partition_point(|(_, y, _)| *y <= from);
        let &(_, y, level) = short.runs.get(r)?;
        // The run holding `from` (the runs cover every day).
        let here = match self.first.get(r).copied().flatten() {
            Some(f) if f >= from => Some(f),
            Some(_) => long.first_other_within(from, y, level),
            None => None,
        };
        here.or_else(|| self.next.get(r + 1).copied().flatten())
    }
}

/// The person's reference in the current and the previous snapshot.
fn counterparts(
    pairing: &crate::diff::people::Pairing,
    side: Side,
    who: MemberRef,
) -> (Option<MemberRef>, Option<MemberRef>) {
    match (side, who) {
        (_, MemberRef::Employee) => (Some(MemberRef::Employee), Some(MemberRef::Employee)),
        (Side::Current, MemberRef::Dependent(k)) => {
            let p = pairing.cur_to_prev.get(k).copied().flatten();
            (Some(who), p.map(MemberRef::Dependent))
        }
        (Side::Previous, MemberRef::Dependent(k)) => {
            let c = pairing.prev_to_cur.get(k).copied().flatten();
            (c.map(MemberRef::Dependent), Some(who))
        }
    }
}

/// Both snapshots indexed, and what a change file asks of them per person.
struct Sides<'a> {
    current: Indexed<'a>,
    previous: Option<Indexed<'a>>,
    events: Events<'a>,
    /// Slots (previous snapshot) of the people in force at the carrier before.
    had: HashSet<usize>,
    /// Slots (current snapshot) of the people with an open-ended enrollment there now.
    open_now: HashSet<usize>,
}

/// One person's loop in a change file, or `None` when nothing of theirs is
/// sent (a new waive, a waive removed or still one).
fn person_loop<'a>(input: &ChangeInput<'a>, p: &PersonChanges, sides: &Sides<'a>) -> Option<MemberLoop<'a>> {
    let (cur, events) = (input.current, &sides.events);
    let mut coverages: Vec<HealthCoverage<'a>> = Vec::new();
    let mut kinds: BTreeSet<Kind> = BTreeSet::new();
    let mut event_ids: Vec<&str> = Vec::new();
    // The latest DTP*349 of the coverages that cover a day, and of those
    // cancelled before they began (their start).
    let (mut covered, mut cancelled): (Option<Date>, Option<Date>) = (None, None);
    for (d, side) in &p.enrollments {
        let indexed = match side {
            Side::Current => &sides.current,
            Side::Previous => sides.previous.as_ref()?,
        };
        let Some(item) = indexed.item(&d.path) else {
            continue;
        };
        let kind = enrollment_kind(d, item, sides.previous.as_ref());
        if kind == Kind::Nothing {
            continue;
        }
        kinds.insert(kind);
        event_ids.extend(item.member.event_id.as_deref());
        // A removed enrollment's end is the one the diff computed for it.
        let mut end = match d.change {
            Change::Removed => d
                .fields
                .iter()
                .find(|f| f.key == "effective_end_date")
                .and_then(|f| f.after.as_str())
                .and_then(|s| Date::parse(s).ok())
                .filter(|e| !e.is_open_end()),
            _ => HealthCoverage::end_of(item.member),
        };
        // A termination ends the row the carrier holds: its start (DTP*348),
        // volume and level come from the previous snapshot, not from the
        // current row (a waive's start is a day after its end, review 28e).
        let held = match (kind, d.change, sides.previous.as_ref()) {
            (Kind::Ended, Change::Modified, Some(prev)) => prev.counterpart(item).map(|i| (prev, i)),
            _ => None,
        };
        let (indexed, item) = held.unwrap_or((indexed, item));
        if kind == Kind::Ended {
            // Cancelled before it began: DTP*349 is the start (a one-day
            // span, the cancellation convention), never a day before it.
            let start = item.member.effective_start_date;
            if let (Some(e), Some(s)) = (end, start.filter(|s| end.is_some_and(|e| e < *s))) {
                cancelled = cancelled.max(Some(s));
                end = Some(e.max(s));
            } else {
                covered = covered.max(end);
            }
        } else {
            covered = covered.max(end);
        }
        // A change or reinstatement is dated by its own effective date
        // (kept below where it differs from the member's DTP*303).
        let changed_on = match kind.maintenance() {
            CHANGE | REINSTATEMENT => d.effective_date,
            _ => None,
        };
        coverages.push(HealthCoverage {
            maintenance: kind.maintenance(),
            coverage: item.coverage,
            member: item.member,
            level: indexed.level(item, end, input.today),
            end,
            changed_on,
            difference_ids: vec![d.id.clone()],
        });
    }
    for change in &p.levels {
        let Some(item) = sides.current.items.get(change.item) else {
            continue;
        };
        kinds.insert(Kind::TermsChanged);
        let end = HealthCoverage::end_of(item.member);
        covered = covered.max(end);
        coverages.push(HealthCoverage {
            maintenance: CHANGE,
            coverage: item.coverage,
            member: item.member,
            level: change.level,
            end,
            changed_on: Some(change.on),
            difference_ids: Vec::new(),
        });
    }
    in_rank_order(&mut coverages);
    for d in &p.person {
        kinds.insert(person_kind(d));
    }
    if kinds.is_empty() {
        return None;
    }
    let (snapshot, who) = match (p.current, p.previous, input.previous) {
        (Some(who), _, _) => (cur, who),
        (None, Some(who), Some(prev)) => (prev, who),
        _ => return None,
    };
    event_ids.extend(person_event(snapshot, who));
    let subscriber = who == MemberRef::Employee;
    let had = p.previous.is_some_and(|w| sides.had.contains(&slot(w)));
    let open_now = p.current.is_some_and(|w| sides.open_now.contains(&slot(w)));
    // The HDs decide INS03, a `001` as much as any (review 30d: a coverage
    // changed beside one ended is kept, so the member is not terminated);
    // a person's own changes alongside them (a new person's data, a
    // terminated employee's status) do not. A level change (an HD standing
    // for no difference) of a row whose own HD is listed is part of that
    // HD (a new member's later level).
    let own_rows: HashSet<usize> = coverages
        .iter()
        .filter(|c| !c.difference_ids.is_empty())
        .map(|c| c.member as *const crate::model::EnrolledMember as usize)
        .collect();
    let deciding: Vec<&str> = coverages
        .iter()
        .filter(|c| {
            let row = c.member as *const crate::model::EnrolledMember as usize;
            !c.difference_ids.is_empty() || !own_rows.contains(&row)
        })
        .map(|c| c.maintenance)
        .collect();
    let all = |code: &str| !deciding.is_empty() && deciding.iter().all(|m| *m == code);
    let maintenance = if kinds.contains(&Kind::PersonRemoved) || (all(TERMINATION) && !open_now) {
        TERMINATION
    } else if all(ADDITION) && !had {
        ADDITION
    } else if all(REINSTATEMENT) {
        REINSTATEMENT
    } else {
        CHANGE
    };
    let reason = match maintenance {
        ADDITION => events.addition(&event_ids, input.transaction_type),
        TERMINATION => codes::termination_reason(events.ending(&event_ids), subscriber),
        REINSTATEMENT => "41",
        _ => change_reason(&kinds, events, &event_ids, input.transaction_type),
    };
    let mut dates = Vec::new();
    let effective = p
        .person
        .iter()
        .chain(p.enrollments.iter().map(|(d, _)| d))
        .filter_map(|d| d.effective_date)
        .chain(p.levels.iter().map(|l| l.on))
        .max();
    if maintenance == ADDITION {
        if let Some(start) = coverages
            .iter()
            .filter_map(|c| c.member.effective_start_date)
            .min()
        {
            dates.push(("356", start));
        }
    }
    if maintenance == TERMINATION {
        // The last day the person is covered: a coverage cancelled before
        // it began (349 its start) covered no day, and counts only when
        // every one was (review 28g: a future vision cancelled and life
        // ended 06-30 ends eligibility 06-30, not on the vision's start).
        if let Some(end) = covered.or(cancelled) {
            dates.push(("357", end));
        }
    }
    if let Some(effective) = effective {
        dates.push(("303", effective));
    }
    // The member's DTP*303 is the latest date of their changes: an HD
    // `001`/`025` taking effect on another day carries its own 2300
    // DTP*303 (review 30d: a vision change from 04-01 beside a life change
    // from 2027-01-01 would otherwise move the vision nine months late).
    for c in coverages.iter_mut().filter(|c| !c.difference_ids.is_empty()) {
        if c.changed_on == effective {
            c.changed_on = None;
        }
    }
    let reference = p
        .person
        .iter()
        .chain(p.enrollments.iter().map(|(d, _)| d))
        .map(|d| d.individual.reference.clone())
        .next()
        .unwrap_or_else(|| reference_of(input.acknowledgement, who));
    Some(MemberLoop {
        snapshot,
        who,
        subscriber_id: input.subscriber_id,
        maintenance,
        reason,
        dates,
        coverages,
        reference,
        difference_ids: p.person.iter().map(|d| d.id.clone()).collect(),
        mailing_is_home: mailing_is_home(input, p),
    })
}

/// Whether the person's mailing address difference takes away a separate
/// mailing address the carrier holds (the previous snapshot's 2100C): the
/// current one is the home address or removed, so the 2100C is sent with
/// the home address (review 28e; docs/api.md, NM1 2100C).
fn mailing_is_home(input: &ChangeInput, p: &PersonChanges) -> bool {
    let (Some(now), Some(before), Some(prev)) = (p.current, p.previous, input.previous) else {
        return false;
    };
    let touched = p.person.iter().any(|d| {
        d.fields
            .iter()
            .any(|f| f.key.starts_with("person.mailing_address"))
    });
    touched
        && prev
            .person(before)
            .and_then(super::members::separate_mailing)
            .is_some()
        && input
            .current
            .person(now)
            .is_some_and(|q| super::members::separate_mailing(q).is_none())
}

/// What one difference is, for INS03/INS04 and HD01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    /// A new enrollment (HD 021).
    Added,
    /// An enrollment ending or cancelled (HD 024).
    Ended,
    /// An ended enrollment open again (HD 025).
    Reopened,
    /// Another plan (HD 001).
    PlanChanged,
    /// Volume, dates or coverage level (HD 001).
    TermsChanged,
    /// Name, SSN, date of birth or sex.
    Identity,
    /// An address.
    Location,
    /// Employment, relationship or other personal data.
    Personnel,
    /// A person gone from the snapshot.
    PersonRemoved,
    /// A new waive, or a waive removed or still one: nothing is sent.
    Nothing,
}

impl Kind {
    fn maintenance(self) -> &'static str {
        match self {
            Kind::Added => ADDITION,
            Kind::Ended => TERMINATION,
            Kind::Reopened => REINSTATEMENT,
            _ => CHANGE,
        }
    }
}

/// An enrollment difference's kind; `item` is the enrollment it points at
/// (a removed one's in `prev`). A waive is never sent, so a row that was
/// one is no coverage the carrier holds (review 30d): made active it is an
/// addition, removed or still a waive nothing.
fn enrollment_kind(d: &Difference, item: &Item, prev: Option<&Indexed>) -> Kind {
    let field = |key: &str| d.fields.iter().find(|f| f.key == key);
    let held_a_waive = match d.change {
        Change::Removed => item.member.is_waive(),
        Change::Modified => prev
            .and_then(|p| p.counterpart(item))
            .is_some_and(|held| held.member.is_waive()),
        Change::Added => false,
    };
    if held_a_waive {
        let active = d.change == Change::Modified && !item.member.is_waive();
        return if active { Kind::Added } else { Kind::Nothing };
    }
    match d.change {
        Change::Removed => Kind::Ended,
        Change::Added if item.member.is_waive() => Kind::Nothing,
        Change::Added => Kind::Added,
        Change::Modified => {
            if let Some(end) = field("effective_end_date") {
                let open = |v: &serde_json::Value| v.as_str().is_none_or(|s| s == "9999-12-31");
                match (open(&end.before), open(&end.after)) {
                    (_, false) => return Kind::Ended,
                    (false, true) => return Kind::Reopened,
                    (true, true) => {}
                }
            }
            if field("plan_id").is_some() || field("plan_name").is_some() {
                Kind::PlanChanged
            } else {
                Kind::TermsChanged
            }
        }
    }
}

/// A person difference's kind, from the fields that changed.
fn person_kind(d: &Difference) -> Kind {
    const IDENTITY: &[&str] = &[
        "person.first_name",
        "person.last_name",
        "person.middle_name",
        "person.suffix",
        "person.ssn",
        "person.date_of_birth",
        "person.sex",
    ];
    match d.change {
        Change::Removed => Kind::PersonRemoved,
        Change::Added => Kind::Personnel,
        Change::Modified if d.fields.iter().any(|f| IDENTITY.contains(&f.key.as_str())) => Kind::Identity,
        Change::Modified if d.fields.iter().any(|f| f.key.contains("_address")) => Kind::Location,
        Change::Modified => Kind::Personnel,
    }
}

/// INS04 of a 001 loop: the first of plan change (22), identifying data
/// (25), location (43), personnel data (33), benefit selection (29), then
/// for coverages ending (07; with one added too, the addition's reason) or
/// added (the addition's reason).
fn change_reason(
    kinds: &BTreeSet<Kind>,
    events: &Events,
    ids: &[&str],
    t: Option<TransactionType>,
) -> &'static str {
    let first = [
        (Kind::PlanChanged, "22"),
        (Kind::Identity, "25"),
        (Kind::Location, "43"),
        (Kind::Personnel, "33"),
        (Kind::TermsChanged, "29"),
        (Kind::Ended, "07"),
        (Kind::Reopened, "41"),
    ];
    // A row ended and a new one added (the usual way to write a plan, tier
    // or volume change): the change has the new row's reason — its event's,
    // else the transaction's — not "termination of benefits" (review 27f).
    let replaced = kinds.contains(&Kind::Ended) && kinds.contains(&Kind::Added);
    match first.iter().find(|(k, _)| kinds.contains(k)) {
        Some((Kind::Ended, _)) if replaced => events.addition(ids, t),
        Some((_, reason)) => reason,
        None if kinds.contains(&Kind::Added) => events.addition(ids, t),
        None => "AI",
    }
}

/// The event behind a person: their own `event_id`.
fn person_event(s: &Snapshot, who: MemberRef) -> Option<&str> {
    match who {
        MemberRef::Employee => s.employee.as_ref()?.event_id.as_deref(),
        MemberRef::Dependent(k) => s.dependents.get(k)?.event_id.as_deref(),
    }
}

/// The current snapshot's events by id, and those new since the previous one.
struct Events<'a> {
    by_id: BTreeMap<&'a str, &'a Event>,
    /// What the events new to this snapshot say, read once: each person
    /// loop asks, and re-reading every new event per loop cost new events
    /// × loops (review 30a B).
    new_addition: Option<&'static str>,
    new_ending: Option<EventReason>,
}

/// The event reasons that end coverage.
const ENDING: [EventReason; 5] = [
    EventReason::Death,
    EventReason::Divorce,
    EventReason::Termination,
    EventReason::Retirement,
    EventReason::LeaveStatusChange,
];

impl<'a> Events<'a> {
    /// Linked and told new as the diff does (`diff::enrollments::new_events`):
    /// an id masking like another of its snapshot names no event and is new
    /// to none (docs/api.md, Privacy › Equality).
    fn of(prev: Option<&Snapshot>, cur: &'a Snapshot) -> Events<'a> {
        let alike = crate::privacy::event_ids_alike(cur);
        let new = crate::diff::enrollments::new_events(prev, cur, &alike);
        let reasons = || new.iter().filter_map(|e| e.reason);
        Events {
            by_id: cur
                .events
                .iter()
                .filter_map(|e| Some((e.id.as_deref().filter(|id| !alike.holds(id))?, e)))
                .collect(),
            new_addition: reasons().find_map(codes::addition_reason),
            new_ending: reasons().find(|r| ENDING.contains(r)),
        }
    }

    /// The reasons of the events named by `ids`.
    fn named<'s>(&'s self, ids: &'s [&str]) -> impl Iterator<Item = EventReason> + 's {
        let named = ids.iter().filter_map(|id| self.by_id.get(id).copied());
        named.filter_map(|e| e.reason)
    }

    /// INS04 of an addition: the first event with a reason X12 lists — of
    /// those `ids` name, then of the new events —, else the transaction
    /// type's (28 initial enrollment, EC member benefit selection).
    fn addition(&self, ids: &[&str], t: Option<TransactionType>) -> &'static str {
        if let Some(code) = self
            .named(ids)
            .find_map(codes::addition_reason)
            .or(self.new_addition)
        {
            return code;
        }
        match t {
            Some(TransactionType::NewHire | TransactionType::InitialEnrollment) => "28",
            _ => "EC",
        }
    }

    /// The event reason that ends coverage, if any: of those `ids` name,
    /// then of the new events.
    fn ending(&self, ids: &[&str]) -> Option<EventReason> {
        self.named(ids).find(|r| ENDING.contains(r)).or(self.new_ending)
    }
}
