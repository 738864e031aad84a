//! Signing keys: private JWKs as HelseID Selvbetjening issues them, PEM files, freshly generated
//! keys; JWS signing with aws-lc-rs for every algorithm HelseID accepts (ES512 included).

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use aws_lc_rs::encoding::{AsBigEndian, AsDer};
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{self, EcdsaKeyPair, EcdsaSigningAlgorithm, KeyPair, RsaKeyPair};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::error::Error;
use crate::secret::SecretString;
use crate::util::{b64url, b64url_decode, sha256_b64url};

/// A JWS signature algorithm HelseID accepts for client assertions and DPoP proofs.
///
/// ```
/// use helseid_auth::Algorithm;
/// let alg: Algorithm = "PS256".parse()?;
/// assert!(alg.is_rsa());
/// assert_eq!(alg.to_string(), "PS256");
/// # Ok::<(), helseid_auth::Error>(())
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    RS256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    RS384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    RS512,
    /// RSASSA-PSS with SHA-256.
    PS256,
    /// RSASSA-PSS with SHA-384.
    PS384,
    /// RSASSA-PSS with SHA-512.
    PS512,
    /// ECDSA on P-256 with SHA-256.
    ES256,
    /// ECDSA on P-384 with SHA-384.
    ES384,
    /// ECDSA on P-521 with SHA-512.
    ES512,
}

impl Algorithm {
    /// Every supported algorithm.
    pub const ALL: [Algorithm; 9] = [
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::ES512,
    ];

    /// The JWA name, such as `"PS256"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Algorithm::RS256 => "RS256",
            Algorithm::RS384 => "RS384",
            Algorithm::RS512 => "RS512",
            Algorithm::PS256 => "PS256",
            Algorithm::PS384 => "PS384",
            Algorithm::PS512 => "PS512",
            Algorithm::ES256 => "ES256",
            Algorithm::ES384 => "ES384",
            Algorithm::ES512 => "ES512",
        }
    }

    /// `true` for the RSA algorithms (RS*, PS*).
    pub fn is_rsa(&self) -> bool {
        !self.is_ec()
    }

    /// `true` for the ECDSA algorithms (ES*).
    pub fn is_ec(&self) -> bool {
        matches!(self, Algorithm::ES256 | Algorithm::ES384 | Algorithm::ES512)
    }

    /// The JWK curve name an ES algorithm uses.
    fn curve(&self) -> Option<Curve> {
        match self {
            Algorithm::ES256 => Some(Curve::P256),
            Algorithm::ES384 => Some(Curve::P384),
            Algorithm::ES512 => Some(Curve::P521),
            _ => None,
        }
    }

    fn rsa_encoding(&self) -> &'static dyn signature::RsaEncoding {
        match self {
            Algorithm::RS256 => &signature::RSA_PKCS1_SHA256,
            Algorithm::RS384 => &signature::RSA_PKCS1_SHA384,
            Algorithm::RS512 => &signature::RSA_PKCS1_SHA512,
            Algorithm::PS256 => &signature::RSA_PSS_SHA256,
            Algorithm::PS384 => &signature::RSA_PSS_SHA384,
            _ => &signature::RSA_PSS_SHA512,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Algorithm {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Algorithm::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| {
                Error::key(format!(
                    "unsupported signing algorithm {:?}; HelseID accepts RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384 and ES512",
                    truncate_name(s)
                ))
            })
    }
}

