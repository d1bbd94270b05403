"""HTML bytes -> the same line-based RawText a text capture gives, with per-line provenance and DOM evidence.

Lines are made as a browser's ``innerText`` makes them (the HTML "rendered text collection steps" with
the default style sheet, no CSS files): block elements start and end a line, ``<p>`` leaves a blank line
around it, ``<br>`` breaks the line, table cells are joined by a TAB, white space collapses.  Left out:
``script``, ``style``, ``template``, ``noscript`` (scripting on), ``head``, form controls' values, and
hidden elements (the ``hidden`` attribute, inline ``display:none``/``visibility:hidden``, and -- unlike a
browser, on purpose -- ``aria-hidden="true"``, which marks decoration such as icon glyphs).

Each line keeps where it came from (:class:`LineOrigin`: the XPath of the element that holds the line and
the range of code points in the decoded HTML from its first to its last text character) and what the DOM
says about it (:class:`LineDom`: landmark and class/id ancestry, link share, heading level, ``<article>``,
comment markup).  The cleaner reads the DOM evidence through ``corpus.clean.dom``.

Decoding (docs/cleaning.md, "HTML and WARC input"): a byte-order mark, else the charset the transport
declared (the WARC record's HTTP header), else ``<meta charset>`` / ``http-equiv`` in the first 1024 bytes,
else UTF-8, else Windows-1256 when that gives Arabic text.  A declared single-byte charset is overruled
when the bytes are valid UTF-8 with multi-byte sequences (a wrong declaration is common; the page would
otherwise be mojibake).  Bytes that fit none of these are an InputError naming the file.
"""
from __future__ import annotations

import codecs
import hashlib
import html as htmllib
import re
from bisect import bisect_left
from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxhtml

from corpus.errors import InputError
from corpus.text.raw import RawLine, RawText, normalise_line

# -- element classes (the default style sheet) -------------------------------------------------------
SKIP = frozenset("""script style template noscript head title meta link base textarea select option optgroup
    datalist input button-hidden iframe object embed desc canvas video audio source track picture-source
    map area param dialog""".split()) - {"button-hidden", "picture-source"}
BLOCK = frozenset("""address article aside blockquote body center details dialog dd dir div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li listing main menu nav ol
    p plaintext pre search section summary table ul xmp caption tbody thead tfoot""".split())
PRE = frozenset({"pre", "listing", "xmp", "plaintext"})
LANDMARKS = ("nav", "header", "footer", "aside", "form")
SECTIONING = frozenset({"article", "main", "section", "aside", "nav"})

_WS = re.compile(r"[ \t\n\r\f]+")
_INLINE_DECL = re.compile(r"(display|visibility|float|position)\s*:\s*([a-z-]+)", re.I)
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)", re.I)
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_BAD_XML = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff]")
_ARABIC = re.compile("[\u0600-\u06ff]")


# -- records ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LineOrigin:
    """Where a line came from: ``path`` (XPath of its element), ``start``/``end`` (code points into the
    decoded HTML, end exclusive; None when the parser repaired the markup so that the text cannot be found)."""

    line: int
    path: str
    start: int | None
    end: int | None

    def to_dict(self) -> dict:
        return {"line": self.line, "path": self.path, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: dict) -> "LineOrigin":
        return cls(d["line"], d["path"], d.get("start"), d.get("end"))


@dataclass(frozen=True)
class Ancestor:
    """One element above a line: its document-order number, tag, class/id/itemprop tokens, whether it
    wraps the page's article or its <h1> (then its classes say nothing about the line), and whether it
    is a header/footer scoped to a sectioning element (an article's own header, not the site's)."""

    order: int
    tag: str
    tokens: tuple[str, ...]
    wrapper: bool = False
    scoped: bool = False
    repeated: bool = False  # a sibling has the same tag and class (an item of a list: a comment, a teaser)


@dataclass(frozen=True)
class LineDom:
    """What the DOM says about one line (evidence for corpus.clean.dom; not serialised)."""

    chain: tuple[Ancestor, ...] = ()  # the line's element and its ancestors, innermost first (at most CHAIN_MAX)
    link_share: float = 0.0  # share of the line's characters inside <a href>
    in_article: bool = False  # inside the page's main <article> (or itemprop=articleBody)
    after_article: bool = False  # after the end of the main article, outside it
    has_article: bool = False  # the page has a main article element

    @property
    def tags(self) -> frozenset:
        return frozenset(a.tag for a in self.chain)


