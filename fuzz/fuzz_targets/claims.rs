//! Claims payment status on arbitrary claim, enrollment, responses, catalogue and options.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let p = common::parts(data, 6);
    let get = |k: usize| p.get(k).cloned().unwrap_or_default();
    let _ = enroll_engine::claims::plan_payment_status_requests_str(&get(0), &get(1), &get(4));
    let applied =
        enroll_engine::claims::apply_payment_status_str(&get(0), &get(1), &get(2), &get(3), &get(4));
    let _ = enroll_engine::claims::apply_benefit_filter_str(&get(0), &get(5));
    let _ = serde_json::to_string(&applied);
});
