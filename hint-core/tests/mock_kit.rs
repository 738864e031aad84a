//! The mock kit through its public API: a router over a route table, its refusals in the
//! service's error shape, scopes, the idempotency rule, paging and contract checks.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::TestService;
use hint_core::Route;
use hint_core::mock::contract::{Contract, Field, Type, optional, required};
use hint_core::mock::paging::{NextLinkPaging, PageNumberPaging, SkipTakePaging};
use hint_core::mock::{Codes, ErrorShape, MockServer, Reply, Router, ServiceMock, Shared};
use serde_json::{Value, json};

const LIST: Route = Route::get("Ting.list", "ting");
const GET: Route = Route::get("Ting.get", "ting/{id}");
const SPECIAL: Route = Route::get("Ting.special", "ting/spesiell");
const CREATE: Route = Route::post("Ting.create", "ting");
const NESTED: Route = Route::get("Ting.del", "ting/{id}/deler/{del}");
const ALL: &[Route] = &[LIST, GET, SPECIAL, CREATE, NESTED];

const DEL: &[Field] = &[
    required("navn", Type::String),
    optional("antall", Type::Integer),
];
const NY_TING: Contract = Contract::new(&[
    required("navn", Type::String),
    optional("pris", Type::Number),
    optional("dato", Type::Date),
    optional("aktiv", Type::Bool),
    optional("konto", Type::Digits(11, 11)),
    optional("antall", Type::IntegerIn(1, 9)),
    optional("deler", Type::Array(&Type::Object(DEL))),
]);
const LIST_QUERY: Contract = Contract::new(&[
    optional("side", Type::Integer),
    optional("id", Type::Array(&Type::Integer)),
    optional("fra", Type::Date),
    optional("aar", Type::IntegerIn(2000, 2100)),
    optional("kode", Type::Digits(4, 6)),
]);

#[derive(Default)]
struct State {
    ting: Vec<Value>,
}

fn router(state: &Shared<State>, shape: ErrorShape, calls: Arc<AtomicUsize>) -> Router<State> {
    Router::new(state.clone(), shape)
        .route(LIST, |req, s| {
            req.check_query(&LIST_QUERY)?;
            Ok(Reply::json(200, &s.ting))
        })
        .route(GET, |req, _| {
            Ok(Reply::json(
                200,
                &json!({"route": "get", "id": req.param("id")}),
            ))
        })
        .route(SPECIAL, |_, _| {
            Ok(Reply::json(200, &json!({"route": "special"})))
        })
        .route(NESTED, |req, _| {
            let del: u32 = req.param_as("del")?;
            Ok(Reply::json(
                200,
                &json!({"id": req.param("id"), "del": del}),
            ))
        })
        .idempotent(CREATE, move |req, s| {
            calls.fetch_add(1, Ordering::SeqCst);
            let body = req.json_checked(&NY_TING)?;
            s.ting.push(body.clone());
            Ok(Reply::json(201, &body).header("location", format!("/ting/{}", s.ting.len())))
        })
}

async fn start(shape: ErrorShape) -> (MockServer, Shared<State>, Arc<AtomicUsize>) {
    let server = MockServer::start().await;
    let state = Shared::default();
    let calls = Arc::new(AtomicUsize::new(0));
    router(&state, shape, calls.clone()).mount(&server).await;
    (server, state, calls)
}

async fn get(server: &MockServer, path: &str) -> (u16, Value) {
    let answer = reqwest::get(server.uri().join(path).unwrap())
        .await
        .unwrap();
    let status = answer.status().as_u16();
    (status, answer.json().await.unwrap_or(Value::Null))
}

async fn post(server: &MockServer, key: Option<&str>, body: &str) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .post(server.uri().join("ting").unwrap())
        .body(body.to_owned());
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    request.send().await.unwrap()
}

#[test]
fn the_router_serves_the_whole_table() {
    let state = Shared::default();
    let router = router(&state, ErrorShape::MicrosoftRest, Arc::default());
    assert!(router.unserved(ALL).is_empty());
    let partial =
        Router::new(state, ErrorShape::MicrosoftRest).route(LIST, |_, _| Ok(Reply::empty(204)));
    assert_eq!(partial.unserved(ALL), [GET, SPECIAL, CREATE, NESTED]);
}

