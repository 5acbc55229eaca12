//! The structural layer: Noyo's `InboundMemberSnapshot` schema (and every
//! schema it references) as a lenient walk that builds the typed snapshot and
//! reports each violation: required, types, nullable, enums, patterns,
//! formats, minLength/minItems, minimum. One function per schema object, in
//! the schema's terms; tests/noyo_schema.rs checks it against the schema itself.

use crate::diagnostic::catalogue as c;
use crate::model::*;
use crate::read::formats::{is_email, is_uuid, is_zip};
use crate::read::walk::describe::{document, no_members};
use crate::read::walk::{Need, Walk};
use serde_json::Value;

use Need::{Nullable, Optional, Required};

use crate::read::json::{Json, Obj};

/// Reads a whole snapshot document. Root-level problems that leave nothing
/// to scope (no employee, bad snapshot_mode, non-array member lists) are
/// fatal (`Walk::fatal`).
pub(crate) fn snapshot(w: &mut Walk, root: &Obj) -> Snapshot {
    let (read, extra) = w.object_fields(root, |w| Snapshot {
        snapshot_mode: w.fatal("snapshot_mode", |w| {
            w.wire::<SnapshotMode>(root, "snapshot_mode", Required)
        }),
        employee: w.fatal("employee", |w| w.nested(root, "employee", Required, employee)),
        dependents: w
            .fatal("dependents", |w| {
                w.array(root, "dependents", Optional, |w, v| {
                    w.object(v).map(|m| dependent(w, m))
                })
            })
            .unwrap_or_default(),
        coverages: w
            .fatal("coverages", |w| {
                w.array(root, "coverages", Optional, |w, v| {
                    w.object(v).map(|m| coverage(w, m))
                })
            })
            .unwrap_or_default(),
        events: w
            .fatal("events", |w| {
                w.array(root, "events", Optional, |w, v| w.object(v).map(|m| event(w, m)))
            })
            .unwrap_or_default(),
        omitted_coverage_handling: w.nested(root, "omitted_coverage_handling", Optional, omitted_coverage),
        enable_member_auto_link: w.boolean(root, "enable_member_auto_link", Optional),
        extra: Extra::new(),
    });
    Snapshot { extra, ..read }
}

/// A part of a snapshot that `reread` can read again on its own: the
/// employee, or an item of its dependents, coverages or events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Employee,
    Dependent(usize),
    Coverage(usize),
    Event(usize),
    /// The employee's `person` (an SSN or a birth date typed: the rest of
    /// the employee is not read again).
    EmployeePerson,
    /// Dependent `k`'s `person`.
    DependentPerson(usize),
    /// One of the employee's texts (`model::TextField`: a name, an address
    /// line): that string alone.
    EmployeeText(TextField),
    /// One of dependent `k`'s texts.
    DependentText(usize, TextField),
}

impl Unit {
    /// The smallest unit holding both (`None`: they are apart).
    pub(crate) fn with(self, other: Unit) -> Option<Unit> {
        match (self, other) {
            (a, b) if a == b => Some(a),
            (Unit::EmployeePerson | Unit::EmployeeText(_), Unit::EmployeePerson | Unit::EmployeeText(_)) => {
                Some(Unit::EmployeePerson)
            }
            (
                Unit::Employee | Unit::EmployeePerson | Unit::EmployeeText(_),
                Unit::Employee | Unit::EmployeePerson | Unit::EmployeeText(_),
            ) => Some(Unit::Employee),
            (
                Unit::DependentPerson(a) | Unit::DependentText(a, _),
                Unit::DependentPerson(b) | Unit::DependentText(b, _),
            ) if a == b => Some(Unit::DependentPerson(a)),
            (
                Unit::Dependent(a) | Unit::DependentPerson(a) | Unit::DependentText(a, _),
                Unit::Dependent(b) | Unit::DependentPerson(b) | Unit::DependentText(b, _),
            ) if a == b => Some(Unit::Dependent(a)),
            _ => None,
        }
    }
}

