"""`corpus release VERSION`: build from the seeds and annotations, validate everything, and write
``dist/<name>-<version>/`` plus a byte-reproducible ``dist/<name>-<version>.tar.gz``.

The release is assembled in memory as ``relative path -> bytes`` (:func:`assemble`), so the folder and
the archive carry the same bytes, and a rebuild from the same commit gives the same archive."""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from importlib.resources import files as package_files
from pathlib import Path
from typing import Callable

from corpus.build import guard
from corpus.release import archive
from corpus.release import datacard
from corpus.release import scratch
from corpus import jsonio
from corpus.tei import teicorpus
from corpus.project import config as cfgmod
from corpus.errors import ConfigError, ValidationError
from corpus.release.semver import Version, at_least, step

CHANGELOG = "CHANGELOG.md"
_SECTION = re.compile(r"^## \[(?P<v>[^\]]+)\](?:\s+-\s+(?P<date>\S+))?\s*$", re.M)


# -- inputs ---------------------------------------------------------------------------------------
def changelog_for(text: str, version: str, release_date: str, where: str = CHANGELOG) -> str:
    """The changelog shipped in the release: the preamble plus every released section up to `version`
    (keep-a-changelog layout).  The section for `version` must exist and carry the release date."""
    sections = list(_SECTION.finditer(text))
    found = next((m for m in sections if m.group("v") == version), None)
    if found is None:
        raise ConfigError(where, f"no section '## [{version}] - {release_date}'",
                          hint=f"move the entries under [Unreleased] to a new section '## [{version}] - {release_date}'")
    if found.group("date") != release_date:
        raise ConfigError(where, f"section [{version}] is dated {found.group('date') or '(no date)'}, "
                                 f"corpus.json says {release_date}",
                          line=text.count("\n", 0, found.start()) + 1, hint="make the two dates agree")
    mine = Version.parse(version)
    out = [text[: sections[0].start()].rstrip() + "\n"]
    for i, m in enumerate(sections):
        end = sections[i + 1].start() if i + 1 < len(sections) else len(text)
        try:
            v = Version.parse(m.group("v"))
        except ConfigError:
            continue  # [Unreleased]
        if v <= mine:
            body = re.sub(r"^\[[^\]]+\]:\s*\S+\s*$", "", text[m.start():end], flags=re.M)  # link references
            out.append("\n" + body.strip() + "\n")
    return "".join(out)


def source_date_epoch(config: cfgmod.CorpusConfig) -> int:
    """Archive timestamps: SOURCE_DATE_EPOCH when set (reproducible-builds.org), else the release date."""
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env is not None:
        if not env.isdigit():
            raise ConfigError("SOURCE_DATE_EPOCH", f"{env!r} is not a whole number of seconds",
                              hint="unset it or set it to a Unix time, e.g. $(git log -1 --format=%ct)")
        return int(env)
    return int(config.release_datetime().timestamp())


def schema_files() -> dict[str, bytes]:
    """The project's JSON Schemas and RELAX NG schemas, as installed with the package."""
    root = package_files("corpus.schema")
    return {f"schema/{p.name}": p.read_bytes() for p in sorted(root.iterdir(), key=lambda p: p.name)
            if p.name.endswith((".json", ".rng"))}


def tree_files(folder, prefix: str, suffixes=(".json",)) -> dict[str, bytes]:
    folder = Path(folder)
    if not folder.is_dir():
        return {}
    return {f"{prefix}/{p.relative_to(folder).as_posix()}": p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name.endswith(suffixes) and not p.name.startswith(".")}


# -- assembly -------------------------------------------------------------------------------------
def assemble(config: cfgmod.CorpusConfig, build_dir, annotations_dir, changelog: str,
             docs_dir=None, source: dict | None = None) -> dict[str, bytes]:
    """Every file of the release, derived from the build output, the annotations and corpus.json."""
    build_dir = Path(build_dir)
    files: dict[str, bytes] = {}
    files.update(tree_files(build_dir / "json", "json"))
    files.update(tree_files(build_dir / "tei", "tei", (".xml",)))
    files.update(tree_files(build_dir / "txt", "txt", (".txt",)))  # plain text for tools that read text
    files.update(tree_files(annotations_dir, "annotations") if annotations_dir else {})
    files.update(schema_files())
    if docs_dir:
        files.update(tree_files(docs_dir, "docs", (".md",)))
    docs = [jsonio.parse(files[p].decode("utf-8"), p) for p in sorted(files) if p.startswith("json/")]
    ann = {p: jsonio.parse(files[p].decode("utf-8"), p) for p in sorted(files) if p.startswith("annotations/")}
    st = datacard.stats(docs, ann)
    tei_docs = sorted(p for p in files if p.startswith("tei/"))
    files[teicorpus.FILE_NAME] = teicorpus.build(config, tei_docs, {
        "documents": st["documents"], "comments": st["comments"], "words": st["words"],
        "annotations": st["annotations"]}, entities=ann.get("annotations/entities.json"))
    files["corpus.json"] = jsonio.dumps_bytes(config.to_dict())
    files["CITATION.cff"] = datacard.citation_cff(config).encode("utf-8")
    files[CHANGELOG] = changelog.encode("utf-8")
    listing = sorted(set(files) | {"README.md", archive.MANIFEST, archive.MANIFEST_JSON})
    files["README.md"] = datacard.readme(config, docs, st, listing).encode("utf-8")
    return archive.with_manifests(files, {"name": config.name, "version": config.version,
                                          "release_date": config.release_date, **(source or {})})


