//! What one `track` call (and one 834 census) costs, counted rather than timed: the bytes it
//! allocates, against the bytes of its input (review 26c). Thousands of
//! requested differences naming a person or a coverage that carries a large
//! unknown field copied that record once per difference (4.56 MB of input:
//! 80 s in wasm); here each call allocates a small multiple of its input.
#![cfg(not(target_arch = "wasm32"))]
// The counting allocator below: `GlobalAlloc` is an unsafe trait.
#![allow(unsafe_code)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use common::*;
use enroll_engine::diff::{diff, Change, DiffOptions, Difference};
use enroll_engine::model::{GroupConfig, Snapshot};
use enroll_engine::tracking::{track, Requested, TrackOptions, Tracking, TrackingStatus};
use enroll_engine::validate::read_structure;
use serde_json::{json, Value};

thread_local! {
    /// Bytes this thread has asked the allocator for (a test's own thread:
    /// the harness runs tests in parallel).
    static ALLOCATED: Cell<usize> = const { Cell::new(0) };
}

fn count(bytes: usize) {
    let _ = ALLOCATED.try_with(|a| a.set(a.get().saturating_add(bytes)));
}

/// The system allocator, counting what each thread asks of it.
struct Counting;

// SAFETY: every call forwards to `System`, a sound allocator, with the
// caller's own arguments; the count is bookkeeping only.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: see the impl.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: see the impl.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        // SAFETY: see the impl.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: see the impl.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// `f`'s result and the bytes it allocated.
fn allocated_by<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATED.with(Cell::get);
    let out = f();
    (out, ALLOCATED.with(Cell::get) - before)
}

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
