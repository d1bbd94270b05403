"""The TEI exporter's text path gives exactly the bytes of its lxml path (corpus.tei.export, _Node).

The text path builds the file as strings (a speed change: bench/bench.py); the lxml path builds the
element tree and lets libxml2 serialise it.  These tests pin the two together on hostile strings
(characters XML cannot carry, CR/LF/TAB, quotes, ``]]>``, bidi and zero-width marks, lone combining
marks, astral characters) in every place a string reaches the file (block texts, metadata values
and texts, removed-span rules and reasons, source fields, configuration), and on every real page of
the repository: where the lxml path fails, the text path stands aside and the same error comes out."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from corpus.document import pipeline
from corpus.document.model import Block, Comment, Document, Meta, Removed, Source, Span
from corpus.tei import export as tei
from corpus.tei import textpath
from corpus.tei import validate as teivalidate
from corpus.text import sources
from corpus.text.raw import CharEdit

ROOT = Path(__file__).resolve().parents[1]
CONFIG = json.loads((ROOT / "corpus.json").read_text(encoding="utf-8"))

XML_BAD = "\x00\x01\x08\x0b\x0c\x1b\x1f\ufffe\uffff\ud800\udfff"
HOSTILE_CHARS = (XML_BAD + "\t\n\r\x85\u2028\u2029\"'&<>]" + "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067"
                 "\u2068\u2069\u061c\u200b\u200c\u200d\ufeff\u00ad" + "\u0301\u064b\u0651\u0670\u0654"
                 + "𝔸😀\U0010fffd\U000e0001\ufdd0\ufffd\u00a0 " + "ابتثةىءأإآلا٠٩")
PIECES = st.sampled_from(["]]>", "<![CDATA[", "&amp;", "&#x41;", "\r\n", "<!--", "?>", "xml:id=\"x\"", ' xml:id="doc.b1"'])
#: hostile characters and pieces; the XML-forbidden ones come in through one string (see POISON)
TEXT = st.lists(st.one_of(st.text(st.sampled_from(HOSTILE_CHARS.replace(XML_BAD, "")), max_size=6), PIECES,
                          st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff"
                                                + "".join(chr(i) for i in range(32) if i not in (9, 10, 13))),
                                  max_size=3)),
                max_size=5).map("".join)
#: (where, character): one character XML cannot carry, put into one kind of string, or none at all
POISON = st.one_of(st.none(), st.none(), st.tuples(
    st.sampled_from(["block", "comment", "meta-value", "meta-text", "removed", "edit", "source", "config"]),
    st.sampled_from(XML_BAD)))
CLEAN_TEXT = st.text(st.sampled_from(HOSTILE_CHARS.replace(XML_BAD, "")), max_size=20)
ROLES = ["section", "kicker", "title", "date", "dateline", "byline", "heading", "paragraph", "caption", "credit"]
CROLES = ["comment-title", "comment-author", "comment-place", "comment-date", "comment-paragraph"]


def _doc(arts, coms, meta, removed, edits, file="000_test.txt") -> Document:
    art = [Block(f"b{i}", r, t, Span(i + 1, 0, len(t)), g if r in ("caption", "credit") else None)
           for i, (r, t, g) in enumerate(arts)]
    comments = [Comment(f"c{k}", tuple(Block(f"c{k}-{i}", r, t, Span(100 + 10 * k + i, 0, len(t)))
                                      for i, (r, t) in enumerate(cb))) for k, cb in enumerate(coms)]
    metadata = {k: Meta(v, t, Span(1, 0, len(t)), "rule") for k, (v, t) in meta.items()}
    rem = [Removed(Span(200 + i, 0, len(t)), t, rule, reason) for i, (t, rule, reason) in enumerate(removed)]
    ce = [CharEdit(1, i, "\u200f", rule) for i, rule in enumerate(edits)]
    src = Source(file, "0123456789abcdef" * 4, 1234, False, "LF", 300)
    return Document("doc000_test", src, "generic", ("structure",), metadata, tuple(art), tuple(comments),
                    tuple(rem), char_edits=tuple(ce))


def _lxml(doc, config, source):
    try:
        return tei._export_lxml(doc, config, source=source)[1], None
    except (ValueError, TypeError) as exc:
        return None, exc


def _pinned(doc, config, source, must_take_text_path: bool) -> None:
    want, error = _lxml(doc, config, source)
    want_tree = tei._export_lxml(doc, config, source=source)[0] if error is None else None
    got = tei._text_path(doc, config, source)
    if error is not None:  # the text path stands aside; export gives lxml's error
        assert got is None
        with pytest.raises(type(error)) as exc:
            tei.export(doc, config, source=source)
        assert str(exc.value) == str(error)
        return
    if got is not None or must_take_text_path:
        assert got == want
    assert tei.export(doc, config, source=source) == want
    checked: list = []
    tree, data = tei.export_tree(doc, config, source=source, ids_checked=checked)
    assert data == want
    if checked == [True]:  # the text path vouched for the id rules: the full check finds nothing either
        assert teivalidate.semantic_errors(tree, "f.xml") == []
    # the tree the build validates: the same infoset as the lxml tree (an empty text and no text
    # are one thing once parsed: <label></label> reads back as <label/>, so compare canonical forms)
    assert etree.tostring(tree, method="c14n") == etree.tostring(want_tree, method="c14n")
    return checked


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(ROLES), TEXT, st.sampled_from([None, "f1", "f2"])), max_size=8),
       st.lists(st.lists(st.tuples(st.sampled_from(CROLES), TEXT), max_size=4), max_size=3),
       st.dictionaries(st.sampled_from(["date", "site", "title", "section"]), st.tuples(TEXT, TEXT), max_size=3),
       st.lists(st.tuples(TEXT, TEXT, TEXT), max_size=4), st.lists(TEXT, max_size=3),
       st.dictionaries(st.sampled_from(["url", "captured", "site"]), TEXT, max_size=3),
       st.dictionaries(st.sampled_from(["title", "title_ar", "description", "publisher", "name", "version"]),
                       st.one_of(TEXT, TEXT, TEXT, st.integers(), st.none()), max_size=3),
       POISON)
def test_text_path_gives_the_lxml_bytes_on_hostile_strings(arts, coms, meta, removed, edits, source, cfg, poison):
    if poison is not None:
        where, ch = poison
        if where == "block":
            arts = arts + [("paragraph", "x" + ch, None)]
        elif where == "comment":
            coms = coms + [[("comment-paragraph", ch + "x")]]
        elif where in ("meta-value", "meta-text"):
            meta = {**meta, "date": ("2021" + ch, "t") if where == "meta-value" else ("2021", "t" + ch)}
        elif where == "removed":
            removed = removed + [("r", "rule" + ch, "reason")]
        elif where == "edit":
            edits = edits + ["rule" + ch]
        elif where == "source":
            source = {**source, "url": "https://x/" + ch}
        else:
            cfg = {**cfg, "title": "T" + ch}
    doc = _doc(arts, coms, meta, removed, edits)
    strings = [t for _, t, _ in arts] + [t for cb in coms for _, t in cb] + [s for v in meta.values() for s in v] \
        + [s for r in removed for s in r] + list(edits) + list(source.values()) \
        + [v for v in cfg.values() if isinstance(v, str)]
    ints = any(isinstance(v, int) for v in cfg.values())
    _pinned(doc, {**CONFIG, **cfg}, source, must_take_text_path=poison is None and not ints and not any(
        ' xml:id="' in s for s in strings))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(ROLES), CLEAN_TEXT, st.just(None)), min_size=1, max_size=6))
def test_clean_documents_take_the_text_path(arts):
    """The text path is not a dead branch: a document of XML-safe strings always takes it."""
    doc = _doc(arts, [], {}, [], [])
    assert tei._text_path(doc, CONFIG, None) is not None
    _pinned(doc, CONFIG, None, must_take_text_path=True)


def test_every_character_is_escaped_as_libxml2_escapes_it():
    """Each code point (the BMP and a sample of the astral planes), in text and in an attribute."""
    chars = [c for c in map(chr, list(range(0x10000)) + list(range(0x10000, 0x110000, 251)))
             if not ("\ud800" <= c <= "\udfff" or c in "\ufffe\uffff" or (c < " " and c not in "\t\n\r"))]
    for i in range(0, len(chars), 4096):
        chunk = "".join(chars[i:i + 4096])
        e = etree.Element("p", a=chunk)
        e.text = chunk
        assert etree.tostring(e, encoding="UTF-8").decode() == f'<p a="{textpath.esc_attr(chunk)}">{textpath.esc_text(chunk)}</p>'


def test_same_document_id_twice_goes_to_the_lxml_path_and_its_error():
    doc = _doc([("paragraph", "a", None), ("paragraph", "b", None)], [], {}, [], [])
    dup = Document(doc.id, doc.source, doc.profile, doc.profile_evidence, {},
                   (doc.article[0], Block("b0", "paragraph", "c", Span(3, 0, 1))), (), ())
    assert tei._text_path(dup, CONFIG, None) is None
    with pytest.raises(ValueError, match="duplicate xml:id"):
        tei.export(dup, CONFIG)


def _real_pages():
    for folder in [ROOT / "seeds", *sorted((ROOT / "tests/unseen").iterdir()), *sorted((ROOT / "tests/unseen-html").iterdir())]:
        if folder.is_dir():
            for p in sorted(folder.iterdir()):
                if p.suffix in (".txt", ".html"):
                    yield p


def test_every_real_page_takes_the_text_path_with_the_lxml_bytes():
    pages = list(_real_pages())
    assert len(pages) > 150
    for p in pages:
        doc = pipeline.process(sources.decode(p.read_bytes(), p.name))
        source = {"url": "https://example.org/a?b=1&c=<2>", "captured": "2021-11-20", "site": "موقع \"الخبر\""}
        assert tei._text_path(doc, CONFIG, source) is not None, p
        assert _pinned(doc, CONFIG, source, must_take_text_path=True) == [True], p  # ids vouched for


class _Odd(str):
    """A str subclass: the configuration key refuses it (it could format itself another way)."""


def test_header_parts_cached_per_configuration_give_the_lxml_bytes():
    """The configuration-fixed header parts are serialised once per configuration (tei.export._fixed):
    documents after the first, a configuration that comes back, configurations that differ only in a
    type (1 and True, "1" and 1) and one the cache refuses all give the lxml path's bytes."""
    docs = [_doc([("title", "عنوان", None), ("paragraph", "نص", None)], [], {}, [], []),
            _doc([("paragraph", "نص آخر", None)], [[("comment-paragraph", "تعليق")]], {}, [("x", "r", "why")], ["bidi"],
                 file="001_other.txt")]
    configs = [CONFIG, {}, {**CONFIG, "version": 1}, {**CONFIG, "version": True}, {**CONFIG, "version": "1"},
               {**CONFIG, "description": "a < b & c"}, {**CONFIG, "name": _Odd("odd")},
               {**CONFIG, "authors": [{"name": "A"}, {"given_names": "B", "family_names": "C", "orcid": "0000"}]}, CONFIG]
    for config in configs + configs[::-1]:
        for doc in docs:
            _pinned(doc, config, None, must_take_text_path=not isinstance(config.get("version"), (int, bool))
                    and type(config.get("name", "")) is str)
    assert textpath.config_key({"name": _Odd("odd")}) is None
    assert textpath.config_key({"version": 1}) != textpath.config_key({"version": True})
    assert len(textpath.FROZEN) <= textpath.FROZEN_MAX


