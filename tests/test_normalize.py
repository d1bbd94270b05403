from hypothesis import given, strategies as st

from corpus.text import normalize


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


# plain st.text() almost never draws what the folds touch: mix in diacritics, tatweel, hamza forms,
# presentation forms (one becomes two letters), digits and joiners
FOLDED = "ابتسلمنهوي أإآٱىةؤئ" + "\u064b\u064e\u0651\u0652\u0670\u0640" + "\ufefb\ufef7\ufdf2\ufe8d" + "٠٩۰۹" + "\u200c\u200d\u00a0 x"


@given(st.lists(st.one_of(st.text(FOLDED, max_size=10), st.text(max_size=3)), max_size=20).map("".join))
def test_map_points_into_the_original(text):
    norm, back = normalize.normalise_with_map(text)
    assert norm == normalize.normalise(text)
    assert len(back) == len(norm) + 1 and back[-1] == len(text)
    assert back == sorted(back)
    assert all(0 <= i < len(text) for i in back[:-1])
    # each original code point maps to exactly the normalised characters it folds to
    by_source: dict[int, str] = {}
    for ch, i in zip(norm, back):
        by_source[i] = by_source.get(i, "") + ch
    assert by_source == {i: normalize.normalise(c) for i, c in enumerate(text) if normalize.normalise(c)}
