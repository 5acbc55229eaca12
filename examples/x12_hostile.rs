//! Native timings of the X12 entry points on hostile shapes (the attacker
//! review of parse834, ack999 and export834Census):
//! `cargo run --release --example x12_hostile [SHAPE…] [-- KIB…]`.
//! Among the shapes, `parse834` or `ack999` runs that entry point alone
//! (so that a peak RSS measured around the run is its own).
//!
//! For each shape and size prints the CPU milliseconds of one call (its
//! result serialized to JSON, as the wasm export does), the result's bytes
//! and its issue count. A benchmark, not a test: nothing here asserts a time.

use std::hint::black_box;
use std::time::Instant;

use enroll_engine::api::Measured;
use enroll_engine::model::Timestamp;
use enroll_engine::x12::{AckOptions, ExportMode, ExportOptions, ExportPart};
use enroll_engine::Engine;

const CIGNA: &str = "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d03";
const ISA: &str = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260101*1200*^*00501*000000001*0*T*:~\n";
const GS: &str = "GS*BE*SENDER*RECEIVER*20260101*1200*1*X*005010X220A1~\n";
const ST: &str = "ST*834*0001*005010X220A1~\nBGN*00*1*20260101*1200****2~\n";
const END: &str = "SE*1*0001~\nGE*1*1~\nIEA*1*000000001~\n";

fn fill(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len())
}

/// The 834 text of a shape, about `b` bytes.
fn text834(shape: &str, b: usize) -> Option<String> {
    let body = |unit: &str| format!("{ISA}{GS}{ST}{}{END}", fill(unit, b.saturating_sub(400)));
    Some(match shape {
        "members" => body("INS*N*19~\n"),
        "insbare" => body("INS~\n"),
        "q" => format!(
            "{ISA}{GS}ST*834*0001*005010X220A1~\n{}{END}",
            fill("Q~", b.saturating_sub(300))
        ),
        "dtp" => format!(
            "{ISA}{GS}{ST}INS*Y*18*030*XN*A***FT~\n{}{END}",
            fill("DTP*348*D8*2026~\n", b.saturating_sub(400))
        ),
        // Review 31c: bare dependents copying the subscriber's address,
        // subscribers repeated in one family, segments out of place.
        "addressless" => format!(
            "{ISA}{GS}{ST}INS*Y*18~\nN3*1 MAIN STREET*APT 2~\nN4*PORTLAND*OR*97201~\n{}{END}",
            fill("INS*N*19~\n", b.saturating_sub(400))
        ),
        "subscribers" => body("INS*Y*18~\n"),
        "misplaced" => format!(
            "{ISA}{GS}{ST}INS*Y*18~\n{}{END}",
            fill("dmg~\n", b.saturating_sub(400))
        ),
        "hdsbad" => format!(
            "{ISA}{GS}{ST}INS*Y*18*030*XN*A***FT~\nREF*0F*123456789~\n{}{END}",
            fill("HD*030**ZZZ~\n", b.saturating_sub(400))
        ),
        "sets" => format!(
            "{ISA}{GS}{}GE*1*1~\nIEA*1*000000001~\n",
            fill("ST*834*0001*005010X220A1~\nSE*1*0001~\n", b.saturating_sub(300))
        ),
        "setsbad" => format!(
            "{ISA}{GS}{}GE*1*1~\nIEA*1*000000001~\n",
            fill("ST*834*0001*005010X220A1~\nINS~\nSE*1*0001~\n", b.saturating_sub(300))
        ),
        "groups" => format!(
            "{ISA}{}IEA*1*000000001~\n",
            fill("GS*BE*SENDER*RECEIVER*20260101*1200*1*X*005010X220A1~\nGE*0*1~\n", b.saturating_sub(200))
        ),
        "groupsbad" => format!(
            "{ISA}{}IEA*1*000000001~\n",
            fill(
                "GS*BE*SENDER*RECEIVER*20260101*1200*1*X*005010X220A1~\nST*834*0001*005010X220A1~\nINS~\nGE*0*1~\n",
                b.saturating_sub(200)
            )
        ),
        _ => return None,
    })
}

