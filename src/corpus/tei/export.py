"""Export a Document as one TEI P5 file (see docs/tei.md for every encoding decision and why).

Contract: the text of the block elements (the elements that carry ``@corresp="raw:L:S-E"``), read in
document order and joined with newlines, is exactly ``Document.text()``.  Nothing else in ``<text>``
carries characters; indentation is only ever put inside element-only containers (div, figure, body...),
never inside an element that holds text.  Output is deterministic: same document, config and markup give
byte-identical files.

Annotations (issue 3) come in through :class:`Markup`: inline spans that nest inside one block, anchors at
offsets, ``<standOff>`` children and extra header elements.  The exporter only renders them; it does not
interpret them.
"""
from __future__ import annotations

import operator
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, NamedTuple

from lxml import etree

from corpus.document.model import Block, Comment, Document
from corpus.tei import textpath as tp
from corpus.tei.textpath import ELEMENT_ONLY, T, TEI_NS

XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"

#: The private URI scheme of the provenance pointers (declared in each header by a <prefixDef>).
RAW_PREFIX = "raw"

#: Version of this TEI encoding (docs/tei.md, "Encoding version"): written to every header as
#: ``appInfo/application[@ident="corpus-tei"]/@version``.  Major: old readers break.
ENCODING_VERSION = "2.0.0"

#: Corpus-wide pointers (entities, taxonomies) use this prefix; each header declares it with a
#: <prefixDef> that expands ``corpus:X`` to ``CORPUS_FILE#X`` (the teiCorpus file of the release).
CORPUS_PREFIX = "corpus"
CORPUS_FILE = "../corpus.xml"

#: The heading of the comments division, supplied by the encoder (the page's own marker is boilerplate).
COMMENTS_HEAD = "تعليقات القراء"

#: Between two parts of a comment byline (author, place, date): supplied so that no tool glues them.
BYLINE_SEPARATOR = "، "

# -- the annotation hook ------------------------------------------------------------------------


@dataclass(frozen=True)
class InlineSpan:
    """An element to wrap around ``text[start:end]`` of one block (code points, end exclusive).

    ``tag`` is a TEI local name (``persName``) or a Clark name (``{ns}tag``); ``attrs`` keys are plain
    attribute names or ``xml:id``/``xml:lang``.  Spans of a block must nest (equal ranges nest in list
    order, the first one outermost); crossing spans are a ValueError naming both."""

    block_id: str
    start: int
    end: int
    tag: str
    attrs: dict[str, str] = field(default_factory=dict, hash=False, compare=True)

    def label(self) -> str:
        return f"<{self.tag}> {self.block_id}[{self.start}:{self.end}] {self.attrs}"


class Anchor(NamedTuple):
    """``<anchor xml:id=.../>`` at ``offset`` in a block (before any span that opens there)."""

    block_id: str
    offset: int
    xml_id: str


#: Header containers Markup.header may name, and where each one lives.  The given elements are
#: appended INTO the named element (created when the exporter does not already write it).
HEADER_SLOTS = ("titleStmt", "respStmt", "notesStmt", "sourceDesc", "editorialDecl", "tagsDecl", "classDecl", "langUsage",
                "particDesc", "textClass")


@dataclass
class Markup:
    """What an annotation layer adds to the export.

    * ``inline``: spans rendered as nested elements inside block elements;
    * ``anchors``: ``(block_id, offset, xml_id)`` -> ``<anchor>`` milestones (for stand-off spans);
    * ``standoff``: elements appended, in order, under ``<standOff>`` after ``<text>``;
    * ``header``: elements by container name (see ``HEADER_SLOTS``): ``"respStmt"`` makes one new
      ``<respStmt>`` in titleStmt holding the given children; ``"titleStmt"`` appends elements (e.g.
      whole respStmts) to titleStmt; ``"particDesc"``, ``"classDecl"``, ``"textClass"`` are created
      once and filled; the others append to the exporter's own element.
    """

    inline: list[InlineSpan] = field(default_factory=list)
    anchors: list[tuple[str, int, str]] = field(default_factory=list)
    standoff: list = field(default_factory=list)
    header: dict[str, list] = field(default_factory=dict)


# -- small helpers ------------------------------------------------------------------------------


def xml_id(doc_id: str, local: str) -> str:
    """Corpus-unique xml:id of a block/comment: ``<doc-id>.<id>`` (both NCNames, so is the result)."""
    return f"{doc_id}.{local}"


def corpus_pointer(local: str) -> str:
    """``corpus:<id>``: a pointer to a corpus-wide declaration (entity, taxonomy category)."""
    return f"{CORPUS_PREFIX}:{local}"


def rendition_id(doc_id: str) -> str:
    """The rtl rendition's xml:id ``<doc-id>-rtl``: a CSS class name (no dot; document ids are
    ``[A-Za-z][A-Za-z0-9_-]*``), which is how the TEI Stylesheets and CETEIcean apply a <rendition>."""
    return f"{doc_id}-rtl"


#: matchPattern of the raw: prefix: an RFC 5147 line range P,Q (the block is on line Q, from 1), then
#: START-END in code points within that line.
RAW_MATCH = "([0-9]+),([0-9]+):([0-9]+)-([0-9]+)"


def raw_pointer(block_or_span) -> str:
    """``raw:P,Q:START-END`` (Q = P + 1 = the 1-based line): the provenance pointer."""
    s = getattr(block_or_span, "src", block_or_span)
    return f"{RAW_PREFIX}:{s.line - 1},{s.line}:{s.start}-{s.end}"


