"""The reader-comments zone: comment records (title, author, place, date, text) and signatures.

The first comment line decides the layout of the whole section (a signature first, or a title
first), so the zone keeps the current comment's number and state across lines."""
from __future__ import annotations

import re

from corpus.text import dates
from corpus.clean.features import _F, _LETTER, _trim, markdown_links_only
from corpus.clean.labels import LineLabel, Segment

# a line of pictographs (emoji, hearts, with their variation selectors and joiners) and nothing else
_EMOJI_ONLY = re.compile("^\\s*(?:[\U0001F300-\U0001FAFF\u2600-\u27BF\u2764\u2B50]\ufe0f?\u200d?\\s*)+$")

_BRACKETED = re.compile(r"^\s*\[[^\[\]]{2,30}\]\s*$")
#: a comment's numbered label ('3.1) رد بواسطة :'): a number, at most three words, a colon
#: a commenter's name, a bar or bullet, the comment's date
_AUTHOR_DATE = re.compile(r"^\s*(?P<author>[^|•·]{1,60}?)\s*(?P<sep>[|•·])\s*(?P<date>[^|•·]{4,60}?)\s*$")
#: a name ending in an initial ('ميشال ح.'): its dot is no sentence end
_INITIAL = re.compile(r"(?:^|\s)[^\W\d_]\.\s*$")
_NUMBERED_LABEL = re.compile(r"^\s*#?\d{1,4}(?:\.\d{1,3})*\s*[.)\-]\s*(?:[^\W\d_]+\s*){1,3}[:：]\s*$")


