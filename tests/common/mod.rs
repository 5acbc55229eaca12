//! Shared helpers of the native integration tests.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use enroll_engine::diagnostic::{rule, Layer};
use enroll_engine::{Engine, ValidateOptions, ValidationResult};
use serde_json::Value;

/// The carriers of the three-carrier family (tests/fixtures/three-carriers-*.json).
pub const BEAM: &str = "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d01";
pub const GUARDIAN: &str = "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d02";
pub const CIGNA: &str = "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d03";

pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn fixture_json(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).unwrap()
}

pub fn example_engine() -> Engine {
    Engine::from_config_str(&fixture("noyo-example-group.json")).unwrap()
}

pub fn example_snapshot() -> Value {
    fixture_json("noyo-example-snapshot.json")
}

pub fn validate(engine: &Engine, doc: &Value) -> ValidationResult {
    engine.validate_str(&doc.to_string(), &ValidateOptions::default())
}

/// `(code, path)` of every issue.
pub fn found_all(r: &ValidationResult) -> Vec<(String, String)> {
    r.issues
        .iter()
        .map(|i| (i.code.clone(), i.path.clone()))
        .collect()
}

/// Whether a code belongs to the input or structural layer.
pub fn is_structural(code: &str) -> bool {
    rule(code).is_some_and(|r| matches!(r.layer, Layer::Input | Layer::Structure))
}

/// `(code, path)` of the input and structural issues only.
pub fn found(r: &ValidationResult) -> Vec<(String, String)> {
    r.issues
        .iter()
        .filter(|i| is_structural(&i.code))
        .map(|i| (i.code.clone(), i.path.clone()))
        .collect()
}

/// Sets the value at a JSON Pointer (parents must exist).
pub fn set(doc: &mut Value, pointer: &str, v: Value) {
    *doc.pointer_mut(pointer).unwrap_or_else(|| panic!("no {pointer}")) = v;
}

/// Removes the member at a JSON Pointer.
pub fn remove(doc: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    match doc.pointer_mut(parent).unwrap() {
        Value::Object(m) => {
            m.remove(key).unwrap_or_else(|| panic!("no {pointer}"));
        }
        Value::Array(a) => {
            a.remove(key.parse().unwrap());
        }
        _ => panic!("{parent} is not a container"),
    }
}

/// Compares `value` with the golden file at `rel` (from the crate root);
/// `UPDATE_GOLDEN=1` rewrites the file instead.
pub fn assert_golden(rel: &str, value: &Value) {
    let actual = serde_json::to_string_pretty(value).unwrap() + "\n";
    let path = format!("{}/{rel}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "{rel} is stale; rerun with UPDATE_GOLDEN=1 and review the diff"
    );
}
