"""Hostile raw pages through the whole chain: raw -> document JSON -> TEI -> text.

Never a crash, never invalid JSON, never ill-formed or invalid XML, never a lost character."""
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from corpus import jsonio
from corpus.text import raw as rawtext
from corpus.tei import export as tei
from corpus.tei import read as teiread
from corpus.tei import validate as teivalidate
from corpus.document import validate
from corpus.errors import InputError
from corpus.document.model import Document, reconstruct
from corpus.document.pipeline import process

from test_clean_hostile import page, refusal_is_warranted  # the same hostile pages the cleaner is tested with


def run_chain(data: bytes):
    try:
        raw = rawtext.decode(data, "h.txt")
    except InputError as exc:
        assert exc.message and exc.where == "h.txt" and refusal_is_warranted(data, exc), exc.message
        return None
    doc = process(raw)
    text = json.loads(jsonio.dumps(doc.to_dict()))  # real JSON, parsed back
    assert validate.validate_data(text, "h.json", raw) == []
    back = Document.from_dict(text)
    assert back == doc
    assert reconstruct(back) == data.decode("utf-8-sig")
    xml = tei.export(back, {})
    etree.fromstring(xml)  # well-formed
    errs = teivalidate.validate_tei(xml, "h.xml", tei_all=True)
    assert errs == [], errs[:5]
    assert teiread.read_text(xml) == back.text()
    return doc


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page, st.booleans())
def test_hostile_pages_survive_the_whole_chain(text, bom):
    run_chain((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode_survives_the_whole_chain(text):
    run_chain(text.encode("utf-8"))


def test_a_huge_line_with_marks():
    line = ("قال \u200fالمتحدث\u200e " * 5000) + "."
    doc = run_chain(("عنوان\n\n" + line + "\n").encode())
    assert doc is not None and any(len(b.text) > 50000 for b in doc.blocks())
