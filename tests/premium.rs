//! The financial summary: premiums of a family of four across medical
//! (family-unit tiers), dental (per member, age-banded) and life (per 1000 of
//! volume, age-banded), checked against hand computations to the cent; the
//! employer split, the change versus a previous snapshot, waives and edges.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use enroll_engine::diagnostic::{Layer, CATALOGUE};
use enroll_engine::model::{Date, GroupConfig, RateCalculation, Snapshot};
use enroll_engine::premium::codes::{PREMIUM_CATALOGUE, RATES_CONFIG_CATALOGUE};
use enroll_engine::premium::{premium_summary, Money, PremiumSummary, Tier};
use enroll_engine::validate::{check_config_value, read_structure, DEFAULT_MAX_INPUT_BYTES};
use enroll_engine::{Engine, ValidateOptions};
use serde_json::{json, Value};

const MEDICAL: &str = "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e01";
/// 2026-12-01: Maria 42, Luis 44, Sofia 14, Mateo 19 (his birthday).
const ON: &str = "2026-12-01";

fn group() -> Value {
    fixture_json("premium/group.json")
}

fn family() -> Value {
    fixture_json("premium/family-of-four.json")
}

fn edited(mut doc: Value, edit: impl FnOnce(&mut Value)) -> Value {
    edit(&mut doc);
    doc
}

fn config_of(doc: &Value) -> GroupConfig {
    let (config, check) = check_config_value(doc);
    assert!(check.valid, "{:?}", check.issues);
    config
}

fn snapshot_of(doc: &Value) -> Snapshot {
    // Structural issues (a missing date of birth, say) are validation's to
    // report; the summary prices what was readable.
    read_structure(&doc.to_string(), DEFAULT_MAX_INPUT_BYTES)
        .0
        .unwrap()
}

fn summary_with(config: &Value, doc: &Value, previous: Option<&Value>, on: &str) -> PremiumSummary {
    let previous = previous.map(snapshot_of);
    premium_summary(
        &config_of(config),
        &snapshot_of(doc),
        previous.as_ref(),
        Date::parse(on).unwrap(),
    )
}

fn summary(doc: &Value, previous: Option<&Value>) -> PremiumSummary {
    summary_with(&group(), doc, previous, ON)
}

fn money(monthly_cents: i64, employer_cents: i64, employee_cents: i64) -> Money {
    Money {
        monthly_cents,
        employer_cents,
        employee_cents,
    }
}

/// `(monthly, employer, employee)` of each line.
fn line_amounts(s: &PremiumSummary) -> Vec<(i64, i64, i64)> {
    s.lines
        .iter()
        .map(|l| (l.monthly_cents, l.employer_cents, l.employee_cents))
        .collect()
}

/// Each member's premium on line `i`.
fn member_cents(s: &PremiumSummary, i: usize) -> Vec<Option<i64>> {
    s.lines[i].members.iter().map(|m| m.monthly_cents).collect()
}

/// `(code, path)` of every issue.
fn issues(s: &PremiumSummary) -> Vec<(String, String)> {
    s.issues
        .iter()
        .map(|i| (i.code.clone(), i.path.clone()))
        .collect()
}

#[test]
fn the_fixtures_are_valid_documents() {
    let engine = Engine::from_config_str(&group().to_string()).unwrap();
    assert_eq!(engine.config_issues(), &[]);
    let r = engine.validate_str(&family().to_string(), &ValidateOptions::default());
    assert!(r.valid, "{:?}", r.issues);
}

