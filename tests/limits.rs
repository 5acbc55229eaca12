//! Bounded results (docs/api.md, Limits): at most 1000 issues per call with a
//! final `too_many_issues`, input text quoted to 64 characters, feed rules
//! bounded in the configuration check.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use enroll_engine::validate::limits::{quote, MAX_ISSUES};
use enroll_engine::validate::{check_config_value, Issue};
use enroll_engine::{Engine, ErrorCode, Severity};
use serde_json::{json, Value};

const CARRIER: &str = "4d4d815b-ae8f-430c-901f-1c9d5ee3f4f1";
const PLAN: &str = "4bf04f73-0aad-48ac-b28a-e5f4def7c5e9";

fn last(issues: &[Issue]) -> &Issue {
    issues.last().unwrap()
}

#[test]
fn many_issues_are_capped_at_1000_with_a_final_too_many_issues() {
    let engine = example_engine();
    let mut doc = example_snapshot();
    doc["events"] = json!([]);
    let base = validate(&engine, &doc).issues.len();
    doc["events"] = json!(vec![1; 5000]);
    let r = validate(&engine, &doc);
    assert_eq!(r.issues.len(), MAX_ISSUES);
    assert!(!r.valid);
    assert_eq!(r.carriers.len(), 1);
    assert!(r.carriers[0].blocked);
    // The first 999 in their usual order: the structural ones, by index.
    assert!(r.issues[..999]
        .iter()
        .enumerate()
        .all(|(k, i)| i.code == "wrong_type" && i.path == format!("/events/{k}")));
    let t = last(&r.issues);
    assert_eq!(t.code, "too_many_issues");
    assert_eq!(t.path, "");
    assert_eq!(t.severity, Severity::Error);
    assert_eq!(t.carrier_ids, [CARRIER]);
    // 5000 wrong types, plus what the example itself has (its rules ran too).
    let omitted = 5000 - 999 + base;
    assert_eq!(
        Value::Object(t.params.clone()),
        json!({"omitted": omitted, "limit": 1000})
    );
    assert_eq!(
        t.message,
        format!("{omitted} more issues were found and left out: at most 1000 are returned per call.")
    );
}

#[test]
fn validity_and_blocking_count_the_issues_left_out() {
    // 1200 warnings (coverages enrolling no one), then one error at the end
    // of the rules (an event id naming no event): the error is left out.
    let engine = example_engine();
    let mut doc = example_snapshot();
    let empty = json!({"plan_id": PLAN, "carrier_id": CARRIER, "line_of_coverage": "medical", "enrolled_members": []});
    doc["coverages"] = json!(vec![empty; 1200]);
    doc["employee"]["event_id"] = json!("no-such-event");
    let r = validate(&engine, &doc);
    assert_eq!(r.issues.len(), MAX_ISSUES);
    // The example's two placeholder SSNs, then the empty coverages.
    assert!(r.issues[..2].iter().all(|i| i.code == "ssn_placeholder"));
    assert!(r.issues[2..999]
        .iter()
        .all(|i| i.code == "coverage_without_members" && i.severity == Severity::Warning));
    assert!(!r.valid, "the error left out still makes the snapshot invalid");
    assert!(r.carriers[0].blocked);
    let t = last(&r.issues);
    assert_eq!(t.code, "too_many_issues");
    assert_eq!(t.severity, Severity::Error);
    assert_eq!(t.carrier_ids, [CARRIER]);
    assert_eq!(t.params["omitted"], json!(2 + 1200 + 1 - 999));

    // Warnings only: valid, nothing blocked, the final issue a warning naming no carrier.
    doc["employee"].as_object_mut().unwrap().remove("event_id");
    let r = validate(&engine, &doc);
    assert!(r.valid);
    assert!(!r.carriers[0].blocked);
    let t = last(&r.issues);
    assert_eq!(
        (t.code.as_str(), t.severity),
        ("too_many_issues", Severity::Warning)
    );
    assert!(t.carrier_ids.is_empty());
    assert_eq!(t.params["omitted"], json!(2 + 1200 - 999));
}

#[test]
fn at_most_1000_issues_are_returned_unchanged() {
    let engine = example_engine();
    let mut doc = example_snapshot();
    doc["events"] = json!([]);
    let base = validate(&engine, &doc).issues.len();
    doc["events"] = json!(vec![1; 1000 - base]);
    let r = validate(&engine, &doc);
    assert_eq!(r.issues.len(), 1000);
    assert!(r.issues.iter().all(|i| i.code != "too_many_issues"));
}

