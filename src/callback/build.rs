//! Building the status callback a partner receives (seed 000) from what the
//! engine knows: the preview (issues, premium, references) and the folded
//! lifecycle state (statuses, completion and verification times).
//!
//! - A snapshot update reports the snapshot status; a transaction update the
//!   transaction's step (`carrier_completed`/`noyo_verified` → `completed`;
//!   a canceled snapshot or a replaced carrier → `canceled`).
//! - `validation_feedback`: every fatal, error and warning issue (info is not
//!   feedback); for a transaction, those its carrier's summary lists.
//! - `follow_up`: evidence of insurability for each `volume_requires_eoi`
//!   warning (referenced by the coverage item's reference number);
//!   documentation of the life event for a qualifying-life-event transaction;
//!   a correction for each carrier blocked by errors (snapshot updates) or
//!   when the transaction's carrier is invalid.
//! - `financial_summary`: the preview's premium; a transaction update carries
//!   only its carrier's lines (totals recomputed, no change).

use serde::{Deserialize, Serialize};

use super::payload::*;
use crate::diff::TransactionType;
use crate::fulfillment::lifecycle::FulfillmentState;
use crate::fulfillment::{FulfillmentStatus, SnapshotStatus};
use crate::model::Timestamp;
use crate::premium::Money;
use crate::preview::Preview;
use crate::validate::{Issue, Severity};

/// What the caller adds: ids, time, and the partner's references.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallbackRequest {
    pub event_id: String,
    pub created: Timestamp,
    pub snapshot_id: String,
    /// A transaction update when given; a snapshot update otherwise.
    #[serde(default)]
    pub transaction_id: Option<String>,
    #[serde(default)]
    pub partner_reference: Option<String>,
    #[serde(default)]
    pub employee_reference: Option<String>,
}

/// Why a callback cannot be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError(pub String);

fn feedback(issues: &[&Issue]) -> Vec<ValidationFeedback> {
    issues
        .iter()
        .filter(|i| i.severity != Severity::Info)
        .map(|i| ValidationFeedback {
            code: i.code.clone(),
            severity: i.severity,
            message: i.message.clone(),
            path: i.path.clone(),
        })
        .collect()
}

fn eoi_follow_ups(preview: &Preview, issues: &[&Issue]) -> Vec<FollowUp> {
    issues
        .iter()
        .filter(|i| i.code == "volume_requires_eoi")
        .map(|i| FollowUp {
            kind: FollowUpKind::EvidenceOfInsurability,
            description: i.message.clone(),
            reference: preview
                .acknowledgement
                .coverages
                .iter()
                .find(|c| i.path.starts_with(&c.path))
                .map(|c| c.reference.clone()),
            due_date: None,
        })
        .collect()
}

fn correction(carrier_id: &str, errors: usize) -> FollowUp {
    FollowUp {
        kind: FollowUpKind::Correction,
        description: format!(
            "Correct {errors} error(s) blocking carrier {carrier_id} and submit a new snapshot."
        ),
        reference: Some(carrier_id.to_owned()),
        due_date: None,
    }
}

/// The premium lines of one carrier, totals recomputed.
fn carrier_summary(s: &FinancialSummary, carrier_id: &str) -> FinancialSummary {
    let lines: Vec<FinancialLine> = s
        .lines
        .iter()
        .filter(|l| l.carrier_id.as_deref() == Some(carrier_id))
        .cloned()
        .collect();
    let total = lines.iter().fold(Money::default(), |t, l| Money {
        monthly_cents: t.monthly_cents + l.monthly_cents,
        employer_cents: t.employer_cents + l.employer_cents,
        employee_cents: t.employee_cents + l.employee_cents,
    });
    FinancialSummary {
        on: s.on,
        lines,
        total,
        change: None,
    }
}

fn snapshot_state(s: SnapshotStatus) -> ProcessingState {
    match s {
        SnapshotStatus::Submitted => ProcessingState::Submitted,
        SnapshotStatus::Processing => ProcessingState::Processing,
        SnapshotStatus::Completed => ProcessingState::Completed,
        SnapshotStatus::Canceled => ProcessingState::Canceled,
        SnapshotStatus::Replaced => ProcessingState::Replaced,
    }
}

