//! Building the status callback a partner receives (source S0) from what the
//! engine knows: the preview (issues, premium, references) and the folded
//! lifecycle state (statuses, completion and verification times).
//!
//! - A snapshot update reports the snapshot status (source S2's five); a
//!   transaction update the transaction's status (`processing`, `completed`,
//!   `failed`, `canceled`, `replaced`: `foldStatus`'s `transactions[].status`)
//!   with its latest step in `status_detail`. `failed` is an invalid
//!   carrier's transaction (blocked at submission, rejected by the carrier,
//!   or its feed ended); the snapshot meanwhile stays `processing`, with
//!   `requires_action`.
//! - `validation_feedback`: every fatal, error and warning issue (info is not
//!   feedback) plus the errors found after submission (a carrier's
//!   rejection, a feed that ended); for a transaction, its carrier's. At
//!   most 1000, as any issue list: the 1000th is `too_many_issues`.
//! - `follow_up`: evidence of insurability for each `volume_requires_eoi`
//!   warning (referenced by the coverage item's reference number), but not
//!   on a snapshot update once the warning's carrier has only completed,
//!   canceled or replaced transactions (as its own update asks nothing);
//!   documentation of the life event for a qualifying-life-event transaction
//!   neither failed nor completed (on a snapshot update, one for each such
//!   transaction); a correction for each invalid carrier (snapshot updates)
//!   or when the transaction's carrier is invalid. A completed update has
//!   none and `requires_action: false`: source S1, completed transactions
//!   and snapshots "require no additional attention or action". At most
//!   1000, as `validation_feedback`: the 1000th a note counting the rest.
//! - `completion`: when it completed (the latest transaction completion, or
//!   the update's `created` for a snapshot with nothing to send), when it was
//!   verified (every transaction verified), and the acknowledgement reference
//!   numbers (source S4) of the items that completed.
//! - `financial_summary`: the preview's premium with each line's rate
//!   (calculation type, tier, and the configured rate it was priced with,
//!   `premium::rate`) and unpriced lines marked as such; a
//!   transaction update carries only its carrier's lines (totals recomputed,
//!   no change).
//! - `fulfillment_summary`: source S2's per-carrier summary (all carriers, or
//!   the transaction's).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::payload::*;
use crate::config::Config;
use crate::diagnostic::limits::{self, Overflow, MAX_ISSUES};
use crate::diagnostic::{Issue, Severity};
use crate::diff::TransactionType;
use crate::fulfillment::lifecycle::{FulfillmentState, TransactionState, TransactionStatus};
use crate::fulfillment::{CarrierFulfillment, FulfillmentStatus, SnapshotStatus};
use crate::model::Timestamp;
use crate::premium::rate::line_rate;
use crate::premium::Money;
use crate::preview::Preview;

/// What the caller adds: ids, time, and the partner's references. Unknown
/// fields are refused: a misspelt `transaction_id` would otherwise build a
/// snapshot update without a word.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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

/// The fields of a [`CallbackRequest`], in the order they are documented.
pub const REQUEST_FIELDS: [&str; 6] = [
    "event_id",
    "created",
    "snapshot_id",
    "transaction_id",
    "partner_reference",
    "employee_reference",
];

/// Why a callback cannot be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError(pub String);

/// Refuses a request whose values `parse_callback` would refuse in the
/// payload built from them (an empty id or reference), so that every
/// payload built passes it: the partner would otherwise reject what we
/// sent; and an id or reference the output would mask, which the partner
/// could not tell from another (`callback_identifier_masked`). A `created`
/// outside the years 0000–9999 in UTC is no `Timestamp`: the request is
/// refused as it is read.
fn check_request(request: &CallbackRequest) -> Result<(), BuildError> {
    let required = [
        ("event_id", &request.event_id),
        ("snapshot_id", &request.snapshot_id),
    ];
    if let Some((field, _)) = required.iter().find(|(_, v)| v.is_empty()) {
        return Err(BuildError(format!("request.{field} must be a non-empty string")));
    }
    let optional = [
        ("transaction_id", &request.transaction_id),
        ("partner_reference", &request.partner_reference),
        ("employee_reference", &request.employee_reference),
    ];
    if let Some((field, _)) = optional.iter().find(|(_, v)| v.as_deref() == Some("")) {
        return Err(BuildError(format!(
            "request.{field} must be a non-empty string, or null (absent) when there is none"
        )));
    }
    // Masked in the payload, distinct ids would show alike (`100000001` and
    // `100010001` both `*****0001`): a partner de-duplicating on event_id
    // drops the second as a replay (review 31d #2).
    let ids = required
        .iter()
        .map(|(f, v)| (*f, Some(v.as_str())))
        .chain(optional.iter().map(|(f, v)| (*f, v.as_deref())));
    if let Some((field, _)) = ids
        .filter_map(|(f, v)| v.map(|v| (f, v)))
        .find(|(_, v)| crate::privacy::scrub(v) != *v)
    {
        return Err(BuildError(format!(
            "request.{field} would show masked in the payload (every output masks nine digits in a row or an SSN's shape), so distinct ids could show alike: use one without"
        )));
    }
    Ok(())
}

