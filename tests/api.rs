//! The JS contract, natively: `enroll_engine::api` is everything the wasm
//! binding decides (options, argument checks, which error wins, the
//! `input_too_large` errors); the binding only converts JS values into
//! these inputs. tests/js checks the same answers through the built package.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use enroll_engine::api::lifecycle::{self, CallbackBody};
use enroll_engine::api::{self, claims, engine, input, Arg, EngineError, ErrorCode, Measured, Text};
use serde_json::{json, Value};

const GROUP: &str = include_str!("fixtures/three-carriers-group.json");
const SNAPSHOT: &str = include_str!("fixtures/three-carriers-snapshot.json");
const TOO_LARGE: &str = "The document is more than 4,194,304 bytes, the input limit; it is not read.";
const SECRET: &[u8] = b"whsec_test_secret";
const TS: f64 = 1_764_090_000.0;

fn text(s: &str) -> Arg<Text> {
    Ok(Measured::Fits(s.to_owned()))
}

fn some(s: &str) -> Arg<Option<Text>> {
    Ok(Some(Measured::Fits(s.to_owned())))
}

fn opts(v: Value) -> Arg<Option<Text>> {
    Ok(Some(Measured::Fits(v.to_string())))
}

fn new_engine() -> api::Engine {
    engine::new(text(GROUP)).unwrap()
}

/// The code and message JS sees on the thrown EngineError.
fn thrown<T: std::fmt::Debug>(r: Result<T, EngineError>) -> (ErrorCode, String) {
    let e = r.unwrap_err();
    (e.code, e.to_string())
}

fn json_of<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap()
}

#[test]
fn options_absent_as_json_text_or_as_an_object_are_the_same() {
    let e = new_engine();
    let absent = engine::validate(&e, text(SNAPSHOT), Ok(None)).unwrap();
    let null = engine::validate(&e, text(SNAPSHOT), some("null")).unwrap();
    assert_eq!(json_of(&absent), json_of(&null));
    let today = engine::validate(&e, text(SNAPSHOT), opts(json!({ "today": "2026-11-25" }))).unwrap();
    let as_text = engine::validate(&e, text(SNAPSHOT), some(r#"{"today":"2026-11-25"}"#)).unwrap();
    assert_eq!(json_of(&today), json_of(&as_text));
}

#[test]
fn options_that_are_not_json_too_large_or_unknown_are_thrown() {
    let e = new_engine();
    assert_eq!(
        thrown(engine::validate(&e, text(SNAPSHOT), some("{today"))),
        (
            ErrorCode::InvalidOptions,
            "INVALID_OPTIONS: options cannot be read as JSON: give an object".into()
        )
    );
    let err = engine::validate(&e, text(SNAPSHOT), Ok(Some(Measured::TooLarge))).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidOptions);
    assert_eq!(err.message, format!("options: {TOO_LARGE}"));
    assert_eq!(err.issues.len(), 1);
    assert_eq!(err.issues[0].code, "input_too_large");
    assert_eq!(
        thrown(engine::diff(
            &e,
            Ok(None),
            text(SNAPSHOT),
            opts(json!({ "now": 1 }))
        )),
        (
            ErrorCode::InvalidOptions,
            "INVALID_OPTIONS: unknown option \"now\"; the options are today".into()
        )
    );
    assert_eq!(
        thrown(engine::validate(&e, text(SNAPSHOT), opts(json!([1])))),
        (
            ErrorCode::InvalidOptions,
            "INVALID_OPTIONS: options must be an object like { today: \"2026-01-31\" }".into()
        )
    );
}

#[test]
fn options_are_checked_before_the_documents_then_arguments_in_order() {
    let e = new_engine();
    let bad_options = opts(json!({ "today": "31/01/2026" }));
    let missing = || -> Arg<Text> { Err(input::undefined("snapshot")) };
    assert_eq!(
        thrown(engine::validate(&e, missing(), bad_options)).0,
        ErrorCode::InvalidOptions
    );
    assert_eq!(
        thrown(engine::validate(&e, missing(), Ok(None))),
        (
            ErrorCode::InvalidArgument,
            "INVALID_ARGUMENT: snapshot is missing (undefined)".into()
        )
    );
    let previous: Arg<Option<Text>> = Err(input::not_convertible("previous", "cyclic object value"));
    let current: Arg<Text> = Err(input::undefined("current"));
    assert_eq!(
        thrown(engine::diff(&e, previous, current, Ok(None))).1,
        "INVALID_ARGUMENT: previous cannot be converted to JSON: cyclic object value"
    );
    // A `toJSON` that threw no Error (no message): no dangling colon (review 31a).
    let previous: Arg<Option<Text>> = Err(input::not_convertible("previous", ""));
    assert_eq!(
        thrown(engine::diff(
            &e,
            previous,
            Err(input::undefined("current")),
            Ok(None)
        ))
        .1,
        "INVALID_ARGUMENT: previous cannot be converted to JSON"
    );
    assert_eq!(
        thrown(engine::preview(&e, Ok(None), text(SNAPSHOT), Ok(None))).1,
        "INVALID_OPTIONS: now is required: preview reads no clock (e.g. { now: new Date().toISOString() })"
    );
}

#[test]
fn a_document_over_the_limit_is_answered_not_thrown() {
    let e = new_engine();
    let r = engine::validate(&e, Ok(Measured::TooLarge), Ok(None)).unwrap();
    assert!(!r.valid);
    assert_eq!(r.issues[0].code, "input_too_large");
    assert_eq!(r.issues[0].message, TOO_LARGE);
    let check = api::check_config(Ok(Measured::TooLarge)).unwrap();
    assert!(!check.valid);
    assert_eq!(check.issues[0].code, "input_too_large");
    let err = engine::new(Ok(Measured::TooLarge)).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidConfig);
    assert_eq!(err.issues[0].code, "input_too_large");
    // An issue at the root names no path (no empty place in the message).
    let err = engine::new(text("{")).unwrap_err();
    assert_eq!(err.issues[0].path, "");
    let message = err.to_string();
    assert!(
        message.starts_with("INVALID_CONFIG: the group configuration has 1 error(s); first: "),
        "{message}"
    );
    assert!(!message.contains("  "), "{message}");
}

