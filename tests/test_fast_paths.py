"""Every fast path and cache of the cleaning path gives exactly what the general path gives.

The fast paths exist for speed only (bench/bench.py); these tests pin them to the slow path they
replace, on hostile text: Arabic with diacritics and tatweel, presentation forms, zero-width and
bidi characters, every line break, decomposed sequences, removed control characters."""
from __future__ import annotations

import unicodedata

from hypothesis import example, given, settings, strategies as st

from corpus.text import raw as rawtext

LINE_BREAKS = ["\n", "\r\n", "\r", "\x85", "\u2028", "\u2029", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"]
ARABIC = ("ابتسلمنهويءةىأإآٱٲٳؤئکیېہھ" + "\u064b\u064e\u0651\u0652\u0670\u0640\u0653\u0654"
          + "\ufefb\ufef7\ufdf2\ufe8d" + "٠٩۰۹" + "\u200c\u200d\u200b\u200e\u200f\u061c\u2066\u00ad\ufeff"
          + "\u00a0\u2002\u202f\u3000\t AZaz09.:-|»" + "e\u0301")
HOSTILE = st.lists(st.one_of(st.text(ARABIC, max_size=12), st.sampled_from(LINE_BREAKS), st.text(max_size=3)),
                   max_size=30).map("".join)


def _reference_decode(text: str) -> list[rawtext.RawLine]:
    return rawtext._lines(text)


@settings(max_examples=400, deadline=None)
@given(HOSTILE)
def test_clean_lines_fast_path_equals_general_path(text):
    if rawtext._REMOVE_RE.search(text) is None and unicodedata.is_normalized("NFC", text):
        assert rawtext._clean_lines(text) == rawtext._lines(text)
    clean = rawtext._REMOVE_RE.sub("", unicodedata.normalize("NFC", text))
    if unicodedata.is_normalized("NFC", clean):
        assert rawtext._clean_lines(clean) == rawtext._lines(clean)


@settings(max_examples=300, deadline=None)
@given(HOSTILE.filter(lambda t: t.strip()))
def test_decode_equals_general_path(text):
    try:
        raw = rawtext.decode(text.encode("utf-8"), "h.txt")
    except rawtext.InputError:
        return
    body = text[1:] if text.startswith("\ufeff") else text
    assert list(raw.lines) == rawtext._lines(body)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["\n", "\r\n", "\r"]), st.lists(st.text(ARABIC.replace("\t", "") + "\r", max_size=15), min_size=1, max_size=12))
def test_clean_lines_with_one_kind_of_line_end(nl, pieces):
    text = nl.join(pieces)
    if rawtext._REMOVE_RE.search(text) is None and unicodedata.is_normalized("NFC", text):
        assert rawtext._clean_lines(text) == rawtext._lines(text)


def test_clean_lines_on_every_break_and_a_final_break():
    for text in ("a", "a\n", "a\r\n", "a\r\nb", "a\rb\r", "a\x85b\u2028c\u2029", "\n", "\r\n\r\n", "a\r\r\nb",
                 "a\nb\n\n", "\r\ra", "a\r\nb\nc", "a\n\rb", "\r\n", "\r", "a\rb\r\n"):
        assert rawtext._clean_lines(text) == rawtext._lines(text), repr(text)


# -- fold: the replace-what-is-present fold and its memo equal the plain translate table -------------
from corpus.text import normalize  # noqa: E402

_TABLE = {k: v for k, v in normalize._SAME_LENGTH.items()}


def _slow_fold(text: str) -> str:
    return text.translate(_TABLE)


@settings(max_examples=500, deadline=None)
@given(HOSTILE)
def test_fold_equals_the_translate_table(text):
    assert normalize._fold(text) == _slow_fold(text)
    assert normalize.fold(text) == _slow_fold(text)
    assert normalize.fold(text) == _slow_fold(text)  # the second call comes from the memo
    assert len(normalize.fold(text)) == len(text)


def test_fold_memo_stays_bounded(monkeypatch):
    monkeypatch.setattr(normalize, "_MEMO_CHARS_MAX", 1000)
    monkeypatch.setattr(normalize, "_MEMO", {})
    monkeypatch.setattr(normalize, "_memo_chars", 0)
    for i in range(2000):
        line = f"أخبار العراق {i} ى ة"
        assert normalize.fold(line) == _slow_fold(line)
    assert normalize._memo_chars <= 1000 + normalize._MEMO_TEXT_MAX
    assert sum(map(len, normalize._MEMO)) == normalize._memo_chars
    page = "أ" * (normalize._MEMO_TEXT_MAX + 1)
    assert normalize.fold(page) == "ا" * len(page) and page not in normalize._MEMO


