#!/usr/bin/env python3
"""Throughput and memory of the pipeline on a synthetic corpus built from variations of the seeds.

    python bench/bench.py --docs 2000            # clean+split+JSON, TEI export+validation, one core
    python bench/bench.py --docs 2000 --jobs 2   # the same through build's worker pool
    python bench/bench.py --memory 1000,10000    # resident memory after 1,000 and 10,000 documents

Variations: line endings (LF/CRLF/CR), a BOM, blank lines removed between paragraphs, paragraphs
shuffled, comments dropped or repeated, bidi marks sprinkled, chrome lines reordered.  Documents are
generated and streamed one at a time, never held together, so memory must stay flat."""
from __future__ import annotations

import argparse
import gc
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from corpus import jsonio  # noqa: E402
from corpus.document import pipeline
from corpus.text import raw as rawtext


def seeds() -> list[bytes]:
    return [p.read_bytes() for p in sorted((ROOT / "seeds").glob("*.txt"))]


def variant(data: bytes, rng: random.Random) -> bytes:
    lines = data.decode("utf-8").split("\n")
    k = rng.randrange(6)
    if k == 1:
        lines = [ln for ln in lines if ln.strip()]  # no blank lines between paragraphs
    elif k == 2:
        mid = [i for i, ln in enumerate(lines) if len(ln) > 200]
        if len(mid) > 2:
            picked = [lines[i] for i in mid]
            rng.shuffle(picked)
            for i, ln in zip(mid, picked):
                lines[i] = ln
    elif k == 3:
        lines = [ln + ("\u200f" if rng.random() < 0.2 else "") for ln in lines]
    elif k == 4:
        lines = lines + lines[-8:]  # more comments / more chrome at the end
    text = "\n".join(lines)
    nl = rng.choice(["\n", "\n", "\r\n", "\r"])
    if nl != "\n":
        text = text.replace("\n", nl)
    out = text.encode("utf-8")
    if rng.random() < 0.2:
        out = b"\xef\xbb\xbf" + out
    return out


def stream(n: int, seed: int = 1):
    rng = random.Random(seed)
    base = seeds()
    for i in range(n):
        yield f"{i:06d}_synthetic.txt", variant(base[i % len(base)], rng)


def rss_mib() -> float:
    """Current resident set size (Linux /proc), falling back to the peak where /proc is absent."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_clean(n: int) -> float:
    t = time.perf_counter()
    for name, data in stream(n):
        doc = pipeline.process(rawtext.decode(data, name))
        jsonio.dumps(doc.to_dict())
    return n / (time.perf_counter() - t)


def bench_tei(n: int) -> float:
    from corpus.tei import export as tei
    from corpus.tei import validate as teivalidate

    docs = [pipeline.process(rawtext.decode(d, name)) for name, d in stream(min(n, 50))]
    teivalidate.validate_tei(tei.export(docs[0], {}), "warmup")  # compile the schemas outside the clock
    t = time.perf_counter()
    for i in range(n):
        errs = teivalidate.validate_tei(tei.export(docs[i % len(docs)], {}), "bench")
        assert not errs, errs[:3]
    return n / (time.perf_counter() - t)


def bench_jobs(n: int, jobs: int) -> float:
    import tempfile

    from corpus.build import run as build
    from corpus.project import catalog

    with tempfile.TemporaryDirectory() as tmp:
        sd = Path(tmp) / "seeds"
        sd.mkdir()
        for name, data in stream(n):
            (sd / name).write_bytes(data)
        catalog.write(sd, catalog.scan(sd))
        t = time.perf_counter()
        rep = build.build_corpus(sd, Path(tmp) / "build", jobs=jobs, keep_going=True)
        dt = time.perf_counter() - t
        assert rep.ok, [d.error for d in rep.documents if not d.ok][:3]
    return n / dt


def memory(sizes: list[int]) -> list[tuple[int, float]]:
    out = []
    done = 0
    gen = stream(max(sizes))
    for target in sorted(sizes):
        for name, data in gen:
            doc = pipeline.process(rawtext.decode(data, name))
            jsonio.dumps(doc.to_dict())
            done += 1
            if done >= target:
                break
        gc.collect()
        out.append((target, rss_mib()))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--tei-docs", type=int, default=500)
    ap.add_argument("--jobs", type=int, default=0, help="also time a full build with this many workers")
    ap.add_argument("--memory", default="", help="comma-separated document counts for the memory check")
    a = ap.parse_args()
    if a.memory:  # first, before the TEI schemas are compiled into this process
        for n, mib in memory([int(x) for x in a.memory.split(",")]):
            print(f"RSS after {n:>7} documents (clean+split+JSON, streamed): {mib:7.1f} MiB")
    print(f"clean+split+JSON : {bench_clean(a.docs):8.1f} documents/s  ({a.docs} documents, one core)")
    print(f"TEI export+valid.: {bench_tei(a.tei_docs):8.1f} documents/s  ({a.tei_docs} documents, one core, tei_all.rng + project RelaxNG)")
    if a.jobs:
        for j in sorted({1, a.jobs}):
            print(f"full build -j{j}  : {bench_jobs(a.docs, j):8.1f} documents/s  "
                  f"(read, check, clean, split, validate JSON+TEI, write; {a.docs} documents)")


if __name__ == "__main__":
    main()
