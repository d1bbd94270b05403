"""Read a corpus TEI file back: block texts, provenance and inline markup.

A block element is an element with an ``xml:id`` and a provenance pointer
``@corresp="raw:P,Q:START-END"`` (docs/tei.md): inside ``<text>``, or a classification label moved to
``profileDesc/textClass/keywords`` (put back in reading order by its raw position).  Its text is all character data under it (markup
nested in it is transparent; XML comments and processing instructions are ignored).  The reader is
the executable definition of the round trip: ``read_text(export(doc)) == doc.text()``.
"""
from __future__ import annotations

import re

from lxml import etree

from corpus.errors import ValidationError
from corpus.document.model import Span
from corpus.tei.export import TEI_NS, XML_ID, XML_NS, Anchor, InlineSpan, merge_by_position

_RAW = re.compile(r"^raw:([0-9]+),([0-9]+):([0-9]+)-([0-9]+)$")
# huge_tree=False keeps libxml2's limits (depth 256, 10 MB per text node): hostile nesting is refused at once
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=False)


def parse(xml, name: str = "<tei>") -> etree._Element:
    """The root element of ``xml`` (bytes, str path-free text, or an element); syntax errors become
    a ValidationError naming the line."""
    if isinstance(xml, etree._Element):
        return xml
    if isinstance(xml, etree._ElementTree):
        return xml.getroot()
    if isinstance(xml, str):
        xml = xml.encode("utf-8") if not xml.lstrip().startswith("<?xml") else re.sub(
            r"^\s*<\?xml[^>]*\?>", "", xml).encode("utf-8")
    try:
        return etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ValidationError(name, f"not well-formed XML: {exc.msg}", line=exc.lineno,
                              hint="regenerate the file with `corpus build`") from None


def _doc_prefix(root) -> str:
    did = root.get(XML_ID)
    return f"{did}." if did else ""


def block_elements(root) -> list[etree._Element]:
    """Block elements in document order."""
    text = root.find(f"{{{TEI_NS}}}text")
    if text is None:
        return []
    blocks = [e for e in text.iter(etree.Element)
              if e.get(XML_ID) is not None and _RAW.match(e.get("corresp") or "")]
    moved = [e for e in root.iterfind(f"{{{TEI_NS}}}teiHeader/{{{TEI_NS}}}profileDesc/{{{TEI_NS}}}textClass/"
                                      f"{{{TEI_NS}}}keywords/{{{TEI_NS}}}term")
             if e.get(XML_ID) is not None and _RAW.match(e.get("corresp") or "")]
    if not moved:
        return blocks

    def pos(e):
        m = _RAW.match(e.get("corresp"))
        return int(m.group(2)), int(m.group(3)), int(m.group(4))

    return merge_by_position(blocks, moved, pos)


def _chars(e) -> str:
    out = [e.text or ""]
    for c in e:
        if isinstance(c.tag, str):
            out.append(_chars(c))
        out.append(c.tail or "")
    return "".join(out)


def _local_id(root, e) -> str:
    pre = _doc_prefix(root)
    xid = e.get(XML_ID)
    return xid[len(pre):] if pre and xid.startswith(pre) else xid


def read_blocks(xml) -> list[tuple[str, str]]:
    """``(block_id, text)`` for every block, in reading order."""
    root = parse(xml)
    return [(_local_id(root, e), _chars(e)) for e in block_elements(root)]


def read_text(xml) -> str:
    """The document text: block texts joined with newlines (= ``Document.text()``)."""
    return "\n".join(t for _, t in read_blocks(xml))


def read_provenance(xml) -> dict[str, Span]:
    """``block_id -> Span`` from the ``raw:`` pointers."""
    root = parse(xml)
    out = {}
    for e in block_elements(root):
        m = _RAW.match(e.get("corresp"))
        out[_local_id(root, e)] = Span(int(m.group(2)), int(m.group(3)), int(m.group(4)))
    return out


def _attrs(e) -> dict[str, str]:
    out = {}
    for k, v in sorted(e.attrib.items()):
        if k.startswith(f"{{{XML_NS}}}"):
            k = "xml:" + k[len(XML_NS) + 2:]
        out[k] = v
    return out


def _tag(e) -> str:
    q = etree.QName(e)
    return q.localname if q.namespace == TEI_NS else e.tag


def read_markup(xml) -> tuple[list[InlineSpan], list[Anchor]]:
    """Inline elements inside blocks as spans (offsets in code points into the block text, outer
    elements first), and ``<anchor>``s with their offsets: the inverse of the exporter's rendering."""
    root = parse(xml)
    spans: list[InlineSpan] = []
    anchors: list[Anchor] = []
    for b in block_elements(root):
        bid = _local_id(root, b)
        pos = len(b.text or "")

        def walk(e):
            nonlocal pos
            for c in e:
                if isinstance(c.tag, str):
                    if _tag(c) == "anchor":
                        anchors.append(Anchor(bid, pos, c.get(XML_ID)))
                    else:
                        start = pos
                        i = len(spans)
                        spans.append(None)
                        pos += len(c.text or "")
                        walk(c)
                        spans[i] = InlineSpan(bid, start, pos, _tag(c), _attrs(c))
                pos += len(c.tail or "")

        walk(b)
    return spans, anchors
