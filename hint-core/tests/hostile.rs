//! The client against hostile or broken servers, through the public API: redirects that try to
//! take credentials to another origin, plain `http://` base URLs, and bodies that are too large
//! however they are framed (honest, lying or missing `Content-Length`, chunked, close-delimited),
//! trickled, or stalled.
//!
//! Most servers here are the raw HTTP/1.1 server of `hint_testkit::hostile` on loopback, which
//! records every request head it gets and answers with exactly the bytes a case gives it, which
//! wiremock cannot do (a lying `Content-Length`, a body trickled or stalled). Needs feature
//! `mock`. The cases of issue 15, one per point, are in `hostile_server.rs`.

mod common;

use std::net::{IpAddr, Ipv6Addr};
use std::time::{Duration, Instant};

use common::TestService;
use hint_core::mock::wiremock::matchers::{method, path};
use hint_core::mock::wiremock::{Mock, ResponseTemplate};
use hint_core::mock::{MockServer, ReceivedRequest};
use hint_core::{ClientBuilder, Environment, ErrorKind, Operation, RetryOptions, Url};
use hint_testkit::hostile::{HostileServer, Reply};
use serde_json::json;

/// The API key the clients send.
const API_KEY: &str = "hemmelig-abonnementsnokkel";
/// The default response size limit, as documented on `ClientBuilder::max_response_bytes`.
const DEFAULT_LIMIT: usize = 32 * 1024 * 1024;
/// The small limit the size cases configure.
const SMALL_LIMIT: usize = 1024;

/// A client for `base` with the API key, no retries unless a case asks, and `limit`.
fn client(base: Url, limit: Option<usize>) -> TestService {
    let mut builder = ClientBuilder::<TestService>::new()
        .base_url(base)
        .api_key(API_KEY)
        .request_timeout(Duration::from_secs(5))
        .retry(RetryOptions::none());
    if let Some(limit) = limit {
        builder = builder.max_response_bytes(limit);
    }
    builder.build().expect("a client")
}

fn get() -> Operation {
    Operation::get("Test.get", "ting")
}

// ---- Redirects -------------------------------------------------------------------------------

const REDIRECTS: [u16; 5] = [301, 302, 303, 307, 308];

/// Routes `/flytt/{status}/{i}` on `server` that redirect to `targets[i]` with that status.
async fn mount_redirects(server: &MockServer, targets: &[String]) {
    for status in REDIRECTS {
        for (i, target) in targets.iter().enumerate() {
            for m in ["GET", "POST"] {
                server
                    .mount(
                        Mock::given(method(m))
                            .and(path(format!("/flytt/{status}/{i}")))
                            .respond_with(
                                ResponseTemplate::new(status)
                                    .insert_header("location", target.as_str()),
                            ),
                    )
                    .await;
            }
        }
    }
}

fn redirect_op(verb: &str, status: u16, i: usize) -> Operation {
    let op = match verb {
        "GET" => Operation::get("Test.flytt", "flytt/{status}/{i}"),
        _ => Operation::post("Test.flyttOpprett", "flytt/{status}/{i}")
            .json(&json!({"tittel": "Søknad"}))
            .expect("a JSON body")
            .idempotency_key(None),
    };
    op.path_param("status", status).path_param("i", i)
}

