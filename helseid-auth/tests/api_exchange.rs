//! Calling an API: `HelseIdClient::execute` runs the whole DPoP exchange in a bounded number of
//! sends, and nonces are kept per endpoint role (token endpoint vs API), not per origin.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use helseid_auth::mock::MockHelseId;
use helseid_auth::{ChallengeAction, MAX_API_SENDS, TokenRequest};
use serde_json::Value;
use url::Url;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

fn request() -> TokenRequest {
    TokenRequest::new(["nhn:test-api/read"])
}

fn claims(jwt: &str) -> Value {
    use base64::Engine as _;
    let payload = jwt.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

/// What the API does with request number `n` (1-based) before checking it like a resource server.
#[derive(Clone, Copy)]
enum Script {
    /// Check every request with the mock HelseID.
    Check,
    /// Request 1 is refused with `invalid_token` and the API starts demanding a new nonce, as an
    /// API does after a restart; then check.
    Restarted,
    /// Every request is answered `use_dpop_nonce` with a fresh nonce.
    AlwaysNewNonce,
}

struct Api {
    helseid: Arc<MockHelseId>,
    script: Script,
    seen: Arc<AtomicUsize>,
}

impl Respond for Api {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let n = self.seen.fetch_add(1, Ordering::SeqCst) + 1;
        match self.script {
            Script::Restarted if n == 1 => {
                self.helseid.require_api_nonce(Some("nonce-after-restart"));
                return ResponseTemplate::new(401).insert_header(
                    "WWW-Authenticate",
                    r#"DPoP error="invalid_token", error_description="unknown token""#,
                );
            }
            Script::AlwaysNewNonce => {
                return ResponseTemplate::new(401)
                    .insert_header("WWW-Authenticate", r#"DPoP error="use_dpop_nonce""#)
                    .insert_header("DPoP-Nonce", format!("nonce-{n}").as_str());
            }
            _ => {}
        }
        let h = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok());
        match self.helseid.check_api_request(
            request.method.as_str(),
            &request.url,
            h("authorization"),
            h("dpop"),
        ) {
            Ok(v) => ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"client": v.client_id(), "n": n})),
            Err(e) => {
                let mut t = ResponseTemplate::new(e.status())
                    .insert_header("WWW-Authenticate", e.www_authenticate().as_str());
                if let Some(nonce) = e.dpop_nonce() {
                    t = t.insert_header("DPoP-Nonce", nonce);
                }
                t
            }
        }
    }
}

async fn api(helseid: &Arc<MockHelseId>, script: Script) -> (MockServer, Arc<AtomicUsize>) {
    let server = MockServer::start().await;
    let seen = Arc::new(AtomicUsize::new(0));
    Mock::given(wiremock::matchers::any())
        .respond_with(Api {
            helseid: helseid.clone(),
            script,
            seen: seen.clone(),
        })
        .mount(&server)
        .await;
    (server, seen)
}

