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

use crate::read::json::Obj;

/// Reads a whole snapshot document. Root-level problems that leave nothing
/// to scope (no employee, bad snapshot_mode, non-array member lists) are
/// fatal (`Walk::fatal`).
pub(crate) fn snapshot(w: &mut Walk, root: &Obj) -> Snapshot {
    Snapshot {
        snapshot_mode: w.fatal("snapshot_mode", |w| {
            w.enumerated(
                root,
                "snapshot_mode",
                Required,
                SnapshotMode::parse,
                SnapshotMode::ALL,
            )
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
        extra: w.extra(
            root,
            &[
                "snapshot_mode",
                "employee",
                "dependents",
                "coverages",
                "events",
                "omitted_coverage_handling",
                "enable_member_auto_link",
            ],
        ),
    }
}

fn employee(w: &mut Walk, m: &Obj) -> Employee {
    Employee {
        id: w.checked(m, "id", Optional, c::INVALID_UUID, is_uuid),
        custom_individual_id: w.nonempty(m, "custom_individual_id", Optional),
        group_individual_id: w.nonempty(m, "group_individual_id", Optional),
        event_id: w.nonempty(m, "event_id", Optional),
        classifications: w.raw_object(m, "classifications", Optional, |_, _| {}),
        person: w.nested(m, "person", Required, person),
        employment: w.nested(m, "employment", Required, employment),
        extra: w.extra(
            m,
            &[
                "id",
                "custom_individual_id",
                "group_individual_id",
                "event_id",
                "classifications",
                "person",
                "employment",
            ],
        ),
    }
}

fn dependent(w: &mut Walk, m: &Obj) -> Dependent {
    Dependent {
        id: w.checked(m, "id", Optional, c::INVALID_UUID, is_uuid),
        custom_individual_id: w.nonempty(m, "custom_individual_id", Optional),
        group_individual_id: w.nonempty(m, "group_individual_id", Optional),
        event_id: w.nonempty(m, "event_id", Optional),
        person: w.nested(m, "person", Required, person),
        relationship: w.enumerated(
            m,
            "relationship",
            Required,
            Relationship::parse,
            Relationship::ALL,
        ),
        extra: w.extra(
            m,
            &[
                "id",
                "custom_individual_id",
                "group_individual_id",
                "event_id",
                "person",
                "relationship",
            ],
        ),
    }
}

fn person(w: &mut Walk, m: &Obj) -> Person {
    Person {
        first_name: w.string(m, "first_name", Required),
        middle_name: w.string(m, "middle_name", Optional),
        last_name: w.string(m, "last_name", Required),
        maiden_name: w.string(m, "maiden_name", Optional),
        suffix: w.string(m, "suffix", Optional),
        date_of_birth: w.date(m, "date_of_birth", Required),
        sex: w.enumerated(m, "sex", Required, Sex::parse, Sex::ALL),
        ssn: w.ssn(m, "ssn", Nullable),
        marital_status: w.enumerated(
            m,
            "marital_status",
            Optional,
            MaritalStatus::parse,
            MaritalStatus::ALL,
        ),
        home_address: w.nested(m, "home_address", Required, address),
        mailing_address: w.nested(m, "mailing_address", Required, address),
        contact: w.raw_object(m, "contact", Optional, contact),
        details: w.raw_object(m, "details", Optional, person_details),
        extra: w.extra(m, Person::FIELDS),
    }
}

fn address(w: &mut Walk, m: &Obj) -> Address {
    Address {
        street_one: w.string(m, "street_one", Required),
        street_two: w.string(m, "street_two", Optional),
        city: w.string(m, "city", Required),
        county: w.string(m, "county", Optional),
        state: w.enumerated(m, "state", Required, State::parse, State::ALL),
        zip_code: w.checked(m, "zip_code", Required, c::INVALID_ZIP_CODE, is_zip),
        extra: w.extra(m, Address::FIELDS),
    }
}

fn contact(w: &mut Walk, m: &Obj) {
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
    w.extra(
        m,
        &[
            "email_address",
            "email_address_type",
            "home_phone",
            "work_phone",
            "preferred_language",
            "preferred_method",
            "speaks_english",
        ],
    );
}

fn person_details(w: &mut Walk, m: &Obj) {
    w.nested(m, "american_indian", Optional, |w, m| {
        w.enumerated(m, "state", Optional, State::parse, State::ALL);
        w.string(m, "tribe", Optional);
        w.extra(m, &["state", "tribe"]);
    });
    w.nested(m, "disability", Optional, |w, m| {
        w.boolean(m, "communication", Optional);
        w.boolean(m, "disabled", Optional);
        w.string(m, "reason", Optional);
        w.extra(m, &["communication", "disabled", "reason"]);
    });
    w.boolean(m, "is_military", Optional);
    w.boolean(m, "is_student", Optional);
    w.nested(m, "tobacco", Optional, tobacco);
    w.extra(
        m,
        &[
            "american_indian",
            "disability",
            "is_military",
            "is_student",
            "tobacco",
        ],
    );
}

fn tobacco(w: &mut Walk, m: &Obj) {
    w.string(m, "duration", Optional);
    w.string(m, "frequency", Optional);
    w.array_min1(m, "types", Optional, |w, v| {
        w.one_of_value(v, "types", &["pipe", "cigarettes", "chewing-tobacco"])
    });
    w.boolean(m, "user", Optional);
    w.extra(m, &["duration", "frequency", "types", "user"]);
}

fn employment(w: &mut Walk, m: &Obj) -> Employment {
    Employment {
        employment_status: w.enumerated(
            m,
            "employment_status",
            Required,
            EmploymentStatus::parse,
            EmploymentStatus::ALL,
        ),
        employment_dates: w.nested(m, "employment_dates", Required, employment_dates),
        hours_worked: w.int32(m, "hours_worked", Required),
        occupation: w.string(m, "occupation", Optional),
        salary: w.raw_object(m, "salary", Optional, salary),
        extra: w.extra(
            m,
            &[
                "employment_status",
                "employment_dates",
                "hours_worked",
                "occupation",
                "salary",
            ],
        ),
    }
}

fn employment_dates(w: &mut Walk, m: &Obj) -> EmploymentDates {
    EmploymentDates {
        hire_date: w.date(m, "hire_date", Required),
        full_time_start: w.date(m, "full_time_start", Optional),
        rehire: w.date(m, "rehire", Optional),
        retirement: w.date(m, "retirement", Optional),
        terminated: w.date(m, "terminated", Optional),
        extra: w.extra(
            m,
            &[
                "hire_date",
                "full_time_start",
                "rehire",
                "retirement",
                "terminated",
            ],
        ),
    }
}

fn salary(w: &mut Walk, m: &Obj) {
    w.number_at_least(m, "amount", Optional, 0.0);
    w.date(m, "effective_date", Optional);
    w.one_of(m, "type", Optional, &["hourly", "salary"]);
    w.one_of(
        m,
        "unit",
        Optional,
        &["annual", "month", "semi-monthly", "week", "hour"],
    );
    w.extra(m, &["amount", "effective_date", "type", "unit"]);
}

fn coverage(w: &mut Walk, m: &Obj) -> Coverage {
    Coverage {
        carrier_id: w.checked(m, "carrier_id", Required, c::INVALID_UUID, is_uuid),
        line_of_coverage: w.enumerated(
            m,
            "line_of_coverage",
            Required,
            LineOfCoverage::parse,
            LineOfCoverage::ALL,
        ),
        plan_id: w.checked(m, "plan_id", Optional, c::INVALID_UUID, is_uuid),
        plan_name: w.nonempty(m, "plan_name", Optional),
        custom_plan_id: w.nonempty(m, "custom_plan_id", Optional),
        signature_date: w.date(m, "signature_date", Optional),
        carrier_config: w.raw_object(m, "carrier_config", Optional, |_, _| {}),
        cobra_details: w.raw_object(m, "cobra_details", Optional, cobra_details),
        enrolled_members: w
            .array(m, "enrolled_members", Required, |w, v| {
                w.object(v).map(|m| enrolled_member(w, m))
            })
            .unwrap_or_default(),
        extra: w.extra(
            m,
            &[
                "carrier_id",
                "line_of_coverage",
                "plan_id",
                "plan_name",
                "custom_plan_id",
                "signature_date",
                "carrier_config",
                "cobra_details",
                "enrolled_members",
            ],
        ),
    }
}

fn cobra_details(w: &mut Walk, m: &Obj) {
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
    w.extra(
        m,
        &[
            "cobra_enrolled",
            "eligibility_end_date",
            "eligibility_start_date",
            "qualifying_event_date",
            "qualifying_event_reason",
        ],
    );
}

fn enrolled_member(w: &mut Walk, m: &Obj) -> EnrolledMember {
    EnrolledMember {
        individual_type: w.enumerated(
            m,
            "individual_type",
            Required,
            IndividualType::parse,
            IndividualType::ALL,
        ),
        individual_id: w.checked(m, "individual_id", Nullable, c::INVALID_UUID, is_uuid),
        custom_individual_id: w.string(m, "custom_individual_id", Nullable),
        event_id: w.nonempty(m, "event_id", Optional),
        effective_start_date: w.date(m, "effective_start_date", Required),
        effective_end_date: w.date(m, "effective_end_date", Required),
        latest_change_effective_date: w.date(m, "latest_change_effective_date", Optional),
        volume: w.int32(m, "volume", Optional),
        pcp_details: w.raw_object(m, "pcp_details", Optional, pcp_details),
        extra: w.extra(
            m,
            &[
                "individual_type",
                "individual_id",
                "custom_individual_id",
                "event_id",
                "effective_start_date",
                "effective_end_date",
                "latest_change_effective_date",
                "volume",
                "pcp_details",
            ],
        ),
    }
}

fn pcp_details(w: &mut Walk, m: &Obj) {
    w.array(m, "providers", Required, |w, v| {
        w.object(v).map(|m| primary_care_provider(w, m))
    });
    w.extra(m, &["providers"]);
}

fn primary_care_provider(w: &mut Walk, m: &Obj) {
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
    w.extra(
        m,
        &[
            "entity_identifier_code",
            "entity_type",
            "first_name",
            "identification_code",
            "identification_code_type",
            "last_name",
            "middle_name",
            "organization_name",
            "patient_relationship_code",
        ],
    );
}

fn event(w: &mut Walk, m: &Obj) -> Event {
    Event {
        id: w.nonempty(m, "id", Required),
        date: w.date(m, "date", Required),
        event_type: w.enumerated(m, "type", Required, EventType::parse, EventType::ALL),
        reason: w.enumerated(m, "reason", Required, EventReason::parse, EventReason::ALL),
        extra: w.extra(m, &["id", "date", "type", "reason"]),
    }
}

fn omitted_coverage(w: &mut Walk, m: &Obj) -> OmittedCoverageHandling {
    OmittedCoverageHandling {
        policy: w.enumerated(
            m,
            "policy",
            Optional,
            OmittedCoveragePolicy::parse,
            OmittedCoveragePolicy::ALL,
        ),
        termination_rule: w.enumerated(
            m,
            "termination_rule",
            Optional,
            TerminationRule::parse,
            TerminationRule::ALL,
        ),
        custom: w.nested(m, "custom", Optional, |w, m| OmittedCoverageCustom {
            effective_end_date: w.date(m, "effective_end_date", Optional),
            extra: w.extra(m, &["effective_end_date"]),
        }),
        extra: w.extra(m, &["policy", "termination_rule", "custom"]),
    }
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
