"""Structural cues of the generic profile for unseen sites (docs/cleaning.md), one test per cue."""
from corpus.text import dates
from corpus.text import raw as rawtext
from corpus.clean.engine import clean
from corpus.document.pipeline import process
from corpus.clean.profiles import compile_profile


def roles(text: str) -> dict[int, list[str]]:
    raw = rawtext.decode(text.encode("utf-8"), "page.txt")
    return {lab.number: lab.roles for lab in clean(raw, compile_profile(None))}


PARA = "وقال المتحدث باسم الحكومة في بيان صدر اليوم إن المفاوضات مستمرة بين الطرفين منذ أسابيع عدة."


def test_menu_run_is_removed_and_section_above_title_kept():
    r = roles("الموقع\nأخبار\nسياسة\nرياضة\nسياسة\nالحكومة تعلن خطة جديدة لإصلاح قطاع الكهرباء\n" + PARA + "\n")
    assert [r[n] for n in range(1, 5)] == [["removed"]] * 4
    assert r[5] == ["section"] and r[6] == ["title"] and r[7] == ["paragraph"]


def test_at_most_one_kicker_earlier_lines_are_site_header():
    r = roles("شعار الموقع الكبير هنا\nعنوان فرعي يسبق العنوان الرئيسي\nالحكومة تعلن خطة جديدة للكهرباء\n" + PARA + "\n")
    assert r[1] == ["removed"] and r[2] == ["kicker"] and r[3] == ["title"]


def test_date_widget_before_title_removed_and_dates_with_time():
    r = roles("الأحد، 12 مايو 2024 01:00 م\nالحكومة تعلن خطة جديدة للكهرباء\nالأحد، 12 مايو 2024 10:35 ص\n" + PARA + "\n")
    assert r[1] == ["removed"] and r[2] == ["title"] and r[3] == ["date"]


def test_short_line_between_title_and_date_is_byline_or_dateline():
    r = roles("الحكومة تعلن خطة جديدة لإصلاح قطاع الكهرباء\nوكالة الأنباء\n2024/05/12 | 10:35\n" + PARA + "\n")
    assert r[2] == ["byline"] and r[3] == ["date"]
    r = roles("الحكومة تعلن خطة جديدة لإصلاح قطاع الكهرباء\nالقناة - بغداد\nنشر في: 12 مايو 2024 - 10:35\n" + PARA + "\n")
    assert r[2] == ["dateline"] and r[3] == ["date"]


def test_updated_stamp_and_second_date_removed():
    r = roles("الحكومة تعلن خطة جديدة للكهرباء\n12 مايو 2024\nآخر تحديث: 12 مايو 2024 - 13:02\n" + PARA + "\n10 مايو 2024\n")
    assert r[2] == ["date"] and r[3] == ["removed"] and r[5] == ["removed"]


def test_credit_line_makes_the_line_above_a_caption_in_one_figure():
    text = "الحكومة تعلن خطة جديدة للكهرباء\n12 مايو 2024\nمحطة كهرباء في جنوب العراق خلال أعمال الصيانة السنوية للمحطة الكبرى\nصورة: الموقع\n" + PARA + "\n"
    r = roles(text)
    assert r[3] == ["caption"] and r[4] == ["credit"]
    doc = process(rawtext.decode(text.encode(), "p.txt"), site_profiles=False)
    fig = [b for b in doc.article if b.role in ("caption", "credit")]
    assert len({b.group for b in fig}) == 1 and fig[0].group


def test_source_line_is_byline_and_latin_source_is_credit():
    r = roles("الحكومة تعلن خطة جديدة للكهرباء\n" + PARA + "\nالمصدر : الجزيرة + وكالات\n")
    assert r[3] == ["byline"]
    r = roles("الحكومة تعلن خطة جديدة للكهرباء\n" + PARA + "\nصورة أرشيفية لمطار المدينة\nالمصدر: AFP\n" + PARA + "\n")
    assert r[3] == ["caption"] and r[4] == ["credit"]


def test_trailing_archive_and_copyright_credits():
    r = roles("الحكومة تعلن خطة جديدة للكهرباء\n12 مايو 2024\nطائرة مقاتلة تابعة للقوة الجوية - أرشيف\n" + PARA + "\n")
    assert r[3] == ["caption", "credit"]
    r = roles("الحكومة تعلن خطة جديدة للكهرباء\n" + PARA + "\nنواب خلال جلسة في بغداد في 4 آذار 2024. © أ ف ب\n" + PARA + "\n© 2024 الموقع\n")
    assert r[3] == ["caption", "credit"] and r[5] == ["removed"]


