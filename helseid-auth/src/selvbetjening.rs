//! Key rotation through HelseID Selvbetjening's client-secret API.

use std::fmt;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Deserialize;
use serde_json::Value;
use url::Url;

use crate::client::{ChallengeAction, Environment, HelseIdClient};
use crate::error::{Error, ErrorKind};
use crate::http::read_body;
use crate::key::{Algorithm, SigningKey};
use crate::secret::SecretString;
use crate::token::TokenRequest;
use crate::util::check_https;

/// The scope a client needs to manage its own keys through Selvbetjening.
pub const SELVBETJENING_SCOPE: &str = "nhn:selvbetjening/client";

/// HelseID Selvbetjening's client-secret API, called with a DPoP token (scope
/// [`SELVBETJENING_SCOPE`]) from the client's current key.
///
/// ```no_run
/// use helseid_auth::{Algorithm, Environment, HelseIdClient, Selvbetjening, SigningKey};
///
/// # async fn run(client: HelseIdClient) -> Result<(), helseid_auth::Error> {
/// let selvbetjening = Selvbetjening::for_environment(client.clone(), Environment::Test);
/// let rotated = selvbetjening.rotate_key(Algorithm::ES256).await?;
/// // Persist the new private key before using it; the old one stays valid until it expires.
/// let private_jwk = rotated.private_jwk_json()?;
/// std::fs::write("new-key.json", private_jwk.expose_secret()).expect("write");
/// println!("the new key expires {}; rotate again before that", rotated.expiration());
/// let client = client.with_signing_key(rotated.into_signing_key())?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Selvbetjening {
    client: HelseIdClient,
    secrets_url: Url,
    request: TokenRequest,
    http: reqwest::Client,
}

impl fmt::Debug for Selvbetjening {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Selvbetjening")
            .field("client", &self.client)
            .field("secrets_url", &self.secrets_url.as_str())
            .finish_non_exhaustive()
    }
}

/// One key registered for the client, as `GET /v1/client-secret` lists it.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq)]
pub struct ClientSecret {
    /// When the key stops being accepted.
    pub expiration: Option<DateTime<Utc>>,
    /// The key id.
    pub kid: Option<String>,
    /// The RFC 7638 thumbprint.
    pub jwk_thumbprint: Option<String>,
    /// Where it was registered: `"Api"` or `"Gui"`.
    pub origin: Option<String>,
    /// The public JWK (an object, even when the API sent it as a JSON string).
    pub public_jwk: Option<Value>,
}

/// A newly generated and registered key. Persist [`RotatedKey::private_jwk_json`] before using it.
pub struct RotatedKey {
    key: SigningKey,
    expiration: DateTime<Utc>,
}

impl RotatedKey {
    /// The new key.
    pub fn signing_key(&self) -> &SigningKey {
        &self.key
    }

    /// The new key, to build a client with ([`HelseIdClient::with_signing_key`]).
    pub fn into_signing_key(self) -> SigningKey {
        self.key
    }

    /// When the new key expires; the next rotation must happen before.
    pub fn expiration(&self) -> DateTime<Utc> {
        self.expiration
    }

    /// The new private key as a JWK, to store as a secret.
    pub fn private_jwk_json(&self) -> Result<SecretString, Error> {
        self.key.to_private_jwk_json()
    }
}

impl fmt::Debug for RotatedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RotatedKey")
            .field("key", &self.key)
            .field("expiration", &self.expiration)
            .finish()
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SecretDto {
    expiration: Option<String>,
    kid: Option<String>,
    jwk_thumbprint: Option<String>,
    origin: Option<String>,
    public_jwk: Option<Value>,
}

#[derive(Deserialize)]
struct ExpirationDto {
    expiration: Option<String>,
}

#[derive(Deserialize, Default)]
struct Problem {
    title: Option<String>,
    detail: Option<String>,
}

impl Selvbetjening {
    /// Selvbetjening at `base_url` (such as `https://api.selvbetjening.test.nhn.no`).
    pub fn new(client: HelseIdClient, base_url: Url) -> Result<Self, Error> {
        check_https(&base_url, "Selvbetjening API URL")?;
        let base = base_url.as_str().trim_end_matches('/');
        let secrets_url = Url::parse(&format!("{base}/v1/client-secret"))
            .map_err(|e| Error::config(format!("invalid Selvbetjening URL: {e}")))?;
        Ok(Selvbetjening {
            secrets_url,
            request: TokenRequest::new([SELVBETJENING_SCOPE])
                .with_token_type(crate::TokenType::DPoP),
            http: client.http().clone(),
            client,
        })
    }

    /// Selvbetjening of a named environment.
    pub fn for_environment(client: HelseIdClient, environment: Environment) -> Self {
        Selvbetjening::new(client, environment.selvbetjening_api())
            .expect("the environments' URLs are valid https URLs")
    }

