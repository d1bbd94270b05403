"""Deterministic JSON and atomic writes: the same data always gives the same bytes on disk."""
from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

from corpus.errors import InputError

try:  # optional at run time: the same bytes, ~20x faster (see dumps_bytes)
    import orjson
except ImportError:  # the tests cover this path by setting orjson to None
    orjson = None

_ORJSON_OPTIONS = 0
if orjson is not None:
    # types the standard encoder refuses (dataclasses, datetimes, subclasses of str/int/dict/list) go
    # to _refuse, so that they take the standard path and get its answer
    _ORJSON_OPTIONS = (orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE
                       | orjson.OPT_PASSTHROUGH_SUBCLASS | orjson.OPT_PASSTHROUGH_DATACLASS
                       | orjson.OPT_PASSTHROUGH_DATETIME)


def _refuse(obj):
    raise TypeError(type(obj).__name__)


def has_float(data) -> bool:
    """Whether a float is anywhere in ``data`` (iteratively: no recursion limit on deep data)."""
    stack = [data]
    pop, extend = stack.pop, stack.extend
    while stack:
        x = pop()
        t = type(x)
        if t is dict:
            extend(x.values())
        elif t is list:
            extend(x)
        elif t is str or t is int or x is None or t is bool:
            continue
        elif isinstance(x, float):
            return True
        elif isinstance(x, dict):
            extend(x.values())
        elif isinstance(x, (list, tuple)):
            extend(x)
    return False


def _dumps_std(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def dumps_bytes(data, *, float_free: bool = False) -> bytes:
    """``dumps(data)`` as UTF-8 bytes: what every writer of a JSON file needs.

    With orjson (a dependency; optional at run time) the bytes come from its compiled encoder, which
    writes exactly what ``json.dumps(indent=2, sort_keys=True, ensure_ascii=False)`` writes for
    strings (any character, escapes included), integers, null, booleans, lists and objects
    (tests/test_jsonio_fast.py proves it with hypothesis).  It writes some floats differently
    (``1e-05``, ``NaN``), so data holding a float, and anything orjson refuses (integers past 64
    bits, lone surrogates, keys that are not strings, types the standard encoder does not take),
    goes through the standard encoder: one verdict, the standard library's.

    ``float_free=True``: the caller has found no float in ``data`` with ``has_float`` (the build
    does it once a document, for the schema check and for this), so it is not walked again."""
    fast = _dumps_fast(data, float_free)
    return fast if fast is not None else _dumps_std(data).encode("utf-8")


def _dumps_fast(data, float_free: bool = False) -> bytes | None:
    """orjson's bytes, or None where the standard encoder must answer (see dumps_bytes)."""
    if orjson is None or (not float_free and has_float(data)):
        return None
    try:
        return orjson.dumps(data, default=_refuse, option=_ORJSON_OPTIONS)
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return None


def dumps(data) -> str:
    """Canonical JSON: sorted keys, 2-space indent, real UTF-8 (Arabic stays readable), final newline."""
    fast = _dumps_fast(data)
    return fast.decode("utf-8") if fast is not None else _dumps_std(data)


_TEMP_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
               | getattr(os, "O_BINARY", 0))
_temp_numbers = itertools.count()
_PID = [os.getpid()]  # this process's id, read once (a system call per file is not free): reset in a forked child
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=lambda: _PID.__setitem__(0, os.getpid()))


