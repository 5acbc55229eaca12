//! The JavaScript binding (wasm32 only): translates JS values to the core's
//! inputs and its results back, and nothing else.
//!
//! Documents cross as JSON text: a JS string is taken as is, an object is
//! `JSON.stringify`-ed first (measured faster than walking it with
//! serde-wasm-bindgen; docs/performance.md). Results go out as JSON text
//! through `JSON.parse`, so JS always gets plain objects, never `Map`s.
//!
//! Cargo features choose the exports, nothing else: `claims` (the payment
//! status functions) and `lifecycle` (track, foldStatus, the callbacks) are on
//! by default; `--no-default-features` builds the smaller `pkg/core` module
//! (validate, diff, prepare, preview, config checks) for browser forms. The
//! core modules are compiled either way; LTO drops what no export reaches.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Reflect, JSON};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::diff::DiffOptions;
use crate::error::{EngineError, ErrorCode};
#[cfg(feature = "lifecycle")]
use crate::fulfillment::lifecycle::FoldOptions;
use crate::preview::{PreparedSnapshot, PreviewOptions};
use crate::validate::{self, ValidateOptions};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A JSON document: a JS value or its JSON text. */
export type Document = string | object;
export type Severity = "fatal" | "error" | "warning" | "info";
export interface Issue {
  code: string;
  severity: Severity;
  /** RFC 6901 JSON Pointer into the input ("" = the whole document). */
  path: string;
  message: string;
  params: Record<string, unknown>;
  /** Carriers this issue blocks (empty for warnings and info). */
  carrier_ids: string[];
  line_of_coverage: string | null;
}
export interface CarrierStatus { carrier_id: string; blocked: boolean; }
export interface ValidationResult { valid: boolean; issues: Issue[]; carriers: CarrierStatus[]; }
export interface ValidateOptions { /** YYYY-MM-DD; rules relative to today are skipped without it. */ today?: string | null; }
export interface ConfigCheck { valid: boolean; issues: Issue[]; }
export interface RuleInfo { code: string; severity: Severity; layer: string; source: string; template: string; doc: string; }
export interface DiffOptions { /** YYYY-MM-DD: decides whether omitted coverages are still in force, and end_of_*_month terminations. */ today?: string | null; }
export interface PreviewOptions { /** RFC 3339, e.g. new Date().toISOString(): no clock is read. */ now: string; }
export type LineOfCoverage = string;
export interface FieldChange { key: string; before: unknown; after: unknown; }
export interface Individual { individual_type: "employee" | "dependent"; reference: string; name: string; }
export interface Difference {
  id: string; carrier_id: string; object_type: "employee" | "dependent" | "individual_enrollment";
  change: "added" | "removed" | "modified"; individual: Individual; line_of_coverage: LineOfCoverage | null;
  fields: FieldChange[]; path: string; effective_date: string | null;
}
export type TransactionType = "new_hire" | "termination" | "qualifying_life_event" | "open_enrollment" | "demographic_change" | "initial_enrollment";
export interface MemberTransaction {
  id: string; carrier_id: string; transaction_type: TransactionType; lines_of_coverage: LineOfCoverage[];
  difference_ids: string[]; effective_date: string | null; expected_verification_date: string | null;
  /** Its carrier is invalid (preview): listed, typed, with its differences, but not sent. */
  blocked: boolean;
}
export interface DiffResult { differences: Difference[]; transactions: MemberTransaction[]; issues: Issue[]; }
export type FulfillmentStatus = "processing" | "sent" | "invalid" | "scheduled" | "no_changes" | "replaced" | "canceled";
export interface CarrierFulfillment {
  carrier_id: string; status: FulfillmentStatus; errors: Issue[]; warnings: Issue[];
  sent: string | null; next_transmission: string | null;
  /** Send carriers: the feed foldStatus recomputes next_transmission from. */
  feed: { rrule: string; dtstart: string | null } | null;
}
/** An acknowledgement item's processing state; `issue_codes` lists the blocking codes when rejected. */
export type ItemState = "accepted" | "pending" | "rejected" | "canceled" | "replaced";
export interface PersonReference { reference: string; individual_type: "employee" | "dependent"; name: string; path: string; state: ItemState; issue_codes: string[]; }
export interface CoverageReference { reference: string; individual_reference: string; carrier_id: string; line_of_coverage: LineOfCoverage; path: string; state: ItemState; issue_codes: string[]; }
export interface Preview {
  valid: boolean; issues: Issue[]; carriers: CarrierStatus[]; differences: Difference[];
  transactions: MemberTransaction[]; fulfillment_summary: CarrierFulfillment[];
  status: "submitted" | "processing" | "completed" | "canceled" | "replaced";
  acknowledgement: { individuals: PersonReference[]; coverages: CoverageReference[] };
}
export interface FoldOptions { /** RFC 3339; for overdue verifications. */ now: string; /** default 7 */ verification_grace_days?: number; }
export type StatusDetailKind = "noyo_accepted" | "carrier_accepted" | "carrier_processing" | "carrier_completed" | "noyo_verified";
/** `created`: RFC 3339, or Unix time in whole seconds. */
export type StatusEvent =
  | { id: string; created: string | number; type: "transaction_status"; transaction_id: string; status_detail: StatusDetailKind }
  | { id: string; created: string | number; type: "file_transmitted"; carrier_id: string }
  | { id: string; created: string | number; type: "carrier_rejected"; carrier_id: string; errors: string[] }
  | { id: string; created: string | number; type: "snapshot_canceled" }
  | { id: string; created: string | number; type: "snapshot_replaced"; by_snapshot_id?: string };
