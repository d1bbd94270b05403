"""Curation: a gold file from two annotators, and the conflicts a person must decide.

An annotation goes to gold when both annotators made it (same type, same span, same attributes; a
speaker counts as the same when both point at the same entity, directly or through a mention).
Everything else is a conflict, grouped by span: the same span with different type/attributes,
overlapping different spans, or a span only one annotator marked.  Gold ids are the first
annotator's (the second's for annotations only it made are listed in conflicts, not invented)."""
from __future__ import annotations

from dataclasses import replace

from corpus.standoff.anchor import DocText
from corpus.standoff.model import Annotation, AnnotationFile


def _key(a: Annotation, dt: DocText):
    s, e = dt.span(a.target)
    attrs = dict(a.attributes)
    return (a.type, s, e, tuple(sorted(attrs.items())))


def merge(fa: AnnotationFile, fb: AnnotationFile, dt: DocText, gold_annotator: str = "gold"):
    """(gold file, conflicts) where conflicts is a list of dicts ready for JSON."""
    # speakers point at annotation ids: compare them by the span they point at
    def norm(f: AnnotationFile):
        ids = f.by_id()
        out = {}
        for a in f.annotations:
            if a.status:
                continue
            attrs = dict(a.attributes)
            spk = attrs.get("speaker")
            if spk in ids:  # the same speaker = the same entity, or the same mention when unregistered
                m = ids[spk]
                s, e = dt.span(m.target)
                attrs["speaker"] = f"entity:{m.attributes['ref']}" if "ref" in m.attributes else f"@{m.type}:{s}-{e}"
            elif spk is not None:
                attrs["speaker"] = f"entity:{spk}"
            out[a.id] = (a.type, *dt.span(a.target), tuple(sorted(attrs.items())))
        return out

    ka, kb = norm(fa), norm(fb)
    b_by_key = {}
    for i, k in kb.items():
        b_by_key.setdefault(k, []).append(i)
    gold, conflicts, used_b = [], [], set()
    for a in fa.annotations:
        if a.id not in ka:
            continue
        cand = [i for i in b_by_key.get(ka[a.id], []) if i not in used_b]
        if cand:
            used_b.add(cand[0])
            gold.append(a)
    gold_ids = {a.id for a in gold}
    rest_a = [a for a in fa.annotations if a.id in ka and a.id not in gold_ids]
    rest_b = [b for b in fb.annotations if b.id in kb and b.id not in used_b]
    for a in rest_a:
        _, s, e, _ = ka[a.id]
        others = [b for b in rest_b if kb[b.id][1] < e and s < kb[b.id][2]]
        kind = "only-" + fa.annotator
        if others:
            same_span = [b for b in others if kb[b.id][1:3] == (s, e)]
            kind = "same-span-different-label" if same_span else "overlapping-spans"
        conflicts.append({"kind": kind, "span": [s, e], "text": dt.text[s:e],
                          fa.annotator: [a.to_dict()], fb.annotator: [b.to_dict() for b in others]})
    touched = {b["id"] for c in conflicts for b in c[fb.annotator]}
    for b in rest_b:
        if b.id not in touched:
            _, s, e, _ = kb[b.id]
            conflicts.append({"kind": "only-" + fb.annotator, "span": [s, e], "text": dt.text[s:e],
                              fa.annotator: [], fb.annotator: [b.to_dict()]})
    conflicts.sort(key=lambda c: (c["span"][0], -c["span"][1], c["kind"]))
    # a gold quotation whose speaker mention did not make it to gold points at the entity instead;
    # an unregistered speaker cannot, so the quotation is listed for a person to re-link
    gold_ids = {a.id for a in gold}
    amap = fa.by_id()
    fixed = []
    for a in gold:
        spk = a.attributes.get("speaker")
        if spk and spk in amap and spk not in gold_ids:
            attrs = {k: v for k, v in a.attributes.items() if k != "speaker"}
            if "ref" in amap[spk].attributes:
                attrs["speaker"] = amap[spk].attributes["ref"]
            else:
                conflicts.append({"kind": "speaker-not-in-gold", "span": list(dt.span(a.target)), "text": a.target.quote,
                                  fa.annotator: [a.to_dict()], fb.annotator: []})
            a = replace(a, attributes=attrs)
        fixed.append(a)
    g = AnnotationFile(fa.document, dt.sha256, gold_annotator, tuple(fixed),
                       note=f"merged from {fa.annotator} and {fb.annotator}; {len(conflicts)} conflict(s) to decide")
    return g, conflicts
