// Compiled by tests/js/types.test.mjs with `tsc --strict --noEmit`: every
// documented field of every result the package returns, read through the
// declarations pkg/ ships (generated from the Rust types, src/api/ts.rs).
// When a Rust result type loses or renames a field, src/wasm/types.d.ts is
// regenerated and this file stops compiling: update it with docs/api.md.
import type * as T from '../../pkg/node/enroll_engine.js';
import { Engine, checkConfig, foldStatus, issueCodes, parseCallback, planPaymentStatusRequests, applyPaymentStatus,
  applyBenefitFilter, signCallback, verifyCallback, scrubText, version, memoryBytes, heapBytes, heapPeakBytes } from '../../pkg/node/enroll_engine.js';

// Each reader reads every field of one result type (object types only; the
// unions are narrowed below).
const readAcknowledgement = (x: T.Acknowledgement) => [x.individuals, x.coverages];
const readBaseline = (x: T.Baseline) => [x.status, x.fulfillment_summary, x.transactions, x.acknowledgement, x.now];
const readBenefitFilterResult = (x: T.BenefitFilterResult) => [x.valid, x.issues, x.claim, x.summary];
const readBill = (x: T.Bill) => [x.id, x.messages];
const readCallbackPayload = (x: T.CallbackPayload) => [x.event_id, x.event_type, x.created, x.identifiers, x.processing_status, x.validation_feedback, x.completion, x.follow_up, x.financial_summary, x.fulfillment_summary];
const readCarrierFulfillment = (x: T.CarrierFulfillment) => [x.carrier_id, x.status, x.errors, x.warnings, x.sent, x.next_transmission, x.feed];
const readCarrierStatus = (x: T.CarrierStatus) => [x.carrier_id, x.blocked];
const readCarrierSummary = (x: T.CarrierSummary) => [x.carrier_id, x.status, x.sent, x.next_transmission, x.errors];
const readCents = (x: T.Cents) => [x.monthly_cents, x.employer_cents, x.employee_cents];
const readClaim = (x: T.Claim) => [x.id, x.start_date, x.end_date, x.messages, x.bills, x.lines];
const readClaimLine = (x: T.ClaimLine) => [x.id, x.bill_id, x.serviced_entity, x.start_date, x.end_date, x.locked, x.replaced, x.messages];
const readClaimMessage = (x: T.ClaimMessage) => [x.code, x.severity, x.origin, x.product_code, x.text, x.parameters];
const readCompletion = (x: T.Completion) => [x.completed_at, x.verified_at, x.individual_references, x.coverage_references];
const readConfigCheck = (x: T.ConfigCheck) => [x.valid, x.issues];
const readCounts = (x: T.Counts) => [x.requests, x.skipped, x.removed, x.attached, x.not_stored];
const readCoverageReference = (x: T.CoverageReference) => [x.reference, x.individual_reference, x.carrier_id, x.line_of_coverage, x.path, x.removed, x.state, x.issue_codes];
const readDiffResult = (x: T.DiffResult) => [x.differences, x.transactions, x.issues];
const readDifference = (x: T.Difference) => [x.id, x.carrier_id, x.object_type, x.change, x.individual, x.line_of_coverage, x.fields, x.path, x.effective_date];
const readDiscrepancy = (x: T.Discrepancy) => [x.kind, x.key, x.requested, x.reported, x.note];
const readEntitySummary = (x: T.EntitySummary) => [x.serviced_entity, x.line_ids, x.policy_products, x.requested, x.skip, x.response];
const readExport834 = (x: T.Export834) => [x.text, x.issues, x.segments, x.loops];
const readExport834Envelope = (x: T.Export834Envelope) => [x.header, x.trailer, x.issues];
const readMemberSpan = (x: T.MemberSpan) => [x.family, x.individual_reference, x.first_line, x.last_line, x.difference_ids, x.coverages];
const readCoverageSpan = (x: T.CoverageSpan) => [x.line_of_coverage, x.plan_id, x.first_line, x.last_line, x.difference_ids];
const readParsed834 = (x: T.Parsed834) => [x.reports, x.issues];
const readAck999 = (x: T.Ack999) => [x.text, x.issues];
const readFeedSchedule = (x: T.FeedSchedule) => [x.rrule, x.dtstart];
const readFieldChange = (x: T.FieldChange) => [x.key, x.before, x.after];
const readFieldDiscrepancy = (x: T.FieldDiscrepancy) => [x.id, x.difference_id, x.carrier_id, x.object_type, x.individual_reference, x.line_of_coverage, x.discrepancy];
const readFilterCounts = (x: T.FilterCounts) => [x.kept, x.discarded];
const readFilterSummary = (x: T.FilterSummary) => [x.kept, x.discarded, x.unlisted_lines, x.ignored_lines, x.counts, x.explanation];
const readFinancialLine = (x: T.FinancialLine) => [x.line_of_coverage, x.carrier_id, x.plan_id, x.calculation_type, x.tier, x.rate, x.priced, x.unpriced_reason, x.monthly_cents, x.employer_cents, x.employee_cents];
const readFinancialSummary = (x: T.FinancialSummary) => [x.on, x.lines, x.total, x.change];
const readFoldResult = (x: T.FoldResult) => [x.event_issues, x.status, x.fulfillment_summary, x.transactions, x.acknowledgement, x.rejected_events, x.events, x.folded_with, x.baseline];
const readFoldedWith = (x: T.FoldedWith) => [x.now, x.verification_grace_days];
const readFollowUp = (x: T.FollowUp) => [x.kind, x.description, x.reference, x.due_date];
const readIdentifiers = (x: T.Identifiers) => [x.snapshot_id, x.transaction_id, x.carrier_id, x.group_id, x.partner_reference, x.employee_reference];
const readIgnoredLine = (x: T.IgnoredLine) => [x.line_id, x.reason];
const readIndividual = (x: T.Individual) => [x.individual_type, x.reference, x.name];
const readIssue = (x: T.Issue) => [x.code, x.severity, x.path, x.message, x.params, x.carrier_ids, x.line_of_coverage];
const readMemberTransaction = (x: T.MemberTransaction) => [x.id, x.carrier_id, x.transaction_type, x.lines_of_coverage, x.difference_ids, x.effective_date, x.expected_verification_date, x.blocked];
const readMessageNote = (x: T.MessageNote) => [x.on, x.id, x.code, x.severity, x.origin, x.product_code, x.text];
const readNotStored = (x: T.NotStored) => [x.serviced_entity, x.product_code, x.code, x.reason];
const readParsedCallback = (x: T.ParsedCallback) => [x.valid, x.payload, x.issues];
const readPaymentStatusRequest = (x: T.PaymentStatusRequest) => [x.serviced_entity, x.start_date, x.end_date, x.products];
const readPaymentStatusResult = (x: T.PaymentStatusResult) => [x.valid, x.issues, x.claim, x.requests, x.summary];
const readPaymentStatusSummary = (x: T.PaymentStatusSummary) => [x.status, x.next_step, x.enabled, x.period, x.ignored_lines, x.removed, x.entities, x.attached, x.not_stored, x.deadline, x.technical_error, x.counts, x.explanation];
const readPeriod = (x: T.Period) => [x.start_date, x.end_date, x.derived];
const readPersonReference = (x: T.PersonReference) => [x.reference, x.individual_type, x.name, x.path, x.removed, x.state, x.issue_codes];
const readPolicyProduct = (x: T.PolicyProduct) => [x.code, x.start_date, x.end_date];
const readPremiumLine = (x: T.PremiumLine) => [x.path, x.line_of_coverage, x.carrier_id, x.plan_id, x.plan_name, x.calculation_type, x.tier, x.members, x.monthly_cents, x.employer_cents, x.employee_cents];
const readPremiumMember = (x: T.PremiumMember) => [x.path, x.individual_type, x.relationship, x.name, x.age, x.volume, x.monthly_cents];
const readPreviewSummary = (x: T.PreviewSummary) => [x.valid, x.issues, x.carriers, x.fulfillment, x.status,
  x.differences, x.transactions, x.premium];
