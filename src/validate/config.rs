//! Structural reading of the group configuration (design.md's shape), with
//! pointers into the configuration document.

use serde_json::{Map, Value};

use super::catalogue as c;
use super::formats::is_uuid;
use super::walk::{Need, Walk};
use crate::model::*;

use Need::{Optional, Required};

type Obj = Map<String, Value>;

/// Reads a group configuration document.
pub(crate) fn group_config(w: &mut Walk, m: &Obj) -> GroupConfig {
    GroupConfig {
        group_id: w.nonempty(m, "group_id", Required),
        carriers: w
            .array(m, "carriers", Required, |w, v| {
                w.object(v).map(|m| carrier(w, m))
            })
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
            extra: w.extra(m, &["rrule"]),
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
                w.enum_value(
                    v,
                    "eligible_member_types",
                    MemberType::parse,
                    MemberType::ALL,
                )
                .map(Some)
            })
            .unwrap_or_default()
            .into_iter()
            .flatten()
            .collect(),
        dependent_child_age_limit: w
            .integer_in(
                m,
                "dependent_child_age_limit",
                Optional,
                0,
                150,
                "0 to 150 years",
            )
            .and_then(|v| u32::try_from(v).ok()),
        volume: w.nested(m, "volume", Optional, volume_rule),
        rates: w.raw_object(m, "rates", Optional, |_, _| {}),
        employer_contribution: w.raw_object(m, "employer_contribution", Optional, |_, _| {}),
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
