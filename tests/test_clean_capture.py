"""Issue 13, fourth round: general bugs and gaps a blind set captured with several tools exposed
(tests/unseen/dev7: browser select-all, a per-node text scraper, ``w3m -dump``, reader mode).  Each test
is a small constructed page for one fix, hostile where it can be: the shape decides, not a site."""
from corpus.text import dates
from test_clean_general import HEAD, PARA, PARA2, TITLE, labels, rule  # the shared page pieces


def test_date_lines_with_voweled_times_maghrebi_at_and_issue_numbers():
    for text, value in (("نشر في: 12 حزيران 2024 - 11:45 مساءً", "2024-06-12"),
                        ("الإثنين, 10 يونيو, 2024 - 07:31 صباحاً", "2024-06-10"),
                        ("10 يونيو 2024 - 07:31 صباحًا", "2024-06-10"),
                        ("الأربعاء 12 جوان 2024 على 17:05", "2024-06-12"),
                        ("نُشر في 2024/06/11، العدد: 13541، ص(5)", "2024-06-11"),
                        ("الخميس 2024/06/13 - السنة 47 العدد 13540", "2024-06-13")):
        dl = dates.date_line(text, None)
        assert dl is not None and dl.date.value == value and dl.end == len(text), text
    # a sentence that goes on after the date is no date line, 'على' or not
    for text in ("12 مايو 2024 على الحدود", "نشر في 2024/06/11 العدد الأول من المجلة", "11 يونيو 2024 مساء الخير"):
        assert dates.date_line(text, None) is None, text
    # the title right above such a date is found (the date ends the header)
    labs = labels("\n".join(["خبر عاجل", TITLE, "نُشر في 2024/06/11، العدد: 13541، ص(5)", PARA]))
    assert labs[2].roles == ["title"] and labs[3].roles == ["date"]


def test_text_browser_link_markers_do_not_hide_chrome_or_split_a_site():
    from corpus.clean import template as tpl
    from corpus.clean.features import unmarked
    assert unmarked("[14]الرئيسية > [15]الوطني") == "    الرئيسية >     الوطني"
    assert unmarked("[صورة] ليس رابطا [a1]") == "[صورة] ليس رابطا [a1]"  # only numbered markers
    # a breadcrumb behind markers is still a breadcrumb; a related link behind one still a related link
    labs = labels("\n".join(["[14]الرئيسية > [15]الوطني", TITLE, "12 مايو 2024", PARA, "[21]اقرأ أيضا: الوزير يزور البصرة", PARA2]))
    assert rule(labs[1]) == "struct.breadcrumb" and labs[2].roles == ["title"]
    assert labs[5].removed and labs[6].roles == ["paragraph"]
    # w3m numbers the links anew on every page: the same menu is the same template line
    assert tpl.line_key("• [5]الرئيسية") == tpl.line_key("• [7]الرئيسية") != tpl.line_key("• الرياضة")
    menu = ["[%d]الرئيسية", "[%d]الوطني", "[%d]العالم", "[%d]رياضة", "[%d]مجتمع", "[%d]فيديو", "[%d]رأي"]
    pages = {f"p{k}": [m % (k * 10 + j) for j, m in enumerate(menu)] + [f"عنوان المقال رقم {k}", PARA]
             for k in (1, 2, 3)}
    c = tpl.Collector()
    for name, lines in pages.items():
        c.add(name, lines)
    stats = c.result()
    assert {stats.for_page(n).site for n in pages} == {stats.for_page("p1").site} and stats.for_page("p1").pages == 3


