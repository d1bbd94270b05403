"""`corpus release`, `corpus verify`, `corpus diff`: versioned, verifiable, citable releases."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from corpus.cli.common import friendly, json_option, note, print_json, problem, quiet_option


@click.command("release")
@click.argument("version")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
              help="Project root (holds corpus.json, CHANGELOG.md, seeds/, annotations/, docs/).")
@click.option("-o", "--out", "--dist", "dist", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where releases are written [default: ROOT/dist].")
@click.option("--previous", type=click.Path(exists=True, path_type=Path), default=None,
              help="The release to compare with [default: the highest lower version in dist/].")
@click.option("--force", is_flag=True, help="Rebuild a version that already exists in dist/.")
@quiet_option
@json_option
def release_cmd(version, root, dist, previous, force, quiet, as_json):
    """Build, validate and package release VERSION (must equal the version in corpus.json)."""
    from corpus.release.make import Project, release

    @friendly
    def run():
        res = release(version, Project(root=root, dist=dist), previous=previous, force=force,
                      log=lambda s: note(s, quiet or as_json))
        if as_json:
            print_json({"version": version, "folder": str(res.folder), "archive": str(res.archive),
                        "sha256": res.sha256, "files": res.files, "previous": res.previous,
                        "needed_step": res.needed, "stated_step": res.stated})
            return
        if res.previous:
            click.echo(f"compared with {res.previous}: changes need a {res.needed} step, {version} is a {res.stated} step")
        click.echo(f"{res.folder}/ ({res.files} files)")
        click.echo(f"{res.archive}  sha256 {res.sha256}")

    run()


class _Size(click.ParamType):
    """A byte count: 512M, 4G, 100k or a plain number."""

    name = "size"
    _UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        v = str(value).strip().lower().removesuffix("ib").removesuffix("b")
        unit = v[-1:] if v[-1:] in self._UNITS and not v[-1:].isdigit() else ""
        num = v[: len(v) - len(unit)]
        try:
            n = int(float(num) * self._UNITS[unit])
        except ValueError:
            self.fail(f"{value!r} is not a size (write e.g. 512M, 4G or a number of bytes)", param, ctx)
        if n <= 0:
            self.fail(f"{value!r} must be more than 0", param, ctx)
        return n


def _limits_options(fn):
    from corpus.release.archive import Limits

    d = Limits()
    for opt in (
        click.option("--max-files", type=click.IntRange(1), default=d.files, show_default=True,
                     help="Refuse an archive with more entries than this."),
        click.option("--max-ratio", type=click.FloatRange(1, min_open=False), default=d.ratio, show_default=True,
                     help="Refuse an archive that expands more than this many times its own size."),
        click.option("--max-total-size", type=_Size(), default=d.total, show_default=True,
                     help="Refuse an archive whose files add up to more than this, uncompressed (e.g. 8G)."),
        click.option("--max-member-size", type=_Size(), default=d.member, show_default=True,
                     help="Refuse an archive holding one file bigger than this, uncompressed (e.g. 1G)."),
    ):
        fn = opt(fn)
    return fn


@click.command("verify")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--seeds", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Also check every document's offsets against these raw seeds.")
@click.option("--checksums-only", is_flag=True, help="Only check the manifest, not the content.")
@_limits_options
@quiet_option
@json_option
def verify_cmd(path, seeds, checksums_only, max_member_size, max_total_size, max_ratio, max_files, quiet, as_json):
    """Check a release folder or archive against its manifest and re-validate JSON and TEI.

    An archive is read once as a stream, within the limits below, and its SHA-256 is printed to compare
    with the published one."""
    from corpus.release.archive import Limits
    from corpus.release.verify import verify

    @friendly
    def run():
        limits = Limits(member=max_member_size, total=max_total_size, ratio=max_ratio, files=max_files)
        rep = verify(path, seeds_dir=seeds, content=not checksums_only, limits=limits)
        if as_json:
            print_json({"release": rep.name, "ok": rep.ok, "files": rep.files, "problems": rep.lines(),
                        "sha256": rep.sha256,
                        "checked": "checksums" if checksums_only else "checksums and content"})
            if not rep.ok:
                sys.exit(1)
            return
        for line in rep.lines():
            problem(line)
        if rep.sha256:
            click.echo(f"{path}  sha256 {rep.sha256} (compare it with the published one)")
        if not rep.ok:
            click.echo(f"{rep.name}: NOT OK ({len(rep.lines())} problem(s))")
            sys.exit(1)
        click.echo(f"{rep.name}: OK ({rep.files} files match MANIFEST.sha256"
                   + ("" if checksums_only else "; JSON, annotations and TEI valid") + ")")

    run()


@click.command("diff")
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@json_option
@quiet_option
def diff_cmd(old, new, as_json, quiet):
    """Compare two releases and state the version step the changes need (docs/versioning.md)."""
    from corpus.release import archive
    from corpus.release.diff import diff

    @friendly
    def run():
        d = diff(archive.read_release(old)[1], archive.read_release(new)[1])
        if as_json:
            print_json(d.to_dict())
            return
        if not quiet:
            for c in d.changes:
                click.echo(c.format())
        click.echo(f"needed version step: {d.needed}")

    run()


def register(group) -> None:
    for cmd in (release_cmd, verify_cmd, diff_cmd):
        group.add_command(cmd)
