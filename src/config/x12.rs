//! What a Send carrier's X12 834 files need from the group configuration
//! (a carrier's `x12` block, a plan's `x12` codes), read and checked with
//! the rest of the configuration, and the X12 code lists they are checked
//! against. The lists hold only the codes of the 005010X220A1 elements the
//! export writes, as pyx12 4.0.0's map (BSD) lists them; docs/api.md gives
//! their meanings.

use std::collections::HashMap;

use serde_json::json;

use crate::diagnostic::codes::x12 as x;
use crate::diagnostic::pointer::pointer;
use crate::model::latin::{ascii_spelling, is_combining};
use crate::model::{
    Carrier, CarrierMode, CarrierX12, GroupConfig, LineOfCoverage, PlanX12, X12Address, X12Party,
};
use crate::read::json::Obj;
use crate::read::walk::{Need, Walk};

use Need::{Optional, Required};

/// ISA05/ISA07: interchange id qualifiers.
pub const INTERCHANGE_QUALIFIERS: &[&str] = &["01", "14", "20", "27", "28", "29", "30", "33", "ZZ"];
/// 1000A N103: the sponsor's id qualifier (FI federal taxpayer id, 24
/// employer id, 94 code assigned by the receiver).
pub const SPONSOR_QUALIFIERS: &[&str] = &["FI", "24", "94"];
/// 1000B N103: the payer's id qualifier (FI, 94, XV CMS plan id).
pub const PAYER_QUALIFIERS: &[&str] = &["FI", "94", "XV"];
/// ISA15: production or test.
pub const USAGE_INDICATORS: &[&str] = &["P", "T"];
/// BGN08 of a full file: 4 verify, RX replace.
pub const FULL_FILE_ACTIONS: &[&str] = &["4", "RX"];
/// HD03: the whole Insurance Line Code list of X220A1.
pub const INSURANCE_LINE_CODES: &[&str] = &[
    "AG", "AH", "AJ", "AK", "DCP", "DEN", "EPO", "FAC", "HE", "HLT", "HMO", "LTC", "LTD", "MM", "MOD", "PDG",
    "POS", "PPO", "PRA", "STD", "UR", "VIS",
];
/// HD05: the whole Coverage Level Code list of X220A1.
pub const COVERAGE_LEVEL_CODES: &[&str] = &[
    "CHD", "DEP", "E1D", "E2D", "E3D", "E5D", "E6D", "E7D", "E8D", "E9D", "ECH", "EMP", "ESP", "FAM", "IND",
    "SPC", "SPO", "TWO",
];

/// Who a coverage enrolls, as HD05 says it: the keys of a plan's
/// `x12.coverage_levels`, each with its default code.
pub const COVERAGE_LEVELS: &[(&str, &str)] = &[
    ("employee", "EMP"),
    ("employee_spouse", "ESP"),
    ("employee_children", "ECH"),
    ("family", "FAM"),
    ("spouse", "SPO"),
    ("children", "CHD"),
    ("spouse_children", "SPC"),
];

/// HD03 for a line when the plan gives none; `None` where X12 has no code.
pub fn default_line_code(line: LineOfCoverage) -> Option<&'static str> {
    use LineOfCoverage as L;
    match line {
        L::Medical => Some("HLT"),
        L::Dental => Some("DEN"),
        L::Vision => Some("VIS"),
        L::Std => Some("STD"),
        L::Ltd => Some("LTD"),
        L::Pharmacy => Some("PDG"),
        L::Wellness => Some("AG"),
        L::Life
        | L::Add
        | L::Accident
        | L::CriticalIllness
        | L::Cancer
        | L::HospitalIndemnity
        | L::HealthFund => None,
    }
}

/// Whether X12 can carry `c` in an AN element of our files: the basic and
/// extended character sets, without the separators we write (`~ * : ^`) and
/// the backquote (X12 5010 only, and pyx12 refuses it outside ISA).
pub fn is_x12_char(c: char) -> bool {
    c.is_ascii() && !c.is_ascii_control() && !matches!(c, '~' | '*' | ':' | '^' | '`')
}

