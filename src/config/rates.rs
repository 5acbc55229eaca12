//! A plan's `rates` and `employer_contribution`, read with the lenient walk:
//! the configuration's reader reads them once, checking them (pointers into
//! the configuration) and keeping the typed terms (`rates_in_walk`,
//! `contribution_in_walk`); `PlanTerms::of` reads them from a plan's values
//! for a configuration that did not come through the reader.

use serde_json::{json, Value};

use super::money::{AmountError, Micros, MAX_DOLLARS, MAX_PER_1000_DOLLARS};
use crate::diagnostic::catalogue as c;
use crate::diagnostic::codes::premium as p;
use crate::diagnostic::pointer::pointer;
use crate::model::{Plan, RateCalculation};
use crate::read::walk::{type_name, Need, Walk};

use crate::model::enums::string_enum;
use crate::read::json::{Json, Obj};

string_enum!(
    /// A family-unit tier: who the premium covers, derived from who is enrolled.
    Tier {
        /// The employee alone.
        Employee = "employee",
        /// The employee and a spouse-like dependent (spouse, domestic partner,
        /// civil-union partner, ex-spouse).
        EmployeeSpouse = "employee_spouse",
        /// The employee and child-like dependents (every other relationship).
        EmployeeChildren = "employee_children",
        /// The employee and exactly one dependent, of any kind (three-tier plans).
        EmployeePlusOne = "employee_plus_one",
        /// The employee, a spouse-like dependent and children; the fallback for
        /// any employee-plus-dependents tier a plan does not price.
        Family = "family",
    }
);

/// The monthly rate of each tier a plan prices.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Tiers(Vec<(Tier, Micros)>);

impl Tiers {
    pub fn get(&self, tier: Tier) -> Option<Micros> {
        self.0.iter().find(|(t, _)| *t == tier).map(|(_, r)| *r)
    }
}

/// One age band: ages `min_age..=max_age` (no upper bound without `max_age`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct AgeBand {
    pub min_age: i64,
    pub max_age: Option<i64>,
    pub rate: Micros,
}

impl AgeBand {
    fn contains(&self, age: i64) -> bool {
        self.min_age <= age && self.max_age.is_none_or(|max| age <= max)
    }
}

/// A rate for every member alike, or by the member's age.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Schedule {
    Flat(Micros),
    Banded(Vec<AgeBand>),
}

/// Why a schedule has no rate for a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoRate {
    /// Age-banded, and the age is not known.
    AgeUnknown,
    /// Age-banded, and no band holds the age.
    NoBand,
}

impl Schedule {
    /// The rate for a member of this age (`None`: date of birth unknown).
    pub fn rate_for(&self, age: Option<i64>) -> Result<Micros, NoRate> {
        match self {
            Schedule::Flat(rate) => Ok(*rate),
            Schedule::Banded(bands) => {
                let age = age.ok_or(NoRate::AgeUnknown)?;
                bands
                    .iter()
                    .find(|b| b.contains(age))
                    .map(|b| b.rate)
                    .ok_or(NoRate::NoBand)
            }
        }
    }
}

/// How a plan's monthly premium is computed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Rates {
    /// One rate for the enrolled family, by tier.
    FamilyUnit(Tiers),
    /// A monthly rate per enrolled member.
    PerMember(Schedule),
    /// A monthly rate per $1,000 of each member's volume.
    PerThousand(Schedule),
}

impl Rates {
    pub fn calculation_type(&self) -> RateCalculation {
        match self {
            Rates::FamilyUnit(_) => RateCalculation::FamilyUnitBased,
            Rates::PerMember(_) => RateCalculation::MemberBased,
            Rates::PerThousand(_) => RateCalculation::MemberBasedVolume,
        }
    }
}

/// The employer's share of a line's monthly premium.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Contribution {
    /// Percent of the premium, in millionths of a point.
    pub percent: Option<Micros>,
    /// Monthly dollar amount: the share alone, or the cap on `percent`.
    pub amount: Option<Micros>,
}

impl Contribution {
    /// `(employer, employee)` cents of a monthly premium.
    pub fn split(&self, monthly_cents: i64) -> (i64, i64) {
        let share = match self.percent {
            Some(pct) => pct.percent_of_cents(monthly_cents),
            None if self.amount.is_some() => monthly_cents,
            None => 0,
        };
        let cap = self.amount.map_or(i64::MAX, Micros::to_cents);
        let employer = share.min(cap).min(monthly_cents).max(0);
        (employer, monthly_cents.saturating_sub(employer))
    }
}

