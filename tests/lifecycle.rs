//! After submission: one snapshot walked from preview through every status to
//! completed and verified, for Sync and Send carriers; shuffles and duplicates;
//! impossible transitions; overdue verifications.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use enroll_engine::fulfillment::fold::{fold_json, FoldResult};
use enroll_engine::fulfillment::lifecycle::{FoldOptions, FulfillmentState, MAX_EVENT_BYTES};
use enroll_engine::fulfillment::{FulfillmentStatus, SnapshotStatus};
use enroll_engine::model::Timestamp;
use enroll_engine::preview::PreviewOptions;
use enroll_engine::Engine;
use serde_json::{json, Value};

/// The family's first submission on Monday 2025-12-01 (coverage starts 2026-01-01).
fn submitted() -> (Value, [String; 3]) {
    let engine = Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap();
    let now = PreviewOptions {
        now: Timestamp::parse("2025-12-01T12:00:00Z").unwrap(),
    };
    let p = engine.preview_str(
        None,
        &fixture_json("three-carriers-snapshot.json").to_string(),
        &now,
    );
    let ids: Vec<String> = p.transactions.iter().map(|t| t.id.clone()).collect();
    assert_eq!(
        p.transactions
            .iter()
            .map(|t| t.carrier_id.as_str())
            .collect::<Vec<_>>(),
        [BEAM, GUARDIAN, CIGNA]
    );
    (
        serde_json::to_value(&p).unwrap(),
        [ids[0].clone(), ids[1].clone(), ids[2].clone()],
    )
}

fn status(id: &str, tx: &str, step: &str, at: &str) -> Value {
    json!({"id": id, "type": "transaction_status", "transaction_id": tx, "status_detail": step, "created": at})
}

/// Every step of every transaction, the Send file, and the verifications.
fn full_history(t: &[String; 3]) -> Vec<Value> {
    let [beam, guardian, cigna] = t;
    vec![
        status("e1", beam, "noyo_accepted", "2025-12-01T12:05:00Z"),
        status("e2", guardian, "noyo_accepted", "2025-12-01T12:05:00Z"),
        status("e3", cigna, "noyo_accepted", "2025-12-01T12:05:00Z"),
        status("e4", beam, "carrier_accepted", "2025-12-01T13:00:00Z"),
        status("e5", guardian, "carrier_accepted", "2025-12-01T13:10:00Z"),
        json!({"id": "e6", "type": "file_transmitted", "carrier_id": CIGNA, "created": "2025-12-01T17:00:00Z"}),
        status("e7", beam, "carrier_processing", "2025-12-02T09:00:00Z"),
        status("e8", beam, "carrier_completed", "2025-12-03T09:00:00Z"),
        status("e9", guardian, "carrier_processing", "2025-12-03T10:00:00Z"),
        status("e10", guardian, "carrier_completed", "2025-12-04T10:00:00Z"),
        status("e11", cigna, "carrier_accepted", "2025-12-02T08:00:00Z"),
        status("e12", cigna, "carrier_completed", "2025-12-05T08:00:00Z"),
        status("e13", beam, "noyo_verified", "2026-01-02T06:00:00Z"),
        status("e14", guardian, "noyo_verified", "2026-01-02T06:00:00Z"),
        status("e15", cigna, "noyo_verified", "2026-01-03T06:00:00Z"),
    ]
}

fn fold(state: &Value, events: &[Value], now: &str) -> FoldResult {
    let opts = FoldOptions {
        now: Timestamp::parse(now).unwrap(),
        verification_grace_days: 7,
    };
    fold_json(state, &Value::Array(events.to_vec()), &opts).unwrap()
}

fn summary(s: &FulfillmentState) -> Vec<(&str, FulfillmentStatus, Option<String>)> {
    s.fulfillment_summary
        .iter()
        .map(|c| (c.carrier_id.as_str(), c.status, c.sent.map(|t| t.to_string())))
        .collect()
}

#[test]
fn one_snapshot_from_preview_to_completed_and_verified() {
    let (preview, t) = submitted();
    let events = full_history(&t);
    let start = fold(&preview, &[], "2025-12-01T12:00:00Z").state;
    assert_eq!(start.status, SnapshotStatus::Processing);
    assert_eq!(
        summary(&start),
        [
            (BEAM, FulfillmentStatus::Processing, None),
            (GUARDIAN, FulfillmentStatus::Processing, None),
            (CIGNA, FulfillmentStatus::Scheduled, None)
        ]
    );
    assert_eq!(
        start.fulfillment_summary[2]
            .next_transmission
            .map(|t| t.to_string()),
        Some("2025-12-01T17:00:00Z".into())
    );

    // The carriers accept: the Sync carriers are sent; Cigna's file goes out.
    let r = fold(&preview, &events[..6], "2025-12-01T18:00:00Z");
    assert!(r.event_issues.is_empty() && r.state.rejected_events.is_empty());
    assert_eq!(
        summary(&r.state),
        [
            (BEAM, FulfillmentStatus::Sent, Some("2025-12-01T13:00:00Z".into())),
            (
                GUARDIAN,
                FulfillmentStatus::Sent,
                Some("2025-12-01T13:10:00Z".into())
            ),
            (
                CIGNA,
                FulfillmentStatus::Sent,
                Some("2025-12-01T17:00:00Z".into())
            ),
        ]
    );
    assert_eq!(
        r.state.status,
        SnapshotStatus::Processing,
        "the Sync transactions are not completed yet"
    );

    // Beam completes; Guardian is still processing.
    let state = serde_json::to_value(&r.state).unwrap();
    let r = fold(&state, &events[6..9], "2025-12-03T12:00:00Z");
    assert_eq!(r.state.status, SnapshotStatus::Processing);
    let latest: Vec<_> = r
        .state
        .transactions
        .iter()
        .map(|t| t.latest_status.as_ref().map(|s| s.status_detail))
        .collect();
    assert_eq!(
        format!("{latest:?}"),
        "[Some(CarrierCompleted), Some(CarrierProcessing), Some(NoyoAccepted)]"
    );

    // Guardian completes: every Sync transaction completed and the Send file sent.
    let state = serde_json::to_value(&r.state).unwrap();
    let r = fold(&state, &events[9..12], "2025-12-05T12:00:00Z");
    assert_eq!(r.state.status, SnapshotStatus::Completed);
    assert!(r.state.transactions.iter().all(|t| !t.overdue_verification));

    // Not verified by mid-January: overdue (2026-01-01 plus 7 days of grace).
    let state = serde_json::to_value(&r.state).unwrap();
    let late = fold(&state, &[], "2026-01-20T00:00:00Z");
    assert!(late.state.transactions.iter().all(|t| t.overdue_verification));
    assert!(fold(&state, &[], "2026-01-08T00:00:00Z")
        .state
        .transactions
        .iter()
        .all(|t| !t.overdue_verification));

    // Verified on or after the coverage start.
    let done = fold(&state, &events[12..], "2026-01-20T00:00:00Z").state;
    assert!(done
        .transactions
        .iter()
        .all(|t| t.verified.is_some() && !t.overdue_verification));
    // Each step's `event_created` is Unix seconds, as source S1's `verified`.
    let history: Vec<i64> = done.transactions[0]
        .status_details
        .iter()
        .map(|s| s.event_created)
        .collect();
    assert_eq!(
        history,
        [
            1_764_590_700, // 2025-12-01T12:05:00Z
            1_764_594_000, // 2025-12-01T13:00:00Z
            1_764_666_000, // 2025-12-02T09:00:00Z
            1_764_752_400, // 2025-12-03T09:00:00Z
            1_767_333_600, // 2026-01-02T06:00:00Z
        ]
    );
    let json = serde_json::to_value(&done.transactions[0]).unwrap();
    assert_eq!(
        json["latest_status"],
        json!({"status_detail": "noyo_verified", "event_created": 1_767_333_600})
    );
    assert_eq!(json["verified"], json["latest_status"]["event_created"]);
    assert_eq!(done.status, SnapshotStatus::Completed);
    assert!(done.rejected_events.is_empty());
}

/// A deterministic shuffle (xorshift), so failures reproduce.
fn shuffled(events: &[Value], seed: u64) -> Vec<Value> {
    let mut v = events.to_vec();
    let mut x = seed.max(1);
    for i in (1..v.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        v.swap(i, (x % (i as u64 + 1)) as usize);
    }
    v
}

#[test]
fn shuffled_and_duplicated_events_give_the_same_final_state() {
    let (preview, t) = submitted();
    let events = full_history(&t);
    let now = "2026-01-20T00:00:00Z";
    let reference = fold(&preview, &events, now);
    for seed in 1..=20u64 {
        let mut mixed = shuffled(&events, seed);
        mixed.extend(shuffled(&events, seed * 31).into_iter().take(7)); // duplicates
                                                                        // All at once...
        assert_eq!(fold(&preview, &mixed, now), reference, "seed {seed}");
        // ...and one by one, each fold starting from the previous state.
        let mut state = preview.clone();
        for e in &mixed {
            state = serde_json::to_value(fold(&state, std::slice::from_ref(e), now).state).unwrap();
        }
        assert_eq!(
            serde_json::to_value(&reference.state).unwrap(),
            state,
            "seed {seed}, one by one"
        );
    }
}

fn reasons(r: &FoldResult) -> Vec<(&str, &str)> {
    r.state
        .rejected_events
        .iter()
        .map(|e| (e.event_id.as_str(), e.reason.as_str()))
        .collect()
}

