//! The X12 834 export (docs/api.md, X12 834 export): the hand-checked
//! files of scenario 06's Cigna (change and full, tests/golden/x12/), the
//! envelope's counts and control numbers, the INS03/INS04 of each scenario,
//! what gets no file and why, the options JS passes (`api::x12`), and the
//! configuration's X12 checks. pyx12 judges every generated file in
//! tests/js/x12.test.mjs. Regenerate the golden files with
//! `UPDATE_GOLDEN=1 cargo test --test x12` only when the change is intended.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use enroll_engine::api::x12 as api;
use enroll_engine::api::{ErrorCode, Measured};
use enroll_engine::model::Timestamp;
use enroll_engine::validate::check_config_str;
use enroll_engine::x12::{Export834, ExportMode, ExportOptions, ExportPart, Party};
use enroll_engine::{Engine, Severity};
use serde_json::{json, Value};

fn scenario(name: &str) -> Value {
    fixture_json(&format!("scenarios/{name}.json"))
}

fn group() -> Value {
    fixture_json("three-carriers-group.json")
}

fn options(carrier: &str, mode: ExportMode, created: &str, control_number: u32) -> ExportOptions {
    ExportOptions {
        carrier_id: carrier.into(),
        created: Timestamp::parse(created).unwrap(),
        control_number,
        sender: None,
        receiver: None,
        mode,
        part: ExportPart::Interchange,
    }
}

fn export_with(config: &Value, s: &Value, opts: &ExportOptions) -> Export834 {
    let engine = Engine::from_config_value(config).unwrap();
    let previous = s["previous"].to_string();
    let prev = (!s["previous"].is_null()).then_some(previous.as_str());
    engine
        .export834_str(prev, &s["current"].to_string(), opts)
        .unwrap()
}

fn export(s: &Value, mode: ExportMode, control_number: u32) -> Export834 {
    let opts = options(CIGNA, mode, s["now"].as_str().unwrap(), control_number);
    export_with(&group(), s, &opts)
}

fn segments(text: &str) -> Vec<Vec<&str>> {
    text.lines()
        .map(|l| l.strip_suffix('~').unwrap().split('*').collect())
        .collect()
}

fn codes(issues: &[enroll_engine::Issue]) -> Vec<(&str, &str)> {
    issues
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect()
}

/// The envelope agrees with the body: SE01 counts ST through SE, SE02 = ST02,
/// GE01 one set, GE02 = GS06 as text, IEA02 = ISA13, the ISA 106 characters.
fn assert_envelope(text: &str, control_number: u32) {
    let segs = segments(text);
    let isa_line = text.lines().next().unwrap();
    assert_eq!(isa_line.len(), 106, "{isa_line}");
    let (isa, gs) = (&segs[0], &segs[1]);
    assert_eq!(isa[13], format!("{control_number:09}"));
    assert_eq!(gs[6], control_number.to_string());
    let st = segs.iter().position(|s| s[0] == "ST").unwrap();
    let se = segs.iter().position(|s| s[0] == "SE").unwrap();
    assert_eq!(segs[se][1], (se - st + 1).to_string(), "SE01");
    assert_eq!(segs[se][2], segs[st][2], "SE02");
    let ge = &segs[se + 1];
    assert_eq!((ge[0], ge[1], ge[2]), ("GE", "1", gs[6]));
    let iea = &segs[se + 2];
    assert_eq!((iea[0], iea[1], iea[2]), ("IEA", "1", isa[13]));
    assert_eq!(segs.len(), se + 3, "nothing after IEA");
}

fn golden(name: &str, text: &str) {
    let path = format!("{}/tests/golden/x12/{name}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(format!("{}/tests/golden/x12", env!("CARGO_MANIFEST_DIR"))).unwrap();
        std::fs::write(&path, text).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(text == expected, "{path} differs:\n{text}");
}

#[test]
fn scenario_06_cigna_change_file_is_the_hand_checked_one() {
    let e = export(&scenario("06-send-carrier"), ExportMode::Change, 2);
    assert!(e.issues.is_empty(), "{:?}", codes(&e.issues));
    golden("06-send-carrier-cigna-change.834", &e.text);
    assert_envelope(&e.text, 2);
    let segs = segments(&e.text);
    // Maria's volume raised (001 benefit selection, HD 001 with the new
    // AMT), Luis added to vision (021 member benefit selection at open
    // enrollment), which makes the vision coverage FAM from his start for
    // Maria and Sofia too (HD 001 with DTP*303, review 28e).
    let ins: Vec<&[&str]> = segs.iter().filter(|s| s[0] == "INS").map(|s| &s[1..]).collect();
    assert_eq!(
        ins,
        [
            &["Y", "18", "001", "29", "A", "", "", "FT"][..],
            &["N", "01", "021", "EC", "A"][..],
            &["N", "19", "001", "29", "A"][..]
        ]
    );
    let hd: Vec<&[&str]> = segs.iter().filter(|s| s[0] == "HD").map(|s| &s[1..]).collect();
    assert_eq!(
        hd,
        [
            &["001", "", "AG", "CIGNA-LIFE-01", "EMP"][..],
            &["001", "", "VIS", "CIGNA-VIS-01", "FAM"][..],
            &["021", "", "VIS", "CIGNA-VIS-01", "FAM"][..],
            &["001", "", "VIS", "CIGNA-VIS-01", "FAM"][..]
        ]
    );
    assert!(e.text.contains("AMT*FK*200000~"));
    assert_eq!(segs.iter().filter(|s| s[0] == "BGN").count(), 1);
    assert!(e.text.contains("BGN*00*2*20261112*1830*UT***2~"));
}

#[test]
fn scenario_06_cigna_full_file_is_the_hand_checked_one() {
    let e = export(&scenario("06-send-carrier"), ExportMode::Full, 3);
    assert!(e.issues.is_empty(), "{:?}", codes(&e.issues));
    golden("06-send-carrier-cigna-full.834", &e.text);
    assert_envelope(&e.text, 3);
    let segs = segments(&e.text);
    let ins: Vec<(&str, &str, &str, &str)> = segs
        .iter()
        .filter(|s| s[0] == "INS")
        .map(|s| (s[1], s[2], s[3], s[4]))
        .collect();
    // Everyone with a Cigna coverage in force (Luis's vision starts in 2027).
    assert_eq!(
        ins,
        [
            ("Y", "18", "030", "XN"),
            ("N", "01", "030", "XN"),
            ("N", "19", "030", "XN")
        ]
    );
    assert!(segs.iter().filter(|s| s[0] == "HD").all(|s| s[1] == "030"));
    assert_eq!(segs.iter().filter(|s| s[0] == "HD").count(), 4);
    assert!(e.text.contains("BGN*00*3*20261112*1830*UT***4~"));
    // REF*0F is the subscriber's SSN on every member.
    assert_eq!(
        segs.iter()
            .filter(|s| s[..2] == ["REF", "0F"] && s[2] == "536221234")
            .count(),
        3
    );
}

#[test]
fn each_scenario_gets_the_maintenance_types_its_changes_call_for() {
    let ins = |name: &str| ins_hd_of(&export(&scenario(name), ExportMode::Change, 1).text);
    assert_eq!(
        ins("01-new-hire"),
        [
            "INS Y 18 021 28",
            "HD 021  VIS CIGNA-VIS-01",
            "HD 021  AG CIGNA-LIFE-01",
            "INS N 19 021 28",
            "HD 021  VIS CIGNA-VIS-01"
        ]
    );
    // The employee terminated: termination of employment (08), every coverage ended.
    assert_eq!(
        ins("04-termination"),
        [
            "INS Y 18 024 08",
            "HD 024  VIS CIGNA-VIS-01",
            "HD 024  AG CIGNA-LIFE-01",
            "INS N 19 024 07",
            "HD 024  VIS CIGNA-VIS-01"
        ]
    );
    let term = export(&scenario("04-termination"), ExportMode::Change, 1).text;
    assert!(
        term.contains("DTP*337*D8*20260313~\nDTP*357*D8*20260331~"),
        "{term}"
    );
    assert!(term.contains("HD*024**VIS*CIGNA-VIS-01*ECH~\nDTP*348*D8*20260101~\nDTP*349*D8*20260331~"));
}

/// INS and HD (first four elements) of Cigna's change file for `case`,
/// which must have no issue.
fn ins_hd(case: &Value) -> Vec<String> {
    let e = export(case, ExportMode::Change, 1);
    assert!(e.issues.is_empty(), "{:?}", codes(&e.issues));
    ins_hd_of(&e.text)
}

/// INS and HD segments of an 834 text, each with its first four elements.
fn ins_hd_of(text: &str) -> Vec<String> {
    segments(text)
        .iter()
        .filter(|s| s[0] == "INS" || s[0] == "HD")
        .map(|s| {
            format!(
                "{} {}",
                s[0],
                s[1..].iter().take(4).copied().collect::<Vec<_>>().join(" ")
            )
        })
        .collect()
}

#[test]
fn elections_after_the_hires_first_snapshot_are_an_initial_enrollment_28() {
    // Scenario 01 sent first without coverages; its hire event is then
    // stale and nothing names it, so INS04 comes from the transaction type:
    // a new hire's (28 initial enrollment), not a life event's EC.
    let s = scenario("01-new-hire");
    let mut previous = s["current"].clone();
    previous["coverages"] = json!([]);
    let case = json!({ "previous": previous, "current": s["current"], "now": s["now"] });
    assert_eq!(
        ins_hd(&case),
        [
            "INS Y 18 021 28",
            "HD 021  VIS CIGNA-VIS-01",
            "HD 021  AG CIGNA-LIFE-01",
            "INS N 19 021 28",
            "HD 021  VIS CIGNA-VIS-01"
        ]
    );
}

#[test]
fn an_open_enrollment_drop_ends_benefits_07_not_employment() {
    // Scenario 01's family at the next open enrollment (a new event): the
    // employee stays employed, so INS04 is 07 termination of benefits.
    let s = scenario("01-new-hire");
    let oe = |lines: &[&str]| {
        let mut cur = s["current"].clone();
        cur["events"].as_array_mut().unwrap().push(
            json!({"id": "oe-2027", "date": "2026-11-10", "type": "coverage", "reason": "open_enrollment"}),
        );
        for c in cur["coverages"].as_array_mut().unwrap() {
            if lines.contains(&c["line_of_coverage"].as_str().unwrap()) {
                for m in c["enrolled_members"].as_array_mut().unwrap() {
                    m["effective_end_date"] = json!("2026-12-31");
                }
            }
        }
        json!({ "previous": s["current"], "current": cur, "now": "2026-11-20T15:00:00Z" })
    };
    // Vision dropped, life kept: the employee's loop is a change (001).
    assert_eq!(
        ins_hd(&oe(&["vision"])),
        [
            "INS Y 18 001 07",
            "HD 024  VIS CIGNA-VIS-01",
            "INS N 19 024 07",
            "HD 024  VIS CIGNA-VIS-01"
        ]
    );
    // Everything at Cigna dropped: the loops terminate, still 07.
    assert_eq!(
        ins_hd(&oe(&["vision", "life"])),
        [
            "INS Y 18 024 07",
            "HD 024  VIS CIGNA-VIS-01",
            "HD 024  AG CIGNA-LIFE-01",
            "INS N 19 024 07",
            "HD 024  VIS CIGNA-VIS-01"
        ]
    );
}

#[test]
fn a_removed_enrollment_ends_on_the_date_the_diff_computed() {
    // The vision coverage omitted under `terminate` / end_of_current_month.
    let s = scenario("06-send-carrier");
    let mut cur = s["previous"].clone();
    cur["coverages"]
        .as_array_mut()
        .unwrap()
        .retain(|c| c["line_of_coverage"] != "vision");
    cur["omitted_coverage_handling"] =
        json!({ "policy": "terminate", "termination_rule": "end_of_current_month" });
    let case = json!({ "previous": s["previous"], "current": cur, "now": s["now"] });
    let e = export(&case, ExportMode::Change, 1);
    let text = &e.text;
    assert!(text.contains("INS*Y*18*001*07*A***FT~"), "{text}");
    assert!(
        text.contains("HD*024**VIS*CIGNA-VIS-01*ECH~\nDTP*348*D8*20260101~\nDTP*349*D8*20261130~"),
        "{text}"
    );
    // Sofia had vision only: her loop terminates.
    assert!(text.contains("INS*N*19*024*07*A~"), "{text}");
}

/// Review 28e: a coverage turned into a waive (end = start − 1) or omitted
/// is terminated as the carrier holds it: DTP*348 the start of the previous
/// snapshot's row, HD05 the level it ends (the family's, not the waive's
/// lone member), and a coverage cancelled before it began ends on its start
/// (DTP*349 = DTP*348), never a day before it.
#[test]
fn a_termination_is_of_the_row_the_carrier_holds_and_never_ends_before_it_starts() {
    let family = fixture_json("three-carriers-snapshot.json");
    let vision = |doc: &mut Value, start: &str, end: &str| {
        for m in doc["coverages"][2]["enrolled_members"].as_array_mut().unwrap() {
            m["effective_start_date"] = json!(start);
            m["effective_end_date"] = json!(end);
        }
    };
    let change = |prev: &Value, cur: &Value| {
        let case = json!({ "previous": prev, "current": cur });
        let opts = options(CIGNA, ExportMode::Change, "2026-11-20T15:00:00Z", 5);
        let e = export_with(&group(), &case, &opts);
        assert_eq!(codes(&e.issues), [], "{}", e.text);
        e.text
    };
    let vis = |text: &str| -> Vec<String> {
        let lines: Vec<&str> = text.lines().collect();
        let mut out = Vec::new();
        for (k, l) in lines.iter().enumerate() {
            if l.starts_with("INS*") || l.starts_with("DTP*357") {
                out.push(l.to_string());
            }
            if l.starts_with("HD*") && l.contains("*VIS*") {
                out.push(lines[k..k + 3].join(""));
            }
        }
        out
    };
    // Held since 2026-01-01, turned into a waive from 2027-01-01: the
    // coverage ends 2026-12-31 (the difference shows the start moving).
    let mut waived = family.clone();
    vision(&mut waived, "2027-01-01", "2026-12-31");
    assert_eq!(
        vis(&change(&family, &waived)),
        [
            "INS*Y*18*001*07*A***FT~",
            "HD*024**VIS*CIGNA-VIS-01*ECH~DTP*348*D8*20260101~DTP*349*D8*20261231~",
            "INS*N*19*024*07*A~",
            "DTP*357*D8*20261231~",
            "HD*024**VIS*CIGNA-VIS-01*ECH~DTP*348*D8*20260101~DTP*349*D8*20261231~",
        ]
    );
    // Starting 2027-01-01 and cancelled before it, as a waive or omitted
    // (terminate: ends 2026-11-30): it ends on its start.
    let mut future = family.clone();
    vision(&mut future, "2027-01-01", "9999-12-31");
    let mut omitted = future.clone();
    omitted["coverages"].as_array_mut().unwrap().remove(2);
    omitted["omitted_coverage_handling"] = json!({ "policy": "terminate" });
    let cancelled = [
        "INS*Y*18*001*07*A***FT~",
        "HD*024**VIS*CIGNA-VIS-01*ECH~DTP*348*D8*20270101~DTP*349*D8*20270101~",
        "INS*N*19*024*07*A~",
        "DTP*357*D8*20270101~",
        "HD*024**VIS*CIGNA-VIS-01*ECH~DTP*348*D8*20270101~DTP*349*D8*20270101~",
    ];
    assert_eq!(vis(&change(&future, &waived)), cancelled);
    assert_eq!(vis(&change(&future, &omitted)), cancelled);
}

#[test]
fn carriers_without_a_file_get_a_fatal_issue_and_no_text() {
    let s = scenario("06-send-carrier");
    let now = s["now"].as_str().unwrap().to_owned();
    let sync = export_with(&group(), &s, &options(BEAM, ExportMode::Full, &now, 1));
    assert_eq!(sync.text, "");
    assert_eq!(codes(&sync.issues), [("edi_not_send_carrier", "")]);
    assert_eq!(sync.issues[0].severity, Severity::Fatal);
    assert_eq!(
        sync.issues[0].message,
        "Carrier Beam is a Sync carrier: it takes changes by API, not by 834 file."
    );

    let mut bare = group();
    bare["carriers"][2].as_object_mut().unwrap().remove("x12");
    let none = export_with(&bare, &s, &options(CIGNA, ExportMode::Full, &now, 1));
    assert_eq!(
        (none.text.as_str(), codes(&none.issues)),
        ("", vec![("edi_not_configured", "")])
    );

    let mut blocked = s.clone();
    blocked["current"]["coverages"][2]["plan_id"] = json!("7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e99");
    let b = export_with(&group(), &blocked, &options(CIGNA, ExportMode::Change, &now, 1));
    assert_eq!(b.text, "");
    assert_eq!(
        codes(&b.issues),
        [
            ("plan_not_found", "/coverages/2/plan_id"),
            ("edi_carrier_blocked", "")
        ]
    );
    assert!(b.issues.iter().all(|i| i.carrier_ids == [CIGNA]));

    let same = json!({ "previous": s["previous"], "current": s["previous"], "now": now });
    let nothing = export(&same, ExportMode::Change, 1);
    assert_eq!(
        (nothing.text.as_str(), codes(&nothing.issues)),
        ("", vec![("edi_nothing_to_send", "")])
    );
    assert_eq!(nothing.issues[0].severity, Severity::Info);
    // The full file of the same snapshot lists everyone.
    assert!(!export(&same, ExportMode::Full, 1).text.is_empty());

    let unknown = Engine::from_config_value(&group())
        .unwrap()
        .export834_str(
            None,
            &s["current"].to_string(),
            &options("0b1e5c2a-0000-4000-8000-000000000000", ExportMode::Full, &now, 1),
        )
        .unwrap_err();
    assert_eq!(unknown.code, ErrorCode::InvalidOptions);
    assert_eq!(
        unknown.message,
        "carrier_id names no carrier of the group configuration"
    );
}

#[test]
fn values_x12_cannot_carry_are_written_plainly_with_a_warning_that_quotes_no_ssn() {
    let s = scenario("06-send-carrier");
    let mut case = s.clone();
    let cur = &mut case["current"];
    cur["employee"]["person"]["last_name"] = json!("Rivera-Müller");
    cur["employee"]["person"]["home_address"]["street_two"] = json!("Apt 3:B ~ 536-22-1234");
    cur["employee"]["person"]["home_address"]["state"] = json!("PW");
    cur["employee"]["person"]["home_address"]["zip_code"] = json!("97201-1234");
    cur["employee"]["person"]["contact"] = json!({ "home_phone": "+15035550100", "work_phone": "+1 503 555 0199 ext 12345", "email_address": "maria@example.com" });
    cur["employee"]["person"]["mailing_address"] =
        json!({ "street_one": "PO Box 12", "city": "Portland", "state": "OR", "zip_code": "97207" });
    let e = export(&case, ExportMode::Full, 1);
    if let Ok(dir) = std::env::var("X12_DUMP") {
        std::fs::write(format!("{dir}/altered-full.834"), &e.text).unwrap();
    }
    let text = &e.text;
    assert!(
        text.contains("NM1*IL*1*RIVERA-MULLER*MARIA****34*536221234~"),
        "{text}"
    );
    assert!(
        text.contains("PER*IP**HP*5035550100*WP*5035550199*EM*maria@example.com~"),
        "{text}"
    );
    assert!(
        text.contains("N3*42 JUNIPER WAY*APT 3 B 536-22-1234~\nN4*PORTLAND**972011234~"),
        "{text}"
    );
    assert!(
        text.contains("NM1*31*1~\nN3*PO BOX 12~\nN4*PORTLAND*OR*97207~"),
        "{text}"
    );
    assert_eq!(
        codes(&e.issues),
        [
            ("edi_value_altered", "/employee/person/last_name"),
            ("edi_value_altered", "/employee/person/home_address/street_two"),
            ("edi_value_altered", "/employee/person/home_address/state"),
        ]
    );
    assert_eq!(
        e.issues[0].message,
        "NM103 of Maria Rivera-Müller was changed to fit X12: letters with accents written without them."
    );
    let shown = serde_json::to_string(&e.issues).unwrap();
    assert!(!shown.contains("536") && !shown.contains("1234"), "{shown}");
}

/// Letters of every Latin block are written by their base letters, in
/// composed or decomposed (NFD) form — Vietnamese, Romanian, Latvian,
/// Icelandic, German — never as spaces; what has no Latin spelling still is.
#[test]
fn latin_letters_of_every_block_lose_only_their_accents() {
    let s = scenario("06-send-carrier");
    let nfd_muller = "Mu\u{308}ller";
    let nfd_renee = "Rene\u{301}e";
    let cases = [
        ("Nguyễn", "Trần", "NGUYEN*TRAN"),
        ("Ștefănescu", "Țara", "STEFANESCU*TARA"),
        (nfd_muller, nfd_renee, "MULLER*RENEE"),
        ("Þórsdóttir", "Ðorđe", "THORSDOTTIR*DORDE"),
        ("Kalniņš", "Jūratė", "KALNINS*JURATE"),
        ("Straße", "Łucja", "STRASSE*LUCJA"),
        ("Ærø-Œuvre", "Ilıca", "AERO-OEUVRE*ILICA"),
        ("Đặng", "Ǉiljana", "DANG*LJILJANA"),
    ];
    for (last, first, written) in cases {
        let mut case = s.clone();
        case["current"]["employee"]["person"]["last_name"] = json!(last);
        case["current"]["employee"]["person"]["first_name"] = json!(first);
        let e = export(&case, ExportMode::Full, 1);
        let nm1 = e.text.lines().find(|l| l.starts_with("NM1*IL*1*")).unwrap();
        assert!(
            nm1.starts_with(&format!("NM1*IL*1*{written}*")),
            "{last} {first}: {nm1}"
        );
        let reasons: Vec<&str> = e
            .issues
            .iter()
            .map(|i| i.params["reason"].as_str().unwrap())
            .collect();
        assert_eq!(
            reasons, ["letters with accents written without them"; 2],
            "{last} {first}"
        );
    }
    // A letter of another script is still a space, with its warning.
    let mut case = s.clone();
    case["current"]["employee"]["person"]["last_name"] = json!("Rivera Ωmega");
    let e = export(&case, ExportMode::Full, 1);
    assert!(e.text.contains("NM1*IL*1*RIVERA MEGA*MARIA*"), "{}", e.text);
    assert_eq!(
        e.issues[0].params["reason"],
        json!("characters X12 cannot carry written as spaces")
    );
}

/// The HD05s of the vision coverage (CIGNA) in `text`, in file order.
fn vision_levels(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.starts_with("HD*") && l.contains("*VIS*"))
        .map(|l| l.trim_end_matches('~').rsplit('*').next().unwrap().to_owned())
        .collect()
}

