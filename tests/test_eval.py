"""Gold labels and the evaluation: exact on the seeds, scores computed correctly, clear errors."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.cli.main import main
from corpus.errors import ValidationError
from corpus.document.evaluate import Report, evaluate, format_report, read_gold, score_document

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold"
SEEDS = ROOT / "seeds"


def test_gold_covers_every_nonblank_line_of_every_seed():
    from corpus.text import raw as rawtext

    seeds = sorted(SEEDS.glob("*.txt"))
    assert len(seeds) == 5 and len(list(GOLD.glob("*.tsv"))) == 5
    for seed in seeds:
        gold = read_gold(GOLD / (seed.stem + ".tsv"))
        raw = rawtext.read(seed)
        assert sorted(gold) == [ln.number for ln in raw.lines if ln.text.strip()]


@pytest.mark.parametrize("site", [True, False])
def test_full_system_exact_on_seeds(site):
    report = evaluate(GOLD, SEEDS, site_profiles=site)
    assert report.errors == []
    assert report.lines == 141 and report.accuracy == 1.0
    assert all(s.precision == s.recall == 1.0 for s in report.roles.values())
    assert set(report.roles) >= {"title", "paragraph", "caption", "credit", "comment-author", "removed"}


def test_scores_count_line_role_pairs():
    r = Report(site_profiles=True)
    gold = {1: ["title"], 2: ["heading", "credit", "caption"], 3: ["removed"], 4: ["paragraph"]}
    pred = {1: ["title"], 2: ["credit", "caption"], 3: ["paragraph"], 4: ["paragraph"]}
    score_document(r, "x.txt", gold, pred)
    assert (r.roles["heading"].tp, r.roles["heading"].fn) == (0, 1)
    assert r.roles["credit"].tp == 1 and r.roles["caption"].tp == 1
    p = r.roles["paragraph"]
    assert (p.tp, p.fp, p.fn) == (1, 1, 0) and p.precision == 0.5 and p.recall == 1.0
    assert r.roles["removed"].recall == 0.0
    assert r.exact_lines == 2 and r.accuracy == 0.5
    assert "x.txt:2: gold heading|credit|caption, predicted credit|caption" in format_report(r)


def test_missing_or_extra_lines_are_errors():
    with pytest.raises(ValidationError, match="no gold label"):
        score_document(Report(True), "x.txt", {1: ["title"]}, {1: ["title"], 2: ["paragraph"]})
    with pytest.raises(ValidationError, match="blank or missing"):
        score_document(Report(True), "x.txt", {1: ["title"], 5: ["paragraph"]}, {1: ["title"]})


def test_bad_gold_file_names_file_and_line(tmp_path):
    f = tmp_path / "g.tsv"
    f.write_text("# c\n1\ttitle\tok\n2\tparagrap\ttypo\n", encoding="utf-8")
    with pytest.raises(ValidationError) as e:
        read_gold(f)
    assert "g.tsv:3" in str(e.value) and "paragrap" in str(e.value)
    f.write_text("1\tremoved|title\tx\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="cannot be combined"):
        read_gold(f)


def test_eval_cli_table_and_json():
    r = CliRunner().invoke(main, ["eval"])
    assert r.exit_code == 0, r.output
    assert "lines exact: 141/141 = 1.000 (site profiles on)" in r.output
    r = CliRunner().invoke(main, ["eval", "--no-site-profiles", "--json"])
    data = json.loads(r.output)
    assert data["site_profiles"] is False and data["accuracy"] == 1.0
    assert set(data["profiles"].values()) == {"generic"}


def test_eval_cli_bad_folder(tmp_path):
    r = CliRunner().invoke(main, ["eval", "--gold", str(tmp_path)])
    assert r.exit_code == 1 and "no gold files" in r.output


def test_keep_drop_and_titles_are_scored_per_page_and_site():
    r = Report(site_profiles=False)
    score_document(r, "site_1.txt", {1: ["title"], 2: ["removed"], 3: ["paragraph"], 4: ["removed"]},
                   {1: ["title"], 2: ["heading"], 3: ["removed"], 4: ["removed"]})
    score_document(r, "site_2.txt", {1: ["removed"], 2: ["title"]}, {1: ["title"], 2: ["title"]})
    score_document(r, "other_1.txt", {1: ["title"]}, {1: ["title"]})
    k = r.keep()
    assert (k.tp, k.fp, k.fn) == (3, 2, 1)
    assert r.titles_ok == 2 and [p.title_ok for p in r.pages] == [True, False, True]
    sites = r.sites()
    assert set(sites) == {"site", "other"} and sites["site"]["pages"] == 2
    assert (sites["site"]["keep"].tp, sites["site"]["keep"].fp, sites["site"]["keep"].fn) == (2, 2, 1)
    out = format_report(r, errors=False)
    assert "keep/drop: P 0.600 R 0.750 F1 0.667" in out and "titles right: 2/3" in out
    assert "site_1.txt:2" not in out and "site_1.txt:2" in format_report(r)
    d = r.to_dict()
    assert d["keep"]["tp"] == 3 and d["sites"]["site"]["keep"]["fp"] == 2


def test_eval_cli_summary_prints_no_line_errors_and_takes_a_folder_of_sets():
    r = CliRunner().invoke(main, ["eval", "--summary", "--gold", str(ROOT / "tests" / "unseen"),
                                  "--seeds", str(ROOT / "tests" / "unseen"), "--no-site-profiles"])
    assert r.exit_code == 0, r.output[-500:]
    assert "keep/drop:" in r.output and "alghad" in r.output and "aljazeera" in r.output
    assert ".txt:" not in r.output
