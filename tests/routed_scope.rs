//! An error in a person's data blocks every carrier that receives that
//! person's changes (docs/api.md, Scoping; review 28d #1): the diff sends
//! the employee's changes to every carrier of either snapshot and a
//! dependent's to every carrier where they are or were enrolled, so a
//! carrier the current snapshot no longer lists (an ended row dropped) or
//! where the person's coverage just became a waive is blocked too — the
//! issue's `carrier_ids`, the fulfillment summary, the transactions'
//! `blocked` and `export834` agree. `validate` alone, with no previous
//! snapshot, names where the current snapshot enrolls the person.
//!
//! Such a carrier is blocked only when it receives a difference the issue's
//! data could have produced (review 28g #2): one of the person's for an
//! issue in their data, any for another family issue (an event typo).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use enroll_engine::api::engine::{self, Prepared};
use enroll_engine::api::record::{preview_record, Record};
use enroll_engine::api::{Arg, Measured, Text};
use enroll_engine::model::Timestamp;
use enroll_engine::preview::{Preview, PreviewOptions, PreviewSummary};
use enroll_engine::validate::ValidateOptions;
use enroll_engine::x12::{ExportMode, ExportOptions, ExportPart};
use enroll_engine::Engine;
use serde_json::{json, Value};

const NOW: &str = "2026-06-01T09:00:00Z";
const MEDICAL: &str = "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e01";
const DENTAL: &str = "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e02";
const VISION: &str = "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e04";
const EMPLOYEE: &str = "e1000000-0000-4000-8000-000000000001";
const SPOUSE: &str = "e1000000-0000-4000-8000-000000000101";

fn engine() -> Engine {
    Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap()
}

fn person(first: &str, dob: &str, sex: &str, ssn: &str) -> Value {
    let address = json!({"street_one": "1 Main St", "city": "Portland", "state": "OR", "zip_code": "97201"});
    json!({"first_name": first, "last_name": "Lee", "date_of_birth": dob, "sex": sex,
           "ssn": ssn, "home_address": address, "mailing_address": address})
}

fn member(kind: &str, id: &str, start: &str, end: &str) -> Value {
    json!({"individual_type": kind, "individual_id": id,
           "effective_start_date": start, "effective_end_date": end})
}

fn coverage(carrier: &str, line: &str, plan: &str, members: Value) -> Value {
    json!({"carrier_id": carrier, "line_of_coverage": line, "plan_id": plan, "enrolled_members": members})
}

/// A family: the employee Ann, the spouse Bo when `spouse`, and `coverages`.
fn family(spouse: bool, coverages: Value) -> Value {
    let dependents = match spouse {
        true => json!([{"id": SPOUSE, "custom_individual_id": "D1", "relationship": "spouse",
                        "person": person("Bo", "1981-01-01", "M", "536221235")}]),
        false => json!([]),
    };
    json!({"snapshot_mode": "current_open",
           "employee": {"id": EMPLOYEE, "custom_individual_id": "EMP-1",
                        "person": person("Ann", "1980-05-05", "F", "536221234"),
                        "employment": {"employment_status": "full-time", "hours_worked": 40,
                                       "employment_dates": {"hire_date": "2024-01-01"}}},
           "dependents": dependents, "coverages": coverages, "events": []})
}

/// Variants C and D: the employee's open Beam medical and `ended` (ended
/// 2025-12-31, the carrier and its line); the current snapshot no longer
/// lists the ended row, and the employee's birth date is mistyped.
fn employee_variant(ended: (&str, &str, &str)) -> (Value, Value) {
    let (carrier, line, plan) = ended;
    let prev = family(
        false,
        json!([
            coverage(
                BEAM,
                "medical",
                MEDICAL,
                json!([member("employee", EMPLOYEE, "2025-01-01", "9999-12-31")])
            ),
            coverage(
                carrier,
                line,
                plan,
                json!([member("employee", EMPLOYEE, "2025-01-01", "2025-12-31")])
            ),
        ]),
    );
    let mut cur = prev.clone();
    cur["coverages"].as_array_mut().unwrap().pop();
    cur["employee"]["person"]["date_of_birth"] = json!("1980-02-30");
    (prev, cur)
}

