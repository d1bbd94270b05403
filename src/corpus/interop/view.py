"""A self-contained review page: the document right to left, every annotation in its type's colour.

One HTML file with its CSS inline and nothing fetched from the network. Each annotation is one
``<mark data-ann=ID>`` (a span that crosses blocks, or crosses another span, is drawn in parts, each
with ``data-part``); the entity, date or speaker shows on hover (``title``); a comment's stance is a
badge on the comment. Given two annotators, the page lists their disagreements and shows both
versions side by side.
"""
from __future__ import annotations

from html import escape

from corpus.interop.spans import spans_of
from corpus.standoff.anchor import DocText
from corpus.standoff.model import STANCE_LABELS, TYPES, AnnotationFile, Registry

COLOURS = {"PER": "#f4a3a3", "ORG": "#a3c4f4", "GPE": "#a8e6a1", "LOC": "#d7b5f0", "DATE": "#f7d68a",
           "TIME": "#f2c49b", "QUOTE": "#e3e3e3", "STANCE": "#9ee0df"}
_STYLE = """
body{font-family:"Noto Naskh Arabic","Amiri","KacstOne","Arial",sans-serif;margin:1.5em;line-height:1.9;color:#222}
h1{font-size:1.3em} .meta{direction:ltr;text-align:left;color:#555;font-size:.85em}
.legend span{display:inline-block;margin:0 .3em;padding:0 .4em;border-radius:3px}
.doc{max-width:52em} .cols{display:grid;grid-template-columns:1fr 1fr;gap:2em}
mark{border-radius:3px;padding:0 1px;color:inherit}
mark mark{border-bottom:2px solid #555}
.t-QUOTE{background:none;border-bottom:2px dashed #777}
.comment{border-top:1px solid #ccc;margin-top:1em;padding-top:.5em}
.comment .author{font-weight:bold} .comment .place{color:#555}
.stance{font-size:.8em;padding:0 .5em;border-radius:8px;background:#9ee0df;margin-inline-start:.5em}
table.diff{border-collapse:collapse;margin:1em 0} table.diff td,table.diff th{border:1px solid #ccc;padding:.2em .5em}
"""


def _title(sp, registry: Registry | None) -> str:
    parts = [sp.type]
    ref = sp.attributes.get("ref")
    if ref:
        ent = registry.get(ref) if registry else None
        parts.append(f"{ref}: {ent.name_ar} / {ent.name_lat}" + (f" ({ent.wikidata})" if ent and ent.wikidata else "")
                     if ent else ref)
    parts += [f"{k}={v}" for k, v in sorted(sp.attributes.items()) if k != "ref"]
    if sp.note:
        parts.append(sp.note)
    return f"{sp.id} · " + " · ".join(parts)


def _render_block(text: str, lo: int, spans, registry, counts: dict) -> str:
    """The block's text with properly nested marks; crossing spans are split into parts."""
    hi = lo + len(text)
    pieces = []
    for sp in spans:
        s, e = max(sp.start, lo), min(sp.end, hi)
        if s < e or (sp.start == sp.end and lo <= sp.start <= hi):
            pieces.append((s, e, sp))
    pieces.sort(key=lambda p: (p[0], -p[1], p[2].id or ""))
    out: list[str] = []
    stack: list[tuple[int, int, object]] = []
    pos = lo

    def emit_text(upto):
        nonlocal pos
        if upto > pos:
            out.append(escape(text[pos - lo:upto - lo]))
            pos = upto

    def open_(s, e, sp):
        counts[sp.id] = counts.get(sp.id, 0) + 1
        part = "" if (s, e) == (sp.start, sp.end) else f' data-part="{counts[sp.id]}"'
        out.append(f'<mark class="t-{sp.type}" data-ann="{escape(sp.id or "")}"{part} '
                   f'title="{escape(_title(sp, registry), quote=True)}">')
        stack.append((s, e, sp))

    queue = list(pieces)
    while queue or stack:
        nxt = queue[0][0] if queue else None
        if stack and (nxt is None or stack[-1][1] <= nxt):
            emit_text(stack[-1][1])
            out.append("</mark>")
            stack.pop()
            continue
        s, e, sp = queue.pop(0)
        emit_text(s)
        if stack and e > stack[-1][1]:  # crosses the open span: draw the inside part now, the rest later
            queue.insert(0, (stack[-1][1], e, sp))
            queue.sort(key=lambda p: (p[0], -p[1], p[2].id or ""))
            e = stack[-1][1]
        open_(s, e, sp)
    emit_text(hi)
    return "".join(out)


_TAG = {"title": "h1", "kicker": "p", "section": "p", "heading": "h2", "caption": "p", "paragraph": "p"}


