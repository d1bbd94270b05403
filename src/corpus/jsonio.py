"""Deterministic JSON and atomic writes: the same data always gives the same bytes on disk."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from corpus.errors import InputError


def dumps(data) -> str:
    """Canonical JSON: sorted keys, 2-space indent, real UTF-8 (Arabic stays readable), final newline."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def atomic_write_bytes(path, data: bytes, *, fsync: bool = True) -> None:
    """Write via a temp file in the same folder + fsync + rename: readers never see half a file.

    ``fsync=False`` keeps the temp + rename (still atomic for readers) but leaves flushing to the
    caller, who then syncs once for many files (``corpus build --durability build``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_text(path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def write_json(path, data) -> None:
    atomic_write_text(path, dumps(data))


def parse(text: str, where: str, error=InputError):
    """Parse JSON text; a syntax error names `where`, the line and the column."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(where, f"invalid JSON at column {exc.colno}: {exc.msg}", line=exc.lineno,
                    hint="fix the JSON syntax (a missing comma or quote is the usual cause)") from None


def read_json(path):
    """Read a JSON file; a syntax error names the file, line and column."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot read the file: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 at byte {exc.start}", hint="save the file as UTF-8") from None
    return parse(text, str(path))
