//! Token requests against the mock HelseID, through the public API.

use std::sync::Arc;
use std::time::Duration;

use helseid_auth::mock::{MockHelseId, TokenFault};
use helseid_auth::{
    Algorithm, ChallengeAction, ErrorKind, HelseIdClient, Organisasjonsnummer, OrganizationNumbers,
    SigningKey, TokenRequest, TokenType,
};
use serde_json::Value;
use url::Url;

fn request() -> TokenRequest {
    TokenRequest::new(["nhn:test-api/read"])
}

fn decode_jwt(jwt: &str) -> (Value, Value) {
    use base64::Engine as _;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut parts = jwt.split('.');
    let header = serde_json::from_slice(&engine.decode(parts.next().unwrap()).unwrap()).unwrap();
    let claims = serde_json::from_slice(&engine.decode(parts.next().unwrap()).unwrap()).unwrap();
    (header, claims)
}

/// The form parameters of every token POST the mock received, in order.
async fn token_posts(
    mock: &MockHelseId,
) -> Vec<(std::collections::HashMap<String, String>, Option<String>)> {
    mock.wiremock()
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.url.path() == "/connect/token")
        .map(|r| {
            let form = url::form_urlencoded::parse(&r.body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            let dpop = r
                .headers
                .get("dpop")
                .map(|v| v.to_str().unwrap().to_owned());
            (form, dpop)
        })
        .collect()
}

#[tokio::test]
async fn dpop_token_after_the_nonce_round_trip() {
    let mock = MockHelseId::start().await;
    let client = mock.client("client-a").await;
    let token = client.access_token(&request()).await.expect("token");
    assert_eq!(token.token_type(), TokenType::DPoP);
    assert_eq!(token.scope(), Some("nhn:test-api/read"));
    assert_eq!(token.rejected_scope(), None);
    assert!(token.expires_at() > chrono::Utc::now() + chrono::Duration::seconds(250));
    assert_eq!(mock.token_requests(), 2, "use_dpop_nonce, then the token");
    assert_eq!(mock.tokens_issued(), 1);

    let claims = token.unverified_claims().expect("JWT access token");
    assert_eq!(claims["client_id"], "client-a");
    assert_eq!(claims["cnf"]["jkt"], client.signing_key().thumbprint());

    // The second request is a fresh assertion and a fresh proof, now with the nonce.
    let posts = token_posts(&mock).await;
    assert_eq!(posts.len(), 2);
    let (first_form, first_proof) = &posts[0];
    let (second_form, second_proof) = &posts[1];
    let (_, a1) = decode_jwt(&first_form["client_assertion"]);
    let (_, a2) = decode_jwt(&second_form["client_assertion"]);
    assert_ne!(a1["jti"], a2["jti"], "a new assertion jti on the retry");
    let (_, p1) = decode_jwt(first_proof.as_ref().unwrap());
    let (_, p2) = decode_jwt(second_proof.as_ref().unwrap());
    assert!(p1.get("nonce").is_none());
    assert!(p2["nonce"].is_string());
    assert_ne!(p1["jti"], p2["jti"]);
}

