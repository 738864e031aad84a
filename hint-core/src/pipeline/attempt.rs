//! The attempt stage: one try. It builds the request (fixed headers, the body for this try, the
//! credential's headers within the deadline), sends it through the transport under the try's
//! timer, and reads the response head: an answer from elsewhere is refused, an authentication
//! challenge or a same-origin redirect asks for another try, and anything else goes on to the
//! body stage.

use reqwest::Method;
use reqwest::header::{
    AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, LOCATION,
};
use url::Url;

use super::call::Answered;
use super::{Again, Attempt, Deadline, Pipeline, Reading, TryTimer, before, record_on_call_span};
use crate::auth::{AuthRequest, AuthResponse, Challenge};
use crate::client::{IDEMPOTENCY_KEY_HEADER, REQUEST_ID_HEADER};
use crate::error::{Error, ErrorKind, Result};
use crate::request::{Operation, TryBody};
use crate::request_id::RequestId;
use crate::retry::Outcome;
use crate::scrub::{CredentialHeaders, SentSecrets};
use crate::transport::{
    HttpRequest, HttpResponse, RequestBody, TransportError, TransportErrorKind,
};

// Made once, at compile time: `from_static` at run time looks the name up among the standard
// ones on every request.
const REQUEST_ID: HeaderName = HeaderName::from_static(REQUEST_ID_HEADER);
const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static(IDEMPOTENCY_KEY_HEADER);
const DPOP: HeaderName = HeaderName::from_static("dpop");

/// What one try needs to know of its call.
pub(super) struct TryContext<'a> {
    pub(super) op: &'a Operation,
    pub(super) url: &'a Url,
    pub(super) request_id: RequestId,
    pub(super) reading: Reading,
    pub(super) deadline: Option<Deadline>,
    /// The challenges this call has answered already.
    pub(super) answered: Answered,
    /// Whether this call may follow one more redirect.
    pub(super) may_redirect: bool,
}

impl Pipeline {
    /// One try, from building the request to handing the response to the body stage.
    pub(super) async fn attempt(&self, cx: &TryContext<'_>) -> Attempt {
        let (request, secrets) = match self.prepare(cx).await {
            Ok(prepared) => prepared,
            Err(step) => return step,
        };
        let timer = TryTimer::start(self.config.request_timeout, cx.deadline);
        let mut clock = std::pin::pin!(tokio::time::sleep_until(timer.until));
        let mut response = match before(&mut clock, self.config.transport.send(request)).await {
            None => return Attempt::Failed(Outcome::TimedOut, timer.error()),
            Some(Err(err)) => {
                let (outcome, err) = classify_transport(err, timer);
                return Attempt::Failed(outcome, err);
            }
            Some(Ok(response)) => response,
        };
        if let Some(err) = answered_from_elsewhere(cx.url, &response) {
            return Attempt::Fatal(err);
        }
        let status = response.status();
        record_on_call_span("http.response.status_code", status);
        if let Some(challenge) = self.challenge(cx, &response)
            && cx.answered.may_answer(challenge)
        {
            return Attempt::Again(Again::Challenge(challenge));
        }
        // Redirects are followed here, not by the transport, so that each hop gets its own
        // credentials: a DPoP proof is bound to the URL it was made for.
        if cx.may_redirect
            && let Some(next) = same_origin_redirect(&cx.op.method, cx.url, &response)
        {
            tracing::debug!(status, "a redirect on the same origin");
            return Attempt::Again(Again::Redirect(next));
        }
        // The response and the secrets stay here and are lent: handing them over by value would
        // copy them into the body stage's state, once more on every call.
        let mut secrets = secrets;
        self.deliver(cx, &mut response, &mut secrets, timer, &mut clock)
            .await
    }

