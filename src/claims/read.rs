//! Reading the claims documents leniently with `validate::walk::Walk`: every
//! structural problem becomes an issue with its JSON Pointer, tagged with the
//! document it points into (`params.document`). Then the checks over the
//! typed values that the structure alone cannot express (dates in order,
//! the claim's dates bounding its lines', unique ids), shared with the
//! typed API.

use std::cmp::Ordering;
use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::codes as cc;
use super::model::*;
use super::result::PaymentStatusOptions;
use crate::diagnostic::catalogue as c;
use crate::diagnostic::issue::Issue;
use crate::diagnostic::pointer::pointer;
use crate::diagnostic::render::{make_issue, params};
use crate::model::{Date, Extra, Timestamp};
use crate::read::input;
use crate::read::walk::{Need, Walk};
use crate::read::DEFAULT_MAX_INPUT_BYTES;

use Need::{Nullable, Optional, Required};

use crate::read::json::{Json, Obj};

/// The inputs, as `params.document` names them.
pub(crate) const CLAIM: &str = "claim";
pub(crate) const ENROLLMENT: &str = "enrollment";
pub(crate) const RESPONSES: &str = "responses";
pub(crate) const CATALOGUE: &str = "catalogue";
pub(crate) const OPTIONS: &str = "options";
pub(crate) const BENEFITS: &str = "benefits";

/// The option keys, listed by hand: unknown options are reported before
/// the known ones are read, with this list in their params.
const OPTION_KEYS: &[&str] = &["enabled", "now", "sent_at", "waiting_time_seconds"];

/// Adds `params.document` to each issue.
pub(crate) fn tag(mut issues: Vec<Issue>, document: &str) -> Vec<Issue> {
    for i in &mut issues {
        i.params.insert("document".to_owned(), Value::from(document));
    }
    issues
}

/// An issue of `rule` at `path` in `document`.
pub(crate) fn issue_at(rule: &c::Rule, document: &str, path: String, p: Value) -> Issue {
    let mut i = make_issue(rule, path, params(p));
    i.params.insert("document".to_owned(), Value::from(document));
    i
}

/// Parses JSON text into a value, or the input-layer issue.
pub(crate) fn parse<'a>(
    text: impl Into<crate::read::Source<'a>>,
    document: &str,
) -> Result<Json<'a>, Vec<Issue>> {
    input::parse(text, DEFAULT_MAX_INPUT_BYTES).map_err(|i| tag(vec![*i], document))
}

/// Reads a document whose root must be an object.
fn root_object<T>(
    v: &Json,
    document: &str,
    read: fn(&mut Walk, &Obj) -> Option<T>,
) -> (Option<T>, Vec<Issue>) {
    let read = crate::read::object(v, Walk::bounded(), read);
    finish(read.value.flatten(), read.walk, document)
}

/// The document only when it has no fatal or error issue: items that failed
/// to read were dropped, so indexes in it no longer match the input's.
fn finish<T>(out: Option<T>, w: Walk, document: &str) -> (Option<T>, Vec<Issue>) {
    let issues = w.into_issues();
    let blocked = issues.iter().any(|i| i.severity.blocks());
    (out.filter(|_| !blocked), tag(issues, document))
}

/// The claim.
pub(crate) fn claim_value(v: &Json) -> (Option<Claim>, Vec<Issue>) {
    root_object(v, CLAIM, claim)
}

/// The enrollment response.
pub(crate) fn enrollment_value(v: &Json) -> (Option<EnrollmentResponse>, Vec<Issue>) {
    root_object(v, ENROLLMENT, enrollment)
}

/// The catalogue.
pub(crate) fn catalogue_value(v: &Json) -> (Option<MessageCatalogue>, Vec<Issue>) {
    root_object(v, CATALOGUE, catalogue)
}

/// The benefits document.
pub(crate) fn benefits_value(v: &Json) -> (Option<Benefits>, Vec<Issue>) {
    root_object(v, BENEFITS, benefits)
}

