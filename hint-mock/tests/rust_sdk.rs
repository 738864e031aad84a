//! The SDK's own clients against the binary: the same server serves Rust too, and its paging
//! links and DPoP checks hold behind the router's path prefixes.

mod common;

use common::Server;
use helseid_auth::{HelseIdClient, SigningKey};
use helsenorge_verktoy::{VerktoyClient, VerktoyFilter};
use hint_budsjett::{BudsjettClient, BudsjettFilter};
use url::Url;

#[tokio::test(flavor = "multi_thread")]
async fn sdk_clients_page_and_authenticate_through_the_router() {
    let server = Server::start(&[]);
    let (_, info) = server.control("GET", "", None);
    let file = std::fs::read_to_string(info["client"]["file"].as_str().unwrap()).unwrap();
    let client: serde_json::Value = serde_json::from_str(&file).unwrap();
    let key = SigningKey::from_jwk_json(&client["jwk"].to_string()).unwrap();
    let helseid = HelseIdClient::builder()
        .issuer(Url::parse(info["helseid"]["issuer"].as_str().unwrap()).unwrap())
        .client_id(client["client_id"].as_str().unwrap())
        .signing_key(key)
        .build()
        .unwrap();
    let url = |service: &str| {
        Url::parse(info["services"][service]["base_url"].as_str().unwrap()).unwrap()
    };

    // Budsjett in pages of two: every nextLink keeps the /budsjett/ prefix.
    let budsjett = BudsjettClient::builder()
        .base_url(url("budsjett"))
        .api_key(info["api_key"].as_str().unwrap())
        .helseid(helseid.clone())
        .build()
        .unwrap();
    let rows = budsjett
        .list_budsjett(&BudsjettFilter::new().periode(2026).page_size(2))
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert!(rows.len() > 4, "{} rows", rows.len());
    let (_, received) = server.control("GET", "requests/budsjett", None);
    let pages = received["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["path"] == "/budsjett/budsjett")
        .count();
    assert_eq!(pages, rows.len().div_ceil(2), "one request per page");
    // A scheme seeded over the control API is what the service then serves.
    let (status, _) = server.control(
        "POST",
        "seed/budsjett/tilskuddsordninger",
        Some(r#"{"kode": "870777", "navn": "Seeded scheme", "koststed": "8703"}"#),
    );
    assert_eq!(status, 201);
    let seeded = budsjett
        .get_tilskuddsordning(&hint_budsjett::TilskuddsordningKode::new("870777").unwrap())
        .await
        .unwrap();
    assert_eq!(seeded.navn, "Seeded scheme");
    let (_, tokens) = server.control("GET", "requests/helseid", None);
    assert_eq!(tokens["tokens_issued"], 1, "one token, cached across calls");
    assert_eq!(tokens["token_requests"], 2, "the nonce round trip first");

    // Verktøy trusts the same HelseID; without the nonce round trip this time.
    let (status, _) = server.control("POST", "helseid/nonce", Some(r#"{"required": false}"#));
    assert_eq!(status, 200);
    let verktoy = VerktoyClient::builder()
        .base_url(url("verktoy"))
        .helseid(helseid)
        .build()
        .unwrap();
    let tools = verktoy
        .list_verktoy(&VerktoyFilter::new())
        .unwrap()
        .collect_all()
        .await
        .unwrap();
    assert!(!tools.is_empty());
    let id = "9b2f3c1e-5d4a-4e8f-9a1b-2c3d4e5f6a7b";
    let (status, answer) = server.control(
        "POST",
        "seed/verktoy/verktoy?anonymTilgang=true",
        Some(&format!(
            r#"{{"VerktoyId": "{id}", "Navn": "Seeded tool"}}"#
        )),
    );
    assert_eq!(status, 201, "{answer}");
    let tool = verktoy.get_verktoy(id.parse().unwrap()).await.unwrap();
    assert_eq!(tool.navn.as_deref(), Some("Seeded tool"));
    let (_, tokens) = server.control("GET", "requests/helseid", None);
    assert_eq!(tokens["tokens_issued"], 2);
    assert_eq!(
        tokens["token_requests"], 3,
        "no nonce round trip when not required"
    );
}
