"""`corpus annotate ...`: make hand-editing stand-off annotation files safe."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from corpus.cli.common import friendly, json_option, note, print_json, problem, quiet_option


def root_option(fn):
    return click.option("--root", "root", type=click.Path(file_okay=False, path_type=Path), default=None,
                        help="The project folder (with corpus.json, seeds/, annotations/) [default: the one "
                             "holding FILE, else the current folder or the nearest one above it].")(fn)


def _root(root=None, start=None) -> Path:
    from corpus.standoff.docs import check_root, project_root
    return check_root(root) if root is not None else project_root(start if start is not None else Path.cwd())


def _doc_for_file(path: Path, af=None, root=None):
    """The file's document as its current seed makes it (never a possibly stale build)."""
    from corpus.standoff.docs import check_name, load_document
    doc_id = af.document if af is not None else check_name(path.resolve().parent.name, "document id (the folder name)",
                                                           str(path))
    return load_document(doc_id, _root(root, path.parent if root is None else None))


def _registry(path: Path):
    from corpus.standoff import io
    p = io.registry_path(path)
    return io.load_registry(p) if p.exists() else None


def _save(path: Path, af, dt) -> None:
    """Write an annotation file and keep the text its offsets index (annotations/.texts/)."""
    from corpus.standoff import io, texts
    texts.save(texts.store_for(path), texts.layout_of(dt.doc))
    io.save_file(path, af, overwrite=True)


def _current(file: Path, af, dt) -> None:
    from corpus.errors import ValidationError
    if af.text_sha256 != dt.sha256:
        raise ValidationError(str(file), "the document text changed since this file was made",
                              hint=f"run `corpus annotate reanchor {file} --write` first")


@click.group("annotate")
def annotate():
    """Stand-off annotations: annotations/<doc-id>/<annotator>.json (see docs/annotation-guidelines.md)."""


@annotate.command("template")
@click.argument("doc_id")
@click.option("--annotator", default="lead", show_default=True, help="annotator id (the file name)")
@root_option
@json_option
@quiet_option
def template(doc_id, annotator, root, as_json, quiet):
    """List DOC_ID's blocks (id, role, text) and create an empty annotation file if there is none."""
    from corpus.standoff import edit
    from corpus.standoff import io
    from corpus.standoff.docs import check_name, load_document

    @friendly
    def run():
        check_name(doc_id, "document id", "DOC_ID")
        check_name(annotator, "annotator", "--annotator")
        root_dir = _root(root)
        doc = load_document(doc_id, root_dir)
        blocks = [(None, b) for b in doc.article] + [(c.id, b) for c in doc.comments for b in c.blocks]
        path = root_dir / "annotations" / doc.id / f"{annotator}.json"
        created = not path.exists()
        if created:
            from corpus.standoff import texts
            texts.save(texts.store_for(path), texts.layout_of(doc))
            io.save_file(path, edit.new_file(doc, annotator), overwrite=False)
        if as_json:
            print_json({"document": doc.id, "file": str(path), "created": created,
                        "blocks": [{"id": b.id, "role": b.role, "comment": c_id, "text": b.text} for c_id, b in blocks]})
            return
        for c_id, b in blocks:
            click.echo(f"{b.id}\t{b.role}{' (' + c_id + ')' if c_id else ''}\t{b.text}")
        note(f"# wrote {path}" if created else f"# {path} exists: left unchanged", quiet)
    run()