/// HD05 counts who is enrolled on the HD's date: the file's date, or the
/// HD's own start (later) or end (earlier). A child whose vision ended
/// before a full file is neither in it nor in the employee's level; a
/// spouse starting after it is in the level of their own HD only; a
/// dependent's termination is the level it ends.
#[test]
fn coverage_levels_count_who_is_enrolled_on_the_hds_date() {
    let config = group();
    let snapshot = fixture_json("three-carriers-snapshot.json");
    let vision = |s: &mut Value| -> usize {
        let covs = s["coverages"].as_array().unwrap();
        covs.iter()
            .position(|c| c["carrier_id"] == json!(CIGNA) && c["line_of_coverage"] == json!("vision"))
            .unwrap()
    };
    let run = |previous: &Value, current: &Value, mode: ExportMode| {
        let case = json!({ "previous": previous, "current": current });
        let opts = options(CIGNA, mode, "2026-03-02T12:00:00Z", 1);
        export_with(&config, &case, &opts)
    };
    // Sofia's vision ended 2026-02-28; the full file is made 2026-03-02.
    let mut ended = snapshot.clone();
    let v = vision(&mut ended);
    ended["coverages"][v]["enrolled_members"][1]["effective_end_date"] = json!("2026-02-28");
    let full = run(&snapshot, &ended, ExportMode::Full);
    assert_eq!(vision_levels(&full.text), ["EMP"], "{}", full.text);
    // Her termination in a change file: the level it ends, hers included;
    // Maria's vision is EMP from the day after (review 28e: HD 001, DTP*303).
    let change = run(&snapshot, &ended, ExportMode::Change);
    assert_eq!(vision_levels(&change.text), ["EMP", "ECH"], "{}", change.text);
    assert!(
        change
            .text
            .contains("HD*001**VIS*CIGNA-VIS-01*EMP~\nDTP*348*D8*20260101~\nDTP*303*D8*20260301~\n"),
        "{}",
        change.text
    );
    // Luis (spouse) joins vision from 2026-04-01.
    let mut joins = snapshot.clone();
    let v = vision(&mut joins);
    joins["coverages"][v]["enrolled_members"]
        .as_array_mut()
        .unwrap()
        .push(json!({
            "individual_type": "dependent",
            "individual_id": "e1000000-0000-4000-8000-000000000002",
            "effective_start_date": "2026-04-01",
            "effective_end_date": "9999-12-31"
        }));
    let full = run(&snapshot, &joins, ExportMode::Full);
    // Maria, Luis, Sofia: Luis's HD from his start, theirs on the file's date.
    assert_eq!(vision_levels(&full.text), ["ECH", "FAM", "ECH"], "{}", full.text);
    // His addition makes the coverage FAM for Maria and Sofia too, from his start.
    let change = run(&snapshot, &joins, ExportMode::Change);
    assert_eq!(
        vision_levels(&change.text),
        ["FAM", "FAM", "FAM"],
        "{}",
        change.text
    );
    assert_eq!(
        ins_hd_of(&change.text),
        [
            "INS Y 18 001 29",
            "HD 001  VIS CIGNA-VIS-01",
            "INS N 01 021 EC",
            "HD 021  VIS CIGNA-VIS-01",
            "INS N 19 001 29",
            "HD 001  VIS CIGNA-VIS-01"
        ]
    );
    assert_eq!(
        change
            .text
            .matches("DTP*348*D8*20260101~\nDTP*303*D8*20260401~\n")
            .count(),
        2,
        "{}",
        change.text
    );
}

/// The member loops' INS, DTP, HD and AMT segments of an 834 text (from
/// the first INS up to SE); `X12_DUMP` names a folder to write the file
/// into, for pyx12 (`scripts/x12check.py`).
fn member_segments(name: &str, text: &str) -> Vec<String> {
    if let Some(dir) = std::env::var_os("X12_DUMP") {
        std::fs::write(std::path::Path::new(&dir).join(format!("{name}.834")), text).unwrap();
    }
    let lines = text.lines().skip_while(|l| !l.starts_with("INS*"));
    lines
        .take_while(|l| !l.starts_with("SE*"))
        .filter(|l| ["INS*", "DTP*", "HD*", "AMT*"].iter().any(|p| l.starts_with(p)))
        .map(str::to_owned)
        .collect()
}

/// Review 28g #3: every level change of a row is sent, one HD 001 each
/// with its own DTP*303, in date order — a row whose own HD is sent too
/// (its start corrected) after that HD; one changing twice (a child ending
/// 06-30, a spouse joining 08-01: EMP from 07-01, ESP from 08-01) twice.
#[test]
fn every_level_change_of_a_row_is_sent_in_date_order() {
    let family = fixture_json("three-carriers-snapshot.json");
    const LUIS: &str = "e1000000-0000-4000-8000-000000000002";
    let vision = |doc: &mut Value| {
        doc["coverages"][2]["enrolled_members"]
            .as_array_mut()
            .unwrap()
            .clone()
    };
    let with_vision = |members: Vec<Value>| {
        let mut doc = family.clone();
        doc["coverages"][2]["enrolled_members"] = json!(members);
        doc
    };
    let row = |id: &str, kind: &str, start: &str, end: &str| {
        json!({ "individual_type": kind, "individual_id": id,
                "effective_start_date": start, "effective_end_date": end })
    };
    let change = |name: &str, prev: &Value, cur: &Value| {
        let case = json!({ "previous": prev, "current": cur });
        let opts = options(CIGNA, ExportMode::Change, "2026-06-10T12:00:00Z", 1);
        let e = export_with(&group(), &case, &opts);
        assert_eq!(codes(&e.issues), [], "{}", e.text);
        member_segments(name, &e.text)
    };
    let mut members = vision(&mut family.clone());
    let employee = members[0]["individual_id"].as_str().unwrap().to_owned();
    // (a) The employee's start corrected to 01-15 and Luis joining 07-01:
    // the corrected HD (EMP on the file's date, DTP*303 its own date: the
    // member's is the later 07-01, review 30d F3), then ESP from 07-01.
    let before = with_vision(vec![row(&employee, "employee", "2026-01-01", "9999-12-31")]);
    let after = with_vision(vec![
        row(&employee, "employee", "2026-01-15", "9999-12-31"),
        row(LUIS, "dependent", "2026-07-01", "9999-12-31"),
    ]);
    assert_eq!(
        change("own_difference", &before, &after),
        [
            "INS*Y*18*001*29*A***FT~",
            "DTP*336*D8*20251103~",
            "DTP*303*D8*20260701~",
            "HD*001**VIS*CIGNA-VIS-01*EMP~",
            "DTP*348*D8*20260115~",
            "DTP*303*D8*20260115~",
            "HD*001**VIS*CIGNA-VIS-01*ESP~",
            "DTP*348*D8*20260115~",
            "DTP*303*D8*20260701~",
            "INS*N*01*021*EC*A~",
            "DTP*356*D8*20260701~",
            "DTP*303*D8*20260701~",
            "HD*021**VIS*CIGNA-VIS-01*ESP~",
            "DTP*348*D8*20260701~",
        ]
    );
    // (b) Sofia (ECH) ends 06-30 and Luis joins 08-01: EMP, then ESP.
    let before = with_vision(members.clone());
    members[1]["effective_end_date"] = json!("2026-06-30");
    members.push(row(LUIS, "dependent", "2026-08-01", "9999-12-31"));
    assert_eq!(
        change("two_dates", &before, &with_vision(members)),
        [
            "INS*Y*18*001*29*A***FT~",
            "DTP*336*D8*20251103~",
            "DTP*303*D8*20260801~",
            "HD*001**VIS*CIGNA-VIS-01*EMP~",
            "DTP*348*D8*20260101~",
            "DTP*303*D8*20260701~",
            "HD*001**VIS*CIGNA-VIS-01*ESP~",
            "DTP*348*D8*20260101~",
            "DTP*303*D8*20260801~",
            "INS*N*01*021*EC*A~",
            "DTP*356*D8*20260801~",
            "DTP*303*D8*20260801~",
            "HD*021**VIS*CIGNA-VIS-01*ESP~",
            "DTP*348*D8*20260801~",
            "INS*N*19*024*07*A~",
            "DTP*357*D8*20260630~",
            "DTP*303*D8*20260630~",
            "HD*024**VIS*CIGNA-VIS-01*ECH~",
            "DTP*348*D8*20260101~",
            "DTP*349*D8*20260630~",
        ]
    );
    // Luis leaving 06-30 and back 08-01 (a new row): EMP, then ESP again.
    let both = vec![
        row(&employee, "employee", "2026-01-01", "9999-12-31"),
        row(LUIS, "dependent", "2026-01-01", "9999-12-31"),
    ];
    let mut back = both.clone();
    back[1]["effective_end_date"] = json!("2026-06-30");
    back.push(row(LUIS, "dependent", "2026-08-01", "9999-12-31"));
    let text = change("back_again", &with_vision(both), &with_vision(back));
    let employee_hds: Vec<&str> = text.iter().take(9).map(String::as_str).collect();
    assert_eq!(
        employee_hds,
        [
            "INS*Y*18*001*29*A***FT~",
            "DTP*336*D8*20251103~",
            "DTP*303*D8*20260801~",
            "HD*001**VIS*CIGNA-VIS-01*EMP~",
            "DTP*348*D8*20260101~",
            "DTP*303*D8*20260701~",
            "HD*001**VIS*CIGNA-VIS-01*ESP~",
            "DTP*348*D8*20260101~",
            "DTP*303*D8*20260801~",
        ]
    );
    // Forty one-day children: the employee's level changes 80 times; at
    // most 16 are sent, the first 15 and the last (EMP from the day after
    // the last child).
    let mut many = family.clone();
    let mut rows = vec![row(&employee, "employee", "2026-01-01", "9999-12-31")];
    let dependents = many["dependents"].as_array_mut().unwrap();
    let sofia = dependents[1].clone();
    let first = enroll_engine::model::Date::parse("2026-07-01").unwrap();
    for n in 0..40_i64 {
        let id = format!("d1000000-0000-4000-8000-{n:012x}");
        let mut child = sofia.clone();
        child["id"] = json!(id);
        child.as_object_mut().unwrap().remove("custom_individual_id");
        child["person"]["first_name"] = json!(format!("C{n}"));
        child["person"]["ssn"] = json!(format!("53620{}", 1000 + n));
        dependents.push(child);
        let day = first.plus_days(2 * n).unwrap().to_string();
        rows.push(row(&id, "dependent", &day, &day));
    }
    many["coverages"][2]["enrolled_members"] = json!(rows);
    let lone = with_vision(vec![row(&employee, "employee", "2026-01-01", "9999-12-31")]);
    let text = change("many_changes", &lone, &many);
    let levels: Vec<String> = text
        .iter()
        .take_while(|l| !l.starts_with("INS*N"))
        .filter(|l| l.starts_with("HD*") || l.starts_with("DTP*303"))
        .cloned()
        .collect();
    let mut want = vec!["DTP*303*D8*20260918~".to_owned()];
    for n in 0..15_i64 {
        let day = first.plus_days(n).unwrap().to_string().replace('-', "");
        let level = if n % 2 == 0 { "ECH" } else { "EMP" };
        want.push(format!("HD*001**VIS*CIGNA-VIS-01*{level}~"));
        want.push(format!("DTP*303*D8*{day}~"));
    }
    want.push("HD*001**VIS*CIGNA-VIS-01*EMP~".to_owned());
    want.push("DTP*303*D8*20260918~".to_owned());
    assert_eq!(levels, want);
}

/// Review 28g #4: a member whose coverages all end has INS DTP*357 the last
/// day they are covered: a future vision cancelled before it began (349 =
/// 348, its start) covers no day, so life's end (06-30) is the eligibility
/// end, not the vision's start (09-01).
#[test]
fn eligibility_end_is_the_last_day_covered_not_a_cancelled_start() {
    let mut before = fixture_json("three-carriers-snapshot.json");
    before["coverages"][2]["enrolled_members"] = json!([before["coverages"][2]["enrolled_members"][0]]);
    before["coverages"][2]["enrolled_members"][0]["effective_start_date"] = json!("2026-09-01");
    let mut after = before.clone();
    after["coverages"].as_array_mut().unwrap().truncate(2);
    after["omitted_coverage_handling"] = json!({ "policy": "terminate" });
    let case = json!({ "previous": before, "current": after });
    let opts = options(CIGNA, ExportMode::Change, "2026-06-10T12:00:00Z", 1);
    let e = export_with(&group(), &case, &opts);
    assert_eq!(codes(&e.issues), [], "{}", e.text);
    assert_eq!(
        member_segments("cancelled_future", &e.text),
        [
            "INS*Y*18*024*07*A***FT~",
            "DTP*336*D8*20251103~",
            "DTP*357*D8*20260630~",
            "DTP*303*D8*20260630~",
            "HD*024**VIS*CIGNA-VIS-01*EMP~",
            "DTP*348*D8*20260901~",
            "DTP*349*D8*20260901~",
            "HD*024**AG*CIGNA-LIFE-01*EMP~",
            "DTP*348*D8*20260101~",
            "DTP*349*D8*20260630~",
            "AMT*FK*50000~",
        ]
    );
}