fn truncate_name(s: &str) -> String {
    s.chars().take(20).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Curve {
    P256,
    P384,
    P521,
}

impl Curve {
    fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
        }
    }

    fn from_name(s: &str) -> Option<Curve> {
        [Curve::P256, Curve::P384, Curve::P521]
            .into_iter()
            .find(|c| c.name() == s)
    }

    /// Length of a coordinate / the private scalar in bytes.
    fn field_len(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }

    fn algorithm(self) -> Algorithm {
        match self {
            Curve::P256 => Algorithm::ES256,
            Curve::P384 => Algorithm::ES384,
            Curve::P521 => Algorithm::ES512,
        }
    }

    fn signing(self) -> &'static EcdsaSigningAlgorithm {
        match self {
            Curve::P256 => &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
            Curve::P384 => &signature::ECDSA_P384_SHA384_FIXED_SIGNING,
            Curve::P521 => &signature::ECDSA_P521_SHA512_FIXED_SIGNING,
        }
    }
}

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

    /// Reads a PEM private key: PKCS#1 (`RSA PRIVATE KEY`), PKCS#8 (`PRIVATE KEY`) or SEC1
    /// (`EC PRIVATE KEY`). Encrypted PEM is not supported.
    ///
    /// RSA keys need `algorithm`; EC keys take it from the curve when it is `None`. PEM has no key
    /// id: add one with [`SigningKey::with_kid`] if HelseID knows the key by one.
    ///
    /// ```
    /// use helseid_auth::{Algorithm, SigningKey};
    ///
    /// let original = SigningKey::generate(Algorithm::ES384)?;
    /// let pem = original.to_pkcs8_pem()?;
    /// let key = SigningKey::from_pem(pem.expose_secret(), None)?;
    /// assert_eq!(key.algorithm(), Algorithm::ES384);
    /// assert_eq!(key.thumbprint(), original.thumbprint());
    /// # Ok::<(), helseid_auth::Error>(())
    /// ```
    pub fn from_pem(pem: &str, algorithm: Option<Algorithm>) -> Result<Self, Error> {
        let (label, der) = pem_decode(pem)?;
        match label {
            PemLabel::Pkcs1 => {
                let pair = RsaKeyPair::from_der(&der)
                    .map_err(|e| Error::key(format!("the PKCS#1 RSA key was refused: {e}")))?;
                Self::from_rsa_pair(pair, rsa_algorithm(algorithm)?, None)
            }
            PemLabel::Pkcs8 => {
                if let Ok(pair) = RsaKeyPair::from_pkcs8(&der) {
                    return Self::from_rsa_pair(pair, rsa_algorithm(algorithm)?, None);
                }
                for curve in [Curve::P256, Curve::P384, Curve::P521] {
                    if let Ok(pair) = EcdsaKeyPair::from_pkcs8(curve.signing(), &der) {
                        return Self::from_ec_pair(
                            pair,
                            curve,
                            ec_algorithm(algorithm, curve)?,
                            None,
                        );
                    }
                }
                Err(Error::key(
                    "the PKCS#8 key is neither an RSA key (2048 to 8192 bits) nor an EC key on P-256, P-384 or P-521",
                ))
            }
            PemLabel::Sec1 => {
                for curve in [Curve::P256, Curve::P384, Curve::P521] {
                    if let Ok(pair) = EcdsaKeyPair::from_private_key_der(curve.signing(), &der) {
                        return Self::from_ec_pair(
                            pair,
                            curve,
                            ec_algorithm(algorithm, curve)?,
                            None,
                        );
                    }
                }
                Err(Error::key(
                    "the SEC1 EC key is not on P-256, P-384 or P-521, or is malformed",
                ))
            }
        }
    }

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

    /// Exports the private key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
    pub fn to_pkcs8_pem(&self) -> Result<SecretString, Error> {
        let der: Zeroizing<Vec<u8>> = match &*self.inner.pair {
            Pair::Rsa(pair) => pair.as_der().map(|d| Zeroizing::new(d.as_ref().to_vec())),
            Pair::Ec(pair, _) => pair
                .to_pkcs8v1()
                .map(|d| Zeroizing::new(d.as_ref().to_vec())),
        }
        .map_err(|_| Error::key("could not export the key as PKCS#8"))?;
        use base64::Engine as _;
        let b64 = Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(&*der));
        let mut pem = String::with_capacity(b64.len() + b64.len() / 64 + 64);
        pem.push_str("-----BEGIN PRIVATE KEY-----\n");
        for chunk in b64.as_bytes().chunks(64) {
            pem.push_str(std::str::from_utf8(chunk).unwrap_or_default());
            pem.push('\n');
        }
        pem.push_str("-----END PRIVATE KEY-----\n");
        Ok(SecretString::new(pem))
    }

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

