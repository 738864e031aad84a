#!/usr/bin/env bash
# Checks the dependency tree against deny.toml: licences, banned crates and sources, then the
# advisories (tools/advisories.sh: the live RustSec database, else a snapshot, else a note that
# they were skipped). Installs a pinned cargo-deny into target/tools the first time (compiled
# from the crate registry with `cargo install --locked`, about 3 minutes); later runs find it
# there and start at once.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="0.20.2"
tools="$root/target/tools"
bin="$tools/bin/cargo-deny"

if [ "$(cargo-deny --version 2>/dev/null)" = "cargo-deny $version" ]; then
  bin="$(command -v cargo-deny)" # the same version is already installed on this machine
elif ! { [ -x "$bin" ] && [ "$("$bin" --version 2>/dev/null)" = "cargo-deny $version" ]; }; then
  echo "installing cargo-deny $version into target/tools (once)" >&2
  # About 3 minutes on 2 cores (some 140 crates); cargo-deny has no optional features to leave out.
  cargo install --locked --quiet --version "$version" cargo-deny --root "$tools"
fi

cd "$root"
PATH="$(dirname "$bin"):$PATH" cargo deny --all-features check licenses bans sources "$@"
bash "$root/tools/advisories.sh" "$bin"
