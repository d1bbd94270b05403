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
  multisite/        a multi-site corpus (every seed, tests/unseen and tests/unseen-html page and a variant
                    of each; a catalog `site` on every third page; a WARC of HTML pages; a seed whose
                    SHA-256 no longer matches and one that cannot be decoded) built with -j1, -j2,
                    -j2 --no-site-profiles and on a Dask LocalCluster of 2 workers: every output
                    file's SHA-256 and report.json (one file per build), and the first-pass statistics

Nothing here is read by a person: it is compared byte for byte (held-out sets included)."""
from __future__ import annotations

import contextlib
import dataclasses
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
    multisite(out / "multisite")


def _warc(path: Path, pages: list[tuple[str, bytes]]) -> None:
    """A WARC of HTML responses with fixed record ids and dates (the same bytes on every run)."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=False)
        for i, (uri, body) in enumerate(pages):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            head = {"WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{i:012d}>",
                    "WARC-Date": "2024-01-01T00:00:00Z"}
            w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http,
                                                warc_headers_dict=head))


def multisite_seeds(folder: Path) -> Path:
    """The multi-site corpus of `multisite` in ``folder`` (created), with its catalog."""
    import random

    import synthetic

    from corpus.project import catalog

    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(15)
    sources = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests/unseen").glob("*/*.txt")) \
        + sorted((ROOT / "tests/unseen-html").glob("*/*.html"))
    html = []
    for src in sources:
        data = src.read_bytes()
        stem = f"{src.parent.name}_{src.stem}"
        (folder / f"{stem}{src.suffix}").write_bytes(data)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:  # a page in another charset is kept as it is
            text = None
        if text is not None:
            (folder / f"{stem}_v{src.suffix}").write_bytes(synthetic.variant(text.encode(), rng))
        if src.suffix == ".html":
            html.append((f"https://news.test/{stem}", data))
    try:
        _warc(folder / "crawl.warc", html[::3])
    except ImportError:
        pass
    (folder / "zz_changed.txt").write_bytes(b"a page that will change after cataloguing\n")
    (folder / "zz_undecodable.txt").write_bytes(b"\xff\xfe\x00\xd8 not UTF-8 \xc3\x28\n")
    seeds = catalog.scan(folder)
    seeds = [dataclasses.replace(s, site=s.file.split("_")[1]) if i % 3 == 0 and not s.file.endswith(".warc")
             else s for i, s in enumerate(seeds)]
    catalog.write(folder, seeds)
    (folder / "zz_changed.txt").write_bytes(b"a page that changed after cataloguing\n")
    return folder


@contextlib.contextmanager
def _cwd(path):
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def _tree(folder: Path) -> str:
    return "".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(folder)}\n"
                   for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".lock")


def multisite(out: Path) -> None:
    """Builds of the multi-site corpus on every engine (-j1, -j2, Dask), each as one digest file."""
    import tempfile

    from corpus import jsonio
    from corpus.build import run as build
    from corpus.document import pipeline
    from corpus.project import catalog
    from corpus.text import sources

    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, _cwd(tmp):  # relative paths: the report names no temp folder
        tmp = "."
        seeds = multisite_seeds(Path(tmp) / "seeds")
        listed = catalog.load(seeds)
        pages = []
        for s in listed:
            if s.file.endswith(".txt") or s.file.endswith(".html"):
                try:
                    pages.append((s.file, sources.decode(catalog.verify(seeds, s), s.file)))
                except Exception:
                    continue
        for generic in (False, True):
            stats = pipeline.site_statistics(pages, site_profiles=not generic, sites={s.file: s.site for s in listed})
            (out / f"stats{'-generic' if generic else ''}.json").write_text(jsonio.dumps(stats.to_dict()))
        runs = {"j1": dict(jobs=1), "j2": dict(jobs=2), "j2-generic": dict(jobs=2, site_profiles=False),
                "dask": dict(engine="dask", jobs=2)}
        try:
            import dask.distributed  # noqa: F401
        except ImportError:
            del runs["dask"]
        for name, kw in runs.items():
            target = Path(tmp) / name
            build.build_corpus(seeds, target, keep_going=True, config={}, durability="build", **kw)
            (out / f"{name}.txt").write_text(_tree(target), encoding="utf-8")


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
    if len(sys.argv) not in (2, 3) or sys.argv[2:] not in ([], ["multisite"]):
        sys.exit("usage: bench/equivalence.py OUTDIR [multisite]")
    if sys.argv[2:]:
        multisite(Path(sys.argv[1]) / "multisite")  # the multi-site builds alone (a quick check while working)
    else:
        snapshot(Path(sys.argv[1]))
