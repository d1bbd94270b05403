"""HTML and WARC input: the reader (innerText lines, provenance, metadata, encodings), the DOM rules,
the build over HTML and WARC seeds, and hostile pages."""
from __future__ import annotations

import html as htmllib
import io
import json
import resource
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from corpus.document.pipeline import process
from corpus.errors import InputError
from corpus.text import html as h
from corpus.text import sources

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "unseen-html" / "dev"
ARTICLE = ("أرجأ مجلس النواب العراقي التصويت على مشروع قانون الموازنة العامة للمرة الثالثة خلال أسبوعين، "
           "بعد أن أخفقت الكتل السياسية في التوافق على الجداول.")


def page(body: str, head: str = '<meta charset="utf-8"><title>عنوان الصفحة</title>') -> bytes:
    return f"<!doctype html><html lang=ar><head>{head}</head><body>{body}</body></html>".encode("utf-8")


def lines(data: bytes, **kw) -> list[str]:
    return [ln.text for ln in h.parse(data, "t.html", **kw).lines]


# -- the reader ---------------------------------------------------------------------------------------
def test_innertext_cues():
    data = page('<nav><a href="/">الرئيسية</a></nav><script>var a="<p>لا</p>";</script><style>p{}</style>'
                '<p>فقرة <b>أولى</b>\n  تكمل</p><p>سطر<br>ثان</p><div hidden>مخفي</div>'
                '<span style="display: none">مخفي</span><i aria-hidden="true">★</i><noscript>لا</noscript>'
                '<template><p>لا</p></template><table><tr><td>أ</td><td>ب</td></tr></table>'
                '<input type="hidden" value="x"><div style="visibility:hidden">مخفي</div>')
    assert lines(data) == ["الرئيسية", "", "فقرة أولى تكمل", "", "سطر", "ثان", "", "أ\tب"]


def test_provenance_points_into_the_html():
    data = page('<article><h1>عنوان &amp; الخبر</h1><p>فقرة <a href="/x">مع رابط</a> وتكمل.</p></article>')
    raw = h.parse(data, "t.html")
    src = data.decode("utf-8")
    origins = {o.line: o for o in raw.html.origins}
    for ln in raw.lines:
        if ln.text.strip():
            o = origins[ln.number]
            assert o.path.startswith("/html/body/article")
            assert htmllib.unescape(src[o.start:o.end]).replace("</a>", "").replace('<a href="/x">', "") == ln.text
    assert origins[1].path == "/html/body/article/h1"


def test_metadata_evidence():
    head = ('<meta charset="utf-8"><title>عنوان | موقع</title><meta property="og:title" content="عنوان">'
            '<meta property="article:published_time" content="2024-03-05T10:00:00+03:00">'
            '<link rel="canonical" href="https://example.com/a/1">')
    raw = h.parse(page("<p>نص</p>", head), "t.html")
    m = {k: v.value for k, v in raw.html.metadata.items()}
    assert m == {"og_title": "عنوان", "html_title": "عنوان | موقع", "published": "2024-03-05T10:00:00+03:00",
                 "canonical": "https://example.com/a/1"}


@pytest.mark.parametrize("enc", ["cp1256", "iso8859_6", "utf-8"])
def test_declared_encodings(enc):
    name = {"cp1256": "windows-1256", "iso8859_6": "iso-8859-6", "utf-8": "utf-8"}[enc]
    data = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={name}"></head>' \
           f'<body><p>{ARTICLE}</p></body></html>'.encode(enc, "replace" if enc == "iso8859_6" else "strict")
    raw = h.parse(data, "t.html")
    assert raw.html.encoding_source == "meta"
    if enc != "iso8859_6":  # ISO-8859-6 has no Arabic comma: only check it decodes
        assert ARTICLE in [ln.text for ln in raw.lines]


def test_wrong_declared_encoding_and_http_charset():
    data = f'<html><head><meta charset="iso-8859-1"></head><body><p>{ARTICLE}</p></body></html>'.encode("utf-8")
    raw = h.parse(data, "t.html")
    assert raw.html.encoding_source == "utf-8-over-declared" and ARTICLE in [ln.text for ln in raw.lines]
    data = f"<html><body><p>{ARTICLE}</p></body></html>".encode("cp1256")
    raw = h.parse(data, "t.html", http_charset="windows-1256")
    assert raw.html.encoding_source == "http" and ARTICLE in [ln.text for ln in raw.lines]
    raw = h.parse(data, "t.html")  # nothing declared, not UTF-8: detected as Windows-1256 Arabic
    assert raw.html.encoding_source == "detected" and ARTICLE in [ln.text for ln in raw.lines]


def test_undecodable_page_is_a_clear_error():
    with pytest.raises(InputError) as e:
        h.parse(b"<html><body>caf\xe9 na\xefve d\xe9j\xe0 vu</body></html>", "bad.html")
    assert "bad.html" in str(e.value) and "encoding" in str(e.value)
    with pytest.raises(InputError, match="no visible text"):
        h.parse(page("<script>x()</script><div hidden>x</div>"), "empty.html")


