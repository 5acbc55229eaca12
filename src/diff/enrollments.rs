//! Individual enrollments of two snapshots: matched by person, carrier, line
//! (and order within those), compared field by field, and what happens to the
//! ones omitted from the current snapshot.

use crate::diagnostic::pointer::pointer;
use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::people::{Pairing, Side};
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
    pub member: &'a EnrolledMember,
    pub coverage: &'a Coverage,
}

impl Item<'_> {
    pub fn path(&self) -> String {
        pointer!["coverages", self.i, "enrolled_members", self.j]
    }

    /// The compared fields: plan, dates, volume.
    pub fn doc(&self) -> Value {
        json!({
            "plan_id": self.coverage.plan_id, "plan_name": self.coverage.plan_name,
            "effective_start_date": self.member.effective_start_date,
            "effective_end_date": self.member.effective_end_date, "volume": self.member.volume,
        })
    }

    /// What identifies the enrollment across snapshots: two items with equal
    /// match keys are the same enrollment (the line and carrier only make
    /// comparisons cheap: a family's keys share their person's prefix).
    pub fn match_key(&self) -> MatchKey<'_> {
        (self.line, self.carrier, &self.key)
    }

    /// Whether the compared fields (`doc`) are equal, without building them.
    pub fn same_terms(&self, other: &Item) -> bool {
        let (a, b) = (self.member, other.member);
        self.coverage.plan_id == other.coverage.plan_id
            && self.coverage.plan_name == other.coverage.plan_name
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

/// Every resolvable enrollment of a snapshot with a readable carrier and line.
pub(crate) fn items<'a>(s: &'a Snapshot, pairing: &Pairing, side: Side) -> Vec<Item<'a>> {
    let people = s.resolver();
    // How many items so far had each `person|carrier|line`: the next one's ordinal.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out: Vec<Item<'a>> = Vec::new();
    for (i, coverage) in s.coverages.iter().enumerate() {
        let (Some(carrier), Some(line)) = (coverage.carrier_id.as_deref(), coverage.line_of_coverage) else {
            continue;
        };
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
            let ordinal = match seen.get_mut(&key) {
                Some(n) => {
                    *n += 1;
                    *n - 1
                }
                None => {
                    seen.insert(key.clone(), 1);
                    0
                }
            };
            // By hand: `write!` went through the formatting machinery.
            key.push('|');
            push_decimal(&mut key, ordinal);
            out.push(Item {
                key,
                person_key: person_key.to_owned(),
                who,
                carrier,
                line,
                i,
                j,
                member,
                coverage,
            });
        }
    }
    out
}

/// The dates of a snapshot's events, looked up by id once per snapshot
/// rather than searched for every change.
pub(crate) struct EventDates<'a> {
    /// The first event with each id, and its date.
    by_id: BTreeMap<&'a str, Option<Date>>,
    /// The date of the first demographic event, if there is one.
    first_demographic: Option<Date>,
}

impl<'a> EventDates<'a> {
    pub fn of(s: &'a Snapshot) -> EventDates<'a> {
        let mut by_id = BTreeMap::new();
        // Reversed so that the first event with an id wins, as a search would find it.
        for e in s.events.iter().rev() {
            if let Some(id) = &e.id {
                by_id.insert(id.as_str(), e.date);
            }
        }
        let first_demographic = s
            .events
            .iter()
            .find(|e| e.event_type == Some(EventType::Demographic))
            .and_then(|e| e.date);
        EventDates {
            by_id,
            first_demographic,
        }
    }

    /// The date the event with this id happened on.
    pub fn of_event(&self, event_id: Option<&String>) -> Option<Date> {
        *self.by_id.get(event_id?.as_str())?
    }

    /// The date of the snapshot's first demographic event.
    pub fn first_demographic(&self) -> Option<Date> {
        self.first_demographic
    }
}

/// When a changed enrollment takes effect: a new end date is the last day of
/// coverage; else an end reopened (a reinstatement) the first day covered
/// again; else a new start; else the member's latest change date; else its
/// event's date; else its start.
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
            .or(a.effective_start_date),
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
