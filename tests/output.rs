//! The results written by hand (`enroll_engine::output`) are byte for byte
//! what the serde path (`privacy::to_writer`) writes: every preview, summary,
//! validation and diff of the generated corpus (`node bench/generate.mjs`),
//! of the fixtures and of hostile documents (escapes, control characters,
//! SSN-shaped text and numbers everywhere, `_cents` keys, Unicode), and
//! results whose every field was replaced by a hostile value.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{fixture, fixture_json};
use enroll_engine::api::engine::{self as api, Prepared};
use enroll_engine::api::{Arg, Measured, Text};
use enroll_engine::diff::{DiffOptions, DiffResult};
use enroll_engine::model::{Date, Timestamp};
use enroll_engine::output::{self, WriteJson};
use enroll_engine::preview::{Preview, PreviewOptions, PreviewSummary};
use enroll_engine::{privacy, Engine, ValidateOptions, ValidationResult};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// Asserts both paths write the same text; returns how many bytes.
fn same<T: Serialize + WriteJson>(value: &T, what: &str) -> usize {
    let serde = privacy::to_string(value).unwrap();
    let mut by_hand = b"kept".to_vec();
    output::to_writer(&mut by_hand, value);
    assert_eq!(&by_hand[..4], b"kept", "{what}: the writer appends");
    let by_hand = String::from_utf8(by_hand[4..].to_vec()).unwrap();
    if by_hand != serde {
        let at = by_hand
            .bytes()
            .zip(serde.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        let from = at.saturating_sub(80);
        panic!(
            "{what}: the texts differ at byte {at}\n by hand: {}\n   serde: {}",
            by_hand
                .get(from..(at + 80).min(by_hand.len()))
                .unwrap_or(&by_hand),
            serde.get(from..(at + 80).min(serde.len())).unwrap_or(&serde),
        );
    }
    same_js(value, what);
    serde.len()
}

/// JS mode (the census entries): the hand-written text is exact where the
/// serde path's is, and then the same bytes.
fn same_js<T: Serialize + WriteJson>(value: &T, what: &str) {
    #[cfg(feature = "census")]
    {
        let mut serde = Vec::new();
        let serde_exact = privacy::to_writer_js(&mut serde, value).unwrap();
        let mut by_hand = Vec::new();
        let hand_exact = output::to_writer_js(&mut by_hand, value);
        assert_eq!(hand_exact, serde_exact, "{what}: JS mode exact");
        if hand_exact {
            assert_eq!(
                String::from_utf8_lossy(&by_hand),
                String::from_utf8_lossy(&serde),
                "{what}: JS mode"
            );
        }
    }
    #[cfg(not(feature = "census"))]
    let _ = (value, what);
}

/// A preview and its summary, both ways.
fn same_preview(p: &Preview, what: &str) -> usize {
    same(p, what) + same(&PreviewSummary::of(p), &format!("{what} (summary)"))
}

fn text(s: &str) -> Arg<Text> {
    Ok(Measured::Fits(s.to_owned()))
}

fn opts(now: &str) -> Arg<Option<Text>> {
    Ok(Some(Measured::Fits(json!({ "now": now }).to_string())))
}

/// Every result of one (previous, current) pair, both ways: preview (by
/// text and prepared), its summary, the keystroke's `check`, `edit` and
/// `details()` (ids resolved late), validate and diff. Returns bytes compared.
fn pair(e: &Engine, previous: Option<&str>, current: &str, now: &str, what: &str) -> usize {
    let ts = Timestamp::parse(now).unwrap();
    let popts = PreviewOptions { now: ts };
    let mut n = 0;
    let preview = e.preview_str(previous, current, &popts);
    n += same_preview(&preview, &format!("{what}: preview"));
    let prepared = previous.map(|p| e.prepare(p));
    let p2 = e.preview_prepared(prepared.as_ref(), current, &popts);
    n += same_preview(&p2, &format!("{what}: prepared preview"));
    n += same(
        &e.validate_str(current, &ValidateOptions::default()),
        &format!("{what}: validate"),
    );
    let dopts = DiffOptions { today: ts.date() };
    let diff: DiffResult = e.diff_str(previous, current, &dopts);
    n += same(&diff, &format!("{what}: diff"));

    let prev = api::prepare(e, Ok(previous.map(|p| Measured::Fits(p.to_owned())))).unwrap();
    let mut k = Prepared::new(prev);
    if let Ok(summary) = api::prepared_check(e, &mut k, text(current), opts(now)) {
        n += same(&summary, &format!("{what}: check"));
        n += same(&api::prepared_details(e, &mut k), &format!("{what}: details"));
        // A keystroke: a letter typed into the employee's name.
        let edited = api::prepared_edit(
            e,
            &mut k,
            text("/employee/person/last_name"),
            Ok(Some(Measured::Fits("\"O'Brien-\\u0001219-45-3876\"".into()))),
            opts(now),
        );
        if let Ok(summary) = edited {
            n += same(&summary, &format!("{what}: edit"));
            n += same(
                &api::prepared_details(e, &mut k),
                &format!("{what}: edit details"),
            );
        }
    }
    n
}

/// The generated corpus, or `None` when `node` cannot run (the native tests
/// need no Node; `make test` has it).
fn corpus(families: usize, seed: u64) -> Option<Value> {
    let out = std::env::temp_dir().join(format!("output-corpus-{}-{seed}.json", std::process::id()));
    let script = format!("{}/bench/generate.mjs", env!("CARGO_MANIFEST_DIR"));
    let status = std::process::Command::new("node")
        .args([
            &script,
            "--families",
            &families.to_string(),
            "--seed",
            &seed.to_string(),
            "--out",
        ])
        .arg(&out)
        .status();
    match status {
        Ok(s) if s.success() => {}
        other => {
            eprintln!("node bench/generate.mjs did not run ({other:?}): corpus not compared");
            return None;
        }
    }
    let v = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let _ = std::fs::remove_file(&out);
    Some(v)
}

#[test]
fn the_corpus_is_written_as_the_serde_path_writes_it() {
    let Some(c) = corpus(120, 3) else { return };
    let e = Engine::from_config_value(&c["group"]).unwrap();
    let now = c["now"].as_str().unwrap();
    let mut bytes = 0;
    for (i, p) in c["pairs"].as_array().unwrap().iter().enumerate() {
        let (prev, cur) = (p["previous"].as_str().unwrap(), p["current"].as_str().unwrap());
        bytes += pair(&e, Some(prev), cur, now, &format!("corpus family {i}"));
        bytes += pair(
            &e,
            None,
            cur,
            now,
            &format!("corpus family {i}, first submission"),
        );
    }
    assert!(bytes > 1_000_000, "{bytes}");
}

#[test]
fn the_fixtures_are_written_as_the_serde_path_writes_them() {
    let three = Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap();
    for name in [
        "01-new-hire.json",
        "02-dependent-added.json",
        "03-address-move.json",
        "04-termination.json",
        "05-invalid-guardian.json",
        "06-send-carrier.json",
    ] {
        let s = fixture_json(&format!("scenarios/{name}"));
        let now = s["now"].as_str().unwrap();
        let prev = (!s["previous"].is_null()).then(|| s["previous"].to_string());
        let cur = s["current"].to_string();
        pair(&three, prev.as_deref(), &cur, now, name);
        pair(&three, Some(&cur), &cur, now, name);
        if let Some(prev) = &prev {
            pair(&three, Some(&cur), prev, now, &format!("{name} reversed"));
        }
    }
    let now = "2026-11-25T12:00:00Z";
    let snap = fixture("three-carriers-snapshot.json");
    pair(&three, None, &snap, now, "three carriers");
    let noyo = Engine::from_config_str(&fixture("noyo-example-group.json")).unwrap();
    pair(
        &noyo,
        None,
        &fixture("noyo-example-snapshot.json"),
        now,
        "noyo example",
    );
    pair(
        &noyo,
        Some(&snap),
        &fixture("noyo-example-snapshot.json"),
        now,
        "noyo vs three",
    );
    let premium = Engine::from_config_str(&fixture("premium/group.json")).unwrap();
    let family = fixture("premium/family-of-four.json");
    pair(&premium, None, &family, now, "premium family");
    pair(&premium, Some(&snap), &family, now, "premium family vs three");
    // Not JSON, not an object, empty: fatal issues.
    for bad in ["{", "[]", "", "null", "{\"employee\": 219453876}"] {
        pair(&three, Some(&snap), bad, now, bad);
        pair(&three, Some(bad), &snap, now, bad);
    }
}

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const HOSTILE_STRINGS: &[&str] = &[
    "219-45-3876",
    "219453876",
    "Ann 219 45 3876",
    "a\"b\\c/d",
    "\u{0}\u{1}\u{8}\u{b}\u{c}\u{1f}\u{7f}",
    "\t219\t45\t3876\n",
    "219\r\n45\r\n3876",
    "２１９-４５-３８７６",
    "2\u{200D}19-45-3876",
    "é漢字😀\u{2028}\u{2029}\u{feff}",
    "",
    "x_cents",
    "</script><!--",
    "123e4567-e89b-12d3-a456-426614174000",
    "D-0123456789abcdef",
    "12:00:00.219453876",
    "\\u0041\\n",
    "~1/~0",
];

fn hostile_number(rng: &mut Rng) -> Value {
    rng.pick(&[
        json!(219453876),
        json!(-219453876),
        json!(2194538760u64),
        json!(12345678),
        json!(0),
        json!(1.5),
        json!(219453876.0),
        json!(2.19453876e8),
        json!(1e21),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(999999999),
    ])
    .clone()
}

fn hostile_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 2 { 4 } else { 7 }) {
        // Money decided by the innermost object's key, arrays keeping it.
        6 => json!({"x_cents": [219453876, [219453876], {"y": 219453876, "z_cents": 219453876}],
                    "y": [219453876], "z\u{1}_cents": {"w": [219453876]}}),
        0 => Value::Null,
        1 => json!(rng.below(2) == 0),
        2 => hostile_number(rng),
        3 => json!(rng.pick(HOSTILE_STRINGS)),
        4 => Value::Array((0..rng.below(4)).map(|_| hostile_value(rng, depth + 1)).collect()),
        _ => {
            let keys = [
                "a_cents",
                "219-45-3876",
                "x\n_cents",
                "x_cents\n",
                "monthly_cents",
                "b",
                "é\u{1}",
            ];
            let mut m = serde_json::Map::new();
            for _ in 0..rng.below(5) {
                let k = if rng.below(3) == 0 {
                    (*rng.pick(HOSTILE_STRINGS)).to_owned()
                } else {
                    (*rng.pick(&keys)).to_owned()
                };
                m.insert(k, hostile_value(rng, depth + 1));
            }
            Value::Object(m)
        }
    }
}

