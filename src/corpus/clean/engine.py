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

The rules are grouped by zone in mixins combined here: ``clean_header`` (title, kicker,
section, menus, breadcrumb, byline and date lines), ``clean_figures`` (captions and credits),
``clean_comments`` (comment records and signatures) and ``clean_body`` (the article's lines and
the passes after the last line); ``clean_features`` compiles what they look at and
``clean_labels`` holds the output records.  This module keeps the state, the zones and the
order in which rules are tried.
"""
from __future__ import annotations

import re

from corpus.text import dates
from corpus.clean.body import _BodyRules
from corpus.clean.comments import _CommentRules
from corpus.clean.dom import _DomRules, line_evidence
from corpus.clean.features import _F, _features, _trim, compile_structure, structure
from corpus.clean.figures import _FigureRules
from corpus.clean.header import _HeaderRules
from corpus.clean.labels import LineLabel, MetaHit, Segment
from corpus.clean.profiles import Profile, Rule, squash
from corpus.clean.repetition import _RepetitionRules
from corpus.clean import template as tpl
from corpus.text.raw import RawText

__all__ = ["LineLabel", "MetaHit", "Segment", "clean", "compile_structure"]


_UNSEEN = object()
#: a comments heading that counts none ('التعليقات (0)', 'تعليقات: 0')
_ZERO_COUNT = re.compile(r"(?<![\d.,])0(?![\d.,])")
MATCH_MEMO_MAX = 10_000  # remembered rule verdicts per profile (a site's chrome is a few hundred lines)


# -- the cleaner -----------------------------------------------------------------------------------
class _Cleaner(_HeaderRules, _FigureRules, _CommentRules, _BodyRules, _RepetitionRules, _DomRules):
    def __init__(self, raw: RawText, p: Profile, template: tpl.SiteTemplate | None = None,
                 line_model: bool | None = None):
        self.p = p
        # the learned second opinion (corpus.clean.model): the profile's switch unless told
        self.use_model = bool(p.param("line_model", "enabled", False)) if line_model is None else line_model
        self.c = structure(p)
        self.lines = [ln for ln in raw.lines if ln.text.strip()]
        self.f = [_features(ln.text, self.c) for ln in self.lines]
        self.init_repetition(template)
        self.labels: list[LineLabel] = []
        self.zone = "header"
        self.candidates: list[int] = []  # header lines that may be section/kicker/title, in line order
        self.titled = 0  # how many candidates are longer than a menu item (kept up to date: no rescans)
        self.crumb_scanned = 0  # labels before this index hold no kept segment since the last breadcrumb
        self.title_frozen = False
        self.swallow: str | None = None  # rule id that asks to remove the next heading-shaped line
        self.comment = 0
        self.comment_open = False
        self.signature_first: bool | None = None  # comment layout, decided by the first comment line
        self.place_layout = False  # a comment record of this page had 'author / known place / date' lines
        self.first_paragraph = True
        self.prose_seen = False  # an article-shaped paragraph has been kept (zone switches are weak before it)
        self.date_seen = False
        self.before_chrome = "body"  # the zone a chrome block interrupted (article prose resumes it)
        self.swallow_line = -1  # raw line number of the last line a 'read also' label swallowed
        self.chrome_from = "body"  # the zone a chrome block was entered from
        self.breadcrumb_seen = False
        self.crumb_section: str | None = None  # the section the last breadcrumb names (folded, squashed)
        self.menu_sections: set[int] = set()  # menu lines kept as the section (the active menu item)
        self.early_date: int | None = None  # a header date kept before the title (after the breadcrumb)
        # pages without blank lines give no layout signal: adjacency of lines means nothing there
        self.blank_lines = any(ln.blank for ln in raw.lines[:-1])
        self.pattern_max = p.param("patterns", "max_words", 40)
        self.heading_max = p.param("shape", "max_words", 12)
        self.date_max = p.param("date", "max_words", 12)
        self.dom = line_evidence(raw, self.lines)  # None for a text capture: no DOM rule runs
        self.dom_item = None  # the markup's comment item of the last comment line (HTML input)
        self.wrap: int | None = None  # the width a text browser wrapped the page at (body.wrap_width)
        self.comments_opened = False  # a comments section opened after the article's prose
        self.zero_comments: int | None = None  # label index of a comments heading that counts 0 comments
        self.comment_roles: set[str] = set()  # roles kept in the comments zone so far (comments.real_comments)
        self.comment_roles_read = 0
        self.zero_read = 0  # labels before this index hold no comment record (comments.empty_section)

    # helpers ---------------------------------------------------------------------------------
    def whole(self, i: int, role: str | None, key: str, reason: str | None = None, rule: str | None = None) -> LineLabel:
        text = self.lines[i].text
        s, e = _trim(text, 0, len(text))
        seg = Segment(s, e, role, rule or self.p.rule_id(key), reason or self.p.reason(key))
        return LineLabel(self.lines[i].number, text, self.zone, [seg])

    def removed(self, i: int, key: str) -> LineLabel:
        return self.whole(i, None, key)

    def pair(self, i: int, m: re.Match, groups: tuple[str, str, str], roles: tuple[str, str], key: str,
             zone: str | None = None) -> LineLabel:
        """Two roles on one line around a separator ('Place - Name', 'name | date'): the match's three
        groups (first part, separator, second part), each trimmed; the separator is removed."""
        text, p = self.lines[i].text, self.p
        rid, reason = p.rule_id(key), p.reason(key)
        (a0, a1), (s0, s1), (b0, b1) = (_trim(text, *m.span(g)) for g in groups)
        return LineLabel(self.lines[i].number, text, self.zone if zone is None else zone, [
            Segment(a0, a1, roles[0], rid, reason),
            Segment(s0, s1, None, p.rule_id("separator"), p.reason("separator")),
            Segment(b0, b1, roles[1], rid, reason)])

    def heading_shaped(self, f: _F, max_words: int | None = None) -> bool:
        return 0 < f.words <= (max_words or self.heading_max) and not f.terminal

    def match_rule(self, f: _F) -> tuple[Rule | None, re.Match | None]:
        r = self.p.exact.get(f.squashed)
        if r is not None and self.zone in r.zones:
            return r, None
        if f.words > self.pattern_max:
            return None, None
        # which pattern rule takes a line depends on the profile, the zone and the folded line only
        # (its word count included): a site's chrome recurs on each of its pages, so the verdict is
        # remembered per profile (bounded: cleared when full)
        key = (self.zone, f.folded)
        memo = self.p.match_memo
        r = memo.get(key, _UNSEEN)
        if r is _UNSEEN:
            r, m = self.first_pattern_rule(f)
            if len(memo) >= MATCH_MEMO_MAX:
                memo.clear()
            memo[key] = r
            return r, m
        return (r, r.find(f.folded)) if r is not None else (None, None)

    def first_pattern_rule(self, f: _F) -> tuple[Rule | None, re.Match | None]:
        for r in self.p.pattern_rules_in(self.zone):
            if r.max_words is not None and f.words > r.max_words:
                continue
            m = r.find(f.folded)  # r.regex.search, or .match when the pattern is anchored
            if m:
                return r, m
        return None, None

    def is_prose(self, f: _F) -> bool:
        """Article-shaped: Arabic, long, ends with sentence punctuation, not a teaser's ellipsis."""
        return (f.arabic and f.words >= self.p.param("prose", "min_words", 12) and f.terminal
                and not f.ellipsis)

    def teaser_summary(self, i: int) -> bool:
        """In a chrome block, prose right under a headline-shaped line the block removed (no blank
        line between): a teaser's summary under its headline, not the article going on."""
        if i == 0 or "teaser_summary" in self.p.disabled or len(self.labels) != i:
            return False
        prev, pf = self.labels[i - 1], self.f[i - 1]
        first = (self.f[i].squashed or " ".join(self.f[i].text.split())).split()[:1]
        if first and squash(first[0]) in self.c["continuation"]:
            return False  # 'وقال …': the article going on
        return (prev.zone == "chrome" and prev.removed and prev.segments[0].rule == self.p.rule_id("zone_chrome")
                and prev.number == self.lines[i].number - 1 and pf.arabic and not pf.terminal
                and 3 <= pf.words <= self.p.param("related_link", "max_words", 16))

    def is_date(self, i: int) -> bool:
        return self.date_shaped(self.f[i])

    def date_shaped(self, f: _F) -> bool:
        """A date line (a pure test of the profile and the line)."""
        # a publication date with its update stamp on one line may be twice as long
        return (f.words <= self.date_max or f.words <= 2 * self.date_max and dates.has_update_tail(f.folded)) \
            and dates.date_line(f.text, self.p.date_order) is not None

    def next_index(self, i: int) -> int | None:
        return i + 1 if i + 1 < len(self.lines) else None

    def set_zone(self, zone: str) -> None:
        if self.zone == "header" and zone != "header":
            self.close_header()
        self.zone = zone

    # header candidates: every change goes through these so ``titled`` stays exact (a rescan of
    # the candidates per line made the header zone quadratic in the number of lines)
    def set_candidates(self, cands: list[int]) -> None:
        self.candidates = cands
        mx = self.p.param("menu", "max_words", 3)
        self.titled = sum(1 for k in cands if self.f[k].words > mx)

    def add_candidate(self, i: int) -> None:
        self.candidates.append(i)
        if self.f[i].words > self.p.param("menu", "max_words", 3):
            self.titled += 1

    def drop_candidate(self, i: int) -> None:
        if self.candidates[-1] == i:
            self.candidates.pop()
        else:
            self.candidates.remove(i)
        if self.f[i].words > self.p.param("menu", "max_words", 3):
            self.titled -= 1

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
                self.set_candidates([first])
                for i in rest:
                    self.relabel(i, "heading", "heading")
            self.close_header()
        if self.p.enabled("wrapped_paragraph"):
            self.wrapped_paragraphs()  # first: the passes below read paragraphs and headings
        if "dateline_person" not in self.p.disabled:
            self.dateline_persons()
        if "interview_turn" not in self.p.disabled:
            self.interview_questions()
        if "speaker_turn" not in self.p.disabled:
            self.speaker_turns()
        if "comments_end" not in self.p.disabled:
            self.comments_end()
        if "headless_comments" not in self.p.disabled:
            self.headless_comments()
        if "teaser_block" not in self.p.disabled:
            self.teaser_blocks()
        if "template_summary" not in self.p.disabled:
            self.template_summaries()
        if "signature" not in self.p.disabled:
            self.closing_signature()
        if "list_item" not in self.p.disabled:
            self.list_items()
        if "orphan_heading" not in self.p.disabled:
            self.drop_orphan_headings()
            if "headline_run" not in self.p.disabled:
                self.headline_runs()
        if "caption_tail" not in self.p.disabled:
            self.caption_credit_tails()
        if "section_above_title" not in self.p.disabled:
            self.section_above_title()
        if "signature_repeat" not in self.p.disabled:
            self.repeated_signature()  # after body_byline: the header's byline may be found there
        self.repeated_headings()
        if self.p.enabled("inline_headline") and self.p.enabled("orphan_heading"):
            self.inline_headlines()  # after the repeats: a headline the page repeats says so itself
        if self.p.enabled("wrapped_paragraph"):
            self.wrapped_paragraphs()  # again, last: the passes after the orphan headings judged pieces too
            self.wrapped_lexicon()
        if self.p.enabled("other_author"):
            self.other_author()
        if "footer_blurb" not in self.p.disabled:
            self.footer_blurb()
        self.dom_title()
        if self.use_model:
            from corpus.clean import model

            model.review(model.shipped(), self.f, self.labels, self.template, self.c,
                         self.p.param("line_model", "id", "model.chrome"))
        return self.labels

    def label(self, i: int, f: _F) -> LineLabel:
        self.rep_prev.append(self.repeated_before(i))
        if self.dom is not None:
            lab = self.dom_comment(i, f)
            if lab is not None:
                return lab
        if self.zone in ("header", "body"):
            lab = self.credit_only(i, f)
            if lab is not None:
                return lab
        if self.zone == "body":
            lab = self.embedded_line(i, f)
            if lab is not None:
                return lab
        rule, m = self.match_rule(f)
        joined = None
        if rule is None and self.zone in ("header", "body", "comments") and "joined_items" not in self.p.disabled \
                and self.is_joined_items(f):
            # a tab bar or a form joined into one line ('الأكثر قراءة | الأكثر تعليقا'): removed whole, and
            # a section marker among its pieces switches the zone as it would on its own line
            rule = self.joined_marker(f)
            if rule is None:
                return self.removed(i, "joined_items")
            joined = rule
        if rule is not None:
            if joined is not None:
                lab = self.whole(i, None, "joined_items",
                                 f"{self.p.reason('joined_items')}; it holds a section marker ({joined.id})")
            else:
                lab = self.whole(i, None, "", rule.reason, rule.id)
            if rule.meta and m is not None and m.group(rule.meta["group"]):
                g = rule.meta["group"]
                s, e = _trim(f.text, m.start(g), m.end(g))
                if e > s:
                    lab.meta.append(MetaHit(rule.meta["key"], f.text[s:e], s, e, rule.id))
            self.swallow = rule.id if rule.swallow_next else None
            if (self.swallow is None and self.zone == "body" and self.prose_seen and "read_more_label" not in self.p.disabled
                    and f.squashed in self.c["read_more_label"]):
                self.swallow = self.p.rule_id("read_more_label")  # 'اقرأ المزيد' / the related headline
            if rule.id == "chrome.author-box" and self.zone == "body":
                self.author_box(i)
            if rule.swallow_next and self.zone == "comments" and "comments_related" not in self.p.disabled:
                # a 'related articles' label after the comments: their list is over, teasers follow
                self.chrome_from = "teasers"
                self.set_zone("chrome")
                lab.zone = self.zone
                self.comment_open = False
                self.signature_first = None
                return lab
            if rule.then and (self.zone == "header" or self.zone == "body" and not self.prose_seen) \
                    and rule.then in self.p.param("weak_zone_switch", "zones", ()) \
                    and "weak_zone_switch" not in self.p.disabled:
                return lab  # a comment-form link in the share bar: no chrome zone before the article
            if rule.then:
                if rule.then == "chrome" and self.zone in ("header", "body"):
                    self.before_chrome = "body"
                if rule.then == "chrome" and self.zone != "chrome":
                    self.chrome_from = self.zone
                if rule.then == "chrome" and rule.id.startswith("block."):
                    # a teaser block ('most read'): its (headline, section, date) tuples are not
                    # comments, even when it follows the comment form
                    self.chrome_from = "teasers"
                self.set_zone(rule.then)
                lab.zone = self.zone
                self.comment_open = False
                self.signature_first = None
                if rule.then == "comments":
                    self.comments_opened = True
                    self.zero_comments = i if _ZERO_COUNT.search(f.folded or "") else None
            return lab
        if self.dom is not None:
            lab = self.dom_chrome(i, f)
            if lab is not None:
                return lab
        if self.zone == "chrome":
            if (self.chrome_from == "comments" and "comments_resume" not in self.p.disabled
                    and self.comment_author_above_date(i, f)):
                self.zone = "comments"  # the comment form came before the comment list
                self.comment_open = False
                self.signature_first = None
                return self.comment_line(i, f)
            if self.is_prose(f) and "prose" not in self.p.disabled and not self.tpl_line[i]:
                if self.teaser_summary(i):
                    return self.removed(i, "teaser_summary")
                if self.chrome_from == "teasers" and self.p.enabled("after_comments") and self.real_comments():
                    return self.removed(i, "after_comments")  # the article does not resume after its comments
                self.set_zone(self.before_chrome)
                return self.article_line(i, f)
            return self.removed(i, "zone_chrome")
        if self.zone == "end":
            return self.removed(i, "zone_end")
        if self.zone == "comments":
            return self.comment_line(i, f)
        return self.article_line(i, f)


def clean(raw: RawText, profile: Profile, template: tpl.SiteTemplate | None = None, *,
          line_model: bool | None = None) -> list[LineLabel]:
    """Labels for every non-blank line of ``raw``, in line order; ``template``: the statistics of the
    page's site (``corpus.clean.template``) when the page is cleaned with other pages of its site;
    ``line_model``: run the learned second opinion (None: as the profile's ``line_model`` switch says)."""
    return _Cleaner(raw, profile, template, line_model).run()
