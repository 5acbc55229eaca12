//! Individual enrollments of two snapshots: matched by person, carrier, line
//! (and, among a person's rows of those, by content: `pair_rows`), compared field by field, and what happens to the
//! ones omitted from the current snapshot.

use crate::diagnostic::pointer::pointer;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use super::people::{Pairing, Side};
use crate::config::{Config, PlanIndex};
use crate::model::text::push_decimal;
use crate::model::*;

/// See `Item::match_key`.
pub(crate) type MatchKey<'i> = (LineOfCoverage, &'i str, &'i str);

/// One person's enrollment in one coverage, with its place in its snapshot.
#[derive(Debug, Clone)]
pub(crate) struct Item<'a> {
    /// person | carrier | line | ordinal: the same enrollment in both snapshots.
    pub key: String,
    pub person_key: String,
    pub who: MemberRef,
    pub carrier: &'a str,
    pub line: LineOfCoverage,
    pub i: usize,
    pub j: usize,
    /// Its rank among its person's rows of this carrier and line (`items`).
    pub ordinal: usize,
    /// How many rows that person has of this carrier and line in its snapshot.
    pub rows: usize,
    /// Its plan and volume as the output shows them, which rank and pair it.
    pub shown: Shown,
    pub member: &'a EnrolledMember,
    pub coverage: &'a Coverage,
}

impl Item<'_> {
    pub fn path(&self) -> String {
        pointer!["coverages", self.i, "enrolled_members", self.j]
    }

    /// `person|carrier|line`: the key without its ordinal.
    pub fn group(&self) -> &str {
        self.key
            .rsplit_once('|')
            .map_or(self.key.as_str(), |(group, _)| group)
    }

    /// The compared fields, the plan's (`plan_id`, `plan_name`) only with `plan`.
    pub fn compared(&self, plan: bool) -> Value {
        let mut doc = json!({
            "effective_start_date": self.member.effective_start_date,
            "effective_end_date": self.member.effective_end_date, "volume": self.member.volume,
        });
        if let (true, Some(fields)) = (plan, doc.as_object_mut()) {
            fields.insert("plan_id".into(), json!(self.coverage.plan_id));
            fields.insert("plan_name".into(), json!(self.coverage.plan_name));
        }
        doc
    }

    /// Whether both name the same plan: the same `plan_id` and `plan_name`,
    /// or the same configured plan when each resolves to one
    /// (`PlanIndex::lookup`, as validation and pricing read them), however
    /// spelled: naming it by id in one snapshot and by name in the other
    /// changes nothing at the carrier (source S2). Without `plans` (a diff
    /// without its configuration), as written.
    pub fn same_plan(&self, other: &Item, plans: Option<&Config>) -> bool {
        let (a, b) = (self.coverage, other.coverage);
        if a.plan_id == b.plan_id && a.plan_name == b.plan_name {
            return true;
        }
        let Some(config) = plans else {
            return false;
        };
        let plan = |c: &Coverage| config.index.lookup(&config.group, c).found().map(|(k, _)| k);
        plan(a).is_some_and(|k| plan(b) == Some(k))
    }

    /// What identifies the enrollment across snapshots: two items with equal
    /// match keys are the same enrollment (the line and carrier only make
    /// comparisons cheap: a family's keys share their person's prefix).
    pub fn match_key(&self) -> MatchKey<'_> {
        (self.line, self.carrier, &self.key)
    }

    /// Whether the dates and volume are equal, and the plan is when
    /// `same_plan` (`compared` without building it).
    pub fn same_terms(&self, other: &Item, same_plan: bool) -> bool {
        let (a, b) = (self.member, other.member);
        same_plan
            && a.effective_start_date == b.effective_start_date
            && a.effective_end_date == b.effective_end_date
            && a.volume == b.volume
    }

    /// Not waived, and open or ending on or after `today` (open only without it).
    pub fn in_force(&self, today: Option<Date>) -> bool {
        let end = self.member.effective_end_date;
        !self.member.is_waive() && end.is_some_and(|e| e.is_open_end() || today.is_some_and(|t| e >= t))
    }
}

