"""Repetition: a line that occurs more than once on the page, or on many pages of the page's site.

Within the page (``struct.repeated``): desktop and mobile menus, a headline repeated in a teaser list,
a menu shown twice when the page is captured without its stylesheet.  The first occurrence of a line
in the article (its title, a heading) stays; a later copy that is not prose is chrome; in the header,
of several copies the last one (right above the article) is the candidate.  Prose quoted again
(a pull quote: sentence punctuation, or opening with a quote mark) is article text and stays.

Across pages (``struct.site-template``): with the statistics of the page's site
(``corpus.clean.template``), a line found on many of the site's pages is template, even when it
reads like prose; the page's own title, dates, bylines, datelines, sections and credits are decided
by their own rules first, so a headline that is a teaser elsewhere stays this page's title.

All counts are made once per page (a dictionary of line keys): linear in the number of lines."""
from __future__ import annotations

import re
from collections import Counter

from corpus.clean import template as tpl
from corpus.clean.features import _F, _LETTER, plain, unmarked
from corpus.clean.labels import LineLabel


def _key(text: str) -> str:
    bare = unmarked(text)
    return bare if plain(bare) else " ".join(bare.split())  # (features.plain: the split is a no-op)


_DIGITS = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]+(?:[.,][0-9\u0660-\u0669\u06f0-\u06f9]+)*")


def furniture_key(f: _F) -> str:
    """A short line with its numbers masked: 'أعجبني (4)' and 'أعجبني (11)' are one widget."""
    return _DIGITS.sub("#", f.squashed or _key(f.text))


def rep_key(f: _F) -> str:
    """``_key(f.text)``, remembered with the line's features (a pure function of the line)."""
    k = f.seen.get("rep")
    if k is None:
        k = f.seen["rep"] = _key(f.text)
    return k


def furniture_key_of(f: _F) -> str:
    """``furniture_key(f)``, remembered with the line's features."""
    k = f.seen.get("furniture")
    if k is None:
        k = f.seen["furniture"] = furniture_key(f)
    return k


_NO_KEY = object()


def template_key(f: _F) -> int | None:
    """The line's template key (``template.line_key``; from its fold when the features hold it),
    remembered with the line's features."""
    k = f.seen.get("template", _NO_KEY)
    if k is _NO_KEY:
        k = f.seen["template"] = tpl.squashed_key(f.squashed, f.words) if f.folded else tpl.line_key(f.text)
    return k


class _RepetitionRules:
    """Within-page and site-level repetition rules of ``clean._Cleaner``."""

    def init_repetition(self, template: tpl.SiteTemplate | None) -> None:
        keys = [rep_key(f) for f in self.f]
        self.rep_keys = keys
        self.rep_count = Counter(keys)
        self.rep_seen: dict[str, int] = {}  # key -> index of its first occurrence so far
        self.rep_prev: list[int | None] = []  # per labelled line: an earlier occurrence, if any
        # comment-zone furniture: short lines repeated (numbers masked) between the comment records
        fmax = self.p.param("comment_furniture", "max_words", 4)
        self.furn_keys = [furniture_key_of(f) if 0 < f.words <= fmax else "" for f in self.f]
        self.furn_count = Counter(k for k in self.furn_keys if k)
        self.template = template
        self.tpl_line: list[bool] = [False] * len(self.lines)
        if template is not None and template.pages >= self.p.param("site_template", "min_pages", 2) \
                and "site_template" not in self.p.disabled:
            mp = self.p.param("site_template", "min_pages", 2)
            share = self.p.param("site_template", "min_share", 0.5)
            # prose needs stronger evidence: two articles of a site may share a background paragraph
            pmp = self.p.param("site_template_prose", "min_pages", 3)
            pshare = self.p.param("site_template_prose", "min_share", 0.8)
            # the features hold most lines folded and squashed already: key those without folding again
            self.tpl_keys = [template_key(f) for f in self.f]
            self.tpl_line = [tpl.is_template(template, k, min_pages=pmp, min_share=pshare) if self.is_prose(f)
                             else tpl.is_template(template, k, min_pages=mp, min_share=share)
                             for k, f in zip(self.tpl_keys, self.f)]

    def comment_furniture(self, i: int, f: _F) -> LineLabel | None:
        """In the comments zone: a short line that recurs (numbers masked) at least ``min_repeats``
        times on the page, i.e. in one comment record after another (reply, like/vote counts,
        report-abuse links): the comment plugin's furniture, whatever its words."""
        # a label ending in a colon ('1) تعليق بواسطة :') is furniture too; a sentence is not
        if "comment_furniture" in self.p.disabled or f.terminal and not f.text.rstrip().endswith((":", "：")):
            return None
        k = self.furn_keys[i]
        n = self.furn_count[k] if k else 0
        if n < self.p.param("comment_furniture", "min_repeats", 3):
            return None
        return self.whole(i, None, "comment_furniture",
                          f"{self.p.reason('comment_furniture')} ({n} times on the page)")

    def quoted_prose(self, f: _F) -> bool:
        """Article text that may be quoted again: sentence punctuation at the end, or a quote mark first."""
        return (f.terminal and not f.ellipsis and f.words > self.p.param("repeated", "max_words", 6)) \
            or f.text.lstrip().startswith(self.c["quote_open"])

    def repeated_before(self, i: int) -> int | None:
        """Index of an earlier occurrence of line i on this page, if any."""
        k = self.rep_keys[i]
        if self.rep_count[k] < 2:
            return None
        first = self.rep_seen.setdefault(k, i)
        return first if first != i else None

    def repeated_or_template(self, i: int, f: _F) -> LineLabel | None:
        """In the body, after the rules that keep a date, byline, credit or caption: a line seen earlier
        on the page (not prose quoted again), or a line of the site's template."""
        if "repeated" not in self.p.disabled and self.rep_prev[i] is not None and _LETTER.search(f.text) \
                and not self.quoted_prose(f):
            return self.repeated_label(i, self.rep_prev[i])
        if self.tpl_line[i]:
            return self.template_label(i)
        return None

    def template_label(self, i: int) -> LineLabel:
        key = self.tpl_keys[i]
        return self.whole(i, None, "site_template", tpl.reason(self.template, key))

    def repeated_label(self, i: int, other: int) -> LineLabel:
        return self.whole(i, None, "repeated",
                          f"{self.p.reason('repeated')} (also line {self.lines[other].number})")

    def repeated_headings(self) -> None:
        """The first copy of a repeated body heading after the article's text: a heading-shaped line
        that occurs again on the page (a headline in two teaser lists, a menu item in the sidebar and
        the footer) is chrome in both places; only the header's copy can be the title, a sub-heading
        with article paragraphs after it stays, and prose quoted again stays."""
        if "repeated" in self.p.disabled:
            return
        hid = self.p.rule_id("heading")
        # a sub-heading inside the article (paragraphs go on after its own) stays, even when the
        # same words are a related link lower on the page
        last_par = max((k for k, lab in enumerate(self.labels) if lab.zone == "body" and lab.roles == ["paragraph"]),
                       default=-1)
        later: dict[str, int] = {}
        for k in range(len(self.labels) - 1, -1, -1):
            key = self.rep_keys[k]
            lab = self.labels[k]
            if (lab.zone == "body" and len(lab.segments) == 1 and lab.segments[0].rule == hid and k + 1 >= last_par
                    and self.rep_count[key] >= 2 and key in later and _LETTER.search(lab.text)):
                self.labels[k] = self.repeated_label(k, later[key])
                self.labels[k].zone = lab.zone
            later[key] = k

