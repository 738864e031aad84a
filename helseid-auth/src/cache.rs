//! The token cache: one entry per token request, one fetch in flight per entry, renewal before
//! expiry with jitter, the old token kept while still valid when a renewal fails. No background
//! task: renewal happens in the first call after the renewal time.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::error::Error;
use crate::token::AccessToken;
use crate::util::random_below;

/// Never use a token closer to its expiry than this (at most half its lifetime, so a token
/// of one or two seconds is still usable for a moment).
const EXPIRY_LEEWAY: Duration = Duration::from_secs(2);

/// A freshly fetched token and the moment its lifetime started counting (the request's start).
pub(crate) struct Fetched {
    pub(crate) token: AccessToken,
    pub(crate) started: Instant,
    pub(crate) lifetime: Duration,
}

#[derive(Default)]
pub(crate) struct TokenCache {
    slots: Mutex<HashMap<Arc<str>, Arc<Slot>>>,
}

#[derive(Default)]
struct Slot {
    state: Mutex<SlotState>,
    /// Held by the one caller that is fetching.
    fetch: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct SlotState {
    token: Option<Cached>,
    /// Bumped after every finished fetch attempt, so callers that waited know one happened.
    generation: u64,
    last_error: Option<Error>,
}

struct Cached {
    token: AccessToken,
    renew_at: Instant,
    usable_until: Instant,
}

impl TokenCache {
    fn slot(&self, key: &Arc<str>) -> Arc<Slot> {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = slots.get(key) {
            return s.clone();
        }
        let s = Arc::new(Slot::default());
        slots.insert(key.clone(), s.clone());
        s
    }

    /// A cached token that is not due for renewal, without waiting.
    pub(crate) fn fresh(&self, key: &Arc<str>) -> Option<AccessToken> {
        let slot = self
            .slots
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(key)?
            .clone();
        let state = slot.state.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        state
            .token
            .as_ref()
            .filter(|c| now < c.renew_at && now < c.usable_until)
            .map(|c| c.token.clone())
    }

    pub(crate) async fn get_or_fetch<F, Fut>(
        &self,
        key: &Arc<str>,
        renew_before: Duration,
        fetch: F,
    ) -> Result<AccessToken, Error>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Fetched, Error>>,
    {
        let slot = self.slot(key);
        let seen_generation = {
            let state = slot.state.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            if let Some(c) = &state.token
                && now < c.renew_at
                && now < c.usable_until
            {
                return Ok(c.token.clone());
            }
            state.generation
        };

        let _fetching = slot.fetch.lock().await;
        {
            let state = slot.state.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            if let Some(c) = &state.token
                && now < c.renew_at
                && now < c.usable_until
            {
                return Ok(c.token.clone());
            }
            if state.generation != seen_generation {
                // Someone fetched while we waited: share its outcome instead of asking HelseID
                // again. A token it just fetched is handed over even when it is already within
                // the leeway (a very short `expires_in`): it was fetched for us, and fetching
                // again would only give another one like it, one waiter at a time.
                if let Some(e) = &state.last_error {
                    if let Some(c) = &state.token
                        && now < c.usable_until
                    {
                        return Ok(c.token.clone());
                    }
                    return Err(e.clone());
                }
                if let Some(c) = &state.token {
                    return Ok(c.token.clone());
                }
            }
        }

        let result = fetch().await;
        let mut state = slot.state.lock().unwrap_or_else(|e| e.into_inner());
        state.generation += 1;
        match result {
            Ok(f) => {
                let lifetime = f.lifetime;
                // Renew `renew_before` ahead (at most half the lifetime), minus up to 10 % jitter
                // (at most 30 s) so many processes do not renew at the same moment.
                let ahead = renew_before.min(lifetime / 2);
                let jitter_max = (lifetime / 10).min(Duration::from_secs(30));
                let jitter = Duration::from_millis(random_below(jitter_max.as_millis() as u64));
                let renew_at = f.started + lifetime.saturating_sub(ahead + jitter);
                let usable_until =
                    f.started + lifetime.saturating_sub(EXPIRY_LEEWAY.min(lifetime / 2));
                tracing::debug!(
                    lifetime_s = lifetime.as_secs(),
                    renew_in_ms = renew_at
                        .saturating_duration_since(Instant::now())
                        .as_millis() as u64,
                    "cached a new HelseID access token"
                );
                state.token = Some(Cached {
                    token: f.token.clone(),
                    renew_at,
                    usable_until,
                });
                state.last_error = None;
                Ok(f.token)
            }
            Err(e) => {
                state.last_error = Some(e.clone());
                let now = Instant::now();
                if let Some(c) = &state.token
                    && now < c.usable_until
                {
                    tracing::warn!(
                        error = %e,
                        valid_for_s = c.usable_until.saturating_duration_since(now).as_secs(),
                        "renewing the HelseID access token failed; using the current one while it is valid"
                    );
                    return Ok(c.token.clone());
                }
                Err(e)
            }
        }
    }

    /// Drops the cached token for `key`; the next call fetches a new one.
    pub(crate) fn invalidate(&self, key: &Arc<str>) {
        let slot = self
            .slots
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(key)
            .cloned();
        if let Some(slot) = slot {
            let mut state = slot.state.lock().unwrap_or_else(|e| e.into_inner());
            if state.token.take().is_some() {
                tracing::debug!("dropped a cached HelseID access token");
            }
        }
    }
}
