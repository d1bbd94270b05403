"""Evaluate the cleaner against gold role labels (``tests/gold/<stem>.tsv``).

Gold format, one line per non-blank raw line::

    line<TAB>roles<TAB>note

``roles`` is the ``|``-joined list of the roles kept from that line, in order (``heading|credit|caption``
for a mixed line), or ``removed`` when nothing of the line is kept.  Separators removed *inside* a
mixed line (a bullet, a dash, brackets) are not listed: they are punctuation, not content.  Lines
starting with ``#`` are comments.

Scores count (line, role) pairs: a predicted pair is a true positive if the gold has the same pair
(multiset, so a line with two captions needs two).  ``removed`` is scored as a role of its own.
Accuracy is the share of lines whose role list equals the gold exactly.

Besides the roles, every line is scored as *kept* (any role) or *dropped* (``removed``): keep/drop
precision is the share of kept lines the gold keeps, recall the share of the gold's kept lines that
are kept (the figures web-boilerplate evaluations report).  A page's title is right when the lines
labelled ``title`` are the gold's.  Pages are grouped by site (the file name up to its last ``_``:
``alghad_2`` is site ``alghad``) for a per-site table.

The pages evaluated together are also cleaned together: a first pass collects the template lines of
each site among them (``pipeline.site_statistics``), as ``corpus build`` does for the seeds.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from corpus.errors import ValidationError
from corpus.document.model import ROLES, Document

REMOVED = "removed"
VALID_ROLES = set(ROLES) | {REMOVED}


def line_roles(doc: Document) -> dict[int, list[str]]:
    """Predicted roles per non-blank raw line: kept roles in order, or ['removed']."""
    kept: dict[int, list[tuple[int, str]]] = {}
    for b in doc.blocks():
        kept.setdefault(b.src.line, []).append((b.src.start, b.role))
    out = {n: [r for _, r in sorted(v)] for n, v in kept.items()}
    for r in doc.removed:
        out.setdefault(r.src.line, [REMOVED])
    return dict(sorted(out.items()))


def read_gold(path) -> dict[int, list[str]]:
    """Parse a gold TSV; errors name the file and line."""
    path = Path(path)
    gold: dict[int, list[str]] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValidationError(str(path), f"cannot read gold file: {exc.strerror}") from None
    for i, row in enumerate(text.splitlines(), 1):
        if not row.strip() or row.startswith("#"):
            continue
        cols = row.split("\t")
        if len(cols) < 2 or not cols[0].strip().isdigit():
            raise ValidationError(str(path), "expected 'line<TAB>roles<TAB>note'", line=i,
                                  hint="separate the columns with one TAB; the line number comes first")
        n = int(cols[0])
        roles = [r.strip() for r in cols[1].split("|")]
        bad = [r for r in roles if r not in VALID_ROLES]
        if bad:
            raise ValidationError(str(path), f"unknown role {bad[0]!r}", line=i,
                                  hint="use one of: " + ", ".join(sorted(VALID_ROLES)))
        if REMOVED in roles and len(roles) > 1:
            raise ValidationError(str(path), "'removed' cannot be combined with kept roles", line=i,
                                  hint="list only the kept roles of a mixed line")
        if n in gold:
            raise ValidationError(str(path), f"raw line {n} is labelled twice", line=i)
        gold[n] = roles
    return gold


@dataclass
class RoleScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "support": self.tp + self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class PageScore:
    """One page: its site, keep/drop score, whether its title is right."""

    file: str
    site: str
    lines: int = 0
    exact: int = 0
    keep: RoleScore = field(default_factory=RoleScore)
    title_ok: bool = True

    def to_dict(self) -> dict:
        return {"file": self.file, "site": self.site, "lines": self.lines, "exact": self.exact,
                "keep": self.keep.to_dict(), "title_ok": self.title_ok}


def site_of(name: str) -> str:
    """The site of a labelled page: its file stem up to the last '_' ('alghad_2' -> 'alghad')."""
    stem = Path(name).stem
    return stem.rsplit("_", 1)[0] if "_" in stem else stem


@dataclass
class Report:
    site_profiles: bool
    roles: dict[str, RoleScore] = field(default_factory=dict)
    pages: list[PageScore] = field(default_factory=list)
    lines: int = 0
    exact_lines: int = 0
    errors: list[tuple[str, int, list[str], list[str]]] = field(default_factory=list)  # file, line, gold, predicted
    profiles: dict[str, str] = field(default_factory=dict)

    @property
    def accuracy(self) -> float:
        return self.exact_lines / self.lines if self.lines else 1.0

    def keep(self) -> RoleScore:
        """Line keep/drop: a kept line is a positive."""
        s = RoleScore()
        for p in self.pages:
            s.tp += p.keep.tp
            s.fp += p.keep.fp
            s.fn += p.keep.fn
        return s

    @property
    def titles_ok(self) -> int:
        return sum(p.title_ok for p in self.pages)

    def sites(self) -> dict[str, dict]:
        """Per-site figures: pages, lines, keep/drop P/R/F1, titles right."""
        out: dict[str, dict] = {}
        for p in self.pages:
            d = out.setdefault(p.site, {"pages": 0, "lines": 0, "exact": 0, "titles_ok": 0, "keep": RoleScore()})
            d["pages"] += 1
            d["lines"] += p.lines
            d["exact"] += p.exact
            d["titles_ok"] += p.title_ok
            d["keep"].tp += p.keep.tp
            d["keep"].fp += p.keep.fp
            d["keep"].fn += p.keep.fn
        return dict(sorted(out.items()))

    def micro(self) -> RoleScore:
        s = RoleScore()
        for r in self.roles.values():
            s.tp += r.tp
            s.fp += r.fp
            s.fn += r.fn
        return s

    def to_dict(self) -> dict:
        return {
            "site_profiles": self.site_profiles,
            "lines": self.lines,
            "exact_lines": self.exact_lines,
            "accuracy": round(self.accuracy, 4),
            "micro": self.micro().to_dict(),
            "keep": self.keep().to_dict(),
            "titles_ok": self.titles_ok,
            "pages": [p.to_dict() for p in self.pages],
            "sites": {k: {**v, "keep": v["keep"].to_dict()} for k, v in self.sites().items()},
            "roles": {k: v.to_dict() for k, v in sorted(self.roles.items())},
            "profiles": dict(sorted(self.profiles.items())),
            "errors": [{"file": f, "line": n, "gold": g, "predicted": p} for f, n, g, p in self.errors],
        }


def score_document(report: Report, name: str, gold: dict[int, list[str]], predicted: dict[int, list[str]]) -> None:
    """Add one document's (line, role) pairs, keep/drop decisions and title to ``report``."""
    page = PageScore(name, site_of(name))
    for n in sorted(set(gold) | set(predicted)):
        g, p = gold.get(n), predicted.get(n)
        if g is None:
            raise ValidationError(name, f"raw line {n} is not blank but has no gold label", line=n,
                                  hint="add a row for it to the gold file")
        if p is None:
            raise ValidationError(name, f"gold labels raw line {n}, which is blank or missing", line=n,
                                  hint="remove the row or fix its line number")
        report.lines += 1
        page.lines += 1
        if g == p:
            report.exact_lines += 1
            page.exact += 1
        else:
            report.errors.append((name, n, g, p))
        gk, pk = g != [REMOVED], p != [REMOVED]
        page.keep.tp += gk and pk
        page.keep.fp += pk and not gk
        page.keep.fn += gk and not pk
        gc, pc = Counter(g), Counter(p)
        for role in set(gc) | set(pc):
            s = report.roles.setdefault(role, RoleScore())
            both = min(gc[role], pc[role])
            s.tp += both
            s.fp += pc[role] - both
            s.fn += gc[role] - both
    page.title_ok = ({n for n, r in gold.items() if "title" in r} == {n for n, r in predicted.items() if "title" in r})
    report.pages.append(page)


