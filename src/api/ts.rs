//! The TypeScript declarations of every result the JS binding returns,
//! generated from the Rust types (`src/wasm/types.d.ts`, included by the
//! binding). `UPDATE_TS=1 cargo test --lib declarations` rewrites the file;
//! without it the test fails when a result type changed and the file was not
//! regenerated.
//!
//! Why ts-rs (a dev-dependency, `#[cfg_attr(test, derive(ts_rs::TS))]` on
//! the output types): nothing enters the core's or the wasm build's
//! dependencies, and the declarations come from a native test, so staleness
//! is a plain string compare. tsify, the usual wasm choice, must be built
//! into the crate that derives (the core) with wasm-bindgen plus
//! serde-wasm-bindgen or gloo-utils, and its declarations only reach a
//! .d.ts through a wasm build.
//!
//! Input types (documents, options, status events as given, callback
//! requests, `EngineError`) stay hand-written in `src/wasm/inputs.d.ts`.

// Test code over text it just generated: slicing at indices found in it.
#![allow(clippy::panic, clippy::indexing_slicing)]

use std::any::TypeId;
use std::collections::{BTreeMap, HashSet};

use ts_rs::{Config, TypeVisitor, TS};

/// The types the exports return: every type they name is declared too.
fn roots(v: &mut Collect<'_>) {
    v.visit::<crate::validate::ValidationResult>();
    v.visit::<crate::validate::ConfigCheck>();
    v.visit::<crate::validate::Rule>();
    v.visit::<crate::diff::DiffResult>();
    v.visit::<crate::preview::Preview>();
    v.visit::<crate::preview::PreviewSummary>();
    v.visit::<crate::fulfillment::fold::FoldResult>();
    v.visit::<crate::tracking::Tracking>();
    v.visit::<crate::claims::PaymentStatusResult>();
    v.visit::<crate::claims::FilterResult>();
    v.visit::<crate::callback::CallbackPayload>();
    v.visit::<crate::callback::Verification>();
    v.visit::<crate::callback::ParsedCallback>();
    v.visit::<crate::x12::Export834>();
    v.visit::<crate::x12::Export834Envelope>();
    v.visit::<crate::x12::Parsed834>();
    v.visit::<crate::x12::Ack999>();
}

const HEADER: &str = "\
// Generated from the Rust result types by ts-rs (src/api/ts.rs): do not edit.
// Regenerate with `UPDATE_TS=1 cargo test --lib declarations`.
";

/// Every declaration reachable from the roots, by name.
struct Collect<'a> {
    cfg: &'a Config,
    seen: HashSet<TypeId>,
    decls: BTreeMap<String, String>,
}

impl TypeVisitor for Collect<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Only named types have a file of their own; Vec, Option, String… are inline.
        if T::output_path().is_none() || !self.seen.insert(TypeId::of::<T>()) {
            return;
        }
        let doc = T::docs()
            .map(|d| format!("{}\n", d.trim_end()))
            .unwrap_or_default();
        let decl = layout(&T::decl(self.cfg));
        self.decls
            .insert(T::ident(self.cfg), format!("{doc}export {decl}"));
        T::visit_dependencies(self);
    }
}

/// One declaration laid out for reading, and for wasm-bindgen, which
/// re-indents custom sections line by line from their braces: field docs on
/// one line, an object type's top-level fields one per line, and a plain
/// object type as an interface.
fn layout(decl: &str) -> String {
    let flat = one_line_docs(decl);
    let Some(open) = flat.find("= {").map(|i| i + 2) else {
        return flat;
    };
    let Some(close) = matching_brace(&flat, open) else {
        return flat;
    };
    let fields = top_level_fields(&flat[open + 1..close]);
    if fields.is_empty() {
        return flat;
    }
    let body: String = fields.iter().map(|f| field_lines(f)).collect();
    let (head, rest) = (&flat[..open], &flat[close + 1..]);
    // A plain object type reads better, and extends, as an interface.
    match head.strip_prefix("type ").and_then(|h| h.strip_suffix(" = ")) {
        Some(name) if rest == ";" && !name.contains('<') => format!("interface {name} {{\n{body}}}"),
        _ => format!("{head}{{\n{body}}}{rest}"),
    }
}

