//! The catalogue of issue codes: one `Rule` per code, with its default
//! severity, message template and the doc line docs/rules.md is generated from.

use super::issue::Severity;

/// A documented issue code.
#[derive(Debug)]
pub struct Rule {
    /// Stable code; never reused for another meaning.
    pub code: &'static str,
    /// Severity where the code is reported (see `doc` for exceptions).
    pub severity: Severity,
    /// Message with `{param}` placeholders.
    pub template: &'static str,
    /// One line for docs/rules.md: when it fires and what it blocks.
    pub doc: &'static str,
    /// Which layer reports it: `input`, `structure`, `config`.
    pub layer: &'static str,
}

macro_rules! rules {
    ($($ident:ident = $code:literal, $sev:ident, $layer:literal, $template:literal, $doc:literal;)+) => {
        $(
            #[doc = $doc]
            pub const $ident: &Rule = &Rule {
                code: $code, severity: Severity::$sev, template: $template, doc: $doc, layer: $layer,
            };
        )+
        /// Every rule, in documentation order.
        pub const CATALOGUE: &[&Rule] = &[$($ident),+];
    };
}

rules! {
    JSON_SYNTAX = "json_syntax", Fatal, "input",
        "The document is not valid JSON: {reason} (line {line}, column {column}).",
        "The input string does not parse as JSON (includes nesting deeper than 128 levels). Path is \"\". Blocks every carrier.";
    INPUT_TOO_LARGE = "input_too_large", Fatal, "input",
        "The document is {bytes} bytes; the limit is {limit} bytes.",
        "The input exceeds the engine's size limit (`max_input_bytes`, 4 MiB by default). Blocks every carrier.";
    NOT_AN_OBJECT = "not_an_object", Fatal, "input",
        "The document must be a JSON object, not {actual}.",
        "The document root is not a JSON object. Blocks every carrier.";
    MISSING_FIELD = "missing_field", Error, "structure",
        "Required field {field} is missing.",
        "A field the schema requires is absent; `path` points where it belongs. Fatal for `/employee` and `/snapshot_mode`.";
    WRONG_TYPE = "wrong_type", Error, "structure",
        "Expected {expected}, found {actual}.",
        "A value has the wrong JSON type (null counts as a type unless the field is nullable). Fatal for `/employee`, `/snapshot_mode`, `/dependents`, `/coverages` and `/events`, whose members cannot be scoped otherwise.";
    UNKNOWN_ENUM_VALUE = "unknown_enum_value", Error, "structure",
        "\"{value}\" is not an allowed value for {field}.",
        "A string outside the field's closed list (`params.allowed` lists it). Fatal for `/snapshot_mode`.";
    INVALID_DATE = "invalid_date", Error, "structure",
        "\"{value}\" is not a date shaped YYYY-MM-DD.",
        "A date field that is not shaped `YYYY-MM-DD` (no times, no offsets, zero-padded).";
    IMPOSSIBLE_DATE = "impossible_date", Error, "structure",
        "{value} is not a real calendar date.",
        "A well-shaped date that does not exist, e.g. 2022-02-30 or month 13.";
    INVALID_SSN = "invalid_ssn", Error, "structure",
        "The SSN {value} is not valid: nine digits, area not 000, group not 00, serial not 0000.",
        "`ssn` fails Noyo's pattern (nine digits, no separators; area 000, group 00 and serial 0000 never issued). The value is masked.";
    INVALID_ZIP_CODE = "invalid_zip_code", Error, "structure",
        "\"{value}\" is not a ZIP code (12345 or 12345-6789).",
        "`zip_code` is not five digits, optionally followed by four more (with or without a hyphen).";
    INVALID_UUID = "invalid_uuid", Error, "structure",
        "\"{value}\" is not a UUID.",
        "A `format: uuid` field (ids of carriers, plans, people) is not 8-4-4-4-12 hexadecimal.";
    INVALID_EMAIL = "invalid_email", Error, "structure",
        "\"{value}\" is not an email address.",
        "`email_address` is not `local@domain` with a dotted domain and no spaces.";
    OUT_OF_RANGE = "out_of_range", Error, "structure",
        "{value} is out of range: {bound}.",
        "A number outside its type's range: `int32` fields (volume, hours_worked) or a minimum (salary amount ≥ 0).";
    EMPTY_VALUE = "empty_value", Error, "structure",
        "{field} must not be empty.",
        "A string with `minLength: 1` (ids, plan_name) is empty, or a list with `minItems: 1` is empty.";
    UNKNOWN_FIELD_TYPO = "unknown_field_typo", Warning, "structure",
        "Unknown field {field}; did you mean {suggestion}?",
        "An unknown field whose name is close to a known one. Unknown fields are kept either way; this only warns. Blocks nothing.";
}

/// The rule with this code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    CATALOGUE.iter().copied().find(|r| r.code == code)
}

/// docs/rules.md, generated from the catalogue (a test keeps the file in sync).
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# Issue codes\n\n\
         Generated from `src/validate/catalogue.rs` by `cargo run --example gen_rules_doc`; \
         a test fails when this file is stale. Severity is the one the code is reported \
         with, except where the description says otherwise. How an issue's `carrier_ids` \
         are chosen is described in docs/api.md (Scoping).\n\n\
         | code | severity | layer | message | when |\n|---|---|---|---|---|\n",
    );
    for r in CATALOGUE {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            r.code,
            r.severity.as_str(),
            r.layer,
            r.template.replace('|', "\\|"),
            r.doc.replace('|', "\\|")
        ));
    }
    out
}
