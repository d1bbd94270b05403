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


def seed_for(doc_id: str, root: Path) -> Path | None:
    from corpus.project.catalog import is_page

    for f in sorted((root / "seeds").iterdir()) if (root / "seeds").is_dir() else ():
        if is_page(f.name) and doc_id_for(f.name) == doc_id:
            return f
    return None


def load_document(doc_id: str, root, *, prefer_build: bool = True) -> Document:
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
