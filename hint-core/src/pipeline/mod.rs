//! The pipeline a call goes through, as stages, in the manner of azure_core's policies. Each
//! stage is its own module, read top to bottom:
//!
//! ```text
//! call     (call.rs)     once per call: the URL, the deadline, the retry loop with its budget
//!   attempt (attempt.rs) once per try: headers, credential, send (timed), auth challenge,
//!                        same-origin redirect
//!     transport           crate::transport: reqwest by default, or the caller's own
//!   body    (body.rs)    the status → a typed error, or the body: read within limits, or
//!                        handed on as a stream
//! ```
//!
//! A try ends in an [`Attempt`], which is all the call stage looks at: the answer, another try
//! that does not count (a challenge answered, a redirect followed), a failure the retry rules
//! judge, or a failure that ends the call. No stage counts tries by hand.

use std::pin::Pin;
use std::task::Poll;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use tokio::time::{Instant, Sleep};
use url::Url;

use crate::client::Config;
use crate::error::{Error, ErrorKind};
use crate::response::{Response, StreamingResponse};
use crate::retry::{Outcome, RetryBudget};

mod attempt;
mod body;
mod call;

pub(crate) use body::{BufferRoom, Limited};

/// What a client holds: its settings and what its calls share. Every stage is a method on it.
pub(crate) struct Pipeline {
    pub(crate) config: Config,
    /// The user agent and the API key, sent with every request.
    pub(crate) fixed_headers: HeaderMap,
    pub(crate) api_key: Option<(HeaderName, HeaderValue)>,
    /// Shared by every clone of the client: that is what makes it a budget.
    pub(crate) budget: Option<RetryBudget>,
    pub(crate) room: BufferRoom,
}

/// Whether the pipeline reads the body or hands it over as a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    Buffered,
    Streaming,
}

/// What the pipeline hands back. Both kinds are a pointer wide, so that handing one up through
/// the stages copies no more than that.
pub(crate) enum Delivered {
    Buffered(Response),
    Streaming(Box<StreamingResponse>),
}

/// What one try ended in. The call stage decides what happens next from this alone.
// Returned once per try and matched at once, never stored: boxing the answer would cost an
// allocation per call for nothing.
#[allow(clippy::large_enum_variant)]
enum Attempt {
    /// The answer for the caller.
    Done(Delivered),
    /// Try again at once; this try does not count against the attempts or the budget.
    Again(Again),
    /// The try failed; the retry rules decide whether it is repeated.
    Failed(Outcome, Error),
    /// The call ends: nothing was sent (a one-shot body already used, no token).
    Refused(Error),
    /// The call ends after this try, whatever the retry rules say (a body over the limit).
    Fatal(Error),
}

/// Why a try is repeated without counting.
enum Again {
    /// The credential answered a challenge (a DPoP nonce, an expired token).
    Challenge(crate::auth::Challenge),
    /// A redirect on the same origin, followed with fresh credentials for the new URL.
    Redirect(Url),
}

/// The operation deadline of one call.
#[derive(Debug, Clone, Copy)]
struct Deadline {
    at: Instant,
    total: Duration,
}

impl Deadline {
    fn passed(self, when: &str) -> Error {
        Error::with_kind(
            ErrorKind::Timeout,
            format!(
                "the operation deadline of {:?} (RetryOptions::with_deadline) passed {when}",
                self.total
            ),
        )
    }
}

/// The timer of one try, started when it is sent: the request timeout, or the call's deadline
/// when that is nearer. It covers the response head and a buffered body.
#[derive(Debug, Clone, Copy)]
struct TryTimer {
    until: Instant,
    ends: Ends,
}

/// Which timer ends a try.
#[derive(Debug, Clone, Copy)]
enum Ends {
    /// The per-try request timeout.
    Request(Duration),
    /// The whole operation's deadline, nearer than the request timeout.
    Deadline(Deadline),
}

impl TryTimer {
    fn start(request_timeout: Duration, deadline: Option<Deadline>) -> Self {
        let now = Instant::now();
        let by_request = now + request_timeout;
        match deadline {
            Some(deadline) if deadline.at < by_request => TryTimer {
                until: deadline.at,
                ends: Ends::Deadline(deadline),
            },
            _ => TryTimer {
                until: by_request,
                ends: Ends::Request(request_timeout),
            },
        }
    }

    fn error(self) -> Error {
        match self.ends {
            Ends::Request(t) => Error::with_kind(
                ErrorKind::Timeout,
                format!(
                    "no complete response within the request timeout of {t:?} \
                     (ClientBuilder::request_timeout)"
                ),
            ),
            Ends::Deadline(deadline) => deadline.passed("while waiting for the response"),
        }
    }
}

/// The running timer of one try: started once when the try is sent, and shared by every wait of
/// the try (the response head, each piece of the body, room under the buffered-bytes limit), so a
/// try registers one timer, not one per wait.
type Clock<'a> = Pin<&'a mut Sleep>;

/// Records `value` in the call's span (`hint.request`, made by `Client::execute`). Looking up the
/// current span costs more than a try's other bookkeeping, and the span is `debug`: only when
/// that level is on.
fn record_on_call_span(field: &str, value: impl tracing::Value) {
    if tracing::level_enabled!(tracing::Level::DEBUG) {
        tracing::Span::current().record(field, value);
    }
}

/// `make()`'s future in a box of its own, written straight into the box: `Box::pin(future)`
/// makes the future on the stack first and copies it whole (2 KiB for a call, once per call).
#[inline(always)]
pub(crate) fn boxed<F: Future>(make: impl FnOnce() -> F) -> Pin<Box<F>> {
    Box::into_pin(Box::write(Box::<F>::new_uninit(), make()))
}

/// `future`'s output, or `None` when the try's timer runs out first.
async fn before<F: Future>(clock: &mut Clock<'_>, future: F) -> Option<F::Output> {
    let mut future = std::pin::pin!(future);
    std::future::poll_fn(|cx| {
        if let Poll::Ready(out) = future.as_mut().poll(cx) {
            return Poll::Ready(Some(out));
        }
        clock.as_mut().poll(cx).map(|()| None)
    })
    .await
}
