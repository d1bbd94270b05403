"""The committed annotations of the five seeds: valid, quote-exact, complete for known entities,
re-anchorable when the text changes, and carried through TEI and back without loss."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from corpus.document import pipeline
from corpus.tei import export as tei
from corpus.tei import validate as teivalidate
from corpus.document.model import doc_id_for
from corpus.standoff import agree
from corpus.standoff import check
from corpus.standoff import io
from corpus.standoff import reanchor
from corpus.tei import annotations as tei_markup
from corpus.standoff import texts
from corpus.standoff.anchor import DocText, occurrences

import anchor_oracle as oracle

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
ANN = ROOT / "annotations"


@pytest.fixture(scope="module")
def docs():
    return {doc_id_for(s.name): pipeline.process_file(s) for s in SEEDS}


@pytest.fixture(scope="module")
def registry():
    return io.load_registry(ANN / "entities.json")


def files():
    return sorted(ANN.glob("*/*.json"))


def test_every_seed_is_annotated_by_lead_and_two_by_second(docs):
    assert len(SEEDS) == 5
    for d in docs:
        assert (ANN / d / "lead.json").is_file(), d
    assert len(list(ANN.glob("*/second.json"))) >= 2


@pytest.mark.parametrize("path", files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_committed_file_checks_clean(path, docs, registry):
    af = io.load_file(path)
    assert check.check_file(path, doc=docs[af.document], registry=registry, require_text=True) == []
    # the text its offsets index is kept, so the file can be re-anchored after any change
    stored = texts.load(ANN / ".texts", af.text_sha256)
    assert stored is not None and stored.text == docs[af.document].text()
    dt = DocText(docs[af.document])
    for a in af.annotations:  # belt and braces: the quote is the text at the offsets
        s, e = dt.span(a.target)
        assert dt.text[s:e] == a.target.quote


@pytest.mark.parametrize("quote,type_,ref", [("محمد شياع السوداني", "PER", "sudani"),
                                             ("كتائب حزب الله", "ORG", "kataib_hezbollah"),
                                             ("بغداد", "GPE", "baghdad")])
def test_known_entities_annotated_wherever_they_occur(quote, type_, ref, docs):
    seen = 0
    for d, doc in docs.items():
        dt = DocText(doc)
        af = io.load_file(ANN / d / "lead.json")
        spans = [(dt.span(a.target), a) for a in af.annotations if a.type == type_]
        for o in occurrences(dt, quote):
            seen += 1
            hit = [a for (s, e), a in spans if s <= o.start and o.end <= e]
            assert hit and hit[0].attributes.get("ref") == ref, f"{d}: {dt.context(o.start, o.end)} not annotated"
    assert seen >= 2


def test_every_reader_comment_has_a_stance(docs):
    for d, doc in docs.items():
        af = io.load_file(ANN / d / "lead.json")
        dt = DocText(doc)
        stances = agree.stance_labels(af, dt)
        assert sorted(stances) == sorted(c.id for c in doc.comments), d


def test_registry_valid_and_every_entity_used(registry):
    used = set()
    for p in files():
        used |= {a.attributes.get("ref") for a in io.load_file(p).annotations}
    assert {e.id for e in registry.entities} <= used | {None}, sorted({e.id for e in registry.entities} - used)


def test_reanchor_after_the_text_changes_under_real_annotations(docs, registry):
    """The cleaner "improves": a new paragraph appears, and one paragraph loses the militia's name.
    Every annotation is on its own words (where the edits put them) or flagged; the lost name is
    orphaned, although the same name occurs elsewhere (under its own annotation)."""
    d = "doc002_b4a12e420ae2588d"
    doc = docs[d]
    dt = DocText(doc)
    af = io.load_file(ANN / d / "lead.json")
    cut = "ووصف المتحدث باسم كتائب “سيد الشهداء”"
    at = dt.text.index(cut) + len("ووصف المتحدث")
    edits = [(dt.start_of[doc.article[1].id], 0, "فقرة جديدة أضافها المنظف بعد تحسينه.\n"),
             (at, len(cut) - len("ووصف المتحدث"), "")]
    changed = oracle.apply(doc, edits)
    dt2 = DocText(changed)
    new, outs = reanchor.reanchor(af, dt2, {texts.layout_of(doc).sha256: texts.layout_of(doc)}.get)
    assert len(new.annotations) == len(af.annotations)  # nothing dropped
    orphaned = [o for o in outs if o.status == "orphaned"]
    assert [o.old.quote for o in orphaned] == ["كتائب “سيد الشهداء”"]
    for a, b, o in zip(af.annotations, new.annotations, outs):
        s, e = dt.span(a.target)
        truth = oracle.new_span(edits, s, e)
        if o.exact:
            assert dt2.span(b.target) == truth and oracle.windows(dt2.text, *truth) == oracle.windows(dt.text, s, e)
        else:  # flagged only where an edit touched the words or their context
            assert truth is None or oracle.windows(dt2.text, *truth) != oracle.windows(dt.text, s, e), o.describe()
    assert sum(o.status == "shifted" for o in outs) > 20
    # check reports exactly the flagged annotations on the rewritten file (and quotes they spoke)
    bad = {i.annotation for i in check.check_data(new, changed, registry, "lead.json")}
    flagged = {o.id for o in outs if not o.exact}
    assert flagged <= bad
    assert bad <= flagged | {a.id for a in new.annotations if a.attributes.get("speaker") in flagged}


def test_reanchor_when_block_ids_change(docs):
    """Renumbered blocks, same text: with the stored text every annotation shifts to its own place;
    without it, they can only be searched for by quote and context, and are flagged."""
    d = "doc002_b4a12e420ae2588d"
    doc = docs[d]
    af = io.load_file(ANN / d / "lead.json")
    renamed = replace(doc, article=tuple(replace(b, id="x" + b.id) for b in doc.article))
    stored = {texts.layout_of(doc).sha256: texts.layout_of(doc)}.get
    dt_old, dt_new = DocText(doc), DocText(renamed)
    for load, expect in ((stored, {"shifted"}), (None, {"moved"})):
        new, outs = reanchor.reanchor(af, dt_new, load)
        in_article = {a.id for a in af.annotations if a.target.block in {b.id for b in doc.article}}
        assert {o.status for o in outs if o.id in in_article} == expect
        for a, b in zip(af.annotations, new.annotations):
            assert dt_old.span(a.target) == dt_new.span(b.target), a.id
    # the same paragraph twice, identical context, nothing stored: ambiguous, never guessed
    twice = replace(renamed, article=renamed.article + (replace(renamed.article[-1], id="dup"),))
    _, outs2 = reanchor.reanchor(af, DocText(twice))
    amb = [o for o in outs2 if o.status == "ambiguous"]
    assert amb and all(len(o.candidates) >= 2 for o in amb)


@pytest.fixture(scope="module")
def validator():
    return teivalidate.validator()


@pytest.mark.parametrize("path", files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_tei_round_trip_and_validity(path, docs, registry, validator):
    af = io.load_file(path)
    doc = docs[af.document]
    xml = tei.export(doc, {}, markup=tei_markup.to_markup(af, doc, registry))
    assert validator.validate(xml, path.name) == []
    from corpus.tei import read as teiread
    assert teiread.read_text(xml) == doc.text()
    back = tei_markup.from_tei(xml, doc)
    assert back.annotator == af.annotator and back.text_sha256 == af.text_sha256
    assert [a.to_dict() for a in back.annotations] == sorted((a.to_dict() for a in af.annotations), key=lambda d: d["id"])
    # deterministic bytes
    assert tei.export(doc, {}, markup=tei_markup.to_markup(af, doc, registry)) == xml


def test_agreement_page_reports_the_current_figures(docs):
    """docs/agreement.md must not drift from the committed annotations."""
    page = (ROOT / "docs" / "agreement.md").read_text(encoding="utf-8")
    results = []
    for d in ("doc002_b4a12e420ae2588d", "doc003_e2efb4d8f62f8383"):
        dt = DocText(docs[d])
        r = agree.agreement(io.load_file(ANN / d / "lead.json"), io.load_file(ANN / d / "second.json"), dt)
        results.append(r)
        ex = r["spans"]["exact"]["all"]
        row = f"| {d[:6]} | {ex['precision']:.3f} | {ex['recall']:.3f} | {ex['f1']:.3f} | {r['spans']['overlap']['all']['f1']:.3f} |"
        assert row in page, row
        assert f"{r['tokens']['kappa_names']:.3f}" in page
    pooled = agree.pooled(results)
    assert f"**{pooled['exact']['f1']:.3f}**" in page and f"**{pooled['overlap']['f1']:.3f}**" in page


def test_build_hook_reanchors_in_memory_and_refuses_to_lose_annotations(docs, tmp_path):
    import shutil
    from corpus.errors import ValidationError
    d = "doc003_e2efb4d8f62f8383"
    doc = docs[d]
    (tmp_path / d).mkdir()
    shutil.copy(ANN / "entities.json", tmp_path)
    shutil.copy(ANN / d / "lead.json", tmp_path / d / "lead.json")
    shutil.copytree(ANN / ".texts", tmp_path / ".texts")
    before = (tmp_path / d / "lead.json").read_bytes()
    m, n = tei_markup.markup_for_document(doc, tmp_path)
    assert n == len(io.load_file(ANN / d / "lead.json").annotations) and m.inline
    assert tei_markup.markup_for_document(docs["doc000_d149adc8417d1233"], tmp_path) == (None, 0)
    # text inserted inside a block, away from annotations (and their context): still exported,
    # every annotation after it shifted, the file untouched
    dt = DocText(doc)
    spans = [dt.span(a.target) for a in io.load_file(ANN / d / "lead.json").annotations]
    b = next(b for b in doc.article if b.role == "paragraph"
             and all(not (s - 20 <= dt.start_of[b.id] + 5 <= e + 20) for s, e in spans)
             and any(s > dt.start_of[b.id] for s, _ in spans))
    shifted = replace(doc, article=tuple(replace(x, text=x.text[:5] + "تمهيد. " + x.text[5:]) if x is b else x
                                         for x in doc.article))
    m2, n2 = tei_markup.markup_for_document(shifted, tmp_path)
    assert n2 == n and (tmp_path / d / "lead.json").read_bytes() == before
    # a name gone from the text: a clear error, not a TEI without it
    p = next(x for x in doc.article if "كتائب حزب الله" in x.text)
    gone = replace(doc, article=tuple(replace(x, text=x.text.replace("كتائب حزب الله", "الكتائب")) if x is p else x
                                      for x in doc.article))
    with pytest.raises(ValidationError, match=r"not exactly placed .*a0\d+: orphaned .*كتائب حزب الله") as exc:
        tei_markup.markup_for_document(gone, tmp_path)
    assert "corpus annotate move" in exc.value.hint
    # without the text the file was anchored to, shifted annotations cannot be verified: refused
    shutil.rmtree(tmp_path / ".texts")
    with pytest.raises(ValidationError, match="not exactly placed"):
        tei_markup.markup_for_document(shifted, tmp_path)
    assert (tmp_path / d / "lead.json").read_bytes() == before