/// Every resolvable enrollment of a snapshot with a readable carrier and
/// line, in listing order. A row's ordinal is its rank by content (`rank`)
/// among its person's rows of that carrier and line, so a snapshot's keys,
/// and the `C-` references made of them, do not depend on listing order.
pub(crate) fn items<'a>(s: &'a Snapshot, pairing: &Pairing, side: Side) -> Vec<Item<'a>> {
    let people = s.resolver();
    // Each `person|carrier|line` seen, its group number; each group's size;
    // each item's group.
    let mut groups: BTreeMap<String, usize> = BTreeMap::new();
    let mut sizes: Vec<usize> = Vec::new();
    let mut group_of: Vec<usize> = Vec::new();
    let mut out: Vec<Item<'a>> = Vec::new();
    for (i, coverage) in s.coverages.iter().enumerate() {
        let (Some(carrier), Some(line)) = (coverage.carrier_id.as_deref(), coverage.line_of_coverage) else {
            continue;
        };
        // Once per coverage: its members share the plan, however long its name.
        let mut plan: Option<[u8; 16]> = None;
        for (j, member) in coverage.enrolled_members.iter().enumerate() {
            let Resolution::Found(who) = people.resolve(member) else {
                continue;
            };
            let person_key = pairing.key_of(side, who);
            let line_text = line.as_str();
            let mut key = String::with_capacity(person_key.len() + carrier.len() + line_text.len() + 24);
            for part in [person_key, "|", carrier, "|", line_text] {
                key.push_str(part);
            }
            let group = match groups.get(&key) {
                Some(&g) => g,
                None => {
                    groups.insert(key.clone(), sizes.len());
                    sizes.push(0);
                    sizes.len() - 1
                }
            };
            if let Some(n) = sizes.get_mut(group) {
                *n += 1;
            }
            group_of.push(group);
            out.push(Item {
                key,
                person_key: person_key.to_owned(),
                who,
                carrier,
                line,
                i,
                j,
                ordinal: 0,
                rows: 1,
                shown: Shown {
                    plan: *plan.get_or_insert_with(|| shown_plan(coverage)),
                    volume: member.volume.map(ShownVolume::of),
                },
                member,
                coverage,
            });
        }
    }
    // Only the rows of groups with more than one are sorted (by group, then rank).
    let size = |k: usize| group_of.get(k).and_then(|&g| sizes.get(g)).copied().unwrap_or(1);
    let mut several: Vec<(usize, usize)> = (0..out.len())
        .filter(|&k| size(k) > 1)
        .filter_map(|k| Some((*group_of.get(k)?, k)))
        .collect();
    crate::sort::sort_by(&mut several, |&(ga, a), &(gb, b)| {
        ga.cmp(&gb).then_with(|| match (out.get(a), out.get(b)) {
            (Some(x), Some(y)) => rank(x).cmp(&rank(y)),
            _ => std::cmp::Ordering::Equal,
        })
    });
    let mut last = None;
    let mut ordinal = 0;
    for (g, k) in several {
        ordinal = if last == Some(g) { ordinal + 1 } else { 0 };
        last = Some(g);
        if let Some(item) = out.get_mut(k) {
            item.ordinal = ordinal;
            item.rows = size(k);
        }
    }
    for item in &mut out {
        // By hand: `write!` went through the formatting machinery.
        item.key.push('|');
        push_decimal(&mut item.key, item.ordinal);
    }
    out
}

/// What ranks a row among its person's rows of one carrier and line: its
/// dates, plan and volume as shown, then its place (rows alike in all of them).
fn rank<'i>(x: &'i Item) -> impl Ord + 'i {
    let m = x.member;
    (
        (m.effective_start_date, m.effective_end_date),
        &x.shown,
        (x.i, x.j),
    )
}