def _render_doc(af: AnnotationFile, dt: DocText, registry: Registry | None) -> str:
    spans = [s for s in spans_of(af, dt) if s.type != "STANCE"]
    stance = {dt.comment_of.get(a.target.block): a for a in af.annotations if a.type == "STANCE"}
    counts: dict = {}
    html = []
    for b in dt.doc.article:
        lo = dt.start_of[b.id]
        tag = _TAG.get(b.role, "p")
        html.append(f'<{tag} class="r-{b.role}" id="{escape(b.id)}">{_render_block(b.text, lo, spans, registry, counts)}</{tag}>')
    for c in dt.doc.comments:
        a = stance.get(c.id)
        badge = (f'<span class="stance" data-ann="{escape(a.id)}" title="{escape(a.id)} · STANCE">'
                 f'{escape(a.attributes.get("stance", ""))}</span>') if a else ""
        html.append(f'<section class="comment" id="{escape(c.id)}" lang="ar">')
        for b in c.blocks:
            lo = dt.start_of[b.id]
            cls = b.role.replace("comment-", "")
            inner = _render_block(b.text, lo, spans, registry, counts)
            if b.role == "comment-title":
                html.append(f'<h3 class="{cls}" id="{escape(b.id)}">{inner}{badge}</h3>')
                badge = ""
            else:
                html.append(f'<p class="{cls}" id="{escape(b.id)}">{inner}</p>')
        if badge:
            html.append(f"<p>{badge}</p>")
        html.append("</section>")
    return "\n".join(html)


def _comparable(spans) -> dict:
    """Attributes as two annotators can agree on them: a ``speaker`` that names a mention of the same
    file (ids differ between files) becomes that mention's words and position."""
    by_id = {s.id: s for s in spans}
    out = {}
    for s in spans:
        attrs = dict(s.attributes)
        sp = by_id.get(attrs.get("speaker"))
        if sp is not None:
            attrs["speaker"] = f"{sp.start}-{sp.end}"
        out[(s.start, s.end, s.type)] = (s, attrs)
    return out


def _disagreements(fa: AnnotationFile, fb: AnnotationFile, dt: DocText) -> str:
    spans_a, spans_b = spans_of(fa, dt), spans_of(fb, dt)
    sa, sb = _comparable(spans_a), _comparable(spans_b)
    ids_a, ids_b = {s.id: s for s in spans_a}, {s.id: s for s in spans_b}

    def fmt(s, ids) -> str:
        if s is None:
            return ""
        shown = dict(s.attributes)
        ref = ids.get(shown.get("speaker"))
        if ref is not None:
            shown["speaker"] = f"{dt.text[ref.start:ref.end]} ({ref.id})"
        return f"{escape(s.id or '')} " + escape(" ".join(f"{x}={y}" for x, y in sorted(shown.items())) or "—")

    rows = []
    for k in sorted(set(sa) | set(sb)):
        a, b = sa.get(k), sb.get(k)
        if a and b and a[1] == b[1]:
            continue
        what = "attributes differ" if a and b else f"only {fa.annotator}" if a else f"only {fb.annotator}"
        rows.append(f"<tr><td>{k[2]}</td><td>{escape(dt.text[k[0]:k[1]])}</td><td>{what}</td>"
                    f"<td>{fmt(a and a[0], ids_a)}</td><td>{fmt(b and b[0], ids_b)}</td></tr>")
    head = (f'<table class="diff" id="disagreements"><tr><th>type</th><th>text</th><th>what</th>'
            f"<th>{escape(fa.annotator)}</th><th>{escape(fb.annotator)}</th></tr>")
    return head + "".join(rows) + "</table>" + f'<p class="meta">{len(rows)} disagreement(s)</p>'


def page(dt: DocText, files: list[AnnotationFile], registry: Registry | None) -> str:
    """The review page for one or two annotation files of the document."""
    legend = "".join(f'<span class="t-{t}" style="background:{COLOURS[t]}">{t}</span>' for t in TYPES)
    css = _STYLE + "".join(f".t-{t}{{background:{c}}}" for t, c in COLOURS.items() if t != "QUOTE")
    names = " / ".join(escape(f.annotator) for f in files)
    body = [f"<h1>{escape(dt.doc.id)}</h1>",
            f'<p class="meta">annotations: {names}; {sum(len(f.annotations) for f in files)} in all; '
            f"text SHA-256 {dt.sha256[:12]}…; stance labels: {', '.join(STANCE_LABELS)}</p>",
            f'<p class="legend">{legend}</p>']
    if len(files) == 2:
        body.append(_disagreements(files[0], files[1], dt))
        cols = "".join(f'<div class="doc" data-annotator="{escape(f.annotator)}"><h2>{escape(f.annotator)}</h2>'
                       f"{_render_doc(f, dt, registry)}</div>" for f in files)
        body.append(f'<div class="cols">{cols}</div>')
    else:
        body.append(f'<div class="doc" data-annotator="{escape(files[0].annotator)}">{_render_doc(files[0], dt, registry)}</div>')
    return ("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{escape(dt.doc.id)} — {names}</title>\n<style>{css}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")
