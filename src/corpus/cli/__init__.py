"""The ``corpus`` command: a thin click layer over the library, one module per command group.

``main`` assembles the groups; ``common`` holds what every command shares (error reporting).
Commands parse options, call the library and print; they hold no pipeline logic.

May import every stage; nothing imports the CLI.
"""

from corpus.cli.main import main

__all__ = ["main"]
