//! The snapshot-shaped reports `parse834` returns, typed: each member loop
//! is added to its family's report as soon as it is read, so the file's
//! members are held once, in the report's own shape.
//!
//! Typed rather than `serde_json::Value` trees for size: a bare dependent
//! loop (`INS*N*19~`, 10 bytes of a file) cost ~1 KB as a `Value` (a BTreeMap
//! node and String keys per object, copied once more by `json!`), against
//! 64 bytes here (docs/performance.md, X12 bounds). The JSON is the same
//! byte for byte: every struct declares its fields in the order serde_json's
//! `Map` (a BTreeMap) wrote the keys — alphabetical — and leaves out those
//! the `Value` did not have (tests/golden/x12/parse834-mixed.json).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::{json, Value};

use crate::diagnostic::codes::x12 as x;
use crate::diagnostic::limits::Bounded;
use crate::diagnostic::make_issue_at;
use crate::model::{
    Date, EmploymentStatus, IndividualType, LineOfCoverage, MaritalStatus, Relationship, Sex, SnapshotMode,
};

/// One family's report: what `engine.track` takes as `report`. Here and
/// below, fields in the JSON's key order (alphabetical, see above).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    coverages: Vec<Coverage>,
    dependents: Vec<Individual>,
    /// `{}` when the family has no subscriber loop.
    employee: Individual,
    /// Who wrote it and in what: `track` judges only that carrier's
    /// differences, and only the fields an 834 carries.
    reported_by: ReportedBy,
    snapshot_mode: SnapshotMode,
}

/// `{ carrier_ids: [the carrier parse834 was given], format: "x12_834" }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct ReportedBy {
    carrier_ids: [Arc<str>; 1],
    format: &'static str,
}

impl Report {
    /// The report as a JSON value (for tests and callers that index it).
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

/// An employee or a dependent. An id is `id` when it is a UUID, else
/// `custom_individual_id` (one of the two at most).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct Individual {
    #[serde(skip_serializing_if = "Option::is_none")]
    custom_individual_id: Option<Arc<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    employment: Option<Box<Employment>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<Arc<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    person: Option<Person>,
    #[serde(skip_serializing_if = "Option::is_none")]
    relationship: Option<Relationship>,
}

/// A person: `{}` without a value, which costs no allocation (most loops
/// of a hostile file have none).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Person(Option<Box<PersonFields>>);

impl Serialize for Person {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Some(fields) => fields.serialize(s),
            None => s.serialize_map(Some(0))?.end(),
        }
    }
}

/// What a member loop's 2100A (and 2100C) say of the person.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct PersonFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<Box<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub home_address: Option<Address>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<Box<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mailing_address: Option<Address>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marital_status: Option<MaritalStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<Box<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ssn: Option<Box<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suffix: Option<Box<str>>,
}

impl PersonFields {
    fn is_empty(&self) -> bool {
        *self == PersonFields::default()
    }
}

/// N3/N4: only the elements that are not empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct Address {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<Box<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<Box<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street_one: Option<Box<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street_two: Option<Box<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zip_code: Option<Box<str>>,
}

impl Address {
    pub fn is_empty(&self) -> bool {
        *self == Address::default()
    }

    /// About its size in the result's JSON: its values and their keys.
    fn bytes(&self) -> usize {
        [
            &self.city,
            &self.state,
            &self.street_one,
            &self.street_two,
            &self.zip_code,
        ]
        .into_iter()
        .flatten()
        .map(|v| v.len() + 16)
        .sum::<usize>()
            + 2
    }
}

/// PER: each number or address as written (even empty).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct Contact {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_address: Option<Box<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub home_phone: Option<Box<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile_phone: Option<Box<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub work_phone: Option<Box<str>>,
}

impl Contact {
    pub fn is_empty(&self) -> bool {
        *self == Contact::default()
    }
}

/// The subscriber's employment: INS08 and the 2000 DTPs.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct Employment {
    #[serde(skip_serializing_if = "Option::is_none")]
    employment_dates: Option<EmploymentDates>,
    #[serde(skip_serializing_if = "Option::is_none")]
    employment_status: Option<EmploymentStatus>,
}