@annotate.command("add")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--type", "type_", required=True, help="PER ORG GPE LOC DATE TIME QUOTE STANCE")
@click.option("--quote", help="the exact words; the tool finds the offsets")
@click.option("--comment", "comment_id", help="a whole reader comment (e.g. c1), for its STANCE; instead of --quote")
@click.option("--block", help="look only in this block")
@click.option("--occurrence", type=int, help="1-based choice when the quote occurs several times")
@click.option("--prefix", help="text right before the quote, to choose an occurrence")
@click.option("--suffix", help="text right after the quote, to choose an occurrence")
@click.option("--attr", "attrs", multiple=True, help="k=v, e.g. ref=baghdad, when=2021-12-31, speaker=a0003, stance=neutral")
@click.option("--note", "note_text")
@root_option
@json_option
@quiet_option
def add(file, type_, quote, comment_id, block, occurrence, prefix, suffix, attrs, note_text, root, as_json, quiet):
    """Add an annotation to FILE by quoting the text, or a STANCE on a whole comment (FILE is created
    if absent).  It is checked exactly as `check` would check it before anything is written."""
    from corpus.errors import ValidationError
    from corpus.standoff import edit
    from corpus.standoff import io
    from corpus.standoff.anchor import DocText, comment_target, find
    from corpus.standoff.docs import check_name, confine
    from corpus.standoff.model import TYPES

    @friendly
    def run():
        confine(file, "the annotation file")
        if not file.exists():
            check_name(file.stem, "annotator (the file name)", str(file))
        if type_ not in TYPES:
            raise ValidationError("--type", f"unknown type {type_!r}", hint="one of " + ", ".join(TYPES))
        if (quote is None) == (comment_id is None):
            raise ValidationError("add", "give either --quote (the words) or --comment (a whole comment, for a STANCE)",
                                  hint="e.g. --quote \"بغداد\" or --type STANCE --comment c1 --attr stance=neutral")
        if comment_id is not None and type_ != "STANCE":
            raise ValidationError("--comment", f"--comment spans a whole reader comment, which only a STANCE does",
                                  hint="use --type STANCE, or --quote for a name, date or quotation")
        attributes = {}
        for kv in attrs:
            if "=" not in kv:
                raise ValidationError("--attr", f"{kv!r} is not k=v", hint="write e.g. --attr ref=baghdad")
            k, v = kv.split("=", 1)
            attributes[k.strip()] = v.strip()
        af = io.load_file(file) if file.exists() else None
        doc = _doc_for_file(file, af, root)
        dt = DocText(doc)
        if af is None:
            af = edit.new_file(doc, file.stem)
        _current(file, af, dt)
        if comment_id is not None:
            target = comment_target(dt, comment_id)
        else:
            target = find(dt, quote, block=block, occurrence=occurrence, prefix=prefix, suffix=suffix, where=str(file))
        new, ann = edit.add(af, dt, type_, target, attributes, note_text)
        _commit(file, new, ann, dt, "added", as_json)
    run()


def _commit(file: Path, new, ann, dt, verb: str, as_json: bool) -> None:
    """Write an edited file only if the edited annotation checks as `annotate check` would; print it."""
    from corpus.errors import ValidationError
    from corpus.standoff import check

    problems = check.check_new(new, ann.id, dt.doc, _registry(file), str(file))
    if problems:
        raise ValidationError(str(file), "; ".join(p.message for p in problems) + "; nothing written",
                              hint=problems[0].hint)
    _save(file, new, dt)
    t = ann.target
    if as_json:
        print_json({"file": str(file), verb: ann.to_dict()})
    else:
        click.echo(f"{ann.id} {ann.type} {t.block}:{t.start}-{t.end} {t.quote}")


@annotate.command("remove")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("ann_id", metavar="ID")
@root_option
@json_option
@quiet_option
def remove_(file, ann_id, root, as_json, quiet):
    """Remove annotation ID from FILE (nothing else changes)."""
    from corpus.errors import ValidationError
    from corpus.standoff import edit
    from corpus.standoff import io

    @friendly
    def run():
        af = io.load_file(file)
        new, gone = edit.remove(af, ann_id, str(file))
        users = [a.id for a in new.annotations if a.attributes.get("speaker") == ann_id]
        if users:
            raise ValidationError(str(file), f"{ann_id} is the speaker of {', '.join(users)}; nothing removed",
                                  hint="point their speaker elsewhere (or remove them) first")
        io.save_file(file, new, overwrite=True)
        if as_json:
            print_json({"file": str(file), "removed": gone.to_dict()})
        else:
            click.echo(f"removed {gone.id} {gone.type} {gone.target.quote}")
    run()


