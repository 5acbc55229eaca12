//! After submission: status events folded onto the state `preview` produced
//! (sources S1, S2). The state keeps its starting point and every event it
//! has seen, and each fold replays all of them in a canonical order (by
//! `created`, then by status rank, then by id). So the result is a function of
//! the *set* of events: duplicates and arrival order cannot change it, and no
//! status ever moves backwards. Events and ids are compared as the output
//! shows them (SSN-shaped text masked): events that show alike are one
//! event, and an id holding an SSN names no conflict (`id_masks`;
//! docs/api.md, Privacy › Equality).
//!
//! Events (JSON, `type`-tagged):
//! - `transaction_status` {transaction_id, status_detail}: noyo_accepted →
//!   carrier_accepted → carrier_processing → carrier_completed → noyo_verified
//!   (at a Send carrier, past noyo_accepted only once its file went out);
//! - `file_transmitted` {carrier_id}: a Send carrier's file went out, which
//!   completes its transactions;
//! - `carrier_rejected` {carrier_id, errors}: the carrier found errors after
//!   submission (source S2: errors that "begin in processing and move to
//!   `invalid` when the error is detected");
//! - `snapshot_canceled`; `snapshot_replaced` {by_snapshot_id?}: a newer
//!   snapshot for the same employee arrived.
//!
//! An event that cannot apply is not applied; it is listed in
//! `rejected_events` with the reason (docs/api.md lists them). So is one
//! dated before the preview's `now` (`before_preview`) or after the fold's
//! (`after_now`: kept, and applied by a fold whose `now` reaches it).
//!
//! A state is passed back in, so what it keeps is bounded: a carrier keeps
//! at most 1000 errors (the rest counted in a `too_many_issues`), and
//! `foldStatus` keeps new events only while their weight
//! ([`StatusEvent::weight`]) stays within [`MAX_EVENT_BYTES`]
//! (`FulfillmentState::admit`), which bounds everything the events add.
//!
//! A replay is near-linear in the events and transactions: transactions and
//! carriers are found by id through maps, and each event updates only the
//! carrier and transaction it names (counters say when all are done).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{acknowledge, CarrierFulfillment, FulfillmentStatus, SnapshotStatus};
use crate::diagnostic::limits::{self, Overflow, MAX_ISSUES};
use crate::diagnostic::Issue;
use crate::diff::{Acknowledgement, MemberTransaction, TransactionType};
use crate::model::enums::string_enum;
use crate::model::Timestamp;
use crate::privacy::scrub;

string_enum!(
    /// A transaction's processing steps, in order (source S1): the derived
    /// order is the declaration order, which `is_complete` relies on.
    StatusDetailKind {
        NoyoAccepted = "noyo_accepted",
        CarrierAccepted = "carrier_accepted",
        CarrierProcessing = "carrier_processing",
        CarrierCompleted = "carrier_completed",
        NoyoVerified = "noyo_verified",
    }
);

impl StatusDetailKind {
    /// The carrier has completed it (`carrier_completed` or later).
    pub fn is_complete(self) -> bool {
        self >= StatusDetailKind::CarrierCompleted
    }
}

/// One step of a transaction's history, with when it was entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct StatusDetail {
    pub status_detail: StatusDetailKind,
    /// When the transaction entered the step, in Unix seconds: an integer,
    /// as Noyo's status details (`StatusDetailResult`) and `verified` have it.
    pub event_created: i64,
}

/// What an event says happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum EventKind {
    TransactionStatus {
        transaction_id: String,
        status_detail: StatusDetailKind,
    },
    FileTransmitted {
        carrier_id: String,
    },
    CarrierRejected {
        carrier_id: String,
        /// The carrier's error messages, as it gave them.
        errors: Vec<String>,
    },
    SnapshotCanceled,
    SnapshotReplaced {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by_snapshot_id: Option<String>,
    },
}

/// A status event from the platform or a carrier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct StatusEvent {
    /// Unique per event: the same id twice is one event.
    pub id: String,
    pub created: Timestamp,
    #[serde(flatten)]
    pub kind: EventKind,
}