#[tokio::test]
async fn execute_answers_an_api_nonce_demand() {
    let helseid = Arc::new(MockHelseId::start().await);
    helseid.require_api_nonce(Some("api-nonce-1"));
    let (server, seen) = api(&helseid, Script::Check).await;
    let client = helseid.client("exec-client").await;
    let http = reqwest::Client::new();
    let url = format!("{}/v1/things?page=2", server.uri());
    let call = http
        .post(&url)
        .body(r#"{"a":1}"#)
        .header("content-type", "application/json")
        .build()
        .unwrap();
    let response = client.execute(&http, &request(), call).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        seen.load(Ordering::SeqCst),
        2,
        "use_dpop_nonce, then the call"
    );
    // The body went out on both sends.
    let bodies: Vec<Vec<u8>> = server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.body)
        .collect();
    assert_eq!(bodies, vec![br#"{"a":1}"#.to_vec(), br#"{"a":1}"#.to_vec()]);

    // The nonce is remembered: the next call needs one send.
    let call = http.get(&url).build().unwrap();
    let response = client.execute(&http, &request(), call).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(seen.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn execute_survives_a_refused_token_then_a_nonce_demand() {
    // What an API does after it restarted: it no longer knows the token, and once it has a new
    // one it wants its new nonce. The old README loop ("retry once") returned the 401.
    let helseid = Arc::new(MockHelseId::start().await);
    let (server, seen) = api(&helseid, Script::Restarted).await;
    let client = helseid.client("restart-client").await;
    let http = reqwest::Client::new();
    let call = http
        .get(format!("{}/v1/things", server.uri()))
        .build()
        .unwrap();
    let response = client.execute(&http, &request(), call).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(seen.load(Ordering::SeqCst), 3);
    assert_eq!(helseid.tokens_issued(), 2, "the refused token was replaced");
}

#[tokio::test]
async fn execute_stops_after_a_bounded_number_of_sends() {
    let helseid = Arc::new(MockHelseId::start().await);
    let (server, seen) = api(&helseid, Script::AlwaysNewNonce).await;
    let client = helseid.client("bounded-client").await;
    let http = reqwest::Client::new();
    let call = http
        .get(format!("{}/v1/things", server.uri()))
        .build()
        .unwrap();
    let response = client.execute(&http, &request(), call).await.unwrap();
    assert_eq!(response.status(), 401, "the API's last answer comes back");
    assert_eq!(seen.load(Ordering::SeqCst), MAX_API_SENDS);
}

#[tokio::test]
async fn execute_bearer_sends_no_proof() {
    let helseid = Arc::new(MockHelseId::start().await);
    let (server, _seen) = api(&helseid, Script::Check).await;
    let client = helseid
        .client_builder("bearer-exec")
        .token_type(helseid_auth::TokenType::Bearer)
        .build()
        .unwrap();
    let http = reqwest::Client::new();
    let call = http
        .get(format!("{}/v1/things", server.uri()))
        .header("DPoP", "stale-proof-from-the-caller")
        .build()
        .unwrap();
    let response = client.execute(&http, &request(), call).await.unwrap();
    assert_eq!(response.status(), 200);
    let sent = &server.received_requests().await.unwrap()[0];
    assert!(sent.headers.get("dpop").is_none());
    assert!(
        sent.headers["authorization"]
            .to_str()
            .unwrap()
            .starts_with("Bearer ")
    );
}

#[tokio::test]
async fn an_api_on_helseids_origin_does_not_cost_the_token_endpoint_a_round_trip() {
    let helseid = MockHelseId::start().await;
    let client = helseid.client("shared-origin").await;
    client.access_token(&request()).await.unwrap();
    assert_eq!(
        helseid.token_requests(),
        2,
        "use_dpop_nonce, then the token"
    );

    // An API on the same origin as HelseID demands its own nonce.
    let api_url = helseid.issuer().join("/api/v1/things").unwrap();
    let action = client.observe_api_response(
        &request(),
        &api_url,
        401,
        Some(r#"DPoP error="use_dpop_nonce""#),
        Some("the-apis-nonce"),
    );
    assert_eq!(action, ChallengeAction::RetryWithNonce);
    let auth = client.authorize(&request(), "GET", &api_url).await.unwrap();
    assert_eq!(
        claims(auth.dpop_proof().unwrap())["nonce"],
        "the-apis-nonce"
    );

    // The token endpoint still has its own nonce: one request for the next token, not two.
    client
        .access_token(&TokenRequest::new(["nhn:test-api/write"]))
        .await
        .unwrap();
    assert_eq!(helseid.token_requests(), 3);

    // And the token endpoint's nonce never reaches an API proof.
    let other_api = Url::parse("https://api.example.no/v1/x").unwrap();
    let auth = client
        .authorize(&request(), "GET", &other_api)
        .await
        .unwrap();
    assert!(claims(auth.dpop_proof().unwrap()).get("nonce").is_none());
}

#[tokio::test]
async fn execute_refuses_a_streamed_body_before_sending() {
    let helseid = Arc::new(MockHelseId::start().await);
    let (server, seen) = api(&helseid, Script::Check).await;
    let client = helseid.client("stream-client").await;
    let http = reqwest::Client::new();
    let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(b"chunk".to_vec())]);
    let call = http
        .post(format!("{}/v1/upload", server.uri()))
        .body(reqwest::Body::wrap_stream(chunks))
        .build()
        .unwrap();
    let err = client.execute(&http, &request(), call).await.unwrap_err();
    assert_eq!(err.kind(), helseid_auth::ErrorKind::Configuration);
    assert!(err.to_string().contains("not a stream"), "{err}");
    assert_eq!(seen.load(Ordering::SeqCst), 0, "nothing was sent");
}
