"""Issue 13, third round: signals meant to hold on sites nobody has seen (docs/cleaning.md, "Third
round").  Each test is a small page written for one signal, hostile where it can be: the shape of
the text decides, not a site's wording."""
from corpus.clean.engine import clean
from corpus.clean.profiles import compile_profile
from corpus.text import raw as rawtext

PARA = "وقال المتحدث باسم الحكومة في بيان صدر اليوم إن المفاوضات مستمرة بين الطرفين منذ أسابيع عدة."
PARA2 = "وأضاف أن الوزارة ستعلن تفاصيل الخطة خلال الأيام المقبلة بعد التشاور مع المحافظات المعنية بالأمر."
TITLE = "الحكومة تعلن خطة جديدة لإصلاح قطاع الكهرباء"
HEAD = [TITLE, "12 مايو 2024", PARA]


def labels(text: str, template=None):
    raw = rawtext.decode(text.encode("utf-8"), "page.txt")
    return {lab.number: lab for lab in clean(raw, compile_profile(None), template)}


def roles(lines: list[str]) -> list[list[str]]:
    labs = labels("\n".join(lines))
    return [labs[n].roles for n in sorted(labs)]


def rule(lab) -> str:
    return (lab.first_removed() or lab.segments[0]).rule


def test_unpunctuated_sentences_are_text_glued_headlines_are_not():
    question = "فهل تنجح الحكومة هذه المرة في إنهاء معاناة المواطنين التي امتدت لعقدين من الزمن دون حلول؟"
    no_stop = "وأضاف أن وزارة الكهرباء ستبدأ بتنفيذ المرحلة الأولى من الخطة خلال الأسبوع المقبل في المحافظات الجنوبية"
    comma = "ويرى مراقبون أن الخطوة متأخرة، لكنها قد تخفف الضغط الشعبي على الحكومة قبل موسم الصيف الطويل"
    glued = "رئيس الوزراء يستقبل وفدا أمريكيا رفيعا لبحث الانسحاب وزير النفط يعلن زيادة الصادرات الشهرية للعراق"
    labs = labels("\n".join(HEAD + [question, no_stop, comma, glued, PARA2]))
    assert [labs[n].roles for n in (4, 5, 6)] == [["paragraph"]] * 3
    assert {rule(labs[n]) for n in (4, 5, 6)} == {"struct.sentence"}
    assert labs[7].removed and rule(labs[7]) == "struct.unpunctuated-run"
    assert labs[8].roles == ["paragraph"]


def test_speaker_labelled_interview_turns_are_text():
    turns = ["البيان: ما هي أبرز التحديات التي تواجه الوزارة في المرحلة المقبلة بحسب تقديركم؟",
             "السعدي: التحدي الأكبر هو نقص الغاز المورد من دول الجوار وتقادم شبكات النقل",
             "البيان: وماذا عن الاستثمار الأجنبي؟",
             "السعدي: هناك شركات كثيرة أبدت رغبتها في العمل، لكن البيئة القانونية بحاجة إلى إصلاح.",
             "البيان: متى يلمس المواطن التحسن؟",
             "السعدي: نتوقع تحسنا ملموسا في الصيف المقبل"]
    labs = labels("\n".join(HEAD + turns))
    assert all(labs[n].roles == ["paragraph"] and rule(labs[n]) == "struct.interview-turn" for n in range(4, 10))
    # one speaker, or two speakers with one turn each, is no interview: field lines stay as they were
    fields = ["الموقع: محافظة البصرة جنوب العراق", "الكلفة: نحو مليار دولار أمريكي"]
    labs = labels("\n".join(HEAD + fields + [PARA2]))
    assert all(rule(labs[n]) != "struct.interview-turn" for n in (4, 5))


def test_the_footer_after_the_last_comment_is_not_comment_text():
    thread = ["التعليقات", "أحمد علي", "منذ 3 ساعات", "مقال ممتاز ويستحق القراءة.", "سامي", "منذ ساعتين",
              "متى تنتهي الأزمة؟"]
    footer = ["من نحن", "اتصل بنا", "الشروط والأحكام", "أعلن معنا",
              "موقع الخبر منصة إخبارية عراقية مستقلة تأسست عام 2010 وتهتم بالشأن المحلي والعربي."]
    labs = labels("\n".join(HEAD + thread + footer))
    assert labs[10].roles == ["comment-paragraph"]
    assert all(labs[n].removed for n in range(11, 16))
    assert {rule(labs[n]) for n in (13, 14, 15)} == {"struct.comments-end"}
    # short comment lines without any chrome among them stay comment text
    short = ["التعليقات", "أحمد علي", "منذ 3 ساعات", "كلام جميل", "صح لسانك", "الله يحفظكم", "شكرا"]
    labs = labels("\n".join(HEAD + short))
    assert [labs[n].roles for n in range(7, 11)] == [["comment-paragraph"]] * 4


