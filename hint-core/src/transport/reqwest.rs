//! The default transport: reqwest.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use async_trait::async_trait;

use super::{HttpRequest, HttpResponse, RequestBody, ResponseBody, Transport, TransportError};
use crate::error::{Error, Result};

/// The default [`Transport`]: a `reqwest::Client`.
///
/// [`ReqwestTransport::with_defaults`] is what a client uses when nothing else is set: rustls, a
/// 10 s connect timeout, and no redirects or retries of its own (the pipeline follows
/// same-origin redirects with fresh credentials per hop, and never another origin's, so the API
/// key, the token and the DPoP proof never go to another host; and it retries within its own
/// budget, so that no second layer multiplies the tries).
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
            // One retry layer, the pipeline's, with its budget. reqwest's own retries only
            // HTTP/2 and HTTP/3 protocol refusals, which this build does not speak, yet copies
            // every request's headers on the chance; `max_retries_per_request(0)` stops the copy.
            .retry(::reqwest::retry::never().max_retries_per_request(0))
            .build()
            .map(ReqwestTransport::new)
            .map_err(|e| Error::config(format!("could not build the HTTP client: {e}")))
    }
}

#[async_trait]
impl Transport for ReqwestTransport {
    // Written out rather than `async fn`: the request becomes reqwest's here, before the
    // future is made, so the boxed future holds only reqwest's handle (16 bytes) and not the
    // request and its copy as well (near 600 bytes, once per call of a fan-out).
    fn send<'life0, 'async_trait>(
        &'life0 self,
        request: HttpRequest,
    ) -> Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'async_trait>>
    where
        'life0: 'async_trait,
        Self: 'async_trait,
    {
        let pending = self.client.execute(to_reqwest(request));
        Box::pin(async move { from_reqwest(pending.await) })
    }
}

/// The request as reqwest takes it.
fn to_reqwest(request: HttpRequest) -> ::reqwest::Request {
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
        RequestBody::Stream(stream) => *out.body_mut() = Some(::reqwest::Body::wrap_stream(stream)),
    }
    out
}

/// reqwest's answer as the pipeline takes it.
fn from_reqwest(
    answer: ::reqwest::Result<::reqwest::Response>,
) -> Result<HttpResponse, TransportError> {
    match answer {
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
