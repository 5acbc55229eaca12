//! Seed 001's member transactions: the type of each carrier's transaction
//! (docs/api.md's decision table, a test per row, issue 14's three stale
//! event examples, and the review's four: a waiting period after an
//! orientation month, elections after the hire's first snapshot, an
//! open-enrollment drop, initial enrollment verified when effective), and
//! verification after submission (Unix `verified`,
//! early verification flagged, overdue from the later of the expected date
//! and completion, Unix-seconds `created`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use enroll_engine::diff::{DiffOptions, DiffResult, TransactionType};
use enroll_engine::fulfillment::fold::{fold_json, FoldResult};
use enroll_engine::fulfillment::lifecycle::{FoldOptions, StatusDetailKind};
use enroll_engine::model::{Date, Timestamp};
use enroll_engine::preview::PreviewOptions;
use enroll_engine::Engine;
use serde_json::{json, Value};

use TransactionType::{
    DemographicChange, InitialEnrollment, NewHire, OpenEnrollment, QualifyingLifeEvent, Termination,
};

fn engine() -> Engine {
    Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap()
}

/// Maria Rivera's family: hired 2025-11-03, every coverage from 2026-01-01,
/// an `open_enrollment` event `oe-2026`.
fn family(edit: impl FnOnce(&mut Value)) -> Value {
    let mut d = fixture_json("three-carriers-snapshot.json");
    edit(&mut d);
    d
}

fn diff(prev: Option<&Value>, cur: &Value) -> DiffResult {
    let prev = prev.map(Value::to_string);
    let opts = DiffOptions {
        today: Date::parse("2026-06-01").ok(),
    };
    engine().diff_str(prev.as_deref(), &cur.to_string(), &opts)
}

/// `(carrier, type, expected verification date)` of each transaction.
fn types(r: &DiffResult) -> Vec<(&str, TransactionType, Option<String>)> {
    r.transactions
        .iter()
        .map(|t| {
            (
                t.carrier_id.as_str(),
                t.transaction_type,
                t.expected_verification_date.map(|d| d.to_string()),
            )
        })
        .collect()
}

fn each_member(d: &mut Value, f: impl Fn(&mut Value)) {
    for c in d["coverages"].as_array_mut().unwrap() {
        for m in c["enrolled_members"].as_array_mut().unwrap() {
            f(m);
        }
    }
}

fn hire(d: &mut Value, date: &str) {
    set(d, "/employee/employment/employment_dates/hire_date", json!(date));
}

fn starts(d: &mut Value, date: &str) {
    each_member(d, |m| m["effective_start_date"] = json!(date));
}

fn event(id: &str, date: &str, reason: &str) -> Value {
    json!({"id": id, "date": date, "type": "coverage", "reason": reason})
}

const OE_2026: (&str, &str, &str) = ("oe-2026", "2025-11-15", "open_enrollment");

fn oe_2026() -> Value {
    event(OE_2026.0, OE_2026.1, OE_2026.2)
}

// --- Issue 14's examples: stale events do not decide the type. ---

#[test]
fn stale_new_hire_event_does_not_type_a_snapshot_that_ends_every_coverage() {
    let hired = family(|d| d["events"] = json!([event("hire", "2025-11-03", "new_hire")]));
    // Every coverage ends; the snapshot still lists the hire event it was created with.
    let ended = family(|d| {
        d["events"] = json!([event("hire", "2025-11-03", "new_hire")]);
        each_member(d, |m| m["effective_end_date"] = json!("2026-06-30"));
    });
    let end = Some("2026-06-30".to_owned());
    assert_eq!(
        types(&diff(Some(&hired), &ended)),
        [
            (BEAM, Termination, end.clone()),
            (GUARDIAN, Termination, end.clone()),
            (CIGNA, Termination, end)
        ]
    );
}

#[test]
fn stale_open_enrollment_event_does_not_type_a_marriage() {
    // Before: Maria and her daughter. After: she married Luis on 2026-06-20;
    // he joins medical and dental from 2026-07-01. Last year's open
    // enrollment is still listed.
    let spouse_at = |d: &Value, i: usize| d["coverages"][i]["enrolled_members"][1].clone();
    let married = family(|d| {
        set(d, "/employee/person/marital_status", json!("married"));
        d["events"] = json!([oe_2026(), event("marriage", "2026-06-20", "marriage")]);
        for i in [0, 1] {
            let mut m = spouse_at(d, i);
            m["effective_start_date"] = json!("2026-07-01");
            d["coverages"][i]["enrolled_members"][1] = m;
        }
    });
    let single = family(|d| {
        set(d, "/employee/person/marital_status", json!("single"));
        d["dependents"].as_array_mut().unwrap().remove(0);
        for i in [0, 1] {
            d["coverages"][i]["enrolled_members"]
                .as_array_mut()
                .unwrap()
                .remove(1);
        }
    });
    let july = Some("2026-07-01".to_owned());
    assert_eq!(
        types(&diff(Some(&single), &married)),
        [
            (BEAM, QualifyingLifeEvent, july.clone()),
            (GUARDIAN, QualifyingLifeEvent, july),
            (CIGNA, DemographicChange, None)
        ]
    );
}

#[test]
fn a_divorce_that_ends_only_the_spouses_coverage_is_a_qualifying_life_event() {
    let divorced = family(|d| {
        d["events"] = json!([oe_2026(), event("divorce", "2026-08-14", "divorce")]);
        for i in [0, 1] {
            set(
                d,
                &format!("/coverages/{i}/enrolled_members/1/effective_end_date"),
                json!("2026-08-31"),
            );
        }
    });
    let end = Some("2026-08-31".to_owned());
    assert_eq!(
        types(&diff(Some(&family(|_| {})), &divorced)),
        [
            (BEAM, QualifyingLifeEvent, end.clone()),
            (GUARDIAN, QualifyingLifeEvent, end)
        ]
    );
}

// --- The decision table (docs/api.md), first snapshots. ---

#[test]
fn row_first_snapshot_hire_date_within_the_window_is_new_hire() {
    // Hired 2025-11-03, covered from 2026-01-01 (59 days later); the
    // open-enrollment event does not make it an open enrollment.
    let jan = Some("2026-01-01".to_owned());
    assert_eq!(
        types(&diff(None, &family(|_| {}))),
        [
            (BEAM, NewHire, jan.clone()),
            (GUARDIAN, NewHire, jan.clone()),
            (CIGNA, NewHire, jan)
        ]
    );
    // The window's edges: a month's orientation then 90 days (2025-12-03 +
    // 90 days = 2026-03-03) is in, a day more is not, and coverage before the
    // hire date is not a new hire's.
    let first_type = |hired: &str, start: &str| {
        let d = family(|d| {
            d["events"] = json!([]);
            hire(d, hired);
            starts(d, start);
        });
        diff(None, &d).transactions[0].transaction_type
    };
    assert_eq!(first_type("2025-11-03", "2026-03-03"), NewHire);
    assert_eq!(first_type("2025-11-03", "2026-03-04"), InitialEnrollment);
    assert_eq!(first_type("2025-11-03", "2025-11-03"), NewHire);
    assert_eq!(first_type("2025-11-04", "2025-11-03"), InitialEnrollment);
    // Across a year: 2027-01-05 + 90 days = 2027-04-05.
    assert_eq!(first_type("2026-12-05", "2027-04-05"), NewHire);
    assert_eq!(first_type("2026-12-05", "2027-04-06"), InitialEnrollment);
    // No 2026-02-30 or 02-31: the orientation ends with February, the
    // waiting period starts 2026-03-01 and ends 90 days later, 2026-05-30.
    for hired in ["2026-01-30", "2026-01-31"] {
        assert_eq!(first_type(hired, "2026-05-30"), NewHire, "{hired}");
        assert_eq!(first_type(hired, "2026-05-31"), InitialEnrollment, "{hired}");
    }
    // A rehire date later than the hire date is the one that counts.
    let rehired = family(|d| {
        d["events"] = json!([]);
        hire(d, "2015-03-02");
        d["employee"]["employment"]["employment_dates"]["rehire"] = json!("2025-11-03");
    });
    assert_eq!(diff(None, &rehired).transactions[0].transaction_type, NewHire);
}

