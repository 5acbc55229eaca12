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
    // The family's change is the snapshot update's alone (docs/api.md).
    assert_eq!(tx.financial_summary.as_ref().unwrap().change, None);
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
    let cigna_tx = p["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["carrier_id"] == CIGNA)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // The snapshot update carries Cigna's documentation request too: a
    // partner listening to snapshot updates alone sees it.
    assert_eq!(
        kinds,
        [
            (FollowUpKind::EvidenceOfInsurability, Some(life_ref)),
            (FollowUpKind::Documentation, Some(cigna_tx)),
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

#[test]
fn a_new_hires_elections_after_the_hire_ask_for_no_life_event_proof() {
    // First snapshot at hire (2026-12-01, a new_hire event), no coverage;
    // the elections follow, from 2027-01-01. They are a new hire's, not a
    // qualifying life event: no marriage or birth certificate is asked for.
    let hired = |coverages: bool| {
        let mut d = fixture_json("three-carriers-snapshot.json");
        set(
            &mut d,
            "/employee/employment/employment_dates/hire_date",
            json!("2026-12-01"),
        );
        d["events"] = json!([{"id": "h", "date": "2026-12-01", "type": "coverage", "reason": "new_hire"}]);
        for c in d["coverages"].as_array_mut().unwrap() {
            for m in c["enrolled_members"].as_array_mut().unwrap() {
                m["effective_start_date"] = json!("2027-01-01");
            }
        }
        if !coverages {
            d["coverages"] = json!([]);
        }
        d
    };
    let p = preview(Some(&hired(false)), &hired(true), "2026-12-05T10:00:00Z");
    let types: Vec<_> = p["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["transaction_type"].clone(),
                t["expected_verification_date"].clone(),
            )
        })
        .collect();
    assert_eq!(types, vec![(json!("new_hire"), json!("2027-01-01")); 3]);
    let snapshot = build(&p, None, request(None));
    let kinds: Vec<_> = snapshot.follow_up.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, []);
}

// ---------------------------------------------------------------------------
// Issue 14: callbacks (seed 000) after submission

/// Seed 002's scenario: an address change at every carrier; Guardian invalid.
fn seed_002() -> Value {
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
    preview(Some(&family), &cur, "2026-11-25T12:00:00Z")
}