#[test]
fn a_name_is_quoted_to_64_characters_in_every_issue() {
    let engine = example_engine();
    let mut doc = example_snapshot();
    let long = "Ñ".repeat(100_000);
    doc["employee"]["person"]["first_name"] = json!(long);
    // Waive each enrollment of the employee: each issue names them.
    for cov in doc["coverages"].as_array_mut().unwrap() {
        let m = &mut cov["enrolled_members"][0];
        m["effective_start_date"] = json!("2022-01-02");
        m["effective_end_date"] = json!("2022-01-01");
    }
    let r = validate(&engine, &doc);
    let quoted = format!("{}…", "Ñ".repeat(64));
    let waived: Vec<&Issue> = r
        .issues
        .iter()
        .filter(|i| i.code == "coverage_waived" && i.params["name"] == json!(quoted))
        .collect();
    assert_eq!(waived.len(), 3);
    for i in waived {
        assert_eq!(i.params["name"], json!(quoted));
        assert_eq!(
            i.message,
            format!("{quoted} waives or cancels this coverage (ends 2022-01-01, the day before it starts).")
        );
    }
    let out = serde_json::to_string(&r).unwrap();
    assert!(out.len() < 20_000, "{} bytes", out.len());
}

#[test]
fn every_quoted_input_value_is_cut() {
    let engine = example_engine();
    let mut doc = example_snapshot();
    let long = format!("{}x", "9".repeat(70));
    doc["coverages"][0]["carrier_id"] = json!(long);
    doc["dependents"][0]["relationship"] = json!(long);
    let r = validate(&engine, &doc);
    for (code, path) in [
        ("invalid_uuid", "/coverages/0/carrier_id"),
        ("unknown_enum_value", "/dependents/0/relationship"),
    ] {
        let i = r
            .issues
            .iter()
            .find(|i| i.code == code && i.path == path)
            .unwrap_or_else(|| panic!("no {code} at {path}: {:#?}", found_all(&r)));
        assert_eq!(i.params["value"], json!(quote(&long)));
        // 64 characters, then `…`: a cut through a run of ten digits or
        // more keeps them (no SSN is part of such a run; `cut_tail`).
        assert_eq!(quote(&long), format!("{}…", "9".repeat(64)));
        assert!(!i.message.contains(&long));
    }
}

fn config_with_rrule(rule: &str) -> Value {
    json!({"group_id": "g", "carriers": [{"id": CARRIER, "mode": "send", "feed": {"rrule": rule}}]})
}

fn config_issue(config: &Value) -> (String, String, Value) {
    let (_, check) = check_config_value(config);
    assert_eq!(check.issues.len(), 1, "{:#?}", check.issues);
    let i = &check.issues[0];
    (i.code.clone(), i.path.clone(), Value::Object(i.params.clone()))
}

#[test]
fn feed_rules_with_duplicates_out_of_range_values_or_long_lists_are_refused() {
    let path = "/carriers/0/feed/rrule";
    let cases = [
        (
            "FREQ=DAILY;BYHOUR=1,2,1",
            "rrule_duplicate_value",
            json!({"part": "BYHOUR", "value": "1"}),
        ),
        (
            "FREQ=DAILY;BYMINUTE=0,00",
            "rrule_duplicate_value",
            json!({"part": "BYMINUTE", "value": "00"}),
        ),
        (
            "FREQ=WEEKLY;BYDAY=MO,TU,MO",
            "rrule_duplicate_value",
            json!({"part": "BYDAY", "value": "MO"}),
        ),
        (
            "FREQ=DAILY;BYHOUR=24",
            "rrule_value_out_of_range",
            json!({"part": "BYHOUR", "value": "24", "min": 0, "max": 23}),
        ),
        (
            "FREQ=DAILY;BYSECOND=60",
            "rrule_value_out_of_range",
            json!({"part": "BYSECOND", "value": "60", "min": 0, "max": 59}),
        ),
        (
            "FREQ=MONTHLY;BYMONTHDAY=-32",
            "rrule_value_out_of_range",
            json!({"part": "BYMONTHDAY", "value": "-32", "min": -31, "max": 31}),
        ),
        (
            "FREQ=MONTHLY;BYMONTHDAY=0",
            "rrule_value_out_of_range",
            json!({"part": "BYMONTHDAY", "value": "0", "min": -31, "max": 31}),
        ),
    ];
    for (rule, code, params) in cases {
        assert_eq!(
            config_issue(&config_with_rrule(rule)),
            (code.to_owned(), path.to_owned(), params),
            "{rule}"
        );
    }
    // A list longer than its distinct values is refused before it is read.
    let hours = vec!["1"; 100_000].join(",");
    let (code, p, params) = config_issue(&config_with_rrule(&format!("FREQ=DAILY;BYHOUR={hours}")));
    assert_eq!((code.as_str(), p.as_str()), ("rrule_list_too_long", path));
    assert_eq!(params, json!({"part": "BYHOUR", "count": 100_000, "limit": 24}));
    let days = vec!["MO"; 78].join(",");
    let (code, _, params) = config_issue(&config_with_rrule(&format!("FREQ=WEEKLY;BYDAY={days}")));
    assert_eq!(code, "rrule_list_too_long");
    assert_eq!(params, json!({"part": "BYDAY", "count": 78, "limit": 77}));
    // Every hour, minute and second once each: the largest rule, accepted.
    let all = |n: u32| (0..n).map(|v| v.to_string()).collect::<Vec<_>>().join(",");
    let rule = format!(
        "FREQ=DAILY;BYHOUR={};BYMINUTE={};BYSECOND={}",
        all(24),
        all(60),
        all(60)
    );
    assert!(check_config_value(&config_with_rrule(&rule)).1.valid);
}

