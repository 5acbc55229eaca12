//! A census record (any text) through `api::record::preview_record`, as
//! `engine.previewRecord` calls it: never a panic; an answer is written
//! through the output layer's JS mode, and what it writes is JSON; the
//! hand-written JS mode (what the binding tries first) writes the same.
//! (tests/js/record.test.mjs compares the bytes with the JS way.) The same
//! bytes as a batch of lines (`api::record::preview_records`): each line
//! answered there is what `preview_record` answers for it.
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
        lines(e, data);
    });
});

/// The same bytes as a batch of lines (`engine.previewRecords`): each line
/// answered there is byte for byte `preview_record` of its text, written by
/// hand; a blank line is whitespace; a line left to the caller has no JSON.
fn lines(e: &enroll_engine::Engine, data: &[u8]) {
    use api::record::{preview_record, preview_records, LineAnswer};
    let options = || Ok(Some(Measured::Fits(r#"{"now": "2026-11-25T12:00:00Z"}"#.to_owned())));
    let mut ranges = Vec::new();
    let mut start = 0;
    for (i, b) in data.iter().enumerate() {
        if *b == b'\n' {
            ranges.extend([start as u32, i as u32]);
            start = i + 1;
        }
    }
    ranges.extend([start as u32, data.len() as u32]);
    let batch = preview_records(e, data, &ranges, options());
    assert!(batch.is_ok(), "a batch of lines in order was refused");
    let Ok(batch) = batch else { return };
    let mut from = 0;
    for (k, range) in ranges.chunks_exact(2).enumerate() {
        let (Some(answer), Some(&end)) = (batch.answers.get(k), batch.ends.get(k)) else {
            panic!("no answer for line {k}")
        };
        let json = &batch.json[from..end as usize];
        from = end as usize;
        let line = &data[range[0] as usize..range[1] as usize];
        match answer {
            LineAnswer::Valid | LineAnswer::Invalid => {
                let text = std::str::from_utf8(line).map(str::to_owned);
                assert!(text.is_ok(), "an answered line is UTF-8");
                let Ok(text) = text else { return };
                let Ok(Record::Answer(p)) = preview_record(e, Ok(Measured::Fits(text)), options()) else {
                    panic!("line {k} answered in the batch, not alone")
                };
                let mut want = Vec::new();
                assert!(enroll_engine::output::to_writer_js(&mut want, &p), "written by hand");
                assert_eq!(json, want.as_slice(), "line {k}");
                assert_eq!(p.valid, *answer == LineAnswer::Valid, "line {k}: valid");
            }
            LineAnswer::Blank => {
                assert!(line.iter().all(|b| b" \t\r\n".contains(b)), "blank line {k}");
                assert!(json.is_empty());
            }
            LineAnswer::Caller => assert!(json.is_empty(), "line {k} left to the caller has JSON"),
        }
    }
}
