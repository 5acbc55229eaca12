//! Claims payment status (seed 003): one test per rule, exact messages on
//! exact lines, and malformed documents answered with issues and pointers.
//! Scenario documents: tests/fixtures/claims/. Golden results there too
//! (`expected-*.json`); regenerate with `UPDATE_GOLDEN=1 cargo test --test claims`.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use enroll_engine::claims::model::*;
use enroll_engine::claims::*;
use enroll_engine::validate::catalogue::CATALOGUE;
use enroll_engine::Severity;
use serde_json::{json, Value};

// ---- helpers -------------------------------------------------------------------

fn path(name: &str) -> String {
    format!("{}/tests/fixtures/claims/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn text(name: &str) -> String {
    std::fs::read_to_string(path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn doc(name: &str) -> Value {
    serde_json::from_str(&text(name)).unwrap()
}

fn claim() -> Value {
    doc("claim.json")
}
fn enrollment() -> Value {
    doc("enrollment.json")
}
fn responses() -> Value {
    doc("responses.json")
}
fn catalogue() -> Value {
    doc("catalogue.json")
}
fn options() -> Value {
    doc("options.json")
}

/// `doc` with the value at `pointer` replaced.
fn with(mut d: Value, pointer: &str, v: Value) -> Value {
    *d.pointer_mut(pointer).unwrap_or_else(|| panic!("no {pointer}")) = v;
    d
}

/// `doc` with the array element or field at `pointer` removed.
fn without(mut d: Value, pointer: &str) -> Value {
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    match d.pointer_mut(parent).unwrap() {
        Value::Array(a) => {
            a.remove(last.parse::<usize>().unwrap());
        }
        Value::Object(m) => {
            m.remove(last).unwrap();
        }
        _ => panic!("{parent} is not a container"),
    }
    d
}

/// `doc` with its top-level `key` set (added when absent).
fn set(mut d: Value, key: &str, v: Value) -> Value {
    d[key] = v;
    d
}

fn push(mut d: Value, pointer: &str, v: Value) -> Value {
    d.pointer_mut(pointer).unwrap().as_array_mut().unwrap().push(v);
    d
}

fn fatal(code: &str, origin: &str) -> Value {
    json!({ "code": code, "severity": "fatal", "origin": origin, "text": format!("{code} text"), "parameters": {} })
}

/// With `RECORD_CLAIMS=1`, every scenario's calls are written to
/// tests/golden/claims/<test>.json (inputs and results), so that
/// tests/js/claims.test.mjs runs the same scenarios through wasm and
/// `recorded_scenarios_are_current` keeps the files honest.
fn record(kind: &str, inputs: Value, result: &PaymentStatusResult) {
    thread_local!(static CALLS: std::cell::RefCell<Vec<Value>> = const { std::cell::RefCell::new(Vec::new()) });
    if std::env::var_os("RECORD_CLAIMS").is_none() {
        return;
    }
    let test = std::thread::current().name().unwrap_or("main").replace("::", "-");
    let result = enroll_engine::privacy::to_value(result).unwrap();
    let entry = json!({ "kind": kind, "inputs": inputs, "result": result });
    let calls = CALLS.with(|c| {
        c.borrow_mut().push(entry);
        Value::Array(c.borrow().clone())
    });
    std::fs::create_dir_all(path("../../golden/claims")).unwrap();
    // One call per line: compact, and still a readable diff.
    let lines: Vec<String> = calls.as_array().unwrap().iter().map(Value::to_string).collect();
    let text = format!("[\n{}\n]\n", lines.join(",\n"));
    std::fs::write(path(&format!("../../golden/claims/{test}.json")), text).unwrap();
}

fn plan(claim: &Value, enrollment: &Value, options: &Value) -> PlanResult {
    let r =
        plan_payment_status_requests_str(&claim.to_string(), &enrollment.to_string(), &options.to_string());
    record("plan", json!([claim, enrollment, options]), &r);
    r
}

fn apply(claim: &Value, enrollment: &Value, responses: &Value, options: &Value) -> ApplyResult {
    let r = apply_payment_status_str(
        &claim.to_string(),
        &enrollment.to_string(),
        &responses.to_string(),
        &catalogue().to_string(),
        &options.to_string(),
    );
    record(
        "apply",
        json!([claim, enrollment, responses, catalogue(), options]),
        &r,
    );
    r
}

#[test]
fn recorded_scenarios_are_current() {
    if std::env::var_os("RECORD_CLAIMS").is_some() {
        return; // being rewritten by the other tests right now
    }
    let dir = path("../../golden/claims");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let calls: Value =
            serde_json::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        for call in calls.as_array().unwrap() {
            let args: Vec<String> = call["inputs"]
                .as_array()
                .unwrap()
                .iter()
                .map(Value::to_string)
                .collect();
            let got = match call["kind"].as_str().unwrap() {
                "plan" => plan_payment_status_requests_str(&args[0], &args[1], &args[2]),
                _ => apply_payment_status_str(&args[0], &args[1], &args[2], &args[3], &args[4]),
            };
            assert_eq!(
                serde_json::to_value(got).unwrap(),
                call["result"],
                "stale: RECORD_CLAIMS=1 cargo test --test claims"
            );
        }
        files += 1;
    }
    assert!(files >= 20, "only {files} recorded scenarios");
}

fn summary(r: &PaymentStatusResult) -> &PaymentStatusSummary {
    assert!(r.valid, "{:#?}", r.issues);
    r.summary.as_ref().unwrap()
}

fn line<'c>(r: &'c PaymentStatusResult, id: &str) -> &'c ClaimLine {
    let claim = r.claim.as_ref().unwrap();
    claim.lines.iter().find(|l| l.id == id).unwrap()
}

/// `(code, origin, product_code, text)` of a line's messages.
fn msgs(l: &ClaimLine) -> Vec<(String, String, Option<String>, String)> {
    l.messages
        .iter()
        .map(|m| {
            (
                m.code.clone(),
                m.origin.clone(),
                m.product_code.clone(),
                m.text.clone(),
            )
        })
        .collect()
}

fn ps(code: &str, product: Option<&str>, text: &str) -> (String, String, Option<String>, String) {
    (
        code.into(),
        "PAYMENT STATUS".into(),
        product.map(Into::into),
        text.into(),
    )
}

/// `(type, code)` of each request's entity.
fn requested(r: &PaymentStatusResult) -> Vec<String> {
    r.requests.iter().map(|q| q.serviced_entity.to_string()).collect()
}

/// `(entity, skip reason)` of each entity.
fn skips(r: &PaymentStatusResult) -> Vec<(String, Option<SkipReason>)> {
    summary(r)
        .entities
        .iter()
        .map(|e| (e.serviced_entity.to_string(), e.skip.as_ref().map(|s| s.reason)))
        .collect()
}

/// `(code, path, document)` of each issue.
fn found<'a>(issues: impl IntoIterator<Item = &'a enroll_engine::Issue>) -> Vec<(String, String, String)> {
    issues
        .into_iter()
        .map(|i| {
            let d = i.params.get("document").and_then(Value::as_str).unwrap_or("?");
            (i.code.clone(), i.path.clone(), d.to_owned())
        })
        .collect()
}

fn f(code: &str, path: &str, document: &str) -> (String, String, String) {
    (code.into(), path.into(), document.into())
}

const P100: &str = "person P-100";
const P200: &str = "person P-200";
const CHAIR: &str = "object OBJ-WHEELCHAIR-7";

// ---- planning ------------------------------------------------------------------

