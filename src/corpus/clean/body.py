"""The article body: paragraphs, related links, teasers, lists, quotations, and the passes
after the last line (closing signature, list items, orphan headings).

``article_line`` is the line-by-line entry for the header and body zones: it tries the header,
figure and date rules in order, then the body's own shapes."""
from __future__ import annotations

from corpus.clean.features import _ARABIC_LETTER, _DIGIT, _F, _LATIN, _LETTER, _trim, markdown_links_only, unmarked
from corpus.clean.labels import LineLabel, MetaHit, Segment
from corpus.clean.profiles import squash
from corpus.text import dates
from corpus.text.normalize import fold

import re

# lexicon rules of a comment's own buttons (reply, like): the line right above them is that comment's text
_COMMENT_ACTIONS = frozenset({"chrome.reply", "chrome.comment-actions"})

#: between the items of a line a browser copy joined: two or more spaces, a TAB, or a bar or bullet
#: between spaces ('الرئيسية  أخبار  رياضة', 'فيسبوك | تويتر')
#: r"\s{2,}|\t|\s[|•·]\s" (JOINED_SEP_SLOW), written so that every branch opens with a character class:
#: the same matches (tests/test_fast_paths.py), a split ~2.4x faster on this hot path
_JOINED_SEP = re.compile(r"\t\s*|[^\S\t](?:\s+|[|•·]\s)")
JOINED_SEP_SLOW = r"\s{2,}|\t|\s[|•·]\s"
_MARKED_SEP = re.compile(r"\t|\s[|•·]\s")


def _marked(text: str) -> bool:
    """_MARKED_SEP.search(text) is not None, without the regex scan when no TAB or bar is there."""
    return ("\t" in text or "|" in text or "•" in text or "·" in text) and _MARKED_SEP.search(text) is not None


def _wide_gap(text: str) -> bool:
    """Whether ``text`` may hold two white-space characters in a row (a ``_JOINED_SEP`` gap): False only
    when it holds no double space and is printable (every white space but U+0020 is not: the
    characters \\s matches are separators and controls)."""
    return "  " in text or not text.isprintable()


def _has_any(text: str, markers) -> bool:
    """Whether any character of ``markers`` is in ``text`` (a substring test per character, no regex)."""
    for m in markers:
        for ch in m:
            if ch in text:
                return True
    return False


#: a bare count among a widget row's pieces ('152', '٣٬٤٥٢', '(4)')
_COUNTER = re.compile(r"\(?[\d٠-٩][\d٠-٩.,٫٬]*\)?")
#: a widget's tokens (bars and bullets apart) and its figures ('03:27', '3.71', '27°', '٢٩°')
_TOKEN = re.compile(r"[^\s|•·]+")
_NUMBER = re.compile(r"[+\-−]?\d[\d:.,٫٬]*[°%]?")


