"""Plain text of a document, for tools that read text (Voyant, TXM's TXT import, word counters).

The article, then each comment, separated by a blank line; one block per line, the parts of a comment's
byline (author, place, date) on one line separated by ``BYLINE_SEPARATOR``.  Nothing from the header or
the stand-off annotations, and not the page's section label (a classification, kept in the TEI header):
the same choices as the TEI export (docs/tei.md, "Plain text").  UTF-8, final newline, deterministic.
"""
from __future__ import annotations

from corpus.document.model import Document
from corpus.tei.export import BYLINE_PARTS, BYLINE_SEPARATOR, classification_blocks


def block_lines(blocks, skip: set[str] = frozenset()) -> list[str]:
    """One line per block (except ``skip``), consecutive byline parts joined on one line."""
    out: list[str] = []
    prev_byline = False
    for b in blocks:
        if b.id in skip:
            continue
        is_byline = b.role in BYLINE_PARTS
        if is_byline and prev_byline:
            out[-1] += BYLINE_SEPARATOR + b.text
        else:
            out.append(b.text)
        prev_byline = is_byline
    return out


def plain_text(doc: Document) -> str:
    skip = classification_blocks(doc)
    parts = ["\n".join(block_lines(doc.article, skip))]
    parts += ["\n".join(block_lines(c.blocks, skip)) for c in doc.comments]
    return "\n\n".join(p for p in parts if p) + "\n"
