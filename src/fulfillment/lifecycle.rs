//! After submission: status events folded onto the state `preview` produced
//! (seeds 001, 002). The state keeps its starting point and every event it
//! has seen, and each fold replays all of them in a canonical order (by
//! `created`, then by status rank, then by id). So the result is a function of
//! the *set* of events: duplicates and arrival order cannot change it, and no
//! status ever moves backwards.
//!
//! Events (JSON, `type`-tagged):
//! - `transaction_status` {transaction_id, status_detail}: noyo_accepted →
//!   carrier_accepted → carrier_processing → carrier_completed → noyo_verified;
//! - `file_transmitted` {carrier_id}: a Send carrier's file went out;
//! - `snapshot_canceled`; `snapshot_replaced` {by_snapshot_id?}: a newer
//!   snapshot for the same employee arrived.
//!
//! An event that cannot apply is not applied; it is listed in
//! `rejected_events` with the reason (docs/api.md lists them).

use serde::{Deserialize, Serialize};

use super::{CarrierFulfillment, FulfillmentStatus, SnapshotStatus};
use crate::diff::MemberTransaction;
use crate::model::Timestamp;

/// A transaction's processing steps, in order (seed 001).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusDetailKind {
    NoyoAccepted,
    CarrierAccepted,
    CarrierProcessing,
    CarrierCompleted,
    NoyoVerified,
}

impl StatusDetailKind {
    pub const ALL: &'static [&'static str] = &[
        "noyo_accepted",
        "carrier_accepted",
        "carrier_processing",
        "carrier_completed",
        "noyo_verified",
    ];
    const VARIANTS: [StatusDetailKind; 5] = [
        StatusDetailKind::NoyoAccepted,
        StatusDetailKind::CarrierAccepted,
        StatusDetailKind::CarrierProcessing,
        StatusDetailKind::CarrierCompleted,
        StatusDetailKind::NoyoVerified,
    ];

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        Self::ALL.get(self as usize).copied().unwrap_or_default()
    }

    #[allow(clippy::should_implement_trait)]
    pub fn parse(s: &str) -> Option<Self> {
        Self::VARIANTS.into_iter().find(|v| v.as_str() == s)
    }

    /// The carrier has completed it (`carrier_completed` or later).
    pub fn is_complete(self) -> bool {
        self >= StatusDetailKind::CarrierCompleted
    }
}

/// One step of a transaction's history, with when it was entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusDetail {
    pub status_detail: StatusDetailKind,
    pub event_created: Timestamp,
}

/// What an event says happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    TransactionStatus {
        transaction_id: String,
        status_detail: StatusDetailKind,
    },
    FileTransmitted {
        carrier_id: String,
    },
    SnapshotCanceled,
    SnapshotReplaced {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by_snapshot_id: Option<String>,
    },
}

/// A status event from the platform or a carrier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusEvent {
    /// Unique per event: the same id twice is one event.
    pub id: String,
    pub created: Timestamp,
    #[serde(flatten)]
    pub kind: EventKind,
}

impl StatusEvent {
    /// The canonical replay order: time, then the step's rank, then id.
    fn order_key(&self) -> (Timestamp, u8, &str) {
        let rank = match &self.kind {
            EventKind::TransactionStatus { status_detail, .. } => *status_detail as u8,
            EventKind::FileTransmitted { .. } => 10,
            EventKind::SnapshotCanceled => 11,
            EventKind::SnapshotReplaced { .. } => 12,
        };
        (self.created, rank, &self.id)
    }
}

/// A transaction with its history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TransactionState {
    #[serde(flatten)]
    pub transaction: MemberTransaction,
    /// Steps entered, in order.
    pub status_details: Vec<StatusDetail>,
    pub latest_status: Option<StatusDetail>,
    /// Seed 001: "the Unix time at which the member transaction was verified"
    /// (`noyo_verified`), in seconds.
    pub verified: Option<i64>,
    /// The same instant in RFC 3339.
    pub verified_at: Option<Timestamp>,
    /// Verified before its expected verification date: seed 001's timeline
    /// holds for "most carriers", so the carrier's word is kept and flagged.
    pub verified_early: bool,
    /// Completed, not verified, and past the later of its verification date
    /// and its completion, plus the grace period, at `now`.
    pub overdue_verification: bool,
}

