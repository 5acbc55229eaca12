//! Rules within and across coverages: dates, waives, overlaps, and whom the
//! enrolled members name.

use std::cmp::Reverse;

use serde_json::json;

use super::{Ctx, Out};
use crate::diagnostic::catalogue as c;
use crate::diagnostic::pointer::pointer;
use crate::model::{Date, IndividualType, LineOfCoverage, MemberRef, Resolution};

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
/// `other` names an earlier enrollment that overlaps: of those starting no
/// later than this one ends, the one ending last (the first in document
/// order among equals). Per person and line, a prefix-maximum tree over the
/// start dates finds it in O(log n), so n enrollments cost O(n log n).
pub(super) fn overlaps(cx: &Ctx, out: &mut Out) {
    let all: Vec<_> = cx.enrollments().collect();
    // ((person, line), index in `all`, start, end) of the in-force
    // enrollments, then sorted stably by (person, line): each run is one
    // group in document order, the groups in the order a B-tree keyed by
    // (person, line) would list them, without a map or a Vec per group.
    let mut periods: Vec<((Resolution, LineOfCoverage), usize, Date, Date)> = Vec::new();
    for (n, e) in all.iter().enumerate() {
        if !matches!(
            e.who,
            Resolution::Found(MemberRef::Employee) | Resolution::Found(MemberRef::Dependent(_))
        ) {
            continue;
        }
        if let (Some((start, end)), Some(line)) = (e.active(), e.coverage.line_of_coverage) {
            periods.push(((e.who, line), n, start, end));
        }
    }
    crate::sort::sort_by(&mut periods, |a, b| a.0.cmp(&b.0));
    let groups = periods
        .chunk_by(|a, b| a.0 == b.0)
        .map(|run| run.iter().map(|&(_, n, start, end)| (n, start, end)));
    let mut found: Vec<(usize, usize)> = Vec::new();
    for periods in groups {
        // One enrollment overlaps nothing (the usual case: skip the tree).
        if periods.len() < 2 {
            continue;
        }
        let mut starts: Vec<Date> = periods.clone().map(|(_, s, _)| s).collect();
        crate::sort::sort(&mut starts);
        starts.dedup();
        let mut tree = MaxTree::new(starts.len());
        for (n, start, end) in periods {
            let started = starts.partition_point(|s| *s <= end);
            if let Some((latest, Reverse(x))) = tree.max_before(started) {
                if latest >= start {
                    found.push((n, x));
                }
            }
            tree.insert(starts.partition_point(|s| *s < start), (end, Reverse(n)));
        }
    }
    crate::sort::sort(&mut found);
    for (n, x) in found {
        let (Some(e), Some(x)) = (all.get(n), all.get(x)) else {
            continue;
        };
        let p = json!({
            "name": cx.name(e.who), "line": e.coverage.line_of_coverage,
            "other": format!("coverages[{}].enrolled_members[{}]", x.i, x.j),
        });
        out.push(c::OVERLAPPING_COVERAGE, e.path(""), p);
    }
}

/// A Fenwick tree of prefix maxima: `insert` at a position, `max_before(k)`
/// over positions `0..k`, both O(log n).
struct MaxTree<T> {
    nodes: Vec<Option<T>>,
}

impl<T: Ord + Copy> MaxTree<T> {
    fn new(len: usize) -> Self {
        MaxTree {
            nodes: vec![None; len + 1],
        }
    }

    fn insert(&mut self, at: usize, value: T) {
        let mut k = at + 1;
        while let Some(node) = self.nodes.get_mut(k) {
            *node = (*node).max(Some(value));
            k += k & k.wrapping_neg();
        }
    }

    fn max_before(&self, len: usize) -> Option<T> {
        let mut best = None;
        let mut k = len;
        while k > 0 {
            best = best.max(self.nodes.get(k).copied().flatten());
            k -= k & k.wrapping_neg();
        }
        best
    }
}

/// `enrolled_member_unknown`, `enrolled_member_unidentified`,
/// `individual_type_mismatch`, `coverage_without_members` (warning).
pub(super) fn member_references(cx: &Ctx, out: &mut Out) {
    for (i, cov) in cx.s.coverages.iter().enumerate() {
        if cov.enrolled_members.is_empty() {
            out.push(
                c::COVERAGE_WITHOUT_MEMBERS,
                pointer!["coverages", i, "enrolled_members"],
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
            Resolution::Unknown(field) => {
                let p =
                    json!({ "individual_type": stated.unwrap_or("person"), "field": field, "id": id(field) });
                out.push(c::ENROLLED_MEMBER_UNKNOWN, e.path(field), p);
            }
            Resolution::Unidentified => {
                // An id present but malformed is reported already: not missing.
                let malformed = ["individual_id", "custom_individual_id"]
                    .iter()
                    .any(|f| cx.reported(&e.path(f)));
                if m.individual_type.is_some() && !malformed {
                    out.push(c::ENROLLED_MEMBER_UNIDENTIFIED, e.path(""), json!({}));
                }
            }
            Resolution::Found(MemberRef::Employee) | Resolution::Found(MemberRef::Dependent(_)) => {
                let actual = if e.who == Resolution::Found(MemberRef::Employee) {
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