#[tokio::test]
async fn assertion_and_proof_have_helseids_shape() {
    let mock = MockHelseId::start().await;
    let client = mock
        .client_builder("client-shape")
        .assertion_lifetime(Duration::from_secs(30))
        .build()
        .unwrap();
    client
        .access_token(&request().with_resource("nhn:test-api"))
        .await
        .unwrap();
    let posts = token_posts(&mock).await;
    let (form, proof) = posts.last().unwrap();
    assert_eq!(form["grant_type"], "client_credentials");
    assert_eq!(form["client_id"], "client-shape");
    assert_eq!(
        form["client_assertion_type"],
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    );
    assert_eq!(form["scope"], "nhn:test-api/read");
    assert_eq!(form["resource"], "nhn:test-api");

    let (h, c) = decode_jwt(&form["client_assertion"]);
    assert_eq!(h["typ"], "client-authentication+jwt");
    assert_eq!(h["alg"], "ES256");
    assert_eq!(h["kid"], client.signing_key().kid().unwrap());
    assert_eq!(c["iss"], "client-shape");
    assert_eq!(c["sub"], "client-shape");
    assert_eq!(c["aud"], mock.issuer().as_str().trim_end_matches('/'));
    let iat = c["iat"].as_i64().unwrap();
    assert_eq!(c["nbf"].as_i64().unwrap(), iat);
    assert_eq!(c["exp"].as_i64().unwrap() - iat, 30);
    assert!(c.get("assertion_details").is_none());

    let (h, c) = decode_jwt(proof.as_ref().unwrap());
    assert_eq!(h["typ"], "dpop+jwt");
    assert_eq!(h["alg"], "ES256");
    assert_eq!(h["jwk"]["kty"], "EC");
    assert!(h["jwk"].get("d").is_none());
    assert_eq!(c["htm"], "POST");
    assert_eq!(c["htu"], mock.token_endpoint().as_str());
    assert!(c.get("ath").is_none());
}

#[tokio::test]
async fn the_last_nonce_is_tried_first() {
    let mock = MockHelseId::start().await;
    let client = mock.client("client-n").await;
    client.access_token(&request()).await.unwrap();
    assert_eq!(mock.token_requests(), 2);
    // Another scope: a cache miss, but the remembered nonce saves the round trip.
    client
        .access_token(&TokenRequest::new(["nhn:test-api/write"]))
        .await
        .unwrap();
    assert_eq!(mock.token_requests(), 3);
    // A stale nonce costs exactly one retry.
    mock.rotate_nonce();
    mock.rotate_nonce();
    client
        .access_token(&TokenRequest::new(["nhn:other/x"]))
        .await
        .unwrap();
    assert_eq!(mock.token_requests(), 5);
    assert_eq!(mock.tokens_issued(), 3);
}

#[tokio::test]
async fn nonce_demanded_twice_is_an_error_after_one_retry() {
    let mock = MockHelseId::start().await;
    let client = mock.client("client-x").await;
    mock.fail_next(TokenFault::UseDpopNonce);
    mock.fail_next(TokenFault::UseDpopNonce);
    let err = client.access_token(&request()).await.unwrap_err();
    assert!(err.is_nonce_exhausted(), "{err:?}");
    assert_eq!(err.kind(), ErrorKind::NonceRetryExhausted);
    assert_eq!(err.oauth_error(), Some("use_dpop_nonce"));
    assert_eq!(mock.token_requests(), 2, "exactly one retry");
    // The next call works (the nonce from the last answer is remembered).
    client.access_token(&request()).await.unwrap();
    assert_eq!(mock.token_requests(), 3);
}

#[tokio::test]
async fn bearer_tokens_have_no_proof_and_no_nonce_dance() {
    let mock = MockHelseId::start().await;
    let client = mock
        .client_builder("client-b")
        .token_type(TokenType::Bearer)
        .build()
        .unwrap();
    let token = client.access_token(&request()).await.unwrap();
    assert_eq!(token.token_type(), TokenType::Bearer);
    assert_eq!(mock.token_requests(), 1);
    assert!(token.unverified_claims().unwrap().get("cnf").is_none());
    let posts = token_posts(&mock).await;
    assert!(posts[0].1.is_none(), "no DPoP header in Bearer mode");

    let url = Url::parse("https://api.helsenorge.no/v1/x").unwrap();
    let auth = client.authorize(&request(), "GET", &url).await.unwrap();
    assert!(auth.header_value().starts_with("Bearer "));
    assert!(auth.dpop_proof().is_none());
    let verified = mock
        .verify_api_request("GET", &url, Some(auth.header_value()), None)
        .unwrap();
    assert_eq!(verified.scheme(), TokenType::Bearer);

    // A per-request override gets a DPoP token from the same client.
    let dpop = client
        .access_token(&request().with_token_type(TokenType::DPoP))
        .await
        .unwrap();
    assert_eq!(dpop.token_type(), TokenType::DPoP);
}