/// A row's plan and volume as the output shows them (masked), which rank and
/// pair rows: a hidden SSN's digits in a volume or a plan name must order
/// and pair nothing — 20,000 rows of guessed volumes paired the one equal to
/// the previous snapshot's hidden one (review 27e). The plan is a digest of
/// its shown `plan_id` and `plan_name`, made once per coverage: compared
/// whole, a 2 MB name × 12,500 rows took 48 s.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Shown {
    plan: [u8; 16],
    volume: Option<ShownVolume>,
}

/// A volume as shown: the number, or its masked text (`*****3876`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ShownVolume {
    Number(i32),
    Masked(String),
}

impl ShownVolume {
    pub(crate) fn of(v: i32) -> ShownVolume {
        let text = v.to_string();
        let masked = crate::privacy::scrub(&text);
        if masked == text {
            ShownVolume::Number(v)
        } else {
            ShownVolume::Masked(masked.into_owned())
        }
    }
}

/// The first 16 bytes of SHA-256 over a coverage's shown `plan_id` and
/// `plan_name` (each absent, or its length and bytes).
pub(crate) fn shown_plan(c: &Coverage) -> [u8; 16] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for part in [c.plan_id.as_deref(), c.plan_name.as_deref()] {
        match part.map(crate::privacy::scrub) {
            None => h.update([0u8]),
            Some(text) => {
                h.update([1u8]);
                h.update((text.len() as u64).to_le_bytes());
                h.update(text.as_bytes());
            }
        }
    }
    let mut out = [0u8; 16];
    for (o, b) in out.iter_mut().zip(h.finalize()) {
        *o = b;
    }
    out
}

/// The configuration's plans, as `Item::same_plan` reads them (none: as written).
pub(crate) type Plans<'c> = Option<(&'c GroupConfig, &'c PlanIndex)>;

/// The plan a row names, as `Item::same_plan` compares them: the configured
/// plan it resolves to, else its `plan_id` and `plan_name` as written (the
/// rows compared share a carrier and line, which the lookup also reads).
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum PlanOf {
    Configured(usize),
    /// `plan_id` and `plan_name` as shown (`Shown::plan`).
    Written([u8; 16]),
}

fn plan_of(x: &Item, plans: Plans) -> PlanOf {
    let c = x.coverage;
    let configured = plans.and_then(|(group, index)| index.lookup(group, c).found().map(|(k, _)| k));
    match configured {
        Some(k) => PlanOf::Configured(k),
        None => PlanOf::Written(x.shown.plan),
    }
}