CHAIN_MAX = 64


@dataclass(frozen=True)
class MetaEvidence:
    """A metadata value the markup states (not a visible line): where in the HTML it was read."""

    value: str
    source: str  # e.g. 'meta[property=og:title]', 'title', 'link[rel=canonical]', 'warc:WARC-Target-URI'
    path: str | None = None
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict:
        d = {"value": self.value, "source": self.source}
        if self.path is not None:
            d["path"] = self.path
        if self.start is not None:
            d["start"], d["end"] = self.start, self.end
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "MetaEvidence":
        return cls(d["value"], d["source"], d.get("path"), d.get("start"), d.get("end"))


@dataclass(frozen=True)
class HtmlSource:
    """The HTML side of a RawText made from a page: how it was decoded, metadata, per-line provenance."""

    format: str  # "html" or "warc"
    encoding: str
    encoding_source: str  # bom, http, meta, utf-8, detected, utf-8-over-declared
    metadata: dict = field(default_factory=dict)  # key -> MetaEvidence
    origins: tuple[LineOrigin, ...] = ()
    dom: tuple[LineDom, ...] = field(default=(), repr=False)  # one per raw line (blank lines too)
    record: dict | None = None  # WARC: record_id, target_uri, date, warc_file

    def to_dict(self) -> dict:
        d = {"format": self.format, "encoding": self.encoding, "encoding_source": self.encoding_source,
             "metadata": {k: self.metadata[k].to_dict() for k in sorted(self.metadata)},
             "lines": [o.to_dict() for o in self.origins]}
        if self.record is not None:
            d["record"] = dict(sorted(self.record.items()))
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "HtmlSource":
        return cls(d["format"], d["encoding"], d["encoding_source"],
                   {k: MetaEvidence.from_dict(v) for k, v in d.get("metadata", {}).items()},
                   tuple(LineOrigin.from_dict(o) for o in d.get("lines", ())), (), d.get("record"))