fn tx(p: &Value, carrier: &str) -> String {
    let t = p["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["carrier_id"] == carrier);
    t.unwrap()["id"].as_str().unwrap().to_owned()
}

fn fold(p: &Value, events: Vec<Value>, now: &str) -> Value {
    let opts = FoldOptions {
        now: Timestamp::parse(now).unwrap(),
        verification_grace_days: 7,
    };
    serde_json::to_value(fold_json(p, &Value::Array(events), &opts).unwrap()).unwrap()
}

fn feedback_codes(c: &CallbackPayload) -> Vec<&str> {
    c.validation_feedback.iter().map(|f| f.code.as_str()).collect()
}

#[test]
fn an_invalid_carriers_transaction_callback_says_failed_with_its_errors() {
    let p = seed_002();
    let c = build(&p, None, request(Some(&tx(&p, GUARDIAN))));
    let st = &c.processing_status;
    assert_eq!(
        (st.status, st.status_detail, st.succeeded, st.requires_action),
        (ProcessingState::Failed, None, false, true)
    );
    assert_eq!(feedback_codes(&c), ["coverage_ends_before_start"]);
    assert_eq!(
        c.validation_feedback[0].path,
        "/coverages/1/enrolled_members/1/effective_end_date"
    );
    assert_eq!(
        c.follow_up.iter().map(|f| f.kind).collect::<Vec<_>>(),
        [FollowUpKind::Correction]
    );
    assert!(c.completion.is_none());
    let summary = serde_json::to_value(&c.fulfillment_summary).unwrap();
    assert_eq!(summary[0]["status"], "invalid");
    assert_eq!(summary[0]["errors"][0]["code"], "coverage_ends_before_start");
    // The snapshot is processing (not failed: that is a transaction's), requiring action.
    let s = build(&p, None, request(None));
    assert_eq!(
        (s.processing_status.status, s.processing_status.requires_action),
        (ProcessingState::Processing, true)
    );
}

#[test]
fn a_rejected_carriers_transaction_callback_says_failed() {
    let p = seed_002();
    let beam = tx(&p, BEAM);
    let events = vec![
        step("n", &beam, "noyo_accepted", "2026-11-25T12:05:00Z"),
        json!({"id": "r", "type": "carrier_rejected", "carrier_id": BEAM,
               "errors": ["Member not found in group 4411"], "created": "2026-11-25T15:00:00Z"}),
    ];
    let state = fold(&p, events, "2026-11-26T00:00:00Z");
    let c = build(&p, Some(&state), request(Some(&beam)));
    let st = &c.processing_status;
    assert_eq!(
        (
            st.status,
            st.status_detail.map(|s| s.as_str()),
            st.succeeded,
            st.requires_action
        ),
        (ProcessingState::Failed, Some("noyo_accepted"), false, true)
    );
    assert_eq!(feedback_codes(&c), ["carrier_rejected"]);
    assert_eq!(
        c.validation_feedback[0].message,
        "The carrier rejected the changes: Member not found in group 4411"
    );
    // The snapshot update lists the rejection with the preview's issues.
    let s = build(&p, Some(&state), request(None));
    assert_eq!(s.processing_status.status, ProcessingState::Processing);
    assert_eq!(
        feedback_codes(&s),
        ["coverage_ends_before_start", "carrier_rejected"]
    );
    let corrections: Vec<_> = s
        .follow_up
        .iter()
        .filter(|f| f.kind == FollowUpKind::Correction)
        .map(|f| f.reference.clone().unwrap())
        .collect();
    assert_eq!(corrections, [BEAM, GUARDIAN]);
}

#[test]
fn failed_is_distinct_from_requires_action() {
    // Cigna's life change needs evidence of insurability: action, but not failed.
    let family = fixture_json("three-carriers-snapshot.json");
    let mut cur = family.clone();
    set(&mut cur, "/coverages/3/enrolled_members/0/volume", json!(200000));
    let p = preview(Some(&family), &cur, "2026-11-25T12:00:00Z");
    let c = build(&p, None, request(Some(&tx(&p, CIGNA))));
    assert_eq!(
        (c.processing_status.status, c.processing_status.requires_action),
        (ProcessingState::Processing, true)
    );
    assert_eq!(c.follow_up[0].kind, FollowUpKind::EvidenceOfInsurability);
}

#[test]
fn the_snapshot_callback_carries_the_per_carrier_fulfillment_summary() {
    let p = seed_002();
    let state = fold(
        &p,
        vec![step(
            "a",
            &tx(&p, BEAM),
            "carrier_accepted",
            "2026-11-25T13:00:00Z",
        )],
        "2026-11-25T14:00:00Z",
    );
    let c = build(&p, Some(&state), request(None));
    assert_eq!(
        serde_json::to_value(&c.fulfillment_summary).unwrap(),
        json!([
            {"carrier_id": BEAM, "status": "sent", "sent": "2026-11-25T13:00:00Z",
             "next_transmission": null, "errors": []},
            {"carrier_id": GUARDIAN, "status": "invalid", "sent": null, "next_transmission": null,
             "errors": [{"code": "coverage_ends_before_start", "severity": "error",
                         "message": "Coverage ends on 2025-06-30, before it starts on 2026-01-01.",
                         "path": "/coverages/1/enrolled_members/1/effective_end_date"}]},
            {"carrier_id": CIGNA, "status": "scheduled", "sent": null,
             "next_transmission": "2026-11-26T17:00:00Z", "errors": []}
        ])
    );
    // A transaction update carries its carrier's item.
    let t = build(&p, Some(&state), request(Some(&tx(&p, BEAM))));
    assert_eq!(t.fulfillment_summary.len(), 1);
    assert_eq!(t.fulfillment_summary[0].carrier_id, BEAM);
}

#[test]
fn completion_details_carry_the_reference_numbers_of_completed_items() {
    let family = fixture_json("three-carriers-snapshot.json");
    let p = preview(None, &family, "2025-12-01T12:00:00Z");
    let ack = &p["acknowledgement"];
    let refs_at = |carrier: &str| -> Vec<String> {
        let items = ack["coverages"].as_array().unwrap().iter();
        let items = items.filter(|c| carrier.is_empty() || c["carrier_id"] == carrier);
        items
            .map(|c| c["reference"].as_str().unwrap().to_owned())
            .collect()
    };
    let people = |refs: &[String]| -> Vec<String> {
        let covered: Vec<&str> = ack["coverages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| refs.contains(&c["reference"].as_str().unwrap().to_owned()))
            .map(|c| c["individual_reference"].as_str().unwrap())
            .collect();
        let all = ack["individuals"].as_array().unwrap().iter();
        all.map(|i| i["reference"].as_str().unwrap())
            .filter(|r| covered.contains(r))
            .map(str::to_owned)
            .collect()
    };
    let beam = tx(&p, BEAM);
    let mut events = vec![
        step("a", &beam, "carrier_accepted", "2025-12-01T13:00:00Z"),
        step("c", &beam, "carrier_completed", "2025-12-03T09:00:00Z"),
    ];
    let state = fold(&p, events.clone(), "2025-12-04T00:00:00Z");
    let c = build(&p, Some(&state), request(Some(&beam)));
    let done = c.completion.unwrap();
    assert_eq!(
        done.completed_at.map(|t| t.to_string()),
        Some("2025-12-03T09:00:00Z".into())
    );
    assert_eq!(done.coverage_references, refs_at(BEAM));
    assert_eq!(done.coverage_references.len(), 3, "one per enrolled member");
    assert_eq!(done.individual_references, people(&refs_at(BEAM)));
    assert_eq!(done.individual_references.len(), 3);
    // The whole snapshot: every item, once every transaction completed.
    let guardian = tx(&p, GUARDIAN);
    events.push(step("g", &guardian, "carrier_completed", "2025-12-04T09:00:00Z"));
    events.push(json!({"id": "f", "type": "file_transmitted", "carrier_id": CIGNA, "created": "2025-12-01T17:00:00Z"}));
    let state = fold(&p, events, "2025-12-05T00:00:00Z");
    let s = build(&p, Some(&state), request(None));
    assert_eq!(s.processing_status.status, ProcessingState::Completed);
    let done = s.completion.unwrap();
    assert_eq!(
        done.completed_at.map(|t| t.to_string()),
        Some("2025-12-04T09:00:00Z".into())
    );
    assert_eq!(done.coverage_references, refs_at(""));
    assert_eq!(done.individual_references, people(&refs_at("")));
}

#[test]
fn a_send_carriers_transaction_callback_completes_with_its_file() {
    let family = fixture_json("three-carriers-snapshot.json");
    let p = preview(None, &family, "2025-12-01T12:00:00Z");
    let cigna = tx(&p, CIGNA);
    let mut events = vec![
        step("n", &cigna, "noyo_accepted", "2025-12-01T12:30:00Z"),
        // Nothing reaches a Send carrier before its file: refused, not applied.
        step("a", &cigna, "carrier_accepted", "2025-12-01T12:45:00Z"),
        json!({"id": "f", "type": "file_transmitted", "carrier_id": CIGNA, "created": "2025-12-01T17:00:00Z"}),
    ];
    let state = fold(&p, events.clone(), "2025-12-02T00:00:00Z");
    assert_eq!(
        state["rejected_events"],
        json!([{"event_id": "a", "reason": "not_transmitted",
                "message": "carrier_accepted before the Send carrier's file was transmitted"}])
    );
    let c = build(&p, Some(&state), request(Some(&cigna)));
    let st = &c.processing_status;
    assert_eq!(
        (st.status, st.status_detail.map(|s| s.as_str()), st.succeeded),
        (ProcessingState::Completed, Some("noyo_accepted"), true)
    );
    let done = c.completion.unwrap();
    assert_eq!(
        (done.completed_at.map(|t| t.to_string()), done.verified_at),
        (Some("2025-12-01T17:00:00Z".into()), None)
    );
    // Verified after its file, with no carrier step: the callback says so
    // (and `build` checks it passes the parser: verified_at after completed_at).
    events.push(step("v", &cigna, "noyo_verified", "2026-01-02T06:00:00Z"));
    let state = fold(&p, events, "2026-01-05T00:00:00Z");
    let c = build(&p, Some(&state), request(Some(&cigna)));
    assert_eq!(
        c.processing_status.status_detail.map(|s| s.as_str()),
        Some("noyo_verified")
    );
    let done = c.completion.unwrap();
    assert_eq!(
        (
            done.completed_at.map(|t| t.to_string()),
            done.verified_at.map(|t| t.to_string())
        ),
        (
            Some("2025-12-01T17:00:00Z".into()),
            Some("2026-01-02T06:00:00Z".into())
        )
    );
}

#[test]
fn the_financial_summary_has_rate_information_and_no_line_priced_at_0_for_an_invalid_plan() {
    let family = fixture_json("three-carriers-snapshot.json");
    let mut cur = family.clone();
    // Guardian's dental names a plan the group does not have.
    set(
        &mut cur,
        "/coverages/1/plan_id",
        json!("7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e99"),
    );
    let p = preview(None, &cur, "2025-12-01T12:00:00Z");
    let c = build(&p, None, request(None));
    let f = serde_json::to_value(c.financial_summary.unwrap()).unwrap();
    let rate: Vec<_> = f["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["line_of_coverage"].clone(),
                l["calculation_type"].clone(),
                l["tier"].clone(),
                l["rate"].clone(),
                l["priced"].clone(),
                l["monthly_cents"].clone(),
            )
        })
        .collect();
    assert_eq!(
        rate,
        [
            (
                json!("medical"),
                json!("family_unit_based"),
                json!("family"),
                json!({"per": "tier", "dollars": "1485.96"}),
                json!(true),
                json!(148_596)
            ),
            (
                json!("dental"),
                Value::Null,
                Value::Null,
                Value::Null,
                json!(false),
                Value::Null
            ),
            (
                json!("vision"),
                json!("member_based"),
                Value::Null,
                json!({"per": "member", "dollars": "7.85"}),
                json!(true),
                json!(1_570)
            ),
            (
                json!("life"),
                json!("member_based_volume"),
                Value::Null,
                json!({"per": "per_1000", "dollars": "0.26"}),
                json!(true),
                json!(1_300)
            ),
        ]
    );
    let dental = &f["lines"][1];
    assert_eq!(
        (&dental["employer_cents"], &dental["employee_cents"]),
        (&Value::Null, &Value::Null)
    );
    assert_eq!(dental["unpriced_reason"]["code"], "premium_plan_unknown");
    assert_eq!(
        dental["unpriced_reason"]["message"],
        "No premium for this dental coverage: its plan is not one of the group's plans."
    );
    // The total is the priced lines'.
    assert_eq!(f["total"]["monthly_cents"], 148_596 + 1_570 + 1_300);
    // Age bands: a rate per member whose dollars depend on each one's age.
    let p = preview(None, &family, "2025-12-01T12:00:00Z");
    let c = build(&p, None, request(None));
    let dental = serde_json::to_value(&c.financial_summary.unwrap().lines[1]).unwrap();
    assert_eq!(
        (&dental["calculation_type"], &dental["rate"]),
        (&json!("member_based"), &json!({"per": "member", "dollars": null}))
    );
    // A transaction update's lines keep their rates.
    let t = tx(&p, "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d01");
    let c = build(&p, None, request(Some(&t)));
    let lines = c.financial_summary.unwrap().lines;
    assert_eq!(
        serde_json::to_value(&lines).unwrap()[0]["rate"],
        json!({"per": "tier", "dollars": "1485.96"})
    );
}

