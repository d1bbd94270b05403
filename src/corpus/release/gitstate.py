"""The git commit a release is made from, and whether the project's working tree matches it.

A release cites its source: the manifest records the commit, so anyone can check out exactly what was
released.  That only holds if the tree is clean, so `corpus release` refuses uncommitted or untracked
changes under the project root (``--allow-dirty`` overrides and says so in the manifest).  A project that
is not in git (or a machine without git) gets no commit, and the release says that instead."""
from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class GitState:
    commit: str | None  # None: not a git repository (or git is not installed)
    dirty: tuple[str, ...] = field(default=())  # `git status --porcelain` lines under the project root

    def to_manifest(self, allowed_dirty: bool) -> dict:
        if self.commit is None:
            return {}
        out = {"source_commit": self.commit}
        if self.dirty and allowed_dirty:
            out["source_dirty"] = True
        return out


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def state(root, exclude=()) -> GitState:
    """`exclude`: folders the tools write (build/, dist/), never part of the source even if not ignored."""
    root = Path(root)
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if not inside or inside.strip() != "true":
        return GitState(None)
    head = _git(root, "rev-parse", "HEAD")
    if head is None:  # a repository without a commit yet
        return GitState(None, ("no commit yet",))
    skip = []
    for folder in exclude:
        try:
            skip.append(f":(exclude){Path(folder).resolve().relative_to(root.resolve()).as_posix()}")
        except ValueError:
            continue  # outside the project: git does not see it
    status = _git(root, "status", "--porcelain", "--untracked-files=all", "--", ".", *skip) or ""
    return GitState(head.strip(), tuple(line for line in status.splitlines() if line.strip()))
