//! The call stage: once per call. It resolves the URL, starts the deadline, and runs the retry
//! loop: each try's [`Attempt`] says what comes next, and the retry rules
//! ([`crate::retry`]: attempts, backoff, `Retry-After`, deadline, the client's retry budget) decide
//! whether a failed try is repeated.

use std::time::Duration;

use tokio::time::Instant;

use super::attempt::TryContext;
use super::{Again, Attempt, Deadline, Delivered, Pipeline, Reading, record_on_call_span};
use crate::auth::Challenge;
use crate::error::{Error, Result};
use crate::request::Operation;
use crate::request_id::RequestId;
use crate::retry::{self, Outcome, RETRY_COST, TIMEOUT_RETRY_COST};

/// How many redirects one call follows.
const MAX_REDIRECTS: u32 = 5;

/// What a call has used so far. Only the loop below changes it, one variant of [`Attempt`] at a
/// time.
#[derive(Debug, Default)]
struct Tries {
    /// Tries that failed and were repeated.
    failed: u32,
    /// The tokens the last retry took from the budget.
    last_cost: u32,
    /// Redirects followed.
    redirects: u32,
    /// Challenges answered: each kind once per call.
    answered: Answered,
}

/// The authentication challenges a call has answered.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Answered {
    nonce: bool,
    new_token: bool,
}

impl Answered {
    /// Whether this challenge may still be answered with one more try.
    pub(super) fn may_answer(self, challenge: Challenge) -> bool {
        match challenge {
            Challenge::None => false,
            Challenge::RetryWithNonce => !self.nonce,
            _ => !self.new_token,
        }
    }

    fn record(&mut self, challenge: Challenge) {
        match challenge {
            Challenge::None => {}
            Challenge::RetryWithNonce => self.nonce = true,
            _ => self.new_token = true,
        }
    }
}

impl Tries {
    /// The number of the try under way, from 1; repeats that do not count keep it.
    fn number(&self) -> u32 {
        self.failed + 1
    }
}

impl Pipeline {
    /// One call, all its tries included.
    pub(crate) async fn call(
        &self,
        op: &Operation,
        reading: Reading,
        request_id: RequestId,
    ) -> Result<Delivered> {
        let config = &self.config;
        let mut url = op.url(&config.base_url)?;
        let deadline = config.retry.deadline().map(|total| Deadline {
            at: Instant::now() + total,
            total,
        });
        let mut tries = Tries::default();
        loop {
            let number = tries.number();
            record_on_call_span("attempt", number);
            if let Some(deadline) = deadline
                && Instant::now() >= deadline.at
            {
                return Err(deadline
                    .passed("before the next try")
                    .set_attempts(number - 1));
            }
            let cx = TryContext {
                op,
                url: &url,
                request_id,
                reading,
                deadline,
                answered: tries.answered,
                may_redirect: tries.redirects < MAX_REDIRECTS,
            };
            // The wait is taken after the match: an answer held across it would keep its
            // room in the call's future, which a fan-out allocates once per call.
            let wait = match self.attempt(&cx).await {
                Attempt::Done(delivered) => {
                    self.refund(&tries);
                    return Ok(delivered);
                }
                Attempt::Again(Again::Challenge(challenge)) => {
                    tracing::debug!(
                        ?challenge,
                        "answering the authentication challenge with one more try"
                    );
                    tries.answered.record(challenge);
                    continue;
                }
                Attempt::Again(Again::Redirect(next)) => {
                    tracing::debug!("following a redirect on the same origin");
                    tries.redirects += 1;
                    url = next;
                    continue;
                }
                Attempt::Refused(err) => return Err(err.set_attempts(number - 1)),
                Attempt::Fatal(err) => return Err(err.set_attempts(number)),
                Attempt::Failed(outcome, err) => {
                    let (wait, cost) =
                        self.retry_after_failure(op, number, outcome, deadline, err)?;
                    tries.failed += 1;
                    tries.last_cost = cost;
                    tracing::debug!(?outcome, ?wait, "retrying");
                    wait
                }
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// Whether try `number`, failed with `outcome`, is repeated: the wait before the next try
    /// and the tokens it took from the budget, or the error the call ends with.
    fn retry_after_failure(
        &self,
        op: &Operation,
        number: u32,
        outcome: Outcome,
        deadline: Option<Deadline>,
        error: Error,
    ) -> Result<(Duration, u32)> {
        let retry = &self.config.retry;
        if number >= retry.max_attempts()
            || !retry::should_retry(&op.method, op.idempotency_key.is_some(), outcome)
        {
            return Err(error.set_attempts(number));
        }
        let wait = retry.backoff(number, retry::unit_random(), error.retry_after());
        if let Some(deadline) = deadline
            && Instant::now() + wait >= deadline.at
        {
            tracing::debug!(
                ?wait,
                "not retrying: the wait would pass the operation deadline"
            );
            return Err(error.set_attempts(number).add_note(&format!(
                "not retried: waiting {wait:?} would pass the operation deadline"
            )));
        }
        let cost = if outcome == Outcome::TimedOut {
            TIMEOUT_RETRY_COST
        } else {
            RETRY_COST
        };
        if let Some(budget) = &self.budget
            && !budget.try_take(cost)
        {
            tracing::debug!("not retrying: the retry budget is spent");
            return Err(error.set_attempts(number).add_note(
                "not retried: the client's retry budget is spent (many calls of this client \
                 failed lately; see RetryOptions::with_retry_budget)",
            ));
        }
        Ok((wait, cost))
    }

    /// A success refills the retry budget: what the last retry took, or one token.
    fn refund(&self, tries: &Tries) {
        if let Some(budget) = &self.budget {
            budget.refund(if tries.failed > 0 { tries.last_cost } else { 1 });
        }
    }
}
