#!/usr/bin/env python3
"""How a build scales from one core to two: `-j1` and `-j2` alternated, on the same pages, per durability.

    python bench/jobs_scaling.py [--docs 1000] [--repeat 3]

bench.py times each line once per repeat in a fixed order, so a burst of load or of disk flushing
lands on one line and not the other; here each (durability, jobs) pair is run in turn, `--repeat`
times, and the best wall-clock rate of each is compared (the machine is shared: the best run is the
one least disturbed)."""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402
from corpus.build import run as build  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        seeds = synthetic.write_seeds(Path(tmp) / "seeds", args.docs)
        build.process_seed(next(synthetic.stream(1))[1], "warm.txt", build.BuildOptions(config={}))
        rates: dict[tuple[str, int], list[float]] = {}
        for _ in range(args.repeat):
            for durability in ("file", "build"):
                for jobs in (1, 2):
                    out = Path(tmp) / f"out-{durability}-{jobs}"
                    t = time.perf_counter()
                    rep = build.build_corpus(seeds, out, keep_going=True, config={}, jobs=jobs, durability=durability)
                    wall = time.perf_counter() - t
                    assert rep.ok and len(rep.documents) == args.docs
                    shutil.rmtree(out)
                    rates.setdefault((durability, jobs), []).append(args.docs / wall)
    for durability in ("file", "build"):
        one, two = max(rates[(durability, 1)]), max(rates[(durability, 2)])
        print(f"--durability {durability}: -j1 {one:.0f} documents/s, -j2 {two:.0f} documents/s, "
              f"-j2/-j1 {two / one:.2f}  (runs: {[round(x) for x in rates[(durability, 1)]]} / "
              f"{[round(x) for x in rates[(durability, 2)]]})")


if __name__ == "__main__":
    main()