class _BodyRules:
    """Article-body rules of ``clean._Cleaner``."""

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
            # the name may repeat the header's byline (removed as a copy): it is the signature all the same
            if (lab.zone != "body" or not (self._single(k, "heading") or self._single(k, "repeated"))
                    or self.f[k].words > mx
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

    def repeated_signature(self) -> None:
        """The author's name again at the article's end, a copy of the header's byline (or of the short
        line right under the title, read as a kicker or removed with the share buttons under it): the
        closing signature.  The copy stands right after the last paragraph, or in the author box (a
        bio line the author-box rule kept right under it); the author's description next to it
        ('كاتب في …', at most max_words words, opening with an author role) is the byline too."""
        n = len(self.labels)
        mx = self.p.param("signature", "max_words", 5)
        rid = self.p.rule_id("repeated")
        for k in range(1, n):
            first = self.rep_prev[k]
            if first is None:
                continue
            lab = self.labels[k]
            if (lab.zone != "body" or len(lab.segments) != 1 or lab.segments[0].rule != rid or self.f[k].words > mx
                    or _DIGIT.search(lab.text) or self.labels[first].zone not in ("header", "body")):
                continue
            fl = self.labels[first]
            under_title = first > 0 and self.labels[first - 1].roles == ["title"] \
                and fl.number == self.labels[first - 1].number + 1
            # a kicker or a removed menu-shaped line counts only right under the title (an overline is no byline)
            if not (fl.roles == ["byline"] or under_title and (fl.roles == ["kicker"] or fl.removed)):
                continue
            in_box = k + 1 < n and self._single(k + 1, "author_box") and self.labels[k + 1].number == lab.number + 1
            desc_above = (self.labels[k - 1].number == lab.number - 1 and self.labels[k - 1].zone == "body"
                          and self.f[k - 1].words <= mx and self.c["author_role"].match(self.f[k - 1].folded or "")
                          and k >= 2 and self.labels[k - 2].roles == ["paragraph"])
            if not (self.labels[k - 1].roles == ["paragraph"] or in_box and desc_above):
                continue
            if fl.removed and not in_box:
                continue  # a removed header line needs the author box as evidence
            if fl.roles != ["byline"]:
                zone = fl.zone
                self.labels[first] = self.whole(first, "byline", "signature_repeat")
                self.labels[first].zone = zone
            self.labels[k] = self.whole(k, "byline", "signature_repeat")
            self.labels[k].zone = lab.zone
            if desc_above:
                self.labels[k - 1] = self.whole(k - 1, "byline", "signature_repeat")
                self.labels[k - 1].zone = lab.zone
            j = k + 1
            if (j < n and self.labels[j].zone == "body" and self.labels[j].number == lab.number + 1
                    and (self._single(j, "heading") or self._single(j, "paragraph"))
                    and self.f[j].words <= self.p.param("signature_repeat", "max_words", 25)
                    and self.c["author_role"].match(self.f[j].folded or fold(self.f[j].text))):
                zone = self.labels[j].zone
                self.labels[j] = self.whole(j, "byline", "signature_repeat")
                self.labels[j].zone = zone
            return

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

    def shape_test(self, f: _F, name: str) -> bool:
        """Whether the line has the shape of the profile's regex ``name`` (matched at its start; an
        embedded post's signature must also hold a letter): remembered with the line's features."""
        v = f.seen.get(name)
        if v is None:
            # a markdown capture's '## 17:40' or linked slide counter: read without its markup
            v = self.c[name].match(unmarked(f.text) if name in ("clock", "slide_counter") else f.text) is not None
            if v and name == "embed_sig":
                v = _LETTER.search(f.text) is not None
            f.seen[name] = v
        return v

    def embedded_line(self, i: int, f: _F) -> LineLabel | None:
        """Body lines whose shape tells what they are before any lexicon rule: an embedded post's
        attribution (and the post above it), a live blog's update time, a gallery's caption."""
        p = self.p
        prev = self.labels[-1] if self.labels else None
        adjacent = prev is not None and prev.number == self.lines[i].number - 1
        if "embedded_post" not in p.disabled and self.shape_test(f, "embed_sig"):
            # the post right above its attribution (a blank line between them at most)
            near = prev is not None and prev.number >= self.lines[i].number - 2
            quoted = prev is not None and prev.segments and prev.segments[0].rule == p.rule_id("latin_quote")
            if near and (prev.roles != ["paragraph"] or quoted) and i > 0 and self.f[i - 1].words >= 3:
                zone = prev.zone
                self.labels[-1] = self.whole(i - 1, "paragraph", "embedded_post")
                self.labels[-1].zone = zone
            return self.whole(i, "paragraph", "embedded_post")
        nxt = self.next_index(i)
        if ("live_update" not in p.disabled and self.shape_test(f, "clock") and nxt is not None
                and self.lines[nxt].number == self.lines[i].number + 1 and self.f[nxt].arabic
                and self.f[nxt].terminal and self.f[nxt].words >= p.param("prose", "min_words", 12) // 2):
            return self.whole(i, "heading", "live_update")
        if ("gallery" not in p.disabled and adjacent and self.shape_test(self.f[i - 1], "slide_counter")
                and f.arabic and self.heading_shaped(f, p.param("gallery", "max_words", 25))):
            return self.whole(i, "caption", "gallery")
        return None

    def author_box(self, i: int) -> None:
        """Above the author box's link ('جميع مقالات الكاتب'), on adjacent lines: the writer's bio (one
        line), name and role (short lines): the article's byline, not a paragraph or an orphan heading."""
        if "author_box" in self.p.disabled:
            return
        short = self.p.param("author_box", "max_words", 5)
        number = self.lines[i].number
        k = len(self.labels) - 1
        bio = True
        while k >= 0 and self.labels[k].number == number - 1 and len(self.labels[k].segments) == 1 \
                and self.labels[k].zone == "body" and self.f[k].words <= 60:
            if not bio and self.f[k].words > short:
                break
            if self.labels[k].roles and self.labels[k].roles != ["paragraph"] and self.labels[k].roles != ["heading"]:
                break
            zone = self.labels[k].zone
            self.labels[k] = self.whole(k, "byline", "author_box")
            self.labels[k].zone = zone
            bio = False
            number -= 1
            k -= 1

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
            # the article's metadata after a lede paragraph: name (and place) right above its date
            if (nxt is not None and roles & {"date", "dateline"} and "body_byline" not in self.p.disabled
                    and nxt.number == lab.number + 1
                    and self.f[k].words <= self.p.param("body_byline", "max_words", 4)
                    and (nxt.roles == ["date"] or roles == {"dateline"} and "date" in (
                        self.labels[k + 2].roles if k + 2 < n else ()))):
                above = self.labels[k - 1] if k > 0 else None
                two = (above is not None and above.number == lab.number - 1 and len(above.segments) == 1
                       and above.segments[0].rule == hid
                       and self.f[k - 1].words <= self.p.param("body_byline", "max_words", 4))
                role = "dateline" if nxt.roles == ["date"] and (two or self.is_place(self.f[k])) else "byline"
                zone = lab.zone
                self.labels[k] = self.whole(k, role, "body_byline")
                self.labels[k].zone = zone
                continue
            if not roles & {"paragraph", "caption", "credit"}:
                zone = lab.zone
                if self.broken_sentence(k):
                    self.labels[k] = self.whole(k, "paragraph", "broken_sentence")
                elif self.stamped_entry(k):
                    self.labels[k] = self.whole(k, "paragraph", "stamped_entry")
                elif self.carried_sentence(k):
                    self.labels[k] = self.whole(k, "paragraph", "carried_sentence")
                else:
                    self.labels[k] = self.removed(k, "orphan_heading")
                self.labels[k].zone = zone
        if "standfirst" not in self.p.disabled:
            self.standfirst()
        if "opening_clause" not in self.p.disabled:
            self.opening_clauses()
        if self.p.enabled("wrapped_paragraph"):
            self.wrapped_paragraphs()

    def author_link(self, i: int, f: _F) -> bool:
        """In the header under a title candidate, a short linked line right above the date line (no blank
        line between): the author's name linked to the author's page, left to the byline rules."""
        nxt = self.next_index(i)
        return (self.zone == "header" and self.titled > 0 and 0 < f.words <= 4 and nxt is not None
                and self.lines[nxt].number == self.lines[i].number + 1 and self.is_date(nxt))

    def wrapped_paragraphs(self) -> None:
        """A paragraph a text browser wrapped at a fixed width (``lynx -dump``, ``w3m -dump``): touching
        body lines with the same indentation, the last one ending a sentence, every other one filled to
        the page's wrap width (it is at least ``min_fill`` of the width, and the next line's first word
        would not have fitted after it).  Each piece is the paragraph's text, not a heading or glued
        related links.  Only lines a shape rule judged (heading, orphan heading, unpunctuated run,
        headline run) are changed, and only in a run that holds nothing a specific rule removed (the
        site's template, a repeat, a teaser, a zone)."""
        if not self.wrap_width():
            return
        least = self.p.param("wrapped_paragraph", "min_words", 12)
        shape_rules = {self.p.rule_id(x) for x in ("heading", "orphan_heading", "unpunctuated_run", "headline_run",
                                                   "paragraph", "broken_sentence", "opening_clause", "sentence_like",
                                                   "inline_headline", "list_item", "wrapped_paragraph")}
        n = len(self.labels)
        indent, filled = self.indent, self.wrapped_on

        k = 0
        while k < n:
            m = k
            while (m + 1 < n and self.labels[m + 1].number == self.labels[m].number + 1
                   and indent(m + 1) == indent(k) and filled(m)):
                m += 1
            run = range(k, m + 1)
            if (m > k and self.sentence_end(m) and sum(self.f[j].words for j in run) >= least
                    and all(self.labels[j].zone == "body" and len(self.labels[j].segments) == 1
                            and self.labels[j].segments[0].rule in shape_rules for j in run)
                    and any(self.labels[j].roles == ["paragraph"] for j in run)):
                for j in run:
                    if self.labels[j].roles != ["paragraph"]:
                        self.labels[j] = self.whole(j, "paragraph", "wrapped_paragraph")
                        self.labels[j].zone = "body"
            k = m + 1

    def wrapped_lexicon(self) -> None:
        """A lexicon phrase a text browser wrapped over several lines ('ملاحظة: المقالات … تعبر عن آراء' /
        'أصحابها …'): no piece matches alone, so the joined pieces are matched as one line; when a pattern
        rule of the zone removes them, every piece is removed by it."""
        if not self.wrap_width():
            return
        n = len(self.labels)
        k = 0
        while k < n:
            m = k
            while (m + 1 < n and self.labels[m + 1].number == self.labels[m].number + 1
                   and self.indent(m + 1) == self.indent(k) and self.wrapped_on(m)):
                m += 1
            if m > k and self.f[m].terminal and not all(self.labels[j].removed for j in range(k, m + 1)):
                zone = self.labels[k].zone
                f = self._shape(" ".join(self.lines[j].text.strip() for j in range(k, m + 1)))
                r = self.p.exact.get(f.squashed)
                if r is None and f.words <= self.pattern_max:
                    r = next((r for r in self.p.pattern_rules if zone in r.zones
                              and (r.max_words is None or f.words <= r.max_words) and r.find(f.folded)), None)
                if r is not None and zone in r.zones and not r.then:
                    reason = f"{r.reason} (matched on the {m - k + 1} lines a text browser wrapped it over)"
                    for j in range(k, m + 1):
                        z = self.labels[j].zone
                        self.labels[j] = self.whole(j, None, "", reason, r.id)
                        self.labels[j].zone = z
            k = m + 1

    def wrap_width(self) -> int:
        """The width a text browser wrapped the page at: the length of its longest *continued* line
        (Arabic, four words or more, no sentence end, the next line touching it with the same
        indentation) that another continued line comes within 4 characters of; 0 when the page has more
        than one Arabic line longer than that (everything on a wrapped page is wrapped) or when the page
        is not wrapped so: fewer than ``min_lines`` such lines, one longer than a terminal (``max_width``
        characters: a paragraph on one line), or no blank lines (a browser's dump parts its paragraphs
        by blank lines; without them touching long lines are separate items)."""
        if self.wrap is None:
            n = len(self.lines)
            widths = [len(ln.text.rstrip()) for k, ln in enumerate(self.lines)
                      if self.f[k].words >= 4 and self.f[k].arabic and not self.f[k].terminal and k + 1 < n
                      and self.lines[k + 1].number == ln.number + 1 and self.indent(k + 1) == self.indent(k)]
            least = self.p.param("wrapped_paragraph", "min_lines", 3)
            self.wrap = 0
            if len(widths) >= least and self.blank_lines:
                # the wrap column: the widest length that another continued line comes within 4
                # characters of (lines wrapped at one column cluster under it; a lone long title does not)
                widths.sort(reverse=True)
                self.wrap = next((w for k, w in enumerate(widths[:-1]) if widths[k + 1] >= w - 4), 0)
                # everything on a wrapped page is wrapped: a second Arabic line longer than the column
                # (a paragraph on one line) says the page was not
                longer = sum(1 for k, ln in enumerate(self.lines)
                             if self.f[k].arabic and len(ln.text.rstrip()) > self.wrap + 4)
                if longer > 1 or self.wrap < self.p.param("wrapped_paragraph", "min_width", 40):
                    self.wrap = 0
            if self.wrap > self.p.param("wrapped_paragraph", "max_width", 132):
                self.wrap = 0
        return self.wrap

    def indent(self, k: int) -> int:
        t = self.lines[k].text
        return len(t) - len(t.lstrip())

    def wrapped_on(self, k: int) -> bool:
        """Line k is a wrapped piece that goes on in line k + 1: no sentence end, filled to at least
        min_fill of the page's wrap width, and the next line's first word would not have fitted after it."""
        width = self.wrap_width()
        if not width or k + 1 >= len(self.lines) or self.f[k].terminal:
            return False
        t = self.lines[k].text.rstrip()
        nxt = self.lines[k + 1].text.split()
        return (len(t) >= self.p.param("wrapped_paragraph", "min_fill", 0.75) * width and bool(nxt)
                and len(t) + 1 + len(nxt[0]) > width)

    def wrapped_start(self, i: int) -> bool:
        """Line i opens a paragraph a text browser wrapped: it and the touching lines after it (one
        indentation) are filled to the wrap width up to a line ending a sentence, prose-long in all."""
        if not self.p.enabled("wrapped_paragraph") or not self.f[i].arabic or not self.wrapped_on(i):
            return False
        total, k = self.f[i].words, i
        while (k + 1 < len(self.lines) and self.lines[k + 1].number == self.lines[k].number + 1
               and self.indent(k + 1) == self.indent(i)):
            k += 1
            total += self.f[k].words
            if self.f[k].terminal:
                return self.sentence_end(k) and total >= self.p.param("prose", "min_words", 12)
            if not self.wrapped_on(k):
                return False
        return False

    def sentence_end(self, k: int) -> bool:
        """Line k ends with a sentence's full stop, '!' or a question mark (not a colon or an ellipsis)."""
        tail = self.lines[k].text.rstrip(self.c["closing"])
        return tail.endswith((".", "!", "؟", "?")) and not self.f[k].ellipsis

    def wrapped_prose(self, i: int, f: _F) -> bool:
        """Line i ends a paragraph a text browser wrapped, and the paragraph is article-shaped (Arabic,
        at least prose.min_words words in all, a sentence end): the article's prose, as one long line is."""
        if not (f.arabic and self.sentence_end(i) and self.p.enabled("wrapped_paragraph")):
            return False
        total, k = f.words, i - 1
        while (k >= 0 and self.lines[k].number == self.lines[k + 1].number - 1 and self.indent(k) == self.indent(i)
               and self.f[k].arabic and self.wrapped_on(k)):
            total += self.f[k].words
            k -= 1
        return k < i - 1 and total >= self.p.param("prose", "min_words", 12)

    def opening_clauses(self) -> None:
        """A body 'heading' that opens with a word that carries the article on ('وأكد', 'وقال',
        'كما') and runs straight into a paragraph on the next line: the first piece of a sentence a
        scraper broke at an inline link, even when it ends in a noun ('وأكد أن … في إطار خطة')."""
        hid = self.p.rule_id("heading")
        n = len(self.labels)
        for k in range(n - 1):
            lab, nxt = self.labels[k], self.labels[k + 1]
            if (len(lab.segments) != 1 or lab.segments[0].rule != hid or lab.zone != "body"
                    or nxt.number != lab.number + 1 or nxt.roles != ["paragraph"]):
                continue
            words = (self.f[k].squashed or " ".join(fold(self.f[k].text).split())).split()
            if len(words) >= 3 and squash(words[0]) in self.c["continuation"]:
                zone = lab.zone
                self.labels[k] = self.whole(k, "paragraph", "opening_clause")
                self.labels[k].zone = zone

    def standfirst(self) -> None:
        """The one paragraph between the title and the author/date lines found after it
        (``body_byline``) is the article's standfirst (a lead sentence under the title): kicker."""
        bid = self.p.rule_id("body_byline")
        k = next((k for k, lab in enumerate(self.labels) if lab.segments and lab.segments[0].rule == bid), None)
        if k is None or k < 2:
            return
        lede, above = self.labels[k - 1], self.labels[k - 2]
        if lede.roles == ["paragraph"] and above.roles == ["title"] and len(above.segments) == 1 \
                and not any("paragraph" in lab.roles for lab in self.labels[:k - 1]):
            zone = lede.zone
            self.labels[k - 1] = self.whole(k - 1, "kicker", "standfirst")
            self.labels[k - 1].zone = zone

    def headline_runs(self) -> None:
        """Related headlines inside the body without a label: under a headline-length line removed as
        an orphan heading, a touching heading of headline length (blank lines elsewhere part the
        page's blocks) is the list's next item, not a sub-heading, even with paragraphs after it."""
        if not self.blank_lines:
            return
        hid, oid = self.p.rule_id("heading"), self.p.rule_id("orphan_heading")
        least = self.p.param("headline_run", "min_words", 5)
        for k in range(1, len(self.labels)):
            lab, prev = self.labels[k], self.labels[k - 1]
            if (lab.zone == "body" and len(lab.segments) == 1 and lab.segments[0].rule == hid
                    and prev.removed and prev.segments[0].rule == oid and prev.number == lab.number - 1
                    and self.f[k].words >= least and self.f[k - 1].words >= least and self.f[k].arabic):
                self.labels[k] = self.removed(k, "headline_run")
                self.labels[k].zone = lab.zone

    def inline_headlines(self) -> None:
        """A news headline between two paragraphs of the article: a body 'heading' of at least min_words
        words (a full headline with its verb, not a question) with article paragraphs right above and
        right below.  The article's own sub-headings are short labels ('تنسيق أمني', 'شروط القبول') or
        questions; a long headline there is a related article's link whose label the capture lost."""
        hid = self.p.rule_id("heading")
        least = self.p.param("inline_headline", "min_words", 7)
        for k in range(1, len(self.labels) - 1):
            lab, f = self.labels[k], self.f[k]
            if (lab.zone != "body" or len(lab.segments) != 1 or lab.segments[0].rule != hid or f.words < least
                    or not f.arabic or f.text.rstrip(self.c["closing"]).endswith(("؟", "?", "!"))
                    or f.text.lstrip().startswith(self.c["quote_open"])  # a pull quote
                    or self.labels[k - 1].roles != ["paragraph"] or self.labels[k + 1].roles != ["paragraph"]
                    or self.labels[k - 1].text.rstrip(self.c["closing"]).endswith((":", "："))
                    # with blank lines between blocks, a line touching the next paragraph is its first piece
                    or self.blank_lines and self.labels[k + 1].number == lab.number + 1):
                continue
            if self.carried_sentence(k):
                self.labels[k] = self.whole(k, "paragraph", "carried_sentence")
            else:
                self.labels[k] = self.removed(k, "inline_headline")
            self.labels[k].zone = lab.zone

    def broken_sentence(self, k: int) -> bool:
        """A sentence a scraper broke at an inline link ('وقال شهود إن أغلب النازحين خرجوا سيراً على' /
        link text / the rest): a body line that ends in a word no headline ends in (a preposition, a
        conjunction, a relative pronoun) or reads as a clause (a comma, function words), touching the next
        kept line, the touching lines going on into a paragraph."""
        p = self.p
        if "broken_sentence" in p.disabled:
            return False
        f = self.f[k]
        words = (f.squashed or " ".join(fold(f.text).split())).split()
        ends_open = bool(words) and words[-1].strip("\"'”»)") in self.c["open_words"]
        if not ends_open and not ("،" in f.text and self.blank_lines and self.sentence_like(f)):
            return False
        n = len(self.labels)
        for m in range(k + 1, min(n, k + 1 + p.param("broken_sentence", "max_gap", 2))):
            if self.labels[m].number != self.labels[m - 1].number + 1 or self.labels[m].removed:
                return False
            if self.labels[m].roles == ["paragraph"]:
                return True
        return False

    def carried_sentence(self, k: int) -> bool:
        """A body line of at least three words that opens with a word carrying the article on ('وفي',
        'وكان', 'وهذا', 'كما', 'لكن': teaser_block continuation) right after an article paragraph: the
        article's next sentence, short or without a full stop, never a headline (a headline opens
        with its subject or verb, not with a conjunction tying it to the text above)."""
        if not self.p.enabled("carried_sentence") or k == 0:
            return False
        prev = next((self.labels[m] for m in range(k - 1, -1, -1) if not self.labels[m].removed), None)
        if prev is None or prev.roles != ["paragraph"] or prev.zone != "body":
            return False
        words = (self.f[k].squashed or " ".join(fold(self.f[k].text).split())).split()
        return len(words) >= 3 and squash(words[0]) in self.c["continuation"]

    def introduced_quote(self, i: int) -> bool:
        """A foreign-language line right after an article paragraph that ends in a colon ('وكتب السفير على
        منصة إكس:'): the statement the paragraph announces, quoted in its language, not an image
        description (a caption is not announced by the text above it)."""
        prev = next((lab for lab in reversed(self.labels) if not lab.removed), None)
        return (prev is not None and prev.roles == ["paragraph"] and prev.zone == "body"
                and prev.text.rstrip(self.c["closing"]).endswith((":", "："))
                and self.f[i].words >= 3)

    def latin_record(self, i: int) -> bool:
        """A Latin-script line (a comment in English or French) closing a record of touching lines: a
        short name line, a date or time line, then this text.  Reader mode and select-all copies keep
        comments without their section label; an agency's image description has no name and time above it."""
        if not self.p.enabled("stamped_entry") or i < 2 or len(self.labels) < i:
            return False
        num = self.lines[i].number
        name, stamp = self.f[i - 2], self.f[i - 1]
        return (self.labels[i - 1].number == num - 1 and self.labels[i - 2].number == num - 2
                and stamp.words <= self.date_max
                and (self.c["relative_date"].match(stamp.folded) is not None or self.is_date(i - 1))
                and 0 < name.words <= 4 and not name.terminal and not self.is_date(i - 2))

    def stamped_entry(self, k: int) -> bool:
        """A line that reads as a sentence (a comma, a question mark, function words) right under a date
        or time line, with no blank line between: a reader's comment or a live-update entry whose
        section label a capture left out (reader mode), not a teaser headline (a teaser's date or
        time stands under its headline, and a headline is a noun phrase).  Kept as text: losing a
        reader's comment is worse than keeping one line of chrome."""
        if not self.p.enabled("stamped_entry") or k == 0:
            return False
        above = self.labels[k - 1]
        fa = self.f[k - 1]
        stamp = fa.words <= self.date_max and (self.c["relative_date"].match(fa.folded) is not None
                                               or self.is_date(k - 1))
        below = self.labels[k + 1] if k + 1 < len(self.labels) else None
        if (below is not None and below.number == self.labels[k].number + 1 and below.removed
                and below.segments[0].rule in _COMMENT_ACTIONS and self.sentence_like(self.f[k])):
            return True  # a comment's text right above its reply/like buttons
        if above.number != self.labels[k].number - 1:
            return False
        if stamp and self.sentence_like(self.f[k]):
            return True
        # a live blog: another entry under its clock line is an article paragraph, so this one is an entry too
        clock = lambda m: self.shape_test(self.f[m], "clock")  # noqa: E731
        return clock(k - 1) and any(
            m != k and self.labels[m].roles == ["paragraph"] and self.labels[m].zone == "body"
            and self.labels[m - 1].number == self.labels[m].number - 1 and clock(m - 1)
            for m in range(1, len(self.labels)))

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
        # an interview's question/answer turns are article text ('س: …؟', 'ج: …')
        if "interview_turn" not in p.disabled and f.arabic and c["interview_turn"].match(f.folded or fold(text[:40])):
            if self.zone == "header":
                self.set_zone("body")
            self.first_paragraph = False
            return self.whole(i, "paragraph", "interview_turn")
        # headlines glued on one line by bullets: a news ticker
        if "ticker" not in p.disabled and self.is_ticker(f):
            return self.removed(i, "ticker")
        # a menu, share bar or footer row copied as one line: short items apart by wide gaps or bars
        if "joined_items" not in p.disabled and self.is_joined_items(f):
            return self.removed(i, "joined_items")
        # a markdown capture's menu item, teaser headline, tag list or button: links and images only
        if (p.enabled("link_line") and ("](" in text or "][" in text) and markdown_links_only(text)
                and not c["home"].match(f.folded)  # a breadcrumb of links goes to the breadcrumb rules
                and not text.lstrip().startswith("#")  # a linked heading ('# [title](url)') is a heading
                and not self.author_link(i, f)):
            return self.removed(i, "link_line")
        # bulleted metadata: "• 9/27/2023", "• 00:00", "• 4"
        mb = c["bullet"].match(text) if "bullet_meta" not in p.disabled else None
        if mb and f.words <= 4:
            lab = self.date_line(i, f)
            if lab is not None:
                return lab
            if not f.arabic:
                return self.removed(i, "bullet_meta")
        has_digit = _DIGIT.search(f.folded) is not None
        # 'last updated' stamps (also behind a bullet: '•تم تحديث 10/06/2024')
        if ("updated" not in p.disabled and f.words <= p.param("updated", "max_words", 14)
                and (has_digit or f.words <= 3 and not f.terminal) and c["updated"].match(f.folded)):
            return self.removed(i, "updated")  # a bare 'آخر تحديث' label is the stamp's label
        # summary bullets ('• مسيرة مفخخة تسقط قرب قاعدة ...') are editorial text
        if ("summary_bullet" not in p.disabled and f.arabic and c["summary_bullet"].match(text)
                and f.words > p.param("summary_bullet", "min_words", 3) and self.summary_place(i, f)):
            if self.zone == "header":
                self.set_zone("body")
            return self.whole(i, "paragraph", "summary_bullet")
        # a line that is only a date (with a publication label and a time)
        if has_digit and (f.words <= self.date_max
                          or f.words <= 2 * self.date_max and dates.has_update_tail(f.folded)):
            lab = self.date_line(i, f)
            if lab is None and "byline_date" not in p.disabled:
                lab = self.byline_date(i, f)
            if lab is not None:
                return lab
        # the print edition's stamp ('العدد 16544 - الصفحة 8'): issue and page numbers, nothing else
        if has_digit and "issue_stamp" not in p.disabled and f.words <= 8 and dates.issue_only(text):
            return self.removed(i, "issue_stamp")
        # prayer times, exchange rates, temperatures on one line: figures, not a title
        if has_digit and "figures_widget" not in p.disabled and self.is_figures_widget(f):
            return self.removed(i, "figures_widget")
        if f.squashed in c["list_markers"] and "list_marker" not in p.disabled:
            self.swallow = p.rule_id("list_marker")
            return self.removed(i, "list_marker")
        if (self.zone == "header" or self.first_paragraph) and "dateline_byline" not in p.disabled \
                and f.words <= p.param("dateline_byline", "max_words", 12):
            lab = self.dateline_byline(i, f)
            if lab is not None:
                return lab
        if f.words <= p.param("byline", "max_words", 8) and "byline" not in p.disabled:
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
        if not f.arabic:
            if self.zone == "body" and "latin_quote" not in p.disabled and f.text.lstrip().startswith(c["quote_open"]) \
                    and f.words >= p.param("latin_quote", "min_words", 6):
                return self.whole(i, "paragraph", "latin_quote")
            if self.zone == "body" and "latin_quote" not in p.disabled and self.introduced_quote(i):
                return self.whole(i, "paragraph", "latin_quote")
            if self.zone == "body" and self.latin_record(i):
                return self.whole(i, "paragraph", "stamped_entry")
            if "latin_line" not in p.disabled and _LATIN.search(text) and f.words >= p.param("latin_line", "min_words", 4):
                return self.removed(i, "latin_line")
            if "no_arabic" not in p.disabled:
                return self.removed(i, "no_arabic")
        # a breadcrumb right under prose that opened the body before any title (a subscription pitch
        # under the menu): that prose was the site's header; the article's header starts here
        if self.zone == "body" and "breadcrumb" not in p.disabled and "breadcrumb_reopens" not in p.disabled:
            self.reopen_header(i, f)
        # breadcrumb (header only): everything above it is the site's header
        if self.zone == "header" and "breadcrumb" not in p.disabled:
            lab = self.breadcrumb(i, f)
            if lab is not None:
                return lab
        # teaser of another article
        if f.lead_space and f.ellipsis and "teaser" not in p.disabled:
            self.untitle_teaser(i)
            return self.removed(i, "teaser")
        if "figure" not in p.disabled and f.words <= p.param("figure", "max_words", 60):
            lab = self.figure(i, f)
            if lab is not None:
                return lab
        if self.zone == "body" and f.words <= p.param("unpunctuated_run", "max_words", 30) \
                and "glued_titles" not in p.disabled and "." not in f.squashed and c["glued"].search(text):
            return self.removed(i, "glued_titles")
        # a Hijri date alone in the header, before the title: the site's calendar widget
        if self.zone == "header" and has_digit and "date_widget" not in p.disabled and not self.title_frozen \
                and f.words <= 6 and dates.hijri_only(text):
            return self.removed(i, "date_widget")
        # a short field label in the header ('بحث عن:'): a form, not the article's first paragraph
        if self.zone == "header" and "field_label" not in p.disabled and f.terminal \
                and f.words <= p.param("field_label", "max_words", 3) and text.rstrip().endswith((":", "：")) \
                and not (self.titled and c["header_dateline"].match(text)):  # 'عمّان - "الأيام":' is a dateline
            return self.removed(i, "field_label")
        if self.zone == "header":
            titled = self.titled > 0
            # under the title: the first piece of a paragraph a text browser wrapped opens the article
            if titled and self.title_frozen and not f.terminal and self.wrapped_start(i):
                self.set_zone("body")
                lab = self.paragraph(i, f)
                lab.segments[0] = Segment(lab.segments[0].start, lab.segments[0].end, "paragraph",
                                          p.rule_id("wrapped_paragraph"), p.reason("wrapped_paragraph"))
                return lab
            if (titled and "header_dateline" not in p.disabled and f.words <= p.param("header_dateline", "max_words", 5)
                    and c["header_dateline"].match(text) and not self.is_section(f)):
                return self.whole(i, "dateline", "header_dateline")
            if (not self.title_frozen or not titled) and (self.header_shaped(f) or self.stopped_title(i, f)):
                self.add_candidate(i)
                return self.whole(i, "title", "title")  # provisional: resolved in close_header
            # a short line right under the lead photo's caption is its credit, even the site's own name
            # on many of its pages ('هبة بريس', '(الدستور)')
            lab = self.header_credit(i, f)
            if lab is not None:
                return lab
            # after the title and date: a correspondent's line ('مراسل … في نواكشوط أحمد ولد محمد') is the byline
            if (self.title_frozen and titled and p.enabled("correspondent") and not f.terminal
                    and f.words <= p.param("correspondent", "max_words", 10) and c["correspondent"].match(f.folded)):
                return self.whole(i, "byline", "correspondent")
            # after the title and date: a line of the site's template is no caption
            if self.tpl_line[i]:
                return self.template_label(i)
        else:
            lab = self.repeated_or_template(i, f)
            if lab is not None:
                return lab
        if self.zone == "header":
            if self.heading_shaped(f):
                if "header_caption" not in p.disabled:
                    return self.figure_line(i, "caption", "header_caption")
                return self.whole(i, "heading", "heading")
            self.set_zone("body")
            return self.paragraph(i, f)
        if self.heading_shaped(f):
            return self.whole(i, "heading", "heading")
        if (not f.terminal and f.words <= p.param("unpunctuated_run", "max_words", 30)
                and "unpunctuated_run" not in p.disabled and not self.is_quotation(i, f)):
            if self.sentence_like(f):
                lab = self.paragraph(i, f)
                sg = lab.segments[0]
                lab.segments[0] = Segment(sg.start, sg.end, sg.role, p.rule_id("sentence_like"), p.reason("sentence_like"))
                return lab
            return self.removed(i, "unpunctuated_run")
        return self.paragraph(i, f)

    def dateline_byline(self, i: int, f: _F) -> LineLabel | None:
        """'القاهرة - سبوتنيك. كتب: أحمد عبد الوهاب': the dateline and the byline on one line."""
        m = self.c["dateline_byline"].match(f.text)
        if m is None or not self.c["header_dateline"].match(m.group("dl")):
            return None
        lab = self.pair(i, m, ("dl", "sep", "by"), ("dateline", "byline"), "dateline_byline")
        if self.zone == "header":
            self.title_frozen = True
        return lab

    def is_figures_widget(self, f: _F) -> bool:
        """Numbers make up a third of a short line with no sentence end: prayer times
        ('الفجر 03:27  الظهر 12:38 …'), exchange rates ('دولار 3.71 | يورو 3.98'), temperatures."""
        if f.terminal or f.words > self.p.param("figures_widget", "max_words", 16):
            return False
        toks = [t for t in _TOKEN.findall(f.text)]
        nums = sum(1 for t in toks if _NUMBER.fullmatch(t))
        return nums >= self.p.param("figures_widget", "min_items", 3) and 3 * nums >= len(toks)

    def reopen_header(self, i: int, f: _F) -> None:
        """At a breadcrumb in the body right under the body's only paragraph, with at most ``min_items``
        lines kept: those lines were the site's header (prose-like chrome under the menu opened the
        body too early); the header zone opens again here."""
        if f.terminal or f.words > 12 or not self.c["home"].match(f.folded):
            return
        kept = [k for k, lab in enumerate(self.labels) if not lab.removed]
        paras = [k for k in kept if "paragraph" in self.labels[k].roles]
        # one paragraph, right above the breadcrumb: a pitch under the menu, not an article's text
        if (not kept or len(kept) > self.p.param("breadcrumb_reopens", "min_items", 3)
                or paras != kept[-1:] or kept[-1] < i - 2):
            return
        for k in kept:
            zone = self.labels[k].zone
            self.labels[k] = self.removed(k, "breadcrumb_reopens")
            self.labels[k].zone = zone
        self.zone = "header"
        self.first_paragraph = True
        self.prose_seen = False

    def summary_place(self, i: int, f: _F) -> bool:
        """A bulleted line is a summary point only where a summary stands: under the title block (a
        date or byline seen, or a summary label), at the top of the body, or right under another
        point.  Elsewhere a bullet is a list item as a text browser renders lists (menus, teasers)."""
        if "summary_place" in self.p.disabled:
            return True
        if "[" in f.text and f.folded != fold(f.text):
            return False  # a text browser's link ('• [21]…'): a list of links, not a summary
        if self.c["home"].match(f.folded) or dates.date_line(unmarked(f.text), self.p.date_order) is not None:
            return False  # a breadcrumb or a date behind a bullet
        prev = self.labels[-1] if self.labels and len(self.labels) == i else None
        if prev is not None and prev.number == self.lines[i].number - 1 and (
                prev.segments[0].rule == self.p.rule_id("summary_bullet")
                or prev.removed and prev.segments[0].rule == "chrome.label"):
            return True
        if self.zone == "header":
            return self.title_frozen and self.titled > 0
        return self.zone == "body" and not self.prose_seen

    def header_credit(self, i: int, f: _F) -> LineLabel | None:
        """After the title and date, a short line (a name, maybe in brackets, no digit) right under the
        lead photo's caption and before the article: that photo's credit."""
        p = self.p
        if "header_credit" in p.disabled or not self.title_frozen or not self.labels or len(self.labels) != i:
            return None
        prev = self.labels[-1]
        if (prev.number != self.lines[i].number - 1 or len(prev.segments) != 1
                or prev.segments[0].rule != p.rule_id("header_caption") or prev.segments[0].role != "caption"):
            return None
        if not (_LETTER.search(f.text) and f.words <= p.param("header_credit", "max_words", 4)
                and self.heading_shaped(f) and not _DIGIT.search(f.text)):
            return None
        return self.figure_line(i, "credit", "header_credit", True)

    def sentence_like(self, f: _F) -> bool:
        """A line without a final full stop that still reads as running text: it ends in a question
        mark, holds a comma, or enough of its words are the function words of Arabic sentences
        (headlines glued together are noun phrases: few 'في/من/أن/التي')."""
        p = self.p
        if "sentence_like" in p.disabled or not f.arabic:
            return False
        tail = f.text.rstrip(self.c["closing"])
        if tail.endswith(("؟", "?")) or "،" in f.text:
            return True
        fw = self.c["function_words"]
        words = (f.squashed or " ".join(fold(f.text).split())).split()
        n = sum(1 for w in words if w in fw)
        return n >= p.param("sentence_like", "min_items", 3) and n >= p.param("sentence_like", "min_share_words", 0.2) * len(words)

    def other_author(self) -> None:
        """An 'about the author' blurb ('عن الكاتب: خليل الشيخ كاتب وروائي …') whose name (the first two
        words after the label) stands nowhere else on the page: a blurb of another writer (a column
        box, a promoted author), not the article's author, whose name the header, byline or signature
        gives."""
        p = self.p
        rx = self.c["about_author"]
        for k, lab in enumerate(self.labels):
            if lab.zone != "body" or lab.roles != ["paragraph"] or len(lab.segments) != 1:
                continue
            m = rx.match(self.lines[k].text)
            if m is None:
                continue
            name = fold(" ".join(m.group("rest").split()[:2]))
            if len(name.split()) < 2 or any(name in fold(" ".join(ln.text.split()))
                                            for j, ln in enumerate(self.lines) if j != k):
                continue
            self.labels[k] = self.removed(k, "other_author")
            self.labels[k].zone = lab.zone

    def footer_blurb(self) -> None:
        """The site's blurb in its footer: the last kept line of the page, a paragraph, with the site's
        menu right above it (at least min_items removed navigation lines, 'من نحن', 'اتصل بنا', among
        the removed lines since the previous kept line) and nothing but removed lines after it."""
        p = self.p
        wanted = p.param("footer_blurb", "rules", ())
        nav = {r.id for r in p.rules if r.id in wanted}
        kept = [k for k, lab in enumerate(self.labels) if not lab.removed]
        if len(kept) < 2:
            return
        k = kept[-1]
        lab = self.labels[k]
        if lab.zone not in ("body", "chrome") or lab.roles != ["paragraph"]:
            return
        blurb = [k]
        # a short heading right above it is the menu's last item ('أعلن معنا'), or the blurb's own label
        if len(kept) >= 3 and kept[-2] == k - 1 and self.labels[k - 1].roles == ["heading"] \
                and self.f[k - 1].words <= p.param("menu", "max_words", 3):
            blurb.insert(0, k - 1)
        before = kept[-1 - len(blurb)]
        if blurb[0] - before - 1 < 2:
            return
        menu = sum(1 for m in range(before + 1, blurb[0]) if self.labels[m].segments[0].rule in nav)
        if menu >= p.param("footer_blurb", "min_items", 2):
            for m in blurb:
                zone = self.labels[m].zone
                self.labels[m] = self.removed(m, "footer_blurb")
                self.labels[m].zone = zone

    def stopped_title(self, i: int, f: _F) -> bool:
        """A title that ends in a full stop: before any title-shaped line, one short sentence right
        above the article's date line (a lede would come after the date, not before it)."""
        p = self.p
        if "stopped_title" in p.disabled or self.titled or not f.arabic or f.ellipsis:
            return False
        tail = f.text.rstrip(self.c["closing"])
        if not tail.endswith(".") or f.words > p.param("stopped_title", "max_words", 20) \
                or any(x in tail[:-1] for x in (". ", "، ")):
            return False
        nxt = self.next_index(i)
        return nxt is not None and self.f[nxt].words <= self.date_max and self.is_date(nxt)

    def interview_questions(self) -> None:
        """An interview without Q/A labels: the questions look like headings ending in '؟'.  When at
        least min_questions body headings are questions, each followed by a paragraph (the answer), and
        they are most of the body's headings, they are the interviewer's turns: paragraphs."""
        hid = self.p.rule_id("heading")
        heads = [k for k, lab in enumerate(self.labels)
                 if lab.zone == "body" and len(lab.segments) == 1 and lab.segments[0].rule == hid]
        question = lambda k: self.f[k].text.rstrip(self.c["closing"]).endswith(("؟", "?"))  # noqa: E731
        hs = set(heads)
        qs, answers = [], []
        for k in heads:
            if not question(k) or k + 1 >= len(self.labels):
                continue
            if self.labels[k + 1].roles == ["paragraph"]:
                qs.append(k)
            # a short answer with no full stop looks like a heading too: a non-question heading right
            # after the question is the interviewee's turn
            elif k + 1 in hs and not question(k + 1) and self.f[k + 1].words >= 2:
                qs.append(k)
                answers.append(k + 1)
        if len(qs) < self.p.param("interview_turn", "min_questions", 3) or 2 * len(qs) <= len(heads) - len(answers):
            return
        for k in qs + answers:
            zone = self.labels[k].zone
            self.labels[k] = self.whole(k, "paragraph", "interview_turn")
            self.labels[k].zone = zone

    def speaker_turns(self) -> None:
        """An interview laid out as 'Speaker: text' turns: when at least min_items lines after the
        title open with a short name and a colon, from at least two speakers who each have two
        turns, every such line is article text (a short question is no heading or orphan, a long
        answer without a full stop no glued links)."""
        p = self.p
        keep = {p.rule_id(k) for k in ("heading", "paragraph", "sentence_like", "unpunctuated_run",
                                       "orphan_heading", "header_caption")}
        turns: dict[str, list[int]] = {}
        for k, lab in enumerate(self.labels):
            if lab.zone not in ("header", "body") or len(lab.segments) != 1 or lab.segments[0].rule not in keep:
                continue
            f = self.f[k]
            m = self.c["speaker"].match(f.text)
            if m is None or not f.arabic or f.words < len(m.group("label").split()) + 2:
                continue
            turns.setdefault(" ".join(fold(m.group("label")).split()), []).append(k)
        speakers = [ks for ks in turns.values() if len(ks) >= 2]
        total = sum(len(ks) for ks in speakers)
        if len(speakers) < 2 or total < p.param("speaker_turn", "min_items", 4):
            return
        for ks in speakers:
            for k in ks:
                zone = self.labels[k].zone
                self.labels[k] = self.whole(k, "paragraph", "speaker_turn")
                self.labels[k].zone = zone

    def is_ticker(self, f: _F) -> bool:
        """At least min_items headline-shaped pieces with Arabic, separated by bullets or bars inside the line
        (a pure test of the profile and the line: remembered with the line's features)."""
        v = f.seen.get("ticker")
        if v is None:
            v = f.seen["ticker"] = self.is_ticker_slow(f)
        return v

    def is_ticker_slow(self, f: _F) -> bool:
        seps = self.c["ticker"]
        if seps is None or f.words > 80:
            return False
        least = self.p.param("ticker", "min_items", 3)
        if least > 1 and not _has_any(f.text, self.p.param("ticker", "markers", ())):
            return False  # no marker: one piece at most (the split's regex scan skipped)
        pieces = [x for x in seps.split(f.text) if x.strip()]
        if len(pieces) < least:
            return False
        least = self.p.param("ticker", "min_words", 3)  # headlines, not the fields of a 'name | place | date' line
        return all(_ARABIC_LETTER.search(x) and len(x.split()) >= least and self.heading_shaped(self._shape(x), 16)
                   for x in pieces)

    def is_joined_items(self, f: _F) -> bool:
        """``is_joined_items_slow``: a pure test of the profile and the line, asked up to twice per line
        (engine.label, article_line), remembered with the line's features."""
        v = f.seen.get("joined")
        if v is None:
            v = f.seen["joined"] = self.is_joined_items_slow(f)
        return v

    def is_joined_items_slow(self, f: _F) -> bool:
        """At least min_items pieces separated by two or more spaces, a TAB or a bar/bullet between
        spaces, each of at most max_words words and not ending a sentence, at least min_items - 1 of them
        words without digits (a counter or a temperature may stand among them, a table row of figures
        may not): a browser's copy of a menu, a share bar, a comment's action bar or a footer row."""
        p = self.p
        if f.words > 2 * self.pattern_max or not _LETTER.search(f.text):
            return False
        text = unmarked(f.text).strip()
        need = p.param("joined_items", "min_items", 4)
        if not _marked(text):
            need += 1  # wide gaps alone: a headline with stray double spaces must not pass for a menu
            if need > 1 and not _wide_gap(text):
                return False  # no separator at all: one piece (the split's regex scan skipped)
        pieces = [x for x in _JOINED_SEP.split(text) if x.strip()]
        if len(pieces) < need:
            # fewer pieces, each of them interface vocabulary ('A A A | طباعة | مشاركة: فيسبوك تويتر')
            return self.chrome_pieces(pieces) if _marked(text) else False
        mx = p.param("joined_items", "max_words", 3)
        terminal = self.c["terminal"] - {":"}
        if not all(len(x.split()) <= mx and x.rstrip()[-1] not in terminal for x in pieces):
            return self.chrome_pieces(pieces) if _marked(text) else False
        if sum(1 for x in pieces if _LETTER.search(x) and not _DIGIT.search(x)) >= need - 1:
            return True
        return self.chrome_pieces(pieces) if _marked(text) else False  # counts between buttons

    def chrome_pieces(self, pieces: list[str]) -> bool:
        """At least min_items pieces a bar or TAB joined, each one removed by a lexicon rule on its own
        line (a font widget, a print button, a share bar, a comment button, a form field, a block's tab)
        or a bare count between them: a widget row, whatever its length (a section marker among the
        pieces still switches the zone: ``joined_marker``)."""
        p = self.p
        if not p.enabled("chrome_pieces") or len(pieces) < p.param("chrome_pieces", "min_items", 2):
            return False
        vocabulary = 0
        for x in pieces:
            if _COUNTER.fullmatch(x.strip()):
                continue  # a count between the buttons ('14 | 2 | رد | إبلاغ', 'شارك | 152 | مشاركة')
            # whatever the zone: the verdict depends on the profile and the line only
            xf = self._shape(x.strip())
            r = p.exact.get(xf.squashed)
            if r is None:
                r = next((r for r in p.pattern_rules if (r.max_words is None or xf.words <= r.max_words)
                          and r.find(xf.folded)), None)
            if r is None:
                return False
            vocabulary += 1
        return vocabulary >= 1

    def joined_marker(self, f: _F):
        """The pattern rule with a zone switch that the last of a joined line's pieces matches, if any."""
        text = unmarked(f.text).strip()
        found = None
        for piece in _JOINED_SEP.split(text):
            if piece.strip():
                r, _m = self.match_rule(self._shape(piece))
                if r is not None and r.then:
                    found = r
        return found

    def _shape(self, text: str) -> _F:
        from corpus.clean.features import _features
        return _features(text, self.c)

    def teaser_kind(self, f: _F) -> str:
        """The kind of a line in a teaser record, outside the comments and the article's header (a pure
        function of the profile and the line: remembered with its features): X nothing, N a number,
        T a time or date, E a truncated summary, P one short sentence, S a short label, H a headline."""
        rx = self.c["teaser_relative"]
        hmax = self.p.param("header_line", "max_words", 25)
        if self.shape_test(f, "slide_counter"):
            return "X"  # '3/6': a gallery's slide counter, not a teaser's date
        if self.shape_test(f, "comment_number"):
            return "N"  # a bare number: a list's rank or a counter
        if f.words <= 8 and (rx.match(f.folded) is not None or self.date_shaped(f)
                             or (not f.arabic and _DIGIT.search(f.text) is not None and f.words <= 2)):
            return "T"
        if not f.arabic:
            return "X"
        if f.ellipsis and f.words > 3:
            return "E"
        if f.terminal:
            # one short sentence: a teaser's summary (only counted right after a 'related' label)
            body = f.text.rstrip(self.c["closing"])[:-1]
            one = not any(body.find(x) >= 0 for x in (". ", "! ", "؟ ", "? "))
            return "P" if one and f.words <= self.p.param("teaser_block", "summary_words", 35) else "X"
        if f.words <= 3 and not _DIGIT.search(f.text):
            return "S"
        if f.words <= self.heading_max or f.words <= hmax and not self.sentence_like(f):
            return "H"  # a long line that reads as a sentence (a live update without its full stop) is none
        return "X"

    def teaser_blocks(self) -> None:
        """Runs of teaser records of other articles, whatever other rules said of their lines (a
        headline kept as a heading, a time as a date).  A record is one headline with its metadata in
        a fixed order, repeated: (headline, time), (time, headline), (headline, section, date),
        (section, headline, date), (number, headline), (headline, truncated summary '…'); at least
        min_pairs records in a row (three for (headline, short label) records).  In the header only
        the lines above the title can be teasers (a ticker of other headlines)."""
        need = self.p.param("teaser_block", "min_pairs", 2)
        n = len(self.labels)
        if self.first_paragraph:
            return  # no article: nothing to tell teasers from
        title = next((k for k, lab in enumerate(self.labels) if "title" in lab.roles), None)
        wrapped = self.p.enabled("wrapped_paragraph") and self.wrap_width() > 0

        def kind(k: int) -> str:
            lab = self.labels[k]
            if lab.zone == "comments" or lab.zone == "header" and (title is None or k >= title):
                return "X"
            if wrapped and self.labels[k].roles == ["paragraph"] and self.wrapped_on(k):
                return "X"  # a wrapped paragraph's piece, not a headline over a one-sentence summary
            f = self.f[k]
            v = f.seen.get("teaser_kind")
            if v is None:
                v = f.seen["teaser_kind"] = self.teaser_kind(f)
            return v

        kinds = "".join(kind(k) for k in range(n))
        related = {self.p.rule_id("related_link")}
        orphans = ({self.p.rule_id("heading"), self.p.rule_id("orphan_heading")}
                   if "orphan_pairs" not in self.p.disabled else set())

        def after_label(k: int) -> bool:
            """Right after a 'related'/'most read' label (or its first, swallowed link)."""
            lab = self.labels[k]
            if lab.removed and lab.segments[0].rule in related:
                return True
            prev = self.labels[k - 1] if k > 0 else None
            if prev is None:
                return False
            if prev.removed and prev.segments[0].rule.startswith(("chrome.related", "block.")):
                return True
            # a label no rule knows ('مواضيع قد تهمك'): a heading right above another heading, i.e. one
            # that introduces no text (the pairs must still run to the article's end, checked below)
            return (orphans and len(prev.segments) == 1 and prev.segments[0].rule in orphans
                    and self.labels[k].segments[0].rule in orphans and self.f[k - 1].words <= 4)

        records = (("HT", need), ("TH", need), ("HST", need), ("SHT", need), ("HTS", need), ("NH", need),
                   ("NHT", need), ("NHS", need), ("NHST", need), ("HN", need), ("HE", need), ("HS", need + 1), ("SH", need + 1))
        # the records by their first kind: a record of another first kind matches no run at k (its first
        # startswith fails: r = 0, and an ('HP') summary run of 0 pairs changes nothing), so only
        # these are tried; which record gives the longest run does not matter, only its length
        by_first: dict[str, list] = {}
        for rec, least in records:
            by_first.setdefault(rec[0], []).append((rec, least))
        k = 0
        while k < n:
            kind_k = kinds[k]
            if kind_k not in by_first and kind_k != "H":  # no record starts here
                k += 1
                continue
            best = 0
            tried = by_first.get(kind_k, [])
            if kind_k == "H" and after_label(k):
                tried = tried + [("HP", need)]
            for rec, least in tried:
                r = 0
                while kinds.startswith(rec, k + r * len(rec)):
                    r += 1
                end = k + r * len(rec)
                if rec == "HP":
                    r = self.summary_pairs(k, r)
                    end = k + 2 * r
                    if end < n and not self.labels[end].removed and "paragraph" in self.labels[end].roles:
                        continue  # the article's paragraphs go on after the pairs: a sub-heading, not teasers
                if r >= least and r * len(rec) > best:
                    best = r * len(rec)
            if not best:
                k += 1
                continue
            for m in range(k, k + best):
                if not self.labels[m].removed or self.labels[m].segments[0].rule.startswith("struct.orphan"):
                    zone = self.labels[m].zone
                    self.labels[m] = self.removed(m, "teaser_block")
                    self.labels[m].zone = zone
            k += best

    def template_summaries(self) -> None:
        """In the comments zone, a "comment" right under a headline the site's template removed (no
        author or date between them): the summary of a teaser that follows the comment list, not a
        reader's text.  A commenter's name is no headline: it has at most three words."""
        tid = self.p.rule_id("site_template")
        for k in range(1, len(self.labels)):
            lab, prev = self.labels[k], self.labels[k - 1]
            pf = self.f[k - 1]
            if (lab.zone == "comments" and lab.roles == ["comment-paragraph"] and prev.removed
                    and prev.segments[0].rule == tid and prev.number == lab.number - 1
                    and pf.arabic and not pf.terminal and 4 <= pf.words <= self.heading_max):
                self.labels[k] = self.removed(k, "teaser_summary")
                self.labels[k].zone = lab.zone

    def summary_pairs(self, k: int, r: int) -> int:
        """How many of the r (headline, one-sentence) pairs from label k are teasers: the headline is
        a heading or a swallowed related link (not another widget), and the sentence does not carry
        the article on ('وقال …', 'وأضاف …': a continuation opener)."""
        # a headline the page repeats or the site's template lists is a teaser's headline too
        ok_rules = {self.p.rule_id(x) for x in ("heading", "related_link", "orphan_heading", "repeated", "site_template")}
        openers = self.c["continuation"]
        for m in range(r):
            h, s = k + 2 * m, k + 2 * m + 1
            first = (self.f[s].squashed or fold(self.f[s].text)).split()[:1]
            if self.labels[h].segments[0].rule not in ok_rules or (first and first[0] in openers):
                return m
        return r

    def is_quotation(self, i: int, f: _F) -> bool:
        """A quotation on its own line: it opens with a quote mark, or follows a line ending in ':'."""
        if "quotation" in self.p.disabled:
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

    def paragraph(self, i: int, f: _F) -> LineLabel:
        lab = self.whole(i, "paragraph", "paragraph")
        if not self.prose_seen and (self.is_prose(f) or self.wrapped_prose(i, f)):
            self.prose_seen = True
        if self.first_paragraph:
            self.first_paragraph = False
            m = self.c["dateline"].match(f.text) if "dateline" not in self.p.disabled else None
            if m and m.end() <= self.p.param("dateline", "max_offset", 40):
                s, e = m.span("place")
                lab.meta.append(MetaHit("dateline", f.text[s:e], s, e, self.p.rule_id("dateline")))
        return lab

    def untitle_teaser(self, i: int) -> None:
        """The line above a teaser, if heading-shaped and kept, is the teaser's title."""
        if i == 0 or not self.labels:
            return
        j = i - 1
        prev = self.labels[j]
        if len(prev.segments) == 1 and prev.segments[0].role in ("heading", "title", "kicker", "section") \
                and self.heading_shaped(self.f[j], self.p.param("header_line", "max_words", 25)):
            if self.candidates and self.candidates[-1] == j:  # candidates are in line order, all < i
                self.drop_candidate(j)
            self.labels[j] = self.removed(j, "teaser_title")