    /// The request of one try, and the secrets it carries (to be scrubbed from error bodies).
    async fn prepare(
        &self,
        cx: &TryContext<'_>,
    ) -> std::result::Result<(HttpRequest, SentSecrets), Attempt> {
        let Some(body) = cx.op.body.for_try() else {
            // A one-shot body was already sent: it cannot go again.
            return Err(Attempt::Refused(Error::with_kind(
                ErrorKind::Transport,
                "the request body was a one-shot stream and cannot be sent again",
            )));
        };
        let mut request = self.request(cx, body).map_err(Attempt::Refused)?;
        // Getting the token may mean HelseID discovery, a token request and its nonce retry:
        // the deadline covers all of it.
        let authorized = match cx.deadline.filter(|_| self.config.credential.is_some()) {
            Some(deadline) => {
                match tokio::time::timeout_at(deadline.at, self.authorize(cx, &mut request)).await {
                    Ok(authorized) => authorized,
                    Err(_) => {
                        return Err(Attempt::Refused(deadline.passed(
                            "while getting a token (HelseID discovery or token request)",
                        )));
                    }
                }
            }
            None => self.authorize(cx, &mut request).await,
        };
        let credential = match authorized {
            Ok(sent) => sent,
            // HelseID could not be reached or failed for now: the request to the service never
            // left, so it may be tried again like a failed connection.
            Err(err) if err.is_retryable() => {
                return Err(Attempt::Failed(Outcome::ConnectFailed, err));
            }
            Err(err) => return Err(Attempt::Refused(err)),
        };
        let api_key = self.api_key.as_ref().map(|(_, value)| value.clone());
        // The operation's own headers may carry a secret too: then look at what is sent.
        let secrets = if cx.op.headers.is_empty() {
            SentSecrets::new(api_key, credential)
        } else {
            SentSecrets::of(
                &request.headers,
                self.api_key.as_ref().map(|(name, _)| name),
            )
        };
        Ok((request, secrets))
    }

    /// The request without the credential's headers.
    fn request(&self, cx: &TryContext<'_>, body: Option<TryBody>) -> Result<HttpRequest> {
        let op = cx.op;
        let mut request = HttpRequest::new(op.method.clone(), cx.url.clone());
        // Room at once for the usual headers (and reqwest's `Accept`): a map cloned or grown a
        // header at a time reallocates on the way. Six fit in one small allocation.
        request.headers = HeaderMap::with_capacity(self.fixed_headers.len() + op.headers.len() + 2);
        let headers = &mut request.headers;
        for (name, value) in &self.fixed_headers {
            headers.insert(name.clone(), value.clone());
        }
        headers.insert(REQUEST_ID, cx.request_id.header_value());
        if let Some(key) = &op.idempotency_key {
            let value = HeaderValue::from_str(key)
                .map_err(|_| Error::invalid_input("idempotency_key", "must be visible ASCII"))?;
            headers.insert(IDEMPOTENCY_KEY, value);
        }
        for (name, value) in &op.headers {
            headers.insert(name.clone(), value.clone());
        }
        if let Some(TryBody {
            content_type,
            length,
            body,
        }) = body
        {
            let ct = HeaderValue::from_str(&content_type)
                .map_err(|_| Error::invalid_input("content_type", "is not a valid media type"))?;
            headers.insert(CONTENT_TYPE, ct);
            if let Some(length) = length {
                headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
            }
            request.body = body;
        } else {
            request.body = RequestBody::Empty;
        }
        Ok(request)
    }

    /// Adds the credential's headers (`Authorization`, `DPoP`) for this try, and gives back
    /// their values.
    async fn authorize(
        &self,
        cx: &TryContext<'_>,
        request: &mut HttpRequest,
    ) -> Result<CredentialHeaders> {
        let Some(credential) = &self.config.credential else {
            return Ok(CredentialHeaders::default());
        };
        let auth = credential
            .authorize(&AuthRequest {
                method: &cx.op.method,
                url: cx.url,
                scopes: cx.op.scopes.as_deref(),
            })
            .await?;
        let mut value = HeaderValue::from_str(auth.authorization.expose()).map_err(|_| {
            Error::with_kind(ErrorKind::Auth, "the token is not a valid header value")
        })?;
        value.set_sensitive(true);
        request.headers.insert(AUTHORIZATION, value.clone());
        let mut sent = CredentialHeaders {
            authorization: Some(value),
            dpop: None,
        };
        if let Some(proof) = auth.dpop {
            let mut value = HeaderValue::from_str(proof.expose()).map_err(|_| {
                Error::with_kind(
                    ErrorKind::Auth,
                    "the DPoP proof is not a valid header value",
                )
            })?;
            value.set_sensitive(true);
            request.headers.insert(DPOP, value.clone());
            sent.dpop = Some(value);
        }
        Ok(sent)
    }

