//! The request pipeline through the public API, against the core's own mock server: retries,
//! Retry-After, deadlines, timeouts, idempotency, errors, API key, size limits.

mod common;

use std::time::{Duration, Instant};

use common::TestService;
use hint_core::mock::wiremock::matchers::{method, path};
use hint_core::mock::wiremock::{Mock, ResponseTemplate};
use hint_core::mock::{Fault, MockServer};
use hint_core::{ClientBuilder, ErrorKind, Operation, RetryOptions};
use serde_json::json;

async fn server_with_ok_routes() -> MockServer {
    let server = MockServer::start().await;
    server
        .mount(
            Mock::given(method("GET"))
                .and(path("/ting/1"))
                .respond_with(
                    ResponseTemplate::new(200).set_body_json(json!({"id": 1, "navn": "Ting"})),
                ),
        )
        .await;
    server
        .mount(
            Mock::given(method("POST"))
                .and(path("/ting"))
                .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": 2}))),
        )
        .await;
    for m in ["PUT", "DELETE", "HEAD"] {
        server
            .mount(
                Mock::given(method(m))
                    .and(path("/ting/1"))
                    .respond_with(ResponseTemplate::new(200)),
            )
            .await;
    }
    server
}

async fn client(server: &MockServer) -> TestService {
    server
        .client_builder::<TestService>()
        .await
        .build()
        .unwrap()
}

fn op(m: &str) -> Operation {
    match m {
        "GET" => Operation::get("Test.get", "ting/{id}").path_param("id", 1),
        "HEAD" => Operation::head("Test.head", "ting/{id}").path_param("id", 1),
        "PUT" => Operation::put("Test.put", "ting/{id}").path_param("id", 1),
        "DELETE" => Operation::delete("Test.delete", "ting/{id}").path_param("id", 1),
        _ => Operation::post("Test.create", "ting"),
    }
}

async fn count(server: &MockServer, m: &str) -> usize {
    server
        .received_requests()
        .await
        .iter()
        .filter(|r| r.method == m)
        .count()
}

#[tokio::test]
async fn retry_matrix_statuses_methods_and_idempotency_keys() {
    for status in [408u16, 429, 500, 502, 503, 504, 400, 404, 409, 501] {
        let retryable = matches!(status, 408 | 429 | 500 | 502 | 503 | 504);
        for m in ["GET", "HEAD", "PUT", "DELETE", "POST", "POST+key"] {
            let server = server_with_ok_routes().await;
            let client = client(&server).await;
            let (verb, op) = match m {
                "POST+key" => ("POST", op("POST").idempotency_key(None)),
                other => (other, op(other)),
            };
            server.inject(Fault::status(status));
            let result = client.0.send(op).await;
            let expect_retry = retryable && m != "POST";
            assert_eq!(
                result.is_ok(),
                expect_retry,
                "{m} after {status}: {result:?}"
            );
            if let Err(err) = result {
                assert_eq!(err.status(), Some(status), "{m} {status}");
                assert_eq!(err.is_retryable(), retryable, "{m} {status}");
            }
            // The fault answered the first try; only a retry reaches the service.
            assert_eq!(
                count(&server, verb).await,
                usize::from(expect_retry),
                "{m} {status}"
            );
        }
    }
}

#[tokio::test]
async fn post_with_key_sends_the_same_key_on_every_try() {
    let server = server_with_ok_routes().await;
    let client = client(&server).await;
    server.inject(Fault::drop_after_commit().on("POST", "/ting").times(2));
    let response = client
        .0
        .send(op("POST").idempotency_key(None))
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let posts: Vec<_> = server
        .received_requests()
        .await
        .into_iter()
        .filter(|r| r.method == "POST")
        .collect();
    assert_eq!(posts.len(), 3, "two lost answers, then success");
    let keys: Vec<_> = posts
        .iter()
        .map(|r| r.header("idempotency-key").unwrap().to_owned())
        .collect();
    assert!(keys.iter().all(|k| k == &keys[0]), "{keys:?}");
    let ids: Vec<_> = posts
        .iter()
        .map(|r| r.header("x-request-id").unwrap().to_owned())
        .collect();
    assert!(
        ids.iter().all(|k| k == &ids[0]),
        "one request id per logical call"
    );
}

