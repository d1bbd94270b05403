"""Release files as data: a mapping ``relative path -> bytes``, its SHA-256 manifest, and a
byte-reproducible ``.tar.gz`` (sorted entries, fixed mtime/uid/gid/mode, gzip header mtime 0).

Keeping the release in memory as a mapping means the folder and the archive are written from the same
bytes, and reading either back gives the same mapping (``read``)."""
from __future__ import annotations

import gzip
import hashlib
import io
import os
import posixpath
import tarfile
import zlib
from dataclasses import dataclass
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
    out[MANIFEST_JSON] = jsonio.dumps_bytes({**meta, "algorithm": "sha256", "files": entries})
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
        if path in out:
            raise InputError(where, f"{path!r} is listed twice", line=n,
                             hint="restore MANIFEST.sha256 from the published release (`sha256sum -c` fails on "
                                  "such a file too)")
        out[path] = digest
    return out


def write_folder(folder, files: dict[str, bytes]) -> None:
    folder = Path(folder)
    for rel in sorted(files, key=_sort_key):
        jsonio.atomic_write_bytes(folder / rel, files[rel])


def folder_digests(folder) -> tuple[dict[str, str], list[str]]:
    """(relative path -> SHA-256 of every regular file, hashed in chunks; paths of anything else: links,
    devices, FIFOs), without reading whole files into memory."""
    folder = Path(folder)
    out: dict[str, str] = {}
    odd: list[str] = []
    for base, subdirs, names in os.walk(folder):  # never follows links to folders
        for n in sorted(subdirs + names):
            p = Path(base) / n
            rel = p.relative_to(folder).as_posix()
            if p.is_symlink() or not (p.is_file() or p.is_dir()):
                odd.append(rel)
            elif p.is_file():
                out[rel] = file_sha256(p)
    return dict(sorted(out.items())), sorted(odd)


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


# -- reading, with limits -------------------------------------------------------------------------
MiB = 1 << 20
GiB = 1 << 30
CHUNK = 1 << 16


@dataclass(frozen=True)
class Limits:
    """What a release archive may hold before it is refused unread (docs/using-the-release.md).

    A release of this corpus is a few MiB of text; the defaults leave a wide margin and every one can be
    raised by a `corpus verify` flag for a legitimately bigger release."""

    member: int = 512 * MiB   # one file, uncompressed
    total: int = 4 * GiB      # all files, uncompressed
    ratio: float = 200.0      # uncompressed content per compressed byte of the archive
    files: int = 200_000      # entries of any kind
    header: int = 1 * MiB     # one tar header record (long names, pax headers)

    def flag_hint(self, flag: str) -> str:
        return (f"do not use this archive unless you expected it to be this big; to check it anyway, raise the "
                f"limit with `corpus verify {flag} ...`")


_SAFE_NAME_BYTES = 255    # one path component (the usual file-system limit)
_SAFE_PATH_BYTES = 4096


class _Guard:
    """A read-only file object between tarfile and the decompressor that refuses any single read bigger
    than the header limit: tarfile reads pax and GNU long-name headers in one call, so a hostile header
    of gigabytes would otherwise be allocated whole.  Member data is read by us in small chunks."""

    def __init__(self, fileobj, where: str, limits: Limits):
        self.f, self.where, self.limits = fileobj, where, limits
        self.header_left: int | None = None  # while tarfile reads the headers of one member

    def read(self, n=-1):
        if n is None or n < 0 or n > self.limits.header:
            raise InputError(self.where, f"a tar header record of {n} bytes is over the limit of "
                                         f"{self.limits.header} bytes",
                             hint="do not use this archive; it was not written by `corpus release`")
        if self.header_left is not None:  # chained pax, long-name or sparse headers add up too
            self.header_left -= n
            if self.header_left < 0:
                raise InputError(self.where, f"the tar headers of one entry are over the limit of "
                                             f"{self.limits.header} bytes",
                                 hint="do not use this archive; it was not written by `corpus release`")
        return self.f.read(n)

    def seek(self, *a):
        return self.f.seek(*a)

    def tell(self):
        return self.f.tell()


