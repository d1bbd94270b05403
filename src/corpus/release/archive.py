"""Release files as data: a mapping ``relative path -> bytes``, its SHA-256 manifest, and a
byte-reproducible ``.tar.gz`` (sorted entries, fixed mtime/uid/gid/mode, gzip header mtime 0).

Keeping the release in memory as a mapping means the folder and the archive are written from the same
bytes, and reading either back gives the same mapping (``read``)."""
from __future__ import annotations

import gzip
import hashlib
import io
import posixpath
import tarfile
from pathlib import Path

from corpus import jsonio
from corpus.errors import InputError

MANIFEST = "MANIFEST.sha256"
MANIFEST_JSON = "manifest.json"
ARCHIVE_SUFFIX = ".tar.gz"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sort_key(path: str):
    return path.split("/")


def with_manifests(files: dict[str, bytes], meta: dict) -> dict[str, bytes]:
    """Add manifest.json (every file but the two manifests) and MANIFEST.sha256 (every file but itself,
    so ``sha256sum -c MANIFEST.sha256`` checks the release with standard tools)."""
    out = {k: v for k, v in files.items() if k not in (MANIFEST, MANIFEST_JSON)}
    entries = [{"path": p, "sha256": sha256(out[p]), "bytes": len(out[p])} for p in sorted(out, key=_sort_key)]
    out[MANIFEST_JSON] = jsonio.dumps({**meta, "algorithm": "sha256", "files": entries}).encode("utf-8")
    lines = [f"{sha256(out[p])}  {p}\n" for p in sorted(out, key=_sort_key)]
    out[MANIFEST] = "".join(lines).encode("utf-8")
    return out


def parse_manifest(data: bytes, where: str) -> dict[str, str]:
    """``path -> sha256`` from a sha256sum-style file; a malformed line is an error naming the line."""
    out: dict[str, str] = {}
    for n, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        digest, sep, path = line.partition("  ")
        if not sep or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest) or not path:
            raise InputError(where, "not a '<sha256>  <path>' line", line=n,
                             hint="restore MANIFEST.sha256 from the published release")
        out[path] = digest
    return out


def write_folder(folder, files: dict[str, bytes]) -> None:
    folder = Path(folder)
    for rel in sorted(files, key=_sort_key):
        jsonio.atomic_write_bytes(folder / rel, files[rel])


def read_folder(folder) -> dict[str, bytes]:
    """Every file of a release folder; hidden folders (.git, .venv, ...) are never part of a release and
    are not walked."""
    import os

    folder = Path(folder)
    out = {}
    for top, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for n in names:
            p = Path(top) / n
            if p.is_file() and not p.is_symlink():
                out[p.relative_to(folder).as_posix()] = p.read_bytes()
    return dict(sorted(out.items()))


def is_release_folder(folder) -> bool:
    return (Path(folder) / MANIFEST).is_file() or (Path(folder) / MANIFEST_JSON).is_file()


def read_release_only(path) -> tuple[str, dict[str, bytes]]:
    """Like read_release, but a folder must be a release (hold MANIFEST.sha256): never a project folder."""
    path = Path(path)
    if path.is_dir() and not is_release_folder(path):
        raise InputError(str(path), f"not a release folder: it has no {MANIFEST}",
                         hint="compare two releases: dist/<name>-<version>/ folders or their .tar.gz archives "
                              "(`corpus release VERSION` makes them)")
    return read_release(path)


def tar_gz(top: str, files: dict[str, bytes], mtime: int) -> bytes:
    """A reproducible archive: one top folder, directories before their contents, entries sorted,
    owner root:root with empty names, modes 0755/0644, every timestamp `mtime`."""
    dirs = {posixpath.dirname(p) for p in files}
    for d in list(dirs):
        while d:
            dirs.add(d)
            d = posixpath.dirname(d)
    dirs.discard("")
    entries = sorted([(d, None) for d in dirs] + list(files.items()), key=lambda e: _sort_key(e[0]))
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        def info(name, kind, mode, size=0):
            ti = tarfile.TarInfo(f"{top}/{name}" if name else top)
            ti.type, ti.mode, ti.size, ti.mtime = kind, mode, size, mtime
            ti.uid = ti.gid = 0
            ti.uname = ti.gname = ""
            return ti

        tar.addfile(info("", tarfile.DIRTYPE, 0o755))
        for name, data in entries:
            if data is None:
                tar.addfile(info(name, tarfile.DIRTYPE, 0o755))
            else:
                tar.addfile(info(name, tarfile.REGTYPE, 0o644, len(data)), io.BytesIO(data))
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as gz:
        gz.write(raw.getvalue())
    return out.getvalue()


def read_tar_gz(path) -> tuple[str, dict[str, bytes]]:
    """(top folder, files) from a release archive.  Links, devices, absolute paths, ``..`` and entries
    outside the single top folder are refused: an archive is data, never instructions to the file system."""
    path = Path(path)
    try:
        tar = tarfile.open(path, mode="r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise InputError(str(path), f"not a readable .tar.gz archive: {exc}",
                         hint="download the archive again and compare its SHA-256 with the published one") from None
    files: dict[str, bytes] = {}
    tops = set()
    with tar:
        try:
            members = tar.getmembers()
        except (OSError, tarfile.TarError, EOFError) as exc:
            raise InputError(str(path), f"the archive is damaged: {exc}",
                             hint="download the archive again") from None
        for m in members:
            name = m.name
            parts = name.split("/")
            if name.startswith("/") or ".." in parts or not (m.isfile() or m.isdir()):
                raise InputError(str(path), f"unsafe archive entry {name!r}",
                                 hint="do not use this archive; it was not written by `corpus release`")
            tops.add(parts[0])
            if m.isfile():
                if len(parts) < 2:
                    raise InputError(str(path), f"file {name!r} is outside the release folder")
                files["/".join(parts[1:])] = tar.extractfile(m).read()
    if len(tops) != 1:
        raise InputError(str(path), f"expected one top folder, found {sorted(tops) or 'none'}")
    return tops.pop(), files


def read_release(path) -> tuple[str, dict[str, bytes]]:
    """(release name, files) from a release folder or ``.tar.gz``."""
    path = Path(path)
    if path.is_dir():
        return path.name, read_folder(path)
    if path.is_file():
        return read_tar_gz(path)
    raise InputError(str(path), "no such release folder or archive",
                     hint="pass a folder dist/<name>-<version> or an archive dist/<name>-<version>.tar.gz")
