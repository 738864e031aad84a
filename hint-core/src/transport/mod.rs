//! The transport: what sends one HTTP request and hands back its response. The bottom stage of
//! the [pipeline](crate::Client), and the seam under it.
//!
//! The SDK's default is [`ReqwestTransport`]. Set another with
//! [`ClientBuilder::transport`](crate::ClientBuilder::transport): middleware that wraps the
//! default one (logging, a corporate proxy's extra header, metrics), or a test transport that
//! answers from memory without a socket.
//!
//! A transport sees one try at a time, fully prepared: the pipeline above it has added the
//! request id, the API key and the credential's headers, and it times the try, retries it,
//! answers authentication challenges and follows same-origin redirects. So a transport should
//! not retry or follow redirects itself, and it need not time anything. It reports why a request
//! failed with a [`TransportError`] of the right [kind](TransportErrorKind): the retry rules
//! depend on whether the request may have reached the server.
//!
//! A transport handles secrets: the requests it sees carry the API key and the access token (as
//! sensitive [`HeaderValue`]s). Log header names, never values.
//!
//! ```
//! use std::sync::Arc;
//! use std::sync::atomic::{AtomicUsize, Ordering};
//! use hint_core::transport::{
//!     HttpRequest, HttpResponse, ReqwestTransport, Transport, TransportError,
//! };
//!
//! /// Counts the requests that go through it, then hands them to the default transport.
//! #[derive(Debug)]
//! struct Counting {
//!     inner: ReqwestTransport,
//!     sent: AtomicUsize,
//! }
//!
//! #[async_trait::async_trait]
//! impl Transport for Counting {
//!     async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
//!         self.sent.fetch_add(1, Ordering::Relaxed);
//!         self.inner.send(request).await
//!     }
//! }
//!
//! let counting = Arc::new(Counting {
//!     inner: ReqwestTransport::with_defaults()?,
//!     sent: AtomicUsize::new(0),
//! });
//! // ClientBuilder::new().transport(counting.clone())…
//! # Ok::<(), hint_core::Error>(())
//! ```

use std::error::Error as StdError;
use std::fmt;
use std::io;
use std::sync::Mutex;

use async_trait::async_trait;
use bytes::Bytes;
use futures_util::StreamExt;
use url::Url;

use crate::request::ByteStream;

mod reqwest;

pub use self::reqwest::ReqwestTransport;
/// The HTTP method of a request (the `http` crate's, as reqwest and hyper use it).
pub use ::reqwest::Method as HttpMethod;
/// HTTP header names, values, maps and the standard names (the `http` crate's, as reqwest and
/// hyper use them).
pub use ::reqwest::header;
pub use ::reqwest::header::{HeaderMap, HeaderName, HeaderValue};

/// The error type a transport's failure carries as its cause.
pub type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// Sends one prepared HTTP request and hands back the response head with its body still to be
/// read. See the [module docs](self) for what the pipeline above has already done.
///
/// Implementations must be cheap to share: the client holds one in an `Arc` and calls it from
/// every task. A response of any status is an `Ok`: statuses are the pipeline's business.
#[async_trait]
pub trait Transport: Send + Sync + fmt::Debug {
    /// Sends `request`. The response's body is read afterwards, piece by piece, by the pipeline.
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;
}

/// One try's request, as the pipeline hands it to a [`Transport`].
#[non_exhaustive]
pub struct HttpRequest {
    /// The method.
    pub method: HttpMethod,
    /// The full URL, query included.
    pub url: Url,
    /// Every header: user agent, request id, API key, `Authorization`, `DPoP`, `Content-Type`,
    /// `Content-Length`, the operation's own.
    pub headers: HeaderMap,
    /// The body.
    pub body: RequestBody,
}

impl HttpRequest {
    /// A request with no headers and no body (for a transport that makes requests of its own).
    pub fn new(method: HttpMethod, url: Url) -> Self {
        HttpRequest {
            method,
            url,
            headers: HeaderMap::new(),
            body: RequestBody::Empty,
        }
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The path may hold personal data and the headers hold secrets: the origin and the
        // header names only.
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("origin", &self.url.origin().ascii_serialization())
            .field("headers", &HeaderNames(&self.headers))
            .field("body", &self.body)
            .finish()
    }
}

/// A request body as a transport sends it.
#[non_exhaustive]
pub enum RequestBody {
    /// No body.
    Empty,
    /// The whole body in memory.
    Bytes(Bytes),
    /// A body to be streamed (an upload). Its length, when known, is in `Content-Length`.
    Stream(ByteStream),
}

