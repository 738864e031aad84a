//! The HelseID client and its builder.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use chrono::{DateTime, Utc};
use serde::Deserialize;
use tracing::Instrument as _;
use url::Url;
use zeroize::Zeroizing;

use crate::cache::{Fetched, TokenCache};
use crate::dpop::{self, NonceStore};
use crate::error::{Error, ErrorKind};
use crate::http::{Discovery, Metadata, OAuthErrorBody, read_body};
use crate::key::SigningKey;
use crate::secret::SecretString;
use crate::token::{AccessToken, TokenRequest, TokenType};
use crate::util::check_https;

/// A named HelseID environment.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Environment {
    /// HelseID test: `https://helseid-sts.test.nhn.no`.
    Test,
    /// HelseID production: `https://helseid-sts.nhn.no`.
    Production,
}

impl Environment {
    /// The issuer (authority) URL.
    ///
    /// ```
    /// use helseid_auth::Environment;
    /// assert_eq!(Environment::Test.issuer().as_str(), "https://helseid-sts.test.nhn.no/");
    /// ```
    pub fn issuer(&self) -> Url {
        Url::parse(match self {
            Environment::Test => "https://helseid-sts.test.nhn.no",
            Environment::Production => "https://helseid-sts.nhn.no",
        })
        .expect("static URL")
    }

    /// The Selvbetjening (self-service) API base URL.
    pub fn selvbetjening_api(&self) -> Url {
        Url::parse(match self {
            Environment::Test => "https://api.selvbetjening.test.nhn.no",
            Environment::Production => "https://api.selvbetjening.nhn.no",
        })
        .expect("static URL")
    }
}

/// Longest client assertion lifetime HelseID accepts.
pub const MAX_ASSERTION_LIFETIME: Duration = Duration::from_secs(60);
const DEFAULT_ASSERTION_LIFETIME: Duration = Duration::from_secs(10);
const DEFAULT_RENEW_BEFORE: Duration = Duration::from_secs(30);
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_DISCOVERY_TTL: Duration = Duration::from_secs(24 * 60 * 60);
/// Used when a token response has no `expires_in`.
const FALLBACK_EXPIRES_IN: u64 = 60;
/// The longest `expires_in` believed (one day): access tokens live minutes, and a larger value
/// (up to `u64::MAX` or `1e300`) would overflow the expiry time.
const MAX_EXPIRES_IN: u64 = 24 * 60 * 60;

/// Gets and caches HelseID access tokens for one client (issuer, client id, key) and signs DPoP
/// proofs for API calls.
///
/// Cheap to clone (an `Arc` inside); clones share the token cache, the discovery document and
/// the remembered DPoP nonces (kept apart for the token endpoint and for APIs, so an API on
/// HelseID's own origin never overwrites the token endpoint's nonce). `Send + Sync`. `Debug`
/// shows the issuer, client id and key id, never key material or tokens.
///
/// ```no_run
/// use helseid_auth::{Environment, HelseIdClient, SigningKey, TokenRequest};
///
/// # async fn run() -> Result<(), helseid_auth::Error> {
/// let key = SigningKey::from_jwk_json(&std::env::var("HELSEID_JWK").unwrap_or_default())?;
/// let client = HelseIdClient::builder()
///     .environment(Environment::Test)
///     .client_id("my-client-id")
///     .signing_key(key)
///     .build()?;
///
/// let request = TokenRequest::new(["nhn:test-public-samplecode/client-credentials"]);
/// let url = url::Url::parse("https://api.example.nhn.no/v1/things?page=2").expect("url");
/// let auth = client.authorize(&request, "GET", &url).await?;
/// let response = reqwest::Client::new()
///     .get(url.clone())
///     .header("Authorization", auth.header_value())
///     .header("DPoP", auth.dpop_proof().unwrap_or_default())
///     .send()
///     .await
///     .expect("send");
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct HelseIdClient {
    inner: Arc<ClientInner>,
}

pub(crate) struct ClientInner {
    issuer: String,
    client_id: String,
    key: SigningKey,
    token_type: TokenType,
    http: reqwest::Client,
    assertion_lifetime: Duration,
    renew_before: Duration,
    timeout: Duration,
    discovery: Discovery,
    discovery_ttl: Duration,
    allow_partial_scopes: bool,
    cache: TokenCache,
    /// Nonces from the token endpoint, per origin.
    token_nonces: NonceStore,
    /// Nonces from APIs (resource servers), per origin.
    api_nonces: NonceStore,
}

