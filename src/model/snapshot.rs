//! The member snapshot, with Noyo's field names (`InboundMemberSnapshot`).
//!
//! Every field is optional in the Rust type even where the schema requires it:
//! the structural walk (`validate::structure`) builds these leniently, reports
//! what is missing or malformed, and leaves `None` in its place, so the rules
//! after it still see everything that *was* well-formed. Sequences keep their
//! input indexes (an element that is not an object becomes an empty default),
//! so `coverages[i]` here is `/coverages/i` in the input.
//!
//! Sub-documents no rule reads (contact, details, salary, COBRA, PCP,
//! classifications, carrier_config) are validated, then kept as raw JSON.
//! Unknown fields are kept in `extra` on every typed object.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::date::Date;
use super::enums::*;
use super::text::quote_joined_masked;

/// Unknown fields of an object, kept verbatim.
pub type Extra = Map<String, Value>;

/// A member snapshot: one employee, their dependents and all their coverages.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub snapshot_mode: Option<SnapshotMode>,
    pub employee: Option<Employee>,
    #[serde(default)]
    pub dependents: Vec<Dependent>,
    #[serde(default)]
    pub coverages: Vec<Coverage>,
    #[serde(default)]
    pub events: Vec<Event>,
    pub omitted_coverage_handling: Option<OmittedCoverageHandling>,
    pub enable_member_auto_link: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The employee of the snapshot.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Employee {
    pub id: Option<String>,
    pub custom_individual_id: Option<String>,
    pub group_individual_id: Option<String>,
    pub event_id: Option<String>,
    pub classifications: Option<Value>,
    pub person: Option<Person>,
    pub employment: Option<Employment>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A dependent of the employee.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Dependent {
    pub id: Option<String>,
    pub custom_individual_id: Option<String>,
    pub group_individual_id: Option<String>,
    pub event_id: Option<String>,
    pub person: Option<Person>,
    pub relationship: Option<Relationship>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Personal information of the employee or a dependent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub first_name: Option<String>,
    pub middle_name: Option<String>,
    pub last_name: Option<String>,
    pub maiden_name: Option<String>,
    pub suffix: Option<String>,
    pub date_of_birth: Option<Date>,
    pub sex: Option<Sex>,
    /// Nine digits; `None` when absent, null or malformed.
    pub ssn: Option<String>,
    pub marital_status: Option<MaritalStatus>,
    pub home_address: Option<Address>,
    pub mailing_address: Option<Address>,
    pub contact: Option<Value>,
    pub details: Option<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Person {
    /// The document's field names (the rest are `extra`): what the diff
    /// compares field by field, and what the structural reader reads (a test
    /// in `validate::structure` holds them equal).
    pub const FIELDS: &'static [&'static str] = &[
        "first_name",
        "middle_name",
        "last_name",
        "maiden_name",
        "suffix",
        "date_of_birth",
        "sex",
        "ssn",
        "marital_status",
        "home_address",
        "mailing_address",
        "contact",
        "details",
    ];
}

/// A text of a person that a form's person types letter by letter: one of
/// their names, or a line of one of their addresses. A keystroke inside one
/// is read and compared on its own (`prepared.edit`, `diff::memo`): each is
/// a plain string, and no rule reads it but the first and last names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextField {
    First,
    Middle,
    Last,
    Maiden,
    Suffix,
    /// A line of the home (`false`) or mailing (`true`) address.
    Address(bool, AddressLine),
}

/// The plain text lines of an address (its state and ZIP code are checked values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AddressLine {
    StreetOne,
    StreetTwo,
    City,
    County,
}

impl AddressLine {
    fn named(key: &str) -> Option<AddressLine> {
        Some(match key {
            "street_one" => AddressLine::StreetOne,
            "street_two" => AddressLine::StreetTwo,
            "city" => AddressLine::City,
            "county" => AddressLine::County,
            _ => return None,
        })
    }

    fn key(self) -> &'static str {
        match self {
            AddressLine::StreetOne => "street_one",
            AddressLine::StreetTwo => "street_two",
            AddressLine::City => "city",
            AddressLine::County => "county",
        }
    }

    fn of_mut(self, a: &mut Address) -> &mut Option<String> {
        match self {
            AddressLine::StreetOne => &mut a.street_one,
            AddressLine::StreetTwo => &mut a.street_two,
            AddressLine::City => &mut a.city,
            AddressLine::County => &mut a.county,
        }
    }
}

