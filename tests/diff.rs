//! diff and preview: matching, routing, ids, omitted coverages, transactions,
//! the fulfillment summary (seed 002) and the acknowledgement (seed 004).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use enroll_engine::diff::ids::stable_id;
use enroll_engine::diff::{Change, DiffOptions, DiffResult, ObjectType, TransactionType};
use enroll_engine::fulfillment::{FulfillmentStatus, SnapshotStatus};
use enroll_engine::model::{Date, Timestamp};
use enroll_engine::preview::{Preview, PreviewOptions};
use enroll_engine::{Engine, ErrorCode};
use serde_json::{json, Value};

const DENTAL_PLUS: &str = "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e03";
const NOW: &str = "2026-11-25T12:00:00Z"; // a Wednesday

fn engine() -> Engine {
    Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap()
}

fn family() -> Value {
    fixture_json("three-carriers-snapshot.json")
}

fn edited(edit: impl FnOnce(&mut Value)) -> Value {
    let mut d = family();
    edit(&mut d);
    d
}

fn diff_at(prev: Option<&Value>, cur: &Value, today: Option<&str>) -> DiffResult {
    let prev = prev.map(Value::to_string);
    let opts = DiffOptions {
        today: today.map(|t| Date::parse(t).unwrap()),
    };
    engine().diff_str(prev.as_deref(), &cur.to_string(), &opts)
}

fn diff(prev: Option<&Value>, cur: &Value) -> DiffResult {
    diff_at(prev, cur, Some("2026-11-25"))
}

fn preview(prev: Option<&Value>, cur: &Value) -> Preview {
    let prev = prev.map(Value::to_string);
    let opts = PreviewOptions {
        now: Timestamp::parse(NOW).unwrap(),
    };
    engine().preview_str(prev.as_deref(), &cur.to_string(), &opts)
}

/// `(carrier, object_type, change, path)` of each difference.
fn shape(r: &DiffResult) -> Vec<(String, ObjectType, Change, String)> {
    r.differences
        .iter()
        .map(|d| (d.carrier_id.clone(), d.object_type, d.change, d.path.clone()))
        .collect()
}

fn carriers_of(r: &DiffResult) -> Vec<&str> {
    let mut out: Vec<&str> = r.differences.iter().map(|d| d.carrier_id.as_str()).collect();
    out.dedup();
    out
}

#[test]
fn a_snapshot_against_itself_has_no_differences() {
    let cases = [
        (engine(), family()),
        (
            engine(),
            edited(|d| {
                set(
                    d,
                    "/coverages/1/enrolled_members/1/effective_end_date",
                    json!("2025-12-31"),
                )
            }),
        ),
        (example_engine(), example_snapshot()),
    ];
    for (e, s) in cases {
        let text = s.to_string();
        let r = e.diff_str(Some(&text), &text, &DiffOptions::default());
        assert_eq!(r, DiffResult::default(), "{text}");
    }
}

#[test]
fn a_first_submission_is_a_new_hire_per_carrier() {
    let r = diff(None, &family());
    let kinds: Vec<_> = r
        .transactions
        .iter()
        .map(|t| (t.carrier_id.as_str(), t.transaction_type))
        .collect();
    assert_eq!(
        kinds,
        [
            (BEAM, TransactionType::NewHire),
            (GUARDIAN, TransactionType::NewHire),
            (CIGNA, TransactionType::NewHire)
        ]
    );
    let lines: Vec<Vec<&str>> = r
        .transactions
        .iter()
        .map(|t| t.lines_of_coverage.iter().map(|l| l.as_str()).collect())
        .collect();
    assert_eq!(lines, [vec!["medical"], vec!["dental"], vec!["vision", "life"]]);
    for t in &r.transactions {
        assert_eq!(
            t.expected_verification_date.map(|d| d.to_string()),
            Some("2026-01-01".into())
        );
        let mine: Vec<_> = r
            .differences
            .iter()
            .filter(|d| d.carrier_id == t.carrier_id)
            .map(|d| &d.id)
            .collect();
        assert_eq!(t.difference_ids.iter().collect::<Vec<_>>(), mine);
    }
    // The employee to every carrier; the spouse to Beam and Guardian; the child to Beam and Cigna.
    let people: Vec<_> = r
        .differences
        .iter()
        .filter(|d| d.object_type != ObjectType::IndividualEnrollment)
        .map(|d| (d.carrier_id.as_str(), d.path.as_str()))
        .collect();
    assert_eq!(
        people,
        [
            (BEAM, "/employee"),
            (BEAM, "/dependents/0"),
            (BEAM, "/dependents/1"),
            (GUARDIAN, "/employee"),
            (GUARDIAN, "/dependents/0"),
            (CIGNA, "/employee"),
            (CIGNA, "/dependents/1"),
        ]
    );
    assert_eq!(
        r.differences
            .iter()
            .filter(|d| d.object_type == ObjectType::IndividualEnrollment)
            .count(),
        8
    );
    assert!(r.differences.iter().all(|d| d.change == Change::Added));

    // Noyo's example: one carrier; hired in 2014 with coverage from 2022 and an
    // open-enrollment event, so an open enrollment (not a new hire); the
    // waived dental spouse enrolls no one.
    let e = example_engine();
    let r = e.diff_str(None, &example_snapshot().to_string(), &DiffOptions::default());
    assert_eq!(r.transactions.len(), 1);
    assert_eq!(
        r.transactions[0].transaction_type,
        TransactionType::OpenEnrollment
    );
    assert!(!r
        .differences
        .iter()
        .any(|d| d.path == "/coverages/1/enrolled_members/1"));
}