fn carries_credentials(r: &ReceivedRequest) -> bool {
    r.header("authorization").is_some()
        && r.header("dpop").is_some()
        && r.header(hint_core::DEFAULT_API_KEY_HEADER) == Some(API_KEY)
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed_and_carries_no_credentials() {
    let elsewhere = HostileServer::start(|_| Reply::json(200, &json!({"stjaalet": true}))).await;
    let server = MockServer::builder()
        .api_key(API_KEY)
        .helseid()
        .start()
        .await;
    let port = server.uri().port().expect("a port");
    let targets = [
        // Another port on the same address: another origin.
        elsewhere.url().join("stjel").expect("a URL").to_string(),
        // Scheme-relative: resolved against the request, still the other port.
        format!("//{}/stjel", elsewhere.addr()),
        // The very same listener under another host name: another origin all the same.
        format!("http://localhost:{port}/stjel"),
        // Another scheme on the same host and port.
        format!("https://127.0.0.1:{port}/stjel"),
    ];
    mount_redirects(&server, &targets).await;
    let client: TestService = server
        .client_builder()
        .await
        .retry(RetryOptions::none())
        .build()
        .expect("a client");

    for status in REDIRECTS {
        for (i, target) in targets.iter().enumerate() {
            for verb in ["GET", "POST"] {
                let err = client
                    .0
                    .send(redirect_op(verb, status, i))
                    .await
                    .expect_err("a redirect to another origin must not succeed");
                let at = format!("{verb} {status} → {target}");
                assert_eq!(err.kind(), ErrorKind::Service, "{at}: {err:?}");
                assert_eq!(err.status(), Some(status), "{at}: {err}");
                assert!(!err.is_retryable(), "{at}");
                assert!(err.request_id().is_some(), "{at}");
            }
        }
    }
    assert!(
        elsewhere.seen().is_empty(),
        "another origin got requests: {:?}",
        elsewhere.seen()
    );
    let received = server.received_requests().await;
    assert!(
        received.iter().all(|r| r.path != "/stjel"),
        "the redirect was followed under another host name"
    );
    // The test means something only if the credentials were there to leak.
    let first = received
        .iter()
        .filter(|r| r.path.starts_with("/flytt/"))
        .collect::<Vec<_>>();
    assert_eq!(first.len(), REDIRECTS.len() * targets.len() * 2);
    assert!(first.iter().all(|r| carries_credentials(r)));
}

#[tokio::test]
async fn a_same_origin_hop_then_another_origin_is_stopped_at_the_second() {
    let elsewhere = HostileServer::start(|_| Reply::json(200, &json!({"stjaalet": true}))).await;
    let server = MockServer::builder().api_key(API_KEY).start().await;
    server
        .mount(
            Mock::given(method("GET"))
                .and(path("/start"))
                .respond_with(ResponseTemplate::new(302).insert_header("location", "/mellom")),
        )
        .await;
    let away = elsewhere.url().join("stjel").expect("a URL").to_string();
    server
        .mount(
            Mock::given(method("GET"))
                .and(path("/mellom"))
                .respond_with(ResponseTemplate::new(307).insert_header("location", away.as_str())),
        )
        .await;
    let client = client(server.uri(), None);
    let err = client
        .0
        .send(Operation::get("Test.start", "start"))
        .await
        .expect_err("the second hop leaves the origin");
    assert_eq!(err.status(), Some(307), "{err}");
    let paths: Vec<_> = server
        .received_requests()
        .await
        .into_iter()
        .map(|r| r.path)
        .collect();
    assert_eq!(
        paths,
        ["/start", "/mellom"],
        "the same-origin hop was followed"
    );
    assert!(elsewhere.seen().is_empty());
}

#[tokio::test]
async fn a_same_origin_redirect_is_followed_with_the_api_key() {
    let server = MockServer::builder().api_key(API_KEY).start().await;
    for (m, status) in [("GET", 301), ("POST", 307)] {
        server
            .mount(
                Mock::given(method(m))
                    .and(path("/gammel"))
                    .respond_with(ResponseTemplate::new(status).insert_header("location", "/ny")),
            )
            .await;
        server
            .mount(
                Mock::given(method(m))
                    .and(path("/ny"))
                    .respond_with(ResponseTemplate::new(200).set_body_json(json!({"metode": m}))),
            )
            .await;
    }
    let client = client(server.uri(), None);

    let got: serde_json::Value = client
        .0
        .send_json(Operation::get("Test.gammel", "gammel"))
        .await
        .expect("a same-origin redirect is followed");
    assert_eq!(got["metode"], "GET");
    // 307 keeps the method and the body.
    let got: serde_json::Value = client
        .0
        .send_json(
            Operation::post("Test.gammelOpprett", "gammel")
                .json(&json!({"tittel": "Søknad"}))
                .expect("a JSON body"),
        )
        .await
        .expect("a same-origin 307 is followed");
    assert_eq!(got["metode"], "POST");

    let moved: Vec<_> = server
        .received_requests()
        .await
        .into_iter()
        .filter(|r| r.path == "/ny")
        .collect();
    assert_eq!(moved.len(), 2);
    assert!(
        moved
            .iter()
            .all(|r| r.header(hint_core::DEFAULT_API_KEY_HEADER) == Some(API_KEY))
    );
    assert_eq!(
        moved[1].json(),
        Some(json!({"tittel": "Søknad"})),
        "307 resent the body"
    );
}

#[tokio::test]
async fn a_callers_own_client_that_follows_a_redirect_elsewhere_gets_no_answer_from_there() {
    // reqwest's default policy follows redirects to other hosts. The SDK cannot stop a client it
    // did not build from following (`ClientBuilder::http_client` says how to build one that does
    // not), but it refuses to hand on an answer from another origin as the service's.
    let elsewhere = HostileServer::start(|_| Reply::json(200, &json!({"stjaalet": true}))).await;
    let server = MockServer::builder().api_key(API_KEY).start().await;
    let away = elsewhere.url().join("stjel").expect("a URL").to_string();
    server
        .mount(
            Mock::given(method("GET"))
                .and(path("/ting"))
                .respond_with(ResponseTemplate::new(302).insert_header("location", away.as_str())),
        )
        .await;
    let following: TestService = ClientBuilder::new()
        .base_url(server.uri())
        .api_key(API_KEY)
        .http_client(reqwest::Client::new())
        .retry(RetryOptions::none())
        .build()
        .expect("a client");
    let err = following
        .0
        .send(get())
        .await
        .expect_err("an answer from another origin is refused");
    assert_eq!(err.kind(), ErrorKind::Config, "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("another origin") && message.contains("Policy::none"),
        "{message}"
    );
    assert!(
        !message.contains("stjel"),
        "only the origin is named: {message}"
    );
    assert_eq!(elsewhere.seen().len(), 1, "the caller's client did follow");

    // Built as documented, the caller's client leaves the redirect to the SDK: nothing leaves.
    let careful: TestService = ClientBuilder::new()
        .base_url(server.uri())
        .api_key(API_KEY)
        .http_client(
            reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("a reqwest client"),
        )
        .retry(RetryOptions::none())
        .build()
        .expect("a client");
    let err = careful.0.send(get()).await.expect_err("a 302");
    assert_eq!(err.status(), Some(302), "{err:?}");
    assert_eq!(elsewhere.seen().len(), 1, "nothing more went elsewhere");
}

#[tokio::test]
async fn a_same_origin_redirect_under_dpop_gets_a_proof_for_the_new_url() {
    // A DPoP proof is bound to the URL it was made for (`htu`). The SDK follows redirects itself,
    // so the hop carries a new proof for the new URL, which the mock checks like any other.
    let server = MockServer::builder()
        .api_key(API_KEY)
        .helseid()
        .start()
        .await;
    server
        .mount(
            Mock::given(method("GET"))
                .and(path("/gammel"))
                .respond_with(ResponseTemplate::new(301).insert_header("location", "/ny")),
        )
        .await;
    server
        .mount(
            Mock::given(method("GET"))
                .and(path("/ny"))
                .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true}))),
        )
        .await;
    let client: TestService = server.client_builder().await.build().expect("a client");
    let got: serde_json::Value = client
        .0
        .send_json(Operation::get("Test.gammel", "gammel"))
        .await
        .expect("the hop has a proof of its own");
    assert_eq!(got["ok"], true);
    let paths: Vec<_> = server
        .received_requests()
        .await
        .into_iter()
        .map(|r| r.path)
        .collect();
    assert_eq!(paths, ["/gammel", "/ny"]);
}