impl TextField {
    /// The name `key` of a person, or the line `line` of their address
    /// `key` (`home_address`, `mailing_address`).
    pub(crate) fn named(key: &str, line: Option<&str>) -> Option<TextField> {
        let mailing = match (key, line) {
            ("home_address", Some(_)) => false,
            ("mailing_address", Some(_)) => true,
            (_, Some(_)) => return None,
            ("first_name", None) => return Some(TextField::First),
            ("middle_name", None) => return Some(TextField::Middle),
            ("last_name", None) => return Some(TextField::Last),
            ("maiden_name", None) => return Some(TextField::Maiden),
            ("suffix", None) => return Some(TextField::Suffix),
            _ => return None,
        };
        Some(TextField::Address(mailing, AddressLine::named(line?)?))
    }

    /// Its address's key in a person, for an address line.
    pub(crate) fn address(self) -> Option<&'static str> {
        match self {
            TextField::Address(false, _) => Some("home_address"),
            TextField::Address(true, _) => Some("mailing_address"),
            _ => None,
        }
    }

    /// Its key in its object (the person, or the address).
    pub(crate) fn key(self) -> &'static str {
        match self {
            TextField::First => "first_name",
            TextField::Middle => "middle_name",
            TextField::Last => "last_name",
            TextField::Maiden => "maiden_name",
            TextField::Suffix => "suffix",
            TextField::Address(_, line) => line.key(),
        }
    }

    /// The group its change belongs to in a person's record's changes
    /// (`diff::people::group_of`): a name's own key, an address's key.
    pub(crate) fn group(self) -> &'static str {
        match self {
            TextField::First => "person.first_name",
            TextField::Middle => "person.middle_name",
            TextField::Last => "person.last_name",
            TextField::Maiden => "person.maiden_name",
            TextField::Suffix => "person.suffix",
            TextField::Address(false, _) => "person.home_address",
            TextField::Address(true, _) => "person.mailing_address",
        }
    }

    /// Whether its object must have it.
    pub(crate) fn required(self) -> bool {
        matches!(
            self,
            TextField::First
                | TextField::Last
                | TextField::Address(_, AddressLine::StreetOne | AddressLine::City)
        )
    }

    /// A name's field of `p` (`None` for an address line).
    pub(crate) fn name_of(self, p: &Person) -> Option<&Option<String>> {
        match self {
            TextField::First => Some(&p.first_name),
            TextField::Middle => Some(&p.middle_name),
            TextField::Last => Some(&p.last_name),
            TextField::Maiden => Some(&p.maiden_name),
            TextField::Suffix => Some(&p.suffix),
            TextField::Address(..) => None,
        }
    }

    /// The field of `p`, to write (`None`: `p` has no such address).
    pub(crate) fn of_mut(self, p: &mut Person) -> Option<&mut Option<String>> {
        Some(match self {
            TextField::First => &mut p.first_name,
            TextField::Middle => &mut p.middle_name,
            TextField::Last => &mut p.last_name,
            TextField::Maiden => &mut p.maiden_name,
            TextField::Suffix => &mut p.suffix,
            TextField::Address(false, line) => line.of_mut(p.home_address.as_mut()?),
            TextField::Address(true, line) => line.of_mut(p.mailing_address.as_mut()?),
        })
    }
}

/// A postal address.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Address {
    pub street_one: Option<String>,
    pub street_two: Option<String>,
    pub city: Option<String>,
    pub county: Option<String>,
    pub state: Option<State>,
    pub zip_code: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Address {
    /// The document's field names (the rest are `extra`; see `Person::FIELDS`).
    pub const FIELDS: &'static [&'static str] =
        &["street_one", "street_two", "city", "county", "state", "zip_code"];
}

/// Employment of the employee.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Employment {
    pub employment_status: Option<EmploymentStatus>,
    pub employment_dates: Option<EmploymentDates>,
    pub hours_worked: Option<i32>,
    pub occupation: Option<String>,
    pub salary: Option<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Employment dates. Only `hire_date` is a schema `format: date`; the others
