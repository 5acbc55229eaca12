//! Every documented code of every layer, in documentation order: the
//! snapshot's (input, structure, rules, diff), the configuration's, then
//! premium, the lifecycle, partner callbacks, the X12 834 export and claims. docs/rules.md is generated from this.

use super::catalogue::{Rule, CATALOGUE};
use super::codes::{callback, claims, fulfillment, premium, x12};

/// All rules of all layers.
pub fn all_rules() -> Vec<&'static Rule> {
    let layers: [&[&'static Rule]; 9] = [
        CATALOGUE,
        // The configuration's rate, schedule and X12 checks, right after the other config rules.
        premium::RATES_CONFIG_CATALOGUE,
        fulfillment::SCHEDULE_CATALOGUE,
        x12::X12_CONFIG_CATALOGUE,
        premium::PREMIUM_CATALOGUE,
        fulfillment::LIFECYCLE_CATALOGUE,
        callback::CALLBACK_CATALOGUE,
        x12::X12_CATALOGUE,
        claims::CLAIMS_CATALOGUE,
    ];
    layers.iter().flat_map(|l| l.iter().copied()).collect()
}

/// The rule with this code, in any layer: the one lookup.
pub fn rule(code: &str) -> Option<&'static Rule> {
    all_rules().into_iter().find(|r| r.code == code)
}