    /// Uses this `reqwest::Client` for the Selvbetjening calls.
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.http = http;
        self
    }

    /// Lists the client's keys (`GET /v1/client-secret`).
    pub async fn client_secrets(&self) -> Result<Vec<ClientSecret>, Error> {
        let body = self.send("GET", None).await?;
        let list: Vec<SecretDto> = serde_json::from_slice(&body).map_err(|_| {
            Error::invalid_response("the client-secret list is not a JSON array of keys")
        })?;
        Ok(list
            .into_iter()
            .map(|d| ClientSecret {
                expiration: d.expiration.as_deref().and_then(parse_datetime),
                kid: d.kid,
                jwk_thumbprint: d.jwk_thumbprint,
                origin: d.origin,
                public_jwk: d.public_jwk.map(|v| match v {
                    Value::String(s) => serde_json::from_str(&s).unwrap_or(Value::String(s)),
                    other => other,
                }),
            })
            .collect())
    }

    /// Registers `key`'s public JWK for the client (`POST /v1/client-secret`) and returns when the
    /// new key expires.
    pub async fn register_key(&self, key: &SigningKey) -> Result<DateTime<Utc>, Error> {
        let body = serde_json::to_vec(&key.public_jwk())
            .map_err(|_| Error::key("could not serialise the public JWK"))?;
        let resp = self.send("POST", Some(body)).await?;
        let dto: ExpirationDto = serde_json::from_slice(&resp).map_err(|_| {
            Error::invalid_response("the client-secret response is not a JSON object")
        })?;
        dto.expiration
            .as_deref()
            .and_then(parse_datetime)
            .ok_or_else(|| {
                Error::invalid_response("the client-secret response has no readable expiration")
            })
    }

    /// Generates a key for `algorithm`, registers its public JWK and hands the new key back. The
    /// caller persists it ([`RotatedKey::private_jwk_json`]) and switches to it
    /// ([`HelseIdClient::with_signing_key`]).
    pub async fn rotate_key(&self, algorithm: Algorithm) -> Result<RotatedKey, Error> {
        let key = SigningKey::generate(algorithm)?;
        let expiration = self.register_key(&key).await?;
        tracing::info!(
            kid = key.kid().unwrap_or_default(),
            expiration = %expiration,
            "registered a new HelseID client key"
        );
        Ok(RotatedKey { key, expiration })
    }

    async fn send(&self, method: &str, body: Option<Vec<u8>>) -> Result<Vec<u8>, Error> {
        let url = &self.secrets_url;
        for attempt in 1..=2u8 {
            let auth = self.client.authorize(&self.request, method, url).await?;
            let mut builder = match method {
                "POST" => self.http.post(url.clone()),
                _ => self.http.get(url.clone()),
            }
            .header(reqwest::header::ACCEPT, "application/json")
            .header(reqwest::header::AUTHORIZATION, auth.header_value());
            if let Some(p) = auth.dpop_proof() {
                builder = builder.header("DPoP", p);
            }
            if let Some(b) = &body {
                builder = builder
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(b.clone());
            }
            let resp = builder
                .send()
                .await
                .map_err(|e| Error::from_http("the Selvbetjening request failed", e))?;
            let status = resp.status().as_u16();
            let header = |name: &str| {
                resp.headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            };
            let www = header("www-authenticate");
            let nonce = header("dpop-nonce");
            let action = self.client.observe_api_response(
                &self.request,
                url,
                status,
                www.as_deref(),
                nonce.as_deref(),
            );
            let bytes = read_body(resp, "Selvbetjening").await?;
            if (200..300).contains(&status) {
                return Ok(bytes.to_vec());
            }
            if attempt == 1 && action != ChallengeAction::None {
                continue;
            }
            let problem: Problem = serde_json::from_slice(&bytes).unwrap_or_default();
            let title = problem
                .title
                .map(|t| t.chars().take(200).collect::<String>())
                .unwrap_or_else(|| "the request was refused".to_owned());
            return Err(Error::new(
                ErrorKind::Selvbetjening,
                format!("Selvbetjening {method} /v1/client-secret failed: {title}"),
            )
            .with_status(status)
            .with_oauth(None, problem.detail.as_deref()));
        }
        Err(Error::new(
            ErrorKind::Selvbetjening,
            "Selvbetjening kept refusing the token",
        ))
    }
}

fn parse_datetime(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
                .ok()
                .map(|n| n.and_utc())
        })
}

#[cfg(test)]
mod tests {
    use super::parse_datetime;

    #[test]
    fn parses_both_datetime_forms() {
        assert!(parse_datetime("2027-01-31T12:00:00Z").is_some());
        assert!(parse_datetime("2027-01-31T12:00:00.1234567+01:00").is_some());
        assert!(parse_datetime("2027-01-31T12:00:00.1234567").is_some());
        assert!(parse_datetime("tomorrow").is_none());
    }
}
