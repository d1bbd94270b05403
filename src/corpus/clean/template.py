"""Corpus-level repetition per site (CCNet-style line frequency): which lines are a site's template.

A page alone cannot tell an "about us" blurb or a most-read headline from article text; several pages
of one site can: a line that recurs on many of them is the site's template.  This module is a pure
function from pages' lines (grouped by site) to template-line statistics; the cleaner reads them as a
feature (``struct.site-template``) and keeps its own title, dates, bylines and sections whatever the
statistics say (a headline that is a teaser on nine pages is the title of the tenth).

The site of a page comes, in this order, from an explicit site name (a catalog source field), the
site profile its fingerprints selected, or, for pages of no known site, from the chrome the pages
share (``Collector``).  Everything is one pass over the lines, streaming: only per-site counters of
line digests are kept.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from corpus.clean.features import plain, unmarked
from corpus.text.normalize import fold

#: lines longer than this (in words) are never template keys: article paragraphs are not repeated
KEY_MAX_WORDS = 80
#: short lines (in words) are what a site's chrome is made of: they decide which pages share chrome
CHROME_MAX_WORDS = 8
#: a short line held by more groups than this is not used to group pages (bounds the work)
MAX_LINE_PAGES = 500
#: two pages share chrome when the Jaccard index of their short lines is at least this ... (on the dev
#: pages: 0.43 or more for two pages of one site, 0.25 at most for two sites, however alike their menus)
MIN_JACCARD = 0.34
#: ... and they share at least this many short lines
MIN_SHARED = 6
#: a page joins a group when it shares chrome with any of the group's first pages (up to this many):
#: a page with a long comment thread has many short lines of its own and matches one sibling less
#: well than another; a bounded number of representatives keeps the work linear
GROUP_REPRESENTATIVES = 8
#: a leading list rank ('2', '3.', '1)') is dropped from a line key when more than this many words follow
RANKED_MIN_WORDS = 4
_RANK = re.compile(r"(?:\d{1,2}|[\u0660-\u0669]{1,2})[.)\-–]?")


def line_key(text: str) -> int | None:
    """The line as a template key: a 64-bit digest of the folded line, white space squashed (digits
    kept); None for long or empty lines.  Digests keep the statistics small for large corpora.  A text
    browser's link markers and a list item's bullet are no part of the key (w3m numbers the links anew
    on every page), nor is a list rank glued before a headline."""
    bare = unmarked(fold(text))  # fold keeps the length and white space white: unmarked may run after it
    if plain(bare):  # single spaces between words (the usual line): no split and join
        return _digest(_unranked(bare)) if bare and bare.count(" ") < KEY_MAX_WORDS else None
    words = bare.split()
    if not words or len(words) > KEY_MAX_WORDS:
        return None
    return _digest(_unranked(" ".join(words)))


def squashed_key(squashed: str, words: int) -> int | None:
    """``line_key`` of a line the cleaner has already folded, unmarked and squashed (its ``_F.squashed``,
    and ``words`` = its ``_F.words``): the same key without folding the line again."""
    if not words or words > KEY_MAX_WORDS:
        return None
    return _digest(_unranked(squashed))


def _unranked(norm: str) -> str:
    """A list's rank glued before a headline ('2 تونس تراهن …', '1. …') is no part of it: the item is the
    same line as the headline on its own page (a short line such as '12 مايو' keeps its number)."""
    first, _sep, rest = norm.partition(" ")
    if rest and _RANK.fullmatch(first) and rest.count(" ") >= RANKED_MIN_WORDS - 1:
        return rest
    return norm


def _digest(norm: str) -> int:
    return int.from_bytes(hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest(), "big")


def page_keys(lines: Iterable[str]) -> tuple[set[int], set[int]]:
    """All keys of a page, and the keys of its chrome (``Collector.add_keys`` counts them)."""
    return _page_keys(lines)


def _page_keys(lines: Iterable[str]) -> tuple[set[int], set[int]]:
    """All keys of a page, and the keys of its short lines without digits (its chrome)."""
    keys: set[int] = set()
    short: set[int] = set()
    memo = _ENTRY_MEMO
    for ln in lines:
        e = memo.get(ln)
        if e is None:
            e = _entry(ln)
        k, chrome = e
        if k is None:
            continue
        keys.add(k)
        if chrome:
            short.add(k)
    return keys, short


#: (key, chrome?) of the lines seen lately: a site's chrome recurs on each of its pages.  Bounded like
#: corpus.text.normalize.fold's memo (lines only; cleared when the texts held pass about 1M characters)
_ENTRY_MEMO: dict[str, tuple[int | None, bool]] = {}
_ENTRY_TEXT_MAX = 400
_ENTRY_CHARS_MAX = 1 << 20
_entry_chars = 0


def _entry(ln: str) -> tuple[int | None, bool]:
    """The line's key and whether it counts as chrome (short, no digit), remembered when it is a line."""
    global _entry_chars
    k = line_key(ln)
    chrome = False
    if k is not None:
        bare = unmarked(ln)
        chrome = len(bare.split()) <= CHROME_MAX_WORDS and not _has_digit(bare)
    if len(ln) <= _ENTRY_TEXT_MAX:
        if _entry_chars > _ENTRY_CHARS_MAX:
            _ENTRY_MEMO.clear()
            _entry_chars = 0
        _ENTRY_MEMO[ln] = (k, chrome)
        _entry_chars += len(ln)
    return k, chrome


