//! Keys as PEM: reading PKCS#1, PKCS#8 and SEC1 private keys, and exporting PKCS#8.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::signature::{EcdsaKeyPair, RsaKeyPair};
use zeroize::Zeroizing;

use super::algorithm::{Curve, ec_algorithm, rsa_algorithm};
use super::{Algorithm, Pair, SigningKey};
use crate::error::Error;
use crate::secret::SecretString;

impl SigningKey {
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