/// Variant B: the spouse's Beam row ended 2025-12-31 and is no longer
/// listed; her birth date is mistyped.
fn spouse_ended_variant() -> (Value, Value) {
    let prev = family(
        true,
        json!([
            coverage(
                BEAM,
                "medical",
                MEDICAL,
                json!([
                    member("employee", EMPLOYEE, "2025-01-01", "9999-12-31"),
                    member("dependent", SPOUSE, "2025-01-01", "2025-12-31"),
                ])
            ),
            coverage(
                GUARDIAN,
                "dental",
                DENTAL,
                json!([member("employee", EMPLOYEE, "2025-01-01", "9999-12-31")])
            ),
        ]),
    );
    let mut cur = prev.clone();
    cur["coverages"][0]["enrolled_members"]
        .as_array_mut()
        .unwrap()
        .pop();
    cur["dependents"][0]["person"]["date_of_birth"] = json!("1981-02-30");
    (prev, cur)
}

/// The waive variant: the spouse's future Cigna vision becomes a waive (end
/// = start − 1 day) and her SSN is mistyped (8 digits).
fn spouse_waive_variant() -> (Value, Value) {
    let prev = family(
        true,
        json!([
            coverage(
                BEAM,
                "medical",
                MEDICAL,
                json!([member("employee", EMPLOYEE, "2026-01-01", "9999-12-31")])
            ),
            coverage(
                CIGNA,
                "vision",
                VISION,
                json!([
                    member("employee", EMPLOYEE, "2026-01-01", "9999-12-31"),
                    member("dependent", SPOUSE, "2026-07-01", "9999-12-31"),
                ])
            ),
        ]),
    );
    let mut cur = prev.clone();
    cur["coverages"][1]["enrolled_members"][1]["effective_end_date"] = json!("2026-06-30");
    cur["dependents"][0]["person"]["ssn"] = json!("53622123");
    (prev, cur)
}

fn preview(e: &Engine, prev: &Value, cur: &Value) -> Preview {
    let opts = PreviewOptions {
        now: Timestamp::parse(NOW).unwrap(),
    };
    e.preview_str(Some(&prev.to_string()), &cur.to_string(), &opts)
}

/// (code, path, carrier_ids) of each blocking issue.
fn blocking(p: &Preview) -> Vec<(&str, &str, Vec<&str>)> {
    p.issues
        .iter()
        .filter(|i| i.severity.blocks())
        .map(|i| {
            let ids = i.carrier_ids.iter().map(String::as_str).collect();
            (i.code.as_str(), i.path.as_str(), ids)
        })
        .collect()
}

/// (carrier, status, error codes) of each carrier's summary.
fn statuses(p: &Preview) -> Vec<(&str, String, Vec<&str>)> {
    p.fulfillment_summary
        .iter()
        .map(|f| {
            let codes = f.errors.iter().map(|i| i.code.as_str()).collect();
            (f.carrier_id.as_str(), f.status.as_str().to_owned(), codes)
        })
        .collect()
}

/// (carrier, blocked) of each transaction.
fn transactions(p: &Preview) -> Vec<(&str, bool)> {
    p.transactions
        .iter()
        .map(|t| (t.carrier_id.as_str(), t.blocked))
        .collect()
}

/// (carrier, field, before, after) of each person's difference.
fn person_fields(p: &Preview) -> Vec<(&str, String, Value, Value)> {
    p.differences
        .iter()
        .filter(|d| d.line_of_coverage.is_none())
        .flat_map(|d| {
            d.fields.iter().map(|f| {
                (
                    d.carrier_id.as_str(),
                    f.key.clone(),
                    f.before.clone(),
                    f.after.clone(),
                )
            })
        })
        .collect()
}

/// `export834` of the current snapshot for Cigna: its text and (code, path) issues.
fn export_cigna(e: &Engine, prev: &Value, cur: &Value) -> (String, Vec<(String, String, Vec<String>)>) {
    let opts = ExportOptions {
        carrier_id: CIGNA.into(),
        created: Timestamp::parse(NOW).unwrap(),
        control_number: 7,
        sender: None,
        receiver: None,
        mode: ExportMode::Change,
        part: ExportPart::Interchange,
    };
    let x = e
        .export834_str(Some(&prev.to_string()), &cur.to_string(), &opts)
        .unwrap();
    let issues = x
        .issues
        .iter()
        .map(|i| (i.code.clone(), i.path.clone(), i.carrier_ids.clone()))
        .collect();
    (x.text, issues)
}

fn validate_blocking(e: &Engine, cur: &Value) -> Vec<(String, Vec<String>)> {
    let opts = ValidateOptions {
        today: Timestamp::parse(NOW).unwrap().date(),
    };
    let r = e.validate_value(cur, &opts);
    r.issues
        .iter()
        .filter(|i| i.severity.blocks())
        .map(|i| (i.code.clone(), i.carrier_ids.clone()))
        .collect()
}

