//! The mock's token endpoint: injected faults ([`TokenFault`]), the client-assertion check,
//! `assertion_details`, and issuing DPoP-bound or Bearer access tokens.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use serde::Serialize;
use serde_json::{Value, json};
use wiremock::{Request, Respond, ResponseTemplate};

use super::jws::Jws;
use super::state::State;
use super::{CLAIM_ORGNR_CHILD, CLAIM_ORGNR_PARENT};
use crate::util::{random_id, unix_now};

/// Longest lifetime (`exp` − now) of a client assertion, in seconds.
const MAX_ASSERTION_SECONDS: i64 = 60;
/// Clock leeway for `nbf` / `iat` in the future.
const LEEWAY: i64 = 5;

/// A fault to inject into the next token request
/// ([`MockHelseId::fail_next`](super::MockHelseId::fail_next)). Faults queue up and each is used
/// once.
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

pub(super) struct TokenResponder(pub(super) Arc<State>);

impl Respond for TokenResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.0.token(request)
    }
}
