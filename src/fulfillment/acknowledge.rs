//! Each acknowledgement item's processing state (source S4: "confirm that
//! submissions have been received and processed, including reference numbers
//! for each person or coverage item"), from its carrier's fulfillment status.
//! `preview` sets it right after submission and `foldStatus` keeps it current.
//!
//! An item's `issue_codes` are copied from its carrier's errors into every
//! item there, so they are bounded (docs/api.md, Lifecycle Bounds): only
//! codes of the engine's catalogue (a state passed back in may carry any
//! text as a code: 1000-byte codes × 24,000 items had filled the instance),
//! each once, at most [`MAX_ITEM_CODES`].

use std::collections::{BTreeMap, BTreeSet};

use super::{CarrierFulfillment, FulfillmentStatus};
use crate::diagnostic::catalogue::TOO_MANY_ISSUES;
use crate::diagnostic::Issue;
use crate::diff::Acknowledgement;
pub use crate::diff::ItemState;

/// Codes an item (or a person) lists at most: past that, the first 9 and
/// `too_many_issues` (the carrier's `errors` have them all).
pub const MAX_ITEM_CODES: usize = 10;

/// Distinct codes in the order found, at most [`MAX_ITEM_CODES`].
#[derive(Default, Clone)]
struct Codes {
    list: Vec<&'static str>,
    more: bool,
}

impl Codes {
    /// Adds `code` unless listed (a linear look among at most ten).
    fn push(&mut self, code: &'static str) {
        if self.list.contains(&code) {
            return;
        }
        if self.list.len() < MAX_ITEM_CODES {
            self.list.push(code);
        } else {
            self.more = true;
        }
    }

    /// The list as an item shows it: the last of ten `too_many_issues`
    /// when more were found.
    fn finish(mut self) -> Vec<&'static str> {
        if self.more {
            self.list.truncate(MAX_ITEM_CODES - 1);
            if !self.list.contains(&TOO_MANY_ISSUES.code) {
                self.list.push(TOO_MANY_ISSUES.code);
            }
        }
        self.list
    }
}

/// Every code of the catalogue, to keep only the known ones of a state.
fn catalogue() -> BTreeSet<&'static str> {
    // Inserted, not collected: `collect` compiles a sort of its own (src/sort.rs).
    let mut known = BTreeSet::new();
    known.extend(crate::diagnostic::registry::all_rules().iter().map(|r| r.code));
    known
}

/// A coverage item's state at its carrier (the carrier's blocking codes when rejected).
fn carrier_state(c: &CarrierFulfillment, known: &BTreeSet<&'static str>) -> (ItemState, Vec<&'static str>) {
    let state = match c.status {
        FulfillmentStatus::Invalid => ItemState::Rejected,
        FulfillmentStatus::Scheduled => ItemState::Pending,
        FulfillmentStatus::Canceled => ItemState::Canceled,
        FulfillmentStatus::Replaced => ItemState::Replaced,
        FulfillmentStatus::Processing | FulfillmentStatus::Sent | FulfillmentStatus::NoChanges => {
            ItemState::Accepted
        }
    };
    let mut codes = Codes::default();
    if state == ItemState::Rejected {
        for e in &c.errors {
            if let Some(&code) = known.get(e.code.as_str()) {
                codes.push(code);
            }
            if codes.more {
                break;
            }
        }
    }
    (state, codes.finish())
}

fn owned(codes: &[&str]) -> Vec<String> {
    codes.iter().map(|c| (*c).to_owned()).collect()
}

/// Sets every item's state from the carriers' statuses. A coverage item
/// takes its carrier's — a removed one (`removed`) the carrier its
/// termination or refusal goes to — and one without a carrier keeps the
/// `rejected` and codes [`unrouted`] gave it at submission. A person takes
/// the most pressing of their items' (rejected, then pending, canceled,
/// replaced, accepted), removed ones included, with the codes of every
/// rejected one: their record, or their removal, did not reach that
/// carrier. Each carrier's codes are found once, not once per item.
pub fn update(ack: &mut Acknowledgement, carriers: &[CarrierFulfillment]) {
    // Only a rejected item has codes: most previews have no invalid carrier
    // and no coverage without one.
    let invalid = carriers.iter().any(|c| c.status == FulfillmentStatus::Invalid);
    let unrouted = ack.coverages.iter().any(|c| c.carrier_id.is_none());
    let known = if invalid || unrouted {
        catalogue()
    } else {
        BTreeSet::new()
    };
    // B-trees: a few compares per lookup, no hashing of every key; filled by
    // inserts (a collect compiles a sort: src/sort.rs), the last duplicate winning.
    let mut by_carrier: BTreeMap<&str, (ItemState, Vec<&'static str>)> = BTreeMap::new();
    by_carrier.extend(
        carriers
            .iter()
            .map(|c| (c.carrier_id.as_str(), carrier_state(c, &known))),
    );
    let mut people: BTreeMap<&str, (ItemState, Codes)> = BTreeMap::new();
    for item in &mut ack.coverages {
        let kept;
        let (state, codes) = match item.carrier_id.as_deref() {
            Some(carrier) => by_carrier
                .get(carrier)
                .map_or((ItemState::Accepted, &[][..]), |(s, c)| (*s, c.as_slice())),
            // Kept from submission, its codes bounded as a carrier's are.
            None => {
                kept = known_codes(&item.issue_codes, &known);
                (ItemState::Rejected, kept.as_slice())
            }
        };
        let person = people.entry(item.individual_reference.as_str()).or_default();
        person.0 = person.0.max(state);
        for &code in codes {
            person.1.push(code);
        }
        item.state = state;
        item.issue_codes = owned(codes);
    }
    for p in &mut ack.individuals {
        let (state, codes) = people.remove(p.reference.as_str()).unwrap_or_default();
        p.state = state;
        p.issue_codes = owned(&codes.finish());
    }
}

/// The codes of `codes` the catalogue knows, each once, at most [`MAX_ITEM_CODES`].
fn known_codes(codes: &[String], known: &BTreeSet<&'static str>) -> Vec<&'static str> {
    let mut out = Codes::default();
    for code in codes {
        if let Some(&code) = known.get(code.as_str()) {
            out.push(code);
        }
        if out.more {
            break;
        }
    }
    out.finish()
}

/// At submission: each item of a coverage without a carrier or a line
/// (nothing routes it) is `rejected` with the blocking issues located in
/// that coverage (`missing_field` at its `carrier_id`, say), else none.
/// The issues are indexed by coverage once: no search per item.
pub fn unrouted(ack: &mut Acknowledgement, issues: &[Issue]) {
    if ack.coverages.iter().all(|c| c.carrier_id.is_some()) {
        return;
    }
    let mut at: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for issue in issues.iter().filter(|i| i.severity.blocks()) {
        if let Some(i) = coverage_of(&issue.path) {
            let codes = at.entry(i).or_default();
            // Each once, and no more than an item lists (`update` bounds them).
            if codes.len() < MAX_ITEM_CODES && !codes.contains(&issue.code) {
                codes.push(issue.code.clone());
            }
        }
    }
    for item in ack.coverages.iter_mut().filter(|c| c.carrier_id.is_none()) {
        item.state = ItemState::Rejected;
        item.issue_codes = coverage_of(&item.path)
            .and_then(|i| at.get(&i))
            .cloned()
            .unwrap_or_default();
    }
}

/// The coverage a pointer points into: `i` of `/coverages/i` or `/coverages/i/…`.
fn coverage_of(path: &str) -> Option<usize> {
    let rest = path.strip_prefix("/coverages/")?;
    rest.split('/').next()?.parse().ok()
}
