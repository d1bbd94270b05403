"""The release's human-facing files, all derived from corpus.json plus the released data:
the data card ``README.md`` and ``CITATION.cff`` (nothing is typed twice)."""
from __future__ import annotations

import json
from collections import Counter

from corpus.project.config import CorpusConfig


def stats(docs: list[dict], annotation_files: dict[str, dict]) -> dict:
    """Counts for the data card and the TEI extent, from document JSON dicts and annotation files
    (``annotations/<doc-id>/<annotator>.json`` -> parsed JSON)."""
    roles: Counter = Counter()
    removed: Counter = Counter()
    words = chars = comments = 0
    for d in docs:
        blocks = list(d.get("article", ())) + [b for c in d.get("comments", ()) for b in c.get("blocks", ())]
        roles.update(b["role"] for b in blocks)
        text = "\n".join(b["text"] for b in blocks)
        words += len(text.split())
        chars += len(text)
        comments += len(d.get("comments", ()))
        removed.update(r["rule"] for r in d.get("removed", ()))
    types: Counter = Counter()
    annotators: set[str] = set()
    for path, data in annotation_files.items():
        parts = path.split("/")
        if len(parts) == 3 and isinstance(data, dict):  # annotations/<doc>/<annotator>.json
            annotators.add(data.get("annotator") or parts[2].removesuffix(".json"))
            types.update(str(a.get("type")) for a in data.get("annotations", ()) if isinstance(a, dict))
    return {"documents": len(docs), "comments": comments, "blocks": sum(roles.values()), "words": words,
            "characters": chars, "roles": dict(sorted(roles.items())), "removed_by_rule": dict(sorted(removed.items())),
            "annotations": sum(types.values()), "annotation_types": dict(sorted(types.items())),
            "annotators": sorted(annotators)}


def citation_text(config: CorpusConfig) -> str:
    authors = "; ".join(a.display for a in config.authors)
    year = config.release_date[:4]
    text = f"{authors} ({year}). {config.title} (Version {config.version}) [Data set]. {config.publisher}."
    if config.doi:
        text += f" https://doi.org/{config.doi}"
    return text


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def citation_cff(config: CorpusConfig) -> str:
    lic = config.annotations_licence
    lines = [
        "# CITATION.cff for this dataset version, generated from corpus.json by `corpus release`.",
        "cff-version: 1.2.0",
        f"message: {_q('If you use this corpus, please cite this version as below. ' + 'Licence: ' + lic.id + ' covers the annotations, metadata and TEI encoding only; ' + config.texts_licence)}",
        "type: dataset",
        f"title: {_q(config.title)}",
        f"version: {_q(config.version)}",
        f"date-released: {_q(config.release_date)}",
        f"abstract: {_q(config.description)}",
        "authors:",
    ]
    for a in config.authors:
        if a.is_person:
            lines += [f"  - family-names: {_q(a.family_names)}", f"    given-names: {_q(a.given_names)}"]
        else:
            lines.append(f"  - name: {_q(a.name)}")
        for key, val in (("affiliation", a.affiliation), ("orcid", a.orcid), ("email", a.email)):
            if val:
                lines.append(f"    {key}: {_q(val)}")
    lines.append(f"# {lic.id} applies to the annotations, metadata and TEI encoding, not to the news texts.")
    lines.append(f"license: {_q(lic.id)}")
    if config.repository:
        lines.append(f"repository: {_q(config.repository)}")
    if config.doi:
        lines += ["identifiers:", "  - type: doi", f"    value: {_q(config.doi)}"]
    if config.keywords:
        lines.append("keywords:")
        lines += [f"  - {_q(k)}" for k in config.keywords]
    return "\n".join(lines) + "\n"


def _table(rows: list[tuple], head: tuple) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |" for r in rows]
    return out


