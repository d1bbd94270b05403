"""Load and compile the project's JSON Schemas once per process.

Two validators, one verdict.  ``jsonschema-rs`` (compiled, 2020-12) answers "is this valid?" about
50x faster than pure-Python ``jsonschema``; only when it says no does ``jsonschema`` run, to explain
each error with its JSON path -- and it has the last word, so a difference between the two regex
dialects (Python's ``$`` also matches before a final newline, Rust's does not) can never turn a
document that ``jsonschema`` accepts into a failure.  Without ``jsonschema-rs`` (a platform with no
wheel) every check runs on ``jsonschema`` alone: slower, same answers (docs/scaling.md)."""
from __future__ import annotations

import functools
import json
from importlib.resources import files

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import best_match
from referencing import Registry, Resource

from corpus import jsonio
from corpus.errors import ValidationError

try:  # optional at run time: the fast path only (see the module docstring)
    import jsonschema_rs
except ImportError:  # the tests cover this path by setting jsonschema_rs to None
    jsonschema_rs = None


@functools.lru_cache(maxsize=None)
def _registry() -> Registry:
    """Every schema in schema/, by $id, so schemas can $ref each other (profile -> lexicon)."""
    out = [Resource.from_contents(json.loads(f.read_text(encoding="utf-8"))) for f in _schema_files()]
    return Registry().with_resources((r.id(), r) for r in out)


def _is_integer(checker, instance) -> bool:
    """JSON Schema counts 0.0 as an integer; offsets and counts here are Python ints, so it is not."""
    return isinstance(instance, int) and not isinstance(instance, bool)


#: Draft 2020-12 with "integer" meaning an integer literal ("start": 0.0 is refused).
StrictValidator = validators.extend(
    Draft202012Validator, type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer))
def _schema_files():
    return sorted((f for f in files("corpus.schema").iterdir() if f.name.endswith(".schema.json")),
                  key=lambda t: t.name)


# jsonschema runs "pattern" with Python's `re`; jsonschema-rs with ECMA-262 semantics, where \d is
# ASCII only, \s takes U+FEFF but not U+001C-U+001F, "." stops at \r and U+2028/9, and $ does not
# match before a final newline.  The compiled validator gets each pattern spelled out in Python's
# meaning, so both validators accept exactly the same strings (tests/test_schemas_fast.py).
_PY_SPACE = (r"\t\n\x0B\x0C\r\x1C-\x20\x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000")
_REWRITE = {"s": (f"[{_PY_SPACE}]", _PY_SPACE), "S": (f"[^{_PY_SPACE}]", None),
            "d": (r"\p{Nd}", r"\p{Nd}"), "D": (r"\P{Nd}", r"\P{Nd}")}


#: Python's idiom for one letter of any script (\w is letters, numbers and _; Unicode marks are not \w).
_LETTER = r"[^\W\d_]"


def python_pattern(pattern: str) -> str:
    """`pattern` as Python's `re` reads it, written for jsonschema-rs (ECMA-262 with \\p classes)."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        ch = pattern[i]
        if not in_class and pattern.startswith(_LETTER, i):  # Python's "a letter": \w less digits and _
            out.append(r"[\p{L}\p{Nl}\p{No}]")
            i += len(_LETTER)
            continue
        if ch == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if nxt in "wWbBAZ":
                raise ValueError(f"\\{nxt} has no rewrite for the compiled validator: {pattern!r}")
            outside, inside = _REWRITE.get(nxt, (pattern[i:i + 2], pattern[i:i + 2]))
            if in_class and inside is None:
                raise ValueError(f"\\{nxt} inside a character class has no rewrite: {pattern!r}")
            out.append(inside if in_class else outside)
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            lead = 2 if pattern[i + 1:i + 3] == "^]" else 1 if pattern[i + 1:i + 2] == "]" else 0
            if lead:  # a literal ] first in the class
                out.append(pattern[i:i + 1 + lead])
                i += 1 + lead
                continue
        elif ch == "$":
            ch = r"(?=\n?$)"  # Python's $: the end, or before a final newline
        elif ch == ".":
            ch = r"[^\n]"
        out.append(ch)
        i += 1
    return "".join(out)


def _rewrite_patterns(node):
    if isinstance(node, dict):
        if "patternProperties" in node:
            raise ValueError("patternProperties: no rewrite for the compiled validator")
        return {k: (python_pattern(v) if k == "pattern" and isinstance(v, str) else _rewrite_patterns(v))
                for k, v in node.items()}
    if isinstance(node, list):
        return [_rewrite_patterns(v) for v in node]
    return node


@functools.lru_cache(maxsize=None)
def fast_validator(name: str):
    """The compiled jsonschema-rs validator of schema/`name`, or None without jsonschema-rs."""
    if jsonschema_rs is None:
        return None
    docs = [_rewrite_patterns(json.loads(f.read_text(encoding="utf-8"))) for f in _schema_files()]
    registry = jsonschema_rs.Registry([(d["$id"], d) for d in docs if "$id" in d])
    schema = _rewrite_patterns(json.loads(files("corpus.schema").joinpath(name).read_text(encoding="utf-8")))
    return jsonschema_rs.Draft202012Validator(schema, registry=registry, validate_formats=False)


@functools.lru_cache(maxsize=None)
def validator(name: str) -> Draft202012Validator:
    """`name` is a file in schema/, e.g. 'document.schema.json'; compiled once per process."""
    schema = json.loads(files("corpus.schema").joinpath(name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return StrictValidator(schema, registry=_registry())


def json_path(error) -> str:
    path = "$"
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _fast_says_valid(name: str, data, float_free: bool | None = None) -> bool:
    """The compiled validator's "valid", trusted only where it agrees with StrictValidator: it reads 0.0
    as an integer (as JSON Schema does), ours does not, so data holding a float goes to jsonschema.
    ``float_free``: the caller's ``not jsonio.has_float(data)`` for this very data, when it has it."""
    fast = fast_validator(name)
    if fast is None:
        return False
    if float_free is None:
        float_free = not jsonio.has_float(data)
    return float_free and fast.is_valid(data)


def errors(name: str, data, *, float_free: bool | None = None) -> list[str]:
    """All schema errors as 'JSON-path: message', sorted by path for stable reports.  ``float_free``:
    ``not jsonio.has_float(data)`` when the caller already knows it (the build checks each document
    once, for this and for its JSON encoder)."""
    if _fast_says_valid(name, data, float_free):
        return []
    out = [f"{json_path(e)}: {e.message}" for e in validator(name).iter_errors(data)]
    return sorted(out)


def check(name: str, data, where: str, error=ValidationError) -> None:
    """Raise one error (ValidationError unless told) naming the most relevant schema error."""
    if _fast_says_valid(name, data):
        return
    err = best_match(validator(name).iter_errors(data))
    if err is not None:
        raise error(where, f"{json_path(err)}: {err.message}",
                              hint=f"make the file match schema/{name}")
