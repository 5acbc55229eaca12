//! Privacy (docs/api.md, Privacy): an SSN given anywhere — snapshot, config,
//! claim, options — never leaves the engine unmasked, in any written form,
//! and no id or reference lets anyone confirm a guessed SSN offline.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use enroll_engine::diff::ids::stable_id;
use enroll_engine::diff::DiffOptions;
use enroll_engine::fulfillment::lifecycle::FoldOptions;
use enroll_engine::model::{Date, Timestamp};
use enroll_engine::preview::PreviewOptions;
use enroll_engine::privacy::to_string;
use enroll_engine::{Engine, EngineError, ValidateOptions};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// The SSN of these tests, in every common written form.
const FORMS: &[&str] = &[
    "219453876",
    "219-45-3876",
    "219.45.3876",
    "219 45 3876",
    "219 - 45 - 3876",
    "219\u{2013}45\u{2013}3876",
    "219\u{2014}45\u{2014}3876",
    "219\u{00A0}45\u{00A0}3876",
    "219\u{202F}45\u{202F}3876",
    "219\u{2212}45\u{2212}3876",
    "２１９４５３８７６",
    "２１９－４５－３８７６",
    // Zero-width joiners between the digits: it shows as 219453876.
    "2\u{200D}1\u{200D}9\u{200D}4\u{200D}5\u{200D}3\u{200D}8\u{200D}7\u{200D}6",
    "219\u{200C}45\u{2060}3876",
    "²¹⁹⁴⁵³⁸⁷⁶",
    "219\u{2007}45\u{2007}3876",
    "219\u{FF0F}45\u{FF0F}3876",
    // Review 23a: characters by class (a combining mark, a control, a
    // filler between the digits; a line separator, a dash between groups)
    // and groupings other than 3-2-4.
    "2\u{1DC0}1\u{1DC0}9\u{1DC0}4\u{1DC0}5\u{1DC0}3\u{1DC0}8\u{1DC0}7\u{1DC0}6",
    "2\u{85}1\u{85}9\u{85}4\u{85}5\u{85}3\u{85}8\u{85}7\u{85}6",
    "2\u{3164}1\u{3164}9\u{3164}4\u{3164}5\u{3164}3\u{3164}8\u{3164}7\u{3164}6",
    "219\u{2028}45\u{2028}3876",
    "219\u{301C}45\u{301C}3876",
    "2 1 9 4 5 3 8 7 6",
    "219 453 876",
    "219.453.876",
    "21.9453876",
    "(219) 45-3876",
    "219^45^3876",
    "219|45|3876",
];

/// The form's text up to its fifth digit: what masking must never leave.
fn masked_part(form: &str) -> String {
    let mut out = String::new();
    let mut digits = 0;
    for c in form.chars() {
        out.push(c);
        if enroll_engine::privacy::is_digit(c) {
            digits += 1;
            if digits == 5 {
                break;
            }
        }
    }
    out
}

/// Fails if any text the engine gave out holds the SSN's masked digits.
fn assert_no_ssn(what: &str, out: &str) {
    for form in FORMS {
        let part = masked_part(form);
        assert!(!out.contains(&part), "{what}: {part:?} in {out}");
    }
}

/// An error as it leaves: its Display text (what JS gets as `message`) and issues.
fn error_text(e: &EngineError) -> String {
    format!("{e} {}", to_string(&e.issues).unwrap())
}

fn engine() -> Engine {
    Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap()
}

fn now() -> PreviewOptions {
    PreviewOptions {
        now: Timestamp::parse("2026-11-25T12:00:00Z").unwrap(),
    }
}

/// The three-carrier family with `ssn` typed into every kind of person field.
fn snapshot_with(ssn: &str, number: u64) -> Value {
    let mut s = fixture_json("three-carriers-snapshot.json");
    set(&mut s, "/employee/person/ssn", json!(ssn));
    set(&mut s, "/employee/person/first_name", json!(format!("Ann {ssn}")));
    s["employee"]["person"]["nickname"] = json!(ssn);
    s["employee"]["person"][ssn] = json!("a key");
    s["employee"]["person"]["home_address"]["street_one"] = json!(format!("{ssn} Main St"));
    set(&mut s, "/dependents/1/custom_individual_id", json!(ssn));
    s["dependents"][1]["person"]["middle_name"] = json!(ssn);
    s["dependents"][0]["person"]["ssn"] = json!(format!("x{ssn}"));
    s["coverages"][3]["enrolled_members"][0]["volume"] = json!(number);
    s["employee"]["employment"]["hours_worked"] = json!(number);
    // Joined with a digit of the value beside it (review 24a #2): a name
    // after a first name ending in one, a key under a key ending in one.
    s["dependents"][0]["person"]["first_name"] = json!("Kid 7");
    s["dependents"][0]["person"]["last_name"] = json!(ssn);
    s["employee"]["person"]["q1"] = json!({ ssn: "v" });
    // A key that is itself dotted, between digit keys (review 24d #1).
    s["employee"]["person"]["7"] = json!({ ssn: { "5": "v" } });
    s
}

/// Every result of the snapshot functions, serialized as they leave.
fn snapshot_outputs(engine: &Engine, prev: Option<&str>, cur: &str) -> Vec<(String, String)> {
    let today = Date::parse("2026-11-25").ok();
    let mut out = vec![
        (
            "validate".into(),
            to_string(&engine.validate_str(cur, &ValidateOptions { today })).unwrap(),
        ),
        (
            "diff".into(),
            to_string(&engine.diff_str(prev, cur, &DiffOptions { today })).unwrap(),
        ),
        (
            "preview".into(),
            to_string(&engine.preview_str(prev, cur, &now())).unwrap(),
        ),
    ];
    let preview = serde_json::to_value(engine.preview_str(prev, cur, &now())).unwrap();
    let track = engine.track_json(cur, &preview, prev.unwrap_or(cur), &Value::Null);
    out.push((
        "track".into(),
        match track {
            Ok(t) => to_string(&t).unwrap(),
            Err(e) => error_text(&e),
        },
    ));
    out
}