/// The fields of `rates`, listed by hand: which ones are read depends on
/// `calculation_type`, and their unknown siblings are judged before that.
const RATE_FIELDS: [&str; 5] = ["calculation_type", "tiers", "per_member", "per_1000", "age_bands"];

/// A plan's rates and employer contribution (`None`: not given), read once
/// with the configuration.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct PlanTerms {
    pub rates: Option<Result<Rates, Unusable>>,
    pub contribution: Option<Result<Contribution, Unusable>>,
}

impl PlanTerms {
    /// Plan `k`'s terms read from its JSON values: for a `GroupConfig` that
    /// did not come through the configuration's reader.
    pub(crate) fn of(plan: &Plan, k: usize) -> PlanTerms {
        PlanTerms {
            rates: plan_rates(plan, k),
            contribution: plan_contribution(plan, k),
        }
    }
}

/// Reads `rates` where the configuration's walk points (the reader calls it
/// through `Walk::raw_object_read`): what `plan_rates` reads from the value.
pub(crate) fn rates_in_walk(w: &mut Walk, m: &Obj) -> Result<Rates, Unusable> {
    let (path, before) = (w.pointer().to_owned(), w.issues.len());
    let rates = read_rates(w, m);
    match first_blocking(w, before) {
        Some(u) => Err(u),
        None => rates.ok_or_else(|| Unusable {
            config_path: path,
            reason: "no usable rates".into(),
        }),
    }
}

/// Reads `employer_contribution` where the configuration's walk points:
/// what `plan_contribution` reads from the value.
pub(crate) fn contribution_in_walk(w: &mut Walk, m: &Obj) -> Result<Contribution, Unusable> {
    let before = w.issues.len();
    let contribution = read_contribution(w, m);
    first_blocking(w, before).map_or(Ok(contribution), Err)
}

/// The first blocking issue the walk listed after `before`, as `read_at` words it.
fn first_blocking(w: &Walk, before: usize) -> Option<Unusable> {
    let found = w.issues.get(before..).unwrap_or_default();
    found.iter().find(|i| i.severity.blocks()).map(|issue| Unusable {
        reason: issue.message.trim_end_matches('.').to_owned(),
        config_path: issue.path.clone(),
    })
}

/// Reads `rates`; blocking issues in `w` mean the result must not be used.
fn read_rates(w: &mut Walk, m: &Obj) -> Option<Rates> {
    let calc = w.wire::<RateCalculation>(m, "calculation_type", Need::Required);
    w.extra(m, &RATE_FIELDS);
    let calc = calc?;
    let own: &[&str] = match calc {
        RateCalculation::FamilyUnitBased => &["tiers"],
        RateCalculation::MemberBased => &["per_member", "age_bands"],
        RateCalculation::MemberBasedVolume => &["per_1000", "age_bands"],
    };
    for key in RATE_FIELDS.iter().skip(1) {
        if m.contains_key(key) && !own.contains(key) {
            let reason = format!("{key} does not apply to {calc}");
            w.at_key(key, |w| w.report(p::INVALID_RATES, json!({ "reason": reason })));
        }
    }
    match calc {
        RateCalculation::FamilyUnitBased => {
            w.nested(m, "tiers", Need::Required, tiers).map(Rates::FamilyUnit)
        }
        RateCalculation::MemberBased => schedule(w, m, calc, "per_member", MAX_DOLLARS).map(Rates::PerMember),
        RateCalculation::MemberBasedVolume => {
            schedule(w, m, calc, "per_1000", MAX_PER_1000_DOLLARS).map(Rates::PerThousand)
        }
    }
}

fn tiers(w: &mut Walk, m: &Obj) -> Tiers {
    let mut out = Vec::new();
    // In shown order: an SSN-shaped key's place tells nothing (privacy::in_shown_order).
    let mut members = m.iter();
    crate::sort::sort_by_cached_key(&mut members, |(k, _)| crate::privacy::scrub(k));
    for (key, v) in members {
        w.at_key(key, |w| match Tier::parse(key) {
            Some(tier) => out.extend(amount_value(w, v, MAX_DOLLARS).map(|r| (tier, r))),
            None => w.report(
                c::UNKNOWN_ENUM_VALUE,
                json!({ "value": key, "field": "tiers", "allowed": Tier::ALL }),
            ),
        });
    }
    if !m.contains_key("employee") {
        w.at_key("employee", |w| {
            w.report(c::MISSING_FIELD, json!({ "field": "employee" }))
        });
    }
    Tiers(out)
}

