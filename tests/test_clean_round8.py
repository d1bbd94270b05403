"""Issue 13, eighth round (tests/unseen/dev11, docs/cleaning.md "Eighth round"): markdown captures, paragraphs a
text browser wrapped at a fixed width, empty comment sections, prose after the comments, long headlines between
paragraphs.  Each test is a small constructed page for one signal (not copied from a dev page); a near miss
shows the guard."""
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.clean.features import markdown_links_only, unmarked
from test_clean_general import PARA, PARA2, TITLE, labels, rule

MENU = ["الرئيسية", "سياسة", "اقتصاد", "رياضة"]


# -- markdown (html2text) ---------------------------------------------------------------------------
def test_markdown_link_syntax_is_blanked_for_matching_and_keeps_offsets():
    line = " * [الرئيسية](/ar/)"
    bare = unmarked(line)
    assert len(bare) == len(line) and bare.split() == ["الرئيسية"]
    assert unmarked("[![شعار الموقع](/img/logo.svg)](/ar/)").split() == []  # a linked image: nothing left
    assert unmarked("# عنوان الخبر").split() == ["عنوان", "الخبر"]
    assert unmarked("#العراق") == "#العراق"  # a hashtag is no heading mark
    assert unmarked("**اقرأ أيضا:** [وزير النفط](/a)").split() == ["اقرأ", "أيضا:", "وزير", "النفط"]
    assert unmarked("[الرئيسية][1] | [سياسة][2]").split() == ["الرئيسية", "|", "سياسة"]
    assert unmarked("[15][فيديو]").split() == ["[فيديو]"]  # a w3m marker before a bracketed label
    assert markdown_links_only("[الرئيسية][1] | [سياسة][2]")
    assert unmarked("كتب \\- محمد").split() == ["كتب", "-", "محمد"]  # html2text's escape before a dash
    assert markdown_links_only("[فيسبوك](#) [X](#) [واتساب](#)")
    assert markdown_links_only(" * [تونس: ارتفاع أسعار الزيت](/ar/2026)")
    # near misses: text around a link, or no link at all
    assert not markdown_links_only("وقال الوزير إن [الخطة](/ar/plan) ستبدأ الشهر المقبل.")
    assert not markdown_links_only("الرئيسية (/ar/)")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="[]()!#*\\ abcسلام/:.-\n", max_size=40))
def test_unmarking_keeps_the_length_and_only_blanks(text):
    """Offsets into the unmarked line are offsets into the line: same length, and every character either
    kept or blanked (never moved or invented)."""
    bare = unmarked(text)
    assert len(bare) == len(text)
    assert all(b == t or b == " " for b, t in zip(bare, text))


def test_a_markdown_capture_keeps_its_article_and_drops_its_links():
    """A menu of '* [item](/path/)' lines was read as 'caption (credit)' figures (the '(/path/)' target
    looked like a bracketed credit) and the skip link as the title."""
    page = ["[تخطي إلى المحتوى](#main)", "[![شعار](/img/logo.svg)](/)"] + [f" * [{m}](/{k}/)" for k, m in enumerate(MENU)] + [
        "", "[الرئيسية](/) > [سياسة](/politics/)", "", f"# {TITLE}", "", "نشرت في: 24/11/2026 - 14:32",
        "تعديل في: 24/11/2026 - 16:05", "", "▶ استمع", "03:48", "[تحميل](https://example.org/a.mp3)", "",
        "[فيسبوك](#) [X](#) [واتساب](#)", "", "![](https://example.org/photo.jpg)", "", PARA, "",
        " * [وزير النفط يزور حقول الجنوب ويلتقي العمال](/ar/2026/1)", "", PARA2, "",
        "[العراق](/tags/iraq/) [الكهرباء](/tags/power/)"]
    labs = labels("\n".join(page))
    got = {n: (lab.roles, rule(lab)) for n, lab in labs.items()}
    assert labs[10].roles == ["title"], got[10]
    assert all(labs[n].removed for n in (1, 2, 3, 4, 5, 6, 13, 15, 16, 17, 19, 21, 25, 29)), got
    assert {rule(labs[n]) for n in (1, 2, 4, 17, 19, 21, 25, 29)} == {"struct.link-line"}
    assert rule(labs[15]) == "chrome.player" and rule(labs[13]) == "struct.updated"
    assert labs[8].removed and rule(labs[8]) == "struct.breadcrumb"  # a breadcrumb of links stays a breadcrumb
    assert labs[12].roles == ["date"]
    assert labs[23].roles == ["paragraph"] and labs[27].roles == ["paragraph"]