#[test]
fn feed_rule_syntax_is_strict() {
    let invalid = |rule: &str| {
        let (code, _, params) = config_issue(&config_with_rrule(rule));
        assert_eq!(code, "invalid_rrule", "{rule}");
        params["reason"].as_str().unwrap().to_owned()
    };
    assert_eq!(
        invalid("FREQ=DAILY;UNTIL=20261231XXXXXXXX"),
        "UNTIL=20261231XXXXXXXX is not YYYYMMDD[THHMMSSZ]"
    );
    for bad in [
        "FREQ=DAILY;UNTIL=20261231T000000",
        "FREQ=DAILY;UNTIL=20261231T240000Z",
        "FREQ=DAILY;UNTIL=2026123",
        "FREQ=DAILY;UNTIL=+0261231",
        "FREQ=DAILY;BYHOUR=+5",
        "FREQ=DAILY;BYHOUR= 5",
        "FREQ=DAILY;BYHOUR=005",
        "FREQ=DAILY;BYHOUR=",
        "FREQ=DAILY;INTERVAL=+2",
        "FREQ=MONTHLY;BYDAY=+-1MO",
    ] {
        invalid(bad);
    }
    for good in [
        "FREQ=DAILY;UNTIL=20261231",
        "FREQ=DAILY;UNTIL=20261231T235959Z",
        "FREQ=MONTHLY;BYMONTHDAY=+5,-1",
        "FREQ=MONTHLY;BYDAY=+1MO,-1FR",
    ] {
        assert!(check_config_value(&config_with_rrule(good)).1.valid, "{good}");
    }
    // The reason quotes at most 64 characters of the rule.
    let junk = "Z".repeat(10_000);
    assert_eq!(
        invalid(&format!("FREQ=DAILY;{junk}")),
        format!("\"{}…\" is not NAME=VALUE", "Z".repeat(64))
    );
}

#[test]
fn config_checks_are_capped_and_duplicates_found_by_hashing() {
    let n = 3000;
    let carriers: Vec<Value> = (0..n)
        .map(|k| json!({"id": format!("00000000-0000-4000-8000-{:012x}", k % 1000)}))
        .collect();
    let config = json!({"group_id": "g", "carriers": carriers});
    let (_, check) = check_config_value(&config);
    assert!(!check.valid);
    assert_eq!(check.issues.len(), MAX_ISSUES);
    assert_eq!(check.issues[0].code, "too_many_carriers");
    assert_eq!(check.issues[1].code, "duplicate_id");
    assert_eq!(check.issues[1].path, "/carriers/1000/id");
    let t = last(&check.issues);
    assert_eq!(
        (t.code.as_str(), t.severity),
        ("too_many_issues", Severity::Error)
    );
    assert_eq!(t.params["omitted"], json!(2001 - 999));
    let err = Engine::from_config_value(&config).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidConfig);
    assert_eq!(err.issues.len(), MAX_ISSUES);
}

#[test]
fn a_configuration_lists_at_most_a_thousand_carriers() {
    // Past 1,000 the configuration is refused (review 26c #2: at 55,000
    // carriers a `{}` snapshot's preview was 43 MB, one errors copy per
    // carrier, and every call paid for the carriers).
    let config = |n: usize| {
        let carriers: Vec<Value> = (0..n)
            .map(|k| json!({"id": format!("00000000-0000-4000-8000-{k:012x}"), "mode": "sync"}))
            .collect();
        json!({"group_id": "g", "carriers": carriers})
    };
    let (_, at_limit) = check_config_value(&config(1000));
    assert!(at_limit.valid, "{:?}", at_limit.issues);
    assert!(at_limit.issues.is_empty());
    let (_, over) = check_config_value(&config(1001));
    assert!(!over.valid);
    assert_eq!(over.issues.len(), 1);
    let i = &over.issues[0];
    assert_eq!(
        (i.code.as_str(), i.severity, i.path.as_str()),
        ("too_many_carriers", Severity::Error, "/carriers")
    );
    assert_eq!(
        Value::Object(i.params.clone()),
        json!({"count": 1001, "limit": 1000})
    );
    let err = Engine::from_config_value(&config(1001)).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidConfig);
    assert_eq!(err.issues[0].code, "too_many_carriers");
}

#[test]
fn duplicate_plan_names_name_the_first_twin() {
    let plan = |id: u32, name: &str| {
        json!({"id": format!("00000000-0000-4000-8000-{id:012x}"), "name": name,
            "carrier_id": CARRIER, "line_of_coverage": "medical"})
    };
    let config = json!({"group_id": "g", "carriers": [{"id": CARRIER}],
        "plans": [plan(1, "A"), plan(2, "B"), plan(3, "A"), plan(4, "A")]});
    let (_, check) = check_config_value(&config);
    let found: Vec<(&str, &str, &Value)> = check
        .issues
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str(), &i.params["other"]))
        .collect();
    let first = json!("00000000-0000-4000-8000-000000000001");
    assert_eq!(
        found,
        [
            ("duplicate_plan_name", "/plans/2/name", &first),
            ("duplicate_plan_name", "/plans/3/name", &first)
        ]
    );
}