# -- decoding -----------------------------------------------------------------------------------------
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    # the HTML standard maps these labels to windows-1252 / windows-1256 supersets
    name = {"iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
            "iso-8859-6": "iso8859_6", "arabic": "iso8859_6", "x-user-defined": "cp1252"}.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def sniff_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` in the first 1024 bytes declares (the HTML prescan, simplified)."""
    m = _META_CHARSET.search(data[:1024])
    return m.group(1).decode("ascii", "replace") if m else None


def decode_html(data: bytes, name: str, http_charset: str | None = None) -> tuple[str, str, str, bool]:
    """-> (text, codec name, how it was chosen, bom).  InputError when no encoding fits."""
    if not data.strip():
        raise InputError(name, "the HTML file is empty", hint="remove it from the seeds")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), enc, "bom", True
            except UnicodeDecodeError as exc:
                raise InputError(name, f"the byte-order mark says {enc} but byte {exc.start + len(bom)} is not "
                                       f"{enc}: {exc.reason}", hint="re-save the page in one encoding") from None
    declared, how = _codec(http_charset), "http"
    if declared is None:
        declared, how = _codec(sniff_charset(data)), "meta"
    utf8 = None
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared is not None:
        single_byte = declared not in ("utf-8", "utf-16-le", "utf-16-be", "utf-16")
        if single_byte and utf8 is not None and any(b >= 0x80 for b in data):
            return utf8, "utf-8", "utf-8-over-declared", False
        if declared in ("utf-16", "utf-16-le", "utf-16-be"):
            declared = "utf-8"  # a meta can't declare UTF-16 in an ASCII-compatible byte stream
        try:
            return data.decode(declared), declared, how, False
        except UnicodeDecodeError as exc:
            if utf8 is not None:
                return utf8, "utf-8", "utf-8-over-declared", False
            raise InputError(name, f"the page declares {declared} ({how}) but byte {exc.start} "
                                   f"({data[exc.start:exc.start + 4].hex(' ')}) is not {declared}: {exc.reason}",
                             hint="fix the charset declaration, or convert the file to UTF-8 with iconv") from None
    if utf8 is not None:
        return utf8, "utf-8", "utf-8", False
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = ""
    letters = len(_ARABIC.findall(text))
    high = sum(1 for b in data if b >= 0x80)
    if text and high and letters >= 0.6 * high:
        return text, "cp1256", "detected", False
    off = 0
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        off = exc.start
    raise InputError(name, f"cannot tell the page's encoding: no charset is declared, byte {off} "
                           f"({data[off:off + 4].hex(' ')}) is not UTF-8, and it does not read as Windows-1256 Arabic",
                     hint="add <meta charset=...> naming the page's encoding, or convert it to UTF-8 with iconv")


# -- source positions ---------------------------------------------------------------------------------
_TOKEN = re.compile(
    r"<!--.*?(?:-->|$)"
    r"|<(script|style|textarea|title|noscript|template|xmp|iframe|noembed|noframes)\b[^>]*>.*?(?:</\1\s*>|$)"
    r"|<[!?][^>]*>?"
    r"|</?[A-Za-z][^>]*>?",
    re.S | re.I)


class _Positions:
    """Decoded text of each text run of the source, to find a text node's code-point range in the HTML.

    lxml does not report character offsets; the source is tokenised with a simple scanner and text
    nodes are matched to its text runs in document order (a repaired tree may leave some unmatched)."""

    def __init__(self, src: str):
        self.by_text: dict[str, list[tuple[int, int, int]]] = {}
        pos = k = 0
        for m in _TOKEN.finditer(src):
            if m.start() > pos:
                self._add(src, pos, m.start(), k)
                k += 1
            pos = m.end()
        if pos < len(src):
            self._add(src, pos, len(src), k)
        self.cursor = -1

    def _add(self, src, s, e, k):
        t = htmllib.unescape(src[s:e]).strip()
        if t:
            self.by_text.setdefault(t, []).append((k, s, e))

    def find(self, text: str) -> tuple[int, int] | None:
        runs = self.by_text.get(text.strip())
        if not runs:
            return None
        j = bisect_left(runs, (self.cursor + 1, -1, -1))
        if j == len(runs):
            return None
        k, s, e = runs[j]
        self.cursor = k
        return s, e


# -- the innerText walk ------------------------------------------------------------------------------
def _hidden(el) -> bool:
    a = el.attrib
    if "hidden" in a or a.get("aria-hidden", "").strip().lower() == "true":
        return True
    st = a.get("style")
    if st and _HIDDEN_STYLE.search(st):
        return True
    return el.tag == "input" and a.get("type", "").lower() == "hidden"


def tokens_of(el) -> tuple[str, ...]:
    """Lower-case word tokens of an element's class, id and itemprop ('relatedPosts' -> related, posts)."""
    out = []
    for attr in ("class", "id", "itemprop"):
        v = el.get(attr)
        if v:
            out.extend(t for t in _TOKEN_SPLIT.split(_CAMEL.sub("-", v).lower()) if t)
    return tuple(out)


@dataclass
class _Piece:
    text: str
    el: object  # the element whose text or tail this is
    link: bool
    span: tuple[int, int] | None
    pre: bool = False  # white space kept (inside <pre>)


BLOCK_DISPLAY = frozenset({"block", "flex", "grid", "list-item", "table", "flow-root", "table-caption"})
INLINE_DISPLAY = frozenset({"inline", "inline-block", "inline-flex", "inline-grid", "inline-table", "contents"})
FLEX = frozenset({"flex", "grid", "inline-flex", "inline-grid"})


class _Walker:
    def __init__(self, root, positions: _Positions, styles=None):
        self.root = root
        self.pos = positions
        self.styles = styles
        self.items: list = []  # str pieces, _Piece, or int (required line-break count)

    def _breaks(self, el, tag: str, in_flex: bool) -> tuple[int, bool, bool]:
        """(line breaks around the element, hidden, is a flex/grid container) from tag and style."""
        css = self.styles.computed(el) if self.styles else {}
        inline = el.get("style")
        if inline:
            for k, v in _INLINE_DECL.findall(inline):
                css[k.lower()] = v.lower()
        disp = css.get("display")
        if disp == "none" or css.get("visibility") in ("hidden", "collapse"):
            return 0, True, False
        if disp != "none" and (css.get("float") in ("left", "right") or css.get("position") in ("absolute", "fixed")):
            disp = "block" if disp not in FLEX else disp  # floated and absolutely placed boxes are blockified
        if tag == "p":
            n = 0 if disp in INLINE_DISPLAY and not in_flex else 2
        elif disp in BLOCK_DISPLAY or in_flex:
            n = 1
        elif disp in INLINE_DISPLAY:
            n = 0
        else:
            n = 1 if tag in BLOCK or tag in ("tr", "li") else 0
        return n, False, disp in FLEX

    def walk(self, body) -> None:
        # iterative pre/post-order walk: a 100 000-deep page must not exhaust Python's stack
        stack = [(body, False, False, False, False)]
        while stack:
            el, closing, in_link, in_pre, in_flex = stack.pop()
            if closing:
                self._close(el, in_link, in_pre, in_flex)
                continue
            tag = el.tag.lower() if isinstance(el.tag, str) else None
            hidden = tag is None or tag in SKIP or _hidden(el)
            if not hidden:
                n, hidden, flex = self._breaks(el, tag, in_flex)
            if hidden:  # a comment, a script, a hidden element: only its tail is text
                if el.tail and el is not body:
                    parent = el.getparent()
                    self._text(el.tail, parent if parent is not None else el, in_link, in_pre)
                continue
            link = in_link or (tag == "a" and el.get("href") is not None)
            pre = in_pre or tag in PRE
            if tag == "br":
                self.items.append("\n")
                if el.tail:
                    parent = el.getparent()
                    self._text(el.tail, parent if parent is not None else el, in_link, in_pre)
                continue
            if n:
                self.items.append(n)
            if el.text:
                self._text(el.text, el, link, pre)
            stack.append((el, True, in_link, in_pre, in_flex))
            for child in reversed(el):
                stack.append((child, False, link, pre, flex))

    def _blockified(self, el) -> bool:
        css = self.styles.computed(el) if self.styles else {}
        return css.get("float") in ("left", "right") or css.get("display") not in (None, "table-cell")

    def _close(self, el, in_link, in_pre, in_flex):
        tag = el.tag.lower()
        n = self._breaks(el, tag, in_flex)[0]
        if n:
            self.items.append(n)
        elif tag in ("td", "th") and not self._blockified(el):
            nxt = el.getnext()
            while nxt is not None and not (isinstance(nxt.tag, str) and nxt.tag.lower() in ("td", "th")):
                nxt = nxt.getnext()
            if nxt is not None:
                self.items.append("\t")
        if el.tail:
            parent = el.getparent()
            self._text(el.tail, parent if parent is not None else el, in_link, in_pre)

    def _text(self, text: str, owner, link: bool, pre: bool) -> None:
        span = self.pos.find(text) if text.strip() else None
        if pre:
            parts = text.split("\n")
            for k, part in enumerate(parts):
                if k:
                    self.items.append("\n")
                if part:
                    self.items.append(_Piece(part, owner, link, span, True))
            return
        self.items.append(_Piece(_WS.sub(" ", text), owner, link, span))


def _lines(items) -> list[list[_Piece]]:
    """The rendered text collection's last steps: collapse spaces, turn break counts into lines."""
    lines: list[list] = [[]]
    pending = 0  # required line breaks waiting for the next text
    started = False
    for it in items:
        if isinstance(it, int):
            if started:
                pending = max(pending, it)
            continue
        if isinstance(it, str):  # "\n" from <br> or pre, "\t" between cells
            if it == "\n":
                if pending:
                    lines.extend([] for _ in range(pending))
                    pending = 0
                lines.append([])
                started = True
            else:
                lines[-1].append(_Piece("\t", None, False, None))
            continue
        text = it.text
        cur = lines[-1]
        if it.pre:
            if pending:
                lines.extend([] for _ in range(pending))
                pending = 0
            lines[-1].append(it)
            started = True
            continue
        if pending:
            text = text.lstrip(" ")
            if not text:
                continue
            lines.extend([] for _ in range(pending))
            pending = 0
            cur = lines[-1]
        at_start = not cur or (cur[-1].text.endswith(" ") and cur[-1].el is not None)
        if at_start and text.startswith(" "):
            text = text[1:]
        if not text:
            continue
        cur.append(_Piece(text, it.el, it.link, it.span))
        started = True
    # trailing spaces of each line are not rendered
    for ln in lines:
        while ln and ln[-1].el is not None and not ln[-1].pre and ln[-1].text.endswith(" "):
            t = ln[-1].text.rstrip(" ")
            if t:
                ln[-1] = _Piece(t, ln[-1].el, ln[-1].link, ln[-1].span)
                break
            ln.pop()
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return lines


# -- the page's main article and its comments ------------------------------------------------------
def _text_len(el) -> int:
    return sum(len(t.strip()) for t in el.itertext(tag=etree.Element)) if el is not None else 0


def main_article(root):
    """The element holding the article: the <article> (or itemprop=articleBody) containing the first
    <h1>, else the one with the most paragraph text, provided it holds most of the page's <p> text."""
    cands = [e for e in root.iter("article")] + root.xpath("//*[@itemprop='articleBody']")
    if not cands:
        return None
    h1 = next(iter(root.iter("h1")), None)
    if h1 is not None:
        for e in cands:
            if e.tag == "article" and any(a is e for a in h1.iterancestors()):
                return e
    def ptext(e):
        return sum(len((p.text_content() or "").strip()) for p in e.iter("p"))
    best = max(cands, key=ptext)
    total = ptext(root)
    return best if total and ptext(best) * 2 >= total else None


# -- metadata -----------------------------------------------------------------------------------------
def _meta(root, positions_src: str | None = None) -> dict:
    out: dict[str, MetaEvidence] = {}
    tree = root.getroottree()

    def put(key, value, source, el):
        value = " ".join((value or "").split())
        if value and key not in out:
            out[key] = MetaEvidence(value, source, tree.getpath(el))

    for el in root.iter("meta"):
        prop = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if prop == "og:title":
            put("og_title", content, "meta[property=og:title]", el)
        elif prop in ("article:published_time", "datepublished", "pubdate", "publishdate", "date"):
            put("published", content, f"meta[{'property' if el.get('property') else 'name'}={prop}]", el)
        elif prop == "og:url":
            put("og_url", content, "meta[property=og:url]", el)
    t = next(iter(root.iter("title")), None)
    if t is not None:
        put("html_title", t.text_content(), "title", t)
    for el in root.iter("link"):
        if "canonical" in (el.get("rel") or "").lower().split():
            put("canonical", el.get("href"), "link[rel=canonical]", el)
    for el in root.xpath("//time[@datetime] | //*[@itemprop='datePublished'][@datetime or @content]"):
        put("published", el.get("datetime") or el.get("content"), f"{el.tag}[@datetime]", el)
    if "canonical" not in out and "og_url" in out:
        out["canonical"] = out["og_url"]
    out.pop("og_url", None)
    return out


# -- the entry point ---------------------------------------------------------------------------------
#: libxml2 drops what lies deeper than ~2000 open elements; deeper tags are blanked out before parsing
#: (the same number of spaces, so offsets hold), which keeps their text -- a browser also stops nesting
#: (Chromium at 512) and puts deeper elements beside each other.
MAX_DEPTH = 1000
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_RAWTEXT = "script|style|textarea|title|noscript|template|xmp|iframe|noembed|noframes"
_TAG = re.compile(r"<!--.*?(?:-->|$)|<(?:%s)\b[^>]*>.*?(?:</(?:%s)\s*>|$)|<(/?)([A-Za-z][A-Za-z0-9]*)\b[^>]*?(/?)>"
                  % (_RAWTEXT, _RAWTEXT), re.S | re.I)


def _flatten_deep(src: str) -> str:
    if src.count("<") < MAX_DEPTH:
        return src
    depth = 0
    cut: list[tuple[int, int]] = []
    for m in _TAG.finditer(src):
        if m.group(2) is None:
            continue
        name = m.group(2).lower()
        if name in VOID or m.group(3):
            continue
        if m.group(1):
            if depth > MAX_DEPTH:
                cut.append(m.span())
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > MAX_DEPTH:
                cut.append(m.span())
    if not cut:
        return src
    parts, pos = [], 0
    for a, b in cut:
        parts.append(src[pos:a])
        parts.append(" " * (b - a))
        pos = b
    parts.append(src[pos:])
    return "".join(parts)


def parse(data: bytes, name: str, *, http_charset: str | None = None, record: dict | None = None) -> RawText:
    """Decode and render one HTML page into a RawText whose ``html`` holds provenance and DOM evidence."""
    src, encoding, how, bom = decode_html(data, name, http_charset)
    # lxml takes no NUL or C0 controls; U+FFFD keeps every offset (a browser shows NUL the same way)
    clean_src = _flatten_deep(_BAD_XML.sub("\ufffd", src))
    if clean_src.lstrip().startswith("<?xml"):
        head = clean_src.index("?>") + 2 if "?>" in clean_src else 0
        clean_src = " " * head + clean_src[head:]
    parser = lxhtml.HTMLParser(huge_tree=True, remove_comments=False, recover=True)
    try:
        root = lxhtml.document_fromstring(clean_src, parser=parser) if clean_src.strip() else None
    except (etree.ParserError, ValueError):
        root = None
    if root is None:
        raise InputError(name, "the HTML has no content an HTML parser can read", hint="check that this is an HTML page")
    body = root.find("body")
    if body is None:
        body = root
    positions = _Positions(src)
    from corpus.text.css import Styles

    walker = _Walker(root, positions, Styles(root))
    walker.walk(body)
    pieces = _lines(walker.items)
    if not any(p.text.strip() for ln in pieces for p in ln):
        raise InputError(name, "the page has no visible text (everything is markup, script or hidden)",
                         hint="check the capture: a page that builds its text with JavaScript needs a rendered capture")
    tree = root.getroottree()
    article = main_article(root)
    meta = _meta(root)
    if record:
        if record.get("target_uri") and "canonical" not in meta:
            meta["canonical"] = MetaEvidence(record["target_uri"], "warc:WARC-Target-URI")
        if record.get("date"):
            meta["capture_date"] = MetaEvidence(record["date"], "warc:WARC-Date")
    evidence = _Evidence(root, article)

    raw_lines: list[RawLine] = []
    origins: list[LineOrigin] = []
    dom: list[LineDom] = []
    n = len(pieces)
    for k, ln in enumerate(pieces, 1):
        text = "".join(p.text for p in ln)
        r = normalise_line(k, text)
        raw_lines.append(RawLine(k, r.text, "\n" if k < n else "", r.edits, r.nfc_original))
        real = [p for p in ln if p.el is not None and p.text.strip()]
        if not real:
            dom.append(LineDom())
            continue
        holder = _common(real)
        spans = [p.span for p in real if p.span is not None]
        start = min(s for s, _ in spans) if spans else None
        end = max(e for _, e in spans) if spans else None
        origins.append(LineOrigin(k, tree.getpath(holder), start, end))
        chars = sum(len(p.text.strip()) for p in real)
        link = sum(len(p.text.strip()) for p in real if p.link)
        dom.append(evidence.of(holder, link / chars if chars else 0.0))
    info = HtmlSource("warc" if record else "html", encoding, how, meta, tuple(origins), tuple(dom),
                      dict(record) if record else None)
    return RawText(name=name, sha256=hashlib.sha256(data).hexdigest(), size=len(data), bom=bom,
                   lines=tuple(raw_lines), html=info)


def _common(pieces: list[_Piece]):
    """The deepest element holding every piece of a line."""
    first = pieces[0].el
    if all(p.el is first for p in pieces):
        return first
    chain = [first] + list(first.iterancestors())
    for anc in chain:
        if all(p.el is anc or any(a is anc for a in p.el.iterancestors()) for p in pieces):
            return anc
    return chain[-1]


class _Evidence:
    """Per-line DOM facts: the ancestor chain (with wrappers marked) and the main article's extent."""

    def __init__(self, root, article):
        self.article = article
        self.elements = list(root.iter())  # keeps lxml's proxies alive, so id() names one element
        self.order = {id(e): k for k, e in enumerate(self.elements)}
        self.wrappers = set()
        for anchor in ([article] if article is not None else []) + list(root.iter("h1"))[:1]:
            self.wrappers.update(id(a) for a in anchor.iterancestors())
        self.article_end = -1
        if article is not None:
            last = article
            while len(last):
                last = last[-1]
            self.article_end = self.order[id(last)]
        self.cache: dict = {}

    def ancestor(self, e) -> Ancestor:
        a = self.cache.get(id(e))
        if a is None:
            tag = e.tag.lower() if isinstance(e.tag, str) else ""
            scoped = tag in ("header", "footer") and any(
                isinstance(x.tag, str) and x.tag in SECTIONING for x in e.iterancestors())
            parent = e.getparent()
            cls = e.get("class")
            repeated = parent is not None and sum(
                1 for x in parent if x.tag == e.tag and x.get("class") == cls) > 1
            a = Ancestor(self.order.get(id(e), -1), tag, tokens_of(e), id(e) in self.wrappers, scoped, repeated)
            self.cache[id(e)] = a
        return a

    def of(self, holder, link_share: float) -> LineDom:
        chain = []
        in_article = False
        e = holder
        while e is not None and len(chain) < CHAIN_MAX:
            if e is self.article:
                in_article = True
            if isinstance(e.tag, str) and e.tag.lower() not in ("html", "body"):
                chain.append(self.ancestor(e))
            e = e.getparent()
        if not in_article and self.article is not None and e is not None:
            in_article = any(a is self.article for a in e.iterancestors())
        after = self.article is not None and not in_article and self.order.get(id(holder), -1) > self.article_end
        return LineDom(tuple(chain), round(link_share, 4), in_article, after, self.article is not None)