#[test]
fn an_employee_error_blocks_a_carrier_of_the_previous_snapshot_only() {
    let e = engine();
    let (prev, cur) = employee_variant((GUARDIAN, "dental", DENTAL));
    let p = preview(&e, &prev, &cur);
    let dob = "/employee/person/date_of_birth";
    assert_eq!(blocking(&p), [("impossible_date", dob, vec![BEAM, GUARDIAN])]);
    assert_eq!(
        statuses(&p),
        [
            (BEAM, "invalid".to_owned(), vec!["impossible_date"]),
            (GUARDIAN, "invalid".to_owned(), vec!["impossible_date"]),
        ]
    );
    assert_eq!(transactions(&p), [(BEAM, true), (GUARDIAN, true)]);
    let field = "person.date_of_birth".to_owned();
    assert_eq!(
        person_fields(&p),
        [
            (BEAM, field.clone(), json!("1980-05-05"), Value::Null),
            (GUARDIAN, field, json!("1980-05-05"), Value::Null),
        ]
    );
    assert!(!p.valid);
    // Without a previous snapshot, the family's carriers are the current one's.
    let found = validate_blocking(&e, &cur);
    assert_eq!(found, [("impossible_date".to_owned(), vec![BEAM.to_owned()])]);
}

#[test]
fn an_employee_error_blocks_the_file_of_a_send_carrier_of_the_previous_snapshot_only() {
    let e = engine();
    let (prev, cur) = employee_variant((CIGNA, "vision", VISION));
    let p = preview(&e, &prev, &cur);
    let dob = "/employee/person/date_of_birth";
    assert_eq!(blocking(&p), [("impossible_date", dob, vec![BEAM, CIGNA])]);
    assert_eq!(
        statuses(&p),
        [
            (BEAM, "invalid".to_owned(), vec!["impossible_date"]),
            (CIGNA, "invalid".to_owned(), vec!["impossible_date"]),
        ]
    );
    assert_eq!(transactions(&p), [(BEAM, true), (CIGNA, true)]);
    assert_eq!(p.fulfillment_summary[1].next_transmission, None);
    let (text, issues) = export_cigna(&e, &prev, &cur);
    assert_eq!(text, "");
    let cigna = vec![CIGNA.to_owned()];
    assert_eq!(
        issues,
        [
            ("impossible_date".to_owned(), dob.to_owned(), cigna.clone()),
            ("edi_carrier_blocked".to_owned(), String::new(), cigna),
        ]
    );
}

#[test]
fn a_dependent_error_blocks_a_carrier_where_she_was_enrolled() {
    let e = engine();
    let (prev, cur) = spouse_ended_variant();
    let p = preview(&e, &prev, &cur);
    let dob = "/dependents/0/person/date_of_birth";
    assert_eq!(blocking(&p), [("impossible_date", dob, vec![BEAM])]);
    assert_eq!(
        statuses(&p),
        [
            (BEAM, "invalid".to_owned(), vec!["impossible_date"]),
            (GUARDIAN, "no_changes".to_owned(), vec![]),
        ]
    );
    assert_eq!(transactions(&p), [(BEAM, true)]);
    let field = "person.date_of_birth".to_owned();
    assert_eq!(
        person_fields(&p),
        [(BEAM, field, json!("1981-01-01"), Value::Null)]
    );
    // The current snapshot enrolls her nowhere: validate alone blocks no carrier.
    let found = validate_blocking(&e, &cur);
    assert_eq!(found, [("impossible_date".to_owned(), vec![])]);
}

#[test]
fn a_dependent_error_blocks_the_carrier_her_new_waive_goes_to() {
    let e = engine();
    let (prev, cur) = spouse_waive_variant();
    let p = preview(&e, &prev, &cur);
    assert_eq!(
        blocking(&p),
        [("invalid_ssn", "/dependents/0/person/ssn", vec![CIGNA])]
    );
    assert_eq!(
        statuses(&p),
        [
            (BEAM, "no_changes".to_owned(), vec![]),
            (CIGNA, "invalid".to_owned(), vec!["invalid_ssn"]),
        ]
    );
    assert_eq!(transactions(&p), [(CIGNA, true)]);
    let field = "person.ssn".to_owned();
    assert_eq!(
        person_fields(&p),
        [(CIGNA, field, json!("*****1235"), Value::Null)]
    );
    let (text, issues) = export_cigna(&e, &prev, &cur);
    assert_eq!(text, "");
    let cigna = vec![CIGNA.to_owned()];
    assert_eq!(
        issues,
        [
            (
                "invalid_ssn".to_owned(),
                "/dependents/0/person/ssn".to_owned(),
                cigna.clone()
            ),
            ("edi_carrier_blocked".to_owned(), String::new(), cigna),
        ]
    );
    // Alone, the current snapshot's waive enrolls no one (a waive that was
    // already one is sent nothing): validate names no carrier, as a preview
    // without a previous snapshot does.
    let found = validate_blocking(&e, &cur);
    assert_eq!(found, [("invalid_ssn".to_owned(), vec![])]);
    let alone = e.preview_str(
        None,
        &cur.to_string(),
        &PreviewOptions {
            now: Timestamp::parse(NOW).unwrap(),
        },
    );
    assert_eq!(
        blocking(&alone),
        [("invalid_ssn", "/dependents/0/person/ssn", vec![])]
    );
}

