//! Reading a service's error body into an [`Error`].
//!
//! The services behind HINT answer errors in several shapes; this module knows them all so no
//! service crate has to:
//! - Microsoft REST guidelines: `{"error":{"code","message","target","details","innererror"}}`
//! - RFC 7807 problem details: `{"type","title","status","detail","instance"}`
//! - Noark 5: `{"feil":{"kode","beskrivelse"}}`
//! - OAuth 2.0: `{"error":"invalid_token","error_description":"…"}`
//! - Azure API Management: `{"statusCode":401,"message":"…"}`
//! - Helsenorge: a code like `VER-000228` under `ErrorCode`, `errorCode`, `Code`, `code`, in a
//!   FHIR `OperationOutcome`'s diagnostics, in problem details' `detail` (`"VER-000228: …"`), in
//!   a nested list (`{"Errors":[{"ErrorCode":…}]}`, ASP.NET's `{"errors":{"Field":["…"]}}`), in
//!   a bare JSON string, or in plain text.

use serde_json::Value;

use crate::error::{Error, ErrorKind};
use crate::scrub::SentSecrets;

/// The one masking function of the SDK lives in helseid-auth, the lowest crate.
pub(crate) use helseid_auth::privacy::mask_personal_numbers;

/// How much of a body an error keeps.
const EXCERPT_CHARS: usize = 512;

/// Builds the error for a non-success response.
pub(crate) fn from_response(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    retry_after: Option<std::time::Duration>,
    secrets: &SentSecrets,
) -> Error {
    // Scrubbed before anything is read out of it or cut: the message, code, target and excerpt
    // then all come from text without secrets or personal numbers, and no cut can leave half a
    // secret behind.
    let text = secrets.scrub(&String::from_utf8_lossy(body));
    let parsed = parse(content_type, &text);
    let message = parsed
        .message
        .unwrap_or_else(|| default_message(status).to_owned());
    let excerpt = (!text.trim().is_empty()).then(|| truncate(&text, EXCERPT_CHARS));
    let code = parsed.code.map(crate::error::cap);
    Error::service(status, code.as_deref(), message)
        .set_target(parsed.target)
        .set_body_excerpt(excerpt)
        .set_retry_after(retry_after)
}

/// What could be read out of an error body.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Parsed {
    pub(crate) code: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) target: Option<String>,
}

pub(crate) fn parse(content_type: Option<&str>, text: &str) -> Parsed {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Parsed::default();
    }
    let is_json_type = content_type.is_some_and(|ct| ct.contains("json"));
    match serde_json::from_str::<Value>(trimmed) {
        Ok(value) => from_json(&value),
        Err(_) if is_json_type => Parsed {
            message: Some("the error body was not valid JSON".to_owned()),
            ..Parsed::default()
        },
        Err(_) => Parsed {
            code: find_code_in_text(trimmed),
            message: Some(first_line(trimmed)),
            target: None,
        },
    }
}

fn str_at<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

fn owned(s: Option<&str>) -> Option<String> {
    s.map(str::to_owned)
}

