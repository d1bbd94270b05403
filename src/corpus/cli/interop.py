"""`corpus annotate export|import|view`: annotations to and from other tools, and a review page."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from corpus.cli.common import friendly, json_option, note, print_json, problem, quiet_option

FORMAT_NAMES = ("xmi", "brat", "w3c", "conllu", "iob2", "csv", "csv-stance")


def _project(root):
    from corpus.errors import ValidationError
    from corpus.standoff.docs import project_root

    r = Path(root) if root else project_root(Path.cwd())
    if not (r / "corpus.json").is_file():
        raise ValidationError(str(r), "not a corpus project (no corpus.json here or above)",
                              hint="run the command inside the project, or pass --root PROJECT")
    return r


def _document(root: Path, doc_id: str):
    from corpus.standoff.anchor import DocText
    from corpus.standoff.docs import load_document

    return DocText(load_document(doc_id, root, prefer_build=False))


def _registry(root: Path):
    from corpus.standoff import io

    p = root / "annotations" / "entities.json"
    return io.load_registry(p) if p.is_file() else None


root_option = click.option("--root", type=click.Path(file_okay=False), default=None,
                           help="Project root (holds corpus.json) [default: found from the current folder].")


@click.command("export")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", required=True, type=click.Choice(FORMAT_NAMES), help="Target format.")
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder the exported files are written to.")
@click.option("--force", is_flag=True, help="Overwrite files that exist in OUT.")
@root_option
@json_option
@quiet_option
def export_cmd(files, fmt, out_dir, force, root, as_json, quiet):
    """Export annotation FILES (annotations/<doc>/<annotator>.json) to another tool's format."""
    from corpus import jsonio
    from corpus.errors import ValidationError
    from corpus.interop import formats
    from corpus.standoff import io

    @friendly
    def run():
        r = _project(root)
        reg = _registry(r)
        f = formats.get(fmt)
        planned: dict[Path, bytes] = {}
        report = []
        for path in files:
            af = io.load_file(path)
            dt = _document(r, af.document)
            if af.text_sha256 != dt.sha256:
                raise ValidationError(str(path), "made against another version of the document text",
                                      hint=f"run `corpus annotate reanchor {path} --write` first")
            from corpus.standoff.selection import refuse_flagged
            refuse_flagged(af, path)
            written, skipped = f.export(af, dt, reg)
            for name, data in written.items():
                if name in {p.name for p in planned} and planned[out_dir / name] != data:
                    raise ValidationError(str(out_dir / name), "two exports would write different files here",
                                          hint="export one file at a time, or to separate folders")
                planned[out_dir / name] = data
            report.append({"file": str(path), "written": sorted(written), "not_exported": skipped})
        clash = [str(p) for p, data in planned.items() if p.exists() and p.read_bytes() != data]
        if clash and not force:
            raise ValidationError(clash[0], f"exists ({len(clash)} file(s) would be overwritten)",
                                  hint="pass --force, or choose another --out")
        for p, data in sorted(planned.items()):
            jsonio.atomic_write_bytes(p, data)
        if as_json:
            print_json({"format": fmt, "out": str(out_dir), "files": report})
            return
        for rep in report:
            click.echo(f"{rep['file']} -> {', '.join(str(out_dir / n) for n in rep['written'])}")
            for s in rep["not_exported"]:
                problem(f"  not exported: {s}")
        note(f"{len(planned)} file(s) written to {out_dir}/", quiet)

    run()