# -- wrapped paragraphs (lynx / w3m -dump) ------------------------------------------------------------
def _wrap(text: str, width: int = 73) -> list[str]:
    """``text`` wrapped the way lynx does: greedy, at most ``width`` characters, behind three spaces."""
    out, cur = [], ""
    for w in text.split():
        if cur and len(cur) + 1 + len(w) > width:
            out.append("   " + cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    return out + ["   " + cur]


WRAPPED = [_wrap(t) for t in (
    "تشهد أسواق المدينة ازدحاما منذ ساعات الصباح الأولى، بعد قرار رفع سعر الخبز المدعوم وتقليص عدد "
    "الأرغفة المخصصة لكل عائلة عبر البطاقة الإلكترونية.",
    "ويظهر التسجيل المصور الذي حصل عليه مراسلنا طوابير طويلة أمام فرن في الحي الشرقي، فيما يقف "
    "عناصر لتنظيم الدور ومنع التدافع.",
    "وبررت الجهات المعنية القرار بارتفاع كلفة الطحين والمازوت، مؤكدة أن الدعم سيبقى قائما للفئات "
    "الأشد حاجة في المدينة وريفها خلال الأشهر المقبلة.")]


def _wrapped_page(blank: bool = True) -> list[str]:
    sep = [""] if blank else []
    page = MENU + sep + [TITLE] + sep + ["22 تشرين الثاني 2026 - 18:45"] + sep
    for para in WRAPPED:
        page += para + sep
    return page + ["التعليقات (1)"] + sep + ["أبو خالد - حمص", "24/11/2026",
                                             "   عاد أخي الأسبوع الماضي، الحي يحتاج كل شيء لكن الناس مصرة على الرجوع."]


def test_each_piece_of_a_wrapped_paragraph_is_article_text():
    """A wrapped piece was a header caption, a heading or glued related links (struct.unpunctuated-run:
    article text lost), and since no physical line was long enough to be prose, the comments heading
    after the article opened no comments zone."""
    page = _wrapped_page()
    labs = labels("\n".join(page))
    body = [n for n, ln in enumerate(page, 1) if ln.startswith("   ") and n < page.index("التعليقات (1)")]
    assert [labs[n].roles for n in body] == [["paragraph"]] * len(body), [(n, labs[n].roles, rule(labs[n])) for n in body]
    assert labs[page.index(TITLE) + 1].roles == ["title"]
    n = page.index("التعليقات (1)") + 1
    assert labs[n + 2].roles == ["comment-author", "comment-place"] and labs[n + 4].roles == ["comment-paragraph"]


def test_touching_long_lines_are_not_a_wrapped_paragraph_without_a_wrap_column():
    """Near misses: a page without blank lines (touching lines are separate items), and a page whose
    other lines are far longer than the candidate (a paragraph on one line: the page is not wrapped)."""
    labs = labels("\n".join(_wrapped_page(blank=False)))
    assert not any(s.rule == "struct.wrapped-paragraph" for lab in labs.values() for s in lab.segments)
    glued = "رئيس الوزراء يستقبل وفدا أمريكيا رفيعا لبحث الانسحاب وزير النفط يعلن زيادة الصادرات"
    labs = labels("\n".join(["الرئيسية", "", TITLE, "12 مايو 2024", "", PARA + " " + PARA2, "", glued,
                             "وأضاف أن الوزارة ستعلن التفاصيل لاحقا.", "", PARA + " " + PARA, "", PARA2 + " " + PARA2]))
    assert labs[8].removed and rule(labs[8]) == "struct.unpunctuated-run"


# -- comments ---------------------------------------------------------------------------------------------
def test_an_empty_comment_section_holds_no_reader_text():
    tail = ["شارك", "التعليقات (0)", "لا أحد علق هنا حتى الآن، كن أنت الأول!", "أضف تعليق", "إرسال"]
    labs = labels("\n".join([TITLE, "12 مايو 2024", "", PARA, "", PARA2, ""] + tail))
    assert labs[10].removed and rule(labs[10]) == "struct.empty-comments", labs[10].roles
    # near miss: a count the page did not update: a record (author, date) keeps its text
    tail = ["التعليقات (0)", "سعيد من تزنيت", "منذ ساعتين", "الوسطاء هم الرابحون دائما، الله يعين الناس."]
    labs = labels("\n".join([TITLE, "12 مايو 2024", "", PARA, "", PARA2, ""] + tail))
    assert labs[11].roles == ["comment-paragraph"] and labs[9].roles == ["comment-author"]


def test_prose_in_a_teaser_block_after_the_comments_does_not_resume_the_article():
    blurb = "موقعنا جريدة إلكترونية مستقلة تتابع السياسة والمجتمع والثقافة بحرية ومسؤولية، والتعليقات تعبر عن أصحابها."
    page = [TITLE, "12 مايو 2024", "", PARA, "", PARA2, "", "التعليقات (1)", "سعيد من تزنيت", "منذ ساعتين",
            "الوسطاء هم الرابحون دائما، الله يعين الناس.", "", "الأكثر قراءة", "وزير النفط يزور حقول الجنوب",
            "منذ 3 ساعات", "", blurb]
    labs = labels("\n".join(page))
    assert labs[17].removed and rule(labs[17]) == "struct.after-comments", labs[17].roles
    assert labs[11].roles == ["comment-paragraph"]
    # near miss: without a comment section the same block keeps the old rule (article prose resumes it)
    page = [TITLE, "12 مايو 2024", "", PARA, "", "الأكثر قراءة", "وزير النفط يزور حقول الجنوب", "", PARA2]
    labs = labels("\n".join(page))
    assert labs[9].roles == ["paragraph"]


# -- headlines between paragraphs, credits, labels ----------------------------------------------------
def test_a_long_headline_between_two_paragraphs_is_a_related_link():
    headline = "وزارة الكهرباء: صيانة شاملة لمحطات التحويل قبل الصيف المقبل"
    labs = labels("\n".join([TITLE, "12 مايو 2024", "", PARA, "", headline, "", PARA2]))
    assert labs[6].removed and rule(labs[6]) == "struct.inline-headline"
    # near misses: a short sub-heading, a question, a heading after a paragraph ending in ':'
    for sub in ("صيانة المحطات", "هل تكفي الصيانة قبل الصيف المقبل لتجنب الانقطاعات الطويلة؟",
                "«لن نسمح بانقطاع الكهرباء عن المستشفيات هذا الصيف»"):
        labs = labels("\n".join([TITLE, "12 مايو 2024", "", PARA, "", sub, "", PARA2]))
        assert labs[6].roles == ["heading"], sub
    # near miss: on a page with blank lines, a line touching the next paragraph is that sentence's first
    # piece (a scraper broke it at an inline link), not a headline
    piece = "قبل عقدين كان الحديث عن المناخ ترفا يتداوله الخبراء"
    labs = labels("\n".join([TITLE, "12 مايو 2024", "", PARA, "", piece, "في المؤتمرات.", "", PARA2]))
    assert not labs[6].removed, labs[6].roles
    # an infographic's caption between two paragraphs is a caption, not a headline
    info = "إنفوغراف: الإنتاج السمكي في البلاد خلال خمس سنوات"
    labs = labels("\n".join([TITLE, "12 مايو 2024", "", PARA, "", info, "", PARA2]))
    assert labs[6].roles == ["caption"], labs[6].roles


def test_inline_related_labels_and_update_stamps():
    labs = labels("\n".join([TITLE, "12 مايو 2024", "تعديل في: 12 مايو 2024 - 16:05", "", PARA, "",
                             "مرتبط: «التخطيط» تعتمد اشتراطات جديدة للبناء", "", PARA2]))
    assert rule(labs[3]) == "struct.updated" and rule(labs[7]) == "chrome.related-inline"
    # near miss: a paragraph that opens with the word is text
    line = "مرتبط بذلك، قال الوزير إن الخطة ستبدأ الشهر المقبل في المحافظات الجنوبية كلها."
    labs = labels("\n".join([TITLE, "12 مايو 2024", "", PARA, "", line]))
    assert labs[6].roles == ["paragraph"]


def test_a_bracketed_agency_under_a_latin_description_is_the_credit_in_the_header():
    page = MENU + ["", TITLE, "الأحد, 22 نوفمبر 2026 11:25", "سفينة شحن في الميناء",
                   "Un navire de fret amarré au port, le 21 novembre 2026. APS", "(وأج)", PARA, PARA2]
    labs = labels("\n".join(page))
    assert labs[8].roles == ["caption"] and labs[9].removed and labs[10].roles == ["credit"], labs[10].roles
    # near miss: the same bracketed name right under the date (no caption, no description) is no credit
    labs = labels("\n".join(MENU + ["", TITLE, "الأحد, 22 نوفمبر 2026 11:25", "(وأج)", PARA, PARA2]))
    assert labs[8].roles != ["credit"]


def test_the_line_under_a_breadcrumb_split_over_lines_is_the_section():
    """A per-node scraper gives the breadcrumb item by item ('الرئيسية' / '/' / 'محليات'); the short line
    between its last crumb and the title is the section, the crumb is the menu's."""
    menu = ["الرئيسية", "محليات", "برلمان", "اقتصاد", "رياضة"]
    sub = "أكد أن الحظر الموسمي على صيد الروبيان يجب أن يمتد أسبوعين"
    page = menu + ["الرئيسية", "/", "محليات", "حوار", TITLE, sub, "حاوره: علي الستري", "الاثنين 23 نوفمبر 2026",
                   PARA, PARA2]
    labs = labels("\n".join(page))
    assert labs[8].removed and labs[9].roles == ["section"] and labs[10].roles == ["title"], \
        [labs[n].roles for n in (8, 9, 10)]
    # near miss: the active menu item right under its own copy (no separator line) stays the section
    page = menu + ["الرئيسية", "محليات", "محليات", TITLE, "الاثنين 23 نوفمبر 2026", PARA, PARA2]
    labs = labels("\n".join(page))
    assert labs[8].roles == ["section"] and labs[9].roles == ["title"], [labs[n].roles for n in (7, 8, 9)]


def test_a_caption_with_its_labelled_photo_credit_on_one_line():
    line = "سيارات مهملة تنتظر الرفع في أحد شوارع المدينة الصناعية القديمة قرب السوق - تصوير: بسام الحداد"
    labs = labels("\n".join([TITLE, "12 مايو 2024", "", line, "", PARA, "", PARA2]))
    assert labs[4].roles == ["caption", "credit"], labs[4].roles
    # near miss: a sentence that ends after the dash with a label of no photo ('المصدر: …') is text
    line = "وقال الوزير إن الخطة ستبدأ الشهر المقبل في المحافظات الجنوبية كلها - المصدر: وزارة الكهرباء"
    labs = labels("\n".join([TITLE, "12 مايو 2024", "", PARA, "", line, "", PARA2]))
    assert "credit" not in labs[6].roles


def test_a_widget_row_of_three_pieces_each_interface_vocabulary_is_removed():
    row = "A A A | طباعة | مشاركة: فيسبوك تويتر واتساب"
    labs = labels("\n".join([TITLE, "12 مايو 2024", row, "يتم التحديث باستمرار", "", PARA, "", PARA2]))
    assert labs[3].removed and rule(labs[3]) == "struct.joined-items", labs[3].roles
    assert labs[4].removed and rule(labs[4]) == "struct.updated"
    # counts between the buttons: a comment's action row, a share counter
    thread = ["التعليقات", "عادل منصور", "منذ 3 ساعات", "كلام سليم، كفاية حروب على أرض العرب.", "14 | 2 | رد | إبلاغ"]
    labs = labels("\n".join([TITLE, "12 مايو 2024", "شارك | 152 | مشاركة", "", PARA, "", PARA2, ""] + thread))
    assert labs[3].removed and labs[13].removed, (labs[3].roles, labs[13].roles)
    assert labs[12].roles == ["comment-paragraph"]
    # near miss: a caption with a bar inside it is not a widget row (one piece is no vocabulary)
    cap = "وزير الكهرباء خلال جولته في المحطة | طباعة"
    labs = labels("\n".join([TITLE, "12 مايو 2024", cap, "", PARA, "", PARA2]))
    assert not labs[3].removed, labs[3].roles


def test_a_comments_counter_inside_the_article_removes_no_article_text():
    """Hostile: a share bar's 'التعليقات (0)' after the lead paragraph opens a comments zone; the article's
    paragraphs under it and after a related label are not reader text but must not be removed either."""
    para3 = "وأشار إلى أن المرحلة الثانية من المشروع ستشمل المحافظات الشمالية بعد الانتهاء من تقييم النتائج الأولى."
    page = [TITLE, "12 مايو 2024", "", PARA, "", "التعليقات (0)", "", PARA2, "", "اقرأ أيضا",
            "وزير النفط يزور حقول الجنوب", "", para3]
    labs = labels("\n".join(page))
    assert not labs[8].removed and not labs[13].removed, (labs[8].roles, labs[13].roles)


def test_a_dateline_with_a_tatweel_dash_or_a_closing_colon_under_the_title():
    for line in ('رام الله - "الأيام":', 'بغداد ـ “رأي اليوم”:', "عمّان ـ الغد"):
        labs = labels("\n".join(MENU + ["", TITLE, line, "2024-05-23 | 10:05 ص", "", PARA, "", PARA2]))
        assert labs[7].roles == ["dateline"], (line, labs[7].roles)
    # near miss: a form's field label in the header stays removed
    labs = labels("\n".join(MENU + ["", TITLE, "بحث عن:", "2024-05-23 | 10:05 ص", "", PARA, "", PARA2]))
    assert labs[7].removed


def test_an_about_the_author_blurb_of_another_writer_is_removed():
    blurb = "عن الكاتب: خليل الشيخ كاتب وروائي من الخليل، صدرت له خمس روايات، ويكتب مقالا أسبوعيا في الصحيفة."
    page = [TITLE, "12 مايو 2024", "كتب: رنين صوافطة", "", PARA, "", PARA2, "", blurb]
    labs = labels("\n".join(page))
    assert labs[9].removed and rule(labs[9]) == "struct.other-author", labs[9].roles
    # near miss: the blurb of the article's own author (named in the byline) is no other writer's
    own = "عن الكاتب: رنين صوافطة صحفية من رام الله، تكتب عن الثقافة والمجتمع منذ عشر سنوات في الصحيفة."
    labs = labels("\n".join(page[:-1] + [own]))
    assert not labs[9].removed, labs[9].roles


def test_a_correspondents_line_under_the_title_and_date_is_the_byline():
    page = MENU + ["", TITLE, "", "نشرت في: 22/11/2026 - 10:05", "", "مراسل الإذاعة في نواكشوط أحمد ولد محمد",
                   "", PARA, "", PARA2]
    labs = labels("\n".join(page))
    assert labs[10].roles == ["byline"], labs[10].roles
    # near miss: a title that opens with the word (no date above it yet) stays the title
    page = MENU + ["", "مراسل الإذاعة يروي يومياته في ميناء نواذيبو", "نشرت في: 22/11/2026 - 10:05", "", PARA]
    labs = labels("\n".join(page))
    assert labs[6].roles == ["title"], labs[6].roles


def test_a_linked_title_and_a_linked_author_are_not_link_lines():
    page = [" * [الرئيسية](/)", " * [سياسة](/p/)", " * [اقتصاد](/e/)", "", f"# [{TITLE}](/ar/2026/1)",
            "[سالم العبيدي](/authors/salem)", "نشرت في: 22/11/2026 - 10:05", "", PARA, "", PARA2]
    labs = labels("\n".join(page))
    assert labs[5].roles == ["title"], labs[5].roles
    assert not labs[6].removed, labs[6].roles
    assert labs[1].removed and labs[2].removed


def test_a_link_in_a_markdown_comment_thread_is_a_button_not_reader_text():
    thread = ["التعليقات", " * [1](/c/1)", "عادل منصور", "منذ 3 ساعات", "كلام سليم، كفاية حروب على أرض العرب.",
              " * [إبلاغ](/report/1)", " * [أعجبني 4](/like/1)"]
    labs = labels("\n".join([TITLE, "12 مايو 2024", "", PARA, "", PARA2, ""] + thread))
    assert labs[13].removed and labs[14].removed, (labs[13].roles, labs[14].roles)
    assert labs[12].roles == ["comment-paragraph"] and labs[10].roles == ["comment-author"]


def test_a_disclaimer_a_text_browser_wrapped_is_matched_on_its_joined_lines():
    note = _wrap("ملاحظة: المقالات والتعليقات المنشورة تعبر عن آراء أصحابها ولا تعبر بالضرورة عن رأي الصحيفة.")
    page = _wrapped_page()
    at = page.index("التعليقات (1)")
    page = page[:at] + note + [""] + page[at:]
    labs = labels("\n".join(page))
    pieces = range(at + 1, at + 1 + len(note))
    assert len(note) >= 2 and all(labs[n].removed for n in pieces), [labs[n].roles for n in pieces]
    assert rule(labs[at + 1]).endswith("disclaimer"), rule(labs[at + 1])
    # the article's own wrapped paragraphs stay text
    assert labs[page.index(WRAPPED[0][0]) + 1].roles == ["paragraph"]
