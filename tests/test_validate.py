"""Semantic validation catches what the schema cannot: spans, ids, accounting for every character."""
import dataclasses

import pytest

from corpus.text import raw as rawtext
from corpus.document import validate
from corpus.document.model import Block, Document, Removed, Source, Span, Whitespace, reconstruct

RAW = "عنوان الخبر\n\n  فقرة أولى.\nWeb".encode()


def tiny() -> tuple[Document, rawtext.RawText]:
    raw = rawtext.decode(RAW, "t.txt")
    doc = Document(
        id="doc_t",
        source=Source.of(raw),
        profile="generic",
        profile_evidence=(),
        metadata={},
        article=(Block("title", "title", "عنوان الخبر", Span(1, 0, 11)),
                 Block("p1", "paragraph", "فقرة أولى.", Span(3, 2, 12))),
        comments=(),
        removed=(Removed(Span(4, 0, 3), "Web", "chrome.analytics", "analytics stub"),),
        whitespace=(Whitespace(3, 0, "  "),),
    )
    return doc, raw


def test_a_correct_document_is_valid_and_rebuilds_the_raw_text():
    doc, raw = tiny()
    assert validate.validate_data(doc.to_dict(), "t.json", raw) == []
    assert reconstruct(doc) == RAW.decode()
    assert doc.text() == "عنوان الخبر\nفقرة أولى."


def problems(doc, raw):
    return [p.format() for p in validate.validate_data(doc.to_dict(), "t.json", raw)]


def test_wrong_offsets_are_named_with_the_json_path():
    doc, raw = tiny()
    bad = dataclasses.replace(doc.article[1], src=Span(3, 1, 11))
    doc = dataclasses.replace(doc, article=(doc.article[0], bad))
    out = problems(doc, raw)
    assert any("$.article[1].src" in p and "t.txt:3:1-11" in p for p in out), out


def test_duplicate_ids():
    doc, raw = tiny()
    dup = dataclasses.replace(doc.article[1], id="title")
    doc = dataclasses.replace(doc, article=(doc.article[0], dup))
    assert any("'title' is used twice" in p for p in problems(doc, raw))


def test_a_dropped_line_is_caught():
    doc, raw = tiny()
    doc = dataclasses.replace(doc, removed=())
    out = problems(doc, raw)
    assert any("kept + removed text differs" in p for p in out), out


def test_overlap_is_caught():
    doc, raw = tiny()
    doc = dataclasses.replace(doc, whitespace=(Whitespace(3, 0, "  "), Whitespace(3, 1, " ")))
    with pytest.raises(ValueError, match="line 3: overlap"):
        reconstruct(doc)


def test_schema_errors_come_first_with_paths():
    doc, raw = tiny()
    d = doc.to_dict()
    d["article"][0]["role"] = "banner"
    d["article"][1]["text"] = " padded "
    out = [p.format() for p in validate.validate_data(d, "t.json", raw)]
    assert any("$.article[0].role" in p for p in out)
    assert any("$.article[1].text" in p for p in out)


def test_changed_raw_file_is_named():
    doc, _ = tiny()
    other = rawtext.decode(RAW + b" ", "t.txt")
    assert any("SHA-256" in p for p in problems(doc, other))


def test_round_trip_through_dict():
    doc, _ = tiny()
    assert Document.from_dict(doc.to_dict()) == doc
