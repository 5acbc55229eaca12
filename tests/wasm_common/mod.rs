//! wasm-bindgen tests shared by tests/wasm_node.rs (Node) and
//! tests/wasm_browser.rs (headless Chromium): the binding end to end.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use enroll_engine::wasm::{check_config, JsEngine};
use js_sys::{Object, Reflect, JSON};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const CONFIG: &str = include_str!("../fixtures/noyo-example-group.json");
const EXAMPLE: &str = include_str!("../fixtures/noyo-example-snapshot.json");
const GOLDEN: &str = include_str!("../golden/structure.json");
const THREE_CARRIERS: &str = include_str!("../fixtures/three-carriers-group.json");
const PREVIEW_GOLDEN: &str = include_str!("../golden/preview.json");

fn to_json(v: &JsValue) -> Value {
    serde_json::from_str(&JSON::stringify(v).unwrap().as_string().unwrap()).unwrap()
}

fn engine() -> JsEngine {
    JsEngine::new(JsValue::from_str(CONFIG)).unwrap()
}

fn validate(e: &JsEngine, input: JsValue) -> Value {
    to_json(&e.validate(input, None).unwrap())
}

fn error_code(err: &JsValue) -> String {
    Reflect::get(err, &"code".into()).unwrap().as_string().unwrap()
}

/// A whole preview summed up as `prepared.check` answers (docs/api.md).
fn summary_of(p: &Value) -> Value {
    let list = |v: &Value| v.as_array().cloned().unwrap_or_default();
    let routed = |id: &Value| {
        list(&p["differences"])
            .iter()
            .filter(|d| &d["carrier_id"] == id)
            .count()
    };
    let fulfillment: Vec<Value> = list(&p["fulfillment_summary"])
        .iter()
        .map(|f| {
            json!({
                "carrier_id": f["carrier_id"], "status": f["status"],
                "errors": list(&f["errors"]).len(), "warnings": list(&f["warnings"]).len(),
                "differences": routed(&f["carrier_id"]), "next_transmission": f["next_transmission"],
            })
        })
        .collect();
    let premium = match &p["premium"] {
        Value::Null => Value::Null,
        m => json!({
            "on": m["on"], "total": m["total"], "previous_total": m["previous_total"],
            "change": m["change"], "issues": list(&m["issues"]).len(),
        }),
    };
    json!({
        "valid": p["valid"], "issues": p["issues"], "carriers": p["carriers"],
        "fulfillment": fulfillment, "status": p["status"],
        "differences": list(&p["differences"]).len(), "transactions": list(&p["transactions"]).len(),
        "premium": premium,
    })
}

/// One result per golden case, as a JS string and as a JS object, equal to
/// what the native build produced.
#[wasm_bindgen_test]
fn golden_cases_match_the_native_build() {
    let e = engine();
    let golden: Value = serde_json::from_str(GOLDEN).unwrap();
    for case in golden.as_array().unwrap() {
        let input = case["input"].as_str().unwrap();
        let name = &case["name"];
        assert_eq!(
            validate(&e, JsValue::from_str(input)),
            case["expected"],
            "{name} as string"
        );
        if let Ok(obj) = JSON::parse(input) {
            assert_eq!(validate(&e, obj), case["expected"], "{name} as object");
        }
    }
}

