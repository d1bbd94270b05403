"""Issue 13, seventh round (tests/unseen/dev10, docs/cleaning.md "Seventh round"): a publication label that
names what was published ('نُشر هذا المقال في …'). Each test is a small constructed page for one signal
(not copied from a dev page); a near miss shows the guard."""
from corpus.text import dates
from test_clean_general import PARA, PARA2, TITLE, labels, rule

CAPTION = "عمال يصلحون خطوط الكهرباء في وسط المدينة"


def test_a_label_naming_what_was_published_opens_a_date_line():
    for line in ("نُشر هذا المقال في 3 يونيو 2024 - 10:15", "نشرت هذه المادة بتاريخ 3 يونيو 2024",
                 "نشر هذا الخبر على 3 يونيو 2024"):
        dl = dates.date_line(line, "dmy")
        assert dl is not None and dl.date.value == "2024-06-03" and dl.start == 0, line
    # near misses: no publication verb, or more than a demonstrative and its noun before the date
    assert dates.date_line("هذا المقال 3 يونيو 2024", "dmy") is None
    assert dates.date_line("نشر هذا المقال الكاتب في 3 يونيو 2024", "dmy") is None


def test_the_header_holds_when_its_date_has_such_a_label():
    """The date line freezes the title above it: read as a figures widget (many numbers, no sentence),
    the date did not, and a figure's caption under the share bar was taken for the title while the
    real title, section and byline were dropped as the site's header."""
    page = ["الرئيسية", "سياسة", "اقتصاد", "رياضة", "ثقافة", "", "اقتصاد", "", TITLE,
            "نُشر هذا المقال في 3 يونيو 2024 - 10:15", "مشاركة", "فيسبوك", "واتساب", "نسخ الرابط", "",
            CAPTION, "", PARA, "", PARA2]
    labs = labels("\n".join(page))
    assert labs[9].roles == ["title"], labs[9].roles
    assert "date" in labs[10].roles and any(m.value == "2024-06-03" for m in labs[10].meta if m.key == "date")
    assert labs[16].roles != ["title"]
    assert labs[18].roles == ["paragraph"] and labs[20].roles == ["paragraph"]


def test_a_spaced_agency_slash_photographer_line_under_a_caption_is_its_credit():
    head = ["الرئيسية", "سياسة", "اقتصاد", "رياضة", "", TITLE, "3 يونيو 2024", ""]
    for credit in ("Reuters / Ahmed Saad", "Keystone /Anna Meier", "AFP/ John Smith"):
        labs = labels("\n".join(head + [CAPTION, credit, "", PARA, "", PARA2]))
        assert labs[9].roles == ["caption"] and labs[10].roles == ["credit"], (credit, labs[10].roles)
    # near miss: a Latin line of four words without the slash is an English description, not a credit
    labs = labels("\n".join(head + [CAPTION, "Workers repair power lines", "", PARA, "", PARA2]))
    assert labs[10].removed


def test_a_print_editions_issue_and_page_stamp_is_removed():
    head = ["الرئيسية", "سياسة", "اقتصاد", "رياضة", "", TITLE, "الأحد 2 يونيو 2024"]
    for stamp in ("العدد 16544 - الصفحة 8", "السنة 12 - العدد 340", "العدد: 412"):
        labs = labels("\n".join(head + [stamp, "طباعة", "حفظ", "", CAPTION, "", PARA, "", PARA2]))
        assert labs[8].removed and rule(labs[8]) == "struct.issue-stamp", (stamp, labs[8].roles)
        assert labs[6].roles == ["title"] and labs[14].roles == ["paragraph"]
    # near misses: a counter ('عدد الزوار 500') and a sentence that names an issue are not the stamp
    assert not dates.issue_only("عدد الزوار 500")
    assert not dates.issue_only("وصدر العدد 340 من المجلة أمس")


def test_a_teaser_headline_over_two_sub_headlines_is_the_title():
    """Three touching title-shaped lines above the byline and date: the upper one also stands in the
    teaser lists of the site's other pages (a headline), the two under it do not (its sub-headlines)."""
    from corpus.clean import template as tpl
    sub1 = "تزويد المحطات بمولدات حديثة ونظام مراقبة إلكتروني للأعطال"
    sub2 = "أولوية الصيانة للمستشفيات والمدارس في المحافظات الجنوبية"
    page = ["الرئيسية", "سياسة", "اقتصاد", "رياضة", "", TITLE, sub1, sub2, "سالم العبيدي",
            "الأحد 2 يونيو 2024", "", PARA, "", PARA2]
    other = ["المزيد من الأخبار", TITLE, "وزير النفط يزور حقول الجنوب"]
    stats = tpl.collect({"a": page, "b": other, "c": other}, {"a": "s", "b": "s", "c": "s"})
    labs = labels("\n".join(page), stats.for_page("a"))
    assert [labs[n].roles for n in (6, 7, 8)] == [["title"], ["kicker"], ["kicker"]], [labs[n].roles for n in (6, 7, 8)]
    assert rule(labs[7]) == "struct.kicker"
    # near miss: no statistics (the headline is seen nowhere else): the upper line is not singled out
    labs = labels("\n".join(page))
    assert labs[6].roles != ["title"] or labs[8].roles != ["kicker"]