#[test]
fn prepared_previews_and_diffs_equal_the_engines() {
    let e = new_engine();
    let now = || opts(json!({ "now": "2026-11-25T12:00:00Z" }));
    let prepared = engine::prepare(&e, some(SNAPSHOT)).unwrap();
    let prepared = prepared.as_ref();
    let edited = SNAPSHOT.replacen("\"street_one\": \"", "\"street_one\": \"7 ", 1);
    assert_ne!(edited, SNAPSHOT);
    let direct = engine::preview(&e, some(SNAPSHOT), text(&edited), now()).unwrap();
    let again = engine::prepared_preview(&e, prepared, text(&edited), now()).unwrap();
    assert_eq!(json_of(&direct), json_of(&again));
    assert!(!direct.differences.is_empty());
    let diff = engine::diff(&e, some(SNAPSHOT), text(&edited), Ok(None)).unwrap();
    let prepared_diff = engine::prepared_diff(&e, prepared, text(&edited), Ok(None)).unwrap();
    assert_eq!(json_of(&diff), json_of(&prepared_diff));
    assert_eq!(
        api::engine::prepared_is_not_a_document().to_string(),
        "INVALID_ARGUMENT: a PreparedSnapshot is not a document: call prepared.preview(current, options) or prepared.diff(current)"
    );
}

/// `engine.prepare(null)`: a first submission's form types its keystrokes
/// into `check`/`edit` as any other; every answer is the engine's with no
/// previous snapshot.
#[test]
fn a_first_submission_is_prepared_from_null() {
    let e = new_engine();
    let now = || opts(json!({ "now": "2026-11-25T12:00:00Z" }));
    let mut prepared = engine::Prepared::new(engine::prepare(&e, Ok(None)).unwrap());
    let full = engine::preview(&e, Ok(None), text(SNAPSHOT), now()).unwrap();
    assert!(
        !full.differences.is_empty()
            && full
                .issues
                .iter()
                .all(|i| i.code != "previous_snapshot_unreadable")
    );
    let again = engine::prepared_preview(&e, prepared.snapshot.as_ref(), text(SNAPSHOT), now()).unwrap();
    assert_eq!(json_of(&again), json_of(&full));
    let diff = engine::diff(&e, Ok(None), text(SNAPSHOT), Ok(None)).unwrap();
    let prepared_diff =
        engine::prepared_diff(&e, prepared.snapshot.as_ref(), text(SNAPSHOT), Ok(None)).unwrap();
    assert_eq!(json_of(&prepared_diff), json_of(&diff));
    let summary = engine::prepared_check(&e, &mut prepared, text(SNAPSHOT), now()).unwrap();
    assert_eq!(summary.differences, full.differences.len());
    assert_eq!(
        json_of(engine::prepared_details(&e, &mut prepared).unwrap()),
        json_of(&full)
    );
    // An edit, then the details: the engine's preview of the edited text.
    let edited = SNAPSHOT.replacen("\"first_name\": \"Maria\"", "\"first_name\": \"Marie\"", 1);
    assert_ne!(edited, SNAPSHOT);
    engine::prepared_edit(
        &e,
        &mut prepared,
        text("/employee/person/first_name"),
        Ok(Some(Measured::Fits("\"Marie\"".into()))),
        now(),
    )
    .unwrap();
    let expected = engine::preview(&e, Ok(None), text(&edited), now()).unwrap();
    assert_eq!(
        json_of(engine::prepared_details(&e, &mut prepared).unwrap()),
        json_of(&expected)
    );
}