#[tokio::test]
async fn a_thousand_callers_on_a_cold_cache_cause_one_token_request() {
    let mock = MockHelseId::start().await;
    let client = mock.client("client-c").await;
    let req = Arc::new(request());
    let mut tasks = Vec::new();
    for _ in 0..1000 {
        let client = client.clone();
        let req = req.clone();
        tasks.push(tokio::spawn(async move { client.access_token(&req).await }));
    }
    let mut tokens = Vec::new();
    for t in tasks {
        tokens.push(t.await.unwrap().unwrap());
    }
    assert_eq!(mock.tokens_issued(), 1);
    assert_eq!(
        mock.token_requests(),
        2,
        "one token request (with its nonce round trip)"
    );
    assert!(
        tokens
            .iter()
            .all(|t| t.expose_secret() == tokens[0].expose_secret())
    );
}

#[tokio::test]
async fn cache_key_covers_scopes_resource_orgs_and_type() {
    let mock = MockHelseId::start().await;
    let client = mock.client("client-k").await;
    let parent: Organisasjonsnummer = "999977774".parse().unwrap();
    let child = Organisasjonsnummer::new_without_check_digit("999977776").unwrap();
    let requests = [
        TokenRequest::new(["a/x", "a/y"]),
        TokenRequest::new(["a/y", "a/x"]), // same set: same token
        TokenRequest::new(["a/x"]),
        TokenRequest::new(["a/x", "a/y"]).with_resource("a"),
        TokenRequest::new(["a/x", "a/y"])
            .with_organization(OrganizationNumbers::multi_tenant(parent)),
        TokenRequest::new(["a/x", "a/y"])
            .with_organization(OrganizationNumbers::multi_tenant_with_child(parent, child)),
        TokenRequest::new(["a/x", "a/y"]).with_token_type(TokenType::Bearer),
    ];
    let mut secrets = Vec::new();
    for r in &requests {
        secrets.push(
            client
                .access_token(r)
                .await
                .unwrap()
                .expose_secret()
                .to_owned(),
        );
    }
    assert_eq!(secrets[0], secrets[1]);
    let distinct: std::collections::HashSet<_> = secrets.iter().collect();
    assert_eq!(distinct.len(), requests.len() - 1);
    assert_eq!(mock.tokens_issued(), requests.len() - 1);
    // Another client (another key) never shares the cache.
    let other = mock.client("client-k").await;
    let t = other.access_token(&requests[0]).await.unwrap();
    assert_ne!(t.expose_secret(), secrets[0]);
}

#[tokio::test]
async fn organisation_numbers_reach_the_token() {
    let mock = MockHelseId::start().await;
    let client = mock.client("client-o").await;
    let parent: Organisasjonsnummer = "999977774".parse().unwrap();
    let child: Organisasjonsnummer = "123456785".parse().unwrap();

    let url = Url::parse("https://api.example.no/x").unwrap();
    let multi =
        request().with_organization(OrganizationNumbers::multi_tenant_with_child(parent, child));
    let auth = client.authorize(&multi, "GET", &url).await.unwrap();
    let v = mock
        .verify_api_request("GET", &url, Some(auth.header_value()), auth.dpop_proof())
        .unwrap();
    assert_eq!(v.orgnr_parent(), Some("999977774"));
    assert_eq!(v.orgnr_child(), Some("123456785"));

    let single = request().with_organization(OrganizationNumbers::single_tenant_child(child));
    let auth = client.authorize(&single, "GET", &url).await.unwrap();
    let v = mock
        .verify_api_request("GET", &url, Some(auth.header_value()), auth.dpop_proof())
        .unwrap();
    assert_eq!(v.orgnr_parent(), None);
    assert_eq!(v.orgnr_child(), Some("123456785"));

    let posts = token_posts(&mock).await;
    let (_, c) = decode_jwt(&posts.last().unwrap().0["client_assertion"]);
    assert_eq!(c["assertion_details"]["type"], "helseid_authorization");
    assert_eq!(
        c["assertion_details"]["practitioner_role"]["organization"]["identifier"]["system"],
        "urn:oid:2.16.578.1.12.4.1.4.101"
    );
}

