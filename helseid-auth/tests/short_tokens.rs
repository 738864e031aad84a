//! Single flight holds for tokens that live one or two seconds (within the 2 s expiry leeway):
//! a token fetched for waiting callers is handed to all of them.

use std::sync::Arc;

use helseid_auth::TokenRequest;
use helseid_auth::mock::MockHelseId;

async fn hundred_concurrent_calls(expires_in: u64) {
    let helseid = MockHelseId::start().await;
    helseid.require_nonce(false); // count token requests one to one
    helseid.set_expires_in(expires_in);
    let client = helseid.client("short-lived").await;
    let request = TokenRequest::new(["nhn:test-api/read"]);
    let start = Arc::new(tokio::sync::Barrier::new(100));
    let mut tasks = Vec::new();
    for _ in 0..100 {
        let (client, request, start) = (client.clone(), request.clone(), start.clone());
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            client
                .access_token(&request)
                .await
                .map(|t| t.expose_secret().to_owned())
        }));
    }
    let mut tokens = Vec::new();
    for t in tasks {
        tokens.push(t.await.unwrap().unwrap());
    }
    assert_eq!(helseid.token_requests(), 1, "expires_in {expires_in}");
    tokens.dedup();
    assert_eq!(tokens.len(), 1, "all 100 callers got the same token");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_second_token_is_fetched_once_for_100_callers() {
    hundred_concurrent_calls(1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_two_second_token_is_fetched_once_for_100_callers() {
    hundred_concurrent_calls(2).await;
}
