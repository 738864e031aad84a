//! Gets a HelseID access token and prints its claims — never the token itself.
//!
//! By default it runs against an embedded mock HelseID (no network, no secrets):
//!
//! ```sh
//! cargo run -p hint-examples --example helseid-token
//! ```
//!
//! Against HelseID's test environment, set all three of:
//!
//! - `HELSEID_CLIENT_ID`: the client id from HelseID Selvbetjening
//! - `HELSEID_JWK_FILE`: a file with the client's private JWK (JSON, as Selvbetjening hands it out)
//! - `HELSEID_SCOPES`: space-separated scopes, such as `nhn:test-public-samplecode/client-credentials`
//!
//! and optionally `HELSEID_RESOURCE` (a resource indicator), `HELSEID_ISSUER` (default
//! `https://helseid-sts.test.nhn.no`) and `HELSEID_TOKEN_TYPE` (`dpop`, the default, or `bearer`).
#![allow(clippy::print_stdout)]

use std::process::ExitCode;

use helseid_auth::mock::MockHelseId;
use helseid_auth::{AccessToken, Environment, HelseIdClient, SigningKey, TokenRequest, TokenType};
use hint_examples::settings;

const REQUIRED: [&str; 3] = ["HELSEID_CLIENT_ID", "HELSEID_JWK_FILE", "HELSEID_SCOPES"];

#[tokio::main]
async fn main() -> ExitCode {
    hint_examples::exit_status("helseid-token", run().await)
}

async fn run() -> Result<(), String> {
    settings::init_tracing().map_err(|e| e.to_string())?;
    let var = |name: &str| settings::optional(name).ok().flatten();
    let set: Vec<&str> = REQUIRED.into_iter().filter(|n| var(n).is_some()).collect();
    if set.is_empty() {
        return against_the_mock().await;
    }
    if set.len() < REQUIRED.len() {
        let missing: Vec<&str> = REQUIRED.into_iter().filter(|n| var(n).is_none()).collect();
        return Err(format!(
            "to use HelseID, set all of {}; missing: {} (unset them all to use the mock HelseID)",
            REQUIRED.join(", "),
            missing.join(", ")
        ));
    }
    let client_id = var("HELSEID_CLIENT_ID").unwrap_or_default();
    let jwk_file = var("HELSEID_JWK_FILE").unwrap_or_default();
    let scopes = var("HELSEID_SCOPES").unwrap_or_default();
    let jwk = std::fs::read_to_string(&jwk_file)
        .map_err(|e| format!("cannot read HELSEID_JWK_FILE {jwk_file}: {e}"))?;
    let key = SigningKey::from_jwk_json(&jwk).map_err(|e| format!("the JWK in {jwk_file}: {e}"))?;
    let token_type = match var("HELSEID_TOKEN_TYPE")
        .as_deref()
        .map(str::to_ascii_lowercase)
    {
        None => TokenType::DPoP,
        Some(t) if t == "dpop" => TokenType::DPoP,
        Some(t) if t == "bearer" => TokenType::Bearer,
        Some(t) => {
            return Err(format!(
                "HELSEID_TOKEN_TYPE must be dpop or bearer, not {t:?}"
            ));
        }
    };
    let mut builder = HelseIdClient::builder()
        .client_id(client_id)
        .signing_key(key)
        .token_type(token_type);
    builder = match var("HELSEID_ISSUER") {
        Some(issuer) => builder.issuer(
            url::Url::parse(&issuer).map_err(|e| format!("HELSEID_ISSUER {issuer:?}: {e}"))?,
        ),
        None => builder.environment(Environment::Test),
    };
    let client = builder.build().map_err(|e| e.to_string())?;
    let mut request = TokenRequest::new(scopes.split_whitespace());
    if let Some(resource) = var("HELSEID_RESOURCE") {
        request = request.with_resource(resource);
    }
    println!(
        "Asking {} for a token for {}",
        client.issuer(),
        request.scope()
    );
    let token = client
        .access_token(&request)
        .await
        .map_err(|e| e.to_string())?;
    show(&token);
    Ok(())
}

async fn against_the_mock() -> Result<(), String> {
    println!(
        "No HelseID settings ({}): using an embedded mock HelseID.",
        REQUIRED.join(", ")
    );
    let helseid = MockHelseId::start().await;
    let client = helseid.client("helseid-token-example").await;
    let request = TokenRequest::new(["nhn:example-api/read"]);
    println!(
        "Asking {} for a token for {}",
        client.issuer(),
        request.scope()
    );
    let token = client
        .access_token(&request)
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "The mock saw {} token requests (the first was answered use_dpop_nonce, as HelseID does).",
        helseid.token_requests()
    );
    show(&token);
    Ok(())
}

fn show(token: &AccessToken) {
    println!("token type:     {}", token.token_type());
    println!("expires at:     {}", token.expires_at().to_rfc3339());
    println!(
        "scope:          {}",
        token.scope().unwrap_or("(not stated)")
    );
    if let Some(rejected) = token.rejected_scope() {
        println!("rejected scope: {rejected}");
    }
    match token.unverified_claims() {
        Some(claims) => println!(
            "claims (not verified here):\n{}",
            serde_json::to_string_pretty(&claims).unwrap_or_default()
        ),
        None => println!("the access token is not a JWT; it has no claims to show"),
    }
}
