//! Keys as JSON Web Keys: reading the private JWK HelseID Selvbetjening issues, exporting the
//! private and public JWK, and the RFC 7638 thumbprint ([`jwk_thumbprint`]).

use std::str::FromStr;

use aws_lc_rs::encoding::{AsBigEndian, AsDer};
use aws_lc_rs::signature::{EcdsaKeyPair, RsaKeyPair};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::algorithm::{Curve, ec_algorithm, truncate_name};
use super::{Algorithm, Pair, SigningKey};
use crate::error::Error;
use crate::secret::SecretString;
use crate::util::{b64url, b64url_decode, sha256_b64url};

/// The private JWK members we read. Zeroized on drop (by hand rather than with zeroize's derive,
/// which would pull a second syn into every build).
#[derive(Deserialize)]
struct JwkIn {
    kty: Option<String>,
    alg: Option<String>,
    kid: Option<String>,
    #[serde(rename = "use")]
    use_: Option<String>,
    crv: Option<String>,
    x: Option<String>,
    y: Option<String>,
    d: Option<String>,
    n: Option<String>,
    e: Option<String>,
    p: Option<String>,
    q: Option<String>,
    dp: Option<String>,
    dq: Option<String>,
    qi: Option<String>,
    oth: Option<serde::de::IgnoredAny>,
}

impl Drop for JwkIn {
    fn drop(&mut self) {
        // Every field is named, so a new member does not compile until it is zeroized here.
        let JwkIn {
            kty,
            alg,
            kid,
            use_,
            crv,
            x,
            y,
            d,
            n,
            e,
            p,
            q,
            dp,
            dq,
            qi,
            oth: _,
        } = self;
        for member in [kty, alg, kid, use_, crv, x, y, d, n, e, p, q, dp, dq, qi] {
            member.zeroize();
        }
    }
}

impl ZeroizeOnDrop for JwkIn {}

#[derive(Serialize)]
struct PrivateRsaJwkOut<'a> {
    kty: &'static str,
    alg: &'static str,
    #[serde(rename = "use")]
    use_: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    kid: Option<&'a str>,
    n: &'a str,
    e: &'a str,
    d: &'a str,
    p: &'a str,
    q: &'a str,
    dp: &'a str,
    dq: &'a str,
    qi: &'a str,
}

#[derive(Serialize)]
struct PrivateEcJwkOut<'a> {
    kty: &'static str,
    alg: &'static str,
    #[serde(rename = "use")]
    use_: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    kid: Option<&'a str>,
    crv: &'static str,
    x: &'a str,
    y: &'a str,
    d: &'a str,
}

impl SigningKey {
    /// Reads a private JWK (RSA or EC) as HelseID Selvbetjening issues it: a JSON object, or that
    /// object wrapped in a JSON string (as HelseID APIs and some vaults return it).
    ///
    /// The algorithm comes from the JWK's `alg`. An RSA JWK without `alg` is refused (RS* or PS*
    /// with which hash is a real choice; use [`SigningKey::from_jwk_json_with_algorithm`]); an EC JWK
    /// without `alg` takes the one algorithm its curve allows (P-256 → ES256, P-384 → ES384, P-521 →
    /// ES512, RFC 7518 §3.4). `kid` is optional; without it assertions carry no `kid` header.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let json = std::fs::read_to_string("helseid-client-key.json")?;
    /// let key = helseid_auth::SigningKey::from_jwk_json(&json)?;
    /// println!("{} key {:?}", key.algorithm(), key.kid());
    /// # Ok(()) }
    /// ```
    pub fn from_jwk_json(json: &str) -> Result<Self, Error> {
        Self::jwk_with(json, None)
    }

    /// Like [`SigningKey::from_jwk_json`], with the algorithm given. If the JWK names another `alg`,
    /// that is an error.
    pub fn from_jwk_json_with_algorithm(json: &str, algorithm: Algorithm) -> Result<Self, Error> {
        Self::jwk_with(json, Some(algorithm))
    }

    fn jwk_with(json: &str, explicit: Option<Algorithm>) -> Result<Self, Error> {
        let trimmed = json.trim();
        let jwk: JwkIn = if trimmed.starts_with('"') {
            let inner: Zeroizing<String> =
                Zeroizing::new(serde_json::from_str(trimmed).map_err(|e| {
                    Error::key(format!(
                        "the JWK is a JSON string but not valid JSON text: {}",
                        json_error_position(&e)
                    ))
                })?);
            parse_jwk_object(inner.trim())?
        } else {
            parse_jwk_object(trimmed)?
        };
        from_jwk(&jwk, explicit)
    }

    /// The public JWK to register with HelseID (Selvbetjening): `kty`, the public key members, `alg`,
    /// `use: "sig"` and `kid` when there is one. Never any private member.
    pub fn public_jwk(&self) -> Value {
        let mut out = match &self.inner.jwk {
            Value::Object(m) => m.clone(),
            _ => Map::new(),
        };
        out.insert("alg".into(), Value::from(self.inner.alg.as_str()));
        out.insert("use".into(), Value::from("sig"));
        if let Some(kid) = &self.inner.kid {
            out.insert("kid".into(), Value::from(kid.as_str()));
        }
        Value::Object(out)
    }

