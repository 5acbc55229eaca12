//! An 834 as a carrier's EDI intake reads it (`parse834`, docs/api.md,
//! Reading an 834 back; review 31c): what a conforming file leaves out
//! (a dependent's address, a termination's start), what a file gets wrong
//! without losing a person or a coverage silently (a second subscriber
//! loop, a segment out of place, a cancellation without its end, an end
//! before the start), RD8 coverage dates, and two interchanges in one file.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use enroll_engine::model::Timestamp;
use enroll_engine::x12::{AckOptions, ExportMode, ExportOptions, ExportPart, Parsed834};
use enroll_engine::Engine;
use serde_json::{json, Value};

/// The payer of tests/fixtures/x12/samples-group.json: HLT is its medical
/// plan, VIS its vision plan.
const PAYER: &str = "5a3c1f70-2b4d-4e6f-8a9b-0c1d2e3f4a51";
const MEDICAL: &str = "6b4d2a81-3c5e-4f70-9bac-1d2e3f4a5b61";

const ISA: &str = "ISA*00*          *00*          *ZZ*123456789012345*ZZ*123456789012346*080503*1705*^*00501*000010216*0*T*:~";

/// A family: John the subscriber (medical, vision ending 2024-12-31),
/// Jane his spouse and a child, each with medical. Line k of the file is
/// element k - 1 here (the ISA is line 1, this GS line 2).
fn family() -> Vec<&'static str> {
    vec![
        "GS*BE*1234567890*1234567890*20080503*1705*20213*X*005010X220A1",
        "ST*834*0001*005010X220A1",
        "BGN*00*12456*19980520*1200****4",
        "N1*P5**FI*999888777",
        "N1*IN**FI*654456654",
        "INS*Y*18*030*XN*A***FT",
        "REF*0F*111223333",
        "NM1*IL*1*SMITH*JOHN*P***34*111223333",
        "N3*1 MAIN ST",
        "N4*SALEM*OR*97301",
        "DMG*D8*19800101*M*M",
        "HD*030**HLT**FAM",
        "DTP*348*D8*20240101",
        "HD*030**VIS**EMP",
        "DTP*348*D8*20240101",
        "DTP*349*D8*20241231",
        "INS*N*01*030*XN*A",
        "REF*0F*111223333",
        "NM1*IL*1*SMITH*JANE****34*222334444",
        "DMG*D8*19820202*F",
        "HD*030**HLT**FAM",
        "DTP*348*D8*20240101",
        "INS*N*19*030*XN*A",
        "REF*0F*111223333",
        "NM1*IL*1*SMITH*KID",
        "DMG*D8*20100303*F",
        "HD*030**HLT**FAM",
        "DTP*348*D8*20240301",
    ]
}

/// The interchange of `segments` (from the GS), its SE, GE and IEA counting them.
fn interchange(segments: &[&str]) -> String {
    let st = segments.iter().position(|s| s.starts_with("ST*")).unwrap();
    let count = segments.len() - st + 1;
    let mut text = format!("{ISA}\n");
    for s in segments {
        text += &format!("{s}~\n");
    }
    text + &format!("SE*{count}*0001~\nGE*1*20213~\nIEA*1*000010216~\n")
}

/// `family()` with `at` (0-based in it) replaced by `by` (none: removed).
fn with(at: usize, by: &[&'static str]) -> Vec<&'static str> {
    let mut segs = family();
    segs.splice(at..=at, by.iter().copied());
    segs
}

fn engine() -> Engine {
    Engine::from_config_value(&fixture_json("x12/samples-group.json")).unwrap()
}

fn parse(text: &str) -> Parsed834 {
    engine().parse834(text, PAYER).unwrap()
}

/// Each issue as [code, segment, line, element, and the params named].
fn issues(p: &Parsed834, more: &[&str]) -> Vec<Value> {
    p.issues
        .iter()
        .map(|i| {
            let mut row = vec![
                json!(i.code),
                json!(i.params.get("segment")),
                json!(i.params.get("line")),
                json!(i.params.get("element")),
            ];
            row.extend(more.iter().map(|k| json!(i.params.get(*k))));
            Value::Array(row)
        })
        .collect()
}

/// A report's people as [type or relationship, first name].
fn people(report: &Value) -> Vec<(String, String)> {
    let name = |p: &Value| p["person"]["first_name"].as_str().unwrap_or("").to_owned();
    let mut out = vec![("employee".to_owned(), name(&report["employee"]))];
    for d in report["dependents"].as_array().unwrap() {
        out.push((d["relationship"].as_str().unwrap().to_owned(), name(d)));
    }
    out
}

/// The enrolled members of the report's coverage of `plan`: [type, start, end].
fn enrolled(report: &Value, plan: &str) -> Vec<Value> {
    let coverage = report["coverages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["plan_id"] == plan)
        .unwrap();
    coverage["enrolled_members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            json!([
                m["individual_type"],
                m["effective_start_date"],
                m["effective_end_date"]
            ])
        })
        .collect()
}

