//! Partner status callbacks (seed 000): HMAC-SHA256 signatures (round trip,
//! tampering, wrong key, replays, malformed signatures, the header form) and
//! parsing incoming payloads with exact codes and pointers.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use enroll_engine::callback::codes::CALLBACK_CATALOGUE;
use enroll_engine::callback::*;
use enroll_engine::diagnostic::{Layer, CATALOGUE};
use enroll_engine::premium::Money;
use enroll_engine::Severity;
use serde_json::{json, Value};

const SECRET: &[u8] = b"whsec_test_secret";
const TS: i64 = 1_764_090_000;
const BODY: &str = r#"{"event_id":"evt-1"}"#;
const TOLERANCE: i64 = 300;

fn key(secret: &[u8]) -> CallbackSecret {
    CallbackSecret::new(secret).unwrap()
}

fn t(seconds: i64) -> Tolerance {
    Tolerance::seconds(seconds).unwrap()
}

fn code(r: Result<(), VerifyError>) -> &'static str {
    match r {
        Ok(()) => "ok",
        Err(e) => e.code(),
    }
}

// ---- signatures ------------------------------------------------------------

#[test]
fn sign_matches_an_independent_hmac() {
    // python3 -c "import hmac,hashlib; print(hmac.new(b'whsec_test_secret',
    //   b'1764090000.{\"event_id\":\"evt-1\"}', hashlib.sha256).hexdigest())"
    assert_eq!(
        sign(&key(SECRET), TS, BODY),
        "4473f73249edaa5cc9c6d5d2a43722be0ba42295a7cae5c3eb3552e7fb3bf30e"
    );
    // The body as bytes is the same message as the body as text.
    assert_eq!(
        sign(&key(SECRET), TS, BODY.as_bytes()),
        sign(&key(SECRET), TS, BODY)
    );
    // Sixteen zero bytes and an empty body: HMAC-SHA256([0; 16], b"0.")
    // (python3: hmac.new(bytes(16), b"0.", hashlib.sha256).hexdigest()).
    assert_eq!(
        sign(&key(&[0; 16]), 0, ""),
        "b849d5a581847b281957065739df36df2463d1977ea8d6e1e4e6cf33fadc68c3"
    );
}

#[test]
fn secrets_under_16_bytes_are_refused_and_never_shown() {
    for short in [&b""[..], b"x", b"whsec_0123456"] {
        let e = CallbackSecret::new(short).unwrap_err();
        assert_eq!(e.code.as_str(), "INVALID_ARGUMENT");
        assert_eq!(
            e.message,
            format!(
                "secret must be at least 16 bytes (it has {}): use a random secret of 32 bytes or more",
                short.len()
            )
        );
    }
    assert_eq!(MIN_SECRET_BYTES, 16);
    assert!(CallbackSecret::new(*b"0123456789abcdef").is_ok());
    assert_eq!(format!("{:?}", key(SECRET)), "CallbackSecret(17 bytes)");
}

#[test]
fn tolerances_outside_0_to_3600_are_refused() {
    for bad in [-1, -5, 3601, i64::MAX, i64::MIN] {
        let e = Tolerance::seconds(bad).unwrap_err();
        assert_eq!(e.code.as_str(), "INVALID_OPTIONS");
        assert_eq!(
            e.message,
            "toleranceSeconds must be a whole number of seconds from 0 to 3600 (300 is common)"
        );
    }
    assert_eq!(Tolerance::seconds(0).map(Tolerance::get), Ok(0));
    assert_eq!(
        Tolerance::seconds(MAX_TOLERANCE_SECONDS).map(Tolerance::get),
        Ok(3600)
    );
}

#[test]
fn a_body_over_the_input_limit_is_not_read() {
    let big = vec![b' '; enroll_engine::validate::DEFAULT_MAX_INPUT_BYTES + 1];
    let sig = sign(&key(SECRET), TS, &big);
    let r = verify(&key(SECRET), TS, &big, &sig, TS, t(TOLERANCE));
    assert_eq!(code(r), "input_too_large");
    assert_eq!(
        Verification::from(r).message.as_deref(),
        Some("The document is more than 4,194,304 bytes, the input limit; it is not read.")
    );
    // Checked first: before the signature's form.
    assert_eq!(
        code(verify(&key(SECRET), TS, &big, "xyz", TS, t(TOLERANCE))),
        "input_too_large"
    );
    let fits = &big[1..];
    let sig = sign(&key(SECRET), TS, fits);
    assert_eq!(verify(&key(SECRET), TS, fits, &sig, TS, t(TOLERANCE)), Ok(()));
}