/// The issue's exact pointers, and no trap: the next call after each works.
#[wasm_bindgen_test]
fn bad_inputs_get_exact_pointers_and_never_trap() {
    let e = engine();
    let example: Value = serde_json::from_str(EXAMPLE).unwrap();
    let mut no_employee = example.clone();
    no_employee.as_object_mut().unwrap().remove("employee");
    let mut number_date = example.clone();
    number_date["coverages"][0]["enrolled_members"][0]["effective_start_date"] = json!(20220101);
    let mut cousin = example.clone();
    cousin["dependents"][0]["relationship"] = json!("cousin");
    let mut feb30 = example.clone();
    feb30["employee"]["employment"]["employment_dates"]["hire_date"] = json!("2022-02-30");
    let cases: Vec<(JsValue, &str, &str)> = vec![
        (JsValue::from_str("{not json"), "json_syntax", ""),
        (js_sys::Array::new().into(), "not_an_object", ""),
        (
            JSON::parse(&no_employee.to_string()).unwrap(),
            "missing_field",
            "/employee",
        ),
        (
            JsValue::from_str(&number_date.to_string()),
            "wrong_type",
            "/coverages/0/enrolled_members/0/effective_start_date",
        ),
        (
            JSON::parse(&cousin.to_string()).unwrap(),
            "unknown_enum_value",
            "/dependents/0/relationship",
        ),
        (
            JsValue::from_str(&feb30.to_string()),
            "impossible_date",
            "/employee/employment/employment_dates/hire_date",
        ),
        (JsValue::NULL, "not_an_object", ""),
        (JsValue::from_f64(f64::NAN), "not_an_object", ""),
    ];
    for (input, code, path) in cases {
        let r = validate(&e, input);
        assert_eq!(r["valid"], false);
        assert_eq!(
            (r["issues"][0]["code"].as_str(), r["issues"][0]["path"].as_str()),
            (Some(code), Some(path))
        );
        let next = validate(&e, JsValue::from_str(EXAMPLE));
        assert_eq!(next["valid"], true, "call after {code} failed: {next}");
    }
}

