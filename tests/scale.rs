//! Behaviour on the worst-case shapes of issue 13 (tests/common/shapes.rs)
//! at small sizes: the results that the near-linear loops must keep exactly.
//! Timings are examples/hostile_scale.rs's job, not a test's.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
#[path = "common/shapes.rs"]
mod shapes;

use common::{assert_golden, fixture, fixture_json};
use enroll_engine::diff::{Change, DiffOptions, DiffResult, ObjectType};
use enroll_engine::model::Timestamp;
use enroll_engine::preview::PreviewOptions;
use enroll_engine::Engine;
use serde_json::{json, Value};
use shapes::Shape;

fn run(s: &Shape) -> (Value, Value) {
    let engine = Engine::from_config_str(&s.config).unwrap();
    let now = Timestamp::parse(shapes::NOW).unwrap();
    let diff = engine.diff_str(Some(&s.prev), &s.cur, &DiffOptions { today: now.date() });
    let preview = engine.preview_str(Some(&s.prev), &s.cur, &PreviewOptions { now });
    (json!(diff), json!(preview))
}

/// What the loops decide, without the validation texts other work reshapes:
/// the whole diff, and the preview (its differences are the diff's) with
/// each issue as code, path and carriers.
fn outcome(s: &Shape) -> Value {
    let (diff, mut preview) = run(s);
    let brief = |issues: &Value| -> Value {
        let list = issues.as_array().unwrap().iter();
        list.map(|i| json!([i["code"], i["path"], i["carrier_ids"]]))
            .collect()
    };
    assert_eq!(preview["differences"], diff["differences"]);
    preview.as_object_mut().unwrap().remove("differences");
    preview["issues"] = brief(&preview["issues"]);
    for c in preview["fulfillment_summary"].as_array_mut().unwrap() {
        c["errors"] = brief(&c["errors"]);
        c["warnings"] = brief(&c["warnings"]);
    }
    json!({ "diff": diff, "preview": preview })
}

/// Every shape at a small size gives exactly the results it gave before its
/// loops were made near-linear (tests/golden/scale.json).
#[test]
fn shapes_keep_their_results() {
    let mut all = serde_json::Map::new();
    for name in shapes::SHAPES {
        all.insert((*name).to_owned(), outcome(&shapes::shape(name, 7).unwrap()));
    }
    assert_golden("tests/golden/scale.json", &Value::Object(all));
}

const MEDICAL: &str = "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d01";

fn diff(prev: &Value, cur: &Value) -> DiffResult {
    let engine = Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap();
    let today = Timestamp::parse(shapes::NOW).unwrap().date();
    engine.diff_str(Some(&prev.to_string()), &cur.to_string(), &DiffOptions { today })
}

/// `(carrier, object, change, path, field keys)` of every difference.
fn summary(r: &DiffResult) -> Vec<(String, ObjectType, Change, String, Vec<String>)> {
    let keys = |d: &enroll_engine::diff::Difference| d.fields.iter().map(|f| f.key.clone()).collect();
    let list = r.differences.iter();
    list.map(|d| {
        (
            d.carrier_id.clone(),
            d.object_type,
            d.change,
            d.path.clone(),
            keys(d),
        )
    })
    .collect()
}

/// The three-carrier family with these dependents, enrolled in medical by
/// the custom ids given (besides the employee), and nothing else.
fn family(dependents: Vec<Value>, enrolled: &[&str]) -> Value {
    let mut doc = fixture_json("three-carriers-snapshot.json");
    doc["dependents"] = json!(dependents);
    let mut members = vec![doc["coverages"][0]["enrolled_members"][0].clone()];
    for id in enrolled {
        members.push(json!({"individual_type": "dependent", "custom_individual_id": id,
            "effective_start_date": "2026-01-01", "effective_end_date": "9999-12-31"}));
    }
    doc["coverages"] = json!([{"carrier_id": MEDICAL, "line_of_coverage": "medical",
        "plan_id": "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e01", "enrolled_members": members}]);
    doc
}

