//! The test kit every service crate's mock builds on (feature `mock`).
//!
//! A [`MockServer`] is a wiremock server on 127.0.0.1 behind a small fault proxy. It can demand
//! the API key and HelseID DPoP tokens (checked as strictly as a real API: proof signature,
//! `htm`, `htu`, `ath`, fresh `jti`, `cnf.jkt`), inject faults ([`Fault`]), and hand out a client
//! builder already wired to it. Service crates mount their fake routes on it; your own tests
//! normally use those service mocks rather than this one.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! use hint_core::mock::{Fault, MockServer};
//! let server = MockServer::builder().api_key("test-key").start().await;
//! server.inject(Fault::status(503).times(2));
//! assert_eq!(server.pending_faults(), 2);
//! # }
//! ```
//!
//! A service mock is its state and its transitions; the rest is here, the same for every
//! service:
//!
//! - [`Router`]: serves the crate's route table (`routes::ALL`), 404/405 in the service's
//!   [`ErrorShape`], per-route HelseID [`Scopes`], routes called with another credential
//!   ([`Router::other_credential`]), and the one idempotency rule ([`idempotency`]);
//! - [`MockRequest`]: path and query parameters (typed, a bad value answered 400 naming it),
//!   headers, body, the public URL;
//! - [`Reply`]: JSON, empty, bytes, errors in the service's shape; [`paging`] for paged answers;
//!   [`upload`] for files sent whole or in chunks;
//! - [`contract`]: request bodies and query strings checked against the wire contract, never by
//!   decoding with the SDK's own models;
//! - [`version`]: `ETag` versions, `If-Match` preconditions (412/428) and merge patches;
//! - [`wire`]: small helpers for wire documents (strip `null`s, new ids);
//! - [`Shared`]: the state behind one lock that a panicking handler does not poison;
//! - [`ServiceMock`]: what every `MockX` offers alike (client, received requests, URL, server).
//!
//! wiremock itself is re-exported as `hint_core::mock::wiremock` for mounting routes; that escape hatch follows
//! wiremock's own versioning, not ours.

pub mod contract;
mod errors;
mod fault;
pub mod idempotency;
pub mod paging;
mod proxy;
mod reply;
mod request;
mod router;
mod scope;
mod service;
mod shared;
pub mod upload;
pub mod version;
pub mod wire;

use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use helseid_auth::TokenType;
use helseid_auth::mock::MockHelseId;
use url::Url;
use wiremock::{Mock, Request, ResponseTemplate};

pub use errors::{Codes, ErrorShape};
pub use fault::Fault;
pub use reply::{Answer, Reply};
pub use request::MockRequest;
pub use router::Router;
pub use scope::Scopes;
pub use service::{MockBuilder, ServiceMock, StartMock};
pub use shared::Shared;
pub use wiremock;

use crate::options::{ClientBuilder, Service};
use crate::retry::RetryOptions;

/// The API key every service mock demands by default (the pre-wired clients send it). One key
/// for all mocks: a test that talks to several services configures one.
pub const MOCK_API_KEY: &str = "hint-mock-subscription-key";

/// The client id the pre-wired clients use at the mock HelseID.
pub const MOCK_CLIENT_ID: &str = "hint-sdk-mock-client";

/// The API key [`MockServer::client_builder`] sets when the server demands none but the service
/// needs one to build a client.
pub const UNCHECKED_API_KEY: &str = "mock-unchecked-api-key";
/// The bearer token [`MockServer::client_builder`] sets when the server demands no HelseID token
/// but the service needs a credential to build a client.
pub const UNCHECKED_TOKEN: &str = "mock-unchecked-token";

/// Options for [`MockServer`]. Start with [`MockServer::builder`].
#[derive(Debug, Clone, Default)]
pub struct MockServerBuilder {
    api_key: Option<String>,
    api_key_header: Option<String>,
    helseid: bool,
    shared_helseid: Option<Arc<MockHelseId>>,
    public_url: Option<Url>,
    token_type: Option<TokenType>,
    refused_token_status: Option<u16>,
}

