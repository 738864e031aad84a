//! The default transport: reqwest.

use std::time::Duration;

use async_trait::async_trait;

use super::{HttpRequest, HttpResponse, RequestBody, ResponseBody, Transport, TransportError};
use crate::error::{Error, Result};

/// The default [`Transport`]: a `reqwest::Client`.
///
/// [`ReqwestTransport::with_defaults`] is what a client uses when nothing else is set: rustls, a
/// 10 s connect timeout, and no redirects of its own (the pipeline follows same-origin
/// redirects with fresh credentials per hop, and never another origin's, so the API key, the
/// token and the DPoP proof never go to another host).
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: ::reqwest::Client,
}

impl ReqwestTransport {
    /// Sends through `client` (your proxies, TLS roots, connection pool). Build it with
    /// `redirect(reqwest::redirect::Policy::none())`; see
    /// [`ClientBuilder::http_client`](crate::ClientBuilder::http_client).
    pub fn new(client: ::reqwest::Client) -> Self {
        ReqwestTransport { client }
    }

    /// The SDK's own settings (see the type's docs).
    pub fn with_defaults() -> Result<Self> {
        Self::with_connect_timeout(Duration::from_secs(10))
    }

    /// The SDK's own settings with another connect timeout.
    pub fn with_connect_timeout(timeout: Duration) -> Result<Self> {
        ::reqwest::Client::builder()
            .connect_timeout(timeout)
            .redirect(::reqwest::redirect::Policy::none())
            .build()
            .map(ReqwestTransport::new)
            .map_err(|e| Error::config(format!("could not build the HTTP client: {e}")))
    }
}

#[async_trait]
impl Transport for ReqwestTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let HttpRequest {
            method,
            url,
            headers,
            body,
        } = request;
        let mut out = ::reqwest::Request::new(method, url);
        *out.headers_mut() = headers;
        match body {
            RequestBody::Empty => {}
            RequestBody::Bytes(bytes) => *out.body_mut() = Some(bytes.into()),
            RequestBody::Stream(stream) => {
                *out.body_mut() = Some(::reqwest::Body::wrap_stream(stream))
            }
        }
        match self.client.execute(out).await {
            Ok(mut response) => {
                let status = response.status().as_u16();
                let headers = std::mem::take(response.headers_mut());
                let mut answer =
                    HttpResponse::new(status).with_body(ResponseBody::from_reqwest(response));
                *answer.headers_mut() = headers;
                Ok(answer)
            }
            Err(err) if err.is_connect() => Err(TransportError::connect(err)),
            Err(err) if err.is_timeout() => Err(TransportError::timeout(err)),
            Err(err) => Err(TransportError::broken(err)),
        }
    }
}
