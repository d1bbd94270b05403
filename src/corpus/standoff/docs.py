"""Find the document an annotation file refers to: always computed from its seed by the current
pipeline, never read from ``build/json`` (a build may be stale, or left half-done by a failed run:
annotations checked or re-anchored against it would be checked against the wrong text)."""
from __future__ import annotations

from pathlib import Path

from corpus.errors import ValidationError
from corpus.document.model import Document, doc_id_for

CONFIG_NAME = "corpus.json"


def find_root(start) -> Path | None:
    """The nearest folder at or above ``start`` holding corpus.json, or None."""
    p = Path(start).resolve()
    for d in [p] + list(p.parents):
        if (d / CONFIG_NAME).is_file():
            return d
    return None


def project_root(start) -> Path:
    """The project holding ``start``, else the one holding the current folder; outside any project
    is an error saying what to do."""
    root = find_root(start) or find_root(Path.cwd())
    if root is None:
        raise ValidationError(str(Path(start).resolve()), f"not inside a corpus project (no {CONFIG_NAME} here or in "
                                                          "any folder above)",
                              hint="run the command from the project folder, or point at it with --root PATH")
    return root


def check_root(root) -> Path:
    """An explicitly given project root (``--root``) must hold corpus.json."""
    root = Path(root).resolve()
    if not (root / CONFIG_NAME).is_file():
        raise ValidationError(str(root), f"--root is not a corpus project (no {CONFIG_NAME} in it)",
                              hint="give the folder that holds corpus.json, seeds/ and annotations/")
    return root


def name_pattern() -> str:
    """The schema's pattern for document ids and annotator names (an NCName: no '/', no '..')."""
    from corpus import schemas

    return schemas.validator("annotation.schema.json").schema["$defs"]["ncname"]["pattern"]


def check_name(value: str, what: str, where: str) -> str:
    """`value` if it is a valid document id or annotator name; they become file and folder names, so
    anything else (``../../x``, an absolute path) is refused before a path is made from it."""
    import re

    if not isinstance(value, str) or not re.fullmatch(name_pattern().strip("^$"), value):
        raise ValidationError(where, f"{what} {value!r} is not a valid name",
                              hint="use letters, digits, '_', '.' and '-', starting with a letter or '_' "
                                   "(schema/annotation.schema.json); it names a file inside the project")
    return value


def confine(path, what: str) -> Path:
    """`path` if it lies inside its project (the nearest folder above it holding corpus.json, else the
    current folder), after resolving links and '..'; a command never writes outside the project."""
    p = Path(path)
    resolved = p.resolve()
    root = project_root(resolved.parent)
    if not resolved.is_relative_to(root.resolve()):
        raise ValidationError(str(p), f"{what} is outside the project ({root})",
                              hint="name a file inside the project, e.g. annotations/<doc-id>/<annotator>.json")
    return p


def seed_for(doc_id: str, root: Path) -> Path | None:
    for f in sorted((Path(root) / "seeds").glob("*.txt")):
        if doc_id_for(f.name) == doc_id:
            return f
    return None


def load_document(doc_id: str, root, *, prefer_build: bool = False) -> Document:
    """The document ``doc_id`` as the current seed and pipeline make it.  ``prefer_build`` is accepted
    for older callers and ignored: build/json is never read."""
    check_name(doc_id, "document id", str(doc_id))
    root = Path(root)
    seed = seed_for(doc_id, root)
    if seed is None:
        raise ValidationError(doc_id, f"no seed in {root / 'seeds'} makes document {doc_id}",
                              hint="check the document id (the folder name under annotations/), or pass --root "
                                   "to point at the project that holds its seed")
    from corpus.document import pipeline
    return pipeline.process_file(seed)