export interface StatusDetail { status_detail: StatusDetailKind; event_created: string; }
export interface TransactionState extends MemberTransaction {
  status: "processing" | "completed" | "failed" | "canceled" | "replaced"; completed_at: string | null;
  status_details: StatusDetail[]; latest_status: StatusDetail | null;
  /** Unix seconds (seed 001); `verified_at` is the same instant in RFC 3339. */
  verified: number | null; verified_at: string | null; verified_early: boolean; overdue_verification: boolean;
}
export interface RejectedEvent { event_id: string; reason: string; message: string; }
export interface FulfillmentState {
  status: Preview["status"]; fulfillment_summary: CarrierFulfillment[]; transactions: TransactionState[];
  acknowledgement: Preview["acknowledgement"]; rejected_events: RejectedEvent[]; events: StatusEvent[];
  folded_with: { now: string; verification_grace_days: number } | null; baseline: unknown; event_issues: Issue[];
}
export interface TrackOptions { completed_difference_ids?: string[]; state?: FulfillmentState; /** YYYY-MM-DD: what is in force. */ today?: string | null; }
/** One submitted snapshot's differences (a diff or preview result with a `snapshot_id` added is one). */
export interface RequestedSnapshot { snapshot_id: string; differences: Difference[]; }
export interface Discrepancy { kind: "missing_from_carrier" | "field_mismatch" | "missing_from_platform"; key: string | null; requested: unknown; reported: unknown; note: string | null; }
export interface Tracking {
  differences: { difference_id: string; carrier_id: string; object_type: Difference["object_type"]; change: Difference["change"];
                 status: "resolved" | "open" | "discrepancy"; discrepancies: Discrepancy[]; snapshot_ids: string[] }[];
  /** Field discrepancies of records added as requested (the add itself resolved). */
  discrepancies: { id: string; difference_id: string; carrier_id: string; object_type: Difference["object_type"];
                   individual_reference: string; line_of_coverage: LineOfCoverage | null; discrepancy: Discrepancy }[];
  unrequested: { carrier_id: string; line_of_coverage: string; individual_reference: string; path: string; discrepancy: Discrepancy }[];
  issues: Issue[];
}
export interface PaymentStatusOptions { enabled?: boolean; now?: string; sent_at?: string; waiting_time_seconds?: number; }
/** See docs/api.md (Claims) for every field. */
export interface PaymentStatusResult {
  valid: boolean; issues: Issue[]; claim: Record<string, unknown> | null;
  requests: { serviced_entity: { type: "person" | "object"; code: string }; start_date: string; end_date: string;
              products: { code: string; start_date: string | null; end_date: string | null }[] }[];
  summary: Record<string, unknown> | null;
}
export interface BenefitFilterResult { valid: boolean; issues: Issue[]; claim: Record<string, unknown> | null; summary: Record<string, unknown> | null; }
export interface CallbackRequest { event_id: string; created: string; snapshot_id: string; transaction_id?: string; partner_reference?: string; employee_reference?: string; }
/** Seed 000's six categories; see docs/api.md (Callbacks). */
export interface CallbackPayload {
  event_id: string; event_type: "transaction.updated" | "snapshot.updated"; created: string;
  identifiers: { snapshot_id: string; transaction_id?: string | null; carrier_id?: string | null; group_id?: string | null; partner_reference?: string | null; employee_reference?: string | null };
  processing_status: { status: "submitted" | "processing" | "completed" | "failed" | "canceled" | "replaced"; status_detail?: StatusDetailKind | null; succeeded: boolean; requires_action: boolean };
  validation_feedback: { code: string; severity: Severity; message: string; path: string }[];
  completion: { completed_at?: string | null; verified_at?: string | null; individual_references?: string[]; coverage_references?: string[] } | null;
  follow_up: { kind: "evidence_of_insurability" | "documentation" | "correction"; description: string; reference?: string | null; due_date?: string | null }[];
  financial_summary: FinancialSummary | null;
  fulfillment_summary?: { carrier_id: string; status: FulfillmentStatus; sent: string | null; next_transmission: string | null;
                          errors: { code: string; severity: Severity; message: string; path: string }[] }[];
}
export interface Cents { monthly_cents: number; employer_cents: number; employee_cents: number; }
export interface FinancialSummary {
  on: string; total: Cents; change: Cents | null;
  lines: { line_of_coverage: LineOfCoverage | null; carrier_id: string | null; plan_id: string | null;
           calculation_type: "family_unit_based" | "member_based" | "member_based_volume" | null; tier: string | null;
           /** false: amounts are null and unpriced_reason says why (never a price of 0). */
           priced: boolean; unpriced_reason: { code: string; message: string } | null;
           monthly_cents: number | null; employer_cents: number | null; employee_cents: number | null }[];
}
export interface Verification { valid: boolean; code: string | null; message: string | null; }
export interface ParsedCallback { valid: boolean; payload: CallbackPayload | null; issues: Issue[]; }
/** Thrown for API misuse; `code` is INVALID_CONFIG, INVALID_OPTIONS or INVALID_ARGUMENT. */
export interface EngineError extends Error { code: string; issues: Issue[]; }
"#;