/// The fatal, error and warning issues as feedback: at most
/// [`MAX_ISSUES`], as any list of issues (docs/api.md, Limits). Past that
/// the first 999 are kept and the 1000th is `too_many_issues`, counting the
/// rest (a `too_many_issues` among them for the issues it stood for) with
/// their highest severity.
fn feedback(issues: &[&Issue]) -> Vec<ValidationFeedback> {
    let listed: Vec<&Issue> = issues
        .iter()
        .copied()
        .filter(|i| i.severity != Severity::Info)
        .collect();
    let keep = if listed.len() <= MAX_ISSUES {
        listed.len()
    } else {
        MAX_ISSUES - 1
    };
    let (kept, rest) = listed.split_at(keep.min(listed.len()));
    let mut out: Vec<ValidationFeedback> = kept.iter().map(|i| ValidationFeedback::from(*i)).collect();
    if !rest.is_empty() {
        let unlisted = Overflow {
            count: rest.iter().map(|i| limits::stands_for(i)).sum(),
            severity: rest.iter().map(|i| i.severity).min(),
            ..Overflow::default()
        };
        let more = limits::truncate(Vec::new(), 0, Vec::new(), &unlisted);
        out.extend(more.iter().map(ValidationFeedback::from));
    }
    out
}

/// How many errors `errors` stand for: a `too_many_issues` for those it
/// left out.
fn error_count(errors: &[Issue]) -> u64 {
    errors.iter().map(limits::stands_for).sum()
}

/// Evidence of insurability for each `volume_requires_eoi` issue, referenced
/// by the acknowledgement's coverage item at the issue's path or the path
/// it is under (the issue points at the member's `volume`). The items are
/// indexed by path once: a linear look per issue had been quadratic (2.3 s
/// for a 4 MiB preview passed in), and a prefix match took `/…/members/1`
/// for the item of `/…/members/10/volume`.
fn eoi_follow_ups(preview: &Preview, issues: &[&Issue]) -> Vec<FollowUp> {
    let mut items: HashMap<&str, &str> = HashMap::new();
    for c in &preview.acknowledgement.coverages {
        items.entry(c.path.as_str()).or_insert(c.reference.as_str());
    }
    let item_at = |path: &str| {
        let parent = path.rfind('/').and_then(|k| path.get(..k));
        items
            .get(path)
            .or_else(|| parent.and_then(|p| items.get(p)))
            .map(|r| (*r).to_owned())
    };
    issues
        .iter()
        .filter(|i| i.code == "volume_requires_eoi")
        .map(|i| FollowUp {
            kind: FollowUpKind::EvidenceOfInsurability,
            description: i.message.clone(),
            reference: item_at(&i.path),
            due_date: None,
        })
        .collect()
}

/// At most [`MAX_ISSUES`] follow-ups, as `validation_feedback`: past that
/// the first 999 and, in the 1000th place, a note of the most pressing kind
/// left out (a correction, then evidence of insurability, then
/// documentation) saying how many were (docs/api.md, Callbacks). A preview
/// passed in with 9,025 `volume_requires_eoi` warnings had listed them all.
fn cap_follow_ups(mut follow_up: Vec<FollowUp>) -> Vec<FollowUp> {
    if follow_up.len() <= MAX_ISSUES {
        return follow_up;
    }
    let rest = follow_up.split_off(MAX_ISSUES - 1);
    let rank = |k: FollowUpKind| match k {
        FollowUpKind::Correction => 0,
        FollowUpKind::EvidenceOfInsurability => 1,
        FollowUpKind::Documentation => 2,
    };
    let kind = rest
        .iter()
        .map(|f| f.kind)
        .min_by_key(|k| rank(*k))
        .unwrap_or(FollowUpKind::Correction);
    follow_up.push(FollowUp {
        kind,
        description: format!(
            "{} more follow-ups were left out: at most {MAX_ISSUES} are listed per update.",
            rest.len()
        ),
        reference: None,
        due_date: None,
    });
    follow_up
}

