// The binding's input types, written by hand (the results' types are
// generated from Rust into types.d.ts: src/api/ts.rs).

/** A JSON document: a JS value or its JSON text. */
export type Document = string | object;
export interface ValidateOptions { /** YYYY-MM-DD; rules relative to today are skipped without it. */ today?: string | null; }
export interface DiffOptions { /** YYYY-MM-DD: decides whether omitted coverages are still in force, and end_of_*_month terminations. */ today?: string | null; }
export interface PreviewOptions { /** RFC 3339, e.g. new Date().toISOString(): no clock is read. */ now: string; }
export interface FoldOptions { /** RFC 3339; for overdue verifications. */ now: string; /** default 7 */ verification_grace_days?: number; }
/** What `foldStatus` returns, and takes back as its state. */
export type FulfillmentState = FoldResult;
type WithAnyCreated<E> = E extends unknown ? Omit<E, "created"> & { /** RFC 3339, or Unix time in whole seconds. */ created: string | number } : never;
/** A status event as `foldStatus` takes it: a `StatusEvent` whose `created` may also be Unix seconds. */
export type StatusEventInput = WithAnyCreated<StatusEvent>;
export interface TrackOptions { completed_difference_ids?: string[]; state?: FulfillmentState; /** YYYY-MM-DD: what is in force. */ today?: string | null; /** The carriers the report speaks for when it does not say itself (`reported_by.carrier_ids`). */ carrier_ids?: string[]; }
/** One submitted snapshot's differences (a diff or preview result with a `snapshot_id` added is one). */
export interface RequestedSnapshot { snapshot_id: string; differences: Difference[]; }
/** `planPaymentStatusRequests`'s options, every one optional: plan reads `enabled` (default true); with `sent_at` and `waiting_time_seconds` it also reports the deadline; `now` is accepted and unused. A problem is an issue of the result (`params.document: "options"`), not an EngineError. */
export interface PaymentStatusOptions { enabled?: boolean; /** RFC 3339 */ now?: string; /** RFC 3339 */ sent_at?: string; /** 0 to 4294967295 */ waiting_time_seconds?: number; }
/** `applyPaymentStatus`'s options: `now`, `sent_at` and `waiting_time_seconds` are required unless `enabled` is false — without them the result is `valid: false` with `missing_field` issues (`params.document: "options"`), not an EngineError. */
export type ApplyPaymentStatusOptions =
  | { enabled?: true; /** RFC 3339 */ now: string; /** RFC 3339: when the requests were sent. */ sent_at: string; /** 0 to 4294967295 */ waiting_time_seconds: number; }
  | { enabled: false; now?: string; sent_at?: string; waiting_time_seconds?: number; };
/** `engine.buildCallback`'s request: no other key; the strings non-empty (`null` for an absent optional one), as `parseCallback` requires of the payload. */
export interface CallbackRequest { /** Unique per update. */ event_id: string; /** RFC 3339, from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z in UTC. */ created: string; snapshot_id: string; /** A transaction update when given. */ transaction_id?: string | null; partner_reference?: string | null; employee_reference?: string | null; }
/** A callback body: the text, or the raw bytes received (a Buffer is a Uint8Array). */
export type CallbackBody = string | Uint8Array | ArrayBuffer;
/** Thrown for API misuse (INVALID_CONFIG, INVALID_OPTIONS, INVALID_ARGUMENT; NOT_INITIALIZED: the web or core build before init()), or once the instance failed (INSTANCE_FAILED: docs/api.md, Memory). */
export interface EngineError extends Error { code: "INVALID_CONFIG" | "INVALID_OPTIONS" | "INVALID_ARGUMENT" | "INSTANCE_FAILED" | "NOT_INITIALIZED"; issues: Issue[]; }
/** An interchange party: ISA05/ISA06 (sender) or ISA07/ISA08 (receiver). */
export interface X12PartyOption { /** 01, 14, 20, 27, 28, 29, 30, 33 or ZZ */ qualifier: string; /** 1-15 characters */ id: string; }
export interface Export834Options { carrier_id: string; /** RFC 3339: ISA09/10, GS04/05, BGN03/04 and the preview's now. */ created: string; /** 1-999999999: ISA13 (zero-padded), GS06, GE02, BGN02. */ control_number: number; /** default "change" */ mode?: "change" | "full"; /** Overrides the carrier's x12.sender. */ sender?: X12PartyOption | null; /** Overrides the carrier's x12.receiver. */ receiver?: X12PartyOption | null; /** default "interchange"; "members": the member loops alone (for export834Envelope) */ part?: "interchange" | "members"; }
/** One family of `engine.export834Census`. */
export interface Export834Family { previous?: Document | null; current: Document; }
export interface Ack999Options { /** RFC 3339: ISA09/10, GS04/05 of the 999. */ created: string; /** 1-999999999: ISA13 (zero-padded), GS06, GE02. */ control_number: number; /** ISA05/06 of the 999; default the 834's ISA07/08. */ sender?: X12PartyOption | null; /** ISA07/08 of the 999; default the 834's ISA05/06. */ receiver?: X12PartyOption | null; }
export interface Parse834Options { /** The carrier whose file it is: its plans map HD03/HD04 back to plan ids. */ carrier_id: string; }
/** What `engine.previewRecord` and `engine.validateRecord` return: the result's JSON as UTF-8 — byte for byte `new TextEncoder().encode(JSON.stringify(result))` of the object `preview` (`validate`) returns for the record — and its `valid`. */
export interface RecordJson { json: Uint8Array; valid: boolean; }
/** `previewRecords`: line k's JSON is `json` from `ends[k - 1]` (0 for the first) to `ends[k]`; `answers[k]` 0 left to the caller, 1 valid, 2 not valid, 3 blank. */
export interface RecordLines { json: Uint8Array; ends: Uint32Array; answers: Uint8Array; }
