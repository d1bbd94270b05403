"""Semantic versions of the dataset and the size of a step between two of them (docs/versioning.md)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.errors import ConfigError

_SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")

#: Bump levels from smallest to largest; "none" = nothing a user could observe changed.
LEVELS = ("none", "patch", "minor", "major")


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int
    patch: int

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"

    @classmethod
    def parse(cls, text: str, where: str = "version") -> "Version":
        m = _SEMVER.match(text or "")
        if not m:
            raise ConfigError(where, f"{text!r} is not a semantic version MAJOR.MINOR.PATCH",
                              hint="use three numbers without leading zeros, e.g. 1.2.0")
        return cls(*(int(g) for g in m.groups()))

    def bumped(self, level: str) -> "Version":
        if level == "major":
            return Version(self.major + 1, 0, 0)
        if level == "minor":
            return Version(self.major, self.minor + 1, 0)
        if level == "patch":
            return Version(self.major, self.minor, self.patch + 1)
        return self


def step(old: Version, new: Version) -> str:
    """The level of the step old -> new: major, minor, patch, or none (same version).

    Raises ConfigError when `new` does not come after `old`."""
    if new == old:
        return "none"
    if new < old:
        raise ConfigError(str(new), f"version {new} is lower than the previous release {old}",
                          hint="release a version higher than the previous one")
    if new.major != old.major:
        return "major"
    if new.minor != old.minor:
        return "minor"
    return "patch"


def at_least(level: str, needed: str) -> bool:
    return LEVELS.index(level) >= LEVELS.index(needed)
