//! The pinned Node packages (`tools/node/package.json`) that interop tests run against or with.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// `tools/node` of the workspace.
pub fn node_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(|root| root.join("tools/node"))
        .unwrap_or_else(|| PathBuf::from("tools/node"))
}

/// Runs `bash tools/node/ensure.sh` (installs the pinned npm packages once), bounded by ten
/// minutes. Panics when Node is missing or the install fails: such a test never skips silently.
pub fn ensure_packages() {
    match Command::new("node").arg("--version").output() {
        Ok(o) if o.status.success() => {}
        _ => panic!(
            "Node.js is not installed or not on PATH: this test needs Node.js 20 or newer and npm (it does not skip)"
        ),
    }
    let mut child = Command::new("bash")
        .arg(node_dir().join("ensure.sh"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run bash tools/node/ensure.sh");
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        if let Some(status) = child.try_wait().expect("wait for ensure.sh") {
            if !status.success() {
                let mut err = String::new();
                if let Some(mut e) = child.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut e, &mut err);
                }
                panic!("tools/node/ensure.sh failed ({status}): {err}");
            }
            return;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("tools/node/ensure.sh did not finish within 10 minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