/// DTP*336, 394, 286 and 337 of a member loop.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct EmploymentDates {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hire_date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rehire: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retirement: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terminated: Option<Date>,
}

impl EmploymentDates {
    fn is_empty(&self) -> bool {
        *self == EmploymentDates::default()
    }
}

/// A coverage of the report: its plan and who is enrolled.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct Coverage {
    carrier_id: Arc<str>,
    enrolled_members: Vec<EnrolledMember>,
    line_of_coverage: LineOfCoverage,
    /// Absent when the HD's plan code (HD04) is no plan of the carrier.
    #[serde(skip_serializing_if = "Option::is_none")]
    plan_id: Option<Box<str>>,
}

/// One enrollment (2300 loop) of a member.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct EnrolledMember {
    #[serde(skip_serializing_if = "Option::is_none")]
    custom_individual_id: Option<Arc<str>>,
    /// Absent when the file's end cannot be read: a cancellation (HD `024`)
    /// without DTP*349, an end before the start (not the open end `9999-12-31`).
    #[serde(skip_serializing_if = "Option::is_none")]
    effective_end_date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    effective_start_date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    individual_id: Option<Arc<str>>,
    individual_type: IndividualType,
    #[serde(skip_serializing_if = "Option::is_none")]
    volume: Option<Volume>,
}

/// An AMT*FK volume as the report shows it: the amount, or the element as
/// written when its digits read as an SSN that the amount's own would not
/// (`012453876` is the amount 12453876): the output layer then masks it as
/// it masks `219453876` (`*****3876`) — the engine does not reshape what
/// may be an SSN into a form the privacy layer does not recognise (review
/// 29b F3; docs/api.md, parse834, as a ZIP+4 in N403).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(untagged)]
pub(crate) enum Volume {
    Amount(i64),
    Written(Box<str>),
}

/// One 2300 loop as read: the plan its HD names (`None`: unknown, left
/// out of the report), its dates and volume.
#[derive(Debug, Default)]
pub(crate) struct Enrollment<'c> {
    /// The plan's line and id (no id: an HD04 no plan of the carrier has).
    pub plan: Option<(LineOfCoverage, Option<&'c str>)>,
    pub start: Option<Date>,
    pub end: Option<Date>,
    /// Whether the end is unknown (`end` then `None`), not open.
    pub end_unknown: bool,
    pub volume: Option<Volume>,
}

/// One member loop as read.
#[derive(Debug, Default)]
pub(crate) struct Member<'c> {
    pub subscriber: bool,
    /// A dependent's INS02 (`other` when unmapped).
    pub relationship: Option<Relationship>,
    /// REF*0F: the family.
    pub subscriber_id: String,
    /// REF*23.
    pub identifier: Option<String>,
    pub status: Option<EmploymentStatus>,
    pub person: PersonFields,
    pub dates: EmploymentDates,
    pub home: Address,
    pub mailing: Address,
    pub contact: Contact,
    pub coverages: Vec<Enrollment<'c>>,
}

/// The reports being built, one per subscriber id in the order of its
/// first member loop.
pub(crate) struct Families<'c> {
    carrier_id: Arc<str>,
    reports: Vec<Report>,
    /// Per report, what is settled once every loop is read.
    households: Vec<Household>,
    /// Bytes of subscriber addresses still to be copied into dependents
    /// without their own (`finish`): a 4 MiB file of 400,000 bare dependent
    /// loops would otherwise turn one address into 400,000 in the result.
    copies_left: usize,
    /// REF*0F → its report's place in `reports`.
    by_subscriber: BTreeMap<String, usize>,
    /// (report, line, plan id) → the coverage's place in that report: one
    /// lookup per enrollment, not a scan; one map for every family.
    by_coverage: BTreeMap<(usize, LineOfCoverage, Option<&'c str>), usize>,
}

/// What makes an HD the same enrollment as an earlier one of its member:
/// line, plan, start, end and volume.
type HdRead<'c> = (
    LineOfCoverage,
    Option<&'c str>,
    Option<Date>,
    Option<Date>,
    Option<Volume>,
);

/// A family's bookkeeping besides its report.
#[derive(Default)]
struct Household {
    /// The line of the subscriber's loop, once read.
    subscriber_line: Option<usize>,
    /// Dependents sent without an address of their own.
    addressless: Vec<Addressless>,
}

