//! Claims payment status (source S3, "Gathering Payment Status Data"): plan
//! the payment-status requests for a claim, validate the responses, attach
//! their product messages to the claim lines, and — once benefits are
//! applied — keep only the messages of the products that provide the benefit.
//! A separate pipeline over [`model`]; pure functions, no clock.
//!
//! # Functions
//!
//! Each comes as JSON text (`_str`) and as typed values (no suffix); all
//! return a serializable result whose `issues`
//! list every problem of the inputs, with an RFC 6901 `path` into the input
//! that `params.document` names (`claim`, `enrollment`, `responses`,
//! `catalogue`, `options`, `benefits`). Any fatal or error issue means
//! nothing is computed (`valid: false`, `claim` and `summary` null);
//! warnings do not stop anything. No input panics. Structural issues come
//! first, document by document in argument order; the consistency checks
//! (dates in order, unique ids) run only on documents without structural
//! errors, then the warnings found while matching responses or benefits.
//!
//! - [`plan_payment_status_requests`]`(claim, enrollment, options)` →
//!   [`PlanResult`]: the claim with previous payment-status messages removed,
//!   the requests to send, and the summary (status `disabled`,
//!   `no_requests` or `awaiting_responses`).
//! - [`apply_payment_status`]`(claim, enrollment, responses, catalogue,
//!   options)` → [`ApplyResult`]: re-plans (same removal and requests),
//!   matches the responses received so far, and either keeps waiting
//!   (`awaiting_responses`), pends with the technical error `CLA-IP-PMSS-900`
//!   (`timed_out`), or validates the responses and attaches their messages
//!   (`processed`). Call it whenever a response arrives or the timer fires.
//! - [`apply_benefit_filter`]`(claim, benefits)` → [`FilterResult`].
//!
//! # Documents
//!
//! - claim: `{id, start_date?, end_date?, messages[], bills[{id, messages[]}],
//!   lines[{id, bill_id?, serviced_entity {type: person|object, code},
//!   start_date, end_date, locked?, replaced?, messages[]}]}`; a message is
//!   `{code, severity: fatal|informative, origin, product_code?, text?,
//!   parameters?}`. Unknown fields are kept and returned, masked as the
//!   output shows them when read (`read::shown`, docs/api.md Privacy).
//! - enrollment: `{entities: [{serviced_entity, products: [{code,
//!   start_date, end_date|null}]}]}`.
//! - responses: a JSON array, one `{serviced_entity, products: [{code,
//!   start_date, end_date|null, messages: [{code, parameters}]}]}` per entity.
//! - catalogue: `{products: [code…], messages: [{code, severity, text}]}`.
//! - benefits: `{lines: [{line_id, products: [code…]}]}`.
//!
//! # Options
//!
//! One object for both payment-status functions, `null` for the defaults:
//! `{enabled = true, now, sent_at, waiting_time_seconds}` (timestamps RFC
//! 3339; seconds 0 to 2³²−1, and no more than keep `sent_at` + them by
//! 9999-12-31T23:59:59Z, the last instant a deadline can be written as;
//! any other key is `unknown_option`).
//! - plan reads `enabled`; with `sent_at` and `waiting_time_seconds` it also
//!   reports the `deadline`. `now` is accepted and unused.
//! - apply reads all four; when `enabled`, `now`, `sent_at` and
//!   `waiting_time_seconds` are required (`missing_field` at `/now` …).
//!
//! # Choices where the seed is silent
//!
//! - Considered lines are those neither locked nor replaced; the other lines
//!   are never read or changed (their old messages stay too).
//! - Removal takes messages of origin exactly `PAYMENT STATUS` from the
//!   considered lines only; bills and the claim keep theirs, since this step
//!   only ever attaches to lines. Removal happens even when disabled.
//! - The claim's period: `start_date`/`end_date` as stored; a missing one is
//!   derived from all the claim's lines, locked and replaced included
//!   (earliest start, latest end: the seed defines the claim's dates as the
//!   span bounding every service date of its lines), and not written back
//!   to the claim (`summary.period.derived` says so). Stored dates are used
//!   even when a line falls outside them, since the seed says the request's
//!   dates equal the claim's; such a claim contradicts the seed's definition,
//!   so it gets the warning `claim_period_excludes_lines` at the stored date
//!   (and `summary.explanation` says so). With one date stored and the other
//!   derived, that one is checked alone; the period can then end before it
//!   starts (a stored start after every line), which the warning explains.
//! - A claim-level fatal SANITY CHECKS/ENROLLMENT message blocks every request
//!   whether or not it has a product code; line and bill messages block only
//!   when product-independent, as the seed says. Skip reasons are checked in
//!   the seed's order (claim, all lines, no enrollments) and the first one is
//!   reported. Origins are compared exactly. A claim-level skip cites the
//!   claim's first blocking message (the one its text names), not all of
//!   them once per entity; an all-lines skip cites each line's first.
//! - The summary's notes name what they repeat by labels quoted to 64
//!   characters (`quote`): every note's id, a skip cause's code, origin,
//!   product code and text, a `not_stored` entry's entity code and product
//!   code, the entity in explanations. Each function then weighs its
//!   summary's JSON against `limits::result_budget` of its inputs
//!   (`summary_too_large` past it, `over_budget`; docs/api.md Limits).
//! - The policy products are the enrollment response's products for the
//!   entity, all of them, as listed (not filtered by the claim period). The
//!   request carries them as `{code, start_date, end_date}`.
//! - Responses are matched to requests by serviced entity (type and code);
//!   a response for an entity without a request, or a second one, is a
//!   warning and ignored. Validation is per response: unknown codes reject
//!   that entity's response only (others still attach). `CLA-IP-PMSS-001`
//!   comes once per distinct unknown product code, then `CLA-IP-PMSS-002` once
//!   per distinct unknown message code, checked over all products including
//!   those outside the policy list; both are product-independent, carry
//!   `parameters: {code}`, and go on the lines only (not bills or claim).
//! - The waiting time has expired when `now ≥ sent_at + waiting_time_seconds`.
//!   With all responses in, they are processed even after the deadline. A
//!   timed-out claim gets no claim message: `summary.technical_error` carries
//!   the code, the missing entities and the deadline. Restart = plan again
//!   (new `sent_at`) and send again; the removal step makes it idempotent.
//! - Overlap is inclusive on both ends; a product without `end_date` is open.
//!   When several products overlap a line, each product's messages go on it
//!   (each keeps its `product_code`): which product wins is decided only by
//!   the benefit filter. An identical message (code, product, parameters)
//!   is not attached twice. Placeholders without a parameter stay `{name}`.
//! - No request (all skipped, or no considered line) and processed responses
//!   both continue with the pre-benefits checks, like a disabled integration.
//! - Benefit filter: on each considered line listed in `benefits`, a
//!   PAYMENT STATUS message with a `product_code` stays only if that product
//!   provides the benefit (an empty list discards them all); product-
//!   independent ones and other origins stay. Lines not listed are left
//!   unchanged (`unlisted_lines`); several entries for one line add up.
//! - Values that could hold an SSN are joined only where they show unlike
//!   any other (`privacy::MaskedAlike::distinct`, docs/api.md Privacy ›
//!   Equality): a code that two or more distinct values of the call show
//!   alike (`219453876` and `219003876`, both `*****3876`) joins nothing,
//!   whatever its hidden digits (review 27a). So a considered line with
//!   such a serviced-entity code (over the considered lines and the
//!   enrollment response) is an entity of its own, matched with no
//!   enrollment: skipped `no_product_enrollments`, its text saying why.
//!   A response with one (over the requested entities and the responses)
//!   is `response_not_requested`, and the request it would answer stays
//!   missing; the plan, and so the requests, are those of plan alone.
//!   A bill id (over bills and lines' `bill_id`) names no bill:
//!   `claim_unknown_bill`, judged on the line's own messages. A product
//!   code (catalogue, responses, policy products) or message code
//!   (catalogue, responses) is unknown: `CLA-IP-PMSS-001`/`002`, counted
//!   once per code as shown. In the benefit filter a line id (claim and
//!   benefits) names no line (`benefit_unknown_line`, the line unlisted),
//!   and a product code (benefits, the lines' payment-status messages)
//!   provides nothing. Values the same as written still join (two lines
//!   of one person), and values with nothing masked are never affected.

