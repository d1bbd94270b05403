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