#[test]
fn family_of_four_across_medical_dental_and_life() {
    let s = summary(&family(), None);
    assert_eq!(s.issues, vec![]);
    assert_eq!(s.on.to_string(), ON);

    // Medical, family_unit_based: employee + spouse + two children = family
    // tier, $1,214.83 → 121483. Employer 75%: 121483 × 0.75 = 91112.25 →
    // 91112; employee 121483 − 91112 = 30371.
    let medical = &s.lines[0];
    assert_eq!(
        (
            medical.line_of_coverage.map(|l| l.as_str()),
            medical.carrier_id.as_deref()
        ),
        (Some("medical"), Some(BEAM))
    );
    assert_eq!(
        (medical.plan_id.as_deref(), medical.plan_name.as_deref()),
        (Some(MEDICAL), Some("Beam PPO 500"))
    );
    assert_eq!(medical.calculation_type, Some(RateCalculation::FamilyUnitBased));
    assert_eq!(medical.tier, Some(Tier::Family));
    assert_eq!(member_cents(&s, 0), vec![None, None, None, None]);

    // Dental, member_based by age band on 2026-12-01:
    //   Maria 42 → 40–64 band $41.87 → 4187
    //   Luis 44  → 40–64 band $41.87 → 4187
    //   Sofia 14 → 0–18 band  $21.40 → 2140
    //   Mateo 19 (born 2007-12-01, 19 today) → 19–39 band $33.15 → 3315
    //   total 4187 + 4187 + 2140 + 3315 = 13829
    // Employer 50%: 6914.5 → 6915 (half away from zero); employee 6914.
    assert_eq!(s.lines[1].carrier_id.as_deref(), Some(GUARDIAN));
    assert_eq!(s.lines[1].calculation_type, Some(RateCalculation::MemberBased));
    assert_eq!(s.lines[1].tier, None);
    assert_eq!(
        s.lines[1].members.iter().map(|m| m.age).collect::<Vec<_>>(),
        vec![Some(42), Some(44), Some(14), Some(19)]
    );
    assert_eq!(
        member_cents(&s, 1),
        vec![Some(4187), Some(4187), Some(2140), Some(3315)]
    );

    // Life, member_based_volume per $1,000, by age band:
    //   Maria 42, $150,000 at $0.153 → 150 × 0.153 = $22.95 → 2295
    //   Luis 44,  $25,000  at $0.153 →  25 × 0.153 = $3.825 → 383 (half up)
    //   Sofia 14, $10,000  at $0.052 →  10 × 0.052 = $0.52  → 52
    //   total 2295 + 383 + 52 = 2730
    // Employer amount $5.00 (no percent): pays 500; employee 2730 − 500 = 2230.
    assert_eq!(s.lines[2].carrier_id.as_deref(), Some(CIGNA));
    assert_eq!(
        s.lines[2].calculation_type,
        Some(RateCalculation::MemberBasedVolume)
    );
    assert_eq!(
        s.lines[2].members.iter().map(|m| m.volume).collect::<Vec<_>>(),
        vec![Some(150000), Some(25000), Some(10000)]
    );
    assert_eq!(member_cents(&s, 2), vec![Some(2295), Some(383), Some(52)]);

    assert_eq!(
        line_amounts(&s),
        vec![(121483, 91112, 30371), (13829, 6915, 6914), (2730, 500, 2230)]
    );
    // Totals: 121483 + 13829 + 2730 = 138042; employer 91112 + 6915 + 500 =
    // 98527; employee 30371 + 6914 + 2230 = 39515 (= 138042 − 98527).
    assert_eq!(s.total, money(138042, 98527, 39515));
    assert_eq!((s.previous_total, s.change), (None, None));
}

#[test]
fn the_summary_serializes_as_documented() {
    let s = summary(&family(), None);
    let v = serde_json::to_value(&s).unwrap();
    assert_eq!(
        v["total"],
        json!({"monthly_cents": 138042, "employer_cents": 98527, "employee_cents": 39515})
    );
    assert_eq!(
        v["lines"][1]["members"][3],
        json!({
            "path": "/coverages/1/enrolled_members/3", "individual_type": "dependent",
            "relationship": "child", "name": "Mateo Rivera", "age": 19, "volume": null,
            "monthly_cents": 3315
        })
    );
    assert_eq!(v["lines"][0]["tier"], json!("family"));
    assert_eq!(v["lines"][0]["calculation_type"], json!("family_unit_based"));
    assert_eq!(
        (v["previous_total"].clone(), v["change"].clone()),
        (Value::Null, Value::Null)
    );
    assert_eq!(v["on"], json!(ON));
}

