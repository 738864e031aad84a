//! What the mock HelseID remembers: the registered client keys, the `jti`s seen, the nonces,
//! the queued faults and the token settings, behind one lock.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::AtomicUsize;
use std::sync::{Mutex, MutexGuard};

use serde_json::Value;

use super::TokenFault;
use crate::key::SigningKey;
use crate::util::{random_id, unix_now};

pub(crate) struct State {
    pub(super) issuer: String,
    pub(super) token_endpoint: String,
    pub(super) as_key: SigningKey,
    pub(super) token_requests: AtomicUsize,
    pub(super) tokens_issued: AtomicUsize,
    pub(super) inner: Mutex<Inner>,
}

pub(super) struct Inner {
    pub(super) clients: HashMap<String, Vec<RegisteredKey>>,
    pub(super) assertion_jtis: JtiSet,
    pub(super) proof_jtis: JtiSet,
    pub(super) api_jtis: JtiSet,
    pub(super) require_nonce: bool,
    pub(super) nonce: String,
    pub(super) previous_nonce: Option<String>,
    pub(super) api_nonce: Option<String>,
    pub(super) expires_in: u64,
    pub(super) faults: VecDeque<TokenFault>,
    pub(super) rejected_scopes: HashSet<String>,
}

#[derive(Clone)]
pub(crate) struct RegisteredKey {
    pub(crate) jwk: Value,
    pub(crate) origin: &'static str,
    pub(crate) expiration: i64,
}

/// Seen `jti`s, forgotten after their JWT expired.
#[derive(Default)]
pub(super) struct JtiSet(HashMap<String, i64>);

impl JtiSet {
    /// `false` if `jti` was seen before.
    pub(super) fn insert(&mut self, jti: &str, forget_after: i64) -> bool {
        let now = unix_now();
        if self.0.len() > 10_000 {
            self.0.retain(|_, t| *t > now);
        }
        if self.0.contains_key(jti) {
            return false;
        }
        self.0.insert(jti.to_owned(), forget_after.max(now + 600));
        true
    }
}

impl State {
    pub(super) fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn register(&self, client_id: &str, key: RegisteredKey) {
        self.lock()
            .clients
            .entry(client_id.to_owned())
            .or_default()
            .push(key);
    }

    pub(crate) fn keys(&self, client_id: &str) -> Vec<RegisteredKey> {
        self.lock()
            .clients
            .get(client_id)
            .cloned()
            .unwrap_or_default()
    }

    pub(super) fn rotate_nonce(&self) -> String {
        let mut inner = self.lock();
        let fresh = random_id();
        let old = std::mem::replace(&mut inner.nonce, fresh.clone());
        inner.previous_nonce = Some(old);
        fresh
    }
}