def gold_pairs(gold_dir, seeds_dir) -> list[tuple[Path, Path]]:
    """(gold file, raw page) pairs: the TSV files of ``gold_dir``, or, for a folder of sets, of each
    of its sub-folders (``tests/unseen`` -> ``dev/``, ``dev2/`` ...), the raw pages in the same place
    under ``seeds_dir``."""
    gold_dir, seeds_dir = Path(gold_dir), Path(seeds_dir)
    files = sorted(gold_dir.glob("*.tsv"))
    if files:
        sets = [(gold_dir, seeds_dir, files)]
    else:
        sets = [(d, seeds_dir / d.name, sorted(d.glob("*.tsv"))) for d in sorted(gold_dir.iterdir()) if d.is_dir()]
        sets = [s for s in sets if s[2]]
    if not sets:
        raise ValidationError(str(gold_dir), "no gold files (*.tsv)", hint="pass --gold with the folder of gold TSV files")
    out = []
    for _gd, sd, gs in sets:
        for g in gs:
            seed = sd / (g.stem + ".txt")
            if not seed.exists():
                raise ValidationError(str(g), f"no seed {seed.name} in {sd}", hint="pass --seeds with the raw files' folder")
            out.append((g, seed))
    return out


def evaluate(gold_dir, seeds_dir, *, site_profiles: bool = True, site_pages: bool = True,
             line_model: bool | None = None) -> Report:
    """Score the pipeline on every seed that has a gold file ``<stem>.tsv`` in ``gold_dir`` (or in
    its sub-folders); ``site_pages``: clean the pages together, with the template statistics of the
    sites they share (off: each page alone); ``line_model``: the learned second opinion on or off
    (None: as the profile says)."""
    from corpus.document.pipeline import process, site_statistics
    from corpus.text import raw as rawtext

    pairs = gold_pairs(gold_dir, seeds_dir)
    raws = {str(seed): rawtext.read(seed) for _g, seed in pairs}
    stats = site_statistics(raws, site_profiles=site_profiles) if site_pages and len(raws) > 1 else None
    report = Report(site_profiles=site_profiles)
    for g, seed in pairs:
        doc = process(raws[str(seed)], site_profiles=site_profiles,
                      template=stats.for_page(str(seed)) if stats else None, line_model=line_model)
        report.profiles[seed.name] = doc.profile
        score_document(report, seed.name, read_gold(g), line_roles(doc))
    return report


