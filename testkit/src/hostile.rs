//! A raw HTTP/1.1 server on loopback that answers exactly the bytes a test scripts: a lying
//! `Content-Length`, a body dribbled a byte at a time, a head never finished, a stall, a
//! connection dropped half way. wiremock cannot do these, and they are what a hostile or broken
//! server does.
//!
//! Every request head is recorded ([`HostileServer::seen`]). The server listens on loopback only,
//! serves one request per connection, and is bounded: each connection lives at most
//! [`CONNECTION_LIMIT`], the server accepts at most [`MAX_CONNECTIONS`] connections, and every
//! repeated or dribbled step is bounded by the count the script gives.
//!
//! ```no_run
//! # async fn run() {
//! use hint_testkit::hostile::{HostileServer, Reply};
//! let server = HostileServer::start(|seen| {
//!     if seen.target.contains("saker") {
//!         Reply::json(200, &serde_json::json!({"ok": true}))
//!     } else {
//!         Reply::status(404, "text/plain", &[], "nei")
//!     }
//! })
//! .await;
//! let base = server.url(); // http://127.0.0.1:<port>/
//! # let _ = base;
//! # }
//! ```

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// The longest any one connection lives, so a broken test cannot hang on a stalled server.
pub const CONNECTION_LIMIT: Duration = Duration::from_secs(20);
/// The most connections one server accepts; after that it stops listening.
pub const MAX_CONNECTIONS: usize = 10_000;
/// The most request body bytes the server reads (and keeps in [`Seen::body`]).
const MAX_REQUEST_BODY: usize = 1024 * 1024;
/// The largest request head the server reads.
const MAX_HEAD: usize = 64 * 1024;

/// A request the server got: its head, and its body when it had a `Content-Length`.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The connection's number, from 0, in the order they were accepted.
    pub index: usize,
    /// The method (`GET`).
    pub method: String,
    /// The request target as sent (`/saker/abc?x=1`).
    pub target: String,
    /// The header lines, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body (at most 1 MiB).
    pub body: Vec<u8>,
}

impl Seen {
    /// A header's value, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The path part of the target.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }
}

/// One step of a scripted answer.
#[derive(Debug, Clone)]
pub enum Step {
    /// Write these bytes.
    Write(Vec<u8>),
    /// Write `piece` `count` times, `gap` apart.
    Repeat {
        /// The bytes written each time.
        piece: Vec<u8>,
        /// How many times.
        count: usize,
        /// The pause between two pieces.
        gap: Duration,
    },
    /// Write these bytes one at a time, `gap` apart.
    Dribble {
        /// The bytes.
        bytes: Vec<u8>,
        /// The pause between two bytes.
        gap: Duration,
    },
    /// Write nothing for this long.
    Pause(Duration),
    /// Keep the connection open and silent until the connection limit (or the client leaves).
    Hang,
}

/// A scripted answer: steps run in order, then the connection is closed.
#[derive(Debug, Clone, Default)]
pub struct Reply {
    steps: Vec<Step>,
}

impl Reply {
    /// An empty script: the connection is closed without a byte.
    pub fn hang_up() -> Reply {
        Reply::default()
    }

    /// Accepts the request and never answers.
    pub fn silence() -> Reply {
        Reply::default().then(Step::Hang)
    }

    /// Adds a step.
    pub fn then(mut self, step: Step) -> Reply {
        self.steps.push(step);
        self
    }

    /// Adds bytes to write.
    pub fn write(self, bytes: impl Into<Vec<u8>>) -> Reply {
        self.then(Step::Write(bytes.into()))
    }

    /// Adds a pause.
    pub fn pause(self, pause: Duration) -> Reply {
        self.then(Step::Pause(pause))
    }

    /// Adds bytes written one at a time, `gap` apart.
    pub fn dribble(self, bytes: impl Into<Vec<u8>>, gap: Duration) -> Reply {
        self.then(Step::Dribble {
            bytes: bytes.into(),
            gap,
        })
    }

    /// Adds `count` copies of `piece`, `gap` apart.
    pub fn repeat(self, piece: impl Into<Vec<u8>>, count: usize, gap: Duration) -> Reply {
        self.then(Step::Repeat {
            piece: piece.into(),
            count,
            gap,
        })
    }

