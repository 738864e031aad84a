//! Removing from a server's text what the SDK must never show: its own secrets, echoed back
//! (API key, access token, DPoP proof), any token, and personal numbers.

use std::borrow::Cow;

use helseid_auth::privacy::{mask_personal_numbers, redact_tokens};
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue};

/// The secret header values one try sent, kept to be taken out of whatever the server answers.
/// Cloning a header value shares its bytes, so keeping them costs no copy.
#[derive(Clone, Default)]
pub(crate) struct SentSecrets {
    values: [Option<HeaderValue>; 3],
}

/// The credential's headers of one try, as the pipeline added them.
#[derive(Default)]
pub(crate) struct CredentialHeaders {
    pub(crate) authorization: Option<HeaderValue>,
    pub(crate) dpop: Option<HeaderValue>,
}

impl SentSecrets {
    /// The API key and the credential's headers, as the pipeline added them (no lookups).
    pub(crate) fn new(api_key: Option<HeaderValue>, credential: CredentialHeaders) -> Self {
        SentSecrets {
            values: [api_key, credential.authorization, credential.dpop],
        }
    }

    /// The API key (under `api_key`'s name), `Authorization` and `DPoP` of a request.
    pub(crate) fn of(headers: &HeaderMap, api_key: Option<&HeaderName>) -> Self {
        SentSecrets {
            values: [
                api_key.and_then(|name| headers.get(name)).cloned(),
                headers.get(AUTHORIZATION).cloned(),
                headers.get("dpop").cloned(),
            ],
        }
    }

    /// `text` with the secrets replaced by `***`, then every token and personal number masked.
    pub(crate) fn scrub(&self, text: &str) -> String {
        let mut out = Cow::Borrowed(text);
        for value in self.values.iter().flatten() {
            let Ok(value) = value.to_str() else {
                continue;
            };
            // `Bearer <token>` / `DPoP <token>`: a server may echo the token alone.
            let bare = value.split_once(' ').map_or("", |(_, token)| token.trim());
            for secret in [value, bare] {
                if secret.len() >= 4 && out.contains(secret) {
                    out = Cow::Owned(out.replace(secret, "***"));
                }
            }
        }
        mask_personal_numbers(&redact_tokens(&out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echoed_secrets_are_removed() {
        let mut headers = HeaderMap::new();
        let key = HeaderName::from_static("ocp-apim-subscription-key");
        headers.insert(&key, HeaderValue::from_static("abonnement-123"));
        headers.insert(
            AUTHORIZATION,
            HeaderValue::from_static("Bearer opaque-token-9"),
        );
        let sent = SentSecrets::of(&headers, Some(&key));
        let text =
            "key abonnement-123, auth Bearer opaque-token-9 and opaque-token-9, fnr 05866310086";
        assert_eq!(
            sent.scrub(text),
            "key ***, auth *** and ***, fnr ***********"
        );
    }
}
