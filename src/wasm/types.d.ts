// Generated from the Rust result types by ts-rs (src/api/ts.rs): do not edit.
// Regenerate with `UPDATE_TS=1 cargo test --lib declarations`.

/**
 * What `ack999` returns.
 */
export interface Ack999 {
  /** The 999 interchange, segments ending `~` and a newline; `""` when the text is not an interchange (`edi_not_an_interchange` says so) or is over the input limit. Holds no value of the 834 but its envelope's identifiers and control numbers. */
  text: string,
  /** One issue per problem the 999 reports (and the IEA's, which a 999 does not carry), each at its segment like `parse834`'s: `params.segment`, `params.position`, `params.line`, `params.element`. */
  issues: Array<Issue>,
}

/**
 * Reference numbers a partner can match later status updates with (source S4):
 * stable for the same person and the same coverage item across snapshots.
 * The current snapshot's people and items come first, then those of the
 * previous snapshot the current one removed (`removed: true`).
 */
export interface Acknowledgement {
  individuals: Array<PersonReference>,
  coverages: Array<CoverageReference>,
}

/**
 * Where the lifecycle started: the preview's transactions, summary,
 * acknowledgement and `now`.
 */
export interface Baseline {
  status: SnapshotStatus,
  fulfillment_summary: Array<CarrierFulfillment>,
  transactions: Array<MemberTransaction>,
  acknowledgement: Acknowledgement,
  /** The preview's `now` (its moment of submission): nothing can happen to a snapshot before it, so earlier events are `before_preview`. `null` for a preview or state without it: the check is skipped. */
  now: string | null,
}

/**
 * The result of `apply_benefit_filter`.
 */
export interface BenefitFilterResult {
  valid: boolean,
  /** `params.document` is `claim` or `benefits`. */
  issues: Array<Issue>,
  claim: Claim | null,
  summary: FilterSummary | null,
}

/**
 * A bill of the claim; claim lines name it by `bill_id`.
 */
export type Bill = {
  id: string,
  messages: Array<ClaimMessage>,
} & ({ [key in string]: number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null });

/**
 * What the update is about.
 */
export type CallbackEventType = "transaction.updated" | "snapshot.updated";

/**
 * A status update about a transaction or a snapshot.
 */
export interface CallbackPayload {
  /** Unique per update: a consumer drops an id it has already seen. */
  event_id: string,
  event_type: CallbackEventType,
  /** When the update was made. */
  created: string,
  identifiers: Identifiers,
  processing_status: ProcessingStatus,
  /** Problems found in what the partner sent (empty when none). */
  validation_feedback: Array<ValidationFeedback>,
  /** When it finished; `null` until then. */
  completion: Completion | null,
  /** What the partner must still supply (empty when nothing, and always when completed). */
  follow_up: Array<FollowUp>,
  /** Premium per line of coverage; `null` when not computed. */
  financial_summary: FinancialSummary | null,
  /** Source S2's per-carrier summary ("corresponding webhooks are also available"): every carrier on a snapshot update, the transaction's carrier on a transaction update. */
  fulfillment_summary: Array<CarrierSummary>,
}

/**
 * One carrier's fulfillment, counted.
 */
export interface CarrierCounts {
  carrier_id: string,
  status: FulfillmentStatus,
  /** Its fulfillment summary's `errors`, counted. */
  errors: number,
  /** Its fulfillment summary's `warnings`, counted. */
  warnings: number,
  /** The differences routed to it. */
  differences: number,
  /** Send carriers with changes: the feed's next run after `now`. */
  next_transmission: string | null,
}

/**
 * One carrier's summary.
 */
export interface CarrierFulfillment {
  carrier_id: string,
  status: FulfillmentStatus,
  /** Fatal and error issues that block this carrier, each with `carrier_ids` = this carrier alone (the preview's `issues` list every carrier an issue blocks). */
  errors: Array<Issue>,
  /** Warnings and info located in this carrier's data. */
  warnings: Array<Issue>,
  /** When the changes were sent (set by the lifecycle, after preview). */
  sent: string | null,
  /** Send carriers with changes: the feed's next run after `now`; a fold past the feed's last run keeps that run for the day its file may still be logged (`FeedSchedule::awaited_run`; docs/api.md, Lifecycle). */
  next_transmission: string | null,
  /** Send carriers: the feed (`null` for Sync carriers). */
  feed: FeedSchedule | null,
}

/**
 * Whether a carrier can receive this snapshot's changes.
 */
export interface CarrierStatus {
  carrier_id: string,
  /** True when a fatal or error issue names this carrier. */
  blocked: boolean,
}

/**
 * One carrier's fulfillment, as source S2's example shows it.
 */
export interface CarrierSummary {
  carrier_id: string,
  status: FulfillmentStatus,
  /** When its changes were sent (`sent`). */
  sent: string | null,
  /** A Send carrier's next file (`scheduled`). */
  next_transmission: string | null,
  /** What blocks it (`invalid`): source S2's "errors". */
  errors: Array<ValidationFeedback>,
}

