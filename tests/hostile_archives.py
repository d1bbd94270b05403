"""Hostile release archives, built without ever holding (or writing) their expanded size: a gzip file
may be a series of members, so N MiB of zeros is one compressed MiB of zeros repeated N times."""
from __future__ import annotations

import gzip
import io
import tarfile

MiB = 1 << 20
_ZEROS = gzip.compress(b"\0" * MiB, mtime=0)


def header(name: str, size: int = 0, kind=tarfile.REGTYPE) -> bytes:
    ti = tarfile.TarInfo(name)
    ti.size, ti.type, ti.mode = size, kind, 0o755 if kind == tarfile.DIRTYPE else 0o644
    return ti.tobuf(format=tarfile.PAX_FORMAT)


def zero_bomb(path, size: int, *, top: str = "r", name: str = "json/big.json", before: bytes = b"") -> int:
    """Write a .tar.gz holding `before` (raw tar records) then one member of `size` zero bytes (a whole
    number of MiB); return the archive's size in bytes."""
    assert size % MiB == 0
    with open(path, "wb") as f:
        f.write(gzip.compress(header(top, kind=tarfile.DIRTYPE) + before + header(f"{top}/{name}", size), mtime=0))
        for _ in range(size // MiB):
            f.write(_ZEROS)
        f.write(gzip.compress(b"\0" * 1024, mtime=0))  # end-of-archive records
        return f.tell()


def tar_bytes(entries, gz: bool = True) -> bytes:
    """A tar(.gz) of (name, data or None for a folder, tar type or None) entries, in the given order."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz" if gz else "w", format=tarfile.PAX_FORMAT) as tar:
        for name, data, kind in entries:
            ti = tarfile.TarInfo(name)
            if data is None:
                ti.type = kind or tarfile.DIRTYPE
                tar.addfile(ti)
            else:
                ti.type = kind or tarfile.REGTYPE
                ti.size = len(data) if ti.type == tarfile.REGTYPE else 0
                if ti.type in (tarfile.SYMTYPE, tarfile.LNKTYPE):
                    ti.linkname = "/etc/passwd"
                tar.addfile(ti, io.BytesIO(data) if ti.type == tarfile.REGTYPE else None)
    return buf.getvalue()