pub(crate) mod benefits;
pub use crate::diagnostic::codes::claims as codes;
pub mod model;
pub(crate) mod overlap;
pub(crate) mod plan;
pub(crate) mod read;
pub(crate) mod receive;
pub mod result;

use crate::diagnostic::limits::{cap_issues, MAX_DIFFERENCE_BYTES};
use crate::read::json::Json;

pub use codes::CLAIMS_CATALOGUE;
pub use result::*;

use crate::diagnostic::Issue;
use crate::read::Source;
use model::*;

/// An input: parsed, or the issues that kept it from parsing.
type Input<'a> = Result<&'a Json<'a>, &'a [Issue]>;

fn blocking(issues: &[Issue]) -> bool {
    issues.iter().any(|i| i.severity.blocks())
}

/// Reads one input with `read`, keeping its issues.
fn read_input<T>(
    input: Input<'_>,
    read: fn(&Json) -> (Option<T>, Vec<Issue>),
    issues: &mut Vec<Issue>,
) -> Option<T> {
    match input {
        Ok(v) => {
            let (out, found) = read(v);
            issues.extend(found);
            out
        }
        Err(found) => {
            issues.extend_from_slice(found);
            None
        }
    }
}

/// Options text: blank means `null`.
fn parse_options<'a>(options: impl Into<Source<'a>>) -> Result<Json<'a>, Vec<Issue>> {
    let options = options.into();
    if matches!(options, Source::Text(text) if text.trim().is_empty()) {
        return Ok(Json::Null);
    }
    read::parse(options, read::OPTIONS)
}

