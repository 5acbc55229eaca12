//! The ground floor every layer reports through: the `Issue` type and its
//! severity, the catalogue of codes of every layer (one macro, one registry,
//! one lookup), how issues are rendered and capped, SSN masking of their
//! text, and JSON Pointers. It imports only `model` (vocabularies, quoting)
//! and `privacy` (scrubbing).

pub mod catalogue;
pub mod codes;
pub mod issue;
pub mod limits;
pub mod pointer;
pub mod registry;
pub mod render;

use serde_json::Value;

pub use catalogue::{Layer, Rule, CATALOGUE};
pub use issue::{mask_ssn, Issue, Severity};
pub use registry::{all_rules, rule};

/// An issue of `rule` at `path` (for layers outside `validate`), carriers unset.
pub fn make_issue_at(rule: &Rule, path: &str, params: Value) -> Issue {
    render::make_issue(rule, path.to_owned(), render::params(params))
}
