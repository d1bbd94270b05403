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
class Report:
    site_profiles: bool
    roles: dict[str, RoleScore] = field(default_factory=dict)
    lines: int = 0
    exact_lines: int = 0
    errors: list[tuple[str, int, list[str], list[str]]] = field(default_factory=list)  # file, line, gold, predicted
    profiles: dict[str, str] = field(default_factory=dict)

    @property
    def accuracy(self) -> float:
        return self.exact_lines / self.lines if self.lines else 1.0

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
            "roles": {k: v.to_dict() for k, v in sorted(self.roles.items())},
            "profiles": dict(sorted(self.profiles.items())),
            "errors": [{"file": f, "line": n, "gold": g, "predicted": p} for f, n, g, p in self.errors],
        }


def score_document(report: Report, name: str, gold: dict[int, list[str]], predicted: dict[int, list[str]]) -> None:
    """Add one document's (line, role) pairs to ``report``."""
    for n in sorted(set(gold) | set(predicted)):
        g, p = gold.get(n), predicted.get(n)
        if g is None:
            raise ValidationError(name, f"raw line {n} is not blank but has no gold label", line=n,
                                  hint="add a row for it to the gold file")
        if p is None:
            raise ValidationError(name, f"gold labels raw line {n}, which is blank or missing", line=n,
                                  hint="remove the row or fix its line number")
        report.lines += 1
        if g == p:
            report.exact_lines += 1
        else:
            report.errors.append((name, n, g, p))
        gc, pc = Counter(g), Counter(p)
        for role in set(gc) | set(pc):
            s = report.roles.setdefault(role, RoleScore())
            both = min(gc[role], pc[role])
            s.tp += both
            s.fp += pc[role] - both
            s.fn += gc[role] - both


def evaluate(gold_dir, seeds_dir, *, site_profiles: bool = True) -> Report:
    """Score the pipeline on every seed that has a gold file ``<stem>.tsv`` in ``gold_dir``."""
    from corpus.document.pipeline import process_file

    gold_dir, seeds_dir = Path(gold_dir), Path(seeds_dir)
    files = sorted(gold_dir.glob("*.tsv"))
    if not files:
        raise ValidationError(str(gold_dir), "no gold files (*.tsv)", hint="pass --gold with the folder of gold TSV files")
    report = Report(site_profiles=site_profiles)
    for g in files:
        seed = seeds_dir / (g.stem + ".txt")
        if not seed.exists():
            raise ValidationError(str(g), f"no seed {seed.name} in {seeds_dir}", hint="pass --seeds with the raw files' folder")
        doc = process_file(seed, site_profiles=site_profiles)
        report.profiles[seed.name] = doc.profile
        score_document(report, seed.name, read_gold(g), line_roles(doc))
    return report


def format_report(report: Report) -> str:
    """The per-role table printed by ``corpus eval``."""
    rows = [f"{'role':<18} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}"]
    for role in sorted(report.roles, key=lambda r: (ROLES.index(r) if r in ROLES else len(ROLES), r)):
        s = report.roles[role]
        rows.append(f"{role:<18} {s.tp + s.fn:>5} {s.tp + s.fp:>5} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}")
    m = report.micro()
    rows.append(f"{'micro':<18} {m.tp + m.fn:>5} {m.tp + m.fp:>5} {m.precision:>6.3f} {m.recall:>6.3f} {m.f1:>6.3f}")
    rows.append(f"lines exact: {report.exact_lines}/{report.lines} = {report.accuracy:.3f} "
                f"({'site profiles on' if report.site_profiles else 'generic profile only'})")
    for f, n, g, p in report.errors:
        rows.append(f"  {f}:{n}: gold {'|'.join(g)}, predicted {'|'.join(p)}")
    return "\n".join(rows)
