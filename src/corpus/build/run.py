"""Build the corpus: seeds -> checked -> cleaned/split documents -> validated JSON + TEI in build/.

The per-document work (`build_one`) is a pure function of the seed bytes and the configuration, so it
runs the same in one process or many (`jobs`); results come back in catalog order, so outputs and the
report are byte-identical whatever the number of jobs."""
from __future__ import annotations

import functools
import multiprocessing
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from corpus.build import guard
from corpus.project import catalog
from corpus import jsonio
from corpus.text import raw as rawtext
from corpus.errors import CorpusError
from corpus.document.model import Document


@dataclass
class DocResult:
    file: str
    doc_id: str | None = None
    ok: bool = False
    error: str | None = None
    problems: list[str] = field(default_factory=list)
    paragraphs: int = 0
    comments: int = 0
    blocks: int = 0
    removed_lines: int = 0
    removed_by_rule: dict[str, int] = field(default_factory=dict)
    profile: str | None = None
    annotations: int = 0
    sha256: str | None = None  # of the page read (recorded even when there is no catalog)
    written: list[str] = field(default_factory=list)  # output files written, relative to the build folder
    removed: list[str] = field(default_factory=list)  # stale outputs of a failed document, deleted
    annotation_file: str | None = None  # which annotator's file went to the TEI
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items()}


@dataclass
class BuildReport:
    documents: list[DocResult]
    pruned: list[str] = field(default_factory=list)  # outputs of documents no longer in the seeds, deleted

    @property
    def ok(self) -> bool:
        return all(d.ok for d in self.documents)

    def totals(self) -> dict:
        rules: Counter = Counter()
        for d in self.documents:
            rules.update(d.removed_by_rule)
        good = [d for d in self.documents if d.ok]
        return {
            "documents": len(self.documents),
            "documents_ok": len(good),
            "documents_failed": len(self.documents) - len(good),
            "blocks": sum(d.blocks for d in good),
            "paragraphs": sum(d.paragraphs for d in good),
            "comments": sum(d.comments for d in good),
            "annotations": sum(d.annotations for d in good),
            "removed_lines": sum(d.removed_lines for d in good),
            "removed_by_rule": dict(sorted(rules.items())),
        }

    def to_dict(self) -> dict:
        return {"report_version": "1.0", "totals": self.totals(), "documents": [d.to_dict() for d in self.documents],
                "pruned": self.pruned}


@dataclass(frozen=True)
class BuildOptions:
    site_profiles: bool = True
    validate_tei: bool = True
    tei_all: bool = False  # also validate against the official tei_all.rng (TEI 4.8.0, package data)
    annotations_dir: str | None = None
    config: dict | None = None
    follow_symlinks: bool = False  # read seeds that are symbolic links (refused by default)
    site_stats: object | None = None  # corpus.clean.template.TemplateStats of the whole build (first pass)


def _markup(doc: Document, opts: BuildOptions):
    """Stand-off annotations of this document as TEI markup, if there are any."""
    if not opts.annotations_dir:
        return None, 0
    try:
        from corpus.tei import annotations as tei_markup
    except ImportError:
        return None, 0
    prefer = ((opts.config or {}).get("annotations") or {}).get("export")
    return tei_markup.markup_for_document(doc, Path(opts.annotations_dir), prefer)


def _selection(doc_id: str, opts: BuildOptions):
    """Which annotation file the build exports for this document, and warnings about the choice."""
    if not opts.annotations_dir:
        return None
    from corpus.standoff import selection

    prefer = ((opts.config or {}).get("annotations") or {}).get("export")
    return selection.choose(opts.annotations_dir, doc_id, prefer)


def process_seed(data: bytes, name: str, opts: BuildOptions,
                 source: dict | None = None) -> tuple[Document, dict, bytes, int]:
    """Raw bytes -> document, its JSON dict, its TEI bytes (or None) and the number of annotations.
    ``source``: the catalog's optional facts about the capture (url, captured, site) for the TEI header."""
    from corpus.document import pipeline
    from corpus.document import validate

    raw = rawtext.decode(data, name)
    template = opts.site_stats.for_page(name) if opts.site_stats is not None else None
    doc = pipeline.process(raw, site_profiles=opts.site_profiles, template=template)
    d = doc.to_dict()
    problems = validate.validate_data(d, f"json/{doc.id}.json", raw)
    if problems:
        raise _Invalid([p.format() for p in problems], doc.id)
    issues = guard.annotation_issues(doc, opts.annotations_dir,
                                     ((opts.config or {}).get("annotations") or {}).get("export"))
    if issues:
        raise _Invalid(issues, doc.id, "its annotations fail `corpus annotate check`")
    from corpus.tei import export as tei

    markup, n_ann = _markup(doc, opts)
    tei_bytes = tei.export(doc, opts.config or {}, markup=markup, source=source)
    if opts.validate_tei:
        from corpus.tei import validate as teivalidate

        errs = teivalidate.validate_tei(tei_bytes, f"tei/{doc.id}.xml", tei_all=opts.tei_all)
        if errs:
            raise _Invalid(errs, doc.id)
    return doc, d, tei_bytes, n_ann