    /// Exports the private key as a JWK (JSON text) with `alg`, `use` and `kid`, the format
    /// [`SigningKey::from_jwk_json`] reads back. Store it as a secret.
    pub fn to_private_jwk_json(&self) -> Result<SecretString, Error> {
        let kid = self.inner.kid.as_deref();
        let alg = self.inner.alg.as_str();
        let mut out = Vec::with_capacity(8192);
        let written = match &*self.inner.pair {
            Pair::Rsa(pair) => {
                let pkcs8 = pair
                    .as_der()
                    .map_err(|_| Error::key("could not export the RSA key"))?;
                let parts = crate::der::rsa_private_parts_from_pkcs8(pkcs8.as_ref())
                    .map(|p| p.map(Zeroizing::new))
                    .ok_or_else(|| Error::key("could not read the exported RSA key"))?;
                let enc: Vec<Zeroizing<String>> =
                    parts.iter().map(|p| Zeroizing::new(b64url(&**p))).collect();
                serde_json::to_writer(
                    &mut out,
                    &PrivateRsaJwkOut {
                        kty: "RSA",
                        alg,
                        use_: "sig",
                        kid,
                        n: &enc[0],
                        e: &enc[1],
                        d: &enc[2],
                        p: &enc[3],
                        q: &enc[4],
                        dp: &enc[5],
                        dq: &enc[6],
                        qi: &enc[7],
                    },
                )
            }
            Pair::Ec(pair, curve) => {
                let d = pair
                    .private_key()
                    .as_be_bytes()
                    .map_err(|_| Error::key("could not export the EC key"))?;
                let d = Zeroizing::new(b64url(d.as_ref()));
                let jwk = &self.inner.jwk;
                serde_json::to_writer(
                    &mut out,
                    &PrivateEcJwkOut {
                        kty: "EC",
                        alg,
                        use_: "sig",
                        kid,
                        crv: curve.name(),
                        x: jwk["x"].as_str().unwrap_or_default(),
                        y: jwk["y"].as_str().unwrap_or_default(),
                        d: &d,
                    },
                )
            }
        };
        if written.is_err() {
            out.zeroize();
            return Err(Error::key("could not write the private JWK"));
        }
        String::from_utf8(out).map(SecretString::new).map_err(|e| {
            let mut bytes = e.into_bytes();
            bytes.zeroize();
            Error::key("could not write the private JWK")
        })
    }
}

fn json_error_position(e: &serde_json::Error) -> String {
    // Never the input text: only where it went wrong.
    format!("line {}, column {}", e.line(), e.column())
}

fn parse_jwk_object(json: &str) -> Result<JwkIn, Error> {
    if !json.starts_with('{') {
        return Err(Error::key(
            "the JWK must be a JSON object, or a JSON string holding one",
        ));
    }
    serde_json::from_str(json).map_err(|e| {
        Error::key(format!(
            "the JWK is not valid JSON with string members: {}",
            json_error_position(&e)
        ))
    })
}

fn required<'a>(value: &'a Option<String>, kty: &str, member: &str) -> Result<&'a str, Error> {
    value.as_deref().ok_or_else(|| {
        Error::key(format!(
            "the {kty} JWK has no \"{member}\" member{}",
            if member == "d" {
                "; it is a public key, and client authentication needs the private key"
            } else {
                ""
            }
        ))
    })
}

fn decode_member(value: &str, member: &str) -> Result<Zeroizing<Vec<u8>>, Error> {
    b64url_decode(value)
        .map(Zeroizing::new)
        .ok_or_else(|| Error::key(format!("the JWK member \"{member}\" is not base64url")))
}

