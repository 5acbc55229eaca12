//! Group configurations: built or refused with issues, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(engine) = enroll_engine::Engine::from_config_str(&*text) {
        let snapshot = include_str!("../../tests/fixtures/three-carriers-snapshot.json");
        let now =
            enroll_engine::model::Timestamp::parse("2026-11-25T12:00:00Z").unwrap_or_else(|| panic!("now"));
        let _ = engine.preview_str(None, snapshot, &enroll_engine::preview::PreviewOptions { now });
    }
});
