//! Individual enrollments of two snapshots: matched by person, carrier, line
//! (and order within those), compared field by field, and what happens to the
//! ones omitted from the current snapshot.

use std::fmt::Write;

use serde_json::{json, Value};

use super::people::{Pairing, Side};
use crate::model::*;

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
        format!("/coverages/{}/enrolled_members/{}", self.i, self.j)
    }

    /// The compared fields: plan, dates, volume.
    pub fn doc(&self) -> Value {
        json!({
            "plan_id": self.coverage.plan_id, "plan_name": self.coverage.plan_name,
            "effective_start_date": self.member.effective_start_date,
            "effective_end_date": self.member.effective_end_date, "volume": self.member.volume,
        })
    }

    /// Whether both are the same enrollment: equal keys, the cheap parts of
    /// the key compared first (a family's keys share their person's prefix).
    pub fn same_key(&self, other: &Item) -> bool {
        self.line == other.line && self.carrier == other.carrier && self.key == other.key
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
    let mut out: Vec<Item<'a>> = Vec::new();
    for (i, coverage) in s.coverages.iter().enumerate() {
        let (Some(carrier), Some(line)) = (coverage.carrier_id.as_deref(), coverage.line_of_coverage) else {
            continue;
        };
        for (j, member) in coverage.enrolled_members.iter().enumerate() {
            let Resolution::Found(who) = s.resolve(member) else {
                continue;
            };
            let person_key = pairing.key(side, who);
            let mut key = [person_key.as_str(), carrier, line.as_str()].join("|");
            // The ones before it whose key starts with `{key}|`, without building that string.
            let ordinal = out
                .iter()
                .filter(|x| x.key.strip_prefix(&key).is_some_and(|rest| rest.starts_with('|')))
                .count();
            let _ = write!(key, "|{ordinal}"); // writing to a String cannot fail
            out.push(Item {
                key,
                person_key,
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

/// The date an event of the current snapshot happened on.
pub(crate) fn event_date(s: &Snapshot, event_id: Option<&String>) -> Option<Date> {
    let id = event_id?;
    s.events.iter().find(|e| e.id.as_ref() == Some(id))?.date
}

/// When a changed enrollment takes effect: a new end date is the last day of
/// coverage; else a new start; else the member's latest change date; else its
/// event's date; else its start.
pub(crate) fn modified_effective_date(s: &Snapshot, before: &Item, after: &Item) -> Option<Date> {
    let (b, a) = (before.member, after.member);
    match (a.effective_end_date, a.effective_start_date) {
        (Some(end), _) if Some(end) != b.effective_end_date && !end.is_open_end() => Some(end),
        (_, Some(start)) if Some(start) != b.effective_start_date => Some(start),
        _ => a
            .latest_change_effective_date
            .or_else(|| event_date(s, a.event_id.as_ref()))
            .or(a.effective_start_date),
    }
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
