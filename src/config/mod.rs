//! The group configuration: read and checked once (`read`), with the rate
//! tables and employer contributions of its plans (`rates`, amounts in
//! `money`). Pointers of its issues go into the configuration document.
//! [`Config`] is what the engine keeps: the document's values and everything
//! read from them, so that nothing is read twice.

pub(crate) mod money;
pub(crate) mod rates;
pub(crate) mod read;
pub mod x12;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use std::collections::BTreeMap;

use crate::diagnostic::Issue;
use crate::model::rrule::RRule;
use crate::model::{Coverage, GroupConfig, LineOfCoverage, Plan};
use crate::read::json::Json;
use crate::read::walk::Walk;
use crate::read::Read;
use crate::read::Source;

/// What checking a group configuration found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ConfigCheck {
    /// No fatal or error issue: an `Engine` can be built from it.
    pub valid: bool,
    /// Issues with pointers into the configuration document.
    pub issues: Vec<Issue>,
}

/// A group configuration as the engine uses it: the document's values, each
/// plan's rates and contribution and each carrier's feed rule as read by the
/// check, and the plans indexed for lookup.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub(crate) group: GroupConfig,
    /// By plan index, parallel to `group.plans`.
    pub(crate) plans: Vec<rates::PlanTerms>,
    /// By carrier index, parallel to `group.carriers`.
    pub(crate) feeds: Vec<Option<RRule>>,
    pub(crate) index: PlanIndex,
}

impl Config {
    /// The carrier `id` names (its first in the configuration) and its position.
    pub(crate) fn carrier(&self, id: &str) -> Option<(usize, &crate::model::Carrier)> {
        let k = *self.index.carrier_at.get(id)?;
        Some((k, self.group.carriers.get(k)?))
    }

    /// The configuration's values.
    pub fn group(&self) -> &GroupConfig {
        &self.group
    }
}

/// Which plan a coverage means: the one answer for validation and premium.
#[derive(Debug, Clone, Copy)]
pub(crate) enum PlanLookup<'a> {
    /// The plan and its index in the configuration.
    Found(usize, &'a Plan),
    NotSpecified,
    /// The field that names no plan (`plan_id` or `plan_name`).
    NotFound(&'static str),
    /// `plan_name` names this many plans of the coverage's carrier and line.
    Ambiguous(usize),
    /// `plan_name` given, but the coverage's carrier or line is unreadable
    /// (already reported), so no plan can be matched.
    Unknowable,
}

impl<'a> PlanLookup<'a> {
    /// The plan, when exactly one is meant.
    pub(crate) fn found(self) -> Option<(usize, &'a Plan)> {
        match self {
            PlanLookup::Found(k, p) => Some((k, p)),
            _ => None,
        }
    }
}

/// The configuration's plans by id and by (name, carrier, line), built once
/// per configuration: looking up every coverage is linear, not coverages ×
/// plans. Keys are nested so that a lookup borrows the coverage's strings.
/// B-trees, not hash maps: a lookup is a few string compares instead of a
/// SipHash of the key (2% of wasm `validate`), and no key set can degrade them.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct PlanIndex {
    /// The first plan with each id.
    by_id: BTreeMap<String, usize>,
    /// name → carrier → line → (the first plan so named, how many are).
    by_name: BTreeMap<String, BTreeMap<String, NamedPlans>>,
    /// Each carrier id's first position in `group.carriers`: read once, as
    /// every call looks carriers up (`fulfillment::Routes`, the rules'
    /// `unknown_carrier`; a set built per call cost every call the
    /// configuration's carriers, review 26c #3).
    pub(crate) carrier_at: BTreeMap<String, usize>,
}

/// The plans of one name and carrier, per line: the first one's index and
/// how many there are.
type NamedPlans = BTreeMap<LineOfCoverage, (usize, usize)>;

impl PlanIndex {
    pub(crate) fn of(group: &GroupConfig) -> PlanIndex {
        let mut index = PlanIndex::default();
        for (k, c) in group.carriers.iter().enumerate() {
            index.carrier_at.entry(c.id.clone()).or_insert(k);
        }
        for (k, p) in group.plans.iter().enumerate() {
            index.by_id.entry(p.id.clone()).or_insert(k);
            if let (Some(name), Some(line)) = (&p.name, p.line_of_coverage) {
                let carriers = index.by_name.entry(name.clone()).or_default();
                let lines = carriers.entry(p.carrier_id.clone()).or_default();
                lines.entry(line).or_insert((k, 0)).1 += 1;
            }
        }
        index
    }