class _Invalid(Exception):
    def __init__(self, problems, doc_id, what: str = "the document fails validation"):
        super().__init__("; ".join(problems))
        self.problems = problems
        self.doc_id = doc_id
        self.what = what


def build_one(seed: catalog.Seed, seeds_dir: str, out_dir: str, opts: BuildOptions) -> DocResult:
    """One document, inside the boundary: whatever goes wrong becomes this document's named error."""

    def failed(message: str) -> DocResult:
        return _remove_stale(DocResult(file=seed.file, error=message, sha256=seed.sha256), Path(out_dir))

    return guard.boundary(seed.file, lambda: _build_one(seed, seeds_dir, out_dir, opts), failed)


def _remove_stale(res: DocResult, out: Path) -> DocResult:
    """A failed document leaves no output behind: its JSON/TEI from an earlier build would pass for it."""
    from corpus.document.model import doc_id_for

    doc_id = res.doc_id or doc_id_for(res.file)
    for rel in (f"json/{doc_id}.json", f"tei/{doc_id}.xml", f"txt/{doc_id}.txt"):
        if (out / rel).is_file():
            (out / rel).unlink()
            res.removed.append(rel)
    return res


def _build_one(seed: catalog.Seed, seeds_dir: str, out_dir: str, opts: BuildOptions) -> DocResult:
    res = DocResult(file=seed.file, sha256=seed.sha256)
    try:
        refused = guard.seed_problem(seeds_dir, seed.file, opts.follow_symlinks)
        if refused is not None:
            raise refused
        data = catalog.verify(seeds_dir, seed)
        doc, d, tei_bytes, n_ann = process_seed(data, seed.file, opts, seed.source_fields())
    except CorpusError as exc:
        res.error = exc.format()
        return _remove_stale(res, Path(out_dir))
    except _Invalid as exc:
        res.doc_id = exc.doc_id
        res.error = f"{seed.file}: {exc.what} ({len(exc.problems)} problems)"
        res.problems = exc.problems
        return _remove_stale(res, Path(out_dir))
    out = Path(out_dir)
    jsonio.atomic_write_text(out / "json" / f"{doc.id}.json", jsonio.dumps(d))
    jsonio.atomic_write_bytes(out / "tei" / f"{doc.id}.xml", tei_bytes)
    from corpus.tei.plaintext import plain_text

    jsonio.atomic_write_text(out / "txt" / f"{doc.id}.txt", plain_text(doc))
    res.written = [f"json/{doc.id}.json", f"tei/{doc.id}.xml", f"txt/{doc.id}.txt"]
    res.doc_id = doc.id
    res.ok = True
    res.profile = doc.profile
    res.blocks = len(doc.blocks())
    res.paragraphs = sum(1 for b in doc.article if b.role == "paragraph")
    res.comments = len(doc.comments)
    res.annotations = n_ann
    sel = _selection(doc.id, opts)
    if sel is not None:
        res.annotation_file = sel.path.name if sel.path else None
        res.warnings = sel.warnings
    res.removed_lines = len({r.src.line for r in doc.removed})
    res.removed_by_rule = dict(sorted(Counter(r.rule for r in doc.removed).items()))
    return res