#[test]
fn a_prepared_check_summarizes_the_preview_and_keeps_it_for_details() {
    let e = new_engine();
    let now = || opts(json!({ "now": "2026-11-25T12:00:00Z" }));
    let mut prepared = engine::Prepared::new(engine::prepare(&e, some(SNAPSHOT)).unwrap());
    assert!(engine::prepared_details(&e, &mut prepared).is_none());
    let edited = SNAPSHOT.replacen("\"street_one\": \"", "\"street_one\": \"7 ", 1);
    let full = engine::preview(&e, some(SNAPSHOT), text(&edited), now()).unwrap();
    let summary = engine::prepared_check(&e, &mut prepared, text(&edited), now()).unwrap();
    // The details are the preview itself, computed once by check.
    assert_eq!(
        json_of(engine::prepared_details(&e, &mut prepared).unwrap()),
        json_of(&full)
    );
    assert_eq!(summary.valid, full.valid);
    assert_eq!(json_of(&summary.issues), json_of(&full.issues));
    assert_eq!(json_of(&summary.carriers), json_of(&full.carriers));
    assert_eq!(summary.status, full.status);
    assert_eq!(summary.differences, full.differences.len());
    assert!(summary.differences > 0);
    assert_eq!(summary.transactions, full.transactions.len());
    assert_eq!(summary.fulfillment.len(), full.fulfillment_summary.len());
    for (counts, f) in summary.fulfillment.iter().zip(&full.fulfillment_summary) {
        let routed = full
            .differences
            .iter()
            .filter(|d| d.carrier_id == f.carrier_id)
            .count();
        assert_eq!(
            (
                counts.carrier_id.as_str(),
                counts.status,
                counts.errors,
                counts.warnings,
                counts.differences
            ),
            (
                f.carrier_id.as_str(),
                f.status,
                f.errors.len(),
                f.warnings.len(),
                routed
            )
        );
        assert_eq!(counts.next_transmission, f.next_transmission);
    }
    let premium = full.premium.as_ref().unwrap();
    let totals = summary.premium.unwrap();
    assert_eq!(
        (totals.on, totals.total, totals.previous_total, totals.change),
        (premium.on, premium.total, premium.previous_total, premium.change)
    );
    assert_eq!(totals.issues, premium.issues.len());
    // A refused check keeps the last details; a later one replaces them.
    let refused = engine::prepared_check(&e, &mut prepared, text(SNAPSHOT), Ok(None));
    assert_eq!(thrown(refused).0, ErrorCode::InvalidOptions);
    assert_eq!(
        json_of(engine::prepared_details(&e, &mut prepared).unwrap()),
        json_of(&full)
    );
    let unchanged = engine::prepared_check(&e, &mut prepared, text(SNAPSHOT), now()).unwrap();
    assert_eq!((unchanged.differences, unchanged.transactions), (0, 0));
    assert!(engine::prepared_details(&e, &mut prepared)
        .unwrap()
        .differences
        .is_empty());
}

#[test]
fn track_and_build_callback_read_their_json_arguments() {
    let e = new_engine();
    let now = opts(json!({ "now": "2026-11-25T12:00:00Z" }));
    let preview = engine::preview(&e, Ok(None), text(SNAPSHOT), now).unwrap();
    let preview_text = serde_json::to_string(&preview).unwrap();
    let tracking = engine::track(&e, text(SNAPSHOT), text(&preview_text), text(SNAPSHOT), Ok(None)).unwrap();
    assert_eq!(tracking.differences.len(), preview.differences.len());
    assert_eq!(
        thrown(engine::track(
            &e,
            text(SNAPSHOT),
            text("[1,"),
            text(SNAPSHOT),
            Ok(None)
        ))
        .1,
        "INVALID_ARGUMENT: requested is not JSON: EOF while parsing a value at line 1 column 3"
    );
    let err = engine::track(
        &e,
        text(SNAPSHOT),
        Ok(Measured::TooLarge),
        text(SNAPSHOT),
        Ok(None),
    )
    .unwrap_err();
    assert_eq!(
        (err.code, err.message.as_str()),
        (
            ErrorCode::InvalidArgument,
            format!("requested: {TOO_LARGE}").as_str()
        )
    );
    assert_eq!(
        thrown(engine::track(
            &e,
            text(SNAPSHOT),
            text(&preview_text),
            text(SNAPSHOT),
            some("7")
        ))
        .1,
        "INVALID_OPTIONS: options must be an object"
    );
    // Options text that is not JSON is refused before `requested` is read;
    // options JSON of the wrong shape after it (tracking reads them).
    assert_eq!(
        thrown(engine::track(
            &e,
            text(SNAPSHOT),
            text("[1,"),
            text(SNAPSHOT),
            some("{")
        ))
        .1,
        "INVALID_OPTIONS: options cannot be read as JSON: give an object"
    );
    assert_eq!(
        thrown(engine::track(
            &e,
            text(SNAPSHOT),
            text("[1,"),
            text(SNAPSHOT),
            some("7")
        ))
        .1,
        "INVALID_ARGUMENT: requested is not JSON: EOF while parsing a value at line 1 column 3"
    );
    let request = json!({ "event_id": "evt-1", "created": "2026-11-25T17:00:00Z", "snapshot_id": "snap-1" });
    let payload =
        engine::build_callback(&e, text(&preview_text), Ok(None), text(&request.to_string())).unwrap();
    assert_eq!(payload.event_id, "evt-1");
    assert_eq!(
        thrown(engine::build_callback(
            &e,
            text(&preview_text),
            Ok(Some(Measured::TooLarge)),
            text("{}")
        ))
        .1,
        format!("INVALID_ARGUMENT: state: {TOO_LARGE}")
    );
}

