//! `track` over documents: the snapshots as text, the requested differences
//! and the options as JSON values, as a binding receives them.

use serde_json::Value;

use crate::diagnostic::{Issue, Severity};
use crate::diff::Difference;
use crate::error::{EngineError, ErrorCode};
use crate::model::{Date, GroupConfig, Snapshot};
use crate::read::Source;
use crate::tracking::{completed_difference_ids, track, Requested, TrackOptions, Tracking};

/// `track` over documents: the current snapshot and the report as JSON text,
/// the requested differences (see `read_requested`), and options
/// `{ completed_difference_ids?, state?, today?, carrier_ids? }` (a fold
/// result's transactions tell which differences completed).
pub fn track_json<'a, 'b>(
    config: &GroupConfig,
    current: impl Into<Source<'a>>,
    requested: &Value,
    report: impl Into<Source<'b>>,
    options: &Value,
    max_bytes: usize,
) -> Result<Tracking, EngineError> {
    let requested = read_requested(requested)?;
    let mut options = read_options(options)?;
    let fatal = |(s, issues): (Option<Snapshot>, Vec<Issue>)| {
        let f: Vec<_> = issues
            .into_iter()
            .filter(|i| i.severity == Severity::Fatal)
            .collect();
        match s {
            Some(s) if f.is_empty() => Ok(s),
            _ => Err(f),
        }
    };
    let cur = fatal(crate::validate::read_structure(current, max_bytes));
    let source: Source = report.into();
    let (mut report, mut report_issues) = crate::validate::read_structure(source, max_bytes);
    if let Some(text) = match source {
        Source::Text(text) => ids_as_custom(text, &report_issues),
        Source::TooLarge => None,
    } {
        (report, report_issues) = crate::validate::read_structure(text.as_str(), max_bytes);
    }
    // An SSN or a ZIP the report holds masked (`*****1234`, as every JS
    // result shows nine digits in a row) reads as absent: not shown.
    options.unreadable = report_issues
        .iter()
        .filter(|i| i.code == "invalid_ssn" || i.code == "invalid_zip_code")
        .map(|i| i.path.clone())
        .collect();
    let rep = fatal((report, report_issues));
    match (cur, rep) {
        (Ok(c), Ok(r)) => Ok(track(config, &c, &requested, &r, &options)),
        (c, r) => {
            let mut issues = c.err().unwrap_or_default();
            issues.extend(r.err().unwrap_or_default());
            Ok(Tracking {
                issues,
                ..Tracking::default()
            })
        }
    }
}

/// The report read again with its ids that are not UUIDs (`invalid_uuid`:
/// a carrier's own member ids, `CARRIER-7`) as `custom_individual_id`s — a
/// person's `id`, an enrolled member's `individual_id` — where the record
/// has none of its own: matching then reads them (docs/api.md, Who is who)
/// instead of the record losing its id. `None` when there are none.
fn ids_as_custom(text: &str, issues: &[Issue]) -> Option<String> {
    let mut moved = issues
        .iter()
        .filter(|i| i.code == "invalid_uuid")
        .filter_map(|i| i.path.rsplit_once('/'))
        .filter(|(_, field)| matches!(*field, "id" | "individual_id"))
        .peekable();
    moved.peek()?;
    let mut doc: Value = serde_json::from_str(text).ok()?;
    for (record, field) in moved {
        let Some(Value::Object(m)) = doc.pointer_mut(record) else {
            continue;
        };
        if m.get("custom_individual_id").is_some_and(|c| !c.is_null()) {
            continue;
        }
        if let Some(id) = m.remove(field) {
            m.insert("custom_individual_id".to_owned(), id);
        }
    }
    Some(doc.to_string())
}

/// The requested differences: a `diff`/`preview` result, its `differences`
/// array, or an array of submitted snapshots `[{ snapshot_id, differences }]`
/// (a diff or preview result with a `snapshot_id` added is one).
fn read_requested(v: &Value) -> Result<Vec<Requested>, EngineError> {
    let misuse = |m: &str| EngineError::new(ErrorCode::InvalidArgument, m);
    let differences = |v: &Value| -> Result<Vec<Difference>, EngineError> {
        serde_json::from_value(v.clone()).map_err(|_| {
            misuse("requested must be a diff or preview result, its differences, or [{ snapshot_id, differences }]")
        })
    };
    let snapshot_id = |m: &serde_json::Map<String, Value>| match m.get("snapshot_id") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(misuse("requested: snapshot_id must be a string")),
    };
    let submission = |v: &Value| match v {
        Value::Object(m) => Ok(Requested {
            snapshot_id: snapshot_id(m)?,
            differences: differences(m.get("differences").unwrap_or(&Value::Null))?,
        }),
        _ => Err(misuse("requested: each submitted snapshot must be an object")),
    };
    match v {
        Value::Array(list) if !list.is_empty() && list.iter().all(|x| x.get("snapshot_id").is_some()) => {
            list.iter().map(submission).collect()
        }
        Value::Array(_) => Ok(vec![Requested {
            snapshot_id: None,
            differences: differences(v)?,
        }]),
        _ => Ok(vec![submission(v)?]),
    }
}

/// `{ completed_difference_ids?, state?, today? }`.
fn read_options(options: &Value) -> Result<TrackOptions, EngineError> {
    let invalid = |m: &str| EngineError::new(ErrorCode::InvalidOptions, m);
    let mut out = TrackOptions::default();
    let m = match options {
        Value::Null => return Ok(out),
        Value::Object(m) => m,
        _ => return Err(invalid("options must be an object")),
    };
    const KEYS: [&str; 4] = ["carrier_ids", "completed_difference_ids", "state", "today"];
    let unknown = m.keys().map(String::as_str).filter(|k| !KEYS.contains(k));
    if let Some(k) = crate::privacy::first_shown(unknown) {
        let msg = format!(
            "unknown option \"{k}\"; the options are carrier_ids, completed_difference_ids, state, today"
        );
        return Err(invalid(&msg));
    }
    if let Some(ids) = m.get("carrier_ids") {
        out.carrier_ids = serde_json::from_value(ids.clone())
            .map_err(|_| invalid("carrier_ids must be an array of strings"))?;
    }
    if let Some(ids) = m.get("completed_difference_ids") {
        out.completed = serde_json::from_value(ids.clone())
            .map_err(|_| invalid("completed_difference_ids must be an array of strings"))?;
    }
    if let Some(state) = m.get("state") {
        let state = crate::fulfillment::fold::read_state(state)?;
        out.completed.extend(completed_difference_ids(&state));
    }
    match m.get("today") {
        None | Some(Value::Null) => {}
        Some(t) => {
            let day = t.as_str().and_then(|t| Date::parse(t).ok());
            out.today = Some(day.ok_or_else(|| invalid("today must be a YYYY-MM-DD date"))?);
        }
    }
    Ok(out)
}
