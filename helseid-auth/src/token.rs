//! Token requests and access tokens.

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::Value;
use zeroize::Zeroizing;

use crate::orgnr::OrganizationNumbers;
use crate::util::{b64url_decode, sha256_b64url};

/// How an access token is bound and sent.
#[non_exhaustive]
///
/// ```
/// use helseid_auth::TokenType;
/// assert_eq!(TokenType::default(), TokenType::DPoP);
/// assert_eq!(TokenType::Bearer.as_str(), "Bearer");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TokenType {
    /// A DPoP-bound token (RFC 9449): `Authorization: DPoP <token>` plus a fresh `DPoP` proof per
    /// request. HelseID's default and what most NHN APIs require.
    #[default]
    DPoP,
    /// A bearer token: `Authorization: Bearer <token>`. For APIs that do not take DPoP (Helsenorge's
    /// external APIs).
    Bearer,
}

impl TokenType {
    /// The `Authorization` scheme: `"DPoP"` or `"Bearer"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            TokenType::DPoP => "DPoP",
            TokenType::Bearer => "Bearer",
        }
    }
}

impl fmt::Display for TokenType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What to ask HelseID for: scopes, optionally a resource (API audience), organisation numbers and a
/// token type that overrides the client's default. Tokens are cached per distinct request.
///
/// ```
/// use helseid_auth::{OrganizationNumbers, TokenRequest, TokenType};
///
/// let request = TokenRequest::new(["nhn:hgd-persontjenesten-api/restricted-access"])
///     .with_resource("nhn:hgd-persontjenesten-api")
///     .with_organization(OrganizationNumbers::multi_tenant("999977774".parse()?))
///     .with_token_type(TokenType::DPoP);
/// assert_eq!(request.scope(), "nhn:hgd-persontjenesten-api/restricted-access");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct TokenRequest {
    scopes: Vec<String>,
    resource: Option<String>,
    organization: Option<OrganizationNumbers>,
    token_type: Option<TokenType>,
    key: Arc<str>,
}

impl TokenRequest {
    /// A request for `scopes` (duplicates dropped, order kept). Scopes are checked when the token
    /// is requested: at least one, none empty or with whitespace.
    pub fn new(scopes: impl IntoIterator<Item = impl Into<String>>) -> Self {
        let mut list: Vec<String> = Vec::new();
        for s in scopes {
            let s = s.into();
            if !list.contains(&s) {
                list.push(s);
            }
        }
        TokenRequest {
            scopes: list,
            resource: None,
            organization: None,
            token_type: None,
            key: Arc::from(""),
        }
        .rekey()
    }

    /// Asks for a token for one API (`resource` indicator, RFC 8707), such as
    /// `nhn:test-public-sample-api-1`. HelseID sets the token's `aud` to it.
    pub fn with_resource(mut self, resource: impl Into<String>) -> Self {
        self.resource = Some(resource.into());
        self.rekey()
    }

    /// Sends these organisation numbers in the client assertion's `assertion_details`.
    pub fn with_organization(mut self, organization: OrganizationNumbers) -> Self {
        self.organization = Some(organization);
        self.rekey()
    }

    /// Overrides the client's default token type for this request (for example Bearer for
    /// Helsenorge while the client's other APIs use DPoP).
    pub fn with_token_type(mut self, token_type: TokenType) -> Self {
        self.token_type = Some(token_type);
        self.rekey()
    }

    /// The scopes, in the order given.
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }

    /// The scopes as the space-separated `scope` parameter.
    pub fn scope(&self) -> String {
        self.scopes.join(" ")
    }

    /// The resource indicator, if any.
    pub fn resource(&self) -> Option<&str> {
        self.resource.as_deref()
    }

    /// The organisation numbers, if any.
    pub fn organization(&self) -> Option<&OrganizationNumbers> {
        self.organization.as_ref()
    }

    /// The token type override, if any.
    pub fn token_type(&self) -> Option<TokenType> {
        self.token_type
    }

    /// The cache key part that comes from the request: sorted scopes, resource, orgs, type.
    pub(crate) fn cache_key(&self) -> &Arc<str> {
        &self.key
    }

    fn rekey(mut self) -> Self {
        let mut sorted: Vec<&str> = self.scopes.iter().map(String::as_str).collect();
        sorted.sort_unstable();
        let key = serde_json::to_string(&(
            sorted,
            &self.resource,
            self.organization
                .as_ref()
                .map(OrganizationNumbers::cache_key),
            self.token_type.map(|t| t.as_str()),
        ))
        .unwrap_or_default();
        self.key = Arc::from(key);
        self
    }
}

