//! The transport seam, through the public API: a test transport that records what it is sent and
//! answers from a script, driven through a real client (no socket); and middleware around the
//! default transport, against a real server.

mod common;

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use common::TestService;
use futures_util::StreamExt;
use hint_core::transport::{
    HeaderName, HeaderValue, HttpRequest, HttpResponse, RequestBody, ReqwestTransport,
    ResponseBody, Transport, TransportError, TransportErrorKind, header,
};
use hint_core::{
    Body, ByteStream, ClientBuilder, ErrorKind, Operation, REQUEST_ID_HEADER, RetryOptions, Url,
};
use hint_testkit::hostile::{HostileServer, Reply};
use serde_json::json;

const API_KEY: &str = "hemmelig-abonnementsnokkel-42";

/// What the test transport was sent: everything but the body's bytes are kept as they came.
#[derive(Debug, Clone)]
struct Sent {
    method: String,
    url: Url,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    streamed: bool,
}

impl Sent {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One scripted answer.
enum Answer {
    Respond(Box<dyn FnOnce() -> HttpResponse + Send>),
    Fail(TransportErrorKind),
    /// Never answers (the pipeline's timer must end the try).
    Hang,
}

/// Records every request and answers from a script, in order.
#[derive(Default)]
struct Scripted {
    answers: Mutex<VecDeque<Answer>>,
    sent: Mutex<Vec<Sent>>,
}

impl std::fmt::Debug for Scripted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Scripted")
    }
}

impl Scripted {
    fn new(answers: impl IntoIterator<Item = Answer>) -> Arc<Self> {
        Arc::new(Scripted {
            answers: Mutex::new(answers.into_iter().collect()),
            sent: Mutex::default(),
        })
    }

    fn sent(&self) -> Vec<Sent> {
        self.sent.lock().unwrap().clone()
    }
}

#[async_trait]
impl Transport for Scripted {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let (body, streamed) = match request.body {
            RequestBody::Empty => (Vec::new(), false),
            RequestBody::Bytes(bytes) => (bytes.to_vec(), false),
            RequestBody::Stream(mut stream) => {
                let mut all = Vec::new();
                // Bounded: a test body is a few pieces.
                for _ in 0..1000 {
                    match stream.next().await {
                        Some(piece) => all.extend_from_slice(&piece.expect("a piece")),
                        None => break,
                    }
                }
                (all, true)
            }
            _ => unreachable!("no other body kinds"),
        };
        self.sent.lock().unwrap().push(Sent {
            method: request.method.to_string(),
            url: request.url.clone(),
            headers: request
                .headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("?").to_owned()))
                .collect(),
            body,
            streamed,
        });
        let answer = self.answers.lock().unwrap().pop_front();
        match answer {
            Some(Answer::Respond(make)) => Ok(make()),
            Some(Answer::Fail(TransportErrorKind::Connect)) => {
                Err(TransportError::connect("connection refused (scripted)"))
            }
            Some(Answer::Fail(TransportErrorKind::Timeout)) => {
                Err(TransportError::timeout("timed out (scripted)"))
            }
            Some(Answer::Fail(_)) => Err(TransportError::broken("connection reset (scripted)")),
            Some(Answer::Hang) => std::future::pending().await,
            None => panic!("the script has no answer for try {}", self.sent().len()),
        }
    }
}

fn json_answer(status: u16, body: serde_json::Value) -> Answer {
    Answer::Respond(Box::new(move || {
        HttpResponse::new(status)
            .with_header(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )
            .with_body(body.to_string())
    }))
}

fn quick_retries(attempts: u32) -> RetryOptions {
    RetryOptions::default()
        .with_max_attempts(attempts)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(2))
}

fn client(transport: Arc<dyn Transport>, retry: RetryOptions) -> TestService {
    ClientBuilder::<TestService>::new()
        .base_url("http://127.0.0.1:9/api/".parse().unwrap())
        .api_key(API_KEY)
        .request_timeout(Duration::from_millis(500))
        .retry(retry)
        .transport(transport)
        .build()
        .expect("a client")
}

#[tokio::test]
async fn a_test_transport_sees_prepared_requests_and_a_503_is_retried() {
    let transport = Scripted::new([
        json_answer(503, json!({"title": "busy"})),
        json_answer(200, json!({"navn": "Ting"})),
    ]);
    let client = client(transport.clone(), quick_retries(3));
    let got: serde_json::Value = client
        .0
        .send_json(Operation::get("Test.getTing", "ting/{id}").path_param("id", "a b"))
        .await
        .expect("the second try succeeds");
    assert_eq!(got, json!({"navn": "Ting"}));
    let sent = transport.sent();
    assert_eq!(sent.len(), 2, "one retry");
    for s in &sent {
        assert_eq!(s.method, "GET");
        assert_eq!(s.url.as_str(), "http://127.0.0.1:9/api/ting/a%20b");
        assert_eq!(s.header("ocp-apim-subscription-key"), Some(API_KEY));
        assert_eq!(s.header("user-agent"), Some("test-service/9.9.9"));
    }
    assert_eq!(
        sent[0].header(REQUEST_ID_HEADER),
        sent[1].header(REQUEST_ID_HEADER),
        "one request id per call"
    );
}

