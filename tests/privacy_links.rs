//! Links one snapshot makes by ids people type — an enrolled member to a
//! person, a record to its event — follow docs/api.md Privacy › Equality:
//! ids that mask alike within the snapshot link nothing, so thousands of
//! guesses beside a hidden SSN confirm none of them (review 27e); one guess
//! beside it still links when equal. Each case runs the reviewer's attack
//! through `prepared.edit` twice, the hidden id equal to one guess or to
//! none, and compares the scrubbed outputs byte for byte.
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
use enroll_engine::privacy::to_string;
use enroll_engine::Engine;
use serde_json::{json, Value};

const NOW: &str = "2026-06-01T12:00:00Z";
/// The guesses: `NNNNN3876`, all shown as `*****3876`.
const GUESSES: usize = 300;
/// A hidden id equal to guess 7, and one equal to none.
const HIDDEN_GUESSED: &str = "000073876";
const HIDDEN_UNGUESSED: &str = "999993876";

fn text(s: &str) -> Arg<Text> {
    Ok(Measured::Fits(s.to_owned()))
}

fn opts() -> Arg<Option<Text>> {
    Ok(Some(Measured::Fits(json!({ "now": NOW }).to_string())))
}

fn guess(k: usize) -> String {
    format!("{k:05}3876")
}

/// `current` checked against the fixture snapshot, then `edits` applied:
/// the last answer's summary and details as they leave the engine.
fn edited(current: &Value, edits: &[(&str, Value)]) -> (String, Value) {
    let e = Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap();
    let previous = fixture("three-carriers-snapshot.json");
    let mut p = Prepared::new(engine::prepare(&e, text(&previous).map(Some)).unwrap());
    engine::prepared_check(&e, &mut p, text(&current.to_string()), opts()).unwrap();
    let mut summary = String::new();
    for (pointer, value) in edits {
        let value = Some(Measured::Fits(value.to_string()));
        summary =
            to_string(&engine::prepared_edit(&e, &mut p, text(pointer), Ok(value), opts()).unwrap()).unwrap();
    }
    let details = to_string(engine::prepared_details(&mut p).unwrap()).unwrap();
    (
        format!("{summary}\n{details}"),
        serde_json::from_str(&details).unwrap(),
    )
}

fn paths_under<'v>(details: &'v Value, prefix: &str) -> Vec<&'v str> {
    details["differences"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["path"].as_str())
        .filter(|p| p.starts_with(prefix))
        .collect()
}

fn codes(details: &Value, code: &str) -> usize {
    details["issues"]
        .as_array()
        .map_or(0, |i| i.iter().filter(|i| i["code"] == code).count())
}

/// The server's current snapshot: the second dependent's
/// `custom_individual_id` is `hidden`; the edit adds a vision coverage whose
/// members name `ids` by `custom_individual_id`.
fn resolution_attack(hidden: &str, ids: &[String]) -> (String, Value) {
    let mut current = fixture_json("three-carriers-snapshot.json");
    current["dependents"][1]["custom_individual_id"] = json!(hidden);
    let mut coverage = current["coverages"][2].clone();
    coverage["enrolled_members"] = ids
        .iter()
        .map(|id| {
            json!({ "individual_type": "dependent", "custom_individual_id": id,
                "effective_start_date": "2026-07-01", "effective_end_date": "9999-12-31" })
        })
        .collect();
    edited(&current, &[("/coverages/4", coverage)])
}

#[test]
fn member_ids_masking_alike_resolve_nobody() {
    let guesses: Vec<String> = (0..GUESSES).map(guess).collect();
    let (guessed, details) = resolution_attack(HIDDEN_GUESSED, &guesses);
    let (unguessed, _) = resolution_attack(HIDDEN_UNGUESSED, &guesses);
    assert!(guessed == unguessed, "the hidden id's equal guess shows");
    assert_eq!(paths_under(&details, "/coverages/4/"), Vec::<&str>::new());
    // Every guess is an unknown member, as any unknown reference is.
    assert_eq!(codes(&details, "enrolled_member_unknown"), GUESSES);
}

#[test]
fn one_member_id_beside_the_hidden_one_resolves_when_equal() {
    let (_, equal) = resolution_attack(HIDDEN_GUESSED, &[guess(7)]);
    assert_eq!(
        paths_under(&equal, "/coverages/4/"),
        ["/coverages/4/enrolled_members/0"]
    );
    assert_eq!(codes(&equal, "enrolled_member_unknown"), 0);
    let (_, other) = resolution_attack(HIDDEN_GUESSED, &[guess(8)]);
    assert_eq!(paths_under(&other, "/coverages/4/"), Vec::<&str>::new());
    assert_eq!(codes(&other, "enrolled_member_unknown"), 1);
}