#[test]
fn fold_status_takes_options_then_state_then_events() {
    let e = new_engine();
    let now = || opts(json!({ "now": "2026-11-25T12:00:00Z" }));
    let preview = engine::preview(&e, Ok(None), text(SNAPSHOT), now()).unwrap();
    let state = serde_json::to_string(&preview).unwrap();
    let folded = lifecycle::fold_status(text(&state), text("[]"), now()).unwrap();
    assert!(folded.event_issues.is_empty());
    assert_eq!(
        thrown(lifecycle::fold_status(
            text("{"),
            text("[]"),
            opts(json!({ "now": "2026-11-25T12:00:00Z", "verification_grace_days": 400 }))
        ))
        .1,
        "INVALID_OPTIONS: verification_grace_days must be an integer 0-365"
    );
    assert_eq!(
        thrown(lifecycle::fold_status(text(&state), text("[]"), opts(json!({})))).1,
        "INVALID_OPTIONS: now is required: foldStatus reads no clock (e.g. { now: new Date().toISOString() })"
    );
    assert_eq!(
        thrown(lifecycle::fold_status(text(&state), text("["), now())).1,
        "INVALID_ARGUMENT: events is not JSON: EOF while parsing a list at line 1 column 1"
    );
}

/// signCallback's and verifyCallback's refusal of a timestamp outside foldStatus's bound.
const MILLISECONDS: &str = "timestamp must be Unix seconds from 0 to 253402300799 (9999-12-31T23:59:59Z): seconds, not milliseconds (Math.floor(Date.now() / 1000))";

fn secret() -> Option<api::Bytes> {
    Some(Measured::Fits(SECRET.to_vec()))
}

fn body(s: &str) -> Option<api::Bytes> {
    Some(Measured::Fits(s.as_bytes().to_vec()))
}

#[test]
fn sign_callback_checks_the_secret_then_the_timestamp_then_the_body() {
    let sig = lifecycle::sign_callback(secret(), Some(TS), body("{}")).unwrap();
    let key = enroll_engine::callback::CallbackSecret::new(SECRET).unwrap();
    assert_eq!(sig, enroll_engine::callback::sign(&key, 1_764_090_000, "{}"));
    assert_eq!(
        thrown(lifecycle::sign_callback(None, None, None)).1,
        "INVALID_ARGUMENT: secret must be a string or a Uint8Array"
    );
    assert_eq!(
        thrown(lifecycle::sign_callback(Some(Measured::Fits(b"short".to_vec())), None, None)).1,
        "INVALID_ARGUMENT: secret must be at least 16 bytes (it has 5): use a random secret of 32 bytes or more"
    );
    let err = lifecycle::sign_callback(Some(Measured::TooLarge), Some(TS), body("{}")).unwrap_err();
    assert_eq!(
        (err.code, err.issues[0].code.as_str()),
        (ErrorCode::InvalidArgument, "input_too_large")
    );
    for ts in [
        None,
        Some(1.5),
        Some(f64::NAN),
        Some(f64::INFINITY),
        Some(9_007_199_254_740_992.0),
    ] {
        assert_eq!(
            thrown(lifecycle::sign_callback(secret(), ts, None)).1,
            "INVALID_ARGUMENT: timestamp must be a whole number of Unix seconds (a number)",
            "{ts:?}"
        );
    }
    // Date.now() is milliseconds: refused with foldStatus's bound, as is a
    // time before 1970; the bound itself is a second.
    let last = 253_402_300_799.0;
    assert_eq!(last, enroll_engine::model::Timestamp::LAST_UNIX_SECOND as f64);
    for ts in [1_764_090_000_000.0, last + 1.0, -1.0, 9_007_199_254_740_991.0] {
        assert_eq!(
            thrown(lifecycle::sign_callback(secret(), Some(ts), None)),
            (
                ErrorCode::InvalidArgument,
                format!("INVALID_ARGUMENT: {MILLISECONDS}")
            ),
            "{ts}"
        );
    }
    for ts in [0.0, last] {
        assert!(
            lifecycle::sign_callback(secret(), Some(ts), body("{}")).is_ok(),
            "{ts}"
        );
    }
    assert_eq!(
        thrown(lifecycle::sign_callback(secret(), Some(TS), None)).1,
        "INVALID_ARGUMENT: body must be a string, a Uint8Array (or Buffer) or an ArrayBuffer: the raw bytes received"
    );
    let err = lifecycle::sign_callback(secret(), Some(TS), Some(Measured::TooLarge)).unwrap_err();
    assert_eq!(err.message, format!("body: {TOO_LARGE}"));
}