/// The payload for `request`, or the error's code and message; every payload
/// built must pass `parseCallback`, as an object and as the JSON text sent.
fn build_or_refuse(
    p: &Value,
    state: &Value,
    request: &Value,
) -> Result<CallbackPayload, (ErrorCode, String)> {
    let payload = engine()
        .build_callback_json(p, Some(state), request)
        .map_err(|e| (e.code, e.message))?;
    let value = serde_json::to_value(&payload).unwrap();
    let parsed = parse_callback_value(&value);
    assert!(parsed.valid, "{request}: {:#?}", parsed.issues);
    let parsed = enroll_engine::callback::parse_callback_str(value.to_string().as_str());
    assert!(parsed.valid, "{request}: {:#?}", parsed.issues);
    assert_eq!(parsed.payload.as_ref(), Some(&payload));
    Ok(payload)
}

#[test]
fn every_request_is_built_into_a_payload_parse_callback_accepts_or_refused() {
    let family = fixture_json("three-carriers-snapshot.json");
    let p = preview(None, &family, "2025-12-01T12:00:00Z");
    let tx_id = p["transactions"][0]["id"].as_str().unwrap().to_owned();
    let state = fold(&p, vec![], "2025-12-02T00:00:00Z");
    let base = json!({"event_id": "evt-1", "created": "2026-01-05T00:00:00Z", "snapshot_id": "snap-1"});
    let with = |key: &str, v: Value| {
        let mut r = base.clone();
        r[key] = v;
        r
    };
    let empty = |field: &str| format!("request.{field} must be a non-empty string");
    let empty_optional = |field: &str| {
        format!("request.{field} must be a non-empty string, or null (absent) when there is none")
    };
    let created =
        "request.created must be an RFC 3339 timestamp from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z in UTC";
    let refused: Vec<(Value, String)> = vec![
        (with("event_id", json!("")), empty("event_id")),
        (with("snapshot_id", json!("")), empty("snapshot_id")),
        (
            with("transaction_id", json!("")),
            empty_optional("transaction_id"),
        ),
        (
            with("partner_reference", json!("")),
            empty_optional("partner_reference"),
        ),
        (
            with("employee_reference", json!("")),
            empty_optional("employee_reference"),
        ),
        // An offset carries these outside the years a timestamp is written in.
        (
            with("created", json!("9999-12-31T23:30:00-01:00")),
            created.into(),
        ),
        (
            with("created", json!("0000-01-01T00:30:00+01:00")),
            created.into(),
        ),
        (with("created", json!("2026-01-05")), created.into()),
    ];
    for (request, message) in &refused {
        assert_eq!(
            build_or_refuse(&p, &state, request).unwrap_err(),
            (ErrorCode::InvalidArgument, message.clone()),
            "{request}"
        );
    }
    // The user's review: both empty at once; the first in the request's order is named.
    let both = json!({"event_id": "", "created": "2026-01-05T00:00:00Z", "snapshot_id": ""});
    assert_eq!(
        build_or_refuse(&p, &state, &both).unwrap_err().1,
        empty("event_id")
    );
    let long = "x".repeat(100_000);
    let accepted = [
        base.clone(),
        with("event_id", json!(" ")),
        with("snapshot_id", json!(long)),
        with("event_id", json!("évt-①-\u{1F600}\u{0}")),
        with("transaction_id", json!(tx_id)),
        with("transaction_id", Value::Null),
        with("partner_reference", Value::Null),
        with("employee_reference", json!("EMP-1001")),
        with("created", json!("0000-01-01T00:00:00Z")),
        with("created", json!("9999-12-31T23:59:59Z")),
        with("created", json!("9999-12-31T23:59:60.999z")),
        with("created", json!("2026-01-05t01:00:00+01:00")),
        with("created", json!("1969-12-31 23:59:59Z")),
    ];
    for request in &accepted {
        build_or_refuse(&p, &state, request).unwrap();
    }
    let mut all = base.clone();
    for (k, v) in [
        ("transaction_id", json!(tx_id)),
        ("partner_reference", json!("REQ-77")),
        ("employee_reference", json!("EMP-1001")),
    ] {
        all[k] = v;
    }
    let tx = build_or_refuse(&p, &state, &all).unwrap();
    assert_eq!(tx.identifiers.partner_reference.as_deref(), Some("REQ-77"));
}