# -- template keys: folding then squashing == squashing then folding (what squashed_key relies on) ---
from corpus.clean import template as tpl  # noqa: E402
from corpus.clean.features import _features, structure  # noqa: E402
from corpus.clean.profiles import compile_profile  # noqa: E402


def _slow_key(text: str):
    import hashlib

    words = tpl.unmarked(_slow_fold(text)).split()  # link markers and bullets are no part of a key
    if not words or len(words) > tpl.KEY_MAX_WORDS:
        return None
    norm = tpl._unranked(" ".join(words))  # nor a list rank glued before a headline
    return int.from_bytes(hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest(), "big")


def test_fold_keeps_white_space_white_and_nothing_else():
    for src, dst in normalize._FOLD_MAP.items():
        assert src.isspace() == dst.isspace(), repr(src)


@settings(max_examples=400, deadline=None)
@given(HOSTILE)
def test_template_keys_of_every_path_agree(text):
    want = _slow_key(text)
    assert tpl.line_key(text) == want
    bare = tpl.unmarked(_slow_fold(text)).split()
    assert tpl.squashed_key(" ".join(bare), len(bare)) == want
    f = _features(text, structure(compile_profile(None, ())))
    if f.folded:
        assert tpl.squashed_key(f.squashed, f.words) == want
    keys, _ = tpl._page_keys([text])
    assert keys == ({want} if want is not None else set())


# -- pattern rules: an anchored rule tried with match() finds what search() finds ----------------------
import re  # noqa: E402

from corpus.clean import profiles  # noqa: E402


def _all_rules():
    for pid in [None] + sorted(k for k in profiles.profile_data() if k != "generic"):
        yield from profiles.compile_profile(pid, ()).pattern_rules


def test_anchored_patterns():
    for src, want in [("^a|b", False), ("^a|^b", True), ("(?:^a)|(?:^b)", True), ("(?m)^a", False),
                      ("(?m:^a)", False), (r"\Aa", True), ("(^a|^b)c", True), ("a^", False), ("(?i)^a", True),
                      ("^a|(?:^b|c)", False), ("", False), ("(?<=x)^a", False), (r"^\s*(?P<x>a)|^b", True)]:
        assert profiles.anchored(re.compile(src)) == want, src
    assert profiles.anchored(re.compile("^a", re.MULTILINE)) is False
    rules = list(_all_rules())
    assert any(r.find == r.regex.match for r in rules) and any(r.find == r.regex.search for r in rules)


def _same_match(a, b) -> bool:
    return (a is None) == (b is None) and (a is None or (a.span(), a.groupdict(), a.groups()) == (b.span(), b.groupdict(), b.groups()))


@settings(max_examples=200, deadline=None)
@given(HOSTILE)
def test_rule_find_equals_search_on_hostile_text(text):
    folded = normalize.fold(text)
    for r in _all_rules():
        assert _same_match(r.find(folded), r.regex.search(folded)), r.id


def test_rule_find_equals_search_on_every_labelled_line():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    lines = {ln.text for f in sorted(root.glob("tests/unseen/*/*.txt")) + sorted(root.glob("seeds/*.txt"))
             for ln in rawtext.decode(f.read_bytes(), f.name).lines if ln.text.strip()}
    rules = list(_all_rules())
    hits = 0
    for text in sorted(lines):
        folded = normalize.fold(text)
        for r in rules:
            m = r.find(folded)
            hits += m is not None
            assert _same_match(m, r.regex.search(folded)), (r.id, text)
    assert hits > 100  # the rules do match real chrome: the comparison is not vacuous


# -- the site-statistics pass ---------------------------------------------------------------------
def test_has_digit_equals_isdigit_on_every_character():
    import sys

    chars = [chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i <= 0xDFFF]
    other = [c for c in chars if c.isdigit() and not c.isdecimal()]  # '²', '①', Ethiopic digits ...
    assert other and all(tpl._NO_OTHER_DIGITS.fullmatch(c) is None and tpl._has_digit(c) for c in other)
    assert all(tpl._has_digit(c) for c in chars if c.isdecimal())
    assert not any(tpl._has_digit(c) for c in chars[:0x3000] if not c.isdigit())