def test_weak_comment_link_in_header_does_not_swallow_the_article():
    r = roles("الحكومة تعلن خطة جديدة للكهرباء\n12 مايو 2024\nأضف تعليق\nوزير الكهرباء في مؤتمر صحفي\n" + PARA + "\n" + PARA + "\n")
    assert r[3] == ["removed"] and r[4] == ["caption"] and r[5] == r[6] == ["paragraph"]


def test_prose_after_a_chrome_marker_resumes_the_article():
    r = roles("الحكومة تعلن خطة جديدة للكهرباء\n" + PARA + "\nالأكثر قراءة\nخبر آخر عن الطقس\n" + PARA + "\n")
    assert r[3] == r[4] == ["removed"] and r[5] == ["paragraph"]


def test_heading_not_followed_by_text_is_chrome():
    r = roles("الحكومة تعلن خطة جديدة للكهرباء\n" + PARA + "\nكلمات مفتاحية\nالكهرباء\nالعراق\n")
    assert r[3] == r[4] == r[5] == ["removed"]
    r = roles("الحكومة تعلن خطة جديدة للكهرباء\n" + PARA + "\nعقود معطلة\n" + PARA + "\n")
    assert r[3] == ["heading"]


def test_read_also_label_swallows_adjacent_links_and_inline_titles():
    r = roles("الحكومة تعلن خطة جديدة للكهرباء\n" + PARA + "\nاقرأ أيضا:\nرابط أول لمقال آخر\nرابط ثان لمقال آخر\n" + PARA
              + "\nاقرأ أيضاً: عنوان مقال آخر عن الكهرباء\n" + PARA + "\nاقرأ المزيد:\n- عنوان أول\n- عنوان ثان\n" + PARA + "\n")
    assert [r[n] for n in (3, 4, 5, 7, 9, 10, 11)] == [["removed"]] * 7
    assert r[6] == r[8] == r[12] == ["paragraph"]


def test_summary_bullets_are_paragraphs():
    r = roles("الحكومة تعلن خطة جديدة للكهرباء\nملخص\n• مسيرة تسقط قرب قاعدة حرير شمال أربيل\n" + PARA + "\n")
    assert r[2] == ["removed"] and r[3] == ["paragraph"]


def test_comment_records_number_author_date_title_text():
    r = roles("الحكومة تعلن خطة جديدة للكهرباء\n" + PARA + "\nالتعليقات (2)\n1\nمصري مغترب\nالأحد، 12 مايو 2024 11:20 ص\nكلام جميل\n"
              "لكن الواقع على الأرض شيء آخر تماما\nعدد الردود 0\nرد\n2. أبو علي - البصرة\n١٢ أيار ٢٠٢٤\nتعليق قصير\n"
              "Sherzad\nمنذ 3 ساعات\nنص التعليق الثالث هنا.\n")
    assert [r[n] for n in range(4, 11)] == [["removed"], ["comment-author"], ["comment-date"], ["comment-title"],
                                            ["comment-paragraph"], ["removed"], ["removed"]]
    assert r[11] == ["comment-author", "comment-place"] and r[12] == ["comment-date"]
    assert r[14] == ["comment-author"] and r[15] == ["comment-date"] and r[16] == ["comment-paragraph"]


def test_date_lines_with_label_and_time_keep_date_only_value():
    for text, value in [("نشر في: 12 مايو 2024 - 10:35 بتوقيت أبوظبي", "2024-05-12"),
                        ("2024/05/12 | 10:35", "2024-05-12"), ("الأحد, 12 أيار, 2024 10:35", "2024-05-12"),
                        ("مايو 13, 2024 الساعة 11:20 ص", "2024-05-13"), ("13 - مايو - 2024", "2024-05-13")]:
        dl = dates.date_line(text)
        assert dl is not None and dl.date.value == value and (dl.start, dl.end) == (0, len(text))
    assert dates.date_line("آخر تحديث: 12 مايو 2024") is None
    assert dates.date_line("12 مايو 2024 وصل الوفد") is None


