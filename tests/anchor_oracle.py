"""Test helpers: edit a document's text at known places, and say where each annotation must be after.

Edits are (position, number of code points removed, text inserted) in the *old* global text
(``Document.text()``), non-overlapping.  Because the test made the edits, it knows the truth:
which annotations an edit touched, and where the untouched ones are now."""
from __future__ import annotations

from dataclasses import replace

from corpus.document.model import Block, Document
from corpus.standoff.model import CONTEXT


def normalise(edits, length: int) -> list[tuple[int, int, str]]:
    """Sorted, clipped to the text, overlapping edits dropped, no-ops dropped."""
    out, last = [], -1
    for pos, n, ins in sorted(edits):
        n = max(0, min(n, length - pos))
        if pos <= last or (n == 0 and not ins):
            continue
        out.append((pos, n, ins))
        last = pos + n if n else pos
    return out


def apply(doc: Document, edits) -> Document:
    """The document with the edits applied.  Its blocks are the lines of the new text; they keep the
    old ids when the number of lines is the same, and get new ones (n0, n1, ...) otherwise."""
    text = doc.text()
    parts, last = [], 0
    for pos, n, ins in edits:
        parts += [text[last:pos], ins]
        last = pos + n
    parts.append(text[last:])
    lines = "".join(parts).split("\n")
    old = doc.blocks()
    ids = [b.id for b in old] if len(lines) == len(old) else [f"n{i}" for i in range(len(lines))]
    blocks = tuple(Block(i, "paragraph", t, old[0].src) for i, t in zip(ids, lines))
    return replace(doc, article=blocks, comments=())


def touches(edit, s: int, e: int) -> bool:
    """Does the edit change anything inside [s, e)?"""
    pos, n, ins = edit
    if n:
        return pos < e and pos + n > s
    return s < pos < e


def new_span(edits, s: int, e: int) -> tuple[int, int] | None:
    """Where the untouched old span [s, e) is in the new text (None when an edit touched it)."""
    shift = 0
    for ed in edits:
        if touches(ed, s, e):
            return None
        pos, n, ins = ed
        if pos + n <= s and (n or pos <= s):
            shift += len(ins) - n
    return s + shift, e + shift


def windows(text: str, s: int, e: int, width: int = CONTEXT) -> tuple[str, str]:
    return text[max(0, s - width):s], text[e:e + width]