/**
 * Monthly premium and its split, in cents.
 */
export interface Cents {
  monthly_cents: number,
  employer_cents: number,
  employee_cents: number,
}

/**
 * How it changed.
 */
export type Change = "added" | "removed" | "modified";

/**
 * A claim: its own messages, its bills and its lines.
 */
export type Claim = {
  id: string,
  /** Absent: the earliest start of all its lines (see `crate::claims`). */
  start_date?: string | null,
  /** Absent: the latest end of all its lines (see `crate::claims`). */
  end_date?: string | null,
  messages: Array<ClaimMessage>,
  bills: Array<Bill>,
  lines: Array<ClaimLine>,
} & ({ [key in string]: number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null });

/**
 * A claim line: one service for one serviced entity over a span of days.
 */
export type ClaimLine = {
  id: string,
  bill_id?: string | null,
  serviced_entity: ServicedEntity,
  /** First service date (inclusive). */
  start_date: string,
  /** Last service date (inclusive). */
  end_date: string,
  locked: boolean,
  replaced: boolean,
  messages: Array<ClaimMessage>,
} & ({ [key in string]: number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null });

/**
 * A message attached to a claim, a bill or a claim line.
 */
export type ClaimMessage = {
  code: string,
  severity: MessageSeverity,
  /** The processing step that attached it (`SANITY CHECKS`, `ENROLLMENT`, `PAYMENT STATUS`, …); compared exactly. */
  origin: string,
  /** Absent: the message is product-independent. */
  product_code?: string | null,
  text: string,
  parameters: { [key in string]: JsonValue },
} & ({ [key in string]: number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null });

/**
 * When processing finished.
 */
export interface Completion {
  /** Required when `status` is `completed`. */
  completed_at: string | null,
  /** Round-trip confirmation (source S1's `noyo_verified`). */
  verified_at: string | null,
  /** The acknowledgement's reference numbers (source S4) of the people whose coverage items completed. */
  individual_references: Array<string>,
  /** ... and of the coverage items that completed: those at the carriers whose transaction completed. */
  coverage_references: Array<string>,
}

/**
 * What checking a group configuration found.
 */
export interface ConfigCheck {
  /** No fatal or error issue: an `Engine` can be built from it. */
  valid: boolean,
  /** Issues with pointers into the configuration document. */
  issues: Array<Issue>,
}

/**
 * How many of each.
 */
export interface Counts {
  requests: number,
  skipped: number,
  /** Previous payment-status messages removed. */
  removed: number,
  /** Messages attached (one per line it went on). */
  attached: number,
  /** Response messages not stored. */
  not_stored: number,
}

export interface CoverageReference {
  reference: string,
  individual_reference: string,
  /** `null` for a coverage without one (nothing can route it: `rejected`). */
  carrier_id: string | null,
  /** `null` for a coverage without one (nothing can route it: `rejected`). */
  line_of_coverage: LineOfCoverage | null,
  /** Pointer into the current snapshot, into the previous one when `removed`. */
  path: string,
  /** An enrollment of the previous snapshot the current one no longer lists (omitted: terminated, refused or continued per `omitted_coverage_handling`). */
  removed: boolean,
  /** Processing state (`fulfillment::acknowledge`). */
  state: ItemState,
  /** The blocking issue codes when `rejected`. */
  issue_codes: Array<string>,
}

/**
 * Where one 2300 (health coverage) loop is in an 834's text.
 */
export interface CoverageSpan {
  line_of_coverage: LineOfCoverage | null,
  plan_id: string | null,
  /** The HD line. */
  first_line: number,
  last_line: number,
  /** The enrollment difference this HD sends (change file; empty in a full file). */
  difference_ids: Array<string>,
}

/**
 * What `diff` returns.
 */
export interface DiffResult {
  differences: Array<Difference>,
  transactions: Array<MemberTransaction>,
  /** Problems only the comparison can see (omitted coverages), already scoped to their carrier. */
  issues: Array<Issue>,
}

/**
 * One change for one carrier.
 */
export interface Difference {
  /** Stable hash of what changed: the same change in two snapshots has the same id. */
  id: string,
  carrier_id: string,
  object_type: ObjectType,
  change: Change,
  individual: Individual,
  line_of_coverage: LineOfCoverage | null,
  fields: Array<FieldChange>,
  /** Pointer into the current snapshot (into the previous one for removals). */
  path: string,
  effective_date: string | null,
}

/**
 * One field-level (or record-level, without `key`) discrepancy.
 */
export interface Discrepancy {
  kind: DiscrepancyKind,
  key: string | null,
  requested: JsonValue,
  reported: JsonValue,
  /** Why it is probably so, when the engine can tell (e.g. pending EOI). */
  note: string | null,
}

/**
 * The kinds of discrepancy (source S2's Tracking).
 */
export type DiscrepancyKind = "missing_from_carrier" | "field_mismatch" | "missing_from_platform";

/**
 * One distinct serviced entity of the considered lines.
 */
