"""Finds intra-doc links that rustdoc rendered as literal text, such as `[Pager]` or
`[crate::retry]`, in the HTML pages of the given crates. Only doc comments are read (rustdoc's
`docblock` sections); code (`<code>`, `<pre>`) is left out, since brackets there are Rust or
JSON, but a code span right inside brackets, `[`Foo`]`, counts. Exits 1 and lists each one
when any is found.

Usage: unresolved-links.py <target/doc> <crate_name>...
"""
import pathlib
import re
import sys
from html.parser import HTMLParser

CODE_MARK = "\x00"
# `[Name]`, `[path::to::Name]`, `[Name::method()]`, `[macro!]`, or a code span in brackets.
LINK = re.compile(
    r"\[(?:[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*(?:\(\))?!?|" + CODE_MARK + r")\]"
)


# Trait implementations repeat the trait's own docs (often another crate's, such as tracing's
# `Instrument`), and `Deref` targets repeat theirs (serde_json's `Map`); the page of the trait or
# the target is where they are checked, if it is ours.
INHERITED = {
    "trait-implementations-list",
    "synthetic-implementations-list",
    "blanket-implementations-list",
}


def inherited(div_id: str) -> bool:
    return div_id in INHERITED or div_id.startswith("deref-methods-")


class DocText(HTMLParser):
    """Collects the prose of every docblock, with each code span replaced by a marker."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.div_depth = 0  # nesting of <div> inside the current docblock; 0 = outside
        self.skip_depth = 0  # nesting of <div> inside a list of trait implementations
        self.code_depth = 0
        self.blocks = []

    def handle_starttag(self, tag, attrs):
        if tag == "div" and (self.skip_depth or inherited(dict(attrs).get("id") or "")):
            self.skip_depth += 1
        elif tag == "div":
            classes = (dict(attrs).get("class") or "").split()
            if self.div_depth:
                self.div_depth += 1
            elif "docblock" in classes:
                self.div_depth = 1
                self.blocks.append("")
        elif self.div_depth and tag in ("code", "pre"):
            if self.code_depth == 0:
                self.blocks[-1] += CODE_MARK if tag == "code" else " "
            self.code_depth += 1

    def handle_endtag(self, tag):
        if tag == "div" and self.skip_depth:
            self.skip_depth -= 1
        elif tag == "div" and self.div_depth:
            self.div_depth -= 1
        elif self.div_depth and tag in ("code", "pre") and self.code_depth:
            self.code_depth -= 1

    def handle_data(self, data):
        if self.div_depth and not self.code_depth:
            self.blocks[-1] += data


def main() -> int:
    doc = pathlib.Path(sys.argv[1])
    found = set()
    for crate in sys.argv[2:]:
        for path in sorted((doc / crate).rglob("*.html")):
            parser = DocText()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            for block in parser.blocks:
                for link in LINK.finditer(block):
                    shown = link.group(0).replace(CODE_MARK, "`…`")
                    found.add(f"{path.relative_to(doc)}: {shown}")
    for line in sorted(found):
        print(line)
    if found:
        print(f"{len(found)} link(s) rendered as literal brackets", file=sys.stderr)
        return 1
    print("no unresolved links")
    return 0


if __name__ == "__main__":
    sys.exit(main())
