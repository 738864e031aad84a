//! The error bodies the services answer, one shape per family of service.

use serde_json::{Value, json};

use super::Reply;

/// The error body a service answers with. Each service mock picks its shape once
/// ([`Router::new`](super::Router::new)); everything the kit refuses for it (unknown path, wrong
/// method, missing scope, bad parameter, reused idempotency key) then answers in that shape.
///
/// ```
/// use hint_core::mock::ErrorShape;
/// let reply = ErrorShape::MicrosoftRest.error(400, "InvalidParameter", "must be 1 to 1000", Some("maxpagesize"));
/// assert_eq!(
///     reply.body(),
///     br#"{"error":{"code":"InvalidParameter","message":"must be 1 to 1000","target":"maxpagesize"}}"#
/// );
/// assert_eq!(reply.header_value("x-ms-error-code"), Some("InvalidParameter"));
///
/// let feil = ErrorShape::Noark.error(404, "NotFound", "ingen sak a1", None);
/// assert_eq!(feil.body_json(), Some(serde_json::json!({"feil": {"kode": "404", "beskrivelse": "ingen sak a1"}})));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorShape {
    /// Microsoft REST API guidelines: `{"error":{"code","message","target"?}}` and the
    /// `x-ms-error-code` header (HINT Budsjett, HINT Økonomi).
    MicrosoftRest,
    /// Noark 5 tjenestegrensesnitt: `{"feil":{"kode": "<status>","beskrivelse"}}` (HINT Arkiv).
    /// The code is the HTTP status; the `code` argument is not sent.
    Noark,
    /// Helsenorge: `{"ErrorCode","ErrorMessage"}`, `ErrorCode` left out when the code is empty
    /// (Helsenorge Verktøy).
    Helsenorge,
    /// RFC 7807 problem details: `{"type","title","status","detail","instance"?}` as
    /// `application/problem+json`; `type` is `about:blank`, `title` the code, `instance` the
    /// target.
    Problem,
    /// Azure API Management's own answers: `{"statusCode","message"}` (the gateway in front of
    /// hAPI). The code is not sent.
    Apim,
}

impl ErrorShape {
    /// An error reply of this shape. `target` is the field or parameter at fault, where the
    /// shape has room for it (Microsoft REST's `target`, RFC 7807's `instance`).
    pub fn error(
        self,
        status: u16,
        code: &str,
        message: impl Into<String>,
        target: Option<&str>,
    ) -> Reply {
        let message = message.into();
        let body = match self {
            ErrorShape::MicrosoftRest => {
                let mut error = json!({"code": code, "message": message});
                if let Some(target) = target {
                    error["target"] = Value::from(target);
                }
                json!({ "error": error })
            }
            ErrorShape::Noark => {
                json!({"feil": {"kode": status.to_string(), "beskrivelse": message}})
            }
            ErrorShape::Helsenorge if code.is_empty() => json!({ "ErrorMessage": message }),
            ErrorShape::Helsenorge => json!({"ErrorCode": code, "ErrorMessage": message}),
            ErrorShape::Problem => {
                let mut problem = json!({"type": "about:blank", "title": code, "status": status, "detail": message});
                if let Some(target) = target {
                    problem["instance"] = Value::from(target);
                }
                problem
            }
            ErrorShape::Apim => json!({"statusCode": status, "message": message}),
        };
        let content_type = match self {
            ErrorShape::Problem => "application/problem+json",
            _ => "application/json",
        };
        let reply = Reply::bytes(status, content_type, body.to_string().into_bytes());
        match self {
            ErrorShape::MicrosoftRest => reply.header("x-ms-error-code", code),
            _ => reply,
        }
    }
}

/// The codes the kit's own refusals carry (in shapes that send a code). The defaults are the
/// Microsoft REST guidelines' names; a service with other names sets its own.
///
/// ```
/// use hint_core::mock::Codes;
/// let codes = Codes { invalid: "ValidationFailed", ..Codes::default() };
/// assert_eq!(codes.not_found, "NotFound");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Codes {
    /// A bad parameter or body field (400).
    pub invalid: &'static str,
    /// No route at this path (404).
    pub not_found: &'static str,
    /// A route at this path, not for this method (405).
    pub method_not_allowed: &'static str,
    /// The token lacks a scope the route demands (403).
    pub insufficient_scope: &'static str,
    /// An idempotency key sent again with another body (422).
    pub idempotency_key_reused: &'static str,
}

impl Default for Codes {
    fn default() -> Self {
        Codes {
            invalid: "InvalidParameter",
            not_found: "NotFound",
            method_not_allowed: "MethodNotAllowed",
            insufficient_scope: "InsufficientScope",
            idempotency_key_reused: "IdempotencyKeyReused",
        }
    }
}