export interface EntitySummary {
  serviced_entity: ServicedEntity,
  /** Its considered lines. */
  line_ids: Array<string>,
  /** Its policy product codes from the enrollment response. */
  policy_products: Array<string>,
  requested: boolean,
  skip: Skip | null,
  /** `null` in plan and for skipped entities. */
  response: ResponseOutcome | null,
}

/**
 * Whether a serviced entity is a person or an object.
 */
export type EntityType = "person" | "object";

/**
 * What `export834` returns.
 */
export interface Export834 {
  /** The interchange, segments ending `~` and a newline; `""` when no file can be written (a fatal issue says why, or `edi_nothing_to_send`). Holds SSNs: the one result the engine returns unscrubbed. */
  text: string,
  /** Warnings about values written differently, and why no file was written. */
  issues: Array<Issue>,
  /** The segments (lines) of `text`. */
  segments: number,
  /** Where each member's loops are in `text`, in order: lines from 1, one segment a line. Ids and reference numbers only: no SSN, no name. */
  loops: Array<MemberSpan>,
}

/**
 * What `export834_envelope` returns: the interchange around member loops
 * written apart (`part: members`), for a census streamed family by family.
 */
export interface Export834Envelope {
  /** ISA, GS, ST, BGN, REF*38, N1*P5, N1*IN: what comes before the first INS. */
  header: string,
  /** SE (SE01 counting ST through SE, the member segments given included), GE, IEA. */
  trailer: string,
  /** Why there is no envelope (`header` and `trailer` are `""`): a Sync carrier, or a Send carrier without `x12`. */
  issues: Array<Issue>,
}

/**
 * A Send carrier's file schedule, carried in its summary so the lifecycle
 * can recompute `next_transmission` without the configuration.
 */
export interface FeedSchedule {
  rrule: string,
  dtstart: string | null,
}

/**
 * One field of a change; absent values are `null`, SSNs masked.
 */
export interface FieldChange {
  /** Dotted key, e.g. `person.home_address.zip_code`. */
  key: string,
  before: JsonValue,
  after: JsonValue,
}

/**
 * A field discrepancy opened on its own: the carrier has the record a
 * difference added (so that difference resolved), but one of its fields
 * differs from the request.
 */
export interface FieldDiscrepancy {
  /** `X-` + 16 hex digits over the difference id and the field: the same field of the same change keeps its id from one tracking to the next. */
  id: string,
  difference_id: string,
  carrier_id: string,
  object_type: ObjectType,
  individual_reference: string,
  line_of_coverage: LineOfCoverage | null,
  discrepancy: Discrepancy,
}

/**
 * How many kept and discarded.
 */
export interface FilterCounts {
  kept: number,
  discarded: number,
}

/**
 * What the benefit filter kept and discarded.
 */
export interface FilterSummary {
  /** Product-specific payment-status messages kept (their product provides the benefit). */
  kept: Array<MessageNote>,
  /** Product-specific payment-status messages discarded. */
  discarded: Array<MessageNote>,
  /** Considered lines the benefits document does not list: left unchanged. */
  unlisted_lines: Array<string>,
  ignored_lines: Array<IgnoredLine>,
  counts: FilterCounts,
  explanation: Array<string>,
}

/**
 * One line of coverage's premium and rate.
 */
export interface FinancialLine {
  line_of_coverage: LineOfCoverage | null,
  carrier_id: string | null,
  plan_id: string | null,
  /** How the plan's rate is computed; `null` when the plan or its rates are unusable. */
  calculation_type: RateCalculation | null,
  /** The family tier charged (family-unit plans). */
  tier: Tier | null,
  /** The plan's rate the line was priced with; `null` when not priced. */
  rate: LineRate | null,
  /** False when the line could not be priced at all (its plan is unknown, has no usable rates, or no tier applies): then the amounts are `null` and `unpriced_reason` says why, rather than a price of 0. */
  priced: boolean,
  unpriced_reason: UnpricedReason | null,
  monthly_cents: number | null,
  employer_cents: number | null,
  employee_cents: number | null,
}

/**
 * The premium summary's figures, without member detail (source S0:
 * "high-level premium and rate information across benefit types").
 */
export interface FinancialSummary {
  /** The month's date the premium was computed for. */
  on: string,
  lines: Array<FinancialLine>,
  /** The priced lines' sum. */
  total: Cents,
  /** Versus the previous snapshot, on a snapshot update; `null` without one, and on a transaction update (the previous snapshot is priced whole, not by carrier). */
  change: Cents | null,
}

/**
 * The result of a fold: the new state and the problems of the events given
 * (pointers into the events array; those events were not applied).
 */
export interface FoldResult {
  event_issues: Array<Issue>,
  status: SnapshotStatus,
  fulfillment_summary: Array<CarrierFulfillment>,
  transactions: Array<TransactionState>,
  /** The preview's reference numbers, each with its current processing state. */
  acknowledgement: Acknowledgement,
  rejected_events: Array<RejectedEvent>,
  /** The distinct events kept, in replay order: every one seen, up to a weight of 1 MiB (an event past it is refused as `too_many_events`). */
  events: Array<StatusEvent>,
  /** The options of the last fold (its `now`), so a state passed back reads as it was returned; `null` before the first fold. */
  folded_with: FoldedWith | null,
  baseline: Baseline,
}