/// A change file's levels cost about one evaluation per row and per day on
/// which the coverage's membership changes, not one per row and per day of
/// the line (review 28f: R children enrolled in both snapshots and K added
/// on K start dates scanned R × K days; 4.16 MB took 3.37 s in wasm).
/// Counted, not timed (`x12::level_evaluations`, debug builds); the file
/// stays the one the levels call for: the K additions alone while the
/// level stays ECH, and HD 001 FAM for everyone else once a spouse joins.
#[cfg(debug_assertions)]
#[test]
fn level_changes_cost_rows_plus_days_not_rows_times_days() {
    use enroll_engine::model::Date;
    let config = group();
    let base = fixture_json("three-carriers-snapshot.json");
    let employee = base["employee"]["id"].clone();
    let address = base["employee"]["person"]["home_address"].clone();
    let day = |n: i64| {
        let first = Date::parse("2026-01-01").unwrap();
        first.plus_days(n).unwrap().to_string()
    };
    let uid = |k: usize| format!("d1000000-0000-4000-8000-{k:012x}");
    let member = |id: &Value, kind: &str, start: &str| {
        json!({ "individual_type": kind, "individual_id": id,
                "effective_start_date": start, "effective_end_date": "9999-12-31" })
    };
    // R children in both snapshots, K more in the current one from K days;
    // with `spouse`, a spouse joins on the last of them.
    let shape = |r: usize, k: usize, added: bool, spouse: bool| {
        let mut s = base.clone();
        let mut dependents = Vec::new();
        let mut members = vec![member(&employee, "employee", "2026-01-01")];
        let count = if added { r + k } else { r };
        for n in 0..count {
            let relationship = if spouse && n + 1 == r + k {
                "spouse"
            } else {
                "child"
            };
            dependents.push(json!({ "id": uid(n), "relationship": relationship, "person": {
                "first_name": format!("C{n}"), "last_name": "Rivera", "date_of_birth": "2012-05-09",
                "sex": "F", "ssn": format!("53610{}", 1000 + n),
                "home_address": address, "mailing_address": address } }));
            let start = if n < r { day(0) } else { day(1 + (n - r) as i64) };
            members.push(member(&json!(uid(n)), "dependent", &start));
        }
        s["dependents"] = json!(dependents);
        s["coverages"] = json!([{ "carrier_id": CIGNA, "line_of_coverage": "vision",
            "plan_id": "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e04", "enrolled_members": members }]);
        s["events"] = json!([]);
        s
    };
    let run = |r: usize, k: usize, spouse: bool| {
        let case = json!({ "previous": shape(r, k, false, false), "current": shape(r, k, true, spouse) });
        let opts = options(CIGNA, ExportMode::Change, "2026-01-01T12:00:00Z", 1);
        let before = enroll_engine::x12::level_evaluations();
        let e = export_with(&config, &case, &opts);
        (e, enroll_engine::x12::level_evaluations() - before)
    };
    // Small: exactly the K additions, every level ECH.
    let (small, _) = run(2, 3, false);
    let additions = ["INS N 19 021 EC", "HD 021  VIS CIGNA-VIS-01"].repeat(3);
    assert_eq!(ins_hd_of(&small.text), additions, "{}", small.text);
    assert_eq!(vision_levels(&small.text), ["ECH"; 3], "{}", small.text);
    // A spouse joining on the last day: FAM from that day for the others,
    // the children added before it included (ECH from their start, then
    // FAM: review 28g).
    let (joined, _) = run(2, 3, true);
    let levels = vision_levels(&joined.text);
    assert_eq!(
        levels,
        ["FAM", "FAM", "FAM", "ECH", "FAM", "ECH", "FAM", "FAM"],
        "{}",
        joined.text
    );
    let from_then = "HD*001**VIS*CIGNA-VIS-01*FAM~\nDTP*348*D8*20260101~\nDTP*303*D8*20260104~";
    assert_eq!(joined.text.matches(from_then).count(), 3, "{}", joined.text);
    for start in ["20260102", "20260103"] {
        let hds = format!(
            "HD*021**VIS*CIGNA-VIS-01*ECH~\nDTP*348*D8*{start}~\n\
             HD*001**VIS*CIGNA-VIS-01*FAM~\nDTP*348*D8*{start}~\nDTP*303*D8*20260104~"
        );
        assert!(joined.text.contains(&hds), "{}", joined.text);
    }
    // The cost: linear in rows and days (the old scan: 2 × (R + 1) × K).
    let (_, at_100) = run(100, 100, false);
    let (_, at_400) = run(400, 400, false);
    assert!(at_400 <= 10 * 400, "{at_100} then {at_400} levels");
    assert!(at_400 <= 5 * at_100, "{at_100} then {at_400} levels");
    let (fam, at_400_joined) = run(400, 400, true);
    assert!(at_400_joined <= 10 * 400, "{at_400_joined} levels");
    // FAM for the 401 rows held before and the 399 children added before the spouse.
    assert_eq!(fam.text.matches("HD*001**VIS*CIGNA-VIS-01*FAM~").count(), 800);
}

/// Rows moved from N coverages into one (review 29a): each pair of a
/// current and a previous coverage compared their levels by merging and
/// walking both coverages' breaks, so N one-day rows of the employee and
/// the spouse, each pair in its own coverage before and all in one after,
/// cost N × 2N (8,000 pairs: 6.9 s in wasm). The pairs now cost their
/// shorter timeline; the work grows with N, not N².
#[cfg(debug_assertions)]
#[test]
fn level_changes_of_rows_moved_from_many_coverages_into_one_are_linear() {
    use enroll_engine::model::Date;
    let config = group();
    let base = fixture_json("three-carriers-snapshot.json");
    let employee = base["employee"]["id"].clone();
    let address = base["employee"]["person"]["home_address"].clone();
    let (spouse, child) = (
        "d1000000-0000-4000-8000-000000000001",
        "d1000000-0000-4000-8000-000000000002",
    );
    let day = |n: usize| {
        let first = Date::parse("1980-01-01").unwrap();
        first.plus_days(2 * n as i64).unwrap().to_string()
    };
    let row = |id: &Value, kind: &str, start: &str, end: &str| {
        json!({ "individual_type": kind, "individual_id": id,
                "effective_start_date": start, "effective_end_date": end })
    };
    let person = |name: &str, born: &str| {
        json!({ "first_name": name, "last_name": "Rivera", "date_of_birth": born, "sex": "F",
                "home_address": address, "mailing_address": address })
    };
    let cov = |members: Vec<Value>| {
        json!({ "carrier_id": CIGNA, "line_of_coverage": "vision",
                "plan_id": "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e04", "enrolled_members": members })
    };
    let run = |n: usize| {
        let mut prev = base.clone();
        prev["employee"]["employment"]["employment_dates"]["hire_date"] = json!("1950-01-01");
        prev["events"] = json!([]);
        let mut cur = prev.clone();
        prev["dependents"] =
            json!([{ "id": spouse, "relationship": "spouse", "person": person("X", "1950-01-01") }]);
        let pairs = |k: usize| {
            [
                row(&employee, "employee", &day(k), &day(k)),
                row(&json!(spouse), "dependent", &day(k), &day(k)),
            ]
        };
        prev["coverages"] = (0..n).map(|k| cov(pairs(k).to_vec())).collect();
        cur["dependents"] = json!([
            { "id": spouse, "relationship": "spouse", "person": person("X", "1950-01-01") },
            { "id": child, "relationship": "child", "person": person("Y", "2019-05-09") }
        ]);
        let mut members: Vec<Value> = (0..n).flat_map(pairs).collect();
        members.push(row(&employee, "employee", "2026-06-01", "9999-12-31"));
        members.push(row(&json!(child), "dependent", "2026-06-01", "9999-12-31"));
        cur["coverages"] = json!([cov(members)]);
        let case = json!({ "previous": prev, "current": cur });
        let opts = options(CIGNA, ExportMode::Change, "2026-01-01T12:00:00Z", 1);
        let before = enroll_engine::x12::level_evaluations();
        let e = export_with(&config, &case, &opts);
        (e, enroll_engine::x12::level_evaluations() - before)
    };
    let (small, at_100) = run(100);
    assert_eq!(codes(&small.issues), [], "{}", small.text);
    // The child's addition and the employee's open row: ECH from 2026-06-01.
    assert_eq!(vision_levels(&small.text), ["ECH", "ECH"], "{}", small.text);
    let (_, at_400) = run(400);
    assert!(at_400 <= 5 * at_100, "{at_100} then {at_400} steps");
    assert!(at_400 <= 40 * 400, "{at_400} steps");
}

/// Phone numbers: digits up to an extension, a +1 prefix dropped; letters
/// are their keypad digits and a number longer than PER's 256 characters is
/// cut, each with `edi_value_altered` at the phone.
#[test]
fn phone_numbers_with_letters_or_too_long_are_altered_with_a_warning() {
    let s = scenario("06-send-carrier");
    let cases = [
        (
            "1-800-FLOWERS",
            "8003569377",
            Some("letters written as their keypad digits"),
        ),
        ("+44 20 7946 0958", "442079460958", None),
        ("503-555-0100 ext. 12", "5035550100", None),
        ("(503) 555-0100x12", "5035550100", None),
        ("x123", "", None),
    ];
    for (given, written, reason) in cases {
        let mut case = s.clone();
        case["current"]["employee"]["person"]["contact"] =
            json!({ "home_phone": given, "email_address": "m@example.com" });
        let e = export(&case, ExportMode::Full, 1);
        let per = e.text.lines().find(|l| l.starts_with("PER*")).unwrap();
        let want = if written.is_empty() {
            "PER*IP**EM*m@example.com~".to_owned()
        } else {
            format!("PER*IP**HP*{written}*EM*m@example.com~")
        };
        assert_eq!(per, want, "{given}");
        let reasons: Vec<(&str, &str)> = e
            .issues
            .iter()
            .map(|i| (i.path.as_str(), i.params["reason"].as_str().unwrap()))
            .collect();
        let expected: Vec<(&str, &str)> = reason
            .map(|r| ("/employee/person/contact/home_phone", r))
            .into_iter()
            .collect();
        assert_eq!(reasons, expected, "{given}");
    }
    let mut case = s.clone();
    case["current"]["employee"]["person"]["contact"] = json!({ "home_phone": "9".repeat(300) });
    let e = export(&case, ExportMode::Full, 1);
    let per = e.text.lines().find(|l| l.starts_with("PER*")).unwrap();
    assert_eq!(per, format!("PER*IP**HP*{}~", "9".repeat(256)));
    assert_eq!(e.issues.len(), 1);
    assert_eq!(e.issues[0].code, "edi_value_altered");
    assert_eq!(e.issues[0].params["element"], json!("PER"));
    assert_eq!(
        e.issues[0].params["reason"],
        json!("cut to the element's maximum length")
    );
}

#[test]
fn an_employee_without_ssn_is_identified_by_their_id_with_a_warning() {
    let s = scenario("06-send-carrier");
    let mut case = s.clone();
    let employee = case["current"]["employee"].as_object_mut().unwrap();
    employee["person"].as_object_mut().unwrap().remove("ssn");
    let e = export(&case, ExportMode::Full, 1);
    assert_eq!(
        codes(&e.issues),
        [("edi_subscriber_id_fallback", "/employee/person")]
    );
    assert_eq!(
        e.issues[0].message,
        "The employee has no SSN: REF*0F carries their custom_individual_id instead."
    );
    assert!(
        e.text.contains("INS*Y*18*030*XN*A***FT~\nREF*0F*EMP-1001~"),
        "{}",
        e.text
    );
    assert!(e.text.contains("NM1*IL*1*RIVERA*MARIA~"));
    assert_eq!(
        segments(&e.text)
            .iter()
            .filter(|s| s[..2] == ["REF", "0F"] && s[2] == "EMP-1001")
            .count(),
        3
    );
}

#[test]
fn the_options_sender_and_receiver_replace_the_configured_ones() {
    let s = scenario("06-send-carrier");
    let mut opts = options(CIGNA, ExportMode::Full, "2026-11-12T18:30:00Z", 999_999_999);
    opts.sender = Some(Party {
        qualifier: "30".into(),
        id: "123456789".into(),
    });
    opts.receiver = Some(Party {
        qualifier: "ZZ".into(),
        id: "CIGNA-EDI-PROD".into(),
    });
    let e = export_with(&group(), &s, &opts);
    assert!(e.text.starts_with(
        "ISA*00*          *00*          *30*123456789      *ZZ*CIGNA-EDI-PROD *261112*1830*^*00501*999999999*0*T*:~\n"
    ));
    assert_envelope(&e.text, 999_999_999);
}

#[test]
fn a_census_is_one_transaction_set_of_every_familys_loops() {
    let engine = Engine::from_config_value(&group()).unwrap();
    let (a, b) = (scenario("06-send-carrier"), scenario("01-new-hire"));
    let prev = engine.prepare(a["previous"].to_string().as_str());
    let (cur_a, cur_b) = (a["current"].to_string(), b["current"].to_string());
    let families = [
        (Some(&prev), enroll_engine::read::Source::Text(&cur_a)),
        (None, enroll_engine::read::Source::Text(&cur_b)),
    ];
    let opts = options(CIGNA, ExportMode::Full, "2026-11-12T18:30:00Z", 5);
    let e = engine
        .export834_census(&families, &opts, |k| format!("#{k}"))
        .unwrap();
    assert_envelope(&e.text, 5);
    let segs = segments(&e.text);
    assert_eq!(segs.iter().filter(|s| s[0] == "ST").count(), 1);
    assert_eq!(segs.iter().filter(|s| s[0] == "INS").count(), 5);
}

/// Every span is inside the text: a member's starts at its INS, a
/// coverage's at its HD, within its member's; members do not overlap.
fn assert_spans_inside(e: &Export834) {
    let lines: Vec<&str> = e.text.lines().collect();
    assert_eq!(e.segments, lines.len());
    let mut after = 0;
    for m in &e.loops {
        assert!(
            m.first_line > after && m.first_line <= m.last_line && m.last_line <= lines.len(),
            "{m:?}"
        );
        assert!(lines[m.first_line - 1].starts_with("INS*"), "{m:?}");
        // The member's loops end where the next INS (or SE) begins.
        let next = lines.get(m.last_line).copied().unwrap_or_default();
        assert!(
            next.starts_with("INS*") || next.starts_with("SE*") || next.is_empty(),
            "{next}"
        );
        for c in &m.coverages {
            assert!(c.first_line > m.first_line && c.last_line <= m.last_line, "{c:?}");
            assert!(lines[c.first_line - 1].starts_with("HD*"), "{c:?}");
        }
        after = m.last_line;
    }
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("INS*")).count(),
        e.loops.len(),
        "one span per INS"
    );
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("HD*")).count(),
        e.loops.iter().map(|m| m.coverages.len()).sum::<usize>(),
        "one span per HD"
    );
}

#[test]
fn spans_map_each_difference_of_the_carrier_to_its_member_or_hd_lines() {
    let s = scenario("06-send-carrier");
    let e = export(&s, ExportMode::Change, 2);
    assert_spans_inside(&e);
    let engine = Engine::from_config_value(&group()).unwrap();
    let now = Timestamp::parse(s["now"].as_str().unwrap()).unwrap();
    let preview = engine.preview_str(
        Some(&s["previous"].to_string()),
        &s["current"].to_string(),
        &enroll_engine::preview::PreviewOptions { now },
    );
    let mine: Vec<_> = preview
        .differences
        .iter()
        .filter(|d| d.carrier_id == CIGNA)
        .collect();
    assert!(!mine.is_empty());
    let lines: Vec<&str> = e.text.lines().collect();
    for d in &mine {
        let members: Vec<_> = e
            .loops
            .iter()
            .filter(|m| m.difference_ids.contains(&d.id))
            .collect();
        let hds: Vec<_> = e
            .loops
            .iter()
            .flat_map(|m| m.coverages.iter().map(move |c| (m, c)))
            .filter(|(_, c)| c.difference_ids.contains(&d.id))
            .collect();
        assert_eq!(members.len() + hds.len(), 1, "{} in exactly one span", d.id);
        let member = members.first().copied().or(hds.first().map(|(m, _)| *m)).unwrap();
        assert_eq!(member.individual_reference, d.individual.reference);
        match d.object_type {
            enroll_engine::diff::ObjectType::IndividualEnrollment => {
                let (_, c) = hds[0];
                assert!(lines[c.first_line - 1].starts_with("HD*"));
                assert_eq!(c.line_of_coverage, d.line_of_coverage);
            }
            _ => assert!(lines[member.first_line - 1].starts_with("INS*")),
        }
    }
    // Maria's volume (her life HD, line 18) and Luis's vision (line 34);
    // Maria's and Sofia's vision level changes (lines 21, 45) send no
    // difference of their own.
    let hd_lines: Vec<(usize, usize)> = e
        .loops
        .iter()
        .flat_map(|m| m.coverages.iter().map(|c| (c.first_line, c.last_line)))
        .collect();
    assert_eq!(hd_lines, [(18, 20), (21, 23), (34, 35), (45, 47)]);
    assert_eq!(
        e.loops
            .iter()
            .map(|m| (m.first_line, m.last_line))
            .collect::<Vec<_>>(),
        [(8, 23), (24, 35), (36, 47)]
    );
    // No SSN or name in the spans.
    let spans = serde_json::to_string(&e.loops).unwrap();
    for secret in ["536221234", "536221235", "RIVERA", "Rivera", "Maria"] {
        assert!(!spans.contains(secret), "{spans}");
    }
}

#[test]
fn spans_of_full_files_and_censuses_carry_the_acknowledgements_references() {
    for name in ["01-new-hire", "04-termination", "06-send-carrier"] {
        let s = scenario(name);
        for mode in [ExportMode::Change, ExportMode::Full] {
            let e = export(&s, mode, 1);
            if e.text.is_empty() {
                continue;
            }
            assert_spans_inside(&e);
            assert!(e.loops.iter().all(|m| m.individual_reference.starts_with("P-")));
        }
    }
    let engine = Engine::from_config_value(&group()).unwrap();
    let (a, b) = (scenario("06-send-carrier"), scenario("01-new-hire"));
    let prev = engine.prepare(a["previous"].to_string().as_str());
    let (cur_a, cur_b) = (a["current"].to_string(), b["current"].to_string());
    let families = [
        (Some(&prev), enroll_engine::read::Source::Text(&cur_a)),
        (None, enroll_engine::read::Source::Text(&cur_b)),
    ];
    let opts = options(CIGNA, ExportMode::Full, "2026-11-12T18:30:00Z", 5);
    let e = engine
        .export834_census(&families, &opts, |k| format!("#{k}"))
        .unwrap();
    assert_spans_inside(&e);
    let families_of: Vec<usize> = e.loops.iter().map(|m| m.family).collect();
    assert_eq!(families_of, [0, 0, 0, 1, 1]);
}

#[test]
fn the_envelope_around_member_parts_is_the_census_file() {
    let engine = Engine::from_config_value(&group()).unwrap();
    let (a, b) = (scenario("06-send-carrier"), scenario("01-new-hire"));
    let prev = engine.prepare(a["previous"].to_string().as_str());
    let (cur_a, cur_b) = (a["current"].to_string(), b["current"].to_string());
    for mode in [ExportMode::Change, ExportMode::Full] {
        let opts = options(CIGNA, mode, "2026-11-12T18:30:00Z", 7);
        let families = [
            (Some(&prev), enroll_engine::read::Source::Text(&cur_a)),
            (None, enroll_engine::read::Source::Text(&cur_b)),
        ];
        let census = engine
            .export834_census(&families, &opts, |_| String::new())
            .unwrap();
        let members_opts = ExportOptions {
            part: ExportPart::Members,
            ..opts.clone()
        };
        let one = engine
            .export834_prepared(Some(&prev), cur_a.as_str(), &members_opts)
            .unwrap();
        let two = engine
            .export834_prepared(None, cur_b.as_str(), &members_opts)
            .unwrap();
        assert!(one.text.starts_with("INS*") && !one.text.contains("SE*"));
        assert_eq!(one.segments, one.text.lines().count());
        let env = engine
            .export834_envelope(&opts, one.segments + two.segments)
            .unwrap();
        assert!(env.issues.is_empty());
        assert_eq!(
            format!("{}{}{}{}", env.header, one.text, two.text, env.trailer),
            census.text
        );
        let mut issues = one.issues.clone();
        issues.extend(two.issues.clone());
        assert_eq!(issues, census.issues);
    }
    // Nothing to send: a members part is empty without edi_nothing_to_send.
    let same = json!({ "previous": a["current"], "current": a["current"] });
    let opts = ExportOptions {
        part: ExportPart::Members,
        ..options(CIGNA, ExportMode::Change, "2026-11-12T18:30:00Z", 1)
    };
    let cur = same["current"].to_string();
    let e = engine.export834_str(Some(&cur), &cur, &opts).unwrap();
    assert_eq!((e.text.as_str(), e.segments, e.issues.len()), ("", 0, 0));
    // A Sync carrier has no envelope.
    let env = engine
        .export834_envelope(&options(BEAM, ExportMode::Change, "2026-11-12T18:30:00Z", 1), 3)
        .unwrap();
    assert_eq!((env.header.as_str(), env.trailer.as_str()), ("", ""));
    assert_eq!(codes(&env.issues), [("edi_not_send_carrier", "")]);
    // The api: part is checked, segments must be a whole number.
    let o = json!({ "carrier_id": CIGNA, "created": "2026-11-12T18:30:00Z", "control_number": 1, "part": "body" });
    let bad = api::export834_census(&engine, text("[]"), opts_json(o)).unwrap_err();
    assert_eq!(bad.code, ErrorCode::InvalidOptions);
    let o = json!({ "carrier_id": CIGNA, "created": "2026-11-12T18:30:00Z", "control_number": 1 });
    for n in [
        None,
        Some(-1.0),
        Some(1.5),
        Some(f64::NAN),
        Some(1e12),
        Some(4_294_967_296.0),
        Some(4_000_000_001.0),
    ] {
        let bad = api::export834_envelope(&engine, opts_json(o.clone()), n).unwrap_err();
        assert_eq!(bad.code, ErrorCode::InvalidArgument, "{n:?}");
    }
    // ST, BGN, REF*38, two N1s, 13 member segments, SE.
    let env = api::export834_envelope(&engine, opts_json(o), Some(13.0)).unwrap();
    assert!(env.trailer.starts_with("SE*19*0001~\n"), "{}", env.trailer);
}

