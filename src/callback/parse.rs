//! Reading and checking an incoming callback: the lenient walk reports every
//! structural problem with its pointer, then the consistency checks run on a
//! payload that was read completely. Unknown fields are warned about when
//! they look like typos (`Walk::object_fields`) and not kept.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::codes as k;
use super::payload::*;
use crate::diagnostic::pointer::pointer;
use crate::diagnostic::render::{make_issue, params};
use crate::diagnostic::{Issue, Rule, Severity};
use crate::fulfillment::FulfillmentStatus;
use crate::model::{LineOfCoverage, RateCalculation};
use crate::premium::{LineRate, Money, RateBasis, Tier};
use crate::read::input;
use crate::read::walk::{Need, Walk};
use crate::read::Read;
use crate::read::DEFAULT_MAX_INPUT_BYTES;

use Need::{Nullable, Optional, Required};

use crate::read::json::{Json, Obj};

/// What `parse_callback_str` returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ParsedCallback {
    /// No fatal or error issue: `payload` is present and can be trusted.
    pub valid: bool,
    /// The payload, only when `valid`.
    pub payload: Option<CallbackPayload>,
    /// Every problem, with JSON Pointers into the body.
    pub issues: Vec<Issue>,
}

/// Parses and checks a callback body (JSON text, at most
/// `DEFAULT_MAX_INPUT_BYTES`). Never panics; problems are issues.
pub fn parse_callback_str<'a>(body: impl Into<crate::read::Source<'a>>) -> ParsedCallback {
    checked(crate::read::document(
        body,
        DEFAULT_MAX_INPUT_BYTES,
        Walk::bounded(),
        payload,
    ))
}

/// Parses and checks a callback body received as bytes (what
/// `verifyCallback` checked): bytes that are not UTF-8 are one fatal
/// `invalid_encoding` issue, not text with replacement characters.
pub fn parse_callback_bytes(body: &[u8]) -> ParsedCallback {
    match input::utf8(body) {
        Ok(text) => parse_callback_str(text),
        Err(issue) => finish(None, vec![*issue]),
    }
}

/// Parses and checks a callback already parsed as JSON.
pub fn parse_callback_value(doc: &Value) -> ParsedCallback {
    checked(crate::read::object(
        &Json::from_value(doc),
        Walk::bounded(),
        payload,
    ))
}

/// What the walk read, checked for consistency when it read cleanly.
fn checked(read: Read<Option<CallbackPayload>>) -> ParsedCallback {
    let payload = read.value.flatten();
    let mut issues = read.walk.into_issues();
    if let Some(p) = &payload {
        masked_identifiers(p, &mut issues);
    }
    // Agreement between fields is only judged on a payload read cleanly.
    if let Some(p) = payload
        .as_ref()
        .filter(|_| !issues.iter().any(|i| i.severity.blocks()))
    {
        consistency(p, &mut issues);
    }
    finish(payload, issues)
}

fn finish(payload: Option<CallbackPayload>, issues: Vec<Issue>) -> ParsedCallback {
    let valid = payload.is_some() && !issues.iter().any(|i| i.severity.blocks());
    ParsedCallback {
        valid,
        payload: payload.filter(|_| valid),
        issues: crate::diagnostic::limits::cap_issues(issues),
    }
}

fn payload(w: &mut Walk, m: &Obj) -> Option<CallbackPayload> {
    let (read, _) = w.object_fields(m, |w| {
        let event_id = w.nonempty(m, "event_id", Required);
        let event_type = w.wire::<CallbackEventType>(m, "event_type", Required);
        let created = w.timestamp(m, "created", Required);
        let identifiers = w.field(m, "identifiers", Required, |w, v| {
            w.object(v).and_then(|m| identifiers(w, m, event_type))
        });
        let processing_status = w.field(m, "processing_status", Required, |w, v| {
            w.object(v).and_then(|m| processing_status(w, m))
        });
        let validation_feedback = list(w, m, "validation_feedback", feedback);
        let completion = w.field(m, "completion", Nullable, |w, v| {
            w.object(v).map(|m| completion(w, m))
        });
        let follow_up = list(w, m, "follow_up", follow_up);
        let financial_summary = w.field(m, "financial_summary", Nullable, |w, v| {
            w.object(v).and_then(|m| financial_summary(w, m))
        });
        let fulfillment_summary = list(w, m, "fulfillment_summary", carrier_summary);
        Some(CallbackPayload {
            event_id: event_id?,
            event_type: event_type?,
            created: created?,
            identifiers: identifiers?,
            processing_status: processing_status?,
            validation_feedback: validation_feedback?,
            completion,
            follow_up: follow_up?,
            financial_summary,
            fulfillment_summary: fulfillment_summary?,
        })
    });
    read
}