/// Whether X12 carries anything of `value` (`Clean::element` writes it):
/// what validation asks of a value an 834 requires (NM103, the last name:
/// `validate::rules::people::last_names`) and the writer refuses to leave
/// empty (`x12::members`), so the two never disagree. Both read each
/// character through `written`; this one allocates nothing (it runs for
/// every person of every validation).
pub(crate) fn carries(value: &str) -> bool {
    value.chars().any(|c| match written(c) {
        Written::As(c) => c != ' ',
        Written::Narrowed(_) | Written::Spelled(_) => true,
        Written::Dropped | Written::Space => false,
    })
}

/// How X12 writes one character of a value.
enum Written {
    /// As it is.
    As(char),
    /// A full-width form (U+FF01-FF5E), ASCII written wide: narrow.
    Narrowed(char),
    /// A combining mark (an accent of decomposed text): left out.
    Dropped,
    /// A Latin letter with a diacritic, a ligature: its ASCII spelling.
    Spelled(&'static str),
    /// Anything else: a space.
    Space,
}

fn written(c: char) -> Written {
    if is_x12_char(c) {
        return Written::As(c);
    }
    let narrow = match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xfee0).filter(|n| is_x12_char(*n)),
        _ => None,
    };
    if let Some(n) = narrow {
        Written::Narrowed(n)
    } else if is_combining(c) {
        Written::Dropped
    } else if let Some(plain) = ascii_spelling(c) {
        Written::Spelled(plain)
    } else {
        Written::Space
    }
}

/// `value` as X12 writes it, before case and length (`written`); runs of
/// spaces made one and the ends trimmed. Why it differs goes to `reasons`.
pub(crate) fn spelled(value: &str, reasons: &mut Vec<&str>) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match written(c) {
            Written::As(c) => out.push(c),
            Written::Narrowed(n) => {
                out.push(n);
                note(reasons, "full-width characters written as ASCII");
            }
            Written::Dropped => note(reasons, "letters with accents written without them"),
            Written::Spelled(plain) => {
                out.push_str(plain);
                note(reasons, "letters with accents written without them");
            }
            Written::Space => {
                out.push(' ');
                note(reasons, "characters X12 cannot carry written as spaces");
            }
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Adds `reason` to `reasons` once.
pub(crate) fn note<'r>(reasons: &mut Vec<&'r str>, reason: &'r str) {
    if !reasons.contains(&reason) {
        reasons.push(reason);
    }
}

/// A text field bound for an X12 element of `min..=max` characters.
fn edi_text(w: &mut Walk, m: &Obj, key: &'static str, need: Need, min: usize, max: usize) -> Option<String> {
    if w.describing() {
        // Printable ASCII, neither beginning nor ending with a space.
        let pattern = "^[!-~]([ -~]*[!-~])?$";
        let schema = json!({ "type": "string", "minLength": min, "maxLength": max, "pattern": pattern });
        w.describe_known(key, need, schema);
        return None;
    }
    w.field(m, key, need, |w, v| {
        let s = w.str(v)?;
        let len = s.chars().count();
        let reason = if len < min || len > max {
            Some(format!("it must be {min} to {max} characters long, not {len}"))
        } else if !s.chars().all(is_x12_char) {
            Some(
                "it holds a character X12 cannot carry (non-ASCII, a control character, or ~ * : ^ `)"
                    .to_owned(),
            )
        } else if s.trim_matches(' ').is_empty() {
            Some("it is only spaces".to_owned())
        } else if s.starts_with(' ') || s.ends_with(' ') {
            // Written as given, an element's padding is data to the
            // carrier (pyx12: "unnecessary trailing spaces"), review 30d.
            Some("it begins or ends with a space".to_owned())
        } else {
            None
        };
        match reason {
            Some(reason) => {
                w.report(x::EDI_VALUE_INVALID, json!({ "field": key, "reason": reason }));
                None
            }
            None => Some(s.to_owned()),
        }
    })
}