/// A flat rate under `flat_key`, or `age_bands`: exactly one of them, each
/// rate at most `max` dollars.
fn schedule(
    w: &mut Walk,
    m: &Obj,
    calc: RateCalculation,
    flat_key: &'static str,
    max: i64,
) -> Option<Schedule> {
    match (m.contains_key(flat_key), m.contains_key("age_bands")) {
        (true, false) => amount(w, m, flat_key, max).map(Schedule::Flat),
        (false, true) => age_bands(w, m, max).map(Schedule::Banded),
        (both, _) => {
            let reason = if both {
                format!("give {flat_key} or age_bands, not both")
            } else {
                format!("{calc} rates need {flat_key} or age_bands")
            };
            w.report(p::INVALID_RATES, json!({ "reason": reason }));
            None
        }
    }
}

fn age_bands(w: &mut Walk, m: &Obj, max: i64) -> Option<Vec<AgeBand>> {
    let bands = w.array(m, "age_bands", Need::Required, |w, v| {
        Some(w.object(v).and_then(|m| age_band(w, m, max)))
    })?;
    w.at_key("age_bands", |w| {
        if bands.is_empty() {
            w.report(c::EMPTY_VALUE, json!({ "field": "age_bands" }));
        }
        for (j, k) in overlapping_bands(&bands) {
            let reason = format!("age band {j} overlaps age band {k}");
            w.at_index(j, |w| w.report(p::INVALID_RATES, json!({ "reason": reason })));
        }
    });
    Some(bands.into_iter().flatten().collect())
}

/// `(j, k)`: band `j` overlaps the earlier band `k`, the first such in
/// document order, for each band that overlaps one. Ages are 0..=150, so
/// the bands covering each age are found by one sweep over the ages:
/// O(bands + ages) instead of comparing every pair.
fn overlapping_bands(bands: &[Option<AgeBand>]) -> Vec<(usize, usize)> {
    const AGES: usize = 151;
    // The first band (lowest index) covering each age, so far.
    let mut first: Vec<Option<usize>> = vec![None; AGES];
    let mut found = Vec::new();
    for (j, band) in bands.iter().enumerate() {
        let Some(b) = band else { continue };
        let lo = usize::try_from(b.min_age).unwrap_or(0).min(AGES);
        let hi = b
            .max_age
            .map_or(AGES, |m| usize::try_from(m).map_or(0, |m| m + 1).min(AGES));
        let ages = first.get_mut(lo..hi.max(lo)).unwrap_or_default();
        if let Some(k) = ages.iter().flatten().min() {
            found.push((j, *k));
        }
        for slot in ages.iter_mut().filter(|s| s.is_none()) {
            *slot = Some(j);
        }
    }
    found
}

fn age_band(w: &mut Walk, m: &Obj, max: i64) -> Option<AgeBand> {
    let age = |w: &mut Walk, key, need| w.integer_in(m, key, need, 0, 150, "0 to 150 years");
    let ((min_age, max_age, rate), _) = w.object_fields(m, |w| {
        let min_age = age(w, "min_age", Need::Required);
        let max_age = age(w, "max_age", Need::Optional);
        (min_age, max_age, amount(w, m, "rate", max))
    });
    let (min_age, rate) = (min_age?, rate?);
    if let Some(max) = max_age.filter(|max| *max < min_age) {
        let reason = format!("min_age {min_age} is above max_age {max}");
        w.report(p::INVALID_RATES, json!({ "reason": reason }));
        return None;
    }
    Some(AgeBand {
        min_age,
        max_age,
        rate,
    })
}

/// Reads `employer_contribution`.
fn read_contribution(w: &mut Walk, m: &Obj) -> Contribution {
    let ((percent, amount), _) = w.object_fields(m, |w| {
        let percent = w.field(m, "percent", Need::Optional, |w, v| amount_value(w, v, 100));
        let amount = w.field(m, "amount", Need::Optional, |w, v| {
            amount_value(w, v, MAX_DOLLARS)
        });
        (percent, amount)
    });
    if !m.contains_key("percent") && !m.contains_key("amount") {
        w.report(p::INVALID_EMPLOYER_CONTRIBUTION, json!({}));
    }
    Contribution { percent, amount }
}

