//! The crate's one error type.
//!
//! [`Error`] is opaque: callers ask it questions ([`Error::is_timeout`], [`Error::oauth_error`],
//! [`Error::helseid_code`] …) instead of matching on dependency error types. It never carries a client
//! assertion, a DPoP proof, an access token or private key material: messages are built from our own
//! words, status codes and the server's `error` / `error_description` fields only.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;

use crate::privacy::{mask_personal_numbers, redact_tokens};

/// What went wrong, broadly. `#[non_exhaustive]`: more kinds may be added.
///
/// ```
/// use helseid_auth::{ErrorKind, HelseIdClient};
/// let err = HelseIdClient::builder().build().unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Configuration);
/// assert_eq!(ErrorKind::Timeout.to_string(), "timeout");
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The client was configured wrongly (missing client id, a too long assertion lifetime,
    /// an `http://` issuer that is not loopback, an empty scope list …).
    Configuration,
    /// A key could not be read, generated or used (bad JWK or PEM, unsupported curve, missing `alg` …).
    Key,
    /// The discovery document could not be fetched or did not fit (issuer mismatch, missing endpoint).
    Discovery,
    /// The HTTP request could not be sent or its response not read (connection refused, TLS, reset).
    Transport,
    /// A request timed out.
    Timeout,
    /// The token endpoint answered with an OAuth error (`invalid_client`, `invalid_scope` …);
    /// see [`Error::oauth_error`] and [`Error::helseid_code`].
    TokenEndpoint,
    /// The server asked for a new DPoP nonce again after the one retry the protocol allows.
    NonceRetryExhausted,
    /// A server answered with something that is not what the protocol promises (no `access_token`,
    /// not JSON, no `DPoP-Nonce` with `use_dpop_nonce` …).
    InvalidResponse,
    /// The Selvbetjening (self-service) API refused a request; see [`Error::status`].
    Selvbetjening,
    /// HelseID issued a token without some of the requested scopes (the message names them);
    /// see [`HelseIdClientBuilder::allow_partial_scopes`](crate::HelseIdClientBuilder::allow_partial_scopes).
    ScopeNotGranted,
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ErrorKind::Configuration => "configuration error",
            ErrorKind::Key => "key error",
            ErrorKind::Discovery => "discovery error",
            ErrorKind::Transport => "transport error",
            ErrorKind::Timeout => "timeout",
            ErrorKind::TokenEndpoint => "token endpoint error",
            ErrorKind::NonceRetryExhausted => "DPoP nonce retry exhausted",
            ErrorKind::InvalidResponse => "invalid response",
            ErrorKind::Selvbetjening => "Selvbetjening error",
            ErrorKind::ScopeNotGranted => "scope not granted",
        })
    }
}

/// The error type of this crate: cheap to clone (an `Arc` inside), `Send + Sync + 'static`.
///
/// ```
/// use helseid_auth::{Error, SigningKey};
///
/// let err: Error = SigningKey::from_jwk_json(r#"{"kty":"oct","k":"c2VjcmV0"}"#).unwrap_err();
/// assert_eq!(err.kind(), helseid_auth::ErrorKind::Key);
/// assert!(!err.is_retryable());
/// assert!(!err.to_string().contains("c2VjcmV0"));
/// ```
#[derive(Clone)]
pub struct Error {
    inner: Arc<Inner>,
}

struct Inner {
    kind: ErrorKind,
    message: String,
    status: Option<u16>,
    oauth_error: Option<String>,
    description: Option<String>,
    helseid_code: Option<String>,
    source: Option<Box<dyn StdError + Send + Sync + 'static>>,
}

