//! Issue codes of the X12 834 export (docs/api.md, X12 834 export): the
//! configuration a Send carrier's file needs (layer `config`, pointers into
//! the configuration) and the export itself (layer `x12`, pointers into the
//! current snapshot, or `""`). Codes start with `edi_` (codes are letters
//! and `_` only). No message or param quotes an SSN: the file is the one
//! place they are written.

use crate::diagnostic::catalogue::catalogue;

catalogue! {
    X12_CONFIG_CATALOGUE:
    EDI_VALUE_INVALID = "edi_value_invalid", Error, Config, "config/x12.rs edi_text",
        "{field} cannot be written into an X12 834: {reason}.",
        "A value of a carrier's `x12` block or a plan's `x12` codes is too short or too long for its X12 element (`params.reason` gives the lengths), or holds a character outside X12's basic and extended character sets or one of the file's separators (`~ * : ^`).";
    EDI_LINE_CODE_REQUIRED = "edi_line_code_required", Error, Config, "config/x12.rs plan_line_codes",
        "Plan {plan} is a {line} plan of carrier {carrier}, whose 834 files need x12.insurance_line_code: X12 has no code for this line.",
        "A plan of a carrier with an `x12` block, on a line X12's HD03 list has no code for (life, add, accident, critical_illness, cancer, hospital_indemnity, health_fund), without `x12.insurance_line_code`: the carrier's companion guide says which listed code it wants.";
    EDI_CONFIG_ON_SYNC_CARRIER = "edi_config_on_sync_carrier", Warning, Config, "config/x12.rs plan_line_codes",
        "Carrier {carrier} is a Sync carrier: its x12 block is not used.",
        "A carrier that is not `mode: send` has an `x12` block; only Send carriers' files are exported.";
}

catalogue! {
    X12_CATALOGUE:
    EDI_NOT_SEND_CARRIER = "edi_not_send_carrier", Fatal, X12, "x12/mod.rs carrier_for_export",
        "Carrier {carrier} is a Sync carrier: it takes changes by API, not by 834 file.",
        "`export834` for a carrier whose `mode` is not `send`. No file is written (`text` is empty).";
    EDI_NOT_CONFIGURED = "edi_not_configured", Fatal, X12, "x12/mod.rs carrier_for_export",
        "Carrier {carrier} has no x12 block in the group configuration: its 834 identifiers are unknown.",
        "`export834` for a Send carrier without `x12` (sender, receiver, sponsor, payer). No file is written.";
    EDI_CARRIER_BLOCKED = "edi_carrier_blocked", Fatal, X12, "x12/mod.rs blocked",
        "Carrier {carrier} is blocked by the snapshot's issues: its changes will not be sent.",
        "The preview has an error or fatal issue that blocks the carrier (listed before this one, as the preview reports them). No file is written.";
    EDI_NOTHING_TO_SEND = "edi_nothing_to_send", Info, X12, "x12/mod.rs export",
        "Carrier {carrier} has nothing to send: no file is written.",
        "A change file for a snapshot without differences at the carrier, or a full file without a member in force there on `created`'s date: an 834 needs at least one member loop. `text` is empty.";
    EDI_SUBSCRIBER_ID_FALLBACK = "edi_subscriber_id_fallback", Warning, X12, "x12/members.rs subscriber_id",
        "The employee has no SSN: REF*0F carries their {field} instead.",
        "Every member loop carries the subscriber's identifier (REF*0F), which carriers expect to be the employee's SSN. Without one, the employee's `custom_individual_id` (else `id`) is written; the carrier's companion guide may refuse it.";
    EDI_VALUE_ALTERED = "edi_value_altered", Warning, X12, "x12/text.rs Clean::element",
        "{element} of {name} was changed to fit X12: {reason}.",
        "A value was written differently from the snapshot because X12 cannot carry it as is: letters outside ASCII written without their accents (É as E), a separator character (`~ * : ^`) or another character X12 does not allow written as a space, a value cut to its element's maximum length, or a state outside X12's list (N402 left out). Path: the value in the current snapshot.";
    // ---- reading an 834 back (parse834) ----------------------------------------
    EDI_NOT_AN_INTERCHANGE = "edi_not_an_interchange", Fatal, X12, "x12/parse.rs parse",
        "The text is not an X12 interchange: it must start with an ISA segment of 106 characters.",
        "`parse834` reads the separators from the ISA's fixed offsets (3, 104, 105); without an ISA of 106 characters, 16 elements, nothing can be read. `params.segment` `ISA`, `position` 0, `line` 1.";
    EDI_ENVELOPE_MISMATCH = "edi_envelope_mismatch", Error, X12, "x12/parse.rs envelope",
        "{element} at line {line} is {found}; it should be {expected}.",
        "A trailer disagrees with what it closes: SE01 (segments from ST to SE), SE02 (= ST02), GE01 (transaction sets), GE02 (= GS06, as text), IEA01 (groups), IEA02 (= ISA13). The members are read anyway.";
    EDI_TRAILER_MISSING = "edi_trailer_missing", Error, X12, "x12/parse.rs envelope",
        "The {segment} at line {line} is never closed: {trailer} is missing.",
        "An ST without SE, a GS without GE or an ISA without IEA (a file cut short). The members read up to the end are kept.";
    EDI_SEGMENT_UNEXPECTED = "edi_segment_unexpected", Error, X12, "x12/parse.rs unexpected",
        "Segment {segment} at position {position} (line {line}) is not expected before the first member loop (INS).",
        "A segment the 834's header (BGN, REF, DTP, QTY, N1 loops) has no place for, before the first INS. It is skipped.";
    EDI_ELEMENT_INVALID = "edi_element_invalid", Error, X12, "x12/parse.rs date",
        "{element} of segment {segment} at line {line} is invalid: {reason}.",
        "An element the report needs cannot be read (a date that is not CCYYMMDD or does not exist). The value is left out of the report.";
    EDI_CODE_UNMAPPED = "edi_code_unmapped", Warning, X12, "x12/parse.rs member_of",
        "{element} code {code} at line {line} has no counterpart in the snapshot; read as {as}.",
        "An X12 code the snapshot's vocabulary has no value for: a relationship (INS02) such as 03 parent or 23 sponsored dependent is read as `other`; a marital status (DMG04) R, S or U is left out.";
    EDI_PLAN_UNKNOWN = "edi_plan_unknown", Warning, X12, "x12/parse.rs enrollment_of",
        "The coverage at line {line} names no plan of the carrier (HD03 {line_code}, HD04 unknown); it is left out of the report.",
        "An HD whose HD04 is no plan's `x12.plan_code` and whose HD03 is the line code of no plan, or of several, of the carrier.";
}
