"""Which annotation file of a document is exported, and only if every annotation is exactly placed.

``corpus.json`` names the annotators whose files go to the TEI, in order of preference
(``"annotations": {"export": ["gold", "lead"]}``); ``"*"`` stands for any other annotator (in
alphabetical order).  Without that setting the order is ``gold``, ``lead``, ``*``, so a corpus whose
only annotator is called ``alice`` exports alice.  The choice is reported, with warnings when files
exist but none is exported, or when the exported file has far fewer annotations than another."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from corpus import jsonio
from corpus.errors import CorpusError, ValidationError
from corpus.standoff import io, reanchor, texts
from corpus.standoff.anchor import DocText
from corpus.standoff.model import AnnotationFile

DEFAULT_EXPORT = ("gold", "lead", "*")
#: The exported file is suspicious when it has fewer than this share of another file's annotations.
FEWER = 0.5


@dataclass
class Selection:
    document: str
    path: Path | None
    counts: dict[str, int] = field(default_factory=dict)  # annotator -> number of annotations
    warnings: list[str] = field(default_factory=list)

    @property
    def annotator(self) -> str | None:
        return self.path.stem if self.path else None


def annotation_files(annotations_dir, doc_id: str) -> dict[str, Path]:
    folder = Path(annotations_dir) / doc_id
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.glob("*.json")) if not p.name.endswith(".conflicts.json")}


def _count(path: Path) -> int:
    try:
        anns = jsonio.read_json(path).get("annotations", [])
        return len(anns) if isinstance(anns, list) else 0
    except (CorpusError, AttributeError):
        return 0


def choose(annotations_dir, doc_id: str, prefer=None) -> Selection:
    """The file to export for ``doc_id`` under ``prefer`` (annotator names and ``*``)."""
    prefer = tuple(prefer) if prefer else DEFAULT_EXPORT
    found = annotation_files(annotations_dir, doc_id)
    sel = Selection(doc_id, None, {n: _count(p) for n, p in found.items()})
    order = []
    for name in prefer:
        order.extend(sorted(n for n in found if n not in prefer) if name == "*" else [name])
    chosen = next((n for n in order if n in found), None)
    if chosen is None:
        if found:
            sel.warnings.append(f"{doc_id}: annotation files {', '.join(f'{n}.json' for n in found)} exist but none is "
                                f"exported (corpus.json annotations.export is {list(prefer)}); add the annotator there")
        return sel
    sel.path = found[chosen]
    n = sel.counts[chosen]
    for other, m in sel.counts.items():
        if other != chosen and m and n < FEWER * m:
            sel.warnings.append(f"{doc_id}: exported {chosen}.json has {n} annotation(s), {other}.json has {m}; "
                                f"check that {chosen}.json is complete, or change the order in corpus.json annotations.export")
    return sel


def exact_file(path: Path, dt: DocText, annotations_dir) -> AnnotationFile:
    """The file with every annotation exactly on its words in the current text (re-anchored in
    memory if the text changed; the file is not touched).  Any annotation that is not exactly placed
    stops the export, by name, rather than reaching the TEI on the wrong words or being left out."""
    af = io.load_file(path)
    # always verified, also on an unchanged text: a hand-edited offset or context is caught here too
    new, outcomes = reanchor.reanchor(af, dt, texts.loader(texts.store_dir(annotations_dir)))
    bad = reanchor.flagged(outcomes)
    if bad:
        listing = "; ".join(o.describe() for o in bad[:5]) + (f"; and {len(bad) - 5} more" if len(bad) > 5 else "")
        raise ValidationError(str(path), f"{len(bad)} annotation(s) are not exactly placed in the current text and "
                                         f"cannot be exported: {listing}",
                              hint=f"run `corpus annotate reanchor {path} --write`, then confirm or fix each flagged "
                                   f"annotation with `corpus annotate move ID` (docs/annotation-guidelines.md)")
    return af if af.text_sha256 == dt.sha256 and not any(a.status for a in af.annotations) else new


def refuse_flagged(af: AnnotationFile, path) -> None:
    """Any export (TEI, other tools' formats, the review page) takes only exactly placed annotations."""
    bad = [a for a in af.annotations if a.status]
    if bad:
        names = ", ".join(f"{a.id} ({a.status})" for a in bad[:8]) + (f" and {len(bad) - 8} more" if len(bad) > 8 else "")
        raise ValidationError(str(path), f"{len(bad)} annotation(s) are not exactly placed in the current text: {names}",
                              hint="confirm or fix each with `corpus annotate move ID --accept` / `move ID --quote ...`, "
                                   "or remove it (docs/annotation-guidelines.md)")
