//! Claims payment status (source S3) as JS calls it: every argument a
//! document; absent options are the defaults.

use super::input::{Arg, Measured, Text};
use crate::claims::{self, ApplyResult, FilterResult, PlanResult};
use crate::error::EngineError;

/// `planPaymentStatusRequests(claim, enrollment, options?)`.
pub fn plan_payment_status_requests(
    claim: Arg<Text>,
    enrollment: Arg<Text>,
    options: Arg<Option<Text>>,
) -> Result<PlanResult, EngineError> {
    let (claim, enrollment, options) = (claim?, enrollment?, defaults(options?));
    Ok(claims::plan_payment_status_requests_str(
        claim.source(),
        enrollment.source(),
        options.source(),
    ))
}

/// `applyPaymentStatus(claim, enrollment, responses, catalogue, options?)`.
pub fn apply_payment_status(
    claim: Arg<Text>,
    enrollment: Arg<Text>,
    responses: Arg<Text>,
    catalogue: Arg<Text>,
    options: Arg<Option<Text>>,
) -> Result<ApplyResult, EngineError> {
    let (claim, enrollment) = (claim?, enrollment?);
    let (responses, catalogue, options) = (responses?, catalogue?, defaults(options?));
    Ok(claims::apply_payment_status_str(
        claim.source(),
        enrollment.source(),
        responses.source(),
        catalogue.source(),
        options.source(),
    ))
}

/// `applyBenefitFilter(claim, benefits)`.
pub fn apply_benefit_filter(claim: Arg<Text>, benefits: Arg<Text>) -> Result<FilterResult, EngineError> {
    let (claim, benefits) = (claim?, benefits?);
    Ok(claims::apply_benefit_filter_str(
        claim.source(),
        benefits.source(),
    ))
}

/// Absent options: the empty text, which the claims readers take as the defaults.
fn defaults(options: Option<Text>) -> Text {
    options.unwrap_or(Measured::Fits(String::new()))
}
