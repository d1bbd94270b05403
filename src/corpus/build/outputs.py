"""Where a build writes: a local folder (atomic temp + rename) or any fsspec URL (object storage).

A target is a small picklable value (a URL or path and a durability choice), so the same target
is handed to worker processes or Dask workers, which each open it and write their own documents.

Durability (docs/scaling.md):

- ``file`` (the default): every file is fsync'ed before its rename, as ``corpus.jsonio`` always did.
  After a crash, every file present is complete and on disk.
- ``build``: temp + rename without a per-file fsync, then one ``os.sync()`` when the build ends,
  before ``report.json`` is written (with its own fsync).  Readers still never see half a file;
  after a crash (power loss) mid-build a file may be empty or old, so a build without its new
  report.json is rebuilt.  Measured on this machine: the per-file fsync is ~7% of a full build.

Object stores have no rename: a single PUT is already atomic (the object appears whole or not at
all), and durable when the PUT returns, so both choices write each file with one PUT.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from corpus import jsonio

DURABILITY = ("file", "build")


def is_url(target: str) -> bool:
    """An fsspec URL (``s3://``, ``gs://``, ``memory://``, ``file://``...), not a plain local path."""
    return "://" in str(target)


@dataclass(frozen=True)
class Target:
    """A build folder: ``root`` is a local path or an fsspec URL."""

    root: str
    durability: str = "file"
    storage_options: tuple = ()  # (key, value) pairs passed to fsspec (credentials come from the environment)

    def __post_init__(self):
        if self.durability not in DURABILITY:
            raise ValueError(f"durability {self.durability!r}: use one of {', '.join(DURABILITY)}")

    def open(self) -> "LocalWriter | FsspecWriter":
        if is_url(self.root):
            return FsspecWriter(self)
        return LocalWriter(self)


class LocalWriter:
    def __init__(self, target: Target):
        self.root = Path(target.root)
        self._prefix = os.path.join(target.root, "")  # the folder as a string: no Path object per file
        self.fsync = target.durability == "file"

    def write(self, rel: str, data: bytes) -> None:
        jsonio.atomic_write_bytes(self._prefix + rel, data, fsync=self.fsync)

    def sync(self) -> None:
        """Flush what was written without fsync (durability 'build'): once, for the whole build."""
        if not self.fsync and hasattr(os, "sync"):
            os.sync()

    def write_final(self, rel: str, data: bytes) -> None:
        """The last file of a build (report.json): always fsync'ed, after everything else is flushed."""
        self.sync()
        jsonio.atomic_write_bytes(self.root / rel, data, fsync=True)

    def list(self, sub: str, ext: str) -> list[str]:
        folder = self.root / sub
        return sorted(p.name for p in folder.glob(f"*{ext}")) if folder.is_dir() else []

    def remove(self, rel: str) -> None:
        (self.root / rel).unlink()


class FsspecWriter:
    """Writes through fsspec (needs the ``dask`` extra, which brings fsspec, or fsspec itself)."""

    def __init__(self, target: Target):
        try:
            import fsspec
        except ImportError:
            from corpus.errors import ConfigError

            raise ConfigError(target.root, "writing to a URL needs fsspec",
                              hint="pip install 'corpus[dask]' (or fsspec and the filesystem's package, e.g. s3fs)") from None
        self.fs, self.root = fsspec.core.url_to_fs(target.root, **dict(target.storage_options))
        self.root = self.root.rstrip("/")
        self.local = "file" in (self.fs.protocol if isinstance(self.fs.protocol, tuple) else (self.fs.protocol,))
        self.fsync = target.durability == "file"

    def _path(self, rel: str) -> str:
        return f"{self.root}/{rel}"

    def write(self, rel: str, data: bytes) -> None:
        if self.local:  # a local folder named by URL: the same temp + rename as a path
            jsonio.atomic_write_bytes(self._path(rel), data, fsync=self.fsync)
            return
        path = self._path(rel)
        self.fs.makedirs(path.rpartition("/")[0], exist_ok=True)
        self.fs.pipe_file(path, data)  # one PUT: atomic on object stores

    def sync(self) -> None:
        if self.local and not self.fsync and hasattr(os, "sync"):
            os.sync()

    def write_final(self, rel: str, data: bytes) -> None:
        self.sync()
        if self.local:
            jsonio.atomic_write_bytes(self._path(rel), data, fsync=True)
        else:
            self.write(rel, data)

    def list(self, sub: str, ext: str) -> list[str]:
        folder = self._path(sub)
        if not self.fs.isdir(folder):
            return []
        return sorted(p.rpartition("/")[2] for p in self.fs.ls(folder, detail=False) if p.endswith(ext))

    def remove(self, rel: str) -> None:
        self.fs.rm(self._path(rel))
