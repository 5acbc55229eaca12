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
    let _ = enroll_engine::callback::verify(b"secret", 1_700_000_000, &body, &signature, 1_700_000_100, 300);
    let _ = enroll_engine::callback::verify_header(b"secret", &signature, &body, 1_700_000_100, 300);
});