def _qname(tag: str) -> str:
    if not isinstance(tag, str):
        raise TypeError(f"element name {tag!r}: not a string")
    if tag.startswith("{"):
        q = tag
    elif ":" in tag or not tag:
        raise ValueError(f"element name {tag!r}: use a TEI local name or a {{namespace}}name")
    else:
        q = T + tag
    if len(_QNAMES) < _NAME_CACHE:  # bounded: element names come from code and annotation files
        _QNAMES[tag] = q
    return q


def _attr_name(name: str) -> str:
    if not isinstance(name, str):
        raise TypeError(f"attribute name {name!r}: not a string")
    if name.startswith("xml:"):
        q = f"{{{XML_NS}}}{name[4:]}"
    elif ":" in name and not name.startswith("{"):
        raise ValueError(f"attribute {name!r}: only xml:* prefixed attributes are supported")
    else:
        q = name
    if len(_ATTR_NAMES) < _NAME_CACHE:
        _ATTR_NAMES[name] = q
    return q


_NAME_CACHE = 512


def el(tag: str, attrs: dict | None = None, text: str | None = None, children: Iterable = ()) -> etree._Element:
    """Build a TEI element (``tag`` local name); attribute keys may be ``xml:id`` etc.  Public: the
    annotation layer uses it for standOff and header elements."""
    e = _Element(_QNAMES.get(tag) or _qname(tag), nsmap=_NSMAP)
    if attrs:
        _set_attrs(e, attrs)
    if text is not None:
        e.text = text
    for c in children:
        e.append(c)
    return e


def sub(parent, tag: str, attrs: dict | None = None, text: str | None = None) -> etree._Element:
    e = _SubElement(parent, _QNAMES.get(tag) or _qname(tag))  # in the parent's document: no namespace to reconcile
    if attrs:
        _set_attrs(e, attrs)
    if text is not None:
        e.text = text
    return e


# sub/el run ~130 times a document: names resolved once (dict look-ups), attributes set in order
_Element, _SubElement, _NSMAP = etree.Element, etree.SubElement, {None: TEI_NS}
_QNAMES: dict[str, str] = {}
_ATTR_NAMES: dict[str, str] = {}


def _set_attrs(e, attrs: dict) -> None:
    put = e.set
    for k, v in attrs.items():
        if v is not None:
            put(_ATTR_NAMES.get(k) or _attr_name(k), v if v.__class__ is str else str(v))


def _fixed(ctx: "_Ctx", parent, build, config: dict) -> None:
    """``build(parent, config, sub)``: the elements that the configuration alone decides.  On the text
    path they come from a cache of their serialised bytes (built, then written, once per configuration
    and indentation level); the lxml path builds them every time."""
    key = ctx.config_key if ctx.nodes else None
    if key is None:
        build(parent, config, ctx.sub)
        return
    frozen = tp.FROZEN.get((build, key))
    if frozen is None:
        scratch = tp.Node("scratch", "<scratch", None)
        build(scratch, config, tp.node_sub)
        if any(p.tail is not None for p in scratch.kids):  # not a run of plain siblings: built each time
            build(parent, config, ctx.sub)
            return
        if len(tp.FROZEN) >= tp.FROZEN_MAX:
            tp.FROZEN.clear()
        frozen = tp.FROZEN[(build, key)] = tp.Frozen(scratch.kids)
    if frozen.parts:
        parent.kids.append(frozen)


# -- inline rendering ---------------------------------------------------------------------------


def render_inline(target: etree._Element, text: str, spans: list[InlineSpan], anchors: list[Anchor] = (),
                  make=None) -> None:
    """Fill ``target`` with ``text``, wrapping spans as nested elements and placing anchors.

    Events at one offset happen in this order: spans ending there close, anchors are placed, spans
    starting there open (longer first; equal ranges in list order).  Zero-length spans become empty
    elements.  The concatenated character data of ``target`` is always exactly ``text``.  ``make``
    builds the new elements (``el`` by default; the exporter's text path passes its node factory)."""
    if not spans and not anchors and not len(target):  # the common case: the text, nothing inside
        target.text = text or None
        return
    make = make or el
    n = len(text)
    for s in spans:
        if not (0 <= s.start <= s.end <= n):
            raise ValueError(f"span {s.label()} is out of range for block of length {n}")
    for a in anchors:
        if not (0 <= a.offset <= n):
            raise ValueError(f"anchor {a.xml_id!r} at {a.block_id}[{a.offset}] is out of range for block of length {n}")
    items = [(a.offset, 0, 0, i, None, a) for i, a in enumerate(anchors)]
    items += [(s.start, 1, -s.end, i, s, None) for i, s in enumerate(spans)]
    items.sort(key=lambda x: x[:4])

    target.text = None
    stack: list[tuple[etree._Element, int, InlineSpan | None]] = [(target, n, None)]
    pos = 0

    def put(chunk: str) -> None:
        if not chunk:
            return
        cur = stack[-1][0]
        if len(cur):
            cur[-1].tail = (cur[-1].tail or "") + chunk
        else:
            cur.text = (cur.text or "") + chunk

    def close_until(p: int) -> None:
        nonlocal pos
        while len(stack) > 1 and stack[-1][1] <= p:
            put(text[pos:stack[-1][1]])
            pos = stack[-1][1]
            stack.pop()

    for off, kind, _neg_end, _i, span, anchor in items:
        close_until(off)
        put(text[pos:off])
        pos = off
        if anchor is not None:
            stack[-1][0].append(make("anchor", {"xml:id": anchor.xml_id}))
            continue
        top_end, top_span = stack[-1][1], stack[-1][2]
        if span.end > top_end:
            raise ValueError(f"span {span.label()} crosses span {top_span.label()}: inline spans must nest; "
                             "put crossing annotations in <standOff> instead")
        e = make(span.tag, span.attrs)
        stack[-1][0].append(e)
        stack.append((e, span.end, span))
    close_until(n)
    put(text[pos:n])


