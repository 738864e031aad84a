//! The core client and the way a request goes through it.
//!
//! ```text
//! Operation (validated by the service crate before anything is sent)
//!   → once per call: request id, idempotency key, tracing span (url.template, never the path)
//!   → retry loop (crate::retry): attempts, backoff, Retry-After, deadline
//!       → per try: API key, credential (crate::auth), per-try timeout
//!       → transport (reqwest)
//!       → challenge? (DPoP nonce, expired token) → one more try, not counted
//!   → status → typed error (crate::error_body) | body → model
//! ```

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderName, HeaderValue, USER_AGENT};
use serde::de::DeserializeOwned;
use tracing::{Instrument, Span};
use url::Url;

use crate::auth::{AuthRequest, AuthResponse, Challenge, Credential};
use crate::error::{Error, ErrorKind, Result};
use crate::error_body;
use crate::options::ServiceInfo;
use crate::request::Operation;
use crate::response::{Response, StreamingResponse, read_limited};
use crate::retry::{self, Outcome, RetryOptions};
use crate::secret::Secret;

/// The header carrying the SDK's request id; services echo it for support cases.
pub const REQUEST_ID_HEADER: &str = "x-request-id";
/// The header carrying the idempotency key of a POST.
pub const IDEMPOTENCY_KEY_HEADER: &str = "idempotency-key";

pub(crate) struct Config {
    pub(crate) info: ServiceInfo,
    pub(crate) base_url: Url,
    pub(crate) api_key: Option<(HeaderName, Secret)>,
    pub(crate) credential: Option<Arc<dyn Credential>>,
    pub(crate) request_timeout: Duration,
    pub(crate) retry: RetryOptions,
    pub(crate) http: reqwest::Client,
    pub(crate) max_response_bytes: usize,
    pub(crate) extensions: crate::options::Extensions,
}

/// The shared client a service crate wraps. Cheap to clone; `Send + Sync`.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    user_agent: HeaderValue,
    api_key: Option<(HeaderName, HeaderValue)>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.inner.config;
        f.debug_struct("Client")
            .field("service", &c.info.crate_name)
            .field("base_url", &c.base_url.as_str())
            .field("api_key", &c.api_key.as_ref().map(|_| "***"))
            .field("credential", &c.credential)
            .field("retry", &c.retry)
            .finish_non_exhaustive()
    }
}

