//! The rule catalogue's checks over a typed snapshot: what a carrier would
//! reject (or a partner should know) beyond the schema. Each check is a small
//! function named in docs/rules.md; `RULES` runs them in documentation order.
//! Every check reads the shared `Ctx` (who each enrollment names, which plan
//! each coverage means) and skips what the structural layer already reported
//! as missing or malformed: a field present but malformed is `None` in the
//! typed snapshot, so a check that reports a field as missing asks
//! `Ctx::reported` first (the structural issue already says what is wrong).
//!
//! A keystroke inside one person keeps the last answer's validation when
//! nothing the rules read of that person changed (`diff::memo::Judged`
//! lists what they read, and what they do not): a check that comes to read
//! another field of a person must move it onto that list.
//!
//! Of the sub-documents kept raw, the checks read `details` and
//! `cobra_details` only, and no address: `engine.validate` does not copy the
//! others (`Walk::raw_object_unjudged`, `Walk::nested_unjudged`), which are
//! `None` here.

mod coverages;
mod employment;
mod events;
mod people;
mod plans;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::config::PlanIndex;
pub(crate) use crate::config::PlanLookup;
use crate::diagnostic::catalogue::Rule;
use crate::diagnostic::issue::Issue;
use crate::diagnostic::limits::Overflow;
use crate::diagnostic::pointer::{pointer, reach_of_code};
use crate::diagnostic::render::{make_issue, params};
use crate::model::text::quote;
use crate::model::*;

/// Everything the checks share, computed once per snapshot.
pub(crate) struct Ctx<'a> {
    pub s: &'a Snapshot,
    pub today: Option<Date>,
    /// Every enrolled member of every coverage, in document order, with the
    /// person it names: built once, as most checks go through them all
    /// (a `flat_map` over the coverages, resolving each member's slot as it
    /// went, was ~2 % of native `validate`).
    all: Vec<Enrollment<'a>>,
    /// `plans[i]`: the plan `coverages[i]` means.
    pub plans: Vec<PlanLookup<'a>>,
    /// The configuration's carriers by id (built once per configuration).
    pub carriers: &'a BTreeMap<String, usize>,
    /// The group configuration (which carriers are written an 834).
    pub config: &'a GroupConfig,
    /// The pointers of the structural issues: fields present but malformed
    /// (`None` in the typed snapshot, yet not missing).
    reported: BTreeSet<&'a str>,
}

/// One enrollment, with its place in the document.
#[derive(Clone, Copy)]
pub(crate) struct Enrollment<'a> {
    pub i: usize,
    pub j: usize,
    pub coverage: &'a Coverage,
    pub member: &'a EnrolledMember,
    pub who: Resolution,
}

impl Enrollment<'_> {
    /// Pointer to the enrolled member, or to one of its fields.
    pub fn path(&self, field: &str) -> String {
        let base = pointer!["coverages", self.i, "enrolled_members", self.j];
        if field.is_empty() {
            base
        } else {
            pointer!(base; field)
        }
    }

    /// Start and end, when both are readable.
    pub fn period(&self) -> Option<(Date, Date)> {
        Some((self.member.effective_start_date?, self.member.effective_end_date?))
    }

    /// End is the day before start: Noyo's waive/cancel.
    pub fn waived(&self) -> bool {
        self.member.is_waive()
    }

    /// Readable, not waived, and not ending before it starts.
    pub fn active(&self) -> Option<(Date, Date)> {
        self.period().filter(|(s, e)| e >= s)
    }
}

impl<'a> Ctx<'a> {
    pub fn new(
        s: &'a Snapshot,
        config: &'a GroupConfig,
        index: &'a PlanIndex,
        today: Option<Date>,
        structural: &'a [Issue],
    ) -> Ctx<'a> {
        let people = s.resolver();
        let mut all = Vec::with_capacity(s.coverages.iter().map(|c| c.enrolled_members.len()).sum());
        for (i, coverage) in s.coverages.iter().enumerate() {
            for (j, member) in coverage.enrolled_members.iter().enumerate() {
                let who = people.resolve(member);
                all.push(Enrollment {
                    i,
                    j,
                    coverage,
                    member,
                    who,
                });
            }
        }
        let plans = s.coverages.iter().map(|c| index.lookup(config, c)).collect();
        let carriers = &index.carrier_at;
        let mut reported = BTreeSet::new();
        reported.extend(structural.iter().map(|i| i.path.as_str()));
        Ctx {
            s,
            today,
            all,
            plans,
            carriers,
            config,
            reported,
        }
    }

    /// The structural layer reported a problem at `path` (a field present
    /// but malformed): a check must not call that field missing.
    pub fn reported(&self, path: &str) -> bool {
        self.reported.contains(path)
    }

    /// Every enrolled member of every coverage, in document order.
    pub fn enrollments(&self) -> impl Iterator<Item = Enrollment<'a>> + '_ {
        self.all.iter().copied()
    }

    /// "First Last" (`Snapshot::display_name`: at most 64 characters,
    /// whatever the names' length), or where the person is when unnamed.
    pub fn name(&self, who: Resolution) -> String {
        match who {
            Resolution::Found(person) => self.s.display_name(person, crate::privacy::scrub),
            _ => "an unknown member".into(),
        }
    }

    /// The plan of coverage `i`, when it was found.
    pub fn plan(&self, i: usize) -> Option<&'a Plan> {
        match self.plans.get(i) {
            Some(PlanLookup::Found(_, p)) => Some(p),
            _ => None,
        }
    }
}

/// A plan's name for messages (its id when unnamed), quoted: a plan's name
/// is repeated in every issue about its enrollments.
pub(crate) fn plan_label(p: &Plan) -> String {
    quote(p.name.as_deref().unwrap_or(&p.id))
}

/// Collects the checks' issues: the first `room` built, the rest counted.
pub(crate) struct Out {
    pub issues: Vec<Issue>,
    pub overflow: Overflow,
    room: usize,
}

impl Out {
    pub fn push(&mut self, rule: &Rule, path: String, p: Value) {
        if self.issues.len() >= self.room {
            let reach = reach_of_code(rule.code, rule.severity, &path);
            self.overflow.record_reach(rule.severity, reach);
            return;
        }
        self.issues.push(make_issue(rule, path, params(p)));
    }
}

type Check = fn(&Ctx, &mut Out);

/// Every check, in the catalogue's order.
const RULES: &[Check] = &[
    people::person_ids,
    people::duplicate_dependents,
    people::multiple_spouses,
    people::birth_dates,
    people::ssns,
    people::last_names,
    employment::termination_date,
    employment::coverage_before_hire,
    employment::coverage_after_termination,
    plans::unknown_carrier,
    plans::plan_reference,
    plans::eligibility,
    plans::dependent_age_limit,
    plans::dependent_aged_out,
    plans::dependent_without_employee,
    plans::volume,
    coverages::dates,
    coverages::overlaps,
    coverages::member_references,
    events::event_references,
];

/// Runs every check over the snapshot: the first `room` issues, and the
/// count of the rest. `structural`: the structural layer's issues, so that
/// no check calls a malformed field missing.
pub(crate) fn run(
    s: &Snapshot,
    config: &GroupConfig,
    plans: &PlanIndex,
    today: Option<Date>,
    structural: &[Issue],
    room: usize,
) -> (Vec<Issue>, Overflow) {
    let cx = Ctx::new(s, config, plans, today, structural);
    let mut out = Out {
        issues: Vec::new(),
        overflow: Overflow::default(),
        room,
    };
    for check in RULES {
        check(&cx, &mut out);
    }
    (out.issues, out.overflow)
}
