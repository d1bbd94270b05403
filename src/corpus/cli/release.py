"""`corpus release`, `corpus verify`, `corpus diff`: versioned, verifiable, citable releases."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.command("release")
@click.argument("version")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
              help="Project root (holds corpus.json, CHANGELOG.md, seeds/, annotations/, docs/).")
@click.option("--dist", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where releases are written [default: ROOT/dist].")
@click.option("--previous", type=click.Path(exists=True, path_type=Path), default=None,
              help="The release to compare with [default: the highest lower version in dist/].")
@click.option("--force", is_flag=True, help="Rebuild a version that already exists in dist/.")
def release_cmd(version, root, dist, previous, force):
    """Build, validate and package release VERSION (must equal the version in corpus.json)."""
    from corpus.cli.common import friendly
    from corpus.release.make import Project, release

    @friendly
    def run():
        res = release(version, Project(root=root, dist=dist), previous=previous, force=force,
                      log=lambda s: click.echo(s, err=True))
        if res.previous:
            click.echo(f"compared with {res.previous}: changes need a {res.needed} step, {version} is a {res.stated} step")
        click.echo(f"{res.folder}/ ({res.files} files)")
        click.echo(f"{res.archive}  sha256 {res.sha256}")

    run()


@click.command("verify")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--seeds", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Also check every document's offsets against these raw seeds.")
@click.option("--checksums-only", is_flag=True, help="Only check the manifest, not the content.")
def verify_cmd(path, seeds, checksums_only):
    """Check a release folder or archive against its manifest and re-validate JSON and TEI."""
    from corpus.cli.common import friendly
    from corpus.release.verify import verify

    @friendly
    def run():
        rep = verify(path, seeds_dir=seeds, content=not checksums_only)
        for line in rep.lines():
            click.echo(line)
        if not rep.ok:
            click.echo(f"{rep.name}: NOT OK ({len(rep.lines())} problem(s))", err=True)
            sys.exit(1)
        click.echo(f"{rep.name}: OK ({rep.files} files match MANIFEST.sha256"
                   + ("" if checksums_only else "; JSON, annotations and TEI valid") + ")")

    run()


@click.command("diff")
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def diff_cmd(old, new, as_json):
    """Compare two releases and state the version step the changes need (docs/versioning.md)."""
    from corpus.release import archive
    from corpus.cli.common import friendly
    from corpus.release.diff import diff

    @friendly
    def run():
        d = diff(archive.read_release(old)[1], archive.read_release(new)[1])
        if as_json:
            click.echo(json.dumps(d.to_dict(), ensure_ascii=False, indent=2, sort_keys=True))
            return
        for c in d.changes:
            click.echo(c.format())
        click.echo(f"needed version step: {d.needed}")

    run()


def register(group) -> None:
    for cmd in (release_cmd, verify_cmd, diff_cmd):
        group.add_command(cmd)
