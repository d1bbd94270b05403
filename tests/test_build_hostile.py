"""The build against hostile input and faults (issue 12): a named error per document, never an abort;
annotations that `annotate check` rejects never exported; links refused; killed runs cleaned up;
one build per folder; `validate` checks completeness; releases finish after a kill."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus import jsonio
from corpus.build import complete, guard
from corpus.build import run as build
from corpus.cli.main import main
from corpus.errors import InputError
from corpus.project import catalog

ROOT = Path(__file__).resolve().parents[1]
SEED = "002_b4a12e420ae2588d.txt"
OTHER = "004_2bbfc112856ad857.txt"
DOC = "doc002_b4a12e420ae2588d"


def _project(tmp: Path, names=(SEED, OTHER)) -> Path:
    (tmp / "seeds").mkdir(parents=True)
    for n in names:
        shutil.copy(ROOT / "seeds" / n, tmp / "seeds" / n)
    catalog.write(tmp / "seeds", catalog.scan(tmp / "seeds"))
    (tmp / "annotations").mkdir()
    shutil.copy(ROOT / "annotations" / "entities.json", tmp / "annotations")
    shutil.copytree(ROOT / "annotations" / DOC, tmp / "annotations" / DOC)
    for f in (tmp / "annotations" / DOC).glob("second*.json"):
        f.unlink()
    shutil.copy(ROOT / "corpus.json", tmp)
    return tmp


def _build(p: Path, **kw):
    kw.setdefault("keep_going", True)
    return build.build_corpus(p / "seeds", p / "build", annotations_dir=p / "annotations", **kw)


def _lead(p: Path) -> Path:
    return p / "annotations" / DOC / "lead.json"


def _mutate(p: Path, fn) -> None:
    path = _lead(p)
    d = json.loads(path.read_text(encoding="utf-8"))
    out = fn(d)
    path.write_text(out if isinstance(out, str) else json.dumps(d, ensure_ascii=False), encoding="utf-8")


def _set(ann_index, **target):
    def fn(d):
        d["annotations"][ann_index]["target"].update(target)
    return fn


# -- the per-document boundary ------------------------------------------------------------------
BROKEN = {
    "unknown block": (_set(0, block="nope"), "block 'nope' does not exist"),
    "offsets out of range": (_set(0, start=0, end=99999), "outside block"),
    "reversed offsets": (_set(0, start=5, end=0), "empty or reversed span"),
    "duplicate ids": (lambda d: d["annotations"][1].update(id=d["annotations"][0]["id"]), "is used 2 times"),
    "start 0.0": (lambda d: d["annotations"][0]["target"].update(start=0.0), "0.0 is not of type 'integer'"),
    "deep nesting": (lambda d: json.dumps(d)[:-1] + ', "note": ' + "[" * 5000 + "]" * 5000 + "}", "nested too deeply"),
    "duplicate keys": (lambda d: json.dumps(d)[:-1] + ', "document": "x"}', "key 'document' appears twice"),
    "quote not matching": (_set(0, quote="بغداد"), "does not match the text"),
    "another document's id": (lambda d: d.update(document="doc004_2bbfc112856ad857"), "file says document"),
    "speaker on a place": (lambda d: d["annotations"][0]["attributes"].update(speaker="a0020"),
                           "attribute 'speaker' is not allowed on GPE"),
    "not an object": (lambda d: "[1, 2]", "is not of type 'object'"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_annotation_file_fails_its_document_by_name_and_the_build_goes_on(tmp_path, case):
    p = _project(tmp_path)
    fn, msg = BROKEN[case]
    _mutate(p, fn)
    report = _build(p)
    by_file = {d.file: d for d in report.documents}
    bad, good = by_file[SEED], by_file[OTHER]
    assert good.ok and not bad.ok
    text = bad.error + " " + " ".join(bad.problems)
    assert "lead.json" in text and msg in text, text
    assert not (p / "build" / "json" / f"{DOC}.json").exists(), "a refused document is not exported"
    data = jsonio.read_json(p / "build" / "report.json")
    assert data["totals"]["documents_failed"] == 1 and data["totals"]["documents_ok"] == 1


def test_any_exception_becomes_a_named_error_and_the_report_is_written(tmp_path, monkeypatch):
    p = _project(tmp_path)

    def boom(*a, **k):
        raise KeyError("t9")

    monkeypatch.setattr(build, "_markup", boom)
    for keep_going in (True, False):
        report = _build(p, keep_going=keep_going)
        assert not report.ok
        err = report.documents[0].error
        assert err.startswith(report.documents[0].file) and "KeyError" in err and "what to do" in err
        assert len(jsonio.read_json(p / "build" / "report.json")["documents"]) == (2 if keep_going else 1)


def test_a_file_name_too_long_for_the_file_system(tmp_path):
    p = _project(tmp_path, names=(OTHER,))
    data = (ROOT / "seeds" / SEED).read_bytes()
    ok_name, long_name = "a" * 236 + ".txt", "b" * 251 + ".txt"  # 240 and 255 characters
    (p / "seeds" / ok_name).write_bytes(data)
    (p / "seeds" / long_name).write_bytes(data)
    catalog.write(p / "seeds", catalog.scan(p / "seeds"))
    report = _build(p)
    by_file = {d.file: d for d in report.documents}
    assert by_file[ok_name].ok, by_file[ok_name].error
    assert not by_file[long_name].ok and "too long for the file system" in by_file[long_name].error
    assert "rename the seed" in by_file[long_name].error
    assert by_file[OTHER].ok and (p / "build" / "report.json").is_file()
    out = CliRunner().invoke(main, ["build", "--seeds", str(p / "seeds"), "-o", str(p / "b2"), "-q",
                                    "--annotations", str(p / "annotations"), "--config", str(p / "corpus.json")])
    assert out.exit_code == 1 and "too long for the file system" in out.output and "Traceback" not in out.output


# -- seeds that are not regular files -------------------------------------------------------------
def test_symlinked_and_special_seeds_are_refused_with_a_message(tmp_path):
    p = _project(tmp_path, names=(OTHER,))
    real = tmp_path / "elsewhere.txt"
    shutil.copy(ROOT / "seeds" / SEED, real)
    (p / "seeds" / SEED).symlink_to(real)
    entries = [s.to_dict() for s in catalog.load(p / "seeds")]
    entries.append({"file": SEED, "sha256": hashlib.sha256(real.read_bytes()).hexdigest(), "bytes": real.stat().st_size})
    jsonio.write_json(p / "seeds" / "catalog.json", {"catalog_version": "1.0", "seeds": entries})
    report = _build(p)
    bad = next(d for d in report.documents if d.file == SEED)
    assert not bad.ok and "is a symbolic link" in bad.error and "--follow-symlinks" in bad.error
    assert _build(p, follow_symlinks=True).ok
    (p / "seeds" / SEED).unlink()
    os.mkfifo(p / "seeds" / SEED)  # would block a reader forever
    bad = next(d for d in _build(p).documents if d.file == SEED)
    assert "not a regular file" in bad.error


def test_a_link_to_etc_passwd_never_reaches_the_build(tmp_path):
    p = _project(tmp_path, names=(OTHER,))
    (p / "seeds" / "passwd.txt").symlink_to("/etc/passwd")
    entries = [s.to_dict() for s in catalog.load(p / "seeds")]
    entries.append({"file": "passwd.txt", "sha256": "0" * 64, "bytes": 1})
    jsonio.write_json(p / "seeds" / "catalog.json", {"catalog_version": "1.0", "seeds": entries})
    report = _build(p)
    assert "passwd.txt" in next(d.error for d in report.documents if not d.ok)
    assert not any("root:" in f.read_text() for f in (p / "build" / "json").glob("*.json"))


# -- killed runs, two runs -------------------------------------------------------------------------
def test_temp_files_of_a_killed_build_are_removed_by_the_next(tmp_path):
    p = _project(tmp_path)
    _build(p)
    left = [p / "build" / "json" / f".{DOC}.json.k1ll3d.tmp", p / "build" / "tei" / ".x.xml.abc.tmp",
            p / "build" / ".report.json.zz.tmp"]
    for f in left:
        f.write_text("half")
    assert _build(p).ok
    assert not any(f.exists() for f in left)


def test_two_builds_cannot_write_one_folder(tmp_path):
    p = _project(tmp_path)
    with guard.BuildLock(p / "build"):
        with pytest.raises(InputError, match="another build is writing to this folder"):
            _build(p)
        out = CliRunner().invoke(main, ["build", "--seeds", str(p / "seeds"), "-o", str(p / "build"),
                                        "--config", str(p / "corpus.json")])
        assert out.exit_code == 1 and "another build is writing" in out.output
    assert _build(p).ok


def test_validate_checks_completeness_against_catalog_and_report(tmp_path):
    p = _project(tmp_path)
    assert _build(p).ok
    b = p / "build"
    assert complete.problems(b, p / "seeds") == []
    (b / "tei" / f"{DOC}.xml").unlink()
    (b / "report.json").unlink()
    found = complete.problems(b, p / "seeds")
    assert any("no TEI file" in x for x in found) and any("report.json: missing" in x for x in found)
    out = CliRunner().invoke(main, ["validate", str(b), "--seeds", str(p / "seeds")])
    assert out.exit_code == 1 and "the build is incomplete" in out.output
    # a document from another build of another seed version
    assert _build(p).ok
    d = jsonio.read_json(b / "json" / f"{DOC}.json")
    d["source"]["sha256"] = "f" * 64
    jsonio.write_json(b / "json" / f"{DOC}.json", d)
    assert any("built from another version" in x for x in complete.problems(b, p / "seeds"))
    catalog.write(p / "seeds", [s for s in catalog.load(p / "seeds") if s.file != SEED])
    assert any("no catalogued seed makes this document" in x for x in complete.problems(b, p / "seeds"))


# -- releases after a kill ------------------------------------------------------------------------
def test_a_release_killed_before_the_archive_write_is_finished_by_the_next(tmp_path):
    from release_fixtures import FakeBuild, make_project
    from corpus.release.make import Project, release
    from corpus.release.verify import content_problems

    root = make_project(tmp_path)
    first = release("0.1.0", Project(root=root), builder=FakeBuild(), checker=content_problems)
    good = first.archive.read_bytes()
    first.archive.unlink()  # killed after the folder was moved in, before the archive was written
    (root / "dist" / f".{first.folder.name}.abc123").mkdir()  # a killed run's work folder
    (root / "dist" / ".x.tar.gz.zz.tmp").write_bytes(b"half")
    logs = []
    again = release("0.1.0", Project(root=root), builder=FakeBuild(), checker=content_problems, log=logs.append)
    assert again.archive.read_bytes() == good
    assert any("interrupted" in m for m in logs)
    assert sorted(x.name for x in (root / "dist").iterdir()) == sorted([first.archive.name, first.folder.name])
    # a folder that differs from what the release builds is not silently replaced
    first.archive.unlink()
    (first.folder / "README.md").write_text("edited")
    from corpus.errors import ConfigError
    with pytest.raises(ConfigError, match="differs from what this release builds"):
        release("0.1.0", Project(root=root), builder=FakeBuild(), checker=content_problems)


# -- catalog --------------------------------------------------------------------------------------
def test_catalog_add_with_a_folder_named_txt_and_an_upper_case_name(tmp_path):
    p = _project(tmp_path, names=(OTHER,))
    (p / "seeds" / "x.txt").mkdir()
    shutil.copy(ROOT / "seeds" / SEED, p / "seeds" / "UPPER.TXT")
    (p / "seeds" / "link.txt").symlink_to(ROOT / "seeds" / SEED)
    out = CliRunner().invoke(main, ["catalog", "--seeds", str(p / "seeds"), "--add"])
    assert out.exit_code == 0, out.output
    assert "x.txt: a folder, not a seed file" in out.output and "link.txt: a symbolic link" in out.output
    assert "UPPER.TXT: seed names end in lower-case .txt (rename it to UPPER.txt" in out.output
    assert "added 0 seeds" in out.output
    (p / "seeds" / "UPPER.TXT").rename(p / "seeds" / "UPPER.txt")
    out = CliRunner().invoke(main, ["catalog", "--seeds", str(p / "seeds"), "--add"])
    assert out.exit_code == 0 and "added 1 seeds" in out.output
    assert [s.file for s in catalog.load(p / "seeds")] == [OTHER, "UPPER.txt"]


# -- annotate: names and paths --------------------------------------------------------------------
@pytest.mark.parametrize("args,msg", [
    (["template", DOC, "--annotator", "../../../x"], "annotator '../../../x' is not a valid name"),
    (["template", DOC, "--annotator", "/tmp/x"], "is not a valid name"),
    (["template", "../../x"], "document id '../../x' is not a valid name"),
    (["template", DOC, "--annotator", "a b"], "is not a valid name"),
    (["add", "/tmp/hostile-x/evil.json", "--type", "GPE", "--quote", "x"], "outside the project"),
    (["add", "../evil/x.json", "--type", "GPE", "--quote", "x"], "outside the project"),
    (["add", "annotations/../../x.json", "--type", "GPE", "--quote", "x"], "outside the project"),
])
def test_annotate_arguments_are_confined_to_the_project(tmp_path, monkeypatch, args, msg):
    p = _project(tmp_path / "proj")
    monkeypatch.chdir(p)
    before = sorted(x for x in tmp_path.rglob("*"))
    out = CliRunner().invoke(main, ["annotate"] + args)
    assert out.exit_code == 1 and msg in out.output and "Traceback" not in out.output, out.output
    assert sorted(x for x in tmp_path.rglob("*")) == before
    assert not Path("/tmp/hostile-x").exists()
