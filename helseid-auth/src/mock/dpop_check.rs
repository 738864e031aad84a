//! The DPoP checks: proofs at the token endpoint, and the resource-server check of API requests
//! (`Authorization` and `DPoP` headers) that API mocks call, with what it accepts
//! ([`VerifiedToken`]) and how it refuses ([`ApiAuthError`]).

use std::fmt;

use serde_json::Value;
use url::Url;

use super::jws::{Jws, has_private_members};
use super::state::State;
use super::{CLAIM_ORGNR_CHILD, CLAIM_ORGNR_PARENT};
use crate::key::{Algorithm, jwk_thumbprint};
use crate::util::{sha256_b64url, unix_now};

/// Allowed distance of a DPoP proof's `iat` from now, in seconds.
const PROOF_IAT_WINDOW: i64 = 60;

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

impl State {
    /// Checks a DPoP proof; returns the thumbprint of its key and its nonce.
    pub(super) fn check_proof(
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