fn correction(carrier_id: &str, errors: u64) -> FollowUp {
    FollowUp {
        kind: FollowUpKind::Correction,
        description: format!(
            "Correct {errors} error(s) blocking carrier {carrier_id} and submit a new snapshot."
        ),
        reference: Some(carrier_id.to_owned()),
        due_date: None,
    }
}

/// The premium lines of one carrier, totals recomputed from its priced
/// lines; no `change` (the preview prices the previous snapshot whole).
fn carrier_summary(s: &FinancialSummary, carrier_id: &str) -> FinancialSummary {
    let lines: Vec<FinancialLine> = s
        .lines
        .iter()
        .filter(|l| l.carrier_id.as_deref() == Some(carrier_id))
        .cloned()
        .collect();
    let total = lines
        .iter()
        .filter_map(FinancialLine::money)
        .fold(Money::default(), |t, m| Money {
            monthly_cents: t.monthly_cents.saturating_add(m.monthly_cents),
            employer_cents: t.employer_cents.saturating_add(m.employer_cents),
            employee_cents: t.employee_cents.saturating_add(m.employee_cents),
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

fn transaction_state(s: TransactionStatus) -> ProcessingState {
    match s {
        TransactionStatus::Processing => ProcessingState::Processing,
        TransactionStatus::Completed => ProcessingState::Completed,
        TransactionStatus::Failed => ProcessingState::Failed,
        TransactionStatus::Canceled => ProcessingState::Canceled,
        TransactionStatus::Replaced => ProcessingState::Replaced,
    }
}

/// Source S2's summary item of a carrier.
fn carrier_item(c: &CarrierFulfillment) -> CarrierSummary {
    CarrierSummary {
        carrier_id: c.carrier_id.clone(),
        status: c.status,
        sent: c.sent,
        next_transmission: c.next_transmission,
        errors: c.errors.iter().map(ValidationFeedback::from).collect(),
    }
}

/// Errors that arose after the preview (a carrier's rejection, a feed that
/// ended): each carrier's errors beyond those it had at submission.
fn later_errors(state: &FulfillmentState) -> Vec<&Issue> {
    let at_submission: HashMap<&str, usize> = state
        .baseline
        .fulfillment_summary
        .iter()
        .map(|c| (c.carrier_id.as_str(), c.errors.len()))
        .collect();
    state
        .fulfillment_summary
        .iter()
        .flat_map(|c| {
            let known = at_submission.get(c.carrier_id.as_str()).copied().unwrap_or(0);
            c.errors.iter().skip(known)
        })
        .collect()
}

/// The reference numbers of the acknowledgement items at `carriers`: the
/// coverage items there, and the people they cover.
fn references_at(state: &FulfillmentState, carriers: &HashSet<&str>) -> (Vec<String>, Vec<String>) {
    let items: Vec<_> = state
        .acknowledgement
        .coverages
        .iter()
        .filter(|c| c.carrier_id.as_deref().is_some_and(|id| carriers.contains(id)))
        .collect();
    let people: HashSet<&str> = items.iter().map(|c| c.individual_reference.as_str()).collect();
    let individuals = state
        .acknowledgement
        .individuals
        .iter()
        .filter(|p| people.contains(p.reference.as_str()))
        .map(|p| p.reference.clone())
        .collect();
    (individuals, items.iter().map(|c| c.reference.clone()).collect())
}

/// The completion of `done` transactions (all of them completed).
fn completion(state: &FulfillmentState, done: &[&TransactionState], fallback: Timestamp) -> Completion {
    let carriers: HashSet<&str> = done.iter().map(|t| t.transaction.carrier_id.as_str()).collect();
    let (individual_references, coverage_references) = references_at(state, &carriers);
    let all_verified = !done.is_empty() && done.iter().all(|t| t.verified.is_some());
    Completion {
        completed_at: done
            .iter()
            .filter_map(|t| t.completed_at)
            .max()
            .or(Some(fallback)),
        verified_at: if all_verified {
            done.iter().filter_map(|t| t.verified_at).max()
        } else {
            None
        },
        individual_references,
        coverage_references,
    }
}

/// The payload for `request`, from a preview and (after submission) its folded state.
pub fn build_callback(
    config: &Config,
    preview: &Preview,
    state: &FulfillmentState,
    request: &CallbackRequest,
) -> Result<CallbackPayload, BuildError> {
    check_request(request)?;
    let group_id = config.group().group_id.as_deref();
    let financial = preview.premium.as_ref().map(|p| {
        let mut summary = FinancialSummary::from(p);
        for line in summary.lines.iter_mut().filter(|l| l.priced) {
            line.rate = match (&line.plan_id, line.calculation_type) {
                (Some(plan), Some(kind)) => line_rate(config, plan, kind, line.tier),
                _ => None,
            };
        }
        summary
    });
    let identifiers = Identifiers {
        snapshot_id: request.snapshot_id.clone(),
        group_id: group_id.map(str::to_owned),
        partner_reference: request.partner_reference.clone(),
        employee_reference: request.employee_reference.clone(),
        ..Identifiers::default()
    };
    match &request.transaction_id {
        None => Ok(snapshot_update(preview, state, request, identifiers, financial)),
        Some(tx_id) => transaction_update(preview, state, request, identifiers, financial, tx_id),
    }
}

/// The documentation a qualifying-life-event transaction may be asked for
/// before it can proceed (source S0), referenced by the transaction: not
/// once it failed (a correction is asked instead) or completed (source S1:
/// nothing more is asked of the partner).
fn documentation(tx: &TransactionState) -> Option<FollowUp> {
    let life_event = tx.transaction.transaction_type == TransactionType::QualifyingLifeEvent;
    let open = !matches!(
        tx.status,
        TransactionStatus::Failed | TransactionStatus::Completed
    );
    (life_event && open).then(|| FollowUp {
        kind: FollowUpKind::Documentation,
        description: "Proof of the qualifying life event (e.g. a marriage or birth certificate) may be requested by the carrier.".into(),
        reference: Some(tx.transaction.id.clone()),
        due_date: None,
    })
}

/// Whether a transaction's own update asks nothing more: completed
/// (source S1), canceled or replaced.
fn settled(tx: &TransactionState) -> bool {
    matches!(
        tx.status,
        TransactionStatus::Completed | TransactionStatus::Canceled | TransactionStatus::Replaced
    )
}

/// The issues less the `volume_requires_eoi` warnings of carriers whose
/// transactions are all settled: their own updates ask nothing more (source
/// S1), so neither does the snapshot's — it had kept asking Cigna for
/// evidence after Cigna's file completed its transaction (review 31d #3).
/// A warning is the carrier's when its summary lists it; one no settled
/// carrier lists (or an open carrier does too) is still asked.
fn open_issues<'a>(state: &FulfillmentState, issues: &[&'a Issue]) -> Vec<&'a Issue> {
    // Carrier → all its transactions settled (one pass: no carriers × transactions scan).
    let mut carriers: HashMap<&str, bool> = HashMap::new();
    for t in &state.transactions {
        let all = carriers.entry(t.transaction.carrier_id.as_str()).or_insert(true);
        *all &= settled(t);
    }
    let (mut done, mut open): (HashSet<&str>, HashSet<&str>) = (HashSet::new(), HashSet::new());
    for c in &state.fulfillment_summary {
        let all_settled = carriers.get(c.carrier_id.as_str()).copied().unwrap_or(false);
        let paths = c.warnings.iter().filter(|w| w.code == "volume_requires_eoi");
        if all_settled { &mut done } else { &mut open }.extend(paths.map(|w| w.path.as_str()));
    }
    issues
        .iter()
        .filter(|i| {
            i.code != "volume_requires_eoi"
                || open.contains(i.path.as_str())
                || !done.contains(i.path.as_str())
        })
        .copied()
        .collect()
}

