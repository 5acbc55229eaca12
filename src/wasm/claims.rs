//! The claims exports (feature `claims`, source S3): each converts its
//! document arguments and makes one call into `api::claims`.

use wasm_bindgen::prelude::*;

use super::convert::{self, answer};
use crate::api::claims;
use crate::read::DEFAULT_MAX_INPUT_BYTES;

#[wasm_bindgen]
extern "C" {
    /// `planPaymentStatusRequests`'s options: an object or its JSON text;
    /// typed so the declaration says `options?:` (plan needs none).
    #[wasm_bindgen(typescript_type = "PaymentStatusOptions | Document")]
    pub type PaymentStatusOptionsArg;
    /// `applyPaymentStatus`'s options: not `Option`, so that the declaration
    /// says they are required (without them the result is never valid);
    /// `undefined` still arrives and reads as absent, as before.
    #[wasm_bindgen(typescript_type = "ApplyPaymentStatusOptions | string")]
    pub type ApplyPaymentStatusOptionsArg;
}

/// A document argument at the default input limit.
fn document(v: &JsValue, what: &str) -> crate::api::Arg<crate::api::Text> {
    convert::document(v, what, DEFAULT_MAX_INPUT_BYTES)
}

/// Claims (source S3): the payment-status requests to send for a claim.
#[wasm_bindgen(js_name = planPaymentStatusRequests, unchecked_return_type = "PaymentStatusResult")]
pub fn plan_payment_status_requests(
    #[wasm_bindgen(unchecked_param_type = "Document")] claim: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Document")] enrollment: JsValue,
    options: Option<PaymentStatusOptionsArg>,
) -> Result<JsValue, JsValue> {
    let (claim, enrollment) = (document(&claim, "claim"), document(&enrollment, "enrollment"));
    let options = convert::options(options.as_ref().map(AsRef::as_ref));
    answer(claims::plan_payment_status_requests(claim, enrollment, options))
}

/// Claims (source S3): validates the payment-status responses and attaches
/// their messages to the claim lines.
#[wasm_bindgen(js_name = applyPaymentStatus, unchecked_return_type = "PaymentStatusResult")]
pub fn apply_payment_status(
    #[wasm_bindgen(unchecked_param_type = "Document")] claim: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Document")] enrollment: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Document")] responses: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Document")] catalogue: JsValue,
    options: ApplyPaymentStatusOptionsArg,
) -> Result<JsValue, JsValue> {
    let (claim, enrollment) = (document(&claim, "claim"), document(&enrollment, "enrollment"));
    let (responses, catalogue) = (
        document(&responses, "responses"),
        document(&catalogue, "catalogue"),
    );
    let options = convert::options(Some(options.as_ref()));
    answer(claims::apply_payment_status(
        claim, enrollment, responses, catalogue, options,
    ))
}

/// Claims (source S3): after benefits, keeps only the payment-status messages
/// of the products that provide each line's benefit.
#[wasm_bindgen(js_name = applyBenefitFilter, unchecked_return_type = "BenefitFilterResult")]
pub fn apply_benefit_filter(
    #[wasm_bindgen(unchecked_param_type = "Document")] claim: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Document")] benefits: JsValue,
) -> Result<JsValue, JsValue> {
    let (claim, benefits) = (document(&claim, "claim"), document(&benefits, "benefits"));
    answer(claims::apply_benefit_filter(claim, benefits))
}