#[tokio::test]
async fn helseid_error_codes_are_typed() {
    let mock = MockHelseId::start().await;
    let client = mock.client("client-e").await;

    mock.fail_next(TokenFault::helseid("HID-1002"));
    let err = client.access_token(&request()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TokenEndpoint);
    assert_eq!(err.helseid_code(), Some("HID-1002"));
    assert_eq!(err.oauth_error(), Some("invalid_request"));
    assert_eq!(err.status(), Some(400));
    assert!(!err.is_retryable());
    assert!(err.to_string().contains("HID-1002"), "{err}");

    mock.fail_next(TokenFault::invalid_scope());
    let err = client.access_token(&request()).await.unwrap_err();
    assert!(err.is_invalid_scope());

    mock.fail_next(TokenFault::invalid_client());
    let err = client.access_token(&request()).await.unwrap_err();
    assert!(err.is_invalid_client());
    assert_eq!(err.status(), Some(401));

    mock.fail_next(TokenFault::Status(503));
    let err = client.access_token(&request()).await.unwrap_err();
    assert!(err.is_retryable());
    assert_eq!(err.status(), Some(503));

    // A real invalid_client: a key the mock does not know.
    let stranger = HelseIdClient::builder()
        .issuer(mock.issuer())
        .client_id("client-e")
        .signing_key(SigningKey::generate(Algorithm::ES256).unwrap())
        .build()
        .unwrap();
    let err = stranger.access_token(&request()).await.unwrap_err();
    assert!(err.is_invalid_client(), "{err:?}");
    assert!(err.error_description().unwrap().contains("signature"));

    // A real invalid_scope: identity scopes are not for client credentials.
    let err = client
        .access_token(&TokenRequest::new(["openid"]))
        .await
        .unwrap_err();
    assert!(err.is_invalid_scope(), "{err:?}");
}

#[tokio::test]
async fn slow_token_endpoint_times_out() {
    let mock = MockHelseId::start().await;
    let client = mock
        .client_builder("client-t")
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    client.token_endpoint().await.unwrap(); // discovery first
    mock.fail_next(TokenFault::Delay(Duration::from_secs(3)));
    let err = client.access_token(&request()).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.is_retryable());
}

#[tokio::test]
async fn renews_before_expiry_and_keeps_the_old_token_when_renewal_fails() {
    let mock = MockHelseId::start().await;
    mock.set_expires_in(6);
    let client = mock
        .client_builder("client-renew")
        .renew_before(Duration::from_secs(3))
        .build()
        .unwrap();
    let first = client.access_token(&request()).await.unwrap();
    // Within the fresh window: cached.
    let again = client.access_token(&request()).await.unwrap();
    assert_eq!(first.expose_secret(), again.expose_secret());
    assert_eq!(mock.tokens_issued(), 1);
    assert!(client.cached_token(&request()).is_some());

    // Renewal time (6 s − 3 s − up to 0.6 s jitter) has passed: a renewal is attempted; it fails,
    // and the old token, still valid, is returned.
    tokio::time::sleep(Duration::from_millis(3100)).await;
    assert!(client.cached_token(&request()).is_none(), "due for renewal");
    mock.fail_next(TokenFault::Status(500));
    let kept = client.access_token(&request()).await.unwrap();
    assert_eq!(kept.expose_secret(), first.expose_secret());
    assert_eq!(mock.tokens_issued(), 1);

    // The next call renews.
    let renewed = client.access_token(&request()).await.unwrap();
    assert_ne!(renewed.expose_secret(), first.expose_secret());
    assert_eq!(mock.tokens_issued(), 2);
}

