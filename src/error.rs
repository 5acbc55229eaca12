//! Errors for API misuse. Invalid *data* is answered with issues; an
//! `EngineError` means the caller passed something the API cannot take.

use std::fmt;

use crate::diagnostic::Issue;

/// Why a call was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// The group configuration has fatal or error issues (see `issues`).
    InvalidConfig,
    /// An options object is malformed (e.g. `today` is not a date).
    InvalidOptions,
    /// An argument has a type the function cannot take (e.g. `undefined`,
    /// a circular object, a BigInt).
    InvalidArgument,
}

impl ErrorCode {
    /// The code as JS sees it on `error.code`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidConfig => "INVALID_CONFIG",
            ErrorCode::InvalidOptions => "INVALID_OPTIONS",
            ErrorCode::InvalidArgument => "INVALID_ARGUMENT",
        }
    }
}

/// A refused call: a code, a message, and the issues behind it (config errors).
#[derive(Debug, Clone, PartialEq)]
pub struct EngineError {
    pub code: ErrorCode,
    pub message: String,
    pub issues: Vec<Issue>,
}

impl EngineError {
    /// An error with `message`, SSN-shaped text masked (`privacy::scrub`):
    /// messages say what was expected, and never quote a masked value.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        let message = message.into();
        EngineError {
            code,
            message: crate::privacy::scrub(&message).into_owned(),
            issues: Vec::new(),
        }
    }
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `message` is public: scrubbed again in case it was set by hand.
        let message = crate::privacy::scrub(&self.message);
        write!(f, "{}: {}", self.code.as_str(), message)
    }
}

impl std::error::Error for EngineError {}