@settings(max_examples=300, deadline=None)
@given(HOSTILE.map(lambda t: t + "²①") | HOSTILE)
def test_has_digit_equals_isdigit(text):
    assert tpl._has_digit(text) == any(c.isdigit() for c in text)


# -- the cleaner's memo of rule verdicts ------------------------------------------------------------
def test_remembered_rule_verdicts_equal_fresh_ones(monkeypatch):
    """Clean every labelled page twice with the memo (the second time from it) and once with a memo
    that forgets everything: the labels are the same."""
    from pathlib import Path

    from corpus.clean import engine
    from corpus.document import pipeline

    root = Path(__file__).resolve().parents[1]
    files = sorted(root.glob("tests/unseen/dev*/*.txt")) + sorted(root.glob("seeds/*.txt"))

    def labels():
        out = []
        for f in files:
            raw = rawtext.decode(f.read_bytes(), f.name)
            p = pipeline._profile(raw, True)
            out.append([(lab.number, lab.zone, [(s.start, s.end, s.role, s.rule) for s in lab.segments],
                         [(m.key, m.value, m.start, m.end) for m in lab.meta]) for lab in engine.clean(raw, p)])
        return out

    first, second = labels(), labels()
    monkeypatch.setattr(engine, "MATCH_MEMO_MAX", 0)  # cleared before every store: (nearly) always afresh
    assert first == second == labels()


# -- the cleaner's separator scans (corpus.clean.body) ------------------------------------------------
SEPARATED = st.lists(st.one_of(st.text(ARABIC, max_size=8), st.sampled_from(
    [" ", "  ", "\t", " | ", "|", " • ", "•", "·", " · ", "\u00a0", "\u2002", " \t", "\t ", "\t|", "\t• ",
     "\u3000|\u3000", "●", " ● ", "◆", "▪ ", "\n", "\x0b"])), max_size=25).map("".join)


@settings(max_examples=500, deadline=None)
@given(SEPARATED)
def test_joined_separator_regex_splits_as_the_slow_regex(text):
    import re

    from corpus.clean import body

    assert body._JOINED_SEP.split(text) == re.split(body.JOINED_SEP_SLOW, text)
    assert body._marked(text) == (body._MARKED_SEP.search(text) is not None)


@settings(max_examples=300, deadline=None)
@given(SEPARATED, st.lists(st.sampled_from(["●", "•", "◆", "■", "▪", "|", "·", "-", "+", "\\"]), min_size=1,
                           max_size=4))
def test_ticker_marker_guard_only_skips_lines_of_one_piece(text, markers):
    import re

    from corpus.clean import body

    seps = re.compile(r"(?<=\S)\s*[%s]\s*(?=\S)" % "".join(re.escape(m) for m in markers))  # features.py
    if not body._has_any(text, markers):
        assert len([x for x in seps.split(text) if x.strip()]) <= 1


@settings(max_examples=500, deadline=None)
@given(SEPARATED)
def test_joined_items_guard_only_skips_lines_without_a_separator(text):
    from corpus.clean import body

    if not body._marked(text) and not body._wide_gap(text):
        assert len([x for x in body._JOINED_SEP.split(text) if x.strip()]) <= 1


def test_every_white_space_but_the_space_is_unprintable():
    """body._wide_gap relies on it: str.isprintable() is False for every character \\s matches but ' '."""
    import re

    assert [hex(c) for c in range(0x110000) if re.match(r"\s", chr(c)) and chr(c) != " " and chr(c).isprintable()] == []


def test_profile_enabled_equals_the_structure_lookup_for_every_profile():
    from corpus.clean import profiles

    keys = set()
    for pid in [None] + sorted(k for k in profiles.profile_data() if k != "generic"):
        keys |= set(profiles.compile_profile(pid).structure)
    for pid in [None] + sorted(k for k in profiles.profile_data() if k != "generic"):
        p = profiles.compile_profile(pid)
        for key in sorted(keys) + ["no-such-key"]:
            assert p.enabled(key) == p.enabled_slow(key), (pid, key)
    assert any(profiles.compile_profile(pid).disabled for pid in profiles.profile_data() if pid != "generic")


