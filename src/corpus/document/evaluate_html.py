"""Evaluate the HTML path against gold labels, side by side with trafilatura on the same HTML.

Gold format (``tests/unseen-html/*/<site>_<n>.tsv`` beside ``<site>_<n>.html``): a ``#`` header line,
then one row per non-blank line of the page's visible text in document order, as a browser's
``innerText`` gives it: ``roles<TAB>text`` (roles as in tests/unseen/README.md, ``removed`` when
nothing of the line is kept).

Scores, per page and summed per site and per set:

* **keep/drop**: a line is *kept* when its gold roles are not ``removed``; precision, recall and F1
  of the kept class.  Our prediction for a gold line is the labelled line with the same text (gold and
  our lines are aligned in order by their text; a gold line we do not produce counts as dropped).
* **trafilatura** (``trafilatura.extract`` with its defaults, comments included, on the same bytes):
  a gold line counts as kept by trafilatura when its white-space-normalised text is a whole line of
  trafilatura's output or, for lines of at least 25 characters, appears inside its output (it joins
  and re-wraps some blocks), or equals its metadata title or author (trafilatura gives the headline and
  byline as metadata, not in the text).  Short lines must match a whole line, so that '1' or 'رد' are not
  counted as kept because they occur inside an article sentence.
* **title**: our document title (the kept ``title`` block) equals the gold title line's text;
  trafilatura's metadata title likewise.  **date**: the ISO date (day) of our document (the date
  line's value, else the page's ``article:published_time``) equals the date written on the gold date
  line; trafilatura's metadata date likewise.  Pages without a gold title (date) line are not counted.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from corpus.errors import ValidationError
from corpus.document.evaluate import REMOVED, VALID_ROLES, RoleScore

MIN_SUBSTRING = 25


def _norm(s: str) -> str:
    return " ".join(s.split())


def read_gold(path) -> list[tuple[list[str], str]]:
    path = Path(path)
    rows = []
    for i, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not row.strip() or row.startswith("#"):
            continue
        roles, sep, text = row.partition("\t")
        if not sep:
            raise ValidationError(str(path), "expected 'roles<TAB>text'", line=i)
        rs = [r.strip() for r in roles.split("|")]
        bad = [r for r in rs if r not in VALID_ROLES]
        if bad:
            raise ValidationError(str(path), f"unknown role {bad[0]!r}", line=i,
                                  hint="use one of: " + ", ".join(sorted(VALID_ROLES)))
        rows.append((rs, text))
    return rows


@dataclass
class KeepScore(RoleScore):
    """Keep/drop counts of lines (precision, recall and F1 as for a role), plus the lines both dropped."""

    tn: int = 0

    def add(self, gold_kept: bool, pred_kept: bool) -> None:
        if gold_kept and pred_kept:
            self.tp += 1
        elif pred_kept:
            self.fp += 1
        elif gold_kept:
            self.fn += 1
        else:
            self.tn += 1

    def merge(self, o: "KeepScore") -> None:
        self.tp += o.tp; self.fp += o.fp; self.fn += o.fn; self.tn += o.tn

    def to_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class PageResult:
    page: str
    site: str
    ours: KeepScore
    theirs: KeepScore | None
    title: tuple[bool | None, bool | None]  # ours, trafilatura (None: no gold title)
    date: tuple[bool | None, bool | None]
    errors: list = field(default_factory=list)  # (gold roles, predicted roles, text) for our mistakes


def _our_lines(raw, doc) -> list[tuple[str, list[str]]]:
    from corpus.document.evaluate import line_roles

    roles = line_roles(doc)
    return [(ln.text, roles.get(ln.number, [REMOVED])) for ln in raw.lines if ln.text.strip()]


def _align(gold, ours) -> list[list[str] | None]:
    """Our roles for each gold line (None when we have no line with that text at that place)."""
    a = [_norm(t) for _, t in gold]
    b = [_norm(t) for t, _ in ours]
    out: list = [None] * len(gold)
    for blk in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        for k in range(blk.size):
            out[blk.a + k] = ours[blk.b + k][1]
    return out


def _date_of(text: str) -> str | None:
    from corpus.text import dates

    m = dates.find_date(text)
    return m.value if m is not None else None


def _our_date(doc) -> str | None:
    m = doc.metadata.get("date")
    if m is not None:
        return m.value[:10]
    if doc.html is not None and "published" in doc.html.metadata:
        return doc.html.metadata["published"].value[:10]
    return None


def trafilatura_available() -> bool:
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        return False
    return True


def score_page(html_path: Path, gold_path: Path, *, site_profiles: bool = False, compare: bool = True,
               raw=None, template=None) -> PageResult:
    from corpus.document.pipeline import process
    from corpus.text import sources

    raw = raw if raw is not None else sources.read(html_path)
    doc = process(raw, site_profiles=site_profiles, template=template)
    gold = read_gold(gold_path)
    ours = KeepScore()
    errors = []
    for (groles, text), proles in zip(gold, _align(gold, _our_lines(raw, doc))):
        gk = groles != [REMOVED]
        pk = proles is not None and proles != [REMOVED]
        ours.add(gk, pk)
        if gk != pk:
            errors.append((groles, proles or ["missing"], text))
    gold_title = next((t for r, t in gold if "title" in r), None)
    gold_date = next((_date_of(t) for r, t in gold if "date" in r), None)
    t_ours = None if gold_title is None else _norm(doc.title or "") == _norm(gold_title)
    d_ours = None if gold_date is None else _our_date(doc) == gold_date
    theirs, t_theirs, d_theirs = None, None, None
    if compare and trafilatura_available():
        import trafilatura

        data = html_path.read_bytes()
        text = trafilatura.extract(data, include_comments=True) or ""
        meta = trafilatura.extract_metadata(data)
        lines = {_norm(x) for x in text.splitlines() if x.strip()}
        if meta is not None:  # the headline and author are metadata in trafilatura, not body text
            lines |= {_norm(v) for v in (meta.title, meta.author) if v}
        flat = _norm(text)
        theirs = KeepScore()
        for groles, t in gold:
            n = _norm(t)
            theirs.add(groles != [REMOVED], n in lines or (len(n) >= MIN_SUBSTRING and n in flat))
        if gold_title is not None:
            t_theirs = meta is not None and _norm(meta.title or "") == _norm(gold_title)
        if gold_date is not None:
            d_theirs = meta is not None and (meta.date or "")[:10] == gold_date
    site = html_path.stem.rsplit("_", 1)[0]
    return PageResult(html_path.name, site, ours, theirs, (t_ours, t_theirs), (d_ours, d_theirs), errors)


def evaluate_dir(folder, *, site_profiles: bool = False, compare: bool = True,
                 site_pages: bool = True) -> list[PageResult]:
    """Score every page of ``folder``; with ``site_pages`` the pages are cleaned together as the build
    cleans a corpus (the lines a site's pages share are its template: corpus.clean.template)."""
    from corpus.document.pipeline import site_statistics
    from corpus.text import sources

    folder = Path(folder)
    pages = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".html", ".htm"))
    if not pages:
        raise ValidationError(str(folder), "no HTML pages (*.html) to evaluate",
                              hint="pass --html with a folder of <site>_<n>.html pages and their .tsv gold")
    raws = {p.name: sources.read(p) for p in pages}
    stats = site_statistics(raws, site_profiles=site_profiles) if site_pages and len(raws) > 1 else None
    out = []
    for p in pages:
        g = p.with_suffix(".tsv")
        if not g.exists():
            raise ValidationError(str(p), f"no gold file {g.name} beside the page", hint="write its gold TSV")
        out.append(score_page(p, g, site_profiles=site_profiles, compare=compare, raw=raws[p.name],
                              template=stats.for_page(p.name) if stats else None))
    return out