#[wasm_bindgen]
extern "C" {
    /// `validate`'s options object; typed so the declaration says `options?:`.
    #[wasm_bindgen(typescript_type = "ValidateOptions")]
    pub type ValidateOptionsArg;
    /// `diff`'s options object.
    #[wasm_bindgen(typescript_type = "DiffOptions")]
    pub type DiffOptionsArg;
    /// `preview`'s options object (`now` is required).
    #[wasm_bindgen(typescript_type = "PreviewOptions")]
    pub type PreviewOptionsArg;

    /// The platform's `TextEncoder`. Its `encode` is native code, where
    /// wasm-bindgen's own string passing copies ASCII one `charCodeAt` at a
    /// time: 0.56 × `JSON.parse` of Noyo's example, against 0.18 × this way
    /// (`node bench/strings.mjs`).
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method)]
    fn encode(this: &TextEncoder, text: &JsValue) -> Vec<u8>;
}

#[cfg(feature = "lifecycle")]
#[wasm_bindgen]
extern "C" {
    /// `foldStatus`'s options object (`now` is required).
    #[wasm_bindgen(typescript_type = "FoldOptions")]
    pub type FoldOptionsArg;
    /// `track`'s options object.
    #[wasm_bindgen(typescript_type = "TrackOptions")]
    pub type TrackOptionsArg;
}