@click.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", required=True, type=click.Choice(FORMAT_NAMES), help="Format of SOURCE.")
@click.option("--document", "doc_id", required=True, help="The document the annotations belong to (its id).")
@click.option("--annotator", required=True, help="Annotator name: the stand-off file's name.")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Stand-off file to write [default: annotations/<doc>/<annotator>.json].")
@click.option("--force", is_flag=True, help="Overwrite an existing stand-off file.")
@root_option
@json_option
@quiet_option
def import_cmd(source, fmt, doc_id, annotator, output, force, root, as_json, quiet):
    """Import annotations made in another tool as a stand-off file, checked like `annotate check`."""
    import re

    from corpus.errors import ValidationError
    from corpus.interop import formats
    from corpus.interop.spans import anchor_import
    from corpus.standoff import io

    @friendly
    def run():
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", annotator) or ".." in annotator:
            raise ValidationError("--annotator", f"{annotator!r} is not a valid annotator name",
                                  hint="letters, digits, _ . - (it becomes a file name)")
        r = _project(root)
        dt = _document(r, doc_id)
        spans, carried = formats.get(fmt).read(source, dt)
        af, outcomes, old_text = anchor_import(dt.doc, annotator, spans, carried, _registry(r), str(source),
                                               note=f"imported from {source.name} ({fmt})")
        target = output or r / "annotations" / dt.doc.id / f"{annotator}.json"
        if target.exists() and not force:
            raise ValidationError(str(target), "exists and would be overwritten",
                                  hint="pass --force, or import under another --annotator")
        from corpus.standoff import texts
        store = texts.store_for(target)
        texts.save(store, texts.layout_of(dt.doc))  # keep the anchored texts (re-anchoring, `move --accept`)
        if old_text is not None:
            texts.save(store, old_text)
        io.save_file(target, af, overwrite=True)
        flagged = [o for o in outcomes if not o.exact]
        if as_json:
            print_json({"file": str(target), "annotations": len(af.annotations), "document": dt.doc.id,
                        "reanchored_from": old_text.sha256 if old_text else None,
                        "flagged": [o.to_dict() for o in flagged]})
        else:
            click.echo(f"{len(af.annotations)} annotation(s) -> {target}")
            if old_text is not None:
                note(f"{source.name} was made on another version of the text: carried over by exact re-anchoring, "
                     f"{len(outcomes) - len(flagged)} placed exactly, {len(flagged)} flagged", quiet)
            for o in flagged:
                problem(o.describe())
        if flagged:
            problem(f"{len(flagged)} annotation(s) need a person: confirm each with `corpus annotate move ID --accept` "
                    f"or place it with `corpus annotate move ID --quote …`; the build exports none of them until then")
            sys.exit(1)

    run()


@click.command("view")
@click.argument("doc_id")
@click.option("--annotator", "annotators", multiple=True,
              help="Annotator file(s) to show; two show their disagreements side by side [default: lead].")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="HTML file to write [default: build/view/<doc>.html].")
@root_option
@json_option
@quiet_option
def view_cmd(doc_id, annotators, output, root, as_json, quiet):
    """Write a self-contained HTML page showing DOC_ID's annotations (right to left, by colour)."""
    from corpus import jsonio
    from corpus.errors import ValidationError
    from corpus.interop import view
    from corpus.standoff import io

    @friendly
    def run():
        r = _project(root)
        dt = _document(r, doc_id)
        names = annotators or ("lead",)
        if len(names) > 2:
            raise ValidationError("--annotator", "at most two annotators", hint="compare two at a time")
        files = []
        for n in names:
            p = r / "annotations" / dt.doc.id / f"{n}.json"
            if not p.is_file():
                raise ValidationError(str(p), "no such annotation file", hint=f"see {r / 'annotations' / dt.doc.id}")
            af = io.load_file(p)
            if af.text_sha256 != dt.sha256:
                raise ValidationError(str(p), "made against another version of the text",
                                      hint=f"run `corpus annotate reanchor {p} --write` first")
            from corpus.standoff.selection import refuse_flagged
            refuse_flagged(af, p)
            files.append(af)
        target = output or r / "build" / "view" / f"{dt.doc.id}.html"
        jsonio.atomic_write_text(target, view.page(dt, files, _registry(r)))
        if as_json:
            print_json({"file": str(target), "annotators": list(names)})
        else:
            click.echo(str(target))

    run()


def register(group) -> None:
    annotate = group.commands["annotate"]
    for cmd in (export_cmd, import_cmd, view_cmd):
        annotate.add_command(cmd)
