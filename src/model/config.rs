//! The group configuration: this product's own document describing the
//! employer's carriers and plans. Loaded once per `Engine`; see docs/api.md.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::enums::*;
use super::snapshot::Extra;

/// Everything the engine must know about the employer's setup.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GroupConfig {
    pub group_id: Option<String>,
    #[serde(default)]
    pub carriers: Vec<Carrier>,
    #[serde(default)]
    pub plans: Vec<Plan>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A carrier the group's members can be enrolled with.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Carrier {
    pub id: String,
    pub name: Option<String>,
    /// `sync` when absent.
    pub mode: Option<CarrierMode>,
    pub feed: Option<Feed>,
    /// What the carrier's X12 834 files need (a Send carrier's; optional:
    /// without it the carrier cannot be exported).
    pub x12: Option<CarrierX12>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A carrier's X12 834 identifiers (docs/api.md, X12 834 export).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CarrierX12 {
    /// ISA05/ISA06: who sends the interchange.
    pub sender: X12Address,
    /// ISA07/ISA08: who receives it.
    pub receiver: X12Address,
    /// GS02: the application sender's code (2-15 characters).
    pub application_sender: String,
    /// GS03: the application receiver's code (2-15 characters).
    pub application_receiver: String,
    /// ISA15: `T` test or `P` production; `P` when absent.
    pub usage: Option<String>,
    /// 1000A N1*P5: the plan sponsor (the employer).
    pub sponsor: X12Party,
    /// 1000B N1*IN: the payer (the carrier).
    pub payer: X12Party,
    /// REF*38 in the header and REF*1L on every member; left out when absent.
    pub master_policy_number: Option<String>,
    /// BGN08 of a full file: `4` verify (the default) or `RX` replace.
    pub full_file_action: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// An interchange party: ISA qualifier and id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct X12Address {
    pub qualifier: String,
    pub id: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A 1000A/1000B party: N102 name, N103 qualifier, N104 id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct X12Party {
    pub name: Option<String>,
    pub id_qualifier: String,
    pub id: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A plan's codes in its carrier's 834 (2300 HD).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanX12 {
    /// HD03; defaults by line of coverage where X12 has a code.
    pub insurance_line_code: Option<String>,
    /// HD04: the carrier's own code for the plan.
    pub plan_code: Option<String>,
    /// HD05 by coverage level, overriding the defaults.
    pub coverage_levels: Option<std::collections::BTreeMap<String, String>>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A Send carrier's file schedule.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Feed {
    /// RFC 5545 recurrence rule (the subset in `model::rrule`), evaluated in UTC.
    pub rrule: String,
    /// Anchor of the recurrence; needed when `INTERVAL` is above 1.
    pub dtstart: Option<super::Date>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A plan offered by a carrier on one line of coverage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub id: String,
    pub name: Option<String>,
    pub carrier_id: String,
    pub line_of_coverage: Option<LineOfCoverage>,
    /// Empty means every member type is admitted.
    #[serde(default)]
    pub eligible_member_types: Vec<MemberType>,
    pub dependent_child_age_limit: Option<u32>,
    pub volume: Option<VolumeRule>,
    /// Premium rates; read by the premium summary.
    pub rates: Option<Value>,
    /// Employer's share of the premium; read by the premium summary.
    pub employer_contribution: Option<Value>,
    /// The plan's codes in its carrier's 834 files.
    pub x12: Option<PlanX12>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Volume limits of a volume-based plan (life, AD&D, disability), in dollars.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VolumeRule {
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub increment: Option<i64>,
    pub guaranteed_issue: Option<i64>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl GroupConfig {
    /// The carrier with this id.
    pub fn carrier(&self, id: &str) -> Option<&Carrier> {
        self.carriers.iter().find(|c| c.id == id)
    }

    /// The configured carriers' ids, in configuration order: whom a fatal
    /// issue blocks when the snapshot names no readable carrier.
    pub fn carrier_ids(&self) -> Vec<String> {
        self.carriers.iter().map(|c| c.id.clone()).collect()
    }
}

impl Carrier {
    /// The carrier's mode; `sync` when not given.
    pub fn mode(&self) -> CarrierMode {
        self.mode.unwrap_or(CarrierMode::Sync)
    }
}