fn rates_issues(rates: Value, contribution: Option<Value>) -> Vec<(String, String, Value)> {
    let mut plan = json!({"id": PLAN, "carrier_id": CARRIER, "line_of_coverage": "life", "rates": rates});
    if let Some(c) = contribution {
        plan["employer_contribution"] = c;
    }
    let config = json!({"group_id": "g", "carriers": [{"id": CARRIER}], "plans": [plan]});
    check_config_value(&config)
        .1
        .issues
        .iter()
        .map(|i| (i.code.clone(), i.path.clone(), i.params["bound"].clone()))
        .collect()
}

#[test]
fn rates_are_bounded_so_every_cents_figure_is_exact_in_javascript() {
    let at_most = |n: u32| json!(format!("at most {n}"));
    let out = |path: &str, n: u32| vec![("out_of_range".to_owned(), path.to_owned(), at_most(n))];
    let member = |v: Value| json!({"calculation_type": "member_based", "per_member": v});
    let volume = |v: Value| json!({"calculation_type": "member_based_volume", "per_1000": v});
    assert_eq!(rates_issues(member(json!(100000)), None), []);
    assert_eq!(
        rates_issues(member(json!(100000.01)), None),
        out("/plans/0/rates/per_member", 100000)
    );
    assert_eq!(rates_issues(volume(json!(100)), None), []);
    assert_eq!(
        rates_issues(volume(json!(100.000001)), None),
        out("/plans/0/rates/per_1000", 100)
    );
    let banded =
        json!({"calculation_type": "member_based_volume", "age_bands": [{"min_age": 0, "rate": 101}]});
    assert_eq!(
        rates_issues(banded, None),
        out("/plans/0/rates/age_bands/0/rate", 100)
    );
    let tiers = json!({"calculation_type": "family_unit_based", "tiers": {"employee": 100001}});
    assert_eq!(
        rates_issues(tiers, None),
        out("/plans/0/rates/tiers/employee", 100000)
    );
    assert_eq!(
        rates_issues(member(json!(1)), Some(json!({"amount": 100000.5}))),
        out("/plans/0/employer_contribution/amount", 100000)
    );
}

#[test]
fn premium_totals_stop_before_2_pow_53_and_still_add_up() {
    use enroll_engine::model::{Coverage, Date, Employee, EnrolledMember, IndividualType, Snapshot};
    use enroll_engine::premium::premium_summary;
    const MAX_SAFE: i64 = 9_007_199_254_740_991;
    // The largest premium a member can have: the highest per-1000 rate on
    // the largest int32 volume, $214,748,364.70 a month.
    let rates = json!({"calculation_type": "member_based_volume", "per_1000": 100});
    let plan = json!({"id": PLAN, "carrier_id": CARRIER, "line_of_coverage": "life", "rates": rates});
    let (config, check) =
        check_config_value(&json!({"group_id": "g", "carriers": [{"id": CARRIER}], "plans": [plan]}));
    assert!(check.valid);
    let start = Date::parse("2026-01-01").unwrap();
    let member = EnrolledMember {
        individual_type: Some(IndividualType::Employee),
        effective_start_date: Some(start),
        volume: Some(i32::MAX),
        ..EnrolledMember::default()
    };
    let per_member: i64 = 21_474_836_470;
    let fit = MAX_SAFE / per_member;
    let n = usize::try_from(fit).unwrap() + 3;
    let coverage = Coverage {
        plan_id: Some(PLAN.into()),
        carrier_id: Some(CARRIER.into()),
        enrolled_members: vec![member; n],
        ..Coverage::default()
    };
    let snapshot = Snapshot {
        employee: Some(Employee::default()),
        coverages: vec![coverage],
        ..Snapshot::default()
    };
    let s = premium_summary(&config, &snapshot, Some(&snapshot), start);
    let line = &s.lines[0];
    assert_eq!(line.monthly_cents, fit * per_member);
    assert!(line.monthly_cents <= MAX_SAFE);
    let priced: i64 = line.members.iter().filter_map(|m| m.monthly_cents).sum();
    assert_eq!(priced, line.monthly_cents, "the line is the sum of its members");
    assert_eq!(s.total.monthly_cents, line.monthly_cents);
    // Members left out at 0 cents: the change against a total missing them
    // is not known (docs/api.md, Premium).
    assert_eq!(s.change, None);
    assert_eq!(s.previous_total, Some(s.total));
    let left_out: Vec<(&str, &str)> = s
        .issues
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    let path = |j: usize| format!("/coverages/0/enrolled_members/{j}");
    let expected: Vec<String> = (n - 3..n).map(path).collect();
    assert_eq!(
        left_out,
        expected
            .iter()
            .map(|p| ("premium_total_too_large", p.as_str()))
            .collect::<Vec<_>>()
    );
    assert_eq!(s.issues[0].params["limit"], json!(MAX_SAFE));

    // Two lines of nearly 2^53 − 1 cents each: the second is left out of the
    // total (listed at 0 cents), and the total is still the sum of the lines.
    let half = usize::try_from(fit).unwrap() / 2 + 1;
    let mut two = snapshot.clone();
    two.coverages[0].enrolled_members.truncate(half);
    two.coverages.push(two.coverages[0].clone());
    let s = premium_summary(&config, &two, None, start);
    let line_total = i64::try_from(half).unwrap() * per_member;
    assert_eq!(
        s.lines.iter().map(|l| l.monthly_cents).collect::<Vec<_>>(),
        [line_total, 0]
    );
    assert!(s.lines[1].members.iter().all(|m| m.monthly_cents.is_none()));
    assert_eq!(s.total.monthly_cents, line_total);
    let found: Vec<(&str, &str)> = s
        .issues
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    assert_eq!(found, [("premium_total_too_large", "/coverages/1")]);
}

