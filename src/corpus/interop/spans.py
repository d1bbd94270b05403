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
from corpus.standoff.model import Annotation, AnnotationFile, Registry, Target

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


def _target_on(layout, text: str, start: int, end: int, context: int = 16) -> Target:
    """A target on an older text (a ``texts.TextLayout``), as ``DocText.target`` makes one on the current."""
    def local(pos: int) -> tuple[int, str, int]:
        for i, (bid, btext) in enumerate(layout.blocks):
            s = layout.start_of[bid]
            if s <= pos <= s + len(btext):
                return i, bid, pos - s
        raise ValueError(f"offset {pos} outside the text")

    i1, b1, s = local(start)
    i2, b2, e = local(end)
    if end == start:
        i2, b2, e = i1, b1, s
    elif e == 0 and i2 > i1:  # an end at the very start of a block belongs to the block before
        b2, btext = layout.blocks[i2 - 1]
        e = len(btext)
    return Target(b1, s, e, text[start:end], text[max(0, start - context):start], text[end:end + context],
                  None if b2 == b1 else b2)


def anchor_import(doc: Document, annotator: str, spans: list[Span], carried: str | None,
                  registry: Registry | None, where: str, note: str | None = None):
    """``(file, outcomes, old layout)``: the imported annotations on the current text.

    Spans from a source that carries its own text (brat's .txt, an XMI's sofa) index that text. When it
    is the current text they are taken as they are (``finish_import``); when it is an older version, they
    are anchored to it and carried over by the same exact re-anchoring as ``corpus annotate reanchor``:
    an annotation is placed only where the character alignment carries its words and context unchanged,
    anything else keeps a status (moved / fuzzy / ambiguous / orphaned) for a person to confirm, and
    nothing is dropped. The old text is returned so the caller can keep it in the text store."""
    from corpus.standoff import reanchor
    from corpus.standoff.texts import TextLayout

    dt = DocText(doc)
    if carried is None or carried == dt.text:
        return finish_import(doc, annotator, spans, registry, where, note), [], None
    old = TextLayout([(f"l{n}", line) for n, line in enumerate(carried.split("\n"), 1)])
    anns, problems, used = [], [], set()
    n = 0
    for sp in spans:
        if not (0 <= sp.start <= sp.end <= len(carried)):
            problems.append(f"{sp.id or sp.type}: span {sp.start}-{sp.end} lies outside its text (0-{len(carried)})")
            continue
        ann_id = sp.id if sp.id and sp.id not in used else None
        while ann_id is None or ann_id in used:
            n += 1
            ann_id = f"a{n:04d}" if not any(s.id == f"a{n:04d}" for s in spans) else None
        used.add(ann_id)
        anns.append(Annotation(ann_id, sp.type, _target_on(old, carried, sp.start, sp.end), dict(sp.attributes), sp.note))
    if problems:
        raise ValidationError(where, f"{len(problems)} problem(s) in the imported annotations:\n  " + "\n  ".join(problems),
                              hint="fix them in the source tool (or the file) and import again")
    af_old = AnnotationFile(doc.id, old.sha256, annotator, tuple(anns), note)
    af, outcomes = reanchor.reanchor(af_old, dt, load=lambda sha: old if sha == old.sha256 else None)
    flagged = {o.id for o in outcomes if not o.exact}
    issues = [i for i in check.check_data(af, doc, registry, where) if i.annotation not in flagged]
    if issues:
        shown = "\n  ".join(i.format() for i in issues[:20])
        raise ValidationError(where, f"{len(issues)} problem(s) in the imported annotations:\n  {shown}",
                              hint="fix them in the source tool (or the file) and import again")
    return af, outcomes, old