/// Pairs the previous side's rows with the current side's by content where
/// a person has several rows of one carrier and line on either side, and
/// re-keys the previous ones: a paired row takes its current row's key, an
/// unpaired one an ordinal the current group does not use. Rows are paired
/// first with the same terms (plan, dates, volume), then the same start,
/// then the same plan, then the rest in rank order — these two only where
/// the periods overlap: a plan change written as an end-dated row and a new
/// one matches the old row to the old row, whatever either side's listing
/// order or other rows, and an ended row no longer listed is not the new
/// row changed. The current keys never change (its references depend on
/// it alone).
pub(crate) fn pair_rows(cur: &[Item], prev: &mut [Item], plans: Plans) {
    let several: BTreeSet<&str> = cur
        .iter()
        .chain(prev.iter())
        .filter(|x| x.rows > 1)
        .map(Item::group)
        .collect();
    if several.is_empty() {
        return;
    }
    // Each such group's rows on both sides (indices), in rank order.
    let mut groups: BTreeMap<&str, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for (k, x) in cur
        .iter()
        .enumerate()
        .filter(|(_, x)| several.contains(x.group()))
    {
        groups.entry(x.group()).or_default().0.push(k);
    }
    for (k, x) in prev
        .iter()
        .enumerate()
        .filter(|(_, x)| several.contains(x.group()))
    {
        groups.entry(x.group()).or_default().1.push(k);
    }
    let mut keys: Vec<(usize, String, usize)> = Vec::new();
    for (group, (mut c, mut p)) in groups {
        if c.is_empty() {
            continue; // nothing current to collide with
        }
        let ordinal = |side: &[Item], k: usize| side.get(k).map(|x| x.ordinal);
        crate::sort::sort_by(&mut c, |&a, &b| ordinal(cur, a).cmp(&ordinal(cur, b)));
        crate::sort::sort_by(&mut p, |&a, &b| ordinal(prev, a).cmp(&ordinal(prev, b)));
        let mut fresh = c.len();
        for (k, paired) in p.iter().zip(pair_group(cur, prev, &c, &p, plans)) {
            let (key, ordinal) = match paired.and_then(|n| cur.get(n)) {
                Some(x) => (x.key.clone(), x.ordinal),
                None => {
                    let mut key = String::with_capacity(group.len() + 8);
                    key.push_str(group);
                    key.push('|');
                    push_decimal(&mut key, fresh);
                    fresh += 1;
                    (key, fresh - 1)
                }
            };
            keys.push((*k, key, ordinal));
        }
    }
    for (k, key, ordinal) in keys {
        if let Some(x) = prev.get_mut(k) {
            x.key = key;
            x.ordinal = ordinal;
        }
    }
}

/// For each of `p` (previous rows of one group, in rank order) the current
/// row of `c` it pairs with (`pair_rows`), by index into `cur`.
fn pair_group<'s, 'a>(
    cur: &'s [Item<'a>],
    prev: &'s [Item<'a>],
    c: &[usize],
    p: &[usize],
    plans: Plans,
) -> Vec<Option<usize>> {
    let mut paired: Vec<Option<usize>> = vec![None; p.len()];
    let mut taken = vec![false; c.len()];
    // `overlapping`: only rows whose periods overlap, each previous row
    // trying the first free current row of its key alone (near-linear).
    let mut by = |key: &dyn Fn(&'s Item<'a>) -> Terms<'s>, overlapping: bool| {
        // The free current rows by `key`, each key's in rank order (popped from the back).
        let mut free: BTreeMap<Terms<'s>, Vec<usize>> = BTreeMap::new();
        for (n, x) in c
            .iter()
            .enumerate()
            .rev()
            .filter_map(|(n, &k)| Some((n, cur.get(k)?)))
        {
            if taken.get(n) == Some(&false) {
                free.entry(key(x)).or_default().push(n);
            }
        }
        for (m, x) in p.iter().enumerate().filter_map(|(m, &k)| Some((m, prev.get(k)?))) {
            let Some(slot) = paired.get_mut(m).filter(|s| s.is_none()) else {
                continue;
            };
            let Some(rows) = free.get_mut(&key(x)) else {
                continue;
            };
            let first = rows.last().and_then(|&n| Some((n, cur.get(*c.get(n)?)?)));
            if let Some((n, _)) = first.filter(|(_, y)| !overlapping || overlap(x, y)) {
                rows.pop();
                *slot = c.get(n).copied();
                if let Some(t) = taken.get_mut(n) {
                    *t = true;
                }
            }
        }
    };
    let (start, end) = (
        |x: &Item| x.member.effective_start_date,
        |x: &Item| x.member.effective_end_date,
    );
    by(
        &|x| Terms(Some(plan_of(x, plans)), start(x), end(x), x.shown.volume.as_ref()),
        false,
    );
    by(&|x| Terms(None, start(x), None, None), false);
    by(&|x| Terms(Some(plan_of(x, plans)), None, None, None), true);
    by(&|_| Terms(None, None, None, None), true);
    paired
}

