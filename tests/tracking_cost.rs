//! What one `track` call (and one 834 census) costs, counted rather than timed: the bytes it
//! allocates, against the bytes of its input (review 26c). Thousands of
//! requested differences naming a person or a coverage that carries a large
//! unknown field copied that record once per difference (4.56 MB of input:
//! 80 s in wasm); here each call allocates a small multiple of its input.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

#[path = "common/alloc.rs"]
mod counting;

use counting::allocated_by;

use common::*;
use enroll_engine::diff::{diff, Change, DiffOptions, Difference, FieldChange, ObjectType};
use enroll_engine::model::{GroupConfig, Snapshot};
use enroll_engine::tracking::{track, Requested, TrackOptions, Tracking, TrackingStatus};
use enroll_engine::validate::read_structure;
use serde_json::{json, Value};

fn config() -> GroupConfig {
    let (config, check) =
        enroll_engine::validate::check_config_value(&fixture_json("three-carriers-group.json"));
    assert!(check.valid);
    config
}

fn snapshot(v: &Value) -> Snapshot {
    read_structure(&v.to_string(), usize::MAX).0.unwrap()
}

/// An unknown field of 90,000 one-letter strings (within the 100,000 items
/// a document may hold): ~3 MB as a typed value, 0.36 MB as JSON.
fn big_list() -> Value {
    json!(vec!["a"; 90_000])
}

/// `n` copies of `d`, each with its own id.
fn copies(d: &Difference, n: usize) -> Vec<Difference> {
    (0..n)
        .map(|k| Difference {
            id: format!("D-{k:016x}"),
            ..d.clone()
        })
        .collect()
}

/// Tracks `differences` (completed) against `report`; the result, and the
/// bytes allocated per byte of input (the three documents as JSON).
fn track_counted(cur: &Value, differences: Vec<Difference>, report: &Value) -> (Tracking, usize) {
    let (config, c, r) = (config(), snapshot(cur), snapshot(report));
    let input =
        cur.to_string().len() + report.to_string().len() + serde_json::to_string(&differences).unwrap().len();
    let options = TrackOptions {
        completed: differences.iter().map(|d| d.id.clone()).collect(),
        ..TrackOptions::default()
    };
    let requested = [Requested {
        snapshot_id: None,
        differences,
    }];
    let (t, bytes) = allocated_by(|| track(&config, &c, &requested, &r, &options));
    (t, bytes / input)
}

/// A carrier with its own member ids for the employee (`CAR-1`): matched
/// by name and date of birth, as they were before a requested change of
/// them (tracking's `renamed`).
fn with_carrier_id(mut r: Value) -> Value {
    let id = r["employee"].as_object_mut().unwrap().remove("id").unwrap();
    r["employee"]["custom_individual_id"] = json!("CAR-1");
    for c in r["coverages"].as_array_mut().unwrap() {
        for m in c["enrolled_members"].as_array_mut().unwrap() {
            if m["individual_id"] == id {
                m.as_object_mut().unwrap().remove("individual_id");
                m["custom_individual_id"] = json!("CAR-1");
            }
        }
    }
    r
}

/// Review 26c #1: one first-name change requested 3,000 times (distinct
/// ids) for an employee whose person carries 90,000 unknown items. The
/// carrier, with its own ids, still shows the old name: each is that
/// person's name not applied (matched by the name before the change), and
/// the person was copied once per difference (9 GB allocated) where now
/// the call allocates a few times its input.
#[test]
fn a_name_change_requested_thousands_of_times_copies_no_person_per_difference() {
    let base = fixture_json("three-carriers-snapshot.json");
    let mut old = base.clone();
    old["employee"]["person"]["x_list"] = big_list();
    let mut cur = old.clone();
    set(&mut cur, "/employee/person/first_name", json!("Mariana"));
    let d = diff(Some(&snapshot(&old)), &snapshot(&cur), &DiffOptions::default()).differences;
    let naming = d
        .iter()
        .find(|d| d.path == "/employee/person/first_name")
        .unwrap();
    let (t, per_byte) = track_counted(&cur, copies(naming, 3_000), &with_carrier_id(base));
    assert_eq!(t.differences.len(), 3_000);
    assert!(t.unrequested.is_empty(), "{:?}", t.unrequested);
    for tracked in &t.differences {
        assert_eq!(tracked.status, TrackingStatus::Discrepancy);
        assert_eq!(
            serde_json::to_value(&tracked.discrepancies).unwrap(),
            json!([{"kind": "field_mismatch", "key": "person.first_name", "requested": "Mariana",
                    "reported": "Maria",
                    "note": "the transaction completed but the carrier still shows the old value"}])
        );
    }
    assert!(per_byte < 32, "{per_byte} bytes allocated per byte of input");
}