impl MockServerBuilder {
    /// Demand this API key in the gateway header; a request without it gets the gateway's 401.
    pub fn api_key(mut self, key: &str) -> Self {
        self.api_key = Some(key.to_owned());
        self
    }

    /// The header the API key is read from (default `Ocp-Apim-Subscription-Key`).
    pub fn api_key_header(mut self, header: &str) -> Self {
        self.api_key_header = Some(header.to_owned());
        self
    }

    /// Start a mock HelseID too and demand its tokens (DPoP or Bearer) on every request.
    pub fn helseid(mut self) -> Self {
        self.helseid = true;
        self
    }

    /// Demand tokens of this mock HelseID (DPoP or Bearer) instead of starting one: several mock
    /// services then trust one HelseID, as the real services do.
    pub fn helseid_shared(mut self, helseid: Arc<MockHelseId>) -> Self {
        self.shared_helseid = Some(helseid);
        self.helseid = true;
        self
    }

    /// The token type of the pre-wired clients' HelseID client ([`MockServer::client_builder`]);
    /// default DPoP. The server accepts either; a service that documents Bearer tokens
    /// (Helsenorge) sets [`TokenType::Bearer`] so its tests send what the service expects.
    pub fn token_type(mut self, token_type: TokenType) -> Self {
        self.token_type = Some(token_type);
        self
    }

    /// The status a refused HelseID token is answered with (default 401). Helsenorge answers an
    /// expired or invalid token with 403, which its clients meet by renewing the token.
    pub fn refuse_tokens_with(mut self, status: u16) -> Self {
        self.refused_token_status = Some(status);
        self
    }

    /// The URL clients reach the server at when something forwards to it (a router that strips a
    /// path prefix, say): [`MockServer::uri`] returns it, and DPoP `htu` checks expect it, with
    /// the request's path appended to its path. It should end with `/`; one is added if not.
    /// The server itself still listens on 127.0.0.1 ([`MockServer::local_addr`]).
    pub fn public_url(mut self, url: Url) -> Self {
        let mut url = url;
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        self.public_url = Some(url);
        self
    }

    /// Starts the server.
    pub async fn start(self) -> MockServer {
        let wiremock = wiremock::MockServer::builder()
            .body_print_limit(wiremock::BodyPrintLimit::Limited(512))
            .start()
            .await;
        // wiremock listens on loopback; the proxy only forwards there.
        let proxy = proxy::FaultProxy::start(*wiremock.address())
            .await
            .unwrap_or_else(|e| {
                panic!("the mock's fault proxy could not listen on 127.0.0.1: {e}")
            });
        let uri = match self.public_url {
            Some(url) => url,
            None => Url::parse(&format!("http://127.0.0.1:{}/", proxy.port))
                .unwrap_or_else(|e| panic!("mock URL: {e}")),
        };
        let helseid = match (self.shared_helseid, self.helseid) {
            (Some(shared), _) => Some(shared),
            (None, true) => Some(Arc::new(MockHelseId::start().await)),
            (None, false) => None,
        };
        let header = self
            .api_key_header
            .unwrap_or_else(|| crate::DEFAULT_API_KEY_HEADER.to_owned());
        let server = MockServer {
            wiremock,
            proxy,
            uri,
            helseid,
            api_key: self.api_key,
            api_key_header: header,
            token_type: self.token_type,
            refused_token_status: self.refused_token_status.unwrap_or(401),
            token_exempt: Arc::default(),
        };
        server.mount_gatekeepers().await;
        server
    }
}