impl StatusEvent {
    /// The canonical replay order: time, then the step's rank, then the id
    /// and the event's content *as the output shows them* (masked), then
    /// as written. At one instant a Send carrier's file goes out after Noyo
    /// accepted the transaction and before the carrier can receive (or
    /// verify) anything. Ordering by the written id had let a masked id's
    /// place among planted ids tell its hidden digits; events that differ in
    /// masked digits alone show the same whichever goes first (docs/api.md,
    /// Privacy: order tells nothing). The content is shown as the output
    /// layer shows it, each string masked on its own: the JSON text scrubbed
    /// whole read `["1","219 453 876"]` as a chain of ten digits, left it
    /// unmasked, and ordered (and applied first) by the hidden digits. It is
    /// written out only for events that tie on all the rest (`scrub` of an
    /// id without nine digits borrows it).
    fn replay_order(a: &StatusEvent, b: &StatusEvent) -> std::cmp::Ordering {
        a.time_and_rank()
            .cmp(&b.time_and_rank())
            .then_with(|| scrub(&a.id).cmp(&scrub(&b.id)))
            .then_with(|| {
                a.kind_shown()
                    .cmp(&b.kind_shown())
                    .then_with(|| a.id.cmp(&b.id))
                    .then_with(|| a.kind_text().cmp(&b.kind_text()))
            })
    }

    fn time_and_rank(&self) -> (Timestamp, u8) {
        let rank = match &self.kind {
            EventKind::TransactionStatus { status_detail, .. } => *status_detail as u8 * 2,
            EventKind::FileTransmitted { .. } => 1,
            EventKind::CarrierRejected { .. } => 11,
            EventKind::SnapshotCanceled => 12,
            EventKind::SnapshotReplaced { .. } => 13,
        };
        (self.created, rank)
    }
}

/// Where a transaction stands (the callback's transaction vocabulary, source S0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum TransactionStatus {
    /// On its way: queued, at the carrier, or waiting for a Send carrier's file.
    Processing,
    /// A Sync carrier completed it (`carrier_completed`), or a Send carrier's
    /// file carrying it was sent (source S2).
    Completed,
    /// Its carrier is `invalid`: blocked at submission, rejected by the
    /// carrier, or its feed will not run again.
    Failed,
    /// The snapshot was canceled before it was sent.
    Canceled,
    /// A newer snapshot replaced it before it was sent.
    Replaced,
}

/// A transaction with its history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TransactionState {
    #[serde(flatten)]
    pub transaction: MemberTransaction,
    pub status: TransactionStatus,
    /// When it completed: its `carrier_completed` step (Sync carrier) or its
    /// carrier's file (Send carrier).
    pub completed_at: Option<Timestamp>,
    /// Steps entered, in order.
    pub status_details: Vec<StatusDetail>,
    pub latest_status: Option<StatusDetail>,
    /// Source S1: "the Unix time at which the member transaction was verified"
    /// (`noyo_verified`), in seconds.
    pub verified: Option<i64>,
    /// The same instant in RFC 3339.
    pub verified_at: Option<Timestamp>,
    /// Verified before its expected verification date: source S1's timeline
    /// holds for "most carriers", so the carrier's word is kept and flagged.
    pub verified_early: bool,
    /// Completed, not verified, and past the later of its verification date
    /// and its completion, plus the grace period, at `now`; never without a
    /// verification date.
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
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RejectedEvent {
    pub event_id: String,
    /// Stable code: see docs/api.md (Lifecycle).
    pub reason: String,
    pub message: String,
}

/// Where the lifecycle started: the preview's transactions, summary,
/// acknowledgement and `now`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Baseline {
    pub status: SnapshotStatus,
    pub fulfillment_summary: Vec<CarrierFulfillment>,
    pub transactions: Vec<MemberTransaction>,
    #[serde(default)]
    pub acknowledgement: Acknowledgement,
    /// The preview's `now` (its moment of submission): nothing can happen
    /// to a snapshot before it, so earlier events are `before_preview`.
    /// `null` for a preview or state without it: the check is skipped.
    #[serde(default)]
    pub now: Option<Timestamp>,
}

/// The up-to-date view of a submitted snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FulfillmentState {
    pub status: SnapshotStatus,
    pub fulfillment_summary: Vec<CarrierFulfillment>,
    pub transactions: Vec<TransactionState>,
    /// The preview's reference numbers, each with its current processing state.
    pub acknowledgement: Acknowledgement,
    pub rejected_events: Vec<RejectedEvent>,
    /// The distinct events kept, in replay order: every one seen, up to a
    /// weight of 1 MiB (an event past it is refused as `too_many_events`).
    pub events: Vec<StatusEvent>,
    /// The options of the last fold (its `now`), so a state passed back reads
    /// as it was returned; `null` before the first fold.
    pub folded_with: Option<FoldOptions>,
    pub baseline: Baseline,
}

/// Options of `fold`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "FoldedWith"))]
pub struct FoldOptions {
    /// For overdue verifications and next transmissions; events dated
    /// after it are kept but not applied yet (`after_now`).
    pub now: Timestamp,
    /// Source S1 says verification comes "on or shortly after" the date: days
    /// of grace before a verification counts as overdue (default 7).
    pub verification_grace_days: i64,
}