def _open_stream(path: Path, raw):
    """The decompressed tar stream of a .tar.gz (or a plain .tar, recognised by its content)."""
    head = raw.read(2)
    raw.seek(0)
    return gzip.GzipFile(fileobj=raw, mode="rb") if head == b"\x1f\x8b" else raw


def _check_name(where: str, name: str) -> list[str]:
    """The parts of a member name, or an InputError saying why the name is unsafe."""
    parts = name.split("/")
    bad = (name.startswith("/") or ".." in parts or "" in parts or "." in parts
           or any(ord(c) < 32 or c == "\x7f" or c == "\\" for c in name))
    if bad:
        raise InputError(where, f"unsafe archive entry {name!r}",
                         hint="do not use this archive; it was not written by `corpus release`")
    long = next((p for p in parts if len(p.encode("utf-8", "surrogateescape")) > _SAFE_NAME_BYTES), None)
    if long is not None or len(name.encode("utf-8", "surrogateescape")) > _SAFE_PATH_BYTES:
        raise InputError(where, f"archive entry {name[:80]!r}… has a name longer than "
                                f"{_SAFE_NAME_BYTES} bytes per folder or {_SAFE_PATH_BYTES} bytes in all",
                         hint="do not use this archive; it was not written by `corpus release`")
    return parts


@dataclass
class Scan:
    """What one streaming pass over an archive found: the top folder, each file's SHA-256 and size, and
    the bytes of the few files kept in memory (the manifests)."""

    top: str
    digests: dict[str, str]
    sizes: dict[str, int]
    kept: dict[str, bytes]


def scan_tar(path, limits: Limits = Limits(), *, extract_to=None, keep=lambda rel: False) -> Scan:
    """Read a release archive once, as a stream: every member is checked (name, type, size, duplicates)
    before its data is read, hashed while it is read, and written to `extract_to/<top>/` when given.
    Memory stays flat whatever the archive holds; an archive over a limit is refused at the member that
    crosses it, before that member's data is read.  Links, devices, absolute paths, ``..`` and entries
    outside the single top folder are refused: an archive is data, never instructions to the file system."""
    path = Path(path)
    where = str(path)
    try:
        compressed = path.stat().st_size
        raw = open(path, "rb")
    except OSError as exc:
        raise InputError(where, f"cannot read the archive: {exc.strerror}") from None
    budget = max(limits.ratio * compressed, 1 * MiB)  # ratio limit, with a floor for tiny archives
    digests: dict[str, str] = {}
    sizes: dict[str, int] = {}
    kept: dict[str, bytes] = {}
    dirs: set[str] = set()
    tops: set[str] = set()
    seen: set[str] = set()
    total = 0
    with raw:
        guard = _Guard(_open_stream(path, raw), where, limits)
        try:
            tar = tarfile.open(fileobj=guard, mode="r:")
        except (OSError, tarfile.TarError, EOFError, zlib.error) as exc:
            raise InputError(where, f"not a readable .tar.gz archive: {exc}",
                             hint="download the archive again and compare its SHA-256 with the published one") from None
        with tar:
            count = 0
            while True:
                guard.header_left = limits.header + tarfile.BLOCKSIZE
                try:
                    m = tar.next()
                except (OSError, tarfile.TarError, EOFError, zlib.error, UnicodeError, ValueError) as exc:
                    raise InputError(where, f"the archive is damaged: {exc}",
                                     hint="download the archive again") from None
                finally:
                    guard.header_left = None
                if m is None:
                    break
                count += 1
                if count > limits.files:
                    raise InputError(where, f"more than {limits.files} entries (limit --max-files)",
                                     hint=limits.flag_hint("--max-files"))
                name = m.name
                parts = _check_name(where, name)
                if m.issparse() or not (m.isfile() or m.isdir()):
                    raise InputError(where, f"unsafe archive entry {name!r} (a link, device or sparse file)",
                                     hint="do not use this archive; it was not written by `corpus release`")
                if name in seen:
                    raise InputError(where, f"archive entry {name!r} appears twice (tools that read the first copy "
                                            f"and tools that read the last would see different files)",
                                     hint="do not use this archive; it was not written by `corpus release`")
                seen.add(name)
                tops.add(parts[0])
                if len(tops) > 1:
                    raise InputError(where, f"expected one top folder, found {sorted(tops)}")
                prefixes = ["/".join(parts[:i]) for i in range(1, len(parts))]
                clash = next((p for p in prefixes if p in sizes), None) or (name if m.isdir() and name in sizes
                                                                            else None)
                if clash is not None or (m.isfile() and name in dirs):
                    raise InputError(where, f"archive entry {clash or name!r} is both a file and a folder",
                                     hint="do not use this archive; it was not written by `corpus release`")
                dirs.update(prefixes)
                if m.isdir():
                    dirs.add(name)
                    continue
                if len(parts) < 2:
                    raise InputError(where, f"file {name!r} is outside the release folder")
                if m.size > limits.member:
                    raise InputError(where, f"member {name!r} is {m.size} bytes uncompressed, over the limit of "
                                            f"{limits.member} bytes per file (--max-member-size)",
                                     hint=limits.flag_hint("--max-member-size"))
                total += m.size
                if total > limits.total:
                    raise InputError(where, f"member {name!r} brings the release to {total} bytes uncompressed, "
                                            f"over the limit of {limits.total} bytes (--max-total-size)",
                                     hint=limits.flag_hint("--max-total-size"))
                if total > budget:
                    raise InputError(where, f"member {name!r} brings the release to {total} bytes uncompressed from "
                                            f"a {compressed}-byte archive, over the expansion limit of "
                                            f"{limits.ratio:g} to 1 (--max-ratio)",
                                     hint=limits.flag_hint("--max-ratio"))
                rel = "/".join(parts[1:])
                digests[rel], data = _copy_member(tar, m, where, extract_to, keep(rel))
                sizes[name] = m.size
                if data is not None:
                    kept[rel] = data
    if len(tops) != 1:
        raise InputError(where, f"expected one top folder, found {sorted(tops) or 'none'}")
    top = tops.pop()
    return Scan(top, digests, {n.split("/", 1)[1]: s for n, s in sizes.items()}, kept)