fn cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

fn time(f: impl FnOnce() -> (String, usize)) -> (f64, usize, usize) {
    let (cpu, wall) = (cpu_ns(), Instant::now());
    let (out, issues) = black_box(f());
    let ms = match (cpu, cpu_ns()) {
        (Some(a), Some(b)) => (b - a) as f64 / 1e6,
        _ => wall.elapsed().as_secs_f64() * 1e3,
    };
    (ms, out.len(), issues)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let split = args.iter().position(|a| a == "--").unwrap_or(args.len());
    let (names, numbers) = args.split_at(split);
    let mut shapes: Vec<&str> = names.iter().map(String::as_str).collect();
    let only = |entry: &str| shapes.contains(&entry);
    let (parse, ack) = (
        !only("ack999") || only("parse834"),
        !only("parse834") || only("ack999"),
    );
    shapes.retain(|s| !matches!(*s, "parse834" | "ack999"));
    let mut sizes: Vec<usize> = numbers.iter().filter_map(|a| a.parse().ok()).collect();
    if shapes.is_empty() {
        shapes = vec![
            "members",
            "insbare",
            "q",
            "dtp",
            "hdsbad",
            "addressless",
            "subscribers",
            "misplaced",
            "sets",
            "setsbad",
            "groups",
            "groupsbad",
            "census",
        ];
    }
    if sizes.is_empty() {
        sizes = vec![512, 1024, 2048, 4096];
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let group = std::fs::read_to_string(format!("{dir}/three-carriers-group.json")).unwrap_or_default();
    let Ok(engine) = Engine::from_config_str(&group) else {
        eprintln!("no configuration");
        return;
    };
    let created = Timestamp::parse("2026-11-25T12:00:00Z").unwrap_or_else(|| std::process::exit(1));
    let ack_opts = AckOptions {
        created,
        control_number: 2,
        sender: None,
        receiver: None,
    };
    let export_opts = ExportOptions {
        carrier_id: CIGNA.into(),
        created,
        control_number: 1,
        sender: None,
        receiver: None,
        mode: ExportMode::Change,
        part: ExportPart::Interchange,
    };
    for shape in &shapes {
        for &kib in &sizes {
            let b = kib * 1024;
            if *shape == "census" {
                let unit = "{\"current\":{}}";
                let families = format!("[{}]", vec![unit; b / (unit.len() + 1)].join(","));
                let (ms, out, n) = time(|| {
                    let r = enroll_engine::api::x12::export834_census(
                        &engine,
                        Ok(Measured::Fits(families.clone())),
                        Ok(Some(Measured::Fits(
                            serde_json::json!({"carrier_id": CIGNA, "created": "2026-11-25T12:00:00Z", "control_number": 1}).to_string(),
                        ))),
                    );
                    match r {
                        Ok(r) => (serde_json::to_string(&r).unwrap_or_default(), r.issues.len()),
                        Err(e) => (e.message, 0),
                    }
                });
                let _ = &export_opts;
                println!("{shape:10} export834Census {kib:5} KiB ms={ms:9.1} out={out} issues={n}");
                continue;
            }
            let Some(t) = text834(shape, b) else {
                eprintln!("unknown shape {shape}");
                break;
            };
            if parse {
                let (ms, out, n) = time(|| match engine.parse834(t.as_str(), CIGNA) {
                    Ok(r) => (serde_json::to_string(&r).unwrap_or_default(), r.issues.len()),
                    Err(e) => (e.message, 0),
                });
                println!("{shape:10} parse834 {kib:5} KiB ms={ms:9.1} out={out} issues={n}");
            }
            if ack {
                let (ms, out, n) = time(|| {
                    let r = engine.ack999(t.as_str(), &ack_opts);
                    (serde_json::to_string(&r).unwrap_or_default(), r.issues.len())
                });
                println!("{shape:10} ack999   {kib:5} KiB ms={ms:9.1} out={out} issues={n}");
            }
        }
    }
}
