//! What the payment-status functions return: the updated claim, the requests,
//! and a summary that explains every decision (serializable, snake_case).

use serde::{Deserialize, Serialize};

use super::model::{Claim, ClaimMessage, MessageSeverity, PaymentStatusRequest, ServicedEntity};
use crate::diagnostic::Issue;
use crate::model::text::quote;
use crate::model::{Date, Timestamp};

/// Options of the payment-status functions (one shape for both; each reads
/// what it needs, see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaymentStatusOptions {
    /// The integration point is enabled (default `true`).
    pub enabled: bool,
    /// The moment of the call (apply: required when enabled).
    pub now: Option<Timestamp>,
    /// When the requests were sent (apply: required when enabled).
    pub sent_at: Option<Timestamp>,
    /// How long to wait for the responses (apply: required when enabled).
    pub waiting_time_seconds: Option<u32>,
}

impl Default for PaymentStatusOptions {
    fn default() -> Self {
        PaymentStatusOptions {
            enabled: true,
            now: None,
            sent_at: None,
            waiting_time_seconds: None,
        }
    }
}

/// The result of planning or applying payment status (`PlanResult`, `ApplyResult`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PaymentStatusResult {
    /// No fatal or error issue: the claim and summary are present.
    pub valid: bool,
    /// Problems in the inputs; `params.document` names the input
    /// (`claim`, `enrollment`, `responses`, `catalogue`, `options`) that
    /// `path` points into.
    pub issues: Vec<Issue>,
    /// The updated claim (`null` when the inputs are not valid).
    pub claim: Option<Claim>,
    /// The payment-status requests, one per serviced entity not skipped.
    pub requests: Vec<PaymentStatusRequest>,
    /// What happened and why (`null` when the inputs are not valid).
    pub summary: Option<PaymentStatusSummary>,
}

/// Result of `plan_payment_status_requests`.
pub type PlanResult = PaymentStatusResult;
/// Result of `apply_payment_status`.
pub type ApplyResult = PaymentStatusResult;

impl PaymentStatusResult {
    pub(crate) fn invalid(issues: Vec<Issue>) -> Self {
        PaymentStatusResult {
            valid: false,
            issues: crate::diagnostic::limits::cap_issues(issues),
            claim: None,
            requests: Vec::new(),
            summary: None,
        }
    }
}

/// Where the claim stands after the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Status {
    /// The integration point is disabled: no requests.
    Disabled,
    /// Every serviced entity was skipped (or the claim has no considered line).
    NoRequests,
    /// Requests are out and not every one has a response; the waiting time runs.
    AwaitingResponses,
    /// The waiting time expired with responses missing: technical error, pended.
    TimedOut,
    /// Every request had its response; messages were attached.
    Processed,
}

/// What the claim does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum NextStep {
    /// Level 2: the pre-benefits checks.
    PreBenefitsChecks,
    /// Hold the claim until the responses are in or the waiting time expires.
    AwaitPaymentStatus,
    /// Pended with a technical error; restart it from "View Technical Errors".
    ViewTechnicalErrors,
}

/// The claim's start and end date as used in the requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Period {
    pub start_date: Date,
    pub end_date: Date,
    /// At least one of the two was absent on the claim and came from the
    /// service dates of all its lines (locked and replaced included).
    pub derived: bool,
}

/// Why a claim line is left alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum IgnoreReason {
    Locked,
    Replaced,
}

/// A locked or replaced line (locked wins when both).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct IgnoredLine {
    pub line_id: String,
    pub reason: IgnoreReason,
}

/// What a message is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Location {
    Claim,
    Bill,
    Line,
}

/// A message and where it is (removed, attached, kept, discarded, or a cause).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MessageNote {
    pub on: Location,
    /// Id of the claim, bill or line, quoted to 64 characters (and `…`).
    pub id: String,
    pub code: String,
    pub severity: MessageSeverity,
    pub origin: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_code: Option<String>,
    pub text: String,
}

impl MessageNote {
    /// A note of `m`, naming its claim, bill or line by its id quoted to 64
    /// characters (`quote`, docs/api.md Limits): a line's id is named once
    /// per message removed from, attached to or filtered on it.
    pub(crate) fn of(on: Location, id: &str, m: &ClaimMessage) -> Self {
        MessageNote {
            on,
            id: quote(id),
            code: m.code.clone(),
            severity: m.severity,
            origin: m.origin.clone(),
            product_code: m.product_code.clone(),
            text: m.text.clone(),
        }
    }

    /// A note whose every text is quoted to 64 characters: a skip's cause
    /// cites one claim or bill message once for every entity or line it
    /// blocks, so it is a label of the message (which stays whole on the claim).
    /// Built field by field: through `of`, each citation first copied the
    /// message whole (a bill's megabyte text once per line: review 25f).
    pub(crate) fn cite(on: Location, id: &str, m: &ClaimMessage) -> Self {
        MessageNote {
            on,
            id: quote(id),
            code: quote(&m.code),
            severity: m.severity,
            origin: quote(&m.origin),
            product_code: m.product_code.as_deref().map(quote),
            text: quote(&m.text),
        }
    }
}

