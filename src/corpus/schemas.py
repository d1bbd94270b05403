"""Load and compile the project's JSON Schemas once per process."""
from __future__ import annotations

import functools
import json
from importlib.resources import files

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import best_match
from referencing import Registry, Resource

from corpus.errors import ValidationError


@functools.lru_cache(maxsize=None)
def _registry() -> Registry:
    """Every schema in schema/, by $id, so schemas can $ref each other (profile -> lexicon)."""
    out = []
    for f in sorted(files("corpus.schema").iterdir(), key=lambda t: t.name):
        if f.name.endswith(".schema.json"):
            out.append(Resource.from_contents(json.loads(f.read_text(encoding="utf-8"))))
    return Registry().with_resources((r.id(), r) for r in out)


def _is_integer(checker, instance) -> bool:
    """JSON Schema counts 0.0 as an integer; offsets and counts here are Python ints, so it is not."""
    return isinstance(instance, int) and not isinstance(instance, bool)


#: Draft 2020-12 with "integer" meaning an integer literal ("start": 0.0 is refused).
StrictValidator = validators.extend(
    Draft202012Validator, type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer))


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


def errors(name: str, data) -> list[str]:
    """All schema errors as 'JSON-path: message', sorted by path for stable reports."""
    out = [f"{json_path(e)}: {e.message}" for e in validator(name).iter_errors(data)]
    return sorted(out)


def check(name: str, data, where: str, error=ValidationError) -> None:
    """Raise one error (ValidationError unless told) naming the most relevant schema error."""
    err = best_match(validator(name).iter_errors(data))
    if err is not None:
        raise error(where, f"{json_path(err)}: {err.message}",
                              hint=f"make the file match schema/{name}")
