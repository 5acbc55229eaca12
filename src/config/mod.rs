//! The group configuration: read and checked once (`read`), with the rate
//! tables and employer contributions of its plans (`rates`, amounts in
//! `money`). Pointers of its issues go into the configuration document.

pub(crate) mod money;
pub(crate) mod rates;
pub(crate) mod read;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diagnostic::limits;
use crate::diagnostic::Issue;
use crate::model::GroupConfig;
use crate::read::input;
use crate::read::json::Json;
use crate::read::walk::Walk;
use crate::read::Source;

/// What checking a group configuration found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfigCheck {
    /// No fatal or error issue: an `Engine` can be built from it.
    pub valid: bool,
    /// Issues with pointers into the configuration document.
    pub issues: Vec<Issue>,
}

/// Reads and checks a group configuration given as a JSON value.
pub fn check_config_value(doc: &Value) -> (GroupConfig, ConfigCheck) {
    check_config_json(&Json::from_value(doc))
}

fn check_config_json(doc: &Json) -> (GroupConfig, ConfigCheck) {
    let Json::Object(root) = doc else {
        let issues = vec![input::not_an_object(doc)];
        return (GroupConfig::default(), ConfigCheck { valid: false, issues });
    };
    let mut w = Walk::bounded(&[]);
    let config = read::group_config(&mut w, root);
    read::cross_references(&config, &mut w);
    let valid = !w.overflow.blocks() && !w.issues.iter().any(|i| i.severity.blocks());
    let total = usize::try_from(w.overflow.count).unwrap_or(usize::MAX);
    let keep = limits::keep_count(total.saturating_add(w.issues.len()), w.issues.iter().map(|_| 0));
    let issues = limits::truncate(w.issues, keep, Vec::new(), &w.overflow);
    (config, ConfigCheck { valid, issues })
}

/// Reads and checks a group configuration given as JSON text.
pub fn check_config_str<'a>(text: impl Into<Source<'a>>, max_bytes: usize) -> (GroupConfig, ConfigCheck) {
    match input::parse(text, max_bytes) {
        Ok(v) => check_config_json(&v),
        Err(issue) => (
            GroupConfig::default(),
            ConfigCheck {
                valid: false,
                issues: vec![*issue],
            },
        ),
    }
}
