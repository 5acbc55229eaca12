//! Each acknowledgement item's processing state (source S4: "confirm that
//! submissions have been received and processed, including reference numbers
//! for each person or coverage item"), from its carrier's fulfillment status.
//! `preview` sets it right after submission and `foldStatus` keeps it current.

use std::collections::BTreeMap;

use super::{CarrierFulfillment, FulfillmentStatus};
use crate::diff::Acknowledgement;
pub use crate::diff::ItemState;

/// A coverage item's state at its carrier (the carrier's blocking codes when rejected).
fn carrier_state(c: Option<&CarrierFulfillment>) -> (ItemState, Vec<String>) {
    let Some(c) = c else {
        return (ItemState::Accepted, Vec::new());
    };
    let state = match c.status {
        FulfillmentStatus::Invalid => ItemState::Rejected,
        FulfillmentStatus::Scheduled => ItemState::Pending,
        FulfillmentStatus::Canceled => ItemState::Canceled,
        FulfillmentStatus::Replaced => ItemState::Replaced,
        FulfillmentStatus::Processing | FulfillmentStatus::Sent | FulfillmentStatus::NoChanges => {
            ItemState::Accepted
        }
    };
    let mut codes: Vec<String> = Vec::new();
    if state == ItemState::Rejected {
        for e in &c.errors {
            if !codes.contains(&e.code) {
                codes.push(e.code.clone());
            }
        }
    }
    (state, codes)
}

/// Sets every item's state from the carriers' statuses. A coverage item
/// takes its carrier's; a person the most pressing of their coverage items'
/// (rejected, then pending, canceled, replaced, accepted), with the codes of
/// every rejected one: their record did not reach that carrier.
pub fn update(ack: &mut Acknowledgement, carriers: &[CarrierFulfillment]) {
    // B-trees: a few compares per lookup, no hashing of every key; filled by
    // inserts (a collect compiles a sort: src/sort.rs), the last duplicate winning.
    let mut by_carrier: BTreeMap<&str, (ItemState, Vec<String>)> = BTreeMap::new();
    by_carrier.extend(
        carriers
            .iter()
            .map(|c| (c.carrier_id.as_str(), carrier_state(Some(c)))),
    );
    let mut people: BTreeMap<&str, (ItemState, Vec<String>)> = BTreeMap::new();
    for item in &mut ack.coverages {
        let (state, codes) = by_carrier
            .get(item.carrier_id.as_str())
            .cloned()
            .unwrap_or_else(|| carrier_state(None));
        let person = people.entry(item.individual_reference.as_str()).or_default();
        person.0 = person.0.max(state);
        for code in &codes {
            if !person.1.contains(code) {
                person.1.push(code.clone());
            }
        }
        item.state = state;
        item.issue_codes = codes;
    }
    for p in &mut ack.individuals {
        let (state, codes) = people.remove(p.reference.as_str()).unwrap_or_default();
        p.state = state;
        p.issue_codes = codes;
    }
}
