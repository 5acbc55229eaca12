//! `Engine` and `PreparedSnapshot` as JS calls them: documents as measured
//! JSON text, options as JSON; the options are checked first, then the
//! documents in argument order.

use serde_json::Value;

use super::input::{self, Arg, Measured, Text};
use crate::diff::ids::{Deferred, IdMemo};
use crate::diff::{DiffOptions, DiffResult};
use crate::engine::Engine;
use crate::error::{EngineError, ErrorCode};
use crate::preview::{CurrentDocument, EditError, PreparedSnapshot, Preview, PreviewOptions, PreviewSummary};
use crate::validate::{ValidateOptions, ValidationResult};

/// `new Engine(config)`: INVALID_CONFIG with the issues when the
/// configuration has errors (or is over the input limit).
pub fn new(config: Arg<Text>) -> Result<Engine, EngineError> {
    Engine::from_config_str(config?.source())
}

/// `engine.validate(snapshot, options?)`.
pub fn validate(
    engine: &Engine,
    snapshot: Arg<Text>,
    options: Arg<Option<Text>>,
) -> Result<ValidationResult, EngineError> {
    let opts = ValidateOptions::from_json(&input::options(options?)?)?;
    Ok(engine.validate_str(snapshot?.source(), &opts))
}

/// `engine.diff(previous | null, current, options?)`: `None` previous is a
/// first submission.
pub fn diff(
    engine: &Engine,
    previous: Arg<Option<Text>>,
    current: Arg<Text>,
    options: Arg<Option<Text>>,
) -> Result<DiffResult, EngineError> {
    let opts = DiffOptions::from_json(&input::options(options?)?)?;
    let previous = prepare_previous(engine, previous?);
    Ok(engine.diff_prepared(previous.as_ref(), current?.source(), &opts))
}

/// `engine.preview(previous | null, current, options)`: `options.now` is required.
pub fn preview(
    engine: &Engine,
    previous: Arg<Option<Text>>,
    current: Arg<Text>,
    options: Arg<Option<Text>>,
) -> Result<Preview, EngineError> {
    let opts = PreviewOptions::from_json(&input::options(options?)?)?;
    let previous = prepare_previous(engine, previous?);
    Ok(engine.preview_prepared(previous.as_ref(), current?.source(), &opts))
}

/// `engine.prepare(previous | null)`: read once for many previews and
/// diffs; `None` (JS `null`) prepares a first submission, whose previews and
/// diffs are the engine's with no previous snapshot — a new hire's form
/// types its keystrokes into `check`/`edit` as any other.
pub fn prepare(
    engine: &Engine,
    previous: Arg<Option<Text>>,
) -> Result<Option<PreparedSnapshot>, EngineError> {
    Ok(previous?.map(|p| engine.prepare(p.source())))
}

/// `prepared.preview(current, options)`: the engine's preview against the
/// prepared previous snapshot.
pub fn prepared_preview(
    engine: &Engine,
    prepared: Option<&PreparedSnapshot>,
    current: Arg<Text>,
    options: Arg<Option<Text>>,
) -> Result<Preview, EngineError> {
    let opts = PreviewOptions::from_json(&input::options(options?)?)?;
    Ok(engine.preview_prepared(prepared, current?.source(), &opts))
}

/// A prepared previous snapshot as JS holds it (`PreparedSnapshot`): the
/// snapshot; the whole preview of the last `check` or `edit`, kept so that
/// `details` hands it out without redoing the work; the document they read,
/// for the next `edit`; and the ids `details` hashed (`IdMemo`). At most one
/// preview and one document are kept (bounded like any input and result:
/// docs/api.md, Limits); the next `check` replaces them and freeing the
/// object lets them go.
///
/// The keystroke answer shows no stable id, so `check` and `edit` hash none
/// (`Deferred`): the kept preview holds tokens until `details` resolves them.
#[derive(Debug)]
pub struct Prepared {
    /// The previous snapshot; `None` for a first submission.
    pub snapshot: Option<PreparedSnapshot>,
    last: Option<Preview>,
    /// The ids `last` still needs, when it has tokens.
    pending: Option<Deferred>,
    current: CurrentDocument,
    ids: IdMemo,
}

impl Prepared {
    pub fn new(snapshot: Option<PreparedSnapshot>) -> Prepared {
        Prepared {
            snapshot,
            last: None,
            pending: None,
            current: CurrentDocument::default(),
            ids: IdMemo::default(),
        }
    }

    /// Keeps a preview (with the ids it still needs) for `details`; its summary.
    fn keep(&mut self, preview: Preview, pending: Deferred) -> PreviewSummary {
        let summary = PreviewSummary::of(&preview);
        self.last = Some(preview);
        self.pending = Some(pending);
        summary
    }
}

