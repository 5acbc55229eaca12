//! The financial summary: monthly premium per line of coverage from the plan
//! rates, the employee/employer split, totals, and the change versus the
//! previous snapshot. Money in integer cents.
//!
//! # What is priced
//! Every coverage of the snapshot with at least one enrolled member *in force*
//! on the summary date `on`: not waived (end = start − 1 day), started on or
//! before `on`, and ending on or after it (no end date is open-ended). One
//! line per such coverage, in snapshot order; coverages with nobody in force
//! give no line. The coverage's plan is its `plan_id`, else its `plan_name`
//! among the plans of its carrier and line (as validation finds it). Ages are
//! whole years on `on` (not on the plan year's start or the coverage start).
//!
//! # Rates (`plans[].rates`, decimal dollars per month)
//! - `family_unit_based`: `tiers` {employee, employee_spouse,
//!   employee_children, employee_plus_one, family}; `employee` is required.
//!   One rate for the line; members carry `monthly_cents: null`.
//! - `member_based`: `per_member`, or `age_bands` [{min_age, max_age?, rate}]
//!   (exactly one of the two), per member in force.
//! - `member_based_volume`: `per_1000` of the member's `volume` (dollars), or
//!   `age_bands` whose `rate` is per 1000; per member in force.
//!
//! Age bands include both ends; a band without `max_age` has no upper bound;
//! bands must not overlap. A member is banded by their own age (also a
//! spouse's life coverage).
//!
//! # Tiers (where the sources are silent)
//! The tier is derived from the dependents in force: spouse-like dependents
//! are `spouse`, `domestic-partner`, `civil-union` and `ex-spouse` (a
//! court-ordered ex-spouse is priced as a spouse); every other relationship
//! (children of any kind, grandchildren, wards, `other`, or none given) is
//! child-like. No dependents → `employee`; spouse-like only →
//! `employee_spouse`; child-like only → `employee_children`; both → `family`.
//! A plan that does not price the derived tier falls back: to
//! `employee_plus_one` when exactly one dependent is enrolled (three-tier
//! plans: employee, employee + 1, family), then to `family` (two-tier plans:
//! employee, family). `tier` in the output is the tier charged. A
//! family-unit coverage with dependents but no employee in force is not
//! priced (`premium_employee_not_enrolled`).
//!
//! # Employer contribution (`plans[].employer_contribution`)
//! `{percent}` (0–100) of the line's premium; `{amount}` (decimal dollars per
//! month) pays up to that amount; both: the percent, capped at the amount.
//! The share never exceeds the premium. Absent: the employee pays everything.
//!
//! # Exactness and rounding
//! Amounts are read exactly from the JSON number's decimal text into
//! millionths of a dollar (more than six decimal places is the configuration
//! error `rate_too_precise`), then computed in integers. Rounding happens in
//! three places only, each to the cent, half away from zero:
//! 1. each member's premium (`per_member` or band rate; `rate × volume / 1000`),
//!    and the family-unit tier rate;
//! 2. the employer's share, computed on the line's total (`percent × total / 100`);
//! 3. nothing else: the line total is the sum of its members, the employee's
//!    share is `total − employer`, and totals are sums of lines, so every
//!    figure adds up to the cent.
//!
//! Rates are bounded in the configuration ($100,000 a month; $100 per $1,000
//! of volume) so that any figure of a snapshot under the input limit stays
//! far below 2^53 − 1 cents, the largest integer JavaScript holds exactly;
//! sums are checked, and a member or line that would pass it is left out
//! (`premium_total_too_large`) rather than saturating (docs/api.md, Limits).
//!
//! # The previous snapshot
//! `previous_total` prices the previous snapshot with the same configuration
//! on the same date, so `change` is what this snapshot does to that month's
//! premium (a child added, a waive, a volume change). The previous snapshot's
//! own issues are not reported. When either snapshot has something in force
//! that could not be priced (any premium issue but an unusable employer
//! contribution), `change` is `null`: the unpriced part counts as 0, and a
//! difference of partial totals would be those 0s, not the snapshot's doing.
//!
//! # Issues
//! Codes in [`codes`] (every premium issue is a warning and blocks nothing),
//! with pointers into the snapshot: `/coverages/i` or
//! `/coverages/i/enrolled_members/j`. A member or line that cannot be priced
//! counts as 0 cents, so totals are the priceable part.

pub use crate::diagnostic::codes::premium as codes;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

pub use crate::config::rates::Tier;
pub use rate::{LineRate, RateBasis};

