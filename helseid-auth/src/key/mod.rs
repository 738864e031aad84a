//! Signing keys: private JWKs as HelseID Selvbetjening issues them, PEM files, freshly generated
//! keys; JWS signing with aws-lc-rs for every algorithm HelseID accepts (ES512 included).
//!
//! The key itself ([`SigningKey`]) lives here; reading and writing it as a JWK is in `jwk`, as PEM
//! in `pem`, signing and verifying JWS in `sign`, and the algorithms in `algorithm`.

mod algorithm;
mod jwk;
mod pem;
mod sign;

use std::fmt;
use std::sync::Arc;

use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{EcdsaKeyPair, KeyPair, RsaKeyPair};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::Error;
use crate::util::{b64url, sha256_b64url};

pub use algorithm::Algorithm;
use algorithm::Curve;
pub use jwk::jwk_thumbprint;
#[cfg(feature = "mock")]
pub(crate) use sign::verify_with_jwk;

enum Pair {
    Rsa(RsaKeyPair),
    Ec(EcdsaKeyPair, Curve),
}

/// A private signing key for client assertions and DPoP proofs.
///
/// Load it from the private JWK HelseID Selvbetjening hands out ([`SigningKey::from_jwk_json`]), from
/// PEM ([`SigningKey::from_pem`]), or generate one ([`SigningKey::generate`]) for key rotation.
///
/// The private key lives inside aws-lc, which wipes (`OPENSSL_cleanse`) its memory when the key is
/// freed; the buffers this crate uses while importing or exporting a key are zeroized too. `Debug`
/// shows the algorithm, key id and thumbprint only. Cloning is cheap and shares the key.
///
/// ```
/// use helseid_auth::{Algorithm, SigningKey};
///
/// let key = SigningKey::generate(Algorithm::ES256)?;
/// let jwk = key.public_jwk();
/// assert_eq!(jwk["kty"], "EC");
/// assert!(jwk.get("d").is_none());
/// assert_eq!(key.kid(), Some(key.thumbprint()));
///
/// // Round trip through the private JWK, as Selvbetjening would hand it out.
/// let again = SigningKey::from_jwk_json(key.to_private_jwk_json()?.expose_secret())?;
/// assert_eq!(again.thumbprint(), key.thumbprint());
/// # Ok::<(), helseid_auth::Error>(())
/// ```
#[derive(Clone)]
pub struct SigningKey {
    inner: Arc<Inner>,
}

struct Inner {
    alg: Algorithm,
    kid: Option<String>,
    pair: Arc<Pair>,
    /// Public members only, RFC 7638 order (sorted keys): `{crv,kty,x,y}` / `{e,kty,n}`.
    jwk: Value,
    thumbprint: String,
    /// base64url of `{"typ":"dpop+jwt","alg":…,"jwk":…}`.
    dpop_header: String,
    /// base64url of `{"alg":…,"kid":…,"typ":"client-authentication+jwt"}`.
    assertion_header: String,
}

#[derive(Serialize)]
struct DpopHeader<'a> {
    typ: &'static str,
    alg: &'static str,
    jwk: &'a Value,
}

#[derive(Serialize)]
struct AssertionHeader<'a> {
    alg: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    kid: Option<&'a str>,
    typ: &'static str,
}

impl SigningKey {
    /// Generates a new key pair for `algorithm`: an EC key on the algorithm's curve, or a 3072-bit
    /// RSA key (use [`SigningKey::generate_rsa`] for another size). The key id is the key's RFC 7638
    /// thumbprint.
    pub fn generate(algorithm: Algorithm) -> Result<Self, Error> {
        match algorithm.curve() {
            Some(curve) => {
                let pair = EcdsaKeyPair::generate(curve.signing())
                    .map_err(|_| Error::key("could not generate an EC key"))?;
                let key = Self::from_ec_pair(pair, curve, algorithm, None)?;
                let kid = key.thumbprint().to_owned();
                Ok(key.with_kid(kid))
            }
            None => Self::generate_rsa(algorithm, 3072),
        }
    }

