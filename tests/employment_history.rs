//! Review 27c: an employment history (a rehire after a termination, a
//! reinstatement) on the three-carrier family. An earlier termination belongs
//! to the earlier employment: it limits no coverage of the new one, and a
//! termination event the snapshot still lists after a reinstatement or
//! rehire needs no `terminated` date (docs/api.md, validate's choices).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use enroll_engine::model::{Date, Timestamp};
use enroll_engine::preview::PreviewOptions;
use enroll_engine::{Engine, ValidateOptions};
use serde_json::{json, Value};

fn engine() -> Engine {
    Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap()
}

/// Maria Rivera's family, every coverage from 2026-01-01.
fn family(edit: impl FnOnce(&mut Value)) -> Value {
    let mut d = fixture_json("three-carriers-snapshot.json");
    edit(&mut d);
    d
}

fn employment_dates(d: &mut Value, dates: Value) {
    d["employee"]["employment"]["employment_dates"] = dates;
}

fn each_member(d: &mut Value, f: impl Fn(&mut Value)) {
    for c in d["coverages"].as_array_mut().unwrap() {
        for m in c["enrolled_members"].as_array_mut().unwrap() {
            f(m);
        }
    }
}

/// `(code, path, params)` of each issue of the snapshot alone.
fn issues(d: &Value) -> Vec<(String, String, Value)> {
    let opts = ValidateOptions {
        today: Date::parse("2025-12-01").ok(),
    };
    engine()
        .validate_str(&d.to_string(), &opts)
        .issues
        .into_iter()
        .map(|i| (i.code, i.path, Value::Object(i.params)))
        .collect()
}

/// `(carrier, status)` of each carrier in a preview.
fn statuses(prev: Option<&Value>, cur: &Value, now: &str) -> Vec<(String, String)> {
    let prev = prev.map(Value::to_string);
    let opts = PreviewOptions {
        now: Timestamp::parse(now).unwrap(),
    };
    let p = engine().preview_str(prev.as_deref(), &cur.to_string(), &opts);
    let p = serde_json::to_value(&p).unwrap();
    p["fulfillment_summary"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["carrier_id"].as_str().unwrap().into(),
                c["status"].as_str().unwrap().into(),
            )
        })
        .collect()
}

/// No carrier blocked: Beam and Guardian (sync) processing, Cigna (a
/// `send` carrier) scheduled.
fn unblocked() -> Vec<(String, String)> {
    [
        (BEAM, "processing"),
        (GUARDIAN, "processing"),
        (CIGNA, "scheduled"),
    ]
    .iter()
    .map(|(c, s)| ((*c).to_owned(), (*s).to_owned()))
    .collect()
}

/// Hired 2015, terminated 2024-06-30, rehired 2025-11-03 (the shape of
/// Noyo's EmploymentDates example).
fn rehired(edit: impl FnOnce(&mut Value)) -> Value {
    family(|d| {
        employment_dates(
            d,
            json!({"hire_date": "2015-03-02", "terminated": "2024-06-30", "rehire": "2025-11-03"}),
        );
        edit(d);
    })
}

#[test]
fn a_termination_before_the_rehire_limits_no_coverage_of_the_new_employment() {
    // Was: 8 coverage_after_termination errors, every carrier invalid.
    let cur = rehired(|_| {});
    assert_eq!(issues(&cur), []);
    assert_eq!(statuses(None, &cur, "2025-12-01T12:00:00Z"), unblocked());
    // Coverage of the earlier employment that outran its termination month
    // and ended in the gap is still flagged; running on through the rehire is not.
    let outran = rehired(|d| {
        each_member(d, |m| {
            m["effective_start_date"] = json!("2020-01-01");
            m["effective_end_date"] = json!("2025-12-31");
        });
        d["coverages"][3]["enrolled_members"][0]["effective_end_date"] = json!("2024-08-31");
    });
    assert_eq!(
        issues(&outran),
        [(
            "coverage_after_termination".to_owned(),
            "/coverages/3/enrolled_members/0/effective_end_date".to_owned(),
            json!({"end": "2024-08-31", "terminated": "2024-06-30"})
        )]
    );
    // A termination on or after the rehire ends the new employment, as before.
    let ended = family(|d| {
        employment_dates(
            d,
            json!({"hire_date": "2015-03-02", "rehire": "2025-11-03", "terminated": "2026-03-10"}),
        );
        d["coverages"][3]["enrolled_members"][0]["effective_end_date"] = json!("2026-03-31");
    });
    let found = issues(&ended);
    assert_eq!(found.len(), 7, "{found:?}");
    assert!(found
        .iter()
        .all(|(code, _, p)| code == "coverage_after_termination"
            && p == &json!({"end": "9999-12-31", "terminated": "2026-03-10"})));
}