#[test]
fn change_versus_a_previous_snapshot_with_one_child_fewer() {
    // Previous: Mateo not yet enrolled anywhere.
    let previous = edited(family(), |d| {
        for cov in d["coverages"].as_array_mut().unwrap() {
            cov["enrolled_members"]
                .as_array_mut()
                .unwrap()
                .retain(|m| m["individual_id"] != json!("e1000000-0000-4000-8000-000000000004"));
        }
    });
    let s = summary(&family(), Some(&previous));
    // Previous medical: employee + spouse + Sofia is still the family tier:
    //   121483 / 91112 / 30371 (unchanged).
    // Previous dental: 4187 + 4187 + 2140 = 10514; 50% = 5257 exactly; 5257.
    // Previous life: unchanged, 2730 / 500 / 2230.
    // Previous total 121483 + 10514 + 2730 = 134727; employer 91112 + 5257 +
    // 500 = 96869; employee 30371 + 5257 + 2230 = 37858.
    assert_eq!(s.previous_total, Some(money(134727, 96869, 37858)));
    // Change: Mateo's dental 3315, split 6915 − 5257 = 1658 and 6914 − 5257 = 1657.
    assert_eq!(s.change, Some(money(3315, 1658, 1657)));
    assert_eq!(s.total, money(138042, 98527, 39515));
}

#[test]
fn change_of_tier_when_children_are_added() {
    // Previous: employee and spouse only on medical → employee_spouse
    // $845.10 → 84510; 75% = 63382.5 → 63383; employee 21127.
    let previous = edited(family(), |d| {
        d["coverages"][0]["enrolled_members"]
            .as_array_mut()
            .unwrap()
            .truncate(2);
    });
    let prev = summary(&previous, None);
    assert_eq!(prev.lines[0].tier, Some(Tier::EmployeeSpouse));
    assert_eq!(line_amounts(&prev)[0], (84510, 63383, 21127));
    let s = summary(&family(), Some(&previous));
    // Medical goes 84510 → 121483: +36973; employer 91112 − 63383 = 27729;
    // employee 30371 − 21127 = 9244. Dental and life are unchanged.
    assert_eq!(s.change, Some(money(36973, 27729, 9244)));
}

#[test]
fn waived_and_out_of_force_members_are_not_priced() {
    let doc = edited(family(), |d| {
        // Luis waives dental: end = start − 1 day.
        d["coverages"][1]["enrolled_members"][1]["effective_end_date"] = json!("2025-12-31");
        // Sofia's life coverage ended before the summary date.
        d["coverages"][2]["enrolled_members"][2]["effective_end_date"] = json!("2026-11-30");
        // Mateo's dental starts after it.
        d["coverages"][1]["enrolled_members"][3]["effective_start_date"] = json!("2026-12-02");
    });
    let s = summary(&doc, None);
    assert_eq!(s.issues, vec![]);
    // Dental: Maria 4187 + Sofia 2140 = 6327; 50% = 3163.5 → 3164; 3163.
    assert_eq!(
        s.lines[1]
            .members
            .iter()
            .map(|m| m.path.as_str())
            .collect::<Vec<_>>(),
        vec![
            "/coverages/1/enrolled_members/0",
            "/coverages/1/enrolled_members/2"
        ]
    );
    assert_eq!(line_amounts(&s)[1], (6327, 3164, 3163));
    // Life: 2295 + 383 = 2678; employer 500; employee 2178.
    assert_eq!(line_amounts(&s)[2], (2678, 500, 2178));
    // Medical: everyone is still enrolled there.
    assert_eq!(s.lines[0].tier, Some(Tier::Family));
}

#[test]
fn a_coverage_with_nobody_in_force_has_no_line() {
    let doc = edited(family(), |d| {
        for m in d["coverages"][2]["enrolled_members"].as_array_mut().unwrap() {
            m["effective_end_date"] = json!("2025-12-31");
        }
    });
    let s = summary(&doc, None);
    assert_eq!(
        s.lines.iter().map(|l| l.path.as_str()).collect::<Vec<_>>(),
        vec!["/coverages/0", "/coverages/1"]
    );
}