/// Builds a [`HelseIdClient`]. Required: an issuer ([`environment`](Self::environment) or
/// [`issuer`](Self::issuer)), a [`client_id`](Self::client_id) and a
/// [`signing_key`](Self::signing_key).
#[derive(Default)]
pub struct HelseIdClientBuilder {
    issuer: Option<Url>,
    client_id: Option<String>,
    key: Option<SigningKey>,
    token_type: TokenType,
    http: Option<reqwest::Client>,
    assertion_lifetime: Option<Duration>,
    renew_before: Option<Duration>,
    timeout: Option<Duration>,
    discovery_ttl: Option<Duration>,
    allow_partial_scopes: bool,
}

impl fmt::Debug for HelseIdClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HelseIdClientBuilder")
            .field("issuer", &self.issuer.as_ref().map(Url::as_str))
            .field("client_id", &self.client_id)
            .field("key", &self.key)
            .field("token_type", &self.token_type)
            .finish_non_exhaustive()
    }
}

impl HelseIdClientBuilder {
    /// Uses a named HelseID environment's issuer.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.issuer = Some(environment.issuer());
        self
    }

    /// Uses any issuer (a conformance-test STS, a local test server). `http://` is only accepted
    /// for loopback hosts.
    pub fn issuer(mut self, issuer: Url) -> Self {
        self.issuer = Some(issuer);
        self
    }

    /// The client id from HelseID Selvbetjening.
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = Some(client_id.into());
        self
    }

    /// The key that signs client assertions and DPoP proofs.
    pub fn signing_key(mut self, key: SigningKey) -> Self {
        self.key = Some(key);
        self
    }

    /// The default token type: [`TokenType::DPoP`] (the default) or [`TokenType::Bearer`]. A
    /// [`TokenRequest::with_token_type`] overrides it per request.
    pub fn token_type(mut self, token_type: TokenType) -> Self {
        self.token_type = token_type;
        self
    }

    /// Brings your own `reqwest::Client` (proxies, TLS roots, connection pool). The default client
    /// follows no redirects, so an assertion is never re-sent elsewhere.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// How long a client assertion is valid: default 10 s, at most 60 s (HelseID's limit).
    pub fn assertion_lifetime(mut self, lifetime: Duration) -> Self {
        self.assertion_lifetime = Some(lifetime);
        self
    }

    /// Renew a cached token this long before it expires (default 30 s, at most half the token's
    /// lifetime; up to 10 % jitter comes on top).
    pub fn renew_before(mut self, renew_before: Duration) -> Self {
        self.renew_before = Some(renew_before);
        self
    }

    /// Timeout of each request to HelseID (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How long the discovery document is kept (default 24 h).
    pub fn discovery_cache_ttl(mut self, ttl: Duration) -> Self {
        self.discovery_ttl = Some(ttl);
        self
    }

    /// Accepts a token that grants fewer scopes than were requested (default: refused).
    ///
    /// By default a token response whose `scope` lacks a requested scope (HelseID names those in
    /// `rejected_scope`) is an error of kind [`ErrorKind::ScopeNotGranted`] that names the
    /// missing scopes, so a call never goes out with a token the API will refuse. With
    /// `allow_partial_scopes(true)` the token is returned and cached as issued; read
    /// [`AccessToken::scope`] and [`AccessToken::rejected_scope`] to see what was granted.
    /// A response without `scope` means "as requested" (RFC 6749 §5.1) and is always accepted.
    pub fn allow_partial_scopes(mut self, allow: bool) -> Self {
        self.allow_partial_scopes = allow;
        self
    }

    /// Checks the settings and builds the client. Nothing is sent until a token is needed.
    ///
    /// ```
    /// use std::time::Duration;
    /// use helseid_auth::{Algorithm, HelseIdClient, SigningKey};
    ///
    /// let err = HelseIdClient::builder()
    ///     .issuer(url::Url::parse("http://helseid.example.no").unwrap())
    ///     .client_id("c")
    ///     .signing_key(SigningKey::generate(Algorithm::ES256)?)
    ///     .build()
    ///     .unwrap_err();
    /// assert!(err.to_string().contains("loopback"));
    /// # Ok::<(), helseid_auth::Error>(())
    /// ```
    pub fn build(self) -> Result<HelseIdClient, Error> {
        let issuer = self.issuer.ok_or_else(|| {
            Error::config("no issuer: call .environment(Environment::Test) or .issuer(url)")
        })?;
        check_https(&issuer, "issuer")?;
        if issuer.query().is_some() || issuer.fragment().is_some() {
            return Err(Error::config(format!(
                "the issuer {issuer} must not have a query or fragment"
            )));
        }
        let issuer = issuer.as_str().trim_end_matches('/').to_owned();
        let client_id = self
            .client_id
            .filter(|c| !c.trim().is_empty())
            .ok_or_else(|| Error::config("no client id: call .client_id(..)"))?;
        let key = self
            .key
            .ok_or_else(|| Error::config("no signing key: call .signing_key(..)"))?;
        let assertion_lifetime = self
            .assertion_lifetime
            .unwrap_or(DEFAULT_ASSERTION_LIFETIME);
        if assertion_lifetime > MAX_ASSERTION_LIFETIME
            || assertion_lifetime < Duration::from_secs(1)
        {
            return Err(Error::config(format!(
                "the assertion lifetime must be between 1 and 60 seconds (HelseID refuses client assertions that expire more than 60 s ahead); got {} s",
                assertion_lifetime.as_secs_f64()
            )));
        }
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let http = match self.http {
            Some(h) => h,
            None => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(timeout.min(Duration::from_secs(10)))
                .user_agent(concat!("helseid-auth/", env!("CARGO_PKG_VERSION")))
                .build()
                .map_err(|e| {
                    Error::new(ErrorKind::Configuration, "could not build the HTTP client")
                        .with_source(e)
                })?,
        };
        let discovery_ttl = self.discovery_ttl.unwrap_or(DEFAULT_DISCOVERY_TTL);
        let discovery = Discovery::new(&issuer, discovery_ttl)?;
        Ok(HelseIdClient {
            inner: Arc::new(ClientInner {
                issuer,
                client_id,
                key,
                token_type: self.token_type,
                http,
                assertion_lifetime,
                renew_before: self.renew_before.unwrap_or(DEFAULT_RENEW_BEFORE),
                timeout,
                discovery,
                discovery_ttl,
                allow_partial_scopes: self.allow_partial_scopes,
                cache: TokenCache::default(),
                token_nonces: NonceStore::default(),
                api_nonces: NonceStore::default(),
            }),
        })
    }
}