def test_teaser_records_in_any_order_are_removed():
    blocks = {
        "headline/section/date": ["الأمم المتحدة تحذر من موجة جفاف غير مسبوقة", "اقتصاد", "20 مايو 2024",
                                  "انخفاض أسعار النفط عالميا بعد قرار أوبك", "اقتصاد", "19 مايو 2024"],
        "time/headline": ["10:45", "مجلس الوزراء يقرر تعطيل الدوام الرسمي الأحد", "09:30",
                          "وزارة الصحة تسجل إصابات جديدة بالكوليرا"],
        "headline/summary…": ["وزير الخارجية يلتقي نظيره الإيراني في طهران",
                              "وزير الخارجية العراقي يبحث مع نظيره الإيراني ملفات المياه والحدود والتبادل التجاري...",
                              "مجلس النواب يستضيف وزير الكهرباء",
                              "استضاف مجلس النواب وزير الكهرباء لمناقشة أسباب الانقطاعات المتكررة في بغداد والمحافظات..."],
        "number/headline": ["1", "ارتفاع أسعار الذهب في الأسواق المحلية", "2", "مجلس الوزراء يقرر تعطيل الدوام",
                            "3", "القبض على عصابة لتهريب الآثار"],
        "number/headline/section": ["1", "ارتفاع أسعار الذهب في الأسواق المحلية", "اقتصاد", "2",
                                    "مجلس الوزراء يقرر تعطيل الدوام", "محليات"],
    }
    for name, block in blocks.items():
        labs = labels("\n".join(HEAD + block + [PARA2]))
        assert all(labs[n].removed for n in range(4, 4 + len(block))), name
        assert any(rule(labs[n]) == "struct.teaser-block" for n in range(4, 4 + len(block))), name
        assert labs[4 + len(block)].roles == ["paragraph"], name
    # one (headline, summary) pair is an article's sub-heading and its paragraph, not a block
    labs = labels("\n".join(HEAD + ["عقود معطلة", "وتعاني المشاريع من تأخير كبير في التنفيذ منذ سنوات طويلة..."]))
    assert labs[4].roles == ["heading"] and labs[5].roles == ["paragraph"]


def test_a_ticker_of_headline_time_pairs_above_the_title_leaves_no_kicker():
    ticker = ["شريط الأخبار", "وزير النفط يبحث مع شركات أجنبية تطوير حقول الغاز", "قبل ساعتين",
              "البنك المركزي يرفع سعر صرف الدينار أمام الدولار", "قبل 5 ساعات"]
    labs = labels("\n".join(ticker + HEAD))
    assert all(labs[n].removed for n in range(1, 6))
    assert labs[6].roles == ["title"] and labs[8].roles == ["paragraph"]


def test_author_between_share_buttons_is_the_byline_not_a_menu_or_the_title():
    page = ["الرئيسية", "سياسة", "اقتصاد", TITLE, "محمد العبيدي", "شارك", "فيسبوك", "واتساب", "12 مايو 2024", PARA]
    labs = labels("\n".join(page))
    assert labs[4].roles == ["title"] and labs[5].roles == ["byline"] and labs[9].roles == ["date"]
    # with no date below the widgets, the short line stays what it was (a menu among the widgets)
    page = ["الرئيسية", TITLE, "طباعة المقال", "شارك", "فيسبوك", "واتساب", PARA]
    labs = labels("\n".join(page))
    assert labs[2].roles == ["title"] and labs[3].removed


def test_an_overline_touches_its_title():
    # a header line with a removed widget between it and the title is the site's header
    labs = labels("\n".join(["تقارير وتحليلات خاصة", "A+", TITLE, "12 مايو 2024", PARA]))
    assert labs[1].removed and labs[3].roles == ["title"]
    labs = labels("\n".join(["تقارير وتحليلات خاصة", TITLE, "12 مايو 2024", PARA]))
    assert labs[1].roles == ["kicker"] and labs[2].roles == ["title"]