/// `(issues, last)` of a result whose issues are capped: how many, and the
/// last one's code, severity and `omitted`.
fn capped(issues: &[Issue]) -> (usize, &str, Severity, Option<u64>) {
    let t = last(issues);
    let omitted = t.params.get("omitted").and_then(Value::as_u64);
    (issues.len(), t.code.as_str(), t.severity, omitted)
}

/// The claims documents as text, with the claim's `lines` replaced.
fn claim_with_lines(lines: usize) -> String {
    let mut claim: Value = serde_json::from_str(&fixture("claims/claim.json")).unwrap();
    claim["lines"] = json!(vec![json!({}); lines]);
    claim.to_string()
}

/// Past the cap, the claims' and the callback's readers count issues
/// without building them (docs/api.md, Limits): the last issue stands for
/// every one left out, exactly as if all had been built.
#[test]
fn claims_and_callback_readers_count_issues_past_the_cap() {
    use enroll_engine::callback::parse_callback_str;
    use enroll_engine::claims::{apply_payment_status_str, plan_payment_status_requests_str};
    let (enrollment, options) = (fixture("claims/enrollment.json"), fixture("claims/options.json"));
    let plan = |lines| {
        plan_payment_status_requests_str(
            claim_with_lines(lines).as_str(),
            enrollment.as_str(),
            options.as_str(),
        )
        .issues
    };
    // Issues per empty line, from two runs under the cap.
    let (one, two) = (plan(10).len(), plan(20).len());
    let per_line = (two - one) / 10;
    assert!(per_line >= 1);
    let base = one - 10 * per_line;
    let lines = 5_000;
    let issues = plan(lines);
    let expected = (base + lines * per_line - (MAX_ISSUES - 1)) as u64;
    assert_eq!(
        capped(&issues),
        (MAX_ISSUES, "too_many_issues", Severity::Error, Some(expected))
    );

    // Three documents over the cap at once: one cap for the call.
    let items = |n: usize| json!(vec![json!({}); n]).to_string();
    let mut catalogue: Value = serde_json::from_str(&fixture("claims/catalogue.json")).unwrap();
    catalogue["messages"] = json!(vec![json!({}); 3_000]);
    let r = apply_payment_status_str(
        claim_with_lines(3_000).as_str(),
        enrollment.as_str(),
        items(3_000).as_str(),
        catalogue.to_string().as_str(),
        options.as_str(),
    );
    let (n, code, severity, omitted) = capped(&r.issues);
    assert_eq!(
        (n, code, severity),
        (MAX_ISSUES, "too_many_issues", Severity::Error)
    );
    assert!(omitted.unwrap() > 3 * 3_000 - 999, "{omitted:?}");

    // A callback whose validation feedback is 5,000 empty objects.
    let feedback = |n: usize| {
        let body = json!({ "validation_feedback": vec![json!({}); n] });
        parse_callback_str(body.to_string().as_str()).issues
    };
    let (one, two) = (feedback(10).len(), feedback(20).len());
    let per_item = (two - one) / 10;
    assert!(per_item >= 1);
    let base = one - 10 * per_item;
    let issues = feedback(5_000);
    let expected = (base + 5_000 * per_item - (MAX_ISSUES - 1)) as u64;
    assert_eq!(
        capped(&issues),
        (MAX_ISSUES, "too_many_issues", Severity::Error, Some(expected))
    );
}

/// The preview of `doc` (no previous snapshot) as of 2026-11-25.
fn preview_of(engine: &Engine, doc: &Value) -> enroll_engine::preview::Preview {
    let opts = enroll_engine::preview::PreviewOptions {
        now: enroll_engine::model::Timestamp::parse("2026-11-25T12:00:00Z").unwrap(),
    };
    engine.preview_str(None, doc.to_string().as_str(), &opts)
}

