//! The rule catalogue's checks over a typed snapshot: what a carrier would
//! reject (or a partner should know) beyond the schema. Each check is a small
//! function named in docs/rules.md; `RULES` runs them in documentation order.
//! Every check reads the shared `Ctx` (who each enrollment names, which plan
//! each coverage means) and skips what the structural layer already reported
//! as missing or malformed.

mod coverages;
mod employment;
mod events;
mod people;
mod plans;

use serde_json::Value;

use super::catalogue::Rule;
use super::issue::Issue;
use super::walk::{make_issue, params};
use crate::model::*;

/// Who an enrolled member names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Who {
    Employee,
    Dependent(usize),
    /// The id given (`individual_id` or `custom_individual_id`) names no one.
    Unknown(&'static str),
    /// A dependent enrollment with no id at all.
    Unidentified,
}

/// Which plan a coverage means.
#[derive(Debug, Clone, Copy)]
pub(crate) enum PlanLookup<'a> {
    Found(&'a Plan),
    NotSpecified,
    NotFound(&'static str),
    Ambiguous(usize),
    /// `plan_name` given, but the coverage's carrier or line is unreadable
    /// (already reported), so no plan can be matched.
    Unknowable,
}

/// Everything the checks share, computed once per snapshot.
pub(crate) struct Ctx<'a> {
    pub s: &'a Snapshot,
    pub config: &'a GroupConfig,
    pub today: Option<Date>,
    /// `who[i][j]`: the person `coverages[i].enrolled_members[j]` names.
    pub who: Vec<Vec<Who>>,
    /// `plans[i]`: the plan `coverages[i]` means.
    pub plans: Vec<PlanLookup<'a>>,
}

/// One enrollment, with its place in the document.
pub(crate) struct Enrollment<'a> {
    pub i: usize,
    pub j: usize,
    pub coverage: &'a Coverage,
    pub member: &'a EnrolledMember,
    pub who: Who,
}

impl Enrollment<'_> {
    /// Pointer to the enrolled member, or to one of its fields.
    pub fn path(&self, field: &str) -> String {
        let base = format!("/coverages/{}/enrolled_members/{}", self.i, self.j);
        if field.is_empty() {
            base
        } else {
            format!("{base}/{field}")
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
    pub fn new(s: &'a Snapshot, config: &'a GroupConfig, today: Option<Date>) -> Ctx<'a> {
        let people = s.resolver();
        let who = s
            .coverages
            .iter()
            .map(|c| c.enrolled_members.iter().map(|m| resolve(&people, m)).collect())
            .collect();
        let plans = s.coverages.iter().map(|c| lookup_plan(config, c)).collect();
        Ctx {
            s,
            config,
            today,
            who,
            plans,
        }
    }

    /// Every enrolled member of every coverage, in document order.
    pub fn enrollments(&self) -> impl Iterator<Item = Enrollment<'a>> + '_ {
        self.s
            .coverages
            .iter()
            .enumerate()
            .flat_map(move |(i, coverage)| {
                coverage
                    .enrolled_members
                    .iter()
                    .enumerate()
                    .map(move |(j, member)| Enrollment {
                        i,
                        j,
                        coverage,
                        member,
                        who: self
                            .who
                            .get(i)
                            .and_then(|w| w.get(j))
                            .copied()
                            .unwrap_or(Who::Unidentified),
                    })
            })
    }

    /// "First Last", or where the person is when the names are missing.
    pub fn name(&self, who: Who) -> String {
        match who {
            Who::Employee => self.s.display_name(MemberRef::Employee),
            Who::Dependent(k) => self.s.display_name(MemberRef::Dependent(k)),
            _ => "an unknown member".into(),
        }
    }

    /// The plan of coverage `i`, when it was found.
    pub fn plan(&self, i: usize) -> Option<&'a Plan> {
        match self.plans.get(i) {
            Some(PlanLookup::Found(p)) => Some(p),
            _ => None,
        }
    }
}

/// A plan's name for messages (its id when unnamed).
pub(crate) fn plan_label(p: &Plan) -> &str {
    p.name.as_deref().unwrap_or(&p.id)
}

fn resolve(people: &Resolver, m: &EnrolledMember) -> Who {
    match people.resolve(m) {
        Resolution::Found(MemberRef::Employee) => Who::Employee,
        Resolution::Found(MemberRef::Dependent(k)) => Who::Dependent(k),
        Resolution::Unknown(field) => Who::Unknown(field),
        Resolution::Unidentified => Who::Unidentified,
    }
}

fn lookup_plan<'a>(config: &'a GroupConfig, c: &Coverage) -> PlanLookup<'a> {
    if let Some(id) = &c.plan_id {
        return match config.plans.iter().find(|p| &p.id == id) {
            Some(p) => PlanLookup::Found(p),
            None => PlanLookup::NotFound("plan_id"),
        };
    }
    let Some(name) = &c.plan_name else {
        return PlanLookup::NotSpecified;
    };
    if c.carrier_id.is_none() || c.line_of_coverage.is_none() {
        return PlanLookup::Unknowable;
    }
    let mut matches = config.plans.iter().filter(|p| {
        p.name.as_ref() == Some(name)
            && c.carrier_id.as_ref() == Some(&p.carrier_id)
            && p.line_of_coverage == c.line_of_coverage
    });
    match (matches.next(), matches.count()) {
        (Some(p), 0) => PlanLookup::Found(p),
        (None, _) => PlanLookup::NotFound("plan_name"),
        (Some(_), more) => PlanLookup::Ambiguous(more + 1),
    }
}

/// Collects a check's issues.
#[derive(Default)]
pub(crate) struct Out {
    pub issues: Vec<Issue>,
}

impl Out {
    pub fn push(&mut self, rule: &Rule, path: String, p: Value) {
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
    employment::termination_date,
    employment::coverage_before_hire,
    employment::coverage_after_termination,
    plans::unknown_carrier,
    plans::plan_reference,
    plans::eligibility,
    plans::dependent_age_limit,
    plans::dependent_without_employee,
    plans::volume,
    coverages::dates,
    coverages::overlaps,
    coverages::member_references,
    events::event_references,
];

/// Runs every check over the snapshot.
pub(crate) fn run(s: &Snapshot, config: &GroupConfig, today: Option<Date>) -> Vec<Issue> {
    let cx = Ctx::new(s, config, today);
    let mut out = Out::default();
    for check in RULES {
        check(&cx, &mut out);
    }
    out.issues
}