#[test]
fn coverage_starting_between_the_employments_is_before_the_rehire() {
    let before_hire = |start: &str, rehire: &str| {
        (
            "coverage_before_hire".to_owned(),
            "/coverages/3/enrolled_members/0/effective_start_date".to_owned(),
            json!({"start": start, "hire_date": rehire}),
        )
    };
    // Only the life coverage starts early: 2025-10-01, after the 2024
    // termination and before the 2025-11-03 rehire.
    let in_gap =
        rehired(|d| d["coverages"][3]["enrolled_members"][0]["effective_start_date"] = json!("2025-10-01"));
    assert_eq!(issues(&in_gap), [before_hire("2025-10-01", "2025-11-03")]);
    // No earlier termination known: nothing tells a start in the gap from a
    // start during the earlier employment, and nothing is flagged (review 27f).
    let no_termination = family(|d| {
        employment_dates(d, json!({"hire_date": "2015-03-02", "rehire": "2025-11-03"}));
        d["coverages"][3]["enrolled_members"][0]["effective_start_date"] = json!("2025-10-01");
    });
    assert_eq!(issues(&no_termination), []);
    // The termination known from its event instead of the date: the gap is known.
    let by_event = family(|d| {
        employment_dates(d, json!({"hire_date": "2015-03-02", "rehire": "2025-11-03"}));
        d["events"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": "left", "date": "2024-06-30", "type": "coverage", "reason": "termination"}));
        d["coverages"][3]["enrolled_members"][0]["effective_start_date"] = json!("2025-10-01");
    });
    assert_eq!(issues(&by_event), [before_hire("2025-10-01", "2025-11-03")]);
    // Coverage that began during the earlier employment, continuing through
    // the rehire, is not before any hire.
    let continuing =
        rehired(|d| d["coverages"][3]["enrolled_members"][0]["effective_start_date"] = json!("2016-01-01"));
    assert_eq!(issues(&continuing), []);
    // Before the original hire date, as before.
    let before_first =
        rehired(|d| d["coverages"][3]["enrolled_members"][0]["effective_start_date"] = json!("2015-01-01"));
    assert_eq!(issues(&before_first), [before_hire("2015-01-01", "2015-03-02")]);
}

/// Terminated on 2026-06-15, every coverage ended 2026-06-30.
fn terminated() -> Value {
    family(|d| {
        set(d, "/employee/employment/employment_status", json!("terminated"));
        d["employee"]["employment"]["employment_dates"]["terminated"] = json!("2026-06-15");
        each_member(d, |m| m["effective_end_date"] = json!("2026-06-30"));
        d["events"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": "term", "date": "2026-06-15", "type": "coverage", "reason": "termination"}));
    })
}

/// The termination reversed: the date removed, the coverage reopened, the
/// termination event still listed beside the event that reversed it.
fn reinstated(reason: &str, date: &str) -> Value {
    family(|d| {
        d["events"].as_array_mut().unwrap().extend([
            json!({"id": "term", "date": "2026-06-15", "type": "coverage", "reason": "termination"}),
            json!({"id": "back", "date": date, "type": "coverage", "reason": reason}),
        ]);
    })
}

#[test]
fn a_termination_event_reversed_later_needs_no_termination_date() {
    // Was: termination_date_missing at /events/1/reason, every carrier invalid.
    for reason in ["reinstatement", "rehire"] {
        let cur = reinstated(reason, "2026-07-10");
        assert_eq!(issues(&cur), [], "{reason}");
        assert_eq!(
            statuses(Some(&terminated()), &cur, "2026-07-10T00:00:00Z"),
            unblocked(),
            "{reason}"
        );
    }
    // A rehire date after it reverses it too.
    let rehire_date = family(|d| {
        d["events"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": "term", "date": "2026-06-15", "type": "coverage", "reason": "termination"}));
        employment_dates(d, json!({"hire_date": "2025-11-03", "rehire": "2026-07-13"}));
        each_member(d, |m| m["effective_start_date"] = json!("2026-08-01"));
    });
    assert_eq!(issues(&rehire_date), []);
    // A reinstatement before the termination reverses nothing.
    let missing = vec![(
        "termination_date_missing".to_owned(),
        "/events/1/reason".to_owned(),
        json!({}),
    )];
    assert_eq!(issues(&reinstated("reinstatement", "2026-06-01")), missing);
    // Nor does one on the same day.
    assert_eq!(issues(&reinstated("reinstatement", "2026-06-15")), missing);
}

/// Review 27f #1: a rehired employee whose snapshot still lists the first
/// job's rows, ended before the rehire, beside the new coverage — the
/// termination known from its event, the `terminated` date cleared on the
/// rehire. Those rows are the earlier employment's: nothing is flagged.
#[test]
fn the_first_jobs_ended_rows_beside_a_rehire_are_that_jobs() {
    let history = family(|d| {
        employment_dates(d, json!({"hire_date": "2025-11-03", "rehire": "2026-09-01"}));
        for c in d["coverages"].as_array_mut().unwrap() {
            for m in c["enrolled_members"].as_array_mut().unwrap() {
                m["effective_end_date"] = json!("2026-03-31");
            }
        }
        let mut again = d["coverages"][0].clone();
        for m in again["enrolled_members"].as_array_mut().unwrap() {
            m["effective_start_date"] = json!("2026-10-01");
            m["effective_end_date"] = json!("9999-12-31");
        }
        d["coverages"].as_array_mut().unwrap().push(again);
        let events = d["events"].as_array_mut().unwrap();
        events.push(json!({"id": "left", "date": "2026-03-15", "type": "coverage", "reason": "termination"}));
        events.push(json!({"id": "back", "date": "2026-09-01", "type": "coverage", "reason": "rehire"}));
    });
    assert_eq!(issues(&history), []);
}