/// A list past 100,000 items (docs/api.md, Limits): its first 100,000 are
/// read, one fatal `too_many_items` stands at the list, and nothing is
/// compared. 4 MiB of `{}` dependents had taken seconds and ~800 MB.
#[test]
fn lists_past_100000_items_are_read_to_the_limit_and_refused() {
    use enroll_engine::validate::limits::MAX_ITEMS;
    let engine = example_engine();
    let with = |key: &str, n: usize| {
        let mut doc = example_snapshot();
        doc[key] = json!(vec![json!({}); n]);
        doc
    };
    let too_many = |issues: &[Issue]| {
        let Some(t) = issues.iter().find(|i| i.code == "too_many_items") else {
            panic!(
                "no too_many_items: {:?}",
                issues
                    .iter()
                    .take(3)
                    .map(|i| (&i.code, &i.path))
                    .collect::<Vec<_>>()
            )
        };
        (t.path.clone(), t.severity, Value::from(t.params.clone()))
    };
    for key in ["dependents", "coverages", "events"] {
        let (at, over) = (
            validate(&engine, &with(key, MAX_ITEMS + 1)),
            validate(&engine, &with(key, MAX_ITEMS + 500)),
        );
        assert_eq!(
            too_many(&at.issues),
            (
                format!("/{key}"),
                Severity::Fatal,
                json!({ "count": MAX_ITEMS + 1, "limit": MAX_ITEMS })
            )
        );
        assert!(!at.valid);
        // The items past the limit are not read: no issue more for 499 more.
        assert_eq!(capped(&at.issues), capped(&over.issues));
        assert_eq!(capped(&at.issues).1, "too_many_issues");
    }
    // Past the limit, values that are not objects still cost their counted
    // `wrong_type` (cheap, and as many as before the limit).
    let ones = |n: usize| {
        let mut doc = example_snapshot();
        doc["events"] = json!(vec![1; n]);
        capped(&validate(&engine, &doc).issues).3.unwrap()
    };
    assert_eq!(ones(MAX_ITEMS + 500) - ones(MAX_ITEMS + 1), 499);
    // The budget is the document's: two coverages of 60,000 `{}` members
    // each pass it in the second, which is the one reported.
    let mut doc = example_snapshot();
    let mut coverage = doc["coverages"][0].clone();
    coverage["enrolled_members"] = json!(vec![json!({}); 60_000]);
    doc["coverages"] = json!([coverage.clone(), coverage]);
    let nested = validate(&engine, &doc);
    assert_eq!(
        too_many(&nested.issues),
        (
            "/coverages/1/enrolled_members".to_owned(),
            Severity::Fatal,
            json!({ "count": 60_000, "limit": MAX_ITEMS })
        )
    );
    assert_eq!(
        nested
            .issues
            .iter()
            .filter(|i| i.code == "too_many_items")
            .count(),
        1
    );
    // At the limit, no such issue: the items are read and judged.
    let mut at = with("events", MAX_ITEMS);
    at["dependents"] = json!([]);
    at["coverages"] = json!([]);
    let at = validate(&engine, &at);
    assert!(at.issues.iter().all(|i| i.code != "too_many_items"));

    // Read in part: first in the issues, nothing compared or acknowledged.
    for key in ["dependents", "coverages"] {
        let p = preview_of(&engine, &with(key, MAX_ITEMS + 1));
        assert!(!p.valid);
        assert_eq!(p.issues[0].code, "too_many_items");
        assert!(p.issues.iter().all(|i| i.code != "acknowledgement_too_large"));
        assert!(p.differences.is_empty() && p.acknowledgement.individuals.is_empty());
    }
    let p = preview_of(&engine, &with("dependents", MAX_ITEMS + 1));
    assert!(p
        .fulfillment_summary
        .iter()
        .all(|c| c.errors.iter().any(|e| e.code == "too_many_items")));

    // Every reader's lists: a configuration's plans, a claim's lines.
    let mut config = fixture_json("noyo-example-group.json");
    config["plans"] = json!(vec![json!({}); MAX_ITEMS + 1]);
    let (_, check) = check_config_value(&config);
    assert_eq!(
        too_many(&check.issues),
        (
            "/plans".to_owned(),
            Severity::Fatal,
            json!({ "count": MAX_ITEMS + 1, "limit": MAX_ITEMS })
        )
    );
    assert_eq!(
        Engine::from_config_value(&config).unwrap_err().code,
        ErrorCode::InvalidConfig
    );
    let (enrollment, options) = (fixture("claims/enrollment.json"), fixture("claims/options.json"));
    let planned = enroll_engine::claims::plan_payment_status_requests_str(
        claim_with_lines(MAX_ITEMS + 1).as_str(),
        enrollment.as_str(),
        options.as_str(),
    );
    assert_eq!(too_many(&planned.issues).1, Severity::Fatal);
}

