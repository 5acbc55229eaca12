//! Native timings of the validation-side hostile shapes (issue 13), at 0.25,
//! 0.5, 1, 2 and 4 MiB: `cargo run --release --example hostile_bounds`.
//! Each row is one call as the wasm export runs it (text in, the result
//! serialized to JSON text out): milliseconds, the result's bytes and issue
//! count, and the ratio to the row before (each doubling should cost ≤ ~2.5×).
//! A measurement, not a test: nothing here asserts a time.
#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::time::Instant;

use enroll_engine::model::Timestamp;
use enroll_engine::preview::PreviewOptions;
use enroll_engine::validate::check_config_str;
use enroll_engine::{Engine, ValidateOptions};
use serde_json::{json, Value};

const MIB: usize = 1024 * 1024;
const CARRIER: &str = "4d4d815b-ae8f-430c-901f-1c9d5ee3f4f1";
const PLAN: &str = "4bf04f73-0aad-48ac-b28a-e5f4def7c5e9";

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap_or_default()
}

/// Noyo's example snapshot with `edit` applied, then `fill` repeated into
/// the array at `key` until the text is about `bytes` long.
fn snapshot(bytes: usize, edit: impl Fn(&mut Value), key: &str, fill: impl Fn(usize) -> String) -> String {
    let mut doc: Value = serde_json::from_str(&fixture("noyo-example-snapshot.json")).unwrap_or_default();
    edit(&mut doc);
    if let Some(m) = doc.as_object_mut() {
        m.insert(key.to_owned(), json!([]));
    }
    let text = doc.to_string();
    let marker = format!("\"{key}\":[]");
    let Some(at) = text.find(&marker) else { return text };
    let mut items = String::new();
    let mut n = 0;
    while text.len() + items.len() < bytes {
        if n > 0 {
            items.push(',');
        }
        items.push_str(&fill(n));
        n += 1;
    }
    let open = at + marker.len() - 1;
    format!("{}{}{}", &text[..open], items, &text[open..])
}

fn uuid(n: usize) -> String {
    format!("{:08x}-0000-4000-8000-{:012x}", n / 4096, n)
}

/// `(milliseconds, result bytes, issues)` of `f`, the best of three.
fn time<T: serde::Serialize>(f: impl Fn() -> T, issues: impl Fn(&T) -> usize) -> (f64, usize, usize) {
    let mut best = (f64::MAX, 0, 0);
    for _ in 0..3 {
        let t = Instant::now();
        let r = f();
        let out = serde_json::to_string(&r).unwrap_or_default();
        let ms = t.elapsed().as_secs_f64() * 1e3;
        if ms < best.0 {
            best = (ms, out.len(), issues(&r));
        }
    }
    best
}

/// Whether to run `shape` (all unless `SHAPE` names one).
fn wanted(shape: &str) -> bool {
    std::env::var("SHAPE").map_or(true, |s| s == shape)
}

fn row(shape: &str, size: usize, input: usize, r: (f64, usize, usize), prev: &mut Option<f64>) {
    let ratio = prev
        .map(|p| format!("{:.2}x", r.0 / p.max(1e-3)))
        .unwrap_or_default();
    println!(
        "{shape:<10} {:>5.2} MiB  input {:>8}  {:>9.1} ms {:>7}  out {:>9} B  issues {:>5}",
        size as f64 / MIB as f64,
        input,
        r.0,
        ratio,
        r.1,
        r.2
    );
    *prev = Some(r.0);
}