thread_local! {
    static ENCODER: TextEncoder = TextEncoder::new();
}

/// A JS string's text (UTF-8; lone surrogates become U+FFFD, as any JS
/// string-to-UTF-8 conversion does), or `None` for other values.
fn js_string(v: &JsValue) -> Option<String> {
    let s = v.dyn_ref::<js_sys::JsString>()?;
    // `encode` allocates a Uint8Array first: below a few hundred characters
    // (options, small documents) wasm-bindgen's own copy is cheaper.
    if s.length() < 256 {
        return v.as_string();
    }
    let bytes = ENCODER.with(|e| e.encode(v));
    String::from_utf8(bytes).ok()
}

/// The engine for one employer group (JS class `Engine`).
#[wasm_bindgen(js_name = Engine)]
pub struct JsEngine {
    // Shared with the PreparedSnapshots it makes, which outlive nothing else.
    inner: Rc<crate::Engine>,
}

#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    /// Builds an engine from a group configuration (object or JSON string).
    /// Throws an EngineError with code INVALID_CONFIG and `issues` when the
    /// configuration has errors.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Document")] config: JsValue,
    ) -> Result<JsEngine, JsValue> {
        let text = document_text(&config, "config")?;
        crate::Engine::from_config_str(&text)
            .map(|inner| JsEngine {
                inner: Rc::new(inner),
            })
            .map_err(|e| js_error(&e))
    }

    /// Validates a snapshot (object or JSON string).
    #[wasm_bindgen(unchecked_return_type = "ValidationResult")]
    pub fn validate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Document")] snapshot: JsValue,
        options: Option<ValidateOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        let opts = options_from(options.as_ref().map(|o| o.as_ref()))?;
        let text = document_text(&snapshot, "snapshot")?;
        to_js(&self.inner.validate_str(&text, &opts))
    }

    /// Compares the previous snapshot (`null` for a first submission) with the
    /// current one: differences per carrier and member transactions.
    #[wasm_bindgen(unchecked_return_type = "DiffResult")]
    pub fn diff(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Document | null")] previous: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Document")] current: JsValue,
        options: Option<DiffOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        let opts = diff_options(options)?;
        let prev = previous_text(&previous)?;
        let cur = document_text(&current, "current")?;
        to_js(&self.inner.diff_str(prev.as_deref(), &cur, &opts))
    }

    /// Reads a previous snapshot once, for many previews or diffs against it
    /// (`prepared.preview(current, options)` on every keystroke). Call
    /// `free()` on it when done, or leave it to the garbage collector.
    pub fn prepare(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Document")] previous: JsValue,
    ) -> Result<JsPreparedSnapshot, JsValue> {
        let text = document_text(&previous, "previous")?;
        Ok(JsPreparedSnapshot {
            prepared: self.inner.prepare(&text),
            engine: Rc::clone(&self.inner),
        })
    }

    /// Validation, diff, fulfillment summary, snapshot status and acknowledgement.
    #[wasm_bindgen(unchecked_return_type = "Preview")]
    pub fn preview(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Document | null")] previous: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Document")] current: JsValue,
        options: PreviewOptionsArg,
    ) -> Result<JsValue, JsValue> {
        let opts = preview_options(&options)?;
        let prev = previous_text(&previous)?;
        let cur = document_text(&current, "current")?;
        to_js(&self.inner.preview_str(prev.as_deref(), &cur, &opts))
    }

    /// Warnings found in the configuration when it was loaded.
    #[wasm_bindgen(js_name = configIssues, unchecked_return_type = "Issue[]")]
    pub fn config_issues(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.config_issues())
    }
}

