//! Claim documents (source S3): claim, enrollment response, payment-status
//! request and responses, message catalogue, benefit outcome.
//!
//! Field names are snake_case as on the wire (source D, "Claim
//! documents"). Unlike the member snapshot, required fields are required in
//! these types: `crate::claims` reads JSON leniently, reports every problem
//! as an issue with its JSON Pointer, and builds these values only from
//! documents without errors. Unknown fields are kept in `extra` on every
//! object, so a claim passes through the payment-status step unchanged except
//! for its messages.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::date::Date;
use crate::model::enums::string_enum;
use crate::model::snapshot::Extra;

/// Origin of the messages attached by the sanity checks.
pub const ORIGIN_SANITY_CHECKS: &str = "SANITY CHECKS";
/// Origin of the messages attached by the enrollment step.
pub const ORIGIN_ENROLLMENT: &str = "ENROLLMENT";
/// Origin of the messages attached by the payment-status step.
pub const ORIGIN_PAYMENT_STATUS: &str = "PAYMENT STATUS";

string_enum!(
    /// Whether a serviced entity is a person or an object.
    EntityType {
        Person = "person",
        Object = "object",
    }
);

/// The insurable person or object a claim line is for. Two entities are the
/// same when both type and code are equal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ServicedEntity {
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    pub code: String,
}

impl ServicedEntity {
    /// The entity with its code quoted to 64 characters: what a summary
    /// entry repeated per message names it by (`not_stored`).
    pub(crate) fn label(&self) -> Self {
        ServicedEntity {
            entity_type: self.entity_type,
            code: crate::model::text::quote(&self.code),
        }
    }
}

/// "person P-100" in explanations: the code quoted to 64 characters (an
/// explanation may name the entity once per product or message), then
/// masked on its own, before the text around it can lengthen an SSN in it
/// (`privacy::scrub_joined`).
impl fmt::Display for ServicedEntity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = crate::model::text::quote(&self.code);
        write!(
            f,
            "{} {}",
            self.entity_type.as_str(),
            crate::privacy::scrub(&code)
        )
    }
}

string_enum!(
    /// Severity of a claim message.
    MessageSeverity {
        Fatal = "fatal",
        Informative = "informative",
    }
);

/// A message attached to a claim, a bill or a claim line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ClaimMessage {
    pub code: String,
    pub severity: MessageSeverity,
    /// The processing step that attached it (`SANITY CHECKS`, `ENROLLMENT`,
    /// `PAYMENT STATUS`, …); compared exactly.
    pub origin: String,
    /// Absent: the message is product-independent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_code: Option<String>,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub parameters: Map<String, Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl ClaimMessage {
    /// Fatal severity.
    pub fn is_fatal(&self) -> bool {
        self.severity == MessageSeverity::Fatal
    }

    /// No product code.
    pub fn is_product_independent(&self) -> bool {
        self.product_code.is_none()
    }

    /// Attached by a payment-status call-out.
    pub fn is_payment_status(&self) -> bool {
        self.origin == ORIGIN_PAYMENT_STATUS
    }

    /// Fatal, of origin SANITY CHECKS or ENROLLMENT: what stops payment-status requests.
    pub fn is_fatal_sanity_or_enrollment(&self) -> bool {
        #[cfg(test)]
        tests::JUDGED.with(|n| n.set(n.get() + 1));
        self.is_fatal() && (self.origin == ORIGIN_SANITY_CHECKS || self.origin == ORIGIN_ENROLLMENT)
    }
}

/// A bill of the claim; claim lines name it by `bill_id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Bill {
    pub id: String,
    #[serde(default)]
    pub messages: Vec<ClaimMessage>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A claim line: one service for one serviced entity over a span of days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ClaimLine {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bill_id: Option<String>,
    pub serviced_entity: ServicedEntity,
    /// First service date (inclusive).
    pub start_date: Date,
    /// Last service date (inclusive).
    pub end_date: Date,
    #[serde(default)]
    pub locked: bool,
    #[serde(default)]
    pub replaced: bool,
    #[serde(default)]
    pub messages: Vec<ClaimMessage>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl ClaimLine {
    /// Neither locked nor replaced: the payment-status step looks at it.
    pub fn is_considered(&self) -> bool {
        !self.locked && !self.replaced
    }
}

/// A claim: its own messages, its bills and its lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Claim {
    pub id: String,
    /// Absent: the earliest start of all its lines (see `crate::claims`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<Date>,
    /// Absent: the latest end of all its lines (see `crate::claims`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<Date>,
    #[serde(default)]
    pub messages: Vec<ClaimMessage>,
    #[serde(default)]
    pub bills: Vec<Bill>,
    #[serde(default)]
    pub lines: Vec<ClaimLine>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A policy product of a serviced entity, as the enrollment response lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PolicyProduct {
    pub code: String,
    pub start_date: Date,
    /// `null`: open-ended.
    #[serde(default)]
    pub end_date: Option<Date>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One serviced entity of the enrollment response and its policy products.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnrolledEntity {
    pub serviced_entity: ServicedEntity,
    #[serde(default)]
    pub products: Vec<PolicyProduct>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The enrollment response: the policy products of each serviced entity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EnrollmentResponse {
    #[serde(default)]
    pub entities: Vec<EnrolledEntity>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A payment-status request: one per serviced entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PaymentStatusRequest {
    pub serviced_entity: ServicedEntity,
    /// The claim's start date.
    pub start_date: Date,
    /// The claim's end date.
    pub end_date: Date,
    /// The entity's policy products, as the enrollment response lists them.
    pub products: Vec<PolicyProduct>,
}

/// A message of a product in a payment-status response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseMessage {
    pub code: String,
    #[serde(default)]
    pub parameters: Map<String, Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A product of a payment-status response and its messages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseProduct {
    pub code: String,
    pub start_date: Date,
    /// `null`: open-ended.
    #[serde(default)]
    pub end_date: Option<Date>,
    #[serde(default)]
    pub messages: Vec<ResponseMessage>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The payment-status response for one serviced entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaymentStatusResponse {
    pub serviced_entity: ServicedEntity,
    #[serde(default)]
    pub products: Vec<ResponseProduct>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A message code Claims knows, its severity and text template (`{name}`
/// placeholders filled from the response message's parameters).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogueMessage {
    pub code: String,
    pub severity: MessageSeverity,
    pub text: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The product codes and message codes Claims knows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MessageCatalogue {
    #[serde(default)]
    pub products: Vec<String>,
    #[serde(default)]
    pub messages: Vec<CatalogueMessage>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Which products actually provide the benefit on one claim line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineBenefit {
    pub line_id: String,
    #[serde(default)]
    pub products: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The outcome of applying benefits: per line, the providing product codes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Benefits {
    #[serde(default)]
    pub lines: Vec<LineBenefit>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg(test)]
pub(crate) mod tests {
    use std::cell::Cell;

    thread_local! {
        /// How many times a message was judged blocking (`is_fatal_sanity_or_enrollment`).
        pub(crate) static JUDGED: Cell<usize> = const { Cell::new(0) };
    }
}