/// Unknown fields and the sub-documents kept whole are copied as raw JSON,
/// and their items and members count against the same document budget as
/// the known lists (docs/api.md, Limits): 4 MiB of `[{"":0}, …]` under an
/// unknown key had been 600,000 maps, ~500 MiB and seconds, compared and
/// written out by the diff.
#[test]
fn unknown_fields_count_against_the_documents_item_budget() {
    use enroll_engine::validate::limits::MAX_ITEMS;
    let engine = example_engine();
    let tiny = |n: usize| json!(vec![json!({ "": 0 }); n]);
    // Each `{"":0}` is an item and a member: two values; the field itself one more.
    let mut doc = example_snapshot();
    doc["employee"]["person"]["x"] = tiny(MAX_ITEMS / 2 + 1);
    let r = validate(&engine, &doc);
    let t = r
        .issues
        .iter()
        .find(|i| i.code == "too_many_items")
        .expect("too_many_items");
    // At the object whose unknown fields passed the budget, all of them counted.
    assert_eq!(
        (t.path.as_str(), t.severity, Value::from(t.params.clone())),
        (
            "/employee/person",
            Severity::Fatal,
            json!({ "count": MAX_ITEMS + 3, "limit": MAX_ITEMS })
        )
    );
    assert!(!r.valid);
    let p = preview_of(&engine, &doc);
    assert_eq!(p.issues[0].code, "too_many_items");
    assert!(p.differences.is_empty());
    // Under the budget, an unknown field is kept, as before.
    let mut doc = example_snapshot();
    doc["employee"]["person"]["x"] = tiny(1_000);
    assert!(validate(&engine, &doc)
        .issues
        .iter()
        .all(|i| i.code != "too_many_items"));
    // The budget is shared with the known lists: 60,000 `{}` events and an
    // unknown list of 25,000 `{"":0}` (50,000 values) pass it together.
    let mut doc = example_snapshot();
    doc["events"] = json!(vec![json!({}); 60_000]);
    doc["x"] = tiny(25_000);
    let r = validate(&engine, &doc);
    let over: Vec<_> = r.issues.iter().filter(|i| i.code == "too_many_items").collect();
    assert_eq!(over.len(), 1);
    assert_eq!(over[0].path, "");
    // Many unknown keys in one object count too (each a member).
    let mut doc = example_snapshot();
    let person = doc["employee"]["person"].as_object_mut().unwrap();
    for k in 0..MAX_ITEMS + 1 {
        person.insert(format!("k{k}"), json!(1));
    }
    let r = validate(&engine, &doc);
    assert!(r
        .issues
        .iter()
        .any(|i| i.code == "too_many_items" && i.severity == Severity::Fatal));
    // A configuration's unknown field: the same budget, INVALID_CONFIG.
    let mut config = fixture_json("noyo-example-group.json");
    config["x"] = tiny(MAX_ITEMS);
    let (_, check) = check_config_value(&config);
    assert!(check
        .issues
        .iter()
        .any(|i| i.code == "too_many_items" && i.path.is_empty()));
    assert_eq!(
        Engine::from_config_value(&config).unwrap_err().code,
        ErrorCode::InvalidConfig
    );
}

/// Where the budget is passed tells nothing of an SSN used as a key (outside
/// review): an object's unknown fields are copied or refused together, by
/// their shape, so a key planted beside an SSN-shaped one — both holding
/// 60,000 items — gets the same answer whatever the SSN's hidden digits
/// (judged one by one in key order as written, the issue had stood at the
/// key that sorted second: a binary search read the digits in 17 calls).
#[test]
fn the_budgets_edge_does_not_tell_where_a_hidden_key_sorts() {
    let engine = example_engine();
    let answer = |ssn: &str, planted: &str, duplicate: bool| {
        let list = json!(vec![1; 60_000]);
        let mut text = example_snapshot().to_string();
        let keys = if duplicate {
            format!("\"{ssn}\":{list},\"{ssn}\":{list},")
        } else {
            format!("\"{ssn}\":{list},\"{planted}\":{list},")
        };
        text = text.replacen('{', &format!("{{{keys}"), 1);
        let r = engine.validate_str(&text, &enroll_engine::ValidateOptions::default());
        serde_json::to_string(&r.issues).unwrap()
    };
    for planted in ["2194", "2195", "21945", "21946", "0", "9"] {
        assert_eq!(
            answer("219453876", planted, false),
            answer("219553876", planted, false),
            "planted {planted}"
        );
    }
    // Two keys shown alike count alike, equal as written or not.
    assert_eq!(
        answer("219453876", "", true),
        answer("219453876", "219553876", false)
    );
}

/// The acknowledgement is weighed before it is built, against the
/// differences' budget (8 × the input + 1 MiB, docs/api.md, Limits): 50,000
/// `{}` dependents (150 KB) would have made ~8 MB of it.
#[test]
fn an_acknowledgement_past_the_result_budget_is_refused_before_it_is_built() {
    use enroll_engine::validate::limits::result_budget;
    let engine = example_engine();
    let with = |n: usize| {
        let mut doc = example_snapshot();
        doc["dependents"] = json!(vec![json!({}); n]);
        doc
    };
    let doc = with(50_000);
    let p = preview_of(&engine, &doc);
    let first = &p.issues[0];
    assert_eq!(
        (first.code.as_str(), first.path.as_str(), first.severity),
        ("acknowledgement_too_large", "", Severity::Fatal)
    );
    assert_eq!(first.params["limit"], json!(result_budget(doc.to_string().len())));
    assert!(first.params["weight"].as_u64().unwrap() > first.params["limit"].as_u64().unwrap());
    assert!(!p.valid);
    assert!(p.acknowledgement.individuals.is_empty() && p.acknowledgement.coverages.is_empty());
    assert!(p.differences.is_empty() && p.premium.is_none());
    // Under the 1 MiB floor it is built: the employee and 2,000 dependents.
    let p = preview_of(&engine, &with(2_000));
    assert!(p.issues.iter().all(|i| i.code != "acknowledgement_too_large"));
    assert_eq!(p.acknowledgement.individuals.len(), 2_001);
    // A real family is far under it.
    let p = preview_of(&engine, &example_snapshot());
    assert!(p.issues.iter().all(|i| i.code != "acknowledgement_too_large"));
    assert!(!p.acknowledgement.individuals.is_empty());
}

