//! When a request is tried again, and how long to wait first.
//!
//! The rules, in full:
//! - **Which failures**: HTTP 408, 429, 500, 502, 503 and 504; a connection that could not be made;
//!   a timeout; a connection that broke. Anything else is returned at once.
//! - **Which methods**: GET, HEAD, PUT, DELETE and OPTIONS are idempotent and retry on all of the
//!   above. POST and PATCH retry only when the request never left the machine (the connection
//!   could not be made) or when the request carries an `Idempotency-Key`, which the SDK creates
//!   once per logical call and sends unchanged on every try, so the service can recognise a
//!   repeat. A payment or an archive entry is never made twice because of a retry.
//! - **How long**: full-jitter exponential backoff (a random wait between zero and
//!   `initial × 2^(attempt-1)`, capped at `max_backoff`), or the service's `Retry-After` (seconds or
//!   an HTTP date) when it is longer, capped at `max_retry_after`.
//! - **How often**: at most `max_attempts` tries in all, and never past the operation's
//!   `deadline`: a wait that would end after it is not started.
//!
//! - **How much in all**: a retry budget shared by a client and all its clones, in the manner of
//!   the AWS SDKs' standard retry mode: a token bucket of [`DEFAULT_RETRY_BUDGET`] tokens; each
//!   retry takes [`RETRY_COST`] tokens ([`TIMEOUT_RETRY_COST`] after a timeout), a call that
//!   succeeds first time puts one back, and one that succeeds after retrying puts back what its
//!   last retry took. When the bucket is empty (a full outage), calls are not retried: they fail
//!   at once with the failure they met, whose message says the budget is spent. Under a full
//!   outage 500 calls so make about 600 requests, not 2,000. Set it with
//!   [`RetryOptions::with_retry_budget`].
//!
//! Authentication challenges (a DPoP nonce demanded, an expired token) are answered by the auth
//! step and do not count against these attempts.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime};

use reqwest::Method;

/// Retry settings for a client. Build with [`RetryOptions::default`] and the `with_*` methods.
///
/// ```
/// use std::time::Duration;
/// use hint_core::RetryOptions;
/// let retry = RetryOptions::default()
///     .with_max_attempts(5)
///     .with_initial_backoff(Duration::from_millis(100))
///     .with_deadline(Duration::from_secs(30));
/// assert_eq!(retry.max_attempts(), 5);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryOptions {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    deadline: Option<Duration>,
    budget: Option<u32>,
}

/// The default size of the retry budget, in tokens (the AWS SDKs' value).
pub const DEFAULT_RETRY_BUDGET: u32 = 500;
/// The tokens one retry takes from the budget.
pub const RETRY_COST: u32 = 5;
/// The tokens a retry after a timeout takes (a timeout costs the service more).
pub const TIMEOUT_RETRY_COST: u32 = 10;

impl Default for RetryOptions {
    /// 4 attempts, 500 ms initial backoff, 20 s maximum backoff, `Retry-After` honoured up to 60 s,
    /// 120 s deadline for the whole operation, a retry budget of [`DEFAULT_RETRY_BUDGET`]
    /// tokens.
    fn default() -> Self {
        RetryOptions {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(60),
            deadline: Some(Duration::from_secs(120)),
            budget: Some(DEFAULT_RETRY_BUDGET),
        }
    }
}

impl RetryOptions {
    /// No retries at all: one attempt.
    pub fn none() -> Self {
        RetryOptions {
            max_attempts: 1,
            ..RetryOptions::default()
        }
    }

    /// Total tries, the first one included (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff ceiling before the first retry; it doubles with each retry.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The most any backoff may be.
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest `Retry-After` the SDK will wait; a longer one is cut to this.
    pub fn with_max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// The longest the whole operation may take, all tries and waits included.
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Removes the overall deadline (each try still has the request timeout).
    pub fn without_deadline(mut self) -> Self {
        self.deadline = None;
        self
    }

    /// The retry budget shared by a client and its clones, in tokens (see the
    /// [module docs](self)): `tokens / RETRY_COST` retries in a row before calls stop being
    /// retried, refilled by successes.
    pub fn with_retry_budget(mut self, tokens: u32) -> Self {
        self.budget = Some(tokens);
        self
    }

    /// No retry budget: every call may make all its tries, whatever the others met.
    pub fn without_retry_budget(mut self) -> Self {
        self.budget = None;
        self
    }

    /// The retry budget's size, if there is one.
    pub fn retry_budget(&self) -> Option<u32> {
        self.budget
    }

    /// The longest `Retry-After` the SDK waits.
    pub fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// Total tries allowed.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The overall deadline, if any.
    pub fn deadline(&self) -> Option<Duration> {
        self.deadline
    }

    /// The wait before retry number `retry` (1 for the first retry), given a random value in
    /// `[0, 1)` and the service's `Retry-After`, if any.
    pub(crate) fn backoff(
        &self,
        retry: u32,
        unit_random: f64,
        retry_after: Option<Duration>,
    ) -> Duration {
        let exp = 2u32.saturating_pow(retry.saturating_sub(1).min(31));
        let ceiling = self
            .initial_backoff
            .saturating_mul(exp)
            .min(self.max_backoff);
        let jittered = ceiling.mul_f64(unit_random.clamp(0.0, 1.0));
        match retry_after {
            Some(wait) => wait.min(self.max_retry_after).max(jittered),
            None => jittered,
        }
    }
}

/// The token bucket behind the retry budget (see the [module docs](self)).
#[derive(Debug)]
pub(crate) struct RetryBudget {
    tokens: AtomicU32,
    capacity: u32,
}

impl RetryBudget {
    pub(crate) fn new(capacity: u32) -> Self {
        RetryBudget {
            tokens: AtomicU32::new(capacity),
            capacity,
        }
    }

