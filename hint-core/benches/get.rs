//! One GET + JSON decode of a ~2 KB object, through the SDK and through hand-written reqwest,
//! against the same loopback server in the same run. Prints the medians and the SDK/raw ratio
//! (target ≤ 1.05).
//!
//! Run: `cargo bench -p hint-core --features mock --bench get`

#![allow(clippy::print_stdout, missing_docs)]

use std::time::{Duration, Instant};

use hint_core::mock::wiremock::matchers::{method, path};
use hint_core::mock::wiremock::{Mock, MockServer, ResponseTemplate};
use hint_core::{Client, ClientBuilder, Operation, RetryOptions, Service, ServiceInfo};
use serde::Deserialize;

#[derive(Debug, Clone)]
struct Bench(Client);

impl Service for Bench {
    const INFO: ServiceInfo = ServiceInfo {
        crate_name: "bench",
        version: "0",
        test_url: "https://example.no/",
        production_url: "https://example.no/",
        default_scopes: &[],
    };
    fn from_core(core: Client) -> Self {
        Bench(core)
    }
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Item {
    id: String,
    tittel: String,
    intro: String,
    tekst: String,
    tall: Vec<u64>,
}

const ROUNDS: usize = 15;
const PER_ROUND: usize = 300;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let server = MockServer::builder().disable_request_recording().start().await;
        let body = serde_json::json!({
            "id": "b1f3c6a2-0000-4000-8000-000000000001",
            "tittel": "Nasjonal faglig retningslinje for svangerskapsomsorgen",
            "intro": "Retningslinjen gir anbefalinger om svangerskapsomsorgen. ".repeat(8),
            "tekst": "<p>Helsepersonell bør tilby gravide samtale om levevaner.</p>".repeat(14),
            "tall": (0..60).collect::<Vec<u64>>(),
        });
        let size = body.to_string().len();
        server
            .register(Mock::given(method("GET")).and(path("/innhold/1")).respond_with(ResponseTemplate::new(200).set_body_json(body)))
            .await;
        let base: url::Url = format!("{}/", server.uri()).parse().expect("url");
        let sdk: Bench = ClientBuilder::new().base_url(base.clone()).api_key("bench-key").retry(RetryOptions::none()).build().expect("client");
        let raw = reqwest::Client::new();
        let raw_url = base.join("innhold/1").expect("url");

        let sdk_call = || async {
            let _: Item = sdk.0.send_json(Operation::get("Bench.get", "innhold/{id}").path_param("id", 1)).await.expect("sdk");
        };
        let raw_call = || async {
            let _: Item = raw
                .get(raw_url.clone())
                .header("Ocp-Apim-Subscription-Key", "bench-key")
                .send()
                .await
                .expect("raw")
                .error_for_status()
                .expect("status")
                .json()
                .await
                .expect("json");
        };
        for _ in 0..200 {
            sdk_call().await;
            raw_call().await;
        }
        let (mut sdk_times, mut raw_times) = (Vec::new(), Vec::new());
        for round in 0..ROUNDS {
            // Alternate which side goes first so neither gains from a warm cache.
            for side in if round % 2 == 0 { [0, 1] } else { [1, 0] } {
                let started = Instant::now();
                for _ in 0..PER_ROUND {
                    if side == 0 { sdk_call().await } else { raw_call().await }
                }
                let per_call = started.elapsed() / PER_ROUND as u32;
                if side == 0 { sdk_times.push(per_call) } else { raw_times.push(per_call) }
            }
        }
        let (s, r) = (median(sdk_times), median(raw_times));
        println!("GET + decode of a {size}-byte JSON object, {ROUNDS} rounds x {PER_ROUND} calls, median per call");
        println!("| path | median | ratio |");
        println!("|---|---|---|");
        println!("| hand-written reqwest | {r:?} | 1.00 |");
        println!("| hint-core SDK | {s:?} | {:.3} |", s.as_secs_f64() / r.as_secs_f64());
    });
}