# -- the command ----------------------------------------------------------------------------------
@dataclass
class Project:
    """Where the inputs of a release live (defaults: the project root layout)."""

    root: Path = Path(".")
    seeds: Path | None = None
    annotations: Path | None = None
    config: Path | None = None
    changelog: Path | None = None
    docs: Path | None = None
    dist: Path | None = None

    def __post_init__(self):
        r = Path(self.root)
        self.seeds = Path(self.seeds or r / "seeds")
        self.annotations = Path(self.annotations or r / "annotations")
        self.config = Path(self.config or r / cfgmod.CONFIG_NAME)
        self.changelog = Path(self.changelog or r / CHANGELOG)
        self.docs = Path(self.docs or r / "docs")
        self.dist = Path(self.dist or r / "dist")


@dataclass
class ReleaseResult:
    folder: Path
    archive: Path
    sha256: str
    files: int
    previous: str | None = None
    needed: str | None = None
    stated: str | None = None
    changes: list = field(default_factory=list)


Builder = Callable[..., object]


def _default_builder(seeds_dir, out_dir, *, annotations_dir=None, config=None, jobs=1):
    from corpus.build.run import build_corpus
    from corpus.project import catalog

    seeds, _, _ = catalog.pages_to_build(seeds_dir)  # every page, catalogued or not (each SHA-256 is in its JSON)
    return build_corpus(seeds_dir, out_dir, annotations_dir=annotations_dir, config=config, jobs=jobs,
                        keep_going=True, validate_tei=False, seeds=seeds)  # the release validates every TEI file


def find_previous(dist, name: str, version: Version) -> Path | None:
    """The highest release of `name` below `version` in `dist` (folder preferred over archive)."""
    dist = Path(dist)
    if not dist.is_dir():
        return None
    best: tuple[Version, Path] | None = None
    pat = re.compile(rf"^{re.escape(name)}-(\d+\.\d+\.\d+)(\.tar\.gz)?$")
    for p in sorted(dist.iterdir()):
        m = pat.match(p.name)
        if not m:
            continue
        v = Version.parse(m.group(1))
        if v < version and (best is None or v > best[0] or (v == best[0] and p.is_dir())):
            best = (v, p)
    return best[1] if best else None


def release(version: str, project: Project, *, previous=None, force: bool = False,
            builder: Builder | None = None, checker: Callable[..., list[str]] | None = None,
            log: Callable[[str], None] = lambda s: None, allow_dirty: bool = False) -> ReleaseResult:
    """Build, validate, compare with the previous release, then write the folder and the archive.

    Nothing is written to dist/ unless every check passes."""
    from corpus.release import gitstate

    new_v = Version.parse(version, "VERSION")
    config = cfgmod.load(project.config)
    todo = cfgmod.placeholders(config.to_dict())
    if todo:
        raise ConfigError(str(project.config), f"still holds placeholders from `corpus init`: {', '.join(todo)}",
                          hint="replace every 'TODO: ...' value (its $comment says what goes there), then release again")
    if config.version != version:
        raise ConfigError(str(project.config), f"version is {config.version}, the release asks for {version}",
                          hint=f'set "version": "{version}" and "release_date" in corpus.json, the single source '
                               f"of corpus metadata, then release again")
    if not project.changelog.is_file():
        raise ConfigError(str(project.changelog), "not found (looked in the project root only)",
                          hint=f"create it with a section '## [{version}] - {config.release_date}' saying what the "
                               f"release holds (`corpus init` writes one)")
    changelog = changelog_for(project.changelog.read_text(encoding="utf-8"), version, config.release_date,
                              str(project.changelog))
    git = gitstate.state(project.root, exclude=(project.dist, Path(project.root) / "build"))
    if git.dirty and not allow_dirty:
        shown = ", ".join(line.strip() for line in git.dirty[:5]) + (f" and {len(git.dirty) - 5} more" if len(git.dirty) > 5 else "")
        raise ConfigError(str(project.root), f"the git working tree has changes that are not committed: {shown}",
                          hint="commit them (the release records the commit it was made from), or pass --allow-dirty")
    if git.commit is None:
        log(f"{project.root} is not in a git repository: the release records no source commit")
    elif git.dirty:
        log(f"releasing from a dirty tree at commit {git.commit[:12]} (--allow-dirty; recorded in manifest.json)")
    else:
        log(f"releasing commit {git.commit[:12]}")
    source = git.to_manifest(allow_dirty)
    mtime = source_date_epoch(config)
    dist = project.dist
    folder, tar_path = dist / config.release_name, dist / (config.release_name + archive.ARCHIVE_SUFFIX)
    dist.mkdir(parents=True, exist_ok=True)
    with guard.BuildLock(dist, "release"), scratch.exit_on_signals():
        _sweep_interrupted(dist, config.release_name)
        # The folder is written before the archive, so a folder without its archive is a release that
        # was interrupted (killed before or while the archive was written): it is finished, not refused.
        if tar_path.exists() and not force:
            raise ConfigError(str(tar_path), f"release {version} already exists",
                              hint="a published version never changes: release a new version, or pass --force to "
                                   "rebuild it (the archive must come out byte-identical)")
        resuming = folder.exists() and not tar_path.exists()
        if resuming:
            log(f"{folder} has no archive: an earlier release was interrupted; finishing it")
        work = Path(tempfile.mkdtemp(prefix=f".{config.release_name}.", dir=dist))
        try:
            return _release_in(work, version, new_v, project, config, changelog, mtime, folder, tar_path,
                               previous, force, resuming, builder, checker, log, source)
        finally:
            shutil.rmtree(work, ignore_errors=True)


