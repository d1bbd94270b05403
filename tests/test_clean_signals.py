"""Issue 13 signals (docs/cleaning.md, "Signals that hold on any site"): repetition within a page and
across the pages of a site, teaser blocks, tickers, Latin-script lines, interview turns, player chrome.
One test per signal, each on a page written for it, plus the template statistics as a pure function."""
from click.testing import CliRunner

from corpus.cli.main import main
from corpus.clean import template as tpl
from corpus.clean.engine import clean
from corpus.clean.profiles import compile_profile
from corpus.document.evaluate import line_roles
from corpus.document.pipeline import process, site_statistics
from corpus.text import raw as rawtext

PARA = "وقال المتحدث باسم الحكومة في بيان صدر اليوم إن المفاوضات مستمرة بين الطرفين منذ أسابيع عدة."
PARA2 = "وأضاف أن الوزارة ستعلن تفاصيل الخطة خلال الأيام المقبلة بعد التشاور مع المحافظات المعنية بالأمر."
TITLE = "الحكومة تعلن خطة جديدة لإصلاح قطاع الكهرباء"


def raw_of(text: str, name: str = "page.txt"):
    return rawtext.decode(text.encode("utf-8"), name)


def labels(text: str, template=None):
    return {lab.number: lab for lab in clean(raw_of(text), compile_profile(None), template)}


def roles(text: str, template=None) -> dict[int, list[str]]:
    return {n: lab.roles for n, lab in labels(text, template).items()}


def rule(lab) -> str:
    return lab.segments[0].rule


# -- within-page repetition -----------------------------------------------------------------------
def test_title_repeated_in_a_teaser_list_stays_title_copy_removed():
    text = "\n".join([TITLE, "12 مايو 2024", PARA, PARA2, "", "الأكثر تداولا اليوم", TITLE,
                      "ارتفاع أسعار النفط في الأسواق العالمية", ""])
    labs = labels(text)
    assert labs[1].roles == ["title"]
    assert labs[7].roles == ["removed"]


def test_repeated_line_in_body_is_removed_with_the_other_line_named():
    text = "\n".join([TITLE, "12 مايو 2024", PARA, "أخبار ذات صلة بالموضوع", PARA2, "أخبار ذات صلة بالموضوع", PARA, ""])
    labs = labels(text)
    assert labs[6].roles == ["removed"] and rule(labs[6]) == "struct.repeated"
    assert "line 4" in labs[6].segments[0].reason
    # prose quoted again is article text: both copies of the paragraph stay
    assert labs[3].roles == ["paragraph"] and labs[7].roles == ["paragraph"]


def test_double_menu_in_header_keeps_the_last_copy_as_title():
    text = "\n".join([TITLE, "أخبار", "سياسة", "رياضة", "", TITLE, "12 مايو 2024", PARA, ""])
    r = roles(text)
    assert r[1] == ["removed"] and r[6] == ["title"] and r[7] == ["date"]


# -- teaser blocks, tickers --------------------------------------------------------------------------
def test_teaser_block_of_headline_and_relative_time_pairs_is_removed():
    text = "\n".join([TITLE, "12 مايو 2024", PARA, PARA2, "",
                      "العمليات المشتركة تحبط محاولة تسلل على الحدود", "منذ 3 ساعات",
                      "الأنواء الجوية تصدر توقعاتها لطقس الأيام المقبلة", "قبل 5 ساعات",
                      "المالية تحدد موعد إطلاق رواتب الموظفين", "منذ يومين", ""])
    labs = labels(text)
    assert all(labs[n].roles == ["removed"] for n in range(6, 12))
    assert {rule(labs[n]) for n in range(6, 12)} <= {"struct.teaser-block", "struct.updated", "struct.orphan-heading"}
    assert rule(labs[6]) == "struct.teaser-block"