/// A top-level field, its doc (if any) on the line before.
fn field_lines(field: &str) -> String {
    match field.strip_prefix("/**").and_then(|f| f.split_once("*/")) {
        Some((doc, rest)) => format!("  /** {} */\n  {},\n", doc.trim(), rest.trim()),
        None => format!("  {field},\n"),
    }
}

/// `\n/**\n * a\n * b\n */\n` (ts-rs's field docs) as `/** a b */ `.
fn one_line_docs(decl: &str) -> String {
    let mut out = String::new();
    let mut rest = decl;
    while let Some(start) = rest.find("/**") {
        let Some(len) = rest[start..].find("*/") else {
            break;
        };
        out.push_str(rest[..start].trim_end());
        out.push(' ');
        let text: Vec<&str> = rest[start + 3..start + len]
            .lines()
            .map(|l| l.trim().trim_start_matches('*').trim())
            .filter(|l| !l.is_empty())
            .collect();
        out.push_str(&format!("/** {} */ ", text.join(" ")));
        rest = rest[start + len + 2..].trim_start();
    }
    out.push_str(rest);
    out
}

/// Walks `text` from `from`, skipping comments and string literals, calling
/// `f(index, char, depth)` with the bracket depth at the char, until `f`
/// returns false.
fn walk(text: &str, from: usize, mut f: impl FnMut(usize, char, i32) -> bool) {
    let mut depth = 0;
    let mut chars = text[from..].char_indices().map(|(i, c)| (i + from, c)).peekable();
    while let Some((i, c)) = chars.next() {
        if c == '/' && chars.peek().is_some_and(|&(_, n)| n == '*') {
            let mut prev = ' ';
            for (_, n) in chars.by_ref() {
                if prev == '*' && n == '/' {
                    break;
                }
                prev = n;
            }
            continue;
        }
        if c == '"' {
            for (_, n) in chars.by_ref() {
                if n == '"' {
                    break;
                }
            }
            continue;
        }
        if matches!(c, '}' | ')' | '>' | ']') {
            depth -= 1;
        }
        if !f(i, c, depth) {
            return;
        }
        if matches!(c, '{' | '(' | '<' | '[') {
            depth += 1;
        }
    }
}

/// The index of the `}` closing the `{` at `open`.
fn matching_brace(text: &str, open: usize) -> Option<usize> {
    let mut found = None;
    walk(text, open, |i, c, depth| {
        if c == '}' && depth == 0 {
            found = Some(i);
        }
        found.is_none()
    });
    found
}

/// The fields of an object type's body, split at its top-level commas.
fn top_level_fields(body: &str) -> Vec<String> {
    let mut cuts = vec![0];
    walk(body, 0, |i, c, depth| {
        if c == ',' && depth == 0 {
            cuts.push(i + 1);
        }
        true
    });
    cuts.push(body.len());
    cuts.windows(2)
        .map(|w| body[w[0]..w[1]].trim().trim_end_matches(',').trim().to_owned())
        .filter(|f| !f.is_empty())
        .collect()
}

/// The whole file.
fn declarations() -> String {
    // i64/u64 fields (cents, Unix seconds) are JS numbers: JSON.parse makes them so.
    let cfg = Config::new().with_large_int("number");
    let mut c = Collect {
        cfg: &cfg,
        seen: HashSet::new(),
        decls: BTreeMap::new(),
    };
    roots(&mut c);
    let body: Vec<String> = c.decls.into_values().collect();
    format!("{HEADER}\n{}\n", body.join("\n\n"))
}

#[test]
fn declarations_are_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/wasm/types.d.ts");
    let want = declarations();
    if std::env::var_os("UPDATE_TS").is_some() {
        std::fs::write(path, &want).unwrap_or_else(|e| panic!("{path}: {e}"));
        return;
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "src/wasm/types.d.ts is stale: a result type changed. Regenerate it with \
         `UPDATE_TS=1 cargo test --lib declarations` and check the diff."
    );
}

/// `Date` and `Timestamp` serialize as their text (`YYYY-MM-DD`, RFC 3339):
/// plain `string` in TypeScript, as JSON.parse gives them.
macro_rules! as_string {
    ($($t:ty),*) => {$(
        impl TS for $t {
            type WithoutGenerics = Self;
            type OptionInnerType = Self;
            fn name(_: &Config) -> String {
                "string".to_owned()
            }
            fn inline(_: &Config) -> String {
                "string".to_owned()
            }
        }
    )*};
}
as_string!(crate::model::Date, crate::model::Timestamp);
