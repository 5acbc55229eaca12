//! Source S3, "Receive Payment Status Data": match the responses to the
//! requests, wait (or time out), validate the responses, attach the product
//! messages to the claim lines they apply to.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde_json::{json, Map};

use super::codes as cc;
use super::model::*;
use super::overlap::LinesByDate;
use super::plan::{deadline, EntityPlan, Planned};
use super::read::{issue_at, RESPONSES};
use super::result::*;
use crate::diagnostic::catalogue::Rule;
use crate::diagnostic::issue::Issue;
use crate::diagnostic::pointer::pointer;
use crate::diagnostic::render::{params, render, render_input_template};
use crate::model::text::quote;
use crate::model::Timestamp;
// Each value masked before it is joined into an explanation: masked
// together, a digit of the text around an SSN could hide it (review 24a #2).
use crate::privacy::{scrub, scrub_joined, MaskedAlike};
use crate::read::input::thousands;

/// Whether the waiting time has expired at `now` (the deadline itself counts as expired).
pub(crate) fn expired(now: Timestamp, deadline: Timestamp) -> bool {
    now >= deadline
}

/// For each planned entity, the index of its response (the first one for it);
/// warnings for responses nobody asked for and for second responses. A
/// code that distinct codes of the requests and responses show alike
/// matches nothing (`MaskedAlike::distinct`): matched as written, 1,000
/// responses naming `NNNNN3876` had left unrequested all but the one equal
/// to the requested entity's hidden SSN (review 27a).
pub(crate) fn match_responses(
    entities: &[EntityPlan],
    responses: &[PaymentStatusResponse],
) -> (Vec<Option<usize>>, Vec<Issue>) {
    let mut matched: Vec<Option<usize>> = vec![None; entities.len()];
    let asked = entities.iter().filter(|e| e.requested()).map(|e| &e.entity.code);
    let answered = responses.iter().map(|r| &r.serviced_entity.code);
    let alike = MaskedAlike::distinct(asked.chain(answered));
    let requested: HashMap<&ServicedEntity, usize> = entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.requested() && !alike.holds(&e.entity.code))
        .map(|(k, e)| (&e.entity, k))
        .collect();
    let mut issues = Vec::new();
    for (i, r) in responses.iter().enumerate() {
        let entity = r.serviced_entity.to_string();
        let path = pointer![i, "serviced_entity"];
        let slot = requested
            .get(&r.serviced_entity)
            .and_then(|&k| matched.get_mut(k));
        match slot {
            None => issues.push(issue_at(
                cc::RESPONSE_NOT_REQUESTED,
                RESPONSES,
                path,
                json!({ "entity": entity }),
            )),
            Some(Some(j)) => {
                let p = json!({ "entity": entity, "other": pointer![*j] });
                issues.push(issue_at(cc::RESPONSE_DUPLICATE_ENTITY, RESPONSES, path, p));
            }
            Some(slot @ None) => *slot = Some(i),
        }
    }
    (matched, issues)
}

/// A payment-status claim message from one of our rules (CLA-IP-PMSS-001/002),
/// its text cut like every attached message's (the code is the response's).
fn pmss_message(rule: &Rule, code: &str) -> ClaimMessage {
    let parameters = params(json!({ "code": code }));
    ClaimMessage {
        code: rule.code.to_owned(),
        severity: MessageSeverity::Fatal,
        origin: ORIGIN_PAYMENT_STATUS.to_owned(),
        product_code: None,
        text: render_input_template(rule.template, &parameters, MAX_MESSAGE_TEXT_BYTES),
        parameters,
        extra: Map::new(),
    }
}

/// The catalogue indexed for lookups (the first entry of a duplicated code).
/// A code that distinct codes show alike (`MaskedAlike::distinct`) is left
/// out, so it is unknown wherever it appears: product codes over the
/// catalogue, the responses and the policy products they are checked
/// against, message codes over the catalogue and the responses. Looked up
/// as written, a catalogue of guesses had said which one a response's
/// hidden code equals (review 27a).
pub(crate) struct Known<'k> {
    products: HashSet<&'k str>,
    messages: HashMap<&'k str, &'k CatalogueMessage>,
}

