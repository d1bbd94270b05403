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
DEV4, HELDOUT2, DEV5 = UNSEEN / "dev4", UNSEEN / "heldout2", UNSEEN / "dev5"
DEV6, HELDOUT3, DEV7, DEV8 = UNSEEN / "dev6", UNSEEN / "heldout3", UNSEEN / "dev7", UNSEEN / "dev8"
DEV9, DEV10, DEV11, HELDOUT4 = UNSEEN / "dev9", UNSEEN / "dev10", UNSEEN / "dev11", UNSEEN / "heldout4"
SETS = [DEV, DEV2, DEV3, DEV4, HELDOUT, HELDOUT2, DEV5, DEV6, HELDOUT3, DEV7, DEV8, DEV9, DEV10, DEV11, HELDOUT4]
PAGES = [p for folder in SETS for p in sorted(folder.glob("*.txt"))]

#: generic-profile line accuracy on heldout/, minus 0.02.  History: 123/228 = 0.5395 when the pages were
#: written; 205/228 = 0.8991 after the first dev round; 206/228 = 0.9035 after the dev2 round (each measured
#: once, by the lead, after the round was finished); 207/228 = 0.9079 after issue 13.
HELDOUT_ACCURACY_FLOOR = 0.888


def _site(page: Path) -> str:
    return page.stem.rsplit("_", 1)[0]


def test_sets_come_from_different_sites():
    sites = [{_site(p) for p in folder.glob("*.txt")} for folder in SETS]
    dev, dev2, dev3, dev4, held, held2, dev5, dev6, held3, dev7, dev8, dev9, dev10, dev11, held4 = sites
    assert len(held) == 5 and len(dev) >= 5  # dev/ grows with pages written by developers
    assert len(dev2) == 8 and len(dev3) == 6
    assert len(dev4) == 6 and len(held2) == 6  # three pages per site: the corpus-level signal
    assert len(dev5) >= 4  # comment threads, related/most-read blocks, live blogs (issue 13, round 2)
    assert len(dev6) == 6 and len(held3) == 6  # written blind to the cleaner (issue 13, round 3)
    assert len(dev7) == 6  # written blind, captured with several tools (issue 13, round 4)
    assert len(dev8) == 6  # written blind, heavy on prose-like chrome (issue 13, round 5)
    assert len(dev9) == 6  # written blind, six capture tools (issue 13, round 6)
    assert len(dev10) == 6  # written blind, measured blind before and after round 6 (the next round's dev set)
    assert len(dev11) == 6  # written blind, six capture tools (markdown, lynx), measured blind before round 8
    assert len(held4) == 6  # held out, written blind, six capture tools, measured once after round 8
    for folder in (DEV4, HELDOUT2, DEV5, DEV6, HELDOUT3, DEV7, DEV8, DEV9, DEV10, DEV11, HELDOUT4):
        pages = sorted(folder.glob("*.txt"))
        assert len(pages) == 3 * len({_site(p) for p in pages}) and len(pages) >= 12 and all(sum(_site(q) == _site(p) for q in pages) == 3 for p in pages)
    assert all(not a & b for k, a in enumerate(sites) for b in sites[k + 1:])
    assert {p.stem for p in PAGES} == {g.stem for g in UNSEEN.glob("*/*.tsv")}


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


