"""`corpus annotate ...`: make hand-editing stand-off annotation files safe."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from corpus.cli.common import friendly, json_option, note, print_json, problem, quiet_option


def _root() -> Path:
    from corpus.standoff.docs import project_root
    return project_root(Path.cwd())


def _doc_for_file(path: Path, af=None):
    from corpus.standoff.docs import load_document, project_root
    doc_id = af.document if af is not None else path.resolve().parent.name
    return load_document(doc_id, project_root(path))


def _registry(path: Path):
    from corpus.standoff import io
    p = io.registry_path(path)
    return io.load_registry(p) if p.exists() else None


@click.group("annotate")
def annotate():
    """Stand-off annotations: annotations/<doc-id>/<annotator>.json (see docs/annotation-guidelines.md)."""


@annotate.command("template")
@click.argument("doc_id")
@click.option("--annotator", default="lead", show_default=True, help="annotator id (the file name)")
@json_option
@quiet_option
def template(doc_id, annotator, as_json, quiet):
    """List DOC_ID's blocks (id, role, text) and create an empty annotation file if there is none."""
    from corpus.standoff import edit
    from corpus.standoff import io
    from corpus.standoff.docs import load_document

    @friendly
    def run():
        root = _root()
        doc = load_document(doc_id, root)
        blocks = [(None, b) for b in doc.article] + [(c.id, b) for c in doc.comments for b in c.blocks]
        path = root / "annotations" / doc.id / f"{annotator}.json"
        created = not path.exists()
        if created:
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
@click.option("--quote", required=True, help="the exact words; the tool finds the offsets")
@click.option("--block", help="look only in this block")
@click.option("--occurrence", type=int, help="1-based choice when the quote occurs several times")
@click.option("--prefix", help="text right before the quote, to choose an occurrence")
@click.option("--suffix", help="text right after the quote, to choose an occurrence")
@click.option("--attr", "attrs", multiple=True, help="k=v, e.g. ref=baghdad, when=2021-12-31, speaker=a0003")
@click.option("--note", "note_text")
@json_option
@quiet_option
def add(file, type_, quote, block, occurrence, prefix, suffix, attrs, note_text, as_json, quiet):
    """Add an annotation to FILE by quoting the text (FILE is created if absent)."""
    from corpus.errors import ValidationError
    from corpus.standoff import check
    from corpus.standoff import edit
    from corpus.standoff import io
    from corpus.standoff.anchor import DocText, find
    from corpus.standoff.model import TYPES

    @friendly
    def run():
        if type_ not in TYPES:
            raise ValidationError("--type", f"unknown type {type_!r}", hint="one of " + ", ".join(TYPES))
        attributes = {}
        for kv in attrs:
            if "=" not in kv:
                raise ValidationError("--attr", f"{kv!r} is not k=v", hint="write e.g. --attr ref=baghdad")
            k, v = kv.split("=", 1)
            attributes[k.strip()] = v.strip()
        af = io.load_file(file) if file.exists() else None
        doc = _doc_for_file(file, af)
        dt = DocText(doc)
        if af is None:
            af = edit.new_file(doc, file.stem)
        if af.text_sha256 != dt.sha256:
            raise ValidationError(str(file), "the document text changed since this file was made",
                                  hint=f"run `corpus annotate reanchor {file} --write` first")
        target = find(dt, quote, block=block, occurrence=occurrence, prefix=prefix, suffix=suffix, where=str(file))
        new, ann = edit.add(af, dt, type_, target, attributes, note_text)
        problems = [i for i in check.check_data(new, doc, _registry(file), str(file)) if i.annotation == ann.id]
        if problems:
            raise ValidationError(str(file), "; ".join(p.message for p in problems), hint=problems[0].hint)
        io.save_file(file, new, overwrite=True)
        t = ann.target
        if as_json:
            print_json({"file": str(file), "added": ann.to_dict()})
        else:
            click.echo(f"{ann.id} {ann.type} {t.block}:{t.start}-{t.end} {t.quote}")
    run()


