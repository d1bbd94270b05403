"""Label every segment of every non-blank line: kept as a role, or removed by a rule with a reason.

The cleaner reads the page top to bottom through zones: ``header`` (before the first paragraph),
``body`` (the article), ``comments`` (reader comments), ``chrome`` (comment form, most-read teasers
...) and ``end`` (after a closing footer).  For each line it tries, in order:

1. the profile's pattern rules (site rules, then the generic lexicon): remove the line, maybe
   extract attested metadata (the site named by a disclaimer) and switch zone at a section marker;
2. in ``chrome``/``end`` zones: remove;
3. in ``comments``: signature lines (author - place -), the title line above a signature, dates,
   comment text;
4. in ``header``/``body``: the structural rules of the engine (docs/cleaning.md lists them with
   their ids), driven by the profile's ``structure`` parameters.

Blank lines are layout: they get no label.  A label's segments are ordered, non-overlapping and
trimmed of white space; the white space between them is layout too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import dates
from .normalize import fold, fold_pattern
from .profiles import Profile, Rule, squash
from .rawtext import RawText

_DIGIT = re.compile(r"\d")  # any Unicode decimal digit, as str.isdigit for our purposes

_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"
                            "\u0750-\u077f\u08a0-\u08c9\ufb50-\ufdfb\ufe70-\ufefc]")
_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True, slots=True)
class Segment:
    """A span of a line: ``role`` None means removed by ``rule``."""

    start: int
    end: int
    role: str | None
    rule: str
    reason: str
    figure: bool = False  # caption/credit of the same figure on this line


@dataclass(frozen=True, slots=True)
class MetaHit:
    key: str
    value: str
    start: int
    end: int
    rule: str


@dataclass(slots=True)
class LineLabel:
    number: int
    text: str
    zone: str
    segments: list[Segment]
    meta: list[MetaHit] = field(default_factory=list)
    comment: int = 0  # 1-based comment number for comment lines, else 0
    join_figure: bool = False  # the figure segments continue the figure of the previous labelled line

    @property
    def roles(self) -> list[str]:
        """Kept roles in order, or ['removed'] if nothing of the line is kept (the gold format)."""
        r = [s.role for s in self.segments if s.role is not None]
        return r or ["removed"]

    @property
    def removed(self) -> bool:
        return all(s.role is None for s in self.segments)

    def first_removed(self) -> Segment | None:
        return next((s for s in self.segments if s.role is None), None)


# -- precompiled structure ---------------------------------------------------------------------
def _alt(words) -> str:
    ws = sorted({squash(w) for w in words if w.strip()}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ws)


def compile_structure(p: Profile) -> dict:
    """Regexes and sets the structural rules need, built once per profile."""
    v = p.vocab
    c: dict = {}
    home = _alt(v.get("home_words", ())) or "(?!)"
    c["home"] = re.compile(r"^\s*(?:%s)(?=\s|[»›>/|:-]|$)" % home)
    c["sections"] = {squash(w) for w in v.get("section_words", ())}
    latin = _alt(v.get("credits_latin", ())) or "(?!)"
    # credit at the start of the line or right after a heading's closing punctuation
    c["credit_start"] = re.compile(
        r"(?:^|(?<=[؟?!.:\"”»]))\s*(?P<credit>(?:%s))(?![\w-])\s*(?P<sep>[|:/\-–—]\s*)?(?=\S)" % latin)
    arabic = _alt(v.get("credits_arabic", ())) or "(?!)"
    c["credit_paren"] = re.compile(
        r"\(\s*(?P<credit>[^()]*?(?:/|(?<![\w])(?:%s)(?![\w]))[^()]*?)\s*\)\s*$" % (arabic + "|" + latin))
    shape = p.structure["shape"]
    c["terminal"] = set(shape.get("terminal", ".!:؛…"))
    c["closing"] = shape.get("closing", "\"'”’»)]}›") + " \t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
    # lines longer than this are never matched by pattern/figure/date rules, so never folded
    c["fold_max"] = max(p.param("patterns", "max_words", 40), p.param("figure", "max_words", 60),
                        p.param("header_line", "max_words", 25), p.param("unpunctuated_run", "max_words", 30))
    c["list_markers"] = {squash(m) for m in p.param("list_marker", "markers", ["-"])}
    bullets = "".join(re.escape(b) for b in p.param("bullet_meta", "markers", ["•"]))
    c["bullet"] = re.compile(r"^\s*[%s]\s*" % bullets) if bullets else re.compile("(?!)")
    c["ellipsis"] = tuple(p.param("teaser", "ellipsis", ["...", "…"]))
    c["glued"] = re.compile(r"[؟?!](?=[\u0620-\u064a])")
    c["author"] = re.compile(
        r"^\s*(?P<author>[^\-–—:|()]{1,60}?)\s*(?P<d1>[-–—])\s*(?:(?P<place>[^\-–—:|()]{1,40}?)\s*(?P<d2>[-–—])\s*)?$")
    marks = _alt(p.param("byline", "markers", ["بقلم"]))
    c["byline"] = re.compile(r"^\s*(?:%s)\s*[:：,،\-–—]?\s*(?P<name>[^\d:：|()\-–—][^\d:：|()]{1,59}?)\s*[:：]?\s*$" % marks) if marks else re.compile("(?!)")
    upd = _alt(p.param("updated", "prefixes", ()))
    c["updated"] = re.compile(r"^\s*(?:%s)(?![\w])" % upd) if upd else re.compile("(?!)")
    labels = _alt(p.param("credit_line", "labels", ()))
    c["credit_line"] = re.compile(r"^\s*(?P<label>%s)\s*[:：،,]\s*(?P<credit>\S.*?)\s*$" % labels) if labels else re.compile("(?!)")
    c["source_labels"] = {squash(w) for w in p.param("credit_line", "source_labels", ())}
    labels = _alt(p.param("caption_line", "labels", ()))
    c["caption_line"] = re.compile(r"^\s*(?:%s)\s*[:：،,]\s*\S" % labels) if labels else re.compile("(?!)")
    marks = "".join(re.escape(b) for b in p.param("summary_bullet", "markers", ()))
    c["summary_bullet"] = re.compile(r"^\s*[%s]\s*\S" % marks) if marks else re.compile("(?!)")
    c["credit_copy"] = re.compile(r"(?P<sep>©)\s*(?P<credit>(?:%s))\s*$" % (arabic + "|" + latin))
    c["list_item"] = re.compile(r"^\s*[-–—•*]\s+\S")
    c["comment_number"] = re.compile(r"^\s*#?\d{1,4}\s*[.)\-]?\s*$")
    c["numbered_author"] = re.compile(
        r"^\s*(?P<num>#?\d{1,4}\s*[.)\-])\s*(?P<author>[^\-–—:|()\d]{1,60}?)\s*"
        r"(?:(?P<d1>[-–—])\s*(?:(?P<place>[^\-–—:|()]{1,40}?)\s*(?P<d2>[-–—])?\s*)?)?$")
    rel = p.param("comment_relative_date", "pattern", None)
    c["relative_date"] = re.compile(fold_pattern(rel), re.IGNORECASE) if rel else re.compile("(?!)")
    credits = _alt(v.get("credits_arabic", ())) + "|" + latin
    c["credit_only"] = re.compile(r"^\s*(?:©\s*|\(\s*)?(?P<credit>(?:%s))\s*\)?\s*$" % credits)
    c["credit_multi"] = re.compile(
        r"\s[-–—]\s*(?P<credit>(?:%s)(?:\s*[/،,+]\s*(?:%s))*)\s*$" % (credits, credits))
    c["author_place"] = re.compile(r"^\s*(?P<author>[^\-–—:|()\d]{1,40}?)\s*(?P<d1>[-–—])\s*(?P<place>[^\-–—:|()\d]{1,30}?)\s*$")
    c["header_dateline"] = re.compile(r"^\s*[^\d\-–—|:()]+?\s[-–—]\s+[^\d\-–—|:()]+$")
    roles = _alt(v.get("author_roles", ()))
    c["author_role"] = re.compile(r"^\s*(?:%s)(?![\w])" % fold_pattern(roles)) if roles else re.compile("(?!)")
    c["allow_final"] = set(p.param("header_line", "allow_final", ""))
    c["quote_open"] = tuple(p.param("quotation", "openers", ['"', "«", "“"]))
    c["dateline"] = re.compile(
        r"^\s*(?P<place>[\u0620-\u064a]+(?:\s+[\u0620-\u064a]+){0,%d})\s*(?:\([^()]{1,30}\)\s*)?[-–—]\s+"
        % (p.param("dateline", "max_words", 3) - 1))
    return c


# -- line features -------------------------------------------------------------------------------
@dataclass(slots=True)
class _F:
    text: str
    folded: str
    squashed: str
    words: int
    arabic: bool
    lead_space: bool
    terminal: bool
    ellipsis: bool


def _features(text: str, c: dict) -> _F:
    words = len(text.split())
    if words <= c["fold_max"]:
        folded = fold(text)  # folding is the costly part: long lines (paragraphs) never need it
        squashed = " ".join(folded.split())
    else:
        folded = squashed = ""
    tail = text.rstrip(c["closing"])
    return _F(
        text=text, folded=folded, squashed=squashed, words=words,
        arabic=_ARABIC_LETTER.search(text) is not None,
        lead_space=text[:1].isspace(),
        terminal=bool(tail) and tail[-1] in c["terminal"],
        ellipsis=text.rstrip().endswith(c["ellipsis"]),
    )


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


# -- the cleaner -----------------------------------------------------------------------------------
class _Cleaner:
    def __init__(self, raw: RawText, p: Profile):
        self.p = p
        self.c = p.compiled
        self.lines = [ln for ln in raw.lines if ln.text.strip()]
        self.f = [_features(ln.text, self.c) for ln in self.lines]
        self.labels: list[LineLabel] = []
        self.zone = "header"
        self.candidates: list[int] = []  # header lines that may be section/kicker/title
        self.title_frozen = False
        self.swallow: str | None = None  # rule id that asks to remove the next heading-shaped line
        self.comment = 0
        self.comment_open = False
        self.signature_first: bool | None = None  # comment layout, decided by the first comment line
        self.first_paragraph = True
        self.date_seen = False
        self.before_chrome = "body"  # the zone a chrome block interrupted (article prose resumes it)
        self.swallow_line = -1  # raw line number of the last line a 'read also' label swallowed
        self.chrome_from = "body"  # the zone a chrome block was entered from
        self.breadcrumb_seen = False
        self.menu_sections: set[int] = set()  # menu lines kept as the section (the active menu item)
        self.early_date: int | None = None  # a header date kept before the title (after the breadcrumb)
        # pages without blank lines give no layout signal: adjacency of lines means nothing there
        self.blank_lines = any(ln.blank for ln in raw.lines[:-1])
        self.pattern_max = p.param("patterns", "max_words", 40)
        self.heading_max = p.param("shape", "max_words", 12)
        self.date_max = p.param("date", "max_words", 12)

    # helpers ---------------------------------------------------------------------------------
    def whole(self, i: int, role: str | None, key: str, reason: str | None = None, rule: str | None = None) -> LineLabel:
        text = self.lines[i].text
        s, e = _trim(text, 0, len(text))
        seg = Segment(s, e, role, rule or self.p.rule_id(key), reason or self.p.reason(key))
        return LineLabel(self.lines[i].number, text, self.zone, [seg])

    def removed(self, i: int, key: str) -> LineLabel:
        return self.whole(i, None, key)

    def heading_shaped(self, f: _F, max_words: int | None = None) -> bool:
        return 0 < f.words <= (max_words or self.heading_max) and not f.terminal

    def match_rule(self, f: _F) -> tuple[Rule | None, re.Match | None]:
        r = self.p.exact.get(f.squashed)
        if r is not None and self.zone in r.zones:
            return r, None
        if f.words > self.pattern_max:
            return None, None
        for r in self.p.pattern_rules:
            if self.zone not in r.zones or (r.max_words is not None and f.words > r.max_words):
                continue
            m = r.regex.search(f.folded)
            if m:
                return r, m
        return None, None

    def is_prose(self, f: _F) -> bool:
        """Article-shaped: Arabic, long, ends with sentence punctuation, not a teaser's ellipsis."""
        return (f.arabic and f.words >= self.p.param("prose", "min_words", 12) and f.terminal
                and not f.ellipsis)

    def is_date(self, i: int) -> bool:
        f = self.f[i]
        return f.words <= self.date_max and dates.date_line(f.text, self.p.date_order) is not None

    def next_index(self, i: int) -> int | None:
        return i + 1 if i + 1 < len(self.lines) else None

    def set_zone(self, zone: str) -> None:
        if self.zone == "header" and zone != "header":
            self.close_header()
        self.zone = zone

    # header resolution -----------------------------------------------------------------------
    def close_header(self) -> None:
        """Decide section/kicker/title among the header's heading-shaped lines.

        Runs of short lines (menus) are removed; a section word right above the title is the
        section; the last remaining line is the title, the one above it (at most one) a kicker,
        anything earlier the site's header.  A short line between the title and the date is the
        author/source (or a dateline when it has a dash)."""
        cands = self.candidates
        self.candidates = []
        if not cands:
            return
        cands = self.drop_menus(cands)
        if not cands:
            return
        if len(cands) >= 2 and self.p.enabled("header_byline"):
            last, prev = cands[-1], cands[-2]
            fl = self.f[last]
            nxt = self.labels[last + 1] if last + 1 < len(self.labels) else None
            if (fl.words <= self.p.param("header_byline", "max_words", 5) and not self.is_section(fl)
                    and self.f[prev].words > fl.words and nxt is not None
                    and any(sg.role == "date" for sg in nxt.segments)):
                cands.pop()
                if re.search(r"\s[-–—]\s", fl.text):
                    self.relabel(last, "dateline", "header_byline")
                else:
                    lab = self.relabel(last, "byline", "header_byline")
                    sg = lab.segments[0]
                    lab.meta.append(MetaHit("byline", lab.text[sg.start:sg.end], sg.start, sg.end,
                                            self.p.rule_id("header_byline")))
        section = None
        if len(cands) >= 2 and self.is_section_at(cands[0]):
            section = cands.pop(0)
        elif len(cands) >= 2 and self.is_section_at(cands[-2]):
            section = cands.pop(-2)
        elif len(cands) >= 2 and self.is_section_at(cands[-1]) and self.p.enabled("section_below"):
            section = cands.pop(-1)  # the section label under the title
        if section is not None:
            lab = self.relabel(section, "section", "section_label")
            sg = lab.segments[0]
            lab.meta.append(MetaHit("section", lab.text[sg.start:sg.end], sg.start, sg.end, self.p.rule_id("section_label")))
        title = cands[-1]
        rest = [i for i in cands[:-1] if section is None or i > section or section > title]
        early = [i for i in cands[:-1] if i not in rest]
        if rest:
            kicker = rest[-1]
            # an overline kicker is short; a long line above the last one is the title and the last
            # one its sub-headline (a kicker below the title)
            if (self.p.enabled("subtitle") and kicker + 1 == title
                    and self.f[kicker].words > self.p.param("kicker", "max_words", 6)):
                kicker, title = title, kicker
            self.relabel(kicker, "kicker", "kicker")
            early += rest[:-1]
        for i in early:
            self.labels[i] = self.removed(i, "site_header")
        lab = self.relabel(title, "title", "title")
        sg = lab.segments[0]
        lab.meta.append(MetaHit("title", lab.text[sg.start:sg.end], sg.start, sg.end, self.p.rule_id("title")))

    def drop_menus(self, cands: list[int]) -> list[int]:
        """Remove header candidates in runs of >= min_run short lines (removed lines count as short);
        the last line of a run may stay as the section when it is a section word right above the title."""
        if not self.p.enabled("menu"):
            return cands
        mx, need = self.p.param("menu", "max_words", 3), self.p.param("menu", "min_run", 3)
        cset = set(cands)
        n = len(self.labels)
        drop: set[int] = set()
        i = 0
        while i < n:
            j = i
            while j < n and (self.labels[j].removed or (j in cset and self.f[j].words <= mx)):
                j += 1
            run = [k for k in range(i, j) if k in cset]
            if j - i >= need and run:
                last = run[-1]
                # the section label repeats the active menu item: 'الدول العربية' in the menu and above the title
                # and stands apart from the menu (a blank line above it) but attached to the title
                num = self.labels[last].number
                repeated = (self.p.enabled("menu_section") and last > 0 and last + 1 < n
                            and self.labels[last - 1].number < num - 1 and self.labels[last + 1].number == num + 1
                            and any(self.f[k].squashed == self.f[last].squashed for k in range(i, last)))
                keep_last = ((self.is_section(self.f[last]) or repeated) and last + 1 in cset
                             and self.f[last + 1].words > mx)
                if keep_last and repeated:
                    self.menu_sections.add(last)
                drop.update(run[:-1] if keep_last else run)
            i = max(j, i + 1)
        for k in drop:
            self.labels[k] = self.removed(k, "menu")
        return [k for k in cands if k not in drop]

    def is_section(self, f: _F) -> bool:
        return f.words <= self.p.param("section_label", "max_words", 3) and f.squashed in self.c["sections"]

    def is_section_at(self, i: int) -> bool:
        return i in self.menu_sections or self.is_section(self.f[i])

    def header_shaped(self, f: _F) -> bool:
        """A header line that may be a title: heading-shaped up to header_line.max_words; a title may end in '!'."""
        if not 0 < f.words <= self.p.param("header_line", "max_words", 25):
            return False
        if not f.terminal:
            return True
        tail = f.text.rstrip(self.c["closing"])
        return tail[-1:] in self.c["allow_final"] and not f.ellipsis

    def relabel(self, i: int, role: str, key: str) -> LineLabel:
        lab = self.labels[i]
        s = lab.segments[0]
        lab.segments[0] = Segment(s.start, s.end, role, self.p.rule_id(key), self.p.reason(key))
        return lab

    # per-zone logic ----------------------------------------------------------------------------
    def run(self) -> list[LineLabel]:
        for i, f in enumerate(self.f):
            self.labels.append(self.label(i, f))
        if self.zone == "header":
            if self.candidates and len(self.candidates) > 1 and not self.title_frozen:
                # no paragraph at all: the first heading-shaped line is the title, the rest headings
                first, rest = self.candidates[0], self.candidates[1:]
                self.candidates = [first]
                for i in rest:
                    self.relabel(i, "heading", "heading")
            self.close_header()
        if self.p.enabled("signature"):
            self.closing_signature()
        if self.p.enabled("list_item"):
            self.list_items()
        if self.p.enabled("orphan_heading"):
            self.drop_orphan_headings()
        return self.labels

    def _single(self, k: int, rule_key: str) -> bool:
        lab = self.labels[k]
        return len(lab.segments) == 1 and lab.segments[0].rule == self.p.rule_id(rule_key)

    def closing_signature(self) -> None:
        """The author's signature after the article: a short name line right after a paragraph and,
        on the next line, the author's description ('كاتب وباحث سياسي عراقي') -> byline, byline."""
        n = len(self.labels)
        mx = self.p.param("signature", "max_words", 5)
        for k in range(1, n - 1):
            lab, nxt = self.labels[k], self.labels[k + 1]
            if (lab.zone != "body" or not self._single(k, "heading") or self.f[k].words > mx
                    or self.labels[k - 1].roles != ["paragraph"] or nxt.number != lab.number + 1
                    or nxt.zone != "body" or not self._single(k + 1, "heading")
                    or not self.c["author_role"].match(self.f[k + 1].folded)
                    or _DIGIT.search(lab.text)):
                continue
            for j in (k, k + 1):
                zone = self.labels[j].zone
                self.labels[j] = self.whole(j, "byline", "signature")
                self.labels[j].zone = zone
            sg = self.labels[k].segments[0]
            self.labels[k].meta.append(MetaHit("byline", lab.text[sg.start:sg.end], sg.start, sg.end,
                                               self.p.rule_id("signature")))

    def list_items(self) -> None:
        """Short lines inside the article are a list, not headings: after a paragraph ending in ':'
        (all items), or between two paragraphs (a heading above at least min_items items)."""
        n = len(self.labels)
        need = self.p.param("list_item", "min_items", 2)
        k = 0
        while k < n:
            if self.labels[k].zone != "body" or not self._single(k, "heading"):
                k += 1
                continue
            m = k
            while (m + 1 < n and self.labels[m + 1].zone == "body" and self._single(m + 1, "heading")
                   and self.labels[m + 1].number == self.labels[m].number + 1):
                m += 1
            prev = self.labels[k - 1] if k > 0 else None
            after = self.labels[m + 1] if m + 1 < n else None
            items: list[int] = []
            if prev is not None and prev.roles == ["paragraph"]:
                tail = prev.text.rstrip(self.c["closing"])
                if tail.endswith((":", "：")):
                    items = list(range(k, m + 1))
                elif after is not None and after.roles == ["paragraph"] and m - k >= need:
                    items = list(range(k + 1, m + 1))
            for j in items:
                zone = self.labels[j].zone
                self.labels[j] = self.whole(j, "paragraph", "list_item")
                self.labels[j].zone = zone
            k = m + 1

    def drop_orphan_headings(self) -> None:
        """A heading introduces text: a body heading not followed by a paragraph (or a figure) is chrome."""
        hid = self.p.rule_id("heading")
        n = len(self.labels)
        for k in range(n - 1, -1, -1):
            lab = self.labels[k]
            if lab.zone != "body" or len(lab.segments) != 1 or lab.segments[0].rule != hid:
                continue
            nxt = self.labels[k + 1] if k + 1 < n else None
            roles = set(nxt.roles) if nxt is not None else set()
            if not roles & {"paragraph", "caption", "credit"}:
                zone = lab.zone
                self.labels[k] = self.removed(k, "orphan_heading")
                self.labels[k].zone = zone

    def label(self, i: int, f: _F) -> LineLabel:
        if self.zone in ("header", "body"):
            lab = self.credit_only(i, f)
            if lab is not None:
                return lab
        rule, m = self.match_rule(f)
        if rule is not None:
            lab = self.whole(i, None, "", rule.reason, rule.id)
            if rule.meta and m is not None and m.group(rule.meta["group"]):
                g = rule.meta["group"]
                s, e = _trim(f.text, m.start(g), m.end(g))
                if e > s:
                    lab.meta.append(MetaHit(rule.meta["key"], f.text[s:e], s, e, rule.id))
            self.swallow = rule.id if rule.swallow_next else None
            if rule.then and self.zone == "header" and rule.then in self.p.param("weak_zone_switch", "zones", ()) \
                    and self.p.enabled("weak_zone_switch"):
                return lab  # a comment-form link in the share bar: no chrome zone before the article
            if rule.then:
                if rule.then == "chrome" and self.zone in ("header", "body"):
                    self.before_chrome = "body"
                if rule.then == "chrome" and self.zone != "chrome":
                    self.chrome_from = self.zone
                self.set_zone(rule.then)
                lab.zone = self.zone
                self.comment_open = False
                self.signature_first = None
            return lab
        if self.zone == "chrome":
            if (self.chrome_from == "comments" and self.p.enabled("comments_resume")
                    and self.comment_author_above_date(i, f)):
                self.zone = "comments"  # the comment form came before the comment list
                self.comment_open = False
                self.signature_first = None
                return self.comment_line(i, f)
            if self.is_prose(f) and self.p.enabled("prose"):
                self.set_zone(self.before_chrome)
                return self.article_line(i, f)
            return self.removed(i, "zone_chrome")
        if self.zone == "end":
            return self.removed(i, "zone_end")
        if self.zone == "comments":
            return self.comment_line(i, f)
        return self.article_line(i, f)

    def comment_line(self, i: int, f: _F) -> LineLabel:
        """Comments come as 'title, signature, text...' or as 'signature, text...': the first comment
        line of the section decides which (a signature first means no comment has a title)."""
        p, c = self.p, self.c
        if c["comment_number"].match(f.text) and p.enabled("comment_number"):
            self.comment_open = False  # the next line starts a comment
            return self.removed(i, "comment_number")
        if f.words <= self.date_max and (c["relative_date"].match(f.folded) or self.is_date(i)):
            if not self.comment_open:
                self.comment += 1
                self.comment_open = True
            lab = self.whole(i, "comment-date", "comment_date")
            lab.comment = self.comment
            return lab
        nxt = self.next_index(i)
        # 'author' line right above the comment's date line
        if self.comment_author_above_date(i, f):
            prev = self.labels[-1] if self.labels else None
            if not (prev is not None and prev.comment == self.comment and prev.roles == ["comment-title"]
                    and prev.number == self.lines[i].number - 1):
                self.comment += 1
            self.comment_open = True
            m = c["author_place"].match(f.text)
            if m and _LETTER.search(m.group("place")):
                rid, reason = p.rule_id("comment_author"), p.reason("comment_author")
                a0, a1 = _trim(f.text, *m.span("author"))
                s0, s1 = _trim(f.text, *m.span("d1"))
                p0, p1 = _trim(f.text, *m.span("place"))
                lab = LineLabel(self.lines[i].number, f.text, self.zone, [
                    Segment(a0, a1, "comment-author", rid, reason),
                    Segment(s0, s1, None, p.rule_id("separator"), p.reason("separator")),
                    Segment(p0, p1, "comment-place", rid, reason)])
            else:
                lab = self.whole(i, "comment-author", "comment_author")
            lab.comment = self.comment
            return lab
        # a short line right above the author line: the comment's title (title / author / date / text)
        if (p.enabled("comment_title_above_author") and nxt is not None and self.heading_shaped(f, 6)
                and _LETTER.search(f.text) and self.lines[nxt].number == self.lines[i].number + 1
                and self.comment_author_above_date(nxt, self.f[nxt])):
            self.comment += 1
            self.comment_open = True
            lab = self.whole(i, "comment-title", "comment_title")
            lab.comment = self.comment
            return lab
        # a short unpunctuated line after the date and before the text: the comment's title
        prev = self.labels[-1] if self.labels else None
        if (prev is not None and prev.comment == self.comment and prev.roles == ["comment-date"]
                and self.heading_shaped(f, 6) and nxt is not None and not self.is_date(nxt)
                and self.f[nxt].words > f.words and _LETTER.search(f.text)):
            lab = self.whole(i, "comment-title", "comment_title")
            lab.comment = self.comment
            return lab
        sig = self.signature(i)
        if self.signature_first is None:
            self.signature_first = sig is not None
        if sig is not None:
            prev = self.labels[-1] if self.labels else None
            after_title = (prev is not None and prev.comment == self.comment and prev.comment
                           and prev.segments[0].role == "comment-title" and prev.number == self.lines[i].number - 1)
            if self.signature_first or not (self.comment_open and after_title):
                self.comment += 1
            self.comment_open = True
            sig.comment = self.comment
            return sig
        nxt = i + 1
        if (not self.signature_first and nxt < len(self.lines)
                and self.lines[nxt].number == self.lines[i].number + 1
                and not f.terminal and f.words <= self.p.param("comment_title", "max_words", 40)
                and self.signature(nxt) is not None):
            self.comment += 1
            self.comment_open = True
            lab = self.whole(i, "comment-title", "comment_title")
            lab.comment = self.comment
            return lab
        if not self.comment_open:
            self.comment += 1
            self.comment_open = True
        d = dates.whole_date(f.text, self.p.date_order) if f.words <= 6 else None
        if d is not None:
            lab = self.whole(i, "comment-date", "comment_date")
        else:
            lab = self.whole(i, "comment-paragraph", "comment_paragraph")
        lab.comment = self.comment
        return lab

    def comment_author_above_date(self, i: int, f: _F) -> bool:
        """A short unpunctuated line (a name, maybe 'name - place') right above a date line."""
        c = self.c
        nxt = self.next_index(i)
        return (not f.terminal and f.words <= self.p.param("comment_author", "max_words", 6) - 2 and nxt is not None
                and _LETTER.search(f.text) is not None and c["numbered_author"].match(f.text) is None
                and (c["relative_date"].match(self.f[nxt].folded) is not None or self.is_date(nxt)))

    def signature(self, i: int) -> LineLabel | None:
        f = self.f[i]
        if f.words > self.p.param("comment_author", "max_words", 6) or not f.arabic:
            return None
        m = self.c["author"].match(f.text) or self.c["numbered_author"].match(f.text)
        if not m or not _LETTER.search(m.group("author")):
            return None
        numbered = "num" in m.re.groupindex
        if numbered and not m.group("d1"):
            return None  # '1. text' is a numbered paragraph, not a signature
        text = f.text
        segs: list[Segment] = []
        rid, reason = self.p.rule_id("comment_author"), self.p.reason("comment_author")
        sep_id, sep_reason = self.p.rule_id("separator"), self.p.reason("separator")
        if numbered:
            n0, n1 = _trim(text, m.start("num"), m.end("num"))
            segs.append(Segment(n0, n1, None, self.p.rule_id("comment_number"), self.p.reason("comment_number")))
        a0, a1 = _trim(text, m.start("author"), m.end("author"))
        segs.append(Segment(a0, a1, "comment-author", rid, reason))
        segs.append(Segment(m.start("d1"), m.end("d1"), None, sep_id, sep_reason))
        if m.group("place") and _LETTER.search(m.group("place")):
            p0, p1 = _trim(text, m.start("place"), m.end("place"))
            segs.append(Segment(p0, p1, "comment-place", rid, reason))
            if m.group("d2"):
                segs.append(Segment(m.start("d2"), m.end("d2"), None, sep_id, sep_reason))
        elif m.group("place"):
            return None
        return LineLabel(self.lines[i].number, text, self.zone, segs)

    def article_line(self, i: int, f: _F) -> LineLabel:
        p, c = self.p, self.c
        text = f.text
        # a related link announced by a list marker or a 'read also' label; after a label, the
        # links go on while heading-shaped lines follow without a blank line, or start with a dash
        if self.swallow is not None:
            num = self.lines[i].number
            go_on = (self.swallow_line < 0 or num == self.swallow_line + 1
                     or c["list_item"].match(text) is not None)
            # without blank lines to tell them apart: a line much shorter than the link above it and
            # right above a paragraph is the article's next heading
            if (go_on and self.swallow_line >= 0 and not self.blank_lines and c["list_item"].match(text) is None
                    and 2 * f.words <= self.f[i - 1].words and self.introduces_prose(i)):
                go_on = False
            if go_on and f.arabic and self.heading_shaped(f, p.param("related_link", "max_words", 16)):
                if self.swallow == p.rule_id("list_marker"):
                    self.swallow = None
                else:
                    self.swallow_line = num
                return self.removed(i, "related_link")
            self.swallow, self.swallow_line = None, -1
        # bulleted metadata: "• 9/27/2023", "• 00:00", "• 4"
        mb = c["bullet"].match(text) if p.enabled("bullet_meta") else None
        if mb and f.words <= 4:
            lab = self.date_line(i, f)
            if lab is not None:
                return lab
            if not f.arabic:
                return self.removed(i, "bullet_meta")
        # summary bullets ('• مسيرة مفخخة تسقط قرب قاعدة ...') are editorial text
        if (p.enabled("summary_bullet") and f.arabic and c["summary_bullet"].match(text)
                and f.words > p.param("summary_bullet", "min_words", 3)):
            if self.zone == "header":
                self.set_zone("body")
            return self.whole(i, "paragraph", "summary_bullet")
        has_digit = _DIGIT.search(f.folded) is not None
        # 'last updated' stamps
        if (has_digit and p.enabled("updated") and f.words <= p.param("updated", "max_words", 14)
                and c["updated"].match(f.folded)):
            return self.removed(i, "updated")
        # a line that is only a date (with a publication label and a time)
        if f.words <= self.date_max and has_digit:
            lab = self.date_line(i, f)
            if lab is None and p.enabled("byline_date"):
                lab = self.byline_date(i, f)
            if lab is not None:
                return lab
        if f.squashed in c["list_markers"] and p.enabled("list_marker"):
            self.swallow = p.rule_id("list_marker")
            return self.removed(i, "list_marker")
        if f.words <= p.param("byline", "max_words", 8) and p.enabled("byline"):
            m = c["byline"].match(f.folded)
            if m and _LETTER.search(m.group("name")):
                lab = self.whole(i, "byline", "byline")
                s, e = _trim(text, *m.span("name"))
                lab.meta.append(MetaHit("byline", text[s:e], s, e, p.rule_id("byline")))
                if self.zone == "header":
                    self.title_frozen = True
                return lab
        lab = self.credit_or_caption_line(i, f)
        if lab is not None:
            return lab
        if not f.arabic and p.enabled("no_arabic"):
            return self.removed(i, "no_arabic")
        # breadcrumb (header only): everything above it is the site's header
        if self.zone == "header" and p.enabled("breadcrumb"):
            lab = self.breadcrumb(i, f)
            if lab is not None:
                return lab
        # teaser of another article
        if f.lead_space and f.ellipsis and p.enabled("teaser"):
            self.untitle_teaser(i)
            return self.removed(i, "teaser")
        if p.enabled("figure") and f.words <= p.param("figure", "max_words", 60):
            lab = self.figure(i, f)
            if lab is not None:
                return lab
        if self.zone == "body" and f.words <= p.param("unpunctuated_run", "max_words", 30) \
                and p.enabled("glued_titles") and "." not in f.squashed and c["glued"].search(text):
            return self.removed(i, "glued_titles")
        if self.zone == "header":
            titled = any(self.f[k].words > p.param("menu", "max_words", 3) for k in self.candidates)
            if (titled and p.enabled("header_dateline") and f.words <= p.param("header_dateline", "max_words", 5)
                    and c["header_dateline"].match(text) and not self.is_section(f)):
                return self.whole(i, "dateline", "header_dateline")
            if (not self.title_frozen or not titled) and self.header_shaped(f):
                self.candidates.append(i)
                return self.whole(i, "title", "title")  # provisional: resolved in close_header
            if self.heading_shaped(f):
                if p.enabled("header_caption"):
                    return self.figure_line(i, "caption", "header_caption")
                return self.whole(i, "heading", "heading")
            self.set_zone("body")
            return self.paragraph(i, f)
        if self.heading_shaped(f):
            return self.whole(i, "heading", "heading")
        if (not f.terminal and f.words <= p.param("unpunctuated_run", "max_words", 30)
                and p.enabled("unpunctuated_run") and not self.is_quotation(i, f)):
            return self.removed(i, "unpunctuated_run")
        return self.paragraph(i, f)

    def is_quotation(self, i: int, f: _F) -> bool:
        """A quotation on its own line: it opens with a quote mark, or follows a line ending in ':'."""
        if not self.p.enabled("quotation"):
            return False
        if f.text.lstrip().startswith(self.c["quote_open"]):
            return True
        prev = self.labels[-1] if self.labels and len(self.labels) == i else None
        return (prev is not None and prev.roles == ["paragraph"]
                and prev.text.rstrip(self.c["closing"]).endswith((":", "：")))

    def introduces_prose(self, i: int) -> bool:
        """The next line (no blank line between) is a paragraph: long, with sentence punctuation."""
        nxt = self.next_index(i)
        return (nxt is not None and self.lines[nxt].number == self.lines[i].number + 1
                and self.f[nxt].words > self.heading_max and self.f[nxt].terminal and not self.f[nxt].ellipsis)

    def credit_only(self, i: int, f: _F) -> LineLabel | None:
        """A line that is only a photo credit ('© AFP', '(أرشيفية)', 'أرشيفية') right under a caption or
        a heading-shaped line: the credit of that figure (the line above becomes its caption)."""
        p = self.p
        if not p.enabled("credit_only") or f.words > p.param("credit_only", "max_words", 4) or i == 0 \
                or len(self.labels) != i or not self.c["credit_only"].match(f.folded):
            return None
        prev = self.labels[i - 1]
        if len(prev.segments) != 1 or prev.segments[0].role not in ("caption", "heading") \
                or self.f[i - 1].terminal or prev.number != self.lines[i].number - 1:
            return None
        if prev.segments[0].role == "heading":
            zone = prev.zone
            self.labels[i - 1] = self.figure_line(i - 1, "caption", "credit_only")
            self.labels[i - 1].zone = zone
        elif not prev.segments[0].figure:
            return None
        return self.figure_line(i, "credit", "credit_only", True)

    def byline_date(self, i: int, f: _F) -> LineLabel | None:
        """'علي جواد | 23.05.2024 - تحديث : 23.05.2024': the author and the date on one line."""
        text = f.text
        bar = text.find("|")
        if bar < 0:
            return None
        name = text[:bar]
        if not (0 < len(name.split()) <= self.p.param("byline_date", "max_words", 4)) or _DIGIT.search(name) \
                or not _LETTER.search(name):
            return None
        dl = dates.date_line(text[bar + 1:], self.p.date_order)
        if dl is None:
            return None
        lab = self.date_line(i, f, bar + 1, dl)
        if lab is None or not any(sg.role == "date" for sg in lab.segments):
            return None
        n0, n1 = _trim(text, 0, bar)
        rid, reason = self.p.rule_id("byline_date"), self.p.reason("byline_date")
        segs = [sg for sg in lab.segments if sg.start > bar]
        lab.segments = [Segment(n0, n1, "byline", rid, reason),
                        Segment(bar, bar + 1, None, self.p.rule_id("separator"), self.p.reason("separator"))] + segs
        lab.meta.append(MetaHit("byline", text[n0:n1], n0, n1, rid))
        return lab

    def paragraph(self, i: int, f: _F) -> LineLabel:
        lab = self.whole(i, "paragraph", "paragraph")
        if self.first_paragraph:
            self.first_paragraph = False
            m = self.c["dateline"].match(f.text) if self.p.enabled("dateline") else None
            if m and m.end() <= self.p.param("dateline", "max_offset", 40):
                s, e = m.span("place")
                lab.meta.append(MetaHit("dateline", f.text[s:e], s, e, self.p.rule_id("dateline")))
        return lab

    def date_line(self, i: int, f: _F, off: int = 0, dl: dates.DateLine | None = None) -> LineLabel | None:
        """The line as a date line; ``off``/``dl``: the date line found in ``f.text[off:]``."""
        if dl is None:
            dl = dates.date_line(f.text, self.p.date_order)
        if dl is None or not self.p.enabled("date"):
            return None
        # before any title-shaped header line: the site's current-date widget (not after the
        # breadcrumb, which opens the article's own header)
        if self.zone == "header" and self.p.enabled("date_widget") and not self.title_frozen \
                and not self.breadcrumb_seen and not any(
                self.f[k].words > self.p.param("menu", "max_words", 3) for k in self.candidates):
            return self.removed(i, "date_widget")
        # a second date in the article (related links' dates, a repeated footer stamp) is not its date
        if self.date_seen and self.zone == "body" and self.p.enabled("updated"):
            return self.removed(i, "updated")
        # a date before the title and another after it: the first one was the site's date widget
        if self.zone == "header" and self.early_date is not None and self.p.enabled("date_widget") \
                and any(k > self.early_date for k in self.candidates):
            self.labels[self.early_date] = self.removed(self.early_date, "date_widget")
            self.early_date = None
        elif self.zone == "header" and not self.date_seen and not any(
                self.f[k].words > self.p.param("menu", "max_words", 3) for k in self.candidates):
            self.early_date = i
        self.date_seen = True
        d = dl.date
        text = f.text
        s, e = _trim(text, off + dl.start, off + dl.end)
        segs = []
        sep_id, sep_reason = self.p.rule_id("separator"), self.p.reason("separator")
        a, b = _trim(text, off, s)
        if b > a:
            segs.append(Segment(a, b, None, sep_id, sep_reason))
        segs.append(Segment(s, e, "date", self.p.rule_id("date"), self.p.reason("date")))
        a, b = _trim(text, e, len(text))
        if b > a:
            if _LETTER.search(text[a:b]):  # an update stamp after the date
                segs.append(Segment(a, b, None, self.p.rule_id("updated"), self.p.reason("updated")))
            else:
                segs.append(Segment(a, b, None, sep_id, sep_reason))
        lab = LineLabel(self.lines[i].number, text, self.zone, segs)
        if d.value is not None:
            ds, de = _trim(text, off + d.start, off + d.end)
            lab.meta.append(MetaHit("date", d.value, ds, de, self.p.rule_id("date")))
        if self.zone == "header":
            self.title_frozen = True
        return lab

    def figure_line(self, i: int, role: str, key: str, join: bool = False) -> LineLabel:
        lab = self.whole(i, role, key)
        sg = lab.segments[0]
        lab.segments[0] = Segment(sg.start, sg.end, role, sg.rule, sg.reason, True)
        lab.join_figure = join
        return lab

    def credit_or_caption_line(self, i: int, f: _F) -> LineLabel | None:
        """'صورة: رووداو' / 'المصدر: AFP' (credit; the heading-shaped line above is its caption),
        'المصدر : الجزيرة + وكالات' (source line: byline), 'التعليق على الصورة، …' (caption)."""
        p, c = self.p, self.c
        prev = self.labels[i - 1] if i > 0 and len(self.labels) == i else None
        if p.enabled("caption_line") and f.arabic and c["caption_line"].match(f.folded):
            join = (prev is not None and len(prev.segments) == 1 and prev.segments[0].role == "credit"
                    and prev.segments[0].figure)
            if self.zone == "header":
                self.title_frozen = True
            return self.figure_line(i, "caption", "caption_line", join)
        if not p.enabled("credit_line") or f.words > p.param("credit_line", "max_words", 8):
            return None
        m = c["credit_line"].match(f.folded)
        if not m:
            return None
        prev_caption = (prev is not None and len(prev.segments) == 1
                        and prev.segments[0].role in ("heading", "caption", "paragraph")
                        and not self.f[i - 1].terminal
                        and self.f[i - 1].words <= p.param("header_line", "max_words", 25))
        credit = m.group("credit")
        if squash(m.group("label")) in c["source_labels"] and not prev_caption and _ARABIC_LETTER.search(credit):
            if p.enabled("source_line") and f.words <= p.param("source_line", "max_words", 8):
                return self.whole(i, "byline", "source_line")
            return None
        if prev_caption:
            zone = prev.zone
            self.labels[i - 1] = self.figure_line(i - 1, "caption", "credit_line")
            self.labels[i - 1].zone = zone
        if self.zone == "header":
            self.title_frozen = True
        return self.figure_line(i, "credit", "credit_line", prev_caption)

    def breadcrumb(self, i: int, f: _F) -> LineLabel | None:
        if f.words < 2 or f.words > 40:
            return None
        m = self.c["home"].match(f.folded)
        if not m:
            return None
        text = f.text
        lab = self.removed(i, "breadcrumb")
        self.breadcrumb_seen = True
        # everything kept above is the site header
        for j, prev in enumerate(self.labels):
            if any(s.role is not None for s in prev.segments):
                self.labels[j] = self.removed(j, "site_header")
        self.candidates = []
        self.title_frozen = False
        # the section: between the home word and the title (the next line), or the 2nd crumb
        rest_start = m.end()
        end = len(text.rstrip())
        nxt = self.lines[i + 1].text.strip() if i + 1 < len(self.lines) else ""
        sec = None
        if nxt and f.folded[:end].endswith(fold(nxt)) and end - len(nxt) > rest_start:
            sec = (rest_start, end - len(nxt))
        else:
            parts = re.split(r"[»›>/|]", text[rest_start:end])
            if len(parts) >= 2 and parts[0].strip() == "":
                off = rest_start + len(parts[0]) + 1
                sec = (off, off + len(parts[1]))
            elif len(parts) == 1:
                sec = (rest_start, end)
        if sec is not None:
            s, e = _trim(text, *sec)
            s2 = s
            while s2 < e and text[s2] in "»›>/|:-":
                s2 += 1
            s, e = _trim(text, s2, e)
            words = len(text[s:e].split())
            if e > s and words <= self.p.param("breadcrumb", "max_words", 4) and _LETTER.search(text[s:e]):
                lab.meta.append(MetaHit("section", text[s:e], s, e, self.p.rule_id("breadcrumb")))
        return lab

    def untitle_teaser(self, i: int) -> None:
        """The line above a teaser, if heading-shaped and kept, is the teaser's title."""
        if i == 0 or not self.labels:
            return
        j = i - 1
        prev = self.labels[j]
        if len(prev.segments) == 1 and prev.segments[0].role in ("heading", "title", "kicker", "section") \
                and self.heading_shaped(self.f[j], self.p.param("header_line", "max_words", 25)):
            if j in self.candidates:
                self.candidates.remove(j)
            self.labels[j] = self.removed(j, "teaser_title")

    def figure(self, i: int, f: _F) -> LineLabel | None:
        text = f.text
        c, p = self.c, self.p
        rid, reason = p.rule_id("figure"), p.reason("figure")
        sep_id, sep_reason = p.rule_id("separator"), p.reason("separator")
        for key, rx in (("credit_dash", c["credit_multi"]), ("credit_copy", c["credit_copy"])):
            m = rx.search(f.folded)
            if m is None:
                continue
            cap0, cap1 = _trim(text, 0, m.start())
            caption = text[cap0:cap1]
            if key == "credit_dash" and (not caption or caption.rstrip(c["closing"])[-1:] in c["terminal"]):
                continue
            if not _ARABIC_LETTER.search(caption) or len(caption.split()) > 40:
                continue
            sep0, sep1 = _trim(text, cap1, m.start("credit"))
            cr0, cr1 = _trim(text, m.start("credit"), m.end("credit"))
            segs = [Segment(cap0, cap1, "caption", rid, reason, True)]
            if sep1 > sep0:
                segs.append(Segment(sep0, sep1, None, sep_id, sep_reason))
            segs.append(Segment(cr0, cr1, "credit", rid, reason, True))
            if self.zone == "header":
                self.title_frozen = True
            return LineLabel(self.lines[i].number, text, self.zone, segs)
        m = c["credit_start"].search(f.folded) if _LATIN.search(text) else None
        if m:
            cap0, cap1 = _trim(text, m.end(), len(text))
            caption = text[cap0:cap1]
            if _ARABIC_LETTER.search(caption) and not caption.startswith(("(", "[")):
                segs = []
                h0, h1 = _trim(text, 0, m.start("credit"))
                if h1 > h0:
                    segs.append(Segment(h0, h1, "heading", p.rule_id("heading"), p.reason("heading")))
                segs.append(Segment(m.start("credit"), m.end("credit"), "credit", rid, reason, True))
                if m.group("sep"):
                    s0, s1 = _trim(text, m.start("sep"), m.end("sep"))
                    segs.append(Segment(s0, s1, None, sep_id, sep_reason))
                segs.append(Segment(cap0, cap1, "caption", rid, reason, True))
                if self.zone == "header":
                    self.title_frozen = True
                return LineLabel(self.lines[i].number, text, self.zone, segs)
        m = c["credit_paren"].search(f.folded) if text.rstrip().endswith(")") else None
        if m:
            cap0, cap1 = _trim(text, 0, m.start())
            caption = text[cap0:cap1]
            tail = caption.rstrip(c["closing"])
            if _ARABIC_LETTER.search(caption) and tail and tail[-1] not in c["terminal"] \
                    and len(caption.split()) <= 40:
                cr0, cr1 = _trim(text, m.start("credit"), m.end("credit"))
                open_ = text.index("(", cap1)
                close = text.rindex(")")
                segs = [Segment(cap0, cap1, "caption", rid, reason, True),
                        Segment(open_, open_ + 1, None, sep_id, sep_reason),
                        Segment(cr0, cr1, "credit", rid, reason, True),
                        Segment(close, close + 1, None, sep_id, sep_reason)]
                if self.zone == "header":
                    self.title_frozen = True
                return LineLabel(self.lines[i].number, text, self.zone, segs)
        return None


def clean(raw: RawText, profile: Profile) -> list[LineLabel]:
    """Labels for every non-blank line of ``raw``, in line order."""
    return _Cleaner(raw, profile).run()
