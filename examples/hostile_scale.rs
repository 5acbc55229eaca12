//! Native timings of the diff and preview loops on worst-case shapes (issue
//! 13): `cargo run --release --example hostile_scale [SHAPE…]`.
//!
//! For each shape of tests/common/shapes.rs and each size 0.25, 0.5, 1, 2 and
//! 4 MiB (the largest of its three documents, at most 4 MiB), prints the
//! CPU milliseconds (on Linux; wall time elsewhere) of `diff` and of
//! `preview` (a prepared previous snapshot,
//! then the call and its result serialized to JSON text, as the wasm export
//! does), the result sizes, and each time's ratio to the size before: near
//! linear is at most ~2.5 per doubling. A benchmark, not a test: nothing
//! here asserts a time. A shape whose call took more than `BUDGET_S`
//! (default 60) seconds skips its larger sizes.

#[path = "../tests/common/shapes.rs"]
mod shapes;

use std::hint::black_box;
use std::time::Instant;

use enroll_engine::diff::DiffOptions;
use enroll_engine::model::Timestamp;
use enroll_engine::preview::PreviewOptions;
use enroll_engine::Engine;

const MIB: usize = 1 << 20;
const SIZES: &[(f64, &str)] = &[(0.25, "0.25"), (0.5, "0.5"), (1.0, "1"), (2.0, "2"), (4.0, "4")];

/// The shape with the largest `n` whose largest document is at most `target` bytes.
fn sized(name: &str, target: usize) -> Option<(usize, shapes::Shape)> {
    let mut n = 64;
    let mut s = shapes::shape(name, n)?;
    // Fixed parts (the configuration, the employee) make size not quite
    // proportional to `n`: a few proportional steps converge.
    for _ in 0..8 {
        let next = (n as f64 * target as f64 / s.bytes() as f64 * 0.995) as usize;
        if next == n {
            break;
        }
        n = next.max(1);
        s = shapes::shape(name, n)?;
    }
    while s.bytes() > target {
        n = n * 99 / 100;
        s = shapes::shape(name, n)?;
    }
    Some((n, s))
}

/// Nanoseconds this thread has run on a CPU (Linux), so that a busy machine
/// does not inflate the figures; `None` elsewhere.
fn cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

/// Milliseconds of one call of `f` (CPU time where available, else wall
/// time), and its result's size.
fn time(f: impl FnOnce() -> String) -> (f64, usize) {
    let (cpu, wall) = (cpu_ns(), Instant::now());
    let out = black_box(f());
    let ms = match (cpu, cpu_ns()) {
        (Some(a), Some(b)) => b.saturating_sub(a) as f64 / 1e6,
        _ => wall.elapsed().as_secs_f64() * 1e3,
    };
    (ms, out.len())
}

/// `sized`, kept in the directory `SHAPE_CACHE` names (when set) so that a
/// profile of `--one` holds the call alone, not the making of the documents.
fn cached(name: &str, mib: f64) -> Result<(usize, shapes::Shape), Box<dyn std::error::Error>> {
    let dir = std::env::var("SHAPE_CACHE").ok();
    let path = |part: &str| dir.as_ref().map(|d| format!("{d}/{name}-{mib}-{part}.json"));
    let read = |part: &str| path(part).and_then(|p| std::fs::read_to_string(p).ok());
    if let (Some(config), Some(prev), Some(cur)) = (read("config"), read("prev"), read("cur")) {
        return Ok((0, shapes::Shape { config, prev, cur }));
    }
    let (n, s) = sized(name, (mib * MIB as f64) as usize).ok_or("no such shape")?;
    for (part, text) in [("config", &s.config), ("prev", &s.prev), ("cur", &s.cur)] {
        if let Some(p) = path(part) {
            std::fs::write(p, text)?;
        }
    }
    Ok((n, s))
}

/// `--one SHAPE MIB diff|preview`: that call alone (for `perf stat` or `perf record`).
fn one(name: &str, mib: f64, op: &str) -> Result<(), Box<dyn std::error::Error>> {
    let (n, s) = cached(name, mib)?;
    let engine = Engine::from_config_str(&s.config)?;
    let prepared = engine.prepare(&s.prev);
    let now = Timestamp::parse(shapes::NOW).ok_or("bad NOW")?;
    let (ms, out) = time(|| match op {
        "diff" => {
            let r = engine.diff_prepared(Some(&prepared), &s.cur, &DiffOptions { today: now.date() });
            serde_json::to_string(&r).unwrap_or_default()
        }
        _ => {
            let r = engine.preview_prepared(Some(&prepared), &s.cur, &PreviewOptions { now });
            serde_json::to_string(&r).unwrap_or_default()
        }
    });
    println!("{name} {mib} MiB n={n} {op}: {ms:.1} ms, {out} bytes out");
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, name, mib, op] = args.as_slice() {
        if flag == "--one" {
            return one(name, mib.parse()?, op);
        }
    }
    let budget_ms = std::env::var("BUDGET_S")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(60.0)
        * 1e3;
    let now = Timestamp::parse(shapes::NOW).ok_or("bad NOW")?;
    let diff_opts = DiffOptions { today: now.date() };
    let preview_opts = PreviewOptions { now };
    println!(
        "{:<22} {:>5} {:>7} {:>9} {:>10} {:>6} {:>10} {:>6} {:>11} {:>11}",
        "shape", "MiB", "n", "bytes", "diff ms", "×", "preview ms", "×", "diff out", "preview out"
    );
    for name in shapes::SHAPES
        .iter()
        .filter(|s| args.is_empty() || args.iter().any(|a| a == *s))
    {
        let (mut last_diff, mut last_preview): (Option<f64>, Option<f64>) = (None, None);
        for (mib, label) in SIZES {
            let Some((n, s)) = sized(name, (mib * MIB as f64) as usize) else {
                continue;
            };
            let engine = Engine::from_config_str(&s.config)?;
            let prepared = engine.prepare(&s.prev);
            let (d_ms, d_out) = time(|| {
                let r = engine.diff_prepared(Some(&prepared), &s.cur, &diff_opts);
                serde_json::to_string(&r).unwrap_or_default()
            });
            let (p_ms, p_out) = time(|| {
                let r = engine.preview_prepared(Some(&prepared), &s.cur, &preview_opts);
                serde_json::to_string(&r).unwrap_or_default()
            });
            let ratio =
                |last: Option<f64>, now: f64| last.map_or(String::from("-"), |l| format!("{:.2}", now / l));
            println!(
                "{:<22} {:>5} {:>7} {:>9} {:>10.1} {:>6} {:>10.1} {:>6} {:>11} {:>11}",
                name,
                label,
                n,
                s.bytes(),
                d_ms,
                ratio(last_diff, d_ms),
                p_ms,
                ratio(last_preview, p_ms),
                d_out,
                p_out
            );
            (last_diff, last_preview) = (Some(d_ms), Some(p_ms));
            if d_ms.max(p_ms) > budget_ms {
                println!("{name}: over {:.0} s, larger sizes skipped", budget_ms / 1e3);
                break;
            }
        }
    }
    Ok(())
}
