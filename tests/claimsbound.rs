//! Claims results bounded by their inputs (docs/api.md, Limits: "Claim
//! summaries per call"): the hostile shapes of review 25b, each built at
//! 64 KiB and at 1–4 MiB, answer within 8 × their inputs' bytes + 1 MiB
//! (at most 16 MiB) of JSON. A summary note copies what it names once per
//! item, so one long id, code or text repeated per entity, line or message
//! had made results of hundreds of MB (and trapped the wasm instance).
//! Sizes and counts are asserted, not times: a copy per item is what made
//! these calls slow.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use enroll_engine::claims::*;
use serde_json::{json, Value};

const KIB: usize = 1024;
const MIB: usize = 1024 * KIB;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/claims/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The claims budget for inputs of `bytes` (limits::result_budget).
fn budget(bytes: usize) -> usize {
    (8 * bytes + MIB).min(16 * MIB)
}

/// The result's JSON as the engine writes it.
fn out_bytes<T: serde::Serialize>(result: &T) -> usize {
    enroll_engine::privacy::to_string(result).unwrap().len()
}

/// How many items of `bytes` each fit in `total` bytes.
fn fit(total: usize, bytes: usize) -> usize {
    (total / bytes).max(1)
}

fn plan_text(claim: &str) -> (PlanResult, usize) {
    let enrollment = fixture("enrollment.json");
    let r = plan_payment_status_requests_str(claim, enrollment.as_str(), "{}");
    (r, claim.len() + enrollment.len() + 2)
}

fn apply_text(claim: &str, responses: &str) -> (ApplyResult, usize) {
    let (e, k, o) = (
        fixture("enrollment.json"),
        fixture("catalogue.json"),
        fixture("options.json"),
    );
    let r = apply_payment_status_str(claim, e.as_str(), responses, k.as_str(), o.as_str());
    (r, claim.len() + e.len() + responses.len() + k.len() + o.len())
}

/// Asserts `result` is within the budget of `input` bytes.
fn bounded<T: serde::Serialize>(shape: &str, result: &T, input: usize) -> usize {
    let out = out_bytes(result);
    eprintln!("{shape}: {out} bytes of result for {input} of input");
    assert!(
        out <= budget(input),
        "{shape}: {out} bytes of result for {input} of input (budget {})",
        budget(input)
    );
    out
}

fn summary(r: &PaymentStatusResult) -> &PaymentStatusSummary {
    assert!(r.valid, "{:?}", r.issues.first());
    r.summary.as_ref().unwrap()
}

/// A label: at most 64 characters and `…`.
fn is_label(s: &str) -> bool {
    s.chars().count() <= 65
}

/// Review 25b (a): B claim-level fatal SANITY CHECKS messages × E lines
/// of distinct entities. Each entity's skip had copied all B.
fn claim_blocks(bytes: usize) -> String {
    let n = fit(bytes / 2, 130);
    let claim = json!({
        "id": "C1", "bills": [],
        "messages": (0..n).map(|i| json!({"code": format!("S{i}"), "severity": "fatal", "origin": "SANITY CHECKS"})).collect::<Vec<_>>(),
        "lines": (0..n).map(|i| json!({"id": format!("L{i}"), "serviced_entity": {"type": "person", "code": format!("P{i}")},
            "start_date": "2026-03-01", "end_date": "2026-03-01"})).collect::<Vec<_>>(),
    });
    claim.to_string()
}

#[test]
fn claim_level_blockers_are_cited_once_per_entity_not_all_of_them() {
    for bytes in [64 * KIB, 2 * MIB] {
        let claim = claim_blocks(bytes);
        let (r, input) = plan_text(&claim);
        let s = summary(&r);
        let n = s.entities.len();
        assert!(n > 200, "{n}");
        assert_eq!(s.counts.skipped, n);
        for e in &s.entities {
            let skip = e.skip.as_ref().unwrap();
            assert_eq!(skip.reason, SkipReason::ClaimFatalMessage);
            // The first, which the text names; the others are on the claim.
            let causes: Vec<(Location, &str, &str)> = skip
                .causes
                .iter()
                .map(|c| (c.on, c.id.as_str(), c.code.as_str()))
                .collect();
            assert_eq!(causes, [(Location::Claim, "C1", "S0")]);
        }
        bounded("claim blocks", &r, input);
        // applyPaymentStatus re-plans the same claim (review 25b e, apply-skip).
        let (r, input) = apply_text(&claim, "[]");
        assert_eq!(summary(&r).status, Status::NoRequests);
        bounded("apply claim blocks", &r, input);
    }
}