#[test]
fn a_new_hire_covered_from_the_first_of_the_month_after_90_days_is_a_new_hire() {
    // Hired 2026-12-05 with a new_hire event; coverage from 2027-04-01, the
    // first of the month after a 90-day waiting period (2027-03-05): past 90
    // days from the hire date, within the orientation month plus 90 days.
    let d = family(|d| {
        hire(d, "2026-12-05");
        starts(d, "2027-04-01");
        d["events"] = json!([event("hire", "2026-12-05", "new_hire")]);
    });
    let april = Some("2027-04-01".to_owned());
    assert_eq!(
        types(&diff(None, &d)),
        [
            (BEAM, NewHire, april.clone()),
            (GUARDIAN, NewHire, april.clone()),
            (CIGNA, NewHire, april)
        ]
    );
}

#[test]
fn row_first_snapshot_without_a_hire_date_a_hiring_event_is_new_hire() {
    let d = family(|d| {
        remove(d, "/employee/employment/employment_dates/hire_date");
        d["events"] = json!([event("rehire", "2025-11-03", "rehire")]);
    });
    assert_eq!(diff(None, &d).transactions[0].transaction_type, NewHire);
    // With a hire date outside the window, a hiring event does not make it one.
    let d = family(|d| {
        hire(d, "2015-03-02");
        d["events"] = json!([event("hire", "2015-03-02", "new_hire")]);
    });
    assert_eq!(diff(None, &d).transactions[0].transaction_type, InitialEnrollment);
}

#[test]
fn row_first_snapshot_open_enrollment_event_is_open_enrollment() {
    // Hired in 2015, onboarded during open enrollment for 2026.
    let d = family(|d| hire(d, "2015-03-02"));
    let jan = Some("2026-01-01".to_owned());
    assert_eq!(
        types(&diff(None, &d)),
        [
            (BEAM, OpenEnrollment, jan.clone()),
            (GUARDIAN, OpenEnrollment, jan.clone()),
            (CIGNA, OpenEnrollment, jan)
        ]
    );
}

#[test]
fn row_first_snapshot_otherwise_is_an_initial_enrollment_verified_when_effective() {
    // Issue 14: an employee hired in 2015 with coverage since 2020 is not a
    // new hire. Source S1: verified "on the date that all changes from the
    // transaction are effective" — the coverage's start.
    let d = family(|d| {
        hire(d, "2015-03-02");
        starts(d, "2020-01-01");
        d["events"] = json!([]);
    });
    let start = Some("2020-01-01".to_owned());
    assert_eq!(
        types(&diff(None, &d)),
        [
            (BEAM, InitialEnrollment, start.clone()),
            (GUARDIAN, InitialEnrollment, start.clone()),
            (CIGNA, InitialEnrollment, start)
        ]
    );
    // Coverage starting in the future is verified then, not on completion;
    // the latest start of the added enrollments counts.
    let d = family(|d| {
        hire(d, "2015-03-02");
        starts(d, "2027-01-01");
        set(
            d,
            "/coverages/3/enrolled_members/0/effective_start_date",
            json!("2027-02-01"),
        );
        d["events"] = json!([event("m", "2026-12-01", "marriage")]);
    });
    let jan = Some("2027-01-01".to_owned());
    assert_eq!(
        types(&diff(None, &d)),
        [
            (BEAM, InitialEnrollment, jan.clone()),
            (GUARDIAN, InitialEnrollment, jan),
            (CIGNA, InitialEnrollment, Some("2027-02-01".into()))
        ]
    );
    assert_eq!(
        serde_json::to_value(InitialEnrollment).unwrap(),
        "initial_enrollment"
    );
}

// --- The decision table, later snapshots. ---

#[test]
fn row_later_snapshot_only_people_changed_is_demographic_change() {
    let moved = family(|d| {
        set(d, "/employee/person/home_address/zip_code", json!("97209"));
        d["events"] = json!([oe_2026(), {"id": "move", "date": "2026-03-01", "type": "demographic", "reason": "moved"}]);
    });
    assert_eq!(
        types(&diff(Some(&family(|_| {})), &moved)),
        [
            (BEAM, DemographicChange, None),
            (GUARDIAN, DemographicChange, None),
            (CIGNA, DemographicChange, None)
        ]
    );
}

#[test]
fn row_later_snapshot_employee_coverage_ending_is_termination() {
    // Only Cigna's coverages end (the employee's vision and life, the
    // child's vision); no event at all.
    let ended = family(|d| {
        for i in [2, 3] {
            for m in d["coverages"][i]["enrolled_members"].as_array_mut().unwrap() {
                m["effective_end_date"] = json!("2026-09-30");
            }
        }
    });
    assert_eq!(
        types(&diff(Some(&family(|_| {})), &ended)),
        [(CIGNA, Termination, Some("2026-09-30".into()))]
    );
}

/// Open enrollment for 2027 (a new event) that ends Cigna's vision, for the
/// employee and the child, on 2026-12-31; Cigna's life goes on.
fn drops_vision(edit: impl FnOnce(&mut Value)) -> Value {
    family(|d| {
        d["events"] = json!([oe_2026(), event("oe-2027", "2026-11-10", "open_enrollment")]);
        for m in d["coverages"][2]["enrolled_members"].as_array_mut().unwrap() {
            m["effective_end_date"] = json!("2026-12-31");
        }
        edit(d);
    })
}

#[test]
fn row_later_snapshot_open_enrollment_dropping_a_line_is_open_enrollment() {
    let dec31 = Some("2026-12-31".to_owned());
    let base = family(|_| {});
    assert_eq!(
        types(&diff(Some(&base), &drops_vision(|_| {}))),
        [(CIGNA, OpenEnrollment, dec31.clone())]
    );
    // A dependent open enrollment, too.
    let dependent_oe = drops_vision(|d| {
        d["events"] = json!([oe_2026(), event("doe", "2026-11-10", "dependent_open_enrollment")])
    });
    assert_eq!(
        types(&diff(Some(&base), &dependent_oe)),
        [(CIGNA, OpenEnrollment, dec31.clone())]
    );
    // The only line at the carrier: Guardian's dental waived for 2027.
    let drops_dental = family(|d| {
        d["events"] = json!([oe_2026(), event("oe-2027", "2026-11-10", "open_enrollment")]);
        for m in d["coverages"][1]["enrolled_members"].as_array_mut().unwrap() {
            m["effective_end_date"] = json!("2026-12-31");
        }
    });
    assert_eq!(
        types(&diff(Some(&base), &drops_dental)),
        [(GUARDIAN, OpenEnrollment, dec31)]
    );
}

