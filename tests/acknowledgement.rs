//! The acknowledgement (source S4, issue 14) of removals: the people and
//! coverage items of the previous snapshot the current one removed are
//! items too, with the reference they had, a path into the previous
//! snapshot and the state of the carrier their removal goes to; a person
//! takes their removed items' states; a coverage without a carrier is an
//! item, rejected (review 31h A).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use enroll_engine::api::{engine as api, Arg, Measured, Text};
use enroll_engine::fulfillment::fold::fold_json;
use enroll_engine::fulfillment::lifecycle::FoldOptions;
use enroll_engine::model::Timestamp;
use enroll_engine::preview::PreviewOptions;
use enroll_engine::Engine;
use serde_json::{json, Value};

const BEAM: &str = "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d01";
const GUARDIAN: &str = "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d02";
const CIGNA: &str = "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d03";
const NOW: &str = "2026-02-10T12:00:00Z";

fn engine() -> Engine {
    Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap()
}

fn preview(prev: Option<&Value>, cur: &Value) -> Value {
    let opts = PreviewOptions {
        now: Timestamp::parse(NOW).unwrap(),
    };
    let p = engine().preview_str(prev.map(Value::to_string).as_deref(), &cur.to_string(), &opts);
    serde_json::to_value(p).unwrap()
}

fn fold(p: &Value, events: Vec<Value>, now: &str) -> Value {
    let opts = FoldOptions {
        now: Timestamp::parse(now).unwrap(),
        verification_grace_days: 7,
    };
    serde_json::to_value(fold_json(p, &Value::Array(events), &opts).unwrap()).unwrap()
}

/// The family with `policy` for omitted coverages.
fn family(policy: &str) -> Value {
    let mut f = fixture_json("three-carriers-snapshot.json");
    f["omitted_coverage_handling"] = json!({ "policy": policy });
    f
}

/// `family` without Luis (dependents[0]) and his enrollments.
fn without_luis(policy: &str) -> Value {
    let mut f = family(policy);
    let luis = f["dependents"][0]["id"].as_str().unwrap().to_owned();
    f["dependents"].as_array_mut().unwrap().remove(0);
    for c in f["coverages"].as_array_mut().unwrap() {
        c["enrolled_members"]
            .as_array_mut()
            .unwrap()
            .retain(|m| m["individual_id"] != json!(luis));
    }
    f
}

/// Each person as (name, path, removed, state, issue codes).
fn people(ack: &Value) -> Vec<(String, String, bool, String, Vec<String>)> {
    let list = ack["individuals"].as_array().unwrap();
    list.iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_owned(),
                p["path"].as_str().unwrap().to_owned(),
                p["removed"].as_bool().unwrap(),
                p["state"].as_str().unwrap().to_owned(),
                serde_json::from_value(p["issue_codes"].clone()).unwrap(),
            )
        })
        .collect()
}

/// Each coverage item as (carrier, path, removed, state, issue codes).
fn items(ack: &Value) -> Vec<(Value, String, bool, String, Vec<String>)> {
    let list = ack["coverages"].as_array().unwrap();
    list.iter()
        .map(|c| {
            (
                c["carrier_id"].clone(),
                c["path"].as_str().unwrap().to_owned(),
                c["removed"].as_bool().unwrap(),
                c["state"].as_str().unwrap().to_owned(),
                serde_json::from_value(c["issue_codes"].clone()).unwrap(),
            )
        })
        .collect()
}

fn person(
    name: &str,
    path: &str,
    removed: bool,
    state: &str,
    codes: &[&str],
) -> (String, String, bool, String, Vec<String>) {
    let codes = codes.iter().map(|c| (*c).to_owned()).collect();
    (name.into(), path.into(), removed, state.into(), codes)
}

fn item(
    carrier: &str,
    path: &str,
    removed: bool,
    state: &str,
    codes: &[&str],
) -> (Value, String, bool, String, Vec<String>) {
    let codes = codes.iter().map(|c| (*c).to_owned()).collect();
    (json!(carrier), path.into(), removed, state.into(), codes)
}

/// The reference of the item at `path` (of the side `removed` says).
fn reference_at(ack: &Value, path: &str, removed: bool) -> String {
    let list = ack["coverages"].as_array().unwrap();
    let found = list
        .iter()
        .find(|c| c["path"] == json!(path) && c["removed"] == json!(removed));
    found.unwrap()["reference"].as_str().unwrap().to_owned()
}

