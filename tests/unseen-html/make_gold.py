"""Make a dev page and its gold from an annotated page (annotated/<site>_<n>.html).

The annotated page marks the gold roles of its visible lines with ``data-g`` attributes (on the element
that holds the line or an ancestor).  This script strips every ``data-g``, writes the page to
``dev/<site>_<n>.html`` in the charset the page declares, and writes ``dev/<site>_<n>.tsv``: a ``#``
header line, then ``roles<TAB>text`` per non-blank line of the page's text as a browser's innerText
gives it (checked against headless Chromium by tests/test_html_browser.py)."""
from __future__ import annotations

import re
import sys
from pathlib import Path

from lxml import html as lxhtml

from corpus.text import html as h

HERE = Path(__file__).resolve().parent


def make(src: Path, out_dir: Path) -> None:
    text = src.read_text(encoding="utf-8")
    enc = h._codec(h.sniff_charset(text.encode("utf-8"))) or "utf-8"
    raw = h.parse(text.encode("utf-8"), src.name)
    tree = lxhtml.document_fromstring(text).getroottree()
    origins = {o.line: o for o in raw.html.origins}
    rows = []
    for ln in raw.lines:
        if not ln.text.strip():
            continue
        el = tree.xpath(origins[ln.number].path)[0]
        roles = next((a.get("data-g") for a in [el, *el.iterancestors()] if a.get("data-g")), None)
        if roles is None:
            sys.exit(f"{src.name}: line {ln.number} has no data-g: {ln.text!r}")
        rows.append(f"{roles}\t{ln.text}")
    page = re.sub(r'\s+data-g="[^"]*"', "", text)
    (out_dir / src.name).write_bytes(page.encode(enc))
    (out_dir / (src.stem + ".tsv")).write_text(
        f"# {src.stem}: gold roles of the visible lines (roles<TAB>text), innerText order\n" + "\n".join(rows) + "\n",
        encoding="utf-8")


if __name__ == "__main__":
    for p in sorted((HERE / "annotated").glob("*.html")):
        make(p, HERE / "dev")
