"""Pure edits of an annotation file: a new file for a document, one more annotation."""
from __future__ import annotations

from dataclasses import replace

from corpus.document.model import Document
from corpus.standoff.anchor import DocText
from corpus.standoff.model import Annotation, AnnotationFile, Target


def new_file(doc: Document, annotator: str) -> AnnotationFile:
    return AnnotationFile(doc.id, DocText(doc).sha256, annotator, ())


def sort_key(dt: DocText, a: Annotation):
    """Reading order: start, then longer spans first (outer before nested), then id."""
    try:
        s, e = dt.span(a.target)
    except KeyError:
        s, e = len(dt.text) + 1, 0
    return (s, -e, a.id)


def add(af: AnnotationFile, dt: DocText, type_: str, target: Target, attributes: dict | None = None,
        note: str | None = None, ann_id: str | None = None) -> tuple[AnnotationFile, Annotation]:
    """Insert a new annotation after the last one that precedes it in reading order: existing entries
    never move, so the diff of an `add` is the new entry only."""
    ann = Annotation(ann_id or af.next_id(), type_, target, dict(attributes or {}), note)
    key = sort_key(dt, ann)
    pos = len(af.annotations)
    while pos > 0 and sort_key(dt, af.annotations[pos - 1]) > key:
        pos -= 1
    anns = af.annotations[:pos] + (ann,) + af.annotations[pos:]
    return replace(af, annotations=anns), ann


def in_reading_order(af: AnnotationFile, dt: DocText) -> list[Annotation]:
    return sorted(af.annotations, key=lambda a: sort_key(dt, a))


def _index(af: AnnotationFile, ann_id: str, where: str) -> int:
    for i, a in enumerate(af.annotations):
        if a.id == ann_id:
            return i
    from corpus.errors import ValidationError
    raise ValidationError(where, f"no annotation {ann_id!r} in this file",
                          hint="`corpus annotate list FILE` shows the ids")


def remove(af: AnnotationFile, ann_id: str, where: str = "FILE") -> tuple[AnnotationFile, Annotation]:
    """The file without ``ann_id`` (its id is not reused: ``next_id`` counts only what is left, so a
    removed highest id could come back; ids are only unique within the current file)."""
    i = _index(af, ann_id, where)
    return replace(af, annotations=af.annotations[:i] + af.annotations[i + 1:]), af.annotations[i]


def move(af: AnnotationFile, ann_id: str, target: Target, where: str = "FILE") -> tuple[AnnotationFile, Annotation]:
    """``ann_id`` at ``target`` (found by quote, so exact), its re-anchoring status cleared."""
    i = _index(af, ann_id, where)
    ann = af.annotations[i].with_target(target)
    return replace(af, annotations=af.annotations[:i] + (ann,) + af.annotations[i + 1:]), ann


def accept(af: AnnotationFile, ann_id: str, dt: DocText, where: str = "FILE") -> tuple[AnnotationFile, Annotation]:
    """Confirm the place re-anchoring proposed for a flagged (moved/fuzzy) annotation: the target is
    re-read from the text, so its quote and context are exactly what is there now."""
    from corpus.errors import ValidationError

    a = af.annotations[_index(af, ann_id, where)]
    if a.status not in ("moved", "fuzzy"):
        raise ValidationError(where, f"{ann_id} has no proposed place to accept (status: {a.status or 'none'})",
                              hint=f"place it with `corpus annotate move {ann_id} --quote ... [--occurrence N]`")
    try:
        s, e = dt.span(a.target)
    except KeyError:
        s, e = -1, -1
    if not (0 <= s < e <= len(dt.text)) or dt.text[s:e] != a.target.quote:
        raise ValidationError(where, f"{ann_id}'s proposed place does not hold its quote in the current text",
                              hint=f"run `corpus annotate reanchor FILE --write` again, or use `move {ann_id} --quote`")
    return move(af, ann_id, dt.target(s, e), where)
