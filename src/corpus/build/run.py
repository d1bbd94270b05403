"""Build the corpus: seeds -> checked -> cleaned/split documents -> validated JSON + TEI in build/.

The per-document work (`build_one`) is a pure function of the seed bytes and the configuration, so it
runs the same in one process, many (`jobs`) or on a Dask cluster (`corpus.build.engines`); results come
back in catalog order, so outputs and the report are byte-identical whatever the engine.  Files are
written through `corpus.build.outputs` (a local folder or an fsspec URL)."""
from __future__ import annotations

import contextlib
import functools
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
from corpus.build import engines, outputs


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


def process_seed(data, name: str, opts: BuildOptions,
                 source: dict | None = None, choice=None) -> tuple[Document, dict, bytes, int, bytes]:
    """Raw bytes (or an already decoded RawText) -> document, its JSON dict, its TEI bytes, the number
    of annotations and its JSON file's bytes.
    ``source``: the catalog's optional facts about the capture (url, captured, site) for the TEI header;
    ``choice``: the page's profile choice, when the first pass found it (pipeline.profile_choice).
    Runs in a worker thread replaced every 1,000 documents, so that lxml's per-thread dictionary
    (which keeps every xml:id) does not grow with the corpus (corpus.build.xmlthread)."""
    from corpus.build import xmlthread

    return xmlthread.run(_process_seed, data, name, opts, source, choice)


def _process_seed(data, name: str, opts: BuildOptions, source: dict | None,
                  choice=None) -> tuple[Document, dict, bytes, int, bytes]:
    from corpus.document import pipeline
    from corpus.document import validate
    from corpus.text import sources

    raw = data if isinstance(data, rawtext.RawText) else sources.decode(data, name)
    template = opts.site_stats.for_page(name) if opts.site_stats is not None else None
    doc = pipeline.process(raw, site_profiles=opts.site_profiles, template=template, choice=choice)
    d = doc.to_dict()
    float_free = not jsonio.has_float(d)  # once: for the schema check and for the JSON encoder
    problems = validate.validate_document(doc, d, f"json/{doc.id}.json", raw, float_free=float_free)
    if problems:
        raise _Invalid([p.format() for p in problems], doc.id)
    issues = guard.annotation_issues(doc, opts.annotations_dir,
                                     ((opts.config or {}).get("annotations") or {}).get("export"))
    if issues:
        raise _Invalid(issues, doc.id, "its annotations fail `corpus annotate check`")
    from corpus.tei import export as tei

    markup, n_ann = _markup(doc, opts)
    checked: list = []
    tree, tei_bytes = tei.export_tree(doc, opts.config or {}, markup=markup, source=source, ids_checked=checked)
    if opts.validate_tei:
        from corpus.tei import validate as teivalidate

        # the tree just serialised, not the bytes parsed back; on a failure, the bytes again, so
        # each error names its line in the file (the id checks skipped where the text path vouched
        # for them from the bytes it wrote)
        if teivalidate.validate_tei(tree, f"tei/{doc.id}.xml", tei_all=opts.tei_all, ids_checked=checked == [True]):
            errs = teivalidate.validate_tei(tei_bytes, f"tei/{doc.id}.xml", tei_all=opts.tei_all)
        else:
            errs = []
        if errs:
            raise _Invalid(errs, doc.id)
    return doc, d, tei_bytes, n_ann, jsonio.dumps_bytes(d, float_free=float_free)


class _Invalid(Exception):
    def __init__(self, problems, doc_id, what: str = "the document fails validation"):
        super().__init__("; ".join(problems))
        self.problems = problems
        self.doc_id = doc_id
        self.what = what


@dataclass(frozen=True)
class WarcRecord:
    """One HTML record of a catalogued WARC file (the file was checked against the catalog once)."""

    seed: catalog.Seed
    offset: int
    key: str

    @property
    def file(self) -> str:
        return f"{self.seed.file}#{self.key}"


def expand(seeds_dir, seeds) -> Iterable:
    """Seeds -> work units: a text or HTML seed is one unit, a WARC seed one unit per HTML record
    (its SHA-256 is checked here, streaming, and its records listed without keeping their pages)."""
    from corpus.text import sources, warc

    for seed in seeds:
        if sources.kind(seed.file) != "warc":
            yield seed
            continue
        path = Path(seeds_dir) / seed.file
        if not path.is_file():  # a FIFO or a folder is never opened here; its build unit names it
            yield WarcRecord(seed, 0, "unread")
            continue
        try:
            sha, _ = catalog.digest(path)
        except OSError as exc:
            yield _Refused(seed.file, f"{path}: listed in the catalog but cannot be read: {exc.strerror}")
            continue
        if sha != seed.sha256:
            yield _Refused(seed.file, f"{path}: SHA-256 {sha} does not match the catalog ({seed.sha256}) (what to do: "
                                      "seeds are never edited: restore the original file)")
            continue
        try:
            for page in warc.pages(path):
                yield WarcRecord(seed, page.offset, page.key)
        except CorpusError as exc:
            yield _Refused(seed.file, exc.format())


