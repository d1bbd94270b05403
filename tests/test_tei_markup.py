"""The annotation hook of the TEI exporter: nested inline spans, anchors, standOff, header slots."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from corpus.tei import export as tei
from corpus.tei import read as teiread
from corpus.tei import validate as teivalidate
from corpus.document.model import Block, Comment, Document, Source, Span
from corpus.tei.export import Anchor, InlineSpan, Markup

CONFIG = json.loads((Path(__file__).resolve().parents[1] / "corpus.json").read_text(encoding="utf-8"))
NS = {"t": tei.TEI_NS}
P1 = "قال محمد شياع السوداني في بغداد إن القوات ستغادر"


@pytest.fixture(scope="session")
def validator():
    return teivalidate.validator(True)


def doc_with(*texts, comment=None):
    art = [Block("t1", "title", "عنوان", Span(1, 0, 5))]
    art += [Block(f"p{i}", "paragraph", t, Span(i + 2, 0, len(t))) for i, t in enumerate(texts)]
    comments = ()
    if comment is not None:
        comments = (Comment("c1", (Block("c1-a", "comment-author", "أبو علي", Span(50, 0, 7)),
                                   Block("c1-p", "comment-paragraph", comment, Span(51, 0, len(comment))))),)
    src = Source("x.txt", "a" * 64, 10, False, "LF", 60)
    return Document("doc9", src, "generic", (), {}, tuple(art), comments, ())


def render(text, spans, anchors=()):
    e = tei.el("p")
    tei.render_inline(e, text, spans, [Anchor(*a) for a in anchors])
    return e


def chars(e):
    return "".join(e.itertext())


def test_nested_spans_render_with_correct_text_and_tail():
    per, gpe = P1.index("محمد شياع السوداني"), P1.index("بغداد")
    e = render(P1, [InlineSpan("p", per, per + 18, "persName", {"ref": "#per1"}), InlineSpan("p", per, per + 4, "seg"),
                    InlineSpan("p", gpe, gpe + 5, "placeName", {"ref": "#gpe1"})])
    assert etree.tostring(e, encoding="unicode").split(">", 1)[1] == (
        'قال <persName ref="#per1"><seg>محمد</seg> شياع السوداني</persName> في '
        '<placeName ref="#gpe1">بغداد</placeName> إن القوات ستغادر</p>')


def test_equal_ranges_nest_in_list_order():
    e = render("بغداد", [InlineSpan("p", 0, 5, "placeName"), InlineSpan("p", 0, 5, "rs", {"type": "city"})])
    assert e[0].tag == tei.T + "placeName" and e[0][0].tag == tei.T + "rs" and e[0][0].text == "بغداد"


def test_zero_length_span_and_anchors_order():
    e = render("abcdef", [InlineSpan("p", 1, 3, "seg"), InlineSpan("p", 3, 3, "gap")], [("p", 3, "a3"), ("p", 1, "a1")])
    # at offset 3: the seg closes, the anchor is placed, then the empty gap opens and closes
    assert [etree.QName(c).localname for c in e] == ["anchor", "seg", "anchor", "gap"]
    assert chars(e) == "abcdef"


def test_crossing_spans_are_an_error_naming_both():
    with pytest.raises(ValueError) as ei:
        render(P1, [InlineSpan("p", 4, 14, "persName"), InlineSpan("p", 9, 23, "orgName")])
    msg = str(ei.value)
    assert "<orgName> p[9:23]" in msg and "<persName> p[4:14]" in msg and "standOff" in msg


@pytest.mark.parametrize("span", [InlineSpan("p", -1, 2, "seg"), InlineSpan("p", 3, 2, "seg"),
                                  InlineSpan("p", 0, len(P1) + 1, "seg")])
def test_out_of_range_span_is_an_error(span):
    with pytest.raises(ValueError, match="out of range"):
        render(P1, [span])


def test_unknown_block_and_bad_names_are_errors():
    doc = doc_with(P1)
    with pytest.raises(ValueError, match="names block 'p7'"):
        tei.export(doc, CONFIG, markup=Markup(inline=[InlineSpan("p7", 0, 1, "seg")]))
    with pytest.raises(ValueError, match="names block 'zz'"):
        tei.export(doc, CONFIG, markup=Markup(anchors=[("zz", 0, "a")]))
    with pytest.raises(ValueError, match="element name"):
        tei.export(doc, CONFIG, markup=Markup(inline=[InlineSpan("p0", 0, 1, "tei:seg")]))
    with pytest.raises(ValueError, match="Markup.header: unknown container 'fileDesc'"):
        tei.export(doc, CONFIG, markup=Markup(header={"fileDesc": [tei.el("p")]}))


def test_error_names_document_and_block():
    with pytest.raises(ValueError, match=r"document doc9, block p0: span .* crosses"):
        tei.export(doc_with(P1), CONFIG, markup=Markup(inline=[InlineSpan("p0", 0, 5, "seg"), InlineSpan("p0", 2, 8, "rs")]))


def test_duplicate_xml_id_from_markup_is_an_error():
    m = Markup(anchors=[("p0", 0, "doc9.p0")])
    with pytest.raises(ValueError, match="duplicate xml:id doc9.p0"):
        tei.export(doc_with(P1), CONFIG, markup=m)


def full_markup():
    a, b = "doc9.ann.a1", "doc9.ann.a2"
    return Markup(
        inline=[InlineSpan("p0", 4, 22, "persName", {"ref": "#doc9.per1", "xml:id": "doc9.ann.n1"}),
                InlineSpan("p0", 26, 31, "placeName", {"ref": "#doc9.gpe1"}),
                InlineSpan("p1", 0, 15, "said", {"who": "#doc9.per1"}),
                InlineSpan("p1", 1, 14, "quote", {"corresp": "#doc9.per1"}),
                InlineSpan("c1-a", 0, 7, "persName"), InlineSpan("c1-p", 0, 3, "date", {"when": "2021"})],
        anchors=[("p0", 0, a), ("p1", 4, b)],
        standoff=[tei.el("listPerson", None, children=[tei.el("person", {"xml:id": "doc9.per1"}, children=[
                      tei.el("persName", {"xml:lang": "ar"}, "محمد شياع السوداني")])]),
                  tei.el("listPlace", None, children=[tei.el("place", {"xml:id": "doc9.gpe1"}, children=[
                      tei.el("placeName", None, "بغداد")])]),
                  tei.el("spanGrp", {"type": "QUOTE"}, children=[tei.el("span", {"from": f"#{a}", "to": f"#{b}"})])],
        header={"respStmt": [tei.el("resp", None, "annotation"), tei.el("name", None, "lead")],
                "classDecl": [tei.el("taxonomy", {"xml:id": "doc9.tax"}, children=[
                    tei.el("category", {"xml:id": "doc9.cat.PER"}, children=[tei.el("catDesc", None, "persons")])])],
                "particDesc": [tei.el("listPerson", None, children=[tei.el("person", None, children=[
                    tei.el("persName", None, "أبو علي")])])]},
    )


def test_full_markup_is_valid_and_keeps_text(validator):
    doc = doc_with(P1, "«الانسحاب قريب» قال", comment="٢٠٢١ سنة")
    xml = tei.export(doc, CONFIG, markup=full_markup())
    errs = validator.validate(xml, "m.xml")
    assert errs == [], errs
    assert teiread.read_text(xml) == doc.text()
    root = etree.fromstring(xml)
    assert [etree.QName(c).localname for c in root] == ["teiHeader", "text", "standOff"]
    assert root.find(".//t:titleStmt/t:respStmt[t:name='lead']", NS) is not None
    assert root.find(".//t:encodingDesc/t:classDecl/t:taxonomy", NS) is not None
    assert root.find(".//t:profileDesc/t:particDesc/t:listPerson", NS) is not None
    usage = {u.get("gi"): u.get("occurs") for u in root.iterfind(".//t:tagUsage", NS)}
    assert usage["persName"] == "2" and usage["anchor"] == "2"


def test_markup_reads_back_as_given():
    m = full_markup()
    xml = tei.export(doc_with(P1, "«الانسحاب قريب» قال", comment="٢٠٢١ سنة"), CONFIG, markup=m)
    spans, anchors = teiread.read_markup(xml)
    key = lambda s: (s.block_id, s.start, -s.end)  # noqa: E731
    assert sorted(spans, key=key) == sorted(m.inline, key=key)
    assert sorted(anchors) == sorted(Anchor(*a) for a in m.anchors)


def test_export_with_markup_is_deterministic():
    doc = doc_with(P1, "«الانسحاب قريب» قال", comment="٢٠٢١ سنة")
    m1 = full_markup()
    m2 = full_markup()
    m2.header = dict(reversed(list(m2.header.items())))
    assert tei.export(doc, CONFIG, markup=m1) == tei.export(doc, CONFIG, markup=m2)


# -- property: random properly nested spans never change the text ----------------------------


TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff"
                             + "".join(chr(i) for i in range(1, 32) if i not in (9, 10))), min_size=0, max_size=40)


def _crosses(a, b):
    return a[0] < b[0] < a[1] < b[1] or b[0] < a[0] < b[1] < a[1]


@st.composite
def nested_markup(draw):
    text = draw(TEXT)
    n = len(text)
    pairs = draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)), max_size=12))
    kept = []
    for s, e in pairs:
        iv = (min(s, e), max(s, e))
        if not any(_crosses(iv, k) for k in kept):
            kept.append(iv)
    tags = draw(st.lists(st.sampled_from(["persName", "orgName", "placeName", "date", "seg", "rs"]),
                         min_size=len(kept), max_size=len(kept)))
    spans = [InlineSpan("p0", s, e, t, {"n": str(i)}) for i, ((s, e), t) in enumerate(zip(kept, tags))]
    offs = draw(st.lists(st.integers(0, n), max_size=4))
    anchors = [("p0", o, f"doc9.a{i}") for i, o in enumerate(offs)]
    return text, spans, anchors


@settings(max_examples=300, deadline=None)
@given(nested_markup())
def test_random_nested_spans_never_change_the_text(data):
    text, spans, anchors = data
    e = render(text, spans, anchors)
    assert chars(e) == text
    # every element covers exactly its span's text
    for el in e.iter(tei.T + "seg", tei.T + "persName", tei.T + "orgName", tei.T + "placeName", tei.T + "date",
                     tei.T + "rs"):
        s = spans[int(el.get("n"))]
        assert chars(el) == text[s.start:s.end]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(nested_markup())
def test_random_nested_markup_exports_valid_and_reads_back(validator, data):
    text, spans, anchors = data
    doc = doc_with(text)
    xml = tei.export(doc, CONFIG, markup=Markup(inline=spans, anchors=anchors))
    assert validator.validate(xml, "r.xml") == []
    assert teiread.read_blocks(xml) == [(b.id, b.text) for b in doc.blocks()]
    got, got_anchors = teiread.read_markup(xml)
    assert sorted((s.start, s.end, s.tag, s.attrs["n"]) for s in got) == sorted(
        (s.start, s.end, s.tag, s.attrs["n"]) for s in spans)
    assert sorted(got_anchors) == sorted(Anchor(*a) for a in anchors)


@settings(max_examples=150, deadline=None)
@given(TEXT.filter(lambda t: len(t) >= 3), st.data())
def test_any_crossing_pair_is_rejected(text, data):
    n = len(text)
    a = data.draw(st.integers(0, n - 3))
    b = data.draw(st.integers(a + 1, n - 2))
    c = data.draw(st.integers(a + 1, b))
    d = data.draw(st.integers(b + 1, n))
    assume(a < c < b < d)
    with pytest.raises(ValueError, match="crosses"):
        render(text, [InlineSpan("p", a, b, "seg"), InlineSpan("p", c, d, "rs")])
