//! Streaming a large document through the SDK vs hand-written streaming reqwest, against the same
//! loopback server, in one run: throughput and peak memory (VmHWM) of the client process.
//!
//! ```text
//! cargo bench -p hint-arkiv --bench streaming                     # 256 MiB
//! ARKIV_BENCH_MIB=1024 cargo bench -p hint-arkiv --bench streaming # 1 GiB
//! ARKIV_BENCH_ROUNDS=5 …                                            # best of 5 (default 3)
//! ```
//!
//! The server is this same binary started as a child process (so its memory is not counted): a
//! minimal HTTP/1.1 server on 127.0.0.1 that streams (wiremock would buffer whole bodies). It
//! speaks the SDK's Noark routes: metadata, single and chunked uploads (computing SHA-256 as the
//! bytes arrive) and downloads.
//!
//! Both sides do the same work: read the file in 64 KiB pieces, compute SHA-256 while sending,
//! compare with the server's `sjekksum`; download the body and hash it (into `tokio::io::sink()`,
//! so disk speed does not blur the comparison). Peak memory is reset before each phase through
//! `/proc/self/clear_refs` and read from `/proc/self/status`.

#![allow(clippy::print_stdout, missing_docs)]

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_lc_rs::digest;
use hint_arkiv::{ArkivClient, SystemId, Upload};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const BLOCK: usize = 1024 * 1024;
const SERVER_ENV: &str = "ARKIV_BENCH_SERVE_MIB";

fn block() -> Vec<u8> {
    // A deterministic, incompressible-looking 1 MiB block; files are this block repeated.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..BLOCK)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mib: usize = std::env::var("ARKIV_BENCH_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    if let Ok(serve) = std::env::var(SERVER_ENV) {
        let mib: usize = serve.parse()?;
        return tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()?
            .block_on(serve_forever(mib));
    }
    // `cargo bench` passes `--bench`; ignore arguments.
    let mut child = std::process::Command::new(std::env::current_exe()?)
        .env(SERVER_ENV, mib.to_string())
        .stdout(std::process::Stdio::piped())
        .spawn()?;
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().ok_or("no child stdout")?).read_line(&mut line)?;
    let port: u16 = line
        .trim()
        .parse()
        .map_err(|_| format!("the server said `{line}`"))?;
    let result = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?
        .block_on(run(port, mib));
    let _ = child.kill();
    let _ = child.wait();
    result
}

// ---- Client side --------------------------------------------------------------------------

struct Phase {
    name: &'static str,
    seconds: f64,
    peak_mib: f64,
}

fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

async fn measure<F, Fut>(
    name: &'static str,
    rounds: usize,
    mut f: F,
) -> Result<Phase, Box<dyn std::error::Error>>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<(), Box<dyn std::error::Error>>>,
{
    let mut best = f64::INFINITY;
    let mut peak: f64 = 0.0;
    for _ in 0..rounds {
        reset_peak();
        let started = Instant::now();
        f().await?;
        best = best.min(started.elapsed().as_secs_f64());
        peak = peak.max(peak_mib());
    }
    Ok(Phase {
        name,
        seconds: best,
        peak_mib: peak,
    })
}

async fn run(port: u16, mib: usize) -> Result<(), Box<dyn std::error::Error>> {
    let base = hint_core::Url::parse(&format!("http://127.0.0.1:{port}/"))?;
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("stort-dokument.bin");
    {
        let block = block();
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path)?);
        for _ in 0..mib {
            file.write_all(&block)?;
        }
        file.flush()?;
    }
    let sdk = ArkivClient::builder()
        .base_url(base.clone())
        .request_timeout(Duration::from_secs(600))
        .build()?;
    let raw = reqwest::Client::new();
    let id = SystemId::new("bench");
    let rounds = std::env::var("ARKIV_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3usize)
        .max(1);
    println!(
        "hint-arkiv streaming benchmark: {mib} MiB, best of {rounds}, peak-memory reset per phase: {}",
        reset_peak()
    );
    println!("client process RSS before: {:.1} MiB", peak_mib());

    let mut phases = Vec::new();
    phases.push(
        measure("upload   raw reqwest (1 request)", rounds, || {
            raw_upload(&raw, &base, &path)
        })
        .await?,
    );
    phases.push(
        measure("upload   SDK (1 request)", rounds, || async {
            sdk.upload_file(
                &id,
                &path,
                &Upload::new("application/octet-stream").single_request_limit(u64::MAX),
            )
            .await?;
            Ok(())
        })
        .await?,
    );
    phases.push(
        measure("upload   SDK (8 MiB chunks)", rounds, || async {
            sdk.upload_file(
                &id,
                &path,
                &Upload::new("application/octet-stream").single_request_limit(64 * 1024 * 1024),
            )
            .await?;
            Ok(())
        })
        .await?,
    );
    phases.push(measure("download raw reqwest", rounds, || raw_download(&raw, &base)).await?);
    phases.push(
        measure("download SDK", rounds, || async {
            let mut sink = tokio::io::sink();
            sdk.download_to_writer(&id, &mut sink).await?;
            Ok(())
        })
        .await?,
    );

    println!("\n| phase | MiB/s | peak RSS (MiB) |\n|---|---:|---:|");
    for p in &phases {
        println!(
            "| {} | {:.0} | {:.1} |",
            p.name,
            mib as f64 / p.seconds,
            p.peak_mib
        );
    }
    let rate = |i: usize| mib as f64 / phases[i].seconds;
    println!(
        "\nthroughput SDK/raw: upload {:.2} (chunked {:.2}), download {:.2}",
        rate(1) / rate(0),
        rate(2) / rate(0),
        rate(4) / rate(3)
    );
    Ok(())
}