/// A carrier's `x12` block.
pub(crate) fn carrier_x12(w: &mut Walk, m: &Obj) -> CarrierX12 {
    let (read, extra) = w.object_fields(m, |w| CarrierX12 {
        sender: w.nested(m, "sender", Required, address).unwrap_or_default(),
        receiver: w.nested(m, "receiver", Required, address).unwrap_or_default(),
        application_sender: edi_text(w, m, "application_sender", Required, 2, 15).unwrap_or_default(),
        application_receiver: edi_text(w, m, "application_receiver", Required, 2, 15).unwrap_or_default(),
        usage: w.one_of(m, "usage", Optional, USAGE_INDICATORS),
        sponsor: w.nested(m, "sponsor", Required, sponsor).unwrap_or_default(),
        payer: w.nested(m, "payer", Required, payer).unwrap_or_default(),
        master_policy_number: edi_text(w, m, "master_policy_number", Optional, 1, 50),
        full_file_action: w.one_of(m, "full_file_action", Optional, FULL_FILE_ACTIONS),
        extra: Default::default(),
    });
    CarrierX12 { extra, ..read }
}

fn address(w: &mut Walk, m: &Obj) -> X12Address {
    let (read, extra) = w.object_fields(m, |w| X12Address {
        qualifier: w
            .one_of(m, "qualifier", Required, INTERCHANGE_QUALIFIERS)
            .unwrap_or_default(),
        id: edi_text(w, m, "id", Required, 1, 15).unwrap_or_default(),
        extra: Default::default(),
    });
    X12Address { extra, ..read }
}

fn party(w: &mut Walk, m: &Obj, qualifiers: &[&str]) -> X12Party {
    let (read, extra) = w.object_fields(m, |w| X12Party {
        name: edi_text(w, m, "name", Optional, 1, 60),
        id_qualifier: w
            .one_of(m, "id_qualifier", Required, qualifiers)
            .unwrap_or_default(),
        id: edi_text(w, m, "id", Required, 2, 80).unwrap_or_default(),
        extra: Default::default(),
    });
    X12Party { extra, ..read }
}

fn sponsor(w: &mut Walk, m: &Obj) -> X12Party {
    party(w, m, SPONSOR_QUALIFIERS)
}

fn payer(w: &mut Walk, m: &Obj) -> X12Party {
    party(w, m, PAYER_QUALIFIERS)
}

/// A plan's `x12` codes.
pub(crate) fn plan_x12(w: &mut Walk, m: &Obj) -> PlanX12 {
    let (read, extra) = w.object_fields(m, |w| PlanX12 {
        insurance_line_code: w.one_of(m, "insurance_line_code", Optional, INSURANCE_LINE_CODES),
        plan_code: edi_text(w, m, "plan_code", Optional, 1, 50),
        coverage_levels: w.nested(m, "coverage_levels", Optional, coverage_levels),
        extra: Default::default(),
    });
    PlanX12 { extra, ..read }
}

fn coverage_levels(w: &mut Walk, m: &Obj) -> std::collections::BTreeMap<String, String> {
    let (levels, _) = w.object_fields(m, |w| {
        let mut levels = std::collections::BTreeMap::new();
        for (key, _) in COVERAGE_LEVELS {
            if let Some(code) = w.one_of(m, key, Optional, COVERAGE_LEVEL_CODES) {
                levels.insert((*key).to_owned(), code);
            }
        }
        levels
    });
    levels
}

