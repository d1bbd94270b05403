#!/usr/bin/env python3
"""Throughput and memory of `corpus build`, side by side with jusText and with the I/O floor.

    python bench/bench.py --docs 2000 --jobs 2 --dask --memory 1000,10000,100000

One synthetic corpus (bench/synthetic.py: variations of the seeds) is written once; then, on the
same pages and in one run:

  floor            read every page and write the same bytes back (plain read+write: the I/O floor)
  jusText          jusText classifying every page (paragraphs = the page's lines; classify only)
  clean+split+JSON decode, clean, split, serialise the document JSON (nothing written)
  build -j1        the full `corpus build`: read, check the catalog hash, clean, split, JSON, JSON
                   Schema + semantic validation, TEI, project-schema check, atomic writes (fsync per
                   file), report -- on one core; again with --durability build
  build -jN        the same with N worker processes
  Dask             the same on a dask.distributed LocalCluster of N single-threaded worker processes

Each line gives documents/s, the ratio to jusText and the ratio to the floor (1.00 = as fast as
copying the bytes).  Rates are the best of --repeat runs (the machine is shared: ratios within one
run are what to read).  Memory: peak RSS of a child process streaming N documents through the whole
per-document build (clean ... TEI + validation, nothing kept), for each N of --memory."""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import synthetic  # noqa: E402
from corpus import jsonio  # noqa: E402
from corpus.document import pipeline  # noqa: E402
from corpus.text import raw as rawtext  # noqa: E402

stream = synthetic.stream  # kept for callers of the old bench module


def pages(seeds: Path) -> list[Path]:
    return sorted(seeds.glob("*.txt"))


class Clock:
    """Wall time and this process's CPU time (CPU time is steadier on a shared machine; it does not
    count worker processes, so the -jN and Dask lines have wall time only)."""

    def __init__(self, n: int):
        self.n = n

    def __enter__(self):
        self.t, self.c = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = self.n / (time.perf_counter() - self.t)
        self.cpu = self.n / max(1e-9, time.process_time() - self.c)

    def rates(self) -> tuple[float, float]:
        return self.wall, self.cpu


def bench_floor(seeds: Path, out: Path) -> tuple[float, float]:
    out.mkdir(parents=True, exist_ok=True)
    files = pages(seeds)
    with Clock(len(files)) as c:
        for p in files:
            (out / p.name).write_bytes(p.read_bytes())
    return c.rates()


def justext_html(text: str) -> str:
    from html import escape

    return "<html><body>" + "".join(f"<p>{escape(ln)}</p>" for ln in text.splitlines() if ln.strip()) + "</body></html>"


def bench_justext(seeds: Path) -> tuple[float, float]:
    import justext

    stop = justext.get_stoplist("Arabic")
    files = pages(seeds)
    with Clock(len(files)) as c:
        for p in files:
            justext.justext(justext_html(p.read_bytes().decode("utf-8-sig")), stop)
    return c.rates()


def bench_clean(seeds: Path) -> tuple[float, float]:
    files = pages(seeds)
    with Clock(len(files)) as c:
        for p in files:
            doc = pipeline.process(rawtext.decode(p.read_bytes(), p.name))
            jsonio.dumps(doc.to_dict())
    return c.rates()


def _warm():
    """Compile the schemas and profiles outside the clock (each worker process does it once too)."""
    from corpus.build import run as build

    build.process_seed(next(synthetic.stream(1))[1], "warm.txt", build.BuildOptions(config={}))


def bench_build(seeds: Path, out: Path, **kw) -> tuple[float, float]:
    from corpus.build import run as build

    with Clock(len(pages(seeds))) as c:
        rep = build.build_corpus(seeds, out, keep_going=True, config={}, **kw)
    assert rep.ok, [d.error for d in rep.documents if not d.ok][:3]
    if kw.get("jobs", 1) > 1 or "client" in kw:
        return c.wall, float("nan")
    return c.rates()


