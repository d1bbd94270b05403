"""What every format shares: annotations as global spans of ``Document.text()``, and back.

Exports read annotations as (annotation, start, end) in global code-point offsets; imports build
annotations from such spans with ``DocText.target`` (quote and context from the text itself), then
``finish_import`` checks the result exactly as ``corpus annotate check`` does, so a span that is wrong
in another tool is refused with the same message it would get here.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from corpus.document.model import Document
from corpus.errors import ValidationError
from corpus.standoff import check
from corpus.standoff.anchor import DocText
from corpus.standoff.model import Annotation, AnnotationFile, Registry

#: The mention types a NER tagger learns (QUOTE and STANCE are not named entities).
NER_TYPES = ("PER", "ORG", "GPE", "LOC", "DATE", "TIME")


@dataclass(frozen=True)
class Span:
    """One annotation as a global span; ``attributes`` and ``note`` travel with it."""

    id: str | None
    type: str
    start: int
    end: int
    attributes: dict = field(default_factory=dict)
    note: str | None = None


def spans_of(af: AnnotationFile, dt: DocText) -> list[Span]:
    """The file's annotations as global spans, in file order."""
    out = []
    for a in af.annotations:
        s, e = dt.span(a.target)
        out.append(Span(a.id, a.type, s, e, dict(a.attributes), a.note))
    return out


def comment_span(dt: DocText, comment_id: str) -> tuple[int, int]:
    """Global span of a whole reader comment (its first block's start to its last block's end)."""
    comment = next((c for c in dt.doc.comments if c.id == comment_id), None)
    if comment is None or not comment.blocks:
        raise ValidationError(comment_id, f"no comment {comment_id!r} in document {dt.doc.id}",
                              hint="list the comments with `corpus annotate template DOC`")
    first, last = comment.blocks[0], comment.blocks[-1]
    return dt.start_of[first.id], dt.start_of[last.id] + len(last.text)


def finish_import(doc: Document, annotator: str, spans: list[Span], registry: Registry | None,
                  where: str, note: str | None = None) -> AnnotationFile:
    """An annotation file from imported spans, refused with every problem named unless it checks clean."""
    dt = DocText(doc)
    anns: list[Annotation] = []
    used: set[str] = set()
    problems: list[str] = []
    n = 0
    for sp in spans:
        if not (0 <= sp.start <= sp.end <= len(dt.text)):
            problems.append(f"{sp.id or sp.type}: span {sp.start}-{sp.end} lies outside the text "
                            f"(0-{len(dt.text)})")
            continue
        ann_id = sp.id if sp.id and sp.id not in used else None
        if ann_id is None:
            n += 1
            while f"a{n:04d}" in used or any(s.id == f"a{n:04d}" for s in spans):
                n += 1
            ann_id = f"a{n:04d}"
        used.add(ann_id)
        anns.append(Annotation(ann_id, sp.type, dt.target(sp.start, sp.end), dict(sp.attributes), sp.note))
    af = AnnotationFile(doc.id, dt.sha256, annotator, tuple(anns), note)
    issues = check.check_data(af, doc, registry, where)
    problems += [i.format() for i in issues]
    if problems:
        shown = "\n  ".join(problems[:20]) + (f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else "")
        raise ValidationError(where, f"{len(problems)} problem(s) in the imported annotations:\n  {shown}",
                              hint="fix them in the source tool (or the file) and import again")
    return af