impl TransactionState {
    /// Records `noyo_verified` at `at`, flagged when before the expected date.
    fn verify(&mut self, at: Timestamp) {
        let due = self.transaction.expected_verification_date;
        self.verified_early = matches!((due, at.date()), (Some(due), Some(day)) if day < due);
        self.verified = Some(at.unix_seconds());
        self.verified_at = Some(at);
    }
}

/// An event that was not applied, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedEvent {
    pub event_id: String,
    /// Stable code: see docs/api.md (Lifecycle).
    pub reason: String,
    pub message: String,
}

/// Where the lifecycle started: the preview's transactions and summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    pub status: SnapshotStatus,
    pub fulfillment_summary: Vec<CarrierFulfillment>,
    pub transactions: Vec<MemberTransaction>,
}

/// The up-to-date view of a submitted snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FulfillmentState {
    pub status: SnapshotStatus,
    pub fulfillment_summary: Vec<CarrierFulfillment>,
    pub transactions: Vec<TransactionState>,
    pub rejected_events: Vec<RejectedEvent>,
    /// Every distinct event seen, in replay order.
    pub events: Vec<StatusEvent>,
    pub baseline: Baseline,
}

/// Options of `fold`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoldOptions {
    /// For overdue verifications.
    pub now: Timestamp,
    /// Seed 001 says verification comes "on or shortly after" the date: days
    /// of grace before a verification counts as overdue (default 7).
    pub verification_grace_days: i64,
}

impl FulfillmentState {
    /// The state right after submission.
    pub fn from_baseline(baseline: Baseline) -> FulfillmentState {
        let mut state = FulfillmentState {
            status: baseline.status,
            fulfillment_summary: baseline.fulfillment_summary.clone(),
            transactions: Vec::new(),
            rejected_events: Vec::new(),
            events: Vec::new(),
            baseline,
        };
        state.replay(None);
        state
    }

    /// A stored state from its inputs: the starting point and the events seen
    /// (replayed without a `now`, so no verification is marked overdue).
    pub fn restore(baseline: Baseline, events: Vec<StatusEvent>) -> FulfillmentState {
        let mut state = FulfillmentState {
            status: baseline.status,
            fulfillment_summary: Vec::new(),
            transactions: Vec::new(),
            rejected_events: Vec::new(),
            events,
            baseline,
        };
        state.replay(None);
        state
    }

    /// Adds `events` to the ones already seen and replays them all.
    pub fn fold(mut self, events: &[StatusEvent], opts: &FoldOptions) -> FulfillmentState {
        self.events.extend(events.iter().cloned());
        self.replay(Some(opts));
        self
    }

    fn replay(&mut self, opts: Option<&FoldOptions>) {
        let mut events = std::mem::take(&mut self.events);
        events.sort_by(|a, b| {
            a.order_key()
                .cmp(&b.order_key())
                .then_with(|| a.kind_text().cmp(&b.kind_text()))
        });
        events.dedup();
        let mut run = Run::new(&self.baseline);
        let mut seen: Vec<&str> = Vec::new();
        for e in &events {
            if seen.contains(&e.id.as_str()) {
                run.reject(
                    e,
                    "conflicting_duplicate",
                    "another event with this id says something else",
                );
                continue;
            }
            seen.push(&e.id);
            run.apply(e);
        }
        if let Some(opts) = opts {
            run.mark_overdue(opts);
        }
        self.status = run.status;
        self.fulfillment_summary = run.carriers;
        self.transactions = run.transactions;
        self.rejected_events = run.rejected;
        self.events = events;
    }
}

impl StatusEvent {
    /// A total order tie-breaker for events sharing time, rank and id.
    fn kind_text(&self) -> String {
        serde_json::to_string(&self.kind).unwrap_or_default()
    }
}

/// One replay.
struct Run {
    /// Carriers that go through a scheduled file (scheduled at preview).
    send_carriers: Vec<String>,
    status: SnapshotStatus,
    carriers: Vec<CarrierFulfillment>,
    transactions: Vec<TransactionState>,
    rejected: Vec<RejectedEvent>,
}

