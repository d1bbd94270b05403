"""`corpus clean` (line-by-line audit of the cleaner) and `corpus eval` (scores against gold labels)."""
from __future__ import annotations

from pathlib import Path

import click

from corpus.cli.common import friendly, json_option, note, print_json, quiet_option

CLIP = 70


def _clip(text: str, width: int = CLIP) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def audit_rows(raw, doc) -> list[dict]:
    """One row per non-blank raw line: the kept roles (with block ids) and removed spans (with rules)."""
    pieces: dict[int, list[tuple[int, dict]]] = {}
    for b in doc.blocks():
        pieces.setdefault(b.src.line, []).append(
            (b.src.start, {"kept": b.role, "id": b.id, "rule": None, "text": b.text, "start": b.src.start, "end": b.src.end}))
    for r in doc.removed:
        pieces.setdefault(r.src.line, []).append(
            (r.src.start, {"kept": None, "rule": r.rule, "reason": r.reason, "text": r.text, "start": r.src.start, "end": r.src.end}))
    meta_by_line: dict[int, list[str]] = {}
    for k, m in sorted(doc.metadata.items()):
        meta_by_line.setdefault(m.src.line, []).append(f"{k}={m.value}")
    rows = []
    for n in sorted(pieces):
        segs = [s for _, s in sorted(pieces[n], key=lambda p: p[0])]
        rows.append({"line": n, "segments": segs, "meta": meta_by_line.get(n, []), "text": raw.line(n).text})
    return rows


def register(group: click.Group) -> None:
    @group.command("clean")
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--no-site-profiles", is_flag=True, help="Use the generic profile only.")
    @json_option
    @quiet_option
    def clean_cmd(file: Path, no_site_profiles: bool, as_json: bool, quiet: bool):
        """Show, line by line, what the cleaner kept (as which role) and removed (by which rule, why)."""

        @friendly
        def run():
            from corpus.text import sources as rawtext
            from corpus.document.pipeline import process

            raw = rawtext.read(file)
            doc = process(raw, site_profiles=not no_site_profiles)
            rows = audit_rows(raw, doc)
            if as_json:
                print_json({"file": raw.name, "document": doc.id, "profile": doc.profile,
                            "evidence": list(doc.profile_evidence), "lines": rows})
                return
            ev = ", ".join(doc.profile_evidence) or "no fingerprint matched"
            note(f"{raw.name}: profile {doc.profile} ({ev})", quiet)
            for row in rows:
                for i, s in enumerate(row["segments"]):
                    n = f"{row['line']:>4}" if i == 0 else "    "
                    if s["kept"]:
                        what = click.style(f"kept {s['kept']}", fg="green") + f" [{s['id']}]"
                    else:
                        what = click.style(f"removed {s['rule']}", fg="red") + f" ({s['reason']})"
                    click.echo(f"{n}  {what}")
                    click.echo(f"        {_clip(s['text'])}")
                if row["meta"]:
                    click.echo(f"        metadata: {'; '.join(row['meta'])}")
            note(f"{len(doc.article)} article blocks, {len(doc.comments)} comments, "
                 f"{len(doc.removed)} removed spans, metadata: "
                 + (", ".join(f"{k}={m.value}" for k, m in sorted(doc.metadata.items())) or "none"), quiet)

        run()

    @group.command("eval")
    @click.option("--gold", "gold_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("tests/gold"),
                  show_default=True, help="Folder of gold TSV files (<seed stem>.tsv).")
    @click.option("--seeds", "seeds_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("seeds"),
                  show_default=True, help="Folder of the raw seed files.")
    @click.option("--no-site-profiles", is_flag=True, help="Use the generic profile only.")
    @click.option("--html", "html_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path),
                  help="Folder of HTML pages with gold TSV (tests/unseen-html/dev ...): line keep/drop P/R/F1, "
                       "ours and trafilatura's side by side, per site, plus title and date accuracy. Repeatable.")
    @json_option
    @quiet_option
    def eval_cmd(gold_dir: Path, seeds_dir: Path, no_site_profiles: bool, as_json: bool, quiet: bool, html_dirs):
        """Per-role precision/recall/F1 of the cleaner against the gold labels."""

        @friendly
        def run():
            from corpus.document.evaluate import evaluate, format_report

            if html_dirs:
                from corpus.document import evaluate_html as eh

                out = {}
                for d in html_dirs:
                    out[str(d)] = eh.summary(eh.evaluate_dir(d, site_profiles=not no_site_profiles))
                if as_json:
                    print_json(out)
                else:
                    click.echo("\n\n".join(eh.format_summary(k, v) for k, v in out.items()))
                    if not eh.trafilatura_available():
                        click.echo("trafilatura is not installed: pip install 'corpus[compare]' for its column", err=True)
                return

            report = evaluate(gold_dir, seeds_dir, site_profiles=not no_site_profiles)
            if as_json:
                print_json(report.to_dict())
            else:
                click.echo(format_report(report))

        run()
