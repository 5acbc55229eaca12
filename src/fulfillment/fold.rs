//! The lifecycle's inputs as documents: the starting state (a preview's
//! output, or a previous fold's) and the status events, read with pointers.

use serde_json::{json, Value};

use super::codes;
use super::lifecycle::{
    Baseline, EventKind, FoldOptions, FulfillmentState, StatusDetailKind, StatusEvent, MAX_EVENT_BYTES,
};
use crate::diagnostic::pointer::{pointer, push_index};
use crate::diagnostic::Issue;
use crate::error::{EngineError, ErrorCode};
use crate::model::Timestamp;
use crate::read::json::{Json, Obj};
use crate::read::walk::{Need, Walk};

/// The result of a fold: the new state and the problems of the events given
/// (pointers into the events array; those events were not applied).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FoldResult {
    #[serde(flatten)]
    pub state: FulfillmentState,
    pub event_issues: Vec<Issue>,
}

/// The starting state: a `FulfillmentState` (it has `baseline`), or a preview
/// (its `status`, `fulfillment_summary` and `transactions`). These are the
/// engine's own outputs, so anything else is API misuse.
///
/// Of a `FulfillmentState` only the inputs are read, `baseline`, `events`
/// (as `foldStatus` reads events) and `folded_with`; the rest is derived, so
/// a replay recomputes it. (Deserializing the whole state, flattened events and
/// transactions included, cost 65 KB of the wasm, 22 KB gzipped.)
pub fn read_state(v: &Value) -> Result<FulfillmentState, EngineError> {
    let misuse = |e: String| {
        EngineError::new(
            ErrorCode::InvalidArgument,
            format!("state is not a preview or a fold result: {e}"),
        )
    };
    if is_summary(v) {
        return Err(misuse(SUMMARY_GIVEN.into()));
    }
    let stored = v.get("baseline");
    let baseline: Baseline = serde_json::from_value(stored.unwrap_or(v).clone())
        .map_err(|e| misuse(crate::privacy::serde_reason(&e)))?;
    if stored.is_none() {
        return Ok(FulfillmentState::from_baseline(baseline));
    }
    let Some(events) = v.get("events") else {
        return Err(misuse("missing field `events`".into()));
    };
    let (events, issues) = read_events(events);
    if let Some(i) = issues.first() {
        return Err(misuse(format!("{}{}: {}", pointer!["events"], i.path, i.message)));
    }
    let folded_with = match v.get("folded_with") {
        None | Some(Value::Null) => None,
        Some(o) => Some(serde_json::from_value(o.clone()).map_err(|_| {
            misuse("folded_with is not { now: RFC 3339, verification_grace_days: integer }".into())
        })?),
    };
    Ok(FulfillmentState::restore(baseline, events, folded_with))
}

/// Reads the events array, reporting every malformed event (which is
/// skipped): at most 1000 issues, the last a `too_many_issues` counting the
/// rest, which are not built.
pub fn read_events(v: &Value) -> (Vec<StatusEvent>, Vec<Issue>) {
    let (events, w) = read_indexed(v);
    (events.into_iter().map(|(_, e)| e).collect(), w.into_issues())
}

/// The events array read on a bounded walk, each event with its index.
fn read_indexed(v: &Value) -> (Vec<(usize, StatusEvent)>, Walk) {
    let mut w = Walk::bounded();
    let doc = Json::from_value(v);
    let Json::Array(items) = &doc else {
        // Reports the wrong type as any array read does.
        let _ = crate::read::array(&doc, &mut w, event);
        return (Vec::new(), w);
    };
    let (first, rest) = w.at_most(items);
    let read = |w: &mut Walk, v: &Json| w.object(v).and_then(|m| event(w, m));
    let events = first
        .iter()
        .enumerate()
        .filter_map(|(i, v)| w.at_index(i, |w| read(w, v)).map(|e| (i, e)))
        .collect();
    w.past_limit(first.len(), rest, read);
    (events, w)
}

const TYPES: &[&str] = &[
    "transaction_status",
    "file_transmitted",
    "carrier_rejected",
    "snapshot_canceled",
    "snapshot_replaced",
];

