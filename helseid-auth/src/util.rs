//! Small helpers: base64url, randomness, hashing, clocks.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// base64url without padding (RFC 7515 §2).
pub(crate) fn b64url(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes base64url without padding; also accepts padding, as some JWK writers add it.
pub(crate) fn b64url_decode(s: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(s.trim_end_matches('=')).ok()
}

/// A fresh random identifier (128 bits, base64url), for `jti`.
pub(crate) fn random_id() -> String {
    let mut bytes = [0u8; 16];
    // aws-lc's DRBG does not fail once initialised; fall back to time-derived bytes if it ever does.
    if aws_lc_rs::rand::fill(&mut bytes).is_err() {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        bytes = nanos.to_le_bytes();
    }
    b64url(bytes)
}

/// A random number in `0..=max`.
pub(crate) fn random_below(max: u64) -> u64 {
    if max == 0 {
        return 0;
    }
    let mut bytes = [0u8; 8];
    let _ = aws_lc_rs::rand::fill(&mut bytes);
    u64::from_le_bytes(bytes) % (max + 1)
}

/// base64url(SHA-256(data)).
pub(crate) fn sha256_b64url(data: impl AsRef<[u8]>) -> String {
    b64url(aws_lc_rs::digest::digest(
        &aws_lc_rs::digest::SHA256,
        data.as_ref(),
    ))
}

/// Seconds since the Unix epoch.
pub(crate) fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// `true` when the host is a loopback address or `localhost`.
pub(crate) fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => {
            d.eq_ignore_ascii_case("localhost") || d.to_ascii_lowercase().ends_with(".localhost")
        }
        None => false,
    }
}

/// Refuses `http://` unless the host is loopback; refuses other schemes.
pub(crate) fn check_https(url: &url::Url, what: &str) -> Result<(), crate::Error> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        "http" => Err(crate::Error::config(format!(
            "the {what} {url} uses http://; HelseID requires https:// (http:// is allowed only for loopback hosts such as 127.0.0.1 or localhost, for tests)"
        ))),
        other => Err(crate::Error::config(format!(
            "the {what} {url} has the scheme {other}:; only https:// is allowed"
        ))),
    }
}