def format_report(report: Report, *, errors: bool = True) -> str:
    """The per-role table, keep/drop and title figures and the per-site table printed by
    ``corpus eval``; ``errors=False`` leaves out the per-line errors (for held-out sets)."""
    rows = [f"{'role':<18} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}"]
    for role in sorted(report.roles, key=lambda r: (ROLES.index(r) if r in ROLES else len(ROLES), r)):
        s = report.roles[role]
        rows.append(f"{role:<18} {s.tp + s.fn:>5} {s.tp + s.fp:>5} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}")
    m = report.micro()
    rows.append(f"{'micro':<18} {m.tp + m.fn:>5} {m.tp + m.fp:>5} {m.precision:>6.3f} {m.recall:>6.3f} {m.f1:>6.3f}")
    rows.append(f"lines exact: {report.exact_lines}/{report.lines} = {report.accuracy:.3f} "
                f"({'site profiles on' if report.site_profiles else 'generic profile only'})")
    k = report.keep()
    rows.append(f"keep/drop: P {k.precision:.3f} R {k.recall:.3f} F1 {k.f1:.3f} "
                f"({k.fp} removable lines kept, {k.fn} content lines dropped); "
                f"titles right: {report.titles_ok}/{len(report.pages)}")
    sites = report.sites()
    if len(sites) > 1:
        rows.append(f"{'site':<22} {'pages':>5} {'lines':>5} {'keepP':>6} {'keepR':>6} {'keepF1':>6} {'titles':>6}")
        for name, d in sites.items():
            s = d["keep"]
            rows.append(f"{name:<22} {d['pages']:>5} {d['lines']:>5} {s.precision:>6.3f} {s.recall:>6.3f} "
                        f"{s.f1:>6.3f} {d['titles_ok']:>3}/{d['pages']:<2}")
    if errors:
        for f, n, g, p in report.errors:
            rows.append(f"  {f}:{n}: gold {'|'.join(g)}, predicted {'|'.join(p)}")
    return "\n".join(rows)