# -- body ---------------------------------------------------------------------------------------

ARTICLE_TOP = {"section", "kicker", "title", "date", "dateline", "byline"}
ARTICLE_BOTTOM = {"date", "dateline", "byline"}
FIGURE_ROLES = {"caption", "credit"}
BYLINE_PARTS = {"comment-author", "comment-place", "comment-date"}

#: role -> (element, @type) when the block stands where TEI allows it.
ROLE_ELEMENT = {
    "title": ("head", "title"),
    "kicker": ("head", "kicker"),
    "section": ("head", "section"),
    "date": ("dateline", None),
    "dateline": ("dateline", None),
    "byline": ("byline", None),
    "heading": ("head", "sub"),
    "paragraph": ("p", None),
    "caption": ("head", "caption"),
    "credit": ("ab", "credit"),
    "comment-title": ("head", "comment-title"),
    "comment-author": ("name", "author"),
    "comment-place": ("placeName", None),
    "comment-date": ("date", None),
    "comment-paragraph": ("p", None),
}

#: Name-like block elements: when an annotation of the same range gives the name element, the block
#: becomes a neutral <seg> with this @type instead (no placeName/placeName, name/persName nesting).
SEG_TYPE = {"comment-author": "author", "comment-place": "place", "comment-date": "date"}
NAME_TAGS = {"persName", "orgName", "placeName", "geogName", "name", "rs", "date", "time"}

#: Metadata roles: moved from <text> to the header (profileDesc/textClass) when reading order allows.
CLASSIFICATION_ROLES = {"section"}


class _Ctx:
    def __init__(self, doc: Document, markup: Markup | None, nodes: bool = False, config_key: str | None = None):
        self.doc = doc
        self.config_key = config_key  # the text path's key to the configuration-fixed parts (_fixed)
        # the element factories: lxml elements, or light nodes serialised as text (see tp.Node)
        self.el, self.sub = (tp.node_el, tp.node_sub) if nodes else (el, sub)
        self.nodes = nodes
        self.spans: dict[str, list[InlineSpan]] = {}
        self.anchors: dict[str, list[Anchor]] = {}
        if markup is not None:
            known = {b.id for b in doc.blocks()}
            for s in markup.inline:
                if s.block_id not in known:
                    raise ValueError(f"span {s.label()} names block {s.block_id!r}, which is not in document {doc.id}")
                self.spans.setdefault(s.block_id, []).append(s)
            for a in markup.anchors:
                a = Anchor(*a)
                if a.block_id not in known:
                    raise ValueError(f"anchor {a.xml_id!r} names block {a.block_id!r}, which is not in document {doc.id}")
                self.anchors.setdefault(a.block_id, []).append(a)
        date = doc.metadata.get("date")
        self.date_when = date.value if date is not None else None
        self.rendition = "#" + rendition_id(doc.id)
        self.moved = classification_blocks(doc)
        self.commenters: dict[str, str] = {}  # author text -> person xml:id
        self.posts: list[tuple[str, str | None, str | None]] = []

    def whole_span(self, b: Block) -> InlineSpan | None:
        """An annotation element spanning the whole block with a name-like tag, if any."""
        return next((s for s in self.spans.get(b.id, []) if s.start == 0 and s.end == len(b.text)
                     and etree.QName(_qname(s.tag)).localname in NAME_TAGS), None)

    def block(self, b: Block, tag: str, type_: str | None) -> etree._Element:
        src = b.src
        if self.nodes and not (tag == "dateline" and b.role == "date" and b.text):
            # the text path's plain block (no markup there): its start tag written at once, as tp.start_tag
            # writes it (type, xml:id, corresp; a value escaped where it must be)
            xid = f"{self.doc.id}.{b.id}"
            if tp.ATTR_SPECIAL(xid):
                xid = tp.esc_attr(xid)
            if type_ is None:
                head = f'<{tag} xml:id="{xid}" corresp="{RAW_PREFIX}:{src.line - 1},{src.line}:{src.start}-{src.end}"'
            else:
                if tp.ATTR_SPECIAL(type_):
                    raise tp.Fallback
                head = (f'<{tag} type="{type_}" xml:id="{xid}" '
                        f'corresp="{RAW_PREFIX}:{src.line - 1},{src.line}:{src.start}-{src.end}"')
            return tp.Node(tag, head, b.text or None)
        attrs = {"type": type_, "xml:id": f"{self.doc.id}.{b.id}", "corresp": f"{RAW_PREFIX}:{src.line - 1},{src.line}:{src.start}-{src.end}"}
        spans = list(self.spans.get(b.id, ()))
        if b.role in SEG_TYPE and tag != "ab" and self.whole_span(b) is not None:
            tag, attrs["type"] = "seg", SEG_TYPE[b.role]
        if tag == "dateline" and b.role == "date" and b.text:
            # the date of the story: a <date> in a <dateline> (TEI: "date ... of a newspaper story")
            # unless an annotation already wraps the whole block in a <date>
            ann = self.whole_span(b)
            if ann is None or etree.QName(_qname(ann.tag)).localname != "date":
                when = self.date_when if self.date_when and self.date_span_in(b) else None
                spans.insert(0, InlineSpan(b.id, 0, len(b.text), "date", {"when": when}))
        e = self.el(tag, attrs)
        try:
            render_inline(e, b.text, spans, self.anchors.get(b.id, []), self.el)
        except ValueError as exc:
            raise ValueError(f"document {self.doc.id}, block {b.id}: {exc}") from None
        return e

    def date_span_in(self, b: Block) -> bool:
        m = self.doc.metadata["date"].src
        return m.line == b.src.line and b.src.start <= m.start and m.end <= b.src.end


