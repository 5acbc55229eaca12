//! What `track` takes and returns (the types the binding and the TypeScript
//! declarations name as `crate::tracking::…`, re-exported there).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diff::{Change, Difference, ObjectType};
use crate::model::{Date, LineOfCoverage};

/// Where a requested change stands at the carrier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum TrackingStatus {
    Resolved,
    Open,
    Discrepancy,
}

/// The kinds of discrepancy (source S2's Tracking).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum DiscrepancyKind {
    /// The platform has it; the carrier does not.
    MissingFromCarrier,
    /// Both have it, with different values.
    FieldMismatch,
    /// The carrier has it; the platform does not.
    MissingFromPlatform,
}

/// One field-level (or record-level, without `key`) discrepancy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Discrepancy {
    pub kind: DiscrepancyKind,
    pub key: Option<String>,
    pub requested: Value,
    pub reported: Value,
    /// Why it is probably so, when the engine can tell (e.g. pending EOI).
    pub note: Option<String>,
}

/// A requested difference and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TrackedDifference {
    pub difference_id: String,
    pub carrier_id: String,
    pub object_type: ObjectType,
    pub change: Change,
    pub status: TrackingStatus,
    /// The difference's own escalation (a modification not applied, a record missing).
    pub discrepancies: Vec<Discrepancy>,
    /// The snapshots that requested this difference, each once, in the order
    /// given (empty when the differences came without a snapshot id).
    pub snapshot_ids: Vec<String>,
    /// The requested fields the report cannot show, judged neither way: its
    /// format does not carry them (an 834 has no hours worked) or it holds
    /// them masked (an SSN, or a nine-digit ZIP, in a JS result), or the
    /// `after` the difference gives of itself (the current snapshot lacking
    /// the field) shows like another of the call (forged guesses at a
    /// hidden SSN). A difference whose every field is
    /// one of them stays `open`.
    pub not_shown: Vec<String>,
}

/// A field discrepancy opened on its own: the carrier has the record a
/// difference added (so that difference resolved), but one of its fields
/// differs from the request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FieldDiscrepancy {
    /// `X-` + 16 hex digits over the difference id and the field: the same
    /// field of the same change keeps its id from one tracking to the next.
    pub id: String,
    pub difference_id: String,
    pub carrier_id: String,
    pub object_type: ObjectType,
    pub individual_reference: String,
    pub line_of_coverage: Option<LineOfCoverage>,
    pub discrepancy: Discrepancy,
}

/// Something the carrier has that the platform does not (no difference asked for it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Unrequested {
    pub carrier_id: String,
    pub line_of_coverage: LineOfCoverage,
    pub individual_reference: String,
    /// Pointer into the carrier's report.
    pub path: String,
    pub discrepancy: Discrepancy,
}

/// What `track` returns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Tracking {
    pub differences: Vec<TrackedDifference>,
    /// Field discrepancies of records added as requested, in the order of their differences.
    pub discrepancies: Vec<FieldDiscrepancy>,
    pub unrequested: Vec<Unrequested>,
    /// The differences routed to carriers the report does not speak for
    /// (`reported_by.carrier_ids`, or the `carrier_ids` option), by id in
    /// the order requested: not judged, so not in `differences`.
    pub not_judged: Vec<String>,
    /// Fatal problems reading the current snapshot or the report, or an id
    /// of `requested` too long (`requested_id_too_long`): then nothing is tracked.
    pub issues: Vec<crate::diagnostic::Issue>,
}

/// The differences one submitted snapshot requested.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Requested {
    /// The snapshot's id, listed in `snapshot_ids` of its differences.
    pub snapshot_id: Option<String>,
    pub differences: Vec<Difference>,
}

/// Options of `track`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrackOptions {
    /// Ids of the differences whose transaction completed (see `completed_difference_ids`).
    pub completed: Vec<String>,
    /// For "in force": an enrollment ending on or after `today` is; without
    /// it only open-ended ones are (as in `diff`).
    pub today: Option<Date>,
    /// The carriers the report speaks for, when it does not say itself
    /// (`reported_by.carrier_ids`); none given: every carrier.
    pub carrier_ids: Vec<String>,
    /// Pointers into the report to values it holds that could not be read
    /// (an SSN or a ZIP masked, `*****1234`): not shown (`track_json` gives
    /// the report's `invalid_ssn` and `invalid_zip_code`).
    pub unreadable: Vec<String>,
}
