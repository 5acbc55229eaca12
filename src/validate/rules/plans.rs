//! Rules tying coverages to the group's carriers and plans: the plan exists
//! and fits, admits the member, its age limit, dependent-only enrollment and
//! volumes.

use serde_json::json;

use super::{plan_label, Ctx, Enrollment, Out, PlanLookup};
use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::catalogue as c;
use crate::diagnostic::pointer::pointer;
use crate::model::{Date, MemberRef, MemberType, Relationship, Resolution};

/// `unknown_carrier`: the coverage's carrier is not the group's.
pub(super) fn unknown_carrier(cx: &Ctx, out: &mut Out) {
    for (i, cov) in cx.s.coverages.iter().enumerate() {
        let Some(id) = &cov.carrier_id else { continue };
        if !cx.carriers.contains_key(id.as_str()) {
            out.push(
                c::UNKNOWN_CARRIER,
                pointer!["coverages", i, "carrier_id"],
                json!({ "carrier_id": id }),
            );
        }
    }
}

/// `plan_not_specified`, `plan_not_found`, `plan_name_ambiguous`,
/// `plan_carrier_mismatch`, `plan_line_mismatch`.
pub(super) fn plan_reference(cx: &Ctx, out: &mut Out) {
    for (i, cov) in cx.s.coverages.iter().enumerate() {
        let base = pointer!["coverages", i];
        match cx.plans.get(i) {
            Some(PlanLookup::NotSpecified) => {
                // A malformed plan_id or plan_name is reported already.
                let malformed = ["plan_id", "plan_name"]
                    .iter()
                    .any(|f| cx.reported(&pointer!(base; *f)));
                if !malformed {
                    out.push(c::PLAN_NOT_SPECIFIED, base, json!({}));
                }
            }
            Some(PlanLookup::NotFound(field)) => {
                let value = if *field == "plan_id" {
                    &cov.plan_id
                } else {
                    &cov.plan_name
                };
                out.push(
                    c::PLAN_NOT_FOUND,
                    pointer!(base; field),
                    json!({ "field": field, "value": value }),
                );
            }
            Some(PlanLookup::Ambiguous(n)) => {
                let p = json!({ "count": n, "value": cov.plan_name });
                out.push(c::PLAN_NAME_AMBIGUOUS, pointer!(base; "plan_name"), p);
            }
            Some(PlanLookup::Found(_, plan)) => {
                if let Some(carrier) = cov.carrier_id.as_ref().filter(|id| **id != plan.carrier_id) {
                    let p = json!({ "plan": plan_label(plan), "plan_carrier_id": plan.carrier_id, "carrier_id": carrier });
                    out.push(c::PLAN_CARRIER_MISMATCH, pointer!(base; "plan_id"), p);
                }
                if let (Some(line), Some(plan_line)) = (cov.line_of_coverage, plan.line_of_coverage) {
                    if line != plan_line {
                        let p = json!({ "plan": plan_label(plan), "plan_line": plan_line, "line": line });
                        out.push(c::PLAN_LINE_MISMATCH, pointer!(base; "line_of_coverage"), p);
                    }
                }
            }
            Some(PlanLookup::Unknowable) | None => {}
        }
    }
}

/// The member type a plan's `eligible_member_types` speaks of.
fn member_type(cx: &Ctx, who: Resolution) -> Option<MemberType> {
    match who {
        Resolution::Found(MemberRef::Employee) => Some(MemberType::Employee),
        Resolution::Found(MemberRef::Dependent(k)) => {
            MemberType::parse(cx.s.dependents.get(k)?.relationship?.as_str())
        }
        _ => None,
    }
}

/// Enrollments that are in force (not waived), with their plan.
fn in_force<'a>(cx: &'a Ctx) -> impl Iterator<Item = (Enrollment<'a>, &'a crate::model::Plan)> + 'a {
    cx.enrollments()
        .filter(|e| e.active().is_some())
        .filter_map(|e| cx.plan(e.i).map(|p| (e, p)))
}

/// `member_not_eligible`: the plan admits the member's type.
pub(super) fn eligibility(cx: &Ctx, out: &mut Out) {
    for (e, plan) in in_force(cx) {
        if plan.eligible_member_types.is_empty() {
            continue;
        }
        let Some(t) = member_type(cx, e.who) else {
            continue;
        };
        if !plan.eligible_member_types.contains(&t) {
            let p = json!({ "plan": plan_label(plan), "member_type": t, "name": cx.name(e.who) });
            out.push(c::MEMBER_NOT_ELIGIBLE, e.path(""), p);
        }
    }
}

