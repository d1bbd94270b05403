"""Tokens for NER training that keep Arabic proclitics apart where the annotations need it.

Words are runs of letters, digits and combining marks (diacritics, tatweel, ZWNJ/ZWJ); every other
non-space character is a token of its own. The guidelines put the proclitics و ف ب ل ك (and the
future marker س) outside a mention and the article ال inside, so a mention may start inside a
written word ("وبغداد", "للعراق" → ل + لعراق). A word is split there, and only there: splitting every
word that begins with one of those letters would cut "بغداد" and "وزير". A mention boundary inside a
word that is not after a proclitic cannot become a token boundary; it is reported, not bent.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d]+|[^\s]")
#: A proclitic cluster: optional conjunction, then optional preposition / future marker.
_PROCLITICS = re.compile(r"[وف]?[بلكس]?")


@dataclass(frozen=True)
class Token:
    start: int  # global code points into Document.text()
    end: int
    text: str


def is_proclitic(s: str) -> bool:
    return bool(s) and _PROCLITICS.fullmatch(s) is not None


def tokenize(text: str, start: int = 0, end: int | None = None, cuts: frozenset[int] = frozenset()) -> list[Token]:
    """Tokens of ``text[start:end]``; ``cuts`` are global offsets where a word is split after a proclitic."""
    end = len(text) if end is None else end
    out: list[Token] = []
    for m in _WORD.finditer(text, start, end):
        s, e = m.start(), m.end()
        for c in sorted(c for c in cuts if s < c < e):
            if is_proclitic(text[s:c]):
                out.append(Token(s, c, text[s:c]))
                s = c
        out.append(Token(s, e, text[s:e]))
    return out


def proclitic_cuts(text: str, boundaries) -> frozenset[int]:
    """The span boundaries that fall right after a proclitic at the start of a written word."""
    cuts = set()
    for b in boundaries:
        if 0 < b < len(text) and _WORD.match(text, b) and not text[b - 1].isspace():
            w = b
            while w > 0 and re.match(r"[\w\u0640]", text[w - 1]):
                w -= 1
            if is_proclitic(text[w:b]):
                cuts.add(b)
    return frozenset(cuts)
