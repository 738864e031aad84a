//! Authentication, applied on every try.
//!
//! A [`Credential`] adds the `Authorization` header (and for DPoP the `DPoP` proof) to each try,
//! because every try needs a fresh proof. After each response it may ask for one more try:
//! - a `401` with `WWW-Authenticate: DPoP error="use_dpop_nonce"` and a `DPoP-Nonce` header is
//!   answered by one retry with that nonce (RFC 9449 §9);
//! - a `401` with `error="invalid_token"` drops the cached token and retries once with a new one;
//! - for Helsenorge, which answers an expired token with `403`, the same (see
//!   [`HelseIdCredential::renew_on_forbidden`]).
//!
//! These retries do not use up the retry budget, and each happens at most once per call.
//! API keys are not credentials: they are sent alongside (see
//! [`crate::ClientBuilder::api_key`]).

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use reqwest::Method;
use url::Url;

use crate::error::Result;
use crate::secret::Secret;

/// What a credential is told about the try it authorizes.
#[derive(Debug)]
#[non_exhaustive]
pub struct AuthRequest<'a> {
    /// The HTTP method.
    pub method: &'a Method,
    /// The full URL, query included.
    pub url: &'a Url,
    /// The scopes this operation needs, if it names its own.
    pub scopes: Option<&'a [String]>,
}

/// What a credential is told about the response to a try.
#[derive(Debug)]
#[non_exhaustive]
pub struct AuthResponse<'a> {
    /// The status code.
    pub status: u16,
    /// The `WWW-Authenticate` header, if any.
    pub www_authenticate: Option<&'a str>,
    /// The `DPoP-Nonce` header, if any.
    pub dpop_nonce: Option<&'a str>,
}

/// Headers a credential adds to one try.
#[derive(Debug, Clone)]
pub struct AuthHeaders {
    /// The `Authorization` header value (`Bearer …` or `DPoP …`).
    pub authorization: Secret,
    /// The `DPoP` proof, when DPoP is used.
    pub dpop: Option<Secret>,
}

/// Whether a response asks for one more try with fresh authentication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Challenge {
    /// Nothing to do.
    None,
    /// The server demanded a DPoP nonce; the credential has it now.
    RetryWithNonce,
    /// The token was refused; the credential dropped it and will fetch a new one.
    RetryWithNewToken,
}

/// Something that authorizes requests. Implement it to plug in your own token source.
///
/// ```
/// use async_trait::async_trait;
/// use hint_core::{AuthHeaders, AuthRequest, Credential, Secret};
///
/// #[derive(Debug)]
/// struct FromVault;
///
/// #[async_trait]
/// impl Credential for FromVault {
///     async fn authorize(&self, _request: &AuthRequest<'_>) -> hint_core::Result<AuthHeaders> {
///         Ok(AuthHeaders { authorization: Secret::new("Bearer token-from-vault"), dpop: None })
///     }
/// }
/// ```
#[async_trait]
pub trait Credential: Send + Sync + fmt::Debug {
    /// The headers for this try.
    async fn authorize(&self, request: &AuthRequest<'_>) -> Result<AuthHeaders>;

    /// Called with every response. The default asks for nothing.
    fn on_response(&self, request: &AuthRequest<'_>, response: &AuthResponse<'_>) -> Challenge {
        let _ = (request, response);
        Challenge::None
    }
}

/// A fixed bearer token.
#[derive(Debug, Clone)]
pub struct StaticBearer {
    header: Secret,
}

impl StaticBearer {
    /// Sends `Authorization: Bearer <token>`.
    ///
    /// ```
    /// let credential = hint_core::StaticBearer::new("eyJ...");
    /// ```
    pub fn new(token: impl Into<Secret>) -> Self {
        StaticBearer {
            header: Secret::new(format!("Bearer {}", token.into().expose())),
        }
    }
}

#[async_trait]
impl Credential for StaticBearer {
    async fn authorize(&self, _request: &AuthRequest<'_>) -> Result<AuthHeaders> {
        Ok(AuthHeaders {
            authorization: self.header.clone(),
            dpop: None,
        })
    }
}

/// HelseID tokens (DPoP or Bearer, as the [`HelseIdClient`](::helseid_auth::HelseIdClient) is set up), with the
/// token cache, proofs per try and the challenges described in the [module docs](self).
///
/// ```no_run
/// # async fn run(helseid: helseid_auth::HelseIdClient) {
/// use std::sync::Arc;
/// let credential = hint_core::HelseIdCredential::new(helseid, ["nhn:helsenorge.eksternapi/verktoykatalog_read"])
///     .renew_on_forbidden(true);
/// # let _ = Arc::new(credential);
/// # }
/// ```
#[derive(Clone)]
pub struct HelseIdCredential {
    client: helseid_auth::HelseIdClient,
    default_scopes: Arc<[String]>,
    resource: Option<String>,
    organization: Option<helseid_auth::OrganizationNumbers>,
    renew_on_forbidden: bool,
}

impl fmt::Debug for HelseIdCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HelseIdCredential")
            .field("client", &self.client)
            .field("default_scopes", &self.default_scopes)
            .field("resource", &self.resource)
            .field("renew_on_forbidden", &self.renew_on_forbidden)
            .finish_non_exhaustive()
    }
}

