//! What a preview's routed scoping (`Scope::routed`, review 28f #1) costs,
//! counted rather than timed: `D` dependents sharing one
//! `custom_individual_id`, enrolled by that id at `C` carriers. Each
//! dependent was given its own copy of the key's `C` carriers, twice
//! (dependents × carriers: 2.64 MB of input killed the wasm instance); the
//! routes are now kept once per person key, so the bytes a preview
//! allocates per byte of input stay flat as both grow.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "common/alloc.rs"]
mod counting;

use counting::allocated_by;

use enroll_engine::model::Timestamp;
use enroll_engine::preview::{Preview, PreviewOptions};
use enroll_engine::Engine;
use serde_json::{json, Value};

fn carrier(k: usize) -> String {
    format!("0b1e5c2a-6a4f-4d4e-9c1b-{k:012x}")
}

fn plan(k: usize) -> String {
    format!("7c0d6e1f-1a2b-4c3d-8e4f-{k:012x}")
}

/// A group of `c` carriers, one medical plan each.
fn engine(c: usize) -> Engine {
    let carriers: Vec<Value> = (0..c).map(|k| json!({"id": carrier(k)})).collect();
    let plans: Vec<Value> = (0..c)
        .map(|k| {
            json!({"id": plan(k), "carrier_id": carrier(k), "line_of_coverage": "medical",
                   "rates": {"calculation_type": "member_based", "per_member": 10.5},
                   "employer_contribution": {"percent": 50}})
        })
        .collect();
    let config = json!({"group_id": "g", "carriers": carriers, "plans": plans});
    Engine::from_config_str(&config.to_string()).unwrap()
}

/// The reviewer's shape: `d` dependents all `custom_individual_id` "X",
/// and `c` coverages, one per carrier, each enrolling "X".
fn family(d: usize, c: usize) -> String {
    let dependents = vec![
        json!({"custom_individual_id": "X", "relationship": "child",
               "person": {"first_name": "K", "last_name": "L"}});
        d
    ];
    let coverages: Vec<Value> = (0..c)
        .map(|k| {
            json!({"carrier_id": carrier(k), "line_of_coverage": "medical", "plan_id": plan(k),
                   "enrolled_members": [{"individual_type": "dependent", "custom_individual_id": "X",
                                         "effective_start_date": "2026-01-01"}]})
        })
        .collect();
    let address = json!({"street_one": "1 Main St", "city": "Portland", "state": "OR", "zip_code": "97201"});
    json!({
        "snapshot_mode": "current_open",
        "employee": {"id": "e1000000-0000-4000-8000-000000000000", "custom_individual_id": "EMP-1",
                     "person": {"first_name": "Ann", "last_name": "Lee", "date_of_birth": "1980-01-02",
                                "sex": "F", "ssn": "536221234", "home_address": address},
                     "employment": {"employment_status": "full-time", "hours_worked": 40,
                                    "employment_dates": {"hire_date": "2020-01-01"}}},
        "dependents": dependents,
        "coverages": coverages,
        "events": [{"id": "oe", "date": "2026-01-01", "type": "coverage", "reason": "open_enrollment"}],
        "omitted_coverage_handling": {"policy": "terminate", "termination_rule": "end_of_current_month"}
    })
    .to_string()
}

/// The preview of `family(d, c)` and the bytes it allocated per byte of input.
fn preview_counted(d: usize, c: usize) -> (Preview, usize) {
    let (e, cur) = (engine(c), family(d, c));
    let opts = PreviewOptions {
        now: Timestamp::parse("2026-02-01T12:00:00Z").unwrap(),
    };
    let (p, bytes) = allocated_by(|| e.preview_str(None, &cur, &opts));
    (p, bytes / cur.len())
}

/// (code, number of carriers) of each blocking issue kept.
fn blocking(p: &Preview) -> Vec<(String, usize)> {
    p.issues
        .iter()
        .filter(|i| i.severity.blocks())
        .map(|i| (i.code.clone(), i.carrier_ids.len()))
        .collect()
}