    /// The first plan with this id.
    pub(crate) fn plan_at(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The plan of `group` a coverage means: `plan_id`, else the only plan of
    /// the coverage's carrier and line with its `plan_name`.
    pub(crate) fn lookup<'g>(&self, group: &'g GroupConfig, c: &Coverage) -> PlanLookup<'g> {
        let (id, name) = (c.plan_id.as_deref(), c.plan_name.as_deref());
        self.lookup_named(group, id, name, c.carrier_id.as_deref(), c.line_of_coverage)
    }

    /// `lookup` of a coverage's plan fields given apart, borrowed: tracking
    /// finds the plan a coverage named before a requested change without
    /// copying the coverage (it may carry megabytes of unknown fields).
    pub(crate) fn lookup_named<'g>(
        &self,
        group: &'g GroupConfig,
        plan_id: Option<&str>,
        plan_name: Option<&str>,
        carrier: Option<&str>,
        line: Option<LineOfCoverage>,
    ) -> PlanLookup<'g> {
        let at = |k: usize, missing| {
            group
                .plans
                .get(k)
                .map_or(PlanLookup::NotFound(missing), |p| PlanLookup::Found(k, p))
        };
        if let Some(id) = plan_id {
            return match self.by_id.get(id) {
                Some(&k) => at(k, "plan_id"),
                None => PlanLookup::NotFound("plan_id"),
            };
        }
        let Some(name) = plan_name else {
            return PlanLookup::NotSpecified;
        };
        let (Some(carrier), Some(line)) = (carrier, line) else {
            return PlanLookup::Unknowable;
        };
        let named = self
            .by_name
            .get(name)
            .and_then(|by_carrier| by_carrier.get(carrier));
        match named.and_then(|lines| lines.get(&line)) {
            Some(&(k, 1)) => at(k, "plan_name"),
            Some(&(_, n)) => PlanLookup::Ambiguous(n),
            None => PlanLookup::NotFound("plan_name"),
        }
    }
}

/// Reads and checks a group configuration given as JSON text; the `Config`
/// is usable only when the check is valid (an `Engine` is built from it).
pub(crate) fn read_config_str<'a>(text: impl Into<Source<'a>>, max_bytes: usize) -> (Config, ConfigCheck) {
    check(crate::read::document(
        text,
        max_bytes,
        Walk::bounded(),
        read::group_config,
    ))
}

/// `read_config_str` over a JSON value.
pub(crate) fn read_config_value(doc: &Value) -> (Config, ConfigCheck) {
    check(crate::read::object(
        &Json::from_value(doc),
        Walk::bounded(),
        read::group_config,
    ))
}

/// Checks what the walk read (cross-references, on the same walk) and
/// keeps it as a `Config`.
fn check(read: Read<(GroupConfig, Vec<rates::PlanTerms>)>) -> (Config, ConfigCheck) {
    let Read { value, walk: mut w } = read;
    let Some((group, plans)) = value else {
        return (
            Config::default(),
            ConfigCheck {
                valid: false,
                issues: w.into_issues(),
            },
        );
    };
    let feeds = read::cross_references(&group, &mut w);
    let valid = !w.overflow.blocks() && !w.issues.iter().any(|i| i.severity.blocks());
    let issues = w.into_issues();
    let index = PlanIndex::of(&group);
    let config = Config {
        group,
        plans,
        feeds,
        index,
    };
    (config, ConfigCheck { valid, issues })
}

/// Reads and checks a group configuration given as a JSON value.
pub fn check_config_value(doc: &Value) -> (GroupConfig, ConfigCheck) {
    let (config, check) = read_config_value(doc);
    (config.group, check)
}

/// Reads and checks a group configuration given as JSON text.
pub fn check_config_str<'a>(text: impl Into<Source<'a>>, max_bytes: usize) -> (GroupConfig, ConfigCheck) {
    let (config, check) = read_config_str(text, max_bytes);
    (config.group, check)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::rates::PlanTerms;

    /// What the configuration's walk read for each plan and feed is what
    /// reading each plan's values again gives (the engine's terms equal
    /// `premium_summary`'s for any valid configuration).
    fn read_once_equals_read_again(text: &str) {
        let (config, check) = read_config_str(text, usize::MAX);
        assert!(check.valid, "{:?}", check.issues);
        let again: Vec<PlanTerms> = config
            .group
            .plans
            .iter()
            .enumerate()
            .map(|(k, p)| PlanTerms::of(p, k))
            .collect();
        assert_eq!(config.plans, again);
        assert!(config.plans.iter().any(|t| matches!(t.rates, Some(Ok(_)))));
        let feeds: Vec<Option<RRule>> = config
            .group
            .carriers
            .iter()
            .map(|c| c.feed.as_ref().and_then(|f| RRule::parse(&f.rrule).ok()))
            .collect();
        assert_eq!(config.feeds, feeds);
        assert_eq!(config.index, PlanIndex::of(&config.group));
    }

    #[test]
    fn the_configuration_is_read_once_as_it_would_be_read_again() {
        read_once_equals_read_again(include_str!("../../tests/fixtures/premium/group.json"));
        read_once_equals_read_again(include_str!("../../tests/fixtures/three-carriers-group.json"));
    }
}
