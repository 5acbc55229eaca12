//! Rules tying enrollments to the employee's employment dates.

use serde_json::json;

use super::{Ctx, Out};
use crate::diagnostic::catalogue as c;
use crate::diagnostic::pointer::pointer;
use crate::model::{Date, EmploymentDates, EmploymentStatus, EventReason};

fn dates<'a>(cx: &Ctx<'a>) -> Option<&'a EmploymentDates> {
    cx.s.employee
        .as_ref()?
        .employment
        .as_ref()?
        .employment_dates
        .as_ref()
}

/// `termination_date_missing`: a termination event or status without the date.
/// A termination event a later reinstatement or rehire event, or a later
/// rehire date, has reversed needs none: a snapshot keeps listing earlier
/// events long after they explained anything (docs/api.md).
pub(super) fn termination_date(cx: &Ctx, out: &mut Out) {
    if dates(cx).is_some_and(|d| d.terminated.is_some()) {
        return;
    }
    // A malformed date (`2026-02-30`) is reported already: not missing.
    if cx.reported("/employee/employment/employment_dates/terminated") {
        return;
    }
    // The latest day employment or coverage came back.
    let returned =
        cx.s.events
            .iter()
            .filter(|e| matches!(e.reason, Some(EventReason::Reinstatement | EventReason::Rehire)))
            .filter_map(|e| e.date)
            .chain(dates(cx).and_then(|d| d.rehire))
            .max();
    for (i, e) in cx.s.events.iter().enumerate() {
        let reversed = e.date.zip(returned).is_some_and(|(left, back)| back > left);
        if e.reason != Some(EventReason::Termination) || reversed {
            continue;
        }
        out.push(
            c::TERMINATION_DATE_MISSING,
            pointer!["events", i, "reason"],
            json!({}),
        );
    }
    let status =
        cx.s.employee
            .as_ref()
            .and_then(|e| e.employment.as_ref()?.employment_status);
    if status == Some(EmploymentStatus::Terminated) {
        out.push(
            c::TERMINATION_DATE_MISSING,
            "/employee/employment/employment_status".into(),
            json!({}),
        );
    }
}

/// `coverage_before_hire`: no coverage starts before the hire date, nor
/// between the earlier employment and a rehire: after that employment's
/// known termination (the `terminated` date, else the latest termination
/// event, before the rehire date) and before the rehire. Coverage that
/// started during the earlier employment is that employment's — its rows,
/// ended or going on, stay listed beside the new ones; without a known
/// termination nothing tells a start in the gap from one before it, and
/// nothing is flagged (review 27f: the first job's ended rows had blocked a
/// rehired employee at every carrier).
pub(super) fn coverage_before_hire(cx: &Ctx, out: &mut Out) {
    let Some(d) = dates(cx) else { return };
    let rehire = d.rehire.filter(|r| d.hire_date.is_none_or(|h| *r > h));
    // The earlier employment's termination.
    let event = || {
        cx.s.events
            .iter()
            .filter(|e| e.reason == Some(EventReason::Termination))
            .filter_map(|e| e.date)
            .filter(|t| rehire.is_some_and(|r| *t < r))
            .max()
    };
    let left = d
        .terminated
        .filter(|t| rehire.is_some_and(|r| *t < r))
        .or_else(event);
    // The hire date a start precedes, if it precedes one.
    let before = |start: Date| {
        if let Some(h) = d.hire_date.filter(|h| start < *h) {
            return Some(h);
        }
        let in_the_gap = left.is_some_and(|t| start > t);
        rehire.filter(|r| start < *r && in_the_gap)
    };
    for e in cx.enrollments() {
        let Some((start, _)) = e.active() else {
            continue;
        };
        if let Some(hire) = before(start) {
            let p = json!({ "start": start.to_string(), "hire_date": hire.to_string() });
            out.push(c::COVERAGE_BEFORE_HIRE, e.path("effective_start_date"), p);
        }
    }
}

/// The last day of the month `d` falls in.
fn end_of_month(d: Date) -> Option<Date> {
    let (y, m, _) = d.ymd();
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    Date::from_ymd(ny, nm, 1)?.pred()
}

/// `coverage_after_termination`: coverage ends by the end of the month of
/// termination (the common carrier rule), unless it is COBRA continuation.
/// A termination before the rehire date ended the earlier employment: coverage
/// may then also run on through the rehire (into the new employment), but not
/// end in the gap between.
pub(super) fn coverage_after_termination(cx: &Ctx, out: &mut Out) {
    let Some(d) = dates(cx) else { return };
    let Some(terminated) = d.terminated else {
        return;
    };
    let Some(last) = end_of_month(terminated) else {
        return;
    };
    let rehired = d.rehire.filter(|r| *r > terminated);
    for e in cx.enrollments() {
        let cobra = e
            .coverage
            .cobra_details
            .as_ref()
            .and_then(|c| c.get("cobra_enrolled"));
        if cobra == Some(&serde_json::Value::Bool(true)) {
            continue;
        }
        let Some((_, end)) = e.active() else { continue };
        if end > last && rehired.is_none_or(|r| end < r) {
            let p = json!({ "end": end.to_string(), "terminated": terminated.to_string() });
            out.push(c::COVERAGE_AFTER_TERMINATION, e.path("effective_end_date"), p);
        }
    }
}