pub(crate) mod rate;

use crate::config::rates::PlanTerms;
use crate::config::rates::{plan_contribution, plan_rates, Contribution, NoRate, Rates, Unusable};
use crate::config::{money, rates, Config, PlanIndex};
use crate::diagnostic::pointer::pointer;
use crate::diagnostic::{make_issue_at, Issue, Rule};
use crate::model::text::{quote, quote_joined_masked};
use crate::model::*;

/// Monthly premium and its split, in cents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "Cents"))]
pub struct Money {
    pub monthly_cents: i64,
    pub employer_cents: i64,
    pub employee_cents: i64,
}

impl Money {
    /// The sum, when every figure stays within `MAX_SAFE_CENTS`.
    fn checked_plus(self, o: Money) -> Option<Money> {
        let add = |a: i64, b: i64| a.checked_add(b).filter(|s| *s <= money::MAX_SAFE_CENTS);
        Some(Money {
            monthly_cents: add(self.monthly_cents, o.monthly_cents)?,
            employer_cents: add(self.employer_cents, o.employer_cents)?,
            employee_cents: add(self.employee_cents, o.employee_cents)?,
        })
    }

    /// The sum of lines already admitted together (`admit`): it fits.
    fn plus(self, o: Money) -> Money {
        self.checked_plus(o).unwrap_or(self)
    }

    /// Figures within `0..=MAX_SAFE_CENTS` each: the difference is exact.
    fn minus(self, o: Money) -> Money {
        Money {
            monthly_cents: self.monthly_cents - o.monthly_cents,
            employer_cents: self.employer_cents - o.employer_cents,
            employee_cents: self.employee_cents - o.employee_cents,
        }
    }
}

/// One enrolled member in force on a priced line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PremiumMember {
    /// `/coverages/i/enrolled_members/j` in the snapshot.
    pub path: String,
    pub individual_type: Option<IndividualType>,
    /// The dependent's relationship (`null` for the employee).
    pub relationship: Option<Relationship>,
    /// "First Last", when the person is known and named.
    pub name: Option<String>,
    /// Whole years on the summary date, when the date of birth is known.
    pub age: Option<i32>,
    /// Enrolled volume in dollars (volume-based lines); `null` when it has
    /// the shape of an SSN (docs/api.md, Privacy).
    pub volume: Option<i32>,
    /// The member's own premium; `null` on family-unit lines (the tier is
    /// priced as a whole) and for members that could not be priced.
    pub monthly_cents: Option<i64>,
    /// The volume was SSN-shaped, so it is neither shown nor priced: a
    /// premium computed from it would be a function of the masked digits.
    #[serde(skip)]
    pub volume_masked: bool,
}

/// The premium of one coverage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PremiumLine {
    /// `/coverages/i` in the snapshot.
    pub path: String,
    pub line_of_coverage: Option<LineOfCoverage>,
    pub carrier_id: Option<String>,
    /// The configured plan's id (the coverage's own `plan_id` when no plan matched).
    pub plan_id: Option<String>,
    pub plan_name: Option<String>,
    /// `null` when the plan or its rates are missing or unusable.
    pub calculation_type: Option<RateCalculation>,
    /// The tier charged (family-unit lines).
    pub tier: Option<Tier>,
    pub members: Vec<PremiumMember>,
    pub monthly_cents: i64,
    pub employer_cents: i64,
    pub employee_cents: i64,
}

impl PremiumLine {
    /// The line's amounts.
    pub fn money(&self) -> Money {
        Money {
            monthly_cents: self.monthly_cents,
            employer_cents: self.employer_cents,
            employee_cents: self.employee_cents,
        }
    }
}

/// What `premium_summary` returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PremiumSummary {
    /// The date premiums are computed for (ages, enrollments in force).
    pub on: Date,
    pub lines: Vec<PremiumLine>,
    pub total: Money,
    /// The previous snapshot priced the same way (`null` without one).
    pub previous_total: Option<Money>,
    /// `total − previous_total`; `null` without a previous snapshot, or when
    /// either snapshot has something in force that could not be priced (a
    /// premium issue other than an unusable employer contribution).
    pub change: Option<Money>,
    /// Why some of the premium could not be computed (pointers into the snapshot).
    pub issues: Vec<Issue>,
}

