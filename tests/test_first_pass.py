"""The build's first pass (per-site template statistics) runs on the build's workers: each page is
summarised where it is read (``pipeline.page_summary``) and the summaries are added up in the parent
in catalog order (``pipeline.reduce_summaries``).  These tests pin that split to the serial
``Collector.add`` it replaces: the same TemplateStats whatever the page order, whichever process
summarised which page, and on every engine; and the profile the first pass chooses for a page is the
one the main pass would choose itself."""
from __future__ import annotations

import pickle
import random
import sys
from pathlib import Path

from hypothesis import given, settings, strategies as st

from corpus.build import engines
from corpus.build import run as build
from corpus.clean import template as tpl
from corpus.document import pipeline
from corpus.project import catalog
from corpus.text import sources

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

#: a small vocabulary of chrome and article lines, so that random pages share chrome (and get grouped)
#: or do not, and keys repeat across pages of one site
CHROME = ["الرئيسية", "أخبار عاجلة", "اتصل بنا", "سياسة الخصوصية", "رياضة", "اقتصاد", "ثقافة", "منوعات",
          "تابعونا على فيسبوك", "جميع الحقوق محفوظة", "من نحن", "الأكثر قراءة", "فيديو", "صور",
          "1 الحكومة تعلن عن خطة جديدة لدعم الاقتصاد", "[12]مقالات", "• آراء"]
ARTICLE = ["قال وزير الخارجية إن المحادثات ستستمر الأسبوع المقبل في العاصمة.", "12 مايو 2024",
           "وأضاف أن الوضع الإنساني يتدهور بسرعة في المنطقة الجنوبية من البلاد.", ""]
PAGE = st.lists(st.sampled_from(CHROME + ARTICLE), min_size=0, max_size=30)
SITE = st.sampled_from([None, None, None, "site:a", "site:b"])


def _serial(pages, sites) -> tpl.TemplateStats:
    c = tpl.Collector()
    for (name, lines), site in zip(pages, sites):
        c.add(name, lines, site, "catalog" if site else "profile")
    return c.result()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(PAGE, SITE), min_size=0, max_size=25), st.randoms(use_true_random=False))
def test_summaries_added_in_order_equal_the_serial_collector(pages, rng):
    named = [(f"p{i:03d}.txt", lines) for i, (lines, _site) in enumerate(pages)]
    sites = [site for _lines, site in pages]
    order = list(range(len(named)))
    rng.shuffle(order)  # summarised in any order (as workers finish), each one sent through pickle
    done = {}
    for i in order:
        keys, short = tpl.page_keys(named[i][1])
        done[i] = pickle.loads(pickle.dumps(pipeline.PageSummary(named[i][0], keys, short, sites[i],
                                                                 "catalog" if sites[i] else "profile")))
    got = pipeline.reduce_summaries(done[i] for i in range(len(named)))
    want = _serial(named, sites)
    assert got == want
    assert got.to_dict() == want.to_dict()


def _unseen_pages():
    return sorted(p for p in (ROOT / "tests/unseen").glob("dev*/*.txt"))


def test_site_statistics_equals_collector_add_on_real_pages():
    """pipeline.site_statistics (now reduce_summaries of page_summary) against Collector.add as the first
    pass ran before the split, on real pages of many sites, in two orders."""
    pages = _unseen_pages()
    raws = [(p.parent.name + "/" + p.name, sources.read(p)) for p in pages]
    for items in (raws, raws[::-1]):
        for site_profiles in (True, False):
            c = tpl.Collector()
            for name, raw in items:
                c.add(name, [ln.text for ln in raw.lines], pipeline.page_site(raw, site_profiles), "profile")
            assert pipeline.site_statistics(items, site_profiles=site_profiles) == c.result()


def test_profile_choice_of_the_first_pass_is_the_main_pass_profile():
    for p in _unseen_pages() + sorted((ROOT / "seeds").glob("*.txt")):
        raw = sources.read(p)
        s = pipeline.page_summary(p.name, raw)
        assert pipeline._profile(raw, True) is pipeline.profiles.compile_profile(*s.choice)
        assert s.site == pipeline.page_site(raw, True)
        assert pipeline.page_summary(p.name, raw, site_profiles=False).choice is None


def test_build_first_pass_is_the_same_on_one_and_two_processes(tmp_path):
    import shutil

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for p in _unseen_pages():
        shutil.copy(p, seeds / f"{p.parent.name}_{p.name}")
    listed = catalog.scan(seeds)
    catalog.write(seeds, listed)
    units = list(build.expand(str(seeds), catalog.load(seeds)))
    serial = pipeline.site_statistics([(u.file, sources.read(seeds / u.file)) for u in units])
    for jobs in (1, 2):
        with engines.session(jobs=jobs) as run_all:
            choices: list = []
            got = build._site_stats(str(seeds), units, True, False, run_all, choices)
        assert got == serial and got.to_dict() == serial.to_dict()
        assert len(choices) == len(units) and all(c is not None for c in choices)
    random.Random(3).shuffle(units)  # another catalog order: the serial first pass of that order
    with engines.session(jobs=2) as run_all:
        assert build._site_stats(str(seeds), units, True, False, run_all) == \
            pipeline.site_statistics([(u.file, sources.read(seeds / u.file)) for u in units])


def test_a_catalog_site_groups_the_pages_of_the_build(tmp_path):
    """The catalog's ``site`` field names a page's site in the build's first pass (it was read from a
    field catalog entries do not have, so a catalog's sites never reached the build)."""
    import dataclasses
    import shutil

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    pages = sorted((ROOT / "tests/unseen/dev4").glob("alghad_*.txt"))
    for p in pages:
        shutil.copy(p, seeds / p.name)
    shutil.copy(sorted((ROOT / "seeds").glob("*.txt"))[0], seeds / "other.txt")
    listed = [dataclasses.replace(s, site="الغد") if s.file.startswith("alghad_") else s
              for s in catalog.scan(seeds)]
    catalog.write(seeds, listed)
    units = list(build.expand(str(seeds), catalog.load(seeds)))
    stats = build._site_stats(str(seeds), units, True)
    for p in pages:
        got = stats.for_page(p.name)
        assert got is not None and got.site == "الغد" and got.how == "catalog" and got.pages == len(pages)
    assert stats.for_page("other.txt") is None or stats.for_page("other.txt").site != "الغد"