/// What the caller of [`HelseIdClient::observe_api_response`] should do.
///
/// See [`HelseIdClient::observe_api_response`] for an example.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengeAction {
    /// Nothing: use the response as it is.
    None,
    /// The API demanded a DPoP nonce (RFC 9449 §9); it is remembered. Send the request once more
    /// with a new [`HelseIdClient::authorize`].
    RetryWithNonce,
    /// The API refused the token (`invalid_token`); the cached token was dropped. Send the request
    /// once more with a new [`HelseIdClient::authorize`].
    RetryWithNewToken,
}

/// The headers for one API request: `Authorization` and, for DPoP, `DPoP`. `Debug` is redacted.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), helseid_auth::Error> {
/// # let helseid = helseid_auth::mock::MockHelseId::start().await;
/// # let client = helseid.client("doc-client").await;
/// let url = url::Url::parse("https://api.example.no/v1/x").unwrap();
/// let request = helseid_auth::TokenRequest::new(["nhn:example/api"]);
/// let auth = client.authorize(&request, "DELETE", &url).await?;
/// let shown = format!("{auth:?}");
/// assert!(!shown.contains(auth.access_token().expose_secret()));
/// # Ok(()) }
/// ```
pub struct Authorization {
    header: Zeroizing<String>,
    proof: Option<String>,
    token: AccessToken,
}

impl Authorization {
    /// The `Authorization` header value: `"DPoP <token>"` or `"Bearer <token>"`.
    pub fn header_value(&self) -> &str {
        &self.header
    }

    /// The `DPoP` header value (a proof for this method and URL), when the token is DPoP-bound.
    pub fn dpop_proof(&self) -> Option<&str> {
        self.proof.as_deref()
    }

    /// The access token.
    pub fn access_token(&self) -> &AccessToken {
        &self.token
    }
}

