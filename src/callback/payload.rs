//! The status callback payload (source S0's six categories), as serde types.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Issue, Severity};
use crate::fulfillment::FulfillmentStatus;
use crate::model::enums::string_enum;
use crate::model::text::quote;
use crate::model::{Date, LineOfCoverage, RateCalculation, Timestamp};
use crate::premium::{LineRate, Money, PremiumSummary, Tier};

/// A status update about a transaction or a snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CallbackPayload {
    /// Unique per update: a consumer drops an id it has already seen.
    pub event_id: String,
    pub event_type: CallbackEventType,
    /// When the update was made.
    pub created: Timestamp,
    pub identifiers: Identifiers,
    pub processing_status: ProcessingStatus,
    /// Problems found in what the partner sent (empty when none).
    pub validation_feedback: Vec<ValidationFeedback>,
    /// When it finished; `null` until then.
    pub completion: Option<Completion>,
    /// What the partner must still supply (empty when nothing, and always
    /// when completed).
    pub follow_up: Vec<FollowUp>,
    /// Premium per line of coverage; `null` when not computed.
    pub financial_summary: Option<FinancialSummary>,
    /// Source S2's per-carrier summary ("corresponding webhooks are also
    /// available"): every carrier on a snapshot update, the transaction's
    /// carrier on a transaction update.
    #[serde(default)]
    pub fulfillment_summary: Vec<CarrierSummary>,
}

/// One carrier's fulfillment, as source S2's example shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CarrierSummary {
    pub carrier_id: String,
    pub status: FulfillmentStatus,
    /// When its changes were sent (`sent`).
    pub sent: Option<Timestamp>,
    /// A Send carrier's next file (`scheduled`).
    pub next_transmission: Option<Timestamp>,
    /// What blocks it (`invalid`): source S2's "errors".
    pub errors: Vec<ValidationFeedback>,
}

string_enum!(
    /// What the update is about.
    CallbackEventType {
        /// One member transaction (one carrier) moved.
        TransactionUpdated = "transaction.updated",
        /// The snapshot as a whole moved.
        SnapshotUpdated = "snapshot.updated",
    }
);

impl CallbackEventType {
    /// The statuses this kind of update can report.
    pub fn statuses(self) -> &'static [ProcessingState] {
        use ProcessingState::*;
        match self {
            CallbackEventType::TransactionUpdated => &[Processing, Completed, Failed, Canceled, Replaced],
            CallbackEventType::SnapshotUpdated => &[Submitted, Processing, Completed, Canceled, Replaced],
        }
    }
}

/// Ours and the partner's references for what the update is about.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Identifiers {
    pub snapshot_id: String,
    /// Required for `transaction.updated`.
    pub transaction_id: Option<String>,
    /// Required for `transaction.updated`: the transaction's carrier.
    pub carrier_id: Option<String>,
    pub group_id: Option<String>,
    /// The partner's own reference for the request.
    pub partner_reference: Option<String>,
    /// The partner's reference for the employee (e.g. `custom_individual_id`).
    pub employee_reference: Option<String>,
}

/// Where processing stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ProcessingStatus {
    pub status: ProcessingState,
    /// A transaction's step (source S1); only on `transaction.updated`.
    pub status_detail: Option<StatusStep>,
    /// Exactly `status == completed`.
    pub succeeded: bool,
    /// The partner must act: always with follow-ups or a `failed` status;
    /// never when completed (source S1).
    pub requires_action: bool,
}

string_enum!(
    /// The status vocabulary: a snapshot's five (source S2) and a transaction's
    /// `processing`, `completed`, `failed`, `canceled`, `replaced`.
    ProcessingState {
        Submitted = "submitted",
        Processing = "processing",
        Completed = "completed",
        Failed = "failed",
        Canceled = "canceled",
        Replaced = "replaced",
    }
);

/// A transaction's processing step (source S1): the lifecycle's own type.
pub use crate::fulfillment::lifecycle::StatusDetailKind as StatusStep;

/// One problem, as the partner sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ValidationFeedback {
    pub code: String,
    pub severity: Severity,
    pub message: String,
    /// JSON Pointer into the document the partner sent.
    pub path: String,
}

impl From<&Issue> for ValidationFeedback {
    fn from(i: &Issue) -> Self {
        ValidationFeedback {
            code: i.code.clone(),
            severity: i.severity,
            message: i.message.clone(),
            path: i.path.clone(),
        }
    }
}

/// When processing finished.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Completion {
    /// Required when `status` is `completed`.
    pub completed_at: Option<Timestamp>,
    /// Round-trip confirmation (source S1's `noyo_verified`).
    pub verified_at: Option<Timestamp>,
    /// The acknowledgement's reference numbers (source S4) of the people
    /// whose coverage items completed.
    #[serde(default)]
    pub individual_references: Vec<String>,
    /// ... and of the coverage items that completed: those at the carriers
    /// whose transaction completed.
    #[serde(default)]
    pub coverage_references: Vec<String>,
}

/// Something the partner must still supply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FollowUp {
    pub kind: FollowUpKind,
    pub description: String,
    /// What it is about (a difference id, an enrollment, a case number).
    pub reference: Option<String>,
    /// By when, when the sender says: `buildCallback` knows no deadline
    /// and writes `null`; `parseCallback` reads what a partner's payload gives.
    pub due_date: Option<Date>,
}

