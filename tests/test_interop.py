"""Annotations to and from other tools: every format round-trips every committed annotation file,
the outputs parse with the formats' own libraries, and imports are checked like `annotate check`."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.cli.main import main
from corpus.errors import ValidationError
from corpus.interop import brat, conll, formats, w3c, xmi
from corpus.interop.spans import NER_TYPES, Span, finish_import, spans_of
from corpus.interop.tokens import proclitic_cuts, tokenize
from corpus.standoff import io
from corpus.standoff.anchor import DocText
from corpus.standoff.docs import load_document

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "annotations").glob("doc*/*.json"))
REGISTRY = io.load_registry(ROOT / "annotations" / "entities.json")
_DOCS: dict[str, DocText] = {}


def doc_text(doc_id: str) -> DocText:
    if doc_id not in _DOCS:
        _DOCS[doc_id] = DocText(load_document(doc_id, ROOT, prefer_build=False))
    return _DOCS[doc_id]


def roundtrip(fmt: str, af, tmp_path: Path):
    dt = doc_text(af.document)
    f = formats.get(fmt)
    written, skipped = f.export(af, dt, REGISTRY)
    for name, data in written.items():
        (tmp_path / name).write_bytes(data)
    src = next(tmp_path / n for n in written if n.endswith(f.suffix))
    spans, carried = f.read(src, dt)
    assert carried in (None, dt.text)
    back = finish_import(dt.doc, af.annotator, spans, REGISTRY, str(src))
    return written, skipped, back


def by_id(annotations) -> dict:
    return {a.id: a.to_dict() for a in annotations}


def test_there_are_committed_files_to_round_trip():
    assert len(FILES) >= 9


@pytest.mark.parametrize("fmt", ["xmi", "brat", "w3c"])
@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name[:6]}-{p.stem}" for p in FILES])
def test_lossless_formats_give_back_the_same_annotations(fmt, path, tmp_path):
    af = io.load_file(path)
    _, skipped, back = roundtrip(fmt, af, tmp_path)
    assert skipped == []
    assert by_id(back.annotations) == by_id(af.annotations)


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name[:6]}-{p.stem}" for p in FILES])
def test_the_two_csv_files_together_give_back_every_annotation(path, tmp_path):
    af = io.load_file(path)
    (tmp_path / "m").mkdir()
    (tmp_path / "s").mkdir()
    _, _, mentions = roundtrip("csv", af, tmp_path / "m")
    _, _, stances = roundtrip("csv-stance", af, tmp_path / "s")
    assert by_id(mentions.annotations + stances.annotations) == by_id(af.annotations)


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name[:6]}-{p.stem}" for p in FILES])
def test_conllu_carries_every_named_entity_and_names_what_it_leaves_out(path, tmp_path):
    af = io.load_file(path)
    _, skipped, back = roundtrip("conllu", af, tmp_path)
    ner = {a.id: a.to_dict() for a in af.annotations if a.type in NER_TYPES}
    assert by_id(back.annotations) == ner  # ids, spans, refs and dates survive
    left = {s.split()[0] for s in skipped}
    assert left == {a.id for a in af.annotations if a.type not in NER_TYPES}


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name[:6]}-{p.stem}" for p in FILES])
def test_iob2_gives_back_the_same_mentions(path, tmp_path):
    af = io.load_file(path)
    _, _, back = roundtrip("iob2", af, tmp_path)
    dt = doc_text(af.document)
    want = Counter((s.type, s.start, s.end) for s in spans_of(af, dt) if s.type in NER_TYPES)
    assert Counter((s.type, s.start, s.end) for s in spans_of(back, dt)) == want


def test_conllu_parses_with_the_conllu_library_and_covers_the_text():
    import conllu

    af = io.load_file(ROOT / "annotations" / "doc001_868e95aa441b7ad2" / "lead.json")
    dt = doc_text(af.document)
    text, _ = conll.to_conllu(af, dt)
    sentences = conllu.parse(text)
    assert len(sentences) == sum(1 for b in dt.blocks if b.text.strip())
    for sent in sentences:
        block = sent.metadata["sent_id"].split(".", 1)[1]
        rebuilt = "".join(t["form"] + ("" if (t["misc"] or {}).get("SpaceAfter") == "No" else " ") for t in sent).strip()
        assert sent.metadata["text"] == dt.blocks[dt.index_of[block]].text
        assert rebuilt.split() == sent.metadata["text"].split() or rebuilt.replace(" ", "") == sent.metadata["text"].replace(" ", "")
        tags = [(t["misc"] or {}).get("NER", "O") for t in sent]
        for prev, cur in zip(["O"] + tags, tags):  # well-formed IOB2: an I- continues its own type
            assert not cur.startswith("I-") or prev[2:] == cur[2:]


def test_proclitics_are_split_only_where_a_mention_needs_it():
    text = "وبغداد بغداد للعراق وزير"
    mention_starts = [1, 14]  # بغداد after و, لعراق after the proclitic ل
    cuts = proclitic_cuts(text, mention_starts)
    toks = [t.text for t in tokenize(text, cuts=cuts)]
    assert toks == ["و", "بغداد", "بغداد", "ل", "لعراق", "وزير"]
    assert proclitic_cuts(text, [3]) == frozenset()  # inside بغداد: not after a proclitic


def test_a_boundary_inside_a_word_is_reported_not_bent():
    af = io.load_file(ROOT / "annotations" / "doc002_b4a12e420ae2588d" / "lead.json")
    dt = doc_text(af.document)
    a = next(x for x in af.annotations if x.type == "GPE" and len(x.target.quote) > 4)
    s, e = dt.span(a.target)
    from dataclasses import replace
    bent = replace(a, target=dt.target(s + 2, e))  # starts mid-word, not after a proclitic
    af2 = replace(af, annotations=(bent,))
    tagged = conll.tag(af2, dt)
    assert all(t == "O" for sent in tagged.sentences for t in sent.tags)
    assert len(tagged.skipped) == 1 and "inside a word" in tagged.skipped[0]


def test_w3c_export_expands_under_the_models_own_context():
    from pyld import jsonld

    context = json.loads((ROOT / "tests" / "data" / "w3c" / "anno.jsonld").read_text(encoding="utf-8"))

    def loader(url, options=None):
        assert url.rstrip("/") == w3c.CONTEXT
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": context}

    af = io.load_file(ROOT / "annotations" / "doc001_868e95aa441b7ad2" / "lead.json")
    data = w3c.to_w3c(af, doc_text(af.document), REGISTRY)
    terms = set(context["@context"])
    used: set[str] = set()

    def walk(x):
        if isinstance(x, dict):
            used.update(k for k in x if not k.startswith("@"))
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
    walk(data)
    assert used <= terms, f"terms the model does not define (JSON-LD would drop them): {used - terms}"
    expanded = jsonld.expand(data, {"documentLoader": loader})
    flat = json.dumps(expanded)
    for iri in ("http://www.w3.org/ns/oa#hasTarget", "http://www.w3.org/ns/oa#TextPositionSelector",
                "http://www.w3.org/ns/oa#TextQuoteSelector", "http://www.w3.org/ns/oa#exact",
                "http://www.w3.org/ns/oa#start", "http://www.w3.org/ns/oa#hasPurpose"):
        assert iri in flat
    items = expanded[0]["http://www.w3.org/ns/activitystreams#first"][0]["http://www.w3.org/ns/activitystreams#items"][0]["@list"]
    assert len(items) == len(af.annotations)


TYPESYSTEM_BY_HAND = """<?xml version="1.0" encoding="UTF-8"?>
<typeSystemDescription xmlns="http://uima.apache.org/resourceSpecifier">
  <types>
    <typeDescription><name>de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData</name>
      <supertypeName>uima.tcas.DocumentAnnotation</supertypeName><features>
      <featureDescription><name>documentTitle</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
      <featureDescription><name>documentId</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
      <featureDescription><name>documentUri</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
      <featureDescription><name>collectionId</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
      <featureDescription><name>documentBaseUri</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
      <featureDescription><name>isLastSegment</name><rangeTypeName>uima.cas.Boolean</rangeTypeName></featureDescription>
    </features></typeDescription>
    <typeDescription><name>de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence</name>
      <supertypeName>uima.tcas.Annotation</supertypeName></typeDescription>
    <typeDescription><name>de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token</name>
      <supertypeName>uima.tcas.Annotation</supertypeName></typeDescription>
    <typeDescription><name>de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity</name>
      <supertypeName>uima.tcas.Annotation</supertypeName><features>
      <featureDescription><name>value</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
      <featureDescription><name>identifier</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
    </features></typeDescription>
  </types>