#[test]
fn an_open_enrollment_drop_is_a_termination_once_employment_ended() {
    let base = family(|_| {});
    // Cigna's: an employment change is a demographic change at the others.
    let kind = |cur: Value| {
        let r = diff(Some(&base), &cur);
        r.transactions
            .iter()
            .find(|t| t.carrier_id == CIGNA)
            .unwrap()
            .transaction_type
    };
    // Terminated or retired status; a termination or retirement date; a new
    // termination event alongside the open enrollment.
    for status in ["terminated", "retired"] {
        let cur = drops_vision(|d| set(d, "/employee/employment/employment_status", json!(status)));
        assert_eq!(kind(cur), Termination, "{status}");
    }
    for field in ["terminated", "retirement"] {
        let cur =
            drops_vision(|d| d["employee"]["employment"]["employment_dates"][field] = json!("2026-12-15"));
        assert_eq!(kind(cur), Termination, "{field}");
    }
    let fired = drops_vision(|d| {
        d["events"] = json!([
            oe_2026(),
            event("oe-2027", "2026-11-10", "open_enrollment"),
            event("t", "2026-12-15", "termination")
        ])
    });
    assert_eq!(kind(fired), Termination);
    // A termination before a later rehire is the earlier employment's.
    let rehired = drops_vision(|d| {
        d["employee"]["employment"]["employment_dates"]["terminated"] = json!("2024-06-30");
        d["employee"]["employment"]["employment_dates"]["rehire"] = json!("2025-11-03");
        d["employee"]["employment"]["employment_dates"]["hire_date"] = json!("2015-03-02");
    });
    assert_eq!(kind(rehired), OpenEnrollment);
    // Last year's open enrollment, no new event: the employee keeps Cigna's
    // life, so it is a coverage adjustment (review 27c), not a termination.
    let stale = drops_vision(|d| d["events"] = json!([oe_2026()]));
    assert_eq!(kind(stale), QualifyingLifeEvent);
}

/// Review 27c: Cigna's vision ends 2026-03-31 for the employee and the
/// child, named by a new marriage event (2026-03-15); the employee stays
/// full-time.
fn drops_vision_on_marriage(edit: impl FnOnce(&mut Value)) -> Value {
    family(|d| {
        for m in d["coverages"][2]["enrolled_members"].as_array_mut().unwrap() {
            m["effective_end_date"] = json!("2026-03-31");
            m["event_id"] = json!("mar");
        }
        d["events"]
            .as_array_mut()
            .unwrap()
            .push(event("mar", "2026-03-15", "marriage"));
        edit(d);
    })
}

#[test]
fn an_employee_who_stays_employed_and_drops_a_line_mid_year_is_a_life_event() {
    let base = family(|_| {});
    let mar31 = Some("2026-03-31".to_owned());
    // Was `termination`: Cigna's life goes on, a new marriage explains it.
    assert_eq!(
        types(&diff(Some(&base), &drops_vision_on_marriage(|_| {}))),
        [(CIGNA, QualifyingLifeEvent, mar31.clone())]
    );
    // Cigna's life goes on, no event at all: still an adjustment.
    let unexplained = drops_vision_on_marriage(|d| {
        d["events"] = json!([oe_2026()]);
        for m in d["coverages"][2]["enrolled_members"].as_array_mut().unwrap() {
            m.as_object_mut().unwrap().remove("event_id");
        }
    });
    assert_eq!(
        types(&diff(Some(&base), &unexplained)),
        [(CIGNA, QualifyingLifeEvent, mar31.clone())]
    );
    // The last line at the carrier (Cigna's life ends too) on the marriage:
    // a life event; without an event, or on a death or leave, a termination.
    let both = |reason: Option<&str>| {
        drops_vision_on_marriage(|d| {
            set(
                d,
                "/coverages/3/enrolled_members/0/effective_end_date",
                json!("2026-03-31"),
            );
            match reason {
                Some(r) => d["events"][1]["reason"] = json!(r),
                None => {
                    d["events"] = json!([oe_2026()]);
                    for m in d["coverages"][2]["enrolled_members"].as_array_mut().unwrap() {
                        m.as_object_mut().unwrap().remove("event_id");
                    }
                }
            }
        })
    };
    let kind = |cur: Value| types(&diff(Some(&base), &cur))[0].1;
    assert_eq!(kind(both(Some("marriage"))), QualifyingLifeEvent);
    assert_eq!(kind(both(None)), Termination);
    assert_eq!(kind(both(Some("death"))), Termination);
    assert_eq!(kind(both(Some("leave_status_change"))), Termination);
    // The employment ended: a termination whatever goes on.
    let fired = drops_vision_on_marriage(|d| {
        set(d, "/employee/employment/employment_status", json!("terminated"));
        d["employee"]["employment"]["employment_dates"]["terminated"] = json!("2026-03-15");
    });
    let r = diff(Some(&base), &fired);
    let cigna = types(&r).into_iter().find(|t| t.0 == CIGNA);
    assert_eq!(cigna, Some((CIGNA, Termination, mar31)));
}

#[test]
fn row_later_snapshot_new_hiring_event_is_new_hire() {
    // A rehire: the employee's life coverage was ended, and starts again.
    let before = family(|d| {
        set(
            d,
            "/coverages/3/enrolled_members/0/effective_end_date",
            json!("2026-03-31"),
        )
    });
    let rehired = family(|d| {
        d["events"] = json!([oe_2026(), event("rehire", "2026-05-04", "rehire")]);
        set(
            d,
            "/coverages/3/enrolled_members/0/effective_start_date",
            json!("2026-06-01"),
        );
    });
    assert_eq!(
        types(&diff(Some(&before), &rehired)),
        [(CIGNA, NewHire, Some("2026-06-01".into()))]
    );
}

/// Hired 2026-05-04 (a `new_hire` event then), no coverage yet: the first
/// snapshot a platform sends at hire, before the elections.
fn hired_without_elections(edit: impl FnOnce(&mut Value)) -> Value {
    family(|d| {
        hire(d, "2026-05-04");
        d["events"] = json!([event("hire", "2026-05-04", "new_hire")]);
        d["coverages"] = json!([]);
        edit(d);
    })
}

/// The same employee with every coverage from `start`.
fn elected(start: &str, edit: impl FnOnce(&mut Value)) -> Value {
    family(|d| {
        hire(d, "2026-05-04");
        d["events"] = json!([event("hire", "2026-05-04", "new_hire")]);
        starts(d, start);
        edit(d);
    })
}

