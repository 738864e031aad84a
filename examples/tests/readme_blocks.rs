//! What a newcomer copies from a README compiles and runs as they copy it.
//!
//! Every ` ```rust ` block in the workspace README and in each crate's README is a complete program
//! (a `fn main` or a `#[tokio::test]` file) with no rustdoc-hidden `#` lines, because a reader who
//! copies from the rendered README on a code host gets those lines verbatim. Each block is built in
//! a fresh crate *outside* the workspace, with exactly the dependencies of the nearest ` ```toml `
//! block above it (the workspace crates swapped for path dependencies), then run: `rust,no_run`
//! blocks are only built, because they need credentials and a network. A program under
//! `[dev-dependencies]` alone is built as an example, where those dependencies apply.
//!
//! The fresh crates take the workspace's `Cargo.lock` (so they build the reviewed versions) and its
//! target directory (so only what their own feature set changes is compiled again).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The READMEs whose code a user is told to put in their own crate.
const READMES: &[&str] = &[
    "README.md",
    "helseid-auth/README.md",
    "hint-core/README.md",
    "hint-arkiv/README.md",
    "hint-okonomi/README.md",
    "hint-budsjett/README.md",
    "hapi-content/README.md",
    "helsenorge-verktoy/README.md",
];

/// Workspace crates a README may depend on; they become path dependencies.
const CRATES: &[&str] = &[
    "helseid-auth",
    "hint-core",
    "hint-arkiv",
    "hint-okonomi",
    "hint-budsjett",
    "hapi-content",
    "helsenorge-verktoy",
];

/// How long one block may run before the test gives up on it (the mocks answer in milliseconds).
const RUN_LIMIT: Duration = Duration::from_secs(120);
/// How long one fresh crate may take to build: most of it is the workspace's own crates with the
/// block's feature set, on a busy two-core machine.
const BUILD_LIMIT: Duration = Duration::from_secs(20 * 60);

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("examples/ sits in the workspace")
        .to_path_buf()
}

/// One fenced block of a README.
#[derive(Debug)]
struct Fence {
    info: String,
    body: String,
    line: usize,
}

fn fences(text: &str) -> Vec<Fence> {
    let mut out = Vec::new();
    let mut open: Option<Fence> = None;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        match open.as_mut() {
            None => {
                if let Some(info) = trimmed.strip_prefix("```") {
                    open = Some(Fence {
                        info: info.trim().to_owned(),
                        body: String::new(),
                        line: index + 1,
                    });
                }
            }
            Some(fence) => {
                if trimmed.starts_with("```") {
                    out.extend(open.take());
                } else {
                    fence.body.push_str(line);
                    fence.body.push('\n');
                }
            }
        }
    }
    out
}

/// A Rust block that rustdoc compiles, and how: `Some(true)` to run, `Some(false)` to build only.
fn rust_block(info: &str) -> Option<bool> {
    let words: Vec<&str> = info.split(',').map(str::trim).collect();
    if words.first() != Some(&"rust") {
        return None;
    }
    if words
        .iter()
        .any(|w| matches!(*w, "ignore" | "compile_fail" | "text"))
    {
        return None;
    }
    Some(!words.contains(&"no_run"))
}

fn is_dependency_block(fence: &Fence) -> bool {
    fence.info == "toml"
        && (fence.body.contains("[dependencies]") || fence.body.contains("[dev-dependencies]"))
}

/// rustdoc hides `# ` lines and a lone `#`; `#[attr]` and `#![attr]` are code.
fn hidden_lines(body: &str) -> Vec<&str> {
    body.lines()
        .filter(|l| {
            let t = l.trim_start();
            t == "#" || t.starts_with("# ")
        })
        .collect()
}

fn is_test_file(body: &str) -> bool {
    body.contains("#[tokio::test") || body.contains("#[test]")
}

/// The dependency block with each workspace crate pointed at its folder.
fn manifest_dependencies(toml: &str, root: &Path) -> String {
    let mut out = String::new();
    for line in toml.lines() {
        let rewritten = line.split_once('=').and_then(|(name, value)| {
            let name = name.trim();
            CRATES.contains(&name).then(|| {
                let path = root.join(name);
                let path = path.display();
                let value = value.trim();
                match value.strip_prefix('{') {
                    Some(rest) => format!("{name} = {{ path = \"{path}\", {}", rest.trim_start()),
                    None => format!("{name} = {{ path = \"{path}\", version = {value} }}"),
                }
            })
        });
        out.push_str(rewritten.as_deref().unwrap_or(line));
        out.push('\n');
    }
    out
}

