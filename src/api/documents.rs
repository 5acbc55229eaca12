//! The `Engine` operations whose inputs are JSON-shaped documents passed
//! through as they came (a preview, a fold state, a request).

use serde_json::Value;

use crate::engine::Engine;
use crate::error::{EngineError, ErrorCode};
use crate::read::Source;

impl Engine {
    /// Tracks requested differences against a carrier's report (see `api::tracking::track_json`).
    pub fn track_json<'a, 'b>(
        &self,
        current: impl Into<Source<'a>>,
        requested: &Value,
        report: impl Into<Source<'b>>,
        options: &Value,
    ) -> Result<crate::tracking::Tracking, EngineError> {
        super::tracking::track_json(
            self.config(),
            current,
            requested,
            report,
            options,
            self.max_input_bytes(),
        )
        .map(|mut t| {
            t.issues = crate::diagnostic::limits::cap_issues(t.issues);
            t
        })
    }

    /// The partner status callback for a snapshot or one of its transactions
    /// (`callback::build`), from a preview, its folded state (or `None` right
    /// after submission) and the request's ids.
    pub fn build_callback_json(
        &self,
        preview: &Value,
        state: Option<&Value>,
        request: &Value,
    ) -> Result<crate::callback::CallbackPayload, EngineError> {
        let misuse = |what: &str, e: serde_json::Error| {
            let why = crate::privacy::serde_reason(&e);
            EngineError::new(ErrorCode::InvalidArgument, format!("{what} is not valid: {why}"))
        };
        if crate::fulfillment::fold::is_summary(preview) {
            let message = format!(
                "preview is not valid: {}",
                crate::fulfillment::fold::SUMMARY_GIVEN
            );
            return Err(EngineError::new(ErrorCode::InvalidArgument, message));
        }
        let parsed: crate::preview::Preview =
            serde_json::from_value(preview.clone()).map_err(|e| misuse("preview", e))?;
        let state = crate::fulfillment::fold::read_state(state.unwrap_or(preview))?;
        unknown_request_field(request)?;
        created_in_range(request)?;
        let request: crate::callback::build::CallbackRequest =
            serde_json::from_value(request.clone()).map_err(|e| misuse("request", e))?;
        crate::callback::build::build_callback(self.read_config(), &parsed, &state, &request)
            .map_err(|e| EngineError::new(ErrorCode::InvalidArgument, e.0))
    }
}

/// A `created` that is no timestamp — malformed, or outside the years
/// 0000–9999 in UTC once its offset is applied, which no payload could
/// carry — named by its field (serde's own error names none).
fn created_in_range(request: &Value) -> Result<(), EngineError> {
    match request.get("created") {
        Some(Value::String(s)) if crate::model::Timestamp::parse(s).is_none() => Err(EngineError::new(
            ErrorCode::InvalidArgument,
            "request.created must be an RFC 3339 timestamp from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z in UTC",
        )),
        _ => Ok(()),
    }
}

/// A request field `buildCallback` does not know, named as the options
/// readers name an unknown option: serde's own error would not say which
/// key (`privacy::serde_reason` drops it, as it may be anything). Quoted:
/// a key may be megabytes long (and is masked with the message).
fn unknown_request_field(request: &Value) -> Result<(), EngineError> {
    use crate::callback::build::REQUEST_FIELDS;
    let unknown = request.as_object().and_then(|m| {
        crate::privacy::first_shown(
            m.keys()
                .map(String::as_str)
                .filter(|k| !REQUEST_FIELDS.contains(k)),
        )
    });
    match unknown {
        Some(k) => Err(EngineError::new(
            ErrorCode::InvalidArgument,
            format!(
                "unknown request field \"{}\"; the fields are {}",
                crate::model::text::quote(k),
                REQUEST_FIELDS.join(", ")
            ),
        )),
        None => Ok(()),
    }
}
