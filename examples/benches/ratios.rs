//! Every performance figure of the SDK in one run, each against a baseline measured in the same
//! run, printed as one markdown table: row, SDK figure, baseline figure, ratio, target, result.
//!
//! ```text
//! cargo bench -p hint-examples --bench ratios                      # full run (1 GiB stream)
//! RATIOS_QUICK=1 cargo bench -p hint-examples --bench ratios       # quick: fewer rounds, 64 MiB
//! RATIOS_STREAM_MIB=256 cargo bench -p hint-examples --bench ratios # another stream size
//! RATIOS_ONLY=get,paging cargo bench -p hint-examples --bench ratios # some sections only
//! ```
//!
//! Sections (`RATIOS_ONLY` takes their names, comma-separated):
//!
//! - `get`: GET + decode of a ~2 KB JSON object through the SDK (API key) and through hand-written
//!   reqwest, against the same in-process wiremock server; then the same GET through the SDK with
//!   a HelseID DPoP credential (ES256 key, token cached, so per call: one DPoP proof and the
//!   headers) against hand-written reqwest that makes the same DPoP proof itself (the ≤ 1.25
//!   target: what the SDK adds), and, for information, against a static bearer header with no
//!   proof (on loopback the ES256 signature alone is about half of a GET).
//! - `dpop`: one DPoP proof per algorithm through `HelseIdClient::dpop_proof`, against aws-lc-rs
//!   signing the same signing input with the same key (the signature alone).
//! - `cache`: 1,000 tasks on a cold token cache (token POSTs counted by the mock HelseID, whose
//!   DPoP nonce is switched off so that one token request is one POST), their wall time against
//!   one caller; then cache hits under 1,000 concurrent tasks against a hand-written cache (a
//!   `std::sync::RwLock<HashMap>` read, an expiry check and an `Arc` clone).
//! - `paging`: 100,000 items in pages of 1,000 through `Client::pager`, item by item: peak memory
//!   growth against the same for 1,000 items, and throughput against hand-written reqwest
//!   following the same `nextLink`s.
//! - `fanout`: 1,000 concurrent GETs through one SDK client against the server process, and
//!   through one hand-written reqwest client with the same connection pool settings: throughput
//!   and p99 latency (see `ratios/fanout.rs`).
//! - `stream`: one large document (`RATIOS_STREAM_MIB`, default 1024) uploaded and downloaded
//!   through hint-arkiv and through hand-written streaming reqwest (both hash with SHA-256 and
//!   compare with the server's `sjekksum`): throughput and the client process's peak memory.
//!
//! Method: warm-up first; then rounds in which the SDK path and its baseline alternate (which goes
//! first flips each round); each figure is the median of the rounds. Where the two sides
//! alternate, the ratio comes from the rounds in pairs, one with each side first (see
//! `paired_ratio`); the memory rows and the cold token cache row compare their two figures
//! directly. The paging, fan-out and streaming
//! sections run in fresh child processes of this binary so that peak memory (`VmHWM` from
//! `/proc/self/status`, reset through `/proc/self/clear_refs`) is theirs alone; the HTTP server
//! for them is a third process (a minimal streaming HTTP/1.1 server on 127.0.0.1; wiremock would
//! buffer whole bodies). Without `/proc` (not Linux) memory figures read `n/a`.
//!
//! A missed target prints `FAIL` in its row, but the run still exits 0: the figures come from
//! shared machines where a few percent of noise is normal. Only a broken run (a request failing,
//! a checksum mismatch, a wrong item count) exits non-zero.

#![allow(clippy::print_stdout)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

#[path = "ratios/auth.rs"]
mod auth;
#[path = "ratios/fanout.rs"]
mod fanout;
#[path = "ratios/get.rs"]
mod get;
#[path = "ratios/paging.rs"]
mod paging;
#[path = "ratios/server.rs"]
mod server;
#[path = "ratios/stream.rs"]
mod stream;

/// The error type of the whole bench: anything that makes a run meaningless.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Which process this is.
const ROLE_ENV: &str = "RATIOS_ROLE";
/// The port of the server process, for the client child processes.
const PORT_ENV: &str = "RATIOS_PORT";