/// Blocks grouped under the dependency block they follow: one fresh crate each.
struct Group {
    name: String,
    dependencies: String,
    /// Only `[dev-dependencies]` are listed, so a program is an example, not a binary.
    dev_only: bool,
    blocks: Vec<Block>,
}

struct Block {
    origin: String,
    file_stem: String,
    body: String,
    run: bool,
    test: bool,
}

fn collect(root: &Path) -> (Vec<Group>, Vec<String>) {
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    let mut problems = Vec::new();
    for readme in READMES {
        let text = std::fs::read_to_string(root.join(readme))
            .unwrap_or_else(|e| panic!("cannot read {readme}: {e}"));
        let slug: String = readme
            .trim_end_matches("README.md")
            .trim_end_matches('/')
            .replace('/', "-");
        let slug = if slug.is_empty() { "workspace" } else { &slug };
        let mut dependencies: Option<(usize, String)> = None;
        for fence in fences(&text) {
            if is_dependency_block(&fence) {
                dependencies = Some((fence.line, fence.body.clone()));
                continue;
            }
            let Some(run) = rust_block(&fence.info) else {
                continue;
            };
            let origin = format!("{readme}:{}", fence.line);
            let hidden = hidden_lines(&fence.body);
            if !hidden.is_empty() {
                problems.push(format!(
                    "{origin}: rustdoc-hidden lines, which a reader copies verbatim: {hidden:?}"
                ));
            }
            let test = is_test_file(&fence.body);
            if !test && !fence.body.contains("fn main") {
                problems.push(format!(
                    "{origin}: not a complete program (no `fn main`, no `#[tokio::test]`)"
                ));
                continue;
            }
            let Some((toml_line, toml)) = &dependencies else {
                problems.push(format!("{origin}: no ```toml dependency block above it"));
                continue;
            };
            let key = format!("{slug}-{toml_line}");
            let group = groups.entry(key.clone()).or_insert_with(|| Group {
                name: format!("readme-{key}"),
                dependencies: manifest_dependencies(toml, root),
                dev_only: !toml.contains("[dependencies]"),
                blocks: Vec::new(),
            });
            group.blocks.push(Block {
                file_stem: format!("block_{}", fence.line),
                origin,
                body: fence.body.clone(),
                run,
                test,
            });
        }
    }
    (groups.into_values().collect(), problems)
}

/// cargo in a fresh crate: none of the outer cargo's per-package variables, the shared target dir.
fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO"));
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().into_owned();
        if key.starts_with("CARGO_") && key != "CARGO_HOME" {
            command.env_remove(&key);
        }
    }
    command
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never")
        .stdin(Stdio::null());
    command
}

/// Runs a command to its end or for at most `limit`, and says what went wrong if it failed. Its
/// output goes to files, so a chatty program can never block on a full pipe.
fn finish(mut command: Command, limit: Duration, what: &str) -> Result<(), String> {
    let log = tempfile::tempfile().map_err(|e| format!("{what}: {e}"))?;
    let err_log = tempfile::tempfile().map_err(|e| format!("{what}: {e}"))?;
    let mut child = command
        .stdout(log.try_clone().map_err(|e| format!("{what}: {e}"))?)
        .stderr(err_log.try_clone().map_err(|e| format!("{what}: {e}"))?)
        .spawn()
        .map_err(|e| format!("{what}: cannot start cargo: {e}"))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("{what}: still running after {limit:?}"));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(format!("{what}: {e}")),
        }
    };
    if status.success() {
        return Ok(());
    }
    let read = |mut file: std::fs::File| {
        use std::io::{Read, Seek};
        let mut text = String::new();
        let _ = file.rewind().and_then(|()| file.read_to_string(&mut text));
        text
    };
    Err(format!(
        "{what} failed ({status})\n--- stdout\n{}\n--- stderr\n{}",
        read(log),
        read(err_log)
    ))
}

