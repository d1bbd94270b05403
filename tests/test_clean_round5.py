"""Issue 13, fifth round (tests/unseen/dev8, docs/cleaning.md "Fifth round"): precision, i.e. chrome
that the cleaner kept.  Each test is a small constructed page for one signal; the shape decides."""
from test_clean_general import HEAD, PARA, PARA2, TITLE, labels, rule


def test_a_line_of_figures_is_a_widget_not_the_title():
    prayer = "الفجر 03:27  الظهر 12:38  العصر 16:18  المغرب 19:47  العشاء 21:22"
    rates = "دولار 3.71 | يورو 3.98 | دينار 5.23"
    weather = "بغداد ٤١°  البصرة ٤٥°  أربيل ٣٦°"
    labs = labels("\n".join([prayer, rates, weather] + HEAD + [PARA2]))
    assert all(labs[n].removed and rule(labs[n]) == "struct.figures-widget" for n in (1, 2, 3))
    assert labs[4].roles == ["title"] and labs[4].text == TITLE
    # a headline with figures in it is no widget: numbers are not a third of its words
    figures = "الحكومة ترصد 60 مليون دولار لمشاريع البنية التحتية في 3 محافظات"
    labs = labels("\n".join([figures, "12 مايو 2024", PARA, PARA2]))
    assert labs[1].roles == ["title"]


def test_prose_under_the_menu_right_above_the_breadcrumb_is_the_sites_header():
    pitch = "اشترك في النسخة الرقمية من صحيفتنا واحصل على العدد اليومي كاملا كل صباح قبل الساعة السادسة."
    page = ["الرئيسية | سياسة | اقتصاد | رياضة | ثقافة | منوعات", pitch, "الرئيسية » سياسة » العراق"] + HEAD + [PARA2]
    labs = labels("\n".join(page))
    assert labs[2].removed and rule(labs[2]) == "struct.site-header"
    assert "above the breadcrumb" in labs[2].first_removed().reason
    assert labs[3].removed and rule(labs[3]) == "struct.breadcrumb"
    assert labs[4].roles == ["title"] and labs[6].roles == labs[7].roles == ["paragraph"]
    # an article whose text goes on for paragraphs is not reopened by a breadcrumb at its end
    labs = labels("\n".join(HEAD + [PARA2, "الرئيسية » سياسة"]))
    assert labs[3].roles == labs[4].roles == ["paragraph"] and labs[1].roles == ["title"]


def test_headline_summary_pairs_after_an_unknown_label_at_the_articles_end():
    pairs = ["مواد تهمك أيضا", "الصحة تطلق حملة للتطعيم في المدارس", "تستهدف الحملة طلبة الصفوف الأولى في المديريات.",
             "افتتاح مركز صحي في الرصيفة", "يخدم المركز نحو ستين ألف نسمة ويعمل على مدار الساعة."]
    labs = labels("\n".join(HEAD + [PARA2] + pairs))
    assert all(labs[n].removed for n in range(5, 10)), [labs[n].roles for n in range(5, 10)]
    assert {rule(labs[n]) for n in range(6, 10)} == {"struct.teaser-block"}
    # the same shape with the article going on after it: sub-headings with one-sentence paragraphs
    labs = labels("\n".join(HEAD + [PARA2] + pairs + [PARA, PARA2]))
    assert [labs[n].roles for n in (6, 7, 8, 9)] == [["heading"], ["paragraph"], ["heading"], ["paragraph"]]


def test_a_summary_under_a_site_template_headline_after_the_comments_is_no_comment():
    from corpus.clean import template as tpl
    teaser = "ميناء طرابلس يستقبل أول شحنة قمح بعد تأخر دام أسابيع"
    summary = "وصلت الشحنة بعد أسابيع من التأخير بسبب الإجراءات المصرفية."
    thread = ["التعليقات", "عبدالسلام", "منذ 3 ساعات", "خطوة طال انتظارها، نتمنى ألا تتوقف في منتصفها."]
    other = ["موقع آخر", teaser, "تشمل الأعمال نحو عشرين كيلومترا."]
    page = HEAD + thread + [teaser, summary]
    stats = tpl.collect({"a": page, "b": other, "c": other}, {"a": "s", "b": "s", "c": "s"})
    labs = labels("\n".join(page), stats.for_page("a"))
    assert labs[7].roles == ["comment-paragraph"] and labs[8].removed
    assert labs[9].removed and rule(labs[9]) == "struct.teaser-block"


def test_interface_vocabulary_read_more_with_hamza_empty_comments_and_no_copying():
    read_more = "إقرأ المزيد: وزارة الزراعة تصرف تعويضات لمزارعي طوباس"
    labs = labels("\n".join(HEAD + [read_more, PARA2]))
    assert labs[4].removed and rule(labs[4]) == "chrome.related-inline" and labs[5].roles == ["paragraph"]
    notice = "يمنع نقل محتوى الموقع أو إعادة نشره دون ذكر المصدر."
    empty = "لا توجد تعليقات بعد. كن أول من يعلق."
    labs = labels("\n".join(HEAD + [PARA2, notice, "التعليقات", empty]))
    assert labs[5].removed and rule(labs[5]) == "chrome.copyright"
    assert labs[7].removed and rule(labs[7]) == "comments.none"
    # 'read more' without a colon is no label: a paragraph that says 'read more' stays
    text = "وقال إن على الطلاب أن يقرأوا المزيد من الكتب خلال العطلة الصيفية بدلا من قضاء الوقت أمام الشاشات."
    assert labels("\n".join(HEAD + [text]))[4].roles == ["paragraph"]
    # a ban on moving goods is article text
    ban = "ويمنع نقل المواشي بين المحافظات دون تصريح من الوزارة خلال فترة انتشار المرض الحالية."
    assert labels("\n".join(HEAD + [ban]))[4].roles == ["paragraph"]


def test_touching_headlines_inside_the_body_are_a_related_list_not_a_sub_heading():
    related = ["بلدية طولكرم تبدأ صيانة خطوط الصرف الصحي في الحي الشرقي",
               "وزارة الحكم المحلي: 60 مليون شيكل لمشاريع البنية التحتية هذا العام"]
    page = [TITLE, "", "12 مايو 2024", "", PARA, "", related[0], related[1], "", PARA2]
    labs = labels("\n".join(page))
    assert labs[7].removed and labs[8].removed and rule(labs[8]) == "struct.headline-run"
    assert labs[10].roles == ["paragraph"]
    # a sub-heading on its own (no headline touching it) stays a heading (a short one: a headline of six
    # words or more between two paragraphs is a related link, struct.inline-headline, round 8)
    page = [TITLE, "", "12 مايو 2024", "", PARA, "", "تحدي الأزقة الضيقة", "", PARA2]
    labs = labels("\n".join(page))
    assert labs[7].roles == ["heading"]
    # an empty-comments notice behind a link marker (w3m) still matches
    labs = labels("\n".join(HEAD + [PARA2, "التعليقات", "[12]كن أول من يعلق على الخبر"]))
    assert labs[6].removed and rule(labs[6]) == "comments.none"