fn text(s: &str) -> Arg<Text> {
    Ok(Measured::Fits(s.to_owned()))
}

fn opts() -> Arg<Option<Text>> {
    Ok(Some(Measured::Fits(json!({ "now": NOW }).to_string())))
}

/// Typing each variant's mistake into the previous snapshot's text with
/// `prepared.edit` answers (summary and details) as a whole preview does.
#[test]
fn typing_the_mistakes_answers_as_a_whole_preview() {
    let e = engine();
    let variants = [
        employee_variant((GUARDIAN, "dental", DENTAL)),
        employee_variant((CIGNA, "vision", VISION)),
        spouse_ended_variant(),
        spouse_waive_variant(),
    ];
    for (k, (prev, cur)) in variants.iter().enumerate() {
        let mut p = Prepared::new(engine::prepare(&e, text(&prev.to_string()).map(Some)).unwrap());
        let mut model = cur.clone();
        // The coverages as they are now, then each person's data as typed.
        let people: Vec<(&str, Value)> = vec![
            ("/employee", prev["employee"].clone()),
            ("/dependents", prev["dependents"].clone()),
        ];
        for (at, was) in &people {
            *model.pointer_mut(at).unwrap() = was.clone();
        }
        engine::prepared_check(&e, &mut p, text(&model.to_string()), opts()).unwrap();
        let edits = [
            "/employee/person/date_of_birth",
            "/dependents/0/person/date_of_birth",
            "/dependents/0/person/ssn",
        ];
        for pointer in edits {
            let (Some(typed), Some(_)) = (cur.pointer(pointer), model.pointer(pointer)) else {
                continue;
            };
            if model.pointer(pointer) == Some(typed) {
                continue;
            }
            let value = Some(Measured::Fits(typed.to_string()));
            let got = engine::prepared_edit(&e, &mut p, text(pointer), Ok(value), opts()).unwrap();
            *model.pointer_mut(pointer).unwrap() = typed.clone();
            let whole = preview(&e, &prev.clone(), &model);
            assert_eq!(
                json!(got),
                json!(PreviewSummary::of(&whole)),
                "variant {k}: {pointer}"
            );
            let details = engine::prepared_details(&e, &mut p).unwrap();
            assert_eq!(json!(details), json!(whole), "variant {k}: {pointer}");
            assert!(
                blocking(details).iter().all(|(_, _, ids)| !ids.is_empty()),
                "variant {k}"
            );
        }
        assert_eq!(model, *cur, "variant {k}: every mistake typed");
    }
}

/// Review 28g #2: the employee's open Beam medical and Cigna vision ended
/// 2025-12-31, the current snapshot no longer listing the ended row (a
/// previous-only carrier); `change` is applied to the current one.
fn previous_only_cigna(change: impl Fn(&mut Value)) -> (Value, Value) {
    let (prev, mut cur) = employee_variant((CIGNA, "vision", VISION));
    cur["employee"] = prev["employee"].clone();
    change(&mut cur);
    (prev, cur)
}

/// An impossible event date (2026-11-31).
fn event_typo(cur: &mut Value) {
    cur["events"] = json!([{"id": "oe-2027", "date": "2026-11-31", "type": "coverage",
                            "reason": "open_enrollment"}]);
}

/// The employee's first name changed: a change Cigna receives too.
fn renamed(cur: &mut Value) {
    cur["employee"]["person"]["first_name"] = json!("Anne");
}

/// The codes of `export834`'s issues for Cigna.
fn export_codes(e: &Engine, prev: &Value, cur: &Value) -> (String, Vec<String>) {
    let (text, issues) = export_cigna(e, prev, cur);
    (text, issues.into_iter().map(|(code, ..)| code).collect())
}