/// A mock service: wiremock behind a fault proxy. See the [module docs](self).
pub struct MockServer {
    wiremock: wiremock::MockServer,
    proxy: proxy::FaultProxy,
    uri: Url,
    helseid: Option<Arc<MockHelseId>>,
    api_key: Option<String>,
    api_key_header: String,
    token_type: Option<TokenType>,
    refused_token_status: u16,
    token_exempt: Arc<RwLock<Vec<Exemption>>>,
}

/// Which requests the HelseID gate lets through (routes called with another credential, see
/// [`Router::other_credential`]).
type Exemption = Arc<dyn Fn(&Request) -> bool + Send + Sync>;

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("uri", &self.uri.as_str())
            .field("helseid", &self.helseid.is_some())
            .field("api_key", &self.api_key.as_ref().map(|_| "***"))
            .finish_non_exhaustive()
    }
}

impl MockServer {
    /// Options for a server.
    pub fn builder() -> MockServerBuilder {
        MockServerBuilder::default()
    }

    /// A server that demands nothing.
    pub async fn start() -> MockServer {
        MockServer::builder().start().await
    }

    /// The base URL clients use (the fault proxy, or the URL given to
    /// [`MockServerBuilder::public_url`]), with a trailing slash.
    pub fn uri(&self) -> Url {
        self.uri.clone()
    }

    /// The loopback address the server listens on (its fault proxy): where a router in front of
    /// it forwards to.
    pub fn local_addr(&self) -> std::net::SocketAddr {
        std::net::SocketAddr::from(([127, 0, 0, 1], self.proxy.port))
    }

    /// The mock HelseID, when the server demands tokens.
    pub fn helseid(&self) -> Option<&MockHelseId> {
        self.helseid.as_deref()
    }

    /// The API key the server demands, if any.
    pub fn api_key(&self) -> Option<&str> {
        self.api_key.as_deref()
    }

    /// A client builder for service `S`, wired to this server: base URL, API key, a HelseID
    /// client registered at the mock HelseID, and quick retries (5 ms initial backoff, 10 s
    /// deadline) so fault tests run fast.
    pub async fn client_builder<S: Service>(&self) -> ClientBuilder<S> {
        let mut builder = ClientBuilder::<S>::new()
            .base_url(self.uri())
            .request_timeout(Duration::from_secs(5))
            .retry(
                RetryOptions::default()
                    .with_initial_backoff(Duration::from_millis(5))
                    .with_max_backoff(Duration::from_millis(50))
                    .with_deadline(Duration::from_secs(10)),
            );
        if let Some(key) = &self.api_key {
            builder = builder
                .api_key(key.as_str())
                .api_key_header(self.api_key_header.clone());
        }
        if let Some(helseid) = &self.helseid {
            let client = match self.token_type {
                None => helseid.client(MOCK_CLIENT_ID).await,
                Some(token_type) => helseid
                    .client_builder(MOCK_CLIENT_ID)
                    .token_type(token_type)
                    .build()
                    .unwrap_or_else(|e| panic!("a client for the mock HelseID: {e}")),
            };
            builder = builder.helseid(client);
        }
        // A server that checks no key or token still gets a client the service's `build()`
        // accepts: the placeholders are sent and ignored.
        if S::INFO.needs_api_key && self.api_key.is_none() {
            builder = builder.api_key(UNCHECKED_API_KEY);
        }
        if S::INFO.needs_credential && self.helseid.is_none() {
            builder = builder.bearer_token(UNCHECKED_TOKEN);
        }
        builder
    }

    /// Queues a fault for the next matching request(s).
    pub fn inject(&self, fault: Fault) {
        self.proxy.push(fault);
    }

    /// How many fault applications are still queued.
    pub fn pending_faults(&self) -> usize {
        self.proxy.pending()
    }

    /// Drops all queued faults.
    pub fn clear_faults(&self) {
        self.proxy.clear();
    }

    /// Mounts a wiremock route (the escape hatch service mocks use).
    pub async fn mount(&self, mock: Mock) {
        self.wiremock.register(mock).await;
    }

