//! Structural reading of the group configuration (source D's shape), with
//! pointers into the configuration document.

use std::collections::{HashMap, HashSet};

use serde_json::{json, Value};

use crate::diagnostic::catalogue as c;
use crate::diagnostic::limits::MAX_CARRIERS;
use crate::diagnostic::pointer::pointer;
use crate::model::rrule::{RRule, RRuleError};
use crate::model::*;
use crate::read::formats::is_uuid;
use crate::read::walk::describe::{document, no_members};
use crate::read::walk::{Need, Walk};

use Need::{Optional, Required};

use super::rates::{contribution_in_walk, rates_in_walk, PlanTerms};
use crate::read::json::Obj;

/// Reads a group configuration document, and each plan's terms from the
/// same walk (by plan index).
pub(crate) fn group_config(w: &mut Walk, m: &Obj) -> (GroupConfig, Vec<PlanTerms>) {
    let ((group_id, carriers, (plans, terms)), extra) = w.object_fields(m, |w| {
        let group_id = w.nonempty(m, "group_id", Required);
        let carriers = w
            .array(m, "carriers", Required, |w, v| w.object(v).map(|m| carrier(w, m)))
            .unwrap_or_default();
        let plans: (Vec<Plan>, Vec<PlanTerms>) = w
            .array(m, "plans", Optional, |w, v| w.object(v).map(|m| plan(w, m)))
            .unwrap_or_default()
            .into_iter()
            .unzip();
        (group_id, carriers, plans)
    });
    let config = GroupConfig {
        group_id,
        carriers,
        plans,
        extra,
    };
    (config, terms)
}

fn carrier(w: &mut Walk, m: &Obj) -> Carrier {
    let (read, extra) = w.object_fields(m, |w| Carrier {
        id: w
            .checked(m, "id", Required, c::INVALID_UUID, is_uuid)
            .unwrap_or_default(),
        name: w.string(m, "name", Optional),
        mode: w.wire::<CarrierMode>(m, "mode", Optional),
        feed: w.nested(m, "feed", Optional, feed),
        x12: w.nested(m, "x12", Optional, super::x12::carrier_x12),
        extra: Extra::new(),
    });
    Carrier { extra, ..read }
}

fn feed(w: &mut Walk, m: &Obj) -> Feed {
    let (read, extra) = w.object_fields(m, |w| Feed {
        rrule: w.nonempty(m, "rrule", Required).unwrap_or_default(),
        dtstart: w.date(m, "dtstart", Optional),
        extra: Extra::new(),
    });
    Feed { extra, ..read }
}

fn plan(w: &mut Walk, m: &Obj) -> (Plan, PlanTerms) {
    let mut terms = PlanTerms::default();
    let (read, extra) = w.object_fields(m, |w| Plan {
        id: w
            .checked(m, "id", Required, c::INVALID_UUID, is_uuid)
            .unwrap_or_default(),
        name: w.nonempty(m, "name", Optional),
        carrier_id: w
            .checked(m, "carrier_id", Required, c::INVALID_UUID, is_uuid)
            .unwrap_or_default(),
        line_of_coverage: w.wire::<LineOfCoverage>(m, "line_of_coverage", Required),
        eligible_member_types: w
            .array(m, "eligible_member_types", Optional, |w, v| {
                w.enum_value(v, "eligible_member_types", MemberType::parse, MemberType::ALL)
                    .map(Some)
            })
            .unwrap_or_default()
            .into_iter()
            .flatten()
            .collect(),
        dependent_child_age_limit: w
            .integer_in(m, "dependent_child_age_limit", Optional, 0, 150, "0 to 150 years")
            .and_then(|v| u32::try_from(v).ok()),
        volume: w.nested(m, "volume", Optional, volume_rule),
        rates: w
            .raw_object_read(m, "rates", Optional, rates_in_walk)
            .map(|(v, rates)| {
                terms.rates = Some(rates);
                v
            }),
        employer_contribution: w
            .raw_object_read(m, "employer_contribution", Optional, contribution_in_walk)
            .map(|(v, contribution)| {
                terms.contribution = Some(contribution);
                v
            }),
        x12: w.nested(m, "x12", Optional, super::x12::plan_x12),
        extra: Extra::new(),
    });
    (Plan { extra, ..read }, terms)
}

