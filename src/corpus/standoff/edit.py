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
