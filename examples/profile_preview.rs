//! A loop for profilers: `cargo run --release --example profile_preview -- CORPUS [OP] [PASSES]`
//! runs OP (`validate`, `diff`, `preview` — the default — or `prepared`) over every
//! pair of a corpus written by `node bench/generate.mjs --out CORPUS`, PASSES times
//! (default 200), each result serialized to JSON text as the wasm export does.
//! With `perf record -g` (docs/performance.md, "Where native preview time goes").

use std::hint::black_box;

use enroll_engine::diff::DiffOptions;
use enroll_engine::model::Timestamp;
use enroll_engine::preview::PreviewOptions;
use enroll_engine::{Engine, ValidateOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: profile_preview CORPUS [OP] [PASSES]")?;
    let op = args.next().unwrap_or_else(|| "preview".into());
    let passes: usize = args.next().map(|p| p.parse()).transpose()?.unwrap_or(200);
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let engine = Engine::from_config_value(v.get("group").ok_or("corpus: no group")?)?;
    let now = v.get("now").and_then(|n| n.as_str()).ok_or("corpus: no now")?;
    let opts = PreviewOptions {
        now: Timestamp::parse(now).ok_or("corpus: bad now")?,
    };
    let text = |p: &serde_json::Value, k: &str| p.get(k).and_then(|t| t.as_str()).map(str::to_owned);
    let pairs: Vec<(String, String)> = v
        .get("pairs")
        .and_then(|p| p.as_array())
        .ok_or("corpus: no pairs")?
        .iter()
        .filter_map(|p| Some((text(p, "previous")?, text(p, "current")?)))
        .collect();
    let prepared: Vec<_> = pairs.iter().map(|(p, _)| engine.prepare(p.as_str())).collect();
    let (vopts, dopts) = (ValidateOptions::default(), DiffOptions::default());
    let out = |s: serde_json::Result<String>| drop(black_box(s));
    for _ in 0..passes {
        for ((prev, cur), prep) in pairs.iter().zip(&prepared) {
            match op.as_str() {
                "validate" => out(enroll_engine::privacy::to_string(
                    &engine.validate_str(cur, &vopts),
                )),
                "diff" => out(enroll_engine::privacy::to_string(&engine.diff_str(
                    Some(prev),
                    cur,
                    &dopts,
                ))),
                "prepared" => out(enroll_engine::privacy::to_string(&engine.preview_prepared(
                    Some(prep),
                    cur.as_str(),
                    &opts,
                ))),
                _ => out(enroll_engine::privacy::to_string(&engine.preview_str(
                    Some(prev),
                    cur,
                    &opts,
                ))),
            }
        }
    }
    Ok(())
}