/// Review 25b (b): one bill's fatal message of T bytes, N lines on the bill:
/// each line's cause had copied the whole message.
#[test]
fn a_bills_blocking_message_is_cited_by_a_label_per_line() {
    for bytes in [64 * KIB, 4 * MIB] {
        let text = "y".repeat(bytes / 2);
        let code = "S".repeat(bytes / 8);
        let n = fit(bytes / 4, 130);
        let claim = json!({
            "id": "C1", "messages": [],
            "bills": [{"id": "B", "messages": [{"code": code, "severity": "fatal", "origin": "SANITY CHECKS", "text": text}]}],
            "lines": (0..n).map(|i| json!({"id": format!("L{i}"), "bill_id": "B", "serviced_entity": {"type": "person", "code": "P-100"},
                "start_date": "2026-03-01", "end_date": "2026-03-01"})).collect::<Vec<_>>(),
        })
        .to_string();
        let (r, input) = plan_text(&claim);
        let s = summary(&r);
        let skip = s.entities[0].skip.as_ref().unwrap();
        assert_eq!(skip.reason, SkipReason::AllLinesFatal);
        assert_eq!(skip.causes.len(), n);
        for c in &skip.causes {
            assert_eq!((c.on, c.id.as_str()), (Location::Bill, "B"));
            assert!(is_label(&c.code) && c.code.ends_with('…'), "{}", c.code.len());
            assert!(is_label(&c.text) && c.text.ends_with('…'), "{}", c.text.len());
            assert_eq!(c.origin, "SANITY CHECKS");
        }
        bounded("bill block", &r, input);
    }
}

/// Review 25b (c): one line with an L-byte id and M earlier PAYMENT STATUS
/// messages: each removed note and its sentence had copied the id.
#[test]
fn removed_notes_name_a_long_line_id_by_its_label() {
    for bytes in [64 * KIB, 4 * MIB] {
        let id = "x".repeat(bytes / 2);
        let m = fit(bytes / 2, 60);
        let message = json!({"code": "A", "severity": "fatal", "origin": "PAYMENT STATUS"});
        let claim = json!({"id": "C1", "messages": [], "bills": [],
            "lines": [{"id": id, "serviced_entity": {"type": "person", "code": "P-100"},
                "start_date": "2026-03-01", "end_date": "2026-03-01", "messages": vec![message; m]}]})
        .to_string();
        let (r, input) = plan_text(&claim);
        let s = summary(&r);
        assert_eq!(s.counts.removed, m);
        assert_eq!(s.removed.len(), m);
        let label = format!("{}…", "x".repeat(64));
        assert!(s.removed.iter().all(|n| n.id == label && n.code == "A"));
        let sentences: Vec<&String> = s
            .explanation
            .iter()
            .filter(|e| e.starts_with("Removed"))
            .collect();
        assert_eq!(sentences.len(), m);
        assert_eq!(
            sentences[0],
            &format!("Removed previous payment status message A from line {label}.")
        );
        // The claim still carries the line whole.
        assert_eq!(r.claim.as_ref().unwrap().lines[0].id, id);
        bounded("removed", &r, input);
    }
}

/// Review 25b (d): a response product outside the policy list, with an
/// L-byte code and M messages (each not stored had copied the code), for
/// an entity whose code is long too (copied per message as well).
#[test]
fn not_stored_entries_name_a_long_product_and_entity_by_their_labels() {
    for bytes in [64 * KIB, 2 * MIB] {
        let product = "Z".repeat(bytes / 4);
        let entity = json!({"type": "person", "code": "P".repeat(bytes / 8)});
        let m = fit(bytes / 2, 40);
        let messages = vec![json!({"code": "PAID-IN-FULL", "parameters": {}}); m];
        let claim = json!({"id": "C1", "messages": [], "bills": [],
            "lines": [{"id": "L1", "serviced_entity": entity, "start_date": "2026-03-01", "end_date": "2026-03-01"}]})
        .to_string();
        // The entity is enrolled in DENTAL-PPO; the response adds the long product.
        let mut enrollment: Value = serde_json::from_str(&fixture("enrollment.json")).unwrap();
        enrollment["entities"][0]["serviced_entity"] = entity.clone();
        let responses = json!([{"serviced_entity": entity, "products": [
            {"code": "DENTAL-PPO", "start_date": "2026-01-01", "end_date": null, "messages": []},
            {"code": product, "start_date": "2026-01-01", "end_date": null, "messages": messages}]}])
        .to_string();
        let (k, o) = (fixture("catalogue.json"), fixture("options.json"));
        let e = enrollment.to_string();
        let r = apply_payment_status_str(
            claim.as_str(),
            e.as_str(),
            responses.as_str(),
            k.as_str(),
            o.as_str(),
        );
        let input = claim.len() + e.len() + responses.len() + k.len() + o.len();
        let s = summary(&r);
        assert_eq!(s.status, Status::Processed);
        assert_eq!(s.not_stored.len(), m);
        assert_eq!(s.counts.not_stored, m);
        for n in &s.not_stored {
            assert!(is_label(&n.product_code) && n.product_code.ends_with('…'));
            assert!(is_label(&n.serviced_entity.code) && n.serviced_entity.code.ends_with('…'));
            assert_eq!(n.code, "PAID-IN-FULL");
        }
        bounded("not stored", &r, input);
    }
}

