//! Responses: a buffered [`Response`] (size-limited) or a [`StreamingResponse`] for downloads.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use tokio::sync::OwnedSemaphorePermit;
use tokio::time::Instant;

use crate::error::{Error, ErrorKind, Result};
use crate::error_body;
use crate::pipeline::Limited;
use crate::request_id::RequestId;
use crate::scrub::SentSecrets;
use crate::transport::{HttpResponse, ResponseBody};

/// A successful response, body read into memory.
// Its parts are boxed: a response is handed up through every stage of the pipeline, and a
// pointer moves where the parts (some 300 bytes) would be copied at each.
pub struct Response(Box<Parts>);

/// What a [`Response`] holds.
struct Parts {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
    /// The operation and request id of the call, so a body that cannot be decoded still gives an
    /// error a support case can be opened with.
    operation: &'static str,
    request_id: RequestId,
    /// What the try sent that must not come back in an error (a decode error quotes the body).
    secrets: SentSecrets,
    /// This body's share of the client's buffered-bytes limit, given back when the response is
    /// dropped.
    _room: Option<OwnedSemaphorePermit>,
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Bodies and headers may hold personal data or tokens: show the size only.
        f.debug_struct("Response")
            .field("status", &self.0.status)
            .field("body_len", &self.0.body.len())
            .finish_non_exhaustive()
    }
}

impl Response {
    pub(crate) fn new(
        status: u16,
        headers: HeaderMap,
        body: Limited,
        operation: &'static str,
        request_id: RequestId,
        secrets: SentSecrets,
    ) -> Self {
        Response(Box::new(Parts {
            status,
            headers,
            body: body.bytes,
            operation,
            request_id,
            secrets,
            _room: body.room,
        }))
    }

    /// The status code.
    pub fn status(&self) -> u16 {
        self.0.status
    }

    /// The request id the SDK sent (`x-request-id`), for a support case or a log line.
    pub fn request_id(&self) -> &str {
        self.0.request_id.as_str()
    }

    /// A header's value, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.0.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `ETag`, for a later `If-Match`.
    pub fn etag(&self) -> Option<&str> {
        self.header("etag")
    }

    /// The `Content-Type`.
    pub fn content_type(&self) -> Option<&str> {
        self.header("content-type")
    }

    /// The raw body.
    pub fn body(&self) -> &Bytes {
        &self.0.body
    }

    /// Whether the body is empty or only white space.
    pub fn is_empty(&self) -> bool {
        self.0.body.iter().all(u8::is_ascii_whitespace)
    }

    /// The body as text (invalid UTF-8 is replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.body).into_owned()
    }

    /// Decodes the JSON body. A body that does not fit gives an [`ErrorKind::Decode`] error that
    /// names the field and position, the operation and the request id.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_slice(&self.0.body).map_err(|e| {
            error_body::decode_error(e, &self.0.body, &self.0.secrets)
                .in_context(self.0.operation, Some(self.0.request_id.as_str()))
        })
    }

    /// Decodes one part of the JSON body — an item a service crate took out of a list or an
    /// envelope — with the same error as [`Response::json`]: the field, the operation and the
    /// request id. Reads the part in place, without printing and parsing it again.
    pub fn decode_part<T: DeserializeOwned>(&self, part: &serde_json::Value) -> Result<T> {
        T::deserialize(part).map_err(|e| {
            error_body::decode_error(e, part.to_string().as_bytes(), &self.0.secrets)
                .in_context(self.0.operation, Some(self.0.request_id.as_str()))
        })
    }
}

/// Decodes JSON bytes into `T`, with the SDK's decode error.
pub fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T> {
    serde_json::from_slice(body)
        .map_err(|e| error_body::decode_error(e, body, &SentSecrets::default()))
}

/// A successful response whose body is read piece by piece (downloads).
///
/// A download ends with an error, instead of running on, when:
/// - more bytes arrive than the caller said to expect ([`StreamingResponse::limit_len`]): at the
///   first byte too many, before it is handed on;
/// - no piece arrives for the stall timeout
///   ([`ClientBuilder::download_stall_timeout`](crate::ClientBuilder::download_stall_timeout),
///   by default the request timeout);
/// - the overall download deadline passes
///   ([`ClientBuilder::download_deadline`](crate::ClientBuilder::download_deadline), off by
///   default), which also ends a body dribbled a byte at a time.
pub struct StreamingResponse {
    status: u16,
    headers: HeaderMap,
    body: ResponseBody,
    /// The longest wait for the next piece.
    stall_timeout: Option<Duration>,
    /// When the whole download must be done.
    deadline: Option<(Instant, Duration)>,
    /// The most bytes the caller accepts, and how many came so far.
    limit: Option<u64>,
    received: u64,
}