impl RequestBody {
    /// The body in memory, if it is.
    pub fn as_bytes(&self) -> Option<&Bytes> {
        match self {
            RequestBody::Bytes(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// The body as a stream, whatever it is (for a transport that sends everything the same way).
    pub fn into_stream(self) -> ByteStream {
        match self {
            RequestBody::Empty => Box::pin(futures_util::stream::empty()),
            RequestBody::Bytes(bytes) => Box::pin(futures_util::stream::once(async { Ok(bytes) })),
            RequestBody::Stream(stream) => stream,
        }
    }
}

impl fmt::Debug for RequestBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Bodies can hold personal data: the shape only.
        match self {
            RequestBody::Empty => f.write_str("Empty"),
            RequestBody::Bytes(bytes) => write!(f, "Bytes({} bytes)", bytes.len()),
            RequestBody::Stream(_) => f.write_str("Stream"),
        }
    }
}

/// A response as a transport hands it back: status, headers, and the body still to be read.
///
/// ```
/// use hint_core::transport::{HeaderValue, HttpResponse, header};
/// let response = HttpResponse::new(200)
///     .with_header(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))
///     .with_body(r#"{"ok":true}"#);
/// assert_eq!(response.status(), 200);
/// assert_eq!(response.body().len(), Some(11));
/// ```
// Its parts are boxed: the pipeline holds a response across the reading of its body and hands
// it from stage to stage, where a pointer moves and the parts (some 350 bytes) would be copied.
pub struct HttpResponse(Box<ResponseParts>);

/// What an [`HttpResponse`] holds.
struct ResponseParts {
    status: u16,
    headers: HeaderMap,
    final_url: Option<Url>,
    body: ResponseBody,
}

impl HttpResponse {
    /// A response with this status, no headers and an empty body.
    pub fn new(status: u16) -> Self {
        HttpResponse(Box::new(ResponseParts {
            status,
            headers: HeaderMap::new(),
            final_url: None,
            body: ResponseBody::empty(),
        }))
    }

    /// Adds a header.
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.0.headers.append(name, value);
        self
    }

    /// Sets the body (bytes, a string, or a [`ResponseBody::from_stream`]).
    pub fn with_body(mut self, body: impl Into<ResponseBody>) -> Self {
        self.0.body = body.into();
        self
    }

    /// The URL that answered, for a transport that followed redirects itself. The pipeline
    /// refuses an answer from another origin than the request's (the credentials may have gone
    /// along).
    pub fn with_final_url(mut self, url: Url) -> Self {
        self.0.final_url = Some(url);
        self
    }

    /// The status code.
    pub fn status(&self) -> u16 {
        self.0.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.0.headers
    }

    /// The headers, to change.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        &mut self.0.headers
    }

    /// The URL that answered, when the transport knows it (see [`HttpResponse::with_final_url`]).
    pub fn final_url(&self) -> Option<&Url> {
        self.0.final_url.as_ref().or_else(|| self.0.body.url())
    }

    /// The body.
    pub fn body(&self) -> &ResponseBody {
        &self.0.body
    }

    /// The body, to read or replace.
    pub fn body_mut(&mut self) -> &mut ResponseBody {
        &mut self.0.body
    }

    /// The body alone.
    pub fn into_body(self) -> ResponseBody {
        self.0.body
    }

    /// A header's value, if present and text.
    pub(crate) fn header(&self, name: impl header::AsHeaderName) -> Option<&str> {
        self.0.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.0.status)
            .field("headers", &HeaderNames(&self.0.headers))
            .field("body", &self.0.body)
            .finish_non_exhaustive()
    }
}

/// A response body, read piece by piece with [`ResponseBody::chunk`].
pub struct ResponseBody {
    inner: BodyInner,
    len: Option<u64>,
}

enum BodyInner {
    /// In memory; `None` once handed out.
    Full(Option<Bytes>),
    /// A stream. In a `Mutex` only so that the body is `Sync` like the responses that hold it;
    /// it is reached through `&mut self` and never locked.
    Stream(Mutex<ByteStream>),
    /// The default transport's response, read without a boxed stream in between.
    Reqwest(::reqwest::Response),
}

impl ResponseBody {
    /// No body.
    pub fn empty() -> Self {
        ResponseBody::from(Bytes::new())
    }

