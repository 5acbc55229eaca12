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
use crate::privacy::{scrub, scrub_joined, MaskedAlike};

/// The line ids of the claim and the benefits document that distinct ids
/// show alike (`MaskedAlike::distinct`): such an id names no line, and
/// such a line is not listed. Joined as written, 1,000 benefit entries
/// naming `NNNNN3876` had all been unknown but the one equal to a line's
/// hidden id (review 27a).
fn alike_lines(claim: &Claim, benefits: &Benefits) -> MaskedAlike {
    let named = benefits.lines.iter().map(|b| b.line_id.as_str());
    MaskedAlike::distinct(claim.lines.iter().map(|l| l.id.as_str()).chain(named))
}

/// The product codes of the benefits document and of the considered lines'
/// payment-status messages that distinct codes show alike: such a product
/// provides nothing, so its messages are discarded whatever its hidden digits.
fn alike_products(claim: &Claim, benefits: &Benefits) -> MaskedAlike {
    let providing = benefits.lines.iter().flat_map(|b| &b.products);
    let on_lines = claim
        .lines
        .iter()
        .filter(|l| l.is_considered())
        .flat_map(|l| &l.messages)
        .filter(|m| m.is_payment_status())
        .filter_map(|m| m.product_code.as_ref());
    MaskedAlike::distinct(providing.chain(on_lines))
}

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
/// An id shown alike with another (`alike_lines`) names no line.
pub(crate) fn unknown_lines(claim: &Claim, benefits: &Benefits) -> Vec<Issue> {
    let alike = alike_lines(claim, benefits);
    let ids: HashSet<&str> = claim
        .lines
        .iter()
        .map(|l| l.id.as_str())
        .filter(|id| !alike.holds(id))
        .collect();
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
/// line counts); a line without entry is not listed, nor one whose id
/// shows alike with another (`alike_lines`).
pub(crate) fn providing<'b>(benefits: &'b Benefits, alike: &MaskedAlike) -> HashMap<&'b str, Vec<&'b str>> {
    let mut out: HashMap<&str, Vec<&str>> = HashMap::with_capacity(benefits.lines.len());
    for b in benefits.lines.iter().filter(|b| !alike.holds(&b.line_id)) {
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
    let providing = providing(benefits, &alike_lines(&claim, benefits));
    let alike = alike_products(&claim, benefits);
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
        set.extend(products.iter().copied().filter(|p| !alike.holds(p)));
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