/// The server's current snapshot lists a marriage with id `hidden` (and a
/// new hire's event, so that transaction typing reads which one changes
/// name); the first edit adds dependents naming `ids` as their `event_id`,
/// the second enrolls them in vision.
fn event_attack(hidden: &str, ids: &[String]) -> (String, Value) {
    let mut current = fixture_json("three-carriers-snapshot.json");
    let events = current["events"].as_array_mut().unwrap();
    events.push(json!({ "id": hidden, "date": "2026-03-01", "type": "coverage", "reason": "marriage" }));
    events.push(json!({ "id": "hire-2026", "date": "2026-02-01", "type": "coverage", "reason": "new_hire" }));
    let uid = |k: usize| format!("d0000000-0000-4000-8000-{k:012}");
    let mut dependents = current["dependents"].clone();
    let mut coverage = current["coverages"][2].clone();
    for (k, id) in ids.iter().enumerate() {
        dependents.as_array_mut().unwrap().push(json!({
            "id": uid(k), "custom_individual_id": uid(k), "relationship": "child", "event_id": id,
            "person": { "first_name": format!("G{k}"), "last_name": "X", "date_of_birth": "2015-01-01", "sex": "F" }
        }));
        coverage["enrolled_members"].as_array_mut().unwrap().push(json!({
            "individual_type": "dependent", "individual_id": uid(k),
            "effective_start_date": "2026-01-01", "effective_end_date": "9999-12-31"
        }));
    }
    edited(
        &current,
        &[("/dependents", dependents), ("/coverages/2", coverage)],
    )
}

fn dated_by_the_hidden_event(details: &Value) -> Vec<&str> {
    details["differences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["object_type"] == "dependent" && d["effective_date"] == "2026-03-01")
        .filter_map(|d| d["path"].as_str())
        .collect()
}

#[test]
fn event_ids_masking_alike_date_nothing() {
    let guesses: Vec<String> = (0..GUESSES).map(guess).collect();
    let (guessed, details) = event_attack(HIDDEN_GUESSED, &guesses);
    let (unguessed, _) = event_attack(HIDDEN_UNGUESSED, &guesses);
    assert!(guessed == unguessed, "the hidden id's equal guess shows");
    assert_eq!(dated_by_the_hidden_event(&details), Vec::<&str>::new());
    assert_eq!(codes(&details, "event_not_found"), GUESSES);
}

#[test]
fn one_event_id_beside_the_hidden_one_dates_when_equal() {
    let (_, equal) = event_attack(HIDDEN_GUESSED, &[guess(7)]);
    assert_eq!(dated_by_the_hidden_event(&equal), ["/dependents/2"]);
    let (_, other) = event_attack(HIDDEN_GUESSED, &[guess(8)]);
    assert_eq!(dated_by_the_hidden_event(&other), Vec::<&str>::new());
}

/// An `event_id` typed into one coverage can make an event id elsewhere
/// ambiguous: the people's differences kept from the last keystroke were
/// dated by it, so the edit compares everything again (`DiffMemo`) and
/// answers as a whole preview of the edited text (tests/edit.rs holds
/// every edit to that).
#[test]
fn an_event_id_typed_in_a_coverage_undates_a_kept_person() {
    let mut current = fixture_json("three-carriers-snapshot.json");
    current["events"].as_array_mut().unwrap().push(
        json!({ "id": HIDDEN_GUESSED, "date": "2026-03-01", "type": "coverage", "reason": "marriage" }),
    );
    current["dependents"][1]["event_id"] = json!(HIDDEN_GUESSED);
    current["dependents"][1]["person"]["last_name"] = json!("Renamed");
    let (_, before) = edited(&current, &[]);
    assert_eq!(dated(&before, "/dependents/1/"), json!("2026-03-01"));
    // The first edit (changing nothing) leaves the memo the second reads.
    let end = (
        "/coverages/2/enrolled_members/0/effective_end_date",
        json!("9999-12-31"),
    );
    let event = ("/coverages/2/enrolled_members/0/event_id", json!(guess(8)));
    let (_, after) = edited(&current, &[end, event]);
    current["coverages"][2]["enrolled_members"][0]["event_id"] = json!(guess(8));
    let e = Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap();
    let opts = enroll_engine::preview::PreviewOptions {
        now: enroll_engine::model::Timestamp::parse(NOW).unwrap(),
    };
    let whole = e.preview_str(
        Some(&fixture("three-carriers-snapshot.json")),
        &current.to_string(),
        &opts,
    );
    let whole: Value = serde_json::from_str(&to_string(&whole).unwrap()).unwrap();
    assert_eq!(dated(&after, "/dependents/1/"), dated(&whole, "/dependents/1/"));
    assert_ne!(dated(&whole, "/dependents/1/"), json!("2026-03-01"));
    assert_eq!(after, whole);
}

fn dated(details: &Value, path: &str) -> Value {
    let differences = details["differences"].as_array().unwrap();
    let d = differences
        .iter()
        .find(|d| d["path"].as_str().unwrap().starts_with(path))
        .unwrap();
    d["effective_date"].clone()
}
