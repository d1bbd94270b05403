"""The real project released end to end: the five seeds, the committed annotations, corpus.json."""
from __future__ import annotations

import json
import shutil

import pytest

from corpus.tei import teicorpus
from corpus.tei import validate as teivalidate
from corpus.release.make import Project, release
from corpus.release.verify import verify

from release_fixtures import ROOT


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory):
    """Two releases of the working tree into two dist folders (the inputs are copied once so that both
    runs see the same commit)."""
    tmp = tmp_path_factory.mktemp("seeds")
    root = tmp / "proj"
    root.mkdir()
    for name in ("seeds", "annotations", "docs"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, root / name)
    for name in ("corpus.json", "CHANGELOG.md"):
        shutil.copy(ROOT / name, root / name)
    version = json.loads((root / "corpus.json").read_text(encoding="utf-8"))["version"]
    return [release(version, Project(root=root, dist=tmp / f"dist{i}")) for i in (1, 2)]


def test_real_release_is_reproducible(two_releases):
    a, b = two_releases
    assert a.archive.read_bytes() == b.archive.read_bytes()


def test_real_release_verifies_against_the_seeds(two_releases):
    res = two_releases[0]
    rep = verify(res.archive, seeds_dir=ROOT / "seeds")
    assert rep.ok, rep.lines()
    assert rep.files == res.files - 1


def test_real_corpus_file_resolves_and_is_valid_tei(two_releases):
    res = two_releases[0]
    tree = teicorpus.resolve(res.folder / "corpus.xml")
    parts = tree.getroot().findall(f"{{{teicorpus.TEI_NS}}}TEI")
    assert len(parts) == len(list((ROOT / "seeds").glob("*.txt"))) == 5
    assert teivalidate.tei_all_schema().validate(tree), teivalidate.tei_all_schema().error_log
    measure = tree.getroot().find(f".//{{{teicorpus.TEI_NS}}}measure[@unit='documents']")
    assert measure.get("quantity") == "5"
