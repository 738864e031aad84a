//! Compact JWS parsing and verification for the mock servers.

use std::str::FromStr;

use serde_json::Value;

use crate::key::{Algorithm, verify_with_jwk};
use crate::util::b64url_decode;

pub(crate) struct Jws {
    pub(crate) header: Value,
    pub(crate) claims: Value,
    pub(crate) alg: Algorithm,
    signing_input: String,
    signature: Vec<u8>,
}

impl Jws {
    pub(crate) fn parse(token: &str) -> Result<Jws, String> {
        let mut parts = token.split('.');
        let (Some(h), Some(c), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err("not a compact JWS (three base64url parts)".into());
        };
        let decode_json = |part: &str, what: &str| -> Result<Value, String> {
            let bytes =
                b64url_decode(part).ok_or_else(|| format!("the {what} is not base64url"))?;
            let v: Value =
                serde_json::from_slice(&bytes).map_err(|_| format!("the {what} is not JSON"))?;
            if v.is_object() {
                Ok(v)
            } else {
                Err(format!("the {what} is not a JSON object"))
            }
        };
        let header = decode_json(h, "JWS header")?;
        let claims = decode_json(c, "JWT claims set")?;
        let alg_name = header
            .get("alg")
            .and_then(Value::as_str)
            .ok_or("the JWS header has no alg")?;
        let alg = Algorithm::from_str(alg_name)
            .map_err(|_| format!("the algorithm {alg_name:?} is not allowed"))?;
        let signature = b64url_decode(s).ok_or("the signature is not base64url")?;
        Ok(Jws {
            header,
            claims,
            alg,
            signing_input: format!("{h}.{c}"),
            signature,
        })
    }

    pub(crate) fn verify(&self, jwk: &Value) -> bool {
        verify_with_jwk(
            jwk,
            self.alg,
            self.signing_input.as_bytes(),
            &self.signature,
        )
    }

    pub(crate) fn header_str(&self, name: &str) -> Option<&str> {
        self.header.get(name).and_then(Value::as_str)
    }

    pub(crate) fn claim_str(&self, name: &str) -> Option<&str> {
        self.claims.get(name).and_then(Value::as_str)
    }

    pub(crate) fn claim_i64(&self, name: &str) -> Option<i64> {
        self.claims.get(name).and_then(Value::as_i64)
    }
}

/// `true` when a JWK carries private members.
pub(crate) fn has_private_members(jwk: &Value) -> bool {
    ["d", "p", "q", "dp", "dq", "qi", "oth", "k"]
        .iter()
        .any(|m| jwk.get(*m).is_some())
}