/// Review 28g #2: an event typo produces no difference; Cigna, which the
/// current snapshot does not list and which receives nothing, is not
/// blocked by it, and its 834 says there is nothing to send. Beam, which
/// the current snapshot lists, still is.
#[test]
fn an_event_typo_does_not_block_a_previous_only_carrier_sent_nothing() {
    let e = engine();
    let (prev, cur) = previous_only_cigna(event_typo);
    let p = preview(&e, &prev, &cur);
    assert!(p.differences.is_empty());
    assert_eq!(blocking(&p), [("impossible_date", "/events/0/date", vec![BEAM])]);
    assert_eq!(
        statuses(&p),
        [
            (BEAM, "invalid".to_owned(), vec!["impossible_date"]),
            (CIGNA, "no_changes".to_owned(), vec![]),
        ]
    );
    assert_eq!(
        export_codes(&e, &prev, &cur),
        (String::new(), vec!["edi_nothing_to_send".to_owned()])
    );
    // prepared.check and details, and the census entry, answer the same.
    answers_as_the_preview(&e, &prev, &cur, &p);
}

/// A bad birth date the previous snapshot had too shows in no difference:
/// Cigna receives nothing and is not blocked; Beam is.
#[test]
fn an_unchanged_employee_error_does_not_block_a_previous_only_carrier_sent_nothing() {
    let e = engine();
    let bad_dob = |s: &mut Value| s["employee"]["person"]["date_of_birth"] = json!("1980-02-30");
    let (mut prev, cur) = previous_only_cigna(bad_dob);
    bad_dob(&mut prev);
    let p = preview(&e, &prev, &cur);
    assert!(p.differences.is_empty());
    let dob = "/employee/person/date_of_birth";
    assert_eq!(blocking(&p), [("impossible_date", dob, vec![BEAM])]);
    assert_eq!(
        statuses(&p),
        [
            (BEAM, "invalid".to_owned(), vec!["impossible_date"]),
            (CIGNA, "no_changes".to_owned(), vec![]),
        ]
    );
    assert_eq!(
        export_codes(&e, &prev, &cur),
        (String::new(), vec!["edi_nothing_to_send".to_owned()])
    );
    // Sent the employee's new name, Cigna is blocked by the birth date.
    let (mut prev, cur) = previous_only_cigna(|s| {
        bad_dob(s);
        renamed(s);
    });
    bad_dob(&mut prev);
    let p = preview(&e, &prev, &cur);
    assert_eq!(blocking(&p), [("impossible_date", dob, vec![BEAM, CIGNA])]);
    assert_eq!(transactions(&p), [(BEAM, true), (CIGNA, true)]);
    let (text, codes) = export_codes(&e, &prev, &cur);
    assert_eq!(text, "");
    assert_eq!(codes, ["impossible_date", "edi_carrier_blocked"]);
}

/// A previous-only carrier that receives a difference is blocked by a
/// family issue, whoever's difference it is: the event typo blocks Cigna
/// once the employee's new name is sent there.
#[test]
fn an_event_typo_blocks_a_previous_only_carrier_sent_a_difference() {
    let e = engine();
    let (prev, cur) = previous_only_cigna(|s| {
        event_typo(s);
        renamed(s);
    });
    let p = preview(&e, &prev, &cur);
    assert_eq!(
        blocking(&p),
        [("impossible_date", "/events/0/date", vec![BEAM, CIGNA])]
    );
    assert_eq!(
        statuses(&p),
        [
            (BEAM, "invalid".to_owned(), vec!["impossible_date"]),
            (CIGNA, "invalid".to_owned(), vec!["impossible_date"]),
        ]
    );
    assert_eq!(transactions(&p), [(BEAM, true), (CIGNA, true)]);
    let (text, codes) = export_codes(&e, &prev, &cur);
    assert_eq!(text, "");
    assert_eq!(codes, ["impossible_date", "edi_carrier_blocked"]);
}

/// `prepared.edit` decides on each keystroke's differences: typing the
/// event typo, then the name Cigna receives, then the old name again flips
/// Cigna from `no_changes` to `invalid` and back, as a whole preview does.
#[test]
fn an_edit_sending_the_only_difference_flips_the_block() {
    let e = engine();
    let (prev, mut model) = previous_only_cigna(|_| {});
    let mut p = Prepared::new(engine::prepare(&e, text(&prev.to_string()).map(Some)).unwrap());
    engine::prepared_check(&e, &mut p, text(&model.to_string()), opts()).unwrap();
    let typo = json!([{"id": "oe-2027", "date": "2026-11-31", "type": "coverage",
                       "reason": "open_enrollment"}]);
    let edits = [
        ("/events", typo, "no_changes"),
        ("/employee/person/first_name", json!("Anne"), "invalid"),
        ("/employee/person/first_name", json!("Ann"), "no_changes"),
    ];
    for (pointer, value, cigna) in edits {
        let typed = Some(Measured::Fits(value.to_string()));
        let got = engine::prepared_edit(&e, &mut p, text(pointer), Ok(typed), opts()).unwrap();
        *model.pointer_mut(pointer).unwrap() = value.clone();
        let whole = preview(&e, &prev, &model);
        assert_eq!(
            json!(got),
            json!(PreviewSummary::of(&whole)),
            "{pointer} = {value}"
        );
        let details = engine::prepared_details(&e, &mut p).unwrap();
        assert_eq!(json!(details), json!(whole), "{pointer} = {value}");
        assert_eq!(statuses(details)[1].1, cigna, "{pointer} = {value}");
    }
}