class _CommentRules:
    """Comment-zone rules of ``clean._Cleaner``."""

    def comment_line(self, i: int, f: _F) -> LineLabel:
        """Comments come as 'title, signature, text...' or as 'signature, text...': the first comment
        line of the section decides which (a signature first means no comment has a title)."""
        p, c = self.p, self.c
        if "comment_number" not in p.disabled and (c["comment_number"].match(f.text) or _NUMBERED_LABEL.match(f.text)):
            self.comment_open = False  # the next line starts a comment
            return self.removed(i, "comment_number")
        lab = self.comment_author_date(i, f)
        if lab is not None:
            return lab
        if f.words <= self.date_max and (c["relative_date"].match(f.folded) or self.is_date(i)):
            if not self.comment_open:
                self.comment += 1
                self.comment_open = True
            lab = self.whole(i, "comment-date", "comment_date")
            lab.comment = self.comment
            return lab
        # pictographs only, right under the comment's date or author line: the reader's whole comment
        # ('👍👍', '😂😂', '❤️'), not a counter (a counter has its number)
        prev = self.labels[-1] if self.labels else None
        if (p.enabled("comment_emoji") and prev is not None and prev.comment == self.comment
                and prev.roles in (["comment-date"], ["comment-author"]) and _EMOJI_ONLY.match(f.text)):
            lab = self.whole(i, "comment-paragraph", "comment_emoji")
            lab.comment = self.comment
            return lab
        # no letter at all, and not a date: a vote or like counter ('▲ 23 ▼', '👍 4'), never comment text
        if "comment_no_letter" not in p.disabled and not _LETTER.search(f.text):
            return self.removed(i, "comment_no_letter")
        nxt = self.next_index(i)
        # author and place on two lines above the date ('عادل منصور' / 'الإسكندرية' / date): the place
        # is a known place name (vocab places)
        if "comment_place_line" not in p.disabled:
            prev = self.labels[-1] if self.labels else None
            if (prev is not None and prev.comment == self.comment and prev.roles == ["comment-author"]
                    and prev.number == self.lines[i].number - 1 and self.place_line(i)
                    and self.comment_author_above_date(i, f)):
                self.place_layout = True
                lab = self.whole(i, "comment-place", "comment_place_line")
                lab.comment = self.comment
                return lab
            if (nxt is not None and self.lines[nxt].number == self.lines[i].number + 1
                    and self.heading_shaped(f, 4) and _LETTER.search(f.text) and not self.is_place(f)
                    and self.place_line(nxt) and self.comment_author_above_date(nxt, self.f[nxt])
                    and (self.is_place(self.f[nxt]) or self.comment_furniture(i, f) is None)):
                self.comment += 1
                self.comment_open = True
                lab = self.whole(i, "comment-author", "comment_place_line")
                lab.comment = self.comment
                return lab
        # 'author' line right above the comment's date line
        if self.comment_author_above_date(i, f):
            prev = self.labels[-1] if self.labels else None
            if not (prev is not None and prev.comment == self.comment and prev.roles == ["comment-title"]
                    and prev.number == self.lines[i].number - 1):
                self.comment += 1
            self.comment_open = True
            m = c["author_place"].match(f.text)
            if m and _LETTER.search(m.group("place")):
                lab = self.pair(i, m, ("author", "d1", "place"), ("comment-author", "comment-place"), "comment_author")
            else:
                lab = self.whole(i, "comment-author", "comment_author")
            lab.comment = self.comment
            return lab
        lab = self.comment_furniture(i, f) if self.signature(i) is None else None
        if lab is not None:
            return lab
        # a short line right above the author line: the comment's title (title / author / date / text)
        if ("comment_title_above_author" not in p.disabled and nxt is not None and self.heading_shaped(f, 6)
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
        # the site's template inside the comment section (its form as one line, its moderation notice):
        # after the record rules, so a commenter who signs on several pages of the site stays an author
        if self.tpl_line[i] and "comments_template" not in self.p.disabled:
            lab = self.template_label(i)
            lab.zone = self.zone
            return lab
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
        # a markdown capture's link ('* [إبلاغ](/report/)', '* [1](/c/1)'): a button or a number, no reader's text
        if ("](" in f.text or "][" in f.text) and p.enabled("link_line") and markdown_links_only(f.text):
            return self.removed(i, "link_line")
        if not self.comment_open:
            self.comment += 1
            self.comment_open = True
        d = dates.whole_date(f.text, self.p.date_order) if f.words <= 6 else None
        if d is None and not self.is_prose(f) and self.empty_section():
            # 'be the first to comment' under a heading that counts no comment: no reader wrote it
            return self.removed(i, "empty_comments")
        if d is not None:
            lab = self.whole(i, "comment-date", "comment_date")
        else:
            lab = self.whole(i, "comment-paragraph", "comment_paragraph")
        lab.comment = self.comment
        return lab

    def real_comments(self) -> bool:
        """A comments section was opened after the article and it is one: it held a record (an author, a
        date), or it counted no comment and kept nothing — not a comments link in a share bar inside the
        article (the article's paragraphs under it are kept, as comment text)."""
        if not self.comments_opened:
            return False
        roles = self.comment_roles  # the roles of the comments zone's labels, read once each
        for lab in self.labels[self.comment_roles_read:]:
            if lab.zone == "comments":
                roles.update(lab.roles)
        self.comment_roles_read = len(self.labels)
        return bool(roles & {"comment-author", "comment-date"}) or self.zero_comments is not None and not roles - {"removed"}

    def empty_section(self) -> bool:
        """The comments heading counted no comment ('التعليقات (0)') and no record (an author, a date)
        has come since: the section is empty, its short lines are the site's ('be the first to comment';
        an article-shaped line is left to the other rules)."""
        k = self.zero_comments
        if k is None or not self.p.enabled("empty_comments"):
            return False
        start = max(k + 1, self.zero_read)
        if any(r in ("comment-author", "comment-date") for lab in self.labels[start:] for r in lab.roles):
            self.zero_comments = None  # a record came: the count was stale, the section is not empty
            return False
        self.zero_read = len(self.labels)
        return True

    def comment_author_date(self, i: int, f: _F) -> LineLabel | None:
        """'أم ياسين | 13 يونيو 2024 - 11:30 ص': the author, a bar or bullet, the date: a new comment."""
        p = self.p
        if "comment_author_date" in p.disabled or f.words > self.date_max + p.param("comment_author_date", "max_words", 4):
            return None
        m = _AUTHOR_DATE.match(f.text)
        if m is None:
            return None
        a0, a1 = _trim(f.text, *m.span("author"))
        d0, d1 = _trim(f.text, *m.span("date"))
        author = f.text[a0:a1]
        if not (0 < len(author.split()) <= p.param("comment_author_date", "max_words", 4)) \
                or not _LETTER.search(author) or any(ch.isdigit() for ch in author) \
                or dates.date_line(f.text[d0:d1], p.date_order) is None:
            return None
        self.comment += 1
        self.comment_open = True
        lab = self.pair(i, m, ("author", "sep", "date"), ("comment-author", "comment-date"), "comment_author_date")
        lab.comment = self.comment
        return lab

    def place_line(self, k: int) -> bool:
        """The place line of an 'author / place / date' record: a known place, or, once the thread
        has shown that layout with a known place, any short name in the same slot (not a button that
        recurs in every record)."""
        f = self.f[k]
        return self.is_place(f) or (self.place_layout and "comment_place_layout" not in self.p.disabled
                                    and self.heading_shaped(f, 3) and _LETTER.search(f.text) is not None
                                    and self.comment_furniture(k, f) is None)

    def is_place(self, f: _F) -> bool:
        # a known place, or any short Arabic name in square brackets ('[المحرق]') in a comment record
        return 0 < f.words <= 3 and (f.squashed in self.c["places"]
                                     or (self.zone == "comments" and f.arabic and _BRACKETED.match(f.text) is not None))

    def comment_author_above_date(self, i: int, f: _F) -> bool:
        """A short unpunctuated line (a name, maybe 'name - place') right above a date line."""
        c = self.c
        nxt = self.next_index(i)
        mx = self.p.param("comment_author", "max_words", 6)
        # 'name - place' may be longer than a bare name: 'باسم عودة - بيت لحم'
        short = f.words <= mx - 2 or (f.words <= mx and c["author_place"].match(f.text) is not None)
        return (not f.terminal and short and nxt is not None
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

    def comments_end(self) -> None:
        """The comment list ends where the site's footer starts: after the last comment record's
        author/date line and the text right under it, the first run of min_run short lines (removed
        lines count; at least one of them removed by a chrome rule of the lexicon) opens the footer,
        and every comment-zone line from there on is removed."""
        p = self.p
        mx, need = p.param("comments_end", "max_words", 4), p.param("comments_end", "min_run", 3)
        n = len(self.labels)
        last = None
        for k, lab in enumerate(self.labels):
            if lab.zone == "comments" and {"comment-author", "comment-date"} & set(lab.roles):
                last = k
        if last is None:  # no comment record at all (an empty section): the footer may start at once
            k = next((m for m, lab in enumerate(self.labels) if lab.zone == "comments"), n)
        else:
            k = last + 2  # the record's text is right under its author/date line
        while k < n and self.labels[k].zone == "comments":
            j, chrome = k, False
            while j < n and self.labels[j].zone == "comments" and (
                    self.labels[j].removed or (0 < self.f[j].words <= mx and not self.f[j].terminal)):
                rid = self.labels[j].first_removed().rule if self.labels[j].removed else ""
                chrome = chrome or (rid != "" and not rid.startswith("struct."))
                j += 1
            if j - k >= need and chrome and any(not self.labels[m].removed for m in range(k, n)
                                                 if self.labels[m].zone == "comments"):
                m = k
                while m < n and self.labels[m].zone == "comments":
                    if not self.labels[m].removed:
                        self.labels[m] = self.removed(m, "comments_end")
                        self.labels[m].zone = "comments"
                    m += 1
                return
            k = max(j, k + 1)


    # -- comment threads without a heading -------------------------------------------------------
    def _headless_name(self, k: int, start: int) -> bool:
        """A commenter's name: a short line with a letter, no sentence punctuation (an initial's dot
        allowed: 'ميشال ح.'), not a date, labelled by a structural rule (a lexicon rule knows it as
        page furniture: 'رد', 'مشاركة')."""
        f, lab = self.f[k], self.labels[k]
        if not (0 < f.words <= self.p.param("headless_comments", "max_words", 3)) or not _LETTER.search(f.text):
            return False
        if f.terminal and not _INITIAL.search(f.text):
            return False
        if any(s.rule and not s.rule.startswith("struct.") for s in lab.segments):
            return False
        # a section label of a teaser list (section / date / headline) is a menu item seen higher up
        # on the page, or a line of the site's template
        prev = self.rep_prev[k]
        if self.tpl_line[k] or (prev is not None and prev < start):
            return False
        return not self._headless_date(k)

    def _headless_date(self, k: int) -> bool:
        f = self.f[k]
        return f.words <= self.date_max and (self.c["relative_date"].match(f.folded) is not None or self.is_date(k))

    def _headless_record(self, k: int, start: int) -> int | None:
        """The end (exclusive) of a name / date / text record starting at label ``k`` (in a run from
        ``start``), or None; the text ends in sentence punctuation (a headline under a teaser's date
        does not)."""
        n = len(self.labels)
        touch = lambda a: a + 1 < n and self.labels[a + 1].number == self.labels[a].number + 1  # noqa: E731
        if not (self._headless_name(k, start) and touch(k) and self._headless_date(k + 1) and touch(k + 1)):
            return None
        e = k + 2
        while e < n and (e == k + 2 or touch(e - 1)):
            lab, f = self.labels[e], self.f[e]
            if (not _LETTER.search(f.text) or self._headless_date(e)
                    or any(s.rule and not s.rule.startswith("struct.") for s in lab.segments)
                    or (self._headless_name(e, start) and touch(e) and self._headless_date(e + 1))):
                break
            e += 1
        if e == k + 2:
            return None
        tail = self.f[e - 1].text.rstrip(self.c["closing"] + " ")
        return e if self.f[e - 1].terminal or tail.endswith(("؟", "?")) else None

    def headless_comments(self) -> None:
        """Reader comments with no heading above them (a reader-mode capture keeps the thread but
        drops its 'التعليقات' heading; a scraper may put it straight after the tags): after the
        article's paragraphs, a run of name / date / text records, only removed lines (reply
        buttons) between them and no article paragraph after them, is a comment thread."""
        p = self.p
        need, gap = p.param("headless_comments", "min_items", 2), p.param("headless_comments", "max_gap", 3)
        n = len(self.labels)
        mx = p.param("headless_comments", "max_words", 3)
        seen_paragraph = False
        for k in range(n):
            lab = self.labels[k]
            if lab.zone != "body":
                continue
            if not seen_paragraph:
                seen_paragraph = "paragraph" in lab.roles and self.f[k].terminal
                continue
            if not 0 < self.f[k].words <= mx:
                continue  # no name line: no record starts here
            records: list[tuple[int, int]] = []
            s = k
            while s < n and self.labels[s].zone == "body":
                e = self._headless_record(s, k)
                if e is None:
                    break
                records.append((s, e))
                s = e
                skipped = 0
                while s < n and self.labels[s].zone == "body" and self.labels[s].removed and skipped < gap \
                        and self._headless_record(s, k) is None:
                    s += 1
                    skipped += 1
            if len(records) < need:
                continue
            end = records[-1][1]
            m = end
            while m < n and self.labels[m].zone == "body":
                if "paragraph" in self.labels[m].roles:
                    break
                m += 1
            if m < n and self.labels[m].zone == "body":
                return  # the article goes on: these were not comments
            for s, e in records:
                self.comment += 1
                for j in range(s, e):
                    role = "comment-author" if j == s else "comment-date" if j == s + 1 else "comment-paragraph"
                    lab = self.whole(j, role, "headless_comments")
                    lab.zone = "comments"
                    lab.comment = self.comment
                    self.labels[j] = lab
            return
