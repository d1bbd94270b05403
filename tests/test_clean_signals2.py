"""Issue 13, second round (docs/cleaning.md, "Second round: comment threads, galleries, live blogs"):
comment-zone furniture by repetition, comment plugins' dates, galleries, live-blog updates,
embedded posts, author boxes, dates with a weekday or an update stamp, and site grouping when one
page of a site carries a long comment thread.  One test per signal, each on a page written for it."""
from corpus.clean import template as tpl
from corpus.clean.engine import clean
from corpus.clean.profiles import compile_profile
from corpus.text import dates
from corpus.text import raw as rawtext

PARA = "وقال المتحدث باسم الحكومة في بيان صدر اليوم إن المفاوضات مستمرة بين الطرفين منذ أسابيع عدة."
PARA2 = "وأضاف أن الوزارة ستعلن تفاصيل الخطة خلال الأيام المقبلة بعد التشاور مع المحافظات المعنية بالأمر."
TITLE = "الحكومة تعلن خطة جديدة لإصلاح قطاع الكهرباء"
HEAD = [TITLE, "12 مايو 2024", PARA, PARA2, ""]


def labels(text: str, template=None):
    raw = rawtext.decode(text.encode("utf-8"), "page.txt")
    return {lab.number: lab for lab in clean(raw, compile_profile(None), template)}


def rule(lab) -> str:
    return lab.segments[0].rule


def thread(furniture: list[str], n: int = 4) -> list[str]:
    names = ["أبو خالد", "سامي الربيعي", "ليلى", "متابع", "نزار"]
    texts = ["خطوة متأخرة لكنها في الاتجاه الصحيح.", "السيادة تبدأ بحصر السلاح بيد الدولة.",
             "مقال دقيق، شكراً على المتابعة.", "لن يتغير شيء، الأسماء تتغير فقط.", "الصحافة تحمي مصادرها."]
    out = ["التعليقات (5)"]
    for k in range(n):
        out += [names[k], f"20 مايو 2024 @ 10:{10 + k} ص", texts[k]]
        out += [f.replace("#", str(3 * k + 1)) for f in furniture]
    return out


def test_comment_furniture_is_removed_comment_text_and_signatures_kept():
    text = "\n".join(HEAD + thread(["رد", "يعجبني (#)", "إبلاغ عن إساءة", "👍 #  👎 0"]))
    labs = labels(text)
    by_text = {lab.text: lab for lab in labs.values()}
    assert rule(by_text["إبلاغ عن إساءة"]) == "struct.comment-furniture"
    assert "(4 times on the page)" in by_text["إبلاغ عن إساءة"].segments[0].reason
    assert by_text["👍 4  👎 0"].roles == ["removed"] and by_text["يعجبني (7)"].roles == ["removed"]
    assert by_text["ليلى"].roles == ["comment-author"]
    assert by_text["20 مايو 2024 @ 10:12 ص"].roles == ["comment-date"]
    assert by_text["مقال دقيق، شكراً على المتابعة."].roles == ["comment-paragraph"]


def test_furniture_needs_three_copies_and_spares_numbered_signatures():
    text = "\n".join(HEAD + thread(["إبلاغ عن إساءة"], n=2))
    labs = {lab.text: lab for lab in labels(text).values()}
    assert rule(labs["إبلاغ عن إساءة"]) != "struct.comment-furniture"  # two copies: not enough
    sig = "\n".join(HEAD + ["التعليقات"] + [f"قارئ {i} -\nتعليق رقم {i} على المقال." for i in range(1, 6)])
    labs = labels(sig)
    assert all(lab.roles[:1] == ["comment-author"] for lab in labs.values() if lab.text.startswith("قارئ"))


def test_comment_plugin_dates():
    for line in ["20 مايو 2024 @ 10:14 ص", "May 20, 2024 at 11:35 am", "22 أيار 2024، الأربعاء - 10:12"]:
        assert dates.date_line(line, "dmy").date.value in ("2024-05-20", "2024-05-22"), line
    text = "\n".join(HEAD + ["التعليقات", "حيدر", "كلام جميل لكن نريد أفعالاً.", "3 س", "زينب",
                             "نعم هذا صحيح تماماً.", "قبل 5 ساعات", "علي", "شكراً للموقع.", "أمس"])
    labs = {lab.text: lab for lab in labels(text).values()}
    for d in ("3 س", "قبل 5 ساعات", "أمس"):
        assert labs[d].roles == ["comment-date"], d