#[tokio::test]
async fn a_streaming_download_comes_through_a_test_transport_piece_by_piece() {
    let transport = Scripted::new([Answer::Respond(Box::new(|| {
        let pieces: Vec<std::io::Result<Bytes>> = (0..4u8)
            .map(|i| Ok(Bytes::from(vec![b'a' + i; 1000])))
            .collect();
        let stream: ByteStream = Box::pin(futures_util::stream::iter(pieces));
        HttpResponse::new(200)
            .with_header(header::CONTENT_LENGTH, HeaderValue::from_static("4000"))
            .with_body(ResponseBody::from_stream(stream, Some(4000)))
    }))]);
    let client = client(transport.clone(), RetryOptions::none());
    let mut download = client
        .0
        .send_streaming(Operation::get("Test.download", "filer/1"))
        .await
        .expect("headers")
        .limit_len(4000)
        .expect("the announced length fits");
    assert_eq!(download.content_length(), Some(4000));
    let mut all = Vec::new();
    for _ in 0..10 {
        match download.chunk().await.expect("a piece") {
            Some(piece) => all.extend_from_slice(&piece),
            None => break,
        }
    }
    assert_eq!(all.len(), 4000);
    assert_eq!(&all[..3], b"aaa");
    assert_eq!(&all[3997..], b"ddd");
    assert_eq!(download.received(), 4000);
}

#[tokio::test]
async fn a_streamed_upload_reaches_the_transport_as_a_stream_and_is_made_again_for_a_retry() {
    let transport = Scripted::new([
        json_answer(500, json!({})),
        json_answer(201, json!({"ok": true})),
    ]);
    let client = client(transport.clone(), quick_retries(2));
    let factory: hint_core::StreamFactory = Arc::new(|| {
        let pieces = vec![
            Ok(Bytes::from_static(b"del-1,")),
            Ok(Bytes::from_static(b"del-2")),
        ];
        Box::pin(futures_util::stream::iter(pieces)) as ByteStream
    });
    let op = Operation::put("Test.upload", "filer/1").body(Body::replayable(
        "application/pdf",
        Some(11),
        factory,
    ));
    client.0.send(op).await.expect("the retry succeeds");
    let sent = transport.sent();
    assert_eq!(sent.len(), 2);
    for s in &sent {
        assert!(s.streamed, "sent as a stream");
        assert_eq!(s.body, b"del-1,del-2");
        assert_eq!(s.header("content-type"), Some("application/pdf"));
        assert_eq!(s.header("content-length"), Some("11"));
    }
}

#[tokio::test]
async fn transport_failures_follow_the_retry_rules() {
    // A connection that could not be made: nothing was sent, so even a POST is tried again.
    let transport = Scripted::new([
        Answer::Fail(TransportErrorKind::Connect),
        json_answer(201, json!({})),
    ]);
    let c = client(transport.clone(), quick_retries(3));
    c.0.send(Operation::post("Test.create", "ting"))
        .await
        .expect("retried after a refused connection");
    assert_eq!(transport.sent().len(), 2);

    // Broken after sending: a POST without an idempotency key is not repeated.
    let transport = Scripted::new([Answer::Fail(TransportErrorKind::Broken)]);
    let c = client(transport.clone(), quick_retries(3));
    let err =
        c.0.send(Operation::post("Test.create", "ting"))
            .await
            .expect_err("not repeated");
    assert_eq!(err.kind(), ErrorKind::Transport, "{err:?}");
    assert!(err.to_string().contains("may have acted"), "{err}");
    assert_eq!(transport.sent().len(), 1);

    // A transport's own timeout is a timeout; a GET is tried again.
    let transport = Scripted::new([
        Answer::Fail(TransportErrorKind::Timeout),
        json_answer(200, json!({})),
    ]);
    let c = client(transport.clone(), quick_retries(3));
    c.0.send(Operation::get("Test.get", "ting"))
        .await
        .expect("retried after a timeout");
    assert_eq!(transport.sent().len(), 2);
}

