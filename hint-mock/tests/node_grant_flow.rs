//! The whole grant flow from outside Rust: the built binary, driven over plain HTTP by Node
//! with `jose` (`tools/node/hint-mock-grant-flow.mjs`): a HelseID token with private_key_jwt and
//! DPoP, a hAPI grant, the scheme's budget, a sak with a journalpost and a document, a payment
//! that survives a dropped answer (same Idempotency-Key → one payment), its receipts.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Server;

/// The longest the Node client may run (it takes about a second).
const FLOW_TIMEOUT: Duration = Duration::from_secs(120);

#[test]
fn a_node_client_runs_the_whole_grant_flow() {
    hint_testkit::node::ensure_packages();
    let server = Server::start(&[]);
    let script = hint_testkit::node::node_dir().join("hint-mock-grant-flow.mjs");
    let mut child = Command::new("node")
        .arg(&script)
        .arg(&server.url)
        .current_dir(hint_testkit::node::node_dir())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run node");
    let deadline = Instant::now() + FLOW_TIMEOUT;
    while child.try_wait().expect("wait for node").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the Node grant flow did not finish within {FLOW_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().expect("node output");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("grant flow: ok"),
        "the Node grant flow failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    for step in [
        "1 HelseID: 400 use_dpop_nonce then 200",
        "2 hAPI:",
        "3 Budsjett:",
        "4 Arkiv: sak",
        "5 Økonomi: payment",
        "6 Økonomi: mottaksretur, avregningsretur; status avregnet",
    ] {
        assert!(stdout.contains(step), "missing `{step}` in:\n{stdout}");
    }

    // The server kept the state the client made: one payment, settled, as the ledger says.
    let (status, requests) = server.control("GET", "requests/okonomi", None);
    assert_eq!(status, 200);
    let posts = requests["requests"]
        .as_array()
        .expect("a list")
        .iter()
        .filter(|r| r["method"] == "POST" && r["path"] == "/okonomi/utbetalinger")
        .count();
    assert_eq!(posts, 2, "the dropped try and the retry reached the ledger");
}