@dataclass(frozen=True)
class _Refused:
    file: str
    error: str


def _sha256(unit) -> str | None:
    """The SHA-256 of the page a work unit reads: its seed's (a WARC record: the archive's)."""
    return getattr(getattr(unit, "seed", unit), "sha256", None)


def build_one(seed, seeds_dir: str, out_dir: str, opts: BuildOptions, choice=None) -> DocResult:
    """One document, inside the boundary: whatever goes wrong becomes this document's named error
    (``choice``: its profile choice from the first pass, if any)."""

    def failed(message: str) -> DocResult:
        return _remove_stale(DocResult(file=seed.file, error=message, sha256=_sha256(seed)), out_dir)

    return guard.boundary(seed.file, lambda: _build_one(seed, seeds_dir, out_dir, opts, choice), failed)


def _build_chosen(item, seeds_dir: str, out_dir, opts: BuildOptions) -> DocResult:
    """``build_one`` of a (work unit, profile choice) pair: the main pass's items."""
    return build_one(item[0], seeds_dir, out_dir, opts, item[1])


def _remove_stale(res: DocResult, target) -> DocResult:
    """A failed document leaves no output behind: its JSON/TEI from an earlier build would pass for it."""
    from corpus.document.model import doc_id_for

    doc_id = res.doc_id or doc_id_for(res.file)
    out = _target(target).open()
    for sub, ext in (("json", ".json"), ("tei", ".xml"), ("txt", ".txt")):
        if f"{doc_id}{ext}" in out.list(sub, ext):
            out.remove(f"{sub}/{doc_id}{ext}")
            res.removed.append(f"{sub}/{doc_id}{ext}")
    return res


def _target(out_dir) -> "outputs.Target":
    return out_dir if isinstance(out_dir, outputs.Target) else outputs.Target(str(out_dir))


def _build_one(seed, seeds_dir: str, out_dir: str, opts: BuildOptions, choice=None) -> DocResult:
    res = DocResult(file=seed.file, sha256=_sha256(seed))
    if isinstance(seed, _Refused):
        res.error = seed.error
        return res
    try:
        refused = guard.seed_problem(seeds_dir, getattr(seed, "seed", seed).file, opts.follow_symlinks)
        if refused is not None:
            raise refused
        if isinstance(seed, WarcRecord):
            from corpus.text import sources

            data = sources.warc_page(Path(seeds_dir) / seed.seed.file, seed.offset, seed.seed.file)
            fields = seed.seed.source_fields()
        else:
            data = catalog.verify(seeds_dir, seed)
            fields = seed.source_fields()
        doc, _, tei_bytes, n_ann, json_bytes = process_seed(data, seed.file, opts, fields, choice)
    except CorpusError as exc:
        res.error = exc.format()
        return _remove_stale(res, out_dir)
    except _Invalid as exc:
        res.doc_id = exc.doc_id
        res.error = f"{seed.file}: {exc.what} ({len(exc.problems)} problems)"
        res.problems = exc.problems
        return _remove_stale(res, out_dir)
    out = _target(out_dir).open()
    out.write(f"json/{doc.id}.json", json_bytes)
    out.write(f"tei/{doc.id}.xml", tei_bytes)
    from corpus.tei.plaintext import plain_text

    out.write(f"txt/{doc.id}.txt", plain_text(doc).encode("utf-8"))
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
                 progress: Callable[[DocResult], None] | None = None, follow_symlinks: bool = False,
                 durability: str = "file", engine: str = "local", scheduler: str | None = None,
                 client=None) -> BuildReport:
    """Build every catalogued seed.  Stops at the first failing document unless `keep_going`.

    `out_dir` is a folder or an fsspec URL; `durability` is 'file' (fsync each file) or 'build'
    (one sync at the end); `engine` 'local' (`jobs` processes) or 'dask' (a LocalCluster of `jobs`
    workers, the cluster at `scheduler`, or `client`).  Files of documents that are no longer built
    are removed from out_dir/json, tei and txt, so the build folder always mirrors the catalog.  One
    local build at a time writes to out_dir (a lock), and the temp files of a killed build are
    removed first; report.json is written however the build ends."""
    seeds_dir, out_dir = str(seeds_dir), str(out_dir)
    target = outputs.Target(out_dir, durability)
    if config is None:
        config = _load_config()
    seed_list = list(expand(seeds_dir, seeds if seeds is not None else catalog.load(seeds_dir)))
    refuse_id_collisions(seed_list, seeds_dir)
    results: list[DocResult] = []
    local = not outputs.is_url(out_dir)
    with guard.BuildLock(out_dir) if local else contextlib.nullcontext(), \
            engines.session(engine=engine, jobs=jobs, scheduler=scheduler, client=client) as run_all:
        if local:
            guard.sweep_temp(out_dir)
        choices: list = []  # each unit's profile choice from the first pass (a few distinct tuples, shared)
        opts = BuildOptions(site_profiles=site_profiles, validate_tei=validate_tei, tei_all=tei_all,
                            annotations_dir=str(annotations_dir) if annotations_dir else None, config=config,
                            follow_symlinks=follow_symlinks,
                            site_stats=_site_stats(seeds_dir, seed_list, site_profiles, follow_symlinks, run_all,
                                                   choices))
        work = functools.partial(_build_chosen, seeds_dir=seeds_dir, out_dir=target, opts=opts)
        items = list(zip(seed_list, choices or [None] * len(seed_list)))
        try:
            engines.consume(run_all(work, items), keep_going=keep_going, progress=progress, out=results)
        finally:  # the report is written however the build ends: it says what was built and what was not
            report = BuildReport(results)
            out = target.open()
            if report.ok and len(results) == len(seed_list):
                report.pruned = _prune(out, {r.doc_id for r in results})
            out.write_final("report.json", jsonio.dumps_bytes(report.to_dict()))
    return report


