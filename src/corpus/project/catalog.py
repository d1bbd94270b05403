"""The seed catalog: which raw files make the corpus, pinned by SHA-256.

Which files are pages is decided in one place, ``READ_SUFFIXES``: a reader for another format adds its
suffix there, and the catalog, the build's "skipped" list and the doc ids all follow.  Every file in a
seeds folder is accounted for by :func:`survey`: a page, an empty or unreadable page (named as such), or a
file the build does not read (listed)."""
from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from corpus import jsonio
from corpus import schemas
from corpus.errors import ConfigError, InputError

CATALOG_NAME = "catalog.json"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()

# The suffixes of the files the build reads (compared in lower case).  Extend here, nowhere else.
READ_SUFFIXES: tuple[str, ...] = (".txt", ".html", ".htm", ".warc", ".warc.gz")


def is_page(name: str) -> bool:
    """Is this file name one the build reads?"""
    return name.lower().endswith(READ_SUFFIXES) and name != CATALOG_NAME

def digest(path) -> tuple[str, int]:
    """SHA-256 and size of a file, read in chunks (a WARC may be larger than memory)."""
    h, n = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
            n += len(chunk)
    return h.hexdigest(), n


#: Optional facts about the capture, recorded only when the seed itself attests them (never guessed);
#: they flow into the TEI ``sourceDesc`` (docs/tei.md).
SOURCE_FIELDS = ("url", "captured", "site")


@dataclass(frozen=True)
class Seed:
    file: str
    sha256: str
    bytes: int
    note: str | None = None
    url: str | None = None  # the page's address
    captured: str | None = None  # ISO 8601 date (or date-time) of the capture
    site: str | None = None  # the news site (publisher), as it names itself

    def to_dict(self) -> dict:
        d = {"file": self.file, "sha256": self.sha256, "bytes": self.bytes}
        if self.note:
            d["note"] = self.note
        for k in SOURCE_FIELDS:
            if getattr(self, k):
                d[k] = getattr(self, k)
        return d

    def source_fields(self) -> dict:
        """The source fields that are set, for the TEI export."""
        return {k: getattr(self, k) for k in SOURCE_FIELDS if getattr(self, k)}


@dataclass
class Survey:
    """Every entry of a seeds folder, each in exactly one list."""

    pages: list[Seed] = field(default_factory=list)  # readable, non-empty pages
    empty: list[str] = field(default_factory=list)  # pages of 0 bytes
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (page, why)
    skipped: list[str] = field(default_factory=list)  # not read by the build (suffix, folder); catalog.json excluded

    def problems(self) -> list[str]:
        out = [f"{name}: empty file (0 bytes), nothing to build" for name in self.empty]
        return out + [f"{name}: cannot be read ({why})" for name, why in self.unreadable]

    def skipped_line(self) -> str | None:
        if not self.skipped:
            return None
        return (f"skipped {len(self.skipped)} file{'s' if len(self.skipped) != 1 else ''} the build does not read "
                f"(it reads {', '.join(READ_SUFFIXES)}): {', '.join(self.skipped)}")

    def to_dict(self) -> dict:
        return {"pages": [s.file for s in self.pages], "empty": self.empty,
                "unreadable": [{"file": n, "why": w} for n, w in self.unreadable], "skipped": self.skipped}


# When the pages sit in the project root itself (`corpus init DIR` on a folder of pages), these are the
# project's own files, not pages left out.
PROJECT_ENTRIES = frozenset({"corpus.json", "CHANGELOG.md", ".gitignore", ".git", "seeds", "annotations", "build",
                             "dist", "docs", ".venv"})


def survey(seeds_dir) -> Survey:
    """Read every entry of the folder once: pages with their SHA-256, empty and unreadable pages, and
    everything else the build does not read."""
    folder = Path(seeds_dir)
    out = Survey()
    if not folder.is_dir():
        raise InputError(str(folder), "no such folder", hint="pass the folder that holds your pages")
    is_root = (folder / "corpus.json").is_file()
    for p in sorted(folder.iterdir(), key=lambda p: p.name):
        if p.name == CATALOG_NAME or (is_root and p.name in PROJECT_ENTRIES):
            continue
        if is_page(p.name) and (p.is_symlink() or not p.is_file()):
            continue  # a link, folder or device with a page's name: named by seed_files, never read
        if p.is_dir():
            out.skipped.append(p.name + "/")
            continue
        if not is_page(p.name):
            out.skipped.append(p.name)
            continue
        try:
            sha, size = digest(p)  # in chunks: a WARC may be larger than memory
        except OSError as exc:
            out.unreadable.append((p.name, exc.strerror or str(exc)))
            continue
        if not size:
            out.empty.append(p.name)
            continue
        out.pages.append(Seed(p.name, sha, size))
    return out


def load(seeds_dir) -> list[Seed]:
    path = Path(seeds_dir) / CATALOG_NAME
    if not path.exists():
        raise ConfigError(str(path), "no seed catalog (looked for it in the seeds folder only)",
                          hint=f"run `corpus catalog {seeds_dir} --init` to create it")
    data = jsonio.read_json(path)
    schemas.check("catalog.schema.json", data, str(path), ConfigError)
    seeds = [Seed(s["file"], s["sha256"], s["bytes"], s.get("note"), *(s.get(k) for k in SOURCE_FIELDS))
             for s in data["seeds"]]
    names = [s.file for s in seeds]
    dup = sorted(n for n, k in Counter(names).items() if k > 1)  # (names.count per name: O(N²) for N seeds)
    if dup:
        raise ConfigError(str(path), f"seed listed twice: {', '.join(dup)}", hint="keep one entry per file")
    unread = [n for n in names if not is_page(n)]
    if unread:
        raise ConfigError(str(path), f"listed, but the build does not read such files: {', '.join(unread)}",
                          hint=f"the build reads {', '.join(READ_SUFFIXES)}; remove these entries")
    return sorted(seeds, key=lambda s: s.file)


