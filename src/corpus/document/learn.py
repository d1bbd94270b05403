"""Training data, training and leave-one-site-out evaluation of the line model (``corpus.clean.model``).

A labelled page gives one example per non-blank line: the features of the line after the rules have
labelled the page (``corpus.clean.linefeatures``) and whether the gold removes it.  The pages of a set
are cleaned together, as ``corpus eval`` does (the template statistics of the sites they share), so
the rules' labels here are exactly the ones ``corpus eval`` scores.

``loso`` is the evaluation that cannot flatter: for each site, a model trained on every *other* site
reviews that site's pages; keep/drop precision/recall/F1 of the rules alone and of rules + model are
reported per site and in total.  Held-out sets (``tests/unseen/heldout*``) are never read here."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from corpus.clean import linefeatures as lf
from corpus.clean import model as lm
from corpus.clean.engine import clean
from corpus.clean.features import _features, structure
from corpus.clean.labels import LineLabel
from corpus.document.evaluate import REMOVED, RoleScore, gold_pairs, read_gold, site_of
from corpus.errors import ValidationError

#: the labelled sets the shipped model is trained on: (name, gold folder, pages folder, site profiles)
TRAINING_SETS = (
    ("gold", "tests/gold", "seeds", True),
    ("dev", "tests/unseen/dev", "tests/unseen/dev", False),
    ("dev2", "tests/unseen/dev2", "tests/unseen/dev2", False),
    ("dev3", "tests/unseen/dev3", "tests/unseen/dev3", False),
    ("dev4", "tests/unseen/dev4", "tests/unseen/dev4", False),
    ("dev5", "tests/unseen/dev5", "tests/unseen/dev5", False),
    ("dev6", "tests/unseen/dev6", "tests/unseen/dev6", False),
)
#: the command that rebuilds the shipped model (recorded in the model file)
TRAIN_COMMAND = "python bench/line_model.py train"
#: kept roles whose loss is lost article or comment text
TEXT_ROLES = {"paragraph", "comment-paragraph"}
#: training parameters of the shipped model
L2 = 1.0
ITERATIONS = 300
THRESHOLD = 0.9
MAX_WORDS = 12


@dataclass
class Page:
    """One labelled page as the model sees it: the rules' labels, line features and the gold."""

    set: str
    name: str
    site: str
    f: list
    c: dict
    template: object
    labels: list[LineLabel]
    facts: list[lf.LineFacts]
    gold: list[list[str]] = field(default_factory=list)  # gold roles, one list per labelled line

    def examples(self):
        return [(fx.names, g == [REMOVED]) for fx, g in zip(self.facts, self.gold)]


def load_set(name: str, gold_dir, seeds_dir, site_profiles: bool) -> list[Page]:
    """Every gold-labelled page of one set, cleaned by the rules alone (the model off)."""
    from corpus.document.pipeline import _profile, site_statistics
    from corpus.text import raw as rawtext

    pairs = gold_pairs(gold_dir, seeds_dir)
    raws = {str(seed): rawtext.read(seed) for _g, seed in pairs}
    stats = site_statistics(raws, site_profiles=site_profiles) if len(raws) > 1 else None
    out = []
    for g, seed in pairs:
        raw = raws[str(seed)]
        template = stats.for_page(str(seed)) if stats else None
        profile = _profile(raw, site_profiles)
        labels = clean(raw, profile, template, line_model=False)
        c = structure(profile)
        f = [_features(ln.text, c) for ln in raw.lines if ln.text.strip()]
        gold = read_gold(g)
        if sorted(gold) != [lab.number for lab in labels]:
            raise ValidationError(str(g), "the gold does not label exactly the page's non-blank lines",
                                  hint="run `corpus eval` on the set for the line at fault")
        facts = lf.extract(f, labels, template, c)
        site = f"{name}/{site_of(seed.name)}" if name == "gold" else site_of(seed.name)
        out.append(Page(name, seed.name, site, f, c, template, labels, facts, [gold[lab.number] for lab in labels]))
    return out


def load(root=".", sets=TRAINING_SETS) -> list[Page]:
    """The pages of every training set found under ``root`` (a set whose folder is missing is skipped)."""
    root = Path(root)
    pages: list[Page] = []
    for name, gd, sd, sp in sets:
        if "heldout" in gd:
            raise ValueError(f"{gd}: held-out pages are never training data")
        if (root / gd).is_dir() and any((root / gd).glob("*.tsv")):
            pages += load_set(name, root / gd, root / sd, sp)
    return pages


def examples(pages: list[Page]):
    for p in pages:
        yield from p.examples()