#[test]
fn a_request_field_buildcallback_does_not_know_is_refused_by_name() {
    let family = fixture_json("three-carriers-snapshot.json");
    let p = preview(None, &family, "2025-12-01T12:00:00Z");
    let tx_id = p["transactions"][0]["id"].as_str().unwrap().to_owned();
    let fields = "event_id, created, snapshot_id, transaction_id, partner_reference, employee_reference";
    for (key, value) in [
        ("transactionId", json!(tx_id)),
        ("partnerReference", json!("REQ-77")),
        ("219-45-3876", json!(1)),
        ("status", Value::Null),
        // A key megabytes long is quoted (64 characters and `…`), not copied.
        (&"k".repeat(1 << 20), Value::Null),
    ] {
        let mut request = request(None);
        request[key] = value;
        let err = engine().build_callback_json(&p, None, &request).unwrap_err();
        // SSN-shaped text is masked in every message (docs/api.md, Privacy).
        let shown = enroll_engine::privacy::scrub(&enroll_engine::model::text::quote(key)).into_owned();
        assert_eq!(
            (err.code, err.message.as_str()),
            (
                ErrorCode::InvalidArgument,
                format!("unknown request field \"{shown}\"; the fields are {fields}").as_str()
            ),
            "{key}"
        );
    }
    // Rust callers deserializing a request get serde's refusal.
    let typo =
        json!({"event_id": "e", "created": "2026-01-05T00:00:00Z", "snapshot_id": "s", "transactionId": "t"});
    assert!(serde_json::from_value::<enroll_engine::callback::build::CallbackRequest>(typo).is_err());
}