#[test]
fn row_later_snapshot_elections_after_the_hire_are_new_hire() {
    // The hire event is stale (the first snapshot listed it): the elections
    // are a new hire's because the employee had no coverage at the carrier
    // and it starts in the window (2026-06-04 + 90 days = 2026-09-02).
    let june = Some("2026-06-01".to_owned());
    let all_new_hire = [
        (BEAM, NewHire, june.clone()),
        (GUARDIAN, NewHire, june.clone()),
        (CIGNA, NewHire, june),
    ];
    let prev = hired_without_elections(|_| {});
    assert_eq!(
        types(&diff(Some(&prev), &elected("2026-06-01", |_| {}))),
        all_new_hire
    );
    // No events at all: the same.
    let no_events = |d: &mut Value| d["events"] = json!([]);
    assert_eq!(
        types(&diff(
            Some(&hired_without_elections(no_events)),
            &elected("2026-06-01", no_events)
        )),
        all_new_hire
    );
    // The window's edge.
    let kind = |start: &str| diff(Some(&prev), &elected(start, |_| {})).transactions[0].transaction_type;
    assert_eq!(kind("2026-09-02"), NewHire);
    assert_eq!(kind("2026-09-03"), QualifyingLifeEvent);
    assert_eq!(kind("2026-05-03"), QualifyingLifeEvent, "before the hire date");
    // A new life event explains the elections: a qualifying life event.
    let married = elected("2026-06-01", |d| {
        d["events"] = json!([
            event("hire", "2026-05-04", "new_hire"),
            event("m", "2026-05-20", "marriage")
        ])
    });
    assert_eq!(
        diff(Some(&prev), &married).transactions[0].transaction_type,
        QualifyingLifeEvent
    );
}

#[test]
fn elections_at_a_carrier_already_covering_the_employee_are_not_a_new_hire() {
    // Cigna covered the employee's life from the hire; vision comes later.
    // Beam and Guardian are a new hire's.
    let life = |d: &mut Value| {
        let life = d["coverages"][3].clone();
        d["coverages"] = json!([life]);
    };
    let prev = elected("2026-06-01", life);
    let june = Some("2026-06-01".to_owned());
    assert_eq!(
        types(&diff(Some(&prev), &elected("2026-06-01", |_| {}))),
        [
            (BEAM, NewHire, june.clone()),
            (GUARDIAN, NewHire, june.clone()),
            (CIGNA, QualifyingLifeEvent, june.clone())
        ]
    );
    // A waived life, or a life ended before a rehire, is no coverage.
    let cigna = |prev: &Value, cur: &Value| {
        let r = diff(Some(prev), cur);
        let t = r.transactions.iter().find(|t| t.carrier_id == CIGNA).unwrap();
        (
            t.transaction_type,
            t.expected_verification_date.map(|d| d.to_string()),
        )
    };
    let waived = |d: &mut Value| {
        life(d);
        set(
            d,
            "/coverages/0/enrolled_members/0/effective_end_date",
            json!("2026-05-31"),
        );
    };
    let waived_then_vision = elected("2026-06-01", |d| {
        set(
            d,
            "/coverages/3/enrolled_members/0/effective_end_date",
            json!("2026-05-31"),
        );
    });
    assert_eq!(
        cigna(&elected("2026-06-01", waived), &waived_then_vision),
        (NewHire, june.clone())
    );
    let rehired = |d: &mut Value| {
        hire(d, "2015-03-02");
        d["employee"]["employment"]["employment_dates"]["rehire"] = json!("2026-05-04");
        d["events"] = json!([event("rehire", "2026-05-04", "rehire")]);
        set(
            d,
            "/coverages/3/enrolled_members/0/effective_start_date",
            json!("2016-01-01"),
        );
        set(
            d,
            "/coverages/3/enrolled_members/0/effective_end_date",
            json!("2024-06-30"),
        );
    };
    let before = elected("2026-06-01", |d| {
        rehired(d);
        life(d);
    });
    assert_eq!(cigna(&before, &elected("2026-06-01", rehired)), (NewHire, june));
}

#[test]
fn a_newborn_added_to_a_recent_hires_family_coverage_stays_a_life_event() {
    // Hired 2026-05-04, covered from 2026-06-01; the child is born and added
    // to medical on 2026-07-10, inside the hire's window, with or without an event.
    let without_child = elected("2026-06-01", |d| {
        d["coverages"][0]["enrolled_members"]
            .as_array_mut()
            .unwrap()
            .remove(2);
    });
    for events in [
        json!([event("hire", "2026-05-04", "new_hire")]),
        json!([
            event("hire", "2026-05-04", "new_hire"),
            event("nb", "2026-07-10", "newborn")
        ]),
    ] {
        let born = elected("2026-06-01", |d| {
            d["events"] = events;
            set(
                d,
                "/coverages/0/enrolled_members/2/effective_start_date",
                json!("2026-07-10"),
            );
        });
        assert_eq!(
            types(&diff(Some(&without_child), &born)),
            [(BEAM, QualifyingLifeEvent, Some("2026-07-10".into()))]
        );
    }
}

#[test]
fn row_later_snapshot_new_open_enrollment_event_is_open_enrollment() {
    let oe_2027 = family(|d| {
        d["events"] = json!([oe_2026(), event("oe-2027", "2026-11-10", "open_enrollment")]);
        set(
            d,
            "/coverages/1/plan_id",
            json!("7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e03"),
        );
        for m in d["coverages"][1]["enrolled_members"].as_array_mut().unwrap() {
            m["latest_change_effective_date"] = json!("2027-01-01");
        }
    });
    assert_eq!(
        types(&diff(Some(&family(|_| {})), &oe_2027)),
        [(GUARDIAN, OpenEnrollment, Some("2027-01-01".into()))]
    );
}

#[test]
fn row_later_snapshot_otherwise_is_a_qualifying_life_event() {
    // A newborn (a new event); then the same change with no new event at all.
    let born = |events: Value| {
        family(|d| {
            d["events"] = events;
            set(
                d,
                "/coverages/0/enrolled_members/2/effective_start_date",
                json!("2026-03-02"),
            );
        })
    };
    let with_event = born(json!([oe_2026(), event("nb", "2026-03-02", "newborn")]));
    let without = born(json!([oe_2026()]));
    for cur in [with_event, without] {
        assert_eq!(
            types(&diff(Some(&family(|_| {})), &cur)),
            [(BEAM, QualifyingLifeEvent, Some("2026-03-02".into()))]
        );
    }
}

#[test]
fn a_life_event_carrying_a_later_move_is_verified_when_the_move_is_effective() {
    // Seed 001: verified "on the date that all changes from the transaction
    // are effective". A newborn covered from 2026-03-02 and the family's
    // move effective 2026-04-01, sent together: Beam's one transaction holds
    // both and is due when the later takes effect (it was the newborn's date).
    let cur = family(|d| {
        d["events"] = json!([
            oe_2026(),
            event("nb", "2026-03-02", "newborn"),
            {"id": "move", "date": "2026-04-01", "type": "demographic", "reason": "moved"}
        ]);
        set(
            d,
            "/coverages/0/enrolled_members/2/effective_start_date",
            json!("2026-03-02"),
        );
        set(d, "/employee/person/home_address/zip_code", json!("97209"));
    });
    let r = diff(Some(&family(|_| {})), &cur);
    assert_eq!(
        types(&r),
        [
            (BEAM, QualifyingLifeEvent, Some("2026-04-01".into())),
            (GUARDIAN, DemographicChange, None),
            (CIGNA, DemographicChange, None)
        ]
    );
    assert_eq!(
        r.transactions[0].effective_date.map(|d| d.to_string()).as_deref(),
        Some("2026-04-01")
    );
}