/// A dependent loop without N3/N4 (2100A): in 005010X220A1 a dependent's
/// address is sent only when it differs from the subscriber's. 24 bytes:
/// a file may hold 400,000 bare dependent loops.
struct Addressless {
    /// Its place in the report's dependents.
    dependent: u32,
    /// Its INS, for an issue.
    line: u32,
    position: u32,
    /// Its own 2100C, if any.
    mailing: Option<Box<Address>>,
}

impl<'c> Families<'c> {
    /// `copies`: the bytes of addresses `finish` may copy into dependents.
    pub fn new(carrier_id: &str, copies: usize) -> Families<'c> {
        Families {
            carrier_id: carrier_id.into(),
            reports: Vec::new(),
            households: Vec::new(),
            copies_left: copies,
            by_subscriber: BTreeMap::new(),
            by_coverage: BTreeMap::new(),
        }
    }

    /// The line of the subscriber loop of family `subscriber_id`, when one was read.
    pub fn subscriber_line(&self, subscriber_id: &str) -> Option<usize> {
        let k = *self.by_subscriber.get(subscriber_id)?;
        self.households.get(k)?.subscriber_line
    }

    /// The reports, in order, each dependent sent without an address given
    /// the subscriber's: home, and mailing its own 2100C or else that home
    /// (the export writes a dependent's 2100C only when it differs from
    /// their home). Past the copies' budget, an issue at the dependent's INS.
    pub fn finish(mut self, issues: &mut Bounded) -> Vec<Report> {
        for (report, household) in self.reports.iter_mut().zip(self.households) {
            let home = report
                .employee
                .person
                .as_ref()
                .and_then(|p| p.0.as_ref())
                .and_then(|p| p.home_address.clone());
            let Some(home) = home else { continue };
            let cost = 2 * home.bytes();
            for a in household.addressless {
                let Some(dependent) = report.dependents.get_mut(a.dependent as usize) else {
                    continue;
                };
                let Some(left) = self.copies_left.checked_sub(cost) else {
                    let p = json!({ "segment": "INS", "position": a.position, "line": a.line });
                    issues.push_with(x::EDI_ADDRESS_NOT_COPIED.severity, || {
                        make_issue_at(x::EDI_ADDRESS_NOT_COPIED, "", p)
                    });
                    continue;
                };
                self.copies_left = left;
                let person = dependent.person.get_or_insert_with(Person::default);
                let fields = person.0.get_or_insert_with(Box::default);
                fields.mailing_address = Some(a.mailing.map_or_else(|| home.clone(), |m| *m));
                fields.home_address = Some(home.clone());
            }
        }
        self.reports
    }

    /// Adds a member loop read whole (its INS at `ins_line`, `ins_position`)
    /// to its family's report: the employee (`parse.rs` adds no second one)
    /// or a dependent, and an enrolled member per enrollment of a known plan.
    pub fn add(&mut self, mut m: Member<'c>, ins_line: usize, ins_position: usize) {
        let family = self.family(&m.subscriber_id);
        let ids = Ids::of(m.identifier.take());
        let individual_type = if m.subscriber {
            IndividualType::Employee
        } else {
            IndividualType::Dependent
        };
        // An HD repeating an earlier one of the member's plan, dates and
        // volume is the same enrollment: a change file's coverage level
        // change (HD `001`, DTP*303, the row's own DTP*348) or a file
        // listing it twice. A B-tree: a hostile file may hold thousands.
        let mut read: BTreeSet<HdRead<'c>> = BTreeSet::new();
        for e in std::mem::take(&mut m.coverages) {
            let Some((line, plan_id)) = e.plan else { continue };
            let end = match e.end_unknown {
                true => None,
                false => Some(e.end.unwrap_or(Date::OPEN_END)),
            };
            if !read.insert((line, plan_id, e.start, end, e.volume.clone())) {
                continue;
            }
            let member = EnrolledMember {
                custom_individual_id: ids.custom.clone(),
                effective_end_date: end,
                effective_start_date: e.start,
                individual_id: ids.uuid.clone(),
                individual_type,
                volume: e.volume,
            };
            self.enroll(family, line, plan_id, member);
        }
        let subscriber = m.subscriber;
        // Without N3/N4 the dependent lives at the subscriber's address
        // (`finish`); their own 2100C, if any, kept until then.
        let addressless = (!subscriber && m.home.is_empty())
            .then(|| (!m.mailing.is_empty()).then(|| Box::new(std::mem::take(&mut m.mailing))));
        let doc = individual(m, ids);
        let (Some(report), Some(household)) = (self.reports.get_mut(family), self.households.get_mut(family))
        else {
            return;
        };
        if subscriber {
            report.employee = doc;
            household.subscriber_line = Some(ins_line);
        } else {
            if let Some(mailing) = addressless {
                let small = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
                household.addressless.push(Addressless {
                    dependent: small(report.dependents.len()),
                    line: small(ins_line),
                    position: small(ins_position),
                    mailing,
                });
            }
            report.dependents.push(doc);
        }
    }

    /// The place of `subscriber_id`'s report, added when it is the first.
    fn family(&mut self, subscriber_id: &str) -> usize {
        if let Some(&k) = self.by_subscriber.get(subscriber_id) {
            return k;
        }
        let k = self.reports.len();
        self.by_subscriber.insert(subscriber_id.to_owned(), k);
        self.reports.push(Report {
            coverages: Vec::new(),
            dependents: Vec::new(),
            employee: Individual::default(),
            reported_by: ReportedBy {
                carrier_ids: [Arc::clone(&self.carrier_id)],
                format: "x12_834",
            },
            snapshot_mode: SnapshotMode::CurrentOpen,
        });
        self.households.push(Household::default());
        k
    }

    /// Adds `member` to the family's coverage of the plan, in order of first appearance.
    fn enroll(
        &mut self,
        family: usize,
        line: LineOfCoverage,
        plan_id: Option<&'c str>,
        member: EnrolledMember,
    ) {
        let Some(report) = self.reports.get_mut(family) else {
            return;
        };
        let key = (family, line, plan_id);
        match self
            .by_coverage
            .get(&key)
            .and_then(|&k| report.coverages.get_mut(k))
        {
            Some(c) => c.enrolled_members.push(member),
            None => {
                self.by_coverage.insert(key, report.coverages.len());
                report.coverages.push(Coverage {
                    carrier_id: Arc::clone(&self.carrier_id),
                    enrolled_members: vec![member],
                    line_of_coverage: line,
                    plan_id: plan_id.map(Box::from),
                });
            }
        }
    }
}

