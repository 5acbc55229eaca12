//! Validation of a member snapshot: its structure (Noyo's schema), then the
//! business rules, each issue scoped to the carriers it blocks; and the check
//! of a group configuration.

pub(crate) mod rules;
pub(crate) mod scope;
pub(crate) mod structure;

use serde::{Deserialize, Serialize};
use serde_json::Value;

// Paths kept for callers of the crate (tests, examples, the binding): the
// issue toolkit now lives in `diagnostic` and the reading toolkit in `read`.
pub use crate::config::{check_config_str, check_config_value, ConfigCheck};
pub use crate::diagnostic::{catalogue, issue, limits};
pub use crate::diagnostic::{make_issue_at, mask_ssn, Issue, Rule, Severity, CATALOGUE};
pub use crate::read::{formats, too_large, Source, DEFAULT_MAX_INPUT_BYTES};

/// The published JSON Schemas, generated from the readers.
pub mod describe {
    pub use crate::config::read::config_schema;
    pub use crate::validate::structure::snapshot_schema;
}

use crate::config::PlanIndex;
use crate::diagnostic::limits::Overflow;
use crate::model::{Date, GroupConfig, Snapshot};
use crate::read::json::Json;
use crate::read::walk::Walk;
use crate::read::{self, Read};
use scope::{RoutesOf, Scope};

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

/// Validates a snapshot given as JSON text.
pub fn validate_str<'a>(
    config: &GroupConfig,
    text: impl Into<Source<'a>>,
    max_bytes: usize,
    opts: &ValidateOptions,
) -> (Option<Snapshot>, ValidationResult) {
    let read = read::document(text, max_bytes, Walk::bounded(), structure::snapshot);
    judge(config, &PlanIndex::of(config), read, opts)
}

/// `validate_str`'s result alone, with the configuration's plans already
/// indexed (the engine's `Config`): the typed snapshot is read for the
/// rules alone (`Walk::for_rules`), then dropped.
pub(crate) fn validate_source<'a>(
    config: &GroupConfig,
    plans: &PlanIndex,
    text: impl Into<Source<'a>>,
    max_bytes: usize,
    opts: &ValidateOptions,
) -> ValidationResult {
    let read = read::document(text, max_bytes, Walk::for_rules(), structure::snapshot);
    judge(config, plans, read, opts).1
}

/// Reads a snapshot's structure only (no rules): for a previous snapshot,
/// which is compared, not judged.
pub fn read_structure<'a>(text: impl Into<Source<'a>>, max_bytes: usize) -> (Option<Snapshot>, Vec<Issue>) {
    let walk = Walk::bounded();
    let read = read::document(text, max_bytes, walk, structure::snapshot);
    (read.value, read.walk.issues)
}

/// `read_structure` of a document already parsed.
pub(crate) fn read_structure_tree(doc: &Json) -> (Option<Snapshot>, Vec<Issue>) {
    let read = read::object(doc, Walk::bounded(), structure::snapshot);
    (read.value, read.walk.issues)
}

/// Validates a snapshot given as a JSON value.
pub fn validate_value(
    config: &GroupConfig,
    doc: &Value,
    opts: &ValidateOptions,
) -> (Option<Snapshot>, ValidationResult) {
    let walk = Walk::bounded();
    let read = read::object(&Json::from_value(doc), walk, structure::snapshot);
    judge(config, &PlanIndex::of(config), read, opts)
}

/// Judges what the structural walk read: the business rules when no issue
/// is fatal, then every issue scoped (`finish`).
pub(crate) fn judge(
    config: &GroupConfig,
    plans: &PlanIndex,
    read: Read<Snapshot>,
    opts: &ValidateOptions,
) -> (Option<Snapshot>, ValidationResult) {
    judge_for(config, plans, read, opts, None, None)
}

/// `judge`, a fatal issue blocking `only` of the configuration's carriers
/// when given (an 834's carrier: `preview::Answer::Carrier`) rather than
/// every one — 1,000 carrier ids for each `{}` family of a census; a
/// preview's issues also blocking where its diff routes each person's
/// changes when `routes` are given (`Scope::routed`).
pub(crate) fn judge_for(
    config: &GroupConfig,
    plans: &PlanIndex,
    read: Read<Snapshot>,
    opts: &ValidateOptions,
    only: Option<&str>,
    routes: Option<RoutesOf>,
) -> (Option<Snapshot>, ValidationResult) {
    let Read { value, walk } = read;
    let Some(snapshot) = value else {
        return (None, finish(config, None, None, walk.issues, walk.overflow, only));
    };
    let (mut issues, mut overflow) = (walk.issues, walk.overflow);
    // A fatal issue already blocks everything; rules over a document without
    // an employee (say) would only add noise.
    let fatal = overflow.severity == Some(Severity::Fatal);
    if !fatal && !issues.iter().any(|i| i.severity == Severity::Fatal) {
        let room = limits::MAX_ISSUES.saturating_sub(issues.len());
        let (found, more) = rules::run(&snapshot, config, plans, opts.today, &issues, room);
        issues.extend(found);
        overflow.extend(more);
    }
    let result = finish(config, Some(&snapshot), routes, issues, overflow, only);
    (Some(snapshot), result)
}

/// Scopes every issue to the carriers it blocks and summarizes per carrier;
/// `valid` and `blocked` count every issue (`overflow`: those past the cap,
/// not built), then the list is capped (`limits`). Carrier lists are built
/// for the kept issues only. A snapshot's scope is widened to a preview's
/// routes when given and an issue blocks.
fn finish(
    config: &GroupConfig,
    snapshot: Option<&Snapshot>,
    routes: Option<RoutesOf>,
    mut issues: Vec<Issue>,
    overflow: Overflow,
    only: Option<&str>,
) -> ValidationResult {
    let blocks = overflow.blocks() || issues.iter().any(|i| i.severity.blocks());
    // With no issue at all (listed or counted), only the family's carriers are read.
    let scope = match (snapshot, routes) {
        (Some(s), _) if issues.is_empty() && overflow.count == 0 => Scope::family_of(s),
        (Some(s), Some(routes)) if blocks => Scope::of(s).routed(routes(s), &issues).with_files(config),
        (Some(s), _) => Scope::of(s).with_files(config),
        (None, _) => Scope::default(),
    };
    // A value only an 834 requires, of a person sent to no carrier written
    // one (a Sync carrier's family), blocks nothing and is no issue. (Past
    // the cap such an issue is only counted: it still counts as blocking.)
    issues.retain(|i| !scope.reaches_no_file(i));
    let blocks = overflow.blocks() || issues.iter().any(|i| i.severity.blocks());
    let has_fatal = issues.iter().any(|i| i.severity == Severity::Fatal);
    let mut carriers = scope.family.clone();
    if has_fatal && carriers.is_empty() {
        carriers = match only {
            None => config.carrier_ids(),
            Some(only) => config
                .carrier(only)
                .map(|c| vec![c.id.clone()])
                .unwrap_or_default(),
        };
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
    crate::sort::sort(&mut omitted);
    let valid = !blocks;
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
