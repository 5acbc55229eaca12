//! Worst-case document shapes for the diff and preview loops (issue 13): each
//! shape grows one dimension (people, unknown fields, coverages × members,
//! carriers) with `n`. Used at small `n` by tests/scale.rs (exact behaviour)
//! and at 0.25–4 MiB by examples/hostile_scale.rs (timings).
#![allow(dead_code, clippy::indexing_slicing)]

use serde_json::{json, Value};

/// A group configuration and two snapshots, as JSON text.
pub struct Shape {
    pub config: String,
    pub prev: String,
    pub cur: String,
}

impl Shape {
    /// The largest of the three documents, in bytes.
    pub fn bytes(&self) -> usize {
        self.config.len().max(self.prev.len()).max(self.cur.len())
    }
}

/// The lines every carrier of the configuration has a plan for.
const LINES: &[&str] = &["medical", "dental", "vision", "life"];

/// Every shape's name, in the order the benchmark prints them.
pub const SHAPES: &[&str] = &[
    "same_name_dependents",
    "unknown_fields",
    "coverages_members",
    "people",
    "carriers",
    "masked_keys",
    "long_plan_rows",
];

/// `preview`'s `now` for every shape; its date is the diff's `today`.
pub const NOW: &str = "2026-02-01T12:00:00Z";

/// The shape called `name` with `n` of its growing dimension.
pub fn shape(name: &str, n: usize) -> Option<Shape> {
    let (config, prev, cur) = match name {
        "same_name_dependents" => same_name_dependents(n),
        "unknown_fields" => unknown_fields(n),
        "coverages_members" => coverages_members(n),
        "people" => people(n),
        "carriers" => carriers(n),
        "masked_keys" => masked_keys(n),
        "long_plan_rows" => long_plan_rows(n),
        _ => return None,
    };
    Some(Shape {
        config: config.to_string(),
        prev: prev.to_string(),
        cur: cur.to_string(),
    })
}

const EMPLOYEE_ID: &str = "e1000000-0000-4000-8000-000000000000";

fn dependent_id(k: usize) -> String {
    format!("d1000000-0000-4000-8000-{k:012x}")
}

fn carrier_id(k: usize) -> String {
    format!("0b1e5c2a-6a4f-4d4e-9c1b-{k:012x}")
}

fn plan_id(k: usize) -> String {
    format!("7c0d6e1f-1a2b-4c3d-8e4f-{k:012x}")
}

/// A configuration of `n` carriers with a per-member plan for each of `LINES`;
/// every tenth carrier is a weekly Send carrier.
fn config(n: usize) -> Value {
    let carriers: Vec<Value> = (0..n)
        .map(|k| {
            if k % 10 == 9 {
                json!({"id": carrier_id(k), "mode": "send", "feed": {"rrule": "FREQ=WEEKLY;BYDAY=MO;BYHOUR=17"}})
            } else {
                json!({"id": carrier_id(k)})
            }
        })
        .collect();
    let plans: Vec<Value> = (0..n * LINES.len())
        .map(|p| {
            json!({
                "id": plan_id(p), "carrier_id": carrier_id(p / LINES.len()),
                "line_of_coverage": LINES.get(p % LINES.len()),
                "rates": {"calculation_type": "member_based", "per_member": 10.5},
                "employer_contribution": {"percent": 50}
            })
        })
        .collect();
    json!({"group_id": "grp-scale", "carriers": carriers, "plans": plans})
}

fn address(zip: &str) -> Value {
    json!({"street_one": "1 Main St", "city": "Portland", "state": "OR", "zip_code": zip})
}

fn employee() -> Value {
    json!({
        "id": EMPLOYEE_ID, "custom_individual_id": "EMP-1",
        "person": {
            "first_name": "Ann", "last_name": "Lee", "date_of_birth": "1980-01-02", "sex": "F",
            "ssn": "536221234", "home_address": address("97201")
        },
        "employment": {"employment_status": "full-time", "hours_worked": 40,
            "employment_dates": {"hire_date": "2020-01-01"}}
    })
}

fn member(id: &str, dependent: bool) -> Value {
    json!({
        "individual_type": if dependent { "dependent" } else { "employee" },
        "individual_id": id, "effective_start_date": "2026-01-01", "effective_end_date": "9999-12-31"
    })
}

/// A coverage of carrier `carrier` on `LINES[line]`, with its plan.
fn coverage(carrier: usize, line: usize, members: Vec<Value>) -> Value {
    json!({"carrier_id": carrier_id(carrier), "line_of_coverage": LINES.get(line),
        "plan_id": plan_id(carrier * LINES.len() + line),
        "enrolled_members": members})
}

fn snapshot(employee: Value, dependents: Vec<Value>, coverages: Vec<Value>, events: Vec<Value>) -> Value {
    json!({
        "snapshot_mode": "current_open", "employee": employee, "dependents": dependents,
        "coverages": coverages, "events": events,
        "omitted_coverage_handling": {"policy": "terminate", "termination_rule": "end_of_current_month"}
    })
}

