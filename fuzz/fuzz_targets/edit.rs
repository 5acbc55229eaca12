//! prepared.edit's path against the eager one: a previous and a current
//! document, then up to eight (pointer, value) edits (an empty value removes);
//! after each accepted edit, the preview of the edited tree with deferred ids,
//! completed (ids resolved, the acknowledgement built), must equal the
//! engine's preview of the edited text; then it goes back to the document
//! (`give_back`), as the last answer does in `prepared.edit`.
#![no_main]
use libfuzzer_sys::fuzz_target;

use enroll_engine::diff::ids::{Deferred, IdMemo};
use enroll_engine::preview::{CurrentDocument, PreviewOptions};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    thread_local!(static ENGINE: enroll_engine::Engine = common::three_carriers());
    let p = common::parts(data, 18);
    let (prev, cur) = (p[0].as_str(), p[1].as_str());
    let now = enroll_engine::model::Timestamp::parse("2026-11-25T12:00:00Z").unwrap_or_else(|| panic!("now"));
    let opts = PreviewOptions { now };
    ENGINE.with(|e| {
        let prepared = e.prepare(prev);
        let mut doc = CurrentDocument::checked(Some(cur.to_owned()));
        // The whole document first: sizes are then counted compactly, as
        // the eager side's text is.
        if doc.edit("", Some(cur), 1 << 20).is_err() {
            return;
        }
        let mut memo = IdMemo::default();
        for pair in p[2..].chunks(2) {
            let (pointer, value) = (pair[0].as_str(), pair[1].as_str());
            let value = (!value.is_empty()).then_some(value);
            if doc.edit(pointer, value, 1 << 20).is_err() {
                continue;
            }
            let text = doc.text().unwrap_or_else(|| panic!("an edited document has a text"));
            let mut later = Deferred::default();
            let lazy = later.run(|| e.preview_edited(Some(&prepared), &mut doc, &opts));
            let mut lazy = lazy.unwrap_or_else(|| panic!("an edited document previews"));
            e.complete(&mut lazy, &later.resolve(&mut memo), Some(&prepared), &doc);
            let eager = e.preview_prepared(Some(&prepared), text.as_str(), &opts);
            assert_eq!(lazy, eager, "edit {pointer}");
            // As `prepared.edit` does: the last answer goes back to the
            // document, whose next edit moves what it keeps out of it.
            doc.give_back(lazy);
        }
    });
});