impl FulfillmentState {
    /// The state right after submission.
    pub fn from_baseline(baseline: Baseline) -> FulfillmentState {
        FulfillmentState::restore(baseline, Vec::new(), None)
    }

    /// A stored state from its inputs: the starting point, the events seen
    /// and the options of its last fold (none: no `now`, so no verification
    /// is overdue and `next_transmission` is the preview's).
    pub fn restore(
        baseline: Baseline,
        events: Vec<StatusEvent>,
        folded_with: Option<FoldOptions>,
    ) -> FulfillmentState {
        let mut state = FulfillmentState {
            status: baseline.status,
            fulfillment_summary: Vec::new(),
            transactions: Vec::new(),
            acknowledgement: Acknowledgement::default(),
            rejected_events: Vec::new(),
            events,
            folded_with,
            baseline,
        };
        state.replay();
        state
    }

    /// Adds `events` to the ones already seen and replays them all at `opts`.
    pub fn fold(mut self, events: &[StatusEvent], opts: &FoldOptions) -> FulfillmentState {
        self.events.extend(events.iter().cloned());
        self.folded_with = Some(*opts);
        self.replay();
        self
    }

    fn replay(&mut self) {
        let mut events = std::mem::take(&mut self.events);
        crate::sort::sort_by(&mut events, StatusEvent::replay_order);
        // Events are compared as shown: as written, the one guess equal to
        // a hidden SSN-bearing event among thousands that show alike was the
        // one dropped as its duplicate, and named the SSN (review 28c #2).
        // The first in replay order is kept, so the result is still a
        // function of the set.
        events.dedup();
        let mut shown: HashSet<String> = HashSet::with_capacity(events.len());
        events.retain(|e| shown.insert(e.shown()));
        let mut run = Run::new(&self.baseline);
        let mut seen: HashSet<&str> = HashSet::with_capacity(events.len());
        for e in &events {
            if !id_masks(&e.id) && !seen.insert(e.id.as_str()) {
                run.reject(
                    e,
                    "conflicting_duplicate",
                    "another event with this id says something else",
                );
                continue;
            }
            match self.out_of_time(e) {
                Some((reason, message)) => run.reject(e, reason, &message),
                None => run.apply(e),
            }
        }
        if let Some(opts) = &self.folded_with {
            run.reschedule(opts.now);
            run.mark_overdue(opts);
        }
        run.settle();
        let mut acknowledgement = self.baseline.acknowledgement.clone();
        acknowledge::update(&mut acknowledgement, &run.carriers);
        self.status = run.status;
        self.fulfillment_summary = run.carriers;
        self.transactions = run.transactions;
        self.acknowledgement = acknowledgement;
        self.rejected_events = run.rejected;
        self.events = events;
    }
}

impl FulfillmentState {
    /// Whether `e` is dated outside the fold's window: before the preview
    /// (the snapshot did not exist yet) or after the fold's `now` (it has not
    /// happened yet as far as this fold knows). The latter is kept and
    /// applied by a fold whose `now` reaches it: each fold replays every
    /// kept event, so the result is still a function of the events and the
    /// options. Either bound is skipped when unknown.
    fn out_of_time(&self, e: &StatusEvent) -> Option<Refusal> {
        if let Some(preview) = self.baseline.now.filter(|p| e.created < *p) {
            return Some((
                "before_preview",
                format!("dated {} before the preview's now ({preview})", e.created),
            ));
        }
        let now = self.folded_with.map(|o| o.now)?;
        (e.created > now).then(|| {
            (
                "after_now",
                format!(
                    "dated {} after the fold's now ({now}): a fold whose now reaches it applies it",
                    e.created
                ),
            )
        })
    }
}

/// What the events a state keeps may weigh at most, in bytes (see
/// [`StatusEvent::weight`]): 1 MiB. Past it `foldStatus` keeps no more new
/// events (`too_many_events`), so that a state it returns stays well below
/// the 4 MiB input limit and can be passed back in (docs/api.md, Limits).
pub const MAX_EVENT_BYTES: usize = 1024 * 1024;

/// What one `carrier_rejected` error's issue weighs at most besides the
/// error's quoted text (twice: message and param) and the carrier id (three
/// times): code, severity, the message's words, the keys, `…`.
const ERROR_ISSUE_BYTES: usize = 256;

/// An upper bound of the JSON bytes of `error` as an issue quotes it: its
/// first 65 characters (64 and `…`), each escaped as JSON may.
fn quoted_bytes(error: &str) -> usize {
    json_bytes(error.chars().take(crate::diagnostic::limits::QUOTE_CHARS + 1))
}

