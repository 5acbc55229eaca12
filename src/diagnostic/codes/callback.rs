//! Issue codes of partner status callbacks (layer `callback`): what
//! `parse_callback_str` reports beyond the structural codes it shares with
//! the snapshot (`missing_field`, `wrong_type`, `unknown_enum_value`,
//! `invalid_timestamp`, …), and the codes `verify` answers with (these are
//! returned as `VerifyError`s, not as issues, and have no pointer).

use crate::diagnostic::catalogue::catalogue;

catalogue! {
    CALLBACK_CATALOGUE:
    CALLBACK_INCONSISTENT = "callback_inconsistent", Error, Callback, "callback/parse.rs consistency",
        "The callback contradicts itself: {reason}.",
        "Fields that must agree do not: `succeeded` is true exactly when `status` is `completed`; follow-ups or a `failed` status need `requires_action`, and a `completed` status has neither `requires_action` nor follow-ups (source S1: nothing more is asked); a status the event type does not have; a completed `status_detail` step (`carrier_completed`, `noyo_verified`) with another status; `verified_at` before `completed_at`; cents that do not add up (`employer + employee = monthly`, priced lines sum to the total); a priced line without amounts, or an unpriced one with amounts or without `unpriced_reason`.";
    CALLBACK_IDENTIFIER_MASKED = "callback_identifier_masked", Warning, Callback, "callback/parse.rs masked_identifiers",
        "{field} shows masked, as every output of the engine masks nine digits in a row or an SSN's shape: distinct values may show alike, so do not de-duplicate or match on it.",
        "`event_id` or an `identifiers` field that the engine's output masks (docs/api.md, Privacy: a nine-digit sequence number, `100000001`, shows as `*****0001`): the payload returned shows it masked, so two distinct callbacks may show the same `event_id` or reference. The payload is still valid; `buildCallback` refuses such identifiers.";
    INVALID_JSON_POINTER = "invalid_json_pointer", Error, Callback, "callback/parse.rs feedback",
        "\"{value}\" is not a JSON Pointer.",
        "A `validation_feedback[].path` that is neither empty nor starts with `/`, or has a `~` not followed by `0` or `1` (RFC 6901).";
    SIGNATURE_MALFORMED = "signature_malformed", Error, Callback, "callback/signature.rs verify",
        "The signature is not 64 hexadecimal digits.",
        "Returned by `verify`: the signature is not a hex-encoded HMAC-SHA256 (64 hex digits, either case).";
    SIGNATURE_MISMATCH = "signature_mismatch", Error, Callback, "callback/signature.rs verify",
        "The signature does not match the body, timestamp and secret.",
        "Returned by `verify`: a well-formed signature that is not the HMAC-SHA256 of `timestamp.body` under the secret (a changed body or timestamp, or another key). Compared in constant time.";
    TIMESTAMP_OUTSIDE_TOLERANCE = "timestamp_outside_tolerance", Error, Callback, "callback/signature.rs verify",
        "The signature's timestamp {timestamp} is more than {tolerance_seconds} seconds from now ({now}).",
        "Returned by `verify`: an authentic signature whose timestamp is older or newer than `now` by more than the tolerance, i.e. a replay or a badly wrong clock.";
    SIGNATURE_HEADER_MALFORMED = "signature_header_malformed", Error, Callback, "callback/signature.rs verify_header",
        "The signature header is not t=<unix seconds>,v1=<hex>.",
        "Returned by `verify_header`: no `t`, more than one `t`, a `t` that is not an integer, or no `v1`.";
}
