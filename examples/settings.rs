//! Reading the examples' settings from environment variables, the same way in every example.
//!
//! Unset or empty means "not configured"; the examples then run against their embedded mocks.
//! A setting that is needed but missing, or that breaks its rule, is a [`SettingError`] that
//! names the variable and the rule — never a panic.
//!
//! The HelseID settings are shared by every example that talks to a real environment:
//!
//! | variable | meaning |
//! |---|---|
//! | `HELSEID_CLIENT_ID` | the client id from HelseID Selvbetjening |
//! | `HELSEID_JWK_FILE` | a file with the client's private key as a JWK |
//! | `HELSEID_ENVIRONMENT` | `test` (the default) or `production` |
//! | `HELSEID_TOKEN_TYPE` | `dpop` or `bearer` (each example has its own default) |
//!
//! and the HINT services (Arkiv, Økonomi, Budsjett) share these:
//!
//! | variable | meaning |
//! |---|---|
//! | `HINT_ENVIRONMENT` | `test` or `production`: the switch away from the mocks |
//! | `HINT_API_KEY` | the API gateway subscription key |
//! | `HINT_ARKIV_BASE_URL`, `HINT_OKONOMI_BASE_URL`, `HINT_BUDSJETT_BASE_URL` | optional: where the gateway's paths differ from the crates' defaults |

use std::fmt;

use hint_core::helseid_auth::{self, HelseIdClient, SigningKey, TokenType};
use hint_core::{ClientBuilder, Service};

/// The variable that switches the HINT examples from their mocks to a real environment.
pub const HINT_ENVIRONMENT: &str = "HINT_ENVIRONMENT";

/// A setting that is missing or does not follow its rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingError {
    /// A variable that is needed is not set (or is empty).
    Missing {
        /// The environment variable.
        name: String,
        /// What needs it, such as "with HINT_ENVIRONMENT".
        needed_for: String,
    },
    /// A variable is set but its value breaks the rule.
    Invalid {
        /// The environment variable.
        name: String,
        /// What a valid value looks like.
        rule: String,
    },
}

impl fmt::Display for SettingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing { name, needed_for } => {
                write!(f, "{name} is not set; it is needed {needed_for}")
            }
            Self::Invalid { name, rule } => write!(f, "{name}: {rule}"),
        }
    }
}

impl std::error::Error for SettingError {}

/// Reads a variable: unset or blank is `None`; the value is trimmed.
pub fn optional(name: &str) -> Result<Option<String>, SettingError> {
    match std::env::var(name) {
        Ok(value) if value.trim().is_empty() => Ok(None),
        Ok(value) => Ok(Some(value.trim().to_owned())),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(invalid(name, "must be valid UTF-8")),
    }
}

/// Reads a variable that `needed_for` cannot do without.
pub fn required(name: &str, needed_for: &str) -> Result<String, SettingError> {
    optional(name)?.ok_or_else(|| SettingError::Missing {
        name: name.to_owned(),
        needed_for: needed_for.to_owned(),
    })
}

/// Reads an optional variable and maps its lower-cased value through `choices`.
///
/// ```
/// # use hint_examples::settings::choice;
/// let yes: Option<bool> = choice("EXAMPLE_UNSET_SWITCH", &[("yes", true), ("no", false)])?;
/// assert_eq!(yes, None);
/// # Ok::<(), hint_examples::settings::SettingError>(())
/// ```
pub fn choice<T: Clone>(name: &str, choices: &[(&str, T)]) -> Result<Option<T>, SettingError> {
    let Some(value) = optional(name)? else {
        return Ok(None);
    };
    let lower = value.to_lowercase();
    match choices.iter().find(|(text, _)| *text == lower) {
        Some((_, chosen)) => Ok(Some(chosen.clone())),
        None => {
            let allowed: Vec<&str> = choices.iter().map(|(text, _)| *text).collect();
            Err(invalid(
                name,
                &format!("must be one of {}, not `{value}`", allowed.join(", ")),
            ))
        }
    }
}

/// A setting error for `name` with the rule it broke.
pub fn invalid(name: &str, rule: &str) -> SettingError {
    SettingError::Invalid {
        name: name.to_owned(),
        rule: rule.to_owned(),
    }
}

/// Which of a service's environments: `test` or `production`, from the variable `name`.
pub fn environment(name: &str) -> Result<Option<hint_core::Environment>, SettingError> {
    use hint_core::Environment::{Production, Test};
    choice(
        name,
        &[
            ("test", Test),
            ("qa", Test),
            ("production", Production),
            ("prod", Production),
        ],
    )
}

