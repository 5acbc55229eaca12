//! The code tables from the snapshot's vocabularies to X12's (docs/api.md,
//! X12 834 export, lists every one). Values as pyx12 4.0.0's 005010X220A1
//! map lists them. Values written with one code are equal to `track`
//! (src/tracking/compare.rs, `X12_ALIKE`): keep the two in step.

use crate::model::{EmploymentStatus, EventReason, MaritalStatus, Relationship, Sex};

/// INS02: the dependent's relationship to the subscriber (the employee is `18`).
pub(crate) fn relationship(r: Option<Relationship>) -> &'static str {
    use Relationship as R;
    match r {
        Some(R::Spouse) => "01",
        Some(R::Child) => "19",
        Some(R::DomesticPartner | R::CivilUnion) => "53",
        Some(R::StepChild) => "17",
        Some(R::FosterChild) => "10",
        Some(R::AdoptedChild) => "09",
        Some(R::Grandchild) => "05",
        Some(R::LegalGuardianship) => "15",
        Some(R::ExSpouse) => "25",
        Some(R::Other) | None => "G8",
    }
}

/// INS08: the subscriber's employment status.
pub(crate) fn employment_status(s: EmploymentStatus) -> &'static str {
    use EmploymentStatus as E;
    match s {
        E::FullTime => "FT",
        E::PartTime => "PT",
        E::Contract | E::Disabled => "AC",
        E::Terminated => "TE",
        E::Retired => "RT",
    }
}

/// DMG03: X12 has F, M and U only.
pub(crate) fn sex(s: Option<Sex>) -> &'static str {
    match s {
        Some(Sex::F) => "F",
        Some(Sex::M) => "M",
        Some(Sex::U | Sex::X) | None => "U",
    }
}

/// DMG04: marital status.
pub(crate) fn marital_status(m: MaritalStatus) -> &'static str {
    use MaritalStatus as M;
    match m {
        M::Single => "I",
        M::Married => "M",
        M::DomesticPartner => "B",
        M::Divorced => "D",
        M::Widowed => "W",
        M::LegallySeparated => "X",
    }
}

/// INS04 of an addition, from the event behind it: `None` when the event
/// says nothing X12 has a reason for (the transaction type decides then).
pub(crate) fn addition_reason(reason: EventReason) -> Option<&'static str> {
    use EventReason as E;
    Some(match reason {
        E::Newborn => "02",
        E::Adoption => "05",
        E::Marriage => "32",
        E::CobraEnrollment => "09",
        E::Rehire | E::Reinstatement => "41",
        E::NewHire => "28",
        E::OpenEnrollment | E::DependentOpenEnrollment => "EC",
        _ => return None,
    })
}

/// INS04 of a termination, from the event behind it.
pub(crate) fn termination_reason(reason: Option<EventReason>, subscriber: bool) -> &'static str {
    use EventReason as E;
    match (reason, subscriber) {
        (Some(E::Death), _) => "03",
        (Some(E::Divorce), false) => "01",
        (Some(E::Termination), true) => "08",
        (Some(E::Retirement), true) => "04",
        (Some(E::LeaveStatusChange), true) => "38",
        _ => "07",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_relationship_has_a_listed_code() {
        let listed = ["01", "19", "53", "17", "10", "09", "05", "15", "25", "G8"];
        for r in Relationship::ALL {
            let code = relationship(Relationship::parse(r));
            assert!(listed.contains(&code), "{r}: {code}");
        }
    }
}