def test_ticker_of_glued_headlines_is_removed_but_byline_place_date_is_not_a_ticker():
    ticker = "مجلس الوزراء يقرر تعطيل الدوام الرسمي ● الأنواء الجوية تتوقع ارتفاع الحرارة ● وزارة النفط تعلن زيادة الصادرات"
    labs = labels("\n".join([ticker, TITLE, "12 مايو 2024", PARA, ""]))
    assert labs[1].roles == ["removed"] and rule(labs[1]) == "struct.ticker"
    assert labs[2].roles == ["title"]
    r = roles("\n".join([TITLE, "محمد علي | بغداد | 12 مايو 2024", PARA, ""]))
    assert r[2] != ["removed"]


# -- script and language -------------------------------------------------------------------------------
def test_english_agency_caption_removed_its_arabic_credit_kept():
    text = "\n".join([TITLE, "12 مايو 2024", PARA,
                      "Members of Iraq's security forces ride in a military vehicle near the border. REUTERS/File Photo",
                      "رويترز", PARA2, ""])
    labs = labels(text)
    assert labs[4].roles == ["removed"] and rule(labs[4]) == "struct.latin-line"
    assert labs[5].roles == ["credit"]


def test_quoted_latin_line_is_article_text():
    text = "\n".join([TITLE, "12 مايو 2024", PARA, '"We will not leave Iraq before the job is done," he said.', PARA2, ""])
    assert roles(text)[4] == ["paragraph"]


# -- interviews -------------------------------------------------------------------------------------
def test_labelled_interview_turns_are_paragraphs():
    text = "\n".join([TITLE, "حاوره: محمد الكيالي", "12 مايو 2024", PARA,
                      "س: كيف تقرأ الموازنة الحالية؟", "ج: هي موازنة كبيرة بالأرقام لكنها تشغيلية في معظمها.",
                      "س: وماذا عن القطاع الخاص؟", "ج: ما يزال يعيش على العقود الحكومية.", ""])
    r = roles(text)
    assert r[2] == ["byline"]
    assert [r[n] for n in range(5, 9)] == [["paragraph"]] * 4


def test_bare_question_lines_of_an_interview_are_paragraphs_a_lone_question_heading_is_not():
    qa = []
    for q in ("أين وصل ملف المفقودين؟", "هل يؤثر قرار المحكمة على الاتفاقية؟", "كيف تقيمون التعاون الاقتصادي؟"):
        qa += [q, PARA2]
    r = roles("\n".join([TITLE, "12 مايو 2024", PARA] + qa + [""]))
    assert [r[n] for n in range(4, 10)] == [["paragraph"]] * 6
    r = roles("\n".join([TITLE, "12 مايو 2024", PARA, "ما الذي تبقى من الاتفاق؟", PARA2, ""]))
    assert r[4] == ["heading"]


# -- title choice ------------------------------------------------------------------------------------
def test_player_controls_and_duration_are_never_the_title():
    text = "\n".join(["تشغيل", "مدة الفيديو 02:47", "كتم الصوت", "ملء الشاشة", TITLE, "12 مايو 2024", PARA, ""])
    labs = labels(text)
    assert [labs[n].roles for n in range(1, 5)] == [["removed"]] * 4
    assert rule(labs[2]) == "chrome.player"
    assert labs[5].roles == ["title"]


def test_published_label_with_time_glued_to_the_date_is_the_date_not_a_title():
    r = roles("\n".join([TITLE, "رهام زيدان", "نُشر في: 12:40-20 مايو 2024", PARA, ""]))
    assert r[1] == ["title"] and r[2] == ["byline"] and r[3] == ["date"]


# -- corpus-level repetition per site ----------------------------------------------------------------
CHROME_TOP = ["موقع الأخبار العراقية", "الرئيسية", "سياسة", "اقتصاد", "رياضة", "منوعات", "تكنولوجيا", "اتصل بنا"]
ABOUT = "موقع الأخبار العراقية منصة إخبارية مستقلة تأسست عام 2010 وتقدم تغطية شاملة لأخبار العراق والمنطقة."
HEADLINES = [f"عنوان الخبر رقم {n} عن الأحداث الجارية في البلاد" for n in range(1, 11)]


