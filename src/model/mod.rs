//! Input documents as serde types: the member snapshot (Noyo's field names),
//! the group configuration, calendar dates and the closed vocabularies.

pub mod config;
pub mod date;
pub mod enums;
pub mod latin;
pub mod phone;
pub mod reading;
pub mod snapshot;
pub mod text;

pub use config::{Carrier, CarrierX12, Feed, GroupConfig, Plan, PlanX12, VolumeRule, X12Address, X12Party};
pub use date::{Date, DateError};
pub use enums::*;
pub use snapshot::*;
pub use timestamp::Timestamp;
pub mod rrule;
pub mod timestamp;