/// Reads `unit` of the document `root` again into `snapshot`, on `w`, as
/// `snapshot` reads it: when the unit is an object (else `None`, nothing
/// read), its issues and typed value are what the whole walk would give
/// there, since no check of the walk looks across units. Hands back the
/// unit as it was (moved out, not cloned: the keystroke compares the two,
/// `diff::memo::Edited`).
pub(crate) fn reread(w: &mut Walk, root: &Obj, unit: Unit, snapshot: &mut Snapshot) -> Option<Former> {
    match unit {
        Unit::Employee => {
            let m = root.get("employee").and_then(as_object)?;
            let read = Some(w.at_key("employee", |w| employee(w, m)));
            Some(Former::Employee(std::mem::replace(&mut snapshot.employee, read)))
        }
        Unit::Dependent(i) => reread_item(w, root, "dependents", i, &mut snapshot.dependents, dependent)
            .map(|d| Former::Dependent(i, d)),
        Unit::EmployeePerson => {
            let m = root.get("employee").and_then(as_object)?;
            let employee = snapshot.employee.as_mut()?;
            let read = w.at_key("employee", |w| w.nested(m, "person", Required, person));
            Some(Former::Person(std::mem::replace(&mut employee.person, read)))
        }
        Unit::DependentPerson(i) => {
            let m = match root.get("dependents") {
                Some(Json::Array(all)) => all.get(i).and_then(as_object),
                _ => None,
            }?;
            let dependent = snapshot.dependents.get_mut(i)?;
            let read = w.at_key("dependents", |w| {
                w.at_index(i, |w| w.nested(m, "person", Required, person))
            });
            Some(Former::Person(std::mem::replace(&mut dependent.person, read)))
        }
        Unit::EmployeeText(field) => {
            let m = root.get("employee").and_then(as_object)?;
            let person = snapshot.employee.as_mut()?.person.as_mut()?;
            let read = w.at_key("employee", |w| reread_text(w, m, field));
            Some(Former::Text(
                field,
                std::mem::replace(field.of_mut(person)?, read?),
            ))
        }
        Unit::DependentText(i, field) => {
            let m = match root.get("dependents") {
                Some(Json::Array(all)) => all.get(i).and_then(as_object),
                _ => None,
            }?;
            let person = snapshot.dependents.get_mut(i)?.person.as_mut()?;
            let read = w.at_key("dependents", |w| w.at_index(i, |w| reread_text(w, m, field)));
            Some(Former::Text(
                field,
                std::mem::replace(field.of_mut(person)?, read?),
            ))
        }
        Unit::Coverage(i) => {
            reread_item(w, root, "coverages", i, &mut snapshot.coverages, coverage).map(|_| Former::Coverage)
        }
        Unit::Event(i) => {
            reread_item(w, root, "events", i, &mut snapshot.events, event).map(|_| Former::Event)
        }
    }
}

/// A unit as it was before `reread` read it again: the person's, for the
/// keystroke to compare; the others are only dropped.
#[derive(Debug)]
pub(crate) enum Former {
    Employee(Option<Employee>),
    /// Dependent `k`.
    Dependent(usize, Dependent),
    Coverage,
    Event,
    /// The person of an employee or dependent, alone.
    Person(Option<Person>),
    /// One text of a person (a name, an address line), alone.
    Text(TextField, Option<String>),
}

/// The text `field` of the person of the employee or dependent `m`, read as
/// `person` (or `address`) reads it: a plain string field, nothing it
/// reports depends on the other fields. `None` when `m` has no person
/// object (or the person no such address), which the whole person's reader
/// must see.
fn reread_text(w: &mut Walk, m: &Obj, field: TextField) -> Option<Option<String>> {
    let person = m.get("person").and_then(as_object)?;
    let need = if field.required() { Required } else { Optional };
    Some(w.at_key("person", |w| match field.address() {
        None => Some(w.string(person, field.key(), need)),
        // `person` reads an address with `nested_unjudged`: in a walk that
        // keeps addresses (not `for_rules`), that is `nested`.
        Some(key) => {
            let address = person.get(key).and_then(as_object)?;
            Some(w.at_key(key, |w| w.string(address, field.key(), need)))
        }
    }))?
}

/// Item `i` of the array `key` read again into `items[i]`, when both exist
/// and the item is an object; the item it replaced.
fn reread_item<T>(
    w: &mut Walk,
    root: &Obj,
    key: &str,
    i: usize,
    items: &mut [T],
    read: fn(&mut Walk, &Obj) -> T,
) -> Option<T> {
    let item = match root.get(key) {
        Some(Json::Array(all)) => all.get(i).and_then(as_object),
        _ => None,
    };
    match (item, items.get_mut(i)) {
        (Some(m), Some(slot)) => Some(std::mem::replace(
            slot,
            w.at_key(key, |w| w.at_index(i, |w| read(w, m))),
        )),
        _ => None,
    }
}

fn as_object<'v, 'a>(v: &'v Json<'a>) -> Option<&'v Obj<'a>> {
    match v {
        Json::Object(m) => Some(m),
        _ => None,
    }
}