impl Client {
    pub(crate) fn new(config: Config) -> Result<Self> {
        let user_agent = HeaderValue::from_str(&format!(
            "{}/{}",
            config.info.crate_name, config.info.version
        ))
        .map_err(|_| Error::config("the user agent is not a valid header value"))?;
        let api_key = match &config.api_key {
            Some((name, key)) => {
                let mut value = HeaderValue::from_str(key.expose())
                    .map_err(|_| Error::config("api_key: is not a valid header value"))?;
                value.set_sensitive(true);
                Some((name.clone(), value))
            }
            None => None,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                config,
                user_agent,
                api_key,
            }),
        })
    }

    /// The base URL operations are resolved under.
    pub fn base_url(&self) -> &Url {
        &self.inner.config.base_url
    }

    /// A service crate's own setting, stored with
    /// [`ClientBuilder::extension`](crate::ClientBuilder::extension).
    pub fn extension<T: std::any::Any + Send + Sync>(&self) -> Option<&T> {
        self.inner.config.extensions.get::<T>()
    }

    /// The maximum body size read into memory.
    pub fn max_response_bytes(&self) -> usize {
        self.inner.config.max_response_bytes
    }

    /// Sends an operation and reads the whole (size-limited) body. Non-success statuses become
    /// errors. A body cut off on the way counts as a failed try and is retried by the same rules
    /// as a broken connection.
    pub async fn send(&self, op: Operation) -> Result<Response> {
        match self.execute(op, Reading::Buffered).await? {
            Delivered::Buffered(response) => Ok(response),
            Delivered::Streaming(_) => Err(internal_mismatch()),
        }
    }

    /// Sends an operation and decodes the JSON body into `T`.
    pub async fn send_json<T: DeserializeOwned>(&self, op: Operation) -> Result<T> {
        let name = op.name;
        self.send(op)
            .await?
            .json()
            .map_err(|e| e.in_context(name, None))
    }

    /// Sends an operation and hands back the body as a stream (downloads). Retries cover the
    /// time until the response headers arrive.
    pub async fn send_streaming(&self, op: Operation) -> Result<StreamingResponse> {
        match self.execute(op, Reading::Streaming).await? {
            Delivered::Streaming(response) => Ok(response),
            Delivered::Buffered(_) => Err(internal_mismatch()),
        }
    }

    async fn execute(&self, op: Operation, reading: Reading) -> Result<Delivered> {
        let request_id = new_request_id();
        let span = tracing::debug_span!(
            "hint.request",
            operation = op.name,
            http.request.method = %op.method,
            url.template = op.template,
            attempt = tracing::field::Empty,
            http.response.status_code = tracing::field::Empty,
            request_id = %request_id,
        );
        let name = op.name;
        self.run(op, reading, &request_id)
            .instrument(span)
            .await
            .map_err(|e| e.in_context(name, Some(&request_id)))
    }

    async fn run(&self, op: Operation, reading: Reading, request_id: &str) -> Result<Delivered> {
        let config = &self.inner.config;
        let mut url = op.url(&config.base_url)?;
        let mut redirects: u32 = 0;
        let started = Instant::now();
        let deadline = config.retry.deadline().map(|d| started + d);
        let has_key = op.idempotency_key.is_some();
        let mut attempt: u32 = 0;
        let mut challenges_answered = (false, false); // (nonce, new token)
        loop {
            attempt += 1;
            Span::current().record("attempt", attempt);
            let Some(request) = self.build_request(&op, &url, request_id).await? else {
                // A one-shot body was already sent: it cannot go again.
                return Err(Error::with_kind(
                    ErrorKind::Transport,
                    "the request body was a one-shot stream and cannot be sent again",
                ));
            };
            let timeout = match deadline {
                Some(deadline) => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return Err(Error::with_kind(
                            ErrorKind::Timeout,
                            "the operation deadline passed",
                        ));
                    }
                    config.request_timeout.min(left)
                }
                None => config.request_timeout,
            };
            let sent = match reading {
                // reqwest's own per-request timeout covers the headers and the whole body.
                Reading::Buffered => {
                    let mut request = request;
                    *request.timeout_mut() = Some(timeout);
                    Ok(config.http.execute(request).await)
                }
                // A download may take longer than one try's timeout: only the headers are timed.
                Reading::Streaming => {
                    tokio::time::timeout(timeout, config.http.execute(request)).await
                }
            };
            let (outcome, error) = match sent {
                Err(_) => (
                    Outcome::TimedOut,
                    Error::with_kind(
                        ErrorKind::Timeout,
                        format!("no response within {timeout:?}"),
                    ),
                ),
                Ok(Err(err)) => classify_transport(err),
                Ok(Ok(mut response)) => {
                    // Comparing the text first keeps the usual case free of allocations.
                    if response.url().as_str() != url.as_str()
                        && response.url().origin() != url.origin()
                    {
                        // Only a caller's own HTTP client follows a redirect there; the
                        // credentials may have gone along, and the answer is not the service's.
                        return Err(Error::config(format!(
                            "the HTTP client followed a redirect to another origin ({}); \
                             build it with redirect::Policy::none() (see ClientBuilder::http_client)",
                            response.url().origin().ascii_serialization()
                        )));
                    }
                    let status = response.status().as_u16();
                    Span::current().record("http.response.status_code", status);
                    if let Some(challenge) = self.challenge(&op, &url, &response) {
                        let used = match challenge {
                            Challenge::RetryWithNonce => &mut challenges_answered.0,
                            _ => &mut challenges_answered.1,
                        };
                        if !*used {
                            *used = true;
                            attempt -= 1; // an auth challenge does not use up the retry budget
                            tracing::debug!(
                                ?challenge,
                                "answering the authentication challenge with one more try"
                            );
                            continue;
                        }
                    }
                    // Redirects are followed here, not by the HTTP client, so that each hop gets
                    // its own credentials: a DPoP proof is bound to the URL it was made for.
                    if let Some(next) = same_origin_redirect(&op, &url, &response)
                        && redirects < MAX_REDIRECTS
                    {
                        redirects += 1;
                        attempt -= 1; // a redirect does not use up the retry budget
                        tracing::debug!(status, "following a redirect on the same origin");
                        url = next;
                        continue;
                    }
                    if response.status().is_success() {
                        if reading == Reading::Streaming {
                            tracing::debug!(status, "request succeeded; streaming the body");
                            return Ok(Delivered::Streaming(StreamingResponse::new(
                                response,
                                config.request_timeout,
                            )));
                        }
                        let headers = std::mem::take(response.headers_mut());
                        match read_limited(&mut response, config.max_response_bytes).await {
                            Ok(body) => {
                                tracing::debug!(status, "request succeeded");
                                return Ok(Delivered::Buffered(Response::new(
                                    status, headers, body, op.name, request_id,
                                )));
                            }
                            Err(err) if err.kind() == ErrorKind::BodyTooLarge => return Err(err),
                            Err(err) if err.kind() == ErrorKind::Timeout => {
                                (Outcome::TimedOut, err)
                            }
                            Err(err) => (Outcome::Broken, err),
                        }
                    } else {
                        let retry_after = response
                            .headers()
                            .get("retry-after")
                            .and_then(|v| v.to_str().ok())
                            .and_then(|v| retry::parse_retry_after(v, SystemTime::now()));
                        let content_type = response
                            .headers()
                            .get(CONTENT_TYPE)
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_owned);
                        // An error body is read only up to a small limit; a broken one is no reason to
                        // lose the status.
                        let body = read_limited(&mut response, 64 * 1024)
                            .await
                            .unwrap_or_default();
                        let err = error_body::from_response(
                            status,
                            content_type.as_deref(),
                            &body,
                            retry_after,
                        );
                        tracing::debug!(
                            status,
                            code = err.code(),
                            "the service answered with an error"
                        );
                        (Outcome::Status(status), err)
                    }
                }
            };
            if attempt >= config.retry.max_attempts()
                || !retry::should_retry(&op.method, has_key, outcome)
            {
                return Err(error);
            }
            let wait = config
                .retry
                .backoff(attempt, retry::unit_random(), error.retry_after());
            if let Some(deadline) = deadline
                && Instant::now() + wait >= deadline
            {
                tracing::debug!(
                    ?wait,
                    "not retrying: the wait would pass the operation deadline"
                );
                return Err(error);
            }
            tracing::debug!(?outcome, ?wait, "retrying");
            tokio::time::sleep(wait).await;
        }
    }

    /// Builds one try's request; `None` when the body cannot be sent again.
    async fn build_request(
        &self,
        op: &Operation,
        url: &Url,
        request_id: &str,
    ) -> Result<Option<reqwest::Request>> {
        let config = &self.inner.config;
        let Some(body) = op.body.for_try() else {
            return Ok(None);
        };
        let mut request = reqwest::Request::new(op.method.clone(), url.clone());
        let headers = request.headers_mut();
        headers.insert(USER_AGENT, self.inner.user_agent.clone());
        headers.insert(
            HeaderName::from_static(REQUEST_ID_HEADER),
            HeaderValue::from_str(request_id).map_err(|_| Error::config("bad request id"))?,
        );
        if let Some(key) = &op.idempotency_key {
            let value = HeaderValue::from_str(key)
                .map_err(|_| Error::invalid_input("idempotency_key", "must be visible ASCII"))?;
            headers.insert(HeaderName::from_static(IDEMPOTENCY_KEY_HEADER), value);
        }
        if let Some((name, value)) = &self.inner.api_key {
            headers.insert(name.clone(), value.clone());
        }
        for (name, value) in &op.headers {
            headers.insert(name.clone(), value.clone());
        }
        if let Some((content_type, length, body)) = body {
            let ct = HeaderValue::from_str(&content_type)
                .map_err(|_| Error::invalid_input("content_type", "is not a valid media type"))?;
            headers.insert(CONTENT_TYPE, ct);
            if let Some(length) = length {
                headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
            }
            *request.body_mut() = Some(body);
        }
        if let Some(credential) = &config.credential {
            let auth = credential
                .authorize(&AuthRequest {
                    method: &op.method,
                    url,
                    scopes: op.scopes.as_deref(),
                })
                .await?;
            let headers = request.headers_mut();
            let mut value = HeaderValue::from_str(auth.authorization.expose()).map_err(|_| {
                Error::with_kind(ErrorKind::Auth, "the token is not a valid header value")
            })?;
            value.set_sensitive(true);
            headers.insert(reqwest::header::AUTHORIZATION, value);
            if let Some(proof) = auth.dpop {
                let mut value = HeaderValue::from_str(proof.expose()).map_err(|_| {
                    Error::with_kind(
                        ErrorKind::Auth,
                        "the DPoP proof is not a valid header value",
                    )
                })?;
                value.set_sensitive(true);
                headers.insert(HeaderName::from_static("dpop"), value);
            }
        }
        Ok(Some(request))
    }

    fn challenge(
        &self,
        op: &Operation,
        url: &Url,
        response: &reqwest::Response,
    ) -> Option<Challenge> {
        let credential = self.inner.config.credential.as_ref()?;
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok());
        let challenge = credential.on_response(
            &AuthRequest {
                method: &op.method,
                url,
                scopes: op.scopes.as_deref(),
            },
            &AuthResponse {
                status: response.status().as_u16(),
                www_authenticate: header("www-authenticate"),
                dpop_nonce: header("dpop-nonce"),
            },
        );
        (challenge != Challenge::None).then_some(challenge)
    }
}