/// Cigna's full 834 of `snapshot`, made at `created` (the carrier's reply
/// the tracking tests edit).
fn full_834(engine: &Engine, snapshot: &Value, created: &str) -> String {
    let opts = ExportOptions {
        carrier_id: CIGNA.into(),
        created: Timestamp::parse(created).unwrap(),
        control_number: 7,
        sender: None,
        receiver: None,
        mode: ExportMode::Full,
        part: ExportPart::Interchange,
    };
    engine
        .export834_str(None, &snapshot.to_string(), &opts)
        .unwrap()
        .text
}

fn home() -> Value {
    json!({ "street_one": "1 MAIN ST", "city": "SALEM", "state": "OR", "zip_code": "97301" })
}

// ---- finding 1: a dependent without N3/N4 lives at the subscriber's address ----

#[test]
fn a_dependent_without_n3_n4_reads_the_subscribers_address() {
    let parsed = parse(&interchange(&family()));
    assert_eq!(issues(&parsed, &[]), Vec::<Value>::new());
    let report = &parsed.report_values()[0];
    for d in report["dependents"].as_array().unwrap() {
        assert_eq!(d["person"]["home_address"], home(), "{d}");
        assert_eq!(d["person"]["mailing_address"], home(), "{d}");
    }
    // The subscriber's loop may come last: the same.
    let segs = family();
    let reordered: Vec<&str> = segs[..5]
        .iter()
        .chain(&segs[16..])
        .chain(&segs[5..16])
        .copied()
        .collect();
    let report = &parse(&interchange(&reordered)).report_values()[0];
    assert_eq!(people(report)[1], ("spouse".to_owned(), "JANE".to_owned()));
    assert_eq!(report["dependents"][0]["person"]["home_address"], home());
    // A dependent's own 2100C is their mailing address; their own N3/N4 their home.
    let own = with(19, &["N3*9 OAK AVE", "N4*EUGENE*OR*97401", "DMG*D8*19820202*F"]);
    let own: Vec<&str> = own
        .into_iter()
        .flat_map(|s| match s {
            "NM1*IL*1*SMITH*KID" => vec![s, "NM1*31*1", "N3*PO BOX 7", "N4*SALEM*OR*97309"],
            _ => vec![s],
        })
        .collect();
    let report = &parse(&interchange(&own)).report_values()[0];
    let spouse = &report["dependents"][0]["person"];
    let eugene = json!({ "street_one": "9 OAK AVE", "city": "EUGENE", "state": "OR", "zip_code": "97401" });
    assert_eq!(
        [&spouse["home_address"], &spouse["mailing_address"]],
        [&eugene, &eugene]
    );
    let child = &report["dependents"][1]["person"];
    assert_eq!(child["home_address"], home());
    assert_eq!(
        child["mailing_address"],
        json!({ "street_one": "PO BOX 7", "city": "SALEM", "state": "OR", "zip_code": "97309" })
    );
    // A subscriber without an address gives none.
    let report = &parse(&interchange(
        &with(8, &[])
            .into_iter()
            .filter(|s| !s.starts_with("N4"))
            .collect::<Vec<_>>(),
    ))
    .report_values()[0];
    assert_eq!(report["dependents"][0]["person"].get("home_address"), None);
}

