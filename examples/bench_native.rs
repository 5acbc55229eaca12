//! Native timings for bench/run.mjs, printed as JSON:
//! `cargo run --release --example bench_native`. Same inputs as the Node side.

use std::hint::black_box;
use std::time::Instant;

use enroll_engine::diff::DiffOptions;
use enroll_engine::model::Timestamp;
use enroll_engine::preview::PreviewOptions;
use enroll_engine::{Engine, ValidateOptions};

/// Median of `rounds` timings of `iters` calls, in microseconds per call.
fn median_us(rounds: usize, iters: usize, mut f: impl FnMut()) -> f64 {
    for _ in 0..iters {
        f();
    }
    let mut samples: Vec<f64> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..iters {
                f();
            }
            t.elapsed().as_secs_f64() * 1e6 / iters as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples.get(rounds / 2).copied().unwrap_or(f64::NAN)
}

fn compact(path: &str) -> Result<String, Box<dyn std::error::Error>> {
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    Ok(v.to_string())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let (rounds, iters) = (21, 1000);
    let noyo = Engine::from_config_str(&std::fs::read_to_string(format!(
        "{dir}/noyo-example-group.json"
    ))?)?;
    let noyo_text = compact(&format!("{dir}/noyo-example-snapshot.json"))?;
    let family = Engine::from_config_str(&std::fs::read_to_string(format!(
        "{dir}/three-carriers-group.json"
    ))?)?;
    let prev = compact(&format!("{dir}/three-carriers-snapshot.json"))?;
    let cur = prev.replace("97201", "97209");
    let now = PreviewOptions {
        now: Timestamp::parse("2026-11-25T12:00:00Z").ok_or("bad now")?,
    };
    let vopts = ValidateOptions::default();
    let dopts = DiffOptions::default();
    let parse = |t: &str| {
        median_us(rounds, iters, || {
            drop(black_box(serde_json::from_str::<serde_json::Value>(t)))
        })
    };
    let results = [
        ("noyo_parse_us", parse(&noyo_text)),
        (
            "noyo_validate_us",
            median_us(rounds, iters, || {
                drop(black_box(noyo.validate_str(&noyo_text, &vopts)))
            }),
        ),
        ("family_parse_us", parse(&cur)),
        (
            "family_validate_us",
            median_us(rounds, iters, || {
                drop(black_box(family.validate_str(&cur, &vopts)))
            }),
        ),
        (
            "family_diff_us",
            median_us(rounds, iters, || {
                drop(black_box(family.diff_str(Some(&prev), &cur, &dopts)))
            }),
        ),
        (
            "family_preview_us",
            median_us(rounds, iters, || {
                drop(black_box(family.preview_str(Some(&prev), &cur, &now)))
            }),
        ),
    ];
    let fields: Vec<String> = results.iter().map(|(k, v)| format!("\"{k}\": {v:.2}")).collect();
    println!(
        "{{\"noyo_bytes\": {}, \"family_bytes\": {}, {}}}",
        noyo_text.len(),
        cur.len(),
        fields.join(", ")
    );
    Ok(())
}