/// The payload for `request`, from a preview and (after submission) its folded state.
pub fn build_callback(
    group_id: Option<&str>,
    preview: &Preview,
    state: &FulfillmentState,
    request: &CallbackRequest,
) -> Result<CallbackPayload, BuildError> {
    let financial = preview.premium.as_ref().map(FinancialSummary::from);
    let mut identifiers = Identifiers {
        snapshot_id: request.snapshot_id.clone(),
        group_id: group_id.map(str::to_owned),
        partner_reference: request.partner_reference.clone(),
        employee_reference: request.employee_reference.clone(),
        ..Identifiers::default()
    };
    let Some(tx_id) = &request.transaction_id else {
        let issues: Vec<&Issue> = preview.issues.iter().collect();
        let mut follow_up = eoi_follow_ups(preview, &issues);
        for c in state
            .fulfillment_summary
            .iter()
            .filter(|c| c.status == FulfillmentStatus::Invalid)
        {
            follow_up.push(correction(&c.carrier_id, c.errors.len()));
        }
        let completed = state.status == SnapshotStatus::Completed;
        let all_verified =
            !state.transactions.is_empty() && state.transactions.iter().all(|t| t.verified.is_some());
        let completion = completed.then(|| Completion {
            completed_at: state
                .transactions
                .iter()
                .filter_map(|t| {
                    t.status_details
                        .iter()
                        .find(|s| s.status_detail.is_complete())
                        .map(|s| s.event_created)
                })
                .chain(state.fulfillment_summary.iter().filter_map(|c| c.sent))
                .max(),
            verified_at: if all_verified {
                state.transactions.iter().filter_map(|t| t.verified_at).max()
            } else {
                None
            },
        });
        return Ok(CallbackPayload {
            event_id: request.event_id.clone(),
            event_type: CallbackEventType::SnapshotUpdated,
            created: request.created,
            identifiers,
            processing_status: ProcessingStatus {
                status: snapshot_state(state.status),
                status_detail: None,
                succeeded: completed,
                requires_action: !follow_up.is_empty(),
            },
            validation_feedback: feedback(&issues),
            completion,
            follow_up,
            financial_summary: financial,
        });
    };
    let tx = state
        .transactions
        .iter()
        .find(|t| &t.transaction.id == tx_id)
        .ok_or_else(|| BuildError(format!("no transaction {tx_id} in this state")))?;
    let carrier = tx.transaction.carrier_id.clone();
    let summary = state.fulfillment_summary.iter().find(|c| c.carrier_id == carrier);
    let issues: Vec<&Issue> = summary
        .map(|s| s.errors.iter().chain(s.warnings.iter()).collect())
        .unwrap_or_default();
    let step = tx.latest_status.as_ref().map(|s| s.status_detail);
    let completed = step.is_some_and(|s| s.is_complete());
    let stopped = state.status == SnapshotStatus::Canceled
        || summary.is_some_and(|s| s.status == FulfillmentStatus::Replaced);
    let status = match (completed, stopped) {
        (true, _) => ProcessingState::Completed,
        (false, true) => ProcessingState::Canceled,
        (false, false) => ProcessingState::Processing,
    };
    let mut follow_up = eoi_follow_ups(preview, &issues);
    if tx.transaction.transaction_type == TransactionType::QualifyingLifeEvent {
        follow_up.push(FollowUp {
            kind: FollowUpKind::Documentation,
            description: "Proof of the qualifying life event (e.g. a marriage or birth certificate) may be requested by the carrier.".into(),
            reference: Some(tx.transaction.id.clone()),
            due_date: None,
        });
    }
    if let Some(s) = summary.filter(|s| s.status == FulfillmentStatus::Invalid) {
        follow_up.push(correction(&carrier, s.errors.len()));
    }
    identifiers.transaction_id = Some(tx.transaction.id.clone());
    identifiers.carrier_id = Some(carrier.clone());
    let completion = completed.then(|| Completion {
        completed_at: tx
            .status_details
            .iter()
            .find(|s| s.status_detail.is_complete())
            .map(|s| s.event_created),
        verified_at: tx.verified_at,
    });
    Ok(CallbackPayload {
        event_id: request.event_id.clone(),
        event_type: CallbackEventType::TransactionUpdated,
        created: request.created,
        identifiers,
        processing_status: ProcessingStatus {
            status,
            status_detail: step,
            succeeded: completed,
            requires_action: !follow_up.is_empty(),
        },
        validation_feedback: feedback(&issues),
        completion,
        follow_up,
        financial_summary: financial.as_ref().map(|f| carrier_summary(f, &carrier)),
    })
}
