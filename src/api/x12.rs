//! The X12 834 export as JS calls it (`engine.export834`,
//! `prepared.export834`, `engine.export834Census`): options first, then the
//! documents in argument order; `engine.parse834` and `engine.ack999`
//! read an 834 back.

use serde_json::Value;

use super::input::{self, Arg, Text};
use crate::diagnostic::limits::MAX_CENSUS_FAMILIES;
use crate::diagnostic::pointer::pointer;
use crate::engine::Engine;
use crate::error::EngineError;
use crate::preview::PreparedSnapshot;
use crate::read::Source;
pub use crate::x12::{Ack999, AckOptions, Export834, Export834Envelope, ExportOptions, Parsed834};

/// `engine.export834(previous | null, current, options)`.
pub fn export834(
    engine: &Engine,
    previous: Arg<Option<Text>>,
    current: Arg<Text>,
    options: Arg<Option<Text>>,
) -> Result<Export834, EngineError> {
    let opts = ExportOptions::from_json(&input::options(options?)?)?;
    let previous = previous?.map(|t| engine.prepare(t.source()));
    engine.export834_prepared(previous.as_ref(), current?.source(), &opts)
}

/// `prepared.export834(current, options)`: against the prepared previous snapshot.
pub fn prepared_export834(
    engine: &Engine,
    prepared: Option<&PreparedSnapshot>,
    current: Arg<Text>,
    options: Arg<Option<Text>>,
) -> Result<Export834, EngineError> {
    let opts = ExportOptions::from_json(&input::options(options?)?)?;
    engine.export834_prepared(prepared, current?.source(), &opts)
}

/// `engine.export834Census(families, options)`: `families` is an array of
/// `{ previous?: Document | null, current: Document }`, one interchange for
/// all of them. Issue paths start with the family's `/k/current`.
pub fn export834_census(
    engine: &Engine,
    families: Arg<Text>,
    options: Arg<Option<Text>>,
) -> Result<Export834, EngineError> {
    let opts = ExportOptions::from_json(&input::options(options?)?)?;
    let families = input::json(families?, "families")?;
    let shape = "families must be an array of { previous?: snapshot | null, current: snapshot }";
    let Value::Array(items) = families else {
        return Err(input::misuse(shape));
    };
    if items.len() > MAX_CENSUS_FAMILIES {
        return Err(input::misuse(&format!(
            "families: at most {} per call; split the census (the command line streams it)",
            crate::read::input::thousands(MAX_CENSUS_FAMILIES)
        )));
    }
    let mut texts: Vec<(Option<String>, String)> = Vec::with_capacity(items.len());
    for item in &items {
        let Value::Object(m) = item else {
            return Err(input::misuse(shape));
        };
        if m.keys().any(|k| k != "previous" && k != "current") {
            return Err(input::misuse(shape));
        }
        let text = |v: &Value| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let previous = m.get("previous").filter(|v| !v.is_null()).map(text);
        let current = m
            .get("current")
            .filter(|v| !v.is_null())
            .map(text)
            .ok_or_else(|| input::misuse(shape))?;
        texts.push((previous, current));
    }
    // The parsed array is not needed past here: each family is its text now.
    drop(items);
    // Boxed: a family without `previous` costs a pointer, not a snapshot's
    // inline size (a census of 280,000 `{ "current": {} }` held ~1 KB each).
    let prepared: Vec<Option<Box<PreparedSnapshot>>> = texts
        .iter()
        .map(|(p, _)| p.as_deref().map(|t| Box::new(engine.prepare(t))))
        .collect();
    let families: Vec<(Option<&PreparedSnapshot>, Source)> = prepared
        .iter()
        .zip(&texts)
        .map(|(p, (_, c))| (p.as_deref(), Source::Text(c)))
        .collect();
    engine.export834_census(&families, &opts, |k| pointer![k, "current"])
}

/// The most member segments `export834Envelope` takes: SE01 is at most ten
/// digits, and the count must fit a wasm32 `usize` with room for the
/// header and trailer (2^32 wrapped SE01 to 0).
pub const MAX_MEMBER_SEGMENTS: f64 = 4_000_000_000.0;

/// `engine.export834Envelope(options, segments)`: the header and trailer
/// around member loops exported apart (`part: "members"`), `segments` the
/// number of their segments (a JS number: `None` when it was not one).
pub fn export834_envelope(
    engine: &Engine,
    options: Arg<Option<Text>>,
    segments: Option<f64>,
) -> Result<Export834Envelope, EngineError> {
    let opts = ExportOptions::from_json(&input::options(options?)?)?;
    let n = segments
        .filter(|n| n.fract() == 0.0 && (0.0..=MAX_MEMBER_SEGMENTS).contains(n))
        .ok_or_else(|| {
            input::misuse(
                "segments must be a whole number from 0: the member loops' segments (part: \"members\")",
            )
        })?;
    // A whole number from 0 to 4e9: exact as a u32, and so as a usize.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let n = usize::try_from(n as u32).map_err(|_| input::misuse("segments is too large"))?;
    engine.export834_envelope(&opts, n)
}

/// `engine.parse834(text, { carrier_id })`: the options, then the text
/// (a string: `None` when the argument was not one).
pub fn parse834(
    engine: &Engine,
    text: Option<Text>,
    options: Arg<Option<Text>>,
) -> Result<Parsed834, EngineError> {
    let options = input::options(options?)?;
    let carrier_id = match &options {
        Value::Object(m) if m.keys().all(|k| k == "carrier_id") => {
            m.get("carrier_id").and_then(Value::as_str)
        }
        _ => None,
    };
    let Some(carrier_id) = carrier_id.filter(|c| !c.is_empty()) else {
        return Err(crate::error::EngineError::new(
            crate::error::ErrorCode::InvalidOptions,
            "options must be { carrier_id }: the carrier whose file this is",
        ));
    };
    let text = text.ok_or_else(|| input::misuse("text must be a string (the 834 as received)"))?;
    engine.parse834(text.source(), carrier_id)
}

/// `engine.ack999(text, { created, control_number, sender?, receiver? })`:
/// the options, then the text (a string: `None` when the argument was not one).
pub fn ack999(
    engine: &Engine,
    text: Option<Text>,
    options: Arg<Option<Text>>,
) -> Result<Ack999, EngineError> {
    let opts = AckOptions::from_json(&input::options(options?)?)?;
    let text = text.ok_or_else(|| input::misuse("text must be a string (the 834 as received)"))?;
    Ok(engine.ack999(text.source(), &opts))
}