/// The checks over typed documents that the structure cannot express.
fn semantic(
    claim: Option<&Claim>,
    enrollment: Option<&EnrollmentResponse>,
    responses: Option<&[PaymentStatusResponse]>,
) -> Vec<Issue> {
    let mut out = Vec::new();
    out.extend(claim.map(read::check_claim).unwrap_or_default());
    out.extend(enrollment.map(read::check_enrollment).unwrap_or_default());
    out.extend(responses.map(read::check_responses).unwrap_or_default());
    out
}

// ---- plan ----------------------------------------------------------------------

/// Plans the payment-status requests of a claim (typed inputs).
pub fn plan_payment_status_requests(
    claim: &Claim,
    enrollment: &EnrollmentResponse,
    options: &PaymentStatusOptions,
) -> PlanResult {
    let issues = semantic(Some(claim), Some(enrollment), None);
    if blocking(&issues) {
        return PaymentStatusResult::invalid(issues);
    }
    plan_checked(claim, enrollment, options, issues, MAX_DIFFERENCE_BYTES)
}

/// Plans the payment-status requests of a claim (JSON text inputs).
pub fn plan_payment_status_requests_str<'a>(
    claim: impl Into<Source<'a>>,
    enrollment: impl Into<Source<'a>>,
    options: impl Into<Source<'a>>,
) -> PlanResult {
    let (claim, enrollment, options) = (claim.into(), enrollment.into(), options.into());
    let budget = budget_of(&[claim, enrollment, options]);
    let (c, e, o) = (
        read::parse(claim, read::CLAIM),
        read::parse(enrollment, read::ENROLLMENT),
        parse_options(options),
    );
    plan_inputs(as_input(&c), as_input(&e), as_input(&o), budget)
}

fn as_input<'a>(r: &'a Result<Json<'a>, Vec<Issue>>) -> Input<'a> {
    r.as_ref().map_err(Vec::as_slice)
}

fn plan_inputs(claim: Input<'_>, enrollment: Input<'_>, options: Input<'_>, budget: usize) -> PlanResult {
    let mut issues = Vec::new();
    let c = read_input(claim, read::claim_value, &mut issues);
    let e = read_input(enrollment, read::enrollment_value, &mut issues);
    let o = read_input(options, read::options_value, &mut issues);
    issues.extend(semantic(c.as_ref(), e.as_ref(), None));
    match (c, e, o) {
        (Some(c), Some(e), Some(o)) if !blocking(&issues) => plan_checked(&c, &e, &o, issues, budget),
        _ => PaymentStatusResult::invalid(issues),
    }
}