/// An upper bound of the JSON bytes of `chars` in a string.
fn json_bytes(chars: impl Iterator<Item = char>) -> usize {
    chars
        .map(|c| match c {
            '\u{0}'..='\u{1f}' => 6,
            '"' | '\\' => 2,
            c => c.len_utf8(),
        })
        .sum()
}

/// What applying or refusing one event adds to a state at most, besides its
/// own text and its ids: a step of history and the latest step, or a
/// `rejected_events` entry's keys, reason and message words.
const EVENT_EFFECT_BYTES: usize = 256;

impl StatusEvent {
    /// An upper bound of what this event, given as `json` (its JSON as the
    /// state keeps it), adds to a state: itself, its id and the id it names
    /// once more (a `rejected_events` entry quotes them), 256 bytes for the
    /// history step or the refusal's reason and message, and the issues of
    /// its errors (at most [`MAX_ISSUES`] are built; each weighs its quoted
    /// text twice, the carrier id three times and 256 bytes).
    pub fn weight(&self, json: &str) -> usize {
        let errors = match &self.kind {
            EventKind::CarrierRejected { carrier_id, errors } => {
                let each = ERROR_ISSUE_BYTES.saturating_add(json_bytes(carrier_id.chars()).saturating_mul(3));
                errors
                    .iter()
                    .take(MAX_ISSUES)
                    .map(|e| each.saturating_add(quoted_bytes(e).saturating_mul(2)))
                    .fold(0usize, usize::saturating_add)
            }
            _ => 0,
        };
        let named = match &self.kind {
            EventKind::TransactionStatus { transaction_id, .. } => transaction_id.as_str(),
            EventKind::FileTransmitted { carrier_id } | EventKind::CarrierRejected { carrier_id, .. } => {
                carrier_id
            }
            EventKind::SnapshotCanceled | EventKind::SnapshotReplaced { .. } => "",
        };
        json.len()
            .saturating_add(json_bytes(self.id.chars()))
            .saturating_add(json_bytes(named.chars()))
            .saturating_add(EVENT_EFFECT_BYTES)
            .saturating_add(errors)
    }
}

impl FulfillmentState {
    /// Which of `new` (each with its index in the events given) fit the
    /// state's budget of [`MAX_EVENT_BYTES`], in the order given: an event
    /// that shows like one the state already keeps, or like one given
    /// before it, costs nothing (the replay keeps one of them); one that
    /// would pass the budget is refused (returned by index, with its weight
    /// and what the state's events weigh by then), and a smaller one after
    /// it may still fit. `Err(weight)` when the state's own events already
    /// weigh more than the budget: no fold kept them, so the state was not
    /// made by one (a hand-made state of 49,164 events was kept and
    /// returned whole, review 27b #3).
    pub fn admit(&self, new: Vec<(usize, StatusEvent)>) -> Result<(Vec<StatusEvent>, Vec<Refused>), usize> {
        let mut seen: HashSet<String> = HashSet::with_capacity(self.events.len() + new.len());
        let mut used = 0usize;
        for e in &self.events {
            let json = serde_json::to_string(e).unwrap_or_default();
            used = used.saturating_add(e.weight(&json));
            if used > MAX_EVENT_BYTES {
                return Err(used);
            }
            seen.insert(e.shown());
        }
        let mut kept = Vec::with_capacity(new.len());
        let mut refused = Vec::new();
        for (index, e) in new {
            // One that shows like an event kept is one event with it (the
            // replay keeps one of them: `replay`), however it is written.
            let shown = e.shown();
            if seen.contains(&shown) {
                kept.push(e);
                continue;
            }
            let weight = e.weight(&serde_json::to_string(&e).unwrap_or_default());
            if used.saturating_add(weight) > MAX_EVENT_BYTES {
                refused.push(Refused { index, weight, used });
                continue;
            }
            used = used.saturating_add(weight);
            seen.insert(shown);
            kept.push(e);
        }
        Ok((kept, refused))
    }
}

/// An event the state had no room for: its index in the events given, its
/// weight and what the state's events weighed by then (bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    pub index: usize,
    pub weight: usize,
    pub used: usize,
}

impl StatusEvent {
    /// What an event says besides its id and time, as JSON text (a total
    /// order's last tie-breaker).
    fn kind_text(&self) -> String {
        serde_json::to_string(&self.kind).unwrap_or_default()
    }

    /// What an event says besides its id and time as the output shows it
    /// (`privacy::to_string`).
    fn kind_shown(&self) -> String {
        crate::privacy::to_string(&self.kind).unwrap_or_default()
    }

