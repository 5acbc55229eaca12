//! Review 31d #1: an RFC 3339 text whose offset carries the instant outside
//! 0000-01-01T00:00:00Z … 9999-12-31T23:59:59Z is no timestamp, at every
//! entry point that reads one — it had been accepted, then written back as
//! a bare number (`"253402302600"`) or a year `-001`, which every later
//! fold and callback refused. Arithmetic on instants (a claims deadline)
//! stays in the range or is refused with an issue.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use enroll_engine::callback::parse_callback_value;
use enroll_engine::claims::{apply_payment_status_str, plan_payment_status_requests_str};
use enroll_engine::fulfillment::fold::fold_json;
use enroll_engine::fulfillment::lifecycle::FoldOptions;
use enroll_engine::model::Timestamp;
use enroll_engine::preview::PreviewOptions;
use enroll_engine::{Engine, ErrorCode};
use serde_json::{json, Value};

const PAST_9999: &str = "9999-12-31T23:30:00-01:00";
const BEFORE_0000: &str = "0000-01-01T00:00:00+01:00";

fn engine() -> Engine {
    Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap()
}

/// The family's first submission (the review's base.mjs).
fn submitted() -> Value {
    let opts = PreviewOptions {
        now: Timestamp::parse("2025-12-01T12:00:00Z").unwrap(),
    };
    let family = fixture_json("three-carriers-snapshot.json").to_string();
    serde_json::to_value(engine().preview_str(None, &family, &opts)).unwrap()
}

fn fold_opts(now: &str) -> FoldOptions {
    FoldOptions {
        now: Timestamp::parse(now).unwrap(),
        verification_grace_days: 7,
    }
}

fn codes(issues: &[enroll_engine::Issue]) -> Vec<(&str, &str)> {
    issues
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect()
}

#[test]
fn an_event_dated_outside_the_years_0000_to_9999_is_an_invalid_timestamp_and_the_state_stays_usable() {
    let p = submitted();
    let tx = p["transactions"][0]["id"].as_str().unwrap().to_owned();
    let carrier = p["transactions"][0]["carrier_id"].as_str().unwrap().to_owned();
    let step = |created: &str| {
        json!({"id": "evil", "type": "transaction_status", "transaction_id": tx,
               "status_detail": "noyo_accepted", "created": created})
    };
    let rejected = json!({"id": "rej", "type": "carrier_rejected", "carrier_id": carrier,
                          "errors": ["x"], "created": "9999-12-31T23:59:59-00:01"});
    for event in [step(PAST_9999), step(BEFORE_0000), rejected] {
        let r = fold_json(&p, &json!([event]), &fold_opts("2025-12-02T00:00:00Z")).unwrap();
        assert_eq!(
            codes(&r.event_issues),
            [("invalid_timestamp", "/0/created")],
            "{event}"
        );
        assert_eq!(
            r.event_issues[0].params["value"], event["created"],
            "the text as given"
        );
        assert!(
            r.state.events.is_empty() && r.state.rejected_events.is_empty(),
            "{event}"
        );
        // The state goes on: refolded (as stored JSON too), and built into a callback.
        let state = serde_json::to_value(&r).unwrap();
        let next = json!([step("2025-12-01T12:05:00Z")]);
        let again = fold_json(&state, &next, &fold_opts("2025-12-03T00:00:00Z")).unwrap();
        assert_eq!(again.state.events.len(), 1);
        let reread: Value = serde_json::from_str(&state.to_string()).unwrap();
        fold_json(&reread, &json!([]), &fold_opts("2025-12-03T00:00:00Z")).unwrap();
        let request = json!({"event_id": "e", "created": "2025-12-02T00:00:00Z", "snapshot_id": "s"});
        engine().build_callback_json(&p, Some(&state), &request).unwrap();
    }
    // The last writable second, with and without an offset, is an event.
    for created in ["9999-12-31T23:59:59Z", "9999-12-31T22:59:59-01:00"] {
        let r = fold_json(&p, &json!([step(created)]), &fold_opts("2025-12-02T00:00:00Z")).unwrap();
        assert!(r.event_issues.is_empty(), "{created}");
        let stored = serde_json::to_value(&r.state.events).unwrap();
        assert_eq!(stored[0]["created"], "9999-12-31T23:59:59Z");
        assert_eq!(r.state.rejected_events[0].reason, "after_now");
    }
}

