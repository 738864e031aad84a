//! The Verktøy API documents its error codes but not the body that carries them. Whatever shape
//! an error arrives in, the documented code is found: a property test generates each shape the
//! services around Helsenorge use, with any documented code and any message, and serves it from a
//! loopback server to a real client call.

use helsenorge_verktoy::{ErrorCode, Uuid, VerktoyClient};
use hint_testkit::http::*;
use hint_testkit::*;
use proptest::prelude::*;
use serde_json::json;

/// The shapes, by name: `(content type, body)` for a code and a message.
fn shape(which: usize, code: &str, message: &str) -> (&'static str, String) {
    let body = match which {
        0 => json!({ "ErrorCode": code, "Message": message }),
        1 => json!({ "ErrorCode": code, "ErrorMessage": message }),
        2 => json!({ "errorCode": code, "errorMessage": message, "eventId": "e-1" }),
        3 => json!({ "Code": code, "Description": message }),
        4 => json!({ "code": code, "message": message }),
        5 => json!({
            "resourceType": "OperationOutcome",
            "issue": [{ "severity": "error", "code": "processing", "diagnostics": format!("{code} {message}") }]
        }),
        6 => json!(format!("{code}: {message}")),
        7 => {
            json!({ "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1", "title": "Bad Request", "status": 400, "ErrorCode": code, "detail": message })
        }
        8 => {
            json!({ "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1", "title": "Bad Request", "status": 400, "detail": format!("{code}: {message}") })
        }
        9 => json!({ "Errors": [{ "ErrorCode": code, "Message": message }] }),
        10 => json!({ "message": message, "errors": [{ "code": code, "message": message }] }),
        11 => {
            json!({ "title": "One or more validation errors occurred.", "status": 400, "errors": { "InnbyggerFnr": [format!("{code}: {message}")] } })
        }
        _ => return ("text/plain", format!("{code} {message}")),
    };
    let ct = if (7..=8).contains(&which) || which == 11 {
        "application/problem+json"
    } else if which == 5 {
        "application/fhir+json"
    } else {
        "application/json"
    };
    (ct, body.to_string())
}
const SHAPES: usize = 13;

#[test]
fn a_documented_code_is_found_in_every_shape() {
    let h = http::<VerktoyClient>();
    let codes: Vec<&'static str> = ErrorCode::KNOWN.iter().map(|c| c.as_str()).collect();
    let strategy = (
        0..SHAPES,
        prop::sample::select(codes),
        "[a-zA-ZæøåÆØÅ ,.:]{0,40}",
        prop::sample::select(vec![400u16, 404, 409, 500]),
    );
    // Every shape at least once, then random combinations.
    for which in 0..SHAPES {
        let (ct, body) = shape(which, "VER-000228", "Innbygger er ikke digitalt aktiv");
        h.slots
            .set(vec![("", answer(400, ct, &[], body.into_bytes()))]);
        let err =
            h.rt.block_on(h.client.get_verktoy(Uuid::nil()))
                .unwrap_err();
        assert_eq!(
            err.code_as::<ErrorCode>(),
            Some(ErrorCode::InnbyggerIkkeDigitaltAktiv),
            "shape {which}: {err}"
        );
    }
    run(96, strategy, |(which, code, message, status)| {
        let (ct, body) = shape(which, code, &message);
        h.slots.set(vec![(
            "",
            answer(status, ct, &[], body.clone().into_bytes()),
        )]);
        let err = h.rt.block_on(h.client.get_verktoy(Uuid::nil()));
        let err = match err {
            Err(e) => e,
            Ok(v) => return Err(TestCaseError::fail(format!("{body}: not an error: {v:?}"))),
        };
        prop_assert_eq!(
            err.code_as::<ErrorCode>(),
            Some(ErrorCode::from_code(code)),
            "shape {} ({}): {}",
            which,
            body,
            err
        );
        prop_assert_eq!(err.status(), Some(status));
        Ok(())
    });
}
