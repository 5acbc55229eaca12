//! Partner status callbacks (source S0): the payload a partner receives about a
//! transaction or snapshot, parsing and validating an incoming one, and
//! HMAC-SHA256 signatures over `timestamp + "." + body`.
//!
//! # The payload (snake_case JSON)
//! ```json
//! { "event_id": "evt-1", "event_type": "transaction.updated",
//!   "created": "2026-11-25T17:00:00Z",
//!   "identifiers": { "snapshot_id": "…", "transaction_id": "…", "carrier_id": "…",
//!                    "group_id": "grp-1", "partner_reference": "REQ-77",
//!                    "employee_reference": "EMP-1001" },
//!   "processing_status": { "status": "processing", "status_detail": "carrier_processing",
//!                          "succeeded": false, "requires_action": true },
//!   "validation_feedback": [ { "code": "…", "severity": "warning", "message": "…", "path": "/…" } ],
//!   "completion": null,
//!   "follow_up": [ { "kind": "evidence_of_insurability", "description": "…",
//!                    "reference": "…", "due_date": "2026-12-31" } ],
//!   "financial_summary": { "on": "2026-12-01", "lines": [ { "line_of_coverage": "life",
//!       "carrier_id": "…", "plan_id": "…", "calculation_type": "member_based_volume",
//!       "tier": null, "rate": { "per": "per_1000", "dollars": "0.26" }, "priced": true,
//!       "unpriced_reason": null, "monthly_cents": 2730,
//!       "employer_cents": 500, "employee_cents": 2230 } ],
//!     "total": { "monthly_cents": 2730, "employer_cents": 500, "employee_cents": 2230 },
//!     "change": null },
//!   "fulfillment_summary": [ { "carrier_id": "…", "status": "sent",
//!       "sent": "2026-11-25T17:00:00Z", "next_transmission": null, "errors": [] } ] }
//! ```
//! Source S0's six categories are `identifiers` (ours: snapshot, transaction,
//! carrier, group; the partner's: `partner_reference`, `employee_reference`),
//! `processing_status`, `validation_feedback`, `completion`, `follow_up` and
//! `financial_summary` (the premium summary's per-line figures and totals,
//! each line with the plan rate it was priced with, without member detail:
//! source S0 shares "high-level" information only).
//!
//! # Choices where the seed is silent
//! - `status` is one vocabulary: a snapshot update reports source S2's
//!   `submitted | processing | completed | canceled | replaced`; a transaction
//!   update `processing | completed | failed | canceled | replaced`, with seed
//!   001's step in `status_detail` (`carrier_completed` and `noyo_verified`
//!   mean `completed`; a Send carrier's transaction also completes with its
//!   file, at whatever step the carrier reported). `failed`: the transaction's
//!   carrier is invalid.
//! - `succeeded` is exactly `status == completed`; `requires_action` is true
//!   whenever there are follow-ups or the status is `failed` (and may be true
//!   for other reasons on an update not completed).
//! - A completed update requires no action and lists no follow-ups: source
//!   S1 says completed transactions and snapshots "require no additional
//!   attention or action", and follow-ups are requests made before a
//!   submission "can proceed" (source S0). Nor does a canceled or replaced
//!   one: its changes will not be made (a replacing snapshot asks for its own).
//! - A completed update carries `completion` (`completed_at`, `verified_at`,
//!   `individual_references`, `coverage_references`); `noyo_verified`
//!   carries `completion.verified_at`, not before `completed_at`.
//! - Required: `event_id`, `event_type`, `created`, `identifiers.snapshot_id`
//!   (plus `transaction_id` and `carrier_id` on a transaction update), and
//!   `processing_status` {status, succeeded, requires_action}. The two lists
//!   may be absent (empty); `completion`, `financial_summary` and every
//!   optional field may be absent or `null`.
//! - Unknown fields are ignored (newer senders may add some); those that look
//!   like typos of known ones are `unknown_field_typo` warnings.
//! - `payload` is returned only when there is no fatal or error issue, so a
//!   consumer never acts on half a payload. Field agreement is checked only
//!   on a payload that was read without errors.
//! - Money is integer cents JavaScript holds exactly, −(2^53 − 1) to
//!   2^53 − 1 (`out_of_range` past it, as the engine returns no other), and
//!   must add up (employer + employee = monthly; lines sum to the total,
//!   added without overflow).
//! - Identifiers stay masked in output as everywhere (docs/api.md, Privacy),
//!   so a nine-digit one shows like others: `parse` warns
//!   (`callback_identifier_masked`) at each one that shows masked, and
//!   `build` refuses a request id or reference that would.
//!
//! # Signatures
//! See [`signature`]: `sign`, `verify` (codes `signature_malformed`,
//! `signature_mismatch`, `timestamp_outside_tolerance`), and the header form
//! `t=<unix seconds>,v1=<hex>` (`signature_header`, `verify_header`,
//! `signature_header_malformed`), with a body over the input limit answered
//! `input_too_large` unread. Secrets are at least 16 bytes
//! ([`CallbackSecret`]) and tolerances 0 to 3600 seconds ([`Tolerance`]).
//! Timestamps are Unix seconds; the caller passes `now` (no clock is read).
//! A tolerance of 300 seconds is a common choice; the library has no
//! default. There is no nonce: consumers de-duplicate on `event_id` (not on
//! one flagged `callback_identifier_masked`).

pub mod build;
pub use crate::diagnostic::codes::callback as codes;
mod parse;
mod payload;
pub mod signature;

pub use codes::CALLBACK_CATALOGUE;
pub use parse::{parse_callback_bytes, parse_callback_str, parse_callback_value, ParsedCallback};
pub use payload::*;
pub use signature::{
    sign, signature_header, verify, verify_header, CallbackSecret, Tolerance, Verification, VerifyError,
    MAX_TOLERANCE_SECONDS, MIN_SECRET_BYTES,
};
