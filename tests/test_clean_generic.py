"""The generic profile on pages of sites it has never seen: other chrome words, CRLF, BOM,
paragraphs without blank lines, comments with and without titles."""
import pytest

from corpus.text import raw as rawtext
from corpus.document.evaluate import line_roles
from corpus.document.model import reconstruct
from corpus.document.pipeline import process

PAGE_A = """بحث
English
الرئيسية / اقتصاد
النفط يرتفع إلى أعلى مستوى منذ عامين
الأحد، 5 آذار 2023
بغداد (رويترز) - ارتفعت أسعار النفط اليوم الأحد إلى أعلى مستوى لها منذ عامين، مدفوعة بتوقعات زيادة الطلب.
وقال محللون إن الأسعار قد تواصل الصعود خلال الأسابيع المقبلة.
اقرأ أيضا:
العراق يوقع عقدا جديدا لتطوير حقل نفطي
وأضاف التقرير أن الإنتاج العراقي بلغ مستويات قياسية هذا العام.
الكلمات المفتاحية: النفط، العراق، الأسعار
تعليقات القراء (2)
أحمد - بغداد -
مقال ممتاز ومفيد.
سارة -
لا أتفق مع التحليل.
© 2023 جميع الحقوق محفوظة"""
GOLD_A = ["removed", "removed", "removed", "title", "date", "paragraph", "paragraph", "removed", "removed",
          "paragraph", "removed", "removed", "comment-author|comment-place", "comment-paragraph",
          "comment-author", "comment-paragraph", "removed"]

PAGE_B = """Menu
رياضة

منتخب العراق يتأهل إلى نهائي كأس الخليج

١٥ كانون الثاني ٢٠٢٣
تأهل منتخب العراق لكرة القدم إلى المباراة النهائية لبطولة كأس الخليج بعد فوزه على قطر.
وسجل الهدف الوحيد اللاعب أيمن حسين في الدقيقة الثمانين.
ردود الفعل
احتفل آلاف المشجعين في شوارع البصرة حتى ساعات الفجر.
صورة
شارك
أضف تعليقك
الاسم
البريد الإلكتروني
الأكثر قراءة
 العراق يستضيف البطولة للمرة الأولى منذ عقود…
 مدرب المنتخب: الفوز للجماهير…
"""
GOLD_B = ["removed", "section", "title", "date", "paragraph", "paragraph", "heading", "paragraph",
          "removed", "removed", "removed", "removed", "removed", "removed", "removed", "removed"]

PAGE_C = """حوار خاص
وزير الخارجية: لا تراجع عن الاتفاق
03/04/2022
قال وزير الخارجية في حوار خاص إن الحكومة لن تتراجع عن الاتفاق الموقع مع الجانب التركي، مؤكدا أن المفاوضات مستمرة.
EPA | وزير الخارجية خلال المؤتمر الصحفي في أنقرة

التعليقات

كلام جميل
محمد علي - الموصل -
۱۲/۵/۲۰۲۲
نتمنى أن يكون ذلك صحيحا.

رأي آخر
زائر -
الاتفاق لن يصمد طويلا.
وسنرى ذلك قريبا."""
GOLD_C = ["kicker", "title", "date", "paragraph", "credit|caption", "removed", "comment-title",
          "comment-author|comment-place", "comment-date", "comment-paragraph", "comment-title",
          "comment-author", "comment-paragraph", "comment-paragraph"]

# teasers without a 'most read' marker, a share bar of network names, a view counter, a copyright
PAGE_D = """شعار الموقع
الرئيسية » سياسة » العراق
انتخابات مجالس المحافظات تنطلق وسط إجراءات أمنية
بدأ العراقيون الإدلاء بأصواتهم في انتخابات مجالس المحافظات، وهي الأولى منذ عشر سنوات.
وقالت المفوضية إن نسبة المشاركة بلغت 41 في المئة حتى الظهر.
فيسبوك تويتر واتساب
عدد المشاهدات: 1520
مواضيع ذات صلة
البرلمان يصوت على قانون الموازنة
 صوت مجلس النواب العراقي على قانون الموازنة العامة بعد جدل طويل استمر…
الحكومة تعلن خطة لمواجهة الجفاف
 أعلنت الحكومة العراقية عن خطة شاملة لمواجهة الجفاف في المحافظات الجنوبية…
جميع الحقوق محفوظة لموقع الأخبار 2023"""
GOLD_D = ["removed", "removed", "title", "paragraph", "paragraph", "removed", "removed", "removed",
          "removed", "removed", "removed", "removed", "removed"]


def _page(text: str, bom: bool, newline: str) -> bytes:
    return (("\ufeff" if bom else "") + text.replace("\n", newline)).encode("utf-8")