#[test]
fn age_band_edges_on_the_summary_date() {
    // The day before his birthday Mateo is 18: 0–18 band, $21.40.
    let s = summary_with(&group(), &family(), None, "2026-11-30");
    assert_eq!(s.lines[1].members[3].age, Some(18));
    assert_eq!(s.lines[1].members[3].monthly_cents, Some(2140));
    // On it he is 19: 19–39 band, $33.15 (see the family test).
    let s = summary(&family(), None);
    assert_eq!(s.lines[1].members[3].monthly_cents, Some(3315));
    // An open top band: Maria at 65 (2049-03-14) pays $52.00.
    let s = summary_with(&group(), &family(), None, "2049-03-14");
    assert_eq!(
        (s.lines[1].members[0].age, s.lines[1].members[0].monthly_cents),
        (Some(65), Some(5200))
    );
}

#[test]
fn a_member_outside_every_band_or_without_volume_is_reported() {
    let config = edited(group(), |g| {
        // Dental bands start at 18: Sofia (14) falls in none.
        g["plans"][1]["rates"]["age_bands"][0]["min_age"] = json!(18);
    });
    let doc = edited(family(), |d| {
        d["coverages"][2]["enrolled_members"][1]
            .as_object_mut()
            .unwrap()
            .remove("volume");
    });
    let s = summary_with(&config, &doc, None, ON);
    assert_eq!(
        issues(&s),
        vec![
            (
                "premium_no_age_band".into(),
                "/coverages/1/enrolled_members/2".into()
            ),
            (
                "premium_volume_missing".into(),
                "/coverages/2/enrolled_members/1".into()
            ),
        ]
    );
    assert_eq!(
        s.issues[0].message,
        "Sofia Rivera, aged 14, falls in none of plan Guardian Dental Plus's age bands."
    );
    assert_eq!(s.issues[0].params["age"], json!(14));
    assert_eq!(s.issues[0].line_of_coverage.map(|l| l.as_str()), Some("dental"));
    assert!(s.issues.iter().all(|i| i.carrier_ids.is_empty()));
    // Unpriced members count 0: dental 4187 + 4187 + 3315 = 11689 (50%:
    // 5844.5 → 5845, 5844); life 2295 + 52 = 2347.
    assert_eq!(
        member_cents(&s, 1),
        vec![Some(4187), Some(4187), None, Some(3315)]
    );
    assert_eq!(line_amounts(&s)[1..], [(11689, 5845, 5844), (2347, 500, 1847)]);
}

#[test]
fn a_member_without_date_of_birth_cannot_be_age_banded() {
    let doc = edited(family(), |d| {
        d["dependents"][1]["person"]
            .as_object_mut()
            .unwrap()
            .remove("date_of_birth");
    });
    let s = summary(&doc, None);
    assert_eq!(
        issues(&s),
        vec![
            (
                "premium_age_unknown".into(),
                "/coverages/1/enrolled_members/2".into()
            ),
            (
                "premium_age_unknown".into(),
                "/coverages/2/enrolled_members/2".into()
            ),
        ]
    );
    // Medical is family-unit: no age needed, still priced.
    assert_eq!(line_amounts(&s)[0], (121483, 91112, 30371));
}

