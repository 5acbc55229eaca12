//! Tracking (seed 002): each requested difference against what a carrier
//! reports it has — resolved, still open, or a discrepancy with field-level
//! detail — and what the carrier has that the platform does not.
//!
//! The carrier's report is a snapshot-shaped document (read structurally and
//! leniently). People and enrollments are matched to the platform's as the
//! diff matches them (ids, custom ids, names and dates of birth; never SSN),
//! and a difference finds its record by the person's reference number, the
//! carrier and the line.
//!
//! Per requested field: the carrier shows the requested value → applied; the
//! old value → not applied yet; anything else → `field_mismatch`. A difference
//! is `resolved` when every field is applied, a `discrepancy` when a field
//! mismatches or a record is missing *after its transaction completed*, and
//! `open` otherwise (the carrier may simply not have processed it yet).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::diff::enrollments::{items, Item};
use crate::diff::people::{dependent_doc, employee_doc, flatten, pair, shown, Pairing, Side};
use crate::diff::{Change, Difference, ObjectType, References};
use crate::model::{GroupConfig, LineOfCoverage, MemberRef, Snapshot};

/// Where a requested change stands at the carrier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrackingStatus {
    Resolved,
    Open,
    Discrepancy,
}

/// The kinds of discrepancy (seed 002's Tracking).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiscrepancyKind {
    /// The platform has it; the carrier does not.
    MissingFromCarrier,
    /// Both have it, with different values.
    FieldMismatch,
    /// The carrier has it; the platform does not.
    MissingFromPlatform,
}

/// One field-level (or record-level, without `key`) discrepancy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Discrepancy {
    pub kind: DiscrepancyKind,
    pub key: Option<String>,
    pub requested: Value,
    pub reported: Value,
    /// Why it is probably so, when the engine can tell (e.g. pending EOI).
    pub note: Option<String>,
}

/// A requested difference and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackedDifference {
    pub difference_id: String,
    pub carrier_id: String,
    pub object_type: ObjectType,
    pub change: Change,
    pub status: TrackingStatus,
    pub discrepancies: Vec<Discrepancy>,
}

/// Something the carrier has that the platform does not (no difference asked for it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unrequested {
    pub carrier_id: String,
    pub line_of_coverage: LineOfCoverage,
    pub individual_reference: String,
    /// Pointer into the carrier's report.
    pub path: String,
    pub discrepancy: Discrepancy,
}

/// What `track` returns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tracking {
    pub differences: Vec<TrackedDifference>,
    pub unrequested: Vec<Unrequested>,
    /// Fatal problems reading the current snapshot or the report (then nothing is tracked).
    pub issues: Vec<crate::validate::Issue>,
}

struct Tracker<'a> {
    config: &'a GroupConfig,
    current: &'a Snapshot,
    report: &'a Snapshot,
    pairing: Pairing,
    references: References,
    cur_items: Vec<Item<'a>>,
    rep_items: Vec<Item<'a>>,
}

/// How one requested field stands.
enum FieldState {
    Applied,
    NotYet,
    Mismatch(Discrepancy),
}

/// A requested or reported value as the output shows it (SSNs masked).
fn masked(key: &str, v: Value) -> Value {
    shown(key, v)
}

fn leaves(doc: &Value) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    flatten("", doc, &mut out);
    out
}

impl<'a> Tracker<'a> {
    fn person_doc(&self, s: &Snapshot, who: MemberRef) -> Option<Value> {
        match who {
            MemberRef::Employee => s.employee.as_ref().map(employee_doc),
            MemberRef::Dependent(k) => s.dependents.get(k).map(dependent_doc),
        }
    }

    /// The person of `side` whose reference is `r`.
    fn person_by_reference(&self, side: Side, r: &str) -> Option<MemberRef> {
        let s = if side == Side::Current {
            self.current
        } else {
            self.report
        };
        std::iter::once(MemberRef::Employee)
            .chain((0..s.dependents.len()).map(MemberRef::Dependent))
            .find(|who| self.references.get(&self.pairing.key(side, *who)) == r)
            .filter(|who| *who != MemberRef::Employee || s.employee.is_some())
    }

