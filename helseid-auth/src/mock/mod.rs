//! A mock HelseID for tests (feature `mock`): discovery and a token endpoint on
//! [wiremock](https://docs.rs/wiremock), as strict as HelseID.
//!
//! The token endpoint checks the client assertion (signature against the registered public keys,
//! `typ: client-authentication+jwt`, `iss` = `sub` = client id, `aud` = issuer, `exp` at most 60 s
//! ahead, `nbf`/`iat`, `jti` never seen before — consumed even when the request then fails) and the
//! DPoP proof (signature with its own public `jwk`, `typ: dpop+jwt`, `htm` = `POST`, `htu` = token
//! endpoint, `iat` within 60 s, `jti` never seen before); demands a server nonce first, as HelseID
//! does; validates `assertion_details`; and issues JWT access tokens (`at+jwt`, ES256) with
//! `cnf.jkt` for DPoP. It counts requests and injects faults ([`TokenFault`]).
//!
//! API mocks call [`MockHelseId::verify_api_request`] to check `Authorization` and `DPoP` headers
//! the way a resource server must.
//!
//! ```
//! use helseid_auth::TokenRequest;
//! use helseid_auth::mock::MockHelseId;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), helseid_auth::Error> {
//! let helseid = MockHelseId::start().await;
//! let client = helseid.client("my-test-client").await;
//! let request = TokenRequest::new(["nhn:example/api"]);
//!
//! let url = url::Url::parse("https://api.example.no/v1/things?page=1").unwrap();
//! let auth = client.authorize(&request, "GET", &url).await?;
//! let verified = helseid
//!     .verify_api_request("GET", &url, Some(auth.header_value()), auth.dpop_proof())
//!     .expect("a valid DPoP request");
//! assert_eq!(verified.client_id(), Some("my-test-client"));
//! assert_eq!(helseid.token_requests(), 2); // use_dpop_nonce first, then the token
//! # Ok(()) }
//! ```
//!
//! The mock's parts: `state` (what it remembers), `token_endpoint` (faults, client assertions,
//! issuing tokens), `dpop_check` (DPoP proofs and the resource-server check), `jws` (reading and
//! verifying JWS) and `selvbetjening` (the mock HelseID Selvbetjening API).

mod dpop_check;
mod jws;
mod selvbetjening;
mod state;
mod token_endpoint;

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::client::{HelseIdClient, HelseIdClientBuilder};
use crate::key::{Algorithm, SigningKey};
use crate::util::{random_id, unix_now};
use state::{Inner, JtiSet};
use token_endpoint::TokenResponder;

pub use dpop_check::{ApiAuthError, VerifiedToken};
pub use selvbetjening::MockSelvbetjening;
pub(crate) use state::{RegisteredKey, State};
pub use token_endpoint::TokenFault;

/// Claims of the access-token organisation numbers, as HelseID names them.
pub const CLAIM_ORGNR_PARENT: &str = "helseid://claims/client/claims/orgnr_parent";
/// See [`CLAIM_ORGNR_PARENT`].
pub const CLAIM_ORGNR_CHILD: &str = "helseid://claims/client/claims/orgnr_child";

/// A mock HelseID on wiremock (loopback HTTP). See the [module documentation](self).
///
/// ```
/// use std::time::Duration;
/// use helseid_auth::mock::{MockHelseId, TokenFault};
/// use helseid_auth::{Algorithm, HelseIdClient, SigningKey, TokenRequest};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), helseid_auth::Error> {
/// let helseid = MockHelseId::start().await;
/// helseid.require_nonce(false); // skip the use_dpop_nonce round trip
/// helseid.set_expires_in(60);
///
/// // Bring your own key.
/// let key = SigningKey::generate(Algorithm::PS256)?;
/// helseid.register_client("my-client", key.public_jwk());
/// let client = HelseIdClient::builder()
///     .issuer(helseid.issuer())
///     .client_id("my-client")
///     .signing_key(key)
///     .allow_partial_scopes(true) // a refused scope is an error otherwise
///     .build()?;
///
/// let request = TokenRequest::new(["nhn:example/api", "nhn:example/admin"]);
/// helseid.reject_scope("nhn:example/admin");
/// let token = client.access_token(&request).await?;
/// assert_eq!(token.rejected_scope(), Some("nhn:example/admin"));
/// assert_eq!(helseid.token_requests(), 1);
///
/// client.invalidate(&request);
/// helseid.fail_next(TokenFault::Status(503));
/// assert!(client.access_token(&request).await.unwrap_err().is_retryable());
/// helseid.fail_next(TokenFault::Delay(Duration::from_millis(50)));
/// client.access_token(&request).await?;
/// assert_eq!(helseid.tokens_issued(), 2);
/// # Ok(()) }
/// ```
pub struct MockHelseId {
    server: MockServer,
    state: Arc<State>,
}