#[tokio::test]
async fn the_pipeline_times_a_transport_that_never_answers() {
    let transport = Scripted::new([Answer::Hang, Answer::Hang]);
    let c = client(transport.clone(), quick_retries(2));
    let err = tokio::time::timeout(
        Duration::from_secs(5),
        c.0.send(Operation::get("Test.get", "ting")),
    )
    .await
    .expect("the request timeout ends each try")
    .expect_err("no answer");
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err:?}");
    assert!(err.to_string().contains("request timeout"), "{err}");
    assert_eq!(err.attempts(), Some(2));
}

#[tokio::test]
async fn a_redirect_through_a_test_transport_is_followed_by_the_pipeline_with_fresh_headers() {
    let transport = Scripted::new([
        Answer::Respond(Box::new(|| {
            HttpResponse::new(307).with_header(header::LOCATION, HeaderValue::from_static("ny"))
        })),
        json_answer(200, json!({"ok": true})),
    ]);
    let c = client(transport.clone(), RetryOptions::none());
    c.0.send(Operation::get("Test.get", "gammel"))
        .await
        .expect("followed");
    let sent = transport.sent();
    assert_eq!(sent.len(), 2, "a redirect is not a retry");
    assert_eq!(sent[1].url.as_str(), "http://127.0.0.1:9/api/ny");
    assert_eq!(sent[1].header("ocp-apim-subscription-key"), Some(API_KEY));
}

#[tokio::test]
async fn an_answer_a_transport_got_from_another_origin_is_refused() {
    let transport = Scripted::new([Answer::Respond(Box::new(|| {
        HttpResponse::new(200).with_final_url("https://elsewhere.example.com/x".parse().unwrap())
    }))]);
    let c = client(transport, RetryOptions::none());
    let err =
        c.0.send(Operation::get("Test.get", "ting"))
            .await
            .expect_err("refused");
    assert_eq!(err.kind(), ErrorKind::Config, "{err:?}");
    assert!(err.to_string().contains("another origin"), "{err}");
}

#[tokio::test]
async fn a_request_shown_by_debug_shows_no_secret_and_no_path() {
    let transport = Scripted::new([json_answer(200, json!({}))]);
    let seen = Arc::new(Mutex::new(String::new()));
    #[derive(Debug)]
    struct Showing {
        inner: Arc<Scripted>,
        shown: Arc<Mutex<String>>,
    }
    #[async_trait]
    impl Transport for Showing {
        async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
            *self.shown.lock().unwrap() = format!("{request:?}");
            self.inner.send(request).await
        }
    }
    let c = client(
        Arc::new(Showing {
            inner: transport,
            shown: seen.clone(),
        }),
        RetryOptions::none(),
    );
    c.0.send(Operation::get("Test.get", "personer/{fnr}").path_param("fnr", "05866310086"))
        .await
        .expect("ok");
    let shown = seen.lock().unwrap().clone();
    assert!(shown.contains("ocp-apim-subscription-key"), "{shown}");
    assert!(!shown.contains(API_KEY), "{shown}");
    assert!(!shown.contains("05866310086"), "{shown}");
}

/// Middleware: adds a header to every request and counts them, then hands them to the default
/// transport.
#[derive(Debug)]
struct Tagging {
    inner: ReqwestTransport,
    sent: AtomicUsize,
}

#[async_trait]
impl Transport for Tagging {
    async fn send(&self, mut request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.sent.fetch_add(1, Ordering::Relaxed);
        request.headers.insert(
            HeaderName::from_static("x-mellomvare"),
            HeaderValue::from_static("ja"),
        );
        let mut response = self.inner.send(request).await?;
        response.headers_mut().insert(
            HeaderName::from_static("x-sett-av-mellomvare"),
            HeaderValue::from_static("ja"),
        );
        Ok(response)
    }
}

#[tokio::test]
async fn middleware_around_the_default_transport_sees_every_try() {
    let server = HostileServer::start(|seen| {
        if seen.index == 0 {
            Reply::json(503, &json!({}))
        } else {
            Reply::json(200, &json!({"ok": true}))
        }
    })
    .await;
    let tagging = Arc::new(Tagging {
        inner: ReqwestTransport::with_defaults().expect("the default transport"),
        sent: AtomicUsize::new(0),
    });
    let c: TestService = ClientBuilder::new()
        .base_url(server.url())
        .api_key(API_KEY)
        .retry(quick_retries(3))
        .transport(tagging.clone())
        .build()
        .expect("a client");
    let response =
        c.0.send(Operation::get("Test.get", "ting"))
            .await
            .expect("the retry succeeds");
    assert_eq!(response.header("x-sett-av-mellomvare"), Some("ja"));
    assert_eq!(tagging.sent.load(Ordering::Relaxed), 2);
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert!(seen.iter().all(|s| s.header("x-mellomvare") == Some("ja")));
    assert!(
        seen.iter()
            .all(|s| s.header("ocp-apim-subscription-key") == Some(API_KEY))
    );
}