/// The monthly premium of every coverage in force on `on`, its split and
/// totals, and the change versus `previous` (see the module docs).
pub fn premium_summary(
    config: &GroupConfig,
    snapshot: &Snapshot,
    previous: Option<&Snapshot>,
    on: Date,
) -> PremiumSummary {
    let plans: Vec<PlanTerms> = config
        .plans
        .iter()
        .enumerate()
        .map(|(k, p)| PlanTerms::of(p, k))
        .collect();
    let terms = Terms {
        config,
        plans: &plans,
        index: &PlanIndex::of(config),
    };
    summary(&terms, snapshot, previous, on)
}

/// `premium_summary` over the engine's configuration, whose plan terms were
/// read with it; `previous_total` prices the previous snapshot on a date
/// (`None` without a previous snapshot), for a caller that keeps it.
pub(crate) fn premium_summary_with(
    config: &Config,
    snapshot: &Snapshot,
    previous_total: impl FnOnce(Date) -> Option<Priced>,
    on: Date,
) -> PremiumSummary {
    let terms = Terms::of(config);
    let (lines, issues) = price_snapshot(&terms, snapshot, on);
    with_lines(lines, issues, previous_total(on), on)
}

/// A snapshot's total on a date, and whether all of it was priced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Priced {
    pub total: Money,
    /// No premium issue but an unusable employer contribution (which moves
    /// only the split): nothing in force was counted as 0.
    pub complete: bool,
}

impl Priced {
    fn of((lines, issues): (Vec<PremiumLine>, Vec<Issue>)) -> Priced {
        Priced {
            total: total_of(&lines),
            complete: all_priced(&issues),
        }
    }
}

/// Whether pricing left nothing out: a line or member it could not price
/// counts as 0, so a difference between a partial total and a whole one
/// would be the 0s, not what the snapshot does (user review 25d: a typo in
/// a plan id showed the premium falling by that plan's price).
fn all_priced(issues: &[Issue]) -> bool {
    issues.iter().all(|i| {
        i.code == codes::PREMIUM_RATES_INVALID.code
            && i.params.get("field").and_then(Value::as_str) == Some("employer_contribution")
    })
}

/// The total of a snapshot on `on`, priced over the engine's configuration.
pub(crate) fn total_with(config: &Config, snapshot: &Snapshot, on: Date) -> Priced {
    Priced::of(price_snapshot(&Terms::of(config), snapshot, on))
}

/// The configuration as pricing reads it.
struct Terms<'a> {
    config: &'a GroupConfig,
    /// By plan index, parallel to `config.plans`.
    plans: &'a [PlanTerms],
    index: &'a PlanIndex,
}

impl<'a> Terms<'a> {
    fn of(config: &'a Config) -> Terms<'a> {
        Terms {
            config: &config.group,
            plans: &config.plans,
            index: &config.index,
        }
    }
}

fn summary(terms: &Terms, snapshot: &Snapshot, previous: Option<&Snapshot>, on: Date) -> PremiumSummary {
    let (lines, issues) = price_snapshot(terms, snapshot, on);
    let previous_total = previous.map(|p| Priced::of(price_snapshot(terms, p, on)));
    with_lines(lines, issues, previous_total, on)
}

fn with_lines(
    lines: Vec<PremiumLine>,
    issues: Vec<Issue>,
    previous: Option<Priced>,
    on: Date,
) -> PremiumSummary {
    let total = total_of(&lines);
    let both_priced = all_priced(&issues) && previous.is_some_and(|p| p.complete);
    PremiumSummary {
        on,
        total,
        change: previous.filter(|_| both_priced).map(|p| total.minus(p.total)),
        previous_total: previous.map(|p| p.total),
        lines,
        issues: crate::diagnostic::limits::cap_issues(issues),
    }
}

/// The sum of lines `admit` let in: at most `MAX_SAFE_CENTS` each figure.
fn total_of(lines: &[PremiumLine]) -> Money {
    lines.iter().fold(Money::default(), |sum, l| sum.plus(l.money()))
}

/// Lets lines into the total while it stays exact in JavaScript: a line that
/// would take the total past `MAX_SAFE_CENTS` is listed at 0 cents with
/// `premium_total_too_large`. The configuration's bounds (docs/api.md,
/// Limits) keep any document under the input limit far below it; this is
/// what holds for larger ones (`Engine::with_max_input_bytes`).
fn admit(lines: &mut [PremiumLine], issues: &mut Vec<Issue>) {
    let mut total = Money::default();
    for line in lines.iter_mut() {
        match total.checked_plus(line.money()) {
            Some(sum) => total = sum,
            None => {
                let mut issue = make_issue_at(codes::PREMIUM_TOTAL_TOO_LARGE, &line.path, too_large());
                issue.line_of_coverage = line.line_of_coverage;
                issues.push(issue);
                line.monthly_cents = 0;
                line.employer_cents = 0;
                line.employee_cents = 0;
                line.members.iter_mut().for_each(|m| m.monthly_cents = None);
            }
        }
    }
}

fn too_large() -> Value {
    json!({ "limit": money::MAX_SAFE_CENTS })
}

fn price_snapshot(terms: &Terms, snapshot: &Snapshot, on: Date) -> (Vec<PremiumLine>, Vec<Issue>) {
    let cx = Cx {
        config: terms.config,
        plans: terms.plans,
        index: terms.index,
        snapshot,
        people: snapshot.resolver(),
        on,
    };
    let mut issues = Vec::new();
    let mut lines: Vec<PremiumLine> = snapshot
        .coverages
        .iter()
        .enumerate()
        .filter_map(|(i, cov)| coverage_line(&cx, i, cov, &mut issues))
        .collect();
    admit(&mut lines, &mut issues);
    (lines, issues)
}

/// What pricing reads.
struct Cx<'a> {
    config: &'a GroupConfig,
    /// By plan index, parallel to `config.plans`.
    plans: &'a [PlanTerms],
    /// Where `find_plan` looks plans up.
    index: &'a PlanIndex,
    snapshot: &'a Snapshot,
    /// Whom the snapshot's enrolled members name.
    people: Resolver<'a>,
    on: Date,
}

