//! Authentication per try against the mock HelseID: DPoP proofs checked as a real API would,
//! the resource-server nonce challenge, a refused token renewed once, none of it counted as a
//! retry.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::TestService;
use hint_core::mock::MockServer;
use hint_core::mock::wiremock::matchers::{method, path};
use hint_core::mock::wiremock::{Mock, Request, ResponseTemplate};
use hint_core::{Operation, RetryOptions};
use serde_json::json;

fn get() -> Operation {
    Operation::get("Test.get", "ting")
}

async fn server() -> MockServer {
    let server = MockServer::builder().api_key("k").helseid().start().await;
    server
        .mount(
            Mock::given(method("GET"))
                .and(path("/ting"))
                .respond_with(ResponseTemplate::new(200).set_body_json(json!([]))),
        )
        .await;
    server
}

#[tokio::test]
async fn dpop_token_and_fresh_proof_on_every_request_one_token_request() {
    let server = server().await;
    let client: TestService = server.client_builder().await.build().unwrap();
    for _ in 0..3 {
        client.0.send(get()).await.unwrap();
    }
    let received = server.received_requests().await;
    assert_eq!(received.len(), 3);
    let proofs: Vec<_> = received
        .iter()
        .map(|r| r.header("dpop").unwrap().to_owned())
        .collect();
    assert!(
        received
            .iter()
            .all(|r| r.header("authorization").unwrap().starts_with("DPoP "))
    );
    assert_ne!(proofs[0], proofs[1], "a new proof (jti) per request");
    let helseid = server.helseid().unwrap();
    assert_eq!(
        helseid.token_requests(),
        2,
        "one token: the nonce round trip, then the token"
    );
}

#[tokio::test]
async fn resource_server_nonce_challenge_is_answered_once_outside_the_retry_budget() {
    let server = MockServer::builder().helseid().start().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    server
        .mount(
            Mock::given(method("GET"))
                .and(path("/ting"))
                .respond_with(move |_req: &Request| {
                    if seen.fetch_add(1, Ordering::SeqCst) == 0 {
                        ResponseTemplate::new(401)
                            .insert_header("www-authenticate", r#"DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof""#)
                            .insert_header("dpop-nonce", "api-nonce-1")
                    } else {
                        ResponseTemplate::new(200).set_body_json(json!([]))
                    }
                }),
        )
        .await;
    let client: TestService = server
        .client_builder()
        .await
        .retry(RetryOptions::none())
        .build()
        .unwrap();
    client.0.send(get()).await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let last = server.received_requests().await.pop().unwrap();
    let proof = last.header("dpop").unwrap();
    let payload = proof.split('.').nth(1).unwrap();
    let claims: serde_json::Value = serde_json::from_slice(&base64_url_decode(payload)).unwrap();
    assert_eq!(claims["nonce"], "api-nonce-1");
}

#[tokio::test]
async fn refused_token_is_renewed_once_then_the_error_stands() {
    let server = MockServer::builder().helseid().start().await;
    server
        .mount(
            Mock::given(method("GET")).and(path("/ting")).respond_with(
                ResponseTemplate::new(401)
                    .insert_header("www-authenticate", r#"DPoP error="invalid_token""#)
                    .set_body_json(
                        json!({"error": "invalid_token", "error_description": "token revoked"}),
                    ),
            ),
        )
        .await;
    let client: TestService = server
        .client_builder()
        .await
        .retry(RetryOptions::none())
        .build()
        .unwrap();
    let err = client.0.send(get()).await.unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.code(), Some("invalid_token"));
    let gets = server
        .received_requests()
        .await
        .into_iter()
        .filter(|r| r.method == "GET")
        .count();
    assert_eq!(gets, 2, "one renewal, no more");
    assert_eq!(
        server.helseid().unwrap().token_requests(),
        3,
        "two tokens; the second reuses the remembered nonce"
    );
}

#[tokio::test]
async fn a_request_without_a_valid_proof_is_refused_by_the_mock() {
    let server = server().await;
    // A client with a static token: the mock's resource-server check refuses it.
    let client: TestService = hint_core::ClientBuilder::new()
        .base_url(server.uri())
        .api_key("k")
        .bearer_token("not-a-helseid-token")
        .build()
        .unwrap();
    let err = client.0.send(get()).await.unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.code(), Some("invalid_token"));
}

fn base64_url_decode(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        let v = ALPHABET.iter().position(|a| *a == c).unwrap() as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}