@pytest.mark.parametrize("bom, newline", [(False, "\n"), (True, "\r\n"), (True, "\r"), (False, "\r\n")])
@pytest.mark.parametrize("text, gold", [(PAGE_A, GOLD_A), (PAGE_B, GOLD_B), (PAGE_C, GOLD_C), (PAGE_D, GOLD_D)],
                         ids=["A", "B", "C", "D"])
def test_unseen_pages_generic(text, gold, bom, newline):
    data = _page(text, bom, newline)
    raw = rawtext.decode(data, "unseen.txt")
    doc = process(raw, site_profiles=True)
    assert doc.profile == "generic"  # no site fingerprint matches these pages
    assert ["|".join(r) for r in line_roles(doc).values()] == gold
    assert reconstruct(doc) == data.decode("utf-8").lstrip("\ufeff")


def test_unseen_metadata_is_attested_only():
    a = process(rawtext.decode(_page(PAGE_A, True, "\r\n"), "a.txt"))
    assert {k: m.value for k, m in a.metadata.items()} == {
        "section": "اقتصاد", "title": "النفط يرتفع إلى أعلى مستوى منذ عامين", "date": "2023-03-05",
        "dateline": "بغداد"}
    for m in a.metadata.values():
        assert rawtext.decode(_page(PAGE_A, True, "\r\n"), "a.txt").line(m.src.line).text[m.src.start:m.src.end] == m.text
    b = process(rawtext.decode(_page(PAGE_B, False, "\n"), "b.txt"))
    assert b.metadata["date"].value == "2023-01-15" and b.metadata["section"].value == "رياضة"
    c = process(rawtext.decode(_page(PAGE_C, False, "\n"), "c.txt"))
    assert "date" not in c.metadata  # 03/04/2022 is ambiguous and no profile declares the order
    assert "section" not in c.metadata and "site" not in c.metadata
    d = process(rawtext.decode(_page(PAGE_D, False, "\n"), "d.txt"))
    assert d.metadata["section"].value == "سياسة"


def test_unseen_comments_structure():
    a = process(rawtext.decode(_page(PAGE_A, False, "\n"), "a.txt"))
    assert [(c.author.text, c.place.text if c.place else None, len(c.paragraphs)) for c in a.comments] == [
        ("أحمد", "بغداد", 1), ("سارة", None, 1)]
    c = process(rawtext.decode(_page(PAGE_C, False, "\n"), "c.txt"))
    assert [len(x.paragraphs) for x in c.comments] == [1, 2]
    assert c.comments[0].first("comment-date").text == "۱۲/۵/۲۰۲۲"


def test_many_comments_and_none():
    many = "عنوان المقال هنا\nنص المقال الأول وهو فقرة طويلة بما يكفي لتكون فقرة كاملة من المقال.\nالتعليقات\n" + "".join(
        f"قارئ {i} -\nتعليق رقم {i} على المقال.\n" for i in range(1, 41))
    doc = process(rawtext.decode(many.encode(), "many.txt"))
    assert len(doc.comments) == 40 and all(c.author and len(c.paragraphs) == 1 for c in doc.comments)
    none = "عنوان المقال هنا\nنص المقال الأول وهو فقرة طويلة بما يكفي لتكون فقرة كاملة من المقال.\nالتعليقات\n"
    doc = process(rawtext.decode(none.encode(), "none.txt"))
    assert doc.comments == () and doc.title == "عنوان المقال هنا"


def test_byline_and_kicker():
    t = "حوار خاص\nعنوان المقال هنا\nبقلم: أحمد العلي\nنص المقال الأول، وهو فقرة كاملة من المقال.\n"
    doc = process(rawtext.decode(t.encode(), "x.txt"))
    assert [(b.role, b.text) for b in doc.article] == [
        ("kicker", "حوار خاص"), ("title", "عنوان المقال هنا"), ("byline", "بقلم: أحمد العلي"),
        ("paragraph", "نص المقال الأول، وهو فقرة كاملة من المقال.")]
    assert doc.metadata["byline"].value == "أحمد العلي" and doc.metadata["byline"].src.start == 6


def test_paragraph_mentioning_chrome_words_is_kept():
    body = ("قال المتحدث إن الوزارة تتابع حسابنا على تويتر وتنشر فيه كل البيانات الرسمية أولا بأول، "
            "مضيفا أن المواطنين يمكنهم التواصل معها عبر الصفحة الرسمية على فيسبوك كذلك في أي وقت.")
    t = "عنوان الخبر\n" + body + "\n"
    doc = process(rawtext.decode(t.encode(), "x.txt"))
    assert [b.role for b in doc.article] == ["title", "paragraph"]