</typeSystemDescription>
"""


def _xmi_by_hand(sofa: str, entities: list[tuple[int, int, str, str | None]]) -> str:
    """A CAS as INCEpTION writes one (namespaces typeN, DocumentMetaData, a View), made without our code."""
    from xml.sax.saxutils import quoteattr

    ne = "\n".join(f'  <type3:NamedEntity xmi:id="{100 + i}" sofa="1" begin="{s}" end="{e}" value="{v}"'
                   + (f' identifier="{ref}"' if ref else "") + "/>" for i, (s, e, v, ref) in enumerate(entities))
    members = " ".join(str(100 + i) for i in range(len(entities)))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<xmi:XMI xmlns:tcas="http:///uima/tcas.ecore" xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore"
 xmlns:type2="http:///de/tudarmstadt/ukp/dkpro/core/api/metadata/type.ecore"
 xmlns:type3="http:///de/tudarmstadt/ukp/dkpro/core/api/ner/type.ecore"
 xmlns:type4="http:///de/tudarmstadt/ukp/dkpro/core/api/segmentation/type.ecore" xmi:version="2.0">
  <cas:NULL xmi:id="0"/>
  <type2:DocumentMetaData xmi:id="2" sofa="1" begin="0" end="{len(sofa)}" language="ar" documentTitle="doc.txt"
     documentId="annotator1" documentUri="file:/srv/inception/doc.txt" isLastSegment="false"/>
  <type4:Sentence xmi:id="3" sofa="1" begin="0" end="{len(sofa)}"/>
{ne}
  <cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString={quoteattr(sofa)}/>
  <cas:View sofa="1" members="2 3 {members}"/>
</xmi:XMI>
"""


