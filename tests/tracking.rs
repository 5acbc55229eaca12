//! Tracking requested differences against the carrier-reported member state
//! (seed 002's two examples, and every status and discrepancy kind).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use enroll_engine::diff::{diff, DiffOptions, DiffResult};
use enroll_engine::model::{GroupConfig, Snapshot};
use enroll_engine::tracking::{track, DiscrepancyKind, Tracking, TrackingStatus};
use enroll_engine::validate::read_structure;
use serde_json::{json, Value};

const CIGNA: &str = "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d03";

fn config() -> GroupConfig {
    let (config, check) =
        enroll_engine::validate::check_config_value(&fixture_json("three-carriers-group.json"));
    assert!(check.valid);
    config
}

fn snapshot(v: &Value) -> Snapshot {
    read_structure(&v.to_string(), 1 << 20).0.unwrap()
}

fn family(edit: impl FnOnce(&mut Value)) -> Value {
    let mut d = fixture_json("three-carriers-snapshot.json");
    edit(&mut d);
    d
}

/// Diff `prev` → `cur`, then track against `report`; `completed` = all or none.
fn run(prev: Option<&Value>, cur: &Value, report: &Value, completed: bool) -> (DiffResult, Tracking) {
    let (p, c, r) = (prev.map(snapshot), snapshot(cur), snapshot(report));
    let d = diff(p.as_ref(), &c, &DiffOptions::default());
    let done: Vec<String> = if completed {
        d.differences.iter().map(|x| x.id.clone()).collect()
    } else {
        Vec::new()
    };
    let t = track(&config(), &c, &d.differences, &r, &done);
    (d, t)
}

fn statuses(t: &Tracking) -> Vec<TrackingStatus> {
    t.differences.iter().map(|d| d.status).collect()
}

#[test]
fn an_enrollment_added_15_days_late_is_a_start_date_discrepancy() {
    let cur = family(|_| {});
    let report = family(|d| {
        set(
            d,
            "/coverages/2/enrolled_members/1/effective_start_date",
            json!("2026-01-16"),
        )
    });
    let (diff, t) = run(None, &cur, &report, true);
    let late = diff
        .differences
        .iter()
        .position(|d| d.path == "/coverages/2/enrolled_members/1")
        .unwrap();
    let tracked = &t.differences[late];
    assert_eq!(tracked.status, TrackingStatus::Discrepancy);
    assert_eq!(tracked.carrier_id, CIGNA);
    assert_eq!(
        serde_json::to_value(&tracked.discrepancies).unwrap(),
        json!([{"kind": "field_mismatch", "key": "effective_start_date", "requested": "2026-01-01",
                "reported": "2026-01-16", "note": null}])
    );
    // Everything else the carriers show as requested.
    let others: Vec<_> = t
        .differences
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != late)
        .map(|(_, d)| d.status)
        .collect();
    assert!(
        others.iter().all(|s| *s == TrackingStatus::Resolved),
        "{others:?}"
    );
    assert!(t.unrequested.is_empty());
}

#[test]
fn life_volume_issued_below_the_request_is_pending_eoi() {
    let prev = family(|_| {});
    let cur = family(|d| set(d, "/coverages/3/enrolled_members/0/volume", json!(200000)));
    let report = family(|d| set(d, "/coverages/3/enrolled_members/0/volume", json!(150000)));
    let (_, t) = run(Some(&prev), &cur, &report, true);
    assert_eq!(t.differences.len(), 1);
    assert_eq!(t.differences[0].status, TrackingStatus::Discrepancy);
    assert_eq!(
        serde_json::to_value(&t.differences[0].discrepancies).unwrap(),
        json!([{"kind": "field_mismatch", "key": "volume", "requested": 200000, "reported": 150000,
                "note": "pending evidence of insurability: issued 150000, guaranteed issue 150000, requested 200000"}])
    );
}