fn kim(middle: Option<&str>, custom: Option<&str>) -> Value {
    let mut d = json!({"relationship": "child",
        "person": {"first_name": "Kim", "last_name": "Lee", "date_of_birth": "2015-06-01", "sex": "U"}});
    if let Some(m) = middle {
        d["person"]["middle_name"] = json!(m);
    }
    if let Some(c) = custom {
        d["custom_individual_id"] = json!(c);
    }
    d
}

/// Dependents with one name and date of birth pair in document order, each
/// previous one at most once; the one left over is removed, and routed where
/// its (shared) key is enrolled.
#[test]
fn same_name_dependents_pair_in_order() {
    let prev = family(vec![kim(None, None), kim(None, None), kim(None, None)], &[]);
    let cur = family(
        vec![kim(Some("A"), Some("D0")), kim(Some("B"), Some("D1"))],
        &["D0", "D1"],
    );
    let r = diff(&prev, &cur);
    let d = |obj, change, path: &str, keys: &[&str]| {
        let keys = keys.iter().map(|k| k.to_string()).collect();
        (MEDICAL.to_owned(), obj, change, path.to_owned(), keys)
    };
    let enrollment = ["effective_end_date", "effective_start_date", "plan_id"];
    assert_eq!(
        summary(&r),
        vec![
            d(
                ObjectType::Dependent,
                Change::Modified,
                "/dependents/0/person/middle_name",
                &["person.middle_name"]
            ),
            d(
                ObjectType::Dependent,
                Change::Modified,
                "/dependents/1/person/middle_name",
                &["person.middle_name"]
            ),
            d(
                ObjectType::Dependent,
                Change::Removed,
                "/dependents/2",
                &[
                    "person.date_of_birth",
                    "person.first_name",
                    "person.last_name",
                    "person.sex",
                    "relationship"
                ]
            ),
            d(
                ObjectType::IndividualEnrollment,
                Change::Added,
                "/coverages/0/enrolled_members/1",
                &enrollment
            ),
            d(
                ObjectType::IndividualEnrollment,
                Change::Added,
                "/coverages/0/enrolled_members/2",
                &enrollment
            ),
        ]
    );
    let middle = |k: usize| r.differences[k].fields[0].after.clone();
    assert_eq!((middle(0), middle(1)), (json!("A"), json!("B")));
}

/// Repeated ids pair in order too: the first current dependent with an id
/// takes the first previous one with it, the next the next.
#[test]
fn repeated_ids_pair_in_order() {
    let dep = |id: &str, name: &str| {
        json!({"id": id, "custom_individual_id": id, "relationship": "child",
            "person": {"first_name": name, "last_name": "Lee", "date_of_birth": "2015-06-01", "sex": "U"}})
    };
    let (a, b) = (
        "e1000000-0000-4000-8000-00000000000a",
        "e1000000-0000-4000-8000-00000000000b",
    );
    let prev = family(vec![dep(a, "P0"), dep(a, "P1"), dep(b, "P2")], &[a, b]);
    let cur = family(vec![dep(a, "C0"), dep(b, "C1"), dep(a, "C2")], &[a, b]);
    let r = diff(&prev, &cur);
    let names: Vec<(String, Value, Value)> = r
        .differences
        .iter()
        .filter(|d| d.object_type == ObjectType::Dependent)
        .map(|d| {
            (
                d.path.clone(),
                d.fields[0].before.clone(),
                d.fields[0].after.clone(),
            )
        })
        .collect();
    assert_eq!(
        names,
        vec![
            ("/dependents/0/person/first_name".into(), json!("P0"), json!("C0")),
            ("/dependents/1/person/first_name".into(), json!("P2"), json!("C1")),
            ("/dependents/2/person/first_name".into(), json!("P1"), json!("C2")),
        ]
    );
    assert!(r.differences.iter().all(|d| d.change == Change::Modified));
}

