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
use crate::x12::{AckOptions, ExportMode, ExportOptions, ExportPart, Party};

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
    let unknown = map.keys().map(String::as_str).filter(|k| !allowed.contains(k));
    if let Some(k) = crate::privacy::first_shown(unknown) {
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
        // Its own words: "preview reads no clock" would name the wrong call.
        if map.and_then(|m| m.get("now")).is_none() {
            return Err(EngineError::new(
                ErrorCode::InvalidOptions,
                "now is required: foldStatus reads no clock (e.g. { now: new Date().toISOString() })",
            ));
        }
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

impl ExportOptions {
    /// Options from `{ carrier_id, created, control_number, mode, sender?,
    /// receiver? }` (docs/api.md, X12 834 export). Values are never quoted
    /// back: a carrier id or an interchange id could be anything.
    pub fn from_json(v: &Value) -> Result<ExportOptions, EngineError> {
        let example =
            "{ carrier_id, created: \"2026-11-12T18:30:00Z\", control_number: 1, mode: \"change\" }";
        let keys = [
            "carrier_id",
            "created",
            "control_number",
            "mode",
            "sender",
            "receiver",
            "part",
        ];
        let bad = |m: &str| EngineError::new(ErrorCode::InvalidOptions, m);
        let Some(map) = options_map(v, &keys, example)? else {
            return Err(bad(&format!("options are required: {example}")));
        };
        let carrier_id = match map.get("carrier_id") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            _ => {
                return Err(bad(
                    "carrier_id is required: the id of a Send carrier of the group configuration",
                ))
            }
        };
        let created = created(map)?;
        let control_number = control_number(map)?;
        let mode = match map.get("mode") {
            None | Some(Value::Null) => ExportMode::Change,
            Some(Value::String(s)) if s == "change" => ExportMode::Change,
            Some(Value::String(s)) if s == "full" => ExportMode::Full,
            Some(_) => return Err(bad("mode must be \"change\" or \"full\"")),
        };
        let part = match map.get("part") {
            None | Some(Value::Null) => ExportPart::Interchange,
            Some(Value::String(s)) if s == "interchange" => ExportPart::Interchange,
            Some(Value::String(s)) if s == "members" => ExportPart::Members,
            Some(_) => return Err(bad("part must be \"interchange\" or \"members\"")),
        };
        Ok(ExportOptions {
            carrier_id,
            created,
            control_number,
            sender: party(map.get("sender"), "sender")?,
            receiver: party(map.get("receiver"), "receiver")?,
            mode,
            part,
        })
    }
}

impl AckOptions {
    /// Options from `{ created, control_number, sender?, receiver? }`
    /// (docs/api.md, 999 acknowledgement), read as `export834`'s are.
    pub fn from_json(v: &Value) -> Result<AckOptions, EngineError> {
        let example = "{ created: \"2026-11-12T18:30:00Z\", control_number: 1 }";
        let keys = ["created", "control_number", "sender", "receiver"];
        let bad = |m: &str| EngineError::new(ErrorCode::InvalidOptions, m);
        let Some(map) = options_map(v, &keys, example)? else {
            return Err(bad(&format!("options are required: {example}")));
        };
        Ok(AckOptions {
            created: created(map)?,
            control_number: control_number(map)?,
            sender: party(map.get("sender"), "sender")?,
            receiver: party(map.get("receiver"), "receiver")?,
        })
    }
}

/// `created`: an RFC 3339 timestamp, required (the engine reads no clock).
fn created(map: &Map<String, Value>) -> Result<Timestamp, EngineError> {
    let bad = |m: &str| EngineError::new(ErrorCode::InvalidOptions, m);
    match map.get("created") {
        Some(Value::String(s)) => Timestamp::parse(s)
            .ok_or_else(|| bad("created must be an RFC 3339 timestamp like 2026-11-12T18:30:00Z")),
        _ => Err(bad(
            "created is required: a timestamp like 2026-11-12T18:30:00Z (the engine reads no clock)",
        )),
    }
}

/// `control_number`: 1 to 999999999 (ISA13, GS06).
fn control_number(map: &Map<String, Value>) -> Result<u32, EngineError> {
    map.get("control_number")
        .and_then(Value::as_u64)
        .filter(|n| (1..=999_999_999).contains(n))
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| {
            EngineError::new(
                ErrorCode::InvalidOptions,
                "control_number must be a positive integer of at most nine digits (ISA13, GS06)",
            )
        })
}

/// `sender` / `receiver`: `{ qualifier, id }` for ISA05/06 or ISA07/08.
fn party(v: Option<&Value>, key: &str) -> Result<Option<Party>, EngineError> {
    use crate::config::x12::{is_x12_char, INTERCHANGE_QUALIFIERS};
    let bad = || {
        EngineError::new(
            ErrorCode::InvalidOptions,
            format!(
                "{key} must be {{ qualifier, id }}: a qualifier of {} and an id of 1 to 15 characters X12 can carry, not only spaces",
                INTERCHANGE_QUALIFIERS.join(", ")
            ),
        )
    };
    let map = match v {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(m)) => m,
        Some(_) => return Err(bad()),
    };
    if map.keys().any(|k| k != "qualifier" && k != "id") {
        return Err(bad());
    }
    let text = |k: &str| map.get(k).and_then(Value::as_str);
    match (text("qualifier"), text("id")) {
        (Some(q), Some(id))
            if INTERCHANGE_QUALIFIERS.contains(&q)
                && (1..=15).contains(&id.chars().count())
                && !id.trim().is_empty()
                && id.chars().all(is_x12_char) =>
        {
            Ok(Some(Party {
                qualifier: q.to_owned(),
                id: id.to_owned(),
            }))
        }
        _ => Err(bad()),
    }
}
