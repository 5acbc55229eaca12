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
use enroll_engine::fulfillment::lifecycle::{FoldOptions, FulfillmentState};
use enroll_engine::fulfillment::{FulfillmentStatus, SnapshotStatus};
use enroll_engine::model::Timestamp;
use enroll_engine::preview::PreviewOptions;
use enroll_engine::Engine;
use serde_json::{json, Value};

const BEAM: &str = "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d01";
const GUARDIAN: &str = "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d02";
const CIGNA: &str = "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d03";

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
    let history: Vec<String> = done.transactions[0]
        .status_details
        .iter()
        .map(|s| s.event_created.to_string())
        .collect();
    assert_eq!(
        history,
        [
            "2025-12-01T12:05:00Z",
            "2025-12-01T13:00:00Z",
            "2025-12-02T09:00:00Z",
            "2025-12-03T09:00:00Z",
            "2026-01-02T06:00:00Z"
        ]
    );
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
        "2025-12-05T00:00:00Z",
    );
    // In replay order: by time, then step rank, then id.
    assert_eq!(
        reasons(&r),
        [
            ("e", "unknown_transaction"),
            ("g", "conflicting_duplicate"),
            ("a", "verified_before_completed"),
            ("f", "not_scheduled"),
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
        r.state.rejected_events[2].message,
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
}
