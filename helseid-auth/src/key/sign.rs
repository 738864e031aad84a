//! Signing compact JWS with a [`SigningKey`], and (for the mock servers) verifying one with a
//! public JWK.

use serde::Serialize;
use serde_json::Value;

use super::{Pair, SigningKey};
use crate::error::Error;
use crate::util::b64url;
#[cfg(feature = "mock")]
use {super::Algorithm, super::algorithm::Curve, crate::util::b64url_decode, aws_lc_rs::signature};

impl SigningKey {
    /// Signs a compact JWS (JWT) with this key. `header` must be a JSON object; `alg` is set to this
    /// key's algorithm when missing, `kid` to this key's id when missing. For tokens this crate does
    /// not build itself (a Helsenorge STS assertion, a request object, tests).
    ///
    /// ```
    /// use helseid_auth::{Algorithm, SigningKey};
    /// use serde_json::json;
    ///
    /// let key = SigningKey::generate(Algorithm::ES256)?;
    /// let jwt = key.sign_jwt(&json!({"typ": "JWT"}), &json!({"iss": "me"}))?;
    /// assert_eq!(jwt.split('.').count(), 3);
    /// # Ok::<(), helseid_auth::Error>(())
    /// ```
    pub fn sign_jwt(&self, header: &Value, claims: &impl Serialize) -> Result<String, Error> {
        let mut header = match header {
            Value::Object(m) => m.clone(),
            _ => return Err(Error::key("a JWS header must be a JSON object")),
        };
        header
            .entry("alg")
            .or_insert_with(|| Value::from(self.inner.alg.as_str()));
        if let Some(kid) = &self.inner.kid {
            header
                .entry("kid")
                .or_insert_with(|| Value::from(kid.as_str()));
        }
        let header = serde_json::to_vec(&header)
            .map_err(|_| Error::key("could not serialise the JWS header"))?;
        self.sign_compact(&b64url(header), claims)
    }

    /// `header_b64.claims_b64.signature_b64`.
    pub(crate) fn sign_compact(
        &self,
        header_b64: &str,
        claims: &impl Serialize,
    ) -> Result<String, Error> {
        let claims =
            serde_json::to_vec(claims).map_err(|_| Error::key("could not serialise JWT claims"))?;
        let mut jwt = String::with_capacity(header_b64.len() + claims.len() * 4 / 3 + 720);
        jwt.push_str(header_b64);
        jwt.push('.');
        jwt.push_str(&b64url(claims));
        let sig = self.sign(jwt.as_bytes())?;
        jwt.push('.');
        jwt.push_str(&b64url(sig));
        Ok(jwt)
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, Error> {
        let rng = aws_lc_rs::rand::SystemRandom::new();
        match &*self.inner.pair {
            Pair::Rsa(pair) => {
                let mut sig = vec![0u8; pair.public_modulus_len()];
                pair.sign(self.inner.alg.rsa_encoding(), &rng, message, &mut sig)
                    .map_err(|_| Error::key("RSA signing failed"))?;
                Ok(sig)
            }
            Pair::Ec(pair, _) => pair
                .sign(&rng, message)
                .map(|s| s.as_ref().to_vec())
                .map_err(|_| Error::key("ECDSA signing failed")),
        }
    }

    pub(crate) fn dpop_header_b64(&self) -> &str {
        &self.inner.dpop_header
    }

    pub(crate) fn assertion_header_b64(&self) -> &str {
        &self.inner.assertion_header
    }
}

/// Verifies a JWS signature with a public JWK (for the mock servers).
#[cfg(feature = "mock")]
pub(crate) fn verify_with_jwk(
    jwk: &Value,
    alg: Algorithm,
    signing_input: &[u8],
    signature: &[u8],
) -> bool {
    let get = |name: &str| {
        jwk.get(name)
            .and_then(Value::as_str)
            .and_then(b64url_decode)
    };
    match (jwk.get("kty").and_then(Value::as_str), alg) {
        (Some("RSA"), a) if a.is_rsa() => {
            let (Some(n), Some(e)) = (get("n"), get("e")) else {
                return false;
            };
            let params: &signature::RsaParameters = match a {
                Algorithm::RS256 => &signature::RSA_PKCS1_2048_8192_SHA256,
                Algorithm::RS384 => &signature::RSA_PKCS1_2048_8192_SHA384,
                Algorithm::RS512 => &signature::RSA_PKCS1_2048_8192_SHA512,
                Algorithm::PS256 => &signature::RSA_PSS_2048_8192_SHA256,
                Algorithm::PS384 => &signature::RSA_PSS_2048_8192_SHA384,
                _ => &signature::RSA_PSS_2048_8192_SHA512,
            };
            let strip = |v: &[u8]| -> Vec<u8> {
                let start = v.iter().position(|b| *b != 0).unwrap_or(v.len());
                v[start..].to_vec()
            };
            signature::RsaPublicKeyComponents {
                n: strip(&n),
                e: strip(&e),
            }
            .verify(params, signing_input, signature)
            .is_ok()
        }
        (Some("EC"), a) => {
            let Some(curve) = a.curve() else {
                return false;
            };
            if jwk.get("crv").and_then(Value::as_str) != Some(curve.name()) {
                return false;
            }
            let (Some(x), Some(y)) = (get("x"), get("y")) else {
                return false;
            };
            let len = curve.field_len();
            if x.len() != len || y.len() != len {
                return false;
            }
            let mut point = Vec::with_capacity(1 + 2 * len);
            point.push(0x04);
            point.extend_from_slice(&x);
            point.extend_from_slice(&y);
            let verification: &signature::EcdsaVerificationAlgorithm = match curve {
                Curve::P256 => &signature::ECDSA_P256_SHA256_FIXED,
                Curve::P384 => &signature::ECDSA_P384_SHA384_FIXED,
                Curve::P521 => &signature::ECDSA_P521_SHA512_FIXED,
            };
            signature::UnparsedPublicKey::new(verification, &point)
                .verify(signing_input, signature)
                .is_ok()
        }
        _ => false,
    }
}
