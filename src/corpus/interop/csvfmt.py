"""CSV for spreadsheets and pandas: mentions with their entities, and the stance of each reader comment.

``mentions``: one row per annotation except STANCE, with block-relative offsets (the form the
annotation files keep) and the entity's names from the registry. ``stance``: one row per reader
comment (commented or not), with its author, place, stance and text, so that a stance column can be
filled in a spreadsheet and imported back. UTF-8 with a BOM, so that spreadsheet programs open the
Arabic right; RFC 4180 quoting.
"""
from __future__ import annotations

import csv
import io

from corpus.errors import ValidationError
from corpus.interop.spans import Span, comment_span, spans_of
from corpus.standoff.anchor import DocText
from corpus.standoff.model import STANCE_LABELS, AnnotationFile, Registry

MENTION_COLUMNS = ("document", "annotator", "annotation", "type", "block", "start", "end", "quote", "entity",
                   "entity_name_ar", "entity_name_lat", "wikidata", "when", "speaker", "note")
STANCE_COLUMNS = ("document", "annotator", "annotation", "comment", "author", "place", "stance", "note", "text")


def _write(columns, rows) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\r\n")
    w.writeheader()
    w.writerows(rows)
    return "\ufeff" + buf.getvalue()


def _read(text: str, columns, where: str) -> list[dict]:
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    if rows:
        missing = [c for c in columns if c not in rows[0]]
        if missing:
            raise ValidationError(where, f"missing column(s): {', '.join(missing)}", hint=f"columns: {', '.join(columns)}")
    return rows


def to_mentions(af: AnnotationFile, dt: DocText, registry: Registry | None) -> str:
    rows = []
    for a in af.annotations:
        if a.type == "STANCE":
            continue
        t = a.target
        ent = registry.get(a.attributes["ref"]) if registry and "ref" in a.attributes else None
        rows.append({"document": af.document, "annotator": af.annotator, "annotation": a.id, "type": a.type,
                     "block": t.block if not t.end_block else f"{t.block}-{t.end_block}",
                     "start": t.start, "end": t.end, "quote": t.quote, "entity": a.attributes.get("ref", ""),
                     "entity_name_ar": ent.name_ar if ent else "", "entity_name_lat": ent.name_lat if ent else "",
                     "wikidata": (ent.wikidata or "") if ent else "", "when": a.attributes.get("when", ""),
                     "speaker": a.attributes.get("speaker", ""), "note": a.note or ""})
    return _write(MENTION_COLUMNS, rows)


def _int(v: str, where: str, n: int, col: str) -> int:
    if not v.strip().isdigit():
        raise ValidationError(where, f"row {n}: {col} {v!r} is not a whole number", hint="offsets are code points")
    return int(v)


def from_mentions(text: str, dt: DocText, where: str) -> list[Span]:
    out = []
    for n, r in enumerate(_read(text, MENTION_COLUMNS, where), 2):
        b1, _, b2 = r["block"].partition("-")
        for b in (b1, b2 or b1):
            if b not in dt.start_of:
                raise ValidationError(where, f"row {n}: no block {b!r} in {dt.doc.id}", hint="use the block ids of the export")
        s = dt.to_global(b1, _int(r["start"], where, n, "start"))
        e = dt.to_global(b2 or b1, _int(r["end"], where, n, "end"))
        if dt.text[s:e] != r["quote"]:
            raise ValidationError(where, f"row {n}: quote {r['quote']!r} is not the text at {r['block']} "
                                  f"{r['start']}-{r['end']} ({dt.text[s:e]!r})",
                                  hint="offsets and quote must agree; re-export from the current text")
        attrs = {k: r[c] for k, c in (("ref", "entity"), ("when", "when"), ("speaker", "speaker")) if r[c]}
        out.append(Span(r["annotation"] or None, r["type"], s, e, attrs, r["note"] or None))
    return out


def to_stance(af: AnnotationFile, dt: DocText) -> str:
    by_comment = {}
    for a in af.annotations:
        if a.type == "STANCE":
            by_comment[dt.comment_of.get(a.target.block)] = a
    rows = []
    for c in dt.doc.comments:
        a = by_comment.get(c.id)
        rows.append({"document": af.document, "annotator": af.annotator, "annotation": a.id if a else "",
                     "comment": c.id, "author": c.author.text if c.author else "",
                     "place": c.place.text if c.place else "", "stance": a.attributes.get("stance", "") if a else "",
                     "note": (a.note or "") if a else "",
                     "text": " ".join(b.text for b in c.paragraphs)})
    return _write(STANCE_COLUMNS, rows)


def from_stance(text: str, dt: DocText, where: str) -> list[Span]:
    """A STANCE over the whole comment for each row with a stance (an empty cell: no annotation)."""
    out = []
    for n, r in enumerate(_read(text, STANCE_COLUMNS, where), 2):
        if not r["stance"].strip():
            continue
        if r["stance"] not in STANCE_LABELS:
            raise ValidationError(where, f"row {n}: stance {r['stance']!r} is not one of {', '.join(STANCE_LABELS)}",
                                  hint="use the labels of docs/annotation-guidelines.md")
        s, e = comment_span(dt, r["comment"])
        out.append(Span(r["annotation"] or None, "STANCE", s, e, {"stance": r["stance"]}, r["note"] or None))
    return out