impl Cx<'_> {
    /// `plan_rates` of plan `k`, as read beforehand.
    fn rates(&self, plan: &Plan, k: usize) -> Option<Cow<'_, Result<Rates, Unusable>>> {
        match self.plans.get(k) {
            Some(t) => t.rates.as_ref().map(Cow::Borrowed),
            None => plan_rates(plan, k).map(Cow::Owned),
        }
    }

    /// `plan_contribution` of plan `k`, as read beforehand.
    fn contribution(&self, plan: &Plan, k: usize) -> Option<Cow<'_, Result<Contribution, Unusable>>> {
        match self.plans.get(k) {
            Some(t) => t.contribution.as_ref().map(Cow::Borrowed),
            None => plan_contribution(plan, k).map(Cow::Owned),
        }
    }
}

/// An enrolled member in force, with whom it names.
struct InForce<'a> {
    path: String,
    enrollment: &'a EnrolledMember,
    who: Option<MemberRef>,
}

/// Collects a line's issues, located and tagged with the line of coverage.
struct Report<'a> {
    issues: &'a mut Vec<Issue>,
    line: Option<LineOfCoverage>,
}

impl Report<'_> {
    fn push(&mut self, rule: &Rule, path: &str, params: Value) {
        let mut issue = make_issue_at(rule, path, params);
        issue.line_of_coverage = self.line;
        self.issues.push(issue);
    }
}

fn in_force(m: &EnrolledMember, on: Date) -> bool {
    !m.is_waive()
        && m.effective_start_date.is_some_and(|s| s <= on)
        && m.effective_end_date.is_none_or(|e| on <= e)
}

