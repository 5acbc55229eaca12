//! The structural layer end to end: exact codes, pointers, severities and scopes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use enroll_engine::{Engine, ErrorCode, Severity, ValidateOptions};
use serde_json::{json, Value};

const CARRIER_A: &str = "4d4d815b-ae8f-430c-901f-1c9d5ee3f4f1";
const CARRIER_B: &str = "b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e";

/// The one structural issue of `doc` (the rules' issues are tests/rules.rs's).
fn one(engine: &Engine, doc: &Value) -> (String, String, Severity) {
    let r = validate(engine, doc);
    let structural: Vec<_> = r.issues.iter().filter(|i| is_structural(&i.code)).collect();
    assert_eq!(
        structural.len(),
        1,
        "expected one structural issue: {structural:#?}"
    );
    let i = structural[0];
    (i.code.clone(), i.path.clone(), i.severity)
}

#[test]
fn noyo_example_has_no_fatal_or_error() {
    let r = validate(&example_engine(), &example_snapshot());
    let blocking: Vec<_> = r.issues.iter().filter(|i| i.severity.blocks()).collect();
    assert!(blocking.is_empty(), "{blocking:#?}");
    assert!(r.valid);
    assert_eq!(r.carriers.len(), 1);
    assert_eq!(r.carriers[0].carrier_id, CARRIER_A);
    assert!(!r.carriers[0].blocked);
}

#[test]
fn not_json_is_fatal_at_root_and_blocks_every_group_carrier() {
    let e = example_engine();
    let r = e.validate_str("{not json", &ValidateOptions::default());
    assert!(!r.valid);
    assert_eq!(found(&r), [("json_syntax".into(), "".into())]);
    let i = &r.issues[0];
    assert_eq!(i.severity, Severity::Fatal);
    assert_eq!(i.params["line"], 1);
    assert_eq!(i.params["column"], 2);
    assert_eq!(
        i.message,
        "The document is not valid JSON: key must be a string (line 1, column 2)."
    );
    assert_eq!(i.carrier_ids, [CARRIER_A]);
    assert_eq!(r.carriers.len(), 1);
    assert!(r.carriers[0].blocked);
}

#[test]
fn non_objects_are_fatal_at_root() {
    let e = example_engine();
    for (text, actual) in [
        ("[]", "array"),
        ("42", "integer"),
        ("null", "null"),
        ("\"x\"", "string"),
        ("1.5", "number"),
    ] {
        let r = e.validate_str(text, &ValidateOptions::default());
        assert_eq!(found(&r), [("not_an_object".into(), "".into())], "{text}");
        assert_eq!(r.issues[0].params["actual"], actual);
        assert_eq!(r.issues[0].severity, Severity::Fatal);
    }
}

#[test]
fn missing_employee_is_fatal_at_its_pointer() {
    let mut doc = example_snapshot();
    remove(&mut doc, "/employee");
    let r = validate(&example_engine(), &doc);
    assert_eq!(found(&r), [("missing_field".into(), "/employee".into())]);
    assert_eq!(r.issues[0].severity, Severity::Fatal);
    assert_eq!(r.issues[0].message, "Required field employee is missing.");
    assert_eq!(r.issues[0].carrier_ids, [CARRIER_A]);
}

#[test]
fn number_as_date_is_wrong_type_scoped_to_its_coverage() {
    let mut doc = example_snapshot();
    set(
        &mut doc,
        "/coverages/0/enrolled_members/0/effective_start_date",
        json!(20220101),
    );
    let r = validate(&example_engine(), &doc);
    assert_eq!(
        found(&r),
        [(
            "wrong_type".into(),
            "/coverages/0/enrolled_members/0/effective_start_date".into()
        )]
    );
    let i = &r.issues[0];
    assert_eq!(i.severity, Severity::Error);
    assert_eq!(i.message, "Expected string, found integer.");
    assert_eq!(i.carrier_ids, [CARRIER_A]);
    assert_eq!(i.line_of_coverage.map(|l| l.as_str()), Some("medical"));
}

#[test]
fn unknown_relationship_is_an_enum_error() {
    let mut doc = example_snapshot();
    set(&mut doc, "/dependents/0/relationship", json!("cousin"));
    let r = validate(&example_engine(), &doc);
    assert_eq!(
        found(&r),
        [("unknown_enum_value".into(), "/dependents/0/relationship".into())]
    );
    let i = &r.issues[0];
    assert_eq!(i.message, "\"cousin\" is not an allowed value for relationship.");
    assert_eq!(i.params["allowed"].as_array().unwrap().len(), 11);
    // The spouse is enrolled in medical and dental at the one carrier.
    assert_eq!(i.carrier_ids, [CARRIER_A]);
}