#[test]
fn seed_002_three_carriers_processing_invalid_scheduled() {
    let cur = edited(|d| {
        set(
            d,
            "/employee/person/home_address/street_one",
            json!("7 Alder Court"),
        );
        set(
            d,
            "/employee/person/mailing_address/street_one",
            json!("7 Alder Court"),
        );
        // Guardian's input is broken: the spouse's dental ends long before it starts.
        set(
            d,
            "/coverages/1/enrolled_members/1/effective_end_date",
            json!("2025-06-30"),
        );
    });
    let p = preview(Some(&family()), &cur);
    let summary: Vec<_> = p
        .fulfillment_summary
        .iter()
        .map(|s| {
            (
                s.carrier_id.as_str(),
                s.status,
                s.next_transmission.map(|t| t.to_string()),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (BEAM, FulfillmentStatus::Processing, None),
            (GUARDIAN, FulfillmentStatus::Invalid, None),
            (
                CIGNA,
                FulfillmentStatus::Scheduled,
                Some("2026-11-26T17:00:00Z".into())
            ),
        ]
    );
    let guardian = &p.fulfillment_summary[1];
    let errors: Vec<_> = guardian
        .errors
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    assert_eq!(
        errors,
        [(
            "coverage_ends_before_start",
            "/coverages/1/enrolled_members/1/effective_end_date"
        )]
    );
    assert!(p.fulfillment_summary[0].errors.is_empty() && p.fulfillment_summary[2].errors.is_empty());
    // The others proceed; Guardian's transaction is listed (typed, with its
    // differences: tests/lifecycle.rs), blocked.
    let tx: Vec<_> = p
        .transactions
        .iter()
        .map(|t| (t.carrier_id.as_str(), t.blocked))
        .collect();
    assert_eq!(tx, [(BEAM, false), (GUARDIAN, true), (CIGNA, false)]);
    assert_eq!(
        p.transactions[0].transaction_type,
        TransactionType::DemographicChange
    );
    assert_eq!(p.status, SnapshotStatus::Processing);
    assert!(!p.valid);
    let blocked: Vec<_> = p
        .carriers
        .iter()
        .map(|c| (c.carrier_id.as_str(), c.blocked))
        .collect();
    assert_eq!(blocked, [(BEAM, false), (GUARDIAN, true), (CIGNA, false)]);
    // Nothing changed: every carrier has no_changes and the snapshot is complete.
    let p = preview(Some(&family()), &family());
    assert!(p
        .fulfillment_summary
        .iter()
        .all(|s| s.status == FulfillmentStatus::NoChanges));
    assert_eq!(p.status, SnapshotStatus::Completed);
}

#[test]
fn an_employee_address_change_reaches_every_carrier() {
    let r = diff(
        Some(&family()),
        &edited(|d| set(d, "/employee/person/home_address/zip_code", json!("97209"))),
    );
    assert_eq!(carriers_of(&r), [BEAM, GUARDIAN, CIGNA]);
    for d in &r.differences {
        assert_eq!(
            (d.object_type, d.change),
            (ObjectType::Employee, Change::Modified)
        );
        assert_eq!(d.path, "/employee/person/home_address");
        assert_eq!(
            serde_json::to_value(&d.fields).unwrap(),
            json!([{"key": "person.home_address.zip_code", "before": "97201", "after": "97209"}])
        );
    }
    let tx: Vec<_> = r.transactions.iter().map(|t| t.transaction_type).collect();
    assert_eq!(tx, [TransactionType::DemographicChange; 3]);
    assert!(r
        .transactions
        .iter()
        .all(|t| t.expected_verification_date.is_none()));
    assert_eq!(
        r.transactions[2]
            .lines_of_coverage
            .iter()
            .map(|l| l.as_str())
            .collect::<Vec<_>>(),
        ["vision", "life"]
    );
}

#[test]
fn a_dependent_name_change_reaches_only_that_dependents_carriers() {
    let r = diff(
        Some(&family()),
        &edited(|d| set(d, "/dependents/1/person/first_name", json!("Sophia"))),
    );
    assert_eq!(
        shape(&r),
        [
            (
                BEAM.into(),
                ObjectType::Dependent,
                Change::Modified,
                "/dependents/1/person/first_name".into()
            ),
            (
                CIGNA.into(),
                ObjectType::Dependent,
                Change::Modified,
                "/dependents/1/person/first_name".into()
            ),
        ]
    );
    assert_eq!(r.differences[0].individual.name, "Sophia Rivera");
    // A dependent who only waives a line is not enrolled there.
    let waiving = edited(|d| {
        let waive = json!({"individual_type": "dependent", "individual_id": "e1000000-0000-4000-8000-000000000003",
            "effective_start_date": "2026-01-01", "effective_end_date": "2025-12-31"});
        d["coverages"][1]["enrolled_members"]
            .as_array_mut()
            .unwrap()
            .push(waive);
    });
    let mut renamed = waiving.clone();
    set(&mut renamed, "/dependents/1/person/first_name", json!("Sophia"));
    assert_eq!(carriers_of(&diff(Some(&waiving), &renamed)), [BEAM, CIGNA]);
}

#[test]
fn a_dental_plan_change_reaches_only_dentals_carrier() {
    let r = diff(
        Some(&family()),
        &edited(|d| set(d, "/coverages/1/plan_id", json!(DENTAL_PLUS))),
    );
    assert_eq!(
        shape(&r),
        [
            (
                GUARDIAN.into(),
                ObjectType::IndividualEnrollment,
                Change::Modified,
                "/coverages/1/enrolled_members/0".into()
            ),
            (
                GUARDIAN.into(),
                ObjectType::IndividualEnrollment,
                Change::Modified,
                "/coverages/1/enrolled_members/1".into()
            ),
        ]
    );
    assert_eq!(
        serde_json::to_value(&r.differences[0].fields).unwrap(),
        json!([{"key": "plan_id", "before": "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e02", "after": DENTAL_PLUS}])
    );
    // The open-enrollment event is the previous snapshot's too: it explains
    // nothing new, so the change is a qualifying life event.
    assert_eq!(r.transactions.len(), 1);
    assert_eq!(
        r.transactions[0].transaction_type,
        TransactionType::QualifyingLifeEvent
    );
    assert_eq!(
        r.transactions[0]
            .lines_of_coverage
            .iter()
            .map(|l| l.as_str())
            .collect::<Vec<_>>(),
        ["dental"]
    );
}

#[test]
fn the_same_change_in_two_snapshots_has_the_same_id() {
    let zip = |d: &mut Value| set(d, "/employee/person/home_address/zip_code", json!("97209"));
    let first = diff(Some(&family()), &edited(zip));
    let second = diff(
        Some(&family()),
        &edited(|d| {
            zip(d);
            set(d, "/employee/person/last_name", json!("Rivera-Cruz"));
            set(
                d,
                "/coverages/0/enrolled_members/2/effective_end_date",
                json!("2026-12-31"),
            );
        }),
    );
    for d in &first.differences {
        let same = second
            .differences
            .iter()
            .find(|x| x.id == d.id)
            .unwrap_or_else(|| panic!("{d:?} not in second"));
        assert_eq!(
            (&same.carrier_id, &same.fields, &same.path),
            (&d.carrier_id, &d.fields, &d.path)
        );
    }
    assert_eq!(second.differences.len(), first.differences.len() * 2 + 1);
    // Ids differ per carrier and per change.
    let mut ids: Vec<&String> = second.differences.iter().map(|d| &d.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), second.differences.len());
}

#[test]
fn people_are_matched_by_id_then_custom_id_then_name_and_birth_date_never_ssn() {
    // Reordered dependents are the same people.
    let reordered = edited(|d| d["dependents"].as_array_mut().unwrap().reverse());
    assert!(diff(Some(&family()), &reordered).differences.is_empty());
    // Without ids, by custom_individual_id.
    let strip = |d: &mut Value, keep_custom: bool| {
        for k in 0..2 {
            remove(d, &format!("/dependents/{k}/id"));
            if !keep_custom {
                remove(d, &format!("/dependents/{k}/custom_individual_id"));
            }
        }
        for c in d["coverages"].as_array_mut().unwrap() {
            for m in c["enrolled_members"].as_array_mut().unwrap() {
                if m["individual_type"] == "dependent" {
                    let sp = m["individual_id"] == "e1000000-0000-4000-8000-000000000002";
                    m.as_object_mut().unwrap().remove("individual_id");
                    m["custom_individual_id"] = json!(if sp { "DEP-2001" } else { "DEP-2002" });
                }
            }
        }
    };
    let by_custom = edited(|d| strip(d, true));
    assert!(diff(Some(&family()), &by_custom).differences.is_empty());
    // By name and date of birth when a side has no ids at all: only the ids change.
    let anonymous = edited(|d| strip(d, false));
    let r = diff(Some(&family()), &anonymous);
    assert!(r
        .differences
        .iter()
        .all(|d| d.object_type != ObjectType::Dependent || d.change == Change::Modified));
    // Same SSN, different person: never matched by SSN alone.
    let swapped = edited(|d| {
        set(
            d,
            "/dependents/1/id",
            json!("e1000000-0000-4000-8000-000000000009"),
        );
        set(d, "/dependents/1/custom_individual_id", json!("DEP-2009"));
        set(d, "/dependents/1/person/first_name", json!("Mateo"));
        set(d, "/dependents/1/person/date_of_birth", json!("2014-02-02"));
        for c in d["coverages"].as_array_mut().unwrap() {
            for m in c["enrolled_members"].as_array_mut().unwrap() {
                if m["individual_id"] == "e1000000-0000-4000-8000-000000000003" {
                    m["individual_id"] = json!("e1000000-0000-4000-8000-000000000009");
                }
            }
        }
    });
    let r = diff_at(Some(&family()), &swapped, None);
    let dependents: Vec<_> = r
        .differences
        .iter()
        .filter(|d| d.object_type == ObjectType::Dependent)
        .map(|d| (d.change, d.path.as_str()))
        .collect();
    assert!(
        dependents.contains(&(Change::Added, "/dependents/1")),
        "{dependents:?}"
    );
    assert!(
        dependents.contains(&(Change::Removed, "/dependents/1")),
        "{dependents:?}"
    );
}

