//! The X12 834 export (docs/api.md, X12 834 export): exact files for the
//! Cigna-like Send carrier of scenario 06 (both modes), the envelope's counts
//! and control numbers, and the options and carriers that get no file.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use enroll_engine::model::Timestamp;
use enroll_engine::x12::{Export834, ExportMode, ExportOptions};
use enroll_engine::Engine;
use serde_json::Value;

const CIGNA: &str = "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d03";

fn scenario(name: &str) -> Value {
    serde_json::from_str(&fixture(&format!("scenarios/{name}.json"))).unwrap()
}

fn options(mode: ExportMode, created: &str, control_number: u32) -> ExportOptions {
    ExportOptions {
        carrier_id: CIGNA.into(),
        created: Timestamp::parse(created).unwrap(),
        control_number,
        sender: None,
        receiver: None,
        mode,
    }
}

fn export(s: &Value, mode: ExportMode, control_number: u32) -> Export834 {
    let engine = Engine::from_config_str(&fixture("three-carriers-group.json")).unwrap();
    let previous = s["previous"].to_string();
    let prev = (!s["previous"].is_null()).then_some(previous.as_str());
    let opts = options(mode, s["now"].as_str().unwrap(), control_number);
    engine
        .export834_str(prev, &s["current"].to_string(), &opts)
        .unwrap()
}

#[test]
fn print_scenarios() {
    for name in ["06-send-carrier", "01-new-hire", "04-termination"] {
        let s = scenario(name);
        for mode in [ExportMode::Change, ExportMode::Full] {
            let e = export(&s, mode, 7);
            println!(
                "=== {name} {mode:?}\n{}{:#?}",
                e.text,
                e.issues.iter().map(|i| (&i.code, &i.message)).collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn dump_for_pyx12() {
    let Ok(dir) = std::env::var("X12_DUMP") else {
        return;
    };
    for name in [
        "01-new-hire",
        "02-dependent-added",
        "03-address-move",
        "04-termination",
        "05-invalid-guardian",
        "06-send-carrier",
    ] {
        let s = scenario(name);
        for (mode, m) in [(ExportMode::Change, "change"), (ExportMode::Full, "full")] {
            let e = export(&s, mode, 7);
            if !e.text.is_empty() {
                std::fs::write(format!("{dir}/{name}-{m}.834"), e.text).unwrap();
            }
        }
    }
}
