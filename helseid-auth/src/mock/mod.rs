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

mod jws;
mod selvbetjening;

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::Serialize;
use serde_json::{Value, json};
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::client::{HelseIdClient, HelseIdClientBuilder};
use crate::key::{Algorithm, SigningKey, jwk_thumbprint};
use crate::util::{random_id, sha256_b64url, unix_now};
use jws::{Jws, has_private_members};

pub use selvbetjening::MockSelvbetjening;

/// Longest lifetime (`exp` − now) of a client assertion, in seconds.
const MAX_ASSERTION_SECONDS: i64 = 60;
/// Allowed distance of a DPoP proof's `iat` from now, in seconds.
const PROOF_IAT_WINDOW: i64 = 60;
/// Clock leeway for `nbf` / `iat` in the future.
const LEEWAY: i64 = 5;

/// Claims of the access-token organisation numbers, as HelseID names them.
pub const CLAIM_ORGNR_PARENT: &str = "helseid://claims/client/claims/orgnr_parent";
/// See [`CLAIM_ORGNR_PARENT`].
pub const CLAIM_ORGNR_CHILD: &str = "helseid://claims/client/claims/orgnr_child";

/// A fault to inject into the next token request ([`MockHelseId::fail_next`]). Faults queue up
/// and each is used once.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenFault {
    /// Answer with an OAuth error: `status` and `{"error": error, "error_description": description}`.
    OAuthError {
        /// HTTP status.
        status: u16,
        /// The OAuth `error` code.
        error: String,
        /// The `error_description`.
        description: String,
    },
    /// Answer with this HTTP status (a 5xx, say) and a generic error body.
    Status(u16),
    /// Handle the request normally, but answer after this delay.
    Delay(Duration),
    /// Answer `400 use_dpop_nonce` with a fresh `DPoP-Nonce`, whatever the proof holds.
    UseDpopNonce,
}

impl TokenFault {
    /// A HelseID `HID-10xx` error (`400 invalid_request`, code and text in `error_description`), as
    /// HelseID reports organisation-number problems.
    ///
    /// ```
    /// use helseid_auth::mock::TokenFault;
    /// let fault = TokenFault::helseid("HID-1002");
    /// assert!(matches!(fault, TokenFault::OAuthError { status: 400, .. }));
    /// ```
    pub fn helseid(code: &str) -> Self {
        let text = match code {
            "HID-1001" => "The parent organization number is not whitelisted for the client",
            "HID-1002" => "The child organization number is not whitelisted for the client",
            "HID-1003" => {
                "The child organization number is not whitelisted for the parent organization"
            }
            "HID-1004" => "The organization number has an invalid format (must be 9 digits)",
            "HID-1005" => "Passing the parent organization number is not enabled for the client",
            "HID-1006" => "Passing the child organization number is not enabled for the client",
            "HID-1007" => "The client assertion is not according to the specification",
            "HID-1008" => "Clients using a shared secret may not pass organization numbers",
            "HID-1009" => "Organization number claims must be in a request object",
            "HID-1010" => "The client configuration does not support organization number claims",
            _ => "HelseID error",
        };
        TokenFault::OAuthError {
            status: 400,
            error: "invalid_request".into(),
            description: format!("{code}: {text}"),
        }
    }

    /// `401 invalid_client`.
    pub fn invalid_client() -> Self {
        TokenFault::OAuthError {
            status: 401,
            error: "invalid_client".into(),
            description: "Client authentication failed".into(),
        }
    }

    /// `400 invalid_scope`.
    pub fn invalid_scope() -> Self {
        TokenFault::OAuthError {
            status: 400,
            error: "invalid_scope".into(),
            description: "The requested scope is not allowed for the client".into(),
        }
    }
}

/// The claims of an access token the mock issued and a resource-server check accepted.
#[derive(Debug, Clone)]
pub struct VerifiedToken {
    claims: Value,
    scheme: crate::TokenType,
}

impl VerifiedToken {
    /// All claims.
    pub fn claims(&self) -> &Value {
        &self.claims
    }

