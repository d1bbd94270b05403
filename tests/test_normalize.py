from hypothesis import given, strategies as st

from corpus import normalize


def test_folds_orthographic_variants():
    assert normalize.normalise("أَمْرِيكَا") == "امريكا"
    assert normalize.normalise("الإسلامية") == "الاسلاميه"
    assert normalize.normalise("مصطفى") == "مصطفي"
    assert normalize.normalise("عـــرب") == "عرب"
    assert normalize.normalise("٢٠٢١ ۱۴") == "2021 14"
    assert normalize.normalise("\ufefb") == "لا"  # lam-alef presentation form


def test_find_reports_spans_of_the_original_text():
    text = "قال السّوداني: إن السوداني"
    spans = normalize.find(text, "السوداني")
    assert [text[s:e] for s, e in spans] == ["السّوداني", "السوداني"]


def test_find_with_hamza_variants():
    text = "قوات التحالف الأمريكية والامريكية"
    assert [text[s:e] for s, e in normalize.find(text, "الامريكية")] == ["الأمريكية", "الامريكية"]


@given(st.text(max_size=200))
def test_map_points_into_the_original(text):
    norm, back = normalize.normalise_with_map(text)
    assert len(back) == len(norm) + 1
    assert back == sorted(back)
    assert all(0 <= i <= len(text) for i in back)
