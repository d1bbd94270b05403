"""The compiled JSON encoder (orjson) writes exactly the bytes of the standard one, for any JSON-like value.

corpus.jsonio.dumps / dumps_bytes use orjson when it is installed; every file the project writes must
stay byte-identical to ``json.dumps(indent=2, sort_keys=True, ensure_ascii=False) + "\\n"``."""
from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from corpus import jsonio

orjson = pytest.importorskip("orjson")


def reference(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


# characters where encoders differ if they differ anywhere: controls, quotes, backslash, DEL, the JS line
# separators, bidi marks, BOM, Arabic (and presentation forms), astral characters, lone surrogates
TRICKY = "\x00\x01\x08\t\n\x0b\x0c\r\x1b\x1f \"\\/\x7f\x80\x85\xa0\xad\u061c\u200b\u200e\u200f\u2028\u2029" \
         "\u202e\ufeff\ufdfa\ufffe\uffff\U0001f600\U0010ffff\ud800\udfff"
chars = st.one_of(st.sampled_from(TRICKY), st.characters(min_codepoint=0x600, max_codepoint=0x6ff),
                  st.characters(codec=None), st.characters(max_codepoint=0x7f))
text = st.text(chars, max_size=12)
scalars = st.one_of(
    st.none(), st.booleans(), text,
    st.integers(min_value=-(2 ** 63), max_value=2 ** 64 - 1),
    st.integers(), st.sampled_from([2 ** 64, -(2 ** 63) - 1, 2 ** 53 + 1, 10 ** 30]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1e-05, 1e16, 1e-7, 0.1, 5e-324, 1.0]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.tuples(inner, inner), st.dictionaries(text, inner, max_size=4)), max_leaves=25)


def outcome(fn, data):
    try:
        return fn(data)
    except (TypeError, ValueError, UnicodeError) as exc:
        return type(exc)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_dumps_is_the_standard_encoding(data):
    assert outcome(jsonio.dumps, data) == outcome(reference, data)
    assert outcome(jsonio.dumps_bytes, data) == outcome(lambda d: reference(d).encode("utf-8"), data)
    # the build hands in its own float check (corpus.build.run): the same bytes
    free = not jsonio.has_float(data)
    assert outcome(lambda d: jsonio.dumps_bytes(d, float_free=free), data) == outcome(
        lambda d: reference(d).encode("utf-8"), data)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(text, st.one_of(st.integers(min_value=-(2 ** 63), max_value=2 ** 63 - 1), text, st.none()),
                       max_size=8))
def test_float_free_data_takes_the_compiled_path(data):
    """Without floats, surrogates and huge integers, orjson itself writes the bytes (not the fallback)."""
    if any("\ud800" <= c <= "\udfff" for k, v in data.items() for c in k + (v if isinstance(v, str) else "")):
        return
    assert orjson.dumps(data, option=jsonio._ORJSON_OPTIONS) == reference(data).encode("utf-8")


def test_documents_of_the_seeds_are_byte_identical():
    from pathlib import Path

    from corpus.document import pipeline
    from corpus.text import sources

    root = Path(__file__).resolve().parents[1]
    for p in sorted((root / "seeds").glob("*.txt")):
        d = pipeline.process(sources.decode(p.read_bytes(), p.name)).to_dict()
        assert not jsonio.has_float(d)
        assert jsonio.dumps_bytes(d) == reference(d).encode("utf-8")


def test_without_orjson_the_standard_encoder_runs(monkeypatch):
    monkeypatch.setattr(jsonio, "orjson", None)
    data = {"b": [1, {"x": "سلام\u2028\x00"}], "a": 1e-05, "n": math.inf}
    assert jsonio.dumps(data) == reference(data)
    assert jsonio.dumps_bytes(data) == reference(data).encode("utf-8")


def test_has_float_finds_floats_anywhere():
    assert not jsonio.has_float({"a": [1, "x", None, True, {"b": (2, 3)}]})
    assert jsonio.has_float({"a": [1, {"b": (2, 0.0)}]})
    assert jsonio.has_float(math.nan)
    deep = current = []
    for _ in range(100_000):  # deeper than any recursion limit
        current.append([])
        current = current[0]
    current.append(1.5)
    assert jsonio.has_float(deep)
