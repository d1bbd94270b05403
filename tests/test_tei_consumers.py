"""The TEI exports judged by tools other people wrote (issue 10): the TEI Consortium's XSLT Stylesheets
(HTML and plain text, run by SaxonC-HE) and CETEIcean, rendered in headless Chromium.

Every built seed is converted.  What a reader of the output must get: all the text once and nothing
else (no stand-off material, no quotation marks added, no words glued together), the date of the story
under its title, the comments under a heading with author and place apart, and right-to-left layout.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lhtml

from corpus import jsonio
from corpus.build import run as build
from corpus.document.model import Document
from corpus.tei import export as tei
from corpus.tei.plaintext import block_lines, plain_text

import tei_consumers as tc

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
NS = {"t": tei.TEI_NS}
QUOTES = "\"'“”‘’«»"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The five seeds built with their annotations: {doc_id: (Document, TEI path)}."""
    out = tmp_path_factory.mktemp("consumers")
    report = build.build_corpus(SEEDS, out, annotations_dir=ROOT / "annotations")
    assert report.ok and len(report.documents) == 5
    docs = {}
    for p in sorted((out / "json").glob("*.json")):
        doc = Document.from_dict(jsonio.read_json(p))
        docs[doc.id] = (doc, out / "tei" / f"{doc.id}.xml")
    return docs


@pytest.fixture(scope="module")
def stylesheets():
    return tc.Stylesheets()


@pytest.fixture(scope="module")
def outputs(built, stylesheets):
    """{doc_id: (html, text)} from the stylesheets."""
    return {did: (stylesheets.to_html(path), stylesheets.to_text(path)) for did, (_, path) in built.items()}


DOC_IDS = ["doc000_d149adc8417d1233", "doc001_868e95aa441b7ad2", "doc002_b4a12e420ae2588d",
           "doc003_e2efb4d8f62f8383", "doc004_2bbfc112856ad857"]


def shown_text(doc: Document, heading: bool = True) -> str:
    """What a reader must see of a document: its text without the section label (metadata), the
    byline parts separated, and (``heading``) the comments' heading before the comments."""
    skip = tei.classification_blocks(doc)
    parts = ["\n".join(block_lines(doc.article, skip))]
    if doc.comments and heading:
        parts.append(tei.COMMENTS_HEAD)
    parts += ["\n".join(block_lines(c.blocks, skip)) for c in doc.comments]
    return "\n".join(parts)


BLOCK_TAGS = {"p", "div", "section", "header", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6",
              "li", "ul", "br", "blockquote"}


def html_body_text(html: str) -> str:
    """The text of the stylesheets' rendering of <text>, without the numbers and labels the
    stylesheets generate themselves ("1.", "Figure 1.")."""
    root = lhtml.fromstring(html.encode("utf-8"))
    body = root.find_class("tei_body")[0]
    for e in body.find_class("headingNumber"):
        e.drop_tree()
    for e in body.iter():  # blocks break lines, as a browser shows them
        if isinstance(e.tag, str) and e.tag in BLOCK_TAGS:
            e.text = "\n" + (e.text or "")
            e.tail = "\n" + (e.tail or "")
    text = body.text_content()
    return re.sub(r"Figure \d+\. ", " ", text)


def nows(s: str) -> str:
    return re.sub(r"\s+", "", s)


def boundaries(s: str) -> set[int]:
    """Word boundaries of ``s`` as positions in its non-white-space characters."""
    out, n = set(), 0
    for tok in s.split():
        n += len(tok)
        out.add(n)
    return out


# -- the TEI Stylesheets: plain text ------------------------------------------------------------


@pytest.mark.parametrize("did", DOC_IDS)
def test_stylesheets_text_has_all_text_once_and_nothing_else(did, built, outputs):
    doc, _ = built[did]
    _, text = outputs[did]
    expected = shown_text(doc)
    # every character of the text, in order, once; nothing from the header or <standOff>
    # (the stylesheet puts each text node on its own line, so compare without white space)
    assert nows(text) == nows(expected)
    # no glued words: every word boundary of the text is a boundary in the output
    assert boundaries(expected) <= boundaries(text)


# -- the TEI Stylesheets: HTML ------------------------------------------------------------------


@pytest.mark.parametrize("did", DOC_IDS)
def test_stylesheets_html_has_all_words_once_and_nothing_else(did, built, outputs):
    doc, _ = built[did]
    html, _ = outputs[did]
    got = html_body_text(html)
    expected = shown_text(doc)
    # the same words (so: no glued words, no stand-off text, no quotation marks added), each once
    assert Counter(got.split()) == Counter(expected.split())
    assert sum(got.count(q) for q in QUOTES) == sum(expected.count(q) for q in QUOTES)


@pytest.mark.parametrize("did", ["doc003_e2efb4d8f62f8383", "doc004_2bbfc112856ad857"])
def test_stylesheets_html_shows_the_date_under_the_title(did, built, outputs):
    doc, _ = built[did]
    html, _ = outputs[did]
    got = html_body_text(html)
    title = next(b.text for b in doc.article if b.role == "title")
    date = next(b.text for b in doc.article if b.role == "date")
    first_p = next(b.text for b in doc.article if b.role == "paragraph")
    assert got.index(title) < got.index(date) < got.index(first_p[:20])


