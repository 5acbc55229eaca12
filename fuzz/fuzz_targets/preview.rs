//! diff() and preview() on two arbitrary documents; the prepared path
//! (engine.prepare) must give the same preview.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    thread_local!(static ENGINE: enroll_engine::Engine = common::three_carriers());
    let p = common::parts(data, 2);
    let (prev, cur) = (
        p.first().cloned().unwrap_or_default(),
        p.get(1).cloned().unwrap_or_default(),
    );
    let prev = (!prev.is_empty()).then_some(prev);
    let now = enroll_engine::model::Timestamp::parse("2026-11-25T12:00:00Z").unwrap_or_else(|| panic!("now"));
    ENGINE.with(|e| {
        let _ = e.diff_str(
            prev.as_deref(),
            &cur,
            &enroll_engine::diff::DiffOptions::default(),
        );
        let p = e.preview_str(
            prev.as_deref(),
            &cur,
            &enroll_engine::preview::PreviewOptions { now },
        );
        let _ = serde_json::to_string(&p);
        if let Some(prev) = prev.as_deref() {
            let prepared = e.prepare(prev);
            let again = e.preview_prepared(
                Some(&prepared),
                &cur,
                &enroll_engine::preview::PreviewOptions { now },
            );
            assert_eq!(again, p, "prepared preview differs");
        }
    });
});