#[test]
fn ssns_are_masked_in_differences() {
    let r = diff(
        Some(&family()),
        &edited(|d| set(d, "/dependents/0/person/ssn", json!("536229999"))),
    );
    let text = serde_json::to_string(&r).unwrap();
    assert!(
        !text.contains("536229999") && !text.contains("536221235"),
        "{text}"
    );
    assert_eq!(
        serde_json::to_value(&r.differences[0].fields).unwrap(),
        json!([{"key": "person.ssn", "before": "*****1235", "after": "*****9999"}])
    );
    // The ids still tell different SSN changes apart.
    let other = diff(
        Some(&family()),
        &edited(|d| set(d, "/dependents/0/person/ssn", json!("536228999"))),
    );
    assert_ne!(r.differences[0].id, other.differences[0].id);
}

fn without_vision(policy: Option<Value>) -> Value {
    edited(|d| {
        d["coverages"].as_array_mut().unwrap().remove(2);
        if let Some(p) = policy {
            d["omitted_coverage_handling"] = p;
        }
    })
}

#[test]
fn omitted_coverage_is_rejected_by_default_for_its_carrier_only() {
    let r = diff(Some(&family()), &without_vision(None));
    assert!(r.differences.is_empty());
    let issues: Vec<_> = r
        .issues
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str(), i.carrier_ids.clone()))
        .collect();
    assert_eq!(
        issues,
        [
            ("omitted_coverage", "/coverages", vec![CIGNA.to_string()]),
            ("omitted_coverage", "/coverages", vec![CIGNA.to_string()]),
        ]
    );
    assert_eq!(
        r.issues[1].message,
        "Sofia Rivera's vision coverage at carrier 0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d03 was in force in the previous snapshot and is missing from this one."
    );
    assert_eq!(
        r.issues[1].params["previous_path"],
        "/coverages/2/enrolled_members/1"
    );
    let p = preview(Some(&family()), &without_vision(None));
    let status: Vec<_> = p.fulfillment_summary.iter().map(|s| s.status).collect();
    assert_eq!(
        status,
        [
            FulfillmentStatus::NoChanges,
            FulfillmentStatus::NoChanges,
            FulfillmentStatus::Invalid
        ]
    );
    // An explicit continue leaves it; a coverage that had already ended is no omission.
    assert_eq!(
        diff(
            Some(&family()),
            &without_vision(Some(json!({"policy": "continue"})))
        ),
        DiffResult::default()
    );
    let ended = edited(|d| {
        set(
            d,
            "/coverages/2/enrolled_members/0/effective_end_date",
            json!("2026-06-30"),
        );
        set(
            d,
            "/coverages/2/enrolled_members/1/effective_end_date",
            json!("2026-06-30"),
        );
    });
    let mut gone = ended.clone();
    gone["coverages"].as_array_mut().unwrap().remove(2);
    assert_eq!(diff(Some(&ended), &gone), DiffResult::default());
}

#[test]
fn omitted_coverage_is_terminated_when_asked() {
    let custom = json!({"policy": "terminate", "termination_rule": "custom", "custom": {"effective_end_date": "2026-12-15"}});
    let r = diff(Some(&family()), &without_vision(Some(custom)));
    assert!(r.issues.is_empty());
    assert_eq!(
        shape(&r),
        [
            (
                CIGNA.into(),
                ObjectType::IndividualEnrollment,
                Change::Removed,
                "/coverages/2/enrolled_members/0".into()
            ),
            (
                CIGNA.into(),
                ObjectType::IndividualEnrollment,
                Change::Removed,
                "/coverages/2/enrolled_members/1".into()
            ),
        ]
    );
    assert_eq!(
        serde_json::to_value(&r.differences[0].fields).unwrap(),
        json!([{"key": "effective_end_date", "before": "9999-12-31", "after": "2026-12-15"}])
    );
    // The employee keeps Cigna's life: ending vision adjusts their
    // selections (review 27c), a life event due on its last day.
    let t = &r.transactions[0];
    assert_eq!(
        (
            t.transaction_type,
            t.expected_verification_date.map(|d| d.to_string())
        ),
        (TransactionType::QualifyingLifeEvent, Some("2026-12-15".into()))
    );

    let month_end = json!({"policy": "terminate", "termination_rule": "end_of_current_month"});
    let r = diff(Some(&family()), &without_vision(Some(month_end.clone())));
    assert_eq!(r.differences[0].fields[0].after, "2026-11-30");
    let prior = json!({"policy": "terminate", "termination_rule": "end_of_prior_month"});
    assert_eq!(
        diff(Some(&family()), &without_vision(Some(prior))).differences[0].fields[0].after,
        "2026-10-31"
    );
    // Without today the month is unknown.
    let r = diff_at(Some(&family()), &without_vision(Some(month_end)), None);
    assert_eq!(r.issues[0].code, "omitted_coverage_end_unknown");
    assert_eq!(r.issues[0].path, "/omitted_coverage_handling");
    assert_eq!(r.issues[0].carrier_ids, [CIGNA]);
}

#[test]
fn transaction_types_follow_the_events_and_the_changes() {
    // Termination: employment ends, every coverage ends with it.
    let terminated = edited(|d| {
        d["employee"]["employment"]["employment_dates"]["terminated"] = json!("2026-06-15");
        set(d, "/employee/employment/employment_status", json!("terminated"));
        for c in d["coverages"].as_array_mut().unwrap() {
            for m in c["enrolled_members"].as_array_mut().unwrap() {
                m["effective_end_date"] = json!("2026-06-30");
            }
        }
        d["events"] = json!([{"id": "t", "date": "2026-06-15", "type": "coverage", "reason": "termination"}]);
    });
    let r = diff(Some(&family()), &terminated);
    for t in &r.transactions {
        assert_eq!(t.transaction_type, TransactionType::Termination);
        assert_eq!(
            t.expected_verification_date.map(|d| d.to_string()),
            Some("2026-06-30".into())
        );
    }
    assert_eq!(r.transactions.len(), 3);
    // A newborn: a qualifying life event, verified on the new coverage's start.
    let newborn = edited(|d| {
        let baby = json!({"id": "e1000000-0000-4000-8000-000000000004", "custom_individual_id": "DEP-2003",
            "relationship": "child", "person": {"first_name": "Ana", "last_name": "Rivera", "date_of_birth": "2026-03-02",
            "sex": "F", "home_address": d["employee"]["person"]["home_address"].clone(),
            "mailing_address": d["employee"]["person"]["mailing_address"].clone()}});
        d["dependents"].as_array_mut().unwrap().push(baby);
        d["coverages"][0]["enrolled_members"]
            .as_array_mut()
            .unwrap()
            .push(json!({"individual_type": "dependent",
            "individual_id": "e1000000-0000-4000-8000-000000000004", "effective_start_date": "2026-03-02",
            "effective_end_date": "9999-12-31", "event_id": "nb"}));
        d["events"] = json!([{"id": "nb", "date": "2026-03-02", "type": "coverage", "reason": "newborn"}]);
    });
    let r = diff(Some(&family()), &newborn);
    assert_eq!(carriers_of(&r), [BEAM]);
    let t = &r.transactions[0];
    assert_eq!(t.transaction_type, TransactionType::QualifyingLifeEvent);
    assert_eq!(
        t.expected_verification_date.map(|d| d.to_string()),
        Some("2026-03-02".into())
    );
    assert_eq!(
        t.difference_ids.len(),
        2,
        "the new dependent and the new enrollment"
    );
}