/// Every pointer to a leaf or container of `v`.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                pointers(
                    x,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                pointers(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Hostile documents: strings, numbers and members of the fixtures'
/// snapshots replaced or added (names, ids, carrier ids, keys), previewed
/// against the original and as a first submission.
#[test]
fn hostile_documents_are_written_as_the_serde_path_writes_them() {
    let three = Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap();
    let premium = Engine::from_config_str(&fixture("premium/group.json")).unwrap();
    let now = "2026-11-25T12:00:00Z";
    let docs = [
        (&three, fixture_json("three-carriers-snapshot.json")),
        (
            &three,
            fixture_json("scenarios/06-send-carrier.json")["current"].clone(),
        ),
        (&premium, fixture_json("premium/family-of-four.json")),
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..240 {
        let (e, base) = &docs[round % docs.len()];
        let mut doc = base.clone();
        for _ in 0..1 + rng.below(6) {
            let mut all = Vec::new();
            pointers(&doc, String::new(), &mut all);
            let target = rng.pick(&all).clone();
            let slot = doc.pointer_mut(&target).unwrap();
            *slot = match (&*slot, rng.below(4)) {
                (Value::String(_), _) => json!(rng.pick(HOSTILE_STRINGS)),
                (Value::Number(_), _) => hostile_number(&mut rng),
                (Value::Object(m), 0 | 1) => {
                    let mut m = m.clone();
                    let k = (*rng.pick(&["zz_cents", "x\u{1}", "219-45-3876", "middle_name"])).to_owned();
                    m.insert(k, hostile_value(&mut rng, 1));
                    Value::Object(m)
                }
                (_, 2) => hostile_value(&mut rng, 1),
                (v, _) => v.clone(),
            };
        }
        let (cur, base) = (doc.to_string(), base.to_string());
        let what = format!("hostile round {round}");
        pair(e, Some(&base), &cur, now, &what);
        pair(e, Some(&cur), &base, now, &what);
        pair(e, None, &cur, now, &what);
    }
}

/// Results whose fields are replaced by hostile values (through their
/// `Deserialize`): every string field, every count, money, age and volume,
/// every `params`, `before` and `after`.
fn mutate_fields<T: Serialize + DeserializeOwned + WriteJson>(
    value: &T,
    rng: &mut Rng,
    rounds: usize,
    what: &str,
) {
    let base = serde_json::to_value(value).unwrap();
    let mut every = Vec::new();
    pointers(&base, String::new(), &mut every);
    // The places a hostile value can go (not an enum's, a date's or a
    // struct's own place): where one alone still reads back.
    let hostile = |slot: &Value, rng: &mut Rng| match slot {
        Value::String(_) => json!(rng.pick(HOSTILE_STRINGS)),
        Value::Number(_) => hostile_number(rng),
        Value::Object(_) | Value::Array(_) | Value::Null => hostile_value(rng, 0),
        Value::Bool(b) => json!(!b),
    };
    let all: Vec<String> = every
        .into_iter()
        .filter(|p| {
            (0..4).any(|_| {
                let mut v = base.clone();
                let slot = v.pointer_mut(p).unwrap();
                *slot = hostile(slot, rng);
                serde_json::from_value::<T>(v).is_ok()
            })
        })
        .collect();
    assert!(all.len() > 3, "{what}: {} places", all.len());
    let mut compared = 0;
    for round in 0..rounds {
        let mut v = base.clone();
        for _ in 0..1 + rng.below(8) {
            let target = rng.pick(&all);
            let Some(slot) = v.pointer_mut(target) else {
                continue;
            };
            *slot = hostile(slot, rng);
        }
        if let Ok(t) = serde_json::from_value::<T>(v) {
            same(&t, &format!("{what}, round {round}"));
            compared += 1;
        }
    }
    assert!(
        compared > rounds / 10,
        "{what}: {compared} of {rounds} deserialized"
    );
}

#[test]
fn hostile_values_in_every_field_are_written_as_the_serde_path_writes_them() {
    let premium = Engine::from_config_str(&fixture("premium/group.json")).unwrap();
    let three = Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap();
    let s = fixture_json("scenarios/06-send-carrier.json");
    let now = Timestamp::parse(s["now"].as_str().unwrap()).unwrap();
    let popts = PreviewOptions { now };
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let previews = [
        three.preview_str(
            Some(&s["previous"].to_string()),
            &s["current"].to_string(),
            &popts,
        ),
        three.preview_str(
            Some(&fixture("three-carriers-snapshot.json")),
            &fixture_json("scenarios/04-termination.json")["current"].to_string(),
            &popts,
        ),
        premium.preview_str(
            Some(&fixture("three-carriers-snapshot.json")),
            &fixture("premium/family-of-four.json"),
            &popts,
        ),
    ];
    for (i, p) in previews.iter().enumerate() {
        mutate_fields(p, &mut rng, 1500, &format!("preview {i}"));
        mutate_fields(&PreviewSummary::of(p), &mut rng, 1500, &format!("summary {i}"));
        let v = ValidationResult {
            valid: p.valid,
            issues: p.issues.clone(),
            carriers: p.carriers.clone(),
        };
        mutate_fields(&v, &mut rng, 300, &format!("validation {i}"));
    }
    let has = |f: &dyn Fn(&Preview) -> bool| previews.iter().any(f);
    assert!(has(
        &|p| !p.differences.is_empty() && p.differences.iter().any(|d| !d.fields.is_empty())
    ));
    assert!(has(&|p| p
        .issues
        .iter()
        .any(|i| !i.params.is_empty() && !i.carrier_ids.is_empty())));
    assert!(has(&|p| !p.transactions.is_empty()));
    assert!(has(&|p| p
        .fulfillment_summary
        .iter()
        .any(|f| f.feed.is_some() && f.next_transmission.is_some())));
    assert!(has(&|p| !p.acknowledgement.coverages.is_empty()));
    let with_premium = previews
        .iter()
        .find(|p| p.premium.as_ref().is_some_and(|s| !s.lines.is_empty()));
    assert!(with_premium.is_some(), "a preview with premium lines");
    // Extremes of each integer type and dates at the ends of the range.
    let mut p = previews[2].clone();
    if let Some(s) = p.premium.as_mut() {
        s.on = Date::OPEN_END;
        s.total.monthly_cents = i64::MIN;
        s.total.employer_cents = i64::MAX;
        s.total.employee_cents = 219_453_876;
        for line in &mut s.lines {
            line.monthly_cents = -219_453_876;
            for m in &mut line.members {
                m.age = Some(i32::MIN);
                m.volume = Some(219_453_876);
                m.monthly_cents = Some(219_453_876);
            }
        }
    }
    same_preview(&p, "extremes");
    let mut summary = PreviewSummary::of(&p);
    summary.differences = 219_453_876;
    summary.transactions = usize::MAX;
    for f in &mut summary.fulfillment {
        f.errors = 1_219_453_876;
        f.next_transmission = Timestamp::parse("0000-01-01T00:00:00Z");
    }
    same(&summary, "extreme counts");
}