#[test]
fn round_trip_within_the_tolerance_window() {
    let sig = sign(&key(SECRET), TS, BODY);
    for now in [TS, TS + TOLERANCE, TS - TOLERANCE, TS + 1] {
        assert_eq!(
            verify(&key(SECRET), TS, BODY, &sig, now, t(TOLERANCE)),
            Ok(()),
            "now {now}"
        );
    }
    // Either case of hex digits.
    assert_eq!(
        verify(&key(SECRET), TS, BODY, &sig.to_uppercase(), TS, t(TOLERANCE)),
        Ok(())
    );
}

#[test]
fn a_changed_byte_a_wrong_key_or_a_changed_timestamp_is_a_mismatch() {
    let sig = sign(&key(SECRET), TS, BODY);
    let changed = BODY.replace("evt-1", "evt-2");
    assert_eq!(
        code(verify(&key(SECRET), TS, &changed, &sig, TS, t(TOLERANCE))),
        "signature_mismatch"
    );
    assert_eq!(
        code(verify(
            &key(SECRET),
            TS,
            format!("{BODY} "),
            &sig,
            TS,
            t(TOLERANCE)
        )),
        "signature_mismatch"
    );
    assert_eq!(
        code(verify(
            &key(b"whsec_test_secreT"),
            TS,
            BODY,
            &sig,
            TS,
            t(TOLERANCE)
        )),
        "signature_mismatch"
    );
    assert_eq!(
        code(verify(&key(SECRET), TS + 1, BODY, &sig, TS, t(TOLERANCE))),
        "signature_mismatch"
    );
    // One flipped hex digit of the signature.
    let mut flipped = sig.clone().into_bytes();
    flipped[10] = if flipped[10] == b'0' { b'1' } else { b'0' };
    let flipped = String::from_utf8(flipped).unwrap();
    assert_eq!(
        code(verify(&key(SECRET), TS, BODY, &flipped, TS, t(TOLERANCE))),
        "signature_mismatch"
    );
}

#[test]
fn stale_or_future_timestamps_are_replays() {
    let sig = sign(&key(SECRET), TS, BODY);
    let stale = verify(&key(SECRET), TS, BODY, &sig, TS + TOLERANCE + 1, t(TOLERANCE));
    assert_eq!(code(stale), "timestamp_outside_tolerance");
    assert_eq!(
        stale.unwrap_err().message(),
        "The signature's timestamp 1764090000 is more than 300 seconds from now (1764090301)."
    );
    let future = verify(&key(SECRET), TS, BODY, &sig, TS - TOLERANCE - 1, t(TOLERANCE));
    assert_eq!(code(future), "timestamp_outside_tolerance");
    // A tolerance of 0: only the exact second passes.
    assert_eq!(verify(&key(SECRET), TS, BODY, &sig, TS, t(0)), Ok(()));
    assert_eq!(
        code(verify(&key(SECRET), TS, BODY, &sig, TS + 1, t(0))),
        "timestamp_outside_tolerance"
    );
    // Extreme values do not overflow.
    let far = sign(&key(SECRET), i64::MIN, BODY);
    assert_eq!(
        code(verify(&key(SECRET), i64::MIN, BODY, &far, i64::MIN + 5, t(5))),
        "ok"
    );
    assert_eq!(
        code(verify(&key(SECRET), i64::MIN, BODY, &far, i64::MAX, t(3600))),
        "timestamp_outside_tolerance"
    );
}

#[test]
fn malformed_signatures() {
    let sig = sign(&key(SECRET), TS, BODY);
    for bad in [
        String::new(),
        sig[..63].to_owned(),
        format!("{sig}0"),
        format!("{}zz", &sig[..62]),
        format!(" {}", &sig[..63]),
        "é".repeat(32),
        format!("sha256={sig}"),
    ] {
        assert_eq!(
            code(verify(&key(SECRET), TS, BODY, &bad, TS, t(TOLERANCE))),
            "signature_malformed",
            "{bad}"
        );
    }
    // Malformed is reported before the time: nothing was authenticated.
    assert_eq!(
        code(verify(&key(SECRET), TS, BODY, "xyz", TS + 9999, t(TOLERANCE))),
        "signature_malformed"
    );
    // A wrong signature at a stale time is a mismatch, not a replay.
    let other = sign(&key(b"another secret, 16+ bytes"), TS, BODY);
    assert_eq!(
        code(verify(&key(SECRET), TS, BODY, &other, TS + 9999, t(TOLERANCE))),
        "signature_mismatch"
    );
}