#[test]
fn one_request_per_distinct_entity_with_claim_period_and_policy_products() {
    let r = plan(&claim(), &enrollment(), &options());
    let s = summary(&r);
    assert!(r.issues.is_empty(), "{:#?}", r.issues);
    assert_eq!(s.status, Status::AwaitingResponses);
    assert_eq!(s.next_step, NextStep::AwaitPaymentStatus);
    let reqs = serde_json::to_value(&r.requests).unwrap();
    assert_eq!(
        reqs,
        json!([
            { "serviced_entity": { "type": "person", "code": "P-100" },
              "start_date": "2026-02-15", "end_date": "2026-03-20",
              "products": [
                { "code": "DENTAL-PPO", "start_date": "2026-01-01", "end_date": null },
                { "code": "VISION-BASIC", "start_date": "2026-01-01", "end_date": "2026-03-05" } ] },
            { "serviced_entity": { "type": "person", "code": "P-200" },
              "start_date": "2026-02-15", "end_date": "2026-03-20",
              "products": [ { "code": "DENTAL-PPO", "start_date": "2025-01-01", "end_date": null } ] },
            { "serviced_entity": { "type": "object", "code": "OBJ-WHEELCHAIR-7" },
              "start_date": "2026-02-15", "end_date": "2026-03-20",
              "products": [ { "code": "DME-RENTAL", "start_date": "2026-03-01", "end_date": "2026-12-31" } ] }
        ])
    );
    let lines: Vec<(String, Vec<String>)> = s
        .entities
        .iter()
        .map(|e| (e.serviced_entity.to_string(), e.line_ids.clone()))
        .collect();
    assert_eq!(
        lines,
        [
            (P100.to_owned(), vec!["L1".to_owned(), "L2".to_owned()]),
            (P200.to_owned(), vec!["L3".to_owned()]),
            (CHAIR.to_owned(), vec!["L4".to_owned()]),
        ]
    );
    assert_eq!(s.deadline.unwrap().to_string(), "2026-04-01T11:00:00Z");
    assert_eq!(s.counts.requests, 3);
    assert_eq!(s.counts.skipped, 0);
}

/// `(start, end)` of the plan's claim period, and whether it was derived.
fn period(r: &PaymentStatusResult) -> (String, String, bool) {
    let p = summary(r).period.unwrap();
    (p.start_date.to_string(), p.end_date.to_string(), p.derived)
}

/// `(start, end)` of every request.
fn request_dates(r: &PaymentStatusResult) -> Vec<(String, String)> {
    r.requests
        .iter()
        .map(|q| (q.start_date.to_string(), q.end_date.to_string()))
        .collect()
}

fn dates(start: &str, end: &str) -> (String, String) {
    (start.into(), end.into())
}

/// The explanation's claim period entry.
fn period_explained(r: &PaymentStatusResult) -> String {
    let s = summary(r);
    let e = s.explanation.iter().find(|e| e.starts_with("Claim period "));
    e.cloned().unwrap_or_default()
}

#[test]
fn claim_period_is_derived_from_all_lines_when_absent_and_stored_dates_win() {
    // Seed 003: the claim's dates bound all service dates of its lines, so
    // L6 (replaced, 2026-02-15) and L5 (locked, 2026-02-20) widen it too.
    let r = plan(&claim(), &enrollment(), &Value::Null);
    assert_eq!(period(&r), ("2026-02-15".into(), "2026-03-20".into(), true));
    assert_eq!(request_dates(&r), vec![dates("2026-02-15", "2026-03-20"); 3]);
    assert_eq!(
        period_explained(&r),
        "Claim period 2026-02-15 to 2026-03-20 (derived from the service dates of all the claim's lines)."
    );
    assert!(r.issues.is_empty(), "{:#?}", r.issues);
    assert_eq!(r.claim.as_ref().unwrap().start_date, None, "not written back");

    let mut stored = claim();
    stored["start_date"] = json!("2026-02-01");
    stored["end_date"] = json!("2026-03-31");
    let r = plan(&stored, &enrollment(), &Value::Null);
    assert_eq!(period(&r), ("2026-02-01".into(), "2026-03-31".into(), false));
    assert_eq!(request_dates(&r), vec![dates("2026-02-01", "2026-03-31"); 3]);
    assert_eq!(
        period_explained(&r),
        "Claim period 2026-02-01 to 2026-03-31 (as stored on the claim)."
    );
    assert!(r.issues.is_empty(), "{:#?}", r.issues);

    // Only one stored: the other is derived.
    let mut one = claim();
    one["end_date"] = json!("2026-03-25");
    let r = plan(&one, &enrollment(), &Value::Null);
    assert_eq!(period(&r), ("2026-02-15".into(), "2026-03-25".into(), true));
    assert_eq!(
        period_explained(&r),
        "Claim period 2026-02-15 to 2026-03-25 (start derived from the service dates of all the claim's lines, end as stored on the claim)."
    );
    assert!(r.issues.is_empty(), "{:#?}", r.issues);
}

#[test]
fn the_derived_period_bounds_locked_and_replaced_lines_at_both_ends() {
    // Without L6 the earliest is the locked L5 (2026-02-20); a locked line
    // ending last sets the end.
    let c = without(claim(), "/lines/5");
    let c = with(c, "/lines/4/end_date", json!("2026-03-31"));
    let r = plan(&c, &enrollment(), &options());
    assert_eq!(period(&r), ("2026-02-20".into(), "2026-03-31".into(), true));
    assert_eq!(request_dates(&r), vec![dates("2026-02-20", "2026-03-31"); 3]);
    // A replaced line ending last, the stored start kept.
    let c = with(claim(), "/lines/5/end_date", json!("2026-04-02"));
    let c = set(c, "start_date", json!("2026-02-15"));
    let r = plan(&c, &enrollment(), &options());
    assert_eq!(period(&r), ("2026-02-15".into(), "2026-04-02".into(), true));
    assert!(r.issues.is_empty(), "{:#?}", r.issues);
    // A claim whose every line is ignored still has its period; nothing is sent.
    let mut c = claim();
    for i in 0..4 {
        c = with(c, &format!("/lines/{i}/locked"), json!(true));
    }
    let r = plan(&c, &enrollment(), &options());
    assert_eq!(period(&r), ("2026-02-15".into(), "2026-03-20".into(), true));
    assert!(r.requests.is_empty());
    assert_eq!(summary(&r).status, Status::NoRequests);
}

/// `(code, path, severity, params)` of each issue.
fn detailed(r: &PaymentStatusResult) -> Vec<(String, String, Severity, Value)> {
    r.issues
        .iter()
        .map(|i| {
            let p = Value::Object(i.params.clone());
            (i.code.clone(), i.path.clone(), i.severity, p)
        })
        .collect()
}

fn excludes(path: &str, params: Value) -> (String, String, Severity, Value) {
    (
        "claim_period_excludes_lines".into(),
        path.into(),
        Severity::Warning,
        params,
    )
}