/// The lifecycle methods of `Engine` (feature `lifecycle`).
#[cfg(feature = "lifecycle")]
#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    /// Tracks requested differences against a carrier-reported member state.
    #[wasm_bindgen(unchecked_return_type = "Tracking")]
    pub fn track(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Document")] current: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DiffResult | Preview | Difference[] | RequestedSnapshot[]")]
        requested: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Document")] report: JsValue,
        options: Option<TrackOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        let opts = options_json(options.as_ref().map(|o| o.as_ref()))?;
        let requested = json_value(&requested, "requested")?;
        let cur = document_text(&current, "current")?;
        let rep = document_text(&report, "report")?;
        to_js(
            &self
                .inner
                .track_json(&cur, &requested, &rep, &opts)
                .map_err(|e| js_error(&e))?,
        )
    }

    /// The partner status callback (seed 000) for the snapshot, or for one of
    /// its transactions when `request.transaction_id` is given.
    #[wasm_bindgen(js_name = buildCallback, unchecked_return_type = "CallbackPayload")]
    pub fn build_callback(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Preview")] preview: JsValue,
        #[wasm_bindgen(unchecked_param_type = "FulfillmentState | null")] state: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CallbackRequest")] request: JsValue,
    ) -> Result<JsValue, JsValue> {
        let preview = json_value(&preview, "preview")?;
        let state = if state.is_null() || state.is_undefined() {
            None
        } else {
            Some(json_value(&state, "state")?)
        };
        let request = json_value(&request, "request")?;
        to_js(
            &self
                .inner
                .build_callback_json(&preview, state.as_ref(), &request)
                .map_err(|e| js_error(&e))?,
        )
    }
}

/// A previous snapshot read once by `engine.prepare(previous)` (JS class
/// `PreparedSnapshot`): its previews and diffs equal the engine's with the
/// same previous document.
#[wasm_bindgen(js_name = PreparedSnapshot)]
pub struct JsPreparedSnapshot {
    engine: Rc<crate::Engine>,
    prepared: PreparedSnapshot,
}

#[wasm_bindgen(js_class = PreparedSnapshot)]
impl JsPreparedSnapshot {
    /// `engine.preview(previous, current, options)` without reading `previous` again.
    #[wasm_bindgen(unchecked_return_type = "Preview")]
    pub fn preview(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Document")] current: JsValue,
        options: PreviewOptionsArg,
    ) -> Result<JsValue, JsValue> {
        let opts = preview_options(&options)?;
        let cur = document_text(&current, "current")?;
        to_js(&self.engine.preview_prepared(Some(&self.prepared), &cur, &opts))
    }

    /// `engine.diff(previous, current, options)` without reading `previous` again.
    #[wasm_bindgen(unchecked_return_type = "DiffResult")]
    pub fn diff(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Document")] current: JsValue,
        options: Option<DiffOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        let opts = diff_options(options)?;
        let cur = document_text(&current, "current")?;
        to_js(&self.engine.diff_prepared(Some(&self.prepared), &cur, &opts))
    }

    /// Refuses to be read as a document: `engine.preview(prepared, ...)`
    /// would otherwise compare against `{"__wbg_ptr": …}`.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        Err(misuse(
            "a PreparedSnapshot is not a document: call prepared.preview(current, options) or prepared.diff(current)",
        ))
    }
}

fn diff_options(options: Option<DiffOptionsArg>) -> Result<DiffOptions, JsValue> {
    DiffOptions::from_json(&options_json(options.as_ref().map(|o| o.as_ref()))?).map_err(|e| js_error(&e))
}

fn preview_options(options: &PreviewOptionsArg) -> Result<PreviewOptions, JsValue> {
    PreviewOptions::from_json(&options_json(Some(options.as_ref()))?).map_err(|e| js_error(&e))
}

