//! A fault matrix: one table of faults, run against every service crate's mock through its public
//! client.
//!
//! Each service gets a small adapter ([`Harness`]): how to start its stateful mock with a client
//! configured for the case, how to call one read operation and each create operation, and how to
//! count what the mock holds. The table ([`cases`]) says, for each fault, what must happen: the
//! call retried and succeeded, or a typed error whose kind names the cause; how many requests the
//! service itself saw (not those the fault proxy answered or dropped first); and, for creates,
//! whether the service kept exactly one entity. Every case runs on a fresh mock, so counts start
//! at zero and one case cannot leak into the next.
//!
//! Faults go through `hint_core::mock::Fault` on each mock's `server()`. Retries are quick
//! (milliseconds of backoff, `Retry-After` capped at [`RETRY_AFTER_CAP`]) and the slow-response
//! cases use a short request timeout, so the whole file runs in seconds.
//!
//! Run: `cargo test -p hint-examples --test faults`.
mod arkiv;
mod budsjett;
mod cases;
mod hapi;
mod harness;
mod okonomi;
mod runner;
mod verktoy;

use std::fmt;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use futures_util::{StreamExt, stream};
use hint_core::mock::{Fault, MockServer};
use hint_core::{ClientBuilder, Error, ErrorKind, RetryOptions, Service};
use serde_json::{Value, json};

use cases::*;
use harness::*;
use runner::*;

/// Tries per call, the first included.
const MAX_ATTEMPTS: u32 = 3;
/// The longest `Retry-After` the clients honour here (the faults ask for a whole second).
const RETRY_AFTER_CAP: Duration = Duration::from_millis(150);
/// The request timeout of ordinary cases: generous, so a busy machine does not fail them.
const NORMAL_TIMEOUT: Duration = Duration::from_secs(3);
/// The request timeout of the slow-response cases.
const SHORT_TIMEOUT: Duration = Duration::from_millis(300);
/// How long a slow response is held back (well past [`SHORT_TIMEOUT`]).
const SLOW_DELAY: Duration = Duration::from_millis(900);
/// The response size limit of the oversized-body case.
const SMALL_LIMIT: usize = 64 * 1024;
/// The oversized body: sixteen times the limit.
const OVERSIZED: usize = 16 * SMALL_LIMIT;
/// How many cases of one service run at the same time (each on its own mock).
const CONCURRENT_CASES: usize = 4;
/// The longest the matrix waits for held-back requests to reach the service.
const SETTLE_LIMIT: Duration = Duration::from_secs(5);

// ---- One test per service, so they run side by side and fail by name ------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_hint_arkiv() {
    run_matrix::<arkiv::Arkiv>().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_hint_okonomi() {
    run_matrix::<okonomi::Okonomi>().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_hint_budsjett() {
    run_matrix::<budsjett::Budsjett>().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_hapi_content() {
    run_matrix::<hapi::Hapi>().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_helsenorge_verktoy() {
    run_matrix::<verktoy::Verktoy>().await;
}