/// Unknown fields: one difference per group, groups in the order of their
/// first change even when another group's keys sort between theirs
/// (`person.a`, `person.a-x`, `person.a.b`).
#[test]
fn unknown_field_groups_keep_their_order() {
    let mut prev = fixture_json("three-carriers-snapshot.json");
    prev["employee"]["person"]["a"] = json!("s");
    prev["employee"]["person"]["a-x"] = json!(1);
    let mut cur = prev.clone();
    cur["employee"]["person"]["a"] = json!({"b": 1});
    cur["employee"]["person"]["a-x"] = json!(2);
    let r = diff(&prev, &cur);
    let first_carrier: Vec<(String, Vec<String>)> = summary(&r)
        .into_iter()
        .filter(|d| d.0 == MEDICAL)
        .map(|d| (d.3, d.4))
        .collect();
    assert_eq!(
        first_carrier,
        vec![
            (
                "/employee/person/a".to_owned(),
                vec!["person.a".to_owned(), "person.a.b".to_owned()]
            ),
            ("/employee/person/a-x".to_owned(), vec!["person.a-x".to_owned()]),
        ]
    );
    // The employee's change goes to every carrier of the family, in their order.
    let carriers: Vec<&str> = r.differences.iter().map(|d| d.carrier_id.as_str()).collect();
    assert_eq!(carriers.len(), 6);
    assert_eq!(r.transactions.len(), 3);
}

