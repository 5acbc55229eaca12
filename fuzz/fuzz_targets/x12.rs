//! parse834() on arbitrary text, and export834() (change and full, for the
//! Send carrier) of an arbitrary pair of documents: never panics; a file is
//! written only with a whole envelope, and what it writes reads back.
#![no_main]
use enroll_engine::x12::{ExportMode, ExportOptions, ExportPart};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

const CIGNA: &str = "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d03";

fuzz_target!(|data: &[u8]| {
    thread_local!(static ENGINE: enroll_engine::Engine = common::three_carriers());
    let p = common::parts(data, 3);
    let part = |k: usize| p.get(k).cloned().unwrap_or_default();
    let (file, prev, cur) = (part(0), part(1), part(2));
    let prev = (!prev.is_empty()).then_some(prev);
    let created =
        enroll_engine::model::Timestamp::parse("2026-11-25T12:00:00Z").unwrap_or_else(|| panic!("created"));
    ENGINE.with(|e| {
        let parsed = e.parse834(file.as_str(), CIGNA).unwrap_or_else(|e| panic!("{e}"));
        assert!(parsed.issues.len() <= 1000);
        let _ = serde_json::to_string(&parsed);
        for mode in [ExportMode::Change, ExportMode::Full] {
            let opts = ExportOptions {
                carrier_id: CIGNA.into(),
                created,
                control_number: 7,
                sender: None,
                receiver: None,
                mode,
                part: ExportPart::Interchange,
            };
            let out = e
                .export834_str(prev.as_deref(), &cur, &opts)
                .unwrap_or_else(|e| panic!("{e}"));
            if !out.text.is_empty() {
                assert!(out.text.starts_with("ISA*"));
                assert!(out.text.ends_with("IEA*1*000000007~\n"));
                let back = e
                    .parse834(out.text.as_str(), CIGNA)
                    .unwrap_or_else(|e| panic!("{e}"));
                let codes: Vec<&str> = back.issues.iter().map(|i| i.code.as_str()).collect();
                assert!(codes.iter().all(|c| *c == "edi_code_unmapped"), "{codes:?}");
            }
        }
    });
});
