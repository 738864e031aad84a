//! The hostile-server suite of issue 15, the generic half: one test per point, each against the
//! raw scripted server of `hint_testkit::hostile`, through the public API. The points that need a
//! service crate are in `examples/tests/hostile.rs`. Needs feature `mock`.

mod common;

use std::time::Duration;

use common::TestService;
use hint_core::helseid_auth::{Algorithm, HelseIdClient, SigningKey, TokenType};
use hint_core::{
    ClientBuilder, Error, ErrorKind, MAX_TEXT_BYTES, Operation, PageStyle, RetryOptions, Url,
};
use hint_testkit::hostile::{HostileServer, Reply, Seen};
use serde_json::json;

const API_KEY: &str = "hemmelig-abonnementsnokkel-42";
const TOKEN: &str = "opaque-access-token-0123456789";

fn builder(base: Url) -> ClientBuilder<TestService> {
    ClientBuilder::<TestService>::new()
        .base_url(base)
        .api_key(API_KEY)
        .request_timeout(Duration::from_secs(5))
        .retry(RetryOptions::none())
}

fn client(base: Url) -> TestService {
    builder(base).build().expect("a client")
}

fn get() -> Operation {
    Operation::get("Test.get", "ting")
}

/// Every way an error is shown, in one string.
fn shown(err: &Error) -> String {
    format!(
        "{err} | {err:?} | {} | {:?} | {:?} | {:?}",
        err.message(),
        err.body_excerpt(),
        err.code(),
        err.field()
    )
}

/// Fast retries, for the cases that count them.
fn quick_retries(attempts: u32) -> RetryOptions {
    RetryOptions::default()
        .with_max_attempts(attempts)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(2))
}

// ---- 1. Requests go where they say -------------------------------------------------------------

#[tokio::test]
async fn p01_dot_segments_in_path_parameters_are_refused_before_sending() {
    let server = HostileServer::start(|_| Reply::json(200, &json!({}))).await;
    let client = client(server.url());
    for bad in ["", ".", "..", "..;", ".;a=b"] {
        for method in ["GET", "PATCH", "POST"] {
            let op = match method {
                "GET" => Operation::get("Test.getSak", "saker/{systemID}"),
                "PATCH" => Operation::patch("Test.updateSak", "saker/{systemID}"),
                _ => Operation::post("Test.kanseller", "utbetalinger/{id}/kanseller"),
            };
            let op = op.path_param("systemID", bad).path_param("id", bad);
            let err = client.0.send(op).await.expect_err("refused");
            assert!(err.is_invalid_input(), "{bad:?} {method}: {err:?}");
            assert!(
                matches!(err.field(), Some("systemID" | "id")),
                "{bad:?}: {err:?}"
            );
        }
    }
    // Dots inside a value, and a slash, stay one segment on the wire.
    let op = Operation::get("Test.getSak", "saker/{systemID}").path_param("systemID", "a/../b");
    client.0.send(op).await.expect("one segment");
    assert_eq!(server.hits(), 1, "nothing refused was sent");
    assert_eq!(server.seen()[0].target, "/saker/a%2F..%2Fb");
}

// ---- 2. The deadline covers HelseID -----------------------------------------------------------

/// A HelseID on the hostile server: the discovery document is honest, the token endpoint answers
/// what `token` scripts.
async fn hostile_helseid(
    token: impl Fn(&Seen) -> Reply + Send + Sync + 'static,
) -> (HostileServer, HelseIdClient) {
    let server = HostileServer::start(move |seen| {
        if seen.path().ends_with("openid-configuration") {
            let origin = format!("http://{}", seen.header("host").unwrap_or_default());
            Reply::json(
                200,
                &json!({"issuer": origin, "token_endpoint": format!("{origin}/connect/token")}),
            )
        } else {
            token(seen)
        }
    })
    .await;
    let helseid = HelseIdClient::builder()
        .issuer(server.url())
        .client_id("hostile-test")
        .signing_key(SigningKey::generate(Algorithm::ES256).expect("a key"))
        .token_type(TokenType::Bearer)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a HelseID client");
    (server, helseid)
}