fn carrier_summary(w: &mut Walk, m: &Obj) -> Option<CarrierSummary> {
    let (read, _) = w.object_fields(m, |w| {
        let carrier_id = w.nonempty(m, "carrier_id", Required);
        let status = w.wire::<FulfillmentStatus>(m, "status", Required);
        let sent = w.timestamp(m, "sent", Nullable);
        let next_transmission = w.timestamp(m, "next_transmission", Nullable);
        let errors = list(w, m, "errors", feedback);
        Some(CarrierSummary {
            carrier_id: carrier_id?,
            status: status?,
            sent,
            next_transmission,
            errors: errors?,
        })
    });
    read
}

/// An optional array of objects (absent is empty); `None` when an item is unreadable.
fn list<T>(
    w: &mut Walk,
    m: &Obj,
    key: &'static str,
    item: fn(&mut Walk, &Obj) -> Option<T>,
) -> Option<Vec<T>> {
    let items = w.array(m, key, Optional, |w, v| {
        Some(w.object(v).and_then(|m| item(w, m)))
    });
    items.unwrap_or_default().into_iter().collect()
}

fn identifiers(w: &mut Walk, m: &Obj, event_type: Option<CallbackEventType>) -> Option<Identifiers> {
    let (read, _) = w.object_fields(m, |w| {
        let of_transaction = if event_type == Some(CallbackEventType::TransactionUpdated) {
            Required
        } else {
            Nullable
        };
        Some(Identifiers {
            snapshot_id: w.nonempty(m, "snapshot_id", Required).unwrap_or_default(),
            transaction_id: w.nonempty(m, "transaction_id", of_transaction),
            carrier_id: w.nonempty(m, "carrier_id", of_transaction),
            group_id: w.nonempty(m, "group_id", Nullable),
            partner_reference: w.nonempty(m, "partner_reference", Nullable),
            employee_reference: w.nonempty(m, "employee_reference", Nullable),
        })
    });
    read
}

fn processing_status(w: &mut Walk, m: &Obj) -> Option<ProcessingStatus> {
    let (read, _) = w.object_fields(m, |w| {
        let status = w.wire::<ProcessingState>(m, "status", Required);
        let status_detail = w.wire::<StatusStep>(m, "status_detail", Nullable);
        let succeeded = w.boolean(m, "succeeded", Required);
        let requires_action = w.boolean(m, "requires_action", Required);
        Some(ProcessingStatus {
            status: status?,
            status_detail,
            succeeded: succeeded?,
            requires_action: requires_action?,
        })
    });
    read
}

fn feedback(w: &mut Walk, m: &Obj) -> Option<ValidationFeedback> {
    let (read, _) = w.object_fields(m, |w| {
        let code = w.nonempty(m, "code", Required);
        let severity = w.enumerated(m, "severity", Required, parse_severity, SEVERITIES);
        let message = w.string(m, "message", Required);
        let path = w.field(m, "path", Required, |w, v| {
            let s = w.str(v)?;
            if is_json_pointer(s) {
                Some(s.to_owned())
            } else {
                w.report(k::INVALID_JSON_POINTER, json!({ "value": s }));
                None
            }
        });
        Some(ValidationFeedback {
            code: code?,
            severity: severity?,
            message: message?,
            path: path?,
        })
    });
    read
}

const SEVERITIES: &[&str] = &["fatal", "error", "warning", "info"];

fn parse_severity(s: &str) -> Option<Severity> {
    match s {
        "fatal" => Some(Severity::Fatal),
        "error" => Some(Severity::Error),
        "warning" => Some(Severity::Warning),
        "info" => Some(Severity::Info),
        _ => None,
    }
}

/// RFC 6901: empty, or `/`-separated tokens where `~` escapes only `0` and `1`.
fn is_json_pointer(s: &str) -> bool {
    (s.is_empty() || s.starts_with('/')) && s.split('~').skip(1).all(|after| after.starts_with(['0', '1']))
}

