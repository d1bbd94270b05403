"""`corpus build`, `corpus validate` and `corpus catalog`: thin wrappers over build/validate/catalog."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from corpus.cli.common import friendly, json_option, note, out_option, print_json, problem, quiet_option


def _summary_table(report) -> str:
    t = report.totals()
    rows = [
        ("documents", f"{t['documents_ok']} ok / {t['documents']}"),
        ("blocks", t["blocks"]),
        ("paragraphs", t["paragraphs"]),
        ("comments", t["comments"]),
        ("annotations", t["annotations"]),
        ("removed lines", t["removed_lines"]),
    ]
    rows += [(f"  removed by {rule}", n) for rule, n in t["removed_by_rule"].items()]
    rows.append(("validation", "all valid" if report.ok else f"{t['documents_failed']} FAILED"))
    width = max(len(r[0]) for r in rows)
    return "\n".join(f"{name.ljust(width)}  {value}" for name, value in rows)


@click.command()
@click.option("--seeds", "seeds_dir", default="seeds", show_default=True, type=click.Path(file_okay=False),
              help="Folder with the raw seeds and catalog.json.")
@out_option("build", "Where json/, tei/, txt/ and report.json are written.")
@click.option("--annotations", "annotations_dir", default=None, type=click.Path(file_okay=False),
              help="Stand-off annotations to carry into the TEI [default: ./annotations, else annotations/ "
                   "beside the seeds folder, if present].")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
@click.option("--keep-going", is_flag=True, help="Build the other documents when one fails (the exit code still says it failed).")
@click.option("--no-site-profiles", is_flag=True, help="Clean with the generic profile only.")
@click.option("--tei-all", is_flag=True, help="Also validate every TEI file against the official tei_all.rng (TEI P5 4.8.0, shipped with corpus).")
@click.option("--config", "config_path", default=None, type=click.Path(dir_okay=False),
              help="Corpus metadata [default: ./corpus.json, else corpus.json beside the seeds folder].")
@click.option("--follow-symlinks", is_flag=True, help="Read seeds that are symbolic links (refused by default).")
@quiet_option
@json_option
@friendly
def build(seeds_dir, out_dir, annotations_dir, jobs, keep_going, no_site_profiles, tei_all, config_path,
          follow_symlinks, quiet, as_json):
    """Clean, split, validate and export every catalogued seed into OUT (json/ and tei/)."""
    from corpus.build import run as b
    from corpus.project import catalog
    from corpus.project import config

    if config_path is None:
        beside = Path(seeds_dir).resolve().parent / config.CONFIG_NAME
        config_path = config.CONFIG_NAME if Path(config.CONFIG_NAME).is_file() or not beside.is_file() else beside
    cfg = config.load_dict(config_path)

    seeds = catalog.load(seeds_dir)
    for message in catalog.seed_files(seeds_dir)[1]:
        problem(f"warning: {message}")
    extra = catalog.unlisted(seeds_dir, seeds)
    if extra:
        problem(f"warning: {seeds_dir}: not in catalog.json, not built: {', '.join(extra)} "
                f"(run `corpus catalog --add` to include them)")
    if annotations_dir is None:
        beside = Path(seeds_dir).resolve().parent / "annotations"
        annotations_dir = "annotations" if Path("annotations").is_dir() or not beside.is_dir() else str(beside)
    ann = annotations_dir if Path(annotations_dir).is_dir() else None
    failures = []

    def remember_failure(res):
        if not res.ok:
            failures.append(res)

    show_bar = not quiet and not as_json and sys.stderr.isatty()
    kwargs = dict(annotations_dir=ann, config=cfg, jobs=jobs, keep_going=keep_going, site_profiles=not no_site_profiles,
                  tei_all=tei_all, seeds=seeds, follow_symlinks=follow_symlinks)
    if show_bar:
        with click.progressbar(length=len(seeds), label="building", file=sys.stderr) as bar:
            def progress(res):
                remember_failure(res)
                bar.update(1)
            report = b.build_corpus(seeds_dir, out_dir, progress=progress, **kwargs)
    else:
        report = b.build_corpus(seeds_dir, out_dir, progress=remember_failure, **kwargs)
    for res in failures:
        problem(f"error: {res.error}")
        for p in res.problems[:20]:
            problem(f"  {p}")
        if len(res.problems) > 20:
            problem(f"  ... and {len(res.problems) - 20} more")
    for res in report.documents:
        for w in res.warnings:
            problem(f"warning: {w}")
        if res.ok and ann and not as_json:
            note(f"{res.doc_id}: annotations exported from {res.annotation_file} ({res.annotations})"
                 if res.annotation_file else f"{res.doc_id}: no annotations exported", quiet)
    if as_json:
        print_json(report.to_dict())
    elif not quiet:
        click.echo(_summary_table(report))
        note(f"written to {out_dir}/ (json/, tei/, txt/, report.json)")
    if not report.ok or len(report.documents) < len(seeds):
        if not keep_going and len(report.documents) < len(seeds):
            problem(f"stopped after the first failure; {len(seeds) - len(report.documents)} documents not built "
                    f"(use --keep-going to build the rest)")
        sys.exit(1)


@click.command()
@click.argument("build_dir", default="build", type=click.Path(file_okay=False))
@click.option("--seeds", "seeds_dir", default="seeds", show_default=True, type=click.Path(file_okay=False),
              help="Check spans against these raw seeds.")
@click.option("--tei-all", is_flag=True, help="Also validate TEI against the official tei_all.rng (TEI P5 4.8.0, shipped with corpus).")
@quiet_option
@json_option
@friendly
def validate(build_dir, seeds_dir, tei_all, quiet, as_json):
    """Validate a build: document JSON (schema + semantic checks) and TEI files."""
    from corpus.document import validate as v
    from corpus.errors import InputError

    root = Path(build_dir)
    jsons = sorted((root / "json").glob("*.json"))
    if not jsons:
        raise InputError(str(root / "json"), "no document JSON files to validate", hint="run `corpus build` first")
    n_bad = 0
    found: dict[str, list[str]] = {}
    for p in jsons:
        probs = [pr.format() for pr in v.validate_file(p, seeds_dir if Path(seeds_dir).is_dir() else None)]
        found[str(p)] = probs
        n_bad += bool(probs)
    teis = sorted((root / "tei").glob("*.xml"))
    if teis:
        from corpus.tei import validate as teivalidate

        for p in teis:
            errs = teivalidate.validate_tei(p.read_bytes(), str(p), tei_all=tei_all)
            found[str(p)] = errs
            n_bad += bool(errs)
    from corpus.build import complete

    incomplete = complete.problems(root, seeds_dir)
    if as_json:
        print_json({"documents": len(jsons), "tei_files": len(teis), "invalid": n_bad,
                    "problems": {k: v for k, v in found.items() if v}, "incomplete": incomplete})
    else:
        for probs in found.values():
            for pr in probs:
                problem(pr)
        for pr in incomplete:
            problem(pr)
        click.echo(f"{len(jsons)} documents, {len(teis)} TEI files: " + ("all valid" if not n_bad else f"{n_bad} invalid")
                   + (f"; the build is incomplete ({len(incomplete)} problem(s))" if incomplete else ""))
    if n_bad or incomplete:
        sys.exit(1)


@click.command("catalog")
@click.option("--seeds", "seeds_dir", default="seeds", show_default=True, type=click.Path(file_okay=False))
@click.option("--init", is_flag=True, help="Create catalog.json from the raw files: .txt, .html/.htm, .warc/.warc.gz (refuses to overwrite).")
@click.option("--add", is_flag=True, help="Add raw files (.txt, .html/.htm, .warc/.warc.gz) that are not yet listed.")
@quiet_option
@json_option
@friendly
def catalog_cmd(seeds_dir, init, add, quiet, as_json):
    """Check the seeds against their catalog (SHA-256), or create/extend it."""
    from corpus.project import catalog
    from corpus.errors import ConfigError

    path = Path(seeds_dir) / catalog.CATALOG_NAME
    for message in catalog.seed_files(seeds_dir)[1]:
        problem(f"warning: not catalogued: {message}")
    if init:
        if path.exists():
            raise ConfigError(str(path), "already exists", hint="use --add to list new seeds")
        listed = catalog.scan(seeds_dir)
        catalog.write(seeds_dir, listed)
        if as_json:
            print_json({"action": "init", "catalog": str(path), "added": [s.file for s in listed]})
        else:
            click.echo(f"wrote {path}")
        return
    seeds = catalog.load(seeds_dir)
    if add:
        new = [s for s in catalog.scan(seeds_dir) if s.file in set(catalog.unlisted(seeds_dir, seeds))]
        catalog.write(seeds_dir, seeds + new)
        if as_json:
            print_json({"action": "add", "catalog": str(path), "added": [s.file for s in new]})
        else:
            click.echo(f"added {len(new)} seeds to {path}")
        return
    for s in seeds:
        catalog.verify(seeds_dir, s)
    extra = catalog.unlisted(seeds_dir, seeds)
    if as_json:
        print_json({"action": "check", "catalog": str(path), "match": [s.file for s in seeds], "unlisted": extra})
    else:
        click.echo(f"{len(seeds)} seeds match their SHA-256" + (f"; not listed: {', '.join(extra)}" if extra else ""))


def register(group):
    group.add_command(build)
    group.add_command(validate)
    group.add_command(catalog_cmd)
