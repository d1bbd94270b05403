"""Figures: a caption and its photo credit, on one line or on two adjacent lines.

A credit can turn the line above it into a caption after the fact, so these rules may relabel
the previous line."""
from __future__ import annotations

from corpus.clean.features import _ARABIC_LETTER, _F, _LATIN, _LETTER, _trim
from corpus.clean.labels import LineLabel, Segment
from corpus.clean.profiles import squash

import re

#: an agency's acronym alone in brackets under a caption ('(ANHA)', '(SANA)', '(WAFA)'): a credit
#: whatever the agency, so the list of known agencies need not hold every one
_DIGIT_RE = re.compile(r"\d")
#: a short name in brackets at the end of a line, no digit in it: '(من المصدر)', '(بترا)'
_TAIL_BRACKET = re.compile(r"\(\s*(?P<credit>[^()\d]{2,40}?)\s*\)\s*$")
_AGENCY_ACRONYM = re.compile(r"^\s*\(\s*[A-Z]{2,6}\s*\)\s*$")


#: a copyright label (or none) and a Latin 'Photographer/Agency' credit ('Agency / Photographer' too,
#: spaced): the credit of the photo above
_CREDIT_SLASH = re.compile(r"^\s*(?:©|حقوق النشر|حقوق الصوره|copyright|photo|credit)?\s*[:：]?\s*"
                           r"[a-z][a-z .'&-]{1,40}/\s*[a-z0-9][a-z0-9 .,'&/-]{1,80}$")


#: a short line wholly in brackets, with no digit: a photo's credit when it sits under a caption
_BRACKETED = re.compile(r"^\s*\(\s*[^()\d]{2,60}?\s*\)\s*$")


