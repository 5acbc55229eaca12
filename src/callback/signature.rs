//! HMAC-SHA256 signatures of callback bodies.
//!
//! The signed text is `"{timestamp}.{body}"`: the timestamp in decimal Unix
//! seconds, a full stop, and the body exactly as sent (bytes of its UTF-8;
//! nothing is re-serialized). The signature is the MAC in lowercase hex (64
//! digits). `verify` accepts either case.
//!
//! `verify` checks, in this order, and answers the first failure: the
//! signature is 64 hex digits (`signature_malformed`); it is the MAC of the
//! timestamp and body under the secret, compared in constant time
//! (`signature_mismatch`); the timestamp is within `tolerance_seconds` of
//! `now`, either way, ends included (`timestamp_outside_tolerance`). The
//! signature is checked before the time so that the last code means an
//! authentic message at the wrong time: a replay, or a wrong clock. A
//! negative tolerance counts as 0.
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
use crate::validate::walk::{params, render};
use crate::validate::Rule;

type HmacSha256 = Hmac<Sha256>;

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
}

impl VerifyError {
    /// The catalogue entry of this failure.
    pub fn rule(&self) -> &'static Rule {
        match self {
            VerifyError::SignatureMalformed => k::SIGNATURE_MALFORMED,
            VerifyError::SignatureMismatch => k::SIGNATURE_MISMATCH,
            VerifyError::TimestampOutsideTolerance { .. } => k::TIMESTAMP_OUTSIDE_TOLERANCE,
            VerifyError::HeaderMalformed => k::SIGNATURE_HEADER_MALFORMED,
        }
    }

    /// Stable code (`signature_malformed`, `signature_mismatch`,
    /// `timestamp_outside_tolerance`, `signature_header_malformed`).
    pub fn code(&self) -> &'static str {
        self.rule().code
    }

    /// The message, filled in.
    pub fn message(&self) -> String {
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
fn mac(secret: &[u8], timestamp: i64, body: &str) -> Option<HmacSha256> {
    let mut m = <HmacSha256 as KeyInit>::new_from_slice(secret).ok()?;
    m.update(timestamp.to_string().as_bytes());
    m.update(b".");
    m.update(body.as_bytes());
    Some(m)
}

/// Lowercase hex of HMAC-SHA256(secret, `"{timestamp}.{body}"`).
pub fn sign(secret: &[u8], timestamp: i64, body: &str) -> String {
    let Some(m) = mac(secret, timestamp, body) else {
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
    secret: &[u8],
    timestamp: i64,
    body: &str,
    signature_hex: &str,
    now: i64,
    tolerance_seconds: i64,
) -> Result<(), VerifyError> {
    let tag = decode_hex(signature_hex).ok_or(VerifyError::SignatureMalformed)?;
    let m = mac(secret, timestamp, body).ok_or(VerifyError::SignatureMismatch)?;
    m.verify_slice(&tag).map_err(|_| VerifyError::SignatureMismatch)?;
    within_tolerance(timestamp, now, tolerance_seconds)
}

fn within_tolerance(timestamp: i64, now: i64, tolerance_seconds: i64) -> Result<(), VerifyError> {
    if timestamp.abs_diff(now) > tolerance_seconds.max(0).unsigned_abs() {
        return Err(VerifyError::TimestampOutsideTolerance {
            timestamp,
            now,
            tolerance_seconds,
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
pub fn signature_header(secret: &[u8], timestamp: i64, body: &str) -> String {
    format!("t={timestamp},v1={}", sign(secret, timestamp, body))
}

/// Checks a header made by [`signature_header`]: accepted when any `v1`
/// verifies. With several `v1`s the error is the last one's.
pub fn verify_header(
    secret: &[u8],
    header: &str,
    body: &str,
    now: i64,
    tolerance_seconds: i64,
) -> Result<(), VerifyError> {
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
        outcome = verify(secret, timestamp, body, sig, now, tolerance_seconds);
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