/**
 * Options of `fold`.
 */
export interface FoldedWith {
  /** For overdue verifications and next transmissions; events dated after it are kept but not applied yet (`after_now`). */
  now: string,
  /** Source S1 says verification comes "on or shortly after" the date: days of grace before a verification counts as overdue (default 7). */
  verification_grace_days: number,
}

/**
 * Something the partner must still supply.
 */
export interface FollowUp {
  kind: FollowUpKind,
  description: string,
  /** What it is about (a difference id, an enrollment, a case number). */
  reference: string | null,
  /** By when, when the sender says: `buildCallback` knows no deadline and writes `null`; `parseCallback` reads what a partner's payload gives. */
  due_date: string | null,
}

/**
 * What kind of follow-up.
 */
export type FollowUpKind = "evidence_of_insurability" | "documentation" | "correction";

/**
 * One carrier's fulfillment status (source S2's table, and `canceled`).
 */
export type FulfillmentStatus = "processing" | "sent" | "invalid" | "scheduled" | "no_changes" | "replaced" | "canceled";

/**
 * Ours and the partner's references for what the update is about.
 */
export interface Identifiers {
  snapshot_id: string,
  /** Required for `transaction.updated`. */
  transaction_id: string | null,
  /** Required for `transaction.updated`: the transaction's carrier. */
  carrier_id: string | null,
  group_id: string | null,
  /** The partner's own reference for the request. */
  partner_reference: string | null,
  /** The partner's reference for the employee (e.g. `custom_individual_id`). */
  employee_reference: string | null,
}

/**
 * Why a claim line is left alone.
 */
export type IgnoreReason = "locked" | "replaced";

/**
 * A locked or replaced line (locked wins when both).
 */
export interface IgnoredLine {
  line_id: string,
  reason: IgnoreReason,
}

/**
 * Whom a difference is about.
 */
export interface Individual {
  individual_type: IndividualType,
  /** Stable reference number of the person (see `Acknowledgement`). */
  reference: string,
  name: string,
}

/**
 * Whether an enrolled member is the employee or a dependent.
 */
export type IndividualType = "dependent" | "employee";

/**
 * One problem found in an input document.
 */
export interface Issue {
  /** Stable code, documented in docs/rules.md. */
  code: string,
  severity: Severity,
  /** RFC 6901 JSON Pointer into the input ("" is the whole document). */
  path: string,
  /** The rule's template filled with `params`; SSNs masked. */
  message: string,
  /** The values the message was made from; SSNs masked. */
  params: { [key in string]: JsonValue },
  /** Carriers this issue blocks (empty for warnings and info); in `export834`'s issues, whatever their severity, the file's carrier. */
  carrier_ids: Array<string>,
  line_of_coverage: LineOfCoverage | null,
}

/**
 * Where an acknowledged person or coverage item stands (kept current by
 * `fulfillment::acknowledge` from its carrier's fulfillment status).
 */
export type ItemState = "accepted" | "replaced" | "canceled" | "pending" | "rejected";

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null;

/**
 * Which layer reports a code: a section of docs/rules.md.
 */
export type Layer = "input" | "structure" | "rule" | "diff" | "config" | "premium" | "lifecycle" | "callback" | "x12" | "claims";

/**
 * Line of coverage of a coverage or plan.
 */
export type LineOfCoverage = "medical" | "dental" | "vision" | "life" | "add" | "std" | "ltd" | "accident" | "critical_illness" | "cancer" | "health_fund" | "hospital_indemnity" | "pharmacy" | "wellness";

/**
 * The plan rate a line was priced with.
 */
export interface LineRate {
  per: RateBasis,
  /** Dollars, the configured decimal exactly (`"412.50"`, `"0.235"`: two to six decimals); `null` when each member's rate depends on their age (age bands: the members' own cents are in the preview's premium). */
  dollars: string | null,
}

/**
 * What a message is attached to.
 */
export type Location = "claim" | "bill" | "line";

/**
 * Where one member's loops (2000 with its 2100s and 2300s) are in an 834's text.
 */
export interface MemberSpan {
  /** The family (index into a census's families; 0 for one family). */
  family: number,
  /** The person's reference number in the preview (`P-…`: its differences' `individual.reference`, its `acknowledgement`'s). */
  individual_reference: string,
  /** The INS line. */
  first_line: number,
  /** The member's last line (of their last 2300 when they have one). */
  last_line: number,
  /** The person's own differences (employee or dependent data) this loop sends; enrollment differences are in `coverages`. Empty in a full file. */
  difference_ids: Array<string>,
  /** The 2300 loops, in order. */
  coverages: Array<CoverageSpan>,
}

/**
 * The changes one carrier must make for this snapshot.
 */