def site_page(n: int) -> str:
    """Page n of a site: shared chrome, its own title, a 'most read' list of the other pages' titles."""
    teasers = [h for k, h in enumerate(HEADLINES, 1) if k != n][:4]
    body = [HEADLINES[n - 1], "12 مايو 2024", f"{PARA[:-1]} في الجولة {n}.", f"{PARA2[:-1]} رقم {n}.", "",
            "مواضيع مختارة للقارئ"]
    for h in teasers:
        body += [h, "12 مايو 2024"]
    return "\n".join(CHROME_TOP + [""] + body + ["", ABOUT, "جميع الحقوق محفوظة", ""])


def test_template_statistics_are_a_pure_function_and_group_pages_by_shared_chrome():
    pages = {f"site_{n}.txt": site_page(n).split("\n") for n in range(1, 6)}
    other = "\n".join(["صحيفة أخرى", "محليات", "دوليات", TITLE, "12 مايو 2024", PARA, ""]).split("\n")
    stats = tpl.collect({**pages, "other_1.txt": other})
    assert stats == tpl.collect({**pages, "other_1.txt": other})
    assert len({stats.page_site[n] for n in pages}) == 1
    assert stats.page_site["other_1.txt"] != stats.page_site["site_1.txt"]
    site = stats.for_page("site_3.txt")
    assert site.pages == 5 and site.how == "shared chrome"
    assert site.count(tpl.line_key(ABOUT)) == 5
    assert tpl.is_template(site, tpl.line_key(ABOUT)) and not tpl.is_template(site, tpl.line_key(f"{PARA[:-1]} في الجولة 3."))
    assert "repeats on 5 of 5 pages" in tpl.reason(site, tpl.line_key(ABOUT))
    assert tpl.TemplateStats.from_dict(stats.to_dict()) == stats
    # known sites (catalog source, profile) are taken as given
    known = tpl.collect(pages, {n: "example.org" for n in pages}, how={n: "catalog" for n in pages})
    assert known.for_page("site_1.txt").site == "example.org" and known.for_page("site_1.txt").how == "catalog"


def test_a_headline_that_is_chrome_on_other_pages_stays_this_pages_title():
    raws = {f"site_{n}.txt": raw_of(site_page(n), f"site_{n}.txt") for n in range(1, 11)}
    stats = site_statistics(raws, site_profiles=False)
    for name, raw in raws.items():
        n = int(name[5:-4])
        doc = process(raw, site_profiles=False, template=stats.for_page(name))
        assert doc.metadata["title"].value == HEADLINES[n - 1]
        r = line_roles(doc)
        about = next(ln.number for ln in raw.lines if ln.text == ABOUT)
        assert r[about] == ["removed"]
        rules = {x.src.line: x for x in doc.removed}
        assert rules[about].rule == "struct.site-template" and "of 10 pages" in rules[about].reason
        assert [b.role for b in doc.article].count("paragraph") == 2
        kept = {b.text for b in doc.article}
        assert not kept & (set(HEADLINES) - {HEADLINES[n - 1]})


def test_without_the_other_pages_the_about_blurb_is_kept_as_text():
    """The corpus-level signal is what removes prose-like chrome: page by page it reads as a paragraph."""
    raw = raw_of(site_page(1))
    about = next(ln.number for ln in raw.lines if ln.text == ABOUT)
    assert line_roles(process(raw, site_profiles=False))[about] == ["paragraph"]


def test_clean_cli_shows_the_site_template_reason(tmp_path):
    for n in range(1, 4):
        (tmp_path / f"site_{n}.txt").write_text(site_page(n), encoding="utf-8")
    r = CliRunner().invoke(main, ["clean", str(tmp_path / "site_1.txt"), "--no-site-profiles",
                                  "--site-pages", str(tmp_path)])
    assert r.exit_code == 0, r.output
    assert "struct.site-template (repeats on 3 of 3 pages" in r.output
    r = CliRunner().invoke(main, ["clean", str(tmp_path / "site_1.txt"), "--no-site-profiles"])
    assert "struct.site-template" not in r.output
