"""The annotator's workflow through the CLI, in a copy of the project: edit without touching offsets
(add validated like check, remove, move, whole-comment STANCE), explicit export, merge outside
annotations/, agreement on attributes, duplicate spans, --root and life outside a project."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.cli.main import main
from corpus.standoff import agree, io, selection
from corpus.standoff.anchor import DocText
from corpus.standoff.docs import load_document

ROOT = Path(__file__).resolve().parents[1]
D2 = "doc002_b4a12e420ae2588d"
D1 = "doc001_868e95aa441b7ad2"


def _run(args, **kw):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, **kw)


@pytest.fixture
def proj(tmp_path):
    root = tmp_path / "proj"
    root.mkdir()
    shutil.copy(ROOT / "corpus.json", root)
    shutil.copytree(ROOT / "seeds", root / "seeds")
    shutil.copytree(ROOT / "annotations", root / "annotations")
    return root


def test_add_refuses_a_bad_date_in_words_and_writes_nothing(proj):
    f = proj / "annotations" / D2 / "lead.json"
    before = f.read_bytes()
    r = _run(["annotate", "add", f, "--type", "DATE", "--quote", "العراق", "--occurrence", "1",
              "--attr", "when=August", "--root", proj])
    assert r.exit_code == 1
    assert "when must be an ISO 8601 date such as 2021-08 or --08-15" in r.stderr and "August" in r.stderr
    assert "^[0-9]" not in r.stderr  # no raw regular expression
    assert f.read_bytes() == before
    # a calendar-impossible date: the same rule, the same words as `check` would use
    r = _run(["annotate", "add", f, "--type", "DATE", "--quote", "العراق", "--occurrence", "1",
              "--attr", "when=2021-02-30", "--root", proj])
    assert r.exit_code == 1 and "when must be an ISO 8601 date" in r.stderr and f.read_bytes() == before
    # an attribute the type does not take
    r = _run(["annotate", "add", f, "--type", "GPE", "--quote", "العراق", "--occurrence", "1",
              "--attr", "stance=neutral", "--root", proj])
    assert r.exit_code == 1 and "not allowed on GPE" in r.stderr and f.read_bytes() == before


def test_check_reports_a_hand_written_bad_date_in_words(proj):
    f = proj / "annotations" / D2 / "lead.json"
    data = json.loads(f.read_text(encoding="utf-8"))
    k = next(i for i, a in enumerate(data["annotations"]) if a["type"] == "DATE")
    data["annotations"][k]["attributes"] = {"when": "August"}
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = _run(["annotate", "check", f, "--root", proj])
    assert r.exit_code == 1 and "when must be an ISO 8601 date such as 2021-08 or --08-15" in r.stderr and "not 'August'" in r.stderr
    r = _run(["annotate", "list", f, "--root", proj])
    assert r.exit_code == 1 and "when must be an ISO 8601 date" in r.stderr


def test_remove_move_and_a_whole_comment_stance(proj):
    f = proj / "annotations" / D1 / "lead.json"
    af = io.load_file(f)
    dt = DocText(load_document(D1, proj))
    stance = next(a for a in af.annotations if a.type == "STANCE")
    comment = dt.comment_of[stance.target.block]
    # remove the stance, add it back on the whole comment by its id
    r = _run(["annotate", "remove", f, stance.id, "--root", proj, "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["removed"]["id"] == stance.id
    assert stance.id not in io.load_file(f).by_id()
    r = _run(["annotate", "add", f, "--type", "STANCE", "--comment", comment,
              "--attr", f"stance={stance.attributes['stance']}", "--root", proj, "--json"])
    assert r.exit_code == 0, r.stderr
    added = json.loads(r.stdout)["added"]
    assert added["target"] == stance.target.to_dict()  # exactly the span the lead had drawn by hand
    assert _run(["annotate", "check", f, "--root", proj]).exit_code == 0
    # --comment is only for a STANCE; an unknown comment is named
    assert "only a STANCE" in _run(["annotate", "add", f, "--type", "PER", "--comment", comment, "--root", proj]).stderr
    assert "no comment 'c99'" in _run(["annotate", "add", f, "--type", "STANCE", "--comment", "c99",
                                       "--attr", "stance=neutral", "--root", proj]).stderr
    # move a mention of العراق to another occurrence, by quote and occurrence; offsets are never typed
    iraq = next(a for a in af.annotations if a.target.quote == "العراق")
    r = _run(["annotate", "move", f, iraq.id, "--occurrence", "1", "--root", proj, "--json"])
    assert r.exit_code == 0, r.stderr
    moved = io.load_file(f).by_id()[iraq.id]
    assert dt.span(moved.target) == (dt.text.index("العراق"), dt.text.index("العراق") + 6)
    # a quote that occurs several times without a choice: the occurrences are listed, nothing written
    before = f.read_bytes()
    r = _run(["annotate", "move", f, iraq.id, "--root", proj])
    assert r.exit_code == 1 and "--occurrence 2:" in r.stderr and f.read_bytes() == before
    # a speaker cannot be removed from under its quotations
    spk = next(a.attributes["speaker"] for a in af.annotations if a.attributes.get("speaker") in af.by_id())
    r = _run(["annotate", "remove", f, spk, "--root", proj])
    assert r.exit_code == 1 and "speaker of" in r.stderr and f.read_bytes() == before


def test_check_reports_duplicate_spans(proj):
    f = proj / "annotations" / D2 / "lead.json"
    data = json.loads(f.read_text(encoding="utf-8"))
    dup = dict(data["annotations"][0], id="a9999")
    data["annotations"].append(dup)
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = _run(["annotate", "check", f, "--root", proj])
    assert r.exit_code == 1 and "[a9999]: duplicate:" in r.stderr and "annotate remove a9999" in r.stderr


def test_merge_writes_conflicts_outside_annotations_and_never_overwrites(proj):
    a = proj / "annotations" / D2 / "lead.json"
    b = proj / "annotations" / D2 / "second.json"
    gold = proj / "annotations" / D2 / "gold.json"
    r = _run(["annotate", "merge", a, b, "-o", gold, "--root", proj, "--json"])
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    conflicts = Path(out["conflicts_file"])
    assert conflicts == proj / "curation" / D2 / "gold.conflicts.json" and conflicts.is_file()
    assert not list((proj / "annotations").rglob("*.conflicts.json"))
    before = gold.read_bytes()
    r = _run(["annotate", "merge", a, b, "-o", gold, "--root", proj])
    assert r.exit_code == 1 and "--force" in r.stderr and gold.read_bytes() == before
    r = _run(["annotate", "merge", a, b, "-o", gold, "--conflicts", proj / "annotations" / D2 / "x.json",
              "--root", proj, "--force"])
    assert r.exit_code == 1 and "must not go into annotations/" in r.stderr
    assert _run(["annotate", "merge", a, b, "-o", gold, "--root", proj, "--force"]).exit_code == 0
    # gold now comes first in corpus.json's order: the build says so, and warns that it is much smaller
    sel = selection.choose(proj / "annotations", D2, ["gold", "lead"])
    assert sel.annotator == "gold"
    assert any("exported gold.json has" in w and "lead.json has" in w for w in sel.warnings) == \
        (out["agreed"] < 0.5 * len(io.load_file(a).annotations))


def test_export_is_explicit_and_an_annotator_named_anything_is_exported(tmp_path):
    ann = tmp_path / "annotations"
    (ann / D2).mkdir(parents=True)
    shutil.copy(ROOT / "annotations" / D2 / "lead.json", ann / D2 / "alice.json")
    data = json.loads((ann / D2 / "alice.json").read_text(encoding="utf-8"))
    data["annotator"] = "alice"
    (ann / D2 / "alice.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    # default order gold, lead, then anyone: alice is exported
    sel = selection.choose(ann, D2, None)
    assert sel.annotator == "alice" and sel.warnings == []
    # an explicit list that leaves her out: nothing exported, and a warning that says so
    sel = selection.choose(ann, D2, ["gold", "lead"])
    assert sel.path is None and "alice.json exist but none is exported" in sel.warnings[0]
    # a small preferred file next to a big one: warned
    small = dict(data, annotator="bob", annotations=data["annotations"][:3])
    (ann / D2 / "bob.json").write_text(json.dumps(small, ensure_ascii=False), encoding="utf-8")
    sel = selection.choose(ann, D2, ["bob", "alice"])
    assert sel.annotator == "bob" and "bob.json has 3 annotation(s), alice.json has" in sel.warnings[0]


def test_the_build_says_which_file_it_exported(proj):
    cfg = json.loads((proj / "corpus.json").read_text(encoding="utf-8"))
    del cfg["annotations"]  # a new corpus without the setting
    (proj / "corpus.json").write_text(json.dumps(cfg), encoding="utf-8")
    shutil.move(proj / "annotations" / D2 / "lead.json", proj / "annotations" / D2 / "alice.json")
    data = json.loads((proj / "annotations" / D2 / "alice.json").read_text(encoding="utf-8"))
    (proj / "annotations" / D2 / "alice.json").write_text(json.dumps(dict(data, annotator="alice")), encoding="utf-8")
    for other in ("second.json", "second_f.json"):
        (proj / "annotations" / D2 / other).unlink()
    r = _run(["build", "--seeds", proj / "seeds", "-o", proj / "build", "--annotations", proj / "annotations",
              "--config", proj / "corpus.json"])
    assert r.exit_code == 0, r.stderr
    assert f"{D2}: annotations exported from alice.json ({len(data['annotations'])})" in r.stderr
    report = json.loads((proj / "build" / "report.json").read_text(encoding="utf-8"))
    d = next(x for x in report["documents"] if x["doc_id"] == D2)
    assert d["annotation_file"] == "alice.json" and d["annotations"] == len(data["annotations"])
    assert 'xml:id="doc002_b4a12e420ae2588d.ann.a0001"' in (proj / "build" / "tei" / f"{D2}.xml").read_text(encoding="utf-8")


def test_documents_come_from_the_seed_never_from_a_stale_build(proj):
    # a failed or old build left a different text in build/json: it is ignored
    stale = proj / "build" / "json" / f"{D2}.json"
    stale.parent.mkdir(parents=True)
    doc = load_document(D2, proj)
    d = doc.to_dict()
    d["article"][1]["text"] = "نص قديم"
    stale.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    f = proj / "annotations" / D2 / "lead.json"
    r = _run(["annotate", "reanchor", f, "--root", proj, "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["summary"]["unchanged"] == len(io.load_file(f).annotations)
    assert _run(["annotate", "check", f, "--root", proj]).exit_code == 0


def test_root_option_and_a_clear_error_outside_a_project(proj, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    r = _run(["annotate", "template", D2, "--annotator", "zed"])
    assert r.exit_code == 1 and "not inside a corpus project" in r.stderr and "--root" in r.stderr
    assert "Traceback" not in r.stderr
    r = _run(["annotate", "template", D2, "--annotator", "zed", "--root", elsewhere])
    assert r.exit_code == 1 and "--root is not a corpus project" in r.stderr
    r = _run(["annotate", "template", D2, "--annotator", "zed", "--root", proj, "-q"])
    assert r.exit_code == 0 and (proj / "annotations" / D2 / "zed.json").is_file()
    r = _run(["annotate", "check", "--root", proj])
    assert r.exit_code == 0, r.stderr


def test_agreement_on_attributes_and_no_kappa_without_items():
    dt = DocText(load_document(D2, ROOT))
    fa = io.load_file(ROOT / "annotations" / D2 / "lead.json")
    fb = io.load_file(ROOT / "annotations" / D2 / "second.json")
    r = agree.agreement(fa, fb, dt)
    assert set(r["attributes"]) == {"ref", "when", "speaker"}
    assert r["attributes"]["ref"]["pairs"] > 20
    # change one ref in B: exactly one disagreement more
    k = next(i for i, a in enumerate(fb.annotations) if a.attributes.get("ref") == "iraq")
    from dataclasses import replace
    b2 = replace(fb, annotations=fb.annotations[:k] + (replace(fb.annotations[k], attributes={"ref": "baghdad"}),)
                 + fb.annotations[k + 1:])
    r2 = agree.agreement(fa, b2, dt)
    if any(dt.span(a.target) == dt.span(fb.annotations[k].target) and a.type == "GPE" for a in fa.annotations):
        assert r2["attributes"]["ref"]["agree"] == r["attributes"]["ref"]["agree"] - 1
    # no quotations on either side: no kappa for them, and none printed
    no_q = replace(fa, annotations=tuple(a for a in fa.annotations if a.type != "QUOTE"))
    no_q_b = replace(fb, annotations=tuple(a for a in fb.annotations if a.type != "QUOTE"))
    r3 = agree.agreement(no_q, no_q_b, dt)
    assert r3["tokens"]["kappa_quote"] is None and r3["stance"]["kappa"] is None
    text = agree.format_report(r3)
    assert "kappa quotations n/a (no items)" in text and "stance:" not in text and "QUOTE" not in text
    assert "type" in text.splitlines()[1] and "F1" in text.splitlines()[1]  # labelled columns


def test_export_verifies_every_annotation_even_on_an_unchanged_text(proj):
    """A hand edit that puts an annotation on another occurrence of its quote (offsets changed, context
    not) is refused by the export, by name, although the text hash still matches."""
    from corpus.errors import ValidationError
    f = proj / "annotations" / D2 / "lead.json"
    dt = DocText(load_document(D2, proj))
    data = json.loads(f.read_text(encoding="utf-8"))
    k, a = next((i, a) for i, a in enumerate(data["annotations"])
                if len([o for o in range(len(dt.text)) if dt.text.startswith(a["target"]["quote"], o)]) > 1
                and "end_block" not in a["target"])
    q = a["target"]["quote"]
    here = dt.to_global(a["target"]["block"], a["target"]["start"])
    other = next(o for o in range(len(dt.text)) if dt.text.startswith(q, o) and o != here)
    b, s = dt.to_local(other)
    data["annotations"][k]["target"].update(block=b, start=s, end=s + len(q))
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValidationError, match=a["id"]):
        selection.exact_file(f, dt, proj / "annotations")


def test_other_exports_refuse_flagged_annotations(proj, tmp_path):
    f = proj / "annotations" / D2 / "lead.json"
    data = json.loads(f.read_text(encoding="utf-8"))
    data["annotations"][0]["status"] = "orphaned"
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = _run(["annotate", "export", f, "--format", "brat", "-o", tmp_path / "out", "--root", proj])
    assert r.exit_code == 1 and f"{data['annotations'][0]['id']} (orphaned)" in r.stderr
    assert not (tmp_path / "out").exists()