/// Settings from the environment.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `RATIOS_QUICK=1`: fewer rounds and a 64 MiB stream.
    pub quick: bool,
    /// `RATIOS_STREAM_MIB`: the size of the streamed document.
    pub stream_mib: usize,
    only: Option<Vec<String>>,
}

impl Settings {
    fn from_env() -> Settings {
        let quick = std::env::var("RATIOS_QUICK").is_ok_and(|v| !v.is_empty() && v != "0");
        let stream_mib = std::env::var("RATIOS_STREAM_MIB")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .filter(|&m: &usize| (1..=16 * 1024).contains(&m))
            .unwrap_or(if quick { 64 } else { 1024 });
        let only = std::env::var("RATIOS_ONLY").ok().map(|v| {
            v.split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        });
        Settings {
            quick,
            stream_mib,
            only,
        }
    }

    fn runs(&self, section: &str) -> bool {
        self.only
            .as_ref()
            .is_none_or(|only| only.iter().any(|s| s == section))
    }

    /// `full` rounds, or `quick` in quick mode.
    pub fn pick<T>(&self, full: T, quick: T) -> T {
        if self.quick { quick } else { full }
    }
}

/// Whether a row met its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Met.
    Pass,
    /// Missed.
    Fail,
    /// No target: a figure for information.
    Info,
    /// Could not be measured here (no `/proc`).
    NotAvailable,
}

impl Verdict {
    /// Pass or Fail.
    pub fn of(ok: bool) -> Verdict {
        if ok { Verdict::Pass } else { Verdict::Fail }
    }

    fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "FAIL",
            Verdict::Info => "info",
            Verdict::NotAvailable => "n/a",
        }
    }

    fn parse(s: &str) -> Verdict {
        match s {
            "pass" => Verdict::Pass,
            "FAIL" => Verdict::Fail,
            "n/a" => Verdict::NotAvailable,
            _ => Verdict::Info,
        }
    }
}

/// One row of the table.
#[derive(Debug, Clone)]
pub struct Row {
    /// What is measured.
    pub name: String,
    /// The SDK's figure.
    pub sdk: String,
    /// The baseline's figure.
    pub baseline: String,
    /// SDK / baseline, when a ratio means something.
    pub ratio: Option<f64>,
    /// The target, as text.
    pub target: String,
    /// Whether it was met.
    pub verdict: Verdict,
}

impl Row {
    fn to_json(&self) -> Value {
        json!({
            "name": self.name,
            "sdk": self.sdk,
            "baseline": self.baseline,
            "ratio": self.ratio,
            "target": self.target,
            "verdict": self.verdict.as_str(),
        })
    }

    fn from_json(v: &Value) -> Option<Row> {
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        Some(Row {
            name: s("name")?,
            sdk: s("sdk")?,
            baseline: s("baseline")?,
            ratio: v.get("ratio").and_then(Value::as_f64),
            target: s("target")?,
            verdict: Verdict::parse(&s("verdict")?),
        })
    }
}

/// The median of some figures (0 for none).
pub fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The ratio of rounds in which the two sides ran back to back, so that a change in the
/// machine's load between rounds cancels out: each round's `a[i] / b[i]`, the two rounds of each
/// pair (one with each side first) combined by their geometric mean, then the median of those.
///
/// Which side goes first flips each round, and the side that runs second is slower by a few
/// percent (it runs on the caches and allocator the other left): a median of single rounds
/// lands in one of the two orders' clusters, a pair of rounds has both. The last of an odd
/// number of rounds stands alone.
pub fn paired_ratio(a: &[f64], b: &[f64]) -> f64 {
    let ratios: Vec<f64> = a.iter().zip(b).map(|(a, b)| a / b).collect();
    median(
        ratios
            .chunks(2)
            .map(|pair| pair.iter().product::<f64>().powf(1.0 / pair.len() as f64))
            .collect(),
    )
}