#[test]
fn verify_callback_throws_for_misuse_and_answers_for_bad_signatures() {
    let sig = lifecycle::sign_callback(secret(), Some(TS), body("{}")).unwrap();
    let verify = |sig: Option<String>, b: Option<api::Bytes>, now: f64, tol: Option<f64>| {
        lifecycle::verify_callback(secret(), Some(TS), b, sig, Some(now), tol)
    };
    let ok = verify(Some(sig.clone()), body("{}"), TS + 300.0, Some(300.0)).unwrap();
    assert_eq!(
        json_of(&ok),
        json!({ "valid": true, "code": null, "message": null })
    );
    let stale = verify(Some(sig.clone()), body("{}"), TS + 301.0, Some(300.0)).unwrap();
    assert_eq!(stale.code.as_deref(), Some("timestamp_outside_tolerance"));
    assert_eq!(
        verify(Some(String::new()), body("{}"), TS, Some(0.0))
            .unwrap()
            .code
            .as_deref(),
        Some("signature_malformed")
    );
    let large = verify(Some(sig.clone()), Some(Measured::TooLarge), TS, Some(0.0)).unwrap();
    assert_eq!(
        (large.code.as_deref(), large.message.as_deref()),
        (Some("input_too_large"), Some(TOO_LARGE))
    );
    for tol in [None, Some(-1.0), Some(3601.0), Some(0.5), Some(f64::NAN)] {
        assert_eq!(
            thrown(verify(Some(sig.clone()), body("{}"), TS, tol)),
            (
                ErrorCode::InvalidOptions,
                "INVALID_OPTIONS: toleranceSeconds must be a whole number of seconds from 0 to 3600 (300 is common)"
                    .into()
            ),
            "{tol:?}"
        );
    }
    assert_eq!(
        thrown(verify(None, body("{}"), TS, Some(0.0))).1,
        "INVALID_ARGUMENT: signature must be a string (64 hexadecimal digits)"
    );
    // `now` before the tolerance, the tolerance before the signature and the body.
    assert_eq!(
        thrown(lifecycle::verify_callback(
            secret(),
            Some(TS),
            None,
            None,
            None,
            None
        ))
        .1,
        "INVALID_ARGUMENT: now must be a whole number of Unix seconds (a number)"
    );
    assert_eq!(thrown(verify(None, None, TS, None)).0, ErrorCode::InvalidOptions);
    // A `now` in milliseconds is misuse, not "outside tolerance"; so is a
    // signed timestamp in milliseconds, checked before `now`.
    let now_ms = verify(Some(sig.clone()), body("{}"), TS * 1000.0, Some(300.0));
    assert_eq!(
        thrown(now_ms).1,
        format!(
            "INVALID_ARGUMENT: {}",
            MILLISECONDS.replacen("timestamp", "now", 1)
        )
    );
    let ts_ms = lifecycle::verify_callback(
        secret(),
        Some(TS * 1000.0),
        body("{}"),
        Some(sig.clone()),
        Some(TS * 1000.0),
        Some(300.0),
    );
    assert_eq!(thrown(ts_ms).1, format!("INVALID_ARGUMENT: {MILLISECONDS}"));
    assert_eq!(lifecycle::SIGNATURE_CHARS, sig.len());
}

#[test]
fn parse_callback_answers_bytes_over_the_limit_and_bad_utf8_with_issues() {
    let large = lifecycle::parse_callback(CallbackBody::Bytes(Measured::TooLarge)).unwrap();
    assert!(!large.valid);
    assert_eq!(large.issues[0].code, "input_too_large");
    let bad = lifecycle::parse_callback(CallbackBody::Bytes(Measured::Fits(vec![b'{', 0xff]))).unwrap();
    assert_eq!(bad.issues[0].code, "invalid_encoding");
    let text_err = lifecycle::parse_callback(CallbackBody::Document(Err(input::undefined("body"))));
    assert_eq!(
        thrown(text_err).1,
        "INVALID_ARGUMENT: body is missing (undefined)"
    );
    let as_text = lifecycle::parse_callback(CallbackBody::Document(text("{}"))).unwrap();
    let as_bytes = lifecycle::parse_callback(CallbackBody::Bytes(Measured::Fits(b"{}".to_vec()))).unwrap();
    assert_eq!(json_of(&as_text), json_of(&as_bytes));
}

