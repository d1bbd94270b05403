"""Speed of re-anchoring on the five seeds: the character alignment alone, and a whole file.

    .venv/bin/python bench/bench_reanchor.py [--edits 1,20,200] [--repeat 5]

For each seed and number of random edits (insertions of words such as العراق, deletions, line
breaks), it reports the median time of ``textdiff.matching_blocks`` and of ``reanchor.reanchor`` on
the seed's lead.json, next to ``difflib.SequenceMatcher`` on code points (the naive alignment)."""
from __future__ import annotations

import argparse
import random
import statistics
import time
from difflib import SequenceMatcher
from pathlib import Path

from corpus.document import pipeline
from corpus.document.model import doc_id_for
from corpus.standoff import io, reanchor
from corpus.standoff.anchor import DocText
from corpus.standoff.textdiff import matching_blocks
from corpus.standoff.texts import layout_of

ROOT = Path(__file__).resolve().parents[1]
WORDS = ["العراق ", "واشنطن", "الفصائل", "", "\n", "x"]


def edited(doc, n, rng):
    text = doc.text()
    for _ in range(n):
        p = rng.randrange(len(text))
        text = text[:p] + rng.choice(WORDS) + text[p + rng.randrange(5):]
    from dataclasses import replace
    from corpus.document.model import Block
    old = doc.blocks()
    lines = text.split("\n")
    blocks = tuple(Block(f"n{i}", "paragraph", t, old[0].src) for i, t in enumerate(lines))
    return replace(doc, article=blocks, comments=())


def median_ms(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(1000 * (time.perf_counter() - t0))
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--edits", default="1,20,200")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--naive", action="store_true", help="also time difflib on code points (slow)")
    args = ap.parse_args()
    print(f"{'seed':6} {'chars':>6} {'edits':>5} {'annots':>6} {'align ms':>9} {'reanchor ms':>12}"
          + (f" {'difflib ms':>11}" if args.naive else ""))
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        doc = pipeline.process_file(seed)
        af = io.load_file(ROOT / "annotations" / doc_id_for(seed.name) / "lead.json")
        stored = {layout_of(doc).sha256: layout_of(doc)}.get
        for n in (int(x) for x in args.edits.split(",")):
            new = edited(doc, n, random.Random(n))
            a, b = doc.text(), new.text()
            dt = DocText(new)
            row = (f"{seed.name[:3]:6} {len(a):6d} {n:5d} {len(af.annotations):6d} "
                   f"{median_ms(lambda: matching_blocks(a, b), args.repeat):9.1f} "
                   f"{median_ms(lambda: reanchor.reanchor(af, dt, stored), args.repeat):12.1f}")
            if args.naive:
                row += f" {median_ms(lambda: SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks(), 1):11.1f}"
            print(row)


if __name__ == "__main__":
    main()