/// A duration in seconds, in the unit that suits it.
pub fn fmt_secs(s: f64) -> String {
    if !s.is_finite() {
        "n/a".to_owned()
    } else if s < 1e-6 {
        format!("{:.0} ns", s * 1e9)
    } else if s < 1e-3 {
        format!("{:.1} µs", s * 1e6)
    } else if s < 1.0 {
        format!("{:.2} ms", s * 1e3)
    } else {
        format!("{s:.2} s")
    }
}

/// Progress on stderr (the table goes to stdout).
pub fn progress(message: impl std::fmt::Display) {
    eprintln!("ratios: {message}");
}

/// Peak memory of this process, Linux only.
pub mod mem {
    /// Resets the peak (`VmHWM`) to the current RSS; false where that is not possible.
    pub fn reset_peak() -> bool {
        std::fs::write("/proc/self/clear_refs", "5").is_ok()
    }

    fn status_kib(field: &str) -> Option<f64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix(field))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
    }

    /// The peak resident set since the last reset, in MiB.
    pub fn peak_mib() -> Option<f64> {
        status_kib("VmHWM:").map(|kib| kib / 1024.0)
    }

    /// The current resident set, in MiB.
    pub fn rss_mib() -> Option<f64> {
        status_kib("VmRSS:").map(|kib| kib / 1024.0)
    }
}

fn main() -> std::process::ExitCode {
    match std::env::var(ROLE_ENV).as_deref() {
        Ok("server") => report(server::main(Settings::from_env())),
        Ok(role @ ("paging" | "stream" | "fanout")) => report(child(role)),
        _ => report(parent()),
    }
}

fn report(result: Result<(), BoxError>) -> std::process::ExitCode {
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ratios: the run is broken: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// A client child process: measures its section and prints its rows as JSON lines.
fn child(role: &str) -> Result<(), BoxError> {
    let settings = Settings::from_env();
    let port: u16 = std::env::var(PORT_ENV)?.parse()?;
    let rows = match role {
        "paging" => paging::run(&settings, port)?,
        "fanout" => fanout::run(&settings, port)?,
        _ => stream::run(&settings, port)?,
    };
    let mut out = std::io::stdout().lock();
    for row in rows {
        writeln!(out, "{}", row.to_json())?;
    }
    Ok(())
}

/// Kills a child process when dropped, so a failed run leaves none behind.
struct ChildGuard(Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn run_child(role: &str, settings: &Settings, port: u16) -> Result<Vec<Row>, BoxError> {
    let output = Command::new(std::env::current_exe()?)
        .env(ROLE_ENV, role)
        .env(PORT_ENV, port.to_string())
        .env("RATIOS_STREAM_MIB", settings.stream_mib.to_string())
        .stderr(Stdio::inherit())
        .output()?;
    if !output.status.success() {
        return Err(format!("the {role} section failed ({})", output.status).into());
    }
    let rows: Vec<Row> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| Row::from_json(&v))
        .collect();
    if rows.is_empty() {
        return Err(format!("the {role} section reported nothing").into());
    }
    Ok(rows)
}

fn parent() -> Result<(), BoxError> {
    let settings = Settings::from_env();
    let started = std::time::Instant::now();
    let mut rows = Vec::new();
    if settings.runs("get") {
        progress("get: GET + decode, API key and DPoP");
        rows.extend(get::run(&settings)?);
    }
    if settings.runs("dpop") {
        progress("dpop: DPoP proof per algorithm");
        rows.extend(auth::proofs(&settings)?);
    }
    if settings.runs("cache") {
        progress("cache: 1,000 concurrent callers");
        rows.extend(auth::cache(&settings)?);
    }
    if settings.runs("paging") || settings.runs("stream") || settings.runs("fanout") {
        progress(format!(
            "starting the HTTP server process ({} MiB document)",
            settings.stream_mib
        ));
        let mut server = ChildGuard(
            Command::new(std::env::current_exe()?)
                .env(ROLE_ENV, "server")
                .env("RATIOS_STREAM_MIB", settings.stream_mib.to_string())
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()?,
        );
        let mut line = String::new();
        BufReader::new(server.0.stdout.take().ok_or("no server stdout")?).read_line(&mut line)?;
        let port: u16 = line
            .trim()
            .parse()
            .map_err(|_| format!("the server process said `{}`", line.trim()))?;
        if settings.runs("paging") {
            progress("paging: 100,000 items (child process)");
            rows.extend(run_child("paging", &settings, port)?);
        }
        if settings.runs("fanout") {
            progress("fanout: 1,000 concurrent GETs (child process)");
            rows.extend(run_child("fanout", &settings, port)?);
        }
        if settings.runs("stream") {
            progress(format!(
                "stream: {} MiB up and down (child process)",
                settings.stream_mib
            ));
            rows.extend(run_child("stream", &settings, port)?);
        }
        drop(server);
    }
    print_table(&settings, &rows, started.elapsed());
    Ok(())
}

fn print_table(settings: &Settings, rows: &[Row], took: Duration) {
    let mode = if settings.quick {
        "quick mode (RATIOS_QUICK=1)"
    } else {
        "full run"
    };
    println!(
        "\nSDK vs baselines measured in the same run; {mode}; {} logical CPUs; took {:.0} s.",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        took.as_secs_f64()
    );
    println!(
        "A missed target prints FAIL but the run exits 0: shared machines add a few percent of noise.\n"
    );
    println!("| row | SDK | baseline | ratio | target | result |");
    println!("|---|---:|---:|---:|---|---|");
    for r in rows {
        let ratio = r
            .ratio
            .filter(|x| x.is_finite())
            .map_or("—".to_owned(), |x| format!("{x:.3}"));
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            r.name,
            r.sdk,
            r.baseline,
            ratio,
            r.target,
            r.verdict.as_str()
        );
    }
    let failed = rows.iter().filter(|r| r.verdict == Verdict::Fail).count();
    println!("\n{} rows, {} with a target missed.", rows.len(), failed);
}