impl fmt::Debug for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authorization")
            .field("scheme", &self.token.token_type())
            .field("header", &"<redacted>")
            .field("dpop_proof", &self.proof.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

#[derive(Deserialize)]
struct TokenResponseBody {
    access_token: Option<String>,
    token_type: Option<String>,
    expires_in: Option<serde_json::Value>,
    scope: Option<String>,
    rejected_scope: Option<String>,
}

impl fmt::Debug for HelseIdClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("HelseIdClient")
            .field("issuer", &i.issuer)
            .field("client_id", &i.client_id)
            .field("kid", &i.key.kid())
            .field("algorithm", &i.key.algorithm())
            .field("token_type", &i.token_type)
            .finish_non_exhaustive()
    }
}

impl HelseIdClient {
    /// Starts a builder.
    ///
    /// ```
    /// use std::time::Duration;
    /// use helseid_auth::{Algorithm, Environment, HelseIdClient, SigningKey, TokenType};
    ///
    /// let client = HelseIdClient::builder()
    ///     .environment(Environment::Test)
    ///     .client_id("my-client")
    ///     .signing_key(SigningKey::generate(Algorithm::ES256)?)
    ///     .token_type(TokenType::DPoP)
    ///     .assertion_lifetime(Duration::from_secs(10))
    ///     .renew_before(Duration::from_secs(30))
    ///     .build()?;
    /// assert_eq!(client.issuer(), "https://helseid-sts.test.nhn.no");
    /// # Ok::<(), helseid_auth::Error>(())
    /// ```
    pub fn builder() -> HelseIdClientBuilder {
        HelseIdClientBuilder::default()
    }

    /// The issuer, without a trailing slash.
    pub fn issuer(&self) -> &str {
        &self.inner.issuer
    }

    /// The client id.
    pub fn client_id(&self) -> &str {
        &self.inner.client_id
    }

    /// The signing key (its public parts: `public_jwk`, `thumbprint`, `kid`).
    pub fn signing_key(&self) -> &SigningKey {
        &self.inner.key
    }