def test_share_bar_copied_as_one_line_is_no_title():
    """A browser copy joins the share bar's buttons into one line: it is chrome, not the headline
    (the title above the date stays the title)."""
    for bar in ("فيسبوك تويتر واتساب طباعة  إرسال", "تكبير الخط تصغير الخط طباعة مشاركة  فيسبوك  تويتر  واتساب",
                "[17]فيسبوك [18]تويتر [19]واتساب [20]نسخ الرابط", "Facebook | Twitter | Email"):
        labs = labels("\n".join(["اقتصاد", TITLE, "12 مايو 2024 - 10:15", bar, PARA]))
        assert labs[2].roles == ["title"] and labs[4].removed and rule(labs[4]) == "chrome.share", bar
    # a headline that merely names a network is not a share bar
    labs = labels("\n".join(["فيسبوك تحذف حسابات وهمية في العراق", "12 مايو 2024", PARA]))
    assert labs[1].roles == ["title"]


def test_comment_action_bars_and_a_counted_comments_heading():
    thread = ["التعليقات: 2", "سامي بن علي - صفاقس", "منذ 3 ساعات", "الشمس عندنا طول العام والمشكل دائما في الإدارة.",
              "أعجبني 4  لا يعجبني 0  رد  إبلاغ", "↳ رد", "منية - تونس", "منذ ساعة", "رد على سامي: صحيح، ملف الربط هو العائق.",
              "[31]رد   إعجاب (8)"]
    labs = labels("\n".join(HEAD + thread))
    assert labs[4].removed and labs[4].zone == "comments"  # 'التعليقات: 2' opens the comments (a heading, not a counter)
    assert all(labs[n].removed and rule(labs[n]) == "chrome.comment-actions" for n in (8, 9, 13))
    assert [labs[n].roles for n in (7, 12)] == [["comment-paragraph"]] * 2
    # a comment that starts with 'رد' ('رد الوزير ...') is text
    labs = labels("\n".join(HEAD + ["التعليقات (1)", "سامي", "منذ ساعة", "رد الوزير لم يقنع أحدا."]))
    assert labs[7].roles == ["comment-paragraph"]
    # a counter with 'عدد' stays a counter: no comment zone in the share bar
    labs = labels("\n".join([TITLE, "عدد التعليقات: 5", "12 مايو 2024", PARA]))
    assert labs[2].removed and rule(labs[2]) == "chrome.counter" and labs[4].roles == ["paragraph"]


def test_site_template_lines_inside_the_comments_are_removed_commenters_stay():
    from corpus.clean import template as tpl
    form = "اضف تعليق  الاسم  البلد  التعليق  أرسل"
    notice = "تنويه: التعليقات تخضع للرقابة ولا تعبر عن رأي الموقع."
    menu = ["الرئيسية", "محليات", "اقتصاد", "رياضة", "ثقافة", "مقالات", "فيديو"]
    pages = {}
    for k in (1, 2, 3):
        pages[f"p{k}"] = menu + [f"عنوان المقال رقم {k} عن الكهرباء", "12 مايو 2024", PARA.replace("اليوم", f"يوم {k}"), "التعليقات (1)",
                                 "أبو خالد العراقي", "منذ ساعة", f"تعليق رقم {k} على المقال.", notice, form]
    c = tpl.Collector()
    for name, lines in pages.items():
        c.add(name, lines)
    stats = c.result()
    labs = labels("\n".join(pages["p1"]), stats.for_page("p1"))
    assert labs[12].roles == ["comment-author"] and labs[14].roles == ["comment-paragraph"]
    assert labs[15].removed and rule(labs[15]) == "struct.site-template"  # the notice reads like prose
    assert labs[16].removed  # the form, a joined line (its 'اضف تعليق' piece opens the form's chrome)


def _site_stats(pages: dict[str, list[str]]):
    from corpus.clean import template as tpl
    c = tpl.Collector()
    for name, lines in pages.items():
        c.add(name, lines)
    return c.result()


MENU = ["الرئيسية", "محليات", "اقتصاد", "رياضة", "ثقافة", "مقالات", "فيديو"]


