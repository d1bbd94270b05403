"""Issue 13, sixth round (tests/unseen/dev9, docs/cleaning.md "Sixth round"): comment threads without a
heading, copyright credits, a dateline and byline on one line, ... Each test is a small constructed page
for one signal (not copied from a dev page); the shape decides, and a near miss shows the guard."""
from test_clean_general import HEAD, PARA2, labels, rule

COMMENTS = ["سالم العبيدي", "15 مايو 2024", "نتمنى أن تنفذ الخطة هذه المرة وألا تبقى حبرا على ورق.", "رد",
            "Omar", "15.05.2024, 11:40", "الكهرباء تنقطع عندنا عشر ساعات يوميا، فمتى يأتي دورنا؟", "رد"]


def test_a_thread_of_name_date_text_records_after_the_article_is_comments():
    labs = labels("\n".join(HEAD + [PARA2, "الوسوم", "الكهرباء"] + COMMENTS))
    got = [labs[n].roles for n in range(7, 15)]
    assert got == [["comment-author"], ["comment-date"], ["comment-paragraph"], ["removed"],
                   ["comment-author"], ["comment-date"], ["comment-paragraph"], ["removed"]], got
    assert rule(labs[7]) == "struct.headless-comments" and labs[7].zone == "comments"
    assert labs[7].comment != labs[11].comment
    # without blank lines and with an initial's dot in a name ('ميشال ح.')
    thread = ["ميشال ح.", "14 حزيران 2024", "الأقساط صارت بالدولار والرواتب بالليرة، كيف نكمل؟",
              "أم كريم", "14 حزيران 2024", "المدرسة الرسمية بحاجة لدعم حقيقي حتى تكون خيارا."]
    labs = labels("\n".join(HEAD + [PARA2] + thread))
    assert [labs[n].roles[0] for n in range(5, 11)] == ["comment-author", "comment-date", "comment-paragraph"] * 2


def test_teaser_triples_and_a_lone_record_are_no_comment_thread():
    # section / date / headline: the section is a menu item seen higher up, the headline has no full stop
    teasers = ["سياسة", "21/05/2024", "الحكومة تعلن موعد الانتخابات المحلية",
               "سياسة", "20/05/2024", "البرلمان يقر قانون الموازنة العامة"]
    labs = labels("\n".join(["الرئيسية", "سياسة", "اقتصاد", "رياضة"] + HEAD + [PARA2] + teasers))
    assert not any(labs[n].roles[0].startswith("comment-") for n in range(9, 15))
    # even when the headlines end in a question mark: the 'names' are the menu's items
    asked = [t + "؟" if k % 3 == 2 else t for k, t in enumerate(teasers)]
    labs = labels("\n".join(["الرئيسية", "سياسة", "اقتصاد", "رياضة"] + HEAD + [PARA2] + asked))
    assert not any(labs[n].roles[0].startswith("comment-") for n in range(9, 15))
    # one record only: an article's closing signature, not a thread
    labs = labels("\n".join(HEAD + [PARA2] + COMMENTS[:3]))
    assert not any(labs[n].roles[0].startswith("comment-") for n in range(5, 8))
    # the article goes on after the records: they were not comments
    labs = labels("\n".join(HEAD + [PARA2] + COMMENTS + [PARA2.replace("وأضاف", "وتابع")]))
    assert not any(r.startswith("comment-") for n in labs for r in labs[n].roles)


def test_a_copyright_line_under_a_caption_is_its_credit_the_sites_is_not():
    caption = "عمال يصلحون خطوط الكهرباء في البصرة"
    for credit in ("© AFP 2024 / Hussein Faleh", "© وكالة الأنباء . علي حسين"):
        labs = labels("\n".join([HEAD[0], HEAD[1], caption, credit, PARA2]))
        assert labs[3].roles == ["caption"] and labs[4].roles == ["credit"], credit
        assert rule(labs[4]) == "struct.credit-copyright"
    # the site's copyright line says its rights are reserved; and without a caption above it is no credit
    labs = labels("\n".join([HEAD[0], HEAD[1], caption, "© 2024 الموقع. جميع الحقوق محفوظة", PARA2]))
    assert labs[4].removed
    labs = labels("\n".join(HEAD + [PARA2, "© AFP 2024 / Hussein Faleh"]))
    assert labs[5].removed


