//! The public port: one small router that sends `/_control/` to the control API, `/helseid/` to
//! the mock HelseID and each service prefix to that service's mock, and answers anything else
//! with a JSON error.
//!
//! It forwards bytes, not parsed messages: the request head is rewritten (the target loses the
//! router's prefix, the connection closes after one exchange) and everything after it is
//! copied as it comes. So what a service's fault proxy does reaches the client unchanged: a
//! dropped answer stays dropped, a cut-off body stays cut off.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;

use crate::app::App;
use crate::control;
use crate::http::{self, Head, HeadError};

/// Where the control API lives.
pub const CONTROL_PREFIX: &str = "/_control";
/// Where the mock HelseID lives.
pub const HELSEID_PREFIX: &str = "/helseid";
/// Connections served at once; more wait for a free slot.
const MAX_CONNECTIONS: usize = 512;
/// The longest one connection may take end to end (a delay fault included).
const CONNECTION_TIMEOUT: Duration = Duration::from_secs(120);

/// Accepts connections until the process ends.
pub async fn serve(listener: TcpListener, app: Arc<App>) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(permit) = slots.clone().acquire_owned().await else {
            return;
        };
        let (stream, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            // Out of file descriptors and the like: wait a moment rather than spin.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let app = app.clone();
        tokio::spawn(async move {
            // A connection that fails or times out concerns only its client.
            let _ = tokio::time::timeout(CONNECTION_TIMEOUT, handle(stream, &app)).await;
            drop(permit);
        });
    }
}

async fn handle(mut stream: TcpStream, app: &App) -> std::io::Result<()> {
    let head = match http::read_head(&mut stream).await {
        Ok(head) => head,
        Err(HeadError::Closed) => return Ok(()),
        Err(HeadError::TooLarge) => {
            let (status, body) = http::error(
                431,
                "HeaderTooLarge",
                &format!("the request head is over {} bytes", http::MAX_HEAD),
            );
            return http::respond(&mut stream, status, &body, &[]).await;
        }
        Err(HeadError::Malformed(reason)) => {
            let (status, body) = http::error(400, "BadRequest", reason);
            return http::respond(&mut stream, status, &body, &[]).await;
        }
    };
    let path = head.path();
    if path == CONTROL_PREFIX || path.starts_with("/_control/") {
        let (status, body) = match http::read_body(&mut stream, &head).await {
            Ok(bytes) => {
                let query = head.target.split_once('?').map(|(_, q)| q);
                control::handle(app, &head.method, path, query, &bytes).await
            }
            Err(answer) => answer,
        };
        let allow = (status == 405).then_some(("allow", "GET, POST, DELETE"));
        return http::respond(&mut stream, status, &body, allow.as_slice()).await;
    }
    if let Some(rest) = strip(path, HELSEID_PREFIX) {
        let target = format!("{rest}{}", query_suffix(&head.target));
        let upstream = *app.helseid.wiremock().address();
        return forward(&mut stream, upstream, &head, &target).await;
    }
    let services = app.services();
    match services.route(&head.target) {
        // `services` stays alive until the answer is through, even across a reset.
        Some((_, upstream, target)) => forward(&mut stream, upstream, &head, &target).await,
        None => {
            let (status, mut body) =
                http::error(404, "NotFound", &format!("no service under {path}"));
            body["error"]["prefixes"] = json!(app.prefixes());
            http::respond(&mut stream, status, &body, &[]).await
        }
    }
}

/// `path` without `prefix`, when it is under it (`/helseid` and `/helseid/x` are, `/helseidx`
/// is not); `/` for the prefix itself.
fn strip<'a>(path: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = path.strip_prefix(prefix)?;
    match rest {
        "" => Some("/"),
        r if r.starts_with('/') => Some(r),
        _ => None,
    }
}

fn query_suffix(target: &str) -> &str {
    target.find('?').map_or("", |i| &target[i..])
}