/// Review 26c #1: one dental plan change (Base → Plus) requested 3,000
/// times (distinct ids) for a coverage carrying 90,000 unknown items; the
/// carrier still shows Base. Each is the plan not applied, judged by the
/// plan each side means; the coverage was copied once per difference to
/// find its old plan.
#[test]
fn a_plan_change_requested_thousands_of_times_copies_no_coverage_per_difference() {
    let mut old = fixture_json("three-carriers-snapshot.json");
    old["coverages"][1]["x_list"] = big_list();
    let mut cur = old.clone();
    let plus = "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e03";
    set(&mut cur, "/coverages/1/plan_id", json!(plus));
    let d = diff(Some(&snapshot(&old)), &snapshot(&cur), &DiffOptions::default()).differences;
    let plan = d
        .iter()
        .find(|d| d.change == Change::Modified && d.fields.iter().any(|f| f.key == "plan_id"))
        .unwrap();
    let (t, per_byte) = track_counted(&cur, copies(plan, 3_000), &old);
    assert_eq!(t.differences.len(), 3_000);
    for tracked in &t.differences {
        assert_eq!(tracked.status, TrackingStatus::Discrepancy);
        assert_eq!(
            serde_json::to_value(&tracked.discrepancies).unwrap(),
            json!([{"kind": "field_mismatch", "key": "plan_id", "requested": plus,
                    "reported": "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e02",
                    "note": "the transaction completed but the carrier still shows the old value"}])
        );
    }
    assert!(per_byte < 32, "{per_byte} bytes allocated per byte of input");
}

/// Review 27b #2: the same through an enrollment's long plan name — each
/// difference naming the enrollment flattened (copied) it and its reported
/// twin again and compared them whole (a 3.9 MB `plan_name` and 9,496
/// differences: 14 s in wasm). Now each is flattened and compared once.
#[test]
fn a_long_plan_name_is_copied_and_compared_once_for_thousands_of_differences() {
    let mut old = fixture_json("three-carriers-snapshot.json");
    old["coverages"][1]["plan_name"] = json!("n".repeat(200_000));
    let mut cur = old.clone();
    let plus = "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e03";
    set(&mut cur, "/coverages/1/plan_id", json!(plus));
    let d = diff(Some(&snapshot(&old)), &snapshot(&cur), &DiffOptions::default()).differences;
    let plan = d
        .iter()
        .find(|d| d.change == Change::Modified && d.fields.iter().any(|f| f.key == "plan_id"))
        .unwrap();
    let (t, per_byte) = track_counted(&cur, copies(plan, 2_000), &cur);
    assert_eq!(t.differences.len(), 2_000);
    assert!(t.differences.iter().all(|d| d.status == TrackingStatus::Resolved));
    assert!(per_byte < 32, "{per_byte} bytes allocated per byte of input");
}