def test_a_heading_that_occurs_twice_on_the_page_is_chrome_in_both_places():
    teaser = "وزير النفط يبحث مع شركات أجنبية تطوير حقول الغاز"
    summary = "وبحث الوزير مع ممثلي الشركات خطط الاستثمار في الحقول الجنوبية خلال الأعوام المقبلة بحسب بيان الوزارة."
    labs = labels("\n".join(HEAD + [PARA2, teaser, summary, "الأكثر قراءة", teaser, "خبر آخر عن الطقس"]))
    assert labs[5].removed and rule(labs[5]) == "struct.repeated" and "line 8" in labs[5].segments[0].reason
    assert labs[8].removed
    # a sub-heading inside the article stays, even when the same words are a related link lower down
    # (a short one: a long news headline between two paragraphs is a related link, struct.inline-headline)
    sub = "حقول الغاز الجنوبية"
    labs = labels("\n".join(HEAD + [sub, PARA2, PARA, "اقرأ أيضا", sub]))
    assert labs[4].roles == ["heading"] and labs[8].removed
    # a heading that occurs once stays; the title's header copy stays the title
    labs = labels("\n".join(HEAD + ["عقود معطلة", PARA2, "روابط", TITLE]))
    assert labs[4].roles == ["heading"] and labs[1].roles == ["title"] and labs[7].removed


def test_a_word_that_starts_like_a_byline_marker_is_no_byline():
    # 'إعدادات' (settings) starts with the marker 'إعداد': a player's button, not an author
    labs = labels("\n".join(["الترجمة", "إعدادات", "ملء الشاشة", TITLE, "إعداد: سامي الربيعي", "12 مايو 2024", PARA]))
    assert labs[2].removed and labs[4].roles == ["title"] and labs[5].roles == ["byline"]


def test_update_stamps_behind_a_bullet_and_a_bare_update_label_are_removed():
    labs = labels("\n".join([TITLE, "12 مايو 2024", "•تم تحديث 13/05/2024 - 18:47 GMT+2", "آخر تحديث", PARA]))
    assert labs[3].removed and rule(labs[3]) == "struct.updated"
    assert labs[4].removed and labs[5].roles == ["paragraph"]


def test_a_share_bar_comments_link_before_the_article_opens_no_comment_zone():
    page = [TITLE, "12 مايو 2024", "شارك هذا المقال", "Facebook", "تعليقات", "اقتصاد", PARA, PARA2]
    labs = labels("\n".join(page))
    assert labs[5].removed and labs[7].roles == labs[8].roles == ["paragraph"]
    # after the article's first paragraph the marker opens the comments
    labs = labels("\n".join(HEAD + ["تعليقات", "أحمد علي", "منذ 3 ساعات", "مقال ممتاز."]))
    assert labs[5].roles == ["comment-author"] and labs[7].roles == ["comment-paragraph"]


def test_latin_photographer_agency_credit_under_a_caption():
    cap = "رجال إطفاء يستخدمون قارباً لإجلاء سكان في بلدة بابنهاوزن"
    for credit in ("حقوق النشر  AP Photo/Matthias Schrader", "© REUTERS/Ahmed Saad"):
        labs = labels("\n".join(HEAD + [cap, credit, PARA2]))
        assert labs[4].roles == ["caption"] and labs[5].roles == ["credit"], credit
    # not under a caption-shaped line: the copyright line of the footer
    labs = labels("\n".join(HEAD + [PARA2, "© 2024 Euronews/All rights reserved"]))
    assert labs[5].removed


def test_an_embedded_post_one_blank_line_above_its_attribution_is_text():
    post = "Thank you to everyone who voted. Turnout in the #EUelections2024 is the highest in 20 years"
    labs = labels("\n".join(HEAD + ["وكتب البرلمان الأوروبي على منصة إكس:", "", post, "",
                                    "— European Parliament (@Europarl_EN) June 9, 2024", "", PARA2]))
    assert labs[6].roles == ["paragraph"] and labs[8].roles == ["paragraph"]


def test_dates_with_the_era_after_the_year():
    from corpus.text import dates
    for text, value in (("الثلاثاء 5 ذو الحجة 1445هـ - 11 يونيو 2024م", "2024-06-11"),
                        ("11 يونيو 2024م", "2024-06-11"), ("9 يونيو 2024م 01:10 م", "2024-06-09")):
        dl = dates.date_line(text, None)
        assert dl is not None and dl.date.value == value, text
    assert dates.date_line("11 يونيو 2024 مع الوفد", None) is None


