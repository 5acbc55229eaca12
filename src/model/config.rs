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
