"""The `corpus` command group: assembles the command modules of ``corpus.cli``."""
from __future__ import annotations

import click

from corpus import __version__
from corpus.cli import annotate, build, clean, release


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="corpus")
def main():
    """Turn raw Arabic news pages into a clean, annotated, citable TEI P5 corpus."""


# Each command module defines its click commands and a `register(group)` function; keep sorted.
for _mod in (annotate, build, clean, release):
    _mod.register(main)
