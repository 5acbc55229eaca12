//! Native timings for bench/run.mjs, printed as JSON:
//! `cargo run --release --example bench_native [CORPUS]`. Same inputs as the Node side:
//! bench/run.mjs writes its fixture texts to a file named by `BENCH_FIXTURES`
//! (`{"noyo", "prev", "cur"}`); without it, they are made here the same way
//! (compacted, every `97201` → `97209`), but with keys sorted, as
//! `serde_json::Value` writes them.
//!
//! Each operation is timed as the wasm export runs it in Rust: JSON text in,
//! the result serialized to JSON text out through the output layer
//! (`output::to_string`, which scrubs every string as `src/wasm/convert.rs`
//! does before handing the text to `JSON.parse`; until the third session this
//! used plain `serde_json::to_string`, so native did less than wasm; until
//! the twelfth, `privacy::to_string`, the serde path). The parse rows are `serde_json::Value` of the same text.
//!
//! With a corpus file (the argument, or `BENCH_CORPUS`; written by
//! `node bench/generate.mjs --out FILE`), it also times validate_str, diff_str
//! and preview_str over every pair of the corpus — the same texts the Node side
//! measures — and adds `corpus_*` keys: microseconds per pass over the corpus.

use std::hint::black_box;
use std::time::Instant;

use enroll_engine::diff::DiffOptions;
use enroll_engine::model::Timestamp;
use enroll_engine::preview::PreviewOptions;
use enroll_engine::{Engine, ValidateOptions};

/// The result as the wasm export hands it out: JSON text, through the output
/// layer (the results written by hand, `output`, scrubbed as the serde path).
fn text<T: enroll_engine::output::WriteJson>(result: &T) {
    drop(black_box(enroll_engine::output::to_string(black_box(result))));
}

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

/// The generated corpus: its group configuration, `now`, and each pair's texts.
struct Corpus {
    engine: Engine,
    now: PreviewOptions,
    pairs: Vec<(String, String)>,
}

fn read_corpus(path: &str) -> Result<Corpus, Box<dyn std::error::Error>> {
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let engine = Engine::from_config_value(v.get("group").ok_or("corpus: no group")?)?;
    let now = v.get("now").and_then(|n| n.as_str()).ok_or("corpus: no now")?;
    let now = PreviewOptions {
        now: Timestamp::parse(now).ok_or("corpus: bad now")?,
    };
    let text = |p: &serde_json::Value, key: &str| -> Result<String, Box<dyn std::error::Error>> {
        let t = p.get(key).and_then(|t| t.as_str());
        Ok(t.ok_or(format!("corpus: a pair has no {key} text"))?.to_owned())
    };
    let pairs = v
        .get("pairs")
        .and_then(|p| p.as_array())
        .ok_or("corpus: no pairs")?
        .iter()
        .map(|p| Ok((text(p, "previous")?, text(p, "current")?)))
        .collect::<Result<Vec<_>, Box<dyn std::error::Error>>>()?;
    Ok(Corpus { engine, now, pairs })
}

/// `corpus_*` fields: the median time of one pass over every pair, in µs,
/// over `BENCH_PASSES` passes (31 unless set; bench/run.mjs passes its own).
fn corpus_fields(c: &Corpus) -> Vec<String> {
    let passes = std::env::var("BENCH_PASSES").ok().and_then(|p| p.parse().ok());
    let (rounds, iters) = (passes.unwrap_or(31), 1);
    let vopts = ValidateOptions::default();
    let dopts = DiffOptions::default();
    let e = &c.engine;
    let results = [
        (
            "corpus_parse_us",
            median_us(rounds, iters, || {
                for (_, cur) in &c.pairs {
                    drop(black_box(serde_json::from_str::<serde_json::Value>(cur)));
                }
            }),
        ),
        (
            "corpus_validate_us",
            median_us(rounds, iters, || {
                for (_, cur) in &c.pairs {
                    text(&e.validate_str(cur, &vopts));
                }
            }),
        ),
        (
            "corpus_diff_us",
            median_us(rounds, iters, || {
                for (prev, cur) in &c.pairs {
                    text(&e.diff_str(Some(prev), cur, &dopts));
                }
            }),
        ),
        (
            "corpus_preview_us",
            median_us(rounds, iters, || {
                for (prev, cur) in &c.pairs {
                    text(&e.preview_str(Some(prev), cur, &c.now));
                }
            }),
        ),
    ];
    let bytes: usize = c.pairs.iter().map(|(_, cur)| cur.len()).sum();
    let mut fields = vec![
        format!("\"corpus_families\": {}", c.pairs.len()),
        format!("\"corpus_bytes\": {bytes}"),
    ];
    fields.extend(results.iter().map(|(k, v)| format!("\"{k}\": {v:.2}")));
    fields
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
    let family = Engine::from_config_str(&std::fs::read_to_string(format!(
        "{dir}/three-carriers-group.json"
    ))?)?;
    let (noyo_text, prev, cur) = match std::env::var("BENCH_FIXTURES").ok().filter(|p| !p.is_empty()) {
        Some(path) => {
            let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
            let text = |k: &str| v.get(k).and_then(|t| t.as_str()).map(str::to_owned);
            let text = |k: &str| text(k).ok_or(format!("BENCH_FIXTURES: no {k} text"));
            (text("noyo")?, text("prev")?, text("cur")?)
        }
        None => {
            let prev = compact(&format!("{dir}/three-carriers-snapshot.json"))?;
            let cur = prev.replace("97201", "97209");
            (compact(&format!("{dir}/noyo-example-snapshot.json"))?, prev, cur)
        }
    };
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
            median_us(rounds, iters, || text(&noyo.validate_str(&noyo_text, &vopts))),
        ),
        ("family_parse_us", parse(&cur)),
        (
            "family_validate_us",
            median_us(rounds, iters, || text(&family.validate_str(&cur, &vopts))),
        ),
        (
            "family_diff_us",
            median_us(rounds, iters, || {
                text(&family.diff_str(Some(&prev), &cur, &dopts))
            }),
        ),
        (
            "family_preview_us",
            median_us(rounds, iters, || {
                text(&family.preview_str(Some(&prev), &cur, &now))
            }),
        ),
    ];
    let mut fields: Vec<String> = results.iter().map(|(k, v)| format!("\"{k}\": {v:.2}")).collect();
    let corpus = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("BENCH_CORPUS").ok());
    if let Some(path) = corpus.filter(|p| !p.is_empty()) {
        fields.extend(corpus_fields(&read_corpus(&path)?));
    }
    println!(
        "{{\"noyo_bytes\": {}, \"family_bytes\": {}, {}}}",
        noyo_text.len(),
        cur.len(),
        fields.join(", ")
    );
    Ok(())
}