ID_CHARS = st.sampled_from(list("abc_-.·١٢ك") + ["&", "<", '"', "-rtl", ".", "x.y"])


@settings(max_examples=150, deadline=None)
@given(st.lists(ID_CHARS, min_size=1, max_size=6).map("".join),
       st.lists(st.lists(ID_CHARS, min_size=1, max_size=5).map("".join), min_size=1, max_size=5),
       st.lists(st.sampled_from(["", ' xml:id="x"', ' xml:id="doc.b1"', "<rendition", "نص"]), min_size=1, max_size=5))
def test_ids_vouched_only_when_the_full_id_check_passes(doc_id, block_ids, texts):
    """textpath.ids_vouched lets the build skip corpus.tei.validate.semantic_errors: whenever it says
    yes, the full check on the parsed file finds nothing, whatever the document and block ids (odd
    characters, a block id that is the rendition's, ids repeated) and texts that spell out ids."""
    import dataclasses

    doc = _doc([("paragraph", texts[i % len(texts)], None) for i in range(len(block_ids))], [], {}, [], [])
    doc = dataclasses.replace(doc, id=doc_id, article=tuple(dataclasses.replace(b, id=bid) for b, bid in
                                                             zip(doc.article, block_ids)))
    checked: list = []
    try:
        tree, data = tei.export_tree(doc, CONFIG, ids_checked=checked)
    except (ValueError, TypeError, etree.XMLSyntaxError):  # an id that is no NCName: no file to check
        return
    if checked == [True]:
        assert teivalidate.semantic_errors(etree.fromstring(data, tei._OWN_PARSER), "f.xml") == []
        assert teivalidate.semantic_errors(tree, "f.xml") == []


def test_ids_vouched_refuses_what_the_full_check_refuses():
    doc = _doc([("paragraph", "نص", None), ("paragraph", "آخر", None)], [], {}, [], [])
    text = tei.export(doc, CONFIG).decode()
    ids = textpath._XML_ID_ATTR.findall(text)
    assert textpath.ids_vouched(text, ids)
    bad = text.replace('xml:id="doc000_test.b1"', 'xml:id="other.b1"')  # a block without the document prefix
    assert not textpath.ids_vouched(bad, textpath._XML_ID_ATTR.findall(bad))
    assert teivalidate.semantic_errors(etree.fromstring(bad.encode(), tei._OWN_PARSER), "f.xml")
    moved = text.replace('<rendition xml:id="doc000_test-rtl" scheme="css">', '<rendition corresp="raw:0,1:0-1" xml:id="doc000_test-rtl" scheme="css">')
    assert not textpath.ids_vouched(moved, textpath._XML_ID_ATTR.findall(moved))
