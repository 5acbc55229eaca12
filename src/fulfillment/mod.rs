//! The per-carrier fulfillment summary and the snapshot status (source S2),
//! and Send-carrier schedules.
//!
//! `preview` is the state right after submission; the lifecycle after it
//! (sent, completed, replaced, verified) folds status events onto this state.

pub mod acknowledge;
pub use crate::diagnostic::codes::fulfillment as codes;
pub mod fold;
pub mod lifecycle;
pub mod schedule;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::diagnostic::pointer::pointer;
use crate::diagnostic::{Issue, Severity};
use crate::diff::DiffResult;
use crate::model::enums::string_enum;
use crate::model::rrule::RRule;
use crate::model::{Carrier, CarrierMode, Date, Feed, Timestamp};

string_enum!(
    /// One carrier's fulfillment status (source S2's table, and `canceled`).
    FulfillmentStatus {
        /// Sync carrier with changes being queued and sent.
        Processing = "processing",
        /// All changes sent (terminal).
        Sent = "sent",
        /// Blocking issues for this carrier (terminal): `errors` says which.
        Invalid = "invalid",
        /// Send carrier: changes queued for `next_transmission`.
        Scheduled = "scheduled",
        /// Nothing to send to this carrier.
        NoChanges = "no_changes",
        /// Overridden by a newer snapshot (terminal).
        Replaced = "replaced",
        /// The snapshot was canceled before these changes were sent (terminal;
        /// source S2 has no word for it: its snapshot status `canceled` says "no
        /// changes have been sent").
        Canceled = "canceled",
    }
);

impl FulfillmentStatus {
    /// Changes still on their way (`processing` or `scheduled`).
    pub fn in_flight(self) -> bool {
        matches!(self, FulfillmentStatus::Processing | FulfillmentStatus::Scheduled)
    }
}

string_enum!(
    /// The snapshot's overall status (source S2).
    SnapshotStatus {
        Submitted = "submitted",
        Processing = "processing",
        Completed = "completed",
        Canceled = "canceled",
        Replaced = "replaced",
    }
);

impl SnapshotStatus {
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

    /// The feed's last run was more than a day before `at`: a file dated
    /// then is no run's (a file goes out within a day of its run; one
    /// exactly a day after it is still its).
    pub fn ended_a_day_before(&self, at: Timestamp) -> bool {
        // `next_after` is strictly after: from one second earlier, a run
        // exactly a day before `at` counts. Within the first day of year 0
        // no run can be a day before.
        let Some(day_before) = Timestamp::from_unix_seconds(at.unix_seconds() - 86_401) else {
            return false;
        };
        self.next_after(day_before).is_none()
    }

