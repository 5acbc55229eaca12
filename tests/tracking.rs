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
use enroll_engine::diff::{diff, DiffOptions, DiffResult, Difference, ObjectType};
use enroll_engine::model::{Date, GroupConfig, Snapshot};
use enroll_engine::tracking::{track, DiscrepancyKind, Requested, TrackOptions, Tracking, TrackingStatus};
use enroll_engine::validate::read_structure;
use serde_json::{json, Value};

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
    run_on(&config(), prev, cur, report, completed, None)
}

fn run_on(
    config: &GroupConfig,
    prev: Option<&Value>,
    cur: &Value,
    report: &Value,
    completed: bool,
    today: Option<&str>,
) -> (DiffResult, Tracking) {
    let (p, c, r) = (prev.map(snapshot), snapshot(cur), snapshot(report));
    let d = diff(p.as_ref(), &c, &DiffOptions::default());
    let done: Vec<String> = if completed {
        d.differences.iter().map(|x| x.id.clone()).collect()
    } else {
        Vec::new()
    };
    let requested = [Requested {
        snapshot_id: None,
        differences: d.differences.clone(),
    }];
    let opts = TrackOptions {
        completed: done,
        today: today.map(|t| Date::parse(t).unwrap()),
        ..TrackOptions::default()
    };
    let t = track(config, &c, &requested, &r, &opts);
    (d, t)
}

fn statuses(t: &Tracking) -> Vec<TrackingStatus> {
    t.differences.iter().map(|d| d.status).collect()
}

/// The index of the difference at `path`.
fn at(diff: &DiffResult, path: &str) -> usize {
    diff.differences.iter().position(|d| d.path == path).unwrap()
}

#[test]
fn seed_002_an_enrollment_added_15_days_late_resolves_and_opens_an_effective_date_discrepancy() {
    // Sofia's vision enrollment is requested from 2026-01-01; Cigna adds it from 2026-01-16.
    let cur = family(|_| {});
    let report = family(|d| {
        set(
            d,
            "/coverages/2/enrolled_members/1/effective_start_date",
            json!("2026-01-16"),
        )
    });
    for completed in [true, false] {
        let (diff, t) = run(None, &cur, &report, completed);
        // The "add enrollment" difference resolves, like every other one.
        assert!(
            statuses(&t).iter().all(|s| *s == TrackingStatus::Resolved),
            "{:?}",
            statuses(&t)
        );
        let add = &diff.differences[at(&diff, "/coverages/2/enrolled_members/1")];
        assert!(t.differences.iter().all(|d| d.discrepancies.is_empty()));
        // A separate discrepancy for the effective date opens.
        assert_eq!(
            serde_json::to_value(&t.discrepancies).unwrap(),
            json!([{"id": t.discrepancies[0].id, "difference_id": add.id, "carrier_id": CIGNA,
                    "object_type": "individual_enrollment", "individual_reference": add.individual.reference,
                    "line_of_coverage": "vision",
                    "discrepancy": {"kind": "field_mismatch", "key": "effective_start_date",
                                    "requested": "2026-01-01", "reported": "2026-01-16",
                                    "note": "15 days later than requested"}}])
        );
        assert!(t.discrepancies[0].id.starts_with("X-") && t.discrepancies[0].id.len() == 18);
        assert!(t.unrequested.is_empty());
    }
    // The same field of the same change keeps its id.
    let (_, a) = run(None, &cur, &report, true);
    let (_, b) = run(None, &cur, &report, false);
    assert_eq!(a.discrepancies[0].id, b.discrepancies[0].id);
}

#[test]
fn seed_002_volume_above_guaranteed_issue_issued_lower_resolves_the_add_and_opens_a_volume_discrepancy() {
    // Maria adds basic life at 200,000 (guaranteed issue 150,000); Cigna issues 150,000.
    let before = family(|d| {
        d["coverages"].as_array_mut().unwrap().remove(3);
    });
    let cur = family(|d| set(d, "/coverages/3/enrolled_members/0/volume", json!(200000)));
    let report = family(|d| set(d, "/coverages/3/enrolled_members/0/volume", json!(150000)));
    let (diff, t) = run(Some(&before), &cur, &report, true);
    assert_eq!(diff.differences.len(), 1);
    assert_eq!(t.differences[0].status, TrackingStatus::Resolved);
    assert!(t.differences[0].discrepancies.is_empty());
    assert_eq!(t.discrepancies.len(), 1);
    assert_eq!(t.discrepancies[0].difference_id, diff.differences[0].id);
    assert_eq!(
        serde_json::to_value(&t.discrepancies[0].discrepancy).unwrap(),
        json!({"kind": "field_mismatch", "key": "volume", "requested": 200000, "reported": 150000,
               "note": "pending evidence of insurability: issued 150000, guaranteed issue 150000, requested 200000"})
    );
}

/// The three-carrier group with two more life plans: Beam's without a
/// guaranteed issue, Guardian's with 100,000.
fn config_with_life_plans() -> GroupConfig {
    let mut c = fixture_json("three-carriers-group.json");
    let plan = |id: &str, name: &str, carrier: &str, gi: Option<i64>| {
        let mut volume = json!({"min": 10000, "max": 500000, "increment": 10000});
        if let Some(gi) = gi {
            volume["guaranteed_issue"] = json!(gi);
        }
        json!({"id": id, "name": name, "carrier_id": carrier, "line_of_coverage": "life",
               "eligible_member_types": ["employee"], "volume": volume,
               "rates": {"calculation_type": "member_based_volume", "per_1000": 0.3}})
    };
    let plans = c["plans"].as_array_mut().unwrap();
    plans.push(plan(BEAM_LIFE, "Beam Supplemental Life", BEAM, None));
    plans.push(plan(GUARDIAN_LIFE, "Guardian Life", GUARDIAN, Some(100000)));
    let (config, check) = enroll_engine::validate::check_config_value(&c);
    assert!(check.valid, "{:?}", check.issues);
    config
}

const BEAM_LIFE: &str = "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e06";
const GUARDIAN_LIFE: &str = "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e07";

#[test]
fn the_eoi_note_uses_the_guaranteed_issue_of_that_coverages_plan() {
    let life = |carrier: &str, plan: &str, volume: i64| {
        json!({"carrier_id": carrier, "line_of_coverage": "life", "plan_id": plan, "enrolled_members": [
            {"individual_type": "employee", "individual_id": "e1000000-0000-4000-8000-000000000001",
             "effective_start_date": "2026-01-01", "effective_end_date": "9999-12-31", "volume": volume}]})
    };
    let with = |carrier: &str, plan: &str, volume: i64| {
        family(|d| {
            d["coverages"]
                .as_array_mut()
                .unwrap()
                .push(life(carrier, plan, volume))
        })
    };
    let note = |carrier: &str, plan: &str, issued: i64| {
        let cur = with(carrier, plan, 200000);
        let report = with(carrier, plan, issued);
        let (_, t) = run_on(
            &config_with_life_plans(),
            Some(&family(|_| {})),
            &cur,
            &report,
            true,
            None,
        );
        assert_eq!(t.discrepancies.len(), 1, "{t:?}");
        t.discrepancies[0].discrepancy.note.clone()
    };
    // Beam's plan has no guaranteed issue: no note from Cigna's 150,000.
    assert_eq!(note(BEAM, BEAM_LIFE, 150000), None);
    // Guardian's is 100,000: issued 150,000 is above it, issued 100,000 is at it.
    assert_eq!(note(GUARDIAN, GUARDIAN_LIFE, 150000), None);
    assert_eq!(
        note(GUARDIAN, GUARDIAN_LIFE, 100000).as_deref(),
        Some("pending evidence of insurability: issued 100000, guaranteed issue 100000, requested 200000")
    );
}

/// The family without vision: the omitted coverage terminated on 2026-06-30.
fn vision_terminated() -> Value {
    family(|d| {
        d["coverages"].as_array_mut().unwrap().remove(2);
        d["omitted_coverage_handling"] = json!({"policy": "terminate", "termination_rule": "custom",
                                                "custom": {"effective_end_date": "2026-06-30"}});
    })
}

#[test]
fn a_terminated_enrollment_is_resolved_and_not_also_missing_from_platform() {
    let report = family(|d| {
        for m in d["coverages"][2]["enrolled_members"].as_array_mut().unwrap() {
            m["effective_end_date"] = json!("2026-06-30");
        }
    });
    for today in [None, Some("2026-06-01")] {
        let (diff, t) = run_on(
            &config(),
            Some(&family(|_| {})),
            &vision_terminated(),
            &report,
            true,
            today,
        );
        assert_eq!(diff.differences.len(), 2, "the employee's and Sofia's vision");
        assert_eq!(statuses(&t), [TrackingStatus::Resolved; 2]);
        assert!(t.unrequested.is_empty(), "{today:?}: {:?}", t.unrequested);
    }
    // Not terminated yet: open, then a discrepancy once the transaction completed.
    let (_, t) = run(
        Some(&family(|_| {})),
        &vision_terminated(),
        &family(|_| {}),
        false,
    );
    assert_eq!(statuses(&t), [TrackingStatus::Open; 2]);
    let (_, t) = run(Some(&family(|_| {})), &vision_terminated(), &family(|_| {}), true);
    assert_eq!(statuses(&t), [TrackingStatus::Discrepancy; 2]);
    assert_eq!(t.differences[0].discrepancies[0].reported, json!("9999-12-31"));
}

#[test]
fn a_record_the_carrier_deleted_after_a_termination_completed_is_not_missing_from_carrier() {
    let purged = family(|d| {
        d["coverages"].as_array_mut().unwrap().remove(2);
    });
    for completed in [true, false] {
        let (_, t) = run(Some(&family(|_| {})), &vision_terminated(), &purged, completed);
        assert_eq!(statuses(&t), [TrackingStatus::Resolved; 2]);
        assert!(t.differences.iter().all(|d| d.discrepancies.is_empty()));
    }
}