fn from_json(value: &Value) -> Parsed {
    // Microsoft REST guidelines.
    if let Some(err) = value.get("error").filter(|e| e.is_object()) {
        return Parsed {
            code: owned(str_at(err, "code")),
            message: owned(str_at(err, "message")),
            target: owned(str_at(err, "target")),
        };
    }
    // Noark 5. The standard's `kode` is the HTTP status, which servers may send as a number.
    if let Some(feil) = value.get("feil").filter(|e| e.is_object()) {
        let kode = feil.get("kode").and_then(|k| match k {
            Value::Number(n) => Some(n.to_string()),
            other => other.as_str().filter(|s| !s.is_empty()).map(str::to_owned),
        });
        return Parsed {
            code: kode,
            message: owned(str_at(feil, "beskrivelse").or_else(|| str_at(feil, "melding"))),
            target: None,
        };
    }
    // OAuth 2.0 / RFC 6750.
    if let Some(code) = str_at(value, "error") {
        return Parsed {
            code: Some(code.to_owned()),
            message: owned(str_at(value, "error_description")),
            target: None,
        };
    }
    // FHIR OperationOutcome.
    if str_at(value, "resourceType") == Some("OperationOutcome") {
        let diagnostics: Vec<&str> = value
            .get("issue")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|issue| {
                str_at(issue, "diagnostics")
                    .or_else(|| issue.pointer("/details/text").and_then(Value::as_str))
            })
            .collect();
        let joined = diagnostics.join("; ");
        return Parsed {
            code: find_code_in_text(&joined),
            message: (!joined.is_empty()).then_some(joined),
            target: None,
        };
    }
    // RFC 7807 problem details.
    if value.get("title").is_some() || value.get("detail").is_some() || value.get("type").is_some()
    {
        // A code member first, then a code the text carries (`"detail": "VER-000228: …"`, a
        // nested `errors` list), and only then the `type` URI.
        let code = ["errorCode", "ErrorCode", "code", "Code"]
            .iter()
            .find_map(|k| str_at(value, k))
            .map(str::to_owned)
            .or_else(|| find_code_in_value(value, 0))
            .or_else(|| owned(str_at(value, "type").filter(|t| *t != "about:blank")));
        return Parsed {
            code,
            message: owned(str_at(value, "detail").or_else(|| str_at(value, "title"))),
            target: None,
        };
    }
    // Helsenorge-style and Azure API Management flat bodies.
    let code = ["ErrorCode", "errorCode", "Code", "code"]
        .iter()
        .find_map(|k| str_at(value, k))
        .map(str::to_owned)
        .or_else(|| value.as_str().and_then(find_code_in_text));
    let message = [
        "Message",
        "message",
        "ErrorMessage",
        "errorMessage",
        "Description",
        "description",
    ]
    .iter()
    .find_map(|k| str_at(value, k))
    .or_else(|| value.as_str());
    let code = code
        .or_else(|| message.and_then(find_code_in_text))
        .or_else(|| find_code_in_value(value, 0));
    Parsed {
        code,
        message: owned(message),
        target: None,
    }
}

/// Finds a Helsenorge-style code anywhere in a JSON value, depth first: a code member
/// (`ErrorCode`, `errorCode`, `Code`, `code`) before other text, at most a few levels deep.
fn find_code_in_value(value: &Value, depth: usize) -> Option<String> {
    if depth > 6 {
        return None;
    }
    match value {
        Value::String(s) => find_code_in_text(s),
        Value::Array(items) => items.iter().find_map(|v| find_code_in_value(v, depth + 1)),
        Value::Object(map) => ["ErrorCode", "errorCode", "Code", "code"]
            .iter()
            .filter_map(|k| map.get(*k))
            .chain(map.values())
            .find_map(|v| find_code_in_value(v, depth + 1)),
        _ => None,
    }
}

/// Finds a Helsenorge-style code: two to five capital letters, a dash, six digits.
pub(crate) fn find_code_in_text(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    for (dash, _) in text.match_indices('-') {
        let letters = bytes[..dash]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_uppercase())
            .count();
        let digits = bytes[dash + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let start = dash - letters;
        let before_ok = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
        let after_ok = bytes
            .get(dash + 1 + digits)
            .is_none_or(|b| !b.is_ascii_alphanumeric());
        if (2..=5).contains(&letters) && digits == 6 && before_ok && after_ok {
            return Some(text[start..dash + 7].to_owned());
        }
    }
    None
}

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    truncate(&mask_personal_numbers(line), 200)
}

fn truncate(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

fn default_message(status: u16) -> &'static str {
    match status {
        400 => "bad request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not found",
        405 => "method not allowed",
        408 => "request timeout",
        409 => "conflict",
        410 => "gone",
        412 => "precondition failed",
        413 => "payload too large",
        415 => "unsupported media type",
        422 => "unprocessable entity",
        429 => "too many requests",
        500 => "internal server error",
        502 => "bad gateway",
        503 => "service unavailable",
        504 => "gateway timeout",
        _ => "request failed",
    }
}