fn completion(w: &mut Walk, m: &Obj) -> Completion {
    let (read, _) = w.object_fields(m, |w| {
        let references = |w: &mut Walk, key: &'static str| {
            let read = |w: &mut Walk, v: &Json| w.str(v).map(str::to_owned);
            w.array(m, key, Optional, read).unwrap_or_default()
        };
        Completion {
            completed_at: w.timestamp(m, "completed_at", Nullable),
            verified_at: w.timestamp(m, "verified_at", Nullable),
            individual_references: references(w, "individual_references"),
            coverage_references: references(w, "coverage_references"),
        }
    });
    read
}

fn follow_up(w: &mut Walk, m: &Obj) -> Option<FollowUp> {
    let (read, _) = w.object_fields(m, |w| {
        let kind = w.wire::<FollowUpKind>(m, "kind", Required);
        let description = w.nonempty(m, "description", Required);
        let reference = w.nonempty(m, "reference", Nullable);
        let due_date = w.date(m, "due_date", Nullable);
        Some(FollowUp {
            kind: kind?,
            description: description?,
            reference,
            due_date,
        })
    });
    read
}

fn financial_summary(w: &mut Walk, m: &Obj) -> Option<FinancialSummary> {
    let (read, _) = w.object_fields(m, |w| {
        let on = w.date(m, "on", Required);
        let lines = w.array(m, "lines", Required, |w, v| {
            Some(w.object(v).and_then(|m| financial_line(w, m)))
        });
        let total = w.field(m, "total", Required, |w, v| w.object(v).and_then(|m| money(w, m)));
        let change = w.field(m, "change", Nullable, |w, v| {
            w.object(v).and_then(|m| money(w, m))
        });
        Some(FinancialSummary {
            on: on?,
            lines: lines?.into_iter().collect::<Option<Vec<_>>>()?,
            total: total?,
            change,
        })
    });
    read
}

const MONEY: [&str; 3] = ["monthly_cents", "employer_cents", "employee_cents"];

/// A cents figure JavaScript holds exactly, as every one the engine
/// returns (docs/api.md, Premium): past 2^53 − 1 a consumer's
/// `employer + employee` no longer equals the `monthly` that passed here
/// (review 31d #4).
fn cents(w: &mut Walk, m: &Obj, key: &'static str, need: Need) -> Option<i64> {
    let max = crate::config::money::MAX_SAFE_CENTS;
    w.integer_in(
        m,
        key,
        need,
        -max,
        max,
        "-(2^53 - 1) to 2^53 - 1, what JavaScript holds exactly",
    )
}

fn money(w: &mut Walk, m: &Obj) -> Option<Money> {
    let (read, _) = w.object_fields(m, |w| {
        let [monthly, employer, employee] = MONEY.map(|key| cents(w, m, key, Required));
        Some(Money {
            monthly_cents: monthly?,
            employer_cents: employer?,
            employee_cents: employee?,
        })
    });
    read
}

fn financial_line(w: &mut Walk, m: &Obj) -> Option<FinancialLine> {
    let (read, _) = w.object_fields(m, |w| {
        let line_of_coverage = w.wire::<LineOfCoverage>(m, "line_of_coverage", Nullable);
        let carrier_id = w.nonempty(m, "carrier_id", Nullable);
        let plan_id = w.nonempty(m, "plan_id", Nullable);
        let calculation_type = w.wire::<RateCalculation>(m, "calculation_type", Nullable);
        let tier = w.wire::<Tier>(m, "tier", Nullable);
        let rate = w.field(m, "rate", Nullable, |w, v| {
            w.object(v).and_then(|m| line_rate(w, m))
        });
        let priced = w.boolean(m, "priced", Optional).unwrap_or(true);
        let unpriced_reason = w.field(m, "unpriced_reason", Nullable, |w, v| {
            w.object(v).and_then(|m| unpriced_reason(w, m))
        });
        let [monthly, employer, employee] = MONEY.map(|key| cents(w, m, key, Nullable));
        Some(FinancialLine {
            line_of_coverage,
            carrier_id,
            plan_id,
            calculation_type,
            tier,
            rate,
            priced,
            unpriced_reason,
            monthly_cents: monthly,
            employer_cents: employer,
            employee_cents: employee,
        })
    });
    read
}

