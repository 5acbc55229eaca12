//! foldStatus's bounds (docs/api.md, Limits): malformed events past 1000
//! issues are counted, a carrier keeps at most 1000 errors, a state keeps
//! events up to a budget so that it can always be passed back in, and the
//! callback built from a capped state lists at most 1000 feedback entries.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use enroll_engine::fulfillment::fold::{fold_json, FoldResult};
use enroll_engine::fulfillment::lifecycle::{FoldOptions, MAX_EVENT_BYTES};
use enroll_engine::fulfillment::FulfillmentStatus;
use enroll_engine::model::Timestamp;
use enroll_engine::preview::PreviewOptions;
use enroll_engine::validate::DEFAULT_MAX_INPUT_BYTES;
use enroll_engine::Engine;
use serde_json::{json, Value};

const NOW: &str = "2025-12-01T12:00:00Z";

fn engine() -> Engine {
    Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap()
}

fn preview() -> Value {
    let now = PreviewOptions {
        now: Timestamp::parse(NOW).unwrap(),
    };
    let p = engine().preview_str(
        None,
        &fixture_json("three-carriers-snapshot.json").to_string(),
        &now,
    );
    serde_json::to_value(&p).unwrap()
}

fn fold(state: &Value, events: &Value) -> FoldResult {
    let opts = FoldOptions {
        now: Timestamp::parse("2025-12-02T12:00:00Z").unwrap(),
        verification_grace_days: 7,
    };
    fold_json(state, events, &opts).unwrap()
}

fn rejected(carrier: &str, id: &str, errors: Vec<String>) -> Value {
    json!({"id": id, "type": "carrier_rejected", "carrier_id": carrier,
           "created": "2025-12-01T18:00:00Z", "errors": errors})
}

fn codes(issues: &[enroll_engine::diagnostic::Issue]) -> Vec<&str> {
    issues.iter().map(|i| i.code.as_str()).collect()
}

fn omitted(i: &enroll_engine::diagnostic::Issue) -> u64 {
    assert_eq!(i.code, "too_many_issues");
    i.params["omitted"].as_u64().unwrap()
}

fn carrier<'a>(r: &'a FoldResult, id: &str) -> &'a enroll_engine::fulfillment::CarrierFulfillment {
    r.state
        .fulfillment_summary
        .iter()
        .find(|c| c.carrier_id == id)
        .unwrap()
}

/// The state as a caller passes it back: its JSON, below the input limit.
fn passed_back(r: &FoldResult) -> Value {
    let text = serde_json::to_string(r).unwrap();
    assert!(
        text.len() < DEFAULT_MAX_INPUT_BYTES,
        "a state of {} bytes cannot be passed back",
        text.len()
    );
    serde_json::from_str(&text).unwrap()
}

#[test]
fn malformed_events_past_the_cap_are_counted() {
    let p = preview();
    // Each `{}` lacks id, created and type: three issues.
    let under = fold(&p, &Value::Array(vec![json!({}); 333]));
    assert_eq!(under.event_issues.len(), 999);
    assert!(under.event_issues.iter().all(|i| i.code == "missing_field"));
    assert_eq!(under.event_issues[3].path, "/1/id");
    let over = fold(&p, &Value::Array(vec![json!({}); 5000]));
    assert_eq!(over.event_issues.len(), 1000);
    assert_eq!(&over.event_issues[..999], &under.event_issues[..]);
    let last = &over.event_issues[999];
    assert_eq!(omitted(last), 15_000 - 999);
    assert_eq!(last.params["limit"], 1000);
    assert_eq!(last.path, "");
    assert_eq!(last.severity, enroll_engine::diagnostic::Severity::Error);
    // Nothing was applied or kept.
    assert!(over.state.events.is_empty());
}

