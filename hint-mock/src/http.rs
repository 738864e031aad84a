//! Just enough HTTP/1.1 for the router: read and check a request head, read a bounded body,
//! write a JSON answer. Every connection carries one request and is closed after the answer,
//! which keeps the router small and makes a fault hit exactly the request it was meant for.

use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// The largest request head the router reads (a bigger one gets `431`).
pub const MAX_HEAD: usize = 64 * 1024;
/// The largest control API body (a bigger one gets `413`).
pub const MAX_BODY: usize = 1024 * 1024;
/// The longest the router waits for a client to send the next bytes of its request.
pub const READ_TIMEOUT: Duration = Duration::from_secs(30);

/// A parsed request head.
#[derive(Debug)]
pub struct Head {
    /// The method, as sent (a token).
    pub method: String,
    /// The request target: path and query.
    pub target: String,
    /// `HTTP/1.0` or `HTTP/1.1`.
    pub version: String,
    /// The header fields in order, names as sent.
    pub headers: Vec<(String, String)>,
    /// Bytes read past the head: the start of the body.
    pub rest: Vec<u8>,
}

impl Head {
    /// A header's value (the first, if repeated).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The path without the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }
}

/// Why a request head was refused; each maps to the status the router answers.
#[derive(Debug, PartialEq, Eq)]
pub enum HeadError {
    /// The client closed or went quiet before a whole head arrived: nothing to answer.
    Closed,
    /// Over [`MAX_HEAD`]: `431`.
    TooLarge,
    /// Not an HTTP/1.x request head: `400`, with the reason.
    Malformed(&'static str),
}

/// Reads and checks a request head.
pub async fn read_head(stream: &mut (impl AsyncRead + Unpin)) -> Result<Head, HeadError> {
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = vec![0u8; 8192];
    let end = loop {
        if let Some(pos) = find(&buf, b"\r\n\r\n") {
            break pos;
        }
        if buf.len() > MAX_HEAD {
            return Err(HeadError::TooLarge);
        }
        match tokio::time::timeout(READ_TIMEOUT, stream.read(&mut chunk)).await {
            Ok(Ok(n)) if n > 0 => buf.extend_from_slice(&chunk[..n]),
            _ if buf.is_empty() => return Err(HeadError::Closed),
            _ => return Err(HeadError::Malformed("the request head is incomplete")),
        }
    };
    if end > MAX_HEAD {
        return Err(HeadError::TooLarge);
    }
    let rest = buf.split_off(end + 4);
    buf.truncate(end);
    let text = std::str::from_utf8(&buf)
        .map_err(|_| HeadError::Malformed("the request head is not UTF-8"))?;
    let mut lines = text.split("\r\n");
    let first = lines.next().unwrap_or_default();
    let mut parts = first.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(HeadError::Malformed(
            "the request line must be `METHOD /path HTTP/1.1`",
        ));
    };
    if method.is_empty() || !method.bytes().all(is_token_byte) {
        return Err(HeadError::Malformed("the method is not an HTTP token"));
    }
    if !target.starts_with('/') || target.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return Err(HeadError::Malformed(
            "the request target must be a path starting with /",
        ));
    }
    if version != "HTTP/1.1" && version != "HTTP/1.0" {
        return Err(HeadError::Malformed(
            "only HTTP/1.0 and HTTP/1.1 are served",
        ));
    }
    let mut headers = Vec::new();
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            return Err(HeadError::Malformed("a header line has no colon"));
        };
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            return Err(HeadError::Malformed("a header name is not an HTTP token"));
        }
        headers.push((name.to_owned(), value.trim().to_owned()));
    }
    Ok(Head {
        method: method.to_owned(),
        target: target.to_owned(),
        version: version.to_owned(),
        headers,
        rest,
    })
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Where `needle` starts in `haystack`.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Reads a request body of `Content-Length` bytes, at most [`MAX_BODY`]. A chunked body is
/// refused (`411`): the control API's clients (curl, fetch, HttpClient) send a length.
pub async fn read_body(
    stream: &mut (impl AsyncRead + Unpin),
    head: &Head,
) -> Result<Vec<u8>, (u16, Value)> {
    if head.header("transfer-encoding").is_some() {
        return Err(error(
            411,
            "LengthRequired",
            "send the control request with Content-Length, not chunked",
        ));
    }
    let length = match head.header("content-length") {
        None => 0,
        Some(v) => v
            .parse::<usize>()
            .map_err(|_| error(400, "BadRequest", "Content-Length must be a decimal number"))?,
    };
    if length > MAX_BODY {
        return Err(error(
            413,
            "PayloadTooLarge",
            &format!("a control request body may be at most {MAX_BODY} bytes"),
        ));
    }
    let mut body = head.rest.clone();
    body.truncate(length);
    let mut chunk = vec![0u8; 16 * 1024];
    while body.len() < length {
        match tokio::time::timeout(READ_TIMEOUT, stream.read(&mut chunk)).await {
            Ok(Ok(n)) if n > 0 => {
                let take = n.min(length - body.len());
                body.extend_from_slice(&chunk[..take]);
            }
            _ => {
                return Err(error(
                    400,
                    "BadRequest",
                    "the body ended before Content-Length bytes arrived",
                ));
            }
        }
    }
    Ok(body)
}