#[tokio::test]
async fn post_without_key_is_not_retried_after_it_may_have_been_sent() {
    let server = server_with_ok_routes().await;
    let client = client(&server).await;
    server.inject(Fault::drop_after_commit().on("POST", "/ting"));
    let err = client.0.send(op("POST")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    assert_eq!(count(&server, "POST").await, 1);
}

#[tokio::test]
async fn dropped_connection_before_commit_is_retried_for_get() {
    let server = server_with_ok_routes().await;
    let client = client(&server).await;
    server.inject(Fault::drop_before_commit().times(2));
    let response = client.0.send(op("GET")).await.unwrap();
    assert_eq!(
        response.json::<serde_json::Value>().unwrap()["navn"],
        "Ting"
    );
    assert_eq!(count(&server, "GET").await, 1);
}

#[tokio::test]
async fn connect_failure_is_retried_even_for_post_and_reported_as_connect() {
    // Nothing listens on this port: the request never leaves the machine.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client: TestService = ClientBuilder::new()
        .base_url(format!("http://127.0.0.1:{port}/").parse().unwrap())
        .retry(
            RetryOptions::default()
                .with_max_attempts(3)
                .with_initial_backoff(Duration::from_millis(1)),
        )
        .build()
        .unwrap();
    let err = client.0.send(op("POST")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Connect);
    assert!(err.is_retryable());
    assert_eq!(err.operation(), Some("Test.create"));
    assert!(err.request_id().is_some());
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = server_with_ok_routes().await;
    let client = client(&server).await;
    server.inject(Fault::status(429).retry_after(Duration::from_secs(1)));
    let started = Instant::now();
    client.0.send(op("GET")).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn deadline_stops_a_wait_that_would_pass_it() {
    let server = server_with_ok_routes().await;
    let client: TestService = server
        .client_builder()
        .await
        .retry(RetryOptions::default().with_deadline(Duration::from_millis(300)))
        .build()
        .unwrap();
    server.inject(Fault::status(503).retry_after(Duration::from_secs(30)));
    let started = Instant::now();
    let err = client.0.send(op("GET")).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(30)));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.pending_faults(), 0);
}

#[tokio::test]
async fn max_attempts_bounds_the_tries() {
    let server = server_with_ok_routes().await;
    let client: TestService = server
        .client_builder()
        .await
        .retry(
            RetryOptions::default()
                .with_max_attempts(3)
                .with_initial_backoff(Duration::from_millis(1)),
        )
        .build()
        .unwrap();
    server.inject(Fault::status(503).times(5));
    let err = client.0.send(op("GET")).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.pending_faults(), 2, "exactly three tries were made");
}

#[tokio::test]
async fn slow_response_times_out_and_get_is_retried() {
    let server = server_with_ok_routes().await;
    let client: TestService = server
        .client_builder()
        .await
        .request_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    server.inject(Fault::delay(Duration::from_secs(2)).on("GET", "/ting"));
    let started = Instant::now();
    client.0.send(op("GET")).await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(2));

    server.inject(Fault::delay(Duration::from_secs(2)).on("POST", "/ting"));
    let err = client.0.send(op("POST")).await.unwrap_err();
    assert!(err.is_timeout(), "{err}");
}

#[tokio::test]
async fn truncated_body_is_retried_for_get() {
    let server = server_with_ok_routes().await;
    let client = client(&server).await;
    server.inject(Fault::truncate_body().on("GET", "/ting"));
    let value: serde_json::Value = client.0.send_json(op("GET")).await.unwrap();
    assert_eq!(value["id"], 1);
    assert_eq!(count(&server, "GET").await, 2);
}