# -- second round (tests/unseen/dev2) ----------------------------------------------------------------
TITLE = "الحكومة تعلن خطة جديدة لإصلاح قطاع الكهرباء"


def test_short_lines_after_a_colon_or_between_paragraphs_are_a_list():
    r = roles(TITLE + "\n" + PARA + "\nوضم الوفد كلا من:\nوزير الداخلية\nرئيس أركان الجيش\n\n" + PARA + "\n")
    assert r[3] == r[4] == r[5] == ["paragraph"]
    r = roles(TITLE + "\n" + PARA + "\nسيناريوهات ثلاثة\nانسحاب كامل وفق جدول زمني\nبقاء محدود تحت عنوان التدريب\n" + PARA + "\n")
    assert r[3] == ["heading"] and r[4] == r[5] == ["paragraph"]
    # a tag list after the article stays chrome
    r = roles(TITLE + "\n" + PARA + "\nالعراق\nأمن الحدود\n")
    assert r[3] == r[4] == ["removed"]


def test_quotation_on_its_own_line_is_text():
    quote = '"لن نسمح بأن تكون أراضي العراق منطلقا للاعتداء على أي من جيرانه كما لن نسمح لأحد بأن ينتهك سيادتنا"'
    r = roles(TITLE + "\n" + PARA + "\nوقال الوزير:\n" + quote + "\n" + PARA + "\n")
    assert r[3] == r[4] == ["paragraph"]


def test_comment_counter_in_header_opens_no_comment_zone_and_dash_byline():
    r = roles(TITLE + "\nكتب - محمد صفوت:\n03:15 م الخميس 23 مايو 2024\n0 تعليق\n" + PARA + "\n" + PARA + "\n")
    assert r[2] == ["byline"] and r[3] == ["date"] and r[4] == ["removed"]
    assert r[5] == r[6] == ["paragraph"]


def test_long_upper_line_is_title_and_the_line_below_its_subheadline():
    sub = "مصادر حكومية: الجولة المقبلة من الحوار الأمني مع واشنطن ستحسم مصير قاعدتي عين الأسد وحرير"
    r = roles("بغداد تطالب بجدول زمني واضح لخروج المستشارين الأجانب\n" + sub + "\nنشر في: 23 مايو ,2024: 11:42 ص GMT\n" + PARA + "\n")
    assert r[1] == ["title"] and r[2] == ["kicker"] and r[3] == ["date"]
    # a short overline stays the kicker above the title
    r = roles("بين ضغط الفصائل وحسابات أربيل\nأي مستقبل للقواعد الأجنبية بعد انتهاء مهمة التحالف؟\n23 أيار 14:20\n" + PARA + "\n")
    assert r[1] == ["kicker"] and r[2] == ["title"] and r[3] == ["date"]


def test_section_below_title_and_repeated_menu_item_is_section():
    r = roles("بحث...\n" + TITLE + "\nالعراق\n23-05-2024 11:40\n" + PARA + "\n")
    assert r[1] == ["removed"] and r[2] == ["title"] and r[3] == ["section"] and r[4] == ["date"]
    menu = "الرئيسية\nالدول العربية\nتركيا\nالعالم\nاقتصاد\n\nالدول العربية\n"
    r = roles(menu + TITLE + "\nعلي جواد   |23.05.2024 - تحديث : 23.05.2024\n" + PARA + "\n")
    assert [r[n] for n in range(1, 6)] == [["removed"]] * 5
    assert r[7] == ["section"] and r[8] == ["title"] and r[9] == ["byline", "date"]


def test_byline_date_line_segments_and_metadata():
    text = TITLE + "\nعلي جواد   |23.05.2024 - تحديث : 23.05.2024\n" + PARA + "\n"
    doc = process(rawtext.decode(text.encode(), "p.txt"), site_profiles=False)
    assert doc.metadata["byline"].value == "علي جواد" and doc.metadata["date"].value == "2024-05-23"
    assert any(r.text.startswith("- تحديث") for r in doc.removed)


