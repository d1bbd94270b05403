"""Inter-annotator agreement between two files of the same document.

* Span level, per type and overall (micro): precision/recall/F1 with A as reference and B as
  prediction (F1 is symmetric), for exact matches (same type, same offsets) and overlapping matches
  (same type, spans share at least one character; one-to-one, greedy in reading order).
* Token level: Cohen's kappa over word tokens (``\\w+`` runs), each labelled with the type of the
  innermost name/date span covering it or ``O``; quotations as a separate in/out layer.
* Stance: labels per comment annotated by both, raw agreement and kappa.
* Attributes (``ref``, ``when``, ``speaker``): over the span pairs both annotators marked exactly
  (same type, same span), how often the attribute is the same, counting pairs where at least one of
  them gave it.  A speaker is the same when both point at the same entity or the same span.

A kappa is only computed for a category that has items (None otherwise): no figure is printed for a
category neither annotator used.
"""
from __future__ import annotations

import re
from collections import Counter

from corpus.standoff.anchor import DocText
from corpus.standoff.model import ENTITY_TYPES, TEMPORAL_TYPES, TYPES, AnnotationFile

SPAN_TYPES = ENTITY_TYPES + TEMPORAL_TYPES + ("QUOTE",)
TOKEN_TYPES = ENTITY_TYPES + TEMPORAL_TYPES
_TOKEN = re.compile(r"\w+")


def spans(af: AnnotationFile, dt: DocText, types=SPAN_TYPES) -> list[tuple[str, int, int]]:
    out = []
    for a in af.annotations:
        if a.type in types and not a.status:
            s, e = dt.span(a.target)
            out.append((a.type, s, e))
    return sorted(out, key=lambda x: (x[1], x[2], x[0]))