/// Whether two rows' periods share a day (a missing date bounds nothing; a
/// waive, ending before it starts, shares none): a row that ended before
/// another starts is history beside it, not that row changed.
fn overlap(a: &Item, b: &Item) -> bool {
    let before = |start: Option<Date>, end: Option<Date>| start.zip(end).is_none_or(|(s, e)| s <= e);
    let (a, b) = (a.member, b.member);
    before(a.effective_start_date, b.effective_end_date)
        && before(b.effective_start_date, a.effective_end_date)
}

/// What `pair_group` pairs rows by: some of plan, start, end and volume (as shown).
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Terms<'s>(
    Option<PlanOf>,
    Option<Date>,
    Option<Date>,
    Option<&'s ShownVolume>,
);

/// The dates of a snapshot's events, looked up by id once per snapshot
/// rather than searched for every change.
pub(crate) struct EventDates<'a> {
    /// The first event with each id new to this snapshot, and the date it
    /// gives (`dating`); none of the ids that mask like another id or
    /// `event_id` of the snapshot (`alike`).
    by_id: BTreeMap<&'a str, Option<Date>>,
    /// Those ids' masked forms: an `event_id` anywhere in the snapshot
    /// changes them, and with them every date `of_event` gives (`DiffMemo`).
    pub alike: crate::privacy::MaskedAlike,
    /// The date of a person's change without an event of its own (`demographic`).
    demographic: Option<Date>,
    /// The date of the one coverage event new to this snapshot, when there
    /// is exactly one: it explains an enrollment change that names none.
    sole_coverage: Option<Date>,
}

/// How an event is recognized in both snapshots: by its id; without one,
/// by its type, reason and date.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Listed<'e> {
    Id(&'e str),
    Unnamed(Option<EventType>, Option<EventReason>, Option<Date>),
}

impl<'e> Listed<'e> {
    fn of(e: &'e Event) -> Listed<'e> {
        match &e.id {
            Some(id) => Listed::Id(id),
            None => Listed::Unnamed(e.event_type, e.reason, e.date),
        }
    }
}

/// The events of `cur` new to it: those `prev` does not list (by id; without
/// one, by type, reason and date). An id masking like another distinct id of
/// its snapshot (`alike`: `privacy::event_ids_alike` of `cur`; the same of
/// `prev` for its own) is compared with none: such an event of `cur` is not
/// new — it explains nothing, as it links nothing — and such an event of
/// `prev` makes none old. Compared as written, of guessed ids that all show
/// `*****3876` the one equal to a hidden previous id was the one not new,
/// and a change's date said which (review 29b F2).
pub(crate) fn new_events<'s>(
    prev: Option<&Snapshot>,
    cur: &'s Snapshot,
    alike: &crate::privacy::MaskedAlike,
) -> Vec<&'s Event> {
    let old: BTreeSet<Listed> = prev
        .map(|p| {
            let theirs = crate::privacy::event_ids_alike(p);
            p.events
                .iter()
                .filter(|e| e.id.as_deref().is_none_or(|id| !theirs.holds(id)))
                .map(Listed::of)
                .collect()
        })
        .unwrap_or_default();
    cur.events
        .iter()
        .filter(|e| e.id.as_deref().is_none_or(|id| !alike.holds(id)))
        .filter(|e| !old.contains(&Listed::of(e)))
        .collect()
}

/// The date a new event gives the changes it explains: its own, except an
/// open enrollment's (`open_enrollment`, `dependent_open_enrollment`, as
/// transaction typing groups them): that is its election window, not when
/// its changes take effect (the plan year's start, which the coverage
/// gives), so it dates nothing (reviews 27f, 31e #2).
fn dating(e: &Event) -> Option<Date> {
    let open_enrollment = matches!(
        e.reason,
        Some(EventReason::OpenEnrollment | EventReason::DependentOpenEnrollment)
    );
    e.date.filter(|_| !open_enrollment)
}