#[test]
fn impossible_transitions_are_reported_not_applied() {
    let (preview, t) = submitted();
    let [beam, guardian, _] = &t;
    let r = fold(
        &preview,
        &[
            status("a", beam, "noyo_verified", "2025-12-02T00:00:00Z"),
            status("b", beam, "carrier_completed", "2025-12-03T00:00:00Z"),
            status("c", beam, "carrier_processing", "2025-12-04T00:00:00Z"),
            status("d", beam, "noyo_verified", "2025-12-20T00:00:00Z"),
            status(
                "e",
                "T-0000000000000000",
                "carrier_accepted",
                "2025-12-02T00:00:00Z",
            ),
            json!({"id": "f", "type": "file_transmitted", "carrier_id": BEAM, "created": "2025-12-02T00:00:00Z"}),
            status("g", guardian, "carrier_accepted", "2025-12-02T00:00:00Z"),
            status("g", guardian, "carrier_completed", "2025-12-02T00:00:00Z"),
            status("h", guardian, "carrier_accepted", "2025-12-02T01:00:00Z"),
        ],
        // After "d" (a fold at an earlier `now` would keep it as `after_now`).
        "2025-12-21T00:00:00Z",
    );
    // In replay order: by time, then rank (a file between `noyo_accepted` and
    // `carrier_accepted`), then id.
    assert_eq!(
        reasons(&r),
        [
            ("f", "not_scheduled"),
            ("e", "unknown_transaction"),
            ("g", "conflicting_duplicate"),
            ("a", "verified_before_completed"),
            ("h", "repeated_status"),
            ("c", "status_backwards"),
        ]
    );
    // "d" verifies before the expected date: recorded and flagged, not refused.
    let beam_tx = &r.state.transactions[0];
    assert_eq!(
        format!("{:?}", beam_tx.latest_status.as_ref().map(|s| s.status_detail)),
        "Some(NoyoVerified)"
    );
    assert!(beam_tx.verified_early);
    assert_eq!(
        r.state.rejected_events[3].message,
        "only a completed transaction can be verified"
    );
}

#[test]
fn cancel_and_replace() {
    let (preview, t) = submitted();
    let cancel = json!({"id": "x", "type": "snapshot_canceled", "created": "2025-12-01T12:30:00Z"});
    let r = fold(&preview, std::slice::from_ref(&cancel), "2025-12-02T00:00:00Z");
    assert_eq!(r.state.status, SnapshotStatus::Canceled);
    let late = status("y", &t[0], "carrier_accepted", "2025-12-01T13:00:00Z");
    let r = fold(&preview, &[cancel, late], "2025-12-02T00:00:00Z");
    assert_eq!(reasons(&r), [("y", "snapshot_canceled")]);
    // Too late to cancel once a carrier has the changes.
    let sent = status("s", &t[0], "carrier_accepted", "2025-12-01T12:10:00Z");
    let cancel = json!({"id": "x", "type": "snapshot_canceled", "created": "2025-12-01T12:30:00Z"});
    assert_eq!(
        reasons(&fold(&preview, &[sent.clone(), cancel], "2025-12-02T00:00:00Z")),
        [("x", "already_sent")]
    );

    // A newer snapshot replaces what is still in flight; sent items stay sent.
    let replaced = json!({"id": "r", "type": "snapshot_replaced", "created": "2025-12-01T14:00:00Z", "by_snapshot_id": "snap-2"});
    let after = status("z", &t[1], "carrier_accepted", "2025-12-01T15:00:00Z");
    let r = fold(&preview, &[sent, replaced, after], "2025-12-02T00:00:00Z");
    assert_eq!(r.state.status, SnapshotStatus::Replaced);
    assert_eq!(
        summary(&r.state),
        [
            (BEAM, FulfillmentStatus::Sent, Some("2025-12-01T12:10:00Z".into())),
            (GUARDIAN, FulfillmentStatus::Replaced, None),
            (CIGNA, FulfillmentStatus::Replaced, None),
        ]
    );
    assert_eq!(reasons(&r), [("z", "carrier_replaced")]);
}

/// A replaced snapshot's transaction that completes is never overdue for
/// verification: Noyo confirms only the latest snapshot, once it is
/// completed (source S2), so the newer one carries the confirmation
/// (review 31e #3).
#[test]
fn a_replaced_snapshots_transactions_are_never_overdue() {
    let (preview, t) = submitted();
    let mut events = vec![
        status("a", &t[0], "carrier_accepted", "2025-12-01T12:10:00Z"),
        status("c", &t[0], "carrier_completed", "2025-12-03T09:00:00Z"),
    ];
    let beam = |events: &[Value]| {
        let r = fold(&preview, events, "2026-06-01T00:00:00Z");
        let tx = &r.state.transactions[0];
        (
            r.state.status,
            tx_statuses(&r.state)[0].1.to_owned(),
            tx.overdue_verification,
        )
    };
    assert_eq!(
        beam(&events),
        (SnapshotStatus::Processing, "completed".into(), true)
    );
    events.push(json!({"id": "r", "type": "snapshot_replaced", "created": "2025-12-02T00:00:00Z"}));
    assert_eq!(
        beam(&events),
        (SnapshotStatus::Replaced, "completed".into(), false)
    );
}

#[test]
fn malformed_events_are_located_and_skipped() {
    let (preview, t) = submitted();
    let events = json!([
        {"id": "ok", "type": "transaction_status", "transaction_id": t[0], "status_detail": "noyo_accepted", "created": "2025-12-01T12:05:00Z"},
        {"id": "b1", "type": "transaction_status", "transaction_id": t[0], "status_detail": "carrier_done", "created": "2025-12-01T12:06:00Z"},
        {"id": "b2", "type": "file_transmitted", "created": "yesterday"},
        "not an event",
        {"type": "teleported", "created": "2025-12-01T12:06:00Z"}
    ]);
    let opts = FoldOptions {
        now: Timestamp::parse("2025-12-02T00:00:00Z").unwrap(),
        verification_grace_days: 7,
    };
    let r = fold_json(&preview, &events, &opts).unwrap();
    let got: Vec<_> = r
        .event_issues
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("unknown_enum_value", "/1/status_detail"),
            ("invalid_timestamp", "/2/created"),
            ("missing_field", "/2/carrier_id"),
            ("wrong_type", "/3"),
            ("missing_field", "/4/id"),
            ("unknown_enum_value", "/4/type"),
        ]
    );
    assert_eq!(
        r.state.transactions[0].status_details.len(),
        1,
        "the valid event still applied"
    );
    let err = fold_json(&json!({"status": 5}), &json!([]), &opts).unwrap_err();
    assert_eq!(err.code, enroll_engine::ErrorCode::InvalidArgument);
}

#[test]
fn a_passed_back_state_is_read_from_its_baseline_and_events() {
    let (preview, t) = submitted();
    let first = fold(&preview, &full_history(&t)[..3], "2025-12-05T00:00:00Z");
    let stored = serde_json::to_value(&first).unwrap();
    let again = fold(&stored, &[], "2025-12-05T00:00:00Z");
    // The derived parts are recomputed, not read: dropping them changes nothing.
    let mut inputs = stored.clone();
    for k in [
        "status",
        "fulfillment_summary",
        "transactions",
        "rejected_events",
        "event_issues",
    ] {
        inputs.as_object_mut().unwrap().remove(k);
    }
    assert_eq!(fold(&inputs, &[], "2025-12-05T00:00:00Z"), again);
    // A stored event that is not one is API misuse, located.
    let mut bad = stored;
    bad["events"][0]["id"] = json!(5);
    let opts = FoldOptions {
        now: Timestamp::parse("2025-12-05T00:00:00Z").unwrap(),
        verification_grace_days: 7,
    };
    let err = fold_json(&bad, &json!([]), &opts).unwrap_err();
    assert_eq!(err.code, enroll_engine::ErrorCode::InvalidArgument);
    assert!(err.message.contains("/events/0/id"), "{}", err.message);
    // So is a stored fold option that is not one (the value is not echoed).
    let mut bad = serde_json::to_value(&first).unwrap();
    bad["folded_with"] = json!({"now": "yesterday-ish"});
    let err = fold_json(&bad, &json!([]), &opts).unwrap_err();
    assert_eq!(err.code, enroll_engine::ErrorCode::InvalidArgument);
    assert!(!err.message.contains("yesterday"), "{}", err.message);
}

// ---------------------------------------------------------------------------
// Issue 14: snapshot and carrier status (seeds 001, 002)

/// Seed 002's scenario on Wednesday 2026-11-25: the employee's address changes
/// at every carrier, and Guardian's input is broken (the spouse's dental ends
/// before it starts), so Guardian is invalid; Cigna (Send) is scheduled.
fn seed_002_preview_with(config: Value, now: &str) -> Value {
    let family = fixture_json("three-carriers-snapshot.json");
    let mut cur = family.clone();
    set(
        &mut cur,
        "/employee/person/home_address/street_one",
        json!("7 Alder Court"),
    );
    set(
        &mut cur,
        "/employee/person/mailing_address/street_one",
        json!("7 Alder Court"),
    );
    set(
        &mut cur,
        "/coverages/1/enrolled_members/1/effective_end_date",
        json!("2025-06-30"),
    );
    let engine = Engine::from_config_value(&config).unwrap();
    let opts = PreviewOptions {
        now: Timestamp::parse(now).unwrap(),
    };
    let p = engine.preview_str(Some(&family.to_string()), &cur.to_string(), &opts);
    serde_json::to_value(p).unwrap()
}

fn seed_002_preview() -> Value {
    seed_002_preview_with(fixture_json("three-carriers-group.json"), "2026-11-25T12:00:00Z")
}

