#!/usr/bin/env python3
"""Train the line model (corpus.clean.model) and evaluate it leave-one-site-out.

    python bench/line_model.py train            # rebuild src/corpus/clean/data/line_model.json
    python bench/line_model.py train --check    # exit 1 if the committed file differs from a rebuild
    python bench/line_model.py loso             # per-site table: rules alone vs rules + model
    python bench/line_model.py loso --sites alghad,okaz --sets gold,dev4 --json

Training reads only the labelled development sets (corpus.document.learn.TRAINING_SETS: the seeds'
gold and tests/unseen/dev ... dev6); never a held-out set.  Training is deterministic: the same sets
give the same file bytes (the date is SOURCE_DATE_EPOCH's, or none).  Run from the repository root."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from corpus.clean import model as lm
from corpus.document import learn

MODEL_PATH = Path("src/corpus/clean/data") / lm.MODEL_FILE


def _sets(arg: str | None):
    if not arg:
        return learn.TRAINING_SETS
    want = set(arg.split(","))
    unknown = want - {s[0] for s in learn.TRAINING_SETS}
    if unknown:
        sys.exit(f"unknown set(s): {', '.join(sorted(unknown))}; known: "
                 + ", ".join(s[0] for s in learn.TRAINING_SETS))
    return tuple(s for s in learn.TRAINING_SETS if s[0] in want)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train", help="train on every training set and write the model file")
    t.add_argument("--out", type=Path, default=MODEL_PATH)
    t.add_argument("--check", action="store_true", help="compare with --out instead of writing it")
    t.add_argument("--sets", help="comma-separated subset of the training sets (default: all)")
    lo = sub.add_parser("loso", help="leave-one-site-out evaluation")
    lo.add_argument("--sets", help="comma-separated subset of the training sets (default: all)")
    lo.add_argument("--sites", help="comma-separated sites to hold out in turn (default: every site)")
    lo.add_argument("--threshold", type=float, default=learn.THRESHOLD)
    lo.add_argument("--max-words", type=int, default=learn.MAX_WORDS)
    lo.add_argument("--l2", type=float, default=learn.L2)
    lo.add_argument("--json", action="store_true")
    lo.add_argument("--markdown", action="store_true", help="the table as Markdown (docs/cleaning.md)")
    a = ap.parse_args(argv)
    pages = learn.load(".", _sets(a.sets))
    if not pages:
        sys.exit("no labelled pages found: run from the repository root")
    if a.cmd == "train":
        text = lm.dumps(learn.train_model(pages))
        if a.check:
            same = a.out.exists() and a.out.read_text(encoding="utf-8") == text
            print(f"{a.out}: {'up to date' if same else 'DIFFERS from a rebuild'}")
            return 0 if same else 1
        from corpus.jsonio import atomic_write_text

        atomic_write_text(a.out, text)
        print(f"wrote {a.out}: {len(pages)} pages, {sum(len(p.labels) for p in pages)} lines", file=sys.stderr)
        return 0
    sites = a.sites.split(",") if a.sites else None
    res = learn.loso(pages, sites=sites, l2=a.l2, threshold=a.threshold, max_words=a.max_words,
                     progress=None if a.json else lambda r: print(f"  {r.site} done", file=sys.stderr))
    if a.json:
        print(json.dumps({"sites": [r.to_dict() for r in res], "total": learn.total(res).to_dict()},
                         indent=1, sort_keys=True))
    elif a.markdown:
        print(learn.format_markdown(res))
    else:
        print(learn.format_table(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
