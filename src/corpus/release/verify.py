"""`corpus verify PATH`: is this release (folder or archive) exactly what was published, and is it valid?

Two questions, answered separately: the manifest (every file's SHA-256: changed, missing and extra files
are named) and the content (document JSON, annotations, TEI, the corpus file's XIncludes)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from corpus import jsonio
from corpus.release import archive
from corpus.errors import CorpusError, InputError, ValidationError


@dataclass
class VerifyReport:
    name: str
    files: int = 0
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # manifest format and content problems
    sha256: str | None = None  # of the archive file, to compare with the published one

    @property
    def ok(self) -> bool:
        return not (self.changed or self.missing or self.extra or self.problems)

    def lines(self) -> list[str]:
        out = [f"changed: {p} (SHA-256 differs from MANIFEST.sha256)" for p in self.changed]
        out += [f"missing: {p} (listed in MANIFEST.sha256, not in the release)" for p in self.missing]
        out += [f"extra: {p} (not listed in MANIFEST.sha256)" for p in self.extra]
        return out + self.problems


def manifest_check(files: dict[str, bytes], report: VerifyReport, digests: dict[str, str] | None = None) -> None:
    """Compare the files with MANIFEST.sha256 (and manifest.json with it).  `files` needs only the two
    manifests when `digests` (path -> SHA-256 of every file) is given: releases are hashed as streams."""
    if digests is None:
        digests = {p: archive.sha256(b) for p, b in files.items()}
    if archive.MANIFEST not in files:
        report.problems.append(f"{archive.MANIFEST} is missing: nothing to verify the files against")
        return
    listed = archive.parse_manifest(files[archive.MANIFEST], archive.MANIFEST)
    report.files = len(listed)
    for path in sorted(listed):
        if path not in digests:
            report.missing.append(path)
        elif digests[path] != listed[path]:
            report.changed.append(path)
    report.extra = sorted(p for p in digests if p not in listed and p != archive.MANIFEST)
    if archive.MANIFEST_JSON in files and archive.MANIFEST_JSON not in report.changed:
        try:
            doc = jsonio.parse(files[archive.MANIFEST_JSON].decode("utf-8"), archive.MANIFEST_JSON)
            entries = {}
            for e in doc["files"]:
                if e["path"] in entries:
                    raise ValueError(f"{e['path']!r} is listed twice")
                entries[e["path"]] = e["sha256"]
        except CorpusError as exc:
            report.problems.append(exc.format())
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            report.problems.append(f"{archive.MANIFEST_JSON}: unreadable ({exc})")
        else:
            expected = {p: h for p, h in listed.items() if p != archive.MANIFEST_JSON}
            if entries != expected:
                report.problems.append(f"{archive.MANIFEST_JSON} and {archive.MANIFEST} disagree")


def _regular(folder: Path, sub: str, pattern: str) -> list[Path]:
    """Regular files only: a link in a release folder is never followed (it may point anywhere)."""
    return sorted(p for p in (folder / sub).glob(pattern) if p.is_file() and not p.is_symlink())


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
    for p in _regular(folder, "json", "*.json"):
        rel = f"json/{p.name}"
        try:
            data = jsonio.read_json(p)
        except CorpusError as exc:
            out.append(f"{rel}: not valid JSON ({exc.format()})")
            continue
        raw = None
        if seeds_dir is not None and isinstance(data, dict):
            src = Path(seeds_dir) / str(data.get("source", {}).get("file", ""))
            raw = rawtext.read(src) if src.is_file() else None
        problems = validate.validate_data(data, rel, raw)
        out += [pr.format() for pr in problems]
        if not problems:
            try:
                docs[p.stem] = Document.from_dict(data)
            except (KeyError, TypeError, ValueError) as exc:
                out.append(f"{rel}: cannot be read as a document ({type(exc).__name__}: {exc})")
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
    for p in sorted(p for p in ann.glob("*/*.json") if p.is_file() and not p.is_symlink()):
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
    from corpus.tei import teicorpus
    from corpus.tei import read as teiread
    from corpus.tei import validate as teivalidate

    out = []
    tei_files = _regular(folder, "tei", "*.xml")
    if sorted(p.stem for p in tei_files) != sorted(docs) and (folder / "json").is_dir():
        json_ids = {p.stem for p in _regular(folder, "json", "*.json")}
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
            out += header_problems(data, docs[p.stem], rel)
            if text != docs[p.stem].text():
                at = next((i for i, (a, b) in enumerate(zip(text, docs[p.stem].text())) if a != b),
                          min(len(text), len(docs[p.stem].text())))
                out.append(f"{rel}: text differs from json/{p.stem}.json at character {at}")
    corpus = folder / teicorpus.FILE_NAME
    if not corpus.is_file():
        return out + [f"{teicorpus.FILE_NAME} is missing"]
    try:
        tree = resolve_confined(corpus, folder)
    except CorpusError as exc:
        return out + [exc.format()]
    parts = tree.getroot().findall(f"{{{teicorpus.TEI_NS}}}TEI")
    if len(parts) != len(tei_files):
        out.append(f"{teicorpus.FILE_NAME}: includes {len(parts)} documents, the release has {len(tei_files)}")
    schema = teivalidate.tei_all_schema()
    if not schema.validate(tree):
        out += [f"{teicorpus.FILE_NAME} (XIncludes resolved):{e.line}: [tei_all.rng] {e.message}" for e in schema.error_log]
    return out


# -- the corpus file: XInclude inside the release only ------------------------------------------------
_SAFE_PARSER = dict(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def _parse_xml(path: Path, rel: str):
    from lxml import etree

    try:
        return etree.parse(str(path), etree.XMLParser(**_SAFE_PARSER))
    except (etree.XMLSyntaxError, OSError) as exc:
        raise ValidationError(rel, f"not well-formed XML, or over the parser's depth/size limits: {exc}",
                              hint="do not use this release; it was not written by `corpus release`") from None


def resolve_confined(corpus_path, folder):
    """The corpus file with its XIncludes replaced by the documents they name, where every include must
    be ``<xi:include href="tei/….xml"/>`` (parse="xml", a relative path to a regular file inside the
    release, no xpointer, no xml:base) and the included documents include nothing themselves.  Done by
    hand, not by libxml2, so that nothing outside the release is ever opened."""
    from lxml import etree

    from corpus.tei import teicorpus

    corpus_path, folder = Path(corpus_path), Path(folder)
    name = teicorpus.FILE_NAME
    tree = _parse_xml(corpus_path, name)
    root_dir = folder.resolve()
    xml_base = f"{{{teicorpus.XML_NS}}}base"
    if any(e.get(xml_base) is not None for e in tree.getroot().iter(etree.Element)):
        raise ValidationError(name, "uses xml:base, which would make XInclude-aware tools resolve its parts "
                                    "elsewhere", hint="do not use this release; it was not written by `corpus release`")
    for inc in list(tree.getroot().iter(f"{{{teicorpus.XI_NS}}}include")):
        href = inc.get("href") or ""
        bad = None
        if inc.get("parse", "xml") != "xml":
            bad = f'parse="{inc.get("parse")}" (only XML documents may be included)'
        elif inc.get("xpointer") is not None or not href:
            bad = "an xpointer or an empty href (only whole documents may be included)"
        elif href.startswith(("/", "\\")) or ":" in href or "%" in href or "\\" in href:
            bad = "an absolute path or a URL (only files inside the release may be included)"
        else:
            target = (corpus_path.parent / href).resolve()
            if not target.is_relative_to(root_dir) or (corpus_path.parent / href).is_symlink():
                bad = "a path outside the release"
            elif not target.is_file():
                bad = "a file that is not in the release"
        if bad:
            raise ValidationError(f"{name}:{inc.sourceline}", f"XInclude href={href!r} names {bad}",
                                  hint="do not use this release; it was not written by `corpus release`")
        part = _parse_xml(target, href)
        if part.getroot().find(f".//{{{teicorpus.XI_NS}}}include") is not None or \
                part.getroot().tag == f"{{{teicorpus.XI_NS}}}include":
            raise ValidationError(href, "an included document includes other files itself",
                                  hint="do not use this release; it was not written by `corpus release`")
        new = part.getroot()
        new.set(xml_base, href)
        new.tail = inc.tail
        inc.getparent().replace(inc, new)
    return tree


# -- the TEI header against the JSON ----------------------------------------------------------------
def header_problems(xml: bytes, doc, rel: str) -> list[str]:
    """The header facts a reader trusts, each against the document JSON: the title, the document id,
    the raw file and its SHA-256 (a title changed in the TEI and the manifests regenerated must fail)."""
    from corpus.tei import read as teiread
    from corpus.tei.export import TEI_NS, XML_ID

    try:
        root = teiread.parse(xml, rel)
    except CorpusError as exc:
        return [exc.format()]
    ns = {"t": TEI_NS}
    fd = "t:teiHeader/t:fileDesc"
    title = doc.title if doc.title and doc.title.strip() else None
    src = doc.source
    facts = [
        ("document id (TEI/@xml:id)", [root.get(XML_ID)], doc.id),
        ("document id (idno type=corpus-document)",
         root.xpath(f"{fd}/t:publicationStmt/t:idno[@type='corpus-document']/text()", namespaces=ns), doc.id),
        ("title (titleStmt)", root.xpath(f"{fd}/t:titleStmt/t:title[@type='main']/text()", namespaces=ns),
         title if title is not None else f"Untitled article ({src.file})"),
        ("raw file (sourceDesc idno type=file)",
         root.xpath(f"{fd}/t:sourceDesc/t:bibl/t:idno[@type='file']/text()", namespaces=ns), src.file),
        ("raw file SHA-256 (sourceDesc idno type=sha256)",
         root.xpath(f"{fd}/t:sourceDesc/t:bibl/t:idno[@type='sha256']/text()", namespaces=ns), src.sha256),
    ]
    if title is not None:
        facts.append(("title (sourceDesc bibl)",
                      root.xpath(f"{fd}/t:sourceDesc/t:bibl/t:title/text()", namespaces=ns), title))
    bibl = f"{fd}/t:sourceDesc/t:bibl"
    for key in sorted(doc.metadata):  # metadata found in the page: normalised value and the raw text
        m = doc.metadata[key]
        el = f"{bibl}/t:date" if key == "date" else f"{bibl}/t:note[@type='meta-{key}']"
        value_attr = "when" if key == "date" else "n"
        facts.append((f"{key} (sourceDesc bibl)", root.xpath(f"{el}/@{value_attr}", namespaces=ns), m.value))
        facts.append((f"{key} as written (sourceDesc bibl)", root.xpath(f"{el}/text()", namespaces=ns), m.text))
    out = []
    for what, found, want in facts:
        if [str(f) for f in found] != [want]:
            shown = found[0] if len(found) == 1 else (f"{len(found)} values" if found else "nothing")
            out.append(f"{rel}: header {what} is {str(shown)[:80]!r}, json/{doc.id}.json says {str(want)[:80]!r}")
    return out


# -- verify -------------------------------------------------------------------------------------------
def _is_manifest(rel: str) -> bool:
    return rel in (archive.MANIFEST, archive.MANIFEST_JSON)


def verify(path, *, seeds_dir=None, content: bool = True, tei: bool = True,
           limits: archive.Limits = archive.Limits()) -> VerifyReport:
    """Verify a release folder or archive.  An archive is read once as a stream (hashed while read,
    refused at the first entry over a limit) and, for the content checks, unpacked into a scratch
    folder that is removed however verify ends."""
    from corpus.release import scratch

    p = Path(path)
    if p.is_dir():
        report = VerifyReport(p.name)
        digests, odd = archive.folder_digests(p)
        report.problems += [f"{o}: not a regular file (a link or device; a release holds only files and folders)"
                            for o in odd]
        manifests = {}
        for rel in (archive.MANIFEST, archive.MANIFEST_JSON):
            f = p / rel
            if rel in digests:
                if f.stat().st_size > limits.member:
                    raise InputError(str(f), f"over the limit of {limits.member} bytes (--max-member-size)",
                                     hint=limits.flag_hint("--max-member-size"))
                manifests[rel] = f.read_bytes()
        manifest_check(manifests, report, digests)
        if content:
            report.problems += content_problems(p, seeds_dir=seeds_dir, tei=tei)
        return report
    if not p.is_file():
        raise InputError(str(p), "no such release folder or archive",
                         hint="pass a folder dist/<name>-<version> or an archive dist/<name>-<version>.tar.gz")
    sha = archive.file_sha256(p)
    try:
        return _verify_archive(p, sha, seeds_dir=seeds_dir, content=content, tei=tei, limits=limits)
    except InputError as exc:  # a refused archive still names its SHA-256, to compare with the published one
        raise InputError(exc.where, f"{exc.message} [archive SHA-256 {sha}]", line=exc.line, hint=exc.hint) from None


def _verify_archive(p: Path, sha: str, *, seeds_dir, content: bool, tei: bool, limits) -> VerifyReport:
    from corpus.release import scratch

    if not content:
        scan = archive.scan_tar(p, limits, keep=_is_manifest)
        report = VerifyReport(scan.top, sha256=sha)
        manifest_check(scan.kept, report, scan.digests)
        return report
    with scratch.folder("verify") as tmp:
        scan = archive.scan_tar(p, limits, extract_to=tmp, keep=_is_manifest)
        report = VerifyReport(scan.top, sha256=sha)
        manifest_check(scan.kept, report, scan.digests)
        report.problems += content_problems(tmp / scan.top, seeds_dir=seeds_dir, tei=tei)
    return report
