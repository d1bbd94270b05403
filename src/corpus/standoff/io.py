"""Read and write annotation files and the entity registry.

Reads validate against the JSON Schemas; writes are atomic (jsonio) with sorted keys, and keep the
order of the annotation list, so a change shows up in a diff as the lines that changed and no more.
"""
from __future__ import annotations

from pathlib import Path

from corpus import jsonio
from corpus import schemas
from corpus.errors import ValidationError
from corpus.standoff.model import AnnotationFile, Registry

ANNOTATION_SCHEMA = "annotation.schema.json"
ENTITY_SCHEMA = "entities.schema.json"


WHEN_RULE = "when must be an ISO 8601 date such as 2021-08 or --08-15 (or a time such as 14:30:00)"
_READABLE = {
    "when": WHEN_RULE,
    "stance": "stance must be one of pro-presence, pro-withdrawal, neutral, unclear",
    "ref": "ref must be an entity id from annotations/entities.json (letters, digits, _ . -)",
    "speaker": "speaker must be the id of an annotation in this file or of an entity",
    "type": "type must be one of PER, ORG, GPE, LOC, DATE, TIME, QUOTE, STANCE",
    "status": "status must be one of moved, fuzzy, ambiguous, orphaned (set by `corpus annotate reanchor`)",
}


def readable(err: str) -> str:
    """A schema error in words an annotator understands (the raw pattern is no help)."""
    path, _, msg = err.partition(": ")
    key = path.rsplit(".", 1)[-1]
    if key in _READABLE and (" does not match " in msg or " is not one of " in msg):
        value = msg.split(" does not match ")[0].split(" is not one of ")[0]
        return f"{path}: {_READABLE[key]}, not {value}"
    if path.endswith(".attributes") and "Additional properties" in msg:
        return f"{path}: {msg.replace('Additional properties are not allowed', 'unknown attribute')}; " \
               "attributes are ref, when, speaker, stance"
    return err


def schema_errors(data) -> list[str]:
    return [readable(e) for e in schemas.errors(ANNOTATION_SCHEMA, data)]


def load_file(path) -> AnnotationFile:
    """An annotation file; a schema error names the file and the JSON path."""
    data = jsonio.read_json(path)
    errs = schema_errors(data)
    if errs:
        raise ValidationError(str(path), errs[0] + (f" (and {len(errs) - 1} more)" if len(errs) > 1 else ""),
                              hint=f"make the file match schema/{ANNOTATION_SCHEMA}; `corpus annotate check` lists all")
    return AnnotationFile.from_dict(data)


def load_registry(path) -> Registry:
    data = jsonio.read_json(path)
    schemas.check(ENTITY_SCHEMA, data, str(path))
    reg = Registry.from_dict(data)
    ids = [e.id for e in reg.entities]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise ValidationError(str(path), f"entity id used twice: {', '.join(dup)}", hint="give each entity its own id")
    return reg


def dumps(af: AnnotationFile) -> str:
    return jsonio.dumps(af.to_dict())


def save_file(path, af: AnnotationFile, *, overwrite: bool) -> None:
    """Write atomically.  An existing file is only replaced when the caller says so (a CLI flag or an
    explicit command such as `add`), never as a side effect."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise ValidationError(str(path), "file exists and would be rewritten",
                              hint="pass the flag that allows writing (e.g. --write), or choose another path")
    jsonio.atomic_write_text(path, dumps(af))


def save_registry(path, reg: Registry) -> None:
    jsonio.write_json(path, reg.to_dict())


def registry_path(annotation_path) -> Path:
    """``annotations/entities.json`` next to ``annotations/<doc>/<annotator>.json``."""
    return Path(annotation_path).resolve().parent.parent / "entities.json"