fn person_reference(ack: &Value, path: &str, removed: bool) -> String {
    let list = ack["individuals"].as_array().unwrap();
    let found = list
        .iter()
        .find(|p| p["path"] == json!(path) && p["removed"] == json!(removed));
    found.unwrap()["reference"].as_str().unwrap().to_owned()
}

/// 12_fold.mjs: every coverage left out, policy `terminate`. Each person
/// and every terminated item is acknowledged, with the reference it had;
/// the employee is pending while Cigna's file is, then follows the fold.
#[test]
fn a_participant_terminated_by_omission_is_acknowledged_item_by_item() {
    let prev = family("terminate");
    let mut cur = prev.clone();
    cur["coverages"] = json!([]);
    cur["dependents"] = json!([]);
    let p = preview(Some(&prev), &cur);
    let ack = &p["acknowledgement"];
    assert_eq!(
        people(ack),
        [
            person("Maria Rivera", "/employee", false, "pending", &[]),
            person("Luis Rivera", "/dependents/0", true, "accepted", &[]),
            person("Sofia Rivera", "/dependents/1", true, "pending", &[]),
        ]
    );
    let m = |i: usize, j: usize| format!("/coverages/{i}/enrolled_members/{j}");
    assert_eq!(
        items(ack),
        [
            item(BEAM, &m(0, 0), true, "accepted", &[]),
            item(BEAM, &m(0, 1), true, "accepted", &[]),
            item(BEAM, &m(0, 2), true, "accepted", &[]),
            item(GUARDIAN, &m(1, 0), true, "accepted", &[]),
            item(GUARDIAN, &m(1, 1), true, "accepted", &[]),
            item(CIGNA, &m(2, 0), true, "pending", &[]),
            item(CIGNA, &m(2, 1), true, "pending", &[]),
            item(CIGNA, &m(3, 0), true, "pending", &[]),
        ]
    );
    // The references the previous snapshot's own acknowledgement gave them.
    let before = preview(None, &prev);
    let old = &before["acknowledgement"];
    for path in [m(0, 1), m(2, 1), m(3, 0)] {
        assert_eq!(reference_at(ack, &path, true), reference_at(old, &path, false));
    }
    assert_eq!(
        person_reference(ack, "/dependents/0", true),
        person_reference(old, "/dependents/0", false)
    );
    // Each item's person is one of the listed people (Sofia's vision).
    let sofia = person_reference(old, "/dependents/1", false);
    let vision = ack["coverages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["path"] == json!(m(2, 1)));
    assert_eq!(vision.unwrap()["individual_reference"], json!(sofia));

    // Canceled: every item and person canceled.
    let canceled = fold(
        &p,
        vec![json!({"type": "snapshot_canceled", "id": "ev1", "created": "2026-02-10T13:00:00Z"})],
        "2026-02-10T14:00:00Z",
    );
    let after = &canceled["acknowledgement"];
    assert!(
        people(after).iter().all(|p| p.3 == "canceled"),
        "{:?}",
        people(after)
    );
    assert!(
        items(after).iter().all(|i| i.3 == "canceled"),
        "{:?}",
        items(after)
    );

    // Beam rejects: its items and the people they terminate are rejected.
    let rejected = fold(
        &p,
        vec![
            json!({"type": "carrier_rejected", "id": "ev2", "carrier_id": BEAM,
                    "errors": ["member not found"], "created": "2026-02-10T13:00:00Z"}),
        ],
        "2026-02-10T14:00:00Z",
    );
    let after = &rejected["acknowledgement"];
    assert_eq!(
        people(after),
        [
            person(
                "Maria Rivera",
                "/employee",
                false,
                "rejected",
                &["carrier_rejected"]
            ),
            person(
                "Luis Rivera",
                "/dependents/0",
                true,
                "rejected",
                &["carrier_rejected"]
            ),
            person(
                "Sofia Rivera",
                "/dependents/1",
                true,
                "rejected",
                &["carrier_rejected"]
            ),
        ]
    );
    assert_eq!(
        items(after)[0],
        item(BEAM, &m(0, 0), true, "rejected", &["carrier_rejected"])
    );
    assert_eq!(items(after)[3], item(GUARDIAN, &m(1, 0), true, "accepted", &[]));
}

/// 28_remove_dep_callback.mjs: Luis removed (policy `terminate`) is an item
/// with his terminated enrollments, and Beam's completion names them.
#[test]
fn a_removed_dependent_is_acknowledged_and_completes() {
    let prev = family("terminate");
    let p = preview(Some(&prev), &without_luis("terminate"));
    let ack = &p["acknowledgement"];
    assert_eq!(
        people(ack),
        [
            person("Maria Rivera", "/employee", false, "accepted", &[]),
            person("Sofia Rivera", "/dependents/0", false, "accepted", &[]),
            person("Luis Rivera", "/dependents/0", true, "accepted", &[]),
        ]
    );
    let removed: Vec<_> = items(ack).into_iter().filter(|i| i.2).collect();
    assert_eq!(
        removed,
        [
            item(BEAM, "/coverages/0/enrolled_members/1", true, "accepted", &[]),
            item(GUARDIAN, "/coverages/1/enrolled_members/1", true, "accepted", &[]),
        ]
    );
    let luis = person_reference(ack, "/dependents/0", true);
    let luis_medical = reference_at(ack, "/coverages/0/enrolled_members/1", true);
    let beam = p["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["carrier_id"] == json!(BEAM))
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let steps = [
        "noyo_accepted",
        "carrier_accepted",
        "carrier_processing",
        "carrier_completed",
    ];
    let events = steps
        .iter()
        .enumerate()
        .map(|(k, s)| {
            json!({"type": "transaction_status", "id": format!("e{k}"), "transaction_id": beam,
                   "status_detail": s, "created": format!("2026-02-1{}T10:00:00Z", k + 1)})
        })
        .collect();
    let state = fold(&p, events, "2026-02-20T00:00:00Z");
    let request = json!({"event_id": "cb", "created": "2026-02-20T00:00:00Z",
                         "snapshot_id": "snap-2", "transaction_id": beam});
    let payload = engine().build_callback_json(&p, Some(&state), &request).unwrap();
    let completion = payload.completion.unwrap();
    assert!(completion.individual_references.contains(&luis), "{completion:?}");
    assert!(
        completion.coverage_references.contains(&luis_medical),
        "{completion:?}"
    );
}

/// 07_remove.mjs: under the default `reject`, Luis's removal is refused at
/// Beam and Guardian: he is listed, rejected with `omitted_coverage`.
#[test]
fn a_refused_removal_is_acknowledged_rejected() {
    let p = preview(Some(&family("reject")), &without_luis("reject"));
    let ack = &p["acknowledgement"];
    assert_eq!(
        people(ack)[2],
        person(
            "Luis Rivera",
            "/dependents/0",
            true,
            "rejected",
            &["omitted_coverage"]
        )
    );
    let removed: Vec<_> = items(ack).into_iter().filter(|i| i.2).collect();
    assert_eq!(
        removed,
        [
            item(
                BEAM,
                "/coverages/0/enrolled_members/1",
                true,
                "rejected",
                &["omitted_coverage"]
            ),
            item(
                GUARDIAN,
                "/coverages/1/enrolled_members/1",
                true,
                "rejected",
                &["omitted_coverage"]
            ),
        ]
    );
}

/// 25_unknown_carrier.mjs: a coverage without `carrier_id` is acknowledged,
/// rejected with the issue that stops it, and so are its people — also
/// after a fold, and in `details()` as in `preview`.
#[test]
fn a_coverage_without_a_carrier_is_acknowledged_rejected() {
    let mut cur = fixture_json("three-carriers-snapshot.json");
    cur["coverages"][2].as_object_mut().unwrap().remove("carrier_id");
    let p = preview(None, &cur);
    let ack = &p["acknowledgement"];
    let unrouted: Vec<_> = items(ack).into_iter().filter(|i| i.0.is_null()).collect();
    let missing = |path: &str| {
        (
            Value::Null,
            path.to_owned(),
            false,
            "rejected".to_owned(),
            vec!["missing_field".to_owned()],
        )
    };
    assert_eq!(
        unrouted,
        [
            missing("/coverages/2/enrolled_members/0"),
            missing("/coverages/2/enrolled_members/1"),
        ]
    );
    let vision = &ack["coverages"].as_array().unwrap()[ack["coverages"].as_array().unwrap().len() - 1];
    assert_eq!(vision["line_of_coverage"], json!("vision"));
    assert_eq!(
        vision["individual_reference"],
        json!(person_reference(ack, "/dependents/1", false))
    );
    assert_eq!(
        people(ack)[2],
        person(
            "Sofia Rivera",
            "/dependents/1",
            false,
            "rejected",
            &["missing_field"]
        )
    );
    let folded = fold(&p, vec![], "2026-02-10T13:00:00Z");
    assert_eq!(folded["acknowledgement"], p["acknowledgement"]);

    // `details()` of a keystroke builds the same acknowledgement.
    let e = engine();
    let text = |v: &Value| -> Arg<Text> { Ok(Measured::Fits(v.to_string())) };
    let prev = family("terminate");
    let prepared = api::prepare(&e, Ok(Some(Measured::Fits(prev.to_string())))).unwrap();
    let mut k = api::Prepared::new(prepared);
    let mut edited = without_luis("terminate");
    edited["coverages"][2]
        .as_object_mut()
        .unwrap()
        .remove("carrier_id");
    let opts = Ok(Some(Measured::Fits(json!({ "now": NOW }).to_string())));
    api::prepared_check(&e, &mut k, text(&edited), opts).unwrap();
    let details = serde_json::to_value(api::prepared_details(&e, &mut k).unwrap()).unwrap();
    let whole = preview(Some(&prev), &edited);
    assert_eq!(details["acknowledgement"], whole["acknowledgement"]);
    assert!(items(&whole["acknowledgement"]).iter().any(|i| i.2));
}

/// 1,000 dependents, each enrolled at one of 1,000 carriers, all removed:
/// acknowledging their removal (a person and an item each, the people's
/// states from 1,000 carriers) stays linear — the preview takes about what
/// the first submission of the same family takes.
#[test]
fn a_thousand_removed_dependents_at_a_thousand_carriers_stay_fast() {
    let n = 1_000;
    let carrier = |k: usize| format!("0b1e5c2a-6a4f-4d4e-9c1b-{k:012x}");
    let dependent = |k: usize| format!("d1000000-0000-4000-8000-{k:012x}");
    let carriers: Vec<Value> = (0..n).map(|k| json!({ "id": carrier(k) })).collect();
    let config = json!({ "group_id": "grp-scale", "carriers": carriers, "plans": [] });
    let engine = Engine::from_config_str(&config.to_string()).unwrap();
    let employee_id = "e1000000-0000-4000-8000-000000000000";
    let member = |id: &str| json!({ "individual_id": id, "effective_start_date": "2026-01-01", "effective_end_date": "9999-12-31" });
    let family = |dependents: bool| {
        let people: Vec<Value> = match dependents {
            true => (0..n)
                .map(|k| json!({ "id": dependent(k), "relationship": "child",
                    "person": { "first_name": format!("C{k}"), "last_name": "Lee", "date_of_birth": "2015-06-01" } }))
                .collect(),
            false => vec![],
        };
        let coverages: Vec<Value> = (0..n)
            .map(|k| {
                let mut members = vec![member(employee_id)];
                if dependents {
                    members.push(member(&dependent(k)));
                }
                json!({ "carrier_id": carrier(k), "line_of_coverage": "medical", "enrolled_members": members })
            })
            .collect();
        json!({ "snapshot_mode": "current_open",
            "employee": { "id": employee_id, "person": { "first_name": "Ann", "last_name": "Lee", "date_of_birth": "1980-01-02" } },
            "dependents": people, "coverages": coverages,
            "omitted_coverage_handling": { "policy": "terminate" } })
    };
    let (all, alone) = (family(true).to_string(), family(false).to_string());
    let opts = PreviewOptions {
        now: Timestamp::parse(NOW).unwrap(),
    };
    let timed = |prev: Option<&str>, cur: &str| {
        let started = std::time::Instant::now();
        let p = engine.preview_str(prev, cur, &opts);
        (p, started.elapsed())
    };
    let (_, plain) = timed(None, &all);
    let (p, removal) = timed(Some(&all), &alone);
    let ack = &p.acknowledgement;
    assert_eq!(ack.individuals.iter().filter(|i| i.removed).count(), n);
    assert_eq!(ack.coverages.iter().filter(|c| c.removed).count(), n);
    assert!(
        removal < plain * 3,
        "removal {removal:?}, first submission {plain:?}"
    );
}
