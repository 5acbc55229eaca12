//! Every code the claims layer reports: the issue codes for malformed claim
//! documents (snake_case, like the rest of the catalogue) and the claim
//! message codes the payment-status step attaches (`CLA-IP-PMSS-…`, as Claims
//! spells them). Structural problems reuse the catalogue's generic codes
//! (`json_syntax`, `not_an_object`, `missing_field`, `wrong_type`,
//! `unknown_enum_value`, `invalid_date`, `impossible_date`, `invalid_timestamp`,
//! `empty_value`, `out_of_range`, `unknown_field_typo`), reported by `read::walk::Walk`.

use crate::diagnostic::catalogue::catalogue;

catalogue! {
    CLAIMS_CATALOGUE:
    // ---- claim messages attached by the payment-status step ------------------
    PMSS_UNKNOWN_PRODUCT = "CLA-IP-PMSS-001", Fatal, Claims, "claims/receive.rs unknown_codes",
        "The product code {code} is unknown.",
        "Claim line message (origin PAYMENT STATUS, fatal, product-independent): a payment-status response names a product code that is not in the catalogue's `products`. Attached to every considered line of the response's serviced entity, once per distinct code; that response's product messages are then not stored.";
    PMSS_UNKNOWN_MESSAGE = "CLA-IP-PMSS-002", Fatal, Claims, "claims/receive.rs unknown_codes",
        "The message code {code} is unknown.",
        "Claim line message (origin PAYMENT STATUS, fatal, product-independent): a payment-status response carries a message code that is not in the catalogue's `messages`. Attached like CLA-IP-PMSS-001.";
    PMSS_NO_RESPONSE = "CLA-IP-PMSS-900", Error, Claims, "claims/receive.rs waiting",
        "No payment status response was received for {missing} within {waiting_time_seconds} seconds of {sent_at}.",
        "Technical error (not a claim message): the waiting time expired (`now` ≥ `sent_at` + `waiting_time_seconds`) before every request had a response. The claim pends; restart it by planning and sending the requests again.";
    // ---- issues in the claims documents ----------------------------------------
    RESPONSES_TOO_LARGE = "responses_too_large", Fatal, Claims, "claims/receive.rs too_many_messages",
        "The responses would attach {messages} message(s) to the claim's lines, more than {limit} bytes, the limit; none are attached.",
        "Every product message goes on every considered line its dates overlap, so responses of many messages for a claim of many lines could multiply into a result far larger than the inputs. Before attaching anything, `applyPaymentStatus` weighs what it would attach (messages × lines, with their texts, parameters and line ids); over the budget — eight times the inputs' bytes plus 1 MiB, at most 16 MiB (docs/api.md, Limits) — nothing is attached and the result is not valid. Path \"\" of `responses`.";
    SUMMARY_TOO_LARGE = "summary_too_large", Fatal, Claims, "claims/mod.rs over_budget",
        "The summary would be {weight} bytes, more than {limit} bytes, the limit; nothing is returned.",
        "A summary names each message it removed, attached, kept, discarded or did not store, and each skip its causes; those notes quote ids, codes and texts that repeat per message to 64 characters, so a summary grows with its inputs' items, not their product. Each function still weighs its summary's JSON before returning it: over the budget — eight times the inputs' bytes plus 1 MiB, at most 16 MiB (docs/api.md, Limits) — the result is not valid and carries nothing but its issues. Path \"\" of `claim`.";
    END_BEFORE_START = "end_before_start", Error, Claims, "claims/read.rs dates_in_order",
        "The end date {end_date} is before the start date {start_date}.",
        "A claim, claim line, policy product or response product ends before it starts. Path: its `end_date`.";
    CLAIM_PERIOD_EXCLUDES_LINES = "claim_period_excludes_lines", Warning, Claims, "claims/read.rs period_bounds_lines",
        "The claim's {field} {date} does not bound the service dates of {count} line(s); the farthest is the line at {line}, {field} {line_date}. The payment status requests still use {date}.",
        "The claim's stored `start_date` is after a line's `start_date`, or its stored `end_date` before a line's `end_date`, while source S3 defines the claim's dates as the span bounding the service dates of all its lines (locked and replaced ones included). A warning, not an error: the seed says the request's dates equal the claim's, so the requests still use the stored dates (and may then miss some of an entity's service dates; `summary.explanation` says so too). At most one issue per stored date, at its pointer (`/start_date` or `/end_date` of `claim`): `params` has the `field`, the stored `date`, the `count` of lines outside, and the farthest of them (the first of equals) by pointer, `line` (`/lines/3`), with its `line_date` — never a line's `id`, which is free text. Not checked when the date is absent: a missing date is derived from all the lines, which it then bounds.";
    CLAIM_DUPLICATE_ID = "claim_duplicate_id", Error, Claims, "claims/read.rs unique_ids",
        "{kind} id \"{id}\" is already used at {other}.",
        "Two claim lines, or two bills, of one claim share an `id`.";
    CLAIM_UNKNOWN_BILL = "claim_unknown_bill", Warning, Claims, "claims/read.rs unique_ids",
        "No bill of the claim has id \"{bill_id}\".",
        "A claim line's `bill_id` names no bill of the claim; that line is judged on its own messages only.";
    ENROLLMENT_DUPLICATE_ENTITY = "enrollment_duplicate_entity", Error, Claims, "claims/read.rs check_enrollment",
        "The enrollment response lists {entity} twice (also at {other}).",
        "Two entries of the enrollment response name the same serviced entity (type and code), so its policy products are ambiguous.";
    RESPONSE_DUPLICATE_ENTITY = "response_duplicate_entity", Warning, Claims, "claims/receive.rs match_responses",
        "A payment status response for {entity} was already received (at {other}); this one is ignored.",
        "A second response for the same serviced entity. The first one counts.";
    RESPONSE_NOT_REQUESTED = "response_not_requested", Warning, Claims, "claims/receive.rs match_responses",
        "No payment status request was sent for {entity}; this response is ignored.",
        "A response for a serviced entity no request was planned for (not on a considered line, or skipped).";
    UNKNOWN_OPTION = "unknown_option", Error, Claims, "claims/read.rs options",
        "Unknown option {field}; the options are {allowed}.",
        "The options object has a key the payment-status functions do not read.";
    BENEFIT_UNKNOWN_LINE = "benefit_unknown_line", Warning, Claims, "claims/benefits.rs unknown_lines",
        "No claim line has id \"{line_id}\".",
        "The benefits document names a line the claim does not have; the entry is ignored.";
}