#[test]
fn no_ssn_form_leaves_through_snapshot_outputs() {
    let engine = engine();
    for form in FORMS {
        let cur = snapshot_with(form, 219453876).to_string();
        let prev = fixture("three-carriers-snapshot.json");
        for prev in [None, Some(prev.as_str())] {
            for (what, text) in snapshot_outputs(&engine, prev, &cur) {
                assert_no_ssn(&format!("{form} {what}"), &text);
            }
            // Removed: the SSN only in the previous snapshot.
            for (what, text) in snapshot_outputs(&engine, Some(&cur), prev.unwrap_or("{}")) {
                assert_no_ssn(&format!("{form} removed {what}"), &text);
            }
        }
    }
}

/// An SSN across characters JSON escapes (cells pasted with tabs, lines):
/// the output layer masks the string whole, not the pieces between escapes.
#[test]
fn an_ssn_across_escaped_characters_is_masked() {
    let engine = engine();
    for form in [
        "219\t45\t3876",
        "219\n45\n3876",
        "219\r\n45\r\n3876",
        "219 \t45\t 3876",
    ] {
        let cur = snapshot_with(form, 1).to_string();
        for (what, text) in snapshot_outputs(&engine, None, &cur) {
            let escaped = serde_json::to_string(&masked_part(form)).unwrap();
            let part = escaped.trim_matches('"');
            assert!(!text.contains(part), "{form:?} {what}: {part} in {text}");
        }
        let diff = to_string(&engine.diff_str(None, &cur, &DiffOptions::default())).unwrap();
        let shown = serde_json::to_string(&form.replace("219", "***").replace("45", "**")).unwrap();
        assert!(diff.contains(shown.trim_matches('"')), "{form:?}: {diff}");
    }
}

/// The person fields really are in the output (masked): the test sees them.
#[test]
fn masked_values_are_shown_in_every_field() {
    let engine = engine();
    let cur = snapshot_with("219-45-3876", 219453876).to_string();
    let diff = engine.diff_str(None, &cur, &DiffOptions::default());
    let fields: Vec<(String, Value)> = diff.differences[0]
        .fields
        .iter()
        .map(|f| (f.key.clone(), f.after.clone()))
        .collect();
    let field = |k: &str| fields.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    assert_eq!(field("person.first_name"), Some(json!("Ann ***-**-3876")));
    assert_eq!(field("person.nickname"), Some(json!("***-**-3876")));
    assert_eq!(field("person.***-**-3876"), Some(json!("a key")));
    assert_eq!(field("employment.hours_worked"), Some(json!("*****3876")));
    assert_eq!(
        field("person.home_address.street_one"),
        Some(json!("***-**-3876 Main St"))
    );
    // A volume that is an SSN is neither shown nor priced.
    let preview = engine.preview_str(None, &cur, &now());
    let codes: Vec<&str> = preview
        .premium
        .iter()
        .flat_map(|p| &p.issues)
        .map(|i| i.code.as_str())
        .collect();
    assert!(codes.contains(&"premium_volume_masked"), "{codes:?}");
    // A valid SSN is read into the typed person and shown masked too.
    let cur = snapshot_with("219453876", 1).to_string();
    let diff = engine.diff_str(None, &cur, &DiffOptions::default());
    let ssn = diff.differences[0].fields.iter().find(|f| f.key == "person.ssn");
    assert_eq!(ssn.map(|f| f.after.clone()), Some(json!("*****3876")));
}

#[test]
fn no_ssn_form_leaves_through_config_errors() {
    for form in FORMS {
        let mut config = fixture_json("three-carriers-group.json");
        config[*form] = json!({ "x": form });
        config["carriers"][0]["id"] = json!(form);
        config["carriers"][1]["name"] = json!(219453876);
        config["carriers"][2]["feed"]["rrule"] = json!(format!("FREQ={form}"));
        config["group_id"] = json!(219453876);
        let text = config.to_string();
        let (_, check) = enroll_engine::validate::check_config_str(&text, 1 << 22);
        assert!(!check.issues.is_empty(), "{form}");
        assert_no_ssn(form, &to_string(&check).unwrap());
        let e = Engine::from_config_str(&text).err().unwrap();
        assert_no_ssn(form, &error_text(&e));
    }
}

#[test]
fn no_ssn_form_leaves_through_options_and_arguments() {
    let engine = engine();
    let cur = fixture("three-carriers-snapshot.json");
    let preview = serde_json::to_value(engine.preview_str(None, &cur, &now())).unwrap();
    for form in FORMS {
        let mut errors: Vec<EngineError> = Vec::new();
        errors.extend(ValidateOptions::from_json(&json!({ "today": form })).err());
        errors.extend(ValidateOptions::from_json(&json!({ (*form): "2026-01-01" })).err());
        errors.extend(DiffOptions::from_json(&json!({ "today": 219453876 })).err());
        errors.extend(PreviewOptions::from_json(&json!({ "now": form })).err());
        errors.extend(
            FoldOptions::from_json(
                &json!({ "now": "2026-01-01T00:00:00Z", "verification_grace_days": form }),
            )
            .err(),
        );
        let bad_requested = json!({ "differences": [{ "id": form, "carrier_id": 219453876 }] });
        errors.extend(engine.track_json(&cur, &bad_requested, &cur, &Value::Null).err());
        errors.extend(
            engine
                .track_json(&cur, &preview, &cur, &json!({ (*form): 1 }))
                .err(),
        );
        errors.extend(
            engine
                .track_json(
                    &cur,
                    &preview,
                    &cur,
                    &json!({ "completed_difference_ids": [219453876] }),
                )
                .err(),
        );
        let request = json!({ "event_id": 219453876, "created": form, "snapshot_id": form });
        errors.extend(engine.build_callback_json(&preview, None, &request).err());
        errors.extend(
            engine
                .build_callback_json(&json!({ "status": form }), None, &request)
                .err(),
        );
        let state = json!({ "baseline": { "status": form }, "events": [] });
        errors.extend(enroll_engine::fulfillment::fold::read_state(&state).err());
        assert!(errors.len() >= 10, "{form}: {errors:?}");
        for e in &errors {
            assert_no_ssn(form, &error_text(e));
        }
    }
}