#[tokio::test]
async fn p02_the_deadline_covers_a_helseid_that_never_answers() {
    let (helseid_server, helseid) = hostile_helseid(|_| Reply::silence()).await;
    let api = HostileServer::start(|_| Reply::json(200, &json!({}))).await;
    let client: TestService = builder(api.url())
        .helseid(helseid)
        .request_timeout(Duration::from_secs(2))
        .retry(RetryOptions::default().with_deadline(Duration::from_millis(800)))
        .build()
        .expect("a client");
    // HelseID's own timeout is 10 s: only the call's deadline can end this within the bound.
    let err = tokio::time::timeout(Duration::from_secs(5), client.0.send(get()))
        .await
        .expect("the deadline ends the call, not HelseID's timeout")
        .expect_err("no token");
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err:?}");
    assert!(err.to_string().contains("deadline"), "{err}");
    assert!(err.to_string().contains("token"), "{err}");
    assert_eq!(api.hits(), 0);
    assert!(
        helseid_server.hits() >= 2,
        "discovery and the token request"
    );
}

#[tokio::test]
async fn p02_a_transient_helseid_failure_is_retryable_and_retried() {
    let (helseid_server, helseid) = hostile_helseid(|seen| {
        if seen.index < 3 {
            Reply::json(503, &json!({"error": "temporarily_unavailable"}))
        } else {
            Reply::json(
                200,
                &json!({"access_token": TOKEN, "token_type": "Bearer", "expires_in": 600}),
            )
        }
    })
    .await;
    let api = HostileServer::start(|_| Reply::json(200, &json!({"ok": true}))).await;
    let no_retries: TestService = builder(api.url())
        .helseid(helseid.clone())
        .build()
        .expect("a client");
    let err = no_retries
        .0
        .send(get())
        .await
        .expect_err("HelseID said 503");
    assert!(err.is_retryable(), "{err:?}");
    assert!(err.is_auth(), "{err:?}");
    let retrying: TestService = builder(api.url())
        .helseid(helseid)
        .retry(quick_retries(4))
        .build()
        .expect("a client");
    retrying
        .0
        .send(get())
        .await
        .expect("the second token request succeeds");
    assert_eq!(api.hits(), 1);
    assert_eq!(
        api.seen()[0].header("authorization"),
        Some(&*format!("Bearer {TOKEN}"))
    );
    assert!(helseid_server.hits() >= 4);
}

#[tokio::test]
async fn p02_a_helseid_that_cannot_be_reached_is_retryable_and_retried() {
    // A port nothing listens on: the connection is refused.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let issuer: Url = format!("http://{}/", closed.local_addr().expect("an address"))
        .parse()
        .expect("a URL");
    drop(closed);
    let helseid = HelseIdClient::builder()
        .issuer(issuer)
        .client_id("hostile-test")
        .signing_key(SigningKey::generate(Algorithm::ES256).expect("a key"))
        .token_type(TokenType::Bearer)
        .build()
        .expect("a HelseID client");
    let api = HostileServer::start(|_| Reply::json(200, &json!({}))).await;
    let client: TestService = builder(api.url())
        .helseid(helseid)
        .retry(quick_retries(3))
        .build()
        .expect("a client");
    let err = client.0.send(get()).await.expect_err("no HelseID");
    assert!(err.is_retryable(), "{err:?}");
    assert_eq!(err.kind(), ErrorKind::Connect, "{err:?}");
    assert_eq!(err.attempts(), Some(3), "every try asked HelseID again");
    assert_eq!(api.hits(), 0, "the service never saw a request");
}

