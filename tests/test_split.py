"""From labels to Documents: exact reconstruction, ids, spans, figures, comments, metadata."""
import re

import pytest

from corpus.text import raw as rawtext
from corpus.document.model import Document, reconstruct
from corpus.document.pipeline import process, process_file
from corpus.document.split import ROLE_PREFIX

ALL = ["seeds/000_d149adc8417d1233.txt", "seeds/001_868e95aa441b7ad2.txt", "seeds/002_b4a12e420ae2588d.txt",
       "seeds/003_e2efb4d8f62f8383.txt", "seeds/004_2bbfc112856ad857.txt"]
NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


@pytest.mark.parametrize("site", [True, False])
@pytest.mark.parametrize("path", ALL)
def test_reconstructs_raw_text_exactly(path, site):
    doc = process_file(path, site_profiles=site)
    data = open(path, "rb").read()
    assert reconstruct(doc) == data.decode("utf-8-sig")


@pytest.mark.parametrize("path", ALL)
def test_spans_ids_and_json_round_trip(path):
    raw = rawtext.read(path)
    doc = process(raw)
    ids = [b.id for b in doc.blocks()] + [c.id for c in doc.comments]
    assert len(ids) == len(set(ids)) and all(NCNAME.match(i) for i in ids)
    for b in doc.blocks():
        assert raw.line(b.src.line).text[b.src.start:b.src.end] == b.text
        assert b.text == b.text.strip()
    for m in doc.metadata.values():
        assert raw.line(m.src.line).text[m.src.start:m.src.end] == m.text
    assert Document.from_dict(doc.to_dict()) == doc
    # deterministic
    assert process(raw).to_dict() == doc.to_dict()


def test_reading_order_and_id_scheme():
    doc = process_file(ALL[1])
    lines = [(b.src.line, b.src.start) for b in doc.article]
    assert lines == sorted(lines)
    assert [b.id for b in doc.article[:6]] == ["s1", "k1", "t1", "f1.cr", "f1.cap", "p1"]
    assert doc.comments[0].id == "c1"
    assert [b.id for b in doc.comments[0].blocks] == ["c1.t1", "c1.a1", "c1.pl1", "c1.p1"]
    for b in doc.article:
        if b.role not in ("caption", "credit"):
            assert re.fullmatch(ROLE_PREFIX[b.role] + r"\d+", b.id)
    assert doc.text() == "\n".join(b.text for b in doc.blocks())


def test_whitespace_and_separators_are_recorded():
    doc = process_file(ALL[4])
    ws = {(w.line, w.start, w.text) for w in doc.whitespace}
    assert (3, 0, "  ") in ws and (3, 3, " ") in ws
    assert any(r.src.line == 3 and r.text == "•" for r in doc.removed)
    doc0 = process_file(ALL[0])
    # a teaser's leading no-break space is layout, the removed span starts at the text
    assert (39, 0, "\u00a0") in {(w.line, w.start, w.text) for w in doc0.whitespace}
    assert next(r for r in doc0.removed if r.src.line == 39).src.start == 1


def test_crlf_bom_and_char_edits_survive():
    data = "\ufeffعنوان\u200f المقال\r\n\r\nنص المقال الأول، وهو فقرة كاملة من المقال.\r\nWeb\r\n".encode()
    raw = rawtext.decode(data, "x.txt")
    doc = process(raw)
    assert doc.source.bom and doc.source.newline == "CRLF"
    assert doc.char_edits and doc.char_edits[0].char == "\u200f"
    assert doc.title == "عنوان المقال"
    assert reconstruct(doc) == data.decode("utf-8-sig")


def test_nfc_changed_line_round_trips():
    decomposed = "عنوان مع همزة \u0627\u0654 هنا\nنص المقال الأول، وهو فقرة كاملة من المقال.\n"
    raw = rawtext.decode(decomposed.encode(), "n.txt")
    doc = process(raw)
    assert doc.nfc_lines and reconstruct(doc) == decomposed
