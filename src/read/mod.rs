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