#: line keep/drop floors (measured - 0.02; per site measured - 0.05), generic profile, each set cleaned
#: together (the corpus-level signal sees the other pages of the set).  Measured once after the issue-13
#: round, aggregate figures only for the held-out sets (docs/cleaning.md has the before/after table);
#: heldout2 and dev5 re-measured after the second round.
KEEP_FLOORS = {
    # set: (precision, recall, f1, titles right, {site: f1})
    "dev4": (0.97, 0.97, 0.97, 17, {"alghad": 0.93, "alqabas": 0.95, "alsumaria": 0.93, "arabi21": 0.95,
                                    "echoroukonline": 0.95, "okaz": 0.93}),
    # fourth round (lead's measurement after dev7): P 0.875 R 0.955 F1 0.913.
    # third round (lead's single measurement, aggregate/per site only): P 0.871 R 0.924 F1 0.897 -- a real
    # regression from 0.919 (almada 0.870 -> 0.800, independentarabia 0.929 -> 0.889), accepted because the
    # pooled held-out figure rose (P 0.928 -> 0.944, F1 0.943 -> 0.950); docs/cleaning.md says so
    # sixth round (dev9): P 0.900 R 0.955 F1 0.926
    "heldout": (0.88, 0.935, 0.906, 4, {"alhurra": 0.859, "almada": 0.839, "asharqalawsat": 0.859,
                                         "independentarabia": 0.873, "rtarabic": 0.924}),
    # after the second issue-13 round (comment furniture, galleries, live blogs, author boxes): measured
    # P 0.893 R 0.972 F1 0.931 (aggregate only), floors = measured - 0.02, per site - 0.05; third round
    # P 0.934 R 0.972 F1 0.953; fourth round P 0.945 R 0.972 F1 0.958; sixth round P 0.943 R 0.992 F1 0.967
    "heldout2": (0.923, 0.972, 0.947, 18, {"albayan": 0.936, "alforatnews": 0.901, "aljarida": 0.95,
                                            "alsharq": 0.907, "alwasat": 0.922, "ina": 0.913}),
    # dev5 (tuned on in the second round): measured P 0.996 R 0.983 F1 0.990, 18/18 titles
    "dev5": (0.976, 0.963, 0.97, 17, {"alayyam": 0.939, "almodon": 0.95, "alwatannews": 0.938,
                                      "hawarnews": 0.928, "raialyoum": 0.94, "shorouknews": 0.942}),
    # dev6 (third round, written by a helper who never saw the cleaner): measured before any tuning on it
    # P 0.919 R 0.909 F1 0.914, 14/18 titles (the third round's generic signals alone: the same, 0.912);
    # after the third round (tuned on): P 1.000 R 0.977 F1 0.988, 17/18 titles
    "dev6": (0.98, 0.957, 0.968, 17, {"alrakoba": 0.942, "alriyadh": 0.939, "ammonnews": 0.95,
                                      "elaph": 0.941, "elkhabar": 0.924, "euronews": 0.928}),
    # dev3 (one page per site): after the third round P 1.000 R 0.989 F1 0.994, 6/6 titles
    "dev3": (0.98, 0.969, 0.974, 6, {"alakhbar": 0.95, "alkhaleej": 0.95, "almasryalyoum": 0.95,
                                     "alsabaah": 0.95, "annahar": 0.95, "nasnews": 0.923}),
    # heldout3 (third held-out set, measured by the lead, aggregate and per site only): before the third
    # round P 0.965 R 0.952 F1 0.958, 18/18 titles; after the third round P 0.968 R 0.952 F1 0.960; after the
    # fourth (dev7) round P 0.968 R 0.971 F1 0.970; sixth (dev9) round P 0.968 R 0.978 F1 0.973
    "heldout3": (0.948, 0.958, 0.953, 18, {"almaalomah": 0.922, "almanar": 0.924, "alyaoum24": 0.942,
                                           "mosaiquefm": 0.928, "sabq": 0.922, "trtarabi": 0.883}),
    # dev7 (fourth round: six sites captured with different tools, written blind to the cleaner): measured
    # before any change P 0.904 R 0.861 F1 0.882, 7/18 titles (the honest figure); after the fourth round
    # (tuned on) P 1.000 R 0.991 F1 0.995, 18/18 titles
    "dev7": (0.98, 0.971, 0.975, 17, {"addustour": 0.95, "alarab": 0.939, "almasdaronline": 0.941,
                                      "alyaum": 0.95, "ennaharonline": 0.939, "hibapress": 0.95}),
    # dev8 (fifth round: six sites heavy on prose-like chrome, written blind to the cleaner): measured before
    # any change P 0.944 R 0.962 F1 0.953, 15/18 titles (the honest figure); after the fifth round (tuned
    # on) P 0.995 R 0.989 F1 0.992, 18/18 titles
    "dev8": (0.975, 0.969, 0.972, 17, {"almadina": 0.95, "alqudsps": 0.934, "alraijo": 0.95,
                                      "elwatannews": 0.95, "iraqianews": 0.95, "libyaalahrar": 0.917}),
    # dev9 (sixth round: six sites, six capture tools, written blind to the cleaner): measured before any
    # change P 0.973 R 0.928 F1 0.950, 18/18 titles (the honest figure); after the sixth round (tuned on)
    # P 0.989 R 0.996 F1 0.993, 18/18 titles
    "dev9": (0.969, 0.976, 0.973, 17, {"akhbarelyom": 0.916, "aljoumhouria": 0.95, "almasalah": 0.95,
                                      "dw": 0.95, "elbilad": 0.943, "sputnikarabic": 0.95}),
    # dev10 (written blind, measured by the lead only): before the sixth round P 0.981 R 0.930 F1 0.955,
    # 14/18 titles; after it (not tuned on) P 0.982 R 0.933 F1 0.957, 14/18 titles -- the honest figure;
    # after the seventh round (tuned on) P 0.993 R 0.986 F1 0.989, 18/18 titles
    "dev10": (0.973, 0.966, 0.969, 17, {"alanba": 0.95, "alkhaleejonline": 0.95, "alwafd": 0.929,
                                        "arab48": 0.941, "sudantribune": 0.942, "swissinfo": 0.925}),
    # dev11 (eighth round: six sites, six capture tools incl. html2text markdown and lynx -dump, written blind):
    # measured before any change P 0.820 R 0.974 F1 0.890, 15/18 titles (the honest figure); after the eighth
    # round (tuned on) P 1.000 R 0.997 F1 0.998, 18/18 titles
    "dev11": (0.98, 0.976, 0.978, 17, {"akhbaralkhaleej": 0.95, "alseyassah": 0.95, "aps": 0.95, "goud": 0.95,
                                       "mcdoualiya": 0.95, "zamanalwsl": 0.944}),
    # heldout4 (fourth held-out set, six capture tools, written blind; measured once by the lead after the
    # eighth round, aggregate and per site only): P 0.958 R 0.977 F1 0.967, 18/18 titles, but 3 article or
    # comment lines removed (test_article_and_comment_text_is_never_removed marks it, strict xfail); measured
    # a second time after a text-loss hunt on dev probes and constructed pages (told only that count): P 0.958
    # R 0.983 F1 0.971, alnilin 0.947, 1 line still removed
    "heldout4": (0.938, 0.957, 0.947, 18, {"almasirah": 0.95, "alnilin": 0.897, "barlamane": 0.95,
                                           "lusailnews": 0.875, "omandaily": 0.95, "sana": 0.911}),
}