def training_record(pages: list[Page], *, l2=L2, iterations=ITERATIONS) -> dict:
    """What the model file says about its training (date from SOURCE_DATE_EPOCH, else none)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    date = (datetime.fromtimestamp(int(epoch), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            if epoch and epoch.strip().isdigit() else None)
    return {"sets": sorted({p.set for p in pages}), "pages": len(pages), "sites": len({p.site for p in pages}),
            "lines": sum(len(p.labels) for p in pages), "l2": l2, "iterations": iterations,
            "command": TRAIN_COMMAND, "date": date}


def train_model(pages: list[Page], *, l2=L2, iterations=ITERATIONS, threshold=THRESHOLD,
                max_words=MAX_WORDS) -> lm.LineModel:
    return lm.train(examples(pages), l2=l2, iterations=iterations, threshold=threshold, max_words=max_words,
                    training=training_record(pages, l2=l2, iterations=iterations))


def reviewed(model: lm.LineModel, page: Page) -> tuple[list[LineLabel], list[int]]:
    """The page's labels after the model's review (the rules' labels are not changed)."""
    labels = list(page.labels)
    changed = lm.review(model, page.f, labels, page.template, page.c, facts=page.facts)
    return labels, changed


@dataclass
class SiteResult:
    site: str
    pages: int
    rules: RoleScore
    model: RoleScore
    removed_by_model: int = 0
    wrongly_removed: int = 0  # lines the gold keeps that the model removed
    text_lost: int = 0  # of those, paragraph or comment text

    def to_dict(self) -> dict:
        return {"site": self.site, "pages": self.pages, "rules": self.rules.to_dict(), "model": self.model.to_dict(),
                "removed_by_model": self.removed_by_model, "wrongly_removed": self.wrongly_removed,
                "text_lost": self.text_lost}


def _keep_score(labels: list[LineLabel], gold: list[list[str]], s: RoleScore) -> None:
    for lab, g in zip(labels, gold):
        gk, pk = g != [REMOVED], not lab.removed
        s.tp += gk and pk
        s.fp += pk and not gk
        s.fn += gk and not pk


def score_site(site: str, pages: list[Page], model: lm.LineModel | None) -> SiteResult:
    r = SiteResult(site, len(pages), RoleScore(), RoleScore())
    for p in pages:
        _keep_score(p.labels, p.gold, r.rules)
        labels, changed = reviewed(model, p) if model is not None else (p.labels, [])
        _keep_score(labels, p.gold, r.model)
        r.removed_by_model += len(changed)
        for i in changed:
            if p.gold[i] != [REMOVED]:
                r.wrongly_removed += 1
                r.text_lost += any(x in TEXT_ROLES for x in p.gold[i])
    return r


def loso(pages: list[Page], *, sites: list[str] | None = None, l2=L2, iterations=ITERATIONS,
         threshold=THRESHOLD, max_words=MAX_WORDS, progress=None) -> list[SiteResult]:
    """Leave one site out: for each site (or each of ``sites``), train on all other sites' pages and
    score the site's pages, rules alone and rules + model."""
    by_site: dict[str, list[Page]] = {}
    for p in pages:
        by_site.setdefault(p.site, []).append(p)
    out = []
    for site in sorted(by_site):
        if sites and site not in sites:
            continue
        rest = [p for p in pages if p.site != site]
        model = lm.train(examples(rest), l2=l2, iterations=iterations, threshold=threshold, max_words=max_words)
        out.append(score_site(site, by_site[site], model))
        if progress:
            progress(out[-1])
    return out


def total(results: list[SiteResult]) -> SiteResult:
    t = SiteResult("all", 0, RoleScore(), RoleScore())
    for r in results:
        t.pages += r.pages
        for a, b in ((t.rules, r.rules), (t.model, r.model)):
            a.tp += b.tp
            a.fp += b.fp
            a.fn += b.fn
        t.removed_by_model += r.removed_by_model
        t.wrongly_removed += r.wrongly_removed
        t.text_lost += r.text_lost
    return t


def format_table(results: list[SiteResult]) -> str:
    head = (f"{'site':<22} {'pages':>5} | {'rules P':>7} {'R':>6} {'F1':>6} | {'+model P':>8} {'R':>6} {'F1':>6}"
            f" | {'removed':>7} {'wrong':>5} {'text':>4}")
    rows = [head, "-" * len(head)]
    for r in results + [total(results)]:
        a, b = r.rules, r.model
        rows.append(f"{r.site:<22} {r.pages:>5} | {a.precision:>7.3f} {a.recall:>6.3f} {a.f1:>6.3f} | "
                    f"{b.precision:>8.3f} {b.recall:>6.3f} {b.f1:>6.3f} | {r.removed_by_model:>7} "
                    f"{r.wrongly_removed:>5} {r.text_lost:>4}")
    return "\n".join(rows)


def format_markdown(results: list[SiteResult]) -> str:
    """The table as Markdown (docs/cleaning.md): every site, then the total."""
    rows = ["| site | pages | rules P | R | F1 | rules + model P | R | F1 | removed by the model | of them wrong | text lost |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results + [total(results)]:
        a, b = r.rules, r.model
        name = f"**{r.site}**" if r.site == "all" else r.site
        rows.append(f"| {name} | {r.pages} | {a.precision:.3f} | {a.recall:.3f} | {a.f1:.3f} | {b.precision:.3f} | "
                    f"{b.recall:.3f} | {b.f1:.3f} | {r.removed_by_model} | {r.wrongly_removed} | {r.text_lost} |")
    return "\n".join(rows)