fn plan_checked(
    claim: &Claim,
    enrollment: &EnrollmentResponse,
    options: &PaymentStatusOptions,
    mut issues: Vec<Issue>,
    budget: usize,
) -> PlanResult {
    let planned = plan::plan(claim, enrollment, options.enabled);
    let summary = plan::summary(&planned, options);
    if let Some(issue) = over_budget(&summary, budget) {
        issues.push(issue);
        return PaymentStatusResult::invalid(issues);
    }
    PaymentStatusResult {
        valid: true,
        issues: cap_issues(issues),
        requests: planned.requests,
        claim: Some(planned.claim),
        summary: Some(summary),
    }
}

// ---- apply ---------------------------------------------------------------------

/// Applies the payment-status responses received so far (typed inputs).
pub fn apply_payment_status(
    claim: &Claim,
    enrollment: &EnrollmentResponse,
    responses: &[PaymentStatusResponse],
    catalogue: &MessageCatalogue,
    options: &PaymentStatusOptions,
) -> ApplyResult {
    let mut issues = semantic(Some(claim), Some(enrollment), Some(responses));
    issues.extend(read::check_apply_options(options));
    if blocking(&issues) {
        return PaymentStatusResult::invalid(issues);
    }
    let budget = MAX_DIFFERENCE_BYTES;
    apply_checked(claim, enrollment, responses, catalogue, options, issues, budget)
}

/// The bytes of a text input (0 when it was too large to be read).
fn bytes(source: Source) -> usize {
    match source {
        Source::Text(t) => t.len(),
        Source::TooLarge => 0,
    }
}

/// The budget of a call's results (`limits::result_budget`) over all its
/// text inputs: what it attaches, and each summary it returns.
fn budget_of(inputs: &[Source]) -> usize {
    let input = inputs.iter().map(|s| bytes(*s)).fold(0, usize::saturating_add);
    crate::diagnostic::limits::result_budget(input)
}

/// Bytes written and not kept: a summary's JSON, weighed.
struct Weigh(usize);

impl std::io::Write for Weigh {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 = self.0.saturating_add(buf.len());
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The fatal `summary_too_large` when the summary's JSON is over `budget`
/// bytes. Its notes quote what they repeat (ids, codes, texts), so
/// it grows with the inputs' items; this bounds the constant (a 64-character
/// label of escaped characters is six bytes each) to the documented budget.
fn over_budget(summary: &impl serde::Serialize, budget: usize) -> Option<Issue> {
    let mut weight = Weigh(0);
    if serde_json::to_writer(&mut weight, summary).is_err() {
        weight.0 = usize::MAX; // unreachable: a summary is plain data
    }
    if weight.0 <= budget {
        return None;
    }
    let p = serde_json::json!({ "limit": budget, "weight": weight.0 });
    let mut issue = read::issue_at(codes::SUMMARY_TOO_LARGE, read::CLAIM, String::new(), p);
    issue.message = format!(
        "The summary would be {} bytes, more than {} bytes, the limit; nothing is returned.",
        crate::read::input::thousands(weight.0),
        crate::read::input::thousands(budget)
    );
    Some(issue)
}

/// Applies the payment-status responses received so far (JSON text inputs;
/// `responses` is a JSON array).
pub fn apply_payment_status_str<'a>(
    claim: impl Into<Source<'a>>,
    enrollment: impl Into<Source<'a>>,
    responses: impl Into<Source<'a>>,
    catalogue: impl Into<Source<'a>>,
    options: impl Into<Source<'a>>,
) -> ApplyResult {
    let (claim, enrollment, responses, catalogue, options) = (
        claim.into(),
        enrollment.into(),
        responses.into(),
        catalogue.into(),
        options.into(),
    );
    let budget = budget_of(&[claim, enrollment, responses, catalogue, options]);
    let (c, e, r, k, o) = (
        read::parse(claim, read::CLAIM),
        read::parse(enrollment, read::ENROLLMENT),
        read::parse(responses, read::RESPONSES),
        read::parse(catalogue, read::CATALOGUE),
        parse_options(options),
    );
    apply_inputs(
        [
            as_input(&c),
            as_input(&e),
            as_input(&r),
            as_input(&k),
            as_input(&o),
        ],
        budget,
    )
}

