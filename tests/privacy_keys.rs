//! The keys a diff compares follow docs/api.md Privacy › Equality: a dotted
//! key (an unknown field's, at any depth) that masks like another distinct
//! key of either snapshot is not paired across them, so thousands of guessed
//! keys beside a previous snapshot's hidden SSN key confirm none of them
//! (review 28c #1: paired as written, the one guess equal to the hidden key
//! showed as changed, or not at all, and five calls read the SSN). Each case
//! runs the reviewer's attack twice, the hidden key equal to one guess or to
//! none, and compares the outputs as they leave the engine byte for byte.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{fixture, fixture_json};
use enroll_engine::api::engine::{self, Prepared};
use enroll_engine::api::{Arg, Measured, Text};
use enroll_engine::diff::DiffOptions;
use enroll_engine::model::{Date, Timestamp};
use enroll_engine::preview::PreviewOptions;
use enroll_engine::privacy::to_string;
use enroll_engine::Engine;
use serde_json::{json, Map, Value};

const NOW: &str = "2026-11-25T12:00:00Z";
/// The guesses: `NNNNN3876`, all shown as `*****3876`.
const GUESSES: usize = 200;
/// A hidden key equal to guess 77, and one equal to none.
const HIDDEN_GUESSED: &str = "000773876";
const HIDDEN_UNGUESSED: &str = "999993876";

fn guess(k: usize) -> String {
    format!("{k:05}3876")
}

fn text(s: &str) -> Arg<Text> {
    Ok(Measured::Fits(s.to_owned()))
}

fn opts() -> Arg<Option<Text>> {
    Ok(Some(Measured::Fits(json!({ "now": NOW }).to_string())))
}

fn engine() -> Engine {
    Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap()
}

/// Where the object keyed by the SSN sits in a snapshot.
type Place = fn(&mut Value, Value);

/// `o`'s keys as unknown fields of the object at `pointer`.
fn merge(s: &mut Value, pointer: &str, o: Value) {
    let at = s.pointer_mut(pointer).unwrap().as_object_mut().unwrap();
    at.extend(o.as_object().unwrap().clone());
}

const PLACES: [(&str, Place); 9] = [
    ("person", |s, o| s["employee"]["person"]["extra"] = o),
    // The person's own unknown fields: each key its own part.
    ("person_fields", |s, o| merge(s, "/employee/person", o)),
    ("dependent_address_fields", |s, o| {
        merge(s, "/dependents/1/person/home_address", o)
    }),
    ("nested", |s, o| {
        s["employee"]["person"]["extra"] = json!({ "q": { "r": o } })
    }),
    ("home_address", |s, o| {
        s["employee"]["person"]["home_address"]["extra"] = o
    }),
    ("contact", |s, o| {
        s["employee"]["person"]["contact"] = json!({ "extra": o })
    }),
    ("details", |s, o| {
        s["employee"]["person"]["details"] = json!({ "extra": o })
    }),
    ("employment", |s, o| s["employee"]["employment"]["extra"] = o),
    // A nested object under a dependent's home address.
    ("dependent_home_address", |s, o| {
        s["dependents"][0]["person"]["home_address"]["extra"] = json!({ "q": o })
    }),
];

/// The previous snapshot (the server's, which the caller may not read):
/// the object holds `hidden` with the value `a`.
fn previous(place: Place, hidden: &str) -> String {
    let mut s = fixture_json("three-carriers-snapshot.json");
    place(&mut s, json!({ hidden: "a" }));
    s.to_string()
}

/// The attacker's current snapshot: the object holds every guess, valued
/// `v<k>` (which would name the guess that pairs) or all `a` (which would
/// leave it unshown).
fn current(place: Place, same_values: bool) -> String {
    let mut s = fixture_json("three-carriers-snapshot.json");
    let guesses: Map<String, Value> = (0..GUESSES)
        .map(|k| {
            let value = if same_values {
                "a".to_owned()
            } else {
                format!("v{k}")
            };
            (guess(k), json!(value))
        })
        .collect();
    place(&mut s, Value::Object(guesses));
    s.to_string()
}

/// Every answer the attacker may get for `cur` against `prev`, as it leaves
/// the engine: `diff`, `preview`, `prepare` + `check` + `details`, and
/// `edit` of the employee and dependents into a checked copy of `prev`.
fn outputs(e: &Engine, prev: &str, cur: &str) -> Vec<(&'static str, String)> {
    let today = Date::parse("2026-11-25").ok();
    let now = PreviewOptions {
        now: Timestamp::parse(NOW).unwrap(),
    };
    let mut out = vec![
        (
            "diff",
            to_string(&e.diff_str(Some(prev), cur, &DiffOptions { today })).unwrap(),
        ),
        (
            "preview",
            to_string(&e.preview_str(Some(prev), cur, &now)).unwrap(),
        ),
    ];
    let mut p = Prepared::new(engine::prepare(e, text(prev).map(Some)).unwrap());
    let check = engine::prepared_check(e, &mut p, text(cur), opts()).unwrap();
    out.push(("check", to_string(&check).unwrap()));
    out.push((
        "details",
        to_string(engine::prepared_details(e, &mut p).unwrap()).unwrap(),
    ));
    let mut p = Prepared::new(engine::prepare(e, text(prev).map(Some)).unwrap());
    engine::prepared_check(e, &mut p, text(prev), opts()).unwrap();
    let cur: Value = serde_json::from_str(cur).unwrap();
    for pointer in ["/employee", "/dependents"] {
        let value = Some(Measured::Fits(cur[&pointer[1..]].to_string()));
        let edit = engine::prepared_edit(e, &mut p, text(pointer), Ok(value), opts()).unwrap();
        out.push(("edit", to_string(&edit).unwrap()));
    }
    out.push((
        "edit details",
        to_string(engine::prepared_details(e, &mut p).unwrap()).unwrap(),
    ));
    out
}