#[test]
fn an_enrollment_that_ended_in_2020_is_not_listed_as_unrequested() {
    let spouse_vision = |start: &str, end: &str| {
        json!({"individual_type": "dependent", "individual_id": "e1000000-0000-4000-8000-000000000002",
               "effective_start_date": start, "effective_end_date": end})
    };
    let report = family(|d| {
        let members = d["coverages"][2]["enrolled_members"].as_array_mut().unwrap();
        members.push(spouse_vision("2019-01-01", "2020-12-31"));
    });
    for today in [None, Some("2026-06-01")] {
        let (_, t) = run_on(&config(), None, &family(|_| {}), &report, true, today);
        assert!(t.unrequested.is_empty(), "{today:?}");
    }
    // In force: open-ended always; ending later in the year when `today` says so.
    let report = family(|d| {
        let members = d["coverages"][2]["enrolled_members"].as_array_mut().unwrap();
        members.push(spouse_vision("2026-01-01", "2026-12-31"));
    });
    let (_, t) = run_on(&config(), None, &family(|_| {}), &report, true, None);
    assert!(t.unrequested.is_empty());
    let (_, t) = run_on(
        &config(),
        None,
        &family(|_| {}),
        &report,
        true,
        Some("2026-06-01"),
    );
    assert_eq!(
        t.unrequested.iter().map(|u| u.path.as_str()).collect::<Vec<_>>(),
        ["/coverages/2/enrolled_members/2"]
    );
}

#[test]
fn track_lists_for_each_difference_the_snapshots_that_requested_it() {
    // Two snapshots sent before the carriers reflected the first: both ask
    // for the new zip code (the same differences, the same ids); the second
    // also renames Sofia.
    let base = family(|_| {});
    let first = family(|d| set(d, "/employee/person/home_address/zip_code", json!("97209")));
    let second = family(|d| {
        set(d, "/employee/person/home_address/zip_code", json!("97209"));
        set(d, "/dependents/1/person/first_name", json!("Sophia"));
    });
    let (b, s1, s2) = (snapshot(&base), snapshot(&first), snapshot(&second));
    let d1 = diff(Some(&b), &s1, &DiffOptions::default()).differences;
    let d2 = diff(Some(&b), &s2, &DiffOptions::default()).differences;
    assert_eq!((d1.len(), d2.len()), (3, 5));
    let submitted = |id: &str, differences: &Vec<_>| Requested {
        snapshot_id: Some(id.into()),
        differences: differences.clone(),
    };
    let requested = [
        submitted("snap-1", &d1),
        submitted("snap-2", &d2),
        submitted("snap-2", &d2), // sent twice: listed once
    ];
    let t = track(&config(), &s2, &requested, &b, &TrackOptions::default());
    let got: Vec<(&str, Vec<&str>)> = t
        .differences
        .iter()
        .map(|d| {
            let ids = d.snapshot_ids.iter().map(String::as_str).collect();
            (d.difference_id.as_str(), ids)
        })
        .collect();
    let mut want: Vec<(&str, Vec<&str>)> = d1
        .iter()
        .map(|d| (d.id.as_str(), vec!["snap-1", "snap-2"]))
        .collect();
    want.extend(
        d2.iter()
            .filter(|d| !d1.iter().any(|x| x.id == d.id))
            .map(|d| (d.id.as_str(), vec!["snap-2"])),
    );
    assert_eq!(got, want);
    assert_eq!(statuses(&t), [TrackingStatus::Open; 5]);
}

/// Review 26c #5: 16,000 snapshots (a 4 MiB list of them) requesting the
/// same differences, each sent twice, the second time later in the list:
/// each difference lists every snapshot once, in the order first given.
/// Each occurrence scanned the snapshot ids listed so far (a quarter of a
/// billion comparisons per difference here, 16 s in a debug build; 1.1 s
/// in wasm for 4 MiB); now it is one set look-up.
#[test]
fn thousands_of_snapshots_are_listed_once_each_in_the_order_given() {
    let base = family(|_| {});
    let cur = family(|d| set(d, "/employee/person/home_address/zip_code", json!("97209")));
    let (b, c) = (snapshot(&base), snapshot(&cur));
    let differences = diff(Some(&b), &c, &DiffOptions::default()).differences;
    let id = |k: usize| format!("s{k:06}");
    let submitted = |k: usize| Requested {
        snapshot_id: Some(id(k)),
        differences: differences.clone(),
    };
    // s0, s0, s1, s2, s1, s3, s4, s2, …: each again after twice as many.
    let requested: Vec<Requested> = (0..16_000)
        .flat_map(|k| {
            [submitted(k)]
                .into_iter()
                .chain((k % 2 == 0).then(|| submitted(k / 2)))
        })
        .chain((8_000..16_000).map(submitted))
        .collect();
    let t = track(&config(), &c, &requested, &b, &TrackOptions::default());
    let want: Vec<String> = (0..16_000).map(id).collect();
    assert_eq!(t.differences.len(), differences.len());
    for tracked in &t.differences {
        assert_eq!(tracked.snapshot_ids, want);
    }
}