/// A member's REF*23: an `id` when it is a UUID, else a `custom_individual_id`.
struct Ids {
    uuid: Option<Arc<str>>,
    custom: Option<Arc<str>>,
}

impl Ids {
    fn of(identifier: Option<String>) -> Ids {
        let id: Option<Arc<str>> = identifier.filter(|id| !id.is_empty()).map(Arc::from);
        if id.as_deref().is_some_and(crate::read::formats::is_uuid) {
            Ids {
                uuid: id,
                custom: None,
            }
        } else {
            Ids {
                uuid: None,
                custom: id,
            }
        }
    }
}

/// The employee or dependent a member loop reads as.
fn individual(m: Member, ids: Ids) -> Individual {
    let mut doc = Individual {
        custom_individual_id: ids.custom,
        id: ids.uuid,
        person: Some(person_of(m.person, m.home, m.mailing, m.contact)),
        ..Individual::default()
    };
    if m.subscriber {
        let employment = Employment {
            employment_dates: (!m.dates.is_empty()).then_some(m.dates),
            employment_status: m.status,
        };
        doc.employment = (employment != Employment::default()).then(|| Box::new(employment));
    } else {
        doc.relationship = Some(m.relationship.unwrap_or(Relationship::Other));
    }
    doc
}

/// The person of a report: the mailing address is the home address unless
/// a 2100C gave another, and neither is there without a home address.
fn person_of(mut person: PersonFields, home: Address, mailing: Address, contact: Contact) -> Person {
    if !home.is_empty() {
        person.mailing_address = Some(if mailing.is_empty() { home.clone() } else { mailing });
        person.home_address = Some(home);
    }
    if !contact.is_empty() {
        person.contact = Some(contact);
    }
    Person((!person.is_empty()).then(|| Box::new(person)))
}
