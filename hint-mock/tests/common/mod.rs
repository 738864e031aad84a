//! Starts the built `hint-mock` binary on a free loopback port and talks raw HTTP/1.1 to it.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// How long the server may take to print its ready line (it takes well under a second; the
/// margin is for a machine busy building).
const READY_TIMEOUT: Duration = Duration::from_secs(30);

/// A running `hint-mock`, killed on drop.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub url: String,
    /// `127.0.0.1:<port>`.
    pub addr: String,
    /// What it printed up to and including the ready line.
    pub banner: Vec<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // The server writes its test client to a directory of its own; leave nothing behind.
        let written = self
            .banner
            .iter()
            .find_map(|l| l.split_once("private JWK in ").map(|(_, p)| p.to_owned()));
        if let Some(dir) = written.as_deref().and_then(|p| Path::new(p).parent()) {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

impl Server {
    /// Starts the binary with `--port 0` and `args`, and waits for its ready line.
    pub fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hint-mock"))
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start hint-mock");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        let mut banner = Vec::new();
        let url = loop {
            let line = rx
                .recv_timeout(READY_TIMEOUT)
                .unwrap_or_else(|_| panic!("no ready line; printed so far: {banner:#?}"));
            banner.push(line.clone());
            if let Some(rest) = line.strip_prefix("ready: ") {
                break rest.split(' ').next().unwrap_or_default().to_owned();
            }
        };
        let addr = url.trim_start_matches("http://").to_owned();
        Server {
            child,
            url,
            addr,
            banner,
        }
    }

    /// Sends raw bytes as one request and returns the status and the whole answer (the server
    /// closes every connection after one answer). `None` when the connection closed without
    /// an answer.
    pub fn raw(&self, request: &[u8]) -> Option<(u16, String)> {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .expect("timeout");
        // The server may answer (431) before it read everything; a reset on write is fine.
        let _ = stream.write_all(request);
        // Say the request is complete, so a cut-off head is answered rather than waited for.
        let _ = stream.shutdown(std::net::Shutdown::Write);
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let text = String::from_utf8_lossy(&answer).into_owned();
        let status = text.split(' ').nth(1)?.parse().ok()?;
        Some((status, text))
    }

    /// A request with an optional JSON body and extra header lines.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Option<(u16, String)> {
        let mut req = format!("{method} {path} HTTP/1.1\r\nhost: {}\r\n", self.addr);
        for (name, value) in headers {
            req.push_str(&format!("{name}: {value}\r\n"));
        }
        if let Some(body) = body {
            req.push_str(&format!(
                "content-type: application/json\r\ncontent-length: {}\r\n",
                body.len()
            ));
        }
        req.push_str("\r\n");
        req.push_str(body.unwrap_or_default());
        self.raw(req.as_bytes())
    }

    /// A control API call; panics unless it answers.
    pub fn control(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
    ) -> (u16, serde_json::Value) {
        let (status, text) = self
            .request(method, &format!("/_control/{path}"), &[], body)
            .expect("the control API answers");
        (status, body_json(&text))
    }
}

/// The JSON body of a raw answer.
pub fn body_json(answer: &str) -> serde_json::Value {
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    serde_json::from_str(body).unwrap_or(serde_json::Value::Null)
}

/// A header of a raw answer.
pub fn header<'a>(answer: &'a str, name: &str) -> Option<&'a str> {
    let head = answer.split_once("\r\n\r\n").map_or(answer, |(h, _)| h);
    head.split("\r\n").skip(1).find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// The repository root (`hint-mock/..`).
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("hint-mock sits in the workspace")
}