@pytest.mark.parametrize("name", sorted(KEEP_FLOORS))
def test_keep_drop_floors_per_set_and_site(name):
    folder = UNSEEN / name
    report = evaluate(folder, folder, site_profiles=False)
    p, r, f1, titles, sites = KEEP_FLOORS[name]
    k = report.keep()
    assert (k.precision, k.recall, k.f1) >= (p, 0, 0) and k.recall >= r and k.f1 >= f1, (
        f"{name}: keep/drop P {k.precision:.3f} R {k.recall:.3f} F1 {k.f1:.3f}")
    assert report.titles_ok >= titles
    got = {s: d["keep"].f1 for s, d in report.sites().items()}
    assert set(got) == set(sites)
    low = {s: round(v, 3) for s, v in got.items() if v < sites[s]}
    assert not low, f"{name}: per-site keep/drop F1 under its floor: {low}"


def test_corpus_level_signal_helps_on_pages_sharing_a_site():
    """Cleaning dev4's pages together (site template) beats cleaning each page alone."""
    together = evaluate(DEV4, DEV4, site_profiles=False).keep()
    alone = evaluate(DEV4, DEV4, site_profiles=False, site_pages=False).keep()
    assert together.precision > alone.precision and together.recall >= alone.recall


@pytest.mark.parametrize("folder", [DEV, DEV2, DEV3, DEV4, DEV5, DEV6, DEV7, DEV8, DEV9, DEV10, DEV11, HELDOUT,
                                    HELDOUT2, HELDOUT3, pytest.param(HELDOUT4, marks=pytest.mark.xfail(
                                        strict=True, reason="heldout4 loses 1 article/comment line (3 at "
                                        "its blind measurement); held out, so not studied (issue 13 stays open)"))],
                         ids=["dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10", "dev11",
                              "heldout", "heldout2", "heldout3", "heldout4"])
def test_article_and_comment_text_is_never_removed(folder):
    """Prefer keeping text: no line the gold keeps as paragraph or comment text is removed."""
    report = evaluate(folder, folder, site_profiles=False)
    lost = [(f, n, g, p) for f, n, g, p in report.errors
            if p == ["removed"] and {"paragraph", "comment-paragraph"} & set(g)]
    if folder.name.startswith("heldout"):
        assert not lost, f"{len(lost)} article/comment lines removed (held out: measure, do not study the lines)"
    assert lost == []