fn line_rate(w: &mut Walk, m: &Obj) -> Option<LineRate> {
    let (read, _) = w.object_fields(m, |w| {
        let per = w.wire::<RateBasis>(m, "per", Required);
        let dollars = w.nonempty(m, "dollars", Nullable);
        Some(LineRate { per: per?, dollars })
    });
    read
}

fn unpriced_reason(w: &mut Walk, m: &Obj) -> Option<UnpricedReason> {
    let (read, _) = w.object_fields(m, |w| {
        let code = w.nonempty(m, "code", Required);
        let message = w.string(m, "message", Required);
        Some(UnpricedReason {
            code: code?,
            message: message?,
        })
    });
    read
}

/// A warning at each identifier the output masks (`callback_identifier_masked`):
/// the payload returned shows it masked, and distinct ids that show alike
/// (`100000001`, `100010001`: `*****0001`) had been dropped as replays by a
/// consumer de-duplicating on `event_id` (review 31d #2).
fn masked_identifiers(p: &CallbackPayload, issues: &mut Vec<Issue>) {
    let ids = &p.identifiers;
    let fields = [
        ("event_id", pointer!["event_id"], Some(&p.event_id)),
        (
            "snapshot_id",
            pointer!["identifiers", "snapshot_id"],
            Some(&ids.snapshot_id),
        ),
        (
            "transaction_id",
            pointer!["identifiers", "transaction_id"],
            ids.transaction_id.as_ref(),
        ),
        (
            "carrier_id",
            pointer!["identifiers", "carrier_id"],
            ids.carrier_id.as_ref(),
        ),
        (
            "group_id",
            pointer!["identifiers", "group_id"],
            ids.group_id.as_ref(),
        ),
        (
            "partner_reference",
            pointer!["identifiers", "partner_reference"],
            ids.partner_reference.as_ref(),
        ),
        (
            "employee_reference",
            pointer!["identifiers", "employee_reference"],
            ids.employee_reference.as_ref(),
        ),
    ];
    for (field, path, value) in fields {
        if value.is_some_and(|v| crate::privacy::scrub(v) != v.as_str()) {
            let p = params(json!({ "field": field }));
            issues.push(make_issue(k::CALLBACK_IDENTIFIER_MASKED, path, p));
        }
    }
}

/// Fields that must agree (see `callback_inconsistent`).
fn consistency(p: &CallbackPayload, issues: &mut Vec<Issue>) {
    let mut say = |rule: &Rule, path: &str, reason: String| {
        issues.push(make_issue(
            rule,
            path.to_owned(),
            params(json!({ "reason": reason })),
        ));
    };
    let st = &p.processing_status;
    let inconsistent = k::CALLBACK_INCONSISTENT;
    if !p.event_type.statuses().contains(&st.status) {
        let reason = format!(
            "a {} update has no status {}",
            p.event_type.as_str(),
            st.status.as_str()
        );
        say(inconsistent, "/processing_status/status", reason);
    }
    let completed = st.status == ProcessingState::Completed;
    if st.succeeded != completed {
        let reason = format!(
            "succeeded is {} but status is {}",
            st.succeeded,
            st.status.as_str()
        );
        say(inconsistent, "/processing_status/succeeded", reason);
    }
    if completed {
        nothing_asked(p, &mut say);
    } else if !st.requires_action && (!p.follow_up.is_empty() || st.status == ProcessingState::Failed) {
        let why = if p.follow_up.is_empty() {
            "the status is failed"
        } else {
            "follow-ups are listed"
        };
        say(
            inconsistent,
            "/processing_status/requires_action",
            format!("requires_action is false but {why}"),
        );
    }
    status_detail(p, &mut say);
    completion_dates(p, &mut say);
    if let Some(f) = &p.financial_summary {
        financial(f, &mut say);
    }
}

/// Source S1: completed transactions and snapshots "require no additional
/// attention or action", so a completed update neither requires action nor
/// lists follow-ups (requests made before it can proceed, source S0).
fn nothing_asked(p: &CallbackPayload, say: &mut impl FnMut(&Rule, &str, String)) {
    if p.processing_status.requires_action {
        say(
            k::CALLBACK_INCONSISTENT,
            "/processing_status/requires_action",
            "requires_action is true but status is completed".into(),
        );
    }
    if !p.follow_up.is_empty() {
        say(
            k::CALLBACK_INCONSISTENT,
            "/follow_up",
            "follow-ups are listed but status is completed".into(),
        );
    }
}

