"""Pages from sites the cleaner has never seen (tests/unseen/README.md): lossless, valid, and no regression.

The held-out floor is the generic profile's measured line accuracy minus 0.02; raise it when the
cleaner honestly improves.  Never tune rules on tests/unseen/heldout (see the README there).
"""
from pathlib import Path

import pytest

from corpus.text import raw as rawtext
from corpus.document.evaluate import evaluate, read_gold
from corpus.document.model import reconstruct
from corpus.document.pipeline import process
from corpus.document.validate import validate_data

UNSEEN = Path(__file__).parent / "unseen"
DEV, DEV2, DEV3, HELDOUT = UNSEEN / "dev", UNSEEN / "dev2", UNSEEN / "dev3", UNSEEN / "heldout"
PAGES = (sorted(DEV.glob("*.txt")) + sorted(DEV2.glob("*.txt")) + sorted(DEV3.glob("*.txt"))
         + sorted(HELDOUT.glob("*.txt")))

#: generic-profile line accuracy on heldout/, minus 0.02.  History: 123/228 = 0.5395 when the pages were
#: written; 205/228 = 0.8991 after the first dev round; 206/228 = 0.9035 after the dev2 round (each measured
#: once, by the lead, after the round was finished).
HELDOUT_ACCURACY_FLOOR = 0.884


def _site(page: Path) -> str:
    return page.stem.rsplit("_", 1)[0]


def test_sets_come_from_different_sites():
    dev = {_site(p) for p in DEV.glob("*.txt")}
    dev2 = {_site(p) for p in DEV2.glob("*.txt")}
    dev3 = {_site(p) for p in DEV3.glob("*.txt")}
    held = {_site(p) for p in HELDOUT.glob("*.txt")}
    assert len(held) == 5 and len(dev) >= 5  # dev/ grows with pages written by developers
    assert len(dev2) == 8 and len(dev3) == 6
    sets = [dev, dev2, dev3, held]
    assert all(not a & b for k, a in enumerate(sets) for b in sets[k + 1:])
    # the sets this test knows (dev4/ and heldout2/ from branch data are checked by their own tests)
    known = ("dev", "dev2", "dev3", "heldout")
    assert {p.stem for p in PAGES} == {g.stem for g in UNSEEN.glob("*/*.tsv") if g.parent.name in known}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_gold_labels_every_nonblank_line(page):
    gold = read_gold(page.with_suffix(".tsv"))
    raw = rawtext.read(page)
    assert sorted(gold) == [ln.number for ln in raw.lines if not ln.blank]
    kept = {r for roles in gold.values() for r in roles} - {"removed"}
    assert {"title", "paragraph"} <= kept, "every page has an article"


@pytest.mark.parametrize("site_profiles", [True, False], ids=["full", "generic"])
@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_pipeline_loses_nothing_and_validates(page, site_profiles):
    data = page.read_bytes()
    raw = rawtext.decode(data, page.name)
    doc = process(raw, site_profiles=site_profiles)
    assert reconstruct(doc) == data.decode("utf-8-sig")
    assert validate_data(doc.to_dict(), page.name, raw) == []


def test_unseen_pages_exercise_line_ends_and_bom():
    raws = [p.read_bytes() for p in PAGES]
    assert any(b.startswith(b"\xef\xbb\xbf") for b in raws)
    assert any(b"\r\n" in b for b in raws) and any(b"\r\n" not in b for b in raws)


def test_heldout_generic_accuracy_does_not_regress():
    report = evaluate(HELDOUT, HELDOUT, site_profiles=False)
    assert report.lines == 228
    assert report.accuracy >= HELDOUT_ACCURACY_FLOOR, (
        f"held-out line accuracy fell to {report.accuracy:.4f} (floor {HELDOUT_ACCURACY_FLOOR})")
    # no site profile may claim a held-out site: that would be tuning on it
    assert set(report.profiles.values()) == {"generic"}
    report_full = evaluate(HELDOUT, HELDOUT, site_profiles=True)
    assert set(report_full.profiles.values()) == {"generic"}


@pytest.mark.parametrize("folder", [DEV, DEV2, DEV3, HELDOUT], ids=["dev", "dev2", "dev3", "heldout"])
def test_article_and_comment_text_is_never_removed(folder):
    """Prefer keeping text: no line the gold keeps as paragraph or comment text is removed."""
    report = evaluate(folder, folder, site_profiles=False)
    lost = [(f, n, g, p) for f, n, g, p in report.errors
            if p == ["removed"] and {"paragraph", "comment-paragraph"} & set(g)]
    assert lost == []