_DECIMAL = re.compile(r"\d")  # str.isdecimal characters
#: ASCII, the Arabic block and white space hold no digit that is not also decimal
_NO_OTHER_DIGITS = re.compile(r"[\x00-\x7f\u0600-\u06ff\s]*")


def _has_digit(text: str) -> bool:
    """any(c.isdigit() for c in text), without a Python step per character for the usual line: a
    decimal digit is found by a regex; other digits ('²', '①') exist only outside ASCII and Arabic."""
    if _DECIMAL.search(text) is not None:
        return True
    if _NO_OTHER_DIGITS.fullmatch(text) is not None:
        return False
    return any(map(str.isdigit, text))


@dataclass(frozen=True)
class SiteTemplate:
    """Template lines of one site: key -> number of the site's pages that hold the line."""

    site: str
    pages: int
    counts: Mapping[int, int] = field(default_factory=dict)
    how: str = ""  # how the site was known: 'catalog', 'profile' or 'shared chrome'

    def count(self, key: int | None) -> int:
        return self.counts.get(key, 0) if key else 0

    def to_dict(self) -> dict:
        return {"site": self.site, "pages": self.pages, "how": self.how, "counts": {str(k): v for k, v in sorted(self.counts.items())}}

    @classmethod
    def from_dict(cls, d: dict) -> "SiteTemplate":
        return cls(d["site"], d["pages"], {int(k): v for k, v in d.get("counts", {}).items()}, d.get("how", ""))


@dataclass(frozen=True)
class TemplateStats:
    """Per-site template statistics and the site of every page."""

    sites: Mapping[str, SiteTemplate]
    page_site: Mapping[str, str]

    def for_page(self, name: str) -> SiteTemplate | None:
        site = self.page_site.get(name)
        return self.sites.get(site) if site is not None else None

    def to_dict(self) -> dict:
        return {"sites": {k: v.to_dict() for k, v in sorted(self.sites.items())},
                "page_site": dict(sorted(self.page_site.items()))}

    @classmethod
    def from_dict(cls, d: dict) -> "TemplateStats":
        return cls({k: SiteTemplate.from_dict(v) for k, v in d["sites"].items()}, dict(d["page_site"]))


