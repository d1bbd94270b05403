"""Re-anchor annotations after the document text changed, without ever putting one on other words.

Each annotation's offsets are mapped through a character alignment (``textdiff``) of the text it was
anchored to (kept in ``annotations/.texts/``, see ``texts``) with the current text.  It is placed
*exactly* only when its quoted words lie in one stretch of text the alignment carried over unchanged
AND the 16 code points on either side are the same as before:

* ``unchanged``: same block and offsets, same quote and context;
* ``shifted``: same words and context, at new offsets (text was inserted or removed elsewhere).

Anything else is *flagged*; the file gets a ``status`` on ``--write`` (with ``previous``, the last
exact anchoring, so nothing is lost) and the build refuses it until a person confirms or fixes it:

* ``moved``: the words are found (through the alignment, or by quote and full context when the old
  text is not available), but their context changed or the alignment did not carry them;
* ``fuzzy``: no exact match; the best approximate one, with a ``score`` (0..1);
* ``ambiguous``: several equally good places; ``orphaned``: nowhere.

The fall-back search (quote occurrences scored by context, then an approximate match where the
alignment puts the old span) is the last resort, in the spirit of W3C Web Annotation clients."""
from __future__ import annotations

from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Callable

from corpus.standoff.anchor import DocText, occurrences
from corpus.standoff.model import CONTEXT, EXACT, FLAGGED, Annotation, AnnotationFile, Previous, Target
from corpus.standoff.texts import TextLayout, layout_of
from corpus.standoff.textdiff import Alignment

#: Lowest similarity at which an approximate match is proposed (as ``fuzzy``) rather than orphaned.
FUZZY_THRESHOLD = 0.6
STATUSES = EXACT + FLAGGED


@dataclass(frozen=True)
class Outcome:
    id: str
    status: str  # one of STATUSES
    old: Target
    new: Target | None = None
    candidates: tuple[Target, ...] = ()
    score: float | None = None
    reason: str = ""

    @property
    def exact(self) -> bool:
        return self.status in EXACT

    def describe(self) -> str:
        o = self.old
        head = f"{self.id}: {self.status:9} {o.quote!r} {_pos(o)}"
        if self.status == "unchanged":
            return head
        if self.status == "shifted":
            return f"{head} -> {_pos(self.new)}"
        if self.status in ("moved", "fuzzy"):
            extra = f" {self.new.quote!r} score {self.score:.2f}" if self.status == "fuzzy" else ""
            return f"{head} -> {_pos(self.new)}{extra} ({self.reason}; confirm or fix it)"
        if self.status == "ambiguous":
            return head + " could be at " + ", ".join(_pos(c) for c in self.candidates) + f" ({self.reason})"
        return f"{head} not found in the current text ({self.reason})"

    def to_dict(self) -> dict:
        d = {"id": self.id, "status": self.status, "old": self.old.to_dict()}
        if self.new is not None:
            d["new"] = self.new.to_dict()
        if self.candidates:
            d["candidates"] = [c.to_dict() for c in self.candidates]
        if self.score is not None:
            d["score"] = self.score
        if self.reason:
            d["reason"] = self.reason
        return d


def _pos(t: Target) -> str:
    return f"{t.block}:{t.start}-{t.end}" if not t.end_block else f"{t.block}:{t.start}-{t.end_block}:{t.end}"


def _windows(text: str, s: int, e: int, width: int) -> tuple[str, str]:
    return text[max(0, s - width):s], text[e:e + width]


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


class _Base:
    """What an annotation was last exactly anchored to: the target, its text, its global span."""

    def __init__(self, a: Annotation, file_sha: str, load: Callable[[str], TextLayout | None], current: TextLayout):
        prev = a.previous
        self.sha, self.target = (prev.text_sha256, prev.target) if prev else (file_sha, a.target)
        self.span = None
        self.reason = ""
        width = max(CONTEXT, len(self.target.prefix), len(self.target.suffix))
        self.width = width
        # the stored layout, else the current one if it is the same text (block ids may differ)
        layouts = [lay for lay in (load(self.sha), current if current.sha256 == self.sha else None) if lay]
        if not layouts:
            self.layout = None
            self.reason = f"the text it was anchored to ({self.sha[:12]}…) is not stored in annotations/.texts"
            return
        self.layout = next((lay for lay in layouts if lay.span(self.target) is not None), layouts[0])
        span = self.layout.span(self.target)
        t = self.layout.text
        if span is None or t[span[0]:span[1]] != self.target.quote:
            self.reason = "its offsets do not hold its quote in the text it was anchored to"
            return
        if not t[:span[0]].endswith(self.target.prefix) or not t[span[1]:].startswith(self.target.suffix):
            self.reason = "its prefix/suffix do not match the text it was anchored to"
            return
        self.span = span
        self.ctx = _windows(t, *span, width)


def _same_place(a: Target, b: Target) -> bool:
    return (a.block, a.start, a.end, a.end_block) == (b.block, b.start, b.end, b.end_block)