impl Run {
    fn new(b: &Baseline) -> Run {
        let transactions = b
            .transactions
            .iter()
            .map(|t| TransactionState {
                transaction: t.clone(),
                status_details: Vec::new(),
                latest_status: None,
                verified: None,
                verified_at: None,
                verified_early: false,
                overdue_verification: false,
            })
            .collect();
        let send_carriers = b
            .fulfillment_summary
            .iter()
            .filter(|c| c.status == FulfillmentStatus::Scheduled)
            .map(|c| c.carrier_id.clone())
            .collect();
        Run {
            send_carriers,
            status: b.status,
            carriers: b.fulfillment_summary.clone(),
            transactions,
            rejected: Vec::new(),
        }
    }

    fn reject(&mut self, e: &StatusEvent, reason: &str, message: &str) {
        let (event_id, reason, message) = (e.id.clone(), reason.to_owned(), message.to_owned());
        self.rejected.push(RejectedEvent {
            event_id,
            reason,
            message,
        });
    }

    fn carrier_status(&self, carrier_id: &str) -> Option<FulfillmentStatus> {
        self.carriers
            .iter()
            .find(|c| c.carrier_id == carrier_id)
            .map(|c| c.status)
    }

    fn apply(&mut self, e: &StatusEvent) {
        let outcome = match &e.kind {
            EventKind::TransactionStatus {
                transaction_id,
                status_detail,
            } => self.transaction_status(transaction_id, *status_detail, e.created),
            EventKind::FileTransmitted { carrier_id } => self.file_transmitted(carrier_id, e.created),
            EventKind::SnapshotCanceled => self.canceled(),
            EventKind::SnapshotReplaced { .. } => self.replaced(),
        };
        match outcome {
            Ok(()) => self.derive(),
            Err((reason, message)) => self.reject(e, reason, &message),
        }
    }

    fn transaction_status(
        &mut self,
        id: &str,
        step: StatusDetailKind,
        at: Timestamp,
    ) -> Result<(), (&'static str, String)> {
        let Some(k) = self.transactions.iter().position(|t| t.transaction.id == id) else {
            return Err((
                "unknown_transaction",
                format!("no transaction {id} in this snapshot"),
            ));
        };
        let carrier = self
            .transactions
            .get(k)
            .map(|t| t.transaction.carrier_id.clone())
            .unwrap_or_default();
        if self.status == SnapshotStatus::Canceled {
            return Err((
                "snapshot_canceled",
                "the snapshot was canceled before this event".into(),
            ));
        }
        if self.carrier_status(&carrier) == Some(FulfillmentStatus::Replaced) {
            return Err((
                "carrier_replaced",
                "a newer snapshot replaced these changes before this event".into(),
            ));
        }
        let Some(t) = self.transactions.get_mut(k) else {
            return Err((
                "unknown_transaction",
                format!("no transaction {id} in this snapshot"),
            ));
        };
        if t.status_details.iter().any(|s| s.status_detail == step) {
            return Err((
                "repeated_status",
                format!("the transaction already entered {}", step.as_str()),
            ));
        }
        if let Some(latest) = t.latest_status.as_ref().filter(|l| l.status_detail > step) {
            let msg = format!(
                "{} after {} would move the status backwards",
                step.as_str(),
                latest.status_detail.as_str()
            );
            return Err(("status_backwards", msg));
        }
        if step == StatusDetailKind::NoyoVerified {
            if !t
                .status_details
                .iter()
                .any(|s| s.status_detail == StatusDetailKind::CarrierCompleted)
            {
                return Err((
                    "verified_before_completed",
                    "only a completed transaction can be verified".into(),
                ));
            }
            t.verify(at);
        }
        let detail = StatusDetail {
            status_detail: step,
            event_created: at,
        };
        t.status_details.push(detail.clone());
        t.latest_status = Some(detail);
        Ok(())
    }

    fn file_transmitted(&mut self, carrier_id: &str, at: Timestamp) -> Result<(), (&'static str, String)> {
        if self.status == SnapshotStatus::Canceled {
            return Err((
                "snapshot_canceled",
                "the snapshot was canceled before this event".into(),
            ));
        }
        let Some(c) = self.carriers.iter_mut().find(|c| c.carrier_id == carrier_id) else {
            return Err((
                "unknown_carrier",
                format!("no carrier {carrier_id} in this snapshot"),
            ));
        };
        match c.status {
            FulfillmentStatus::Scheduled => {
                c.status = FulfillmentStatus::Sent;
                c.sent = Some(at);
                c.next_transmission = None;
                Ok(())
            }
            FulfillmentStatus::Sent => {
                Err(("already_sent", "the carrier's changes were already sent".into()))
            }
            other => Err((
                "not_scheduled",
                format!(
                    "the carrier is {}, not a scheduled Send carrier",
                    status_name(other)
                ),
            )),
        }
    }