/// The weight `preview` checks is an upper bound on the acknowledgement's
/// JSON (its items' `issue_codes` left out, as documented), for real
/// families and for names that JSON escapes or quoting cuts.
#[test]
fn the_acknowledgement_weight_bounds_its_json() {
    let engine = example_engine();
    let mut docs = vec![example_snapshot(), fixture_json("three-carriers-snapshot.json")];
    let mut odd = fixture_json("three-carriers-snapshot.json");
    odd["employee"]["person"]["first_name"] = json!("\u{1}\"\\".repeat(200));
    odd["employee"]["person"]["last_name"] = json!("é😀".repeat(200));
    for d in odd["dependents"].as_array_mut().unwrap() {
        d["person"]["first_name"] = json!("");
        d["person"].as_object_mut().unwrap().remove("last_name");
    }
    docs.push(odd);
    let mut empty = example_snapshot();
    empty["dependents"] = json!(vec![json!({}); 2_000]);
    docs.push(empty);
    for doc in docs {
        let snapshot: enroll_engine::model::Snapshot =
            serde_json::from_value(doc.clone()).unwrap_or_default();
        let mut p = preview_of(&engine, &doc);
        assert!(!p.acknowledgement.individuals.is_empty());
        p.acknowledgement
            .individuals
            .iter_mut()
            .for_each(|i| i.issue_codes.clear());
        p.acknowledgement
            .coverages
            .iter_mut()
            .for_each(|c| c.issue_codes.clear());
        let written = serde_json::to_string(&p.acknowledgement).unwrap().len();
        let weight = enroll_engine::diff::acknowledgement_weight(None, &snapshot);
        assert!(weight >= written, "{weight} < {written}");
    }
}

/// Unknown objects nested under a long key: each leaf's dotted key holds
/// the long key, so keys would take (key length × leaves) bytes — 0.44 MB
/// asked for more than wasm's 4 GiB (review 24a #1). The flattening stops
/// at the differences' budget: `too_many_differences`, quickly, in `diff`,
/// `preview` and `track`.
#[test]
fn nested_unknown_objects_under_a_long_key_stop_at_the_budget() {
    use enroll_engine::diff::DiffOptions;
    use enroll_engine::model::Timestamp;
    use enroll_engine::preview::PreviewOptions;
    let engine = Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap();
    let prev = fixture_json("three-carriers-snapshot.json");
    let inner: serde_json::Map<String, Value> = (0..4000).map(|j| (format!("a{j}"), json!(1))).collect();
    let mut cur = prev.clone();
    cur["employee"]["person"]["x"] = json!({ "K".repeat(100_000): inner });
    let (p, c) = (prev.to_string(), cur.to_string());
    let started = std::time::Instant::now();
    let d = engine.diff_str(Some(&p), &c, &DiffOptions::default());
    assert_eq!(codes(&d.issues), ["too_many_differences"]);
    assert!(d.differences.is_empty());
    let now = PreviewOptions {
        now: Timestamp::parse("2026-11-25T12:00:00Z").unwrap(),
    };
    let r = engine.preview_str(Some(&p), &c, &now);
    assert!(
        codes(&r.issues).contains(&"too_many_differences".to_owned()),
        "{:?}",
        codes(&r.issues)
    );
    // The same fields below the budget are compared as before.
    let mut small = prev.clone();
    small["employee"]["person"]["x"] = json!({ "K".repeat(100): {"a0": 1, "a1": 2} });
    let d = engine.diff_str(Some(&p), &small.to_string(), &DiffOptions::default());
    let keys: Vec<_> = d
        .differences
        .iter()
        .flat_map(|x| x.fields.iter().map(|f| f.key.clone()))
        .collect();
    assert!(
        keys.contains(&format!("person.x.{}.a1", "K".repeat(100))),
        "{keys:?}"
    );
    // Tracking a report of that shape: refused the same way.
    let requested =
        serde_json::to_value(engine.diff_str(Some(&p), &small.to_string(), &DiffOptions::default())).unwrap();
    let t = engine
        .track_json(small.to_string().as_str(), &requested, c.as_str(), &json!({}))
        .unwrap();
    assert_eq!(codes(&t.issues), ["too_many_differences"]);
    assert!(t.differences.is_empty());
    // Unbounded, each call built gigabytes; bounded, all of the above is quick
    // even in a debug build.
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

fn codes(issues: &[Issue]) -> Vec<String> {
    issues.iter().map(|i| i.code.clone()).collect()
}
