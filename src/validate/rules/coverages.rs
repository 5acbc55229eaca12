//! Rules within and across coverages: dates, waives, overlaps, and whom the
//! enrolled members name.

use serde_json::json;

use super::{Ctx, Out, Who};
use crate::model::IndividualType;
use crate::validate::catalogue as c;

/// `coverage_ends_before_start`; `coverage_waived` (info) for end = start − 1.
pub(super) fn dates(cx: &Ctx, out: &mut Out) {
    for e in cx.enrollments() {
        let Some((start, end)) = e.period() else {
            continue;
        };
        let (rule, path) = if e.waived() {
            (c::COVERAGE_WAIVED, e.path(""))
        } else if end < start {
            (c::COVERAGE_ENDS_BEFORE_START, e.path("effective_end_date"))
        } else {
            continue; // the common case: nothing to build
        };
        let p = json!({ "start": start.to_string(), "end": end.to_string(), "name": cx.name(e.who) });
        out.push(rule, path, p);
    }
}

/// `overlapping_coverage`: one person, one line, two periods that overlap.
pub(super) fn overlaps(cx: &Ctx, out: &mut Out) {
    let all: Vec<_> = cx.enrollments().collect();
    for (n, e) in all.iter().enumerate() {
        if !matches!(e.who, Who::Employee | Who::Dependent(_)) {
            continue;
        }
        let (Some((start, end)), Some(line)) = (e.active(), e.coverage.line_of_coverage) else {
            continue;
        };
        let earlier = all.iter().take(n).find(|x| {
            x.who == e.who
                && x.coverage.line_of_coverage == Some(line)
                && x.active().is_some_and(|(s, t)| s <= end && start <= t)
        });
        if let Some(x) = earlier {
            let p = json!({
                "name": cx.name(e.who), "line": line,
                "other": format!("coverages[{}].enrolled_members[{}]", x.i, x.j),
            });
            out.push(c::OVERLAPPING_COVERAGE, e.path(""), p);
        }
    }
}

/// `enrolled_member_unknown`, `enrolled_member_unidentified`,
/// `individual_type_mismatch`, `coverage_without_members` (warning).
pub(super) fn member_references(cx: &Ctx, out: &mut Out) {
    for (i, cov) in cx.s.coverages.iter().enumerate() {
        if cov.enrolled_members.is_empty() {
            out.push(
                c::COVERAGE_WITHOUT_MEMBERS,
                format!("/coverages/{i}/enrolled_members"),
                json!({}),
            );
        }
    }
    for e in cx.enrollments() {
        let m = e.member;
        let id = |field: &str| {
            if field == "individual_id" {
                &m.individual_id
            } else {
                &m.custom_individual_id
            }
        };
        let field = if m.individual_id.is_some() {
            "individual_id"
        } else {
            "custom_individual_id"
        };
        let stated = m.individual_type.map(|t| t.as_str());
        match e.who {
            Who::Unknown(field) => {
                let p =
                    json!({ "individual_type": stated.unwrap_or("person"), "field": field, "id": id(field) });
                out.push(c::ENROLLED_MEMBER_UNKNOWN, e.path(field), p);
            }
            Who::Unidentified => {
                if m.individual_type.is_some() {
                    out.push(c::ENROLLED_MEMBER_UNIDENTIFIED, e.path(""), json!({}));
                }
            }
            Who::Employee | Who::Dependent(_) => {
                let actual = if e.who == Who::Employee {
                    IndividualType::Employee
                } else {
                    IndividualType::Dependent
                };
                if m.individual_type.is_some_and(|t| t != actual) {
                    let p = json!({
                        "individual_type": stated, "field": field, "id": id(field),
                        "actual": if actual == IndividualType::Employee { "the employee" } else { "a dependent" },
                    });
                    out.push(c::INDIVIDUAL_TYPE_MISMATCH, e.path("individual_type"), p);
                }
            }
        }
    }
}
