//! The structural layer against Noyo's published schema itself: thousands of
//! mutations of Noyo's example, each judged by a JSON Schema validator
//! (jsonschema crate, formats asserted) and by the engine. A document the
//! schema rejects must never be `valid`, and every location the schema
//! complains about must be reported; a document it accepts must never get a
//! fatal issue, and may only get errors from the documented stricter checks.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use enroll_engine::Severity;
use serde_json::{json, Value};

/// Checks the engine makes beyond the schema (docs/api.md, "Structural layer").
const STRICTER: &[&str] = &["impossible_date", "invalid_email"];

/// Noyo's OpenAPI 3.0 schema objects as a Draft 2020-12 JSON Schema (the
/// draft where `uuid` is a format), with OpenAPI's own meanings spelled out:
/// `nullable: true` adds a `null` type; `format: int32` bounds the integer.
fn schema() -> Value {
    fn convert(v: &mut Value) {
        match v {
            Value::Object(m) => {
                if m.remove("nullable") == Some(Value::Bool(true)) {
                    if let Some(Value::String(t)) = m.get("type").cloned() {
                        m.insert("type".into(), json!([t, "null"]));
                    }
                }
                if m.get("format") == Some(&json!("int32")) {
                    m.insert("minimum".into(), json!(i32::MIN));
                    m.insert("maximum".into(), json!(i32::MAX));
                }
                m.values_mut().for_each(convert);
            }
            Value::Array(a) => a.iter_mut().for_each(convert),
            _ => {}
        }
    }
    let mut doc = fixture_json("noyo-inbound-member-snapshot.openapi.json");
    convert(&mut doc);
    json!({
        "$ref": "#/components/schemas/InboundMemberSnapshot",
        "components": doc["components"],
    })
}

fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                pointers(x, format!("{at}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                pointers(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

fn replacements() -> Vec<Option<Value>> {
    let mut r: Vec<Option<Value>> = vec![None]; // None = delete
    for v in [
        json!(null),
        json!(0),
        json!(40),
        json!(1.5),
        json!(-3),
        json!(3_000_000_000u64),
        json!(true),
        json!(""),
        json!("x"),
        json!("2022-02-30"),
        json!("2024-02-29"),
        json!("2022-2-1"),
        json!("123-45-6789"),
        json!("000123456"),
        json!("666123456"),
        json!("94107-1234"),
        json!("9410"),
        json!("5f2a86e2-4c1e-4b8e-9d3e-2a1b3c4d5e6f"),
        json!("CA"),
        json!("a@b.co"),
        json!("a@b"),
        json!("dependent"),
        json!("child"),
        json!("cousin"),
        json!("current_open"),
        json!("9999-12-31"),
        json!([]),
        json!([{}]),
        json!(["pipe"]),
        json!({}),
    ] {
        r.push(Some(v));
    }
    r
}

fn mutate(doc: &Value, pointer: &str, with: &Option<Value>) -> Option<Value> {
    let mut d = doc.clone();
    if pointer.is_empty() {
        return with.clone();
    }
    match with {
        Some(v) => *d.pointer_mut(pointer)? = v.clone(),
        None => remove(&mut d, pointer),
    }
    Some(d)
}

/// Richer than Noyo's example: every optional sub-document present once.
fn rich_example() -> Value {
    let mut doc = example_snapshot();
    doc["employee"]["person"]["details"] = json!({
        "american_indian": {"state": "AK", "tribe": "Tlingit"},
        "disability": {"communication": false, "disabled": false, "reason": "n/a"},
        "is_military": false, "is_student": false,
        "tobacco": {"duration": "5 years", "frequency": "Daily", "types": ["pipe"], "user": true}
    });
    doc["employee"]["employment"]["employment_dates"]["terminated"] = json!("2030-01-31");
    doc["coverages"][0]["cobra_details"] = json!({
        "cobra_enrolled": false, "eligibility_end_date": "2031-12-31", "eligibility_start_date": "2030-02-01",
        "qualifying_event_date": "2030-01-31", "qualifying_event_reason": "layoff"
    });
    doc["coverages"][0]["enrolled_members"][0]["pcp_details"] = json!({"providers": [{
        "identification_code": "1234567890", "identification_code_type": "national_provider_identifier",
        "entity_identifier_code": "pcp", "entity_type": "person", "patient_relationship_code": "established"
    }]});
    doc["omitted_coverage_handling"] = json!({"policy": "terminate", "termination_rule": "custom",
        "custom": {"effective_end_date": "2030-01-31"}});
    doc["coverages"][1]["custom_plan_id"] = json!("DHMO-1");
    doc
}

#[test]
fn engine_agrees_with_noyo_schema_on_every_mutation() {
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .should_ignore_unknown_formats(true)
        .build(&schema())
        .unwrap();
    // The schema we publish (pkg/schema/), generated from the structural layer.
    let published = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&enroll_engine::validate::describe::snapshot_schema())
        .unwrap();
    let engine = example_engine();
    let base = rich_example();
    assert!(
        published.is_valid(&base),
        "the rich example must satisfy our published schema"
    );
    assert!(
        validator.is_valid(&base),
        "the rich example must satisfy the schema"
    );
    let mut ps = Vec::new();
    pointers(&base, String::new(), &mut ps);
    let (mut accepted, mut rejected) = (0, 0);
    for p in &ps {
        for with in replacements() {
            let Some(doc) = mutate(&base, p, &with) else {
                continue;
            };
            let r = validate(&engine, &doc);
            let errors: Vec<_> = validator.iter_errors(&doc).collect();
            // Our published schema says exactly what the structural layer says.
            let structural_error = r
                .issues
                .iter()
                .any(|i| i.severity.blocks() && is_structural(&i.code));
            let published_rejects = !published.is_valid(&doc);
            let email_only = r
                .issues
                .iter()
                .filter(|i| i.severity.blocks() && is_structural(&i.code))
                .all(|i| i.code == "invalid_email");
            assert!(
                published_rejects == structural_error || (email_only && !published_rejects),
                "published schema {} but the engine {}: {p} := {with:?}",
                if published_rejects { "rejects" } else { "accepts" },
                if structural_error {
                    "reports a structural error"
                } else {
                    "does not"
                },
            );
            let ctx = || {
                format!(
                    "{p} := {with:?}\nschema: {:?}\nengine: {:#?}",
                    errors
                        .iter()
                        .map(|e| (e.instance_path().to_string(), e.to_string()))
                        .collect::<Vec<_>>(),
                    r.issues
                )
            };
            if errors.is_empty() {
                accepted += 1;
                assert!(
                    r.issues.iter().all(|i| i.severity != Severity::Fatal),
                    "accepted doc got a fatal issue: {}",
                    ctx()
                );
                assert!(
                    r.issues
                        .iter()
                        .filter(|i| i.severity.blocks() && is_structural(&i.code))
                        .all(|i| STRICTER.contains(&i.code.as_str())),
                    "accepted doc got an undocumented error: {}",
                    ctx()
                );
            } else {
                rejected += 1;
                assert!(!r.valid, "schema rejects but engine says valid: {}", ctx());
                for e in &errors {
                    let at = e.instance_path().to_string();
                    let covered = r.issues.iter().any(|i| {
                        i.severity.blocks() && (i.path == at || i.path.starts_with(&format!("{at}/")))
                    });
                    assert!(covered, "schema error at {at:?} not reported: {}", ctx());
                }
            }
        }
    }
    eprintln!("schema accepted {accepted} mutants, rejected {rejected}");
    // The mutations must exercise both sides substantially.
    assert!(
        accepted > 300 && rejected > 1500,
        "accepted {accepted}, rejected {rejected}"
    );
}
