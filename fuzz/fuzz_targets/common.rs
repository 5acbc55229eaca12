//! Shared by the fuzz targets: the engines and the splitting of one input into parts.
#![allow(dead_code)]

use enroll_engine::Engine;

pub fn three_carriers() -> Engine {
    let text = include_str!("../../tests/fixtures/three-carriers-group.json");
    Engine::from_config_str(text).unwrap_or_else(|e| panic!("fixture config: {e}"))
}

/// Splits the input at 0xFF bytes (never valid UTF-8) into at most `n` text parts.
pub fn parts(data: &[u8], n: usize) -> Vec<String> {
    let mut out: Vec<String> = data
        .splitn(n, |b| *b == 0xFF)
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    out.resize(n, String::new());
    out
}
