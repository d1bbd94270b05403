"""What the rules look at: per-profile compiled structure and the features of one line.

Compiled once per profile (``structure``, on the cleaner's first use of it) and once per line
(``_features``), so that no rule re-scans or re-folds a line."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.text.normalize import fold, fold_pattern
from corpus.clean.profiles import Profile, squash

_DIGIT = re.compile(r"\d")  # any Unicode decimal digit, as str.isdigit for our purposes

_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"
                            "\u0750-\u077f\u08a0-\u08c9\ufb50-\ufdfb\ufe70-\ufefc]")
_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[A-Za-z]")
#: a text browser's link marker ('[12]' in a ``w3m -dump`` or ``lynx -dump`` capture): it numbers the
#: page's links, so the same menu item has another number on every page
_LINK_MARK = re.compile(r"\[\d{1,4}\]")
#: a list item's bullet as a text browser or a copy of a list renders it ('• الرئيسية', '* عنوان')
_ITEM_BULLET = re.compile(r"^\s*[•*·▪◦●■‣]\s+(?=\S)")


#: markdown (an ``html2text`` / reader-to-markdown capture): an image '![alt](src)' (blanked whole: the
#: alt text is no line of the page), a link '[text](url)' (its brackets and target blanked, its text
#: kept) and a heading's '#' marks at the line start ('# العنوان', '## الأكثر قراءة')
_MD_IMAGE = re.compile(r"!\[[^\[\]]*\]\([^()\s]*(?:\s+\"[^\"]*\")?\)")
_MD_LINK = re.compile(r"\[(?P<text>[^\[\]]*)\]\([^()\s]*(?:\s+\"[^\"]*\")?\)")
_MD_HEADING = re.compile(r"^\s*#{1,6}(?=\s+\S)")
#: a reference-style link '[text][3]' (its target listed at the page's end) and a bold mark '**'
#: a markdown escape ('1\\. ', '\\- ', '\\#'): html2text writes one before punctuation that would start markup
_MD_ESCAPE = re.compile(r"\\(?=[-.#*_+!\[\]()`>|])")
_MD_REF = re.compile(r"\[(?!\d{1,4}\])(?P<text>[^\[\]]+)\]\[[0-9A-Za-z_-]{1,12}\]")


def _blank(m: re.Match) -> str:
    return " " * len(m.group())


def _blank_link(m: re.Match) -> str:
    return " " + m.group("text") + " " * (len(m.group()) - 1 - len(m.group("text")))


def markdown_unmarked(text: str) -> str:
    """``text`` with its markdown link and image syntax, heading marks and bold marks blanked (same
    length)."""
    if "\\" in text:
        text = _MD_ESCAPE.sub(" ", text)
    if "][" in text:
        text = _MD_REF.sub(_blank_link, text)
    if "**" in text:
        text = text.replace("**", "  ")
    if "](" in text:
        text = _MD_IMAGE.sub(_blank, text)
        for _ in range(3):  # a linked image '[![logo](src)](/)': the image first, then its link
            new = _MD_LINK.sub(_blank_link, text)
            if new == text:
                break
            text = new
    if "#" in text[:8]:
        m = _MD_HEADING.match(text)
        if m:
            text = " " * m.end() + text[m.end():]
    return text


def markdown_links_only(text: str) -> bool:
    """Whether ``text`` is nothing but markdown links and images (with bullets, bars and spaces between
    them): a menu, a teaser's headline, a tag list or a footer row in a markdown capture, never
    running text (a paragraph is not all link)."""
    if "](" not in text and "][" not in text:
        return False
    rest = _MD_LINK.sub(" ", _MD_IMAGE.sub(" ", _MD_REF.sub(" ", text)))
    rest = _MD_LINK.sub(" ", rest)
    return not _LETTER.search(rest) and not _DIGIT.search(rest)


def unmarked(text: str) -> str:
    """``text`` with link markers and a list item's leading bullet blanked out (same length: offsets
    still index the line), so that '• [5]الرئيسية' matches what 'الرئيسية' matches; markdown links,
    images and heading marks too ('* [الرئيسية](/ar/)' matches what 'الرئيسية' matches)."""
    if "[" in text:
        if "][" in text:  # first: '[text][3]' is a link, not a marker after '[text]'
            text = _MD_REF.sub(_blank_link, text)
        text = _LINK_MARK.sub(lambda m: " " * len(m.group()), text)
        text = markdown_unmarked(text)
    elif "#" in text[:8] or "**" in text or "\\" in text:
        text = markdown_unmarked(text)
    m = _ITEM_BULLET.match(text)
    if m and _LETTER.search(text, m.end()):  # '• 00:00', '• 4': bulleted metadata keeps its bullet
        text = " " * m.end() + text[m.end():]
    return text


# -- precompiled structure ---------------------------------------------------------------------
def _alt(words) -> str:
    ws = sorted({squash(w) for w in words if w.strip()}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ws)


def structure(p: Profile) -> dict:
    """The profile's compiled structure, made once per profile on first use (profiles are cached)."""
    if not p.compiled:
        # filled in place: the profiles of one site that differ by their evidence share this dict
        p.compiled.update(compile_structure(p))
    return p.compiled


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
    c["byline"] = re.compile(r"^\s*(?:%s)(?!\w)\s*[:：,،\-–—]?\s*(?P<name>[^\d:：|()\-–—][^\d:：|()]{1,59}?)\s*[:：]?\s*$" % marks) if marks else re.compile("(?!)")
    upd = _alt(p.param("updated", "prefixes", ()))
    c["updated"] = re.compile(r"^\s*(?:[|•·(\[]\s*)?(?:%s)(?![\w])" % upd) if upd else re.compile("(?!)")
    labels = _alt(p.param("credit_line", "labels", ()))
    # '(تصوير: عباس سلمان)': the credit may stand in brackets
    c["credit_line"] = re.compile(r"^\s*(?P<open>\()?\s*(?P<label>%s)\s*[:：،,]\s*(?P<credit>\S.*?)\s*(?(open)\))\s*$" % labels) if labels else re.compile("(?!)")
    labels = _alt(fold(w) for w in p.param("credit_labelled", "labels", ()))
    # 'caption - تصوير: name': a photo credit with its label after the caption's dash or bar
    c["credit_labelled"] = re.compile(
        r"\s[-–—|]\s*(?P<credit>(?:%s)\s*[:：]\s*[^\W\d][^:：|()\d]{1,40}?)\s*$" % labels) if labels else re.compile("(?!)")
    labels = "|".join(re.escape(w) for w in p.param("other_author", "labels", ()))
    c["about_author"] = re.compile(r"^\s*(?:%s)\s*[:：،,\-–—]\s*(?P<rest>\S.*)$" % labels, re.IGNORECASE) \
        if labels else re.compile("(?!)")
    words = _alt(fold(w) for w in p.param("correspondent", "words", ()))
    c["correspondent"] = re.compile(r"^\s*(?:%s)\s+\S" % words) if words else re.compile("(?!)")
    c["slide_counter"] = re.compile(r"^\s*(?:(?:الصورة|صورة|photo|image)\s+)?\d{1,3}\s*(?:/|من|of)\s*\d{1,3}\s*$",
                                    re.IGNORECASE)
    c["clock"] = re.compile(r"^\s*\d{1,2}:\d{2}\s*(?:ص|م|am|pm|gmt|[+\-]\d{1,2})?\s*$", re.IGNORECASE)
    c["embed_sig"] = re.compile(r"^\s*[—–\-]\s*\S.{0,80}\(\s*@\w{1,30}\s*\)\s*\S.{0,40}$")
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
    c["section_rules"] = frozenset(p.param("section_above_title", "rules", ()))
    c["report_labels"] = frozenset(squash(fold(w)) for w in p.param("dateline_person", "labels", ()))
    c["read_more_label"] = frozenset(squash(fold(w)) for w in p.param("read_more_label", "words", ()))
    cr = p.param("credit_copyright", "pattern", None)
    c["copyright_rights"] = re.compile(fold_pattern(cr), re.IGNORECASE) if cr else re.compile("(?!)")
    rel = p.param("comment_relative_date", "pattern", None)
    c["relative_date"] = re.compile(fold_pattern(rel), re.IGNORECASE) if rel else re.compile("(?!)")
    credits = _alt(v.get("credits_arabic", ())) + "|" + latin
    c["credit_only"] = re.compile(r"^\s*(?:©\s*|\(\s*|[-–—]\s*)?(?P<credit>(?:%s)(?:\s*[-–—/،,+]\s*(?:%s))*)\s*\)?\s*$"
                                  % (credits, credits))
    # 'فرانس24 / أ ف ب': a name, a slash, a news agency (the article's source line)
    c["agency_source"] = re.compile(r"^\s*(?P<site>[^/|()\-–—:]{2,30}?)\s*/\s*(?:%s)\s*$" % credits)
    c["credit_multi"] = re.compile(
        r"\s[-–—]\s*(?P<credit>(?:%s)(?:\s*[/،,+]\s*(?:%s))*)\s*$" % (credits, credits))
    c["author_place"] = re.compile(r"^\s*(?P<author>[^\-–—:|()\d]{1,40}?)\s*(?P<d1>[-–—])\s*(?P<place>[^\-–—:|()\d]{1,30}?)\s*$")
    # 'Place - Source' or 'Place: Source' (the colon form: a place of at most two words)
    # (a tatweel between spaces is a dash too: 'بغداد ـ "رأي اليوم"'; the line may end in a colon, the
    # article's text following: 'رام الله - "الأيام":')
    c["header_dateline"] = re.compile(
        r"^\s*(?:[^\d\-–—|:()ـ]+?\s[-–—ـ]\s+[^\d\-–—|:()ـ]+?\s*[:：]?"
        r"|[^\W\d]+(?:\s+[^\W\d]+)?\s*[:：]\s*[^\d\-–—|:()]*[^\W\d][^\d\-–—|:()]*)$")
    raw_marks = "|".join(re.escape(m) for m in sorted(p.param("byline", "markers", ["بقلم"]), key=len, reverse=True))
    c["dateline_byline"] = re.compile(
        r"^\s*(?P<dl>[^\d|:：()]+?)\s*(?P<sep>[.،,]|\s[-–—])\s*(?P<by>(?:%s)\s*[:：]\s*[^\d:：|()\-–—]*[^\W\d])\s*$"
        % raw_marks)
    roles = _alt(v.get("author_roles", ()))
    c["author_role"] = re.compile(r"^\s*(?:%s)(?![\w])" % fold_pattern(roles)) if roles else re.compile("(?!)")
    c["allow_final"] = set(p.param("header_line", "allow_final", ""))
    c["quote_open"] = tuple(p.param("quotation", "openers", ['"', "«", "“"]))
    c["dateline"] = re.compile(
        r"^\s*(?P<place>[\u0620-\u064a]+(?:\s+[\u0620-\u064a]+){0,%d})\s*(?:\([^()]{1,30}\)\s*)?[-–—]\s+"
        % (p.param("dateline", "max_words", 3) - 1))
    c["places"] = {squash(fold(w)) for w in v.get("places", ())}
    marks = "".join(re.escape(b) for b in p.param("ticker", "markers", ()))
    c["ticker"] = re.compile(r"(?<=\S)\s*[%s]\s*(?=\S)" % marks) if marks else None
    labels = _alt(p.param("interview_turn", "labels", ()))
    c["interview_turn"] = re.compile(r"^\s*(?:%s)\s*[:：/]\s*\S" % labels) if labels else re.compile("(?!)")
    mw = p.param("speaker_turn", "max_words", 3)
    c["speaker"] = re.compile(r"^\s*(?P<label>[^\W\d_]+(?:\s+[^\W\d_]+){0,%d})\s*[:：]\s*(?=\S)" % max(mw - 1, 0))
    c["continuation"] = frozenset(squash(w) for w in p.param("teaser_block", "continuation", ()))
    c["function_words"] = frozenset(squash(w) for w in p.param("sentence_like", "words", ()))
    c["open_words"] = frozenset(squash(w) for w in p.param("broken_sentence", "words", ()))
    rel = p.param("teaser_block", "pattern", None)
    c["teaser_relative"] = re.compile(fold_pattern(rel), re.IGNORECASE) if rel else re.compile("(?!)")
    c["line_memo"] = LineMemo()
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
    #: verdicts of the rules' pure tests of this line (functions of the profile and the line only, such
    #: as ``is_joined_items``), remembered with the line: an _F belongs to one profile's structure
    seen: dict = field(default_factory=dict, compare=False, repr=False)