#[test]
fn events_are_new_by_id_or_without_one_by_type_reason_and_date() {
    let changed = |events: Value| {
        family(|d| {
            d["events"] = events;
            set(
                d,
                "/coverages/1/plan_id",
                json!("7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e03"),
            );
        })
    };
    let kind = |prev_events: Value, cur_events: Value| {
        let prev = family(|d| d["events"] = prev_events);
        diff(Some(&prev), &changed(cur_events)).transactions[0].transaction_type
    };
    let unnamed = json!({"date": "2025-11-15", "type": "coverage", "reason": "open_enrollment"});
    // The same id is the same event, even redated.
    let redated = event("oe-2026", "2026-11-15", "open_enrollment");
    assert_eq!(kind(json!([oe_2026()]), json!([redated])), QualifyingLifeEvent);
    assert_eq!(
        kind(
            json!([oe_2026()]),
            json!([event("oe-2027", "2026-11-15", "open_enrollment")])
        ),
        OpenEnrollment
    );
    assert_eq!(
        kind(json!([unnamed.clone()]), json!([unnamed.clone()])),
        QualifyingLifeEvent
    );
    let mut later = unnamed.clone();
    later["date"] = json!("2026-11-15");
    assert_eq!(kind(json!([unnamed]), json!([later])), OpenEnrollment);
}

#[test]
fn the_new_events_a_change_names_come_before_the_other_new_events() {
    // Two new events; the child's vision enrollment names the newborn one.
    let cur = family(|d| {
        d["events"] = json!([
            event("oe-2027", "2026-11-10", "open_enrollment"),
            event("nb", "2026-03-02", "newborn")
        ]);
        d["coverages"][2]["enrolled_members"][1]["event_id"] = json!("nb");
        set(
            d,
            "/coverages/2/enrolled_members/1/effective_start_date",
            json!("2026-03-02"),
        );
    });
    assert_eq!(
        diff(Some(&family(|_| {})), &cur).transactions[0].transaction_type,
        QualifyingLifeEvent
    );
    // A named event the previous snapshot had already is stale: the other new events decide.
    let prev = family(|d| d["events"] = json!([oe_2026(), event("nb", "2026-03-02", "newborn")]));
    assert_eq!(
        diff(Some(&prev), &cur).transactions[0].transaction_type,
        OpenEnrollment
    );
}

// --- Verification after submission. ---

fn preview_of(cur: &Value, now: &str) -> (Value, Vec<String>) {
    let p = engine().preview_str(
        None,
        &cur.to_string(),
        &PreviewOptions {
            now: Timestamp::parse(now).unwrap(),
        },
    );
    let ids = p.transactions.iter().map(|t| t.id.clone()).collect();
    (serde_json::to_value(&p).unwrap(), ids)
}

fn step(id: &str, tx: &str, s: &str, at: Value) -> Value {
    json!({"id": id, "type": "transaction_status", "transaction_id": tx, "status_detail": s, "created": at})
}

fn fold(state: &Value, events: &[Value], now: &str) -> FoldResult {
    let opts = FoldOptions {
        now: Timestamp::parse(now).unwrap(),
        verification_grace_days: 7,
    };
    fold_json(state, &Value::Array(events.to_vec()), &opts).unwrap()
}

/// Beam's transaction accepted and completed on `completed`.
fn completed_at(tx: &str, completed: &str) -> Vec<Value> {
    vec![
        step("a", tx, "noyo_accepted", json!("2025-12-01T12:05:00Z")),
        step("b", tx, "carrier_accepted", json!("2025-12-01T13:00:00Z")),
        step("c", tx, "carrier_completed", json!(completed)),
    ]
}

#[test]
fn an_initial_enrollment_already_in_force_is_overdue_from_its_completion() {
    // Issue 14: hired 2015, covered since 2020 — it used to be a new hire
    // overdue the day it completed. Its date is the coverage's start, long
    // past: overdue counts from the later, its completion.
    let cur = family(|d| {
        hire(d, "2015-03-02");
        starts(d, "2020-01-01");
        d["events"] = json!([]);
    });
    let (preview, t) = preview_of(&cur, "2025-12-01T12:00:00Z");
    assert_eq!(
        preview["transactions"][0]["transaction_type"],
        "initial_enrollment"
    );
    assert_eq!(
        preview["transactions"][0]["expected_verification_date"],
        "2020-01-01"
    );
    let events = completed_at(&t[0], "2025-12-03T09:00:00Z");
    let overdue = |now: &str| fold(&preview, &events, now).state.transactions[0].overdue_verification;
    assert!(!overdue("2025-12-03T10:00:00Z"));
    assert!(!overdue("2025-12-10T23:59:59Z"), "completion + 7 days of grace");
    assert!(overdue("2025-12-11T00:00:00Z"));
}

#[test]
fn an_initial_enrollment_starting_later_is_due_when_it_starts() {
    // Hired 2015, onboarded with a marriage event and coverage from
    // 2027-01-01: completed 2026-12-06, not overdue before 2027-01-01 + 7
    // days; verified on 2026-12-07 it is early.
    let cur = family(|d| {
        hire(d, "2015-03-02");
        starts(d, "2027-01-01");
        d["events"] = json!([event("m", "2026-12-01", "marriage")]);
    });
    let (preview, t) = preview_of(&cur, "2026-12-05T10:00:00Z");
    assert_eq!(
        preview["transactions"][0]["transaction_type"],
        "initial_enrollment"
    );
    assert_eq!(
        preview["transactions"][0]["expected_verification_date"],
        "2027-01-01"
    );
    let done = vec![step(
        "c",
        &t[0],
        "carrier_completed",
        json!("2026-12-06T00:00:00Z"),
    )];
    let overdue = |now: &str| fold(&preview, &done, now).state.transactions[0].overdue_verification;
    assert!(!overdue("2026-12-20T00:00:00Z"));
    assert!(!overdue("2027-01-08T23:59:59Z"));
    assert!(overdue("2027-01-09T00:00:00Z"));
    let mut verified = done.clone();
    verified.push(step("v", &t[0], "noyo_verified", json!("2026-12-07T00:00:00Z")));
    let tx = &fold(&preview, &verified, "2026-12-20T00:00:00Z")
        .state
        .transactions[0];
    assert!(tx.verified_early);
    assert!(!tx.overdue_verification);
}

#[test]
fn overdue_counts_from_the_later_of_the_expected_date_and_completion() {
    // A new hire expected to verify on 2026-01-01, completed only on 2026-01-20.
    let (preview, t) = preview_of(&family(|_| {}), "2025-12-01T12:00:00Z");
    assert_eq!(preview["transactions"][0]["transaction_type"], "new_hire");
    let late = completed_at(&t[0], "2026-01-20T09:00:00Z");
    let overdue = |now: &str| fold(&preview, &late, now).state.transactions[0].overdue_verification;
    assert!(
        !overdue("2026-01-25T00:00:00Z"),
        "not overdue the day it completes"
    );
    assert!(!overdue("2026-01-27T23:00:00Z"));
    assert!(overdue("2026-01-28T00:00:00Z"));
    // Completed on time: overdue from the expected date.
    let on_time = completed_at(&t[0], "2025-12-03T09:00:00Z");
    let overdue = |now: &str| fold(&preview, &on_time, now).state.transactions[0].overdue_verification;
    assert!(!overdue("2026-01-08T12:00:00Z"));
    assert!(overdue("2026-01-09T00:00:00Z"));
}