fn from_jwk(jwk: &JwkIn, explicit: Option<Algorithm>) -> Result<SigningKey, Error> {
    if let Some(u) = jwk.use_.as_deref()
        && u != "sig"
    {
        return Err(Error::key(format!(
            "the JWK is for use {:?}, not \"sig\"",
            truncate_name(u)
        )));
    }
    let jwk_alg = jwk.alg.as_deref().map(Algorithm::from_str).transpose()?;
    if let (Some(a), Some(b)) = (jwk_alg, explicit)
        && a != b
    {
        return Err(Error::key(format!(
            "the JWK says \"alg\": \"{a}\" but {b} was requested"
        )));
    }
    let alg = explicit.or(jwk_alg);
    let kid = jwk.kid.clone().filter(|k| !k.is_empty());
    match jwk.kty.as_deref() {
        Some("RSA") => {
            let alg = alg.ok_or_else(|| {
                Error::key(
                    "the RSA JWK has no \"alg\"; give the algorithm explicitly (RS256, RS384, RS512, PS256, PS384 or PS512)",
                )
            })?;
            if !alg.is_rsa() {
                return Err(Error::key(format!("{alg} cannot be used with an RSA key")));
            }
            if jwk.oth.is_some() {
                return Err(Error::key(
                    "multi-prime RSA keys (\"oth\") are not supported",
                ));
            }
            let names = ["n", "e", "d", "p", "q", "dp", "dq", "qi"];
            let values = [
                &jwk.n, &jwk.e, &jwk.d, &jwk.p, &jwk.q, &jwk.dp, &jwk.dq, &jwk.qi,
            ];
            let mut parts: Vec<Zeroizing<Vec<u8>>> = Vec::with_capacity(8);
            for (name, value) in names.iter().zip(values) {
                parts.push(decode_member(required(value, "RSA", name)?, name)?);
            }
            let der = crate::der::rsa_private_key([
                &parts[0], &parts[1], &parts[2], &parts[3], &parts[4], &parts[5], &parts[6],
                &parts[7],
            ]);
            let pair = RsaKeyPair::from_der(&der).map_err(|e| {
                Error::key(format!(
                    "the RSA JWK was refused ({e}); keys must be 2048 to 8192 bits with consistent CRT members"
                ))
            })?;
            SigningKey::from_rsa_pair(pair, alg, kid)
        }
        Some("EC") => {
            let crv = required(&jwk.crv, "EC", "crv")?;
            let curve = Curve::from_name(crv).ok_or_else(|| {
                Error::key(format!(
                    "the EC curve {:?} is not supported; use P-256, P-384 or P-521",
                    truncate_name(crv)
                ))
            })?;
            let alg = ec_algorithm(alg, curve)?;
            let len = curve.field_len();
            let d = left_pad(decode_member(required(&jwk.d, "EC", "d")?, "d")?, len)?;
            let x = left_pad(decode_member(required(&jwk.x, "EC", "x")?, "x")?, len)?;
            let y = left_pad(decode_member(required(&jwk.y, "EC", "y")?, "y")?, len)?;
            let mut point = Vec::with_capacity(1 + 2 * len);
            point.push(0x04);
            point.extend_from_slice(&x);
            point.extend_from_slice(&y);
            let pair = EcdsaKeyPair::from_private_key_and_public_key(curve.signing(), &d, &point)
                .map_err(|e| Error::key(format!("the EC JWK was refused: {e}")))?;
            SigningKey::from_ec_pair(pair, curve, alg, kid)
        }
        Some(other) => Err(Error::key(format!(
            "the JWK key type {:?} is not supported; HelseID keys are \"RSA\" or \"EC\"",
            truncate_name(other)
        ))),
        None => Err(Error::key("the JWK has no \"kty\" member")),
    }
}

fn left_pad(bytes: Zeroizing<Vec<u8>>, len: usize) -> Result<Zeroizing<Vec<u8>>, Error> {
    if bytes.len() == len {
        return Ok(bytes);
    }
    if bytes.len() > len {
        return Err(Error::key(
            "an EC JWK member is longer than the curve allows",
        ));
    }
    let mut out = Zeroizing::new(vec![0u8; len]);
    out[len - bytes.len()..].copy_from_slice(&bytes);
    Ok(out)
}

/// The RFC 7638 SHA-256 thumbprint of a public (or private) RSA or EC JWK, base64url.
///
/// ```
/// use serde_json::json;
///
/// // RFC 7638 §3.1.
/// let jwk = json!({
///     "kty": "RSA",
///     "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
///     "e": "AQAB",
///     "alg": "RS256",
///     "kid": "2011-04-29"
/// });
/// assert_eq!(
///     helseid_auth::jwk_thumbprint(&jwk)?,
///     "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
/// );
/// # Ok::<(), helseid_auth::Error>(())
/// ```
pub fn jwk_thumbprint(jwk: &Value) -> Result<String, Error> {
    Ok(sha256_b64url(canonical_public_jwk(jwk)?))
}

/// The RFC 7638 canonical JSON of a JWK's required public members.
fn canonical_public_jwk(jwk: &Value) -> Result<Vec<u8>, Error> {
    let member = |name: &str| -> Result<&str, Error> {
        jwk.get(name)
            .and_then(Value::as_str)
            .ok_or_else(|| Error::key(format!("the JWK has no string member \"{name}\"")))
    };
    let mut m = Map::new();
    match member("kty")? {
        "RSA" => {
            for name in ["e", "kty", "n"] {
                m.insert(name.into(), Value::from(member(name)?));
            }
        }
        "EC" => {
            for name in ["crv", "kty", "x", "y"] {
                m.insert(name.into(), Value::from(member(name)?));
            }
        }
        other => {
            return Err(Error::key(format!(
                "the JWK key type {:?} is not supported; HelseID keys are \"RSA\" or \"EC\"",
                truncate_name(other)
            )));
        }
    }
    serde_json::to_vec(&m).map_err(|_| Error::key("could not serialise the JWK"))
}
