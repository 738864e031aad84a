//! What a route handler answers: status, headers and body, kept as data so the idempotency
//! store can replay it byte for byte.

use serde::Serialize;
use wiremock::ResponseTemplate;

/// A handler's answer. Build with [`Reply::json`], [`Reply::empty`], [`Reply::bytes`], or an
/// error of the service's shape ([`ErrorShape::error`](super::ErrorShape::error),
/// [`MockRequest::error`](super::MockRequest::error)).
///
/// ```
/// use hint_core::mock::Reply;
/// let reply = Reply::json(201, &serde_json::json!({"id": "a1"})).header("location", "/saker/a1");
/// assert_eq!(reply.status(), 201);
/// assert_eq!(reply.body(), br#"{"id":"a1"}"#);
/// assert_eq!(reply.header_value("Location"), Some("/saker/a1"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// What a route handler returns: `Err` carries an error reply, so `?` works on the
/// [`MockRequest`](super::MockRequest) helpers that refuse bad input.
pub type Answer = Result<Reply, Reply>;

impl Reply {
    /// A status with no body.
    pub fn empty(status: u16) -> Self {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// A JSON body (`application/json`). A value that does not serialize is a 500.
    pub fn json<T: Serialize + ?Sized>(status: u16, value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(body) => Reply::bytes(status, "application/json", body),
            Err(e) => Reply::bytes(500, "text/plain", format!("mock: {e}").into_bytes()),
        }
    }

    /// A body of this content type.
    pub fn bytes(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Reply::empty(status)
            .header("content-type", content_type)
            .with_body(body)
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_ascii_lowercase(), value.into()));
        self
    }

    /// Replaces the body (the content type stays).
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// The status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The first value of a header, by case-insensitive name.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON, if it is JSON.
    pub fn body_json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The reply read as the SDK's client reads an answer: status, and code, message and target
    /// from the service's error shape. For a mock's seeding methods, which refuse what the
    /// service would refuse and report it as the client would have.
    ///
    /// ```
    /// use hint_core::mock::ErrorShape;
    /// let reply = ErrorShape::MicrosoftRest.error(409, "InvalidState", "already settled", Some("status"));
    /// let err = reply.into_error();
    /// assert_eq!((err.status(), err.code(), err.field()), (Some(409), Some("InvalidState"), Some("status")));
    /// ```
    pub fn into_error(self) -> crate::Error {
        let content_type = self.header_value("content-type").map(str::to_owned);
        let secrets = crate::scrub::SentSecrets::default();
        crate::error_body::from_response(
            self.status,
            content_type.as_deref(),
            &self.body,
            None,
            &secrets,
        )
    }

    pub(crate) fn into_template(self) -> ResponseTemplate {
        let mut content_type = None;
        let mut template = ResponseTemplate::new(self.status);
        for (name, value) in self.headers {
            if name == "content-type" {
                content_type = Some(value);
            } else {
                template = template.append_header(name.as_str(), value.as_str());
            }
        }
        match content_type {
            Some(ct) => template.set_body_raw(self.body, &ct),
            None if self.body.is_empty() => template,
            None => template.set_body_bytes(self.body),
        }
    }
}