    /// Takes `cost` tokens for a retry; `false` (and nothing taken) when there are not enough.
    pub(crate) fn try_take(&self, cost: u32) -> bool {
        self.tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| t.checked_sub(cost))
            .is_ok()
    }

    /// Puts `tokens` back after a success, up to the capacity.
    pub(crate) fn refund(&self, tokens: u32) {
        // The usual case, a full bucket, costs one load and no write.
        if self.tokens.load(Ordering::Relaxed) >= self.capacity {
            return;
        }
        let _ = self
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| {
                Some(t.saturating_add(tokens).min(self.capacity))
            });
    }
}

/// The statuses worth trying again.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

/// What one try ended in, as the retry rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The service answered with this status.
    Status(u16),
    /// The connection could not be made: nothing was sent.
    ConnectFailed,
    /// The try timed out: the server may have acted.
    TimedOut,
    /// The connection broke after the request may have been sent.
    Broken,
}

/// Whether a method is idempotent by HTTP semantics (RFC 9110 §9.2.2).
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
    )
}

/// The decision table: may this try be repeated?
pub(crate) fn should_retry(method: &Method, has_idempotency_key: bool, outcome: Outcome) -> bool {
    let repeatable = is_idempotent(method) || has_idempotency_key;
    match outcome {
        Outcome::ConnectFailed => true,
        Outcome::Status(status) => repeatable && is_retryable_status(status),
        Outcome::TimedOut | Outcome::Broken => repeatable,
    }
}

/// Reads `Retry-After`: delay seconds, or an HTTP date (RFC 9110 §10.2.3). A date in the past
/// means no wait; anything unreadable is ignored.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let when = SystemTime::from(when.with_timezone(&chrono::Utc));
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A random value in `[0, 1)` for jitter.
pub(crate) fn unit_random() -> f64 {
    let mut bytes = [0u8; 8];
    // Jitter needs no cryptographic quality; if the OS source fails, fall back to no jitter
    // rather than failing the request.
    if getrandom::fill(&mut bytes).is_err() {
        return 1.0;
    }
    (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_matrix() {
        let statuses_retry = [408, 429, 500, 502, 503, 504];
        let statuses_final = [200, 201, 400, 401, 403, 404, 409, 412, 422, 501, 505];
        for method in [Method::GET, Method::HEAD, Method::PUT, Method::DELETE] {
            for key in [false, true] {
                for s in statuses_retry {
                    assert!(
                        should_retry(&method, key, Outcome::Status(s)),
                        "{method} {s}"
                    );
                }
                for s in statuses_final {
                    assert!(
                        !should_retry(&method, key, Outcome::Status(s)),
                        "{method} {s}"
                    );
                }
                assert!(should_retry(&method, key, Outcome::TimedOut));
                assert!(should_retry(&method, key, Outcome::Broken));
                assert!(should_retry(&method, key, Outcome::ConnectFailed));
            }
        }
        for method in [Method::POST, Method::PATCH] {
            for s in statuses_retry {
                assert!(
                    !should_retry(&method, false, Outcome::Status(s)),
                    "{method} {s} without key"
                );
                assert!(
                    should_retry(&method, true, Outcome::Status(s)),
                    "{method} {s} with key"
                );
            }
            for s in statuses_final {
                assert!(!should_retry(&method, true, Outcome::Status(s)));
            }
            assert!(!should_retry(&method, false, Outcome::TimedOut));
            assert!(!should_retry(&method, false, Outcome::Broken));
            assert!(
                should_retry(&method, false, Outcome::ConnectFailed),
                "never left the machine"
            );
            assert!(should_retry(&method, true, Outcome::TimedOut));
        }
    }

    #[test]
    fn backoff_is_full_jitter_exponential_and_capped() {
        let r = RetryOptions::default()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_secs(1));
        assert_eq!(r.backoff(1, 1.0, None), Duration::from_millis(100));
        assert_eq!(r.backoff(2, 1.0, None), Duration::from_millis(200));
        assert_eq!(r.backoff(3, 0.5, None), Duration::from_millis(200));
        assert_eq!(r.backoff(10, 1.0, None), Duration::from_secs(1));
        assert_eq!(r.backoff(40, 1.0, None), Duration::from_secs(1));
        assert_eq!(r.backoff(2, 0.0, None), Duration::ZERO);
    }

    #[test]
    fn retry_after_wins_when_longer_and_is_capped() {
        let r = RetryOptions::default()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_retry_after(Duration::from_secs(5));
        assert_eq!(
            r.backoff(1, 1.0, Some(Duration::from_secs(2))),
            Duration::from_secs(2)
        );
        assert_eq!(
            r.backoff(1, 1.0, Some(Duration::from_secs(3600))),
            Duration::from_secs(5)
        );
        assert_eq!(
            r.backoff(1, 1.0, Some(Duration::ZERO)),
            Duration::from_millis(100)
        );
    }

    #[test]
    fn retry_after_formats() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
    }

    #[test]
    fn budget_drains_and_refills_up_to_its_capacity() {
        let b = RetryBudget::new(12);
        assert!(b.try_take(RETRY_COST));
        assert!(b.try_take(RETRY_COST));
        assert!(!b.try_take(RETRY_COST), "2 tokens left");
        b.refund(3);
        assert!(b.try_take(RETRY_COST));
        b.refund(100);
        assert!(b.try_take(TIMEOUT_RETRY_COST));
        assert!(!b.try_take(RETRY_COST), "capped at 12");
    }

    #[test]
    fn unit_random_in_range() {
        for _ in 0..1000 {
            let x = unit_random();
            assert!((0.0..1.0).contains(&x));
        }
    }
}
