//! A census record (any text) through `api::record::preview_record`, as
//! `engine.previewRecord` calls it: never a panic; an answer is written
//! through the output layer's JS mode, and what it writes is JSON; the
//! hand-written JS mode (what the binding tries first) writes the same.
//! (tests/js/record.test.mjs compares the bytes with the JS way.)
#![no_main]
use enroll_engine::api::{self, record::Record, Measured};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    thread_local!(static ENGINE: enroll_engine::Engine = common::three_carriers());
    let record = String::from_utf8_lossy(data).into_owned();
    let options = Ok(Some(Measured::Fits(r#"{"now": "2026-11-25T12:00:00Z"}"#.to_owned())));
    ENGINE.with(|e| {
        let answer = api::record::preview_record(e, Ok(Measured::Fits(record)), options);
        if let Ok(Record::Answer(preview)) = answer {
            let mut out = Vec::new();
            let exact = enroll_engine::privacy::to_writer_js(&mut out, &preview);
            assert!(exact.is_ok(), "the JS-mode writer failed");
            assert!(serde_json::from_slice::<serde_json::Value>(&out).is_ok(), "not JSON");
            // The census entry writes by hand first (`output::to_writer_js`):
            // exact where the serde path is, and then the same bytes.
            let mut by_hand = Vec::new();
            let hand_exact = enroll_engine::output::to_writer_js(&mut by_hand, &preview);
            assert_eq!(Some(hand_exact), exact.as_ref().ok().copied(), "JS modes disagree on exactness");
            assert!(!hand_exact || by_hand == out, "JS-mode texts differ");
        }
    });
});
