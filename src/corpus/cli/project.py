"""`corpus init DIR`: start a corpus project (corpus.json, seeds/, annotations/, CHANGELOG.md, .gitignore)."""
from __future__ import annotations

import datetime as _dt
import os
import sys
from pathlib import Path

import click

from corpus.cli.common import friendly, json_option, note, print_json, quiet_option


def _today() -> str:
    """The release date to start from: SOURCE_DATE_EPOCH when set (reproducible tutorials), else today."""
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env and env.isdigit():
        return _dt.datetime.fromtimestamp(int(env), _dt.timezone.utc).date().isoformat()
    return _dt.date.today().isoformat()


def _interactive() -> bool:
    """Ask only a person at a terminal; scripts and pipes get placeholders."""
    return sys.stdin.isatty()


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", help="Machine name: the release is <name>-<version> [default: from DIRECTORY].")
@click.option("--title", help="The title, as it should be cited.")
@click.option("--description", help="One paragraph: what the pages are, where they come from.")
@click.option("--author", "authors", multiple=True,
              help="'Family, Given' for a person, else a group's name; repeat for several.")
@click.option("--role", default="compiler", show_default=True, help="What the authors did (compiler, annotator, editor).")
@click.option("--publisher", help="Who publishes the release [default: the first author].")
@click.option("--licence", default="CC-BY-4.0", show_default=True,
              help="SPDX id of the licence of your annotations, metadata and TEI encoding.")
@click.option("--licence-url", help="The licence's URL (needed for ids other than the common CC/ODC ones).")
@click.option("--texts", help="Who holds the rights in the pages and on what terms you redistribute them.")
@click.option("--language", "languages", multiple=True, help="Language code of the texts (BCP 47) [default: ar].")
@click.option("--repository", help="URL of the project's repository (CITATION.cff repository-code).")
@click.option("--url", help="URL of a web page about the corpus (CITATION.cff url).")
@click.option("--release-date", help="YYYY-MM-DD of the first release [default: today, or SOURCE_DATE_EPOCH].")
@click.option("--no-input", is_flag=True, help="Never ask: what is not given stays a TODO placeholder.")
@quiet_option
@json_option
@friendly
def init_cmd(directory, name, title, description, authors, role, publisher, licence, licence_url, texts, languages,
             repository, url, release_date, no_input, quiet, as_json):
    """Start a corpus project in DIRECTORY: corpus.json (every field explained), seeds/, annotations/,
    CHANGELOG.md and .gitignore.

    On a terminal, what no flag gives is asked for; otherwise (or with --no-input) it stays a
    'TODO: ...' placeholder, which the build accepts and `corpus release` refuses until filled."""
    from corpus.errors import ConfigError
    from corpus.project import config as cfgmod
    from corpus.project import scaffold

    target = directory / cfgmod.CONFIG_NAME
    if target.exists():
        raise ConfigError(str(target), "already exists: this folder is a corpus project",
                          hint="edit it, or start the new project in another folder")
    ask = not no_input and not as_json and _interactive()

    def prompt(value, text, default=None):
        if value is not None or not ask:
            return value
        got = click.prompt(text, default=default or "", show_default=bool(default), err=True).strip()
        return got or None

    title = prompt(title, "Title (as it should be cited)")
    if not authors and ask:
        got = prompt(None, "Author ('Family, Given' for a person, else a group's name)")
        authors = (got,) if got else ()
    description = prompt(description, "Description (one paragraph; Enter to fill in later)")
    texts = prompt(texts, "Who holds the rights in the pages? (Enter to fill in later)")
    answers = scaffold.Answers(
        name=name or scaffold.machine_name(directory.resolve().name), release_date=release_date or _today(),
        title=title, description=description, authors=list(authors), role=role, publisher=publisher,
        licence=licence, licence_url=licence_url, texts=texts, languages=list(languages) or ["ar"],
        repository=repository, url=url)
    if answers.licence_url is None and licence not in scaffold.KNOWN_LICENCES:
        raise ConfigError("--licence", f"no URL known for {licence!r}",
                          hint=f"give it with --licence-url URL (known: {', '.join(scaffold.KNOWN_LICENCES)})")
    files = scaffold.files(answers)
    from corpus import jsonio

    created = []
    for rel, text in files.items():
        path = directory / rel
        if rel.endswith("/"):
            if not path.is_dir():
                path.mkdir(parents=True)
                created.append(rel)
        elif path.exists():
            note(f"kept the existing {path}", quiet or as_json)
        else:
            jsonio.atomic_write_text(path, text)
            created.append(rel)
    todo = cfgmod.placeholders(jsonio.parse(files[cfgmod.CONFIG_NAME], str(target)))
    from corpus.project.catalog import is_page

    pages = [p.name for p in directory.iterdir() if p.is_file() and is_page(p.name)]
    if as_json:
        print_json({"project": str(directory), "created": created, "placeholders": todo})
        return
    click.echo(f"created {directory}/: {', '.join(created)}")
    if todo:
        note(f"fill in before `corpus release`: {', '.join(todo)} (in {target}; every field is explained in its $comment)",
             quiet)
    where = f"cd {directory} && " if directory.resolve() != Path.cwd().resolve() else ""
    if pages:
        note(f"next: {directory} already holds {len(pages)} page{'s' if len(pages) != 1 else ''}; build them with `corpus build {directory}`, "
             f"or move them into {directory / 'seeds'}/", quiet)
    else:
        note(f"next: put your pages in {directory / 'seeds'}/, then `{where}corpus build`", quiet)


def register(group) -> None:
    group.add_command(init_cmd)