    fn any_sent(&self) -> bool {
        self.carriers.iter().any(|c| c.status == FulfillmentStatus::Sent)
    }

    fn canceled(&mut self) -> Result<(), (&'static str, String)> {
        match self.status {
            SnapshotStatus::Canceled | SnapshotStatus::Replaced | SnapshotStatus::Completed => Err((
                "snapshot_final",
                format!("the snapshot is already {}", snapshot_name(self.status)),
            )),
            _ if self.any_sent() => Err(("already_sent", "changes were already sent to a carrier".into())),
            _ => {
                self.status = SnapshotStatus::Canceled;
                Ok(())
            }
        }
    }

    fn replaced(&mut self) -> Result<(), (&'static str, String)> {
        if matches!(
            self.status,
            SnapshotStatus::Canceled | SnapshotStatus::Replaced | SnapshotStatus::Completed
        ) {
            let msg = format!(
                "only a processing snapshot can be replaced; it is {}",
                snapshot_name(self.status)
            );
            return Err(("snapshot_final", msg));
        }
        self.status = SnapshotStatus::Replaced;
        for c in &mut self.carriers {
            if matches!(
                c.status,
                FulfillmentStatus::Processing | FulfillmentStatus::Scheduled
            ) {
                c.status = FulfillmentStatus::Replaced;
                c.next_transmission = None;
            }
        }
        Ok(())
    }

    /// Carrier and snapshot statuses from the transactions (seed 002): a
    /// Sync carrier is `sent` once the carrier accepted all its transactions;
    /// the snapshot is `completed` once every Sync transaction is completed and
    /// every Send carrier's file is sent. Final statuses never change.
    fn derive(&mut self) {
        let reached = |t: &TransactionState, step: StatusDetailKind| {
            t.status_details
                .iter()
                .filter(|s| s.status_detail >= step)
                .map(|s| s.event_created)
                .min()
        };
        for c in &mut self.carriers {
            if c.status != FulfillmentStatus::Processing {
                continue;
            }
            let mine: Vec<&TransactionState> = self
                .transactions
                .iter()
                .filter(|t| t.transaction.carrier_id == c.carrier_id)
                .collect();
            let accepted: Vec<Option<Timestamp>> = mine
                .iter()
                .map(|t| reached(t, StatusDetailKind::CarrierAccepted))
                .collect();
            if !mine.is_empty() && accepted.iter().all(Option::is_some) {
                c.status = FulfillmentStatus::Sent;
                c.sent = accepted.into_iter().flatten().max();
            }
        }
        if self.status != SnapshotStatus::Processing {
            return;
        }
        let done = self.transactions.iter().all(|t| {
            let carrier = &t.transaction.carrier_id;
            if self.send_carriers.contains(carrier) {
                self.carrier_status(carrier) == Some(FulfillmentStatus::Sent)
            } else {
                reached(t, StatusDetailKind::CarrierCompleted).is_some()
            }
        });
        if done {
            self.status = SnapshotStatus::Completed;
        }
    }

    /// Completed, unverified transactions past the later of their expected
    /// verification date and their completion (a transaction completed after
    /// its date, or without one, is due on completion) plus the grace days.
    fn mark_overdue(&mut self, opts: &FoldOptions) {
        let Some(today) = opts.now.date() else { return };
        for t in &mut self.transactions {
            let completed = t
                .status_details
                .iter()
                .find(|s| s.status_detail == StatusDetailKind::CarrierCompleted)
                .and_then(|s| s.event_created.date());
            let due = completed.map(|c| t.transaction.expected_verification_date.map_or(c, |e| e.max(c)));
            let late = due
                .and_then(|d| d.plus_days(opts.verification_grace_days))
                .is_some_and(|d| today > d);
            t.overdue_verification = t.verified.is_none() && late;
        }
    }
}

fn status_name(s: FulfillmentStatus) -> String {
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn snapshot_name(s: SnapshotStatus) -> String {
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