/// Why no request is sent for a serviced entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum SkipReason {
    /// The claim carries a fatal message of origin SANITY CHECKS or ENROLLMENT.
    ClaimFatalMessage,
    /// Every considered line of the entity carries a product-independent fatal
    /// message of origin SANITY CHECKS or ENROLLMENT, on the line or its bill.
    AllLinesFatal,
    /// The enrollment response lists no product for the entity.
    NoProductEnrollments,
}

/// A skipped entity: the reason, in words, and the messages that caused it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Skip {
    pub reason: SkipReason,
    pub text: String,
    /// The blocking messages, cited (code, origin, product code and text
    /// quoted to 64 characters): the claim's first one, which `text` names
    /// (its others are on the claim); for all lines, the first per line.
    pub causes: Vec<MessageNote>,
}

/// How an entity's response fared (apply only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum ResponseOutcome {
    /// Received; not processed yet because others are missing.
    Received,
    /// Not received.
    Missing,
    /// Unknown product or message codes: CLA-IP-PMSS-001/002 attached, nothing else.
    Rejected,
    /// Its product messages were attached where they apply.
    Processed,
}

/// One distinct serviced entity of the considered lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct EntitySummary {
    pub serviced_entity: ServicedEntity,
    /// Its considered lines.
    pub line_ids: Vec<String>,
    /// Its policy product codes from the enrollment response.
    pub policy_products: Vec<String>,
    pub requested: bool,
    pub skip: Option<Skip>,
    /// `null` in plan and for skipped entities.
    pub response: Option<ResponseOutcome>,
}

/// Why a response message was not stored on any line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum NotStoredReason {
    /// Its product is not among the entity's policy products.
    ProductNotInPolicy,
    /// No considered line of the entity overlaps the product's dates.
    NoOverlappingLine,
    /// The response was rejected (unknown product or message code).
    ResponseRejected,
}

/// A response message that was not stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct NotStored {
    /// The entity, its code quoted to 64 characters (and `…`).
    pub serviced_entity: ServicedEntity,
    /// Quoted to 64 characters (and `…`).
    pub product_code: String,
    pub code: String,
    pub reason: NotStoredReason,
}

/// The technical error a claim pends with when the waiting time expires.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TechnicalError {
    /// `CLA-IP-PMSS-900`.
    pub code: String,
    pub message: String,
    /// The entities whose response is missing.
    pub missing: Vec<ServicedEntity>,
    pub deadline: Timestamp,
}

/// How many of each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Counts {
    pub requests: usize,
    pub skipped: usize,
    /// Previous payment-status messages removed.
    pub removed: usize,
    /// Messages attached (one per line it went on).
    pub attached: usize,
    /// Response messages not stored.
    pub not_stored: usize,
}

/// What the payment-status step did, decision by decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PaymentStatusSummary {
    pub status: Status,
    pub next_step: NextStep,
    pub enabled: bool,
    /// `null` when the claim has no dates and no considered line.
    pub period: Option<Period>,
    pub ignored_lines: Vec<IgnoredLine>,
    /// Previous payment-status messages removed from the considered lines.
    pub removed: Vec<MessageNote>,
    /// Disabled: empty.
    pub entities: Vec<EntitySummary>,
    /// Messages attached (apply), one note per line.
    pub attached: Vec<MessageNote>,
    /// Response messages not stored (apply).
    pub not_stored: Vec<NotStored>,
    /// `sent_at` + `waiting_time_seconds`, when both are known and requests exist.
    pub deadline: Option<Timestamp>,
    pub technical_error: Option<TechnicalError>,
    pub counts: Counts,
    /// The same decisions as sentences, in order, for a UI.
    pub explanation: Vec<String>,
}

/// The result of `apply_benefit_filter`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "BenefitFilterResult"))]
pub struct FilterResult {
    pub valid: bool,
    /// `params.document` is `claim` or `benefits`.
    pub issues: Vec<Issue>,
    pub claim: Option<Claim>,
    pub summary: Option<FilterSummary>,
}

/// What the benefit filter kept and discarded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FilterSummary {
    /// Product-specific payment-status messages kept (their product provides the benefit).
    pub kept: Vec<MessageNote>,
    /// Product-specific payment-status messages discarded.
    pub discarded: Vec<MessageNote>,
    /// Considered lines the benefits document does not list: left unchanged.
    pub unlisted_lines: Vec<String>,
    pub ignored_lines: Vec<IgnoredLine>,
    pub counts: FilterCounts,
    pub explanation: Vec<String>,
}

/// How many kept and discarded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FilterCounts {
    pub kept: usize,
    pub discarded: usize,
}