def test_an_update_stamp_in_brackets_is_removed():
    labs = labels("\n".join([HEAD[0], HEAD[1], "(تم التحديث: 12.05.2024, 16:02)", HEAD[2], PARA2]))
    assert labs[3].removed and rule(labs[3]) == "struct.updated"


def test_a_dateline_and_a_byline_on_one_line():
    line = "البصرة - وكالة الأنباء. كتب: علي حسين"
    labs = labels("\n".join([HEAD[0], HEAD[1], line, HEAD[2], PARA2]))
    lab = labs[3]
    assert lab.roles == ["dateline", "byline"], lab.roles
    assert [lab.text[s.start:s.end] for s in lab.segments if s.role] == ["البصرة - وكالة الأنباء", "كتب: علي حسين"]
    # a sentence with a byline word in it is no such line
    labs = labels("\n".join([HEAD[0], HEAD[1], HEAD[2], "وقال الوزير إن التقرير كتب: بعناية شديدة وبمشاركة الخبراء.", PARA2]))
    assert labs[4].roles == ["paragraph"]


def test_a_bare_read_more_label_in_the_article_takes_the_headline_under_it():
    link = "الوزارة تفتتح محطة كهرباء جديدة في الناصرية"
    labs = labels("\n\n".join(HEAD + ["اقرأ المزيد", link, PARA2]))
    assert labs[9].removed and rule(labs[9]) == "struct.related-link" and labs[11].roles == ["paragraph"]
    # a sub-heading with no label above it stays a heading
    labs = labels("\n\n".join(HEAD + ["المزيد", link, PARA2]))
    assert labs[9].roles == ["heading"]


def test_a_comment_author_and_date_on_one_line():
    thread = ["التعليقات", "أبو علي | 13 مايو 2024 - 11:30 ص", "متى تنتهي هذه الأزمة التي طالت كثيرا؟",
              "سارة م. • 13 مايو 2024 - 12:05 م", "الخطة جيدة لكن التنفيذ هو المهم."]
    labs = labels("\n".join(HEAD + [PARA2] + thread))
    assert labs[6].roles == ["comment-author", "comment-date"] and labs[6].segments[0].rule == "struct.comment-author-date"
    assert labs[8].roles == ["comment-author", "comment-date"] and labs[6].comment != labs[8].comment
    assert labs[7].roles == labs[9].roles == ["comment-paragraph"]
    # a comment that holds a bar is still text
    labs = labels("\n".join(HEAD + [PARA2, "التعليقات", "أبو علي", "13 مايو 2024",
                                    "الكهرباء | الماء | الطرق: كلها تحتاج إلى خطة واضحة."]))
    assert labs[8].roles == ["comment-paragraph"]


def test_author_place_layout_holds_for_places_nobody_listed():
    rec = lambda name, place, t: [name, place, "13 مايو 2024 - 10:00", t, "رد"]  # noqa: E731
    thread = (["التعليقات"] + rec("عبد الله", "بغداد", "نتمنى أن تتحسن الخدمة قريبا.")
              + rec("فاطمة", "قرية الزهور", "عندنا نفس المشكلة منذ سنوات.")
              + rec("ابن الرافدين", "سوق الشيوخ", "الحل في الصيانة الدورية."))
    labs = labels("\n".join(HEAD + [PARA2] + thread))
    got = [labs[n].roles for n in (11, 12, 16, 17)]
    assert got == [["comment-author"], ["comment-place"]] * 2, got
    # without a known place in the thread, two short lines above the date stay title and author
    thread = (["التعليقات"] + rec("رأي صريح", "فاطمة", "عندنا نفس المشكلة منذ سنوات.")
              + rec("سؤال مهم", "سالم", "متى تبدأ الصيانة الدورية؟"))
    labs = labels("\n".join(HEAD + [PARA2] + thread))
    assert [labs[n].roles for n in (6, 7)] == [["comment-title"], ["comment-author"]]


def test_a_dateline_with_a_reporters_name_is_dateline_and_byline_a_source_is_not():
    def header(line, footer="© 2024 وكالة الرافدين"):
        return labels("\n".join([HEAD[0], line, HEAD[1], HEAD[2], PARA2, footer]))
    labs = header("الناصرية: حيدر كاظم الموسوي")
    assert labs[2].roles == ["dateline", "byline"] and labs[2].segments[0].rule == "struct.dateline-person"
    assert header("الناصرية - حيدر كاظم")[2].roles == ["dateline", "byline"]
    # the source recurs on the page (its copyright line): a plain dateline
    assert header("الناصرية - وكالة الرافدين")[2].roles == ["dateline"]
    # a report label, not a place: the whole line is the byline
    assert header("تقرير - حيدر كاظم")[2].roles == ["byline"]


