"""Text loss (issue 13, after heldout4): reader or article text the cleaner must not remove, each on a
small constructed page (own text, no dev or held-out page copied); a near miss shows the guard."""
from test_clean_general import PARA, PARA2, TITLE, labels, rule

HEAD = [TITLE, "12 مايو 2024", "", PARA, "", PARA2, ""]


def test_a_comment_under_its_time_line_is_text_when_reader_mode_dropped_the_comments_label():
    """Reader mode keeps the comments but drops the section's label: author, time, then the comment."""
    for comment in ("المهلة طويلة، والناس ما راح تصبر أكثر", "طيب ومين بيدفع ثمن كل هذا التأخير؟",
                    "من سنين نسمع نفس الكلام عن المشروع وما شفنا شي على الأرض"):
        page = HEAD + ["أبو علي", "منذ 4 ساعات", comment]
        labs = labels("\n".join(page))
        assert not labs[10].removed, (comment, rule(labs[10]))
    # near miss: a teaser headline (a noun phrase) under a time line is still chrome
    page = HEAD + ["الأكثر قراءة", "منذ 3 ساعات", "وزير النفط يزور حقول الجنوب"]
    labs = labels("\n".join(page))
    assert labs[10].removed


def test_a_comment_in_english_or_french_under_a_name_and_a_time_is_text():
    for comment in ("Good step, but the prices are still too high.", "Bravo les gars", "Courage aux habitants"):
        page = HEAD + ["Sami", "منذ ساعتين", comment]
        labs = labels("\n".join(page))
        assert not labs[10].removed, (comment, rule(labs[10]))
    # near miss: an English agency description under a paragraph (no name and time above it) goes
    page = HEAD + ["Workers repair a power line in the southern city on Monday, May 12, 2024."]
    labs = labels("\n".join(page))
    assert labs[8].removed and rule(labs[8]) == "struct.latin-line"


def test_a_sentence_opening_with_a_conjunction_carries_the_article_on():
    """A short article sentence without a full stop, opening with 'وفي' / 'وهذا' after a paragraph, is
    text (a headline opens with its subject or verb), between paragraphs or at the article's end."""
    for line in ("وفي الموصل اجتمع الطرفان مجددا لبحث التفاصيل", "وهذا ما حدث بالفعل"):
        for page, n in (([TITLE, "12 مايو 2024", "", PARA, "", line, "", PARA2], 6),
                        ([TITLE, "12 مايو 2024", "", PARA, "", PARA2, "", line], 8)):
            labs = labels("\n".join(page))
            assert not labs[n].removed and "paragraph" in labs[n].roles or n == 6 and labs[n].roles == ["heading"], \
                (line, n, labs[n].roles)
    # near misses: the same headline without the conjunction is a related link; a short sub-heading stays one
    page = [TITLE, "12 مايو 2024", "", PARA, "", "اجتمع الطرفان مجددا في العاصمة لبحث التفاصيل", "", PARA2]
    labs = labels("\n".join(page))
    assert labs[6].removed and rule(labs[6]) == "struct.inline-headline"
    labs = labels("\n".join([TITLE, "12 مايو 2024", "", PARA, "", "وفي الموصل", "", PARA2]))
    assert labs[6].roles == ["heading"]


def test_an_emoji_only_comment_is_the_readers_text():
    section = ["التعليقات (2)", "", "سعيد", "منذ ساعتين", "👍👍", "", "مريم", "منذ 3 ساعات", "❤️❤️❤️"]
    labs = labels("\n".join(HEAD + section))
    assert labs[12].roles == ["comment-paragraph"], (labs[12].roles, rule(labs[12]))
    assert labs[16].roles == ["comment-paragraph"], (labs[16].roles, rule(labs[16]))
    # near misses: a like counter (a number) and a like/dislike bar under the text stay chrome
    section = ["التعليقات (1)", "", "سعيد", "منذ ساعتين", "الله يعين الناس على هذا الحر.", "👍 4", "👍 👎"]
    labs = labels("\n".join(HEAD + section))
    assert labs[12].roles == ["comment-paragraph"] and labs[13].removed and labs[14].removed


def test_an_english_statement_announced_by_a_colon_is_quoted_text():
    intro = "وكتب السفير الأمريكي على منصة إكس:"
    quote = "We will not leave Iraq until the mission is complete and our partners are ready."
    labs = labels("\n".join([TITLE, "12 مايو 2024", "", PARA, "", intro, "", quote, "", PARA2]))
    assert labs[8].roles == ["paragraph"], rule(labs[8])
    # near miss: the same line under a paragraph ending in a full stop (an image description) goes
    labs = labels("\n".join([TITLE, "12 مايو 2024", "", PARA, "", quote, "", PARA2]))
    assert labs[6].removed and rule(labs[6]) == "struct.latin-line"


def test_a_live_update_entry_without_a_full_stop_is_text_in_a_live_blog():
    page = [TITLE, "12 مايو 2024", "", PARA, "", "10:45", "وصول الوفد إلى المطار.", "",
            "11:20", "بدء الاجتماع المغلق بين الطرفين", "", "12:05", "انتهى الاجتماع دون بيان.", "", PARA2]
    labs = labels("\n".join(page))
    assert labs[10].roles == ["paragraph"], rule(labs[10])
    # near miss: a time and a headline with no other live entry on the page is a teaser, not an entry
    page = [TITLE, "12 مايو 2024", "", PARA, "", PARA2, "", "11:20", "بدء الاجتماع المغلق بين الطرفين"]
    labs = labels("\n".join(page))
    assert labs[9].removed


def test_an_interview_with_short_unpunctuated_answers_keeps_every_turn():
    turns = ["ما هي أولويات الوزارة؟", "إصلاح الشبكة قبل الصيف", "وماذا عن الاستثمار؟",
             "نحن منفتحون على كل الشركات", "هل من كلمة أخيرة؟", "شكرا لكم"]
    page = [TITLE, "12 مايو 2024", "", PARA]
    for t in turns:
        page += ["", t]
    labs = labels("\n".join(page))
    assert all(labs[n].roles == ["paragraph"] for n in range(6, 17, 2)), [labs[n].roles for n in range(6, 17, 2)]
    # near miss: two question headlines and a label after the article are not an interview
    page = [TITLE, "12 مايو 2024", "", PARA, "", PARA2, "", "هل تنخفض الأسعار؟", "", "أخبار ذات صلة", "",
            "متى ينتهي الصيف؟"]
    labs = labels("\n".join(page))
    assert labs[8].removed and labs[12].removed


def test_a_comment_right_above_its_reply_button_is_text_without_its_section_label():
    page = HEAD + ["حيدر", "كل سنة نفس الكلام، نريد نشوف شي على الأرض", "أعجبني", "رد"]
    labs = labels("\n".join(page))
    assert not labs[9].removed, rule(labs[9])
    # near miss: a headline (no sentence) above the same buttons stays removed
    page = HEAD + ["حيدر", "وزير النفط يزور حقول الجنوب", "أعجبني", "رد"]
    labs = labels("\n".join(page))
    assert labs[9].removed
