#!/usr/bin/env bash
# Installs the Node packages the interop and contract tests run (tools/node/package.json) into
# tools/node/node_modules, once. Tests call this before they start a server; it fails loudly when
# Node or npm is missing, so no test is silently skipped. A lock (flock) keeps concurrent test
# binaries from installing at the same time.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v node >/dev/null || { echo "node is not installed: the interop and contract tests need Node.js 20 or newer" >&2; exit 3; }
command -v npm >/dev/null || { echo "npm is not installed: the interop and contract tests need npm" >&2; exit 3; }
stamp="$here/node_modules/.installed-from"
exec 9>"$here/.install.lock"
flock 9
if [ -f "$stamp" ] && cmp -s "$stamp" "$here/package.json"; then
  exit 0
fi
# --no-package-lock: the lockfile would record registry addresses; versions are pinned exactly instead.
(cd "$here" && npm install --no-package-lock --no-audit --no-fund --loglevel=error >&2)
cp "$here/package.json" "$stamp"