/// The same long product code unknown to the catalogue: the response is
/// rejected, CLA-IP-PMSS-001 goes on the line (its text cut like every
/// attached message's) and every message is not stored.
#[test]
fn a_rejected_response_with_a_long_unknown_product_stays_bounded() {
    for bytes in [64 * KIB, 2 * MIB] {
        let product = "Q".repeat(bytes / 4);
        let m = fit(bytes / 2, 40);
        let messages = vec![json!({"code": "PAID-IN-FULL", "parameters": {}}); m];
        let mut responses: Value = serde_json::from_str(&fixture("responses.json")).unwrap();
        responses[0]["products"].as_array_mut().unwrap().push(
            json!({"code": product, "start_date": "2026-01-01", "end_date": null, "messages": messages}),
        );
        let (r, input) = apply_text(&fixture("claim.json"), &responses.to_string());
        let s = summary(&r);
        assert_eq!(s.entities[0].response, Some(ResponseOutcome::Rejected));
        let l1 = &r.claim.as_ref().unwrap().lines[0];
        let pmss = l1.messages.iter().find(|m| m.code == "CLA-IP-PMSS-001").unwrap();
        assert!(pmss.text.len() <= 1024 + '…'.len_utf8(), "{}", pmss.text.len());
        assert!(s.not_stored.len() > m);
        bounded("rejected", &r, input);
    }
}

/// Review 25b (e, filter): one line with an id of 10 × N bytes and N
/// PAYMENT STATUS messages of a product that does not provide the benefit:
/// each discarded note had copied the id.
#[test]
fn discarded_notes_name_a_long_line_id_by_its_label() {
    for bytes in [64 * KIB, 4 * MIB] {
        let id = "x".repeat(bytes / 2);
        let n = fit(bytes / 2, 90);
        let message =
            json!({"code": "A", "severity": "fatal", "origin": "PAYMENT STATUS", "product_code": "X"});
        let claim = json!({"id": "C1", "messages": [], "bills": [],
            "lines": [{"id": id, "serviced_entity": {"type": "person", "code": "P-100"},
                "start_date": "2026-03-01", "end_date": "2026-03-01", "messages": vec![message; n]}]})
        .to_string();
        let benefits = json!({"lines": [{"line_id": id, "products": ["Y"]}]}).to_string();
        let r = apply_benefit_filter_str(claim.as_str(), benefits.as_str());
        assert!(r.valid, "{:?}", r.issues.first());
        let s = r.summary.as_ref().unwrap();
        assert_eq!(s.counts.discarded, n);
        let label = format!("{}…", "x".repeat(64));
        assert!(s.discarded.iter().all(|d| d.id == label));
        bounded("discarded", &r, claim.len() + benefits.len());
    }
}

