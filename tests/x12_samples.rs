//! parse834 on the public 834 samples (tests/fixtures/x12/, provenance in
//! tests/fixtures/PROVENANCE.md): each imports into the report it holds,
//! field by field — the whole report is compared, so nothing read wrongly or
//! left over goes unnoticed. `samples-group.json` is a configuration written
//! for these files: one Send carrier whose plans map their HD segments
//! (HLT and VIS by line code, the HMO by HD04 plan code).
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use enroll_engine::Engine;
use serde_json::{json, Value};

const CARRIER: &str = "5a3c1f70-2b4d-4e6f-8a9b-0c1d2e3f4a51";
const MEDICAL: &str = "6b4d2a81-3c5e-4f70-9bac-1d2e3f4a5b61";
const VISION: &str = "6b4d2a81-3c5e-4f70-9bac-1d2e3f4a5b62";
const HMO: &str = "6b4d2a81-3c5e-4f70-9bac-1d2e3f4a5b63";

/// The reports of a sample, after asserting it imports without an issue.
fn import(file: &str) -> Vec<Value> {
    let engine = Engine::from_config_value(&fixture_json("x12/samples-group.json")).unwrap();
    let text = fixture(&format!("x12/{file}"));
    let parsed = engine.parse834(text.as_str(), CARRIER).unwrap();
    let codes: Vec<&str> = parsed.issues.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes, Vec::<&str>::new(), "{file}");
    parsed.report_values()
}

fn coverage(plan: &str, line: &str, start: &str, extra: Value) -> Value {
    let mut member = json!({
        "individual_type": "employee",
        "effective_start_date": start,
        "effective_end_date": "9999-12-31",
    });
    if let (Some(m), Some(e)) = (member.as_object_mut(), extra.as_object()) {
        m.extend(e.clone());
    }
    json!({ "carrier_id": CARRIER, "line_of_coverage": line, "plan_id": plan,
            "enrolled_members": [member] })
}

/// LinuxForHealth's new employee with medical and vision: INS 021/20/FT,
/// NM1*IL with SSN, two PER phones, N3/N4, DMG, and two HD loops.
#[test]
fn the_lfh_enrollment_imports_the_employee_and_both_coverages() {
    let address = json!({
        "street_one": "100 MARKET ST", "street_two": "APT 30",
        "city": "CAMP HILL", "state": "PA", "zip_code": "17011",
    });
    assert_eq!(
        import("lfh_enroll-employee-multiple-products.834"),
        [json!({
            "snapshot_mode": "current_open",
            "reported_by": { "carrier_ids": [CARRIER], "format": "x12_834" },
            "employee": {
                "employment": { "employment_status": "full-time" },
                "person": {
                    "first_name": "JOHN", "middle_name": "P", "last_name": "DOE",
                    "ssn": "123456789", "date_of_birth": "1940-08-16", "sex": "M",
                    "contact": { "home_phone": "7172343334", "work_phone": "7172341240" },
                    "home_address": address,
                    // No NM1*31 loop: the mailing address is the home address.
                    "mailing_address": address,
                },
            },
            "dependents": [],
            "coverages": [
                coverage(MEDICAL, "medical", "1996-06-01", json!({})),
                coverage(VISION, "vision", "1996-06-01", json!({})),
            ],
        })]
    );
}

/// LinuxForHealth's dependent cancellation: INS*N*19*024 without an HD
/// loop. The report holds the child (relationship from INS02 19) and no
/// coverage; the subscriber has no loop in the file, so `employee: {}`.
#[test]
fn the_lfh_cancellation_imports_the_dependent_without_coverages() {
    assert_eq!(
        import("lfh_cancel-dependent.834"),
        [json!({
            "snapshot_mode": "current_open",
            "reported_by": { "carrier_ids": [CARRIER], "format": "x12_834" },
            "employee": {},
            "dependents": [{
                "relationship": "child",
                "person": {
                    "first_name": "JAMES", "middle_name": "E", "last_name": "DOE",
                    "ssn": "103229876", "date_of_birth": "1977-08-16", "sex": "M",
                },
            }],
            "coverages": [],
        })]
    );
}

/// pyx12's own test file: the subscriber's name is the corrected one
/// (NM1*74 in 2100A), not the incorrect one of 2100B (NM1*70, whose DMG is
/// not the member's); NM1*31 gives the mailing address; the HD is mapped by
/// its HD04 plan code; REF*23 is an id that is not a UUID, so it is the
/// `custom_individual_id`. PER's `TE` (a phone of no stated kind), AMT*P3,
/// the responsible party and the LS/LE reporting categories have no place in
/// a snapshot and are not read.
#[test]
fn the_pyx12_sample_imports_the_corrected_name_and_the_hmo_by_plan_code() {
    assert_eq!(
        import("pyx12_834_ls_le_ls.txt"),
        [json!({
            "snapshot_mode": "current_open",
            "reported_by": { "carrier_ids": [CARRIER], "format": "x12_834" },
            "employee": {
                "custom_individual_id": "REF 23",
                "person": {
                    "first_name": "SUBSCRIBER FIRST 1", "middle_name": "M",
                    "last_name": "SUBSCRIBER LAST 1",
                    "ssn": "544001234", "date_of_birth": "1983-07-19", "sex": "F",
                    "home_address": {
                        "street_one": "SUBSCRIBER1 ADDRESS 1",
                        "city": "GRANTS PASS", "state": "OR", "zip_code": "975260000",
                    },
                    "mailing_address": {
                        "street_one": "RECIPIENT MAIL ADDRESS LINE 1",
                        "street_two": "RECIPIENT MAIL ADDRESS LINE 2",
                        "city": "SALEM", "state": "OR", "zip_code": "97301",
                    },
                },
            },
            "dependents": [],
            "coverages": [coverage(HMO, "medical", "2012-09-01",
                json!({ "custom_individual_id": "REF 23" }))],
        })]
    );
}

/// A nine-digit N403 is reported as written, so the output layer masks it
/// like any nine digits: written `53871-4296` (as a ZIP+4 once was) it left
/// unmasked, though it may be an SSN (review of the tenth session).
#[test]
fn a_nine_digit_zip_leaves_masked_like_an_ssn() {
    let engine = Engine::from_config_value(&fixture_json("x12/samples-group.json")).unwrap();
    let text = fixture("x12/pyx12_834_ls_le_ls.txt").replace("975260000", "538714296");
    let parsed = engine.parse834(text.as_str(), CARRIER).unwrap();
    let out = enroll_engine::privacy::to_string(&parsed.reports).unwrap();
    assert!(out.contains("\"zip_code\":\"*****4296\""), "{out}");
    assert!(!out.contains("53871"), "{out}");
}