/// The X12 checks that need the whole configuration: a plan of a carrier
/// with an `x12` block on a line X12 has no code for must give one; an
/// `x12` block on a Sync carrier is unused; the plans of such a carrier
/// must be told apart in their HDs (`plans_told_apart`).
pub(crate) fn plan_line_codes(config: &GroupConfig, w: &mut Walk) {
    // Carriers with an x12 block by id: one lookup per plan.
    let mut with_x12: HashMap<&str, &Carrier> = HashMap::new();
    for (k, carrier) in config.carriers.iter().enumerate() {
        if carrier.x12.is_some() {
            with_x12.entry(carrier.id.as_str()).or_insert(carrier);
        }
        if carrier.x12.is_some() && carrier.mode() != CarrierMode::Send {
            let label = carrier.name.as_deref().unwrap_or(&carrier.id);
            let p = json!({ "carrier": label });
            w.report_at(x::EDI_CONFIG_ON_SYNC_CARRIER, &pointer!["carriers", k, "x12"], p);
        }
    }
    for (k, plan) in config.plans.iter().enumerate() {
        let Some(carrier) = with_x12.get(plan.carrier_id.as_str()) else {
            continue;
        };
        let Some(line) = plan.line_of_coverage else {
            continue;
        };
        let given = plan.x12.as_ref().and_then(|x| x.insurance_line_code.as_ref());
        if given.is_none() && default_line_code(line).is_none() {
            let p = json!({
                "plan": plan.name.as_deref().unwrap_or(&plan.id),
                "line": line.as_str(),
                "carrier": carrier.name.as_deref().unwrap_or(&carrier.id),
            });
            w.report_at(x::EDI_LINE_CODE_REQUIRED, &pointer!["plans", k], p);
        }
    }
    plans_told_apart(config, &with_x12, w);
}

/// An HD names its plan by HD04 (`plan_code`), else by HD03 (the line code)
/// alone: at a carrier with an `x12` block, a plan without a plan code must
/// be the only one of its line code, and no two plans may share a plan
/// code. Otherwise a plan change is written as the old plan's HD and
/// `parse834` cannot read the coverage back (review 28e). Each plan is
/// reported once, against the first plan it clashes with.
fn plans_told_apart(config: &GroupConfig, with_x12: &HashMap<&str, &Carrier>, w: &mut Walk) {
    // (carrier, HD03) → the plans with that line code; (carrier, HD04) → the first plan.
    let mut by_line: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    let mut by_code: HashMap<(&str, &str), usize> = HashMap::new();
    let plans = &config.plans;
    for (k, plan) in plans.iter().enumerate() {
        let Some(carrier) = with_x12.get(plan.carrier_id.as_str()) else {
            continue;
        };
        let label = |k: usize| plans.get(k).map_or("", |p| p.name.as_deref().unwrap_or(&p.id));
        let code = plan.x12.as_ref().and_then(|x| x.plan_code.as_deref());
        if let Some(code) = code {
            match by_code.get(&(carrier.id.as_str(), code)) {
                Some(&first) => {
                    let p =
                        json!({ "plan": label(k), "other": label(first), "carrier": carrier_label(carrier) });
                    w.report_at(
                        x::EDI_PLAN_CODE_DUPLICATE,
                        &pointer!["plans", k, "x12", "plan_code"],
                        p,
                    );
                }
                None => {
                    by_code.insert((carrier.id.as_str(), code), k);
                }
            }
        }
        let given = plan.x12.as_ref().and_then(|x| x.insurance_line_code.as_deref());
        if let Some(line_code) = given.or_else(|| plan.line_of_coverage.and_then(default_line_code)) {
            by_line
                .entry((carrier.id.as_str(), line_code))
                .or_default()
                .push(k);
        }
    }
    let mut shared: Vec<(usize, usize, &str, &Carrier)> = Vec::new();
    for ((carrier_id, line_code), ks) in &by_line {
        let (Some(carrier), [first, second, ..]) = (with_x12.get(carrier_id), ks.as_slice()) else {
            continue;
        };
        for &k in ks {
            let uncoded = plans
                .get(k)
                .is_some_and(|p| p.x12.as_ref().and_then(|x| x.plan_code.as_ref()).is_none());
            if uncoded {
                let other = if k == *first { *second } else { *first };
                shared.push((k, other, line_code, carrier));
            }
        }
    }
    // In the configuration's order, whatever the maps' order.
    shared.sort_by_key(|s| s.0);
    for (k, other, line_code, carrier) in shared {
        let label = |k: usize| plans.get(k).map_or("", |p| p.name.as_deref().unwrap_or(&p.id));
        let p = json!({ "plan": label(k), "other": label(other), "line_code": line_code, "carrier": carrier_label(carrier) });
        w.report_at(x::EDI_PLAN_CODE_REQUIRED, &pointer!["plans", k], p);
    }
}

fn carrier_label(carrier: &Carrier) -> &str {
    carrier.name.as_deref().unwrap_or(&carrier.id)
}