/// Sends the request on to `upstream` with `target` and copies the answer back as it comes.
async fn forward(
    client: &mut TcpStream,
    upstream: SocketAddr,
    head: &Head,
    target: &str,
) -> std::io::Result<()> {
    let Ok(mut up) = TcpStream::connect(upstream).await else {
        let (status, body) = http::error(502, "BadGateway", "the service mock is not reachable");
        return http::respond(client, status, &body, &[]).await;
    };
    let mut out = format!("{} {target} {}\r\n", head.method, head.version);
    for (name, value) in &head.headers {
        if !is_hop_by_hop(name) {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    out.push_str("connection: close\r\n\r\n");
    up.write_all(out.as_bytes()).await?;
    up.write_all(&head.rest).await?;
    {
        let (mut client_read, mut client_write) = client.split();
        let (mut up_read, mut up_write) = up.split();
        let to_upstream = tokio::io::copy(&mut client_read, &mut up_write);
        let from_upstream = relay_response(&mut up_read, &mut client_write);
        tokio::pin!(to_upstream, from_upstream);
        // The body goes up while the answer comes down; the answer's end ends both.
        tokio::select! {
            done = &mut from_upstream => done?,
            _ = &mut to_upstream => {
                tokio::time::timeout(CONNECTION_TIMEOUT, &mut from_upstream).await??;
            }
        }
    }
    client.shutdown().await
}

fn is_hop_by_hop(name: &str) -> bool {
    ["connection", "keep-alive", "proxy-connection"]
        .iter()
        .any(|h| name.eq_ignore_ascii_case(h))
}

/// Copies the upstream answer to the client, marking its head `connection: close` (the router
/// closes every connection after one answer, and says so). Interim `1xx` heads pass as they
/// are. When upstream closes before a whole head, the client gets nothing either: that is a
/// dropped answer, and it must look like one.
async fn relay_response(
    up: &mut (impl AsyncRead + Unpin),
    client: &mut (impl AsyncWrite + Unpin),
) -> std::io::Result<()> {
    let mut buf: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; 16 * 1024];
    loop {
        let Some(end) = http::find(&buf, b"\r\n\r\n") else {
            if buf.len() > http::MAX_HEAD {
                // Not an answer the mocks give; pass it through as it is.
                client.write_all(&buf).await?;
                tokio::io::copy(up, client).await?;
                return Ok(());
            }
            let n = up.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
            continue;
        };
        let rest = buf.split_off(end + 4);
        let head = String::from_utf8_lossy(&buf[..end]).into_owned();
        if head.starts_with("HTTP/1.1 1") || head.starts_with("HTTP/1.0 1") {
            client.write_all(&buf).await?;
            buf = rest;
            continue;
        }
        let mut out = String::with_capacity(head.len() + 24);
        for (i, line) in head.split("\r\n").enumerate() {
            let hop = i > 0
                && line
                    .split_once(':')
                    .is_some_and(|(n, _)| is_hop_by_hop(n.trim()));
            if !hop {
                out.push_str(line);
                out.push_str("\r\n");
            }
        }
        out.push_str("connection: close\r\n\r\n");
        client.write_all(out.as_bytes()).await?;
        client.write_all(&rest).await?;
        tokio::io::copy(up, client).await?;
        return Ok(());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_match_whole_segments() {
        assert_eq!(
            strip("/helseid/connect/token", "/helseid"),
            Some("/connect/token")
        );
        assert_eq!(strip("/helseid", "/helseid"), Some("/"));
        assert_eq!(strip("/helseidx", "/helseid"), None);
        assert_eq!(query_suffix("/a?b=1"), "?b=1");
    }

    #[tokio::test]
    async fn an_answer_is_marked_close_and_interim_heads_pass() {
        let upstream = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nConnection: keep-alive\r\ncontent-length: 2\r\n\r\n{}";
        let mut out = Vec::new();
        relay_response(&mut &upstream[..], &mut out).await.unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}"
        );
    }

    #[tokio::test]
    async fn a_dropped_answer_stays_dropped() {
        let mut out = Vec::new();
        relay_response(&mut &b""[..], &mut out).await.unwrap();
        assert!(out.is_empty());
        relay_response(&mut &b"HTTP/1.1 200 OK\r\ncontent-le"[..], &mut out)
            .await
            .unwrap();
        assert!(out.is_empty());
    }
}