#[test]
fn stored_dates_that_leave_lines_outside_are_warned_and_still_used() {
    // The outside review's case: L4, the wheelchair's only line, is
    // 03-15..03-20, after the stored end.
    let c = set(claim(), "start_date", json!("2026-03-10"));
    let c = set(c, "end_date", json!("2026-03-12"));
    let r = plan(&c, &enrollment(), &options());
    assert!(r.valid);
    assert_eq!(
        detailed(&r),
        [
            excludes(
                "/start_date",
                json!({ "field": "start_date", "date": "2026-03-10", "count": 4,
                        "line": "/lines/5", "line_date": "2026-02-15", "document": "claim" })
            ),
            excludes(
                "/end_date",
                json!({ "field": "end_date", "date": "2026-03-12", "count": 1,
                        "line": "/lines/3", "line_date": "2026-03-20", "document": "claim" })
            ),
        ]
    );
    assert_eq!(
        r.issues[0].message,
        "The claim's start_date 2026-03-10 does not bound the service dates of 4 line(s); the farthest is the line at /lines/5, start_date 2026-02-15. The payment status requests still use 2026-03-10."
    );
    assert_eq!(
        r.issues[1].message,
        "The claim's end_date 2026-03-12 does not bound the service dates of 1 line(s); the farthest is the line at /lines/3, end_date 2026-03-20. The payment status requests still use 2026-03-12."
    );
    // The seed: the request's dates equal the claim's, as stored.
    assert_eq!(period(&r), ("2026-03-10".into(), "2026-03-12".into(), false));
    assert_eq!(requested(&r), [P100, P200, CHAIR]);
    assert_eq!(request_dates(&r), vec![dates("2026-03-10", "2026-03-12"); 3]);
    assert_eq!(
        period_explained(&r),
        "Claim period 2026-03-10 to 2026-03-12 (as stored on the claim; some line's service dates fall outside it, and the requests still use it)."
    );

    // The typed entry point and the other functions reading the claim say the same.
    let typed: Claim = serde_json::from_value(c.clone()).unwrap();
    let e: EnrollmentResponse = serde_json::from_value(enrollment()).unwrap();
    let o = PaymentStatusOptions::default();
    assert_eq!(plan_payment_status_requests(&typed, &e, &o).issues, r.issues);
    let a = apply(&c, &enrollment(), &responses(), &options());
    assert!(a.valid);
    assert_eq!(a.issues, r.issues);
    let b: Benefits = serde_json::from_str(&text("benefits.json")).unwrap();
    assert_eq!(apply_benefit_filter(&typed, &b).issues, r.issues);
}

#[test]
fn only_a_stored_date_is_checked_and_the_first_of_equally_far_lines_is_named() {
    // The end derived (so bounding), the stored start after L5 and L6, both
    // on 2026-02-15: L5 (/lines/4) comes first. Equal dates are inside.
    let c = with(claim(), "/lines/4/start_date", json!("2026-02-15"));
    let c = set(c, "start_date", json!("2026-03-01"));
    let r = plan(&c, &enrollment(), &options());
    assert_eq!(
        detailed(&r),
        [excludes(
            "/start_date",
            json!({ "field": "start_date", "date": "2026-03-01", "count": 2,
                    "line": "/lines/4", "line_date": "2026-02-15", "document": "claim" })
        )]
    );
    assert_eq!(period(&r), ("2026-03-01".into(), "2026-03-20".into(), true));
    assert_eq!(
        period_explained(&r),
        "Claim period 2026-03-01 to 2026-03-20 (start as stored on the claim, end derived from the service dates of all its lines; some line's service dates fall outside it, and the requests still use it)."
    );
    // Stored exactly on the lines' extremes: no issue.
    let c = set(claim(), "start_date", json!("2026-02-15"));
    let c = set(c, "end_date", json!("2026-03-20"));
    let r = plan(&c, &enrollment(), &options());
    assert!(r.issues.is_empty(), "{:#?}", r.issues);
}

#[test]
fn the_period_warning_names_lines_by_pointer_never_by_their_ids() {
    // A line id is free text; an SSN typed into one must not reach the issue.
    let c = with(claim(), "/lines/3/id", json!("219-45-3876"));
    let c = set(c, "end_date", json!("2026-03-12"));
    // Not recorded: the recording is masked, the native claim echoed is not.
    let r =
        plan_payment_status_requests_str(&c.to_string(), &enrollment().to_string(), &options().to_string());
    assert_eq!(
        found(&r.issues),
        [f("claim_period_excludes_lines", "/end_date", "claim")]
    );
    assert_eq!(r.issues[0].params["line"], "/lines/3");
    let issues = serde_json::to_string(&r.issues).unwrap();
    assert!(!issues.contains("3876"), "{issues}");
}

#[test]
fn locked_and_replaced_lines_are_ignored() {
    let r = plan(&claim(), &enrollment(), &options());
    let s = summary(&r);
    let ignored: Vec<(String, IgnoreReason)> = s
        .ignored_lines
        .iter()
        .map(|l| (l.line_id.clone(), l.reason))
        .collect();
    assert_eq!(
        ignored,
        [
            ("L5".into(), IgnoreReason::Locked),
            ("L6".into(), IgnoreReason::Replaced)
        ]
    );
    // An entity whose only lines are locked or replaced gets no request at all.
    let c = with(claim(), "/lines/2/locked", json!(true)); // L3: P-200's only considered line
    let r = plan(&c, &enrollment(), &options());
    assert_eq!(requested(&r), [P100, CHAIR]);
    assert!(summary(&r)
        .entities
        .iter()
        .all(|e| e.serviced_entity.code != "P-200"));
}

#[test]
fn a_locked_line_gets_nothing_and_keeps_its_old_messages() {
    let r = apply(&claim(), &enrollment(), &responses(), &options());
    assert_eq!(summary(&r).status, Status::Processed);
    // L5 is P-100's, dated 2026-02-20 inside DENTAL-PPO's open period: still nothing new.
    assert_eq!(
        msgs(line(&r, "L5")),
        [ps(
            "GRACE-PERIOD",
            Some("VISION-BASIC"),
            "In grace period until 2026-02-28."
        )]
    );
    assert_eq!(msgs(line(&r, "L6")), []);
    assert!(summary(&r).attached.iter().all(|n| n.id != "L5" && n.id != "L6"));
}

#[test]
fn previous_payment_status_messages_are_removed_first() {
    let r = plan(&claim(), &enrollment(), &options());
    let s = summary(&r);
    let removed: Vec<(String, String, Option<String>)> = s
        .removed
        .iter()
        .map(|n| (n.id.clone(), n.code.clone(), n.product_code.clone()))
        .collect();
    assert_eq!(
        removed,
        [("L1".into(), "PREMIUM-ARREARS".into(), Some("DENTAL-PPO".into()))]
    );
    assert_eq!(msgs(line(&r, "L1")), []);
    // Other origins stay.
    assert_eq!(
        msgs(line(&r, "L2")),
        [(
            "SAN-017".into(),
            "SANITY CHECKS".into(),
            None,
            "The provider address was normalised.".into()
        )]
    );
    // Bills and the claim keep a PAYMENT STATUS message: only lines are cleaned.
    let m =
        json!({ "code": "MANUAL", "severity": "informative", "origin": "PAYMENT STATUS", "text": "note" });
    let c = push(push(claim(), "/messages", m.clone()), "/bills/0/messages", m);
    let r = plan(&c, &enrollment(), &options());
    let out = r.claim.as_ref().unwrap();
    assert_eq!(out.messages.len(), 1);
    assert_eq!(out.bills[0].messages.len(), 1);
}

#[test]
fn a_rerun_removes_the_old_messages_and_gives_the_same_claim() {
    let first = apply(&claim(), &enrollment(), &responses(), &options());
    // The old L1 message (since 2026-01-01) is gone; the new one says 2026-02-01.
    assert_eq!(
        msgs(line(&first, "L1")),
        [
            ps(
                "PREMIUM-ARREARS",
                Some("DENTAL-PPO"),
                "Premium unpaid since 2026-02-01."
            ),
            ps(
                "GRACE-PERIOD",
                Some("VISION-BASIC"),
                "In grace period until 2026-03-31."
            ),
        ]
    );
    let again_in = serde_json::to_value(first.claim.as_ref().unwrap()).unwrap();
    let second = apply(&again_in, &enrollment(), &responses(), &options());
    assert_eq!(second.claim, first.claim);
    assert_eq!(summary(&second).counts.removed, 5);
    assert_eq!(summary(&second).counts.attached, 5);
    // A re-run whose response has no messages leaves the lines clean.
    let quiet = json!([
        { "serviced_entity": { "type": "person", "code": "P-100" }, "products": [] },
        { "serviced_entity": { "type": "person", "code": "P-200" }, "products": [] },
        { "serviced_entity": { "type": "object", "code": "OBJ-WHEELCHAIR-7" }, "products": [] }
    ]);
    let third = apply(&again_in, &enrollment(), &quiet, &options());
    for id in ["L1", "L3", "L4"] {
        assert_eq!(msgs(line(&third, id)), [], "{id}");
    }
    assert_eq!(msgs(line(&third, "L2")).len(), 1, "SAN-017 stays");
}