fn coverage_line(cx: &Cx, i: usize, cov: &Coverage, issues: &mut Vec<Issue>) -> Option<PremiumLine> {
    let path = pointer!["coverages", i];
    let enrolled: Vec<InForce> = cov
        .enrolled_members
        .iter()
        .enumerate()
        .filter(|(_, m)| in_force(m, cx.on))
        .map(|(j, m)| InForce {
            path: pointer!(path; "enrolled_members", j),
            enrollment: m,
            who: match cx.people.resolve(m) {
                Resolution::Found(r) => Some(r),
                _ => None,
            },
        })
        .collect();
    if enrolled.is_empty() {
        return None;
    }
    let found = find_plan(cx, cov);
    let line_of_coverage = cov
        .line_of_coverage
        .or(found.and_then(|(_, p)| p.line_of_coverage));
    let mut report = Report {
        issues,
        line: line_of_coverage,
    };
    for m in enrolled.iter().filter(|m| m.who.is_none()) {
        report.push(codes::PREMIUM_MEMBER_UNKNOWN, &m.path, json!({}));
    }
    let mut line = PremiumLine {
        path: path.clone(),
        line_of_coverage,
        carrier_id: cov.carrier_id.clone(),
        plan_id: found.map(|(_, p)| p.id.clone()).or_else(|| cov.plan_id.clone()),
        // Quoted (64 characters) like every label: one plan name is copied
        // into every line of its plan, a member's name into each of theirs.
        plan_name: found
            .and_then(|(_, p)| p.name.as_deref())
            .or(cov.plan_name.as_deref())
            .map(quote),
        calculation_type: None,
        tier: None,
        members: enrolled.iter().map(|m| member_entry(cx, m)).collect(),
        monthly_cents: 0,
        employer_cents: 0,
        employee_cents: 0,
    };
    let Some((k, plan)) = found else {
        let line_name = line_of_coverage.map_or("", LineOfCoverage::as_str);
        report.push(codes::PREMIUM_PLAN_UNKNOWN, &path, json!({ "line": line_name }));
        return Some(line);
    };
    let label = quote(plan.name.as_deref().unwrap_or(&plan.id));
    let label = label.as_str();
    let read = cx.rates(plan, k);
    let rates = match read.as_deref() {
        None => {
            report.push(codes::PREMIUM_RATES_MISSING, &path, json!({ "plan": label }));
            return Some(line);
        }
        Some(Err(u)) => {
            unusable(&mut report, &path, label, "rates", u.clone());
            return Some(line);
        }
        Some(Ok(r)) => r,
    };
    line.calculation_type = Some(rates.calculation_type());
    let monthly = match &rates {
        Rates::FamilyUnit(tiers) => family_unit(cx, &enrolled, tiers, label, &path, &mut line, &mut report),
        Rates::PerMember(_) | Rates::PerThousand(_) => {
            per_member(&enrolled, rates, label, &mut line.members, &mut report)
        }
    };
    let contribution = match cx.contribution(plan, k).as_deref() {
        None => Contribution::default(),
        Some(Ok(c)) => *c,
        Some(Err(u)) => {
            unusable(&mut report, &path, label, "employer_contribution", u.clone());
            Contribution::default()
        }
    };
    let (employer, employee) = contribution.split(monthly);
    line.monthly_cents = monthly;
    line.employer_cents = employer;
    line.employee_cents = employee;
    Some(line)
}

fn unusable(report: &mut Report, path: &str, plan: &str, field: &str, u: Unusable) {
    let p = json!({ "plan": plan, "field": field, "reason": u.reason, "config_path": u.config_path });
    report.push(codes::PREMIUM_RATES_INVALID, path, p);
}

/// The plan of a coverage and its index in the configuration
/// (`config::PlanIndex::lookup`, as validation finds it).
fn find_plan<'a>(cx: &Cx<'a>, cov: &Coverage) -> Option<(usize, &'a Plan)> {
    cx.index.lookup(cx.config, cov).found()
}

fn member_entry(cx: &Cx, m: &InForce) -> PremiumMember {
    let person = m.who.and_then(|r| cx.snapshot.person(r));
    let relationship = match m.who {
        Some(MemberRef::Dependent(k)) => cx.snapshot.dependents.get(k).and_then(|d| d.relationship),
        _ => None,
    };
    let individual_type = m.enrollment.individual_type.or(match m.who {
        Some(MemberRef::Employee) => Some(IndividualType::Employee),
        Some(MemberRef::Dependent(_)) => Some(IndividualType::Dependent),
        None => None,
    });
    PremiumMember {
        path: m.path.clone(),
        individual_type,
        relationship,
        name: person.and_then(full_name),
        age: person.and_then(|p| p.date_of_birth).map(|d| d.age_on(cx.on)),
        volume: m.enrollment.volume.filter(|v| !ssn_shaped(*v)),
        monthly_cents: None,
        volume_masked: m.enrollment.volume.is_some_and(ssn_shaped),
    }
}

/// Whether a number would be masked on output (`privacy::mask_number`).
fn ssn_shaped(v: i32) -> bool {
    crate::privacy::mask_number(&v.to_string()).is_some()
}