/// The export still writes every dependent's N3/N4; a carrier's reply
/// leaving them out for those at the subscriber's address is tracked
/// without an address discrepancy (review 31c: eight `reported: null`).
#[test]
fn track_opens_no_address_discrepancy_for_a_dependent_sent_without_n3_n4() {
    let engine = Engine::from_config_value(&fixture_json("three-carriers-group.json")).unwrap();
    let snapshot = fixture_json("three-carriers-snapshot.json");
    let full = full_834(&engine, &snapshot, "2027-01-15T12:00:00Z");
    let first_dependent = full.find("\nINS*N*").unwrap();
    let (subscriber, dependents) = full.split_at(first_dependent);
    assert!(
        dependents.contains("\nN3*42 JUNIPER WAY~"),
        "the export writes them"
    );
    let stripped: String = dependents
        .lines()
        .filter(|l| !l.starts_with("N3*") && !l.starts_with("N4*"))
        .map(|l| format!("{l}\n"))
        .collect();
    let removed = dependents.lines().count() - stripped.lines().count();
    assert_eq!(removed, 2, "the child's N3 and N4");
    let se = stripped.lines().find(|l| l.starts_with("SE*")).unwrap();
    let count: usize = se.split('*').nth(1).unwrap().parse().unwrap();
    let reply = format!(
        "{subscriber}{}",
        stripped.replace(
            se,
            &se.replacen(&count.to_string(), &(count - removed).to_string(), 1)
        )
    );
    let parsed = engine.parse834(reply.as_str(), CIGNA).unwrap();
    assert_eq!(issues(&parsed, &[]), Vec::<Value>::new());
    let report = parsed.report_values().remove(0);
    let juniper =
        json!({ "street_one": "42 JUNIPER WAY", "city": "PORTLAND", "state": "OR", "zip_code": "97201" });
    for d in report["dependents"].as_array().unwrap() {
        assert_eq!(d["person"]["home_address"], juniper);
        assert_eq!(d["person"]["mailing_address"], juniper);
    }
    let requested = engine.diff_str(None, &snapshot.to_string(), &Default::default());
    let ids: Vec<Value> = requested.differences.iter().map(|d| json!(d.id)).collect();
    let t = engine
        .track_json(
            snapshot.to_string().as_str(),
            &serde_json::to_value(&requested).unwrap(),
            report.to_string().as_str(),
            &json!({ "completed_difference_ids": ids, "today": "2027-01-15" }),
        )
        .unwrap();
    let t = serde_json::to_value(&t).unwrap();
    let addresses: Vec<&Value> = t["discrepancies"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x.to_string().contains("address"))
        .collect();
    assert_eq!(addresses, Vec::<&Value>::new());
}

/// The copies are bounded by twice the file's size: a file of bare
/// dependent loops does not multiply the subscriber's address in the result.
#[test]
fn a_subscribers_address_is_copied_within_a_bound() {
    let n = 2000;
    let mut segs = family()[..11].to_vec();
    for _ in 0..n {
        segs.extend(["INS*N*19", "REF*0F*111223333", "NM1*IL*1*A"]);
    }
    let text = interchange(&segs);
    let parsed = parse(&text);
    let not_copied: Vec<&enroll_engine::Issue> = parsed
        .issues
        .iter()
        .filter(|i| i.code == "edi_address_not_copied")
        .collect();
    assert!(
        !not_copied.is_empty() && not_copied.len() < n,
        "{}",
        not_copied.len()
    );
    let first = &not_copied[0];
    assert_eq!(first.params["segment"], "INS");
    let report = &parsed.report_values()[0];
    let dependents = report["dependents"].as_array().unwrap();
    let copied = dependents
        .iter()
        .take_while(|d| d["person"]["home_address"] == home())
        .count();
    assert!(copied > 100 && copied < n, "{copied}");
    assert_eq!(dependents[copied]["person"], json!({ "last_name": "A" }));
    // Its INS: the subscriber's loop ends on line 12, each dependent's is three.
    assert_eq!(first.params["line"], json!(13 + 3 * copied));
    let out = serde_json::to_string(&parsed.reports).unwrap();
    assert!(out.len() < 8 * text.len(), "{} for {}", out.len(), text.len());
}

// ---- finding 2: one subscriber a family ----

#[test]
fn a_spouse_written_ins01_y_is_read_as_the_spouse_with_an_issue() {
    let parsed = parse(&interchange(&with(16, &["INS*Y*01*030*XN*A"])));
    assert_eq!(
        issues(&parsed, &["reason"]),
        [json!([
            "edi_element_invalid",
            "INS",
            18,
            "INS01",
            "Y (subscriber) where INS02 is not 18 (self); read as a dependent of INS02's relationship"
        ])]
    );
    let report = &parsed.report_values()[0];
    assert_eq!(
        people(report),
        [
            ("employee".to_owned(), "JOHN".to_owned()),
            ("spouse".to_owned(), "JANE".to_owned()),
            ("child".to_owned(), "KID".to_owned())
        ]
    );
    let types: Vec<Value> = enrolled(report, MEDICAL).iter().map(|m| m[0].clone()).collect();
    assert_eq!(types, [json!("employee"), json!("dependent"), json!("dependent")]);
}