@settings(max_examples=800, deadline=None)
@given(st.one_of(HOSTILE, SEPARATED))
def test_plain_lines_split_and_join_to_themselves(text):
    from corpus.clean import features, repetition

    for t in (text, text.strip(), " ".join(text.split())):
        if features.plain(t):
            assert " ".join(t.split()) == t
            assert len(t.split()) == (t.count(" ") + 1 if t else 0)
        assert repetition._key(t) == " ".join(features.unmarked(t).split())


@settings(max_examples=400, deadline=None)
@given(st.one_of(HOSTILE, SEPARATED), st.integers(0, 100))
def test_template_key_of_plain_lines(text, n):
    """line_key's fast path (features.plain lines) on single-spaced lines, short and long (KEY_MAX_WORDS)."""
    for t in (" ".join(text.split()), " ".join(["كلمة"] * n + text.split())):
        assert tpl.line_key(t) == _slow_key(t)


# -- the per-profile line memo: a remembered _F is the one computed fresh -------------------------------
from corpus.clean import features as clean_features  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(HOSTILE)
def test_remembered_features_equal_fresh_ones(text):
    c = structure(compile_profile(None, ()))
    first = _features(text, c)
    assert _features(text, c) == first == clean_features._features_of(text, c)


def test_line_memo_stays_bounded(monkeypatch):
    memo = clean_features.LineMemo()
    monkeypatch.setattr(clean_features.LineMemo, "CHARS_MAX", 100)
    c = dict(structure(compile_profile(None, ())), line_memo=memo)
    for k in range(200):
        _features(f"سطر رقم {k}", c)
    assert 0 < memo.chars <= 100 + clean_features.LineMemo.TEXT_MAX and len(memo.features) < 200
    _features("س" * 500, c)  # a paragraph longer than a line is never remembered
    assert "س" * 500 not in memo.features


# -- RawLine made without the frozen dataclass __init__ ---------------------------------------------------
import copy as _copy  # noqa: E402
import pickle  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 10**6), st.text(max_size=20), st.sampled_from(["", "\n", "\r\n", "\r", "\u2028"]),
       st.booleans())
def test_raw_line_fast_constructor_is_the_dataclass(number, text, ending, edited):
    edits = (rawtext.CharEdit(number, 0, "\u200f", "bidi"),) if edited else ()
    original = text + "x" if edited else None
    slow = rawtext.RawLine(number, text, ending, edits, original)
    fast = rawtext._raw_line(number, text, ending, edits, original)
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    assert vars(fast) == vars(slow) and pickle.loads(pickle.dumps(fast)) == slow and _copy.copy(fast) == slow
    assert rawtext._raw_line(number, text, ending) == rawtext.RawLine(number, text, ending)
    try:
        fast.text = "changed"
    except AttributeError:
        pass
    assert fast.text == text  # still frozen


# -- split's fast constructors are the frozen dataclasses ------------------------------------------------
from corpus.document import model as docmodel  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 10**6), st.integers(0, 10**4), st.integers(0, 10**4), st.text(max_size=12),
       st.text(max_size=12), st.one_of(st.none(), st.text(max_size=5)))
def test_split_fast_constructors_are_the_dataclasses(line, start, end, text, rule, group):
    pairs = [(docmodel.span_of(line, start, end), docmodel.Span(line, start, end)),
             (docmodel.whitespace_of(line, start, text), docmodel.Whitespace(line, start, text))]
    span = docmodel.Span(line, start, end)
    pairs += [(docmodel.removed_of(span, text, rule, "why"), docmodel.Removed(span, text, rule, "why")),
              (docmodel.block_of("p1", "paragraph", text, span, group), docmodel.Block("p1", "paragraph", text, span, group)),
              (docmodel.block_of("p1", "paragraph", text, span), docmodel.Block("p1", "paragraph", text, span))]
    for fast, slow in pairs:
        assert type(fast) is type(slow) and fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
        assert vars(fast) == vars(slow) and fast.to_dict() == slow.to_dict()
        assert pickle.loads(pickle.dumps(fast)) == slow


# -- remembered line features and pure-test verdicts (features.LineMemo, _F.seen) ----------------------
class _Forgetful(dict):
    """A verdict store that keeps nothing: every pure test of the line runs afresh."""

    def __setitem__(self, key, value):
        pass