/// Review 26c #1, the same path through a long name: an employee whose
/// first name is a megabyte of punctuation (no letters) and 2,000 requested
/// changes of her last name from one without letters. No name and date of
/// birth name her, so every difference is read; her own name is reduced to
/// its letters once, not once per difference (2,000 MB allocated).
#[test]
fn a_long_name_is_read_once_for_thousands_of_changes_of_the_other_name() {
    let mut old = fixture_json("three-carriers-snapshot.json");
    old["employee"]["person"]["first_name"] = json!("-".repeat(1 << 20));
    old["employee"]["person"]["last_name"] = json!("");
    let mut cur = old.clone();
    set(&mut cur, "/employee/person/last_name", json!("Rivera"));
    let d = diff(Some(&snapshot(&old)), &snapshot(&cur), &DiffOptions::default()).differences;
    let naming = d.iter().find(|d| d.path == "/employee/person/last_name").unwrap();
    let (t, per_byte) = track_counted(&cur, copies(naming, 2_000), &with_carrier_id(old));
    assert_eq!(t.differences.len(), 2_000);
    // No name to match by, and the carrier's own id: not found.
    for tracked in &t.differences {
        assert_eq!(tracked.status, TrackingStatus::Discrepancy);
        assert_eq!(
            serde_json::to_value(&tracked.discrepancies).unwrap(),
            json!([{"kind": "missing_from_carrier", "key": null, "requested": null, "reported": null,
                    "note": null}])
        );
    }
    assert!(per_byte < 32, "{per_byte} bytes allocated per byte of input");
}

/// Review 26c (track26's note): an unknown field holding a large list,
/// modified, named by 2,000 requested differences, the carrier still
/// showing the old list. Each discrepancy showed both lists whole (720 MB
/// of result) and compared them whole; now a list past 256 bytes of JSON
/// is shown as a label of its size, and the two lists are compared once.
#[test]
fn a_large_list_named_by_thousands_of_differences_is_copied_into_none() {
    let base = fixture_json("three-carriers-snapshot.json");
    let mut old = base.clone();
    old["employee"]["person"]["x_list"] = big_list();
    let mut cur = old.clone();
    // Equal up to the last item: a comparison reads all of it.
    cur["employee"]["person"]["x_list"][89_999] = json!("b");
    let d = diff(Some(&snapshot(&old)), &snapshot(&cur), &DiffOptions::default()).differences;
    let listed = d
        .iter()
        .find(|d| d.fields.iter().any(|f| f.key == "person.x_list"))
        .unwrap();
    let (t, per_byte) = track_counted(&cur, copies(listed, 2_000), &old);
    assert_eq!(t.differences.len(), 2_000);
    for tracked in &t.differences {
        assert_eq!(tracked.status, TrackingStatus::Discrepancy);
        let shown = serde_json::to_value(&tracked.discrepancies).unwrap();
        assert_eq!(
            shown,
            json!([{"kind": "field_mismatch", "key": "person.x_list",
                    "requested": "(a list of 90000 items)", "reported": "(a list of 90000 items)",
                    "note": "the transaction completed but the carrier still shows the old value"}]),
        );
    }
    assert!(per_byte < 32, "{per_byte} bytes allocated per byte of input");
}

/// Review 27b #1: an 834 census previews each family for its one carrier.
/// Every family previewed whole built each configured carrier's summary,
/// with a copy of a blocked family's errors for each, and validation
/// listed all 1,000 in each fatal issue: 10,000 `{}` families at 1,000
/// carriers took 70 s. Counted: a blocked family allocates as much at
/// 1,000 carriers as at 3 (63 MB for 20 families before, 0.4 MB now).
#[test]
fn a_census_export_does_not_build_every_carriers_summary() {
    use enroll_engine::model::Timestamp;
    use enroll_engine::x12::{ExportMode, ExportOptions, ExportPart};
    let mut group = fixture_json("three-carriers-group.json");
    let three = enroll_engine::Engine::from_config_value(&group).unwrap();
    for i in 0..997 {
        let (carrier, plan) = (
            format!("00000000-0000-4000-8000-{i:012}"),
            format!("10000000-0000-4000-8000-{i:012}"),
        );
        group["carriers"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": carrier, "name": format!("C{i}"), "mode": "sync"}));
        group["plans"].as_array_mut().unwrap().push(
            json!({"id": plan, "carrier_id": carrier, "name": format!("P{i}"), "line_of_coverage": "medical"}),
        );
    }
    let thousand = enroll_engine::Engine::from_config_value(&group).unwrap();
    let opts = ExportOptions {
        carrier_id: CIGNA.into(),
        created: Timestamp::parse("2026-11-25T12:00:00Z").unwrap(),
        control_number: 1,
        sender: None,
        receiver: None,
        mode: ExportMode::Change,
        part: ExportPart::Interchange,
    };
    let families: Vec<_> = (0..20).map(|_| (None, "{}".into())).collect();
    let export = |e: &enroll_engine::Engine| {
        allocated_by(|| e.export834_census(&families, &opts, |k| format!("/{k}")))
    };
    let ((a, at_three), (b, at_thousand)) = (export(&three), export(&thousand));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.text, b.text);
    assert_eq!(a.issues.len(), b.issues.len());
    assert!(
        at_thousand < 2 * at_three,
        "{at_thousand} bytes allocated at 1,000 carriers, {at_three} at 3"
    );
}

