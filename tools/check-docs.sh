#!/usr/bin/env bash
# The docs build clean: rustdoc with -D warnings for the whole workspace with every feature, and
# for each published crate with its default features (what a user who adds it plainly gets), then
# a scan of the rendered pages for links rustdoc left as literal brackets. rustdoc warns about a
# broken `[`Foo`]`, but a bare `[Foo]` that resolves to nothing is rendered as text, silently.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
crates=(helseid-auth hint-core hint-arkiv hint-okonomi hint-budsjett hapi-content helsenorge-verktoy)

export RUSTDOCFLAGS="-D warnings"
failed=()
# Pages of items that no longer exist would stay behind and be scanned: start from nothing.
rm -rf "$root/target/doc"
for crate in "${crates[@]}"; do
  echo "-- cargo doc -p $crate (default features)"
  cargo doc --locked --quiet -p "$crate" --no-deps || failed+=("$crate (default features)")
done
echo "-- cargo doc --workspace --all-features"
cargo doc --locked --quiet --workspace --all-features --no-deps || failed+=("the workspace (all features)")

# The pages scanned below: each crate again with all its features, one at a time in dependency
# order. rustdoc links to a sibling crate's item only when that crate's pages already exist;
# cargo documents the workspace in parallel, so there a link can come out as plain text where
# docs.rs (which documents dependencies first) would resolve it. Other flags than above, so that
# cargo does not take the parallel run's pages as up to date.
for crate in "${crates[@]}"; do
  RUSTDOCFLAGS="-D warnings --cfg hint_docs_in_order" \
    cargo doc --locked --quiet -p "$crate" --all-features --no-deps || failed+=("$crate (all features)")
done

echo "-- unresolved links in the rendered pages"
# First, the scan must catch a page with a bare `[Foo]` and a `[`Bar`]`, or it proves nothing.
probe="$(mktemp -d)"
mkdir -p "$probe/probe"
printf '<body><div class="docblock"><p>[Foo] [<code>Bar</code>] <a href="x"><code>Ok</code></a></p></div>' \
  > "$probe/probe/index.html"
if python3 "$root/tools/unresolved-links.py" "$probe" probe > /dev/null 2>&1; then
  failed+=("the unresolved-link scan missed a planted broken link")
fi
rm -rf "$probe"
python3 "$root/tools/unresolved-links.py" "$root/target/doc" "${crates[@]//-/_}" || failed+=("unresolved links")

if [ ${#failed[@]} -gt 0 ]; then
  printf 'docs failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