def merge_by_position(text_blocks: list, header_blocks: list, pos) -> list:
    """Reading order of the blocks kept in <text> plus the classification blocks moved to the header:
    each header block goes before the first text block that comes after it in the raw file.  The
    exporter moves a block only when this gives back the document's order; the reader uses it."""
    out = list(text_blocks)
    for h in sorted(header_blocks, key=pos):
        k = next((i for i, t in enumerate(out) if t not in header_blocks and pos(t) > pos(h)), len(out))
        out.insert(k, h)
    return out


def classification_blocks(doc: Document) -> set[str]:
    """Ids of the section labels ("أخبار") at the top of the article that move to the header."""
    blocks = list(doc.article)
    i, _ = _zones(blocks, ARTICLE_TOP, ARTICLE_BOTTOM)
    moved = [b for b in blocks[:i] if b.role in CLASSIFICATION_ROLES]
    if not moved:
        return set()
    allb = doc.blocks()
    rest = [b for b in allb if b not in moved]
    pos = lambda b: (b.src.line, b.src.start, b.src.end)  # noqa: E731
    if [b.id for b in merge_by_position(rest, moved, pos)] != [b.id for b in allb]:
        return set()  # the raw order would not give the reading order back: keep them in <text>
    return {b.id for b in moved}


def _zones(blocks: list[Block], top: set[str], bottom: set[str]) -> tuple[int, int]:
    """Indices (i, j): blocks[:i] fit the division's top, blocks[j:] its bottom.  Figure parts are
    allowed anywhere in a div (model.global), so they never decide a zone."""
    i = 0
    while i < len(blocks) and (blocks[i].role in top or blocks[i].role in FIGURE_ROLES):
        i += 1
    j = len(blocks)
    while j > i and (blocks[j - 1].role in bottom or blocks[j - 1].role in FIGURE_ROLES):
        j -= 1
    return i, j


def _runs(blocks: list[Block]):
    """Group consecutive figure parts with the same group (or a lone ungrouped one) into figures."""
    k = 0
    while k < len(blocks):
        b = blocks[k]
        if b.role in FIGURE_ROLES:
            m = k + 1
            while (b.group is not None and m < len(blocks) and blocks[m].role in FIGURE_ROLES
                   and blocks[m].group == b.group):
                m += 1
            yield "figure", blocks[k:m]
            k = m
        else:
            yield "block", [b]
            k += 1


def _figure(ctx: _Ctx, blocks: list[Block]) -> etree._Element:
    fig = ctx.el("figure", {"n": blocks[0].group})
    for b in blocks:
        tag, type_ = ROLE_ELEMENT[b.role]
        fig.append(ctx.block(b, tag, type_))
    return fig


def _article(ctx: _Ctx, div: etree._Element, blocks: list[Block]) -> None:
    sub = ctx.sub
    i, j = _zones(blocks, ARTICLE_TOP, ARTICLE_BOTTOM)
    zone_of = lambda k: "top" if k < i else ("bottom" if k >= j else "body")  # noqa: E731
    container = div
    k = 0
    for kind, run in _runs(blocks):
        zone = zone_of(k)
        k += len(run)
        if kind == "figure":
            (div if zone == "bottom" else container).append(_figure(ctx, run))
            continue
        b = run[0]
        if b.id in ctx.moved:
            continue
        if zone == "body" and b.role == "heading":
            container = sub(div, "div", {"type": "section", "xml:id": xml_id(ctx.doc.id, f"div-{b.id}")})
            container.append(ctx.block(b, "head", "sub"))
        elif zone == "body" and b.role != "paragraph":
            container.append(ctx.block(b, "ab", b.role))
        else:
            tag, type_ = ROLE_ELEMENT[b.role]
            (div if zone != "body" else container).append(ctx.block(b, tag, type_))


def _post(ctx: _Ctx, post: etree._Element, c: Comment) -> None:
    """One reader comment as a CMC <post> (TEI 4.8, chapter 9.3): its title as <head>, author, place
    and date in one <byline> (separated), its paragraphs as <p>; order as on the page."""
    sub = ctx.sub
    byline = None
    author = None
    for b in c.blocks:
        if b.role in BYLINE_PARTS:
            if byline is None:  # shown on its own line on the page (@rend: how the source presents it)
                byline = sub(post, "byline", {"rend": "block"})
            elif len(byline):
                byline[-1].tail = BYLINE_SEPARATOR
            tag, type_ = ROLE_ELEMENT[b.role]
            byline.append(ctx.block(b, tag, type_))
            if b.role == "comment-author" and author is None and b.text.strip():
                author = b.text
            continue
        byline = None
        if b.role in FIGURE_ROLES:
            post.append(_figure(ctx, [b]))
        elif b.role in ("comment-title", "comment-paragraph"):
            tag, type_ = ROLE_ELEMENT[b.role]
            post.append(ctx.block(b, tag, type_))
        else:
            post.append(ctx.block(b, "ab", b.role))
    if author is not None:
        pid = ctx.commenters.setdefault(author, xml_id(ctx.doc.id, f"commenter{len(ctx.commenters) + 1}"))
        post.set("who", "#" + pid)


