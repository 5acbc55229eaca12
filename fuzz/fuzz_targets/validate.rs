//! validate() on arbitrary text: never panics, always an answer.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    thread_local!(static ENGINE: enroll_engine::Engine = common::three_carriers());
    let text = String::from_utf8_lossy(data);
    let opts = enroll_engine::ValidateOptions {
        today: enroll_engine::model::Date::parse("2026-11-25").ok(),
    };
    ENGINE.with(|e| {
        let r = e.validate_str(&*text, &opts);
        assert_eq!(r.valid, !r.issues.iter().any(|i| i.severity.blocks()));
    });
});
