//! The per-carrier fulfillment summary and the snapshot status (seed 002),
//! and Send-carrier schedules.
//!
//! `preview` is the state right after submission; the lifecycle after it
//! (sent, completed, replaced, verified) folds status events onto this state.

pub mod acknowledge;
pub mod codes;
pub mod fold;
pub mod lifecycle;
pub mod schedule;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::diff::{DiffResult, MemberTransaction};
use crate::model::rrule::RRule;
use crate::model::{Carrier, CarrierMode, Date, GroupConfig, Timestamp};
use crate::validate::{Issue, Severity};

/// One carrier's fulfillment status (seed 002's table, and `canceled`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
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
    /// The snapshot was canceled before these changes were sent (terminal;
    /// seed 002 has no word for it: its snapshot status `canceled` says "no
    /// changes have been sent").
    Canceled,
}

impl FulfillmentStatus {
    pub const ALL: &'static [&'static str] = &[
        "processing",
        "sent",
        "invalid",
        "scheduled",
        "no_changes",
        "replaced",
        "canceled",
    ];
    const VARIANTS: [FulfillmentStatus; 7] = [
        FulfillmentStatus::Processing,
        FulfillmentStatus::Sent,
        FulfillmentStatus::Invalid,
        FulfillmentStatus::Scheduled,
        FulfillmentStatus::NoChanges,
        FulfillmentStatus::Replaced,
        FulfillmentStatus::Canceled,
    ];

    #[allow(clippy::should_implement_trait)]
    pub fn parse(s: &str) -> Option<Self> {
        Self::VARIANTS.into_iter().find(|v| v.as_str() == s)
    }

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            FulfillmentStatus::Processing => "processing",
            FulfillmentStatus::Sent => "sent",
            FulfillmentStatus::Invalid => "invalid",
            FulfillmentStatus::Scheduled => "scheduled",
            FulfillmentStatus::NoChanges => "no_changes",
            FulfillmentStatus::Replaced => "replaced",
            FulfillmentStatus::Canceled => "canceled",
        }
    }

    /// Changes still on their way (`processing` or `scheduled`).
    pub fn in_flight(self) -> bool {
        matches!(self, FulfillmentStatus::Processing | FulfillmentStatus::Scheduled)
    }
}

/// The snapshot's overall status (seed 002).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum SnapshotStatus {
    Submitted,
    Processing,
    Completed,
    Canceled,
    Replaced,
}

impl SnapshotStatus {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            SnapshotStatus::Submitted => "submitted",
            SnapshotStatus::Processing => "processing",
            SnapshotStatus::Completed => "completed",
            SnapshotStatus::Canceled => "canceled",
            SnapshotStatus::Replaced => "replaced",
        }
    }

    /// `completed`, `canceled` and `replaced` never change again.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            SnapshotStatus::Completed | SnapshotStatus::Canceled | SnapshotStatus::Replaced
        )
    }
}

/// A Send carrier's file schedule, carried in its summary so the lifecycle
/// can recompute `next_transmission` without the configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FeedSchedule {
    pub rrule: String,
    pub dtstart: Option<Date>,
}

impl FeedSchedule {
    /// The first run strictly after `now` (`None`: the rule has ended).
    pub fn next_after(&self, now: Timestamp) -> Option<Timestamp> {
        let rule = RRule::parse(&self.rrule).ok()?;
        schedule::next_after(&rule, self.dtstart, now)
    }
}

/// One carrier's summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CarrierFulfillment {
    pub carrier_id: String,
    pub status: FulfillmentStatus,
    /// Fatal and error issues that block this carrier, each with
    /// `carrier_ids` = this carrier alone (the preview's `issues` list every
    /// carrier an issue blocks).
    pub errors: Vec<Issue>,
    /// Warnings and info located in this carrier's data.
    pub warnings: Vec<Issue>,
    /// When the changes were sent (set by the lifecycle, after preview).
    pub sent: Option<Timestamp>,
    /// Send carriers with changes: the feed's next run after `now`.
    pub next_transmission: Option<Timestamp>,
    /// Send carriers: the feed (`null` for Sync carriers).
    #[serde(default)]
    pub feed: Option<FeedSchedule>,
}

/// A copy of an issue that names only `carrier` (its other carriers are not copied).
fn blocking(issue: &Issue, carrier: &str) -> Issue {
    Issue {
        code: issue.code.clone(),
        severity: issue.severity,
        path: issue.path.clone(),
        message: issue.message.clone(),
        params: issue.params.clone(),
        carrier_ids: vec![carrier.to_owned()],
        line_of_coverage: issue.line_of_coverage,
    }
}

/// The configuration's carriers by id (the first of a duplicated id, as
/// `GroupConfig::carrier` finds it).
fn carriers_by_id(config: &GroupConfig) -> BTreeMap<&str, (usize, &Carrier)> {
    let mut by_id = BTreeMap::new();
    for (k, c) in config.carriers.iter().enumerate() {
        by_id.entry(c.id.as_str()).or_insert((k, c));
    }
    by_id
}