export interface MemberTransaction {
  /** Stable: the hash of the carrier and its difference ids. It names the content, so another snapshot asking the same changes repeats it: (snapshot id, transaction id) is unique per submission. */
  id: string,
  carrier_id: string,
  transaction_type: TransactionType,
  lines_of_coverage: Array<LineOfCoverage>,
  difference_ids: Array<string>,
  /** The latest effective date among the differences (a person's change: its event's date, else the latest new demographic event's; `null` when none has one). */
  effective_date: string | null,
  /** Source S1: new hire and initial enrollment → the enrollments' start; termination → the last day of coverage; QLE / open enrollment → the change's effective date (a reinstatement: the first day covered again); demographic change → `null` in a preview, the day it completed once `foldStatus` sees it complete. */
  expected_verification_date: string | null,
  /** Its carrier is blocked (`preview` sets it): the transaction is listed, typed and with its differences, but will not be sent. */
  blocked: boolean,
}

/**
 * A message and where it is (removed, attached, kept, discarded, or a cause).
 */
export interface MessageNote {
  on: Location,
  /** Id of the claim, bill or line, quoted to 64 characters (and `…`). */
  id: string,
  code: string,
  severity: MessageSeverity,
  origin: string,
  product_code?: string | null,
  text: string,
}

/**
 * Severity of a claim message.
 */
export type MessageSeverity = "fatal" | "informative";

/**
 * What the claim does next.
 */
export type NextStep = "pre_benefits_checks" | "await_payment_status" | "view_technical_errors";

/**
 * A response message that was not stored.
 */
export interface NotStored {
  /** The entity, its code quoted to 64 characters (and `…`). */
  serviced_entity: ServicedEntity,
  /** Quoted to 64 characters (and `…`). */
  product_code: string,
  code: string,
  reason: NotStoredReason,
}

/**
 * Why a response message was not stored on any line.
 */
export type NotStoredReason = "product_not_in_policy" | "no_overlapping_line" | "response_rejected";

/**
 * What kind of record changed.
 */
export type ObjectType = "employee" | "dependent" | "individual_enrollment";

/**
 * What `parse834` returns.
 */
export interface Parsed834 {
  /** One snapshot-shaped report per subscriber (REF*0F), in the order of their first member loop: what `engine.track` takes as `report` (its `reported_by` scopes tracking to the carrier and the 834's fields). In JS an SSN shows masked (`*****1234`), as in every result; the Rust value holds the file's SSNs, as the file does. */
  reports: Array<Record<string, unknown>>,
  /** Problems, each at its segment: `params.segment`, `params.position` (in its transaction set, ST = 1), `params.line` and, for an element, `params.element`. */
  issues: Array<Issue>,
}

/**
 * What `parse_callback_str` returns.
 */
export interface ParsedCallback {
  /** No fatal or error issue: `payload` is present and can be trusted. */
  valid: boolean,
  /** The payload, only when `valid`. */
  payload: CallbackPayload | null,
  /** Every problem, with JSON Pointers into the body. */
  issues: Array<Issue>,
}

/**
 * A payment-status request: one per serviced entity.
 */
export interface PaymentStatusRequest {
  serviced_entity: ServicedEntity,
  /** The claim's start date. */
  start_date: string,
  /** The claim's end date. */
  end_date: string,
  /** The entity's policy products, as the enrollment response lists them. */
  products: Array<PolicyProduct>,
}

/**
 * The result of planning or applying payment status (`PlanResult`, `ApplyResult`).
 */
export interface PaymentStatusResult {
  /** No fatal or error issue: the claim and summary are present. */
  valid: boolean,
  /** Problems in the inputs; `params.document` names the input (`claim`, `enrollment`, `responses`, `catalogue`, `options`) that `path` points into. */
  issues: Array<Issue>,
  /** The updated claim (`null` when the inputs are not valid). */
  claim: Claim | null,
  /** The payment-status requests, one per serviced entity not skipped. */
  requests: Array<PaymentStatusRequest>,
  /** What happened and why (`null` when the inputs are not valid). */
  summary: PaymentStatusSummary | null,
}

/**
 * What the payment-status step did, decision by decision.
 */
export interface PaymentStatusSummary {
  status: Status,
  next_step: NextStep,
  enabled: boolean,
  /** `null` when the claim has no dates and no considered line. */
  period: Period | null,
  ignored_lines: Array<IgnoredLine>,
  /** Previous payment-status messages removed from the considered lines. */
  removed: Array<MessageNote>,
  /** Disabled: empty. */
  entities: Array<EntitySummary>,
  /** Messages attached (apply), one note per line. */
  attached: Array<MessageNote>,
  /** Response messages not stored (apply). */
  not_stored: Array<NotStored>,
  /** `sent_at` + `waiting_time_seconds`, when both are known and requests exist. */
  deadline: string | null,
  technical_error: TechnicalError | null,
  counts: Counts,
  /** The same decisions as sentences, in order, for a UI. */
  explanation: Array<string>,
}

/**
 * The claim's start and end date as used in the requests.
 */