def test_header_dateline_and_credit_only_lines():
    r = roles(TITLE + "\nالخميس ١٥ ذو القعدة ١٤٤٥ هـ - ٢٣ أيار ٢٠٢٤ - ١٠:٤٥ ص\nقوات من الجيش العراقي على الحدود مع سوريا\n(أرشيفية)\n\nبغداد اليوم - الأنبار\n" + PARA + "\n")
    assert r[1] == ["title"] and r[3] == ["caption"] and r[4] == ["credit"] and r[6] == ["dateline"]
    r = roles(TITLE + "\n" + PARA + "\nعناصر من فصيل مسلح خلال استعراض في بغداد\n© AFP\n" + PARA + "\n")
    assert r[3] == ["caption"] and r[4] == ["credit"]
    r = roles(TITLE + "\n" + PARA + "\nمركبات عسكرية على الحدود - صورة أرشيفية / الأناضول\n" + PARA + "\n")
    assert r[3] == ["caption", "credit"]


def test_date_after_breadcrumb_is_the_date_unless_another_follows_the_title():
    r = roles("الرئيسية / أخبار\n23 مايو 2024، 9:12 ص\nفصائل عراقية تمهل واشنطن حتى نهاية العام!\nإعداد: مصطفى الجبوري\n" + PARA + "\n")
    assert r[2] == ["date"] and r[3] == ["title"] and r[4] == ["byline"]
    r = roles("الرئيسية » عرب وعالم\nالأحد، 12 مايو 2024 01:00 م\n" + TITLE + "\nالأحد، 12 مايو 2024 10:35 ص\n" + PARA + "\n")
    assert r[2] == ["removed"] and r[3] == ["title"] and r[4] == ["date"]


def test_closing_signature_and_opinion_disclaimer():
    r = roles(TITLE + "\n" + PARA + "\nسيف الدين الحسني\nكاتب وباحث سياسي عراقي\n"
              "الآراء المذكورة في المقالات لا تعبّر بالضرورة عن رأي الموقع، بل تعبّر عن رأي كاتبها حصراً.\nالعراق\n")
    assert r[3] == r[4] == ["byline"] and r[5] == r[6] == ["removed"]


def test_comment_title_above_author_and_author_place_and_empty_section():
    r = roles(TITLE + "\n" + PARA + "\nتعليقات (2)\nكلام منطقي\nابو زيد\n23 مايو 2024\nالمهلة طويلة والضغط وحده يكفي\n"
              "حيدر الكبيسي - القائم\n٢٣/٠٥/٢٠٢٤ - ١١:٣٠\nالله يحفظ جيشنا\nاكتب تعليقك\n")
    assert r[4] == ["comment-title"] and r[5] == ["comment-author"] and r[6] == ["comment-date"]
    assert r[8] == ["comment-author", "comment-place"] and r[11] == ["removed"]
    raw = rawtext.decode((TITLE + "\n" + PARA + "\nتعليقات (2)\nكلام منطقي\nابو زيد\n23 مايو 2024\nنص\n").encode(), "p.txt")
    labs = clean(raw, compile_profile(None))
    assert labs[3].comment == labs[4].comment == labs[6].comment == 1
    r = roles(TITLE + "\n" + PARA + "\nالتعليقات (0)\nلا توجد تعليقات على الموضوع\n")
    assert r[4] == ["removed"]


def test_comment_list_after_the_comment_form():
    r = roles(TITLE + "\n" + PARA + "\nالتعليقات\nأضف تعليقك\nيجب تسجيل الدخول لإضافة تعليق\nأحمد سمير\nمنذ 5 ساعات\n"
              "الموقف ده محترم من الخارجية.\nرد\nإعجاب (12)\nعرض المزيد من التعليقات\n")
    assert r[5] == ["removed"] and r[6] == ["comment-author"] and r[7] == ["comment-date"]
    assert r[8] == ["comment-paragraph"] and r[9] == r[10] == r[11] == ["removed"]


def test_related_links_stop_at_a_short_heading_in_a_page_without_blank_lines():
    r = roles(TITLE + "\n" + PARA + "\nاقرأ أيضاً\nوزارة البيشمركة: توحيد الألوية خطوة أساسية لتعزيز الشراكة\n"
              "هجوم بطائرة مسيرة يستهدف قاعدة حرير شمال أربيل\nتوحيد البيشمركة\n" + PARA + "\n")
    assert r[3] == r[4] == r[5] == ["removed"] and r[6] == ["heading"]


def test_chrome_notices_reading_time_search_and_agency():
    r = roles("بحث...\n" + TITLE + "\n⏱ دقيقتان للقراءة\nقراءة 3 دقائق\n" + PARA + "\n"
              "على موقع وكالة الأناضول، يُنشر جزء من الأخبار المعروضة على المشتركين في نظام بث الأخبار (HAS)، وبشكل موجز.\n")
    assert r[1] == r[3] == r[4] == r[6] == ["removed"] and r[2] == ["title"]


