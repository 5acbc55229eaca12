//! Native timings of a change file whose additions each start on their own
//! day (review 28f #2: `level_changes` compared every unchanged row's level
//! on every such day): `cargo run --release --example x12_levels [N…]`.
//! R = N children enrolled in both snapshots, K = N added from K days, one
//! Cigna vision coverage (the level stays ECH). Prints the CPU milliseconds
//! of one `export834` and the input's bytes. A benchmark, not a test.

use std::time::Instant;

use enroll_engine::api::Measured;
use enroll_engine::model::Date;
use enroll_engine::Engine;
use serde_json::{json, Value};

const CIGNA: &str = "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d03";
const VISION: &str = "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e04";

fn snapshot(base: &Value, r: usize, k: usize, added: bool) -> String {
    let address = base.pointer("/employee/person/home_address").cloned();
    let employee = base.pointer("/employee/id").cloned();
    let first = Date::parse("2026-01-01").ok();
    let day = |n: usize| first.and_then(|f| f.plus_days(n as i64)).map(|d| d.to_string());
    let mut members = vec![json!({ "individual_type": "employee", "individual_id": employee,
        "effective_start_date": "2026-01-01", "effective_end_date": "9999-12-31" })];
    let mut dependents = Vec::new();
    for n in 0..if added { r + k } else { r } {
        let id = format!("d1000000-0000-4000-8000-{n:012x}");
        dependents.push(json!({ "id": id, "relationship": "child", "person": {
            "first_name": format!("C{n}"), "last_name": "Rivera", "date_of_birth": "2012-05-09", "sex": "F",
            "ssn": format!("536{}{}", 10 + n / 9000, 1000 + n % 9000),
            "home_address": address, "mailing_address": address } }));
        let start = if n < r { day(0) } else { day(1 + n - r) };
        members.push(json!({ "individual_type": "dependent", "individual_id": id,
            "effective_start_date": start, "effective_end_date": "9999-12-31" }));
    }
    let mut s = base.clone();
    if let Some(o) = s.as_object_mut() {
        o.insert("dependents".into(), json!(dependents));
        let vision = json!({ "carrier_id": CIGNA, "line_of_coverage": "vision", "plan_id": VISION,
            "enrolled_members": members });
        o.insert("coverages".into(), json!([vision]));
        o.insert("events".into(), json!([]));
    }
    s.to_string()
}

fn main() {
    let mut sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    if sizes.is_empty() {
        sizes = vec![4000, 6000, 8000];
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let read = |name: &str| std::fs::read_to_string(format!("{dir}/{name}")).unwrap_or_default();
    let Ok(engine) = Engine::from_config_str(&read("three-carriers-group.json")) else {
        eprintln!("no configuration");
        return;
    };
    let Ok(base) = serde_json::from_str::<Value>(&read("three-carriers-snapshot.json")) else {
        eprintln!("no snapshot");
        return;
    };
    let options = json!({ "carrier_id": CIGNA, "created": "2026-01-01T12:00:00Z", "control_number": 1 });
    for n in sizes {
        let (prev, cur) = (snapshot(&base, n, n, false), snapshot(&base, n, n, true));
        let bytes = prev.len() + cur.len();
        let t = Instant::now();
        let r = enroll_engine::api::x12::export834(
            &engine,
            Ok(Some(Measured::Fits(prev))),
            Ok(Measured::Fits(cur)),
            Ok(Some(Measured::Fits(options.to_string()))),
        );
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        match r {
            Ok(e) => {
                let hd = (e.text.matches("HD*021").count(), e.text.matches("HD*001").count());
                println!("N={n:6} input={bytes:9} B ms={ms:8.1} HD 021, 001: {hd:?}");
            }
            Err(e) => println!("N={n:6} input={bytes:9} B ms={ms:8.1} {}", e.message),
        }
    }
}
