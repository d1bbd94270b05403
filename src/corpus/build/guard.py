"""What keeps one bad input from taking the build down, and two builds from mixing.

* :func:`boundary`: every document is built inside it; any failure becomes that document's named error
  (file, what went wrong, what to do) in the report, so ``--keep-going`` never aborts and report.json is
  always written.
* :func:`seed_problem`: a seed must be a regular file (a link to /etc/passwd is not a news page) unless
  the build was told to follow links.
* :func:`annotation_issues`: the checks of ``corpus annotate check``, run on the annotation file the build
  would export, so an annotation that check rejects never reaches the TEI.
* :class:`BuildLock`: one build at a time per output folder (an OS lock on the folder, released even by
  ``kill -9``);
  under it, :func:`sweep_temp` removes the temp files a killed build left behind.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Callable

from corpus.errors import CorpusError, InputError

# -- the per-document boundary ----------------------------------------------------------------------
def describe(file: str, exc: BaseException) -> str:
    """One line for a failure that is not one of the tool's own errors: file, what, what to do."""
    if isinstance(exc, OSError) and exc.errno == errno.ENAMETOOLONG:
        name = Path(exc.filename or "").name if getattr(exc, "filename", None) else ""
        return (f"{file}: a file name of this document is too long for the file system"
                + (f" ({len(name.encode('utf-8', 'surrogateescape'))} bytes: {name[:40]}…)" if name else "")
                + " (what to do: rename the seed to a shorter name, at most about 200 characters, and update "
                  "catalog.json with `corpus catalog --add`)")
    if isinstance(exc, OSError):
        return (f"{file}: cannot write this document's output: {exc.strerror or exc}"
                f"{f' ({exc.filename})' if exc.filename else ''} (what to do: check the output folder's "
                "free space and permissions, then build again)")
    if isinstance(exc, RecursionError):
        return (f"{file}: input nested too deeply to process (what to do: this is not a file the project "
                "writes; fix or remove it)")
    if isinstance(exc, MemoryError):
        return f"{file}: out of memory while building this document (what to do: check the seed's size)"
    return (f"{file}: the build failed on this document ({type(exc).__name__}: {str(exc)[:300]}) (what to do: "
            "run `corpus annotate check` on its annotation files and `corpus clean` on the seed; if both are "
            "clean, report this message as a bug)")


def boundary(file: str, work: Callable, failed: Callable[[str], object]):
    """``work()``, or ``failed(message)`` when it raises anything but the tool's own errors (which the
    caller already turns into results) or a request to stop (Ctrl-C, SystemExit)."""
    try:
        return work()
    except CorpusError:
        raise
    except Exception as exc:  # noqa: BLE001 - the boundary: any failure is this document's, named
        return failed(describe(file, exc))


# -- seeds ------------------------------------------------------------------------------------------
def seed_problem(seeds_dir, file: str, follow_symlinks: bool = False) -> CorpusError | None:
    """Why the seed `file` may not be read, or None: links are refused unless `follow_symlinks`, and
    anything that is not a regular file (a folder, a FIFO that would block, a device) always."""
    path = Path(seeds_dir) / file
    try:
        st = os.lstat(path)
    except OSError as exc:
        return InputError(str(path), f"listed in the catalog but cannot be read: {exc.strerror}",
                          hint="restore the file from the release or remove it from catalog.json")
    if stat.S_ISLNK(st.st_mode):
        if not follow_symlinks:
            return InputError(str(path), f"is a symbolic link (to {os.readlink(path)}), not a file",
                              hint="copy the page into seeds/ as a regular file, or build with --follow-symlinks "
                                   "if the link is meant")
        try:
            st = os.stat(path)
        except OSError as exc:
            return InputError(str(path), f"is a broken symbolic link: {exc.strerror}",
                              hint="restore the file it points to, or copy the page into seeds/")
    if not stat.S_ISREG(st.st_mode):
        kind = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file (a FIFO, socket or device)"
        return InputError(str(path), f"is {kind}", hint="seeds are regular text files; remove it from catalog.json")
    return None


# -- annotations ------------------------------------------------------------------------------------
def annotation_issues(doc, annotations_dir, prefer=None) -> list[str]:
    """The `corpus annotate check` issues of the file the build exports for `doc` (the one
    ``selection.choose`` picks under `prefer`, corpus.json annotations.export).

    A file made against an earlier text is carried over in memory first, exactly as the export does
    (``selection.exact_file``); what cannot be placed exactly is named, and the carried-over
    annotations are checked like any others."""
    if not annotations_dir:
        return []
    from corpus.standoff import check
    from corpus.standoff import io
    from corpus.standoff import selection
    from corpus.standoff.anchor import DocText
    from corpus.standoff.model import Registry

    base = Path(annotations_dir)
    path = selection.choose(base, doc.id, prefer).path
    if path is None:
        return []
    if path.is_symlink() or not path.is_file():
        return [f"{path}: not a regular file (what to do: annotation files are regular JSON files)"]
    reg_path = base / "entities.json"
    try:
        registry = io.load_registry(reg_path) if reg_path.is_file() else Registry()
    except CorpusError as exc:
        return [exc.format()]
    issues = check.check_file(path, doc=doc, registry=registry)
    if not any(i.annotation is None and i.message.startswith("the document text changed") for i in issues):
        return [i.format() for i in issues]
    # made against an earlier text: keep the file-level issues, check the carried-over annotations
    kept = [i for i in issues if i.annotation is None and not i.message.startswith("the document text changed")
            and not i.message.startswith("file is for document")]
    try:
        af = selection.exact_file(path, DocText(doc), base)
    except CorpusError as exc:
        return [i.format() for i in kept] + [exc.format()]
    return [i.format() for i in kept + check.check_data(af, doc, registry, str(path))]


# -- one build per output folder ----------------------------------------------------------------------
class BuildLock:
    """An exclusive lock on the output folder itself (flock on the folder, so no lock file is left in
    it) for the whole build.  The OS releases it when the process ends, however it ends, so a killed
    build never blocks the next one.  Without flock (Windows) there is no lock."""

    def __init__(self, out_dir, what: str = "build"):
        self.path = Path(out_dir)
        self.what = what
        self.fd: int | None = None

    def __enter__(self):
        self.path.mkdir(parents=True, exist_ok=True)
        try:
            import fcntl
        except ImportError:
            return self
        self.fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(self.fd)
            self.fd = None
            raise InputError(str(self.path), f"another {self.what} is writing to this folder",
                             hint=f"wait for it to finish, or {self.what} into another folder with -o") from None
        return self

    def __exit__(self, *exc):
        if self.fd is not None:
            os.close(self.fd)  # releases the lock
            self.fd = None


def sweep_temp(out_dir) -> list[Path]:
    """Remove the temp files of atomic writes (``.<name>.<random>.tmp``) that a killed build left in the
    output folders; only call this under the :class:`BuildLock`."""
    out = Path(out_dir)
    gone = []
    for folder in (out, out / "json", out / "tei"):
        if folder.is_dir():
            for p in folder.glob(".*.tmp"):
                if p.is_file() and not p.is_symlink():
                    p.unlink()
                    gone.append(p)
    return gone