/// A child-like, non-disabled dependent's enrollment under a plan with a
/// child age limit: the dependent's date of birth and the limit. Disabled
/// dependents are exempt from both age rules.
fn child_under_limit<'a>(cx: &Ctx<'a>, e: &Enrollment<'a>, plan: &crate::model::Plan) -> Option<(Date, u32)> {
    let (Resolution::Found(MemberRef::Dependent(k)), Some(limit)) = (e.who, plan.dependent_child_age_limit)
    else {
        return None;
    };
    let dep = cx.s.dependents.get(k)?;
    let person = dep.person.as_ref()?;
    let disabled = person
        .details
        .as_ref()
        .and_then(|d| d.pointer("/disability/disabled")?.as_bool())
        .unwrap_or(false);
    let child_like = dep.relationship.is_some_and(Relationship::is_child_for_age_limit);
    (child_like && !disabled).then_some((person.date_of_birth?, limit))
}

/// Whether someone born `dob` is `limit` or older on `on`.
fn at_or_over(dob: Date, limit: u32, on: Date) -> bool {
    let age = dob.age_on(on);
    age >= 0 && age as u32 >= limit
}

/// The date someone born `dob` turns `years` (a 29 February birthday falls
/// on 1 March in other years, as `Date::age_on` counts it).
fn turns(dob: Date, years: u32) -> Option<Date> {
    let (y, m, d) = dob.ymd();
    let y = y.checked_add(i32::try_from(years).ok()?)?;
    Date::from_ymd(y, m, d).or_else(|| Date::from_ymd(y, 3, 1))
}

/// `dependent_over_age_limit`: child-like dependents under the plan's limit
/// on the coverage start date; disabled dependents exempt.
pub(super) fn dependent_age_limit(cx: &Ctx, out: &mut Out) {
    for (e, plan) in in_force(cx) {
        let (Some((dob, limit)), Some((start, _))) = (child_under_limit(cx, &e, plan), e.active()) else {
            continue;
        };
        if at_or_over(dob, limit, start) {
            let p = json!({
                "name": cx.name(e.who), "relationship": relationship(cx, &e), "age": dob.age_on(start),
                "start": start.to_string(), "plan": plan_label(plan), "limit": limit,
            });
            out.push(c::DEPENDENT_OVER_AGE_LIMIT, e.path("effective_start_date"), p);
        }
    }
}

/// `dependent_aged_out`: with `today`, a child-like dependent who was under
/// the plan's limit when the coverage started and has reached it since, while
/// the coverage is still in force on `today` (source S4: participation ends
/// for individuals no longer eligible) and does not end by the last day of
/// the month the limit was reached — a coverage ending then carries the
/// termination already (review 30b #2). A warning: the snapshot is readable,
/// but a termination is owed. Without `today` nothing is checked: the rule
/// needs a date to judge "still".
pub(super) fn dependent_aged_out(cx: &Ctx, out: &mut Out) {
    let Some(today) = cx.today else { return };
    for (e, plan) in in_force(cx) {
        let (Some((dob, limit)), Some((start, end))) = (child_under_limit(cx, &e, plan), e.active()) else {
            continue;
        };
        if start <= today && today <= end && !at_or_over(dob, limit, start) && at_or_over(dob, limit, today) {
            let Some(reached) = turns(dob, limit) else {
                continue;
            };
            let (y, m, _) = reached.ymd();
            if Date::from_ymd(y, m, reached.days_in_month()).is_some_and(|month_end| end <= month_end) {
                continue;
            }
            let p = json!({
                "name": cx.name(e.who), "relationship": relationship(cx, &e), "limit": limit,
                "reached": reached.to_string(), "today": today.to_string(), "plan": plan_label(plan),
            });
            out.push(c::DEPENDENT_AGED_OUT, e.path("effective_end_date"), p);
        }
    }
}

/// The relationship of the dependent an enrollment names.
fn relationship(cx: &Ctx, e: &Enrollment) -> Option<Relationship> {
    match e.who {
        Resolution::Found(MemberRef::Dependent(k)) => cx.s.dependents.get(k)?.relationship,
        _ => None,
    }
}