#[test]
fn disabled_integration_sends_nothing_and_moves_on_to_pre_benefits_checks() {
    let o = json!({ "enabled": false });
    let r = plan(&claim(), &enrollment(), &o);
    let s = summary(&r);
    assert!(r.requests.is_empty());
    assert_eq!(s.status, Status::Disabled);
    assert_eq!(s.next_step, NextStep::PreBenefitsChecks);
    assert!(s.entities.is_empty());
    assert_eq!(s.counts.removed, 1, "removal still happens");
    // apply needs no timing when disabled; responses are then unexpected.
    let r = apply(&claim(), &enrollment(), &responses(), &o);
    let s = summary(&r);
    assert_eq!(s.status, Status::Disabled);
    assert!(s.attached.is_empty());
    assert_eq!(
        found(&r.issues),
        [
            f("response_not_requested", "/0/serviced_entity", "responses"),
            f("response_not_requested", "/1/serviced_entity", "responses"),
            f("response_not_requested", "/2/serviced_entity", "responses"),
        ]
    );
    assert_eq!(r.issues[0].severity, Severity::Warning);
    assert_eq!(
        r.issues[0].message,
        "No payment status request was sent for person P-100; this response is ignored."
    );
}

#[test]
fn a_claim_level_fatal_sanity_or_enrollment_message_stops_every_request() {
    for origin in ["SANITY CHECKS", "ENROLLMENT"] {
        let c = push(claim(), "/messages", fatal("SAN-001", origin));
        let r = plan(&c, &enrollment(), &options());
        assert!(r.requests.is_empty(), "{origin}");
        let s = summary(&r);
        assert_eq!(s.status, Status::NoRequests);
        assert_eq!(s.next_step, NextStep::PreBenefitsChecks);
        assert_eq!(
            skips(&r),
            [
                (P100.to_owned(), Some(SkipReason::ClaimFatalMessage)),
                (P200.to_owned(), Some(SkipReason::ClaimFatalMessage)),
                (CHAIR.to_owned(), Some(SkipReason::ClaimFatalMessage)),
            ]
        );
        let skip = s.entities[0].skip.as_ref().unwrap();
        assert_eq!(
            skip.text,
            format!("The claim carries fatal message SAN-001 of origin {origin}: no payment status request is sent for any person or object.")
        );
        assert_eq!(skip.causes[0].on, Location::Claim);
        assert_eq!(skip.causes[0].id, "CLM-2026-0001");
    }
    // Near misses: informative, or another origin.
    let mut info = fatal("SAN-002", "SANITY CHECKS");
    info["severity"] = json!("informative");
    for m in [info, fatal("PRC-001", "PRICING")] {
        let r = plan(&push(claim(), "/messages", m), &enrollment(), &options());
        assert_eq!(r.requests.len(), 3);
    }
}

#[test]
fn two_persons_where_only_one_is_skipped() {
    // Both of P-100's lines carry a product-independent fatal message.
    let c = push(claim(), "/lines/0/messages", fatal("ENR-004", "ENROLLMENT"));
    let c = push(c, "/lines/1/messages", fatal("SAN-009", "SANITY CHECKS"));
    let r = plan(&c, &enrollment(), &options());
    assert_eq!(requested(&r), [P200, CHAIR]);
    assert_eq!(
        skips(&r),
        [
            (P100.to_owned(), Some(SkipReason::AllLinesFatal)),
            (P200.to_owned(), None),
            (CHAIR.to_owned(), None),
        ]
    );
    let skip = summary(&r).entities[0].skip.as_ref().unwrap();
    assert_eq!(
        skip.text,
        "Every claim line of person P-100 carries a product-independent fatal message of origin SANITY CHECKS or ENROLLMENT (on the line or its bill)."
    );
    let causes: Vec<(Location, String, String)> = skip
        .causes
        .iter()
        .map(|n| (n.on, n.id.clone(), n.code.clone()))
        .collect();
    assert_eq!(
        causes,
        [
            (Location::Line, "L1".into(), "ENR-004".into()),
            (Location::Line, "L2".into(), "SAN-009".into())
        ]
    );
    // Near misses: one line only; or product-specific.
    let one = push(claim(), "/lines/0/messages", fatal("ENR-004", "ENROLLMENT"));
    assert_eq!(
        requested(&plan(&one, &enrollment(), &options())),
        [P100, P200, CHAIR]
    );
    let mut specific = fatal("ENR-005", "ENROLLMENT");
    specific["product_code"] = json!("DENTAL-PPO");
    let c = push(one, "/lines/1/messages", specific);
    assert_eq!(
        requested(&plan(&c, &enrollment(), &options())),
        [P100, P200, CHAIR]
    );
}

#[test]
fn a_bill_level_fatal_message_counts_for_its_lines() {
    // B2 carries L3 (P-200) and L4 (the wheelchair); L6 (replaced) does not count.
    let c = push(claim(), "/bills/1/messages", fatal("SAN-030", "SANITY CHECKS"));
    let r = plan(&c, &enrollment(), &options());
    assert_eq!(requested(&r), [P100]);
    assert_eq!(
        skips(&r),
        [
            (P100.to_owned(), None),
            (P200.to_owned(), Some(SkipReason::AllLinesFatal)),
            (CHAIR.to_owned(), Some(SkipReason::AllLinesFatal)),
        ]
    );
    let cause = &summary(&r).entities[1].skip.as_ref().unwrap().causes[0];
    assert_eq!(
        (cause.on, cause.id.as_str(), cause.code.as_str()),
        (Location::Bill, "B2", "SAN-030")
    );
    // A bill message on one of P-100's two bills-lines is not enough: L1 and L2 are both on B1,
    // so a B1 message skips P-100 too.
    let c = push(claim(), "/bills/0/messages", fatal("SAN-031", "ENROLLMENT"));
    assert_eq!(requested(&plan(&c, &enrollment(), &options())), [P200, CHAIR]);
}

#[test]
fn an_entity_with_no_product_enrollments_gets_no_request() {
    let e = without(enrollment(), "/entities/2");
    let r = plan(&claim(), &e, &options());
    assert_eq!(requested(&r), [P100, P200]);
    let s = summary(&r);
    assert_eq!(
        s.entities[2].skip.as_ref().unwrap().reason,
        SkipReason::NoProductEnrollments
    );
    assert_eq!(
        s.entities[2].skip.as_ref().unwrap().text,
        "No product enrollments are stored for object OBJ-WHEELCHAIR-7."
    );
    // Listed with an empty product list: the same.
    let e = with(enrollment(), "/entities/1/products", json!([]));
    let r = plan(&claim(), &e, &options());
    assert_eq!(requested(&r), [P100, CHAIR]);
    // Entity type matters: a *person* OBJ-WHEELCHAIR-7 is not the object.
    let e = with(enrollment(), "/entities/2/serviced_entity/type", json!("person"));
    assert_eq!(requested(&plan(&claim(), &e, &options())), [P100, P200]);
}