#[tokio::test]
async fn p02_a_helseid_token_endpoint_that_times_out_is_retryable_and_retried() {
    // The first two token requests get no answer, the third a token.
    let token_requests = std::sync::atomic::AtomicUsize::new(0);
    let (helseid_server, _) = hostile_helseid(move |_| {
        if token_requests.fetch_add(1, std::sync::atomic::Ordering::SeqCst) < 2 {
            Reply::silence()
        } else {
            Reply::json(
                200,
                &json!({"access_token": TOKEN, "token_type": "Bearer", "expires_in": 600}),
            )
        }
    })
    .await;
    // HelseID's own timeout is short here; the call's request timeout is not.
    let helseid = HelseIdClient::builder()
        .issuer(helseid_server.url())
        .client_id("hostile-test")
        .signing_key(SigningKey::generate(Algorithm::ES256).expect("a key"))
        .token_type(TokenType::Bearer)
        .timeout(Duration::from_millis(300))
        .build()
        .expect("a HelseID client");
    let api = HostileServer::start(|_| Reply::json(200, &json!({"ok": true}))).await;
    let once: TestService = builder(api.url())
        .helseid(helseid.clone())
        .build()
        .expect("a client");
    let err = once.0.send(get()).await.expect_err("HelseID was silent");
    assert!(err.is_retryable(), "{err:?}");
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err:?}");
    let retrying: TestService = builder(api.url())
        .helseid(helseid)
        .retry(quick_retries(4))
        .build()
        .expect("a client");
    retrying
        .0
        .send(get())
        .await
        .expect("a later token request succeeds");
    assert_eq!(api.hits(), 1);
    assert_eq!(
        api.seen()[0].header("authorization"),
        Some(&*format!("Bearer {TOKEN}"))
    );
}

// ---- 3. Downloads stop at the declared size, a stall, a deadline ---------------------------------

#[tokio::test]
async fn p03_a_download_stops_at_the_declared_size() {
    // Chunked, no length: 256 chunks of 1 KiB for a file declared as 5 bytes.
    let server = HostileServer::start(|_| Reply::chunked(200, 1024, 256, Duration::ZERO)).await;
    let response = client(server.url())
        .0
        .send_streaming(get())
        .await
        .expect("headers");
    let mut response = response.limit_len(5).expect("no length announced");
    let err = response
        .chunk()
        .await
        .expect_err("the first piece is too much");
    assert_eq!(err.kind(), ErrorKind::BodyTooLarge, "{err:?}");
    assert!(err.to_string().contains("5 bytes"), "{err}");
    // An announced length over the limit is refused before any byte is read.
    let honest =
        HostileServer::start(|_| Reply::status(200, "application/pdf", &[], vec![b'x'; 100])).await;
    let response = client(honest.url())
        .0
        .send_streaming(get())
        .await
        .expect("headers");
    let err = response.limit_len(5).expect_err("100 > 5");
    assert_eq!(err.kind(), ErrorKind::BodyTooLarge);
}

#[tokio::test]
async fn p03_a_stalled_or_dribbled_download_ends() {
    // A stall: one piece, then silence; the configured stall timeout ends it.
    let stalled =
        HostileServer::start(|_| Reply::chunked_open(200, 10, 1, Duration::ZERO).hang()).await;
    let client_stall: TestService = builder(stalled.url())
        .download_stall_timeout(Some(Duration::from_millis(300)))
        .build()
        .expect("a client");
    let mut response = client_stall.0.send_streaming(get()).await.expect("headers");
    assert_eq!(
        response.chunk().await.expect("a piece").map(|b| b.len()),
        Some(10)
    );
    let err = tokio::time::timeout(Duration::from_secs(4), response.chunk())
        .await
        .expect("ends by itself")
        .expect_err("stalled");
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.to_string().contains("stall"), "{err}");
    // A dribble: one byte every 50 ms keeps clear of any stall timeout; the deadline ends it.
    let dribbled = HostileServer::start(|_| {
        Reply::default()
            .write(
                "HTTP/1.1 200 OK\r\ncontent-type: application/pdf\r\ncontent-length: 1000\r\nconnection: close\r\n\r\n",
            )
            .dribble(vec![b'x'; 1000], Duration::from_millis(50))
    })
    .await;
    let client_deadline: TestService = builder(dribbled.url())
        .download_deadline(Duration::from_millis(600))
        .build()
        .expect("a client");
    let mut response = client_deadline
        .0
        .send_streaming(get())
        .await
        .expect("headers");
    let err = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match response.chunk().await {
                Ok(Some(_)) => continue,
                Ok(None) => panic!("a dribbled 1000 bytes cannot finish within the deadline"),
                Err(err) => break err,
            }
        }
    })
    .await
    .expect("the deadline ends it");
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.to_string().contains("deadline"), "{err}");
}