/// "First Last", cut like every label (`text::quote_joined`, as
/// `Snapshot::display_name`): a name is copied into each line its person is
/// priced in, so a name megabytes long in many coverages would multiply.
fn full_name(p: &Person) -> Option<String> {
    let parts: Vec<&str> = [p.first_name.as_deref(), p.last_name.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect();
    // Each name masked before the join (`Snapshot::display_name`).
    (!parts.is_empty()).then(|| quote_joined_masked(&parts, " ", crate::privacy::scrub))
}

/// Whether a relationship is priced as a spouse (see the module docs).
fn spouse_like(r: Option<Relationship>) -> bool {
    r.is_some_and(Relationship::priced_as_spouse)
}

/// The tier derived from the dependents, and the tiers tried in order.
fn tier_candidates(spouses: usize, children: usize) -> (Tier, Vec<Tier>) {
    let derived = match (spouses > 0, children > 0) {
        (false, false) => Tier::Employee,
        (true, false) => Tier::EmployeeSpouse,
        (false, true) => Tier::EmployeeChildren,
        (true, true) => Tier::Family,
    };
    let mut tried = vec![derived];
    if derived != Tier::Employee && derived != Tier::Family {
        if spouses + children == 1 {
            tried.push(Tier::EmployeePlusOne);
        }
        tried.push(Tier::Family);
    }
    (derived, tried)
}

fn family_unit(
    cx: &Cx,
    enrolled: &[InForce],
    tiers: &rates::Tiers,
    plan: &str,
    path: &str,
    line: &mut PremiumLine,
    report: &mut Report,
) -> i64 {
    if !enrolled.iter().any(|m| m.who == Some(MemberRef::Employee)) {
        report.push(
            codes::PREMIUM_EMPLOYEE_NOT_ENROLLED,
            path,
            json!({ "plan": plan }),
        );
        return 0;
    }
    let relationships = enrolled.iter().filter_map(|m| match m.who {
        Some(MemberRef::Dependent(k)) => Some(cx.snapshot.dependents.get(k).and_then(|d| d.relationship)),
        _ => None,
    });
    let (spouses, children) =
        relationships.fold(
            (0, 0),
            |(s, c), r| {
                if spouse_like(r) {
                    (s + 1, c)
                } else {
                    (s, c + 1)
                }
            },
        );
    let (derived, tried) = tier_candidates(spouses, children);
    match tried.into_iter().find_map(|t| tiers.get(t).map(|r| (t, r))) {
        Some((tier, rate)) => {
            line.tier = Some(tier);
            rate.to_cents()
        }
        None => {
            let p = json!({ "plan": plan, "tier": derived.as_str() });
            report.push(codes::PREMIUM_TIER_MISSING, path, p);
            0
        }
    }
}

fn per_member(
    enrolled: &[InForce],
    rates: &Rates,
    plan: &str,
    members: &mut [PremiumMember],
    report: &mut Report,
) -> i64 {
    let mut total: i64 = 0;
    for (m, entry) in enrolled.iter().zip(members.iter_mut()) {
        if m.who.is_none() {
            continue;
        }
        let name = entry.name.clone().unwrap_or_else(|| who_label(m));
        let cents = match member_rate(rates, entry) {
            Ok(c) => c,
            Err(rule) => {
                let p = json!({ "plan": plan, "name": name, "age": entry.age });
                report.push(rule, &m.path, p);
                continue;
            }
        };
        match total.checked_add(cents).filter(|t| *t <= money::MAX_SAFE_CENTS) {
            Some(t) => {
                entry.monthly_cents = Some(cents);
                total = t;
            }
            None => report.push(codes::PREMIUM_TOTAL_TOO_LARGE, &m.path, too_large()),
        }
    }
    total
}

/// A member's premium on a member-based line, or the rule that stops it.
fn member_rate(rates: &Rates, m: &PremiumMember) -> Result<i64, &'static Rule> {
    let age = m.age.map(i64::from);
    let no_rate = |e| match e {
        NoRate::AgeUnknown => codes::PREMIUM_AGE_UNKNOWN,
        NoRate::NoBand => codes::PREMIUM_NO_AGE_BAND,
    };
    match rates {
        Rates::PerMember(s) => s.rate_for(age).map(|r| r.to_cents()).map_err(no_rate),
        Rates::PerThousand(s) => {
            if m.volume_masked {
                return Err(codes::PREMIUM_VOLUME_MASKED);
            }
            let volume = m.volume.ok_or(codes::PREMIUM_VOLUME_MISSING)?;
            let rate = s.rate_for(age).map_err(no_rate)?;
            Ok(rate.per_thousand_cents(i64::from(volume)))
        }
        Rates::FamilyUnit(_) => Ok(0),
    }
}

/// Who a member is, for messages, when the person has no name.
fn who_label(m: &InForce) -> String {
    match m.who {
        Some(MemberRef::Employee) => "the employee".into(),
        Some(MemberRef::Dependent(k)) => format!("dependents[{k}]"),
        None => "an unknown member".into(),
    }
}