    /// What the credential makes of the response: a challenge to answer, or nothing.
    fn challenge(&self, cx: &TryContext<'_>, response: &HttpResponse) -> Option<Challenge> {
        let credential = self.config.credential.as_ref()?;
        let challenge = credential.on_response(
            &AuthRequest {
                method: &cx.op.method,
                url: cx.url,
                scopes: cx.op.scopes.as_deref(),
            },
            &AuthResponse {
                status: response.status(),
                www_authenticate: response.header("www-authenticate"),
                dpop_nonce: response.header("dpop-nonce"),
            },
        );
        (challenge != Challenge::None).then_some(challenge)
    }
}

/// Refuses an answer from another origin than the request's: only a caller's own HTTP client
/// follows a redirect there, the credentials may have gone along, and the answer is not the
/// service's.
fn answered_from_elsewhere(url: &Url, response: &HttpResponse) -> Option<Error> {
    let answered = response.final_url()?;
    // Comparing the text first keeps the usual case free of allocations.
    if answered.as_str() == url.as_str() || answered.origin() == url.origin() {
        return None;
    }
    Some(Error::config(format!(
        "the HTTP client followed a redirect to another origin ({}); \
         build it with redirect::Policy::none() (see ClientBuilder::http_client)",
        answered.origin().ascii_serialization()
    )))
}

/// The URL a redirect points to, when the SDK follows it: same origin only (another origin
/// would get the API key and the token), with the method kept (307, 308) or for a GET or HEAD
/// (301, 302, 303). Anything else is handed on as the service's answer.
fn same_origin_redirect(method: &Method, url: &Url, response: &HttpResponse) -> Option<Url> {
    let keeps_method = match response.status() {
        307 | 308 => true,
        301..=303 => *method == Method::GET || *method == Method::HEAD,
        _ => false,
    };
    if !keeps_method {
        return None;
    }
    let next = url.join(response.header(LOCATION)?).ok()?;
    (next.origin() == url.origin()).then_some(next)
}

/// Sorts a transport failure into what the retry rules need (did the request leave the
/// machine?) and says what happened.
fn classify_transport(err: TransportError, timer: TryTimer) -> (Outcome, Error) {
    let kind = err.kind();
    let source = err.into_source();
    match kind {
        TransportErrorKind::Connect => {
            return (
                Outcome::ConnectFailed,
                Error::with_kind(ErrorKind::Connect, "could not connect to the service")
                    .set_source(source),
            );
        }
        TransportErrorKind::Timeout => {
            return (Outcome::TimedOut, timer.error().set_source(source));
        }
        _ => {}
    }
    // The innermost cause is hyper's or the OS's own words (no URL, no header values).
    let mut detail = String::new();
    let mut cause = source.source();
    while let Some(next) = cause {
        detail = next.to_string();
        cause = next.source();
    }
    let message = if detail.contains("closed before message completed") {
        "the server closed the connection before it finished the response's header section; \
         the request had been sent, and the server may have acted on it"
            .to_owned()
    } else if detail.starts_with("invalid") || detail.contains("parse") {
        format!(
            "the server's response was not valid HTTP ({detail}); the request had been sent, and \
             the server may have acted on it"
        )
    } else if detail.is_empty() {
        "the connection failed after the request was sent; the server may have acted on it"
            .to_owned()
    } else {
        format!(
            "the connection failed after the request was sent ({detail}); the server may have \
             acted on it"
        )
    };
    let mut error = Error::with_kind(ErrorKind::Transport, message);
    if let Some(status) = source
        .downcast_ref::<reqwest::Error>()
        .and_then(reqwest::Error::status)
    {
        error = error.set_status(status.as_u16());
    }
    (Outcome::Broken, error.set_source(source))
}
