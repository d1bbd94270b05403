"""The TEI exporter's text path: elements as light nodes, written as the bytes libxml2 would write.

Building ~100 lxml elements a document, each attribute set through the C API, cost more than the rest
of the export.  Without annotation markup (which brings lxml elements of its own) the exporter
(corpus.tei.export) builds the same structure from these plain nodes, by the same code (its element
factories), and this module writes the bytes libxml2 would write: the same attribute order, escaping,
empty-element form, indentation and declaration (tests/test_tei_text_path.py pins the two paths
together on hostile strings).  Anything the text path does not vouch for (a character XML cannot
carry, a duplicate xml:id, a name or value that is not a plain string) raises Fallback, and the lxml
path, whose answer (an error, mostly) stands, builds the file.

Also here: Frozen, the bytes of sibling elements that the configuration alone decides, written once
per configuration and indentation level and spliced into every document (the exporter's _fixed).

Imports nothing from the exporter: export -> textpath, one way."""
from __future__ import annotations

import json
import re
from typing import Iterable

TEI_NS = "http://www.tei-c.org/ns/1.0"
T = f"{{{TEI_NS}}}"

#: Elements whose content model has no character data: only these get indentation inside.
ELEMENT_ONLY = frozenset("""TEI teiHeader fileDesc titleStmt respStmt editionStmt extent publicationStmt
availability seriesStmt sourceDesc encodingDesc projectDesc editorialDecl normalization segmentation
interpretation tagsDecl namespace listPrefixDef prefixDef classDecl taxonomy category profileDesc langUsage
notesStmt appInfo application quotation keywords post person
particDesc listPerson person listOrg org listPlace place textClass keywords text body div figure standOff
spanGrp linkGrp listRelation interpGrp""".split())


class Fallback(Exception):
    """The text path cannot vouch for this document: the lxml path builds it."""


class Node:
    """An element of the text path: its TEI local name, its start tag rendered up to the ``>`` (the
    attributes escaped once, in order), text, tail and children."""

    __slots__ = ("name", "head", "text", "tail", "kids")

    def __init__(self, name: str, head: str, text):
        self.name, self.head, self.text, self.tail, self.kids = name, head, text, None, []

    @property
    def tag(self) -> str:  # the Clark name, as lxml gives it (tag counts)
        return T + self.name

    def __len__(self) -> int:
        return len(self.kids)

    def __getitem__(self, i):
        return self.kids[i]

    def __iter__(self):
        return iter(self.kids)

    def append(self, child: "Node") -> None:
        if child.__class__ is not Node:
            raise Fallback
        self.kids.append(child)

    def set(self, key: str, value) -> None:
        if value.__class__ is not str or f' {key}="' in self.head:  # lxml would replace it in place
            raise Fallback
        self.head = start_tag(self.head, {key: value})

    def iter(self):
        yield self
        for k in self.kids:
            yield from k.iter()


#: attribute names the text path has already accepted (bounded: names come from the exporter's code)
_PLAIN_KEYS: set[str] = set()
NAME_CACHE = 512


def start_tag(head: str, attrs: dict) -> str:
    """``head`` followed by `` name="value"`` for each attribute given (None: left out), as libxml2
    writes them."""
    for k, v in attrs.items():
        if v is not None:
            if k not in _PLAIN_KEYS:
                if k.__class__ is not str or not k or k[0] == "{" or (":" in k and not k.startswith("xml:")):
                    raise Fallback  # a Clark name or another prefix: namespaces are the lxml path's job
                if len(_PLAIN_KEYS) < NAME_CACHE:
                    _PLAIN_KEYS.add(k)
            if v.__class__ is not str:
                v = str(v)
            if ATTR_SPECIAL(v):
                v = esc_attr(v)
            head = f'{head} {k}="{v}"'
    return head


def node_el(tag: str, attrs: dict | None = None, text: str | None = None, children: Iterable = ()) -> Node:
    if tag.__class__ is not str or not tag or tag[0] == "{" or ":" in tag:
        raise Fallback
    e = Node(tag, start_tag("<" + tag, attrs) if attrs else "<" + tag, text)
    for c in children:
        e.append(c)
    return e


def node_sub(parent: Node, tag: str, attrs: dict | None = None, text: str | None = None) -> Node:
    e = Node(tag, start_tag("<" + tag, attrs) if attrs else "<" + tag, text)  # tag: a name in the code
    parent.kids.append(e)
    return e


def esc_text(s: str) -> str:
    """Character data as libxml2 writes it in UTF-8: &, <, > and CR escaped, everything else as is."""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def esc_attr(s: str) -> str:
    """An attribute value as libxml2 writes it: also the quote, LF and TAB escaped."""
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
            .replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;"))


ATTR_SPECIAL = re.compile('[&<>\r"\n\t]').search
DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>\n"
#: The characters outside XML 1.0's Char production (lxml refuses them): the C0 controls but TAB, LF
#: and CR, deleted from a copy of the UTF-8 to count them (bytes.translate runs in C); U+FFFE and
#: U+FFFF, looked for in the text; a lone surrogate has no UTF-8 at all.  (A regular expression over the
#: text took ~0.1 ms a document, five times this.)
_C0_NOT_XML = bytes(c for c in range(32) if c not in (9, 10, 13))
#: every xml:id of the text (an attribute value holds no '"'; a text that spells one out only sends
#: the document to the lxml path)
_XML_ID_ATTR = re.compile(' xml:id="([^"]*)"')
_PADS = ["\n" + "  " * i for i in range(64)]


