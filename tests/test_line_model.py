"""The learned line model (corpus.clean.model): deterministic training, a valid model file, readable
removals in the audit, the seeds exact with the model on, and the leave-one-site-out evaluation."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus import schemas
from corpus.cli.main import main as cli
from corpus.clean import linefeatures as lf
from corpus.clean import model as lm
from corpus.document import learn
from corpus.document.evaluate import evaluate

ROOT = Path(__file__).resolve().parent.parent
DEV2 = ROOT / "tests" / "unseen" / "dev2"


@pytest.fixture(scope="module")
def dev2_pages():
    return learn.load_set("dev2", DEV2, DEV2, False)


def test_training_is_deterministic_and_the_file_validates(dev2_pages):
    a = lm.dumps(learn.train_model(dev2_pages, iterations=60))
    b = lm.dumps(learn.train_model(list(dev2_pages), iterations=60))
    assert a == b  # same bytes twice
    data = json.loads(a)
    schemas.check(lm.SCHEMA, data, "trained model")
    names = [f["name"] for f in data["features"]]
    assert names == sorted(names) and "bias" in names
    # the rules' own label is extracted as a feature, but the model is not trained on it
    assert any("rules:kept" in fx.names for p in dev2_pages for fx in p.facts)
    assert not any(n.startswith(tuple(data["ignore"])) for n in names)
    assert data["training"]["sets"] == ["dev2"] and data["training"]["pages"] == 8


def test_training_date_comes_from_source_date_epoch(dev2_pages, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert learn.training_record(dev2_pages)["date"] == "2023-11-14T22:13:20Z"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert learn.training_record(dev2_pages)["date"] is None


def test_shipped_model_validates_and_says_how_it_was_trained():
    m = lm.shipped()
    t = m.training
    assert t["command"] == learn.TRAIN_COMMAND
    assert not any("heldout" in s for s in t["sets"]) and "gold" in t["sets"]
    assert t["pages"] >= 60 and t["sites"] >= 20
    assert m.threshold >= 0.9 and "title" not in m.roles


def test_a_model_file_that_breaks_the_schema_is_refused():
    data = json.loads(lm.dumps(lm.shipped()))
    assert not schemas.errors(lm.SCHEMA, data)
    for bad in ({"threshold": 0.3}, {"kind": "neural"}, {"training": {**data["training"], "sets": ["heldout2"]}},
                {"features": [{"name": "bias", "weight": "1"}]}):
        assert schemas.errors(lm.SCHEMA, {**data, **bad}), bad


def test_held_out_sets_are_never_loaded():
    with pytest.raises(ValueError, match="held-out"):
        learn.load(ROOT, sets=(("h", "tests/unseen/heldout2", "tests/unseen/heldout2", False),))


def test_trainer_learns_a_separable_signal():
    ex = [(["bias", "a:x"], True)] * 20 + [(["bias", "a:y"], False)] * 20
    m = lm.train(ex, l2=0.1, iterations=100, ignore=())
    assert m.score(["bias", "a:x"]) > 0.9 > 0.1 > m.score(["bias", "a:y"])


def test_phrases_quote_the_context():
    assert lf.phrase("run:4-6", {"run": 5}) == "in a run of 5 short lines"
    assert lf.phrase("site:all", {"tpl": 3, "pages": 3}) == "repeats on 3 of 3 pages of the site"
    assert lf.phrase("site:all", {}) == "repeats on several of several pages of the site"  # never a KeyError
    assert lf.phrase("bias", {}) == ""


@pytest.fixture
def eager_model(monkeypatch):
    """A model that calls every eligible line chrome (bias only), in place of the shipped one."""
    m = lm.LineModel({"bias": 8.0, "pos:after-body": 1.0, "words:2": 0.5}, threshold=0.9, max_words=12)
    monkeypatch.setattr(lm, "shipped", lambda: m)
    return m


def test_a_removal_carries_its_rule_and_reason_in_the_audit(eager_model):
    page = DEV2 / "masrawy_1.txt"
    res = CliRunner().invoke(cli, ["clean", "--json", "--no-site-profiles", "--line-model", str(page)])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)["lines"]
    segs = [s for r in rows for s in r["segments"]]
    model = [s for s in segs if s["rule"] == "model.chrome"]
    assert model, "the eager model removed nothing"
    for s in model:
        assert s["reason"].startswith("the line model (a second opinion on the rules'")
        assert "puts it at 1.00 chrome" in s["reason"]
        assert len(s["text"].split()) <= eager_model.max_words
    # only running text is overturned: the title, the date and long paragraphs stay as the rules said
    kept = {s["kept"] for s in segs if s["kept"]}
    assert {"title", "date"} <= kept
    assert any(s["kept"] == "paragraph" and len(s["text"].split()) > 12 for s in segs)
    # switched off (the default profile), the same page has no model removal
    res = CliRunner().invoke(cli, ["clean", "--json", "--no-site-profiles", str(page)])
    assert "model.chrome" not in res.output


def test_review_leaves_lines_it_may_not_touch(dev2_pages, eager_model):
    for p in dev2_pages:
        labels, changed = learn.reviewed(eager_model, p)
        for i, (old, new) in enumerate(zip(p.labels, labels)):
            if i in changed:
                assert set(old.roles) <= set(eager_model.roles) and not old.meta and new.removed
            else:
                assert new is old


def test_seeds_stay_exact_with_the_shipped_model_on():
    report = evaluate(ROOT / "tests" / "gold", ROOT / "seeds", line_model=True)
    assert report.exact_lines == report.lines > 0


def test_loso_rules_column_is_what_corpus_eval_scores(dev2_pages):
    sites = ["ahram", "masrawy"]
    res = learn.loso(dev2_pages, sites=sites, iterations=40)
    assert [r.site for r in res] == sites
    report = evaluate(DEV2, DEV2, site_profiles=False, line_model=False).sites()
    for r in res:
        k = report[r.site]["keep"]
        assert (r.rules.tp, r.rules.fp, r.rules.fn) == (k.tp, k.fp, k.fn)
        assert r.model.tp + r.model.fn == r.rules.tp + r.rules.fn  # the same gold lines
    assert "all" in learn.format_table(res)


def test_loso_script_runs_on_a_small_subset():
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run([sys.executable, "bench/line_model.py", "loso", "--sets", "dev2", "--sites",
                          "ahram,anadolu", "--json"], cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [s["site"] for s in data["sites"]] == ["ahram", "anadolu"]
    assert data["total"]["pages"] == 2