#[tokio::test]
async fn an_expired_token_is_not_returned_when_renewal_fails() {
    let mock = MockHelseId::start().await;
    mock.set_expires_in(3);
    let client = mock.client("client-exp").await;
    client.access_token(&request()).await.unwrap();
    // Past its usable time (3 s less the leeway, 2 s capped at half the lifetime) but not expired.
    tokio::time::sleep(Duration::from_millis(1700)).await;
    mock.fail_next(TokenFault::Status(500));
    let err = client.access_token(&request()).await.unwrap_err();
    assert_eq!(err.status(), Some(500));
}

#[tokio::test]
async fn invalidate_forces_a_new_token() {
    let mock = MockHelseId::start().await;
    let client = mock.client("client-i").await;
    let a = client.access_token(&request()).await.unwrap();
    client.invalidate(&request());
    let b = client.access_token(&request()).await.unwrap();
    assert_ne!(a.expose_secret(), b.expose_secret());
    assert_eq!(mock.tokens_issued(), 2);
}

#[tokio::test]
async fn api_proofs_bind_method_url_and_token() {
    let mock = MockHelseId::start().await;
    let client = mock.client("client-api").await;
    let url = Url::parse("https://api.example.no/v1/things?page=2#top").unwrap();
    let auth = client.authorize(&request(), "GET", &url).await.unwrap();
    assert!(auth.header_value().starts_with("DPoP ey"));
    let proof = auth.dpop_proof().unwrap();
    let (h, c) = decode_jwt(proof);
    assert_eq!(h["typ"], "dpop+jwt");
    assert_eq!(c["htm"], "GET");
    assert_eq!(c["htu"], "https://api.example.no/v1/things");
    assert_eq!(c["ath"], auth.access_token().ath());
    let v = mock
        .verify_api_request("GET", &url, Some(auth.header_value()), Some(proof))
        .unwrap();
    assert_eq!(v.jkt(), Some(client.signing_key().thumbprint()));
    assert_eq!(v.client_id(), Some("client-api"));
    assert!(v.has_scope("nhn:test-api/read"));

    // The same proof twice is a replay.
    let err = mock
        .verify_api_request("GET", &url, Some(auth.header_value()), Some(proof))
        .unwrap_err();
    assert!(err.contains("replay"), "{err}");
    // A proof for another method or URL is refused.
    let auth = client.authorize(&request(), "GET", &url).await.unwrap();
    let err = mock
        .verify_api_request("POST", &url, Some(auth.header_value()), auth.dpop_proof())
        .unwrap_err();
    assert!(err.contains("htm"), "{err}");
    let other = Url::parse("https://api.example.no/v1/other").unwrap();
    let auth = client.authorize(&request(), "GET", &url).await.unwrap();
    let err = mock
        .verify_api_request("GET", &other, Some(auth.header_value()), auth.dpop_proof())
        .unwrap_err();
    assert!(err.contains("htu"), "{err}");
    // A proof signed by another key is refused (cnf.jkt).
    let stranger = mock.client("client-api-2").await;
    let auth = client.authorize(&request(), "GET", &url).await.unwrap();
    let token = auth.access_token().clone();
    let foreign = stranger
        .dpop_proof("GET", &url, Some(&token), None)
        .unwrap();
    let err = mock
        .verify_api_request("GET", &url, Some(auth.header_value()), Some(&foreign))
        .unwrap_err();
    assert!(err.contains("cnf.jkt"), "{err}");
    // A DPoP token sent as Bearer is refused; no token at all is refused.
    let bearer = format!("Bearer {}", token.expose_secret());
    assert!(
        mock.verify_api_request("GET", &url, Some(&bearer), None)
            .is_err()
    );
    assert!(mock.verify_api_request("GET", &url, None, None).is_err());
}