#[tokio::test]
async fn a_redirect_loop_on_one_origin_ends_with_an_error() {
    let server = MockServer::builder().api_key(API_KEY).start().await;
    server
        .mount(
            Mock::given(method("GET"))
                .and(path("/rundt"))
                .respond_with(ResponseTemplate::new(302).insert_header("location", "/rundt")),
        )
        .await;
    let client = client(server.uri(), None);
    let err = client
        .0
        .send(Operation::get("Test.rundt", "rundt"))
        .await
        .expect_err("a loop cannot succeed");
    assert_eq!(err.status(), Some(302), "{err:?}");
    let hops = server.received_requests().await.len();
    assert!((2..=10).contains(&hops), "{hops} requests for one call");
}

// ---- http:// base URLs ---------------------------------------------------------------------------

#[test]
fn http_is_refused_for_every_host_that_is_not_loopback() {
    let refused = [
        "http://api.helsedirektoratet.no/hint/arkiv/v1/",
        "http://10.0.0.1/",
        "http://192.168.1.10:8080/",
        "http://169.254.169.254/latest/meta-data/",
        "http://0.0.0.0/",
        "http://[::]/",
        "http://[::ffff:127.0.0.1]/",
        "http://127.0.0.1.nip.io/",
        "http://localhost.example.no/",
        "http://localhost./",
        // The user info is not the host: the host is the domain after the `@`.
        "http://127.0.0.1@api.example.no/",
        "http://localhost:80@api.example.no/",
    ];
    for url in refused {
        let parsed = Url::parse(url).expect("a URL");
        for via_environment in [false, true] {
            let builder = ClientBuilder::<TestService>::new();
            let builder = if via_environment {
                builder.environment(Environment::Custom(parsed.clone()))
            } else {
                builder.base_url(parsed.clone())
            };
            let err = builder.build().expect_err(url);
            assert_eq!(err.kind(), ErrorKind::Config, "{url}: {err}");
            let message = err.to_string();
            assert!(
                message.contains("http://")
                    && message.contains("not loopback")
                    && message.contains("use https://"),
                "{url}: the rule is not named: {message}"
            );
        }
    }
    for url in ["ftp://127.0.0.1/", "ws://127.0.0.1/", "file:///etc/passwd"] {
        let err = ClientBuilder::<TestService>::new()
            .base_url(Url::parse(url).expect("a URL"))
            .build()
            .expect_err(url);
        assert_eq!(err.kind(), ErrorKind::Config, "{url}");
        assert!(err.to_string().contains("https://"), "{url}: {err}");
    }
}