/// What a snapshot not completed asks of the partner.
fn snapshot_follow_ups(preview: &Preview, state: &FulfillmentState, issues: &[&Issue]) -> Vec<FollowUp> {
    let mut follow_up = eoi_follow_ups(preview, &open_issues(state, issues));
    // Each transaction's documentation request, as its own update carries
    // it: a partner listening to snapshot updates alone must see it too
    // (source S0: "a submission requires additional documentation").
    follow_up.extend(state.transactions.iter().filter_map(documentation));
    for c in state
        .fulfillment_summary
        .iter()
        .filter(|c| c.status == FulfillmentStatus::Invalid)
    {
        follow_up.push(correction(&c.carrier_id, error_count(&c.errors)));
    }
    cap_follow_ups(follow_up)
}

fn snapshot_update(
    preview: &Preview,
    state: &FulfillmentState,
    request: &CallbackRequest,
    identifiers: Identifiers,
    financial: Option<FinancialSummary>,
) -> CallbackPayload {
    let mut issues: Vec<&Issue> = preview.issues.iter().collect();
    issues.extend(later_errors(state));
    let completed = state.status == SnapshotStatus::Completed;
    // A settled snapshot asks nothing: completed (source S1: "require no
    // additional attention or action"), or canceled or replaced, whose
    // changes will not be made (what is still owed belongs to the snapshot
    // that replaced it).
    let settled = completed || matches!(state.status, SnapshotStatus::Canceled | SnapshotStatus::Replaced);
    let follow_up = if settled {
        Vec::new()
    } else {
        snapshot_follow_ups(preview, state, &issues)
    };
    let all: Vec<&TransactionState> = state.transactions.iter().collect();
    CallbackPayload {
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
        completion: completed.then(|| completion(state, &all, request.created)),
        follow_up,
        financial_summary: financial,
        fulfillment_summary: state.fulfillment_summary.iter().map(carrier_item).collect(),
    }
}