impl HelseIdCredential {
    /// Uses `client` with these scopes for operations that name none.
    pub fn new(
        client: helseid_auth::HelseIdClient,
        scopes: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        HelseIdCredential {
            client,
            default_scopes: scopes.into_iter().map(Into::into).collect(),
            resource: None,
            organization: None,
            renew_on_forbidden: false,
        }
    }

    /// Asks for tokens for this resource (audience).
    pub fn with_resource(mut self, resource: impl Into<String>) -> Self {
        self.resource = Some(resource.into());
        self
    }

    /// Sends these organisation numbers in the client assertion.
    pub fn with_organization(mut self, organization: helseid_auth::OrganizationNumbers) -> Self {
        self.organization = Some(organization);
        self
    }

    /// Treat `403` as an expired token: renew it and retry once (Helsenorge's APIs do this).
    pub fn renew_on_forbidden(mut self, yes: bool) -> Self {
        self.renew_on_forbidden = yes;
        self
    }

    fn token_request(&self, scopes: Option<&[String]>) -> helseid_auth::TokenRequest {
        let scopes = scopes.unwrap_or(&self.default_scopes);
        let mut request = helseid_auth::TokenRequest::new(scopes.iter().cloned());
        if let Some(resource) = &self.resource {
            request = request.with_resource(resource.clone());
        }
        if let Some(organization) = &self.organization {
            request = request.with_organization(organization.clone());
        }
        request
    }
}

#[async_trait]
impl Credential for HelseIdCredential {
    async fn authorize(&self, request: &AuthRequest<'_>) -> Result<AuthHeaders> {
        let token_request = self.token_request(request.scopes);
        let auth = self
            .client
            .authorize(&token_request, request.method.as_str(), request.url)
            .await?;
        Ok(AuthHeaders {
            authorization: Secret::new(auth.header_value()),
            dpop: auth.dpop_proof().map(Secret::new),
        })
    }

    fn on_response(&self, request: &AuthRequest<'_>, response: &AuthResponse<'_>) -> Challenge {
        let token_request = self.token_request(request.scopes);
        if response.status == 403 && self.renew_on_forbidden {
            self.client.invalidate(&token_request);
            return Challenge::RetryWithNewToken;
        }
        match self.client.observe_api_response(
            &token_request,
            request.url,
            response.status,
            response.www_authenticate,
            response.dpop_nonce,
        ) {
            helseid_auth::ChallengeAction::RetryWithNonce => Challenge::RetryWithNonce,
            helseid_auth::ChallengeAction::RetryWithNewToken => Challenge::RetryWithNewToken,
            _ => Challenge::None,
        }
    }
}
