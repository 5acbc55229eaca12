//! The per-carrier fulfillment summary and the snapshot status (seed 002),
//! and Send-carrier schedules.
//!
//! `preview` is the state right after submission; the lifecycle after it
//! (sent, completed, replaced, verified) folds status events onto this state.

pub mod fold;
pub mod lifecycle;
pub mod schedule;

use serde::{Deserialize, Serialize};

use crate::diff::{DiffResult, MemberTransaction};
use crate::model::{CarrierMode, GroupConfig, Timestamp};
use crate::validate::{Issue, Severity};

/// One carrier's fulfillment status (seed 002's table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FulfillmentStatus {
    /// Sync carrier with changes being queued and sent.
    Processing,
    /// All changes sent (terminal).
    Sent,
    /// Blocking issues for this carrier (terminal): `errors` says which.
    Invalid,
    /// Send carrier: changes queued for `next_transmission`.
    Scheduled,
    /// Nothing to send to this carrier.
    NoChanges,
    /// Overridden by a newer snapshot (terminal).
    Replaced,
}

/// The snapshot's overall status (seed 002).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SnapshotStatus {
    Submitted,
    Processing,
    Completed,
    Canceled,
    Replaced,
}

/// One carrier's summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CarrierFulfillment {
    pub carrier_id: String,
    pub status: FulfillmentStatus,
    /// Fatal and error issues that block this carrier.
    pub errors: Vec<Issue>,
    /// Warnings and info located in this carrier's data.
    pub warnings: Vec<Issue>,
    /// When the changes were sent (set by the lifecycle, after preview).
    pub sent: Option<Timestamp>,
    /// Send carriers with changes: the feed's next run after `now`.
    pub next_transmission: Option<Timestamp>,
}

/// The summary of every carrier, in `carriers` order.
///
/// `reach(issue)` gives the carriers an issue concerns (for warnings, whose
/// `carrier_ids` are empty because they block nothing).
pub fn summarize(
    config: &GroupConfig,
    carriers: &[String],
    issues: &[Issue],
    diff: &DiffResult,
    now: Timestamp,
    reach: impl Fn(&Issue) -> Vec<String>,
) -> Vec<CarrierFulfillment> {
    carriers
        .iter()
        .map(|carrier| {
            let errors: Vec<Issue> = issues
                .iter()
                .filter(|i| i.severity.blocks() && i.carrier_ids.contains(carrier))
                .cloned()
                .collect();
            let warnings: Vec<Issue> = issues
                .iter()
                .filter(|i| {
                    matches!(i.severity, Severity::Warning | Severity::Info) && reach(i).contains(carrier)
                })
                .cloned()
                .collect();
            let has_changes = diff.differences.iter().any(|d| &d.carrier_id == carrier);
            let feed = config
                .carrier(carrier)
                .filter(|c| c.mode() == CarrierMode::Send)
                .and_then(|c| c.feed.as_ref());
            let (status, next_transmission) = if !errors.is_empty() {
                (FulfillmentStatus::Invalid, None)
            } else if !has_changes {
                (FulfillmentStatus::NoChanges, None)
            } else if let Some(feed) = feed {
                let next = crate::model::rrule::RRule::parse(&feed.rrule)
                    .ok()
                    .and_then(|r| schedule::next_after(&r, feed.dtstart, now));
                (FulfillmentStatus::Scheduled, next)
            } else {
                (FulfillmentStatus::Processing, None)
            };
            CarrierFulfillment {
                carrier_id: carrier.clone(),
                status,
                errors,
                warnings,
                sent: None,
                next_transmission,
            }
        })
        .collect()
}

/// The snapshot's status right after submission: `processing` while any
/// transaction is to be fulfilled; `submitted` (validated, and going nowhere)
/// when none is but a carrier is invalid — it needs a corrected snapshot;
/// `completed` when there was nothing to do.
pub fn initial_status(transactions: &[MemberTransaction], summary: &[CarrierFulfillment]) -> SnapshotStatus {
    if !transactions.is_empty() {
        SnapshotStatus::Processing
    } else if summary.iter().any(|c| c.status == FulfillmentStatus::Invalid) {
        SnapshotStatus::Submitted
    } else {
        SnapshotStatus::Completed
    }
}