fn employee(w: &mut Walk, m: &Obj) -> Employee {
    let (read, extra) = w.object_fields(m, |w| Employee {
        id: w.checked(m, "id", Optional, c::INVALID_UUID, is_uuid),
        custom_individual_id: w.nonempty(m, "custom_individual_id", Optional),
        group_individual_id: w.nonempty(m, "group_individual_id", Optional),
        event_id: w.nonempty(m, "event_id", Optional),
        classifications: w.raw_object_unjudged(m, "classifications", Optional, |_, _| {}),
        person: w.nested(m, "person", Required, person),
        employment: w.nested(m, "employment", Required, employment),
        extra: Extra::new(),
    });
    Employee { extra, ..read }
}

fn dependent(w: &mut Walk, m: &Obj) -> Dependent {
    let (read, extra) = w.object_fields(m, |w| Dependent {
        id: w.checked(m, "id", Optional, c::INVALID_UUID, is_uuid),
        custom_individual_id: w.nonempty(m, "custom_individual_id", Optional),
        group_individual_id: w.nonempty(m, "group_individual_id", Optional),
        event_id: w.nonempty(m, "event_id", Optional),
        person: w.nested(m, "person", Required, person),
        relationship: w.wire::<Relationship>(m, "relationship", Required),
        extra: Extra::new(),
    });
    Dependent { extra, ..read }
}

fn person(w: &mut Walk, m: &Obj) -> Person {
    let (read, extra) = w.object_fields(m, |w| Person {
        first_name: w.string(m, "first_name", Required),
        middle_name: w.string(m, "middle_name", Optional),
        last_name: w.string(m, "last_name", Required),
        maiden_name: w.string(m, "maiden_name", Optional),
        suffix: w.string(m, "suffix", Optional),
        date_of_birth: w.date(m, "date_of_birth", Required),
        sex: w.wire::<Sex>(m, "sex", Required),
        ssn: w.ssn(m, "ssn", Nullable),
        marital_status: w.wire::<MaritalStatus>(m, "marital_status", Optional),
        home_address: w.nested_unjudged(m, "home_address", Required, address),
        mailing_address: w.nested_unjudged(m, "mailing_address", Required, address),
        contact: w.raw_object_unjudged(m, "contact", Optional, contact),
        details: w.raw_object(m, "details", Optional, person_details),
        extra: Extra::new(),
    });
    Person { extra, ..read }
}

fn address(w: &mut Walk, m: &Obj) -> Address {
    let (read, extra) = w.object_fields(m, |w| Address {
        street_one: w.string(m, "street_one", Required),
        street_two: w.string(m, "street_two", Optional),
        city: w.string(m, "city", Required),
        county: w.string(m, "county", Optional),
        state: w.wire::<State>(m, "state", Required),
        zip_code: w.checked(m, "zip_code", Required, c::INVALID_ZIP_CODE, is_zip),
        extra: Extra::new(),
    });
    Address { extra, ..read }
}

fn contact(w: &mut Walk, m: &Obj) {
    w.object_fields(m, |w| {
        w.checked(m, "email_address", Nullable, c::INVALID_EMAIL, is_email);
        w.one_of(m, "email_address_type", Optional, &["home", "work"]);
        for key in ["home_phone", "work_phone", "preferred_language"] {
            w.string(m, key, Optional);
        }
        w.one_of(
            m,
            "preferred_method",
            Optional,
            &["mail", "email", "home-phone", "work-phone", "other"],
        );
        w.boolean(m, "speaks_english", Optional);
    });
}

fn person_details(w: &mut Walk, m: &Obj) {
    w.object_fields(m, |w| {
        w.nested(m, "american_indian", Optional, |w, m| {
            w.object_fields(m, |w| {
                w.wire::<State>(m, "state", Optional);
                w.string(m, "tribe", Optional);
            })
        });
        w.nested(m, "disability", Optional, |w, m| {
            w.object_fields(m, |w| {
                w.boolean(m, "communication", Optional);
                w.boolean(m, "disabled", Optional);
                w.string(m, "reason", Optional);
            })
        });
        w.boolean(m, "is_military", Optional);
        w.boolean(m, "is_student", Optional);
        w.nested(m, "tobacco", Optional, tobacco);
    });
}

fn tobacco(w: &mut Walk, m: &Obj) {
    w.object_fields(m, |w| {
        w.string(m, "duration", Optional);
        w.string(m, "frequency", Optional);
        w.array_min1(m, "types", Optional, |w, v| {
            w.one_of_value(v, "types", &["pipe", "cigarettes", "chewing-tobacco"])
        });
        w.boolean(m, "user", Optional);
    });
}