/// are pattern-checked strings in Noyo's schema and are parsed the same way here.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EmploymentDates {
    pub hire_date: Option<Date>,
    pub full_time_start: Option<Date>,
    pub rehire: Option<Date>,
    pub retirement: Option<Date>,
    pub terminated: Option<Date>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One coverage: a carrier, a line, a plan and who is enrolled in it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    pub carrier_id: Option<String>,
    pub line_of_coverage: Option<LineOfCoverage>,
    pub plan_id: Option<String>,
    pub plan_name: Option<String>,
    pub custom_plan_id: Option<String>,
    pub signature_date: Option<Date>,
    pub carrier_config: Option<Value>,
    pub cobra_details: Option<Value>,
    #[serde(default)]
    pub enrolled_members: Vec<EnrolledMember>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A member's enrollment in a coverage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EnrolledMember {
    pub individual_type: Option<IndividualType>,
    pub individual_id: Option<String>,
    pub custom_individual_id: Option<String>,
    pub event_id: Option<String>,
    pub effective_start_date: Option<Date>,
    /// `9999-12-31` while open; start − 1 day is a waive/cancel.
    pub effective_end_date: Option<Date>,
    pub latest_change_effective_date: Option<Date>,
    pub volume: Option<i32>,
    pub pcp_details: Option<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A coverage or demographic event explaining the snapshot's changes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: Option<String>,
    pub date: Option<Date>,
    #[serde(rename = "type")]
    pub event_type: Option<EventType>,
    pub reason: Option<EventReason>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// What to do with coverages active before and omitted now.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OmittedCoverageHandling {
    pub policy: Option<OmittedCoveragePolicy>,
    pub termination_rule: Option<TerminationRule>,
    pub custom: Option<OmittedCoverageCustom>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The custom end date used by `termination_rule: custom`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OmittedCoverageCustom {
    pub effective_end_date: Option<Date>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Snapshot {
    /// The carriers of the snapshot: each carrier its coverages name, once,
    /// in order of first appearance. The one answer to "which carriers" for
    /// validation's scoping, the diff and the preview.
    pub fn carriers(&self) -> Vec<&str> {
        distinct_in_order(self.carrier_ids())
    }

    /// Every coverage's carrier id, repeats included.
    pub fn carrier_ids(&self) -> impl Iterator<Item = &str> {
        self.coverages.iter().filter_map(|c| c.carrier_id.as_deref())
    }

    /// The policy for omitted coverages; `reject` when not given (Noyo's default).
    pub fn omitted_coverage_policy(&self) -> OmittedCoveragePolicy {
        self.omitted_coverage_handling
            .as_ref()
            .and_then(|h| h.policy)
            .unwrap_or(OmittedCoveragePolicy::Reject)
    }
}

/// The first occurrence of each text, in order. A family has a few
/// carriers: the first `SCAN` distinct ones are found by comparing with
/// each (a set's nodes cost more than a few comparisons of 36 bytes, ~3 %
/// of a keystroke in wasm); past that a set keeps it near-linear for a
/// hostile document's thousands.
pub fn distinct_in_order<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    const SCAN: usize = 16;
    let mut out: Vec<&str> = Vec::new();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for text in texts {
        let new = if out.len() < SCAN {
            !out.contains(&text)
        } else {
            if seen.is_empty() {
                seen.extend(out.iter().copied());
            }
            seen.insert(text)
        };
        if new {
            out.push(text);
        }
    }
    out
}

/// The person an enrolled member names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MemberRef {
    Employee,
    /// Index into `dependents`.
    Dependent(usize),
}

/// A snapshot's people by `id` and by `custom_individual_id` (the first
/// dependent holding each), from `Snapshot::resolver` (`privacy::links`).
#[derive(Debug, Clone)]
pub struct Resolver<'a> {
    /// The employee's `id` and `custom_individual_id`, unless refused.
    employee_id: Option<&'a str>,
    employee_custom_id: Option<&'a str>,
    by_id: BTreeMap<&'a str, usize>,
    by_custom_id: BTreeMap<&'a str, usize>,
}