fn amount(w: &mut Walk, m: &Obj, key: &'static str, max: i64) -> Option<Micros> {
    w.field(m, key, Need::Required, |w, v| amount_value(w, v, max))
}

/// A non-negative decimal of at most six places, up to `max`.
fn amount_value(w: &mut Walk, v: &Json, max: i64) -> Option<Micros> {
    let Json::Number(n) = v else {
        w.report(
            c::WRONG_TYPE,
            json!({ "expected": "number", "actual": type_name(v) }),
        );
        return None;
    };
    match Micros::from_number(n, max) {
        Ok(m) => Some(m),
        Err(AmountError::TooPrecise) => {
            w.report(p::RATE_TOO_PRECISE, json!({ "value": v }));
            None
        }
        Err(AmountError::Negative) => {
            w.report(c::OUT_OF_RANGE, json!({ "value": v, "bound": "at least 0" }));
            None
        }
        Err(AmountError::TooLarge) => {
            let bound = format!("at most {max}");
            w.report(c::OUT_OF_RANGE, json!({ "value": v, "bound": bound }));
            None
        }
    }
}

/// Why a plan's terms cannot be used: the first blocking problem.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Unusable {
    /// Pointer into the configuration.
    pub config_path: String,
    pub reason: String,
}

/// A plan's rates (`None`: the plan has none), read as the configuration
/// check reads them; `plan_index` places the pointers in the configuration.
pub(crate) fn plan_rates(plan: &Plan, plan_index: usize) -> Option<Result<Rates, Unusable>> {
    let v = plan.rates.as_ref()?;
    Some(read_at(plan_index, "rates", v, read_rates).and_then(|r| {
        r.ok_or_else(|| Unusable {
            config_path: pointer!["plans", plan_index, "rates"],
            reason: "no usable rates".into(),
        })
    }))
}

/// A plan's employer contribution (`None`: the employer pays nothing).
pub(crate) fn plan_contribution(plan: &Plan, plan_index: usize) -> Option<Result<Contribution, Unusable>> {
    let v = plan.employer_contribution.as_ref()?;
    Some(read_at(plan_index, "employer_contribution", v, read_contribution))
}

