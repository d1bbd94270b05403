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


def _print_rows(rows: list[dict]) -> None:
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


def register(group: click.Group) -> None:
    @group.command("clean")
    @click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--no-site-profiles", is_flag=True, help="Use the generic profile only.")
    @click.option("--site-pages", "site_pages", type=click.Path(file_okay=False, exists=True, path_type=Path),
                  help="Folder of other pages (*.txt) of the corpus: lines repeated on many pages of a site are its "
                       "template (struct.site-template). The FILES themselves are always counted.")
    @click.option("--line-model/--no-line-model", "line_model", default=None,
                  help="Run (or not) the learned line model, a second opinion on the rules' keep decisions "
                       "(default: as the profile's line_model switch says; docs/cleaning.md, 'The learned line model').")
    @json_option
    @quiet_option
    def clean_cmd(files: tuple[Path, ...], no_site_profiles: bool, site_pages: Path | None, as_json: bool,
                  quiet: bool, line_model: bool | None):
        """Show, line by line, what the cleaner kept (as which role) and removed (by which rule, why).

        With several FILES (or --site-pages), the pages are cleaned together: a line that recurs on many
        pages of one site is removed as the site's template, with the count in the reason."""

        @friendly
        def run():
            from corpus.text import sources as rawtext
            from corpus.document.pipeline import process, site_statistics

            site_profiles = not no_site_profiles
            raws = {str(f): rawtext.read(f) for f in files}
            others = {}
            if site_pages is not None:
                for p in sorted(site_pages.glob("*.txt")):
                    if str(p) not in raws and p.resolve() not in {f.resolve() for f in files}:
                        others[str(p)] = rawtext.read(p)
            stats = site_statistics({**others, **raws}, site_profiles=site_profiles) \
                if len(raws) + len(others) > 1 else None
            out = []
            for f in files:
                raw = raws[str(f)]
                site = stats.for_page(str(f)) if stats else None
                doc = process(raw, site_profiles=site_profiles, template=site, line_model=line_model)
                rows = audit_rows(raw, doc)
                if as_json:
                    out.append({"file": raw.name, "document": doc.id, "profile": doc.profile,
                                "evidence": list(doc.profile_evidence), "lines": rows,
                                "site": None if site is None else {"site": site.site, "pages": site.pages,
                                                                   "how": site.how}})
                    continue
                ev = ", ".join(doc.profile_evidence) or "no fingerprint matched"
                note(f"{raw.name}: profile {doc.profile} ({ev})", quiet)
                if site is not None:
                    note(f"site {site.site} ({site.how}): {site.pages} pages in this run", quiet)
                _print_rows(rows)
                note(f"{len(doc.article)} article blocks, {len(doc.comments)} comments, "
                     f"{len(doc.removed)} removed spans, metadata: "
                     + (", ".join(f"{k}={m.value}" for k, m in sorted(doc.metadata.items())) or "none"), quiet)
            if as_json:
                print_json(out[0] if len(out) == 1 else out)

        run()

    @group.command("eval")
    @click.option("--gold", "gold_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("tests/gold"),
                  show_default=True, help="Folder of gold TSV files (<seed stem>.tsv).")
    @click.option("--seeds", "seeds_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("seeds"),
                  show_default=True, help="Folder of the raw seed files.")
    @click.option("--no-site-profiles", is_flag=True, help="Use the generic profile only.")
    @click.option("--page-by-page", is_flag=True,
                  help="Clean each page alone (no template statistics of the sites the pages share).")
    @click.option("--summary", is_flag=True,
                  help="Aggregate figures only, no per-line errors (for held-out sets: measure, never study).")
    @click.option("--html", "html_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path),
                  help="Folder of HTML pages with gold TSV (tests/unseen-html/dev ...): line keep/drop P/R/F1, "
                       "ours and trafilatura's side by side, per site, plus title and date accuracy. Repeatable.")
    @click.option("--line-model/--no-line-model", "line_model", default=None,
                  help="Run (or not) the learned line model, a second opinion on the rules' keep decisions "
                       "(default: as the profile's line_model switch says; docs/cleaning.md, 'The learned line model').")
    @json_option
    @quiet_option
    def eval_cmd(gold_dir: Path, seeds_dir: Path, no_site_profiles: bool, page_by_page: bool, summary: bool,
                 as_json: bool, quiet: bool, html_dirs, line_model: bool | None):
        """Per-role precision/recall/F1, line keep/drop precision/recall/F1, titles right, and a per-site
        table, of the cleaner against the gold labels (GOLD may be a folder of sets: tests/unseen/dev4).
        With --html: HTML pages, ours and trafilatura's side by side."""

        @friendly
        def run():
            from corpus.document.evaluate import evaluate, format_report

            if html_dirs:
                from corpus.document import evaluate_html as eh

                out = {}
                for d in html_dirs:
                    out[str(d)] = eh.summary(eh.evaluate_dir(d, site_profiles=not no_site_profiles,
                                                             site_pages=not page_by_page))
                if as_json:
                    print_json(out)
                else:
                    click.echo("\n\n".join(eh.format_summary(k, v) for k, v in out.items()))
                    if not eh.trafilatura_available():
                        click.echo("trafilatura is not installed: pip install 'corpus[compare]' for its column", err=True)
                return

            report = evaluate(gold_dir, seeds_dir, site_profiles=not no_site_profiles, site_pages=not page_by_page,
                              line_model=line_model)
            if as_json:
                d = report.to_dict()
                if summary:
                    d["errors"] = []
                print_json(d)
            else:
                click.echo(format_report(report, errors=not summary))

        run()
