//! The catalogue of issue codes: one `Rule` per code, with its default
//! severity, message template and the doc line docs/rules.md is generated from.
//! This file holds the snapshot's and the configuration's codes; each other
//! layer's are in `diagnostic/codes/`, declared with the same `catalogue!`.

use super::issue::Severity;
use crate::model::enums::string_enum;

string_enum!(
    /// Which layer reports a code: a section of docs/rules.md.
    Layer {
        Input = "input", Structure = "structure", Rule = "rule", Diff = "diff", Config = "config",
        Premium = "premium", Lifecycle = "lifecycle", Callback = "callback", X12 = "x12",
        Claims = "claims",
    }
);

/// A documented issue code.
#[derive(Debug, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "RuleInfo"))]
pub struct Rule {
    /// Stable code; never reused for another meaning.
    pub code: &'static str,
    /// Severity where the code is reported (see `doc` for exceptions).
    pub severity: Severity,
    /// Which layer reports it.
    pub layer: Layer,
    /// Where the check lives (file, function), for readers of docs/rules.md.
    pub source: &'static str,
    /// Message with `{param}` placeholders.
    pub template: &'static str,
    /// One line for docs/rules.md: when it fires.
    pub doc: &'static str,
}

/// Declares one `Rule` constant per entry and `$catalogue`, the list of them
/// in documentation order. Entry: `NAME = "code", Severity, Layer, "file fn",
/// "message template", "doc line";`.
macro_rules! catalogue {
    ($catalogue:ident: $($ident:ident = $code:literal, $sev:ident, $layer:ident, $source:literal,
       $template:literal, $doc:literal;)+) => {
        $(
            #[doc = $doc]
            pub const $ident: &$crate::diagnostic::Rule = &$crate::diagnostic::Rule {
                code: $code,
                severity: $crate::diagnostic::Severity::$sev,
                layer: $crate::diagnostic::Layer::$layer,
                source: $source,
                template: $template,
                doc: $doc,
            };
        )+
        /// Every rule of this catalogue, in documentation order.
        pub const $catalogue: &[&$crate::diagnostic::Rule] = &[$($ident),+];
    };
}
pub(crate) use catalogue;