def walk(e: Node, level, w) -> None:
    """Write ``e`` through ``w`` as libxml2 would, indented by _indent's rule (``level``: its depth
    inside indented containers, None below a container that is not indented)."""
    if e.__class__ is Frozen:
        w(e.render(level))
        return
    t, kids = e.text, e.kids
    if t is not None:
        if t.__class__ is not str:
            raise Fallback
        if "&" in t or "<" in t or ">" in t or "\r" in t:
            t = esc_text(t)
    if not kids:
        if t is None:
            w(f"{e.head}/>")
        else:
            w(f"{e.head}>{t}</{e.name}>")
        return
    if (level is not None and e.name in ELEMENT_ONLY and not (t and t.strip())
            and not any(c.tail and c.tail.strip() for c in kids)):
        pad = _PADS[level + 1] if level < 63 else "\n" + "  " * (level + 1)
        w(f"{e.head}>{pad}")
        last = kids[-1]
        for c in kids:
            walk(c, level + 1, w)
            w(pad if c is not last else (_PADS[level] if level < 64 else "\n" + "  " * level))
    else:
        w(f"{e.head}>{t}" if t else f"{e.head}>")
        for c in kids:
            walk(c, None, w)
            tail = c.tail
            if tail:  # set by the exporter's own code: always a string
                w(esc_text(tail) if "&" in tail or "<" in tail or ">" in tail or "\r" in tail else tail)
    w(f"</{e.name}>")


class Frozen(Node):
    """Sibling elements that the configuration alone decides (the project's respStmts, publication
    statement, licences...), built once per configuration and written once per indentation level:
    the text path splices these bytes into every document (see _fixed).  Their tails are None (the
    builders set none), so a container indents around them exactly as around the elements."""

    __slots__ = ("parts", "_rendered")

    def __init__(self, parts: list):
        super().__init__("", "", None)
        self.parts, self._rendered = parts, {}

    def render(self, level) -> str:
        out = self._rendered.get(level)
        if out is None:
            pieces: list[str] = []
            pad = None if level is None else (_PADS[level] if level < 64 else "\n" + "  " * level)
            for i, part in enumerate(self.parts):
                if i and pad is not None:
                    pieces.append(pad)
                walk(part, level, pieces.append)
            out = self._rendered[level] = "".join(pieces)
        return out


def serialise(root: Node, ids_checked: list | None = None) -> bytes:
    """The bytes ``_indent`` then ``etree.tostring(tree, xml_declaration=True, encoding="UTF-8") +
    b"\\n"`` give for the same tree (the indentation is written here, by _indent's rule: inside an
    element-only container, when it holds no other character data, and below the root only through
    indented containers); Fallback where the text path cannot vouch for them.  ``ids_checked``: a
    list that receives ids_vouched's verdict on the written text."""
    out = [DECLARATION]
    head = root.head
    root.head = f'<{root.name} xmlns="{TEI_NS}"' + head[len(root.name) + 1:]
    try:
        walk(root, 0, out.append)
    finally:
        root.head = head
    out.append("\n")
    text = "".join(out)
    ids = _XML_ID_ATTR.findall(text)
    if len(set(ids)) != len(ids):
        raise Fallback
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        raise Fallback from None
    if len(data.translate(None, _C0_NOT_XML)) != len(data) or "\ufffe" in text or "\uffff" in text:
        raise Fallback
    if ids_checked is not None:
        ids_checked.append(ids_vouched(text, ids))
    return data


def ids_vouched(text: str, ids: list[str]) -> bool:
    """Whether the written ``text`` (whose ``ids``, every ` xml:id="..."` in it, are distinct) passes
    what corpus.tei.validate.semantic_errors checks, so that the build need not run it on the parsed
    tree: every xml:id is unique, and every element with a ``raw:`` @corresp has one that begins
    with the document id (the root's) and a dot.  Vouched when the first id is the root's and every
    other one begins with it and a dot, but the rendition's ``<id>-rtl`` on its own element (which
    carries no @corresp).  Ids compare escaped, as written: escaping is one-to-one and keeps
    prefixes.  A ` xml:id="..."` spelled out in a text only adds an id that fails the test: then the
    caller runs the full check, whose answer stands."""
    if not ids:
        return False
    did = ids[0]
    if not text.startswith(f'{DECLARATION}<TEI xmlns="{TEI_NS}" xml:id="{did}"'):
        return False
    prefix, rtl = did + ".", did + "-rtl"
    for i in ids[1:]:
        if not i.startswith(prefix) and (i != rtl or f'<rendition xml:id="{rtl}" scheme="css">' not in text):
            return False
    return True


#: The configuration-fixed parts of the header, serialised: (builder, configuration key) -> Frozen.
#: Bounded: a process builds with one configuration or a few.
FROZEN: dict = {}
FROZEN_MAX = 64


def config_key(config: dict) -> str | None:
    """A string that differs whenever the configuration could change a header byte: its canonical
    JSON, for configuration made of plain JSON types only (exact types: a subclass of str or int
    could format itself another way); None (no cache) for anything else."""
    stack = [config]
    while stack:
        x = stack.pop()
        t = type(x)
        if t is dict:
            if any(type(k) is not str for k in x):
                return None
            stack.extend(x.values())
        elif t is list:
            stack.extend(x)
        elif not (t is str or t is int or t is bool or x is None or t is float):
            return None
    try:
        return json.dumps(config, sort_keys=True, ensure_ascii=False, allow_nan=True)
    except (TypeError, ValueError):
        return None