fn write_group(dir: &Path, group: &Group, lock: &Path) -> std::io::Result<()> {
    for folder in ["src/bin", "examples", "tests"] {
        std::fs::create_dir_all(dir.join(folder))?;
    }
    let mut manifest = format!(
        "[package]\nname = \"{}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\
         autobins = false\nautotests = false\n\n[workspace]\n\n{}\n",
        group.name, group.dependencies
    );
    for block in &group.blocks {
        let (kind, folder) = match (block.test, group.dev_only) {
            (true, _) => ("test", "tests"),
            (false, true) => ("example", "examples"),
            (false, false) => ("bin", "src/bin"),
        };
        let path = format!("{folder}/{}.rs", block.file_stem);
        std::fs::write(dir.join(&path), &block.body)?;
        let _ = writeln!(
            manifest,
            "[[{kind}]]\nname = \"{}\"\npath = \"{path}\"\n",
            block.file_stem
        );
    }
    std::fs::write(dir.join("Cargo.toml"), manifest)?;
    std::fs::copy(lock, dir.join("Cargo.lock"))?;
    Ok(())
}

#[test]
fn every_readme_block_builds_and_runs_in_a_crate_of_its_own() {
    let root = workspace_root();
    let (groups, mut problems) = collect(&root);
    assert!(
        groups.iter().map(|g| g.blocks.len()).sum::<usize>() >= 8,
        "the READMEs' blocks were not found"
    );
    let scratch = tempfile::Builder::new()
        .prefix("hint-readme-blocks-")
        .tempdir()
        .expect("a temporary folder outside the workspace");
    // The target dir this test was built into (`<target>/debug/deps/<test>`), wherever it is.
    let exe = std::env::current_exe().expect("the test's own path");
    let target = exe
        .ancestors()
        .nth(3)
        .expect("the test runs from <target>/<profile>/deps")
        .to_path_buf();
    for group in &groups {
        let dir = scratch.path().join(&group.name);
        write_group(&dir, group, &root.join("Cargo.lock")).expect("write the fresh crate");
        let built = finish(
            cargo(&dir, &target, &["build", "--quiet", "--all-targets"]),
            BUILD_LIMIT,
            &format!("building {}", group.name),
        );
        if let Err(problem) = built {
            let origins: Vec<&str> = group.blocks.iter().map(|b| b.origin.as_str()).collect();
            problems.push(format!("{origins:?}: {problem}"));
            continue;
        }
        for block in group.blocks.iter().filter(|b| b.run) {
            let args: &[&str] = match (block.test, group.dev_only) {
                (true, _) => &["test", "--quiet", "--test", &block.file_stem],
                (false, true) => &["run", "--quiet", "--example", &block.file_stem],
                (false, false) => &["run", "--quiet", "--bin", &block.file_stem],
            };
            if let Err(problem) = finish(cargo(&dir, &target, args), RUN_LIMIT, &block.origin) {
                problems.push(problem);
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn the_checks_catch_what_a_reader_cannot_copy() {
    let text = "```toml\n[dependencies]\nhint-core = \"0.1\"\n```\n\n```rust\n# fn main() {}\nlet x = 1;\n```\n";
    let found = fences(text);
    assert_eq!(found.len(), 2);
    assert!(is_dependency_block(&found[0]));
    assert_eq!(rust_block(&found[1].info), Some(true));
    assert_eq!(hidden_lines(&found[1].body), vec!["# fn main() {}"]);
    assert_eq!(rust_block("rust,no_run"), Some(false));
    assert_eq!(rust_block("rust,ignore"), None);
    assert_eq!(rust_block("toml"), None);
    let root = Path::new("/w");
    assert_eq!(
        manifest_dependencies(
            "hint-okonomi = { version = \"0.1\", features = [\"mock\"] }\ntokio = \"1\"\n",
            root
        ),
        "hint-okonomi = { path = \"/w/hint-okonomi\", version = \"0.1\", features = [\"mock\"] }\ntokio = \"1\"\n"
    );
    assert_eq!(
        manifest_dependencies("hint-core = \"0.1\"\n", root),
        "hint-core = { path = \"/w/hint-core\", version = \"0.1\" }\n"
    );
}
