#!/usr/bin/env bash
# Checks the dependency tree against the RustSec advisory database:
#   1. the live database, when it can be fetched;
#   2. otherwise the snapshot in `$HINT_ADVISORY_DB_SNAPSHOT` (CI sets it to the copy kept beside
#      the repository on machines without network access), made into the git repository
#      cargo-deny expects, with a staleness limit that fits the snapshot's age;
#   3. otherwise one line saying advisories were skipped, and success: a user's clone with
#      neither must still pass the other checks.
# Usage: advisories.sh <path to cargo-deny>
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deny="$1"
cd "$root"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# cargo-deny's default database URL maps to this folder name under `db-path`.
db_dir="advisory-db-3157b0e258782691"

# 1. The live database, fetched into a scratch db-path so no stale copy is ever used by mistake.
sed "s|^\[advisories\]|[advisories]\ndb-path = \"$scratch/live\"|" deny.toml > "$scratch/deny-live.toml"
if timeout 120 "$deny" deny --all-features --config "$scratch/deny-live.toml" check advisories \
     > "$scratch/live.log" 2>&1; then
  echo "advisories ok (live RustSec database)"
  exit 0
fi
if [ -d "$scratch/live/$db_dir/crates" ]; then
  # The database was fetched, so the failure is a real finding.
  cat "$scratch/live.log" >&2
  exit 1
fi

# 2. The snapshot.
snapshot="${HINT_ADVISORY_DB_SNAPSHOT:-}"
if [ -n "$snapshot" ] && [ -d "$snapshot/crates" ]; then
  commit_date="${HINT_ADVISORY_DB_DATE:-2026-08-21T00:00:00Z}"
  mkdir -p "$scratch/snap"
  cp -R "$snapshot" "$scratch/snap/$db_dir"
  chmod -R u+w "$scratch/snap/$db_dir"
  (
    cd "$scratch/snap/$db_dir"
    rm -rf .git
    git init --quiet
    git add -A
    GIT_AUTHOR_DATE="$commit_date" GIT_COMMITTER_DATE="$commit_date" \
      git -c user.name=snapshot -c user.email=snapshot@localhost commit --quiet -m snapshot
  )
  # Staleness: the snapshot's age in days, plus a week, so the check runs rather than refusing.
  age_days=$(( ( $(date +%s) - $(date -d "$commit_date" +%s) ) / 86400 + 7 ))
  sed "s|^\[advisories\]|[advisories]\ndb-path = \"$scratch/snap\"\nmaximum-db-staleness = \"P${age_days}D\"|" \
    deny.toml > "$scratch/deny-snap.toml"
  "$deny" deny --offline --all-features --config "$scratch/deny-snap.toml" check advisories
  echo "advisories ok (RustSec snapshot of ${commit_date%%T*}; the live database could not be fetched)"
  exit 0
fi

# 3. Neither.
echo "advisories skipped: the RustSec database could not be fetched and no snapshot was given (HINT_ADVISORY_DB_SNAPSHOT)"