const readCarrierCounts = (x: T.CarrierCounts) => [x.carrier_id, x.status, x.errors, x.warnings, x.differences,
  x.next_transmission];
const readPremiumTotals = (x: T.PremiumTotals) => [x.on, x.total, x.previous_total, x.change, x.issues];
const readPremiumSummary = (x: T.PremiumSummary) => [x.on, x.lines, x.total, x.previous_total, x.change, x.issues];
const readPreview = (x: T.Preview) => [x.valid, x.issues, x.carriers, x.differences, x.transactions, x.fulfillment_summary, x.status, x.acknowledgement, x.premium, x.now];
const readProcessingStatus = (x: T.ProcessingStatus) => [x.status, x.status_detail, x.succeeded, x.requires_action];
const readRejectedEvent = (x: T.RejectedEvent) => [x.event_id, x.reason, x.message];
const readRuleInfo = (x: T.RuleInfo) => [x.code, x.severity, x.layer, x.source, x.template, x.doc];
const readServicedEntity = (x: T.ServicedEntity) => [x.type, x.code];
const readSkip = (x: T.Skip) => [x.reason, x.text, x.causes];
const readStatusDetail = (x: T.StatusDetail) => [x.status_detail, x.event_created];
/** A step's `event_created` is Unix seconds (a number), as `verified` is. */
export const stepSeconds = (x: T.StatusDetail): number => x.event_created;
const readStatusEvent = (x: T.StatusEvent) => [x.id, x.created];
const readTechnicalError = (x: T.TechnicalError) => [x.code, x.message, x.missing, x.deadline];
const readTrackedDifference = (x: T.TrackedDifference) => [x.difference_id, x.carrier_id, x.object_type, x.change, x.status, x.discrepancies, x.snapshot_ids, x.not_shown];
const readTracking = (x: T.Tracking) => [x.differences, x.discrepancies, x.unrequested, x.not_judged, x.issues];
const readTransactionState = (x: T.TransactionState) => [x.status, x.completed_at, x.status_details, x.latest_status, x.verified, x.verified_at, x.verified_early, x.overdue_verification, x.id, x.carrier_id, x.transaction_type, x.lines_of_coverage, x.difference_ids, x.effective_date, x.expected_verification_date, x.blocked];
const readUnpricedReason = (x: T.UnpricedReason) => [x.code, x.message];
const readLineRate = (x: T.LineRate) => [x.per, x.dollars];
const readUnrequested = (x: T.Unrequested) => [x.carrier_id, x.line_of_coverage, x.individual_reference, x.path, x.discrepancy];
const readValidationFeedback = (x: T.ValidationFeedback) => [x.code, x.severity, x.message, x.path];
const readValidationResult = (x: T.ValidationResult) => [x.valid, x.issues, x.carriers];
const readVerification = (x: T.Verification) => [x.valid, x.code, x.message];
const readRecordJson = (x: T.RecordJson): [Uint8Array, boolean] => [x.json, x.valid];