/// The feed of a Send carrier.
fn send_feed(carrier: Option<&(usize, &Carrier)>) -> Option<FeedSchedule> {
    let (_, c) = carrier.filter(|(_, c)| c.mode() == CarrierMode::Send)?;
    c.feed.as_ref().map(|f| FeedSchedule {
        rrule: f.rrule.clone(),
        dtstart: f.dtstart,
    })
}

/// The `feed_schedule_ended` issue of a Send carrier whose feed has no run
/// after `now`; `config` (the k-th carrier, its name) when known: the
/// lifecycle has no configuration and names the carrier by id.
pub(crate) fn feed_ended(carrier: &str, config: Option<(usize, &Carrier)>, now: Timestamp) -> Issue {
    let label = config.and_then(|(_, c)| c.name.as_deref()).unwrap_or(carrier);
    let params = serde_json::json!({
        "carrier": label,
        "carrier_id": carrier,
        "now": now.to_string(),
        "config_path": config.map(|(k, _)| format!("/carriers/{k}/feed/rrule")),
    });
    let mut issue = crate::validate::make_issue_at(codes::FEED_SCHEDULE_ENDED, "", params);
    issue.carrier_ids = vec![carrier.to_owned()];
    issue
}

/// Send carriers with changes whose feed will not run again after `now`:
/// their changes cannot be sent, which is the configuration's problem.
pub fn feed_issues(
    config: &GroupConfig,
    carriers: &[String],
    diff: &DiffResult,
    now: Timestamp,
) -> Vec<Issue> {
    let changed: BTreeSet<&str> = diff.differences.iter().map(|d| d.carrier_id.as_str()).collect();
    let by_id = carriers_by_id(config);
    carriers
        .iter()
        .filter(|c| changed.contains(c.as_str()))
        .filter(|c| send_feed(by_id.get(c.as_str())).is_some_and(|f| f.next_after(now).is_none()))
        .map(|c| feed_ended(c, by_id.get(c.as_str()).copied(), now))
        .collect()
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
    // Each issue once, into the buckets of the carriers it blocks or concerns.
    let mut errors: BTreeMap<&str, Vec<Issue>> = BTreeMap::new();
    let mut warnings: BTreeMap<String, Vec<Issue>> = BTreeMap::new();
    for issue in issues {
        if issue.severity.blocks() {
            let mut ids: Vec<&str> = issue.carrier_ids.iter().map(String::as_str).collect();
            ids.sort_unstable();
            ids.dedup();
            // Each copy names its carrier alone (`issues` list them all):
            // every carrier's copy listing every carrier made the summary grow
            // with the square of the carriers.
            for id in ids {
                errors.entry(id).or_default().push(blocking(issue, id));
            }
        } else if matches!(issue.severity, Severity::Warning | Severity::Info) {
            let mut ids = reach(issue);
            ids.sort_unstable();
            ids.dedup();
            for id in ids {
                warnings.entry(id).or_default().push(issue.clone());
            }
        }
    }
    let changed: BTreeSet<&str> = diff.differences.iter().map(|d| d.carrier_id.as_str()).collect();
    let by_id = carriers_by_id(config);
    carriers
        .iter()
        .map(|carrier| {
            let errors = errors.remove(carrier.as_str()).unwrap_or_default();
            let feed = send_feed(by_id.get(carrier.as_str()));
            let (status, next_transmission) = if !errors.is_empty() {
                (FulfillmentStatus::Invalid, None)
            } else if !changed.contains(carrier.as_str()) {
                (FulfillmentStatus::NoChanges, None)
            } else if let Some(feed) = &feed {
                (FulfillmentStatus::Scheduled, feed.next_after(now))
            } else {
                (FulfillmentStatus::Processing, None)
            };
            CarrierFulfillment {
                carrier_id: carrier.clone(),
                status,
                errors,
                warnings: warnings.remove(carrier).unwrap_or_default(),
                sent: None,
                next_transmission,
                feed,
            }
        })
        .collect()
}

/// The snapshot's status right after submission: `processing` while it has
/// any transaction, to be fulfilled or blocked (a snapshot with an invalid
/// carrier stays `processing`, requiring action, until replaced or
/// canceled: seed 001, "a snapshot will not reach complete until all of the
/// component transactions are complete"); `submitted` (validated, and going
/// nowhere) when none could be identified but a carrier is invalid (a fatal
/// issue: nothing was compared); `completed` when there was nothing to do.
pub fn initial_status(transactions: &[MemberTransaction], summary: &[CarrierFulfillment]) -> SnapshotStatus {
    if !transactions.is_empty() {
        SnapshotStatus::Processing
    } else if summary.iter().any(|c| c.status == FulfillmentStatus::Invalid) {
        SnapshotStatus::Submitted
    } else {
        SnapshotStatus::Completed
    }
}
