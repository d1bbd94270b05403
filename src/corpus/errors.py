"""Errors a person can act on: where (file, line or offset, JSON path), what is wrong, what to do."""
from __future__ import annotations


class CorpusError(Exception):
    """Base class: the CLI prints these as one clear message, never a traceback."""

    def __init__(self, where: str, message: str, *, line: int | None = None, hint: str | None = None):
        self.where = where
        self.message = message
        self.line = line
        self.hint = hint
        super().__init__(self.format())

    def format(self) -> str:
        loc = self.where if self.line is None else f"{self.where}:{self.line}"
        text = f"{loc}: {self.message}"
        if self.hint:
            text += f" (what to do: {self.hint})"
        return text


class InputError(CorpusError):
    """A raw file that cannot be read as text."""


class ValidationError(CorpusError):
    """A document, annotation or TEI file that breaks a schema or a semantic rule."""


class ConfigError(CorpusError):
    """A profile, lexicon, catalog or corpus configuration file that is wrong."""
