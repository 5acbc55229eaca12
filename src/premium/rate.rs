//! A line's rate, for the callback's financial summary (source S0: "premium
//! and rate information across benefit types"). Looked up again from the
//! configuration by the line's plan id when the callback is built, so the
//! preview's own output (and its cost) stays as it was.

use serde::{Deserialize, Serialize};

use crate::config::money::Micros;
use crate::config::rates::{plan_rates, Rates, Schedule, Tier};
use crate::config::Config;
use crate::model::enums::string_enum;
use crate::model::RateCalculation;

string_enum!(
    /// What one rate prices.
    RateBasis {
        /// The family's month at the tier charged (`family_unit_based`).
        Tier = "tier",
        /// A month of each member in force (`member_based`).
        Member = "member",
        /// A month per $1,000 of each member's volume (`member_based_volume`).
        Per1000 = "per_1000",
    }
);

/// The plan rate a line was priced with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct LineRate {
    pub per: RateBasis,
    /// Dollars, the configured decimal exactly (`"412.50"`, `"0.235"`: two
    /// to six decimals); `null` when each member's rate depends on their age
    /// (age bands: the members' own cents are in the preview's premium).
    pub dollars: Option<String>,
}

/// The rate of the configured plan `plan_id` for a line priced as
/// `calculation_type` at `tier`; `None` when that plan's rates are not what
/// the line was priced with (no such plan, unusable rates, another type).
pub(crate) fn line_rate(
    config: &Config,
    plan_id: &str,
    calculation_type: RateCalculation,
    tier: Option<Tier>,
) -> Option<LineRate> {
    let k = config.index.plan_at(plan_id)?;
    let plan = config.group.plans.get(k)?;
    let read = match config.plans.get(k) {
        Some(terms) => terms.rates.clone(),
        None => plan_rates(plan, k),
    };
    let rates = read?.ok()?;
    if rates.calculation_type() != calculation_type {
        return None;
    }
    let (per, rate) = match &rates {
        Rates::FamilyUnit(tiers) => (RateBasis::Tier, Some(tiers.get(tier?)?)),
        Rates::PerMember(s) => (RateBasis::Member, flat(s)),
        Rates::PerThousand(s) => (RateBasis::Per1000, flat(s)),
    };
    Some(LineRate {
        per,
        dollars: rate.map(dollars),
    })
}

fn flat(s: &Schedule) -> Option<Micros> {
    match s {
        Schedule::Flat(rate) => Some(*rate),
        Schedule::Banded(_) => None,
    }
}

/// Millionths of a dollar as decimal dollars: at least two decimals, at
/// most six, no trailing zeros past the cents (`412.50`, `0.235`, `12.00`).
pub(crate) fn dollars(m: Micros) -> String {
    let sign = if m.0 < 0 { "-" } else { "" };
    let abs = m.0.unsigned_abs();
    let frac = format!("{:06}", abs % 1_000_000);
    let keep = frac.trim_end_matches('0').len().max(2);
    format!("{sign}{}.{}", abs / 1_000_000, frac.get(..keep).unwrap_or(&frac))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars_keep_cents_and_configured_decimals() {
        assert_eq!(dollars(Micros(412_500_000)), "412.50");
        assert_eq!(dollars(Micros(235_000)), "0.235");
        assert_eq!(dollars(Micros(12_000_000)), "12.00");
        assert_eq!(dollars(Micros(1)), "0.000001");
        assert_eq!(dollars(Micros(0)), "0.00");
        assert_eq!(dollars(Micros(100_000_000_000)), "100000.00");
    }
}