/// A dependent's error blocks a carrier only the routes add when it
/// receives a difference of hers: her birth date, mistyped in both
/// snapshots, shows in none. Beam (where her row was dropped) receiving
/// only the employee's new name is not blocked; receiving her new name, it
/// is. Her coverage turned into a waive sends Cigna her enrollment's
/// difference, so her SSN mistyped in both snapshots still blocks it.
#[test]
fn a_dependent_error_blocks_a_routed_carrier_only_with_a_difference_of_hers() {
    let e = engine();
    let dob = "/dependents/0/person/date_of_birth";
    let (mut prev, mut cur) = spouse_ended_variant();
    prev["dependents"][0]["person"]["date_of_birth"] = json!("1981-02-30");
    renamed(&mut cur);
    let p = preview(&e, &prev, &cur);
    assert_eq!(blocking(&p), [("impossible_date", dob, vec![])]);
    assert_eq!(
        statuses(&p),
        [
            (BEAM, "processing".to_owned(), vec![]),
            (GUARDIAN, "processing".to_owned(), vec![]),
        ]
    );
    cur["dependents"][0]["person"]["first_name"] = json!("Bob");
    let p = preview(&e, &prev, &cur);
    assert_eq!(blocking(&p), [("impossible_date", dob, vec![BEAM])]);
    assert_eq!(transactions(&p), [(BEAM, true), (GUARDIAN, false)]);

    let (mut prev, cur) = spouse_waive_variant();
    prev["dependents"][0]["person"]["ssn"] = json!("53622123");
    let p = preview(&e, &prev, &cur);
    assert!(person_fields(&p).is_empty());
    assert_eq!(
        blocking(&p),
        [("invalid_ssn", "/dependents/0/person/ssn", vec![CIGNA])]
    );
    assert_eq!(transactions(&p), [(CIGNA, true)]);
}

/// A dependent appended as a copy of another (its ids used twice) is
/// enrolled nowhere of its own: its issues block where its changes are
/// routed, the carriers of the person its key names. A keystroke's
/// differences carry deferred ids (tokens), so the narrowing must read
/// the references as they do: appending it by `prepared.edit` blocks
/// exactly what a whole preview blocks (tests/js/diff.test.mjs found it).
#[test]
fn an_appended_copy_of_a_dependent_blocks_alike_by_edit_and_by_preview() {
    let e = engine();
    let prev = fixture_json("three-carriers-snapshot.json");
    let mut model = prev.clone();
    let mut p = Prepared::new(engine::prepare(&e, text(&prev.to_string()).map(Some)).unwrap());
    engine::prepared_check(&e, &mut p, text(&model.to_string()), opts()).unwrap();
    let copy = model["dependents"][0].clone();
    let dob = model["employee"]["person"]["date_of_birth"].clone();
    let edits = [
        ("/employee/person/home_address/street_one", json!("7")),
        ("/employee/person/home_address/street_one", json!("7 Alder")),
        ("/dependents/0/person/middle_name", json!("Q")),
        ("/dependents/-", copy),
        ("/employee/person/date_of_birth", Value::Null),
        ("/employee/person/date_of_birth", dob),
    ];
    for (pointer, value) in edits {
        let typed = Some(Measured::Fits(value.to_string()));
        let got = engine::prepared_edit(&e, &mut p, text(pointer), Ok(typed), opts()).unwrap();
        let (parent, last) = pointer.rsplit_once('/').unwrap();
        match model.pointer_mut(parent).unwrap() {
            Value::Array(list) => list.push(value),
            object => object[last] = value,
        }
        let whole = preview(&e, &prev, &model);
        assert_eq!(json!(got), json!(PreviewSummary::of(&whole)), "{pointer}");
        let details = engine::prepared_details(&e, &mut p).unwrap();
        assert_eq!(json!(details), json!(whole), "{pointer}");
    }
    let whole = preview(&e, &prev, &model);
    assert!(
        whole.issues.iter().any(|i| !i.carrier_ids.is_empty()),
        "{:#?}",
        whole.issues
    );
    // A value typed again as it stands: the same answer.
    let street = "/employee/person/home_address/street_one";
    let typed = Some(Measured::Fits(json!("7 Alder").to_string()));
    let again = engine::prepared_edit(&e, &mut p, text(street), Ok(typed), opts()).unwrap();
    assert_eq!(json!(again), json!(PreviewSummary::of(&whole)));
    assert_eq!(json!(engine::prepared_details(&e, &mut p).unwrap()), json!(whole));
}

