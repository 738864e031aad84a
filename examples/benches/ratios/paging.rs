//! Paging (child process): 100,000 items in pages of 1,000 (`nextLink` style) through
//! `Client::pager`, item by item, never collected. Peak memory for 100,000 items against 1,000,
//! then throughput against hand-written reqwest following the same links.

use hint_core::{ClientBuilder, Operation, PageStyle, RetryOptions};
use serde::Deserialize;

use crate::get::Bench;
use crate::{BoxError, Row, Settings, Verdict, median, mem};

const PAGE: u64 = 1000;
const ITEMS: u64 = 100_000;
/// [`PAGE`] and [`ITEMS`] as text.
const PAGE_TEXT: &str = "1,000";
const ITEMS_TEXT: &str = "100,000";
/// Memory growth below this is noise (allocator arenas, page granularity).
const FLOOR_MIB: f64 = 1.0;

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
struct RawPage {
    value: Vec<Item>,
    #[serde(rename = "nextLink")]
    next_link: Option<String>,
}

/// Row 5.
pub fn run(settings: &Settings, port: u16) -> Result<Vec<Row>, BoxError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(measure(settings, port))
}

fn list(total: u64) -> Operation {
    Operation::get("Bench.elementer", "elementer")
        .query("fra", 0)
        .query("antall", PAGE)
        .query("total", total)
}

/// Checks the items seen: their count and the sum of their ids.
fn check(total: u64, (count, sum): (u64, u64)) -> Result<(), BoxError> {
    if count != total || sum != total * total.saturating_sub(1) / 2 {
        return Err(format!("paging saw {count} items (id sum {sum}), expected {total}").into());
    }
    Ok(())
}

async fn sdk_walk(sdk: &Bench, total: u64) -> Result<(), BoxError> {
    let mut pager = sdk.0.pager::<Item>(list(total), PageStyle::NextLink);
    let (mut count, mut sum) = (0u64, 0u64);
    // Bounded: one more than the items expected.
    for _ in 0..=total {
        match pager.next().await {
            Some(item) => {
                let item = item?;
                count += 1;
                sum += item.id;
            }
            None => break,
        }
    }
    check(total, (count, sum))
}

async fn raw_walk(raw: &reqwest::Client, base: &url::Url, total: u64) -> Result<(), BoxError> {
    let mut next = Some(base.join(&format!("elementer?fra=0&antall={PAGE}&total={total}"))?);
    let (mut count, mut sum) = (0u64, 0u64);
    // Bounded: one more than the pages expected.
    for _ in 0..=total.div_ceil(PAGE) {
        let Some(url) = next.take() else { break };
        let page: RawPage = raw
            .get(url)
            .header("Ocp-Apim-Subscription-Key", "bench-key")
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        for item in page.value {
            count += 1;
            sum += item.id;
        }
        next = page.next_link.map(|l| base.join(&l)).transpose()?;
    }
    check(total, (count, sum))
}

async fn measure(settings: &Settings, port: u16) -> Result<Vec<Row>, BoxError> {
    let base: url::Url = format!("http://127.0.0.1:{port}/").parse()?;
    let sdk: Bench = ClientBuilder::new()
        .base_url(base.clone())
        .api_key("bench-key")
        .retry(RetryOptions::none())
        .build()?;
    let raw = reqwest::Client::new();

    // Memory first, in this fresh process: growth of the peak over the RSS before paging.
    let before = mem::rss_mib();
    let can_reset = mem::reset_peak();
    sdk_walk(&sdk, PAGE).await?;
    let small = mem::peak_mib();
    mem::reset_peak();
    sdk_walk(&sdk, ITEMS).await?;
    let large = mem::peak_mib();
    let mut rows = Vec::new();
    match (before, small, large, can_reset) {
        (Some(before), Some(small), Some(large), true) => {
            let (small, large) = ((small - before).max(0.0), (large - before).max(0.0));
            let ratio = large / small.max(FLOOR_MIB);
            rows.push(Row {
                name: format!(
                    "paging {ITEMS_TEXT} items, pages of {PAGE_TEXT}: peak RSS growth (ratio over max(the {PAGE_TEXT}-item figure, {FLOOR_MIB} MiB))"
                ),
                sdk: format!("{large:.1} MiB"),
                baseline: format!("{small:.1} MiB ({PAGE_TEXT} items)"),
                ratio: Some(ratio),
                target: "≤ 1.5 (flat)".into(),
                verdict: Verdict::of(ratio <= 1.5),
            });
        }
        _ => rows.push(Row {
            name: format!("paging {ITEMS_TEXT} items: peak RSS growth"),
            sdk: "n/a".into(),
            baseline: "n/a".into(),
            ratio: None,
            target: "≤ 1.5 (flat)".into(),
            verdict: Verdict::NotAvailable,
        }),
    }

    // Throughput: whole walks, alternating.
    raw_walk(&raw, &base, ITEMS).await?;
    let rounds = settings.pick(7, 3);
    let (mut s, mut r) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        for side in if round % 2 == 0 { [0, 1] } else { [1, 0] } {
            let started = std::time::Instant::now();
            if side == 0 {
                sdk_walk(&sdk, ITEMS).await?;
                s.push(ITEMS as f64 / started.elapsed().as_secs_f64());
            } else {
                raw_walk(&raw, &base, ITEMS).await?;
                r.push(ITEMS as f64 / started.elapsed().as_secs_f64());
            }
        }
    }
    // The ratio comes from the rounds in pairs (see `paired_ratio`).
    let paired = crate::paired_ratio(&s, &r);
    let (s, r) = (median(s), median(r));
    rows.push(Row {
        name: format!(
            "paging {ITEMS_TEXT} items, pages of {PAGE_TEXT}: throughput (median of {rounds} rounds)"
        ),
        sdk: format!("{:.0} k items/s", s / 1e3),
        baseline: format!("{:.0} k items/s (reqwest)", r / 1e3),
        ratio: Some(paired),
        target: "≥ 0.8".into(),
        verdict: Verdict::of(paired >= 0.8),
    });
    Ok(rows)
}