#[tokio::test]
async fn routes_match_by_template_with_named_params() {
    let (server, ..) = start(ErrorShape::MicrosoftRest).await;
    assert_eq!(
        get(&server, "ting/a%20b").await,
        (200, json!({"route": "get", "id": "a b"}))
    );
    // A literal segment wins over a placeholder, whatever the registration order.
    assert_eq!(
        get(&server, "ting/spesiell").await,
        (200, json!({"route": "special"}))
    );
    assert_eq!(
        get(&server, "ting/x/deler/7").await,
        (200, json!({"id": "x", "del": 7}))
    );
    assert_eq!(
        get(&server, "ting/").await.0,
        200,
        "a trailing slash is the same path"
    );
}

#[tokio::test]
async fn unknown_paths_are_404_and_wrong_methods_405_in_the_services_shape() {
    let (server, ..) = start(ErrorShape::MicrosoftRest).await;
    let (status, body) = get(&server, "annet").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "NotFound");
    assert_eq!(get(&server, "ting/x/deler").await.0, 404);

    let answer = reqwest::Client::new()
        .delete(server.uri().join("ting/x").unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 405);
    assert_eq!(answer.headers()["allow"], "GET");
    assert_eq!(answer.headers()["x-ms-error-code"], "MethodNotAllowed");

    let (server, ..) = start(ErrorShape::Noark).await;
    let (status, body) = get(&server, "annet").await;
    assert_eq!((status, &body["feil"]["kode"]), (404, &json!("404")));
    let (server, ..) = start(ErrorShape::Helsenorge).await;
    assert_eq!(get(&server, "annet").await.1["ErrorCode"], "NotFound");
}

#[tokio::test]
async fn bad_parameters_are_400_naming_them() {
    let (server, ..) = start(ErrorShape::MicrosoftRest).await;
    let (status, body) = get(&server, "ting/x/deler/sju").await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["target"], "del");
    assert_eq!(body["error"]["code"], "InvalidParameter");

    assert_eq!(
        get(&server, "ting?side=2&id=1&id=2&fra=2026-01-31").await.0,
        200
    );
    for (query, name) in [
        ("side=to", "side"),
        ("side=1&side=2", "side"),
        ("id=1&id=x", "id"),
        ("fra=31.01.2026", "fra"),
        ("ukjent=1", "ukjent"),
        ("aar=1999", "aar"),
        ("kode=503", "kode"),
        ("kode=50a0", "kode"),
    ] {
        let (status, body) = get(&server, &format!("ting?{query}")).await;
        assert_eq!(
            (status, &body["error"]["target"]),
            (400, &json!(name)),
            "{query}"
        );
    }
}

