//! The JavaScript binding (wasm32 only): translates JS values to the core's
//! inputs and its results back, and nothing else.
//!
//! Documents cross as JSON text: a JS string is taken as is, an object is
//! `JSON.stringify`-ed first (measured faster than walking it with
//! serde-wasm-bindgen; docs/performance.md). Results go out as JSON text
//! through `JSON.parse`, so JS always gets plain objects, never `Map`s.
//!
//! Every argument is measured on the JS side before anything is copied into
//! wasm memory (`measure`): linear memory never shrinks, so a 300 MB string
//! copied in and then refused would stay held for the instance's life. Text
//! over the input limit (4 MiB of UTF-8) becomes `Source::TooLarge` and gets
//! the answer the core gives an oversized document.
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
use crate::validate::{Source, DEFAULT_MAX_INPUT_BYTES};

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
/** A callback body: the text, or the raw bytes received (a Buffer is a Uint8Array). */
export type CallbackBody = string | Uint8Array | ArrayBuffer;
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
    /// (`node bench/strings.mjs`). It returns a JS `Uint8Array`, measured
    /// before it is copied in.
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method)]
    fn encode(this: &TextEncoder, text: &JsValue) -> js_sys::Uint8Array;
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

/// An argument as it entered wasm memory: its text or bytes, or only the
/// news that it was over the limit (then nothing was copied).
enum Measured<T> {
    Fits(T),
    TooLarge,
}

impl Measured<String> {
    fn source(&self) -> Source<'_> {
        match self {
            Measured::Fits(t) => Source::Text(t),
            Measured::TooLarge => Source::TooLarge,
        }
    }
}

/// A JS string's text, measured before it is copied: more UTF-16 units than
/// the limit is refused at once (UTF-8 never has fewer bytes than UTF-16
/// units), else its UTF-8 (lone surrogates become U+FFFD, as any JS
/// string-to-UTF-8 conversion does) is measured in JS, then copied. `None`
/// for other values.
fn js_string(v: &JsValue, limit: usize) -> Option<Measured<String>> {
    let s = v.dyn_ref::<js_sys::JsString>()?;
    let units = usize::try_from(s.length()).unwrap_or(usize::MAX);
    if units > limit {
        return Some(Measured::TooLarge);
    }
    // `encode` allocates a Uint8Array first: below a few hundred characters
    // (options, small documents; at most 768 bytes) wasm-bindgen's own copy
    // is cheaper.
    if units < 256 {
        return v.as_string().map(Measured::Fits);
    }
    let bytes = ENCODER.with(|e| e.encode(v));
    Some(match copy_bytes(&bytes, limit) {
        Some(bytes) => Measured::Fits(String::from_utf8(bytes).ok()?),
        None => Measured::TooLarge,
    })
}

/// A JS byte array's contents, or `None` (not copied) when over `limit`.
fn copy_bytes(bytes: &js_sys::Uint8Array, limit: usize) -> Option<Vec<u8>> {
    let len = usize::try_from(bytes.byte_length()).unwrap_or(usize::MAX);
    (len <= limit).then(|| bytes.to_vec())
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
    /// configuration has errors (or is over the input limit).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Document")] config: JsValue,
    ) -> Result<JsEngine, JsValue> {
        let text = document_text(&config, "config", DEFAULT_MAX_INPUT_BYTES)?;
        crate::Engine::from_config_str(text.source())
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
        let text = self.document(&snapshot, "snapshot")?;
        to_js(&self.inner.validate_str(text.source(), &opts))
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
        let prev = self.previous(&previous)?;
        let cur = self.document(&current, "current")?;
        to_js(&self.inner.diff_prepared(prev.as_ref(), cur.source(), &opts))
    }

    /// Reads a previous snapshot once, for many previews or diffs against it
    /// (`prepared.preview(current, options)` on every keystroke). Call
    /// `free()` on it when done, or leave it to the garbage collector.
    pub fn prepare(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Document")] previous: JsValue,
    ) -> Result<JsPreparedSnapshot, JsValue> {
        let text = self.document(&previous, "previous")?;
        Ok(JsPreparedSnapshot {
            prepared: self.inner.prepare(text.source()),
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
        let prev = self.previous(&previous)?;
        let cur = self.document(&current, "current")?;
        to_js(&self.inner.preview_prepared(prev.as_ref(), cur.source(), &opts))
    }

    /// Warnings found in the configuration when it was loaded.
    #[wasm_bindgen(js_name = configIssues, unchecked_return_type = "Issue[]")]
    pub fn config_issues(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.config_issues())
    }
}

