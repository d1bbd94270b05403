"""What every command shares, so that all of them behave alike.

Conventions (docs/architecture.md): results on stdout, problems and notes on stderr; ``--json`` prints the
result as one JSON document on stdout; ``-q/--quiet`` keeps only results and errors (no progress bars,
notes or summaries); an output folder is always ``-o/--out``; ``NO_COLOR`` turns colour off (set on the
root context in ``corpus.cli.main``); the tool's errors become one clear message and exit 1, never a
traceback.
"""
from __future__ import annotations

import functools
import sys

import click

from corpus import jsonio
from corpus.errors import CorpusError


def friendly(fn):
    """Turn CorpusError into one clear message and exit code 1, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except CorpusError as exc:
            click.echo(click.style("error:", fg="red") + f" {exc.format()}", err=True)
            sys.exit(1)

    return wrapper


def quiet_option(fn):
    return click.option("-q", "--quiet", is_flag=True,
                        help="Print only results and errors (no progress, notes or summaries).")(fn)


def json_option(fn):
    return click.option("--json", "as_json", is_flag=True, help="Print the result as JSON on stdout.")(fn)


def out_option(default: str | None, help: str):
    """The one name for an output folder, in every command that writes one."""
    return click.option("-o", "--out", "out_dir", default=default, show_default=default is not None,
                        type=click.Path(file_okay=False), help=help)


def note(message: str, quiet: bool = False) -> None:
    """A note for the person at the terminal (what was written, what to do next): stderr, unless quiet."""
    if not quiet:
        click.echo(message, err=True)


def problem(message: str) -> None:
    """A problem found in the input: always shown, on stderr."""
    click.echo(message, err=True)


def print_json(data) -> None:
    """The command's result as one JSON document (sorted keys, UTF-8 as is) on stdout."""
    click.echo(jsonio.dumps(data), nl=False)
