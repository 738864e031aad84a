//! Which HelseID scopes each route demands, and reading them from a token the server's gate has
//! already verified.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, RwLock};

use crate::Route;

/// The scopes a [`Router`](super::Router)'s routes demand; a handle the mock keeps to change
/// them while it runs. A token without every scope its route demands is answered 403 in the
/// service's shape, with `WWW-Authenticate: … error="insufficient_scope"` as a resource server
/// answers. Scopes are only checked when the server demands HelseID tokens.
///
/// ```
/// use hint_core::Route;
/// use hint_core::mock::Scopes;
/// const LIST: Route = Route::get("X.list", "ting");
/// const DELETE: Route = Route::delete("X.delete", "ting/{id}");
/// let scopes = Scopes::default();
/// scopes.require_all(&["x.read"]);
/// scopes.require(DELETE, &["x.write"]);
/// assert_eq!(scopes.required(LIST), ["x.read"]);
/// assert_eq!(scopes.required(DELETE), ["x.write"]);
/// ```
#[derive(Clone, Default)]
pub struct Scopes(Arc<RwLock<Table>>);

#[derive(Default)]
struct Table {
    all: Vec<String>,
    per_route: HashMap<Route, Vec<String>>,
}

impl fmt::Debug for Scopes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let table = self.0.read().unwrap_or_else(|e| e.into_inner());
        f.debug_struct("Scopes")
            .field("all", &table.all)
            .field("per_route", &table.per_route.len())
            .finish()
    }
}

impl Scopes {
    /// Every route without scopes of its own demands these (none: any valid token will do).
    pub fn require_all(&self, scopes: &[&str]) {
        self.0.write().unwrap_or_else(|e| e.into_inner()).all =
            scopes.iter().map(|s| (*s).to_owned()).collect();
    }

    /// This route demands these instead of the common ones.
    pub fn require(&self, route: Route, scopes: &[&str]) {
        self.0
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .per_route
            .insert(route, scopes.iter().map(|s| (*s).to_owned()).collect());
    }

    /// What a route demands.
    pub fn required(&self, route: Route) -> Vec<String> {
        let table = self.0.read().unwrap_or_else(|e| e.into_inner());
        table.per_route.get(&route).unwrap_or(&table.all).clone()
    }
}

/// The `scope` claim of the request's access token (space-separated text or a list). The
/// server's gate has verified the token already; this only reads the claim.
pub(crate) fn token_scopes(authorization: Option<&str>) -> Vec<String> {
    let claims = authorization
        .and_then(|v| v.split_once(' '))
        .and_then(|(_, token)| token.trim().split('.').nth(1))
        .and_then(base64url)
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok());
    match claims.as_ref().and_then(|c| c.get("scope")) {
        Some(serde_json::Value::String(s)) => s.split_whitespace().map(str::to_owned).collect(),
        Some(serde_json::Value::Array(list)) => list
            .iter()
            .filter_map(|s| s.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// Unpadded base64url, as JWTs write their parts. Hand-written: a few lines rather than a
/// dependency for the test kit.
fn base64url(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.trim_end_matches('=').bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_scope_claim() {
        // {"scope":"a b"} in base64url.
        let header = "DPoP eyJ4In0.eyJzY29wZSI6ImEgYiJ9.sig";
        assert_eq!(token_scopes(Some(header)), ["a", "b"]);
        assert!(token_scopes(Some("DPoP ###")).is_empty());
        assert!(token_scopes(None).is_empty());
    }
}
