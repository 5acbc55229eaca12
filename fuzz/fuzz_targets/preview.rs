//! diff() and preview() on two arbitrary documents; the prepared path
//! (engine.prepare) must give the same preview, and its hand-written JSON
//! (both modes) the serde path's.
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
        // The result's hand-written JSON is the serde path's, in both modes
        // (JS mode: the census entries), and the compact handover takes it.
        let by_hand = enroll_engine::output::to_string(&p);
        assert_eq!(Some(by_hand), enroll_engine::privacy::to_string(&p).ok(), "hand-written JSON differs");
        let (mut hand_js, mut serde_js) = (Vec::new(), Vec::new());
        let hand_exact = enroll_engine::output::to_writer_js(&mut hand_js, &p);
        let serde_exact = enroll_engine::privacy::to_writer_js(&mut serde_js, &p).unwrap_or(false);
        assert_eq!(hand_exact, serde_exact, "JS modes disagree on exactness");
        assert!(!hand_exact || hand_js == serde_js, "JS-mode texts differ");
        let mut compact = enroll_engine::output::compact::Compact::default();
        compact.preview(&p);
        assert!(!compact.numbers.is_empty(), "the compact handover wrote nothing");
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