def build_corpus(seeds_dir, out_dir, *, annotations_dir=None, config: dict | None = None, jobs: int = 1,
                 keep_going: bool = False, site_profiles: bool = True, validate_tei: bool = True,
                 tei_all: bool = False, seeds: Iterable[catalog.Seed] | None = None,
                 progress: Callable[[DocResult], None] | None = None,
                 follow_symlinks: bool = False) -> BuildReport:
    """Build every catalogued seed.  Stops at the first failing document unless `keep_going`.

    Files of documents that are no longer built are removed from out_dir/json and out_dir/tei, so the
    build folder always mirrors the catalog.  One build at a time writes to out_dir (a lock), and the
    temp files of a killed build are removed first."""
    seeds_dir, out_dir = str(seeds_dir), str(out_dir)
    if config is None:
        config = _load_config()
    seed_list = list(seeds) if seeds is not None else catalog.load(seeds_dir)
    refuse_id_collisions(seed_list, seeds_dir)
    opts = BuildOptions(site_profiles=site_profiles, validate_tei=validate_tei, tei_all=tei_all,
                        annotations_dir=str(annotations_dir) if annotations_dir else None, config=config,
                        follow_symlinks=follow_symlinks,
                        site_stats=_site_stats(seeds_dir, seed_list, site_profiles, follow_symlinks))
    results: list[DocResult] = []
    with guard.BuildLock(out_dir):
        guard.sweep_temp(out_dir)
        try:
            _build_all(seed_list, seeds_dir, out_dir, opts, jobs, keep_going, progress, results)
        finally:  # the report is written however the build ends: it says what was built and what was not
            report = BuildReport(results)
            if report.ok and len(results) == len(seed_list):
                report.pruned = _prune(Path(out_dir), {r.doc_id for r in results})
            jsonio.write_json(Path(out_dir) / "report.json", report.to_dict())
    return report


def _build_all(seed_list, seeds_dir, out_dir, opts, jobs, keep_going, progress, results: list[DocResult]) -> None:
    work = functools.partial(build_one, seeds_dir=seeds_dir, out_dir=out_dir, opts=opts)
    if jobs > 1 and len(seed_list) > 1:
        ctx = multiprocessing.get_context("fork" if hasattr(__import__("os"), "fork") else "spawn")
        with ctx.Pool(jobs) as pool:
            for res in pool.imap(work, seed_list, chunksize=max(1, min(64, len(seed_list) // (jobs * 8) or 1))):
                results.append(res)
                if progress:
                    progress(res)
                if not res.ok and not keep_going:
                    pool.terminate()
                    break
    else:
        for seed in seed_list:
            res = work(seed)
            results.append(res)
            if progress:
                progress(res)
            if not res.ok and not keep_going:
                break


def _site_stats(seeds_dir: str, seed_list: list[catalog.Seed], site_profiles: bool, follow_symlinks: bool = False):
    """First pass: the template lines of each site among the seeds (corpus.clean.template), passed to
    every document as data.  A seed that cannot be read or decoded is skipped here (its own build
    reports the error); the site is the catalog's ``source`` field when there is one."""
    if len(seed_list) < 2:
        return None
    from corpus.document import pipeline

    def pages():
        for seed in seed_list:
            if guard.seed_problem(seeds_dir, seed.file, follow_symlinks) is not None:
                continue  # a link or a FIFO is never read, here either; its own build names it
            try:
                yield seed.file, rawtext.decode(catalog.verify(seeds_dir, seed), seed.file)
            except CorpusError:
                continue

    sites = {s.file: getattr(s, "source", None) for s in seed_list}
    return pipeline.site_statistics(pages(), site_profiles=site_profiles, sites=sites)


def refuse_id_collisions(seed_list, where) -> None:
    """Two pages that would get one document id would overwrite each other's output: refuse, naming both."""
    from corpus.document.model import id_collisions
    from corpus.errors import ConfigError

    clashes = id_collisions([s.file for s in seed_list])
    if clashes:
        shown = "; ".join(f"{' and '.join(files)} (id {doc_id!r})" for doc_id, files in clashes)
        raise ConfigError(str(where), f"pages would share a document id: {shown}",
                          hint="rename the files so that each gets its own id (ids ignore case and turn characters "
                               "XML names cannot hold into '_'; see docs/your-own-corpus.md)")


def _prune(out: Path, keep: set[str]) -> list[str]:
    gone = []
    for sub, ext in (("json", ".json"), ("tei", ".xml"), ("txt", ".txt")):
        folder = out / sub
        if folder.is_dir():
            for p in sorted(folder.glob(f"*{ext}")):
                if p.name[: -len(ext)] not in keep:
                    p.unlink()
                    gone.append(f"{sub}/{p.name}")
    return gone


def _load_config() -> dict:
    try:
        from corpus.project import config as cfg
    except ImportError:
        return {}
    return cfg.load_dict()
