"""Hostile input never crashes the cleaner and never loses a character."""
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.text import raw as rawtext
from corpus.errors import InputError
from corpus.document.model import ROLES, reconstruct
from corpus.document.pipeline import process

ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى٠١٢٣٤٥٦٧٨٩۰۱۲"
MARKS = "\u200e\u200f\u202a\u202b\u202c\u202e\u2066\u2069\u200b\u200c\u200d\ufeff\u00ad\u061c\u0651\u064e"
CHROME = ["Web", "Analytics", "الرئيسية", "التعليقات", "ترك الرد", "الأكثر شعبية", "المساهمون", "•", "-",
          "Getty Images", "(", ")", "/", "|", "...", "…", "؟", ".", ":", "مشاركة :", "+ الخط -", "news-picture",
          "9/27/2023", "20 نوفمبر 2021", " ", "\u00a0", "\t"]
NEWLINES = ["\n", "\r\n", "\r", "\x85", "\u2028", "\u2029", "\n\n"]

line_text = st.lists(st.one_of(st.text(alphabet=ARABIC + MARKS + string.ascii_letters + string.digits + " .,-()|•\u00a0\t\x01\x7f\x9f",
                                       max_size=30), st.sampled_from(CHROME)), max_size=8).map("".join)
page = st.lists(st.tuples(line_text, st.sampled_from(NEWLINES)), min_size=1, max_size=25).map(
    lambda parts: "".join(t + nl for t, nl in parts))


def refusal_is_warranted(data: bytes, exc: InputError) -> bool:
    """Hostile text may be refused only as blank, NUL-bearing or control-heavy, never for anything else."""
    text = data.decode("utf-8").removeprefix("\ufeff")
    visible = "".join(c for c in text if c not in rawtext.REMOVED_CHARS)
    if not visible.strip() and "no visible text" in exc.message:
        return True
    return ((not text.strip() and ("no text" in exc.message or (not data and "empty" in exc.message))) or ("\x00" in text and "NUL byte" in exc.message)
            or "control characters" in exc.message)


def check(data: bytes, site_profiles: bool = True) -> None:
    try:
        raw = rawtext.decode(data, "h.txt")
    except InputError as exc:
        assert refusal_is_warranted(data, exc), exc.message
        return
    doc = process(raw, site_profiles=site_profiles)
    text = data.decode("utf-8")
    assert reconstruct(doc) == (text[1:] if text.startswith("\ufeff") else text)
    ids = [b.id for b in doc.blocks()]
    assert len(ids) == len(set(ids))
    for b in doc.blocks():
        assert b.role in ROLES and b.text and raw.line(b.src.line).text[b.src.start:b.src.end] == b.text
    for r in doc.removed:
        assert r.rule and r.reason and r.rule != "internal.unlabelled"
        assert raw.line(r.src.line).text[r.src.start:r.src.end] == r.text
    for m in doc.metadata.values():
        assert raw.line(m.src.line).text[m.src.start:m.src.end] == m.text
    kept_or_removed = {b.src.line for b in doc.blocks()} | {r.src.line for r in doc.removed}
    assert kept_or_removed == {ln.number for ln in raw.lines if ln.text.strip()}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page, st.booleans(), st.booleans())
def test_hostile_pages_round_trip(text, bom, site):
    check((("\ufeff" if bom else "") + text).encode("utf-8"), site)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_unicode(text):
    check(text.encode("utf-8"))


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=1, max_value=40), st.sampled_from(NEWLINES))
def test_blank_only_lines(n, nl):
    check((("  \t" + nl) * n + "نص").encode())
    check((("\u200f \u00a0" + nl) * n).encode())  # only blank/invisible lines: an InputError or a clean round trip


def test_huge_line_and_many_lines():
    check(("كلمة " * 200_000 + ".").encode())
    check(("سطر قصير\n" * 20_000).encode())
    check(("Getty Images " * 5000 + "تعليق").encode())


def test_empty_input_is_an_input_error():
    import pytest

    for data in (b"", b"   \n\n", b"\x00abc", b"\xff\xfe"):
        with pytest.raises(InputError):
            rawtext.decode(data, "bad.txt")