    fn enrollment(&self, rep: bool, d: &Difference) -> Option<&Item<'a>> {
        let list = if rep { &self.rep_items } else { &self.cur_items };
        list.iter().find(|x| {
            self.references.get(&x.person_key) == d.individual.reference
                && x.carrier == d.carrier_id
                && Some(x.line) == d.line_of_coverage
        })
    }

    /// The requested value of a field: the current snapshot's (unmasked) when
    /// the difference points into it, else the difference's own `after`.
    fn field_state(
        &self,
        key: &str,
        requested: &Value,
        before: &Value,
        reported: &BTreeMap<String, Value>,
    ) -> FieldState {
        let got = reported.get(key).cloned().unwrap_or(Value::Null);
        if &got == requested {
            FieldState::Applied
        } else if &got == before {
            FieldState::NotYet
        } else {
            let note = self.note(key, requested, &got);
            FieldState::Mismatch(Discrepancy {
                kind: DiscrepancyKind::FieldMismatch,
                key: Some(key.to_owned()),
                requested: masked(key, requested.clone()),
                reported: masked(key, got),
                note,
            })
        }
    }

    /// A lower volume than requested, at or under the plan's guaranteed
    /// issue, is most likely waiting for evidence of insurability.
    fn note(&self, key: &str, requested: &Value, got: &Value) -> Option<String> {
        if key != "volume" {
            return None;
        }
        let (want, have) = (requested.as_i64()?, got.as_i64()?);
        let gi = self
            .config
            .plans
            .iter()
            .filter_map(|p| p.volume.as_ref()?.guaranteed_issue)
            .find(|gi| have <= *gi && *gi < want)?;
        Some(format!(
            "pending evidence of insurability: issued {have}, guaranteed issue {gi}, requested {want}"
        ))
    }

    fn compare(
        &self,
        d: &Difference,
        requested: &BTreeMap<String, Value>,
        reported: &BTreeMap<String, Value>,
        done: bool,
    ) -> (TrackingStatus, Vec<Discrepancy>) {
        let mut out = Vec::new();
        let mut pending = Vec::new();
        for f in &d.fields {
            let want = requested.get(&f.key).cloned().unwrap_or_else(|| f.after.clone());
            let before = if f.key.ends_with("ssn") {
                Value::Null
            } else {
                f.before.clone()
            };
            match self.field_state(&f.key, &want, &before, reported) {
                FieldState::Applied => {}
                FieldState::NotYet => pending.push((f.key.clone(), want, reported.get(&f.key).cloned())),
                FieldState::Mismatch(x) => out.push(x),
            }
        }
        if done {
            for (key, want, got) in pending.drain(..) {
                out.push(Discrepancy {
                    kind: DiscrepancyKind::FieldMismatch,
                    requested: masked(&key, want),
                    reported: masked(&key, got.unwrap_or(Value::Null)),
                    key: Some(key),
                    note: Some("the transaction completed but the carrier still shows the old value".into()),
                });
            }
        }
        let status = match (out.is_empty(), pending.is_empty()) {
            (false, _) => TrackingStatus::Discrepancy,
            (true, true) => TrackingStatus::Resolved,
            (true, false) => TrackingStatus::Open,
        };
        (status, out)
    }

    fn missing(&self, done: bool, kind: DiscrepancyKind) -> (TrackingStatus, Vec<Discrepancy>) {
        if !done {
            return (TrackingStatus::Open, Vec::new());
        }
        let x = Discrepancy {
            kind,
            key: None,
            requested: Value::Null,
            reported: Value::Null,
            note: None,
        };
        (TrackingStatus::Discrepancy, vec![x])
    }

    fn track(&self, d: &Difference, done: bool) -> (TrackingStatus, Vec<Discrepancy>) {
        match (d.object_type, d.change) {
            (ObjectType::IndividualEnrollment, change) => {
                let requested = match (change, self.enrollment(false, d)) {
                    (Change::Removed, _) | (_, None) => BTreeMap::new(),
                    (_, Some(item)) => leaves(&item.doc()),
                };
                match self.enrollment(true, d) {
                    Some(item) => self.compare(d, &requested, &leaves(&item.doc()), done),
                    None => self.missing(done, DiscrepancyKind::MissingFromCarrier),
                }
            }
            (_, Change::Removed) => match self.person_by_reference(Side::Previous, &d.individual.reference) {
                Some(_) => self.missing(done, DiscrepancyKind::MissingFromPlatform),
                None => (TrackingStatus::Resolved, Vec::new()),
            },
            _ => {
                let cur = self.person_by_reference(Side::Current, &d.individual.reference);
                let requested = cur
                    .and_then(|w| self.person_doc(self.current, w))
                    .map(|v| leaves(&v))
                    .unwrap_or_default();
                match self.person_by_reference(Side::Previous, &d.individual.reference) {
                    Some(who) => {
                        let reported = self
                            .person_doc(self.report, who)
                            .map(|v| leaves(&v))
                            .unwrap_or_default();
                        self.compare(d, &requested, &reported, done)
                    }
                    None => self.missing(done, DiscrepancyKind::MissingFromCarrier),
                }
            }
        }
    }

    /// Enrollments in force at the carrier that the platform does not have.
    fn unrequested(&self) -> Vec<Unrequested> {
        self.rep_items
            .iter()
            .filter(|r| !r.member.is_waive())
            .filter(|r| !self.cur_items.iter().any(|c| c.key == r.key))
            .map(|r| Unrequested {
                carrier_id: r.carrier.to_owned(),
                line_of_coverage: r.line,
                individual_reference: self.references.get(&r.person_key),
                path: r.path(),
                discrepancy: Discrepancy {
                    kind: DiscrepancyKind::MissingFromPlatform,
                    key: None,
                    requested: Value::Null,
                    reported: json!({ "plan_id": r.coverage.plan_id, "effective_start_date": r.member.effective_start_date,
                                      "effective_end_date": r.member.effective_end_date }),
                    note: None,
                },
            })
            .collect()
    }
}

