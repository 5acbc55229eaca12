//! HMAC-SHA256 signatures of callback bodies.
//!
//! The signed text is `"{timestamp}.{body}"`: the timestamp in decimal Unix
//! seconds, a full stop, and the body exactly as sent (bytes of its UTF-8;
//! nothing is re-serialized). The signature is the MAC in lowercase hex (64
//! digits). `verify` accepts either case.
//!
//! The body is bytes: a webhook server should verify the raw bytes it
//! received, before any decoding (a `&str` is its UTF-8).
//!
//! The caller's own mistakes are refused before anything is signed or
//! verified, as `EngineError`s: a secret shorter than [`MIN_SECRET_BYTES`]
//! (16: an empty or short secret made every forgery cheap) is
//! `INVALID_ARGUMENT` ([`CallbackSecret::new`]); a tolerance outside
//! 0..=[`MAX_TOLERANCE_SECONDS`] is `INVALID_OPTIONS` ([`Tolerance::seconds`]).
//!
//! `verify` checks, in this order, and answers the first failure: the body
//! is at most `DEFAULT_MAX_INPUT_BYTES` (`input_too_large`; it is not read);
//! the signature is 64 hex digits (`signature_malformed`); it is the MAC of
//! the timestamp and body under the secret, compared in constant time
//! (`signature_mismatch`); the timestamp is within the tolerance of `now`,
//! either way, ends included (`timestamp_outside_tolerance`). The signature
//! is checked before the time so that the last code means an authentic
//! message at the wrong time: a replay, or a wrong clock.
//!
//! There is no nonce: within the tolerance window the same signed message
//! verifies again. Consumers must de-duplicate on the payload's `event_id`
//! (keep the ids seen for at least the tolerance).
//!
//! The header form, for an HTTP header such as `Enroll-Signature`, is
//! `t=<timestamp>,v1=<hex>`; `verify_header` accepts spaces around items,
//! ignores keys other than `t` and `v1` (future schemes), and accepts the
//! message when any `v1` matches (a sender rotating secrets signs with both).

use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::Sha256;

use super::codes as k;
use crate::diagnostic::catalogue as c;
use crate::diagnostic::render::{params, render};
use crate::diagnostic::Rule;
use crate::error::{EngineError, ErrorCode};
use crate::read::DEFAULT_MAX_INPUT_BYTES;

type HmacSha256 = Hmac<Sha256>;

/// The shortest secret accepted: 128 bits, the key length below which
/// brute-forcing an HMAC key is within reach (an empty key verified anything
/// signed with an empty key).
pub const MIN_SECRET_BYTES: usize = 16;

/// The widest tolerance accepted: one hour. The window is how long a captured
/// message can be replayed (there is no nonce), so it should be a few minutes
/// (300 s is common); an hour still covers a badly set clock and a delivery
/// queued behind an outage, while a longer window only widens the replay.
pub const MAX_TOLERANCE_SECONDS: i64 = 3600;

/// A signing secret of at least [`MIN_SECRET_BYTES`] bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct CallbackSecret(Vec<u8>);

impl CallbackSecret {
    /// The secret's bytes, refused (`INVALID_ARGUMENT`) when shorter than
    /// [`MIN_SECRET_BYTES`]. The message never shows the secret.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Result<Self, EngineError> {
        let bytes = bytes.into();
        if bytes.len() < MIN_SECRET_BYTES {
            return Err(EngineError::new(
                ErrorCode::InvalidArgument,
                format!(
                    "secret must be at least {MIN_SECRET_BYTES} bytes (it has {}): use a random secret of 32 bytes or more",
                    bytes.len()
                ),
            ));
        }
        Ok(CallbackSecret(bytes))
    }
}

impl std::fmt::Debug for CallbackSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CallbackSecret({} bytes)", self.0.len())
    }
}

/// How far a signature's timestamp may be from `now`: 0..=[`MAX_TOLERANCE_SECONDS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tolerance(i64);

impl Tolerance {
    /// Refused (`INVALID_OPTIONS`) when negative or above the maximum.
    pub fn seconds(seconds: i64) -> Result<Self, EngineError> {
        if !(0..=MAX_TOLERANCE_SECONDS).contains(&seconds) {
            return Err(Tolerance::out_of_range());
        }
        Ok(Tolerance(seconds))
    }

