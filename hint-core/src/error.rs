//! The one error type of the SDK.
//!
//! Every operation in every service crate returns [`Result<T>`]. An [`Error`] is opaque: ask it
//! what happened through its predicates ([`Error::is_timeout`], [`Error::is_retryable`],
//! [`Error::is_not_found`], [`Error::is_conflict`], …) and accessors ([`Error::status`],
//! [`Error::code`], [`Error::message`], [`Error::request_id`]). Its `Display` says the status, the
//! service's own code and message and the request id, so a log line is enough to act on.
//!
//! No dependency's error type (reqwest, hyper, serde_json, jsonwebtoken) is part of the public API;
//! they are kept as the [`std::error::Error::source`] only.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

/// The result type of every SDK operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;

type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// What went wrong, broadly. More kinds may be added: match with a wildcard arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The caller's input broke a rule; nothing was sent. [`Error::field`] names the field.
    InvalidInput,
    /// The client was configured wrongly (bad base URL, `http://` to a non-loopback host, …).
    Config,
    /// Getting or applying credentials failed (HelseID refused the client, no token, …).
    Auth,
    /// The connection could not be made; the request never left the machine.
    Connect,
    /// The request or the whole operation ran out of time; the server may have acted on it.
    Timeout,
    /// The connection failed after the request may have been sent.
    Transport,
    /// The service answered with an error status.
    Service,
    /// The response could not be decoded into the expected model.
    Decode,
    /// The response body was larger than the configured limit.
    BodyTooLarge,
    /// Reading or writing a local file or stream failed.
    Io,
    /// A downloaded file did not match the checksum the server gave.
    Checksum,
}

/// An error from the SDK. See the [module docs](self).
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    status: Option<u16>,
    code: Option<String>,
    message: String,
    target: Option<String>,
    field: Option<String>,
    request_id: Option<String>,
    operation: Option<&'static str>,
    body_excerpt: Option<String>,
    retry_after: Option<Duration>,
    attempts: u32,
    /// Built from a service's answer (its status line and body), whatever the kind.
    answered: bool,
    source: Option<BoxError>,
}

/// The most bytes of any one text an error carries (message, code, field, body excerpt). A
/// longer text is cut at this length and ends with an ellipsis and its original length, so a
/// server's 20 MiB answer never becomes a 20 MiB log line.
pub const MAX_TEXT_BYTES: usize = 1024;

/// Cuts `text` to [`MAX_TEXT_BYTES`] on a character boundary, saying how long it was.
pub(crate) fn cap(text: String) -> String {
    if text.len() <= MAX_TEXT_BYTES {
        return text;
    }
    let mut cut = MAX_TEXT_BYTES;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}… ({} bytes in all)", &text[..cut], text.len())
}

