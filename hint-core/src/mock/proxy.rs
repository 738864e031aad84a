//! A loopback TCP proxy in front of the wiremock server that injects faults wiremock cannot:
//! answers that never reach the service, dropped connections before and after the service acted,
//! slow and cut-off responses.
//!
//! Each forwarded request goes upstream with `Connection: close`, so every request has a
//! connection of its own and a fault hits exactly the request it was meant for.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use super::fault::{Fault, FaultAction};

/// The largest request head the proxy reads.
const MAX_HEAD: usize = 64 * 1024;
/// The longest any proxy step waits, so a broken test cannot hang.
const STEP_TIMEOUT: Duration = Duration::from_secs(30);

pub(crate) struct FaultProxy {
    pub(crate) port: u16,
    faults: Arc<Mutex<VecDeque<Fault>>>,
    task: JoinHandle<()>,
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FaultProxy {
    pub(crate) async fn start(upstream: std::net::SocketAddr) -> std::io::Result<FaultProxy> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let port = listener.local_addr()?.port();
        let faults: Arc<Mutex<VecDeque<Fault>>> = Arc::default();
        let queue = faults.clone();
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let queue = queue.clone();
                tokio::spawn(async move {
                    // A failed connection is the client's or the test's business; nothing to do.
                    let _ = tokio::time::timeout(STEP_TIMEOUT * 2, handle(client, upstream, queue))
                        .await;
                });
            }
        });
        Ok(FaultProxy { port, faults, task })
    }

    pub(crate) fn push(&self, fault: Fault) {
        lock(&self.faults).push_back(fault);
    }

    pub(crate) fn pending(&self) -> usize {
        lock(&self.faults).iter().map(|f| f.times as usize).sum()
    }

    pub(crate) fn clear(&self) {
        lock(&self.faults).clear();
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Takes the first queued fault that matches this request, if any.
fn take_fault(queue: &Mutex<VecDeque<Fault>>, method: &str, path: &str) -> Option<FaultAction> {
    let mut queue = lock(queue);
    let index = queue.iter().position(|f| f.matches(method, path))?;
    let fault = &mut queue[index];
    let action = fault.action.clone();
    fault.times -= 1;
    if fault.times == 0 {
        queue.remove(index);
    }
    Some(action)
}

struct Head {
    bytes: Vec<u8>,
    /// Bytes read past the head (the start of the body).
    rest: Vec<u8>,
    method: String,
    path: String,
    content_length: Option<usize>,
}

async fn read_head(client: &mut TcpStream) -> std::io::Result<Option<Head>> {
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = vec![0u8; 4096];
    let end = loop {
        if let Some(pos) = find(&buf, b"\r\n\r\n") {
            break pos + 4;
        }
        if buf.len() > MAX_HEAD {
            return Ok(None);
        }
        let n = tokio::time::timeout(STEP_TIMEOUT, client.read(&mut chunk)).await??;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let rest = buf.split_off(end);
    let text = String::from_utf8_lossy(&buf).into_owned();
    let mut lines = text.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let method = first.next().unwrap_or_default().to_owned();
    let path = first.next().unwrap_or_default().to_owned();
    let content_length = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok());
    // Rewrite the head: every forwarded request closes its connection.
    let mut rewritten = String::new();
    for (i, line) in text.split("\r\n").enumerate() {
        if line.is_empty() {
            continue;
        }
        if i > 0
            && line
                .split_once(':')
                .is_some_and(|(k, _)| k.trim().eq_ignore_ascii_case("connection"))
        {
            continue;
        }
        rewritten.push_str(line);
        rewritten.push_str("\r\n");
    }
    rewritten.push_str("connection: close\r\n\r\n");
    Ok(Some(Head {
        bytes: rewritten.into_bytes(),
        rest,
        method,
        path,
        content_length,
    }))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Reads the rest of a `Content-Length` body so the client is not reset while still sending.
async fn drain_body(client: &mut TcpStream, head: &Head) {
    let Some(mut left) = head
        .content_length
        .map(|n| n.saturating_sub(head.rest.len()))
    else {
        return;
    };
    let mut chunk = vec![0u8; 16 * 1024];
    while left > 0 {
        match tokio::time::timeout(STEP_TIMEOUT, client.read(&mut chunk)).await {
            Ok(Ok(n)) if n > 0 => left = left.saturating_sub(n),
            _ => return,
        }
    }
}

/// Forwards the request and returns the whole upstream response (the connection is closed
/// upstream after one response).
async fn forward(
    client: &mut TcpStream,
    upstream: std::net::SocketAddr,
    head: &Head,
) -> std::io::Result<Vec<u8>> {
    let mut up = TcpStream::connect(upstream).await?;
    up.write_all(&head.bytes).await?;
    up.write_all(&head.rest).await?;
    let (mut client_read, _client_write) = client.split();
    let (mut up_read, mut up_write) = up.split();
    let mut response = Vec::new();
    let to_upstream = tokio::io::copy(&mut client_read, &mut up_write);
    let from_upstream = up_read.read_to_end(&mut response);
    tokio::pin!(to_upstream, from_upstream);
    // The body goes up while the response comes down; the response's end ends both.
    tokio::select! {
        done = &mut from_upstream => { done?; }
        _ = &mut to_upstream => {
            tokio::time::timeout(STEP_TIMEOUT, &mut from_upstream).await??;
        }
    }
    Ok(response)
}

async fn handle(
    mut client: TcpStream,
    upstream: std::net::SocketAddr,
    queue: Arc<Mutex<VecDeque<Fault>>>,
) -> std::io::Result<()> {
    let Some(head) = read_head(&mut client).await? else {
        return Ok(());
    };
    let action = take_fault(&queue, &head.method, &head.path);
    match action {
        None => {
            let response = forward(&mut client, upstream, &head).await?;
            client.write_all(&response).await?;
        }
        Some(FaultAction::Respond {
            status,
            headers,
            body,
        }) => {
            drain_body(&mut client, &head).await;
            let mut out = format!(
                "HTTP/1.1 {status} {}\r\ncontent-length: {}\r\nconnection: close\r\n",
                reason(status),
                body.len()
            );
            for (name, value) in headers {
                out.push_str(&format!("{name}: {value}\r\n"));
            }
            out.push_str("\r\n");
            client.write_all(out.as_bytes()).await?;
            client.write_all(&body).await?;
        }
        Some(FaultAction::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            let response = forward(&mut client, upstream, &head).await?;
            client.write_all(&response).await?;
        }
        Some(FaultAction::DropBeforeCommit) => {
            drain_body(&mut client, &head).await;
        }
        Some(FaultAction::DropAfterCommit) => {
            forward(&mut client, upstream, &head).await?;
        }
        Some(FaultAction::TruncateBody) => {
            let response = forward(&mut client, upstream, &head).await?;
            let body_start = find(&response, b"\r\n\r\n").map_or(0, |p| p + 4);
            let cut = body_start + (response.len() - body_start) / 2;
            client
                .write_all(&response[..cut.max(body_start.min(response.len()))])
                .await?;
        }
        Some(FaultAction::ReplaceBody { content_type, body }) => {
            let response = forward(&mut client, upstream, &head).await?;
            let status_line_end = find(&response, b"\r\n").unwrap_or(0);
            let status_line = String::from_utf8_lossy(&response[..status_line_end]).into_owned();
            let out = format!(
                "{status_line}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            client.write_all(out.as_bytes()).await?;
            client.write_all(&body).await?;
        }
    }
    client.shutdown().await
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        408 => "Request Timeout",
        409 => "Conflict",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}