/// Longest `error_description` we keep from a server, in characters.
const MAX_DESCRIPTION: usize = 300;

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            inner: Arc::new(Inner {
                kind,
                message: message.into(),
                status: None,
                oauth_error: None,
                description: None,
                helseid_code: None,
                source: None,
            }),
        }
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Configuration, message)
    }

    pub(crate) fn key(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Key, message)
    }

    pub(crate) fn invalid_response(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidResponse, message)
    }

    fn inner_mut(&mut self) -> &mut Inner {
        // Only called while building, before the error is shared.
        Arc::get_mut(&mut self.inner).expect("error is not shared while it is built")
    }

    pub(crate) fn with_status(mut self, status: u16) -> Self {
        self.inner_mut().status = Some(status);
        self
    }

    pub(crate) fn with_source(mut self, source: impl StdError + Send + Sync + 'static) -> Self {
        self.inner_mut().source = Some(Box::new(source));
        self
    }

    /// Sets the OAuth `error` and `error_description` from a server; finds a `HID-xxxx` code in the
    /// description. Personal numbers in either are masked (HelseID names the user it refused),
    /// and tokens removed (a server may echo the client assertion or the DPoP proof).
    pub(crate) fn with_oauth(mut self, error: Option<&str>, description: Option<&str>) -> Self {
        let inner = self.inner_mut();
        inner.oauth_error = error.map(|e| truncate(&scrub(e), 100));
        if let Some(d) = description {
            inner.helseid_code = find_helseid_code(d);
            inner.description = Some(truncate(&scrub(d), MAX_DESCRIPTION));
        }
        self
    }

    /// Maps a `reqwest` error to a transport or timeout error. The URL is not repeated: the caller's
    /// message names the endpoint.
    pub(crate) fn from_http(message: &str, err: reqwest::Error) -> Self {
        let kind = if err.is_timeout() {
            ErrorKind::Timeout
        } else {
            ErrorKind::Transport
        };
        let status = err.status().map(|s| s.as_u16());
        let mut e = Error::new(kind, format!("{message}: {}", describe_reqwest(&err)));
        if let Some(s) = status {
            e = e.with_status(s);
        }
        e.with_source(err.without_url())
    }

    /// The broad kind of failure.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// `true` when a request timed out.
    pub fn is_timeout(&self) -> bool {
        self.inner.kind == ErrorKind::Timeout
    }

    /// `true` when trying again later may succeed: timeouts, transport failures, HTTP 408, 429 and
    /// 5xx. OAuth errors such as `invalid_client` are not retryable.
    pub fn is_retryable(&self) -> bool {
        match self.inner.kind {
            ErrorKind::Timeout | ErrorKind::Transport => true,
            ErrorKind::Discovery
            | ErrorKind::TokenEndpoint
            | ErrorKind::InvalidResponse
            | ErrorKind::Selvbetjening => matches!(self.inner.status, Some(408 | 429 | 500..=599)),
            _ => false,
        }
    }

    /// `true` when HelseID did not authenticate the client (`invalid_client`): unknown client id, a
    /// key HelseID does not know, or a bad or replayed client assertion.
    pub fn is_invalid_client(&self) -> bool {
        self.oauth_error() == Some("invalid_client")
    }

    /// `true` when a requested scope is not allowed for the client (`invalid_scope`).
    pub fn is_invalid_scope(&self) -> bool {
        self.oauth_error() == Some("invalid_scope")
    }

    /// `true` when a server refused the DPoP proof (`invalid_dpop_proof`).
    pub fn is_invalid_dpop_proof(&self) -> bool {
        self.oauth_error() == Some("invalid_dpop_proof")
    }

    /// `true` when the server demanded a new DPoP nonce again after the one allowed retry.
    pub fn is_nonce_exhausted(&self) -> bool {
        self.inner.kind == ErrorKind::NonceRetryExhausted
    }

    /// The OAuth `error` code the server sent, such as `invalid_client`.
    pub fn oauth_error(&self) -> Option<&str> {
        self.inner.oauth_error.as_deref()
    }

    /// The server's `error_description` (or problem `detail`), cut to 300 characters.
    pub fn error_description(&self) -> Option<&str> {
        self.inner.description.as_deref()
    }

    /// HelseID's own code from the `error_description`, such as `HID-1002` ("child organisation
    /// number not whitelisted").
    pub fn helseid_code(&self) -> Option<&str> {
        self.inner.helseid_code.as_deref()
    }

    /// The HTTP status of the response that caused the error, if there was one.
    pub fn status(&self) -> Option<u16> {
        self.inner.status
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.write_str(&i.message)?;
        let mut parts: Vec<String> = Vec::new();
        if let Some(s) = i.status {
            parts.push(format!("HTTP {s}"));
        }
        if let Some(e) = &i.oauth_error {
            parts.push(e.clone());
        }
        if !parts.is_empty() {
            write!(f, " ({})", parts.join(", "))?;
        }
        if let Some(d) = &i.description {
            write!(f, ": {d}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Error")
            .field("kind", &i.kind)
            .field("message", &i.message)
            .field("status", &i.status)
            .field("oauth_error", &i.oauth_error)
            .field("error_description", &i.description)
            .field("helseid_code", &i.helseid_code)
            .field("source", &i.source)
            .finish()
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}

/// Server text with personal numbers masked and tokens removed.
fn scrub(text: &str) -> String {
    mask_personal_numbers(&redact_tokens(text))
}

fn truncate(s: &str, max: usize) -> String {
    let mut out: String = s.chars().filter(|c| !c.is_control()).take(max).collect();
    if s.chars().count() > max {
        out.push('…');
    }
    out
}

/// Finds `HID-` followed by four digits.
fn find_helseid_code(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(pos) = s[i..].find("HID-") {
        let start = i + pos;
        let digits = &bytes[start + 4..];
        if digits.len() >= 4 && digits[..4].iter().all(u8::is_ascii_digit) {
            return Some(s[start..start + 8].to_owned());
        }
        i = start + 4;
    }
    None
}

fn describe_reqwest(err: &reqwest::Error) -> &'static str {
    if err.is_timeout() {
        "timed out"
    } else if err.is_connect() {
        "could not connect"
    } else if err.is_body() || err.is_decode() {
        "could not read the response body"
    } else if err.is_request() {
        "could not send the request"
    } else {
        "HTTP error"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_hid_codes() {
        assert_eq!(
            find_helseid_code("HID-1002: child not whitelisted").as_deref(),
            Some("HID-1002")
        );
        assert_eq!(
            find_helseid_code("error HID-10 then HID-1004 x").as_deref(),
            Some("HID-1004")
        );
        assert_eq!(find_helseid_code("no code"), None);
        assert_eq!(find_helseid_code("HID-"), None);
    }

    #[test]
    fn display_has_status_error_and_description() {
        let e = Error::new(ErrorKind::TokenEndpoint, "token request refused")
            .with_status(400)
            .with_oauth(Some("invalid_request"), Some("HID-1004 bad format"));
        assert_eq!(
            e.to_string(),
            "token request refused (HTTP 400, invalid_request): HID-1004 bad format"
        );
        assert_eq!(e.helseid_code(), Some("HID-1004"));
    }

    #[test]
    fn personal_numbers_and_tokens_in_a_description_are_hidden() {
        let e = Error::new(ErrorKind::TokenEndpoint, "refused").with_oauth(
            Some("access_denied"),
            Some("Bruker 05866310086 mangler tilgang; assertion eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"),
        );
        for shown in [
            e.to_string(),
            format!("{e:?}"),
            e.error_description().unwrap().to_owned(),
        ] {
            assert!(!shown.contains("05866310086"), "{shown}");
            assert!(!shown.contains("eyJ"), "{shown}");
        }
    }

    #[test]
    fn description_is_truncated() {
        let long = "x".repeat(1000);
        let e = Error::new(ErrorKind::TokenEndpoint, "m").with_oauth(None, Some(&long));
        assert!(e.error_description().unwrap().chars().count() <= MAX_DESCRIPTION + 1);
    }
}