impl<'k> Known<'k> {
    pub fn of(
        catalogue: &'k MessageCatalogue,
        responses: &'k [PaymentStatusResponse],
        policy: impl Iterator<Item = &'k str>,
    ) -> Self {
        let answered = responses.iter().flat_map(|r| &r.products);
        let listed = catalogue.products.iter().map(String::as_str);
        let alike_products = MaskedAlike::distinct(
            listed
                .clone()
                .chain(answered.clone().map(|p| p.code.as_str()))
                .chain(policy),
        );
        let answered_messages = answered.flat_map(|p| &p.messages).map(|m| m.code.as_str());
        let alike_messages = MaskedAlike::distinct(
            catalogue
                .messages
                .iter()
                .map(|m| m.code.as_str())
                .chain(answered_messages),
        );
        let mut messages = HashMap::with_capacity(catalogue.messages.len());
        for m in catalogue
            .messages
            .iter()
            .filter(|m| !alike_messages.holds(&m.code))
        {
            messages.entry(m.code.as_str()).or_insert(m);
        }
        Known {
            products: listed.filter(|p| !alike_products.holds(p)).collect(),
            messages,
        }
    }

    fn product(&self, code: &str) -> bool {
        self.products.contains(code)
    }

    fn message(&self, code: &str) -> Option<&'k CatalogueMessage> {
        self.messages.get(code).copied()
    }
}