/// Checks a group configuration without building an engine.
#[wasm_bindgen(js_name = checkConfig, unchecked_return_type = "ConfigCheck")]
pub fn check_config(
    #[wasm_bindgen(unchecked_param_type = "Document")] config: JsValue,
) -> Result<JsValue, JsValue> {
    let text = document_text(&config, "config")?;
    to_js(&validate::check_config_str(&text, validate::DEFAULT_MAX_INPUT_BYTES).1)
}

/// Folds status events onto a preview's (or a previous fold's) state.
#[cfg(feature = "lifecycle")]
#[wasm_bindgen(js_name = foldStatus, unchecked_return_type = "FulfillmentState")]
pub fn fold_status(
    #[wasm_bindgen(unchecked_param_type = "Preview | FulfillmentState")] state: JsValue,
    #[wasm_bindgen(unchecked_param_type = "StatusEvent[] | string")] events: JsValue,
    options: FoldOptionsArg,
) -> Result<JsValue, JsValue> {
    let opts = FoldOptions::from_json(&options_json(Some(options.as_ref()))?).map_err(|e| js_error(&e))?;
    let state = json_value(&state, "state")?;
    let events = json_value(&events, "events")?;
    to_js(&crate::fulfillment::fold::fold_json(&state, &events, &opts).map_err(|e| js_error(&e))?)
}

/// Claims (seed 003): the payment-status requests to send for a claim.
#[cfg(feature = "claims")]
#[wasm_bindgen(js_name = planPaymentStatusRequests, unchecked_return_type = "PaymentStatusResult")]
pub fn plan_payment_status_requests(
    #[wasm_bindgen(unchecked_param_type = "Document")] claim: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Document")] enrollment: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PaymentStatusOptions | Document")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let claim = document_text(&claim, "claim")?;
    let enrollment = document_text(&enrollment, "enrollment")?;
    let options = optional_text(options.as_ref(), "options")?;
    to_js(&crate::claims::plan_payment_status_requests_str(
        &claim,
        &enrollment,
        &options,
    ))
}

/// Claims (seed 003): validates the payment-status responses and attaches
/// their messages to the claim lines.
#[cfg(feature = "claims")]
#[wasm_bindgen(js_name = applyPaymentStatus, unchecked_return_type = "PaymentStatusResult")]
pub fn apply_payment_status(
    #[wasm_bindgen(unchecked_param_type = "Document")] claim: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Document")] enrollment: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Document")] responses: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Document")] catalogue: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PaymentStatusOptions | Document")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let claim = document_text(&claim, "claim")?;
    let enrollment = document_text(&enrollment, "enrollment")?;
    let responses = document_text(&responses, "responses")?;
    let catalogue = document_text(&catalogue, "catalogue")?;
    let options = optional_text(options.as_ref(), "options")?;
    to_js(&crate::claims::apply_payment_status_str(
        &claim,
        &enrollment,
        &responses,
        &catalogue,
        &options,
    ))
}

/// Claims (seed 003): after benefits, keeps only the payment-status messages
/// of the products that provide each line's benefit.
#[cfg(feature = "claims")]
#[wasm_bindgen(js_name = applyBenefitFilter, unchecked_return_type = "BenefitFilterResult")]
pub fn apply_benefit_filter(
    #[wasm_bindgen(unchecked_param_type = "Document")] claim: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Document")] benefits: JsValue,
) -> Result<JsValue, JsValue> {
    let claim = document_text(&claim, "claim")?;
    let benefits = document_text(&benefits, "benefits")?;
    to_js(&crate::claims::apply_benefit_filter_str(&claim, &benefits))
}