#[test]
fn verified_is_unix_time_with_an_rfc_3339_copy() {
    let (preview, t) = preview_of(&family(|_| {}), "2025-12-01T12:00:00Z");
    let mut events = completed_at(&t[0], "2025-12-03T09:00:00Z");
    events.push(step("d", &t[0], "noyo_verified", json!("2026-01-02T06:00:00Z")));
    let r = fold(&preview, &events, "2026-01-03T00:00:00Z");
    let tx = serde_json::to_value(&r.state.transactions[0]).unwrap();
    assert_eq!(tx["verified"], json!(1_767_333_600));
    assert_eq!(tx["verified_at"], "2026-01-02T06:00:00Z");
    assert_eq!(tx["verified_early"], false);
    assert_eq!(r.state.transactions[1].verified, None, "Guardian is not verified");
}

#[test]
fn event_created_accepts_unix_seconds_as_well_as_rfc_3339() {
    let (preview, t) = preview_of(&family(|_| {}), "2025-12-01T12:00:00Z");
    let rfc = completed_at(&t[0], "2025-12-03T09:00:00Z");
    let unix: Vec<Value> = rfc
        .iter()
        .map(|e| {
            let mut e = e.clone();
            let at = Timestamp::parse(e["created"].as_str().unwrap()).unwrap();
            e["created"] = json!(at.unix_seconds());
            e
        })
        .collect();
    assert_eq!(unix[2]["created"], json!(1_764_752_400));
    let now = "2025-12-05T00:00:00Z";
    let (a, b) = (fold(&preview, &rfc, now), fold(&preview, &unix, now));
    assert!(b.event_issues.is_empty());
    assert_eq!(a, b, "the same events, the same state (events kept in RFC 3339)");
    assert_eq!(
        b.state.transactions[0]
            .latest_status
            .as_ref()
            .map(|s| s.status_detail),
        Some(StatusDetailKind::CarrierCompleted)
    );
    // Either way in, a step's `event_created` is Unix seconds out, and the
    // kept events RFC 3339.
    let out = serde_json::to_value(&b.state).unwrap();
    assert_eq!(
        out["transactions"][0]["latest_status"]["event_created"],
        json!(1_764_752_400)
    );
    assert_eq!(out["events"][2]["created"], "2025-12-03T09:00:00Z");
    // Malformed: before 1970, a fraction, a string that is neither.
    let bad = [
        step("x", &t[0], "carrier_processing", json!(-1)),
        step("y", &t[0], "carrier_processing", json!(1_764_752_400.5)),
        step("z", &t[0], "carrier_processing", json!("1764752400")),
        step("w", &t[0], "carrier_processing", json!(253_402_300_800_i64)),
    ];
    let r = fold(&preview, &bad, now);
    let got: Vec<_> = r
        .event_issues
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("out_of_range", "/0/created"),
            ("wrong_type", "/1/created"),
            ("invalid_timestamp", "/2/created"),
            ("out_of_range", "/3/created"),
        ]
    );
}

#[test]
fn early_verification_is_recorded_and_flagged() {
    let (preview, t) = preview_of(&family(|_| {}), "2025-12-01T12:00:00Z");
    let mut events = completed_at(&t[0], "2025-12-03T09:00:00Z");
    // Expected on 2026-01-01 (the coverage start); the carrier confirms on 2025-12-20.
    events.push(step("d", &t[0], "noyo_verified", json!("2025-12-20T08:00:00Z")));
    let r = fold(&preview, &events, "2026-01-20T00:00:00Z");
    assert!(
        r.state.rejected_events.is_empty(),
        "{:?}",
        r.state.rejected_events
    );
    let tx = &r.state.transactions[0];
    assert_eq!(tx.verified, Some(1_766_217_600));
    assert_eq!(
        tx.verified_at.map(|t| t.to_string()),
        Some("2025-12-20T08:00:00Z".into())
    );
    assert!(tx.verified_early);
    assert!(!tx.overdue_verification);
    assert_eq!(
        tx.latest_status.as_ref().map(|s| s.status_detail),
        Some(StatusDetailKind::NoyoVerified)
    );
    // On the expected date itself it is not early; before completion it is still refused.
    let mut on_time = completed_at(&t[0], "2025-12-03T09:00:00Z");
    on_time.push(step("d", &t[0], "noyo_verified", json!("2026-01-01T00:00:00Z")));
    assert!(
        !fold(&preview, &on_time, "2026-01-20T00:00:00Z")
            .state
            .transactions[0]
            .verified_early
    );
    let r = fold(
        &preview,
        &[step("v", &t[1], "noyo_verified", json!("2025-12-20T08:00:00Z"))],
        "2026-01-20T00:00:00Z",
    );
    assert_eq!(r.state.rejected_events[0].reason, "verified_before_completed");
}

// --- Review 25c: a reinstatement, a carrier whose elections are all waived. ---

/// Maria's family terminated: every coverage ends 2026-11-30, employment
/// ended 2026-11-20 (review 25c's t06).
fn terminated() -> Value {
    family(|d| {
        each_member(d, |m| m["effective_end_date"] = json!("2026-11-30"));
        set(d, "/employee/employment/employment_status", json!("terminated"));
        d["employee"]["employment"]["employment_dates"]["terminated"] = json!("2026-11-20");
        d["events"]
            .as_array_mut()
            .unwrap()
            .push(event("term", "2026-11-20", "termination"));
    })
}

fn preview_against(prev: &Value, cur: &Value, now: &str) -> (Value, Vec<String>) {
    let p = engine().preview_str(
        Some(&prev.to_string()),
        &cur.to_string(),
        &PreviewOptions {
            now: Timestamp::parse(now).unwrap(),
        },
    );
    let ids = p.transactions.iter().map(|t| t.id.clone()).collect();
    (serde_json::to_value(&p).unwrap(), ids)
}

#[test]
fn a_reinstatement_is_a_life_event_verified_from_the_day_after_the_old_end() {
    // The end dates go back to 9999-12-31. Seed 001 verifies a transaction
    // "on the date that all changes from the transaction are effective":
    // the reinstated days begin 2026-12-01, not at the original start
    // (2026-01-01). Seed 001 ties a new hire to created enrollments, so a
    // `reinstatement` event makes no new hire.
    let dec = Some("2026-12-01".to_owned());
    let expected = [
        (BEAM, QualifyingLifeEvent, dec.clone()),
        (GUARDIAN, QualifyingLifeEvent, dec.clone()),
        (CIGNA, QualifyingLifeEvent, dec.clone()),
    ];
    let with_event = family(|d| {
        d["events"]
            .as_array_mut()
            .unwrap()
            .push(event("rein", "2026-11-24", "reinstatement"));
    });
    for cur in [with_event, family(|_| {})] {
        let r = diff(Some(&terminated()), &cur);
        assert_eq!(types(&r), expected);
        let reopened: Vec<_> = r
            .differences
            .iter()
            .filter(|d| d.fields.iter().any(|f| f.key == "effective_end_date"))
            .map(|d| {
                (
                    d.fields[0].before.clone(),
                    d.effective_date.map(|e| e.to_string()),
                )
            })
            .collect();
        assert_eq!(reopened.len(), 8, "every enrolled member");
        assert!(reopened
            .iter()
            .all(|(before, eff)| before == "2026-11-30" && eff == &dec));
        assert!(r
            .transactions
            .iter()
            .all(|t| t.effective_date.map(|e| e.to_string()) == dec));
    }
}