/// The router's own error body: `{"error": {"code", "message"}}`.
pub fn error(status: u16, code: &str, message: &str) -> (u16, Value) {
    (status, json!({"error": {"code": code, "message": message}}))
}

/// Writes a JSON answer and closes the connection.
pub async fn respond(
    stream: &mut (impl AsyncWrite + Unpin),
    status: u16,
    body: &Value,
    extra_headers: &[(&str, &str)],
) -> std::io::Result<()> {
    let body = serde_json::to_vec_pretty(body).unwrap_or_default();
    let mut out = format!(
        "HTTP/1.1 {status} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
        reason(status),
        body.len()
    );
    for (name, value) in extra_headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    stream.write_all(out.as_bytes()).await?;
    stream.write_all(&body).await?;
    stream.shutdown().await
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        411 => "Length Required",
        413 => "Content Too Large",
        422 => "Unprocessable Content",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        _ => "Status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn head(bytes: &[u8]) -> Result<Head, HeadError> {
        let mut reader = bytes;
        read_head(&mut reader).await
    }

    #[tokio::test]
    async fn a_request_head_is_parsed() {
        let h = head(
            b"POST /okonomi/utbetalinger?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}",
        )
        .await
        .unwrap();
        assert_eq!(h.method, "POST");
        assert_eq!(h.path(), "/okonomi/utbetalinger");
        assert_eq!(h.header("content-length"), Some("2"));
        assert_eq!(h.rest, b"{}");
    }

    #[tokio::test]
    async fn malformed_heads_are_refused_with_a_reason() {
        for bad in [
            &b"garbage\r\n\r\n"[..],
            b"GET nopath HTTP/1.1\r\n\r\n",
            b"GET / HTTP/2\r\n\r\n",
            b"G(T / HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\nno colon here\r\n\r\n",
            b"GET / HTTP/1.1\r\nbad name: x\r\n\r\n",
            b"GET /\xff HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: a",
        ] {
            assert!(
                matches!(head(bad).await, Err(HeadError::Malformed(_))),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
        assert_eq!(head(b"").await.unwrap_err(), HeadError::Closed);
        let mut huge = b"GET / HTTP/1.1\r\nX: ".to_vec();
        huge.extend(std::iter::repeat_n(b'a', MAX_HEAD + 10));
        huge.extend_from_slice(b"\r\n\r\n");
        assert_eq!(head(&huge).await.unwrap_err(), HeadError::TooLarge);
    }
}