def _page_labels(files, stats=None):
    from corpus.clean import engine
    from corpus.document import pipeline

    out = []
    for f in files:
        raw = rawtext.decode(f.read_bytes(), f.name)
        p = pipeline._profile(raw, True)
        tpl_ = stats.for_page(f.name) if stats is not None else None
        out.append([(lab.number, lab.zone, lab.comment, lab.join_figure,
                     [(s.start, s.end, s.role, s.rule, s.reason, s.figure) for s in lab.segments],
                     [(m.key, m.value, m.start, m.end, m.rule) for m in lab.meta])
                    for lab in engine.clean(raw, p, tpl_)])
    return out


def test_remembered_features_and_verdicts_equal_fresh_ones(monkeypatch):
    """Every labelled page cleaned twice with the line memo and the verdicts remembered with each line
    (the second time from them), alone and with its set's template statistics, then with features made
    afresh for every line and verdicts never remembered: the same labels, rules and reasons."""
    from pathlib import Path

    from corpus.clean import engine
    from corpus.document import pipeline

    root = Path(__file__).resolve().parents[1]
    files = sorted(root.glob("tests/unseen/dev*/*.txt")) + sorted(root.glob("seeds/*.txt"))
    stats = pipeline.site_statistics([(f.name, rawtext.decode(f.read_bytes(), f.name)) for f in files])
    fast = [_page_labels(files), _page_labels(files), _page_labels(files, stats)]

    def afresh(text, c):
        f = clean_features._features_of(text, c)
        f.seen = _Forgetful()
        return f

    monkeypatch.setattr(clean_features, "_features", afresh)
    monkeypatch.setattr(engine, "_features", afresh)
    slow = [_page_labels(files), _page_labels(files, stats)]
    assert fast[0] == fast[1] == slow[0] and fast[2] == slow[1]
    assert any(lab != lab0 for lab, lab0 in zip(fast[2], fast[0]))  # the statistics were used


FIGURE_PIECES = st.lists(st.one_of(st.text(ARABIC, max_size=8), st.sampled_from(
    ["(بترا)", "(أرشيفية)", "© AFP", "AP Photo/Lewis Joly", " - أ ف ب", "(رويترز)", "رويترز", ".", " ", "  ",
     "صورة: ", "© ", "REUTERS/Ahmed Saad", "تصوير: علي", " | ", "…", "؟", "(", ")", "جانب من الاجتماع",
     "وزير الخارجية", "أ.ف.ب", "الأناضول", "Getty Images", "- أرشيف", "الرئيس", "فرانس24 / أ ف ب"])),
    min_size=1, max_size=8).map("".join)


@settings(max_examples=300, deadline=None)
@example(["(جانب من الاجتماع)", "جانب من الاجتماع. (رويترز)"], ["header", "body", "header"])
@example(["جانب من الاجتماع. (رويترز)", "(جانب من الاجتماع)"], ["body", "header"])
@example(["## 17:40", " * [1/6](/p/1/)", "A A A | طباعة | 152", "14 | 2 | رد | إبلاغ"], ["body", "comments", "header"])
@given(st.lists(FIGURE_PIECES, min_size=1, max_size=4), st.lists(st.sampled_from(["header", "body", "comments"]),
                                                                  min_size=1, max_size=6))
def test_line_verdicts_remembered_across_zones_equal_fresh_ones(lines, zones):
    """The remembered verdicts (credit shape, no figure, joined items, ticker) of one line asked in one
    zone after another equal the slow tests asked afresh."""
    from corpus.clean import engine

    p = compile_profile(None, ())
    raw = rawtext.decode("\n".join(lines + ["نص"]).encode("utf-8"), "v.txt")
    cl = engine._Cleaner(raw, p)
    c = cl.c
    for zone in zones:
        cl.zone = zone
        for i, ln in enumerate(cl.lines):
            f = _features(ln.text, c)  # shared, remembered
            fresh = clean_features._features_of(ln.text, c)
            assert cl.credit_shaped(f) == cl.credit_shaped_slow(fresh)
            assert (cl.figure(i, f) is None) == (cl.figure_slow(i, fresh) is None)
            assert cl.is_joined_items(f) == cl.is_joined_items_slow(fresh)
            assert cl.is_ticker(f) == cl.is_ticker_slow(fresh)
            for name in ("embed_sig", "clock", "slide_counter", "comment_number"):
                # (a markdown capture's clock and slide counter are read without their markup: round 8)
                want = c[name].match(clean_features.unmarked(ln.text) if name in ("clock", "slide_counter")
                                     else ln.text) is not None
                if name == "embed_sig":
                    want = want and re.search(r"[^\W\d_]", ln.text) is not None
                assert cl.shape_test(f, name) == want
            assert cl.teaser_kind(f) == cl.teaser_kind(fresh)  # (a pure test of the line: no state read)
            from corpus.clean import repetition
            assert repetition.rep_key(f) == repetition._key(ln.text)
            assert repetition.template_key(f) == tpl.line_key(ln.text)


