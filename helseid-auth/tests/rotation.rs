//! Key rotation through the Selvbetjening client-secret API (against the mock Selvbetjening).

use helseid_auth::mock::{MockHelseId, MockSelvbetjening};
use std::time::Duration;

use helseid_auth::{Algorithm, ErrorKind, Selvbetjening, SigningKey, TokenRequest, TokenType};
use serde_json::Value;

async fn setup() -> (
    MockHelseId,
    MockSelvbetjening,
    helseid_auth::HelseIdClient,
    Selvbetjening,
) {
    let helseid = MockHelseId::start().await;
    let selvbetjening = MockSelvbetjening::start(&helseid).await;
    let client = helseid.client("rotating-client").await;
    let api = Selvbetjening::new(client.clone(), selvbetjening.base_url()).unwrap();
    (helseid, selvbetjening, client, api)
}

#[tokio::test]
async fn rotate_key_generates_registers_and_hands_back_the_key() {
    let (helseid, selvbetjening, client, api) = setup().await;

    let before = api.client_secrets().await.unwrap();
    assert_eq!(before.len(), 1);
    assert_eq!(
        before[0].jwk_thumbprint.as_deref(),
        Some(client.signing_key().thumbprint())
    );
    assert_eq!(before[0].origin.as_deref(), Some("Gui"));

    let rotated = api.rotate_key(Algorithm::ES384).await.unwrap();
    let new_key = rotated.signing_key().clone();
    assert_eq!(new_key.algorithm(), Algorithm::ES384);
    let days = (rotated.expiration() - chrono::Utc::now()).num_days();
    assert!((363..=365).contains(&days), "{days}");

    // What was POSTed is the public JWK object, nothing private.
    let posts: Vec<Value> = selvbetjening
        .wiremock()
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.method.as_str() == "POST")
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(posts, vec![new_key.public_jwk()]);
    assert!(posts[0].get("d").is_none());
    assert_eq!(selvbetjening.registered_via_api("rotating-client"), posts);

    let after = api.client_secrets().await.unwrap();
    assert_eq!(after.len(), 2);
    assert_eq!(after[1].kid.as_deref(), new_key.kid());
    assert_eq!(after[1].origin.as_deref(), Some("Api"));
    assert_eq!(after[1].public_jwk.as_ref(), Some(&new_key.public_jwk()));

    // The private key handed back reads back to the same key, and the new key gets tokens.
    let private = rotated.private_jwk_json().unwrap();
    let restored = SigningKey::from_jwk_json(private.expose_secret()).unwrap();
    assert_eq!(restored.thumbprint(), new_key.thumbprint());
    let rotated_client = client.with_signing_key(restored).unwrap();
    let token = rotated_client
        .access_token(&TokenRequest::new(["nhn:test-api/read"]))
        .await
        .unwrap();
    assert_eq!(
        token.unverified_claims().unwrap()["cnf"]["jkt"],
        new_key.thumbprint()
    );
    assert!(helseid.tokens_issued() >= 2);
}

#[tokio::test]
async fn the_selvbetjening_scope_is_required() {
    let (helseid, selvbetjening, _client, api) = setup().await;
    helseid.reject_scope("nhn:selvbetjening/client");
    // By default the token without the scope is refused before Selvbetjening is called.
    let err = api.rotate_key(Algorithm::ES256).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ScopeNotGranted, "{err:?}");
    assert!(err.to_string().contains("nhn:selvbetjening/client"));

    // A client that accepts partial grants sends it, and Selvbetjening refuses it.
    let lenient = helseid
        .client_builder("lenient-client")
        .allow_partial_scopes(true)
        .build()
        .unwrap();
    let api = Selvbetjening::new(lenient, selvbetjening.base_url()).unwrap();
    let err = api.rotate_key(Algorithm::ES256).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Selvbetjening);
    assert_eq!(err.status(), Some(403));
    assert!(
        err.error_description()
            .unwrap()
            .contains("nhn:selvbetjening/client")
    );
}

#[tokio::test]
async fn with_signing_key_keeps_every_setting() {
    let helseid = MockHelseId::start().await;
    let client = helseid
        .client_builder("settings-client")
        .discovery_cache_ttl(Duration::ZERO)
        .token_type(TokenType::Bearer)
        .assertion_lifetime(Duration::from_secs(20))
        .renew_before(Duration::from_secs(5))
        .timeout(Duration::from_secs(7))
        .allow_partial_scopes(true)
        .build()
        .unwrap();
    let key = SigningKey::generate(Algorithm::ES384).unwrap();
    helseid.register_client("settings-client", key.public_jwk());
    let rotated = client.with_signing_key(key.clone()).unwrap();
    assert_eq!(rotated.discovery_cache_ttl(), Duration::ZERO);
    assert_eq!(rotated.token_type(), TokenType::Bearer);
    assert!(rotated.allows_partial_scopes());
    assert_eq!(rotated.issuer(), client.issuer());
    assert_eq!(rotated.signing_key().thumbprint(), key.thumbprint());

    // A zero TTL on the rotated client means discovery on every token fetch (the 24 h default
    // would fetch it once).
    let discoveries = || async {
        helseid
            .wiremock()
            .received_requests()
            .await
            .unwrap()
            .iter()
            .filter(|r| r.url.path() == "/.well-known/openid-configuration")
            .count()
    };
    let request = TokenRequest::new(["nhn:test-api/read"]);
    rotated.access_token(&request).await.unwrap();
    rotated.invalidate(&request);
    rotated.access_token(&request).await.unwrap();
    assert_eq!(discoveries().await, 2);

    // The assertion lifetime came along too.
    let assertion = rotated.client_assertion(&request).await.unwrap();
    let claims = jwt_claims(assertion.expose_secret());
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        20
    );
}

fn jwt_claims(jwt: &str) -> Value {
    use base64::Engine as _;
    let payload = jwt.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test]
async fn a_resource_server_nonce_is_answered_once() {
    let (_helseid_keep, selvbetjening, _client, api) = setup().await;
    _helseid_keep.require_api_nonce(Some("sb-nonce-1"));
    api.rotate_key(Algorithm::ES256).await.unwrap();
    assert_eq!(selvbetjening.registered_via_api("rotating-client").len(), 1);
    let posts = selvbetjening
        .wiremock()
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.method.as_str() == "POST")
        .count();
    assert_eq!(posts, 2, "refused without the nonce, accepted with it");
}

#[tokio::test]
async fn selvbetjening_errors_are_typed() {
    let (_helseid, selvbetjening, _client, api) = setup().await;
    selvbetjening.fail_next(503);
    let err = api.client_secrets().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Selvbetjening);
    assert_eq!(err.status(), Some(503));
    assert!(err.is_retryable());
    assert!(err.to_string().contains("Injected fault"), "{err}");
}

#[tokio::test]
async fn an_http_selvbetjening_url_must_be_loopback() {
    let (_helseid, _s, client, _api) = setup().await;
    let err = Selvbetjening::new(
        client,
        url::Url::parse("http://api.selvbetjening.test.nhn.no").unwrap(),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
}