/// The fields of `preview` shown under a key ending in `*****3876`, in the
/// first difference holding any (the others are its copies to the other carriers).
fn masked_fields(preview: &str) -> Vec<Value> {
    let preview: Value = serde_json::from_str(preview).unwrap();
    let masked = |f: &Value| f["key"].as_str().unwrap().ends_with("*****3876");
    let differences = preview["differences"].as_array().unwrap();
    let first = differences
        .iter()
        .find(|d| d["fields"].as_array().unwrap().iter().any(masked))
        .unwrap();
    first["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| masked(f))
        .cloned()
        .collect()
}

#[test]
fn guessed_keys_beside_a_hidden_one_show_alike_hit_or_miss() {
    let e = engine();
    for (name, place) in PLACES {
        for same_values in [false, true] {
            let cur = current(place, same_values);
            let hit = outputs(&e, &previous(place, HIDDEN_GUESSED), &cur);
            let miss = outputs(&e, &previous(place, HIDDEN_UNGUESSED), &cur);
            for ((what, hit), (_, miss)) in hit.iter().zip(&miss) {
                assert!(
                    hit == miss,
                    "{name} (same values: {same_values}) {what}: the hidden key's equal guess shows"
                );
            }
            // The hidden key is shown removed, every guess added; the
            // one equal to it too, not as a change of its value.
            let (_, preview) = &hit[1];
            let fields = masked_fields(preview);
            let removed: Vec<&Value> = fields.iter().filter(|f| f["after"].is_null()).collect();
            assert_eq!(removed.len(), 1, "{name}: {removed:?}");
            assert_eq!(removed[0]["before"], "a", "{name}");
            let added = fields.iter().filter(|f| f["before"].is_null()).count();
            assert_eq!(added, GUESSES, "{name}");
            assert_eq!(fields.len(), GUESSES + 1, "{name}");
        }
    }
}

/// The fields of `preview`'s differences to the first carrier named,
/// `(key, before, after)` (the others' are copies).
fn fields(e: &Engine, prev: &str, cur: &str) -> Vec<(String, Value, Value)> {
    let now = PreviewOptions {
        now: Timestamp::parse(NOW).unwrap(),
    };
    let preview: Value = serde_json::to_value(e.preview_str(Some(prev), cur, &now)).unwrap();
    let differences = preview["differences"].as_array().unwrap();
    let carrier = &differences[0]["carrier_id"];
    differences
        .iter()
        .filter(|d| &d["carrier_id"] == carrier)
        .flat_map(|d| d["fields"].as_array().unwrap().clone())
        .map(|f| {
            (
                f["key"].as_str().unwrap().to_owned(),
                f["before"].clone(),
                f["after"].clone(),
            )
        })
        .collect()
}

/// One key per masked form — an SSN-keyed field alone in its object — is
/// compared as before: unchanged it shows nothing, changed it is one
/// field with both values.
#[test]
fn one_key_of_its_masked_form_still_pairs() {
    let e = engine();
    let with = |extra: Value, street: &str| -> String {
        let mut s = fixture_json("three-carriers-snapshot.json");
        s["dependents"][0]["person"]["home_address"]["extra"] = extra;
        s["dependents"][0]["person"]["home_address"]["street_one"] = json!(street);
        s.to_string()
    };
    let prev = with(json!({ "q": { "219453876": "a" }, "n": 1 }), "42 Juniper Way");
    // Unchanged beside a changed street and a changed sibling: no field for it.
    let cur = with(json!({ "q": { "219453876": "a" }, "n": 2 }), "43 Juniper Way");
    let keys: Vec<String> = fields(&e, &prev, &cur).into_iter().map(|f| f.0).collect();
    assert_eq!(
        keys,
        ["person.home_address.extra.n", "person.home_address.street_one"]
    );
    // Changed: one field, before and after.
    let cur = with(json!({ "q": { "219453876": "b" }, "n": 1 }), "42 Juniper Way");
    assert_eq!(
        fields(&e, &prev, &cur),
        [(
            "person.home_address.extra.q.*****3876".to_owned(),
            json!("a"),
            json!("b")
        )]
    );
}

/// Two keys of one snapshot that mask alike pair with neither: each side's
/// value is a field of its own, equal or not.
#[test]
fn keys_masked_alike_in_one_snapshot_pair_with_neither() {
    let e = engine();
    // The keys are the address's own unknown fields.
    let with = |extra: &[(&str, &str)]| -> String {
        let mut s = fixture_json("three-carriers-snapshot.json");
        for (k, v) in extra {
            s["employee"]["person"]["home_address"][k] = json!(v);
        }
        s.to_string()
    };
    let prev = with(&[("219453876", "a")]);
    let cur = with(&[("219453876", "a"), ("219003876", "b")]);
    let key = "person.home_address.*****3876".to_owned();
    // In the order of their values as shown (`"a"` before `null`).
    assert_eq!(
        fields(&e, &prev, &cur),
        [
            (key.clone(), json!("a"), Value::Null),
            (key.clone(), Value::Null, json!("a")),
            (key, Value::Null, json!("b")),
        ]
    );
}