def exists(seeds_dir) -> bool:
    return (Path(seeds_dir) / CATALOG_NAME).is_file()


def verify(seeds_dir, seed: Seed) -> bytes:
    """Read a seed and check it against the catalog; the seeds are the source of truth."""
    path = Path(seeds_dir) / seed.file
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"listed in the catalog but cannot be read: {exc.strerror}",
                         hint="restore the file from the release or remove it from catalog.json") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != seed.sha256:
        raise InputError(str(path), f"SHA-256 {digest} does not match the catalog ({seed.sha256})",
                         hint="seeds are never edited: restore the original file; if the change is a deliberate "
                              f"correction, record it with `corpus catalog {seeds_dir} --update`")
    return data


def read(seeds_dir, seed: Seed) -> bytes:
    """Read an uncatalogued page (a build without catalog.json): must still be the page surveyed."""
    return verify(seeds_dir, seed)


def pages_to_build(seeds_dir) -> tuple[list[Seed], Survey, bool]:
    """(the pages to build, the folder's survey, whether a catalog lists them).  With a catalog, its
    entries; without one, every page in the folder, the empty and unreadable ones included so that the
    build names them as failed documents instead of leaving them out."""
    found = survey(seeds_dir)
    if exists(seeds_dir):
        return load(seeds_dir), found, True
    seeds = (found.pages + [Seed(n, EMPTY_SHA256, 0) for n in found.empty]
             + [Seed(n, "", 0) for n, _ in found.unreadable])
    return sorted(seeds, key=lambda s: s.file), found, False


def scan(seeds_dir) -> list[Seed]:
    """Catalog entries for every readable, non-empty page in the folder."""
    return survey(seeds_dir).pages

def seed_files(seeds_dir) -> tuple[list[Path], list[str]]:
    """(regular seed files, sorted; a message for every entry with a seed name that is not one: a folder,
    a symbolic link, a FIFO or device), so nothing is skipped or followed without a word."""
    files, refused = [], []
    folder = Path(seeds_dir)
    for p in sorted(folder.iterdir()) if folder.is_dir() else []:
        if not is_page(p.name):
            continue
        if p.is_symlink():
            refused.append(f"{p}: a symbolic link, not a seed file (copy the page into {folder} instead)")
        elif p.is_dir():
            refused.append(f"{p}: a folder, not a seed file (rename it)")
        elif not p.is_file():
            refused.append(f"{p}: not a regular file (a FIFO, socket or device; remove it)")
        else:
            files.append(p)
    return files, refused




def write(seeds_dir, seeds: list[Seed]) -> Path:
    path = Path(seeds_dir) / CATALOG_NAME
    jsonio.write_json(path, {"catalog_version": "1.0", "seeds": [s.to_dict() for s in sorted(seeds, key=lambda s: s.file)]})
    return path


def unlisted(seeds_dir, seeds: list[Seed]) -> list[str]:
    listed = {s.file for s in seeds}
    return sorted(s.file for s in survey(seeds_dir).pages if s.file not in listed)


@dataclass
class Update:
    """What ``catalog --update`` changed."""

    seeds: list[Seed]
    added: list[str] = field(default_factory=list)
    rehashed: list[tuple[str, str, str]] = field(default_factory=list)  # (file, old sha256, new sha256)
    dropped: list[str] = field(default_factory=list)  # listed, but the file is gone, empty or unreadable
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.rehashed or self.dropped)

    def lines(self) -> list[str]:
        out = [f"added: {f}" for f in self.added]
        out += [f"re-hashed: {f} ({old[:12]}… -> {new[:12]}…)" for f, old, new in self.rehashed]
        return out + [f"dropped: {f} (no longer a readable page in the folder)" for f in self.dropped]

    def to_dict(self) -> dict:
        return {"added": self.added, "dropped": self.dropped, "unchanged": self.unchanged,
                "rehashed": [{"file": f, "old": o, "new": n} for f, o, n in self.rehashed]}


def update(listed: list[Seed], found: Survey, *, add: bool = True, rehash: bool = True) -> Update:
    """The catalog after adding new pages and re-hashing changed ones (notes are kept)."""
    now = {s.file: s for s in found.pages}
    res = Update(seeds=[])
    for s in listed:
        cur = now.get(s.file)
        if cur is None:
            if rehash:
                res.dropped.append(s.file)
            else:
                res.seeds.append(s)
        elif cur.sha256 != s.sha256 and rehash:
            res.rehashed.append((s.file, s.sha256, cur.sha256))
            res.seeds.append(Seed(s.file, cur.sha256, cur.bytes, s.note))
        else:
            res.unchanged += 1
            res.seeds.append(s)
    if add:
        known = {s.file for s in listed}
        for s in found.pages:
            if s.file not in known:
                res.added.append(s.file)
                res.seeds.append(s)
    return res