def _text(ctx: _Ctx) -> etree._Element:
    doc = ctx.doc
    for b in doc.blocks():
        if b.role not in ROLE_ELEMENT:
            raise ValueError(f"document {doc.id}, block {b.id}: unknown role {b.role!r}")
    sub = ctx.sub
    text = ctx.el("text", {"rendition": ctx.rendition})
    body = sub(text, "body")
    art = sub(body, "div", {"type": "article", "xml:id": xml_id(doc.id, "article"), "rendition": ctx.rendition})
    _article(ctx, art, list(doc.article))
    if len(art) == 0:  # a div needs content: an article with no kept block says so explicitly
        sub(art, "gap", {"reason": "no-article-text"})
    if doc.comments:
        cdiv = sub(body, "div", {"type": "comments", "xml:id": xml_id(doc.id, "comments"),
                                 "rendition": ctx.rendition})
        sub(cdiv, "head", {"type": "editorial"}, COMMENTS_HEAD)
        for c in doc.comments:
            post = sub(cdiv, "post", {"type": "comment", "xml:id": xml_id(doc.id, c.id), "modality": "written"})
            _post(ctx, post, c)
            if len(post) == 0:
                sub(post, "gap", {"reason": "empty-comment"})
    return text


# -- header -------------------------------------------------------------------------------------


def _cfg(config: dict, *keys, default=None):
    cur = config
    for k in keys:
        if not isinstance(cur, dict) or k not in cur:
            return default
        cur = cur[k]
    return cur


def _author_name(a: dict) -> str:
    return a.get("name") or " ".join(x for x in (a.get("given_names"), a.get("family_names")) if x) or "unknown"


# The header's parts that the configuration alone decides: each builder appends its elements to
# ``parent`` through ``sub`` (lxml or text-path nodes); _fixed caches them on the text path.


def _resp_stmts(ts, config: dict, sub) -> None:
    authors = _cfg(config, "authors", default=[]) or [{"name": "The corpus project", "role": "compiler"}]
    for a in authors:
        rs = sub(ts, "respStmt")
        sub(rs, "resp", None, f"{a.get('role', 'compiler')}: selection, cleaning, splitting and TEI encoding")
        attrs = {"ref": f"https://orcid.org/{a['orcid']}"} if a.get("orcid") else None
        sub(rs, "persName" if not a.get("name") else "orgName", attrs, _author_name(a))


def _edition_stmt(fd, config: dict, sub) -> None:
    if _cfg(config, "version"):
        es = sub(fd, "editionStmt")
        sub(es, "edition", {"n": config["version"]}, f"{config.get('name', 'corpus')} {config['version']}")


def _publisher(ps, config: dict, sub) -> None:
    sub(ps, "publisher", None, _cfg(config, "publisher", default="The corpus project"))
    if _cfg(config, "release_date"):
        sub(ps, "date", {"when": config["release_date"]}, config["release_date"])


def _corpus_ids_and_availability(ps, config: dict, sub) -> None:
    if _cfg(config, "name"):
        sub(ps, "idno", {"type": "corpus"}, config["name"] + (f"-{config['version']}" if config.get("version") else ""))
    if _cfg(config, "doi"):
        sub(ps, "idno", {"type": "DOI"}, config["doi"])
    av = sub(ps, "availability", {"status": "restricted"})
    texts = _cfg(config, "licence", "texts",
                 default="The news texts and reader comments remain the copyright of their publishers and authors.")
    sub(av, "licence", None, f"News text and reader comments: {texts}")
    ann = _cfg(config, "licence", "annotations")
    if isinstance(ann, dict):
        sub(av, "licence", {"target": ann.get("url")},
            f"Annotations, metadata and TEI encoding (not the texts): {ann.get('id')}")


def _series_stmt(fd, config: dict, sub) -> None:
    if _cfg(config, "title"):  # the corpus titles: in the series, not merged into the document's title
        ss = sub(fd, "seriesStmt")
        sub(ss, "title", {"level": "s"}, config["title"])
        if _cfg(config, "title_ar"):
            sub(ss, "title", {"level": "s", "xml:lang": "ar"}, config["title_ar"])
        if _cfg(config, "name"):
            sub(ss, "idno", {"type": "corpus"}, config["name"])


def _app_info(enc, config: dict, sub) -> None:
    app = sub(sub(enc, "appInfo"), "application", {"ident": "corpus-tei", "version": ENCODING_VERSION})
    sub(app, "label", None, "corpus TEI encoding (docs/tei.md)")
    if _cfg(config, "description"):
        sub(sub(enc, "projectDesc"), "p", None, config["description"])


def _quotation_segmentation(ed, config: dict, sub) -> None:
    sub(sub(ed, "quotation", {"marks": "all"}), "p", None,
        "Quotation marks are kept as they are in the source; said and quote elements do not imply any.")
    seg = sub(ed, "segmentation")
    sub(seg, "p", None, "Every kept string (block) is exactly one span of one raw line and is one element "
        "with xml:id '<document id>.<block id>' and a provenance pointer in @corresp (raw:P,Q:START-END, "
        "see listPrefixDef). Reading the block elements in document order and joining their text with "
        "newlines gives the document text exactly.")


def _corpus_prefix_def(lpd, config: dict, sub) -> None:
    pd = sub(lpd, "prefixDef", {"ident": CORPUS_PREFIX, "matchPattern": "(.+)",
                                "replacementPattern": f"{CORPUS_FILE}#$1"})
    sub(pd, "p", None, "corpus:ID points to a corpus-wide declaration (a person, organisation or place, "
        "or a category of the annotation taxonomies) in the header of the corpus file corpus.xml of the "
        "release; the same ID means the same entity in every document.")