#[test]
fn a_plan_without_rates_or_unknown_is_reported_at_its_coverage() {
    let config = edited(group(), |g| {
        g["plans"][1].as_object_mut().unwrap().remove("rates");
    });
    let doc = edited(family(), |d| {
        d["coverages"][2]["plan_id"] = json!("7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9eff");
    });
    let s = summary_with(&config, &doc, None, ON);
    assert_eq!(
        issues(&s),
        vec![
            ("premium_rates_missing".into(), "/coverages/1".into()),
            ("premium_plan_unknown".into(), "/coverages/2".into()),
        ]
    );
    assert_eq!(
        s.issues[0].message,
        "No premium for plan Guardian Dental Plus: the plan has no rates."
    );
    assert_eq!(
        s.issues[1].message,
        "No premium for this life coverage: its plan is not one of the group's plans."
    );
    assert_eq!(
        line_amounts(&s),
        vec![(121483, 91112, 30371), (0, 0, 0), (0, 0, 0)]
    );
    assert_eq!(
        (s.lines[1].calculation_type, s.lines[2].calculation_type),
        (None, None)
    );
    assert_eq!(s.lines[1].members.len(), 4);
    assert_eq!(s.total, money(121483, 91112, 30371));
}

#[test]
fn unusable_rates_point_into_the_configuration() {
    let config = edited(group(), |g| {
        g["plans"][1]["rates"] =
            json!({"calculation_type": "member_based", "per_member": 12.5, "age_bands": []});
        g["plans"][2]["employer_contribution"] = json!({"percent": 50.0000001});
    });
    let s = premium_summary(
        &serde_json::from_value(config).unwrap(),
        &snapshot_of(&family()),
        None,
        Date::parse(ON).unwrap(),
    );
    assert_eq!(
        issues(&s),
        vec![
            ("premium_rates_invalid".into(), "/coverages/1".into()),
            ("premium_rates_invalid".into(), "/coverages/2".into()),
        ]
    );
    assert_eq!(s.issues[0].params["config_path"], json!("/plans/1/rates"));
    assert_eq!(
        s.issues[0].message,
        "Plan Guardian Dental Plus's rates cannot be used (The plan's rates are inconsistent: give per_member or age_bands, not both)."
    );
    assert_eq!(
        s.issues[1].params["config_path"],
        json!("/plans/2/employer_contribution/percent")
    );
    assert_eq!(s.issues[1].params["field"], json!("employer_contribution"));
    // Unusable contribution: the employee pays the whole life premium.
    assert_eq!(
        line_amounts(&s),
        vec![(121483, 91112, 30371), (0, 0, 0), (2730, 0, 2730)]
    );
}

/// The tier charged for the employee plus the given dependents on medical.
fn tier_of(tiers: Value, relationships: &[&str]) -> (Option<Tier>, i64, Vec<String>) {
    let config = edited(group(), |g| g["plans"][0]["rates"]["tiers"] = tiers);
    let doc = edited(family(), |d| {
        for (k, r) in relationships.iter().enumerate() {
            d["dependents"][k]["relationship"] = json!(r);
        }
        d["coverages"][0]["enrolled_members"]
            .as_array_mut()
            .unwrap()
            .truncate(1 + relationships.len());
    });
    let s = summary_with(&config, &doc, None, ON);
    let codes = s.issues.iter().map(|i| i.code.clone()).collect();
    (s.lines[0].tier, s.lines[0].monthly_cents, codes)
}

#[test]
fn tiers_from_who_is_enrolled_with_fallbacks() {
    let four = || json!({"employee": 100, "employee_spouse": 200, "employee_children": 180, "family": 300});
    let three = || json!({"employee": 100, "employee_plus_one": 190, "family": 300});
    let two = || json!({"employee": 100, "family": 300});
    let t = |tier, cents| (Some(tier), cents, vec![]);
    assert_eq!(tier_of(four(), &[]), t(Tier::Employee, 10000));
    assert_eq!(tier_of(four(), &["spouse"]), t(Tier::EmployeeSpouse, 20000));
    assert_eq!(
        tier_of(four(), &["domestic-partner"]),
        t(Tier::EmployeeSpouse, 20000)
    );
    assert_eq!(tier_of(four(), &["civil-union"]), t(Tier::EmployeeSpouse, 20000));
    assert_eq!(tier_of(four(), &["child"]), t(Tier::EmployeeChildren, 18000));
    assert_eq!(
        tier_of(four(), &["step-child", "grandchild"]),
        t(Tier::EmployeeChildren, 18000)
    );
    assert_eq!(
        tier_of(four(), &["domestic-partner", "adopted-child"]),
        t(Tier::Family, 30000)
    );
    // Three tiers: one dependent of any kind is employee + 1, two are family.
    assert_eq!(tier_of(three(), &["spouse"]), t(Tier::EmployeePlusOne, 19000));
    assert_eq!(tier_of(three(), &["child"]), t(Tier::EmployeePlusOne, 19000));
    assert_eq!(tier_of(three(), &["child", "child"]), t(Tier::Family, 30000));
    assert_eq!(tier_of(three(), &["spouse", "child"]), t(Tier::Family, 30000));
    // Two tiers: any dependent is family.
    assert_eq!(tier_of(two(), &["spouse"]), t(Tier::Family, 30000));
    assert_eq!(tier_of(two(), &[]), t(Tier::Employee, 10000));
    // Employee-only plan with a spouse enrolled: no tier applies.
    let (tier, cents, codes) = tier_of(json!({"employee": 100}), &["spouse"]);
    assert_eq!(
        (tier, cents, codes),
        (None, 0, vec!["premium_tier_missing".to_owned()])
    );
}