    /// Adds a stall until the connection limit.
    pub fn hang(self) -> Reply {
        self.then(Step::Hang)
    }

    /// A head as given (status line and headers, blank line included), then `body`.
    pub fn raw(head: impl Into<String>, body: impl Into<Vec<u8>>) -> Reply {
        Reply::default().write(head.into().into_bytes()).write(body)
    }

    /// The head of a response with `status`, a content type, extra headers and an honest
    /// `Content-Length` of `length`, with `connection: close`.
    pub fn head(status: u16, content_type: &str, headers: &[(&str, &str)], length: u64) -> String {
        let mut head = format!(
            "HTTP/1.1 {status} Whatever\r\ncontent-type: {content_type}\r\ncontent-length: {length}\r\n"
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("connection: close\r\n\r\n");
        head
    }

    /// A whole response: `status`, content type, extra headers, body, honest length.
    pub fn status(
        status: u16,
        content_type: &str,
        headers: &[(&str, &str)],
        body: impl Into<Vec<u8>>,
    ) -> Reply {
        let body = body.into();
        Reply::raw(
            Reply::head(status, content_type, headers, body.len() as u64),
            body,
        )
    }

    /// A JSON response with an honest `Content-Length`.
    pub fn json(status: u16, body: &serde_json::Value) -> Reply {
        Reply::status(status, "application/json", &[], body.to_string())
    }

    /// The head of a chunked response with `status`, with `connection: close`.
    pub fn chunked_head(status: u16) -> String {
        format!(
            "HTTP/1.1 {status} Whatever\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n"
        )
    }

    /// One chunk of chunked encoding holding `size` bytes of `a`.
    pub fn chunk(size: usize) -> Vec<u8> {
        let mut piece = format!("{size:x}\r\n").into_bytes();
        piece.extend(std::iter::repeat_n(b'a', size));
        piece.extend_from_slice(b"\r\n");
        piece
    }

    /// `status` with chunked encoding: `count` chunks of `size` bytes `gap` apart, then the end.
    pub fn chunked(status: u16, size: usize, count: usize, gap: Duration) -> Reply {
        Reply::chunked_open(status, size, count, gap).write(b"0\r\n\r\n".to_vec())
    }

    /// Like [`Reply::chunked`] without the last chunk: the body never ends properly.
    pub fn chunked_open(status: u16, size: usize, count: usize, gap: Duration) -> Reply {
        Reply::default()
            .write(Reply::chunked_head(status).into_bytes())
            .repeat(Reply::chunk(size), count, gap)
    }
}

/// Replies a property case sets, by path: the first entry whose part occurs in the request's
/// path answers; any other request gets a 404. A server started with [`Replies::serve`] answers
/// from them, so a test sets new replies between cases without a new server.
///
/// ```no_run
/// # async fn run() {
/// use hint_testkit::hostile::{Replies, Reply};
/// let replies = Replies::default();
/// replies.set("/.well-known/openid-configuration", Reply::json(200, &serde_json::json!({})));
/// replies.set("", Reply::status(503, "text/plain", &[], "nei"));
/// let server = replies.serve().await;
/// # let _ = server;
/// # }
/// ```
#[derive(Debug, Clone, Default)]
pub struct Replies(Arc<Mutex<Vec<(String, Reply)>>>);

impl Replies {
    /// From now on, requests whose path holds `part` get `reply`. Replaces the reply for the
    /// same `part`; a new `part` is tried after those set before it (so set `""`, the catch-all,
    /// last).
    pub fn set(&self, part: &str, reply: Reply) {
        let mut replies = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match replies.iter_mut().find(|(p, _)| p == part) {
            Some(entry) => entry.1 = reply,
            None => replies.push((part.to_owned(), reply)),
        }
    }

    /// The reply for a request.
    pub fn reply(&self, seen: &Seen) -> Reply {
        let replies = self.0.lock().unwrap_or_else(|e| e.into_inner());
        replies
            .iter()
            .find(|(part, _)| seen.path().contains(part.as_str()))
            .map(|(_, reply)| reply.clone())
            .unwrap_or_else(|| Reply::status(404, "application/json", &[], "{}"))
    }

