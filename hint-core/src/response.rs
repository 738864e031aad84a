//! Responses: a buffered [`Response`] (size-limited) or a [`StreamingResponse`] for downloads.

use std::fmt;

use bytes::{Bytes, BytesMut};
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::error::{Error, ErrorKind, Result};
use crate::error_body;

/// A successful response, body read into memory.
pub struct Response {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
    /// The operation and request id of the call, so a body that cannot be decoded still gives an
    /// error a support case can be opened with.
    operation: &'static str,
    request_id: String,
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Bodies and headers may hold personal data or tokens: show the size only.
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

impl Response {
    pub(crate) fn new(
        status: u16,
        headers: HeaderMap,
        body: Bytes,
        operation: &'static str,
        request_id: &str,
    ) -> Self {
        Response {
            status,
            headers,
            body,
            operation,
            request_id: request_id.to_owned(),
        }
    }

    /// The status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The request id the SDK sent (`x-request-id`), for a support case or a log line.
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// A header's value, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
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
        &self.body
    }

    /// Whether the body is empty or only white space.
    pub fn is_empty(&self) -> bool {
        self.body.iter().all(u8::is_ascii_whitespace)
    }

    /// The body as text (invalid UTF-8 is replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Decodes the JSON body. A body that does not fit gives an [`ErrorKind::Decode`] error that
    /// names the field and position, the operation and the request id.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        decode_json(&self.body).map_err(|e| e.in_context(self.operation, Some(&self.request_id)))
    }

    /// Decodes one part of the JSON body — an item a service crate took out of a list or an
    /// envelope — with the same error as [`Response::json`]: the field, the operation and the
    /// request id. Reads the part in place, without printing and parsing it again.
    pub fn decode_part<T: DeserializeOwned>(&self, part: &serde_json::Value) -> Result<T> {
        T::deserialize(part).map_err(|e| {
            error_body::decode_error(e, part.to_string().as_bytes())
                .in_context(self.operation, Some(&self.request_id))
        })
    }
}

/// Decodes JSON bytes into `T`, with the SDK's decode error.
pub fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T> {
    serde_json::from_slice(body).map_err(|e| error_body::decode_error(e, body))
}

/// A successful response whose body is read piece by piece (downloads).
pub struct StreamingResponse {
    status: u16,
    headers: HeaderMap,
    inner: reqwest::Response,
    /// The longest wait for the next piece: a stalled download ends instead of hanging.
    idle_timeout: std::time::Duration,
}

impl fmt::Debug for StreamingResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamingResponse")
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

impl StreamingResponse {
    pub(crate) fn new(inner: reqwest::Response, idle_timeout: std::time::Duration) -> Self {
        StreamingResponse {
            status: inner.status().as_u16(),
            headers: inner.headers().clone(),
            inner,
            idle_timeout,
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

    /// The next piece of the body; `None` at the end. A wait for one piece longer than the
    /// client's request timeout ends the download with an [`ErrorKind::Timeout`] error.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>> {
        // The timer is here, per piece, and not a read timeout on the HTTP client: that would
        // put a timer on every read of every buffered call too, which the per-try timeout
        // already bounds.
        match tokio::time::timeout(self.idle_timeout, self.inner.chunk()).await {
            Ok(piece) => piece.map_err(body_read_error),
            Err(_) => Err(Error::with_kind(
                ErrorKind::Timeout,
                format!(
                    "no piece of the response body arrived for {:?}",
                    self.idle_timeout
                ),
            )),
        }
    }
}

fn body_read_error(err: reqwest::Error) -> Error {
    let kind = if err.is_timeout() {
        ErrorKind::Timeout
    } else {
        ErrorKind::Transport
    };
    Error::with_kind(kind, "the response body was cut off").set_source(err)
}

/// Reads a whole body, refusing more than `limit` bytes.
pub(crate) async fn read_limited(response: &mut reqwest::Response, limit: usize) -> Result<Bytes> {
    if response
        .content_length()
        .is_some_and(|len| len > limit as u64)
    {
        return Err(too_large(limit));
    }
    // Most bodies arrive in one piece: hand that piece on without copying.
    let Some(first) = response.chunk().await.map_err(body_read_error)? else {
        return Ok(Bytes::new());
    };
    if first.len() > limit {
        return Err(too_large(limit));
    }
    let Some(second) = response.chunk().await.map_err(body_read_error)? else {
        return Ok(first);
    };
    let capacity = response
        .content_length()
        .map_or(first.len() + second.len(), |n| n as usize);
    let mut buf = BytesMut::with_capacity(capacity.min(limit));
    buf.extend_from_slice(&first);
    let mut next = Some(second);
    while let Some(chunk) = next {
        if buf.len() + chunk.len() > limit {
            return Err(too_large(limit));
        }
        buf.extend_from_slice(&chunk);
        next = response.chunk().await.map_err(body_read_error)?;
    }
    Ok(buf.freeze())
}

fn too_large(limit: usize) -> Error {
    Error::with_kind(
        ErrorKind::BodyTooLarge,
        format!(
            "the response body is larger than the limit of {limit} bytes (see ClientBuilder::max_response_bytes)"
        ),
    )
}