#[wasm_bindgen_test]
fn misuse_throws_errors_with_codes_and_the_engine_survives() {
    let e = engine();
    let err = e.validate(JsValue::UNDEFINED, None).unwrap_err();
    assert_eq!(error_code(&err), "INVALID_ARGUMENT");
    assert!(err.is_instance_of::<js_sys::Error>());
    // A circular object cannot become JSON.
    let circular = Object::new();
    Reflect::set(&circular, &"self".into(), &circular).unwrap();
    assert_eq!(
        error_code(&e.validate(circular.into(), None).unwrap_err()),
        "INVALID_ARGUMENT"
    );
    // Nor can a BigInt.
    let big = Object::new();
    Reflect::set(&big, &"n".into(), &js_sys::BigInt::from(5u32).into()).unwrap();
    assert_eq!(
        error_code(&e.validate(big.into(), None).unwrap_err()),
        "INVALID_ARGUMENT"
    );
    let opts = JSON::parse(r#"{"today": "2026-02-30"}"#).unwrap();
    assert_eq!(
        error_code(
            &e.validate(JsValue::from_str(EXAMPLE), Some(opts.unchecked_into()))
                .unwrap_err()
        ),
        "INVALID_OPTIONS"
    );
    let opts = JSON::parse(r#"{"today": "2026-11-25"}"#).unwrap();
    assert_eq!(
        to_json(
            &e.validate(JsValue::from_str(EXAMPLE), Some(opts.unchecked_into()))
                .unwrap()
        )["valid"],
        true
    );
}

#[wasm_bindgen_test]
fn invalid_config_is_refused_with_located_issues() {
    let bad = r#"{"group_id": "g", "carriers": [{"id": "beam"}]}"#;
    let err = JsEngine::new(JsValue::from_str(bad)).err().unwrap();
    assert_eq!(error_code(&err), "INVALID_CONFIG");
    let issues = to_json(&Reflect::get(&err, &"issues".into()).unwrap());
    assert_eq!(issues[0]["code"], "invalid_uuid");
    assert_eq!(issues[0]["path"], "/carriers/0/id");
    let check = to_json(&check_config(JsValue::from_str(bad)).unwrap());
    assert_eq!(check["valid"], false);
    assert_eq!(check["issues"], issues);
    assert_eq!(
        to_json(&check_config(JsValue::from_str(CONFIG)).unwrap())["valid"],
        true
    );
}

#[wasm_bindgen_test]
fn results_are_plain_objects() {
    let r = engine().validate(JsValue::from_str("{not json"), None).unwrap();
    let issues = Reflect::get(&r, &"issues".into()).unwrap();
    let first = Reflect::get(&issues, &0.into()).unwrap();
    let params = Reflect::get(&first, &"params".into()).unwrap();
    assert!(!params.is_instance_of::<js_sys::Map>());
    assert_eq!(Reflect::get(&params, &"line".into()).unwrap().as_f64(), Some(1.0));
}

/// diff and preview of every golden scenario equal the native build's.
#[wasm_bindgen_test]
fn preview_golden_matches_the_native_build() {
    let e = JsEngine::new(JsValue::from_str(THREE_CARRIERS)).unwrap();
    let golden: Value = serde_json::from_str(PREVIEW_GOLDEN).unwrap();
    for case in golden.as_array().unwrap() {
        let name = &case["name"];
        let prev = case["previous"]
            .as_str()
            .map(JsValue::from_str)
            .unwrap_or(JsValue::NULL);
        let cur = JsValue::from_str(case["current"].as_str().unwrap());
        let today = JSON::parse(&json!({ "today": case["today"] }).to_string()).unwrap();
        let diff = e
            .diff(prev.clone(), cur.clone(), Some(today.unchecked_into()))
            .unwrap();
        assert_eq!(to_json(&diff), case["diff"], "{name}: diff");
        let now = JSON::parse(&json!({ "now": case["now"] }).to_string()).unwrap();
        let preview = e
            .preview(prev.clone(), cur.clone(), now.clone().unchecked_into())
            .unwrap();
        assert_eq!(to_json(&preview), case["preview"], "{name}: preview");
        // The same through a prepared previous snapshot (keystroke previews).
        if !prev.is_null() {
            let prepared = e.prepare(prev).unwrap();
            let again = prepared
                .preview(cur.clone(), now.clone().unchecked_into())
                .unwrap();
            assert_eq!(to_json(&again), case["preview"], "{name}: prepared preview");
            // The keystroke's summary, built in JS from numbers and text (src/wasm/summary.js).
            let summary = prepared.check(cur.clone(), now.unchecked_into()).unwrap();
            assert_eq!(
                to_json(&summary),
                summary_of(&case["preview"]),
                "{name}: prepared check"
            );
            let keys: Vec<String> = Object::keys(summary.unchecked_ref::<Object>())
                .iter()
                .filter_map(|k| k.as_string())
                .collect();
            let order = [
                "valid",
                "issues",
                "carriers",
                "fulfillment",
                "status",
                "differences",
                "transactions",
                "premium",
            ];
            assert_eq!(keys, order, "{name}: the summary's keys in order");
            let today = JSON::parse(&json!({ "today": case["today"] }).to_string()).unwrap();
            let diff = prepared.diff(cur, Some(today.unchecked_into())).unwrap();
            assert_eq!(to_json(&diff), case["diff"], "{name}: prepared diff");
        }
    }
}

#[wasm_bindgen_test]
fn preview_without_now_is_misuse() {
    let e = JsEngine::new(JsValue::from_str(THREE_CARRIERS)).unwrap();
    let err = e
        .preview(
            JsValue::NULL,
            JsValue::from_str(EXAMPLE),
            Object::new().unchecked_into(),
        )
        .unwrap_err();
    assert_eq!(error_code(&err), "INVALID_OPTIONS");
    let err = e.diff(JsValue::NULL, JsValue::UNDEFINED, None).unwrap_err();
    assert_eq!(error_code(&err), "INVALID_ARGUMENT");
}

/// Issue 8's bad-input catalogue: each input gets a structured answer (a
/// result with issues, or an EngineError with a code), and the next call works.
#[wasm_bindgen_test]
fn bad_input_catalogue_never_traps() {
    let e = engine();
    let check_next = |e: &JsEngine| assert_eq!(validate(e, JsValue::from_str(EXAMPLE))["valid"], true);
    let example: Value = serde_json::from_str(EXAMPLE).unwrap();
    // (input, expected first code): strings are JSON text.
    let mut deep = "[".repeat(100_000);
    deep.push_str(&"]".repeat(100_000));
    let big = format!("{{\"pad\": \"{}\"}}", "x".repeat(50 * 1024 * 1024));
    let mut with_big_number = example.clone();
    with_big_number["coverages"][2]["enrolled_members"][0]["volume"] = json!(1e30);
    let with_big_number = with_big_number
        .to_string()
        .replace("1e30", "123456789012345678901234567890");
    let mut nul = example.clone();
    nul["employee"]["person"]["first_name"] = json!("Da\u{0}vid");
    let cases: Vec<(String, &str)> = vec![
        ("{\"a\":".into(), "json_syntax"),
        (deep, "json_syntax"),
        (big, "input_too_large"),
        (format!("\u{feff}{EXAMPLE}"), ""),
        // Lone surrogate escapes are not Unicode: serde_json refuses them.
        ("\"\\ud800\"".into(), "json_syntax"),
        ("{\"employee\": \"\\udc00\"}".into(), "json_syntax"),
        (with_big_number, "out_of_range"),
        (
            format!("{{\"snapshot_mode\": \"current_open\", \"snapshot_mode\": 5}}"),
            "wrong_type",
        ),
        (nul.to_string(), ""),
        ("{\"employee\": \u{0} }".into(), "json_syntax"),
        ("NaN".into(), "json_syntax"),
        ("1e999".into(), "json_syntax"),
    ];
    for (input, code) in cases {
        let r = validate(&e, JsValue::from_str(&input));
        let first = r["issues"].as_array().and_then(|a| {
            a.iter()
                .find(|i| i["severity"] == "fatal" || i["severity"] == "error")
        });
        match first {
            Some(i) => assert_eq!(i["code"], code, "{}", &input.chars().take(60).collect::<String>()),
            None => assert_eq!(
                code,
                "",
                "expected {code} for {}",
                &input.chars().take(60).collect::<String>()
            ),
        }
        check_next(&e);
    }
    // A JS string holding a raw lone surrogate arrives as U+FFFD.
    let lone = js_sys::JsString::from("{\"snapshot_mode\": \"")
        .concat(&js_sys::JsString::from_char_code1(0xD800))
        .concat(&"\"}".into());
    let r = validate(&e, lone.into());
    assert_eq!(r["issues"][0]["code"], "unknown_enum_value");
    assert_eq!(r["issues"][0]["params"]["value"], "\u{fffd}");
    check_next(&e);
    // JS values that JSON cannot carry: NaN/Infinity become null (a wrong_type), circular and BigInt throw.
    let obj = JSON::parse(EXAMPLE).unwrap();
    let person = Reflect::get(&Reflect::get(&obj, &"employee".into()).unwrap(), &"person".into()).unwrap();
    Reflect::set(&person, &"first_name".into(), &JsValue::from_f64(f64::NAN)).unwrap();
    let employment = Reflect::get(
        &Reflect::get(&obj, &"employee".into()).unwrap(),
        &"employment".into(),
    )
    .unwrap();
    Reflect::set(
        &employment,
        &"hours_worked".into(),
        &JsValue::from_f64(f64::INFINITY),
    )
    .unwrap();
    let r = validate(&e, obj);
    let codes: Vec<(String, String)> = r["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["severity"] == "error")
        .map(|i| {
            (
                i["code"].as_str().unwrap().to_owned(),
                i["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("wrong_type".to_owned(), "/employee/person/first_name".to_owned()),
            (
                "wrong_type".to_owned(),
                "/employee/employment/hours_worked".to_owned()
            )
        ]
    );
    check_next(&e);
}

// ---- issue 13: input size, callbacks, memory ---------------------------------

const LIMIT: usize = 4 * 1024 * 1024;
const SECRET: &str = "whsec_test_secret";

fn js(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

fn codes(result: &Value) -> Vec<String> {
    result["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap().to_owned())
        .collect()
}

/// Inputs over 4 MiB are measured in JS and never copied in: linear memory
/// does not move, each function gives its usual answer with the
/// input_too_large issue, and the next call works.
#[wasm_bindgen_test]
fn oversized_inputs_are_refused_before_the_copy() {
    use enroll_engine::wasm::{heap_bytes, memory_bytes, parse_callback, verify_callback};
    let e = engine();
    validate(&e, JsValue::from_str(EXAMPLE));
    let huge: JsValue = js_sys::JsString::from("x").repeat(64 * 1024 * 1024).into();
    // 2 Mi + 1 two-byte characters: under the limit in UTF-16 units, over it in UTF-8.
    let wide: JsValue = js_sys::JsString::from("é").repeat(2 * 1024 * 1024 + 1).into();
    let (linear, heap) = (memory_bytes(), heap_bytes());
    let now = || js(r#"{"now": "2026-11-25T12:00:00Z"}"#).unchecked_into();
    for input in [&huge, &wide] {
        let r = validate(&e, input.clone());
        assert_eq!(codes(&r), ["input_too_large"]);
        assert_eq!(r["issues"][0]["params"], json!({ "limit": LIMIT }));
        assert_eq!(
            r["issues"][0]["message"],
            "The document is more than 4,194,304 bytes, the input limit; it is not read."
        );
        assert_eq!(r["valid"], false);
        let p = to_json(&e.preview(input.clone(), input.clone(), now()).unwrap());
        assert_eq!(codes(&p), ["input_too_large", "previous_snapshot_unreadable"]);
        let d = to_json(&e.diff(JsValue::NULL, input.clone(), None).unwrap());
        assert_eq!(codes(&d), ["input_too_large"]);
        let prepared = e.prepare(input.clone()).unwrap();
        let p = to_json(&prepared.preview(JsValue::from_str(EXAMPLE), now()).unwrap());
        assert!(
            codes(&p).contains(&"previous_snapshot_unreadable".to_owned()),
            "{p}"
        );
        let c = to_json(&check_config(input.clone()).unwrap());
        assert_eq!(
            (c["valid"].clone(), codes(&c)),
            (json!(false), vec!["input_too_large".to_owned()])
        );
        let err = JsEngine::new(input.clone()).err().unwrap();
        assert_eq!(error_code(&err), "INVALID_CONFIG");
        assert_eq!(
            to_json(&Reflect::get(&err, &"issues".into()).unwrap())[0]["code"],
            "input_too_large"
        );
        assert_eq!(
            codes(&to_json(&parse_callback(input.clone()).unwrap())),
            ["input_too_large"]
        );
        let v = verify_callback(
            SECRET.into(),
            1.0.into(),
            input.clone(),
            "ab".repeat(32).into(),
            1.0.into(),
            300.0.into(),
        )
        .unwrap();
        assert_eq!(to_json(&v)["code"], "input_too_large");
        // Options over the limit: INVALID_OPTIONS with the issue.
        let opts = Object::new();
        Reflect::set(&opts, &"today".into(), input).unwrap();
        let err = e
            .validate(JsValue::from_str(EXAMPLE), Some(opts.unchecked_into()))
            .unwrap_err();
        assert_eq!(error_code(&err), "INVALID_OPTIONS");
    }
    // An object whose JSON is over the limit is measured after JSON.stringify.
    let obj = Object::new();
    Reflect::set(&obj, &"pad".into(), &huge).unwrap();
    assert_eq!(codes(&validate(&e, obj.into())), ["input_too_large"]);
    assert!(
        memory_bytes() - linear <= 1024.0 * 1024.0,
        "linear memory grew by {}",
        memory_bytes() - linear
    );
    assert!(
        heap_bytes() <= heap + 1024.0 * 1024.0,
        "heap {heap} → {}",
        heap_bytes()
    );
    assert_eq!(validate(&e, JsValue::from_str(EXAMPLE))["valid"], true);
}

/// Callback bodies are strings or raw bytes; anything else, short secrets and
/// bad tolerances are EngineErrors with codes, and nothing traps.
#[wasm_bindgen_test]
fn callback_arguments_are_checked_before_use() {
    use enroll_engine::wasm::{sign_callback, verify_callback};
    let body = r#"{"event_id":"evt-1"}"#;
    let sig = sign_callback(SECRET.into(), 1_764_090_000.0.into(), body.into()).unwrap();
    let bytes: JsValue = js_sys::Uint8Array::from(body.as_bytes()).into();
    let buffer: JsValue = js_sys::Uint8Array::from(body.as_bytes()).buffer().into();
    for b in [&bytes, &buffer] {
        assert_eq!(
            sign_callback(SECRET.into(), 1_764_090_000.0.into(), b.clone()).unwrap(),
            sig
        );
    }
    let verify = |secret: JsValue, body: JsValue, tolerance: JsValue| {
        verify_callback(
            secret,
            1_764_090_000.0.into(),
            body,
            sig.clone().into(),
            1_764_090_000.0.into(),
            tolerance,
        )
    };
    assert_eq!(
        to_json(&verify(SECRET.into(), bytes.clone(), 300.0.into()).unwrap())["valid"],
        true
    );
    let length_minus_one = js(r#"{"length": -1}"#);
    for bad in [
        js(r#"{"event_id": "evt-1"}"#),
        js("[1]"),
        length_minus_one,
        42.0.into(),
        JsValue::NULL,
    ] {
        for err in [
            sign_callback(SECRET.into(), 1.0.into(), bad.clone()).unwrap_err(),
            verify(SECRET.into(), bad.clone(), 300.0.into()).unwrap_err(),
        ] {
            assert_eq!(error_code(&err), "INVALID_ARGUMENT");
        }
    }
    for short in ["", "fifteen bytes!!"] {
        assert_eq!(
            error_code(&sign_callback(short.into(), 1.0.into(), body.into()).unwrap_err()),
            "INVALID_ARGUMENT"
        );
        assert_eq!(
            error_code(&verify(short.into(), body.into(), 300.0.into()).unwrap_err()),
            "INVALID_ARGUMENT"
        );
    }
    for tolerance in [
        JsValue::NULL,
        "".into(),
        (-1.0).into(),
        3601.0.into(),
        f64::NAN.into(),
        0.5.into(),
    ] {
        assert_eq!(
            error_code(&verify(SECRET.into(), body.into(), tolerance).unwrap_err()),
            "INVALID_OPTIONS"
        );
    }
    assert_eq!(
        to_json(&verify(SECRET.into(), body.into(), 3600.0.into()).unwrap())["valid"],
        true
    );
}

/// Byte strings order and compare as their bytes do (src/wasm/mem.rs puts
/// a word-at-a-time `memcmp`/`bcmp` under every slice compare on wasm32):
/// every length 0..40 against itself and against copies differing in one
/// byte at each position, high bytes included (compared as unsigned).
#[wasm_bindgen_test]
fn slices_compare_bytewise() {
    fn reference(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
        for k in 0..a.len().min(b.len()) {
            if a[k] != b[k] {
                return if a[k] < b[k] {
                    std::cmp::Ordering::Less
                } else {
                    std::cmp::Ordering::Greater
                };
            }
        }
        a.len().cmp(&b.len())
    }
    let base: Vec<u8> = (0..48u32).map(|k| (k * 37 + 11) as u8).collect();
    for n in 0..40 {
        let a = &base[..n];
        assert_eq!(a.cmp(a), std::cmp::Ordering::Equal);
        assert_eq!(a.to_vec(), a);
        for at in 0..n {
            for delta in [1u8, 0x80, 0xff] {
                let mut b = a.to_vec();
                b[at] = b[at].wrapping_add(delta);
                assert_eq!(a.cmp(&b[..]), reference(a, &b), "n {n} at {at} delta {delta}");
                assert_eq!(b[..].cmp(a), reference(&b, a), "n {n} at {at} delta {delta}");
                assert_ne!(a, &b[..]);
                // Unaligned starts too: the same bytes one further on.
                let (x, y) = ([&[0u8][..], a].concat(), [&[0u8][..], &b[..]].concat());
                assert_eq!(x[1..].cmp(&y[1..]), reference(a, &b));
            }
        }
        // Prefixes: shorter sorts first.
        assert_eq!(a.cmp(&base[..n + 1]), std::cmp::Ordering::Less);
    }
}