impl Error {
    fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            inner: Box::new(Inner {
                kind,
                status: None,
                code: None,
                message: cap(message.into()),
                target: None,
                field: None,
                request_id: None,
                operation: None,
                body_excerpt: None,
                retry_after: None,
                attempts: 0,
                answered: false,
                source: None,
            }),
        }
    }

    /// Bad input, refused before anything was sent: `field` is the wire or parameter name,
    /// `rule` says what the value must be.
    ///
    /// ```
    /// let err = hint_core::Error::invalid_input("tittel", "must not be blank");
    /// assert!(err.is_invalid_input());
    /// assert_eq!(err.field(), Some("tittel"));
    /// assert_eq!(err.to_string(), "invalid input: tittel: must not be blank");
    /// ```
    pub fn invalid_input(field: impl Into<String>, rule: impl Into<String>) -> Self {
        let field = cap(field.into());
        let mut err = Error::new(ErrorKind::InvalidInput, format!("{field}: {}", rule.into()));
        err.inner.field = Some(field);
        err
    }

    /// A configuration error (bad base URL, missing setting).
    ///
    /// ```
    /// let err = hint_core::Error::config("base URL must use https");
    /// assert_eq!(err.kind(), hint_core::ErrorKind::Config);
    /// ```
    pub fn config(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Config, message)
    }

    /// An error with the given kind and message, for service crates and test doubles.
    ///
    /// ```
    /// use hint_core::{Error, ErrorKind};
    /// let err = Error::with_kind(ErrorKind::Io, "disk full");
    /// assert_eq!(err.kind(), ErrorKind::Io);
    /// ```
    pub fn with_kind(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error::new(kind, message)
    }

    /// An error answered by a service: its status, and its own code and message where the body
    /// had them. Mock servers and tests use this to build the errors a real service gives.
    ///
    /// ```
    /// let err = hint_core::Error::service(404, Some("VK-001126"), "no tool with that id");
    /// assert!(err.is_not_found());
    /// assert_eq!(err.code(), Some("VK-001126"));
    /// ```
    ///
    /// The kind follows the status, so that [`Error::kind`] and the predicates agree: `401` and
    /// `403` are [`ErrorKind::Auth`], `408` is [`ErrorKind::Timeout`], anything else
    /// [`ErrorKind::Service`].
    ///
    /// ```
    /// use hint_core::{Error, ErrorKind};
    /// let err = Error::service(401, Some("invalid_token"), "expired");
    /// assert_eq!(err.kind(), ErrorKind::Auth);
    /// assert!(err.is_auth());
    /// assert_eq!(err.to_string(), "service error 401 [invalid_token]: expired");
    /// ```
    pub fn service(status: u16, code: Option<&str>, message: impl Into<String>) -> Self {
        let kind = match status {
            401 | 403 => ErrorKind::Auth,
            408 => ErrorKind::Timeout,
            _ => ErrorKind::Service,
        };
        let mut err = Error::new(kind, message);
        err.inner.status = Some(status);
        err.inner.answered = true;
        // Kept as given: a caller matches on it. A code read from a server is capped where it is
        // read (crate::error_body).
        err.inner.code = code.map(str::to_owned);
        err
    }

    pub(crate) fn set_source(mut self, source: impl Into<BoxError>) -> Self {
        self.inner.source = Some(source.into());
        self
    }

    pub(crate) fn set_target(mut self, target: Option<String>) -> Self {
        self.inner.target = target.map(cap);
        self
    }

    pub(crate) fn set_body_excerpt(mut self, excerpt: Option<String>) -> Self {
        self.inner.body_excerpt = excerpt.map(cap);
        self
    }

    /// Records how many tries the call made (shown when more than one).
    pub(crate) fn set_attempts(mut self, attempts: u32) -> Self {
        self.inner.attempts = attempts;
        self
    }

    /// Adds a sentence to the message (why the SDK did not retry, say).
    pub(crate) fn add_note(mut self, note: &str) -> Self {
        let message = std::mem::take(&mut self.inner.message);
        self.inner.message = cap(format!("{message}; {note}"));
        self
    }

    pub(crate) fn set_retry_after(mut self, retry_after: Option<Duration>) -> Self {
        self.inner.retry_after = retry_after;
        self
    }

    pub(crate) fn set_status(mut self, status: u16) -> Self {
        self.inner.status = Some(status);
        self
    }

    /// Adds the request id and operation name if they are not set yet. The pipeline calls this
    /// on every error that leaves it.
    pub(crate) fn in_context(mut self, operation: &'static str, request_id: Option<&str>) -> Self {
        self.inner.operation.get_or_insert(operation);
        if self.inner.request_id.is_none() {
            self.inner.request_id = request_id.map(str::to_owned);
        }
        self
    }

    /// The broad kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The HTTP status, when the service answered.
    pub fn status(&self) -> Option<u16> {
        self.inner.status
    }

    /// The service's own error code (`VER-000228`, Noark `kode`, Microsoft `error.code`,
    /// RFC 7807 `type`, OAuth `error`), when it gave one.
    pub fn code(&self) -> Option<&str> {
        self.inner.code.as_deref()
    }

    /// The service's error code as a service crate's code list: every crate with documented
    /// codes has an `ErrorCode` open enum, so `err.code_as::<hint_okonomi::ErrorCode>()` reads
    /// one the same way in every crate. A code the list does not know is kept as sent.
    ///
    /// ```
    /// hint_core::open_enum! {
    ///     /// A service's codes.
    ///     pub enum ErrorCode {
    ///         /// Not found.
    ///         NotFound => "NotFound",
    ///     }
    /// }
    /// let err = hint_core::Error::invalid_input("x", "is wrong");
    /// assert_eq!(err.code_as::<ErrorCode>(), None);
    /// ```
    pub fn code_as<C: for<'a> From<&'a str>>(&self) -> Option<C> {
        self.code().map(C::from)
    }

    /// The human-readable message: the service's, or the SDK's own. Like every text an error
    /// carries, at most [`MAX_TEXT_BYTES`] long, with the SDK's own secrets (API key, token, DPoP
    /// proof) and personal numbers removed from what a server sent.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// The field or target the error is about: the input field for [`ErrorKind::InvalidInput`],
    /// or the service's `target`.
    pub fn field(&self) -> Option<&str> {
        self.inner.field.as_deref().or(self.inner.target.as_deref())
    }

    /// The request id the SDK sent (and the service echoed), for support cases.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }

    /// The operation that failed, such as `Arkiv.createSak`.
    pub fn operation(&self) -> Option<&'static str> {
        self.inner.operation
    }

    /// The start of the response body (at most 512 characters, with personal numbers and the
    /// SDK's own secrets masked), for diagnosing bodies the SDK could not read.
    pub fn body_excerpt(&self) -> Option<&str> {
        self.inner.body_excerpt.as_deref()
    }

    /// How long the SDK would wait before trying again, when the service sent `Retry-After`: the
    /// service's value cut to [`RetryOptions::with_max_retry_after`](crate::RetryOptions::with_max_retry_after),
    /// not the raw header (a server may ask for years).
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
    }

    /// How many tries the call made, when it got as far as sending (1 when it was not retried).
    pub fn attempts(&self) -> Option<u32> {
        (self.inner.attempts > 0).then_some(self.inner.attempts)
    }

    /// Input was refused before sending.
    pub fn is_invalid_input(&self) -> bool {
        self.inner.kind == ErrorKind::InvalidInput
    }

    /// A request or the operation's deadline timed out (HTTP 408 counts too).
    pub fn is_timeout(&self) -> bool {
        self.inner.kind == ErrorKind::Timeout || self.inner.status == Some(408)
    }

    /// The resource does not exist (404 or 410, or a service's own not-found answer).
    pub fn is_not_found(&self) -> bool {
        matches!(self.inner.status, Some(404 | 410))
    }

    /// The change conflicts with the current state: 409, or 412 for a stale `If-Match`.
    pub fn is_conflict(&self) -> bool {
        matches!(self.inner.status, Some(409 | 412))
    }

    /// The server refused the caller's credentials (401 or 403) or getting a token failed: the
    /// same as `kind() == ErrorKind::Auth`.
    pub fn is_auth(&self) -> bool {
        self.inner.kind == ErrorKind::Auth
    }

    /// Trying the same request again later may succeed (408, 429, 500, 502, 503, 504, connection
    /// and timeout failures, and HelseID failing the same way while a token was fetched).
    /// Whether the SDK itself retried also depends on the method and on idempotency; see
    /// [`crate::retry`].
    pub fn is_retryable(&self) -> bool {
        match self.inner.kind {
            ErrorKind::Connect | ErrorKind::Timeout | ErrorKind::Transport => true,
            // A 401/403 is not worth repeating; HelseID answering 5xx or 429 is.
            ErrorKind::Service | ErrorKind::Auth => self
                .inner
                .status
                .is_some_and(crate::retry::is_retryable_status),
            _ => false,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        match i.kind {
            ErrorKind::InvalidInput => write!(f, "invalid input: {}", i.message)?,
            // Every answer of a service reads the same, whatever its kind.
            _ if i.answered => {
                write!(f, "service error")?;
                if let Some(status) = i.status {
                    write!(f, " {status}")?;
                }
                if let Some(code) = &i.code {
                    write!(f, " [{code}]")?;
                }
                write!(f, ": {}", i.message)?;
            }
            kind => {
                let what = match kind {
                    ErrorKind::Config => "configuration error",
                    ErrorKind::Auth => "authentication failed",
                    ErrorKind::Connect => "could not connect",
                    ErrorKind::Timeout => "timed out",
                    ErrorKind::Transport => "connection failed",
                    ErrorKind::Decode => "could not decode the response",
                    ErrorKind::BodyTooLarge => "response body too large",
                    ErrorKind::Io => "I/O error",
                    ErrorKind::Checksum => "checksum mismatch",
                    _ => "error",
                };
                write!(f, "{what}")?;
                if let Some(status) = i.status {
                    write!(f, " (status {status})")?;
                }
                if !i.message.is_empty() {
                    write!(f, ": {}", i.message)?;
                }
            }
        }
        if i.attempts > 1 {
            write!(f, " after {} tries", i.attempts)?;
        }
        if let Some(op) = i.operation {
            write!(f, " (operation {op}")?;
            if let Some(id) = &i.request_id {
                write!(f, ", request id {id}")?;
            }
            write!(f, ")")?;
        } else if let Some(id) = &i.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Error")
            .field("kind", &i.kind)
            .field("status", &i.status)
            .field("code", &i.code)
            .field("message", &i.message)
            .field("field", &self.field())
            .field("request_id", &i.request_id)
            .field("operation", &i.operation)
            .field("attempts", &i.attempts)
            .finish_non_exhaustive()
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

impl From<helseid_auth::Error> for Error {
    /// HelseID's own failures: a timeout is [`ErrorKind::Timeout`], a connection that could not
    /// be made or broke is [`ErrorKind::Connect`] (the API request was never sent), anything else
    /// [`ErrorKind::Auth`] (retryable when HelseID answered 408, 429 or 5xx).
    fn from(err: helseid_auth::Error) -> Self {
        let kind = match err.kind() {
            helseid_auth::ErrorKind::Timeout => ErrorKind::Timeout,
            helseid_auth::ErrorKind::Transport => ErrorKind::Connect,
            _ => ErrorKind::Auth,
        };
        // helseid-auth's text is already masked; say where it failed, once.
        let text = err.to_string();
        let text = if text.starts_with("HelseID") {
            text
        } else {
            format!("HelseID: {text}")
        };
        let mut out = Error::new(kind, text);
        out.inner.status = err.status();
        out.inner.code = err.oauth_error().map(str::to_owned);
        out.set_source(err)
    }
}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Self {
        Error::new(ErrorKind::Io, err.to_string()).set_source(err)
    }
}
