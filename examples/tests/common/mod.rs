//! Running the example binaries as a user would, bounded in time.

// Each test binary that includes this module uses a different part of it.
#![allow(dead_code)]

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What an example printed and how it ended.
pub struct Run {
    /// It exited with status 0.
    pub success: bool,
    /// Its exit code (`None` when a signal ended it).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error (the trace, and the error message on failure).
    pub stderr: String,
}

/// The example binary `name`, built by `cargo test` into `target/<profile>/examples/`.
fn example_binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test's own path");
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>/deps");
    let path = profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    // `cargo test --test <one>` does not rebuild the examples; refuse to test an old build.
    let built = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
    let sources = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let newest_source = [format!("{name}.rs"), "settings.rs".into(), "lib.rs".into()]
        .iter()
        .filter_map(|file| std::fs::metadata(sources.join(file)).ok()?.modified().ok())
        .max();
    assert!(
        built.is_some() && built >= newest_source,
        "{} is missing or older than its source: run `cargo test -p hint-examples`, which \
         builds the examples",
        path.display()
    );
    path
}

/// Runs an example with a clean environment plus `env`, killed after two minutes.
pub fn run_example(name: &str, env: &[(&str, &str)]) -> Run {
    let mut child = Command::new(example_binary(name))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the example starts");
    // Drain both pipes on their own threads so a chatty trace can't block the child.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            text
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("piped")));
    let stderr = drain(Box::new(child.stderr.take().expect("piped")));
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{name} did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        success: status.success(),
        code: status.code(),
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    }
}