fn main() {
    let engine = Engine::from_config_str(&fixture("noyo-example-group.json"))
        .unwrap_or_else(|e| panic_free_exit(&e.to_string()));
    let opts = ValidateOptions::default();
    let sizes = [MIB / 4, MIB / 2, MIB, 2 * MIB, 4 * MIB - 1024];
    let count = |r: &enroll_engine::ValidationResult| r.issues.len();

    // Many issues: `"events":[1,1,…]`, one wrong_type each.
    let mut prev = None;
    for &size in sizes.iter().filter(|_| wanted("events")) {
        let text = snapshot(size, |_| {}, "events", |_| "1".into());
        row(
            "events",
            size,
            text.len(),
            time(|| engine.validate_str(&text, &opts), count),
            &mut prev,
        );
    }

    // Amplifying names: a name of a quarter of the document, named by an
    // issue (coverage_waived) for each of the employee's many enrollments.
    let mut prev = None;
    for &size in sizes.iter().filter(|_| wanted("names")) {
        let name = "N".repeat(size / 4);
        let edit = |d: &mut Value| d["employee"]["person"]["first_name"] = json!(name);
        let member = |_| {
            r#"{"plan_id":"4bf04f73-0aad-48ac-b28a-e5f4def7c5e9","carrier_id":"4d4d815b-ae8f-430c-901f-1c9d5ee3f4f1","line_of_coverage":"medical","enrolled_members":[{"individual_type":"employee","effective_start_date":"2026-01-02","effective_end_date":"2026-01-01"}]}"#.to_owned()
        };
        let text = snapshot(size, edit, "coverages", member);
        row(
            "names",
            size,
            text.len(),
            time(|| engine.validate_str(&text, &opts), count),
            &mut prev,
        );
    }

    // Many coverages with overlaps and many dependents: each coverage enrolls
    // the employee (overlapping the others) and one dependent of its own.
    let mut prev = None;
    for &size in sizes.iter().filter(|_| wanted("coverages")) {
        let n = size / 420;
        let edit = |d: &mut Value| {
            let deps: Vec<Value> = (0..n)
                .map(|k| json!({"custom_individual_id": format!("D{k}"), "relationship": "child",
                    "person": {"first_name": "C", "last_name": format!("L{k}"), "date_of_birth": "2015-01-01"}}))
                .collect();
            d["dependents"] = json!(deps);
        };
        let cov = |k: usize| {
            format!(
                r#"{{"plan_id":"{PLAN}","carrier_id":"{CARRIER}","line_of_coverage":"medical","enrolled_members":[{{"individual_type":"employee","effective_start_date":"2026-01-01"}},{{"individual_type":"dependent","custom_individual_id":"D{}","effective_start_date":"2026-01-01"}}]}}"#,
                k % n.max(1)
            )
        };
        let text = snapshot(size, edit, "coverages", cov);
        row(
            "coverages",
            size,
            text.len(),
            time(|| engine.validate_str(&text, &opts), count),
            &mut prev,
        );
    }

    // A snapshot naming thousands of carriers, plus bad events: every
    // family issue names every carrier.
    let mut prev = None;
    for &size in sizes.iter().filter(|_| wanted("carriers")) {
        let carriers = size / 2 / 110;
        let edit = |d: &mut Value| {
            let covs: Vec<Value> = (0..carriers)
                .map(|k| json!({"plan_id": PLAN, "carrier_id": uuid(k), "enrolled_members": []}))
                .collect();
            d["coverages"] = json!(covs);
        };
        let text = snapshot(size, edit, "events", |_| "1".into());
        row(
            "carriers",
            size,
            text.len(),
            time(|| engine.validate_str(&text, &opts), count),
            &mut prev,
        );
    }

    // Big configurations: many carriers (some ids twice), plans of them
    // (some of unknown carriers, some sharing a name).
    let mut prev = None;
    for &size in sizes.iter().filter(|_| wanted("config")) {
        let n = size / 260;
        let carriers: Vec<Value> = (0..n)
            .map(|k| json!({"id": uuid(k % (n - n / 8)), "name": format!("C{k}"), "mode": "sync"}))
            .collect();
        let plans: Vec<Value> = (0..n)
            .map(|k| {
                json!({"id": uuid(k + n), "name": format!("P{}", k / 2), "carrier_id": uuid(k / 2 * 2),
                "line_of_coverage": "medical"})
            })
            .collect();
        let text = json!({"group_id": "g", "carriers": carriers, "plans": plans}).to_string();
        let r = time(|| check_config_str(&text, usize::MAX).1, |c| c.issues.len());
        row("config", size, text.len(), r, &mut prev);
    }

    // Feed rules: BYHOUR / BYMINUTE / BYSECOND lists as long as the document.
    let mut prev = None;
    for &size in sizes.iter().filter(|_| wanted("feed")) {
        let list = |max: usize| {
            let each = size / 3;
            let mut s = String::new();
            let mut k = 0;
            while s.len() < each {
                if k > 0 {
                    s.push(',');
                }
                s.push_str(&(k % max).to_string());
                k += 1;
            }
            s
        };
        let rule = format!(
            "FREQ=DAILY;BYHOUR={};BYMINUTE={};BYSECOND={}",
            list(24),
            list(60),
            list(60)
        );
        let text =
            json!({"group_id": "g", "carriers": [{"id": CARRIER, "mode": "send", "feed": {"rrule": rule}}]})
                .to_string();
        let r = time(|| check_config_str(&text, usize::MAX).1, |c| c.issues.len());
        row("feed", size, text.len(), r, &mut prev);
    }

    // The largest rule that passes, previewed: every hour, minute and second.
    let all = |n: u32| (0..n).map(|v| v.to_string()).collect::<Vec<_>>().join(",");
    let rule = format!(
        "FREQ=DAILY;BYHOUR={};BYMINUTE={};BYSECOND={}",
        all(24),
        all(60),
        all(60)
    );
    let mut config: Value = serde_json::from_str(&fixture("noyo-example-group.json")).unwrap_or_default();
    config["carriers"][0]["mode"] = json!("send");
    config["carriers"][0]["feed"] = json!({ "rrule": rule });
    if let (Ok(engine), Some(now)) = (
        Engine::from_config_value(&config),
        Timestamp::parse("2026-11-25T12:00:00Z"),
    ) {
        let doc = fixture("noyo-example-snapshot.json");
        let r = time(
            || engine.preview_str(None, &doc, &PreviewOptions { now }),
            |p| p.issues.len(),
        );
        println!(
            "feed-max   preview of the full BYHOUR×BYMINUTE×BYSECOND rule: {:.2} ms",
            r.0
        );
    }
}

fn panic_free_exit(why: &str) -> ! {
    eprintln!("{why}");
    std::process::exit(1)
}