fn open_enrollment() -> Vec<Value> {
    vec![json!({"id": "oe", "date": "2026-01-01", "type": "coverage", "reason": "open_enrollment"})]
}

/// `n` dependents with one name and date of birth, paired by them alone: the
/// previous ones have no ids; the current ones differ in their middle name,
/// and every other one has a custom id and is enrolled by it.
fn same_name_dependents(n: usize) -> (Value, Value, Value) {
    let dep = |k: usize, current: bool| {
        let mut d = json!({
            "relationship": "child",
            "person": {"first_name": "Kim", "last_name": "Lee", "date_of_birth": "2015-06-01", "sex": "U"}
        });
        if current {
            d["person"]["middle_name"] = json!(format!("M{k}"));
            if k % 2 == 0 {
                d["custom_individual_id"] = json!(format!("D{k}"));
            }
        }
        d
    };
    let enrolled = |current: bool| {
        let mut members = vec![member(EMPLOYEE_ID, false)];
        if current {
            members.extend((0..n).step_by(2).map(|k| {
                json!({"individual_type": "dependent", "custom_individual_id": format!("D{k}"),
                    "effective_start_date": "2026-01-01", "effective_end_date": "9999-12-31"})
            }));
        }
        vec![coverage(0, 0, members)]
    };
    let prev = snapshot(
        employee(),
        (0..n).map(|k| dep(k, false)).collect(),
        enrolled(false),
        open_enrollment(),
    );
    let cur = snapshot(
        employee(),
        (0..n).map(|k| dep(k, true)).collect(),
        enrolled(true),
        open_enrollment(),
    );
    (config(3), prev, cur)
}

/// `n` unknown fields, every one changed: half on the employee's person,
/// a quarter on their home address, a quarter on the one dependent's person.
fn unknown_fields(n: usize) -> (Value, Value, Value) {
    let side = |tag: &str| {
        let mut e = employee();
        let mut d = json!({"id": &dependent_id(0), "relationship": "spouse",
            "person": {"first_name": "Bo", "last_name": "Lee", "date_of_birth": "1981-01-01", "sex": "M"}});
        for k in 0..n {
            let (field, value) = (format!("x_{k}"), json!(format!("{tag}{k}")));
            match k % 4 {
                0 | 1 => e["person"][field] = value,
                2 => e["person"]["home_address"][field] = value,
                _ => d["person"][field] = value,
            }
        }
        let members = vec![member(EMPLOYEE_ID, false), member(&dependent_id(0), true)];
        snapshot(e, vec![d], vec![coverage(0, 0, members)], open_enrollment())
    };
    (config(3), side("a"), side("b"))
}

/// An unknown field of the employee's person holding a list (shown whole
/// when it changes) of a tag and an object whose keys are SSN-shaped and
/// all masked alike (`*****3876`): the first holds a list of `n` numbers,
/// then `n` more keys (at most 90,000 distinct) hold small ones. Every key
/// collides with the large value when the diff masks the field
/// (`privacy::scrub_value` once wrote its text at each collision: quadratic).
fn masked_keys(n: usize) -> (Value, Value, Value) {
    let side = |tag: &str| {
        let mut e = employee();
        let mut keys = serde_json::Map::new();
        keys.insert("000013876".to_owned(), json!((0..n).collect::<Vec<_>>()));
        for k in 1..=n {
            keys.insert(format!("{:05}3876", 10_000 + k % 90_000), json!(k));
        }
        e["person"]["x_masked"] = json!([keys, tag]);
        let members = vec![member(EMPLOYEE_ID, false)];
        snapshot(e, vec![], vec![coverage(0, 0, members)], open_enrollment())
    };
    (config(3), side("a"), side("b"))
}

/// `n` coverages of 50 carriers and four lines, each enrolling the employee
/// and all ten dependents; every coverage's members change their start date,
/// and the current snapshot leaves out every fifth coverage.
fn coverages_members(n: usize) -> (Value, Value, Value) {
    let deps: Vec<Value> = (0..10)
        .map(|k| {
            json!({"id": dependent_id(k), "relationship": "child",
                "person": {"first_name": format!("C{k}"), "last_name": "Lee", "date_of_birth": "2015-06-01", "sex": "U"}})
        })
        .collect();
    let side = |current: bool| {
        let coverages: Vec<Value> = (0..n)
            .filter(|i| !current || i % 5 != 4)
            .map(|i| {
                let mut members = vec![member(EMPLOYEE_ID, false)];
                members.extend((0..10).map(|k| member(&dependent_id(k), true)));
                if current {
                    for m in &mut members {
                        m["effective_start_date"] = json!("2026-02-01");
                    }
                }
                coverage(i % 50, i % LINES.len(), members)
            })
            .collect();
        snapshot(employee(), deps.clone(), coverages, open_enrollment())
    };
    (config(50), side(false), side(true))
}

