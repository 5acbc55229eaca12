//! Validation: the Issue type, the rule catalogue, and the layers that report
//! issues (input → structure → rules), each scoped to the carriers it blocks.

pub mod catalogue;
pub(crate) mod config;
pub mod describe;
pub mod formats;
pub(crate) mod input;
pub mod issue;
pub(crate) mod json;
pub(crate) mod rules;
pub(crate) mod scope;
pub(crate) mod structure;
pub(crate) mod walk;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use self::json::Json;

pub use catalogue::{Rule, CATALOGUE};
pub use input::{too_large, Source, DEFAULT_MAX_INPUT_BYTES};
pub use issue::{mask_ssn, Issue, Severity};

use crate::model::{Date, GroupConfig, Snapshot};
use scope::Scope;
use walk::Walk;

/// Options of `validate`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidateOptions {
    /// The day validation happens on, for rules relative to today (no clock
    /// is read). Rules that need it are skipped when it is absent.
    pub today: Option<Date>,
}

/// Whether a carrier can receive this snapshot's changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarrierStatus {
    pub carrier_id: String,
    /// True when a fatal or error issue names this carrier.
    pub blocked: bool,
}

/// What `validate` returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidationResult {
    /// No fatal or error issue anywhere.
    pub valid: bool,
    /// Structural issues in the order the walk meets them, then the rules'
    /// issues in catalogue order (docs/api.md).
    pub issues: Vec<Issue>,
    /// The snapshot's carriers in order of first appearance (the group's
    /// carriers when a fatal issue leaves none readable).
    pub carriers: Vec<CarrierStatus>,
}

/// An issue of `rule` at `path` (for layers outside `validate`), carriers unset.
pub fn make_issue_at(rule: &Rule, path: &str, params: Value) -> Issue {
    walk::make_issue(rule, path.to_owned(), walk::params(params))
}

/// Validates a snapshot given as JSON text.
pub fn validate_str<'a>(
    config: &GroupConfig,
    text: impl Into<Source<'a>>,
    max_bytes: usize,
    opts: &ValidateOptions,
) -> (Option<Snapshot>, ValidationResult) {
    match input::parse(text, max_bytes) {
        Ok(v) => validate_json(config, &v, opts),
        Err(issue) => (None, finish(config, None, vec![*issue])),
    }
}

/// Reads a snapshot's structure only (no rules): for a previous snapshot,
/// which is compared, not judged.
pub fn read_structure<'a>(text: impl Into<Source<'a>>, max_bytes: usize) -> (Option<Snapshot>, Vec<Issue>) {
    let doc = match input::parse(text, max_bytes) {
        Ok(v) => v,
        Err(issue) => return (None, vec![*issue]),
    };
    let Json::Object(root) = &doc else {
        return (None, vec![input::not_an_object(&doc)]);
    };
    let mut w = Walk::default();
    let snapshot = structure::snapshot(&mut w, root);
    (Some(snapshot), w.issues)
}

/// Validates a snapshot given as a JSON value.
pub fn validate_value(
    config: &GroupConfig,
    doc: &Value,
    opts: &ValidateOptions,
) -> (Option<Snapshot>, ValidationResult) {
    validate_json(config, &Json::from_value(doc), opts)
}

fn validate_json(
    config: &GroupConfig,
    doc: &Json,
    opts: &ValidateOptions,
) -> (Option<Snapshot>, ValidationResult) {
    let Json::Object(root) = doc else {
        return (None, finish(config, None, vec![input::not_an_object(doc)]));
    };
    let mut w = Walk::default();
    let snapshot = structure::snapshot(&mut w, root);
    let mut issues = w.issues;
    // A fatal issue already blocks everything; rules over a document without
    // an employee (say) would only add noise.
    if !issues.iter().any(|i| i.severity == Severity::Fatal) {
        issues.extend(rules::run(&snapshot, config, opts.today));
    }
    let result = finish(config, Some(&snapshot), issues);
    (Some(snapshot), result)
}

/// Scopes every issue to the carriers it blocks and summarizes per carrier.
fn finish(config: &GroupConfig, snapshot: Option<&Snapshot>, mut issues: Vec<Issue>) -> ValidationResult {
    let scope = snapshot.map(Scope::of).unwrap_or_default();
    let has_fatal = issues.iter().any(|i| i.severity == Severity::Fatal);
    let mut carriers = scope.family.clone();
    if has_fatal && carriers.is_empty() {
        carriers = config.carriers.iter().map(|c| c.id.clone()).collect();
    }
    for issue in &mut issues {
        scope.apply(issue, &carriers);
    }
    let carriers = carriers
        .into_iter()
        .map(|carrier_id| {
            let blocked = issues
                .iter()
                .any(|i| i.severity.blocks() && i.carrier_ids.contains(&carrier_id));
            CarrierStatus { carrier_id, blocked }
        })
        .collect();
    ValidationResult {
        valid: !issues.iter().any(|i| i.severity.blocks()),
        issues,
        carriers,
    }
}

/// What checking a group configuration found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfigCheck {
    /// No fatal or error issue: an `Engine` can be built from it.
    pub valid: bool,
    /// Issues with pointers into the configuration document.
    pub issues: Vec<Issue>,
}

/// Reads and checks a group configuration given as a JSON value.
pub fn check_config_value(doc: &Value) -> (GroupConfig, ConfigCheck) {
    check_config_json(&Json::from_value(doc))
}

fn check_config_json(doc: &Json) -> (GroupConfig, ConfigCheck) {
    let Json::Object(root) = doc else {
        let issues = vec![input::not_an_object(doc)];
        return (GroupConfig::default(), ConfigCheck { valid: false, issues });
    };
    let mut w = Walk::default();
    let config = config::group_config(&mut w, root);
    config::cross_references(&config, &mut w.issues);
    let valid = !w.issues.iter().any(|i| i.severity.blocks());
    (
        config,
        ConfigCheck {
            valid,
            issues: w.issues,
        },
    )
}

/// Reads and checks a group configuration given as JSON text.
pub fn check_config_str<'a>(text: impl Into<Source<'a>>, max_bytes: usize) -> (GroupConfig, ConfigCheck) {
    match input::parse(text, max_bytes) {
        Ok(v) => check_config_json(&v),
        Err(issue) => (
            GroupConfig::default(),
            ConfigCheck {
                valid: false,
                issues: vec![*issue],
            },
        ),
    }
}
