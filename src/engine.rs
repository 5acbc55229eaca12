//! `Engine`: a group configuration, loaded and checked once, and the
//! operations over snapshots that need it.

use serde_json::Value;

use crate::diff::{DiffOptions, DiffResult};
use crate::error::{EngineError, ErrorCode};
use crate::model::GroupConfig;
use crate::premium::PremiumTerms;
use crate::preview::{PreparedSnapshot, Preview, PreviewOptions};
use crate::validate::{self, ConfigCheck, Issue, Source, ValidateOptions, ValidationResult};

/// The engine for one employer group.
#[derive(Debug, Clone)]
pub struct Engine {
    config: GroupConfig,
    /// The plans' rates and contributions, read from `config` once.
    premium: PremiumTerms,
    config_issues: Vec<Issue>,
    max_input_bytes: usize,
}

impl Engine {
    /// Builds an engine from a group configuration in JSON text.
    pub fn from_config_str<'a>(text: impl Into<Source<'a>>) -> Result<Engine, EngineError> {
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
            premium: PremiumTerms::read(&config),
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
    pub fn validate_str<'a>(
        &self,
        snapshot: impl Into<Source<'a>>,
        opts: &ValidateOptions,
    ) -> ValidationResult {
        validate::validate_str(&self.config, snapshot, self.max_input_bytes, opts).1
    }

    /// Compares a previous snapshot (`None` for a first submission) with the
    /// current one, both JSON text: differences routed per carrier, grouped
    /// into member transactions.
    pub fn diff_str(&self, previous: Option<&str>, current: &str, opts: &DiffOptions) -> DiffResult {
        self.diff_prepared(previous.map(|t| self.prepare(t)).as_ref(), current, opts)
    }

    /// Validation, differences, transactions, per-carrier fulfillment summary,
    /// snapshot status and acknowledgement, as of `opts.now`.
    pub fn preview_str(&self, previous: Option<&str>, current: &str, opts: &PreviewOptions) -> Preview {
        self.preview_prepared(previous.map(|t| self.prepare(t)).as_ref(), current, opts)
    }

    /// Reads a previous snapshot once for many `preview_prepared` /
    /// `diff_prepared` calls (a portal previewing on every keystroke).
    pub fn prepare<'a>(&self, previous: impl Into<Source<'a>>) -> PreparedSnapshot {
        PreparedSnapshot::read(previous, self.max_input_bytes)
    }

    /// `diff_str` against a prepared previous snapshot: the same result.
    pub fn diff_prepared<'a>(
        &self,
        previous: Option<&PreparedSnapshot>,
        current: impl Into<Source<'a>>,
        opts: &DiffOptions,
    ) -> DiffResult {
        let mut result =
            crate::preview::diff_texts(&self.config, previous, current, self.max_input_bytes, opts);
        result.issues = validate::limits::cap_issues(result.issues);
        result
    }

    /// `preview_str` against a prepared previous snapshot: the same result.
    pub fn preview_prepared<'a>(
        &self,
        previous: Option<&PreparedSnapshot>,
        current: impl Into<Source<'a>>,
        opts: &PreviewOptions,
    ) -> Preview {
        crate::preview::preview_texts(
            &self.config,
            &self.premium,
            previous,
            current,
            self.max_input_bytes,
            opts,
        )
    }

    /// Tracks requested differences against a carrier's report (see `tracking::track_json`).
    pub fn track_json<'a, 'b>(
        &self,
        current: impl Into<Source<'a>>,
        requested: &Value,
        report: impl Into<Source<'b>>,
        options: &Value,
    ) -> Result<crate::tracking::Tracking, EngineError> {
        crate::tracking::track_json(
            &self.config,
            current,
            requested,
            report,
            options,
            self.max_input_bytes,
        )
        .map(|mut t| {
            t.issues = validate::limits::cap_issues(t.issues);
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
        let parsed: crate::preview::Preview =
            serde_json::from_value(preview.clone()).map_err(|e| misuse("preview", e))?;
        let state = crate::fulfillment::fold::read_state(state.unwrap_or(preview))?;
        let request: crate::callback::build::CallbackRequest =
            serde_json::from_value(request.clone()).map_err(|e| misuse("request", e))?;
        crate::callback::build::build_callback(self.config.group_id.as_deref(), &parsed, &state, &request)
            .map_err(|e| EngineError::new(ErrorCode::InvalidArgument, e.0))
    }

    /// Validates a snapshot given as a JSON value.
    pub fn validate_value(&self, snapshot: &Value, opts: &ValidateOptions) -> ValidationResult {
        validate::validate_value(&self.config, snapshot, opts).1
    }
}