#[test]
fn family_unit_without_the_employee_is_not_priced() {
    let doc = edited(family(), |d| {
        d["coverages"][0]["enrolled_members"][0]["effective_end_date"] = json!("2025-12-31");
    });
    let s = summary(&doc, None);
    assert_eq!(
        issues(&s),
        vec![("premium_employee_not_enrolled".into(), "/coverages/0".into())]
    );
    assert_eq!(line_amounts(&s)[0], (0, 0, 0));
}

#[test]
fn an_unknown_member_is_reported_and_not_counted() {
    let doc = edited(family(), |d| {
        d["coverages"][0]["enrolled_members"][3]["individual_id"] =
            json!("e1000000-0000-4000-8000-0000000000ff");
        d["coverages"][1]["enrolled_members"][3]["individual_id"] =
            json!("e1000000-0000-4000-8000-0000000000ff");
    });
    let s = summary(&doc, None);
    assert_eq!(
        issues(&s),
        vec![
            (
                "premium_member_unknown".into(),
                "/coverages/0/enrolled_members/3".into()
            ),
            (
                "premium_member_unknown".into(),
                "/coverages/1/enrolled_members/3".into()
            ),
        ]
    );
    // Medical stays family (spouse + Sofia); dental drops Mateo: 10514.
    assert_eq!(s.lines[0].tier, Some(Tier::Family));
    assert_eq!(line_amounts(&s)[1], (10514, 5257, 5257));
    assert_eq!(s.lines[1].members[3].name, None);
}

#[test]
fn employer_percent_and_amount_splits() {
    let split = |contribution: Value| {
        let config = edited(group(), |g| g["plans"][1]["employer_contribution"] = contribution);
        line_amounts(&summary_with(&config, &family(), None, ON))[1]
    };
    // Dental total 13829.
    assert_eq!(split(json!({"percent": 50})), (13829, 6915, 6914));
    // 33.3%: 13829 × 0.333 = 4605.057 → 4605.
    assert_eq!(split(json!({"percent": 33.3})), (13829, 4605, 9224));
    // 12.5%: 1728.625 → 1729.
    assert_eq!(split(json!({"percent": 12.5})), (13829, 1729, 12100));
    // 80% capped at $100: 11063.2 → 11063, capped to 10000.
    assert_eq!(split(json!({"percent": 80, "amount": 100})), (13829, 10000, 3829));
    // 80% under a $200 cap stays 11063.
    assert_eq!(split(json!({"percent": 80, "amount": 200})), (13829, 11063, 2766));
    // An amount above the premium pays the premium.
    assert_eq!(split(json!({"amount": 500})), (13829, 13829, 0));
    assert_eq!(split(json!({"percent": 100})), (13829, 13829, 0));
    assert_eq!(split(json!({"percent": 0})), (13829, 0, 13829));
    // No contribution: the employee pays everything.
    let config = edited(group(), |g| {
        g["plans"][1]
            .as_object_mut()
            .unwrap()
            .remove("employer_contribution");
    });
    assert_eq!(
        line_amounts(&summary_with(&config, &family(), None, ON))[1],
        (13829, 0, 13829)
    );
}