/// The responses: a JSON array of payment-status responses.
pub(crate) fn responses_value(v: &Json) -> (Option<Vec<PaymentStatusResponse>>, Vec<Issue>) {
    let mut w = Walk::bounded();
    let out = crate::read::array(v, &mut w, response);
    match out {
        Some(out) => finish(Some(out), w, RESPONSES),
        None => (None, tag(w.into_issues(), RESPONSES)),
    }
}

/// The options: an object, or `null` for the defaults.
pub(crate) fn options_value(v: &Json) -> (Option<PaymentStatusOptions>, Vec<Issue>) {
    if v.is_null() {
        return (Some(PaymentStatusOptions::default()), Vec::new());
    }
    root_object(v, OPTIONS, options)
}

/// Reads an array of objects; items that fail are dropped (their issues
/// already say why, and the document is then not used).
fn list<T>(
    w: &mut Walk,
    map: &Obj,
    key: &'static str,
    need: Need,
    item: fn(&mut Walk, &Obj) -> Option<T>,
) -> Vec<T> {
    w.array(map, key, need, |w, v| Some(w.object(v).and_then(|m| item(w, m))))
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

/// An array of strings.
fn strings(w: &mut Walk, map: &Obj, key: &'static str, need: Need) -> Vec<String> {
    w.array(map, key, need, |w, v| w.str(v).map(str::to_owned))
        .unwrap_or_default()
}

/// An object field kept as a map (`parameters`), as the output shows it (`shown`).
fn map_field(w: &mut Walk, map: &Obj, key: &'static str) -> Map<String, Value> {
    shown(
        w.field(map, key, Nullable, |w, v| w.object(v).map(Obj::to_map))
            .unwrap_or_default(),
    )
}

/// Free-form members (unknown fields, a message's `parameters`) as the
/// output shows them (`privacy::scrub_value`): a claim comes back with
/// them. Written as read, a number under a key ending in `_cents` left the
/// output layer unmasked, as if it were money the engine computed, and of
/// two keys masked alike (`"219453876"`, `"300003876"`) JSON.parse kept the
/// later in raw order, which told how the hidden digits compare.
fn shown(members: Map<String, Value>) -> Map<String, Value> {
    if members.is_empty() {
        return members;
    }
    match crate::privacy::scrub_value(Value::Object(members)) {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn entity(w: &mut Walk, m: &Obj) -> Option<ServicedEntity> {
    let ((entity_type, code), _) = w.object_fields(m, |w| {
        let entity_type = w.wire::<EntityType>(m, "type", Required);
        (entity_type, w.nonempty(m, "code", Required))
    });
    Some(ServicedEntity {
        entity_type: entity_type?,
        code: code?,
    })
}

fn serviced_entity(w: &mut Walk, m: &Obj) -> Option<ServicedEntity> {
    w.nested(m, "serviced_entity", Required, entity).flatten()
}

fn message(w: &mut Walk, m: &Obj) -> Option<ClaimMessage> {
    let (read, extra) = w.object_fields(m, |w| {
        let code = w.nonempty(m, "code", Required);
        let severity = w.wire::<MessageSeverity>(m, "severity", Required);
        let origin = w.nonempty(m, "origin", Required);
        let product_code = w.nonempty(m, "product_code", Nullable);
        let text = w.string(m, "text", Optional).unwrap_or_default();
        let parameters = map_field(w, m, "parameters");
        Some(ClaimMessage {
            code: code?,
            severity: severity?,
            origin: origin?,
            product_code,
            text,
            parameters,
            extra: Extra::new(),
        })
    });
    Some(ClaimMessage {
        extra: shown(extra),
        ..read?
    })
}

fn messages(w: &mut Walk, m: &Obj) -> Vec<ClaimMessage> {
    list(w, m, "messages", Optional, message)
}

fn bill(w: &mut Walk, m: &Obj) -> Option<Bill> {
    let (read, extra) = w.object_fields(m, |w| {
        let id = w.nonempty(m, "id", Required);
        let messages = messages(w, m);
        Some(Bill {
            id: id?,
            messages,
            extra: Extra::new(),
        })
    });
    Some(Bill {
        extra: shown(extra),
        ..read?
    })
}

fn line(w: &mut Walk, m: &Obj) -> Option<ClaimLine> {
    let (read, extra) = w.object_fields(m, |w| {
        let id = w.nonempty(m, "id", Required);
        let bill_id = w.nonempty(m, "bill_id", Nullable);
        let serviced_entity = serviced_entity(w, m);
        let start_date = w.date(m, "start_date", Required);
        let end_date = w.date(m, "end_date", Required);
        let locked = w.boolean(m, "locked", Optional).unwrap_or(false);
        let replaced = w.boolean(m, "replaced", Optional).unwrap_or(false);
        let messages = messages(w, m);
        Some(ClaimLine {
            id: id?,
            bill_id,
            serviced_entity: serviced_entity?,
            start_date: start_date?,
            end_date: end_date?,
            locked,
            replaced,
            messages,
            extra: Extra::new(),
        })
    });
    Some(ClaimLine {
        extra: shown(extra),
        ..read?
    })
}

fn claim(w: &mut Walk, m: &Obj) -> Option<Claim> {
    let (read, extra) = w.object_fields(m, |w| {
        let id = w.nonempty(m, "id", Required);
        let start_date = w.date(m, "start_date", Nullable);
        let end_date = w.date(m, "end_date", Nullable);
        let messages = messages(w, m);
        let bills = list(w, m, "bills", Optional, bill);
        let lines = list(w, m, "lines", Required, line);
        Some(Claim {
            id: id?,
            start_date,
            end_date,
            messages,
            bills,
            lines,
            extra: Extra::new(),
        })
    });
    Some(Claim {
        extra: shown(extra),
        ..read?
    })
}

fn policy_product(w: &mut Walk, m: &Obj) -> Option<PolicyProduct> {
    let (read, extra) = w.object_fields(m, |w| {
        let code = w.nonempty(m, "code", Required);
        let start_date = w.date(m, "start_date", Required);
        let end_date = w.date(m, "end_date", Nullable);
        Some(PolicyProduct {
            code: code?,
            start_date: start_date?,
            end_date,
            extra: Extra::new(),
        })
    });
    Some(PolicyProduct {
        extra: shown(extra),
        ..read?
    })
}

fn enrolled_entity(w: &mut Walk, m: &Obj) -> Option<EnrolledEntity> {
    let (read, extra) = w.object_fields(m, |w| {
        let serviced_entity = serviced_entity(w, m);
        let products = list(w, m, "products", Optional, policy_product);
        Some(EnrolledEntity {
            serviced_entity: serviced_entity?,
            products,
            extra: Extra::new(),
        })
    });
    Some(EnrolledEntity {
        extra: shown(extra),
        ..read?
    })
}

fn enrollment(w: &mut Walk, m: &Obj) -> Option<EnrollmentResponse> {
    let (read, extra) = w.object_fields(m, |w| {
        let entities = list(w, m, "entities", Required, enrolled_entity);
        Some(EnrollmentResponse {
            entities,
            extra: Extra::new(),
        })
    });
    Some(EnrollmentResponse {
        extra: shown(extra),
        ..read?
    })
}

fn response_message(w: &mut Walk, m: &Obj) -> Option<ResponseMessage> {
    let (read, extra) = w.object_fields(m, |w| {
        let code = w.nonempty(m, "code", Required);
        let parameters = map_field(w, m, "parameters");
        Some(ResponseMessage {
            code: code?,
            parameters,
            extra: Extra::new(),
        })
    });
    Some(ResponseMessage {
        extra: shown(extra),
        ..read?
    })
}

fn response_product(w: &mut Walk, m: &Obj) -> Option<ResponseProduct> {
    let (read, extra) = w.object_fields(m, |w| {
        let code = w.nonempty(m, "code", Required);
        let start_date = w.date(m, "start_date", Required);
        let end_date = w.date(m, "end_date", Nullable);
        let messages = list(w, m, "messages", Optional, response_message);
        Some(ResponseProduct {
            code: code?,
            start_date: start_date?,
            end_date,
            messages,
            extra: Extra::new(),
        })
    });
    Some(ResponseProduct {
        extra: shown(extra),
        ..read?
    })
}

fn response(w: &mut Walk, m: &Obj) -> Option<PaymentStatusResponse> {
    let (read, extra) = w.object_fields(m, |w| {
        let serviced_entity = serviced_entity(w, m);
        let products = list(w, m, "products", Optional, response_product);
        Some(PaymentStatusResponse {
            serviced_entity: serviced_entity?,
            products,
            extra: Extra::new(),
        })
    });
    Some(PaymentStatusResponse {
        extra: shown(extra),
        ..read?
    })
}

fn catalogue_message(w: &mut Walk, m: &Obj) -> Option<CatalogueMessage> {
    let (read, extra) = w.object_fields(m, |w| {
        let code = w.nonempty(m, "code", Required);
        let severity = w.wire::<MessageSeverity>(m, "severity", Required);
        let text = w.string(m, "text", Required);
        Some(CatalogueMessage {
            code: code?,
            severity: severity?,
            text: text?,
            extra: Extra::new(),
        })
    });
    Some(CatalogueMessage {
        extra: shown(extra),
        ..read?
    })
}

fn catalogue(w: &mut Walk, m: &Obj) -> Option<MessageCatalogue> {
    let (read, extra) = w.object_fields(m, |w| {
        let products = strings(w, m, "products", Required);
        let messages = list(w, m, "messages", Required, catalogue_message);
        Some(MessageCatalogue {
            products,
            messages,
            extra: Extra::new(),
        })
    });
    Some(MessageCatalogue {
        extra: shown(extra),
        ..read?
    })
}

fn line_benefit(w: &mut Walk, m: &Obj) -> Option<LineBenefit> {
    let (read, extra) = w.object_fields(m, |w| {
        let line_id = w.nonempty(m, "line_id", Required);
        let products = w.array(m, "products", Required, |w, v| w.str(v).map(str::to_owned));
        Some(LineBenefit {
            line_id: line_id?,
            products: products?,
            extra: Extra::new(),
        })
    });
    Some(LineBenefit {
        extra: shown(extra),
        ..read?
    })
}

fn benefits(w: &mut Walk, m: &Obj) -> Option<Benefits> {
    let (read, extra) = w.object_fields(m, |w| {
        let lines = list(w, m, "lines", Required, line_benefit);
        Some(Benefits {
            lines,
            extra: Extra::new(),
        })
    });
    Some(Benefits {
        extra: shown(extra),
        ..read?
    })
}

fn options(w: &mut Walk, m: &Obj) -> Option<PaymentStatusOptions> {
    // In shown order: an SSN-shaped key's place tells nothing (privacy::in_shown_order).
    let unknown = m.keys().into_iter().filter(|k| !OPTION_KEYS.contains(k));
    for k in crate::privacy::in_shown_order(unknown) {
        w.at_key(k, |w| {
            w.report(cc::UNKNOWN_OPTION, json!({ "field": k, "allowed": OPTION_KEYS }))
        });
    }
    let enabled = w.boolean(m, "enabled", Nullable).unwrap_or(true);
    let now = w.timestamp(m, "now", Nullable);
    let sent_at = w.timestamp(m, "sent_at", Nullable);
    // The deadline, sent_at + waiting_time_seconds, must be a timestamp too:
    // past 9999-12-31T23:59:59Z it had been written as a bare number (review 31d #1).
    let room = sent_at.map_or(i64::MAX, |s| Timestamp::LAST_UNIX_SECOND - s.unix_seconds());
    let max = i64::from(u32::MAX).min(room);
    let bound = if max < i64::from(u32::MAX) {
        format!("0 to {max} seconds (a deadline by 9999-12-31T23:59:59Z)")
    } else {
        "0 to 4294967295 seconds".to_owned()
    };
    Some(PaymentStatusOptions {
        enabled,
        now,
        sent_at,
        waiting_time_seconds: w
            .integer_in(m, "waiting_time_seconds", Nullable, 0, max, &bound)
            .and_then(|s| u32::try_from(s).ok()),
    })
}

// ---- checks over typed values ------------------------------------------------

/// `end_before_start` when `end` is before `start`; `path` is the object's pointer.
fn dates_in_order(out: &mut Vec<Issue>, document: &str, path: String, start: Date, end: Option<Date>) {
    if let Some(end) = end.filter(|e| *e < start) {
        let p = json!({ "start_date": start.to_string(), "end_date": end.to_string() });
        out.push(issue_at(
            cc::END_BEFORE_START,
            document,
            pointer!(path; "end_date"),
            p,
        ));
    }
}

/// `claim_period_excludes_lines` for each stored claim date that some line's
/// service dates lie beyond (`beyond`: `Less` for the start, `Greater` for
/// the end). One issue per date rather than per line, naming the farthest
/// line by pointer: a claim of many lines would otherwise fill the issue
/// cap, and a line's id is free text that could hold an SSN.
fn period_bounds_lines(out: &mut Vec<Issue>, claim: &Claim) {
    if let Some(start) = claim.start_date {
        let starts = claim.lines.iter().map(|l| l.start_date);
        excluded_lines(out, "start_date", start, starts, Ordering::Less);
    }
    if let Some(end) = claim.end_date {
        let ends = claim.lines.iter().map(|l| l.end_date);
        excluded_lines(out, "end_date", end, ends, Ordering::Greater);
    }
}

/// The issue for the lines whose date (`dates`, in line order) lies
/// `beyond` the claim's stored `date`, if any.
fn excluded_lines(
    out: &mut Vec<Issue>,
    field: &str,
    date: Date,
    dates: impl Iterator<Item = Date>,
    beyond: Ordering,
) {
    let mut count = 0_usize;
    let mut farthest: Option<(usize, Date)> = None;
    for (i, d) in dates.enumerate().filter(|(_, d)| d.cmp(&date) == beyond) {
        count += 1;
        // Strictly farther only: the first of equals is named.
        if farthest.is_none_or(|(_, f)| d.cmp(&f) == beyond) {
            farthest = Some((i, d));
        }
    }
    if let Some((i, line_date)) = farthest {
        let p = json!({
            "field": field,
            "date": date.to_string(),
            "count": count,
            "line": pointer!["lines", i],
            "line_date": line_date.to_string(),
        });
        out.push(issue_at(
            cc::CLAIM_PERIOD_EXCLUDES_LINES,
            CLAIM,
            pointer![field],
            p,
        ));
    }
}

/// Unique line and bill ids; lines naming unknown bills (or a bill id
/// shown alike with another, which joins no bill: `plan::alike_bills`).
fn unique_ids(out: &mut Vec<Issue>, claim: &Claim) {
    let alike = super::plan::alike_bills(claim);
    let mut bills: HashMap<&str, usize> = HashMap::with_capacity(claim.bills.len());
    for (i, b) in claim.bills.iter().enumerate() {
        if let Some(j) = bills.get(b.id.as_str()) {
            let p = json!({ "kind": "Bill", "id": b.id, "other": pointer!["bills", j] });
            out.push(issue_at(
                cc::CLAIM_DUPLICATE_ID,
                CLAIM,
                pointer!["bills", i, "id"],
                p,
            ));
        } else {
            bills.insert(&b.id, i);
        }
    }
    let mut lines: HashMap<&str, usize> = HashMap::with_capacity(claim.lines.len());
    for (i, l) in claim.lines.iter().enumerate() {
        if let Some(j) = lines.get(l.id.as_str()) {
            let p = json!({ "kind": "Claim line", "id": l.id, "other": pointer!["lines", j] });
            out.push(issue_at(
                cc::CLAIM_DUPLICATE_ID,
                CLAIM,
                pointer!["lines", i, "id"],
                p,
            ));
        } else {
            lines.insert(&l.id, i);
        }
        if let Some(bill_id) = l
            .bill_id
            .as_deref()
            .filter(|b| !bills.contains_key(b) || alike.holds(b))
        {
            let p = json!({ "bill_id": bill_id });
            out.push(issue_at(
                cc::CLAIM_UNKNOWN_BILL,
                CLAIM,
                pointer!["lines", i, "bill_id"],
                p,
            ));
        }
    }
}

/// The claim's own consistency.
pub(crate) fn check_claim(claim: &Claim) -> Vec<Issue> {
    let mut out = Vec::new();
    if let Some(start) = claim.start_date {
        dates_in_order(&mut out, CLAIM, String::new(), start, claim.end_date);
    }
    period_bounds_lines(&mut out, claim);
    for (i, l) in claim.lines.iter().enumerate() {
        dates_in_order(
            &mut out,
            CLAIM,
            pointer!["lines", i],
            l.start_date,
            Some(l.end_date),
        );
    }
    unique_ids(&mut out, claim);
    out
}

/// One entry per entity, products in date order.
pub(crate) fn check_enrollment(enrollment: &EnrollmentResponse) -> Vec<Issue> {
    let mut out = Vec::new();
    let mut seen: HashMap<&ServicedEntity, usize> = HashMap::with_capacity(enrollment.entities.len());
    for (i, e) in enrollment.entities.iter().enumerate() {
        if let Some(j) = seen.get(&e.serviced_entity) {
            let p = json!({ "entity": e.serviced_entity.to_string(), "other": pointer!["entities", j] });
            let path = pointer!["entities", i, "serviced_entity"];
            out.push(issue_at(cc::ENROLLMENT_DUPLICATE_ENTITY, ENROLLMENT, path, p));
        } else {
            seen.insert(&e.serviced_entity, i);
        }
        for (k, p) in e.products.iter().enumerate() {
            let path = pointer!["entities", i, "products", k];
            dates_in_order(&mut out, ENROLLMENT, path, p.start_date, p.end_date);
        }
    }
    out
}

/// Response products in date order (duplicates are judged when matching).
pub(crate) fn check_responses(responses: &[PaymentStatusResponse]) -> Vec<Issue> {
    let mut out = Vec::new();
    for (i, r) in responses.iter().enumerate() {
        for (k, p) in r.products.iter().enumerate() {
            dates_in_order(
                &mut out,
                RESPONSES,
                pointer![i, "products", k],
                p.start_date,
                p.end_date,
            );
        }
    }
    out
}

/// What applying needs when the integration is enabled: `now`, `sent_at`
/// and `waiting_time_seconds`.
pub(crate) fn check_apply_options(o: &PaymentStatusOptions) -> Vec<Issue> {
    if !o.enabled {
        return Vec::new();
    }
    let present = [
        ("now", o.now.is_some()),
        ("sent_at", o.sent_at.is_some()),
        ("waiting_time_seconds", o.waiting_time_seconds.is_some()),
    ];
    present
        .into_iter()
        .filter(|(_, ok)| !ok)
        .map(|(k, _)| issue_at(c::MISSING_FIELD, OPTIONS, pointer![k], json!({ "field": k })))
        .collect()
}