export interface Period {
  start_date: string,
  end_date: string,
  /** At least one of the two was absent on the claim and came from the service dates of all its lines (locked and replaced included). */
  derived: boolean,
}

export interface PersonReference {
  reference: string,
  individual_type: IndividualType,
  name: string,
  /** Pointer into the current snapshot, into the previous one when `removed`. */
  path: string,
  /** A person of the previous snapshot the current one no longer lists (paired with no one): their removal is what the carriers receive. */
  removed: boolean,
  /** Processing state (`fulfillment::acknowledge`). */
  state: ItemState,
  /** The blocking issue codes when `rejected`. */
  issue_codes: Array<string>,
}

/**
 * A policy product of a serviced entity, as the enrollment response lists it.
 */
export type PolicyProduct = {
  code: string,
  start_date: string,
  /** `null`: open-ended. */
  end_date: string | null,
} & ({ [key in string]: number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null });

/**
 * The premium of one coverage.
 */
export interface PremiumLine {
  /** `/coverages/i` in the snapshot. */
  path: string,
  line_of_coverage: LineOfCoverage | null,
  carrier_id: string | null,
  /** The configured plan's id (the coverage's own `plan_id` when no plan matched). */
  plan_id: string | null,
  plan_name: string | null,
  /** `null` when the plan or its rates are missing or unusable. */
  calculation_type: RateCalculation | null,
  /** The tier charged (family-unit lines). */
  tier: Tier | null,
  members: Array<PremiumMember>,
  monthly_cents: number,
  employer_cents: number,
  employee_cents: number,
}

/**
 * One enrolled member in force on a priced line.
 */
export interface PremiumMember {
  /** `/coverages/i/enrolled_members/j` in the snapshot. */
  path: string,
  individual_type: IndividualType | null,
  /** The dependent's relationship (`null` for the employee). */
  relationship: Relationship | null,
  /** "First Last", when the person is known and named. */
  name: string | null,
  /** Whole years on the summary date, when the date of birth is known. */
  age: number | null,
  /** Enrolled volume in dollars (volume-based lines); `null` when it has the shape of an SSN (docs/api.md, Privacy). */
  volume: number | null,
  /** The member's own premium; `null` on family-unit lines (the tier is priced as a whole) and for members that could not be priced. */
  monthly_cents: number | null,
}

/**
 * What `premium_summary` returns.
 */
export interface PremiumSummary {
  /** The date premiums are computed for (ages, enrollments in force). */
  on: string,
  lines: Array<PremiumLine>,
  total: Cents,
  /** The previous snapshot priced the same way (`null` without one). */
  previous_total: Cents | null,
  /** `total − previous_total`; `null` without a previous snapshot, or when either snapshot has something in force that could not be priced (a premium issue other than an unusable employer contribution). */
  change: Cents | null,
  /** Why some of the premium could not be computed (pointers into the snapshot). */
  issues: Array<Issue>,
}

/**
 * The premium summary without its lines and issues.
 */
export interface PremiumTotals {
  on: string,
  total: Cents,
  previous_total: Cents | null,
  change: Cents | null,
  /** How many parts of the premium could not be computed (the summary's `issues`). */
  issues: number,
}

/**
 * What `preview` returns.
 */
export interface Preview {
  /** No fatal or error issue anywhere. */
  valid: boolean,
  /** Validation issues of the current snapshot, then the diff's. */
  issues: Array<Issue>,
  /** Carriers of either snapshot, and whether an issue blocks them. */
  carriers: Array<CarrierStatus>,
  differences: Array<Difference>,
  /** One per carrier with changes; an invalid carrier's is `blocked`. */
  transactions: Array<MemberTransaction>,
  fulfillment_summary: Array<CarrierFulfillment>,
  status: SnapshotStatus,
  /** Reference numbers, each with its processing state. */
  acknowledgement: Acknowledgement,
  /** The monthly premium of the current snapshot and its change versus the previous one, on `premium.on`: the latest effective date among the transactions not blocked (the month the changes take effect; a new end of coverage counts from the day after it), else `now`'s date. */
  premium: PremiumSummary | null,
  /** The preview's `now`, the moment of submission: `foldStatus` refuses events dated before it (`before_preview`). `null` only in a preview stored before it was written. */
  now: string | null,
}

/**
 * What `prepared.check(current, options)` returns: the preview of `current`,
 * with the differences, transactions, acknowledgement and premium lines
 * counted or totalled instead of listed.
 */
export interface PreviewSummary {
  /** The preview's `valid`. */
  valid: boolean,
  /** The preview's `issues` (the same list, capped the same way). */
  issues: Array<Issue>,
  /** The preview's `carriers`. */
  carriers: Array<CarrierStatus>,
  /** One per carrier of the preview's `fulfillment_summary`, in its order. */
  fulfillment: Array<CarrierCounts>,
  /** The preview's `status`. */
  status: SnapshotStatus,
  /** How many differences the preview has. */
  differences: number,
  /** How many member transactions (one per carrier with changes). */
  transactions: number,
  /** The premium's totals (`null` when the preview has no premium). */
  premium: PremiumTotals | null,
}

