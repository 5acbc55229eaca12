//! Building partner status callbacks (seed 000) from a preview and its folded
//! state; every payload built must pass the engine's own callback parser.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use enroll_engine::callback::{parse_callback_value, CallbackPayload, FollowUpKind, ProcessingState};
use enroll_engine::fulfillment::fold::fold_json;
use enroll_engine::fulfillment::lifecycle::FoldOptions;
use enroll_engine::model::Timestamp;
use enroll_engine::preview::PreviewOptions;
use enroll_engine::{Engine, ErrorCode};
use serde_json::{json, Value};

const CIGNA: &str = "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d03";

fn engine() -> Engine {
    Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap()
}

fn preview(prev: Option<&Value>, cur: &Value, now: &str) -> Value {
    let opts = PreviewOptions {
        now: Timestamp::parse(now).unwrap(),
    };
    let p = engine().preview_str(prev.map(Value::to_string).as_deref(), &cur.to_string(), &opts);
    serde_json::to_value(p).unwrap()
}

fn build(preview: &Value, state: Option<&Value>, request: Value) -> CallbackPayload {
    let payload = engine().build_callback_json(preview, state, &request).unwrap();
    // What we send, we accept.
    let parsed = parse_callback_value(&serde_json::to_value(&payload).unwrap());
    assert!(parsed.valid, "{:#?}", parsed.issues);
    payload
}

fn request(tx: Option<&str>) -> Value {
    json!({"event_id": "evt-1", "created": "2026-01-05T00:00:00Z", "snapshot_id": "snap-1",
           "transaction_id": tx, "partner_reference": "REQ-77", "employee_reference": "EMP-1001"})
}

fn step(id: &str, tx: &str, s: &str, at: &str) -> Value {
    json!({"id": id, "type": "transaction_status", "transaction_id": tx, "status_detail": s, "created": at})
}

#[test]
fn a_snapshot_update_before_and_after_completion() {
    let family = fixture_json("three-carriers-snapshot.json");
    let p = preview(None, &family, "2025-12-01T12:00:00Z");
    let ids: Vec<String> = p["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect();
    let before = build(&p, None, request(None));
    assert_eq!(before.processing_status.status, ProcessingState::Processing);
    assert!(!before.processing_status.succeeded && before.completion.is_none());
    assert_eq!(before.identifiers.group_id.as_deref(), Some("grp-three-carriers"));
    assert_eq!(
        before.financial_summary.as_ref().unwrap().total.monthly_cents,
        157_986
    );

    let mut events = vec![
        json!({"id": "f", "type": "file_transmitted", "carrier_id": CIGNA, "created": "2025-12-01T17:00:00Z"}),
    ];
    for (k, tx) in ids.iter().enumerate().take(2) {
        events.push(step(
            &format!("a{k}"),
            tx,
            "carrier_accepted",
            "2025-12-01T13:00:00Z",
        ));
        events.push(step(
            &format!("c{k}"),
            tx,
            "carrier_completed",
            "2025-12-03T09:00:00Z",
        ));
    }
    let opts = FoldOptions {
        now: Timestamp::parse("2026-01-05T00:00:00Z").unwrap(),
        verification_grace_days: 7,
    };
    let state = serde_json::to_value(fold_json(&p, &Value::Array(events), &opts).unwrap()).unwrap();
    let after = build(&p, Some(&state), request(None));
    assert_eq!(after.processing_status.status, ProcessingState::Completed);
    assert!(after.processing_status.succeeded);
    let completion = after.completion.unwrap();
    assert_eq!(
        completion.completed_at.map(|t| t.to_string()),
        Some("2025-12-03T09:00:00Z".into())
    );
    assert_eq!(completion.verified_at, None);

    // One transaction: its own step, carrier and premium lines.
    let tx = build(&p, Some(&state), request(Some(&ids[0])));
    assert_eq!(tx.processing_status.status, ProcessingState::Completed);
    assert_eq!(
        tx.processing_status.status_detail.map(|s| s.as_str()),
        Some("carrier_completed")
    );
    let lines = &tx.financial_summary.as_ref().unwrap().lines;
    assert_eq!(lines.len(), 1);
    assert_eq!(
        tx.financial_summary.as_ref().unwrap().total.monthly_cents,
        148_596
    );
    let err = engine()
        .build_callback_json(&p, Some(&state), &request(Some("T-nope")))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidArgument);
}

#[test]
fn follow_ups_eoi_documentation_and_correction() {
    let family = fixture_json("three-carriers-snapshot.json");
    let mut cur = family.clone();
    set(&mut cur, "/coverages/3/enrolled_members/0/volume", json!(200000));
    set(
        &mut cur,
        "/coverages/1/enrolled_members/1/effective_end_date",
        json!("2025-06-30"),
    );
    cur["events"] = json!([{"id": "m", "date": "2026-11-01", "type": "coverage", "reason": "marriage"}]);
    let p = preview(Some(&family), &cur, "2026-11-25T12:00:00Z");
    let snapshot = build(&p, None, request(None));
    let kinds: Vec<_> = snapshot
        .follow_up
        .iter()
        .map(|f| (f.kind, f.reference.clone()))
        .collect();
    let life_ref = p["acknowledgement"]["coverages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["path"] == "/coverages/3/enrolled_members/0")
        .unwrap()["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        kinds,
        [
            (FollowUpKind::EvidenceOfInsurability, Some(life_ref)),
            (
                FollowUpKind::Correction,
                Some("0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d02".to_owned())
            ),
        ]
    );
    assert!(snapshot.processing_status.requires_action);
    let codes: Vec<_> = snapshot
        .validation_feedback
        .iter()
        .map(|f| f.code.as_str())
        .collect();
    assert_eq!(codes, ["volume_requires_eoi", "coverage_ends_before_start"]);
    // Cigna's life change is a qualifying life event (marriage): documentation, and the EOI.
    let cigna = p["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["carrier_id"] == CIGNA)
        .unwrap();
    assert_eq!(cigna["transaction_type"], "qualifying_life_event");
    let tx = build(&p, None, request(cigna["id"].as_str()));
    let kinds: Vec<_> = tx.follow_up.iter().map(|f| f.kind).collect();
    assert_eq!(
        kinds,
        [FollowUpKind::EvidenceOfInsurability, FollowUpKind::Documentation]
    );
    assert_eq!(tx.processing_status.status, ProcessingState::Processing);
}