def test_an_xmi_made_elsewhere_imports(tmp_path):
    dt = doc_text("doc002_b4a12e420ae2588d")
    start = dt.text.index("بغداد")
    tehran = dt.text.index("طهران")
    (tmp_path / "doc.xmi").write_text(_xmi_by_hand(dt.text, [(tehran, tehran + 5, "GPE", "tehran"),
                                                             (start, start + 5, "GPE", "baghdad")]), encoding="utf-8")
    (tmp_path / "TypeSystem.xml").write_text(TYPESYSTEM_BY_HAND, encoding="utf-8")
    spans, carried = formats.get("xmi").read(tmp_path / "doc.xmi", dt)
    assert carried == dt.text
    af = finish_import(dt.doc, "inception", spans, REGISTRY, "doc.xmi")
    got = sorted((a.type, a.target.quote, a.attributes.get("ref")) for a in af.annotations)
    assert got == [("GPE", "بغداد", "baghdad"), ("GPE", "طهران", "tehran")]
    assert [a.id for a in af.annotations] == ["a0001", "a0002"]  # INCEpTION keeps no ids of ours: new ones


def test_an_xmi_of_another_text_is_carried_over_not_taken_as_it_is(tmp_path):
    from corpus.interop.spans import anchor_import

    dt = doc_text("doc002_b4a12e420ae2588d")
    older = dt.text + "\nسطر حذف لاحقا"  # the CAS was made when the text had one more line
    start = older.index("طهران")  # far from the removed line: its context is the same
    (tmp_path / "doc.xmi").write_text(_xmi_by_hand(older, [(start, start + 5, "GPE", "tehran")]), encoding="utf-8")
    (tmp_path / "TypeSystem.xml").write_text(TYPESYSTEM_BY_HAND, encoding="utf-8")
    spans, carried = formats.get("xmi").read(tmp_path / "doc.xmi", dt)
    assert carried == older and spans[0].start == start
    af, outcomes, old = anchor_import(dt.doc, "inception", spans, carried, REGISTRY, "doc.xmi")
    assert old.text == older and [o.exact for o in outcomes] == [True]
    (a,) = af.annotations
    s, e = DocText(dt.doc).span(a.target)
    assert dt.text[s:e] == "طهران" and s == start and a.status is None


def test_imports_are_checked_like_annotate_check():
    dt = doc_text("doc002_b4a12e420ae2588d")
    s = dt.text.index("بغداد")
    with pytest.raises(ValidationError, match="problem"):
        finish_import(dt.doc, "x", [Span("a1", "GPE", s, s + 5, {"ref": "no-such-entity"})], REGISTRY, "in")
    with pytest.raises(ValidationError, match="outside the text"):
        finish_import(dt.doc, "x", [Span("a1", "GPE", s, len(dt.text) + 3)], REGISTRY, "in")