def _exact(a: Annotation, base: _Base, dt: DocText, align: Alignment | None) -> Outcome | None:
    """The exact outcome, or None when the annotation must be searched for."""
    if base.span is None:
        return None
    mapped = (base.span if align is None else align.map_span(*base.span))
    if mapped is None:
        return None
    ns, ne = mapped
    new = dt.target(ns, ne)
    if dt.text[ns:ne] != base.target.quote:  # cannot happen for an aligned block; belt and braces
        return None
    if _windows(dt.text, ns, ne, base.width) != base.ctx:
        return Outcome(a.id, "moved", a.target, new, reason="the words are there but their context changed")
    if not _same_place(base.target, new):
        return Outcome(a.id, "shifted", a.target, new)
    keep = base.sha == dt.sha256 and not a.status  # same text, same place: the target as recorded
    return Outcome(a.id, "unchanged", a.target, a.target if keep else new)


def _search(a: Annotation, base: _Base, dt: DocText, align: Alignment | None, claimed: set) -> Outcome:
    """Last resort: quote occurrences scored by context, then an approximate match. Never exact."""
    q = base.target.quote
    why = base.reason or "the text around or inside it was edited"
    if base.span is not None:
        ctx = base.ctx
    else:
        ctx = (base.target.prefix, base.target.suffix)
    occ = [o for o in occurrences(dt, q) if (a.type, o.start, o.end) not in claimed]
    if occ:
        scored = []
        for o in occ:
            before, after = _windows(dt.text, o.start, o.end, len(ctx[0]) + len(ctx[1]) + 1)
            c = _common_suffix(ctx[0], before) + _common_prefix(ctx[1], after)
            scored.append((c, o))
        full = len(ctx[0]) + len(ctx[1])
        best = max(c for c, _ in scored)
        winners = [dt.target(o.start, o.end) for c, o in scored if c == best]
        score = round((len(q) + best) / (len(q) + full), 4)
        if len(winners) > 1:
            return Outcome(a.id, "ambiguous", a.target, None, tuple(winners), score,
                           f"{why}; the quote occurs {len(occ)} times, {len(winners)} with the same context")
        if best == full:
            return Outcome(a.id, "moved", a.target, winners[0], (), 1.0, f"{why}; found by quote and context")
        if score >= FUZZY_THRESHOLD:
            return Outcome(a.id, "fuzzy", a.target, winners[0], (), score, f"{why}; found by quote, context differs")
        return Outcome(a.id, "orphaned", a.target, None, (), None,
                       f"{why}; the quote occurs elsewhere ({_pos(winners[0])}) but in other words (score {score:.2f})")
    if align is not None and base.span is not None:
        s = align.nearest(base.span[0])
        e = align.nearest(base.span[1])
        cand = dt.text[s:e]
        s += len(cand) - len(cand.lstrip())
        e -= len(cand) - len(cand.rstrip())
        if s < e:
            score = round(SequenceMatcher(None, q, dt.text[s:e], autojunk=False).ratio(), 4)
            if score >= FUZZY_THRESHOLD:
                return Outcome(a.id, "fuzzy", a.target, dt.target(s, e), (), score,
                               f"{why}; the quote no longer occurs, closest text where it was")
    return Outcome(a.id, "orphaned", a.target, None, (), None, f"{why}; the quote no longer occurs")


def reanchor(af: AnnotationFile, dt: DocText,
             load: Callable[[str], TextLayout | None] | None = None) -> tuple[AnnotationFile, list[Outcome]]:
    """The re-anchored file (same order, the current text's hash) and one outcome per annotation.

    ``load(sha256)`` returns a stored text (``texts.loader(store)``); the current text is known
    without it.  Without the text an annotation was anchored to, it can only be searched for, and is
    flagged whatever is found."""
    load = load or (lambda sha: None)
    current = layout_of(dt.doc)
    cache: dict[str, TextLayout | None] = {}
    aligns: dict[str, Alignment | None] = {}

    def get(sha: str) -> TextLayout | None:
        if sha not in cache:
            cache[sha] = load(sha)
        return cache[sha]

    bases = [_Base(a, af.text_sha256, get, current) for a in af.annotations]
    for b in bases:
        if b.layout is not None and b.sha not in aligns:
            aligns[b.sha] = None if b.sha == dt.sha256 else Alignment(b.layout.text, dt.text)
    first = [_exact(a, b, dt, aligns.get(b.sha)) for a, b in zip(af.annotations, bases)]
    # places the diff carried an annotation to (exactly, or with changed context) are its own
    claimed = {(a.type, *dt.span(o.new)) for a, o in zip(af.annotations, first) if o is not None}
    outcomes = []
    for a, b, o in zip(af.annotations, bases, first):
        if o is None:
            o = _search(a, b, dt, aligns.get(b.sha), claimed)
        outcomes.append(o)
    anns = []
    for a, b, o in zip(af.annotations, bases, outcomes):
        if o.exact:
            anns.append(a.with_target(o.new))
        else:
            prev = a.previous or Previous(b.sha, b.target)
            target = o.new if o.status in ("moved", "fuzzy") else a.target
            anns.append(a.with_target(target, o.status, o.score if o.status == "fuzzy" else None, prev))
    return replace(af, text_sha256=dt.sha256, annotations=tuple(anns)), outcomes


def summary(outcomes: list[Outcome]) -> dict[str, int]:
    out = {k: 0 for k in STATUSES}
    for o in outcomes:
        out[o.status] += 1
    return out


def flagged(outcomes: list[Outcome]) -> list[Outcome]:
    return [o for o in outcomes if not o.exact]
