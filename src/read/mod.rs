//! Reading JSON documents leniently: the borrowed JSON tree (`json`), the
//! walk that reads typed fields and reports every structural problem at its
//! JSON Pointer (`walk`, which can also describe what it reads as a JSON
//! Schema), input limits and encodings (`input`) and the string formats of
//! Noyo's schema (`formats`). Every reader of the crate (snapshot,
//! configuration, claims, callbacks, events) is built on it.

pub mod formats;
pub mod input;
pub(crate) mod json;
pub(crate) mod walk;

pub use input::{too_large, Source, DEFAULT_MAX_INPUT_BYTES};

use serde_json::json;

use crate::diagnostic::catalogue as c;
use json::{Json, Obj};
use walk::{type_name, Walk};

/// What reading a document gave: its value when the root had the shape the
/// reader needs, and the walk with every issue found (the root's own
/// problem, if any, among them).
pub(crate) struct Read<T> {
    pub value: Option<T>,
    pub walk: Walk,
}

/// Reads JSON text of at most `max_bytes` whose root must be an object with
/// `read`, on `walk`: the one way documents given as text are read (an
/// input-layer issue when the text is not JSON).
pub(crate) fn document<'a, T>(
    text: impl Into<Source<'a>>,
    max_bytes: usize,
    walk: Walk,
    read: impl FnOnce(&mut Walk, &Obj) -> T,
) -> Read<T> {
    match input::parse(text, max_bytes) {
        Ok(doc) => object(&doc, walk, read),
        Err(issue) => failed(walk, *issue),
    }
}

/// Reads a parsed document whose root must be an object with `read`, on
/// `walk`; `not_an_object` when it is not one.
pub(crate) fn object<T>(doc: &Json, mut walk: Walk, read: impl FnOnce(&mut Walk, &Obj) -> T) -> Read<T> {
    match doc {
        Json::Object(root) => Read {
            value: Some(read(&mut walk, root)),
            walk,
        },
        other => failed(walk, input::not_an_object(other)),
    }
}

/// Reads a parsed document whose root must be an array: each item, an
/// object, read by `item` at its index (items that fail to read are left
/// out); `None` and `wrong_type` at the root when it is not an array.
pub(crate) fn array<T>(
    doc: &Json,
    w: &mut Walk,
    item: impl Fn(&mut Walk, &Obj) -> Option<T>,
) -> Option<Vec<T>> {
    let Json::Array(items) = doc else {
        w.report(
            c::WRONG_TYPE,
            json!({"expected": "array", "actual": type_name(doc)}),
        );
        return None;
    };
    let (first, rest) = w.at_most(items);
    let read = |w: &mut Walk, v: &Json| w.object(v).and_then(|m| item(w, m));
    let out = first
        .iter()
        .enumerate()
        .filter_map(|(i, v)| w.at_index(i, |w| read(w, v)))
        .collect();
    w.past_limit(first.len(), rest, read);
    Some(out)
}

fn failed<T>(mut walk: Walk, issue: crate::diagnostic::Issue) -> Read<T> {
    walk.issues.push(issue);
    Read { value: None, walk }
}
