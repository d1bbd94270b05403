"""The cleaner is linear in the number of lines: no rule rescans the lines (or the header's
candidates, or the labels) it has already seen.  Not timed: we count Python calls (each resumption
of a generator counts, so a rescan inside ``any(...)`` shows), for n and 4n lines of the same shape,
and allow a generous 6x where linear work gives 4x and a quadratic path gives about 16x."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from corpus.document import pipeline
from corpus.text import raw as rawtext

SEED = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))[0].read_text(encoding="utf-8-sig")
LONG = [ln for ln in SEED.split("\n") if len(ln) > 150]

SHAPES = {
    # short lines with no paragraph: the page never leaves the header zone (the old quadratic path)
    "short header lines": lambda i: "كلمة قصيرة هنا",
    "numbered short lines": lambda i: f"كلمة قصيرة {i}",
    "blank-separated short lines": lambda i: "كلمة قصيرة\n",
    "breadcrumbs": lambda i: "الرئيسية » أخبار » عربي",
    "heading-shaped lines": lambda i: f"عنوان طويل نسبيا عن الأحداث الجارية في المنطقة {i}",
    "paragraphs": lambda i: LONG[i % len(LONG)],
    "latin lines": lambda i: f"Lorem ipsum dolor {i}",
}


def calls(text: str) -> int:
    raw = rawtext.decode(text.encode("utf-8"), "linear.txt")
    n = 0

    def count(frame, event, arg):
        nonlocal n
        if event in ("call", "c_call"):
            n += 1

    sys.setprofile(count)
    try:
        pipeline.process(raw)
    finally:
        sys.setprofile(None)
    return n


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_cleaning_work_grows_linearly(shape):
    line = SHAPES[shape]
    page = lambda n: "\n".join(line(i) for i in range(n))  # noqa: E731
    small, large = calls(page(250)), calls(page(1000))
    assert large <= 6 * small, f"{shape}: {small} calls for 250 lines, {large} for 1000 ({large / small:.1f}x)"


def test_seed_page_repeated_grows_linearly():
    lines = SEED.split("\n")
    page = lambda n: "\n".join((lines * (n // len(lines) + 1))[:n])  # noqa: E731
    small, large = calls(page(250)), calls(page(1000))
    assert large <= 6 * small, f"{small} calls for 250 lines, {large} for 1000"
