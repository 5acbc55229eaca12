//! Validation: the Issue type, the rule catalogue, and the layers that report
//! issues (input → structure → rules), each scoped to the carriers it blocks.

pub mod catalogue;
pub(crate) mod config;
pub mod describe;
pub mod formats;
pub(crate) mod input;
pub mod issue;
pub(crate) mod json;
pub mod limits;
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
use limits::Overflow;
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
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CarrierStatus {
    pub carrier_id: String,
    /// True when a fatal or error issue names this carrier.
    pub blocked: bool,
}

/// What `validate` returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
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
        Err(issue) => (None, finish(config, None, vec![*issue], Overflow::default())),
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
    let mut w = Walk::bounded(structure::UNSCOPABLE);
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
        let issues = vec![input::not_an_object(doc)];
        return (None, finish(config, None, issues, Overflow::default()));
    };
    let mut w = Walk::bounded(structure::UNSCOPABLE);
    let snapshot = structure::snapshot(&mut w, root);
    let (mut issues, mut overflow) = (w.issues, w.overflow);
    // A fatal issue already blocks everything; rules over a document without
    // an employee (say) would only add noise.
    let fatal = overflow.severity == Some(Severity::Fatal);
    if !fatal && !issues.iter().any(|i| i.severity == Severity::Fatal) {
        let room = limits::MAX_ISSUES.saturating_sub(issues.len());
        let (found, more) = rules::run(&snapshot, config, opts.today, room);
        issues.extend(found);
        overflow.extend(more);
    }
    let result = finish(config, Some(&snapshot), issues, overflow);
    (Some(snapshot), result)
}

/// Scopes every issue to the carriers it blocks and summarizes per carrier;
/// `valid` and `blocked` count every issue (`overflow`: those past the cap,
/// not built), then the list is capped (`limits`). Carrier lists are built
/// for the kept issues only.
fn finish(
    config: &GroupConfig,
    snapshot: Option<&Snapshot>,
    mut issues: Vec<Issue>,
    overflow: Overflow,
) -> ValidationResult {
    let scope = snapshot.map(Scope::of).unwrap_or_default();
    let has_fatal = issues.iter().any(|i| i.severity == Severity::Fatal);
    let mut carriers = scope.family.clone();
    if has_fatal && carriers.is_empty() {
        carriers = config.carriers.iter().map(|c| c.id.clone()).collect();
    }
    let located: Vec<_> = issues.iter().map(|i| scope.locate(i)).collect();
    let blocking = |k: usize| issues.get(k).is_some_and(|i| i.severity.blocks());
    let refs = located.iter().enumerate().map(|(k, (reach, _))| {
        if blocking(k) {
            scope.count(*reach, &carriers)
        } else {
            0
        }
    });
    let total = usize::try_from(overflow.count)
        .unwrap_or(usize::MAX)
        .saturating_add(issues.len());
    let keep = limits::keep_count(total, refs);
    let (mut blocked, mut omitted) = (scope::Marks::default(), scope::Marks::default());
    for (k, (reach, _)) in located.iter().enumerate().filter(|(k, _)| blocking(*k)) {
        blocked.mark(&scope, *reach, &carriers);
        if k >= keep {
            omitted.mark(&scope, *reach, &carriers);
        }
    }
    for reach in &overflow.reaches {
        blocked.mark(&scope, *reach, &carriers);
        omitted.mark(&scope, *reach, &carriers);
    }
    let statuses = carriers
        .iter()
        .map(|id| CarrierStatus {
            carrier_id: id.clone(),
            blocked: blocked.carriers.contains(id.as_str()),
        })
        .collect();
    let mut omitted: Vec<String> = omitted.carriers.into_iter().map(str::to_owned).collect();
    omitted.sort_unstable();
    let valid = !overflow.blocks() && !issues.iter().any(|i| i.severity.blocks());
    for (issue, (reach, line)) in issues.iter_mut().zip(&located).take(keep) {
        issue.line_of_coverage = *line;
        if issue.severity.blocks() {
            issue.carrier_ids = scope.carriers(*reach, &carriers);
        }
    }
    ValidationResult {
        valid,
        issues: limits::truncate(issues, keep, omitted, &overflow),
        carriers: statuses,
    }
}

/// What checking a group configuration found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
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
    let mut w = Walk::bounded(&[]);
    let config = config::group_config(&mut w, root);
    config::cross_references(&config, &mut w);
    let valid = !w.overflow.blocks() && !w.issues.iter().any(|i| i.severity.blocks());
    let total = usize::try_from(w.overflow.count).unwrap_or(usize::MAX);
    let keep = limits::keep_count(total.saturating_add(w.issues.len()), w.issues.iter().map(|_| 0));
    let issues = limits::truncate(w.issues, keep, Vec::new(), &w.overflow);
    (config, ConfigCheck { valid, issues })
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