def _lang_usage(prof, config: dict, sub) -> None:
    lu = sub(prof, "langUsage")
    sub(lu, "language", {"ident": "ar"}, "Arabic")


def _header(doc: Document, config: dict, tag_counts: Counter, ctx: "_Ctx", source: dict) -> etree._Element:
    did = doc.id
    sub = ctx.sub
    hdr = ctx.el("teiHeader", {"xml:lang": "en"})
    fd = sub(hdr, "fileDesc")

    ts = sub(fd, "titleStmt")
    title = doc.title if doc.title and doc.title.strip() else None
    if title is not None:
        sub(ts, "title", {"type": "main", "xml:lang": "ar"}, title)
    else:
        sub(ts, "title", {"type": "main"}, f"Untitled article ({doc.source.file})")
    site = source.get("site") or (doc.metadata["site"].value if "site" in doc.metadata else None)
    byline = next((b.text for b in doc.article if b.role == "byline" and b.text.strip()), None)
    if byline is not None:  # the article's own statement of authorship
        sub(ts, "author", {"xml:lang": "ar"}, byline)
    elif site:  # no byline: the news site is the corporate author
        sub(sub(ts, "author"), "orgName", {"xml:lang": "ar"}, site)
    _fixed(ctx, ts, _resp_stmts, config)
    _fixed(ctx, fd, _edition_stmt, config)

    blocks = doc.blocks()
    n_par = sum(1 for b in blocks if b.role in ("paragraph", "comment-paragraph"))
    ext = sub(fd, "extent")
    for unit, qty in (("block", len(blocks)), ("paragraph", n_par), ("comment", len(doc.comments)),
                      ("character", len(doc.text()))):
        sub(ext, "measure", {"unit": unit, "quantity": str(qty)}, f"{qty} {unit}{'' if qty == 1 else 's'}")

    ps = sub(fd, "publicationStmt")
    _fixed(ctx, ps, _publisher, config)
    sub(ps, "idno", {"type": "corpus-document"}, did)
    _fixed(ctx, ps, _corpus_ids_and_availability, config)
    _fixed(ctx, fd, _series_stmt, config)

    sd = sub(fd, "sourceDesc")
    bibl = sub(sd, "bibl", {"type": "web-page"})
    if title is not None:
        sub(bibl, "title", {"level": "a", "xml:lang": "ar"}, title)
    if site:
        attrs = {"xml:lang": "ar"}
        if "site" in doc.metadata and doc.metadata["site"].value == site:
            attrs["corresp"] = raw_pointer(doc.metadata["site"])
        sub(bibl, "publisher", attrs, site)
    if source.get("url"):
        sub(bibl, "ptr", {"type": "source", "target": source["url"]})
    if source.get("captured"):
        sub(bibl, "date", {"type": "capture", "when": source["captured"]}, source["captured"])
    for key in sorted(doc.metadata):
        m = doc.metadata[key]
        attrs = {"corresp": raw_pointer(m), "xml:lang": "ar"}
        if key == "date":
            sub(bibl, "date", {"type": "published", "when": m.value, **attrs}, m.text)
        else:
            sub(bibl, "note", {"type": f"meta-{key}", "n": m.value, **attrs}, m.text)
    src = doc.source
    sub(bibl, "idno", {"type": "file"}, src.file)
    sub(bibl, "idno", {"type": "sha256"}, src.sha256)
    bext = sub(bibl, "extent")
    sub(bext, "measure", {"unit": "byte", "quantity": str(src.bytes)}, f"{src.bytes} bytes")
    sub(bext, "measure", {"unit": "line", "quantity": str(src.line_count)}, f"{src.line_count} lines")
    ev = ", ".join(doc.profile_evidence) or "none"
    sub(bibl, "note", {"type": "profile", "n": doc.profile},
        f"Cleaned with profile {doc.profile} (fingerprints matched: {ev}).")
    if doc.html is not None:
        _web_bibl(sd, doc, sub)

    enc = sub(hdr, "encodingDesc")
    _fixed(ctx, enc, _app_info, config)
    ed = sub(enc, "editorialDecl")
    norm = sub(ed, "normalization", {"method": "silent"})
    edits = Counter(e.rule for e in doc.char_edits)
    p = sub(norm, "p", None, "Each raw line is normalised to Unicode NFC "
            f"({len(doc.nfc_lines)} lines changed by it); invisible bidirectional marks, zero-width characters, "
            "soft hyphens and characters XML 1.0 forbids are removed and recorded in the document JSON "
            "(char_edits). Spelling, hamza, alef, teh marbuta, tatweel, diacritics and digits are kept as in "
            "the source. Removed characters by rule: ")
    lst = sub(p, "list", {"type": "char-edits"})
    for rule in sorted(edits):
        sub(lst, "item", {"n": rule}, f"{rule}: {edits[rule]}")
    if not edits:
        sub(lst, "item", None, "none")
    _fixed(ctx, ed, _quotation_segmentation, config)
    rem_spans = Counter(r.rule for r in doc.removed)
    lines_of: dict[str, set[int]] = {}  # one pass: the lines and the reasons of each rule
    reasons: dict[str, list[str]] = {}
    for r in doc.removed:
        lines_of.setdefault(r.rule, set()).add(r.src.line)
        if r.reason not in reasons.setdefault(r.rule, []):
            reasons[r.rule].append(r.reason)
    rem_lines = {rule: len(lines_of[rule]) for rule in rem_spans}
    ip = sub(sub(ed, "interpretation"), "p", None,
             f"Web-page boilerplate removed by the cleaner: {sum(rem_spans.values())} spans on "
             f"{len({r.src.line for r in doc.removed})} raw lines (each kept in the document JSON with its rule "
             "and reason), by rule: ")
    lst = sub(ip, "list", {"type": "removed"})
    for rule in sorted(rem_spans):
        it = sub(lst, "item", {"n": rule})
        sub(it, "label", None, rule)
        m1 = sub(it, "measure", {"unit": "line", "quantity": str(rem_lines[rule])}, f"{rem_lines[rule]} lines")
        m1.tail = ", "
        m2 = sub(it, "measure", {"unit": "span", "quantity": str(rem_spans[rule])}, f"{rem_spans[rule]} spans")
        m2.tail = ": " + "; ".join(reasons[rule])
    if not rem_spans:
        sub(lst, "item", None, "none")

    td = sub(enc, "tagsDecl")
    sub(td, "rendition", {"xml:id": rendition_id(did), "scheme": "css"}, "direction: rtl;")
    ns = sub(td, "namespace", {"name": TEI_NS})
    for gi in sorted(tag_counts):
        sub(ns, "tagUsage", {"gi": gi, "occurs": str(tag_counts[gi])})

    lpd = sub(enc, "listPrefixDef")
    pd = sub(lpd, "prefixDef", {"ident": RAW_PREFIX, "matchPattern": RAW_MATCH,
                                "replacementPattern": f"{src.file}#line=$1,$2"})
    sub(pd, "p", None, f"raw:P,Q:START-END points into the raw file {src.file} (SHA-256 {src.sha256}). "
        "P,Q is an RFC 5147 line range (line positions, counted from 0), so the block lies on line Q "
        "counted from 1; START and END (exclusive) count Unicode code points in that line after NFC "
        "normalisation and removal of the characters listed under normalization (RFC 5147 has no "
        "offsets within a line, so the expansion names the line).")
    _fixed(ctx, lpd, _corpus_prefix_def, config)

    prof = sub(hdr, "profileDesc")
    if doc.metadata.get("date") is not None:
        m = doc.metadata["date"]
        cr = sub(prof, "creation")
        sub(cr, "date", {"when": m.value, "corresp": raw_pointer(m), "xml:lang": "ar"}, m.text)
    _fixed(ctx, prof, _lang_usage, config)
    moved = [b for b in blocks if b.id in ctx.moved] if ctx.moved else []
    if moved:  # the page's section label: a classification of the text, not part of it
        kw = sub(sub(prof, "textClass"), "keywords", {"n": "site-section", "xml:lang": "ar"})
        for b in moved:
            kw.append(ctx.block(b, "term", None))
    if ctx.commenters:  # the commenters, pointed at by post/@who
        lp = sub(sub(prof, "particDesc"), "listPerson", {"type": "commenters"})
        for name, pid in ctx.commenters.items():
            person = sub(lp, "person", {"xml:id": pid, "role": "commenter"})
            sub(person, "persName", {"xml:lang": "ar"}, name)
    return hdr