def _site_stats(seeds_dir: str, seed_list: list, site_profiles: bool, follow_symlinks: bool = False,
                run_all: Callable | None = None, choices: list | None = None):
    """First pass: the template lines of each site among the seeds (corpus.clean.template), passed to
    every document as data.  Each page is summarised where the documents are built (``run_all``: the
    build's engine; this process when None) and only the summaries come back, added up here in catalog
    order, so the statistics are the same for any engine and number of workers.  ``choices`` (a list)
    receives each unit's profile choice, in order, for the main pass to reuse."""
    if len(seed_list) < 2:
        return None
    from corpus.document import pipeline

    work = functools.partial(page_summary, seeds_dir=seeds_dir, site_profiles=site_profiles,
                             follow_symlinks=follow_symlinks)
    summaries = (run_all or engines.run_local)(work, seed_list)
    if choices is None:
        return pipeline.reduce_summaries(summaries)
    shared: dict = {}

    def noted():
        for s in summaries:
            choice = s.choice if s is not None else None
            choices.append(shared.setdefault(choice, choice))
            yield s

    return pipeline.reduce_summaries(noted())


def page_summary(unit, seeds_dir: str, site_profiles: bool, follow_symlinks: bool = False):
    """One work unit's part of the first pass (``pipeline.page_summary``), or None: a seed that cannot be
    read or decoded is skipped here (its own build reports the error); the site is the catalog's
    ``site`` field when there is one (a WARC record: its file's entry)."""
    from corpus.document import pipeline
    from corpus.text import sources

    if guard.seed_problem(seeds_dir, getattr(unit, "seed", unit).file, follow_symlinks) is not None:
        return None  # a link or a FIFO is never read, here either; its own build names it
    try:
        if isinstance(unit, _Refused):
            return None
        if isinstance(unit, WarcRecord):
            raw = sources.warc_page(Path(seeds_dir) / unit.seed.file, unit.offset, unit.seed.file)
        else:
            raw = sources.decode(catalog.verify(seeds_dir, unit), unit.file)
    except CorpusError:
        return None
    site = getattr(getattr(unit, "seed", unit), "site", None)
    return pipeline.page_summary(unit.file, raw, site_profiles=site_profiles, site=site)


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


def _prune(out, keep: set[str]) -> list[str]:
    gone = []
    for sub, ext in (("json", ".json"), ("tei", ".xml"), ("txt", ".txt")):
        for name in sorted(out.list(sub, ext)):
            if name[: -len(ext)] not in keep:
                out.remove(f"{sub}/{name}")
                gone.append(f"{sub}/{name}")
    return gone


def _load_config() -> dict:
    try:
        from corpus.project import config as cfg
    except ImportError:
        return {}
    return cfg.load_dict()