fn status_detail(p: &CallbackPayload, say: &mut impl FnMut(&Rule, &str, String)) {
    let st = &p.processing_status;
    let Some(step) = st.status_detail else {
        return;
    };
    let path = "/processing_status/status_detail";
    if p.event_type == CallbackEventType::SnapshotUpdated {
        say(
            k::CALLBACK_INCONSISTENT,
            path,
            "a snapshot update has no status_detail".into(),
        );
        return;
    }
    // A Send carrier's transaction completes with its file, whatever step
    // the carrier reported; a completed step always means completed.
    let completed = st.status == ProcessingState::Completed;
    if step.is_complete() && !completed {
        let reason = format!(
            "status_detail {} with status {}",
            step.as_str(),
            st.status.as_str()
        );
        say(k::CALLBACK_INCONSISTENT, path, reason);
    }
    let verified = p.completion.as_ref().and_then(|c| c.verified_at);
    if step == StatusStep::NoyoVerified && verified.is_none() {
        say(
            k::CALLBACK_INCONSISTENT,
            path,
            "noyo_verified needs completion.verified_at".into(),
        );
    }
}

fn completion_dates(p: &CallbackPayload, say: &mut impl FnMut(&Rule, &str, String)) {
    let c = p.completion.clone().unwrap_or_default();
    if p.processing_status.status == ProcessingState::Completed && c.completed_at.is_none() {
        let path = if p.completion.is_some() {
            "/completion/completed_at"
        } else {
            "/completion"
        };
        say(
            k::CALLBACK_INCONSISTENT,
            path,
            "a completed status needs completion.completed_at".into(),
        );
    }
    if let (Some(done), Some(verified)) = (c.completed_at, c.verified_at) {
        if verified < done {
            let reason = format!("verified_at {verified} is before completed_at {done}");
            say(k::CALLBACK_INCONSISTENT, "/completion/verified_at", reason);
        }
    }
}

fn financial(f: &FinancialSummary, say: &mut impl FnMut(&Rule, &str, String)) {
    let adds_up = |m: &Money| m.employer_cents.checked_add(m.employee_cents) == Some(m.monthly_cents);
    // `None` once the sum overflows: then no total is it (a saturated sum
    // had equalled a total of i64::MAX).
    let mut sum = Some(Money::default());
    for (i, l) in f.lines.iter().enumerate() {
        let path = pointer!["financial_summary", "lines", i];
        let amounts = [l.monthly_cents, l.employer_cents, l.employee_cents];
        let m = match (l.priced, l.money()) {
            (true, Some(m)) => m,
            (false, None) if amounts.iter().all(Option::is_none) && l.unpriced_reason.is_some() => continue,
            (true, None) => {
                say(
                    k::CALLBACK_INCONSISTENT,
                    &path,
                    "a priced line needs monthly_cents, employer_cents and employee_cents".into(),
                );
                continue;
            }
            (false, _) => {
                say(
                    k::CALLBACK_INCONSISTENT,
                    &path,
                    "an unpriced line has null amounts and an unpriced_reason".into(),
                );
                continue;
            }
        };
        if !adds_up(&m) {
            say(
                k::CALLBACK_INCONSISTENT,
                &path,
                "employer_cents + employee_cents is not monthly_cents".into(),
            );
        }
        sum = sum.and_then(|s| {
            Some(Money {
                monthly_cents: s.monthly_cents.checked_add(m.monthly_cents)?,
                employer_cents: s.employer_cents.checked_add(m.employer_cents)?,
                employee_cents: s.employee_cents.checked_add(m.employee_cents)?,
            })
        });
    }
    if !adds_up(&f.total) {
        say(
            k::CALLBACK_INCONSISTENT,
            "/financial_summary/total",
            "employer_cents + employee_cents is not monthly_cents".into(),
        );
    } else if sum != Some(f.total) {
        say(
            k::CALLBACK_INCONSISTENT,
            "/financial_summary/total",
            "the total is not the sum of the lines".into(),
        );
    }
    if f.change.as_ref().is_some_and(|c| !adds_up(c)) {
        say(
            k::CALLBACK_INCONSISTENT,
            "/financial_summary/change",
            "employer_cents + employee_cents is not monthly_cents".into(),
        );
    }
}