#[test]
fn http_is_allowed_for_loopback_and_https_anywhere() {
    for url in [
        "http://127.0.0.1:1/",
        "http://127.10.20.30/",
        "http://localhost:8080/",
        "http://LOCALHOST/",
        "http://[::1]:9/",
        "https://api.helsedirektoratet.no/",
        "https://10.0.0.1/",
    ] {
        let built = ClientBuilder::<TestService>::new()
            .base_url(Url::parse(url).expect("a URL"))
            .build();
        assert!(built.is_ok(), "{url}: {:?}", built.err());
    }
}

#[tokio::test]
async fn http_to_127_0_0_1_localhost_and_ipv6_loopback_works_end_to_end() {
    let v4 = HostileServer::start(|_| Reply::json(200, &json!({"ok": true}))).await;
    let v6 = HostileServer::start_on(IpAddr::V6(Ipv6Addr::LOCALHOST), |_| {
        Reply::json(200, &json!({"ok": true}))
    })
    .await;
    let bases = [
        v4.url(),
        Url::parse(&format!("http://localhost:{}/", v4.addr().port())).expect("a URL"),
        v6.url(),
    ];
    for base in bases {
        let got: serde_json::Value = client(base.clone(), None)
            .0
            .send_json(get())
            .await
            .unwrap_or_else(|e| panic!("{base}: {e}"));
        assert_eq!(got["ok"], true, "{base}");
    }
    for server in [&v4, &v6] {
        assert!(
            server
                .seen()
                .iter()
                .all(
                    |s| s.header(hint_core::DEFAULT_API_KEY_HEADER) == Some(API_KEY)
                        && s.method == "GET"
                        && s.target == "/ting"
                ),
            "{:?}",
            server.seen()
        );
    }
    assert_eq!(v4.seen().len() + v6.seen().len(), 3);
}

