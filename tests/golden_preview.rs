//! Golden results of diff and preview scenarios. The wasm tests in Node and
//! Chromium (tests/wasm_common) check the same file, so native and wasm must
//! agree value for value. Regenerate with `UPDATE_GOLDEN=1 cargo test --test golden_preview`.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use enroll_engine::diff::DiffOptions;
use enroll_engine::model::{Date, Timestamp};
use enroll_engine::preview::PreviewOptions;
use enroll_engine::privacy::to_value;
use enroll_engine::Engine;
use serde_json::{json, Value};

const GOLDEN: &str = "tests/golden/preview.json";
const NOW: &str = "2026-11-25T12:00:00Z";

fn scenarios() -> Vec<(&'static str, Option<Value>, Value)> {
    let base = fixture_json("three-carriers-snapshot.json");
    let with = |edits: &[(&str, Value)]| {
        let mut d = base.clone();
        for (p, v) in edits {
            set(&mut d, p, v.clone());
        }
        d
    };
    let mut without_vision = base.clone();
    without_vision["coverages"].as_array_mut().unwrap().remove(2);
    vec![
        ("new_hire", None, base.clone()),
        ("no_changes", Some(base.clone()), base.clone()),
        (
            "employee_address",
            Some(base.clone()),
            with(&[("/employee/person/home_address/zip_code", json!("97209"))]),
        ),
        (
            "dependent_name",
            Some(base.clone()),
            with(&[("/dependents/1/person/first_name", json!("Sophia"))]),
        ),
        (
            "dental_plan_change",
            Some(base.clone()),
            with(&[(
                "/coverages/1/plan_id",
                json!("7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e03"),
            )]),
        ),
        (
            "seed_002_three_carriers",
            Some(base.clone()),
            with(&[
                ("/employee/person/home_address/street_one", json!("7 Alder Court")),
                (
                    "/coverages/1/enrolled_members/1/effective_end_date",
                    json!("2025-06-30"),
                ),
            ]),
        ),
        ("omitted_vision_rejected", Some(base.clone()), without_vision),
    ]
}

fn run() -> Value {
    let engine = Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap();
    let now = Timestamp::parse(NOW).unwrap();
    let today = Date::parse("2026-11-25").ok();
    let cases: Vec<Value> = scenarios()
        .into_iter()
        .map(|(name, prev, cur)| {
            let (prev, cur) = (prev.map(|p| p.to_string()), cur.to_string());
            let diff = engine.diff_str(prev.as_deref(), &cur, &DiffOptions { today });
            let preview = engine.preview_str(prev.as_deref(), &cur, &PreviewOptions { now });
            // Results through the output layer, as wasm results are (SSNs masked).
            let (diff, preview) = (to_value(&diff).unwrap(), to_value(&preview).unwrap());
            json!({ "name": name, "previous": prev, "current": cur, "now": NOW, "today": "2026-11-25",
                    "diff": diff, "preview": preview })
        })
        .collect();
    Value::Array(cases)
}

/// A previous snapshot prepared once gives, for every current one, exactly what
/// the text calls give; a prepared unreadable previous gives the same issue.
#[test]
fn prepared_previous_gives_the_same_results() {
    let engine = Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap();
    let now = PreviewOptions {
        now: Timestamp::parse(NOW).unwrap(),
    };
    let dopts = DiffOptions {
        today: Date::parse("2026-11-25").ok(),
    };
    let mut previous: Vec<String> = scenarios()
        .into_iter()
        .filter_map(|(_, prev, _)| prev.map(|p| p.to_string()))
        .collect();
    previous.push("{".into());
    let currents: Vec<String> = scenarios()
        .into_iter()
        .map(|(_, _, cur)| cur.to_string())
        .collect();
    for prev in &previous {
        let prepared = engine.prepare(prev);
        for cur in &currents {
            let by_text = engine.preview_str(Some(prev), cur, &now);
            assert_eq!(engine.preview_prepared(Some(&prepared), cur, &now), by_text);
            assert_eq!(engine.preview_prepared(Some(&prepared), cur, &now), by_text);
            let diff = engine.diff_str(Some(prev), cur, &dopts);
            assert_eq!(engine.diff_prepared(Some(&prepared), cur, &dopts), diff);
        }
        assert_eq!(prepared.snapshot().is_some(), prev != "{");
    }
}

#[test]
fn preview_golden_is_current() {
    assert_golden(GOLDEN, &run());
}
