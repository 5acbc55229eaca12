//! Results that copy one input part many times stay bounded (docs/api.md,
//! Limits and Lifecycle Bounds; review 25b): a family warning copied into
//! every carrier's summary, a carrier's error codes into every acknowledgement
//! item, an unpriced line's reason into every premium line at its path, and
//! the callback's follow-ups. Each shape is built at 1–4 MiB and its result
//! counted against the documented bound (no timing).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use enroll_engine::model::Timestamp;
use enroll_engine::preview::{Preview, PreviewOptions};
use enroll_engine::{Engine, Severity};
use serde_json::{json, Value};

const NOW: &str = "2026-11-25T12:00:00Z";

fn now() -> PreviewOptions {
    PreviewOptions {
        now: Timestamp::parse(NOW).unwrap(),
    }
}

fn uuid(prefix: &str, i: usize) -> String {
    format!("{prefix}{i:012}")
}

/// `carriers` Sync carriers with a vision plan each, and a family enrolled
/// nowhere with a coverage at each and `warnings` events whose misspelt
/// `resaon` is a family-level `unknown_field_typo` warning.
fn warn_fanout(carriers: usize, warnings: usize) -> (Engine, String) {
    let mut config = json!({"group_id": "g", "carriers": [], "plans": []});
    let mut coverages = Vec::new();
    for i in 0..carriers {
        let (carrier, plan) = (
            uuid("c0000000-0000-4000-8000-", i),
            uuid("a0000000-0000-4000-8000-", i),
        );
        config["carriers"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": carrier, "name": format!("C{i}"), "mode": "sync"}));
        config["plans"].as_array_mut().unwrap().push(json!({
            "id": plan, "name": format!("P{i}"), "carrier_id": carrier, "line_of_coverage": "vision",
            "eligible_member_types": ["employee"],
            "rates": {"calculation_type": "member_based", "per_member": 1}}));
        coverages.push(
            json!({"carrier_id": carrier, "line_of_coverage": "vision", "plan_id": plan,
                              "enrolled_members": []}),
        );
    }
    let mut snapshot = fixture_json("three-carriers-snapshot.json");
    snapshot["dependents"] = json!([]);
    snapshot["coverages"] = Value::Array(coverages);
    snapshot["events"] = (0..warnings)
        .map(|i| {
            json!({"id": format!("e{i}"), "date": "2025-11-15", "type": "coverage",
                        "reason": "open_enrollment", "resaon": "x"})
        })
        .collect();
    (Engine::from_config_value(&config).unwrap(), snapshot.to_string())
}

fn summary_warnings(p: &Preview) -> usize {
    p.fulfillment_summary.iter().map(|c| c.warnings.len()).sum()
}

#[test]
fn a_family_warning_weighs_each_carrier_it_is_copied_to() {
    // 1000 family warnings at 200 carriers were 200,000 summary copies: now
    // each weighs its 200 carriers against the 20,000 carrier ids, so 100
    // are kept and `too_many_issues` (a warning, path "") counts the rest,
    // with each coverage's `coverage_without_members` (200).
    let (engine, snapshot) = warn_fanout(200, 1000);
    let p = engine.preview_str(None, &snapshot, &now());
    assert_eq!(p.issues.len(), 101);
    assert!(p.issues[..100].iter().all(|i| i.code == "unknown_field_typo"));
    let last = p.issues.last().unwrap();
    assert_eq!(last.code, "too_many_issues");
    assert_eq!(last.severity, Severity::Warning);
    assert_eq!(last.path, "");
    assert!(last.carrier_ids.is_empty());
    assert_eq!(
        Value::Object(last.params.clone()),
        json!({"omitted": 900 + 200, "limit": 1000})
    );
    // Each carrier lists the 100 kept warnings and the note.
    assert_eq!(p.fulfillment_summary.len(), 200);
    assert!(p.fulfillment_summary.iter().all(|c| c.warnings.len() == 101));
    assert_eq!(summary_warnings(&p), 200 * 101);
    assert!(p.valid);
}

#[test]
fn a_thousand_carriers_and_a_thousand_warnings_stay_within_the_budget() {
    // The review's shape at the most carriers a configuration may list
    // (`too_many_carriers` past 1,000; the review had 5,000): 227 MB of
    // result at 1,000 carriers, INSTANCE_FAILED in wasm.
    let (engine, snapshot) = warn_fanout(1000, 1000);
    assert!(snapshot.len() > 200_000, "{}", snapshot.len());
    let p = engine.preview_str(None, &snapshot, &now());
    // Twenty warnings reach 20,000 carrier ids; the note is at every carrier.
    assert_eq!(p.issues.len(), 21);
    assert_eq!(p.issues[20].code, "too_many_issues");
    assert_eq!(p.issues[20].params["omitted"], json!(980 + 1000));
    assert_eq!(summary_warnings(&p), 20_000 + 1000);
    let bytes = serde_json::to_string(&p).unwrap().len();
    assert!(bytes < 16 * 1024 * 1024, "{bytes}");
}

#[test]
fn a_few_carriers_keep_every_warning() {
    // The normal case is unchanged: three carriers, 300 warnings each copied
    // to all three (900 carrier ids), and each carrier's own
    // `coverage_without_members`.
    let (engine, snapshot) = warn_fanout(3, 300);
    let p = engine.preview_str(None, &snapshot, &now());
    assert_eq!(p.issues.len(), 303);
    assert!(p.fulfillment_summary.iter().all(|c| c.warnings.len() == 301));
}

fn fold_opts() -> enroll_engine::fulfillment::lifecycle::FoldOptions {
    enroll_engine::fulfillment::lifecycle::FoldOptions {
        now: Timestamp::parse(NOW).unwrap(),
        verification_grace_days: 7,
    }
}

/// A state whose carrier `c` is invalid with errors of `codes`, and `items`
/// coverage items there of one person `P`.
fn rejected_state(codes: &[String], items: usize) -> Value {
    let error = |code: &String| {
        json!({"code": code, "severity": "error", "path": "", "message": "",
                                        "params": {}, "carrier_ids": ["c"], "line_of_coverage": null})
    };
    let item = |i: usize| {
        json!({"reference": format!("C{i}"), "individual_reference": "P", "carrier_id": "c",
                                 "line_of_coverage": "medical", "path": format!("/coverages/{i}"),
                                 "state": "accepted", "issue_codes": []})
    };
    json!({"baseline": {"status": "processing",
        "fulfillment_summary": [{"carrier_id": "c", "status": "invalid", "errors": codes.iter().map(error).collect::<Vec<_>>(),
                                 "warnings": [], "sent": null, "next_transmission": null, "feed": null}],
        "transactions": [],
        "acknowledgement": {"individuals": [{"reference": "P", "individual_type": "employee", "name": "A",
                                              "path": "/employee", "state": "accepted", "issue_codes": []}],
                            "coverages": (0..items).map(item).collect::<Vec<_>>()},
        "now": NOW},
        "events": [], "folded_with": null})
}

/// The first `n` codes of the engine's catalogue but `too_many_issues`.
fn catalogue_codes(n: usize) -> Vec<String> {
    enroll_engine::diagnostic::registry::all_rules()
        .iter()
        .filter(|r| r.code != "too_many_issues")
        .take(n)
        .map(|r| r.code.to_owned())
        .collect()
}

#[test]
fn an_items_codes_are_known_distinct_and_at_most_ten() {
    // Unknown codes (a state is passed back in: any text) are left out,
    // each code is listed once, and past ten the first nine and
    // `too_many_issues`.
    let known = catalogue_codes(12);
    let mut codes = vec!["e1".to_owned(), "x".repeat(1000)];
    for code in &known {
        codes.push(code.clone());
        codes.push(code.clone());
        codes.push(format!("{code}-not-a-code"));
    }
    let r = enroll_engine::fulfillment::fold::fold_json(&rejected_state(&codes, 3), &json!([]), &fold_opts())
        .unwrap();
    let mut expected: Vec<String> = known[..9].to_vec();
    expected.push("too_many_issues".into());
    let a = &r.state.acknowledgement;
    assert_eq!(a.coverages.len(), 3);
    assert!(
        a.coverages.iter().all(|c| c.issue_codes == expected),
        "{:?}",
        a.coverages[0].issue_codes
    );
    assert_eq!(a.individuals[0].issue_codes, expected);
    // Ten distinct known codes are all listed.
    let r = enroll_engine::fulfillment::fold::fold_json(
        &rejected_state(&known[..10], 1),
        &json!([]),
        &fold_opts(),
    )
    .unwrap();
    assert_eq!(r.state.acknowledgement.coverages[0].issue_codes, known[..10]);
    assert_eq!(r.state.acknowledgement.individuals[0].issue_codes, known[..10]);
}

#[test]
fn a_thousand_codes_at_24000_items_stay_small() {
    // The review's 3.9 MB state: 1000 distinct codes and 24,000 items of one
    // person had given every item all 1000 (173 MB, three minutes).
    let mut codes: Vec<String> = (0..1000).map(|i| format!("e{i}")).collect();
    codes.extend(catalogue_codes(3));
    let state = rejected_state(&codes, 24_000);
    let input = state.to_string().len();
    assert!(input > 3_500_000 && input < 4 << 20, "{input}");
    let r = enroll_engine::fulfillment::fold::fold_json(&state, &json!([]), &fold_opts()).unwrap();
    let a = &r.state.acknowledgement;
    assert!(a.coverages.iter().all(|c| c.issue_codes == catalogue_codes(3)));
    assert_eq!(a.individuals[0].issue_codes, catalogue_codes(3));
    let out = serde_json::to_string(&r).unwrap().len();
    assert!(out < 4 * input, "{out} {input}");
}

fn three_carriers() -> (Engine, Value) {
    let engine = Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap();
    let snapshot = fixture_json("three-carriers-snapshot.json").to_string();
    let preview = serde_json::to_value(engine.preview_str(None, &snapshot, &now())).unwrap();
    (engine, preview)
}

fn snapshot_update(engine: &Engine, preview: &Value) -> enroll_engine::callback::CallbackPayload {
    let request = json!({"event_id": "e1", "created": NOW, "snapshot_id": "s1"});
    engine.build_callback_json(preview, None, &request).unwrap()
}

/// The preview with `lines` premium lines at `/x` and one
/// `premium_plan_unknown` at `/x` whose message is `message`.
fn unpriced_at_one_path(preview: &Value, lines: usize, message: &str) -> Value {
    let mut p = preview.clone();
    let mut line = p["premium"]["lines"][1].clone();
    for (k, v) in [
        ("path", json!("/x")),
        ("members", json!([])),
        ("plan_id", Value::Null),
        ("carrier_id", Value::Null),
    ] {
        line[k] = v;
    }
    p["premium"]["lines"] = Value::Array(vec![line; lines]);
    p["premium"]["issues"] = json!([{"code": "premium_plan_unknown", "severity": "warning", "path": "/x",
                                      "message": message, "params": {}, "carrier_ids": []}]);
    p
}

fn reasons(payload: &enroll_engine::callback::CallbackPayload) -> Vec<(String, String)> {
    let lines = &payload.financial_summary.as_ref().unwrap().lines;
    lines
        .iter()
        .map(|l| {
            let r = l.unpriced_reason.as_ref().unwrap();
            (r.code.clone(), r.message.clone())
        })
        .collect()
}

#[test]
fn an_unpriced_reason_is_whole_once_a_path_then_quoted() {
    let (engine, preview) = three_carriers();
    let message = format!("{}219-45-3876 tail", "m".repeat(60));
    let payload = snapshot_update(&engine, &unpriced_at_one_path(&preview, 3, &message));
    let quoted = format!("{}…", "m".repeat(60));
    let code = "premium_plan_unknown".to_owned();
    assert_eq!(
        reasons(&payload),
        [
            (code.clone(), message),
            (code.clone(), quoted.clone()),
            (code, quoted)
        ]
    );
    assert!(payload.financial_summary.unwrap().lines.iter().all(|l| !l.priced));
}

#[test]
fn ten_thousand_lines_at_the_path_of_a_megabyte_message() {
    // Review 25b: 2.67 MB of preview had each line copy the message (instance failed).
    let (engine, preview) = three_carriers();
    let p = unpriced_at_one_path(&preview, 10_000, &"m".repeat(1 << 20));
    let input = p.to_string().len();
    assert!(input > 2_000_000 && input < 4 << 20, "{input}");
    let payload = snapshot_update(&engine, &p);
    let r = reasons(&payload);
    assert_eq!(r.len(), 10_000);
    assert_eq!(r[0].1.len(), 1 << 20);
    assert!(r[1..].iter().all(|(_, m)| m.chars().count() == 65));
    let out = serde_json::to_string(&payload).unwrap().len();
    assert!(out < 2 * input, "{out} {input}");
}

/// The preview with `n` `volume_requires_eoi` issues and coverage items,
/// the k-th issue at the `volume` of the k-th item's member.
fn eoi_preview(preview: &Value, n: usize) -> Value {
    let mut p = preview.clone();
    let path = |k: usize| format!("/coverages/0/enrolled_members/{k}");
    p["valid"] = json!(true);
    p["issues"] = (0..n)
        .map(|k| json!({"code": "volume_requires_eoi", "severity": "warning", "path": format!("{}/volume", path(k)),
                        "message": format!("eoi {k}"), "params": {}, "carrier_ids": []}))
        .collect();
    p["acknowledgement"]["coverages"] = (0..n)
        .map(|k| {
            json!({"reference": format!("C{k}"), "individual_reference": "P", "carrier_id": "c",
                        "line_of_coverage": "life", "path": path(k), "state": "accepted", "issue_codes": []})
        })
        .collect();
    p
}

#[test]
fn evidence_is_referenced_by_the_item_at_its_path() {
    // `/…/enrolled_members/1` is a prefix of `/…/enrolled_members/10/volume`:
    // the 11th issue had the second item's reference.
    let (engine, preview) = three_carriers();
    let payload = snapshot_update(&engine, &eoi_preview(&preview, 12));
    let eoi: Vec<_> = payload
        .follow_up
        .iter()
        .filter(|f| f.kind == enroll_engine::callback::FollowUpKind::EvidenceOfInsurability)
        .map(|f| (f.description.clone(), f.reference.clone()))
        .collect();
    let expected: Vec<_> = (0..12)
        .map(|k| (format!("eoi {k}"), Some(format!("C{k}"))))
        .collect();
    assert_eq!(eoi, expected);
}

#[test]
fn follow_ups_are_capped_at_1000_as_feedback_is() {
    // Review 25b: a 4 MiB preview passed in listed 9,025 follow-ups, each
    // found by a look through every item (2.3 s).
    let (engine, preview) = three_carriers();
    let p = eoi_preview(&preview, 12_000);
    let input = p.to_string().len();
    assert!(input > 3_000_000 && input < 4 << 20, "{input}");
    let payload = snapshot_update(&engine, &p);
    assert_eq!(payload.follow_up.len(), 1000);
    assert_eq!(payload.follow_up[998].reference.as_deref(), Some("C998"));
    let note = &payload.follow_up[999];
    assert_eq!(
        note.kind,
        enroll_engine::callback::FollowUpKind::EvidenceOfInsurability
    );
    assert_eq!(note.reference, None);
    // The preview's own follow-ups come after the evidence (documentation of
    // its life events): left out and counted too.
    let own = snapshot_update(&engine, &eoi_preview(&preview, 0)).follow_up;
    assert!(own
        .iter()
        .all(|f| f.kind == enroll_engine::callback::FollowUpKind::Documentation));
    let rest = 12_000 + own.len() - 999;
    assert_eq!(
        note.description,
        format!("{rest} more follow-ups were left out: at most 1000 are listed per update.")
    );
    assert!(payload.processing_status.requires_action);
    assert_eq!(payload.validation_feedback.len(), 1000);
}

#[test]
fn a_state_of_feeds_that_never_fire_is_folded_whole() {
    // Review 25b: 4 MiB of scheduled carriers whose monthly feed counts a
    // month every 366 (from 2020) searched every day of ten years each.
    let entry = |i: usize| {
        json!({"carrier_id": format!("c{i}"), "status": "scheduled", "errors": [], "warnings": [],
        "sent": null, "next_transmission": null,
        "feed": {"rrule": "FREQ=MONTHLY;INTERVAL=366;BYDAY=MO", "dtstart": "2020-01-01"}})
    };
    let n = 8_000;
    let state = json!({"baseline": {"status": "processing", "fulfillment_summary": (0..n).map(entry).collect::<Vec<_>>(),
        "transactions": [], "acknowledgement": {"individuals": [], "coverages": []}, "now": NOW},
        "events": [], "folded_with": null});
    assert!(state.to_string().len() > 1_000_000);
    let r = enroll_engine::fulfillment::fold::fold_json(&state, &json!([]), &fold_opts()).unwrap();
    let summary = &r.state.fulfillment_summary;
    assert_eq!(summary.len(), n);
    assert!(summary.iter().all(|c| c.next_transmission.is_none()));
    // Each is found to have no run: invalid, with its `feed_schedule_ended`.
    assert!(summary.iter().all(
        |c| c.status == enroll_engine::fulfillment::FulfillmentStatus::Invalid
            && c.errors.len() == 1
            && c.errors[0].code == "feed_schedule_ended"
    ));
}