#[test]
fn a_second_subscriber_loop_of_a_family_is_reported_not_read_over_the_first() {
    let parsed = parse(&interchange(&with(16, &["INS*Y*18*030*XN*A***FT"])));
    assert_eq!(
        issues(&parsed, &["first_line"]),
        [json!(["edi_subscriber_repeated", "INS", 18, null, 7])]
    );
    let report = &parsed.report_values()[0];
    assert_eq!(
        people(report),
        [
            ("employee".to_owned(), "JOHN".to_owned()),
            ("child".to_owned(), "KID".to_owned())
        ]
    );
    assert_eq!(report["employee"]["person"]["ssn"], "111223333");
    assert_eq!(
        enrolled(report, MEDICAL),
        [
            json!(["employee", "2024-01-01", "9999-12-31"]),
            json!(["dependent", "2024-03-01", "9999-12-31"])
        ]
    );

    // The subscriber again in a second transaction set of the group, with
    // only a coverage: the first loop's name and birth date are kept.
    let segs = family();
    let mut two: Vec<&str> = segs[..16].to_vec();
    two.extend([
        "SE*16*0001",
        "ST*834*0002*005010X220A1",
        "BGN*00*12456*19980520*1200****4",
    ]);
    two.extend([
        "INS*Y*18*030*XN*A***FT",
        "REF*0F*111223333",
        "NM1*IL*1*SMITH*JOHN",
    ]);
    two.extend(["HD*030**HLT**EMP", "DTP*348*D8*20240101"]);
    let text = interchange(&two)
        .replace("SE*24*0001", "SE*8*0002")
        .replace("GE*1*", "GE*2*");
    let parsed = parse(&text);
    assert_eq!(
        issues(&parsed, &["first_line"]),
        [json!(["edi_subscriber_repeated", "INS", 21, null, 7])]
    );
    let report = &parsed.report_values()[0];
    let person = &report["employee"]["person"];
    assert_eq!(
        [&person["date_of_birth"], &person["ssn"], &person["middle_name"]],
        [&json!("1980-01-01"), &json!("111223333"), &json!("P")]
    );
}

// ---- finding 3: a cancellation without its end ----

#[test]
fn a_cancellation_without_dtp_349_has_an_issue_and_no_open_end() {
    let parsed = parse(&interchange(&with(11, &["HD*024**HLT**FAM"])));
    assert_eq!(
        issues(&parsed, &["missing"]),
        [json!(["edi_segment_missing", "HD", 13, null, "DTP*349"])]
    );
    let report = &parsed.report_values()[0];
    assert_eq!(
        enrolled(report, MEDICAL)[0],
        json!(["employee", "2024-01-01", null])
    );
    // With its DTP*349 (alone, as x12.org's example 04 writes a
    // termination, or after the DTP*348) it reads as before, no issue.
    for dates in [
        &["DTP*349*D8*20241130"][..],
        &["DTP*348*D8*20240101", "DTP*349*D8*20241130"],
    ] {
        let mut segs = with(11, &["HD*024**HLT**FAM"]);
        segs.splice(12..13, dates.iter().copied());
        let parsed = parse(&interchange(&segs));
        assert_eq!(issues(&parsed, &[]), Vec::<Value>::new());
        let start = if dates.len() == 2 {
            json!("2024-01-01")
        } else {
            Value::Null
        };
        assert_eq!(
            enrolled(&parsed.report_values()[0], MEDICAL)[0],
            json!(["employee", start, "2024-11-30"])
        );
    }
}