#[test]
fn a_carrier_keeps_at_most_1000_errors() {
    let p = preview();
    let errors = |n: usize| (0..n).map(|k| format!("x{k}")).collect::<Vec<_>>();
    // 1000 errors: all of them, no too_many_issues.
    let exact = fold(&p, &json!([rejected(BEAM, "r1", errors(1000))]));
    assert_eq!(carrier(&exact, BEAM).errors.len(), 1000);
    assert!(codes(&carrier(&exact, BEAM).errors)
        .iter()
        .all(|c| *c == "carrier_rejected"));
    for n in [1001, 5000, 20_000] {
        let r = fold(&p, &json!([rejected(BEAM, "r1", errors(n))]));
        assert!(r.event_issues.is_empty(), "{n}: {:?}", codes(&r.event_issues));
        let c = carrier(&r, BEAM);
        assert_eq!(c.status, FulfillmentStatus::Invalid);
        assert_eq!(c.errors.len(), 1000);
        assert_eq!(
            &c.errors[..999],
            &exact.state.fulfillment_summary[0].errors[..999]
        );
        let last = &c.errors[999];
        assert_eq!(omitted(last), (n - 999) as u64);
        assert_eq!(last.carrier_ids, vec![BEAM.to_owned()]);
        assert_eq!(last.severity, enroll_engine::diagnostic::Severity::Error);
        // The event itself is kept whole: a replay counts the same.
        let kept = serde_json::to_value(&r.state.events[0]).unwrap();
        assert_eq!(kept["errors"].as_array().unwrap().len(), n);
    }
}

#[test]
fn a_capped_state_goes_back_into_fold_callback_and_track() {
    let p = preview();
    let errors: Vec<String> = (0..20_000).map(|k| format!("x{k}")).collect();
    let r = fold(&p, &json!([rejected(BEAM, "r1", errors)]));
    let state = passed_back(&r);
    // Folded again with a new event: the same errors, the event applied.
    let tx = p["transactions"][1]["id"].as_str().unwrap();
    let step = json!([{"id": "s1", "type": "transaction_status", "transaction_id": tx,
                       "status_detail": "noyo_accepted", "created": "2025-12-01T19:00:00Z"}]);
    let again = fold(&state, &step);
    assert!(again.event_issues.is_empty());
    assert!(again.state.rejected_events.is_empty());
    assert_eq!(carrier(&again, BEAM).errors, carrier(&r, BEAM).errors);
    let state = passed_back(&again);
    // The callback: the rejection's feedback capped like any issue list,
    // and the correction counts every error.
    let request = json!({"event_id": "e1", "created": "2025-12-02T00:00:00Z", "snapshot_id": "s"});
    let cb = engine().build_callback_json(&p, Some(&state), &request).unwrap();
    let cb = serde_json::to_value(&cb).unwrap();
    let feedback = cb["validation_feedback"].as_array().unwrap();
    assert!(feedback.len() <= 1000);
    let rejections = feedback
        .iter()
        .filter(|f| f["code"] == "carrier_rejected")
        .count();
    assert_eq!(rejections, 999);
    assert_eq!(feedback.last().unwrap()["code"], "too_many_issues");
    let correction = cb["follow_up"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["reference"] == BEAM)
        .unwrap();
    assert_eq!(
        correction["description"],
        format!("Correct 20000 error(s) blocking carrier {BEAM} and submit a new snapshot.")
    );
    let parsed = enroll_engine::callback::parse_callback_str(serde_json::to_string(&cb).unwrap().as_str());
    assert!(parsed.valid, "{:?}", parsed.issues);
    // Tracking reads the state.
    let snapshot = fixture_json("three-carriers-snapshot.json").to_string();
    let options = json!({ "state": state });
    engine().track_json(&snapshot, &p, &snapshot, &options).unwrap();
}