def bench_dask(seeds: Path, out: Path, workers: int) -> tuple[tuple[float, float], float]:
    """(rates of the build, seconds to start the cluster) on a LocalCluster of processes."""
    from dask.distributed import Client, LocalCluster

    t = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        start = time.perf_counter() - t
        client.run(_warm)
        return bench_build(seeds, out, client=client), start


def memory_child(n: int) -> None:
    from corpus.build import run as build

    opts = build.BuildOptions(config={})
    for name, data in synthetic.stream(n):
        build.process_seed(data, name, opts)
    print(json.dumps({"docs": n, "peak_mib": peak_mib()}))


def peak_mib() -> float:
    """This process's own peak RSS.  Linux's ru_maxrss keeps the high-water mark of the image the child
    was forked from across exec (a large bench parent would be reported as the child's peak), so the
    per-image VmHWM is read where /proc has it."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory(n: int) -> float:
    out = subprocess.run([sys.executable, __file__, "--memory-child", str(n)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])["peak_mib"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--jobs", type=int, default=2, help="workers for build -jN and the Dask cluster")
    ap.add_argument("--dask", action="store_true", help="also time the Dask engine on a LocalCluster")
    ap.add_argument("--repeat", type=int, default=1, help="best of this many runs per line")
    ap.add_argument("--memory", default="", help="comma-separated document counts for peak memory, e.g. 1000,10000,100000")
    ap.add_argument("--memory-child", type=int, default=0, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.memory_child:
        memory_child(a.memory_child)
        return
    rows: list[tuple[str, tuple[float, float], str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        seeds = synthetic.write_seeds(tmp / "seeds", a.docs)
        _warm()
        runs = {
            "floor: read + write the same bytes": lambda i: bench_floor(seeds, tmp / f"floor{i}"),
            "jusText classify only": lambda i: bench_justext(seeds),
            "clean + split + JSON": lambda i: bench_clean(seeds),
            "full build -j1": lambda i: bench_build(seeds, tmp / f"j1-{i}", jobs=1),
            "full build -j1 --durability build": lambda i: bench_build(seeds, tmp / f"j1b-{i}", jobs=1, durability="build"),
            f"full build -j{a.jobs}": lambda i: bench_build(seeds, tmp / f"jn-{i}", jobs=a.jobs),
        }
        best: dict[str, tuple[float, float]] = {}
        for i in range(a.repeat):  # interleaved, so a busy spell on the machine hits every line alike
            for name, fn in runs.items():
                w, c = fn(i)
                b = best.get(name, (0.0, 0.0))
                best[name] = (max(b[0], w), max(b[1], c) if c == c else c)
        for name in runs:
            rows.append((name, best[name], ""))
        if a.dask:
            rate, start = max(bench_dask(seeds, tmp / f"dask{i}", a.jobs) for i in range(a.repeat))
            rows.append((f"Dask LocalCluster, {a.jobs} workers", rate, f"cluster start {start:.1f} s, not counted"))
    floor, jt = best["floor: read + write the same bytes"], best["jusText classify only"]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{a.docs} synthetic documents, {os.cpu_count()} cores, load average {load:.1f}, best of {a.repeat}\n")
    print("| what | documents/s (wall) | × jusText | × floor | documents/CPU-s | × jusText (CPU) | note |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name, (w, c), note in rows:
        cpu = f"{c:,.0f} | {c / jt[1]:.2f}" if c == c else "– | –"
        print(f"| {name} | {w:,.0f} | {w / jt[0]:.2f} | {w / floor[0]:.3f} | {cpu} | {note} |")
    j1, jn = best["full build -j1"][0], best[f"full build -j{a.jobs}"][0]
    print(f"\n-j{a.jobs} / -j1 (wall) = {jn / j1:.2f}")
    if a.memory:
        print("\n| documents streamed through the full per-document build | peak RSS (MiB) |")
        print("|---:|---:|")
        for n in [int(x) for x in a.memory.split(",")]:
            print(f"| {n:,} | {memory(n):.1f} |", flush=True)


if __name__ == "__main__":
    main()