/// `n` dependents, each with its own event, enrolled in medical and dental;
/// the current snapshot moves every one and adds `n / 4` more.
fn people(n: usize) -> (Value, Value, Value) {
    let side = |current: bool| {
        let count = if current { n + n / 4 } else { n };
        let zip = if current { "97209" } else { "97201" };
        let deps: Vec<Value> = (0..count)
            .map(|k| {
                json!({"id": dependent_id(k), "custom_individual_id": format!("D{k}"),
                    "event_id": format!("ev-{k}"), "relationship": "child",
                    "person": {"first_name": format!("C{k}"), "last_name": "Lee",
                        "date_of_birth": "2015-06-01", "sex": "U", "home_address": address(zip)}})
            })
            .collect();
        let members = |_: &str| {
            let mut m = vec![member(EMPLOYEE_ID, false)];
            m.extend((0..count).map(|k| member(&dependent_id(k), true)));
            m
        };
        let mut events = open_enrollment();
        events.extend((0..count).map(|k| {
            json!({"id": format!("ev-{k}"), "date": "2026-01-15", "type": "demographic", "reason": "moved"})
        }));
        let coverages = vec![
            coverage(0, 0, members("medical")),
            coverage(1, 1, members("dental")),
        ];
        snapshot(employee(), deps, coverages, events)
    };
    (config(3), side(false), side(true))
}

/// `n` carriers, each with one medical coverage enrolling one dependent (the
/// employee at the first); the employee's name and every coverage's start
/// date change, so every carrier gets the employee's change.
fn carriers(n: usize) -> (Value, Value, Value) {
    let deps: Vec<Value> = (0..n)
        .map(|k| {
            json!({"id": dependent_id(k), "relationship": "child",
                "person": {"first_name": format!("C{k}"), "last_name": "Lee", "date_of_birth": "2015-06-01", "sex": "U"}})
        })
        .collect();
    let side = |current: bool| {
        let mut e = employee();
        if current {
            e["person"]["first_name"] = json!("Anne");
        }
        let coverages: Vec<Value> = (0..n)
            .map(|k| {
                let mut members = vec![member(&dependent_id(k), true)];
                if k == 0 {
                    members.insert(0, member(EMPLOYEE_ID, false));
                }
                if current {
                    for m in &mut members {
                        m["effective_start_date"] = json!("2026-02-01");
                    }
                }
                coverage(k, 0, members)
            })
            .collect();
        snapshot(e, deps.clone(), coverages, open_enrollment())
    };
    (config(n), side(false), side(true))
}

/// The employee enrolled with `carriers` carriers (medical at each) and
/// `fields` unknown person fields, all changed: `fields × carriers`
/// differences, the amplification `too_many_differences` bounds.
pub fn wide(carriers: usize, fields: usize) -> Shape {
    let side = |tag: &str| {
        let mut e = employee();
        for k in 0..fields {
            e["person"][format!("x_{k}")] = json!(format!("{tag}{k:0>40}"));
        }
        let coverages = (0..carriers)
            .map(|c| coverage(c, 0, vec![member(EMPLOYEE_ID, false)]))
            .collect();
        snapshot(e, vec![], coverages, open_enrollment())
    };
    Shape {
        config: config(carriers).to_string(),
        prev: side("a").to_string(),
        cur: side("b").to_string(),
    }
}

/// One coverage whose `plan_name` (no configured plan has it) is half the
/// document, holding `n` one-day rows of the employee and `n` of a
/// dependent enrolled without the employee; the current snapshot moves
/// every row's volume. The rows share the coverage's name: comparing or
/// copying it per row was quadratic (review 28b F3, F4).
fn long_plan_rows(n: usize) -> (Value, Value, Value) {
    let deps = vec![json!({"id": dependent_id(0), "relationship": "child",
        "person": {"first_name": "C0", "last_name": "Lee", "date_of_birth": "2015-06-01", "sex": "U"}})];
    let name = "Plan ".repeat(n * 40);
    let day = |k: usize| {
        let d = 1 + (k % 28);
        let m = 1 + (k / 28) % 12;
        let y = 2000 + k / (28 * 12);
        format!("{y:04}-{m:02}-{d:02}")
    };
    let side = |current: bool| {
        let rows = (0..n).flat_map(|k| {
            [EMPLOYEE_ID.to_owned(), dependent_id(0)]
                .into_iter()
                .map(move |id| (k, id))
        });
        let members: Vec<Value> = rows
            .map(|(k, id)| {
                let mut m = member(&id, id != EMPLOYEE_ID);
                m["effective_start_date"] = json!(day(k));
                m["effective_end_date"] = json!(day(k));
                if id == EMPLOYEE_ID {
                    m["effective_start_date"] = json!(day(k + 1));
                    m["effective_end_date"] = json!(day(k + 1));
                }
                m["volume"] = json!(if current { 20_000 } else { 10_000 });
                m
            })
            .collect();
        let mut c = coverage(0, 3, members);
        c["plan_id"] = Value::Null;
        c["plan_name"] = json!(name);
        snapshot(employee(), deps.clone(), vec![c], open_enrollment())
    };
    (config(1), side(false), side(true))
}
