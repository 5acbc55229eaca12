//! A loop for profilers: `cargo run --release --example profile_preview -- CORPUS [OP] [PASSES]`
//! runs OP (`validate`, `diff`, `preview` — the default —, `prepared`,
//! `check`, the keystroke's summary, or `edit`, a keystroke as `prepared.edit`) over every
//! pair of a corpus written by `node bench/generate.mjs --out CORPUS`, PASSES times
//! (default 200) — or `record` over a census NDJSON file given after PASSES —, each result serialized to JSON text as the wasm export does
//! (`output::to_writer`, the results written by hand).
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
    // `record`: the census's group, a file of its own (the corpus's `now`).
    let group = match (op.as_str(), std::env::var("PROFILE_GROUP")) {
        ("record", Ok(file)) => serde_json::from_str(&std::fs::read_to_string(file)?)?,
        _ => v.get("group").ok_or("corpus: no group")?.clone(),
    };
    let engine = Engine::from_config_value(&group)?;
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
    // Results are written into one buffer kept between calls, as the wasm
    // binding does (src/wasm/convert.rs): a fresh String per result would
    // count its growth, which wasm does not pay.
    let mut buf: Vec<u8> = Vec::new();
    // The hot results by hand (`output`), as the binding writes them.
    macro_rules! out {
        ($value:expr) => {{
            buf.clear();
            enroll_engine::output::to_writer(&mut buf, $value);
            black_box(&buf);
        }};
    }
    // `edit`: one prepared state per family, checked once; each pass types
    // one more letter into the employee's name suffix.
    let mut keystrokes: Vec<_> = pairs
        .iter()
        .zip(&prepared)
        .map(|((_, cur), prep)| {
            let mut k = enroll_engine::preview::CurrentDocument::checked(Some(cur.clone()));
            drop(k.edit("/employee/person/suffix", Some("\"\""), usize::MAX));
            (k, enroll_engine::diff::ids::Deferred::default(), prep)
        })
        .collect();
    // `record`: over a census NDJSON file given after PASSES (one record a
    // line, as bench/census.mjs writes them; its group in PROFILE_GROUP,
    // tests/fixtures/three-carriers-group.json for the census); each record through
    // `api::record::preview_record` and written as the census entry does.
    if op == "record" {
        use enroll_engine::api::{record, Measured};
        let lines: Vec<String> = std::fs::read_to_string(args.next().ok_or("record: no NDJSON file")?)?
            .lines()
            .map(str::to_owned)
            .collect();
        let options = Some(format!("{{\"now\":\"{now}\"}}"));
        for _ in 0..passes {
            for line in &lines {
                let answer = record::preview_record(
                    &engine,
                    Ok(Measured::Fits(line.clone())),
                    Ok(options.clone().map(Measured::Fits)),
                )?;
                if let record::Record::Answer(p) = answer {
                    buf.clear();
                    black_box(enroll_engine::output::to_writer_js(&mut buf, &p));
                }
            }
        }
        return Ok(());
    }
    if op == "edit" {
        for pass in 0..passes {
            let letter = format!("\"{}\"", char::from(b'a' + (pass % 26) as u8));
            for (k, ids, prep) in &mut keystrokes {
                drop(k.edit("/employee/person/suffix", Some(&letter), usize::MAX));
                let p = std::mem::take(ids).run(|| engine.preview_edited(Some(prep), k, &opts));
                out!(&p.as_ref().map(enroll_engine::preview::PreviewSummary::of));
                // As `prepared.edit` does: the last answer's differences go back.
                if let Some(p) = p {
                    k.give_back(p);
                }
            }
        }
        return Ok(());
    }
    for _ in 0..passes {
        for ((prev, cur), prep) in pairs.iter().zip(&prepared) {
            match op.as_str() {
                "validate" => out!(&engine.validate_str(cur, &vopts)),
                "diff" => out!(&engine.diff_str(Some(prev), cur, &dopts)),
                "check" => out!(&enroll_engine::preview::PreviewSummary::of(
                    &engine.preview_prepared(Some(prep), cur.as_str(), &opts),
                )),
                "prepared" => out!(&engine.preview_prepared(Some(prep), cur.as_str(), &opts)),
                _ => out!(&engine.preview_str(Some(prev), cur, &opts)),
            }
        }
    }
    Ok(())
}
