//! Source S3, last note: once benefits are applied and it is known which
//! product(s) provide the benefit on a line, only the product-specific
//! payment-status messages of those products stay on it.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde_json::json;

use super::codes as cc;
use super::model::*;
use super::plan::ignored_lines;
use super::read::{issue_at, BENEFITS};
use super::result::*;
use crate::diagnostic::pointer::pointer;
use crate::diagnostic::Issue;
// Each value masked before it is joined into an explanation: masked
// together, a digit of the text around an SSN could hide it (review 24a #2).
use crate::privacy::{scrub, scrub_joined};

/// Whether the benefit filter discards `m` from a line whose benefit the
/// `providing` products give: a PAYMENT STATUS message specific to another
/// product. Product-independent messages and other origins always stay.
pub(crate) fn discards(m: &ClaimMessage, providing: &BTreeSet<&str>) -> bool {
    match &m.product_code {
        Some(p) if m.is_payment_status() => !providing.contains(&p.as_str()),
        _ => false,
    }
}

/// Warnings for benefit entries naming no line of the claim.
pub(crate) fn unknown_lines(claim: &Claim, benefits: &Benefits) -> Vec<Issue> {
    let ids: HashSet<&str> = claim.lines.iter().map(|l| l.id.as_str()).collect();
    benefits
        .lines
        .iter()
        .enumerate()
        .filter(|(_, b)| !ids.contains(b.line_id.as_str()))
        .map(|(i, b)| {
            let p = json!({ "line_id": b.line_id });
            issue_at(
                cc::BENEFIT_UNKNOWN_LINE,
                BENEFITS,
                pointer!["lines", i, "line_id"],
                p,
            )
        })
        .collect()
}

/// Per line id, the products providing its benefit (every entry naming the
/// line counts); a line without entry is not listed.
pub(crate) fn providing(benefits: &Benefits) -> HashMap<&str, Vec<&str>> {
    let mut out: HashMap<&str, Vec<&str>> = HashMap::with_capacity(benefits.lines.len());
    for b in &benefits.lines {
        out.entry(b.line_id.as_str())
            .or_default()
            .extend(b.products.iter().map(String::as_str));
    }
    out
}

/// Filters the considered lines' product-specific payment-status messages;
/// lines the benefits document does not list are left unchanged.
pub(crate) fn filter(claim: &Claim, benefits: &Benefits) -> (Claim, FilterSummary) {
    let mut claim = claim.clone();
    let mut summary = FilterSummary {
        kept: Vec::new(),
        discarded: Vec::new(),
        unlisted_lines: Vec::new(),
        ignored_lines: ignored_lines(&claim),
        counts: FilterCounts::default(),
        explanation: Vec::new(),
    };
    for l in &summary.ignored_lines {
        summary.explanation.push(format!(
            "Line {} is {}: left unchanged.",
            scrub(&l.line_id),
            reason_word(l.reason)
        ));
    }
    let providing = providing(benefits);
    for line in claim.lines.iter_mut().filter(|l| l.is_considered()) {
        let Some(products) = providing.get(line.id.as_str()) else {
            summary.unlisted_lines.push(line.id.clone());
            summary.explanation.push(format!(
                "Line {}: not in the benefits document; its messages are left unchanged.",
                scrub(&line.id)
            ));
            continue;
        };
        let id = line.id.clone();
        let (mut kept, mut discarded) = (Vec::new(), Vec::new());
        // Looked up in a set: a line may carry thousands of messages and
        // its benefit thousands of products.
        let mut set: BTreeSet<&str> = BTreeSet::new();
        set.extend(products.iter().copied());
        line.messages.retain(|m| {
            let note = || MessageNote::of(Location::Line, &id, m);
            if discards(m, &set) {
                discarded.push(note());
                false
            } else {
                if m.is_payment_status() && m.product_code.is_some() {
                    kept.push(note());
                }
                true
            }
        });
        let provided = if products.is_empty() {
            "no product".to_owned()
        } else {
            scrub_joined(products, ", ")
        };
        summary.explanation.push(format!(
            "Line {}: benefit provided by {provided}; {} payment status message(s) kept, {} discarded{}.",
            scrub(&id),
            kept.len(),
            discarded.len(),
            codes_in_parens(&discarded)
        ));
        summary.kept.extend(kept);
        summary.discarded.extend(discarded);
    }
    summary.counts = FilterCounts {
        kept: summary.kept.len(),
        discarded: summary.discarded.len(),
    };
    (claim, summary)
}

fn reason_word(r: IgnoreReason) -> &'static str {
    match r {
        IgnoreReason::Locked => "locked",
        IgnoreReason::Replaced => "replaced",
    }
}

fn codes_in_parens(notes: &[MessageNote]) -> String {
    if notes.is_empty() {
        return String::new();
    }
    let codes: Vec<String> = notes
        .iter()
        .map(|n| {
            format!(
                "{} of {}",
                scrub(&n.code),
                scrub(n.product_code.as_deref().unwrap_or("-"))
            )
        })
        .collect();
    format!(" ({})", codes.join(", "))
}
