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

use common::assert_golden;
use enroll_engine::diff::DiffOptions;
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