/// track on the carrier's reply cancelling life without DTP*349: no "still
/// shows the old value" (the end read as 9999-12-31) — the end is unknown.
#[test]
fn track_does_not_read_a_cancellation_without_its_end_as_in_force() {
    let engine = Engine::from_config_value(&fixture_json("three-carriers-group.json")).unwrap();
    let previous = fixture_json("three-carriers-snapshot.json");
    let mut current = previous.clone();
    let life = current["coverages"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|c| c["carrier_id"] == CIGNA && c["line_of_coverage"] == "life")
        .unwrap();
    life["enrolled_members"][0]["effective_end_date"] = json!("2026-03-31");
    let full = full_834(&engine, &previous, "2026-03-02T12:00:00Z");
    let hd = "HD*030**AG*CIGNA-LIFE-01*EMP~";
    assert!(full.contains(hd));
    let reply = full.replace(hd, "HD*024**AG*CIGNA-LIFE-01*EMP~");
    let parsed = engine.parse834(reply.as_str(), CIGNA).unwrap();
    assert_eq!(
        issues(&parsed, &["missing"])
            .iter()
            .map(|i| (i[0].clone(), i[4].clone()))
            .collect::<Vec<_>>(),
        [(json!("edi_segment_missing"), json!("DTP*349"))]
    );
    let report = parsed.report_values().remove(0);
    let requested = engine.diff_str(
        Some(&previous.to_string()),
        &current.to_string(),
        &Default::default(),
    );
    let ids: Vec<Value> = requested.differences.iter().map(|d| json!(d.id)).collect();
    assert!(!ids.is_empty());
    let t = engine
        .track_json(
            current.to_string().as_str(),
            &serde_json::to_value(&requested).unwrap(),
            report.to_string().as_str(),
            &json!({ "completed_difference_ids": ids, "today": "2026-03-10" }),
        )
        .unwrap();
    let t = serde_json::to_value(&t).unwrap();
    // Before: `reported: "9999-12-31"`, "the transaction completed but
    // the carrier still shows the old value".
    assert_eq!(
        t["differences"][0]["discrepancies"],
        json!([{ "key": "effective_end_date", "kind": "field_mismatch", "note": null,
                 "reported": null, "requested": "2026-03-31" }])
    );
}

// ---- finding 4: a segment parse834 does not read where it stands ----

#[test]
fn a_segment_out_of_its_place_in_a_member_loop_is_reported() {
    let place = |segs: &[&str]| issues(&parse(&interchange(segs)), &["place"]);
    let member = "in a member loop (2000, 2100A)";
    // The spouse's DMG (line 21) misspelt or lower case.
    for dmg in ["dmg*D8*19820202*F", "DGM*D8*19820202*F"] {
        let label = if dmg.starts_with('d') { "DMG" } else { "DGM" };
        assert_eq!(
            place(&with(19, &[dmg])),
            [json!(["edi_segment_unexpected", label, 21, null, member])]
        );
    }
    // After its HD: in the coverage loop.
    let after = with(19, &[]);
    let mut after = after.clone();
    after.insert(21, "DMG*D8*19820202*F");
    assert_eq!(
        place(&after),
        [json!([
            "edi_segment_unexpected",
            "DMG",
            23,
            null,
            "in a coverage loop (2300)"
        ])]
    );
    // Lower-case n3/n4: the subscriber's address is not read, and says so.
    let lower = with(8, &["n3*1 MAIN ST", "n4*SALEM*OR*97301"]);
    let parsed = parse(&interchange(&lower));
    assert_eq!(
        issues(&parsed, &["place"]),
        [
            json!(["edi_segment_unexpected", "N3", 10, null, member]),
            json!(["edi_segment_unexpected", "N4", 11, null, member])
        ]
    );
    // A PER in the 2100C has no place there; a 2100C's N3/N4 do.
    let mailing = with(
        10,
        &[
            "DMG*D8*19800101*M*M",
            "NM1*31*1",
            "PER*IP**HP*5035550100",
            "N3*PO BOX 1",
            "N4*SALEM*OR*97301",
        ],
    );
    assert_eq!(
        place(&mailing),
        [json!([
            "edi_segment_unexpected",
            "PER",
            14,
            null,
            "in a mailing address loop (2100C)"
        ])]
    );
    // What the docs list as not read stays silent: DTP*356/357, N405/N406,
    // PER TE, AMT*P3, NM1*70 and its DMG, a responsible party, COB, LS/LE.
    let quiet = with(
        10,
        &[
            "DTP*356*D8*20240101",
            "PER*IP**TE*5035550100",
            "N4*SALEM*OR*97301**CY*047",
            "DMG*D8*19800101*M*M",
            "AMT*P3*82.25",
            "NM1*70*1*SMYTH*JON",
            "DMG*D8*19800102*M",
            "NM1*QD*1*PARTY*RESPONSIBLE",
            "N3*2 ELM ST",
            "PER*RP**HP*5035550101",
        ],
    );
    let mut quiet = quiet;
    let hd = quiet.iter().position(|s| *s == "DTP*348*D8*20240301").unwrap();
    quiet.splice(
        hd + 1..hd + 1,
        [
            "REF*17*D4",
            "COB*U*D183*5",
            "REF*6P*1",
            "LS*2700",
            "LX*1",
            "N1*75*NEWBORN",
            "REF*ZZ*Y",
            "LE*2700",
        ],
    );
    assert_eq!(place(&quiet), Vec::<Value>::new());
}

