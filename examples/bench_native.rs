//! Native timing of validate() against serde_json's parse of the same text,
//! printed as JSON for bench/validate.mjs: `cargo run --release --example bench_native`.

use std::hint::black_box;
use std::time::Instant;

use enroll_engine::{Engine, ValidateOptions};

/// Median of `rounds` timings of `iters` calls, in microseconds per call.
fn median_us(rounds: usize, iters: usize, mut f: impl FnMut()) -> f64 {
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

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let config = std::fs::read_to_string(format!("{dir}/noyo-example-group.json"))?;
    let snapshot: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(format!(
        "{dir}/noyo-example-snapshot.json"
    ))?)?;
    let text = snapshot.to_string();
    let engine = Engine::from_config_str(&config)?;
    let opts = ValidateOptions::default();
    let (rounds, iters) = (21, 2000);
    for _ in 0..iters {
        black_box(engine.validate_str(black_box(&text), &opts));
    }
    let parse = median_us(rounds, iters, || {
        black_box(serde_json::from_str::<serde_json::Value>(black_box(&text)).ok());
    });
    let validate = median_us(rounds, iters, || {
        black_box(engine.validate_str(black_box(&text), &opts));
    });
    println!(
        "{{\"bytes\": {}, \"serde_json_parse_us\": {parse:.2}, \"validate_us\": {validate:.2}}}",
        text.len()
    );
    Ok(())
}
