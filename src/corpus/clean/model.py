"""A learned second opinion on the rules' keep decisions: a small logistic model over line features.

The rules label the page first; this model then looks at every line the rules *kept* and, only where
it is confident (probability of chrome at least the model's ``threshold``) and the line is short
enough to be chrome (at most ``max_words`` words; article paragraphs are never touched), removes it
with rule id ``model.chrome`` and a reason naming the features that weighed most ("in a run of 6 short
lines; after the article body; repeats on 3 of 3 pages of the site").  The title, lines holding
metadata and lines the rules removed are left as they are: the rules stay the fallback.

The model is data: ``corpus/clean/data/line_model.json`` (``schema/line-model.schema.json``) holds one
weight per feature name (``corpus.clean.linefeatures``), the threshold, and how it was trained (sets,
command, date from SOURCE_DATE_EPOCH or none).  ``train`` is a deterministic, pure-Python L2-regularised
logistic regression (L-BFGS over deduplicated feature vectors, fixed order, no randomness): the same
examples give the same weights, rounded, so the same file bytes.  Whether the model runs is the
profile's ``line_model`` switch (``enabled``; off unless it wins on held-out sites: docs/cleaning.md, 'The learned line model').
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from importlib import resources

from corpus import jsonio, schemas
from corpus.errors import ConfigError
from corpus.clean import linefeatures as lf
from corpus.clean.features import _trim
from corpus.clean.labels import LineLabel, Segment

MODEL_FILE = "line_model.json"
#: the kept roles the model may overturn: running text and its headings, in the article and the comments
#: (the header's metadata, captions and credits are decided by rules with specific evidence)
ACT_ON = ("comment-paragraph", "comment-title", "heading", "paragraph")
#: feature families the model is not trained on: the rules' own decision on the line.  Trained with
#: them, the model learns to echo the rules (they are fit to every labelled page) and never disagrees
#: (0 removals leave-one-site-out); without them it is a second, independent opinion that still sees
#: what the rules decided around the line (neighbours removed, position relative to the article body).
IGNORE = ("role:", "rule:", "rules:")
SCHEMA = "line-model.schema.json"
#: weights are stored with this many decimals (the file is the model: bytes must not depend on the platform)
DECIMALS = 6


@dataclass(frozen=True)
class LineModel:
    """Weights by feature name (``bias`` included) for P(line is chrome), and when to act on it."""

    weights: dict[str, float]
    threshold: float = 0.9
    max_words: int = 12
    roles: tuple[str, ...] = ACT_ON
    ignore: tuple[str, ...] = IGNORE
    training: dict = field(default_factory=dict)

    def score(self, names) -> float:
        z = sum(self.weights.get(n, 0.0) for n in names)
        return _sigmoid(z)

    def explain(self, facts: lf.LineFacts, top: int = 3) -> list[str]:
        """Readable phrases of the features that pushed hardest towards chrome, strongest first."""
        pushes = sorted(((self.weights.get(n, 0.0), n) for n in facts.names if n != "bias"),
                        key=lambda t: (-t[0], t[1]))
        out = []
        for w, n in pushes:
            if w <= 0 or len(out) >= top:
                break
            p = lf.phrase(n, facts.ctx)
            if p and p not in out:
                out.append(p)
        return out

    def to_dict(self) -> dict:
        return {
            "kind": "logistic-regression",
            "target": "removed",
            "description": "P(a line the rules kept is chrome) = sigmoid(sum of the weights of the line's "
                           "active features); see corpus.clean.model and docs/cleaning.md, 'The learned line model'",
            "threshold": self.threshold,
            "max_words": self.max_words,
            "roles": list(self.roles),
            "ignore": list(self.ignore),
            "features": [{"name": n, "weight": w} for n, w in sorted(self.weights.items())],
            "training": self.training,
        }

    @classmethod
    def from_dict(cls, d: dict) -> "LineModel":
        return cls({f["name"]: float(f["weight"]) for f in d["features"]}, float(d["threshold"]),
                   int(d["max_words"]), tuple(d["roles"]), tuple(d["ignore"]), dict(d.get("training", {})))


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@functools.lru_cache(maxsize=None)
def shipped() -> LineModel:
    """The committed model, schema-validated (once per process)."""
    where = f"corpus/clean/data/{MODEL_FILE}"
    f = resources.files("corpus.clean.data").joinpath(MODEL_FILE)
    data = jsonio.parse(f.read_text(encoding="utf-8"), where, ConfigError)
    schemas.check(SCHEMA, data, where, ConfigError)
    return LineModel.from_dict(data)


# -- the second opinion -----------------------------------------------------------------------------
def eligible(lab: LineLabel, words: int, model: LineModel) -> bool:
    """A kept line the model may remove: short, holding no metadata, every kept role one it may overturn."""
    return (not lab.removed and not lab.meta and 0 < words <= model.max_words
            and all(r in model.roles for r in lab.roles))


def review(model: LineModel, f, labels: list[LineLabel], template, c: dict, rule_id: str = "model.chrome",
           facts: list[lf.LineFacts] | None = None) -> list[int]:
    """Remove, in place, the kept lines the model is confident are chrome; returns their indices.

    ``f``: the cleaner's line features, ``labels``: the rules' labels (one per non-blank line),
    ``template``: the page's site statistics or None, ``c``: the profile's compiled structure."""
    facts = facts if facts is not None else lf.extract(f, labels, template, c)
    changed = []
    for i, (lab, x, fx) in enumerate(zip(labels, f, facts)):
        if not eligible(lab, x.words, model):
            continue
        p = model.score(fx.names)
        if p < model.threshold:
            continue
        why = "; ".join(model.explain(fx)) or "its features as a whole"
        s, e = _trim(lab.text, 0, len(lab.text))
        reason = (f"the line model (a second opinion on the rules' '{lab.roles[0]}') puts it at {p:.2f} chrome: "
                  f"{why}")
        labels[i] = LineLabel(lab.number, lab.text, lab.zone, [Segment(s, e, None, rule_id, reason)])
        changed.append(i)
    return changed


# -- training --------------------------------------------------------------------------------------
def train(examples, *, l2: float = 1.0, iterations: int = 300, threshold: float = 0.9, max_words: int = 12,
          roles: tuple[str, ...] = ACT_ON, ignore: tuple[str, ...] = IGNORE, training: dict | None = None) -> LineModel:
    """Fit the weights on ``examples`` (an iterable of (feature names, is_removed)); deterministic.

    L2-penalised logistic loss (the bias is not penalised), minimised by L-BFGS with a backtracking
    line search over the distinct feature vectors (counted), in sorted order; features starting with
    one of ``ignore`` are left out."""
    groups: dict[tuple[str, ...], list[int]] = {}
    for names, y in examples:
        g = groups.setdefault(tuple(sorted({n for n in names if not n.startswith(ignore)})), [0, 0])
        g[1 if y else 0] += 1
    vocab = sorted({n for k in groups for n in k})
    index = {n: j for j, n in enumerate(vocab)}
    rows = [([index[n] for n in k], g[0], g[1]) for k, g in sorted(groups.items())]
    penal = [0.0 if n == "bias" else l2 for n in vocab]
    w = _lbfgs(rows, penal, len(vocab), iterations)
    weights = {n: round(v, DECIMALS) + 0.0 for n, v in zip(vocab, w)}
    return LineModel(weights, threshold, max_words, tuple(roles), tuple(ignore), dict(training or {}))


def _loss_grad(w: list[float], rows, penal) -> tuple[float, list[float]]:
    g = [p * v for p, v in zip(penal, w)]
    loss = 0.5 * sum(p * v * v for p, v in zip(penal, w))
    for idx, n0, n1 in rows:
        z = 0.0
        for j in idx:
            z += w[j]
        # n1 * log(1 + e^-z) + n0 * log(1 + e^z), stably
        if z >= 0:
            lz = math.log1p(math.exp(-z))
            loss += n1 * lz + n0 * (z + lz)
        else:
            lz = math.log1p(math.exp(z))
            loss += n1 * (lz - z) + n0 * lz
        d = (n0 + n1) * _sigmoid(z) - n1
        if d:
            for j in idx:
                g[j] += d
    return loss, g


def _dot(a, b) -> float:
    return sum(x * y for x, y in zip(a, b))


def _lbfgs(rows, penal, dim: int, iterations: int, memory: int = 8, tol: float = 1e-6) -> list[float]:
    w = [0.0] * dim
    loss, g = _loss_grad(w, rows, penal)
    hist: list[tuple[list[float], list[float], float]] = []
    for _ in range(iterations):
        # two-loop recursion: d = -H g
        q = list(g)
        alphas = []
        for s, y, rho in reversed(hist):
            a = rho * _dot(s, q)
            alphas.append(a)
            q = [qi - a * yi for qi, yi in zip(q, y)]
        if hist:
            s, y, _ = hist[-1]
            gamma = _dot(s, y) / _dot(y, y)
            q = [gamma * qi for qi in q]
        else:
            q = [qi / max(1.0, math.sqrt(_dot(g, g))) for qi in q]
        for (s, y, rho), a in zip(hist, reversed(alphas)):
            b = rho * _dot(y, q)
            q = [qi + (a - b) * si for qi, si in zip(q, s)]
        d = [-qi for qi in q]
        slope = _dot(g, d)
        if slope >= 0:  # not a descent direction: restart from the gradient
            hist.clear()
            d = [-gi for gi in g]
            slope = -_dot(g, g)
        step = 1.0
        while True:
            w2 = [wi + step * di for wi, di in zip(w, d)]
            loss2, g2 = _loss_grad(w2, rows, penal)
            if loss2 <= loss + 1e-4 * step * slope or step < 1e-10:
                break
            step *= 0.5
        s = [a - b for a, b in zip(w2, w)]
        y = [a - b for a, b in zip(g2, g)]
        sy = _dot(s, y)
        if sy > 1e-12:
            hist.append((s, y, 1.0 / sy))
            if len(hist) > memory:
                hist.pop(0)
        done = abs(loss - loss2) <= tol * max(1.0, abs(loss))
        w, loss, g = w2, loss2, g2
        if done:
            break
    return w


def dumps(model: LineModel) -> str:
    """The model file's text: sorted keys, two-space indent, final newline (byte-stable)."""
    import json

    return json.dumps(model.to_dict(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
