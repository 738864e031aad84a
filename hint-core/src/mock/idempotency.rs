//! The one idempotency rule every mock follows, for routes marked idempotent
//! ([`Router::idempotent`](super::Router::idempotent)):
//!
//! - the same `Idempotency-Key` with the same body (the same bytes, or equal JSON) gets the stored answer again (status,
//!   headers, body), and the handler does not run: nothing happens twice;
//! - the same key with another body is refused with 422 in the service's shape;
//! - a key is forgotten after its time to live (default 24 hours,
//!   [`Router::idempotency_ttl`](super::Router::idempotency_ttl)), and then counts as new.
//!
//! Keys are per route. Answers of 500 and above are not stored: they are not the outcome of the
//! request, and a retry must get a real one.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::Reply;

/// How long a key is remembered unless a router says otherwise.
pub const DEFAULT_IDEMPOTENCY_TTL: Duration = Duration::from_secs(24 * 60 * 60);

/// Whether a router's idempotent routes honour `Idempotency-Key`
/// ([`Router::idempotency_keys`](super::Router::idempotency_keys)). Honoured by default; switched
/// off, every request runs its handler, as at a service that ignores the header.
#[derive(Debug, Clone)]
pub struct IdempotencyKeys(pub(crate) Arc<AtomicBool>);

impl Default for IdempotencyKeys {
    fn default() -> Self {
        IdempotencyKeys(Arc::new(AtomicBool::new(true)))
    }
}

impl IdempotencyKeys {
    /// Honour the header (`true`, the default) or ignore it.
    pub fn honour(&self, honour: bool) {
        self.0.store(honour, Ordering::SeqCst);
    }

    /// Whether the header is honoured.
    pub fn honoured(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

struct Stored {
    body: Vec<u8>,
    reply: Reply,
    at: Instant,
}

/// What the store says about a request.
pub(crate) enum Seen {
    /// A key not seen (or expired): run the handler, then [`IdempotencyStore::remember`].
    New,
    /// Same key, same body: answer this again.
    Replay(Reply),
    /// Same key, another body.
    Conflict,
}

pub(crate) struct IdempotencyStore {
    ttl: Duration,
    keys: HashMap<(&'static str, String), Stored>,
}

impl IdempotencyStore {
    pub(crate) fn new(ttl: Duration) -> Self {
        IdempotencyStore {
            ttl,
            keys: HashMap::new(),
        }
    }

    pub(crate) fn look_up(&mut self, route: &'static str, key: &str, body: &[u8]) -> Seen {
        let ttl = self.ttl;
        self.keys.retain(|_, stored| stored.at.elapsed() < ttl);
        match self.keys.get(&(route, key.to_owned())) {
            None => Seen::New,
            Some(stored) if same_body(&stored.body, body) => Seen::Replay(stored.reply.clone()),
            Some(_) => Seen::Conflict,
        }
    }

    pub(crate) fn remember(&mut self, route: &'static str, key: &str, body: &[u8], reply: &Reply) {
        if reply.status() < 500 {
            self.keys.insert(
                (route, key.to_owned()),
                Stored {
                    body: body.to_vec(),
                    reply: reply.clone(),
                    at: Instant::now(),
                },
            );
        }
    }
}

/// Bodies are the same when their bytes are, or when both are JSON of equal value (a client may
/// write the same object with its keys in another order).
fn same_body(a: &[u8], b: &[u8]) -> bool {
    a == b
        || matches!(
            (
                serde_json::from_slice::<serde_json::Value>(a),
                serde_json::from_slice::<serde_json::Value>(b),
            ),
            (Ok(x), Ok(y)) if x == y
        )
}