// The exports return the declared types; the nested fields are reachable.
export function wiring(group: T.Document, snapshot: T.Document): unknown[] {
  const engine = new Engine(group);
  const check: T.ConfigCheck = checkConfig(group);
  const validation: T.ValidationResult = engine.validate(snapshot, { today: '2026-11-25' });
  // Options may be JSON text, as documents may (docs/api.md).
  const fromText: T.ValidationResult = engine.validate(snapshot, '{"today": "2026-11-25"}');
  const diff: T.DiffResult = engine.diff(null, snapshot, { today: null });
  const preview: T.Preview = engine.preview(null, snapshot, { now: '2026-11-25T12:00:00Z' });
  const prepared = engine.prepare(snapshot);
  const again: T.Preview = prepared.preview(snapshot, { now: '2026-11-25T12:00:00Z' });
  const preparedDiff: T.DiffResult = prepared.diff(snapshot);
  const keystroke: T.PreviewSummary = prepared.check(snapshot, { now: '2026-11-25T12:00:00Z' });
  const edited: T.PreviewSummary = prepared.edit('/employee/person/first_name', 'Ann', { now: '2026-11-25T12:00:00Z' });
  const details: T.Preview | null = prepared.details();
  const exportOptions: T.Export834Options = { carrier_id: 'c', created: '2026-11-25T12:00:00Z', control_number: 1, mode: 'full',
    sender: { qualifier: 'ZZ', id: 'ENROLLENGINE' }, receiver: null };
  const preparedFile: T.Export834 = prepared.export834(snapshot, exportOptions);
  prepared.free();
  const file: T.Export834 = engine.export834(null, snapshot, { carrier_id: 'c', created: '2026-11-25T12:00:00Z', control_number: 2 });
  const census: T.Export834 = engine.export834Census([{ current: snapshot }, { previous: null, current: snapshot }], exportOptions);
  const members: T.Export834 = engine.export834(null, snapshot, { ...exportOptions, part: 'members' });
  const envelope: T.Export834Envelope = engine.export834Envelope(exportOptions, members.segments);
  const parsed834: T.Parsed834 = engine.parse834(file.text, { carrier_id: 'c' });
  const ackOptions: T.Ack999Options = { created: '2026-11-25T12:00:00Z', control_number: 3, receiver: { qualifier: 'ZZ', id: 'CIGNA' } };
  const ack999: T.Ack999 = engine.ack999(file.text, ackOptions);
  const configIssues: T.Issue[] = engine.configIssues();
  // The census entries: a record's text in, the result's JSON as UTF-8 out.
  const record: T.RecordJson = engine.previewRecord('{"previous": null, "current": {}}', { now: '2026-11-25T12:00:00Z' });
  const validated: T.RecordJson = engine.validateRecord('{}', { today: '2026-11-25' });
  const recordBytes: Uint8Array = record.json;
  const recordValid: boolean = validated.valid && engine.validateRecord('{}').valid;
  // The premium: a preview's own summary, its lines and their members.
  const line = preview.premium?.lines[0];
  const member = line?.members[0];
  const memberAmount: number | null | undefined = member?.monthly_cents;
  const folded: T.FoldResult = foldStatus(preview, [
    { id: 'e1', created: 1764090000, type: 'transaction_status', transaction_id: 't', status_detail: 'carrier_accepted' },
    { id: 'e2', created: '2026-11-25T12:00:00Z', type: 'snapshot_replaced' },
  ], { now: '2026-11-25T12:00:00Z', verification_grace_days: 7 });
  const state: T.FulfillmentState = foldStatus(folded, '[]', { now: '2026-11-25T12:00:00Z' });
  const tracking: T.Tracking = engine.track(snapshot, preview, snapshot, { state, today: '2026-11-25', carrier_ids: [] });
  const payload: T.CallbackPayload = engine.buildCallback(preview, state, { event_id: 'e', created: '2026-11-25T12:00:00Z', snapshot_id: 's' });
  const parsed: T.ParsedCallback = parseCallback(new Uint8Array([123, 125]));
  const signature: string = signCallback('0123456789abcdef', 1764090000, '{}');
  const verification: T.Verification = verifyCallback('0123456789abcdef', 1764090000, '{}', signature, 1764090000, 300);
  const planned: T.PaymentStatusResult = planPaymentStatusRequests('{}', '{}', { enabled: true });
  const applied: T.PaymentStatusResult = applyPaymentStatus('{}', '{}', '[]', '{}', { now: '2026-03-01T12:00:00Z', sent_at: '2026-03-01T11:00:00Z', waiting_time_seconds: 3600 });
  applyPaymentStatus('{}', '{}', '[]', '{}', { enabled: false });
  applyPaymentStatus('{}', '{}', '[]', '{}', '{"enabled": false}');
  // @ts-expect-error: without options the result is never valid
  applyPaymentStatus('{}', '{}', '[]', '{}');
  // @ts-expect-error: enabled (the default) needs now, sent_at and waiting_time_seconds
  applyPaymentStatus('{}', '{}', '[]', '{}', { now: '2026-03-01T12:00:00Z' });
  const filtered: T.BenefitFilterResult = applyBenefitFilter('{}', '{}');
  const codes: T.RuleInfo[] = issueCodes();
  const sizes: number[] = [memoryBytes(), heapBytes(), heapPeakBytes()];
  const text: string = scrubText('123-45-6789') + version();
  // The status events' variants, narrowed by `type`.
  const events = folded.events.map((e) => {
    switch (e.type) {
      case 'transaction_status': return [e.id, e.created, e.transaction_id, e.status_detail];
      case 'file_transmitted': return [e.carrier_id];
      case 'carrier_rejected': return [e.carrier_id, e.errors];
      case 'snapshot_canceled': return [];
      case 'snapshot_replaced': return [e.by_snapshot_id];
    }
  });
  return [check, validation, fromText, diff, again, preparedDiff, keystroke, edited, details, configIssues, memberAmount, tracking, payload, parsed,
    verification, planned, applied, filtered, codes, sizes, text, events, preparedFile, file, census, members, envelope, parsed834, ack999,
    recordBytes, recordValid];
}