    /// `client_id`.
    pub fn client_id(&self) -> Option<&str> {
        self.claims.get("client_id").and_then(Value::as_str)
    }

    /// The granted scopes.
    pub fn scopes(&self) -> Vec<&str> {
        self.claims
            .get("scope")
            .and_then(Value::as_str)
            .map(|s| s.split(' ').filter(|s| !s.is_empty()).collect())
            .unwrap_or_default()
    }

    /// `true` when `scope` was granted.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes().contains(&scope)
    }

    /// `aud`.
    pub fn audience(&self) -> Option<&str> {
        self.claims.get("aud").and_then(Value::as_str)
    }

    /// `cnf.jkt` for a DPoP-bound token.
    pub fn jkt(&self) -> Option<&str> {
        self.claims
            .get("cnf")
            .and_then(|c| c.get("jkt"))
            .and_then(Value::as_str)
    }

    /// The parent organisation number the client acted for.
    pub fn orgnr_parent(&self) -> Option<&str> {
        self.claims.get(CLAIM_ORGNR_PARENT).and_then(Value::as_str)
    }

    /// The child organisation number the client acted for.
    pub fn orgnr_child(&self) -> Option<&str> {
        self.claims.get(CLAIM_ORGNR_CHILD).and_then(Value::as_str)
    }

    /// How the token was presented (`DPoP` or `Bearer`).
    pub fn scheme(&self) -> crate::TokenType {
        self.scheme
    }
}

/// Why a resource-server check refused a request, with what the API should answer.
///
/// ```
/// use helseid_auth::mock::MockHelseId;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let helseid = MockHelseId::start().await;
/// let url = url::Url::parse("https://api.example.no/v1/x").unwrap();
/// let refusal = helseid.check_api_request("GET", &url, Some("DPoP not-a-token"), None).unwrap_err();
/// assert_eq!(refusal.status(), 401);
/// assert_eq!(refusal.error(), Some("invalid_token"));
/// assert!(refusal.www_authenticate().starts_with("DPoP error=\"invalid_token\""));
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiAuthError {
    status: u16,
    scheme: &'static str,
    error: Option<&'static str>,
    description: String,
    nonce: Option<String>,
}

impl ApiAuthError {
    fn new(error: &'static str, description: impl Into<String>) -> Self {
        ApiAuthError {
            status: 401,
            scheme: "DPoP",
            error: Some(error),
            description: description.into(),
            nonce: None,
        }
    }

    /// The HTTP status to answer (401, or 403 for a missing scope).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The error code: `invalid_token`, `invalid_dpop_proof`, `use_dpop_nonce`,
    /// `insufficient_scope`, or `None` when no credentials were sent.
    pub fn error(&self) -> Option<&str> {
        self.error
    }

    /// A human-readable reason.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The `DPoP-Nonce` header to send, for `use_dpop_nonce`.
    pub fn dpop_nonce(&self) -> Option<&str> {
        self.nonce.as_deref()
    }

    /// The `WWW-Authenticate` header value to send.
    pub fn www_authenticate(&self) -> String {
        match self.error {
            Some(e) => format!(
                "{} error=\"{e}\", error_description=\"{}\"",
                self.scheme,
                self.description.replace(['"', '\\'], "'")
            ),
            None => format!(
                "{} algs=\"ES256 ES384 ES512 PS256 PS384 PS512 RS256 RS384 RS512\"",
                self.scheme
            ),
        }
    }
}

impl fmt::Display for ApiAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.error {
            Some(e) => write!(f, "{e}: {}", self.description),
            None => f.write_str(&self.description),
        }
    }
}

impl std::error::Error for ApiAuthError {}

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

pub(crate) struct State {
    issuer: String,
    token_endpoint: String,
    as_key: SigningKey,
    token_requests: AtomicUsize,
    tokens_issued: AtomicUsize,
    inner: Mutex<Inner>,
}

struct Inner {
    clients: HashMap<String, Vec<RegisteredKey>>,
    assertion_jtis: JtiSet,
    proof_jtis: JtiSet,
    api_jtis: JtiSet,
    require_nonce: bool,
    nonce: String,
    previous_nonce: Option<String>,
    api_nonce: Option<String>,
    expires_in: u64,
    faults: VecDeque<TokenFault>,
    rejected_scopes: HashSet<String>,
}