# -- hostile pages never crash and never lose article text -------------------------------------------
HOSTILE = {
    "broken": f"<html><body><div><p>{ARTICLE}<div></span></b></table><p>تكملة</td>",
    "huge-script": "<html><body><script>" + "var x='<p>';" * 200_000 + f"</script><p>{ARTICLE}</p></body></html>",
    "entities": f"<p>&lt;p&gt; &amp;amp; &#1575;&#x644; &nbsp;&#0; &#xD800; &bogus; {ARTICLE}</p>",
    "no-body": f"<p>{ARTICLE}",
    "deep": "<div>" * 100_000 + f"<p>{ARTICLE}</p>" + "</div>" * 100_000,
    "nul-controls": f"<html><body>\x00\x01<p>{ARTICLE}\x0b</p></body></html>",
    "xml-decl": f'<?xml version="1.0" encoding="utf-8"?><html><body><p>{ARTICLE}</p></body></html>',
    "comments-cdata": f"<html><body><!-- <p>لا</p> --><![CDATA[ x ]]><p>{ARTICLE}</p><!-- unclosed",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_html_keeps_the_article(name):
    raw = h.parse(HOSTILE[name].encode("utf-8"), f"{name}.html")
    assert any(ARTICLE in ln.text for ln in raw.lines), name
    doc = process(raw, site_profiles=False)
    assert any(ARTICLE in b.text for b in doc.blocks())


@settings(max_examples=60, deadline=None)
@given(junk=st.lists(st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<br>", "<script>", "</script>", "<!--",
                                      "-->", "<nav>", "</nav>", "&amp;", "&#", "<", ">", "<table><td>", "x", " ",
                                      "\u200f", "<a href=/>", "</a>", "<aside>", "<form>"]), max_size=40),
       at=st.integers(0, 40))
def test_hypothesis_never_crashes_never_loses_text(junk, at):
    at = min(at, len(junk))
    before = junk[:at]
    junk.insert(at, f"<p>{ARTICLE}</p>")
    data = ("<html><body>" + "".join(junk)).encode("utf-8")
    try:
        raw = h.parse(data, "h.html")
    except InputError:
        return  # only when nothing is visible: the article may be inside an unclosed <script> or comment
    process(raw, site_profiles=False)  # never crashes
    if "<script>" not in before and "<!--" not in before:  # else the article may sit inside them
        assert any(ARTICLE in ln.text for ln in raw.lines)


# -- DOM rules and comment structure -------------------------------------------------------------------
def test_dom_rules_on_a_dev_page():
    raw = sources.read(DEV / "hespress_1.html")
    doc = process(raw, site_profiles=False)
    rules = {r.rule for r in doc.removed}
    assert {"dom.menu", "dom.breadcrumb", "dom.tags", "dom.sidebar", "dom.comments-chrome", "dom.comment-chrome"} <= rules
    assert len(doc.comments) == 3
    assert [b.role for b in doc.comments[1].blocks] == ["comment-author", "comment-date", "comment-paragraph",
                                                         "comment-paragraph"]
    assert doc.comments[1].author.text == "سعيد"
    assert doc.title == "خبراء يدعون إلى تسريع مشاريع تحلية مياه البحر لمواجهة الجفاف"
    assert doc.html.metadata["canonical"].value.startswith("https://www.hespress.com/")


def test_text_capture_path_has_no_dom():
    from corpus.text import raw as rawtext

    raw = rawtext.read(ROOT / "tests" / "unseen" / "dev" / "aljazeera_1.txt")
    assert raw.html is None
    d = process(raw).to_dict()
    assert "html" not in d


def test_dev_scores_beat_trafilatura():
    pytest.importorskip("trafilatura")
    from corpus.document import evaluate_html as eh

    s = eh.summary(eh.evaluate_dir(DEV))
    assert len(s["sites"]) >= 5
    assert s["total"]["ours"]["f1"] >= 0.95
    assert s["total"]["ours"]["f1"] > s["total"]["trafilatura"]["f1"]
    assert s["title"]["ours"][0] == s["title"]["ours"][1] >= 5


HELDOUT = ROOT / "tests" / "unseen-html" / "heldout"


@pytest.mark.skipif(not HELDOUT.is_dir(), reason="no held-out HTML pages")
def test_heldout_floor_and_side_by_side():
    """A floor on the held-out keep/drop F1 (measured 0.892 with the pages cleaned together, minus 0.02), above trafilatura's, and
    titles and dates right on at least 95% of the pages: regressions fail, no tuning happens here."""
    from corpus.document import evaluate_html as eh

    s = eh.summary(eh.evaluate_dir(HELDOUT, compare=eh.trafilatura_available()))
    assert len(s["sites"]) >= 5
    assert s["total"]["ours"]["f1"] >= 0.87
    if s["total"]["trafilatura"] is not None:
        assert s["total"]["ours"]["f1"] > s["total"]["trafilatura"]["f1"]
    for what in ("title", "date"):
        right, n = s[what]["ours"]
        assert n >= 10 and right >= 0.95 * n