def readme(config: CorpusConfig, docs: list[dict], st: dict, files: list[str]) -> str:
    """The data card: what, sources, cleaning, annotation scheme, counts, licences, how to cite."""
    lic = config.annotations_licence
    title = config.title + (f" — {config.title_ar}" if config.title_ar else "")
    out = [f"# {title}", "", f"Version **{config.version}**, released {config.release_date} by {config.publisher}.",
           "", "## What this is", "", config.description, ""]
    out += ["## Contents", "",
            "- `corpus.xml`: the corpus as one TEI P5 `teiCorpus` (corpus header + every document via XInclude);",
            "- `tei/<doc-id>.xml`: one standalone TEI P5 file per document;",
            "- `txt/<doc-id>.txt`: the plain text of each document (article, then comments);",
            "- `json/<doc-id>.json`: the documents as JSON (blocks with code-point offsets into the raw lines, "
            "removed text with the rule and reason, metadata with its evidence);",
            "- `annotations/`: stand-off annotations, `annotations/<doc-id>/<annotator>.json`, and the entity registry;",
            "- `schema/`: the JSON Schemas and the project's RELAX NG schema for the TEI;",
            "- `docs/`: encoding, annotation guidelines, versioning policy and how to use the release;",
            "- `corpus.json`, `CITATION.cff`, `CHANGELOG.md`; `MANIFEST.sha256` and `manifest.json`: SHA-256 of every file.",
            ""]
    out += ["## Sources", ""]
    rows = []
    for d in docs:
        md = d.get("metadata", {})
        rows.append((d["id"], md.get("site", {}).get("value", d.get("profile", {}).get("id", "")),
                     md.get("date", {}).get("value", "—"), md.get("title", {}).get("value", "—"),
                     f"`{d['source']['file']}`", f"`{d['source']['sha256'][:16]}…`"))
    out += _table(rows, ("document", "site / profile", "date", "title", "raw file", "raw SHA-256"))
    out += ["", "## Cleaning", "",
            "Each raw page (plain text captured from the web) is decoded, normalised to Unicode NFC, and cleared of "
            "invisible, bidirectional-control and control characters (every such edit is recorded). Every line "
            "segment is then kept with a role (title, paragraph, caption, comment paragraph ...) or removed by a "
            "named rule of the site's cleaning profile (navigation, share widgets, comment forms, teasers ...). "
            "The JSON keeps the removed text with its rule, so the raw page can be rebuilt exactly.", ""]
    if st["removed_by_rule"]:
        out += _table(sorted(st["removed_by_rule"].items()), ("removal rule", "segments removed"))
        out.append("")
    out += ["## Annotation scheme", "",
            "Stand-off annotations point at a block id and code-point offsets into its text, with the quoted "
            "text and some context so they can be re-anchored; see `docs/annotation-guidelines.md`.", ""]
    if st["annotation_types"]:
        out += _table(sorted(st["annotation_types"].items()), ("type", "annotations"))
        out.append("")
    out += [f"Annotators: {', '.join(st['annotators']) or 'none'}.", "", "## Counts", ""]
    counts = [("documents", st["documents"]), ("reader comments", st["comments"]), ("text blocks", st["blocks"]),
              ("words (white-space separated)", st["words"]), ("characters", st["characters"]),
              ("annotations", st["annotations"]), ("files in the release", len(files))]
    out += _table(counts, ("what", "count"))
    out += ["", "Blocks by role: " + ", ".join(f"{k} {v}" for k, v in st["roles"].items()) + ".", ""]
    out += ["## Licence and copyright", "",
            f"- **News texts and reader comments**: {config.texts_licence}",
            f"- **Annotations, metadata, TEI encoding and documentation** made by the project: "
            f"[{lic.id}]({lic.url}).", ""]
    if config.code_licence:
        out += [f"- **Code** (the `corpus` toolkit, not part of this release): "
                f"[{config.code_licence.id}]({config.code_licence.url}).", ""]
    out += ["## How to cite", "", citation_text(config), "",
            "Machine-readable: `CITATION.cff`. Always cite the version you used; see `docs/versioning.md`.", "",
            "## Verify what you downloaded", "",
            "```", f"sha256sum -c MANIFEST.sha256        # inside {config.release_name}/",
            f"corpus verify {config.release_name}.tar.gz   # checksums + JSON and TEI validation", "```", ""]
    return "\n".join(out)
