"""The build on the real seeds: valid, deterministic, atomic, and clear about bad seeds."""
import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.build import run as build
from corpus.project import catalog
from corpus import jsonio
from corpus.text import raw as rawtext
from corpus.cli.main import main
from corpus.document.model import Document, reconstruct

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    report = build.build_corpus(SEEDS, out, annotations_dir=ROOT / "annotations")
    assert report.ok, [(d.file, d.error, d.problems[:3]) for d in report.documents]
    return out, report


def test_every_seed_is_built_and_valid(built):
    out, report = built
    seeds = catalog.load(SEEDS)
    assert len(report.documents) == len(seeds) == 5
    for seed in seeds:
        doc_id = next(d.doc_id for d in report.documents if d.file == seed.file)
        data = jsonio.read_json(out / "json" / f"{doc_id}.json")
        doc = Document.from_dict(data)
        raw = rawtext.read(SEEDS / seed.file)
        assert doc.source.sha256 == seed.sha256
        assert reconstruct(doc) == (SEEDS / seed.file).read_bytes().decode("utf-8-sig")
        assert (out / "tei" / f"{doc_id}.xml").is_file()
        # every non-blank raw line is in the document or in the removed list
        covered = {b.src.line for b in doc.blocks()} | {r.src.line for r in doc.removed}
        assert {ln.number for ln in raw.lines if not ln.blank} <= covered


def test_report_counts(built):
    out, report = built
    data = jsonio.read_json(out / "report.json")
    t = data["totals"]
    assert t["documents_ok"] == 5
    assert t["comments"] == 4  # the four reader comments on seed 001
    lines = by_rule = 0
    for p in sorted((out / "json").glob("*.json")):
        doc = Document.from_dict(jsonio.read_json(p))
        lines += len({r.src.line for r in doc.removed})
        by_rule += len(doc.removed)
    assert t["removed_lines"] == lines > 0
    assert sum(t["removed_by_rule"].values()) == by_rule
    assert t["paragraphs"] == sum(d["paragraphs"] for d in data["documents"]) > 50


def test_two_builds_and_parallel_builds_are_byte_identical(built, tmp_path):
    out, _ = built
    again = tmp_path / "again"
    par = tmp_path / "par"
    build.build_corpus(SEEDS, again, annotations_dir=ROOT / "annotations")
    build.build_corpus(SEEDS, par, annotations_dir=ROOT / "annotations", jobs=2)
    assert tree_digest(out) == tree_digest(again) == tree_digest(par)


def seeds_copy(tmp_path) -> Path:
    dst = tmp_path / "seeds"
    shutil.copytree(SEEDS, dst)
    return dst


def test_a_bad_seed_stops_the_build_unless_keep_going(tmp_path):
    sd = seeds_copy(tmp_path)
    (sd / "zz_broken.txt").write_bytes(b"\xd8\xa7\xff\xfe text")
    catalog.write(sd, catalog.scan(sd))
    runner = CliRunner()
    r = runner.invoke(main, ["build", "--seeds", str(sd), "--out", str(tmp_path / "b"), "--annotations", str(tmp_path / "none")])
    assert r.exit_code == 1
    assert "zz_broken.txt:1: invalid UTF-8 at byte offset 2" in r.output
    assert "Traceback" not in r.output
    r = runner.invoke(main, ["build", "--seeds", str(sd), "--out", str(tmp_path / "k"), "--keep-going",
                             "--annotations", str(tmp_path / "none")])
    assert r.exit_code == 1
    assert len(list((tmp_path / "k" / "json").glob("*.json"))) == 5
    assert "4 ok / 6" not in r.output and "5 ok / 6" in r.output


def test_an_edited_seed_is_refused(tmp_path):
    sd = seeds_copy(tmp_path)
    p = sorted(sd.glob("*.txt"))[2]
    p.write_bytes(p.read_bytes().replace("العرق".encode(), "العراق".encode()))
    r = CliRunner().invoke(main, ["build", "--seeds", str(sd), "--out", str(tmp_path / "b"), "--keep-going",
                                  "--annotations", str(tmp_path / "none")])
    assert r.exit_code == 1
    assert "does not match the catalog" in r.output and p.name in r.output


def test_interrupted_write_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "x.json"
    jsonio.write_json(target, {"a": 1})

    def boom(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        jsonio.write_json(target, {"a": 2})
    assert jsonio.read_json(target) == {"a": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]  # no temp file left behind


def test_validate_command_on_a_build(built, tmp_path):
    out, _ = built
    r = CliRunner().invoke(main, ["validate", str(out), "--seeds", str(SEEDS)])
    assert r.exit_code == 0, r.output
    assert "5 documents, 5 TEI files: all valid" in r.output
    bad = tmp_path / "bad"
    shutil.copytree(out, bad)
    victim = sorted((bad / "json").glob("*.json"))[0]
    data = jsonio.read_json(victim)
    data["article"][0]["src"]["start"] += 1
    data["article"][0]["src"]["end"] += 1
    jsonio.write_json(victim, data)
    r = CliRunner().invoke(main, ["validate", str(bad), "--seeds", str(SEEDS)])
    assert r.exit_code == 1
    assert f"{victim}: $.article[0].src" in r.output


def test_stale_documents_are_pruned(tmp_path):
    out = tmp_path / "b"
    (out / "json").mkdir(parents=True)
    (out / "json" / "docold.json").write_text("{}")
    report = build.build_corpus(SEEDS, out, validate_tei=False)
    assert report.ok
    assert not (out / "json" / "docold.json").exists()


def test_build_from_another_folder_finds_config_and_annotations(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["build", "--seeds", str(SEEDS), "--out", str(tmp_path / "b")])
    assert r.exit_code == 0, r.output
    ann = int(next(line.split()[-1] for line in r.output.splitlines() if line.startswith("annotations")))
    assert ann > 400
    tei_bytes = (tmp_path / "b" / "tei" / "doc001_868e95aa441b7ad2.xml").read_bytes()
    assert "corpus-ar-news-foreign-forces".encode() in tei_bytes
    r = CliRunner().invoke(main, ["build", "--seeds", str(SEEDS), "--out", str(tmp_path / "c"), "--config", "nope.json"])
    assert r.exit_code == 1 and "nope.json: corpus configuration not found" in r.output


def test_first_pass_finds_the_site_template_across_seeds(tmp_path):
    """Pages of one site in a build: the first pass sees their shared lines, the per-document work
    removes them as the site's template (with the count in the reason), in one or several jobs."""
    import shutil

    sd = tmp_path / "seeds"
    sd.mkdir()
    for p in sorted((ROOT / "tests" / "unseen" / "dev4").glob("alghad_*.txt")):
        shutil.copy(p, sd / p.name)
    catalog.write(sd, catalog.scan(sd))
    one, two = tmp_path / "one", tmp_path / "two"
    report = build.build_corpus(sd, one, validate_tei=False, site_profiles=False)
    assert report.ok and all(d.removed_by_rule.get("struct.site-template") for d in report.documents)
    build.build_corpus(sd, two, validate_tei=False, site_profiles=False, jobs=2)
    assert tree_digest(one / "json") == tree_digest(two / "json")
    doc = json.loads((one / "json" / "alghad_1.json").read_text(encoding="utf-8"))
    reasons = {r["reason"] for r in doc["removed"] if r["rule"] == "struct.site-template"}
    assert any("repeats on 3 of 3 pages" in r for r in reasons)