/// What a transaction not completed asks of the partner.
fn transaction_follow_ups(
    preview: &Preview,
    tx: &TransactionState,
    summary: Option<&CarrierFulfillment>,
    issues: &[&Issue],
) -> Vec<FollowUp> {
    let mut follow_up = eoi_follow_ups(preview, issues);
    follow_up.extend(documentation(tx));
    if let Some(s) = summary.filter(|s| s.status == FulfillmentStatus::Invalid) {
        follow_up.push(correction(&s.carrier_id, error_count(&s.errors)));
    }
    cap_follow_ups(follow_up)
}

fn transaction_update(
    preview: &Preview,
    state: &FulfillmentState,
    request: &CallbackRequest,
    mut identifiers: Identifiers,
    financial: Option<FinancialSummary>,
    tx_id: &str,
) -> Result<CallbackPayload, BuildError> {
    let tx = state
        .transactions
        .iter()
        .find(|t| t.transaction.id == tx_id)
        .ok_or_else(|| BuildError(format!("no transaction {tx_id} in this state")))?;
    let carrier = tx.transaction.carrier_id.clone();
    let summary = state.fulfillment_summary.iter().find(|c| c.carrier_id == carrier);
    let issues: Vec<&Issue> = summary
        .map(|s| s.errors.iter().chain(s.warnings.iter()).collect())
        .unwrap_or_default();
    let status = transaction_state(tx.status);
    let completed = tx.status == TransactionStatus::Completed;
    // As a snapshot: completed, canceled or replaced asks nothing; a failed
    // one asks for its correction.
    let follow_up = if settled(tx) {
        Vec::new()
    } else {
        transaction_follow_ups(preview, tx, summary, &issues)
    };
    identifiers.transaction_id = Some(tx.transaction.id.clone());
    identifiers.carrier_id = Some(carrier.clone());
    Ok(CallbackPayload {
        event_id: request.event_id.clone(),
        event_type: CallbackEventType::TransactionUpdated,
        created: request.created,
        identifiers,
        processing_status: ProcessingStatus {
            status,
            status_detail: tx.latest_status.as_ref().map(|s| s.status_detail),
            succeeded: completed,
            requires_action: status == ProcessingState::Failed || !follow_up.is_empty(),
        },
        validation_feedback: feedback(&issues),
        completion: completed.then(|| completion(state, &[tx], request.created)),
        follow_up,
        financial_summary: financial.as_ref().map(|f| carrier_summary(f, &carrier)),
        fulfillment_summary: summary.map(carrier_item).into_iter().collect(),
    })
}