def test_a_lead_sentence_between_the_title_and_the_author_is_the_standfirst():
    lede = "يقول سكان في البصرة إن الكهرباء تنقطع أكثر من عشر ساعات يوميا، فيما تعد الوزارة بحلول قريبة."
    labs = labels("\n".join([HEAD[0], lede, "حيدر كاظم", "12.05.2024", HEAD[2], PARA2]))
    assert labs[2].roles == ["kicker"] and rule(labs[2]) == "struct.standfirst"
    assert labs[3].roles == ["byline"] and labs[5].roles == ["paragraph"]
    # without the author and date under it, the same line is the first paragraph
    labs = labels("\n".join([HEAD[0], HEAD[1], lede, HEAD[2], PARA2]))
    assert labs[3].roles == ["paragraph"]


def test_the_bylines_name_again_after_the_last_paragraph_is_the_signature():
    name = "حيدر كاظم"
    labs = labels("\n".join([HEAD[0], name, HEAD[1], HEAD[2], PARA2, name,
                             "كاتب وباحث في شؤون الطاقة، له دراسات عن الكهرباء في العراق.", "مقالات أخرى للكاتب"]))
    assert labs[2].roles == ["byline"] and labs[6].roles == ["byline"] and labs[7].roles == ["byline"]
    assert rule(labs[6]) == "struct.signature-repeat"
    # a name that repeats a line which is not the byline (a menu item) is no signature
    labs = labels("\n".join(["سالم الراوي", HEAD[0], name, HEAD[1], HEAD[2], PARA2, "سالم الراوي"]))
    assert labs[7].removed


def test_a_caption_above_an_english_agency_description_and_its_credit():
    fig = ["عمال يصلحون خطوط الكهرباء في البصرة",
           "Workers repair power lines in Basra, Iraq, May 12, 2024. REUTERS/Mohammed Aty",
           "صورة: Mohammed Aty/REUTERS"]
    labs = labels("\n".join(HEAD + fig + [PARA2]))
    assert [labs[n].roles for n in (4, 5, 6)] == [["caption"], ["removed"], ["credit"]]
    # a sentence above the English line is no caption
    labs = labels("\n".join(HEAD + [PARA2] + fig[1:] + [PARA2.replace("وأضاف", "وتابع")]))
    assert labs[4].roles == ["paragraph"]


def test_a_sentence_broken_at_a_link_after_a_noun_is_text():
    piece, rest = "وأكد أن المحطة الجديدة تأتي في إطار خطة", "إصلاح قطاع الكهرباء التي أعلنتها الحكومة العام الماضي."
    labs = labels("\n".join(HEAD + [piece, rest, PARA2]))
    assert labs[4].roles == ["paragraph"] and rule(labs[4]) == "struct.opening-clause"
    # a sub-heading (no carrying-on word) over a paragraph stays a heading
    labs = labels("\n".join(HEAD + ["خطة إصلاح قطاع الكهرباء", rest, PARA2]))
    assert labs[4].roles == ["heading"]


def test_the_short_line_touching_the_title_under_a_video_player_is_the_section():
    player = ["تشغيل", "00:00", "02:47", "ملء الشاشة"]
    menu = ["الرئيسية", "سياسة", "فيديو", "رياضة"]
    labs = labels("\n".join(menu + player + ["فيديو", HEAD[0], HEAD[1], HEAD[2], PARA2]))
    assert labs[9].roles == ["section"] and rule(labs[9]) == "struct.section-above-title"
    assert labs[10].roles == ["title"]
    # a badge the headline repeats is no section
    title = "مباشر | " + HEAD[0]
    labs = labels("\n".join(menu + player + ["مباشر", title, HEAD[1], HEAD[2], PARA2]))
    assert labs[9].removed and labs[10].roles == ["title"]
    # with a blank line between it and the title it is the menu's last item
    labs = labels("\n".join(menu + player + ["فيديو", "", HEAD[0], HEAD[1], HEAD[2], PARA2]))
    assert labs[9].removed


