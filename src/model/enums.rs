//! Closed vocabularies of the snapshot and configuration, spelled as on the wire.

/// Declares a wire-spelled string enum with `ALL`, `as_str` and `parse`
/// (`Ord` follows declaration order). Every closed vocabulary of the crate
/// uses it.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident {
        $($(#[$vmeta:meta])* $variant:ident = $wire:literal),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(test, derive(ts_rs::TS))]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $wire)] $variant,)+
        }

        impl $name {
            /// Every wire spelling, in the order the schema lists them.
            pub const ALL: &'static [&'static str] = &[$($wire),+];

            /// The wire spelling.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $wire,)+ }
            }

            /// Parses the exact wire spelling (case-sensitive, as the schema is).
            #[allow(clippy::should_implement_trait)]
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($wire => Some(Self::$variant),)+ _ => None }
            }
        }

        impl $crate::model::enums::Wire for $name {
            const ALL: &'static [&'static str] = $name::ALL;
            fn parse_wire(s: &str) -> Option<Self> {
                $name::parse(s)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use string_enum;

/// A closed vocabulary read from its wire spelling (every `string_enum!`):
/// what `Walk::wire` needs to read, describe and report it.
pub trait Wire: Sized {
    /// Every wire spelling, in the order the schema lists them.
    const ALL: &'static [&'static str];
    /// The value of an exact wire spelling.
    fn parse_wire(s: &str) -> Option<Self>;
}

string_enum!(
    /// How the contents of a snapshot are processed.
    SnapshotMode { CurrentOpen = "current_open" }
);

string_enum!(
    /// Line of coverage of a coverage or plan.
    LineOfCoverage {
        Medical = "medical", Dental = "dental", Vision = "vision", Life = "life", Add = "add",
        Std = "std", Ltd = "ltd", Accident = "accident", CriticalIllness = "critical_illness",
        Cancer = "cancer", HealthFund = "health_fund", HospitalIndemnity = "hospital_indemnity",
        Pharmacy = "pharmacy", Wellness = "wellness",
    }
);

string_enum!(
    /// Relationship of a dependent to the employee.
    Relationship {
        Spouse = "spouse", Child = "child", DomesticPartner = "domestic-partner",
        Grandchild = "grandchild", CivilUnion = "civil-union", StepChild = "step-child",
        FosterChild = "foster-child", AdoptedChild = "adopted-child",
        LegalGuardianship = "legal-guardianship", ExSpouse = "ex-spouse", Other = "other",
    }
);

/// Three groupings of relationships, each for one question; they differ on
/// purpose, so each is named for the question it answers.
impl Relationship {
    /// A partner of the employee, of whom a snapshot lists at most one
    /// (`multiple_spouses`): a former spouse is not a current partner.
    pub fn is_partner(self) -> bool {
        matches!(self, Self::Spouse | Self::DomesticPartner | Self::CivilUnion)
    }

    /// Covered as a child until a plan's `dependent_child_age_limit`
    /// (`dependent_over_age_limit`): children in the employee's care, not
    /// `other` (whose age says nothing about eligibility).
    pub fn is_child_for_age_limit(self) -> bool {
        matches!(
            self,
            Self::Child
                | Self::StepChild
                | Self::FosterChild
                | Self::AdoptedChild
                | Self::Grandchild
                | Self::LegalGuardianship
        )
    }

    /// Priced in the spouse tier (premium): a former spouse still covered
    /// costs what a spouse does; every other relationship is priced as a child.
    pub fn priced_as_spouse(self) -> bool {
        self.is_partner() || self == Self::ExSpouse
    }
}

string_enum!(
    /// Whether an enrolled member is the employee or a dependent.
    IndividualType { Dependent = "dependent", Employee = "employee" }
);

string_enum!(
    /// Sex of a person.
    Sex { F = "F", M = "M", U = "U", X = "X" }
);

string_enum!(
    /// Marital status of a person.
    MaritalStatus {
        Single = "single", Married = "married", DomesticPartner = "domestic-partner",
        Divorced = "divorced", Widowed = "widowed", LegallySeparated = "legally-separated",
    }
);