impl JsEngine {
    /// A document argument, measured against this engine's input limit.
    fn document(&self, v: &JsValue, what: &str) -> Result<Measured<String>, JsValue> {
        document_text(v, what, self.inner.max_input_bytes())
    }

    /// The previous snapshot, read for comparison: `null` (or `undefined`)
    /// for a first submission. What `diff_str`/`preview_str` do with it.
    fn previous(&self, v: &JsValue) -> Result<Option<PreparedSnapshot>, JsValue> {
        if v.is_null() || v.is_undefined() {
            return Ok(None);
        }
        let text = self.document(v, "previous")?;
        Ok(Some(self.inner.prepare(text.source())))
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
        let cur = self.document(&current, "current")?;
        let rep = self.document(&report, "report")?;
        to_js(
            &self
                .inner
                .track_json(cur.source(), &requested, rep.source(), &opts)
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
        let cur = document_text(&current, "current", self.engine.max_input_bytes())?;
        to_js(
            &self
                .engine
                .preview_prepared(Some(&self.prepared), cur.source(), &opts),
        )
    }

    /// `engine.diff(previous, current, options)` without reading `previous` again.
    #[wasm_bindgen(unchecked_return_type = "DiffResult")]
    pub fn diff(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Document")] current: JsValue,
        options: Option<DiffOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        let opts = diff_options(options)?;
        let cur = document_text(&current, "current", self.engine.max_input_bytes())?;
        to_js(
            &self
                .engine
                .diff_prepared(Some(&self.prepared), cur.source(), &opts),
        )
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
    let text = document_text(&config, "config", DEFAULT_MAX_INPUT_BYTES)?;
    to_js(&validate::check_config_str(text.source(), DEFAULT_MAX_INPUT_BYTES).1)
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
    let claim = document_text(&claim, "claim", DEFAULT_MAX_INPUT_BYTES)?;
    let enrollment = document_text(&enrollment, "enrollment", DEFAULT_MAX_INPUT_BYTES)?;
    let options = optional_text(options.as_ref(), "options")?;
    to_js(&crate::claims::plan_payment_status_requests_str(
        claim.source(),
        enrollment.source(),
        options.source(),
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
    let claim = document_text(&claim, "claim", DEFAULT_MAX_INPUT_BYTES)?;
    let enrollment = document_text(&enrollment, "enrollment", DEFAULT_MAX_INPUT_BYTES)?;
    let responses = document_text(&responses, "responses", DEFAULT_MAX_INPUT_BYTES)?;
    let catalogue = document_text(&catalogue, "catalogue", DEFAULT_MAX_INPUT_BYTES)?;
    let options = optional_text(options.as_ref(), "options")?;
    to_js(&crate::claims::apply_payment_status_str(
        claim.source(),
        enrollment.source(),
        responses.source(),
        catalogue.source(),
        options.source(),
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
    let claim = document_text(&claim, "claim", DEFAULT_MAX_INPUT_BYTES)?;
    let benefits = document_text(&benefits, "benefits", DEFAULT_MAX_INPUT_BYTES)?;
    to_js(&crate::claims::apply_benefit_filter_str(
        claim.source(),
        benefits.source(),
    ))
}

/// HMAC-SHA256 (hex) of `timestamp + "." + body`: the callback signature.
/// Throws INVALID_ARGUMENT for a secret under 16 bytes, a body that is not a
/// string, Uint8Array or ArrayBuffer, or one over the input limit.
#[cfg(feature = "lifecycle")]
#[wasm_bindgen(js_name = signCallback)]
pub fn sign_callback(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] secret: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] timestamp: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CallbackBody")] body: JsValue,
) -> Result<String, JsValue> {
    let secret = callback_secret(&secret)?;
    let timestamp = unix_seconds(&timestamp, "timestamp")?;
    let Measured::Fits(body) = callback_body(&body)? else {
        return Err(too_large_error(ErrorCode::InvalidArgument, "body"));
    };
    Ok(crate::callback::sign(&secret, timestamp, body))
}

/// Verifies a callback signature (constant time) within `tolerance_seconds`
/// of `now` (0 to 3600). A body over the input limit is not read:
/// `{valid: false, code: "input_too_large"}`.
#[cfg(feature = "lifecycle")]
#[wasm_bindgen(js_name = verifyCallback, unchecked_return_type = "Verification")]
pub fn verify_callback(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] secret: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] timestamp: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CallbackBody")] body: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] signature: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] now: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] tolerance_seconds: JsValue,
) -> Result<JsValue, JsValue> {
    use crate::callback::{Verification, VerifyError};
    let secret = callback_secret(&secret)?;
    let (ts, now) = (unix_seconds(&timestamp, "timestamp")?, unix_seconds(&now, "now")?);
    let tolerance = tolerance(&tolerance_seconds)?;
    let signature = signature_text(&signature)?;
    let outcome = match callback_body(&body)? {
        Measured::Fits(body) => crate::callback::verify(&secret, ts, body, &signature, now, tolerance),
        Measured::TooLarge => Err(VerifyError::BodyTooLarge),
    };
    to_js(&Verification::from(outcome))
}

/// Parses and validates an incoming callback payload: JSON text, an object,
/// or the raw bytes received (Uint8Array, Buffer, ArrayBuffer: the body
/// `verifyCallback` checked), measured before the copy.
#[cfg(feature = "lifecycle")]
#[wasm_bindgen(js_name = parseCallback, unchecked_return_type = "ParsedCallback")]
pub fn parse_callback(
    #[wasm_bindgen(unchecked_param_type = "Document | Uint8Array | ArrayBuffer")] body: JsValue,
) -> Result<JsValue, JsValue> {
    let bytes = body.is_instance_of::<js_sys::Uint8Array>() || body.is_instance_of::<js_sys::ArrayBuffer>();
    if bytes {
        return to_js(&match js_bytes(&body) {
            Some(Measured::Fits(b)) => crate::callback::parse_callback_bytes(&b),
            _ => crate::callback::parse_callback_str(Source::TooLarge),
        });
    }
    let text = document_text(&body, "body", DEFAULT_MAX_INPUT_BYTES)?;
    to_js(&crate::callback::parse_callback_str(text.source()))
}

/// Every issue code the engine can report (the catalogue behind docs/rules.md).
#[wasm_bindgen(js_name = issueCodes, unchecked_return_type = "RuleInfo[]")]
pub fn issue_codes() -> Result<JsValue, JsValue> {
    to_js(&crate::codes::all_rules())
}

/// Bytes of linear memory the instance holds: it only grows (wasm memory
/// cannot shrink), so a steady value over many calls means no leak
/// (bench/memory.mjs, tests/js/memory.test.mjs).
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
///
/// The text is measured before it is copied in, like any document: over the
/// input limit (4 MiB of UTF-8) is an EngineError `INVALID_ARGUMENT` with the
/// `input_too_large` issue; a value that is not a string, `INVALID_ARGUMENT`.
#[wasm_bindgen(js_name = scrubText)]
pub fn scrub_text(#[wasm_bindgen(unchecked_param_type = "string")] text: JsValue) -> Result<String, JsValue> {
    match js_string(&text, DEFAULT_MAX_INPUT_BYTES) {
        Some(Measured::Fits(t)) => Ok(crate::privacy::scrub(&t).into_owned()),
        Some(Measured::TooLarge) => Err(too_large_error(ErrorCode::InvalidArgument, "text")),
        None => Err(misuse("text must be a string")),
    }
}

/// Bytes the Rust allocator has handed out and not taken back: between
/// calls, the engine's steady state (thread-local buffers, engines and
/// prepared snapshots alive); it returns there after every call.
#[wasm_bindgen(js_name = heapBytes)]
pub fn heap_bytes() -> f64 {
    heap::live() as f64
}

/// The most bytes allocated at once since the previous `heapPeakBytes()`
/// call (or the start); the peak is then reset to what is allocated now.
#[wasm_bindgen(js_name = heapPeakBytes)]
pub fn heap_peak_bytes() -> f64 {
    heap::take_peak() as f64
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// A document argument as JSON text: strings as given, other values
/// stringified (in JS); measured against `limit` before it is copied.
fn document_text(v: &JsValue, what: &str, limit: usize) -> Result<Measured<String>, JsValue> {
    if let Some(text) = js_string(v, limit) {
        return Ok(text);
    }
    if v.is_undefined() {
        return Err(misuse(&format!("{what} is missing (undefined)")));
    }
    match JSON::stringify(v) {
        Ok(s) => js_string(&s, limit).ok_or_else(|| misuse(&format!("{what} cannot be represented as JSON"))),
        Err(e) => {
            let why = Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_default();
            Err(misuse(&format!("{what} cannot be converted to JSON: {why}")))
        }
    }
}

/// The EngineError for an argument over the input limit: `code`, and the
/// `input_too_large` issue.
fn too_large_error(code: ErrorCode, what: &str) -> JsValue {
    let issue = crate::validate::too_large(DEFAULT_MAX_INPUT_BYTES);
    let mut e = EngineError::new(code, format!("{what}: {}", issue.message));
    e.issues = vec![issue];
    js_error(&e)
}

/// An options argument as JSON (`null` when absent).
fn options_json(v: Option<&JsValue>) -> Result<serde_json::Value, JsValue> {
    let Some(v) = v.filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(serde_json::Value::Null);
    };
    let Measured::Fits(text) = document_text(v, "options", DEFAULT_MAX_INPUT_BYTES)? else {
        return Err(too_large_error(ErrorCode::InvalidOptions, "options"));
    };
    serde_json::from_str(&text).map_err(|_| misuse("options cannot be read as JSON"))
}

fn options_from(v: Option<&JsValue>) -> Result<ValidateOptions, JsValue> {
    ValidateOptions::from_json(&options_json(v)?).map_err(|e| js_error(&e))
}

/// A JSON argument (object or JSON text) as a value; text that is not JSON,
/// or over the input limit, is misuse.
#[cfg(feature = "lifecycle")]
fn json_value(v: &JsValue, what: &str) -> Result<serde_json::Value, JsValue> {
    let Measured::Fits(text) = document_text(v, what, DEFAULT_MAX_INPUT_BYTES)? else {
        return Err(too_large_error(ErrorCode::InvalidArgument, what));
    };
    serde_json::from_str(&text).map_err(|e| {
        misuse(&format!(
            "{what} is not JSON: {}",
            crate::privacy::serde_reason(&e)
        ))
    })
}

/// An optional document argument as JSON text ("" when absent: the defaults).
#[cfg(feature = "claims")]
fn optional_text(v: Option<&JsValue>, what: &str) -> Result<Measured<String>, JsValue> {
    match v.filter(|v| !v.is_undefined() && !v.is_null()) {
        Some(v) => document_text(v, what, DEFAULT_MAX_INPUT_BYTES),
        None => Ok(Measured::Fits(String::new())),
    }
}

/// A secret key of at least 16 bytes: a string's UTF-8 bytes (as Node's
/// createHmac takes it) or raw bytes. The message never shows the secret.
#[cfg(feature = "lifecycle")]
fn callback_secret(v: &JsValue) -> Result<crate::callback::CallbackSecret, JsValue> {
    let bytes = match js_bytes(v) {
        Some(Measured::Fits(bytes)) => bytes,
        Some(Measured::TooLarge) => return Err(too_large_error(ErrorCode::InvalidArgument, "secret")),
        None => return Err(misuse("secret must be a string or a Uint8Array")),
    };
    crate::callback::CallbackSecret::new(bytes).map_err(|e| js_error(&e))
}

/// A callback body: the raw bytes received, as a Uint8Array (a Node Buffer
/// is one) or an ArrayBuffer, or a string (its UTF-8). Anything else, an
/// object or a number, is refused without being read.
#[cfg(feature = "lifecycle")]
fn callback_body(v: &JsValue) -> Result<Measured<Vec<u8>>, JsValue> {
    js_bytes(v).ok_or_else(|| {
        misuse("body must be a string, a Uint8Array (or Buffer) or an ArrayBuffer: the raw bytes received")
    })
}

/// A string's UTF-8, or a Uint8Array's or ArrayBuffer's bytes, measured
/// before the copy; `None` for other values.
#[cfg(feature = "lifecycle")]
fn js_bytes(v: &JsValue) -> Option<Measured<Vec<u8>>> {
    let limit = DEFAULT_MAX_INPUT_BYTES;
    if let Some(text) = js_string(v, limit) {
        return Some(match text {
            Measured::Fits(s) => Measured::Fits(s.into_bytes()),
            Measured::TooLarge => Measured::TooLarge,
        });
    }
    let bytes = if v.is_instance_of::<js_sys::Uint8Array>() {
        v.clone().unchecked_into::<js_sys::Uint8Array>()
    } else if v.is_instance_of::<js_sys::ArrayBuffer>() {
        js_sys::Uint8Array::new(v)
    } else {
        return None;
    };
    Some(copy_bytes(&bytes, limit).map_or(Measured::TooLarge, Measured::Fits))
}

/// A signature argument: a string. One that is not 64 characters long is
/// malformed whatever it holds, so it is not copied in.
#[cfg(feature = "lifecycle")]
fn signature_text(v: &JsValue) -> Result<String, JsValue> {
    let Some(s) = v.dyn_ref::<js_sys::JsString>() else {
        return Err(misuse("signature must be a string (64 hexadecimal digits)"));
    };
    Ok(if s.length() == 64 {
        v.as_string().unwrap_or_default()
    } else {
        String::new()
    })
}

/// A whole number of seconds that fits a JS safe integer: a JS number, not
/// `null`, a string or `undefined` (which would silently become 0 or NaN).
#[cfg(feature = "lifecycle")]
fn whole_seconds(v: &JsValue) -> Option<i64> {
    const SAFE: f64 = 9_007_199_254_740_991.0;
    let n = v.as_f64()?;
    (n.is_finite() && n.fract() == 0.0 && n.abs() <= SAFE).then_some(n as i64)
}

/// A timestamp argument (Unix seconds); anything else is INVALID_ARGUMENT.
#[cfg(feature = "lifecycle")]
fn unix_seconds(v: &JsValue, what: &str) -> Result<i64, JsValue> {
    whole_seconds(v).ok_or_else(|| {
        misuse(&format!(
            "{what} must be a whole number of Unix seconds (a number)"
        ))
    })
}

/// `toleranceSeconds`: a whole number from 0 to 3600; anything else
/// (`null`, `""`, negative, fractional, NaN, over the maximum) is INVALID_OPTIONS.
#[cfg(feature = "lifecycle")]
fn tolerance(v: &JsValue) -> Result<crate::callback::Tolerance, JsValue> {
    let seconds = whole_seconds(v).ok_or_else(|| js_error(&crate::callback::Tolerance::out_of_range()))?;
    crate::callback::Tolerance::seconds(seconds).map_err(|e| js_error(&e))
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

/// The counting allocator behind `heapBytes()`: the system allocator
/// (dlmalloc on wasm32), plus a count of the bytes it has out. Linear memory
/// only grows, so `memoryBytes()` cannot show memory coming back; this can.
///
/// The crate denies `unsafe_code` (Cargo.toml); `GlobalAlloc` is an unsafe
/// trait, so this one module allows it. Each method passes its arguments to
/// `System` unchanged and returns its pointer unchanged; the counters are
/// bookkeeping only and never influence an allocation.
#[allow(unsafe_code)]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod heap {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

    static LIVE: AtomicUsize = AtomicUsize::new(0);
    static PEAK: AtomicUsize = AtomicUsize::new(0);

    /// Bytes allocated and not yet freed.
    pub(super) fn live() -> usize {
        LIVE.load(Relaxed)
    }

    /// The high-water mark since the last call; it restarts from `live()`.
    pub(super) fn take_peak() -> usize {
        PEAK.swap(live(), Relaxed)
    }

    fn grew(bytes: usize) {
        let now = LIVE.fetch_add(bytes, Relaxed).saturating_add(bytes);
        PEAK.fetch_max(now, Relaxed);
    }

    fn shrank(bytes: usize) {
        LIVE.fetch_sub(bytes, Relaxed);
    }

    pub(super) struct Counting;

    // The methods are not inlined: every allocation site in the crate calls
    // through here, and inlining the bookkeeping into each grew the wasm by
    // about 9% (measured); one out-of-line call per allocation, as the
    // system allocator's own entry points are.

    // SAFETY: every method forwards to `System`, a sound allocator, with the
    // caller's own arguments, so the caller's obligations carry over as they
    // are; the pointers returned are `System`'s.
    unsafe impl GlobalAlloc for Counting {
        #[inline(never)]
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            // SAFETY: forwarded unchanged (see the impl).
            let p = unsafe { System.alloc(layout) };
            if !p.is_null() {
                grew(layout.size());
            }
            p
        }

        #[inline(never)]
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            // SAFETY: forwarded unchanged (see the impl).
            let p = unsafe { System.alloc_zeroed(layout) };
            if !p.is_null() {
                grew(layout.size());
            }
            p
        }

        #[inline(never)]
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: forwarded unchanged (see the impl).
            unsafe { System.dealloc(ptr, layout) };
            shrank(layout.size());
        }

        #[inline(never)]
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            // SAFETY: forwarded unchanged (see the impl).
            let p = unsafe { System.realloc(ptr, layout, new_size) };
            if !p.is_null() {
                shrank(layout.size());
                grew(new_size);
            }
            p
        }
    }

    #[cfg(target_arch = "wasm32")]
    #[global_allocator]
    static GLOBAL: Counting = Counting;
}
