"""Run the per-document work in a worker thread that is replaced every so many documents.

Why: lxml interns names in one libxml2 dictionary per thread, and libxml2 puts every ``xml:id``
value (and every HTML ``id``) into that dictionary too.  The dictionary never shrinks while its
thread lives, and our ids are unique per document (``<doc-id>.p5``), so a process that builds
document after document grows by ~3 KB a document: +64 MiB over 20,000 documents of 70 ids in a
plain loop, measured; about 100 MiB at 20,000 synthetic pages of a build (docs/scaling.md).  A
thread's dictionary is freed when the thread ends and its last tree is gone, so doing the work
in a thread that is replaced every ``EVERY`` documents keeps memory flat (+6.9 MiB instead of +68
MiB in the same loop), for the cost of handing each document to the thread (microseconds).
"""
from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

#: documents per worker thread: its dictionary holds at most this many documents' ids (~3 MB)
EVERY = 1000


class Recycled:
    """``run(fn, *args)``: ``fn(*args)`` in a worker thread, a new one every ``every`` calls (and
    after a fork, where the parent's thread does not exist)."""

    def __init__(self, every: int = EVERY):
        self.every = every
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self._pid = None
        self._calls = 0

    def _executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None or self._pid != os.getpid() or self._calls >= self.every:
                old, forked = self._pool, self._pid != os.getpid()
                self._pool = ThreadPoolExecutor(1, thread_name_prefix="corpus-doc")
                self._pid, self._calls = os.getpid(), 0
                if old is not None and not forked:
                    old.shutdown(wait=False)  # its thread ends after the call it is finishing
            self._calls += 1
            return self._pool

    def run(self, fn, *args, **kwargs):
        if threading.current_thread().name.startswith("corpus-doc"):  # already in one: no self-wait
            return fn(*args, **kwargs)
        return self._executor().submit(fn, *args, **kwargs).result()


_RECYCLED = Recycled()


def run(fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` in this process's recycled worker thread (see the module docstring)."""
    return _RECYCLED.run(fn, *args, **kwargs)
