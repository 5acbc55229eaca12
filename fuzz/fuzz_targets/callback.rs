//! Incoming callbacks: parse, and verify signatures over arbitrary input.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let p = common::parts(data, 2);
    let body = p.first().cloned().unwrap_or_default();
    let _ = enroll_engine::callback::parse_callback_str(&body);
    let signature = p.get(1).cloned().unwrap_or_default();
    let secret = enroll_engine::callback::CallbackSecret::new(b"whsec_0123456789abcdef".to_vec())
        .unwrap_or_else(|e| panic!("{e}"));
    let tolerance = enroll_engine::callback::Tolerance::seconds(300).unwrap_or_else(|e| panic!("{e}"));
    let _ = enroll_engine::callback::verify(
        &secret,
        1_700_000_000,
        &body,
        &signature,
        1_700_000_100,
        tolerance,
    );
    let _ = enroll_engine::callback::verify_header(&secret, &signature, &body, 1_700_000_100, tolerance);
});
