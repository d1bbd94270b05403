"""The texts annotations were anchored to, kept content-addressed beside the annotations.

An annotation file records the SHA-256 of the document text its offsets index.  When the text
changes (the cleaner improved, the seed was corrected), re-anchoring needs that *old* text to align it
with the new one character by character; so every text an annotation file is written against is kept
in ``annotations/.texts/<sha256>.tsv``: one line per block, ``<block id> TAB <block text>``, in reading
order.  The block texts joined by "\\n" are exactly ``Document.text()``, whose SHA-256 names the file
(checked on reading).  Files are written once, atomically, and never change (docs/annotation-guidelines.md).
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from corpus import jsonio
from corpus.errors import ValidationError

STORE = ".texts"


class TextLayout:
    """A text as blocks (id, text) joined by "\\n", with block -> global offsets: what a target's
    block-relative offsets need, for an old text as for the current one."""

    def __init__(self, blocks: list[tuple[str, str]]):
        self.blocks = list(blocks)
        self.text = "\n".join(t for _, t in self.blocks)
        self.sha256 = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
        self.start_of: dict[str, int] = {}
        self.len_of: dict[str, int] = {}
        pos = 0
        for bid, t in self.blocks:
            self.start_of[bid] = pos
            self.len_of[bid] = len(t)
            pos += len(t) + 1

    def span(self, target) -> tuple[int, int] | None:
        """Global (start, end) of a target, or None when its blocks/offsets do not fit this text."""
        last = target.end_block or target.block
        if target.block not in self.start_of or last not in self.start_of:
            return None
        if not (0 <= target.start <= self.len_of[target.block] and 0 <= target.end <= self.len_of[last]):
            return None
        s, e = self.start_of[target.block] + target.start, self.start_of[last] + target.end
        return (s, e) if s < e else None

    def dumps(self) -> str:
        return "".join(f"{bid}\t{t}\n" for bid, t in self.blocks)

    @classmethod
    def loads(cls, data: str, where: str = "<text>") -> "TextLayout":
        blocks = []
        for n, line in enumerate(data.split("\n")[:-1], 1):
            if "\t" not in line:
                raise ValidationError(where, f"line {n} has no TAB between block id and text",
                                      hint="stored texts are written by the tools; restore the file from git")
            bid, text = line.split("\t", 1)
            blocks.append((bid, text))
        return cls(blocks)


def layout_of(doc) -> TextLayout:
    return TextLayout([(b.id, b.text) for b in doc.blocks()])


def store_dir(annotations_dir) -> Path:
    return Path(annotations_dir) / STORE


def store_for(annotation_path) -> Path:
    """``annotations/.texts`` for ``annotations/<doc>/<annotator>.json``."""
    return Path(annotation_path).resolve().parent.parent / STORE


def save(store: Path, layout: TextLayout) -> Path:
    """Keep ``layout`` in the store (once: an existing file of the same hash is left as it is)."""
    path = Path(store) / f"{layout.sha256}.tsv"
    if not path.exists():
        jsonio.atomic_write_text(path, layout.dumps())
    return path


def load(store: Path, sha256: str) -> TextLayout | None:
    """The stored text with this hash, or None if it was never stored."""
    path = Path(store) / f"{sha256}.tsv"
    if not path.is_file():
        return None
    layout = TextLayout.loads(path.read_bytes().decode("utf-8"), str(path))
    if layout.sha256 != sha256:
        raise ValidationError(str(path), f"the stored text hashes to {layout.sha256[:12]}…, not {sha256[:12]}…",
                              hint="the store is content-addressed and never edited; restore the file from git")
    return layout


def loader(store: Path):
    """``load`` bound to one store, for ``reanchor.reanchor``."""
    return lambda sha256: load(store, sha256)