#[test]
fn track_json_reads_one_result_differences_or_several_snapshots() {
    let engine = enroll_engine::Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap();
    let base = family(|_| {});
    let cur = family(|d| set(d, "/employee/person/home_address/zip_code", json!("97209")));
    let d = engine.diff_str(Some(&base.to_string()), &cur.to_string(), &DiffOptions::default());
    let result = serde_json::to_value(&d).unwrap();
    let (cur_text, rep_text) = (cur.to_string(), base.to_string());
    let track =
        |requested: Value, options: Value| engine.track_json(&cur_text, &requested, &rep_text, &options);
    let ids =
        |t: &Tracking| -> Vec<Vec<String>> { t.differences.iter().map(|d| d.snapshot_ids.clone()).collect() };
    // A diff result, its differences: no snapshot ids.
    let one = track(result.clone(), Value::Null).unwrap();
    assert_eq!(ids(&one), vec![Vec::<String>::new(); 3]);
    assert_eq!(track(result["differences"].clone(), Value::Null).unwrap(), one);
    // Several snapshots: a result with a snapshot_id added is one.
    let mut tagged = result.clone();
    tagged["snapshot_id"] = json!("snap-9");
    let several = json!([tagged, {"snapshot_id": "snap-10", "differences": result["differences"]}]);
    let t = track(several, json!({"today": "2026-06-01"})).unwrap();
    assert_eq!(ids(&t), vec![vec!["snap-9".to_owned(), "snap-10".to_owned()]; 3]);
    // Misuse.
    let err = track(json!([{"snapshot_id": 5, "differences": []}]), Value::Null).unwrap_err();
    assert_eq!(err.code, enroll_engine::ErrorCode::InvalidArgument);
    let err = track(json!([{"snapshot_id": "s"}]), Value::Null).unwrap_err();
    assert_eq!(err.code, enroll_engine::ErrorCode::InvalidArgument);
    let err = track(result.clone(), json!({"today": "June"})).unwrap_err();
    assert_eq!(err.code, enroll_engine::ErrorCode::InvalidOptions);
    let err = track(result, json!({"now": "2026-06-01"})).unwrap_err();
    assert_eq!(err.code, enroll_engine::ErrorCode::InvalidOptions);
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

/// Source S2: a change is escalated to a discrepancy once "the process of
/// making the change is completed" and the carrier "still does not
/// correctly represent the change" (seed review 23b): a third value shown
/// before completion leaves the change open, as the old value does.
#[test]
fn a_modified_field_shown_otherwise_is_open_until_its_transaction_completes() {
    let prev = family(|_| {});
    let cur = family(|d| set(d, "/employee/person/home_address/zip_code", json!("97209")));
    let third = family(|d| set(d, "/employee/person/home_address/zip_code", json!("97299")));
    let (_, t) = run(Some(&prev), &cur, &third, false);
    assert_eq!(statuses(&t), [TrackingStatus::Open; 3]);
    assert!(t.differences.iter().all(|d| d.discrepancies.is_empty()));
    let (_, t) = run(Some(&prev), &cur, &third, true);
    assert_eq!(statuses(&t), [TrackingStatus::Discrepancy; 3]);
    assert_eq!(
        serde_json::to_value(&t.differences[0].discrepancies).unwrap(),
        json!([{"kind": "field_mismatch", "key": "person.home_address.zip_code",
                "requested": "97209", "reported": "97299", "note": null}])
    );
}

/// An 834 writes names and addresses in upper case, and `parse834`'s
/// reports are what `track` takes (user review 23c): "42 JUNIPER WAY" is
/// the requested "42 Juniper Way" applied. A change of case alone is still
/// told by case.
#[test]
fn text_is_compared_ignoring_case_unless_the_change_is_one_of_case() {
    let prev = family(|_| {});
    let cur = family(|d| {
        set(
            d,
            "/employee/person/home_address/street_one",
            json!("7 Alder Lane"),
        )
    });
    let upper = family(|d| {
        set(
            d,
            "/employee/person/home_address/street_one",
            json!("7 ALDER LANE"),
        );
        set(d, "/employee/person/first_name", json!("MARIA"));
    });
    let (_, t) = run(Some(&prev), &cur, &upper, true);
    assert_eq!(statuses(&t), [TrackingStatus::Resolved; 3]);
    // Still the old street, upper-cased: not yet, a discrepancy once completed.
    let old_upper = family(|d| {
        let street = d["employee"]["person"]["home_address"]["street_one"]
            .as_str()
            .unwrap()
            .to_uppercase();
        set(d, "/employee/person/home_address/street_one", json!(street));
    });
    let (_, t) = run(Some(&prev), &cur, &old_upper, false);
    assert_eq!(statuses(&t), [TrackingStatus::Open; 3]);
    let (_, t) = run(Some(&prev), &cur, &old_upper, true);
    assert_eq!(statuses(&t), [TrackingStatus::Discrepancy; 3]);
    assert_eq!(
        t.differences[0].discrepancies[0].note.as_deref(),
        Some("the transaction completed but the carrier still shows the old value")
    );
    // `maria` corrected to `Maria`: the carrier showing `maria` has not applied it.
    let slip = family(|d| set(d, "/employee/person/first_name", json!("maria")));
    let fixed = family(|d| set(d, "/employee/person/first_name", json!("Maria")));
    let (_, t) = run(Some(&slip), &fixed, &slip, false);
    assert_eq!(statuses(&t), [TrackingStatus::Open; 3]);
    let (_, t) = run(Some(&slip), &fixed, &fixed, false);
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

/// Luis leaves the snapshot (his omitted coverage handled by `policy`);
/// the carriers' report keeps him, his coverage ending 2026-03-31.
fn luis_removed(policy: &str) -> (Value, Value, Value) {
    let prev = family(|_| {});
    let cur = family(|d| {
        d["dependents"].as_array_mut().unwrap().remove(0);
        for i in [0, 1] {
            d["coverages"][i]["enrolled_members"]
                .as_array_mut()
                .unwrap()
                .remove(1);
        }
        d["omitted_coverage_handling"] = json!({ "policy": policy });
    });
    let report = family(|d| {
        for i in [0, 1] {
            set(
                d,
                &format!("/coverages/{i}/enrolled_members/1/effective_end_date"),
                json!("2026-03-31"),
            );
        }
    });
    (prev, cur, report)
}

#[test]
fn a_removed_dependent_the_carrier_no_longer_covers_is_resolved() {
    // Luis leaves the snapshot; the carriers keep his record with his coverage ended.
    let (prev, cur, report) = luis_removed("continue");
    let removed = |t: &Tracking| {
        t.differences
            .iter()
            .filter(|d| d.object_type == ObjectType::Dependent)
            .map(|d| (d.status, d.discrepancies.first().map(|x| x.kind)))
            .collect::<Vec<_>>()
    };
    let (_, t) = run_on(&config(), Some(&prev), &cur, &report, true, Some("2026-04-01"));
    assert_eq!(removed(&t), [(TrackingStatus::Resolved, None); 2]);
    // Still in force on 2026-03-15, but the carrier has set his coverage to
    // end: the removal is applied (seed 002 escalates only what the carrier
    // "still does not correctly represent").
    let (_, t) = run_on(&config(), Some(&prev), &cur, &report, true, Some("2026-03-15"));
    assert_eq!(removed(&t), [(TrackingStatus::Resolved, None); 2]);
    // Covered open-ended: the carrier covers someone the platform removed.
    let (_, t) = run_on(&config(), Some(&prev), &cur, &prev, true, Some("2026-03-15"));
    assert_eq!(
        removed(&t),
        [(
            TrackingStatus::Discrepancy,
            Some(DiscrepancyKind::MissingFromPlatform)
        ); 2]
    );
    let (_, t) = run_on(&config(), Some(&prev), &cur, &prev, false, Some("2026-03-15"));
    assert_eq!(removed(&t), [(TrackingStatus::Open, None); 2]);
}

#[test]
fn a_removed_dependent_terminated_as_requested_is_resolved_before_the_end_date() {
    // Luis leaves the snapshot and his coverage is terminated at the end of
    // the month; every carrier ends it on 2026-03-31, as asked (review 24b).
    let (prev, cur, report) = luis_removed("terminate");
    let config = config();
    let (p, c, r) = (snapshot(&prev), snapshot(&cur), snapshot(&report));
    let today = Some(Date::parse("2026-03-10").unwrap());
    let d = diff(Some(&p), &c, &DiffOptions { today });
    let ends: Vec<_> = d
        .differences
        .iter()
        .filter(|x| x.object_type == ObjectType::IndividualEnrollment)
        .map(|x| x.change)
        .collect();
    assert_eq!(ends.len(), 2, "{:?}", d.differences);
    let requested = [Requested {
        snapshot_id: None,
        differences: d.differences.clone(),
    }];
    let topts = TrackOptions {
        completed: d.differences.iter().map(|x| x.id.clone()).collect(),
        today,
        ..TrackOptions::default()
    };
    let t = track(&config, &c, &requested, &r, &topts);
    let all: Vec<_> = t.differences.iter().map(|x| (x.object_type, x.status)).collect();
    assert!(all.iter().all(|(_, s)| *s == TrackingStatus::Resolved), "{all:?}");
    assert!(all.iter().any(|(o, _)| *o == ObjectType::Dependent), "{all:?}");
}

#[test]
fn a_send_carriers_differences_count_as_completed_once_its_file_is_transmitted() {
    use enroll_engine::fulfillment::fold::fold_json;
    use enroll_engine::fulfillment::lifecycle::FoldOptions;
    use enroll_engine::model::Timestamp;
    use enroll_engine::preview::PreviewOptions;
    use enroll_engine::tracking::completed_difference_ids;
    let engine = enroll_engine::Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap();
    let prev = family(|_| {});
    let cur = family(|d| set(d, "/employee/person/home_address/zip_code", json!("97209")));
    let opts = PreviewOptions {
        now: Timestamp::parse("2025-12-01T12:00:00Z").unwrap(),
    };
    let p = engine.preview_str(Some(&prev.to_string()), &cur.to_string(), &opts);
    let tx = |k: usize| {
        (
            p.transactions[k].id.clone(),
            p.transactions[k].difference_ids.clone(),
        )
    };
    let ((beam, beam_diffs), (guardian, _), (_, cigna_diffs)) = (tx(0), tx(1), tx(2));
    assert_eq!(p.transactions[2].carrier_id, CIGNA);
    let step = |id: &str, tx: &str, s: &str, at: &str| json!({"id": id, "type": "transaction_status", "transaction_id": tx, "status_detail": s, "created": at});
    // Beam (Sync) completed; Guardian (Sync) only accepted; Cigna's (Send) file went out.
    let events = json!([
        step("b1", &beam, "carrier_accepted", "2025-12-01T13:00:00Z"),
        step("b2", &beam, "carrier_completed", "2025-12-02T09:00:00Z"),
        step("g1", &guardian, "carrier_accepted", "2025-12-01T13:10:00Z"),
        {"id": "f", "type": "file_transmitted", "carrier_id": CIGNA, "created": "2025-12-01T17:00:00Z"}
    ]);
    let fold_opts = FoldOptions {
        now: Timestamp::parse("2025-12-03T00:00:00Z").unwrap(),
        verification_grace_days: 7,
    };
    let preview = serde_json::to_value(&p).unwrap();
    let r = fold_json(&preview, &events, &fold_opts).unwrap();
    assert!(
        r.state.rejected_events.is_empty(),
        "{:?}",
        r.state.rejected_events
    );
    let mut want = beam_diffs.clone();
    want.extend(cigna_diffs.clone());
    assert_eq!(completed_difference_ids(&r.state), want);
    // Tracked with that state against carriers still showing the old zip: the
    // completed ones (Beam's and Cigna's) are discrepancies, Guardian's open.
    let state = serde_json::to_value(&r.state).unwrap();
    let t = engine
        .track_json(
            &cur.to_string(),
            &preview,
            &prev.to_string(),
            &json!({ "state": state }),
        )
        .unwrap();
    let got: Vec<_> = t
        .differences
        .iter()
        .map(|d| (d.carrier_id.as_str(), d.status))
        .collect();
    assert_eq!(
        got,
        [
            (
                "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d01",
                TrackingStatus::Discrepancy
            ),
            ("0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d02", TrackingStatus::Open),
            (CIGNA, TrackingStatus::Discrepancy),
        ]
    );
    assert_eq!(
        serde_json::to_value(&t.differences[2].discrepancies).unwrap(),
        json!([{"kind": "field_mismatch", "key": "person.home_address.zip_code", "requested": "97209", "reported": "97201",
                "note": "the transaction completed but the carrier still shows the old value"}])
    );
}

// ---- Reports read back from an 834 (user reviews 25e and 25c) ----

/// Cigna's full 834 of `cur` read back by `parse834`, as JS gets the report
/// (through the output layer: nine digits in a row masked).
fn cigna_report(cur: &Value) -> (Value, String) {
    let engine = enroll_engine::Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap();
    cigna_report_of(&engine, cur)
}

/// `cigna_report` under `engine`'s configuration.
fn cigna_report_of(engine: &enroll_engine::Engine, cur: &Value) -> (Value, String) {
    use enroll_engine::model::Timestamp;
    use enroll_engine::x12::{ExportMode, ExportOptions, ExportPart};
    let opts = ExportOptions {
        carrier_id: CIGNA.into(),
        created: Timestamp::parse("2026-03-02T12:00:00Z").unwrap(),
        control_number: 7,
        sender: None,
        receiver: None,
        mode: ExportMode::Full,
        part: ExportPart::Interchange,
    };
    let file = engine.export834_str(None, &cur.to_string(), &opts).unwrap();
    let parsed = engine.parse834(file.text.as_str(), CIGNA).unwrap();
    assert!(parsed.issues.is_empty(), "{:?}", parsed.issues);
    let report = parsed.report_values().remove(0);
    let js = enroll_engine::privacy::to_string(&parsed.reports[0]).unwrap();
    (report, js)
}

/// `engine.track` as JS calls it: every difference of `prev` → `cur`, all
/// completed, against `report` (JSON text).
fn track_js(prev: Option<&Value>, cur: &Value, report: &str, options: Value) -> (DiffResult, Tracking) {
    let engine = enroll_engine::Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap();
    let prev = prev.map(Value::to_string);
    let d = engine.diff_str(prev.as_deref(), &cur.to_string(), &DiffOptions::default());
    let mut options = options;
    options["completed_difference_ids"] = json!(d.differences.iter().map(|x| &x.id).collect::<Vec<_>>());
    options["today"] = json!("2026-03-02");
    let requested = serde_json::to_value(&d.differences).unwrap();
    let t = engine
        .track_json(&cur.to_string(), &requested, report, &options)
        .unwrap();
    (d, t)
}

/// The tracked differences as `(object type, change, status)`, by carrier.
fn at_carrier(d: &DiffResult, t: &Tracking, carrier: &str) -> Vec<String> {
    let ids: Vec<&str> = d
        .differences
        .iter()
        .filter(|x| x.carrier_id == carrier)
        .map(|x| x.id.as_str())
        .collect();
    t.differences
        .iter()
        .filter(|x| ids.contains(&x.difference_id.as_str()))
        .map(|x| format!("{:?}/{:?}: {:?}", x.object_type, x.change, x.status))
        .collect()
}

/// Review 25e (f_uuidcustom): a partner's UUID-shaped `custom_individual_id`
/// goes out in REF*23 and `parse834` reads it back as `id`; the report's
/// `id` matches the snapshot's `custom_individual_id`.
#[test]
fn a_uuid_shaped_custom_id_read_back_as_id_matches_the_person() {
    let cur = family(|d| {
        set(
            d,
            "/employee/custom_individual_id",
            json!("9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f"),
        );
        set(
            d,
            "/dependents/1/custom_individual_id",
            json!("9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e60"),
        );
    });
    let (report, js) = cigna_report(&cur);
    assert_eq!(report["employee"]["id"], "9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f");
    assert!(report["employee"].get("custom_individual_id").is_none());
    let (d, t) = track_js(None, &cur, &js, json!({}));
    assert_eq!(
        at_carrier(&d, &t, CIGNA),
        [
            "Employee/Added: Resolved",
            "Dependent/Added: Resolved",
            "IndividualEnrollment/Added: Resolved",
            "IndividualEnrollment/Added: Resolved",
            "IndividualEnrollment/Added: Resolved",
        ]
    );
    assert_eq!(t.discrepancies, []);
    assert_eq!(t.unrequested, []);
    // What an 834 does not carry, and the SSN JS shows masked: not shown.
    let employee = t
        .differences
        .iter()
        .find(|x| x.object_type == ObjectType::Employee);
    assert_eq!(
        employee.unwrap().not_shown,
        ["employment.hours_worked", "person.ssn"]
    );
}

/// The other way round, and ids that do not correspond at all: a report's
/// `custom_individual_id` that is the snapshot's `id` matches; a carrier's
/// own id matches by name and date of birth; one report person is never
/// two snapshot people.
#[test]
fn report_ids_match_across_fields_else_names_and_dates_of_birth() {
    let cur = family(|_| {});
    // Sofia (dependent 1) as the report names her: `who`, her enrollments by custom id.
    let renamed = |who: Value| {
        family(move |d| {
            let dep = d["dependents"][1].as_object_mut().unwrap();
            dep.remove("id");
            dep.insert("custom_individual_id".into(), who.clone());
            for c in d["coverages"].as_array_mut().unwrap() {
                for m in c["enrolled_members"].as_array_mut().unwrap() {
                    if m["individual_id"] == "e1000000-0000-4000-8000-000000000003" {
                        let m = m.as_object_mut().unwrap();
                        m.remove("individual_id");
                        m.insert("custom_individual_id".into(), who.clone());
                    }
                }
            }
        })
    };
    for who in ["e1000000-0000-4000-8000-000000000003", "CIGNA-77"] {
        let (diff, t) = run(None, &cur, &renamed(json!(who)), true);
        assert_eq!(
            statuses(&t),
            vec![TrackingStatus::Resolved; diff.differences.len()],
            "{who}"
        );
        assert_eq!(t.unrequested, [], "{who}");
    }
    // Sofia's ids on Luis's loop: the report person is Sofia by her id (pass
    // 2 before names), and Luis, matched to no one, is missing.
    let report = family(|d| {
        d["dependents"].as_array_mut().unwrap().remove(1);
        set(d, "/dependents/0/id", json!("x-unknown"));
        set(d, "/dependents/0/custom_individual_id", json!("DEP-2002"));
    });
    let (diff, t) = run(None, &cur, &report, true);
    let luis = at(&diff, "/dependents/0");
    let sofia = at(&diff, "/dependents/1");
    assert_eq!(t.differences[luis].status, TrackingStatus::Discrepancy);
    assert_eq!(
        t.differences[luis].discrepancies[0].kind,
        DiscrepancyKind::MissingFromCarrier
    );
    // Sofia is found (the carrier's record holds Luis's name: a field mismatch, not a missing person).
    assert_eq!(t.differences[sofia].status, TrackingStatus::Resolved);
    let keys: Vec<_> = t
        .discrepancies
        .iter()
        .filter(|x| x.difference_id == diff.differences[sofia].id)
        .map(|x| x.discrepancy.key.clone().unwrap())
        .collect();
    assert!(keys.contains(&"person.first_name".to_owned()), "{keys:?}");
}

/// Review 25e (f_track, t4): values Cigna's 834 carries exactly, written
/// the 834's way, are applied; fields it cannot show are `not_shown`, never
/// a discrepancy. Cigna's differences only (`reported_by` scopes the rest).
#[test]
fn values_an_834_writes_its_own_way_are_applied_and_fields_it_lacks_are_not_shown() {
    let prev = family(|_| {});
    let employee = |f: fn(&mut Value)| {
        family(move |d| {
            f(&mut d["employee"]);
        })
    };
    let address = |zip: &'static str| json!({"street_one": "7 Elm St", "city": "Salem", "state": "OR", "zip_code": zip});
    // Each changes one group of the employee's fields: one difference at Cigna.
    let resolved = (TrackingStatus::Resolved, None);
    let cases = [
        (
            "phone",
            employee(|e| {
                e["person"]["contact"] =
                    json!({"home_phone": "503-555-0100", "work_phone": "+1 (503) 555-0199"})
            }),
            resolved,
        ),
        (
            "accent",
            employee(|e| set(e, "/person/last_name", json!("Riviéra"))),
            resolved,
        ),
        (
            "combining",
            employee(|e| set(e, "/person/last_name", json!("Mu\u{308}ller-O'Brien"))),
            resolved,
        ),
        ("sex", employee(|e| set(e, "/person/sex", json!("X"))), resolved),
        (
            "hours",
            employee(|e| set(e, "/employment/hours_worked", json!(32))),
            (TrackingStatus::Open, Some("employment.hours_worked")),
        ),
        (
            "contract",
            employee(|e| set(e, "/employment/employment_status", json!("contract"))),
            (TrackingStatus::Open, Some("employment.employment_status")),
        ),
    ];
    for (name, cur, (status, not_shown)) in cases {
        let (_, js) = cigna_report(&cur);
        let (d, t) = track_js(Some(&prev), &cur, &js, json!({}));
        let got: Vec<_> = t
            .differences
            .iter()
            .map(|x| {
                (
                    x.object_type,
                    x.status,
                    x.not_shown.clone(),
                    x.discrepancies.clone(),
                )
            })
            .collect();
        let want = [(
            ObjectType::Employee,
            status,
            not_shown.into_iter().map(str::to_owned).collect::<Vec<_>>(),
            vec![],
        )];
        assert_eq!(got, want, "{name}");
        assert!(t.differences.iter().all(|x| x.carrier_id == CIGNA), "{name}");
        // The two other carriers' employee differences: not judged.
        assert_eq!(t.not_judged.len(), d.differences.len() - 1, "{name}");
    }

    // A ZIP+4: nine digits in N403. Natively the report holds them: applied.
    let cur = family(|d| {
        set(d, "/employee/person/home_address", address("97301-1234"));
        set(d, "/employee/person/mailing_address", address("97301-1234"));
    });
    let (native, js) = cigna_report(&cur);
    assert_eq!(
        native["employee"]["person"]["home_address"]["zip_code"],
        "973011234"
    );
    let (_, t) = run(Some(&prev), &cur, &native, true);
    let cigna: Vec<_> = t.differences.iter().filter(|x| x.carrier_id == CIGNA).collect();
    assert_eq!(cigna.len(), 2); // the home and the mailing address
    assert!(cigna
        .iter()
        .all(|x| x.status == TrackingStatus::Resolved && x.not_shown.is_empty()));
    // In JS every nine digits in a row are masked (an SSN written there would
    // be too): `*****1234` shows neither ZIP, so it is not shown, and the
    // address lines it does show are applied.
    assert!(js.contains(r#""zip_code":"*****1234""#), "{js}");
    let (_, t) = track_js(Some(&prev), &cur, &js, json!({}));
    let got: Vec<_> = t
        .differences
        .iter()
        .map(|x| (x.status, x.not_shown.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                TrackingStatus::Resolved,
                vec!["person.home_address.zip_code".to_owned()]
            ),
            (
                TrackingStatus::Resolved,
                vec!["person.mailing_address.zip_code".to_owned()]
            ),
        ]
    );
    assert!(!serde_json::to_string(&t).unwrap().contains("973011234"));
}

/// How values compare, on a snapshot-shaped report: ZIPs by digits (five
/// are the same ZIP as nine beginning with them), Vietnamese letters by
/// their base letter, and a change of the +4 alone that a five-digit ZIP
/// cannot show.
#[test]
fn zips_by_digits_names_by_base_letters() {
    let prev = family(|_| {});
    let zip = |z: &str| {
        let z = json!(z);
        family(move |d| set(d, "/employee/person/home_address/zip_code", z.clone()))
    };
    let status = |prev: &Value, cur: &Value, report: &Value| {
        let (_, t) = run(Some(prev), cur, report, true);
        t.differences
            .iter()
            .map(|x| (x.status, x.not_shown.clone()))
            .collect::<Vec<_>>()
    };
    let resolved = vec![(TrackingStatus::Resolved, vec![]); 3];
    assert_eq!(status(&prev, &zip("97301-1234"), &zip("973011234")), resolved);
    assert_eq!(status(&prev, &zip("97301-1234"), &zip("97301")), resolved);
    assert_eq!(status(&prev, &zip("97301"), &zip("97301-1234")), resolved);
    let (_, t) = run(Some(&prev), &zip("97301-1234"), &zip("97302"), true);
    assert_eq!(t.differences[0].status, TrackingStatus::Discrepancy);
    assert_eq!(t.differences[0].discrepancies[0].reported, "97302");
    // Only the +4 changed; the carrier shows five digits: it cannot tell.
    let shown = vec![
        (
            TrackingStatus::Open,
            vec!["person.home_address.zip_code".to_owned()]
        );
        3
    ];
    assert_eq!(
        status(&zip("97301-0000"), &zip("97301-1234"), &zip("97301")),
        shown
    );
    let name = |n: &str| {
        let n = json!(n);
        family(move |d| set(d, "/employee/person/last_name", n.clone()))
    };
    assert_eq!(status(&prev, &name("Nguyễn Thị"), &name("NGUYEN THI")), resolved);
    let (_, t) = run(Some(&prev), &name("Nguyễn"), &name("NGUYET"), true);
    assert_eq!(t.differences[0].status, TrackingStatus::Discrepancy);
    // `maria` corrected to `Maria`: `MARIA` is either, written otherwise.
    let first = |n: &str| {
        let n = json!(n);
        family(move |d| set(d, "/employee/person/first_name", n.clone()))
    };
    let shown = vec![(TrackingStatus::Open, vec!["person.first_name".to_owned()]); 3];
    assert_eq!(status(&first("maria"), &first("Maria"), &first("MARIA")), shown);
}

/// Review 25c (t14): Cigna's 834 read back judges Cigna's differences only;
/// Beam's and Guardian's are `not_judged` (not `missing_from_carrier`). A
/// report that does not name its carriers judges every difference, unless
/// the `carrier_ids` option names them.
#[test]
fn a_report_judges_only_the_differences_of_the_carriers_it_speaks_for() {
    let cur = family(|_| {});
    let (native, js) = cigna_report(&cur);
    assert_eq!(
        native["reported_by"],
        json!({"carrier_ids": [CIGNA], "format": "x12_834"})
    );
    let (d, t) = track_js(None, &cur, &js, json!({}));
    let of = |carriers: &[&str]| -> Vec<String> {
        d.differences
            .iter()
            .filter(|x| carriers.contains(&x.carrier_id.as_str()))
            .map(|x| x.id.clone())
            .collect()
    };
    let tracked: Vec<String> = t.differences.iter().map(|x| x.difference_id.clone()).collect();
    assert_eq!(tracked, of(&[CIGNA]));
    assert!(t.differences.iter().all(|x| x.status == TrackingStatus::Resolved));
    assert_eq!(t.not_judged, of(&[BEAM, GUARDIAN]));
    assert_eq!(t.discrepancies, []);

    // A snapshot-shaped report names no carrier: every difference is judged
    // (here against a report missing Beam's medical enrollments)…
    let report = family(|d| set(d, "/coverages/0/enrolled_members", json!([])));
    let (_, t) = track_js(None, &cur, &report.to_string(), json!({}));
    assert_eq!(t.differences.len(), d.differences.len());
    assert_eq!(t.not_judged, Vec::<String>::new());
    let missing = t
        .differences
        .iter()
        .filter(|x| x.status == TrackingStatus::Discrepancy)
        .count();
    assert_eq!(missing, 3);
    // …unless the caller says whose it is.
    let (_, t) = track_js(
        None,
        &cur,
        &report.to_string(),
        json!({"carrier_ids": [GUARDIAN, CIGNA]}),
    );
    let tracked: Vec<String> = t.differences.iter().map(|x| x.difference_id.clone()).collect();
    assert_eq!(tracked, of(&[GUARDIAN, CIGNA]));
    assert_eq!(t.not_judged, of(&[BEAM]));
    assert!(t.differences.iter().all(|x| x.status == TrackingStatus::Resolved));
    // The option must be a list of strings.
    let engine = enroll_engine::Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap();
    let err = engine
        .track_json(
            &cur.to_string(),
            &json!([]),
            &report.to_string(),
            &json!({"carrier_ids": CIGNA}),
        )
        .unwrap_err();
    assert_eq!(err.code, enroll_engine::ErrorCode::InvalidOptions);
}

/// The employee too: a carrier's own id matches by name and date of birth;
/// a report of someone else (another name and date of birth, other ids) is
/// not the employee, whose records are then missing.
#[test]
fn the_report_employee_matches_by_ids_else_name_and_date_of_birth() {
    let cur = family(|_| {});
    let employee_as = |custom: &str, first: &str, dob: &str| {
        let (custom, first, dob) = (json!(custom), json!(first), json!(dob));
        family(move |d| {
            let e = d["employee"].as_object_mut().unwrap();
            e.remove("id");
            e.insert("custom_individual_id".into(), custom.clone());
            d["employee"]["person"]["first_name"] = first.clone();
            d["employee"]["person"]["date_of_birth"] = dob.clone();
            for c in d["coverages"].as_array_mut().unwrap() {
                for m in c["enrolled_members"].as_array_mut().unwrap() {
                    if m["individual_type"] == "employee" {
                        m.as_object_mut().unwrap().remove("individual_id");
                        m["custom_individual_id"] = custom.clone();
                    }
                }
            }
        })
    };
    let (diff, t) = run(None, &cur, &employee_as("CIGNA-1", "MARIA", "1984-03-14"), true);
    assert_eq!(
        statuses(&t),
        vec![TrackingStatus::Resolved; diff.differences.len()]
    );
    let (diff, t) = run(None, &cur, &employee_as("CIGNA-1", "Ana", "1990-01-01"), true);
    let employee = at(&diff, "/employee");
    assert_eq!(t.differences[employee].status, TrackingStatus::Discrepancy);
    assert_eq!(
        t.differences[employee].discrepancies[0].kind,
        DiscrepancyKind::MissingFromCarrier
    );
    let life = at(&diff, "/coverages/3/enrolled_members/0");
    assert_eq!(t.differences[life].status, TrackingStatus::Discrepancy);
}

// ---- Review 25g: plans by name, renamed people, ended coverage, carrier ids ----

const VISION_PLUS: &str = "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e06";

/// The fixture's group with a second Cigna vision plan, "Cigna Vision Plus".
fn config_with_vision_plus() -> GroupConfig {
    let mut c = fixture_json("three-carriers-group.json");
    let mut plus = c["plans"][3].clone();
    plus["id"] = json!(VISION_PLUS);
    plus["name"] = json!("Cigna Vision Plus");
    plus["x12"] = json!({"plan_code": "CIGNA-VIS-02"});
    c["plans"].as_array_mut().unwrap().push(plus);
    let (config, check) = enroll_engine::validate::check_config_value(&c);
    assert!(check.valid, "{:?}", check.issues);
    config
}

/// Coverage `k` named by `plan_name` alone, as Noyo allows.
fn by_plan_name(d: &mut Value, k: usize, name: &str) {
    d["coverages"][k].as_object_mut().unwrap().remove("plan_id");
    d["coverages"][k]["plan_name"] = json!(name);
}

/// Cigna's report as `parse834` gives it: the family, its vision plan by
/// `plan_id` (HD04's plan code read back).
fn cigna_834_with_vision(plan_id: &str) -> Value {
    family(|d| {
        d["coverages"][2]["plan_id"] = json!(plan_id);
        d["reported_by"] = json!({"carrier_ids": [CIGNA], "format": "x12_834"});
    })
}

/// Review 25g f3b: a plan change written by `plan_name` is judged by the
/// plan an 834 reports by `plan_id`: applied → resolved; not applied →
/// a `plan_name` discrepancy after completion (was `open`, `not_shown`
/// `plan_name`, either way).
#[test]
fn a_plan_change_by_plan_name_is_judged_by_the_plan_an_834_reports() {
    let config = config_with_vision_plus();
    let prev = family(|d| by_plan_name(d, 2, "Cigna Vision"));
    let cur = family(|d| by_plan_name(d, 2, "Cigna Vision Plus"));
    let today = Some("2026-03-10");
    let report = cigna_834_with_vision(VISION_PLUS);
    let (diff, t) = run_on(&config, Some(&prev), &cur, &report, true, today);
    assert_eq!(diff.differences.len(), 2);
    assert_eq!(statuses(&t), [TrackingStatus::Resolved; 2]);
    assert!(t.differences.iter().all(|d| d.not_shown.is_empty()));
    let report = cigna_834_with_vision("7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e04");
    let (_, t) = run_on(&config, Some(&prev), &cur, &report, true, today);
    assert_eq!(statuses(&t), [TrackingStatus::Discrepancy; 2]);
    for d in &t.differences {
        assert_eq!(
            serde_json::to_value(&d.discrepancies).unwrap(),
            json!([{"kind": "field_mismatch", "key": "plan_name", "requested": "Cigna Vision Plus",
                    "reported": "Cigna Vision", "note": "the transaction completed but the carrier still shows the old value"}])
        );
    }
}

/// Review 25g f3c: at a Sync carrier whose member data names plans by id, a
/// plan change by `plan_name` applied resolves (was a `plan_name`
/// discrepancy whether applied or not).
#[test]
fn a_plan_change_by_plan_name_resolves_when_the_carrier_names_that_plan_by_id() {
    let prev = family(|d| by_plan_name(d, 1, "Guardian Dental Base"));
    let cur = family(|d| by_plan_name(d, 1, "Guardian Dental Plus"));
    let applied = family(|d| d["coverages"][1]["plan_id"] = json!("7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e03"));
    let (diff, t) = run(Some(&prev), &cur, &applied, true);
    assert_eq!(diff.differences.len(), 2);
    assert_eq!(statuses(&t), [TrackingStatus::Resolved; 2]);
    let (_, t) = run(Some(&prev), &cur, &family(|_| {}), true);
    assert_eq!(statuses(&t), [TrackingStatus::Discrepancy; 2]);
    let d = &t.differences[0].discrepancies[0];
    assert_eq!(
        (d.key.as_deref(), &d.requested, &d.reported),
        (
            Some("plan_name"),
            &json!("Guardian Dental Plus"),
            &json!("Guardian Dental Base")
        )
    );
}

/// Review 25g f3d: an enrollment requested by `plan_name` "Cigna Vision"
/// that the carrier enrolled in Cigna Vision Plus resolves with a separate
/// `plan_name` discrepancy, as one requested by `plan_id` does (was none).
#[test]
fn an_enrollment_added_by_plan_name_in_another_plan_opens_a_plan_discrepancy() {
    let config = config_with_vision_plus();
    let cur = family(|d| by_plan_name(d, 2, "Cigna Vision"));
    let report = cigna_834_with_vision(VISION_PLUS);
    let (diff, t) = run_on(&config, None, &cur, &report, true, Some("2026-01-10"));
    let vision: Vec<usize> = (0..diff.differences.len())
        .filter(|&k| diff.differences[k].path.starts_with("/coverages/2/"))
        .collect();
    assert_eq!(vision.len(), 2);
    for &k in &vision {
        let tracked = t
            .differences
            .iter()
            .find(|x| x.difference_id == diff.differences[k].id)
            .unwrap();
        assert_eq!(tracked.status, TrackingStatus::Resolved);
        assert!(tracked.not_shown.is_empty());
    }
    let got: Vec<Value> = t
        .discrepancies
        .iter()
        .map(|x| {
            json!([
                x.difference_id,
                x.discrepancy.key,
                x.discrepancy.requested,
                x.discrepancy.reported
            ])
        })
        .collect();
    let want: Vec<Value> = vision
        .iter()
        .map(|&k| {
            json!([
                diff.differences[k].id,
                "plan_name",
                "Cigna Vision",
                "Cigna Vision Plus"
            ])
        })
        .collect();
    assert_eq!(got, want);
}

/// The family as a carrier with its own member ids reports it: each
/// person's `custom_individual_id` `CAR-n`, no platform id.
fn with_carrier_ids(mut r: Value) -> Value {
    let mut ids = std::collections::HashMap::new();
    let mut n = 0;
    for who in ["/employee", "/dependents/0", "/dependents/1"] {
        n += 1;
        let p = r.pointer_mut(who).unwrap().as_object_mut().unwrap();
        let id = p.remove("id").unwrap();
        ids.insert(id.as_str().unwrap().to_owned(), format!("CAR-{n}"));
        p.insert("custom_individual_id".into(), json!(format!("CAR-{n}")));
    }
    for c in r["coverages"].as_array_mut().unwrap() {
        for m in c["enrolled_members"].as_array_mut().unwrap() {
            let m = m.as_object_mut().unwrap();
            let id = m.remove("individual_id").unwrap();
            m.insert("custom_individual_id".into(), json!(ids[id.as_str().unwrap()]));
        }
    }
    r
}

/// Review 25g f10b, f9b: a carrier with its own member ids that has not
/// applied a name change still shows the old name: that person, a
/// `last_name` field mismatch (was `missing_from_carrier`, and the
/// person's enrollments `unrequested`).
#[test]
fn a_name_change_not_applied_at_a_carrier_with_its_own_ids_is_a_field_mismatch() {
    let cur = family(|d| {
        d["employee"]["person"]["last_name"] = json!("Santos");
        d["dependents"][1]["person"]["last_name"] = json!("Rivera-Lopez");
    });
    let report = with_carrier_ids(family(|_| {}));
    let (diff, t) = run(Some(&family(|_| {})), &cur, &report, true);
    assert!(t.unrequested.is_empty(), "{:?}", t.unrequested);
    assert_eq!(
        statuses(&t),
        vec![TrackingStatus::Discrepancy; diff.differences.len()]
    );
    for (d, tracked) in diff.differences.iter().zip(&t.differences) {
        let want = match d.path.starts_with("/employee/") {
            true => "Santos",
            false => "Rivera-Lopez",
        };
        assert_eq!(
            serde_json::to_value(&tracked.discrepancies).unwrap(),
            json!([{"kind": "field_mismatch", "key": "person.last_name", "requested": want, "reported": "Rivera",
                    "note": "the transaction completed but the carrier still shows the old value"}])
        );
    }
    // Applied: the new names match as before.
    let (diff, t) = run(Some(&family(|_| {})), &cur, &with_carrier_ids(cur.clone()), true);
    assert_eq!(
        statuses(&t),
        vec![TrackingStatus::Resolved; diff.differences.len()]
    );
}

/// The family terminated at the end of February 2026.
fn terminated_end_of_february() -> Value {
    family(|d| {
        d["employee"]["employment"]["employment_status"] = json!("terminated");
        d["employee"]["employment"]["employment_dates"]["terminated"] = json!("2026-02-15");
        for c in d["coverages"].as_array_mut().unwrap() {
            for m in c["enrolled_members"].as_array_mut().unwrap() {
                m["effective_end_date"] = json!("2026-02-28");
            }
        }
    })
}

/// Review 25g f12, f12b: a full 834 after the last day of coverage lists
/// the family no more — the termination applied: resolved (was
/// `missing_from_carrier`). Before the last day it is still missing.
#[test]
fn a_termination_no_longer_listed_after_the_last_day_is_resolved() {
    let cur = terminated_end_of_february();
    let empty =
        json!({"snapshot_mode": "current_open", "reported_by": {"carrier_ids": [CIGNA], "format": "x12_834"},
                       "employee": {}, "dependents": [], "coverages": []})
        .to_string();
    let (d, t) = track_js(Some(&family(|_| {})), &cur, &empty, json!({}));
    assert!(t.issues.is_empty(), "{:?}", t.issues);
    let cigna = at_carrier(&d, &t, CIGNA);
    assert_eq!(cigna.len(), 5);
    assert!(cigna.iter().all(|s| s.ends_with(": Resolved")), "{cigna:?}");
    // Maria still listed without coverage: her enrollments ended, as asked.
    let mut person_only = cigna_834_with_vision("7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e04");
    person_only["coverages"] = json!([]);
    let (d, t) = track_js(Some(&family(|_| {})), &cur, &person_only.to_string(), json!({}));
    let enrollments: Vec<_> = at_carrier(&d, &t, CIGNA)
        .into_iter()
        .filter(|s| s.starts_with("IndividualEnrollment"))
        .collect();
    assert_eq!(enrollments, ["IndividualEnrollment/Modified: Resolved"; 3]);
    // A report dated before the last day: the coverage is still in force.
    let engine = enroll_engine::Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap();
    let prev = family(|_| {}).to_string();
    let diff = engine.diff_str(Some(&prev), &cur.to_string(), &DiffOptions::default());
    let ids: Vec<&String> = diff.differences.iter().map(|x| &x.id).collect();
    let options = json!({"completed_difference_ids": ids, "today": "2026-02-20"});
    let requested = serde_json::to_value(&diff.differences).unwrap();
    let t = engine
        .track_json(&cur.to_string(), &requested, &empty, &options)
        .unwrap();
    let cigna = at_carrier(&diff, &t, CIGNA);
    assert_eq!(cigna.len(), 5);
    assert!(cigna.iter().all(|s| s.ends_with(": Discrepancy")), "{cigna:?}");
}

/// Review 25g f10: a report whose ids are a carrier's own, not UUIDs
/// (`id: "CARRIER-3"`), reads them as custom ids: its enrollments are
/// that person's (was: ids dropped, the enrollment `missing_from_carrier`).
#[test]
fn report_ids_that_are_not_uuids_are_read_as_custom_ids() {
    let cur =
        family(|d| d["coverages"][0]["enrolled_members"][2]["effective_end_date"] = json!("2026-02-28"));
    let mut report = cur.clone();
    for (who, id) in [
        ("/employee", "CARRIER-1"),
        ("/dependents/0", "CARRIER-2"),
        ("/dependents/1", "CARRIER-3"),
    ] {
        let p = report.pointer_mut(who).unwrap().as_object_mut().unwrap();
        let old = p.insert("id".into(), json!(id)).unwrap();
        p.remove("custom_individual_id");
        for c in report["coverages"].as_array_mut().unwrap() {
            for m in c["enrolled_members"].as_array_mut().unwrap() {
                if m["individual_id"] == old {
                    m["individual_id"] = json!(id);
                    m.as_object_mut().unwrap().remove("custom_individual_id");
                }
            }
        }
    }
    let (d, t) = track_js(
        Some(&family(|_| {})),
        &cur,
        &report.to_string(),
        json!({"carrier_ids": [BEAM]}),
    );
    assert_eq!(
        at_carrier(&d, &t, BEAM),
        ["IndividualEnrollment/Modified: Resolved"]
    );
    assert!(t.unrequested.is_empty());
}

/// One megabyte-long field named by thousands of requested differences, the
/// carrier showing another value: each discrepancy quotes the values (64
/// characters), and nothing is copied per difference (review 25f #1: a
/// result of differences × value bytes, and the comparisons with it).
#[test]
fn a_long_field_named_by_thousands_of_differences_stays_bounded() {
    let engine = enroll_engine::Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap();
    let long = |c: char| c.to_string().repeat(256 * 1024);
    let base = family(|_| {});
    let cur = family(|d| set(d, "/employee/person/first_name", json!(long('A'))));
    let report = family(|d| set(d, "/employee/person/first_name", json!(long('B'))));
    let d = engine.diff_str(Some(&base.to_string()), &cur.to_string(), &DiffOptions::default());
    let mut one = serde_json::to_value(&d).unwrap()["differences"][0].clone();
    // The long value stays in the current snapshot; each difference names it.
    for f in one["fields"].as_array_mut().unwrap() {
        f["after"] = json!("A");
    }
    let requested: Vec<Value> = (0..2_000)
        .map(|k| {
            let mut d = one.clone();
            d["id"] = json!(format!("D-{k:016x}"));
            d
        })
        .collect();
    let requested = json!(requested);
    let (cur_text, rep_text) = (cur.to_string(), report.to_string());
    let ids: Vec<String> = requested
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    let t = engine
        .track_json(
            &cur_text,
            &requested,
            &rep_text,
            &json!({ "completed_difference_ids": ids }),
        )
        .unwrap();
    assert_eq!(t.differences.len(), 2_000);
    let mismatch = &t.differences[0].discrepancies[0];
    assert_eq!(mismatch.key.as_deref(), Some("person.first_name"));
    assert!(
        mismatch.requested.as_str().unwrap().ends_with('…'),
        "{:?}",
        mismatch.requested
    );
    let bytes = serde_json::to_string(&t).unwrap().len();
    let input = cur_text.len() + rep_text.len() + requested.to_string().len();
    assert!(bytes < 2 * input, "{bytes} bytes for {input} of input");
}

/// The employee's Guardian dental changed from Base to Plus on 2026-07-01
/// the usual way: the Base row ended 2026-06-30, a Plus row added.
fn dental_plan_changed() -> (Value, Value) {
    let base = "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e02";
    let row = |plan: &str, start: &str, end: &str| {
        json!({"carrier_id": GUARDIAN, "line_of_coverage": "dental", "plan_id": plan, "enrolled_members": [
            {"individual_type": "employee", "individual_id": "e1000000-0000-4000-8000-000000000001",
             "effective_start_date": start, "effective_end_date": end}]})
    };
    let prev = family(|d| d["coverages"][1] = row(base, "2026-01-01", "9999-12-31"));
    let cur = family(|d| {
        let coverages = d["coverages"].as_array_mut().unwrap();
        coverages[1] = row(base, "2026-01-01", "2026-06-30");
        coverages.insert(2, row(DENTAL_PLUS, "2026-07-01", "9999-12-31"));
    });
    (prev, cur)
}

const DENTAL_PLUS: &str = "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e03";

/// A carrier reporting a person's two rows of one line in another order
/// holds exactly what was requested (review 27c e); each requested row is
/// judged against the report's row with its content, wherever listed.
#[test]
fn a_report_listing_a_persons_rows_of_one_line_in_another_order_matches_them_by_content() {
    let (prev, cur) = dental_plan_changed();
    let mut report = cur.clone();
    report["coverages"].as_array_mut().unwrap().swap(1, 2);
    let (diff, t) = run_on(&config(), Some(&prev), &cur, &report, true, Some("2026-06-25"));
    assert_eq!(diff.differences.len(), 2, "Base end-dated, Plus added");
    assert_eq!(statuses(&t), [TrackingStatus::Resolved; 2]);
    assert!(t.discrepancies.is_empty(), "{:?}", t.discrepancies);
    assert!(t.unrequested.is_empty());

    // The carrier started Plus two weeks late, listed first: only the
    // addition has a discrepancy, on its start.
    report["coverages"][1]["enrolled_members"][0]["effective_start_date"] = json!("2026-07-15");
    let (diff, t) = run_on(&config(), Some(&prev), &cur, &report, true, Some("2026-06-25"));
    assert_eq!(statuses(&t), [TrackingStatus::Resolved; 2]);
    let plus = &diff.differences[at(&diff, "/coverages/2/enrolled_members/0")];
    assert_eq!(t.discrepancies.len(), 1, "{:?}", t.discrepancies);
    let x = &t.discrepancies[0];
    assert_eq!(x.difference_id, plus.id);
    assert_eq!(
        (
            x.discrepancy.key.as_deref(),
            &x.discrepancy.requested,
            &x.discrepancy.reported
        ),
        (
            Some("effective_start_date"),
            &json!("2026-07-01"),
            &json!("2026-07-15")
        )
    );
    assert!(t.unrequested.is_empty());
}

/// Review 27d #1: an employee enrolled nowhere at Cigna (only their child
/// is, in a dependent-only vision plan) still has their address change sent
/// there, as the subscriber's data; Cigna's full 834 lists the members it
/// covers, so the employee is absent from it — no evidence either way:
/// `open`, the fields not shown, never `missing_from_carrier`.
#[test]
fn a_person_enrolled_nowhere_at_the_carrier_is_not_missing_from_its_full_834() {
    let mut group = fixture_json("three-carriers-group.json");
    group["plans"][3]["eligible_member_types"] = json!(["spouse", "domestic-partner", "child"]);
    let engine = enroll_engine::Engine::from_config_value(&group).unwrap();
    // Cigna's coverages cut to the first `keep` (the life plan is the 4th),
    // the employee out of its vision, then `edit`.
    let cut = |keep: usize, edit: &dyn Fn(&mut Value)| {
        family(|d| {
            d["coverages"].as_array_mut().unwrap().truncate(keep);
            d["coverages"][2]["enrolled_members"]
                .as_array_mut()
                .unwrap()
                .remove(0);
            edit(d);
        })
    };
    let street =
        |d: &mut Value| d["employee"]["person"]["home_address"]["street_one"] = json!("12 New Street");
    let report = cigna_report_of(&engine, &cut(3, &street)).1;
    // The employee's address change at Cigna, tracked (completed) against
    // Cigna's full 834, which lists the child alone.
    let moved_at_cigna = |keep: usize, edit: &dyn Fn(&mut Value)| {
        let prev = cut(keep, edit);
        let cur = cut(keep, &|d: &mut Value| {
            edit(d);
            street(d);
        });
        let d = engine.diff_str(Some(&prev.to_string()), &cur.to_string(), &DiffOptions::default());
        let ids: Vec<&String> = d.differences.iter().map(|x| &x.id).collect();
        let options = json!({"completed_difference_ids": ids, "today": "2026-03-02"});
        let requested = serde_json::to_value(&d.differences).unwrap();
        let t = engine
            .track_json(&cur.to_string(), &requested, report.as_str(), &options)
            .unwrap();
        let id = &d
            .differences
            .iter()
            .find(|x| x.carrier_id == CIGNA && x.fields.iter().any(|f| f.key.ends_with("street_one")))
            .unwrap()
            .id;
        t.differences
            .into_iter()
            .find(|x| &x.difference_id == id)
            .unwrap()
    };
    let tracked = moved_at_cigna(3, &|_| {});
    assert_eq!(tracked.status, TrackingStatus::Open);
    assert!(tracked.discrepancies.is_empty());
    assert_eq!(tracked.not_shown, ["person.home_address.street_one"]);
    // A waive there is no enrollment either (review 27f): the same, not
    // resolved as coverage that ended.
    let waived = moved_at_cigna(4, &|d: &mut Value| {
        d["coverages"][3]["enrolled_members"][0]["effective_end_date"] = json!("2025-12-31");
    });
    assert_eq!(waived.status, TrackingStatus::Open);
    assert_eq!(waived.not_shown, ["person.home_address.street_one"]);
    // Enrolled there (in Cigna's life plan), the same absence is the carrier
    // missing them.
    assert_eq!(moved_at_cigna(4, &|_| {}).status, TrackingStatus::Discrepancy);
}

/// Differences forged from `base` (a difference of a preview, as JSON), one
/// per item of `values`, each with its own id and `fields` made by `field`.
fn forged(base: &Value, values: &[String], field: impl Fn(&str) -> Value) -> Vec<Difference> {
    values
        .iter()
        .enumerate()
        .map(|(k, v)| {
            let mut d = base.clone();
            d["id"] = json!(format!("D-{k:016x}"));
            d["fields"] = json!([field(v)]);
            serde_json::from_value(d).unwrap()
        })
        .collect()
}

/// The first difference of `object_type` of a preview of `cur` alone, as JSON.
fn added_difference(cur: &Value, object_type: ObjectType, name: &str) -> Value {
    let d = diff(None, &snapshot(cur), &DiffOptions::default());
    let d = d
        .differences
        .iter()
        .find(|d| d.object_type == object_type && d.individual.name.starts_with(name));
    serde_json::to_value(d.unwrap()).unwrap()
}

/// `track` of `requested` (one list), every transaction completed or none.
fn track_forged(cur: &Value, requested: Vec<Difference>, report: &Value, completed: bool) -> Tracking {
    let ids = requested.iter().map(|d| d.id.clone());
    let options = TrackOptions {
        completed: if completed { ids.collect() } else { Vec::new() },
        ..TrackOptions::default()
    };
    let requested = [Requested {
        snapshot_id: None,
        differences: requested,
    }];
    track(&config(), &snapshot(cur), &requested, &snapshot(report), &options)
}

/// Nine-digit guesses ending in the four digits an output shows: `NNNNN1234`.
fn guesses(last4: &str, from: usize, to: usize) -> Vec<String> {
    (from..to).map(|k| format!("{k:05}{last4}")).collect()
}

/// Review 30c #1 (t2, t3): a caller passes a current snapshot without the
/// employee's SSN and forges thousands of modifications of `person.ssn`,
/// each `after` a guess; the report holds the SSN and never shows it. Each
/// `after` is a requested value compared with the report: the one equal to
/// it was `resolved`, the rest a `discrepancy` — five hidden digits in 6
/// calls. Values of the call that show alike but differ are judged neither
/// way: every guess is answered alike, the right one included.
#[test]
fn requested_ssns_that_show_alike_confirm_no_reported_one() {
    let report = family(|_| {});
    let cur = family(|d| remove(d, "/employee/person/ssn"));
    let mut base = added_difference(&cur, ObjectType::Employee, "");
    base["change"] = json!("modified");
    let ssn = |after: &str| json!({ "key": "person.ssn", "before": null, "after": after });
    let values = guesses("1234", 53_000, 54_000);
    assert!(values.contains(&"536221234".to_owned()));
    let t = track_forged(&cur, forged(&base, &values, ssn), &report, true);
    assert_eq!(t.differences.len(), 1_000);
    for d in &t.differences {
        assert_eq!(
            (d.status, d.not_shown.as_slice()),
            (TrackingStatus::Open, &["person.ssn".to_owned()][..])
        );
        assert!(d.discrepancies.is_empty(), "{:?}", d.discrepancies);
    }
    // One guess a call is still judged: the documented equality signal.
    let one = |v: &str| track_forged(&cur, forged(&base, &[v.to_owned()], ssn), &report, true);
    assert_eq!(statuses(&one("536221234")), [TrackingStatus::Resolved]);
    assert_eq!(statuses(&one("536001234")), [TrackingStatus::Discrepancy]);
    // One value repeated is one guess: the same change sent to each carrier
    // (its own id for each), listed by three snapshots.
    let mut sent: Vec<Difference> = forged(&base, &vec!["536221234".to_owned(); 3], ssn);
    for (d, carrier) in sent.iter_mut().zip([BEAM, GUARDIAN, CIGNA]) {
        d.carrier_id = carrier.to_owned();
    }
    let snapshots: Vec<Requested> = (0..3)
        .map(|k| Requested {
            snapshot_id: Some(format!("S-{k}")),
            differences: sent.clone(),
        })
        .collect();
    let options = TrackOptions::default();
    let t = track(
        &config(),
        &snapshot(&cur),
        &snapshots,
        &snapshot(&report),
        &options,
    );
    assert_eq!(statuses(&t), [TrackingStatus::Resolved; 3]);
    assert_eq!(t.differences[0].snapshot_ids, ["S-0", "S-1", "S-2"]);
    // A second distinct value beside it makes both ambiguous, whichever
    // snapshot lists it; an id given twice is tracked (and counted) once.
    let mut two = forged(&base, &["536221234".to_owned(), "536001234".to_owned()], ssn);
    let mut again = two[0].clone();
    again.fields = vec![enroll_engine::diff::FieldChange {
        key: "person.ssn".into(),
        before: Value::Null,
        after: json!("536991234"),
    }]
    .into();
    two.push(again);
    let t = track_forged(&cur, two, &report, true);
    assert_eq!(statuses(&t), [TrackingStatus::Open; 2]);
    assert_eq!(t.differences[0].not_shown, ["person.ssn"]);
}

/// Review 30c #1 (t10): the same through forged copies of a dependent's
/// `added` difference whose `person.ssn` varies: the one guess missing from
/// 999 `field_mismatch` entries was the SSN. Now none opens a discrepancy.
#[test]
fn added_people_of_ssns_that_show_alike_confirm_no_reported_one() {
    let report = family(|_| {});
    let cur = family(|d| set(d, "/dependents/1/person/ssn", Value::Null));
    let base = added_difference(&cur, ObjectType::Dependent, "Sofia");
    let ssn = |after: &str| json!({ "key": "person.ssn", "before": null, "after": after });
    let values = guesses("1236", 53_000, 54_000);
    let t = track_forged(&cur, forged(&base, &values, ssn), &report, false);
    assert!(t.discrepancies.is_empty(), "{:?}", &t.discrepancies[..1]);
    assert!(t
        .differences
        .iter()
        .all(|d| d.status == TrackingStatus::Resolved && d.not_shown == ["person.ssn"]));
    // One such copy alone is judged: a wrong SSN is a field discrepancy.
    let t = track_forged(
        &cur,
        forged(&base, &["536001236".to_owned()], ssn),
        &report,
        false,
    );
    assert_eq!(t.discrepancies.len(), 1);
}

/// Review 30c #1 (t6): a key not ending in `ssn` keeps its `before`, which
/// is compared with the report: 1,000 forged `before` guesses at a hidden
/// nine-digit `group_individual_id`, and the one equal to it alone carried
/// "the carrier still shows the old value". Befores that show alike are not
/// judged either (the field `not_shown`, no note) — nor guesses written in
/// shapes that show otherwise but compare alike (a name's letters and digits).
#[test]
fn requested_befores_that_show_alike_confirm_no_reported_value() {
    let report = family(|d| d["employee"]["group_individual_id"] = json!("536221234"));
    let cur = family(|d| d["employee"]["group_individual_id"] = json!("ATTACKER-1"));
    let mut base = added_difference(&cur, ObjectType::Employee, "");
    base["change"] = json!("modified");
    let id = |before: &str| json!({ "key": "group_individual_id", "before": before, "after": "ATTACKER-1" });
    let t = track_forged(
        &cur,
        forged(&base, &guesses("1234", 53_000, 54_000), id),
        &report,
        true,
    );
    // Judged by the requested value alone (the current snapshot's): not
    // applied, a plain mismatch without the old value's note — the same
    // answer for the guess equal to the hidden value as for the rest.
    for d in &t.differences {
        assert_eq!(
            (d.status, d.not_shown.as_slice()),
            (TrackingStatus::Discrepancy, &[][..])
        );
        let x = &d.discrepancies[..];
        assert_eq!(x.len(), 1);
        assert_eq!(
            (x[0].kind, x[0].note.as_deref()),
            (DiscrepancyKind::FieldMismatch, None)
        );
        assert_eq!(x[0].requested, json!("ATTACKER-1"));
    }
    // One before alone is judged: the old value, or another.
    let one = |v: &str| track_forged(&cur, forged(&base, &[v.to_owned()], id), &report, true);
    let note = |t: &Tracking| t.differences[0].discrepancies[0].note.clone();
    assert_eq!(
        note(&one("536221234")).as_deref(),
        Some("the transaction completed but the carrier still shows the old value")
    );
    assert_eq!(note(&one("536001234")), None);
    // A middle name compared by its letters and digits: `536-22-1234` and
    // `53600 1234` show otherwise (`***-**-1234`, `***** 1234`) but are two
    // guesses at one nine digits.
    let report = family(|d| d["employee"]["person"]["middle_name"] = json!("536221234"));
    let cur = family(|d| d["employee"]["person"]["middle_name"] = json!("Ana"));
    let middle = |before: &str| json!({ "key": "person.middle_name", "before": before, "after": "Ana" });
    let shapes = ["536-22-1234".to_owned(), "53600 1234".to_owned()];
    let t = track_forged(&cur, forged(&base, &shapes, middle), &report, true);
    assert_eq!(statuses(&t), [TrackingStatus::Discrepancy; 2]);
    assert!(t.differences.iter().all(|d| d.discrepancies[0].note.is_none()));
}

/// Review 30e: a ZIP mistyped (`97210-1234`), corrected (`97201-1234`), then
/// the family moves (`98101-0042`); both snapshots tracked in one call.
/// Their `before`s show alike (`*****1234`), so neither is read — but the
/// requested value is the current snapshot's, and the move the carrier
/// applied resolves (before, every ZIP field was left unjudged, `open`).
#[test]
fn a_history_whose_befores_show_alike_is_judged_by_the_requested_values() {
    let zip = |z: &str| {
        family(|d| {
            let mut people = vec![d["employee"].take()];
            people.append(d["dependents"].as_array_mut().unwrap());
            for p in &mut people {
                for a in ["home_address", "mailing_address"] {
                    p["person"][a]["zip_code"] = json!(z);
                }
            }
            d["employee"] = people.remove(0);
            d["dependents"] = json!(people);
        })
    };
    let (s0, s1, s2) = (zip("97210-1234"), zip("97201-1234"), zip("98101-0042"));
    let opts = DiffOptions::default();
    let requested = |prev: &Value, cur: &Value, id: &str| Requested {
        snapshot_id: Some(id.to_owned()),
        differences: diff(Some(&snapshot(prev)), &snapshot(cur), &opts).differences,
    };
    let history = [requested(&s0, &s1, "s1"), requested(&s1, &s2, "s2")];
    let all: Vec<String> = history
        .iter()
        .flat_map(|r| r.differences.iter().map(|d| d.id.clone()))
        .collect();
    let done = TrackOptions {
        completed: all,
        ..TrackOptions::default()
    };
    let applied = track(&config(), &snapshot(&s2), &history, &snapshot(&s2), &done);
    assert!(!applied.differences.is_empty());
    for d in &applied.differences {
        assert_eq!(
            (d.status, d.not_shown.as_slice()),
            (TrackingStatus::Resolved, &[][..]),
            "{}",
            d.difference_id
        );
    }
    // The carrier still holds s1: nothing applied, every ZIP a discrepancy.
    let behind = track(&config(), &snapshot(&s2), &history, &snapshot(&s1), &done);
    assert!(statuses(&behind)
        .iter()
        .all(|s| *s == TrackingStatus::Discrepancy));
}