#[tokio::test]
async fn resource_server_nonce_challenge_and_invalid_token() {
    let mock = MockHelseId::start().await;
    let client = mock.client("client-rs").await;
    let req = request();
    let url = Url::parse("https://api.example.no/v1/x").unwrap();
    mock.require_api_nonce(Some("rs-nonce-1"));

    let auth = client.authorize(&req, "POST", &url).await.unwrap();
    let refusal = mock
        .check_api_request("POST", &url, Some(auth.header_value()), auth.dpop_proof())
        .unwrap_err();
    assert_eq!(refusal.error(), Some("use_dpop_nonce"));
    let action = client.observe_api_response(
        &req,
        &url,
        refusal.status(),
        Some(&refusal.www_authenticate()),
        refusal.dpop_nonce(),
    );
    assert_eq!(action, ChallengeAction::RetryWithNonce);
    let auth = client.authorize(&req, "POST", &url).await.unwrap();
    let (_, c) = decode_jwt(auth.dpop_proof().unwrap());
    assert_eq!(c["nonce"], "rs-nonce-1");
    mock.verify_api_request("POST", &url, Some(auth.header_value()), auth.dpop_proof())
        .unwrap();
    // The nonce is per origin.
    let elsewhere = Url::parse("https://other.example.no/v1/x").unwrap();
    let auth2 = client.authorize(&req, "POST", &elsewhere).await.unwrap();
    let (_, c) = decode_jwt(auth2.dpop_proof().unwrap());
    assert!(c.get("nonce").is_none());

    // invalid_token drops the cached token.
    let before = auth.access_token().expose_secret().to_owned();
    let action = client.observe_api_response(
        &req,
        &url,
        401,
        Some(r#"DPoP error="invalid_token", error_description="expired""#),
        None,
    );
    assert_eq!(action, ChallengeAction::RetryWithNewToken);
    let after = client.access_token(&req).await.unwrap();
    assert_ne!(after.expose_secret(), before);
    // Other outcomes ask for nothing.
    assert_eq!(
        client.observe_api_response(&req, &url, 200, None, Some("n2")),
        ChallengeAction::None
    );
    assert_eq!(
        client.observe_api_response(
            &req,
            &url,
            403,
            Some(r#"DPoP error="insufficient_scope""#),
            None
        ),
        ChallengeAction::None
    );
    assert_eq!(
        client.observe_api_response(
            &req,
            &url,
            401,
            Some(r#"DPoP error="use_dpop_nonce""#),
            None
        ),
        ChallengeAction::None,
        "use_dpop_nonce without a nonce cannot be answered"
    );
    let (_, c) = decode_jwt(
        client
            .authorize(&req, "GET", &url)
            .await
            .unwrap()
            .dpop_proof()
            .unwrap(),
    );
    assert_eq!(c["nonce"], "n2", "a nonce on a 200 is remembered too");
}

#[tokio::test]
async fn builder_refuses_bad_settings() {
    let key = SigningKey::generate(Algorithm::ES256).unwrap();
    let base = || {
        HelseIdClient::builder()
            .issuer(Url::parse("https://helseid-sts.test.nhn.no").unwrap())
            .client_id("c")
            .signing_key(key.clone())
    };
    assert!(base().build().is_ok());
    let err = base()
        .assertion_lifetime(Duration::from_secs(61))
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
    assert!(err.to_string().contains("60 seconds"), "{err}");
    assert!(
        base()
            .assertion_lifetime(Duration::from_secs(60))
            .build()
            .is_ok()
    );

    let err = base()
        .issuer(Url::parse("http://helseid.example.no").unwrap())
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("loopback"), "{err}");
    assert!(
        base()
            .issuer(Url::parse("http://127.0.0.1:9").unwrap())
            .build()
            .is_ok()
    );
    assert!(
        base()
            .issuer(Url::parse("http://localhost:9").unwrap())
            .build()
            .is_ok()
    );
    assert!(
        base()
            .issuer(Url::parse("http://[::1]:9").unwrap())
            .build()
            .is_ok()
    );

    let err = HelseIdClient::builder()
        .client_id("c")
        .signing_key(key.clone())
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("issuer"));
    let err = HelseIdClient::builder()
        .environment(helseid_auth::Environment::Production)
        .signing_key(key.clone())
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("client id"));
    let err = HelseIdClient::builder()
        .environment(helseid_auth::Environment::Test)
        .client_id("c")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("signing key"));
}

