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
        "A value of a carrier's `x12` block or a plan's `x12` codes is too short or too long for its X12 element (`params.reason` gives the lengths), holds a character outside X12's basic and extended character sets or one of the file's separators (`~ * : ^`), or is only spaces or begins or ends with one (written as given, a blank ISA06 or an element with trailing spaces, which a translator refuses).";
    EDI_LINE_CODE_REQUIRED = "edi_line_code_required", Error, Config, "config/x12.rs plan_line_codes",
        "Plan {plan} is a {line} plan of carrier {carrier}, whose 834 files need x12.insurance_line_code: X12 has no code for this line.",
        "A plan of a carrier with an `x12` block, on a line X12's HD03 list has no code for (life, add, accident, critical_illness, cancer, hospital_indemnity, health_fund), without `x12.insurance_line_code`: the carrier's companion guide says which listed code it wants.";
    EDI_PLAN_CODE_REQUIRED = "edi_plan_code_required", Error, Config, "config/x12.rs plans_told_apart",
        "Plan {plan} of carrier {carrier} has no x12.plan_code, and plan {other} has the same insurance line code {line_code}: the carrier's 834 files could not say which of them a coverage is.",
        "Two plans of a carrier with an `x12` block share an HD03 line code (`x12.insurance_line_code`, else the line's default), and this one has no `x12.plan_code` (HD04): its HD would be the same as the other plan's, a plan change between them invisible to the carrier, and `parse834` could not read the coverage back (`edi_plan_unknown`). Each such plan is reported, naming the first other plan of its line code. Give every plan of a shared line code its plan code (the carrier's companion guide lists them).";
    EDI_PLAN_CODE_DUPLICATE = "edi_plan_code_duplicate", Error, Config, "config/x12.rs plans_told_apart",
        "Plan {plan} of carrier {carrier} has the same x12.plan_code as plan {other}: the carrier's 834 files could not say which of them a coverage is.",
        "Two plans of a carrier with an `x12` block have the same `x12.plan_code` (HD04): a coverage of either is written alike and `parse834` reads it as the first. The later plan is reported; the code is not quoted.";
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
        "A value was written differently from the snapshot because X12 cannot carry it as is: letters outside ASCII written without their accents (É as E), a separator character (`~ * : ^`) or another character X12 does not allow written as a space, a value cut to its element's maximum length, a phone number's letters written as their keypad digits, or a state outside X12's list (N402 left out). Path: the value in the current snapshot.";
    EDI_VALUE_REQUIRED = "edi_value_required", Error, X12, "x12/members.rs member_name",
        "{element} of {name} is required, and nothing of the value can be written in X12 ({reason}): the family is left out of the file.",
        "A value the 834 requires (NM103, the last name) has no character X12 can carry once cleaned (a name in a non-Latin script, or only separators): the family's member loops are left out of the file rather than sent without it (pyx12 rejects an NM1 without NM103). The portal has to give a Latin spelling. Path: the value in the current snapshot.";
    EDI_TOO_MANY_COVERAGES = "edi_too_many_coverages", Error, X12, "x12/mod.rs export",
        "{name} would have {count} coverage loops in this file, more than the 99 an 834 allows a member: the family is left out of the file.",
        "005010X220A1 allows a member at most 99 Health Coverage loops (2300, one per HD) in a file, and a translator rejects the transaction set beyond that. A member whose loops in this file would exceed 99 (rows of a carrier in force, or changes and coverage level changes sent at once) has the family left out, with this error at the person, rather than a file the carrier refuses whole (in a census, the other families are written). Path: the person in the current snapshot (the previous one for a person no longer in it).";
    // ---- reading an 834 back (parse834) ----------------------------------------
    EDI_NOT_AN_INTERCHANGE = "edi_not_an_interchange", Fatal, X12, "x12/parse.rs parse",
        "The text is not an X12 interchange: it must start with an ISA segment of 106 characters.",
        "`parse834` and `ack999` read the separators from the ISA's fixed offsets (3, 104, 105); without an ISA of 106 characters, 16 elements, nothing can be read (`ack999` writes no 999). `params.segment` `ISA`, `position` 0, `line` 1.";
    EDI_ENVELOPE_MISMATCH = "edi_envelope_mismatch", Error, X12, "x12/parse.rs envelope",
        "{element} at line {line} is {found}; it should be {expected}.",
        "A trailer disagrees with what it closes: SE01 (segments from ST to SE), SE02 (= ST02), GE01 (transaction sets), GE02 (= GS06, as text), IEA01 (groups), IEA02 (= ISA13). The members are read anyway. In `ack999`'s 999: SE01 is IK5 code 4, SE02 code 3 (the set rejected), GE01 AK9 code 5, GE02 code 4 (the group rejected); IEA01 and IEA02 are a TA1's business and are issues only.";
    EDI_TRAILER_MISSING = "edi_trailer_missing", Error, X12, "x12/parse.rs envelope",
        "The {segment} at line {line} is never closed: {trailer} is missing.",
        "An ST without SE, a GS without GE or an ISA without IEA (a file cut short), or an ST followed by another ST or a GE before its SE. The members read up to the end are kept. In `ack999`'s 999: no SE is IK5 code 2, no GE AK9 code 3.";
    EDI_SEGMENT_UNEXPECTED = "edi_segment_unexpected", Error, X12, "x12/parse.rs unexpected",
        "Segment {segment} at position {position} (line {line}) is not expected {place}: it is not read.",
        "A segment where `parse834` does not read it: before the first INS, one the 834's header (BGN, REF, DTP, QTY, N1 loops) has no place for; in a member loop, one that is no segment of the 834 guide's (misspelt, lower case) or not of the loop it stands in (`params.place`): 2000/2100A (REF, DTP, PER, N3, N4, DMG, EC, ICM, AMT, HLH, LUI), 2100C (N3, N4), 2300 (DTP, AMT, REF, IDC) — a DMG after the HD, say. It is skipped, so its data is missing from the report. Segments of the loops `parse834` does not read (2100B, D-H, 2200, 2310-2330, 2700) are passed over without an issue when they are the guide's.";
    EDI_ELEMENT_INVALID = "edi_element_invalid", Error, X12, "x12/parse.rs date",
        "{element} of segment {segment} at line {line} is invalid: {reason}.",
        "An element the report needs cannot be read: a date that is not eight digits or does not exist (or, DTP02 `RD8` in 2300, a range of two), a REF02 (0F, 23) not 1-50 printable characters, an AMT*FK volume that is not a whole number of dollars within int32, an NM109 SSN that is not nine digits (plain, dashes or spaces), an INS01 neither Y nor N (its loop is skipped), an INS01 `Y` whose INS02 is not `18` (self: the loop is read as a dependent of INS02's relationship), a coverage's end (DTP*349) before its start (DTP*348: the end is left out, unknown). The value is left out of the report and never quoted.";
    EDI_CODE_UNMAPPED = "edi_code_unmapped", Warning, X12, "x12/parse.rs member_of",
        "{element} code {code} at line {line} has no counterpart in the snapshot; read as {as}.",
        "An X12 code the snapshot's vocabulary has no value for: a relationship (INS02) such as 03 parent or 23 sponsored dependent is read as `other`; a marital status (DMG04) R, S or U, a sex (DMG03) other than F, M, U, an employment status (INS08) other than FT, PT, TE, RT and AC (the export's code for contract and disabled, read as neither) are left out. `params.code` is null when the value is not shaped like a code.";
    EDI_SEGMENT_REPEATED = "edi_segment_repeated", Error, X12, "x12/parse.rs members",
        "Segment {segment} at position {position} (line {line}) is the second of its kind in one loop: an {lost} segment is likely missing; what follows is not read into the loop before.",
        "A member loop holds one REF*0F, one NM1*IL (or NM1*74) and one DMG, an HD loop one DTP*348 and one DTP*349. A second one means the INS (`params.lost` `INS`) or the HD (`HD`) that began the next loop was lost: the segments up to the next INS (a lost INS) or the next HD (a lost HD) are another person's or coverage's and are skipped rather than read over the loop before (a subscriber's name, birth date and SSN overwritten by the spouse's; a coverage starting after it ends).";
    EDI_SEGMENT_MISSING = "edi_segment_missing", Error, X12, "x12/parse.rs members",
        "The {segment} loop at position {position} (line {line}) has no {missing} segment.",
        "A member loop (INS) without the subscriber's identifier (REF*0F: the loop cannot be put in its family; it is read into a family of the loops without one) or the member's name (NM1*IL or NM1*74: read without a name); a coverage loop (HD) without its required start (DTP*348: read without a start), but a cancellation or termination (HD01 `024`), which may carry its end alone; such an HD without its end (DTP*349, or a DTP*348 RD8 range) is missing DTP*349 and its end is left out, unknown, not read as open-ended. The issue is at the INS or the HD; `params.missing` says which.";
    EDI_SUBSCRIBER_REPEATED = "edi_subscriber_repeated", Error, X12, "x12/parse.rs add",
        "The member loop at position {position} (line {line}) is a second subscriber loop of its family (the first at line {first_line}): it is not read.",
        "A family (REF*0F) has one subscriber (INS01 `Y`). A second subscriber loop is another person whose INS01 was written `Y`, or the same person again (in another transaction set, say): it is not read — its person, dates and coverages — rather than replace or merge into the first. `params.first_line` is the first subscriber loop's line.";
    EDI_ADDRESS_NOT_COPIED = "edi_address_not_copied", Warning, X12, "x12/report.rs finish",
        "The dependent at position {position} (line {line}) has no address of its own, and the subscriber's is not copied: the file's copies passed their bound.",
        "A dependent loop without N3/N4 lives at the subscriber's address (005010X220A1 sends a dependent's address only when it differs), which `parse834` copies into the dependent. Those copies are bounded by twice the file's size, so that a file of many bare dependent loops does not multiply one address into the result; past the bound the dependent is read without an address. No real file comes near it.";
    EDI_PLAN_UNKNOWN = "edi_plan_unknown", Warning, X12, "x12/parse.rs enrollment_of",
        "The coverage at line {line} names no plan of the carrier (HD03 {line_code}, no HD04); it is left out of the report.",
        "An HD without HD04 whose HD03 is the line code of no plan, or of several, of the carrier (an HD04 no plan has is `edi_plan_code_unknown`).";
    EDI_PLAN_CODE_UNKNOWN = "edi_plan_code_unknown", Warning, X12, "x12/parse.rs enrollment_of",
        "The coverage at line {line} names a plan code (HD04) no plan of the carrier has: it is not read as any plan of the configuration.",
        "An HD whose HD04 is present and is no plan's `x12.plan_code` at the carrier: the carrier holds a plan the configuration does not know. The coverage is read by its line (HD03, when the carrier's plans with that line code share one line; else it is left out, `params.read` false) and without `plan_id`, so `track` sees that its plan is not the platform's. The code is not quoted. Only an HD without HD04 is read as the one plan of its line code.";
    // ---- the 999 of an imported 834 (ack999) -----------------------------------
    EDI_NO_FUNCTIONAL_GROUP = "edi_no_functional_group", Fatal, X12, "x12/ack.rs ack",
        "The interchange holds no functional group (GS): a 999 has nothing to acknowledge.",
        "`ack999` of an interchange with an ISA but no GS. No 999 is written (`text` is empty).";
    EDI_ENVELOPE_INVALID = "edi_envelope_invalid", Fatal, X12, "x12/ack.rs echoed",
        "{element} at line {line} cannot be echoed in a 999: {reason}.",
        "`ack999` copies the 834's envelope identifiers into its 999 (ISA05-08, ISA12, ISA15; GS01-03, GS06-08; ST01-03). One of the wrong length for its element, or holding a character outside X12's sets or one of the 999's separators (`* ~ : ^`, possible when the 834 declared other separators), would make the 999 malformed or let the 834 write segments into it: no 999 is written (that is a TA1's business). The value is not quoted.";
    EDI_SEGMENT_REJECTED = "edi_segment_rejected", Error, X12, "x12/ack.rs check",
        "Segment {segment} at position {position} (line {line}) is rejected: {reason} (IK304 {ik304}).",
        "`ack999`: a segment id that is not one of the 834 guide's, a segment other than BGN, REF, DTP, QTY, N1-N4, PER, ACT before the first INS, or a DMG (2100A) or HD whose identifying element (DMG01 `D8`, HD01 a maintenance type code) is not the guide's: the 999 has IK3 with IK304 `1` (as pyx12 writes a segment it cannot place). A segment ending with an element separator, with more elements than the guide gives it, or an NM1 with NM108 but no NM109 or the reverse (P0809): IK3 with IK304 `8` and no IK4, as pyx12 writes them. Among the 999's first 1000 IK3s (docs/api.md, Limits); the set is rejected (IK5 `R`, code 5).";
    EDI_GUIDE_UNSUPPORTED = "edi_guide_unsupported", Error, X12, "x12/ack.rs groups",
        "The transaction set at line {line} is not written to the 834 guide 005010X220A1 ({element}): it is rejected.",
        "`ack999`: an ST whose ST03 (implementation convention reference) is not `005010X220A1`, the one guide the engine reads. The 999's IK5 is `R` with code `I6` (implementation convention not supported); pyx12 finds ST03 invalid and writes no 999 at all. ST03 is echoed in AK203 as it is (when it fits, `edi_envelope_invalid`).";
    EDI_ELEMENT_REJECTED = "edi_element_rejected", Error, X12, "x12/ack.rs check",
        "{element} of segment {segment} at position {position} (line {line}) is rejected: {reason} (IK403 {ik403}).",
        "`ack999`: an element of INS, REF, DTP, NM1*IL/74, DMG (2100A) or HD breaks the 834 guide: a required element missing (IK403 1), too short (4), too long (5), a character outside X12's sets or the component separator (6), a code outside the guide's list (7: DTP02 `RD8` only in 2300 and 2750), a date that is not CCYYMMDD (from 1800 on, as pyx12) or a range CCYYMMDD-CCYYMMDD (8). The 999 has IK3 (IK304 `8`; among its first 1000 IK3s, docs/api.md, Limits) and IK4 without IK404: the value is never copied. The set is rejected (IK5 `R`, code 5).";
}