def _copy_member(tar, m, where: str, extract_to, keep: bool) -> tuple[str, bytes | None]:
    """Hash a member's data in chunks; write it below `extract_to` and/or keep it in memory."""
    h = hashlib.sha256()
    buf = io.BytesIO() if keep else None
    out = None
    if extract_to is not None:
        dest = Path(extract_to).joinpath(*m.name.split("/"))
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            out = open(dest, "xb")
        except OSError as exc:
            raise InputError(where, f"cannot unpack archive entry {m.name!r}: {exc.strerror}",
                             hint="do not use this archive; it was not written by `corpus release`") from None
    try:
        try:
            src = tar.extractfile(m)
            left = m.size
            while left > 0:
                chunk = src.read(min(CHUNK, left))
                if not chunk:
                    raise InputError(where, f"archive entry {m.name!r} is cut short",
                                     hint="download the archive again")
                left -= len(chunk)
                h.update(chunk)
                if buf is not None:
                    buf.write(chunk)
                if out is not None:
                    out.write(chunk)
        except (OSError, tarfile.TarError, EOFError, zlib.error) as exc:
            raise InputError(where, f"the archive is damaged in entry {m.name!r}: {exc}",
                             hint="download the archive again") from None
    finally:
        if out is not None:
            out.close()
    return h.hexdigest(), (buf.getvalue() if buf is not None else None)


def file_sha256(path) -> str:
    """SHA-256 of a file, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_tar_gz(path, limits: Limits = Limits()) -> tuple[str, dict[str, bytes]]:
    """(top folder, files) from a release archive, in memory (for `corpus diff` and the previous
    release): the same checks and limits as :func:`scan_tar`."""
    s = scan_tar(path, limits, keep=lambda rel: True)
    return s.top, s.kept


def read_release(path) -> tuple[str, dict[str, bytes]]:
    """(release name, files) from a release folder or ``.tar.gz``."""
    path = Path(path)
    if path.is_dir():
        return path.name, read_folder(path)
    if path.is_file():
        return read_tar_gz(path)
    raise InputError(str(path), "no such release folder or archive",
                     hint="pass a folder dist/<name>-<version> or an archive dist/<name>-<version>.tar.gz")