fn employment(w: &mut Walk, m: &Obj) -> Employment {
    let (read, extra) = w.object_fields(m, |w| Employment {
        employment_status: w.wire::<EmploymentStatus>(m, "employment_status", Required),
        employment_dates: w.nested(m, "employment_dates", Required, employment_dates),
        hours_worked: w.int32(m, "hours_worked", Required),
        occupation: w.string(m, "occupation", Optional),
        salary: w.raw_object_unjudged(m, "salary", Optional, salary),
        extra: Extra::new(),
    });
    Employment { extra, ..read }
}

fn employment_dates(w: &mut Walk, m: &Obj) -> EmploymentDates {
    let (read, extra) = w.object_fields(m, |w| EmploymentDates {
        hire_date: w.date(m, "hire_date", Required),
        full_time_start: w.date(m, "full_time_start", Optional),
        rehire: w.date(m, "rehire", Optional),
        retirement: w.date(m, "retirement", Optional),
        terminated: w.date(m, "terminated", Optional),
        extra: Extra::new(),
    });
    EmploymentDates { extra, ..read }
}

fn salary(w: &mut Walk, m: &Obj) {
    w.object_fields(m, |w| {
        w.number_at_least(m, "amount", Optional, 0.0);
        w.date(m, "effective_date", Optional);
        w.one_of(m, "type", Optional, &["hourly", "salary"]);
        w.one_of(
            m,
            "unit",
            Optional,
            &["annual", "month", "semi-monthly", "week", "hour"],
        );
    });
}

fn coverage(w: &mut Walk, m: &Obj) -> Coverage {
    let (read, extra) = w.object_fields(m, |w| Coverage {
        carrier_id: w.checked(m, "carrier_id", Required, c::INVALID_UUID, is_uuid),
        line_of_coverage: w.wire::<LineOfCoverage>(m, "line_of_coverage", Required),
        plan_id: w.checked(m, "plan_id", Optional, c::INVALID_UUID, is_uuid),
        plan_name: w.nonempty(m, "plan_name", Optional),
        custom_plan_id: w.nonempty(m, "custom_plan_id", Optional),
        signature_date: w.date(m, "signature_date", Optional),
        carrier_config: w.raw_object_unjudged(m, "carrier_config", Optional, |_, _| {}),
        cobra_details: w.raw_object(m, "cobra_details", Optional, cobra_details),
        enrolled_members: w
            .array(m, "enrolled_members", Required, |w, v| {
                w.object(v).map(|m| enrolled_member(w, m))
            })
            .unwrap_or_default(),
        extra: Extra::new(),
    });
    Coverage { extra, ..read }
}

fn cobra_details(w: &mut Walk, m: &Obj) {
    w.object_fields(m, |w| {
        w.boolean(m, "cobra_enrolled", Required);
        w.date(m, "eligibility_end_date", Required);
        w.date(m, "eligibility_start_date", Required);
        w.date(m, "qualifying_event_date", Optional);
        const REASONS: &[&str] = &[
            "termination_of_employment",
            "reduction_of_work_hours",
            "medicare",
            "death",
            "divorce",
            "separation",
            "ineligible_child",
            "bankruptcy_of_retirees_former_employer",
            "layoff",
            "leave_of_absence",
        ];
        w.one_of(m, "qualifying_event_reason", Optional, REASONS);
    });
}

fn enrolled_member(w: &mut Walk, m: &Obj) -> EnrolledMember {
    let (read, extra) = w.object_fields(m, |w| EnrolledMember {
        individual_type: w.wire::<IndividualType>(m, "individual_type", Required),
        individual_id: w.checked(m, "individual_id", Nullable, c::INVALID_UUID, is_uuid),
        custom_individual_id: w.string(m, "custom_individual_id", Nullable),
        event_id: w.nonempty(m, "event_id", Optional),
        effective_start_date: w.date(m, "effective_start_date", Required),
        effective_end_date: w.date(m, "effective_end_date", Required),
        latest_change_effective_date: w.date(m, "latest_change_effective_date", Optional),
        volume: w.int32(m, "volume", Optional),
        pcp_details: w.raw_object_unjudged(m, "pcp_details", Optional, pcp_details),
        extra: Extra::new(),
    });
    EnrolledMember { extra, ..read }
}

fn pcp_details(w: &mut Walk, m: &Obj) {
    w.object_fields(m, |w| {
        w.array(m, "providers", Required, |w, v| {
            w.object(v).map(|m| primary_care_provider(w, m))
        });
    });
}