#[derive(Clone)]
pub(crate) struct RegisteredKey {
    pub(crate) jwk: Value,
    pub(crate) origin: &'static str,
    pub(crate) expiration: i64,
}

/// Seen `jti`s, forgotten after their JWT expired.
#[derive(Default)]
struct JtiSet(HashMap<String, i64>);

impl JtiSet {
    /// `false` if `jti` was seen before.
    fn insert(&mut self, jti: &str, forget_after: i64) -> bool {
        let now = unix_now();
        if self.0.len() > 10_000 {
            self.0.retain(|_, t| *t > now);
        }
        if self.0.contains_key(jti) {
            return false;
        }
        self.0.insert(jti.to_owned(), forget_after.max(now + 600));
        true
    }
}

struct Refusal {
    status: u16,
    error: &'static str,
    description: String,
    nonce: Option<String>,
}

fn refuse(status: u16, error: &'static str, description: impl Into<String>) -> Refusal {
    Refusal {
        status,
        error,
        description: description.into(),
        nonce: None,
    }
}

#[derive(Serialize)]
struct TokenBody<'a> {
    access_token: &'a str,
    token_type: &'static str,
    expires_in: u64,
    scope: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rejected_scope: Option<&'a str>,
}

impl State {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn register(&self, client_id: &str, key: RegisteredKey) {
        self.lock()
            .clients
            .entry(client_id.to_owned())
            .or_default()
            .push(key);
    }

    pub(crate) fn keys(&self, client_id: &str) -> Vec<RegisteredKey> {
        self.lock()
            .clients
            .get(client_id)
            .cloned()
            .unwrap_or_default()
    }

    fn token(&self, req: &Request) -> ResponseTemplate {
        self.token_requests.fetch_add(1, Ordering::SeqCst);
        let fault = self.lock().faults.pop_front();
        let mut delay = None;
        match fault {
            Some(TokenFault::Status(status)) => {
                return json_response(
                    status,
                    &json!({"error": "server_error", "error_description": "injected fault"}),
                );
            }
            Some(TokenFault::OAuthError {
                status,
                error,
                description,
            }) => {
                return json_response(
                    status,
                    &json!({"error": error, "error_description": description}),
                );
            }
            Some(TokenFault::UseDpopNonce) => {
                let nonce = self.rotate_nonce();
                return json_response(
                    400,
                    &json!({"error": "use_dpop_nonce", "error_description": "Authorization server requires nonce in DPoP proof"}),
                )
                .insert_header("DPoP-Nonce", nonce.as_str());
            }
            Some(TokenFault::Delay(d)) => delay = Some(d),
            None => {}
        }
        let response = match self.issue(req) {
            Ok(r) => r,
            Err(r) => {
                let mut t = json_response(
                    r.status,
                    &json!({"error": r.error, "error_description": r.description}),
                );
                if let Some(n) = r.nonce {
                    t = t.insert_header("DPoP-Nonce", n.as_str());
                }
                t
            }
        };
        match delay {
            Some(d) => response.set_delay(d),
            None => response,
        }
    }

    fn rotate_nonce(&self) -> String {
        let mut inner = self.lock();
        let fresh = random_id();
        let old = std::mem::replace(&mut inner.nonce, fresh.clone());
        inner.previous_nonce = Some(old);
        fresh
    }