class _FigureRules:
    """Caption and credit rules of ``clean._Cleaner``."""

    def credit_only(self, i: int, f: _F) -> LineLabel | None:
        """A line that is only a photo credit ('© AFP', '(أرشيفية)', 'أرشيفية') right under a caption or
        a heading-shaped line: the credit of that figure (the line above becomes its caption)."""
        p = self.p
        if "credit_only" in p.disabled or i == 0 or len(self.labels) != i:
            return None
        if not self.credit_shaped(f):
            if self.bracket_under_latin(i, f):
                return self.figure_line(i, "credit", "credit_only")
            if "©" in f.text[:4] and self.copyright_credit(i, f):
                return self.figure_line(i, "credit", "credit_copyright", True)
            if f.words <= 2 and self.zone == "body" and self.site_credit(i, f):
                return self.figure_line(i, "credit", "site_credit", True)
            return None
        prev = self.labels[i - 1]
        # under an English agency caption (removed: not Arabic text), the credit is still the figure's
        latin = (prev.removed and prev.segments[0].rule in (p.rule_id("latin_line"), p.rule_id("no_arabic"))
                 and self.f[i - 1].words >= p.param("latin_line", "min_words", 4)
                 and prev.number == self.lines[i].number - 1)
        if latin:
            return self.figure_line(i, "credit", "credit_only")
        # a provisional title candidate of the header with another title-shaped candidate above it:
        # the lead photo's caption ('جانب من اجتماع …' / '- أرشيف')
        header_caption = (self.zone == "header" and len(prev.segments) == 1 and prev.segments[0].role == "title"
                          and self.candidates and self.candidates[-1] == i - 1
                          and any(self.f[k].words > p.param("menu", "max_words", 3) for k in self.candidates[:-1]))
        if header_caption:
            self.drop_candidate(i - 1)
        elif len(prev.segments) != 1 or prev.segments[0].role not in ("caption", "heading") \
                or self.f[i - 1].terminal or prev.number != self.lines[i].number - 1:
            return None
        if prev.segments[0].role in ("heading", "title"):
            zone = prev.zone
            self.labels[i - 1] = self.figure_line(i - 1, "caption", "credit_only")
            self.labels[i - 1].zone = zone
        elif not prev.segments[0].figure and prev.segments[0].rule != p.rule_id("gallery"):
            return None  # (a gallery's caption takes its credit too: '(ANHA)' under the last photo)
        return self.figure_line(i, "credit", "credit_only", True)

    def bracket_under_latin(self, i: int, f: _F) -> bool:
        """In the header, a short name in brackets ('(وأج)') right under an agency's Latin description of the
        photo (removed as a Latin line): the figure's credit, as in the body (``credit_bracket``)."""
        p = self.p
        if self.zone != "header" or not p.enabled("credit_bracket") or not f.arabic \
                or f.words > p.param("credit_bracket", "max_words", 6) or not _BRACKETED.match(f.text):
            return False
        prev = self.labels[i - 1]
        return (prev.removed and prev.segments[0].rule in (p.rule_id("latin_line"), p.rule_id("no_arabic"))
                and self.f[i - 1].words >= p.param("latin_line", "min_words", 4)
                and prev.number == self.lines[i].number - 1)

    def credit_shaped(self, f: _F) -> bool:
        """``credit_shaped_slow``, remembered with the line's features (it depends on the profile, the
        line and whether the zone is the body only)."""
        key = "credit.body" if self.zone == "body" else "credit"
        v = f.seen.get(key)
        if v is None:
            v = f.seen[key] = self.credit_shaped_slow(f)
        return v

    def credit_shaped_slow(self, f: _F) -> bool:
        """Only a photo credit, by its shape: short and a known credit, a short name in brackets (in the
        body), or a copyright label with a Latin photographer/agency pair."""
        p = self.p
        short = f.words <= p.param("credit_only", "max_words", 4) and (
            self.c["credit_only"].match(f.folded) or _AGENCY_ACRONYM.match(f.text))
        # any short name in brackets under a caption-shaped line: '(بترا)', '(عمون - تصوير: علي العموش)'
        short = short or ("credit_bracket" not in p.disabled and self.zone == "body" and f.arabic
                          and f.words <= p.param("credit_bracket", "max_words", 6) and _BRACKETED.match(f.text))
        # 'حقوق النشر  AP Photo/Lewis Joly', '© REUTERS/Ahmed Saad': a copyright label and a
        # photographer/agency pair in Latin script
        return bool(short or ("credit_slash" not in p.disabled and f.words <= p.param("credit_slash", "max_words", 14)
                              and _CREDIT_SLASH.match(f.folded)))

    def site_credit(self, i: int, f: _F) -> bool:
        """In the article, the site's own name as a photo credit ('الخبر', '«الرياض»'): one or two
        words seen higher on the page (or quoted), between a caption-shaped line and the article's
        next paragraph (the line above becomes the caption)."""
        p = self.p
        if "site_credit" in p.disabled or not f.arabic or f.terminal or _DIGIT_RE.search(f.text):
            return False
        quoted = f.text.strip()[:1] in "«\"“(" and f.text.strip()[-1:] in "»\"”)"
        if not (quoted or self.rep_prev[i] is not None or self.tpl_line[i]):
            return False
        prev, nxt = self.labels[i - 1], i + 1
        if (len(prev.segments) != 1 or prev.segments[0].role != "heading" or self.f[i - 1].terminal
                or prev.number != self.lines[i].number - 1 or self.f[i - 1].words < 3
                or ":" in self.lines[i - 1].text or "：" in self.lines[i - 1].text
                or nxt >= len(self.lines) or not self.is_prose(self.f[nxt])):
            return False
        if self.match_rule(f)[0] is not None:
            return False  # interface vocabulary ('تنويه' over a notice), not a name
        zone = prev.zone
        self.labels[i - 1] = self.figure_line(i - 1, "caption", "site_credit")
        self.labels[i - 1].zone = zone
        return True

    def caption_credit_tails(self) -> None:
        """A caption (by its place) that ends in a short name in brackets ('… في عمان أمس. (من المصدر)',
        '… الدورة الماضية (بترا)'): the credit of its photo, on the caption's line."""
        p = self.p
        rid, reason = p.rule_id("caption_tail"), p.reason("caption_tail")
        sep_id, sep_reason = p.rule_id("separator"), p.reason("separator")
        mx = p.param("caption_tail", "max_words", 4)
        for k, lab in enumerate(self.labels):
            if len(lab.segments) != 1 or lab.segments[0].role != "caption":
                continue
            m = _TAIL_BRACKET.search(lab.text)
            if m is None or not 0 < len(m.group("credit").split()) <= mx or not _LETTER.search(m.group("credit")):
                continue
            c0, c1 = _trim(lab.text, 0, m.start())
            if len(lab.text[c0:c1].split()) < 3:
                continue
            cr0, cr1 = _trim(lab.text, m.start("credit"), m.end("credit"))
            o, c = m.start(), m.end() - 1
            while lab.text[c] != ")":
                c -= 1
            new = LineLabel(lab.number, lab.text, lab.zone, [
                Segment(c0, c1, "caption", rid, reason, True),
                Segment(o, o + 1, None, sep_id, sep_reason),
                Segment(cr0, cr1, "credit", rid, reason, True),
                Segment(c, c + 1, None, sep_id, sep_reason)])
            new.comment, new.join_figure = lab.comment, lab.join_figure
            self.labels[k] = new

    def copyright_credit(self, i: int, f: _F) -> bool:
        """'© AFP 2024 / Mahmud Turkia' right under a caption-shaped line: the photo's credit (the line
        above becomes its caption); a site's copyright line says its rights are reserved."""
        p = self.p
        if "©" not in f.text[:4] or not f.text.lstrip().startswith("©") or "credit_copyright" in p.disabled \
                or not 2 <= f.words <= p.param("credit_copyright", "max_words", 8) \
                or self.c["copyright_rights"].search(f.folded):
            return False
        prev = self.labels[i - 1]
        if (len(prev.segments) != 1 or prev.segments[0].role not in ("caption", "heading")
                or self.f[i - 1].terminal or prev.number != self.lines[i].number - 1):
            return False
        zone = prev.zone
        self.labels[i - 1] = self.figure_line(i - 1, "caption", "credit_copyright")
        self.labels[i - 1].zone = zone
        if self.zone == "header":
            self.title_frozen = True
        return True

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
        if "caption_line" not in p.disabled and f.arabic and c["caption_line"].match(f.folded):
            join = (prev is not None and len(prev.segments) == 1 and prev.segments[0].role == "credit"
                    and prev.segments[0].figure)
            if self.zone == "header":
                self.title_frozen = True
            return self.figure_line(i, "caption", "caption_line", join)
        if ("agency_source" not in p.disabled and f.words <= p.param("agency_source", "max_words", 6)
                and c["agency_source"].match(f.folded) and _LETTER.search(c["agency_source"].match(f.folded).group("site"))
                and not (prev is not None and len(prev.segments) == 1 and prev.segments[0].role in ("heading", "caption")
                         and not self.f[i - 1].terminal and prev.number == self.lines[i].number - 1)):
            # 'فرانس24 / أ ف ب' apart from any caption-shaped line: the article's source, not a photo credit
            return self.whole(i, "byline", "agency_source")
        if "credit_line" in p.disabled or f.words > p.param("credit_line", "max_words", 8):
            return None
        m = c["credit_line"].match(f.folded)
        if not m:
            return None
        cap = i - 1
        # 'Arabic caption / English agency description (removed) / credit': the caption is two lines up
        if (prev is not None and prev.removed and prev.segments[0].rule == p.rule_id("latin_line")
                and prev.number == self.lines[i].number - 1 and i >= 2 and "caption_over_latin" not in p.disabled
                and self.labels[i - 2].number == prev.number - 1):
            cap, prev = i - 2, self.labels[i - 2]
        prev_caption = (prev is not None and len(prev.segments) == 1
                        and prev.segments[0].role in ("heading", "caption", "paragraph")
                        and not self.f[cap].terminal
                        and self.f[cap].words <= p.param("header_line", "max_words", 25))
        credit = m.group("credit")
        if squash(m.group("label")) in c["source_labels"] and not prev_caption and _ARABIC_LETTER.search(credit):
            if "source_line" not in p.disabled and f.words <= p.param("source_line", "max_words", 8):
                return self.whole(i, "byline", "source_line")
            return None
        if prev_caption:
            zone = prev.zone
            self.labels[cap] = self.figure_line(cap, "caption", "credit_line")
            self.labels[cap].zone = zone
        if self.zone == "header":
            self.title_frozen = True
        return self.figure_line(i, "credit", "credit_line", prev_caption)

    def figure(self, i: int, f: _F) -> LineLabel | None:
        """``figure_slow``; whether it finds nothing depends on the profile, the line and whether the
        zone is the header only: that verdict is remembered with the line's features."""
        key = "figure.header" if self.zone == "header" else "figure"
        if key in f.seen:
            return None
        lab = self.figure_slow(i, f)
        if lab is None:
            f.seen[key] = False
        return lab

    def figure_slow(self, i: int, f: _F) -> LineLabel | None:
        text = f.text
        c, p = self.c, self.p
        rid, reason = p.rule_id("figure"), p.reason("figure")
        sep_id, sep_reason = p.rule_id("separator"), p.reason("separator")
        for key, rx in (("credit_dash", c["credit_multi"]), ("credit_copy", c["credit_copy"]),
                        ("credit_labelled", c["credit_labelled"])):
            m = rx.search(f.folded)
            if m is None or key == "credit_labelled" and not p.enabled("credit_labelled"):
                continue
            cap0, cap1 = _trim(text, 0, m.start())
            caption = text[cap0:cap1]
            if key in ("credit_dash", "credit_labelled") and (not caption or caption.rstrip(c["closing"])[-1:] in c["terminal"]):
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
            # a caption may end in a full stop before its credit in the header (no paragraph yet)
            if _ARABIC_LETTER.search(caption) and tail and (tail[-1] not in c["terminal"]
                                                           or (self.zone == "header" and tail[-1] == ".")) \
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
