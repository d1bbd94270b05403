"""Corpus-level metadata from ``corpus.json``: loaded once, validated by ``schema/corpus.schema.json``.

Everything that names or describes the corpus as a whole (TEI headers, data card, CITATION.cff, the
release folder name) is derived from this one object, so nothing is typed twice."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from corpus import jsonio
from corpus import schemas
from corpus.errors import ConfigError

CONFIG_NAME = "corpus.json"
SCHEMA = "corpus.schema.json"


@dataclass(frozen=True)
class Licence:
    id: str
    url: str

    def to_dict(self) -> dict:
        return {"id": self.id, "url": self.url}

    @classmethod
    def from_dict(cls, d: dict) -> "Licence":
        return cls(d["id"], d["url"])


@dataclass(frozen=True)
class Author:
    role: str
    name: str | None = None  # a group or organisation
    given_names: str | None = None
    family_names: str | None = None
    affiliation: str | None = None
    orcid: str | None = None
    email: str | None = None

    @property
    def display(self) -> str:
        return self.name or f"{self.given_names} {self.family_names}"

    @property
    def is_person(self) -> bool:
        return self.name is None

    def to_dict(self) -> dict:
        keys = ("role", "name", "given_names", "family_names", "affiliation", "orcid", "email")
        return {k: getattr(self, k) for k in keys if getattr(self, k) is not None}

    @classmethod
    def from_dict(cls, d: dict) -> "Author":
        return cls(**d)


@dataclass(frozen=True)
class CorpusConfig:
    name: str
    title: str
    version: str
    release_date: str
    texts_licence: str  # the copyright statement for the news texts: not ours to licence
    annotations_licence: Licence
    authors: tuple[Author, ...]
    publisher: str
    description: str
    languages: tuple[str, ...]
    title_ar: str | None = None
    code_licence: Licence | None = None
    keywords: tuple[str, ...] = ()
    repository: str | None = None
    doi: str | None = None
    #: annotators whose files go to the TEI, in order of preference ("*" = any other); None = default
    export_annotators: tuple[str, ...] | None = None

    @property
    def release_name(self) -> str:
        """``<name>-<version>``: the release folder, the archive stem and the top folder inside it."""
        return f"{self.name}-{self.version}"

    def release_datetime(self) -> _dt.datetime:
        return _dt.datetime.combine(_dt.date.fromisoformat(self.release_date), _dt.time(), _dt.timezone.utc)

    def to_dict(self) -> dict:
        licence = {"texts": self.texts_licence, "annotations": self.annotations_licence.to_dict()}
        if self.code_licence:
            licence["code"] = self.code_licence.to_dict()
        d = {
            "name": self.name, "title": self.title, "version": self.version, "release_date": self.release_date,
            "licence": licence, "authors": [a.to_dict() for a in self.authors], "publisher": self.publisher,
            "description": self.description, "languages": list(self.languages),
        }
        optional = {"title_ar": self.title_ar, "keywords": list(self.keywords) or None,
                    "repository": self.repository, "doi": self.doi}
        d.update({k: v for k, v in optional.items() if v is not None})
        if self.export_annotators is not None:
            d["annotations"] = {"export": list(self.export_annotators)}
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "CorpusConfig":
        lic = d["licence"]
        return cls(
            name=d["name"], title=d["title"], version=d["version"], release_date=d["release_date"],
            texts_licence=lic["texts"], annotations_licence=Licence.from_dict(lic["annotations"]),
            code_licence=Licence.from_dict(lic["code"]) if "code" in lic else None,
            authors=tuple(Author.from_dict(a) for a in d["authors"]), publisher=d["publisher"],
            description=d["description"], languages=tuple(d["languages"]), title_ar=d.get("title_ar"),
            keywords=tuple(d.get("keywords", ())), repository=d.get("repository"), doi=d.get("doi"),
            export_annotators=tuple(d["annotations"]["export"]) if "annotations" in d else None,
        )


def check(data, where: str) -> CorpusConfig:
    """Validate parsed JSON and build the config; every problem is listed with its JSON path."""
    problems = schemas.errors(SCHEMA, data)
    if not problems and isinstance(data, dict):
        try:
            _dt.date.fromisoformat(data["release_date"])
        except ValueError:
            problems.append(f"$.release_date: {data['release_date']!r} is not a real calendar date")
    if problems:
        raise ConfigError(where, "; ".join(problems), hint=f"make {CONFIG_NAME} match schema/{SCHEMA}")
    return CorpusConfig.from_dict(data)


def load(path=CONFIG_NAME) -> CorpusConfig:
    path = Path(path)
    if not path.is_file():
        raise ConfigError(str(path), "corpus configuration not found",
                          hint=f"run the command from the project root or pass --config PATH/{CONFIG_NAME}")
    return check(jsonio.read_json(path), str(path))


def load_dict(path=CONFIG_NAME) -> dict:
    """The validated configuration as a plain dict (what the TEI exporter takes)."""
    return load(path).to_dict()
