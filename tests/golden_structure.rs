//! Golden results of the structural cases. The same file is checked by the
//! wasm tests in Node and Chromium (tests/wasm_common), so native and wasm
//! must agree byte for byte. Regenerate with `UPDATE_GOLDEN=1 cargo test --test golden_structure`.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use enroll_engine::ValidateOptions;
use serde_json::{json, Value};

const GOLDEN: &str = "tests/golden/structure.json";

fn cases() -> Vec<(&'static str, String)> {
    let ex = example_snapshot();
    let with = |edits: &[(&str, Option<Value>)]| {
        let mut d = ex.clone();
        for (p, v) in edits {
            match v {
                Some(v) => set(&mut d, p, v.clone()),
                None => remove(&mut d, p),
            }
        }
        d.to_string()
    };
    vec![
        ("noyo_example", ex.to_string()),
        ("not_json", "{not json".into()),
        ("empty_array", "[]".into()),
        ("no_employee", with(&[("/employee", None)])),
        (
            "number_as_start_date",
            with(&[(
                "/coverages/0/enrolled_members/0/effective_start_date",
                Some(json!(20220101)),
            )]),
        ),
        (
            "cousin",
            with(&[("/dependents/0/relationship", Some(json!("cousin")))]),
        ),
        (
            "february_30",
            with(&[("/employee/person/date_of_birth", Some(json!("2022-02-30")))]),
        ),
        (
            "three_problems",
            with(&[
                ("/employee/person/home_address/zip_code", Some(json!("9410"))),
                ("/dependents/0/relationship", Some(json!("cousin"))),
                ("/coverages/2/line_of_coverage", None),
            ]),
        ),
        (
            "bad_ssn_masked",
            with(&[("/dependents/0/person/ssn", Some(json!("000-11-2222")))]),
        ),
        (
            "typo_warning",
            with(&[(
                "/employee/person/home_address",
                Some(json!({"city": "SF", "state": "CA", "street_one": "1 A St", "zipcode": "94107"})),
            )]),
        ),
    ]
}

fn run() -> Value {
    let engine = example_engine();
    let results: Vec<Value> = cases()
        .into_iter()
        .map(|(name, input)| {
            let r = engine.validate_str(&input, &ValidateOptions::default());
            // Through the output layer, as wasm results are (SSNs masked).
            let r = enroll_engine::privacy::to_value(&r).unwrap();
            json!({ "name": name, "input": input, "expected": r })
        })
        .collect();
    Value::Array(results)
}

#[test]
fn structure_golden_is_current() {
    assert_golden(GOLDEN, &run());
}