/// Labels bound what a note repeats, not how many notes there are: 4 MiB
/// of payment-status messages on a line whose id is a whole 64-character
/// label make removed notes and sentences of ~4.7 × the claim, over the
/// 16 MiB cap. The summary is weighed before it is returned: one fatal
/// `summary_too_large`, nothing else; at 2 MiB the same shape fits.
#[test]
fn a_summary_over_the_budget_is_refused_with_summary_too_large() {
    let claim = |bytes: usize| {
        let message = json!({"code": "A", "severity": "fatal", "origin": "PAYMENT STATUS"});
        let m = fit(bytes, message.to_string().len() + 1);
        json!({"id": "C1", "messages": [], "bills": [],
            "lines": [{"id": "x".repeat(64), "serviced_entity": {"type": "person", "code": "P-100"},
                "start_date": "2026-03-01", "end_date": "2026-03-01", "messages": vec![message; m]}]})
        .to_string()
    };
    let (r, input) = plan_text(&claim(2 * MIB));
    assert!(r.valid);
    bounded("2 MiB", &r, input);

    let text = claim(4 * MIB - 4 * KIB);
    for r in [plan_text(&text).0, apply_text(&text, "[]").0] {
        assert!(!r.valid);
        assert!(r.claim.is_none() && r.summary.is_none() && r.requests.is_empty());
        let codes: Vec<&str> = r.issues.iter().map(|i| i.code.as_str()).collect();
        assert_eq!(codes, ["summary_too_large"]);
        let issue = &r.issues[0];
        assert_eq!(issue.severity, enroll_engine::Severity::Fatal);
        assert_eq!(issue.path, "");
        let weight = issue.params["weight"].as_u64().unwrap() as usize;
        assert!(weight > 16 * MIB && weight < 32 * MIB, "{weight}");
        assert_eq!(
            Value::Object(issue.params.clone()),
            json!({"limit": 16 * MIB, "weight": weight, "document": "claim"})
        );
        assert!(
            issue.message.starts_with("The summary would be "),
            "{}",
            issue.message
        );
        assert!(issue
            .message
            .ends_with(" bytes, more than 16,777,216 bytes, the limit; nothing is returned."));
    }
}

/// A label cut through an SSN keeps none of its digits (`quote`'s
/// `cut_tail`), and the whole id on the claim is masked as always.
#[test]
fn a_label_cut_through_an_ssn_shows_none_of_it() {
    let id = format!("{}219453876{}", "x".repeat(55), "y".repeat(20));
    let claim = json!({"id": "C1", "messages": [], "bills": [],
        "lines": [{"id": id, "serviced_entity": {"type": "person", "code": "P-100"},
            "start_date": "2026-03-01", "end_date": "2026-03-01",
            "messages": [{"code": "A", "severity": "fatal", "origin": "PAYMENT STATUS"}]}]})
    .to_string();
    let (r, _) = plan_text(&claim);
    let label = format!("{}…", "x".repeat(55));
    assert_eq!(summary(&r).removed[0].id, label);
    let out = enroll_engine::privacy::to_string(&r).unwrap();
    assert!(out.contains(&format!("from line {label}.")));
    assert!(!out.contains("21945") && !out.contains("945387"), "{out}");
}

/// An entity with a long code and many messages attached for it: each
/// attached message's explanation names the entity, which the attachment
/// budget does not weigh — a label of 64 characters, not the code.
#[test]
fn explanations_name_a_long_entity_by_its_label() {
    for bytes in [64 * KIB, 2 * MIB] {
        let entity = json!({"type": "person", "code": "P".repeat(bytes / 4)});
        let m = fit(bytes / 2, 75);
        let messages: Vec<Value> = (0..m)
            .map(|i| json!({"code": "PREMIUM-ARREARS", "parameters": {"since": format!("2026-01-{i:06}")}}))
            .collect();
        let claim = json!({"id": "C1", "messages": [], "bills": [],
            "lines": [{"id": "L1", "serviced_entity": entity, "start_date": "2026-03-01", "end_date": "2026-03-01"}]})
        .to_string();
        let mut enrollment: Value = serde_json::from_str(&fixture("enrollment.json")).unwrap();
        enrollment["entities"][0]["serviced_entity"] = entity.clone();
        let responses = json!([{"serviced_entity": entity, "products": [
            {"code": "DENTAL-PPO", "start_date": "2026-01-01", "end_date": null, "messages": messages}]}])
        .to_string();
        let (k, o, e) = (
            fixture("catalogue.json"),
            fixture("options.json"),
            enrollment.to_string(),
        );
        let r = apply_payment_status_str(
            claim.as_str(),
            e.as_str(),
            responses.as_str(),
            k.as_str(),
            o.as_str(),
        );
        let input = claim.len() + e.len() + responses.len() + k.len() + o.len();
        let s = summary(&r);
        assert_eq!(s.counts.attached, m);
        let named = format!("person {}…: PREMIUM-ARREARS", "P".repeat(64));
        let sentences = s.explanation.iter().filter(|x| x.starts_with(&named)).count();
        assert_eq!(sentences, m);
        bounded("entity", &r, input);
    }
}