#[test]
fn impossible_and_malformed_dates() {
    let e = example_engine();
    let mut doc = example_snapshot();
    set(&mut doc, "/employee/person/date_of_birth", json!("2022-02-30"));
    assert_eq!(
        one(&e, &doc),
        (
            "impossible_date".into(),
            "/employee/person/date_of_birth".into(),
            Severity::Error
        )
    );
    set(&mut doc, "/employee/person/date_of_birth", json!("1985-6-22"));
    assert_eq!(
        one(&e, &doc),
        (
            "invalid_date".into(),
            "/employee/person/date_of_birth".into(),
            Severity::Error
        )
    );
    set(
        &mut doc,
        "/employee/person/date_of_birth",
        json!("1985-06-22T00:00:00Z"),
    );
    assert_eq!(one(&e, &doc).0, "invalid_date");
    // Pattern-only date fields of Noyo's schema are parsed as dates too.
    let mut doc = example_snapshot();
    set(
        &mut doc,
        "/employee/employment/employment_dates/full_time_start",
        json!("2015-02-29"),
    );
    assert_eq!(one(&e, &doc).0, "impossible_date");
}

#[test]
fn three_problems_give_three_issues() {
    let mut doc = example_snapshot();
    set(&mut doc, "/employee/person/home_address/zip_code", json!("9410"));
    set(&mut doc, "/dependents/0/relationship", json!("cousin"));
    remove(&mut doc, "/coverages/2/line_of_coverage");
    let r = validate(&example_engine(), &doc);
    assert_eq!(
        found(&r),
        [
            (
                "invalid_zip_code".into(),
                "/employee/person/home_address/zip_code".into()
            ),
            ("unknown_enum_value".into(), "/dependents/0/relationship".into()),
            ("missing_field".into(), "/coverages/2/line_of_coverage".into()),
        ]
    );
    // Exactly three blocking issues: the rules add nothing blocking on top.
    assert_eq!(r.issues.iter().filter(|i| i.severity.blocks()).count(), 3);
}

#[test]
fn formats_each_have_their_code() {
    let e = example_engine();
    let cases: &[(&str, Value, &str)] = &[
        ("/employee/person/ssn", json!("123-45-6789"), "invalid_ssn"),
        ("/employee/person/ssn", json!("000123456"), "invalid_ssn"),
        ("/employee/person/ssn", json!("123006789"), "invalid_ssn"),
        ("/employee/person/ssn", json!("123450000"), "invalid_ssn"),
        (
            "/employee/person/home_address/zip_code",
            json!("94107-12"),
            "invalid_zip_code",
        ),
        (
            "/employee/person/home_address/state",
            json!("Oregon"),
            "unknown_enum_value",
        ),
        (
            "/employee/person/home_address/state",
            json!("ca"),
            "unknown_enum_value",
        ),
        ("/employee/id", json!("not-a-uuid"), "invalid_uuid"),
        ("/coverages/1/carrier_id", json!("4d4d815b"), "invalid_uuid"),
        (
            "/employee/person/contact/email_address",
            json!("david@"),
            "invalid_email",
        ),
        ("/employee/employment/hours_worked", json!(40.5), "wrong_type"),
        (
            "/employee/employment/hours_worked",
            json!(3_000_000_000u64),
            "out_of_range",
        ),
        ("/employee/employment/salary/amount", json!(-1), "out_of_range"),
        ("/employee/custom_individual_id", json!(""), "empty_value"),
        ("/coverages/1/plan_name", json!(""), "empty_value"),
        ("/employee/person/sex", json!("male"), "unknown_enum_value"),
        ("/employee/person/first_name", json!(null), "wrong_type"),
        ("/enable_member_auto_link", json!("false"), "wrong_type"),
    ];
    for (pointer, value, code) in cases {
        let mut doc = example_snapshot();
        set(&mut doc, pointer, value.clone());
        assert_eq!(
            one(&e, &doc),
            (code.to_string(), pointer.to_string(), Severity::Error),
            "{pointer} = {value}"
        );
    }
}

