"""Positions in a document's text, and add-by-quote: find where a quote is, refuse to guess.

All offsets are code points.  A *global* offset indexes ``Document.text()`` (blocks joined by "\\n");
a target stores the block-relative form, which survives edits elsewhere in the document.
"""
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass

from corpus.errors import ValidationError
from corpus.document.model import Document
from corpus.standoff.model import CONTEXT, Target


def text_sha256(doc: Document) -> str:
    return hashlib.sha256(doc.text().encode("utf-8")).hexdigest()


class DocText:
    """A document's text with the block <-> global offset mapping."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.blocks = doc.blocks()
        self.text = doc.text()
        self.sha256 = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
        self.start_of: dict[str, int] = {}
        self.index_of: dict[str, int] = {}
        self.comment_of: dict[str, str | None] = {b.id: None for b in doc.article}
        pos = 0
        for i, b in enumerate(self.blocks):
            self.start_of[b.id] = pos
            self.index_of[b.id] = i
            pos += len(b.text) + 1
        for c in doc.comments:
            for b in c.blocks:
                self.comment_of[b.id] = c.id

    def block_len(self, block_id: str) -> int:
        return len(self.blocks[self.index_of[block_id]].text)

    def to_global(self, block_id: str, offset: int) -> int:
        return self.start_of[block_id] + offset

    def to_local(self, pos: int, *, is_end: bool = False) -> tuple[str, int]:
        """Block and offset of a global position; a position at a block's end stays in that block."""
        for b in self.blocks:
            s = self.start_of[b.id]
            if s <= pos <= s + len(b.text):
                return b.id, pos - s
        raise ValueError(f"offset {pos} outside the text")

    def span(self, target: Target) -> tuple[int, int]:
        """Global (start, end) of a target; KeyError if a block is unknown."""
        return self.to_global(target.block, target.start), self.to_global(target.last_block, target.end)

    def target(self, start: int, end: int, context: int = CONTEXT) -> Target:
        """The target for global [start, end), with quote and context from the text."""
        b1, s = self.to_local(start)
        b2, e = self.to_local(end, is_end=True)
        if end == start and b2 != b1:
            b2, e = b1, s
        if e == 0 and b2 != b1 and end > start:  # an end at the very start of a block belongs before it
            prev = self.blocks[self.index_of[b2] - 1]
            b2, e = prev.id, len(prev.text)
        return Target(b1, s, e, self.text[start:end], self.text[max(0, start - context):start],
                      self.text[end:end + context], None if b2 == b1 else b2)

    def context(self, start: int, end: int, width: int = 20) -> str:
        before = self.text[max(0, start - width):start].replace("\n", " ⏎ ")
        after = self.text[end:end + width].replace("\n", " ⏎ ")
        return f"…{before}[{self.text[start:end]}]{after}…"


@dataclass(frozen=True)
class Occurrence:
    start: int  # global
    end: int
    block: str
    local_start: int

    def describe(self, dt: DocText, n: int) -> str:
        return f"  --occurrence {n}: block {self.block} {self.local_start}-{self.local_start + self.end - self.start}  {dt.context(self.start, self.end)}"


def occurrences(dt: DocText, quote: str, block: str | None = None) -> list[Occurrence]:
    """Every place the quote occurs (overlapping occurrences included), optionally within one block."""
    if block is not None:
        lo = dt.start_of[block]
        hi = lo + dt.block_len(block)
    else:
        lo, hi = 0, len(dt.text)
    out = []
    i = dt.text.find(quote, lo)
    while i != -1 and i + len(quote) <= hi:
        b, s = dt.to_local(i)
        out.append(Occurrence(i, i + len(quote), b, s))
        i = dt.text.find(quote, i + 1)
    return out


def find(dt: DocText, quote: str, *, block: str | None = None, occurrence: int | None = None,
         prefix: str | None = None, suffix: str | None = None, where: str = "quote") -> Target:
    """The target of ``quote``.  No match, or several matches without a choice, is an error that lists
    the occurrences (block, offsets, context) so the annotator can pick one."""
    quote = unicodedata.normalize("NFC", quote)
    if not quote or quote != quote.strip():
        raise ValidationError(where, f"quote {quote!r} is empty or starts/ends with white space",
                              hint="quote the exact words, without surrounding spaces")
    if block is not None and block not in dt.start_of:
        raise ValidationError(where, f"no block {block!r} in document {dt.doc.id}",
                              hint="run `corpus annotate template DOC` to list the block ids")
    occ = occurrences(dt, quote, block)
    if prefix:
        occ = [o for o in occ if dt.text[:o.start].endswith(unicodedata.normalize("NFC", prefix))]
    if suffix:
        occ = [o for o in occ if dt.text[o.end:].startswith(unicodedata.normalize("NFC", suffix))]
    scope = f"block {block}" if block else f"document {dt.doc.id}"
    if not occ:
        raise ValidationError(where, f"{quote!r} does not occur in {scope}"
                              + (" with the given prefix/suffix" if prefix or suffix else ""),
                              hint="copy the words exactly from `corpus annotate template`; spelling, hamza and "
                                   "punctuation must match the text")
    if occurrence is not None:
        if not 1 <= occurrence <= len(occ):
            raise ValidationError(where, f"--occurrence {occurrence} but {quote!r} occurs {len(occ)} time(s) in {scope}",
                                  hint=f"choose 1..{len(occ)}")
        o = occ[occurrence - 1]
    elif len(occ) > 1:
        listing = "\n".join(o.describe(dt, n) for n, o in enumerate(occ, 1))
        raise ValidationError(where, f"{quote!r} occurs {len(occ)} times in {scope}:\n{listing}\n",
                              hint="choose one with --occurrence N, --block ID, or --prefix/--suffix")
    else:
        o = occ[0]
    return dt.target(o.start, o.end)


def comment_target(dt: DocText, comment_id: str, where: str = "--comment") -> Target:
    """The whole of one reader comment (first block to last), for its STANCE."""
    comment = next((c for c in dt.doc.comments if c.id == comment_id), None)
    if comment is None or not comment.blocks:
        ids = ", ".join(c.id for c in dt.doc.comments) or "none"
        raise ValidationError(where, f"no comment {comment_id!r} in document {dt.doc.id} (comments: {ids})",
                              hint="run `corpus annotate template DOC` to list the comments and their blocks")
    first, last = comment.blocks[0], comment.blocks[-1]
    return dt.target(dt.start_of[first.id], dt.start_of[last.id] + len(last.text))