#[test]
fn references_are_stable_across_snapshots() {
    let first = preview(None, &family());
    let later = preview(
        Some(&family()),
        &edited(|d| {
            set(d, "/dependents/1/person/first_name", json!("Sophia"));
            set(d, "/coverages/1/plan_id", json!(DENTAL_PLUS));
            d["dependents"].as_array_mut().unwrap().reverse();
            for c in d["coverages"].as_array_mut().unwrap() {
                c["enrolled_members"].as_array_mut().unwrap().reverse();
            }
        }),
    );
    let people = |p: &Preview| {
        let mut v: Vec<(String, String)> = p
            .acknowledgement
            .individuals
            .iter()
            .map(|i| (i.reference.clone(), i.path.clone()))
            .collect();
        v.sort();
        v.into_iter().map(|(r, _)| r).collect::<Vec<_>>()
    };
    assert_eq!(people(&first), people(&later));
    assert_eq!(first.acknowledgement.individuals.len(), 3);
    let mut a: Vec<_> = first
        .acknowledgement
        .coverages
        .iter()
        .map(|c| c.reference.clone())
        .collect();
    let mut b: Vec<_> = later
        .acknowledgement
        .coverages
        .iter()
        .map(|c| c.reference.clone())
        .collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
    assert_eq!(a.len(), 8);
    // The references in differences are the acknowledgement's.
    for d in &later.differences {
        assert!(later
            .acknowledgement
            .individuals
            .iter()
            .any(|i| i.reference == d.individual.reference));
    }
}

#[test]
fn unreadable_inputs_are_issues_not_errors() {
    let r = engine().diff_str(Some("{"), &family().to_string(), &DiffOptions::default());
    assert_eq!(r.issues.len(), 1);
    let i = &r.issues[0];
    assert_eq!(
        (i.code.as_str(), i.path.as_str()),
        ("previous_snapshot_unreadable", "")
    );
    assert_eq!(i.params["code"], "json_syntax");
    assert_eq!(i.carrier_ids, [BEAM, GUARDIAN, CIGNA]);
    let r = engine().diff_str(None, "[]", &DiffOptions::default());
    assert_eq!(r.issues[0].code, "not_an_object");
    assert!(r.differences.is_empty());
    let p = preview(Some(&json!("not a snapshot")), &family());
    assert_eq!(
        p.issues.last().map(|i| i.code.as_str()),
        Some("previous_snapshot_unreadable")
    );
    assert!(p
        .fulfillment_summary
        .iter()
        .all(|s| s.status == FulfillmentStatus::Invalid));
}

#[test]
fn preview_needs_now() {
    for (opts, ok) in [
        (json!({"now": "2026-11-25T12:00:00Z"}), true),
        (json!({"now": "2026-11-25T07:00:00-05:00"}), true),
        (json!({}), false),
        (json!({"now": "2026-11-25"}), false),
        (json!({"now": 1}), false),
        (
            json!({"now": "2026-11-25T12:00:00Z", "today": "2026-11-25"}),
            false,
        ),
    ] {
        let r = PreviewOptions::from_json(&opts);
        assert_eq!(r.is_ok(), ok, "{opts}");
        if let Err(e) = r {
            assert_eq!(e.code, ErrorCode::InvalidOptions);
        }
    }
}

#[test]
fn the_events_a_change_names_decide_its_transaction_type() {
    // A leftover open-enrollment event in the snapshot, but the new child's
    // enrollment names a newborn event: a qualifying life event.
    let cur = edited(|d| {
        d["events"] = json!([
            {"id": "oe", "date": "2025-11-15", "type": "coverage", "reason": "open_enrollment"},
            {"id": "nb", "date": "2026-03-02", "type": "coverage", "reason": "newborn"}
        ]);
        d["coverages"][2]["enrolled_members"][1]["event_id"] = json!("nb");
        d["coverages"][2]["enrolled_members"][1]["effective_start_date"] = json!("2026-03-02");
    });
    let r = diff(Some(&family()), &cur);
    assert_eq!(
        r.transactions[0].transaction_type,
        TransactionType::QualifyingLifeEvent
    );
    // Without an event named, the snapshot's new coverage events decide; the
    // open enrollment the previous snapshot listed too is not new.
    let unnamed = edited(|d| {
        set(
            d,
            "/coverages/2/enrolled_members/1/effective_start_date",
            json!("2026-03-02"),
        )
    });
    assert_eq!(
        diff(Some(&family()), &unnamed).transactions[0].transaction_type,
        TransactionType::QualifyingLifeEvent
    );
}

#[test]
fn a_snapshot_whose_every_change_is_blocked_is_processing_with_its_blocked_transaction() {
    let cur = edited(|d| {
        set(
            d,
            "/coverages/1/enrolled_members/1/effective_end_date",
            json!("2025-06-30"),
        )
    });
    let p = preview(Some(&family()), &cur);
    let tx: Vec<_> = p
        .transactions
        .iter()
        .map(|t| (t.carrier_id.as_str(), t.blocked))
        .collect();
    assert_eq!(tx, [(GUARDIAN, true)]);
    // It requires action and never completes (issue 14; seed 001): processing.
    assert_eq!(p.status, SnapshotStatus::Processing);
    // Nothing could be compared (a fatal issue): submitted, going nowhere.
    let p = preview(Some(&family()), &json!({"employee": 5}));
    assert!(p.transactions.is_empty());
    assert_eq!(p.status, SnapshotStatus::Submitted);
}