string_enum!(
    /// What kind of follow-up.
    FollowUpKind {
        /// Volume above guaranteed issue: the carrier needs evidence of insurability.
        EvidenceOfInsurability = "evidence_of_insurability",
        /// Supporting documents (proof of a life event, of dependency).
        Documentation = "documentation",
        /// Data to correct and send again.
        Correction = "correction",
    }
);

/// The premium summary's figures, without member detail (source S0:
/// "high-level premium and rate information across benefit types").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FinancialSummary {
    /// The month's date the premium was computed for.
    pub on: Date,
    pub lines: Vec<FinancialLine>,
    /// The priced lines' sum.
    pub total: Money,
    /// Versus the previous snapshot, on a snapshot update; `null` without
    /// one, and on a transaction update (the previous snapshot is priced
    /// whole, not by carrier).
    pub change: Option<Money>,
}

/// One line of coverage's premium and rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FinancialLine {
    pub line_of_coverage: Option<LineOfCoverage>,
    pub carrier_id: Option<String>,
    pub plan_id: Option<String>,
    /// How the plan's rate is computed; `null` when the plan or its rates are unusable.
    #[serde(default)]
    pub calculation_type: Option<RateCalculation>,
    /// The family tier charged (family-unit plans).
    #[serde(default)]
    pub tier: Option<Tier>,
    /// The plan's rate the line was priced with; `null` when not priced.
    #[serde(default)]
    pub rate: Option<LineRate>,
    /// False when the line could not be priced at all (its plan is unknown,
    /// has no usable rates, or no tier applies): then the amounts are `null`
    /// and `unpriced_reason` says why, rather than a price of 0.
    #[serde(default = "priced_by_default")]
    pub priced: bool,
    #[serde(default)]
    pub unpriced_reason: Option<UnpricedReason>,
    pub monthly_cents: Option<i64>,
    pub employer_cents: Option<i64>,
    pub employee_cents: Option<i64>,
}

fn priced_by_default() -> bool {
    true
}

/// Why a line has no price: the premium issue's code and message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct UnpricedReason {
    pub code: String,
    pub message: String,
}

impl FinancialLine {
    /// The line's amounts, when priced.
    pub fn money(&self) -> Option<Money> {
        Some(Money {
            monthly_cents: self.monthly_cents?,
            employer_cents: self.employer_cents?,
            employee_cents: self.employee_cents?,
        })
    }
}

/// Why lines are unpriced: the first premium issue at each path that leaves
/// a whole line unpriced (its plan is unknown, has no rates or unusable
/// ones, or a family-unit line has no tier; an unusable employer
/// contribution still prices the line), found in one pass over the issues.
///
/// A preview has one line per coverage, so one line per path; a preview
/// passed in may have thousands at one path. The first line at a path gets
/// the issue's message whole, the others get it quoted (64 characters and
/// `…`): 20,000 lines at the path of one megabyte-long message had each
/// copied it (review 25b).
struct Reasons<'a> {
    by_path: HashMap<&'a str, &'a Issue>,
    given: HashSet<&'a str>,
}

impl<'a> Reasons<'a> {
    fn of(issues: &'a [Issue]) -> Reasons<'a> {
        use crate::premium::codes as p;
        let whole_line = [
            p::PREMIUM_PLAN_UNKNOWN.code,
            p::PREMIUM_RATES_MISSING.code,
            p::PREMIUM_EMPLOYEE_NOT_ENROLLED.code,
            p::PREMIUM_TIER_MISSING.code,
        ];
        let mut by_path = HashMap::new();
        for i in issues.iter().filter(|i| {
            whole_line.contains(&i.code.as_str())
                || (i.code == p::PREMIUM_RATES_INVALID.code
                    && i.params.get("field").and_then(|f| f.as_str()) == Some("rates"))
        }) {
            by_path.entry(i.path.as_str()).or_insert(i);
        }
        Reasons {
            by_path,
            given: HashSet::new(),
        }
    }

    /// The reason of the line at `path`, if it is unpriced.
    fn at(&mut self, path: &'a str) -> Option<UnpricedReason> {
        let i = self.by_path.get(path)?;
        let message = if self.given.insert(path) {
            i.message.clone()
        } else {
            quote(&i.message)
        };
        Some(UnpricedReason {
            code: i.code.clone(),
            message,
        })
    }
}

impl From<&PremiumSummary> for FinancialSummary {
    fn from(s: &PremiumSummary) -> Self {
        let mut reasons = Reasons::of(&s.issues);
        FinancialSummary {
            on: s.on,
            lines: s
                .lines
                .iter()
                .map(|l| {
                    let reason = reasons.at(&l.path);
                    let priced = reason.is_none();
                    FinancialLine {
                        line_of_coverage: l.line_of_coverage,
                        carrier_id: l.carrier_id.clone(),
                        plan_id: l.plan_id.clone(),
                        calculation_type: l.calculation_type,
                        tier: l.tier,
                        rate: None,
                        priced,
                        unpriced_reason: reason,
                        monthly_cents: priced.then_some(l.monthly_cents),
                        employer_cents: priced.then_some(l.employer_cents),
                        employee_cents: priced.then_some(l.employee_cents),
                    }
                })
                .collect(),
            total: s.total,
            change: s.change,
        }
    }
}
