//! The per-carrier fulfillment summary and the snapshot status (seed 002),
//! and Send-carrier schedules.
//!
//! `preview` is the state right after submission; the lifecycle after it
//! (sent, completed, replaced, verified) folds status events onto this state.

pub mod fold;
pub mod lifecycle;
pub mod schedule;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::diff::{DiffResult, MemberTransaction};
use crate::model::{Carrier, CarrierMode, GroupConfig, Timestamp};
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
    // One pass over the issues and the differences, sorted out by carrier,
    // rather than one pass per carrier.
    let mut index: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (k, c) in carriers.iter().enumerate() {
        index.entry(c.as_str()).or_default().push(k);
    }
    let mut errors: Vec<Vec<&Issue>> = vec![Vec::new(); carriers.len()];
    let mut warnings: Vec<Vec<&Issue>> = vec![Vec::new(); carriers.len()];
    for issue in issues {
        let (list, at) = if issue.severity.blocks() {
            (&mut errors, positions(&index, &issue.carrier_ids))
        } else if matches!(issue.severity, Severity::Warning | Severity::Info) {
            (&mut warnings, positions(&index, &reach(issue)))
        } else {
            continue;
        };
        for k in at {
            if let Some(l) = list.get_mut(k) {
                l.push(issue);
            }
        }
    }
    let changed: BTreeSet<&str> = diff.differences.iter().map(|d| d.carrier_id.as_str()).collect();
    let configured = config_carriers(config);
    let lists = errors.into_iter().zip(warnings);
    carriers
        .iter()
        .zip(lists)
        .map(|(carrier, (errors, warnings))| {
            let errors: Vec<Issue> = errors.into_iter().cloned().collect();
            let warnings: Vec<Issue> = warnings.into_iter().cloned().collect();
            let has_changes = changed.contains(carrier.as_str());
            let feed = configured
                .get(carrier.as_str())
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

/// The places in `carriers` of the carriers an issue concerns, each once
/// and in order (where `concerned.contains(carrier)`).
fn positions(index: &BTreeMap<&str, Vec<usize>>, concerned: &[String]) -> Vec<usize> {
    let mut at: Vec<usize> = concerned
        .iter()
        .filter_map(|c| index.get(c.as_str()))
        .flatten()
        .copied()
        .collect();
    at.sort_unstable();
    at.dedup();
    at
}

/// The configuration's carriers by id (the first of each id, as
/// `GroupConfig::carrier` finds it).
fn config_carriers(config: &GroupConfig) -> BTreeMap<&str, &Carrier> {
    config.carriers.iter().rev().map(|c| (c.id.as_str(), c)).collect()
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
