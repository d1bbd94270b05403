"""The per-document work runs in a worker thread replaced every N documents (corpus.build.xmlthread):
lxml keeps every xml:id in a per-thread dictionary that only a thread's end frees."""
from __future__ import annotations

import os
import threading

import pytest

from corpus.build import xmlthread


def _thread() -> int:
    return threading.get_ident()


def test_calls_run_in_a_worker_thread_replaced_every_n():
    r = xmlthread.Recycled(every=3)
    pools, idents = [], []
    for _ in range(7):
        idents.append(r.run(_thread))
        pools.append(r._pool)  # kept alive, so that no two pools share an id()
    assert threading.get_ident() not in idents
    assert pools[0] is pools[1] is pools[2] and pools[3] is pools[4] is pools[5]
    assert len({id(pools[0]), id(pools[3]), id(pools[6])}) == 3


def test_errors_and_results_come_back():
    r = xmlthread.Recycled(every=2)
    assert r.run(lambda a, b=0: a + b, 1, b=2) == 3
    with pytest.raises(ValueError, match="boom"):
        r.run(lambda: (_ for _ in ()).throw(ValueError("boom")))
    assert r.run(lambda: "after") == "after"


def test_a_call_from_inside_runs_inline():
    r = xmlthread.Recycled(every=5)
    inner = r.run(lambda: (threading.get_ident(), r.run(_thread)))
    assert inner[0] == inner[1]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork only")
def test_after_a_fork_the_child_gets_its_own_thread():
    r = xmlthread.Recycled(every=100)
    r.run(_thread)  # the parent's thread exists now; a forked child has none
    rd, wr = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        try:
            os.write(wr, b"ok" if r.run(lambda: 42) == 42 else b"no")
        finally:
            os._exit(0)
    os.close(wr)
    _, status = os.waitpid(pid, 0)
    assert os.read(rd, 2) == b"ok" and status == 0


def test_the_build_exports_in_the_recycled_thread(monkeypatch):
    """process_seed (the whole per-document build) runs in a corpus-doc thread, never the caller's."""
    from pathlib import Path

    from corpus.build import run as build
    from corpus.tei import export

    seen = []
    real = export.export_tree
    monkeypatch.setattr(export, "export_tree", lambda *a, **k: (seen.append(threading.current_thread().name), real(*a, **k))[1])
    seed = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))[0]
    build.process_seed(seed.read_bytes(), seed.name, build.BuildOptions(config={}))
    assert seen and seen[0].startswith("corpus-doc")
