"""Every engine writes the same bytes: -j1, -j2, Dask on a LocalCluster of 2 workers, an fsspec URL,
durability 'build' -- on the seeds and on 2,000 synthetic pages."""
from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import pytest

from corpus.build import engines, outputs
from corpus.build import run as build
from corpus.project import catalog

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import synthetic  # noqa: E402

distributed = pytest.importorskip("dask.distributed")


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def client():
    """Two small single-threaded worker processes (as on a real cluster: nothing shared with this
    process but the files), started once for the module (a few seconds)."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, memory_limit="1GiB",
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as c:
        yield c


def test_seeds_byte_identical_on_every_engine(tmp_path, client):
    ann = ROOT / "annotations"
    runs = {
        "j1": dict(jobs=1),
        "j2": dict(jobs=2),
        "dask": dict(client=client),
        "durability-build": dict(jobs=1, durability="build"),
    }
    trees = {}
    for name, kw in runs.items():
        rep = build.build_corpus(ROOT / "seeds", tmp_path / name, annotations_dir=ann, **kw)
        assert rep.ok and len(rep.documents) == 5, name
        trees[name] = digest(tmp_path / name)
    assert len(trees["j1"]) == 16  # 5 JSON + 5 TEI + 5 plain text + report.json
    for name, tree in trees.items():
        assert tree == trees["j1"], f"{name} differs from -j1"


def test_fsspec_url_target_byte_identical(tmp_path, client):
    import fsspec

    local = tmp_path / "local"
    build.build_corpus(ROOT / "seeds", local, annotations_dir=ROOT / "annotations")
    url = "memory://corpus-test/build"
    rep = build.build_corpus(ROOT / "seeds", url, annotations_dir=ROOT / "annotations", jobs=1)
    assert rep.ok
    fs = fsspec.filesystem("memory")
    got = {p.split("/build/", 1)[1]: hashlib.sha256(fs.cat_file(p)).hexdigest()
           for p in fs.find("/corpus-test/build")}
    assert got == digest(local)
    # a document dropped from the catalog is pruned from the URL target too
    seeds = catalog.load(ROOT / "seeds")
    rep = build.build_corpus(ROOT / "seeds", url, seeds=seeds[1:], jobs=1)
    assert rep.ok and len(fs.find("/corpus-test/build/json")) == 4
    fs.rm("/corpus-test", recursive=True)


@pytest.mark.slow
def test_two_thousand_synthetic_pages_dask_equals_local(tmp_path, client):
    """2,000 pages: Dask (2 workers) against 2 local processes, byte for byte, report included.
    Two full builds of 2,000 pages: ~30 s on an idle 2-core machine, so marked slow (CI runs it)."""
    seeds = synthetic.write_seeds(tmp_path / "seeds", 2000)
    local = build.build_corpus(seeds, tmp_path / "local", jobs=2, durability="build")
    assert local.ok and len(local.documents) == 2000
    dask = build.build_corpus(seeds, tmp_path / "dask", client=client, durability="build")
    assert [d.to_dict() for d in dask.documents] == [d.to_dict() for d in local.documents]
    assert digest(tmp_path / "dask") == digest(tmp_path / "local")
    assert len(list((tmp_path / "dask" / "tei").glob("*.xml"))) == 2000


def test_dask_stops_at_the_first_failure_and_keeps_going_when_asked(tmp_path, client):
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    first = catalog.load(seeds)[0]
    (seeds / first.file).write_bytes(b"edited after cataloguing")
    rep = build.build_corpus(seeds, tmp_path / "stop", client=client)
    assert not rep.ok and len(rep.documents) == 1 and "SHA-256" in rep.documents[0].error
    rep = build.build_corpus(seeds, tmp_path / "go", client=client, keep_going=True)
    assert [d.ok for d in rep.documents] == [False, True, True, True, True]
    assert len(list((tmp_path / "go" / "json").glob("*.json"))) == 4


def test_results_come_back_in_item_order_whatever_finishes_first():
    import time

    def slow_first(x):
        time.sleep(0.02 if x % 7 == 0 else 0)
        return x

    assert list(engines.run_local(slow_first, list(range(50)), jobs=1)) == list(range(50))


def test_unknown_engine_and_durability_are_refused():
    with pytest.raises(ValueError, match="engine"):
        list(engines.run(lambda x: x, [1], engine="spark"))
    with pytest.raises(ValueError, match="durability"):
        outputs.Target("build", durability="never")


def test_an_invalid_tei_tree_is_reported_with_the_lines_of_the_file(tmp_path, monkeypatch):
    """The build validates the tree it serialised (no parse back); a failure is explained from the
    bytes, so each error still names its line."""
    from lxml import etree

    from corpus.tei import export as tei

    real = tei.export_tree

    def broken(doc, config=None, *, markup=None, source=None, ids_checked=None):  # vouches for nothing
        root, _ = real(doc, config, markup=markup, source=source)
        etree.SubElement(root[1], f"{{{tei.TEI_NS}}}bogus")
        return root, etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"

    monkeypatch.setattr(tei, "export_tree", broken)
    rep = build.build_corpus(ROOT / "seeds", tmp_path / "b", seeds=catalog.load(ROOT / "seeds")[:1])
    assert not rep.ok
    assert any("bogus" in p and p.startswith(f"tei/{rep.documents[0].doc_id}.xml:") and p.split(":")[1].isdigit()
               for p in rep.documents[0].problems), rep.documents[0].problems