catalogue! {
    CATALOGUE:
    // ---- input -------------------------------------------------------------
    JSON_SYNTAX = "json_syntax", Fatal, Input, "read/input.rs parse",
        "The document is not valid JSON: {reason} (line {line}, column {column}).",
        "The input string does not parse as JSON (includes nesting deeper than 127 levels: the 128th is refused). Path is \"\".";
    INPUT_TOO_LARGE = "input_too_large", Fatal, Input, "read/input.rs parse",
        "The document is more than {limit} bytes, the input limit; it is not read.",
        "The input exceeds the engine's size limit (`max_input_bytes`, 4 MiB = 4,194,304 bytes of UTF-8 by default); it is not parsed. The message groups the limit in thousands (4,194,304); `params` has only `limit`. In JS the size is measured before the text is copied into wasm memory (docs/api.md, Limits).";
    INVALID_ENCODING = "invalid_encoding", Fatal, Input, "read/input.rs utf8",
        "Line {line} is not UTF-8 text (an invalid byte at column {column}); it is not read: save the file as UTF-8 (it may be Latin-1 or Windows-1252) and run again.",
        "Reported by the command line (pkg/cli.mjs) for an input line whose bytes are not UTF-8, and by `parseCallback` for a body given as bytes (a Uint8Array, Buffer or ArrayBuffer) that is not UTF-8 (there always line 1 unless the body has newlines). The text is not read rather than read with replacement characters, which would pass corrupted names; `column` counts bytes from 1. Path is \"\".";
    NOT_AN_OBJECT = "not_an_object", Fatal, Input, "read/input.rs not_an_object",
        "The document must be a JSON object, not {actual}.",
        "The document root is not a JSON object.";
    TOO_MANY_ITEMS = "too_many_items", Fatal, Input, "read/walk.rs Walk::at_most",
        "This part of the document holds {count} items, and a document's lists and unknown fields may hold {limit} in all: the items past that were not read, and the document is not processed further.",
        "The JSON lists of one document, all together, have more than 100,000 items (docs/api.md, Limits): a snapshot's `dependents`, `coverages`, `events` and each coverage's `enrolled_members`, a configuration's `carriers`, `plans` and their lists, a claims document's lists, a callback's lists, the status events. What is kept as raw JSON counts too: an object's unknown fields, together (each field, and every list item and object member it holds) and the sub-documents kept whole; there the issue stands at that object (or sub-document) and `count` is the values they hold. Reported once, at the list (or field) that passes the limit (path is its pointer; `params` has the list's `count` and the `limit`). The items before it are read (their issues reported); past it objects and arrays are not read, other values only checked (a number where an object belongs is still a counted `wrong_type`). The issue is fatal, so nothing is compared, priced, acknowledged or routed. 4 MiB of real items holds far fewer (a dependent with a name is about 100 bytes).";
    TOO_MANY_ISSUES = "too_many_issues", Error, Input, "diagnostic/limits.rs cap_issues",
        "{omitted} more issues were found and left out: at most {limit} are returned per call.",
        "Any result carrying issues holds at most 1000 (docs/api.md, Limits): the first 999 in their usual order, then this one. Path \"\"; `params.omitted` counts the issues left out; its severity is the highest among them and `carrier_ids` the union of theirs, so `valid` and `blocked` (computed from all issues) agree with it.";
    // ---- structure (Noyo's schema) -------------------------------------------
    MISSING_FIELD = "missing_field", Error, Structure, "read/walk.rs Walk::field",
        "Required field {field} is missing.",
        "A field the schema requires is absent; `path` points where it belongs. Fatal for `/employee` and `/snapshot_mode`.";
    WRONG_TYPE = "wrong_type", Error, Structure, "read/walk.rs Walk::wrong_type",
        "Expected {expected}, found {actual}.",
        "A value has the wrong JSON type (null counts as a type unless the field is nullable). Fatal for `/employee`, `/snapshot_mode`, `/dependents`, `/coverages` and `/events`, whose members cannot be scoped otherwise.";
    UNKNOWN_ENUM_VALUE = "unknown_enum_value", Error, Structure, "read/walk.rs Walk::enum_value",
        "\"{value}\" is not an allowed value for {field}.",
        "A string outside the field's closed list (`params.allowed` lists it). Fatal for `/snapshot_mode`.";
    INVALID_DATE = "invalid_date", Error, Structure, "read/walk.rs Walk::date",
        "\"{value}\" is not a date shaped YYYY-MM-DD.",
        "A date field that is not shaped `YYYY-MM-DD` (no times, no offsets, zero-padded).";
    IMPOSSIBLE_DATE = "impossible_date", Error, Structure, "read/walk.rs Walk::date",
        "{value} is not a real calendar date.",
        "A well-shaped date that does not exist, e.g. 2022-02-30 or month 13.";
    INVALID_SSN = "invalid_ssn", Error, Structure, "read/formats.rs is_ssn",
        "The SSN {value} is not valid: nine digits, area not 000, group not 00, serial not 0000.",
        "`ssn` fails Noyo's pattern (nine digits, no separators; area 000, group 00 and serial 0000 never issued). The value is masked.";
    INVALID_ZIP_CODE = "invalid_zip_code", Error, Structure, "read/formats.rs is_zip",
        "\"{value}\" is not a ZIP code (12345 or 12345-6789).",
        "`zip_code` is not five digits, optionally followed by four more (with or without a hyphen).";
    INVALID_UUID = "invalid_uuid", Error, Structure, "read/formats.rs is_uuid",
        "\"{value}\" is not a UUID.",
        "A `format: uuid` field (ids of carriers, plans, people) is not 8-4-4-4-12 hexadecimal.";
    INVALID_EMAIL = "invalid_email", Error, Structure, "read/formats.rs is_email",
        "\"{value}\" is not an email address.",
        "`email_address` is not `local@domain` with a dotted domain and no spaces.";
    OUT_OF_RANGE = "out_of_range", Error, Structure, "read/walk.rs Walk::integer_in",
        "{value} is out of range: {bound}.",
        "A number outside its type's range: `int32` fields (volume, hours_worked) or a minimum (salary amount ≥ 0).";
    INVALID_TIMESTAMP = "invalid_timestamp", Error, Structure, "read/walk.rs Walk::timestamp",
        "\"{value}\" is not a timestamp like 2026-11-25T17:00:00Z.",
        "A timestamp (status events, callbacks) that is not RFC 3339 with seconds and an offset (`Z` or `±HH:MM`), or whose offset carries it outside 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z in UTC.";
    EMPTY_VALUE = "empty_value", Error, Structure, "read/walk.rs Walk::nonempty",
        "{field} must not be empty.",
        "A string with `minLength: 1` (ids, plan_name) is empty, or a list with `minItems: 1` is empty.";
    UNKNOWN_FIELD_TYPO = "unknown_field_typo", Warning, Structure, "read/walk.rs Walk::extra",
        "Unknown field {field}; did you mean {suggestion}?",
        "An unknown field whose name is close to a known one. Unknown fields are kept either way.";
    // ---- snapshot rules ------------------------------------------------------
    PERSON_ID_MISSING = "person_id_missing", Error, Rule, "validate/rules/people.rs person_ids",
        "{name} has neither id nor custom_individual_id; one is needed to match them across snapshots.",
        "The employee or a dependent carries no identifier (Noyo: `custom_individual_id` is required for a new member).";
    DUPLICATE_PERSON_ID = "duplicate_person_id", Error, Rule, "validate/rules/people.rs person_ids",
        "{field} \"{id}\" is also used by {other}.",
        "Two people of the snapshot share an `id` or `custom_individual_id`, so enrollments cannot tell them apart (ids that mask alike but differ are not compared: docs/api.md, Privacy).";
    DUPLICATE_DEPENDENT = "duplicate_dependent", Error, Rule, "validate/rules/people.rs duplicate_dependents",
        "{name}, born {date_of_birth}, is listed twice (also {other}).",
        "Two dependents with the same first name, last name (ignoring case and spaces) and date of birth.";
    MULTIPLE_SPOUSES = "multiple_spouses", Error, Rule, "validate/rules/people.rs multiple_spouses",
        "{name} is a second spouse-like dependent ({relationship}); {first} is already listed.",
        "More than one dependent is a spouse, domestic partner or civil-union partner.";
    DATE_OF_BIRTH_IN_FUTURE = "date_of_birth_in_future", Error, Rule, "validate/rules/people.rs birth_dates",
        "Date of birth {date_of_birth} is after today ({today}).",
        "A person's date of birth is after `options.today` (skipped without `today`).";
    DATE_OF_BIRTH_IMPLAUSIBLE = "date_of_birth_implausible", Error, Rule, "validate/rules/people.rs birth_dates",
        "Date of birth {date_of_birth} is implausibly long ago.",
        "A date of birth before 1900-01-01, or more than 120 years before `options.today`.";
    SSN_NOT_ISSUED = "ssn_not_issued", Error, Rule, "validate/rules/people.rs ssns",
        "SSN {ssn} is in an area that is never issued (666 or 900-999).",
        "The SSN's area number is 666 or 900-999 (area 000, group 00 and serial 0000 are `invalid_ssn`). The SSN is masked.";
    SSN_PLACEHOLDER = "ssn_placeholder", Warning, Rule, "validate/rules/people.rs ssns",
        "SSN {ssn} looks like a placeholder, not a real number.",
        "One digit repeated, 123456789, 987654321 or a known advertising number (078051120, 219099999). Checked before `ssn_not_issued`; Noyo's own example uses such numbers.";
    LAST_NAME_UNWRITABLE = "last_name_unwritable", Error, Rule, "validate/rules/people.rs last_names",
        "{name}'s last name has no character an 834 can carry, and the 834 file of {carriers} requires one (NM103): give it a Latin spelling.",
        "A person's `last_name` is empty or has no character X12 carries once written as the 834 writes it (the writer's own test: accents dropped, `Müller` is `MULLER`; `李` is nothing), and the person's changes go to a Send carrier with an `x12` block, whose 834 requires NM103 and would leave the family out (`edi_value_required`). Path is the `last_name`; `carrier_ids` are only the carriers written an 834 among those the person's data blocks (docs/api.md, Scoping): Sync carriers and Send carriers without `x12` are not blocked, and a person sent to none of them gets no issue. `params.carriers` names the carriers written an 834 the current snapshot lists the person at (three at most, then how many more; `a Send carrier` when only a preview's routing reaches one).";
    TERMINATION_DATE_MISSING = "termination_date_missing", Error, Rule, "validate/rules/employment.rs termination_date",
        "The employee is terminated but employment_dates.terminated is missing.",
        "A `termination` event, or `employment_status: terminated`, without `employment.employment_dates.terminated`. Path: the event or the status. A termination event dated before a later `reinstatement` or `rehire` event, or before `employment_dates.rehire`, is one the snapshot still lists after it was reversed: no date is needed.";
    COVERAGE_BEFORE_HIRE = "coverage_before_hire", Error, Rule, "validate/rules/employment.rs coverage_before_hire",
        "Coverage starts {start}, before the hire date {hire_date}.",
        "An enrolled member's coverage (not waived) starts before the employee's hire date, or between the earlier employment and a later `rehire` date: after that employment's known termination (a `terminated` date, else a termination event, before the rehire). Without a known termination, a start before the rehire is taken as the earlier employment's. `params.hire_date` is the date it precedes (the rehire date in the second case).";
    COVERAGE_AFTER_TERMINATION = "coverage_after_termination", Error, Rule, "validate/rules/employment.rs coverage_after_termination",
        "Coverage runs to {end}, past the end of the month the employee was terminated in ({terminated}).",
        "An enrolled member's coverage ends after the last day of the month of `employment_dates.terminated` (COBRA coverages exempt). A termination before a later `rehire` date ended the earlier employment: coverage may also run on through the rehire, so only an end in the gap between is flagged.";
    UNKNOWN_CARRIER = "unknown_carrier", Error, Rule, "validate/rules/plans.rs unknown_carrier",
        "Carrier {carrier_id} is not one of the group's carriers.",
        "A coverage's `carrier_id` is not in the group configuration.";
    PLAN_NOT_SPECIFIED = "plan_not_specified", Error, Rule, "validate/rules/plans.rs plan_reference",
        "The coverage names neither plan_id nor plan_name.",
        "A coverage with neither `plan_id` nor `plan_name` (Noyo requires one).";
    PLAN_NOT_FOUND = "plan_not_found", Error, Rule, "validate/rules/plans.rs plan_reference",
        "No plan of the group has {field} \"{value}\" for this carrier and line.",
        "`plan_id` is not a plan of the group, or `plan_name` matches no plan of the coverage's carrier and line.";
    PLAN_NAME_AMBIGUOUS = "plan_name_ambiguous", Error, Rule, "validate/rules/plans.rs plan_reference",
        "{count} plans of this carrier and line are named \"{value}\"; give plan_id.",
        "`plan_name` matches more than one plan of the coverage's carrier and line.";
    PLAN_CARRIER_MISMATCH = "plan_carrier_mismatch", Error, Rule, "validate/rules/plans.rs plan_reference",
        "Plan {plan} belongs to carrier {plan_carrier_id}, not to this coverage's carrier {carrier_id}.",
        "`plan_id` names a plan of another carrier.";
    PLAN_LINE_MISMATCH = "plan_line_mismatch", Error, Rule, "validate/rules/plans.rs plan_reference",
        "Plan {plan} is a {plan_line} plan, not {line}.",
        "`plan_id` names a plan of another line of coverage.";
    MEMBER_NOT_ELIGIBLE = "member_not_eligible", Error, Rule, "validate/rules/plans.rs eligibility",
        "Plan {plan} does not admit {member_type} members ({name}).",
        "The member's type (employee, or the dependent's relationship) is not in the plan's `eligible_member_types`.";
    DEPENDENT_OVER_AGE_LIMIT = "dependent_over_age_limit", Error, Rule, "validate/rules/plans.rs dependent_age_limit",
        "{name} ({relationship}) is {age} on {start}, at or over plan {plan}'s age limit of {limit}.",
        "A child-like dependent (child, step-child, foster-child, adopted-child, grandchild, legal-guardianship) is at or over the plan's `dependent_child_age_limit` on the coverage start date. Disabled dependents (`details.disability.disabled`) are exempt.";
    DEPENDENT_AGED_OUT = "dependent_aged_out", Warning, Rule, "validate/rules/plans.rs dependent_aged_out",
        "{name} ({relationship}) turned {limit} on {reached}, plan {plan}'s age limit, and is still covered on {today}: end the coverage.",
        "Checked only with `today` (validate's option; preview's `now`): a child-like dependent (as for `dependent_over_age_limit`) who was under the plan's `dependent_child_age_limit` when the coverage started has reached it on or before `today`, and the coverage is still in force on `today` (open-ended, or ending on or after it) and does not end by the last day of the month the limit was reached (a coverage ending then carries its termination already). Source S4: participation ends for those no longer eligible, so a termination is owed. `path` is the enrolled member's `effective_end_date`; `params.reached` is the birthday the limit was reached on (a 29 February birthday counts on 1 March). Disabled dependents are exempt.";
    DEPENDENT_WITHOUT_EMPLOYEE = "dependent_without_employee", Error, Rule, "validate/rules/plans.rs dependent_without_employee",
        "{name} is enrolled without the employee, and plan {plan} does not allow dependent-only enrollment.",
        "A dependent's enrollment (not waived) is not covered by the employee's enrollment in the same coverage. Dependent-only plans (whose `eligible_member_types` leave out `employee`) are exempt.";
    VOLUME_REQUIRED = "volume_required", Error, Rule, "validate/rules/plans.rs volume",
        "Plan {plan} is volume-based: volume is required.",
        "A member of a plan with a `volume` rule has no `volume` (waived members exempt).";
    VOLUME_OUT_OF_RANGE = "volume_out_of_range", Error, Rule, "validate/rules/plans.rs volume",
        "Volume {volume} is outside plan {plan}'s range {min} to {max}.",
        "`volume` below the plan's `volume.min` or above its `volume.max`.";
    VOLUME_NOT_ON_INCREMENT = "volume_not_on_increment", Error, Rule, "validate/rules/plans.rs volume",
        "Volume {volume} is not {min} plus a multiple of {increment} (plan {plan}).",
        "`volume` minus the plan's minimum (0 when unset) is not a multiple of `volume.increment`.";
    VOLUME_REQUIRES_EOI = "volume_requires_eoi", Warning, Rule, "validate/rules/plans.rs volume",
        "Volume {volume} is above plan {plan}'s guaranteed issue of {guaranteed_issue}: evidence of insurability is required.",
        "`volume` above `volume.guaranteed_issue`: a follow-up (EOI), not a block.";
    COVERAGE_ENDS_BEFORE_START = "coverage_ends_before_start", Error, Rule, "validate/rules/coverages.rs dates",
        "Coverage ends on {end}, before it starts on {start}.",
        "`effective_end_date` is more than one day before `effective_start_date`.";
    COVERAGE_WAIVED = "coverage_waived", Info, Rule, "validate/rules/coverages.rs dates",
        "{name} waives or cancels this coverage (ends {end}, the day before it starts).",
        "`effective_end_date` is the day before `effective_start_date`: Noyo's way to waive or cancel.";
    OVERLAPPING_COVERAGE = "overlapping_coverage", Error, Rule, "validate/rules/coverages.rs overlaps",
        "{name} is enrolled twice in {line} for overlapping periods (also {other}).",
        "The same person has two enrollments (not waived) of the same line whose periods overlap, in one coverage or two.";
    ENROLLED_MEMBER_UNKNOWN = "enrolled_member_unknown", Error, Rule, "validate/rules/coverages.rs member_references",
        "No {individual_type} of this snapshot has {field} \"{id}\".",
        "An enrolled member's `individual_id` (or, without it, `custom_individual_id`) matches no person of that type (or matches one only by an id that masks like another distinct id of the snapshot: docs/api.md, Privacy).";
    ENROLLED_MEMBER_UNIDENTIFIED = "enrolled_member_unidentified", Error, Rule, "validate/rules/coverages.rs member_references",
        "An enrolled dependent must give individual_id or custom_individual_id.",
        "An enrolled member of type `dependent` names no one. (An employee needs no id: there is one.)";
    INDIVIDUAL_TYPE_MISMATCH = "individual_type_mismatch", Error, Rule, "validate/rules/coverages.rs member_references",
        "individual_type is {individual_type}, but {field} \"{id}\" names {actual}.",
        "The id names the employee while `individual_type` says dependent, or the reverse.";
    COVERAGE_WITHOUT_MEMBERS = "coverage_without_members", Warning, Rule, "validate/rules/coverages.rs member_references",
        "The coverage enrolls no one.",
        "`enrolled_members` is empty: nothing will be sent for this coverage.";
    EVENT_NOT_FOUND = "event_not_found", Error, Rule, "validate/rules/events.rs event_references",
        "No event has id \"{event_id}\".",
        "An `event_id` (on the employee, a dependent or an enrolled member) names no event of `events` (or names one only among ids that mask alike: docs/api.md, Privacy).";
    DUPLICATE_EVENT_ID = "duplicate_event_id", Error, Rule, "validate/rules/events.rs event_references",
        "Event id \"{event_id}\" is used by more than one event.",
        "Two events share an `id`.";
    // ---- diff (previous vs current snapshot) ------------------------------------
    OMITTED_COVERAGE = "omitted_coverage", Error, Diff, "diff/mod.rs Builder::omitted",
        "{name}'s {line} coverage at carrier {carrier_id} was in force in the previous snapshot and is missing from this one.",
        "With `omitted_coverage_handling.policy` `reject` (the default), an enrollment in force in the previous snapshot (open-ended, or ending on or after today) is missing from the current one. Blocks that coverage's carrier only; `params.previous_path` points into the previous snapshot.";
    OMITTED_COVERAGE_END_UNKNOWN = "omitted_coverage_end_unknown", Error, Diff, "diff/enrollments.rs termination_end",
        "{name}'s omitted {line} coverage cannot be terminated: {reason}.",
        "Policy `terminate`, but no end date can be computed: `termination_rule` `custom` without `custom.effective_end_date`, or an `end_of_*_month` rule without today's date.";
    TOO_MANY_DIFFERENCES = "too_many_differences", Fatal, Diff, "diff/mod.rs Budget::spend",
        "The change set is too large: its {differences} differences would exceed {limit} bytes, the limit; none are returned.",
        "The differences of one diff or preview would exceed their budget, about eight times the input's bytes plus 1 MiB and at most 16 MiB of JSON (docs/api.md, Limits): a change goes to every carrier its person is enrolled with, so many changed fields times many carriers could otherwise grow without bound. None are returned (nor transactions); `params.limit` is the budget in bytes and `params.differences` counts the differences found. Each changed field's dotted key counts as it is built (unknown objects nested under a long key would give every leaf that key: key length × leaves bytes), so the comparison stops at the budget. `track` answers it too, with nothing tracked, when the records' fields it compares would pass 16 MiB of keys. Split the change into smaller snapshots.";
    ACKNOWLEDGEMENT_TOO_LARGE = "acknowledgement_too_large", Fatal, Diff, "preview/mod.rs preview_read",
        "The acknowledgement would take up to {weight} bytes, more than the limit of {limit}: the snapshot lists more people and coverage items than its size carries; nothing is acknowledged or compared.",
        "`preview` weighs the acknowledgement (a reference for every person and coverage item) before building it, against the same budget as the differences: 8 × the input's bytes + 1 MiB, at most 16 MiB (docs/api.md, Limits). Only a document of thousands of nearly empty people or members passes it (a `{}` dependent is 3 bytes of input and ~150 of acknowledgement; a real one is under a tenth of the budget). Path is \"\", first in the list; `params` has `weight` (an upper bound, in bytes) and `limit`. The acknowledgement is empty, and nothing is compared or priced.";
    PREVIOUS_SNAPSHOT_UNREADABLE = "previous_snapshot_unreadable", Fatal, Diff, "engine.rs Engine::diff_str",
        "The previous snapshot cannot be compared: {reason}",
        "The previous snapshot has a fatal problem of its own (`params.code`, `params.path` say which). Nothing is compared.";
    // ---- group configuration -------------------------------------------------
    DUPLICATE_ID = "duplicate_id", Error, Config, "config/read.rs cross_references",
        "{kind} id {id} is used more than once.",
        "Two carriers, or two plans, share an `id`.";
    TOO_MANY_CARRIERS = "too_many_carriers", Error, Config, "config/read.rs cross_references",
        "The configuration lists {count} carriers; at most {limit} are allowed.",
        "`carriers` lists more than 1,000 carriers (docs/api.md, Limits): a snapshot that cannot be read blocks every configured carrier, each with its copy of the errors, so each call's answer and cost grew with the carriers. Path `/carriers`; `params` has `count` and `limit`.";
    PLAN_UNKNOWN_CARRIER = "plan_unknown_carrier", Error, Config, "config/read.rs cross_references",
        "Plan {plan} names carrier {carrier_id}, which is not in carriers.",
        "A plan's `carrier_id` is not one of the configuration's carriers.";
    INVALID_RRULE = "invalid_rrule", Error, Config, "config/read.rs rrule_issue",
        "The feed schedule is not a supported RRULE: {reason}.",
        "`feed.rrule` does not parse, or uses what the engine cannot schedule (see docs/api.md, Feeds).";
    RRULE_DUPLICATE_VALUE = "rrule_duplicate_value", Error, Config, "model/rrule.rs RRule::parse",
        "The feed schedule's {part} lists {value} twice.",
        "A `BYDAY`, `BYMONTHDAY`, `BYHOUR`, `BYMINUTE` or `BYSECOND` list of `feed.rrule` names a value twice (`params.part`, `params.value`).";
    RRULE_VALUE_OUT_OF_RANGE = "rrule_value_out_of_range", Error, Config, "model/rrule.rs RRule::parse",
        "The feed schedule's {part} value {value} is outside {min} to {max}.",
        "A `BYHOUR` (0-23), `BYMINUTE` or `BYSECOND` (0-59) or `BYMONTHDAY` (±1-31) value of `feed.rrule` is out of range.";
    RRULE_LIST_TOO_LONG = "rrule_list_too_long", Error, Config, "model/rrule.rs RRule::parse",
        "The feed schedule's {part} lists {count} values; at most {limit} are allowed.",
        "A `feed.rrule` BY list is longer than its distinct values (BYHOUR 24, BYMINUTE 60, BYSECOND 60, BYMONTHDAY 62, BYDAY 77); checked before its items are read (docs/api.md, Limits).";
    SEND_CARRIER_WITHOUT_FEED = "send_carrier_without_feed", Error, Config, "config/read.rs cross_references",
        "Send carrier {carrier} needs feed.rrule to schedule its files.",
        "A carrier with `mode: send` has no `feed`.";
    INVALID_VOLUME_RULE = "invalid_volume_rule", Error, Config, "config/read.rs volume_rule_problem",
        "The volume rule is inconsistent: {reason}.",
        "`volume.min` above `max`, an `increment` of 0, or `guaranteed_issue` outside min..max.";
    DUPLICATE_PLAN_NAME = "duplicate_plan_name", Warning, Config, "config/read.rs cross_references",
        "Plans {plan} and {other} of one carrier and line are both named \"{name}\"; snapshots must use plan_id for them.",
        "Two plans of the same carrier and line share a `name`, so `plan_name` cannot pick one.";
}