#[test]
fn claims_take_absent_options_as_the_defaults() {
    let claim = include_str!("fixtures/claims/claim.json");
    let enrollment = include_str!("fixtures/claims/enrollment.json");
    let absent = claims::plan_payment_status_requests(text(claim), text(enrollment), Ok(None)).unwrap();
    let empty = claims::plan_payment_status_requests(text(claim), text(enrollment), some("")).unwrap();
    assert_eq!(json_of(&absent), json_of(&empty));
    let err = claims::apply_benefit_filter(Err(input::undefined("claim")), Err(input::undefined("benefits")));
    assert_eq!(thrown(err).1, "INVALID_ARGUMENT: claim is missing (undefined)");
}

#[test]
fn scrub_text_version_and_issue_codes() {
    assert_eq!(
        api::scrub_text(Some(Measured::Fits("ssn 123-45-6789".into()))).unwrap(),
        enroll_engine::privacy::scrub("ssn 123-45-6789")
    );
    assert_ne!(
        api::scrub_text(Some(Measured::Fits("ssn 123-45-6789".into()))).unwrap(),
        "ssn 123-45-6789"
    );
    assert_eq!(
        thrown(api::scrub_text(None)).1,
        "INVALID_ARGUMENT: text must be a string"
    );
    let err = api::scrub_text(Some(Measured::TooLarge)).unwrap_err();
    assert_eq!(err.message, format!("text: {TOO_LARGE}"));
    assert_eq!(api::version(), env!("CARGO_PKG_VERSION"));
    let codes = api::issue_codes();
    assert_eq!(codes.len(), enroll_engine::codes::all_rules().len());
    assert!(codes.iter().any(|r| r.code == "input_too_large"));
}

/// `api::record::preview_records`: each line of a batch answered as
/// `preview_record` answers its text, written as `previewRecord` writes it;
/// every line the command line must answer otherwise is left to it.
#[test]
fn a_batch_of_census_lines_answers_each_line_as_its_record() {
    use api::record::{preview_record, preview_records, LineAnswer, Record, MAX_BATCH_JSON};
    let e = new_engine();
    let now = || opts(json!({ "now": "2026-11-25T12:00:00Z" }));
    let compact = |t: &str| serde_json::from_str::<Value>(t).unwrap().to_string();
    let current = SNAPSHOT.replacen("\"street_one\": \"", "\"street_one\": \"7 ", 1);
    let family = format!(
        r#"{{"previous":{},"current":{}}}"#,
        compact(SNAPSHOT),
        compact(&current)
    );
    let lines: Vec<Vec<u8>> = vec![
        family.clone().into_bytes(),
        b" \t\r".to_vec(),
        compact(SNAPSHOT).into_bytes(),
        b"{\"current\": {\"x\": 1, \"x\": 2}}".to_vec(),
        b"\xEF\xBB\xBF{\"current\": {}}".to_vec(),
        b"{\"current\": {\"employee\": \"\xFF\"}}".to_vec(),
        b"[]".to_vec(),
        Vec::new(),
        b"{\"current\":{}}".to_vec(),
    ];
    let mut bytes = Vec::new();
    let mut ranges = Vec::new();
    for line in &lines {
        ranges.push(bytes.len() as u32);
        bytes.extend_from_slice(line);
        ranges.push(bytes.len() as u32);
        bytes.push(b'\n');
    }
    // A range past the bytes is the caller's.
    ranges.extend([bytes.len() as u32, bytes.len() as u32 + 1]);
    let batch = preview_records(&e, &bytes, &ranges, now()).unwrap();
    use LineAnswer::*;
    assert_eq!(
        batch.answers,
        [Valid, Blank, Valid, Caller, Caller, Caller, Invalid, Blank, Invalid, Caller]
    );
    let mut start = 0;
    for (k, line) in lines.iter().enumerate() {
        let end = batch.ends[k] as usize;
        let json = &batch.json[start..end];
        start = end;
        if !matches!(batch.answers[k], Valid | Invalid) {
            assert!(json.is_empty(), "line {k}");
            continue;
        }
        let text = String::from_utf8(line.clone()).unwrap();
        let Record::Answer(p) = preview_record(&e, Ok(Measured::Fits(text)), now()).unwrap() else {
            panic!("line {k} is answered")
        };
        let mut want = Vec::new();
        assert!(enroll_engine::output::to_writer_js(&mut want, &p));
        assert_eq!(json, want.as_slice(), "line {k}");
        assert_eq!(batch.answers[k] == Valid, p.valid, "line {k}");
    }
    // The family's preview has differences: the answer is the whole preview.
    let first: Value = serde_json::from_slice(&batch.json[..batch.ends[0] as usize]).unwrap();
    assert!(!first["differences"].as_array().unwrap().is_empty());
    // Options are read first, once: refused options are the call's error.
    assert_eq!(
        thrown(preview_records(&e, &bytes, &ranges, opts(json!({ "now": "x" })))).0,
        ErrorCode::InvalidOptions
    );
    // Lines out of order or overlapping (each byte read once): refused.
    for bad in [[0, 5, 4, 9], [5, 9, 0, 4], [3, 2, 4, 4]] {
        assert_eq!(
            thrown(preview_records(&e, &bytes, &bad, now())).0,
            ErrorCode::InvalidArgument,
            "{bad:?}"
        );
    }
    // Past MAX_BATCH_JSON bytes of answers the rest is left to the caller.
    let one = family.len() + 1;
    let repeated = format!("{family}\n").repeat(MAX_BATCH_JSON / 4000);
    let many: Vec<u32> = (0..MAX_BATCH_JSON / 4000)
        .flat_map(|k| [(k * one) as u32, (k * one + family.len()) as u32])
        .collect();
    let batch = preview_records(&e, repeated.as_bytes(), &many, now()).unwrap();
    let answered = batch.answers.iter().filter(|a| **a == Valid).count();
    assert!(answered > 1 && answered < batch.answers.len(), "{answered}");
    assert!(batch.answers[answered..].iter().all(|a| *a == Caller));
    assert!(batch.json.len() <= MAX_BATCH_JSON + batch.ends[0] as usize);
}