/// HMAC-SHA256 (hex) of `timestamp + "." + body`: the callback signature.
#[cfg(feature = "lifecycle")]
#[wasm_bindgen(js_name = signCallback)]
pub fn sign_callback(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] secret: JsValue,
    timestamp: f64,
    body: &str,
) -> Result<String, JsValue> {
    Ok(crate::callback::sign(
        &secret_bytes(&secret)?,
        unix_seconds(timestamp, "timestamp")?,
        body,
    ))
}

/// Verifies a callback signature (constant time) within `tolerance_seconds` of `now`.
#[cfg(feature = "lifecycle")]
#[wasm_bindgen(js_name = verifyCallback, unchecked_return_type = "Verification")]
pub fn verify_callback(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] secret: JsValue,
    timestamp: f64,
    body: &str,
    signature: &str,
    now: f64,
    tolerance_seconds: f64,
) -> Result<JsValue, JsValue> {
    let secret = secret_bytes(&secret)?;
    let (ts, now) = (unix_seconds(timestamp, "timestamp")?, unix_seconds(now, "now")?);
    let tolerance = unix_seconds(tolerance_seconds, "toleranceSeconds")?;
    let outcome = crate::callback::verify(&secret, ts, body, signature, now, tolerance);
    to_js(&crate::callback::Verification::from(outcome))
}

/// Parses and validates an incoming callback payload (JSON text or object).
#[cfg(feature = "lifecycle")]
#[wasm_bindgen(js_name = parseCallback, unchecked_return_type = "ParsedCallback")]
pub fn parse_callback(
    #[wasm_bindgen(unchecked_param_type = "Document")] body: JsValue,
) -> Result<JsValue, JsValue> {
    let text = document_text(&body, "body")?;
    to_js(&crate::callback::parse_callback_str(&text))
}

/// Every issue code the engine can report (the catalogue behind docs/rules.md).
#[wasm_bindgen(js_name = issueCodes, unchecked_return_type = "RuleInfo[]")]
pub fn issue_codes() -> Result<JsValue, JsValue> {
    to_js(&crate::codes::all_rules())
}

/// Bytes of linear memory the instance holds: it only grows, so a steady
/// value over many calls means no leak (bench/memory.mjs, tests/js/memory.test.mjs).
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    let pages = core::arch::wasm32::memory_size(0);
    #[cfg(not(target_arch = "wasm32"))]
    let pages = 0usize;
    (pages * 65_536) as f64
}

/// Masks every SSN-shaped token in `text`: the engine's one masking function
/// (docs/api.md, Privacy), for text an application prints next to results.
#[wasm_bindgen(js_name = scrubText)]
pub fn scrub_text(text: &str) -> String {
    crate::privacy::scrub(text).into_owned()
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// A document argument as JSON text: strings as given, other values stringified.
fn document_text(v: &JsValue, what: &str) -> Result<String, JsValue> {
    if let Some(s) = js_string(v) {
        return Ok(s);
    }
    if v.is_undefined() {
        return Err(misuse(&format!("{what} is missing (undefined)")));
    }
    match JSON::stringify(v) {
        Ok(s) => js_string(&s).ok_or_else(|| misuse(&format!("{what} cannot be represented as JSON"))),
        Err(e) => {
            let why = Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_default();
            Err(misuse(&format!("{what} cannot be converted to JSON: {why}")))
        }
    }
}

/// An options argument as JSON (`null` when absent).
fn options_json(v: Option<&JsValue>) -> Result<serde_json::Value, JsValue> {
    let Some(v) = v.filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(serde_json::Value::Null);
    };
    let text = document_text(v, "options")?;
    serde_json::from_str(&text).map_err(|_| misuse("options cannot be read as JSON"))
}

fn options_from(v: Option<&JsValue>) -> Result<ValidateOptions, JsValue> {
    ValidateOptions::from_json(&options_json(v)?).map_err(|e| js_error(&e))
}

