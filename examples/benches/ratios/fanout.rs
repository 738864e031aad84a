//! Fan-out (child process): 1,000 concurrent GETs through one SDK client against the loopback
//! server process, and the same through one hand-written reqwest client with the SDK's
//! connection pool settings (reqwest's defaults, a 10 s connect timeout, no redirects). Each GET
//! fetches and decodes a page of 10 items (about 1 KB of JSON) with the API key header. Both
//! sides build each GET's URL as they go, as a service fanning out over many resources must: the
//! SDK from its operation, reqwest the way it is written by hand (`base.join(path)`, then
//! `query_pairs_mut()`, which is also what reqwest's own `.query(..)` writes with). The SDK's
//! transport turns reqwest's own retry layer off (the pipeline retries, within its budget); the
//! baseline keeps reqwest's default, as code written by hand would: that layer copies every
//! request's headers in case it retries, about 2,000 instructions per GET here.
//!
//! `RATIOS_FANOUT_SIDE=sdk` or `=reqwest` runs one side only, for `RATIOS_FANOUT_ROUNDS` rounds
//! (default 40) after the warm-up, and prints no rows: for a profiler (`perf`, `valgrind`).
//!
//! A round is 1,000 GETs started at once (one task each) on a current-thread runtime, awaited to
//! the last. Per round: throughput (GETs per second of the round's wall time) and the 99th
//! percentile of the GETs' latencies, each from its start to its decoded body. One warm-up round
//! per side fills both connection pools (1,000 connections each); then rounds alternate, the
//! first side flipping each round. Figures are medians over the rounds, ratios from the pairs of
//! rounds (see `paired_ratio`).

use std::time::{Duration, Instant};

use hint_core::{ClientBuilder, Operation, RetryOptions};
use serde::Deserialize;

use crate::get::Bench;
use crate::{BoxError, Row, Settings, Verdict, fmt_secs, median, paired_ratio};

/// GETs per round, all in flight at once.
const CONCURRENT: usize = 1000;
/// Items per page (about 1 KB of JSON).
const ITEMS: u64 = 10;

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Item {
    id: u64,
    navn: String,
    kategori: String,
    beloep: String,
    aktiv: bool,
}

#[derive(Deserialize)]
struct Page {
    value: Vec<Item>,
}

/// The two rows.
pub fn run(settings: &Settings, port: u16) -> Result<Vec<Row>, BoxError> {
    // Both clients keep 1,000 connections open, and the server as many: a low limit on open
    // files would break the run half way.
    if let Some(limit) = open_files_limit()
        && limit < 4 * CONCURRENT as u64 + 256
    {
        return Err(format!(
            "the fan-out section needs about {} open files; this process may open {limit} \
             (raise it with `ulimit -n`)",
            4 * CONCURRENT + 256
        )
        .into());
    }
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(measure(settings, port))
}

/// The soft limit on open files, from `/proc` (Linux only).
fn open_files_limit() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

fn check(page: &Page) {
    assert_eq!(page.value.len() as u64, ITEMS, "a page of {ITEMS} items");
}

/// One round: `CONCURRENT` GETs started at once; the round's wall time and every GET's latency.
async fn round<F, Fut>(call: &F) -> Result<(f64, Vec<f64>), BoxError>
where
    F: Fn() -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..CONCURRENT {
        let get = call();
        let issued = Instant::now();
        tasks.spawn(async move {
            get.await;
            issued.elapsed()
        });
    }
    let mut latencies = Vec::with_capacity(CONCURRENT);
    // Bounded: exactly one result per task.
    for _ in 0..CONCURRENT {
        let latency: Duration = tasks.join_next().await.ok_or("a task went missing")??;
        latencies.push(latency.as_secs_f64());
    }
    Ok((started.elapsed().as_secs_f64(), latencies))
}

/// The 99th percentile.
fn p99(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[(v.len() * 99 / 100).min(v.len() - 1)]
}

