"""Document ids for any file name: stable for the bundled seeds, readable in Arabic and Persian, valid
xml:ids (xsd:ID as libxml2 checks it, the fourth-edition XML name rules) and safe file names; two files
that would share an id are found."""
from __future__ import annotations

import unicodedata
from xml.sax.saxutils import quoteattr

import pytest
from hypothesis import given, settings, strategies as st
from lxml import etree

from corpus.document import ncname
from corpus.document.model import MAX_ID_BYTES, doc_id_for, id_collisions

XSD_ID = etree.RelaxNG(etree.XML(
    '<element name="a" xmlns="http://relaxng.org/ns/structure/1.0" '
    'datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes"><attribute name="id"><data type="ID"/></attribute>'
    '</element>'))


def valid_xml_id(value: str) -> bool:
    """What tei_all.rng's xsd:ID check says (lxml/libxml2), with no white space to collapse."""
    if any(c.isspace() for c in value):
        return False
    try:
        return XSD_ID.validate(etree.XML(f"<a id={quoteattr(value)}/>"))
    except etree.XMLSyntaxError:
        return False


def test_the_bundled_seeds_keep_their_ids():
    """Annotations and published releases cite these ids: they never change."""
    names = ["000_d149adc8417d1233.txt", "001_868e95aa441b7ad2.txt", "002_b4a12e420ae2588d.txt",
             "003_e2efb4d8f62f8383.txt", "004_2bbfc112856ad857.txt"]
    assert [doc_id_for(n) for n in names] == ["doc" + n[:-4] for n in names]


@pytest.mark.parametrize("name, expected", [
    ("خبر.txt", "خبر"),
    ("نبأ.txt", "نبأ"),
    ("پژوهش گزارش.txt", "پژوهش_گزارش"),  # Persian letters kept; the space becomes _
    ("می\u200cخواهم.txt", "می_خواهم"),  # ZWNJ is not a name character in XML 1.0 4th edition
    ("a b.txt", "a_b"),
    ("report.2024.v2.txt", "report_2024_v2"),  # '.' separates document and block in xml:ids
    ("Report.TXT", "Report"),
    ("2024-01-01.txt", "doc2024-01-01"),
    ("_draft.txt", "doc_draft"),
    ("١٢٣.txt", "doc١٢٣"),  # Arabic-Indic digits may follow a letter, not start an id
    (".txt", "doc"),
])
def test_readable_ids(name, expected):
    assert doc_id_for(name) == expected
    assert valid_xml_id(doc_id_for(name))


def test_decomposed_names_get_the_same_id_as_composed_ones():
    """macOS stores file names decomposed (NFD); the id must not depend on that."""
    name = "إعلان.txt"
    assert doc_id_for(unicodedata.normalize("NFD", name)) == doc_id_for(name) == "إعلان"


def test_very_long_names_are_cut_and_stay_distinct():
    a, b = "ش" * 300 + "أ.txt", "ش" * 300 + "ب.txt"
    ia, ib = doc_id_for(a), doc_id_for(b)
    assert ia != ib
    assert len(ia.encode("utf-8")) <= MAX_ID_BYTES and len(ib.encode("utf-8")) <= MAX_ID_BYTES
    assert valid_xml_id(ia) and valid_xml_id(ib)
    assert doc_id_for(a) == ia  # stable


def test_collisions_name_every_file():
    clashes = id_collisions(["خبر.txt", "نبأ.txt", "A.txt", "a.txt", "x y.txt", "x_y.txt", "ok.txt"])
    assert clashes == [("A", ["A.txt", "a.txt"]), ("x_y", ["x y.txt", "x_y.txt"])]
    assert id_collisions(["خبر.txt", "نبأ.txt"]) == []  # the case: two Arabic names, once doc___


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=0, max_size=120))
def test_any_file_name_gives_a_valid_id_and_file_name(stem):
    doc_id = doc_id_for(stem + ".txt")
    assert valid_xml_id(doc_id), doc_id
    assert "." not in doc_id and "/" not in doc_id and "\\" not in doc_id
    assert len((doc_id + ".json").encode("utf-8")) <= 255


def test_name_tables_match_libxml2_on_the_arabic_blocks():
    """The stored fourth-edition tables say what libxml2's xsd:ID check says (Arabic, Arabic
    Supplement/Extended-A, presentation forms, a Latin sample)."""
    blocks = [range(0x0600, 0x0780), range(0x08A0, 0x0900), range(0xFB50, 0xFB60), range(0xFE70, 0xFE80),
              range(0x00C0, 0x0100)]
    for block in blocks:
        for c in block:
            ch = chr(c)
            assert ncname.is_name_char(ch) == valid_xml_id("a" + ch), hex(c)
            assert ncname.is_letter(ch) == (valid_xml_id(ch) and ch != "_"), hex(c)


@settings(max_examples=300, deadline=None)
@given(st.characters(min_codepoint=0x80, max_codepoint=0xFFFF, blacklist_categories=("Cs",)))
def test_name_tables_match_libxml2_anywhere(ch):
    assert ncname.is_name_char(ch) == valid_xml_id("a" + ch)
    assert ncname.is_letter(ch) == valid_xml_id(ch)