impl<'a> EventDates<'a> {
    /// The current snapshot's event dates; `prev` tells which events are new.
    pub fn of(prev: Option<&Snapshot>, s: &'a Snapshot) -> EventDates<'a> {
        let mut by_id = BTreeMap::new();
        // Ids masking alike link to nothing: 10,000 `event_id` guesses
        // beside one hidden SSN would otherwise date the equal one by its
        // event (review 27e #2, docs/api.md Privacy › Equality); `new_events`
        // leaves them out.
        let alike = crate::privacy::event_ids_alike(s);
        // Only new events date a change, whichever way it names them: an
        // `event_id` still naming an event the previous snapshot listed (the
        // original hire, last year's open enrollment) would date today's
        // change, and the 834's DTP*303, months back (review 31e #2). An
        // id is new or old for all its events, so the first event with it
        // is still the one a search of the snapshot would find.
        let fresh = new_events(prev, s, &alike);
        // Reversed so that the first event with an id wins.
        for &e in fresh.iter().rev() {
            if let Some(id) = e.id.as_deref() {
                by_id.insert(id, dating(e));
            }
        }
        let demographic = |e: &&&Event| e.event_type == Some(EventType::Demographic);
        // The latest new one: a snapshot keeps listing its earlier events
        // long after they explained anything, and the state it reports
        // holds once all of its new events have happened (whatever their order).
        let latest_new = fresh.iter().filter(demographic).filter_map(|e| dating(e)).max();
        // No new one: none. An old event's date would date today's change
        // (and the 834's DTP*303) by what happened months ago (review 25g).
        let mut coverage = fresh.iter().filter(|e| !demographic(e));
        let sole_coverage = match (coverage.next(), coverage.next()) {
            (Some(e), None) => dating(e),
            _ => None,
        };
        EventDates {
            by_id,
            alike,
            demographic: latest_new,
            sole_coverage,
        }
    }

    /// The date the event with this id gives a change it explains: none
    /// when the event is not new to this snapshot or is an open enrollment
    /// (`dating`).
    pub fn of_event(&self, event_id: Option<&String>) -> Option<Date> {
        *self.by_id.get(event_id?.as_str())?
    }

    /// The date of a person's change that names no event: the latest dated
    /// demographic event new to this snapshot, else none.
    pub fn demographic(&self) -> Option<Date> {
        self.demographic
    }
}

/// When a changed enrollment takes effect: a new end date is the last day of
/// coverage; else an end reopened (a reinstatement) the first day covered
/// again; else a new start; else the member's latest change date; else its
/// event's date (when the event is new and no open enrollment: `of_event`);
/// else its start, or the date of the one coverage event new to this
/// snapshot when later (a change cannot precede the event behind it).
pub(crate) fn modified_effective_date(events: &EventDates, before: &Item, after: &Item) -> Option<Date> {
    let (b, a) = (before.member, after.member);
    let restored = reopened_from(b, a);
    match (a.effective_end_date, a.effective_start_date) {
        (Some(end), _) if Some(end) != b.effective_end_date && !end.is_open_end() => Some(end),
        _ if restored.is_some() => restored,
        (_, Some(start)) if Some(start) != b.effective_start_date => Some(start),
        _ => a
            .latest_change_effective_date
            .or_else(|| events.of_event(a.event_id.as_ref()))
            .or(a.effective_start_date.max(events.sole_coverage)),
    }
}

/// The first day covered again by an enrollment whose finite end was
/// reopened (open-ended or absent now): the day after its old end, or its
/// start when later — source S1 verifies once "all changes" are effective,
/// and the days restored begin there (docs/api.md, diff). A waive's end is
/// no coverage's end: a waive turned into coverage is dated as before.
fn reopened_from(before: &EnrolledMember, after: &EnrolledMember) -> Option<Date> {
    let old = before
        .effective_end_date
        .filter(|e| !e.is_open_end() && !before.is_waive())?;
    if !after.effective_end_date.is_none_or(Date::is_open_end) {
        return None;
    }
    let restored = old.plus_days(1)?;
    Some(
        after
            .effective_start_date
            .map_or(restored, |start| start.max(restored)),
    )
}

/// The end date `terminate` gives an omitted coverage, or why there is none.
pub(crate) fn termination_end(s: &Snapshot, today: Option<Date>) -> Result<Date, &'static str> {
    let handling = s.omitted_coverage_handling.as_ref();
    let rule = handling
        .and_then(|h| h.termination_rule)
        .unwrap_or(TerminationRule::EndOfCurrentMonth);
    if rule == TerminationRule::Custom {
        return handling
            .and_then(|h| h.custom.as_ref()?.effective_end_date)
            .ok_or("custom.effective_end_date is missing");
    }
    let today = today.ok_or("the rule needs today's date")?;
    let (y, m, _) = today.ymd();
    let first = Date::from_ymd(y, m, 1).ok_or("no such month")?;
    let end = match rule {
        TerminationRule::EndOfPriorMonth => first.pred(),
        _ => {
            let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            Date::from_ymd(ny, nm, 1).and_then(Date::pred)
        }
    };
    end.ok_or("no such month")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: Option<&str>, date: &str, event_type: EventType) -> Event {
        Event {
            id: id.map(str::to_owned),
            date: Date::parse(date).ok(),
            event_type: Some(event_type),
            reason: Some(EventReason::Moved),
            ..Event::default()
        }
    }

    fn snapshot(events: Vec<Event>) -> Snapshot {
        Snapshot {
            events,
            ..Snapshot::default()
        }
    }

    /// The employee's dental rows at one carrier, each `(plan, start, end)`.
    /// (Unreadable, a default snapshot: no items, and the assertions fail.)
    fn dental(rows: &[(&str, &str, &str)]) -> Snapshot {
        let coverages: Vec<Value> = rows
            .iter()
            .map(|(plan, start, end)| {
                json!({"carrier_id": "g", "line_of_coverage": "dental", "plan_id": plan, "enrolled_members": [
                    {"individual_type": "employee", "individual_id": "e", "effective_start_date": start, "effective_end_date": end}]})
            })
            .collect();
        serde_json::from_value(json!({"employee": {"id": "e"}, "coverages": coverages})).unwrap_or_default()
    }

    fn endings(items: &[Item]) -> Vec<String> {
        let ordinal = |x: &Item| x.key.rsplit_once('|').map(|(_, o)| o.to_owned());
        items.iter().filter_map(ordinal).collect()
    }

    /// A row's ordinal is its rank by start (then end, plan, volume) in its
    /// own snapshot; a previous row takes the key of the current row it
    /// pairs with (here by start: the same row end-dated), an unpaired one
    /// an ordinal the current rows do not use, and the current keys stay.
    #[test]
    fn rows_are_ranked_by_content_and_the_previous_ones_take_their_pairs_keys() {
        let cur = dental(&[
            ("plus", "2027-01-01", "9999-12-31"),
            ("base", "2026-01-01", "2026-12-31"),
            ("gold", "2025-01-01", "2025-12-31"),
        ]);
        let prev = dental(&[
            ("base", "2026-01-01", "9999-12-31"),
            ("silver", "2024-01-01", "2024-12-31"),
        ]);
        let pairing = super::super::people::pair(Some(&prev), &cur);
        let cur_items = items(&cur, &pairing, Side::Current);
        let mut prev_items = items(&prev, &pairing, Side::Previous);
        assert_eq!(endings(&cur_items), ["2", "1", "0"]);
        assert_eq!(endings(&prev_items), ["1", "0"]);
        let keys: Vec<String> = cur_items.iter().map(|x| x.key.clone()).collect();
        pair_rows(&cur_items, &mut prev_items, None);
        assert_eq!(endings(&prev_items), ["1", "3"]);
        assert_eq!(prev_items.first().map(|x| &x.key), keys.get(1));
        assert_eq!(cur_items.iter().map(|x| x.key.clone()).collect::<Vec<_>>(), keys);
        // The rest pair in rank order where their periods overlap: the open
        // Base row corrected to Plus from February is that row changed.
        let cur = dental(&[
            ("plus", "2026-02-01", "9999-12-31"),
            ("gold", "2025-01-01", "2025-12-31"),
        ]);
        let prev = dental(&[
            ("base", "2026-01-01", "9999-12-31"),
            ("gold", "2025-01-01", "2025-12-31"),
        ]);
        let pairing = super::super::people::pair(Some(&prev), &cur);
        let cur_items = items(&cur, &pairing, Side::Current);
        let mut prev_items = items(&prev, &pairing, Side::Previous);
        pair_rows(&cur_items, &mut prev_items, None);
        assert_eq!(endings(&cur_items), ["1", "0"]);
        assert_eq!(endings(&prev_items), ["1", "0"]);
    }

    fn demographic(prev: Option<&Snapshot>, cur: &Snapshot) -> Option<String> {
        EventDates::of(prev, cur).demographic().map(|d| d.to_string())
    }

    /// A person's change naming no event: the latest demographic event new
    /// to the snapshot (by id, or by type, reason and date without one),
    /// else none: an event already listed explained an earlier snapshot.
    #[test]
    fn a_change_without_its_event_is_dated_by_the_latest_new_demographic_event() {
        use EventType::{Coverage, Demographic};
        let old = event(None, "2026-03-01", Demographic);
        let prev = snapshot(vec![old.clone(), event(Some("oe"), "2025-11-15", Coverage)]);
        let new = |id, date| event(Some(id), date, Demographic);
        let cur = snapshot(vec![old.clone(), new("b", "2026-09-10"), new("a", "2026-08-20")]);
        assert_eq!(demographic(Some(&prev), &cur).as_deref(), Some("2026-09-10"));
        // Only old or coverage events: no date (not the old event's).
        let cur = snapshot(vec![old.clone(), event(Some("c"), "2026-10-01", Coverage)]);
        assert_eq!(demographic(Some(&prev), &cur).as_deref(), None);
        // An unnamed event with another date is new.
        let cur = snapshot(vec![old, event(None, "2026-04-02", Demographic)]);
        assert_eq!(demographic(Some(&prev), &cur).as_deref(), Some("2026-04-02"));
        // A first submission: every event is new.
        assert_eq!(demographic(None, &cur).as_deref(), Some("2026-04-02"));
    }

    /// Ids masking like another id of their snapshot are compared with
    /// none (review 29b F2): such a current event is not new, such a
    /// previous one makes none old; one id alone in each is compared as
    /// written.
    #[test]
    fn event_ids_masking_alike_are_new_to_none() {
        let at = |id, date| event(Some(id), date, EventType::Demographic);
        let prev = snapshot(vec![at("219453876", "2026-01-01")]);
        // Guesses alike: none new, the equal one included.
        let guesses = snapshot(vec![at("219453876", "2026-09-01"), at("119453876", "2026-08-01")]);
        assert_eq!(demographic(Some(&prev), &guesses).as_deref(), None);
        let alone = |id| snapshot(vec![at(id, "2026-09-01")]);
        assert_eq!(demographic(Some(&prev), &alone("219453876")).as_deref(), None);
        assert_eq!(
            demographic(Some(&prev), &alone("119453876")).as_deref(),
            Some("2026-09-01")
        );
        // Previous ids alike: neither makes the current one old.
        let both = snapshot(vec![at("219453876", "2026-01-01"), at("119453876", "2026-01-02")]);
        assert_eq!(
            demographic(Some(&both), &alone("219453876")).as_deref(),
            Some("2026-09-01")
        );
    }
}