@pytest.mark.parametrize("ann,msg", [
    ("T1\tGPE 0 5\tx\nN1\tReference T9 corpus:baghdad\tبغداد\n", "not defined"),
    ("T1\tGPE 0 x\tx\n", "not a text-bound"),
    ("T1\tGPE 0 999999\tx\n", "outside the text"),
    ("Z1\tfoo\n", "unknown brat line"),
])
def test_broken_brat_files_get_a_named_error(ann, msg):
    dt = doc_text("doc002_b4a12e420ae2588d")
    with pytest.raises(ValidationError, match=msg):
        brat.from_brat(dt.text, ann, "x.ann")


@pytest.mark.parametrize("rows,msg", [
    ("tok\tB-XYZ\n", "unknown tag"),
    ("tok\tI-PER\n", "does not continue"),
    ("only-one-column\n", "column"),
])
def test_broken_iob2_gets_a_named_error(rows, msg):
    dt = doc_text("doc002_b4a12e420ae2588d")
    first = dt.text.split()[0]
    with pytest.raises(ValidationError, match=msg):
        conll.from_iob2(rows.replace("tok", first), dt, "x.iob2")


def _project(tmp_path: Path) -> Path:
    import shutil

    for name in ("corpus.json", "seeds", "annotations"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    return tmp_path


def test_cli_export_import_never_overwrites_without_force(tmp_path):
    root = _project(tmp_path)
    lead = root / "annotations" / "doc003_e2efb4d8f62f8383" / "lead.json"
    run = lambda *a: CliRunner().invoke(main, [*a, "--root", str(root)], catch_exceptions=False)
    r = run("annotate", "export", str(lead), "--format", "brat", "-o", str(root / "out"))
    assert r.exit_code == 0, r.output
    ann = root / "out" / "doc003_e2efb4d8f62f8383.lead.ann"
    assert ann.is_file() and (root / "out" / "annotation.conf").is_file()
    r = run("annotate", "import", str(ann), "--format", "brat", "--document", "doc003_e2efb4d8f62f8383",
            "--annotator", "lead")
    assert r.exit_code == 1 and "exists" in r.stderr and "--force" in r.stderr
    r = run("annotate", "import", str(ann), "--format", "brat", "--document", "doc003_e2efb4d8f62f8383",
            "--annotator", "brat_user")
    assert r.exit_code == 0, r.output
    back = io.load_file(root / "annotations" / "doc003_e2efb4d8f62f8383" / "brat_user.json")
    assert by_id(back.annotations) == by_id(io.load_file(lead).annotations)
    r = run("annotate", "import", str(ann), "--format", "brat", "--document", "doc003_e2efb4d8f62f8383",
            "--annotator", "../../evil")
    assert r.exit_code == 1 and "not a valid annotator name" in r.stderr


def test_cli_outside_a_project_fails_clearly(tmp_path):
    r = CliRunner().invoke(main, ["annotate", "view", "doc002_b4a12e420ae2588d", "--root", str(tmp_path)])
    assert r.exit_code == 1 and "not a corpus project" in r.stderr



# -- the review page, as a browser shows it ---------------------------------------------------
import chromium  # noqa: E402  (tests/chromium.py)

PROBE = """<script>
window.addEventListener('load', () => {
  const out = {};
  out.paragraphs = [...document.querySelectorAll('.doc p, .doc h1, .doc h2, .doc h3')]
      .filter(e => e.textContent.trim()).map(e => getComputedStyle(e).direction);
  const ids = {};
  document.querySelectorAll('[data-ann]').forEach(e => {
    const k = e.closest('[data-annotator]').dataset.annotator + '/' + e.dataset.ann;
    ids[k] = (ids[k] || []).concat([[e.dataset.part || '', e.getBoundingClientRect().width > 0]]);
  });
  out.ids = ids;
  out.titles = [...document.querySelectorAll('mark[title]')].length;
  out.legend = [...document.querySelectorAll('.legend span')].map(e => e.textContent);
  out.disagreements = document.querySelectorAll('#disagreements tr').length - 1;
  const pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"""


def _probe(html: str, tmp_path: Path) -> dict:
    import re

    page = tmp_path / "probe.html"
    page.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dom = chromium.dump_dom(page)
    m = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert m, "Chromium did not run the probe"
    import html as h
    return json.loads(h.unescape(m.group(1)))


needs_chromium = pytest.mark.skipif(chromium.binary() is None, reason="Chromium not installed (.ci/run installs it)")


@needs_chromium
def test_review_page_reads_right_to_left_with_every_annotation_once(tmp_path):
    from corpus.interop import view

    af = io.load_file(ROOT / "annotations" / "doc001_868e95aa441b7ad2" / "lead.json")
    dt = doc_text(af.document)
    html = view.page(dt, [af], REGISTRY)
    assert "http://" not in html and "https://" not in html  # self-contained: nothing fetched
    got = _probe(html, tmp_path)
    assert got["paragraphs"] and set(got["paragraphs"]) == {"rtl"}
    ids = {k.split("/", 1)[1] for k in got["ids"]}
    assert ids == {a.id for a in af.annotations}
    for key, parts in got["ids"].items():
        assert all(visible for _, visible in parts), f"{key} is not visible"
        assert len(parts) == 1 or all(p for p, _ in parts), f"{key} drawn twice without being split"
    assert got["legend"] == ["PER", "ORG", "GPE", "LOC", "DATE", "TIME", "QUOTE", "STANCE"]
    (tmp_path / "view.html").write_text(html, encoding="utf-8")
    png = chromium.screenshot(tmp_path / "view.html", tmp_path / "view.png")
    assert png.is_file() and png.stat().st_size > 50_000  # a page of coloured Arabic text, not a blank one


@needs_chromium
def test_review_page_of_two_annotators_shows_their_disagreements(tmp_path):
    from corpus.interop import view
    from corpus.standoff import agree

    a = io.load_file(ROOT / "annotations" / "doc002_b4a12e420ae2588d" / "lead.json")
    b = io.load_file(ROOT / "annotations" / "doc002_b4a12e420ae2588d" / "second.json")
    dt = doc_text(a.document)
    got = _probe(view.page(dt, [a, b], REGISTRY), tmp_path)
    ids = {k for k in got["ids"]}
    assert {f"lead/{x.id}" for x in a.annotations} | {f"second/{x.id}" for x in b.annotations} == ids
    def comparable(af):  # a speaker is compared by the words it points at, not by the file's own ids
        spans = spans_of(af, dt)
        ids = {s.id: s for s in spans}
        return {(s.start, s.end, s.type): {**s.attributes, **({"speaker": (ids[s.attributes["speaker"]].start,
                                                                         ids[s.attributes["speaker"]].end)}
                                                            if s.attributes.get("speaker") in ids else {})}
                for s in spans}
    sa, sb = comparable(a), comparable(b)
    differ = len(set(sa) ^ set(sb)) + sum(1 for k in set(sa) & set(sb) if sa[k] != sb[k])
    assert got["disagreements"] == differ > 0
    assert set(got["paragraphs"]) == {"rtl"}


# -- a source made on an older version of the text -----------------------------------------------
def test_an_import_from_an_older_text_is_carried_over_by_exact_reanchoring(tmp_path):
    """A brat export made before the text changed: the spans index the old .txt; the import re-anchors
    them exactly, and what cannot be placed exactly keeps a status instead of landing on other words."""
    from dataclasses import replace

    from corpus.document.model import Block
    from corpus.interop.spans import anchor_import

    af = io.load_file(ROOT / "annotations" / "doc004_2bbfc112856ad857" / "lead.json")
    dt = doc_text(af.document)
    txt, ann = brat.to_brat(af, dt, REGISTRY)
    # the document as it is now: 21 characters inserted early in the first paragraph
    doc = dt.doc
    first = doc.article[1] if len(doc.article) > 1 else doc.article[0]
    inserted = "نص مضاف في أول الفقرة "
    blocks = tuple(replace(b, text=inserted + b.text) if b.id == first.id else b for b in doc.article)
    new_doc = replace(doc, article=blocks)
    new_dt = DocText(new_doc)
    spans = brat.from_brat(txt, ann, "old.ann")
    got, outcomes, old = anchor_import(new_doc, "lead", spans, txt, REGISTRY, "old.ann")
    assert old is not None and old.text == dt.text
    by_id = {a.id: a for a in af.annotations}
    placed = [o for o in outcomes if o.exact]
    assert len(placed) >= len(af.annotations) - 5  # only annotations next to the insertion may be flagged
    for a in got.annotations:
        if a.status is None:  # exactly placed: the same words, with the same context
            s, e = new_dt.span(a.target)
            assert new_dt.text[s:e] == by_id[a.id].target.quote
            assert a.target.prefix.endswith(by_id[a.id].target.prefix[-8:]) or a.target.block == first.id
    assert {a.id for a in got.annotations} == set(by_id)  # nothing dropped