string_enum!(
    /// Employment status of the employee.
    EmploymentStatus {
        FullTime = "full-time", PartTime = "part-time", Contract = "contract",
        Disabled = "disabled", Terminated = "terminated", Retired = "retired",
    }
);

string_enum!(
    /// Category of an event.
    EventType { Coverage = "coverage", Demographic = "demographic" }
);

string_enum!(
    /// The real-world cause of an event.
    EventReason {
        Adoption = "adoption", BenefitClassChange = "benefit_class_change",
        ChangeToPartTime = "change_to_part_time", ChangeToFullTime = "change_to_full_time",
        CobraEnrollment = "cobra_enrollment", CobraTermination = "cobra_termination",
        CobraUpdateOther = "cobra_update_other", CourtOrder = "court_order", Death = "death",
        DemographicChange = "demographic_change",
        DependentOpenEnrollment = "dependent_open_enrollment",
        DisabilityStatusChange = "disability_status_change", Divorce = "divorce",
        EligibilityChange = "eligibility_change", FosterCare = "foster_care",
        ImmigrationStatusChange = "immigration_status_change",
        LeaveStatusChange = "leave_status_change", LegalGuardian = "legal_guardian",
        LostCoverage = "lost_coverage", Marriage = "marriage", Medicare = "medicare",
        Moved = "moved", Newborn = "newborn", NewHire = "new_hire",
        OfflineChange = "offline_change", OpenEnrollment = "open_enrollment",
        RateChanged = "rate_changed", Rehire = "rehire", Reinstatement = "reinstatement",
        Retirement = "retirement", Termination = "termination",
    }
);

string_enum!(
    /// What happens to a coverage present before and missing from a new snapshot.
    OmittedCoveragePolicy { Continue = "continue", Reject = "reject", Terminate = "terminate" }
);

string_enum!(
    /// Rule giving the end date of an omitted coverage under the `terminate` policy.
    TerminationRule {
        Custom = "custom", EndOfCurrentMonth = "end_of_current_month",
        EndOfPriorMonth = "end_of_prior_month",
    }
);

string_enum!(
    /// US state and territory postal codes accepted by the schema.
    State {
        AL = "AL", AK = "AK", AZ = "AZ", AR = "AR", CA = "CA", CO = "CO", CT = "CT", DE = "DE",
        DC = "DC", FL = "FL", GA = "GA", HI = "HI", ID = "ID", IL = "IL", IN = "IN", IA = "IA",
        KS = "KS", KY = "KY", LA = "LA", ME = "ME", MD = "MD", MA = "MA", MI = "MI", MN = "MN",
        MS = "MS", MO = "MO", MT = "MT", NE = "NE", NV = "NV", NH = "NH", NJ = "NJ", NM = "NM",
        NY = "NY", NC = "NC", ND = "ND", OH = "OH", OK = "OK", OR = "OR", PA = "PA", RI = "RI",
        SC = "SC", SD = "SD", TN = "TN", TX = "TX", UT = "UT", VT = "VT", VA = "VA", WA = "WA",
        WV = "WV", WI = "WI", WY = "WY", AS = "AS", GU = "GU", MH = "MH", FM = "FM", MP = "MP",
        PW = "PW", PR = "PR", VI = "VI", UM = "UM",
    }
);

string_enum!(
    /// Sync carriers take changes by API; Send carriers by scheduled file.
    CarrierMode { Sync = "sync", Send = "send" }
);

string_enum!(
    /// Who a plan admits: the employee or a dependent relationship.
    MemberType {
        Employee = "employee", Spouse = "spouse", Child = "child",
        DomesticPartner = "domestic-partner", Grandchild = "grandchild",
        CivilUnion = "civil-union", StepChild = "step-child", FosterChild = "foster-child",
        AdoptedChild = "adopted-child", LegalGuardianship = "legal-guardianship",
        ExSpouse = "ex-spouse", Other = "other",
    }
);

string_enum!(
    /// How a plan's monthly premium is computed.
    RateCalculation {
        FamilyUnitBased = "family_unit_based", MemberBased = "member_based",
        MemberBasedVolume = "member_based_volume",
    }
);