    /// The default token type.
    pub fn token_type(&self) -> TokenType {
        self.inner.token_type
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// A client for the same issuer and client id with another key (after a key rotation). It
    /// shares the HTTP client and keeps every setting (token type, assertion lifetime,
    /// `renew_before`, timeout, discovery cache TTL, scope check); its token cache, discovery
    /// document and nonces start empty.
    ///
    /// ```
    /// use helseid_auth::{Algorithm, SigningKey};
    /// # fn run(client: helseid_auth::HelseIdClient) -> Result<(), helseid_auth::Error> {
    /// let new_key = SigningKey::generate(Algorithm::ES256)?;
    /// let rotated = client.with_signing_key(new_key)?;
    /// assert_eq!(rotated.client_id(), client.client_id());
    /// # Ok(()) }
    /// ```
    pub fn with_signing_key(&self, key: SigningKey) -> Result<HelseIdClient, Error> {
        let i = &self.inner;
        // Every field spelled out (no builder, no `..`): a new setting cannot be forgotten here.
        Ok(HelseIdClient {
            inner: Arc::new(ClientInner {
                issuer: i.issuer.clone(),
                client_id: i.client_id.clone(),
                key,
                token_type: i.token_type,
                http: i.http.clone(),
                assertion_lifetime: i.assertion_lifetime,
                renew_before: i.renew_before,
                timeout: i.timeout,
                discovery: Discovery::new(&i.issuer, i.discovery_ttl)?,
                discovery_ttl: i.discovery_ttl,
                allow_partial_scopes: i.allow_partial_scopes,
                cache: TokenCache::default(),
                token_nonces: NonceStore::default(),
                api_nonces: NonceStore::default(),
            }),
        })
    }

    /// How long the discovery document is kept.
    pub fn discovery_cache_ttl(&self) -> Duration {
        self.inner.discovery_ttl
    }

    /// Whether a token granting fewer scopes than requested is accepted (see
    /// [`HelseIdClientBuilder::allow_partial_scopes`]).
    pub fn allows_partial_scopes(&self) -> bool {
        self.inner.allow_partial_scopes
    }

    /// An access token for `request`: from the cache while it is fresh, otherwise from HelseID.
    ///
    /// One request is in flight per distinct token request however many tasks ask at once; the
    /// others wait for it. A token is renewed `renew_before` (plus jitter) ahead of its expiry; if
    /// renewal fails while the old token is still valid, the old token is returned.
    ///
    /// The cache key is the issuer, client id and key of this client plus the request's scopes
    /// (as a set), resource, organisation numbers and token type.
    ///
    /// ```
    /// use helseid_auth::{TokenRequest, TokenType};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), helseid_auth::Error> {
    /// # let helseid = helseid_auth::mock::MockHelseId::start().await;
    /// # let client = helseid.client("doc-client").await;
    /// let request = TokenRequest::new(["nhn:example/api"]);
    /// let token = client.access_token(&request).await?;
    /// assert_eq!(token.token_type(), TokenType::DPoP);
    /// // The second call is a cache hit.
    /// let again = client.access_token(&request).await?;
    /// assert_eq!(again.expose_secret(), token.expose_secret());
    /// # Ok(()) }
    /// ```
    pub async fn access_token(&self, request: &TokenRequest) -> Result<AccessToken, Error> {
        let inner = &self.inner;
        inner
            .cache
            .get_or_fetch(request.cache_key(), inner.renew_before, || {
                self.request_token(request)
            })
            .await
    }

    /// A cached token for `request` that is not due for renewal, without any I/O.
    ///
    /// ```
    /// use helseid_auth::TokenRequest;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), helseid_auth::Error> {
    /// # let helseid = helseid_auth::mock::MockHelseId::start().await;
    /// # let client = helseid.client("doc-client").await;
    /// let request = TokenRequest::new(["nhn:example/api"]);
    /// assert!(client.cached_token(&request).is_none());
    /// client.access_token(&request).await?;
    /// assert!(client.cached_token(&request).is_some());
    /// # Ok(()) }
    /// ```
    pub fn cached_token(&self, request: &TokenRequest) -> Option<AccessToken> {
        self.inner.cache.fresh(request.cache_key())
    }

    /// Drops the cached token for `request` (after an API said `invalid_token`, or a Helsenorge
    /// API answered 403 for an expired token). The next call gets a new one.
    ///
    /// ```
    /// use helseid_auth::TokenRequest;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), helseid_auth::Error> {
    /// # let helseid = helseid_auth::mock::MockHelseId::start().await;
    /// # let client = helseid.client("doc-client").await;
    /// let request = TokenRequest::new(["nhn:example/api"]);
    /// let first = client.access_token(&request).await?;
    /// client.invalidate(&request);
    /// let second = client.access_token(&request).await?;
    /// assert_ne!(first.expose_secret(), second.expose_secret());
    /// # Ok(()) }
    /// ```
    pub fn invalidate(&self, request: &TokenRequest) {
        self.inner.cache.invalidate(request.cache_key());
    }

    /// The headers for one API request: the (cached) token and, when it is DPoP-bound, a fresh
    /// proof with `htm` = `method`, `htu` = `url` without query and fragment, `ath`, a new `jti`,
    /// and the nonce an API at `url`'s origin sent last (RFC 9449 §9; the token endpoint's nonces
    /// are kept apart).
    ///
    /// ```
    /// use helseid_auth::TokenRequest;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), helseid_auth::Error> {
    /// # let helseid = helseid_auth::mock::MockHelseId::start().await;
    /// # let client = helseid.client("doc-client").await;
    /// let request = TokenRequest::new(["nhn:example/api"]);
    /// let url = url::Url::parse("https://api.example.no/v1/things?page=2").unwrap();
    /// let auth = client.authorize(&request, "GET", &url).await?;
    /// assert!(auth.header_value().starts_with("DPoP "));
    /// let proof = auth.dpop_proof().expect("a DPoP token comes with a proof");
    /// assert_eq!(proof.split('.').count(), 3);
    /// # Ok(()) }
    /// ```
    pub async fn authorize(
        &self,
        request: &TokenRequest,
        method: &str,
        url: &Url,
    ) -> Result<Authorization, Error> {
        let token = self.access_token(request).await?;
        let scheme = token.token_type().as_str();
        let secret = token.expose_secret();
        let mut header = Zeroizing::new(String::with_capacity(scheme.len() + 1 + secret.len()));
        header.push_str(scheme);
        header.push(' ');
        header.push_str(secret);
        let proof = match token.token_type() {
            TokenType::DPoP => {
                let nonce = self.inner.api_nonces.get(url);
                Some(dpop::proof(
                    &self.inner.key,
                    method,
                    url,
                    Some(token.ath()),
                    nonce.as_deref(),
                )?)
            }
            TokenType::Bearer => None,
        };
        Ok(Authorization {
            header,
            proof,
            token,
        })
    }

    /// Tells the client how an API answered a request made with [`HelseIdClient::authorize`]:
    /// remembers a `DPoP-Nonce` for APIs at `url`'s origin, drops the cached token when the API says
    /// `invalid_token` (or answers 401 without saying why), and says whether to send the request
    /// again. An API may challenge twice in a row (after a restart it refuses the token, then
    /// asks for its new nonce); [`HelseIdClient::execute`] runs these steps for you, bounded.
    ///
    /// ```
    /// # async fn run(client: helseid_auth::HelseIdClient) {
    /// use helseid_auth::{ChallengeAction, TokenRequest};
    ///
    /// let request = TokenRequest::new(["nhn:example/api"]);
    /// let url = url::Url::parse("https://api.example.no/v1/x").unwrap();
    /// let action = client.observe_api_response(
    ///     &request,
    ///     &url,
    ///     401,
    ///     Some(r#"DPoP error="use_dpop_nonce", error_description="nonce required""#),
    ///     Some("eyJ7S_zG.eyJH0-Z.HX4w-7v"),
    /// );
    /// assert_eq!(action, ChallengeAction::RetryWithNonce);
    /// # }
    /// ```
    pub fn observe_api_response(
        &self,
        request: &TokenRequest,
        url: &Url,
        status: u16,
        www_authenticate: Option<&str>,
        dpop_nonce: Option<&str>,
    ) -> ChallengeAction {
        if let Some(n) = dpop_nonce {
            self.inner.api_nonces.set(url, n);
        }
        if status != 401 {
            return ChallengeAction::None;
        }
        let challenges = www_authenticate
            .map(dpop::parse_www_authenticate)
            .unwrap_or_default();
        let errors: Vec<&str> = challenges
            .iter()
            .filter_map(|c| c.error.as_deref())
            .collect();
        if errors.contains(&"use_dpop_nonce") {
            return if dpop_nonce.is_some() {
                tracing::debug!("the API asked for a DPoP nonce; retrying once with it");
                ChallengeAction::RetryWithNonce
            } else {
                ChallengeAction::None
            };
        }
        let refuses_token = errors.is_empty() || errors.contains(&"invalid_token");
        if refuses_token {
            tracing::debug!("the API refused the access token; dropping it from the cache");
            self.invalidate(request);
            return ChallengeAction::RetryWithNewToken;
        }
        ChallengeAction::None
    }

    /// A DPoP proof for any request: `htm` = `method`, `htu` = `url` without query and fragment,
    /// `iat` = now, a new `jti`, `ath` when a token is given, and `nonce` when given.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), helseid_auth::Error> {
    /// # let helseid = helseid_auth::mock::MockHelseId::start().await;
    /// # let client = helseid.client("doc-client").await;
    /// let url = url::Url::parse("https://api.example.no/upload").unwrap();
    /// let proof = client.dpop_proof("POST", &url, None, Some("server-nonce"))?;
    /// assert_eq!(proof.split('.').count(), 3);
    /// # Ok(()) }
    /// ```
    pub fn dpop_proof(
        &self,
        method: &str,
        url: &Url,
        access_token: Option<&AccessToken>,
        nonce: Option<&str>,
    ) -> Result<String, Error> {
        dpop::proof(
            &self.inner.key,
            method,
            url,
            access_token.map(AccessToken::ath),
            nonce,
        )
    }

    /// A fresh client assertion for `request` (`aud` = the discovered issuer, a new `jti`), for
    /// grant types this crate does not run itself (token exchange, for example).
    ///
    /// ```
    /// use helseid_auth::TokenRequest;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), helseid_auth::Error> {
    /// # let helseid = helseid_auth::mock::MockHelseId::start().await;
    /// # let client = helseid.client("doc-client").await;
    /// let assertion = client.client_assertion(&TokenRequest::new(["nhn:example/api"])).await?;
    /// assert_eq!(assertion.expose_secret().split('.').count(), 3);
    /// # Ok(()) }
    /// ```
    pub async fn client_assertion(&self, request: &TokenRequest) -> Result<SecretString, Error> {
        let meta = self.metadata().await?;
        self.assertion(&meta, request).map(SecretString::new)
    }

    /// The token endpoint from discovery.
    pub async fn token_endpoint(&self) -> Result<Url, Error> {
        Ok(self.metadata().await?.token_endpoint.clone())
    }

    async fn metadata(&self) -> Result<Arc<Metadata>, Error> {
        self.inner
            .discovery
            .get(&self.inner.http, self.inner.timeout)
            .await
    }

    fn assertion(&self, meta: &Metadata, request: &TokenRequest) -> Result<String, Error> {
        let i = &self.inner;
        dpop::client_assertion(
            &i.key,
            &i.client_id,
            &meta.issuer,
            i.assertion_lifetime,
            request.organization().map(|o| o.assertion_details()),
        )
    }

    /// One client-credentials token request, with the `use_dpop_nonce` retry.
    async fn request_token(&self, request: &TokenRequest) -> Result<Fetched, Error> {
        check_scopes(request)?;
        let i = &self.inner;
        let meta = self.metadata().await?;
        let token_type = request.token_type().unwrap_or(i.token_type);
        let scope = request.scope();
        let span = tracing::debug_span!(
            "helseid.token_request",
            client_id = %i.client_id,
            scope = %scope,
            token_type = %token_type
        );
        self.token_attempts(request, &meta, token_type, &scope)
            .instrument(span)
            .await
    }

    async fn token_attempts(
        &self,
        request: &TokenRequest,
        meta: &Metadata,
        token_type: TokenType,
        scope: &str,
    ) -> Result<Fetched, Error> {
        let i = &self.inner;
        let endpoint = &meta.token_endpoint;
        let dpop = token_type == TokenType::DPoP;
        let mut nonce = if dpop {
            i.token_nonces.get(endpoint)
        } else {
            None
        };
        for attempt in 1..=2u8 {
            // A new assertion (new jti) and a new proof on every attempt: a strict server consumes
            // the assertion's jti even when it answers use_dpop_nonce.
            let assertion = Zeroizing::new(self.assertion(meta, request)?);
            let proof = if dpop {
                Some(dpop::proof(
                    &i.key,
                    "POST",
                    endpoint,
                    None,
                    nonce.as_deref(),
                )?)
            } else {
                None
            };
            let mut form: Vec<(&str, &str)> = vec![
                ("grant_type", "client_credentials"),
                ("client_id", &i.client_id),
                (
                    "client_assertion_type",
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                ),
                ("client_assertion", &assertion),
                ("scope", scope),
            ];
            if let Some(r) = request.resource() {
                form.push(("resource", r));
            }
            let mut builder = i
                .http
                .post(endpoint.clone())
                .header(reqwest::header::ACCEPT, "application/json")
                .timeout(i.timeout)
                .form(&form);
            if let Some(p) = &proof {
                builder = builder.header("DPoP", p.as_str());
            }
            let started = Instant::now();
            let started_wall = SystemTime::now();
            tracing::debug!(attempt, with_nonce = nonce.is_some(), "requesting a token");
            let resp = builder
                .send()
                .await
                .map_err(|e| Error::from_http("the token request to HelseID failed", e))?;
            let status = resp.status().as_u16();
            let server_nonce = resp
                .headers()
                .get("dpop-nonce")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            if dpop && let Some(n) = &server_nonce {
                i.token_nonces.set(endpoint, n);
            }
            let body = read_body(resp, "token").await?;
            tracing::debug!(attempt, status, "the token endpoint answered");
            if (200..300).contains(&status) {
                let fetched = parse_token(&body, token_type, started, started_wall)?;
                if !i.allow_partial_scopes {
                    check_granted(request, &fetched.token)?;
                }
                return Ok(fetched);
            }
            let err: OAuthErrorBody = serde_json::from_slice(&body).unwrap_or_default();
            if dpop && err.error.as_deref() == Some("use_dpop_nonce") {
                match server_nonce {
                    Some(n) if attempt == 1 => {
                        nonce = Some(n);
                        continue;
                    }
                    Some(_) => {
                        return Err(Error::new(
                            ErrorKind::NonceRetryExhausted,
                            "HelseID asked for a new DPoP nonce again after the one retry",
                        )
                        .with_status(status)
                        .with_oauth(err.error.as_deref(), err.error_description.as_deref()));
                    }
                    None => {
                        return Err(Error::invalid_response(
                            "HelseID answered use_dpop_nonce without a DPoP-Nonce header",
                        )
                        .with_status(status)
                        .with_oauth(err.error.as_deref(), err.error_description.as_deref()));
                    }
                }
            }
            let message = match err.error.as_deref() {
                Some("invalid_client") => {
                    "HelseID did not authenticate the client (unknown client id or key, or a bad client assertion)"
                }
                Some("invalid_scope") => "HelseID refused a requested scope",
                Some("invalid_dpop_proof") => "HelseID refused the DPoP proof",
                Some(_) => "HelseID refused the token request",
                None => "HelseID's token endpoint answered with an error",
            };
            return Err(Error::new(ErrorKind::TokenEndpoint, message)
                .with_status(status)
                .with_oauth(err.error.as_deref(), err.error_description.as_deref()));
        }
        Err(Error::new(
            ErrorKind::NonceRetryExhausted,
            "HelseID kept asking for a DPoP nonce",
        ))
    }
}

fn check_scopes(request: &TokenRequest) -> Result<(), Error> {
    if request.scopes().is_empty() {
        return Err(Error::config("a token request needs at least one scope"));
    }
    for s in request.scopes() {
        if s.is_empty() || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(Error::config(format!(
                "the scope {s:?} is empty or contains whitespace; give each scope separately"
            )));
        }
    }
    Ok(())
}