#[tokio::test]
async fn bodies_are_checked_against_the_contract_naming_the_field() {
    let (server, state, _) = start(ErrorShape::MicrosoftRest).await;
    let ok = r#"{"navn":"a","pris":1.5,"dato":"2026-03-02","aktiv":true,"konto":"15031234562","antall":9,"deler":[{"navn":"d","antall":2}]}"#;
    assert_eq!(post(&server, None, ok).await.status(), 201);
    for (body, field) in [
        (r#"{"pris":1}"#, "navn"),
        (r#"{"navn":1}"#, "navn"),
        (r#"{"navn":"a","pris":"1"}"#, "pris"),
        (r#"{"navn":"a","dato":"2026-3-2x"}"#, "dato"),
        (r#"{"navn":"a","aktiv":"ja"}"#, "aktiv"),
        (r#"{"navn":"a","konto":"1503123456"}"#, "konto"),
        (r#"{"navn":"a","konto":15031234562}"#, "konto"),
        (r#"{"navn":"a","antall":10}"#, "antall"),
        (
            r#"{"navn":"a","deler":[{"navn":"d"},{"antall":1.5,"navn":"e"}]}"#,
            "deler[1].antall",
        ),
        (r#"{"navn":"a","deler":[{}]}"#, "deler[0].navn"),
        (r#"{"navn":"a","belop":1}"#, "belop"),
    ] {
        let answer = post(&server, None, body).await;
        assert_eq!(answer.status(), 400, "{body}");
        let error: Value = answer.json().await.unwrap();
        assert_eq!(error["error"]["target"], field, "{body}");
        assert!(
            error["error"]["message"]
                .as_str()
                .unwrap()
                .starts_with(field),
            "{error}"
        );
    }
    assert_eq!(post(&server, None, "ikke json").await.status(), 400);
    assert_eq!(state.lock().ting.len(), 1);
    assert!(
        NY_TING
            .open()
            .check(&json!({"navn": "a", "ekstra": 1}))
            .is_ok()
    );
    assert_eq!(
        NY_TING.check(&json!([])).unwrap_err().rule,
        "the body must be a JSON object"
    );
}

#[tokio::test]
async fn an_idempotency_key_replays_the_stored_answer_and_refuses_another_body() {
    let (server, state, calls) = start(ErrorShape::MicrosoftRest).await;
    let first = post(&server, Some("k1"), r#"{"navn":"a"}"#).await;
    assert_eq!(first.status(), 201);
    assert_eq!(first.headers()["location"], "/ting/1");

    // The same body, key order aside: the stored answer, headers and all; nothing happens twice.
    let again = post(&server, Some("k1"), r#"{ "navn" : "a" }"#).await;
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["location"], "/ting/1");
    assert_eq!(again.text().await.unwrap(), r#"{"navn":"a"}"#);
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    let other = post(&server, Some("k1"), r#"{"navn":"b"}"#).await;
    assert_eq!(other.status(), 422);
    let body: Value = other.json().await.unwrap();
    assert_eq!(body["error"]["code"], "IdempotencyKeyReused");

    // A refusal is an answer too: replayed, not re-run.
    assert_eq!(
        post(&server, Some("k2"), r#"{"pris":1}"#).await.status(),
        400
    );
    assert_eq!(
        post(&server, Some("k2"), r#"{"pris":1}"#).await.status(),
        400
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);

    // Without a key every request counts.
    post(&server, None, r#"{"navn":"c"}"#).await;
    post(&server, None, r#"{"navn":"c"}"#).await;
    assert_eq!(state.lock().ting.len(), 3);
}

#[tokio::test]
async fn idempotency_keys_expire() {
    let server = MockServer::start().await;
    let state = Shared::default();
    router(&state, ErrorShape::MicrosoftRest, Arc::default())
        .idempotency_ttl(Duration::from_millis(200))
        .codes(Codes {
            idempotency_key_reused: "KeyReused",
            ..Codes::default()
        })
        .mount(&server)
        .await;
    assert_eq!(
        post(&server, Some("k"), r#"{"navn":"a"}"#).await.status(),
        201
    );
    let reused = post(&server, Some("k"), r#"{"navn":"b"}"#).await;
    assert_eq!(reused.headers()["x-ms-error-code"], "KeyReused");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        post(&server, Some("k"), r#"{"navn":"b"}"#).await.status(),
        201
    );
    assert_eq!(state.lock().ting.len(), 2);
}

#[tokio::test]
async fn a_route_demands_its_scopes() {
    let server = MockServer::builder().api_key("k").helseid().start().await;
    let router = router(
        &Shared::default(),
        ErrorShape::MicrosoftRest,
        Arc::default(),
    );
    let scopes = router.scopes();
    scopes.require_all(&["nhn:test/api"]);
    scopes.require(SPECIAL, &["nhn:test/api", "nhn:test/admin"]);
    router.mount(&server).await;
    let client: TestService = server.client_builder().await.build().unwrap();

    let ok = client
        .0
        .send(hint_core::Operation::get("Ting.list", "ting"))
        .await;
    assert!(ok.is_ok(), "{ok:?}");
    let err = client.0.send(SPECIAL.op()).await.unwrap_err();
    assert_eq!(err.status(), Some(403));
    assert_eq!(err.code(), Some("InsufficientScope"));
    assert!(err.to_string().contains("nhn:test/admin"), "{err}");

    // Changed while running, through the handle.
    scopes.require(SPECIAL, &[]);
    assert!(client.0.send(SPECIAL.op()).await.is_ok());
}

#[tokio::test]
async fn routes_live_under_a_prefix_and_may_ignore_case() {
    let server = MockServer::start().await;
    Router::new(Shared::new(()), ErrorShape::Apim)
        .prefix("/innhold/")
        .case_insensitive()
        .route(GET, |req, _| {
            Ok(Reply::bytes(200, "text/plain", req.param("id").to_owned()))
        })
        .mount(&server)
        .await;
    let text = reqwest::get(server.uri().join("innhold/TING/Ab").unwrap())
        .await
        .unwrap();
    assert_eq!(text.text().await.unwrap(), "Ab");
    let (status, body) = get(&server, "ting/Ab").await;
    assert_eq!(
        (status, body),
        (
            404,
            json!({"statusCode": 404, "message": "no route /ting/Ab"})
        )
    );
}

#[tokio::test]
async fn a_service_under_a_path_gets_clients_that_call_it_there() {
    let server = MockServer::start().await;
    Router::new(Shared::new(()), ErrorShape::Apim)
        .prefix("innhold")
        .route(GET, |req, _| {
            Ok(Reply::json(200, &json!({"id": req.param("id")})))
        })
        .mount(&server)
        .await;
    let mock = ServiceMock::<TestService>::new(server).with_base_path("innhold");
    assert_eq!(
        mock.base_url(),
        mock.server().uri().join("innhold/").unwrap()
    );
    let client = mock.client().await.unwrap();
    let got: Value = client
        .0
        .send_json(hint_core::Operation::from_route(GET).path_param("id", "a"))
        .await
        .unwrap();
    assert_eq!(got, json!({"id": "a"}));
    let received = mock.received_requests().await;
    assert_eq!(received[0].path, "/innhold/ting/a");
}

#[tokio::test]
async fn paged_answers_in_each_style() {
    const ITEMS: Route = Route::get("Ting.items", "items");
    const PAGES: Route = Route::get("Ting.pages", "pages");
    const SKIP: Route = Route::get("Ting.skip", "skip");
    let server = MockServer::start().await;
    let items: Vec<u32> = (1..=5).collect();
    Router::new(Shared::new(items), ErrorShape::MicrosoftRest)
        .route(ITEMS, |req, items| {
            NextLinkPaging::new()
                .default_size(2)
                .max_size(3)
                .page(req, items)
        })
        .route(PAGES, |req, items| {
            PageNumberPaging::new("side", "antall")
                .default_size(2)
                .page(req, items)
        })
        .route(SKIP, |req, items| {
            SkipTakePaging::new("skip", "take").page(req, items)
        })
        .mount(&server)
        .await;

    let (_, first) = get(&server, "items?filter=a").await;
    assert_eq!(first["value"], json!([1, 2]));
    let next = first["nextLink"].as_str().unwrap();
    assert_eq!(
        next,
        format!("{}items?filter=a&%24skiptoken=2", server.uri())
    );
    let (_, second) = get(&server, &next[server.uri().as_str().len()..]).await;
    assert_eq!(second["value"], json!([3, 4]));
    let (_, last) = get(&server, "items?$skiptoken=4").await;
    assert_eq!(last, json!({"value": [5]}), "no nextLink on the last page");
    assert_eq!(
        get(&server, "items?maxpagesize=4").await.1["error"]["target"],
        "maxpagesize"
    );
    assert_eq!(
        get(&server, "items?$skiptoken=fem").await.1["error"]["target"],
        "$skiptoken"
    );

    assert_eq!(get(&server, "pages?side=3").await.1, json!([5]));
    assert_eq!(
        get(&server, "pages?side=1&antall=4").await.1,
        json!([1, 2, 3, 4])
    );
    assert_eq!(
        get(&server, "pages?side=0").await.1["error"]["target"],
        "side"
    );
    assert_eq!(get(&server, "skip?skip=1&take=2").await.1, json!([2, 3]));
    assert_eq!(get(&server, "skip?skip=9").await.1, json!([]));
    assert_eq!(
        get(&server, "skip?take=x").await.1["error"]["target"],
        "take"
    );
}

#[tokio::test]
async fn a_panicking_handler_does_not_poison_the_state() {
    let server = MockServer::start().await;
    let state = Shared::new(0u32);
    Router::new(state.clone(), ErrorShape::Problem)
        .route(LIST, |_, n| {
            *n += 1;
            Ok(Reply::empty(204))
        })
        .route(GET, |_, _| panic!("a bug in a handler"))
        .mount(&server)
        .await;
    let _ = reqwest::get(server.uri().join("ting/x").unwrap()).await;
    assert_eq!(get(&server, "ting").await.0, 204);
    assert_eq!(*state.lock(), 1);
}

#[test]
fn error_shapes_keep_the_services_bodies() {
    let ms = ErrorShape::MicrosoftRest.error(
        404,
        "NotFound",
        "no tilskuddsordning with kode 999999",
        Some("kode"),
    );
    assert_eq!(
        std::str::from_utf8(ms.body()).unwrap(),
        r#"{"error":{"code":"NotFound","message":"no tilskuddsordning with kode 999999","target":"kode"}}"#
    );
    let problem = ErrorShape::Problem.error(400, "Invalid", "must be text", Some("navn"));
    assert_eq!(
        problem.header_value("content-type"),
        Some("application/problem+json")
    );
    assert_eq!(
        problem.body_json().unwrap(),
        json!({"type": "about:blank", "title": "Invalid", "status": 400, "detail": "must be text", "instance": "navn"})
    );
    assert_eq!(
        ErrorShape::Helsenorge
            .error(403, "", "Tokenet mangler scope", None)
            .body_json()
            .unwrap(),
        json!({"ErrorMessage": "Tokenet mangler scope"})
    );
}

#[test]
fn seeding_refusals_read_as_the_client_reads_them() {
    // A ledger's refusal, reported by a seeding method as the client would have seen it.
    let reply = ErrorShape::MicrosoftRest.error(409, "DuplicateReference", "taken", Some("ref"));
    let err = reply.into_error();
    assert_eq!(err.status(), Some(409));
    assert_eq!(err.code(), Some("DuplicateReference"));
    assert_eq!((err.message(), err.field()), ("taken", Some("ref")));
    let noark = ErrorShape::Noark
        .error(404, "NotFound", "ingen sak", None)
        .into_error();
    assert_eq!((noark.status(), noark.message()), (Some(404), "ingen sak"));

    // A seed that breaks the contract is the invalid-input error naming the field.
    let violation = NY_TING
        .check(&json!({"navn": "a", "belop": 1}))
        .unwrap_err();
    let err = hint_core::Error::from(violation);
    assert!(err.is_invalid_input(), "{err}");
    assert_eq!(err.field(), Some("belop"));
    assert!(
        err.to_string().contains("is not a field of the contract"),
        "{err}"
    );
}

#[tokio::test]
async fn noark_lists_narrow_with_odata_and_page_with_next_links() {
    use hint_core::mock::paging::NoarkPaging;
    const SAKER: Route = Route::get("Arkiv.listSaker", "saker");
    const CREATE: Route = Route::post("Arkiv.createSak", "saker");
    let server = MockServer::start().await;
    let saker: Vec<Value> = (1..=5)
        .map(|n| json!({"tittel": format!("O'Brien {n}"), "nr": n, "status": {"kode": if n % 2 == 0 { "B" } else { "A" }}}))
        .collect();
    Router::new(Shared::new(saker), ErrorShape::Noark)
        .route(SAKER, |req, saker| {
            NoarkPaging::new().page_size(2).page(req, saker.clone())
        })
        .route(CREATE, |req, _| {
            req.require_content_type("application/vnd.noark5+json")?;
            Ok(Reply::empty(201))
        })
        .mount(&server)
        .await;

    let (_, first) = get(&server, "saker").await;
    assert_eq!(first["count"], 5);
    assert_eq!(first["results"].as_array().unwrap().len(), 2);
    let next = first["_links"]["next"]["href"].as_str().unwrap();
    assert_eq!(next, format!("{}saker?%24skip=2&%24top=3", server.uri()));
    let (_, last) = get(&server, "saker?$skip=4").await;
    assert_eq!(last["results"][0]["nr"], 5);
    assert!(last["_links"].get("next").is_none(), "{last}");

    let (_, some) = get(
        &server,
        "saker?$filter=status/kode%20eq%20'B'%20and%20contains(tittel,'o''brien')&$orderby=nr%20desc",
    )
    .await;
    assert_eq!(some["count"], 2);
    assert_eq!(some["results"][0]["nr"], 4);
    let (_, top) = get(&server, "saker?$top=3&$skip=1").await;
    assert_eq!(top["results"][1]["nr"], 3);
    assert!(
        top["_links"]["next"]["href"]
            .as_str()
            .unwrap()
            .ends_with("%24skip=3&%24top=1")
    );
    let (_, none) = get(&server, "saker?$filter=nr%20eq%209").await;
    assert_eq!(none["count"], 0);
    assert!(none.get("results").is_none());

    let prefer = reqwest::Client::new()
        .get(server.uri().join("saker").unwrap())
        .header("Prefer", "odata.maxpagesize=1")
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(prefer["results"].as_array().unwrap().len(), 1);

    let (status, bad) = get(&server, "saker?$filter=nr%20gt%202").await;
    assert_eq!(status, 400);
    assert!(
        bad["feil"]["beskrivelse"]
            .as_str()
            .unwrap()
            .contains("$filter")
    );
    assert_eq!(get(&server, "saker?$orderby=nr%20opp").await.0, 400);
    assert_eq!(get(&server, "saker?$top=mange").await.0, 400);

    let http = reqwest::Client::new();
    let create = |ct: &'static str| {
        http.post(server.uri().join("saker").unwrap())
            .header("content-type", ct)
            .body("{}")
            .send()
    };
    assert_eq!(create("application/json").await.unwrap().status(), 415);
    let ok = create("application/vnd.noark5+json; charset=utf-8");
    assert_eq!(ok.await.unwrap().status(), 201);
}

#[tokio::test]
async fn uploads_come_whole_or_in_chunks_and_bad_chunks_are_refused() {
    use hint_core::mock::upload::{ChunkedUploads, Uploaded};
    const UPLOAD: Route = Route::post("Arkiv.uploadFil", "filer/{id}");
    const CHUNK: Route = Route::put("Arkiv.uploadDel", "opplastinger/{id}");
    type Files = Vec<(String, Vec<u8>, String, Option<String>)>;
    let state = Shared::new((ChunkedUploads::<String>::default(), Files::new()));
    let answer = |uploaded: Uploaded<String>, files: &mut Files| match uploaded {
        Uploaded::Reply(reply) => reply,
        Uploaded::File(f) => {
            files.push((f.target, f.bytes, f.media_type, f.filename));
            Reply::empty(201)
        }
    };
    let server = MockServer::start().await;
    Router::new(state.clone(), ErrorShape::Noark)
        .route(UPLOAD, move |req, (uploads, files)| {
            let id = req.param("id").to_owned();
            Ok(answer(uploads.start(req, id, "opplastinger/")?, files))
        })
        .route(CHUNK, move |req, (uploads, files)| {
            Ok(answer(uploads.chunk(req, req.param("id"))?, files))
        })
        .mount(&server)
        .await;
    let http = reqwest::Client::new();
    let whole = http
        .post(server.uri().join("filer/a").unwrap())
        .header("content-type", "application/pdf; charset=binary")
        .header("content-disposition", "attachment; filename=\"a.pdf\"")
        .body("%PDF")
        .send()
        .await
        .unwrap();
    assert_eq!(whole.status(), 201);
    let start = |len: &'static str| {
        http.post(server.uri().join("filer/b").unwrap())
            .header("x-upload-content-length", len)
            .header("x-upload-content-type", "text/plain")
            .send()
    };
    assert_eq!(start("fem").await.unwrap().status(), 400);
    let started = start("6").await.unwrap();
    assert_eq!(started.status(), 200);
    let location = started.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("opplastinger/"), "{location}");
    let put = |path: &str, range: &'static str, body: &'static str| {
        http.put(server.uri().join(path).unwrap())
            .header("content-range", range)
            .body(body)
            .send()
    };
    let first = put(&location, "0-2/6", "abc").await.unwrap();
    assert_eq!(first.headers()["range"], "0-2");
    assert_eq!(first.headers()["location"], location.as_str());
    assert_eq!(put(&location, "0-2/7", "abc").await.unwrap().status(), 400);
    assert_eq!(
        put(&location, "4-5/6", "ef").await.unwrap().status(),
        400,
        "a gap"
    );
    assert_eq!(put(&location, "0-2", "abc").await.unwrap().status(), 400);
    assert_eq!(
        put(&location, "bytes 0-2/6", "abc").await.unwrap().status(),
        200,
        "a retry"
    );
    assert_eq!(
        put("opplastinger/ukjent", "0-2/6", "abc")
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(put(&location, "3-5/6", "def").await.unwrap().status(), 201);
    let files = &state.lock().1;
    assert_eq!(
        files[0],
        (
            "a".into(),
            b"%PDF".to_vec(),
            "application/pdf".into(),
            Some("a.pdf".into())
        )
    );
    assert_eq!(
        files[1],
        ("b".into(), b"abcdef".to_vec(), "text/plain".into(), None)
    );
}

#[tokio::test]
async fn idempotency_keys_can_be_ignored_like_a_service_that_does_not_know_them() {
    let server = MockServer::start().await;
    let state = Shared::default();
    let calls = Arc::new(AtomicUsize::new(0));
    let router = router(&state, ErrorShape::MicrosoftRest, calls.clone());
    let keys = router.idempotency_keys();
    assert!(keys.honoured());
    router.mount(&server).await;
    keys.honour(false);
    for _ in 0..2 {
        let created = post(&server, Some("k"), r#"{"navn":"a"}"#).await;
        assert_eq!(created.status(), 201);
    }
    assert_eq!(calls.load(Ordering::SeqCst), 2, "the handler ran twice");
    // Honoured again: only from now on.
    keys.honour(true);
    post(&server, Some("k2"), r#"{"navn":"b"}"#).await;
    post(&server, Some("k2"), r#"{"navn":"b"}"#).await;
    assert_eq!(state.lock().ting.len(), 3);
}

#[tokio::test]
async fn a_route_with_another_credential_passes_the_token_gate_and_others_are_refused_as_set() {
    use hint_core::helseid_auth::TokenType;
    let server = MockServer::builder()
        .helseid()
        .token_type(TokenType::Bearer)
        .refuse_tokens_with(403)
        .start()
        .await;
    let router = Router::new(Shared::new(()), ErrorShape::Helsenorge)
        .route(LIST, |_, _| Ok(Reply::json(200, &json!([]))))
        .other_credential(GET, |req, _| match req.header("authorization") {
            Some("Bearer citizen") => Ok(Reply::json(200, &json!({"id": req.param("id")}))),
            _ => Err(req.error(401, "", "needs the citizen's token")),
        });
    router.scopes().require_all(&["nhn:test/api"]);
    router.mount(&server).await;

    // The route with its own credential: no HelseID token, no scopes; its handler decides.
    let http = reqwest::Client::new();
    let url = server.uri().join("ting/a1").unwrap();
    let own = http
        .get(url.clone())
        .bearer_auth("citizen")
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), 200);
    assert_eq!(http.get(url).send().await.unwrap().status(), 401);

    // Other routes: a missing or refused token is answered with the status set.
    let list = server.uri().join("ting").unwrap();
    let refused = http.get(list).bearer_auth("citizen").send().await.unwrap();
    assert_eq!(refused.status(), 403);

    // The pre-wired client takes Bearer tokens, and gets through.
    let client: TestService = server.client_builder().await.build().unwrap();
    assert!(client.0.send(LIST.op()).await.is_ok());
    let seen = server.received_requests().await;
    let sent = seen.iter().rev().find(|r| r.path == "/ting").unwrap();
    assert!(sent.header("authorization").unwrap().starts_with("Bearer "));
    assert!(sent.header("dpop").is_none());
}

#[test]
fn changes_need_the_current_version_and_merge_as_rfc_7396() {
    use hint_core::mock::version::{check_if_match, etag, merge_patch};

    assert_eq!(etag(7), "\"7\"");
    for tag in ["\"7\"", "W/\"7\"", " \"7\" ", "*"] {
        assert!(
            check_if_match(ErrorShape::Noark, Some(tag), 7).is_ok(),
            "{tag}"
        );
    }
    let stale = check_if_match(ErrorShape::MicrosoftRest, Some("\"6\""), 7).unwrap_err();
    assert_eq!(stale.status(), 412);
    assert_eq!(
        stale.body_json().unwrap()["error"]["code"],
        "PreconditionFailed"
    );
    assert!(String::from_utf8_lossy(stale.body()).contains("now version 7"));
    let missing = check_if_match(ErrorShape::Noark, None, 7).unwrap_err();
    assert_eq!(missing.status(), 428);
    assert_eq!(missing.body_json().unwrap()["feil"]["kode"], "428");

    let mut value = json!({"a": 1, "b": {"c": 2, "d": 3}, "e": [1, 2]});
    merge_patch(
        &mut value,
        &json!({"a": null, "b": {"c": null, "f": 4}, "e": [3], "g": {"h": null}}),
    );
    assert_eq!(value, json!({"b": {"d": 3, "f": 4}, "e": [3], "g": {}}));
    merge_patch(&mut value, &json!("x"));
    assert_eq!(value, json!("x"));
}

#[tokio::test]
async fn equality_filters_match_wire_documents_by_pointer() {
    const FILTERED: Route = Route::get("Ting.filtered", "filtrert");
    let server = MockServer::start().await;
    let docs = vec![
        json!({"status": "aktiv", "aar": 2026, "konto": {"kode": "8703"}}),
        json!({"status": "stoppet", "aar": 2025, "konto": {"kode": "5030"}}),
        json!({"status": "aktiv", "aar": 2025}),
    ];
    let state = Shared::new(State { ting: docs });
    Router::new(state, ErrorShape::MicrosoftRest)
        .route(FILTERED, |req, s| {
            let filters = [
                ("status", "/status"),
                ("aar", "/aar"),
                ("kode", "/konto/kode"),
            ];
            let hits: Vec<&Value> = (s.ting.iter())
                .filter(|d| req.filters_match(d, &filters))
                .collect();
            Ok(Reply::json(200, &hits.len()))
        })
        .mount(&server)
        .await;
    for (query, hits) in [
        ("", 3),
        ("?status=aktiv", 2),
        ("?status=aktiv&aar=2025", 1),
        ("?aar=02026", 1),
        ("?aar=2024", 0),
        ("?kode=8703", 1),
        ("?kode=8703&status=stoppet", 0),
        ("?ukjent=1", 3),
    ] {
        let (status, body) = get(&server, &format!("filtrert{query}")).await;
        assert_eq!((status, body), (200, json!(hits)), "{query}");
    }
}

#[test]
fn wire_helpers_strip_nulls_and_make_distinct_ids() {
    use hint_core::mock::wire::{new_id, strip_nulls};
    let doc = json!({"id": "a", "kid": null, "trekk": [null], "konto": {"iban": null}});
    let stripped = json!({"id": "a", "trekk": [null], "konto": {"iban": null}});
    assert_eq!(strip_nulls(doc), stripped, "only top-level nulls go");
    assert_eq!(strip_nulls(json!([null])), json!([null]));
    let (a, b) = (new_id(), new_id());
    assert_ne!(a, b);
    assert!(uuid_like(&a), "{a}");
}

fn uuid_like(id: &str) -> bool {
    let parts: Vec<usize> = id.split('-').map(str::len).collect();
    parts == [8, 4, 4, 4, 12] && id.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
}