fn rsa_algorithm(alg: Option<Algorithm>) -> Result<Algorithm, Error> {
    match alg {
        Some(a) if a.is_rsa() => Ok(a),
        Some(a) => Err(Error::key(format!("{a} cannot be used with an RSA key"))),
        None => Err(Error::key(
            "an RSA key needs an algorithm; give one of RS256, RS384, RS512, PS256, PS384 or PS512",
        )),
    }
}

fn ec_algorithm(alg: Option<Algorithm>, curve: Curve) -> Result<Algorithm, Error> {
    match alg {
        None => Ok(curve.algorithm()),
        Some(a) if a == curve.algorithm() => Ok(a),
        Some(a) => Err(Error::key(format!(
            "{a} cannot be used with a key on {}; that curve signs with {}",
            curve.name(),
            curve.algorithm()
        ))),
    }
}

enum PemLabel {
    Pkcs1,
    Pkcs8,
    Sec1,
}

fn pem_decode(pem: &str) -> Result<(PemLabel, Zeroizing<Vec<u8>>), Error> {
    const LABELS: [(&str, Option<PemLabel>); 5] = [
        ("RSA PRIVATE KEY", Some(PemLabel::Pkcs1)),
        ("EC PRIVATE KEY", Some(PemLabel::Sec1)),
        ("PRIVATE KEY", Some(PemLabel::Pkcs8)),
        ("ENCRYPTED PRIVATE KEY", None),
        ("PUBLIC KEY", None),
    ];
    let mut rest = pem;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start + 11..];
        let Some(end_label) = after.find("-----") else {
            break;
        };
        let label = &after[..end_label];
        let body_start = &after[end_label + 5..];
        let end_marker = format!("-----END {label}-----");
        let Some(body_end) = body_start.find(&end_marker) else {
            return Err(Error::key(format!(
                "the PEM block {} has no END line",
                shown_label(label)
            )));
        };
        let body = &body_start[..body_end];
        rest = &body_start[body_end + end_marker.len()..];
        let kind = LABELS.iter().find(|(l, _)| *l == label);
        match kind {
            Some((_, Some(_))) => {}
            Some(("ENCRYPTED PRIVATE KEY", None)) => {
                return Err(Error::key(
                    "encrypted PEM keys are not supported; decrypt the key first (for example with openssl pkcs8)",
                ));
            }
            Some((_, None)) => {
                return Err(Error::key(
                    "the PEM holds a public key; client authentication needs the private key",
                ));
            }
            None => continue, // "EC PARAMETERS" and the like
        }
        // Sized up front so no reallocation leaves copies of the key behind.
        let mut compact = Zeroizing::new(String::with_capacity(body.len()));
        compact.extend(body.chars().filter(|c| !c.is_whitespace()));
        use base64::Engine as _;
        let der = base64::engine::general_purpose::STANDARD
            .decode(compact.as_bytes())
            .map(Zeroizing::new)
            .map_err(|_| {
                Error::key(format!(
                    "the PEM block {} is not valid base64",
                    shown_label(label)
                ))
            })?;
        let label = match label {
            "RSA PRIVATE KEY" => PemLabel::Pkcs1,
            "EC PRIVATE KEY" => PemLabel::Sec1,
            _ => PemLabel::Pkcs8,
        };
        return Ok((label, der));
    }
    Err(Error::key(
        "no PEM private key found (expected BEGIN RSA PRIVATE KEY, BEGIN PRIVATE KEY or BEGIN EC PRIVATE KEY)",
    ))
}

/// A PEM label as an error may repeat it. A real label is a few capital letters; anything else is
/// a BEGIN line without its closing dashes, whose "label" runs on into the key itself.
fn shown_label(label: &str) -> String {
    if label.len() <= 40
        && label
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' ')
    {
        format!("{label:?}")
    } else {
        "with an unreadable BEGIN line".to_owned()
    }
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