/// The fatal messages a response earns: CLA-IP-PMSS-001 for each distinct
/// unknown product code, then CLA-IP-PMSS-002 for each distinct unknown
/// message code (of any product, in or out of the policy list). Distinct as
/// shown: codes that mask alike are one message, so how many come tells
/// nothing of which hidden digits are equal.
pub(crate) fn unknown_codes(response: &PaymentStatusResponse, known: &Known<'_>) -> Vec<ClaimMessage> {
    let (mut products, mut messages): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    let mut seen: HashSet<(bool, std::borrow::Cow<'_, str>)> = HashSet::new();
    for p in &response.products {
        if !known.product(&p.code) && seen.insert((true, scrub(&p.code))) {
            products.push(&p.code);
        }
        for m in &p.messages {
            if known.message(&m.code).is_none() && seen.insert((false, scrub(&m.code))) {
                messages.push(&m.code);
            }
        }
    }
    let unknown_products = products
        .into_iter()
        .map(|c| pmss_message(cc::PMSS_UNKNOWN_PRODUCT, c));
    let unknown_messages = messages
        .into_iter()
        .map(|c| pmss_message(cc::PMSS_UNKNOWN_MESSAGE, c));
    unknown_products.chain(unknown_messages).collect()
}

/// Bytes a payment-status message's text is cut to (then `…`): the
/// catalogue's template may repeat a long parameter thousands of times
/// (docs/api.md, Limits). Real texts are a sentence.
pub(crate) const MAX_MESSAGE_TEXT_BYTES: usize = 1024;

/// What one attached message weighs besides its text, parameters, codes and
/// line id (its JSON tags, the note and the explanation): an upper estimate.
const ATTACHMENT_OVERHEAD: usize = 256;

/// The weight of one message on one line, before it is made: an upper
/// bound of its text (each of the template's `braces` may take every
/// parameter), its parameters' JSON and its codes.
fn message_weight(
    template: &str,
    braces: usize,
    parameters: &Map<String, serde_json::Value>,
    codes: usize,
) -> usize {
    let params = serde_json::to_vec(parameters).map_or(0, |v| v.len());
    let text = template
        .len()
        .saturating_add(braces.saturating_mul(params))
        .min(MAX_MESSAGE_TEXT_BYTES + 3);
    // The text is on the line, in the note and in the explanation.
    text.saturating_mul(3)
        .saturating_add(params.saturating_mul(2))
        .saturating_add(codes)
        .saturating_add(ATTACHMENT_OVERHEAD)
}

/// What attaching every processed response's messages would weigh, in
/// bytes, before anything is attached: each message times the considered
/// lines it would go on (and their ids). A response names products and
/// messages, the claim lines; their product must not become the result.
pub(crate) fn attachments_weight(
    claim: &Claim,
    entities: &[EntityPlan],
    matched: &[Option<usize>],
    responses: &[PaymentStatusResponse],
    known: &Known<'_>,
) -> (usize, usize) {
    let (mut count, mut bytes) = (0usize, 0usize);
    // The lines' ids (in each note and explanation), summed once per list
    // of lines, not once per message: `weight` per message on each line.
    let mut add = |lines: usize, ids: usize, weight: usize| {
        count = count.saturating_add(lines);
        bytes = bytes
            .saturating_add(weight.saturating_mul(lines))
            .saturating_add(ids);
    };
    let mut braces: HashMap<&str, usize> = HashMap::new();
    for (plan, m) in entities.iter().zip(matched) {
        let Some(response) = m.and_then(|i| responses.get(i)) else {
            continue;
        };
        let fatal = unknown_codes(response, known);
        if !fatal.is_empty() {
            let on = plan
                .lines
                .iter()
                .filter_map(|&i| claim.lines.get(i))
                .map(|l| l.id.len().saturating_mul(2))
                .fold(0, usize::saturating_add);
            for f in &fatal {
                add(
                    plan.lines.len(),
                    on,
                    message_weight(&f.text, 0, &f.parameters, f.code.len()),
                );
            }
            continue;
        }
        let mut policy: BTreeSet<&str> = BTreeSet::new();
        policy.extend(plan.policy.iter().map(|p| p.code.as_str()));
        // Each product's lines counted, not listed: listing them would cost
        // the products × lines this weighing is there to refuse.
        let dated = LinesByDate::of(claim, &plan.lines);
        for product in response
            .products
            .iter()
            .filter(|p| policy.contains(p.code.as_str()))
        {
            if product.messages.is_empty() {
                continue;
            }
            let (lines, on) = dated.weigh(product);
            for m in &product.messages {
                let template = known.message(&m.code).map_or("", |k| k.text.as_str());
                // Counted once per template, not once per message.
                let braces = *braces
                    .entry(m.code.as_str())
                    .or_insert_with(|| template.matches('{').count());
                let codes = m.code.len().saturating_add(product.code.len());
                add(lines, on, message_weight(template, braces, &m.parameters, codes));
            }
        }
    }
    (count, bytes)
}

/// The claim message for a response message: severity and text from the
/// catalogue, parameters filled in, product code kept.
pub(crate) fn product_message(
    product: &ResponseProduct,
    message: &ResponseMessage,
    known: &CatalogueMessage,
) -> ClaimMessage {
    ClaimMessage {
        code: message.code.clone(),
        severity: known.severity,
        origin: ORIGIN_PAYMENT_STATUS.to_owned(),
        product_code: Some(product.code.clone()),
        text: render_input_template(&known.text, &message.parameters, MAX_MESSAGE_TEXT_BYTES),
        parameters: message.parameters.clone(),
        extra: Map::new(),
    }
}

/// What makes two messages of a line the same: code, origin, product and
/// parameters (their JSON text, keys in order).
type MessageKey = (String, String, Option<String>, String);

fn message_key(m: &ClaimMessage) -> MessageKey {
    let parameters = serde_json::to_string(&m.parameters).unwrap_or_default();
    (
        m.code.clone(),
        m.origin.clone(),
        m.product_code.clone(),
        parameters,
    )
}

/// The messages already on each line, by key, built when a line first
/// receives one: checking a line's thousands of messages one by one for
/// each new one would be quadratic.
#[derive(Default)]
pub(crate) struct OnLines(HashMap<usize, BTreeSet<MessageKey>>);

/// Attaches `message` to line `i` unless an identical one (code, origin,
/// product, parameters) is already there; the note when attached.
fn attach(claim: &mut Claim, on: &mut OnLines, i: usize, message: &ClaimMessage) -> Option<MessageNote> {
    let line = claim.lines.get_mut(i)?;
    let seen = on.0.entry(i).or_insert_with(|| {
        // Inserted, not collected: `collect` compiles a sort of its own (src/sort.rs).
        let mut seen = BTreeSet::new();
        seen.extend(line.messages.iter().map(message_key));
        seen
    });
    if !seen.insert(message_key(message)) {
        return None;
    }
    line.messages.push(message.clone());
    Some(MessageNote::of(Location::Line, &line.id, message))
}

/// What processing one response did.
#[derive(Debug, Default)]
pub(crate) struct Processed {
    pub attached: Vec<MessageNote>,
    pub not_stored: Vec<NotStored>,
    pub explanation: Vec<String>,
}

/// One entry per message of `product`, naming the entity and the product
/// by labels (quoted to 64 characters): they repeat for every message.
fn not_stored(entity: &ServicedEntity, product: &ResponseProduct, reason: NotStoredReason) -> Vec<NotStored> {
    let (entity, code) = (entity.label(), quote(&product.code));
    product
        .messages
        .iter()
        .map(|m| NotStored {
            serviced_entity: entity.clone(),
            product_code: code.clone(),
            code: m.code.clone(),
            reason,
        })
        .collect()
}

/// Rejects a response with unknown codes: the fatal messages go on every
/// considered line of the entity, its product messages are not stored.
pub(crate) fn reject(
    claim: &mut Claim,
    on: &mut OnLines,
    plan: &EntityPlan,
    response: &PaymentStatusResponse,
    fatal: &[ClaimMessage],
) -> Processed {
    let mut out = Processed::default();
    for &i in &plan.lines {
        out.attached
            .extend(fatal.iter().filter_map(|m| attach(claim, on, i, m)));
    }
    for m in fatal {
        out.explanation.push(format!(
            "{}: {} ({}) \"{}\" attached to every considered line.",
            plan.entity,
            scrub(&m.code),
            m.severity.as_str(),
            scrub(&m.text)
        ));
    }
    for p in &response.products {
        out.not_stored
            .extend(not_stored(&plan.entity, p, NotStoredReason::ResponseRejected));
    }
    out
}

/// Attaches each product's messages to the entity's considered lines whose
/// dates overlap the product's; products outside the policy list are not stored.
pub(crate) fn attach_product_messages(
    claim: &mut Claim,
    on: &mut OnLines,
    plan: &EntityPlan,
    response: &PaymentStatusResponse,
    known: &Known<'_>,
) -> Processed {
    let mut out = Processed::default();
    let entity = &plan.entity;
    let mut policy: BTreeSet<&str> = BTreeSet::new();
    policy.extend(plan.policy.iter().map(|p| p.code.as_str()));
    let dated = LinesByDate::of(claim, &plan.lines);
    for product in &response.products {
        if product.messages.is_empty() {
            continue;
        }
        if !policy.contains(product.code.as_str()) {
            out.explanation.push(format!(
                "{entity}: messages of product {} not stored: it is not one of the policy products.",
                scrub(&product.code)
            ));
            out.not_stored
                .extend(not_stored(entity, product, NotStoredReason::ProductNotInPolicy));
            continue;
        }
        let lines = dated.lines(product);
        if lines.is_empty() {
            let end = product
                .end_date
                .map_or_else(|| "open".to_owned(), |d| d.to_string());
            out.explanation.push(format!(
                "{entity}: messages of product {} ({} to {end}) not stored: no considered line overlaps these dates.",
                scrub(&product.code),
                product.start_date
            ));
            out.not_stored
                .extend(not_stored(entity, product, NotStoredReason::NoOverlappingLine));
            continue;
        }
        for m in &product.messages {
            let Some(entry) = known.message(&m.code) else {
                continue; // unreachable: unknown codes reject the response first
            };
            let message = product_message(product, m, entry);
            let mut ids = Vec::new();
            for &i in &lines {
                if let Some(note) = attach(claim, on, i, &message) {
                    ids.push(note.id.clone());
                    out.attached.push(note);
                }
            }
            if !ids.is_empty() {
                out.explanation.push(format!(
                    "{entity}: {} ({}, product {}) \"{}\" attached to line(s) {}.",
                    scrub(&message.code),
                    message.severity.as_str(),
                    scrub(&product.code),
                    scrub(&message.text),
                    scrub_joined(&ids, ", ")
                ));
            }
        }
    }
    out
}

/// The waiting rule and, with every response in, the processing. `now`,
/// `sent_at` and `waiting_time_seconds` are known (checked by the caller).
pub(crate) fn receive(
    mut planned: Planned,
    responses: &[PaymentStatusResponse],
    catalogue: &MessageCatalogue,
    options: &PaymentStatusOptions,
    mut summary: PaymentStatusSummary,
    budget: usize,
) -> Result<(Claim, PaymentStatusSummary, Vec<Issue>), Vec<Issue>> {
    let (matched, mut issues) = match_responses(&planned.entities, responses);
    if summary.status != Status::AwaitingResponses {
        return Ok((planned.claim, summary, issues));
    }
    let missing: Vec<ServicedEntity> = planned
        .entities
        .iter()
        .zip(&matched)
        .filter(|(e, m)| e.requested() && m.is_none())
        .map(|(e, _)| e.entity.clone())
        .collect();
    for (s, m) in summary.entities.iter_mut().zip(&matched) {
        if s.requested {
            s.response = Some(match m {
                Some(_) => ResponseOutcome::Received,
                None => ResponseOutcome::Missing,
            });
        }
    }
    if !missing.is_empty() {
        waiting(&mut summary, options, missing);
        return Ok((planned.claim, summary, issues));
    }
    let policy = planned.entities.iter().flat_map(|e| &e.policy);
    let known = Known::of(catalogue, responses, policy.map(|p| p.code.as_str()));
    let (count, bytes) = attachments_weight(&planned.claim, &planned.entities, &matched, responses, &known);
    if bytes > budget {
        issues.push(too_many_messages(count, budget));
        return Err(issues);
    }
    let claim = &mut planned.claim;
    let mut on = OnLines::default();
    for ((plan, m), s) in planned
        .entities
        .iter()
        .zip(&matched)
        .zip(summary.entities.iter_mut())
    {
        let Some(response) = m.and_then(|i| responses.get(i)) else {
            continue;
        };
        let fatal = unknown_codes(response, &known);
        let done = if fatal.is_empty() {
            s.response = Some(ResponseOutcome::Processed);
            attach_product_messages(claim, &mut on, plan, response, &known)
        } else {
            s.response = Some(ResponseOutcome::Rejected);
            reject(claim, &mut on, plan, response, &fatal)
        };
        summary.attached.extend(done.attached);
        summary.not_stored.extend(done.not_stored);
        summary.explanation.extend(done.explanation);
    }
    summary.status = Status::Processed;
    summary.next_step = NextStep::PreBenefitsChecks;
    summary.counts.attached = summary.attached.len();
    summary.counts.not_stored = summary.not_stored.len();
    summary.explanation.push(format!(
        "All {} payment status response(s) processed: {} message(s) attached, {} not stored; the claim moves on to the pre-benefits checks.",
        planned.requests.len(),
        summary.attached.len(),
        summary.not_stored.len()
    ));
    Ok((planned.claim, summary, issues))
}

/// The fatal issue of responses whose messages would weigh more than the
/// budget (`limits::result_budget`): none are attached.
fn too_many_messages(count: usize, budget: usize) -> Issue {
    let p = json!({ "limit": budget, "messages": count });
    let mut issue = issue_at(cc::RESPONSES_TOO_LARGE, RESPONSES, String::new(), p);
    issue.message = format!(
        "The responses would attach {} message(s) to the claim's lines, more than {} bytes, the limit; none are attached.",
        thousands(count),
        thousands(budget)
    );
    issue
}

/// Responses are missing: keep waiting, or pend with a technical error.
fn waiting(summary: &mut PaymentStatusSummary, options: &PaymentStatusOptions, missing: Vec<ServicedEntity>) {
    let (Some(now), Some(sent_at), Some(wait)) = (options.now, options.sent_at, options.waiting_time_seconds)
    else {
        return;
    };
    let Some(due) = deadline(sent_at, wait) else {
        return;
    };
    let names: Vec<String> = missing.iter().map(ToString::to_string).collect();
    if !expired(now, due) {
        summary.explanation.push(format!(
            "Still awaiting payment status response(s) for {} until {due}.",
            names.join(", ")
        ));
        return;
    }
    let p = params(json!({
        "missing": names.join(", "),
        "waiting_time_seconds": wait,
        "sent_at": sent_at.to_string(),
    }));
    let message = render(cc::PMSS_NO_RESPONSE.template, &p);
    summary.explanation.push(format!(
        "The waiting time expired at {due}: {message} The claim pends with technical error {}.",
        cc::PMSS_NO_RESPONSE.code
    ));
    summary.status = Status::TimedOut;
    summary.next_step = NextStep::ViewTechnicalErrors;
    summary.technical_error = Some(TechnicalError {
        code: cc::PMSS_NO_RESPONSE.code.to_owned(),
        message,
        missing,
        deadline: due,
    });
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
pub(crate) mod tests {
    use std::cell::Cell;

    use serde_json::{json, Value};

    use super::super::overlap::tests::COMPARED;
    use super::super::{apply_payment_status_str, ApplyResult};
    use super::*;

    /// `n` lines of P-100 on 2026-03-01 and one response for P-100 with
    /// `products`, applied with the fixtures; how many comparisons it took.
    fn apply(n: usize, products: Vec<Value>) -> (ApplyResult, usize) {
        let lines: Vec<Value> = (0..n)
            .map(|i| {
                json!({"id": format!("L{i}"), "serviced_entity": {"type": "person", "code": "P-100"},
                    "start_date": "2026-03-01", "end_date": "2026-03-01"})
            })
            .collect();
        let claim = json!({"id": "C1", "messages": [], "bills": [], "lines": lines}).to_string();
        let responses =
            json!([{"serviced_entity": {"type": "person", "code": "P-100"}, "products": products}])
                .to_string();
        let (e, k, o) = (
            include_str!("../../tests/fixtures/claims/enrollment.json"),
            include_str!("../../tests/fixtures/claims/catalogue.json"),
            include_str!("../../tests/fixtures/claims/options.json"),
        );
        COMPARED.with(|c| c.set(0));
        let r = apply_payment_status_str(claim.as_str(), e, responses.as_str(), k, o);
        (r, COMPARED.with(Cell::get))
    }

    fn dental(start: &str, end: Value) -> Value {
        json!({"code": "DENTAL-PPO", "start_date": start, "end_date": end, "messages": [{"code": "PAID-IN-FULL"}]})
    }

    /// Review 26c #4: M policy products dated before or after N lines, one
    /// message each. Each product had been compared with every line (N × M)
    /// twice, weighing and attaching; none is stored.
    #[test]
    fn products_overlapping_no_line_are_not_compared_with_every_line() {
        let (n, m) = (1000, 1000);
        for product in [
            dental("2020-01-01", json!("2020-01-02")),
            dental("2030-01-01", Value::Null),
        ] {
            let (r, compared) = apply(n, vec![product; m]);
            let s = r.summary.as_ref().unwrap();
            assert_eq!(s.status, Status::Processed);
            assert_eq!((s.counts.attached, s.counts.not_stored), (0, m));
            assert!(s
                .not_stored
                .iter()
                .all(|x| x.reason == NotStoredReason::NoOverlappingLine
                    && x.code == "PAID-IN-FULL"
                    && x.product_code == "DENTAL-PPO"));
            assert!(compared <= 4 * (n + m), "{compared} comparisons");
        }
    }

    /// The same products overlapping every line: refused, weighed without
    /// pairing each product with each line (the weighing had been N × M).
    #[test]
    fn overlapping_products_are_weighed_without_pairing_them_with_lines() {
        let (n, m) = (2000, 2000);
        let (r, compared) = apply(n, vec![dental("2026-01-01", Value::Null); m]);
        assert!(!r.valid);
        let codes: Vec<&str> = r.issues.iter().map(|i| i.code.as_str()).collect();
        assert_eq!(codes, ["responses_too_large"]);
        assert_eq!(r.issues[0].params["messages"], json!(n * m));
        assert!(compared <= 4 * (n + m), "{compared} comparisons");
    }
}