def prf(tp: int, n_ref: int, n_pred: int) -> dict:
    p = tp / n_pred if n_pred else (1.0 if not n_ref else 0.0)
    r = tp / n_ref if n_ref else (1.0 if not n_pred else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "ref": n_ref, "pred": n_pred, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def match_exact(a: list, b: list) -> int:
    cb = Counter(b)
    return sum(min(n, cb[k]) for k, n in Counter(a).items())


def match_overlap(a: list, b: list) -> int:
    used = [False] * len(b)
    tp = 0
    for t, s, e in a:
        for j, (t2, s2, e2) in enumerate(b):
            if not used[j] and t2 == t and s < e2 and s2 < e:
                used[j] = True
                tp += 1
                break
    return tp


def span_scores(a: list, b: list) -> dict:
    out = {}
    for mode, fn in (("exact", match_exact), ("overlap", match_overlap)):
        per = {}
        for t in sorted({x[0] for x in a} | {x[0] for x in b}, key=TYPES.index):
            aa = [x for x in a if x[0] == t]
            bb = [x for x in b if x[0] == t]
            per[t] = prf(fn(aa, bb), len(aa), len(bb))
        tp = sum(v["tp"] for v in per.values())
        out[mode] = {"all": prf(tp, len(a), len(b)), "per_type": per}
    return out


ATTRIBUTES = ("ref", "when", "speaker")


def _speaker(f: AnnotationFile, dt: DocText, value: str) -> str:
    m = f.by_id().get(value)
    if m is None:
        return f"entity:{value}"
    if "ref" in m.attributes:
        return f"entity:{m.attributes['ref']}"
    s, e = dt.span(m.target)
    return f"@{m.type}:{s}-{e}"


def attribute_agreement(fa: AnnotationFile, fb: AnnotationFile, dt: DocText) -> dict:
    """Per attribute: pairs (exactly matched spans where at least one annotator gave it), agreed, rate."""
    def index(f):
        out: dict = {}
        for a in f.annotations:
            if not a.status and a.type != "STANCE":
                out.setdefault((a.type, *dt.span(a.target)), []).append(a)
        return out

    ia, ib = index(fa), index(fb)
    res = {k: {"pairs": 0, "agree": 0, "rate": None} for k in ATTRIBUTES}
    for key, anns_a in ia.items():
        for a, b in zip(anns_a, ib.get(key, [])):
            for k in ATTRIBUTES:
                va, vb = a.attributes.get(k), b.attributes.get(k)
                if va is None and vb is None:
                    continue
                if k == "speaker":
                    va = _speaker(fa, dt, va) if va is not None else None
                    vb = _speaker(fb, dt, vb) if vb is not None else None
                res[k]["pairs"] += 1
                res[k]["agree"] += va == vb
    for v in res.values():
        if v["pairs"]:
            v["rate"] = round(v["agree"] / v["pairs"], 4)
    return res


def kappa_or_none(la: list, lb: list, empty="O") -> float | None:
    """Kappa, or None when neither sequence has an item of the category (only ``empty`` labels)."""
    if all(x == empty for x in la) and all(x == empty for x in lb):
        return None
    return round(kappa(la, lb), 4)


def kappa(la: list, lb: list) -> float:
    """Cohen's kappa of two equally long label sequences."""
    if len(la) != len(lb):
        raise ValueError("label sequences differ in length")
    n = len(la)
    if n == 0:
        return 1.0
    po = sum(x == y for x, y in zip(la, lb)) / n
    ca, cb = Counter(la), Counter(lb)
    pe = sum(ca[k] * cb[k] for k in ca) / (n * n)
    if pe == 1.0:
        return 1.0 if po == 1.0 else 0.0
    return (po - pe) / (1 - pe)


def token_labels(text: str, sp: list) -> list[str]:
    """Label of each ``\\w+`` token: the innermost covering span's type, else ``O``."""
    labels = []
    for m in _TOKEN.finditer(text):
        cover = [(e - s, TYPES.index(t), t) for t, s, e in sp if s < m.end() and m.start() < e]
        labels.append(min(cover)[2] if cover else "O")
    return labels


def stance_labels(af: AnnotationFile, dt: DocText) -> dict[str, str]:
    out = {}
    for a in af.annotations:
        if a.type == "STANCE" and not a.status:
            c = dt.comment_of.get(a.target.block)
            if c:
                out[c] = a.attributes.get("stance", "")
    return out


def agreement(fa: AnnotationFile, fb: AnnotationFile, dt: DocText) -> dict:
    sa, sb = spans(fa, dt), spans(fb, dt)
    ta = token_labels(dt.text, [x for x in sa if x[0] in TOKEN_TYPES])
    tb = token_labels(dt.text, [x for x in sb if x[0] in TOKEN_TYPES])
    qa = token_labels(dt.text, [x for x in sa if x[0] == "QUOTE"])
    qb = token_labels(dt.text, [x for x in sb if x[0] == "QUOTE"])
    st_a, st_b = stance_labels(fa, dt), stance_labels(fb, dt)
    both = sorted(set(st_a) & set(st_b))
    return {
        "document": dt.doc.id,
        "annotators": [fa.annotator, fb.annotator],
        "spans": span_scores(sa, sb),
        "tokens": {"count": len(ta), "kappa_names": kappa_or_none(ta, tb),
                   "kappa_quote": kappa_or_none(qa, qb)},
        "stance": {"comments": len(both), "agree": sum(st_a[c] == st_b[c] for c in both),
                   "kappa": round(kappa([st_a[c] for c in both], [st_b[c] for c in both]), 4) if both else None},
        "attributes": attribute_agreement(fa, fb, dt),
    }


def pooled(results: list[dict]) -> dict:
    """Micro-averaged span scores over several documents (token kappa is not poolable from figures)."""
    out = {}
    for mode in ("exact", "overlap"):
        tp = sum(r["spans"][mode]["all"]["tp"] for r in results)
        ref = sum(r["spans"][mode]["all"]["ref"] for r in results)
        pred = sum(r["spans"][mode]["all"]["pred"] for r in results)
        out[mode] = prf(tp, ref, pred)
    return out


def _k(v) -> str:
    return "n/a (no items)" if v is None else f"{v:.3f}"


def format_report(r: dict) -> str:
    a_name, b_name = r["annotators"]
    lines = [f"{r['document']}: {a_name} (reference, A) vs {b_name} (B)"]
    head = f"  {'spans':9} {'type':7} {'P':>6} {'R':>6} {'F1':>6} {'matched':>8} {'A':>5} {'B':>5}"
    lines.append(head)
    for mode in ("exact", "overlap"):
        rows = [("all", r["spans"][mode]["all"])] + list(r["spans"][mode]["per_type"].items())
        for t, v in rows:
            if not v["ref"] and not v["pred"]:
                continue
            lines.append(f"  {mode:9} {t:7} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f} "
                         f"{v['tp']:8d} {v['ref']:5d} {v['pred']:5d}")
    tk = r["tokens"]
    lines.append(f"  tokens: {tk['count']}; kappa names {_k(tk['kappa_names'])}; kappa quotations {_k(tk['kappa_quote'])}")
    st = r["stance"]
    if st["comments"]:
        lines.append(f"  stance: {st['agree']}/{st['comments']} comments agree; kappa {_k(st['kappa'])}")
    attrs = r.get("attributes", {})
    if any(v["pairs"] for v in attrs.values()):
        lines.append(f"  {'attribute':9} {'agree':>6} {'pairs':>6} {'rate':>6}   (spans both marked exactly)")
        for k, v in attrs.items():
            if v["pairs"]:
                lines.append(f"  {k:9} {v['agree']:6d} {v['pairs']:6d} {v['rate']:6.3f}")
    return "\n".join(lines)