class Collector:
    """The first pass, streaming: add pages one by one (in a fixed order), then ``result()``.

    A page of unknown site joins the group whose first page shares most of its short lines, at least
    ``MIN_SHARED`` of them and a Jaccard index of at least ``MIN_JACCARD``; otherwise it starts a
    group, named after it.  Only per-site line counters are kept (not the
    pages), so memory grows with the distinct lines of a site, not with the number of pages; a short
    line held by more than ``MAX_LINE_PAGES`` groups (a generic 'الرئيسية') is not looked up."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter] = {}
        self.pages: Counter = Counter()
        self.how: dict[str, str] = {}
        self.page_site: dict[str, str] = {}
        self._groups: list[str] = []  # site names of the groups found by shared chrome
        self._size: Counter = Counter()  # group -> pages indexed as its representatives
        self._reps: list[tuple[int, int]] = []  # representative pages: (group, number of short lines)
        self._index: dict[int, list[int]] = defaultdict(list)  # short line -> representatives holding it

    def add(self, name: str, lines: Iterable[str], site: str | None = None, how: str = "profile") -> str:
        """Count one page's lines for its site (given, or found by shared chrome); returns the site."""
        keys, short = _page_keys(lines)
        return self.add_keys(name, keys, short, site, how)

    def add_keys(self, name: str, keys: set[int], short: set[int], site: str | None = None,
                 how: str = "profile") -> str:
        """``add`` of a page whose keys were computed elsewhere (``page_keys``, e.g. in a worker process):
        the same counts, so pages summarised in parallel and added in a fixed order give ``add``'s result."""
        if not site:
            site, how = self._group(name, short), "shared chrome"
        self.page_site[name] = site
        self.how.setdefault(site, how)
        self.pages[site] += 1
        self.counts.setdefault(site, Counter()).update(keys)
        return site

    def _group(self, name: str, short: set[int]) -> str:
        held: list[int] = []
        for k in short:
            reps = self._index.get(k, ())
            if len(reps) <= MAX_LINE_PAGES:
                held.extend(reps)
        shared = Counter(held)
        best = None
        # (representatives sharing fewer than MIN_SHARED lines never qualify: not even looked at)
        for r, k in sorted(item for item in shared.items() if item[1] >= MIN_SHARED):
            union = len(short) + self._reps[r][1] - k
            if k >= MIN_SHARED and k / union >= MIN_JACCARD and (best is None or k > shared[best]):
                best = r
        if best is None:
            group = len(self._groups)
            self._groups.append(f"chrome:{name.replace(chr(92), '/').rsplit('/', 1)[-1]}")
        else:
            group = self._reps[best][0]
        if self._size[group] < GROUP_REPRESENTATIVES:
            self._size[group] += 1
            self._reps.append((group, len(short)))
            for k in short:
                self._index[k].append(len(self._reps) - 1)
        return self._groups[group]

    def result(self) -> "TemplateStats":
        sites = {s: SiteTemplate(s, self.pages[s], {k: v for k, v in c.items() if v >= 2}, self.how.get(s, ""))
                 for s, c in self.counts.items()}
        return TemplateStats(sites, dict(self.page_site))


def collect(pages: Mapping[str, Iterable[str]], sites: Mapping[str, str | None] | None = None, *,
            how: Mapping[str, str] | None = None) -> TemplateStats:
    """Template statistics for a set of pages, taken in name order.

    ``pages``: page name -> its lines; ``sites``: page name -> its site when known (catalog source,
    site profile), else None (grouped by shared chrome); ``how``: page name -> how its site is known.
    Only lines on at least two pages of a site are kept (the rest can never be template)."""
    c = Collector()
    for name in sorted(pages):
        c.add(name, pages[name], (sites or {}).get(name), (how or {}).get(name, "profile"))
    return c.result()


def is_template(site: SiteTemplate | None, key: int | None, *, min_pages: int = 2, min_share: float = 0.5) -> bool:
    """A line is template when it is on at least ``min_pages`` pages and ``min_share`` of the site's pages."""
    if site is None or site.pages < min_pages:
        return False
    k = site.count(key)
    return k >= min_pages and k >= min_share * site.pages


def reason(site: SiteTemplate, key: int | None) -> str:
    """'repeats on 37 of 40 pages of site X' — the human reason of the rule."""
    if site.site.startswith("chrome:"):
        name = f"the site of {site.site[len('chrome:'):]} (pages sharing its chrome)"
    else:
        name = f"site {site.site.split(':', 1)[-1]}"
    return f"repeats on {site.count(key)} of {site.pages} pages of {name}: the site's template, not this article"
