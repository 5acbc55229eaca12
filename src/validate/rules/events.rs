//! Rules about the snapshot's events and what refers to them.

use std::collections::BTreeSet;

use serde_json::json;

use super::{Ctx, Out};
use crate::diagnostic::catalogue as c;
use crate::diagnostic::pointer::pointer;
use crate::privacy::event_ids_alike;

/// `duplicate_event_id`, `event_not_found`.
pub(super) fn event_references(cx: &Ctx, out: &mut Out) {
    // Ids that mask alike but differ neither duplicate nor find each other:
    // thousands of `*****3876` guesses would otherwise say which equals a
    // hidden SSN (review 27a #2, `privacy::MaskedAlike`): one guess a call.
    // The same ids link no event in the diff (`privacy::event_ids_alike`).
    let alike = event_ids_alike(cx.s);
    let mut ids: BTreeSet<&str> = BTreeSet::new();
    for (i, e) in cx.s.events.iter().enumerate() {
        let Some(id) = e.id.as_deref() else { continue };
        if !ids.insert(id) && !alike.holds(id) {
            out.push(
                c::DUPLICATE_EVENT_ID,
                pointer!["events", i, "id"],
                json!({ "event_id": id }),
            );
        }
    }
    // A reference's pointer is built only when it is reported.
    let missing = |id: &str| !ids.contains(id) || alike.holds(id);
    let mut refs: Vec<(String, &str)> = Vec::new();
    if let Some(id) =
        cx.s.employee
            .as_ref()
            .and_then(|e| e.event_id.as_deref())
            .filter(|id| missing(id))
    {
        refs.push(("/employee/event_id".into(), id));
    }
    for (k, d) in cx.s.dependents.iter().enumerate() {
        if let Some(id) = d.event_id.as_deref().filter(|id| missing(id)) {
            refs.push((pointer!["dependents", k, "event_id"], id));
        }
    }
    for e in cx.enrollments() {
        if let Some(id) = e.member.event_id.as_deref().filter(|id| missing(id)) {
            refs.push((e.path("event_id"), id));
        }
    }
    for (path, id) in refs {
        out.push(c::EVENT_NOT_FOUND, path, json!({ "event_id": id }));
    }
}