#[test]
fn a_reinstatement_is_not_overdue_or_early_against_its_original_start() {
    // Review 25c's t06: completed 2026-11-25, it was overdue on 2026-12-03
    // (due 2026-01-01), and a verification on 2026-11-26 — before any
    // reinstated day — was not early.
    let (preview, t) = preview_against(&terminated(), &family(|_| {}), "2026-11-25T12:00:00Z");
    assert_eq!(preview["transactions"][0]["carrier_id"], BEAM);
    assert_eq!(
        preview["transactions"][0]["expected_verification_date"],
        "2026-12-01"
    );
    let done = vec![
        step("a", &t[0], "noyo_accepted", json!("2026-11-25T12:01:00Z")),
        step("b", &t[0], "carrier_accepted", json!("2026-11-25T12:02:00Z")),
        step("c", &t[0], "carrier_completed", json!("2026-11-25T13:00:00Z")),
    ];
    let overdue = |now: &str| fold(&preview, &done, now).state.transactions[0].overdue_verification;
    assert!(!overdue("2026-12-03T00:00:00Z"));
    assert!(!overdue("2026-12-08T23:59:59Z"), "2026-12-01 + 7 days of grace");
    assert!(overdue("2026-12-09T00:00:00Z"));
    let mut early = done.clone();
    early.push(step("v", &t[0], "noyo_verified", json!("2026-11-26T09:00:00Z")));
    let tx = &fold(&preview, &early, "2026-11-27T00:00:00Z").state.transactions[0];
    assert_eq!(tx.verified, Some(1_795_683_600));
    assert!(tx.verified_early);
}

/// A new hire who waives Guardian's dental on the first snapshot (review
/// 25c's t21): Guardian receives only the employee's record.
fn waives_guardian(edit: impl FnOnce(&mut Value)) -> Value {
    family(|d| {
        d["coverages"][1]["enrolled_members"] = json!([{
            "individual_type": "employee",
            "individual_id": "e1000000-0000-4000-8000-000000000001",
            "effective_start_date": "2026-01-01",
            "effective_end_date": "2025-12-31"
        }]);
        edit(d);
    })
}

#[test]
fn row_first_snapshot_only_people_at_a_carrier_is_demographic_change() {
    let jan = Some("2026-01-01".to_owned());
    let expected = [
        (BEAM, NewHire, jan.clone()),
        (GUARDIAN, DemographicChange, None),
        (CIGNA, NewHire, jan),
    ];
    // With the snapshot's open-enrollment event (it was `open_enrollment`)
    // and without any event (it was `initial_enrollment`).
    for d in [
        waives_guardian(|_| {}),
        waives_guardian(|d| d["events"] = json!([])),
    ] {
        let r = diff(None, &d);
        assert_eq!(types(&r), expected);
        let guardian: Vec<_> = r
            .differences
            .iter()
            .filter(|d| d.carrier_id == GUARDIAN)
            .map(|d| serde_json::to_value(d.object_type).unwrap())
            .collect();
        assert_eq!(guardian, [json!("employee")]);
    }
}

#[test]
fn a_waived_carrier_is_verified_on_completion_and_overdue_from_it() {
    // It had no date, yet was overdue from completion + 7 days. As a
    // demographic change its date is the completion day.
    let (preview, t) = preview_of(&waives_guardian(|_| {}), "2025-12-01T12:00:00Z");
    assert_eq!(preview["transactions"][1]["carrier_id"], GUARDIAN);
    assert_eq!(
        preview["transactions"][1]["expected_verification_date"],
        Value::Null
    );
    let done = vec![
        step("a", &t[1], "noyo_accepted", json!("2025-12-01T12:01:00Z")),
        step("b", &t[1], "carrier_accepted", json!("2025-12-01T12:02:00Z")),
        step("c", &t[1], "carrier_completed", json!("2025-12-02T12:00:00Z")),
    ];
    let at = |now: &str| fold(&preview, &done, now).state.transactions[1].clone();
    let tx = at("2025-12-09T23:59:59Z");
    assert_eq!(tx.transaction.transaction_type, DemographicChange);
    assert_eq!(
        tx.transaction.expected_verification_date.map(|d| d.to_string()),
        Some("2025-12-02".into())
    );
    assert!(!tx.overdue_verification);
    assert!(at("2025-12-10T00:00:00Z").overdue_verification);
}

#[test]
fn a_transaction_without_a_verification_date_is_never_overdue() {
    // Whatever its type, a completed transaction whose date is unknown has
    // nothing to be late against (a demographic change gets its date on
    // completion; this one keeps none).
    let (mut preview, t) = preview_of(&family(|_| {}), "2025-12-01T12:00:00Z");
    preview["transactions"][0]["expected_verification_date"] = Value::Null;
    let done = completed_at(&t[0], "2025-12-03T09:00:00Z");
    for now in ["2025-12-20T00:00:00Z", "2026-06-01T00:00:00Z"] {
        let tx = &fold(&preview, &done, now).state.transactions[0];
        assert_eq!(tx.transaction.transaction_type, NewHire);
        assert_eq!(tx.transaction.expected_verification_date, None);
        assert!(tx.completed_at.is_some());
        assert!(!tx.overdue_verification, "at {now}");
    }
}

// --- docs/api.md "Which previous snapshot": ids name content; resubmitting. ---

fn preview_pair(prev: Option<&Value>, cur: &Value, now: &str) -> Value {
    let prev = prev.map(Value::to_string);
    let p = engine().preview_str(
        prev.as_deref(),
        &cur.to_string(),
        &PreviewOptions {
            now: Timestamp::parse(now).unwrap(),
        },
    );
    serde_json::to_value(&p).unwrap()
}

fn transaction_ids(p: &Value) -> Vec<Value> {
    p["transactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].clone())
        .collect()
}

/// `carrier: status` of each fulfillment summary entry.
fn fulfillment(p: &Value) -> Vec<(String, String)> {
    p["fulfillment_summary"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["carrier_id"].as_str().unwrap().into(),
                c["status"].as_str().unwrap().into(),
            )
        })
        .collect()
}

#[test]
fn a_transaction_id_names_its_content_so_the_same_move_twice_repeats_it() {
    // Review 25c's t18: to Elm St in March, back in June, to Elm St in
    // September — the March and September transactions share their ids;
    // (snapshot id, transaction id) is what is unique per submission.
    let s0 = family(|_| {});
    let elm = family(|d| set(d, "/employee/person/home_address/street_one", json!("9 Elm St")));
    let march = preview_pair(Some(&s0), &elm, "2026-03-01T12:00:00Z");
    let june = preview_pair(Some(&elm), &s0, "2026-06-01T12:00:00Z");
    let september = preview_pair(Some(&s0), &elm, "2026-09-01T12:00:00Z");
    assert_eq!(transaction_ids(&march).len(), 3);
    assert_eq!(transaction_ids(&march), transaction_ids(&september));
    assert!(transaction_ids(&june)
        .iter()
        .all(|id| !transaction_ids(&march).contains(id)));
}