/// A request id: a random per-process prefix and a counter, unique without a system call per
/// request.
fn new_request_id() -> String {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicU64, Ordering};
    static PREFIX: OnceLock<u64> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let prefix = *PREFIX.get_or_init(|| {
        let mut bytes = [0u8; 8];
        // Without OS randomness the time still tells processes apart well enough for an id.
        if getrandom::fill(&mut bytes).is_err() {
            let nanos = SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap_or_default()
                .as_nanos();
            bytes = (nanos as u64).to_le_bytes();
        }
        u64::from_le_bytes(bytes)
    });
    format!(
        "{prefix:016x}-{:08x}",
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Whether the pipeline reads the body or hands it over as a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    Buffered,
    Streaming,
}

/// What the pipeline hands back.
enum Delivered {
    Buffered(Response),
    Streaming(StreamingResponse),
}

fn internal_mismatch() -> Error {
    Error::with_kind(
        ErrorKind::Transport,
        "internal error: the pipeline returned the wrong response kind",
    )
}

/// Sorts a transport failure into what the retry rules need: did the request leave the machine?
fn classify_transport(err: reqwest::Error) -> (Outcome, Error) {
    if err.is_connect() {
        (
            Outcome::ConnectFailed,
            Error::with_kind(ErrorKind::Connect, "could not connect to the service")
                .set_source(err),
        )
    } else if err.is_timeout() {
        (
            Outcome::TimedOut,
            Error::with_kind(ErrorKind::Timeout, "the request timed out").set_source(err),
        )
    } else {
        let status = err.status().map(|s| s.as_u16());
        let mut error = Error::with_kind(
            ErrorKind::Transport,
            "the connection failed after the request may have been sent",
        );
        if let Some(status) = status {
            error = error.set_status(status);
        }
        (Outcome::Broken, error.set_source(err))
    }
}

/// How many redirects one call follows.
const MAX_REDIRECTS: u32 = 5;

/// The URL a redirect points to, when the SDK follows it: same origin only (another origin
/// would get the API key and the token), with the method kept (307, 308) or for a GET or HEAD
/// (301, 302, 303). Anything else is handed on as the service's answer.
fn same_origin_redirect(op: &Operation, url: &Url, response: &reqwest::Response) -> Option<Url> {
    let keeps_method = match response.status().as_u16() {
        307 | 308 => true,
        301..=303 => op.method == reqwest::Method::GET || op.method == reqwest::Method::HEAD,
        _ => false,
    };
    if !keeps_method {
        return None;
    }
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)?
        .to_str()
        .ok()?;
    let next = url.join(location).ok()?;
    (next.origin() == url.origin()).then_some(next)
}