def _acc(vals) -> tuple[int, int]:
    vals = [v for v in vals if v is not None]
    return sum(1 for v in vals if v), len(vals)


def summary(results: list[PageResult]) -> dict:
    sites: dict[str, dict] = {}
    for r in results:
        s = sites.setdefault(r.site, {"ours": KeepScore(), "theirs": KeepScore() if r.theirs else None, "pages": 0})
        s["pages"] += 1
        s["ours"].merge(r.ours)
        if r.theirs and s["theirs"] is not None:
            s["theirs"].merge(r.theirs)
    total_o, total_t = KeepScore(), KeepScore()
    for s in sites.values():
        total_o.merge(s["ours"])
        if s["theirs"] is not None:
            total_t.merge(s["theirs"])
    has_t = all(r.theirs is not None for r in results)
    return {
        "sites": {k: {"pages": v["pages"], "ours": v["ours"].to_dict(),
                      "trafilatura": v["theirs"].to_dict() if v["theirs"] is not None else None}
                  for k, v in sorted(sites.items())},
        "total": {"pages": len(results), "ours": total_o.to_dict(), "trafilatura": total_t.to_dict() if has_t else None},
        "title": {"ours": _acc(r.title[0] for r in results), "trafilatura": _acc(r.title[1] for r in results)},
        "date": {"ours": _acc(r.date[0] for r in results), "trafilatura": _acc(r.date[1] for r in results)},
    }


def format_summary(name: str, s: dict) -> str:
    def cell(k):
        return f"{k['precision']:.3f} {k['recall']:.3f} {k['f1']:.3f}" if k else "    (not installed)  "

    rows = [f"{name}: line keep/drop, ours vs trafilatura (same HTML)",
            f"  {'site':<18} {'pages':>5}  {'ours P':>6} {'R':>5} {'F1':>5}   {'traf P':>6} {'R':>5} {'F1':>5}"]
    for site, v in s["sites"].items():
        rows.append(f"  {site:<18} {v['pages']:>5}  {cell(v['ours'])}   {cell(v['trafilatura'])}")
    t = s["total"]
    rows.append(f"  {'all':<18} {t['pages']:>5}  {cell(t['ours'])}   {cell(t['trafilatura'])}")
    for what in ("title", "date"):
        o, th = s[what]["ours"], s[what]["trafilatura"]
        rows.append(f"  {what} right: ours {o[0]}/{o[1]}" + (f", trafilatura {th[0]}/{th[1]}" if th[1] else ""))
    return "\n".join(rows)