/// Refuses a token whose `scope` lacks a requested scope (no `scope` means "as requested").
fn check_granted(request: &TokenRequest, token: &AccessToken) -> Result<(), Error> {
    let Some(granted) = token.scope() else {
        return Ok(());
    };
    let granted: Vec<&str> = granted.split_whitespace().collect();
    let missing: Vec<&str> = request
        .scopes()
        .iter()
        .map(String::as_str)
        .filter(|s| !granted.contains(s))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut message = format!(
        "HelseID granted fewer scopes than requested: {} not granted",
        missing.join(" ")
    );
    if let Some(r) = token.rejected_scope() {
        message.push_str(&format!(
            " (rejected_scope: {})",
            r.chars().take(200).collect::<String>()
        ));
    }
    message.push_str(
        "; the token was not used (HelseIdClientBuilder::allow_partial_scopes(true) accepts it)",
    );
    Err(Error::new(ErrorKind::ScopeNotGranted, message))
}

fn parse_token(
    body: &[u8],
    requested: TokenType,
    started: Instant,
    started_wall: SystemTime,
) -> Result<Fetched, Error> {
    let parsed: TokenResponseBody = serde_json::from_slice(body)
        .map_err(|_| Error::invalid_response("the token response is not a JSON object"))?;
    let access_token = parsed
        .access_token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Error::invalid_response("the token response has no access_token"))?;
    let token_type = match parsed.token_type.as_deref() {
        None => requested,
        Some(t) if t.eq_ignore_ascii_case("dpop") => TokenType::DPoP,
        Some(t) if t.eq_ignore_ascii_case("bearer") => TokenType::Bearer,
        Some(t) => {
            return Err(Error::invalid_response(format!(
                "the token response has the unknown token_type {:?}",
                t.chars().take(20).collect::<String>()
            )));
        }
    };
    if token_type != requested {
        tracing::debug!(
            requested = %requested,
            issued = %token_type,
            "HelseID issued another token type than requested"
        );
    }
    let expires_in = match &parsed.expires_in {
        Some(serde_json::Value::Number(n)) => n.as_f64().unwrap_or(0.0).max(0.0) as u64,
        Some(serde_json::Value::String(s)) => s.trim().parse::<u64>().unwrap_or(0),
        _ => FALLBACK_EXPIRES_IN,
    }
    .min(MAX_EXPIRES_IN);
    if expires_in == 0 {
        return Err(Error::invalid_response(
            "the token response has an expires_in of zero or an unreadable one",
        ));
    }
    let lifetime = Duration::from_secs(expires_in);
    let expires_at: DateTime<Utc> = DateTime::<Utc>::from(started_wall + lifetime);
    let token = AccessToken::new(
        access_token,
        token_type,
        expires_at,
        parsed.scope,
        parsed.rejected_scope.filter(|s| !s.trim().is_empty()),
    );
    if let Some(r) = token.rejected_scope() {
        tracing::warn!(rejected_scope = %r, "HelseID rejected some requested scopes");
    }
    Ok(Fetched {
        token,
        started,
        lifetime,
    })
}