/// docs/rules.md from `rules` (all layers: `registry::all_rules`); a test
/// keeps the file in sync.
pub fn rules_markdown(rules: &[&Rule]) -> String {
    let mut out = String::from(
        "# Issue codes\n\n\
         Generated from the catalogues (`src/diagnostic/catalogue.rs` and `src/diagnostic/codes/`: \
         premium, fulfillment, callback, x12, claims) by `cargo run --example gen_rules_doc`; \
         a test fails when this file is stale. Severity is the one the code is reported \
         with, except where the description says otherwise. How an issue's `carrier_ids` \
         are chosen is described in docs/api.md (Scoping).\n\n\
         Sections: `input` (the text itself), `structure` (Noyo's schema), `rule` (what a \
         carrier would reject), `diff` (what only comparing with the previous snapshot shows), \
         `config` (the group configuration; pointers into it), `premium`, `callback`, `x12` \
         (the 834 export), `claims` \
         (claim messages keep the claims system's own `CLA-IP-PMSS-*` codes).\n",
    );
    let mut layer = None;
    for r in rules {
        if layer != Some(r.layer) {
            layer = Some(r.layer);
            let layer = r.layer;
            out.push_str(&format!(
                "\n## {layer}\n\n| code | severity | message | when | checked in (src/) |\n|---|---|---|---|---|\n"
            ));
        }
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | `{}` |\n",
            r.code,
            r.severity.as_str(),
            r.template.replace('|', "\\|"),
            r.doc.replace('|', "\\|"),
            r.source
        ));
    }
    out
}