    /// Generates an RSA key of `bits` (2048, 3072 or 4096) for an RS* or PS* algorithm. NHN's own
    /// key-rotation code uses 4096-bit keys.
    pub fn generate_rsa(algorithm: Algorithm, bits: u32) -> Result<Self, Error> {
        if !algorithm.is_rsa() {
            return Err(Error::key(format!(
                "{algorithm} is not an RSA algorithm; use SigningKey::generate"
            )));
        }
        let size = match bits {
            2048 => KeySize::Rsa2048,
            3072 => KeySize::Rsa3072,
            4096 => KeySize::Rsa4096,
            other => {
                return Err(Error::key(format!(
                    "RSA keys of {other} bits are not supported; use 2048, 3072 or 4096"
                )));
            }
        };
        let pair =
            RsaKeyPair::generate(size).map_err(|_| Error::key("could not generate an RSA key"))?;
        let key = Self::from_rsa_pair(pair, algorithm, None)?;
        let kid = key.thumbprint().to_owned();
        Ok(key.with_kid(kid))
    }

    /// The same key with key id `kid` (sent as the `kid` header of client assertions).
    pub fn with_kid(self, kid: impl Into<String>) -> Self {
        let kid = kid.into();
        let inner = &self.inner;
        Self::assemble(
            inner.alg,
            Some(kid).filter(|k| !k.is_empty()),
            inner.pair.clone(),
            inner.jwk.clone(),
        )
    }

    /// The signing algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.inner.alg
    }

    /// The key id, if the key has one.
    pub fn kid(&self) -> Option<&str> {
        self.inner.kid.as_deref()
    }

    /// The RFC 7638 JWK SHA-256 thumbprint (base64url), the value a DPoP-bound token's `cnf.jkt`
    /// carries.
    pub fn thumbprint(&self) -> &str {
        &self.inner.thumbprint
    }

    fn from_rsa_pair(pair: RsaKeyPair, alg: Algorithm, kid: Option<String>) -> Result<Self, Error> {
        let (n, e) = crate::der::rsa_public_parts(pair.public_key().as_ref())
            .ok_or_else(|| Error::key("could not read the RSA public key"))?;
        let mut jwk = Map::new();
        jwk.insert("e".into(), Value::from(b64url(e)));
        jwk.insert("kty".into(), Value::from("RSA"));
        jwk.insert("n".into(), Value::from(b64url(n)));
        Ok(Self::assemble(
            alg,
            kid,
            Arc::new(Pair::Rsa(pair)),
            Value::Object(jwk),
        ))
    }

    fn from_ec_pair(
        pair: EcdsaKeyPair,
        curve: Curve,
        alg: Algorithm,
        kid: Option<String>,
    ) -> Result<Self, Error> {
        let point = pair.public_key().as_ref();
        let len = curve.field_len();
        if point.len() != 1 + 2 * len || point[0] != 0x04 {
            return Err(Error::key("could not read the EC public key"));
        }
        let mut jwk = Map::new();
        jwk.insert("crv".into(), Value::from(curve.name()));
        jwk.insert("kty".into(), Value::from("EC"));
        jwk.insert("x".into(), Value::from(b64url(&point[1..=len])));
        jwk.insert("y".into(), Value::from(b64url(&point[1 + len..])));
        Ok(Self::assemble(
            alg,
            kid,
            Arc::new(Pair::Ec(pair, curve)),
            Value::Object(jwk),
        ))
    }

    fn assemble(alg: Algorithm, kid: Option<String>, pair: Arc<Pair>, jwk: Value) -> Self {
        // serde_json's default map is sorted, so this is the RFC 7638 canonical form.
        let canonical = serde_json::to_vec(&jwk).unwrap_or_default();
        let thumbprint = sha256_b64url(canonical);
        let dpop_header = b64url(
            serde_json::to_vec(&DpopHeader {
                typ: "dpop+jwt",
                alg: alg.as_str(),
                jwk: &jwk,
            })
            .unwrap_or_default(),
        );
        let assertion_header = b64url(
            serde_json::to_vec(&AssertionHeader {
                alg: alg.as_str(),
                kid: kid.as_deref(),
                typ: "client-authentication+jwt",
            })
            .unwrap_or_default(),
        );
        SigningKey {
            inner: Arc::new(Inner {
                alg,
                kid,
                pair,
                jwk,
                thumbprint,
                dpop_header,
                assertion_header,
            }),
        }
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("algorithm", &self.inner.alg)
            .field("kid", &self.inner.kid)
            .field("thumbprint", &self.inner.thumbprint)
            .finish_non_exhaustive()
    }
}