// ---- 4. Endless listings -----------------------------------------------------------------------

#[tokio::test]
async fn p04_a_listing_of_endless_empty_pages_ends_with_an_error() {
    let server = HostileServer::start(|seen| {
        let n = seen.index + 1;
        Reply::json(
            200,
            &json!({"value": [], "nextLink": format!("/ting?side={n}")}),
        )
    })
    .await;
    let mut pager = client(server.url())
        .0
        .pager::<serde_json::Value>(get(), PageStyle::NextLink);
    let err = tokio::time::timeout(Duration::from_secs(10), pager.next())
        .await
        .expect("ends")
        .expect("an answer")
        .expect_err("an error, not an endless wait");
    assert!(err.to_string().contains("empty pages in a row"), "{err}");
    assert_eq!(server.hits(), 4);
    assert!(pager.next().await.is_none());
    // Pages with one item each, never ending: the page cap ends them.
    let server = HostileServer::start(|seen| {
        let n = seen.index + 1;
        Reply::json(
            200,
            &json!({"value": [n], "nextLink": format!("/ting?side={n}")}),
        )
    })
    .await;
    let err = client(server.url())
        .0
        .pager::<u64>(get(), PageStyle::NextLink)
        .max_pages(20)
        .collect_all()
        .await
        .expect_err("capped");
    assert!(err.to_string().contains("20 pages"), "{err}");
    assert_eq!(server.hits(), 20);
}

// ---- 5. Echoed secrets --------------------------------------------------------------------------

#[tokio::test]
async fn p05_a_server_that_echoes_the_credentials_does_not_get_them_into_errors() {
    for status in [400, 401, 500] {
        let server = HostileServer::start(move |seen| {
            let echo = format!(
                "Authorization: {} / key {} / proof {}",
                seen.header("authorization").unwrap_or_default(),
                seen.header(hint_core::DEFAULT_API_KEY_HEADER)
                    .unwrap_or_default(),
                seen.header("authorization")
                    .unwrap_or_default()
                    .trim_start_matches("Bearer "),
            );
            Reply::json(
                status,
                &json!({"error": {"code": echo, "message": echo, "target": echo}}),
            )
        })
        .await;
        let client: TestService = builder(server.url())
            .bearer_token(TOKEN)
            .build()
            .expect("a client");
        let err = client.0.send(get()).await.expect_err("an error status");
        assert_eq!(
            server.seen()[0].header("authorization"),
            Some(&*format!("Bearer {TOKEN}")),
            "the server did get them"
        );
        let text = shown(&err);
        assert!(!text.contains(TOKEN), "{status}: {text}");
        assert!(!text.contains(API_KEY), "{status}: {text}");
        assert!(text.contains("***"), "{status}: {text}");
    }
}

#[tokio::test]
async fn p05_an_operation_s_own_secret_header_is_kept_out_of_errors_too() {
    // The operation sends a key of its own in the API key's header, beside another header: the
    // error must not show that key when the server echoes it.
    const OWN_KEY: &str = "operasjonens-egen-nokkel-77";
    let server = HostileServer::start(|seen| {
        let echo = format!(
            "key {}",
            seen.header(hint_core::DEFAULT_API_KEY_HEADER)
                .unwrap_or_default()
        );
        Reply::json(400, &json!({"error": {"code": echo, "message": echo}}))
    })
    .await;
    let op = get()
        .accept("application/json")
        .header(hint_core::DEFAULT_API_KEY_HEADER, OWN_KEY)
        .expect("valid header");
    let err = client(server.url()).0.send(op).await.expect_err("400");
    assert_eq!(
        server.seen()[0].header(hint_core::DEFAULT_API_KEY_HEADER),
        Some(OWN_KEY),
        "the server did get it"
    );
    let text = shown(&err);
    assert!(!text.contains(OWN_KEY), "{text}");
    assert!(text.contains("***"), "{text}");
}

// ---- 6. Personal numbers in every form ----------------------------------------------------------

