//! `Engine`: a group configuration, loaded and checked once, and the
//! operations over snapshots that need it.

use serde_json::Value;

use crate::config::{self, Config, ConfigCheck};
use crate::diagnostic::Issue;
use crate::diff::{DiffOptions, DiffResult};
use crate::error::{EngineError, ErrorCode};
use crate::model::GroupConfig;
use crate::preview::{PreparedSnapshot, Preview, PreviewOptions};
use crate::read::Source;
use crate::validate::{self, ValidateOptions, ValidationResult};
use crate::x12::{Ack999, AckOptions, Export834, ExportOptions, Parsed834};

/// The engine for one employer group.
#[derive(Debug, Clone)]
pub struct Engine {
    /// The configuration and everything read from it, once.
    config: Config,
    config_issues: Vec<Issue>,
    max_input_bytes: usize,
}

impl Engine {
    /// Builds an engine from a group configuration in JSON text.
    pub fn from_config_str<'a>(text: impl Into<Source<'a>>) -> Result<Engine, EngineError> {
        Self::from_check(config::read_config_str(
            text,
            crate::read::DEFAULT_MAX_INPUT_BYTES,
        ))
    }

    /// Builds an engine from a group configuration as a JSON value.
    pub fn from_config_value(doc: &Value) -> Result<Engine, EngineError> {
        Self::from_check(config::read_config_value(doc))
    }

    fn from_check((config, check): (Config, ConfigCheck)) -> Result<Engine, EngineError> {
        if !check.valid {
            let n = check.issues.iter().filter(|i| i.severity.blocks()).count();
            let first = check.issues.iter().find(|i| i.severity.blocks());
            let detail = first
                // The document's root has the empty pointer: no path to name.
                .map(|i| match i.path.as_str() {
                    "" => format!(" first: {}", i.message),
                    path => format!(" first: {path} {}", i.message),
                })
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
            max_input_bytes: crate::read::DEFAULT_MAX_INPUT_BYTES,
        })
    }

    /// The group configuration.
    pub fn config(&self) -> &GroupConfig {
        self.config.group()
    }

    /// The configuration as read: plans' rates, feeds, indexes.
    pub(crate) fn read_config(&self) -> &Config {
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
        validate::validate_source(
            &self.config.group,
            &self.config.index,
            snapshot,
            self.max_input_bytes,
            opts,
        )
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
        result.issues = crate::diagnostic::limits::cap_issues(result.issues);
        result
    }

    /// `preview_str` against a prepared previous snapshot: the same result.
    pub fn preview_prepared<'a>(
        &self,
        previous: Option<&PreparedSnapshot>,
        current: impl Into<Source<'a>>,
        opts: &PreviewOptions,
    ) -> Preview {
        crate::preview::preview_texts(&self.config, previous, current, self.max_input_bytes, opts)
    }

    /// `preview_prepared` for a keystroke (`prepared.check`): without the
    /// acknowledgement, which `preview::complete` adds from the snapshot
    /// read, returned with whether its read found nothing.
    pub(crate) fn preview_checked<'a>(
        &self,
        previous: Option<&PreparedSnapshot>,
        current: impl Into<Source<'a>>,
        opts: &PreviewOptions,
    ) -> (Preview, Option<crate::model::Snapshot>, bool) {
        crate::preview::preview_checked(&self.config, previous, current, self.max_input_bytes, opts)
    }

    /// `prepare` of a document already parsed, `bytes` the length of its
    /// text (the census entries: `api::record`).
    pub(crate) fn prepare_tree(&self, previous: &crate::read::json::Json, bytes: usize) -> PreparedSnapshot {
        PreparedSnapshot::read_tree(previous, bytes, self.max_input_bytes)
    }

    /// `preview_prepared` of a document already parsed, `bytes` the length
    /// of its text: the same as previewing that text.
    pub(crate) fn preview_tree(
        &self,
        previous: Option<&PreparedSnapshot>,
        current: &crate::read::json::Json,
        bytes: usize,
        opts: &PreviewOptions,
    ) -> Preview {
        crate::preview::preview_tree(&self.config, previous, current, bytes, self.max_input_bytes, opts)
    }

    /// `preview_prepared` of the document `current` holds once edited
    /// (`CurrentDocument::edit`): the same as previewing its text, without
    /// reading it again (and after an edit inside one unit of a document
    /// without structural issues, reading that unit only). `None` before an
    /// edit made one. Without the acknowledgement: `preview::complete` adds
    /// it (and the ids, when this ran inside `Deferred::run`).
    pub fn preview_edited(
        &self,
        previous: Option<&PreparedSnapshot>,
        current: &mut crate::preview::CurrentDocument,
        opts: &PreviewOptions,
    ) -> Option<Preview> {
        crate::preview::preview_edited(&self.config, previous, current, opts)
    }

    /// Completes a keystroke's preview (`preview_edited`, or `prepared.check`'s)
    /// into the whole preview: `preview::complete` with this configuration,
    /// which pairs rows as the diff did for the removed items it acknowledges.
    pub fn complete(
        &self,
        preview: &mut Preview,
        ids: &[String],
        previous: Option<&PreparedSnapshot>,
        current: &crate::preview::CurrentDocument,
    ) {
        crate::preview::complete(preview, ids, &self.config, previous, current);
    }

    /// The X12 834 of `opts.carrier_id` for this snapshot (docs/api.md, X12
    /// 834 export): the preview of `current` against `previous` as of
    /// `opts.created`, then its differences at the carrier (`change`) or
    /// every member in force there (`full`). An unknown carrier is
    /// INVALID_OPTIONS; a Sync carrier, one without `x12`, or one the
    /// snapshot's issues block get an empty `text` and a fatal issue.
    pub fn export834_prepared<'a>(
        &self,
        previous: Option<&PreparedSnapshot>,
        current: impl Into<Source<'a>>,
        opts: &ExportOptions,
    ) -> Result<Export834, EngineError> {
        self.export834_census(&[(previous, current.into())], opts, |_| String::new())
    }

    /// `export834_prepared` with the previous snapshot as text.
    pub fn export834_str(
        &self,
        previous: Option<&str>,
        current: &str,
        opts: &ExportOptions,
    ) -> Result<Export834, EngineError> {
        let previous = previous.map(|t| self.prepare(t));
        self.export834_prepared(previous.as_ref(), current, opts)
    }

    /// One 834 for many families (a census): each family's loops in one
    /// transaction set, families the issues block left out with their
    /// issues, whose paths start with `prefix(k)` for family `k`.
    pub fn export834_census(
        &self,
        families: &[(Option<&PreparedSnapshot>, Source)],
        opts: &ExportOptions,
        prefix: impl Fn(usize) -> String,
    ) -> Result<Export834, EngineError> {
        let popts = PreviewOptions { now: opts.created };
        // Each family previewed when the export comes to it, and dropped
        // after: memory is one family's preview, not the census's.
        // Each previewed for the export's carrier only (`Answer::Carrier`):
        // a family's cost does not grow with the carriers the group lists.
        let read = families.iter().map(|&(previous, current)| {
            let (preview, current) = crate::preview::preview_for_carrier(
                &self.config,
                previous,
                current,
                self.max_input_bytes,
                &popts,
                &opts.carrier_id,
            );
            crate::x12::FamilyRead {
                preview,
                previous: previous.and_then(PreparedSnapshot::snapshot),
                current,
            }
        });
        crate::x12::export(&self.config, read, opts, prefix)
    }

    /// The interchange around member loops exported apart (`part: members`,
    /// `segments` of them): `header` + every family's loops + `trailer` is
    /// `export834_census` of those families. A Sync carrier, or a Send
    /// carrier without `x12`, gets empty texts and the fatal issue.
    pub fn export834_envelope(
        &self,
        opts: &ExportOptions,
        segments: usize,
    ) -> Result<crate::x12::Export834Envelope, EngineError> {
        crate::x12::envelope_of(&self.config, opts, segments)
    }

    /// Reads an 834 from `carrier_id` (its plans map HD03/HD04 back to
    /// plans) into snapshot-shaped reports for `track`, one per subscriber.
    /// Problems are issues at their segment; an unknown carrier is
    /// INVALID_OPTIONS; a text over the input limit is `input_too_large`.
    pub fn parse834<'a>(
        &self,
        text: impl Into<Source<'a>>,
        carrier_id: &str,
    ) -> Result<Parsed834, EngineError> {
        if self.config.group.carrier(carrier_id).is_none() {
            return Err(EngineError::new(
                ErrorCode::InvalidOptions,
                "carrier_id names no carrier of the group configuration",
            ));
        }
        let too_large = || Parsed834 {
            reports: Vec::new(),
            issues: vec![crate::read::too_large(self.max_input_bytes)],
        };
        Ok(match text.into() {
            Source::Text(t) if t.len() <= self.max_input_bytes => {
                // At most 1000 issues, the rest counted as they are found.
                crate::x12::parse::parse(&self.config, carrier_id, t)
            }
            _ => too_large(),
        })
    }

    /// The 999 implementation acknowledgement of an 834 interchange
    /// (docs/api.md, 999 acknowledgement): accepted or rejected per
    /// transaction set, with IK3/IK4 for each error found. A text over the
    /// input limit is `input_too_large` and no 999.
    pub fn ack999<'a>(&self, text: impl Into<Source<'a>>, opts: &AckOptions) -> Ack999 {
        match text.into() {
            Source::Text(t) if t.len() <= self.max_input_bytes => {
                // At most 1000 issues, the rest counted as they are found.
                crate::x12::ack::ack(t, opts)
            }
            _ => Ack999 {
                text: String::new(),
                issues: vec![crate::read::too_large(self.max_input_bytes)],
            },
        }
    }

    /// Validates a snapshot given as a JSON value.
    pub fn validate_value(&self, snapshot: &Value, opts: &ValidateOptions) -> ValidationResult {
        validate::validate_value(&self.config.group, snapshot, opts).1
    }
}
