//! The options objects as JS passes them (`{ today }`, `{ now }`,
//! `{ now, verification_grace_days }`), read from JSON into the core's
//! typed options: unknown keys, wrong types and bad dates are
//! INVALID_OPTIONS with a message that says what was expected (and never
//! quotes the value given). The typed options themselves live with the
//! operations that take them.

use serde_json::{Map, Value};

use crate::diff::DiffOptions;
use crate::error::{EngineError, ErrorCode};
use crate::fulfillment::lifecycle::FoldOptions;
use crate::model::{Date, Timestamp};
use crate::preview::PreviewOptions;
use crate::validate::ValidateOptions;

/// The options object as a map with only `allowed` keys (`null` = empty).
fn options_map<'v>(
    v: &'v Value,
    allowed: &[&str],
    example: &str,
) -> Result<Option<&'v Map<String, Value>>, EngineError> {
    let bad = |m: String| EngineError::new(ErrorCode::InvalidOptions, m);
    let map = match v {
        Value::Null => return Ok(None),
        Value::Object(m) => m,
        _ => return Err(bad(format!("options must be an object like {example}"))),
    };
    if let Some(k) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(bad(format!(
            "unknown option \"{k}\"; the options are {}",
            allowed.join(", ")
        )));
    }
    Ok(Some(map))
}

/// An optional `YYYY-MM-DD` option.
fn date_option(map: Option<&Map<String, Value>>, key: &str) -> Result<Option<Date>, EngineError> {
    match map.and_then(|m| m.get(key)) {
        None | Some(Value::Null) => Ok(None),
        // The value is not quoted back: it could be anything, an SSN too.
        Some(Value::String(s)) => Date::parse(s).map(Some).map_err(|_| {
            EngineError::new(
                ErrorCode::InvalidOptions,
                format!("{key} must be a date YYYY-MM-DD (e.g. 2026-01-31)"),
            )
        }),
        Some(_) => Err(EngineError::new(
            ErrorCode::InvalidOptions,
            format!("{key} must be a string YYYY-MM-DD"),
        )),
    }
}

impl ValidateOptions {
    /// Options from a JSON object `{ "today": "YYYY-MM-DD" }`; `null` means none.
    pub fn from_json(v: &Value) -> Result<ValidateOptions, EngineError> {
        let map = options_map(v, &["today"], "{ today: \"2026-01-31\" }")?;
        Ok(ValidateOptions {
            today: date_option(map, "today")?,
        })
    }
}

impl DiffOptions {
    /// Options from a JSON object `{ "today": "YYYY-MM-DD" }`; `null` means none.
    pub fn from_json(v: &Value) -> Result<DiffOptions, EngineError> {
        let map = options_map(v, &["today"], "{ today: \"2026-01-31\" }")?;
        Ok(DiffOptions {
            today: date_option(map, "today")?,
        })
    }
}

impl FoldOptions {
    /// Options from `{ "now": "...", "verification_grace_days": 7 }`; `now` is required.
    pub fn from_json(v: &Value) -> Result<FoldOptions, EngineError> {
        let map = options_map(
            v,
            &["now", "verification_grace_days"],
            "{ now: \"2026-11-25T12:00:00Z\" }",
        )?;
        let now = PreviewOptions::from_json(
            &map.and_then(|m| m.get("now"))
                .map_or(Value::Null, |n| serde_json::json!({ "now": n })),
        )?
        .now;
        let bad = || {
            EngineError::new(
                ErrorCode::InvalidOptions,
                "verification_grace_days must be an integer 0-365",
            )
        };
        let grace = match map.and_then(|m| m.get("verification_grace_days")) {
            None | Some(Value::Null) => 7,
            Some(v) => v.as_i64().filter(|d| (0..=365).contains(d)).ok_or_else(bad)?,
        };
        Ok(FoldOptions {
            now,
            verification_grace_days: grace,
        })
    }
}

impl PreviewOptions {
    /// Options from a JSON object `{ "now": "2026-11-25T12:00:00Z" }`; `now` is required.
    pub fn from_json(v: &Value) -> Result<PreviewOptions, EngineError> {
        let map = options_map(v, &["now"], "{ now: \"2026-11-25T12:00:00Z\" }")?;
        let bad = |m: &str| EngineError::new(ErrorCode::InvalidOptions, m);
        match map.and_then(|m| m.get("now")) {
            Some(Value::String(s)) => Timestamp::parse(s)
                .map(|now| PreviewOptions { now })
                .ok_or_else(|| bad("now must be an RFC 3339 timestamp like 2026-11-25T12:00:00Z")),
            Some(_) => Err(bad("now must be a string like 2026-11-25T12:00:00Z")),
            None => Err(bad(
                "now is required: preview reads no clock (e.g. { now: new Date().toISOString() })",
            )),
        }
    }
}