@annotate.command("list")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@json_option
@quiet_option
def list_(file, as_json, quiet):
    """List FILE's annotations in reading order with their text."""
    from corpus.standoff import edit
    from corpus.standoff import io
    from corpus.standoff.anchor import DocText

    @friendly
    def run():
        af = io.load_file(file)
        dt = DocText(_doc_for_file(file, af))
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
@json_option
@quiet_option
def check_(files, as_json, quiet):
    """Check annotation files (default: every annotations/*/*.json); exit 1 on any error."""
    from corpus.standoff import check
    from corpus.standoff import io

    @friendly
    def run():
        paths = list(files) or sorted(p for p in (_root() / "annotations").glob("*/*.json")
                                      if not p.name.endswith(".conflicts.json"))
        issues = []
        reg = _root() / "annotations" / "entities.json"
        if not files and reg.exists():
            try:
                io.load_registry(reg)
            except Exception as exc:  # CorpusError
                issues.append(check.Issue(str(reg), None, getattr(exc, "message", str(exc)), "fix the registry"))
        for p in paths:
            issues.extend(check.check_file(p))
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
@click.option("--write", is_flag=True, help="rewrite FILE with the new positions (unresolved ones get a status)")
@json_option
@quiet_option
def reanchor_(file, write, as_json, quiet):
    """Re-find FILE's annotations in the current document text; report moved/ambiguous/orphaned."""
    from corpus.standoff import io
    from corpus.standoff import reanchor
    from corpus.standoff.anchor import DocText

    @friendly
    def run():
        af = io.load_file(file)
        dt = DocText(_doc_for_file(file, af))
        new, outcomes = reanchor.reanchor(af, dt)
        s = reanchor.summary(outcomes)
        if write:
            io.save_file(file, new, overwrite=True)
        if as_json:
            print_json({"file": str(file), "written": bool(write), "summary": s,
                        "changed": [o.describe() for o in outcomes if o.status != "unchanged"]})
        else:
            for o in outcomes:
                if o.status != "unchanged":
                    click.echo(o.describe())
            click.echo(", ".join(f"{v} {k}" for k, v in s.items()))
            if write:
                note(f"wrote {file}", quiet)
            elif new != af:
                note("dry run: nothing written (use --write)", quiet)
        if s["ambiguous"] or s["orphaned"]:
            sys.exit(1)
    run()


def _pair(a: Path, b: Path):
    """Two annotation files of one document, both made against its current text, and that text."""
    from corpus.errors import ValidationError
    from corpus.standoff import io
    from corpus.standoff.anchor import DocText

    fa, fb = io.load_file(a), io.load_file(b)
    if fa.document != fb.document:
        raise ValidationError(str(b), f"documents differ: {fa.document} vs {fb.document}",
                              hint="give two files of the same document")
    dt = DocText(_doc_for_file(a, fa))
    for f, p in ((fa, a), (fb, b)):
        if f.text_sha256 != dt.sha256:
            raise ValidationError(str(p), "made against another version of the text",
                                  hint=f"run `corpus annotate reanchor {p} --write`")
    return fa, fb, dt


@annotate.command("agree")
@click.argument("a", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("b", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@json_option
@quiet_option
def agree_(a, b, as_json, quiet):
    """Agreement of two annotators of the same document (A is the reference)."""
    from corpus.standoff import agree

    @friendly
    def run():
        fa, fb, dt = _pair(a, b)
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
@click.option("--force", is_flag=True, help="overwrite an existing gold/conflicts file")
@json_option
@quiet_option
def merge_(a, b, output, force, as_json, quiet):
    """Gold from two annotators: agreed annotations to OUTPUT, the rest to OUTPUT.conflicts.json."""
    from corpus import jsonio
    from corpus.errors import ValidationError
    from corpus.standoff import io
    from corpus.standoff import merge

    @friendly
    def run():
        fa, fb, dt = _pair(a, b)
        gold, conflicts = merge.merge(fa, fb, dt, gold_annotator=output.stem)
        cpath = output.with_name(output.stem + ".conflicts.json")
        if cpath.exists() and not force:
            raise ValidationError(str(cpath), "exists", hint="pass --force to overwrite")
        io.save_file(output, gold, overwrite=force)
        jsonio.write_json(cpath, {"document": fa.document, "conflicts": conflicts})
        if as_json:
            print_json({"gold": str(output), "agreed": len(gold.annotations), "conflicts_file": str(cpath),
                        "conflicts": len(conflicts)})
        else:
            click.echo(f"{len(gold.annotations)} agreed annotation(s) -> {output}; {len(conflicts)} conflict(s) -> {cpath}")
    run()


def register(group):
    group.add_command(annotate)