#[tokio::test]
async fn p06_personal_numbers_are_masked_in_every_form() {
    let forms = [
        "05866310086",
        "058663 10086",
        "058663-10086",
        "0586631008612",
    ];
    let server = HostileServer::start(move |_| {
        let text = format!("Ukjent bruker {}", forms.join(", "));
        Reply::json(400, &json!({"feil": {"kode": "400", "beskrivelse": text}}))
    })
    .await;
    let err = client(server.url()).0.send(get()).await.expect_err("400");
    let text = shown(&err);
    for needle in ["05866310086", "058663", "10086"] {
        assert!(!text.contains(needle), "{needle}: {text}");
    }
    // HelseID's error_description names the user too.
    let (_helseid_server, helseid) = hostile_helseid(|_| {
        Reply::json(
            400,
            &json!({"error": "invalid_request", "error_description": "Bruker 05866310086 mangler tilgang"}),
        )
    })
    .await;
    let client: TestService = builder(server.url())
        .helseid(helseid)
        .build()
        .expect("a client");
    let err = client.0.send(get()).await.expect_err("HelseID refused");
    assert!(err.is_auth(), "{err:?}");
    let text = shown(&err);
    assert!(!text.contains("05866310086"), "{text}");
    assert!(text.contains("mangler tilgang"), "{text}");
}

// ---- 7. Capped texts ----------------------------------------------------------------------------

#[tokio::test]
async fn p07_every_text_an_error_carries_is_capped() {
    let huge = "x".repeat(4 * 1024 * 1024);
    let decode = HostileServer::start({
        let huge = huge.clone();
        move |_| {
            Reply::status(
                200,
                "application/json",
                &[],
                format!(r#"{{"beloep": "{huge}"}}"#),
            )
        }
    })
    .await;
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Utbetaling {
        beloep: u64,
    }
    let err = client(decode.url())
        .0
        .send_json::<Utbetaling>(get())
        .await
        .expect_err("not a number");
    assert_eq!(err.kind(), ErrorKind::Decode);
    let status = HostileServer::start(move |_| {
        Reply::json(
            400,
            &json!({"error": {"code": huge, "message": huge, "target": huge}}),
        )
    })
    .await;
    let err400 = client(status.url()).0.send(get()).await.expect_err("400");
    for err in [err, err400] {
        for text in [
            err.to_string(),
            format!("{err:?}"),
            err.message().to_owned(),
        ] {
            assert!(text.len() < 4 * MAX_TEXT_BYTES, "{} bytes", text.len());
        }
        assert!(err.message().len() <= MAX_TEXT_BYTES + 40);
        assert!(
            err.body_excerpt()
                .is_some_and(|e| e.len() <= MAX_TEXT_BYTES + 40)
        );
    }
}

// ---- 8. Retry-After is what the SDK waits -------------------------------------------------------

#[tokio::test]
async fn p08_retry_after_is_what_the_sdk_would_wait() {
    for header in ["999999999", "Fri, 31 Dec 9999 23:59:59 GMT"] {
        let server = HostileServer::start(move |_| {
            Reply::status(503, "text/plain", &[("retry-after", header)], "nei")
        })
        .await;
        let client: TestService = builder(server.url())
            .retry(RetryOptions::none().with_max_retry_after(Duration::from_secs(7)))
            .build()
            .expect("a client");
        let err = client.0.send(get()).await.expect_err("503");
        assert_eq!(err.retry_after(), Some(Duration::from_secs(7)), "{header}");
    }
}

// ---- 10. Retry budget ---------------------------------------------------------------------------

#[tokio::test]
async fn p10_a_full_outage_drains_the_retry_budget_shared_by_clones() {
    let server = HostileServer::start(|_| Reply::status(503, "text/plain", &[], "nede")).await;
    // 20 tokens: four retries of 5 in all, across the client and its clone.
    let client: TestService = builder(server.url())
        .retry(quick_retries(4).with_retry_budget(20))
        .build()
        .expect("a client");
    let clone = client.clone();
    let mut errors = Vec::new();
    for i in 0..10 {
        let c = if i % 2 == 0 { &client } else { &clone };
        errors.push(c.0.send(get()).await.expect_err("503"));
    }
    assert_eq!(server.hits(), 10 + 4, "ten calls, four retries");
    assert_eq!(errors[0].attempts(), Some(4));
    let last = errors.last().expect("ten");
    assert_eq!(last.attempts(), Some(1));
    assert!(last.to_string().contains("retry budget"), "{last}");
    assert!(last.is_retryable(), "it is still a 503");
}

// ---- 11. A client-wide limit on buffered bytes --------------------------------------------------

#[tokio::test]
async fn p11_buffered_bodies_share_a_client_wide_limit() {
    let body = vec![b' '; 40 * 1024];
    let server =
        HostileServer::start(move |_| Reply::status(200, "application/json", &[], body.clone()))
            .await;
    let client: TestService = builder(server.url())
        .max_buffered_bytes(64 * 1024)
        .request_timeout(Duration::from_millis(400))
        .build()
        .expect("a client");
    assert_eq!(client.0.max_buffered_bytes(), 64 * 1024);
    let held = client.0.send(get()).await.expect("40 KiB fits");
    // 40 + 40 KiB does not: a clone waits for room, then gives up with a timeout that says why.
    let err = client.clone().0.send(get()).await.expect_err("no room");
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.to_string().contains("max_buffered_bytes"), "{err}");
    drop(held);
    client.0.send(get()).await.expect("room again");
    // A body larger than the whole limit is refused like one over max_response_bytes.
    let small: TestService = builder(server.url())
        .max_buffered_bytes(16 * 1024)
        .build()
        .expect("a client");
    let err = small
        .0
        .send(get())
        .await
        .expect_err("larger than the limit");
    assert_eq!(err.kind(), ErrorKind::BodyTooLarge, "{err:?}");
}