/// Review 28b F1's shape at scale `k`: one Beam medical coverage whose
/// `plan_name` is `k` × 32 KiB and `k` × 150 one-day rows of the employee
/// (previous), each row's end a day later (current); the requested
/// differences are the engine's own diff, the report the previous snapshot.
/// The tracking, and the bytes it allocated per byte of input.
fn rows_of_one_long_plan(k: usize) -> (Tracking, usize) {
    let date = |n: usize, day: usize| format!("{}-{:02}-{:02}", 2026 + n / 168, 1 + n % 168 / 14, day);
    let doc = |later: usize| {
        let mut s = fixture_json("three-carriers-snapshot.json");
        let employee = s["employee"]["id"].clone();
        s["dependents"] = json!([]);
        let rows: Vec<Value> = (0..150 * k)
            .map(|n| {
                let day = 1 + 2 * (n % 14);
                json!({"individual_type": "employee", "individual_id": employee,
                       "effective_start_date": date(n, day), "effective_end_date": date(n, day + later)})
            })
            .collect();
        s["coverages"] = json!([{"carrier_id": BEAM, "line_of_coverage": "medical",
            "plan_id": "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e01", "plan_name": "P".repeat(k << 15),
            "enrolled_members": rows}]);
        s
    };
    let (prev, cur) = (doc(0), doc(1));
    let d = diff(Some(&snapshot(&prev)), &snapshot(&cur), &DiffOptions::default()).differences;
    assert_eq!(d.len(), 150 * k);
    track_counted(&cur, d, &prev)
}

/// Review 28b F1: the engine's own diff of many rows of one coverage with a
/// long plan name, tracked against the carrier's unchanged copy. Each row's
/// leaves held their own copy of the coverage's plan name (two, made and
/// flattened, per row and side: 1.57 MB of snapshots failed the wasm
/// instance); now the coverage's plan fields are flattened once and shared
/// by its rows, so the call allocates a small multiple of its input and
/// doubling the input doubles it (the rows times the name had quadrupled).
#[test]
fn rows_of_one_coverage_share_its_long_plan_name() {
    let (t, one) = rows_of_one_long_plan(1);
    let (t2, two) = rows_of_one_long_plan(2);
    assert_eq!((t.differences.len(), t2.differences.len()), (150, 300));
    for tracked in t.differences.iter().chain(&t2.differences) {
        assert_eq!(tracked.status, TrackingStatus::Discrepancy);
        assert_eq!(tracked.discrepancies.len(), 1);
        let d = &tracked.discrepancies[0];
        assert_eq!(d.key.as_deref(), Some("effective_end_date"));
        assert_eq!(
            d.note.as_deref(),
            Some("the transaction completed but the carrier still shows the old value")
        );
    }
    // 120 and 232 before: the rows times the name.
    assert!(
        one < 32 && two <= one + 2,
        "{one} and {two} bytes allocated per byte of input"
    );
}

