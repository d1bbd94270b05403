"""Is a build folder complete and of one piece?  What `corpus validate` checks beyond each file's own
validity: every catalogued seed has its JSON and TEI, report.json exists and agrees with the files,
and every file was built from the seed version the catalog pins (files of two builds mixed, or of a
killed build, show up here)."""
from __future__ import annotations

from pathlib import Path

from corpus import jsonio
from corpus.errors import CorpusError
from corpus.project import catalog


def _ids(folder: Path, pattern: str) -> set[str]:
    if not folder.is_dir():
        return set()
    return {p.name.rsplit(".", 1)[0] for p in folder.glob(pattern) if p.is_file() and not p.is_symlink()}


def _tei_source_sha(path: Path) -> str | None:
    from lxml import etree

    try:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except (etree.XMLSyntaxError, OSError):
        return None  # the TEI validation reports it
    found = root.xpath("//t:sourceDesc/t:bibl/t:idno[@type='sha256']/text()",
                       namespaces={"t": "http://www.tei-c.org/ns/1.0"})
    return found[0] if len(found) == 1 else None


def problems(build_dir, seeds_dir=None) -> list[str]:
    """Every way `build_dir` is not the complete output of one build of the catalog in `seeds_dir`."""
    from corpus.document.model import doc_id_for

    root = Path(build_dir)
    out: list[str] = []
    json_ids, tei_ids = _ids(root / "json", "*.json"), _ids(root / "tei", "*.xml")
    again = "run `corpus build` again"
    out += [f"{root / 'json' / (i + '.json')}: no TEI file tei/{i}.xml (an incomplete build; {again})"
            for i in sorted(json_ids - tei_ids)]
    out += [f"{root / 'tei' / (i + '.xml')}: no document JSON json/{i}.json (an incomplete build; {again})"
            for i in sorted(tei_ids - json_ids)]
    report = root / "report.json"
    if not report.is_file():
        out.append(f"{report}: missing, so the build did not finish ({again})")
    else:
        try:
            data = jsonio.read_json(report)
            docs = data["documents"]
            built = {d["doc_id"] for d in docs if d["ok"]}
            failed = [d for d in docs if not d["ok"]]
        except CorpusError as exc:
            out.append(exc.format())
        except (KeyError, TypeError) as exc:
            out.append(f"{report}: not a build report (no {exc})")
        else:
            out += [f"{report}: {d.get('file')} failed to build: {d.get('error')}" for d in failed]
            out += [f"{report}: lists {i} as built, but its files are missing ({again})"
                    for i in sorted(built - json_ids)]
            out += [f"{root / 'json' / (i + '.json')}: not built by the build that wrote report.json "
                    f"(left from another build; {again})" for i in sorted(json_ids - built)]
    if seeds_dir is not None and (Path(seeds_dir) / catalog.CATALOG_NAME).is_file():
        try:
            seeds = catalog.load(seeds_dir)
        except CorpusError as exc:
            return out + [exc.format()]
        for s in seeds:
            did = doc_id_for(s.file)
            if did not in json_ids:
                out.append(f"{Path(seeds_dir) / s.file}: catalogued, but the build has no json/{did}.json ({again})")
                continue
            try:
                src = jsonio.read_json(root / "json" / f"{did}.json").get("source", {})
            except (CorpusError, AttributeError):
                continue  # the document validation reports it
            if src.get("sha256") != s.sha256:
                out.append(f"{root / 'json' / (did + '.json')}: built from another version of {s.file} "
                           f"(SHA-256 {str(src.get('sha256'))[:12]}…, the catalog pins {s.sha256[:12]}…; {again})")
            if did in tei_ids:
                tei_sha = _tei_source_sha(root / "tei" / f"{did}.xml")
                if tei_sha is not None and tei_sha != s.sha256:
                    out.append(f"{root / 'tei' / (did + '.xml')}: built from another version of {s.file} "
                               f"than the catalog pins ({again})")
        listed = {doc_id_for(s.file) for s in seeds}
        out += [f"{root / 'json' / (i + '.json')}: no catalogued seed makes this document ({again})"
                for i in sorted(json_ids - listed)]
    return out