    /// A server on 127.0.0.1 answering from these replies.
    pub async fn serve(&self) -> HostileServer {
        let replies = self.clone();
        HostileServer::start(move |seen| replies.reply(seen)).await
    }
}

type Handler = Arc<dyn Fn(&Seen) -> Reply + Send + Sync>;

/// The raw server. Stops when dropped. See the [module docs](self).
pub struct HostileServer {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
    connections: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl Drop for HostileServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl HostileServer {
    /// A server on 127.0.0.1 answering every request with what `handler` scripts.
    pub async fn start(handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> Self {
        Self::start_on(IpAddr::V4(Ipv4Addr::LOCALHOST), handler).await
    }

    /// A server on the given loopback address (`::1`, say).
    ///
    /// # Panics
    /// If `ip` is not a loopback address or cannot be bound: test servers listen on loopback only.
    pub async fn start_on(
        ip: IpAddr,
        handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static,
    ) -> Self {
        assert!(ip.is_loopback(), "test servers listen on loopback only");
        let listener = TcpListener::bind((ip, 0)).await.expect("bind on loopback");
        let addr = listener.local_addr().expect("local address");
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let connections = Arc::new(AtomicUsize::new(0));
        let handler: Handler = Arc::new(handler);
        let (log, count) = (seen.clone(), connections.clone());
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let index = count.fetch_add(1, Ordering::SeqCst);
                if index >= MAX_CONNECTIONS {
                    break;
                }
                let (log, handler) = (log.clone(), handler.clone());
                tokio::spawn(async move {
                    let _ =
                        tokio::time::timeout(CONNECTION_LIMIT, serve(stream, index, log, handler))
                            .await;
                });
            }
        });
        HostileServer {
            addr,
            seen,
            connections,
            task,
        }
    }

    /// The socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL `http://<ip>:<port>/`.
    pub fn url(&self) -> url::Url {
        url::Url::parse(&format!("http://{}/", self.addr)).expect("a URL")
    }

    /// Every request the server has read so far, in order.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// How many requests the server has read so far.
    pub fn hits(&self) -> usize {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// How many connections the server has accepted.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

async fn serve(mut stream: TcpStream, index: usize, log: Arc<Mutex<Vec<Seen>>>, handler: Handler) {
    // The head, bounded.
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        if buf.len() > MAX_HEAD {
            return;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    };
    let text = String::from_utf8_lossy(&buf[..end]).into_owned();
    let mut lines = text.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let mut seen = Seen {
        index,
        method: first.next().unwrap_or_default().to_owned(),
        target: first.next().unwrap_or_default().to_owned(),
        headers: lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect(),
        body: buf[end..].to_vec(),
    };
    // The body, bounded, so the client is not reset while still sending.
    let length = seen
        .header("content-length")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0)
        .min(MAX_REQUEST_BODY);
    while seen.body.len() < length {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => seen.body.extend_from_slice(&chunk[..n]),
        }
    }
    seen.body.truncate(length);
    let reply = handler(&seen);
    log.lock().unwrap_or_else(|e| e.into_inner()).push(seen);
    for step in reply.steps {
        let written = match step {
            Step::Write(bytes) => stream.write_all(&bytes).await.is_ok(),
            Step::Repeat { piece, count, gap } => {
                let mut ok = true;
                for i in 0..count {
                    if i > 0 && !gap.is_zero() {
                        tokio::time::sleep(gap).await;
                    }
                    if stream.write_all(&piece).await.is_err() {
                        ok = false;
                        break;
                    }
                }
                ok
            }
            Step::Dribble { bytes, gap } => {
                let mut ok = true;
                for byte in bytes {
                    if stream.write_all(&[byte]).await.is_err() || stream.flush().await.is_err() {
                        ok = false;
                        break;
                    }
                    tokio::time::sleep(gap).await;
                }
                ok
            }
            Step::Pause(pause) => {
                tokio::time::sleep(pause).await;
                true
            }
            Step::Hang => {
                // Read (and drop) whatever comes until the client leaves; the connection
                // limit ends it otherwise.
                while let Ok(n) = stream.read(&mut chunk).await {
                    if n == 0 {
                        break;
                    }
                }
                false
            }
        };
        if !written {
            return;
        }
    }
    let _ = stream.shutdown().await;
}
