//! Source S3, "Remove Payment Status Messages" and "Request Payment Status
//! Data": one small function per rule, then `plan`, which strings them
//! together.

use std::collections::HashMap;

use super::model::*;
use crate::model::Timestamp;
// Each value masked before it is joined into an explanation: masked
// together, a digit of the text around an SSN could hide it (review 24a #2).
use crate::privacy::{scrub, scrub_joined, MaskedAlike};

use super::result::*;

/// A serviced entity of the considered lines, and what the plan decided for it.
#[derive(Debug, Clone)]
pub(crate) struct EntityPlan {
    pub entity: ServicedEntity,
    /// Indexes of its considered lines in `claim.lines`.
    pub lines: Vec<usize>,
    pub policy: Vec<PolicyProduct>,
    pub skip: Option<Skip>,
}

impl EntityPlan {
    pub fn requested(&self) -> bool {
        self.skip.is_none()
    }
}

/// The claim after the removal step, and the decisions for each entity.
#[derive(Debug, Clone)]
pub(crate) struct Planned {
    pub claim: Claim,
    pub enabled: bool,
    pub period: Option<Period>,
    pub ignored_lines: Vec<IgnoredLine>,
    pub removed: Vec<MessageNote>,
    pub entities: Vec<EntityPlan>,
    pub requests: Vec<PaymentStatusRequest>,
    pub explanation: Vec<String>,
}

/// Locked and replaced lines, which the whole step leaves alone.
pub(crate) fn ignored_lines(claim: &Claim) -> Vec<IgnoredLine> {
    claim
        .lines
        .iter()
        .filter_map(|l| {
            let reason = if l.locked {
                IgnoreReason::Locked
            } else if l.replaced {
                IgnoreReason::Replaced
            } else {
                return None;
            };
            Some(IgnoredLine {
                line_id: l.id.clone(),
                reason,
            })
        })
        .collect()
}

/// Removes the messages a previous payment-status call-out attached (origin
/// PAYMENT STATUS) from the considered lines. Locked and replaced lines, bills
/// and the claim itself keep theirs: this step only ever attaches to lines.
pub(crate) fn remove_payment_status_messages(claim: &mut Claim) -> Vec<MessageNote> {
    let mut removed = Vec::new();
    for line in claim.lines.iter_mut().filter(|l| l.is_considered()) {
        let id = line.id.clone();
        line.messages.retain(|m| {
            if m.is_payment_status() {
                removed.push(MessageNote::of(Location::Line, &id, m));
                false
            } else {
                true
            }
        });
    }
    removed
}

/// The claim's start and end date: as stored on the claim; a missing one is
/// the earliest start (latest end) of all its lines' service dates. All, not
/// only the considered ones: the seed defines the claim's dates as the span
/// bounding every service date of its lines, so locked and replaced lines
/// count here even though the step otherwise leaves them alone.
pub(crate) fn claim_period(claim: &Claim) -> Option<Period> {
    let start = claim
        .start_date
        .or_else(|| claim.lines.iter().map(|l| l.start_date).min())?;
    let end = claim
        .end_date
        .or_else(|| claim.lines.iter().map(|l| l.end_date).max())?;
    Some(Period {
        start_date: start,
        end_date: end,
        derived: claim.start_date.is_none() || claim.end_date.is_none(),
    })
}

/// The serviced-entity codes of the considered lines and the enrollment
/// response that distinct codes show alike (`MaskedAlike::distinct`). Such
/// a code groups with no other line and matches no enrollment: joined by
/// the value as written, a claim of 25,000 lines naming `NNNNN3876` had
/// requested exactly the one equal to the enrollment's hidden SSN, and
/// grouped a hidden line with the guess equal to it (review 27a).
pub(crate) fn alike_entities(claim: &Claim, enrollment: &EnrollmentResponse) -> MaskedAlike {
    let lines = claim.lines.iter().filter(|l| l.is_considered());
    let enrolled = enrollment
        .entities
        .iter()
        .map(|e| e.serviced_entity.code.as_str());
    MaskedAlike::distinct(lines.map(|l| l.serviced_entity.code.as_str()).chain(enrolled))
}

