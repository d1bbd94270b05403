"""Fast paths of the build's output side give exactly what the plain code they replace gives.

reconstruct (the accounting check of `corpus validate` and of every build) lost its per-line
function calls; the reference below is the code it replaced, kept here as the slow twin."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from corpus.document.model import Block, Document, Removed, Source, Span, Whitespace, reconstruct
from corpus.text.raw import CharEdit, rebuild_line


def reference_reconstruct(doc: Document) -> str:
    from corpus.document.model import line_pieces

    pieces = line_pieces(doc)
    edits: dict[int, list[CharEdit]] = {}
    for e in doc.char_edits:
        edits.setdefault(e.line, []).append(e)
    nfc = dict(doc.nfc_lines)
    out = []
    for n in range(1, doc.source.line_count + 1):
        pos = 0
        parts = []
        for start, text in sorted(pieces.get(n, ())):
            if start != pos:
                raise ValueError(f"line {n}: {'gap' if start > pos else 'overlap'} at offset {min(start, pos)}")
            parts.append(text)
            pos = start + len(text)
        out.append(rebuild_line("".join(parts), edits.get(n, ()), nfc.get(n)))
        out.append(doc.source.ending(n))
    return "".join(out)


NAMES = ["LF", "CRLF", "CR", "NEL", "LS", "PS", "none"]
TEXT = st.text("ab \u200fك\u0651\r", max_size=4)


def _outcome(fn, doc):
    try:
        return fn(doc)
    except ValueError as exc:
        return ("ValueError", str(exc))


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 6), st.sampled_from(NAMES),
       st.lists(st.tuples(st.integers(1, 7), st.sampled_from(NAMES)), max_size=4),
       st.lists(st.tuples(st.integers(1, 7), st.integers(0, 6), TEXT, st.sampled_from(["b", "r", "w"])), max_size=10),
       st.lists(st.tuples(st.integers(1, 7), st.integers(0, 4), st.sampled_from(["\u200f", "\u00ad"])), max_size=4),
       st.lists(st.tuples(st.integers(1, 7), TEXT), max_size=3))
def test_reconstruct_equals_the_plain_loop(line_count, newline, endings, pieces, edits, nfc):
    blocks, removed, ws = [], [], []
    for i, (line, start, text, kind) in enumerate(pieces):
        span = Span(line, start, start + len(text))
        if kind == "b":
            blocks.append(Block(f"b{i}", "paragraph", text, span))
        elif kind == "r":
            removed.append(Removed(span, text, "rule", "why"))
        else:
            ws.append(Whitespace(line, start, text))
    src = Source("x.txt", "0" * 64, 10, False, newline, line_count, tuple(endings))
    doc = Document("doc_x", src, "generic", (), {}, tuple(blocks), (), tuple(removed), tuple(ws),
                   tuple(CharEdit(line, off, ch, "bidi") for line, off, ch in edits), tuple(nfc))
    assert _outcome(reconstruct, doc) == _outcome(reference_reconstruct, doc)
