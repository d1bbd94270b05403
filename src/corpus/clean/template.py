"""Corpus-level repetition per site (CCNet-style line frequency): which lines are a site's template.

A page alone cannot tell an "about us" blurb or a most-read headline from article text; several pages
of one site can: a line that recurs on many of them is the site's template.  This module is a pure
function from pages' lines (grouped by site) to template-line statistics; the cleaner reads them as a
feature (``struct.site-template``) and keeps its own title, dates, bylines and sections whatever the
statistics say (a headline that is a teaser on nine pages is the title of the tenth).

The site of a page comes, in this order, from an explicit site name (a catalog source field), the
site profile its fingerprints selected, or, for pages of no known site, from the chrome the pages
share: a page joins the group whose first page has most of its short lines (``group_by_chrome``).
Everything is one pass over the lines.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from corpus.text.normalize import fold

#: lines longer than this (in words) are never template keys: article paragraphs are not repeated
KEY_MAX_WORDS = 80
#: short lines (in words) are what a site's chrome is made of: they decide which pages share chrome
CHROME_MAX_WORDS = 8
#: a short line held by more groups than this is not used to group pages (bounds the work)
MAX_LINE_PAGES = 500
#: two pages share chrome when at least this share of the smaller page's short lines are the same ...
MIN_OVERLAP = 0.4
#: ... and at least this many
MIN_SHARED = 4


def line_key(text: str) -> str | None:
    """The line as a template key: folded, white space squashed, digits kept; None for long or empty lines."""
    words = text.split()
    if not words or len(words) > KEY_MAX_WORDS:
        return None
    return " ".join(fold(" ".join(words)).split())


def page_keys(lines: Iterable[str]) -> set[str]:
    """The distinct template keys of a page's lines."""
    out = set()
    for ln in lines:
        k = line_key(ln)
        if k:
            out.add(k)
    return out


@dataclass(frozen=True)
class SiteTemplate:
    """Template lines of one site: key -> number of the site's pages that hold the line."""

    site: str
    pages: int
    counts: Mapping[str, int] = field(default_factory=dict)
    how: str = ""  # how the site was known: 'catalog', 'profile' or 'shared chrome'

    def count(self, key: str | None) -> int:
        return self.counts.get(key, 0) if key else 0

    def to_dict(self) -> dict:
        return {"site": self.site, "pages": self.pages, "how": self.how, "counts": dict(sorted(self.counts.items()))}

    @classmethod
    def from_dict(cls, d: dict) -> "SiteTemplate":
        return cls(d["site"], d["pages"], dict(d.get("counts", {})), d.get("how", ""))


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


def group_by_chrome(pages: Mapping[str, set[str]]) -> dict[str, str]:
    """Pages of unknown site -> a site name per group of pages that share their chrome.

    Pages are taken in name order; a page joins the first group whose first page shares at least
    ``MIN_SHARED`` of its short lines, and at least ``MIN_OVERLAP`` of the smaller of the two pages'
    short lines; otherwise it starts a group, named after it.  One pass over the lines, with an index
    from a short line to the groups whose first page holds it (lines held by more than
    ``MAX_LINE_PAGES`` groups, such as a generic 'الرئيسية', are not looked up)."""
    seeds: list[tuple[str, int]] = []  # (group name, number of short lines of its first page)
    index: dict[str, list[int]] = defaultdict(list)
    out: dict[str, str] = {}
    for name in sorted(pages):
        short = {k for k in pages[name] if len(k.split()) <= CHROME_MAX_WORDS and not any(c.isdigit() for c in k)}
        shared: Counter = Counter()
        for k in short:
            groups = index.get(k, ())
            if len(groups) <= MAX_LINE_PAGES:
                shared.update(groups)
        best = None
        for g, k in sorted(shared.items()):
            smaller = min(len(short), seeds[g][1]) or 1
            if k >= MIN_SHARED and k / smaller >= MIN_OVERLAP and (best is None or k > shared[best]):
                best = g
        if best is None:
            best = len(seeds)
            seeds.append((f"chrome:{name}", len(short)))
            for k in short:
                index[k].append(best)
        out[name] = seeds[best][0]
    return out


def collect(pages: Mapping[str, Iterable[str]], sites: Mapping[str, str | None] | None = None, *,
            how: Mapping[str, str] | None = None) -> TemplateStats:
    """Template statistics for a set of pages.

    ``pages``: page name -> its lines; ``sites``: page name -> its site when known (catalog source,
    site profile), else None (grouped by shared chrome); ``how``: page name -> how its site is known.
    Only keys on at least two pages of a site are kept (the rest can never be template)."""
    sites = sites or {}
    how = how or {}
    keys = {name: page_keys(lines) for name, lines in pages.items()}
    page_site: dict[str, str] = {}
    site_how: dict[str, str] = {}
    unknown = {n: ks for n, ks in keys.items() if not sites.get(n)}
    for n, s in group_by_chrome(unknown).items():
        page_site[n] = s
        site_how[s] = "shared chrome"
    for n in keys:
        if sites.get(n):
            page_site[n] = sites[n]
            site_how.setdefault(sites[n], how.get(n, "profile"))
    members: dict[str, list[str]] = defaultdict(list)
    for n, s in page_site.items():
        members[s].append(n)
    out: dict[str, SiteTemplate] = {}
    for s, names in members.items():
        c: Counter = Counter()
        for n in names:
            c.update(keys[n])
        out[s] = SiteTemplate(s, len(names), {k: v for k, v in c.items() if v >= 2}, site_how.get(s, ""))
    return TemplateStats(out, page_site)


def is_template(site: SiteTemplate | None, key: str | None, *, min_pages: int = 2, min_share: float = 0.5) -> bool:
    """A line is template when it is on at least ``min_pages`` pages and ``min_share`` of the site's pages."""
    if site is None or site.pages < min_pages:
        return False
    k = site.count(key)
    return k >= min_pages and k >= min_share * site.pages


def reason(site: SiteTemplate, key: str) -> str:
    """'repeats on 37 of 40 pages of site X' — the human reason of the rule."""
    name = site.site[len("chrome:"):] + " and the pages sharing its chrome" if site.site.startswith("chrome:") else site.site
    return f"repeats on {site.count(key)} of {site.pages} pages of site {name}: the site's template, not this article"