#[test]
fn resubmitting_after_an_invalid_carrier_previews_it_against_what_it_received() {
    // S1 names a dental plan Guardian does not offer: Guardian is invalid
    // and receives nothing; Beam and Cigna receive S1.
    let s1 = family(|d| d["coverages"][1]["plan_id"] = json!("7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9eff"));
    let p1 = preview_pair(None, &s1, "2025-12-01T12:00:00Z");
    assert_eq!(p1["fulfillment_summary"][1]["status"], "invalid");
    assert_eq!(p1["transactions"][1]["blocked"], true);
    let s2 = family(|_| {});
    // Against S1 alone, Guardian would get a plan change typed as a life event.
    let against_s1 = preview_pair(Some(&s1), &s2, "2025-12-02T12:00:00Z");
    assert_eq!(
        fulfillment(&against_s1),
        [
            (BEAM.into(), "no_changes".into()),
            (GUARDIAN.into(), "processing".into()),
            (CIGNA.into(), "no_changes".into())
        ]
    );
    assert_eq!(
        against_s1["transactions"][0]["transaction_type"],
        "qualifying_life_event"
    );
    // Guardian last received nothing: its part comes from previewing against null.
    let against_none = preview_pair(None, &s2, "2025-12-02T12:00:00Z");
    let guardian = &against_none["transactions"][1];
    assert_eq!(guardian["carrier_id"], GUARDIAN);
    assert_eq!(guardian["transaction_type"], "new_hire");
    assert_eq!(guardian["expected_verification_date"], "2026-01-01");
    let sent: Vec<(Value, Value)> = against_none["differences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["carrier_id"] == GUARDIAN)
        .map(|d| (d["object_type"].clone(), d["change"].clone()))
        .collect();
    assert_eq!(
        sent,
        [
            (json!("employee"), json!("added")),
            (json!("dependent"), json!("added")),
            (json!("individual_enrollment"), json!("added")),
            (json!("individual_enrollment"), json!("added"))
        ]
    );
}

#[test]
fn resubmitting_after_a_replaced_snapshot_resends_what_its_carriers_never_received() {
    // S1 (a move) replaced by S2 (the move and a phone number) after
    // Guardian received S1 and before Beam and Cigna did.
    let s0 = family(|_| {});
    let move_to_elm = |d: &mut Value| {
        set(
            d,
            "/employee/person/home_address",
            json!({"street_one": "9 Elm St", "city": "Salem", "state": "OR", "zip_code": "97301"}),
        );
        d["events"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": "mv", "date": "2026-11-20", "type": "demographic", "reason": "moved"}));
    };
    let s1 = family(move_to_elm);
    let s2 = family(|d| {
        move_to_elm(d);
        d["employee"]["person"]["contact"] = json!({"home_phone": "5035550100"});
    });
    let p1 = preview_pair(Some(&s0), &s1, "2026-11-24T12:00:00Z");
    let fields = |p: &Value, carrier: &str| -> Vec<(Value, Value)> {
        p["differences"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["carrier_id"] == carrier)
            .map(|d| (d["id"].clone(), d["fields"][0]["key"].clone()))
            .collect()
    };
    let moved = fields(&p1, BEAM);
    assert_eq!(moved.len(), 1);
    // Guardian received S1: against S1, the phone number alone.
    let guardian = fields(&preview_pair(Some(&s1), &s2, "2026-11-25T10:00:00Z"), GUARDIAN);
    assert_eq!(guardian.len(), 1);
    assert_eq!(guardian[0].1, "person.contact.home_phone");
    // Beam last received S0: the phone and the move, the move under S1's id.
    let beam = fields(&preview_pair(Some(&s0), &s2, "2026-11-25T10:00:00Z"), BEAM);
    assert_eq!(beam.len(), 2);
    assert_eq!(beam[0].1, "person.contact.home_phone");
    assert_eq!(beam[1], moved[0]);
}

/// Review 27c: the life volume raised 50,000 → 100,000 on a new marriage
/// (2026-03-01); the change names no event and gives no
/// `latest_change_effective_date`.
fn life_raised_on_marriage(edit: impl FnOnce(&mut Value)) -> Value {
    family(|d| {
        set(d, "/coverages/3/enrolled_members/0/volume", json!(100_000));
        d["events"]
            .as_array_mut()
            .unwrap()
            .push(event("mar", "2026-03-01", "marriage"));
        edit(d);
    })
}

/// The 834's DTP*303 (maintenance effective) at Cigna.
fn maintenance_effective(prev: &Value, cur: &Value) -> Vec<String> {
    let opts = enroll_engine::x12::ExportOptions {
        carrier_id: CIGNA.into(),
        created: Timestamp::parse("2026-02-01T00:00:00Z").unwrap(),
        control_number: 1,
        sender: None,
        receiver: None,
        mode: enroll_engine::x12::ExportMode::Change,
        part: enroll_engine::x12::ExportPart::Interchange,
    };
    let x = engine()
        .export834_str(Some(&prev.to_string()), &cur.to_string(), &opts)
        .unwrap();
    x.text
        .split('~')
        .map(str::trim)
        .filter(|s| s.starts_with("DTP*303*"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_life_event_change_dated_by_nothing_is_dated_at_its_sole_new_event() {
    // Was 2026-01-01, the coverage's start: before the marriage behind it.
    let base = family(|_| {});
    let march = Some("2026-03-01".to_owned());
    let cur = life_raised_on_marriage(|_| {});
    let r = diff(Some(&base), &cur);
    assert_eq!(types(&r), [(CIGNA, QualifyingLifeEvent, march.clone())]);
    assert_eq!(r.differences[0].effective_date.map(|d| d.to_string()), march);
    assert_eq!(maintenance_effective(&base, &cur), ["DTP*303*D8*20260301"]);
    // An explicit date still wins.
    let explicit = life_raised_on_marriage(|d| {
        d["coverages"][3]["enrolled_members"][0]["latest_change_effective_date"] = json!("2026-04-01")
    });
    assert_eq!(
        types(&diff(Some(&base), &explicit)),
        [(CIGNA, QualifyingLifeEvent, Some("2026-04-01".into()))]
    );
    // Two new events: which one is behind it is unknown, so the start, as before.
    let two = life_raised_on_marriage(|d| {
        d["events"]
            .as_array_mut()
            .unwrap()
            .push(event("baby", "2026-03-20", "newborn"))
    });
    assert_eq!(
        types(&diff(Some(&base), &two)),
        [(CIGNA, QualifyingLifeEvent, Some("2026-01-01".into()))]
    );
    // An open enrollment's date is its election window: it dates nothing
    // (review 27f), the change keeps its coverage's start.
    let elected = family(|d| {
        set(d, "/coverages/3/enrolled_members/0/volume", json!(100_000));
        d["events"]
            .as_array_mut()
            .unwrap()
            .push(event("oe-27", "2026-11-10", "open_enrollment"));
    });
    assert_eq!(
        types(&diff(Some(&base), &elected)),
        [(CIGNA, OpenEnrollment, Some("2026-01-01".into()))]
    );
}

/// Review 27f #4: the employee's death ends their own coverage at the
/// carrier — a termination, even when the snapshot ends one line of two
/// (the other left for a later snapshot); a dependent's death is not.
#[test]
fn an_employees_death_ending_part_of_their_coverage_is_a_termination() {
    let base = family(|_| {});
    let died = family(|d| {
        set(
            d,
            "/coverages/3/enrolled_members/0/effective_end_date",
            json!("2026-05-10"),
        );
        d["events"]
            .as_array_mut()
            .unwrap()
            .push(event("death", "2026-05-10", "death"));
    });
    assert_eq!(
        types(&diff(Some(&base), &died)),
        [(CIGNA, Termination, Some("2026-05-10".into()))]
    );
}