def test_a_name_under_the_title_that_heads_the_author_box_at_the_end_is_the_byline():
    name = "د. حيدر كاظم"
    share = ["Share", "Facebook", "Twitter", "WhatsApp"]
    box = ["كاتب وأكاديمي عراقي", name,
           "أستاذ الاقتصاد في جامعة البصرة، وباحث في شؤون الطاقة، صدرت له دراسات عن الكهرباء في العراق والمنطقة.",
           "جميع مقالات الكاتب"]
    labs = labels("\n".join([HEAD[0], name] + share + [HEAD[2], PARA2] + box))
    assert labs[2].roles == ["byline"], labs[2]
    assert [labs[n].roles for n in (9, 10, 11)] == [["byline"]] * 3 and labs[12].removed
    # without the author box the removed line under the title stays removed
    labs = labels("\n".join([HEAD[0], name] + share + [HEAD[2], PARA2, name]))
    assert labs[2].removed


def test_the_sites_name_under_a_caption_in_the_article_is_its_credit():
    caption = "عمال يصلحون خطوط الكهرباء في البصرة"
    for site in ("«المرصد»", "المرصد"):
        labs = labels("\n".join(["المرصد", HEAD[0], HEAD[1], HEAD[2], caption, site, PARA2]))
        assert labs[5].roles == ["caption"] and labs[6].roles == ["credit"], site
        assert rule(labs[6]) == "struct.site-credit"
    # a word not seen higher on the page is a heading's next line, not a credit
    labs = labels("\n".join(["المرصد", HEAD[0], HEAD[1], HEAD[2], caption, "الخلاصة", PARA2]))
    assert labs[6].roles != ["credit"]
    # a field with a colon and a count is no caption
    labs = labels("\n".join(["المرصد", HEAD[0], HEAD[1], HEAD[2], "عدد المصوتين في الاستفتاء: 4312", "المرصد", PARA2]))
    assert labs[6].roles != ["credit"]


def test_a_credit_under_the_last_gallery_caption():
    gallery = ["الصورة 1 من 2", "عمال يصلحون خطوط الكهرباء في البصرة", "الصورة 2 من 2", "محطة كهرباء الهارثة من الداخل",
               "(ANHA)"]
    labs = labels("\n".join(HEAD + gallery + [PARA2]))
    assert labs[7].roles == ["caption"] and labs[8].roles == ["credit"]


def test_a_caption_ending_in_a_bracketed_name_holds_its_credit():
    for cap in ("وزير الكهرباء خلال لقائه نظيره الأردني في عمان أمس. (من المصدر)",
                "من حفل افتتاح المحطة الجديدة (واع)"):
        labs = labels("\n".join([HEAD[0], HEAD[1], cap, HEAD[2], PARA2]))
        lab = labs[3]
        assert lab.roles == ["caption", "credit"], (cap, lab.roles)
        credit = next(s for s in lab.segments if s.role == "credit")
        assert lab.text[credit.start:credit.end] in ("من المصدر", "واع")
    # a number in brackets is no credit
    labs = labels("\n".join([HEAD[0], HEAD[1], "من حفل افتتاح المحطة الجديدة (2024)", HEAD[2], PARA2]))
    assert labs[3].roles == ["caption"]


def test_a_site_and_agency_source_line_is_the_byline_a_credit_under_a_caption_is_not():
    labs = labels("\n".join(HEAD + ["الموقع24 / أ ف ب", PARA2, "الموقع24/ رويترز"]))
    assert labs[4].roles == ["byline"] and rule(labs[4]) == "struct.agency-source"
    assert labs[6].roles == ["byline"]
    labs = labels("\n".join(HEAD + ["عمال يصلحون خطوط الكهرباء في البصرة", "تصوير / أ ف ب", PARA2]))
    assert labs[5].roles != ["byline"]  # under a caption-shaped line it is the photo's, not the source


def test_a_longer_name_and_place_above_the_date_is_the_comment_signature():
    thread = ["التعليقات", "سالم عبد الله - بيت لحم", "15/06/2024", "نتمنى أن تتحسن الخدمة قريبا."]
    labs = labels("\n".join(HEAD + [PARA2] + thread))
    assert labs[6].roles == ["comment-author", "comment-place"], labs[6].roles
    assert labs[7].roles == ["comment-date"] and labs[8].roles == ["comment-paragraph"]
    # a sentence of the same length above a date is still text
    thread = ["التعليقات", "أسيل", "15/06/2024", "الخدمة تحسنت كثيرا هذا العام", "16/06/2024", "نعم صحيح."]
    labs = labels("\n".join(HEAD + [PARA2] + thread))
    assert "comment-place" not in labs[9].roles
