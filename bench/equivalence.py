#!/usr/bin/env python3
"""Snapshot everything the cleaner decides, to prove that a speed change changed no output byte.

    python bench/equivalence.py /tmp/before      # on the commit before the change
    python bench/equivalence.py /tmp/after       # after it
    diff -r /tmp/before /tmp/after && echo identical

Written (the commands run in-process through the click CLI, so the bytes are what `corpus` prints):

  build/            `corpus build seeds -o ...` (json, tei, txt, report.json), SOURCE_DATE_EPOCH fixed;
                    build-generic/ the same with --no-site-profiles
  clean/<set>/      `corpus clean --json` of every page of tests/unseen/*/, seeds/ and tests/unseen-html/*/
                    alone (<page>.json) and with --no-site-profiles (<page>.generic.json), and every
                    page of the set cleaned together (_together.json: the site-template statistics)
  eval/             `corpus eval --json` of tests/gold and of each tests/unseen set (site profiles on and
                    off, --page-by-page), and `--html` for each tests/unseen-html set
  synthetic.txt     bench/synthetic.py pages (line-end, BOM, bidi-mark and layout variants): the
                    first-pass statistics and each document's JSON, as SHA-256 digests
  tei.txt           SHA-256 of the TEI (and of the JSON and plain text) the build writes for each
                    synthetic page (with the first-pass statistics) and for every page of
                    tests/unseen/*/ and tests/unseen-html/*/ (each set with its own statistics), and
                    the error of any page the build refuses

Nothing here is read by a person: it is compared byte for byte (held-out sets included)."""
from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def _run(args: list[str]) -> bytes:
    from click.testing import CliRunner

    from corpus.cli import main

    res = CliRunner().invoke(main, args, catch_exceptions=False)
    return f"exit {res.exit_code}\n".encode() + res.stdout_bytes


def _pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".html", ".htm"))


def snapshot(out: Path, synthetic_docs: int = 300) -> None:
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    os.chdir(ROOT)
    out.mkdir(parents=True, exist_ok=True)
    _run(["build", "seeds", "-o", str(out / "build"), "-q"])
    _run(["build", "seeds", "-o", str(out / "build-generic"), "--no-site-profiles", "-q"])
    for lock in out.glob("build*/.lock"):
        lock.unlink()
    sets = [ROOT / "seeds"] + sorted(p for p in (ROOT / "tests/unseen").iterdir() if p.is_dir()) \
        + sorted(p for p in (ROOT / "tests/unseen-html").iterdir() if p.is_dir())
    for s in sets:
        d = out / "clean" / f"{s.parent.name}-{s.name}"
        d.mkdir(parents=True, exist_ok=True)
        pages = _pages(s)
        for p in pages:
            (d / f"{p.name}.json").write_bytes(_run(["clean", "--json", str(p)]))
            (d / f"{p.name}.generic.json").write_bytes(_run(["clean", "--json", "--no-site-profiles", str(p)]))
        (d / "_together.json").write_bytes(_run(["clean", "--json", *map(str, pages)]))
    ev = out / "eval"
    ev.mkdir(exist_ok=True)
    (ev / "gold.json").write_bytes(_run(["eval", "--json"]))
    (ev / "gold.generic.json").write_bytes(_run(["eval", "--json", "--no-site-profiles"]))
    for s in sorted(p for p in (ROOT / "tests/unseen").iterdir() if p.is_dir()):
        base = ["eval", "--json", "--gold", str(s), "--seeds", str(s)]
        (ev / f"{s.name}.json").write_bytes(_run(base))
        (ev / f"{s.name}.generic.json").write_bytes(_run(base + ["--no-site-profiles"]))
        (ev / f"{s.name}.page-by-page.json").write_bytes(_run(base + ["--page-by-page"]))
    for s in sorted(p for p in (ROOT / "tests/unseen-html").iterdir() if p.is_dir()):
        if any(s.glob("*.tsv")):
            (ev / f"html-{s.name}.json").write_bytes(_run(["eval", "--json", "--html", str(s)]))
    (out / "synthetic.txt").write_text(synthetic_digests(synthetic_docs), encoding="utf-8")
    (out / "tei.txt").write_text(tei_digests(synthetic_docs), encoding="utf-8")


def synthetic_digests(n: int) -> str:
    import synthetic

    from corpus import jsonio
    from corpus.document import pipeline
    from corpus.text import raw as rawtext

    pages = list(synthetic.stream(n))
    stats = pipeline.site_statistics((name, rawtext.decode(data, name)) for name, data in pages)
    lines = ["stats " + hashlib.sha256(jsonio.dumps(stats.to_dict()).encode()).hexdigest()]
    for name, data in pages:
        raw = rawtext.decode(data, name)
        for label, kw in (("site", {}), ("generic", {"site_profiles": False})):
            doc = pipeline.process(raw, template=stats.for_page(name), **kw)
            lines.append(f"{name} {label} " + hashlib.sha256(jsonio.dumps(doc.to_dict()).encode()).hexdigest())
        doc = pipeline.process(raw)
        lines.append(f"{name} alone " + hashlib.sha256(jsonio.dumps(doc.to_dict()).encode()).hexdigest())
    return "\n".join(lines) + "\n"


def tei_digests(n: int) -> str:
    """The bytes `corpus build` writes for each page (TEI, JSON, text), through the build's own
    per-document function (clean, validate, export, validate the TEI), as digests."""
    import synthetic

    from corpus.build import run as build
    from corpus.document import pipeline
    from corpus.tei.plaintext import plain_text
    from corpus.text import sources

    config = build._load_config()
    sets = [("synthetic", list(synthetic.stream(n)))]
    for folder in sorted(p for base in ("tests/unseen", "tests/unseen-html") for p in (ROOT / base).iterdir()
                         if p.is_dir()):
        sets.append((f"{folder.parent.name}/{folder.name}", [(p.name, p.read_bytes()) for p in _pages(folder)]))
    lines = []
    for label, pages in sets:
        decoded = [(name, sources.decode(data, name)) for name, data in pages]
        stats = pipeline.site_statistics(decoded)
        opts = build.BuildOptions(config=config, site_stats=stats)
        for name, raw in decoded:
            try:
                doc, _, tei_bytes, _, json_bytes = build.process_seed(raw, name, opts)
            except build._Invalid as exc:
                lines.append(f"{label}/{name} refused " + hashlib.sha256("\n".join(exc.problems).encode()).hexdigest())
                continue
            digest = lambda b: hashlib.sha256(b).hexdigest()[:32]  # noqa: E731
            lines.append(f"{label}/{name} tei {digest(tei_bytes)} json {digest(json_bytes)} "
                         f"txt {digest(plain_text(doc).encode())}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: bench/equivalence.py OUTDIR")
    snapshot(Path(sys.argv[1]))