/// Review 28f #1: 400 dependents × 200 carriers, then 800 × 400. Every
/// dependent misses a field, which blocks every carrier routed to "X"; the
/// issues kept (as many as the result's budget allows, then
/// `too_many_issues`) each name all of them, as before. The old code
/// allocated 590 then 673 bytes per byte of input (growing with
/// dependents × carriers); now 380 then 238.
#[test]
fn dependents_sharing_a_key_share_its_routes() {
    for (d, c, kept) in [(400, 200, 101), (800, 400, 51)] {
        let (p, _) = preview_counted(d, c);
        let b = blocking(&p);
        assert_eq!(b.len(), kept, "{d} × {c}");
        assert!(
            b[..kept - 1]
                .iter()
                .all(|(code, n)| code == "missing_field" && *n == c),
            "{b:?}"
        );
        assert_eq!(b[kept - 1], ("too_many_issues".to_owned(), c));
        let all: Vec<String> = (0..c).map(carrier).collect();
        assert_eq!(p.issues[0].carrier_ids, all);
        assert_eq!(p.fulfillment_summary.len(), c);
        assert!(p.differences.is_empty());
    }
    let (_, small) = preview_counted(400, 200);
    let (_, large) = preview_counted(800, 400);
    assert!(
        large <= small,
        "{small} then {large} bytes allocated per byte of input"
    );
    assert!(large < 400, "{large} bytes allocated per byte of input");
}

/// Review 29e F1: the previous snapshot's one dependent "X", enrolled at
/// `c` carriers, is gone (the coverages dropped, `terminate`); the current
/// one lists `d` dependents without ids, whom the diff pairs with no one.
/// Each could be "X": its issues block every carrier X's removal goes to.
/// The removed one's carriers are one list for all of them, searched and
/// marked once, not copied per dependent (dependents × carriers); the
/// preview and the bytes it allocated per byte of input (389, then 226).
fn unpaired_counted(d: usize, c: usize) -> (Preview, usize) {
    let e = engine(c);
    let mut prev: Value = serde_json::from_str(&family(1, c)).unwrap();
    let mut cur: Value = serde_json::from_str(&family(d, 0)).unwrap();
    prev["dependents"][0]["person"]["date_of_birth"] = json!("2010-01-01");
    for dependent in cur["dependents"].as_array_mut().unwrap() {
        dependent.as_object_mut().unwrap().remove("custom_individual_id");
    }
    let (prev, cur) = (prev.to_string(), cur.to_string());
    let opts = PreviewOptions {
        now: Timestamp::parse("2026-02-01T12:00:00Z").unwrap(),
    };
    let (p, bytes) = allocated_by(|| e.preview_str(Some(&prev), &cur, &opts));
    (p, bytes / (prev.len() + cur.len()))
}

/// The issues kept (as many as the result's budget allows, then
/// `too_many_issues`) each name every carrier, and the cost per byte of
/// input does not grow with dependents × carriers.
#[test]
fn dependents_that_could_not_be_paired_share_the_removed_ones_carriers() {
    for (d, c, kept) in [(400, 200, 101), (800, 400, 51)] {
        let (p, _) = unpaired_counted(d, c);
        let b = blocking(&p);
        assert_eq!(b.len(), kept, "{d} × {c}");
        // The employee's missing mailing address reaches no carrier (the
        // current snapshot lists none, and none is sent a change of hers);
        // every dependent's issue reaches every carrier X's removal goes to.
        assert_eq!(b[0], ("missing_field".to_owned(), 0), "{d} × {c}");
        let dob = &p.issues[1];
        assert_eq!(dob.path, "/dependents/0/person/date_of_birth");
        assert_eq!(dob.carrier_ids, (0..c).map(carrier).collect::<Vec<_>>());
        assert!(b[1..].iter().all(|(_, n)| *n == c), "{d} × {c}: {b:?}");
        assert_eq!(b.last().unwrap().0, "too_many_issues", "{d} × {c}");
        assert!(p.transactions.iter().all(|t| t.blocked));
        assert_eq!(p.transactions.len(), c);
    }
    let (_, small) = unpaired_counted(400, 200);
    let (_, large) = unpaired_counted(800, 400);
    assert!(
        large <= small,
        "{small} then {large} bytes allocated per byte of input"
    );
    assert!(large < 400, "{large} bytes allocated per byte of input");
}