fn opts_json(v: Value) -> enroll_engine::api::Arg<Option<enroll_engine::api::Text>> {
    opts(v)
}

// ---- the JS contract (api::x12) ------------------------------------------------

fn text(s: &str) -> enroll_engine::api::Arg<enroll_engine::api::Text> {
    Ok(Measured::Fits(s.to_owned()))
}

fn opts(v: Value) -> enroll_engine::api::Arg<Option<enroll_engine::api::Text>> {
    Ok(Some(Measured::Fits(v.to_string())))
}

#[test]
fn api_options_are_checked_before_the_documents() {
    let e = Engine::from_config_value(&group()).unwrap();
    let s = scenario("06-send-carrier");
    let cur = s["current"].to_string();
    let ok = json!({ "carrier_id": CIGNA, "created": "2026-11-12T18:30:00Z", "control_number": 2 });
    let r = api::export834(&e, opts(s["previous"].clone()), text(&cur), opts(ok.clone())).unwrap();
    let golden_change = export(&s, ExportMode::Change, 2);
    assert_eq!(r, golden_change, "mode defaults to change");
    let refused = |o: Value| {
        let err = api::export834(
            &e,
            Ok(None),
            Err(enroll_engine::api::input::undefined("current")),
            opts(o),
        )
        .unwrap_err();
        (err.code, err.message)
    };
    let with = |k: &str, v: Value| {
        let mut o = ok.clone();
        o[k] = v;
        o
    };
    let control = "control_number must be a positive integer of at most nine digits (ISA13, GS06)";
    assert_eq!(
        refused(with("control_number", json!(0))),
        (ErrorCode::InvalidOptions, control.into())
    );
    assert_eq!(
        refused(with("control_number", json!(1_000_000_000u64))),
        (ErrorCode::InvalidOptions, control.into())
    );
    assert_eq!(
        refused(with("control_number", json!(1.5))),
        (ErrorCode::InvalidOptions, control.into())
    );
    assert_eq!(
        refused(with("mode", json!("audit"))),
        (
            ErrorCode::InvalidOptions,
            "mode must be \"change\" or \"full\"".into()
        )
    );
    assert_eq!(
        refused(with("created", json!("2026-11-12"))),
        (
            ErrorCode::InvalidOptions,
            "created must be an RFC 3339 timestamp like 2026-11-12T18:30:00Z".into()
        )
    );
    let party = "sender must be { qualifier, id }: a qualifier of 01, 14, 20, 27, 28, 29, 30, 33, ZZ and an id of 1 to 15 characters X12 can carry, not only spaces";
    assert_eq!(
        refused(with("sender", json!({ "qualifier": "ZZ", "id": "A*B" }))),
        (ErrorCode::InvalidOptions, party.into())
    );
    assert_eq!(
        refused(with("sender", json!({ "qualifier": "ZZ", "id": "   " }))),
        (ErrorCode::InvalidOptions, party.into())
    );
    assert_eq!(
        refused(with("sender", json!({ "qualifier": "XX", "id": "AB" }))),
        (ErrorCode::InvalidOptions, party.into())
    );
    assert_eq!(
        refused(with(
            "sender",
            json!({ "qualifier": "ZZ", "id": "SIXTEEN-CHARS-XX" })
        )),
        (ErrorCode::InvalidOptions, party.into())
    );
    assert_eq!(
        refused(with("carrier_id", json!(""))).0,
        ErrorCode::InvalidOptions
    );
    assert_eq!(
        refused(json!({ "carrier_id": CIGNA, "now": "x" })).1,
        "unknown option \"now\"; the options are carrier_id, created, control_number, mode, sender, receiver, part"
    );
    // Good options, then the missing document.
    assert_eq!(refused(ok).0, ErrorCode::InvalidArgument);
}

/// At most 10,000 families a call (review 23a: 99,999 of
/// `{"previous":"{}","current":"{}"}`, 3 MiB, took 1.7-3.7 s in wasm).
#[test]
fn api_census_takes_at_most_ten_thousand_families() {
    let e = Engine::from_config_value(&group()).unwrap();
    let o = json!({ "carrier_id": CIGNA, "created": "2026-11-12T18:30:00Z", "control_number": 5 });
    let families = |n: usize| format!("[{}]", vec![r#"{"previous":"{}","current":"{}"}"#; n].join(","));
    let r = api::export834_census(&e, text(&families(10_000)), opts(o.clone())).unwrap();
    assert_eq!(r.issues.len(), 1000);
    assert_eq!(r.text, "");
    let err = api::export834_census(&e, text(&families(10_001)), opts(o)).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidArgument);
    assert_eq!(
        err.message,
        "families: at most 10,000 per call; split the census (the command line streams it)"
    );
}

#[test]
fn api_census_takes_an_array_of_families() {
    let e = Engine::from_config_value(&group()).unwrap();
    let (a, b) = (scenario("06-send-carrier"), scenario("01-new-hire"));
    let families =
        json!([{ "previous": a["previous"], "current": a["current"] }, { "current": b["current"] }]);
    let o = json!({ "carrier_id": CIGNA, "created": "2026-11-12T18:30:00Z", "control_number": 5, "mode": "full" });
    let r = api::export834_census(&e, text(&families.to_string()), opts(o.clone())).unwrap();
    assert_eq!(segments(&r.text).iter().filter(|s| s[0] == "INS").count(), 5);
    let mut broken = b["current"].clone();
    broken["coverages"][2]["plan_id"] = json!("7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e99");
    let families = json!([{ "current": broken }, { "current": a["current"] }]);
    let r = api::export834_census(&e, text(&families.to_string()), opts(o.clone())).unwrap();
    // The blocked family is left out, its issues under /0/current.
    assert_eq!(
        codes(&r.issues),
        [
            ("plan_not_found", "/0/current/coverages/2/plan_id"),
            ("edi_carrier_blocked", "/0/current")
        ]
    );
    assert_eq!(segments(&r.text).iter().filter(|s| s[0] == "INS").count(), 3);
    let bad = api::export834_census(&e, text("[{\"previous\": null}]"), opts(o)).unwrap_err();
    assert_eq!(
        (bad.code, bad.message.as_str()),
        (
            ErrorCode::InvalidArgument,
            "families must be an array of { previous?: snapshot | null, current: snapshot }"
        )
    );
}

// ---- the configuration --------------------------------------------------------

#[test]
fn the_x12_block_is_checked_with_the_configuration() {
    let mut g = group();
    let x12 = &mut g["carriers"][2]["x12"];
    x12["sender"]["id"] = json!("SIXTEEN-CHARS-XX");
    x12["receiver"]["qualifier"] = json!("XX");
    x12["application_sender"] = json!("É");
    x12["payer"]["id"] = json!("06*0303370");
    g["plans"][4]["x12"]
        .as_object_mut()
        .unwrap()
        .remove("insurance_line_code");
    g["plans"][3]["x12"]["coverage_levels"] = json!({ "family": "FAMILY" });
    g["carriers"][0]["x12"] = g["carriers"][2]["x12"].clone();
    let (_, check) = check_config_str(g.to_string().as_str(), usize::MAX);
    let found: Vec<(&str, &str)> = check
        .issues
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    assert!(!check.valid);
    assert_eq!(
        found,
        [
            ("edi_value_invalid", "/carriers/0/x12/sender/id"),
            ("unknown_enum_value", "/carriers/0/x12/receiver/qualifier"),
            ("edi_value_invalid", "/carriers/0/x12/application_sender"),
            ("edi_value_invalid", "/carriers/0/x12/payer/id"),
            ("edi_value_invalid", "/carriers/2/x12/sender/id"),
            ("unknown_enum_value", "/carriers/2/x12/receiver/qualifier"),
            ("edi_value_invalid", "/carriers/2/x12/application_sender"),
            ("edi_value_invalid", "/carriers/2/x12/payer/id"),
            ("unknown_enum_value", "/plans/3/x12/coverage_levels/family"),
            ("edi_config_on_sync_carrier", "/carriers/0/x12"),
            ("edi_line_code_required", "/plans/4"),
        ]
    );
    let messages: Vec<&str> = check.issues.iter().map(|i| i.message.as_str()).collect();
    assert_eq!(
        messages[4],
        "id cannot be written into an X12 834: it must be 1 to 15 characters long, not 16."
    );
    assert_eq!(
        messages[6],
        "application_sender cannot be written into an X12 834: it must be 2 to 15 characters long, not 1."
    );
    assert_eq!(
        messages[7],
        "id cannot be written into an X12 834: it holds a character X12 cannot carry (non-ASCII, a control character, or ~ * : ^ `)."
    );
    assert_eq!(
        messages[9],
        "Carrier Beam is a Sync carrier: its x12 block is not used."
    );
    assert_eq!(
        messages[10],
        "Plan Cigna Basic Life is a life plan of carrier Cigna, whose 834 files need x12.insurance_line_code: X12 has no code for this line."
    );
    let (_, fixture) = check_config_str(fixture("three-carriers-group.json").as_str(), usize::MAX);
    assert!(fixture.valid && fixture.issues.is_empty(), "{:?}", fixture.issues);
}

/// Review 28e: a carrier's plans must differ in their HDs. Two vision plans
/// without a plan code (a plan change between them would be written as the
/// old plan's HD, and read back as no plan), and a plan code given twice
/// (read back as the first plan), are configuration errors.
#[test]
fn plans_a_carriers_hds_cannot_tell_apart_are_configuration_errors() {
    let mut g = group();
    g["plans"][3].as_object_mut().unwrap().remove("x12");
    let mut plus = g["plans"][3].clone();
    plus["id"] = json!("7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e06");
    plus["name"] = json!("Cigna Vision Plus");
    let mut extra = plus.clone();
    extra["id"] = json!("7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e07");
    extra["name"] = json!("Cigna Vision Extra");
    extra["x12"] = json!({ "plan_code": "CIGNA-LIFE-01" });
    g["plans"].as_array_mut().unwrap().extend([plus, extra]);
    let (_, check) = check_config_str(g.to_string().as_str(), usize::MAX);
    let found: Vec<(&str, &str, &str)> = check
        .issues
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str(), i.message.as_str()))
        .collect();
    assert!(!check.valid);
    assert_eq!(
        found,
        [
            (
                "edi_plan_code_duplicate",
                "/plans/6/x12/plan_code",
                "Plan Cigna Vision Extra of carrier Cigna has the same x12.plan_code as plan Cigna Basic Life: the carrier's 834 files could not say which of them a coverage is."
            ),
            (
                "edi_plan_code_required",
                "/plans/3",
                "Plan Cigna Vision of carrier Cigna has no x12.plan_code, and plan Cigna Vision Plus has the same insurance line code VIS: the carrier's 834 files could not say which of them a coverage is."
            ),
            (
                "edi_plan_code_required",
                "/plans/5",
                "Plan Cigna Vision Plus of carrier Cigna has no x12.plan_code, and plan Cigna Vision has the same insurance line code VIS: the carrier's 834 files could not say which of them a coverage is."
            ),
        ]
    );
    // Refused like every configuration error: no engine, no 834.
    assert!(Engine::from_config_value(&g).is_err());
    // One plan code given is not enough: the other plan's HD still has no HD04.
    g["plans"][3]["x12"] = json!({ "plan_code": "CIGNA-VIS-01" });
    g["plans"][6]["x12"] = json!({ "plan_code": "CIGNA-VIS-03" });
    let (_, check) = check_config_str(g.to_string().as_str(), usize::MAX);
    let found: Vec<(&str, &str)> = check
        .issues
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    assert_eq!(found, [("edi_plan_code_required", "/plans/5")]);
    // Every plan of the shared line code with its own code: accepted.
    g["plans"][5]["x12"] = json!({ "plan_code": "CIGNA-VIS-02" });
    let (_, check) = check_config_str(g.to_string().as_str(), usize::MAX);
    assert!(check.valid && check.issues.is_empty(), "{:?}", check.issues);
}

/// Dumps every scenario's files for a manual pyx12 run:
/// `X12_DUMP=DIR cargo test --test x12 dump` (tests/js/x12.test.mjs runs pyx12 in `make test`).
#[test]
fn dump_scenario_files() {
    let Ok(dir) = std::env::var("X12_DUMP") else {
        return;
    };
    for entry in
        std::fs::read_dir(format!("{}/tests/fixtures/scenarios", env!("CARGO_MANIFEST_DIR"))).unwrap()
    {
        let name = entry
            .unwrap()
            .file_name()
            .to_string_lossy()
            .trim_end_matches(".json")
            .to_owned();
        let s = scenario(&name);
        for (mode, m) in [(ExportMode::Change, "change"), (ExportMode::Full, "full")] {
            let e = export(&s, mode, 7);
            if !e.text.is_empty() {
                std::fs::write(format!("{dir}/{name}-{m}.834"), e.text).unwrap();
            }
        }
    }
}

// ---- reading an 834 back (parse834) ---------------------------------------------

