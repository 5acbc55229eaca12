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