async fn measure(settings: &Settings, port: u16) -> Result<Vec<Row>, BoxError> {
    let base: url::Url = format!("http://127.0.0.1:{port}/").parse()?;
    let sdk: Bench = ClientBuilder::new()
        .base_url(base.clone())
        .api_key("bench-key")
        .retry(RetryOptions::default())
        .build()?;
    // The SDK's default transport: reqwest's pool defaults, a 10 s connect timeout, no redirects.
    let raw = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .build()?;

    let sdk_get = || {
        let sdk = sdk.clone();
        async move {
            let op = Operation::get("Bench.elementer", "elementer")
                .query("fra", 0)
                .query("antall", ITEMS)
                .query("total", ITEMS);
            let page: Page = sdk.0.send_json(op).await.expect("sdk GET");
            check(&page);
        }
    };
    let raw_get = || {
        let (raw, base) = (raw.clone(), base.clone());
        async move {
            let mut url = base.join("elementer").expect("raw URL");
            url.query_pairs_mut()
                .append_pair("fra", "0")
                .append_pair("antall", &ITEMS.to_string())
                .append_pair("total", &ITEMS.to_string());
            let page: Page = raw
                .get(url)
                .header("Ocp-Apim-Subscription-Key", "bench-key")
                .send()
                .await
                .expect("raw GET")
                .error_for_status()
                .expect("raw status")
                .json()
                .await
                .expect("raw json");
            check(&page);
        }
    };

    // Warm-up: fills both pools.
    round(&sdk_get).await?;
    round(&raw_get).await?;
    if let Ok(side) = std::env::var("RATIOS_FANOUT_SIDE") {
        let rounds: usize = std::env::var("RATIOS_FANOUT_ROUNDS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(40);
        // Bounded: `rounds` rounds of `CONCURRENT` GETs.
        for _ in 0..rounds {
            match side.as_str() {
                "sdk" => round(&sdk_get).await?,
                "reqwest" => round(&raw_get).await?,
                other => return Err(format!("RATIOS_FANOUT_SIDE={other}: sdk or reqwest").into()),
            };
        }
        return Ok(vec![]);
    }
    // Even, so that every round has its partner with the other side first; 40 pairs, as a
    // round-to-round spread of several percent needs that many for a median steady to about a
    // point between runs (about 7 s).
    let rounds = settings.pick(80, 6);
    let (mut s_rate, mut r_rate, mut s_p99, mut r_p99) = (vec![], vec![], vec![], vec![]);
    for n in 0..rounds {
        for side in if n % 2 == 0 { [0, 1] } else { [1, 0] } {
            if side == 0 {
                let (wall, latencies) = round(&sdk_get).await?;
                s_rate.push(CONCURRENT as f64 / wall);
                s_p99.push(p99(latencies));
            } else {
                let (wall, latencies) = round(&raw_get).await?;
                r_rate.push(CONCURRENT as f64 / wall);
                r_p99.push(p99(latencies));
            }
        }
    }
    let rate_ratio = paired_ratio(&s_rate, &r_rate);
    let p99_ratio = paired_ratio(&s_p99, &r_p99);
    Ok(vec![
        Row {
            name: format!(
                "fan-out: 1,000 concurrent GETs through one client, ~1 KB JSON: throughput (median of {rounds} rounds)"
            ),
            sdk: format!("{:.0} GETs/s", median(s_rate)),
            baseline: format!("{:.0} GETs/s (reqwest, same pool)", median(r_rate)),
            ratio: Some(rate_ratio),
            target: "≥ 0.95".into(),
            verdict: Verdict::of(rate_ratio >= 0.95),
        },
        Row {
            name: "fan-out: 1,000 concurrent GETs: p99 latency (median of the rounds' p99)".into(),
            sdk: fmt_secs(median(s_p99)),
            baseline: format!("{} (reqwest, same pool)", fmt_secs(median(r_p99))),
            ratio: Some(p99_ratio),
            target: "≤ 1.10".into(),
            verdict: Verdict::of(p99_ratio <= 1.10),
        },
    ])
}
