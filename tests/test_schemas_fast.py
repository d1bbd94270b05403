"""The compiled validator (jsonschema-rs) only ever answers "valid" for what pure jsonschema accepts:
on the seeds' documents, on hostile values put in their string fields, and without jsonschema-rs."""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus import jsonio, schemas
from corpus.document import pipeline
from corpus.text import raw as rawtext

ROOT = Path(__file__).resolve().parents[1]
DOCS = [pipeline.process(rawtext.read(p)).to_dict() for p in sorted((ROOT / "seeds").glob("*.txt"))]
SCHEMA = "document.schema.json"


def pure_errors(data) -> list[str]:
    return sorted(f"{schemas.json_path(e)}: {e.message}" for e in schemas.validator(SCHEMA).iter_errors(data))


def string_paths(node, path=()):
    if isinstance(node, str):
        yield path
    elif isinstance(node, dict):
        for k in sorted(node):
            yield from string_paths(node[k], path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from string_paths(v, path + (i,))


def put(data, path, value):
    out = copy.deepcopy(data)
    node = out
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = value
    return out


def test_the_fast_validator_is_there_and_accepts_the_seeds():
    assert schemas.fast_validator(SCHEMA) is not None, "jsonschema-rs is a dependency: install corpus"
    for d in DOCS:
        assert schemas.fast_validator(SCHEMA).is_valid(d)
        assert schemas.errors(SCHEMA, d) == [] == pure_errors(d)


# the regex dialects differ at the edges: a final newline before $, \s and \d beyond ASCII, controls
HOSTILE = ["", " ", "a\n", "\x1c", "a\x1f", "\x1fa", "a\n\n", "a\r", "\na", "x ", "\u00a0x", "x\u00a0", "\x1c", "\u2028", "٣", "1234",
           "A" * 64, "a" * 64 + "\n", "doc-1", "_a.b", "1a", "a b", "2023-01-01\n", "٢٠٢٣"]


@settings(max_examples=80)
@given(st.sampled_from(range(len(DOCS))), st.data(),
       st.one_of(st.sampled_from(HOSTILE), st.text(max_size=8), st.integers(), st.none(),
                 st.sampled_from([0.0, 1.0, -3.0, 2.5])))
def test_fast_and_pure_agree_on_hostile_values(i, data, value):
    paths = list(string_paths(DOCS[i]))
    path = data.draw(st.sampled_from(paths))
    doc = put(DOCS[i], path, value)
    assert schemas.errors(SCHEMA, doc) == pure_errors(doc)
    # the build's one float check, handed in, gives the same answer (a float value included)
    assert schemas.errors(SCHEMA, doc, float_free=not jsonio.has_float(doc)) == pure_errors(doc)
    if schemas.fast_validator(SCHEMA).is_valid(doc):
        assert pure_errors(doc) == [], f"jsonschema-rs accepts what jsonschema refuses at {path}: {value!r}"


def test_without_jsonschema_rs_the_answers_are_the_same(monkeypatch):
    bad = put(DOCS[0], ("source", "sha256"), "not a hash")
    with_fast = schemas.errors(SCHEMA, bad)
    monkeypatch.setattr(schemas, "jsonschema_rs", None)
    schemas.fast_validator.cache_clear()
    try:
        assert schemas.fast_validator(SCHEMA) is None
        assert schemas.errors(SCHEMA, bad) == with_fast == pure_errors(bad)
        assert with_fast and with_fast[0].startswith("$.source.sha256: ")
        assert schemas.errors(SCHEMA, DOCS[0]) == []
        with pytest.raises(Exception, match=r"\$\.source\.sha256"):
            schemas.check(SCHEMA, bad, "doc.json")
    finally:
        schemas.fast_validator.cache_clear()


PATTERNS = sorted({v for p in sorted((ROOT / "schema").glob("*.schema.json"))
                   for v in re.findall(r'"pattern":\s*("(?:[^"\\\\]|\\\\.)*")', p.read_text(encoding="utf-8"))})


@settings(max_examples=200)
@given(st.sampled_from(PATTERNS), st.one_of(
    st.text(alphabet=st.sampled_from(list(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u2028\u3000aZ09_.-@:/٣ع")), max_size=12),
    st.text(max_size=12)))
def test_each_schema_pattern_means_the_same_to_both_validators(quoted, value):
    import jsonschema_rs

    pattern = json.loads(quoted)
    python = re.search(pattern, value) is not None
    rust = jsonschema_rs.validator_for({"pattern": schemas.python_pattern(pattern)}).is_valid(value)
    assert rust == python, f"{pattern!r} on {value!r}: re says {python}, jsonschema-rs {rust}"
