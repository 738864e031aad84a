//! HTTP plumbing shared by discovery, the token endpoint and Selvbetjening.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Deserialize;
use url::Url;
use zeroize::Zeroizing;

use crate::error::{Error, ErrorKind};
use crate::util::check_https;

/// Largest response body we read from HelseID or Selvbetjening.
const MAX_BODY: usize = 1024 * 1024;

/// Reads a response body up to [`MAX_BODY`] bytes.
pub(crate) async fn read_body(
    mut resp: reqwest::Response,
    what: &str,
) -> Result<Zeroizing<Vec<u8>>, Error> {
    let hint = resp.content_length().unwrap_or(4096).min(MAX_BODY as u64) as usize;
    let mut body = Zeroizing::new(Vec::with_capacity(hint));
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > MAX_BODY {
                    return Err(Error::invalid_response(format!(
                        "the {what} response is larger than {MAX_BODY} bytes"
                    )));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(body),
            Err(e) => {
                return Err(Error::from_http(
                    &format!("reading the {what} response failed"),
                    e,
                ));
            }
        }
    }
}

/// An OAuth error body (RFC 6749 §5.2).
#[derive(Deserialize, Default)]
pub(crate) struct OAuthErrorBody {
    pub(crate) error: Option<String>,
    pub(crate) error_description: Option<String>,
}

/// What discovery tells us.
#[derive(Debug)]
pub(crate) struct Metadata {
    /// The issuer exactly as the server spells it: the `aud` of client assertions.
    pub(crate) issuer: String,
    pub(crate) token_endpoint: Url,
}

#[derive(Deserialize)]
struct DiscoveryDocument {
    issuer: Option<String>,
    token_endpoint: Option<String>,
}

/// The discovery document, fetched once and kept for `ttl` (24 h by default).
pub(crate) struct Discovery {
    url: Url,
    issuer: String,
    ttl: Duration,
    state: tokio::sync::Mutex<Option<(Arc<Metadata>, Instant)>>,
}

impl Discovery {
    /// `issuer` without a trailing slash.
    pub(crate) fn new(issuer: &str, ttl: Duration) -> Result<Self, Error> {
        let url = Url::parse(&format!("{issuer}/.well-known/openid-configuration"))
            .map_err(|e| Error::config(format!("the issuer {issuer} is not a valid URL: {e}")))?;
        Ok(Discovery {
            url,
            issuer: issuer.to_owned(),
            ttl,
            state: tokio::sync::Mutex::new(None),
        })
    }

    pub(crate) async fn get(
        &self,
        http: &reqwest::Client,
        timeout: Duration,
    ) -> Result<Arc<Metadata>, Error> {
        let mut state = self.state.lock().await;
        if let Some((m, at)) = &*state
            && at.elapsed() < self.ttl
        {
            return Ok(m.clone());
        }
        let m = Arc::new(self.fetch(http, timeout).await?);
        *state = Some((m.clone(), Instant::now()));
        Ok(m)
    }

    async fn fetch(&self, http: &reqwest::Client, timeout: Duration) -> Result<Metadata, Error> {
        tracing::debug!(url = %self.url, "fetching the HelseID discovery document");
        let resp = http
            .get(self.url.clone())
            .header(reqwest::header::ACCEPT, "application/json")
            .timeout(timeout)
            .send()
            .await
            .map_err(|e| Error::from_http("fetching the HelseID discovery document failed", e))?;
        let status = resp.status().as_u16();
        let body = read_body(resp, "discovery").await?;
        if status != 200 {
            return Err(Error::new(
                ErrorKind::Discovery,
                format!(
                    "the discovery document at {} could not be fetched",
                    self.url
                ),
            )
            .with_status(status));
        }
        let doc: DiscoveryDocument = serde_json::from_slice(&body).map_err(|_| {
            Error::new(
                ErrorKind::Discovery,
                format!("the discovery document at {} is not valid JSON", self.url),
            )
        })?;
        let issuer = doc.issuer.unwrap_or_default();
        if issuer.trim_end_matches('/') != self.issuer {
            return Err(Error::new(
                ErrorKind::Discovery,
                format!(
                    "the discovery document names the issuer {:?}, not the configured {:?}; refusing it",
                    issuer.chars().take(200).collect::<String>(),
                    self.issuer
                ),
            ));
        }
        let token_endpoint = doc
            .token_endpoint
            .as_deref()
            .and_then(|t| Url::parse(t).ok())
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Discovery,
                    "the discovery document has no valid token_endpoint",
                )
            })?;
        check_https(&token_endpoint, "token endpoint")
            .map_err(|e| Error::new(ErrorKind::Discovery, e.to_string()))?;
        Ok(Metadata {
            issuer,
            token_endpoint,
        })
    }
}