impl fmt::Debug for TokenRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenRequest")
            .field("scopes", &self.scopes)
            .field("resource", &self.resource)
            .field("organization", &self.organization)
            .field("token_type", &self.token_type)
            .finish()
    }
}

/// An access token from HelseID. Cloning is cheap. `Debug` and `Display` never show the token;
/// read it with [`AccessToken::expose_secret`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), helseid_auth::Error> {
/// # let helseid = helseid_auth::mock::MockHelseId::start().await;
/// # let client = helseid.client("doc-client").await;
/// let token = client.access_token(&helseid_auth::TokenRequest::new(["nhn:example/api"])).await?;
/// assert!(!format!("{token:?} {token}").contains(token.expose_secret()));
/// assert_eq!(token.scope(), Some("nhn:example/api"));
/// assert!(token.expires_at() > chrono::Utc::now());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct AccessToken {
    inner: Arc<TokenInner>,
}

struct TokenInner {
    secret: Zeroizing<String>,
    token_type: TokenType,
    expires_at: DateTime<Utc>,
    scope: Option<String>,
    rejected_scope: Option<String>,
    ath: String,
}

impl AccessToken {
    pub(crate) fn new(
        secret: String,
        token_type: TokenType,
        expires_at: DateTime<Utc>,
        scope: Option<String>,
        rejected_scope: Option<String>,
    ) -> Self {
        let ath = sha256_b64url(secret.as_bytes());
        AccessToken {
            inner: Arc::new(TokenInner {
                secret: Zeroizing::new(secret),
                token_type,
                expires_at,
                scope,
                rejected_scope,
                ath,
            }),
        }
    }

    /// The token itself, for the `Authorization` header. Do not log it.
    pub fn expose_secret(&self) -> &str {
        &self.inner.secret
    }

    /// DPoP (bound to the client's key) or Bearer, as HelseID issued it.
    pub fn token_type(&self) -> TokenType {
        self.inner.token_type
    }

    /// When the token expires (issue time + `expires_in`).
    pub fn expires_at(&self) -> DateTime<Utc> {
        self.inner.expires_at
    }

    /// The granted scopes (space separated) when HelseID said which.
    pub fn scope(&self) -> Option<&str> {
        self.inner.scope.as_deref()
    }

    /// Scopes HelseID refused while issuing the token (`rejected_scope`): a multi-tenant client whose
    /// customer has not accepted an API's terms of use, for example. `None` when none were refused.
    /// By default a token lacking a requested scope is an error
    /// ([`ErrorKind::ScopeNotGranted`](crate::ErrorKind::ScopeNotGranted)); a client built with
    /// [`allow_partial_scopes(true)`](crate::HelseIdClientBuilder::allow_partial_scopes) gets the
    /// token, and this says what was refused.
    pub fn rejected_scope(&self) -> Option<&str> {
        self.inner.rejected_scope.as_deref()
    }

    /// `base64url(SHA-256(token))`, the `ath` claim of DPoP proofs for API calls.
    pub fn ath(&self) -> &str {
        &self.inner.ath
    }

    /// The claims of a JWT access token, decoded **without verifying** the signature: for display
    /// and diagnostics only. `None` for opaque tokens.
    pub fn unverified_claims(&self) -> Option<Value> {
        let payload = self.inner.secret.split('.').nth(1)?;
        serde_json::from_slice(&b64url_decode(payload)?).ok()
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("token", &"<redacted>")
            .field("token_type", &self.inner.token_type)
            .field("expires_at", &self.inner.expires_at)
            .field("scope", &self.inner.scope)
            .field("rejected_scope", &self.inner.rejected_scope)
            .finish()
    }
}

impl fmt::Display for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} access token (redacted), expires {}",
            self.inner.token_type,
            self.inner.expires_at.to_rfc3339()
        )
    }
}