#[tokio::test]
async fn bad_scopes_are_refused_before_sending() {
    let mock = MockHelseId::start().await;
    let client = mock.client("client-s").await;
    let none: [&str; 0] = [];
    let err = client
        .access_token(&TokenRequest::new(none))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Configuration);
    let err = client
        .access_token(&TokenRequest::new(["a/x b/y"]))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("whitespace"));
    assert_eq!(mock.token_requests(), 0);
}

#[tokio::test]
async fn discovery_issuer_must_match() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/.well-known/openid-configuration"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "issuer": "https://evil.example.no",
            "token_endpoint": format!("{}/connect/token", server.uri()),
        })))
        .mount(&server)
        .await;
    let client = HelseIdClient::builder()
        .issuer(Url::parse(&server.uri()).unwrap())
        .client_id("c")
        .signing_key(SigningKey::generate(Algorithm::ES256).unwrap())
        .build()
        .unwrap();
    let err = client.access_token(&request()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Discovery);
    assert!(err.to_string().contains("evil.example.no"), "{err}");

    // Discovery is fetched once and cached.
    let mock = MockHelseId::start().await;
    let client = mock.client("client-d").await;
    client.access_token(&request()).await.unwrap();
    client
        .access_token(&TokenRequest::new(["x/y"]))
        .await
        .unwrap();
    let discovery_gets = mock
        .wiremock()
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/.well-known/openid-configuration")
        .count();
    assert_eq!(discovery_gets, 1);
}

#[tokio::test]
async fn every_algorithm_gets_a_token() {
    let mock = MockHelseId::start().await;
    for alg in Algorithm::ALL {
        let key = if alg.is_rsa() {
            SigningKey::generate_rsa(alg, 2048).unwrap()
        } else {
            SigningKey::generate(alg).unwrap()
        };
        let id = format!("client-{alg}");
        mock.register_client(&id, key.public_jwk());
        let client = HelseIdClient::builder()
            .issuer(mock.issuer())
            .client_id(&id)
            .signing_key(key)
            .build()
            .unwrap();
        let url = Url::parse("https://api.example.no/a").unwrap();
        let auth = client
            .authorize(&request(), "PUT", &url)
            .await
            .unwrap_or_else(|e| panic!("{alg}: {e}"));
        mock.verify_api_request("PUT", &url, Some(auth.header_value()), auth.dpop_proof())
            .unwrap_or_else(|e| panic!("{alg}: {e}"));
    }
}

#[tokio::test]
async fn with_signing_key_starts_a_fresh_cache() {
    let mock = MockHelseId::start().await;
    let client = mock.client("client-w").await;
    let a = client.access_token(&request()).await.unwrap();
    let key = SigningKey::generate(Algorithm::ES384).unwrap();
    mock.register_client("client-w", key.public_jwk());
    let rotated = client.with_signing_key(key.clone()).unwrap();
    let b = rotated.access_token(&request()).await.unwrap();
    assert_ne!(a.expose_secret(), b.expose_secret());
    assert_eq!(
        b.unverified_claims().unwrap()["cnf"]["jkt"],
        key.thumbprint()
    );
}

