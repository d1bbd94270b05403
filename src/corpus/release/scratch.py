"""Scratch folders that never outlive their command: removed on return, on error, on Ctrl-C and on
SIGTERM/SIGHUP; and a folder left by a run killed with SIGKILL (which no process can catch) is removed
by the next run of the same kind, once the process that made it is gone."""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
import threading
from pathlib import Path

PREFIX = "corpus-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep(kind: str, parent=None) -> list[Path]:
    """Remove `kind` scratch folders (and files) in `parent` whose process is gone; return them."""
    parent = Path(parent or tempfile.gettempdir())
    gone = []
    for p in parent.glob(f"{PREFIX}{kind}-*-*"):
        pid = p.name[len(PREFIX) + len(kind) + 1:].split("-", 1)[0]
        try:
            if not pid.isdigit() or _alive(int(pid)) or p.lstat().st_uid != os.getuid():
                continue
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink()
        except OSError:
            continue
        gone.append(p)
    return gone


@contextlib.contextmanager
def exit_on_signals():
    """Turn SIGTERM and SIGHUP into SystemExit (Ctrl-C is KeyboardInterrupt already), so `finally`
    blocks run and scratch folders go; the previous handlers come back afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise SystemExit(128 + signum)

    old = {}
    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is not None:
            old[sig] = signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, h in old.items():
            signal.signal(sig, h)


@contextlib.contextmanager
def folder(kind: str, parent=None):
    """A fresh scratch folder ``<parent>/corpus-<kind>-<pid>-XXXX``, gone when the block ends however it
    ends; stale folders of earlier killed runs are swept first."""
    sweep(kind, parent)
    with exit_on_signals():
        path = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{kind}-{os.getpid()}-", dir=parent))
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)