/// The distinct serviced entities of the considered lines, in order of first
/// appearance, each with its considered lines. A line whose code shows
/// alike with another (`alike`) is an entity of its own: which lines share
/// such a code is what its hidden digits would tell.
pub(crate) fn serviced_entities(claim: &Claim, alike: &MaskedAlike) -> Vec<(ServicedEntity, Vec<usize>)> {
    let mut out: Vec<(ServicedEntity, Vec<usize>)> = Vec::new();
    let mut index: HashMap<&ServicedEntity, usize> = HashMap::new();
    for (i, line) in claim.lines.iter().enumerate().filter(|(_, l)| l.is_considered()) {
        if alike.holds(&line.serviced_entity.code) {
            out.push((line.serviced_entity.clone(), vec![i]));
            continue;
        }
        match index.get(&line.serviced_entity).and_then(|&k| out.get_mut(k)) {
            Some((_, lines)) => lines.push(i),
            None => {
                index.insert(&line.serviced_entity, out.len());
                out.push((line.serviced_entity.clone(), vec![i]));
            }
        }
    }
    out
}

/// The first of the claim's own fatal messages of origin SANITY CHECKS or
/// ENROLLMENT (product-specific or not), cited: any one stops every
/// request, and every entity's skip cites this one (citing all of them for
/// each entity made messages × entities notes, review 25b).
pub(crate) fn claim_blocking_message(claim: &Claim) -> Option<MessageNote> {
    claim
        .messages
        .iter()
        .find(|m| m.is_fatal_sanity_or_enrollment())
        .map(|m| MessageNote::cite(Location::Claim, &claim.id, m))
}

/// Each of the claim's bills by id (the first of a duplicated id), with its
/// first product-independent fatal message of origin SANITY CHECKS or
/// ENROLLMENT: found once per bill, since each of its lines cites it
/// (looked for per line, a bill's messages were read lines × messages
/// times, review 26c #6).
pub(crate) type Bills<'c> = HashMap<&'c str, Option<&'c ClaimMessage>>;

/// What makes a message on a line or its bill block the line.
fn blocks_line(m: &ClaimMessage) -> bool {
    m.is_fatal_sanity_or_enrollment() && m.is_product_independent()
}

/// The bill ids of the claim's bills and lines that distinct ids show
/// alike: a line naming such an id is joined to no bill (as if the bill
/// were unknown, `claim_unknown_bill`), whatever its hidden digits.
pub(crate) fn alike_bills(claim: &Claim) -> MaskedAlike {
    let named = claim.lines.iter().filter_map(|l| l.bill_id.as_deref());
    MaskedAlike::distinct(claim.bills.iter().map(|b| b.id.as_str()).chain(named))
}

/// Indexes the claim's bills by id, each with its blocking message; a bill
/// whose id shows alike with another (`alike_bills`) is left out, so no
/// line finds it.
pub(crate) fn bills_by_id(claim: &Claim) -> Bills<'_> {
    let alike = alike_bills(claim);
    let mut bills = Bills::with_capacity(claim.bills.len());
    for b in claim.bills.iter().filter(|b| !alike.holds(&b.id)) {
        bills
            .entry(b.id.as_str())
            .or_insert_with(|| b.messages.iter().find(|m| blocks_line(m)));
    }
    bills
}

/// A product-independent fatal message of origin SANITY CHECKS or ENROLLMENT
/// on the line, else on its bill, cited (one bill message is the cause of
/// each of its lines).
pub(crate) fn line_blocking_message(bills: &Bills<'_>, line: &ClaimLine) -> Option<MessageNote> {
    if let Some(m) = line.messages.iter().find(|m| blocks_line(m)) {
        return Some(MessageNote::cite(Location::Line, &line.id, m));
    }
    let (id, m) = bills.get_key_value(line.bill_id.as_deref()?)?;
    m.map(|m| MessageNote::cite(Location::Bill, id, m))
}