fn volume_rule(w: &mut Walk, m: &Obj) -> VolumeRule {
    const MAX: i64 = i32::MAX as i64;
    let (read, extra) = w.object_fields(m, |w| {
        let mut amount = |key| w.integer_in(m, key, Optional, 0, MAX, "0 to 2147483647 dollars");
        VolumeRule {
            min: amount("min"),
            max: amount("max"),
            increment: amount("increment"),
            guaranteed_issue: amount("guaranteed_issue"),
            extra: Extra::new(),
        }
    });
    VolumeRule { extra, ..read }
}

/// The configuration's semantic checks, after its structure was read:
/// duplicate ids, plans of unknown carriers, ambiguous plan names, feeds and
/// volume rules. Entries whose ids were unreadable are skipped. Returns each
/// carrier's feed rule as parsed here (by carrier index; `None`: no feed, or
/// a rule that does not parse).
pub(crate) fn cross_references(config: &GroupConfig, w: &mut Walk) -> Vec<Option<RRule>> {
    let mut feeds = Vec::with_capacity(config.carriers.len());
    let mut push = |rule, path: String, p: Value| w.report_at(rule, &path, p);
    // Ids seen so far, and plans by (name, carrier, line): one pass each,
    // hash lookups instead of comparing every pair (16,000 carriers took 4 s).
    let mut carrier_ids: HashSet<&str> = HashSet::new();
    if config.carriers.len() > MAX_CARRIERS {
        let p = json!({ "count": config.carriers.len(), "limit": MAX_CARRIERS });
        push(c::TOO_MANY_CARRIERS, pointer!["carriers"], p);
    }
    for (k, carrier) in config.carriers.iter().enumerate() {
        let rule = carrier.feed.as_ref().map(|f| RRule::parse(&f.rrule));
        let problem = feed_problem(carrier.feed.as_ref(), rule.as_ref());
        feeds.push(rule.and_then(Result::ok));
        if carrier.id.is_empty() {
            continue;
        }
        if !carrier_ids.insert(&carrier.id) {
            push(
                c::DUPLICATE_ID,
                pointer!["carriers", k, "id"],
                json!({ "kind": "Carrier", "id": carrier.id }),
            );
        }
        let label = carrier.name.as_deref().unwrap_or(&carrier.id);
        match (&carrier.feed, carrier.mode()) {
            (None, CarrierMode::Send) => push(
                c::SEND_CARRIER_WITHOUT_FEED,
                pointer!["carriers", k],
                json!({ "carrier": label }),
            ),
            (Some(feed), _) if !feed.rrule.is_empty() => {
                if let Some(problem) = problem {
                    let (rule, p) = rrule_issue(problem);
                    push(rule, pointer!["carriers", k, "feed", "rrule"], p);
                }
            }
            _ => {}
        }
    }
    let mut plan_ids: HashSet<&str> = HashSet::new();
    // (name, carrier, line) → ids of the plans so named, in order.
    let mut named: HashMap<(&str, &str, Option<LineOfCoverage>), Vec<&str>> = HashMap::new();
    for (k, plan) in config.plans.iter().enumerate() {
        if plan.id.is_empty() {
            continue;
        }
        let label = plan.name.as_deref().unwrap_or(&plan.id);
        if !plan_ids.insert(&plan.id) {
            push(
                c::DUPLICATE_ID,
                pointer!["plans", k, "id"],
                json!({ "kind": "Plan", "id": plan.id }),
            );
        }
        if !plan.carrier_id.is_empty() && !carrier_ids.contains(plan.carrier_id.as_str()) {
            let p = json!({ "plan": label, "carrier_id": plan.carrier_id });
            push(c::PLAN_UNKNOWN_CARRIER, pointer!["plans", k, "carrier_id"], p);
        }
        let twin = plan.name.as_deref().and_then(|name| {
            let key = (name, plan.carrier_id.as_str(), plan.line_of_coverage);
            let earlier = named.entry(key).or_default();
            let twin = earlier.iter().find(|id| **id != plan.id).copied();
            // One id is enough to name a twin; two distinct ones cover any later plan.
            if earlier.len() < 2 && !earlier.contains(&plan.id.as_str()) {
                earlier.push(&plan.id);
            }
            twin
        });
        if let Some(twin) = twin {
            let p = json!({ "plan": plan.id, "other": twin, "name": label });
            push(c::DUPLICATE_PLAN_NAME, pointer!["plans", k, "name"], p);
        }
        if let Some(reason) = plan.volume.as_ref().and_then(volume_rule_problem) {
            push(
                c::INVALID_VOLUME_RULE,
                pointer!["plans", k, "volume"],
                json!({ "reason": reason }),
            );
        }
    }
    super::x12::plan_line_codes(config, w);
    feeds
}