#[test]
fn flat_rates_and_exact_decimals() {
    let config = edited(group(), |g| {
        g["plans"][1]["rates"] = json!({"calculation_type": "member_based", "per_member": 0.1});
        g["plans"][2]["rates"] = json!({"calculation_type": "member_based_volume", "per_1000": 0.29});
    });
    let s = summary_with(&config, &family(), None, ON);
    // 0.1 is exactly 10 cents (no binary-float drift): 4 × 10 = 40.
    assert_eq!(member_cents(&s, 1), vec![Some(10); 4]);
    // $0.29 per 1000: 150 × 0.29 = 43.50; 25 × 0.29 = 7.25; 10 × 0.29 = 2.90;
    // 4350 + 725 + 290 = 5365, employer $5.00, employee 4865.
    assert_eq!(member_cents(&s, 2), vec![Some(4350), Some(725), Some(290)]);
    assert_eq!(line_amounts(&s)[1..], [(40, 20, 20), (5365, 500, 4865)]);
}

#[test]
fn plan_by_name_when_the_coverage_has_no_plan_id() {
    let doc = edited(family(), |d| {
        let cov = d["coverages"][1].as_object_mut().unwrap();
        cov.remove("plan_id");
        cov.insert("plan_name".into(), json!("Guardian Dental Plus"));
    });
    let s = summary(&doc, None);
    assert_eq!(s.issues, vec![]);
    assert_eq!(
        s.lines[1].plan_id.as_deref(),
        Some("7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e02")
    );
    assert_eq!(line_amounts(&s)[1], (13829, 6915, 6914));
}

#[test]
fn the_catalogues_are_well_formed() {
    let mut codes: Vec<&str> = PREMIUM_CATALOGUE
        .iter()
        .chain(RATES_CONFIG_CATALOGUE)
        .map(|r| r.code)
        .collect();
    assert!(PREMIUM_CATALOGUE
        .iter()
        .all(|r| r.layer == Layer::Premium && r.code.starts_with("premium_")));
    assert!(RATES_CONFIG_CATALOGUE.iter().all(|r| r.layer == Layer::Config));
    let all = codes.len();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), all);
    // No clash with the validation catalogue.
    assert!(codes.iter().all(|c| !CATALOGUE.iter().any(|r| r.code == *c)));
}

/// A member's name is copied into every line they are priced in, a plan's
/// name into every line of its plan: both are quoted like every label (64
/// characters and `…`), so a name a megabyte long in 200 coverages does not
/// make 200 MB of summary (it had: 100 × the input, and a trap in wasm).
#[test]
fn names_in_lines_are_quoted_so_the_summary_stays_bounded_by_its_input() {
    let long = "Ñ".repeat(300_000);
    let quoted = format!("{}…", "Ñ".repeat(64));
    let doc = edited(family(), |d| {
        d["employee"]["person"]["first_name"] = json!(long);
        let first = d["coverages"][0].clone();
        d["coverages"] = json!(vec![first; 200]);
    });
    let config = edited(group(), |g| g["plans"][0]["name"] = json!(format!("Plan {long}")));
    let s = summary_with(&config, &doc, None, ON);
    assert_eq!(s.lines.len(), 200);
    let employee = |l: &enroll_engine::premium::PremiumLine| l.members[0].name.clone();
    assert!(s.lines.iter().all(|l| employee(l) == Some(quoted.clone())));
    let plan = format!("Plan {}…", "Ñ".repeat(59));
    assert!(s
        .lines
        .iter()
        .all(|l| l.plan_name.as_deref() == Some(plan.as_str())));
    let out = serde_json::to_string(&s).unwrap();
    assert!(
        out.len() < doc.to_string().len() / 2,
        "{} bytes of summary",
        out.len()
    );
    // A name under 64 characters is written whole, as before.
    let s = summary(&family(), None);
    assert_eq!(s.lines[0].members[0].name.as_deref(), Some("Maria Rivera"));
}