/// `track` of `requested` (the fixture's family, the report the same), and
/// its result's JSON bytes per byte of input.
fn output_per_input(cur: &Value, requested: &[Requested], report: &Value) -> (Tracking, usize) {
    let (config, c, r) = (config(), snapshot(cur), snapshot(report));
    let given: usize = requested
        .iter()
        .map(|q| {
            serde_json::to_string(&q.differences).unwrap().len()
                + q.snapshot_id.as_ref().map_or(0, String::len)
        })
        .sum();
    let input = cur.to_string().len() + report.to_string().len() + given;
    let t = track(&config, &c, requested, &r, &TrackOptions::default());
    let out = serde_json::to_string(&t).unwrap().len();
    (t, out / input)
}

/// The fixture's employee difference at Beam, of a first submission.
fn employee_at_beam() -> Difference {
    let base = snapshot(&fixture_json("three-carriers-snapshot.json"));
    let all = diff(None, &base, &DiffOptions::default()).differences;
    all.into_iter()
        .find(|d| d.object_type == enroll_engine::diff::ObjectType::Employee && d.carrier_id == BEAM)
        .unwrap()
}

/// Review 28b F2a's shape at scale `k`: one added employee difference whose
/// id is `k` × 16 KiB long, naming `k` × 400 unknown fields of the person
/// that the carrier shows with another value (a separate discrepancy each).
fn a_long_difference_id(k: usize) -> (Tracking, usize) {
    let fields = |v: i64| {
        let mut s = fixture_json("three-carriers-snapshot.json");
        for f in 0..400 * k {
            s["employee"]["person"][format!("x{f}")] = json!(v);
        }
        s
    };
    let mut d = employee_at_beam();
    d.id = format!("D-{}", "a".repeat(k << 14));
    d.fields = (0..400 * k)
        .map(|f| {
            serde_json::from_value(json!({"key": format!("person.x{f}"), "before": null, "after": 1}))
                .unwrap()
        })
        .collect();
    let requested = [Requested {
        snapshot_id: None,
        differences: vec![d],
    }];
    output_per_input(&fields(1), &requested, &fields(2))
}

/// Review 28b F2b's shape at scale `k`: one submitted snapshot whose id is
/// `k` × 32 KiB long, listing `k` × 200 differences (distinct ids).
fn a_long_snapshot_id(k: usize) -> (Tracking, usize) {
    let base = fixture_json("three-carriers-snapshot.json");
    let mut d = employee_at_beam();
    d.change = Change::Modified;
    d.fields = Vec::new().into();
    let requested = [Requested {
        snapshot_id: Some("S".repeat(k << 15)),
        differences: copies(&d, 200 * k),
    }];
    output_per_input(&base, &requested, &base)
}

/// The one issue of a refused tracking: its code and params.
fn refused(t: &Tracking) -> (String, Value) {
    assert!(t.differences.is_empty() && t.discrepancies.is_empty() && t.not_judged.is_empty());
    assert_eq!(t.issues.len(), 1, "{:?}", t.issues);
    (
        t.issues[0].code.clone(),
        Value::Object(t.issues[0].params.clone()),
    )
}

/// Review 28b F2: an id echoed in every item `track` makes of it — a
/// difference's id in each of its field discrepancies (and hashed for each
/// `X-` id), a submitted snapshot's id in each of its differences'
/// `snapshot_ids` — made the result the id's length times the items (0.62
/// MB of `requested` failed the wasm instance). An id longer than 256 bytes
/// (the engine's are 18) is refused: one fatal issue, nothing tracked, the
/// result a few bytes whatever the input.
#[test]
fn a_long_requested_id_is_refused_not_copied_into_every_item() {
    for k in [1, 2] {
        let (t, per_byte) = a_long_difference_id(k);
        assert!(per_byte < 1, "{per_byte} bytes of result per byte of input");
        assert_eq!(
            refused(&t),
            (
                "requested_id_too_long".into(),
                json!({"field": "id", "snapshot": 0, "difference": 0, "bytes": 2 + (k << 14), "limit": 256})
            )
        );
        let (t, per_byte) = a_long_snapshot_id(k);
        assert!(per_byte < 1, "{per_byte} bytes of result per byte of input");
        assert_eq!(
            refused(&t),
            (
                "requested_id_too_long".into(),
                json!({"field": "snapshot_id", "snapshot": 0, "difference": null, "bytes": k << 15, "limit": 256})
            )
        );
    }
}