/// Runs `read` on `/plans/{k}/{key}`; the first blocking issue makes it unusable.
fn read_at<T>(k: usize, key: &str, v: &Value, read: fn(&mut Walk, &Obj) -> T) -> Result<T, Unusable> {
    let v = Json::from_value(v);
    let mut w = Walk::default();
    let out = w.at_key("plans", |w| {
        w.at_index(k, |w| w.at_key(key, |w| w.object(&v).map(|m| read(w, m))))
    });
    match (w.issues.into_iter().find(|i| i.severity.blocks()), out) {
        (Some(issue), _) => Err(Unusable {
            reason: issue.message.trim_end_matches('.').to_owned(),
            config_path: issue.path,
        }),
        (None, Some(t)) => Ok(t),
        (None, None) => Err(Unusable {
            config_path: pointer!["plans", k, key],
            reason: "not an object".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(code, path)` of what checking `rates` at `/plans/0/rates` reports.
    fn check(rates: Value) -> Vec<(String, String)> {
        let mut w = Walk::default();
        w.at_key("plans", |w| {
            w.at_index(0, |w| {
                w.at_key("rates", |w| {
                    if let Some(m) = w.object(&Json::from_value(&rates)) {
                        let _ = rates_in_walk(w, m);
                    }
                })
            })
        });
        w.issues.into_iter().map(|i| (i.code, i.path)).collect()
    }

    fn contribution(v: Value) -> Vec<(String, String)> {
        let mut w = Walk::default();
        if let Json::Object(m) = Json::from_value(&v) {
            let _ = contribution_in_walk(&mut w, &m);
        }
        w.issues.into_iter().map(|i| (i.code, i.path)).collect()
    }

    fn found(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(c, p)| ((*c).to_owned(), (*p).to_owned()))
            .collect()
    }

    #[test]
    fn well_formed_rates_pass() {
        let tiers = json!({"calculation_type": "family_unit_based",
            "tiers": {"employee": 30.5, "employee_spouse": 61.0, "employee_children": 55.0, "family": 90.0}});
        assert_eq!(check(tiers), vec![]);
        let banded = json!({"calculation_type": "member_based_volume", "age_bands": [
            {"min_age": 0, "max_age": 29, "rate": 0.052}, {"min_age": 30, "rate": 0.083}]});
        assert_eq!(check(banded), vec![]);
        assert_eq!(
            check(json!({"calculation_type": "member_based", "per_member": 12})),
            vec![]
        );
    }

    #[test]
    fn structural_problems_have_pointers_into_the_configuration() {
        assert_eq!(
            check(json!({"tiers": {"employee": 1}})),
            found(&[("missing_field", "/plans/0/rates/calculation_type")])
        );
        assert_eq!(
            check(json!({"calculation_type": "per_head"})),
            found(&[("unknown_enum_value", "/plans/0/rates/calculation_type")])
        );
        assert_eq!(
            check(json!({"calculation_type": "family_unit_based",
                "tiers": {"employee": "30", "employee_spuse": 61, "family": -1}})),
            found(&[
                ("wrong_type", "/plans/0/rates/tiers/employee"),
                ("unknown_enum_value", "/plans/0/rates/tiers/employee_spuse"),
                ("out_of_range", "/plans/0/rates/tiers/family"),
            ])
        );
        assert_eq!(
            check(json!({"calculation_type": "family_unit_based", "tiers": {"family": 90}})),
            found(&[("missing_field", "/plans/0/rates/tiers/employee")])
        );
        assert_eq!(
            check(json!({"calculation_type": "member_based", "per_member": 1.0000001})),
            found(&[("rate_too_precise", "/plans/0/rates/per_member")])
        );
    }

    #[test]
    fn inconsistent_rates() {
        assert_eq!(
            check(json!({"calculation_type": "member_based"})),
            found(&[("invalid_rates", "/plans/0/rates")])
        );
        assert_eq!(
            check(json!({"calculation_type": "member_based", "per_member": 1, "age_bands": []})),
            found(&[("invalid_rates", "/plans/0/rates")])
        );
        assert_eq!(
            check(json!({"calculation_type": "member_based_volume", "per_1000": 1, "tiers": {}})),
            found(&[("invalid_rates", "/plans/0/rates/tiers")])
        );
        assert_eq!(
            check(json!({"calculation_type": "member_based", "age_bands": []})),
            found(&[("empty_value", "/plans/0/rates/age_bands")])
        );
        let bands = json!({"calculation_type": "member_based", "age_bands": [
            {"min_age": 0, "max_age": 18, "rate": 20},
            {"min_age": 30, "max_age": 20, "rate": 25},
            {"min_age": 18, "rate": 30},
            {"max_age": 99, "rate": 1, "rat": 2}]});
        assert_eq!(
            check(bands),
            found(&[
                ("invalid_rates", "/plans/0/rates/age_bands/1"),
                ("missing_field", "/plans/0/rates/age_bands/3/min_age"),
                ("unknown_field_typo", "/plans/0/rates/age_bands/3/rat"),
                ("invalid_rates", "/plans/0/rates/age_bands/2"),
            ])
        );
    }

    #[test]
    fn employer_contribution() {
        assert_eq!(contribution(json!({"percent": 50})), vec![]);
        assert_eq!(contribution(json!({"percent": 75.5, "amount": 250})), vec![]);
        assert_eq!(
            contribution(json!({})),
            found(&[("invalid_employer_contribution", "")])
        );
        assert_eq!(
            contribution(json!({"percent": 101})),
            found(&[("out_of_range", "/percent")])
        );
        assert_eq!(
            contribution(json!({"amount": "5"})),
            found(&[("wrong_type", "/amount")])
        );
    }

    #[test]
    fn splits() {
        let pct = |p: i64| Contribution {
            percent: Some(Micros(p * 1_000_000)),
            amount: None,
        };
        assert_eq!(pct(50).split(9001), (4501, 4500));
        assert_eq!(pct(50).split(0), (0, 0));
        assert_eq!(Contribution::default().split(9001), (0, 9001));
        let capped = Contribution {
            percent: Some(Micros(80_000_000)),
            amount: Some(Micros(5_000_000)),
        };
        assert_eq!(capped.split(9001), (500, 8501));
    }
}