    /// The run whose file a scheduled carrier awaits at `now`: the first
    /// run strictly after `now`; past the feed's last run, that run for a
    /// day after it (exactly a day is within, as in `ended_a_day_before`),
    /// since its file may still be logged. `None`: the feed ended more than
    /// a day before `now`. The search starts a day back: a feed that never
    /// fires costs one search, as `next_after` does; the last run is found
    /// by bisecting the seconds of that day, the first with no run after it
    /// (17 steps, however many runs a day has).
    pub fn awaited_run(&self, now: Timestamp) -> Option<Timestamp> {
        let rule = RRule::parse(&self.rrule).ok()?;
        let day = now.date()?;
        let next = |second: i64| schedule::next_after(&rule, self.dtstart, Timestamp::at(day, second));
        let mut none_after = now.unix_seconds().rem_euclid(86_400);
        let mut some_after = none_after - 86_401;
        // With no run in the day before `now`, the first after a day back is the first after `now`.
        let first = next(some_after)?;
        if first > now {
            return Some(first);
        }
        if let Some(run) = next(none_after) {
            return Some(run);
        }
        while none_after - some_after > 1 {
            let mid = some_after + (none_after - some_after) / 2;
            if next(mid).is_some() {
                some_after = mid;
            } else {
                none_after = mid;
            }
        }
        Some(Timestamp::at(day, none_after))
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
    /// Send carriers with changes: the feed's next run after `now`; a fold
    /// past the feed's last run keeps that run for the day its file may
    /// still be logged (`FeedSchedule::awaited_run`; docs/api.md, Lifecycle).
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

/// What fulfillment reads of each carrier of a preview, in its `carriers`
/// order: its configuration, whether the diff has changes for it, and for
/// a Send carrier with changes its feed's next run after `now`. Found once
/// for `feed_issues` and `summarize` (each found them on its own: a
/// keystroke's Send carriers had their next run computed twice).
pub struct Routes<'c> {
    routes: Vec<Route<'c>>,
    now: Timestamp,
}

struct Route<'c> {
    /// The carrier in the configuration and its position, if it is there.
    at: Option<(usize, &'c Carrier)>,
    changed: bool,
    /// A Send carrier's feed (`Some` for one with a feed), and its next run
    /// after `now` when it has changes.
    feed: Option<(&'c Feed, Option<Timestamp>)>,
}

impl<'c> Routes<'c> {
    /// The routes of `carriers` for `diff`'s differences.
    pub fn of(config: &'c Config, carriers: &[String], diff: &DiffResult, now: Timestamp) -> Routes<'c> {
        // Inserted, not collected: `collect` compiles a sort of its own (src/sort.rs).
        let mut changed: BTreeSet<&str> = BTreeSet::new();
        changed.extend(diff.differences.iter().map(|d| d.carrier_id.as_str()));
        let routes = carriers
            .iter()
            .map(|id| {
                let at = config.carrier(id);
                let changed = changed.contains(id.as_str());
                let feed = at
                    .filter(|(_, c)| c.mode() == CarrierMode::Send)
                    .and_then(|(k, c)| Some((k, c.feed.as_ref()?)))
                    .map(|(k, f)| (f, changed.then(|| next_run(config, k, f, now)).flatten()));
                Route { at, changed, feed }
            })
            .collect();
        Routes { routes, now }
    }
}

/// The first run after `now` of the k-th carrier's `feed`, from its rule as
/// the configuration's check parsed it (`FeedSchedule::next_after` without
/// parsing again; `None`: no run, or no rule that parses).
fn next_run(config: &Config, k: usize, feed: &Feed, now: Timestamp) -> Option<Timestamp> {
    let rule = config.feeds.get(k)?.as_ref()?;
    schedule::next_after(rule, feed.dtstart, now)
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
        "config_path": config.map(|(k, _)| pointer!["carriers", k, "feed", "rrule"]),
    });
    let mut issue = crate::diagnostic::make_issue_at(codes::FEED_SCHEDULE_ENDED, "", params);
    issue.carrier_ids = vec![carrier.to_owned()];
    issue
}

/// Send carriers with changes whose feed will not run again after `now`:
/// their changes cannot be sent, which is the configuration's problem.
pub fn feed_issues(routes: &Routes, carriers: &[String]) -> Vec<Issue> {
    carriers
        .iter()
        .zip(&routes.routes)
        .filter(|(_, r)| r.changed && r.feed.is_some_and(|(_, next)| next.is_none()))
        .map(|(c, r)| feed_ended(c, r.at, routes.now))
        .collect()
}

/// The summary of every carrier, in `carriers` order (the order `routes`
/// were found in).
///
/// `reach(issue)` gives the carriers an issue concerns (for warnings, whose
/// `carrier_ids` are empty because they block nothing). Each warning is
/// copied to every carrier it reaches: `preview` caps its issues weighing
/// those carriers (docs/api.md, Limits), so the copies are at most 20,000
/// and a `too_many_issues` a carrier.
pub fn summarize(
    routes: &Routes,
    carriers: &[String],
    issues: &[Issue],
    reach: impl Fn(&Issue) -> Vec<String>,
) -> Vec<CarrierFulfillment> {
    // Each issue once, into the buckets of the carriers it blocks or concerns.
    let mut errors: BTreeMap<&str, Vec<Issue>> = BTreeMap::new();
    let mut warnings: BTreeMap<String, Vec<Issue>> = BTreeMap::new();
    for issue in issues {
        if issue.severity.blocks() {
            let mut ids: Vec<&str> = issue.carrier_ids.iter().map(String::as_str).collect();
            crate::sort::sort(&mut ids);
            ids.dedup();
            // Each copy names its carrier alone (`issues` list them all):
            // every carrier's copy listing every carrier made the summary grow
            // with the square of the carriers.
            for id in ids {
                errors.entry(id).or_default().push(blocking(issue, id));
            }
        } else if matches!(issue.severity, Severity::Warning | Severity::Info) {
            let mut ids = reach(issue);
            crate::sort::sort(&mut ids);
            ids.dedup();
            for id in ids {
                warnings.entry(id).or_default().push(issue.clone());
            }
        }
    }
    carriers
        .iter()
        .zip(&routes.routes)
        .map(|(carrier, route)| {
            let errors = errors.remove(carrier.as_str()).unwrap_or_default();
            let (status, next_transmission) = if !errors.is_empty() {
                (FulfillmentStatus::Invalid, None)
            } else if !route.changed {
                (FulfillmentStatus::NoChanges, None)
            } else if let Some((_, next)) = route.feed {
                (FulfillmentStatus::Scheduled, next)
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
                feed: route.feed.map(|(f, _)| FeedSchedule {
                    rrule: f.rrule.clone(),
                    dtstart: f.dtstart,
                }),
            }
        })
        .collect()
}

/// The snapshot's status right after submission (`changes`: it has a
/// difference, so a transaction): `processing` while it has
/// any transaction, to be fulfilled or blocked (a snapshot with an invalid
/// carrier stays `processing`, requiring action, until replaced or
/// canceled: source S1, "a snapshot will not reach complete until all of the
/// component transactions are complete"); `submitted` (validated, and going
/// nowhere) when none could be identified but a carrier is invalid (a fatal
/// issue: nothing was compared); `completed` when there was nothing to do.
pub fn initial_status(changes: bool, summary: &[CarrierFulfillment]) -> SnapshotStatus {
    if changes {
        SnapshotStatus::Processing
    } else if summary.iter().any(|c| c.status == FulfillmentStatus::Invalid) {
        SnapshotStatus::Submitted
    } else {
        SnapshotStatus::Completed
    }
}