#[test]
fn nullable_fields_accept_null_and_integral_floats_are_integers() {
    let e = example_engine();
    let mut doc = example_snapshot();
    set(&mut doc, "/employee/person/ssn", json!(null));
    set(&mut doc, "/employee/person/contact/email_address", json!(null));
    set(
        &mut doc,
        "/coverages/0/enrolled_members/0/individual_id",
        json!(null),
    );
    set(&mut doc, "/employee/employment/hours_worked", json!(40.0));
    let r = validate(&e, &doc);
    assert!(found(&r).is_empty(), "{:#?}", r.issues);
}

#[test]
fn fatal_root_shapes() {
    let e = example_engine();
    let cases: &[(&str, Value, &str)] = &[
        ("/snapshot_mode", json!("current_closed"), "unknown_enum_value"),
        ("/employee", json!("david"), "wrong_type"),
        ("/coverages", json!({}), "wrong_type"),
        ("/dependents", json!("none"), "wrong_type"),
        ("/events", json!(1), "wrong_type"),
    ];
    for (pointer, value, code) in cases {
        let mut doc = example_snapshot();
        set(&mut doc, pointer, value.clone());
        assert_eq!(
            one(&e, &doc),
            (code.to_string(), pointer.to_string(), Severity::Fatal),
            "{pointer}"
        );
    }
    let mut doc = example_snapshot();
    remove(&mut doc, "/snapshot_mode");
    assert_eq!(
        one(&e, &doc),
        ("missing_field".into(), "/snapshot_mode".into(), Severity::Fatal)
    );
}

/// A fatal root problem met past the 1000-issue cap is still seen: the
/// result's last issue stands for it with its fatal severity, every carrier
/// is blocked, and no business rule runs.
#[test]
fn a_fatal_problem_past_the_issue_cap_is_still_fatal() {
    let e = example_engine();
    let mut doc = example_snapshot();
    let dependent = doc["dependents"][0].clone();
    let mut many = Vec::new();
    for _ in 0..1200 {
        let mut d = dependent.clone();
        d["relationship"] = json!("cousin");
        many.push(d);
    }
    doc["dependents"] = json!(many);
    doc["coverages"] = json!("none");
    let r = validate(&e, &doc);
    assert!(!r.valid);
    assert_eq!(r.issues.len(), 1000);
    let last = r.issues.last().unwrap();
    assert_eq!(
        (last.code.as_str(), last.severity),
        ("too_many_issues", Severity::Fatal)
    );
    assert!(r.carriers.iter().all(|c| c.blocked));
    assert!(r.issues.iter().take(999).all(|i| i.code == "unknown_enum_value"));
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let doc = json!({
        "snapshot_mode": "current_open",
        "employee": {"person": {"first_name": 1, "sex": "Q"}, "employment": {}},
        "dependents": [7, {"relationship": "child"}],
        "coverages": [{"carrier_id": CARRIER_A, "line_of_coverage": "dental", "enrolled_members": [{}]}]
    });
    let r = validate(&example_engine(), &doc);
    let expected = [
        ("wrong_type", "/employee/person/first_name"),
        ("missing_field", "/employee/person/last_name"),
        ("missing_field", "/employee/person/date_of_birth"),
        ("unknown_enum_value", "/employee/person/sex"),
        ("missing_field", "/employee/person/home_address"),
        ("missing_field", "/employee/person/mailing_address"),
        ("missing_field", "/employee/employment/employment_status"),
        ("missing_field", "/employee/employment/employment_dates"),
        ("missing_field", "/employee/employment/hours_worked"),
        ("wrong_type", "/dependents/0"),
        ("missing_field", "/dependents/1/person"),
        ("missing_field", "/coverages/0/enrolled_members/0/individual_type"),
        (
            "missing_field",
            "/coverages/0/enrolled_members/0/effective_start_date",
        ),
        (
            "missing_field",
            "/coverages/0/enrolled_members/0/effective_end_date",
        ),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(c, p)| (c.to_string(), p.to_string()))
        .collect();
    assert_eq!(found(&r), expected);
    assert!(r.issues.iter().all(|i| i.severity == Severity::Error));
}