fn tx_of(state: &Value, carrier: &str) -> String {
    let txs = state["transactions"].as_array().unwrap();
    let t = txs.iter().find(|t| t["carrier_id"] == carrier).unwrap();
    t["id"].as_str().unwrap().to_owned()
}

fn rejected_by(carrier: &str, id: &str, at: &str, errors: &[&str]) -> Value {
    json!({"id": id, "type": "carrier_rejected", "carrier_id": carrier, "errors": errors, "created": at})
}

fn file(carrier: &str, id: &str, at: &str) -> Value {
    json!({"id": id, "type": "file_transmitted", "carrier_id": carrier, "created": at})
}

fn tx_statuses(s: &FulfillmentState) -> Vec<(&str, &str)> {
    s.transactions
        .iter()
        .map(|t| {
            let status = match serde_json::to_value(t.status).unwrap() {
                Value::String(s) if s == "processing" => "processing",
                Value::String(s) if s == "completed" => "completed",
                Value::String(s) if s == "failed" => "failed",
                Value::String(s) if s == "canceled" => "canceled",
                Value::String(s) if s == "replaced" => "replaced",
                other => panic!("{other}"),
            };
            (t.transaction.carrier_id.as_str(), status)
        })
        .collect()
}

#[test]
fn seed_002_fulfillment_summary_example_is_reproduced_literally() {
    // "The Beam updates were sent, the Cigna ones scheduled, and the Guardian
    // ones had a validation issue that needs to be fixed" — status processing.
    let p = seed_002_preview();
    let beam = tx_of(&p, BEAM);
    let r = fold(
        &p,
        &[status("a", &beam, "carrier_accepted", "2026-11-25T13:00:00Z")],
        "2026-11-25T14:00:00Z",
    );
    let s = serde_json::to_value(&r.state).unwrap();
    let pick = |c: &Value, keys: &[&str]| {
        let mut o = serde_json::Map::new();
        for k in keys {
            let v = if *k == "errors" {
                Value::Array(
                    c[k].as_array()
                        .unwrap()
                        .iter()
                        .map(|e| e["message"].clone())
                        .collect(),
                )
            } else {
                c[k].clone()
            };
            o.insert((*k).to_owned(), v);
        }
        Value::Object(o)
    };
    let summary = s["fulfillment_summary"].as_array().unwrap();
    assert_eq!(
        json!({
            "status": s["status"],
            "fulfillment_summary": [
                pick(&summary[0], &["carrier_id", "status", "sent"]),
                pick(&summary[1], &["carrier_id", "status", "errors"]),
                pick(&summary[2], &["carrier_id", "status", "next_transmission"]),
            ]
        }),
        json!({
            "status": "processing",
            "fulfillment_summary": [
                {"carrier_id": BEAM, "status": "sent", "sent": "2026-11-25T13:00:00Z"},
                {"carrier_id": GUARDIAN, "status": "invalid",
                 "errors": ["Coverage ends on 2025-06-30, before it starts on 2026-01-01."]},
                {"carrier_id": CIGNA, "status": "scheduled", "next_transmission": "2026-11-26T17:00:00Z"}
            ]
        })
    );
}

#[test]
fn a_snapshot_with_an_invalid_carrier_never_completes() {
    let p = seed_002_preview();
    // The invalid carrier's transaction exists: typed, with its differences, blocked.
    let guardian = &p["transactions"][1];
    assert_eq!(
        (&guardian["carrier_id"], &guardian["blocked"]),
        (&json!(GUARDIAN), &json!(true))
    );
    assert!(guardian["transaction_type"].is_string());
    assert_eq!(
        guardian["difference_ids"].as_array().unwrap().len(),
        p["differences"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["carrier_id"] == GUARDIAN)
            .count()
    );
    assert_eq!(p["status"], "processing");
    // Beam sent and completed, Cigna's file sent: still processing, Guardian failed.
    let (beam, guardian) = (tx_of(&p, BEAM), tx_of(&p, GUARDIAN));
    let events = [
        status("a", &beam, "carrier_accepted", "2026-11-25T13:00:00Z"),
        status("c", &beam, "carrier_completed", "2026-11-26T09:00:00Z"),
        file(CIGNA, "f", "2026-11-26T17:00:00Z"),
        status("g", &guardian, "carrier_accepted", "2026-11-26T10:00:00Z"),
    ];
    let r = fold(&p, &events, "2026-12-01T00:00:00Z");
    assert_eq!(r.state.status, SnapshotStatus::Processing);
    assert_eq!(
        summary(&r.state),
        [
            (BEAM, FulfillmentStatus::Sent, Some("2026-11-25T13:00:00Z".into())),
            (GUARDIAN, FulfillmentStatus::Invalid, None),
            (
                CIGNA,
                FulfillmentStatus::Sent,
                Some("2026-11-26T17:00:00Z".into())
            ),
        ]
    );
    assert_eq!(
        tx_statuses(&r.state),
        [(BEAM, "completed"), (GUARDIAN, "failed"), (CIGNA, "completed")]
    );
    // Nothing is sent for the blocked transaction, so no step applies to it.
    assert_eq!(reasons(&r), [("g", "carrier_invalid")]);
}

#[test]
fn carrier_rejected_moves_a_processing_or_scheduled_carrier_to_invalid() {
    let (preview, t) = submitted();
    let [beam, guardian, _] = &t;
    let events = [
        status("a", beam, "carrier_accepted", "2025-12-01T13:00:00Z"),
        status("n", guardian, "noyo_accepted", "2025-12-01T12:05:00Z"),
        rejected_by(
            GUARDIAN,
            "rg",
            "2025-12-02T10:00:00Z",
            &["Member SSN does not match our records"],
        ),
        rejected_by(
            CIGNA,
            "rc",
            "2025-12-01T15:00:00Z",
            &["Group number unknown", "Plan code retired"],
        ),
        status("c", beam, "carrier_completed", "2025-12-03T09:00:00Z"),
        // A rejected carrier is terminal: no later file, step or rejection applies.
        file(CIGNA, "f", "2025-12-04T17:00:00Z"),
        status("late", guardian, "carrier_accepted", "2025-12-03T00:00:00Z"),
        rejected_by(BEAM, "rb", "2025-12-04T00:00:00Z", &["too late"]),
        rejected_by("nobody", "ru", "2025-12-04T00:00:00Z", &["?"]),
        rejected_by(GUARDIAN, "again", "2025-12-05T00:00:00Z", &["again"]),
    ];
    let r = fold(&preview, &events, "2025-12-10T00:00:00Z");
    assert_eq!(
        summary(&r.state),
        [
            (BEAM, FulfillmentStatus::Sent, Some("2025-12-01T13:00:00Z".into())),
            (GUARDIAN, FulfillmentStatus::Invalid, None),
            (CIGNA, FulfillmentStatus::Invalid, None),
        ]
    );
    let errors: Vec<Vec<(&str, &str)>> = r.state.fulfillment_summary[1..]
        .iter()
        .map(|c| {
            c.errors
                .iter()
                .map(|e| (e.code.as_str(), e.message.as_str()))
                .collect()
        })
        .collect();
    assert_eq!(
        errors,
        [
            vec![(
                "carrier_rejected",
                "The carrier rejected the changes: Member SSN does not match our records"
            )],
            vec![
                (
                    "carrier_rejected",
                    "The carrier rejected the changes: Group number unknown"
                ),
                (
                    "carrier_rejected",
                    "The carrier rejected the changes: Plan code retired"
                ),
            ],
        ]
    );
    assert_eq!(r.state.fulfillment_summary[2].errors[0].carrier_ids, [CIGNA]);
    assert_eq!(r.state.fulfillment_summary[2].next_transmission, None);
    assert_eq!(
        tx_statuses(&r.state),
        [(BEAM, "completed"), (GUARDIAN, "failed"), (CIGNA, "failed")]
    );
    assert_eq!(r.state.status, SnapshotStatus::Processing, "never completes");
    assert_eq!(
        reasons(&r),
        [
            ("late", "carrier_invalid"),
            ("rb", "not_in_flight"),
            ("ru", "unknown_carrier"),
            ("f", "not_scheduled"),
            ("again", "not_in_flight"),
        ]
    );
    assert_eq!(
        r.state.rejected_events[1].message,
        "the carrier is sent: only a processing or scheduled carrier can be rejected"
    );
    // A malformed rejection is located and skipped.
    let bad = json!([
        {"id": "x1", "type": "carrier_rejected", "carrier_id": GUARDIAN, "created": "2025-12-02T00:00:00Z"},
        {"id": "x2", "type": "carrier_rejected", "carrier_id": GUARDIAN, "errors": [], "created": "2025-12-02T00:00:00Z"},
        {"id": "x3", "type": "carrier_rejected", "carrier_id": GUARDIAN, "errors": ["ok", 5, ""], "created": "2025-12-02T00:00:00Z"}
    ]);
    let opts = FoldOptions {
        now: Timestamp::parse("2025-12-10T00:00:00Z").unwrap(),
        verification_grace_days: 7,
    };
    let r = fold_json(&preview, &bad, &opts).unwrap();
    let got: Vec<_> = r
        .event_issues
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("missing_field", "/0/errors"),
            ("empty_value", "/1/errors"),
            ("wrong_type", "/2/errors/1"),
            ("empty_value", "/2/errors/2"),
        ]
    );
    assert_eq!(
        r.state.fulfillment_summary[1].status,
        FulfillmentStatus::Processing
    );
}