/// One blocking message per line when every line of the entity has one.
pub(crate) fn all_lines_blocked(
    claim: &Claim,
    bills: &Bills<'_>,
    lines: &[usize],
) -> Option<Vec<MessageNote>> {
    lines
        .iter()
        .map(|&i| claim.lines.get(i).and_then(|l| line_blocking_message(bills, l)))
        .collect()
}

/// The enrollment response's policy products per entity (the first entry of
/// a duplicated entity); an entity whose code shows alike with another
/// (`alike_entities`) is left out, so no line finds it.
pub(crate) fn policies<'e>(
    enrollment: &'e EnrollmentResponse,
    alike: &MaskedAlike,
) -> HashMap<&'e ServicedEntity, &'e [PolicyProduct]> {
    let mut out = HashMap::with_capacity(enrollment.entities.len());
    for e in enrollment
        .entities
        .iter()
        .filter(|e| !alike.holds(&e.serviced_entity.code))
    {
        out.entry(&e.serviced_entity).or_insert(e.products.as_slice());
    }
    out
}

/// Why no request goes out for `entity`, checked in the seed's order;
/// `alike`: its code shows like another's, so no enrollment matched it.
pub(crate) fn skip_reason(
    claim_block: Option<&MessageNote>,
    line_blocks: Option<Vec<MessageNote>>,
    entity: &ServicedEntity,
    policy: &[PolicyProduct],
    alike: bool,
) -> Option<Skip> {
    if let Some(first) = claim_block {
        return Some(Skip {
            reason: SkipReason::ClaimFatalMessage,
            text: format!(
                "The claim carries fatal message {} of origin {}: no payment status request is sent for any person or object.",
                scrub(&first.code),
                scrub(&first.origin)
            ),
            causes: vec![first.clone()],
        });
    }
    if let Some(causes) = line_blocks {
        return Some(Skip {
            reason: SkipReason::AllLinesFatal,
            text: format!(
                "Every claim line of {entity} carries a product-independent fatal message of origin SANITY CHECKS or ENROLLMENT (on the line or its bill)."
            ),
            causes,
        });
    }
    if policy.is_empty() {
        let text = if alike {
            format!("No product enrollments can be matched to {entity}: another serviced-entity code of this call shows alike, and codes that show alike are matched with nothing.")
        } else {
            format!("No product enrollments are stored for {entity}.")
        };
        return Some(Skip {
            reason: SkipReason::NoProductEnrollments,
            text,
            causes: Vec::new(),
        });
    }
    None
}

/// The request for an entity: the claim's period and its policy products.
pub(crate) fn request(
    entity: &ServicedEntity,
    period: Period,
    policy: &[PolicyProduct],
) -> PaymentStatusRequest {
    PaymentStatusRequest {
        serviced_entity: entity.clone(),
        start_date: period.start_date,
        end_date: period.end_date,
        products: policy.to_vec(),
    }
}

/// Where each date of the period came from. A stored one that leaves a
/// line outside is still used (the seed: the request's dates equal the
/// claim's); the explanation says so beside the `claim_period_excludes_lines`
/// warning.
fn period_explanation(claim: &Claim, p: Period) -> String {
    let source = match (claim.start_date.is_some(), claim.end_date.is_some()) {
        (true, true) => "as stored on the claim",
        (false, false) => "derived from the service dates of all the claim's lines",
        (true, false) => "start as stored on the claim, end derived from the service dates of all its lines",
        (false, true) => {
            "start derived from the service dates of all the claim's lines, end as stored on the claim"
        }
    };
    let bounds = claim
        .lines
        .iter()
        .all(|l| p.start_date <= l.start_date && l.end_date <= p.end_date);
    let outside = if bounds {
        ""
    } else {
        "; some line's service dates fall outside it, and the requests still use it"
    };
    format!(
        "Claim period {} to {} ({source}{outside}).",
        p.start_date, p.end_date
    )
}