fn two_carrier_engine() -> Engine {
    let mut config = fixture_json("noyo-example-group.json");
    config["carriers"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": CARRIER_B, "name": "Guardian", "mode": "sync"}));
    config["plans"][1]["carrier_id"] = json!(CARRIER_B);
    Engine::from_config_value(&config).unwrap()
}

/// The example with dental moved to carrier B.
fn two_carrier_snapshot() -> Value {
    let mut doc = example_snapshot();
    set(&mut doc, "/coverages/1/carrier_id", json!(CARRIER_B));
    doc
}

fn blocked(r: &enroll_engine::ValidationResult) -> Vec<(String, bool)> {
    r.carriers
        .iter()
        .map(|c| (c.carrier_id.clone(), c.blocked))
        .collect()
}

#[test]
fn a_coverage_problem_blocks_only_its_carrier() {
    let e = two_carrier_engine();
    let mut doc = two_carrier_snapshot();
    set(
        &mut doc,
        "/coverages/1/enrolled_members/1/effective_end_date",
        json!("2021-13-01"),
    );
    let r = validate(&e, &doc);
    assert_eq!(
        found(&r),
        [(
            "impossible_date".into(),
            "/coverages/1/enrolled_members/1/effective_end_date".into()
        )]
    );
    assert_eq!(r.issues[0].carrier_ids, [CARRIER_B]);
    assert_eq!(r.issues[0].line_of_coverage.map(|l| l.as_str()), Some("dental"));
    assert_eq!(blocked(&r), [(CARRIER_A.into(), false), (CARRIER_B.into(), true)]);
    assert!(!r.valid);
}

#[test]
fn an_employee_problem_blocks_every_family_carrier() {
    let e = two_carrier_engine();
    let mut doc = two_carrier_snapshot();
    set(
        &mut doc,
        "/employee/person/mailing_address/zip_code",
        json!("ABCDE"),
    );
    let r = validate(&e, &doc);
    assert_eq!(r.issues[0].carrier_ids, [CARRIER_A, CARRIER_B]);
    assert_eq!(blocked(&r), [(CARRIER_A.into(), true), (CARRIER_B.into(), true)]);
}

#[test]
fn a_dependent_problem_blocks_the_carriers_enrolling_that_dependent() {
    let e = two_carrier_engine();
    let mut doc = two_carrier_snapshot();
    // Enroll the spouse only in dental (carrier B): the example waives it
    // (end = start - 1 day), so it is made a real enrollment here.
    remove(&mut doc, "/coverages/0/enrolled_members/1");
    set(
        &mut doc,
        "/coverages/1/enrolled_members/1/effective_end_date",
        json!("9999-12-31"),
    );
    set(&mut doc, "/dependents/0/person/sex", json!("female"));
    let r = validate(&e, &doc);
    assert_eq!(
        found(&r),
        [("unknown_enum_value".into(), "/dependents/0/person/sex".into())]
    );
    assert_eq!(r.issues[0].carrier_ids, [CARRIER_B]);
    assert_eq!(blocked(&r), [(CARRIER_A.into(), false), (CARRIER_B.into(), true)]);
    // Matched by custom_individual_id when the enrollment names no individual_id.
    set(
        &mut doc,
        "/coverages/1/enrolled_members/1/individual_id",
        json!(null),
    );
    doc["coverages"][1]["enrolled_members"][1]["custom_individual_id"] = json!("378713198");
    let r = validate(&e, &doc);
    assert_eq!(r.issues[0].carrier_ids, [CARRIER_B]);
    // Enrolled nowhere: the error blocks no carrier, but the snapshot is not valid.
    remove(&mut doc, "/coverages/1/enrolled_members/1");
    let r = validate(&e, &doc);
    assert!(r.issues[0].carrier_ids.is_empty());
    assert!(!r.valid);
    assert_eq!(
        blocked(&r),
        [(CARRIER_A.into(), false), (CARRIER_B.into(), false)]
    );
}

#[test]
fn a_waive_enrolls_no_one_for_scoping() {
    let e = two_carrier_engine();
    let mut doc = two_carrier_snapshot();
    // The spouse: medical at carrier A, dental at carrier B waived.
    set(&mut doc, "/dependents/0/person/sex", json!("female"));
    let r = validate(&e, &doc);
    assert_eq!(r.issues[0].path, "/dependents/0/person/sex");
    assert_eq!(r.issues[0].carrier_ids, [CARRIER_A]);
    assert_eq!(blocked(&r), [(CARRIER_A.into(), true), (CARRIER_B.into(), false)]);
    // Waived everywhere: the problem blocks no carrier, and the snapshot is not valid.
    remove(&mut doc, "/coverages/0/enrolled_members/1");
    let r = validate(&e, &doc);
    assert!(r.issues[0].carrier_ids.is_empty());
    assert!(!r.valid);
    assert_eq!(
        blocked(&r),
        [(CARRIER_A.into(), false), (CARRIER_B.into(), false)]
    );
}

#[test]
fn unknown_fields_are_kept_and_typos_warned() {
    let e = example_engine();
    let mut doc = example_snapshot();
    doc["employee"]["person"]["frist_name"] = json!("Dave");
    doc["employee"]["person"]["nickname"] = json!("Dave");
    doc["partner_reference"] = json!({"batch": 7});
    let r = validate(&e, &doc);
    assert_eq!(
        found(&r),
        [("unknown_field_typo".into(), "/employee/person/frist_name".into())]
    );
    let i = &r.issues[0];
    assert_eq!(i.severity, Severity::Warning);
    assert!(i.carrier_ids.is_empty());
    assert_eq!(i.message, "Unknown field frist_name; did you mean first_name?");
    assert!(r.valid);
}

#[test]
fn pointers_escape_slash_and_tilde() {
    let e = example_engine();
    let mut doc = example_snapshot();
    doc["employee"]["person"]["home/addres~s"] = json!(1);
    doc["employee"]["person"]["zip~code"] = json!(1);
    let r = validate(&e, &doc);
    assert_eq!(
        found(&r),
        [(
            "unknown_field_typo".into(),
            "/employee/person/home~1addres~0s".into()
        )]
    );
    assert_eq!(r.issues[0].params["suggestion"], "home_address");
    let mut doc = example_snapshot();
    doc["employee"]["classifications"] = json!("HQ");
    assert_eq!(one(&e, &doc).1, "/employee/classifications");
}

#[test]
fn invalid_ssns_are_masked_whatever_their_shape() {
    let e = example_engine();
    for (bad, shown) in [
        ("1234567890", "******7890"),
        // Fewer than nine digits: every one masked (an SSN being typed).
        ("12345678a", "********a"),
        ("536-22-1234", "***-**-1234"),
    ] {
        let mut doc = example_snapshot();
        set(&mut doc, "/employee/person/ssn", json!(bad));
        let r = validate(&e, &doc);
        let i = r.issues.iter().find(|i| i.code == "invalid_ssn").unwrap();
        assert_eq!(i.params["value"], shown);
        assert!(
            i.message.contains(shown) && !i.message.contains(bad),
            "{}",
            i.message
        );
    }
}

#[test]
fn no_message_or_param_carries_a_full_ssn() {
    let e = example_engine();
    let mut doc = example_snapshot();
    set(&mut doc, "/employee/person/ssn", json!("000-12-3456"));
    set(&mut doc, "/dependents/0/person/first_name", json!(123456789));
    set(&mut doc, "/dependents/0/person/sex", json!("987-65-4321"));
    let r = validate(&e, &doc);
    let text = serde_json::to_string(&r.issues).unwrap();
    for ssn in [
        "000-12-3456",
        "000123456",
        "987-65-4321",
        "987654321",
        "123456789",
    ] {
        assert!(!text.contains(ssn), "{ssn} leaked: {text}");
    }
    assert_eq!(
        r.issues[0].message,
        "The SSN ***-**-3456 is not valid: nine digits, area not 000, group not 00, serial not 0000."
    );
}

#[test]
fn oversized_input_is_fatal_without_parsing() {
    let e = example_engine().with_max_input_bytes(64);
    let r = e.validate_str(&example_snapshot().to_string(), &ValidateOptions::default());
    assert_eq!(found(&r), [("input_too_large".into(), "".into())]);
    assert_eq!(r.issues[0].params["limit"], 64);
    assert_eq!(
        r.issues[0].message,
        "The document is more than 64 bytes, the input limit; it is not read."
    );
    assert_eq!(r.issues[0].params.len(), 1, "the size itself is not told");
}

/// A document the JS binding measured and refused before copying it gets
/// the same answer as one refused here.
#[test]
fn a_source_known_to_be_too_large_is_answered_unread() {
    use enroll_engine::validate::Source;
    let e = example_engine();
    let text = "x".repeat(4 * 1024 * 1024 + 1);
    let measured = e.validate_str(Source::TooLarge, &ValidateOptions::default());
    assert_eq!(measured, e.validate_str(&text, &ValidateOptions::default()));
    assert_eq!(found(&measured), [("input_too_large".into(), "".into())]);
    assert_eq!(
        measured.issues[0].message,
        "The document is more than 4,194,304 bytes, the input limit; it is not read."
    );
    assert_eq!(
        Value::Object(measured.issues[0].params.clone()),
        json!({ "limit": 4_194_304 })
    );
    let err = Engine::from_config_str(Source::TooLarge).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidConfig);
    assert_eq!(err.issues[0].code, "input_too_large");
}