/**
 * The status vocabulary: a snapshot's five (source S2) and a transaction's
 * `processing`, `completed`, `failed`, `canceled`, `replaced`.
 */
export type ProcessingState = "submitted" | "processing" | "completed" | "failed" | "canceled" | "replaced";

/**
 * Where processing stands.
 */
export interface ProcessingStatus {
  status: ProcessingState,
  /** A transaction's step (source S1); only on `transaction.updated`. */
  status_detail: StatusDetailKind | null,
  /** Exactly `status == completed`. */
  succeeded: boolean,
  /** The partner must act: always with follow-ups or a `failed` status; never when completed (source S1). */
  requires_action: boolean,
}

/**
 * What one rate prices.
 */
export type RateBasis = "tier" | "member" | "per_1000";

/**
 * How a plan's monthly premium is computed.
 */
export type RateCalculation = "family_unit_based" | "member_based" | "member_based_volume";

/**
 * An event that was not applied, and why.
 */
export interface RejectedEvent {
  event_id: string,
  /** Stable code: see docs/api.md (Lifecycle). */
  reason: string,
  message: string,
}

/**
 * Relationship of a dependent to the employee.
 */
export type Relationship = "spouse" | "child" | "domestic-partner" | "grandchild" | "civil-union" | "step-child" | "foster-child" | "adopted-child" | "legal-guardianship" | "ex-spouse" | "other";

/**
 * How an entity's response fared (apply only).
 */
export type ResponseOutcome = "received" | "missing" | "rejected" | "processed";

/**
 * A documented issue code.
 */
export interface RuleInfo {
  /** Stable code; never reused for another meaning. */
  code: string,
  /** Severity where the code is reported (see `doc` for exceptions). */
  severity: Severity,
  /** Which layer reports it. */
  layer: Layer,
  /** Where the check lives (file, function), for readers of docs/rules.md. */
  source: string,
  /** Message with `{param}` placeholders. */
  template: string,
  /** One line for docs/rules.md: when it fires. */
  doc: string,
}

/**
 * The insurable person or object a claim line is for. Two entities are the
 * same when both type and code are equal.
 */
export interface ServicedEntity {
  type: EntityType,
  code: string,
}

/**
 * How bad an issue is. Only `fatal` and `error` block carriers.
 */
export type Severity = "fatal" | "error" | "warning" | "info";

/**
 * A skipped entity: the reason, in words, and the messages that caused it.
 */
export interface Skip {
  reason: SkipReason,
  text: string,
  /** The blocking messages, cited (code, origin, product code and text quoted to 64 characters): the claim's first one, which `text` names (its others are on the claim); for all lines, the first per line. */
  causes: Array<MessageNote>,
}

/**
 * Why no request is sent for a serviced entity.
 */
export type SkipReason = "claim_fatal_message" | "all_lines_fatal" | "no_product_enrollments";

/**
 * The snapshot's overall status (source S2).
 */
export type SnapshotStatus = "submitted" | "processing" | "completed" | "canceled" | "replaced";

/**
 * Where the claim stands after the call.
 */
export type Status = "disabled" | "no_requests" | "awaiting_responses" | "timed_out" | "processed";

/**
 * One step of a transaction's history, with when it was entered.
 */
export interface StatusDetail {
  status_detail: StatusDetailKind,
  /** When the transaction entered the step, in Unix seconds: an integer, as Noyo's status details (`StatusDetailResult`) and `verified` have it. */
  event_created: number,
}

/**
 * A transaction's processing steps, in order (source S1): the derived
 * order is the declaration order, which `is_complete` relies on.
 */
export type StatusDetailKind = "noyo_accepted" | "carrier_accepted" | "carrier_processing" | "carrier_completed" | "noyo_verified";

/**
 * A status event from the platform or a carrier.
 */
export type StatusEvent = {
  /** Unique per event: the same id twice is one event. */
  id: string,
  created: string,
} & ({ "type": "transaction_status", transaction_id: string, status_detail: StatusDetailKind, } | { "type": "file_transmitted", carrier_id: string, } | { "type": "carrier_rejected", carrier_id: string, /** The carrier's error messages, as it gave them. */ errors: Array<string>, } | { "type": "snapshot_canceled" } | { "type": "snapshot_replaced", by_snapshot_id?: string | null, });

/**
 * The technical error a claim pends with when the waiting time expires.
 */
export interface TechnicalError {
  /** `CLA-IP-PMSS-900`. */
  code: string,
  message: string,
  /** The entities whose response is missing. */
  missing: Array<ServicedEntity>,
  deadline: string,
}

/**
 * A family-unit tier: who the premium covers, derived from who is enrolled.
 */
export type Tier = "employee" | "employee_spouse" | "employee_children" | "employee_plus_one" | "family";

/**
 * A requested difference and where it stands.
 */