/// A HelseID client from `HELSEID_CLIENT_ID`, `HELSEID_JWK_FILE`, `HELSEID_ENVIRONMENT` and
/// `HELSEID_TOKEN_TYPE` (default `default_token_type`); `needed_for` names what needs it in the
/// error when a variable is missing.
pub fn helseid_client(
    needed_for: &str,
    default_token_type: TokenType,
) -> Result<HelseIdClient, Box<dyn std::error::Error>> {
    let client_id = required("HELSEID_CLIENT_ID", needed_for)?;
    let jwk_file = required("HELSEID_JWK_FILE", needed_for)?;
    let jwk = std::fs::read_to_string(&jwk_file)
        .map_err(|e| invalid("HELSEID_JWK_FILE", &format!("cannot read {jwk_file}: {e}")))?;
    let key = SigningKey::from_jwk_json(&jwk)
        .map_err(|e| invalid("HELSEID_JWK_FILE", &format!("not a private JWK: {e}")))?;
    let environment = choice(
        "HELSEID_ENVIRONMENT",
        &[
            ("test", helseid_auth::Environment::Test),
            ("production", helseid_auth::Environment::Production),
            ("prod", helseid_auth::Environment::Production),
        ],
    )?
    .unwrap_or(helseid_auth::Environment::Test);
    let token_type = choice(
        "HELSEID_TOKEN_TYPE",
        &[("dpop", TokenType::DPoP), ("bearer", TokenType::Bearer)],
    )?
    .unwrap_or(default_token_type);
    Ok(HelseIdClient::builder()
        .environment(environment)
        .client_id(client_id)
        .signing_key(key)
        .token_type(token_type)
        .build()?)
}

/// A client for a HINT service (Arkiv, Økonomi, Budsjett) in `environment`, with
/// `HINT_API_KEY`, the shared HelseID client and the base URL in `base_url_variable` when it is
/// set.
pub fn hint_client<S: Service>(
    environment: &hint_core::Environment,
    helseid: &HelseIdClient,
    base_url_variable: &str,
) -> Result<S, Box<dyn std::error::Error>> {
    let builder = ClientBuilder::new()
        .environment(environment.clone())
        .api_key(required("HINT_API_KEY", NEEDED_FOR_HINT)?)
        .helseid(helseid.clone());
    Ok(with_base_url(builder, base_url_variable)?.build()?)
}

/// What the HINT settings are needed for, in the error that names a missing one.
pub const NEEDED_FOR_HINT: &str = "with HINT_ENVIRONMENT (see the example's header)";

/// Applies the base URL in `variable` to `builder` when it is set.
pub fn with_base_url<S: Service>(
    builder: ClientBuilder<S>,
    variable: &str,
) -> Result<ClientBuilder<S>, SettingError> {
    Ok(match optional(variable)? {
        Some(url) => builder.base_url(
            url.parse()
                .map_err(|e| invalid(variable, &format!("is not a URL: {e}")))?,
        ),
        None => builder,
    })
}

/// Turns on the SDK's tracing output (to stderr) when `RUST_LOG` is a level: `trace`, `debug`,
/// `info`, `warn` or `error`. Tokens, keys and fødselsnumre never appear in it.
pub fn init_tracing() -> Result<(), SettingError> {
    let Some(level) = optional("RUST_LOG")? else {
        return Ok(());
    };
    let filter: tracing_subscriber::filter::LevelFilter = level
        .parse()
        .map_err(|_| invalid("RUST_LOG", "must be trace, debug, info, warn, error or off"))?;
    // A second subscriber (a test harness's) is not an error for an example.
    let _ = tracing_subscriber::fmt()
        .with_max_level(filter)
        .with_writer(std::io::stderr)
        .try_init();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_variable_and_the_rule() {
        let missing = required("HINT_EXAMPLES_SURELY_UNSET", "with HINT_ENVIRONMENT").unwrap_err();
        assert_eq!(
            missing.to_string(),
            "HINT_EXAMPLES_SURELY_UNSET is not set; it is needed with HINT_ENVIRONMENT"
        );
        let bad = invalid(
            "HINT_ENVIRONMENT",
            "must be one of test, production, not `x`",
        );
        assert_eq!(
            bad.to_string(),
            "HINT_ENVIRONMENT: must be one of test, production, not `x`"
        );
    }
}
