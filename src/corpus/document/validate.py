"""Validate documents: the JSON Schema first, then what a schema cannot say (ids, spans, accounting)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from corpus import jsonio
from corpus import schemas
from corpus.document.model import Document, reconstruct
from corpus.text.raw import RawText



@dataclass(frozen=True)
class Problem:
    """One thing wrong: where (file), JSON path, message."""

    file: str
    path: str
    message: str

    def format(self) -> str:
        return f"{self.file}: {self.path}: {self.message}"

    def to_dict(self) -> dict:
        return {"file": self.file, "path": self.path, "message": self.message}


def schema_problems(data: dict, file: str, *, float_free: bool | None = None) -> list[Problem]:
    out = []
    for msg in schemas.errors("document.schema.json", data, float_free=float_free):
        path, _, text = msg.partition(": ")
        out.append(Problem(file, path, text))
    return out


def semantic_problems(doc: Document, file: str, raw: RawText | None = None) -> list[Problem]:
    """Checks beyond the schema.  With the raw text, spans are checked against the real lines."""
    out: list[Problem] = []

    def bad(path: str, message: str):
        out.append(Problem(file, path, message))

    seen: dict[str, str] = {}
    located = [(f"$.article[{i}]", b) for i, b in enumerate(doc.article)]
    for ci, c in enumerate(doc.comments):
        if c.id in seen:
            bad(f"$.comments[{ci}].id", f"id {c.id!r} is used twice (first at {seen[c.id]})")
        seen.setdefault(c.id, f"$.comments[{ci}]")
        located += [(f"$.comments[{ci}].blocks[{bi}]", b) for bi, b in enumerate(c.blocks)]
    groups: dict[str, list[str]] = {}
    for path, b in located:
        if b.id in seen:
            bad(f"{path}.id", f"id {b.id!r} is used twice (first at {seen[b.id]})")
        seen.setdefault(b.id, path)
        if b.src.end - b.src.start != len(b.text):
            bad(f"{path}.src", f"span {b.src.start}-{b.src.end} is {b.src.end - b.src.start} code points "
                f"but the text has {len(b.text)}")
        if b.group:
            groups.setdefault(b.group, []).append(b.role)
    for g, roles in sorted(groups.items()):
        if "caption" not in roles and "credit" not in roles:
            bad("$.article", f"group {g!r} has neither a caption nor a credit")
    for path, b in located:
        if b.src.line > doc.source.line_count:
            bad(f"{path}.src.line", f"line {b.src.line} is past the end of the file ({doc.source.line_count} lines)")
    if raw is not None:
        if raw.sha256 != doc.source.sha256:
            bad("$.source.sha256", f"the raw file's SHA-256 is {raw.sha256}, the document says {doc.source.sha256}")
            return out
        texts = [ln.text for ln in raw.lines]
        n_lines = len(texts)

        def fine(span, text) -> bool:  # _check_span finds nothing to say (its plain case, inline)
            if not 1 <= span.line <= n_lines:
                return False
            line = texts[span.line - 1]
            return 0 <= span.start <= span.end <= len(line) and line[span.start:span.end] == text

        for path, b in located:
            if not fine(b.src, b.text):
                _check_span(bad, f"{path}.src", raw, b.src, b.text)
        for k, m in sorted(doc.metadata.items()):
            if not fine(m.src, m.text):
                _check_span(bad, f"$.metadata.{k}.src", raw, m.src, m.text)
        for i, r in enumerate(doc.removed):
            if not fine(r.src, r.text):
                _check_span(bad, f"$.removed[{i}].src", raw, r.src, r.text)
        try:
            rebuilt = reconstruct(doc)
        except ValueError as exc:
            bad("$", f"the document does not account for every character: {exc}")
        else:
            # the plain case (no NFC change, no removed character) inline: _with_edits gives ln.text
            expected = "".join([(ln.nfc_original if ln.nfc_original is not None
                                 else ln.text if not ln.edits else _with_edits(ln)) + ln.ending for ln in raw.lines])
            if rebuilt != expected:
                n = next((i for i, (a, b) in enumerate(zip(rebuilt, expected)) if a != b), min(len(rebuilt), len(expected)))
                line = expected.count("\n", 0, n) + 1
                bad("$", f"kept + removed text differs from the raw file near line {line} (character {n})")
    return out


def _with_edits(ln) -> str:
    from corpus.text.raw import rebuild_line

    return rebuild_line(ln.text, ln.edits, None)


def _check_span(bad, path, raw: RawText, span, text):
    if not 1 <= span.line <= len(raw.lines):
        bad(f"{path}.line", f"line {span.line} does not exist in {raw.name} ({len(raw.lines)} lines)")
        return
    line = raw.line(span.line).text
    if not 0 <= span.start <= span.end <= len(line):
        bad(path, f"offsets {span.start}-{span.end} are outside line {span.line} (length {len(line)})")
    elif line[span.start:span.end] != text:
        bad(path, f"the text at {raw.name}:{span.line}:{span.start}-{span.end} is {line[span.start:span.end]!r}, "
                  f"not {text!r}")


def validate_data(data: dict, file: str, raw: RawText | None = None) -> list[Problem]:
    problems = schema_problems(data, file)
    if problems:
        return problems
    return semantic_problems(Document.from_dict(data), file, raw)


def validate_document(doc: Document, data: dict, file: str, raw: RawText | None = None, *,
                      float_free: bool | None = None) -> list[Problem]:
    """``validate_data`` for a document in hand, ``data`` being ``doc.to_dict()``: the schema checks
    the dict (what is written), the semantic checks read ``doc`` itself rather than a copy rebuilt
    from the dict (from_dict inverts to_dict: tests/test_split.py), which saved 0.11 ms a document.
    ``float_free``: ``not jsonio.has_float(data)``, when the caller has it (see schemas.errors)."""
    problems = schema_problems(data, file, float_free=float_free)
    if problems:
        return problems
    return semantic_problems(doc, file, raw)


def validate_file(path, seeds_dir=None) -> list[Problem]:
    """Validate one document JSON; with `seeds_dir`, against its raw seed too."""
    from corpus.text import sources as rawtext
    from corpus.errors import CorpusError

    path = Path(path)
    try:
        data = jsonio.read_json(path)
    except CorpusError as exc:
        return [Problem(str(path), "$", exc.message)]
    raw = None
    if seeds_dir is not None and isinstance(data, dict):
        src = Path(seeds_dir) / str(data.get("source", {}).get("file", ""))
        if src.is_file() or src.with_name(src.name.split("#", 1)[0]).is_file():
            try:
                raw = rawtext.read(src)
            except CorpusError as exc:
                return [Problem(str(path), "$.source.file", exc.format())]
        else:
            return [Problem(str(path), "$.source.file", f"raw file {src} not found")]
    return validate_data(data, str(path), raw)