// ---- waiting -------------------------------------------------------------------

#[test]
fn with_responses_missing_before_the_deadline_the_claim_keeps_waiting() {
    let two = without(responses(), "/2");
    let r = apply(&claim(), &enrollment(), &two, &options());
    let s = summary(&r);
    assert_eq!(s.status, Status::AwaitingResponses);
    assert_eq!(s.next_step, NextStep::AwaitPaymentStatus);
    let outcomes: Vec<Option<ResponseOutcome>> = s.entities.iter().map(|e| e.response).collect();
    assert_eq!(
        outcomes,
        [
            Some(ResponseOutcome::Received),
            Some(ResponseOutcome::Received),
            Some(ResponseOutcome::Missing)
        ]
    );
    assert!(s.attached.is_empty());
    assert_eq!(msgs(line(&r, "L1")), [], "removed, nothing attached yet");
    assert!(s.technical_error.is_none());
    assert_eq!(
        s.explanation.last().unwrap(),
        "Still awaiting payment status response(s) for object OBJ-WHEELCHAIR-7 until 2026-04-01T11:00:00Z."
    );
}

#[test]
fn expiry_with_one_response_missing_pends_with_a_technical_error() {
    let two = without(responses(), "/2");
    let late = with(options(), "/now", json!("2026-04-01T11:00:00Z")); // exactly the deadline
    let r = apply(&claim(), &enrollment(), &two, &late);
    let s = summary(&r);
    assert_eq!(s.status, Status::TimedOut);
    assert_eq!(s.next_step, NextStep::ViewTechnicalErrors);
    let t = s.technical_error.as_ref().unwrap();
    assert_eq!(t.code, "CLA-IP-PMSS-900");
    assert_eq!(
        t.message,
        "No payment status response was received for object OBJ-WHEELCHAIR-7 within 3600 seconds of 2026-04-01T10:00:00Z."
    );
    assert_eq!(t.missing.len(), 1);
    assert_eq!(t.deadline.to_string(), "2026-04-01T11:00:00Z");
    assert!(
        s.attached.is_empty(),
        "nothing is attached from the responses that did arrive"
    );
    assert_eq!(msgs(line(&r, "L3")), []);
    // One second earlier: still waiting.
    let before = with(options(), "/now", json!("2026-04-01T10:59:59Z"));
    let r = apply(&claim(), &enrollment(), &two, &before);
    assert_eq!(summary(&r).status, Status::AwaitingResponses);
    // All responses in after the deadline: processed all the same.
    let r = apply(&claim(), &enrollment(), &responses(), &late);
    assert_eq!(summary(&r).status, Status::Processed);
}

// ---- receiving -----------------------------------------------------------------

#[test]
fn product_messages_go_on_the_overlapping_considered_lines_only() {
    let r = apply(&claim(), &enrollment(), &responses(), &options());
    let s = summary(&r);
    assert!(r.issues.is_empty(), "{:#?}", r.issues);
    assert_eq!(s.status, Status::Processed);
    assert_eq!(s.next_step, NextStep::PreBenefitsChecks);
    // DENTAL-PPO is open-ended: L1 (03-01) and L2 (03-10..12). VISION-BASIC ends 03-05: L1 only.
    assert_eq!(
        msgs(line(&r, "L1")),
        [
            ps(
                "PREMIUM-ARREARS",
                Some("DENTAL-PPO"),
                "Premium unpaid since 2026-02-01."
            ),
            ps(
                "GRACE-PERIOD",
                Some("VISION-BASIC"),
                "In grace period until 2026-03-31."
            ),
        ]
    );
    assert_eq!(
        msgs(line(&r, "L2")),
        [
            (
                "SAN-017".into(),
                "SANITY CHECKS".into(),
                None,
                "The provider address was normalised.".into()
            ),
            ps(
                "PREMIUM-ARREARS",
                Some("DENTAL-PPO"),
                "Premium unpaid since 2026-02-01."
            ),
        ]
    );
    // P-200: the DENTAL-PPO period to 03-09 overlaps L3 (03-05); the one from 03-10 does not.
    assert_eq!(
        msgs(line(&r, "L3")),
        [ps(
            "PAID-IN-FULL",
            Some("DENTAL-PPO"),
            "Premiums are paid in full."
        )]
    );
    assert_eq!(
        msgs(line(&r, "L4")),
        [ps(
            "RENTAL-SUSPENDED",
            Some("DME-RENTAL"),
            "Rental payments suspended since 2026-03-18."
        )]
    );
    // Severity from the catalogue, parameters kept.
    let m = &line(&r, "L1").messages[1];
    assert_eq!(m.severity, MessageSeverity::Informative);
    assert_eq!(
        m.parameters,
        *json!({ "until": "2026-03-31" }).as_object().unwrap()
    );
    assert_eq!(line(&r, "L1").messages[0].severity, MessageSeverity::Fatal);
    // What was not stored, and why.
    let not: Vec<(String, String, String, NotStoredReason)> = s
        .not_stored
        .iter()
        .map(|n| {
            (
                n.serviced_entity.to_string(),
                n.product_code.clone(),
                n.code.clone(),
                n.reason,
            )
        })
        .collect();
    assert_eq!(
        not,
        [
            (
                P100.into(),
                "MEDICAL-HMO".into(),
                "PREMIUM-ARREARS".into(),
                NotStoredReason::ProductNotInPolicy
            ),
            (
                P200.into(),
                "DENTAL-PPO".into(),
                "PREMIUM-ARREARS".into(),
                NotStoredReason::NoOverlappingLine
            ),
        ]
    );
    assert_eq!(s.counts.attached, 5);
    assert_eq!(s.counts.not_stored, 2);
    let outcomes: Vec<Option<ResponseOutcome>> = s.entities.iter().map(|e| e.response).collect();
    assert_eq!(outcomes, [Some(ResponseOutcome::Processed); 3]);
}

#[test]
fn an_open_ended_product_reaches_every_later_line() {
    // The wheelchair's product without end date reaches a line in 2030.
    let c = with(claim(), "/lines/3/end_date", json!("2030-01-31"));
    let rs = with(responses(), "/2/products/0/end_date", Value::Null);
    let r = apply(&c, &enrollment(), &rs, &options());
    assert_eq!(msgs(line(&r, "L4")).len(), 1);
    // With the product's end before the line starts: nothing.
    let rs = with(responses(), "/2/products/0/end_date", json!("2026-03-14"));
    let r = apply(&claim(), &enrollment(), &rs, &options());
    assert_eq!(msgs(line(&r, "L4")), []);
    assert_eq!(
        summary(&r).not_stored[2].reason,
        NotStoredReason::NoOverlappingLine
    );
    // Touching on the first day counts (inclusive).
    let rs = with(responses(), "/2/products/0/end_date", json!("2026-03-15"));
    let r = apply(&claim(), &enrollment(), &rs, &options());
    assert_eq!(msgs(line(&r, "L4")).len(), 1);
}

#[test]
fn messages_of_a_product_outside_the_policy_list_are_not_stored() {
    // MEDICAL-HMO is known to the catalogue but not among P-100's policy products.
    let r = apply(&claim(), &enrollment(), &responses(), &options());
    assert!(line(&r, "L1")
        .messages
        .iter()
        .all(|m| m.product_code.as_deref() != Some("MEDICAL-HMO")));
    assert!(line(&r, "L2")
        .messages
        .iter()
        .all(|m| m.product_code.as_deref() != Some("MEDICAL-HMO")));
    // Dropping VISION-BASIC from the policy list drops its message from L1 too.
    let e = without(enrollment(), "/entities/0/products/1");
    let r = apply(&claim(), &e, &responses(), &options());
    assert_eq!(
        msgs(line(&r, "L1")),
        [ps(
            "PREMIUM-ARREARS",
            Some("DENTAL-PPO"),
            "Premium unpaid since 2026-02-01."
        )]
    );
}