def test_the_headline_is_the_line_the_sites_other_pages_list_not_its_overline():
    """Two touching title-shaped lines above the date, the upper one long: by length it would be the
    title; but the lower one stands (ranked) in the most-read list of another page of the site, and
    a headline recurs in the site's lists while an overline does not."""
    from corpus.clean.template import line_key
    assert line_key("2 تونس تراهن على الطاقة الشمسية") == line_key("تونس تراهن على الطاقة الشمسية")
    assert line_key("12 مايو 2024") != line_key("13 مايو 2024")  # a short line keeps its number
    titles = ["تونس تراهن على الطاقة الشمسية لتقليص عجزها", "جفاف غير مسبوق يهدد زراعة الحبوب في السهول",
              "الحكومة تقر نظاما جديدا لتنظيم النقل الذكي"]
    pages = {}
    for k in range(3):
        para = PARA.replace("اليوم", f"يوم {k}")
        most_read = ["الأكثر قراءة"] + [f"{j + 1} {t}" for j, t in enumerate(titles) if j != k]
        pages[f"p{k}"] = MENU + [f"خطة لإنتاج ثلث الكهرباء من مصادر متجددة رقم {k}", titles[k], "12 مايو 2024",
                                 para, PARA2] + most_read
    stats = _site_stats(pages)
    for k in range(3):
        labs = labels("\n".join(pages[f"p{k}"]), stats.for_page(f"p{k}"))
        assert labs[9].roles == ["title"] and labs[8].roles == ["kicker"], k
    # page by page (no site evidence) the long upper line is the title, the lower one its sub-headline
    labs = labels("\n".join(pages["p0"]))
    assert labs[8].roles == ["title"] and labs[9].roles == ["kicker"]


def test_a_short_line_under_the_lead_caption_is_its_credit_even_the_sites_name():
    for credit in ("هبة بريس", "(الدستور)", "النهار أونلاين"):
        labs = labels("\n".join(["سياسة", TITLE, "13 يونيو 2024 - 19:20", "", "جانب من جلسة الحوار الاجتماعي", credit,
                                 "", PARA]))
        assert labs[5].roles == ["caption"] and labs[6].roles == ["credit"], credit
        assert labs[6].segments[0].figure
    # the site's name as the credit on every page of the site is still kept (template lines are not credits
    # elsewhere, but under a caption they are)
    pages = {}
    for k in range(3):
        pages[f"p{k}"] = MENU + ["هبة بريس"] + [f"عنوان المقال رقم {k} عن الحكومة", "13 يونيو 2024", "",
                                              f"صورة من الحدث رقم {k}", "هبة بريس", "", PARA.replace("اليوم", f"يوم {k}")]
    stats = _site_stats(pages)
    labs = labels("\n".join(pages["p1"]), stats.for_page("p1"))
    assert labs[8].removed and labs[13].roles == ["credit"]
    # a digit or a long line under the caption is no credit
    labs = labels("\n".join([TITLE, "13 يونيو 2024", "جانب من جلسة الحوار الاجتماعي", "صورة 2 من 5", PARA]))
    assert labs[4].roles != ["credit"]


def test_bare_reply_labels_comment_counts_and_the_authors_other_columns():
    thread = ["التعليقات", "تعليقان", "ماجد", "منذ 5 ساعات", "مبروك لأبطالنا.", "رداً على", "أم ريم", "منذ 4 ساعات",
              "رد على ماجد: الحمد لله، تعبها ما راح."]
    labs = labels("\n".join(HEAD + thread))
    assert labs[5].removed and rule(labs[5]) == "chrome.counter"
    assert labs[9].removed and rule(labs[9]) == "chrome.comment-reply-to"
    assert labs[12].roles == ["comment-paragraph"]
    # an opinion column: the author's signature repeats the header's byline; his other columns follow
    page = [TITLE, "أمين بن مسعود", "12 مايو 2024", PARA, PARA2, "أمين بن مسعود", "كاتب وباحث سياسي تونسي",
            "", "مقالات أخرى للكاتب", "تونس بين الخبز والديمقراطية", "بقلم: أمين بن مسعود",
            "ليبيا: انتخابات مؤجلة إلى أجل غير مسمى", "بقلم: أمين بن مسعود"]
    labs = labels("\n".join(page))
    assert [labs[n].roles for n in (6, 7)] == [["byline"], ["byline"]]
    assert all(labs[n].removed for n in range(9, 14))