/// An error for a body that did not decode into the expected model.
pub(crate) fn decode_error(err: serde_json::Error, body: &[u8], secrets: &SentSecrets) -> Error {
    // serde_json's message names the field and position but may quote a value; scrub it.
    // The serde error itself is not kept as the source: its text is the unmasked one, and an
    // error reporter that prints the source chain would show it.
    let message = secrets.scrub(&err.to_string());
    Error::with_kind(ErrorKind::Decode, message).set_body_excerpt(Some(truncate(
        &secrets.scrub(&String::from_utf8_lossy(body)),
        EXCERPT_CHARS,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(ct: &str, body: &str) -> Parsed {
        parse(Some(ct), body)
    }

    #[test]
    fn microsoft_shape() {
        let got = p(
            "application/json",
            r#"{"error":{"code":"BadArgument","message":"tittel is blank","target":"tittel","details":[],"innererror":{}}}"#,
        );
        assert_eq!(got.code.as_deref(), Some("BadArgument"));
        assert_eq!(got.message.as_deref(), Some("tittel is blank"));
        assert_eq!(got.target.as_deref(), Some("tittel"));
    }

    #[test]
    fn problem_details() {
        let got = p(
            "application/problem+json",
            r#"{"type":"https://x/errors/conflict","title":"Conflict","status":409,"detail":"version 3 is stale"}"#,
        );
        assert_eq!(got.code.as_deref(), Some("https://x/errors/conflict"));
        assert_eq!(got.message.as_deref(), Some("version 3 is stale"));
        let blank = p(
            "application/problem+json",
            r#"{"type":"about:blank","title":"Not Found"}"#,
        );
        assert_eq!(blank.code, None);
        assert_eq!(blank.message.as_deref(), Some("Not Found"));
    }

    #[test]
    fn noark_shape() {
        let got = p(
            "application/vnd.noark5+json",
            r#"{"feil":{"kode":"409","beskrivelse":"Saken er endret av en annen"}}"#,
        );
        assert_eq!(got.code.as_deref(), Some("409"));
        assert_eq!(got.message.as_deref(), Some("Saken er endret av en annen"));
        let numeric = p(
            "application/json",
            r#"{"feil":{"kode":409,"beskrivelse":"Konflikt"}}"#,
        );
        assert_eq!(numeric.code.as_deref(), Some("409"));
    }

    #[test]
    fn oauth_shape() {
        let got = p(
            "application/json",
            r#"{"error":"invalid_token","error_description":"expired"}"#,
        );
        assert_eq!(got.code.as_deref(), Some("invalid_token"));
        assert_eq!(got.message.as_deref(), Some("expired"));
    }

    #[test]
    fn helsenorge_shapes() {
        for body in [
            r#"{"ErrorCode":"VER-000228","Message":"Innbygger er ikke digitalt aktiv"}"#,
            r#"{"errorCode":"VER-000228","message":"x"}"#,
            r#"{"Code":"VER-000228"}"#,
            r#"{"message":"Feil VER-000228: ikke digitalt aktiv"}"#,
            r#""VER-000228""#,
            r#"{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"processing","diagnostics":"VER-000228 Innbygger er ikke digitalt aktiv"}]}"#,
            r#"{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Bad Request","status":400,"detail":"VER-000228: Innbygger er ikke digitalt aktiv"}"#,
            r#"{"Errors":[{"ErrorCode":"VER-000228","Message":"Innbygger er ikke digitalt aktiv"}]}"#,
            r#"{"message":"Valideringsfeil","errors":[{"code":"VER-000228"}]}"#,
            r#"{"title":"One or more validation errors occurred.","status":400,"errors":{"InnbyggerFnr":["VER-000228: ikke digitalt aktiv"]}}"#,
        ] {
            assert_eq!(
                p("application/json", body).code.as_deref(),
                Some("VER-000228"),
                "{body}"
            );
        }
        let plain = parse(
            Some("text/plain"),
            "PVS-000204 Underliggende tjeneste feilet",
        );
        assert_eq!(plain.code.as_deref(), Some("PVS-000204"));
        assert_eq!(
            plain.message.as_deref(),
            Some("PVS-000204 Underliggende tjeneste feilet")
        );
    }

    #[test]
    fn apim_shape() {
        let got = p(
            "application/json",
            r#"{ "statusCode": 401, "message": "Access denied due to missing subscription key." }"#,
        );
        assert_eq!(
            got.message.as_deref(),
            Some("Access denied due to missing subscription key.")
        );
        assert_eq!(got.code, None);
    }

    #[test]
    fn code_finder_is_strict() {
        assert_eq!(
            find_code_in_text("x VK-001126 y").as_deref(),
            Some("VK-001126")
        );
        assert_eq!(find_code_in_text("ABCDEF-000001"), None);
        assert_eq!(find_code_in_text("VER-0002281"), None);
        assert_eq!(find_code_in_text("VER-00022"), None);
        assert_eq!(find_code_in_text("-123456"), None);
        assert_eq!(find_code_in_text("ævær-123456 Æ"), None);
    }

    #[test]
    fn masks_eleven_digit_runs_only() {
        assert_eq!(
            mask_personal_numbers("fnr 31129956715 ugyldig"),
            "fnr *********** ugyldig"
        );
        assert_eq!(
            mask_personal_numbers("konto 123456789012 ok"),
            "konto 123456789012 ok"
        );
        assert_eq!(mask_personal_numbers("31129956715"), "***********");
    }

    #[test]
    fn error_keeps_masked_excerpt() {
        let err = from_response(
            400,
            Some("text/plain"),
            "Ugyldig fnr 31129956715".as_bytes(),
            None,
            &SentSecrets::default(),
        );
        assert!(!err.to_string().contains("31129956715"));
        assert!(!format!("{err:?}").contains("31129956715"));
        assert!(!err.body_excerpt().unwrap().contains("31129956715"));
    }

    #[test]
    fn invalid_json_and_empty_bodies() {
        let err = from_response(
            502,
            Some("application/json"),
            b"{\"error\": ",
            None,
            &SentSecrets::default(),
        );
        assert_eq!(err.status(), Some(502));
        assert_eq!(err.message(), "the error body was not valid JSON");
        let empty = from_response(404, None, b"", None, &SentSecrets::default());
        assert_eq!(empty.message(), "not found");
        assert!(empty.is_not_found());
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// Whatever a server sends, reading its error body never panics and never lets an
        /// eleven-digit number through.
        #[test]
        fn any_bytes_make_an_error(status in 100u16..600, body in proptest::collection::vec(any::<u8>(), 0..600), json in any::<bool>()) {
            let ct = if json { Some("application/json") } else { None };
            let err = from_response(status, ct, &body, None, &SentSecrets::default());
            prop_assert_eq!(err.status(), Some(status));
            let shown = format!("{err} {err:?} {:?}", err.body_excerpt());
            // No run of exactly eleven digits survives.
            let runs = shown.split(|c: char| !c.is_ascii_digit());
            for run in runs {
                prop_assert_ne!(run.len(), 11, "{}", shown);
            }
        }

        #[test]
        fn any_json_shape_is_read(value in arb_json()) {
            let text = value.to_string();
            let _ = parse(Some("application/json"), &text);
            let _ = from_response(400, Some("application/json"), text.as_bytes(), None, &SentSecrets::default());
        }

        #[test]
        fn masking_hides_every_fnr_like_run(prefix in "[a-zæøå ]{0,20}", digits in "[0-9]{11}", suffix in "[a-z ]{0,20}") {
            let text = format!("{prefix}{digits}{suffix}");
            prop_assert!(!mask_personal_numbers(&text).contains(&digits));
        }
    }

    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            "[A-Za-z0-9 _:-]{0,24}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::btree_map(
                    prop_oneof![
                        Just("error".to_owned()),
                        Just("feil".to_owned()),
                        Just("code".to_owned()),
                        Just("message".to_owned()),
                        Just("detail".to_owned()),
                        Just("issue".to_owned()),
                        "[a-z]{1,8}"
                    ],
                    inner,
                    0..6
                )
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }
}