    /// A body that arrives as a stream; `len` is its exact length when known (what a
    /// `Content-Length` announced).
    pub fn from_stream(stream: ByteStream, len: Option<u64>) -> Self {
        ResponseBody {
            inner: BodyInner::Stream(Mutex::new(stream)),
            len,
        }
    }

    pub(crate) fn from_reqwest(response: ::reqwest::Response) -> Self {
        ResponseBody {
            len: response.content_length(),
            inner: BodyInner::Reqwest(response),
        }
    }

    /// The body's exact length, when known before it is read.
    pub fn len(&self) -> Option<u64> {
        self.len
    }

    /// Whether the body is known to be empty.
    pub fn is_empty(&self) -> bool {
        self.len == Some(0)
    }

    /// The next piece of the body; `None` at its end. An error means the body was cut off.
    pub async fn chunk(&mut self) -> io::Result<Option<Bytes>> {
        match &mut self.inner {
            BodyInner::Full(bytes) => Ok(bytes.take().filter(|b| !b.is_empty())),
            BodyInner::Stream(stream) => {
                let stream = stream.get_mut().unwrap_or_else(|e| e.into_inner());
                stream.next().await.transpose()
            }
            BodyInner::Reqwest(response) => response.chunk().await.map_err(|err| {
                let kind = if err.is_timeout() {
                    io::ErrorKind::TimedOut
                } else {
                    io::ErrorKind::Other
                };
                io::Error::new(kind, err)
            }),
        }
    }

    /// The body as a stream (for middleware that wraps it).
    pub fn into_stream(self) -> ByteStream {
        Box::pin(futures_util::stream::unfold(self, |mut body| async move {
            match body.chunk().await {
                Ok(Some(piece)) => Some((Ok(piece), body)),
                Ok(None) => None,
                // After an error the stream ends.
                Err(err) => Some((
                    Err(err),
                    ResponseBody {
                        inner: BodyInner::Full(None),
                        len: None,
                    },
                )),
            }
        }))
    }

    fn url(&self) -> Option<&Url> {
        match &self.inner {
            BodyInner::Reqwest(response) => Some(response.url()),
            _ => None,
        }
    }
}

impl From<Bytes> for ResponseBody {
    fn from(bytes: Bytes) -> Self {
        ResponseBody {
            len: Some(bytes.len() as u64),
            inner: BodyInner::Full(Some(bytes)),
        }
    }
}

impl From<Vec<u8>> for ResponseBody {
    fn from(bytes: Vec<u8>) -> Self {
        ResponseBody::from(Bytes::from(bytes))
    }
}

impl From<&'static str> for ResponseBody {
    fn from(text: &'static str) -> Self {
        ResponseBody::from(Bytes::from_static(text.as_bytes()))
    }
}

impl From<String> for ResponseBody {
    fn from(text: String) -> Self {
        ResponseBody::from(Bytes::from(text))
    }
}

impl fmt::Debug for ResponseBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseBody")
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}

/// Why a transport could not deliver a response. Its [kind](TransportErrorKind) tells the retry
/// rules whether the request may have reached the server.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    source: BoxError,
}

/// What a [`TransportError`] says about the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made: nothing was sent, so even a POST is tried again.
    Connect,
    /// The transport's own timer ran out; the server may have acted.
    Timeout,
    /// The connection failed after the request may have been sent; the server may have acted.
    Broken,
}

impl TransportError {
    /// No connection could be made (see [`TransportErrorKind::Connect`]).
    pub fn connect(source: impl Into<BoxError>) -> Self {
        TransportError {
            kind: TransportErrorKind::Connect,
            source: source.into(),
        }
    }

    /// The transport's own timer ran out (see [`TransportErrorKind::Timeout`]).
    pub fn timeout(source: impl Into<BoxError>) -> Self {
        TransportError {
            kind: TransportErrorKind::Timeout,
            source: source.into(),
        }
    }

    /// The connection failed once the request may have been sent (see
    /// [`TransportErrorKind::Broken`]).
    pub fn broken(source: impl Into<BoxError>) -> Self {
        TransportError {
            kind: TransportErrorKind::Broken,
            source: source.into(),
        }
    }

    /// What the failure says about the request.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The cause, for the pipeline's error.
    pub(crate) fn into_source(self) -> BoxError {
        self.source
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "could not connect",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::Broken => "the connection failed",
        };
        write!(f, "{what}: {}", self.source)
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.source)
    }
}

/// Header names without their values, for `Debug`.
struct HeaderNames<'a>(&'a HeaderMap);

impl fmt::Debug for HeaderNames<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.keys()).finish()
    }
}
