//! A mock of HelseID Selvbetjening's client-secret API.

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Value, json};
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use super::jws::has_private_members;
use super::{MockHelseId, RegisteredKey, State};
use crate::key::jwk_thumbprint;
use crate::selvbetjening::SELVBETJENING_SCOPE;
use crate::util::unix_now;

/// A mock Selvbetjening client-secret API (`GET`/`POST /v1/client-secret`) tied to a
/// [`MockHelseId`]: it accepts DPoP tokens from that mock with scope `nhn:selvbetjening/client`,
/// and a key registered through it is at once accepted by the mock's token endpoint.
///
/// ```
/// use helseid_auth::mock::{MockHelseId, MockSelvbetjening};
/// use helseid_auth::{Algorithm, Selvbetjening};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), helseid_auth::Error> {
/// let helseid = MockHelseId::start().await;
/// let selvbetjening = MockSelvbetjening::start(&helseid).await;
/// let client = helseid.client("my-client").await;
///
/// let api = Selvbetjening::new(client.clone(), selvbetjening.base_url())?;
/// let rotated = api.rotate_key(Algorithm::ES256).await?;
/// assert_eq!(selvbetjening.registered_via_api("my-client").len(), 1);
/// let rotated_client = client.with_signing_key(rotated.into_signing_key())?;
/// # Ok(()) }
/// ```
pub struct MockSelvbetjening {
    server: MockServer,
    inner: Arc<Shared>,
}

impl fmt::Debug for MockSelvbetjening {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockSelvbetjening")
            .field("base_url", &self.server.uri())
            .finish_non_exhaustive()
    }
}

struct Shared {
    helseid: Arc<State>,
    /// The server's own base URL (wiremock's `Request::url` has no real authority).
    base: Url,
    faults: Mutex<VecDeque<u16>>,
    key_lifetime_days: Mutex<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SecretOut {
    expiration: String,
    kid: Option<String>,
    jwk_thumbprint: String,
    origin: &'static str,
    public_jwk: Value,
}

fn problem(status: u16, title: &str, detail: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(
        serde_json::to_vec(&json!({
            "type": "about:blank",
            "title": title,
            "status": status,
            "detail": detail,
        }))
        .unwrap_or_default(),
        "application/problem+json",
    )
}

fn expiration(secs: i64) -> String {
    DateTime::<Utc>::from_timestamp(secs, 0)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Shared {
    fn handle(&self, req: &Request) -> ResponseTemplate {
        if let Some(status) = self
            .faults
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop_front()
        {
            return problem(
                status,
                "Injected fault",
                "injected by MockSelvbetjening::fail_next",
            );
        }
        let header = |name: &str| req.headers.get(name).and_then(|v| v.to_str().ok());
        let mut url = self.base.clone();
        url.set_path(req.url.path());
        url.set_query(req.url.query());
        let verified = match self.helseid.check_api(
            req.method.as_str(),
            &url,
            header("authorization"),
            header("dpop"),
        ) {
            Ok(v) => v,
            Err(e) => {
                let mut t = problem(e.status(), "Unauthorized", e.description())
                    .insert_header("WWW-Authenticate", e.www_authenticate().as_str());
                if let Some(n) = e.dpop_nonce() {
                    t = t.insert_header("DPoP-Nonce", n);
                }
                return t;
            }
        };
        if !verified.has_scope(SELVBETJENING_SCOPE) {
            return problem(
                403,
                "Forbidden",
                "the token lacks the scope nhn:selvbetjening/client",
            )
            .insert_header(
                "WWW-Authenticate",
                "DPoP error=\"insufficient_scope\", scope=\"nhn:selvbetjening/client\"",
            );
        }
        let Some(client_id) = verified.client_id().map(str::to_owned) else {
            return problem(401, "Unauthorized", "the token has no client_id");
        };
        if req.method.as_str() == "GET" {
            let list: Vec<SecretOut> = self
                .helseid
                .keys(&client_id)
                .into_iter()
                .map(|k| SecretOut {
                    expiration: expiration(k.expiration),
                    kid: k.jwk.get("kid").and_then(Value::as_str).map(str::to_owned),
                    jwk_thumbprint: jwk_thumbprint(&k.jwk).unwrap_or_default(),
                    origin: k.origin,
                    public_jwk: k.jwk,
                })
                .collect();
            return ResponseTemplate::new(200).set_body_json(list);
        }
        let content_type = header("content-type").unwrap_or_default();
        if !content_type.starts_with("application/json") {
            return problem(
                415,
                "Unsupported Media Type",
                "send the JWK as application/json",
            );
        }
        let jwk: Value = match serde_json::from_slice(&req.body) {
            Ok(v @ Value::Object(_)) => v,
            _ => return problem(400, "Bad Request", "the body must be a public JWK object"),
        };
        if has_private_members(&jwk) {
            return problem(
                400,
                "Bad Request",
                "the JWK holds private key members; send the public key only",
            );
        }
        if jwk_thumbprint(&jwk).is_err() {
            return problem(400, "Bad Request", "the JWK is not an RSA or EC public key");
        }
        let days = *self
            .key_lifetime_days
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let exp = unix_now() + days * 24 * 3600;
        self.helseid.register(
            &client_id,
            RegisteredKey {
                jwk,
                origin: "Api",
                expiration: exp,
            },
        );
        ResponseTemplate::new(200).set_body_json(json!({ "expiration": expiration(exp) }))
    }
}

struct Responder(Arc<Shared>);

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.0.handle(request)
    }
}

impl MockSelvbetjening {
    /// Starts the mock on loopback, accepting tokens from `helseid`.
    pub async fn start(helseid: &MockHelseId) -> MockSelvbetjening {
        let server = MockServer::start().await;
        let inner = Arc::new(Shared {
            helseid: helseid.state().clone(),
            base: Url::parse(&server.uri()).expect("wiremock URI"),
            faults: Mutex::new(VecDeque::new()),
            key_lifetime_days: Mutex::new(365),
        });
        for m in ["GET", "POST"] {
            Mock::given(method(m))
                .and(path("/v1/client-secret"))
                .respond_with(Responder(inner.clone()))
                .named("Selvbetjening client-secret")
                .mount(&server)
                .await;
        }
        MockSelvbetjening { server, inner }
    }

    /// The API base URL, for [`crate::Selvbetjening::new`].
    pub fn base_url(&self) -> Url {
        Url::parse(&self.server.uri()).expect("wiremock URI")
    }

    /// The public JWKs registered for `client_id` through the API (not the ones registered with
    /// [`MockHelseId::register_client`]).
    pub fn registered_via_api(&self, client_id: &str) -> Vec<Value> {
        self.inner
            .helseid
            .keys(client_id)
            .into_iter()
            .filter(|k| k.origin == "Api")
            .map(|k| k.jwk)
            .collect()
    }

    /// How long newly registered keys stay valid (default 365 days).
    pub fn set_key_lifetime_days(&self, days: i64) {
        *self
            .inner
            .key_lifetime_days
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = days;
    }

    /// Answers the next request with this status and an RFC 7807 problem body.
    pub fn fail_next(&self, status: u16) {
        self.inner
            .faults
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push_back(status);
    }

    /// The underlying wiremock server (escape hatch).
    pub fn wiremock(&self) -> &MockServer {
        &self.server
    }
}