#[test]
fn the_callbacks_feedback_is_capped_across_carriers() {
    let p = preview();
    // Three carriers rejected with 600 short errors each: 1800 errors in the
    // state, within its budget.
    let errors = |c: &str| (0..600).map(|k| format!("{c}{k}")).collect::<Vec<_>>();
    let events = json!([
        rejected(BEAM, "r1", errors("b")),
        rejected(GUARDIAN, "r2", errors("g")),
        rejected(CIGNA, "r3", errors("c")),
    ]);
    let r = fold(&p, &events);
    assert!(r.event_issues.is_empty(), "{:?}", codes(&r.event_issues));
    let state = passed_back(&r);
    let request = json!({"event_id": "e1", "created": "2025-12-02T00:00:00Z", "snapshot_id": "s"});
    let cb = engine().build_callback_json(&p, Some(&state), &request).unwrap();
    let feedback = &cb.validation_feedback;
    assert_eq!(feedback.len(), 1000);
    let last = &feedback[999];
    assert_eq!(last.code, "too_many_issues");
    let listed_before = p["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["severity"] != "info")
        .count();
    let total = listed_before + 1800;
    assert_eq!(
        last.message,
        format!(
            "{} more issues were found and left out: at most 1000 are returned per call.",
            total - 999
        )
    );
    // A transaction update lists its carrier's 600.
    let tx = p["transactions"][0]["id"].as_str().unwrap();
    let request = json!({"event_id": "e2", "created": "2025-12-02T00:00:00Z", "snapshot_id": "s",
                         "transaction_id": tx});
    let cb = engine().build_callback_json(&p, Some(&state), &request).unwrap();
    assert_eq!(
        cb.validation_feedback
            .iter()
            .filter(|f| f.code == "carrier_rejected")
            .count(),
        600
    );
}

#[test]
fn an_event_past_the_states_budget_is_refused_and_a_smaller_one_still_fits() {
    let p = preview();
    let big = rejected(BEAM, "r1", vec!["e".repeat(MAX_EVENT_BYTES)]);
    let tx = p["transactions"][1]["id"].as_str().unwrap();
    let small = json!({"id": "s1", "type": "transaction_status", "transaction_id": tx,
                       "status_detail": "noyo_accepted", "created": "2025-12-01T19:00:00Z"});
    let r = fold(&p, &json!([big, small]));
    assert_eq!(codes(&r.event_issues), ["too_many_events"]);
    let issue = &r.event_issues[0];
    assert_eq!(issue.path, "/0");
    assert_eq!(issue.params["limit"], MAX_EVENT_BYTES);
    assert_eq!(issue.params["used"], 0);
    assert!(issue.params["weight"].as_u64().unwrap() > MAX_EVENT_BYTES as u64);
    // Not applied, not kept; the small one is both.
    assert_eq!(carrier(&r, BEAM).status, FulfillmentStatus::Processing);
    assert_eq!(r.state.events.len(), 1);
    assert_eq!(r.state.events[0].id, "s1");
    // An event the state already keeps costs nothing when given again.
    let again = fold(&passed_back(&r), &json!([small]));
    assert!(again.event_issues.is_empty());
    assert_eq!(again.state, r.state);
}

#[test]
fn a_state_stays_below_the_input_limit_over_many_folds() {
    let p = preview();
    let mut state = p.clone();
    let mut refused = 0;
    // Folds of 2000 distinct events each, every one refused by the replay
    // (an unknown transaction, with a long id quoted in the message): the
    // state keeps them until its budget is spent, then refuses them.
    for fold_no in 0..10 {
        let events: Vec<Value> = (0..2000)
            .map(|k| {
                json!({"id": format!("{fold_no}-{k}-{}", "i".repeat(40)), "type": "transaction_status",
                       "transaction_id": format!("T-{}", "t".repeat(60)), "status_detail": "noyo_accepted",
                       "created": "2025-12-01T19:00:00Z"})
            })
            .collect();
        let r = fold(&state, &Value::Array(events));
        refused += r
            .event_issues
            .iter()
            .filter(|i| i.code == "too_many_events")
            .count();
        if let Some(last) = r.event_issues.last().filter(|i| i.code == "too_many_issues") {
            refused += omitted(last) as usize;
        }
        state = passed_back(&r);
    }
    assert!(refused > 0);
    let kept = state["events"].as_array().unwrap().len();
    assert_eq!(kept + refused, 20_000);
    assert_eq!(state["rejected_events"].as_array().unwrap().len(), kept);
    // Still usable: folded again with nothing new, it reads as it was.
    let r = fold(&state, &json!([]));
    assert_eq!(serde_json::to_value(&r).unwrap()["events"], state["events"]);
}

#[test]
fn a_carrier_that_already_has_errors_still_keeps_at_most_1000() {
    // A baseline carrier in flight with errors (not one preview makes, but a
    // state is a document): its errors count toward the 1000.
    let mut p = preview();
    let beam = p["fulfillment_summary"]
        .as_array()
        .unwrap()
        .iter()
        .position(|c| c["carrier_id"] == BEAM)
        .unwrap();
    assert_eq!(p["fulfillment_summary"][beam]["status"], "processing");
    let seeded = fold(&p, &json!([rejected(GUARDIAN, "g", vec!["seed".into()])]));
    let one = serde_json::to_value(&carrier(&seeded, GUARDIAN).errors[0]).unwrap();
    for (had, given, kept_new, omitted_n) in
        [(990, 10, 10, None), (995, 10, 4, Some(6)), (1000, 5, 0, Some(6))]
    {
        p["fulfillment_summary"][beam]["errors"] = Value::Array(vec![one.clone(); had]);
        let errors: Vec<String> = (0..given).map(|k| format!("new{k}")).collect();
        let r = fold(&p, &json!([rejected(BEAM, "r1", errors)]));
        let c = carrier(&r, BEAM);
        assert_eq!(c.errors.len(), 1000, "{had}+{given}");
        let new = c.errors.iter().filter(|e| e.message.contains("new")).count();
        assert_eq!(new, kept_new, "{had}+{given}");
        match omitted_n {
            None => assert_ne!(c.errors[999].code, "too_many_issues"),
            Some(n) => {
                assert_eq!(omitted(&c.errors[999]), n);
                assert_eq!(c.errors[999].carrier_ids, vec![BEAM.to_owned()]);
            }
        }
    }
}

#[test]
fn an_events_weight_bounds_what_it_adds_to_a_state() {
    let p = preview();
    let bare = serde_json::to_string(&fold(&p, &json!([]))).unwrap().len();
    let tx = p["transactions"][0]["id"].as_str().unwrap();
    // Characters JSON escapes to six bytes, quotes, SSN-like digits.
    let nasty = |n: usize| "\u{1}\"9".repeat(n);
    let cases = [
        // Refused, quoting both ids.
        json!({"id": nasty(300), "type": "transaction_status", "transaction_id": nasty(300),
               "status_detail": "noyo_accepted", "created": "2025-12-01T19:00:00Z"}),
        json!({"id": nasty(300), "type": "file_transmitted", "carrier_id": nasty(300),
               "created": "2025-12-01T19:00:00Z"}),
        // Applied: a history step; a file; a replacement.
        json!({"id": nasty(100), "type": "transaction_status", "transaction_id": tx,
               "status_detail": "noyo_accepted", "created": "2025-12-01T19:00:00Z"}),
        json!({"id": "f", "type": "file_transmitted", "carrier_id": CIGNA, "created": "2025-12-01T19:00:00Z"}),
        json!({"id": "r", "type": "snapshot_replaced", "by_snapshot_id": nasty(100),
               "created": "2025-12-01T19:00:00Z"}),
        // Errors past the cap, each quoted at its longest.
        rejected(
            BEAM,
            "x",
            (0..1001).map(|k| format!("{k}{}", nasty(22))).collect(),
        ),
        rejected(GUARDIAN, "y", vec!["123-45-6789 ".repeat(20); 3]),
    ];
    for e in cases {
        let r = fold(&p, &json!([e]));
        assert!(r.event_issues.is_empty(), "{:?}", r.event_issues);
        let added = serde_json::to_string(&r).unwrap().len() - bare;
        let kept = &r.state.events[0];
        let weight = kept.weight(&serde_json::to_string(kept).unwrap());
        assert!(added <= weight, "{}: adds {added}, weighs {weight}", kept.id);
    }
}

/// A state whose own events already weigh more than a fold keeps was not
/// made by a fold: refused, not kept and returned whole (review 27b #3: a
/// hand-made state of 49,164 events came back as 9 MB).
#[test]
fn a_state_past_the_budget_of_its_own_is_refused() {
    let p = preview();
    let mut state = fold(&p, &json!([])).state;
    let tx = p["transactions"][1]["id"].as_str().unwrap();
    let step = |k: usize| {
        json!({"id": format!("s{k}-{}", "i".repeat(200)), "type": "transaction_status", "transaction_id": tx,
               "status_detail": "noyo_accepted", "created": "2025-12-01T19:00:00Z"})
    };
    let events: Vec<_> = (0..5000).map(step).collect();
    state.events = serde_json::from_value(Value::Array(events)).unwrap();
    let v = serde_json::to_value(&state).unwrap();
    let opts = FoldOptions {
        now: Timestamp::parse("2025-12-02T12:00:00Z").unwrap(),
        verification_grace_days: 7,
    };
    let err = fold_json(&v, &json!([]), &opts).unwrap_err();
    assert_eq!(err.code, enroll_engine::ErrorCode::InvalidArgument);
    assert!(
        err.message.contains("weigh more than the 1048576 bytes"),
        "{}",
        err.message
    );
    // Within the budget the same state folds.
    state.events.truncate(100);
    let v = serde_json::to_value(&state).unwrap();
    assert!(fold_json(&v, &json!([]), &opts).is_ok());
}