/// Review 31d #2: a request id or reference the payload would show masked
/// (a nine-digit sequence number, an SSN's shape) is refused: two requests
/// `100000001` and `100010001` had both been built as event_id `*****0001`.
#[test]
fn a_request_id_the_payload_would_show_masked_is_refused() {
    let family = fixture_json("three-carriers-snapshot.json");
    let p = preview(None, &family, "2025-12-01T12:00:00Z");
    let state = fold(&p, vec![], "2025-12-02T00:00:00Z");
    let refused = |field: &str| {
        (
            ErrorCode::InvalidArgument,
            format!("request.{field} would show masked in the payload (every output masks nine digits in a row or an SSN's shape), so distinct ids could show alike: use one without"),
        )
    };
    for (field, value) in [
        ("event_id", "100000001"),
        ("event_id", "evt 219-45-3876"),
        ("snapshot_id", "200000002"),
        ("transaction_id", "T-100000001"),
        ("partner_reference", "300000003"),
        ("employee_reference", "400 000 004"),
    ] {
        let mut request =
            json!({"event_id": "evt-1", "created": "2026-01-05T00:00:00Z", "snapshot_id": "snap-1"});
        request[field] = json!(value);
        assert_eq!(
            build_or_refuse(&p, &state, &request).unwrap_err(),
            refused(field),
            "{field} {value}"
        );
    }
    // The first in the request's order is named; eight or ten digits are ids as written.
    let both =
        json!({"event_id": "100000001", "created": "2026-01-05T00:00:00Z", "snapshot_id": "200000002"});
    assert_eq!(
        build_or_refuse(&p, &state, &both).unwrap_err(),
        refused("event_id")
    );
    let request = json!({"event_id": "10000001", "created": "2026-01-05T00:00:00Z",
                         "snapshot_id": "1000000001", "partner_reference": "REQ-1000000001"});
    let built = build_or_refuse(&p, &state, &request).unwrap();
    assert_eq!(
        (built.event_id.as_str(), built.identifiers.snapshot_id.as_str()),
        ("10000001", "1000000001")
    );
}