fn line_ids(claim: &Claim, lines: &[usize]) -> Vec<String> {
    lines
        .iter()
        .filter_map(|&i| claim.lines.get(i).map(|l| l.id.clone()))
        .collect()
}

/// Removal, then (when enabled) the requests and the skips.
pub(crate) fn plan(claim: &Claim, enrollment: &EnrollmentResponse, enabled: bool) -> Planned {
    let mut claim = claim.clone();
    let mut explanation = Vec::new();
    let ignored = ignored_lines(&claim);
    for l in &ignored {
        let how = match l.reason {
            IgnoreReason::Locked => "locked",
            IgnoreReason::Replaced => "replaced",
        };
        explanation.push(format!("Line {} is {how}: ignored.", scrub(&l.line_id)));
    }
    let removed = remove_payment_status_messages(&mut claim);
    for m in &removed {
        explanation.push(format!(
            "Removed previous payment status message {} from line {}.",
            scrub(&m.code),
            scrub(&m.id)
        ));
    }
    let period = claim_period(&claim);
    let mut planned = Planned {
        claim,
        enabled,
        period,
        ignored_lines: ignored,
        removed,
        entities: Vec::new(),
        requests: Vec::new(),
        explanation,
    };
    if !enabled {
        planned.explanation.push(
            "The payment status integration is disabled: no request is sent; the claim moves on to the pre-benefits checks."
                .to_owned(),
        );
        return planned;
    }
    if let Some(p) = period {
        planned.explanation.push(period_explanation(&planned.claim, p));
    }
    let claim = &planned.claim;
    let claim_block = claim_blocking_message(claim);
    let bills = bills_by_id(claim);
    let alike = alike_entities(claim, enrollment);
    let policies = policies(enrollment, &alike);
    for (entity, lines) in serviced_entities(claim, &alike) {
        let policy = policies.get(&entity).map(|p| p.to_vec()).unwrap_or_default();
        let blocked = all_lines_blocked(claim, &bills, &lines);
        let shown_alike = alike.holds(&entity.code);
        let skip = skip_reason(claim_block.as_ref(), blocked, &entity, &policy, shown_alike);
        let ids = scrub_joined(&line_ids(claim, &lines), ", ");
        match (&skip, period) {
            (Some(s), _) => planned
                .explanation
                .push(format!("{entity} (lines {ids}): no request. {}", s.text)),
            (None, Some(p)) => {
                let codes: Vec<&str> = policy.iter().map(|p| p.code.as_str()).collect();
                planned.explanation.push(format!(
                    "{entity} (lines {ids}): request for {} to {} with policy products {}.",
                    p.start_date,
                    p.end_date,
                    scrub_joined(&codes, ", ")
                ));
                planned.requests.push(request(&entity, p, &policy));
            }
            // Unreachable: an entity has a considered line, so the period exists.
            (None, None) => {}
        }
        planned.entities.push(EntityPlan {
            entity,
            lines,
            policy,
            skip,
        });
    }
    if planned.requests.is_empty() {
        planned.explanation.push(
            "No payment status request is sent: the claim moves on to the pre-benefits checks.".to_owned(),
        );
    }
    planned
}