/// Review 28b F2, the bound itself: ids, a carrier id and a person
/// reference of 256 bytes are tracked as given; each of them one byte
/// longer is refused, naming the field and where it is.
#[test]
fn requested_ids_of_256_bytes_are_tracked_and_longer_ones_refused() {
    let base = fixture_json("three-carriers-snapshot.json");
    let of = |n: usize| "x".repeat(n);
    let track_one = |snapshot_id: String, edit: &dyn Fn(&mut Difference)| {
        let mut d = employee_at_beam();
        edit(&mut d);
        let requested = [
            Requested {
                snapshot_id: Some("s1".into()),
                differences: vec![employee_at_beam()],
            },
            Requested {
                snapshot_id: Some(snapshot_id),
                differences: vec![employee_at_beam(), d],
            },
        ];
        let (config, s) = (config(), snapshot(&base));
        track(&config, &s, &requested, &s, &TrackOptions::default())
    };
    let t = track_one(of(256), &|d| {
        d.id = of(256);
        d.carrier_id = of(256);
        d.individual.reference = of(256);
    });
    assert!(t.issues.is_empty(), "{:?}", t.issues);
    assert_eq!(t.differences.len(), 2);
    assert_eq!(t.differences[0].snapshot_ids, ["s1".to_owned(), of(256)]);
    assert_eq!(t.differences[1].difference_id, of(256));
    assert_eq!(t.differences[1].carrier_id, of(256));
    let field = |name: &str, edit: &dyn Fn(&mut Difference)| {
        let (code, params) = refused(&track_one("s2".into(), edit));
        assert_eq!(code, "requested_id_too_long");
        assert_eq!(
            params,
            json!({"field": name, "snapshot": 1, "difference": 1, "bytes": 257, "limit": 256})
        );
    };
    field("id", &|d| d.id = of(257));
    field("carrier_id", &|d| d.carrier_id = of(257));
    field("individual.reference", &|d| d.individual.reference = of(257));
    let t = track_one(of(257), &|_| {});
    assert_eq!(
        (t.issues[0].severity, t.issues[0].message.as_str()),
        (
            enroll_engine::diagnostic::Severity::Fatal,
            "A requested snapshot_id is 257 bytes long, more than the 256 an id may have: nothing is tracked."
        )
    );
    let (code, params) = refused(&t);
    assert_eq!(code, "requested_id_too_long");
    assert_eq!(
        params,
        json!({"field": "snapshot_id", "snapshot": 1, "difference": null, "bytes": 257, "limit": 256})
    );
}

/// Review 30c #1: 10,000 forged modifications of `person.ssn`, each `after`
/// a guess (`NNNNN1234`) at the SSN the report holds, the current snapshot
/// without one. Which values of the call show alike is counted once for the
/// call (a map of their masked forms), not per difference: the call
/// allocates a small multiple of its input, and no guess is judged.
#[test]
fn thousands_of_guessed_ssns_are_counted_once_for_the_call() {
    let report = fixture_json("three-carriers-snapshot.json");
    let mut cur = report.clone();
    cur["employee"]["person"].as_object_mut().unwrap().remove("ssn");
    let d = diff(None, &snapshot(&cur), &DiffOptions::default()).differences;
    let employee = d.iter().find(|d| d.object_type == ObjectType::Employee).unwrap();
    let guesses = (50_000..60_000)
        .map(|k| Difference {
            id: format!("D-{k:016x}"),
            change: Change::Modified,
            fields: vec![FieldChange {
                key: "person.ssn".into(),
                before: Value::Null,
                after: json!(format!("{k:05}1234")),
            }]
            .into(),
            ..employee.clone()
        })
        .collect();
    let (t, per_byte) = track_counted(&cur, guesses, &report);
    assert_eq!(t.differences.len(), 10_000);
    assert!(t
        .differences
        .iter()
        .all(|d| d.status == TrackingStatus::Open && d.not_shown == ["person.ssn"]));
    assert!(per_byte < 32, "{per_byte} bytes allocated per byte of input");
}