# -- the first pass's remembered line entries (template._ENTRY_MEMO) -----------------------------------
def _slow_page_keys(lines):
    keys, short = set(), set()
    for ln in lines:
        k = tpl.line_key(ln)
        if k is None:
            continue
        keys.add(k)
        bare = tpl.unmarked(ln)
        if len(bare.split()) <= tpl.CHROME_MAX_WORDS and not tpl._has_digit(bare):
            short.add(k)
    return keys, short


@settings(max_examples=200, deadline=None)
@given(st.lists(HOSTILE, max_size=6))
def test_remembered_page_keys_equal_fresh_ones(lines):
    want = _slow_page_keys(lines)
    assert tpl.page_keys(lines) == want and tpl.page_keys(lines) == want  # the second time from the memo


def test_page_keys_memo_of_real_pages_and_bounded(monkeypatch):
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    pages = [[ln.text for ln in rawtext.decode(f.read_bytes(), f.name).lines]
             for f in sorted(root.glob("tests/unseen/*/*.txt"))]
    for lines in pages + pages:
        assert tpl.page_keys(lines) == _slow_page_keys(lines)
    monkeypatch.setattr(tpl, "_ENTRY_CHARS_MAX", 1000)
    monkeypatch.setattr(tpl, "_ENTRY_MEMO", {})
    monkeypatch.setattr(tpl, "_entry_chars", 0)
    for lines in pages:
        assert tpl.page_keys(lines) == _slow_page_keys(lines)
        assert sum(map(len, tpl._ENTRY_MEMO)) <= 1000 + tpl._ENTRY_TEXT_MAX


# -- fingerprints: a required literal absent from the page means no match ----------------------------
def _fingerprint_fragments():
    out = ["\n", " ", "  ", "-", "..", "• ", "12/3/2024", "news-picture", "NEWS-PICTURE"]
    for _pid, fps, _need in profiles._fingerprints():
        for _fid, rx, lit in fps:
            out += [lit, lit[:-1], lit[1:]] if lit else []
    return sorted(set(out))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_fingerprint_fragments()), st.text(ARABIC, max_size=6)), max_size=12)
       .map("".join))
def test_fingerprint_literals_are_required_and_detect_equals_detect_slow(text):
    for _pid, fps, _need in profiles._fingerprints():
        for _fid, rx, lit in fps:
            if rx.search(text):
                assert lit in text
    assert profiles.detect(text) == profiles.detect_slow(text)
    assert profiles.detect(text, folded=True) == profiles.detect_slow(text, folded=True)


def test_detect_equals_detect_slow_on_every_page():
    from pathlib import Path

    from corpus.document import pipeline

    root = Path(__file__).resolve().parents[1]
    for f in sorted(root.glob("tests/unseen/*/*.txt")) + sorted(root.glob("seeds/*.txt")):
        raw = rawtext.decode(f.read_bytes(), f.name)
        text = "\n".join(normalize.fold(ln.text) for ln in raw.lines if len(ln.text) <= profiles.FINGERPRINT_LINE_MAX)
        assert profiles.detect(text, folded=True) == profiles.detect_slow(text, folded=True), f.name
    assert any(lit for _p, fps, _n in profiles._fingerprints() for _f, _rx, lit in fps)


def test_required_literal_of_patterns():
    assert profiles.required_literal(re.compile(r"^\s*من اجل عراق حر\s*$", re.M | re.I)) == "من اجل عراق حر"
    assert profiles.required_literal(re.compile(r"^(?:اب|تث)", re.I)) == ""  # a branch: nothing required
    assert profiles.required_literal(re.compile(r"^(?:ابc|ابd)", re.I)) == "اب"  # (the parser factors it out)
    assert profiles.required_literal(re.compile(r"^news-picture", re.I)) == ""  # cased letters: no shortcut
    assert profiles.required_literal(re.compile(r"ا?بت", re.I)) == "بت"
