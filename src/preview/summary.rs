//! The keystroke answer: what a form shows while the person types (source D's
//! preview, cut to validity, issues, carriers and counts). The whole preview
//! behind it stays in the prepared state for `details`, so a portal that
//! opens the differences does not pay for them on every keystroke — neither
//! in serializing them nor in parsing them in JS (on the generated corpus a
//! preview's text is ~2.5× its input's; docs/performance.md).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Preview;
use crate::diagnostic::Issue;
use crate::fulfillment::{FulfillmentStatus, SnapshotStatus};
use crate::model::{Date, Timestamp};
use crate::premium::Money;
use crate::validate::CarrierStatus;

/// What `prepared.check(current, options)` returns: the preview of `current`,
/// with the differences, transactions, acknowledgement and premium lines
/// counted or totalled instead of listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PreviewSummary {
    /// The preview's `valid`.
    pub valid: bool,
    /// The preview's `issues` (the same list, capped the same way).
    pub issues: Vec<Issue>,
    /// The preview's `carriers`.
    pub carriers: Vec<CarrierStatus>,
    /// One per carrier of the preview's `fulfillment_summary`, in its order.
    pub fulfillment: Vec<CarrierCounts>,
    /// The preview's `status`.
    pub status: SnapshotStatus,
    /// How many differences the preview has.
    pub differences: usize,
    /// How many member transactions (one per carrier with changes).
    pub transactions: usize,
    /// The premium's totals (`null` when the preview has no premium).
    pub premium: Option<PremiumTotals>,
}

/// One carrier's fulfillment, counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CarrierCounts {
    pub carrier_id: String,
    pub status: FulfillmentStatus,
    /// Its fulfillment summary's `errors`, counted.
    pub errors: usize,
    /// Its fulfillment summary's `warnings`, counted.
    pub warnings: usize,
    /// The differences routed to it.
    pub differences: usize,
    /// Send carriers with changes: the feed's next run after `now`.
    pub next_transmission: Option<Timestamp>,
}

/// The premium summary without its lines and issues.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PremiumTotals {
    pub on: Date,
    pub total: Money,
    pub previous_total: Option<Money>,
    pub change: Option<Money>,
    /// How many parts of the premium could not be computed (the summary's `issues`).
    pub issues: usize,
}

impl PreviewSummary {
    /// The summary of a whole preview.
    pub fn of(preview: &Preview) -> PreviewSummary {
        // Counted in one pass: a hostile document may have thousands of
        // carriers and thousands of differences.
        let mut routed: BTreeMap<&str, usize> = BTreeMap::new();
        for d in &preview.differences {
            *routed.entry(d.carrier_id.as_str()).or_default() += 1;
        }
        PreviewSummary {
            valid: preview.valid,
            issues: preview.issues.clone(),
            carriers: preview.carriers.clone(),
            fulfillment: preview
                .fulfillment_summary
                .iter()
                .map(|f| CarrierCounts {
                    carrier_id: f.carrier_id.clone(),
                    status: f.status,
                    errors: f.errors.len(),
                    warnings: f.warnings.len(),
                    differences: routed.get(f.carrier_id.as_str()).copied().unwrap_or(0),
                    next_transmission: f.next_transmission,
                })
                .collect(),
            status: preview.status,
            differences: preview.differences.len(),
            // One per carrier with differences: a keystroke's preview has
            // its transactions built only when its details are asked for.
            transactions: routed.len(),
            premium: preview.premium.as_ref().map(|p| PremiumTotals {
                on: p.on,
                total: p.total,
                previous_total: p.previous_total,
                change: p.change,
                issues: p.issues.len(),
            }),
        }
    }
}