#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    let server = server_with_ok_routes().await;
    let client = client(&server).await;
    server.inject(Fault::replace_body("application/json", "{\"id\": "));
    let err = client
        .0
        .send_json::<serde_json::Value>(op("GET"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
    assert_eq!(err.operation(), Some("Test.get"));
}

#[tokio::test]
async fn a_part_that_does_not_fit_names_the_field_operation_and_request_id() {
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Item {
        count: u32,
    }
    let server = server_with_ok_routes().await;
    let client = client(&server).await;
    server.inject(Fault::replace_body(
        "application/json",
        r#"{"items":[{"count":1},{"count":"many, 05896310056"}]}"#,
    ));
    let response = client.0.send(op("GET")).await.unwrap();
    let body: serde_json::Value = response.json().unwrap();
    let first: Item = response.decode_part(&body["items"][0]).unwrap();
    assert_eq!(first.count, 1);
    let err = response.decode_part::<Item>(&body["items"][1]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
    assert_eq!(err.operation(), Some("Test.get"));
    assert_eq!(err.request_id(), Some(response.request_id()));
    assert!(!format!("{err} {err:?}").contains("05896310056"), "{err:?}");
}

#[tokio::test]
async fn body_over_the_limit_is_refused() {
    let server = server_with_ok_routes().await;
    let client: TestService = server
        .client_builder()
        .await
        .max_response_bytes(1024)
        .build()
        .unwrap();
    server.inject(Fault::replace_body("application/json", vec![b' '; 10_000]));
    let err = client.0.send(op("GET")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BodyTooLarge);
    assert!(err.to_string().contains("1024"), "{err}");
}

#[tokio::test]
async fn error_bodies_become_typed_errors_with_request_id() {
    let server = MockServer::start().await;
    let cases = [
        (400, "application/json", json!({"error": {"code": "BadArgument", "message": "tittel er tom", "target": "tittel"}}).to_string(), Some("BadArgument"), "tittel er tom"),
        (409, "application/problem+json", json!({"type": "https://x.no/conflict", "title": "Conflict", "status": 409, "detail": "versjon 3 er utdatert"}).to_string(), Some("https://x.no/conflict"), "versjon 3 er utdatert"),
        (412, "application/json", json!({"feil": {"kode": "412", "beskrivelse": "ETag stemmer ikke"}}).to_string(), Some("412"), "ETag stemmer ikke"),
        (422, "application/json", json!({"ErrorCode": "VER-000228", "Message": "Innbygger er ikke digitalt aktiv"}).to_string(), Some("VER-000228"), "Innbygger er ikke digitalt aktiv"),
        (404, "text/plain", "VK-001126 Verktøy finnes ikke".to_owned(), Some("VK-001126"), "VK-001126 Verktøy finnes ikke"),
    ];
    for (i, (status, ct, body, _, _)) in cases.iter().enumerate() {
        server
            .mount(
                Mock::given(method("GET"))
                    .and(path(format!("/feil/{i}")))
                    .respond_with(
                        ResponseTemplate::new(*status)
                            .insert_header("content-type", *ct)
                            .set_body_string(body.clone()),
                    ),
            )
            .await;
    }
    let client = client(&server).await;
    for (i, (status, _, _, code, message)) in cases.iter().enumerate() {
        let err = client
            .0
            .send(Operation::get("Test.feil", "feil/{i}").path_param("i", i))
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(*status));
        assert_eq!(err.code(), *code);
        assert_eq!(err.message(), *message);
        let shown = err.to_string();
        assert!(
            shown.contains(&status.to_string())
                && shown.contains(code.unwrap())
                && shown.contains(message),
            "{shown}"
        );
        assert!(shown.contains(err.request_id().unwrap()), "{shown}");
    }
    let not_found = client
        .0
        .send(Operation::get("Test.feil", "feil/{i}").path_param("i", 99))
        .await
        .unwrap_err();
    assert!(not_found.is_not_found());
    assert!(!not_found.is_retryable());
}

#[tokio::test]
async fn api_key_is_sent_and_missing_key_is_the_gateways_401() {
    let server = MockServer::builder()
        .api_key("hemmelig-nokkel")
        .start()
        .await;
    server
        .mount(
            Mock::given(method("GET"))
                .and(path("/ting/1"))
                .respond_with(ResponseTemplate::new(200).set_body_json(json!({}))),
        )
        .await;
    let wired = client(&server).await;
    wired.0.send(op("GET")).await.unwrap();
    let sent = server.received_requests().await;
    assert_eq!(
        sent[0].header("ocp-apim-subscription-key"),
        Some("hemmelig-nokkel")
    );
    assert_eq!(sent[0].header("user-agent"), Some("test-service/9.9.9"));

    let keyless: TestService = ClientBuilder::new().base_url(server.uri()).build().unwrap();
    let err = keyless.0.send(op("GET")).await.unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert!(err.message().contains("subscription key"), "{err}");
    assert!(err.is_auth());
}

#[tokio::test]
async fn http_base_url_must_be_loopback() {
    let err = ClientBuilder::<TestService>::new()
        .base_url("http://api.example.no/".parse().unwrap())
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(err.to_string().contains("loopback"), "{err}");
    assert!(
        ClientBuilder::<TestService>::new().build().is_ok(),
        "the test environment is https"
    );
}

#[tokio::test]
async fn bad_path_parameter_is_refused_before_sending() {
    let server = server_with_ok_routes().await;
    let client = client(&server).await;
    let err = client
        .0
        .send(Operation::get("Test.get", "ting/{id}"))
        .await
        .unwrap_err();
    assert!(err.is_invalid_input());
    assert_eq!(err.field(), Some("id"));
    assert!(server.received_requests().await.is_empty());
}