fn event(w: &mut Walk, m: &Obj) -> Option<StatusEvent> {
    let id = w.nonempty(m, "id", Need::Required);
    let created = created(w, m);
    let kind = w.one_of(m, "type", Need::Required, TYPES)?;
    let kind = match kind.as_str() {
        "transaction_status" => {
            let transaction_id = w.nonempty(m, "transaction_id", Need::Required);
            let step = w.wire::<StatusDetailKind>(m, "status_detail", Need::Required);
            EventKind::TransactionStatus {
                transaction_id: transaction_id?,
                status_detail: step?,
            }
        }
        "file_transmitted" => EventKind::FileTransmitted {
            carrier_id: w.nonempty(m, "carrier_id", Need::Required)?,
        },
        "carrier_rejected" => {
            let carrier_id = w.nonempty(m, "carrier_id", Need::Required);
            let errors = carrier_errors(w, m);
            EventKind::CarrierRejected {
                carrier_id: carrier_id?,
                errors: errors?,
            }
        }
        "snapshot_canceled" => EventKind::SnapshotCanceled,
        _ => EventKind::SnapshotReplaced {
            by_snapshot_id: w.nonempty(m, "by_snapshot_id", Need::Optional),
        },
    };
    Some(StatusEvent {
        id: id?,
        created: created?,
        kind,
    })
}

/// An event's `created`: RFC 3339, or Unix time in whole seconds as source S1
/// gives its times (`verified`).
fn created(w: &mut Walk, m: &Obj) -> Option<Timestamp> {
    if !matches!(m.get("created"), Some(Json::Number(_))) {
        return w.timestamp(m, "created", Need::Required);
    }
    let bound = "Unix seconds from 0 to 253402300799 (9999-12-31T23:59:59Z)";
    let secs = w.integer_in(
        m,
        "created",
        Need::Required,
        0,
        Timestamp::LAST_UNIX_SECOND,
        bound,
    )?;
    Timestamp::from_unix_seconds(secs)
}

/// A `carrier_rejected` event's `errors`: at least one message, each a
/// non-empty string (source S2's `"errors": ["<error message>"]`).
fn carrier_errors(w: &mut Walk, m: &Obj) -> Option<Vec<String>> {
    let read = |w: &mut Walk, v: &Json| {
        let text = w.str(v)?;
        if text.is_empty() {
            w.report(
                crate::diagnostic::catalogue::EMPTY_VALUE,
                serde_json::json!({ "field": "errors" }),
            );
            return None;
        }
        Some(Some(text.to_owned()))
    };
    let items: Vec<Option<String>> = w.array_min1(m, "errors", Need::Required, read)?;
    items
        .into_iter()
        .collect::<Option<Vec<String>>>()
        .filter(|e| !e.is_empty())
}

/// Folds events given as JSON onto a state given as JSON.
///
/// New events are kept while the state's events weigh at most
/// [`MAX_EVENT_BYTES`]: one past it is not applied, and is reported in
/// `event_issues` (`too_many_events`, at its pointer) after the malformed
/// ones.
pub fn fold_json(state: &Value, events: &Value, opts: &FoldOptions) -> Result<FoldResult, EngineError> {
    let state = read_state(state)?;
    let (events, mut w) = read_indexed(events);
    let (events, refused) = state.admit(events).map_err(|weight| {
        let msg = format!(
            "state is not a preview or a fold result: its events weigh more than the {MAX_EVENT_BYTES} bytes a fold keeps ({weight} by the first past it)"
        );
        EngineError::new(ErrorCode::InvalidArgument, msg)
    })?;
    for r in refused {
        let mut at = String::new();
        push_index(&mut at, r.index);
        let p = json!({ "weight": r.weight, "used": r.used, "limit": MAX_EVENT_BYTES });
        w.report_at(codes::TOO_MANY_EVENTS, &at, p);
    }
    Ok(FoldResult {
        state: state.fold(&events, opts),
        event_issues: w.into_issues(),
    })
}

/// Whether `v` has a keystroke summary's shape (`differences` a count, not
/// a list): given where a whole preview is read (`buildCallback`,
/// `foldStatus`), serde's own message would only say a sequence was expected.
pub fn is_summary(v: &serde_json::Value) -> bool {
    v.get("differences").is_some_and(serde_json::Value::is_number)
}

/// What a caller that gave a summary for a preview is told.
pub const SUMMARY_GIVEN: &str = "this is a keystroke summary (prepared.check or prepared.edit); \
pass the whole preview: prepared.details() or engine.preview(...)";
