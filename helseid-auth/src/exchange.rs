//! The whole DPoP exchange for one API request: authorize, send, answer the API's challenges
//! (a refused token, a nonce demand) in a bounded number of steps.

use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use crate::client::{ChallengeAction, HelseIdClient};
use crate::error::Error;
use crate::token::TokenRequest;

/// The most times [`HelseIdClient::execute`] sends one request: the first try and one answer to
/// each of two challenges, such as a refused token and then a nonce demand (seen after an API
/// restarted). A third challenge in a row comes back to the caller as the API's response.
pub const MAX_API_SENDS: usize = 3;

const DPOP: HeaderName = HeaderName::from_static("dpop");

impl HelseIdClient {
    /// Sends `request` to a HelseID-protected API and runs the whole DPoP exchange: it adds
    /// `Authorization` (and, for a DPoP token, a fresh `DPoP` proof for the request's method and
    /// URL), tells the client how the API answered
    /// ([`observe_api_response`](Self::observe_api_response)), and sends again with a new token
    /// or the API's nonce when the API asks for it, at most [`MAX_API_SENDS`] times in all. The
    /// response that ends the exchange is returned as it came, whatever its status.
    ///
    /// The request is copied for each send, so its body must be in memory (not a stream); a
    /// streaming body is refused before anything is sent. Errors are this crate's: getting the
    /// token, and transport errors of the API call (kind [`Transport`](crate::ErrorKind::Transport)
    /// or [`Timeout`](crate::ErrorKind::Timeout)).
    ///
    /// ```no_run
    /// use helseid_auth::{HelseIdClient, TokenRequest};
    ///
    /// # async fn run(client: HelseIdClient) -> Result<(), helseid_auth::Error> {
    /// let http = reqwest::Client::new();
    /// let request = TokenRequest::new(["nhn:example/api"]);
    /// let call = http
    ///     .get("https://api.example.nhn.no/v1/things")
    ///     .build()
    ///     .expect("a valid request");
    /// let response = client.execute(&http, &request, call).await?;
    /// println!("{}", response.status());
    /// # Ok(()) }
    /// ```
    pub async fn execute(
        &self,
        http: &reqwest::Client,
        token_request: &TokenRequest,
        request: reqwest::Request,
    ) -> Result<reqwest::Response, Error> {
        let method = request.method().as_str().to_owned();
        let url = request.url().clone();
        let mut sends = 0;
        loop {
            sends += 1;
            let mut attempt = request.try_clone().ok_or_else(|| {
                Error::config(
                    "execute needs a request whose body can be copied for a retry (not a stream)",
                )
            })?;
            let auth = self.authorize(token_request, &method, &url).await?;
            let headers = attempt.headers_mut();
            headers.insert(AUTHORIZATION, header_value(auth.header_value())?);
            match auth.dpop_proof() {
                Some(proof) => {
                    headers.insert(DPOP, header_value(proof)?);
                }
                None => {
                    headers.remove(DPOP);
                }
            }
            drop(auth);
            let response = http
                .execute(attempt)
                .await
                .map_err(|e| Error::from_http("the API request failed", e))?;
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            };
            let action = self.observe_api_response(
                token_request,
                &url,
                response.status().as_u16(),
                header("www-authenticate").as_deref(),
                header("dpop-nonce").as_deref(),
            );
            if action == ChallengeAction::None || sends >= MAX_API_SENDS {
                if action != ChallengeAction::None {
                    tracing::debug!(
                        sends,
                        "the API challenged again after the last allowed send; returning its answer"
                    );
                }
                return Ok(response);
            }
            tracing::debug!(sends, ?action, "answering the API's challenge");
        }
    }
}

/// A header value that is never logged (`set_sensitive`), from a token or proof we made.
fn header_value(value: &str) -> Result<HeaderValue, Error> {
    let mut v = HeaderValue::from_str(value)
        .map_err(|_| Error::invalid_response("the access token is not a valid header value"))?;
    v.set_sensitive(true);
    Ok(v)
}