impl fmt::Debug for StreamingResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamingResponse")
            .field("status", &self.status)
            .field("received", &self.received)
            .field("limit", &self.limit)
            .finish_non_exhaustive()
    }
}

impl StreamingResponse {
    pub(crate) fn new(
        mut response: HttpResponse,
        stall_timeout: Option<Duration>,
        deadline: Option<Duration>,
    ) -> Self {
        StreamingResponse {
            status: response.status(),
            headers: std::mem::take(response.headers_mut()),
            body: response.into_body(),
            stall_timeout,
            deadline: deadline.map(|d| (Instant::now() + d, d)),
            limit: None,
            received: 0,
        }
    }

    /// The status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// A header's value, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// `Content-Length`, if the server sent it.
    pub fn content_length(&self) -> Option<u64> {
        self.header("content-length").and_then(|v| v.parse().ok())
    }

    /// Accepts at most `max` bytes (a file's declared size, say): a `Content-Length` above it is
    /// refused now, and a body that runs past it ends with an [`ErrorKind::BodyTooLarge`] error
    /// at the first byte too many, so no writer ever gets more than `max` bytes.
    pub fn limit_len(mut self, max: u64) -> Result<Self> {
        if let Some(announced) = self.content_length().filter(|n| *n > max) {
            return Err(over_limit(announced, max));
        }
        self.limit = Some(max);
        Ok(self)
    }

    /// The bytes handed on so far.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// The next piece of the body; `None` at the end. See the type's docs for when a download
    /// ends with an error instead.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>> {
        // The timers are here, per piece, and not a read timeout on the HTTP client: that would
        // put a timer on every read of every buffered call too, which the per-try timeout
        // already bounds.
        let wait = match (self.stall_timeout, self.deadline) {
            (None, None) => None,
            (stall, deadline) => {
                let now = Instant::now();
                let stall_at = stall.map(|d| (now + d, TimerKind::Stall(d)));
                let deadline_at = deadline.map(|(at, d)| (at, TimerKind::Deadline(d)));
                [stall_at, deadline_at]
                    .into_iter()
                    .flatten()
                    .min_by_key(|(at, _)| *at)
            }
        };
        let piece = match wait {
            None => self.body.chunk().await,
            Some((at, timer)) => match tokio::time::timeout_at(at, self.body.chunk()).await {
                Ok(piece) => piece,
                Err(_) => return Err(timer.error(self.received)),
            },
        };
        let piece = piece.map_err(body_read_error)?;
        if let Some(piece) = &piece {
            self.received += piece.len() as u64;
            if let Some(max) = self.limit.filter(|max| self.received > *max) {
                return Err(over_limit(self.received, max));
            }
        }
        Ok(piece)
    }
}

/// Which of a download's timers fired.
#[derive(Clone, Copy)]
enum TimerKind {
    Stall(Duration),
    Deadline(Duration),
}

impl TimerKind {
    fn error(self, received: u64) -> Error {
        let message = match self {
            TimerKind::Stall(d) => format!(
                "the download stalled: no piece of the body arrived for {d:?} (the download \
                 stall timeout) after {received} bytes"
            ),
            TimerKind::Deadline(d) => format!(
                "the download did not finish within its deadline of {d:?} ({received} bytes \
                 arrived)"
            ),
        };
        Error::with_kind(ErrorKind::Timeout, message)
    }
}

fn over_limit(bytes: u64, max: u64) -> Error {
    Error::with_kind(
        ErrorKind::BodyTooLarge,
        format!("the download is larger than the {max} bytes expected (at least {bytes} bytes)"),
    )
}

/// A body that ended with an error part way: cut off, or (a transport's own timer) timed out.
pub(crate) fn body_read_error(err: std::io::Error) -> Error {
    let kind = if err.kind() == std::io::ErrorKind::TimedOut {
        ErrorKind::Timeout
    } else {
        ErrorKind::Transport
    };
    Error::with_kind(kind, "the response body was cut off").set_source(err)
}
