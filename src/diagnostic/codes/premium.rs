//! Issue codes of the financial summary (layer `premium`, pointers into the
//! snapshot) and of the rate structure in the group configuration (layer
//! `config`, pointers into the configuration). Every premium issue is a
//! warning: a premium that cannot be computed blocks no carrier.

use crate::diagnostic::catalogue::catalogue;

catalogue! {
    PREMIUM_CATALOGUE:
    PREMIUM_PLAN_UNKNOWN = "premium_plan_unknown", Warning, Premium, "premium/mod.rs coverage_line",
        "No premium for this {line} coverage: its plan is not one of the group's plans.",
        "A coverage in force on the summary date whose `plan_id` (or `plan_name` with its carrier and line) names no configured plan. The line is listed at 0 cents.";
    PREMIUM_RATES_MISSING = "premium_rates_missing", Warning, Premium, "premium/mod.rs coverage_line",
        "No premium for plan {plan}: the plan has no rates.",
        "The coverage's plan has no `rates` in the group configuration. The line is listed at 0 cents.";
    PREMIUM_RATES_INVALID = "premium_rates_invalid", Warning, Premium, "premium/mod.rs unusable",
        "Plan {plan}'s {field} cannot be used ({reason}).",
        "The plan's `rates` (or `employer_contribution`) are malformed; `params.config_path` points at the first problem in the configuration. Unusable rates price the line at 0 cents; an unusable contribution leaves the whole premium to the employee.";
    PREMIUM_EMPLOYEE_NOT_ENROLLED = "premium_employee_not_enrolled", Warning, Premium, "premium/mod.rs family_unit",
        "No premium for plan {plan}: family-unit rates need the employee enrolled, and only dependents are.",
        "A `family_unit_based` coverage has dependents in force on the summary date but not the employee, so no tier applies.";
    PREMIUM_TIER_MISSING = "premium_tier_missing", Warning, Premium, "premium/mod.rs family_unit",
        "No premium for plan {plan}: the {tier} tier has no rate.",
        "The tier derived from who is enrolled has no rate in `rates.tiers`, nor any tier it falls back to (docs: Tiers).";
    PREMIUM_MEMBER_UNKNOWN = "premium_member_unknown", Warning, Premium, "premium/mod.rs coverage_line",
        "This enrolled member names no one in the snapshot and is left out of the premium.",
        "An enrolled member in force whose `individual_id` / `custom_individual_id` matches no person; it is not priced and does not count toward the tier.";
    PREMIUM_AGE_UNKNOWN = "premium_age_unknown", Warning, Premium, "premium/mod.rs member_rate",
        "{name} cannot be priced: age-banded rates need a date of birth.",
        "An age-banded plan, and the member's person has no readable `date_of_birth`. The member is priced at 0 cents.";
    PREMIUM_NO_AGE_BAND = "premium_no_age_band", Warning, Premium, "premium/mod.rs member_rate",
        "{name}, aged {age}, falls in none of plan {plan}'s age bands.",
        "The member's age on the summary date is outside every `age_bands` entry. The member is priced at 0 cents.";
    PREMIUM_VOLUME_MISSING = "premium_volume_missing", Warning, Premium, "premium/mod.rs member_rate",
        "{name} cannot be priced: per-1000 rates need the enrolled volume.",
        "A `member_based_volume` plan and an enrolled member without `volume`. The member is priced at 0 cents.";
    PREMIUM_VOLUME_MASKED = "premium_volume_masked", Warning, Premium, "premium/mod.rs member_rate",
        "{name} cannot be priced: the enrolled volume has the shape of an SSN, so it is masked.",
        "An enrolled `volume` of nine digits is masked like an SSN (docs/api.md, Privacy); a premium computed from it would reveal it, so the member is priced at 0 cents and the volume shows as `null`.";
    PREMIUM_TOTAL_TOO_LARGE = "premium_total_too_large", Warning, Premium, "premium/mod.rs admit",
        "Left out of the premium: counting it would take the total past {limit} cents, the largest whole number JavaScript holds exactly.",
        "A member (or line) whose premium would take its line's (or the snapshot's) total past 2^53 − 1 cents; it is listed at 0 cents so every figure stays exact. The configuration's rate bounds keep any snapshot under the input limit far below this (docs/api.md, Limits).";
}

catalogue! {
    RATES_CONFIG_CATALOGUE:
    INVALID_RATES = "invalid_rates", Error, Config, "config/rates.rs read_rates",
        "The plan's rates are inconsistent: {reason}.",
        "`rates` that cannot price a member: `member_based` with both or neither of `per_member` and `age_bands`, an age band whose `min_age` is above its `max_age`, overlapping bands, or a field of another `calculation_type`.";
    RATE_TOO_PRECISE = "rate_too_precise", Error, Config, "config/rates.rs amount_value",
        "{value} has more than six decimal places.",
        "A rate, contribution amount or percent given to more than a millionth; amounts are computed exactly and would otherwise be silently rounded.";
    INVALID_EMPLOYER_CONTRIBUTION = "invalid_employer_contribution", Error, Config, "config/rates.rs read_contribution",
        "The employer contribution states neither percent nor amount.",
        "`employer_contribution` is an object with neither `percent` nor `amount`.";
}