/// Cigna's life change (a marriage, and life volume above guaranteed
/// issue): a qualifying life event with evidence of insurability.
fn life_event() -> Value {
    let family = fixture_json("three-carriers-snapshot.json");
    let mut cur = family.clone();
    set(&mut cur, "/coverages/3/enrolled_members/0/volume", json!(200000));
    cur["events"] = json!([{"id": "m", "date": "2026-11-01", "type": "coverage", "reason": "marriage"}]);
    preview(Some(&family), &cur, "2026-11-25T12:00:00Z")
}

fn kinds(c: &CallbackPayload) -> Vec<FollowUpKind> {
    c.follow_up.iter().map(|f| f.kind).collect()
}

#[test]
fn a_processing_life_event_asks_for_documentation() {
    let p = life_event();
    let cigna = tx(&p, CIGNA);
    let state = fold(
        &p,
        vec![step("n", &cigna, "noyo_accepted", "2026-11-25T12:05:00Z")],
        "2026-11-25T13:00:00Z",
    );
    for request in [request(Some(&cigna)), request(None)] {
        let c = build(&p, Some(&state), request);
        let st = &c.processing_status;
        assert_eq!(
            (st.status, st.succeeded, st.requires_action),
            (ProcessingState::Processing, false, true)
        );
        assert_eq!(
            kinds(&c),
            [FollowUpKind::EvidenceOfInsurability, FollowUpKind::Documentation]
        );
        assert_eq!(c.follow_up[1].reference.as_deref(), Some(cigna.as_str()));
    }
}

