"""`corpus verify PATH`: is this release (folder or archive) exactly what was published, and is it valid?

Two questions, answered separately: the manifest (every file's SHA-256: changed, missing and extra files
are named) and the content (document JSON, annotations, TEI, the corpus file's XIncludes)."""
from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from corpus.release import archive
from corpus.errors import CorpusError


@dataclass
class VerifyReport:
    name: str
    files: int = 0
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # manifest format and content problems

    @property
    def ok(self) -> bool:
        return not (self.changed or self.missing or self.extra or self.problems)

    def lines(self) -> list[str]:
        out = [f"changed: {p} (SHA-256 differs from MANIFEST.sha256)" for p in self.changed]
        out += [f"missing: {p} (listed in MANIFEST.sha256, not in the release)" for p in self.missing]
        out += [f"extra: {p} (not listed in MANIFEST.sha256)" for p in self.extra]
        return out + self.problems


def manifest_check(files: dict[str, bytes], report: VerifyReport) -> None:
    if archive.MANIFEST not in files:
        report.problems.append(f"{archive.MANIFEST} is missing: nothing to verify the files against")
        return
    listed = archive.parse_manifest(files[archive.MANIFEST], archive.MANIFEST)
    report.files = len(listed)
    for path in sorted(listed):
        if path not in files:
            report.missing.append(path)
        elif archive.sha256(files[path]) != listed[path]:
            report.changed.append(path)
    report.extra = sorted(p for p in files if p not in listed and p != archive.MANIFEST)
    if archive.MANIFEST_JSON in files and archive.MANIFEST_JSON not in report.changed:
        try:
            entries = {e["path"]: e["sha256"] for e in json.loads(files[archive.MANIFEST_JSON])["files"]}
        except (ValueError, KeyError, TypeError) as exc:
            report.problems.append(f"{archive.MANIFEST_JSON}: unreadable ({exc})")
        else:
            expected = {p: h for p, h in listed.items() if p != archive.MANIFEST_JSON}
            if entries != expected:
                report.problems.append(f"{archive.MANIFEST_JSON} and {archive.MANIFEST} disagree")


def content_problems(folder, *, seeds_dir=None, tei: bool = True) -> list[str]:
    """Re-validate a release folder: corpus.json, document JSON (schema + semantics, against the raw
    seeds when given), annotations against their documents, and TEI (project schema + tei_all) with
    the text of every TEI file equal to its document's text; the corpus file must resolve its parts."""
    from corpus.project import config
    from corpus.text import raw as rawtext
    from corpus.document import validate
    from corpus.document.model import Document

    folder = Path(folder)
    out: list[str] = []
    try:
        config.load(folder / "corpus.json")
    except CorpusError as exc:
        out.append(exc.format())
    docs: dict[str, Document] = {}
    for p in sorted((folder / "json").glob("*.json")):
        rel = f"json/{p.name}"
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            out.append(f"{rel}: not valid JSON ({exc})")
            continue
        raw = None
        if seeds_dir is not None and isinstance(data, dict):
            src = Path(seeds_dir) / str(data.get("source", {}).get("file", ""))
            raw = rawtext.read(src) if src.is_file() else None
        problems = validate.validate_data(data, rel, raw)
        out += [pr.format() for pr in problems]
        if not problems:
            docs[p.stem] = Document.from_dict(data)
    out += _annotation_problems(folder, docs)
    if tei:
        out += _tei_problems(folder, docs)
    return out


def _annotation_problems(folder: Path, docs) -> list[str]:
    ann = folder / "annotations"
    if not ann.is_dir():
        return []
    from corpus.standoff import check

    out = []
    for p in sorted(ann.glob("*/*.json")):
        if p.parent.name not in docs:
            if (folder / "json" / f"{p.parent.name}.json").is_file():
                out.append(f"annotations/{p.parent.name}/{p.name}: not checked, because its document "
                           f"json/{p.parent.name}.json is invalid (see above)")
            else:
                out.append(f"annotations/{p.parent.name}/{p.name}: no document json/{p.parent.name}.json in the release")
            continue
        out += [i.format() for i in check.check_file(p, doc=docs[p.parent.name])]
    return out


def _tei_problems(folder: Path, docs) -> list[str]:
    from lxml import etree

    from corpus.tei import teicorpus
    from corpus.tei import read as teiread
    from corpus.tei import validate as teivalidate

    out = []
    tei_files = sorted((folder / "tei").glob("*.xml"))
    if sorted(p.stem for p in tei_files) != sorted(docs) and (folder / "json").is_dir():
        json_ids = {p.stem for p in (folder / "json").glob("*.json")}
        for s in sorted(json_ids ^ {p.stem for p in tei_files}):
            out.append(f"document {s} has {'JSON but no TEI' if s in json_ids else 'TEI but no JSON'}")
    for p in tei_files:
        rel = f"tei/{p.name}"
        data = p.read_bytes()
        out += [f"{rel}: {e}" if not e.startswith(rel) else e for e in teivalidate.validate_tei(data, rel, tei_all=True)]
        if p.stem in docs:
            try:
                text = teiread.read_text(data)
            except Exception as exc:  # noqa: BLE001 - any read-back failure is a finding, not a crash
                out.append(f"{rel}: cannot read the text back ({exc})")
                continue
            if text != docs[p.stem].text():
                at = next((i for i, (a, b) in enumerate(zip(text, docs[p.stem].text())) if a != b),
                          min(len(text), len(docs[p.stem].text())))
                out.append(f"{rel}: text differs from json/{p.stem}.json at character {at}")
    corpus = folder / teicorpus.FILE_NAME
    if not corpus.is_file():
        return out + [f"{teicorpus.FILE_NAME} is missing"]
    try:
        tree = teicorpus.resolve(corpus)
    except (etree.XMLSyntaxError, etree.XIncludeError, OSError) as exc:
        return out + [f"{teicorpus.FILE_NAME}: cannot resolve its parts ({exc})"]
    parts = tree.getroot().findall(f"{{{teicorpus.TEI_NS}}}TEI")
    if len(parts) != len(tei_files):
        out.append(f"{teicorpus.FILE_NAME}: includes {len(parts)} documents, the release has {len(tei_files)}")
    schema = teivalidate.tei_all_schema()
    if not schema.validate(tree):
        out += [f"{teicorpus.FILE_NAME} (XIncludes resolved):{e.line}: [tei_all.rng] {e.message}" for e in schema.error_log]
    return out


def verify(path, *, seeds_dir=None, content: bool = True, tei: bool = True) -> VerifyReport:
    name, files = archive.read_release(path)
    report = VerifyReport(name)
    manifest_check(files, report)
    if content:
        p = Path(path)
        if p.is_dir():
            report.problems += content_problems(p, seeds_dir=seeds_dir, tei=tei)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                archive.write_folder(Path(tmp) / name, files)
                report.problems += content_problems(Path(tmp) / name, seeds_dir=seeds_dir, tei=tei)
    return report
