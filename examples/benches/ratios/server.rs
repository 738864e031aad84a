//! The HTTP server process for the paging and streaming sections: a minimal HTTP/1.1 server on
//! 127.0.0.1 that streams (wiremock would buffer whole bodies) and keeps nothing. It serves pages
//! of generated items (`GET /elementer?fra=&antall=&total=`, `nextLink` style) and the Noark
//! routes hint-arkiv uses for one document: metadata, single and chunked uploads (SHA-256 computed
//! as the bytes arrive) and the download. It prints its port on the first line of stdout.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};

use aws_lc_rs::digest;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::{BoxError, Settings};

/// The document is this block repeated.
pub const BLOCK: usize = 1024 * 1024;

/// A deterministic, incompressible-looking 1 MiB block.
pub fn block() -> Vec<u8> {
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

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs the server until the parent closes its stdin (or kills it): a parent that dies for any
/// reason leaves no server behind.
pub fn main(settings: Settings) -> Result<(), BoxError> {
    std::thread::spawn(|| {
        let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut Vec::new());
        std::process::exit(0);
    });
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?
        .block_on(serve_forever(settings.stream_mib))
}

struct Server {
    port: u16,
    block: Vec<u8>,
    mib: usize,
    sjekksum: String,
    sessions: Mutex<HashMap<u64, (digest::Context, u64, u64)>>,
    next_session: Mutex<u64>,
}

async fn serve_forever(mib: usize) -> Result<(), BoxError> {
    let block = block();
    let mut ctx = digest::Context::new(&digest::SHA256);
    for _ in 0..mib {
        ctx.update(&block);
    }
    let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
    let port = listener.local_addr()?.port();
    let server = Arc::new(Server {
        port,
        block,
        mib,
        sjekksum: hex(ctx.finish().as_ref()),
        sessions: Mutex::new(HashMap::new()),
        next_session: Mutex::new(1),
    });
    let mut out = std::io::stdout().lock();
    writeln!(out, "{port}")?;
    out.flush()?;
    drop(out);
    loop {
        let (socket, _) = listener.accept().await?;
        let server = server.clone();
        tokio::spawn(async move {
            let _ = connection(socket, server).await;
        });
    }
}

/// A request head, read in place: no string per header, so that the server's own work per
/// request stays small beside the client's it is measuring (they share the machine).
struct Head<'a> {
    method: &'a str,
    path: &'a str,
    /// The header lines.
    fields: &'a str,
}

impl<'a> Head<'a> {
    fn parse(text: &'a str) -> Self {
        let (first, fields) = text.split_once("\r\n").unwrap_or((text, ""));
        let mut first = first.split(' ');
        Head {
            method: first.next().unwrap_or_default(),
            path: first.next().unwrap_or_default(),
            fields,
        }
    }

    fn header(&self, name: &str) -> Option<&'a str> {
        self.fields
            .split("\r\n")
            .filter_map(|l| l.split_once(':'))
            .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    }
}

async fn connection(mut socket: TcpStream, server: Arc<Server>) -> std::io::Result<()> {
    let mut buf = Vec::with_capacity(8192);
    // For request bodies: made for the first one, then kept for the connection's next.
    let mut chunk = Vec::new();
    // The head of the request at hand, kept apart from `buf` while its body is read.
    let mut text = String::new();
    loop {
        // Read one request head.
        let end = loop {
            if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break p + 4;
            }
            if buf.len() == buf.capacity() {
                buf.reserve(8192);
            }
            let n = socket.read_buf(&mut buf).await?;
            if n == 0 {
                return Ok(());
            }
        };
        text.clear();
        text.push_str(&String::from_utf8_lossy(&buf[..end - 4]));
        let head = Head::parse(&text);
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
        if got < length && chunk.is_empty() {
            chunk = vec![0u8; 256 * 1024];
        }
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

fn session_id(head: &Head<'_>) -> Option<u64> {
    if head.method != "PUT" {
        return None;
    }
    head.path.strip_prefix("/opplastinger/")?.parse().ok()
}

async fn respond(
    socket: &mut TcpStream,
    server: &Server,
    head: &Head<'_>,
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
    let (path, query) = head.path.split_once('?').unwrap_or((head.path, ""));
    let out = match (head.method, path) {
        ("GET", "/elementer") => {
            let body = page(server.port, query);
            send("200 OK", String::new(), body)
        }
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

/// One page of generated items: `fra` (first index), `antall` (page size), `total` (list length).
fn page(port: u16, query: &str) -> String {
    let param = |name: &str| {
        query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == name)
            .and_then(|(_, v)| v.parse::<u64>().ok())
    };
    let from = param("fra").unwrap_or(0);
    let size = param("antall").unwrap_or(1000).clamp(1, 10_000);
    let total = param("total").unwrap_or(0).min(10_000_000);
    let end = (from + size).min(total);
    let mut body = String::with_capacity((end.saturating_sub(from) as usize) * 110 + 200);
    body.push_str("{\"value\":[");
    for n in from..end {
        if n > from {
            body.push(',');
        }
        body.push_str(&format!(
            "{{\"id\":{n},\"navn\":\"Element nummer {n}\",\"kategori\":\"K{}\",\"beloep\":\"{n}.50\",\"aktiv\":{}}}",
            n % 7,
            n % 3 != 0
        ));
    }
    body.push(']');
    if end < total {
        body.push_str(&format!(
            ",\"nextLink\":\"http://127.0.0.1:{port}/elementer?fra={end}&antall={size}&total={total}\""
        ));
    }
    body.push('}');
    body
}
