//! The lifecycle functions as JS calls them: `foldStatus` and the partner
//! status callbacks (sign, verify, parse). Timestamps arrive as JS numbers
//! (`None`: the argument was not a number), secrets and bodies as bytes
//! (`None`: not a string, Uint8Array or ArrayBuffer).

use super::input::{self, Arg, Bytes, Measured, Text};
use crate::callback::{self, CallbackSecret, ParsedCallback, Tolerance, Verification, VerifyError};
use crate::error::{EngineError, ErrorCode};
use crate::fulfillment::fold::{self, FoldResult};
use crate::fulfillment::lifecycle::FoldOptions;
use crate::model::Timestamp;

/// Characters in a signature (hex SHA-256). A binding need not copy a string
/// of another length: it is malformed whatever it holds (pass `""`).
pub const SIGNATURE_CHARS: usize = 64;

/// `foldStatus(state, events, options)`: options, then the state, then the events.
pub fn fold_status(
    state: Arg<Text>,
    events: Arg<Text>,
    options: Arg<Option<Text>>,
) -> Result<FoldResult, EngineError> {
    let opts = FoldOptions::from_json(&input::options(options?)?)?;
    let state = input::json(state?, "state")?;
    let events = input::json(events?, "events")?;
    fold::fold_json(&state, &events, &opts)
}

/// `signCallback(secret, timestamp, body)`: HMAC-SHA256 hex of
/// `timestamp.body`. Checks the secret, the timestamp, then the body.
pub fn sign_callback(
    secret: Option<Bytes>,
    timestamp: Option<f64>,
    body: Option<Bytes>,
) -> Result<String, EngineError> {
    let secret = callback_secret(secret)?;
    let timestamp = unix_seconds(timestamp, "timestamp")?;
    let Measured::Fits(body) = callback_body(body)? else {
        return Err(input::too_large(ErrorCode::InvalidArgument, "body"));
    };
    Ok(callback::sign(&secret, timestamp, body))
}

/// `verifyCallback(secret, timestamp, body, signature, now, toleranceSeconds)`.
/// Misuse throws, checked in this order: the secret, `timestamp`, `now`,
/// the tolerance, the signature (`None`: not a string), the body. A bad
/// signature, a stale timestamp or a body over the input limit are answers:
/// `{ valid: false, code }`.
pub fn verify_callback(
    secret: Option<Bytes>,
    timestamp: Option<f64>,
    body: Option<Bytes>,
    signature: Option<String>,
    now: Option<f64>,
    tolerance_seconds: Option<f64>,
) -> Result<Verification, EngineError> {
    let secret = callback_secret(secret)?;
    let (timestamp, now) = (unix_seconds(timestamp, "timestamp")?, unix_seconds(now, "now")?);
    let tolerance = tolerance(tolerance_seconds)?;
    let signature =
        signature.ok_or_else(|| input::misuse("signature must be a string (64 hexadecimal digits)"))?;
    let outcome = match callback_body(body)? {
        Measured::Fits(body) => callback::verify(&secret, timestamp, body, &signature, now, tolerance),
        Measured::TooLarge => Err(VerifyError::BodyTooLarge),
    };
    Ok(Verification::from(outcome))
}

/// A callback body for `parseCallback`: raw bytes (checked as UTF-8) or a
/// document (JSON text, or an object given as its JSON).
#[derive(Debug)]
pub enum CallbackBody {
    Bytes(Bytes),
    Document(Arg<Text>),
}

/// `parseCallback(body)`: the payload validated, with issues; bytes over
/// the limit or not UTF-8 are issues, not errors.
pub fn parse_callback(body: CallbackBody) -> Result<ParsedCallback, EngineError> {
    Ok(match body {
        CallbackBody::Bytes(Measured::Fits(bytes)) => callback::parse_callback_bytes(&bytes),
        CallbackBody::Bytes(Measured::TooLarge) => {
            callback::parse_callback_str(crate::validate::Source::TooLarge)
        }
        CallbackBody::Document(text) => callback::parse_callback_str(text?.source()),
    })
}

/// A secret of at least 16 bytes: a string's UTF-8 (as Node's createHmac
/// takes it) or raw bytes. The message never shows the secret.
fn callback_secret(secret: Option<Bytes>) -> Result<CallbackSecret, EngineError> {
    match secret {
        Some(Measured::Fits(bytes)) => CallbackSecret::new(bytes),
        Some(Measured::TooLarge) => Err(input::too_large(ErrorCode::InvalidArgument, "secret")),
        None => Err(input::misuse("secret must be a string or a Uint8Array")),
    }
}

/// A callback body: the raw bytes received, or a string's UTF-8. Anything
/// else, an object or a number, is refused without being read.
fn callback_body(body: Option<Bytes>) -> Result<Bytes, EngineError> {
    body.ok_or_else(|| {
        input::misuse(
            "body must be a string, a Uint8Array (or Buffer) or an ArrayBuffer: the raw bytes received",
        )
    })
}

/// A whole number of seconds that fits a JS safe integer: a JS number, not
/// `null`, a string or `undefined` (which would silently become 0 or NaN).
fn whole_seconds(n: Option<f64>) -> Option<i64> {
    const SAFE: f64 = 9_007_199_254_740_991.0;
    let n = n?;
    // In range and whole, so the cast is exact.
    (n.is_finite() && n.fract() == 0.0 && n.abs() <= SAFE).then_some(n as i64)
}

/// A timestamp argument: Unix seconds within the years RFC 3339 writes, as
/// `foldStatus` bounds an event's numeric `created`. Anything else is
/// INVALID_ARGUMENT; above the bound is most likely `Date.now()`, which is
/// milliseconds and would otherwise sign without complaint.
fn unix_seconds(n: Option<f64>, what: &str) -> Result<i64, EngineError> {
    let seconds = whole_seconds(n).ok_or_else(|| {
        input::misuse(&format!(
            "{what} must be a whole number of Unix seconds (a number)"
        ))
    })?;
    if !(0..=Timestamp::LAST_UNIX_SECOND).contains(&seconds) {
        return Err(input::misuse(&format!(
            "{what} must be Unix seconds from 0 to 253402300799 (9999-12-31T23:59:59Z): seconds, not milliseconds (Math.floor(Date.now() / 1000))"
        )));
    }
    Ok(seconds)
}

/// `toleranceSeconds`: a whole number from 0 to 3600; anything else
/// (`null`, `""`, negative, fractional, NaN, over the maximum) is INVALID_OPTIONS.
fn tolerance(n: Option<f64>) -> Result<Tolerance, EngineError> {
    let seconds = whole_seconds(n).ok_or_else(Tolerance::out_of_range)?;
    Tolerance::seconds(seconds)
}
