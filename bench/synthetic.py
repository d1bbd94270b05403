"""A synthetic corpus from variations of the seeds, generated one page at a time (never held together).

Variations: line endings (LF/CRLF/CR), a BOM, blank lines removed between paragraphs, paragraphs
shuffled, bidi marks sprinkled, comments/chrome repeated at the end.  Used by bench/bench.py and by
the tests that build 2,000 pages on every engine (tests/test_engines.py)."""
from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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
    """(file name, bytes) of n synthetic pages, deterministic for a given seed."""
    rng = random.Random(seed)
    base = seeds()
    for i in range(n):
        yield f"{i:06d}_synthetic.txt", variant(base[i % len(base)], rng)


def write_seeds(folder: Path, n: int) -> Path:
    """n synthetic pages and their catalog in `folder` (created)."""
    from corpus.project import catalog

    folder.mkdir(parents=True, exist_ok=True)
    for name, data in stream(n):
        (folder / name).write_bytes(data)
    catalog.write(folder, catalog.scan(folder))
    return folder
