"""The search/matching layer: Arabic orthographic normalisation that never touches the stored text.

Stored text keeps the source's spelling (typos, hamza choices, tatweel).  For search, matching and
agreement we fold the variation readers ignore.  Every fold is per character, so a normalised string
comes with a map back to code-point offsets in the original (``normalise_with_map``): a match found in
normalised text is always reported as a span of the real text.

Folds (each can be turned off):
  presentation forms -> base letters (NFKC, incl. lam-alef ligatures); tatweel removed; diacritics
  (harakat, tanwin, shadda, sukun, superscript alef, Quranic marks) removed; alef with hamza/madda and
  alef wasla -> bare alef; alef maksura -> yeh; teh marbuta -> heh; hamza on waw/yeh -> waw/yeh (off by
  default); Arabic-Indic and Persian digits -> ASCII digits; ZWNJ/ZWJ, NBSP and other spaces -> space.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import pyarabic.araby as araby


@dataclass(frozen=True)
class Folds:
    presentation: bool = True
    tatweel: bool = True
    diacritics: bool = True
    alef: bool = True
    alef_maksura: bool = True
    teh_marbuta: bool = True
    hamza_carriers: bool = False
    digits: bool = True
    spaces: bool = True


DEFAULT = Folds()

_ALEFS = {ord(c): araby.ALEF for c in (araby.ALEF_HAMZA_ABOVE, araby.ALEF_HAMZA_BELOW, araby.ALEF_MADDA,
                                        araby.ALEF_WASLA, "\u0672", "\u0673")}
_DIGITS = {ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")}
_DIGITS.update({ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")})


@functools.lru_cache(maxsize=65536)
def _fold_char(c: str, folds: Folds) -> str:
    s = unicodedata.normalize("NFKC", c) if folds.presentation and _is_presentation(c) else c
    if folds.tatweel:
        s = araby.strip_tatweel(s)
    if folds.diacritics:
        s = araby.strip_tashkeel(s)
        s = "".join(ch for ch in s if not (unicodedata.category(ch) == "Mn" and "\u0610" <= ch <= "\u06ed"))
    if folds.alef:
        s = s.translate(_ALEFS)
    if folds.alef_maksura:
        s = s.replace("\u0649", "\u064a")
    if folds.teh_marbuta:
        s = araby.normalize_teh(s)
    if folds.hamza_carriers:
        s = s.replace("\u0624", "\u0648").replace("\u0626", "\u064a")
    if folds.digits:
        s = s.translate(_DIGITS)
    if folds.spaces:
        s = "".join(" " if ch.isspace() or ch in "\u200c\u200d" else ch for ch in s)
        if c in "\u200c\u200d":
            s = ""
    return s


def _is_presentation(c: str) -> bool:
    o = ord(c)
    return 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF


def normalise(text: str, folds: Folds = DEFAULT) -> str:
    return "".join(_fold_char(c, folds) for c in text)


def normalise_with_map(text: str, folds: Folds = DEFAULT) -> tuple[str, list[int]]:
    """Normalised text and, for each of its code points, the offset of the original code point.

    The map has one extra final entry, len(text), so ``end`` offsets map too."""
    out: list[str] = []
    back: list[int] = []
    for i, c in enumerate(text):
        f = _fold_char(c, folds)
        out.append(f)
        back.extend([i] * len(f))
    back.append(len(text))
    return "".join(out), back


def find(text: str, query: str, folds: Folds = DEFAULT) -> list[tuple[int, int]]:
    """All (start, end) spans of `text` whose normalised form equals the normalised `query`.

    Spans are code-point offsets into the original text; overlapping matches are all reported."""
    q = normalise(query, folds)
    if not q:
        return []
    norm, back = normalise_with_map(text, folds)
    spans = []
    i = norm.find(q)
    while i >= 0:
        start = back[i]
        end = back[i + len(q) - 1] + 1
        spans.append((start, end))
        i = norm.find(q, i + 1)
    return spans


# -- length-preserving fold -------------------------------------------------------------------
# The cleaner matches its lexicon on every short line of every page, so it needs a fold that is a
# one-to-one character map and keeps the length (a match's offsets are offsets into the line).  It folds
# letter variants one-to-one and leaves diacritics and tatweel alone (removing them would change
# the length); lexicon entries are written without them.
_SAME_LENGTH: dict[int, str] = {}
for _src, _dst in (("أإآٱٲٳ", "ا"), ("ى", "ي"), ("ة", "ه"), ("ؤ", "و"), ("ئ", "ي"), ("ک", "ك"), ("یې", "ي"),
                   ("ہھ", "ه"), ("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t", " ")):
    for _c in _src:
        _SAME_LENGTH[ord(_c)] = _dst
_SAME_LENGTH.update({ord(k): v for k, v in ((chr(k), v) for k, v in _DIGITS.items())})
_SAME_LENGTH_PATTERN = dict(_SAME_LENGTH)  # for regex sources: no case folding (\\S, (?P<...>) must survive)
for _i in range(26):
    _SAME_LENGTH[0x41 + _i] = chr(0x61 + _i)  # ASCII only: str.lower() can change the length


#: character -> its fold, for the characters that change (the table above, as one-character strings)
_FOLD_MAP: dict[str, str] = {chr(k): v for k, v in _SAME_LENGTH.items()}
_FOLDABLE = re.compile("[" + "".join(re.escape(c) for c in sorted(_FOLD_MAP)) + "]")
if set(_FOLD_MAP) & set(_FOLD_MAP.values()):  # fold() replaces one character at a time, in any order
    raise AssertionError("a folded character must not itself be folded")

#: fold() remembers the folds of short texts (lines): the cleaner folds a line for profile detection,
#: its features, its template key and its dates, and a site's chrome recurs from page to page.  Bounded
#: (cleared when full), so memory stays flat however many pages go through.
_MEMO: dict[str, str] = {}
_MEMO_TEXT_MAX = 400  # characters: lines, never whole pages
_MEMO_CHARS_MAX = 1 << 20  # about 1M characters (~5 MB of text and folds, at most)
_memo_chars = 0


def _fold(text: str) -> str:
    """The fold itself: replace the (few) foldable characters present.  A line of Arabic holds a
    handful among a hundred letters; str.translate would look up every character in a dictionary
    (~100 ns each), a regex scan and one str.replace per distinct foldable character cost far less."""
    found = _FOLDABLE.findall(text)
    if not found:
        return text
    for c in set(found):
        text = text.replace(c, _FOLD_MAP[c])
    return text


def fold(text: str) -> str:
    """Same-length fold for matching: spans found in the result index ``text``."""
    global _memo_chars
    out = _MEMO.get(text)
    if out is None:
        out = _fold(text)
        if len(text) <= _MEMO_TEXT_MAX:
            if _memo_chars > _MEMO_CHARS_MAX:
                _MEMO.clear()
                _memo_chars = 0
            _MEMO[text] = out
            _memo_chars += len(text)
    return out


def fold_pattern(pattern: str) -> str:
    """The same fold for a regex source: letters fold, ASCII case is left to re.IGNORECASE."""
    return pattern.translate(_SAME_LENGTH_PATTERN)
