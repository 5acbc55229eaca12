//! `Engine`: a group configuration, loaded and checked once, and the
//! operations over snapshots that need it.

use serde_json::Value;

use crate::error::{EngineError, ErrorCode};
use crate::model::{Date, GroupConfig};
use crate::validate::{self, ConfigCheck, Issue, ValidateOptions, ValidationResult};

/// The engine for one employer group.
#[derive(Debug, Clone)]
pub struct Engine {
    config: GroupConfig,
    config_issues: Vec<Issue>,
    max_input_bytes: usize,
}

impl Engine {
    /// Builds an engine from a group configuration in JSON text.
    pub fn from_config_str(text: &str) -> Result<Engine, EngineError> {
        Self::from_check(validate::check_config_str(
            text,
            validate::DEFAULT_MAX_INPUT_BYTES,
        ))
    }

    /// Builds an engine from a group configuration as a JSON value.
    pub fn from_config_value(doc: &Value) -> Result<Engine, EngineError> {
        Self::from_check(validate::check_config_value(doc))
    }

    fn from_check((config, check): (GroupConfig, ConfigCheck)) -> Result<Engine, EngineError> {
        if !check.valid {
            let n = check.issues.iter().filter(|i| i.severity.blocks()).count();
            let first = check.issues.iter().find(|i| i.severity.blocks());
            let detail = first
                .map(|i| format!(" first: {} {}", i.path, i.message))
                .unwrap_or_default();
            let mut e = EngineError::new(
                ErrorCode::InvalidConfig,
                format!("the group configuration has {n} error(s);{detail}"),
            );
            e.issues = check.issues;
            return Err(e);
        }
        Ok(Engine {
            config,
            config_issues: check.issues,
            max_input_bytes: validate::DEFAULT_MAX_INPUT_BYTES,
        })
    }

    /// The group configuration.
    pub fn config(&self) -> &GroupConfig {
        &self.config
    }

    /// Warnings found in the configuration (it had no errors, or it would not load).
    pub fn config_issues(&self) -> &[Issue] {
        &self.config_issues
    }

    /// Caps the size of documents given as text (default 4 MiB).
    pub fn with_max_input_bytes(mut self, max: usize) -> Self {
        self.max_input_bytes = max;
        self
    }

    /// The cap on a document's size in bytes.
    pub fn max_input_bytes(&self) -> usize {
        self.max_input_bytes
    }

    /// Validates a snapshot given as JSON text.
    pub fn validate_str(&self, snapshot: &str, opts: &ValidateOptions) -> ValidationResult {
        validate::validate_str(&self.config, snapshot, self.max_input_bytes, opts).1
    }

    /// Validates a snapshot given as a JSON value.
    pub fn validate_value(&self, snapshot: &Value, opts: &ValidateOptions) -> ValidationResult {
        validate::validate_value(&self.config, snapshot, opts).1
    }
}

impl ValidateOptions {
    /// Options from a JSON object `{ "today": "YYYY-MM-DD" }`; `null` means none.
    pub fn from_json(v: &Value) -> Result<ValidateOptions, EngineError> {
        let bad = |m: &str| EngineError::new(ErrorCode::InvalidOptions, m);
        let map = match v {
            Value::Null => return Ok(ValidateOptions::default()),
            Value::Object(m) => m,
            _ => return Err(bad("options must be an object like { today: \"2026-01-31\" }")),
        };
        if let Some(k) = map.keys().find(|k| k.as_str() != "today") {
            return Err(bad(&format!("unknown option \"{k}\"; the only option is today")));
        }
        let today = match map.get("today") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(
                Date::parse(s).map_err(|_| bad(&format!("today must be a date YYYY-MM-DD, got \"{s}\"")))?,
            ),
            Some(_) => return Err(bad("today must be a string YYYY-MM-DD")),
        };
        Ok(ValidateOptions { today })
    }
}