/// What is wrong with a feed's rule, parsed as `rule`: it does not parse, or
/// it needs `dtstart` and has none.
fn feed_problem(feed: Option<&Feed>, rule: Option<&Result<RRule, RRuleError>>) -> Option<RRuleError> {
    match (feed, rule) {
        (_, Some(Err(e))) => Some(e.clone()),
        (Some(feed), Some(Ok(r))) if r.needs_anchor() && feed.dtstart.is_none() => Some(RRuleError::Invalid(
            "the rule needs feed.dtstart to anchor it (INTERVAL above 1, or no BYDAY / BYMONTHDAY)"
                .to_owned(),
        )),
        _ => None,
    }
}

/// The configuration issue of a feed rule's problem: its code and params.
fn rrule_issue(problem: RRuleError) -> (&'static c::Rule, Value) {
    match problem {
        RRuleError::Invalid(reason) => (c::INVALID_RRULE, json!({ "reason": reason })),
        RRuleError::Duplicate { part, value } => {
            (c::RRULE_DUPLICATE_VALUE, json!({ "part": part, "value": value }))
        }
        RRuleError::OutOfRange {
            part,
            value,
            min,
            max,
        } => (
            c::RRULE_VALUE_OUT_OF_RANGE,
            json!({ "part": part, "value": value, "min": min, "max": max }),
        ),
        RRuleError::TooLong { part, count, limit } => (
            c::RRULE_LIST_TOO_LONG,
            json!({ "part": part, "count": count, "limit": limit }),
        ),
    }
}

fn volume_rule_problem(v: &VolumeRule) -> Option<String> {
    let (min, max) = (v.min.unwrap_or(0), v.max);
    if let Some(max) = max.filter(|m| *m < min) {
        return Some(format!("min {min} is above max {max}"));
    }
    if v.increment == Some(0) {
        return Some("increment must be above 0".into());
    }
    let gi = v.guaranteed_issue?;
    if gi < min || max.is_some_and(|m| gi > m) {
        return Some(format!("guaranteed_issue {gi} is outside min..max"));
    }
    None
}

/// The JSON Schema of a group configuration, as the engine reads it.
pub fn config_schema() -> Value {
    let mut w = Walk::describer();
    let _ = group_config(&mut w, no_members());
    // The description still names the reader's former file: the published
    // schema (pkg/schema/) is kept byte-identical until it is next regenerated.
    document(
        "https://enroll-engine.dev/schema/group-config.schema.json",
        "Group configuration (enroll-engine)",
        "Generated from enroll-engine's configuration reader (src/validate/config.rs); do not edit. \
         Cross-references (plan carriers, duplicate ids, feed rules, volume rules) are checked too: see docs/rules.md.",
        w.described(),
    )
}