impl fmt::Debug for MockHelseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockHelseId")
            .field("issuer", &self.state.issuer)
            .finish_non_exhaustive()
    }
}

impl MockHelseId {
    /// Starts the mock on `127.0.0.1` with a random port.
    pub async fn start() -> MockHelseId {
        Self::start_inner(None).await
    }

    /// Starts the mock on `127.0.0.1` with a random port, for clients that reach it through
    /// something forwarding to [`MockHelseId::wiremock`] (a router that strips a path prefix, a
    /// container's published port): discovery, the `aud` of client assertions, the DPoP `htu` of
    /// the token endpoint and the tokens' `iss` all use `issuer` (a trailing `/` is dropped).
    ///
    /// ```
    /// use helseid_auth::mock::MockHelseId;
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let issuer = url::Url::parse("http://127.0.0.1:8410/helseid").unwrap();
    /// let helseid = MockHelseId::start_with_issuer(issuer).await;
    /// assert_eq!(helseid.token_endpoint().as_str(), "http://127.0.0.1:8410/helseid/connect/token");
    /// # }
    /// ```
    pub async fn start_with_issuer(issuer: Url) -> MockHelseId {
        Self::start_inner(Some(issuer)).await
    }

    async fn start_inner(issuer: Option<Url>) -> MockHelseId {
        let server = MockServer::start().await;
        let issuer = match issuer {
            Some(issuer) => issuer.as_str().trim_end_matches('/').to_owned(),
            None => server.uri().trim_end_matches('/').to_owned(),
        };
        let token_endpoint = format!("{issuer}/connect/token");
        let as_key = SigningKey::generate(Algorithm::ES256).expect("generate an ES256 key");
        let state = Arc::new(State {
            issuer: issuer.clone(),
            token_endpoint: token_endpoint.clone(),
            as_key,
            token_requests: AtomicUsize::new(0),
            tokens_issued: AtomicUsize::new(0),
            inner: Mutex::new(Inner {
                clients: HashMap::new(),
                assertion_jtis: JtiSet::default(),
                proof_jtis: JtiSet::default(),
                api_jtis: JtiSet::default(),
                require_nonce: true,
                nonce: random_id(),
                previous_nonce: None,
                api_nonce: None,
                expires_in: 300,
                faults: VecDeque::new(),
                rejected_scopes: HashSet::new(),
            }),
        });
        let algs: Vec<&str> = Algorithm::ALL.iter().map(Algorithm::as_str).collect();
        let discovery = json!({
            "issuer": issuer,
            "token_endpoint": token_endpoint,
            "jwks_uri": format!("{issuer}/.well-known/openid-configuration/jwks"),
            "grant_types_supported": ["client_credentials"],
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            "token_endpoint_auth_signing_alg_values_supported": algs,
            "dpop_signing_alg_values_supported": algs,
        });
        Mock::given(method("GET"))
            .and(path("/.well-known/openid-configuration"))
            .respond_with(ResponseTemplate::new(200).set_body_json(discovery))
            .named("HelseID discovery")
            .mount(&server)
            .await;
        let mut jwk = state.as_key.public_jwk();
        jwk["use"] = Value::from("sig");
        Mock::given(method("GET"))
            .and(path("/.well-known/openid-configuration/jwks"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "keys": [jwk] })))
            .named("HelseID JWKS")
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/connect/token"))
            .respond_with(TokenResponder(state.clone()))
            .named("HelseID token endpoint")
            .mount(&server)
            .await;
        MockHelseId { server, state }
    }

    /// The issuer, such as `http://127.0.0.1:41234`.
    pub fn issuer(&self) -> Url {
        Url::parse(&self.state.issuer).expect("wiremock URI")
    }

    /// The token endpoint.
    pub fn token_endpoint(&self) -> Url {
        Url::parse(&self.state.token_endpoint).expect("wiremock URI")
    }

    /// Registers a public key (JWK) for `client_id`; a client may have several. Assertions whose
    /// `kid` header names a key are checked against that key only.
    pub fn register_client(&self, client_id: &str, public_jwk: Value) {
        self.state.register(
            client_id,
            RegisteredKey {
                jwk: public_jwk,
                origin: "Gui",
                expiration: unix_now() + 365 * 24 * 3600,
            },
        );
    }

    /// A builder for a client of the mock: a new ES256 key, registered for `client_id`, and the
    /// issuer set. Adjust it (`renew_before`, `token_type` …) and `build()`.
    pub fn client_builder(&self, client_id: &str) -> HelseIdClientBuilder {
        let key = SigningKey::generate(Algorithm::ES256).expect("generate an ES256 key");
        self.register_client(client_id, key.public_jwk());
        HelseIdClient::builder()
            .issuer(self.issuer())
            .client_id(client_id)
            .signing_key(key)
    }

    /// A DPoP client of the mock with a new, registered ES256 key.
    pub async fn client(&self, client_id: &str) -> HelseIdClient {
        self.client_builder(client_id)
            .build()
            .expect("a client for the mock HelseID")
    }

    /// Token POSTs received, successful and failed (a nonce round trip counts twice).
    pub fn token_requests(&self) -> usize {
        self.state.token_requests.load(Ordering::SeqCst)
    }

    /// Access tokens issued.
    pub fn tokens_issued(&self) -> usize {
        self.state.tokens_issued.load(Ordering::SeqCst)
    }

    /// Whether DPoP token requests must carry the server nonce (default `true`, like HelseID: the
    /// first request is answered `400 use_dpop_nonce`).
    pub fn require_nonce(&self, yes: bool) {
        self.state.lock().require_nonce = yes;
    }

    /// Issues a new token-endpoint nonce; the previous one stays acceptable until the next
    /// rotation, the one before it does not.
    pub fn rotate_nonce(&self) {
        self.state.rotate_nonce();
        self.state.lock().previous_nonce = None;
    }

    /// `expires_in` of issued tokens, in seconds (default 300).
    pub fn set_expires_in(&self, secs: u64) {
        self.state.lock().expires_in = secs;
    }

    /// Queues a fault for the next token request.
    pub fn fail_next(&self, fault: TokenFault) {
        self.state.lock().faults.push_back(fault);
    }

    /// Leaves `scope` out of issued tokens and reports it in `rejected_scope`, as HelseID does
    /// when a customer has not accepted an API's terms.
    pub fn reject_scope(&self, scope: &str) {
        self.state.lock().rejected_scopes.insert(scope.to_owned());
    }

    /// Makes [`MockHelseId::verify_api_request`] demand this DPoP nonce in API proofs (RFC 9449
    /// §9), or stop demanding one with `None`.
    pub fn require_api_nonce(&self, nonce: Option<&str>) {
        self.state.lock().api_nonce = nonce.map(str::to_owned);
    }

    /// The public JWK that signs the mock's access tokens.
    pub fn token_signing_jwk(&self) -> Value {
        self.state.as_key.public_jwk()
    }

    /// Resource-server check for API mocks: the `Authorization: DPoP <token>` was issued by this
    /// mock and has not expired; the `DPoP` proof is signed by its `jwk`, `typ` is `dpop+jwt`,
    /// `htm` = `method`, `htu` = `url` without query and fragment, `iat` is within 60 s, the `jti`
    /// is new, `ath` matches the token and the proof key's thumbprint equals the token's
    /// `cnf.jkt`. A Bearer token is accepted when it has no `cnf`. Returns the token's claims or
    /// the reason for refusing.
    pub fn verify_api_request(
        &self,
        method: &str,
        url: &Url,
        authorization: Option<&str>,
        dpop: Option<&str>,
    ) -> Result<VerifiedToken, String> {
        self.check_api_request(method, url, authorization, dpop)
            .map_err(|e| e.to_string())
    }

    /// Like [`MockHelseId::verify_api_request`], with a structured refusal that says what to
    /// answer (status, `WWW-Authenticate`, `DPoP-Nonce`).
    pub fn check_api_request(
        &self,
        method: &str,
        url: &Url,
        authorization: Option<&str>,
        dpop: Option<&str>,
    ) -> Result<VerifiedToken, ApiAuthError> {
        self.state.check_api(method, url, authorization, dpop)
    }

    /// The underlying wiremock server: mount extra mocks or read received requests. An escape
    /// hatch; its API follows wiremock's versions.
    pub fn wiremock(&self) -> &MockServer {
        &self.server
    }

    pub(crate) fn state(&self) -> &Arc<State> {
        &self.state
    }
}
