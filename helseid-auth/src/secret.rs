//! A string that must not leak.

use std::fmt;

use zeroize::Zeroizing;

/// Secret text (a private key export, a client assertion): zeroized on drop, redacted in `Debug`,
/// no `Display`, no `Serialize`. Read it with [`SecretString::expose_secret`].
///
/// ```
/// use helseid_auth::{Algorithm, SigningKey};
///
/// let key = SigningKey::generate(Algorithm::ES256)?;
/// let private_jwk = key.to_private_jwk_json()?;
/// assert_eq!(format!("{private_jwk:?}"), "SecretString(<redacted>)");
/// assert!(private_jwk.expose_secret().contains("\"d\""));
/// # Ok::<(), helseid_auth::Error>(())
/// ```
pub struct SecretString(Zeroizing<String>);

impl SecretString {
    pub(crate) fn new(s: String) -> Self {
        SecretString(Zeroizing::new(s))
    }

    /// The secret text. Do not log it.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretString(<redacted>)")
    }
}