// ---- 14. Errors that say what happened ----------------------------------------------------------

#[tokio::test]
async fn p14_kinds_agree_with_predicates_and_errors_say_what_happened() {
    // A 401 is an Auth error, and a 408 a timeout, by kind as by predicate.
    for (status, kind) in [
        (401, ErrorKind::Auth),
        (403, ErrorKind::Auth),
        (408, ErrorKind::Timeout),
        (500, ErrorKind::Service),
    ] {
        let server =
            HostileServer::start(move |_| Reply::status(status, "text/plain", &[], "nei")).await;
        let err = client(server.url())
            .0
            .send(get())
            .await
            .expect_err("an error");
        assert_eq!(err.kind(), kind, "{status}");
        assert_eq!(err.is_auth(), kind == ErrorKind::Auth, "{status}");
        assert_eq!(err.is_timeout(), kind == ErrorKind::Timeout, "{status}");
        assert!(err.to_string().contains(&status.to_string()), "{err}");
    }
    // A 500 after retries says how many tries.
    let server = HostileServer::start(|_| Reply::status(500, "text/plain", &[], "feil")).await;
    let client3: TestService = builder(server.url())
        .retry(quick_retries(3).without_retry_budget())
        .build()
        .expect("a client");
    let err = client3.0.send(get()).await.expect_err("500");
    assert_eq!(err.attempts(), Some(3));
    assert!(err.to_string().contains("after 3 tries"), "{err}");
    // A timeout says which one fired.
    let silent = HostileServer::start(|_| Reply::silence()).await;
    let request_timeout: TestService = builder(silent.url())
        .request_timeout(Duration::from_millis(200))
        .build()
        .expect("a client");
    let err = request_timeout.0.send(get()).await.expect_err("silence");
    assert!(err.to_string().contains("request timeout"), "{err}");
    let deadline: TestService = builder(silent.url())
        .request_timeout(Duration::from_secs(5))
        .retry(RetryOptions::none().with_deadline(Duration::from_millis(200)))
        .build()
        .expect("a client");
    let err = deadline.0.send(get()).await.expect_err("silence");
    assert!(err.to_string().contains("operation deadline"), "{err}");
    // A header section never finished says so.
    let cut = HostileServer::start(|_| {
        Reply::default().write("HTTP/1.1 200 OK\r\ncontent-type: applica")
    })
    .await;
    let err = client(cut.url()).0.send(get()).await.expect_err("cut off");
    assert_eq!(err.kind(), ErrorKind::Transport, "{err:?}");
    assert!(err.to_string().contains("header section"), "{err}");
}
