//! The module graph docs/architecture.md promises: every `crate::…` and
//! `super::…` path in src/ goes down the layer order written there (no
//! module imports one above it, no cycle), sibling files never import each
//! other both ways, and src/ and docs/ cite only documents in the repository.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The module path of a file under src/: `claims/plan.rs` → [claims, plan],
/// `claims/mod.rs` → [claims], `lib.rs` → [].
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// The code of a line without its `//` comment (doc comments included).
fn code(line: &str) -> &str {
    line.find("//").map_or(line, |k| &line[..k])
}

/// Reads a use tree at the start of `s` (after `crate::` / `super::`):
/// `a::b`, `a::{b, c::d}`, `a as b`, `*`; returns every path it names.
fn use_tree(s: &str) -> Vec<Vec<String>> {
    fn tree(chars: &[char], at: &mut usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
        let mut path = prefix;
        loop {
            while *at < chars.len() && chars[*at].is_whitespace() {
                *at += 1;
            }
            if *at < chars.len() && chars[*at] == '{' {
                *at += 1;
                loop {
                    tree(chars, at, path.clone(), out);
                    while *at < chars.len() && chars[*at].is_whitespace() {
                        *at += 1;
                    }
                    match chars.get(*at) {
                        Some(',') => {
                            *at += 1;
                            while *at < chars.len() && chars[*at].is_whitespace() {
                                *at += 1;
                            }
                            if chars.get(*at) == Some(&'}') {
                                *at += 1;
                                return;
                            }
                        }
                        Some('}') => {
                            *at += 1;
                            return;
                        }
                        _ => return,
                    }
                }
            }
            let start = *at;
            while *at < chars.len() && (chars[*at].is_alphanumeric() || chars[*at] == '_') {
                *at += 1;
            }
            if *at > start {
                path.push(chars[start..*at].iter().collect());
            }
            if chars.get(*at) == Some(&':') && chars.get(*at + 1) == Some(&':') {
                *at += 2;
                continue;
            }
            // `as name`, `*`, `;`, `(`: the path ends here.
            if chars.get(*at) == Some(&' ') {
                let rest: String = chars[*at..].iter().take(4).collect();
                if rest.starts_with(" as ") {
                    *at += 4;
                    while *at < chars.len() && (chars[*at].is_alphanumeric() || chars[*at] == '_') {
                        *at += 1;
                    }
                }
            }
            if !path.is_empty() {
                out.push(path);
            }
            return;
        }
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    tree(&chars, &mut 0, Vec::new(), &mut out);
    out
}

/// One import: the line it is on and the absolute path it names.
struct Import {
    line: usize,
    path: Vec<String>,
}

/// Every `crate::`, `super::` and `self::` path of a file, made absolute.
/// A `use` may span lines: the file's code is read as one text.
fn imports(text: &str, module: &[String]) -> Vec<Import> {
    let lines: Vec<&str> = text.lines().map(code).collect();
    let joined = lines.join("\n");
    let starts: Vec<usize> = std::iter::once(0)
        .chain(joined.match_indices('\n').map(|(k, _)| k + 1))
        .collect();
    let mut out = Vec::new();
    for anchor in ["crate::", "super::", "self::"] {
        for (k, _) in joined.match_indices(anchor) {
            let before = joined[..k].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let base: Vec<String> = match anchor {
                "crate::" => Vec::new(),
                "super::" => module[..module.len().saturating_sub(1)].to_vec(),
                _ => module.to_vec(),
            };
            let line = starts.partition_point(|s| *s <= k);
            for rel in use_tree(&joined[k + anchor.len()..]) {
                let mut path = base.clone();
                path.extend(rel);
                out.push(Import { line, path });
            }
        }
    }
    out
}

/// The `layers` block of docs/architecture.md: module → what it may import.
fn layer_contract() -> BTreeMap<String, BTreeSet<String>> {
    let doc = std::fs::read_to_string(root().join("docs/architecture.md")).unwrap();
    let block = doc
        .split("```layers\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("docs/architecture.md has a ```layers block");
    block
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (name, deps) = l.split_once(':').expect("`module: imports`");
            let deps = deps.split_whitespace().map(str::to_owned).collect();
            (name.trim().to_owned(), deps)
        })
        .collect()
}

/// Names the crate root re-exports (`pub use engine::Engine;`, `pub use
/// diagnostic::registry as codes;`) → the module they come from.
fn root_reexports(lib: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in lib.lines().filter_map(|l| l.strip_prefix("pub use ")) {
        let line = line.trim_end_matches(';');
        let module = line.split("::").next().unwrap().to_owned();
        if let Some((_, alias)) = line.split_once(" as ") {
            out.insert(alias.trim().to_owned(), module);
        } else if let Some((_, names)) = line.split_once('{') {
            for n in names.trim_end_matches('}').split(',') {
                out.insert(n.trim().to_owned(), module.clone());
            }
        } else {
            out.insert(line.rsplit("::").next().unwrap().to_owned(), module);
        }
    }
    out
}

/// Whether the layers' own graph has a cycle (depth-first search).
fn cyclic(layers: &BTreeMap<String, BTreeSet<String>>) -> Option<String> {
    fn visit<'a>(
        n: &'a str,
        layers: &'a BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<&'a str, u8>,
        trail: &mut Vec<&'a str>,
    ) -> Option<String> {
        match state.get(n) {
            Some(1) => return Some(format!("{} -> {n}", trail.join(" -> "))),
            Some(_) => return None,
            None => {}
        }
        state.insert(n, 1);
        trail.push(n);
        for d in layers.get(n).into_iter().flatten() {
            if let Some(c) = visit(d, layers, state, trail) {
                return Some(c);
            }
        }
        trail.pop();
        state.insert(n, 2);
        None
    }
    let mut state = BTreeMap::new();
    layers
        .keys()
        .find_map(|n| visit(n, layers, &mut state, &mut Vec::new()))
}

#[test]
fn imports_follow_the_layer_order_of_docs_architecture_md() {
    let layers = layer_contract();
    assert_eq!(cyclic(&layers), None, "the layers block has a cycle");
    let src = root().join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let reexports = root_reexports(&lib);
    let modules: BTreeSet<String> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod "))
        .map(|m| m.trim_end_matches(';').to_owned())
        .collect();
    // The block and the crate name the same modules; its imports name modules
    // or the root's re-exports.
    let named: BTreeSet<String> = layers.keys().cloned().collect();
    assert_eq!(
        named, modules,
        "docs/architecture.md's layers vs src/lib.rs's modules"
    );
    for (m, deps) in &layers {
        for d in deps {
            assert!(
                modules.contains(d) || reexports.contains_key(d),
                "{m} may import `{d}`, which is not a module"
            );
        }
    }
    let mut wrong = Vec::new();
    for file in rust_files(&src) {
        let module = module_of(&src, &file);
        let Some(top) = module.first() else { continue };
        let text = std::fs::read_to_string(&file).unwrap();
        for i in imports(&text, &module) {
            let Some(first) = i.path.first() else { continue };
            if first == top {
                continue;
            }
            let target = reexports.get(first).unwrap_or(first);
            let allowed = &layers[top];
            if !(allowed.contains(first) || allowed.contains(target)) {
                let rel = file.strip_prefix(root()).unwrap().display().to_string();
                wrong.push(format!(
                    "{rel}:{} imports {} ({top} may import: {allowed:?})",
                    i.line,
                    i.path.join("::")
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layer order:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn sibling_modules_never_import_each_other_in_a_cycle() {
    let src = root().join("src");
    let files = rust_files(&src);
    let known: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(&src, f)).collect();
    // parent → (child → children it imports), children being its direct submodules.
    let mut graph: BTreeMap<Vec<String>, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for file in &files {
        let module = module_of(&src, file);
        let text = std::fs::read_to_string(file).unwrap();
        for i in imports(&text, &module) {
            // The longest prefix of the path that is a module file.
            let target = (0..=i.path.len())
                .rev()
                .map(|n| i.path[..n].to_vec())
                .find(|p| known.contains(p))
                .unwrap_or_default();
            let common = module.iter().zip(&target).take_while(|(a, b)| a == b).count();
            let (Some(from), Some(to)) = (module.get(common), target.get(common)) else {
                continue; // one contains the other: parent and child
            };
            if common > 0 {
                let parent = module[..common].to_vec();
                let edges = graph.entry(parent).or_default();
                edges.entry(from.clone()).or_default().insert(to.clone());
            }
        }
    }
    let cycles: Vec<String> = graph
        .iter()
        .filter_map(|(parent, edges)| Some(format!("in {}: {}", parent.join("::"), cyclic(edges)?)))
        .collect();
    assert!(
        cycles.is_empty(),
        "submodules import each other:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn sources_are_cited_from_docs_sources_md() {
    let mut files: Vec<PathBuf> = rust_files(&root().join("src"));
    for entry in std::fs::read_dir(root().join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n != "sources.md") {
            files.push(path);
        }
    }
    files.push(root().join("README.md"));
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for (k, line) in text.lines().enumerate() {
            let lower = line.to_lowercase();
            if lower.contains("seed 00") || lower.contains("seeds 00") || lower.contains("design.md") {
                found.push(format!("{}:{}: {line}", file.display(), k + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "documents outside the repository are cited (cite docs/sources.md):\n{}",
        found.join("\n")
    );
}

/// docs/architecture.md: no clock and no I/O in library code. The one file
/// allowed a clock is the `#[cfg(test)]` measurement of tracking; the one
/// allowed to write files is the `#[cfg(test)]` TypeScript generator (it writes
/// src/wasm/types.d.ts under `UPDATE_TS=1`).
#[test]
fn no_clock_and_no_io_in_the_library() {
    let src = root().join("src");
    let measured = src.join("tracking/measure.rs");
    let generator = src.join("api/ts.rs");
    let tracking = std::fs::read_to_string(src.join("tracking/mod.rs")).unwrap();
    assert!(
        tracking.contains("#[cfg(test)]\nmod measure;"),
        "tracking/measure.rs is test-only"
    );
    let api = std::fs::read_to_string(src.join("api/mod.rs")).unwrap();
    assert!(api.contains("#[cfg(test)]\nmod ts;"), "api/ts.rs is test-only");
    let mut found = Vec::new();
    for file in rust_files(&src) {
        let text = std::fs::read_to_string(&file).unwrap();
        for (k, line) in text.lines().map(code).enumerate() {
            let clock = ["SystemTime", "Instant::now"].iter().any(|p| line.contains(p));
            let io = ["std::fs", "std::net", "std::env", "std::process"]
                .iter()
                .any(|p| line.contains(p));
            if (io && file != generator) || (clock && file != measured) {
                found.push(format!("{}:{}: {}", file.display(), k + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "clock or I/O in src/:\n{}", found.join("\n"));
}

/// docs/architecture.md: issues are built in one place, which quotes their
/// params and scrubs SSNs (`diagnostic::render::make_issue`); the one other
/// literal copies an issue already built (a carrier's copy in the
/// fulfillment summary). The binding's TypeScript text is not code.
/// Readers name their known fields by reading them (`Walk::object_fields`),
/// not in a second list: the one exception reads its fields conditionally.
#[test]
fn known_fields_are_the_fields_read() {
    let src = root().join("src");
    let rates = src.join("config/rates.rs");
    let mut found = Vec::new();
    for file in rust_files(&src) {
        let text = std::fs::read_to_string(&file).unwrap();
        for (k, line) in text.lines().map(code).enumerate() {
            if line.contains("w.extra(") && file != rates {
                found.push(format!("{}:{}: {}", file.display(), k + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "hand-listed known fields:\n{}",
        found.join("\n")
    );
}

/// JSON Pointers are built token by token (`diagnostic::pointer`, which
/// escapes `~` and `/`), not formatted.
#[test]
fn pointers_are_built_not_formatted() {
    let src = root().join("src");
    let builder = src.join("diagnostic/pointer.rs");
    let mut found = Vec::new();
    for file in rust_files(&src) {
        let text = std::fs::read_to_string(&file).unwrap();
        for (k, line) in text.lines().map(code).enumerate() {
            // `format!("/*` starts a comment (the TypeScript generator).
            let formatted = line
                .match_indices("format!(\"/")
                .any(|(k, m)| !line[k + m.len()..].starts_with('*'));
            if formatted && file != builder {
                found.push(format!("{}:{}: {}", file.display(), k + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "pointers built with format!:\n{}",
        found.join("\n")
    );
}

#[test]
fn issues_are_built_only_where_they_are_scrubbed() {
    let src = root().join("src");
    let allowed = [src.join("diagnostic/render.rs"), src.join("fulfillment/mod.rs")];
    let mut found = Vec::new();
    for file in rust_files(&src) {
        if allowed.contains(&file) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (k, line) in text.lines().map(code).enumerate() {
            let literal = line.contains("Issue {")
                && !["struct ", "impl ", "enum ", "-> Issue {"]
                    .iter()
                    .any(|p| line.contains(p));
            if literal {
                found.push(format!("{}:{}: {}", file.display(), k + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "issues built outside diagnostic::render:\n{}",
        found.join("\n")
    );
}

#[test]
fn use_trees_are_read_whole() {
    let paths = |s: &str| -> Vec<String> { use_tree(s).iter().map(|p| p.join("::")).collect() };
    assert_eq!(
        paths("a::b::{c, d::e as f, g::*};"),
        ["a::b::c", "a::b::d::e", "a::b::g"]
    );
    assert_eq!(
        paths("diagnostic::make_issue_at(x)"),
        ["diagnostic::make_issue_at"]
    );
    assert_eq!(paths("{x::Y,\n    z,\n};"), ["x::Y", "z"]);
    let module = ["claims".to_owned(), "plan".to_owned()];
    let found: Vec<String> = imports(
        "use super::receive::deadline; // crate::x\nlet a = crate::model::Date::MIN;",
        &module,
    )
    .iter()
    .map(|i| format!("{} {}", i.line, i.path.join("::")))
    .collect();
    assert_eq!(found, ["2 model::Date::MIN", "1 claims::receive::deadline"]);
}