def test_the_breadcrumb_opens_the_articles_header_section_overline_title():
    # the short lines under a breadcrumb are the section and the overline, not the tail of the menu above
    page = ["الرئيسية", "محليات", "اقتصاد", "رياضة", "", "الرئيسية / محليات", "", "محليات", "حوار",
            "وزير المياه: مشروع الناقل الوطني يدخل مرحلة التمويل النهائي", "الخميس 13 حزيران 2024", PARA]
    labs = labels("\n".join(page))
    assert [labs[n].roles for n in (8, 9, 10)] == [["section"], ["kicker"], ["title"]]
    assert all(labs[n].removed for n in (1, 2, 3, 4, 6))
    # section word, overline and title on three touching lines, under a ticker of other headlines
    page = ["عاجل", "الحكومة تعلن صرف رواتب مايو", "غارات على مواقع في الحديدة", "", "اقتصاد",
            "الدولار يتجاوز 1800 ريال لأول مرة", "انهيار جديد للريال اليمني في عدن وسط شح العملة", "11 يونيو 2024", PARA]
    labs = labels("\n".join(page))
    assert [labs[n].roles for n in (5, 6, 7)] == [["section"], ["kicker"], ["title"]]
    # the breadcrumb's last crumb repeated above the title is the section, behind w3m link markers too
    page = ["[14]الرئيسية > [15]الوطني", "", "الوطني", "خمس محطات جديدة قبل صيف 2025",
            "تبون يأمر بتسريع إنجاز مشاريع تحلية مياه البحر", "11 جوان 2024 - 20:45", PARA]
    labs = labels("\n".join(page))
    assert [labs[n].roles for n in (3, 4, 5)] == [["section"], ["kicker"], ["title"]]
    # a crumb that is the headline itself is never taken for a section
    page = ["الرئيسية > سياسة > الحكومة تعلن خطة جديدة لإصلاح قطاع الكهرباء", TITLE, "12 مايو 2024", PARA]
    labs = labels("\n".join(page))
    assert labs[2].roles == ["title"]


def test_bulleted_list_items_as_a_text_browser_renders_them():
    """w3m and lynx put a bullet before every list item: menus, breadcrumbs, teaser lists.  The
    bullet does not hide the item from the lexicon, and a bulleted menu line is no summary point."""
    page = ["• [5]الرئيسية", "• [6]الوطني", "• [7]العالم", "• شبكة الأخبار العربية", "• الرئيسية > عرب وعالم",
            TITLE, "12 مايو 2024", PARA, PARA2, "• الأكثر قراءة", "• [41]وزارة التربية تكشف تاريخ إعلان النتائج",
            "• [42]طوابير طويلة أمام محلات بيع الأضاحي بالعاصمة"]
    labs = labels("\n".join(page))
    assert all(labs[n].removed for n in (1, 2, 3, 4, 5, 10, 11, 12))
    assert labs[6].roles == ["title"] and labs[7].roles == ["date"] and labs[8].roles == ["paragraph"]
    assert rule(labs[1]) == "chrome.nav" and rule(labs[10]).startswith("block.")
    # summary points under the title block stay article text
    page = [TITLE, "12 مايو 2024", "ملخص", "• مسيرة مفخخة تسقط قرب قاعدة حرير شمال أربيل",
            "• لا إصابات بين عناصر التحالف الدولي", PARA]
    labs = labels("\n".join(page))
    assert [labs[n].roles for n in (4, 5, 6)] == [["paragraph"]] * 3


def test_a_bullet_is_no_word():
    """'• وكالة الأنباء' is a two-word menu item, not a three-word title-shaped line (which would freeze
    the header before the site's date widget)."""
    page = ["• وكالة عمون", "• عمون", "• الاربعاء 12 حزيران 2024", TITLE, "12 حزيران 2024 - 10:45", PARA]
    labs = labels("\n".join(page))
    assert labs[3].removed and labs[4].roles == ["title"] and labs[5].roles == ["date"]


