"""The TEI judged by validators we did not write: jing (Java, James Clark's RELAX NG validator) and
xmllint, against the TEI's own tei_all.rng 4.8.0 and the project's stricter subset schema."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from corpus.build import run as build

ROOT = Path(__file__).resolve().parents[1]
TEI_ALL = ROOT / "src" / "corpus" / "tei" / "data" / "tei_all.rng"
SUBSET = ROOT / "schema" / "tei-corpus.rng"

needs_jing = pytest.mark.skipif(shutil.which("jing") is None, reason="jing not installed (.ci/run installs it)")
needs_xmllint = pytest.mark.skipif(shutil.which("xmllint") is None, reason="xmllint not installed (.ci/run installs it)")


@pytest.fixture(scope="module")
def tei_files(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("build")
    report = build.build_corpus(ROOT / "seeds", out, annotations_dir=ROOT / "annotations")
    assert report.ok
    files = sorted((out / "tei").glob("*.xml"))
    assert len(files) == 5
    return files


def _jing(schema: Path, files: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run(["jing", str(schema), *map(str, files)], capture_output=True, text=True, timeout=300)


@needs_jing
def test_jing_finds_every_seed_valid_against_tei_all_and_the_subset(tei_files):
    for schema in (TEI_ALL, SUBSET):
        r = _jing(schema, tei_files)
        assert r.returncode == 0, f"{schema.name}:\n{r.stdout}{r.stderr}"


@needs_jing
def test_jing_would_say_so_if_a_file_were_invalid(tei_files, tmp_path):
    bad = tmp_path / "bad.xml"
    text = tei_files[0].read_text(encoding="utf-8")
    bad.write_text(text.replace("<text ", "<texte ", 1).replace("</text>", "</texte>", 1), encoding="utf-8")
    r = _jing(TEI_ALL, [bad])
    assert r.returncode != 0 and "texte" in r.stdout


@needs_xmllint
def test_xmllint_finds_the_seeds_valid_against_the_subset_and_one_against_tei_all(tei_files):
    r = subprocess.run(["xmllint", "--noout", "--relaxng", str(SUBSET), *map(str, tei_files)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    r = subprocess.run(["xmllint", "--noout", "--relaxng", str(TEI_ALL), str(tei_files[1])],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