/// An issue blocking every carrier is listed with all of them in `issues`,
/// and with only its own carrier in each carrier's `errors`: the summary
/// grows with carriers × issues, not with the square of the carriers.
#[test]
fn a_carriers_errors_name_that_carrier_alone() {
    let (_, preview) = run(&shapes::shape("carriers", 5).unwrap());
    let all: Vec<Value> = preview["carriers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["carrier_id"].clone())
        .collect();
    assert_eq!(all.len(), 5);
    let everywhere = |i: &&Value| i["carrier_ids"].as_array() == Some(&all);
    let issue = preview["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(everywhere)
        .unwrap();
    for c in preview["fulfillment_summary"].as_array().unwrap() {
        let copy = c["errors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["path"] == issue["path"]);
        assert_eq!(copy.unwrap()["carrier_ids"], json!([c["carrier_id"]]));
    }
}

/// 400 carriers × 200 changed fields would be 80,000 differences, about
/// 40 MB: over the budget (8 × the input + 1 MiB), none are built and one
/// fatal issue says how many there were (docs/api.md, Limits).
#[test]
fn differences_over_their_budget_are_refused_with_one_fatal_issue() {
    let s = shapes::wide(400, 200);
    let (diff, preview) = run(&s);
    let budget = 8 * (s.prev.len() + s.cur.len()) + 1024 * 1024;
    assert!(budget < 16 * 1024 * 1024);
    assert_eq!(diff["differences"], json!([]));
    assert_eq!(diff["transactions"], json!([]));
    let issues = diff["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 1);
    let t = &issues[0];
    assert_eq!(t["code"], "too_many_differences");
    assert_eq!(t["severity"], "fatal");
    assert_eq!(t["path"], "");
    assert_eq!(t["params"], json!({"limit": budget, "differences": 80_000}));
    let grouped = |n: usize| {
        let d = n.to_string();
        let mut out = String::new();
        for (i, c) in d.chars().enumerate() {
            if i > 0 && (d.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    assert_eq!(
        t["message"],
        format!(
            "The change set is too large: its 80,000 differences would exceed {} bytes, the limit; none are returned.",
            grouped(budget)
        )
    );
    assert_eq!(t["carrier_ids"].as_array().unwrap().len(), 400);
    // The preview is invalid at every carrier, and small.
    assert_eq!(preview["valid"], false);
    assert_eq!(preview["differences"], json!([]));
    let summary = preview["fulfillment_summary"].as_array().unwrap();
    assert_eq!(summary.len(), 400);
    assert!(summary.iter().all(|c| c["status"] == "invalid"));
    assert!(preview.to_string().len() < 4 * (s.prev.len() + s.cur.len()));
}

/// The budget never passes 16 MiB, however large the input: a diff of
/// typed snapshots (no text) has that budget alone.
#[test]
fn the_result_budget_is_eight_times_the_input_plus_1_mib_at_most_16_mib() {
    use enroll_engine::validate::limits::result_budget;
    assert_eq!(result_budget(0), 1024 * 1024);
    assert_eq!(result_budget(8192), 65_536 + 1024 * 1024);
    assert_eq!(result_budget(4 * 1024 * 1024), 16 * 1024 * 1024);
    assert_eq!(result_budget(usize::MAX), 16 * 1024 * 1024);
}

/// Under the budget every difference is returned, one per field and carrier.
#[test]
fn differences_under_the_limit_are_all_returned() {
    let (diff, preview) = run(&shapes::wide(40, 20));
    assert_eq!(diff["differences"].as_array().unwrap().len(), 800);
    assert_eq!(diff["transactions"].as_array().unwrap().len(), 40);
    assert_eq!(diff["issues"], json!([]));
    assert_eq!(preview["differences"], diff["differences"]);
}

/// A person's name labels each of their differences cut to 64 characters
/// and `…`, however long it is.
#[test]
fn a_long_name_labels_differences_cut_to_64_characters() {
    let prev = family(vec![], &[]);
    let mut cur = prev.clone();
    cur["employee"]["person"]["first_name"] = json!("A".repeat(100_000));
    let r = diff(&prev, &cur);
    let names: Vec<&str> = r.differences.iter().map(|d| d.individual.name.as_str()).collect();
    assert_eq!(names, [format!("{}…", "A".repeat(64))]);
}

fn long_id(tag: &str, ssn: &str) -> String {
    format!("{}-{ssn}-{tag}", "X".repeat(50_000))
}

/// Identities over 128 bytes are keyed by the digest of their scrubbed text:
/// the same long custom id still pairs the same dependent, two that differ
/// only in masked digits stay two people with two references, and no
/// reference changes with a masked digit.
#[test]
fn long_identities_pair_and_stay_distinct_without_revealing_masked_digits() {
    let dep = |custom: &str, middle: &str| {
        let mut d = kim(Some(middle), Some(custom));
        d["person"]["first_name"] = json!(format!("Kim{}", custom.len() + middle.len()));
        d
    };
    let (a, b) = (long_id("a", "219453876"), long_id("a", "536221234"));
    let prev = family(vec![dep(&a, "A"), dep(&b, "B")], &[&a, &b]);
    let mut cur = prev.clone();
    cur["dependents"][1]["person"]["middle_name"] = json!("Bee");
    let r = diff(&prev, &cur);
    // One modification of the second dependent: both were paired.
    let s = summary(&r);
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!((s[0].1, s[0].2), (ObjectType::Dependent, Change::Modified));
    let engine = Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap();
    let now = Timestamp::parse(shapes::NOW).unwrap();
    let refs = |doc: &Value| -> Vec<String> {
        let p = engine.preview_str(None, &doc.to_string(), &PreviewOptions { now });
        p.acknowledgement
            .individuals
            .iter()
            .map(|i| i.reference.clone())
            .collect()
    };
    let first = refs(&cur);
    assert_eq!(first.len(), 3);
    assert!(first[1] != first[2]);
    // Other masked digits (all but the last four, which are shown): the
    // same references.
    let (c, d) = (long_id("a", "111223876"), long_id("a", "444551234"));
    let other = family(vec![dep(&c, "A"), dep(&d, "Bee")], &[&c, &d]);
    assert_eq!(refs(&other), first);
}

/// A difference's path is a JSON Pointer (RFC 6901) even when the changed
/// field is an unknown one whose key holds `/` or `~`.
#[test]
fn a_difference_path_escapes_an_unknown_fields_key() {
    let prev = family(vec![], &[]);
    let mut cur = prev.clone();
    cur["employee"]["person"]["a/b~c"] = json!("x");
    let r = diff(&prev, &cur);
    let paths: Vec<&str> = r.differences.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["/employee/person/a~1b~0c"]);
    let keys: Vec<&str> = r.differences[0].fields.iter().map(|f| f.key.as_str()).collect();
    // In the dotted key, a key's own `~` is `~0` (and `.` is `~1`).
    assert_eq!(keys, ["person.a/b~0c"]);
}
