"""Stand-off annotation library: format, checks on hostile files, add-by-quote, agreement, merge."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from corpus import jsonio
from corpus.errors import ValidationError
from corpus.document.model import Block, Comment, Document, Source, Span
from corpus.standoff import agree
from corpus.standoff import check
from corpus.standoff import edit
from corpus.standoff import io
from corpus.standoff import merge
from corpus.standoff import reanchor
from corpus.standoff.anchor import DocText, find
from corpus.standoff.model import Entity, Registry
from corpus.standoff.texts import layout_of

SRC = Source("t.txt", "0" * 64, 0, False, "LF", 1)


def make_doc(paragraphs, comments=(), doc_id="doctest"):
    art = tuple(Block(f"p{i}", "paragraph", t, Span(i, 0, len(t))) for i, t in enumerate(paragraphs, 1))
    cs = tuple(Comment(f"c{j}", tuple(Block(f"c{j}.p{k}", "comment-paragraph", t, Span(100 * j + k, 0, len(t)))
                                      for k, t in enumerate(c, 1))) for j, c in enumerate(comments, 1))
    return Document(doc_id, SRC, "test", (), {}, art, cs, ())


DOC = make_doc(["قال محمد شياع السوداني في بغداد إن بغداد آمنة.", "وزار بغداد وفد من واشنطن."],
               [["انسحاب القوات خطأ جسيم", "سيلحق ضررا بالعراق"]])
REG = Registry((Entity("baghdad", "GPE", "بغداد", "Baghdad"), Entity("sudani", "PER", "محمد شياع السوداني", "al-Sudani"),
                Entity("washington", "GPE", "واشنطن", "Washington")))


def add(af, dt, type_, quote, attrs=None, **kw):
    return edit.add(af, dt, type_, find(dt, quote, **kw), attrs or {})


@pytest.fixture
def base():
    dt = DocText(DOC)
    af = edit.new_file(DOC, "lead")
    af, a1 = add(af, dt, "PER", "محمد شياع السوداني", {"ref": "sudani"})
    af, a2 = add(af, dt, "GPE", "بغداد", {"ref": "baghdad"}, occurrence=1)
    af, a3 = add(af, dt, "QUOTE", "بغداد آمنة", {"speaker": a1.id})
    return af, dt


def issues(af, doc=DOC, reg=REG):
    return check.check_data(af, doc, reg, "f.json")


def test_clean_file_has_no_issues_and_validates(base):
    af, dt = base
    assert issues(af) == []
    assert io.schema_errors(af.to_dict()) == []
    assert [a.id for a in af.annotations] == ["a0001", "a0002", "a0003"]


def test_target_offsets_are_code_points_and_quote_matches(base):
    af, dt = base
    t = af.annotations[1].target
    assert (t.block, t.start, t.end) == ("p1", 26, 31)
    assert DOC.article[0].text[t.start:t.end] == "بغداد" == t.quote
    assert t.prefix.endswith("السوداني في ") and t.suffix.startswith(" إن")


def test_ambiguous_quote_lists_every_occurrence():
    dt = DocText(DOC)
    with pytest.raises(ValidationError) as e:
        find(dt, "بغداد")
    msg = e.value.format()
    assert "occurs 3 times" in msg
    assert "--occurrence 1: block p1 26-31" in msg and "--occurrence 3: block p2 5-10" in msg
    assert find(dt, "بغداد", occurrence=2).start == 35
    assert find(dt, "بغداد", block="p2").block == "p2"
    assert find(dt, "بغداد", suffix=" آمنة").start == 35
    with pytest.raises(ValidationError, match="occurs 3 time"):
        find(dt, "بغداد", occurrence=4)
    with pytest.raises(ValidationError, match="does not occur"):
        find(dt, "دمشق")
    with pytest.raises(ValidationError, match="no block"):
        find(dt, "بغداد", block="p9")


def test_cross_block_quote_gets_end_block():
    dt = DocText(DOC)
    t = find(dt, "آمنة.\nوزار")
    assert t.end_block == "p2" and t.block == "p1" and t.end == 4


def _one(af, **changes):
    a = af.annotations[1]
    return replace(af, annotations=(replace(a, **changes),) + af.annotations[2:])


def test_hostile_wrong_offsets(base):
    af, _ = base
    bad = _one(af, target=replace(af.annotations[1].target, start=500, end=505))
    [i] = [i for i in issues(bad) if i.annotation == "a0002"]
    assert "outside block p1" in i.message and "code points" in i.hint


def test_hostile_wrong_quote(base):
    af, _ = base
    bad = _one(af, target=replace(af.annotations[1].target, quote="بغدا"))
    [i] = [i for i in issues(bad) if i.annotation == "a0002"]
    assert "does not match the text" in i.message and "'بغداد'" in i.message


def test_hostile_duplicate_ids_missing_entity_and_speaker(base):
    af, _ = base
    a1, a2, a3 = af.annotations
    bad = replace(af, annotations=(a1, replace(a2, id="a0001", attributes={"ref": "damascus"}),
                                   replace(a3, attributes={"speaker": "nobody"})))
    msgs = " | ".join(i.format() for i in issues(bad))
    assert "used 2 times" in msgs
    assert "entity 'damascus' is not in the registry" in msgs
    assert "speaker 'nobody' is neither" in msgs
    assert all(i.file == "f.json" for i in issues(bad))


def test_hostile_attributes_and_types(base):
    af, dt = base
    af2, _ = edit.add(af, dt, "DATE", find(dt, "وفد"), {"when": "2021-02-30"})
    af2, _ = edit.add(af2, dt, "PER", find(dt, "واشنطن"), {"ref": "washington", "when": "2021"})
    af2, _ = edit.add(af2, dt, "STANCE", find(dt, "قال"), {"stance": "pro-presence"})
    msgs = [i.message for i in issues(af2)]
    assert any("when must be an ISO 8601 date such as 2021-08 or --08-15" in m and "not a real calendar date" in m for m in msgs)
    assert any("'when' is not allowed on PER" in m for m in msgs)
    assert any("washington' is a GPE, but the annotation is PER" in m for m in msgs)
    assert any("STANCE span must lie inside one reader comment" in m for m in msgs)


def test_stale_text_is_reported(base):
    af, _ = base
    msgs = [i.message for i in issues(replace(af, text_sha256="f" * 64))]
    assert any("text changed" in m for m in msgs)


def test_schema_rejects_hostile_shapes(base, tmp_path):
    af, _ = base
    d = af.to_dict()
    d["annotations"][0]["type"] = "PERSON"
    d["annotations"][1]["target"]["start"] = -1
    d["annotations"][2]["colour"] = "red"
    p = tmp_path / DOC.id / "lead.json"
    p.parent.mkdir()
    p.write_text(json.dumps(d), encoding="utf-8")
    got = check.check_file(p, doc=DOC, registry=REG)
    assert {i.annotation for i in got} == {"a0001", "a0002", "a0003"}
    with pytest.raises(ValidationError, match="annotation.schema.json"):
        io.load_file(p)
    p.write_text("{broken", encoding="utf-8")
    [i] = check.check_file(p, doc=DOC, registry=REG)
    assert "invalid JSON" in i.message


def test_save_never_overwrites_without_permission_and_is_stable(base, tmp_path):
    af, dt = base
    p = tmp_path / "x.json"
    io.save_file(p, af, overwrite=False)
    first = p.read_bytes()
    with pytest.raises(ValidationError, match="would be rewritten"):
        io.save_file(p, af, overwrite=False)
    assert io.load_file(p) == af
    io.save_file(p, io.load_file(p), overwrite=True)
    assert p.read_bytes() == first  # a load/save round trip changes no byte
    # adding one annotation only inserts lines: every old line survives in order
    af2, _ = add(af, dt, "GPE", "واشنطن", {"ref": "washington"})
    io.save_file(p, af2, overwrite=True)
    old, new = first.decode().splitlines(), p.read_text().splitlines()
    assert len(new) > len(old) and io.load_file(p) == af2  # the new annotation was really written
    it = iter(new)
    assert all(any(line == n for n in it) for line in old)


def test_add_keeps_existing_order_and_never_reuses_ids(base):
    af, dt = base
    af2, a = add(af, dt, "GPE", "بغداد", {"ref": "baghdad"}, occurrence=3)
    assert a.id == "a0004"
    assert [x.id for x in af2.annotations][:3] == ["a0001", "a0002", "a0003"]
    af3 = replace(af2, annotations=af2.annotations[1:])
    assert af3.next_id() == "a0005"


# -- reanchor -------------------------------------------------------------------------------------

def _stored(*docs):
    layouts = {layout_of(d).sha256: layout_of(d) for d in docs}
    return layouts.get


def test_reanchor_through_the_diff_shifts_exactly_and_flags_changed_context(base):
    af, dt = base
    af, _ = add(af, dt, "GPE", "واشنطن", {"ref": "washington"})
    # a paragraph inserted before everything: block ids and offsets change, the words do not
    longer = make_doc(["تمهيد جديد طويل بما يكفي للسياق."] + [b.text for b in DOC.article],
                      [[b.text for b in DOC.comments[0].blocks]])
    new, outs = reanchor.reanchor(af, DocText(longer), _stored(DOC))
    st = {o.id: o.status for o in outs}
    # a0001 stood at the very start of the text: its (empty) prefix is no longer what precedes it
    assert st == {"a0001": "moved", "a0002": "shifted", "a0003": "shifted", "a0004": "shifted"}
    dt2 = DocText(longer)
    for a, b in zip(af.annotations, new.annotations):
        assert b.target.block == "p" + str(int(a.target.block[1:]) + 1)
        assert dt2.text[slice(*dt2.span(b.target))] == a.target.quote
    assert new.by_id()["a0001"].status == "moved" and new.by_id()["a0002"].status is None
    assert new.by_id()["a0001"].previous.target == af.by_id()["a0001"].target
    assert [i.annotation for i in issues(new, longer)] == ["a0001"]
    # confirming the proposed place clears the flag
    ok, _ = edit.accept(new, "a0001", dt2)
    assert issues(ok, longer) == [] and ok.by_id()["a0001"].previous is None


def test_reanchor_moved_fuzzy_ambiguous_orphaned_without_the_old_text(base):
    af, dt = base
    af, _ = add(af, dt, "GPE", "واشنطن", {"ref": "washington"})
    changed = make_doc(["تمهيد جديد.", "قال محمد شياع السوداني في بغداد إن بغداد آمنة جدا.", "وزار بغداد وفد من بغداد."],
                       [["انسحاب القوات خطأ جسيم", "سيلحق ضررا بالعراق"]])
    new, outs = reanchor.reanchor(af, DocText(changed))  # nothing stored: search only, everything flagged
    st = {o.id: o.status for o in outs}
    assert st == {"a0001": "moved", "a0002": "fuzzy", "a0003": "fuzzy", "a0004": "orphaned"}
    assert new.by_id()["a0002"].target.block == "p2" and new.by_id()["a0002"].target.start == 26
    assert 0 < new.by_id()["a0002"].score < 1
    assert new.by_id()["a0004"].status == "orphaned"
    assert len(new.annotations) == len(af.annotations)  # nothing dropped
    assert {i.annotation for i in issues(new, changed)} == {"a0001", "a0002", "a0003", "a0004"}
    # context decides between equal quotes; without context it is ambiguous
    a = af.by_id()["a0002"]
    bare = replace(af, annotations=(a.with_target(replace(a.target, prefix="", suffix="", block="gone")),))
    _, [o] = reanchor.reanchor(bare, DocText(changed))
    assert o.status == "ambiguous" and len(o.candidates) == 4


def test_reanchor_edit_inside_an_annotation_is_flagged_never_moved(base):
    af, dt = base
    changed = make_doc(["قال محمد شياع السوداني في بغداد إن بغدادي آمنة.", DOC.article[1].text],
                       [[b.text for b in DOC.comments[0].blocks]])
    new, outs = reanchor.reanchor(af, DocText(changed), _stored(DOC))
    st = {o.id: o.status for o in outs}
    assert st["a0003"] == "fuzzy" and st["a0001"] == "unchanged"
    assert st["a0002"] == "moved"  # its words are intact, but the edit is inside its 16-character suffix
    assert new.by_id()["a0003"].target.quote == "بغدادي آمنة"


def test_reanchor_same_text_is_unchanged(base):
    af, dt = base
    new, outs = reanchor.reanchor(af, dt)
    assert new == af and {o.status for o in outs} == {"unchanged"}


# -- agreement --------------------------------------------------------------------------------------

def test_kappa_hand_computed():
    # 10 items: A = 6 X / 4 O, B = 5 X / 5 O, agree on 5 X + 4 O -> po = .9, pe = .6*.5+.4*.5 = .5
    a = ["X"] * 6 + ["O"] * 4
    b = ["X"] * 5 + ["O"] * 5
    assert agree.kappa(a, b) == pytest.approx(0.8)
    assert agree.kappa(["O", "O"], ["O", "O"]) == 1.0
    assert agree.kappa(["A", "B"], ["B", "A"]) == pytest.approx(-1.0)


def test_span_scores_hand_computed():
    a = [("PER", 0, 5), ("GPE", 10, 15), ("GPE", 20, 25)]
    b = [("PER", 0, 5), ("GPE", 11, 15), ("ORG", 30, 35)]
    s = agree.span_scores(a, b)
    assert s["exact"]["all"]["tp"] == 1 and s["exact"]["all"]["precision"] == pytest.approx(1 / 3, abs=1e-4)
    assert s["overlap"]["all"]["tp"] == 2 and s["overlap"]["all"]["f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert s["exact"]["per_type"]["GPE"] == {"tp": 0, "ref": 2, "pred": 1, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert s["overlap"]["per_type"]["ORG"]["precision"] == 0.0


def test_agreement_on_files(base):
    af, dt = base
    b = edit.new_file(DOC, "second")
    b, _ = add(b, dt, "PER", "السوداني", {"ref": "sudani"})  # shorter span: overlap, not exact
    b, _ = add(b, dt, "GPE", "بغداد", {"ref": "baghdad"}, occurrence=1)
    r = agree.agreement(af, b, dt)
    assert r["spans"]["exact"]["all"]["tp"] == 1
    assert r["spans"]["overlap"]["all"]["tp"] == 2
    assert r["spans"]["overlap"]["per_type"]["QUOTE"]["recall"] == 0.0
    assert 0 < r["tokens"]["kappa_names"] < 1
    assert agree.agreement(af, af, dt)["tokens"]["kappa_names"] == 1.0


# -- merge -------------------------------------------------------------------------------------------

def test_merge_gold_and_conflicts(base):
    af, dt = base
    b = edit.new_file(DOC, "second")
    b, _ = add(b, dt, "PER", "محمد شياع السوداني", {"ref": "sudani"})
    b, _ = add(b, dt, "LOC", "بغداد", {}, occurrence=1)              # same span, other label
    b, _ = add(b, dt, "GPE", "واشنطن", {"ref": "washington"})        # only second
    gold, conflicts = merge.merge(af, b, dt)
    assert [a.id for a in gold.annotations] == ["a0001"]
    kinds = sorted(c["kind"] for c in conflicts)
    assert kinds == ["only-lead", "only-second", "same-span-different-label"]
    assert all(c["text"] == dt.text[c["span"][0]:c["span"][1]] for c in conflicts)
    assert issues(gold) == []


def test_merge_speaker_compared_by_entity_and_kept_when_its_mention_is_not_gold(base):
    af, dt = base                                   # QUOTE a0003 speaker = mention a0001 (sudani)
    b = edit.new_file(DOC, "second")
    b, m = add(b, dt, "PER", "السوداني", {"ref": "sudani"})          # other boundary, same entity
    b, _ = add(b, dt, "QUOTE", "بغداد آمنة", {"speaker": m.id})
    gold, conflicts = merge.merge(af, b, dt)
    q = next(a for a in gold.annotations if a.type == "QUOTE")
    assert q.attributes == {"speaker": "sudani"}    # the mention did not make it: the entity did
    assert "speaker-not-in-gold" not in {c["kind"] for c in conflicts}
    assert issues(gold) == []


# -- property: add-by-quote always anchors exactly ------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="ابتثجحخ دذرزسشص.،", min_size=1, max_size=30).map(str.strip).filter(bool),
                min_size=1, max_size=4), st.data())
def test_any_quote_found_anchors_to_its_text(paras, data):
    doc = make_doc(paras)
    dt = DocText(doc)
    s = data.draw(st.integers(0, len(dt.text) - 1))
    e = data.draw(st.integers(s + 1, len(dt.text)))
    q = dt.text[s:e]
    if q != q.strip() or not q.strip():
        return
    t = find(dt, q, occurrence=1)
    gs, ge = dt.span(t)
    assert dt.text[gs:ge] == q == t.quote
    assert dt.text[:gs].endswith(t.prefix) and dt.text[ge:].startswith(t.suffix)


# -- CLI --------------------------------------------------------------------------------------------

def test_cli_add_list_check_on_real_seed(tmp_path, monkeypatch):
    import shutil
    from pathlib import Path
    from corpus.cli.main import main
    root = Path(__file__).resolve().parents[1]
    (tmp_path / "seeds").mkdir()
    shutil.copy(root / "seeds" / "002_b4a12e420ae2588d.txt", tmp_path / "seeds")
    shutil.copy(root / "corpus.json", tmp_path)
    (tmp_path / "annotations").mkdir()
    shutil.copy(root / "annotations" / "entities.json", tmp_path / "annotations")
    monkeypatch.chdir(tmp_path)
    r = CliRunner()
    out = r.invoke(main, ["annotate", "template", "doc002_b4a12e420ae2588d", "--annotator", "x"])
    assert out.exit_code == 0 and "\tparagraph\t" in out.output
    f = "annotations/doc002_b4a12e420ae2588d/x.json"
    out = r.invoke(main, ["annotate", "add", f, "--type", "GPE", "--quote", "بغداد", "--attr", "ref=baghdad"])
    assert out.exit_code == 1 and "occurrence 1" in out.output and "Traceback" not in out.output
    out = r.invoke(main, ["annotate", "add", f, "--type", "GPE", "--quote", "بغداد", "--occurrence", "2", "--attr", "ref=baghdad"])
    assert out.exit_code == 0, out.output
    out = r.invoke(main, ["annotate", "add", f, "--type", "GPE", "--quote", "طهران", "--attr", "ref=nowhere"])
    assert out.exit_code == 1 and "not in the registry" in out.output
    out = r.invoke(main, ["annotate", "list", f])
    assert "a0001\tGPE\t" in out.output and "بغداد" in out.output
    assert r.invoke(main, ["annotate", "check", f]).exit_code == 0
    d = jsonio.read_json(f)
    d["annotations"][0]["target"]["end"] += 1
    Path(f).write_text(jsonio.dumps(d), encoding="utf-8")
    out = r.invoke(main, ["annotate", "check", f])
    assert out.exit_code == 1 and "[a0001]" in out.output and "does not match the text" in out.output


def test_missing_registry_is_one_clear_issue_not_a_flood(base, tmp_path, monkeypatch):
    af, _ = base
    folder = tmp_path / "elsewhere" / DOC.id
    folder.mkdir(parents=True)
    path = folder / "lead.json"
    jsonio.write_json(path, af.to_dict())
    monkeypatch.chdir(tmp_path)
    found = check.check_file(path, doc=DOC)
    assert len(found) == 1
    assert "no entity registry found" in found[0].message
    assert found[0].annotation is None
    # in a project, the text the offsets index must be kept beside the annotations
    found = check.check_file(path, doc=DOC, require_text=True)
    assert len(found) == 2 and "is not stored" in found[1].message and found[1].annotation is None
