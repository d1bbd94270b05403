"""The case of issue 9, end to end in a copy of the project: text inserted early in seed 004 (the
catalog updated), `corpus annotate reanchor`, `--write`, `check`, and the build.  a0044, a0045, a0066
and a0075 (four mentions of العراق) must end on their own words; a0045 used to be reported unchanged
on a0044's mention, a0044 and a0066 moved to the wrong occurrence, a0075 ambiguous."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.cli.main import main
from corpus.document import pipeline
from corpus.project import catalog
from corpus.standoff import io
from corpus.standoff.anchor import DocText

ROOT = Path(__file__).resolve().parents[1]
SEED = "004_2bbfc112856ad857.txt"
DOC = "doc004_2bbfc112856ad857"
WATCH = ("a0044", "a0045", "a0066", "a0075")
AT = "واشنطن - أكدت"


def _project(tmp_path: Path, insert: str) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    shutil.copy(ROOT / "corpus.json", root)
    shutil.copytree(ROOT / "seeds", root / "seeds")
    shutil.copytree(ROOT / "annotations", root / "annotations")
    raw = (root / "seeds" / SEED).read_text(encoding="utf-8")
    assert raw.count(AT) == 1
    (root / "seeds" / SEED).write_text(raw.replace(AT, AT.replace(" - ", " - " + insert), 1), encoding="utf-8")
    catalog.write(root / "seeds", catalog.scan(root / "seeds"))
    return root


def _run(args):
    return CliRunner().invoke(main, args, catch_exceptions=False)


@pytest.mark.parametrize("insert", ["قالت مصادر في العراق ", "قالت مصادر في العراق: "],
                         ids=["21 characters", "22 characters (a0044 lands on a0045's old offsets)"])
def test_seed004_insertion_every_annotation_stays_on_its_words(tmp_path, insert):
    assert len(insert) in (21, 22)
    root = _project(tmp_path, insert)
    file = root / "annotations" / DOC / "lead.json"
    old = io.load_file(file)
    old_dt = DocText(pipeline.process_file(ROOT / "seeds" / SEED))
    new_dt = DocText(pipeline.process_file(root / "seeds" / SEED))
    assert new_dt.text == old_dt.text.replace(AT, AT.replace(" - ", " - " + insert), 1)
    shift = len(insert)

    r = _run(["annotate", "reanchor", str(file), "--root", str(root), "--json"])
    out = json.loads(r.stdout)
    status = {o["id"]: o["status"] for o in out["outcomes"]}
    for i in WATCH:
        assert status[i] == "shifted", (i, status.get(i))
    # the edit is in p1 before every annotation of p1 but the first one's context: those shift, the
    # rest of the document is unchanged; nothing is flagged but what the insertion touched
    flagged = {i for i, s in status.items() if s not in ("unchanged", "shifted")}
    near = {a.id for a in old.annotations
            if abs(old_dt.span(a.target)[0] - old_dt.text.index(AT) - len("واشنطن - ")) <= 16 + len(a.target.quote)}
    assert flagged <= near
    assert r.exit_code == (1 if flagged else 0)

    r = _run(["annotate", "reanchor", str(file), "--root", str(root), "--write", "-q"])
    new = io.load_file(file)
    assert new.text_sha256 == new_dt.sha256
    assert (root / "annotations" / ".texts" / f"{new_dt.sha256}.tsv").is_file()  # the new text is kept
    for a in old.annotations:
        b = new.by_id()[a.id]
        s, e = old_dt.span(a.target)
        if a.id in flagged:
            assert b.status and b.previous.target == a.target and b.previous.text_sha256 == old.text_sha256
            continue
        if s >= old_dt.text.index(AT) + len("واشنطن - "):
            s, e = s + shift, e + shift
        assert new_dt.span(b.target) == (s, e), a.id
        assert b.target.quote == a.target.quote and b.status is None
        assert (b.target.prefix, b.target.suffix) == (a.target.prefix, a.target.suffix), a.id
    for i in WATCH:  # on its own mention of العراق, with the 16 characters around it as before
        s, e = new_dt.span(new.by_id()[i].target)
        os_, oe = old_dt.span(old.by_id()[i].target)
        assert new_dt.text[s:e] == "العراق" and new_dt.text[s - 16:e + 16] == old_dt.text[os_ - 16:oe + 16]

    # the build refuses the flagged ones by name until they are confirmed, then exports them all
    build = ["build", "--seeds", str(root / "seeds"), "-o", str(root / "build"), "-q",
             "--config", str(root / "corpus.json"), "--annotations", str(root / "annotations")]
    r = _run(build)
    if flagged:
        assert r.exit_code == 1 and sorted(flagged)[0] in r.stderr and "corpus annotate move" in r.stderr
        for i in sorted(flagged):
            r = _run(["annotate", "move", str(file), i, "--accept", "--root", str(root), "-q"])
            assert r.exit_code == 0, r.stderr
        r = _run(build)
    assert r.exit_code == 0, r.stderr
    assert _run(["annotate", "check", str(file), "--root", str(root), "-q"]).exit_code == 0
    report = json.loads((root / "build" / "report.json").read_text(encoding="utf-8"))
    doc = next(d for d in report["documents"] if d["doc_id"] == DOC)
    assert doc["annotation_file"] == "lead.json" and doc["annotations"] == len(old.annotations)