@annotate.command("move")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("ann_id", metavar="ID")
@click.option("--quote", help="the words to put it on [default: its current quote]")
@click.option("--block", help="look only in this block")
@click.option("--occurrence", type=int, help="1-based choice when the quote occurs several times")
@click.option("--prefix", help="text right before the quote, to choose an occurrence")
@click.option("--suffix", help="text right after the quote, to choose an occurrence")
@click.option("--accept", is_flag=True, help="confirm the place `reanchor` proposed for a moved/fuzzy annotation")
@root_option
@json_option
@quiet_option
def move_(file, ann_id, quote, block, occurrence, prefix, suffix, accept, root, as_json, quiet):
    """Put annotation ID on other words (by quote and occurrence, never by offsets), or --accept the
    place re-anchoring proposed; either clears its re-anchoring status."""
    from corpus.errors import ValidationError
    from corpus.standoff import edit
    from corpus.standoff import io
    from corpus.standoff.anchor import DocText, find

    @friendly
    def run():
        af = io.load_file(file)
        dt = DocText(_doc_for_file(file, af, root))
        _current(file, af, dt)
        if accept:
            if any(x is not None for x in (quote, block, occurrence, prefix, suffix)):
                raise ValidationError("--accept", "--accept takes the proposed place; it cannot be combined with "
                                      "--quote/--block/--occurrence/--prefix/--suffix", hint="use one or the other")
            new, ann = edit.accept(af, ann_id, dt, str(file))
        else:
            old = af.by_id().get(ann_id)
            q = quote if quote is not None else (old.target.quote if old else "")
            target = find(dt, q, block=block, occurrence=occurrence, prefix=prefix, suffix=suffix, where=str(file))
            new, ann = edit.move(af, ann_id, target, str(file))
        _commit(file, new, ann, dt, "moved", as_json)
    run()


@annotate.command("list")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@root_option
@json_option
@quiet_option
def list_(file, root, as_json, quiet):
    """List FILE's annotations in reading order with their text."""
    from corpus.standoff import edit
    from corpus.standoff import io
    from corpus.standoff.anchor import DocText

    @friendly
    def run():
        af = io.load_file(file)
        dt = DocText(_doc_for_file(file, af, root))
        ordered = edit.in_reading_order(af, dt)
        if as_json:
            print_json({"file": str(file), "document": af.document, "annotations": [a.to_dict() for a in ordered]})
            return
        for a in ordered:
            t = a.target
            pos = f"{t.block}:{t.start}-{t.end}" if not t.end_block else f"{t.block}:{t.start}-{t.end_block}:{t.end}"
            attrs = " ".join(f"{k}={v}" for k, v in sorted(a.attributes.items()))
            click.echo(f"{a.id}\t{a.type}\t{pos}\t{t.quote}" + (f"\t{attrs}" if attrs else "")
                       + (f"\t[{a.status}]" if a.status else ""))
    run()


@annotate.command("check")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@root_option
@json_option
@quiet_option
def check_(files, root, as_json, quiet):
    """Check annotation files (default: every annotations/*/*.json); exit 1 on any error."""
    from corpus.standoff import check
    from corpus.standoff import io

    @friendly
    def run():
        root_dir = _root(root) if root is not None or not files else None
        paths = list(files) or sorted(p for p in (root_dir / "annotations").glob("*/*.json")
                                      if not p.name.endswith(".conflicts.json") and not p.parent.name.startswith("."))
        issues = []
        reg = (root_dir or Path.cwd()) / "annotations" / "entities.json"
        if not files and reg.exists():
            try:
                io.load_registry(reg)
            except Exception as exc:  # CorpusError
                issues.append(check.Issue(str(reg), None, getattr(exc, "message", str(exc)), "fix the registry"))
        for p in paths:
            issues.extend(check.check_file(p, root=root_dir, require_text=True))
        if as_json:
            print_json({"files": [str(p) for p in paths], "errors": [i.format() for i in issues]})
        else:
            for i in issues:
                problem(i.format())
            if not quiet or issues:
                click.echo(f"{len(paths)} file(s), {len(issues)} error(s)")
        if issues:
            sys.exit(1)
    run()


@annotate.command("reanchor")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--write", is_flag=True, help="rewrite FILE: new positions, and a status on every annotation not exactly placed")
@root_option
@json_option
@quiet_option
def reanchor_(file, write, root, as_json, quiet):
    """Re-anchor FILE's annotations in the current text of their document (made from its seed now).

    Each is mapped through a character diff from the text it was anchored to (annotations/.texts/)
    and accepted only on the same words with the same context (unchanged, shifted); every other
    one is reported moved/fuzzy/ambiguous/orphaned and, with --write, marked so in the file.
    Exit 1 when any annotation is not exactly placed."""
    from corpus.standoff import io
    from corpus.standoff import reanchor
    from corpus.standoff import texts
    from corpus.standoff.anchor import DocText

    from corpus.standoff.docs import confine

    @friendly
    def run():
        if write:
            confine(file, "the annotation file")
        af = io.load_file(file)
        dt = DocText(_doc_for_file(file, af, root))
        new, outcomes = reanchor.reanchor(af, dt, texts.loader(texts.store_for(file)))
        s = reanchor.summary(outcomes)
        if write:
            _save(file, new, dt)
        if as_json:
            print_json({"file": str(file), "written": bool(write), "summary": s,
                        "outcomes": [o.to_dict() for o in outcomes if o.status != "unchanged"]})
        else:
            for o in outcomes:
                if o.status != "unchanged":
                    (click.echo if o.exact else problem)(o.describe())
            click.echo(", ".join(f"{v} {k}" for k, v in s.items()))
            if write:
                note(f"wrote {file}", quiet)
            elif new != af:
                note("dry run: nothing written (use --write)", quiet)
            if reanchor.flagged(outcomes):
                note(f"flagged annotations are not exported until confirmed (`corpus annotate move ID --accept`) or "
                     f"placed (`corpus annotate move ID --quote ... --occurrence N`)", quiet)
        if reanchor.flagged(outcomes):
            sys.exit(1)
    run()