/// Review 29e F1: Bo, enrolled at Beam medical and Cigna vision, has his
/// rows dropped from both (`terminate`) and loses both ids; `dob` is his
/// birth date as typed.
fn unpaired_spouse(dob: &str) -> (Value, Value) {
    let both = |carrier, line, plan| {
        let members = json!([
            member("employee", EMPLOYEE, "2026-01-01", "9999-12-31"),
            member("dependent", SPOUSE, "2026-01-01", "9999-12-31"),
        ]);
        coverage(carrier, line, plan, members)
    };
    let mut prev = family(
        true,
        json!([both(BEAM, "medical", MEDICAL), both(CIGNA, "vision", VISION)]),
    );
    prev["omitted_coverage_handling"] = json!({"policy": "terminate"});
    let mut cur = prev.clone();
    for k in 0..2 {
        cur["coverages"][k]["enrolled_members"]
            .as_array_mut()
            .unwrap()
            .pop();
    }
    let spouse = cur["dependents"][0].as_object_mut().unwrap();
    spouse.remove("id");
    spouse.remove("custom_individual_id");
    cur["dependents"][0]["person"]["date_of_birth"] = json!(dob);
    (prev, cur)
}

/// (carrier, object type, change, reference) of each difference.
fn sent(p: &Preview) -> Vec<(&str, String, String, &str)> {
    p.differences
        .iter()
        .map(|d| {
            let (kind, change) = (json!(d.object_type), json!(d.change));
            let (kind, change) = (
                kind.as_str().unwrap().to_owned(),
                change.as_str().unwrap().to_owned(),
            );
            (
                d.carrier_id.as_str(),
                kind,
                change,
                d.individual.reference.as_str(),
            )
        })
        .collect()
}

/// Review 29e F1: paired with the previous Bo by name and birth date, the
/// spouse without ids blocks Beam and Cigna, which receive his rows'
/// removal. With an impossible birth date he cannot be paired: the diff
/// sends the removal of the previous Bo, whom it paired with no one, and no
/// difference of the current one. A second error must not unblock a
/// carrier: such a removal counts as a difference of the dependent that
/// could not be paired, so both carriers stay blocked, by both issues, and
/// `export834` refuses Cigna's file as before. The keystroke path and the
/// census entry answer the same.
#[test]
fn a_dependent_who_cannot_be_paired_blocks_where_an_unpaired_one_is_removed() {
    let e = engine();
    let (spouse, dob) = ("/dependents/0", "/dependents/0/person/date_of_birth");
    let (prev, cur) = unpaired_spouse("1981-01-01");
    let p = preview(&e, &prev, &cur);
    assert_eq!(blocking(&p), [("person_id_missing", spouse, vec![BEAM, CIGNA])]);
    assert_eq!(transactions(&p), [(BEAM, true), (CIGNA, true)]);
    let refused = ["person_id_missing", "edi_carrier_blocked"].map(String::from);
    assert_eq!(export_codes(&e, &prev, &cur), (String::new(), refused.to_vec()));

    let (prev, cur) = unpaired_spouse("1981-02-30");
    let p = preview(&e, &prev, &cur);
    // Only the previous Bo's removal is sent: he has no reference of the current one.
    let was = p.differences[0].individual.reference.as_str();
    let removal = |c| (c, "individual_enrollment".to_owned(), "removed".to_owned(), was);
    let removed = |c| (c, "dependent".to_owned(), "removed".to_owned(), was);
    assert_eq!(
        sent(&p),
        [removed(BEAM), removal(BEAM), removed(CIGNA), removal(CIGNA)]
    );
    assert_eq!(
        blocking(&p),
        [
            ("impossible_date", dob, vec![BEAM, CIGNA]),
            ("person_id_missing", spouse, vec![BEAM, CIGNA]),
        ]
    );
    let both = vec!["impossible_date", "person_id_missing"];
    assert_eq!(
        statuses(&p),
        [
            (BEAM, "invalid".to_owned(), both.clone()),
            (CIGNA, "invalid".to_owned(), both),
        ]
    );
    assert_eq!(transactions(&p), [(BEAM, true), (CIGNA, true)]);
    assert!(!p.valid);
    let (file, codes) = export_codes(&e, &prev, &cur);
    assert_eq!(file, "");
    assert_eq!(
        codes,
        ["impossible_date", "person_id_missing", "edi_carrier_blocked"]
    );
    // prepared.check and details, and the census entry, answer the same.
    answers_as_the_preview(&e, &prev, &cur, &p);
}