async fn raw_upload(
    client: &reqwest::Client,
    base: &hint_core::Url,
    path: &std::path::Path,
) -> Result<(), Box<dyn std::error::Error>> {
    let len = tokio::fs::metadata(path).await?.len();
    let file = tokio::fs::File::open(path).await?;
    let hash = Arc::new(Mutex::new(digest::Context::new(&digest::SHA256)));
    let h = hash.clone();
    let stream = futures_util::stream::unfold(file, move |mut file| {
        let h = h.clone();
        async move {
            let mut buf = bytes::BytesMut::with_capacity(64 * 1024);
            match file.read_buf(&mut buf).await {
                Ok(0) => None,
                Ok(_) => {
                    h.lock().unwrap_or_else(|e| e.into_inner()).update(&buf);
                    Some((Ok::<_, std::io::Error>(buf.freeze()), file))
                }
                Err(e) => Some((Err(e), file)),
            }
        }
    });
    let response = client
        .post(base.join("dokumentobjekter/bench/referanseFil")?)
        .header("content-type", "application/octet-stream")
        .header("content-length", len)
        .body(reqwest::Body::wrap_stream(stream))
        .send()
        .await?
        .error_for_status()?;
    let json: serde_json::Value = response.json().await?;
    let ours = hex(hash
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .finish()
        .as_ref());
    if json["sjekksum"].as_str() != Some(ours.as_str()) {
        return Err("raw upload: checksum mismatch".into());
    }
    Ok(())
}

async fn raw_download(
    client: &reqwest::Client,
    base: &hint_core::Url,
) -> Result<(), Box<dyn std::error::Error>> {
    let meta: serde_json::Value = client
        .get(base.join("dokumentobjekter/bench")?)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let mut response = client
        .get(base.join("dokumentobjekter/bench/referanseFil")?)
        .send()
        .await?
        .error_for_status()?;
    let mut ctx = digest::Context::new(&digest::SHA256);
    let mut sink = tokio::io::sink();
    while let Some(chunk) = response.chunk().await? {
        ctx.update(&chunk);
        sink.write_all(&chunk).await?;
    }
    if meta["sjekksum"].as_str() != Some(hex(ctx.finish().as_ref()).as_str()) {
        return Err("raw download: checksum mismatch".into());
    }
    Ok(())
}

// ---- Server side (child process) ------------------------------------------------------------

struct Server {
    block: Vec<u8>,
    mib: usize,
    sjekksum: String,
    sessions: Mutex<HashMap<u64, (digest::Context, u64, u64)>>,
    next_session: Mutex<u64>,
}

async fn serve_forever(mib: usize) -> Result<(), Box<dyn std::error::Error>> {
    let block = block();
    let mut ctx = digest::Context::new(&digest::SHA256);
    for _ in 0..mib {
        ctx.update(&block);
    }
    let server = Arc::new(Server {
        block,
        mib,
        sjekksum: hex(ctx.finish().as_ref()),
        sessions: Mutex::new(HashMap::new()),
        next_session: Mutex::new(1),
    });
    let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
    println!("{}", listener.local_addr()?.port());
    std::io::stdout().flush()?;
    loop {
        let (socket, _) = listener.accept().await?;
        let server = server.clone();
        tokio::spawn(async move {
            let _ = connection(socket, server).await;
        });
    }
}

struct Head {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
}

