"""Finds intra-doc links that rustdoc rendered as literal text, such as `[Pager]` or
`[crate::retry]`, in the HTML pages of the given crates. Code (`<code>`, `<pre>`) is left out
of the search, since brackets there are Rust or JSON. Exits 1 and lists each one when any is found.

Usage: unresolved-links.py <target/doc> <crate_name>...
"""
import html
import pathlib
import re
import sys

CODE = re.compile(r"<pre[^>]*>.*?</pre>|<code[^>]*>(.*?)</code>", re.S)
TAGS = re.compile(r"<[^>]+>")
# `[Name]`, `[path::to::Name]`, `[Name::method()]`, or a code span in brackets: what an
# intra-doc link looks like when it failed to resolve.
LINK = re.compile(r"\[(?:`?[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*(?:\(\))?!?`?|\x00)\]")


def prose(page: str) -> str:
    """The page's body without scripts; rustdoc's own chrome has no bracketed names."""
    body = page.split("<body", 1)[-1]
    return re.sub(r"<script.*?</script>", " ", body, flags=re.S)


def main() -> int:
    doc = pathlib.Path(sys.argv[1])
    found = []
    for crate in sys.argv[2:]:
        for path in sorted((doc / crate).rglob("*.html")):
            page = path.read_text(encoding="utf-8", errors="replace")
            # A code span inside brackets (`[<code>Foo</code>]`) is kept as a marker.
            text = CODE.sub(lambda m: "\x00" if m.group(1) is not None else " ", prose(page))
            text = html.unescape(TAGS.sub("", text))
            for link in LINK.finditer(text):
                shown = link.group(0).replace("\x00", "`…`")
                found.append(f"{path.relative_to(doc)}: {shown}")
    for line in sorted(set(found)):
        print(line)
    if found:
        print(f"{len(set(found))} link(s) rendered as literal brackets", file=sys.stderr)
        return 1
    print("no unresolved links")
    return 0


if __name__ == "__main__":
    sys.exit(main())
