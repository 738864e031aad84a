//! DPoP proofs (RFC 9449), client assertions (RFC 7523 + HelseID's profile), server nonces, and the
//! `WWW-Authenticate` challenges resource servers send.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;
use serde_json::Value;
use url::Url;

use crate::error::Error;
use crate::key::SigningKey;
use crate::util::{random_id, unix_now};

#[derive(Serialize)]
struct ProofClaims<'a> {
    jti: &'a str,
    htm: &'a str,
    htu: &'a str,
    iat: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    nonce: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ath: Option<&'a str>,
}

/// The `htu` of a request: the URL without query, fragment or user info (RFC 9449 §4.2).
pub(crate) fn htu(url: &Url) -> std::borrow::Cow<'_, str> {
    if url.username().is_empty() && url.password().is_none() {
        std::borrow::Cow::Borrowed(&url[..url::Position::AfterPath])
    } else {
        let mut u = url.clone();
        let _ = u.set_username("");
        let _ = u.set_password(None);
        std::borrow::Cow::Owned(u[..url::Position::AfterPath].to_owned())
    }
}

fn check_method(method: &str) -> Result<(), Error> {
    let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if method.is_empty() || !method.bytes().all(token) {
        return Err(Error::config(format!(
            "{:?} is not an HTTP method",
            method.chars().take(20).collect::<String>()
        )));
    }
    Ok(())
}

/// A signed DPoP proof: header `typ: dpop+jwt`, `alg`, public `jwk`; claims `jti`, `htm`, `htu`,
/// `iat`, and `nonce` / `ath` when given.
pub(crate) fn proof(
    key: &SigningKey,
    method: &str,
    url: &Url,
    ath: Option<&str>,
    nonce: Option<&str>,
) -> Result<String, Error> {
    check_method(method)?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::config("a DPoP proof needs an http(s) URL"));
    }
    let jti = random_id();
    let htu = htu(url);
    key.sign_compact(
        key.dpop_header_b64(),
        &ProofClaims {
            jti: &jti,
            htm: method,
            htu: &htu,
            iat: unix_now(),
            nonce,
            ath,
        },
    )
}

#[derive(Serialize)]
struct AssertionClaims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    iat: i64,
    nbf: i64,
    exp: i64,
    jti: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    assertion_details: Option<Value>,
}

/// A client assertion: header `typ: client-authentication+jwt`, `alg`, `kid`; claims `iss` = `sub` =
/// client id, `aud` = issuer, `iat` = `nbf` = now, `exp` = now + lifetime, a fresh `jti`.
pub(crate) fn client_assertion(
    key: &SigningKey,
    client_id: &str,
    issuer: &str,
    lifetime: Duration,
    assertion_details: Option<Value>,
) -> Result<String, Error> {
    let now = unix_now();
    let jti = random_id();
    key.sign_compact(
        key.assertion_header_b64(),
        &AssertionClaims {
            iss: client_id,
            sub: client_id,
            aud: issuer,
            iat: now,
            nbf: now,
            exp: now + lifetime.as_secs() as i64,
            jti: &jti,
            assertion_details,
        },
    )
}

/// The last `DPoP-Nonce` each server origin sent.
#[derive(Default)]
pub(crate) struct NonceStore {
    by_origin: Mutex<HashMap<String, String>>,
}

impl NonceStore {
    pub(crate) fn get(&self, url: &Url) -> Option<String> {
        let key = url.origin().ascii_serialization();
        self.by_origin
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
            .cloned()
    }

    pub(crate) fn set(&self, url: &Url, nonce: &str) {
        // A nonce is an opaque token of printable ASCII (RFC 9449 §8.1: NQCHAR); keep sane ones only.
        if nonce.is_empty()
            || nonce.len() > 1024
            || !nonce
                .bytes()
                .all(|b| (0x21..=0x7e).contains(&b) && b != b'"' && b != b'\\')
        {
            return;
        }
        let key = url.origin().ascii_serialization();
        let mut map = self.by_origin.lock().unwrap_or_else(|e| e.into_inner());
        if map.get(&key).map(String::as_str) != Some(nonce) {
            map.insert(key, nonce.to_owned());
        }
    }
}

/// One challenge of a `WWW-Authenticate` header: the scheme and its `error` parameter.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Challenge {
    pub(crate) scheme: String,
    pub(crate) error: Option<String>,
}

