//! Documentation that is generated must be current.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use enroll_engine::diagnostic::all_rules;
use enroll_engine::diagnostic::catalogue::rules_markdown;

#[test]
fn rules_md_is_generated_from_the_catalogue() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        on_disk == rules_markdown(&all_rules()),
        "docs/rules.md is stale: run `cargo run --example gen_rules_doc`"
    );
}

/// docs/rules.md's "checked in" column names a function that exists in the
/// named file (`Type::method`: the type is implemented there too).
#[test]
fn checked_in_names_a_function_that_exists() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut wrong = Vec::new();
    for r in all_rules() {
        let (file, func) = r.source.split_once(' ').expect("`file fn`");
        let path = if file.starts_with("pkg/") {
            root.join(file)
        } else {
            root.join("src").join(file)
        };
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let name = func.rsplit("::").next().unwrap();
        let has_fn = [
            format!("fn {name}("),
            format!("fn {name}<"),
            format!("function* {name}("),
            format!("function {name}("),
        ]
        .iter()
        .any(|p| text.contains(p.as_str()));
        let has_type = func.split_once("::").is_none_or(|(t, _)| {
            [
                format!("impl {t} "),
                format!("impl {t}<"),
                format!("for {t} "),
                format!("for {t}<"),
            ]
            .iter()
            .any(|p| text.contains(p.as_str()))
        });
        if !(has_fn && has_type) {
            wrong.push(format!("{}: `{}`", r.code, r.source));
        }
    }
    assert!(wrong.is_empty(), "not found:\n{}", wrong.join("\n"));
}

#[test]
fn codes_are_unique_and_snake_case() {
    let rules = all_rules();
    // The claims system's own message codes (CLA-IP-PMSS-001) keep their spelling.
    let ours = rules.iter().filter(|r| !r.code.starts_with("CLA-"));
    assert!(ours
        .clone()
        .all(|r| r.code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')));
    assert!(ours.count() > 60);
    let mut codes: Vec<&str> = rules.iter().map(|r| r.code).collect();
    let n = codes.len();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), n, "duplicate code across the catalogues");
}

#[test]
fn published_json_schemas_are_generated_from_the_structural_layer() {
    use enroll_engine::validate::describe::{config_schema, snapshot_schema};
    for (name, schema) in [
        ("member-snapshot.schema.json", snapshot_schema()),
        ("group-config.schema.json", config_schema()),
    ] {
        let path = format!("{}/pkg/schema/{name}", env!("CARGO_MANIFEST_DIR"));
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        let expected = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        assert!(
            on_disk == expected,
            "{path} is stale: run `cargo run --example gen_schema`"
        );
    }
}
