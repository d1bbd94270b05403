"""The cleaner's output records: a labelled line and its segments and metadata hits.

They live apart from the rules so that every rule module (and ``split``) can build and read
labels without importing the cleaner itself."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Segment:
    """A span of a line: ``role`` None means removed by ``rule``."""

    start: int
    end: int
    role: str | None
    rule: str
    reason: str
    figure: bool = False  # caption/credit of the same figure on this line


@dataclass(frozen=True, slots=True)
class MetaHit:
    key: str
    value: str
    start: int
    end: int
    rule: str


@dataclass(slots=True)
class LineLabel:
    number: int
    text: str
    zone: str
    segments: list[Segment]
    meta: list[MetaHit] = field(default_factory=list)
    comment: int = 0  # 1-based comment number for comment lines, else 0
    join_figure: bool = False  # the figure segments continue the figure of the previous labelled line

    @property
    def roles(self) -> list[str]:
        """Kept roles in order, or ['removed'] if nothing of the line is kept (the gold format)."""
        r = [s.role for s in self.segments if s.role is not None]
        return r or ["removed"]

    @property
    def removed(self) -> bool:
        return all(s.role is None for s in self.segments)

    def first_removed(self) -> Segment | None:
        return next((s for s in self.segments if s.role is None), None)