def plain(text: str) -> bool:
    """Whether the white space of ``text`` is single U+0020 spaces between words, so that
    ``" ".join(text.split()) == text`` and ``len(text.split()) == text.count(" ") + 1`` (text not empty):
    the usual line, whose split and join the hot paths skip (every other white space is unprintable)."""
    return "  " not in text and text.isprintable() and text[:1] != " " and text[-1:] != " "


class LineMemo:
    """A bounded memo of one profile's pure per-line results (``_features``): a site's chrome lines
    recur on each of its pages.  Kept in the profile's compiled structure (``c["line_memo"]``), so a
    result is never shared between profiles; lines only (at most ``TEXT_MAX`` characters), cleared when
    the texts held pass ``CHARS_MAX`` characters, so memory stays flat however many pages go through."""

    TEXT_MAX = 400
    CHARS_MAX = 1 << 17  # ~4,500 lines of ~30 characters, ~4 MB with their features and verdicts

    __slots__ = ("features", "chars")

    def __init__(self) -> None:
        self.features: dict[str, _F] = {}
        self.chars = 0

    def remember(self, text: str, f: "_F") -> None:
        if len(text) <= self.TEXT_MAX:
            if self.chars > self.CHARS_MAX:
                self.features.clear()
                self.chars = 0
            self.features[text] = f
            self.chars += len(text)


def _features(text: str, c: dict) -> _F:
    """The features of one line (remembered per profile when ``c`` holds a ``line_memo``: an _F is
    never changed once made, so pages may share it)."""
    memo = c.get("line_memo")
    if memo is None:
        return _features_of(text, c)
    f = memo.features.get(text)
    if f is None:
        f = _features_of(text, c)
        memo.remember(text, f)
    return f


def _features_of(text: str, c: dict) -> _F:
    bare = unmarked(text)
    words = (bare.count(" ") + 1 if bare else 0) if plain(bare) else len(bare.split())  # a list bullet is no word
    if words <= c["fold_max"]:
        folded = unmarked(fold(text))  # folding is the costly part: long lines (paragraphs) never need it
        squashed = folded if plain(folded) else " ".join(folded.split())
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