def _sweep_interrupted(dist: Path, release_name: str) -> None:
    """Under the release lock: remove work folders and temp files of a killed release."""
    for p in dist.glob(f".{release_name}.*"):
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
    for p in dist.glob(".*.tmp"):
        if p.is_file() and not p.is_symlink():
            p.unlink()


def _release_in(work, version, new_v, project, config, changelog, mtime, folder, tar_path, previous, force,
                resuming, builder, checker, log, source=None) -> ReleaseResult:
    from corpus.release import diff as releasediff
    from corpus.release import verify

    dist = project.dist
    from corpus.project import catalog

    log(f"building {config.release_name} from {project.seeds}"
        + ("" if catalog.exists(project.seeds) else " (no catalog.json: every page there; each SHA-256 is "
                                                      "recorded in its document's JSON)"))
    report = (builder or _default_builder)(project.seeds, work / "build",
                                           annotations_dir=project.annotations if project.annotations.is_dir() else None,
                                           config=config.to_dict(), jobs=1)
    _refuse_failed_build(report)
    files = assemble(config, work / "build", project.annotations if project.annotations.is_dir() else None,
                     changelog, project.docs if project.docs.is_dir() else None, source=source)
    staged = work / config.release_name
    archive.write_folder(staged, files)
    log("validating the release (JSON, annotations, TEI)")
    problems = (checker or verify.content_problems)(staged, seeds_dir=project.seeds)
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise ValidationError(config.release_name, f"{len(problems)} validation problem(s): {shown}",
                              hint="fix them (run `corpus build` and `corpus annotate check`), then release again")
    result = ReleaseResult(folder, tar_path, "", len(files))
    prev = Path(previous) if previous else find_previous(dist, config.name, new_v)
    if prev is not None:
        prev_name, prev_files = archive.read_release(prev)
        prev_v = Version.parse(prev_name.rsplit("-", 1)[-1], str(prev))
        d = releasediff.diff(prev_files, files)
        stated = step(prev_v, new_v)
        result.previous, result.needed, result.stated, result.changes = str(prev_v), d.needed, stated, d.changes
        if not at_least(stated, d.needed):
            reasons = "; ".join([c.format() for c in d.changes if c.level == d.needed][:3])
            raise ConfigError(config.release_name,
                              f"{version} is a {stated} step from {prev_v} but the changes need a {d.needed} "
                              f"release ({reasons})",
                              hint=f"release {prev_v.bumped(d.needed)} or higher (see docs/versioning.md; "
                                   f"`corpus diff {prev} NEW` lists every change)")
    if resuming and not force and archive.read_folder(folder) != files:
        raise ConfigError(str(folder), "an interrupted release left this folder, and it differs from what this "
                                       "release builds now",
                          hint="remove the folder (it was never published with an archive), or pass --force")
    data = archive.tar_gz(config.release_name, files, mtime)
    if folder.exists():
        shutil.rmtree(folder)
    os.replace(staged, folder)
    jsonio.atomic_write_bytes(tar_path, data)
    result.sha256 = archive.sha256(data)
    return result


def _refuse_failed_build(report) -> None:
    if report is None or getattr(report, "ok", True):
        return
    bad = [d for d in report.documents if not d.ok]
    details = "; ".join(f"{d.file}: {d.error}" + (f" ({'; '.join(d.problems[:2])})" if d.problems else "")
                        for d in bad[:3])
    raise ValidationError("build", f"{len(bad)} document(s) failed to build or validate: {details}",
                          hint="run `corpus build` to see every problem, fix them, then release again")