#[test]
fn send_carriers_transactions_complete_on_file_transmitted() {
    let (preview, t) = submitted();
    let [beam, guardian, _] = &t;
    let events = [
        file(CIGNA, "f", "2025-12-01T17:00:00Z"),
        status("b", beam, "carrier_completed", "2025-12-03T09:00:00Z"),
        status("g", guardian, "carrier_completed", "2025-12-04T09:00:00Z"),
    ];
    let r = fold(&preview, &events[..1], "2025-12-02T00:00:00Z");
    let cigna = &r.state.transactions[2];
    assert_eq!(tx_statuses(&r.state)[2], (CIGNA, "completed"));
    assert_eq!(
        cigna.completed_at.map(|t| t.to_string()),
        Some("2025-12-01T17:00:00Z".into())
    );
    assert!(cigna.status_details.is_empty(), "no carrier step was needed");
    assert_eq!(r.state.status, SnapshotStatus::Processing);
    let r = fold(&preview, &events, "2025-12-05T00:00:00Z");
    assert_eq!(r.state.status, SnapshotStatus::Completed);
    assert_eq!(
        tx_statuses(&r.state),
        [(BEAM, "completed"), (GUARDIAN, "completed"), (CIGNA, "completed")]
    );
}

#[test]
fn a_send_carrier_receives_nothing_before_its_file() {
    let (preview, t) = submitted();
    let cigna = &t[2];
    let events = [
        status("n", cigna, "noyo_accepted", "2025-12-01T12:05:00Z"),
        status("a", cigna, "carrier_accepted", "2025-12-01T13:00:00Z"),
        status("c", cigna, "carrier_completed", "2025-12-01T14:00:00Z"),
        // At the file's own instant the file goes first, so this applies.
        status("p", cigna, "carrier_processing", "2025-12-01T17:00:00Z"),
        file(CIGNA, "f", "2025-12-01T17:00:00Z"),
        status("d", cigna, "carrier_completed", "2025-12-03T08:00:00Z"),
    ];
    let r = fold(&preview, &events, "2025-12-04T00:00:00Z");
    assert_eq!(reasons(&r), [("a", "not_transmitted"), ("c", "not_transmitted")]);
    assert_eq!(
        r.state.rejected_events[1].message,
        "carrier_completed before the Send carrier's file was transmitted"
    );
    let tx = &r.state.transactions[2];
    let steps: Vec<_> = tx
        .status_details
        .iter()
        .map(|s| (s.status_detail.as_str(), s.event_created))
        .collect();
    assert_eq!(
        steps,
        [
            ("noyo_accepted", 1_764_590_700),      // 2025-12-01T12:05:00Z
            ("carrier_processing", 1_764_608_400), // 2025-12-01T17:00:00Z
            ("carrier_completed", 1_764_748_800),  // 2025-12-03T08:00:00Z
        ]
    );
    // Completed by the file, not by the later carrier step.
    assert_eq!(tx_statuses(&r.state)[2], (CIGNA, "completed"));
    assert_eq!(
        tx.completed_at.map(|t| t.to_string()),
        Some("2025-12-01T17:00:00Z".into())
    );
}

#[test]
fn a_send_carriers_transaction_completed_by_its_file_is_verified_and_can_become_overdue() {
    let (preview, t) = submitted();
    let cigna = &t[2];
    // Expected to verify on 2026-01-01 (the coverage start), 7 days of grace.
    assert_eq!(
        preview["transactions"][2]["expected_verification_date"],
        "2026-01-01"
    );
    let sent = [file(CIGNA, "f", "2025-12-01T17:00:00Z")];
    let overdue =
        |events: &[Value], now: &str| fold(&preview, events, now).state.transactions[2].overdue_verification;
    assert!(!overdue(&sent, "2026-01-08T23:59:59Z"));
    assert!(overdue(&sent, "2026-01-09T00:00:00Z"));
    // A file sent after the expected date: overdue from the file, not the date.
    let late = [file(CIGNA, "f", "2026-01-19T17:00:00Z")];
    assert!(!overdue(&late, "2026-01-26T23:59:59Z"));
    assert!(overdue(&late, "2026-01-27T00:00:00Z"));
    // Verified after its file with no carrier step: recorded, not overdue.
    let verified = [
        sent[0].clone(),
        status("v", cigna, "noyo_verified", "2026-01-03T06:00:00Z"),
    ];
    let r = fold(&preview, &verified, "2026-01-20T00:00:00Z");
    assert!(
        r.state.rejected_events.is_empty(),
        "{:?}",
        r.state.rejected_events
    );
    let tx = &r.state.transactions[2];
    assert_eq!(
        (tx.verified, tx.verified_at.map(|t| t.to_string())),
        (Some(1_767_420_000), Some("2026-01-03T06:00:00Z".into()))
    );
    assert!(!tx.verified_early && !tx.overdue_verification);
    // Before the file nothing reached the carrier, so nothing is verifiable.
    let early = status("v", cigna, "noyo_verified", "2025-12-01T16:00:00Z");
    let r = fold(&preview, &[early, sent[0].clone()], "2026-01-20T00:00:00Z");
    assert_eq!(reasons(&r), [("v", "not_transmitted")]);
    assert!(r.state.transactions[2].overdue_verification);
}

#[test]
fn cancel_makes_every_unsent_carrier_item_show_it_will_not_be_sent() {
    let p = seed_002_preview();
    let cancel = json!({"id": "x", "type": "snapshot_canceled", "created": "2026-11-25T12:30:00Z"});
    let r = fold(&p, &[cancel], "2026-11-25T13:00:00Z");
    assert_eq!(r.state.status, SnapshotStatus::Canceled);
    let carriers: Vec<_> = r
        .state
        .fulfillment_summary
        .iter()
        .map(|c| (c.carrier_id.as_str(), c.status, c.next_transmission))
        .collect();
    assert_eq!(
        carriers,
        [
            (BEAM, FulfillmentStatus::Canceled, None),
            (GUARDIAN, FulfillmentStatus::Invalid, None),
            (CIGNA, FulfillmentStatus::Canceled, None),
        ]
    );
    assert_eq!(
        tx_statuses(&r.state),
        [(BEAM, "canceled"), (GUARDIAN, "failed"), (CIGNA, "canceled")]
    );
    let s = serde_json::to_value(&r.state).unwrap();
    for item in s["acknowledgement"]["coverages"].as_array().unwrap() {
        let want = if item["carrier_id"] == GUARDIAN {
            "rejected"
        } else {
            "canceled"
        };
        assert_eq!(item["state"], want, "{item}");
    }
}

#[test]
fn snapshot_replaced_applies_to_submitted_and_processing_only() {
    let replace = json!({"id": "r", "type": "snapshot_replaced", "created": "2026-11-25T14:00:00Z", "by_snapshot_id": "snap-2"});
    // Processing: every unsent carrier is replaced; the invalid one stays invalid.
    let r = fold(
        &seed_002_preview(),
        std::slice::from_ref(&replace),
        "2026-11-25T15:00:00Z",
    );
    assert_eq!(r.state.status, SnapshotStatus::Replaced);
    assert_eq!(
        summary(&r.state).iter().map(|c| c.1).collect::<Vec<_>>(),
        [
            FulfillmentStatus::Replaced,
            FulfillmentStatus::Invalid,
            FulfillmentStatus::Replaced
        ]
    );
    assert_eq!(
        tx_statuses(&r.state),
        [(BEAM, "replaced"), (GUARDIAN, "failed"), (CIGNA, "replaced")]
    );
    // Submitted (nothing could be compared): superseded the same way.
    let engine = Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap();
    let opts = PreviewOptions {
        now: Timestamp::parse("2026-11-25T12:00:00Z").unwrap(),
    };
    let unreadable = serde_json::to_value(engine.preview_str(None, "{\"employee\": 5}", &opts)).unwrap();
    assert_eq!(unreadable["status"], "submitted");
    let r = fold(
        &unreadable,
        std::slice::from_ref(&replace),
        "2026-11-25T15:00:00Z",
    );
    assert_eq!(r.state.status, SnapshotStatus::Replaced);
    // Completed and canceled are final.
    let (preview, t) = submitted();
    let mut done: Vec<Value> = full_history(&t)[..12].to_vec();
    done.push(json!({"id": "r", "type": "snapshot_replaced", "created": "2025-12-06T00:00:00Z"}));
    let r = fold(&preview, &done, "2025-12-07T00:00:00Z");
    assert_eq!(r.state.status, SnapshotStatus::Completed);
    assert_eq!(reasons(&r), [("r", "snapshot_final")]);
    assert_eq!(
        r.state.rejected_events[0].message,
        "only a submitted or processing snapshot can be replaced; it is completed"
    );
    let cancel = json!({"id": "x", "type": "snapshot_canceled", "created": "2025-12-01T12:30:00Z"});
    let late = json!({"id": "r", "type": "snapshot_replaced", "created": "2025-12-01T13:00:00Z"});
    assert_eq!(
        reasons(&fold(&preview, &[cancel, late], "2025-12-02T00:00:00Z")),
        [("r", "snapshot_final")]
    );
}

