"""A character alignment of two texts, fast enough for re-anchoring every annotation of a document.

``difflib.SequenceMatcher`` on code points is quadratic in the worst case and slow on 10k-character
texts, so the alignment is refined level by level: the common prefix and suffix are trimmed, the rest
is aligned by lines, lines that differ by words (``\\w+``, white-space runs, single other characters),
and words that differ by characters.  The result is a list of matching blocks ``(i, j, n)``:
``old[i:i+n] == new[j:j+n]``, increasing in both texts, as ``SequenceMatcher.get_matching_blocks``
gives them (without its terminating dummy)."""
from __future__ import annotations

import bisect
import re
from difflib import SequenceMatcher

_LINE = re.compile(r"[^\n]*\n|[^\n]+")
_WORD = re.compile(r"\w+\s*|[^\w\s]\s*|\s+", re.UNICODE)
#: Largest character hunk (len(a) * len(b)) aligned character by character; bigger ones stay replaced.
CHAR_LIMIT = 400_000


def _tokens(pattern: re.Pattern, s: str, lo: int, hi: int) -> tuple[list[str], list[int]]:
    toks, starts = [], []
    for m in pattern.finditer(s, lo, hi):
        toks.append(m.group())
        starts.append(m.start())
    starts.append(hi)
    return toks, starts


def _align(a: str, b: str, a0: int, a1: int, b0: int, b1: int, level: int, out: list) -> None:
    if a0 >= a1 or b0 >= b1:
        return
    if level == 2:
        if (a1 - a0) * (b1 - b0) > CHAR_LIMIT:
            return
        sm = SequenceMatcher(None, a[a0:a1], b[b0:b1], autojunk=False)
        out.extend((a0 + i, b0 + j, n) for i, j, n in sm.get_matching_blocks() if n)
        return
    pattern = _LINE if level == 0 else _WORD
    ta, sa = _tokens(pattern, a, a0, a1)
    tb, sb = _tokens(pattern, b, b0, b1)
    sm = SequenceMatcher(None, ta, tb, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            out.append((sa[i1], sb[j1], sa[i2] - sa[i1]))
        elif tag == "replace" and level == 0 and i2 - i1 == j2 - j1:
            # as many lines on both sides: each line was edited in place, align them pairwise
            for k in range(i2 - i1):
                _align(a, b, sa[i1 + k], sa[i1 + k + 1], sb[j1 + k], sb[j1 + k + 1], 1, out)
        elif tag == "replace":
            _align(a, b, sa[i1], sa[i2], sb[j1], sb[j2], level + 1, out)


def matching_blocks(a: str, b: str) -> list[tuple[int, int, int]]:
    """Matching blocks of ``a`` (old) and ``b`` (new), adjacent blocks merged."""
    n = min(len(a), len(b))
    p = 0
    while p < n and a[p] == b[p]:
        p += 1
    q = 0
    while q < n - p and a[len(a) - 1 - q] == b[len(b) - 1 - q]:
        q += 1
    raw = [(0, 0, p)] if p else []
    _align(a, b, p, len(a) - q, p, len(b) - q, 0, raw)
    if q:
        raw.append((len(a) - q, len(b) - q, q))
    out: list[tuple[int, int, int]] = []
    for i, j, k in sorted(raw):
        if out and out[-1][0] + out[-1][2] == i and out[-1][1] + out[-1][2] == j:
            out[-1] = (out[-1][0], out[-1][1], out[-1][2] + k)
        else:
            out.append((i, j, k))
    return out


class Alignment:
    """Old -> new offsets through the matching blocks of two texts."""

    def __init__(self, old: str, new: str):
        self.old, self.new = old, new
        self.blocks = matching_blocks(old, new) if old != new else [(0, 0, len(old))]
        self._starts = [i for i, _, _ in self.blocks]

    def map_span(self, start: int, end: int) -> tuple[int, int] | None:
        """New [start, end) when old [start, end) lies inside one matching block (unchanged text that
        the alignment carried over as a whole), else None."""
        k = bisect.bisect_right(self._starts, start) - 1
        if k < 0:
            return None
        i, j, n = self.blocks[k]
        if i <= start and end <= i + n:
            return j + start - i, j + end - i
        return None

    def nearest(self, pos: int) -> int:
        """Best guess of where old ``pos`` is in the new text (for searching near it)."""
        k = bisect.bisect_right(self._starts, pos) - 1
        if k < 0:
            return 0
        i, j, n = self.blocks[k]
        return j + min(pos - i, n)