/// The over-blocking stays with a dependent that could not be paired: one
/// the pairing tells apart (its own `custom_individual_id`, a readable
/// birth date another than the previous Bo's) is a new person, and its
/// mistyped SSN blocks no carrier the previous Bo's removal goes to (it is
/// enrolled nowhere). Its birth date made impossible, it could be anyone:
/// both carriers are blocked.
#[test]
fn a_new_dependent_told_apart_does_not_block_where_another_is_removed() {
    let e = engine();
    let (prev, mut cur) = unpaired_spouse("1981-01-02");
    cur["dependents"][0]["custom_individual_id"] = json!("D2");
    cur["dependents"][0]["person"]["ssn"] = json!("53622123");
    let ssn = "/dependents/0/person/ssn";
    let p = preview(&e, &prev, &cur);
    assert_eq!(blocking(&p), [("invalid_ssn", ssn, vec![])]);
    assert_eq!(transactions(&p), [(BEAM, false), (CIGNA, false)]);
    cur["dependents"][0]["person"]["date_of_birth"] = json!("1981-02-30");
    let p = preview(&e, &prev, &cur);
    let dob = "/dependents/0/person/date_of_birth";
    assert_eq!(
        blocking(&p),
        [
            ("impossible_date", dob, vec![BEAM, CIGNA]),
            ("invalid_ssn", ssn, vec![BEAM, CIGNA]),
        ]
    );
    assert_eq!(transactions(&p), [(BEAM, true), (CIGNA, true)]);
}

/// Review 29e F1 by keystrokes: the birth date typed impossible, then
/// valid again, answers (summary and details) as a whole preview does, and
/// Cigna stays `invalid` throughout.
#[test]
fn typing_a_birth_date_that_unpairs_a_dependent_answers_as_a_whole_preview() {
    let e = engine();
    let (prev, mut model) = unpaired_spouse("1981-01-01");
    let mut p = Prepared::new(engine::prepare(&e, text(&prev.to_string()).map(Some)).unwrap());
    engine::prepared_check(&e, &mut p, text(&model.to_string()), opts()).unwrap();
    let pointer = "/dependents/0/person/date_of_birth";
    for dob in ["1981-02-30", "1981-01-01", "1981-02-30"] {
        let typed = Some(Measured::Fits(json!(dob).to_string()));
        let got = engine::prepared_edit(&e, &mut p, text(pointer), Ok(typed), opts()).unwrap();
        *model.pointer_mut(pointer).unwrap() = json!(dob);
        let whole = preview(&e, &prev, &model);
        assert_eq!(json!(got), json!(PreviewSummary::of(&whole)), "{dob}");
        let details = engine::prepared_details(&e, &mut p).unwrap();
        assert_eq!(json!(details), json!(whole), "{dob}");
        let carriers: Vec<(&str, String)> = statuses(details).into_iter().map(|(c, s, _)| (c, s)).collect();
        let invalid = "invalid".to_owned();
        assert_eq!(carriers, [(BEAM, invalid.clone()), (CIGNA, invalid)], "{dob}");
    }
}

/// `prepared.check` and `details` from `prev`, and the census entry of the
/// pair, answer as the preview `p` of `prev` → `cur`.
fn answers_as_the_preview(e: &Engine, prev: &Value, cur: &Value, p: &Preview) {
    let mut prepared = Prepared::new(engine::prepare(e, text(&prev.to_string()).map(Some)).unwrap());
    let got = engine::prepared_check(e, &mut prepared, text(&cur.to_string()), opts()).unwrap();
    assert_eq!(json!(got), json!(PreviewSummary::of(p)));
    assert_eq!(
        json!(engine::prepared_details(e, &mut prepared).unwrap()),
        json!(p)
    );
    let record = json!({"previous": prev, "current": cur}).to_string();
    let Record::Answer(census) = preview_record(e, text(&record), opts()).unwrap() else {
        panic!("the record is answered")
    };
    assert_eq!(json!(census), json!(p));
}