/// The command line's code for a line that is not UTF-8 (pkg/cli.mjs renders
/// this template; tests/js/cli.test.mjs runs it).
#[test]
fn the_command_lines_encoding_code_is_catalogued() {
    let rule = enroll_engine::codes::all_rules()
        .into_iter()
        .find(|r| r.code == "invalid_encoding")
        .unwrap();
    assert_eq!(
        (rule.severity, rule.layer),
        (Severity::Fatal, enroll_engine::diagnostic::Layer::Input)
    );
    assert_eq!(
        rule.template,
        "Line {line} is not UTF-8 text (an invalid byte at column {column}); it is not read: save the file as UTF-8 (it may be Latin-1 or Windows-1252) and run again."
    );
}

#[test]
fn deep_nesting_and_bom() {
    let e = example_engine();
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    let r = e.validate_str(&deep, &ValidateOptions::default());
    assert_eq!(found(&r), [("json_syntax".into(), "".into())]);
    assert!(
        r.issues[0].message.contains("recursion limit exceeded"),
        "{}",
        r.issues[0].message
    );
    let with_bom = format!("\u{feff}{}", example_snapshot());
    assert!(e.validate_str(&with_bom, &ValidateOptions::default()).valid);
    // The limit as docs/api.md and the rule say: 127 levels are read, the
    // 128th is refused (at its column).
    let nested = |n: usize| "[".repeat(n) + &"]".repeat(n);
    let at = |n: usize| e.validate_str(&nested(n), &ValidateOptions::default());
    assert_eq!(found(&at(127)), [("not_an_object".into(), "".into())]);
    let r = at(128);
    assert_eq!(found(&r), [("json_syntax".into(), "".into())]);
    assert!(
        r.issues[0]
            .message
            .ends_with("recursion limit exceeded (line 1, column 128)."),
        "{}",
        r.issues[0].message
    );
}