impl Head {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

async fn connection(mut socket: TcpStream, server: Arc<Server>) -> std::io::Result<()> {
    let mut buf = Vec::with_capacity(8192);
    loop {
        // Read one request head.
        let end = loop {
            if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break p + 4;
            }
            let mut chunk = [0u8; 8192];
            let n = socket.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
        };
        let text = String::from_utf8_lossy(&buf[..end]).into_owned();
        let mut lines = text.split("\r\n");
        let mut first = lines.next().unwrap_or_default().split(' ');
        let head = Head {
            method: first.next().unwrap_or_default().to_owned(),
            path: first.next().unwrap_or_default().to_owned(),
            headers: lines
                .filter_map(|l| l.split_once(':'))
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                .collect(),
        };
        let rest = buf.split_off(end);
        buf.clear();
        // Read the body (Content-Length only), hashing it, keeping nothing.
        let length: u64 = head
            .header("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        // A chunk of an upload session continues the session's hash; anything else starts one.
        let session = session_id(&head).and_then(|id| {
            server
                .sessions
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(&id)
                .map(|s| (id, s))
        });
        let (mut ctx, session) = match session {
            Some((id, (ctx, done, size))) => (ctx, Some((id, done, size))),
            None => (digest::Context::new(&digest::SHA256), None),
        };
        let mut got = rest.len() as u64;
        ctx.update(&rest);
        let mut chunk = vec![0u8; 256 * 1024];
        while got < length {
            let want = ((length - got) as usize).min(chunk.len());
            let n = socket.read(&mut chunk[..want]).await?;
            if n == 0 {
                return Ok(());
            }
            ctx.update(&chunk[..n]);
            got += n as u64;
        }
        respond(&mut socket, &server, &head, ctx, got, session).await?;
    }
}

fn session_id(head: &Head) -> Option<u64> {
    if head.method != "PUT" {
        return None;
    }
    head.path.strip_prefix("/opplastinger/")?.parse().ok()
}

async fn respond(
    socket: &mut TcpStream,
    server: &Server,
    head: &Head,
    ctx: digest::Context,
    got: u64,
    session: Option<(u64, u64, u64)>,
) -> std::io::Result<()> {
    let total = (server.mib * BLOCK) as u64;
    let objekt = |sjekksum: &str, size: u64| {
        serde_json::json!({"systemID": "bench", "sjekksum": sjekksum, "sjekksumAlgoritme": "SHA-256", "filstoerrelse": size, "mimeType": "application/octet-stream"}).to_string()
    };
    let send = |status: &str, extra: String, body: String| {
        format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{extra}\r\n{body}",
            body.len()
        )
    };
    let path = head.path.split('?').next().unwrap_or_default();
    let out = match (head.method.as_str(), path) {
        ("GET", "/dokumentobjekter/bench") => {
            send("200 OK", String::new(), objekt(&server.sjekksum, total))
        }
        ("GET", "/dokumentobjekter/bench/referanseFil") => {
            socket
                .write_all(format!("HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {total}\r\n\r\n").as_bytes())
                .await?;
            for _ in 0..server.mib {
                socket.write_all(&server.block).await?;
            }
            return Ok(());
        }
        ("POST", "/dokumentobjekter/bench/referanseFil") => match head
            .header("x-upload-content-length")
            .and_then(|v| v.parse::<u64>().ok())
        {
            Some(size) => {
                let id = {
                    let mut next = server
                        .next_session
                        .lock()
                        .unwrap_or_else(|e| e.into_inner());
                    *next += 1;
                    *next
                };
                server
                    .sessions
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(id, (digest::Context::new(&digest::SHA256), 0, size));
                send(
                    "200 OK",
                    format!("location: opplastinger/{id}\r\n"),
                    String::new(),
                )
            }
            None => send(
                "201 Created",
                String::new(),
                objekt(&hex(ctx.finish().as_ref()), got),
            ),
        },
        ("PUT", _) => match session {
            Some((id, done, size)) => {
                let done = done + got;
                if done >= size {
                    send(
                        "201 Created",
                        String::new(),
                        objekt(&hex(ctx.finish().as_ref()), done),
                    )
                } else {
                    server
                        .sessions
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(id, (ctx, done, size));
                    send(
                        "200 OK",
                        format!("range: 0-{}\r\nlocation: opplastinger/{id}\r\n", done - 1),
                        String::new(),
                    )
                }
            }
            None => send("404 Not Found", String::new(), "{}".to_owned()),
        },
        _ => send("404 Not Found", String::new(), "{}".to_owned()),
    };
    socket.write_all(out.as_bytes()).await
}