#[test]
fn header_form() {
    let header = signature_header(&key(SECRET), TS, BODY);
    assert_eq!(header, format!("t={TS},v1={}", sign(&key(SECRET), TS, BODY)));
    assert_eq!(
        verify_header(&key(SECRET), &header, BODY, TS + 10, t(TOLERANCE)),
        Ok(())
    );
    // Spaces, unknown schemes, and a rotated secret's second v1.
    let rotated = format!(
        "t={TS}, v0=abc, v1={}, v1={}",
        sign(&key(b"the old secret, rotated"), TS, BODY),
        sign(&key(SECRET), TS, BODY)
    );
    assert_eq!(
        verify_header(&key(SECRET), &rotated, BODY, TS, t(TOLERANCE)),
        Ok(())
    );
    assert_eq!(
        code(verify_header(&key(SECRET), &header, "{}", TS, t(TOLERANCE))),
        "signature_mismatch"
    );
    assert_eq!(
        code(verify_header(&key(SECRET), &header, BODY, TS + 301, t(TOLERANCE))),
        "timestamp_outside_tolerance"
    );
    let v1 = sign(&key(SECRET), TS, BODY);
    for bad in [
        String::new(),
        format!("v1={v1}"),
        format!("t={TS}"),
        format!("t=soon,v1={v1}"),
        format!("t={TS},t={TS},v1={v1}"),
        format!("t={TS};v1={v1}"),
    ] {
        assert_eq!(
            code(verify_header(&key(SECRET), &bad, BODY, TS, t(TOLERANCE))),
            "signature_header_malformed",
            "{bad}"
        );
    }
}

#[test]
fn verification_as_data() {
    let sig = sign(&key(SECRET), TS, BODY);
    let ok = Verification::from(verify(&key(SECRET), TS, BODY, &sig, TS, t(TOLERANCE)));
    assert_eq!(
        serde_json::to_value(ok).unwrap(),
        json!({"valid": true, "code": null, "message": null})
    );
    let bad = Verification::from(verify(&key(SECRET), TS, BODY, "00", TS, t(TOLERANCE)));
    assert_eq!(
        serde_json::to_value(bad).unwrap(),
        json!({"valid": false, "code": "signature_malformed",
               "message": "The signature is not 64 hexadecimal digits."})
    );
}

// ---- parsing ---------------------------------------------------------------

/// A transaction update with every category filled in.
fn transaction_update() -> Value {
    json!({
        "event_id": "evt-0001",
        "event_type": "transaction.updated",
        "created": "2026-11-26T09:30:00Z",
        "identifiers": {
            "snapshot_id": "snap-42",
            "transaction_id": "T-9f2c1a7e5b3d4c60",
            "carrier_id": "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d03",
            "group_id": "grp-1",
            "partner_reference": "REQ-77",
            "employee_reference": "EMP-1001"
        },
        "processing_status": {
            "status": "completed",
            "status_detail": "carrier_completed",
            "succeeded": true,
            "requires_action": false
        },
        "validation_feedback": [
            {"code": "ssn_placeholder", "severity": "warning",
             "message": "SSN *****6789 looks like a placeholder, not a real number.",
             "path": "/employee/person/ssn"}
        ],
        "completion": {"completed_at": "2026-11-26T09:29:00-05:00", "verified_at": null},
        "follow_up": [],
        "financial_summary": {
            "on": "2026-12-01",
            "lines": [
                {"line_of_coverage": "life", "carrier_id": "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d03",
                 "plan_id": "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e03",
                 "monthly_cents": 2730, "employer_cents": 500, "employee_cents": 2230}
            ],
            "total": {"monthly_cents": 2730, "employer_cents": 500, "employee_cents": 2230},
            "change": {"monthly_cents": 0, "employer_cents": 0, "employee_cents": 0}
        }
    })
}

fn eoi() -> Value {
    json!({"kind": "evidence_of_insurability",
           "description": "Life volume above guaranteed issue needs evidence of insurability.",
           "reference": "/coverages/2/enrolled_members/0/volume", "due_date": "2026-12-31"})
}

/// The transaction update still processing, asking for evidence of insurability.
fn processing_update() -> Value {
    let mut d = transaction_update();
    d["processing_status"] = json!({"status": "processing", "status_detail": "carrier_processing",
                                    "succeeded": false, "requires_action": true});
    d["completion"] = Value::Null;
    d["follow_up"] = json!([eoi()]);
    d
}

fn parse(doc: &Value) -> ParsedCallback {
    parse_callback_str(&doc.to_string())
}

fn edited(edit: impl FnOnce(&mut Value)) -> Value {
    let mut d = transaction_update();
    edit(&mut d);
    d
}

