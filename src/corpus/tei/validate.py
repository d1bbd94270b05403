"""Validate TEI exports against the official ``tei_all.rng`` and the project's stricter schema.

Both RelaxNG schemas are compiled once per process (tei_all takes ~6 s) and reused for every document,
so validating thousands of files costs one compile.  Both ship with the package: ``tei_all.rng`` of TEI
P5 4.8.0 in ``corpus/tei/data`` (with the TEI's licence), the project schema in ``schema/tei-corpus.rng``.
"""
from __future__ import annotations

import functools
import importlib.resources

from lxml import etree

from corpus.errors import ConfigError, ValidationError
from corpus.tei.export import XML_ID

CORPUS_SCHEMA = "tei-corpus.rng"
TEI_ALL = "tei_all.rng"
TEI_VERSION = "4.8.0"


def _load_rng(package: str, name: str, where: str, what: str) -> etree.RelaxNG:
    """A RelaxNG schema shipped as package data, compiled; a broken install is a clear error."""
    path = importlib.resources.files(package).joinpath(name)
    try:
        with path.open("rb") as f:
            return etree.RelaxNG(etree.parse(f))
    except (OSError, etree.XMLSyntaxError, etree.RelaxNGParseError) as exc:
        raise ConfigError(where, f"cannot load {what}: {exc}", hint="reinstall corpus (pip install -e .)") from None


@functools.lru_cache(maxsize=None)
def tei_all_schema() -> etree.RelaxNG:
    """The official TEI P5 schema, compiled once."""
    return _load_rng("corpus.tei.data", TEI_ALL, f"corpus/tei/data/{TEI_ALL}", "the TEI P5 schema")


@functools.lru_cache(maxsize=None)
def corpus_schema() -> etree.RelaxNG:
    """The project's own TEI subset (schema/tei-corpus.rng), compiled once."""
    return _load_rng("corpus.schema", CORPUS_SCHEMA, f"schema/{CORPUS_SCHEMA}", "the project TEI schema")


def _rng_errors(schema: etree.RelaxNG, tree, name: str, label: str) -> list[str]:
    if schema.validate(tree):
        return []
    return [f"{name}:{e.line}: [{label}] {e.message}" for e in schema.error_log]


def semantic_errors(root, name: str) -> list[str]:
    """What RelaxNG cannot say: ids carry the document prefix and are unique."""
    errs = []
    did = root.get(XML_ID) or ""
    seen: dict[str, int] = {}
    for e in _WITH_XML_ID(root):  # the elements with an xml:id, in document order (found in C)
        xid = e.get(XML_ID)
        if xid in seen:
            errs.append(f"{name}:{e.sourceline}: [ids] xml:id {xid!r} already used on line {seen[xid]}")
        seen[xid] = e.sourceline
        if e.get("corresp", "").startswith("raw:") and not xid.startswith(did + "."):
            errs.append(f"{name}:{e.sourceline}: [ids] block xml:id {xid!r} lacks the document prefix {did + '.'!r}")
    return errs


_WITH_XML_ID = etree.XPath("descendant-or-self::*[@xml:id]")


class TeiValidator:
    """Reusable validator: holds the compiled schemas; ``validate`` returns error strings
    (``name:line: [schema] message``), empty when the file is valid."""

    def __init__(self, tei_all: bool = True):
        self.corpus = corpus_schema()
        self.tei_all = tei_all_schema() if tei_all else None

    def validate(self, xml, name: str = "<tei>", *, ids_checked: bool = False) -> list[str]:
        """``ids_checked``: the caller wrote ``xml`` and has vouched for what semantic_errors checks
        (corpus.tei.export.export_tree's ``ids_checked``): only the schemas run."""
        from corpus.tei.read import parse

        try:
            root = parse(xml, name)
        except ValidationError as exc:
            return [exc.format()]
        errs = _rng_errors(self.corpus, root, name, "tei-corpus.rng")
        if self.tei_all is not None:
            errs += _rng_errors(self.tei_all, root, name, "tei_all.rng")
        return errs if ids_checked else errs + semantic_errors(root, name)


@functools.lru_cache(maxsize=None)
def validator(tei_all: bool = True) -> TeiValidator:
    return TeiValidator(tei_all=tei_all)


def validate_tei(xml_bytes, name: str, *, tei_all: bool = True, ids_checked: bool = False) -> list[str]:
    """Errors of one TEI file against the project schema and (by default) tei_all.rng (``ids_checked``:
    see TeiValidator.validate)."""
    return validator(tei_all).validate(xml_bytes, name, ids_checked=ids_checked)
