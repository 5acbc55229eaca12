//! Every documented code of every layer, in documentation order: the
//! snapshot's (input, structure, rules, diff), the configuration's, then
//! premium, the lifecycle, partner callbacks and claims. docs/rules.md is generated from this.

use crate::validate::catalogue::{Rule, CATALOGUE};

/// All rules of all layers.
pub fn all_rules() -> Vec<&'static Rule> {
    let layers: [&[&'static Rule]; 7] = [
        CATALOGUE,
        // The configuration's rate and schedule checks, right after the other config rules.
        crate::premium::codes::RATES_CONFIG_CATALOGUE,
        crate::fulfillment::codes::SCHEDULE_CATALOGUE,
        crate::premium::codes::PREMIUM_CATALOGUE,
        crate::fulfillment::codes::LIFECYCLE_CATALOGUE,
        crate::callback::codes::CALLBACK_CATALOGUE,
        crate::claims::codes::CLAIMS_CATALOGUE,
    ];
    layers.iter().flat_map(|l| l.iter().copied()).collect()
}

/// The rule with this code, in any layer.
pub fn rule(code: &str) -> Option<&'static Rule> {
    all_rules().into_iter().find(|r| r.code == code)
}
