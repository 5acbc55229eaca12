//! Each acknowledgement item's processing state (seed 004: "confirm that
//! submissions have been received and processed, including reference numbers
//! for each person or coverage item"), from its carrier's fulfillment status.
//! `preview` sets it right after submission and `foldStatus` keeps it current.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{CarrierFulfillment, FulfillmentStatus};
use crate::diff::Acknowledgement;

/// Where an acknowledged person or coverage item stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum ItemState {
    /// Received and processed: on its way to (or at) a Sync carrier, sent in
    /// a Send carrier's file, or nothing to change at its carrier.
    #[default]
    Accepted,
    /// Overridden by a newer snapshot before it was sent.
    Replaced,
    /// The snapshot was canceled before it was sent.
    Canceled,
    /// Queued for a Send carrier's next file.
    Pending,
    /// Its carrier is blocked: `issue_codes` says by what.
    Rejected,
}

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
    let by_carrier: HashMap<&str, (ItemState, Vec<String>)> = carriers
        .iter()
        .map(|c| (c.carrier_id.as_str(), carrier_state(Some(c))))
        .collect();
    let mut people: HashMap<&str, (ItemState, Vec<String>)> = HashMap::new();
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
