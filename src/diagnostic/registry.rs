//! Every documented code of every layer, in documentation order: the
//! snapshot's (input, structure, rules, diff), the configuration's, then
//! premium, the lifecycle, partner callbacks and claims. docs/rules.md is generated from this.

use super::catalogue::{Rule, CATALOGUE};
use super::codes::{callback, claims, fulfillment, premium};

/// All rules of all layers.
pub fn all_rules() -> Vec<&'static Rule> {
    let layers: [&[&'static Rule]; 7] = [
        CATALOGUE,
        // The configuration's rate and schedule checks, right after the other config rules.
        premium::RATES_CONFIG_CATALOGUE,
        fulfillment::SCHEDULE_CATALOGUE,
        premium::PREMIUM_CATALOGUE,
        fulfillment::LIFECYCLE_CATALOGUE,
        callback::CALLBACK_CATALOGUE,
        claims::CLAIMS_CATALOGUE,
    ];
    layers.iter().flat_map(|l| l.iter().copied()).collect()
}

/// The rule with this code, in any layer: the one lookup.
pub fn rule(code: &str) -> Option<&'static Rule> {
    all_rules().into_iter().find(|r| r.code == code)
}
