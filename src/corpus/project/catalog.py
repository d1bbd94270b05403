"""The seed catalog: which raw files make the corpus, pinned by SHA-256."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from corpus import jsonio
from corpus import schemas
from corpus.errors import ConfigError, InputError

CATALOG_NAME = "catalog.json"

#: raw files the build reads: text captures, HTML pages, WARC archives (corpus.text.sources reads them)
SUFFIXES = (".txt", ".html", ".htm", ".warc", ".warc.gz")


def _raw_files(seeds_dir) -> list[Path]:
    return sorted(p for p in Path(seeds_dir).iterdir() if p.is_file() and p.name.lower().endswith(SUFFIXES))


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


def load(seeds_dir) -> list[Seed]:
    path = Path(seeds_dir) / CATALOG_NAME
    if not path.exists():
        raise ConfigError(str(path), "no seed catalog", hint="run `corpus catalog SEEDS_DIR --init` to create it")
    data = jsonio.read_json(path)
    schemas.check("catalog.schema.json", data, str(path), ConfigError)
    seeds = [Seed(s["file"], s["sha256"], s["bytes"], s.get("note"), *(s.get(k) for k in SOURCE_FIELDS))
             for s in data["seeds"]]
    names = [s.file for s in seeds]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise ConfigError(str(path), f"seed listed twice: {', '.join(dup)}", hint="keep one entry per file")
    return sorted(seeds, key=lambda s: s.file)


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
                         hint="seeds are never edited: restore the original file; a new capture is a new seed")
    return data


SEED_SUFFIX = ".txt"


def is_seed_name(name: str) -> bool:
    """The one place that says which names look like seeds: SUFFIXES (``*.txt``, HTML, WARC) in any case,
    so that ``PAGE.TXT`` is either a seed or named in a warning, never skipped without a word."""
    return name.lower().endswith(SUFFIXES) and not name.startswith(".")


def seed_files(seeds_dir) -> tuple[list[Path], list[str]]:
    """(regular seed files, sorted; a message for every entry with a seed name that is not one: a folder,
    a symbolic link, a FIFO or device), so nothing is skipped or followed without a word."""
    files, refused = [], []
    folder = Path(seeds_dir)
    for p in sorted(folder.iterdir()) if folder.is_dir() else []:
        if not is_seed_name(p.name):
            continue
        if p.is_symlink():
            refused.append(f"{p}: a symbolic link, not a seed file (copy the page into {folder} instead)")
        elif p.is_dir():
            refused.append(f"{p}: a folder, not a seed file (rename it)")
        elif not p.is_file():
            refused.append(f"{p}: not a regular file (a FIFO, socket or device; remove it)")
        elif not p.name.endswith(SUFFIXES):
            suffix = next(x for x in sorted(SUFFIXES, key=len, reverse=True) if p.name.lower().endswith(x))
            refused.append(f"{p}: seed names end in lower-case {suffix} (rename it to "
                           f"{p.name[:-len(suffix)]}{suffix} to include it)")
        else:
            files.append(p)
    return files, refused


def scan(seeds_dir) -> list[Seed]:
    """Catalog entries for every seed file in the folder (for --init and --add); a WARC may be larger
    than memory, so files are hashed in chunks."""
    out = []
    for p in seed_files(seeds_dir)[0]:
        try:
            sha, size = digest(p)
        except OSError as exc:
            raise InputError(str(p), f"cannot be read: {exc.strerror}", hint="check its permissions") from None
        out.append(Seed(p.name, sha, size))
    return out


def write(seeds_dir, seeds: list[Seed]) -> Path:
    path = Path(seeds_dir) / CATALOG_NAME
    jsonio.write_json(path, {"catalog_version": "1.0", "seeds": [s.to_dict() for s in sorted(seeds, key=lambda s: s.file)]})
    return path


def unlisted(seeds_dir, seeds: list[Seed]) -> list[str]:
    listed = {s.file for s in seeds}
    return sorted(p.name for p in seed_files(seeds_dir)[0] if p.name not in listed)