_ISO_WHEN = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$")


def _web_bibl(sd: etree._Element, doc: Document, sub=sub) -> None:
    """The web page the document was read from (HTML or a WARC record): canonical URL, dates the markup
    or the archive states, and how the page's rendered lines relate to the HTML."""
    h = doc.html
    bibl = sub(sd, "bibl", {"type": "web-page"})
    meta = h.metadata
    for key in ("og_title", "html_title"):
        if key in meta:
            sub(bibl, "title", {"type": key.replace("_", "-"), "xml:lang": "ar"}, meta[key].value)
            break
    if "canonical" in meta:
        sub(bibl, "idno", {"type": "URI"}, meta["canonical"].value)
    for key, typ in (("published", "published"), ("capture_date", "capture")):
        if key in meta:
            v = meta[key].value
            attrs = {"type": typ}
            if _ISO_WHEN.match(v):
                attrs["when"] = v
            sub(bibl, "date", attrs, v)
    if h.record is not None:
        sub(bibl, "idno", {"type": "WARC-Record-ID"}, h.record["record_id"])
        sub(bibl, "idno", {"type": "WARC-file"}, h.record["warc_file"])
    sub(bibl, "note", {"type": "html-source"},
        f"Read from {'a WARC record' if h.format == 'warc' else 'an HTML page'} decoded as {h.encoding} "
        f"({h.encoding_source}); its lines are the page's rendered text (as a browser's innerText), and the "
        "document JSON (html.lines) gives for each line the XPath of its element and its code-point range "
        "in the decoded HTML.")


def _add_header_markup(hdr: etree._Element, header: dict[str, list]) -> None:
    def find(name):
        return hdr.find(f".//{T}{name}")

    def ensure(name, parent_name):
        e = find(name)
        if e is None:
            e = sub(find(parent_name), name)
        return e

    for key in header:
        if key not in HEADER_SLOTS:
            raise ValueError(f"Markup.header: unknown container {key!r}; use one of {', '.join(HEADER_SLOTS)}")
    for key in HEADER_SLOTS:  # fixed order: deterministic whatever the dict order
        elems = header.get(key)
        if not elems:
            continue
        if key == "respStmt":
            target = sub(find("titleStmt"), "respStmt")
        elif key == "notesStmt":
            target = find("notesStmt")
            if target is None:
                target = el("notesStmt")
                find("sourceDesc").addprevious(target)
        elif key in ("particDesc", "textClass"):
            target = ensure(key, "profileDesc")
        elif key == "classDecl":
            target = ensure(key, "encodingDesc")
        else:
            target = find(key)
        for e in elems:
            target.append(e)