#[test]
fn unknown_product_and_message_codes_give_both_pmss_codes_on_every_line_of_the_entity() {
    let rs = with(responses(), "/0/products/2/code", json!("ORTHO-X"));
    let rs = with(rs, "/0/products/0/messages/0/code", json!("BOGUS-7"));
    let rs = push(rs, "/0/products/1/messages", json!({ "code": "BOGUS-7" })); // once per code
    let r = apply(&claim(), &enrollment(), &rs, &options());
    let s = summary(&r);
    let pmss = [
        ps("CLA-IP-PMSS-001", None, "The product code ORTHO-X is unknown."),
        ps("CLA-IP-PMSS-002", None, "The message code BOGUS-7 is unknown."),
    ];
    assert_eq!(msgs(line(&r, "L1")), pmss);
    let mut l2 = msgs(line(&r, "L2"));
    assert_eq!(l2.remove(0).0, "SAN-017");
    assert_eq!(l2, pmss);
    let l1 = &line(&r, "L1").messages;
    assert!(l1.iter().all(|m| m.severity == MessageSeverity::Fatal));
    assert_eq!(
        l1[0].parameters,
        *json!({ "code": "ORTHO-X" }).as_object().unwrap()
    );
    // Locked L5 gets nothing; the other entities are processed as usual.
    assert_eq!(msgs(line(&r, "L5")).len(), 1);
    assert_eq!(msgs(line(&r, "L3")).len(), 1);
    assert_eq!(msgs(line(&r, "L4")).len(), 1);
    assert_eq!(s.entities[0].response, Some(ResponseOutcome::Rejected));
    assert_eq!(s.entities[1].response, Some(ResponseOutcome::Processed));
    let rejected = s
        .not_stored
        .iter()
        .filter(|n| n.reason == NotStoredReason::ResponseRejected)
        .count();
    assert_eq!(rejected, 4, "every message of P-100's response");
    // Only an unknown message code: only 002.
    let rs = with(responses(), "/1/products/0/messages/0/code", json!("NOPE"));
    let r = apply(&claim(), &enrollment(), &rs, &options());
    assert_eq!(
        msgs(line(&r, "L3")),
        [ps("CLA-IP-PMSS-002", None, "The message code NOPE is unknown.")]
    );
}

#[test]
fn responses_nobody_asked_for_and_second_responses_are_ignored_with_warnings() {
    let extra = json!({ "serviced_entity": { "type": "person", "code": "P-999" }, "products": [] });
    let dup = responses()[0].clone();
    let rs = push(push(responses(), "", extra), "", dup);
    let r = apply(&claim(), &enrollment(), &rs, &options());
    assert_eq!(summary(&r).status, Status::Processed);
    assert_eq!(
        found(&r.issues),
        [
            f("response_not_requested", "/3/serviced_entity", "responses"),
            f("response_duplicate_entity", "/4/serviced_entity", "responses"),
        ]
    );
    assert_eq!(
        r.issues[1].message,
        "A payment status response for person P-100 was already received (at /0); this one is ignored."
    );
    assert_eq!(summary(&r).counts.attached, 5);
}

// ---- after benefits ------------------------------------------------------------