/// A key with a dot of its own and the same path nested are two fields:
/// `a~1b` (its dot escaped, `~` as `~0`) and `a.b` — one key for both had
/// lost the nested change and invented one for the other (review 24e #2).
#[test]
fn a_dotted_key_and_the_same_path_nested_are_two_fields() {
    let prev = edited(|d| d["employee"]["person"]["x"] = json!({ "a.b": 1, "a": { "b": 2 }, "t~": 5 }));
    let fields = |cur: &Value| {
        let r = diff(Some(&prev), cur);
        let mut out: Vec<(String, Value, Value)> = r
            .differences
            .iter()
            .filter(|d| d.carrier_id == r.differences[0].carrier_id)
            .flat_map(|d| {
                d.fields
                    .iter()
                    .map(|f| (f.key.clone(), f.before.clone(), f.after.clone()))
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        (out, r.differences.first().map(|d| d.path.clone()))
    };
    let nested = edited(|d| d["employee"]["person"]["x"] = json!({ "a.b": 1, "a": { "b": 3 }, "t~": 5 }));
    assert_eq!(
        fields(&nested).0,
        [("person.x.a.b".to_owned(), json!(2), json!(3))]
    );
    let literal = edited(|d| d["employee"]["person"]["x"] = json!({ "a": { "b": 2 }, "t~": 5 }));
    assert_eq!(
        fields(&literal).0,
        [("person.x.a~1b".to_owned(), json!(1), Value::Null)]
    );
    let tilde = edited(|d| d["employee"]["person"]["x"] = json!({ "a.b": 1, "a": { "b": 2 }, "t~": 6 }));
    let (f, path) = fields(&tilde);
    assert_eq!(f, [("person.x.t~0".to_owned(), json!(5), json!(6))]);
    assert_eq!(path.as_deref(), Some("/employee/person/x"));
    // A difference's path names the JSON keys as written: `a.b`, not `a~1b`.
    let top = edited(|d| d["employee"]["person"]["a.b"] = json!(1));
    let (f, path) = fields(&top);
    assert!(f.iter().any(|(k, _, _)| k == "person.a~1b"), "{f:?}");
    let r = diff(Some(&prev), &top);
    assert!(
        r.differences.iter().any(|d| d.path == "/employee/person/a.b"),
        "{path:?}"
    );
}

/// Sets a member at a JSON Pointer, added when missing (its parent must exist).
fn put(doc: &mut Value, pointer: &str, v: Value) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    doc.pointer_mut(parent).unwrap()[key] = v;
}

/// The 834 segments of `carrier` for `cur` against `prev` that say what
/// changed and when: INS, HD and DTP*303.
fn change_segments(engine: &Engine, prev: &Value, cur: &Value, carrier: &str, created: &str) -> Vec<String> {
    use enroll_engine::x12::{ExportMode, ExportOptions, ExportPart};
    let opts = ExportOptions {
        carrier_id: carrier.into(),
        created: Timestamp::parse(created).unwrap(),
        control_number: 1,
        sender: None,
        receiver: None,
        mode: ExportMode::Change,
        part: ExportPart::Interchange,
    };
    let x = engine
        .export834_str(Some(&prev.to_string()), &cur.to_string(), &opts)
        .unwrap();
    x.text
        .split('\n')
        .filter(|l| l.starts_with("INS") || l.starts_with("HD") || l.starts_with("DTP*303"))
        .map(str::to_owned)
        .collect()
}

/// Source S2: the diff derives "which changes need to be made with each
/// carrier". A coverage naming its plan by `plan_name` in one snapshot and
/// by `plan_id` in the other means the same configured plan (as validation
/// resolves both): nothing changes at the carrier.
#[test]
fn the_same_plan_by_name_then_by_id_is_no_change() {
    // Noyo's own example names life by plan_name.
    let e = example_engine();
    let prev = example_snapshot();
    let mut cur = prev.clone();
    remove(&mut cur, "/coverages/2/plan_name");
    put(
        &mut cur,
        "/coverages/2/plan_id",
        json!("9f1d2c3b-4a5e-4f60-8b7c-2d3e4f5a6b02"),
    );
    let opts = PreviewOptions {
        now: Timestamp::parse("2026-03-03T15:00:00Z").unwrap(),
    };
    let p = e.preview_str(Some(&prev.to_string()), &cur.to_string(), &opts);
    assert!(p.valid);
    assert_eq!((p.differences.len(), p.transactions.len()), (0, 0));
    // And back: by id before, by its configured name now.
    let p = e.preview_str(Some(&cur.to_string()), &prev.to_string(), &opts);
    assert_eq!((p.differences.len(), p.transactions.len()), (0, 0));

    // The Send carrier gets no plan change (INS*…*22) for Cigna's vision plan respelled.
    let s = fixture_json("scenarios/03-address-move.json");
    let prev = s["current"].clone();
    let mut cur = prev.clone();
    remove(&mut cur, "/coverages/2/plan_id");
    put(&mut cur, "/coverages/2/plan_name", json!("Cigna Vision"));
    let r = diff(Some(&prev), &cur);
    assert_eq!((r.differences.len(), r.transactions.len()), (0, 0));
    assert_eq!(
        change_segments(&engine(), &prev, &cur, CIGNA, "2026-04-10T12:00:00Z"),
        Vec::<String>::new()
    );
}

/// The plan respelled with another change of the same enrollment: only the
/// other change is a difference, and the 834 does not call it a plan change.
#[test]
fn a_respelled_plan_is_not_among_the_changed_fields() {
    let prev = family();
    let cur = edited(|d| {
        remove(d, "/coverages/3/plan_id");
        put(d, "/coverages/3/plan_name", json!("Cigna Basic Life"));
        set(d, "/coverages/3/enrolled_members/0/volume", json!(100000));
    });
    let r = diff(Some(&prev), &cur);
    assert_eq!(
        shape(&r),
        [(
            CIGNA.into(),
            ObjectType::IndividualEnrollment,
            Change::Modified,
            "/coverages/3/enrolled_members/0".into()
        )]
    );
    assert_eq!(
        serde_json::to_value(&r.differences[0].fields).unwrap(),
        json!([{"key": "volume", "before": 50000, "after": 100000}])
    );
    let segments = change_segments(&engine(), &prev, &cur, CIGNA, NOW);
    let ins: Vec<&String> = segments.iter().filter(|l| l.starts_with("INS")).collect();
    assert!(
        !ins.is_empty() && ins.iter().all(|l| !l.contains("*22*")),
        "{segments:?}"
    );
}

/// When the two spellings mean different plans, or either means none (an
/// unknown name), the fields are compared as written.
#[test]
fn plans_that_differ_or_do_not_resolve_are_compared_as_written() {
    let prev = edited(|d| {
        remove(d, "/coverages/1/plan_id");
        put(d, "/coverages/1/plan_name", json!("Guardian Dental Base"));
    });
    let other = edited(|d| set(d, "/coverages/1/plan_id", json!(DENTAL_PLUS)));
    let r = diff(Some(&prev), &other);
    assert_eq!(r.differences.len(), 2);
    assert_eq!(
        serde_json::to_value(&r.differences[0].fields).unwrap(),
        json!([
            {"key": "plan_id", "before": null, "after": DENTAL_PLUS},
            {"key": "plan_name", "before": "Guardian Dental Base", "after": null},
        ])
    );
    assert_eq!(
        r.transactions[0].transaction_type,
        TransactionType::QualifyingLifeEvent
    );
    // An unknown name resolves to no plan: a change, as written.
    let unknown = edited(|d| {
        remove(d, "/coverages/1/plan_id");
        put(d, "/coverages/1/plan_name", json!("Guardian Dental Gold"));
    });
    let r = diff(Some(&family()), &unknown);
    assert_eq!(r.differences.len(), 2);
    assert_eq!(
        serde_json::to_value(&r.differences[0].fields).unwrap(),
        json!([
            {"key": "plan_id", "before": "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e02", "after": null},
            {"key": "plan_name", "before": null, "after": "Guardian Dental Gold"},
        ])
    );
}

/// A later snapshot of scenario 03 (which lists last March's move, already
/// in the previous snapshot) where only the employee's last name changes,
/// with `events` as the current snapshot's.
fn renamed_later(events: Value) -> (Value, Value) {
    let s = fixture_json("scenarios/03-address-move.json");
    let prev = s["current"].clone();
    let mut cur = prev.clone();
    set(&mut cur, "/employee/person/last_name", json!("Rivera-Okafor"));
    set(&mut cur, "/events", events);
    (prev, cur)
}

fn name_event(id: &str, date: &str) -> Value {
    json!({ "id": id, "date": date, "type": "demographic", "reason": "demographic_change" })
}

/// A person's change without an event of its own is dated by the
/// demographic events new to this snapshot (not by one the previous
/// snapshot already listed), whatever their order: the latest of them.
#[test]
fn a_person_change_is_dated_by_the_new_demographic_event_in_any_order() {
    let moved =
        json!({ "id": "move-2026-03", "date": "2026-03-01", "type": "demographic", "reason": "moved" });
    let renamed = name_event("name-2026-09", "2026-09-10");
    let earlier = name_event("name-2026-08", "2026-08-20");
    let dates = |r: &DiffResult| {
        let d: Vec<String> = r
            .differences
            .iter()
            .map(|d| d.effective_date.unwrap().to_string())
            .collect();
        let t: Vec<String> = r
            .transactions
            .iter()
            .map(|t| t.effective_date.unwrap().to_string())
            .collect();
        (d, t)
    };
    let three = || vec!["2026-09-10".to_owned(); 3];
    for events in [
        json!([moved, renamed]),
        json!([renamed, moved]),
        json!([moved, renamed, earlier]),
        json!([earlier, moved, renamed]),
    ] {
        let (prev, cur) = renamed_later(events.clone());
        let r = diff(Some(&prev), &cur);
        assert_eq!(dates(&r), (three(), three()), "{events}");
        assert!(r
            .transactions
            .iter()
            .all(|t| t.transaction_type == TransactionType::DemographicChange));
        let dtp: Vec<String> = change_segments(&engine(), &prev, &cur, CIGNA, "2026-09-15T12:00:00Z")
            .into_iter()
            .filter(|l| l.starts_with("DTP*303"))
            .collect();
        assert_eq!(dtp, ["DTP*303*D8*20260910~"], "{events}");
    }
    // Without a new event: no date — not the old event's, which would date
    // today's change (and DTP*303) by March (review 25g).
    let (prev, cur) = renamed_later(json!([moved]));
    let r = diff(Some(&prev), &cur);
    assert!(!r.differences.is_empty());
    assert!(r.differences.iter().all(|d| d.effective_date.is_none()));
    assert!(r.transactions.iter().all(|t| t.effective_date.is_none()));
    let dtp: Vec<String> = change_segments(&engine(), &prev, &cur, CIGNA, "2026-09-15T12:00:00Z")
        .into_iter()
        .filter(|l| l.contains("*20260301"))
        .collect();
    assert!(dtp.is_empty(), "{dtp:?}");
    // The person's own event still wins.
    let (prev, mut cur) = renamed_later(json!([moved, renamed, earlier]));
    put(&mut cur, "/employee/event_id", json!("name-2026-08"));
    let august = || vec!["2026-08-20".to_owned(); 3];
    assert_eq!(dates(&diff(Some(&prev), &cur)), (august(), august()));
}

const DENTAL_BASE: &str = "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e02";

/// The employee's dental at Guardian written as a plan change is: the Base
/// row ended 2026-06-30 and a Plus row from 2026-07-01 (review 27c).
fn plan_changed_midyear() -> Value {
    let row = |plan: &str, start: &str, end: &str| {
        json!({"carrier_id": GUARDIAN, "line_of_coverage": "dental", "plan_id": plan, "enrolled_members": [
            {"individual_type": "employee", "individual_id": "e1000000-0000-4000-8000-000000000001",
             "effective_start_date": start, "effective_end_date": end}]})
    };
    edited(|d| {
        let coverages = d["coverages"].as_array_mut().unwrap();
        coverages[1] = row(DENTAL_BASE, "2026-01-01", "2026-06-30");
        coverages.insert(2, row(DENTAL_PLUS, "2026-07-01", "9999-12-31"));
    })
}

fn preview_at(prev: Option<&Value>, cur: &Value, now: &str) -> Preview {
    let prev = prev.map(Value::to_string);
    let opts = PreviewOptions {
        now: Timestamp::parse(now).unwrap(),
    };
    engine().preview_str(prev.as_deref(), &cur.to_string(), &opts)
}

/// Each Guardian coverage reference with the plan and start of its row.
fn guardian_references(p: &Preview, cur: &Value) -> Vec<(String, Value, Value)> {
    let mut out: Vec<_> = p
        .acknowledgement
        .coverages
        .iter()
        .filter(|c| c.carrier_id.as_deref() == Some(GUARDIAN))
        .map(|c| {
            let coverage = c.path.split("/enrolled_members").next().unwrap();
            let plan = cur.pointer(coverage).unwrap()["plan_id"].clone();
            let start = cur.pointer(&c.path).unwrap()["effective_start_date"].clone();
            (c.reference.clone(), plan, start)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// A person's two rows of one carrier and line are matched by their
/// content, not by their place in the listing (review 27c a, f): the same
/// rows in the other order are no difference, and each row keeps its
/// coverage reference.
#[test]
fn a_persons_rows_of_one_carrier_and_line_in_another_order_are_no_difference() {
    let listed = plan_changed_midyear();
    let mut swapped = listed.clone();
    swapped["coverages"].as_array_mut().unwrap().swap(1, 2);
    let r = diff_at(Some(&listed), &swapped, Some("2026-06-20"));
    assert_eq!(r, DiffResult::default());
    let now = "2026-06-20T00:00:00Z";
    let (a, b) = (preview_at(None, &listed, now), preview_at(None, &swapped, now));
    let refs = guardian_references(&a, &listed);
    assert_eq!(refs, guardian_references(&b, &swapped));
    // Ranked by start: Base then Plus, whichever is listed first
    // (docs/api.md: `C-` hashes the `P-` reference, then `|carrier|line|ordinal`).
    let person = &a.acknowledgement.individuals[0].reference;
    let reference = |ordinal: u8| stable_id("C-", &[person, &format!("|{GUARDIAN}|dental|{ordinal}")]);
    let plans: Vec<_> = [reference(0), reference(1)]
        .iter()
        .map(|r| {
            refs.iter()
                .find(|x| &x.0 == r)
                .map(|x| (x.1.clone(), x.2.clone()))
        })
        .collect();
    assert_eq!(
        plans,
        [
            Some((json!(DENTAL_BASE), json!("2026-01-01"))),
            Some((json!(DENTAL_PLUS), json!("2026-07-01")))
        ]
    );
}

/// Only enrollments still in force count as omissions: the ended Base row
/// no longer listed leaves Plus matched to Plus — no difference, no issue,
/// Guardian not invalid (review 27c b).
#[test]
fn an_ended_row_no_longer_listed_beside_its_successor_is_no_difference() {
    let listed = plan_changed_midyear();
    for first in [1, 2] {
        let mut order = listed.clone();
        order["coverages"].as_array_mut().unwrap().swap(1, first);
        let mut dropped = order.clone();
        // The Base row, wherever it is listed.
        let base = if first == 1 { 1 } else { 2 };
        dropped["coverages"].as_array_mut().unwrap().remove(base);
        assert_eq!(dropped["coverages"][1]["plan_id"], DENTAL_PLUS);
        let r = diff_at(Some(&order), &dropped, Some("2026-07-15"));
        assert_eq!(r, DiffResult::default(), "Base listed at {base}");
        let p = preview_at(Some(&order), &dropped, "2026-07-15T00:00:00Z");
        let guardian = p.fulfillment_summary.iter().find(|s| s.carrier_id == GUARDIAN);
        assert!(guardian.is_none_or(|s| s.errors.is_empty()), "{guardian:?}");
        assert!(p
            .fulfillment_summary
            .iter()
            .all(|s| s.status != FulfillmentStatus::Invalid));
    }
}

/// Open enrollment 2027 written the usual way: the Base rows end
/// 2026-12-31 and Plus rows start 2027-01-01. Listed before or after the
/// Base coverage, the new one is the same differences: Base end-dated,
/// Plus added (review 27c c).
#[test]
fn a_new_row_listed_before_or_after_the_one_it_replaces_is_the_same_differences() {
    let ended = edited(|d| {
        for m in d["coverages"][1]["enrolled_members"].as_array_mut().unwrap() {
            m["effective_end_date"] = json!("2026-12-31");
        }
        d["events"].as_array_mut().unwrap().push(
            json!({"id": "oe27", "date": "2026-11-10", "type": "coverage", "reason": "open_enrollment"}),
        );
    });
    let mut plus = ended["coverages"][1].clone();
    plus["plan_id"] = json!(DENTAL_PLUS);
    for m in plus["enrolled_members"].as_array_mut().unwrap() {
        m["effective_start_date"] = json!("2027-01-01");
        m["effective_end_date"] = json!("9999-12-31");
    }
    let mut after = ended.clone();
    after["coverages"].as_array_mut().unwrap().push(plus.clone());
    let mut before = ended;
    before["coverages"].as_array_mut().unwrap().insert(1, plus);
    let seen = |cur: &Value| {
        let r = diff_at(Some(&family()), cur, Some("2026-11-12"));
        assert!(r.issues.is_empty());
        let mut v: Vec<_> = r
            .differences
            .iter()
            .map(|d| {
                let plan = cur
                    .pointer(d.path.split("/enrolled_members").next().unwrap())
                    .unwrap()["plan_id"]
                    .clone();
                let fields = serde_json::to_value(&d.fields).unwrap();
                (
                    d.change,
                    d.individual.reference.clone(),
                    plan,
                    fields,
                    d.id.clone(),
                )
            })
            .collect();
        v.sort_by(|a, b| a.4.cmp(&b.4));
        v
    };
    let (a, b) = (seen(&after), seen(&before));
    assert_eq!(a, b);
    let ended_base = json!([{"key": "effective_end_date", "before": "9999-12-31", "after": "2026-12-31"}]);
    let modified: Vec<_> = a.iter().filter(|d| d.0 == Change::Modified).collect();
    assert_eq!(modified.len(), 2);
    assert!(modified.iter().all(|d| d.2 == DENTAL_BASE && d.3 == ended_base));
    let added: Vec<_> = a.iter().filter(|d| d.0 == Change::Added).collect();
    assert_eq!(added.len(), 2);
    for d in added {
        assert_eq!(d.2, DENTAL_PLUS);
        let start =
            d.3.as_array()
                .unwrap()
                .iter()
                .find(|f| f["key"] == "effective_start_date");
        assert_eq!(start.unwrap()["after"], "2027-01-01");
    }
    assert_eq!(a.len(), 4);
}

/// An unknown key with a `.` inside an address (review 29c #2): the address
/// is still one change, its path the address's own pointer into the
/// current snapshot, and the key is escaped as a segment under
/// `person.home_address` (`city.x` is `city~1x`), not the address's prefix
/// (`person~1home_address.county` read as a JSON key "person.home_address").
#[test]
fn a_dotted_unknown_key_in_an_address_keeps_it_one_change() {
    let county = |d: &mut Value, at: &str| {
        d.pointer_mut(at).unwrap()["county"] = json!("Washington");
    };
    let dotted = |d: &mut Value, at: &str, v: Value| {
        d.pointer_mut(at).unwrap()["city.x"] = v;
    };
    for at in [
        "/employee/person/home_address",
        "/employee/person/mailing_address",
        "/dependents/0/person/home_address",
    ] {
        let (person, group) = at.split_at(at.find("/person").unwrap());
        let key = |k: &str| format!("{}.{k}", group[1..].replace('/', "."));
        // The dotted key in the previous snapshot, in the current, in both.
        let cases = [
            (
                edited(|d| dotted(d, at, json!("Y"))),
                edited(|d| county(d, at)),
                json!([
                    {"key": key("city~1x"), "before": "Y", "after": null},
                    {"key": key("county"), "before": null, "after": "Washington"},
                ]),
            ),
            (
                family(),
                edited(|d| {
                    dotted(d, at, json!({"y": "Z"}));
                    county(d, at);
                }),
                json!([
                    {"key": key("city~1x.y"), "before": null, "after": "Z"},
                    {"key": key("county"), "before": null, "after": "Washington"},
                ]),
            ),
            (
                edited(|d| dotted(d, at, json!("Y"))),
                edited(|d| {
                    dotted(d, at, json!("Y"));
                    county(d, at);
                }),
                json!([{"key": key("county"), "before": null, "after": "Washington"}]),
            ),
        ];
        for (prev, cur, fields) in cases {
            let r = diff(Some(&prev), &cur);
            assert!(!r.differences.is_empty(), "{at}");
            for d in &r.differences {
                assert_eq!(d.path, at, "{at}");
                assert_eq!(serde_json::to_value(&d.fields).unwrap(), fields, "{at}");
                assert!(cur.pointer(&d.path).is_some(), "{at}");
            }
            if person == "/employee" {
                assert_eq!(carriers_of(&r), [BEAM, GUARDIAN, CIGNA], "{at}");
            }
        }
    }
}

/// Dotted unknown keys elsewhere in a person (review 29c): in `contact`,
/// and the person's own (which flatten the person whole), beside an
/// address change — each group one change at its own object's pointer.
#[test]
fn dotted_unknown_keys_elsewhere_in_a_person_keep_their_groups() {
    let prev = edited(|d| {
        d["employee"]["person"]["contact"] = json!({"a.b": 1});
        d["employee"]["person"]["nick.name"] = json!("M");
    });
    let cur = edited(|d| {
        d["employee"]["person"]["contact"] = json!({"a.b": 2});
        d["employee"]["person"]["nick.name"] = json!("Mia");
        d["employee"]["person"]["home_address"]["county"] = json!("Washington");
    });
    let r = diff(Some(&prev), &cur);
    let mut seen: Vec<(String, Value)> = r
        .differences
        .iter()
        .filter(|d| d.carrier_id == BEAM)
        .map(|d| (d.path.clone(), serde_json::to_value(&d.fields).unwrap()))
        .collect();
    seen.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        seen,
        [
            (
                "/employee/person/contact".to_owned(),
                json!([{"key": "person.contact.a~1b", "before": 1, "after": 2}])
            ),
            (
                "/employee/person/home_address".to_owned(),
                json!([{"key": "person.home_address.county", "before": null, "after": "Washington"}])
            ),
            (
                "/employee/person/nick.name".to_owned(),
                json!([{"key": "person.nick~1name", "before": "M", "after": "Mia"}])
            ),
        ]
    );
    for (path, _) in &seen {
        assert!(cur.pointer(path).is_some(), "{path}");
    }
}

/// `(effective_date, expected_verification_date)` of `r`'s one difference
/// and its transaction, with the transaction's type.
fn dated_once(r: &DiffResult) -> (String, String, TransactionType) {
    assert_eq!((r.differences.len(), r.transactions.len()), (1, 1), "{r:?}");
    let t = &r.transactions[0];
    (
        r.differences[0].effective_date.unwrap().to_string(),
        t.expected_verification_date.unwrap().to_string(),
        t.transaction_type,
    )
}

/// One rule for every way an event dates a change (review 31e #2): an
/// open enrollment (`open_enrollment`, `dependent_open_enrollment`) dates
/// nothing — its date is the election window — and neither does an event
/// the previous snapshot already listed, whether the change names it by
/// the member's or the person's `event_id` or it is the sole new event.
/// The change then falls back as without the event (the start), and the
/// 834's DTP*303 follows.
#[test]
fn an_event_dates_a_change_only_when_new_and_not_an_open_enrollment() {
    let s = fixture_json("scenarios/06-send-carrier.json");
    let base = s["previous"].clone();
    let raised = |event: Value, event_id: Option<&str>| {
        let mut cur = base.clone();
        cur["events"].as_array_mut().unwrap().push(event);
        set(&mut cur, "/coverages/3/enrolled_members/0/volume", json!(100000));
        if let Some(id) = event_id {
            put(&mut cur, "/coverages/3/enrolled_members/0/event_id", json!(id));
        }
        cur
    };
    let oe = json!({"id": "oe-2027", "date": "2026-11-10", "type": "coverage", "reason": "open_enrollment"});
    let doe = json!({"id": "doe-2027", "date": "2026-11-10", "type": "coverage", "reason": "dependent_open_enrollment"});
    let start = || {
        (
            "2026-01-01".to_owned(),
            "2026-01-01".to_owned(),
            TransactionType::OpenEnrollment,
        )
    };
    // (a) The row names the open enrollment: dated as if it named none.
    let named = raised(oe.clone(), Some("oe-2027"));
    assert_eq!(
        dated_once(&diff_at(Some(&base), &named, Some("2026-11-12"))),
        start()
    );
    assert_eq!(
        dated_once(&diff_at(Some(&base), &raised(oe, None), Some("2026-11-12"))),
        start()
    );
    // (b) A dependent open enrollment, the sole new event, dates nothing either.
    assert_eq!(
        dated_once(&diff_at(
            Some(&base),
            &raised(doe.clone(), None),
            Some("2026-11-12")
        )),
        start()
    );
    assert_eq!(
        dated_once(&diff_at(
            Some(&base),
            &raised(doe, Some("doe-2027")),
            Some("2026-11-12")
        )),
        start()
    );
    let segments = change_segments(&engine(), &base, &named, CIGNA, "2026-11-12T18:30:00Z");
    assert_eq!(
        segments
            .iter()
            .filter(|l| l.starts_with("DTP*303"))
            .collect::<Vec<_>>(),
        ["DTP*303*D8*20260101~"],
        "{segments:?}"
    );

    // (c) A later snapshot: a new marriage, the row still naming the open
    // enrollment the previous snapshot listed: the marriage dates it.
    let prev = s["current"].clone();
    let mut cur = prev.clone();
    cur["events"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "mar-2027", "date": "2027-06-10", "type": "coverage", "reason": "marriage"}));
    set(&mut cur, "/coverages/3/enrolled_members/0/volume", json!(100000));
    remove(
        &mut cur,
        "/coverages/3/enrolled_members/0/latest_change_effective_date",
    );
    assert_eq!(
        dated_once(&diff_at(Some(&prev), &cur, Some("2027-06-15"))),
        (
            "2027-06-10".into(),
            "2027-06-10".into(),
            TransactionType::QualifyingLifeEvent
        )
    );
    // Without it, the start: the old open enrollment dates nothing.
    cur["events"].as_array_mut().unwrap().pop();
    let r = diff_at(Some(&prev), &cur, Some("2027-06-15"));
    assert_eq!(r.differences[0].effective_date.unwrap().to_string(), "2026-01-01");

    // (d) The employee's `event_id` still names the hire both snapshots
    // list: the move is dated by the new demographic event, not the hire.
    let s = fixture_json("scenarios/03-address-move.json");
    let hired = |doc: &Value| {
        let mut doc = doc.clone();
        doc["events"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": "nh-2025", "date": "2025-11-03", "type": "coverage", "reason": "new_hire"}));
        put(&mut doc, "/employee/event_id", json!("nh-2025"));
        doc
    };
    let (prev, cur) = (hired(&s["previous"]), hired(&s["current"]));
    let r = diff_at(Some(&prev), &cur, Some("2026-03-03"));
    let employee: Vec<String> = r
        .differences
        .iter()
        .filter(|d| d.object_type == ObjectType::Employee)
        .map(|d| d.effective_date.unwrap().to_string())
        .collect();
    assert_eq!(employee, vec!["2026-03-01".to_owned(); 6]);
    let segments = change_segments(&engine(), &prev, &cur, CIGNA, "2026-03-03T15:00:00Z");
    assert_eq!(
        segments
            .iter()
            .filter(|l| l.starts_with("DTP*303"))
            .collect::<Vec<_>>(),
        ["DTP*303*D8*20260301~", "DTP*303*D8*20260301~"],
        "{segments:?}"
    );
}

/// A life volume raised with `latest_change_effective_date` 2026-03-01, then
/// the same change corrected to 2026-01-01 (review 31h B, 22_redate.mjs):
/// the correction is a `modified` difference of that field alone, dated by
/// it, at the row's carrier; the raise keeps its one field (and its id);
/// the date set or dropped alone is no difference; `track` finds the
/// correction applied in a report that holds it.
#[test]
fn a_corrected_latest_change_effective_date_is_a_difference() {
    let raised = |on: Option<&str>| {
        edited(|d| {
            let m = &mut d["coverages"][3]["enrolled_members"][0];
            m["volume"] = json!(100_000);
            if let Some(on) = on {
                m["latest_change_effective_date"] = json!(on);
            }
        })
    };
    let (s1, s2) = (raised(Some("2026-03-01")), raised(Some("2026-01-01")));
    let r = diff(Some(&s1), &s2);
    assert_eq!(
        shape(&r),
        [(
            "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d03".to_owned(),
            ObjectType::IndividualEnrollment,
            Change::Modified,
            "/coverages/3/enrolled_members/0".to_owned()
        )]
    );
    let d = &r.differences[0];
    assert_eq!(
        json!(d.fields),
        json!([{ "key": "latest_change_effective_date", "before": "2026-03-01", "after": "2026-01-01" }])
    );
    assert_eq!(d.effective_date, Some(Date::parse("2026-01-01").unwrap()));
    let p = preview(Some(&s1), &s2);
    assert_eq!(p.transactions.len(), 1);
    // The raise itself: its volume alone, as before.
    let raise = diff(Some(&family()), &s1);
    let keys: Vec<&str> = raise.differences[0]
        .fields
        .iter()
        .map(|f| f.key.as_str())
        .collect();
    assert_eq!((raise.differences.len(), keys), (1, vec!["volume"]));
    // Set or dropped alone, nothing to correct.
    assert!(diff(Some(&raised(None)), &s1).differences.is_empty());
    assert!(diff(Some(&s1), &raised(None)).differences.is_empty());
    // Cigna's 834 carries it: the change again, dated anew (DTP*303).
    let opts = enroll_engine::x12::ExportOptions {
        carrier_id: "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d03".into(),
        created: Timestamp::parse("2026-02-10T12:00:00Z").unwrap(),
        control_number: 7,
        sender: None,
        receiver: None,
        mode: enroll_engine::x12::ExportMode::Change,
        part: enroll_engine::x12::ExportPart::Interchange,
    };
    let file = engine()
        .export834_str(Some(&s1.to_string()), &s2.to_string(), &opts)
        .unwrap();
    assert!(file.text.contains("DTP*303*D8*20260101~"), "{}", file.text);
    // A report holding the corrected row has applied it.
    let options = json!({ "completed_difference_ids": [d.id], "today": "2026-03-02" });
    let requested = serde_json::to_value(&r.differences).unwrap();
    let t = engine()
        .track_json(&s2.to_string(), &requested, &s2.to_string(), &options)
        .unwrap();
    assert_eq!(
        json!(t.differences[0].status),
        json!("resolved"),
        "{:?}",
        t.differences
    );
}