    /// The event as the output shows it: its JSON through the output layer
    /// (`privacy::to_string`), every SSN-shaped string masked.
    fn shown(&self) -> String {
        crate::privacy::to_string(self).unwrap_or_default()
    }
}

/// Whether an event id holds an SSN, or shows one masked (`*****` and its
/// last four digits, as a folded state keeps it): such an id names no
/// conflict. Compared as written, the one guess equal to a hidden SSN id
/// among thousands was the one refused as a conflicting duplicate (review
/// 28c #2); compared as shown, distinct ids such as `100000001` and
/// `100010001` (a partner's sequence numbers) were one id, and real status
/// steps were lost — in one fold, and in every later fold of a state, which
/// keeps ids masked (review 28g #1). Events with such ids are told apart by
/// what they say instead: the same id saying something else is another event.
fn id_masks(id: &str) -> bool {
    id.contains("*****") || scrub(id) != id
}

/// What an event that cannot apply says: a reason code and a message.
type Refusal = (&'static str, String);

/// One replay. Carriers and transactions are found by id through maps, and
/// counters track what is still to be done, so each event costs about the
/// same however many there are.
struct Run {
    status: SnapshotStatus,
    carriers: Vec<CarrierFulfillment>,
    /// Carrier id → index in `carriers`.
    carrier_index: HashMap<String, usize>,
    /// Carriers that go through a scheduled file (scheduled at preview).
    send: Vec<bool>,
    /// Per carrier: its transactions (indexes) and how many the carrier has
    /// not accepted yet.
    carrier_txs: Vec<Vec<usize>>,
    unaccepted: Vec<usize>,
    transactions: Vec<TransactionState>,
    /// Transaction id → index in `transactions`.
    tx_index: HashMap<String, usize>,
    /// Per transaction: its carrier's index (`None`: a carrier the summary lacks).
    tx_carrier: Vec<Option<usize>>,
    /// Per transaction: the carrier accepted it / it is complete.
    accepted: Vec<bool>,
    complete: Vec<bool>,
    /// Transactions not complete yet: the snapshot completes at 0.
    incomplete: usize,
    /// Every transaction complete, and a carrier invalid: the snapshot
    /// stays `processing` whatever comes (`complete_snapshot`).
    stays_processing: bool,
    rejected: Vec<RejectedEvent>,
}

impl Run {
    fn new(b: &Baseline) -> Run {
        let carriers = b.fulfillment_summary.clone();
        let mut carrier_index = HashMap::with_capacity(carriers.len());
        for (k, c) in carriers.iter().enumerate() {
            carrier_index.entry(c.carrier_id.clone()).or_insert(k);
        }
        let mut carrier_txs = vec![Vec::new(); carriers.len()];
        let mut tx_index = HashMap::with_capacity(b.transactions.len());
        let mut tx_carrier = Vec::with_capacity(b.transactions.len());
        for (k, t) in b.transactions.iter().enumerate() {
            tx_index.entry(t.id.clone()).or_insert(k);
            let c = carrier_index.get(&t.carrier_id).copied();
            if let Some(list) = c.and_then(|c| carrier_txs.get_mut(c)) {
                list.push(k);
            }
            tx_carrier.push(c);
        }
        let transactions: Vec<TransactionState> = b
            .transactions
            .iter()
            .map(|t| TransactionState {
                transaction: t.clone(),
                status: TransactionStatus::Processing,
                completed_at: None,
                status_details: Vec::new(),
                latest_status: None,
                verified: None,
                verified_at: None,
                verified_early: false,
                overdue_verification: false,
            })
            .collect();
        Run {
            status: b.status,
            send: carriers
                .iter()
                .map(|c| c.status == FulfillmentStatus::Scheduled)
                .collect(),
            unaccepted: carrier_txs.iter().map(Vec::len).collect(),
            carrier_txs,
            carriers,
            carrier_index,
            accepted: vec![false; transactions.len()],
            complete: vec![false; transactions.len()],
            incomplete: transactions.len(),
            stays_processing: false,
            transactions,
            tx_index,
            tx_carrier,
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

    fn apply(&mut self, e: &StatusEvent) {
        let outcome = match &e.kind {
            EventKind::TransactionStatus {
                transaction_id,
                status_detail,
            } => self.transaction_status(transaction_id, *status_detail, e.created),
            EventKind::FileTransmitted { carrier_id } => self.file_transmitted(carrier_id, e.created),
            EventKind::CarrierRejected { carrier_id, errors } => self.carrier_rejected(carrier_id, errors),
            EventKind::SnapshotCanceled => self.canceled(),
            EventKind::SnapshotReplaced { .. } => self.replaced(),
        };
        match outcome {
            Ok(()) => self.complete_snapshot(),
            Err((reason, message)) => self.reject(e, reason, &message),
        }
    }

    fn canceled_before(&self) -> Result<(), Refusal> {
        if self.status == SnapshotStatus::Canceled {
            return Err((
                "snapshot_canceled",
                "the snapshot was canceled before this event".into(),
            ));
        }
        Ok(())
    }

    fn carrier_of(&self, carrier_id: &str) -> Result<usize, Refusal> {
        self.carrier_index.get(carrier_id).copied().ok_or_else(|| {
            (
                "unknown_carrier",
                format!("no carrier {carrier_id} in this snapshot"),
            )
        })
    }

    fn transaction_status(&mut self, id: &str, step: StatusDetailKind, at: Timestamp) -> Result<(), Refusal> {
        let unknown = || {
            (
                "unknown_transaction",
                format!("no transaction {id} in this snapshot"),
            )
        };
        let k = self.tx_index.get(id).copied().ok_or_else(unknown)?;
        let carrier = self.tx_carrier.get(k).copied().flatten();
        self.canceled_before()?;
        match carrier.and_then(|c| self.carriers.get(c)).map(|c| c.status) {
            Some(FulfillmentStatus::Replaced) => {
                return Err((
                    "carrier_replaced",
                    "a newer snapshot replaced these changes before this event".into(),
                ))
            }
            Some(FulfillmentStatus::Invalid) => {
                return Err((
                    "carrier_invalid",
                    "the transaction's carrier is invalid: its changes were not sent".into(),
                ))
            }
            // A Send carrier receives its changes in the file: before it goes
            // out, the carrier cannot have accepted or completed anything.
            Some(FulfillmentStatus::Scheduled) if step > StatusDetailKind::NoyoAccepted => {
                return Err((
                    "not_transmitted",
                    format!("{} before the Send carrier's file was transmitted", step.as_str()),
                ))
            }
            _ => {}
        }
        let done = self.complete.get(k).copied().unwrap_or(false);
        let t = self.transactions.get_mut(k).ok_or_else(unknown)?;
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
            // Completed: a Sync carrier's `carrier_completed`, or a Send
            // carrier's file (which needs no carrier step).
            if !done {
                return Err((
                    "verified_before_completed",
                    "only a completed transaction can be verified".into(),
                ));
            }
            t.verify(at);
        }
        let detail = StatusDetail {
            status_detail: step,
            event_created: at.unix_seconds(),
        };
        t.status_details.push(detail.clone());
        t.latest_status = Some(detail);
        // Replay runs in time order, so the first step at or past a stage is
        // when the transaction reached it.
        if step >= StatusDetailKind::CarrierAccepted {
            self.carrier_accepted(k, carrier, at);
        }
        let send = carrier.and_then(|c| self.send.get(c)).copied().unwrap_or(false);
        if step.is_complete() && !send {
            self.mark_complete(k, at);
        }
        Ok(())
    }

    /// A Sync carrier is `sent` once it accepted all its transactions (seed
    /// 002), at the last acceptance.
    fn carrier_accepted(&mut self, k: usize, carrier: Option<usize>, at: Timestamp) {
        if self.accepted.get(k).copied().unwrap_or(true) {
            return;
        }
        if let Some(a) = self.accepted.get_mut(k) {
            *a = true;
        }
        let Some(c) = carrier else { return };
        let Some(left) = self.unaccepted.get_mut(c) else {
            return;
        };
        *left = left.saturating_sub(1);
        let all = *left == 0;
        if let Some(c) = self
            .carriers
            .get_mut(c)
            .filter(|c| all && c.status == FulfillmentStatus::Processing)
        {
            c.status = FulfillmentStatus::Sent;
            c.sent = Some(at);
        }
    }

    fn mark_complete(&mut self, k: usize, at: Timestamp) {
        let (Some(done), Some(t)) = (self.complete.get_mut(k), self.transactions.get_mut(k)) else {
            return;
        };
        if !*done {
            *done = true;
            t.completed_at = Some(at);
            // Source S1: a demographic change is verified "immediately after
            // completion": its date, unknown at preview, is now known.
            let tx = &mut t.transaction;
            if tx.transaction_type == TransactionType::DemographicChange {
                tx.expected_verification_date = tx.expected_verification_date.or(at.date());
            }
            self.incomplete = self.incomplete.saturating_sub(1);
        }
    }

    fn file_transmitted(&mut self, carrier_id: &str, at: Timestamp) -> Result<(), Refusal> {
        self.canceled_before()?;
        let k = self.carrier_of(carrier_id)?;
        let Some(c) = self.carriers.get_mut(k) else {
            return Err((
                "unknown_carrier",
                format!("no carrier {carrier_id} in this snapshot"),
            ));
        };
        match c.status {
            // Its feed ended: invalid from then on (`reschedule`), which a
            // file wins over only when it is for a run that did happen
            // (review 30b #1: a file months later flipped `failed` to `completed`).
            FulfillmentStatus::Scheduled if c.feed.as_ref().is_some_and(|f| f.ended_a_day_before(at)) => {
                return Err((
                    "not_scheduled",
                    "the carrier's feed had ended: its last run was more than a day before this file".into(),
                ))
            }
            FulfillmentStatus::Scheduled => {
                c.status = FulfillmentStatus::Sent;
                c.sent = Some(at);
                c.next_transmission = None;
            }
            FulfillmentStatus::Sent => {
                return Err(("already_sent", "the carrier's changes were already sent".into()))
            }
            other => {
                return Err((
                    "not_scheduled",
                    format!("the carrier is {}, not a scheduled Send carrier", other.as_str()),
                ))
            }
        }
        // The file completes the Send carrier's part (source S2: "completed …
        // the file has been sent to the Send carrier").
        for t in self.carrier_txs.get(k).cloned().unwrap_or_default() {
            self.mark_complete(t, at);
        }
        Ok(())
    }

    /// The carrier found errors after submission: a `processing` or
    /// `scheduled` carrier becomes `invalid` (terminal), one
    /// `carrier_rejected` error per message.
    fn carrier_rejected(&mut self, carrier_id: &str, errors: &[String]) -> Result<(), Refusal> {
        self.canceled_before()?;
        let k = self.carrier_of(carrier_id)?;
        let Some(c) = self.carriers.get_mut(k) else {
            return Err((
                "unknown_carrier",
                format!("no carrier {carrier_id} in this snapshot"),
            ));
        };
        if !c.status.in_flight() {
            let msg = format!(
                "the carrier is {}: only a processing or scheduled carrier can be rejected",
                c.status.as_str()
            );
            return Err(("not_in_flight", msg));
        }
        c.status = FulfillmentStatus::Invalid;
        c.next_transmission = None;
        add_rejections(&mut c.errors, carrier_id, errors);
        Ok(())
    }

    fn any_sent(&self) -> bool {
        self.carriers.iter().any(|c| c.status == FulfillmentStatus::Sent)
    }

    fn canceled(&mut self) -> Result<(), Refusal> {
        if self.status.is_final() {
            let msg = format!("the snapshot is already {}", self.status.as_str());
            return Err(("snapshot_final", msg));
        }
        if self.any_sent() {
            return Err(("already_sent", "changes were already sent to a carrier".into()));
        }
        self.status = SnapshotStatus::Canceled;
        self.stop_in_flight(FulfillmentStatus::Canceled);
        Ok(())
    }

    /// Source S2 replaces a snapshot "while in the processing status"; a
    /// `submitted` one (validated, going nowhere) is superseded the same way.
    fn replaced(&mut self) -> Result<(), Refusal> {
        if self.status.is_final() {
            let msg = format!(
                "only a submitted or processing snapshot can be replaced; it is {}",
                self.status.as_str()
            );
            return Err(("snapshot_final", msg));
        }
        self.status = SnapshotStatus::Replaced;
        self.stop_in_flight(FulfillmentStatus::Replaced);
        Ok(())
    }

    /// Every carrier still `processing` or `scheduled` will not be sent.
    fn stop_in_flight(&mut self, to: FulfillmentStatus) {
        for c in self.carriers.iter_mut().filter(|c| c.status.in_flight()) {
            c.status = to;
            c.next_transmission = None;
        }
    }

    /// The snapshot is `completed` once every transaction is (source S1): each
    /// Sync transaction reached `carrier_completed` and each Send carrier's
    /// file is sent. An invalid carrier's transaction never completes, so
    /// such a snapshot stays `processing` — and so does one whose invalid
    /// carrier had no transaction (an error in data that did not change):
    /// its changes were not transmitted, which needs action (source S2,
    /// `invalid`). Final statuses never change.
    ///
    /// The carriers are looked at only once every transaction is complete,
    /// and then once: an invalid carrier stays invalid (terminal), and
    /// without one the snapshot completes (final). Looked at after every
    /// applied event, a state of 19,323 carriers and as many events took
    /// 2.3 s (review 27b #3).
    fn complete_snapshot(&mut self) {
        if self.status != SnapshotStatus::Processing || self.incomplete != 0 || self.stays_processing {
            return;
        }
        if self
            .carriers
            .iter()
            .any(|c| c.status == FulfillmentStatus::Invalid)
        {
            self.stays_processing = true;
        } else {
            self.status = SnapshotStatus::Completed;
        }
    }

    /// `next_transmission` of each Send carrier still scheduled: the feed's
    /// first run after `now` (never before the preview's). Past its last
    /// run the carrier waits, scheduled at that run, for a day: the run's
    /// file may still be logged (`file_transmitted`), and a carrier shown
    /// `invalid` would then turn `sent` (review 31e #1). After that no file
    /// can send the changes: the carrier becomes `invalid` with
    /// `feed_schedule_ended`.
    fn reschedule(&mut self, now: Timestamp) {
        for c in &mut self.carriers {
            if c.status != FulfillmentStatus::Scheduled || c.next_transmission.is_some_and(|t| now < t) {
                continue;
            }
            let Some(feed) = &c.feed else { continue };
            c.next_transmission = feed.awaited_run(now);
            if c.next_transmission.is_none() {
                c.status = FulfillmentStatus::Invalid;
                c.errors.push(super::feed_ended(&c.carrier_id, None, now));
            }
        }
    }

    /// Each transaction's status from its completion and its carrier's.
    fn settle(&mut self) {
        for (k, t) in self.transactions.iter_mut().enumerate() {
            let carrier = self.tx_carrier.get(k).copied().flatten();
            let carrier = carrier.and_then(|c| self.carriers.get(c)).map(|c| c.status);
            t.status = if self.complete.get(k).copied().unwrap_or(false) {
                TransactionStatus::Completed
            } else {
                match carrier {
                    Some(FulfillmentStatus::Invalid) => TransactionStatus::Failed,
                    Some(FulfillmentStatus::Canceled) => TransactionStatus::Canceled,
                    Some(FulfillmentStatus::Replaced) => TransactionStatus::Replaced,
                    _ => TransactionStatus::Processing,
                }
            };
        }
    }

    /// Completed, unverified transactions past the later of their expected
    /// verification date and their completion (a transaction completed after
    /// its date is due on completion) plus the grace days. Without a date
    /// nothing is overdue: nothing says when to expect the verification (a
    /// demographic change has one from its completion, `mark_complete`).
    /// Nor is anything of a replaced or canceled snapshot: Noyo confirms
    /// only the latest snapshot, once it is completed (source S2), so the
    /// newer one carries the confirmation (review 31e #3).
    fn mark_overdue(&mut self, opts: &FoldOptions) {
        let Some(today) = opts.now.date() else { return };
        if matches!(self.status, SnapshotStatus::Replaced | SnapshotStatus::Canceled) {
            return;
        }
        for t in &mut self.transactions {
            // `completed_at`, not a `carrier_completed` step: a Send carrier's
            // transaction completes with its file.
            let completed = t.completed_at.and_then(|c| c.date());
            let expected = t.transaction.expected_verification_date;
            let due = completed.zip(expected).map(|(c, e)| e.max(c));
            let late = due
                .and_then(|d| d.plus_days(opts.verification_grace_days))
                .is_some_and(|d| today > d);
            t.overdue_verification = t.verified.is_none() && late;
        }
    }
}

/// A rejection's errors added to its carrier's: at most [`MAX_ISSUES`] in
/// all. Past that the first ones are kept and the last place is a
/// `too_many_issues` (naming the carrier) that counts the rest, which are
/// not built: 100,000 errors in one event cost their scan.
fn add_rejections(to: &mut Vec<Issue>, carrier_id: &str, errors: &[String]) {
    if to.len().saturating_add(errors.len()) <= MAX_ISSUES {
        to.extend(errors.iter().map(|e| rejection(carrier_id, e)));
        return;
    }
    let keep = MAX_ISSUES - 1;
    let room = keep.saturating_sub(to.len());
    to.extend(errors.iter().take(room).map(|e| rejection(carrier_id, e)));
    let rest = Overflow {
        count: u64::try_from(errors.len().saturating_sub(room)).unwrap_or(u64::MAX),
        severity: Some(super::codes::CARRIER_REJECTED.severity),
        ..Overflow::default()
    };
    *to = limits::truncate(std::mem::take(to), keep, vec![carrier_id.to_owned()], &rest);
}

/// One error of a `carrier_rejected` event, as an issue blocking the carrier.
fn rejection(carrier_id: &str, error: &str) -> Issue {
    let params = serde_json::json!({ "error": error, "carrier_id": carrier_id });
    let mut issue = crate::diagnostic::make_issue_at(super::codes::CARRIER_REJECTED, "", params);
    issue.carrier_ids = vec![carrier_id.to_owned()];
    issue
}