/// Tracks `requested` differences (from `diff`/`preview` of `current`)
/// against the carrier-reported member state. `completed` lists the ids of
/// differences whose transaction completed (see `completed_difference_ids`).
pub fn track(
    config: &GroupConfig,
    current: &Snapshot,
    requested: &[Difference],
    report: &Snapshot,
    completed: &[String],
) -> Tracking {
    let pairing = pair(Some(report), current);
    let cur_items = items(current, &pairing, Side::Current);
    let rep_items = items(report, &pairing, Side::Previous);
    let references = References::of(&pairing);
    let t = Tracker {
        config,
        current,
        report,
        pairing,
        references,
        cur_items,
        rep_items,
    };
    let differences = requested
        .iter()
        .map(|d| {
            let (status, discrepancies) = t.track(d, completed.contains(&d.id));
            TrackedDifference {
                difference_id: d.id.clone(),
                carrier_id: d.carrier_id.clone(),
                object_type: d.object_type,
                change: d.change,
                status,
                discrepancies,
            }
        })
        .collect();
    Tracking {
        differences,
        unrequested: t.unrequested(),
        issues: Vec::new(),
    }
}

/// `track` over documents: the current snapshot and the report as JSON text,
/// the requested differences as a `diff`/`preview` result (or its
/// `differences` array), and options `{ completed_difference_ids?, state? }`
/// (a fold result's transactions tell which differences completed).
pub fn track_json<'a, 'b>(
    config: &GroupConfig,
    current: impl Into<crate::validate::Source<'a>>,
    requested: &Value,
    report: impl Into<crate::validate::Source<'b>>,
    options: &Value,
    max_bytes: usize,
) -> Result<Tracking, crate::EngineError> {
    use crate::error::{EngineError, ErrorCode};
    let misuse = |m: String| EngineError::new(ErrorCode::InvalidArgument, m);
    let list = requested.get("differences").unwrap_or(requested);
    let requested: Vec<Difference> = serde_json::from_value(list.clone()).map_err(|e| {
        misuse(format!(
            "requested must be a diff or preview result, or its differences: {}",
            crate::privacy::serde_reason(&e)
        ))
    })?;
    let mut completed: Vec<String> = Vec::new();
    match options {
        Value::Null => {}
        Value::Object(m) => {
            if let Some(k) = m
                .keys()
                .find(|k| !["completed_difference_ids", "state"].contains(&k.as_str()))
            {
                let msg = format!("unknown option \"{k}\"; the options are completed_difference_ids, state");
                return Err(EngineError::new(ErrorCode::InvalidOptions, msg));
            }
            if let Some(ids) = m.get("completed_difference_ids") {
                completed = serde_json::from_value(ids.clone()).map_err(|_| {
                    EngineError::new(
                        ErrorCode::InvalidOptions,
                        "completed_difference_ids must be an array of strings",
                    )
                })?;
            }
            if let Some(state) = m.get("state") {
                completed.extend(completed_difference_ids(&crate::fulfillment::fold::read_state(
                    state,
                )?));
            }
        }
        _ => {
            return Err(EngineError::new(
                ErrorCode::InvalidOptions,
                "options must be an object",
            ))
        }
    }
    let fatal = |(s, issues): (Option<Snapshot>, Vec<crate::validate::Issue>)| {
        let f: Vec<_> = issues
            .into_iter()
            .filter(|i| i.severity == crate::validate::Severity::Fatal)
            .collect();
        match s {
            Some(s) if f.is_empty() => Ok(s),
            _ => Err(f),
        }
    };
    let cur = fatal(crate::validate::read_structure(current, max_bytes));
    let rep = fatal(crate::validate::read_structure(report, max_bytes));
    match (cur, rep) {
        (Ok(c), Ok(r)) => Ok(track(config, &c, &requested, &r, &completed)),
        (c, r) => {
            let mut issues = c.err().unwrap_or_default();
            issues.extend(r.err().unwrap_or_default());
            Ok(Tracking {
                issues,
                ..Tracking::default()
            })
        }
    }
}

/// The differences whose transaction reached `carrier_completed`.
pub fn completed_difference_ids(state: &crate::fulfillment::lifecycle::FulfillmentState) -> Vec<String> {
    use crate::fulfillment::lifecycle::StatusDetailKind;
    state
        .transactions
        .iter()
        .filter(|t| {
            t.status_details
                .iter()
                .any(|s| s.status_detail >= StatusDetailKind::CarrierCompleted)
        })
        .flat_map(|t| t.transaction.difference_ids.iter().cloned())
        .collect()
}