/// `api::record::preview_record`: the record split as the command line's
/// `family(text)` split it, each document what JS would have handed the
/// engine (tests/js/record.test.mjs compares the bytes with the JS path).
#[test]
fn a_census_record_previews_as_the_family_it_holds() {
    use api::record::{preview_record, Record};
    let e = new_engine();
    let now = || opts(json!({ "now": "2026-11-25T12:00:00Z" }));
    let answer = |record: &str| match preview_record(&e, text(record), now()).unwrap() {
        Record::Answer(p) => Some(json_of(&p)),
        Record::AsJs => None,
    };
    let preview = |previous: Option<&str>, current: &str| {
        let previous = previous.map_or(Ok(None), some);
        Some(json_of(
            &engine::preview(&e, previous, text(current), now()).unwrap(),
        ))
    };
    let current = SNAPSHOT.replacen("\"street_one\": \"", "\"street_one\": \"7 ", 1);
    let compact = |t: &str| serde_json::from_str::<Value>(t).unwrap().to_string();
    let (p, c) = (compact(SNAPSHOT), compact(&current));
    // A family, its documents as JSON.stringify writes them (spaces or not).
    let family = preview(Some(&p), &c);
    assert!(!family.as_ref().unwrap()["differences"]
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(
        answer(&format!(r#"{{"previous": {SNAPSHOT}, "current": {current}}}"#)),
        family
    );
    assert_eq!(answer(&format!(r#"{{"current":{c},"previous":{p}}}"#)), family);
    // The last of repeated members; a null previous is none.
    assert_eq!(
        answer(&format!(r#"{{"current":{p},"current":{c},"previous":{p}}}"#)),
        family
    );
    assert_eq!(
        answer(&format!(r#"{{"previous":null,"current":{c}}}"#)),
        preview(None, &c)
    );
    // A member that is a string is a document's text.
    let quoted = serde_json::to_string(&current).unwrap();
    assert_eq!(
        answer(&format!(r#"{{"previous":{p},"current":{quoted}}}"#)),
        preview(Some(&p), &current)
    );
    assert_eq!(answer(r#"{"current":"{not json"}"#), preview(None, "{not json"));
    // Anything else is a snapshot alone, read as the engine reads its text.
    for alone in [SNAPSHOT, "[]", "5", r#"{"previous": {}}"#, r#"[{"current": {}}]"#] {
        assert_eq!(answer(alone), preview(None, alone), "{alone}");
    }
    // What JS reads otherwise than serde_json, or writes otherwise: JS decides.
    for as_js in [
        "{not json",
        "\u{feff}{\"current\": {}}",
        r#"{"current": {"employee": {"person": {"first_name": "\ud800"}}}}"#,
        r#"{"current": {"x": 1e400}}"#,
        r#"{"current": {"x": 9007199254740993}}"#,
        r#"{"current": {"x": 0.30000000000000004}}"#,
        r#"{"current": {"x": [1.5], "y": 1e2}}"#,
        r#"{"current": {"x": 1, "x": 2}}"#,
        r#"{"current": {"10": 1}}"#,
    ] {
        assert_eq!(answer(as_js), None, "{as_js}");
    }
    // Too many UTF-16 units for the limit: a snapshot alone, too large.
    let Record::Answer(large) = preview_record(&e, Ok(Measured::TooLarge), now()).unwrap() else {
        panic!("answered")
    };
    assert_eq!(large.issues[0].code, "input_too_large");
    // Options first, then the record.
    let not_a_string: Arg<Text> = Err(input::misuse("record must be a string"));
    assert_eq!(
        thrown(preview_record(&e, not_a_string, opts(json!({ "now": "x" })))).0,
        ErrorCode::InvalidOptions
    );
    let not_a_string: Arg<Text> = Err(input::misuse("record must be a string"));
    assert_eq!(
        thrown(preview_record(&e, not_a_string, now())).1,
        "INVALID_ARGUMENT: record must be a string"
    );
}

/// JSON arguments that are not documents (foldStatus's state and events,
/// buildCallback's, track's `requested`, the census's families, options)
/// are read by serde_json into maps of several hundred bytes each: 4 MiB of
/// `[{"":0}, …]` as foldStatus's events had taken 362 MiB and 3.6 s. Past
/// 500,000 values or 100,000 objects (far above any real argument: below)
/// they are refused unread.
#[test]
fn json_arguments_past_their_value_and_object_bounds_are_refused_unread() {
    use enroll_engine::api::input::{MAX_ARGUMENT_OBJECTS, MAX_ARGUMENT_VALUES};
    let e = new_engine();
    let now = || opts(json!({ "now": "2026-11-25T12:00:00Z" }));
    let preview = engine::preview(&e, Ok(None), text(SNAPSHOT), now()).unwrap();
    let state = serde_json::to_string(&preview).unwrap();
    let objects = |n: usize| format!("[{}{{}}]", "{\"\":0},".repeat(n - 1));
    let numbers = |n: usize| format!("[{}1]", "1,".repeat(n - 1));
    // Events: objects, then plain values.
    assert_eq!(
        thrown(lifecycle::fold_status(text(&state), text(&objects(MAX_ARGUMENT_OBJECTS + 1)), now())),
        (
            ErrorCode::InvalidArgument,
            format!("INVALID_ARGUMENT: events holds more than {MAX_ARGUMENT_OBJECTS} JSON objects; it is not read")
        )
    );
    assert_eq!(
        thrown(lifecycle::fold_status(text(&state), text(&numbers(MAX_ARGUMENT_VALUES + 1)), now())),
        (
            ErrorCode::InvalidArgument,
            format!("INVALID_ARGUMENT: events holds more than {MAX_ARGUMENT_VALUES} JSON values (list items and object members); it is not read")
        )
    );
    // At the bounds they are read (and the events judged as usual).
    let at = lifecycle::fold_status(text(&state), text(&numbers(MAX_ARGUMENT_VALUES)), now()).unwrap();
    assert!(!at.event_issues.is_empty());
    // The state: an unknown member holding the objects.
    let hostile = state.replacen('{', &format!("{{\"x\":{},", objects(MAX_ARGUMENT_OBJECTS)), 1);
    assert_eq!(
        thrown(lifecycle::fold_status(text(&hostile), text("[]"), now())).0,
        ErrorCode::InvalidArgument
    );
    // Options: INVALID_OPTIONS, as options of the wrong shape are.
    let options = format!(
        "{{\"now\":\"2026-11-25T12:00:00Z\",\"x\":{}}}",
        objects(MAX_ARGUMENT_OBJECTS + 1)
    );
    assert_eq!(
        thrown(engine::preview(&e, Ok(None), text(SNAPSHOT), some(&options))).0,
        ErrorCode::InvalidOptions
    );
    // A real state is far below the bounds, even near the input limit: a
    // family of 9,000 dependents.
    let mut big: Value = serde_json::from_str(SNAPSHOT).unwrap();
    let dependent = big["dependents"][0].clone();
    big["dependents"] = Value::Array(
        (0..9_000)
            .map(|k| {
                let mut d = dependent.clone();
                d["id"] = json!(format!("d2000000-0000-4000-8000-{k:012}"));
                d["person"]["first_name"] = json!(format!("Kid{k}"));
                d["person"].as_object_mut().unwrap().remove("ssn");
                d
            })
            .collect(),
    );
    let preview = engine::preview(&e, Ok(None), text(&big.to_string()), now()).unwrap();
    let state = serde_json::to_string(&preview).unwrap();
    assert!(
        (1_500_000..4_194_304).contains(&state.len()),
        "{} bytes",
        state.len()
    );
    fn count(v: &Value, values: &mut usize, objects: &mut usize) {
        match v {
            Value::Array(items) => items.iter().for_each(|x| {
                *values += 1;
                count(x, values, objects)
            }),
            Value::Object(m) => {
                *objects += 1;
                m.values().for_each(|x| {
                    *values += 1;
                    count(x, values, objects)
                })
            }
            _ => {}
        }
    }
    let (mut values, mut objects) = (0, 0);
    count(&serde_json::from_str(&state).unwrap(), &mut values, &mut objects);
    assert!(
        values * 2 < MAX_ARGUMENT_VALUES && objects * 2 < MAX_ARGUMENT_OBJECTS,
        "{values} values, {objects} objects"
    );
    assert!(lifecycle::fold_status(text(&state), text("[]"), now()).is_ok());
}
