"""`corpus init`: the files of a new corpus project, as data (``relative path -> text``).

corpus.json is complete and valid from the start, so the first `corpus build` works; what only its
author can say (title, description, authors, the rights in the texts) is a ``TODO: ...`` placeholder
until given, and `corpus release` refuses a corpus.json that still holds one.  Every field is explained
in its ``$comment``, taken from the descriptions in schema/corpus.schema.json (one source)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from corpus import jsonio
from corpus import schemas
from corpus.project import config as cfgmod

# Licences people pick for annotations, with their canonical URLs (any other SPDX id needs its URL).
KNOWN_LICENCES = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC-BY-NC-4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
    "CC-BY-NC-SA-4.0": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "ODC-By-1.0": "https://opendatacommons.org/licenses/by/1-0/",
}

TODO_TITLE = "TODO: the title of the corpus, as it should be cited"
TODO_DESCRIPTION = "TODO: one paragraph: what the pages are, where they come from, what was done to them"
TODO_AUTHOR = "TODO: your name, or your group's"
TODO_TEXTS = ("TODO: who holds the rights in the pages and on what terms you redistribute them, e.g. 'The texts "
              "remain the copyright of their publishers; redistributed for non-commercial research only.'")

GITIGNORE = "# written by corpus build / corpus release; rebuilt from the seeds at any time\nbuild/\ndist/\n.venv/\n"

CHANGELOG = """# Changelog

Every release of the corpus, newest first ([keep a changelog](https://keepachangelog.com/en/1.1.0/)).
Versions follow semantic versioning for data: see `corpus diff` and the toolkit's docs/versioning.md.
To release a new version: set "version" and "release_date" in corpus.json, move the entries under
[Unreleased] to a section `## [VERSION] - DATE`, then run `corpus release VERSION`.

## [Unreleased]

## [{version}] - {date}

### Added

- First release.
"""


@dataclass
class Answers:
    """What `corpus init` asks (flags or prompts); None means "left as a placeholder"."""

    name: str
    release_date: str
    version: str = "0.1.0"
    title: str | None = None
    description: str | None = None
    authors: list[str] = field(default_factory=list)  # "Family, Given" for a person, else a group's name
    role: str = "compiler"
    publisher: str | None = None
    licence: str = "CC-BY-4.0"
    licence_url: str | None = None
    texts: str | None = None
    languages: list[str] = field(default_factory=lambda: ["ar"])
    repository: str | None = None
    url: str | None = None


def machine_name(text: str) -> str:
    """A folder name as a corpus name: lowercase ASCII letters, digits and hyphens (``corpus`` if none)."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")[:80].strip("-") or "corpus"


def author(text: str, role: str) -> dict:
    if "," in text and not text.startswith(cfgmod.PLACEHOLDER):
        family, given = (p.strip() for p in text.split(",", 1))
        return {"family_names": family, "given_names": given, "role": role}
    return {"name": text.strip(), "role": role}


def explanations() -> dict[str, str]:
    """``field -> what it means``: the descriptions of schema/corpus.schema.json."""
    props = schemas.validator(cfgmod.SCHEMA).schema["properties"]
    return {k: v["description"] for k, v in props.items() if k != "$comment" and "description" in v}


def corpus_json(a: Answers) -> dict:
    lic_url = a.licence_url or KNOWN_LICENCES.get(a.licence)
    authors = [author(x, a.role) for x in a.authors] or [author(TODO_AUTHOR, a.role)]
    first = authors[0]
    publisher = a.publisher or first.get("name") or f"{first['given_names']} {first['family_names']}"
    data = {
        "$comment": explanations(),
        "name": a.name, "title": a.title or TODO_TITLE, "version": a.version, "release_date": a.release_date,
        "description": a.description or TODO_DESCRIPTION, "authors": authors, "publisher": publisher,
        "licence": {"texts": a.texts or TODO_TEXTS, "annotations": {"id": a.licence, "url": lic_url}},
        "languages": a.languages,
    }
    if a.repository:
        data["repository"] = a.repository
    if a.url:
        data["url"] = a.url
    return data


def files(a: Answers) -> dict[str, str]:
    """Every file `corpus init` writes (folders end with '/'); corpus.json is checked against its schema."""
    data = corpus_json(a)
    cfgmod.check(data, cfgmod.CONFIG_NAME)  # a wrong flag fails here, before anything is written
    return {
        cfgmod.CONFIG_NAME: jsonio.dumps(data),
        "CHANGELOG.md": CHANGELOG.format(version=a.version, date=a.release_date),
        ".gitignore": GITIGNORE,
        "seeds/": "",
        "annotations/": "",
    }