def _pair(a: Path, b: Path, root=None):
    """Two annotation files of one document, both made against its current text, and that text."""
    from corpus.errors import ValidationError
    from corpus.standoff import io
    from corpus.standoff.anchor import DocText

    fa, fb = io.load_file(a), io.load_file(b)
    if fa.document != fb.document:
        raise ValidationError(str(b), f"documents differ: {fa.document} vs {fb.document}",
                              hint="give two files of the same document")
    dt = DocText(_doc_for_file(a, fa, root))
    for f, p in ((fa, a), (fb, b)):
        if f.text_sha256 != dt.sha256:
            raise ValidationError(str(p), "made against another version of the text",
                                  hint=f"run `corpus annotate reanchor {p} --write`")
    return fa, fb, dt


@annotate.command("agree")
@click.argument("a", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("b", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@root_option
@json_option
@quiet_option
def agree_(a, b, root, as_json, quiet):
    """Agreement of two annotators of the same document (A is the reference)."""
    from corpus.standoff import agree

    @friendly
    def run():
        fa, fb, dt = _pair(a, b, root)
        r = agree.agreement(fa, fb, dt)
        if as_json:
            print_json(r)
        else:
            click.echo(agree.format_report(r))
    run()


@annotate.command("merge")
@click.argument("a", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("b", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="gold file")
@click.option("--conflicts", "conflicts_path", type=click.Path(dir_okay=False, path_type=Path),
              help="where the conflicts go [default: curation/<doc-id>/<gold>.conflicts.json in the project, "
                   "outside annotations/]")
@click.option("--force", is_flag=True, help="overwrite an existing gold/conflicts file")
@root_option
@json_option
@quiet_option
def merge_(a, b, output, conflicts_path, force, root, as_json, quiet):
    """Gold from two annotators: agreed annotations to OUTPUT, the rest to a conflicts file outside
    annotations/ (so it is never taken for an annotator's file)."""
    from corpus import jsonio
    from corpus.errors import ValidationError
    from corpus.standoff import merge

    from corpus.standoff.docs import check_name, confine

    @friendly
    def run():
        confine(output, "the gold file (-o)")
        check_name(output.stem, "gold annotator (the -o file name)", str(output))
        fa, fb, dt = _pair(a, b, root)
        gold, conflicts = merge.merge(fa, fb, dt, gold_annotator=output.stem)
        cpath = conflicts_path or (_root(root, a.parent if root is None else None) / "curation" / fa.document
                                   / f"{output.stem}.conflicts.json")
        confine(cpath, "the conflicts file (--conflicts)")
        if "annotations" in cpath.resolve().parent.parts[-2:]:
            raise ValidationError(str(cpath), "conflicts must not go into annotations/ (they would be read as "
                                  "an annotator's file)", hint="choose a path outside annotations/ with --conflicts")
        for p in (output, cpath):
            if p.exists() and not force:
                raise ValidationError(str(p), "exists; nothing written", hint="pass --force to overwrite it")
        _save(output, gold, dt)
        jsonio.write_json(cpath, {"document": fa.document, "conflicts": conflicts})
        if as_json:
            print_json({"gold": str(output), "agreed": len(gold.annotations), "conflicts_file": str(cpath),
                        "conflicts": len(conflicts)})
        else:
            click.echo(f"{len(gold.annotations)} agreed annotation(s) -> {output}; {len(conflicts)} conflict(s) -> {cpath}")
            note("the build exports the first file named in corpus.json annotations.export; check which one it "
                 "reports for this document", quiet)
    run()


def register(group):
    group.add_command(annotate)
