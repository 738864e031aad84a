//! The core client and the way a request goes through it.
//!
//! ```text
//! Operation (validated by the service crate before anything is sent)
//!   → once per call: request id, idempotency key, tracing span (url.template, never the path)
//!   → retry loop (crate::retry): attempts, backoff, Retry-After, deadline, retry budget
//!       → per try: API key, credential (crate::auth, within the deadline), per-try timeout
//!       → transport (reqwest)
//!       → challenge? (DPoP nonce, expired token) → one more try, not counted
//!   → status → typed error (crate::error_body) | body → model
//! ```

use std::error::Error as _;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderName, HeaderValue, USER_AGENT};
use serde::de::DeserializeOwned;
use tokio::time::Instant;
use tracing::{Instrument, Span};
use url::Url;

use crate::auth::{AuthRequest, AuthResponse, Challenge, Credential};
use crate::error::{Error, ErrorKind, Result};
use crate::error_body;
use crate::options::ServiceInfo;
use crate::request::Operation;
use crate::response::{BufferRoom, Response, StreamingResponse, read_limited, read_prefix};
use crate::retry::{self, Outcome, RETRY_COST, RetryBudget, RetryOptions, TIMEOUT_RETRY_COST};
use crate::scrub::SentSecrets;
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
    pub(crate) max_buffered_bytes: usize,
    pub(crate) stall_timeout: Option<Duration>,
    pub(crate) download_deadline: Option<Duration>,
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
    /// Shared by every clone of the client: that is what makes it a budget.
    budget: Option<RetryBudget>,
    room: BufferRoom,
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
        let budget = config.retry.retry_budget().map(RetryBudget::new);
        let room = BufferRoom::new(config.max_buffered_bytes);
        Ok(Client {
            inner: Arc::new(Inner {
                config,
                user_agent,
                api_key,
                budget,
                room,
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

    /// The most bytes all buffered bodies of this client and its clones hold at once (see
    /// [`ClientBuilder::max_buffered_bytes`](crate::ClientBuilder::max_buffered_bytes)).
    pub fn max_buffered_bytes(&self) -> usize {
        self.inner.room.total()
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
        let deadline = config.retry.deadline().map(|d| (started + d, d));
        let has_key = op.idempotency_key.is_some();
        let mut attempt: u32 = 0;
        let mut last_cost: u32 = 0;
        let mut challenges_answered = (false, false); // (nonce, new token)
        'tries: loop {
            attempt += 1;
            Span::current().record("attempt", attempt);
            let left = match deadline {
                Some((at, total)) => {
                    let left = at.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return Err(
                            deadline_passed(total, "before the next try").set_attempts(attempt - 1)
                        );
                    }
                    Some(left)
                }
                None => None,
            };
            // Which timer ends this try: the request timeout, or the deadline when it is nearer.
            let (timeout, timer) = match (left, deadline) {
                (Some(left), Some((_, total))) if left < config.request_timeout => {
                    (left, Timer::Deadline(total))
                }
                _ => (
                    config.request_timeout,
                    Timer::Request(config.request_timeout),
                ),
            };
            let (outcome, error) = 'one_try: {
                // Building the request gets the token, which may mean HelseID discovery, a token
                // request and its nonce retry: the deadline covers all of it.
                let built = match (left, deadline) {
                    (Some(left), Some((_, total))) => {
                        match tokio::time::timeout(left, self.build_request(&op, &url, request_id))
                            .await
                        {
                            Ok(built) => built,
                            Err(_) => {
                                return Err(deadline_passed(
                                    total,
                                    "while getting a token (HelseID discovery or token request)",
                                )
                                .set_attempts(attempt - 1));
                            }
                        }
                    }
                    _ => self.build_request(&op, &url, request_id).await,
                };
                let (request, secrets) = match built {
                    Ok(Some(built)) => built,
                    Ok(None) => {
                        // A one-shot body was already sent: it cannot go again.
                        return Err(Error::with_kind(
                            ErrorKind::Transport,
                            "the request body was a one-shot stream and cannot be sent again",
                        )
                        .set_attempts(attempt - 1));
                    }
                    // HelseID could not be reached or failed for now: the request to the
                    // service never left, so it may be tried again like a failed connection.
                    Err(err) if err.is_retryable() => break 'one_try (Outcome::ConnectFailed, err),
                    Err(err) => return Err(err.set_attempts(attempt - 1)),
                };
                let sent = match reading {
                    // reqwest's own per-request timeout covers the headers and the whole body.
                    Reading::Buffered => {
                        let mut request = request;
                        *request.timeout_mut() = Some(timeout);
                        Ok(config.http.execute(request).await)
                    }
                    // A download may take longer than one try's timeout: only the headers are
                    // timed.
                    Reading::Streaming => {
                        tokio::time::timeout(timeout, config.http.execute(request)).await
                    }
                };
                let mut response = match sent {
                    Err(_) => break 'one_try (Outcome::TimedOut, timer.error()),
                    Ok(Err(err)) => break 'one_try classify_transport(err, timer),
                    Ok(Ok(response)) => response,
                };
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
                        continue 'tries;
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
                    continue 'tries;
                }
                if !response.status().is_success() {
                    break 'one_try (
                        Outcome::Status(status),
                        self.error_from(&mut response, status, &secrets).await,
                    );
                }
                if reading == Reading::Streaming {
                    tracing::debug!(status, "request succeeded; streaming the body");
                    self.succeeded(attempt, last_cost);
                    return Ok(Delivered::Streaming(StreamingResponse::new(
                        response,
                        config.stall_timeout,
                        config.download_deadline,
                    )));
                }
                let headers = std::mem::take(response.headers_mut());
                let until = Instant::now() + timeout;
                match read_limited(
                    &mut response,
                    config.max_response_bytes,
                    Some(&self.inner.room),
                    until,
                )
                .await
                {
                    Ok(body) => {
                        tracing::debug!(status, "request succeeded");
                        self.succeeded(attempt, last_cost);
                        return Ok(Delivered::Buffered(Response::new(
                            status, headers, body, op.name, request_id, secrets,
                        )));
                    }
                    Err(err) if err.kind() == ErrorKind::BodyTooLarge => {
                        return Err(err.set_attempts(attempt));
                    }
                    // reqwest's timer (the error has it as its source) says which timer it was;
                    // a wait for room under the buffered-bytes limit says that itself.
                    Err(err) if err.kind() == ErrorKind::Timeout && err.source().is_some() => {
                        (Outcome::TimedOut, timer.error().set_source(err))
                    }
                    Err(err) if err.kind() == ErrorKind::Timeout => (Outcome::TimedOut, err),
                    Err(err) => (Outcome::Broken, err),
                }
            };
            if attempt >= config.retry.max_attempts()
                || !retry::should_retry(&op.method, has_key, outcome)
            {
                return Err(error.set_attempts(attempt));
            }
            let wait = config
                .retry
                .backoff(attempt, retry::unit_random(), error.retry_after());
            if let Some((at, _)) = deadline
                && Instant::now() + wait >= at
            {
                tracing::debug!(
                    ?wait,
                    "not retrying: the wait would pass the operation deadline"
                );
                return Err(error.set_attempts(attempt).add_note(&format!(
                    "not retried: waiting {wait:?} would pass the operation deadline"
                )));
            }
            let cost = if outcome == Outcome::TimedOut {
                TIMEOUT_RETRY_COST
            } else {
                RETRY_COST
            };
            if let Some(budget) = &self.inner.budget
                && !budget.try_take(cost)
            {
                tracing::debug!("not retrying: the retry budget is spent");
                return Err(error.set_attempts(attempt).add_note(
                    "not retried: the client's retry budget is spent (many calls of this client \
                     failed lately; see RetryOptions::with_retry_budget)",
                ));
            }
            last_cost = cost;
            tracing::debug!(?outcome, ?wait, "retrying");
            tokio::time::sleep(wait).await;
        }
    }

    /// A success refills the retry budget: what the last retry took, or one token.
    fn succeeded(&self, attempt: u32, last_cost: u32) {
        if let Some(budget) = &self.inner.budget {
            budget.refund(if attempt > 1 { last_cost } else { 1 });
        }
    }

    /// The error for a non-success answer, its body scrubbed of what the try sent.
    async fn error_from(
        &self,
        response: &mut reqwest::Response,
        status: u16,
        secrets: &SentSecrets,
    ) -> Error {
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
        };
        // What the SDK would wait, not what the server asked for: that may be years.
        let retry_after = header(reqwest::header::RETRY_AFTER)
            .and_then(|v| retry::parse_retry_after(v, SystemTime::now()))
            .map(|wait| wait.min(self.inner.config.retry.max_retry_after()));
        let content_type = header(CONTENT_TYPE).map(str::to_owned);
        // Only the start of an error body is read: it is enough to say what went wrong.
        let body = read_prefix(response, 64 * 1024).await;
        let err =
            error_body::from_response(status, content_type.as_deref(), &body, retry_after, secrets);
        tracing::debug!(
            status,
            code = err.code(),
            "the service answered with an error"
        );
        err
    }

    /// Builds one try's request; `None` when the body cannot be sent again.
    async fn build_request(
        &self,
        op: &Operation,
        url: &Url,
        request_id: &str,
    ) -> Result<Option<(reqwest::Request, SentSecrets)>> {
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
        let secrets = SentSecrets::of(
            request.headers(),
            self.inner.api_key.as_ref().map(|(name, _)| name),
        );
        Ok(Some((request, secrets)))
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

/// Which timer ends a try.
#[derive(Debug, Clone, Copy)]
enum Timer {
    /// The per-try request timeout.
    Request(Duration),
    /// The whole operation's deadline, nearer than the request timeout.
    Deadline(Duration),
}

impl Timer {
    fn error(self) -> Error {
        match self {
            Timer::Request(t) => Error::with_kind(
                ErrorKind::Timeout,
                format!(
                    "no complete response within the request timeout of {t:?} \
                     (ClientBuilder::request_timeout)"
                ),
            ),
            Timer::Deadline(t) => deadline_passed(t, "while waiting for the response"),
        }
    }
}

fn deadline_passed(total: Duration, when: &str) -> Error {
    Error::with_kind(
        ErrorKind::Timeout,
        format!("the operation deadline of {total:?} (RetryOptions::with_deadline) passed {when}"),
    )
}

/// Sorts a transport failure into what the retry rules need (did the request leave the
/// machine?) and says what happened.
fn classify_transport(err: reqwest::Error, timer: Timer) -> (Outcome, Error) {
    if err.is_connect() {
        return (
            Outcome::ConnectFailed,
            Error::with_kind(ErrorKind::Connect, "could not connect to the service")
                .set_source(err),
        );
    }
    if err.is_timeout() {
        return (Outcome::TimedOut, timer.error().set_source(err));
    }
    // The innermost cause is hyper's or the OS's own words (no URL, no header values).
    let mut detail = String::new();
    let mut cause = err.source();
    while let Some(next) = cause {
        detail = next.to_string();
        cause = next.source();
    }
    let message = if detail.contains("closed before message completed") {
        "the server closed the connection before it finished the response's header section; \
         the request had been sent, and the server may have acted on it"
            .to_owned()
    } else if detail.starts_with("invalid") || detail.contains("parse") {
        format!(
            "the server's response was not valid HTTP ({detail}); the request had been sent, and \
             the server may have acted on it"
        )
    } else if detail.is_empty() {
        "the connection failed after the request was sent; the server may have acted on it"
            .to_owned()
    } else {
        format!(
            "the connection failed after the request was sent ({detail}); the server may have \
             acted on it"
        )
    };
    let status = err.status().map(|s| s.as_u16());
    let mut error = Error::with_kind(ErrorKind::Transport, message);
    if let Some(status) = status {
        error = error.set_status(status);
    }
    (Outcome::Broken, error.set_source(err))
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