    fn issue(&self, req: &Request) -> Result<ResponseTemplate, Refusal> {
        let content_type = req
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if !content_type.starts_with("application/x-www-form-urlencoded") {
            return Err(refuse(
                400,
                "invalid_request",
                "the token request must be an application/x-www-form-urlencoded POST",
            ));
        }
        let mut form: HashMap<String, String> = HashMap::new();
        for (k, v) in url::form_urlencoded::parse(&req.body) {
            if form.insert(k.to_string(), v.to_string()).is_some() {
                return Err(refuse(
                    400,
                    "invalid_request",
                    format!("parameter {k} repeated"),
                ));
            }
        }
        let param = |name: &str| form.get(name).map(String::as_str);
        if param("grant_type") != Some("client_credentials") {
            return Err(refuse(
                400,
                "unsupported_grant_type",
                "only client_credentials is supported",
            ));
        }
        if param("client_assertion_type")
            != Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        {
            return Err(refuse(
                401,
                "invalid_client",
                "client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ));
        }
        let assertion = param("client_assertion")
            .ok_or_else(|| refuse(401, "invalid_client", "no client_assertion"))?;
        let (client_id, details) = self.check_assertion(assertion, param("client_id"))?;

        let scope = param("scope").unwrap_or_default();
        let scopes: Vec<&str> = scope.split(' ').filter(|s| !s.is_empty()).collect();
        if scopes.is_empty() {
            return Err(refuse(400, "invalid_scope", "no scope requested"));
        }
        if let Some(s) = scopes.iter().find(|s| {
            matches!(**s, "openid" | "profile" | "offline_access") || s.starts_with("helseid://")
        }) {
            return Err(refuse(
                400,
                "invalid_scope",
                format!("the identity scope {s} is not allowed in client credentials"),
            ));
        }

        let mut dpop_headers = req.headers.get_all("dpop").iter();
        let jkt = match (dpop_headers.next(), dpop_headers.next()) {
            (None, _) => None,
            (Some(_), Some(_)) => {
                return Err(refuse(
                    400,
                    "invalid_dpop_proof",
                    "more than one DPoP header",
                ));
            }
            (Some(h), None) => {
                let proof = h.to_str().map_err(|_| {
                    refuse(400, "invalid_dpop_proof", "the DPoP header is not ASCII")
                })?;
                let (jkt, nonce) = self
                    .check_proof(proof, "POST", &self.token_endpoint)
                    .map_err(|e| refuse(400, "invalid_dpop_proof", e))?;
                let inner = self.lock();
                if inner.require_nonce
                    && nonce.as_deref() != Some(inner.nonce.as_str())
                    && (nonce.is_none() || nonce != inner.previous_nonce)
                {
                    return Err(Refusal {
                        status: 400,
                        error: "use_dpop_nonce",
                        description: "Authorization server requires nonce in DPoP proof".into(),
                        nonce: Some(inner.nonce.clone()),
                    });
                }
                Some(jkt)
            }
        };

        let (expires_in, rejected): (u64, Vec<&str>) = {
            let inner = self.lock();
            let rejected = scopes
                .iter()
                .copied()
                .filter(|s| inner.rejected_scopes.contains(*s))
                .collect();
            (inner.expires_in, rejected)
        };
        let granted: Vec<&str> = scopes
            .iter()
            .copied()
            .filter(|s| !rejected.contains(s))
            .collect();
        let granted = granted.join(" ");
        let audience = param("resource").map(str::to_owned).unwrap_or_else(|| {
            scopes[0]
                .split_once('/')
                .map(|(a, _)| a.to_owned())
                .unwrap_or_else(|| scopes[0].to_owned())
        });
        let now = unix_now();
        let mut claims = json!({
            "iss": self.issuer,
            "sub": client_id,
            "client_id": client_id,
            "aud": audience,
            "scope": granted,
            "jti": random_id(),
            "iat": now,
            "nbf": now,
            "exp": now + expires_in as i64,
        });
        if let Some(jkt) = &jkt {
            claims["cnf"] = json!({ "jkt": jkt });
        }
        if let Some((parent, child)) = details {
            if let Some(p) = parent {
                claims[CLAIM_ORGNR_PARENT] = Value::from(p);
            }
            if let Some(c) = child {
                claims[CLAIM_ORGNR_CHILD] = Value::from(c);
            }
        }
        let at = self
            .as_key
            .sign_jwt(&json!({"typ": "at+jwt"}), &claims)
            .map_err(|_| refuse(500, "server_error", "could not sign the access token"))?;
        self.tokens_issued.fetch_add(1, Ordering::SeqCst);
        let rejected = rejected.join(" ");
        Ok(json_response(
            200,
            &TokenBody {
                access_token: &at,
                token_type: if jkt.is_some() { "DPoP" } else { "Bearer" },
                expires_in,
                scope: &granted,
                rejected_scope: Some(rejected.as_str()).filter(|r| !r.is_empty()),
            },
        ))
    }

    /// Checks a client assertion; returns the client id and the organisation numbers
    /// `(parent, child)` from `assertion_details`.
    #[allow(clippy::type_complexity)]
    fn check_assertion(
        &self,
        assertion: &str,
        form_client_id: Option<&str>,
    ) -> Result<(String, Option<(Option<String>, Option<String>)>), Refusal> {
        let bad = |d: String| refuse(401, "invalid_client", d);
        let jws = Jws::parse(assertion).map_err(|e| bad(format!("client assertion: {e}")))?;
        if jws.header_str("typ") != Some("client-authentication+jwt") {
            return Err(bad(
                "client assertion: typ must be client-authentication+jwt".into(),
            ));
        }
        let iss = jws
            .claim_str("iss")
            .ok_or_else(|| bad("client assertion: no iss".into()))?;
        if jws.claim_str("sub") != Some(iss) {
            return Err(bad(
                "client assertion: sub must equal iss (the client id)".into()
            ));
        }
        if form_client_id.is_some_and(|c| c != iss) {
            return Err(bad("client assertion: iss differs from client_id".into()));
        }
        let keys = self.keys(iss);
        if keys.is_empty() {
            return Err(bad(format!("unknown client {iss}")));
        }
        let kid = jws.header_str("kid");
        let now = unix_now();
        let verified = keys
            .iter()
            .filter(|k| k.expiration > now)
            .filter(|k| kid.is_none() || k.jwk.get("kid").and_then(Value::as_str) == kid)
            .any(|k| jws.verify(&k.jwk));
        if !verified {
            return Err(bad(
                "client assertion: the signature does not match a registered key of the client"
                    .into(),
            ));
        }
        let aud_ok = match jws.claims.get("aud") {
            Some(Value::String(a)) => *a == self.issuer,
            Some(Value::Array(a)) => a.len() == 1 && a[0].as_str() == Some(self.issuer.as_str()),
            _ => false,
        };
        if !aud_ok {
            return Err(bad(format!(
                "client assertion: aud must be the issuer {}",
                self.issuer
            )));
        }
        let exp = jws
            .claim_i64("exp")
            .ok_or_else(|| bad("client assertion: exp must be a number".into()))?;
        if exp <= now {
            return Err(bad("client assertion: expired".into()));
        }
        if exp - now > MAX_ASSERTION_SECONDS {
            return Err(bad(
                "client assertion: exp must be no more than 60 seconds in the future".into(),
            ));
        }
        for claim in ["nbf", "iat"] {
            let t = jws
                .claim_i64(claim)
                .ok_or_else(|| bad(format!("client assertion: {claim} must be a number")))?;
            if t > now + LEEWAY {
                return Err(bad(format!("client assertion: {claim} is in the future")));
            }
        }
        let jti = jws
            .claim_str("jti")
            .filter(|j| !j.is_empty())
            .ok_or_else(|| bad("client assertion: no jti".into()))?;
        if !self.lock().assertion_jtis.insert(jti, exp) {
            return Err(bad(
                "client assertion: the jti was used before (replay)".into()
            ));
        }
        let details = match jws.claims.get("assertion_details") {
            None => None,
            Some(d) => {
                Some(parse_assertion_details(d).map_err(|e| refuse(400, "invalid_request", e))?)
            }
        };
        Ok((iss.to_owned(), details))
    }

    /// Checks a DPoP proof; returns the thumbprint of its key and its nonce.
    fn check_proof(
        &self,
        proof: &str,
        method: &str,
        url: &str,
    ) -> Result<(String, Option<String>), String> {
        self.check_proof_with(proof, method, url, None, false, false)
    }

    fn check_proof_with(
        &self,
        proof: &str,
        method: &str,
        url: &str,
        ath: Option<&str>,
        api: bool,
        loopback_any_port: bool,
    ) -> Result<(String, Option<String>), String> {
        let jws = Jws::parse(proof).map_err(|e| format!("DPoP proof: {e}"))?;
        if jws.header_str("typ") != Some("dpop+jwt") {
            return Err("DPoP proof: typ must be dpop+jwt".into());
        }
        let jwk = jws
            .header
            .get("jwk")
            .filter(|j| j.is_object())
            .ok_or("DPoP proof: no jwk header")?;
        if has_private_members(jwk) {
            return Err("DPoP proof: the jwk header holds a private key".into());
        }
        if !jws.verify(jwk) {
            return Err("DPoP proof: the signature does not match its jwk".into());
        }
        if jws.claim_str("htm") != Some(method) {
            return Err(format!("DPoP proof: htm must be {method}"));
        }
        let htu = jws.claim_str("htu").ok_or("DPoP proof: no htu")?;
        let htu_ok = Url::parse(htu)
            .map(|u| {
                if loopback_any_port {
                    // wiremock's placeholder authority: compare scheme and path, require loopback.
                    crate::util::is_loopback(&u)
                        && u.scheme() == "http"
                        && Url::parse(url).is_ok_and(|e| e.path() == u.path())
                } else {
                    u[..url::Position::AfterPath] == *url
                }
            })
            .unwrap_or(false);
        if !htu_ok {
            return Err(format!("DPoP proof: htu mismatch (expected {url})"));
        }
        let iat = jws
            .claim_i64("iat")
            .ok_or("DPoP proof: iat must be a number")?;
        let now = unix_now();
        if (iat - now).abs() > PROOF_IAT_WINDOW {
            return Err("DPoP proof: iat is too far from the current time".into());
        }
        if let Some(expected) = ath
            && jws.claim_str("ath") != Some(expected)
        {
            return Err("DPoP proof: ath does not match the access token".into());
        }
        let jti = jws
            .claim_str("jti")
            .filter(|j| !j.is_empty())
            .ok_or("DPoP proof: no jti")?;
        {
            let mut inner = self.lock();
            let set = if api {
                &mut inner.api_jtis
            } else {
                &mut inner.proof_jtis
            };
            if !set.insert(jti, iat + PROOF_IAT_WINDOW) {
                return Err("DPoP proof: the jti was used before (replay)".into());
            }
        }
        let jkt = jwk_thumbprint(jwk).map_err(|_| "DPoP proof: unusable jwk".to_owned())?;
        Ok((jkt, jws.claim_str("nonce").map(str::to_owned)))
    }

    pub(crate) fn check_api(
        &self,
        method: &str,
        url: &Url,
        authorization: Option<&str>,
        dpop: Option<&str>,
    ) -> Result<VerifiedToken, ApiAuthError> {
        let Some(authorization) = authorization else {
            return Err(ApiAuthError {
                status: 401,
                scheme: "DPoP",
                error: None,
                description: "no Authorization header".into(),
                nonce: None,
            });
        };
        let (scheme, token) = authorization
            .split_once(' ')
            .ok_or_else(|| ApiAuthError::new("invalid_token", "malformed Authorization header"))?;
        let token = token.trim();
        let scheme = if scheme.eq_ignore_ascii_case("dpop") {
            crate::TokenType::DPoP
        } else if scheme.eq_ignore_ascii_case("bearer") {
            crate::TokenType::Bearer
        } else {
            return Err(ApiAuthError::new(
                "invalid_token",
                "the Authorization scheme must be DPoP or Bearer",
            ));
        };
        let jws = Jws::parse(token).map_err(|e| ApiAuthError::new("invalid_token", e))?;
        if jws.header_str("typ") != Some("at+jwt")
            || jws.alg != Algorithm::ES256
            || !jws.verify(&self.as_key.public_jwk())
        {
            return Err(ApiAuthError::new(
                "invalid_token",
                "the access token was not issued by this HelseID",
            ));
        }
        if jws.claim_str("iss") != Some(self.issuer.as_str()) {
            return Err(ApiAuthError::new("invalid_token", "wrong issuer"));
        }
        let now = unix_now();
        if jws.claim_i64("exp").is_none_or(|e| e <= now) {
            return Err(ApiAuthError::new(
                "invalid_token",
                "the access token has expired",
            ));
        }
        let cnf = jws
            .claims
            .get("cnf")
            .and_then(|c| c.get("jkt"))
            .and_then(Value::as_str);
        match scheme {
            crate::TokenType::Bearer => {
                if cnf.is_some() {
                    let mut e = ApiAuthError::new(
                        "invalid_token",
                        "a DPoP-bound token was sent as a Bearer token",
                    );
                    e.scheme = "Bearer";
                    return Err(e);
                }
            }
            _ => {
                let jkt = cnf.ok_or_else(|| {
                    ApiAuthError::new("invalid_token", "the token is not DPoP-bound (no cnf.jkt)")
                })?;
                let proof =
                    dpop.ok_or_else(|| ApiAuthError::new("invalid_dpop_proof", "no DPoP header"))?;
                let htu = crate::dpop::htu(url);
                let ath = sha256_b64url(token);
                // wiremock's `Request::url` is `http://localhost/<path>` (no port) for ordinary
                // requests; accept any loopback authority then, so API mocks can pass it as is.
                let placeholder = url.scheme() == "http"
                    && url.host_str() == Some("localhost")
                    && url.port().is_none();
                let (proof_jkt, nonce) = self
                    .check_proof_with(proof, method, &htu, Some(&ath), true, placeholder)
                    .map_err(|e| ApiAuthError::new("invalid_dpop_proof", e))?;
                if proof_jkt != jkt {
                    return Err(ApiAuthError::new(
                        "invalid_dpop_proof",
                        "the proof's key is not the key the token is bound to (cnf.jkt)",
                    ));
                }
                let required = self.lock().api_nonce.clone();
                if let Some(expected) = required
                    && nonce.as_deref() != Some(expected.as_str())
                {
                    let mut e = ApiAuthError::new(
                        "use_dpop_nonce",
                        "Resource server requires nonce in DPoP proof",
                    );
                    e.nonce = Some(expected);
                    return Err(e);
                }
            }
        }
        Ok(VerifiedToken {
            claims: jws.claims,
            scheme,
        })
    }
}

/// `(parent, child)` from `assertion_details`, or a HelseID-style reason.
#[allow(clippy::type_complexity)]
fn parse_assertion_details(details: &Value) -> Result<(Option<String>, Option<String>), String> {
    let list: Vec<&Value> = match details {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    let mut out = (None, None);
    for d in list {
        if d.get("type").and_then(Value::as_str) != Some("helseid_authorization") {
            continue;
        }
        let id = d
            .pointer("/practitioner_role/organization/identifier")
            .ok_or(
                "HID-1007: assertion_details has no practitioner_role.organization.identifier",
            )?;
        let value = id
            .get("value")
            .and_then(Value::as_str)
            .ok_or("HID-1007: the organization identifier has no value")?;
        let nine = |s: &str| s.len() == 9 && s.bytes().all(|b| b.is_ascii_digit());
        match id.get("system").and_then(Value::as_str) {
            Some(crate::ENHETSREGISTERET_SYSTEM) => {
                if !nine(value) {
                    return Err("HID-1004: the organization number must be 9 digits".into());
                }
                out.1 = Some(value.to_owned());
            }
            Some(crate::ISO_6523_SYSTEM) => {
                let rest = value
                    .strip_prefix("NO:ORGNR:")
                    .ok_or("HID-1007: the value must be NO:ORGNR:<parent>:<child>")?;
                let (parent, child) = rest.split_once(':').unwrap_or((rest, ""));
                if !nine(parent) || !(child.is_empty() || nine(child)) {
                    return Err("HID-1004: the organization number must be 9 digits".into());
                }
                out.0 = Some(parent.to_owned());
                if !child.is_empty() {
                    out.1 = Some(child.to_owned());
                }
            }
            _ => return Err("HID-1007: unknown organization identifier system".into()),
        }
    }
    Ok(out)
}

fn json_response(status: u16, body: &impl Serialize) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_json(body)
        .insert_header("Cache-Control", "no-store")
}

struct TokenResponder(Arc<State>);

impl Respond for TokenResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.0.token(request)
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