// ---- Response size -------------------------------------------------------------------------------

fn assert_too_large(err: &hint_core::Error, limit: usize, at: &str) {
    assert_eq!(err.kind(), ErrorKind::BodyTooLarge, "{at}: {err:?}");
    assert!(err.to_string().contains(&limit.to_string()), "{at}: {err}");
    assert!(!err.is_retryable(), "{at}");
    assert_eq!(err.operation(), Some("Test.get"), "{at}");
}

#[tokio::test]
async fn the_default_limit_applies_to_an_announced_length() {
    // The head announces one byte more than 32 MiB; the client refuses before reading any body.
    let server = HostileServer::start(|_| {
        Reply::raw(
            format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                DEFAULT_LIMIT + 1
            ),
            "{\"a\": 1",
        )
    })
    .await;
    let client = client(server.url(), None);
    assert_eq!(client.0.max_response_bytes(), DEFAULT_LIMIT);
    let started = Instant::now();
    let err = client
        .0
        .send(get())
        .await
        .expect_err("over the default limit");
    assert_too_large(&err, DEFAULT_LIMIT, "announced");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn the_default_limit_applies_to_a_chunked_body_without_length() {
    // 513 chunks of 64 KiB: 64 KiB over the limit, with no length announced.
    let server =
        HostileServer::start(|_| Reply::chunked(200, 64 * 1024, 513, Duration::ZERO)).await;
    let err = client(server.url(), None)
        .0
        .send(get())
        .await
        .expect_err("over the default limit");
    assert_too_large(&err, DEFAULT_LIMIT, "chunked");
}

#[tokio::test]
async fn a_smaller_limit_holds_however_the_body_is_framed() {
    let big = SMALL_LIMIT * 10;
    let cases: Vec<(&str, Reply)> = vec![
        (
            "honest Content-Length",
            Reply::raw(
                format!("HTTP/1.1 200 OK\r\ncontent-length: {big}\r\nconnection: close\r\n\r\n"),
                vec![b' '; big],
            ),
        ),
        (
            "Content-Length larger than the limit, body missing",
            Reply::raw(
                format!("HTTP/1.1 200 OK\r\ncontent-length: {big}\r\nconnection: close\r\n\r\n"),
                "{}",
            ),
        ),
        (
            "a petabyte announced",
            Reply::raw(
                format!(
                    "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    1u64 << 50
                ),
                "{}",
            ),
        ),
        (
            "chunked, many small chunks",
            Reply::chunked(200, 100, big / 100, Duration::ZERO),
        ),
        (
            "chunked, one chunk over the limit",
            Reply::chunked(200, big, 1, Duration::ZERO),
        ),
        (
            "no length, ended by closing the connection",
            Reply::raw(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n"
                    .to_owned(),
                vec![b' '; big],
            ),
        ),
    ];
    for (at, reply) in cases {
        let server = HostileServer::start(move |_| reply.clone()).await;
        let result = client(server.url(), Some(SMALL_LIMIT)).0.send(get()).await;
        match result {
            Err(err) => assert_too_large(&err, SMALL_LIMIT, at),
            Ok(r) => panic!(
                "{at}: read {} bytes over a {SMALL_LIMIT}-byte limit",
                r.body().len()
            ),
        }
    }
}

#[tokio::test]
async fn a_content_length_past_u64_is_a_broken_response_not_a_panic() {
    let server = HostileServer::start(|_| {
        Reply::raw(
            "HTTP/1.1 200 OK\r\ncontent-length: 99999999999999999999999\r\nconnection: close\r\n\r\n"
                .to_owned(),
            "{}",
        )
    })
    .await;
    let err = client(server.url(), Some(SMALL_LIMIT))
        .0
        .send(get())
        .await
        .expect_err("an unreadable head");
    assert_eq!(err.kind(), ErrorKind::Transport, "{err:?}");
    assert_eq!(err.operation(), Some("Test.get"));
}

