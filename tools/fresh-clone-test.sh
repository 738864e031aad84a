#!/usr/bin/env bash
# Runs the README's test command in a clone of the repository made in an empty temporary folder,
# with nothing beside it: whatever a test, a tool or a doc needs must be inside the repository.
# The clone builds into this checkout's target dir (CARGO_TARGET_DIR), so dependencies compiled
# by the earlier CI steps are reused; only the workspace's own crates build again.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
git clone --quiet --no-hardlinks "$root" "$scratch/hint-rust-sdk"
cd "$scratch/hint-rust-sdk"
echo "cloned $(git rev-parse --short HEAD) into $scratch/hint-rust-sdk (nothing beside it)"
CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}" cargo test --workspace --all-features --locked