#[tokio::test]
async fn an_api_mock_can_verify_wiremocks_request_url() {
    use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

    struct Api(Arc<MockHelseId>);
    impl Respond for Api {
        fn respond(&self, request: &Request) -> ResponseTemplate {
            let h = |n: &str| request.headers.get(n).and_then(|v| v.to_str().ok());
            match self.0.check_api_request(
                request.method.as_str(),
                &request.url,
                h("authorization"),
                h("dpop"),
            ) {
                Ok(v) => ResponseTemplate::new(200)
                    .set_body_json(serde_json::json!({"client": v.client_id()})),
                Err(e) => {
                    let mut t = ResponseTemplate::new(e.status())
                        .insert_header("WWW-Authenticate", e.www_authenticate().as_str());
                    if let Some(n) = e.dpop_nonce() {
                        t = t.insert_header("DPoP-Nonce", n);
                    }
                    t
                }
            }
        }
    }

    let helseid = Arc::new(MockHelseId::start().await);
    let api = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(Api(helseid.clone()))
        .mount(&api)
        .await;
    helseid.require_api_nonce(Some("api-nonce"));
    let client = helseid.client("api-caller").await;
    let req = request();
    let url = Url::parse(&format!("{}/v1/records?page=3", api.uri())).unwrap();
    let http = reqwest::Client::new();
    let mut statuses = Vec::new();
    for _ in 0..2 {
        let auth = client.authorize(&req, "GET", &url).await.unwrap();
        let resp = http
            .get(url.clone())
            .header("Authorization", auth.header_value())
            .header("DPoP", auth.dpop_proof().unwrap())
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        statuses.push(status);
        let h = |n: &str| {
            resp.headers()
                .get(n)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let action = client.observe_api_response(
            &req,
            &url,
            status,
            h("www-authenticate").as_deref(),
            h("dpop-nonce").as_deref(),
        );
        if action == ChallengeAction::None {
            break;
        }
        assert_eq!(action, ChallengeAction::RetryWithNonce);
    }
    assert_eq!(statuses, vec![401, 200]);

    // A proof for another path is still refused.
    let auth = client.authorize(&req, "GET", &url).await.unwrap();
    let other = Url::parse(&format!("{}/v1/other", api.uri())).unwrap();
    let resp = http
        .get(other)
        .header("Authorization", auth.header_value())
        .header("DPoP", auth.dpop_proof().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 401);
    let www = resp.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        www.contains("invalid_dpop_proof") && www.contains("htu"),
        "{www}"
    );
}

#[tokio::test]
async fn transport_errors_are_retryable_and_typed() {
    // A port nothing listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let client = HelseIdClient::builder()
        .issuer(Url::parse(&format!("http://127.0.0.1:{port}")).unwrap())
        .client_id("c")
        .signing_key(SigningKey::generate(Algorithm::ES256).unwrap())
        .build()
        .unwrap();
    let err = client.access_token(&request()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err:?}");
    assert!(err.is_retryable());
    assert!(!err.is_timeout());
    assert!(err.to_string().contains("could not connect"), "{err}");
    assert!(std::error::Error::source(&err).is_some());
}

#[test]
fn public_types_are_send_sync_and_static() {
    fn check<T: Send + Sync + 'static>() {}
    check::<HelseIdClient>();
    check::<helseid_auth::Error>();
    check::<helseid_auth::AccessToken>();
    check::<helseid_auth::Authorization>();
    check::<SigningKey>();
    check::<TokenRequest>();
    check::<MockHelseId>();
    check::<helseid_auth::Selvbetjening>();
}

#[tokio::test]
async fn callers_waiting_on_a_failed_fetch_share_its_error() {
    let mock = MockHelseId::start().await;
    let client = mock.client("client-fail").await;
    client.token_endpoint().await.unwrap(); // discovery out of the way
    mock.fail_next(TokenFault::Delay(Duration::from_millis(300)));
    mock.fail_next(TokenFault::Status(502));
    // The first POST is delayed (and answered use_dpop_nonce); the retry gets the 502.
    let req = Arc::new(request());
    let mut tasks = Vec::new();
    for _ in 0..100 {
        let client = client.clone();
        let req = req.clone();
        tasks.push(tokio::spawn(async move { client.access_token(&req).await }));
    }
    for t in tasks {
        let err = t.await.unwrap().unwrap_err();
        assert_eq!(err.status(), Some(502));
    }
    assert_eq!(
        mock.token_requests(),
        2,
        "one attempt, shared by all 100 callers"
    );
    // A later call tries again.
    client.access_token(&req).await.unwrap();
}
