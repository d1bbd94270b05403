"""Re-find annotations after the document text changed (e.g. the cleaner improved).

Each annotation is looked for first at its recorded position, then by its quote anywhere in the new
text, with the recorded prefix/suffix deciding between several occurrences.  The outcome of every
annotation is reported as unchanged, moved, ambiguous or orphaned; none is dropped: unresolved ones
keep their old target and get a ``status`` that `check` reports until a person fixes them.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from corpus.standoff.anchor import DocText, occurrences
from corpus.standoff.model import Annotation, AnnotationFile, Target


@dataclass(frozen=True)
class Outcome:
    id: str
    status: str  # unchanged | moved | ambiguous | orphaned
    old: Target
    new: Target | None = None
    candidates: tuple[Target, ...] = ()

    def describe(self) -> str:
        o = self.old
        head = f"{self.id}: {self.status:9} {o.quote!r}"
        if self.status == "moved":
            return f"{head} {o.block}:{o.start}-{o.end} -> {self.new.block}:{self.new.start}-{self.new.end}"
        if self.status == "ambiguous":
            return head + " could be at " + ", ".join(f"{c.block}:{c.start}-{c.end}" for c in self.candidates)
        if self.status == "orphaned":
            return head + " no longer occurs in the text"
        return head


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


def _at_old_position(dt: DocText, t: Target) -> bool:
    if t.block not in dt.start_of or (t.end_block and t.end_block not in dt.start_of):
        return False
    try:
        s, e = dt.span(t)
    except KeyError:
        return False
    if not (0 <= t.start and e <= len(dt.text) and s < e):
        return False
    if t.end > dt.block_len(t.last_block):
        return False
    return dt.text[s:e] == t.quote


def locate(dt: DocText, a: Annotation, claimed: frozenset = frozenset()) -> Outcome:
    """Where ``a`` is now.  ``claimed`` holds (type, start, end) of spans other annotations already
    occupy: an annotation whose only remaining occurrences are taken was deleted with its text."""
    t = a.target
    if _at_old_position(dt, t):
        s, e = dt.span(t)
        new = dt.target(s, e, context=max(len(t.prefix), len(t.suffix), 1))
        return Outcome(a.id, "unchanged", t, new)
    occ = [o for o in occurrences(dt, t.quote) if (a.type, o.start, o.end) not in claimed]
    if not occ:
        return Outcome(a.id, "orphaned", t)
    ctx = max(len(t.prefix), len(t.suffix), 1)
    cands = [dt.target(o.start, o.end, context=ctx) for o in occ]
    if len(cands) == 1:
        return Outcome(a.id, "moved", t, cands[0])
    scores = [(_common_suffix(t.prefix, dt.text[:o.start]) + _common_prefix(t.suffix, dt.text[o.end:]),
               1 if c.block == t.block else 0) for o, c in zip(occ, cands)]
    best = max(scores)
    winners = [c for c, s in zip(cands, scores) if s == best]
    if len(winners) == 1 and best[0] > 0:
        return Outcome(a.id, "moved", t, winners[0])
    return Outcome(a.id, "ambiguous", t, None, tuple(winners if best[0] > 0 else cands))


def reanchor(af: AnnotationFile, dt: DocText) -> tuple[AnnotationFile, list[Outcome]]:
    """The re-anchored file (same order, new text hash) and one outcome per annotation."""
    first = {a.id: locate(dt, a) for a in af.annotations if _at_old_position(dt, a.target)}
    claimed = {(a.type, *dt.span(a.target)) for a in af.annotations if a.id in first}
    outcomes = []
    for a in af.annotations:
        o = first.get(a.id) or locate(dt, a, frozenset(claimed))
        if o.status == "moved":
            claimed.add((a.type, *dt.span(o.new)))
        outcomes.append(o)
    anns = []
    for a, o in zip(af.annotations, outcomes):
        if o.status in ("unchanged", "moved"):
            anns.append(a.with_target(o.new, None))
        else:
            anns.append(a.with_target(a.target, o.status))
    return replace(af, text_sha256=dt.sha256, annotations=tuple(anns)), outcomes


def summary(outcomes: list[Outcome]) -> dict[str, int]:
    out = {k: 0 for k in ("unchanged", "moved", "ambiguous", "orphaned")}
    for o in outcomes:
        out[o.status] += 1
    return out