/// Parses `WWW-Authenticate` (RFC 9110 §11.6.1) leniently: a list of challenges, each a scheme
/// followed by `name=value` / `name="quoted"` parameters or a token68.
pub(crate) fn parse_www_authenticate(header: &str) -> Vec<Challenge> {
    let mut out: Vec<Challenge> = Vec::new();
    let b = header.as_bytes();
    let mut i = 0;
    let is_tchar = |c: u8| c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c);
    let skip_ws = |i: &mut usize| {
        while *i < b.len() && (b[*i] == b' ' || b[*i] == b'\t') {
            *i += 1;
        }
    };
    while i < b.len() {
        skip_ws(&mut i);
        if i < b.len() && b[i] == b',' {
            i += 1;
            continue;
        }
        // A token: either a new scheme or a parameter name.
        let start = i;
        while i < b.len() && is_tchar(b[i]) {
            i += 1;
        }
        if start == i {
            i += 1; // skip an unexpected character
            continue;
        }
        let token = &header[start..i];
        let mut j = i;
        skip_ws(&mut j);
        if j < b.len() && b[j] == b'=' && !(j + 1 < b.len() && b[j + 1] == b'=') {
            // name=value
            j += 1;
            skip_ws(&mut j);
            let value = if j < b.len() && b[j] == b'"' {
                j += 1;
                let mut v = String::new();
                while j < b.len() && b[j] != b'"' {
                    if b[j] == b'\\' && j + 1 < b.len() {
                        j += 1;
                    }
                    v.push(b[j] as char);
                    j += 1;
                }
                j += 1;
                v
            } else {
                let s = j;
                while j < b.len() && b[j] != b',' && b[j] != b' ' {
                    j += 1;
                }
                header[s..j].to_owned()
            };
            i = j;
            if let Some(current) = out.last_mut()
                && token.eq_ignore_ascii_case("error")
                && current.error.is_none()
            {
                current.error = Some(value);
            }
        } else if out.is_empty() || j >= b.len() || b[j] != b'=' {
            // A scheme (possibly followed by a token68, which we skip).
            out.push(Challenge {
                scheme: token.to_owned(),
                error: None,
            });
            i = j;
            if i < b.len() && b[i] != b',' {
                let s = i;
                while i < b.len() && (is_tchar(b[i]) || b"/=".contains(&b[i])) {
                    i += 1;
                }
                let mut k = i;
                skip_ws(&mut k);
                // A token68 ends the challenge; otherwise the token was a parameter name: rewind.
                if i > s && (k >= b.len() || b[k] == b',') && header[s..i].contains('=') {
                    i = k;
                } else {
                    i = s;
                }
            }
        } else {
            i = j;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn htu_strips_query_fragment_and_userinfo() {
        let u = Url::parse("https://user:pw@api.example.no:443/a/b?x=1#frag").unwrap();
        assert_eq!(htu(&u), "https://api.example.no/a/b");
        let u = Url::parse("http://127.0.0.1:8080/p?q").unwrap();
        assert_eq!(htu(&u), "http://127.0.0.1:8080/p");
    }

    #[test]
    fn parses_challenges() {
        let c = parse_www_authenticate(
            r#"DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof", algs="ES256 PS256""#,
        );
        assert_eq!(
            c,
            vec![Challenge {
                scheme: "DPoP".into(),
                error: Some("use_dpop_nonce".into())
            }]
        );
        let c = parse_www_authenticate(
            r#"Bearer realm="api", error=invalid_token, DPoP algs="ES256", error="invalid_token""#,
        );
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].scheme, "Bearer");
        assert_eq!(c[0].error.as_deref(), Some("invalid_token"));
        assert_eq!(c[1].scheme, "DPoP");
        assert_eq!(c[1].error.as_deref(), Some("invalid_token"));
        let c = parse_www_authenticate("Basic abc==, Bearer");
        assert_eq!(c.len(), 2);
        assert_eq!(c[1].scheme, "Bearer");
        assert!(parse_www_authenticate("").is_empty());
        let c =
            parse_www_authenticate(r#"Bearer error_description="x", error="insufficient_scope""#);
        assert_eq!(c[0].error.as_deref(), Some("insufficient_scope"));
    }

    #[test]
    fn nonce_store_is_per_origin() {
        let s = NonceStore::default();
        let a = Url::parse("https://a.example/x").unwrap();
        let a2 = Url::parse("https://a.example/y?z").unwrap();
        let b = Url::parse("https://b.example/x").unwrap();
        s.set(&a, "n1");
        assert_eq!(s.get(&a2).as_deref(), Some("n1"));
        assert_eq!(s.get(&b), None);
        s.set(&a, "bad nonce with spaces");
        assert_eq!(s.get(&a).as_deref(), Some("n1"));
    }
}
