//! Status events folded onto a real preview: arbitrary event arrays.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    thread_local!(static PREVIEW: serde_json::Value = {
        let snapshot = include_str!("../../tests/fixtures/three-carriers-snapshot.json");
        let now = enroll_engine::model::Timestamp::parse("2025-12-01T12:00:00Z").unwrap_or_else(|| panic!("now"));
        let p = common::three_carriers().preview_str(None, snapshot, &enroll_engine::preview::PreviewOptions { now });
        serde_json::to_value(p).unwrap_or_default()
    });
    let Ok(events) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let now = enroll_engine::model::Timestamp::parse("2026-01-20T00:00:00Z").unwrap_or_else(|| panic!("now"));
    let opts = enroll_engine::fulfillment::lifecycle::FoldOptions {
        now,
        verification_grace_days: 7,
    };
    PREVIEW.with(|p| {
        if let Ok(r) = enroll_engine::fulfillment::fold::fold_json(p, &events, &opts) {
            let state = serde_json::to_value(&r).unwrap_or_default();
            let again = enroll_engine::fulfillment::fold::fold_json(&state, &events, &opts);
            assert!(again.is_ok(), "a fold result must be foldable again");
        }
    });
});