def test_numbered_comment_labels_are_furniture():
    thread = ["تعليقات القراء (3)"]
    for k, (name, text) in enumerate([("ابو احمد", "القرار منطقي ويستحق الدعم."), ("ام يزن", "الله يعين الناس، كل يوم قرار جديد."),
                                      ("متابع", "ارجو نشر الجدول الجديد بالتفصيل.")], 1):
        thread += [f"{k}) تعليق بواسطة :", name, f"12-06-2024 1{k}:02 AM", text]
    labs = labels("\n".join(HEAD + thread))
    assert all(labs[n].removed for n in (5, 9, 13))
    assert [labs[n].roles for n in (6, 7, 8)] == [["comment-author"], ["comment-date"], ["comment-paragraph"]]


def test_a_bracketed_name_under_a_caption_is_its_credit():
    cap = "طلبة يدخلون قاعة امتحان في احدى مدارس عمان صباح السبت"
    for credit in ("(بترا)", "(عمون - تصوير: علي العموش)"):
        labs = labels("\n".join(HEAD + [cap, credit, PARA2]))
        assert labs[4].roles == ["caption"] and labs[5].roles == ["credit"], credit
    # a bracketed line under a paragraph is no credit
    labs = labels("\n".join(HEAD + ["(تحليل إخباري)", PARA2]))
    assert labs[4].roles != ["credit"]


def test_an_opinion_page_disclaimer_is_removed():
    line = "إخلاء مسؤولية: المقالات المنشورة في هذا القسم تعبر عن آراء كتّابها ولا تعكس بالضرورة رأي الموقع."
    labs = labels("\n".join(HEAD + [PARA2, line]))
    assert labs[5].removed and rule(labs[5]) == "footer.opinion-disclaimer"


def test_a_reply_label_with_a_sub_number_is_a_comment_number():
    thread = ["تعليقات القراء (2)", "1) تعليق بواسطة :", "ابو احمد", "12-06-2024 11:02 AM", "القرار منطقي.",
              "1.1) رد بواسطة :", "ام يزن", "12-06-2024 12:31 PM", "الله يعين الناس."]
    labs = labels("\n".join(HEAD + thread))
    assert labs[9].removed and rule(labs[9]) == "struct.comment-number"
    assert labs[10].roles == ["comment-author"] and labs[12].roles == ["comment-paragraph"]


def test_the_breadcrumb_s_last_crumb_repeated_above_the_title_is_the_section():
    page = ["الرئيسية", "أخبار السودان", "أخبار السودان", TITLE, "12 مايو 2024", PARA]
    labs = labels("\n".join(page))
    assert labs[2].removed and labs[3].roles == ["section"] and labs[4].roles == ["title"]


def test_letterless_lines_in_comments_are_counters_dates_stay():
    thread = ["التعليقات", "أحمد علي", "23/5/2024", "مقال ممتاز ويستحق القراءة.", "▲ 23 ▼", "سامي", "منذ ساعتين",
              "متى تنتهي الأزمة؟", "▲ 4 ▼"]
    labs = labels("\n".join(HEAD + thread))
    assert labs[6].roles == ["comment-date"] and labs[8].removed and labs[12].removed
    assert labs[11].roles == ["comment-paragraph"]


def test_headline_and_summary_pairs_after_a_related_label_are_teasers():
    pairs = ["وزير النفط يبحث تطوير حقول الغاز",
             "بحث وزير النفط مع شركات أجنبية خطط تطوير حقول الغاز في جنوب البلاد خلال اجتماع عقد في بغداد.",
             "البرلمان يناقش قانون الموازنة",
             "ناقش مجلس النواب في جلسته اليوم مشروع قانون الموازنة الاتحادية للسنوات الثلاث المقبلة."]
    labs = labels("\n".join(HEAD + [PARA2, "قد يعجبك أيضا"] + pairs + ["جميع الحقوق محفوظة © 2024"]))
    assert all(labs[n].removed for n in range(5, 11))
    # the same shapes with the article going on after them: a link, then the article's text
    labs = labels("\n".join(HEAD + ["اقرأ أيضا"] + pairs + [PARA2, PARA]))
    assert labs[5].removed and all(labs[n].roles != ["removed"] for n in (6, 8, 9, 10))