#[test]
fn open_until_completed_then_a_discrepancy() {
    let prev = family(|_| {});
    let cur = family(|d| set(d, "/employee/person/home_address/zip_code", json!("97209")));
    // The carriers still show the old address.
    let (_, t) = run(Some(&prev), &cur, &prev, false);
    assert_eq!(statuses(&t), [TrackingStatus::Open; 3]);
    let (_, t) = run(Some(&prev), &cur, &prev, true);
    assert_eq!(statuses(&t), [TrackingStatus::Discrepancy; 3]);
    assert_eq!(t.differences[0].discrepancies[0].reported, "97201");
    // Once they show it, resolved.
    let (_, t) = run(Some(&prev), &cur, &cur, false);
    assert_eq!(statuses(&t), [TrackingStatus::Resolved; 3]);
}

#[test]
fn missing_from_carrier_and_from_platform() {
    // The carrier never got the child's vision enrollment.
    let cur = family(|_| {});
    let report = family(|d| {
        d["coverages"][2]["enrolled_members"]
            .as_array_mut()
            .unwrap()
            .remove(1);
    });
    let (diff, t) = run(None, &cur, &report, true);
    let k = diff
        .differences
        .iter()
        .position(|d| d.path == "/coverages/2/enrolled_members/1")
        .unwrap();
    assert_eq!(t.differences[k].status, TrackingStatus::Discrepancy);
    assert_eq!(
        t.differences[k].discrepancies[0].kind,
        DiscrepancyKind::MissingFromCarrier
    );
    let (_, open) = run(None, &cur, &report, false);
    assert_eq!(open.differences[k].status, TrackingStatus::Open);

    // The carrier still covers the spouse for vision; the platform never asked.
    let report = family(|d| {
        d["coverages"][2]["enrolled_members"]
            .as_array_mut()
            .unwrap()
            .push(json!({"individual_type": "dependent",
            "individual_id": "e1000000-0000-4000-8000-000000000002", "effective_start_date": "2025-01-01",
            "effective_end_date": "9999-12-31"}));
    });
    let (_, t) = run(None, &cur, &report, true);
    assert_eq!(t.unrequested.len(), 1);
    let u = &t.unrequested[0];
    assert_eq!(
        (u.carrier_id.as_str(), u.path.as_str()),
        (CIGNA, "/coverages/2/enrolled_members/2")
    );
    assert_eq!(u.discrepancy.kind, DiscrepancyKind::MissingFromPlatform);

    // A removed dependent the carrier still has.
    let prev = family(|_| {});
    let cur = family(|d| {
        d["dependents"].as_array_mut().unwrap().remove(0);
        d["coverages"][0]["enrolled_members"]
            .as_array_mut()
            .unwrap()
            .remove(1);
        d["coverages"][1]["enrolled_members"]
            .as_array_mut()
            .unwrap()
            .remove(1);
        d["omitted_coverage_handling"] = json!({"policy": "continue"});
    });
    let (diff, t) = run(Some(&prev), &cur, &prev, true);
    let k = diff
        .differences
        .iter()
        .position(|d| d.path == "/dependents/0")
        .unwrap();
    assert_eq!(
        t.differences[k].discrepancies[0].kind,
        DiscrepancyKind::MissingFromPlatform
    );
    let (_, t) = run(Some(&prev), &cur, &cur, true);
    assert_eq!(t.differences[k].status, TrackingStatus::Resolved);
}

#[test]
fn ssns_stay_masked_in_discrepancies() {
    let prev = family(|_| {});
    let cur = family(|d| set(d, "/dependents/0/person/ssn", json!("536229999")));
    let report = family(|d| set(d, "/dependents/0/person/ssn", json!("536228888")));
    let (_, t) = run(Some(&prev), &cur, &report, true);
    let text = serde_json::to_string(&t).unwrap();
    assert!(
        !text.contains("536229999") && !text.contains("536228888") && !text.contains("536221235"),
        "{text}"
    );
    assert_eq!(t.differences[0].discrepancies[0].requested, "*****9999");
}