    /// The error for any tolerance that is not a whole number in range.
    pub fn out_of_range() -> EngineError {
        EngineError::new(
            ErrorCode::InvalidOptions,
            format!(
                "toleranceSeconds must be a whole number of seconds from 0 to {MAX_TOLERANCE_SECONDS} (300 is common)"
            ),
        )
    }

    /// The window in seconds.
    pub fn get(self) -> i64 {
        self.0
    }
}

/// Hex digits of a SHA-256 MAC.
const SIGNATURE_HEX_LEN: usize = 64;

/// Why a signature was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyError {
    /// Not 64 hexadecimal digits.
    SignatureMalformed,
    /// Well-formed, but not the MAC of this timestamp and body under this secret.
    SignatureMismatch,
    /// Authentic, but too far from `now`.
    TimestampOutsideTolerance {
        timestamp: i64,
        now: i64,
        tolerance_seconds: i64,
    },
    /// `verify_header` could not read `t=…,v1=…`.
    HeaderMalformed,
    /// The body is over the input limit; it was not read.
    BodyTooLarge,
}

impl VerifyError {
    /// The catalogue entry of this failure.
    pub fn rule(&self) -> &'static Rule {
        match self {
            VerifyError::SignatureMalformed => k::SIGNATURE_MALFORMED,
            VerifyError::SignatureMismatch => k::SIGNATURE_MISMATCH,
            VerifyError::TimestampOutsideTolerance { .. } => k::TIMESTAMP_OUTSIDE_TOLERANCE,
            VerifyError::HeaderMalformed => k::SIGNATURE_HEADER_MALFORMED,
            VerifyError::BodyTooLarge => c::INPUT_TOO_LARGE,
        }
    }

    /// Stable code (`signature_malformed`, `signature_mismatch`,
    /// `timestamp_outside_tolerance`, `signature_header_malformed`,
    /// `input_too_large`).
    pub fn code(&self) -> &'static str {
        self.rule().code
    }

    /// The message, filled in.
    pub fn message(&self) -> String {
        if let VerifyError::BodyTooLarge = self {
            return crate::read::too_large(DEFAULT_MAX_INPUT_BYTES).message;
        }
        let p = match self {
            VerifyError::TimestampOutsideTolerance {
                timestamp,
                now,
                tolerance_seconds,
            } => json!({ "timestamp": timestamp, "now": now, "tolerance_seconds": tolerance_seconds }),
            _ => json!({}),
        };
        render(self.rule().template, &params(p))
    }
}

impl std::fmt::Display for VerifyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for VerifyError {}

/// A verification result as data (what the JS binding returns).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Verification {
    pub valid: bool,
    /// The failure's code; `null` when valid.
    pub code: Option<String>,
    /// The failure's message; `null` when valid.
    pub message: Option<String>,
}

impl From<Result<(), VerifyError>> for Verification {
    fn from(r: Result<(), VerifyError>) -> Self {
        match r {
            Ok(()) => Verification {
                valid: true,
                code: None,
                message: None,
            },
            Err(e) => Verification {
                valid: false,
                code: Some(e.code().to_owned()),
                message: Some(e.message()),
            },
        }
    }
}

/// The MAC state after `timestamp.body` (HMAC takes keys of any length).
fn mac(secret: &CallbackSecret, timestamp: i64, body: &[u8]) -> Option<HmacSha256> {
    let mut m = <HmacSha256 as KeyInit>::new_from_slice(&secret.0).ok()?;
    m.update(timestamp.to_string().as_bytes());
    m.update(b".");
    m.update(body);
    Some(m)
}

/// Lowercase hex of HMAC-SHA256(secret, `"{timestamp}.{body}"`). The body
/// is not limited here: it is the caller's own.
pub fn sign(secret: &CallbackSecret, timestamp: i64, body: impl AsRef<[u8]>) -> String {
    let Some(m) = mac(secret, timestamp, body.as_ref()) else {
        return String::new(); // unreachable: HMAC accepts every key length
    };
    let tag = m.finalize().into_bytes();
    let mut out = String::with_capacity(SIGNATURE_HEX_LEN);
    for b in tag.iter() {
        for nibble in [b >> 4, b & 15] {
            out.extend(char::from_digit(u32::from(nibble), 16));
        }
    }
    out
}