def _umask() -> int | None:
    """The process umask as Linux reports it (/proc/self/status), or None where it cannot be read
    without changing it (os.umask sets it: a window in which another thread's files get another mode)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return None


#: The mode a temp file is created with, and whether it still needs an fchmod to end up 0644: when the
#: umask takes no bit of 0644 (the usual 022 or 002), the file is created 0644 and needs no chmod; with
#: any other umask (or none known) it is created 0600 and set to 0644 before its rename, as before.
_MODE_NEEDS_CHMOD = [None]


def _temp_mode() -> tuple[int, bool]:
    known = _MODE_NEEDS_CHMOD[0]
    if known is None:
        mask = _umask()
        known = _MODE_NEEDS_CHMOD[0] = (0o644, False) if mask is not None and not mask & 0o644 else (0o600, True)
    return known


def _create_temp(folder: str, name: str, mode: int = 0o600) -> tuple[int, str]:
    """A new file ``.<name>.<pid>-<n>.tmp`` in ``folder`` (the folder is made when missing).

    Named by the process id and a counter rather than tempfile.mkstemp's random letters: unique
    among the processes and threads of a build all the same, and O_EXCL (never an existing file,
    never through a link) means a leftover of an earlier process with the same id is skipped, not
    reused.  The name is kept short, so that any file name the file system takes can be written."""
    for attempt in range(1000):
        tmp = f"{folder}{os.sep}.{name[:32]}.{_PID[0]}-{next(_temp_numbers)}.tmp"
        try:
            return os.open(tmp, _TEMP_FLAGS, mode), tmp
        except FileExistsError:
            continue
        except FileNotFoundError:
            if attempt:
                raise
            os.makedirs(folder, exist_ok=True)  # the first file of a folder: made once, not checked per file
    raise FileExistsError(f"no free temp file name in {folder}")


def atomic_write_bytes(path, data: bytes, *, fsync: bool = True) -> None:
    """Write via a temp file in the same folder + fsync + rename: readers never see half a file.

    ``fsync=False`` keeps the temp + rename (still atomic for readers) but leaves flushing to the
    caller, who then syncs once for many files (``corpus build --durability build``).  The file is
    mode 0644 whatever the umask.  System calls per file: open (O_CREAT|O_EXCL, no stat first), one
    write for most files, fsync (when asked), close, rename; an fchmod only under a umask that takes
    a bit of 0644 (see _temp_mode)."""
    path = os.fspath(path)
    folder, name = os.path.split(path)
    mode, chmod = _temp_mode()
    fd, tmp = _create_temp(folder or ".", name, mode)
    try:
        try:
            written = os.write(fd, data)
            if written < len(data):  # a short write (a signal, a pipe-like file system): the rest
                view = memoryview(data)[written:]
                while view:
                    view = view[os.write(fd, view):]
            if fsync:
                os.fsync(fd)
            if chmod and hasattr(os, "fchmod"):
                os.fchmod(fd, 0o644)
        finally:
            os.close(fd)
        if chmod and not hasattr(os, "fchmod"):
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
    atomic_write_bytes(path, dumps_bytes(data))


#: Deeper nesting than this is refused: no file of the project comes near it, and deeper data would
#: exhaust the interpreter's recursion limit in the parser or in the code that reads it.
MAX_DEPTH = 64


class _DuplicateKey(Exception):
    def __init__(self, key):
        self.key = key


def _no_duplicates(pairs):
    out = {}
    for k, v in pairs:
        if k in out:
            raise _DuplicateKey(k)
        out[k] = v
    return out


def depth(data) -> int:
    """Nesting depth of parsed JSON (a scalar is 0), without recursion."""
    deepest, stack = 0, [(data, 0)]
    while stack:
        item, d = stack.pop()
        if isinstance(item, dict):
            stack.extend((v, d + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, d + 1) for v in item)
        else:
            continue
        deepest = max(deepest, d + 1)
        if deepest > MAX_DEPTH:
            break
    return deepest


def parse(text: str, where: str, error=InputError):
    """Parse JSON text; a syntax error names `where`, the line and the column.  A key given twice in one
    object is an error (JSON leaves it undefined: Python keeps the last, other tools the first), and so
    is nesting deeper than MAX_DEPTH."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise error(where, f"invalid JSON at column {exc.colno}: {exc.msg}", line=exc.lineno,
                    hint="fix the JSON syntax (a missing comma or quote is the usual cause)") from None
    except _DuplicateKey as exc:
        raise error(where, f"key {exc.key!r} appears twice in one object",
                    hint="keep one of the two (JSON tools disagree on which one counts)") from None
    except RecursionError:
        data = None
        too_deep = True
    else:
        too_deep = depth(data) > MAX_DEPTH
    if too_deep:
        raise error(where, f"nested too deeply (more than {MAX_DEPTH} levels of arrays and objects)",
                    hint="this is not a file the project writes; restore the original") from None
    return data


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
