"""From labelled segments to a :class:`model.Document`: article, comments, metadata, removed, layout.

Block id scheme (NCNames, unique in a document, stable for a given raw file and profile):

* article blocks: a role prefix and a counter per prefix, in reading order -- ``s1`` section,
  ``k1`` kicker, ``t1`` title, ``d1`` date, ``dl1`` dateline, ``b1`` byline, ``h1`` heading,
  ``p1`` paragraph; a figure's caption and credit are ``f1.cap`` / ``f1.cr`` with ``group`` ``f1``;
* comments: ``c1``, ``c2`` ... and their blocks ``c1.t1`` (title), ``c1.a1`` (author), ``c1.pl1``
  (place), ``c1.d1`` (date), ``c1.p1`` (paragraphs).

Everything of a raw line that is not a block is a ``Removed`` span (with rule and reason) or
``Whitespace``; together with the character edits of :mod:`corpus.rawtext` the document rebuilds
the raw text exactly (:func:`corpus.model.reconstruct`).
"""
from __future__ import annotations

from corpus.clean.engine import LineLabel
from corpus.document.model import (Block, Comment, Document, Meta, Removed, Source, Whitespace, block_of, doc_id_for,
                                   removed_of, span_of, whitespace_of)
from corpus.clean.profiles import Profile
from corpus.text.raw import RawText

ROLE_PREFIX = {
    "section": "s", "kicker": "k", "title": "t", "date": "d", "dateline": "dl", "byline": "b",
    "heading": "h", "paragraph": "p", "caption": "cap", "credit": "cr",
    "comment-title": "t", "comment-author": "a", "comment-place": "pl", "comment-date": "d",
    "comment-paragraph": "p",
}

UNLABELLED_RULE = "internal.unlabelled"
UNLABELLED_REASON = "text the cleaner did not label (a bug: please report it); kept here so nothing is lost"


def split(raw: RawText, labels: list[LineLabel], profile: Profile) -> Document:
    """Assemble the Document; offsets are those of the labels (code points in RawLine.text)."""
    counters: dict[str, int] = {}

    def next_id(prefix: str) -> str:
        counters[prefix] = counters.get(prefix, 0) + 1
        return f"{prefix}{counters[prefix]}"

    article: list[Block] = []
    comments: list[tuple[int, list[Block], dict[str, int]]] = []
    removed: list[Removed] = []
    whitespace: list[Whitespace] = []
    metadata: dict[str, Meta] = {}
    by_line = {lab.number: lab for lab in labels}
    last_figure: str | None = None  # a caption and its credit on consecutive lines share one figure

    for ln in raw.lines:
        text = ln.text
        lab = by_line.get(ln.number)
        if lab is None:
            if text:
                if text.strip():  # cannot happen: the cleaner labels every non-blank line
                    removed.append(removed_of(span_of(ln.number, 0, len(text)), text, UNLABELLED_RULE, UNLABELLED_REASON))
                else:
                    whitespace.append(whitespace_of(ln.number, 0, text))
            continue
        pos = 0
        figure: str | None = last_figure if lab.join_figure else None
        segs = lab.segments
        for seg in (segs if len(segs) == 1 else sorted(segs, key=_start)):
            if seg.start < pos or seg.end <= seg.start:
                continue  # defensive: overlapping/empty segments are dropped, the gap logic covers them
            if seg.start > pos:
                _gap(ln.number, text, pos, seg.start, whitespace, removed)
            span = span_of(ln.number, seg.start, seg.end)
            piece = text[seg.start:seg.end]
            if seg.role is None:
                removed.append(removed_of(span, piece, seg.rule, seg.reason))
            elif seg.role.startswith("comment-"):
                if not comments or comments[-1][0] != lab.comment:
                    comments.append((lab.comment, [], {}))
                _, blocks, cnt = comments[-1]
                prefix = ROLE_PREFIX[seg.role]
                cnt[prefix] = cnt.get(prefix, 0) + 1
                cid = f"c{len(comments)}"
                blocks.append(block_of(f"{cid}.{prefix}{cnt[prefix]}", seg.role, piece, span))
            elif seg.figure:
                if figure is None:
                    figure = next_id("f")
                article.append(block_of(f"{figure}.{ROLE_PREFIX[seg.role]}", seg.role, piece, span, figure))
            else:
                article.append(block_of(next_id(ROLE_PREFIX[seg.role]), seg.role, piece, span))
            pos = seg.end
        last_figure = figure
        if pos < len(text):
            _gap(ln.number, text, pos, len(text), whitespace, removed)
        for hit in lab.meta:
            if hit.key not in metadata:
                metadata[hit.key] = Meta(hit.value, text[hit.start:hit.end], span_of(ln.number, hit.start, hit.end), hit.rule)

    return Document(
        id=doc_id_for(raw.name),
        source=Source.of(raw),
        profile=profile.id,
        profile_evidence=tuple(profile.evidence),
        metadata=metadata,
        article=tuple(article),
        comments=tuple(Comment(f"c{n}", tuple(blocks)) for n, (_, blocks, _) in enumerate(comments, 1)),
        removed=tuple(removed),
        whitespace=tuple(whitespace),
        char_edits=tuple(e for ln in raw.lines for e in ln.edits),
        nfc_lines=tuple((ln.number, ln.nfc_original) for ln in raw.lines if ln.nfc_original is not None),
        html=raw.html,
    )


def _start(seg) -> int:
    return seg.start


def _gap(line: int, text: str, start: int, end: int, whitespace: list, removed: list) -> None:
    """White space between segments is layout; anything else is recorded, never dropped."""
    piece = text[start:end]
    if piece.isspace():
        whitespace.append(whitespace_of(line, start, piece))
    else:
        removed.append(removed_of(span_of(line, start, end), piece, UNLABELLED_RULE, UNLABELLED_REASON))