/// Claim, enrollment, responses, catalogue and options, read and applied
/// with `budget` bytes for the messages attached (`limits::result_budget`).
fn apply_inputs(inputs: [Input<'_>; 5], budget: usize) -> ApplyResult {
    let [claim, enrollment, responses, catalogue, options] = inputs;
    let mut issues = Vec::new();
    let c = read_input(claim, read::claim_value, &mut issues);
    let e = read_input(enrollment, read::enrollment_value, &mut issues);
    let r = read_input(responses, read::responses_value, &mut issues);
    let k = read_input(catalogue, read::catalogue_value, &mut issues);
    let o = read_input(options, read::options_value, &mut issues);
    issues.extend(semantic(c.as_ref(), e.as_ref(), r.as_deref()));
    issues.extend(o.as_ref().map(read::check_apply_options).unwrap_or_default());
    match (c, e, r, k, o) {
        (Some(c), Some(e), Some(r), Some(k), Some(o)) if !blocking(&issues) => {
            apply_checked(&c, &e, &r, &k, &o, issues, budget)
        }
        _ => PaymentStatusResult::invalid(issues),
    }
}

fn apply_checked(
    claim: &Claim,
    enrollment: &EnrollmentResponse,
    responses: &[PaymentStatusResponse],
    catalogue: &MessageCatalogue,
    options: &PaymentStatusOptions,
    mut issues: Vec<Issue>,
    budget: usize,
) -> ApplyResult {
    let planned = plan::plan(claim, enrollment, options.enabled);
    let summary = plan::summary(&planned, options);
    let requests = planned.requests.clone();
    let (claim, summary, found) =
        match receive::receive(planned, responses, catalogue, options, summary, budget) {
            Ok(received) => received,
            Err(found) => {
                issues.extend(found);
                return PaymentStatusResult::invalid(issues);
            }
        };
    issues.extend(found);
    if let Some(issue) = over_budget(&summary, budget) {
        issues.push(issue);
        return PaymentStatusResult::invalid(issues);
    }
    PaymentStatusResult {
        valid: true,
        issues: cap_issues(issues),
        claim: Some(claim),
        requests,
        summary: Some(summary),
    }
}

// ---- after benefits ------------------------------------------------------------

/// Keeps, on each line, only the product-specific payment-status messages of
/// the products that provide its benefit (typed inputs).
pub fn apply_benefit_filter(claim: &Claim, benefits: &Benefits) -> FilterResult {
    let issues = semantic(Some(claim), None, None);
    if blocking(&issues) {
        return filter_invalid(issues);
    }
    filter_checked(claim, benefits, issues, MAX_DIFFERENCE_BYTES)
}

/// The benefit filter over JSON text inputs.
pub fn apply_benefit_filter_str<'a>(
    claim: impl Into<Source<'a>>,
    benefits: impl Into<Source<'a>>,
) -> FilterResult {
    let (claim, benefits) = (claim.into(), benefits.into());
    let budget = budget_of(&[claim, benefits]);
    let (c, b) = (
        read::parse(claim, read::CLAIM),
        read::parse(benefits, read::BENEFITS),
    );
    filter_inputs(as_input(&c), as_input(&b), budget)
}

fn filter_inputs(claim: Input<'_>, benefits: Input<'_>, budget: usize) -> FilterResult {
    let mut issues = Vec::new();
    let c = read_input(claim, read::claim_value, &mut issues);
    let b = read_input(benefits, read::benefits_value, &mut issues);
    issues.extend(semantic(c.as_ref(), None, None));
    match (c, b) {
        (Some(c), Some(b)) if !blocking(&issues) => filter_checked(&c, &b, issues, budget),
        _ => filter_invalid(issues),
    }
}

fn filter_invalid(issues: Vec<Issue>) -> FilterResult {
    FilterResult {
        valid: false,
        issues: cap_issues(issues),
        claim: None,
        summary: None,
    }
}

fn filter_checked(claim: &Claim, benefits: &Benefits, mut issues: Vec<Issue>, budget: usize) -> FilterResult {
    issues.extend(benefits::unknown_lines(claim, benefits));
    let (claim, summary) = benefits::filter(claim, benefits);
    if let Some(issue) = over_budget(&summary, budget) {
        issues.push(issue);
        return filter_invalid(issues);
    }
    FilterResult {
        valid: true,
        issues: cap_issues(issues),
        claim: Some(claim),
        summary: Some(summary),
    }
}
