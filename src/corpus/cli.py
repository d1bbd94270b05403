"""The `corpus` command: a thin click layer over the library.  Each area keeps its commands in its
own ``cli_<area>`` module; this file only assembles them."""
from __future__ import annotations

import functools
import sys

import click

from . import __version__
from .errors import CorpusError


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="corpus")
def main():
    """Turn raw Arabic news pages into a clean, annotated, citable TEI P5 corpus."""


def _register():
    # One line per area; keep this list sorted.  Each module defines click commands and a
    # `register(group)` function.
    for mod_name in ("cli_annotate", "cli_build", "cli_clean", "cli_release"):
        try:
            mod = __import__(f"corpus.{mod_name}", fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name == f"corpus.{mod_name}":
                continue  # area not built yet
            raise
        mod.register(main)


_register()
