"""The `corpus` command group: assembles the command modules of ``corpus.cli``."""
from __future__ import annotations

import os

import click

from corpus import __version__
from corpus.cli import annotate, build, clean, interop, release


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="corpus")
@click.pass_context
def main(ctx):
    """Turn raw Arabic news pages into a clean, annotated, citable TEI P5 corpus.

    Results go to stdout, problems and notes to stderr; --json and -q/--quiet work the same in every
    command; NO_COLOR turns colour off."""
    if os.environ.get("NO_COLOR"):  # https://no-color.org: any non-empty value
        ctx.color = False


# Each command module defines its click commands and a `register(group)` function; keep sorted.
for _mod in (annotate, build, clean, release, interop):  # interop extends annotate
    _mod.register(main)
