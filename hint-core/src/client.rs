//! The core client: what a service crate wraps, and the front of the pipeline a call goes
//! through.
//!
//! ```text
//! Operation (validated by the service crate before anything is sent)
//!   → Client::send / send_json / send_streaming: request id, tracing span (url.template, never
//!     the path), the operation and request id on every error
//!   → crate::pipeline: call (deadline, retry loop and budget) → attempt (headers, credential,
//!     send, challenge, redirect) → body (typed error | body within limits | stream)
//!   → crate::transport (reqwest by default)
//! ```

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use serde::de::DeserializeOwned;
use tracing::Instrument;
use url::Url;

use crate::auth::Credential;
use crate::error::{Error, ErrorKind, Result};
use crate::options::ServiceInfo;
use crate::pipeline::{BufferRoom, Delivered, Pipeline, Reading, boxed};
use crate::request::Operation;
use crate::request_id::RequestId;
use crate::response::{Response, StreamingResponse};
use crate::retry::{RetryBudget, RetryOptions};
use crate::secret::Secret;
use crate::transport::Transport;

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
    pub(crate) transport: Arc<dyn Transport>,
    pub(crate) max_response_bytes: usize,
    pub(crate) extensions: crate::options::Extensions,
    pub(crate) max_buffered_bytes: usize,
    pub(crate) stall_timeout: Option<Duration>,
    pub(crate) download_deadline: Option<Duration>,
}

/// The shared client a service crate wraps. Cheap to clone; `Send + Sync`.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Pipeline>,
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
            .field("transport", &c.transport)
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
        // The headers every request carries, made once and shared by every try's copy.
        let mut fixed_headers = HeaderMap::with_capacity(6);
        fixed_headers.insert(USER_AGENT, user_agent);
        if let Some((name, value)) = &api_key {
            fixed_headers.insert(name.clone(), value.clone());
        }
        let budget = config.retry.retry_budget().map(RetryBudget::new);
        let room = BufferRoom::new(config.max_buffered_bytes);
        Ok(Client {
            inner: Arc::new(Pipeline {
                config,
                fixed_headers,
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
    pub fn send(&self, op: Operation) -> impl Future<Output = Result<Response>> + Send + '_ {
        let call = self.execute(op, Reading::Buffered);
        async move { buffered(call.await?) }
    }

    /// Sends an operation and decodes the JSON body into `T`.
    pub fn send_json<T: DeserializeOwned>(
        &self,
        op: Operation,
    ) -> impl Future<Output = Result<T>> + Send + '_ {
        let name = op.name;
        // The call itself, not `send`'s future around it: one layer less to poll and to hold.
        let call = self.execute(op, Reading::Buffered);
        async move {
            buffered(call.await?)?
                .json()
                .map_err(|e| e.in_context(name, None))
        }
    }

    /// Sends an operation and hands back the body as a stream (downloads). Retries cover the
    /// time until the response headers arrive.
    pub fn send_streaming(
        &self,
        op: Operation,
    ) -> impl Future<Output = Result<StreamingResponse>> + Send + '_ {
        let call = self.execute(op, Reading::Streaming);
        async move { streaming(call.await?) }
    }

    /// The whole call, in one allocation made here. The operation moves into it once, and the
    /// caller's future holds only the box: a service fanning out spawns one task per call, and
    /// spawning and polling move the whole future. Measured by the ratios bench's fan-out rows.
    fn execute(&self, op: Operation, reading: Reading) -> Call<'_> {
        boxed(move || async move {
            let request_id = RequestId::next();
            let span = tracing::debug_span!(
                "hint.request",
                operation = op.name,
                http.request.method = %op.method,
                url.template = op.template,
                attempt = tracing::field::Empty,
                http.response.status_code = tracing::field::Empty,
                request_id = %request_id,
            );
            self.inner
                .call(&op, reading, request_id)
                .instrument(span)
                .await
                .map_err(|e| e.in_context(op.name, Some(request_id.as_str())))
        })
    }
}

/// A call under way (see [`Client::execute`]).
type Call<'a> = Pin<Box<dyn Future<Output = Result<Delivered>> + Send + 'a>>;

/// The buffered response a buffered call delivers.
fn buffered(delivered: Delivered) -> Result<Response> {
    match delivered {
        Delivered::Buffered(response) => Ok(response),
        Delivered::Streaming(_) => Err(internal_mismatch()),
    }
}

/// The streaming response a streaming call delivers.
fn streaming(delivered: Delivered) -> Result<StreamingResponse> {
    match delivered {
        Delivered::Streaming(response) => Ok(*response),
        Delivered::Buffered(_) => Err(internal_mismatch()),
    }
}

fn internal_mismatch() -> Error {
    Error::with_kind(
        ErrorKind::Transport,
        "internal error: the pipeline returned the wrong response kind",
    )
}
