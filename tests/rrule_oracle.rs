//! Feed schedules against an independent RRULE implementation: every case of
//! tests/fixtures/rrule/oracle.json (random rules of the engine's subset, with
//! python-dateutil's next run after `now`; scripts/rrule_oracle.py makes the
//! file and `make test` checks it is exactly dateutil's output).
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use enroll_engine::fulfillment::schedule::next_after;
use enroll_engine::model::rrule::RRule;
use enroll_engine::model::{Date, Timestamp};
use serde_json::Value;

#[test]
fn next_runs_agree_with_python_dateutil_on_random_rules() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rrule/oracle.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let rules = doc["rules"].as_array().unwrap();
    assert!(rules.len() >= 500, "the fixture has {} rules", rules.len());
    let (mut cases, mut wkst, mut none) = (0, 0, 0);
    let mut wrong = Vec::new();
    for r in rules {
        let text = r["rule"].as_str().unwrap();
        let rule = RRule::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let dtstart = Date::parse(r["dtstart"].as_str().unwrap()).unwrap();
        wkst += usize::from(text.contains("WKST") && text.contains("INTERVAL"));
        for c in r["cases"].as_array().unwrap() {
            let now = Timestamp::parse(c["now"].as_str().unwrap()).unwrap();
            let want = c["next"].as_str().map(str::to_owned);
            none += usize::from(want.is_none());
            let got = next_after(&rule, Some(dtstart), now).map(|t| t.to_string());
            if got != want {
                wrong.push(format!(
                    "{text} from {dtstart}, after {now}: {got:?}, dateutil {want:?}"
                ));
            }
            cases += 1;
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {cases} differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    // The draw covers what matters: WKST with intervals, and rules with no run.
    assert!(
        cases >= 2000 && wkst >= 50 && none >= 20,
        "{cases} cases, {wkst} WKST, {none} none"
    );
}
