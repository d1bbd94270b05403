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


def seeds_argument(fn):
    """SEEDS as an argument, with --seeds kept as an alias for scripts written before."""
    fn = click.option("--seeds", "seeds_opt", default=None, type=click.Path(file_okay=False),
                      help="Same as the SEEDS argument (kept for older scripts).")(fn)
    return click.argument("seeds_arg", metavar="[SEEDS]", required=False, type=click.Path(file_okay=False))(fn)


def pick_seeds(seeds_arg, seeds_opt):
    if seeds_arg and seeds_opt and Path(seeds_arg).resolve() != Path(seeds_opt).resolve():
        raise click.UsageError(f"two seeds folders given: {seeds_arg} and --seeds {seeds_opt}; give one")
    return seeds_arg or seeds_opt


def shown(path) -> str:
    """A path as the person typed it would read: relative to the current folder when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve())) or "."
    except ValueError:
        return str(p)


def locate(seeds, config_path):
    """(corpus.json, project root, seeds folder) by the one rule of corpus.project.config.find."""
    from corpus.project import config

    cfg_file = config.find(seeds, explicit=config_path)
    root = cfg_file.resolve().parent
    seeds_dir = Path(seeds) if seeds else root / "seeds"
    if not seeds_dir.is_dir():
        from corpus.errors import InputError

        raise InputError(str(seeds_dir), "no seeds folder" + ("" if seeds else f" in the project root {root}"),
                         hint="put your pages in the project's seeds/ folder, or name the folder: corpus build FOLDER")
    return cfg_file, root, seeds_dir


def what_was_written(report, out_dir) -> str:
    ok = [d for d in report.documents if d.ok]
    out = shown(out_dir)
    msg = (f"wrote {len(ok)} document{'s' if len(ok) != 1 else ''} to {out}/json/, {out}/tei/ and {out}/txt/, "
           f"and {out}/report.json")
    removed = [r for d in report.documents for r in d.removed]
    if removed:
        msg += f"; removed stale output of failed documents: {', '.join(removed)}"
    if report.pruned:
        msg += f"; removed output of documents no longer in the seeds: {', '.join(report.pruned)}"
    return msg


@click.command()
@seeds_argument
@out_option(None, "Where json/, tei/, txt/ and report.json are written [default: build/ in the project root]: "
                  "a folder, or an fsspec URL (s3://bucket/corpus, needs corpus[dask] and the store's fsspec package).")
@click.option("--annotations", "annotations_dir", default=None, type=click.Path(file_okay=False),
              help="Stand-off annotations to carry into the TEI [default: annotations/ in the project root, if present].")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
@click.option("--keep-going", is_flag=True, help="Build the other documents when one fails (the exit code still says it failed).")
@click.option("--no-site-profiles", is_flag=True, help="Clean with the generic profile only.")
@click.option("--tei-all", is_flag=True, help="Also validate every TEI file against the official tei_all.rng (TEI P5 4.8.0, shipped with corpus).")
@click.option("--config", "config_path", default=None, type=click.Path(dir_okay=False),
              help="Corpus metadata [default: the first corpus.json in SEEDS or a folder above it, else in the "
                   "current folder or a folder above it].")
@click.option("--follow-symlinks", is_flag=True, help="Read seeds that are symbolic links (refused by default).")
@click.option("--durability", type=click.Choice(["file", "build"]), default="file", show_default=True,
              help="fsync every file before its rename (file), or sync once when the build ends (build); "
                   "both write atomically (docs/scaling.md).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run on local worker processes, or on Dask (a LocalCluster of --jobs workers unless --scheduler; "
                   "needs corpus[dask]).")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT",
              help="Run on the Dask cluster at this scheduler address (implies --engine dask).")
@quiet_option
@json_option
@friendly
def build(seeds_arg, seeds_opt, out_dir, annotations_dir, jobs, keep_going, no_site_profiles, tei_all, config_path,
          follow_symlinks, durability, engine, scheduler, quiet, as_json):
    """Clean, split, validate and export every page in SEEDS into OUT (json/, tei/ and txt/).

    SEEDS defaults to seeds/ in the project root, the folder of corpus.json (found in SEEDS or a folder
    above it, else in the current folder or a folder above it). Pages are listed in SEEDS/catalog.json
    with their SHA-256; without a catalog every page in the folder is built and its SHA-256 recorded."""
    from corpus.build import run as b
    from corpus.project import catalog
    from corpus.project import config

    cfg_file, root, seeds_dir = locate(pick_seeds(seeds_arg, seeds_opt), config_path)
    cfg = config.load_dict(cfg_file)
    out_dir = out_dir or str(root / "build")
    seeds, found, catalogued = catalog.pages_to_build(seeds_dir)
    if catalogued:
        listed = {s.file for s in seeds}
        extra = [s.file for s in found.pages if s.file not in listed]
        if extra:
            problem(f"warning: {shown(seeds_dir)}: not in catalog.json, not built: {', '.join(extra)} "
                    f"(run `corpus catalog {shown(seeds_dir)} --update` to include them)")
        for line in [p for p in found.problems() if p.split(":", 1)[0] not in listed]:
            problem(f"warning: {shown(seeds_dir)}/{line} (not in catalog.json, not built)")
    else:
        note(f"no catalog.json in {shown(seeds_dir)}: building all {len(seeds)} page{'s' if len(seeds) != 1 else ''} there; the SHA-256 of each "
             f"is recorded in report.json and in each document's JSON (source.sha256). "
             f"`corpus catalog {shown(seeds_dir)} --init` pins them.", quiet or as_json)
    skipped = found.skipped_line()
    if not seeds:
        from corpus.errors import InputError

        raise InputError(str(seeds_dir), "no pages to build" + (f"; {skipped}" if skipped else " (the folder is empty)"),
                         hint=f"put your pages ({', '.join(catalog.READ_SUFFIXES)}) in {shown(seeds_dir)}")
    if skipped:
        problem(f"warning: {shown(seeds_dir)}: {skipped}")
    for message in catalog.seed_files(seeds_dir)[1]:
        problem(f"warning: {message}")
    if annotations_dir is None:
        annotations_dir = str(root / "annotations")
    # an empty annotations/ (as `corpus init` makes it) means no annotations yet: nothing to report per document
    ann = annotations_dir if Path(annotations_dir).is_dir() and any(Path(annotations_dir).iterdir()) else None
    failures = []

    def remember_failure(res):
        if not res.ok:
            failures.append(res)

    show_bar = not quiet and not as_json and sys.stderr.isatty()
    kwargs = dict(annotations_dir=ann, config=cfg, jobs=jobs, keep_going=keep_going, site_profiles=not no_site_profiles,
                  tei_all=tei_all, seeds=seeds, follow_symlinks=follow_symlinks, durability=durability,
                  engine=engine, scheduler=scheduler)
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
        print_json({**report.to_dict(), "catalogued": catalogued, "skipped": found.skipped,
                    "not_catalogued": [s.file for s in found.pages if catalogued and s.file not in {x.file for x in seeds}]})
    elif not quiet:
        click.echo(_summary_table(report))
        note(what_was_written(report, out_dir))
    if not report.ok or len(report.documents) < len(seeds):
        if not keep_going and len(report.documents) < len(seeds):
            problem(f"stopped after the first failure; {len(seeds) - len(report.documents)} documents not built "
                    f"(use --keep-going to build the rest)")
        sys.exit(1)


@click.command()
@click.argument("build_dir", default=None, required=False, type=click.Path(file_okay=False))
@click.option("--seeds", "seeds_dir", default=None, type=click.Path(file_okay=False),
              help="Check spans against these raw seeds [default: seeds/ in the project root, if any].")
@click.option("--tei-all", is_flag=True, help="Also validate TEI against the official tei_all.rng (TEI P5 4.8.0, shipped with corpus).")
@quiet_option
@json_option
@friendly
def validate(build_dir, seeds_dir, tei_all, quiet, as_json):
    """Validate a build: document JSON (schema + semantic checks) and TEI files."""
    from corpus.document import validate as v
    from corpus.errors import InputError

    if build_dir is None or seeds_dir is None:
        from corpus.errors import ConfigError
        from corpus.project import config

        try:
            project_root = config.find().resolve().parent
        except ConfigError:
            project_root = Path(".")
        build_dir = build_dir or str(project_root / "build")
        seeds_dir = seeds_dir or str(project_root / "seeds")
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


def default_seeds(seeds):
    """The seeds folder named, else seeds/ in the project root (the folder of corpus.json)."""
    if seeds:
        return Path(seeds)
    from corpus.project import config

    return Path(shown(config.find().resolve().parent / "seeds"))


@click.command("catalog")
@seeds_argument
@click.option("--init", is_flag=True, help="Create catalog.json from the pages in SEEDS: .txt, .html/.htm, .warc/.warc.gz (refuses to overwrite).")
@click.option("--update", is_flag=True, help="Add new pages, re-hash changed ones, drop missing ones; report each change.")
@click.option("--add", is_flag=True, help="Only add pages that are not yet listed.")
@quiet_option
@json_option
@friendly
def catalog_cmd(seeds_arg, seeds_opt, init, update, add, quiet, as_json):
    """Check the pages in SEEDS against SEEDS/catalog.json (SHA-256), or create/update it.

    Every file is accounted for: catalogued pages, empty or unreadable pages (named), and files the
    build does not read (listed as skipped)."""
    from corpus.build.run import refuse_id_collisions
    from corpus.errors import ConfigError, InputError
    from corpus.project import catalog

    if init + update + add > 1:
        raise click.UsageError("give one of --init, --update, --add")
    seeds_dir = default_seeds(pick_seeds(seeds_arg, seeds_opt))
    path = seeds_dir / catalog.CATALOG_NAME
    found = catalog.survey(seeds_dir)
    result = {"catalog": str(path), **found.to_dict()}
    for message in catalog.seed_files(seeds_dir)[1]:
        problem(f"warning: not catalogued: {message}")
    if init or update or add:
        if init:
            if path.exists():
                raise ConfigError(str(path), "already exists", hint=f"use `corpus catalog {shown(seeds_dir)} --update`")
            if not found.pages:
                raise InputError(str(seeds_dir), "no pages to catalog" + (f"; {found.skipped_line()}" if found.skipped else "")
                                 + "".join(f"; {p}" for p in found.problems()),
                                 hint=f"put your pages ({', '.join(catalog.READ_SUFFIXES)}) in {seeds_dir}")
            upd = catalog.update([], found)
        else:
            upd = catalog.update(catalog.load(seeds_dir), found, rehash=update)
        refuse_id_collisions(upd.seeds, seeds_dir)  # before writing: a catalog the build refuses helps no one
        if upd.changed:
            catalog.write(seeds_dir, upd.seeds)
        result.update(action="init" if init else "update" if update else "add", **upd.to_dict())
        if as_json:
            print_json(result)
        else:
            if not quiet and not init:
                for line in upd.lines():
                    click.echo(line)
            if init:
                click.echo(f"wrote {shown(path)}: {len(upd.seeds)} page{'s' if len(upd.seeds) != 1 else ''}")
            elif upd.changed:
                click.echo(f"updated {shown(path)}: {len(upd.added)} added, {len(upd.rehashed)} re-hashed, "
                           f"{len(upd.dropped)} dropped, {upd.unchanged} unchanged")
            else:
                click.echo(f"{shown(path)} unchanged ({upd.unchanged} pages)")
        seeds = upd.seeds
    else:
        seeds = catalog.load(seeds_dir)
        for s in seeds:
            catalog.verify(seeds_dir, s)
        listed = {s.file for s in seeds}
        extra = [s.file for s in found.pages if s.file not in listed]
        result.update(action="check", match=[s.file for s in seeds], unlisted=extra)
        if as_json:
            print_json(result)
        else:
            click.echo(f"{len(seeds)} seeds match their SHA-256" + (f"; not listed: {', '.join(extra)}" if extra else ""))
    bad = found.problems()
    for line in bad:
        problem(f"error: {shown(seeds_dir)}/{line}")
    if found.skipped and not as_json:
        problem(f"warning: {shown(seeds_dir)}: {found.skipped_line()}")
    refuse_id_collisions(seeds, seeds_dir)
    if bad:
        sys.exit(1)


def register(group):
    group.add_command(build)
    group.add_command(validate)
    group.add_command(catalog_cmd)
