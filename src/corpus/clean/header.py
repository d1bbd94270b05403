"""The article's header zone: site header, menus, breadcrumb, section, kicker, title, byline
and date lines.

Header lines that may be a title are only candidates until the header closes
(``close_header``): which one is the title depends on the lines around it."""
from __future__ import annotations

import re

from corpus.text import dates
from corpus.clean.features import _DIGIT, _F, _LETTER, _trim
from corpus.clean.labels import LineLabel, MetaHit, Segment
from corpus.clean.profiles import squash
from corpus.text.normalize import fold

#: 'Place - Name' / 'Place: Name' (a place of at most three words)
_PLACE_PERSON = re.compile(r"^\s*(?P<place>[^\W\d_]+(?:\s+[^\W\d_]+){0,2})(?P<sep>\s*[:：]|\s+[-–—])\s*"
                           r"(?P<who>[^\W\d_][^\d\-–—:：|()]*?)\s*$")


#: a breadcrumb separator alone on a line (a per-node scraper splits a breadcrumb into its items)
_CRUMB_SEPARATORS = frozenset("/>»›|<«‹\\")

class _HeaderRules:
    """Header-zone rules of ``clean._Cleaner``."""

    def close_header(self) -> None:
        """Decide section/kicker/title among the header's heading-shaped lines.

        Runs of short lines (menus) are removed; a section word right above the title is the
        section; the last remaining line is the title, the one above it (at most one) a kicker,
        anything earlier the site's header.  A short line between the title and the date is the
        author/source (or a dateline when it has a dash)."""
        cands = self.candidates
        self.set_candidates([])
        if not cands:
            return
        cands = self.drop_menus(cands)
        cands = self.drop_repeated_candidates(cands)
        if not cands:
            return
        if len(cands) >= 2 and "header_byline" not in self.p.disabled:
            last = cands[-1]
            fl = self.f[last]
            nxt = self.metadata_below(last)
            # the line right above the article's metadata (its date, or a source/byline line) is the
            # author when a longer heading (the title) stands above it; a section word between them
            # does not count as that heading
            longer = any(self.f[k].words > fl.words and not self.is_section_at(k) for k in cands[:-1])
            if (fl.words <= self.p.param("header_byline", "max_words", 5) and not self.is_section(fl)
                    and longer and nxt is not None
                    and any(sg.role in ("date", "byline") for sg in nxt.segments)):
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
        elif len(cands) >= 2 and self.is_section_at(cands[-1]) and "section_below" not in self.p.disabled:
            section = cands.pop(-1)  # the section label under the title
        elif (len(cands) >= 3 and self.is_section_at(cands[-3]) and "section_kicker_title" not in self.p.disabled
              and self.labels[cands[-1]].number == self.labels[cands[-2]].number + 1 == self.labels[cands[-3]].number + 2):
            section = cands.pop(-3)  # section, overline, title on three touching lines
        elif len(cands) >= 3 and any(k in self.menu_sections for k in cands[:-1]):
            section = next(k for k in cands[:-1] if k in self.menu_sections)
            cands.remove(section)
        if section is not None:
            lab = self.relabel(section, "section", "section_label")
            sg = lab.segments[0]
            lab.meta.append(MetaHit("section", lab.text[sg.start:sg.end], sg.start, sg.end, self.p.rule_id("section_label")))
        title = cands[-1]
        rest = [i for i in cands[:-1] if section is None or i > section or section > title]
        rest_set = set(rest)
        early = [i for i in cands[:-1] if i not in rest_set]
        # three touching title-shaped lines, the upper one a headline of the site's teaser lists and the
        # two under it not: the headline and its two sub-headlines (a headline recurs in the site's lists,
        # its sub-headlines do not)
        if (len(rest) >= 2 and rest[-2] + 2 == rest[-1] + 1 == title and "headline_elsewhere" not in self.p.disabled
                and self.tpl_line[rest[-2]] and not self.tpl_line[rest[-1]] and not self.tpl_line[title]
                and self.f[rest[-2]].words > self.p.param("kicker", "max_words", 6)
                and all(_LETTER.search(self.f[k].text) for k in (rest[-1], title))):
            top = rest[-2]
            for k in (rest[-1], title):
                self.relabel(k, "kicker", "headline_elsewhere")
            early += rest[:-2]
            rest, title = [], top
        if rest:
            kicker = rest[-1]
            # an overline kicker is short; a long line above the last one is the title and the last
            # one its sub-headline (a kicker below the title)
            # ... unless the lower line is a headline the site shows on its other pages (in their teaser
            # lists) and the upper one is not: a headline recurs in the site's lists, its overline does not
            if ("subtitle" not in self.p.disabled and kicker + 1 == title
                    and self.f[kicker].words > self.p.param("kicker", "max_words", 6)):
                if self.tpl_line[title] and not self.tpl_line[kicker] and "headline_elsewhere" not in self.p.disabled:
                    pass
                else:
                    kicker, title = title, kicker
            # the title is decided by the page alone (a headline that is a teaser on other pages of the
            # site is this page's title); a kicker found on many pages is the site's template
            # an overline touches its title: a candidate with removed lines (widgets, a ticker's
            # times) between it and the title, or a line without words, is the site's header
            touching = abs(kicker - title) == 1 and bool(_LETTER.search(self.f[kicker].text)) \
                and not self.c["teaser_relative"].match(self.f[kicker].folded)
            # ... and stands alone: the last of a chain of three or more touching heading lines above
            # the title is an item of a list (a menu of longer items, a ticker), like the lines above it
            chained = (len(rest) >= 3 and rest[-3] + 2 == rest[-2] + 1 == rest[-1] and kicker == rest[-1])
            if self.tpl_line[kicker] or ((not touching or chained) and "kicker_touches" not in self.p.disabled):
                early.append(kicker)
            else:
                self.relabel(kicker, "kicker", "kicker")
            early += rest[:-1]
        for i in early:
            self.labels[i] = self.template_label(i) if self.tpl_line[i] else self.removed(i, "site_header")
        lab = self.relabel(title, "title", "title")
        sg = lab.segments[0]
        lab.meta.append(MetaHit("title", lab.text[sg.start:sg.end], sg.start, sg.end, self.p.rule_id("title")))

    def section_above_title(self) -> None:
        """A page with no section yet: a short line (at most max_words words) touching the title from
        above, removed as a menu item, a nav word or the site's template, under other removed lines (a
        video player's controls, a menu): the active section shown over the headline, kept as the
        section.  The site's sections are its menu items and recur on its pages; the one that touches
        the title is the page's own (unless the headline itself repeats it: a badge)."""
        p = self.p
        if any(sg.role == "section" for lab in self.labels for sg in lab.segments):
            return
        t = next((k for k, lab in enumerate(self.labels) if lab.roles == ["title"]), None)
        if t is None or t < 2:
            return
        k = t - 1
        lab, f = self.labels[k], self.f[k]
        rules = self.c["section_rules"]
        if (lab.number != self.labels[t].number - 1 or not lab.removed or len(lab.segments) != 1
                or lab.segments[0].rule not in rules or not f.arabic or f.terminal
                or not 0 < f.words <= p.param("section_above_title", "max_words", 2)
                or _DIGIT.search(f.text) or not self.labels[k - 1].removed):
            return
        if re.search(r"(?<!\w)%s(?!\w)" % re.escape(" ".join(fold(f.text).split())),
                     " ".join(fold(self.labels[t].text).split())):
            return  # a badge the headline repeats ('مباشر' over 'مباشر | …'), not a section
        key = self.rep_keys[k]
        if self.rep_count[key] > 1 and any(self.rep_keys[j] == key and not self.labels[j].removed
                                           for j in range(len(self.labels)) if j != k):
            return  # the site's name, kept elsewhere as a credit or byline: not a section
        zone = lab.zone
        new = self.whole(k, "section", "section_above_title")
        new.zone = zone
        sg = new.segments[0]
        new.meta.append(MetaHit("section", new.text[sg.start:sg.end], sg.start, sg.end, p.rule_id("section_above_title")))
        self.labels[k] = new

    def dateline_persons(self) -> None:
        """'وهران: هشام بن عمر', 'الدمام - فهد العتيبي': a dateline line whose second part is a
        person's name, not a source.  A source (the site, an agency) recurs elsewhere on the page (its
        text, footer, copyright line); a reporter's name of two words or more does not."""
        p = self.p
        lo, hi = p.param("dateline_person", "min_words", 2), p.param("dateline_person", "max_words", 4)
        page = None
        for k, lab in enumerate(self.labels):
            if len(lab.segments) != 1 or lab.segments[0].role != "dateline" or lab.zone not in ("header", "body"):
                continue
            m = _PLACE_PERSON.match(lab.text)
            if m is None or not lo <= len(m.group("who").split()) <= hi or not _LETTER.search(m.group("who")):
                continue
            rid, reason = p.rule_id("dateline_person"), p.reason("dateline_person")
            if squash(fold(m.group("place"))) in self.c["report_labels"]:
                zone = lab.zone
                self.labels[k] = self.whole(k, "byline", "", reason, rid)
                self.labels[k].zone = zone
                continue
            if any(w in self.c["function_words"] for w in squash(fold(m.group("who"))).split()):
                continue
            if page is None:
                page = [fold(ln.text) for ln in self.lines]
            who = " ".join(fold(m.group("who")).split())
            if any(who in " ".join(t.split()) for j, t in enumerate(page) if j != k):
                continue
            new = self.pair(k, m, ("place", "sep", "who"), ("dateline", "byline"), "dateline_person", lab.zone)
            w = new.segments[2]
            new.meta.append(MetaHit("byline", lab.text[w.start:w.end], w.start, w.end, rid))
            self.labels[k] = new

    def drop_repeated_candidates(self, cands: list[int]) -> list[int]:
        """Header candidates that are chrome by repetition: a line that occurs again lower in the header
        (the last copy is the one right above the article)."""
        if not cands:
            return cands
        keep: list[int] = []
        last_at: dict[str, int] = {}
        for k in cands:
            last_at[self.rep_keys[k]] = k
        for k in cands:
            if "repeated" not in self.p.disabled and last_at[self.rep_keys[k]] != k:
                self.labels[k] = self.repeated_label(k, last_at[self.rep_keys[k]])
            else:
                keep.append(k)
        return keep

    def drop_menus(self, cands: list[int]) -> list[int]:
        """Remove header candidates in runs of >= min_run short lines (removed lines count as short);
        the last line of a run may stay as the section when it is a section word right above the title."""
        if "menu" in self.p.disabled:
            return cands
        mx, need = self.p.param("menu", "max_words", 3), self.p.param("menu", "min_run", 3)
        cset = set(cands)
        n = len(self.labels)
        drop: set[int] = set()
        crumb = self.p.rule_id("breadcrumb") if "crumb_opens_header" not in self.p.disabled else None
        i = 0
        while i < n:
            # the breadcrumb opens the article's own header: the short lines under it (section, overline)
            # are no continuation of the site's menu above it
            if crumb is not None and self.labels[i].removed and self.labels[i].segments[0].rule == crumb:
                i += 1
                continue
            j = i
            while j < n and (self.labels[j].removed or (j in cset and self.f[j].words <= mx)):
                if j > i and crumb is not None and self.labels[j].removed and self.labels[j].segments[0].rule == crumb:
                    break
                j += 1
            run = [k for k in range(i, j) if k in cset]
            # one short line among removed widgets below a title-shaped line and right above the
            # article's date ('name' between share buttons): the author, not a menu
            if len(run) == 1 and "header_byline" not in self.p.disabled and self.metadata_below(run[0]) \
                    and any(self.f[k].words > mx for k in cands if k < run[0]):
                run = []
            if j - i >= need and run:
                last = run[-1]
                # the section label repeats the active menu item: 'الدول العربية' in the menu and above the title
                # and stands apart from the menu (a blank line above it) but attached to the title
                num = self.labels[last].number
                # (apart: a blank line above it, or right under its own copy, the breadcrumb's last crumb)
                repeated = ("menu_section" not in self.p.disabled and last > 0 and last + 1 < n
                            and (self.labels[last - 1].number < num - 1
                                 or self.f[last - 1].squashed == self.f[last].squashed)
                            and self.labels[last + 1].number == num + 1
                            and any(self.f[k].squashed == self.f[last].squashed for k in range(i, last)))
                keep_last = ((self.is_section(self.f[last]) or repeated) and last + 1 in cset
                             and self.f[last + 1].words > mx)
                if keep_last and repeated:
                    self.menu_sections.add(last)
                # the active menu item, then an overline, then the title ('سياسة' / 'تحليل' / title): the
                # section repeats an item of the run, the overline repeats none, all three lines touch
                keep_two = False
                if not keep_last and len(run) >= 2 and "menu_section" not in self.p.disabled:
                    sec, kick = run[-2], run[-1]
                    nums = [self.labels[k].number for k in (sec, kick)]
                    keep_two = (kick + 1 < n and kick + 1 in cset and self.f[kick + 1].words > mx
                                and sec + 1 == kick and nums[0] + 1 == nums[1]
                                and self.labels[kick + 1].number == nums[1] + 1
                                and any(self.f[k].squashed == self.f[sec].squashed for k in range(i, sec))
                                and not any(self.f[k].squashed == self.f[kick].squashed for k in range(i, kick)))
                    if keep_two and sec > 0 and self.labels[sec - 1].number == nums[0] - 1 \
                            and self.f[sec - 1].text.strip() in _CRUMB_SEPARATORS and self.p.enabled("crumb_split"):
                        # a breadcrumb split over lines ('الرئيسية' / '/' / 'محليات'): its last crumb is the
                        # menu's, the line under it the section ('حوار' above the title)
                        keep_two, keep_last = False, True
                        self.menu_sections.add(kick)
                    elif keep_two:
                        self.menu_sections.add(sec)
                drop.update(run[:-2] if keep_two else run[:-1] if keep_last else run)
            i = max(j, i + 1)
        for k in drop:
            self.labels[k] = self.removed(k, "menu")
        return [k for k in cands if k not in drop]

    def metadata_below(self, k: int) -> LineLabel | None:
        """The first kept label below header line k, over removed widget lines (share buttons, a
        font-size widget), if it holds the article's date or byline."""
        for m in range(k + 1, min(len(self.labels), k + 1 + self.p.param("header_byline", "max_gap", 6))):
            lab = self.labels[m]
            if lab.removed:
                continue
            return lab if any(sg.role in ("date", "byline") for sg in lab.segments) else None
        return None

    def is_section(self, f: _F) -> bool:
        return f.words <= self.p.param("section_label", "max_words", 3) and f.squashed in self.c["sections"]

    def is_section_at(self, i: int) -> bool:
        # the section the breadcrumb named ('الرئيسية > الوطني' / 'الوطني' above the title)
        return i in self.menu_sections or self.is_section(self.f[i]) or (
            self.crumb_section is not None and self.f[i].squashed == self.crumb_section
            and self.f[i].words <= self.p.param("section_label", "max_words", 3) and "crumb_section" not in self.p.disabled)

    def header_shaped(self, f: _F) -> bool:
        """A header line that may be a title: heading-shaped up to header_line.max_words; a title may end in '!'."""
        if not 0 < f.words <= self.p.param("header_line", "max_words", 25):
            return False
        if not f.terminal:
            return True
        tail = f.text.rstrip(self.c["closing"])
        return tail[-1:] in self.c["allow_final"] and not f.ellipsis

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

    def date_line(self, i: int, f: _F, off: int = 0, dl: dates.DateLine | None = None) -> LineLabel | None:
        """The line as a date line; ``off``/``dl``: the date line found in ``f.text[off:]``."""
        if dl is None:
            dl = dates.date_line(f.text, self.p.date_order)
        if dl is None or "date" in self.p.disabled:
            return None
        # before any title-shaped header line: the site's current-date widget (not after the
        # breadcrumb, which opens the article's own header)
        if self.zone == "header" and "date_widget" not in self.p.disabled and not self.title_frozen \
                and not self.breadcrumb_seen and not self.titled:
            return self.removed(i, "date_widget")
        # a second date in the article (related links' dates, a repeated footer stamp) is not its date
        if self.date_seen and self.zone == "body" and "updated" not in self.p.disabled:
            return self.removed(i, "updated")
        # a date before the title and another after it: the first one was the site's date widget
        if self.zone == "header" and self.early_date is not None and "date_widget" not in self.p.disabled \
                and self.candidates and self.candidates[-1] > self.early_date:  # in line order
            self.labels[self.early_date] = self.removed(self.early_date, "date_widget")
            self.early_date = None
        elif self.zone == "header" and not self.date_seen and not self.titled:
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

    def breadcrumb(self, i: int, f: _F) -> LineLabel | None:
        if f.words < 2 or f.words > 40:
            return None
        m = self.c["home"].match(f.folded)
        if not m:
            return None
        text = f.text
        lab = self.removed(i, "breadcrumb")
        self.breadcrumb_seen = True
        # everything kept above is the site header (labels before an earlier breadcrumb were
        # removed then and are only ever removed since: scan from there, not from the top)
        for j in range(self.crumb_scanned, len(self.labels)):
            if any(s.role is not None for s in self.labels[j].segments):
                self.labels[j] = self.removed(j, "site_header")
        self.crumb_scanned = len(self.labels)
        self.set_candidates([])
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
        # its last crumb, when short enough for a section label, may stand again right above the title
        last = re.split(r"[»›>/|]", f.folded[rest_start:end])[-1]
        last = " ".join(last.split()).strip("»›>/|:- ")
        self.crumb_section = last if 0 < len(last.split()) <= self.p.param("section_label", "max_words", 3) else None
        return lab