#[test]
fn a_completed_life_event_asks_nothing_more() {
    // Source S1: completed transactions and snapshots "require no additional
    // attention or action", verified or not.
    let p = life_event();
    let cigna = tx(&p, CIGNA);
    assert_eq!(p["transactions"].as_array().unwrap().len(), 1);
    let sent = json!({"id": "f", "type": "file_transmitted", "carrier_id": CIGNA,
                      "created": "2026-11-26T17:00:00Z"});
    let verified = step("v", &cigna, "noyo_verified", "2026-12-01T09:00:00Z");
    let completed = fold(&p, vec![sent.clone()], "2026-11-27T00:00:00Z");
    let checked = fold(&p, vec![sent, verified], "2026-12-02T00:00:00Z");
    for (state, detail, verified_at) in [
        (&completed, None, None),
        (&checked, Some("noyo_verified"), Some("2026-12-01T09:00:00Z")),
    ] {
        let c = build(&p, Some(state), request(Some(&cigna)));
        let st = &c.processing_status;
        assert_eq!(
            (
                st.status,
                st.status_detail.map(|s| s.as_str()),
                st.succeeded,
                st.requires_action
            ),
            (ProcessingState::Completed, detail, true, false)
        );
        assert_eq!(kinds(&c), []);
        let s = build(&p, Some(state), request(None));
        let st = &s.processing_status;
        assert_eq!(
            (st.status, st.succeeded, st.requires_action),
            (ProcessingState::Completed, true, false)
        );
        assert_eq!(kinds(&s), []);
        assert_eq!(
            s.completion.as_ref().unwrap().verified_at.map(|t| t.to_string()),
            verified_at.map(str::to_owned)
        );
        // The warning is still reported, as feedback: only the request is gone.
        assert_eq!(feedback_codes(&s), ["volume_requires_eoi"]);
    }
}

