"""Annotation data: dataclasses with explicit, stable to_dict/from_dict (see docs/annotation-guidelines.md)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

FORMAT_VERSION = "1.0"

#: Annotation types, in the order the guidelines present them.
ENTITY_TYPES = ("PER", "ORG", "GPE", "LOC")
TEMPORAL_TYPES = ("DATE", "TIME")
TYPES = ENTITY_TYPES + TEMPORAL_TYPES + ("QUOTE", "STANCE")

#: Stance of a reader comment toward the presence of foreign (US-led coalition) forces.
STANCE_LABELS = ("pro-presence", "pro-withdrawal", "neutral", "unclear")

#: Attributes each type may carry (anything else is an error), and the required ones.
ALLOWED_ATTRS = {
    "PER": {"ref"}, "ORG": {"ref"}, "GPE": {"ref"}, "LOC": {"ref"},
    "DATE": {"when"}, "TIME": {"when"},
    "QUOTE": {"speaker"},
    "STANCE": {"stance"},
}
REQUIRED_ATTRS = {"STANCE": {"stance"}}

#: Entity type in the registry that a mention type may refer to.
REGISTRY_TYPE = {"PER": "PER", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC"}

#: Code points of context kept on each side of a quote.
CONTEXT = 16


@dataclass(frozen=True)
class Target:
    """Where an annotation points.  ``start`` is in ``block``; ``end`` is in ``end_block`` when the
    span crosses blocks (otherwise in ``block``).  ``quote`` is the document text covered, with
    blocks joined by "\\n" exactly as in ``Document.text()``."""

    block: str
    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""
    end_block: str | None = None

    @property
    def last_block(self) -> str:
        return self.end_block or self.block

    def to_dict(self) -> dict:
        d = {"block": self.block, "start": self.start, "end": self.end, "quote": self.quote,
             "prefix": self.prefix, "suffix": self.suffix}
        if self.end_block is not None:
            d["end_block"] = self.end_block
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Target":
        return cls(d["block"], d["start"], d["end"], d["quote"], d.get("prefix", ""), d.get("suffix", ""),
                   d.get("end_block"))


#: Re-anchoring outcomes that leave an annotation exactly on its words (no status in the file) ...
EXACT = ("unchanged", "shifted")
#: ... and those a person must confirm or fix; written as ``status`` and refused by the build.
FLAGGED = ("moved", "fuzzy", "ambiguous", "orphaned")


@dataclass(frozen=True)
class Previous:
    """The last exact anchoring of a flagged annotation: its target in the text with this hash
    (kept in ``annotations/.texts/``), so nothing is lost and re-anchoring can start from it."""

    text_sha256: str
    target: Target

    def to_dict(self) -> dict:
        return {"text_sha256": self.text_sha256, "target": self.target.to_dict()}

    @classmethod
    def from_dict(cls, d: dict) -> "Previous":
        return cls(d["text_sha256"], Target.from_dict(d["target"]))


@dataclass(frozen=True)
class Annotation:
    id: str
    type: str
    target: Target
    attributes: dict = field(default_factory=dict)
    note: str | None = None
    status: str | None = None  # one of FLAGGED after a re-anchoring that could not place it exactly
    score: float | None = None  # similarity of a "fuzzy" match, 0..1
    previous: Previous | None = None  # where it was last exactly anchored (with a status only)

    def to_dict(self) -> dict:
        d = {"id": self.id, "type": self.type, "target": self.target.to_dict()}
        if self.attributes:
            d["attributes"] = dict(sorted(self.attributes.items()))
        if self.note:
            d["note"] = self.note
        if self.status:
            d["status"] = self.status
        if self.score is not None:
            d["score"] = self.score
        if self.previous is not None:
            d["previous"] = self.previous.to_dict()
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Annotation":
        return cls(d["id"], d["type"], Target.from_dict(d["target"]), dict(d.get("attributes", {})),
                   d.get("note"), d.get("status"), d.get("score"),
                   Previous.from_dict(d["previous"]) if d.get("previous") else None)

    def with_target(self, target: Target, status: str | None = None, score: float | None = None,
                    previous: Previous | None = None) -> "Annotation":
        return replace(self, target=target, status=status, score=score, previous=previous)


@dataclass(frozen=True)
class AnnotationFile:
    document: str
    text_sha256: str
    annotator: str
    annotations: tuple[Annotation, ...] = ()
    note: str | None = None

    def to_dict(self) -> dict:
        d = {"format_version": FORMAT_VERSION, "document": self.document, "text_sha256": self.text_sha256,
             "annotator": self.annotator, "annotations": [a.to_dict() for a in self.annotations]}
        if self.note:
            d["note"] = self.note
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "AnnotationFile":
        return cls(d["document"], d["text_sha256"], d["annotator"],
                   tuple(Annotation.from_dict(a) for a in d.get("annotations", ())), d.get("note"))

    def by_id(self) -> dict[str, Annotation]:
        return {a.id: a for a in self.annotations}

    def next_id(self) -> str:
        """``a<n>`` one past the highest numeric id; ids are never reused within a file."""
        n = 0
        for a in self.annotations:
            if a.id.startswith("a") and a.id[1:].isdigit():
                n = max(n, int(a.id[1:]))
        return f"a{n + 1:04d}"


@dataclass(frozen=True)
class Entity:
    """One real-world entity.  ``wikidata`` only when verified; never guessed."""

    id: str
    type: str
    name_ar: str
    name_lat: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    note: str | None = None

    def to_dict(self) -> dict:
        d = {"id": self.id, "type": self.type, "name_ar": self.name_ar, "name_lat": self.name_lat,
             "aliases": list(self.aliases)}
        if self.wikidata:
            d["wikidata"] = self.wikidata
        if self.note:
            d["note"] = self.note
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Entity":
        return cls(d["id"], d["type"], d["name_ar"], d["name_lat"], tuple(d.get("aliases", ())),
                   d.get("wikidata"), d.get("note"))


@dataclass(frozen=True)
class Registry:
    entities: tuple[Entity, ...] = ()

    def get(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def to_dict(self) -> dict:
        return {"format_version": FORMAT_VERSION, "entities": [e.to_dict() for e in self.entities]}

    @classmethod
    def from_dict(cls, d: dict) -> "Registry":
        return cls(tuple(Entity.from_dict(e) for e in d.get("entities", ())))
