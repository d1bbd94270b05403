"""What every command shares: one clear message for the tool's errors, never a traceback."""
from __future__ import annotations

import functools
import sys

import click

from corpus.errors import CorpusError


def friendly(fn):
    """Turn CorpusError into one clear message and exit code 1, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except CorpusError as exc:
            click.echo(f"error: {exc.format()}", err=True)
            sys.exit(1)

    return wrapper