/// Review 31d #3 (script cb5.mjs): a marriage adds the spouse at all three
/// carriers and Cigna's life volume (200000) is above guaranteed issue.
/// Once Cigna's file completes its transaction, Cigna's update asks
/// nothing, and neither does the snapshot update for Cigna's coverage: it
/// keeps only the other carriers' documentation.
#[test]
fn a_snapshot_update_asks_no_evidence_for_a_carrier_whose_transaction_completed() {
    let spouse = "e1000000-0000-4000-8000-000000000002";
    let family = fixture_json("three-carriers-snapshot.json");
    let mut prev = family.clone();
    prev["dependents"]
        .as_array_mut()
        .unwrap()
        .retain(|d| d["relationship"] != "spouse");
    let mut cur = family;
    for (doc, keep) in [(&mut prev, false), (&mut cur, true)] {
        for c in doc["coverages"].as_array_mut().unwrap() {
            let members = c["enrolled_members"].as_array_mut().unwrap();
            members.retain(|m| keep || m["individual_id"] != spouse);
            for m in members.iter_mut().filter(|m| m["individual_id"] == spouse) {
                m["effective_start_date"] = json!("2026-03-01");
            }
        }
    }
    cur["events"] = json!([{"id": "mar", "date": "2026-02-14", "type": "coverage", "reason": "marriage"}]);
    set(&mut cur, "/coverages/3/enrolled_members/0/volume", json!(200000));
    let p = preview(Some(&prev), &cur, "2026-02-20T12:00:00Z");
    assert_eq!(p["transactions"].as_array().unwrap().len(), 3);
    let asked = |c: &CallbackPayload| -> Vec<(FollowUpKind, Option<String>)> {
        c.follow_up
            .iter()
            .map(|f| (f.kind, f.reference.clone()))
            .collect()
    };
    let eoi = build(&p, None, request(Some(&tx(&p, CIGNA)))).follow_up[0]
        .reference
        .clone();
    assert!(eoi.as_deref().is_some_and(|r| r.starts_with("C-")), "{eoi:?}");
    let docs = |carriers: &[&str]| {
        carriers
            .iter()
            .map(|c| (FollowUpKind::Documentation, Some(tx(&p, c))))
            .collect::<Vec<_>>()
    };
    // Before the file: the evidence, and each transaction's documentation.
    let before = build(&p, None, request(None));
    let mut expected = vec![(FollowUpKind::EvidenceOfInsurability, eoi.clone())];
    expected.extend(docs(&[BEAM, GUARDIAN, CIGNA]));
    assert_eq!(asked(&before), expected);
    // Cigna's file completes Cigna's transaction: its evidence is no longer asked.
    let file = json!({"id": "f", "type": "file_transmitted", "carrier_id": CIGNA, "created": "2026-02-23T17:00:00Z"});
    let state = fold(&p, vec![file], "2026-02-24T00:00:00Z");
    let cigna = build(&p, Some(&state), request(Some(&tx(&p, CIGNA))));
    assert_eq!(
        (cigna.processing_status.status, asked(&cigna)),
        (ProcessingState::Completed, vec![])
    );
    let after = build(&p, Some(&state), request(None));
    assert_eq!(asked(&after), docs(&[BEAM, GUARDIAN]));
    assert!(after.processing_status.requires_action);
    // The warning is still feedback: only the request is gone.
    assert_eq!(feedback_codes(&after), ["volume_requires_eoi"]);
}

#[test]
fn a_canceled_or_replaced_life_event_asks_nothing_more() {
    // Its changes will not be made: the documentation and EOI it would have
    // asked for are moot (a replacing snapshot asks for its own).
    let p = life_event();
    let cigna = tx(&p, CIGNA);
    let accepted = step("n", &cigna, "noyo_accepted", "2026-11-25T12:05:00Z");
    let canceled = json!({"id": "c", "type": "snapshot_canceled", "created": "2026-11-25T13:00:00Z"});
    let replaced = json!({"id": "r", "type": "snapshot_replaced", "created": "2026-11-25T13:00:00Z"});
    for (event, settled) in [
        (canceled, ProcessingState::Canceled),
        (replaced, ProcessingState::Replaced),
    ] {
        let state = fold(&p, vec![accepted.clone(), event], "2026-11-25T14:00:00Z");
        for request in [request(Some(&cigna)), request(None)] {
            let c = build(&p, Some(&state), request);
            let st = &c.processing_status;
            assert_eq!(
                (st.status, st.succeeded, st.requires_action),
                (settled, false, false)
            );
            assert_eq!(kinds(&c), []);
            // The warning is still reported, as feedback.
            assert_eq!(feedback_codes(&c), ["volume_requires_eoi"]);
        }
    }
}

/// A keystroke summary given where a whole preview is read is named as
/// such (user review 25d: serde said only "expected a sequence").
#[test]
fn a_keystroke_summary_given_for_a_preview_is_named() {
    let summary = json!({"valid": true, "issues": [], "carriers": [], "fulfillment": [],
                         "status": "submitted", "differences": 3, "transactions": 1, "premium": null});
    let e = engine()
        .build_callback_json(&summary, None, &request(None))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidArgument);
    assert!(
        e.message.contains("keystroke summary") && e.message.contains("details()"),
        "{}",
        e.message
    );
    let opts = FoldOptions {
        now: Timestamp::parse("2026-01-05T00:00:00Z").unwrap(),
        verification_grace_days: 7,
    };
    let e = fold_json(&summary, &json!([]), &opts).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidArgument);
    assert!(e.message.contains("keystroke summary"), "{}", e.message);
}