#[test]
fn config_errors_are_located_in_the_config() {
    let config = json!({
        "group_id": "",
        "carriers": [{"id": "beam", "mode": "fax"}],
        "plans": [{"id": "0c5a9e39-6a0e-4d43-8d6c-3b1f2f7a1d01", "carrier_id": CARRIER_A,
                   "line_of_coverage": "dentl", "eligible_member_types": ["cousin"],
                   "volume": {"min": -5}}]
    });
    let err = Engine::from_config_value(&config).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidConfig);
    let got: Vec<(String, String)> = err
        .issues
        .iter()
        .map(|i| (i.code.clone(), i.path.clone()))
        .collect();
    let expected = [
        ("empty_value", "/group_id"),
        ("invalid_uuid", "/carriers/0/id"),
        ("unknown_enum_value", "/carriers/0/mode"),
        ("unknown_enum_value", "/plans/0/line_of_coverage"),
        ("unknown_enum_value", "/plans/0/eligible_member_types/0"),
        ("out_of_range", "/plans/0/volume/min"),
        // The carrier's id was unreadable, so the plan's carrier is unknown.
        ("plan_unknown_carrier", "/plans/0/carrier_id"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(c, p)| (c.to_string(), p.to_string()))
        .collect();
    assert_eq!(got, expected);
    assert!(Engine::from_config_str("[").unwrap_err().issues[0].code == "json_syntax");
}

#[test]
fn options_are_checked() {
    assert_eq!(
        ValidateOptions::from_json(&json!({"today": "2026-11-25"}))
            .unwrap()
            .today
            .map(|d| d.to_string()),
        Some("2026-11-25".into())
    );
    assert_eq!(
        ValidateOptions::from_json(&json!(null)).unwrap(),
        ValidateOptions::default()
    );
    for bad in [
        json!({"today": "2026-02-30"}),
        json!({"today": 5}),
        json!({"tody": "2026-01-01"}),
        json!([]),
    ] {
        assert_eq!(
            ValidateOptions::from_json(&bad).unwrap_err().code,
            ErrorCode::InvalidOptions,
            "{bad}"
        );
    }
}