    /// Every request that reached the service (not those a fault answered or dropped first).
    pub async fn received_requests(&self) -> Vec<ReceivedRequest> {
        self.wiremock
            .received_requests()
            .await
            .unwrap_or_default()
            .into_iter()
            .map(ReceivedRequest::from)
            .collect()
    }

    /// The wiremock server underneath. Escape hatch: wiremock's API follows wiremock's versions.
    pub fn wiremock(&self) -> &wiremock::MockServer {
        &self.wiremock
    }

    /// Lets requests that `exempt` picks through the HelseID gate (a [`Router`] route called
    /// with another credential).
    pub(crate) fn exempt_from_tokens(&self, exempt: Exemption) {
        self.token_exempt
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .push(exempt);
    }

    /// The URL a request was sent to, as the client saw it (for DPoP `htu` checks).
    pub fn public_url(&self, request: &Request) -> Url {
        public_url(&self.uri, request)
    }

    /// Gatekeepers run before any service route (priority 1): the API key, then the token.
    async fn mount_gatekeepers(&self) {
        if let Some(key) = self.api_key.clone() {
            let header = self.api_key_header.clone();
            self.mount(
                Mock::given(move |req: &Request| req.headers.get(header.as_str()).and_then(|v| v.to_str().ok()) != Some(key.as_str()))
                    .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
                        "statusCode": 401,
                        "message": "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API."
                    })))
                    .with_priority(1)
                    .named("gateway: API key"),
            )
            .await;
        }
        if let Some(helseid) = self.helseid.clone() {
            let uri = self.uri.clone();
            let exempt = self.token_exempt.clone();
            let rejects = move |req: &Request| {
                let exempt = exempt.read().unwrap_or_else(|e| e.into_inner());
                if exempt.iter().any(|e| e(req)) {
                    return false;
                }
                let url = public_url(&uri, req);
                let header = |name: &str| req.headers.get(name).and_then(|v| v.to_str().ok());
                helseid
                    .verify_api_request(
                        req.method.as_str(),
                        &url,
                        header("authorization"),
                        header("dpop"),
                    )
                    .is_err()
            };
            self.mount(
                Mock::given(rejects)
                    .respond_with(
                        ResponseTemplate::new(self.refused_token_status)
                            .insert_header("www-authenticate", r#"DPoP error="invalid_token", error_description="the token or its DPoP proof was not accepted""#)
                            .set_body_json(serde_json::json!({"error": "invalid_token"})),
                    )
                    .with_priority(2)
                    .named("resource server: HelseID token"),
            )
            .await;
        }
    }
}

/// `base` (which ends with `/`) with the request's path appended to its path, and its query.
fn public_url(base: &Url, request: &Request) -> Url {
    let mut url = base.clone();
    let path = format!(
        "{}{}",
        base.path().trim_end_matches('/'),
        request.url.path()
    );
    url.set_path(&path);
    url.set_query(request.url.query());
    url
}

/// A request the mock received.
#[derive(Clone)]
pub struct ReceivedRequest {
    /// The method.
    pub method: String,
    /// The path.
    pub path: String,
    /// The query string, if any.
    pub query: Option<String>,
    headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl fmt::Debug for ReceivedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Headers carry tokens and keys, bodies personal data: show the shape only.
        f.debug_struct("ReceivedRequest")
            .field("method", &self.method)
            .field(
                "path",
                &crate::error_body::mask_personal_numbers(&self.path),
            )
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

impl ReceivedRequest {
    /// A header's value (the first, if repeated).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

impl From<Request> for ReceivedRequest {
    fn from(req: Request) -> Self {
        ReceivedRequest {
            method: req.method.to_string(),
            path: req.url.path().to_owned(),
            query: req.url.query().map(str::to_owned),
            headers: req
                .headers
                .iter()
                .map(|(n, v)| {
                    (
                        n.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body: req.body,
        }
    }
}