/// Noyo's schema lists a provider's properties alphabetically, and a typo
/// as close to two of them suggests the first in that order
/// (`identification_code_ty`: `identification_code`), not in read order.
fn primary_care_provider(w: &mut Walk, m: &Obj) {
    w.object_fields_ordered(m, crate::sort::sort::<&str>, |w| {
        w.one_of(
            m,
            "entity_identifier_code",
            Optional,
            &["pcp", "dental_pcp", "obgyn"],
        );
        w.one_of(m, "entity_type", Optional, &["person", "non_person_entity"]);
        w.one_of(
            m,
            "identification_code_type",
            Required,
            &["service_provider_number", "national_provider_identifier"],
        );
        w.one_of(
            m,
            "patient_relationship_code",
            Optional,
            &["established", "not_established", "unknown"],
        );
        for key in ["first_name", "last_name", "middle_name", "organization_name"] {
            w.string(m, key, Optional);
        }
        w.string(m, "identification_code", Required);
    });
}

fn event(w: &mut Walk, m: &Obj) -> Event {
    let (read, extra) = w.object_fields(m, |w| Event {
        id: w.nonempty(m, "id", Required),
        date: w.date(m, "date", Required),
        event_type: w.wire::<EventType>(m, "type", Required),
        reason: w.wire::<EventReason>(m, "reason", Required),
        extra: Extra::new(),
    });
    Event { extra, ..read }
}

fn omitted_coverage(w: &mut Walk, m: &Obj) -> OmittedCoverageHandling {
    let (read, extra) = w.object_fields(m, |w| OmittedCoverageHandling {
        policy: w.wire::<OmittedCoveragePolicy>(m, "policy", Optional),
        termination_rule: w.wire::<TerminationRule>(m, "termination_rule", Optional),
        custom: w.nested(m, "custom", Optional, omitted_coverage_custom),
        extra: Extra::new(),
    });
    OmittedCoverageHandling { extra, ..read }
}

fn omitted_coverage_custom(w: &mut Walk, m: &Obj) -> OmittedCoverageCustom {
    let (read, extra) = w.object_fields(m, |w| OmittedCoverageCustom {
        effective_end_date: w.date(m, "effective_end_date", Optional),
        extra: Extra::new(),
    });
    OmittedCoverageCustom { extra, ..read }
}

/// The JSON Schema of a member snapshot, as the structural layer enforces it.
pub fn snapshot_schema() -> Value {
    let mut w = Walk::describer();
    snapshot(&mut w, no_members());
    document(
        "https://enroll-engine.dev/schema/member-snapshot.schema.json",
        "Member snapshot (Noyo InboundMemberSnapshot, as enroll-engine validates it)",
        "Generated from enroll-engine's structural layer (src/validate/structure.rs); do not edit. \
         Unknown properties are allowed (and kept). Business rules are not expressible here: see docs/rules.md.",
        w.described(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Walk::at_field` copies field names into pointers unescaped: no name the
    /// readers know (every property of the schemas they describe) may need
    /// escaping.
    #[test]
    fn no_field_name_needs_escaping_in_a_pointer() {
        fn names(v: &Value, out: &mut Vec<String>) {
            match v {
                Value::Object(m) => {
                    if let Some(Value::Object(props)) = m.get("properties") {
                        out.extend(props.keys().cloned());
                    }
                    m.values().for_each(|v| names(v, out));
                }
                Value::Array(items) => items.iter().for_each(|v| names(v, out)),
                _ => {}
            }
        }
        let mut all = Vec::new();
        names(&snapshot_schema(), &mut all);
        names(&crate::config::read::config_schema(), &mut all);
        assert!(all.len() > 100, "{}", all.len());
        let escaped: Vec<&String> = all.iter().filter(|k| k.contains(['~', '/'])).collect();
        assert!(escaped.is_empty(), "{escaped:?}");
    }

    /// The diff compares `Person::FIELDS` and `Address::FIELDS` field by
    /// field and the rest as `extra`: they must be what this layer reads.
    #[test]
    fn the_diffs_field_lists_are_what_is_read() {
        let schema = snapshot_schema();
        let properties = |at: &str| -> Vec<String> {
            let found = schema.pointer(at).and_then(Value::as_object);
            let mut keys: Vec<String> = found.map(|m| m.keys().cloned().collect()).unwrap_or_default();
            keys.sort();
            keys
        };
        let listed = |fields: &[&str]| -> Vec<String> {
            let mut keys: Vec<String> = fields.iter().map(|s| s.to_string()).collect();
            keys.sort();
            keys
        };
        let person = "/properties/employee/properties/person/properties";
        assert_eq!(properties(person), listed(Person::FIELDS));
        let address = "/properties/employee/properties/person/properties/home_address/properties";
        assert_eq!(properties(address), listed(Address::FIELDS));
    }
}