impl Resolver<'_> {
    /// Whom an enrolled member names: `individual_id` first (the employee's or
    /// a dependent's `id`), else `custom_individual_id`; an employee enrollment
    /// with neither is the employee (there is only one).
    pub fn resolve(&self, m: &EnrolledMember) -> Resolution {
        let by = |field: &'static str, id: &str, index: &BTreeMap<&str, usize>, emp: Option<&str>| {
            if emp == Some(id) {
                return Resolution::Found(MemberRef::Employee);
            }
            match index.get(id) {
                Some(&k) => Resolution::Found(MemberRef::Dependent(k)),
                None => Resolution::Unknown(field),
            }
        };
        if let Some(id) = &m.individual_id {
            by("individual_id", id, &self.by_id, self.employee_id)
        } else if let Some(id) = &m.custom_individual_id {
            by(
                "custom_individual_id",
                id,
                &self.by_custom_id,
                self.employee_custom_id,
            )
        } else if m.individual_type == Some(IndividualType::Employee) {
            Resolution::Found(MemberRef::Employee)
        } else {
            Resolution::Unidentified
        }
    }
}

/// How an enrolled member's ids resolve against the snapshot's people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Resolution {
    Found(MemberRef),
    /// The id given (`individual_id`, or else `custom_individual_id`) names no one.
    Unknown(&'static str),
    /// A dependent enrollment with no id at all.
    Unidentified,
}

impl Snapshot {
    /// The snapshot's people indexed by their ids (ordered maps: no hash an
    /// input could be made to collide), leaving out the ids `refused` names:
    /// a member naming one resolves to nobody. Callers use `resolver`
    /// (`privacy::links`: ids masking alike are refused), not this.
    pub fn resolver_refusing(&self, refused: impl Fn(&str) -> bool) -> Resolver<'_> {
        let mut by_id = BTreeMap::new();
        let mut by_custom_id = BTreeMap::new();
        fn kept<'s>(id: &'s Option<String>, refused: &impl Fn(&str) -> bool) -> Option<&'s str> {
            id.as_deref().filter(|id| !refused(id))
        }
        // Reversed so that the first dependent with an id wins, as a search would find it.
        for (k, d) in self.dependents.iter().enumerate().rev() {
            if let Some(id) = kept(&d.id, &refused) {
                by_id.insert(id, k);
            }
            if let Some(id) = kept(&d.custom_individual_id, &refused) {
                by_custom_id.insert(id, k);
            }
        }
        let employee = self.employee.as_ref();
        Resolver {
            employee_id: employee.and_then(|e| kept(&e.id, &refused)),
            employee_custom_id: employee.and_then(|e| kept(&e.custom_individual_id, &refused)),
            by_id,
            by_custom_id,
        }
    }

    /// "First Last" of a person, or where they stand in the document when unnamed.
    ///
    /// Cut like any quoted text (`text::quote`, 64 characters and `…`): the
    /// name labels every difference, acknowledgement item and issue of the
    /// person, so a name megabytes long must cost neither memory per copy nor
    /// time per label: `quote_joined` copies at most the quoted part of each
    /// name and cuts the joined name at the same character as cutting the
    /// whole would.
    ///
    /// `mask` is `privacy::scrub` (above the model): each name is masked on
    /// its own before the join, where the whole name's masking could miss
    /// an SSN a first name ending in a digit lengthens (`text::quote_joined_masked`).
    pub fn display_name(&self, who: MemberRef, mask: impl Fn(&str) -> Cow<'_, str>) -> String {
        let named = self.person(who).map(|p| {
            let parts: Vec<&str> = [p.first_name.as_deref(), p.last_name.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            quote_joined_masked(&parts, " ", mask)
        });
        match (named.filter(|n| !n.trim().is_empty()), who) {
            (Some(n), _) => n,
            (None, MemberRef::Employee) => "the employee".into(),
            (None, MemberRef::Dependent(k)) => format!("dependents[{k}]"),
        }
    }

    /// The person behind a reference.
    pub fn person(&self, r: MemberRef) -> Option<&Person> {
        match r {
            MemberRef::Employee => self.employee.as_ref()?.person.as_ref(),
            MemberRef::Dependent(k) => self.dependents.get(k)?.person.as_ref(),
        }
    }
}

impl EnrolledMember {
    /// End is the day before start: Noyo's way to waive or cancel.
    pub fn is_waive(&self) -> bool {
        matches!((self.effective_start_date, self.effective_end_date), (Some(s), Some(e)) if s.pred() == Some(e))
    }
}
