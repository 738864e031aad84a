#!/usr/bin/env bash
# Runs the README's test command in a clone of the repository made in an empty temporary folder,
# with nothing beside it: whatever a test, a tool or a doc needs must be inside the repository.
# The clone builds into a target dir of its own, inside it: cargo names the workspace's own
# artifacts by their path relative to the workspace, so a shared target dir would hand this
# checkout test binaries that read their fixtures from the (deleted) clone.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
git clone --quiet --no-hardlinks "$root" "$scratch/hint-rust-sdk"
cd "$scratch/hint-rust-sdk"
echo "cloned $(git rev-parse --short HEAD) into $scratch/hint-rust-sdk (nothing beside it)"
env -u CARGO_TARGET_DIR cargo test --workspace --all-features --locked