/// `(code, path)` of every issue.
fn found(p: &ParsedCallback) -> Vec<(String, String)> {
    p.issues
        .iter()
        .map(|i| (i.code.clone(), i.path.clone()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(c, p)| ((*c).to_owned(), (*p).to_owned()))
        .collect()
}

#[test]
fn a_valid_transaction_update() {
    let parsed = parse(&transaction_update());
    assert_eq!(parsed.issues, vec![]);
    assert!(parsed.valid);
    let p = parsed.payload.unwrap();
    assert_eq!(p.event_type, CallbackEventType::TransactionUpdated);
    assert_eq!(p.created.to_string(), "2026-11-26T09:30:00Z");
    assert_eq!(
        p.identifiers.transaction_id.as_deref(),
        Some("T-9f2c1a7e5b3d4c60")
    );
    assert_eq!(p.identifiers.partner_reference.as_deref(), Some("REQ-77"));
    assert_eq!(p.processing_status.status, ProcessingState::Completed);
    assert_eq!(
        p.processing_status.status_detail,
        Some(StatusStep::CarrierCompleted)
    );
    assert_eq!(p.validation_feedback[0].severity, Severity::Warning);
    // The offset is converted: 09:29 at −05:00 is 14:29Z.
    let completion = p.completion.clone().unwrap();
    assert_eq!(
        completion.completed_at.map(|t| t.to_string()),
        Some("2026-11-26T14:29:00Z".into())
    );
    assert_eq!(completion.verified_at, None);
    assert_eq!(p.follow_up, vec![]);
    let f = p.financial_summary.clone().unwrap();
    assert_eq!(
        f.total,
        Money {
            monthly_cents: 2730,
            employer_cents: 500,
            employee_cents: 2230
        }
    );
    // What we serialize parses back to the same payload.
    let again = parse_callback_str(&serde_json::to_string(&p).unwrap());
    assert_eq!((again.valid, again.payload), (true, Some(p)));
}

#[test]
fn a_valid_processing_update_with_a_follow_up() {
    let parsed = parse(&processing_update());
    assert_eq!(parsed.issues, vec![]);
    let p = parsed.payload.unwrap();
    assert_eq!(
        (p.processing_status.status, p.processing_status.requires_action),
        (ProcessingState::Processing, true)
    );
    assert_eq!(p.follow_up[0].kind, FollowUpKind::EvidenceOfInsurability);
    assert_eq!(
        p.follow_up[0].reference.as_deref(),
        Some("/coverages/2/enrolled_members/0/volume")
    );
    assert_eq!(
        p.follow_up[0].due_date.map(|d| d.to_string()),
        Some("2026-12-31".into())
    );
}

#[test]
fn a_minimal_snapshot_update() {
    let doc = json!({
        "event_id": "evt-2", "event_type": "snapshot.updated", "created": "2026-11-25T17:00:00Z",
        "identifiers": {"snapshot_id": "snap-42"},
        "processing_status": {"status": "processing", "succeeded": false, "requires_action": false}
    });
    let parsed = parse(&doc);
    assert_eq!(parsed.issues, vec![]);
    let p = parsed.payload.unwrap();
    assert_eq!(
        (
            p.validation_feedback.len(),
            p.follow_up.len(),
            p.completion,
            p.financial_summary
        ),
        (0, 0, None, None)
    );
    assert_eq!(p.identifiers.transaction_id, None);
    // Nulls are absent.
    let doc = json!({
        "event_id": "evt-3", "event_type": "snapshot.updated", "created": "2026-11-25T17:00:00Z",
        "identifiers": {"snapshot_id": "snap-42", "transaction_id": null, "partner_reference": null},
        "processing_status": {"status": "replaced", "status_detail": null, "succeeded": false,
                              "requires_action": false},
        "completion": null, "financial_summary": null
    });
    assert_eq!(parse(&doc).issues, vec![]);
}

#[test]
fn text_that_is_not_a_payload() {
    let p = parse_callback_str("{\"event_id\": ");
    assert_eq!(found(&p), pairs(&[("json_syntax", "")]));
    assert_eq!((p.valid, p.payload), (false, None));
    assert_eq!(found(&parse_callback_str("[1]")), pairs(&[("not_an_object", "")]));
    assert_eq!(found(&parse_callback_str("")), pairs(&[("json_syntax", "")]));
    // Deep nesting is a syntax error, not a stack overflow.
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert_eq!(found(&parse_callback_str(&deep)), pairs(&[("json_syntax", "")]));
}

#[test]
fn missing_fields() {
    let p = parse(&json!({}));
    assert_eq!(
        found(&p),
        pairs(&[
            ("missing_field", "/event_id"),
            ("missing_field", "/event_type"),
            ("missing_field", "/created"),
            ("missing_field", "/identifiers"),
            ("missing_field", "/processing_status"),
        ])
    );
    assert_eq!(p.payload, None);
    let p = parse(&edited(|d| {
        let ids = d["identifiers"].as_object_mut().unwrap();
        ids.remove("transaction_id");
        ids.remove("snapshot_id");
        d["processing_status"]
            .as_object_mut()
            .unwrap()
            .remove("succeeded");
        d["follow_up"] = json!([eoi()]);
        d["follow_up"][0].as_object_mut().unwrap().remove("description");
    }));
    assert_eq!(
        found(&p),
        pairs(&[
            ("missing_field", "/identifiers/snapshot_id"),
            ("missing_field", "/identifiers/transaction_id"),
            ("missing_field", "/processing_status/succeeded"),
            ("missing_field", "/follow_up/0/description"),
        ])
    );
    // A snapshot update needs no transaction_id.
    let p = parse(&edited(|d| {
        d["event_type"] = json!("snapshot.updated");
        d["identifiers"].as_object_mut().unwrap().remove("transaction_id");
        d["processing_status"]["status_detail"] = Value::Null;
    }));
    assert_eq!(found(&p), vec![]);
}

#[test]
fn wrong_types_and_values() {
    let p = parse(&edited(|d| {
        d["event_id"] = json!(17);
        d["event_type"] = json!("transaction.created");
        d["created"] = json!("2026-11-26 09:30");
        d["identifiers"]["carrier_id"] = json!("");
        d["processing_status"]["requires_action"] = json!("yes");
        d["processing_status"]["status_detail"] = json!("carrier_done");
        d["validation_feedback"][0]["severity"] = json!("critical");
        d["validation_feedback"][0]["path"] = json!("employee/person");
        d["completion"]["verified_at"] = json!(1764090000);
        d["follow_up"] = json!([eoi()]);
        d["follow_up"][0]["kind"] = json!("eoi");
        d["follow_up"][0]["due_date"] = json!("2026-02-30");
        d["financial_summary"]["lines"][0]["employer_cents"] = json!(500.5);
        d["financial_summary"]["total"] = json!([2730]);
    }));
    assert_eq!(
        found(&p),
        pairs(&[
            ("wrong_type", "/event_id"),
            ("unknown_enum_value", "/event_type"),
            ("invalid_timestamp", "/created"),
            ("empty_value", "/identifiers/carrier_id"),
            ("unknown_enum_value", "/processing_status/status_detail"),
            ("wrong_type", "/processing_status/requires_action"),
            ("unknown_enum_value", "/validation_feedback/0/severity"),
            ("invalid_json_pointer", "/validation_feedback/0/path"),
            ("wrong_type", "/completion/verified_at"),
            ("unknown_enum_value", "/follow_up/0/kind"),
            ("impossible_date", "/follow_up/0/due_date"),
            ("wrong_type", "/financial_summary/lines/0/employer_cents"),
            ("wrong_type", "/financial_summary/total"),
        ])
    );
    assert_eq!(
        p.issues[2].message,
        "\"2026-11-26 09:30\" is not a timestamp like 2026-11-25T17:00:00Z."
    );
    assert_eq!((p.valid, p.payload), (false, None));
    // Lists and objects of the wrong type.
    let p = parse(&edited(|d| {
        d["validation_feedback"] = json!({});
        d["follow_up"] = json!(["see attached"]);
        d["identifiers"] = json!("snap-42");
    }));
    assert_eq!(
        found(&p),
        pairs(&[
            ("wrong_type", "/identifiers"),
            ("wrong_type", "/validation_feedback"),
            ("wrong_type", "/follow_up/0"),
        ])
    );
}

#[test]
fn json_pointers_in_feedback() {
    let with_path = |path: &str| parse(&edited(|d| d["validation_feedback"][0]["path"] = json!(path)));
    for good in ["", "/", "/a~0b/c~1d", "/coverages/0"] {
        assert_eq!(found(&with_path(good)), vec![], "{good}");
    }
    for bad in ["a", "/a~2", "/a~", "#/a"] {
        assert_eq!(
            found(&with_path(bad)),
            pairs(&[("invalid_json_pointer", "/validation_feedback/0/path")]),
            "{bad}"
        );
    }
}

#[test]
fn fields_that_contradict_each_other() {
    let check = |edit: fn(&mut Value)| {
        let p = parse(&edited(edit));
        assert!(!p.valid);
        p.issues
            .iter()
            .map(|i| {
                (
                    i.code.clone(),
                    i.path.clone(),
                    i.params["reason"].as_str().unwrap().to_owned(),
                )
            })
            .collect::<Vec<_>>()
    };
    let one = |path: &str, reason: &str| {
        vec![(
            "callback_inconsistent".to_owned(),
            path.to_owned(),
            reason.to_owned(),
        )]
    };
    assert_eq!(
        check(|d| d["processing_status"]["succeeded"] = json!(false)),
        one(
            "/processing_status/succeeded",
            "succeeded is false but status is completed"
        )
    );
    assert_eq!(
        check(|d| {
            *d = processing_update();
            d["processing_status"]["requires_action"] = json!(false);
        }),
        one(
            "/processing_status/requires_action",
            "requires_action is false but follow-ups are listed"
        )
    );
    // Source S1: a completed update asks nothing of the partner.
    assert_eq!(
        check(|d| d["processing_status"]["requires_action"] = json!(true)),
        one(
            "/processing_status/requires_action",
            "requires_action is true but status is completed"
        )
    );
    assert_eq!(
        check(|d| d["follow_up"] = json!([eoi()])),
        one("/follow_up", "follow-ups are listed but status is completed")
    );
    assert_eq!(
        check(|d| {
            d["processing_status"]["requires_action"] = json!(true);
            d["follow_up"] = json!([eoi()]);
        }),
        vec![
            (
                "callback_inconsistent".to_owned(),
                "/processing_status/requires_action".to_owned(),
                "requires_action is true but status is completed".to_owned()
            ),
            (
                "callback_inconsistent".to_owned(),
                "/follow_up".to_owned(),
                "follow-ups are listed but status is completed".to_owned()
            ),
        ]
    );
    // A verified snapshot update with a documentation request is no better.
    assert_eq!(
        check(|d| {
            d["event_type"] = json!("snapshot.updated");
            d["processing_status"]["status_detail"] = Value::Null;
            d["completion"]["verified_at"] = json!("2026-12-01T00:00:00Z");
            d["follow_up"] = json!([{"kind": "documentation", "description": "Proof of the event.",
                                     "reference": "T-9f2c1a7e5b3d4c60"}]);
        }),
        one("/follow_up", "follow-ups are listed but status is completed")
    );
    assert_eq!(
        check(|d| d["event_type"] = json!("snapshot.updated")),
        one(
            "/processing_status/status_detail",
            "a snapshot update has no status_detail"
        )
    );
    assert_eq!(
        check(|d| {
            d["event_type"] = json!("snapshot.updated");
            d["processing_status"] = json!({"status": "failed", "succeeded": false, "requires_action": true});
        }),
        one(
            "/processing_status/status",
            "a snapshot.updated update has no status failed"
        )
    );
    // A completed step means completed (the reverse need not hold: a Send
    // carrier's transaction completes with its file, whatever step it reported).
    assert_eq!(
        check(|d| {
            d["processing_status"] = json!({"status": "processing", "status_detail": "carrier_completed",
                                            "succeeded": false, "requires_action": true});
            d["completion"] = Value::Null;
        }),
        one(
            "/processing_status/status_detail",
            "status_detail carrier_completed with status processing"
        )
    );
    let p = parse(&edited(|d| {
        d["processing_status"]["status_detail"] = json!("carrier_processing")
    }));
    assert!(p.valid, "{:?}", p.issues);
    assert_eq!(
        check(|d| d["processing_status"]["status_detail"] = json!("noyo_verified")),
        one(
            "/processing_status/status_detail",
            "noyo_verified needs completion.verified_at"
        )
    );
    assert_eq!(
        check(|d| d["completion"] = Value::Null),
        one("/completion", "a completed status needs completion.completed_at")
    );
    assert_eq!(
        check(|d| d["completion"]["verified_at"] = json!("2026-11-26T14:28:59Z")),
        one(
            "/completion/verified_at",
            "verified_at 2026-11-26T14:28:59Z is before completed_at 2026-11-26T14:29:00Z"
        )
    );
    assert_eq!(
        check(|d| d["financial_summary"]["lines"][0]["employee_cents"] = json!(2231)),
        vec![
            (
                "callback_inconsistent".to_owned(),
                "/financial_summary/lines/0".to_owned(),
                "employer_cents + employee_cents is not monthly_cents".to_owned()
            ),
            (
                "callback_inconsistent".to_owned(),
                "/financial_summary/total".to_owned(),
                "the total is not the sum of the lines".to_owned()
            ),
        ]
    );
    assert_eq!(
        check(|d| d["financial_summary"]["change"]["employer_cents"] = json!(1)),
        one(
            "/financial_summary/change",
            "employer_cents + employee_cents is not monthly_cents"
        )
    );
    // A failed transaction that asks nothing of the partner.
    assert_eq!(
        check(|d| {
            d["processing_status"] =
                json!({"status": "failed", "succeeded": false, "requires_action": false});
            d["follow_up"] = json!([]);
            d["completion"] = Value::Null;
        }),
        one(
            "/processing_status/requires_action",
            "requires_action is false but the status is failed"
        )
    );
}

#[test]
fn unknown_fields_are_ignored_and_typos_warned() {
    let p = parse(&edited(|d| {
        d["finacial_summary"] = json!(null);
        d["x_partner_extension"] = json!({"anything": 1});
    }));
    assert_eq!(found(&p), pairs(&[("unknown_field_typo", "/finacial_summary")]));
    assert_eq!(p.issues[0].severity, Severity::Warning);
    assert!(p.valid && p.payload.is_some());
}

#[test]
fn never_panics_on_odd_input() {
    for body in [
        "null",
        "\"evt\"",
        "1e999",
        "{\"event_id\": \"\u{0}\", \"created\": \"9999-12-31T23:59:60Z\"}",
        "{\"financial_summary\": {\"lines\": [{\"monthly_cents\": 1e30}], \"total\": {}}}",
        "{\"financial_summary\": {\"lines\": [{\"monthly_cents\": 9223372036854775807, \"employer_cents\": 1, \"employee_cents\": 0}]}}",
        "\u{feff}{}",
    ] {
        let p = parse_callback_str(body);
        assert!(!p.valid, "{body}");
    }
    // Money at the edge of i64 is out of range (review 31d #4), not added.
    let p = parse(&edited(|d| {
        d["financial_summary"]["lines"][0] = json!({"line_of_coverage": null, "carrier_id": null, "plan_id": null,
            "monthly_cents": i64::MAX, "employer_cents": i64::MAX, "employee_cents": 1});
    }));
    assert_eq!(
        found(&p),
        pairs(&[
            ("out_of_range", "/financial_summary/lines/0/monthly_cents"),
            ("out_of_range", "/financial_summary/lines/0/employer_cents"),
        ])
    );
}

/// Review 31d #4: every cents figure is one JavaScript holds exactly
/// (docs/api.md, Premium: at most 2^53 − 1), and the lines' sum is checked,
/// not saturated.
#[test]
fn cents_javascript_cannot_hold_and_sums_that_overflow_are_issues() {
    const SAFE: i64 = 9_007_199_254_740_991;
    let with_money = |lines: Vec<[i64; 3]>, total: [i64; 3]| {
        let money =
            |[m, er, ee]: [i64; 3]| json!({"monthly_cents": m, "employer_cents": er, "employee_cents": ee});
        parse(&edited(|d| {
            let f = &mut d["financial_summary"];
            f["lines"] = lines
                .into_iter()
                .map(|l| {
                    let mut line = money(l);
                    line["line_of_coverage"] = json!("life");
                    line
                })
                .collect();
            f["total"] = money(total);
            f["change"] = Value::Null;
        }))
    };
    // The review's: monthly 2^53 + 2, employer 2^53 + 1 (JS reads 2^53), employee 1.
    let beyond = [SAFE + 3, SAFE + 2, 1];
    let p = with_money(vec![beyond], beyond);
    assert_eq!(
        found(&p),
        pairs(&[
            ("out_of_range", "/financial_summary/lines/0/monthly_cents"),
            ("out_of_range", "/financial_summary/lines/0/employer_cents"),
            ("out_of_range", "/financial_summary/total/monthly_cents"),
            ("out_of_range", "/financial_summary/total/employer_cents"),
        ])
    );
    assert!(!p.valid && p.payload.is_none());
    assert_eq!(p.issues[0].params["max"], json!(SAFE));
    assert_eq!(p.issues[0].params["min"], json!(-SAFE));
    assert_eq!(
        p.issues[0].message,
        "9007199254740994 is out of range: -(2^53 - 1) to 2^53 - 1, what JavaScript holds exactly."
    );
    // The review's other: two lines of i64::MAX and a total of i64::MAX had
    // passed "the total is the sum of the lines" (the sum saturated).
    let p = with_money(vec![[i64::MAX, i64::MAX, 0]; 2], [i64::MAX, i64::MAX, 0]);
    let codes: Vec<String> = found(&p).into_iter().map(|(c, _)| c).collect();
    assert_eq!(codes, ["out_of_range"; 6]);
    // The largest figures JavaScript holds are read, negative ones too (a change).
    let p = with_money(vec![[SAFE, SAFE - 1, 1]], [SAFE, SAFE - 1, 1]);
    assert!(p.valid, "{:?}", found(&p));
    let p = with_money(vec![[-SAFE, -SAFE, 0]], [-SAFE, -SAFE, 0]);
    assert!(p.valid, "{:?}", found(&p));
    // The review's saturation, within range: 1,025 lines of 2^53 − 1 overflow
    // i64; a total that a saturated sum (i64::MAX) had matched cannot be
    // written, and no total is the overflowed sum.
    let p = with_money(vec![[SAFE, SAFE, 0]; 1025], [SAFE, SAFE, 0]);
    assert_eq!(
        found(&p),
        pairs(&[("callback_inconsistent", "/financial_summary/total")])
    );
    assert_eq!(
        p.issues[0].params["reason"],
        "the total is not the sum of the lines"
    );
    // Two lines whose sum passes 2^53 − 1 have no total either.
    let p = with_money(vec![[SAFE, SAFE, 0], [1, 1, 0]], [SAFE, SAFE, 0]);
    assert_eq!(
        found(&p),
        pairs(&[("callback_inconsistent", "/financial_summary/total")])
    );
}

#[test]
fn the_catalogue_is_well_formed() {
    let mut codes: Vec<&str> = CALLBACK_CATALOGUE.iter().map(|r| r.code).collect();
    assert!(CALLBACK_CATALOGUE.iter().all(|r| r.layer == Layer::Callback));
    let all = codes.len();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), all);
    assert!(codes.iter().all(|c| !CATALOGUE.iter().any(|r| r.code == *c)));
    for e in [
        VerifyError::SignatureMalformed,
        VerifyError::SignatureMismatch,
        VerifyError::HeaderMalformed,
    ] {
        assert!(codes.contains(&e.code()));
    }
}

