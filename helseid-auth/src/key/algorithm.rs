//! The JWS algorithms HelseID accepts ([`Algorithm`]), the EC curves they sign on, and which
//! algorithm a key of a given type may use.

use std::fmt;
use std::str::FromStr;

use aws_lc_rs::signature::{self, EcdsaSigningAlgorithm};

use crate::error::Error;

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
    pub(super) fn curve(&self) -> Option<Curve> {
        match self {
            Algorithm::ES256 => Some(Curve::P256),
            Algorithm::ES384 => Some(Curve::P384),
            Algorithm::ES512 => Some(Curve::P521),
            _ => None,
        }
    }

    pub(super) fn rsa_encoding(&self) -> &'static dyn signature::RsaEncoding {
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

pub(super) fn truncate_name(s: &str) -> String {
    s.chars().take(20).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Curve {
    P256,
    P384,
    P521,
}

impl Curve {
    pub(super) fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
        }
    }

    pub(super) fn from_name(s: &str) -> Option<Curve> {
        [Curve::P256, Curve::P384, Curve::P521]
            .into_iter()
            .find(|c| c.name() == s)
    }

    /// Length of a coordinate / the private scalar in bytes.
    pub(super) fn field_len(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }

    pub(super) fn algorithm(self) -> Algorithm {
        match self {
            Curve::P256 => Algorithm::ES256,
            Curve::P384 => Algorithm::ES384,
            Curve::P521 => Algorithm::ES512,
        }
    }

    pub(super) fn signing(self) -> &'static EcdsaSigningAlgorithm {
        match self {
            Curve::P256 => &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
            Curve::P384 => &signature::ECDSA_P384_SHA384_FIXED_SIGNING,
            Curve::P521 => &signature::ECDSA_P521_SHA512_FIXED_SIGNING,
        }
    }
}

pub(super) fn rsa_algorithm(alg: Option<Algorithm>) -> Result<Algorithm, Error> {
    match alg {
        Some(a) if a.is_rsa() => Ok(a),
        Some(a) => Err(Error::key(format!("{a} cannot be used with an RSA key"))),
        None => Err(Error::key(
            "an RSA key needs an algorithm; give one of RS256, RS384, RS512, PS256, PS384 or PS512",
        )),
    }
}

pub(super) fn ec_algorithm(alg: Option<Algorithm>, curve: Curve) -> Result<Algorithm, Error> {
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