def test_a_menu_or_footer_row_copied_as_one_line_is_chrome():
    """A browser's select-all joins inline list items into one line, apart by wide gaps or bars."""
    for row in ("تسجيل الدخول  بحث عن:  بحث  الرئيسية  أخبار السودان  تقارير  مقالات وآراء  اقتصاد  رياضة",
                "عربي21 | Arabi21 | الرئيسية | سياسة | اقتصاد | حقوق وحريات | صحافة | مدونات",
                "الجزائر | 24° | الرئيسية | الجزائر | العالم | اقتصاد", "14 | 2 | رد | إبلاغ | مشاركة"):
        labs = labels("\n".join([row, TITLE, "12 مايو 2024", PARA]))
        assert labs[1].removed and rule(labs[1]) == "struct.joined-items", row
        assert labs[2].roles == ["title"] and labs[4].roles == ["paragraph"], row
    # a table row of figures, a title with a stray double space, a line of three items: not a menu
    for line in ("الذهب عيار 24 | 95 دينار | 96 دينار | ارتفاع", "وزير النفط  يعلن  زيادة الصادرات  الشهرية",
                 "تخطي إلى المحتوى  الراكوبة  صحيفة الراكوبة"):
        labs = labels("\n".join(HEAD + [line, PARA2]))
        assert rule(labs[4]) != "struct.joined-items", line
    # the Hijri date 'corresponding to' the Gregorian one is one date line (the site's date widget here)
    dl = dates.date_line("الثلاثاء 21 ذو القعدة 1445 هـ الموافق 28 ماي 2024", None)
    assert dl is not None and dl.date.value == "2024-05-28"


def test_a_sentence_broken_at_an_inline_link_is_text():
    """A per-node scraper breaks a paragraph at each inline link: the first piece ends in a word no
    headline ends in ('على'), or reads as a clause; the pieces touch and run into the paragraph."""
    page = HEAD + ["", "وقال شهود لـ\"الراكوبة\" إن أغلب النازحين خرجوا سيراً على", "الأقدام",
                   "باتجاه مدينة الدمازين في ظروف إنسانية صعبة للغاية.", "", PARA2]
    labs = labels("\n".join(page))
    assert labs[5].roles == ["paragraph"] and rule(labs[5]) == "struct.broken-sentence"
    assert not labs[6].removed and labs[7].roles == ["paragraph"]
    # a list of links after the article (no paragraph after them) stays chrome, open ending or not
    page = HEAD + [PARA2, "", "مقالات ذات صلة", "الحكومة تعلن خطة جديدة في", "الوزير يزور البصرة"]
    labs = labels("\n".join(page))
    assert labs[7].removed and labs[8].removed


def test_a_joined_line_holding_a_section_marker_switches_the_zone():
    """'الأكثر قراءة | الأكثر تعليقا' is a tab bar: removed, and the most-read block it opens is chrome;
    a comment form joined into one line inside the comments is no comment."""
    page = HEAD + [PARA2, "الأكثر قراءة | الأكثر تعليقا | الأحدث | فيديو", "الحكومة تقرر رفع منحة البطالة ابتداء من جويلية",
                   "انطلاق امتحانات شهادة التعليم المتوسط"]
    labs = labels("\n".join(page))
    assert labs[5].removed and rule(labs[5]) == "struct.joined-items" and labs[5].zone == "chrome"
    assert labs[6].removed and labs[7].removed
    page = HEAD + ["التعليقات (1)", "سامي", "منذ ساعة", "مقال ممتاز.", "رد | أضف تعليقاً | الاسم | البريد الإلكتروني | إرسال"]
    labs = labels("\n".join(page))
    assert labs[7].roles == ["comment-paragraph"] and labs[8].removed and rule(labs[8]) == "struct.joined-items"