# -- pretty printing ----------------------------------------------------------------------------

#: (ELEMENT_ONLY, the elements indented inside, comes from corpus.tei.textpath: both paths use it.)


_ELEMENT_ONLY_Q = frozenset(T + name for name in ELEMENT_ONLY)


def _indent(e: etree._Element, level: int = 0) -> None:
    if e.tag not in _ELEMENT_ONLY_Q or len(e) == 0:
        return
    kids = list(e)
    if (e.text and e.text.strip()) or any(c.tail and c.tail.strip() for c in kids):
        return
    pad = "\n" + "  " * (level + 1)
    e.text = pad
    for c in kids:
        c.tail = pad
        if c.tag in _ELEMENT_ONLY_Q:  # only these are indented inside: no call for the others
            _indent(c, level + 1)
    kids[-1].tail = "\n" + "  " * level


# -- entry point --------------------------------------------------------------------------------


def build_tree(doc: Document, config: dict | None = None, *, markup: Markup | None = None,
               source: dict | None = None) -> etree._Element:
    """The TEI element tree (before indentation).  Raises ValueError on crossing spans, unknown
    blocks, duplicate xml:ids or characters XML cannot carry."""
    root = _build(_Ctx(doc, markup), config or {}, source or {})
    if markup is not None:
        _add_header_markup(root[0], markup.header)
        if markup.standoff:
            so = sub(root, "standOff")
            for e in markup.standoff:
                so.append(e)
    ids = _XML_IDS(root)
    if len(set(ids)) != len(ids):
        dups = sorted(k for k, v in Counter(ids).items() if v > 1)
        raise ValueError(f"document {doc.id}: duplicate xml:id {', '.join(dups)}")
    return root


def _build(ctx: _Ctx, config: dict, source: dict):
    """The root with its header and text, from ctx's element factory (lxml elements or nodes)."""
    root = ctx.el("TEI", {"xml:id": ctx.doc.id, "xml:lang": "ar"})
    text = _text(ctx)
    if ctx.nodes:  # the nodes' local names, counted without a generator per node
        names, stack = [], [text]
        while stack:
            e = stack.pop()
            names.append(e.name)
            stack += e.kids
        tag_counts = Counter(names)
    else:
        tag_counts = Counter({k[len(T):]: v for k, v in Counter(map(_TAG, text.iter())).items()})
    root.append(_header(ctx.doc, config, tag_counts, ctx, source))
    root.append(text)
    return root


def _text_path(doc: Document, config: dict | None, source: dict | None, ids_checked: list | None = None) -> bytes | None:
    """The file's bytes by the text path, or None where the lxml path must answer (see tp.Node)."""
    try:
        config = config or {}
        return tp.serialise(_build(_Ctx(doc, None, nodes=True, config_key=tp.config_key(config)), config, source or {}),
                            ids_checked)
    except (tp.Fallback, ValueError, TypeError):  # the lxml path gives the verdict (mostly an error)
        return None


#: Our own bytes parsed back for validation: no entity, no network, and no libxml2 size limit (a tree
#: built by lxml had none either).
_OWN_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)

_TAG = operator.attrgetter("tag")
#: every xml:id of a tree, as plain strings (one XPath in C instead of a Python loop over elements)
_XML_IDS = etree.XPath("descendant-or-self::*/@xml:id", smart_strings=False)


def export(doc: Document, config: dict | None = None, *, markup: Markup | None = None,
           source: dict | None = None) -> bytes:
    """The document as a TEI P5 file: UTF-8 bytes with an XML declaration, deterministic.
    ``source``: optional catalog fields of the capture (``url``, ``captured``, ``site``)."""
    if markup is None:
        data = _text_path(doc, config, source)
        if data is not None:
            return data
    return _export_lxml(doc, config, markup=markup, source=source)[1]


def export_tree(doc: Document, config: dict | None = None, *, markup: Markup | None = None,
                source: dict | None = None, ids_checked: list | None = None) -> tuple[etree._Element, bytes]:
    """The finished tree and its bytes (``export``), for a caller that validates the tree.  Without
    markup the bytes come from the text path and the tree is parsed from them (building them as
    text and parsing once costs less than building the lxml tree).  ``ids_checked``: a list that
    receives True when the text path has vouched, from the bytes it wrote, for the id rules that
    corpus.tei.validate.semantic_errors checks (textpath.ids_vouched), so the caller may skip them."""
    if markup is None:
        data = _text_path(doc, config, source, ids_checked)
        if data is not None:
            return etree.fromstring(data, _OWN_PARSER), data
    return _export_lxml(doc, config, markup=markup, source=source)


def _export_lxml(doc: Document, config: dict | None = None, *, markup: Markup | None = None,
                 source: dict | None = None) -> tuple[etree._Element, bytes]:
    """The lxml path: the tree built element by element, then serialised by libxml2."""
    try:
        root = build_tree(doc, config, markup=markup, source=source)
    except ValueError as exc:
        if "XML compatible" in str(exc):
            bad = next((b.id for b in doc.blocks() if not _xml_ok(b.text)), "?")
            raise ValueError(f"document {doc.id}, block {bad}: text holds a character XML 1.0 cannot carry") from None
        raise
    etree.cleanup_namespaces(root)
    _indent(root)
    return root, etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _xml_ok(s: str) -> bool:
    for ch in s:
        c = ord(ch)
        if not (c in (0x9, 0xA, 0xD) or 0x20 <= c <= 0xD7FF or 0xE000 <= c <= 0xFFFD or 0x10000 <= c <= 0x10FFFF):
            return False
    return True
