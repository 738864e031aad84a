//! Granted scopes are compared with the requested ones: a shortfall is an error by default, and
//! `allow_partial_scopes(true)` accepts the token as issued.

use helseid_auth::mock::MockHelseId;
use helseid_auth::{ErrorKind, TokenRequest};

fn read_and_write() -> TokenRequest {
    TokenRequest::new(["nhn:test-api/read", "nhn:test-api/write"])
}

#[tokio::test]
async fn a_token_without_a_requested_scope_is_an_error_by_default() {
    let helseid = MockHelseId::start().await;
    let client = helseid.client("strict-scopes").await;
    helseid.reject_scope("nhn:test-api/write");
    let err = client.access_token(&read_and_write()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ScopeNotGranted, "{err:?}");
    let text = err.to_string();
    assert!(text.contains("nhn:test-api/write not granted"), "{text}");
    assert!(text.contains("allow_partial_scopes"), "{text}");
    assert!(
        !text.contains("nhn:test-api/read "),
        "only the missing scope is named: {text}"
    );
    assert!(!err.is_retryable());
    // Nothing was cached.
    assert!(client.cached_token(&read_and_write()).is_none());
}

#[tokio::test]
async fn all_granted_is_fine() {
    let helseid = MockHelseId::start().await;
    let client = helseid.client("all-granted").await;
    let token = client.access_token(&read_and_write()).await.unwrap();
    assert_eq!(token.scope(), Some("nhn:test-api/read nhn:test-api/write"));
}

#[tokio::test]
async fn the_shortfall_can_be_accepted() {
    let helseid = MockHelseId::start().await;
    let client = helseid
        .client_builder("partial-ok")
        .allow_partial_scopes(true)
        .build()
        .unwrap();
    assert!(client.allows_partial_scopes());
    helseid.reject_scope("nhn:test-api/write");
    let token = client.access_token(&read_and_write()).await.unwrap();
    assert_eq!(token.rejected_scope(), Some("nhn:test-api/write"));
    assert_eq!(token.scope(), Some("nhn:test-api/read"));
}