#[test]
fn the_financial_summary_comes_from_the_premium_summary() {
    use enroll_engine::model::Date;
    use enroll_engine::premium::premium_summary;
    use enroll_engine::validate::{check_config_str, read_structure, DEFAULT_MAX_INPUT_BYTES};
    let read = |name: &str| {
        std::fs::read_to_string(format!(
            "{}/tests/fixtures/premium/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    let (config, _) = check_config_str(&read("group.json"), DEFAULT_MAX_INPUT_BYTES);
    let snapshot = read_structure(&read("family-of-four.json"), DEFAULT_MAX_INPUT_BYTES)
        .0
        .unwrap();
    let premium = premium_summary(&config, &snapshot, None, Date::parse("2026-12-01").unwrap());
    let financial = FinancialSummary::from(&premium);
    assert_eq!(
        serde_json::to_value(&financial).unwrap()["lines"][1],
        json!({"line_of_coverage": "dental", "carrier_id": "0b1e5c2a-6a4f-4d4e-9c1b-2f3a4b5c6d02",
               "plan_id": "7c0d6e1f-1a2b-4c3d-8e4f-5a6b7c8d9e02",
               "calculation_type": "member_based", "tier": null, "rate": null, "priced": true, "unpriced_reason": null,
               "monthly_cents": 13829, "employer_cents": 6915, "employee_cents": 6914})
    );
    let doc = edited(|d| d["financial_summary"] = serde_json::to_value(&financial).unwrap());
    let parsed = parse(&doc);
    assert_eq!(parsed.issues, vec![]);
    assert_eq!(parsed.payload.unwrap().financial_summary, Some(financial));
}

/// Review 31d #2: nine-digit sequence numbers show masked in every output,
/// so two distinct callbacks (`100000001`, `100010001`) parse to the same
/// `event_id` (`*****0001`). Each identifier that shows masked gets a
/// warning at its pointer; the payload stays valid.
#[test]
fn identifiers_that_show_masked_are_flagged_so_no_one_deduplicates_on_them() {
    let masked = "callback_identifier_masked";
    let mut seen = Vec::new();
    for (event_id, reference) in [("100000001", "555000123"), ("100010001", "555990123")] {
        let p = parse(&edited(|d| {
            d["event_id"] = json!(event_id);
            d["identifiers"]["partner_reference"] = json!(reference);
        }));
        assert_eq!(
            found(&p),
            pairs(&[(masked, "/event_id"), (masked, "/identifiers/partner_reference")])
        );
        assert!(p.valid && p.issues.iter().all(|i| i.severity == Severity::Warning));
        assert_eq!(p.issues[0].params["field"], "event_id");
        assert_eq!(
            p.issues[0].message,
            "event_id shows masked, as every output of the engine masks nine digits in a row or an SSN's shape: distinct values may show alike, so do not de-duplicate or match on it."
        );
        let shown = enroll_engine::privacy::to_value(&p.payload).unwrap();
        seen.push(shown["event_id"].clone());
    }
    // What the review saw: both show alike, hence the warning.
    assert_eq!(seen, [json!("*****0001"), json!("*****0001")]);
    // Every identifier, an SSN's shape too; ids shown as written are not flagged.
    let p = parse(&edited(|d| {
        d["identifiers"] = json!({"snapshot_id": "219-45-3876", "transaction_id": "T-9f2c1a7e5b3d4c60",
            "carrier_id": "carrier-123456789", "group_id": "grp 219 453 876",
            "partner_reference": "REQ-77", "employee_reference": "400000004"});
    }));
    assert_eq!(
        found(&p),
        pairs(&[
            (masked, "/identifiers/snapshot_id"),
            (masked, "/identifiers/carrier_id"),
            (masked, "/identifiers/group_id"),
            (masked, "/identifiers/employee_reference"),
        ])
    );
    assert!(p.valid);
    let p = parse(&edited(|d| d["event_id"] = json!("10000001")));
    assert_eq!(found(&p), vec![]);
}