#[test]
fn next_transmission_is_recomputed_from_the_feed_at_the_folds_now() {
    let (preview, _) = submitted(); // at Monday 2025-12-01T12:00:00Z
    let next = |now: &str| {
        let r = fold(&preview, &[], now);
        r.state.fulfillment_summary[2]
            .next_transmission
            .map(|t| t.to_string())
    };
    assert_eq!(next("2025-12-01T12:00:00Z"), Some("2025-12-01T17:00:00Z".into()));
    // The Monday run passed without a file: the Thursday one.
    assert_eq!(next("2025-12-02T00:00:00Z"), Some("2025-12-04T17:00:00Z".into()));
    assert_eq!(next("2025-12-04T17:00:00Z"), Some("2025-12-08T17:00:00Z".into()));
    // Never before the preview's: a now before submission keeps it.
    assert_eq!(next("2025-11-20T00:00:00Z"), Some("2025-12-01T17:00:00Z".into()));
    // A passed-back state reads as it was returned (its fold's now).
    let later = serde_json::to_value(fold(&preview, &[], "2025-12-02T00:00:00Z")).unwrap();
    assert_eq!(later["folded_with"]["now"], "2025-12-02T00:00:00Z");
    let opts = FoldOptions {
        now: Timestamp::parse("2025-12-02T00:00:00Z").unwrap(),
        verification_grace_days: 7,
    };
    let again = enroll_engine::fulfillment::fold::read_state(&later).unwrap();
    assert_eq!(
        again.fulfillment_summary[2]
            .next_transmission
            .map(|t| t.to_string()),
        Some("2025-12-04T17:00:00Z".into())
    );
    assert_eq!(again.folded_with, Some(opts));
}

