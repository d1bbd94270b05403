"""Find the document an annotation file refers to: ``build/json/<doc-id>.json`` if the build made it,
otherwise the seed whose ``doc_id_for`` is the id, run through ``corpus.pipeline``."""
from __future__ import annotations

from pathlib import Path

from corpus import jsonio
from corpus.errors import ValidationError
from corpus.document.model import Document, doc_id_for


def project_root(start) -> Path:
    """The nearest folder above ``start`` holding corpus.json (else the current directory)."""
    p = Path(start).resolve()
    for d in [p] + list(p.parents):
        if (d / "corpus.json").is_file():
            return d
    return Path.cwd()


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
    for f in sorted((root / "seeds").glob("*.txt")):
        if doc_id_for(f.name) == doc_id:
            return f
    return None


def load_document(doc_id: str, root, *, prefer_build: bool = True) -> Document:
    check_name(doc_id, "document id", str(doc_id))
    root = Path(root)
    built = root / "build" / "json" / f"{doc_id}.json"
    if prefer_build and built.is_file():
        return Document.from_dict(jsonio.read_json(built))
    seed = seed_for(doc_id, root)
    if seed is None:
        if built.is_file():
            return Document.from_dict(jsonio.read_json(built))
        raise ValidationError(doc_id, f"no document {doc_id}: neither {built} nor a seed in {root / 'seeds'}",
                              hint="run `corpus build`, or check the document id")
    try:
        from corpus.document import pipeline
    except ImportError:
        raise ValidationError(str(seed), "the document pipeline (corpus.pipeline) is not available",
                              hint="run `corpus build` to produce build/json first") from None
    return pipeline.process_file(seed)