/// What [`interleave_async`] and [`interleave_sync`] measured.
#[derive(Debug, Clone, Copy)]
pub struct Interleaved {
    /// Median seconds per call of `a`.
    pub a: f64,
    /// Median seconds per call of `b`.
    pub b: f64,
    /// `a` over `b`, from the pairs of rounds (see [`paired_ratio`]).
    pub ratio: f64,
}

impl Interleaved {
    fn of(ta: Vec<f64>, tb: Vec<f64>) -> Self {
        let ratio = paired_ratio(&ta, &tb);
        Interleaved {
            a: median(ta),
            b: median(tb),
            ratio,
        }
    }
}

/// Runs `a` and `b` (each one call) alternately: `warmup` pairs first, then `rounds` rounds of
/// `per_round` calls of each, the first side flipping every round.
pub async fn interleave_async(
    warmup: usize,
    rounds: usize,
    per_round: usize,
    mut a: impl AsyncFnMut(),
    mut b: impl AsyncFnMut(),
) -> Interleaved {
    for _ in 0..warmup {
        a().await;
        b().await;
    }
    let (mut ta, mut tb) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        for side in if round % 2 == 0 { [0, 1] } else { [1, 0] } {
            let started = std::time::Instant::now();
            for _ in 0..per_round {
                if side == 0 { a().await } else { b().await }
            }
            let per_call = started.elapsed().as_secs_f64() / per_round as f64;
            if side == 0 {
                ta.push(per_call)
            } else {
                tb.push(per_call)
            }
        }
    }
    Interleaved::of(ta, tb)
}

/// [`interleave_async`] for plain functions.
pub fn interleave_sync(
    warmup: usize,
    rounds: usize,
    per_round: usize,
    mut a: impl FnMut(),
    mut b: impl FnMut(),
) -> Interleaved {
    for _ in 0..warmup {
        a();
        b();
    }
    let (mut ta, mut tb) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        for side in if round % 2 == 0 { [0, 1] } else { [1, 0] } {
            let started = std::time::Instant::now();
            for _ in 0..per_round {
                if side == 0 { a() } else { b() }
            }
            let per_call = started.elapsed().as_secs_f64() / per_round as f64;
            if side == 0 {
                ta.push(per_call)
            } else {
                tb.push(per_call)
            }
        }
    }
    Interleaved::of(ta, tb)
}