/// The summary of a plan (the apply step adds to it).
pub(crate) fn summary(planned: &Planned, options: &PaymentStatusOptions) -> PaymentStatusSummary {
    let (status, next_step) = if !planned.enabled {
        (Status::Disabled, NextStep::PreBenefitsChecks)
    } else if planned.requests.is_empty() {
        (Status::NoRequests, NextStep::PreBenefitsChecks)
    } else {
        (Status::AwaitingResponses, NextStep::AwaitPaymentStatus)
    };
    let deadline = match (options.sent_at, options.waiting_time_seconds) {
        (Some(sent), Some(wait)) if !planned.requests.is_empty() => deadline(sent, wait),
        _ => None,
    };
    let entities: Vec<EntitySummary> = planned
        .entities
        .iter()
        .map(|e| EntitySummary {
            serviced_entity: e.entity.clone(),
            line_ids: line_ids(&planned.claim, &e.lines),
            policy_products: e.policy.iter().map(|p| p.code.clone()).collect(),
            requested: e.requested(),
            skip: e.skip.clone(),
            response: None,
        })
        .collect();
    let mut explanation = planned.explanation.clone();
    if let (Status::AwaitingResponses, Some(d)) = (status, deadline) {
        explanation.push(format!(
            "Awaiting {} payment status response(s) until {d}.",
            planned.requests.len()
        ));
    }
    PaymentStatusSummary {
        status,
        next_step,
        enabled: planned.enabled,
        period: planned.period,
        ignored_lines: planned.ignored_lines.clone(),
        removed: planned.removed.clone(),
        counts: Counts {
            requests: planned.requests.len(),
            skipped: entities.iter().filter(|e| !e.requested).count(),
            removed: planned.removed.len(),
            attached: 0,
            not_stored: 0,
        },
        entities,
        attached: Vec::new(),
        not_stored: Vec::new(),
        deadline,
        technical_error: None,
        explanation,
    }
}

/// `sent_at` + `waiting_time_seconds`; `None` past 9999-12-31T23:59:59Z,
/// which the options reader refuses (`read::options`), so never for options read.
pub(crate) fn deadline(sent_at: Timestamp, waiting_time_seconds: u32) -> Option<Timestamp> {
    Timestamp::from_unix_seconds(sent_at.unix_seconds() + i64::from(waiting_time_seconds))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// `count` lines on bill B, whose `count` messages are informative but
    /// the last, fatal (review 26c #6).
    fn lines_on_a_long_bill(count: usize) -> Claim {
        let message = |i: usize| {
            let severity = if i + 1 == count { "fatal" } else { "informative" };
            serde_json::json!({"code": format!("S{i}"), "severity": severity, "origin": "SANITY CHECKS"})
        };
        let line = |i: usize| {
            serde_json::json!({"id": format!("L{i}"), "bill_id": "B",
                "serviced_entity": {"type": "person", "code": "P-100"},
                "start_date": "2026-03-01", "end_date": "2026-03-01"})
        };
        let claim = serde_json::json!({"id": "C1", "messages": [],
            "bills": [{"id": "B", "messages": (0..count).map(message).collect::<Vec<_>>()}],
            "lines": (0..count).map(line).collect::<Vec<_>>()});
        serde_json::from_value(claim).unwrap()
    }

    /// A bill's blocking message is found once for the bill, not once per
    /// line through all its messages (lines × messages, review 26c #6);
    /// every line still cites it.
    #[test]
    fn a_bills_messages_are_judged_once_not_once_per_line() {
        let n = 1000;
        let claim = lines_on_a_long_bill(n);
        assert_eq!(claim.lines.len(), n);
        let enrollment = EnrollmentResponse::default();
        super::super::model::tests::JUDGED.with(|j| j.set(0));
        let planned = plan(&claim, &enrollment, true);
        let judged = super::super::model::tests::JUDGED.with(std::cell::Cell::get);
        // The bill's n messages once; each line has none of its own.
        assert_eq!(judged, n);
        let skip = planned.entities.first().and_then(|e| e.skip.as_ref());
        let causes: Vec<(Location, &str, &str)> = skip
            .map(|s| {
                s.causes
                    .iter()
                    .map(|c| (c.on, c.id.as_str(), c.code.as_str()))
                    .collect()
            })
            .unwrap_or_default();
        let last = format!("S{}", n - 1);
        assert_eq!(causes, vec![(Location::Bill, "B", last.as_str()); n]);
        assert_eq!(skip.map(|s| s.reason), Some(SkipReason::AllLinesFatal));
    }

    #[test]
    fn deadline_adds_seconds() {
        let sent = Timestamp::parse("2026-04-01T23:30:00Z");
        let due = sent.and_then(|s| deadline(s, 3600)).map(|t| t.to_string());
        assert_eq!(due.as_deref(), Some("2026-04-02T00:30:00Z"));
    }
}
