//! Seed 003, last note: once benefits are applied and it is known which
//! product(s) provide the benefit on a line, only the product-specific
//! payment-status messages of those products stay on it.

use serde_json::json;

use super::codes as cc;
use super::plan::ignored_lines;
use super::read::{issue_at, BENEFITS};
use super::result::*;
use crate::model::claim::*;
use crate::validate::Issue;

/// Whether the benefit filter discards `m` from a line whose benefit the
/// `providing` products give: a PAYMENT STATUS message specific to another
/// product. Product-independent messages and other origins always stay.
pub(crate) fn discards(m: &ClaimMessage, providing: &[&str]) -> bool {
    match &m.product_code {
        Some(p) if m.is_payment_status() => !providing.contains(&p.as_str()),
        _ => false,
    }
}

/// Warnings for benefit entries naming no line of the claim.
pub(crate) fn unknown_lines(claim: &Claim, benefits: &Benefits) -> Vec<Issue> {
    benefits
        .lines
        .iter()
        .enumerate()
        .filter(|(_, b)| !claim.lines.iter().any(|l| l.id == b.line_id))
        .map(|(i, b)| {
            let p = json!({ "line_id": b.line_id });
            issue_at(
                cc::BENEFIT_UNKNOWN_LINE,
                BENEFITS,
                format!("/lines/{i}/line_id"),
                p,
            )
        })
        .collect()
}

/// The products providing the benefit on `line_id` (every entry naming the
/// line counts), or `None` when the benefits document does not list the line.
pub(crate) fn providing<'b>(benefits: &'b Benefits, line_id: &str) -> Option<Vec<&'b str>> {
    let mut entries = benefits.lines.iter().filter(|b| b.line_id == line_id).peekable();
    entries.peek()?;
    Some(
        entries
            .flat_map(|b| b.products.iter().map(String::as_str))
            .collect(),
    )
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
            l.line_id,
            reason_word(l.reason)
        ));
    }
    for line in claim.lines.iter_mut().filter(|l| l.is_considered()) {
        let Some(products) = providing(benefits, &line.id) else {
            summary.unlisted_lines.push(line.id.clone());
            summary.explanation.push(format!(
                "Line {}: not in the benefits document; its messages are left unchanged.",
                line.id
            ));
            continue;
        };
        let id = line.id.clone();
        let (mut kept, mut discarded) = (Vec::new(), Vec::new());
        line.messages.retain(|m| {
            let note = || MessageNote::of(Location::Line, &id, m);
            if discards(m, &products) {
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
            products.join(", ")
        };
        summary.explanation.push(format!(
            "Line {id}: benefit provided by {provided}; {} payment status message(s) kept, {} discarded{}.",
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
        .map(|n| format!("{} of {}", n.code, n.product_code.as_deref().unwrap_or("-")))
        .collect();
    format!(" ({})", codes.join(", "))
}