def test_a_teaser_summary_under_its_headline_in_a_most_read_block_does_not_resume_the_article():
    block = ["الأكثر قراءة", "وزير النفط يبحث تطوير حقول الغاز",
             "بحث وزير النفط مع شركات أجنبية خطط تطوير حقول الغاز في جنوب البلاد خلال اجتماع عقد في بغداد."]
    labs = labels("\n".join(HEAD + block))
    assert all(labs[n].removed for n in (4, 5, 6)) and rule(labs[6]) == "struct.teaser-block"


def test_the_about_the_site_heading_ends_the_page():
    blurb = "موقع الخبر منصة إخبارية عراقية مستقلة تأسست عام 2010 وتهتم بالشأن المحلي والعربي والدولي."
    labs = labels("\n".join(HEAD + [PARA2, "عن الموقع", blurb]))
    assert labs[5].removed and labs[6].removed and rule(labs[6]) == "zone.end"
    # in the page header it is a menu item and ends nothing
    labs = labels("\n".join(["عن الموقع", "اتصل بنا", "أعلن معنا"] + HEAD))
    assert labs[4].roles == ["title"] and labs[6].roles == ["paragraph"]


def test_live_updates_without_full_stops_are_no_teaser_block():
    updates = ["17:40", "وصل الرئيس الفرنسي إلى بوليا حيث يعقد القادة اجتماعهم الأول في المنتجع منذ صباح اليوم بحضور الوفود",
               "16:10", "أعلن البيت الأبيض أن الرئيس سيلتقي نظيره الأوكراني على هامش القمة في وقت لاحق من اليوم"]
    labs = labels("\n".join(HEAD + updates))
    assert labs[5].roles == labs[7].roles == ["paragraph"]


def test_the_footer_after_an_empty_comment_section_is_removed():
    tail = ["التعليقات", "لا توجد تعليقات بعد", "من نحن", "اتصل بنا", "الشروط والأحكام", "أعلن معنا",
            "موقع الخبر منصة إخبارية عراقية مستقلة تأسست عام 2010 وتهتم بالشأن المحلي والعربي والدولي."]
    labs = labels("\n".join(HEAD + tail))
    assert all(labs[n].removed for n in range(4, 11))


def test_a_credit_under_the_last_header_line_makes_it_the_lead_photo_caption():
    page = ["الرئيسية", TITLE, "سياسة", "جانب من اجتماع سابق لقوى الإطار التنسيقي", "- أرشيف", PARA]
    labs = labels("\n".join(page))
    assert labs[2].roles == ["title"] and labs[4].roles == ["caption"] and labs[5].roles == ["credit"]
    # a lone header line keeps the title, credit or not
    labs = labels("\n".join([TITLE, "(رويترز)", PARA]))
    assert labs[1].roles == ["title"]


def test_a_related_label_after_the_comments_ends_them():
    tail = ["التعليقات", "أحمد علي", "منذ 3 ساعات", "مقال ممتاز ويستحق القراءة.", "اقرأ أيضاً", "محليات",
            "البحرين والعراق يبحثان تسيير رحلات مباشرة إلى النجف", "10 مايو 2024"]
    labs = labels("\n".join(HEAD + tail))
    assert labs[7].roles == ["comment-paragraph"] and all(labs[n].removed for n in range(8, 12))


def test_a_title_with_a_full_stop_right_above_the_date():
    labs = labels("\n".join(["الرئيسية", "الحكومة تعلن خطة جديدة لإصلاح قطاع الكهرباء.", "12 مايو 2024", PARA, PARA2]))
    assert labs[2].roles == ["title"] and labs[3].roles == ["date"]
    # without a date below it, a first sentence is the lede, not a title
    labs = labels("\n".join([TITLE, "وقالت الحكومة إن الخطة جاهزة.", PARA]))
    assert labs[1].roles == ["title"] and labs[2].roles == ["paragraph"]


def test_the_site_blurb_under_the_footer_menu_is_removed():
    blurb = "موقع الخبر منصة إخبارية عراقية مستقلة تأسست عام 2010 وتهتم بالشأن المحلي والعربي والدولي."
    labs = labels("\n".join(HEAD + [PARA2, "من نحن", "اتصل بنا", "أعلن معنا", blurb, "جميع الحقوق محفوظة 2024"]))
    assert labs[7].removed and labs[8].removed and rule(labs[8]) == "struct.footer-blurb"
    # the article's last paragraph after one inline widget stays
    labs = labels("\n".join(HEAD + ["فيديو", PARA2]))
    assert labs[5].roles == ["paragraph"]
