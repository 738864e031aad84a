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

#[tokio::test]
async fn skip_take_style_counts_offsets_and_resumes() {
    let server = numbers("skip", 23, 10).await;
    let client: TestService = server.client_builder().await.build().unwrap();
    let style = PageStyle::SkipTake {
        skip_param: "skip",
        take_param: "take",
        take: 10,
    };
    let mut pager = client.0.pager::<u64>(list(), style.clone());
    assert_eq!(
        pager.next_page().await.unwrap().unwrap(),
        (0..10).collect::<Vec<_>>()
    );
    let token = pager.continuation().unwrap();
    assert_eq!(token.as_page(), Some(10));
    let rest = client
        .0
        .pager::<u64>(list(), style)
        .resume_from(token)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(rest, (10..23).collect::<Vec<_>>());
    let requests = server.received_requests().await;
    assert_eq!(requests[0].query.as_deref(), Some("skip=0&take=10"));
    assert_eq!(
        requests.last().unwrap().query.as_deref(),
        Some("skip=20&take=10")
    );
}

#[tokio::test]
async fn an_unpaged_list_is_one_page_and_a_204_is_empty() {
    let server = numbers("skip", 7, 100).await;
    let client: TestService = server.client_builder().await.build().unwrap();
    let all: Vec<u64> = client
        .0
        .pager(list(), PageStyle::Unpaged)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all, (0..7).collect::<Vec<_>>());
    assert_eq!(server.received_requests().await.len(), 1);

    let empty = MockServer::start().await;
    empty
        .mount(Mock::given(method("GET")).respond_with(ResponseTemplate::new(204)))
        .await;
    let client: TestService = empty.client_builder().await.build().unwrap();
    let none: Vec<u64> = client
        .0
        .pager(list(), PageStyle::Unpaged)
        .collect_all()
        .await
        .unwrap();
    assert!(none.is_empty());
}

/// A service whose pages wrap their items in an envelope the built-in reading does not know.
fn wrapped(response: &hint_core::Response) -> hint_core::Result<Vec<u64>> {
    let body: serde_json::Value = response.json()?;
    Ok(body["data"]["rows"]
        .as_array()
        .map(|rows| rows.iter().filter_map(serde_json::Value::as_u64).collect())
        .unwrap_or_default())
}

#[tokio::test]
async fn a_service_reads_its_own_items_and_the_core_follows_the_links() {
    let server = MockServer::start().await;
    let base = server.uri();
    server
        .mount(
            Mock::given(method("GET"))
                .and(path("/tall"))
                .respond_with(move |req: &Request| {
                    let second = req.url.query().is_some_and(|q| q.contains("side=2"));
                    let body = if second {
                        json!({"data": {"rows": [3, 4]}})
                    } else {
                        json!({"data": {"rows": [1, 2]}, "nextLink": format!("{base}tall?side=2")})
                    };
                    ResponseTemplate::new(200).set_body_json(body)
                }),
        )
        .await;
    let client: TestService = server.client_builder().await.build().unwrap();
    let all = client
        .0
        .pager_with(list(), PageStyle::NextLink, wrapped)
        .map(|n| n * 10)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all, vec![10, 20, 30, 40]);
}

#[tokio::test]
async fn a_discovered_list_is_found_once_then_followed_by_its_links() {
    let server = numbers("noark", 25, 10).await;
    let client: TestService = server.client_builder().await.build().unwrap();
    let found = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let (count, base) = (found.clone(), server.uri());
    let all: Vec<u64> = client
        .0
        .pager_discovering(
            Operation::get("Test.listFound", "{href}").query("skip", 0),
            PageStyle::Noark,
            move || {
                count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let url = base
                    .join("tall")
                    .map_err(|_| hint_core::Error::config("url"));
                async move { url }
            },
        )
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all, (0..25).collect::<Vec<_>>());
    assert_eq!(found.load(std::sync::atomic::Ordering::SeqCst), 1);
    let requests = server.received_requests().await;
    assert_eq!(requests[0].query.as_deref(), Some("skip=0"));
    assert_eq!(requests.len(), 3);
}