#[test]
fn after_benefits_only_the_providing_products_messages_stay() {
    let applied = apply(&claim(), &enrollment(), &responses(), &options());
    let c = serde_json::to_string(applied.claim.as_ref().unwrap()).unwrap();
    let r = apply_benefit_filter_str(&c, &text("benefits.json"));
    assert!(r.valid && r.issues.is_empty(), "{:#?}", r.issues);
    let out = r.claim.as_ref().unwrap();
    let l = |id: &str| msgs(out.lines.iter().find(|l| l.id == id).unwrap());
    // L1's benefit comes from VISION-BASIC: DENTAL-PPO's arrears message goes.
    assert_eq!(
        l("L1"),
        [ps(
            "GRACE-PERIOD",
            Some("VISION-BASIC"),
            "In grace period until 2026-03-31."
        )]
    );
    assert_eq!(l("L2").len(), 2, "SAN-017 and DENTAL-PPO's message");
    assert_eq!(
        l("L3"),
        [ps(
            "PAID-IN-FULL",
            Some("DENTAL-PPO"),
            "Premiums are paid in full."
        )]
    );
    // L4 is not listed: unchanged. L5 locked: unchanged.
    assert_eq!(l("L4").len(), 1);
    assert_eq!(l("L5").len(), 1);
    let s = r.summary.as_ref().unwrap();
    assert_eq!(s.unlisted_lines, ["L4"]);
    assert_eq!(
        s.counts,
        FilterCounts {
            kept: 3,
            discarded: 1
        }
    );
    let d = &s.discarded[0];
    assert_eq!(
        (d.id.as_str(), d.code.as_str(), d.product_code.as_deref()),
        ("L1", "PREMIUM-ARREARS", Some("DENTAL-PPO"))
    );
    assert_eq!(
        s.explanation[2],
        "Line L1: benefit provided by VISION-BASIC; 1 payment status message(s) kept, 1 discarded (PREMIUM-ARREARS of DENTAL-PPO)."
    );
    // An empty list: every product-specific one goes, product-independent ones stay.
    let rejected = {
        let rs = with(responses(), "/0/products/2/code", json!("ORTHO-X"));
        let a = apply(&claim(), &enrollment(), &rs, &options());
        serde_json::to_string(a.claim.as_ref().unwrap()).unwrap()
    };
    let none =
        json!({ "lines": [ { "line_id": "L1", "products": [] }, { "line_id": "L3", "products": [] } ] });
    let r = apply_benefit_filter_str(&rejected, &none.to_string());
    let out = r.claim.as_ref().unwrap();
    assert_eq!(
        msgs(&out.lines[0]),
        [ps(
            "CLA-IP-PMSS-001",
            None,
            "The product code ORTHO-X is unknown."
        )]
    );
    assert_eq!(msgs(&out.lines[2]), []);
    // An unknown line id is a warning.
    let r = apply_benefit_filter_str(&c, r#"{"lines": [{"line_id": "L9", "products": []}]}"#);
    assert_eq!(
        found(&r.issues),
        [f("benefit_unknown_line", "/lines/0/line_id", "benefits")]
    );
    assert!(r.valid);
}

// ---- malformed documents ---------------------------------------------------------

#[test]
fn wrong_type_at_a_lines_start_date_is_an_issue_at_its_pointer() {
    let c = with(claim(), "/lines/0/start_date", json!(20260301));
    let r = plan(&c, &enrollment(), &options());
    assert!(!r.valid);
    assert!(r.claim.is_none() && r.summary.is_none() && r.requests.is_empty());
    assert_eq!(
        found(&r.issues),
        [f("wrong_type", "/lines/0/start_date", "claim")]
    );
    assert_eq!(r.issues[0].message, "Expected string, found integer.");
    assert_eq!(r.issues[0].severity, Severity::Error);
}

#[test]
fn not_json_is_fatal_at_the_root_of_its_document() {
    let r = plan_payment_status_requests_str("{not json", &enrollment().to_string(), "");
    assert_eq!(found(&r.issues), [f("json_syntax", "", "claim")]);
    assert_eq!(r.issues[0].severity, Severity::Fatal);
    assert_eq!(
        r.issues[0].message,
        "The document is not valid JSON: key must be a string (line 1, column 2)."
    );
    // Problems in every input at once are all reported.
    let r = apply_payment_status_str("[]", "{}", "{}", "nope", "{\"now\": 5}");
    assert_eq!(
        found(&r.issues),
        [
            f("not_an_object", "", "claim"),
            f("missing_field", "/entities", "enrollment"),
            f("wrong_type", "", "responses"),
            f("json_syntax", "", "catalogue"),
            f("wrong_type", "/now", "options"),
        ]
    );
}

#[test]
fn a_missing_serviced_entity_is_an_issue_where_it_belongs() {
    let c = without(claim(), "/lines/3/serviced_entity");
    let r = plan(&c, &enrollment(), &options());
    assert_eq!(
        found(&r.issues),
        [f("missing_field", "/lines/3/serviced_entity", "claim")]
    );
    assert_eq!(r.issues[0].message, "Required field serviced_entity is missing.");
    let c = with(claim(), "/lines/1/serviced_entity/type", json!("animal"));
    let r = plan(&c, &enrollment(), &options());
    assert_eq!(
        found(&r.issues),
        [f("unknown_enum_value", "/lines/1/serviced_entity/type", "claim")]
    );
    let rs = without(responses(), "/1/serviced_entity");
    let r = apply(&claim(), &enrollment(), &rs, &options());
    assert_eq!(
        found(&r.issues),
        [f("missing_field", "/1/serviced_entity", "responses")]
    );
}

#[test]
fn bad_dates_ids_and_options_are_issues_with_pointers() {
    let c = with(claim(), "/lines/2/end_date", json!("2026-02-30"));
    let c = with(c, "/lines/3/start_date", json!("2026-3-15"));
    let c = with(c, "/lines/0/messages/0/severity", json!("warning"));
    let r = plan(&c, &enrollment(), &options());
    assert_eq!(
        found(&r.issues),
        [
            f("unknown_enum_value", "/lines/0/messages/0/severity", "claim"),
            f("impossible_date", "/lines/2/end_date", "claim"),
            f("invalid_date", "/lines/3/start_date", "claim"),
        ]
    );
    assert_eq!(
        r.issues[0].message,
        "\"warning\" is not an allowed value for severity."
    );
    // Consistency, once the structure is sound.
    let c = with(claim(), "/lines/1/end_date", json!("2026-03-09"));
    let c = with(c, "/lines/4/id", json!("L1"));
    let c = with(c, "/lines/5/bill_id", json!("B7"));
    let r = plan(&c, &enrollment(), &options());
    assert_eq!(
        found(&r.issues),
        [
            f("end_before_start", "/lines/1/end_date", "claim"),
            f("claim_duplicate_id", "/lines/4/id", "claim"),
            f("claim_unknown_bill", "/lines/5/bill_id", "claim"),
        ]
    );
    assert_eq!(
        r.issues[0].message,
        "The end date 2026-03-09 is before the start date 2026-03-10."
    );
    assert_eq!(
        r.issues[1].message,
        "Claim line id \"L1\" is already used at /lines/0."
    );
    assert_eq!(r.issues[2].severity, Severity::Warning);
    assert_eq!(r.issues[2].message, "No bill of the claim has id \"B7\".");

    let o =
        json!({ "now": "yesterday", "sent_at": "2026-04-01", "waiting_time_seconds": -1, "enable": true });
    let r = apply(&claim(), &enrollment(), &responses(), &o);
    assert_eq!(
        found(&r.issues),
        [
            f("unknown_option", "/enable", "options"),
            f("invalid_timestamp", "/now", "options"),
            f("invalid_timestamp", "/sent_at", "options"),
            f("out_of_range", "/waiting_time_seconds", "options"),
        ]
    );
    assert_eq!(
        r.issues[0].message,
        "Unknown option enable; the options are enabled, now, sent_at, waiting_time_seconds."
    );
    // apply needs the timing when enabled; plan does not.
    let r = apply(&claim(), &enrollment(), &responses(), &json!({}));
    assert_eq!(
        found(&r.issues),
        [
            f("missing_field", "/now", "options"),
            f("missing_field", "/sent_at", "options"),
            f("missing_field", "/waiting_time_seconds", "options"),
        ]
    );
    assert!(plan(&claim(), &enrollment(), &json!({})).valid);

    let e = push(enrollment(), "/entities", enrollment()["entities"][0].clone());
    let e = with(e, "/entities/1/products/0/end_date", json!("2024-12-31"));
    let r = plan(&claim(), &e, &options());
    assert_eq!(
        found(&r.issues),
        [
            f(
                "end_before_start",
                "/entities/1/products/0/end_date",
                "enrollment"
            ),
            f(
                "enrollment_duplicate_entity",
                "/entities/3/serviced_entity",
                "enrollment"
            ),
        ]
    );
}

#[test]
fn unknown_fields_are_kept_and_typos_warned() {
    let r = plan(&claim(), &enrollment(), &options());
    let out = serde_json::to_value(r.claim.as_ref().unwrap()).unwrap();
    assert_eq!(out["provider"]["code"], "PRV-9");
    assert_eq!(out["lines"][0]["procedure"], "D1110");
    let c = with(claim(), "/lines/0/locked", json!(false));
    let mut c = without(c, "/lines/4/locked");
    c["lines"][4]["lockd"] = json!(true);
    let r = plan(&c, &enrollment(), &options());
    assert_eq!(
        found(&r.issues),
        [f("unknown_field_typo", "/lines/4/lockd", "claim")]
    );
    assert!(r.valid);
}

#[test]
fn no_input_panics() {
    let garbage = [
        "",
        " ",
        "null",
        "0",
        "-1e999",
        "\"x\"",
        "[]",
        "[null]",
        "{}",
        "{\"lines\": {}}",
        "{\"lines\": [1, null, {}]}",
        "{\"entities\": [[]]}",
        "[{\"serviced_entity\": 3}]",
        "{\"products\": [1], \"messages\": [{}]}",
        "\u{feff}{}",
        "{\"a\":",
        &"[".repeat(200),
        "{\"id\": \"\", \"lines\": [{\"serviced_entity\": {\"type\": null}}]}",
    ];
    let good = [
        claim().to_string(),
        enrollment().to_string(),
        responses().to_string(),
        catalogue().to_string(),
        options().to_string(),
    ];
    for g in garbage {
        for k in 0..5 {
            let mut args: Vec<&str> = good.iter().map(String::as_str).collect();
            args[k] = g;
            let r = apply_payment_status_str(args[0], args[1], args[2], args[3], args[4]);
            // Only an empty response list is a valid input here (options
            // without timing are invalid for apply).
            assert_eq!(r.valid, k == 2 && g == "[]", "{k} {g:?}");
            let _ = plan_payment_status_requests_str(args[0], args[1], args[4]);
            let _ = apply_benefit_filter_str(args[0], g);
            serde_json::to_string(&r).unwrap();
        }
    }
}

// ---- API shapes ------------------------------------------------------------------

#[test]
fn typed_and_text_entry_points_agree() {
    let c: Claim = serde_json::from_value(claim()).unwrap();
    let e: EnrollmentResponse = serde_json::from_value(enrollment()).unwrap();
    let rs: Vec<PaymentStatusResponse> = serde_json::from_value(responses()).unwrap();
    let k: MessageCatalogue = serde_json::from_value(catalogue()).unwrap();
    let o = PaymentStatusOptions {
        enabled: true,
        now: enroll_engine::model::Timestamp::parse("2026-04-01T10:05:00Z"),
        sent_at: enroll_engine::model::Timestamp::parse("2026-04-01T10:00:00Z"),
        waiting_time_seconds: Some(3600),
    };
    assert_eq!(
        plan_payment_status_requests(&c, &e, &o),
        plan(&claim(), &enrollment(), &options())
    );
    let typed = apply_payment_status(&c, &e, &rs, &k, &o);
    assert_eq!(typed, apply(&claim(), &enrollment(), &responses(), &options()));
    // The typed benefit filter over the applied claim, as the text one.
    let applied = typed.claim.as_ref().unwrap();
    let b: Benefits = serde_json::from_str(&text("benefits.json")).unwrap();
    let text_result =
        apply_benefit_filter_str(&serde_json::to_string(applied).unwrap(), &text("benefits.json"));
    assert!(text_result.valid && text_result.claim.is_some());
    assert_eq!(apply_benefit_filter(applied, &b), text_result);
    // Typed inputs are checked too.
    let mut bad = c.clone();
    bad.lines[0].end_date = enroll_engine::model::Date::parse("2026-02-01").unwrap();
    let r = plan_payment_status_requests(&bad, &e, &o);
    assert_eq!(
        found(&r.issues),
        [f("end_before_start", "/lines/0/end_date", "claim")]
    );
    let r = apply_payment_status(&c, &e, &rs, &k, &PaymentStatusOptions::default());
    assert_eq!(r.issues.len(), 3);
}

#[test]
fn every_reported_code_is_documented() {
    let known = |code: &str| {
        CLAIMS_CATALOGUE
            .iter()
            .chain(CATALOGUE.iter())
            .any(|r| r.code == code)
    };
    for r in CLAIMS_CATALOGUE {
        assert_eq!(r.layer, enroll_engine::diagnostic::Layer::Claims);
        assert!(r.source.starts_with("claims/"), "{}", r.source);
        assert!(!CATALOGUE.iter().any(|c| c.code == r.code), "{} clashes", r.code);
    }
    let mut codes: Vec<&str> = CLAIMS_CATALOGUE.iter().map(|r| r.code).collect();
    codes.sort_unstable();
    let n = codes.len();
    codes.dedup();
    assert_eq!(n, codes.len());
    // Everything the other tests provoke.
    for code in [
        "CLA-IP-PMSS-001",
        "CLA-IP-PMSS-002",
        "CLA-IP-PMSS-900",
        "end_before_start",
        "claim_period_excludes_lines",
        "claim_duplicate_id",
        "claim_unknown_bill",
        "enrollment_duplicate_entity",
        "response_duplicate_entity",
        "response_not_requested",
        "invalid_timestamp",
        "unknown_option",
        "benefit_unknown_line",
        "json_syntax",
        "not_an_object",
        "missing_field",
        "wrong_type",
        "unknown_enum_value",
        "impossible_date",
        "out_of_range",
        "unknown_field_typo",
    ] {
        assert!(known(code), "{code}");
    }
    assert_eq!(
        enroll_engine::diagnostic::rule("CLA-IP-PMSS-001")
            .unwrap()
            .template,
        "The product code {code} is unknown."
    );
    assert_eq!(
        enroll_engine::diagnostic::rule("CLA-IP-PMSS-002")
            .unwrap()
            .template,
        "The message code {code} is unknown."
    );
}

/// Golden results on the fixtures, shared with the demo and the JS tests.
#[test]
fn golden_results_on_the_fixtures() {
    let planned = plan(&claim(), &enrollment(), &options());
    let applied = apply(&claim(), &enrollment(), &responses(), &options());
    let filtered = apply_benefit_filter_str(
        &serde_json::to_string(applied.claim.as_ref().unwrap()).unwrap(),
        &text("benefits.json"),
    );
    let cases = [
        ("expected-plan.json", serde_json::to_value(&planned).unwrap()),
        ("expected-apply.json", serde_json::to_value(&applied).unwrap()),
        ("expected-filter.json", serde_json::to_value(&filtered).unwrap()),
    ];
    for (name, got) in cases {
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            let pretty = serde_json::to_string_pretty(&got).unwrap() + "\n";
            std::fs::write(path(name), pretty).unwrap();
            continue;
        }
        assert_eq!(
            got,
            doc(name),
            "{name} differs: UPDATE_GOLDEN=1 cargo test --test claims"
        );
    }
}