/// `prepared.check(current, options)`: the keystroke answer — the preview of
/// `current` against the prepared snapshot, summarized; the whole preview is
/// kept for `prepared.details()`, the document for `prepared.edit`. A refused
/// call (bad options, a document that is not a string or object) keeps the
/// previous check's preview and document.
pub fn prepared_check(
    engine: &Engine,
    prepared: &mut Prepared,
    current: Arg<Text>,
    options: Arg<Option<Text>>,
) -> Result<PreviewSummary, EngineError> {
    let opts = PreviewOptions::from_json(&input::options(options?)?)?;
    let current = current?;
    let mut later = Deferred::default();
    let (preview, snapshot, clean) =
        later.run(|| engine.preview_checked(prepared.snapshot.as_ref(), current.source(), &opts));
    prepared.current = CurrentDocument::checked(match current {
        Measured::Fits(text) => Some(text),
        Measured::TooLarge => None,
    });
    prepared.current.keep(snapshot, clean);
    Ok(prepared.keep(preview, later))
}

/// `prepared.edit(pointer, value, options)`: the keystroke as an edit of the
/// document of the last `check` (or `edit`): `value` (JSON text; `None`
/// removes) set at the JSON Pointer `pointer`, then the same answer as
/// `check` of the edited document. Refused (INVALID_ARGUMENT, nothing
/// changed) when the pointer cannot be followed, the value is not JSON, no
/// document was checked, or the edited document would be over the limit.
pub fn prepared_edit(
    engine: &Engine,
    prepared: &mut Prepared,
    pointer: Arg<Text>,
    value: Arg<Option<Text>>,
    options: Arg<Option<Text>>,
) -> Result<PreviewSummary, EngineError> {
    let opts = PreviewOptions::from_json(&input::options(options?)?)?;
    let Measured::Fits(pointer) = pointer? else {
        return Err(input::too_large(ErrorCode::InvalidArgument, "pointer"));
    };
    let value = match value? {
        Some(Measured::TooLarge) => return Err(input::too_large(ErrorCode::InvalidArgument, "value")),
        Some(Measured::Fits(text)) => Some(text),
        None => None,
    };
    let edited = prepared
        .current
        .edit(&pointer, value.as_deref(), engine.max_input_bytes());
    edited.map_err(|e| match e {
        EditError::Refused(why) => input::misuse(&why),
        EditError::TooLarge => input::too_large(ErrorCode::InvalidArgument, "the edited document"),
    })?;
    // The last answer's differences go back to the document it previewed:
    // the edit's diff moves what it keeps out of them (`diff::memo`).
    if let Some(last) = prepared.last.take() {
        prepared.pending = None;
        prepared.current.give_back(last);
    }
    let mut later = Deferred::default();
    let preview =
        later.run(|| engine.preview_edited(prepared.snapshot.as_ref(), &mut prepared.current, &opts));
    let preview = preview.ok_or_else(|| input::misuse("there is no document to edit"))?;
    Ok(prepared.keep(preview, later))
}

/// `prepared.details()`: the whole preview of the last `check` or `edit`
/// (`null` before the first); its ids are hashed and its acknowledgement
/// built on the first call (`preview::complete`).
pub fn prepared_details<'p>(engine: &Engine, prepared: &'p mut Prepared) -> Option<&'p Preview> {
    if let (Some(pending), Some(preview)) = (prepared.pending.take(), prepared.last.as_mut()) {
        let ids = pending.resolve(&mut prepared.ids);
        engine.complete(preview, &ids, prepared.snapshot.as_ref(), &prepared.current);
    }
    prepared.last.as_ref()
}

/// `prepared.diff(current, options?)`.
pub fn prepared_diff(
    engine: &Engine,
    prepared: Option<&PreparedSnapshot>,
    current: Arg<Text>,
    options: Arg<Option<Text>>,
) -> Result<DiffResult, EngineError> {
    let opts = DiffOptions::from_json(&input::options(options?)?)?;
    Ok(engine.diff_prepared(prepared, current?.source(), &opts))
}

/// `JSON.stringify(prepared)`: a prepared snapshot is not a document, and
/// would otherwise be read as `{"__wbg_ptr": …}`.
pub fn prepared_is_not_a_document() -> EngineError {
    input::misuse(
        "a PreparedSnapshot is not a document: call prepared.preview(current, options) or prepared.diff(current)",
    )
}

/// `engine.track(current, requested, report, options?)`: options, then
/// `requested` (JSON), then the two documents.
pub fn track(
    engine: &Engine,
    current: Arg<Text>,
    requested: Arg<Text>,
    report: Arg<Text>,
    options: Arg<Option<Text>>,
) -> Result<crate::tracking::Tracking, EngineError> {
    let opts = input::options(options?)?;
    let requested = input::json(requested?, "requested")?;
    let (current, report) = (current?, report?);
    engine.track_json(current.source(), &requested, report.source(), &opts)
}

/// `engine.buildCallback(preview, state | null, request)`.
pub fn build_callback(
    engine: &Engine,
    preview: Arg<Text>,
    state: Arg<Option<Text>>,
    request: Arg<Text>,
) -> Result<crate::callback::CallbackPayload, EngineError> {
    let preview = input::json(preview?, "preview")?;
    let state: Option<Value> = state?.map(|s| input::json(s, "state")).transpose()?;
    let request = input::json(request?, "request")?;
    engine.build_callback_json(&preview, state.as_ref(), &request)
}

fn prepare_previous(engine: &Engine, previous: Option<Text>) -> Option<PreparedSnapshot> {
    previous.map(|t| engine.prepare(t.source()))
}