#[test]
fn no_ssn_form_leaves_through_claims() {
    use enroll_engine::claims::*;
    let read = |name: &str| {
        let path = format!("{}/tests/fixtures/claims/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(path).unwrap()
    };
    let options = read("options.json");
    for form in FORMS {
        // The person's code, a line id and a message text all hold the SSN.
        // Joined: the line ids `1` and the SSN, listed together; a product
        // code before `; 0 payment status message(s)` (review 24a #2).
        let swap = |text: String| {
            text.replace("P-100", form)
                .replace("\"L1\"", &format!("\"{form}\""))
                .replace("\"L2\"", "\"1\"")
                .replace("\"DENTAL-PPO\"", &format!("\"{form}\""))
        };
        let claim = swap(read("claim.json"));
        let enrollment = swap(read("enrollment.json"));
        let responses = swap(read("responses.json"));
        let catalogue = read("catalogue.json");
        let plan = plan_payment_status_requests_str(&claim, &enrollment, &options);
        assert!(
            serde_json::to_string(&plan).unwrap().contains(form),
            "the test must put the SSN where the result quotes it"
        );
        assert_no_ssn(form, &to_string(&plan).unwrap());
        let applied = apply_payment_status_str(&claim, &enrollment, &responses, &catalogue, &options);
        assert_no_ssn(form, &to_string(&applied).unwrap());
        // A timed-out claim: the technical error's message names the entity.
        let late = options.replace("2026-04-01T10:05:00Z", "2026-04-02T10:05:00Z");
        let timed_out = apply_payment_status_str(&claim, &enrollment, "[]", &catalogue, &late);
        assert_no_ssn(form, &to_string(&timed_out).unwrap());
        let filtered = apply_benefit_filter_str(&claim, &swap(read("benefits.json")));
        assert_no_ssn(form, &to_string(&filtered).unwrap());
        // A claim that is not even the right type quotes nothing either.
        let bad = plan_payment_status_requests_str(&format!("\"{form}\""), &enrollment, &options);
        assert_no_ssn(form, &to_string(&bad).unwrap());
    }
}

/// A claim's free-form members come back (unknown fields, a message's
/// `parameters`): a number there under a key ending in `_cents` is no money
/// the engine computed, and of keys masked alike the one kept must not
/// depend on the hidden digits (JSON.parse keeps the last of duplicates).
#[test]
fn claims_echo_free_form_members_as_shown() {
    use enroll_engine::claims::*;
    let read = |name: &str| {
        let path = format!("{}/tests/fixtures/claims/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(path).unwrap()
    };
    let (options, catalogue) = (read("options.json"), read("catalogue.json"));
    let outputs = |hidden: &str| {
        let planted =
            format!(r#""x_cents": {hidden}, "notes": {{"{hidden}": "victim", "300003876": "planted"}}, "#);
        let claim = read("claim.json").replacen('{', &format!("{{{planted}"), 1);
        let claim = claim.replace(r#""since": "2026-01-01""#, &format!(r#""since_cents": {hidden}"#));
        let enrollment = read("enrollment.json");
        let responses = read("responses.json").replacen('{', &format!("{{{planted}"), 1);
        let plan = plan_payment_status_requests_str(&claim, &enrollment, &options);
        assert!(plan.claim.is_some(), "{:?}", plan.issues);
        let applied = apply_payment_status_str(&claim, &enrollment, &responses, &catalogue, &options);
        let filtered = apply_benefit_filter_str(&claim, &read("benefits.json"));
        [to_string(&plan), to_string(&applied), to_string(&filtered)].map(Result::unwrap)
    };
    let shown = outputs("219453876");
    for out in &shown {
        assert!(!out.contains("219453876"), "{out}");
        assert!(out.contains(r#""x_cents":"*****3876""#), "{out}");
    }
    assert!(shown[0].contains(r#""*****3876":"victim""#), "{}", shown[0]);
    for hidden in ["119453876", "419453876", "999993876"] {
        assert_eq!(outputs(hidden), shown, "{hidden}");
    }
}

/// Every engine id or reference (`X-` + 16 hex digits) in a JSON value.
fn ids_in(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            let b = s.as_bytes();
            let hex = |c: &u8| c.is_ascii_digit() || (b'a'..=b'f').contains(c);
            if b.len() == 18 && b[0].is_ascii_uppercase() && b[1] == b'-' && b[2..].iter().all(hex) {
                out.push(s.clone());
            }
        }
        Value::Array(a) => a.iter().for_each(|x| ids_in(x, out)),
        Value::Object(m) => m.values().for_each(|x| ids_in(x, out)),
        _ => {}
    }
}

/// A family with the SSN as the employee's SSN, a dependent's custom id and
/// SSN: an added employee, and a modification of the SSN.
fn brute_force_cases(ssn: &str) -> Vec<(Option<String>, String)> {
    let mut cur = fixture_json("three-carriers-snapshot.json");
    set(&mut cur, "/employee/person/ssn", json!(ssn));
    set(&mut cur, "/dependents/1/custom_individual_id", json!(ssn));
    set(&mut cur, "/dependents/1/person/ssn", json!(ssn));
    let prev = fixture("three-carriers-snapshot.json");
    vec![(None, cur.to_string()), (Some(prev), cur.to_string())]
}

/// Changing only the masked digits changes nothing the engine gives out:
/// every id, reference and text is byte-identical, whatever the recipe.
#[test]
fn masked_digits_change_no_output_byte() {
    let engine = engine();
    let variants = ["219453876", "555453876", "123453876", "876543876", "100013876"];
    let outputs = |ssn: &str| -> Vec<String> {
        let mut all = Vec::new();
        for (prev, cur) in brute_force_cases(ssn) {
            all.extend(
                snapshot_outputs(&engine, prev.as_deref(), &cur)
                    .into_iter()
                    .map(|(_, t)| t),
            );
            // The number varies too: a volume that is an SSN must not be priced.
            let first = snapshot_with(ssn, ssn.parse().unwrap()).to_string();
            all.extend(
                snapshot_outputs(&engine, prev.as_deref(), &first)
                    .into_iter()
                    .map(|(_, t)| t),
            );
        }
        all
    };
    let first = outputs(variants[0]);
    assert!(first.iter().any(|t| t.contains("*****3876")));
    for v in &variants[1..] {
        assert_eq!(outputs(v), first, "{v}");
    }
}

/// A number with a fraction or an exponent in an unknown member (review
/// 23a): `219453876e-3` printed as `219453.876` left unmasked, and how much
/// of a fraction an f64 keeps told the size of the masked integer part.
#[test]
fn numbers_with_a_fraction_or_an_exponent_leave_masked_alike() {
    let engine = engine();
    let prev = fixture_json("three-carriers-snapshot.json").to_string();
    let with = |number: &str| {
        let cur = prev.replacen(
            "\"employment\":{",
            &format!("\"employment\":{{\"badge\":{number},"),
            1,
        );
        assert_ne!(cur, prev, "the fixture's employment object");
        snapshot_outputs(&engine, Some(&prev), &cur)
    };
    for number in [
        "219453876e-3",
        "219453876E-7",
        "219453876e21",
        "2194.53876",
        "1234.219453876",
    ] {
        for (what, out) in with(number) {
            assert_no_ssn(&format!("{what} of {number}"), &out);
            assert!(!out.contains("19453"), "{what} of {number}: {out}");
        }
    }
    let preview = |number: &str| with(number).into_iter().find(|(w, _)| w == "preview").unwrap().1;
    let shown = preview("259453876.01234567");
    assert!(shown.contains("\"*********\""), "{shown}");
    for hidden in ["279453876.01234567", "318673876.01234567", "100003876.01234567"] {
        assert_eq!(preview(hidden), shown, "{hidden}");
    }
}

/// The brute force an attacker holding a preview would run: for each of the
/// 10^5 values of the masked digits, every id and reference recomputed by
/// the hash recipe (docs/api.md) with the guessed full SSN where the output
/// shows the masked one. None matches: ids hash only what is shown.
#[test]
fn brute_forcing_the_masked_digits_confirms_nothing() {
    let engine = engine();
    for (prev, cur) in brute_force_cases("219453876") {
        let preview = engine.preview_str(prev.as_deref(), &cur, &now());
        let shown = serde_json::to_value(&preview).unwrap();
        let mut ids = Vec::new();
        ids_in(&shown, &mut ids);
        ids.sort();
        ids.dedup();
        assert!(ids.len() > 10, "{ids:?}");
        // The recipe, checked against the engine: a difference id is the
        // hash of its head and its fields as shown.
        let recipes: Vec<(Vec<String>, String)> = preview
            .differences
            .iter()
            .filter(|d| d.fields.iter().any(|f| f.after == json!("*****3876")))
            .map(|d| {
                let modified = d.change == enroll_engine::diff::Change::Modified;
                let group = match d.fields.first() {
                    Some(f) if modified && d.line_of_coverage.is_none() => group_of(&f.key),
                    _ => String::new(),
                };
                let mut parts = vec![
                    d.carrier_id.clone(),
                    json!(d.object_type).to_string(),
                    json!(d.change).to_string(),
                    d.individual.reference.clone(),
                    d.line_of_coverage
                        .map(|l| l.as_str().to_owned())
                        .unwrap_or_default(),
                    group,
                ];
                parts.extend(
                    d.fields
                        .iter()
                        .map(|f| format!("{}\u{1}{}\u{1}{}", f.key, f.before, f.after)),
                );
                (parts, d.id.clone())
            })
            .collect();
        assert!(!recipes.is_empty());
        for (parts, id) in &recipes {
            let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
            assert_eq!(&stable_id("D-", &refs), id, "the documented recipe");
        }
        // The dependent whose custom id is the SSN: its reference's key.
        let employee_key = "c:EMP-1001";
        // Per recipe: the hash state after the parts before the first one with
        // the masked SSN (hashed once), then the rest split around it, so a
        // guess only fills it in and hashes the remainder.
        let prepared: Vec<(Sha256, Vec<Vec<&str>>)> = recipes
            .iter()
            .map(|(parts, _)| {
                let first = parts.iter().position(|p| p.contains("*****3876")).unwrap();
                let mut h = Sha256::new();
                parts[..first].iter().for_each(|p| hash_part(&mut h, p));
                (
                    h,
                    parts[first..]
                        .iter()
                        .map(|p| p.split("*****3876").collect())
                        .collect(),
                )
            })
            .collect();
        for guess in 0..100_000u32 {
            let ssn = format!("{guess:05}3876");
            for (head, rest) in &prepared {
                let mut h = head.clone();
                rest.iter()
                    .for_each(|pieces| hash_part(&mut h, &pieces.join(&ssn)));
                let id = hex_id("D-", h);
                assert!(ids.binary_search(&id).is_err(), "{ssn} confirmed by {id}");
            }
            let person = unscrubbed_id("P-", &[&format!("{employee_key}/c:{ssn}")]);
            assert!(ids.binary_search(&person).is_err(), "{ssn} confirmed by {person}");
        }
    }
}

/// A person field's group: its first two dotted parts (`person.home_address`).
fn group_of(key: &str) -> String {
    key.split('.').take(2).collect::<Vec<_>>().join(".")
}

/// The recipe without the scrubbing step: what hashing the raw values gave.
fn unscrubbed_id(prefix: &str, parts: &[&str]) -> String {
    let mut h = Sha256::new();
    parts.iter().for_each(|p| hash_part(&mut h, p));
    hex_id(prefix, h)
}

/// One part of the recipe: its length (u64 little-endian), then its bytes.
fn hash_part(h: &mut Sha256, part: &str) {
    h.update((part.len() as u64).to_le_bytes());
    h.update(part.as_bytes());
}

/// `prefix` + the first 16 hex digits of the hash.
fn hex_id(prefix: &str, h: Sha256) -> String {
    let hex: String = h.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("{prefix}{hex}")
}

/// Two dependents whose custom ids differ only in masked digits: their
/// references, coverage references and difference ids stay distinct.
#[test]
fn keys_differing_in_masked_digits_stay_distinct() {
    let engine = engine();
    let mut cur = fixture_json("three-carriers-snapshot.json");
    set(&mut cur, "/dependents/0/custom_individual_id", json!("111223333"));
    set(&mut cur, "/dependents/1/custom_individual_id", json!("444553333"));
    for d in cur["dependents"].as_array_mut().unwrap() {
        d.as_object_mut().unwrap().remove("id");
    }
    for c in cur["coverages"].as_array_mut().unwrap() {
        for m in c["enrolled_members"].as_array_mut().unwrap() {
            if m["individual_type"] == "dependent" {
                let k = if m["individual_id"].as_str().unwrap().ends_with('2') {
                    "111223333"
                } else {
                    "444553333"
                };
                m["individual_id"] = json!(k);
            }
        }
    }
    let text = cur.to_string();
    let preview = engine.preview_str(None, &text, &now());
    let refs: Vec<&str> = preview
        .acknowledgement
        .individuals
        .iter()
        .map(|p| p.reference.as_str())
        .collect();
    let mut distinct = refs.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 3, "{refs:?}");
    let mut cov: Vec<&str> = preview
        .acknowledgement
        .coverages
        .iter()
        .map(|c| c.reference.as_str())
        .collect();
    let n = cov.len();
    cov.sort();
    cov.dedup();
    assert_eq!(cov.len(), n);
    let mut diffs: Vec<&str> = preview.differences.iter().map(|d| d.id.as_str()).collect();
    let n = diffs.len();
    diffs.sort();
    diffs.dedup();
    assert_eq!(diffs.len(), n);
    // Stable: the same snapshot gives the same references in another call.
    let again = engine.preview_str(None, &text, &now());
    assert_eq!(again.acknowledgement, preview.acknowledgement);
    // And the masked digits still change nothing.
    let swapped = text
        .replace("111223333", "999883333")
        .replace("444553333", "777663333");
    let other = engine.preview_str(None, &swapped, &now());
    assert_eq!(to_string(&other).unwrap(), to_string(&preview).unwrap());
}

/// Keys holding an SSN beside keys an attacker planted (`k5…3876`,
/// `k6…3876`: all show as `k*****3876`): neither the order of the changes,
/// nor their ids, nor which of two keys masked alike keeps its value may
/// depend on how the masked digits compare with the planted ones.
#[test]
fn keys_holding_an_ssn_are_ordered_by_what_is_shown() {
    let engine = engine();
    let prev = fixture("three-carriers-snapshot.json");
    let outputs = |victim: &str| -> Vec<String> {
        let mut cur = fixture_json("three-carriers-snapshot.json");
        let person = &mut cur["employee"]["person"];
        person["k500003876"] = json!("p5");
        person[format!("k{victim}")] = json!("victim");
        person["k600003876"] = json!("p6");
        person["notes"] = json!([{ "500003876": "p5", victim: "victim", "600003876": "p6" }]);
        let cur = cur.to_string();
        [None, Some(prev.as_str())]
            .into_iter()
            .flat_map(|p| snapshot_outputs(&engine, p, &cur))
            .map(|(_, t)| t)
            .collect()
    };
    let first = outputs("219453876");
    let preview = first.iter().find(|t| t.contains("k*****3876")).unwrap();
    assert!(
        preview.contains(r#""*****3876":"victim""#),
        "the greater shown value is kept"
    );
    for victim in ["555453876", "876543876", "599993876"] {
        assert_eq!(outputs(victim), first, "{victim}");
    }
}

/// A value cut at 64 characters for a message must not keep part of an SSN
/// the cut went through: masking sees whole SSNs only (review of the tenth
/// session: `'x' × 56 + '538714296'` came back as `…53871429…`).
#[test]
fn a_quoted_value_cut_through_an_ssn_keeps_none_of_it() {
    let engine = engine();
    for form in FORMS {
        // Every cut position through the form: 50 to 63 characters before it.
        for pad in 50..64 {
            let value = format!("{}{form}", "x".repeat(pad));
            let mut s = fixture_json("three-carriers-snapshot.json");
            set(&mut s, "/employee/person/sex", json!(value));
            set(&mut s, "/dependents/0/relationship", json!(value));
            set(&mut s, "/employee/person/first_name", json!(value));
            let prev = fixture("three-carriers-snapshot.json");
            for (what, out) in snapshot_outputs(&engine, Some(&prev), &s.to_string()) {
                let digits: String = form
                    .chars()
                    .filter(|c| enroll_engine::privacy::is_digit(*c))
                    .collect();
                // The first five digits of the form, in any run, are never shown.
                let head: String = digits.chars().take(5).collect();
                let shown: String = out
                    .chars()
                    .filter(|c| enroll_engine::privacy::is_digit(*c) || *c == '"')
                    .collect();
                assert!(!shown.contains(&head), "{what} {form:?} at {pad}: {out}");
            }
        }
    }
}

/// A person without ids is keyed by name: the names are masked as shown
/// before spaces are removed, so a key (hashed into reference numbers) never
/// holds digits the output hides — `1 538 71 4296` squashed was the ten
/// digits `1538714296`, which no longer read as an SSN (review of the tenth
/// session brute-forced the hidden digits from the reference in 0.3 s).
#[test]
fn a_name_holding_an_ssn_keys_the_person_as_shown() {
    let engine = engine();
    let outputs = |hidden: &str| -> Vec<String> {
        let (a, b) = (&hidden[..3], &hidden[3..]);
        let mut all = Vec::new();
        for (first, last) in [
            (format!("1 {a} {b} 4296"), "Rivera".to_owned()),
            (format!("{a} {b} 4296 1"), "Rivera".to_owned()),
        ] {
            let mut s = fixture_json("three-carriers-snapshot.json");
            let employee = s["employee"].as_object_mut().unwrap();
            employee.remove("id");
            employee.remove("custom_individual_id");
            set(&mut s, "/employee/person/first_name", json!(first));
            set(&mut s, "/employee/person/last_name", json!(last));
            let prev = fixture("three-carriers-snapshot.json");
            for prev in [None, Some(prev.as_str())] {
                all.extend(
                    snapshot_outputs(&engine, prev, &s.to_string())
                        .into_iter()
                        .map(|(_, t)| t),
                );
            }
        }
        all
    };
    let first = outputs("53871");
    assert!(first.iter().any(|t| t.contains("*** ** 4296")), "{first:?}");
    for hidden in ["12093", "99999", "53870"] {
        for (a, b) in outputs(hidden).iter().zip(&first) {
            let at = a.bytes().zip(b.bytes()).position(|(x, y)| x != y);
            let around = |t: &str| {
                at.map(|i| {
                    t.get(i.saturating_sub(150)..(i + 60).min(t.len()))
                        .unwrap_or_default()
                        .to_owned()
                })
            };
            assert_eq!(at, None, "{hidden}: {:?} against {:?}", around(a), around(b));
            assert_eq!(a, b, "{hidden}");
        }
    }
}

/// A quoted value (64 characters, then `…`) that ends in a whole SSN, or in
/// one and what follows it, keeps none of its hidden digits: the cut used to
/// drop eight digits only, so `'x' × 55 + '219453876' + 'yyyy'` was quoted
/// as `x…x2…` and `x…x5…` for `555453876` (review of the privacy layer):
/// outputs for two SSNs with the same last four are byte-identical.
#[test]
fn a_quoted_value_ending_in_a_whole_ssn_keeps_none_of_it() {
    let engine = engine();
    let today = Date::parse("2026-11-25").ok();
    let outputs = |hidden: &str| -> Vec<String> {
        let forms = [
            format!("{hidden}3876"),
            format!("{}-{}-3876", &hidden[..3], &hidden[3..]),
        ];
        let mut all = Vec::new();
        for form in &forms {
            for pad in 52..=64 - (form.len() - 9) {
                for tail in ["yyyy", " Jr", "-1234", "-12-34"] {
                    let value = format!("{}{form}{tail}", "x".repeat(pad));
                    let mut s = fixture_json("three-carriers-snapshot.json");
                    set(&mut s, "/employee/person/home_address/zip_code", json!(value));
                    set(&mut s, "/employee/person/first_name", json!(value));
                    let prev = fixture("three-carriers-snapshot.json");
                    let cur = s.to_string();
                    all.push(to_string(&engine.validate_str(&cur, &ValidateOptions { today })).unwrap());
                    all.push(to_string(&engine.preview_str(Some(&prev), &cur, &now())).unwrap());
                }
            }
        }
        all
    };
    let first = outputs("21945");
    for hidden in ["55545", "87654"] {
        for (a, b) in outputs(hidden).iter().zip(&first) {
            assert_eq!(a, b, "{hidden}");
        }
    }
    // The quote itself, exactly.
    let mut s = fixture_json("three-carriers-snapshot.json");
    let pad = "x".repeat(55);
    set(
        &mut s,
        "/employee/person/home_address/zip_code",
        json!(format!("{pad}219453876yyyy")),
    );
    let out: Value = serde_json::from_str(
        &to_string(&engine.validate_str(&s.to_string(), &ValidateOptions { today })).unwrap(),
    )
    .unwrap();
    let issue = out["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "invalid_zip_code")
        .unwrap();
    assert_eq!(issue["params"]["value"], json!(format!("{pad}…")));
}

/// An unknown option or field keyed by an SSN, beside keys planted around
/// it (`25`, `21945:`…): which key an error names first, and the order of
/// the issues listing them, must not tell where its hidden digits fall among
/// the planted ones (review 25a: five hidden digits in 17 calls).
#[test]
fn unknown_keys_are_named_by_what_they_show() {
    use enroll_engine::claims::plan_payment_status_requests_str;
    let engine = engine();
    let cur = fixture("three-carriers-snapshot.json");
    let preview = serde_json::to_value(engine.preview_str(None, &cur, &now())).unwrap();
    let read = |name: &str| {
        let path = format!("{}/tests/fixtures/claims/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(path).unwrap()
    };
    let (claim, enrollment) = (read("claim.json"), read("enrollment.json"));
    let outputs = |victim: &str| -> Vec<String> {
        // Planted keys sorting between the two victims as written.
        let keys = json!({ victim: 1, "25": 1, "21945:": 1, "3": 1 });
        let mut out: Vec<String> = Vec::new();
        out.extend(ValidateOptions::from_json(&keys).err().map(|e| error_text(&e)));
        out.extend(DiffOptions::from_json(&keys).err().map(|e| error_text(&e)));
        out.extend(
            engine
                .track_json(&cur, &preview, &cur, &keys)
                .err()
                .map(|e| error_text(&e)),
        );
        let mut request = keys.clone();
        request["event_id"] = json!("e");
        request["created"] = json!("2026-01-05T00:00:00Z");
        request["snapshot_id"] = json!("s");
        let refused = engine.build_callback_json(&preview, None, &request).err();
        out.extend(refused.map(|e| error_text(&e)));
        let plan = plan_payment_status_requests_str(&claim, &enrollment, &keys.to_string());
        out.push(to_string(&plan).unwrap());
        let mut group = fixture_json("three-carriers-group.json");
        let tiers = &mut group["plans"][0]["rates"]["tiers"];
        for (k, v) in keys.as_object().unwrap() {
            tiers[k] = v.clone();
        }
        let (_, check) = enroll_engine::validate::check_config_str(&group.to_string(), 1 << 22);
        out.push(to_string(&check).unwrap());
        out
    };
    let first = outputs("219453876");
    assert_eq!(first.len(), 6, "{first:#?}");
    assert!(first[0].contains(r#"unknown option "*****3876""#), "{}", first[0]);
    for victim in ["318623876", "555123876", "999993876", "000003876"] {
        assert_eq!(outputs(victim), first, "{victim}");
    }
}

/// An SSN typed into its field one keystroke at a time: each partial value
/// is an `invalid_ssn` and a changed field, and showing the last four
/// digits of each would show every digit in turn (`219-4`, `*19-45`, …:
/// user review 25d). Two SSNs sharing their last four give the same
/// outputs at every keystroke.
#[test]
fn an_ssn_typed_keystroke_by_keystroke_shows_no_hidden_digit() {
    let engine = engine();
    let prev = fixture("three-carriers-snapshot.json");
    let typed = |ssn: &str, n: usize| -> Vec<String> {
        let mut cur = fixture_json("three-carriers-snapshot.json");
        set(
            &mut cur,
            "/employee/person/ssn",
            json!(ssn.chars().take(n).collect::<String>()),
        );
        let cur = cur.to_string();
        snapshot_outputs(&engine, Some(&prev), &cur)
            .into_iter()
            .map(|(_, t)| t)
            .collect()
    };
    for n in 1..=11 {
        let first = typed("219-45-3876", n);
        if n == 5 {
            assert!(first[0].contains(r#""value":"***-*""#), "{}", first[0]);
        }
        assert_eq!(typed("555-12-3876", n), first, "{n} characters typed");
    }
}

/// A document of dependents keyed by SSN guesses that all show alike
/// (`*****3876`), against a snapshot whose dependent's custom id is the
/// SSN: pairing by those keys would pair exactly the guess equal to the
/// hidden SSN and tell which by what it left unpaired — thousands of
/// guesses confirmed in one call (review 25f #2). Keys masking alike on
/// one side do not pair: the outputs are the same whichever SSN it is.
#[test]
fn guesses_keyed_alike_pair_with_no_hidden_ssn() {
    let engine = engine();
    let mut guesses: Vec<String> = (0..60).map(|k| format!("{:05}3876", 10_000 + k * 997)).collect();
    guesses.push("219453876".into());
    guesses.push("318623876".into());
    let cur = {
        let mut c = fixture_json("three-carriers-snapshot.json");
        let template = c["dependents"][1].clone();
        let deps: Vec<Value> = guesses
            .iter()
            .enumerate()
            .map(|(k, g)| {
                let mut d = template.clone();
                d["id"] = json!(format!("7c0d6e1f-1a2b-4c3d-8e4f-{:012}", k));
                d["custom_individual_id"] = json!(g);
                d["person"]["first_name"] = json!(format!("Guess{k}"));
                d
            })
            .collect();
        c["dependents"] = json!(deps);
        c.to_string()
    };
    let outputs = |victim: &str| -> Vec<String> {
        let mut prev = fixture_json("three-carriers-snapshot.json");
        prev["dependents"][1]["custom_individual_id"] = json!(victim);
        let prev = prev.to_string();
        snapshot_outputs(&engine, Some(&prev), &cur)
            .into_iter()
            .map(|(_, t)| t)
            .collect()
    };
    // validate, diff, preview and track (the report the guesses' snapshot).
    let first = outputs("219453876");
    assert_eq!(outputs("318623876"), first);
    // The report holds the guesses, the current snapshot the SSN.
    let tracked = |victim: &str| -> String {
        let mut current = fixture_json("three-carriers-snapshot.json");
        current["dependents"][1]["custom_individual_id"] = json!(victim);
        let current = current.to_string();
        let preview = serde_json::to_value(engine.preview_str(None, &current, &now())).unwrap();
        match engine.track_json(&current, &preview, &cur, &Value::Null) {
            Ok(t) => to_string(&t).unwrap(),
            Err(e) => error_text(&e),
        }
    };
    assert_eq!(tracked("318623876"), tracked("219453876"));
}

/// Review 29b F1: identities over 128 bytes are keyed by a digest of their
/// scrubbed text, and told apart when they scrub alike. Told apart by their
/// text as written, a guess equal to a hidden previous `custom_individual_id`
/// (`…/ssn/219453876`) got that person's key and every other guess `#1`,
/// `#2`…: the `P-` references of 25,000 guesses read the SSN in 3 calls.
/// Now which guess is equal (or that none is) changes no byte of the diff,
/// the preview, `track` or an 834's `loops`.
#[test]
fn long_ids_of_guesses_key_no_hidden_ssn() {
    use enroll_engine::x12::{ExportMode, ExportOptions, ExportPart};
    let engine = engine();
    let long = |ssn: &str| format!("urn:example:{}/ssn/{ssn}", "x".repeat(130));
    let mut guesses: Vec<String> = (0..40).map(|k| format!("{:05}3876", 10_000 + k * 997)).collect();
    guesses.push("219453876".into());
    guesses.push("318623876".into());
    let mut cur = fixture_json("three-carriers-snapshot.json");
    let template = cur["dependents"][1].clone();
    let deps: Vec<Value> = guesses
        .iter()
        .enumerate()
        .map(|(k, g)| {
            let mut d = template.clone();
            d["id"] = json!(format!("7c0d6e1f-1a2b-4c3d-8e4f-{:012}", k));
            d["custom_individual_id"] = json!(long(g));
            d["person"]["first_name"] = json!(format!("Guess{k}"));
            d
        })
        .collect();
    // Each guess enrolled at the Send carrier, so each has an 834 loop.
    for d in &deps {
        let member = json!({"individual_type": "dependent", "individual_id": d["id"],
            "effective_start_date": "2026-01-01", "effective_end_date": "9999-12-31"});
        cur["coverages"][2]["enrolled_members"]
            .as_array_mut()
            .unwrap()
            .push(member);
    }
    cur["dependents"].as_array_mut().unwrap().extend(deps);
    let cur = cur.to_string();
    let export = ExportOptions {
        carrier_id: "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d03".into(),
        created: now().now,
        control_number: 1,
        sender: None,
        receiver: None,
        mode: ExportMode::Change,
        part: ExportPart::Interchange,
    };
    let outputs = |hidden: &str| -> Vec<String> {
        // A third dependent, enrolled nowhere, whose id hides an SSN.
        let mut prev = fixture_json("three-carriers-snapshot.json");
        let mut victim = template.clone();
        victim["id"] = json!("e1000000-0000-4000-8000-000000000009");
        victim["custom_individual_id"] = json!(long(hidden));
        victim["person"]["first_name"] = json!("Ana");
        prev["dependents"].as_array_mut().unwrap().push(victim);
        let prev = prev.to_string();
        let mut out: Vec<String> = snapshot_outputs(&engine, Some(&prev), &cur)
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        // The 834's text carries what it must as written (docs/api.md,
        // Privacy: the one exception); its loops carry references only.
        let x = engine.export834_str(Some(&prev), &cur, &export).unwrap();
        assert_eq!(x.loops.len(), guesses.len());
        out.push(to_string(&(&x.loops, &x.issues, x.segments)).unwrap());
        out
    };
    let none = outputs("999993876");
    for hidden in ["219453876", "318623876", "100003876"] {
        assert_eq!(outputs(hidden), none, "hidden {hidden}");
    }
    // The family and the guesses: 45 people with 45 references.
    let preview = serde_json::to_value(engine.preview_str(None, &cur, &now())).unwrap();
    let mut refs: Vec<&str> = preview["acknowledgement"]["individuals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["reference"].as_str().unwrap())
        .collect();
    refs.sort();
    refs.dedup();
    assert_eq!(refs.len(), 3 + guesses.len());
}

/// Review 27e #1 and #2: a person's rows of one carrier and line are ranked
/// and paired by their volume and plan *as shown*. 200 rows of guessed
/// volumes (`NNNNN3876`) beside a previous row whose volume is a hidden
/// SSN: paired or ranked as written, the one equal to it paired with the
/// previous row (every other one `added`) and took its place in the `C-`
/// references. Now the answer is the same bytes whichever guess is equal.
#[test]
fn rows_of_guessed_volumes_pair_and_rank_by_what_is_shown() {
    let engine = engine();
    let guesses: Vec<Value> = (10_000..10_200)
        .map(|k| {
            json!({"individual_type": "employee", "individual_id": "e1000000-0000-4000-8000-000000000001",
                   "effective_start_date": "2026-01-01", "effective_end_date": "9999-12-31",
                   "volume": k * 10_000 + 3876})
        })
        .collect();
    let mut cur = fixture_json("three-carriers-snapshot.json");
    cur["coverages"][3]["enrolled_members"] = Value::Array(guesses);
    let answer = |hidden: i64| {
        let mut prev = fixture_json("three-carriers-snapshot.json");
        prev["coverages"][3]["enrolled_members"][0]["volume"] = json!(hidden);
        let p = engine.preview_str(Some(&prev.to_string()), &cur.to_string(), &now());
        to_string(&p).unwrap()
    };
    // The previous row pairs with the first row as shown (all alike: the
    // first listed), whose volume is then compared — the one guess a call
    // docs/api.md's Equality allows (10000·10⁴+3876 here); which of the
    // other 199 equals the hidden volume changes no byte.
    let shown = answer(100_503_876);
    for hidden in [101_503_876, 100_013_876, 999_993_876] {
        assert_eq!(answer(hidden), shown, "hidden {hidden}");
    }
    assert_ne!(
        answer(100_003_876),
        shown,
        "the first row is the one guess compared"
    );
}
