//! Paging through the public API: `value`/`nextLink`, Noark `results`/`_links.next`, page
//! numbers; resuming from a token; the stream.

mod common;

use common::TestService;
use futures_util::StreamExt;
use hint_core::mock::MockServer;
use hint_core::mock::wiremock::matchers::{method, path, query_param};
use hint_core::mock::wiremock::{Mock, Request, ResponseTemplate};
use hint_core::{Operation, PageStyle};
use serde_json::json;

/// Serves `total` numbers in pages of `size`, in the given style.
async fn numbers(style: &'static str, total: u64, size: u64) -> MockServer {
    let server = MockServer::start().await;
    let base = server.uri();
    server
        .mount(Mock::given(method("GET")).and(path("/tall")).respond_with(move |req: &Request| {
            let q = |name: &str| req.url.query_pairs().find(|(k, _)| k == name).and_then(|(_, v)| v.parse::<u64>().ok());
            let (start, page_index) = match style {
                "page" => {
                    let page = q("side").unwrap_or(1);
                    ((page - 1) * size, page)
                }
                _ => (q("skip").unwrap_or(0), 0),
            };
            let items: Vec<u64> = (start..(start + size).min(total)).collect();
            let next = (start + size < total).then(|| format!("{base}tall?skip={}", start + size));
            let body = match style {
                "ms" => json!({"value": items, "nextLink": next}),
                "noark" => json!({"results": items, "_links": next.map(|n| json!({"next": {"href": n}})).unwrap_or(json!({}))}),
                _ => {
                    let _ = page_index;
                    json!(items)
                }
            };
            ResponseTemplate::new(200).set_body_json(body)
        }))
        .await;
    server
}

fn list() -> Operation {
    Operation::get("Test.list", "tall")
}

#[tokio::test]
async fn next_link_style_walks_every_page() {
    let server = numbers("ms", 25, 10).await;
    let client: TestService = server.client_builder().await.build().unwrap();
    let all: Vec<u64> = client
        .0
        .pager(list(), PageStyle::NextLink)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all, (0..25).collect::<Vec<_>>());
    assert_eq!(server.received_requests().await.len(), 3);
}

#[tokio::test]
async fn noark_style_walks_every_page_and_resumes() {
    let server = numbers("noark", 30, 10).await;
    let client: TestService = server.client_builder().await.build().unwrap();
    let mut pager = client.0.pager::<u64>(list(), PageStyle::Noark);
    assert_eq!(
        pager.next_page().await.unwrap().unwrap(),
        (0..10).collect::<Vec<_>>()
    );
    let token = pager.continuation().unwrap().to_string();
    drop(pager);
    let resumed = client
        .0
        .pager::<u64>(list(), PageStyle::Noark)
        .resume_from(token.parse().unwrap());
    let rest = resumed.collect_all().await.unwrap();
    assert_eq!(rest, (10..30).collect::<Vec<_>>());
}

#[tokio::test]
async fn page_number_style_stops_at_the_short_page() {
    let server = numbers("page", 23, 10).await;
    let client: TestService = server.client_builder().await.build().unwrap();
    let style = PageStyle::PageNumber {
        page_param: "side",
        size_param: "antall",
        first: 1,
        size: 10,
    };
    let stream = client.0.pager::<u64>(list(), style).into_stream();
    let all: Vec<u64> = stream.map(|r| r.unwrap()).collect().await;
    assert_eq!(all, (0..23).collect::<Vec<_>>());
    let requests = server.received_requests().await;
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[2].query.as_deref(), Some("side=3&antall=10"));
}

#[tokio::test]
async fn next_link_to_another_origin_is_refused() {
    let server = MockServer::start().await;
    server
        .mount(
            Mock::given(method("GET"))
                .and(path("/tall"))
                .and(query_param("p", "1"))
                .respond_with(ResponseTemplate::new(200).set_body_json(
                    json!({"value": [1], "nextLink": "https://evil.example.com/steal"}),
                )),
        )
        .await;
    let client: TestService = server.client_builder().await.build().unwrap();
    let mut pager = client
        .0
        .pager::<u64>(list().query("p", 1), PageStyle::NextLink);
    assert_eq!(pager.next().await.unwrap().unwrap(), 1);
    let err = pager.next().await.unwrap().unwrap_err();
    assert!(err.to_string().contains("another origin"), "{err}");
    assert_eq!(server.received_requests().await.len(), 1);
}