export interface TrackedDifference {
  difference_id: string,
  carrier_id: string,
  object_type: ObjectType,
  change: Change,
  status: TrackingStatus,
  /** The difference's own escalation (a modification not applied, a record missing). */
  discrepancies: Array<Discrepancy>,
  /** The snapshots that requested this difference, each once, in the order given (empty when the differences came without a snapshot id). */
  snapshot_ids: Array<string>,
  /** The requested fields the report cannot show, judged neither way: its format does not carry them (an 834 has no hours worked) or it holds them masked (an SSN, or a nine-digit ZIP, in a JS result), or the `after` the difference gives of itself (the current snapshot lacking the field) shows like another of the call (forged guesses at a hidden SSN). A difference whose every field is one of them stays `open`. */
  not_shown: Array<string>,
}

/**
 * What `track` returns.
 */
export interface Tracking {
  differences: Array<TrackedDifference>,
  /** Field discrepancies of records added as requested, in the order of their differences. */
  discrepancies: Array<FieldDiscrepancy>,
  unrequested: Array<Unrequested>,
  /** The differences routed to carriers the report does not speak for (`reported_by.carrier_ids`, or the `carrier_ids` option), by id in the order requested: not judged, so not in `differences`. */
  not_judged: Array<string>,
  /** Fatal problems reading the current snapshot or the report, or an id of `requested` too long (`requested_id_too_long`): then nothing is tracked. */
  issues: Array<Issue>,
}

/**
 * Where a requested change stands at the carrier.
 */
export type TrackingStatus = "resolved" | "open" | "discrepancy";

/**
 * A transaction with its history.
 */
export interface TransactionState {
  status: TransactionStatus,
  /** When it completed: its `carrier_completed` step (Sync carrier) or its carrier's file (Send carrier). */
  completed_at: string | null,
  /** Steps entered, in order. */
  status_details: Array<StatusDetail>,
  latest_status: StatusDetail | null,
  /** Source S1: "the Unix time at which the member transaction was verified" (`noyo_verified`), in seconds. */
  verified: number | null,
  /** The same instant in RFC 3339. */
  verified_at: string | null,
  /** Verified before its expected verification date: source S1's timeline holds for "most carriers", so the carrier's word is kept and flagged. */
  verified_early: boolean,
  /** Completed, not verified, and past the later of its verification date and its completion, plus the grace period, at `now`; never without a verification date. */
  overdue_verification: boolean,
  /** Stable: the hash of the carrier and its difference ids. It names the content, so another snapshot asking the same changes repeats it: (snapshot id, transaction id) is unique per submission. */
  id: string,
  carrier_id: string,
  transaction_type: TransactionType,
  lines_of_coverage: Array<LineOfCoverage>,
  difference_ids: Array<string>,
  /** The latest effective date among the differences (a person's change: its event's date, else the latest new demographic event's; `null` when none has one). */
  effective_date: string | null,
  /** Source S1: new hire and initial enrollment → the enrollments' start; termination → the last day of coverage; QLE / open enrollment → the change's effective date (a reinstatement: the first day covered again); demographic change → `null` in a preview, the day it completed once `foldStatus` sees it complete. */
  expected_verification_date: string | null,
  /** Its carrier is blocked (`preview` sets it): the transaction is listed, typed and with its differences, but will not be sent. */
  blocked: boolean,
}

/**
 * Where a transaction stands (the callback's transaction vocabulary, source S0).
 */
export type TransactionStatus = "processing" | "completed" | "failed" | "canceled" | "replaced";

/**
 * The kinds of member transaction (source S1's verification table, plus the
 * initial load of a member the platform has not seen before).
 */
export type TransactionType = "new_hire" | "termination" | "qualifying_life_event" | "open_enrollment" | "demographic_change" | "initial_enrollment";

/**
 * Why a line has no price: the premium issue's code and message.
 */
export interface UnpricedReason {
  code: string,
  message: string,
}

/**
 * Something the carrier has that the platform does not (no difference asked for it).
 */
export interface Unrequested {
  carrier_id: string,
  line_of_coverage: LineOfCoverage,
  individual_reference: string,
  /** Pointer into the carrier's report. */
  path: string,
  discrepancy: Discrepancy,
}

/**
 * One problem, as the partner sees it.
 */
export interface ValidationFeedback {
  code: string,
  severity: Severity,
  message: string,
  /** JSON Pointer into the document the partner sent. */
  path: string,
}

/**
 * What `validate` returns.
 */
export interface ValidationResult {
  /** No fatal or error issue anywhere. */
  valid: boolean,
  /** Structural issues in the order the walk meets them, then the rules' issues in catalogue order (docs/api.md). */
  issues: Array<Issue>,
  /** The snapshot's carriers in order of first appearance (the group's carriers when a fatal issue leaves none readable). */
  carriers: Array<CarrierStatus>,
}

/**
 * A verification result as data (what the JS binding returns).
 */
export interface Verification {
  valid: boolean,
  /** The failure's code; `null` when valid. */
  code: string | null,
  /** The failure's message; `null` when valid. */
  message: string | null,
}