#[tokio::test]
async fn a_lying_small_content_length_never_lets_more_than_it_announced_in() {
    // The head says 100 bytes and 10 KiB follow: the client reads the 100 it was promised (HTTP
    // framing), so the lie cannot push it past the limit.
    let server = HostileServer::start(|_| {
        Reply::raw(
            "HTTP/1.1 200 OK\r\ncontent-length: 100\r\nconnection: close\r\n\r\n".to_owned(),
            vec![b'x'; 10 * SMALL_LIMIT],
        )
    })
    .await;
    let response = client(server.url(), Some(SMALL_LIMIT))
        .0
        .send(get())
        .await
        .expect("the announced 100 bytes are within the limit");
    assert_eq!(response.body().len(), 100);
    // Decoding it is a decode error, not a panic.
    let err = response
        .json::<serde_json::Value>()
        .expect_err("100 x's are not JSON");
    assert_eq!(err.kind(), ErrorKind::Decode);
}

#[tokio::test]
async fn an_error_body_is_read_only_up_to_its_own_small_limit() {
    // A 400 followed by 8 MiB: the status is what matters; the client reads a small part of the
    // body for the message and does not wait for the rest.
    let server =
        HostileServer::start(|_| Reply::chunked(400, 64 * 1024, 128, Duration::ZERO)).await;
    let started = Instant::now();
    let err = client(server.url(), None)
        .0
        .send(get())
        .await
        .expect_err("a 400");
    assert_eq!(err.kind(), ErrorKind::Service, "{err:?}");
    assert_eq!(err.status(), Some(400));
    assert!(err.message().len() < 64 * 1024);
    // 512 characters and the ellipsis that says it was cut.
    assert!(err.body_excerpt().is_none_or(|e| e.chars().count() <= 513));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_trickled_body_runs_into_the_request_timeout() {
    // The head comes at once, then one byte every 50 ms for two seconds.
    let server =
        HostileServer::start(|_| Reply::chunked(200, 1, 40, Duration::from_millis(50))).await;
    let client: TestService = ClientBuilder::new()
        .base_url(server.url())
        .request_timeout(Duration::from_millis(300))
        .retry(RetryOptions::none())
        .build()
        .expect("a client");
    let started = Instant::now();
    let err = client.0.send(get()).await.expect_err("too slow");
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
}

// ---- Streaming responses ------------------------------------------------------------------------

#[tokio::test]
async fn streaming_downloads_are_not_held_to_the_buffered_limit() {
    // Documented on `ClientBuilder::max_response_bytes`: a download is read piece by piece, so
    // the in-memory limit does not apply; the caller decides where the bytes go.
    let server = HostileServer::start(|_| Reply::chunked(200, 4096, 16, Duration::ZERO)).await;
    let mut response = client(server.url(), Some(SMALL_LIMIT))
        .0
        .send_streaming(get())
        .await
        .expect("headers");
    let mut total = 0;
    for _ in 0..1000 {
        match response.chunk().await.expect("a piece") {
            Some(piece) => total += piece.len(),
            None => break,
        }
    }
    assert_eq!(total, 16 * 4096);
}

#[tokio::test]
async fn a_stalled_download_ends_with_a_timeout() {
    // One piece, then nothing for longer than the request timeout (the server gives up after a
    // few seconds, which must not be what ends the wait).
    let server =
        HostileServer::start(|_| Reply::chunked_open(200, 100, 2, Duration::from_secs(8))).await;
    let client: TestService = ClientBuilder::new()
        .base_url(server.url())
        .request_timeout(Duration::from_millis(500))
        .retry(RetryOptions::none())
        .build()
        .expect("a client");
    let mut response = client.0.send_streaming(get()).await.expect("headers");
    let first = response.chunk().await.expect("the first piece");
    assert_eq!(first.map(|b| b.len()), Some(100));
    let started = Instant::now();
    let next = tokio::time::timeout(Duration::from_secs(4), response.chunk())
        .await
        .expect("a stalled download must end by itself, not hang");
    let err = next.expect_err("a stall is an error");
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}