/// The fixture's claim with `n` lines of P-100 on 2026-03-05, and responses
/// for P-100 with `m` distinct DENTAL-PPO messages (issue 13: lines ×
/// messages must not multiply into the result).
fn many(n: usize, m: usize) -> (String, String) {
    let mut c = claim();
    let line = c["lines"][2].clone();
    c["lines"] = (0..n)
        .map(|i| {
            let mut l = line.clone();
            l["id"] = json!(format!("L{i}"));
            l["serviced_entity"] = json!({"type": "person", "code": "P-100"});
            l["messages"] = json!([]);
            l
        })
        .collect();
    let messages: Vec<Value> = (0..m)
        .map(|i| json!({"code": "PREMIUM-ARREARS", "parameters": {"since": format!("2026-01-{i:06}")}}))
        .collect();
    let r = json!([{"serviced_entity": {"type": "person", "code": "P-100"},
        "products": [{"code": "DENTAL-PPO", "start_date": "2026-01-01", "end_date": null, "messages": messages}]}]);
    (c.to_string(), r.to_string())
}

fn apply_many(c: &str, r: &str, catalogue: &str) -> ApplyResult {
    apply_payment_status_str(c, &enrollment().to_string(), r, catalogue, &options().to_string())
}

#[test]
fn messages_times_lines_over_the_budget_attach_nothing_and_say_so() {
    let (c, r) = many(1000, 1000);
    let k = catalogue().to_string();
    let out = apply_many(&c, &r, &k);
    assert!(!out.valid);
    assert!(out.claim.is_none());
    let codes: Vec<&str> = out.issues.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes, ["responses_too_large"]);
    let i = &out.issues[0];
    assert_eq!(i.severity, Severity::Fatal);
    let budget = 8
        * (c.len() + enrollment().to_string().len() + r.len() + k.len() + options().to_string().len())
        + 1024 * 1024;
    assert_eq!(
        Value::Object(i.params.clone()),
        json!({"limit": budget, "messages": 1_000_000, "document": "responses"})
    );
}

/// 20,000 messages for one line, each given twice: each attached once (the
/// line's messages are checked by key, not one by one).
#[test]
fn many_messages_on_one_line_attach_once_each() {
    let (c, r) = many(1, 10_000);
    let mut r: Value = serde_json::from_str(&r).unwrap();
    let twice: Vec<Value> = r[0]["products"][0]["messages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| [m.clone(), m.clone()])
        .collect();
    r[0]["products"][0]["messages"] = json!(twice);
    let out = apply_many(&c, &r.to_string(), &catalogue().to_string());
    assert!(out.valid, "{:?}", out.issues);
    assert_eq!(line(&out, "L0").messages.len(), 10_000);
    assert_eq!(summary(&out).attached.len(), 10_000);
}

#[test]
fn a_message_text_is_cut_to_1024_bytes() {
    let (c, r) = many(1, 1);
    let mut k = catalogue();
    k["messages"][0]["text"] = json!("{since}".repeat(10_000));
    let out = apply_many(&c, &r, &k.to_string());
    assert!(out.valid, "{:?}", out.issues);
    let text = &line(&out, "L0").messages[0].text;
    // Cut at 1024 bytes, less the digits and dashes the cut went through
    // (back to a run of ten digits or more: src/model/text.rs, cut_tail).
    let head = text.len() - '…'.len_utf8();
    assert!((1024 - 16..=1024).contains(&head), "{head}");
    assert!(text.starts_with("2026-01-0000002026-01-000000"));
    assert!(text.ends_with('…'));
}
