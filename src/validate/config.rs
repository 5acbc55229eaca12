//! Structural reading of the group configuration (design.md's shape), with
//! pointers into the configuration document.

use serde_json::Value;

use serde_json::json;

use super::catalogue as c;
use super::formats::is_uuid;
use super::issue::Issue;
use super::walk::{make_issue, params, Need, Walk};
use crate::model::rrule::RRule;
use crate::model::*;

use Need::{Optional, Required};

use crate::validate::json::Obj;

/// Reads a group configuration document.
pub(crate) fn group_config(w: &mut Walk, m: &Obj) -> GroupConfig {
    GroupConfig {
        group_id: w.nonempty(m, "group_id", Required),
        carriers: w
            .array(m, "carriers", Required, |w, v| w.object(v).map(|m| carrier(w, m)))
            .unwrap_or_default(),
        plans: w
            .array(m, "plans", Optional, |w, v| w.object(v).map(|m| plan(w, m)))
            .unwrap_or_default(),
        extra: w.extra(m, &["group_id", "carriers", "plans"]),
    }
}

fn carrier(w: &mut Walk, m: &Obj) -> Carrier {
    Carrier {
        id: w
            .checked(m, "id", Required, c::INVALID_UUID, is_uuid)
            .unwrap_or_default(),
        name: w.string(m, "name", Optional),
        mode: w.enumerated(m, "mode", Optional, CarrierMode::parse, CarrierMode::ALL),
        feed: w.nested(m, "feed", Optional, |w, m| Feed {
            rrule: w.nonempty(m, "rrule", Required).unwrap_or_default(),
            dtstart: w.date(m, "dtstart", Optional),
            extra: w.extra(m, &["rrule", "dtstart"]),
        }),
        extra: w.extra(m, &["id", "name", "mode", "feed"]),
    }
}

fn plan(w: &mut Walk, m: &Obj) -> Plan {
    Plan {
        id: w
            .checked(m, "id", Required, c::INVALID_UUID, is_uuid)
            .unwrap_or_default(),
        name: w.nonempty(m, "name", Optional),
        carrier_id: w
            .checked(m, "carrier_id", Required, c::INVALID_UUID, is_uuid)
            .unwrap_or_default(),
        line_of_coverage: w.enumerated(
            m,
            "line_of_coverage",
            Required,
            LineOfCoverage::parse,
            LineOfCoverage::ALL,
        ),
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
        rates: w.raw_object(m, "rates", Optional, crate::premium::check_rates),
        employer_contribution: w.raw_object(
            m,
            "employer_contribution",
            Optional,
            crate::premium::check_employer_contribution,
        ),
        extra: w.extra(
            m,
            &[
                "id",
                "name",
                "carrier_id",
                "line_of_coverage",
                "eligible_member_types",
                "dependent_child_age_limit",
                "volume",
                "rates",
                "employer_contribution",
            ],
        ),
    }
}

fn volume_rule(w: &mut Walk, m: &Obj) -> VolumeRule {
    const MAX: i64 = i32::MAX as i64;
    let mut amount = |key| w.integer_in(m, key, Optional, 0, MAX, "0 to 2147483647 dollars");
    VolumeRule {
        min: amount("min"),
        max: amount("max"),
        increment: amount("increment"),
        guaranteed_issue: amount("guaranteed_issue"),
        extra: w.extra(m, &["min", "max", "increment", "guaranteed_issue"]),
    }
}

/// The configuration's semantic checks, after its structure was read:
/// duplicate ids, plans of unknown carriers, ambiguous plan names, feeds and
/// volume rules. Entries whose ids were unreadable are skipped.
pub(crate) fn cross_references(config: &GroupConfig, issues: &mut Vec<Issue>) {
    let mut push = |rule, path: String, p: Value| issues.push(make_issue(rule, path, params(p)));
    for (k, carrier) in config.carriers.iter().enumerate() {
        if carrier.id.is_empty() {
            continue;
        }
        if config.carriers.iter().take(k).any(|x| x.id == carrier.id) {
            push(
                c::DUPLICATE_ID,
                format!("/carriers/{k}/id"),
                json!({ "kind": "Carrier", "id": carrier.id }),
            );
        }
        let label = carrier.name.as_deref().unwrap_or(&carrier.id);
        match (&carrier.feed, carrier.mode()) {
            (None, CarrierMode::Send) => push(
                c::SEND_CARRIER_WITHOUT_FEED,
                format!("/carriers/{k}"),
                json!({ "carrier": label }),
            ),
            (Some(feed), _) if !feed.rrule.is_empty() => {
                let reason = match RRule::parse(&feed.rrule) {
                    Err(reason) => Some(reason),
                    Ok(r) if r.needs_anchor() && feed.dtstart.is_none() => {
                        Some("the rule needs feed.dtstart to anchor it (INTERVAL above 1, or no BYDAY / BYMONTHDAY)".to_owned())
                    }
                    Ok(_) => None,
                };
                if let Some(reason) = reason {
                    push(
                        c::INVALID_RRULE,
                        format!("/carriers/{k}/feed/rrule"),
                        json!({ "reason": reason }),
                    );
                }
            }
            _ => {}
        }
    }
    for (k, plan) in config.plans.iter().enumerate() {
        if plan.id.is_empty() {
            continue;
        }
        let label = plan.name.as_deref().unwrap_or(&plan.id);
        if config.plans.iter().take(k).any(|x| x.id == plan.id) {
            push(
                c::DUPLICATE_ID,
                format!("/plans/{k}/id"),
                json!({ "kind": "Plan", "id": plan.id }),
            );
        }
        if !plan.carrier_id.is_empty() && config.carrier(&plan.carrier_id).is_none() {
            let p = json!({ "plan": label, "carrier_id": plan.carrier_id });
            push(c::PLAN_UNKNOWN_CARRIER, format!("/plans/{k}/carrier_id"), p);
        }
        let twin = config.plans.iter().take(k).find(|x| {
            x.name.is_some()
                && x.name == plan.name
                && x.carrier_id == plan.carrier_id
                && x.line_of_coverage == plan.line_of_coverage
                && x.id != plan.id
        });
        if let Some(twin) = twin {
            let p = json!({ "plan": plan.id, "other": twin.id, "name": label });
            push(c::DUPLICATE_PLAN_NAME, format!("/plans/{k}/name"), p);
        }
        if let Some(reason) = plan.volume.as_ref().and_then(volume_rule_problem) {
            push(
                c::INVALID_VOLUME_RULE,
                format!("/plans/{k}/volume"),
                json!({ "reason": reason }),
            );
        }
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