def test_second_round_date_line_forms():
    for text, value, covered in [
            ("نشر في: 23 مايو ,2024: 11:42 ص GMT", "2024-05-23", None),
            ("الخميس ١٥ ذو القعدة ١٤٤٥ هـ - ٢٣ أيار ٢٠٢٤ - ١٠:٤٥ ص", "2024-05-23", None),
            ("03:15 م الخميس 23 مايو 2024", "2024-05-23", None),
            ("23 أيار 14:20", None, None),
            ("23.05.2024 - تحديث : 23.05.2024", "2024-05-23", "23.05.2024")]:
        dl = dates.date_line(text)
        assert dl is not None and dl.date.value == value
        assert text[dl.start:dl.end] == (covered or text)
    assert dates.date_line("23 أيار وصل الوفد إلى بغداد") is None
    assert dates.date_line("الخميس ١٥ ذو القعدة ١٤٤٥ هـ") is None


# -- third round (dev3): cues generalised from errors on at least two sites -----------------------
def test_author_above_the_metadata_even_with_a_section_between_it_and_the_title():
    # the section word under the title does not hide the longer title line above the author
    r = roles("شعار\nالحكومة تعلن خطة جديدة لإصلاح قطاع الكهرباء\nالعالم\nعلي حسن\n12 مايو 2024\n" + PARA + "\n")
    assert r[2] == ["title"] and r[3] == ["section"] and r[4] == ["byline"] and r[5] == ["date"]
    # a source line, not only a date, can follow the author; the title above keeps its sub-headline
    r = roles("العراق بين الانسحاب الأميركي وتوازنات الداخل: من يملأ الفراغ؟\n"
              "واشنطن تريد ضمانات أمنية وبغداد تبحث عن صيغة\n\nرنا شاهين\nالمصدر: النهار العربي\n"
              "26-05-2024 | 14:22\n" + PARA + "\n")
    assert r[1] == ["title"] and r[2] == ["kicker"] and r[4] == ["byline"] and r[5] == ["byline"]
    # a one-word line under the title with no longer line above it is not an author
    r = roles("الكهرباء\nعلي حسن\n12 مايو 2024\n" + PARA + "\n")
    assert r[2] != ["byline"]


def test_place_colon_source_after_the_date_is_the_dateline():
    r = roles("الحكومة تعلن خطة جديدة لإصلاح قطاع الكهرباء\n2024/05/26\nبغداد: الصباح\n" + PARA + "\n")
    assert r[3] == ["dateline"]
    r = roles("الحكومة تعلن خطة جديدة لإصلاح قطاع الكهرباء\n2024/05/26\nبغداد: «الخليج»، وكالات\n" + PARA + "\n")
    assert r[3] == ["dateline"]
    # a three-word 'label' before the colon is no place name
    r = roles("الحكومة تعلن خطة جديدة لإصلاح قطاع الكهرباء\n2024/05/26\nصورة من الأرشيف القديم: بغداد\n"
              + PARA + "\n")
    assert r[3] != ["dateline"]


def test_update_stamp_after_a_separator_and_reading_time_without_digits():
    r = roles("الحكومة تعلن خطة جديدة لإصلاح قطاع الكهرباء\n12 مايو 2024\n| آخر تحديث: 12 مايو 2024 13:02\n"
              "قراءة دقيقتين\n" + PARA + "\n")
    assert r[2] == ["date"] and r[3] == ["removed"] and r[4] == ["removed"]


def test_comment_list_toolbar_is_removed_and_comments_go_on():
    r = roles("الحكومة تعلن خطة جديدة للكهرباء\n" + PARA + "\n3 تعليقات\nترتيب حسب\nالأقدم\nأضف تعليقًا...\n"
              "زياد - بيروت\n26-05-2024 | 16:40\nتحليل دقيق، لكن القرار ليس في بغداد وحدها.\n"
              "مكون Facebook الإضافي للتعليقات\n")
    assert [r[n] for n in (4, 5, 6)] == [["removed"]] * 3
    assert r[7] == ["comment-author", "comment-place"] and r[8] == ["comment-date"]
    assert r[9] == ["comment-paragraph"] and r[10] == ["removed"]
