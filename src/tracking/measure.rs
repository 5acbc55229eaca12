//! How tracking scales with its input (issue 13: `engine.track` took 4.3 s on
//! 0.47 MB). A measurement, not a test of time: run it with
//! `cargo test --release --lib tracking::measure -- --ignored --nocapture`.
//!
//! The input: a family with `n` dependents, each enrolled in medical (Beam) and
//! dental (Guardian), submitted for the first time; the report shows every
//! other enrollment starting a month late and lacks every fifth dependent.
//! The current snapshot is sized 0.25, 0.5, 1, 2 and 4 MiB. Printed per size:
//! the milliseconds of the matching `track` shares with `diff` (pairing
//! people and listing enrollments: `diff`'s code), of tracking's own part
//! after it, and of both, each the best of three runs, with each time's
//! ratio to the size before (near-linear: at most ~2.5 per doubling).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::time::Instant;

use serde_json::{json, Value};

use super::{track_matched, Matched, Requested, TrackOptions};
use crate::diff::{diff, DiffOptions};
use crate::model::{GroupConfig, Snapshot};

const BEAM: &str = "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d01";
const GUARDIAN: &str = "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d02";

fn config() -> GroupConfig {
    let plan = |id: &str, carrier: &str, line: &str| {
        json!({"id": id, "name": line, "carrier_id": carrier, "line_of_coverage": line,
               "eligible_member_types": ["employee", "child"]})
    };
    let v = json!({"group_id": "g", "carriers": [{"id": BEAM, "mode": "sync"}, {"id": GUARDIAN, "mode": "sync"}],
                   "plans": [plan("7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e01", BEAM, "medical"),
                             plan("7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e02", GUARDIAN, "dental")]});
    crate::config::check_config_value(&v).0
}

fn member(id: &str, kind: &str, start: &str) -> Value {
    json!({"individual_type": kind, "individual_id": id, "effective_start_date": start,
           "effective_end_date": "9999-12-31"})
}

/// The family with `n` dependents; `report` shifts and drops some.
fn family(n: usize, report: bool) -> Value {
    let id = |k: usize| format!("d{k:07}-0000-4000-8000-000000000000");
    let person = |first: String| {
        json!({"first_name": first, "last_name": "Rivera", "date_of_birth": "2012-05-09", "sex": "F",
               "home_address": {"street_one": "42 Juniper Way", "city": "Portland", "state": "OR", "zip_code": "97201"}})
    };
    let kept = |k: &usize| !report || k % 5 != 4;
    let dependents: Vec<Value> = (0..n)
        .filter(kept)
        .map(|k| json!({"id": id(k), "relationship": "child", "person": person(format!("Child{k}"))}))
        .collect();
    let coverage = |carrier: &str, line: &str, plan: &str| {
        let mut members = vec![member("e1", "employee", "2026-01-01")];
        members.extend((0..n).filter(kept).map(|k| {
            let late = report && k % 2 == 1;
            member(
                &id(k),
                "dependent",
                if late { "2026-02-01" } else { "2026-01-01" },
            )
        }));
        json!({"carrier_id": carrier, "line_of_coverage": line, "plan_id": plan, "enrolled_members": members})
    };
    json!({"employee": {"id": "e1", "person": person("Maria".into()),
                        "employment": {"employment_status": "full-time", "employment_dates": {"hire_date": "2025-11-03"}}},
           "dependents": dependents,
           "coverages": [coverage(BEAM, "medical", "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e01"),
                         coverage(GUARDIAN, "dental", "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e02")]})
}

fn snapshot(v: &Value) -> Snapshot {
    crate::validate::read_structure(&v.to_string(), usize::MAX)
        .0
        .unwrap()
}

fn ms(f: impl FnOnce()) -> f64 {
    let t = Instant::now();
    f();
    t.elapsed().as_secs_f64() * 1e3
}

#[test]
#[ignore = "a measurement: run in release with --ignored --nocapture"]
fn tracking_time_per_doubling() {
    let config = config();
    let per_dependent = family(1001, false).to_string().len() as f64 / 1001.0;
    println!("MiB  dependents  differences  matching ms (x)  tracking's own ms (x)  whole track ms (x)");
    let mut last: Option<(f64, f64, f64)> = None;
    for mib in [0.25, 0.5, 1.0, 2.0, 4.0] {
        let n = (mib * 1_048_576.0 / per_dependent) as usize;
        let (cur, rep) = (snapshot(&family(n, false)), snapshot(&family(n, true)));
        let differences = diff(None, &cur, &DiffOptions::default()).differences;
        let count = differences.len();
        let requested = [Requested {
            snapshot_id: Some("s".into()),
            differences,
        }];
        let options = TrackOptions {
            completed: requested[0].differences.iter().map(|d| d.id.clone()).collect(),
            ..TrackOptions::default()
        };
        // The best of three runs of each phase (the machine is shared).
        let (mut matching, mut own) = (f64::MAX, f64::MAX);
        let mut tracked = None;
        for _ in 0..3 {
            let mut m = None;
            matching = matching.min(ms(|| {
                m = Some(Matched::of(&config, &cur, &rep, &Default::default()))
            }));
            let m = m.unwrap();
            own = own.min(ms(|| {
                tracked = Some(track_matched(&config, m, &requested, &options))
            }));
        }
        let whole = matching + own;
        let t = tracked.unwrap();
        assert_eq!(t.differences.len(), count);
        // Each late enrollment the report kept is a separate start-date discrepancy.
        let late = (0..n).filter(|k| k % 2 == 1 && k % 5 != 4).count();
        assert_eq!(t.discrepancies.len(), 2 * late);
        let ratio =
            |now: f64, before: Option<f64>| before.map_or(String::from("   "), |b| format!("{:.2}", now / b));
        println!(
            "{mib:<4} {n:>10} {count:>12} {matching:>10.1} ({}) {own:>14.1} ({}) {whole:>12.1} ({})",
            ratio(matching, last.map(|l| l.0)),
            ratio(own, last.map(|l| l.1)),
            ratio(whole, last.map(|l| l.2)),
        );
        last = Some((matching, own, whole));
    }
}