#[test]
fn a_feed_whose_until_has_passed_is_a_config_issue() {
    let with_until = |until: &str| {
        let mut config = fixture_json("three-carriers-group.json");
        config["carriers"][2]["feed"]["rrule"] = json!(format!(
            "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=17;BYMINUTE=0;UNTIL={until}"
        ));
        config
    };
    // Ended before the preview: Cigna is invalid at once, its transaction blocked.
    let p = seed_002_preview_with(with_until("20261120"), "2026-11-25T12:00:00Z");
    let issue = p["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "feed_schedule_ended")
        .unwrap();
    assert_eq!(
        issue,
        &json!({"code": "feed_schedule_ended", "severity": "error", "path": "",
                "message": "Send carrier Cigna's feed schedule has no run after 2026-11-25T12:00:00Z, so its changes cannot be sent.",
                "params": {"carrier": "Cigna", "carrier_id": CIGNA, "now": "2026-11-25T12:00:00Z",
                           "config_path": "/carriers/2/feed/rrule"},
                "carrier_ids": [CIGNA], "line_of_coverage": null})
    );
    assert_eq!(p["fulfillment_summary"][2]["status"], "invalid");
    assert_eq!(p["fulfillment_summary"][2]["next_transmission"], Value::Null);
    assert_eq!(p["transactions"][2]["blocked"], true);
    // Ends after the preview: scheduled, until a fold's now passes the last
    // run (2026-11-30T17:00) by more than the day its file may take.
    let p = seed_002_preview_with(with_until("20261130"), "2026-11-25T12:00:00Z");
    assert_eq!(
        p["fulfillment_summary"][2]["next_transmission"],
        "2026-11-26T17:00:00Z"
    );
    let r = fold(&p, &[], "2026-12-01T18:00:00Z");
    let cigna = &r.state.fulfillment_summary[2];
    assert_eq!(
        (cigna.status, cigna.next_transmission),
        (FulfillmentStatus::Invalid, None)
    );
    assert_eq!(cigna.errors[0].code, "feed_schedule_ended");
    assert_eq!(cigna.errors[0].params["now"], "2026-12-01T18:00:00Z");
    assert_eq!(tx_statuses(&r.state)[2], (CIGNA, "failed"));
    assert_eq!(r.state.status, SnapshotStatus::Processing);
    // The file that did go out (on the last run) wins.
    let r = fold(
        &p,
        &[file(CIGNA, "f", "2026-11-30T17:00:00Z")],
        "2026-12-10T00:00:00Z",
    );
    assert_eq!(r.state.fulfillment_summary[2].status, FulfillmentStatus::Sent);
    // So does one logged within a day of it; one dated later is no run's
    // file: refused, and the carrier stays invalid (review 30b #1) —
    // whether or not a fold saw it invalid first.
    let late = |at: &str, status: FulfillmentStatus, refused: &[&str]| {
        let then = fold(&p, &[], "2026-12-01T00:00:00Z");
        let then = serde_json::to_value(&then.state).unwrap();
        for state in [&p, &then] {
            let r = fold(state, &[file(CIGNA, "f", at)], "2026-12-10T00:00:00Z");
            assert_eq!(r.state.fulfillment_summary[2].status, status, "{at}");
            let reasons: Vec<&str> = r
                .state
                .rejected_events
                .iter()
                .map(|e| e.reason.as_str())
                .collect();
            assert_eq!(reasons, refused, "{at}");
        }
    };
    late("2026-12-01T16:59:59Z", FulfillmentStatus::Sent, &[]);
    // Exactly a day after the last run is still within a day (review 30e).
    late("2026-12-01T17:00:00Z", FulfillmentStatus::Sent, &[]);
    late("2026-12-01T12:00:00-05:00", FulfillmentStatus::Sent, &[]);
    late(
        "2026-12-01T17:00:01Z",
        FulfillmentStatus::Invalid,
        &["not_scheduled"],
    );
    late(
        "2026-12-08T17:00:00Z",
        FulfillmentStatus::Invalid,
        &["not_scheduled"],
    );
}

/// Past its feed's last run a Send carrier waits, `scheduled` at that run,
/// for the day within which the run's file may be logged; only then is it
/// `invalid` with `feed_schedule_ended`. Shown `invalid` at the last run
/// itself, it turned `sent` when the run's file came (review 31e #1): a
/// partner told the change failed was told later that it completed.
#[test]
fn a_send_carrier_waits_a_day_for_its_last_runs_file() {
    let mut config = fixture_json("three-carriers-group.json");
    config["carriers"][2]["feed"]["rrule"] =
        json!("FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9,17;BYMINUTE=0;UNTIL=20261130T170000Z");
    let p = seed_002_preview_with(config, "2026-11-25T12:00:00Z");
    assert_eq!(
        p["fulfillment_summary"][2]["next_transmission"],
        "2026-11-26T09:00:00Z"
    );
    let cigna_items = |state: &FulfillmentState| -> Vec<String> {
        let ack = serde_json::to_value(&state.acknowledgement).unwrap();
        ack["coverages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["carrier_id"] == CIGNA)
            .map(|c| c["state"].as_str().unwrap().to_owned())
            .collect()
    };
    let last_run = Some("2026-11-30T17:00:00Z".to_owned());
    // At the last run, after it, and exactly a day after it (within, as for
    // the file: `not_scheduled` in a_feed_whose_until_has_passed_is_a_config_issue).
    for now in [
        "2026-11-30T17:00:00Z",
        "2026-11-30T17:00:01Z",
        "2026-12-01T09:00:00Z",
        "2026-12-01T17:00:00Z",
    ] {
        let r = fold(&p, &[], now);
        let cigna = &r.state.fulfillment_summary[2];
        assert_eq!(
            (cigna.status, cigna.next_transmission.map(|t| t.to_string())),
            (FulfillmentStatus::Scheduled, last_run.clone()),
            "{now}"
        );
        assert!(cigna.errors.is_empty(), "{now}");
        assert_eq!(tx_statuses(&r.state)[2], (CIGNA, "processing"), "{now}");
        assert_eq!(cigna_items(&r.state), vec!["pending"; 3], "{now}");
    }
    // A second past the day no file can come: invalid.
    let r = fold(&p, &[], "2026-12-01T17:00:01Z");
    let cigna = &r.state.fulfillment_summary[2];
    assert_eq!(
        (cigna.status, cigna.next_transmission),
        (FulfillmentStatus::Invalid, None)
    );
    let codes: Vec<&str> = cigna.errors.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, ["feed_schedule_ended"]);
    assert_eq!(cigna.errors[0].params["now"], "2026-12-01T17:00:01Z");
    assert_eq!(tx_statuses(&r.state)[2], (CIGNA, "failed"));
    assert_eq!(cigna_items(&r.state), vec!["rejected"; 3]);
    // The run's file after a fold at the run: sent, completed, nothing refused.
    let then = serde_json::to_value(fold(&p, &[], "2026-11-30T17:00:01Z").state).unwrap();
    let r = fold(
        &then,
        &[file(CIGNA, "f", "2026-11-30T17:30:00Z")],
        "2026-11-30T19:00:00Z",
    );
    assert_eq!(
        summary(&r.state)[2],
        (
            CIGNA,
            FulfillmentStatus::Sent,
            Some("2026-11-30T17:30:00Z".into())
        )
    );
    assert_eq!(tx_statuses(&r.state)[2], (CIGNA, "completed"));
    assert!(
        r.state.rejected_events.is_empty(),
        "{:?}",
        r.state.rejected_events
    );
}

#[test]
fn wkst_decides_a_send_carriers_next_transmission() {
    let mut config = fixture_json("three-carriers-group.json");
    config["carriers"][2]["feed"] = json!({
        "rrule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU,WE;BYHOUR=0;BYMINUTE=45;WKST=WE",
        "dtstart": "2026-08-06"
    });
    let p = seed_002_preview_with(config, "2026-11-13T07:29:30Z");
    assert_eq!(
        p["fulfillment_summary"][2]["next_transmission"],
        "2026-11-16T00:45:00Z"
    );
}

#[test]
fn acknowledgement_items_carry_their_processing_state() {
    let p = seed_002_preview();
    let states = |ack: &Value| -> Vec<(String, String, Vec<String>)> {
        let mut out = Vec::new();
        for (kind, key) in [("coverages", "carrier_id"), ("individuals", "name")] {
            for item in ack[kind].as_array().unwrap() {
                let who = item[key].as_str().unwrap();
                let who = [(BEAM, "Beam"), (GUARDIAN, "Guardian"), (CIGNA, "Cigna")]
                    .iter()
                    .find(|(id, _)| *id == who)
                    .map_or(who, |(_, n)| n);
                let codes = item["issue_codes"].as_array().unwrap();
                out.push((
                    who.to_owned(),
                    item["state"].as_str().unwrap().to_owned(),
                    codes.iter().map(|c| c.as_str().unwrap().to_owned()).collect(),
                ));
            }
        }
        out
    };
    let s = |who: &str, state: &str, codes: &[&str]| {
        (
            who.to_owned(),
            state.to_owned(),
            codes.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>(),
        )
    };
    let rejected = ["coverage_ends_before_start"];
    // Right after submission: Beam accepted, Guardian rejected, Cigna pending.
    assert_eq!(
        states(&p["acknowledgement"]),
        [
            s("Beam", "accepted", &[]),
            s("Beam", "accepted", &[]),
            s("Beam", "accepted", &[]),
            s("Guardian", "rejected", &rejected),
            s("Guardian", "rejected", &rejected),
            s("Cigna", "pending", &[]),
            s("Cigna", "pending", &[]),
            s("Cigna", "pending", &[]),
            // People: the most pressing of their items (Sofia has no dental).
            s("Maria Rivera", "rejected", &rejected),
            s("Luis Rivera", "rejected", &rejected),
            s("Sofia Rivera", "pending", &[]),
        ]
    );
    // foldStatus keeps them current: Cigna's file sent, Beam rejected by the carrier.
    let r = fold(
        &p,
        &[
            file(CIGNA, "f", "2026-11-26T17:00:00Z"),
            rejected_by(BEAM, "rb", "2026-11-26T10:00:00Z", &["Unknown member"]),
        ],
        "2026-11-27T00:00:00Z",
    );
    let state = serde_json::to_value(&r.state).unwrap();
    assert_eq!(
        states(&state["acknowledgement"]),
        [
            s("Beam", "rejected", &["carrier_rejected"]),
            s("Beam", "rejected", &["carrier_rejected"]),
            s("Beam", "rejected", &["carrier_rejected"]),
            s("Guardian", "rejected", &rejected),
            s("Guardian", "rejected", &rejected),
            s("Cigna", "accepted", &[]),
            s("Cigna", "accepted", &[]),
            s("Cigna", "accepted", &[]),
            s(
                "Maria Rivera",
                "rejected",
                &["carrier_rejected", "coverage_ends_before_start"]
            ),
            s(
                "Luis Rivera",
                "rejected",
                &["carrier_rejected", "coverage_ends_before_start"]
            ),
            s("Sofia Rivera", "rejected", &["carrier_rejected"]),
        ]
    );
    // The references themselves do not change.
    let refs = |v: &Value| -> Vec<Value> {
        v["coverages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["reference"].clone())
            .collect()
    };
    assert_eq!(refs(&state["acknowledgement"]), refs(&p["acknowledgement"]));
}

/// Every kind of event, new ones included, for the order-independence check.
fn mixed_history(p: &Value) -> Vec<Value> {
    let (beam, guardian, cigna) = (tx_of(p, BEAM), tx_of(p, GUARDIAN), tx_of(p, CIGNA));
    vec![
        status("e11", &cigna, "carrier_accepted", "2025-12-01T16:00:00Z"), // before the file: rejected
        status("e12", &cigna, "carrier_accepted", "2025-12-01T17:00:00Z"), // with the file: applied
        status("e1", &beam, "noyo_accepted", "2025-12-01T12:05:00Z"),
        status("e2", &beam, "carrier_accepted", "2025-12-01T13:00:00Z"),
        status("e3", &guardian, "noyo_accepted", "2025-12-01T12:05:00Z"),
        rejected_by(
            GUARDIAN,
            "e4",
            "2025-12-02T08:00:00Z",
            &["SSN mismatch", "Plan retired"],
        ),
        status("e5", &guardian, "carrier_accepted", "2025-12-02T09:00:00Z"), // rejected: carrier invalid
        file(CIGNA, "e6", "2025-12-01T17:00:00Z"),
        status("e7", &beam, "carrier_completed", "2025-12-03T09:00:00Z"),
        json!({"id": "e8", "type": "snapshot_replaced", "created": "2025-12-04T00:00:00Z"}),
        json!({"id": "e9", "type": "snapshot_canceled", "created": "2025-12-01T16:00:00Z"}), // Beam sent: rejected
        rejected_by(CIGNA, "e10", "2025-12-02T00:00:00Z", &["late"]),                        // sent: rejected
    ]
}

#[test]
fn fold_stays_a_function_of_the_set_of_events_with_the_new_events() {
    let (preview, _) = submitted();
    let events = mixed_history(&preview);
    let now = "2025-12-10T00:00:00Z";
    let reference = fold(&preview, &events, now);
    // Replaced while processing (Guardian's rejection kept it from completing).
    assert_eq!(reference.state.status, SnapshotStatus::Replaced);
    assert_eq!(
        reasons(&reference),
        [
            ("e11", "not_transmitted"),
            ("e9", "already_sent"),
            ("e10", "not_in_flight"),
            ("e5", "carrier_invalid")
        ]
    );
    assert_eq!(
        tx_statuses(&reference.state),
        [(BEAM, "completed"), (GUARDIAN, "failed"), (CIGNA, "completed")]
    );
    for seed in 1..=20u64 {
        let mut mixed = shuffled(&events, seed);
        mixed.extend(shuffled(&events, seed * 31).into_iter().take(4)); // duplicates
        assert_eq!(fold(&preview, &mixed, now), reference, "seed {seed}");
        // Split over several folds, each starting from the previous state.
        let mut state = preview.clone();
        for part in mixed.chunks(3) {
            state = serde_json::to_value(fold(&state, part, now).state).unwrap();
        }
        assert_eq!(
            serde_json::to_value(&reference.state).unwrap(),
            state,
            "seed {seed}, split"
        );
    }
}

/// Events of one instant and rank are ordered by their ids *as shown*: an
/// event whose id is an SSN, among planted ids `000`…`999`, once sat where
/// its hidden digits fell (`219-…` between `219` and `220`). Now two folds
/// that differ only in the masked digits write the same bytes, and the
/// masked event keeps its place.
#[test]
fn events_are_ordered_by_their_ids_as_shown() {
    let (preview, t) = submitted();
    let folded = |secret: &str| {
        let at = "2025-12-01T12:05:00Z";
        let mut events = vec![status(secret, &t[0], "noyo_accepted", at)];
        events.extend((0..1000).map(|k| status(&format!("{k:03}"), &t[0], "noyo_accepted", at)));
        let r = fold(&preview, &events, "2025-12-02T00:00:00Z");
        // As it leaves the engine: through the output layer, masked.
        enroll_engine::privacy::to_string(&r).unwrap()
    };
    let (a, b) = (folded("219-45-3876"), folded("555-45-3876"));
    assert!(a == b, "the folds differ");
    let r: Value = serde_json::from_str(&a).unwrap();
    let ids: Vec<&str> = r["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    // `*` sorts before the digits: the masked id comes first, whatever it hides.
    assert_eq!(
        (ids.len(), ids[0], ids[1], ids[1000]),
        (1001, "***-**-3876", "000", "999")
    );
    // The first event of the instant is applied, the others repeat it.
    assert_eq!(r["rejected_events"].as_array().unwrap().len(), 1000);
    assert_eq!(r["rejected_events"][0]["event_id"], json!("000"));
}

#[test]
fn events_after_now_are_kept_and_applied_by_a_fold_whose_now_reaches_them() {
    let (preview, t) = submitted();
    let events = full_history(&t);
    let early = fold(&preview, &events, "2025-12-03T12:00:00Z");
    // Dated after the fold's `now`: kept, listed, not applied.
    assert_eq!(
        reasons(&early),
        [
            ("e10", "after_now"),
            ("e12", "after_now"),
            ("e13", "after_now"),
            ("e14", "after_now"),
            ("e15", "after_now"),
        ]
    );
    assert_eq!(
        early.state.rejected_events[0].message,
        "dated 2025-12-04T10:00:00Z after the fold's now (2025-12-03T12:00:00Z): a fold whose now reaches it applies it"
    );
    assert_eq!(early.state.events.len(), 15);
    assert_eq!(early.state.status, SnapshotStatus::Processing);
    assert!(early.state.transactions.iter().all(|t| t.verified.is_none()));
    let guardian = &early.state.transactions[1];
    assert_eq!(
        guardian.latest_status.as_ref().map(|s| s.status_detail.as_str()),
        Some("carrier_processing")
    );
    // The same events at a `now` past them all: applied, whichever way they came.
    let late = "2026-01-20T00:00:00Z";
    let reference = fold(&preview, &events, late);
    assert!(reference.state.rejected_events.is_empty());
    assert_eq!(reference.state.status, SnapshotStatus::Completed);
    let state = serde_json::to_value(&early.state).unwrap();
    assert_eq!(fold(&state, &[], late), reference);
    // Shuffled, each fold at its own `now` (some before an event, some
    // after), then one at the late `now`: the same state.
    let nows = [
        "2025-12-01T12:00:00Z",
        "2025-12-02T00:00:00Z",
        "2025-12-04T00:00:00Z",
        "2026-01-02T06:00:00Z",
    ];
    for seed in 1..=10u64 {
        let mut state = preview.clone();
        for (k, e) in shuffled(&events, seed).iter().enumerate() {
            let now = nows[(k + seed as usize) % nows.len()];
            state = serde_json::to_value(fold(&state, std::slice::from_ref(e), now).state).unwrap();
        }
        assert_eq!(fold(&state, &[], late), reference, "seed {seed}");
    }
}

#[test]
fn events_before_the_preview_are_refused() {
    // The preview's `now` is 2025-12-01T12:00:00Z: nothing happened to the
    // snapshot before it.
    let (preview, t) = submitted();
    assert_eq!(preview["now"], "2025-12-01T12:00:00Z");
    let [beam, guardian, _] = &t;
    let events = [
        json!({"id": "f", "type": "file_transmitted", "carrier_id": CIGNA, "created": "2020-01-02T00:00:00Z"}),
        status("b", beam, "noyo_accepted", "2025-12-01T11:59:59Z"),
        status("g", guardian, "noyo_accepted", "2025-12-01T12:00:00Z"),
    ];
    let r = fold(&preview, &events, "2025-12-02T00:00:00Z");
    assert_eq!(reasons(&r), [("f", "before_preview"), ("b", "before_preview")]);
    assert_eq!(
        r.state.rejected_events[0].message,
        "dated 2020-01-02T00:00:00Z before the preview's now (2025-12-01T12:00:00Z)"
    );
    assert_eq!(
        summary(&r.state)[2],
        (CIGNA, FulfillmentStatus::Scheduled, None),
        "not sent in 2020"
    );
    assert!(r.state.transactions[0].latest_status.is_none());
    assert_eq!(
        r.state.transactions[1]
            .latest_status
            .as_ref()
            .map(|s| s.status_detail.as_str()),
        Some("noyo_accepted"),
        "at the preview's own instant"
    );
    // The state keeps the preview's `now` in its baseline, so a later fold
    // refuses them too.
    let state = serde_json::to_value(&r.state).unwrap();
    assert_eq!(state["baseline"]["now"], "2025-12-01T12:00:00Z");
    assert_eq!(
        fold(&state, &[], "2025-12-03T00:00:00Z").state.rejected_events,
        r.state.rejected_events
    );
    // A preview without its `now` (stored before it was written): the check
    // is skipped, not guessed.
    let mut old = preview.clone();
    old.as_object_mut().unwrap().remove("now");
    let r = fold(&old, &events, "2025-12-02T00:00:00Z");
    assert_eq!(reasons(&r), []);
    assert_eq!(r.state.baseline.now, None);
    assert_eq!(
        summary(&r.state)[2],
        (
            CIGNA,
            FulfillmentStatus::Sent,
            Some("2020-01-02T00:00:00Z".into())
        )
    );
}

#[test]
fn an_invalid_carrier_without_a_transaction_keeps_the_snapshot_processing() {
    // Guardian's coverage names an unknown plan in both versions: Guardian is
    // invalid with nothing to send; only Beam has a change (review 24b #1).
    let engine = Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap();
    let mut prev = fixture_json("three-carriers-snapshot.json");
    prev["coverages"][1]["plan_id"] = json!("7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e99");
    let mut cur = prev.clone();
    cur["coverages"][0]["enrolled_members"][2]["effective_end_date"] = json!("2026-12-31");
    let now = PreviewOptions {
        now: Timestamp::parse("2026-11-25T12:00:00Z").unwrap(),
    };
    let p = engine.preview_str(Some(&prev.to_string()), &cur.to_string(), &now);
    let carriers: Vec<_> = p.transactions.iter().map(|t| t.carrier_id.as_str()).collect();
    assert_eq!(carriers, [BEAM]);
    let p = serde_json::to_value(&p).unwrap();
    assert_eq!(p["status"], "processing");
    let r = fold(
        &p,
        &[status(
            "c",
            &tx_of(&p, BEAM),
            "carrier_completed",
            "2026-11-26T09:00:00Z",
        )],
        "2026-11-27T00:00:00Z",
    );
    assert_eq!(tx_statuses(&r.state), [(BEAM, "completed")]);
    assert_eq!(summary(&r.state)[1], (GUARDIAN, FulfillmentStatus::Invalid, None));
    // Not `completed`: Guardian's error still needs a correction.
    assert_eq!(r.state.status, SnapshotStatus::Processing);
}

#[test]
fn a_demographic_change_is_due_for_verification_on_the_day_it_completes() {
    // Source S1: "Demographic Change — Immediately after completion" (review 24b #4).
    let engine = Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap();
    let prev = fixture_json("three-carriers-snapshot.json");
    let mut cur = prev.clone();
    cur["employee"]["person"]["last_name"] = json!("Renamed");
    let now = PreviewOptions {
        now: Timestamp::parse("2026-03-02T12:00:00Z").unwrap(),
    };
    let p = engine.preview_str(Some(&prev.to_string()), &cur.to_string(), &now);
    let p = serde_json::to_value(&p).unwrap();
    let beam = &p["transactions"][0];
    assert_eq!(
        (&beam["transaction_type"], &beam["expected_verification_date"]),
        (&json!("demographic_change"), &Value::Null)
    );
    let tx = tx_of(&p, BEAM);
    let r = fold(
        &p,
        &[status("c", &tx, "carrier_completed", "2026-03-04T10:00:00Z")],
        "2026-03-05T00:00:00Z",
    );
    let t = serde_json::to_value(&r.state.transactions[0]).unwrap();
    assert_eq!(t["expected_verification_date"], "2026-03-04");
    assert_eq!(t["overdue_verification"], false);
    // Unverified a week (the grace days) after that day: overdue.
    let r = fold(
        &p,
        &[status("c", &tx, "carrier_completed", "2026-03-04T10:00:00Z")],
        "2026-03-12T00:00:00Z",
    );
    assert!(r.state.transactions[0].overdue_verification);
    // Not yet completed: no date yet.
    let r = fold(&p, &[], "2026-03-05T00:00:00Z");
    assert_eq!(
        r.state.transactions[0].transaction.expected_verification_date,
        None
    );
}

/// A fold of `hidden` beside `guesses` (`make` builds each event), as it
/// leaves the engine: through the output layer, masked.
fn folded_beside(
    preview: &Value,
    hidden: &str,
    guesses: &[String],
    make: &dyn Fn(usize, &str) -> Value,
    filler: Option<&Value>,
) -> String {
    let mut events: Vec<Value> = filler.into_iter().cloned().collect();
    events.push(make(usize::MAX, hidden));
    events.extend(guesses.iter().enumerate().map(|(k, g)| make(k, g)));
    let r = fold(preview, &events, "2026-01-20T00:00:00Z");
    enroll_engine::privacy::to_string(&r).unwrap()
}

/// 200 guesses `NNNNN3876`, the 20th equal to `hidden` in a hit.
fn guesses(hidden: Option<&str>) -> Vec<String> {
    let mut g: Vec<String> = (0..200).map(|k| format!("{:05}3876", k * 7 + 1)).collect();
    if let Some(h) = hidden {
        g[20] = h.to_owned();
    }
    g
}

fn rejected_reasons(out: &str) -> Vec<(String, usize)> {
    let r: Value = serde_json::from_str(out).unwrap();
    let mut counts: Vec<(String, usize)> = Vec::new();
    for e in r["rejected_events"].as_array().unwrap() {
        let reason = e["reason"].as_str().unwrap().to_owned();
        match counts.iter_mut().find(|(r, _)| *r == reason) {
            Some((_, n)) => *n += 1,
            None => counts.push((reason, 1)),
        }
    }
    counts
}

/// Review 28c #2: the events of one fold were compared as written. An
/// event whose id is an SSN beside 200 events with guessed ids, each
/// naming its own unknown transaction: the guess equal to the hidden id
/// alone was a `conflicting_duplicate`, and its missing
/// `unknown_transaction` named it. A `carrier_rejected` quoting the SSN
/// beside 200 copies quoting guesses: the equal copy alone was dropped as
/// a duplicate. Ids and events are now compared as shown: hit and miss
/// write the same bytes.
#[test]
fn events_and_ids_of_one_fold_are_compared_as_shown() {
    let (preview, _) = submitted();
    let hidden = "538713876";
    // Ids: the hidden event's id is the SSN; each guess names `tx-<k>`.
    let by_id = |k: usize, id: &str| {
        if k == usize::MAX {
            file(CIGNA, id, "2025-12-01T17:00:00Z")
        } else {
            status(id, &format!("tx-{k}"), "noyo_accepted", "2026-01-19T00:00:00Z")
        }
    };
    let hit = folded_beside(&preview, hidden, &guesses(Some(hidden)), &by_id, None);
    let miss = folded_beside(&preview, hidden, &guesses(None), &by_id, None);
    assert!(hit == miss, "ids: hit and miss differ");
    assert!(!hit.contains(hidden));
    let r: Value = serde_json::from_str(&hit).unwrap();
    // An id holding an SSN names no conflict: the hidden event is applied,
    // and every guess is its own event, naming a transaction that is not
    // there (review 28g #1: ids compared as shown had lost real steps).
    assert_eq!(rejected_reasons(&hit), [("unknown_transaction".to_owned(), 200)]);
    assert_eq!(r["events"].as_array().unwrap().len(), 201);
    assert_eq!(r["events"][0]["id"], json!("*****3876"));
    assert_eq!(r["fulfillment_summary"][2]["status"], json!("sent"));
    assert_eq!(r["status"], json!("processing"));

    // Content: one event id, the SSN in the hidden error text, guesses in
    // the copies'. They all show alike: one event.
    let by_text = |_: usize, v: &str| {
        rejected_by(
            CIGNA,
            "ev-1",
            "2025-12-01T13:00:00Z",
            &[&format!("member {v} rejected")],
        )
    };
    let hit = folded_beside(&preview, hidden, &guesses(Some(hidden)), &by_text, None);
    let miss = folded_beside(&preview, hidden, &guesses(None), &by_text, None);
    assert!(hit == miss, "content: hit and miss differ");
    let r: Value = serde_json::from_str(&hit).unwrap();
    assert_eq!(rejected_reasons(&hit), []);
    assert_eq!(r["events"].as_array().unwrap().len(), 1);
    assert_eq!(r["events"][0]["errors"], json!(["member *****3876 rejected"]));
    assert_eq!(r["fulfillment_summary"][2]["status"], json!("invalid"));
    assert_eq!(r["event_issues"], json!([]));

    // The budget (`too_many_events`): a filler leaves room for the hidden
    // event and half a copy. Copies that show like it cost nothing, so
    // none is refused, hit or miss (before, the miss refused 200 and the
    // hit 199: the equal copy was free).
    let event =
        |v: Value| serde_json::from_value::<enroll_engine::fulfillment::lifecycle::StatusEvent>(v).unwrap();
    let weight = |v: Value| {
        let e = event(v);
        e.weight(&serde_json::to_string(&e).unwrap())
    };
    let base = json!({"id": "big", "type": "snapshot_replaced", "created": "2026-02-01T00:00:00Z", "by_snapshot_id": ""});
    let room = weight(by_text(usize::MAX, hidden)) + weight(by_text(0, "000013876")) / 2;
    let pad = MAX_EVENT_BYTES - room - weight(base.clone());
    let mut filler = base;
    filler["by_snapshot_id"] = json!("x".repeat(pad));
    let hit = folded_beside(&preview, hidden, &guesses(Some(hidden)), &by_text, Some(&filler));
    let miss = folded_beside(&preview, hidden, &guesses(None), &by_text, Some(&filler));
    assert!(hit == miss, "budget: hit and miss differ");
    let r: Value = serde_json::from_str(&hit).unwrap();
    assert_eq!(r["event_issues"], json!([]));
    assert_eq!(r["events"].as_array().unwrap().len(), 2);
    assert_eq!(rejected_reasons(&hit), [("after_now".to_owned(), 1)]);
    // Guesses that show apart each cost their weight: past the room, each
    // is refused, the same ones hit or miss.
    let hit = folded_beside(&preview, hidden, &guesses(Some(hidden)), &by_id, Some(&filler));
    let miss = folded_beside(&preview, hidden, &guesses(None), &by_id, Some(&filler));
    assert!(hit == miss, "budget, ids: hit and miss differ");
    let r: Value = serde_json::from_str(&hit).unwrap();
    let issues = r["event_issues"].as_array().unwrap();
    // The filler, the hidden event and two guesses fit (/2, /3).
    assert_eq!(issues.len(), 198);
    assert!(issues.iter().all(|i| i["code"] == json!("too_many_events")));
    assert_eq!(
        (&issues[0]["path"], &issues[197]["path"]),
        (&json!("/4"), &json!("/201"))
    );
    assert_eq!(
        rejected_reasons(&hit),
        [("unknown_transaction".to_owned(), 2), ("after_now".to_owned(), 1)]
    );
    assert_eq!(r["events"].as_array().unwrap().len(), 4);
}

/// A partner's event ids may be nine-digit sequence numbers, which the
/// engine masks like SSNs (`100000001` and `100010001` both show as
/// `*****0001`): they stay distinct events, in one fold and when the state
/// (which keeps them masked) is folded again event by event (review 28g #1:
/// compared as shown, three of Beam's four steps were lost).
#[test]
fn nine_digit_event_ids_sharing_their_last_four_digits_stay_distinct() {
    let (preview, t) = submitted();
    let beam = t[0].clone();
    let steps = [
        "noyo_accepted",
        "carrier_accepted",
        "carrier_processing",
        "carrier_completed",
    ];
    let events: Vec<Value> = steps
        .iter()
        .enumerate()
        .map(|(k, step)| {
            status(
                &format!("1000{k}0001"),
                &beam,
                step,
                &format!("2025-12-02T0{k}:00:00Z"),
            )
        })
        .collect();
    let now = "2026-01-20T00:00:00Z";
    let all = fold(&preview, &events, now);
    assert!(all.state.rejected_events.is_empty(), "{:?}", reasons(&all));
    let json = serde_json::to_value(&all.state).unwrap();
    let beam_tx = json["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == json!(beam))
        .unwrap();
    assert_eq!(beam_tx["status"], json!("completed"));
    assert_eq!(
        beam_tx["latest_status"]["status_detail"],
        json!("carrier_completed")
    );
    assert_eq!(json["fulfillment_summary"][0]["status"], json!("sent"));
    // One by one, each fold starting from the previous (masked) state.
    let mut state = preview.clone();
    for e in &events {
        let out = fold(&state, std::slice::from_ref(e), now);
        assert!(out.state.rejected_events.is_empty(), "{:?}", reasons(&out));
        state = serde_json::from_str(&enroll_engine::privacy::to_string(&out.state).unwrap()).unwrap();
    }
    assert_eq!(state["transactions"], json["transactions"]);
    assert_eq!(state["fulfillment_summary"], json["fulfillment_summary"]);
}

/// Events of one instant, rank and id are ordered by their content as the
/// output shows it, each string masked on its own: the JSON text masked
/// whole left `["1","219 453 876"]` unmasked (ten digits in one chain), so
/// a planted `["1","100 000 000"]` went first and a `["1","500 000 000"]`
/// second — the one applied, the other refused — a binary search on the
/// hidden digits.
#[test]
fn events_are_ordered_by_their_content_as_shown() {
    let (preview, _) = submitted();
    let first_applied = |planted: &str| {
        let at = "2025-12-01T13:00:00Z";
        let events = [
            rejected_by(CIGNA, "a", at, &["1", "219 453 876"]),
            rejected_by(CIGNA, "a", at, &["1", planted]),
        ];
        let r = fold(&preview, &events, "2026-01-20T00:00:00Z");
        let out: Value = serde_json::from_str(&enroll_engine::privacy::to_string(&r).unwrap()).unwrap();
        assert_eq!(reasons(&r), [("a", "conflicting_duplicate")]);
        out["events"][0]["errors"][1].clone()
    };
    // As shown, `…0 000` sorts before `…3 876`, whatever either hides.
    assert_eq!(first_applied("100 000 000"), json!("*** **0 000"));
    assert_eq!(first_applied("500 000 000"), json!("*** **0 000"));
}

/// Review 28d: a state is a function of the set of its events, so a final
/// status holds within the timeline the events describe, not across folds.
/// Fold 1 completes the snapshot; fold 2 brings a cancel dated before
/// anything was sent, delivered late: the replay of the whole timeline
/// cancels the snapshot, and the steps after the cancel are refused — as
/// if all had come in one fold (docs/api.md, Order-independence).
#[test]
fn a_late_event_dated_before_a_final_step_replays_the_timeline() {
    let (preview, t) = submitted();
    let events = full_history(&t);
    let now = "2026-01-20T00:00:00Z";
    let done = fold(&preview, &events, now);
    assert_eq!(done.state.status, SnapshotStatus::Completed);
    assert!(done.state.rejected_events.is_empty());
    let cancel = json!({"id": "late-cancel", "type": "snapshot_canceled", "created": "2025-12-01T12:30:00Z"});
    let state = serde_json::to_value(&done.state).unwrap();
    let after = fold(&state, std::slice::from_ref(&cancel), now);
    assert_eq!(after.state.status, SnapshotStatus::Canceled);
    assert_eq!(
        summary(&after.state),
        [
            (BEAM, FulfillmentStatus::Canceled, None),
            (GUARDIAN, FulfillmentStatus::Canceled, None),
            (CIGNA, FulfillmentStatus::Canceled, None),
        ]
    );
    assert_eq!(
        tx_statuses(&after.state),
        [(BEAM, "canceled"), (GUARDIAN, "canceled"), (CIGNA, "canceled")]
    );
    // Every step after 12:30 in replay order, the acceptances, the file and
    // the completions fold 1 applied included.
    let refused = [
        "e4", "e5", "e6", "e11", "e7", "e8", "e9", "e10", "e12", "e13", "e14", "e15",
    ];
    assert_eq!(reasons(&after), refused.map(|id| (id, "snapshot_canceled")));
    assert_eq!(
        after.state.rejected_events[0].message,
        "the snapshot was canceled before this event"
    );
    // The same as all the events in one fold.
    let mut all = events.clone();
    all.push(cancel);
    assert_eq!(after, fold(&preview, &all, now));
    // A cancel dated after a carrier was sent is refused: the completion stays.
    let too_late =
        json!({"id": "late-cancel", "type": "snapshot_canceled", "created": "2025-12-01T14:00:00Z"});
    let after = fold(&state, &[too_late], now);
    assert_eq!(after.state.status, SnapshotStatus::Completed);
    assert_eq!(reasons(&after), [("late-cancel", "already_sent")]);
    // A carrier's rejection dated before it was sent: it is `invalid`, its
    // steps after are refused, and the snapshot stays `processing`.
    let rejection = rejected_by(GUARDIAN, "late-reject", "2025-12-01T12:30:00Z", &["bad SSN"]);
    let after = fold(&state, &[rejection], now);
    assert_eq!(after.state.status, SnapshotStatus::Processing);
    assert_eq!(
        after.state.fulfillment_summary[1].status,
        FulfillmentStatus::Invalid
    );
    assert_eq!(
        reasons(&after),
        [
            ("e5", "carrier_invalid"),
            ("e9", "carrier_invalid"),
            ("e10", "carrier_invalid"),
            ("e14", "carrier_invalid")
        ]
    );
}
