//! Describe mode: the structural walk run over nothing records the JSON
//! Schema it enforces. The schemas published in pkg/schema/ are generated
//! this way (`cargo run --example gen_schema`), from the very code that
//! validates, so they cannot drift from it.

use serde_json::{json, Map, Value};

use super::{Need, Walk};
use crate::diagnostic::catalogue::{self as c, Rule};
use crate::read::json::{Json, Obj};

/// The schema being recorded: a stack of open objects, and the schema of the
/// value last read (set by the leaf readers).
#[derive(Debug, Default)]
pub(crate) struct Describe {
    frames: Vec<Map<String, Value>>,
    slot: Option<Value>,
}

/// The stand-ins describe mode reads: no value, no members.
pub(crate) fn nothing() -> &'static Json<'static> {
    static NULL: Json<'static> = Json::Null;
    &NULL
}

pub(crate) fn no_members() -> &'static Obj<'static> {
    static EMPTY: Obj<'static> = Obj::new();
    &EMPTY
}

fn object_frame() -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("type".into(), json!("object"));
    m.insert("properties".into(), json!({}));
    m.insert("required".into(), json!([]));
    m
}

fn close(mut frame: Map<String, Value>) -> Value {
    if frame
        .get("required")
        .and_then(Value::as_array)
        .is_some_and(Vec::is_empty)
    {
        frame.remove("required");
    }
    Value::Object(frame)
}

/// `nullable: true`: the type also admits `null`.
fn nullable(mut schema: Value) -> Value {
    if let Some(ty) = schema.get_mut("type") {
        if let Value::String(t) = ty.clone() {
            *ty = json!([t, "null"]);
        }
    }
    if let Some(Value::Array(e)) = schema.get_mut("enum") {
        e.push(Value::Null);
    }
    schema
}

/// The string schema a format check enforces (Noyo's own patterns).
pub(crate) fn format_schema(rule: &Rule) -> Value {
    if rule.code == c::INVALID_UUID.code {
        json!({ "type": "string", "format": "uuid" })
    } else if rule.code == c::INVALID_EMAIL.code {
        json!({ "type": "string", "format": "email" })
    } else if rule.code == c::INVALID_ZIP_CODE.code {
        json!({ "type": "string", "pattern": "^(\\d{5})(?:-?)(\\d{4})?$" })
    } else if rule.code == c::INVALID_SSN.code {
        json!({ "type": "string", "pattern": "^(?!000)[0-9]{3}(?!00)[0-9]{2}(?!0000)[0-9]{4}$" })
    } else {
        json!({ "type": "string" })
    }
}

impl Walk {
    /// A walk that records the schema instead of reading a document.
    pub(crate) fn describer() -> Walk {
        Walk {
            describe: Some(Describe {
                frames: vec![object_frame()],
                slot: None,
            }),
            ..Walk::default()
        }
    }

    /// Never in wasm32 builds: no export generates a schema there (the schemas
    /// are built natively), so the walk's describe branches compile away.
    pub(crate) fn describing(&self) -> bool {
        cfg!(not(target_arch = "wasm32")) && self.describe.is_some()
    }

    /// The recorded schema of the whole document.
    pub(crate) fn described(mut self) -> Value {
        let frame = self
            .describe
            .as_mut()
            .and_then(|d| d.frames.pop())
            .unwrap_or_else(object_frame);
        close(frame)
    }

    /// Leaf readers: the schema of the value being read.
    pub(crate) fn set_slot(&mut self, schema: Value) {
        if let Some(d) = &mut self.describe {
            d.slot = Some(schema);
        }
    }

    /// `object()` in describe mode: opens an object for the builder to fill.
    pub(crate) fn open_object(&mut self) {
        if let Some(d) = &mut self.describe {
            d.frames.push(object_frame());
        }
    }

    /// Runs `read` and returns the schema it recorded (an object it opened,
    /// or the leaf's slot).
    pub(crate) fn capture(&mut self, read: impl FnOnce(&mut Self)) -> Value {
        let (depth, saved) = match &mut self.describe {
            Some(d) => (d.frames.len(), d.slot.take()),
            None => return json!({}),
        };
        read(self);
        let Some(d) = &mut self.describe else {
            return json!({});
        };
        let schema = if d.frames.len() > depth {
            d.frames.pop().map(close).unwrap_or_else(|| json!({}))
        } else {
            d.slot.take().unwrap_or_else(|| json!({}))
        };
        d.slot = saved;
        schema
    }

    /// Records property `key` of the open object with the schema `read` records.
    pub(crate) fn describe_field(&mut self, key: &str, need: Need, read: impl FnOnce(&mut Self)) {
        let schema = self.capture(read);
        self.describe_known(key, need, schema);
    }

    /// Records property `key` of the open object with a known schema.
    pub(crate) fn describe_known(&mut self, key: &str, need: Need, schema: Value) {
        let schema = if need == Need::Nullable {
            nullable(schema)
        } else {
            schema
        };
        let Some(frame) = self.describe.as_mut().and_then(|d| d.frames.last_mut()) else {
            return;
        };
        if let Some(Value::Object(props)) = frame.get_mut("properties") {
            props.insert(key.to_owned(), schema);
        }
        if need == Need::Required {
            if let Some(Value::Array(req)) = frame.get_mut("required") {
                req.push(json!(key));
            }
        }
    }
}

/// Wraps a recorded schema as a published document.
pub(crate) fn document(id: &str, title: &str, description: &str, body: Value) -> Value {
    let mut doc = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": id,
        "title": title,
        "description": description,
    });
    if let (Some(d), Value::Object(b)) = (doc.as_object_mut(), body) {
        d.extend(b);
    }
    doc
}
