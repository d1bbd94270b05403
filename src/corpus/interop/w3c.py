"""W3C Web Annotation (JSON-LD): one ``AnnotationCollection`` per annotation file.

Each annotation targets the document with a ``TextPositionSelector`` (code points into the document
text, as the model defines ``start``/``end``) and a ``TextQuoteSelector`` (exact, prefix, suffix), the
pair Hypothesis-style clients use to re-anchor. The body carries our fields: the type as a
``tagging`` TextualBody, the entity as an ``identifying`` SpecificResource (the registry id as a URN,
and the Wikidata item when known), ``when``/``speaker``/``stance`` as TextualBodies ``key=value`` with the
purposes ``describing`` / ``linking`` / ``classifying``, and the annotation id in ``id`` as a URN.
"""
from __future__ import annotations

from corpus.errors import ValidationError
from corpus.interop.spans import Span, spans_of
from corpus.standoff.anchor import DocText
from corpus.standoff.model import AnnotationFile, Registry

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_ATTR_PURPOSE = {"when": "describing", "speaker": "linking", "stance": "classifying"}


def doc_urn(doc_id: str, sha256: str) -> str:
    return f"urn:corpus:{doc_id}:text-sha256:{sha256}"


def to_w3c(af: AnnotationFile, dt: DocText, registry: Registry | None) -> dict:
    items = []
    for sp in spans_of(af, dt):
        body = [{"type": "TextualBody", "purpose": "tagging", "value": sp.type}]
        ref = sp.attributes.get("ref")
        if ref:
            body.append({"type": "SpecificResource", "purpose": "identifying", "source": f"urn:corpus:entity:{ref}"})
            ent = registry.get(ref) if registry else None
            if ent and ent.wikidata:
                body.append({"type": "SpecificResource", "purpose": "identifying",
                             "source": f"http://www.wikidata.org/entity/{ent.wikidata}"})
        for k in ("when", "speaker", "stance"):
            if k in sp.attributes:
                body.append({"type": "TextualBody", "purpose": _ATTR_PURPOSE[k], "value": f"{k}={sp.attributes[k]}"})
        if sp.note:
            body.append({"type": "TextualBody", "purpose": "commenting", "value": sp.note})
        t = dt.target(sp.start, sp.end)
        items.append({
            "id": f"urn:corpus:{af.document}:{af.annotator}:{sp.id}",
            "type": "Annotation",
            "motivation": "classifying" if sp.type == "STANCE" else "identifying" if ref else "tagging",
            "creator": {"type": "Person", "nickname": af.annotator},
            "body": body,
            "target": {
                "source": doc_urn(af.document, dt.sha256),
                "textDirection": "rtl",
                "selector": [
                    {"type": "TextPositionSelector", "start": sp.start, "end": sp.end},
                    {"type": "TextQuoteSelector", "exact": t.quote, "prefix": t.prefix, "suffix": t.suffix},
                ],
            },
        })
    return {"@context": CONTEXT, "id": f"urn:corpus:{af.document}:{af.annotator}", "type": "AnnotationCollection",
            "label": f"{af.document} — {af.annotator}", "total": len(items),
            "first": {"type": "AnnotationPage", "items": items}}


def _need(d, key, where, what):
    if not isinstance(d, dict) or key not in d:
        raise ValidationError(where, f"{what}: no {key!r}", hint="see docs/interoperability.md for the shape")
    return d[key]


def from_w3c(data: dict, dt: DocText, where: str) -> list[Span]:
    """Spans from a collection (or a bare list / single annotation); the quote selector must agree."""
    if isinstance(data, list):
        items = data
    elif isinstance(data, dict) and data.get("type") == "Annotation":
        items = [data]
    else:
        items = _need(_need(data, "first", where, "collection"), "items", where, "page")
    out = []
    for n, a in enumerate(items, 1):
        what = f"annotation {n}"
        target = _need(a, "target", where, what)
        sels = target.get("selector", []) if isinstance(target, dict) else []
        sels = sels if isinstance(sels, list) else [sels]
        pos = next((s for s in sels if isinstance(s, dict) and s.get("type") == "TextPositionSelector"), None)
        quote = next((s for s in sels if isinstance(s, dict) and s.get("type") == "TextQuoteSelector"), None)
        if pos is None:
            raise ValidationError(where, f"{what}: no TextPositionSelector", hint="export with positions, or add by quote")
        s, e = pos.get("start"), pos.get("end")
        if not (isinstance(s, int) and isinstance(e, int) and not isinstance(s, bool) and 0 <= s <= e <= len(dt.text)):
            raise ValidationError(where, f"{what}: start/end {s!r}-{e!r} are not offsets into the text (0-{len(dt.text)})",
                                  hint="offsets are integers, code points into the document text")
        if quote is not None and quote.get("exact") != dt.text[s:e]:
            raise ValidationError(where, f"{what}: the TextQuoteSelector {quote.get('exact')!r} is not the text at "
                                  f"{s}-{e} ({dt.text[s:e]!r})",
                                  hint="the annotations were made on another version of the text: re-anchor them first")
        bodies = a.get("body", [])
        bodies = bodies if isinstance(bodies, list) else [bodies]
        typ, attrs, note = None, {}, None
        for b in bodies:
            if not isinstance(b, dict):
                continue
            if b.get("purpose") == "tagging":
                typ = b.get("value")
            elif b.get("purpose") == "identifying" and str(b.get("source", "")).startswith("urn:corpus:entity:"):
                attrs["ref"] = b["source"][len("urn:corpus:entity:"):]
            elif b.get("purpose") == "commenting":
                note = b.get("value")
            elif b.get("type") == "TextualBody" and "=" in str(b.get("value", "")):
                k, _, v = b["value"].partition("=")
                if k in _ATTR_PURPOSE:
                    attrs[k] = v
        if typ is None:
            raise ValidationError(where, f"{what}: no tagging body with the type", hint='add {"purpose": "tagging", "value": "PER"}')
        ann_id = str(a.get("id", "")).rsplit(":", 1)[-1] or None
        out.append(Span(ann_id, typ, s, e, attrs, note))
    return out