def test_stylesheets_html_comments_under_a_heading_with_author_and_place_apart(built, outputs):
    did = "doc001_868e95aa441b7ad2"
    doc, _ = built[did]
    html, _ = outputs[did]
    root = lhtml.fromstring(html.encode("utf-8"))
    section = root.get_element_by_id(f"{did}.comments")
    heading = section.find("header")[0]
    assert heading.tag.startswith("h") and tei.COMMENTS_HEAD in heading.text_content()
    text = section.text_content()
    for c in doc.comments:
        for b in c.blocks:
            assert b.text in text  # every comment is under that heading
    author, place = (b.text for b in doc.comments[0].blocks if b.role in ("comment-author", "comment-place"))
    byline = section.get_element_by_id(f"{did}.c1.a1").getparent()
    assert byline.tag == "div"  # on its own line, apart from the comment's title
    byline = byline.text_content()
    assert byline == author + tei.BYLINE_SEPARATOR + place
    assert author + place not in html_body_text(html)  # "عدنان احسانامريكا" no more
    # comments are not numbered like article sections
    assert len(section.find_class("headingNumber")) == 1


@pytest.mark.parametrize("did", DOC_IDS)
def test_stylesheets_html_has_no_note_labels_and_no_empty_headings(did, outputs):
    html, _ = outputs[did]
    body = html_body_text(html)
    assert "[Note" not in body and "Note:" not in body  # the credit is not a note
    root = lhtml.fromstring(html.encode("utf-8"))
    for h in root.xpath("//*[self::h1 or self::h2 or self::h3 or self::h4]"):
        assert re.sub(r"[\d.\s]", "", h.text_content()), f"empty heading {etree.tostring(h)!r}"


def test_plain_text_export_is_what_the_stylesheets_show(built, outputs):
    for did, (doc, _) in built.items():
        txt = plain_text(doc)
        # the stylesheets' text output less the comments' heading, which is not page text
        assert nows(txt) == nows(shown_text(doc, heading=False))
        assert nows(outputs[did][1]).replace(nows(tei.COMMENTS_HEAD), "", 1) == nows(txt)
        assert boundaries(shown_text(doc, heading=False)) == boundaries(txt)
        for b in doc.blocks():
            if b.id not in tei.classification_blocks(doc):
                assert b.text in txt


# -- Chromium: the stylesheets' HTML and CETEIcean ----------------------------------------------


@pytest.fixture(scope="module")
def chromium():
    if tc.chromium_path() is None:
        pytest.skip("Chromium is not installed and could not be installed here (.ci/run installs it: "
                    "apt-get install -y chromium)")
    return tc.chromium_path()


@pytest.fixture(scope="module")
def rendered(built, outputs, chromium, tmp_path_factory):
    """Every seed as the stylesheets' HTML and as a CETEIcean page, probed in ONE Chromium run, plus
    a control page (an export without its rtl rendition) that must come out left to right."""
    folder = tmp_path_factory.mktemp("chromium")
    pages = {}
    for did, (_, path) in built.items():
        pages[(did, "xslt")] = tc.stylesheet_page(outputs[did][0], folder, did)
        pages[(did, "cetei")] = tc.cetei_page(path.read_text(encoding="utf-8"), folder, did)
    control = etree.parse(str(built[DOC_IDS[1]][1]))
    for e in control.iter():
        e.attrib.pop("rendition", None)
    xml = etree.tostring(control, encoding="unicode")
    pages[("control", "cetei")] = tc.cetei_page(xml, folder, "control")
    got = tc.probe_pages(list(pages.values()), folder)
    return {k: got[p] for k, p in pages.items()}


@pytest.mark.parametrize("did", DOC_IDS)
@pytest.mark.parametrize("view", ["xslt", "cetei"])
def test_chromium_lays_out_article_paragraphs_right_to_left(did, view, built, rendered):
    doc, _ = built[did]
    r = rendered[(did, view)]
    assert r is not None, "the page did not render"
    n_p = sum(1 for b in doc.blocks() if b.role in ("paragraph", "comment-paragraph"))
    assert r["count"] == n_p
    assert set(r["directions"]) == {"rtl"}


def test_chromium_probe_can_fail(rendered):
    # the same document without the rendition is laid out left to right: the probe measures something
    r = rendered[("control", "cetei")]
    assert r["count"] > 0 and set(r["directions"]) == {"ltr"}


@pytest.mark.parametrize("did", DOC_IDS)
def test_cetei_shows_the_text_and_no_stand_off_material(did, built, rendered):
    doc, _ = built[did]
    shown = rendered[(did, "cetei")]["text"]
    expected = shown_text(doc)
    assert Counter(shown.split()) == Counter(expected.split())
    assert "wikidata" not in shown.lower() and not re.search(r"\bQ\d+\b", shown)


@pytest.mark.parametrize("did", DOC_IDS)
def test_stylesheets_page_title_is_the_article_title_alone(did, built, outputs):
    doc, _ = built[did]
    root = lhtml.fromstring(outputs[did][0].encode("utf-8"))
    assert root.findtext(".//title") == doc.title  # not "article — corpus title — Arabic corpus title"
    assert root.find_class("maintitle")[0].text_content() == doc.title
