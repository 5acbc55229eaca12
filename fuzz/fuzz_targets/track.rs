//! track() of an arbitrary current snapshot and carrier report, against the
//! differences given (or, when that part is not JSON, those of a real preview
//! of the current snapshot), with arbitrary options: never panics, answers
//! the same twice, and its answer serializes and is bounded by its input.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    thread_local!(static ENGINE: enroll_engine::Engine = common::three_carriers());
    let p = common::parts(data, 4);
    let part = |k: usize| p.get(k).cloned().unwrap_or_default();
    let (cur, requested, report, options) = (part(0), part(1), part(2), part(3));
    let report = if report.is_empty() { cur.clone() } else { report };
    let options: serde_json::Value = serde_json::from_str(&options).unwrap_or_default();
    ENGINE.with(|e| {
        let requested = match serde_json::from_str::<serde_json::Value>(&requested) {
            Ok(v) => v,
            Err(_) => {
                let now = enroll_engine::model::Timestamp::parse("2026-01-20T00:00:00Z")
                    .unwrap_or_else(|| panic!("now"));
                let opts = enroll_engine::preview::PreviewOptions { now };
                serde_json::to_value(e.preview_str(None, cur.as_str(), &opts)).unwrap_or_default()
            }
        };
        let first = e.track_json(cur.as_str(), &requested, report.as_str(), &options);
        let again = e.track_json(cur.as_str(), &requested, report.as_str(), &options);
        match (first, again) {
            (Ok(a), Ok(b)) => {
                let (a, b) = (serde_json::to_string(&a), serde_json::to_string(&b));
                let a = a.unwrap_or_else(|e| panic!("a tracking serializes: {e}"));
                assert_eq!(Ok(a.as_str()), b.as_deref().map_err(|_| ()), "track answers the same twice");
                // Every shown value comes from the input (a discrepancy shows
                // both sides; a large container is a label of its size).
                let input = data.len() + requested.to_string().len();
                assert!(a.len() <= 64 * input + 65_536, "{} bytes out of {input}", a.len());
            }
            (Err(a), Err(b)) => assert_eq!(a.code, b.code),
            _ => panic!("track answered once and refused once"),
        }
    });
});