def test_gallery_captions_follow_slide_counters_and_the_controls_go():
    text = "\n".join(HEAD[:-1] + ["ألبوم الصور", "1/3", "سوق المدينة القديمة بعد ترميمه", "2/3",
                                 "مدرسة أعيد بناؤها في الحي", "الصورة 3 من 3", "ساحة الحرية وسط المدينة",
                                 "(تصوير: عباس سلمان)", "‹ السابق", "التالي ›", PARA, ""])
    labs = {lab.text: lab for lab in labels(text).values()}
    for cap in ("سوق المدينة القديمة بعد ترميمه", "مدرسة أعيد بناؤها في الحي", "ساحة الحرية وسط المدينة"):
        assert labs[cap].roles == ["caption"], cap
    assert labs["(تصوير: عباس سلمان)"].roles == ["credit"]
    for chrome in ("1/3", "الصورة 3 من 3", "‹ السابق", "التالي ›", "ألبوم الصور"):
        assert labs[chrome].roles == ["removed"], chrome


def test_live_blog_update_times_are_headings_a_player_duration_is_not():
    text = "\n".join(HEAD[:-1] + ["17:40", PARA2.replace("وأضاف", "وأعلن"), "17:05",
                                 "مندوب فرنسا: نعمل مع شركائنا على مقترح لترتيبات أمنية تعيد الاستقرار إلى المنطقة.",
                                 "02:47", "تشغيل", ""])
    labs = {lab.text: lab for lab in labels(text).values()}
    assert labs["17:40"].roles == ["heading"] and rule(labs["17:40"]) == "struct.live-update"
    assert labs["17:05"].roles == ["heading"]
    assert labs["02:47"].roles == ["removed"]


def test_embedded_post_and_its_attribution_are_article_text():
    tweet = "The United States respects Iraq's sovereignty. Today's strike targeted a facility."
    text = "\n".join(HEAD[:-1] + ["ردت السفارة بتغريدة جاء فيها:", tweet,
                                 "— U.S. Embassy Baghdad (@USEmbBaghdad) May 21, 2024", PARA2, ""])
    labs = {lab.text: lab for lab in labels(text).values()}
    assert labs[tweet].roles == ["paragraph"] and rule(labs[tweet]) == "struct.embedded-post"
    assert labs["— U.S. Embassy Baghdad (@USEmbBaghdad) May 21, 2024"].roles == ["paragraph"]
    # without the attribution line, an English line is still removed
    labs = {lab.text: lab for lab in labels("\n".join(HEAD[:-1] + [tweet, PARA2])).values()}
    assert labs[tweet].roles == ["removed"]


def test_author_box_above_its_link_is_the_byline():
    text = "\n".join(HEAD[:-1] + [PARA2, "كاتب وأكاديمي عراقي", "د. كمال الحسيني",
                                 "أستاذ العلوم السياسية في جامعة بغداد، وباحث في شؤون الأمن الإقليمي.",
                                 "جميع مقالات الكاتب", ""])
    labs = {lab.text: lab for lab in labels(text).values()}
    assert labs[PARA2].roles == ["paragraph"]
    for line in ("كاتب وأكاديمي عراقي", "د. كمال الحسيني",
                 "أستاذ العلوم السياسية في جامعة بغداد، وباحث في شؤون الأمن الإقليمي."):
        assert labs[line].roles == ["byline"] and rule(labs[line]) == "struct.author-box", line
    assert labs["جميع مقالات الكاتب"].roles == ["removed"]


def test_author_and_place_above_a_date_after_the_lede():
    text = "\n".join([TITLE, PARA, "ماهر زكريا", "دير الزور", "22 أيار 2024، الأربعاء - 10:12", PARA2, ""])
    labs = {lab.text: lab for lab in labels(text).values()}
    assert labs["ماهر زكريا"].roles == ["byline"] and labs["دير الزور"].roles == ["dateline"]
    assert labs["22 أيار 2024، الأربعاء - 10:12"].roles == ["date"]


def test_date_line_with_its_update_stamp_ends_the_header():
    stamp = "نشر في: الأربعاء 22 مايو 2024 - 7:15 م | آخر تحديث: الأربعاء 22 مايو 2024 - 7:40 م"
    labs = {lab.text: lab for lab in labels("\n".join(["اقتصاد", TITLE, "محمد علاء", stamp, PARA, PARA2])).values()}
    assert labs[TITLE].roles == ["title"] and labs[stamp].roles == ["date"]


def test_a_page_with_a_long_thread_still_joins_its_site():
    """Grouping by shared chrome compares a page with each of a group's first pages: a page whose
    comment thread doubles its short lines matches one sibling less well than the other."""
    menu = [f"قسم {w}" for w in ("السياسة", "الاقتصاد", "الرياضة", "الثقافة", "المنوعات", "الفيديو",
                                 "الصور", "المحافظات", "العالم", "الرأي")]
    own = {n: [f"سطر قصير {n} {k}" for k in range(40 if n == "a" else 3)] for n in "abc"}
    pages = {"a.txt": menu + own["a"], "b.txt": menu + own["b"] + ["من نحن", "اتصل بنا"],
             "c.txt": menu[:8] + own["c"] + ["من نحن", "اتصل بنا", "الخصوصية", "الشروط"]}
    stats = tpl.collect(pages)
    assert len(set(stats.page_site.values())) == 1
    assert stats.for_page("c.txt").pages == 3