/// Scenario 04 (termination, last day of coverage 2026-03-31): the preview
/// prices the month the termination takes effect, April — on March 31 the
/// coverage is still in force and the premium would not change (review 24c #2).
#[test]
fn a_termination_is_priced_from_the_day_after_the_last_day_of_coverage() {
    let engine = enroll_engine::Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap();
    let s = fixture_json("scenarios/04-termination.json");
    let opts = enroll_engine::preview::PreviewOptions {
        now: enroll_engine::model::Timestamp::parse(s["now"].as_str().unwrap()).unwrap(),
    };
    let p = engine.preview_str(Some(&s["previous"].to_string()), &s["current"].to_string(), &opts);
    let t: Vec<_> = p
        .transactions
        .iter()
        .map(|t| (t.transaction_type, t.effective_date))
        .collect();
    assert!(
        t.iter()
            .all(|(_, e)| e.map(|d| d.to_string()).as_deref() == Some("2026-03-31")),
        "{t:?}"
    );
    let premium = p.premium.unwrap();
    assert_eq!(premium.on.to_string(), "2026-04-01");
    let previous = premium.previous_total.unwrap();
    assert!(previous.monthly_cents > 0);
    assert_eq!(premium.total.monthly_cents, 0);
    assert_eq!(premium.change.unwrap().monthly_cents, -previous.monthly_cents);
}

/// An end date moved later (an extension) or removed (a reinstatement): the
/// first day covered in one snapshot and not the other is the day after the
/// old end, and the premium is that month's (review 24e #3).
#[test]
fn an_extended_or_reinstated_coverage_is_priced_from_the_day_after_its_old_end() {
    let engine = enroll_engine::Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap();
    let mut prev = fixture_json("three-carriers-snapshot.json");
    prev["coverages"][0]["enrolled_members"][2]["effective_end_date"] = json!("2026-03-31");
    let opts = enroll_engine::preview::PreviewOptions {
        now: enroll_engine::model::Timestamp::parse("2026-03-10T12:00:00Z").unwrap(),
    };
    for end in ["2026-06-30", "9999-12-31"] {
        let mut cur = prev.clone();
        cur["coverages"][0]["enrolled_members"][2]["effective_end_date"] = json!(end);
        let p = engine.preview_str(Some(&prev.to_string()), &cur.to_string(), &opts);
        let premium = p.premium.unwrap();
        assert_eq!(premium.on.to_string(), "2026-04-01", "{end}");
        assert!(
            premium.change.unwrap().monthly_cents > 0,
            "{end}: {:?}",
            premium.change
        );
    }
}

/// A typo in one plan id leaves that line unpriced (counted as 0): the
/// change is then not known, rather than the premium "falling" by that
/// plan's price (user review 25d) — either way round, and for a member
/// that cannot be priced too.
#[test]
fn no_change_is_reported_against_a_partly_priced_snapshot() {
    let typo = edited(family(), |d| {
        d["coverages"][1]["plan_id"] = json!("7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e99");
    });
    let s = summary(&typo, Some(&family()));
    assert_eq!(
        issues(&s),
        [("premium_plan_unknown".to_owned(), "/coverages/1".to_owned())]
    );
    assert_eq!(s.previous_total, Some(money(138042, 98527, 39515)));
    assert_eq!(s.total.monthly_cents, 138042 - 13829);
    assert_eq!(s.change, None);
    let s = summary(&family(), Some(&typo));
    assert_eq!((s.total, s.change), (money(138042, 98527, 39515), None));
    let undated = edited(family(), |d| {
        d["dependents"][0]["person"]
            .as_object_mut()
            .unwrap()
            .remove("date_of_birth");
    });
    assert_eq!(summary(&undated, Some(&family())).change, None);
    // Both priced whole: the change is the difference, 0 here.
    assert_eq!(summary(&family(), Some(&family())).change, Some(money(0, 0, 0)));
}