// ---- finding 5: two interchanges in one file ----

#[test]
fn two_interchanges_in_one_file_each_count_their_own_groups() {
    let segs = family();
    let one = interchange(&segs[..16]);
    let second: Vec<&str> = segs[..5].iter().chain(&segs[16..]).copied().collect();
    let two = interchange(&second)
        .replace("000010216", "000010217")
        .replace("20213", "20214");
    let text = format!("{one}{two}");
    assert_eq!(text.matches("IEA*1*").count(), 2);
    let parsed = parse(&text);
    assert_eq!(issues(&parsed, &[]), Vec::<Value>::new());
    assert_eq!(people(&parsed.report_values()[0]).len(), 3);
    let opts = AckOptions {
        created: Timestamp::parse("2026-12-02T06:15:42Z").unwrap(),
        control_number: 7,
        sender: None,
        receiver: None,
    };
    let ack = engine().ack999(text.as_str(), &opts);
    assert_eq!(ack.issues, []);
    assert_eq!(ack.text.matches("IK5*A~").count(), 2, "{}", ack.text);
    assert_eq!(ack.text.matches("AK9*A*1*1*1~").count(), 2, "{}", ack.text);
    // A wrong IEA01 in the second is still one.
    let wrong = format!("{one}{}", two.replace("IEA*1*", "IEA*2*"));
    let parsed = parse(&wrong);
    assert_eq!(
        issues(&parsed, &["expected", "found"]),
        [json!(["edi_envelope_mismatch", "IEA", 41, "IEA01", "1", "2"])]
    );
}

// ---- finding 6: DTP*348 RD8 ----

#[test]
fn a_coverage_start_written_as_an_rd8_range_reads_its_start_and_end() {
    let rd8 = with(12, &["DTP*348*RD8*20240101-20241231"]);
    let parsed = parse(&interchange(&rd8));
    assert_eq!(issues(&parsed, &[]), Vec::<Value>::new());
    assert_eq!(
        enrolled(&parsed.report_values()[0], MEDICAL)[0],
        json!(["employee", "2024-01-01", "2024-12-31"])
    );
    // A DTP*349 gives the end, before or after the range.
    for dates in [
        ["DTP*348*RD8*20240101-20241231", "DTP*349*D8*20240630"],
        ["DTP*349*D8*20240630", "DTP*348*RD8*20240101-20241231"],
    ] {
        let parsed = parse(&interchange(&with(12, &dates)));
        assert_eq!(issues(&parsed, &[]), Vec::<Value>::new());
        assert_eq!(
            enrolled(&parsed.report_values()[0], MEDICAL)[0],
            json!(["employee", "2024-01-01", "2024-06-30"])
        );
    }
    let bad = parse(&interchange(&with(12, &["DTP*348*RD8*20240101"])));
    assert_eq!(
        issues(&bad, &["reason"]),
        [json!([
            "edi_element_invalid",
            "DTP",
            14,
            "DTP03",
            "not a date range CCYYMMDD-CCYYMMDD"
        ])]
    );
}

// ---- finding 7: an HD without DTP*348, an end before the start ----

#[test]
fn an_hd_without_its_start_or_ending_before_it_has_an_issue() {
    let parsed = parse(&interchange(&with(12, &[])));
    assert_eq!(
        issues(&parsed, &["missing"]),
        [json!(["edi_segment_missing", "HD", 13, null, "DTP*348"])]
    );
    assert_eq!(
        enrolled(&parsed.report_values()[0], MEDICAL)[0],
        json!(["employee", null, "9999-12-31"])
    );
    // Vision: DTP*349 2024-12-31 before a DTP*348 of 2025-02-01.
    let parsed = parse(&interchange(&with(14, &["DTP*348*D8*20250201"])));
    assert_eq!(
        issues(&parsed, &["reason"]),
        [json!([
            "edi_element_invalid",
            "DTP",
            17,
            "DTP03",
            "an end before the coverage's start (DTP*348)"
        ])]
    );
    let vision = "6b4d2a81-3c5e-4f70-9bac-1d2e3f4a5b62";
    assert_eq!(
        enrolled(&parsed.report_values()[0], vision),
        [json!(["employee", "2025-02-01", null])]
    );
    // A one-day cancellation (349 = 348) is no error.
    let parsed = parse(&interchange(&with(15, &["DTP*349*D8*20240101"])));
    assert_eq!(issues(&parsed, &[]), Vec::<Value>::new());
}