/// Checks a signature made by [`sign`] (see the module docs for the order
/// of the checks and the codes).
pub fn verify(
    secret: &CallbackSecret,
    timestamp: i64,
    body: impl AsRef<[u8]>,
    signature_hex: &str,
    now: i64,
    tolerance: Tolerance,
) -> Result<(), VerifyError> {
    let body = body.as_ref();
    if body.len() > DEFAULT_MAX_INPUT_BYTES {
        return Err(VerifyError::BodyTooLarge);
    }
    let tag = decode_hex(signature_hex).ok_or(VerifyError::SignatureMalformed)?;
    let m = mac(secret, timestamp, body).ok_or(VerifyError::SignatureMismatch)?;
    m.verify_slice(&tag).map_err(|_| VerifyError::SignatureMismatch)?;
    within_tolerance(timestamp, now, tolerance)
}

fn within_tolerance(timestamp: i64, now: i64, tolerance: Tolerance) -> Result<(), VerifyError> {
    if timestamp.abs_diff(now) > tolerance.0.unsigned_abs() {
        return Err(VerifyError::TimestampOutsideTolerance {
            timestamp,
            now,
            tolerance_seconds: tolerance.0,
        });
    }
    Ok(())
}

/// The 32 bytes of a 64-digit hex string (either case), or `None`.
fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if s.len() != SIGNATURE_HEX_LEN {
        return None;
    }
    let digit = |c: u8| char::from(c).to_digit(16).and_then(|d| u8::try_from(d).ok());
    s.as_bytes()
        .chunks(2)
        .map(|pair| match pair {
            [hi, lo] => Some(digit(*hi)? << 4 | digit(*lo)?),
            _ => None,
        })
        .collect()
}

/// `t=<timestamp>,v1=<signature>`: the signature in header form.
pub fn signature_header(secret: &CallbackSecret, timestamp: i64, body: impl AsRef<[u8]>) -> String {
    format!("t={timestamp},v1={}", sign(secret, timestamp, body))
}

/// Checks a header made by [`signature_header`]: accepted when any `v1`
/// verifies. With several `v1`s the error is the last one's.
pub fn verify_header(
    secret: &CallbackSecret,
    header: &str,
    body: impl AsRef<[u8]>,
    now: i64,
    tolerance: Tolerance,
) -> Result<(), VerifyError> {
    let body = body.as_ref();
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for item in header.split(',') {
        let (key, value) = item.split_once('=').ok_or(VerifyError::HeaderMalformed)?;
        match key.trim() {
            "t" if timestamp.is_none() => {
                timestamp = Some(
                    value
                        .trim()
                        .parse::<i64>()
                        .map_err(|_| VerifyError::HeaderMalformed)?,
                )
            }
            "t" => return Err(VerifyError::HeaderMalformed),
            "v1" => signatures.push(value.trim()),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(VerifyError::HeaderMalformed)?;
    let mut outcome = Err(VerifyError::HeaderMalformed);
    for sig in signatures {
        outcome = verify(secret, timestamp, body, sig, now, tolerance);
        if outcome.is_ok() {
            break;
        }
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4231_test_case_2() {
        // HMAC-SHA256("Jefe", "what do ya want for nothing?") from RFC 4231,
        // reached through the signed text "<timestamp>.<body>".
        let mut m = <HmacSha256 as KeyInit>::new_from_slice(b"Jefe").ok();
        if let Some(m) = m.as_mut() {
            m.update(b"what do ya want for nothing?");
        }
        let tag = m.map(|m| m.finalize().into_bytes().to_vec()).unwrap_or_default();
        let hex: String = tag.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn hex_decoding() {
        assert_eq!(decode_hex(&"ab".repeat(32)), Some(vec![0xab; 32]));
        assert_eq!(decode_hex(&"AB".repeat(32)), Some(vec![0xab; 32]));
        assert_eq!(decode_hex(&"ab".repeat(31)), None);
        assert_eq!(decode_hex(&format!("{}zz", "ab".repeat(31))), None);
        assert_eq!(decode_hex(&"é".repeat(32)), None);
    }
}