#[test]
fn a_now_outside_the_years_0000_to_9999_is_invalid_options() {
    for now in ["9999-12-31T23:59:59-01:00", BEFORE_0000] {
        let err = FoldOptions::from_json(&json!({ "now": now })).unwrap_err();
        assert_eq!(
            (err.code, err.message.as_str()),
            (
                ErrorCode::InvalidOptions,
                "now must be an RFC 3339 timestamp like 2026-11-25T12:00:00Z"
            ),
            "{now}"
        );
        let err = PreviewOptions::from_json(&json!({ "now": now })).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidOptions, "{now}");
    }
    // A stored state whose fold `now` an older engine wrote as a number is misuse, named.
    let p = submitted();
    let mut state =
        serde_json::to_value(fold_json(&p, &json!([]), &fold_opts("2025-12-02T00:00:00Z")).unwrap()).unwrap();
    state["folded_with"]["now"] = json!("253402304399");
    let err = fold_json(&state, &json!([]), &fold_opts("2025-12-03T00:00:00Z")).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidArgument);
}

#[test]
fn parse_callback_refuses_a_created_outside_the_years_0000_to_9999() {
    let p = submitted();
    let request = json!({"event_id": "evt-1", "created": "2025-12-01T12:01:00Z", "snapshot_id": "snap-1"});
    let built = serde_json::to_value(engine().build_callback_json(&p, None, &request).unwrap()).unwrap();
    for created in ["9999-12-31T23:59:59-01:00", BEFORE_0000] {
        let mut body = built.clone();
        body["created"] = json!(created);
        let r = parse_callback_value(&body);
        assert!(!r.valid && r.payload.is_none(), "{created}");
        assert_eq!(codes(&r.issues), [("invalid_timestamp", "/created")], "{created}");
    }
    for (field, at) in [
        ("/completion", "/completion/completed_at"),
        ("/fulfillment_summary/0", "/fulfillment_summary/0/sent"),
    ] {
        let mut body = built.clone();
        let key = at.rsplit('/').next().unwrap();
        if body.pointer(field).is_none_or(Value::is_null) {
            body[field.trim_start_matches('/')] = json!({"completed_at": null, "verified_at": null,
                "coverage_references": [], "individual_references": []});
        }
        body.pointer_mut(field).unwrap()[key] = json!(PAST_9999);
        let r = parse_callback_value(&body);
        assert!(
            codes(&r.issues).contains(&("invalid_timestamp", at)),
            "{at}: {:?}",
            codes(&r.issues)
        );
    }
}

/// seed 003's fixture claim and enrollment (tests/fixtures/claims).
fn claims_doc(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/claims/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn a_claims_deadline_past_9999_is_refused_at_waiting_time_seconds() {
    let (claim, enrollment) = (claims_doc("claim.json"), claims_doc("enrollment.json"));
    let plan = |options: Value| plan_payment_status_requests_str(&claim, &enrollment, &options.to_string());
    // The review: sent at the last second, a wait of 2^32 - 1 seconds.
    let r = plan(json!({"sent_at": "9999-12-31T23:59:59Z", "waiting_time_seconds": 4_294_967_295_u32}));
    assert!(!r.valid && r.summary.is_none());
    assert_eq!(codes(&r.issues), [("out_of_range", "/waiting_time_seconds")]);
    let i = &r.issues[0];
    assert_eq!(
        (i.params["max"].clone(), i.params["document"].clone()),
        (json!(0), json!("options"))
    );
    assert_eq!(
        i.message,
        "4294967295 is out of range: 0 to 0 seconds (a deadline by 9999-12-31T23:59:59Z)."
    );
    // To the last second is a deadline; a second more is not.
    let r = plan(json!({"sent_at": "9999-12-31T22:59:59Z", "waiting_time_seconds": 3600}));
    let deadline = r.summary.as_ref().and_then(|s| s.deadline).map(|d| d.to_string());
    assert_eq!(deadline.as_deref(), Some("9999-12-31T23:59:59Z"));
    let r = plan(json!({"sent_at": "9999-12-31T22:59:59Z", "waiting_time_seconds": 3601}));
    assert_eq!(codes(&r.issues), [("out_of_range", "/waiting_time_seconds")]);
    // Far from the end the whole u32 range is a wait.
    let r = plan(json!({"sent_at": "2026-04-01T10:00:00Z", "waiting_time_seconds": 4_294_967_295_u32}));
    let deadline = r.summary.as_ref().and_then(|s| s.deadline).map(|d| d.to_string());
    assert_eq!(deadline.as_deref(), Some("2162-05-08T16:28:15Z"));

    // The review's apply: sent_at and now past 9999 by their offset.
    let (responses, catalogue) = (claims_doc("responses.json"), claims_doc("catalogue.json"));
    let options = json!({"now": PAST_9999, "sent_at": PAST_9999, "waiting_time_seconds": 0});
    let r = apply_payment_status_str(&claim, &enrollment, &responses, &catalogue, &options.to_string());
    assert!(!r.valid && r.summary.is_none());
    assert_eq!(
        codes(&r.issues),
        [("invalid_timestamp", "/now"), ("invalid_timestamp", "/sent_at")]
    );
}