/// People and in-force enrollments at `carrier` as comparable rows: what
/// an 834 carries of a snapshot (names upper case, as written).
fn carried(doc: &Value, carrier: &str, today: &str) -> (Vec<String>, Vec<String>) {
    let id = |p: &Value| {
        p["custom_individual_id"]
            .as_str()
            .or(p["id"].as_str())
            .unwrap_or("")
            .to_owned()
    };
    let person = |p: &Value, rel: &str| {
        let q = &p["person"];
        let s = |k: &str| q[k].as_str().unwrap_or("").to_uppercase();
        format!(
            "{} {rel} {} {} {} {} {} {}",
            id(p),
            s("first_name"),
            s("last_name"),
            s("date_of_birth"),
            s("sex"),
            s("ssn"),
            s("marital_status")
        )
    };
    let mut people = vec![person(&doc["employee"], "employee")];
    // Either id of a person names them; rows use the custom id, else the id.
    let mut canonical: std::collections::BTreeMap<String, String> = Default::default();
    let mut add = |p: &Value| {
        for k in ["id", "custom_individual_id"] {
            if let Some(v) = p[k].as_str() {
                canonical.insert(v.to_owned(), id(p));
            }
        }
    };
    add(&doc["employee"]);
    for d in doc["dependents"].as_array().into_iter().flatten() {
        add(d);
        people.push(person(d, d["relationship"].as_str().unwrap_or("")));
    }
    let mut enrollments = Vec::new();
    let mut enrolled: std::collections::BTreeSet<String> = Default::default();
    for c in doc["coverages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["carrier_id"] == carrier)
    {
        for m in c["enrolled_members"].as_array().into_iter().flatten() {
            let (start, end) = (
                m["effective_start_date"].as_str().unwrap_or(""),
                m["effective_end_date"].as_str().unwrap_or(""),
            );
            let waived = start > end;
            if waived || end < today {
                continue;
            }
            let given = m["individual_id"]
                .as_str()
                .or(m["custom_individual_id"].as_str())
                .unwrap_or("");
            let who = canonical.get(given).cloned().unwrap_or_default();
            enrolled.insert(who.clone());
            enrollments.push(format!(
                "{who} {} {} {start} {end} {}",
                c["line_of_coverage"], c["plan_id"], m["volume"]
            ));
        }
    }
    people.retain(|p| enrolled.iter().any(|e| p.starts_with(&format!("{e} "))));
    people.sort();
    enrollments.sort();
    (people, enrollments)
}

#[test]
fn parse834_gives_back_the_members_and_enrollments_of_a_full_file() {
    let engine = Engine::from_config_value(&group()).unwrap();
    for name in [
        "01-new-hire",
        "02-dependent-added",
        "03-address-move",
        "04-termination",
        "06-send-carrier",
    ] {
        let s = scenario(name);
        let now = s["now"].as_str().unwrap();
        let e = export(&s, ExportMode::Full, 1);
        let parsed = engine.parse834(e.text.as_str(), CIGNA).unwrap();
        assert_eq!(codes(&parsed.issues), [], "{name}");
        assert_eq!(parsed.reports.len(), 1);
        let report = &parsed.report_values()[0];
        assert_eq!(
            carried(report, CIGNA, &now[..10]),
            carried(&s["current"], CIGNA, &now[..10]),
            "{name}"
        );
        // The report is a snapshot the engine reads without a structural
        // error, but for what no 834 carries (Noyo requires hours_worked).
        let check = engine.validate_str(report.to_string().as_str(), &Default::default());
        let structural: Vec<&str> = check
            .issues
            .iter()
            .filter(|i| is_structural(&i.code) && i.path != "/employee/employment/hours_worked")
            .map(|i| i.code.as_str())
            .collect();
        assert_eq!(
            structural,
            Vec::<&str>::new(),
            "{name}: {:?}",
            codes(&check.issues)
        );
    }
    let s = scenario("06-send-carrier");
    let report = &engine
        .parse834(export(&s, ExportMode::Full, 1).text.as_str(), CIGNA)
        .unwrap()
        .report_values()[0];
    assert_eq!(
        report["employee"]["person"]["home_address"],
        json!({ "street_one": "42 JUNIPER WAY", "city": "PORTLAND", "state": "OR", "zip_code": "97201" })
    );
    assert_eq!(
        report["employee"]["employment"],
        json!({ "employment_status": "full-time", "employment_dates": { "hire_date": "2025-11-03" } })
    );
    assert_eq!(
        report["coverages"][1]["enrolled_members"][0]["volume"],
        json!(200000)
    );
}

/// A change file's coverage level change is an HD `001` of the row's own
/// plan and DTP*348 (with DTP*303): read back, it is the enrollment it
/// changes, not a second one (each HD was an enrolled member until then).
#[test]
fn parse834_reads_a_level_change_as_the_enrollment_it_changes() {
    let family = fixture_json("three-carriers-snapshot.json");
    let mut current = family.clone();
    let members = current["coverages"][2]["enrolled_members"]
        .as_array_mut()
        .unwrap();
    // Sofia (ECH) ends 06-30 and Luis joins 08-01: the employee's vision
    // is EMP from 07-01, ESP from 08-01 — three HDs of one row.
    members[1]["effective_end_date"] = json!("2026-06-30");
    members.push(json!({ "individual_type": "dependent",
        "individual_id": "e1000000-0000-4000-8000-000000000002",
        "effective_start_date": "2026-08-01", "effective_end_date": "9999-12-31" }));
    let case = json!({ "previous": family, "current": current });
    let opts = options(CIGNA, ExportMode::Change, "2026-06-10T12:00:00Z", 1);
    let e = export_with(&group(), &case, &opts);
    assert_eq!(e.text.matches("HD*001**VIS*").count(), 2, "{}", e.text);
    let engine = Engine::from_config_value(&group()).unwrap();
    let parsed = engine.parse834(e.text.as_str(), CIGNA).unwrap();
    assert_eq!(codes(&parsed.issues), []);
    let report = &parsed.report_values()[0];
    let rows: Vec<(&str, &str, &str)> = report["coverages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["line_of_coverage"] == "vision")
        .flat_map(|c| c["enrolled_members"].as_array().unwrap())
        .map(|m| {
            let who = m["individual_id"].as_str().or(m["custom_individual_id"].as_str());
            let dates = (
                m["effective_start_date"].as_str(),
                m["effective_end_date"].as_str(),
            );
            (who.unwrap(), dates.0.unwrap(), dates.1.unwrap())
        })
        .collect();
    // REF*23 carries the custom ids (Luis DEP-2001, Sofia DEP-2002).
    assert_eq!(
        rows,
        [
            ("EMP-1001", "2026-01-01", "9999-12-31"),
            ("DEP-2001", "2026-08-01", "9999-12-31"),
            ("DEP-2002", "2026-01-01", "2026-06-30"),
        ]
    );
}

#[test]
fn parse834_reports_malformed_files_at_their_segment() {
    let engine = Engine::from_config_value(&group()).unwrap();
    let good = export(&scenario("06-send-carrier"), ExportMode::Full, 3).text;
    let issues = |text: &str| -> Vec<(String, Value)> {
        engine
            .parse834(text, CIGNA)
            .unwrap()
            .issues
            .iter()
            .map(|i| {
                (
                    i.code.clone(),
                    json!([
                        i.params.get("segment"),
                        i.params.get("element"),
                        i.params.get("line")
                    ]),
                )
            })
            .collect()
    };
    assert_eq!(
        issues("INS*Y*18~"),
        [("edi_not_an_interchange".to_owned(), json!(["ISA", null, 1]))]
    );
    assert_eq!(
        issues(&good.replace("SE*43*0001", "SE*40*0001")),
        [("edi_envelope_mismatch".to_owned(), json!(["SE", "SE01", 45]))]
    );
    assert_eq!(
        issues(&good.replace("GE*1*3~", "GE*1*000000003~")),
        [("edi_envelope_mismatch".to_owned(), json!(["GE", "GE02", 46]))]
    );
    // Counts are N0 numbers: leading zeros are no mismatch (pyx12 agrees);
    // control numbers (GE02 above) are compared as text.
    let zeros = good
        .replace("SE*43*0001", "SE*043*0001")
        .replace("GE*1*3~", "GE*01*3~")
        .replace("IEA*1*", "IEA*00001*");
    assert_eq!(issues(&zeros), []);
    assert_eq!(
        issues(&good.replace("IEA*1*", "IEA*000001*")),
        [("edi_envelope_mismatch".to_owned(), json!(["IEA", "IEA01", 47]))]
    );
    // A segment the header has no place for; SE01 counts it, so no mismatch.
    let early = good
        .replace("N1*IN*", "HD*030**VIS~\nN1*IN*")
        .replace("SE*43*0001", "SE*44*0001");
    assert_eq!(
        issues(&early),
        [("edi_segment_unexpected".to_owned(), json!(["HD", null, 7]))]
    );
    let cut: String = good.lines().take(20).map(|l| format!("{l}\n")).collect();
    assert_eq!(
        issues(&cut),
        [
            ("edi_trailer_missing".to_owned(), json!(["ST", null, 3])),
            ("edi_trailer_missing".to_owned(), json!(["GS", null, 2])),
            ("edi_trailer_missing".to_owned(), json!(["ISA", null, 1])),
            // The file ends on the life HD, its DTP*348 cut off.
            ("edi_segment_missing".to_owned(), json!(["HD", null, 20])),
        ]
    );
    let bad = good
        .replace("DMG*D8*19840314*F*M~", "DMG*D8*19840230*F*R~")
        .replace("HD*030**VIS*CIGNA-VIS-01", "HD*030**DEN*NOPE")
        .replace("INS*N*01*", "INS*N*23*");
    assert_eq!(
        issues(&bad),
        [
            ("edi_element_invalid".to_owned(), json!(["DMG", "DMG02", 17])),
            ("edi_code_unmapped".to_owned(), json!(["DMG", "DMG04", 17])),
            // HD04 NOPE is no plan of Cigna's (and DEN no line of it).
            ("edi_plan_code_unknown".to_owned(), json!(["HD", "HD04", 18])),
            ("edi_code_unmapped".to_owned(), json!(["INS", "INS02", 23])),
            ("edi_plan_code_unknown".to_owned(), json!(["HD", "HD04", 32])),
            ("edi_plan_code_unknown".to_owned(), json!(["HD", "HD04", 43])),
        ]
    );
    let parsed = engine.parse834(bad.as_str(), CIGNA).unwrap();
    assert_eq!(
        parsed.report_values()[0]["dependents"][0]["relationship"],
        "other"
    );
    let shown = serde_json::to_string(&parsed.issues).unwrap();
    assert!(!shown.contains("536221234"), "{shown}");
    let unknown = engine
        .parse834(good.as_str(), BEAM.replace("01", "99").as_str())
        .unwrap_err();
    assert_eq!(unknown.code, ErrorCode::InvalidOptions);
}

/// Review 28e: the engine's own full file with one segment lost, or a code
/// no snapshot value stands for. Two people or two coverages are never read
/// as one, a loop missing what the report needs says so, each at its segment.
#[test]
fn parse834_reports_a_lost_segment_rather_than_mixing_people() {
    let engine = Engine::from_config_value(&group()).unwrap();
    let good = export(&scenario("06-send-carrier"), ExportMode::Full, 3).text;
    // The file without `line` (the whole segment), SE01 counting one less.
    let without = |line: &str| {
        let at = good.find(&format!("\n{line}~\n")).unwrap();
        let mut text = good.clone();
        text.replace_range(at + 1..at + line.len() + 3, "");
        text.replace("SE*43*0001", "SE*42*0001")
    };
    let read = |text: &str| {
        let parsed = engine.parse834(text, CIGNA).unwrap();
        let issues: Vec<Value> = parsed
            .issues
            .iter()
            .map(|i| {
                let p = json!(i.params);
                json!([
                    i.code,
                    p["segment"],
                    p["position"],
                    p["line"],
                    p["element"],
                    p["missing"],
                    p["lost"],
                    p["code"]
                ])
            })
            .collect();
        (issues, parsed.report_values())
    };
    let vision = |report: &Value| -> Vec<Value> {
        report["coverages"][0]["enrolled_members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                json!([
                    m["custom_individual_id"],
                    m["effective_start_date"],
                    m["effective_end_date"],
                    m["volume"]
                ])
            })
            .collect()
    };

    // The spouse's INS lost: their REF*0F is a second one in the
    // employee's loop; the rest of it (REF*23, NM1, DMG, HD) is skipped.
    let (issues, reports) = read(&without("INS*N*01*030*XN*A"));
    assert_eq!(
        issues,
        [json!([
            "edi_segment_repeated",
            "REF",
            21,
            23,
            null,
            null,
            "INS",
            null
        ])]
    );
    assert_eq!(reports.len(), 1);
    let employee = &reports[0]["employee"];
    assert_eq!(employee["custom_individual_id"], "EMP-1001");
    let person = &employee["person"];
    assert_eq!(
        [
            &person["first_name"],
            &person["date_of_birth"],
            &person["sex"],
            &person["ssn"]
        ],
        [
            &json!("MARIA"),
            &json!("1984-03-14"),
            &json!("F"),
            &json!("536221234")
        ]
    );
    assert_eq!(reports[0]["dependents"].as_array().unwrap().len(), 1);
    assert_eq!(reports[0]["dependents"][0]["person"]["first_name"], "SOFIA");
    assert_eq!(
        vision(&reports[0]),
        [
            json!(["EMP-1001", "2026-01-01", "9999-12-31", null]),
            json!(["DEP-2002", "2026-01-01", "9999-12-31", null])
        ]
    );

    // The subscriber's REF*0F lost: the loop cannot be put in its family.
    let (issues, reports) = read(&without("REF*0F*536221234"));
    assert_eq!(
        issues,
        [json!([
            "edi_segment_missing",
            "INS",
            6,
            8,
            null,
            "REF*0F",
            null,
            null
        ])]
    );
    assert_eq!(reports.len(), 2);
    // The subscriber's name lost.
    let (issues, reports) = read(&without("NM1*IL*1*RIVERA*MARIA****34*536221234"));
    assert_eq!(
        issues,
        [json!([
            "edi_segment_missing",
            "INS",
            6,
            8,
            null,
            "NM1*IL",
            null,
            null
        ])]
    );
    assert_eq!(reports[0]["employee"]["person"]["last_name"], Value::Null);

    // The life HD lost: its DTP*348 is a second one in the vision HD loop;
    // it and its AMT are not read into the vision coverage.
    let (issues, reports) = read(&without("HD*030**AG*CIGNA-LIFE-01*EMP"));
    assert_eq!(
        issues,
        [json!([
            "edi_segment_repeated",
            "DTP",
            18,
            20,
            null,
            null,
            "HD",
            null
        ])]
    );
    assert_eq!(reports[0]["coverages"].as_array().unwrap().len(), 1);
    assert_eq!(
        vision(&reports[0])[0],
        json!(["EMP-1001", "2026-01-01", "9999-12-31", null])
    );
    // A second DTP*349 is the same.
    let twice = good
        .replace("HD*030**VIS*CIGNA-VIS-01*ECH~\nDTP*348*D8*20260101~\n", "HD*030**VIS*CIGNA-VIS-01*ECH~\nDTP*348*D8*20260101~\nDTP*349*D8*20261231~\nDTP*349*D8*20270131~\n")
        .replace("SE*43*0001", "SE*47*0001");
    let (issues, reports) = read(&twice);
    assert_eq!(
        issues,
        [
            json!(["edi_segment_repeated", "DTP", 19, 21, null, null, "HD", null]),
            json!(["edi_segment_repeated", "DTP", 46, 48, null, null, "HD", null])
        ]
    );
    assert_eq!(
        vision(&reports[0])[0],
        json!(["EMP-1001", "2026-01-01", "2026-12-31", null])
    );

    // Codes the snapshot has no value for: warnings, the value left out.
    let codes_ = good
        .replace("INS*Y*18*030*XN*A***FT~", "INS*Y*18*030*XN*A***ZZ~")
        .replace("DMG*D8*19840314*F*M~", "DMG*D8*19840314*Q*M~");
    let (issues, reports) = read(&codes_);
    assert_eq!(
        issues,
        [
            json!(["edi_code_unmapped", "INS", 6, 8, "INS08", null, null, "ZZ"]),
            json!(["edi_code_unmapped", "DMG", 15, 17, "DMG03", null, null, "Q"])
        ]
    );
    assert_eq!(
        reports[0]["employee"]["employment"]["employment_status"],
        Value::Null
    );
    assert_eq!(reports[0]["employee"]["person"]["sex"], Value::Null);
    // AC, the export's code for contract and disabled, is read as neither, quietly.
    let (issues, _) = read(&good.replace("INS*Y*18*030*XN*A***FT~", "INS*Y*18*030*XN*A***AC~"));
    assert_eq!(issues, Vec::<Value>::new());
}

/// An HD04 the carrier's plans do not have is not read as the line's only
/// plan: a warning at the HD, the coverage read by its line without a plan
/// id, and `track` sees the carrier's plan is not the platform's. Without
/// HD04 the line's only plan is still read.
#[test]
fn parse834_reads_an_unknown_plan_code_as_no_plan() {
    let engine = Engine::from_config_value(&group()).unwrap();
    let snapshot = fixture_json("three-carriers-snapshot.json");
    let opts = options(CIGNA, ExportMode::Full, "2026-03-02T12:00:00Z", 7);
    let case = json!({ "previous": null, "current": snapshot });
    let full = export_with(&group(), &case, &opts).text;
    assert!(full.contains("HD*030**VIS*CIGNA-VIS-01*"));
    let vision_plan = |text: &str| {
        let parsed = engine.parse834(text, CIGNA).unwrap();
        let report = parsed.report_values().remove(0);
        let covs = report["coverages"].as_array().unwrap().clone();
        let vision = covs
            .into_iter()
            .find(|c| c["line_of_coverage"] == json!("vision"))
            .unwrap();
        (parsed.issues, vision, report)
    };
    let other = full.replace("HD*030**VIS*CIGNA-VIS-01*", "HD*030**VIS*CIGNA-VIS-PREMIUM-77*");
    let (issues, vision, report) = vision_plan(&other);
    assert_eq!(issues.len(), 2, "{issues:?}"); // Maria's HD and Sofia's
    let i = &issues[0];
    assert_eq!(
        (i.code.as_str(), i.severity),
        ("edi_plan_code_unknown", Severity::Warning)
    );
    assert_eq!(i.params["element"], json!("HD04"));
    assert_eq!(i.params["segment"], json!("HD"));
    assert_eq!(i.params["line_code"], json!("VIS"));
    assert_eq!(i.params["read"], json!(true));
    let line = full.lines().position(|l| l.starts_with("HD*030**VIS*")).unwrap() + 1;
    assert_eq!(i.params["line"], json!(line));
    assert!(!serde_json::to_string(&issues).unwrap().contains("PREMIUM"));
    assert_eq!(vision.get("plan_id"), None, "{vision}");
    assert_eq!(vision["enrolled_members"].as_array().unwrap().len(), 2);
    // track: the vision enrollments are not resolved as the platform's plan.
    let options = enroll_engine::diff::DiffOptions::default();
    let requested = engine.diff_str(None, &snapshot.to_string(), &options);
    let ids: Vec<Value> = requested.differences.iter().map(|d| json!(d.id)).collect();
    let requested = serde_json::to_value(&requested).unwrap();
    let track = |report: &Value| {
        let t = engine
            .track_json(
                snapshot.to_string().as_str(),
                &requested,
                report.to_string().as_str(),
                &json!({ "completed_difference_ids": ids, "today": "2026-03-02" }),
            )
            .unwrap();
        serde_json::to_value(&t).unwrap()
    };
    // The added enrollments resolve with a separate discrepancy per field
    // the carrier shows otherwise: here the plan, on both vision HDs.
    let plan_discrepancies = |t: &Value| -> Vec<Value> {
        t["discrepancies"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["discrepancy"]["key"] == json!("plan_id"))
            .map(|x| x["discrepancy"].clone())
            .collect()
    };
    let (_, _, same) = vision_plan(&full);
    assert_eq!(plan_discrepancies(&track(&same)), Vec::<Value>::new());
    let differs = plan_discrepancies(&track(&report));
    assert_eq!(differs.len(), 2, "{differs:?}");
    for x in &differs {
        assert_eq!(x["kind"], json!("field_mismatch"));
        assert_eq!(x["reported"], Value::Null);
        assert_eq!(x["requested"], json!("7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e04"));
    }
    // Without HD04 the line's one plan is read, as before.
    let bare = full.replace("HD*030**VIS*CIGNA-VIS-01*", "HD*030**VIS**");
    let (issues, vision, _) = vision_plan(&bare);
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(vision["plan_id"], json!("7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e04"));
}

#[test]
fn an_unreadable_family_is_left_out_with_its_fatal_issue() {
    let engine = Engine::from_config_value(&group()).unwrap();
    for current in ["{\"employee\": ", "[]", "null"] {
        let opts = ExportOptions {
            part: ExportPart::Members,
            ..options(CIGNA, ExportMode::Change, "2026-11-12T18:30:00Z", 1)
        };
        let e = engine.export834_str(None, current, &opts).unwrap();
        assert_eq!(e.text, "");
        let fatal: Vec<_> = e
            .issues
            .iter()
            .filter(|i| i.severity == Severity::Fatal)
            .collect();
        assert!(fatal.len() >= 2, "{current}: {:?}", codes(&e.issues));
        assert_eq!(e.issues.last().unwrap().code, "edi_carrier_blocked", "{current}");
    }
}

/// Review 29b F3: an AMT*FK whose digits as written read as an SSN leaves
/// masked like one, leading zeros included. Read as the amount 12453876,
/// `012453876` had left unmasked where `219453876` leaves as `*****3876`;
/// the one a real volume is, `200000.00`, is still the number 200000. The
/// report is the same bytes whatever the hidden digits.
#[test]
fn parse834_masks_a_volume_written_as_an_ssn() {
    let engine = Engine::from_config_value(&group()).unwrap();
    let good = fixture("../golden/x12/06-send-carrier-cigna-full.834");
    let shown = |amount: &str| -> (String, Value) {
        let text = good.replacen("AMT*FK*200000~", &format!("AMT*FK*{amount}~"), 1);
        let p = engine.parse834(text.as_str(), CIGNA).unwrap();
        let out = enroll_engine::privacy::to_string(&p).unwrap();
        let v: Value = serde_json::from_str(&out).unwrap();
        let volume = v["reports"][0]["coverages"][1]["enrolled_members"][0]["volume"].clone();
        (out, volume)
    };
    let (hidden, volume) = shown("012453876");
    assert_eq!(volume, json!("*****3876"));
    assert!(!hidden.contains("2453876"));
    for other in ["052453876", "099993876"] {
        assert_eq!(shown(other).0, hidden, "{other}");
    }
    assert_eq!(shown("219453876").1, json!("*****3876"));
    assert_eq!(shown("012453876.00").1, json!("*****3876.00"));
    assert_eq!(shown("12453876.0").1, json!("*****876.0"));
    assert_eq!(shown("200000.00").1, json!(200000));
    assert_eq!(shown("0200000").1, json!(200000));
}