// A thrown EngineError carries a code and the issues behind it.
export function misuse(e: T.EngineError): [string, T.Issue[]] {
  return [e.code, e.issues];
}
export const readers = [
  readAcknowledgement, readBaseline, readBenefitFilterResult, readBill, readCallbackPayload,
  readCarrierCounts, readCarrierFulfillment, readCarrierStatus, readCarrierSummary, readCents, readClaim, readClaimLine,
  readClaimMessage, readCompletion, readConfigCheck, readCounts, readCoverageReference, readDiffResult,
  readDifference, readDiscrepancy, readEntitySummary, readExport834, readExport834Envelope, readMemberSpan,
  readCoverageSpan, readFeedSchedule, readFieldChange,
  readFieldDiscrepancy, readFilterCounts, readFilterSummary, readFinancialLine, readLineRate, readFinancialSummary,
  readFoldResult, readFoldedWith, readFollowUp, readIdentifiers, readIgnoredLine, readIndividual, readIssue,
  readMemberTransaction, readMessageNote, readNotStored, readParsedCallback, readPaymentStatusRequest,
  readParsed834, readAck999, readPaymentStatusResult, readPaymentStatusSummary, readPeriod, readPersonReference, readPolicyProduct,
  readPremiumLine, readPremiumMember, readPremiumSummary, readPremiumTotals, readPreview, readPreviewSummary, readProcessingStatus,
  readRejectedEvent, readRuleInfo, readServicedEntity, readSkip, readStatusDetail, readStatusEvent,
  readTechnicalError, readTrackedDifference, readTracking, readTransactionState, readUnpricedReason,
  readUnrequested, readValidationFeedback, readValidationResult, readVerification, readRecordJson,
];