# -- build over HTML and WARC seeds ---------------------------------------------------------------------
def _warc(path: Path, pages: list[tuple[str, bytes]], charset: str | None = "utf-8") -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        for uri, body in pages:
            ctype = "text/html" + (f"; charset={charset}" if charset else "")
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http))
        # a non-HTML record, skipped
        http = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://x.test/a.png", "response", payload=io.BytesIO(b"\x89PNG"),
                                            http_headers=http))


def test_build_reads_html_and_warc(tmp_path):
    from corpus.build.run import build_corpus
    from corpus.project import catalog

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "aljazeera_1.txt").write_bytes((ROOT / "tests/unseen/dev/aljazeera_1.txt").read_bytes())
    (seeds / "alquds_1.html").write_bytes((DEV / "alquds_1.html").read_bytes())
    pages = [(f"https://news.test/{p.stem}", p.read_bytes()) for p in sorted(DEV.glob("*.html")) if p.stem != "youm7_1"]
    _warc(seeds / "crawl.warc.gz", pages)
    catalog.write(seeds, catalog.scan(seeds))
    rep = build_corpus(seeds, tmp_path / "build", validate_tei=True)
    assert rep.ok, [d.error or d.problems for d in rep.documents]
    assert len(rep.documents) == 2 + len(pages)  # files in = documents written
    ids = sorted(d.doc_id for d in rep.documents)
    assert "alquds_1-html" in ids and "aljazeera_1" in ids
    warc_docs = [json.loads(p.read_text()) for p in (tmp_path / "build/json").glob("crawl-r*.json")]
    assert len(warc_docs) == len(pages)
    uris = sorted(d["html"]["record"]["target_uri"] for d in warc_docs)
    assert uris == sorted(u for u, _ in pages)
    tei = (tmp_path / "build/tei" / (warc_docs[0]["id"] + ".xml")).read_text()
    assert 'type="capture"' in tei and 'type="WARC-Record-ID"' in tei
    # the same WARC built again gives the same ids (from WARC-Record-ID, not from the order)
    from corpus.document.validate import validate_file

    for p in (tmp_path / "build/json").glob("*.json"):
        assert validate_file(p, seeds) == []


def test_broken_warc_is_refused_by_name(tmp_path):
    from corpus.build.run import build_corpus
    from corpus.project import catalog

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "junk.warc.gz").write_bytes(bytes(range(256)) * 8)
    (seeds / "ok.html").write_bytes((DEV / "youm7_1.html").read_bytes())
    catalog.write(seeds, catalog.scan(seeds))
    rep = build_corpus(seeds, tmp_path / "build", keep_going=True, validate_tei=False)
    assert [d.ok for d in rep.documents] == [False, True]  # files in = written + refused
    assert "junk.warc.gz" in rep.documents[0].error and "not a readable WARC file" in rep.documents[0].error


def test_thousand_record_warc_builds_with_flat_memory(tmp_path, monkeypatch):
    """Peak traced memory of building a 1,000-record WARC stays near that of a 100-record one: records
    are streamed, never all held (the pages are small so the test stays fast; bench/ measures speed)."""
    from corpus.build.run import build_corpus
    from corpus.project import catalog

    import os

    monkeypatch.setattr(os, "fsync", lambda fd: None)  # durability is not what this test measures
    seeds = tmp_path / "seeds"
    seeds.mkdir()

    def body(k: int) -> bytes:
        return page(f"<nav><a href='/'>الرئيسية</a></nav><article><h1>خبر رقم {k}</h1>"
                    f"<p>{ARTICLE} {'ب' * 20000}</p></article>")

    def measure(n: int) -> int:
        for old in seeds.glob("*.warc*"):
            old.unlink()
        _warc(seeds / f"crawl{n}.warc.gz", [(f"https://news.test/{k}", body(k)) for k in range(n)])
        catalog.write(seeds, catalog.scan(seeds))
        tracemalloc.start()
        rep = build_corpus(seeds, tmp_path / f"build{n}", validate_tei=False)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert rep.ok and len(rep.documents) == n
        return peak

    small, large = measure(100), measure(1000)
    extra_pages = 900 * len(body(0))  # ~36 MB of HTML more in the large WARC
    # the peak may grow by per-document bookkeeping (the build's results, ~3 KB a document), never by
    # the pages: a quarter of their size is far above the first and far below the second
    assert large - small < extra_pages / 4, (small, large, extra_pages)
    assert large < 16 * 2**20, large