/// What a carrier's file may hold that the report cannot: each value is an
/// issue at its element and is left out, never read half-way (the review's
/// findings: ids copied into every enrollment, dates and volumes read
/// without a check, SSNs in forms the masking does not know).
#[test]
fn parse834_reads_only_values_it_can_check() {
    let engine = Engine::from_config_value(&group()).unwrap();
    let good = fixture("../golden/x12/06-send-carrier-cigna-full.834");
    let read = |from: &str, to: &str| {
        assert!(good.contains(from), "{from}");
        let p = engine
            .parse834(good.replacen(from, to, 1).as_str(), CIGNA)
            .unwrap();
        let issues: Vec<(String, Value)> = p
            .issues
            .iter()
            .map(|i| {
                (
                    i.code.clone(),
                    json!([i.params.get("element"), i.params.get("line")]),
                )
            })
            .collect();
        (p.report_values(), issues)
    };
    let invalid =
        |element: &str, line: usize| vec![("edi_element_invalid".to_owned(), json!([element, line]))];
    // A REF*23 past REF02's 50 characters: no id rather than one copied
    // into every enrollment.
    let (r, i) = read("REF*23*EMP-1001~", &format!("REF*23*{}~", "Q".repeat(10_000)));
    assert_eq!(i, invalid("REF02", 11));
    assert_eq!(r[0]["employee"].get("custom_individual_id"), None);
    assert_eq!(
        r[0]["coverages"][0]["enrolled_members"][0].get("custom_individual_id"),
        None
    );
    // Dates: eight digits, a year from 0001.
    for bad in ["1984AB14", "+1840314", "00000101", "19840230"] {
        let (r, i) = read("DMG*D8*19840314*F*M~", &format!("DMG*D8*{bad}*F*M~"));
        assert_eq!(i, invalid("DMG02", 17), "{bad}");
        assert_eq!(r[0]["employee"]["person"].get("date_of_birth"), None, "{bad}");
    }
    // Volumes: whole dollars within int32.
    for bad in ["1e300", "-5", "12.5", "2147483648"] {
        let (r, i) = read("AMT*FK*200000~", &format!("AMT*FK*{bad}~"));
        assert_eq!(i, invalid("AMT02", 22), "{bad}");
        assert_eq!(r[0]["coverages"][1]["enrolled_members"][0].get("volume"), None);
    }
    assert_eq!(read("AMT*FK*200000~", "AMT*FK*200000.00~").1, []);
    // SSNs: nine digits, plain or with dashes or spaces; anything else is
    // not read as one.
    let nm1 = "NM1*IL*1*RIVERA*MARIA****34*536221234~";
    for (written, ssn) in [
        ("536-22-1234", json!("536221234")),
        ("536 22 1234", json!("536221234")),
    ] {
        let (r, i) = read(nm1, &nm1.replace("536221234", written));
        assert_eq!(
            (i, &r[0]["employee"]["person"]["ssn"]),
            (vec![], &ssn),
            "{written}"
        );
    }
    for written in ["536/22/1234", "5 3 6 2 2 1 2 3 5 9", "(536)221234", "SSN"] {
        let (r, i) = read(nm1, &nm1.replace("536221234", written));
        assert_eq!(i, invalid("NM109", 14), "{written}");
        assert_eq!(r[0]["employee"]["person"].get("ssn"), None, "{written}");
    }
    // An INS that is neither Y nor N: its loop is skipped, and its HD does
    // not land on the member before it.
    let (r, i) = read("INS*N*19*030*XN*A~", "INS**19*030*XN*A~");
    assert_eq!(i, invalid("INS01", 34));
    assert_eq!(r[0]["dependents"].as_array().map(Vec::len), Some(1));
    let spouse_coverages: usize = r[0]["coverages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["enrolled_members"].as_array().unwrap().len())
        .sum();
    assert_eq!(spouse_coverages, 3, "the employee's two and the spouse's one");
    // With a newline as the segment terminator, lines still count.
    let lines = good.replace("~\n", "\n");
    let p = engine
        .parse834(
            lines.replace("DMG*D8*19840314", "DMG*D8*1984AB14").as_str(),
            CIGNA,
        )
        .unwrap();
    let at: Vec<_> = p
        .issues
        .iter()
        .map(|i| (i.code.as_str(), i.params["line"].clone()))
        .collect();
    assert_eq!(at, [("edi_element_invalid", json!(17))]);
}

/// NM103 is required: a last name with no character X12 carries (another
/// script, only separators) blocks the Send carrier before any file
/// (`last_name_unwritable`, from the writer's own test), so `export834`
/// gives its issue and `edi_carrier_blocked`; full-width Latin letters are
/// ASCII written wide and are written narrow, with a warning.
#[test]
fn a_last_name_x12_cannot_carry_blocks_the_send_carrier() {
    let s = scenario("06-send-carrier");
    for (last, written) in [
        ("\u{674e}", None),
        ("~~~", None),
        ("\u{ff33}\u{ff4d}\u{ff49}\u{ff54}\u{ff48}", Some("SMITH")),
    ] {
        let mut s = s.clone();
        s["current"]["employee"]["person"]["last_name"] = json!(last);
        let e = export(&s, ExportMode::Full, 5);
        let found: Vec<(&str, &str, &str)> = e
            .issues
            .iter()
            .map(|i| (i.code.as_str(), i.severity.as_str(), i.path.as_str()))
            .collect();
        match written {
            None => {
                assert_eq!(e.text, "", "{last}");
                assert!(e.loops.is_empty());
                let at = "/employee/person/last_name";
                assert_eq!(
                    found,
                    [
                        ("last_name_unwritable", "error", at),
                        ("edi_carrier_blocked", "fatal", "")
                    ],
                    "{last}"
                );
            }
            Some(name) => {
                assert!(e.text.contains(&format!("NM1*IL*1*{name}*MARIA")), "{}", e.text);
                assert_eq!(
                    found,
                    [("edi_value_altered", "warning", "/employee/person/last_name")]
                );
            }
        }
    }
}

/// Review 29d: a last name the 834 cannot carry (empty, or no Latin
/// letter once accents are dropped) is reported before submission by
/// every path that judges the snapshot — `validate`, `preview` (and so
/// `prepared.check`/`edit`, the census) — at the person's `last_name`,
/// blocking only the Send carrier written an 834 (Cigna): Beam and
/// Guardian, Sync carriers that never read NM103, are not blocked. A
/// spouse enrolled at Beam and Guardian only blocks nothing; `Müller` is
/// written `MULLER` and blocks nothing.
#[test]
fn a_last_name_an_834_cannot_carry_blocks_only_the_834_carrier_before_submission() {
    let engine = Engine::from_config_value(&group()).unwrap();
    let base = fixture_json("three-carriers-snapshot.json");
    let now = "2026-03-03T15:00:00Z";
    let popts = enroll_engine::preview::PreviewOptions {
        now: Timestamp::parse(now).unwrap(),
    };
    let cases: [(&str, &str, &[&str]); 6] = [
        ("/employee/person/last_name", "", &[CIGNA]),
        ("/employee/person/last_name", "\u{674e}", &[CIGNA]),
        ("/dependents/1/person/last_name", "\u{674e}", &[CIGNA]),
        ("/dependents/0/person/last_name", "\u{674e}", &[]),
        ("/employee/person/last_name", "M\u{fc}ller", &[]),
        ("/dependents/1/person/last_name", "Mu\u{308}ller", &[]),
    ];
    for (at, last, blocked) in cases {
        let mut s = base.clone();
        *s.pointer_mut(at).unwrap() = json!(last);
        let expected: Vec<(&str, &str, Vec<&str>)> = if blocked.is_empty() {
            Vec::new()
        } else {
            vec![("last_name_unwritable", at, blocked.to_vec())]
        };
        let blocking = |issues: &[enroll_engine::Issue]| -> Vec<(String, String, Vec<String>)> {
            issues
                .iter()
                .filter(|i| i.severity.blocks())
                .map(|i| (i.code.clone(), i.path.clone(), i.carrier_ids.clone()))
                .collect()
        };
        let want: Vec<(String, String, Vec<String>)> = expected
            .iter()
            .map(|(c, p, ids)| {
                (
                    c.to_string(),
                    p.to_string(),
                    ids.iter().map(|i| i.to_string()).collect(),
                )
            })
            .collect();
        let v = validate(&engine, &s);
        assert_eq!(blocking(&v.issues), want, "validate {at} {last:?}");
        assert_eq!(v.valid, blocked.is_empty());
        let statuses: Vec<(&str, bool)> = v
            .carriers
            .iter()
            .map(|c| (c.carrier_id.as_str(), c.blocked))
            .collect();
        assert_eq!(
            statuses,
            [(BEAM, false), (GUARDIAN, false), (CIGNA, !blocked.is_empty())]
        );
        let p = engine.preview_str(None, &s.to_string(), &popts);
        assert_eq!(blocking(&p.issues), want, "preview {at} {last:?}");
        let summary: Vec<(&str, &str)> = p
            .fulfillment_summary
            .iter()
            .map(|f| (f.carrier_id.as_str(), f.status.as_str()))
            .collect();
        let cigna = if blocked.is_empty() {
            "scheduled"
        } else {
            "invalid"
        };
        assert_eq!(
            summary,
            [(BEAM, "processing"), (GUARDIAN, "processing"), (CIGNA, cigna)]
        );
        if let Some(issue) = p.issues.iter().find(|i| i.code == "last_name_unwritable") {
            let first = if at.starts_with("/employee") {
                "Maria"
            } else {
                "Sofia"
            };
            let name = if last.is_empty() {
                first.to_owned()
            } else {
                format!("{first} {last}")
            };
            assert_eq!(
                issue.message,
                format!("{name}'s last name has no character an 834 can carry, and the 834 file of Cigna requires one (NM103): give it a Latin spelling.")
            );
            assert_eq!(issue.params["carriers"], json!("Cigna"));
        }
        // The 834 agrees: no file while blocked, the family written otherwise.
        let x = export_with(
            &group(),
            &json!({ "previous": null, "current": s }),
            &options(CIGNA, ExportMode::Full, now, 7),
        );
        assert_eq!(x.text.is_empty(), !blocked.is_empty(), "export {at} {last:?}");
        let codes: Vec<&str> = x
            .issues
            .iter()
            .filter(|i| i.severity.blocks())
            .map(|i| i.code.as_str())
            .collect();
        if blocked.is_empty() {
            assert!(codes.is_empty(), "{codes:?}");
        } else {
            assert_eq!(codes, ["last_name_unwritable", "edi_carrier_blocked"]);
        }
    }
}

/// Review 29d, where a preview routes: Sofia's Cigna vision just became a
/// waive, so Cigna's change file terminates her from the current snapshot,
/// whose last name it cannot carry. `validate` alone (no previous
/// snapshot: a waive is sent nothing) names no carrier written an 834 for
/// her and reports nothing; the preview, routing her changes to Cigna,
/// blocks Cigna alone (Beam, a Sync carrier, receives her new name), and
/// `export834` agrees. A person no longer in the
/// current snapshot is written from the previous one, which nothing
/// validates: there `edi_value_required` stays the 834's last guard.
#[test]
fn a_last_name_an_834_cannot_carry_blocks_where_the_preview_routes_the_change() {
    let engine = Engine::from_config_value(&group()).unwrap();
    let family = fixture_json("three-carriers-snapshot.json");
    let now = "2026-03-03T15:00:00Z";
    let popts = enroll_engine::preview::PreviewOptions {
        now: Timestamp::parse(now).unwrap(),
    };
    let sofia = "/dependents/1/person/last_name";
    let mut waived = family.clone();
    waived["coverages"][2]["enrolled_members"][1]["effective_end_date"] = json!("2025-12-31");
    waived["dependents"][1]["person"]["last_name"] = json!("\u{674e}");
    let v = validate(&engine, &waived);
    assert!(v.valid, "{:?}", v.issues);
    let p = engine.preview_str(Some(&family.to_string()), &waived.to_string(), &popts);
    let blocking: Vec<(&str, &str, Vec<&str>)> = p
        .issues
        .iter()
        .filter(|i| i.severity.blocks())
        .map(|i| {
            (
                i.code.as_str(),
                i.path.as_str(),
                i.carrier_ids.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(blocking, [("last_name_unwritable", sofia, vec![CIGNA])]);
    let summary: Vec<(&str, &str)> = p
        .fulfillment_summary
        .iter()
        .map(|f| (f.carrier_id.as_str(), f.status.as_str()))
        .collect();
    assert_eq!(
        summary,
        [(BEAM, "processing"), (GUARDIAN, "no_changes"), (CIGNA, "invalid")]
    );
    let change = |prev: &Value, cur: &Value| {
        let case = json!({ "previous": prev, "current": cur });
        export_with(&group(), &case, &options(CIGNA, ExportMode::Change, now, 9))
    };
    let x = change(&family, &waived);
    assert_eq!(x.text, "");
    let found: Vec<(&str, &str)> = x
        .issues
        .iter()
        .filter(|i| i.severity.blocks())
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    assert_eq!(
        found,
        [("last_name_unwritable", sofia), ("edi_carrier_blocked", "")]
    );
    // Sofia removed: her termination is written from the previous snapshot.
    let mut before = family.clone();
    before["dependents"][1]["person"]["last_name"] = json!("\u{674e}");
    let mut removed = family.clone();
    removed["dependents"].as_array_mut().unwrap().remove(1);
    for i in [0, 2] {
        removed["coverages"][i]["enrolled_members"]
            .as_array_mut()
            .unwrap()
            .remove(if i == 0 { 2 } else { 1 });
    }
    removed["omitted_coverage_handling"] = json!({ "policy": "terminate" });
    let p = engine.preview_str(Some(&before.to_string()), &removed.to_string(), &popts);
    assert!(p.valid, "{:?}", p.issues);
    let x = change(&before, &removed);
    assert_eq!(x.text, "");
    let found: Vec<(&str, &str)> = x
        .issues
        .iter()
        .filter(|i| i.severity.blocks())
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    assert_eq!(found, [("edi_value_required", sofia)]);
}

/// Review 29d with `narrow_routed`: Sofia's Cigna vision ended in January
/// and is no longer listed; her last name was `李` before and is now. Her
/// changes are routed to Cigna, but Cigna is sent nothing of hers: the
/// issue keeps no carrier, and a value only an 834 requires that blocks
/// no carrier is no issue — the preview stays valid.
#[test]
fn a_last_name_an_834_cannot_carry_sent_to_no_834_carrier_is_no_issue() {
    let engine = Engine::from_config_value(&group()).unwrap();
    let mut before = fixture_json("three-carriers-snapshot.json");
    before["dependents"][1]["person"]["last_name"] = json!("\u{674e}");
    before["coverages"][2]["enrolled_members"][1]["effective_end_date"] = json!("2026-01-31");
    let mut after = before.clone();
    after["coverages"][2]["enrolled_members"]
        .as_array_mut()
        .unwrap()
        .remove(1);
    let opts = enroll_engine::preview::PreviewOptions {
        now: Timestamp::parse("2026-03-03T15:00:00Z").unwrap(),
    };
    let p = engine.preview_str(Some(&before.to_string()), &after.to_string(), &opts);
    let blocking: Vec<(&str, &str)> = p
        .issues
        .iter()
        .filter(|i| i.severity.blocks())
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    assert_eq!(blocking, []);
    assert!(p.valid);
    assert!(!p
        .differences
        .iter()
        .any(|d| d.carrier_id == CIGNA && d.path.starts_with("/dependents/1")));
}

// ---- bounds (docs/api.md, Limits) ---------------------------------------------

/// A census of 5,000 families `{ "current": {} }` (the review's 6-second
/// shape, 75 KB here): each family blocked with its preview's errors and
/// `edi_carrier_blocked`. The issues are listed across families up to 999,
/// in family order, and counted past that: `too_many_issues` says how many,
/// is as severe as the worst of them and names the carrier.
#[test]
fn a_census_of_blocked_families_lists_999_issues_and_counts_the_rest() {
    let e = Engine::from_config_value(&group()).unwrap();
    let o = json!({ "carrier_id": CIGNA, "created": "2026-11-25T12:00:00Z", "control_number": 1 });
    let census = |n: usize| {
        let families = format!("[{}]", vec![r#"{"current":{}}"#; n].join(","));
        api::export834_census(&e, text(&families), opts(o.clone())).unwrap()
    };
    let one = census(1);
    assert_eq!(one.text, "");
    assert_eq!(
        one.issues.last().map(|i| i.code.as_str()),
        Some("edi_carrier_blocked")
    );
    let per_family = one.issues.len();
    assert!(per_family < 999, "{per_family}");
    let worst = one.issues.iter().map(|i| i.severity).min().unwrap();
    let n = 5_000;
    let r = census(n);
    assert_eq!(r.text, "");
    assert_eq!(r.issues.len(), 1000);
    // The first 999 are the families' own, in order, under /k/current.
    assert_families_own_first(&r.issues, &one.issues);
    let last = &r.issues[999];
    assert_eq!(last.code, "too_many_issues");
    assert_eq!(last.severity, worst);
    assert_eq!(last.carrier_ids, [CIGNA]);
    assert_eq!(
        json!(last.params),
        json!({ "omitted": n * per_family - 999, "limit": 1000 })
    );
}

/// The first 999 issues of a census of one family repeated are that
/// family's own (`one`), in family order, each under its family's pointer.
fn assert_families_own_first(issues: &[enroll_engine::Issue], one: &[enroll_engine::Issue]) {
    let per_family = one.len();
    for (k, issue) in issues[..999].iter().enumerate() {
        let (family, own) = (k / per_family, &one[k % per_family]);
        let mut want = own.clone();
        want.path = format!("/{family}{}", own.path.replacen("/0", "", 1));
        assert_eq!(issue, &want, "{k}");
    }
}

/// A census whose families are all written, each with warnings
/// (`edi_value_altered`): the warnings are built while the list has room and
/// counted after it, so a census of 600 such families lists the first 999
/// in family order and `too_many_issues` (a warning) counts the rest; the
/// file has every family's loops.
#[test]
fn a_census_of_families_with_warnings_lists_999_and_counts_the_rest() {
    let engine = Engine::from_config_value(&group()).unwrap();
    let mut s = scenario("06-send-carrier");
    let person = &mut s["current"]["employee"]["person"];
    person["last_name"] = json!("Rivera-Müller");
    person["home_address"]["street_two"] = json!("Apt 3:B ~ 5");
    person["home_address"]["state"] = json!("PW");
    let current = s["current"].to_string();
    let opts = options(CIGNA, ExportMode::Full, "2026-11-12T18:30:00Z", 5);
    let census = |n: usize| {
        let families = vec![(None, enroll_engine::read::Source::Text(&current)); n];
        engine
            .export834_census(&families, &opts, |k| format!("/{k}/current"))
            .unwrap()
    };
    let one = census(1);
    let per_family = one.issues.len();
    assert!((2..999).contains(&per_family), "{:?}", codes(&one.issues));
    assert!(one.issues.iter().all(|i| i.severity == Severity::Warning));
    let ins = segments(&one.text).iter().filter(|s| s[0] == "INS").count();
    let n = 600;
    let r = census(n);
    assert_eq!(
        segments(&r.text).iter().filter(|s| s[0] == "INS").count(),
        n * ins
    );
    assert_eq!(r.issues.len(), 1000);
    assert_families_own_first(&r.issues, &one.issues);
    let last = &r.issues[999];
    assert_eq!(last.code, "too_many_issues");
    assert_eq!(last.severity, Severity::Warning);
    assert_eq!(last.carrier_ids, [CIGNA]);
    assert_eq!(
        json!(last.params),
        json!({ "omitted": n * per_family - 999, "limit": 1000 })
    );
}

/// An 834 with every kind of member loop `parse834` reads, families
/// interleaved across two transaction sets: subscribers and dependents,
/// ids (UUID and custom), names, SSNs, dates, phones, home and mailing
/// addresses, coverages shared and not, unknown plans, skipped loops, bad
/// values, and bare dependent loops (the hostile shape of docs/performance.md).
fn mixed_834() -> String {
    let header = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*CIGNA          *261112*1830*^*00501*000000003*0*T*:~\n\
                  GS*BE*SENDER*CIGNA*20261112*1830*3*X*005010X220A1~\n";
    let st = "ST*834*0001*005010X220A1~\nBGN*00*3*20261112*1830*UT***4~\nREF*38*GRP~\nN1*P5*Group*FI*123456789~\nN1*IN*Cigna*FI*060303370~\n";
    let subscriber_a = "INS*Y*18*030*XN*A***FT~\nREF*0F*111223333~\nREF*23*7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9eaa~\n\
        DTP*336*D8*20200101~\nDTP*394*D8*20210101~\nDTP*286*D8*20300101~\nDTP*337*D8*20261231~\nDTP*356*D8*20260101~\n\
        NM1*IL*1*LAST*FIRST*MID**JR*34*111-22-3333~\nPER*IP**HP*5551234567*EM*a@b.example*WP*5559876543~\n\
        N3*1 MAIN ST*APT 2~\nN4*PORTLAND*OR*97201~\nDMG*D8*19800101*M*I~\nNM1*31*1~\nN3*PO BOX 1~\nN4*SALEM*OR*973011234~\n\
        HD*030**VIS*CIGNA-VIS-01*FAM~\nDTP*348*D8*20260101~\nDTP*349*D8*20261231~\n\
        HD*030**AG*CIGNA-LIFE-01*EMP~\nDTP*348*D8*20260101~\nAMT*FK*150000.00~\nHD*030**ZZZ~\nDTP*348*D8*20260101~\n";
    let subscriber_b = "INS*Y*18*030*XN*A***PT~\nREF*0F*222334444~\nREF*23*EMP-2~\nNM1*IL*1*BLUE*BOB~\nNM1*74*1*GREEN~\n\
        PER*IP**CP*5550001111~\nN3*2 ELM ST~\nN4*EUGENE*OR*97401~\nDMG*D8*19800230*F*R~\n\
        NM1*QD*1*RESPONSIBLE*PARTY~\nN3*NOT READ~\nHD*030**VIS*CIGNA-VIS-01*FAM~\nDTP*348*D8*2026~\nAMT*FK*12.5~\n\
        LS*2700~\nLX*1~\nN1*75*X~\nREF*ZZ*Y~\nLE*2700~\nDMG*D8*19800102*U*W~\n";
    let spouse_a =
        "INS*N*01*030*XN*A~\nREF*0F*111223333~\nREF*23*DEP-1~\nNM1*IL*1*LAST*SPOUSE****34*111223334~\n\
        DMG*D8*19810202*F*Q~\nHD*030**VIS*CIGNA-VIS-01*FAM~\nDTP*348*D8*20260201~\nHD*030**DEN*NOPE~\n";
    let child_b = "INS*N*23*030*XN*A~\nREF*0F*222334444~\nREF*23*7C0D6E1F-1A2B-4C3D-8E4F-5A6B7C8D9EBB~\n\
        NM1*IL*1*BLUE*KID****34*12345678~\nN3*2 ELM ST~\nN4*EUGENE*OR*97401~\nDMG*D8*20150505~\n\
        HD*030**VIS*CIGNA-VIS-01*FAM~\nDTP*348*D8*20260101~\nREF*23*QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ~\n";
    let orphan = "INS*N*19~\nNM1*IL*1*NOBODY*******34~\nPER*IP**HP**ZZ*1~\nNM1*31*1~\nN3*ONLY MAIL~\nN4*X~\nHD*030**AG*CIGNA-LIFE-01~\nAMT*FK*1000~\n";
    let skipped = "INS*X*18~\nREF*0F*999999999~\nNM1*IL*1*SKIPPED~\n";
    let moved =
        "INS*N*19~\nREF*0F*222334444~\nREF*0F*111223333~\nNM1*IL*1*LAST*MOVED~\nPER*IP**EM*x@y.example~\n";
    let bare = "INS*N*19~\n".repeat(20);
    let mut text = format!("{header}{st}HD*030**VIS~\n{subscriber_a}{subscriber_b}{orphan}{spouse_a}{bare}{skipped}SE*99*0001~\n");
    text +=
        &format!("{st}{child_b}{moved}{bare}INS*Y*18~\nREF*0F*222334444~\nNM1*IL*1*AGAIN~\nSE*25*0001~\n");
    text += "ST*834*0003*005010X220A1~\nINS*N*19~\nGE*2*3~\nIEA*1*000000003~\n";
    text
}

/// parse834's whole result for `mixed_834`, as JSON (the serde text and
/// the privacy layer's, which JS gets), byte for byte: the reports' key
/// order, their order and the issues' (tests/golden/x12/parse834-mixed.json).
#[test]
fn parse834_of_every_kind_of_member_loop_is_the_golden_json() {
    let engine = Engine::from_config_value(&group()).unwrap();
    let parsed = engine.parse834(mixed_834().as_str(), CIGNA).unwrap();
    let raw = serde_json::to_string(&parsed).unwrap();
    let masked = enroll_engine::privacy::to_string(&parsed).unwrap();
    golden("parse834-mixed.json", &format!("{raw}\n{masked}\n"));
}

/// Many member loops (the hostile shape of docs/performance.md, X12
/// bounds): each bare dependent loop is one `{"person":{},…}` of its
/// family, families in the order of their first loop, a dependent found
/// after other families still in its own — the whole text as JS gets it.
#[test]
fn parse834_of_many_member_loops_groups_each_into_its_family() {
    let engine = Engine::from_config_value(&group()).unwrap();
    let envelope = |body: &str| {
        format!(
            "ISA*00*          *00*          *ZZ*SENDER         *ZZ*CIGNA          *261112*1830*^*00501*000000003*0*T*:~\n\
             GS*BE*SENDER*CIGNA*20261112*1830*3*X*005010X220A1~\nST*834*0001*005010X220A1~\n\
             BGN*00*3*20261112*1830*UT***4~\n{body}SE*1*0001~\nGE*1*3~\nIEA*1*000000003~\n"
        )
    };
    let n = 20_000;
    let parsed = engine
        .parse834(envelope(&"INS*N*19~\n".repeat(n)).as_str(), CIGNA)
        .unwrap();
    let dependents = vec![r#"{"person":{},"relationship":"child"}"#; n].join(",");
    let expected = format!(
        r#"[{{"coverages":[],"dependents":[{dependents}],"employee":{{}},"reported_by":{{"carrier_ids":["{CIGNA}"],"format":"x12_834"}},"snapshot_mode":"current_open"}}]"#
    );
    assert_eq!(
        enroll_engine::privacy::to_string(&parsed.reports).unwrap(),
        expected
    );
    // Each bare loop lacks its REF*0F and NM1*IL: the first 999 issues listed.
    assert_eq!(parsed.issues.len(), 1000);
    assert_eq!(
        codes(&parsed.issues[..3]),
        [
            ("edi_envelope_mismatch", ""),
            ("edi_segment_missing", ""),
            ("edi_segment_missing", "")
        ]
    );
    assert_eq!(parsed.issues[999].code, "too_many_issues");

    // Family k's subscriber, then a dependent of family k / 2.
    let families = 1_000;
    let body: String = (0..families)
        .map(|k| format!("INS*Y*18~\nREF*0F*F{k}~\nINS*N*01~\nREF*0F*F{}~\n", k / 2))
        .collect();
    let parsed = engine.parse834(envelope(&body).as_str(), CIGNA).unwrap();
    let expected: Vec<String> = (0..families)
        .map(|k| {
            let spouses = [2 * k, 2 * k + 1].iter().filter(|&&j| j < families).count();
            let dependents = vec![r#"{"person":{},"relationship":"spouse"}"#; spouses].join(",");
            format!(
                r#"{{"coverages":[],"dependents":[{dependents}],"employee":{{"person":{{}}}},"reported_by":{{"carrier_ids":["{CIGNA}"],"format":"x12_834"}},"snapshot_mode":"current_open"}}"#
            )
        })
        .collect();
    let expected = format!("[{}]", expected.join(","));
    assert_eq!(
        enroll_engine::privacy::to_string(&parsed.reports).unwrap(),
        expected
    );
}

/// A Send carrier's life volume raised at open enrollment the usual way:
/// the old row ends 2026-12-31, a new one starts 2027-01-01. Listed before
/// or after the old row, the new row is the same 834: the old coverage
/// terminated (024) and the new one added (021), never a change (001) of
/// one into the other (review 27c d).
#[test]
fn a_new_row_listed_before_or_after_the_one_it_replaces_is_the_same_834() {
    let family = fixture_json("three-carriers-snapshot.json");
    let mut cur = family.clone();
    cur["coverages"][3]["enrolled_members"][0]["effective_end_date"] = json!("2026-12-31");
    cur["events"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "oe27", "date": "2026-11-10", "type": "coverage", "reason": "open_enrollment"}));
    let mut raised = cur["coverages"][3].clone();
    let member = &mut raised["enrolled_members"][0];
    member["effective_start_date"] = json!("2027-01-01");
    member["effective_end_date"] = json!("9999-12-31");
    member["volume"] = json!(100000);
    let mut after = cur.clone();
    after["coverages"].as_array_mut().unwrap().push(raised.clone());
    let mut before = cur;
    before["coverages"].as_array_mut().unwrap().insert(3, raised);
    let file = |cur: &Value| {
        let case = json!({ "previous": family, "current": cur, "now": "2026-11-12T12:00:00Z" });
        let e = export(&case, ExportMode::Change, 1);
        assert!(e.issues.is_empty(), "{:?}", codes(&e.issues));
        let kept = ["INS*", "HD*", "DTP*348", "DTP*349", "AMT*"];
        let lines = e.text.lines().filter(|l| kept.iter().any(|k| l.starts_with(k)));
        lines.map(str::to_owned).collect::<Vec<_>>()
    };
    let listed_after = file(&after);
    assert_eq!(
        listed_after,
        [
            "INS*Y*18*001*EC*A***FT~", // the new row's reason (open enrollment), review 27f
            "HD*024**AG*CIGNA-LIFE-01*EMP~",
            "DTP*348*D8*20260101~",
            "DTP*349*D8*20261231~",
            "AMT*FK*50000~",
            "HD*021**AG*CIGNA-LIFE-01*EMP~",
            "DTP*348*D8*20270101~",
            "AMT*FK*100000~"
        ]
    );
    assert_eq!(file(&before), listed_after);
}

/// A separate mailing address the carrier holds (a 2100C of the previous
/// snapshot) that becomes the home address, or is removed, is replaced by
/// a 2100C of the home address: no 2100C would leave the PO box in place
/// (review 28e). The difference is the member span's; a full file, which
/// replaces everything, has no 2100C for it, and a mailing address that
/// never differed from the home address gets none either.
#[test]
fn a_separate_mailing_address_dropped_is_replaced_by_the_home_address() {
    let s = scenario("06-send-carrier");
    let po_box = json!({ "street_one": "PO Box 1", "city": "Eugene", "state": "OR", "zip_code": "97401" });
    let home = s["current"]["employee"]["person"]["home_address"].clone();
    let mut base = s.clone();
    base["previous"] = s["current"].clone();
    base["previous"]["employee"]["person"]["mailing_address"] = po_box.clone();
    let engine = Engine::from_config_value(&group()).unwrap();
    let now = Timestamp::parse(s["now"].as_str().unwrap()).unwrap();
    // (A removed or emptied mailing address blocks the carrier: the schema
    // requires one with its street, city, state and ZIP.)
    {
        let (what, mailing) = ("the home address", home.clone());
        let mut case = base.clone();
        case["current"]["employee"]["person"]["mailing_address"] = mailing;
        let e = export(&case, ExportMode::Change, 3);
        if let Ok(dir) = std::env::var("X12_DUMP") {
            let file = what.replace(' ', "-");
            std::fs::write(format!("{dir}/mailing-{file}.834"), &e.text).unwrap();
        }
        assert!(!e.text.is_empty(), "{what}: {:?}", e.issues);
        assert_envelope(&e.text, 3);
        let body: Vec<&str> = e.text.lines().skip(7).collect();
        assert_eq!(
            &body[..body.len() - 3],
            [
                "INS*Y*18*001*43*A***FT~",
                "REF*0F*536221234~",
                "REF*1L*GRP-THREE-CARRIERS~",
                "REF*23*EMP-1001~",
                "DTP*336*D8*20251103~",
                "NM1*IL*1*RIVERA*MARIA****34*536221234~",
                "N3*42 JUNIPER WAY~",
                "N4*PORTLAND*OR*97201~",
                "DMG*D8*19840314*F*M~",
                "NM1*31*1~",
                "N3*42 JUNIPER WAY~",
                "N4*PORTLAND*OR*97201~",
            ],
            "{what}:\n{}",
            e.text
        );
        assert!(e.issues.is_empty(), "{what}: {:?}", e.issues);
        let preview = engine.preview_str(
            Some(&case["previous"].to_string()),
            &case["current"].to_string(),
            &enroll_engine::preview::PreviewOptions { now },
        );
        let ids: Vec<&str> = preview
            .differences
            .iter()
            .filter(|d| d.carrier_id == CIGNA)
            .map(|d| d.id.as_str())
            .collect();
        assert_eq!(ids.len(), 1, "{what}");
        assert_eq!(e.loops.len(), 1);
        assert_eq!(e.loops[0].difference_ids, ids, "{what}");
        assert_eq!((e.loops[0].first_line, e.loops[0].last_line), (8, 19));
        // The full file of the same snapshot: no 2100C.
        let full = export(&case, ExportMode::Full, 4);
        assert!(!full.text.contains("NM1*31"), "{what}: {}", full.text);
    }
    // No separate mailing address held (the previous one was the home
    // address), and the family moves, both addresses alike: no 2100C.
    let mut same = base.clone();
    same["previous"]["employee"]["person"]["mailing_address"] = home.clone();
    let moved = json!({ "street_one": "7 Oak St", "city": "Salem", "state": "OR", "zip_code": "97301" });
    same["current"]["employee"]["person"]["mailing_address"] = moved.clone();
    same["current"]["employee"]["person"]["home_address"] = moved;
    let e = export(&same, ExportMode::Change, 5);
    assert!(
        e.text.contains("N3*7 OAK ST~\nN4*SALEM*OR*97301~\nDMG*"),
        "{}",
        e.text
    );
    assert!(!e.text.contains("NM1*31"), "{}", e.text);
}

/// The three-carriers family (vision `coverages[2]`: Maria and Sofia, ECH;
/// life `coverages[3]`: Maria, 50,000) and the member segments of Cigna's
/// change file from `prev` to `cur` on 2026-03-20, which must have no issue.
fn family() -> Value {
    fixture_json("three-carriers-snapshot.json")
}

fn cigna_change(name: &str, prev: &Value, cur: &Value) -> Vec<String> {
    let case = json!({ "previous": prev, "current": cur });
    let opts = options(CIGNA, ExportMode::Change, "2026-03-20T12:00:00Z", 1);
    let e = export_with(&group(), &case, &opts);
    assert_eq!(codes(&e.issues), [], "{}", e.text);
    member_segments(name, &e.text)
}

/// Review 30d F2: INS03 is decided by every HD of the member, a `001`
/// included: an ended vision beside a life volume change keeps the member
/// covered (`001`, not `024` with a DTP*357), and a reinstated vision
/// beside one is a mix too (`001`, not `025`); INS04 is the mix's (`29`).
#[test]
fn a_coverage_changed_beside_one_ended_or_reinstated_is_no_termination_or_reinstatement() {
    let vision_ends = |doc: &mut Value, end: &str| {
        for m in doc["coverages"][2]["enrolled_members"].as_array_mut().unwrap() {
            m["effective_end_date"] = json!(end);
        }
    };
    // (a) Vision ends 2026-03-31; life (a row ending 2026-12-31) raised.
    let mut before = family();
    before["coverages"][3]["enrolled_members"][0]["effective_end_date"] = json!("2026-12-31");
    let mut after = before.clone();
    vision_ends(&mut after, "2026-03-31");
    after["coverages"][3]["enrolled_members"][0]["volume"] = json!(100000);
    let segs = cigna_change("ended_plus_volume", &before, &after);
    assert_eq!(
        segs,
        [
            "INS*Y*18*001*29*A***FT~",
            "DTP*336*D8*20251103~",
            "DTP*303*D8*20260331~",
            "HD*024**VIS*CIGNA-VIS-01*ECH~",
            "DTP*348*D8*20260101~",
            "DTP*349*D8*20260331~",
            "HD*001**AG*CIGNA-LIFE-01*EMP~",
            "DTP*348*D8*20260101~",
            "DTP*349*D8*20261231~",
            // The volume change's own date (review 30d F3).
            "DTP*303*D8*20260101~",
            "AMT*FK*100000~",
            // Sofia had vision only: she is terminated.
            "INS*N*19*024*07*A~",
            "DTP*357*D8*20260331~",
            "DTP*303*D8*20260331~",
            "HD*024**VIS*CIGNA-VIS-01*ECH~",
            "DTP*348*D8*20260101~",
            "DTP*349*D8*20260331~",
        ]
    );
    // (b) Vision reinstated from 2026-04-01; life raised from 2027-01-01.
    let mut before = family();
    vision_ends(&mut before, "2026-03-31");
    let mut after = family();
    after["coverages"][3]["enrolled_members"][0]["volume"] = json!(100000);
    after["coverages"][3]["enrolled_members"][0]["latest_change_effective_date"] = json!("2027-01-01");
    assert_eq!(
        cigna_change("reinstated_plus_volume", &before, &after),
        [
            "INS*Y*18*001*29*A***FT~",
            "DTP*336*D8*20251103~",
            "DTP*303*D8*20270101~",
            "HD*025**VIS*CIGNA-VIS-01*ECH~",
            "DTP*348*D8*20260101~",
            // Its own date, not the member's (review 30d F3).
            "DTP*303*D8*20260401~",
            "HD*001**AG*CIGNA-LIFE-01*EMP~",
            "DTP*348*D8*20260101~",
            "AMT*FK*100000~",
            // Sofia's only HD is the reinstatement.
            "INS*N*19*025*41*A~",
            "DTP*303*D8*20260401~",
            "HD*025**VIS*CIGNA-VIS-01*ECH~",
            "DTP*348*D8*20260101~",
        ]
    );
}

/// Review 30d F1: a waive is never sent, so a row that was one is no
/// coverage the carrier holds: made active (the same start or a new one)
/// it is an addition (`021`, INS04 as for any addition, DTP*356), never a
/// reinstatement of coverage the carrier never had; removed, or changed
/// into another waive, it sends nothing.
#[test]
fn a_waive_made_active_is_an_addition_and_a_waive_removed_sends_nothing() {
    const LUIS: &str = "e1000000-0000-4000-8000-000000000002";
    let with_luis = |start: &str, end: &str| {
        let mut doc = family();
        doc["coverages"][2]["enrolled_members"]
            .as_array_mut()
            .unwrap()
            .push(json!({
            "individual_type": "dependent", "individual_id": LUIS,
            "effective_start_date": start, "effective_end_date": end }));
        doc
    };
    let waived = with_luis("2026-04-01", "2026-03-31");
    for (name, start, day) in [
        ("waive_elected", "2026-04-01", "20260401"),
        ("waive_elected_new_start", "2026-05-01", "20260501"),
    ] {
        let segs = cigna_change(name, &waived, &with_luis(start, "9999-12-31"));
        let luis = segs.iter().position(|s| s.starts_with("INS*N*01")).unwrap();
        assert_eq!(
            segs[luis..luis + 5],
            [
                "INS*N*01*021*EC*A~".to_owned(),
                format!("DTP*356*D8*{day}~"),
                format!("DTP*303*D8*{day}~"),
                "HD*021**VIS*CIGNA-VIS-01*FAM~".to_owned(),
                format!("DTP*348*D8*{day}~"),
            ],
            "{name}: {segs:#?}"
        );
        assert!(!segs.iter().any(|s| s.contains("*025*")), "{name}: {segs:#?}");
    }
    // The waive removed (omitted under `terminate`), or made another waive:
    // nothing to send.
    let mut removed = family();
    removed["omitted_coverage_handling"] = json!({ "policy": "terminate" });
    let mut waived_too = waived.clone();
    waived_too["omitted_coverage_handling"] = json!({ "policy": "terminate" });
    for (name, before, after) in [
        ("waive_removed", &waived_too, removed),
        ("waive_moved", &waived, with_luis("2026-05-01", "2026-04-30")),
    ] {
        let case = json!({ "previous": before, "current": after });
        let opts = options(CIGNA, ExportMode::Change, "2026-03-20T12:00:00Z", 1);
        let e = export_with(&group(), &case, &opts);
        assert_eq!(e.text, "", "{name}");
        assert_eq!(codes(&e.issues), [("edi_nothing_to_send", "")], "{name}");
    }
}

/// Review 30d F4: an `x12` text of only spaces, or beginning or ending with
/// one, is `edi_value_invalid` at its pointer (an error: the configuration
/// is refused, so no file carries a blank ISA06 or an element with trailing
/// spaces); spaces inside a value are data.
#[test]
fn x12_texts_of_only_spaces_or_with_spaces_around_them_are_configuration_errors() {
    let vision = group()["plans"]
        .as_array()
        .unwrap()
        .iter()
        .position(|p| p["id"] == "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e04")
        .unwrap();
    let plan_code = format!("/plans/{vision}/x12/plan_code");
    let cases: Vec<(&str, &str, &str)> = vec![
        (
            "/carriers/2/x12/sponsor/name",
            "Three Carriers Inc ",
            "it begins or ends with a space",
        ),
        (
            "/carriers/2/x12/sponsor/name",
            " Three Carriers",
            "it begins or ends with a space",
        ),
        (
            "/carriers/2/x12/payer/name",
            "Cigna ",
            "it begins or ends with a space",
        ),
        (
            "/carriers/2/x12/sponsor/id",
            "123456789 ",
            "it begins or ends with a space",
        ),
        (
            "/carriers/2/x12/master_policy_number",
            "GRP-THREE ",
            "it begins or ends with a space",
        ),
        (
            "/carriers/2/x12/application_sender",
            "ENROLL ",
            "it begins or ends with a space",
        ),
        (&plan_code, "CIGNA-VIS-01 ", "it begins or ends with a space"),
        ("/carriers/2/x12/sender/id", "   ", "it is only spaces"),
        ("/carriers/2/x12/application_sender", "   ", "it is only spaces"),
        ("/carriers/2/x12/sponsor/name", "   ", "it is only spaces"),
        ("/carriers/2/x12/sponsor/id", "   ", "it is only spaces"),
        ("/carriers/2/x12/master_policy_number", " ", "it is only spaces"),
        (&plan_code, "  ", "it is only spaces"),
    ];
    for (path, value, reason) in cases {
        let mut g = group();
        *g.pointer_mut(path).unwrap() = json!(value);
        let (_, check) = check_config_str(g.to_string().as_str(), usize::MAX);
        let found: Vec<(&str, &str)> = check
            .issues
            .iter()
            .map(|i| (i.code.as_str(), i.path.as_str()))
            .collect();
        assert_eq!(found, [("edi_value_invalid", path)], "{path} {value:?}");
        assert_eq!(check.issues[0].severity, Severity::Error);
        assert!(!check.valid);
        let field = path.rsplit('/').next().unwrap();
        assert_eq!(
            check.issues[0].message,
            format!("{field} cannot be written into an X12 834: {reason}."),
        );
        assert!(Engine::from_config_value(&g).is_err(), "{path} {value:?}");
    }
    // Spaces inside a value are written as given.
    let mut g = group();
    g["carriers"][2]["x12"]["sponsor"]["name"] = json!("Three  Carriers");
    let (_, check) = check_config_str(g.to_string().as_str(), usize::MAX);
    assert!(check.valid && check.issues.is_empty(), "{:?}", check.issues);
}

/// Review 30d F3: the member's DTP*303 (2000) is the latest date of their
/// changes; an HD `001`/`025` whose own change takes effect on another day
/// carries a 2300 DTP*303 of that day (after DTP*348/349, as a level
/// change's): a vision plan change from 2026-04-01 beside a life volume
/// change from 2027-01-01 is not moved to 2027. An HD whose date is the
/// member's has none (Sofia's).
#[test]
fn an_hd_changed_earlier_than_the_members_dtp_303_carries_its_own_date() {
    const VISION: &str = "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e04";
    const VISION_PLUS: &str = "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e14";
    let mut g = group();
    let plans = g["plans"].as_array_mut().unwrap();
    let mut plus = plans.iter().find(|p| p["id"] == VISION).unwrap().clone();
    plus["id"] = json!(VISION_PLUS);
    plus["name"] = json!("Cigna Vision Plus");
    plus["x12"] = json!({ "plan_code": "CIGNA-VIS-02" });
    plans.push(plus);
    let before = family();
    let mut after = family();
    after["coverages"][2]["plan_id"] = json!(VISION_PLUS);
    for m in after["coverages"][2]["enrolled_members"].as_array_mut().unwrap() {
        m["latest_change_effective_date"] = json!("2026-04-01");
    }
    let life = &mut after["coverages"][3]["enrolled_members"][0];
    life["volume"] = json!(100000);
    life["latest_change_effective_date"] = json!("2027-01-01");
    let case = json!({ "previous": before, "current": after });
    let opts = options(CIGNA, ExportMode::Change, "2026-03-20T12:00:00Z", 1);
    let e = export_with(&g, &case, &opts);
    assert_eq!(codes(&e.issues), [], "{}", e.text);
    assert_eq!(
        member_segments("two_dates", &e.text),
        [
            "INS*Y*18*001*22*A***FT~",
            "DTP*336*D8*20251103~",
            "DTP*303*D8*20270101~",
            "HD*001**VIS*CIGNA-VIS-02*ECH~",
            "DTP*348*D8*20260101~",
            "DTP*303*D8*20260401~",
            "HD*001**AG*CIGNA-LIFE-01*EMP~",
            "DTP*348*D8*20260101~",
            "AMT*FK*100000~",
            "INS*N*19*001*22*A~",
            "DTP*303*D8*20260401~",
            "HD*001**VIS*CIGNA-VIS-02*ECH~",
            "DTP*348*D8*20260101~",
        ]
    );
}

/// Review 30d F5: X220A1 allows a member 99 Health Coverage loops (2300)
/// in a file. A member whose loops would exceed it has the family left out
/// with an error at the person (`edi_too_many_coverages`), in a full file
/// and a change file alike; 99 are written.
#[test]
fn a_member_over_99_coverage_loops_leaves_the_family_out_with_an_error() {
    let employee = family()["employee"]["id"].as_str().unwrap().to_owned();
    // Maria's vision ends 2026-12-31, then `months` monthly rows from 2027:
    // with her life, `months` + 2 HDs at Cigna.
    let monthly = |months: usize| {
        let mut doc = family();
        let rows = doc["coverages"][2]["enrolled_members"].as_array_mut().unwrap();
        for r in rows.iter_mut() {
            r["effective_end_date"] = json!("2026-12-31");
        }
        for k in 0..months {
            let (y, m) = (2027 + k / 12, k % 12 + 1);
            let last = match m {
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            rows.push(json!({ "individual_type": "employee", "individual_id": employee,
                "effective_start_date": format!("{y}-{m:02}-01"),
                "effective_end_date": format!("{y}-{m:02}-{last}") }));
        }
        doc
    };
    let run = |mode: ExportMode, months: usize| {
        let case = json!({ "previous": family(), "current": monthly(months) });
        let opts = options(CIGNA, mode, "2026-03-20T12:00:00Z", 1);
        export_with(&group(), &case, &opts)
    };
    // 99 HDs: written.
    let full = run(ExportMode::Full, 97);
    assert_eq!(codes(&full.issues), [], "{}", full.text);
    let hds = |text: &str| text.lines().filter(|l| l.starts_with("HD*")).count();
    let maria = &full.loops[0];
    assert_eq!(maria.coverages.len(), 99);
    assert_eq!(hds(&full.text), 99 + 1, "Sofia's vision too");
    member_segments("coverage_loops_99", &full.text);
    // A change file's 99: her vision's end and 98 additions (life unchanged).
    let change = run(ExportMode::Change, 98);
    assert_eq!(codes(&change.issues), []);
    assert_eq!(change.loops[0].coverages.len(), 99);
    member_segments("coverage_loops_99_change", &change.text);
    // 100 and more: the family is left out, an error at Maria.
    for (mode, months, count) in [
        (ExportMode::Full, 98, 100),
        (ExportMode::Change, 99, 100),
        (ExportMode::Change, 110, 111),
    ] {
        let e = run(mode, months);
        assert!(e.text.is_empty(), "{mode:?} {months}");
        assert_eq!(
            codes(&e.issues),
            [("edi_too_many_coverages", "/employee")],
            "{mode:?} {months}"
        );
        let issue = &e.issues[0];
        assert_eq!(issue.severity, Severity::Error);
        assert_eq!(issue.carrier_ids, [CIGNA]);
        assert_eq!(
            issue.message,
            format!("Maria Rivera would have {count} coverage loops in this file, more than the 99 an 834 allows a member: the family is left out of the file.")
        );
    }
}

/// Cigna's change file on 2026-06-01 from `prev` to `cur` (no issue), Luis's
/// member segments: the three-carriers family under `terminate`, Maria
/// hired 2024-01-01 and on vision from 2025-01-01, Luis (spouse) with the
/// vision rows given (start, end) after Maria's and Sofia's.
fn luis_vision_change(name: &str, prev: &[(&str, &str)], cur: &[(&str, &str)]) -> Vec<String> {
    const LUIS: &str = "e1000000-0000-4000-8000-000000000002";
    let with = |rows: &[(&str, &str)]| {
        let mut doc = family();
        doc["omitted_coverage_handling"] = json!({ "policy": "terminate" });
        doc["employee"]["employment"]["employment_dates"]["hire_date"] = json!("2024-01-01");
        doc["coverages"][2]["enrolled_members"][0]["effective_start_date"] = json!("2025-01-01");
        let members = doc["coverages"][2]["enrolled_members"].as_array_mut().unwrap();
        for (start, end) in rows {
            members.push(json!({
                "individual_type": "dependent", "individual_id": LUIS,
                "effective_start_date": start, "effective_end_date": end }));
        }
        doc
    };
    let case = json!({ "previous": with(prev), "current": with(cur) });
    let opts = options(CIGNA, ExportMode::Change, "2026-06-01T09:00:00Z", 7);
    let e = export_with(&group(), &case, &opts);
    assert_eq!(codes(&e.issues), [], "{}", e.text);
    let segs = member_segments(name, &e.text);
    let luis = segs
        .iter()
        .position(|s| s.starts_with("INS*N*01*"))
        .unwrap_or(segs.len());
    let end = segs[luis..]
        .iter()
        .skip(1)
        .position(|s| s.starts_with("INS*"))
        .map_or(segs.len(), |n| luis + 1 + n);
    segs[luis..end].to_vec()
}

/// Review 31b F1 (a, b): the previous row a modified row is compared with
/// is the one the diff paired it with by content, not the row of the same
/// rank in the previous snapshot: an ended row dropped (no omission: it is
/// no longer in force) or an earlier one added shifted the ranks, and a
/// waive made active was sent as a reinstatement (`025`), a termination of
/// coverage the carrier holds as an addition (`021`).
#[test]
fn an_earlier_row_dropped_or_added_leaves_the_row_a_change_is_of() {
    const OPEN: &str = "9999-12-31";
    // (a) The waive from 2026-07-01 made active: an addition (review 30d),
    // whatever ended row is listed before it in either snapshot.
    let old = ("2025-01-01", "2025-12-31");
    let held = ("2026-01-01", "2026-06-30");
    let (waive, active) = (("2026-07-01", "2026-06-30"), ("2026-07-01", OPEN));
    let addition = [
        "INS*N*01*001*EC*A~",
        "DTP*303*D8*20260701~",
        "HD*021**VIS*CIGNA-VIS-01*FAM~",
        "DTP*348*D8*20260701~",
    ];
    let made_active = luis_vision_change("waive_made_active", &[held, waive], &[held, active]);
    assert_eq!(made_active, addition);
    let dropped = luis_vision_change("old_row_dropped", &[old, held, waive], &[held, active]);
    assert_eq!(dropped, addition);
    // The 2025 row added is an addition of its own (dated as it was).
    let added = luis_vision_change("old_row_added", &[held, waive], &[old, held, active]);
    assert_eq!(
        added,
        [
            "INS*N*01*001*EC*A~",
            "DTP*303*D8*20260701~",
            "HD*021**VIS*CIGNA-VIS-01*ESP~",
            "DTP*348*D8*20250101~",
            "DTP*349*D8*20251231~",
            "HD*021**VIS*CIGNA-VIS-01*FAM~",
            "DTP*348*D8*20260701~",
        ]
    );
    // (b) The row from 2026-08-01 ends 2026-12-31 beside a waive: the
    // termination of that row, with or without an ended 2025 row before.
    let old = ("2025-01-01", "2025-06-30");
    let (open, ended) = (("2026-08-01", OPEN), ("2026-08-01", "2026-12-31"));
    let termination = [
        "INS*N*01*024*07*A~",
        "DTP*357*D8*20261231~",
        "DTP*303*D8*20261231~",
        "HD*024**VIS*CIGNA-VIS-01*FAM~",
        "DTP*348*D8*20260801~",
        "DTP*349*D8*20261231~",
    ];
    for (name, prev, cur) in [
        ("ended_no_old", vec![waive, open], vec![waive, ended]),
        ("ended_old_kept", vec![old, waive, open], vec![old, waive, ended]),
        ("ended_old_dropped", vec![old, waive, open], vec![waive, ended]),
    ] {
        assert_eq!(luis_vision_change(name, &prev, &cur), termination, "{name}");
    }
}

/// Review 31b F1 (c): a termination's DTP*348 and volume are the previous
/// row's the diff paired with the ended one (docs/api.md, HD `024`), not
/// those of an older row ranked first before it was dropped.
#[test]
fn a_termination_is_of_the_paired_row_when_an_older_one_is_dropped() {
    let life = |rows: &[(&str, &str, u32)]| {
        let mut doc = family();
        doc["omitted_coverage_handling"] = json!({ "policy": "terminate" });
        doc["employee"]["employment"]["employment_dates"]["hire_date"] = json!("2024-01-01");
        doc["coverages"][3]["enrolled_members"] = rows
            .iter()
            .map(|(start, end, volume)| {
                json!({
                "individual_type": "employee", "individual_id": "e1000000-0000-4000-8000-000000000001",
                "effective_start_date": start, "effective_end_date": end, "volume": volume })
            })
            .collect();
        doc
    };
    let old = ("2025-01-01", "2025-12-31", 10000);
    let (open, ended) = (
        ("2026-01-01", "9999-12-31", 50000),
        ("2026-01-01", "2026-12-31", 50000),
    );
    let hd = |prev: &[(&str, &str, u32)], cur: &[(&str, &str, u32)]| {
        let case = json!({ "previous": life(prev), "current": life(cur) });
        let opts = options(CIGNA, ExportMode::Change, "2026-06-01T09:00:00Z", 7);
        let e = export_with(&group(), &case, &opts);
        assert_eq!(codes(&e.issues), [], "{}", e.text);
        let segs = member_segments("life_ended", &e.text);
        let at = segs.iter().position(|s| s.starts_with("HD*024**AG*")).unwrap();
        segs[at..at + 4].to_vec()
    };
    let termination = [
        "HD*024**AG*CIGNA-LIFE-01*EMP~",
        "DTP*348*D8*20260101~",
        "DTP*349*D8*20261231~",
        "AMT*FK*50000~",
    ];
    assert_eq!(hd(&[old, open], &[old, ended]), termination);
    assert_eq!(hd(&[old, open], &[ended]), termination);
}

/// Review 31b F1, the level changes' use of the previous row: Luis's vision
/// from 2026-01-01 (with Maria and Sofia, FAM throughout) is listed in
/// another coverage than his 2025 row with Maria, which is dropped while
/// Maria's 2025 end moves. His row's level is compared with the row the
/// diff paired it with (FAM: nothing to send), not with the dropped one
/// ranked first before (which sent him an HD `001` FAM from 2026-01-01).
#[test]
fn a_level_change_is_judged_against_the_paired_row() {
    const LUIS: &str = "e1000000-0000-4000-8000-000000000002";
    const MARIA: &str = "e1000000-0000-4000-8000-000000000001";
    let row = |t: &str, id: &str, start: &str, end: &str| {
        json!({ "individual_type": t, "individual_id": id,
            "effective_start_date": start, "effective_end_date": end })
    };
    // Vision `coverages[2]`: Maria's 2025 row ending `maria_end` (and Luis's
    // 2025 row with `luis`); `coverages[4]`: Maria, Sofia and Luis from 2026.
    let with = |luis: bool, maria_end: &str| {
        let mut doc = family();
        doc["omitted_coverage_handling"] = json!({ "policy": "terminate" });
        doc["employee"]["employment"]["employment_dates"]["hire_date"] = json!("2024-01-01");
        let mut from_2026 = doc["coverages"][2].clone();
        let members = from_2026["enrolled_members"].as_array_mut().unwrap();
        members.push(row("dependent", LUIS, "2026-01-01", "9999-12-31"));
        let mut in_2025 = vec![row("employee", MARIA, "2025-01-01", maria_end)];
        if luis {
            in_2025.push(row("dependent", LUIS, "2025-01-01", "2025-12-31"));
        }
        doc["coverages"][2]["enrolled_members"] = json!(in_2025);
        doc["coverages"].as_array_mut().unwrap().push(from_2026);
        doc
    };
    let case = json!({ "previous": with(true, "2025-12-31"), "current": with(false, "2025-11-30") });
    let opts = options(CIGNA, ExportMode::Change, "2026-06-01T09:00:00Z", 7);
    let e = export_with(&group(), &case, &opts);
    assert_eq!(codes(&e.issues), [], "{}", e.text);
    assert_eq!(
        member_segments("level_of_paired_row", &e.text),
        [
            "INS*Y*18*001*07*A***FT~",
            "DTP*336*D8*20240101~",
            "DTP*303*D8*20251130~",
            "HD*024**VIS*CIGNA-VIS-01*ESP~",
            "DTP*348*D8*20250101~",
            "DTP*349*D8*20251130~",
        ]
    );
}