/// A JSON argument (object or JSON text) as a value; text that is not JSON is misuse.
#[cfg(feature = "lifecycle")]
fn json_value(v: &JsValue, what: &str) -> Result<serde_json::Value, JsValue> {
    let text = document_text(v, what)?;
    serde_json::from_str(&text).map_err(|e| {
        misuse(&format!(
            "{what} is not JSON: {}",
            crate::privacy::serde_reason(&e)
        ))
    })
}

/// An optional document argument as JSON text ("" when absent: the defaults).
#[cfg(feature = "claims")]
fn optional_text(v: Option<&JsValue>, what: &str) -> Result<String, JsValue> {
    match v.filter(|v| !v.is_undefined() && !v.is_null()) {
        Some(v) => document_text(v, what),
        None => Ok(String::new()),
    }
}

/// A secret key: a string's UTF-8 bytes (as Node's createHmac takes it) or raw bytes.
#[cfg(feature = "lifecycle")]
fn secret_bytes(v: &JsValue) -> Result<Vec<u8>, JsValue> {
    if let Some(s) = v.as_string() {
        return Ok(s.into_bytes());
    }
    if v.is_instance_of::<js_sys::Uint8Array>() {
        return Ok(js_sys::Uint8Array::new(v).to_vec());
    }
    Err(misuse("secret must be a string or a Uint8Array"))
}

/// A whole number of seconds that fits a JS safe integer.
#[cfg(feature = "lifecycle")]
fn unix_seconds(v: f64, what: &str) -> Result<i64, JsValue> {
    const SAFE: f64 = 9_007_199_254_740_991.0;
    if v.is_finite() && v.fract() == 0.0 && v.abs() <= SAFE {
        return Ok(v as i64);
    }
    Err(misuse(&format!("{what} must be a whole number of seconds")))
}

/// The previous snapshot: `null` (or `undefined`) for a first submission.
fn previous_text(v: &JsValue) -> Result<Option<String>, JsValue> {
    if v.is_null() || v.is_undefined() {
        return Ok(None);
    }
    document_text(v, "previous").map(Some)
}

fn misuse(message: &str) -> JsValue {
    js_error(&EngineError::new(ErrorCode::InvalidArgument, message))
}

/// A JS `Error` named EngineError with `code` and `issues` properties; its
/// message is scrubbed by `EngineError`'s Display, its issues by `to_js`.
fn js_error(e: &EngineError) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("EngineError");
    let issues = to_js(&e.issues).unwrap_or_else(|_| js_sys::Array::new().into());
    // Setting properties on a fresh Error cannot fail; ignore the Results.
    let _ = Reflect::set(&err, &"code".into(), &e.code.as_str().into());
    let _ = Reflect::set(&err, &"issues".into(), &issues);
    err.into()
}

thread_local! {
    /// The results' JSON text, written into one buffer kept between calls: a
    /// preview's is ~10 KB, and a fresh `String` would grow (and copy) seven
    /// times on the way (docs/performance.md).
    static RESULT_TEXT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Past this, the buffer is let go after the call rather than kept.
const KEPT_RESULT_BYTES: usize = 1 << 20;

/// Serializes a result to JSON text through the privacy layer (SSNs masked
/// in every string and number) and parses it in JS (plain objects).
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let failed = |e: &dyn std::fmt::Display| JsValue::from_str(&e.to_string());
    RESULT_TEXT.with(|cell| {
        let Ok(mut buf) = cell.try_borrow_mut() else {
            // Only if JSON.parse ever called back into wasm: a fresh buffer.
            return JSON::parse(&crate::privacy::to_string(value).map_err(|e| failed(&e))?);
        };
        buf.clear();
        // Through the privacy layer: every string and number scrubbed.
        let parsed = crate::privacy::to_writer(&mut *buf, value)
            .map_err(|e| failed(&e))
            .and_then(|()| std::str::from_utf8(&buf).map_err(|e| failed(&e)))
            .and_then(JSON::parse);
        if buf.capacity() > KEPT_RESULT_BYTES {
            *buf = Vec::new();
        }
        parsed
    })
}
