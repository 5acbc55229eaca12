//! Claims join documents by values that may hold an SSN (serviced-entity
//! codes, line ids, bill ids, message codes): codes that distinct values
//! show alike join nothing (`privacy::MaskedAlike::distinct`), so a call
//! carrying many guesses at a hidden SSN answers the same whatever its
//! hidden digits (review 27a). Each attack is run for two secrets, one
//! among the guesses and one not; the masked outputs must be identical.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use enroll_engine::claims::*;
use serde_json::{json, Value};

/// A secret among the guesses (`21945…`), and one that is not.
const SECRETS: [&str; 2] = ["219453876", "684213876"];
const GUESSES: usize = 50;

/// The guesses `21900…3876` to `21949…3876`, all shown as `*****3876`.
fn guess(i: usize) -> String {
    format!("{:05}3876", 21900 + i)
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/claims/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn person(code: &str) -> Value {
    json!({"type": "person", "code": code})
}

fn line(id: &str, code: &str) -> Value {
    json!({"id": id, "serviced_entity": person(code), "start_date": "2026-03-01", "end_date": "2026-03-01"})
}

fn claim(lines: Vec<Value>) -> Value {
    json!({"id": "C", "messages": [], "bills": [], "lines": lines})
}

fn enrolled(code: &str) -> Value {
    json!({"entities": [{"serviced_entity": person(code),
        "products": [{"code": "DENTAL-PPO", "start_date": "2026-01-01", "end_date": null}]}]})
}

fn guess_lines() -> Vec<Value> {
    (0..GUESSES).map(|i| line(&format!("L{i}"), &guess(i))).collect()
}

/// What the output layer writes (masked), the same for both secrets.
fn same_for_both_secrets<R: serde::Serialize>(call: impl Fn(&str) -> R) -> R {
    let [a, b] = SECRETS.map(&call);
    let (a_text, b_text) = (
        enroll_engine::privacy::to_string(&a).unwrap(),
        enroll_engine::privacy::to_string(&b).unwrap(),
    );
    // Not assert_eq: the outputs are long; the first difference is enough.
    let at = a_text.bytes().zip(b_text.bytes()).position(|(x, y)| x != y);
    let near = |t: &str| {
        t.get(at.unwrap_or(0).saturating_sub(80)..)
            .unwrap_or("")
            .chars()
            .take(200)
            .collect::<String>()
    };
    assert!(
        a_text == b_text,
        "the outputs differ at {at:?}:\n{}\n{}",
        near(&a_text),
        near(&b_text)
    );
    for s in SECRETS {
        assert!(!a_text.contains(s));
    }
    a
}

fn codes_and_paths(issues: &[enroll_engine::Issue]) -> Vec<(String, String)> {
    issues.iter().map(|i| (i.code.clone(), i.path.clone())).collect()
}

/// The reviewer's plan attack: lines naming every guess, the enrollment
/// the hidden SSN. Matched as written, the guess equal to it was requested.
#[test]
fn guessed_entities_match_no_hidden_enrollment() {
    let r = same_for_both_secrets(|secret| {
        let claim = claim(guess_lines()).to_string();
        plan_payment_status_requests_str(claim.as_str(), enrolled(secret).to_string().as_str(), "")
    });
    assert!(r.valid);
    assert!(r.requests.is_empty());
    let s = r.summary.unwrap();
    assert_eq!(s.entities.len(), GUESSES);
    for (i, e) in s.entities.iter().enumerate() {
        assert!(!e.requested);
        assert_eq!(e.line_ids, [format!("L{i}")]);
        let skip = e.skip.as_ref().unwrap();
        assert_eq!(skip.reason, SkipReason::NoProductEnrollments);
        assert!(skip.text.starts_with("No product enrollments can be matched to person *****3876: another serviced-entity code of this call shows alike"), "{}", skip.text);
    }
}

/// Inside one claim: the hidden line beside the guesses had been grouped
/// with the guess equal to it (`line_ids ["LS", "L45"]`).
#[test]
fn a_hidden_line_groups_with_no_guess() {
    let r = same_for_both_secrets(|secret| {
        let mut lines = vec![line("LS", secret)];
        lines.extend(guess_lines());
        let claim = claim(lines).to_string();
        plan_payment_status_requests_str(claim.as_str(), r#"{"entities": []}"#, "")
    });
    let ids: Vec<Vec<String>> = r
        .summary
        .unwrap()
        .entities
        .into_iter()
        .map(|e| e.line_ids)
        .collect();
    assert_eq!(ids.len(), GUESSES + 1);
    assert_eq!(ids[0], ["LS"]);
    assert!(ids.iter().all(|l| l.len() == 1));
}

/// Responses naming every guess, for a requested hidden SSN: matched as
/// written, all but the equal one were `response_not_requested`.
#[test]
fn guessed_responses_match_no_hidden_request() {
    let r = same_for_both_secrets(|secret| {
        let responses: Vec<Value> = (0..GUESSES)
            .map(|i| json!({"serviced_entity": person(&guess(i)), "products": []}))
            .collect();
        apply_payment_status_str(
            claim(vec![line("L1", secret)]).to_string().as_str(),
            enrolled(secret).to_string().as_str(),
            Value::from(responses).to_string().as_str(),
            fixture("catalogue.json").as_str(),
            fixture("options.json").as_str(),
        )
    });
    assert!(r.valid);
    let expected: Vec<(String, String)> = (0..GUESSES)
        .map(|i| {
            (
                "response_not_requested".to_owned(),
                format!("/{i}/serviced_entity"),
            )
        })
        .collect();
    assert_eq!(codes_and_paths(&r.issues), expected);
    // The plan alone has no shared code: the hidden entity is requested,
    // and its response is still awaited.
    assert_eq!(r.requests.len(), 1);
    let s = r.summary.unwrap();
    assert_eq!(s.status, Status::AwaitingResponses);
    assert_eq!(s.entities[0].response, Some(ResponseOutcome::Missing));
}

/// Benefit entries naming every guessed line id, for a line whose id is
/// the hidden SSN: only the equal one had been known.
#[test]
fn guessed_benefit_lines_name_no_hidden_line() {
    let r = same_for_both_secrets(|secret| {
        let mut claim: Value = serde_json::from_str(&fixture("claim.json")).unwrap();
        claim["lines"][0]["id"] = json!(secret);
        let benefits: Vec<Value> = (0..GUESSES)
            .map(|i| json!({"line_id": guess(i), "products": ["VISION-BASIC"]}))
            .collect();
        let benefits = json!({ "lines": benefits }).to_string();
        apply_benefit_filter_str(claim.to_string().as_str(), benefits.as_str())
    });
    assert!(r.valid);
    let unknown: Vec<(String, String)> = codes_and_paths(&r.issues)
        .into_iter()
        .filter(|(c, _)| c == "benefit_unknown_line")
        .collect();
    let expected: Vec<(String, String)> = (0..GUESSES)
        .map(|i| ("benefit_unknown_line".to_owned(), format!("/lines/{i}/line_id")))
        .collect();
    assert_eq!(unknown, expected);
    let s = r.summary.unwrap();
    assert_eq!(s.unlisted_lines.first().map(String::as_str), Some(SECRETS[0]));
}

/// Lines naming every guessed bill id, the bill (with a fatal message)
/// holding the hidden one: matched as written, only the equal line was
/// blocked and spared `claim_unknown_bill`.
#[test]
fn guessed_bill_ids_join_no_hidden_bill() {
    let r = same_for_both_secrets(|secret| {
        let lines: Vec<Value> = (0..GUESSES)
            .map(|i| {
                let mut l = line(&format!("L{i}"), &format!("P-{i}"));
                l["bill_id"] = json!(guess(i));
                l
            })
            .collect();
        let fatal = json!({"code": "S1", "severity": "fatal", "origin": "SANITY CHECKS"});
        let claim = json!({"id": "C", "messages": [], "bills": [{"id": secret, "messages": [fatal]}], "lines": lines});
        plan_payment_status_requests_str(claim.to_string().as_str(), r#"{"entities": []}"#, "")
    });
    let expected: Vec<(String, String)> = (0..GUESSES)
        .map(|i| ("claim_unknown_bill".to_owned(), format!("/lines/{i}/bill_id")))
        .collect();
    assert_eq!(codes_and_paths(&r.issues), expected);
    let skips = r
        .summary
        .unwrap()
        .entities
        .into_iter()
        .map(|e| e.skip.map(|s| s.reason));
    assert!(skips
        .into_iter()
        .all(|s| s == Some(SkipReason::NoProductEnrollments)));
}

/// A response's message code holding the hidden SSN against a catalogue
/// of guesses: looked up as written, it was known exactly when guessed.
#[test]
fn a_hidden_message_code_is_known_by_no_guessed_catalogue() {
    let r = same_for_both_secrets(|secret| {
        let messages: Vec<Value> = (0..GUESSES)
            .map(|i| json!({"code": guess(i), "severity": "informative", "text": "Paid."}))
            .collect();
        let catalogue = json!({"products": ["DENTAL-PPO"], "messages": messages}).to_string();
        let responses = json!([{"serviced_entity": person("P-100"), "products": [{"code": "DENTAL-PPO",
            "start_date": "2026-01-01", "end_date": null, "messages": [{"code": secret}]}]}]);
        apply_payment_status_str(
            claim(vec![line("L1", "P-100")]).to_string().as_str(),
            enrolled("P-100").to_string().as_str(),
            responses.to_string().as_str(),
            catalogue.as_str(),
            fixture("options.json").as_str(),
        )
    });
    let s = r.summary.unwrap();
    assert_eq!(s.entities[0].response, Some(ResponseOutcome::Rejected));
    let on_line: Vec<&str> = s.attached.iter().map(|n| n.code.as_str()).collect();
    assert_eq!(on_line, ["CLA-IP-PMSS-002"]);
}

/// Codes that nothing else shows alike still join: an SSN-coded person
/// on two lines is one entity, requested with its enrollment (one guess
/// a call, docs/api.md Privacy › Equality), and codes without hidden
/// digits are untouched.
#[test]
fn codes_shown_by_one_value_still_join() {
    let secret = SECRETS[0];
    let claim = claim(vec![line("L1", secret), line("L2", secret), line("L3", "P-100")]).to_string();
    let r = plan_payment_status_requests_str(claim.as_str(), enrolled(secret).to_string().as_str(), "");
    let s = r.summary.unwrap();
    let entities: Vec<(String, Vec<String>, bool)> = s
        .entities
        .into_iter()
        .map(|e| (e.serviced_entity.code, e.line_ids, e.requested))
        .collect();
    assert_eq!(
        entities,
        [
            (secret.to_owned(), vec!["L1".to_owned(), "L2".to_owned()], true),
            ("P-100".to_owned(), vec!["L3".to_owned()], false),
        ]
    );
    assert_eq!(r.requests.len(), 1);
}

/// A payment-status message of the hidden product code against benefits
/// provided by guessed products: as written, it stayed exactly when guessed.
#[test]
fn a_hidden_product_code_is_provided_by_no_guess() {
    let r = same_for_both_secrets(|secret| {
        let message = json!({"code": "PAID", "severity": "informative", "origin": "PAYMENT STATUS", "product_code": secret});
        let mut l = line("L1", "P-100");
        l["messages"] = json!([message]);
        let products: Vec<String> = (0..GUESSES).map(guess).collect();
        let benefits = json!({"lines": [{"line_id": "L1", "products": products}]}).to_string();
        apply_benefit_filter_str(claim(vec![l]).to_string().as_str(), benefits.as_str())
    });
    let s = r.summary.unwrap();
    assert_eq!((s.counts.kept, s.counts.discarded), (0, 1));
    assert_eq!(s.discarded[0].code, "PAID");
}

/// Review 31d #2, claims side (docs/api.md, Claims, "whole values"): the
/// claim and the requests keep values whole — not quoted to 64 characters —
/// but masked like every output, so a nine-digit member id leaves as
/// `*****3456` in the request and on the returned claim, as do a nine-digit
/// claim id and line id. A portal finds its entity by `scrubText(code)`
/// (a requested code shows like no other distinct code of the call) and its
/// lines by index (the returned claim keeps the input's order).
#[test]
fn a_nine_digit_code_leaves_masked_and_the_portal_matches_it_as_shown_and_by_index() {
    let member = "555123456";
    let mut c = claim(vec![line("100000001", member), line("L2", "P-100")]);
    c["id"] = json!("700000007");
    let enrollment = json!({"entities": [
        {"serviced_entity": person(member), "products": [{"code": "DENTAL-PPO", "start_date": "2026-01-01", "end_date": null}]},
        {"serviced_entity": person("P-100"), "products": [{"code": "DENTAL-PPO", "start_date": "2026-01-01", "end_date": null}]}]});
    let responses = json!([{"serviced_entity": person(member), "products": [{"code": "DENTAL-PPO",
        "start_date": "2026-01-01", "end_date": null, "messages": [{"code": "PAID-IN-FULL", "parameters": {}}]}]},
        {"serviced_entity": person("P-100"), "products": []}]);
    let r = apply_payment_status_str(
        c.to_string().as_str(),
        enrollment.to_string().as_str(),
        responses.to_string().as_str(),
        fixture("catalogue.json").as_str(),
        fixture("options.json").as_str(),
    );
    assert!(r.valid, "{:?}", r.issues);
    let shown = enroll_engine::privacy::to_value(&r).unwrap();
    let codes: Vec<&Value> = shown["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| &q["serviced_entity"]["code"])
        .collect();
    let as_shown = enroll_engine::privacy::scrub(member).into_owned();
    assert_eq!(as_shown, "*****3456");
    assert_eq!(codes, [&json!(as_shown), &json!("P-100")]);
    assert_eq!(shown["claim"]["id"], "*****0007");
    let lines = shown["claim"]["lines"].as_array().unwrap();
    let ids: Vec<&Value> = lines.iter().map(|l| &l["id"]).collect();
    assert_eq!(ids, [&json!("*****0001"), &json!("L2")]);
    // The response naming the whole code was matched: its message is on line 0.
    assert_eq!(lines[0]["serviced_entity"]["code"], "*****3456");
    let attached: Vec<&Value> = lines[0]["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["code"])
        .collect();
    assert_eq!(attached, [&json!("PAID-IN-FULL")]);
}