/// `dependent_without_employee`: a dependent's period lies within an
/// employee enrollment of the same coverage, unless the plan is dependent-only.
pub(super) fn dependent_without_employee(cx: &Ctx, out: &mut Out) {
    let employees = EmployeePeriods::of(cx);
    for e in cx.enrollments() {
        let (Resolution::Found(MemberRef::Dependent(_)), Some((start, end))) = (e.who, e.active()) else {
            continue;
        };
        let plan = cx.plan(e.i);
        let dependent_only = plan.is_some_and(|p| {
            !p.eligible_member_types.is_empty() && !p.eligible_member_types.contains(&MemberType::Employee)
        });
        if dependent_only || employees.cover(e.i, start, end) {
            continue;
        }
        let plan = plan
            .map(plan_label)
            // Cut here as every label is (`text::quote`), not copied whole
            // per row: a name half the document long, in each of thousands of
            // rows, was seconds (review 28b F4).
            .or_else(|| e.coverage.plan_name.as_deref().map(crate::model::text::quote))
            .unwrap_or_else(|| "(unknown)".into());
        out.push(
            c::DEPENDENT_WITHOUT_EMPLOYEE,
            e.path(""),
            json!({ "name": cx.name(e.who), "plan": plan }),
        );
    }
}

/// Each coverage's employee enrollments, for "is this period within one of
/// them" in O(log n): in-force periods sorted by start, with the latest end
/// among those starting no later.
#[derive(Default)]
struct EmployeePeriods {
    /// Coverage index → (start, latest end so far) sorted by start.
    by_coverage: BTreeMap<usize, Vec<(Date, Date)>>,
    /// Coverages with an employee enrollment whose dates are unreadable
    /// (already reported): it may well cover the dependent, so do not pile on.
    unreadable: BTreeSet<usize>,
}

impl EmployeePeriods {
    fn of(cx: &Ctx) -> EmployeePeriods {
        let mut out = EmployeePeriods::default();
        for x in cx
            .enrollments()
            .filter(|x| x.who == Resolution::Found(MemberRef::Employee))
        {
            match (x.period(), x.active()) {
                (None, _) => drop(out.unreadable.insert(x.i)),
                (Some(_), Some(p)) => out.by_coverage.entry(x.i).or_default().push(p),
                (Some(_), None) => {}
            }
        }
        for periods in out.by_coverage.values_mut() {
            crate::sort::sort(periods);
            let mut latest: Option<Date> = None;
            for (_, end) in periods.iter_mut() {
                let l = latest.map_or(*end, |l| l.max(*end));
                *end = l;
                latest = Some(l);
            }
        }
        out
    }

    /// Whether an employee enrollment of coverage `i` covers `start..=end`.
    fn cover(&self, i: usize, start: Date, end: Date) -> bool {
        if self.unreadable.contains(&i) {
            return true;
        }
        let Some(periods) = self.by_coverage.get(&i) else {
            return false;
        };
        let started = periods.partition_point(|(s, _)| *s <= start);
        started
            .checked_sub(1)
            .and_then(|k| periods.get(k))
            .is_some_and(|(_, latest)| *latest >= end)
    }
}

/// `volume_required`, `volume_out_of_range`, `volume_not_on_increment`,
/// `volume_requires_eoi` (warning).
pub(super) fn volume(cx: &Ctx, out: &mut Out) {
    for (e, plan) in in_force(cx) {
        let Some(rule) = &plan.volume else { continue };
        let name = plan_label(plan);
        let Some(v) = e.member.volume.map(i64::from) else {
            // A malformed volume (a string, a fraction, past int32) is reported already.
            if !cx.reported(&e.path("volume")) {
                out.push(c::VOLUME_REQUIRED, e.path(""), json!({ "plan": name }));
            }
            continue;
        };
        let path = e.path("volume");
        let min = rule.min.unwrap_or(0);
        if v < min || rule.max.is_some_and(|max| v > max) {
            let p = json!({ "volume": v, "plan": name, "min": min, "max": rule.max });
            out.push(c::VOLUME_OUT_OF_RANGE, path, p);
            continue;
        }
        if let Some(inc) = rule.increment.filter(|i| *i > 0) {
            if (v - min) % inc != 0 {
                let p = json!({ "volume": v, "plan": name, "min": min, "increment": inc });
                out.push(c::VOLUME_NOT_ON_INCREMENT, path.clone(), p);
            }
        }
        if let Some(gi) = rule.guaranteed_issue.filter(|gi| v > *gi) {
            let p = json!({ "volume": v, "plan": name, "guaranteed_issue": gi });
            out.push(c::VOLUME_REQUIRES_EOI, path, p);
        }
    }
}
