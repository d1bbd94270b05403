"""Cleaning profiles: the generic Arabic web-interface lexicon plus per-site profiles, as data.

The lexicon (``corpus/clean/data/lexicon.json``) and the profiles (``corpus/clean/data/profiles/*.json``) are
validated against ``schema/lexicon.schema.json`` and ``schema/profile.schema.json`` once per process
and compiled into a :class:`Profile` (precompiled regexes, lookup tables).  A site profile is chosen
for a page by its fingerprints (strings or regexes found in the page) and merged over the generic
profile: its rules come first, its ``structure`` parameters override the generic ones, its
``disable`` list switches generic rules off.

All matching is done on :func:`fold`-ed text: a *length-preserving* folding (alef/hamza variants,
alef maksura, teh marbuta, Persian letters, Arabic-Indic digits, ASCII case, exotic spaces), so a
match's offsets are offsets into the original line.  The folding is for matching only; the text of
the corpus keeps the source's spelling.
"""
from __future__ import annotations

import copy
import dataclasses
import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from corpus import jsonio
from corpus import schemas
from corpus.errors import ConfigError

from corpus.text.normalize import fold, fold_pattern  # length-preserving folds, for matching


# -- loading -----------------------------------------------------------------------------------
ZONES = ("header", "body", "comments", "chrome", "end")

#: fingerprints are searched in the page's lines of at most this many characters (chrome is short)
FINGERPRINT_LINE_MAX = 300


def _validate(data: Any, schema_name: str, where: str) -> None:
    schemas.check(schema_name, data, where, ConfigError)


def _load_json(traversable, where: str) -> Any:
    return jsonio.parse(traversable.read_text(encoding="utf-8"), where, ConfigError)


@functools.lru_cache(maxsize=None)
def lexicon_data() -> dict:
    """The generic lexicon, schema-validated (once per process)."""
    f = resources.files("corpus.clean.data").joinpath("lexicon.json")
    data = _load_json(f, "corpus/clean/data/lexicon.json")
    _validate(data, "lexicon.schema.json", "corpus/clean/data/lexicon.json")
    return data


@functools.lru_cache(maxsize=None)
def profile_data() -> dict[str, dict]:
    """All profiles by id, schema-validated (once per process)."""
    out: dict[str, dict] = {}
    folder = resources.files("corpus.clean.data.profiles")
    for f in sorted(folder.iterdir(), key=lambda t: t.name):
        if not f.name.endswith(".json"):
            continue
        where = f"corpus/clean/data/profiles/{f.name}"
        data = _load_json(f, where)
        _validate(data, "profile.schema.json", where)
        if data["id"] + ".json" != f.name:
            raise ConfigError(where, f"profile id {data['id']!r} does not match the file name",
                              hint=f"rename the file to {data['id']}.json or fix the id")
        out[data["id"]] = data
    if "generic" not in out:
        raise ConfigError("corpus/clean/data/profiles", "no generic.json profile", hint="restore generic.json")
    for pid, d in out.items():
        ext = d.get("extends")
        if pid != "generic" and ext != "generic":
            raise ConfigError(f"corpus/clean/data/profiles/{pid}.json", "a site profile must extend 'generic'",
                              hint='add "extends": "generic"')
    return out


# -- compiled form -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Rule:
    """A lexicon/profile pattern rule: remove the line (or extract metadata) and maybe switch zone."""

    id: str
    reason: str
    match: str  # exact | prefix | contains | regex
    patterns: tuple[str, ...]
    zones: frozenset[str]
    then: str | None = None  # zone to switch to
    meta: dict | None = None  # {"key": ..., "group": ...}
    regex: re.Pattern | None = None
    swallow_next: bool = False  # also remove the next heading-shaped line (a related link)
    max_words: int | None = None  # only lines with at most this many words are tested
    #: regex.search, or regex.match when every way through the pattern starts with ^ (same match, but
    #: tried at the start only instead of at every position of the line); set from ``regex``
    find: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.regex is not None:
            object.__setattr__(self, "find", self.regex.match if anchored(self.regex) else self.regex.search)


try:
    from re import _constants as _sre_c, _parser as _sre_parse
except ImportError:  # Python 3.10
    import sre_constants as _sre_c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]


def anchored(rx: re.Pattern) -> bool:
    """Can ``rx`` match only at the start of a string (every alternative begins with ^ or \\A, no
    MULTILINE)?  Then rx.search(s) and rx.match(s) give the same match.  When in doubt: False."""
    try:
        if rx.flags & re.MULTILINE:
            return False
        tree = _sre_parse.parse(rx.pattern, rx.flags)
        if tree.state.flags & re.MULTILINE:
            return False
        return _starts_anchored(list(tree))
    except Exception:  # an internal parser that changed shape: just search
        return False


def _starts_anchored(items: list) -> bool:
    if not items:
        return False
    op, av = items[0]
    if op is _sre_c.AT:
        return av is _sre_c.AT_BEGINNING or av is _sre_c.AT_BEGINNING_STRING
    if op is _sre_c.BRANCH:
        return all(_starts_anchored(list(b)) for b in av[1])
    if op is _sre_c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        return not add_flags & re.MULTILINE and _starts_anchored(list(sub))
    return False


@dataclass
class Profile:
    """A merged, compiled profile ready for the cleaner."""

    id: str
    name: str
    evidence: tuple[str, ...]
    date_order: str | None
    structure: dict[str, dict]
    vocab: dict[str, list[str]]
    rules: tuple[Rule, ...]
    exact: dict[str, Rule] = field(default_factory=dict)
    pattern_rules: tuple[Rule, ...] = ()  # the non-exact rules, in priority order
    compiled: dict[str, Any] = field(default_factory=dict)
    #: (zone, folded line) -> the pattern rule that takes it, or None (the cleaner's memo, engine.match_rule)
    match_memo: dict = field(default_factory=dict, compare=False, repr=False)
    #: zone -> the pattern rules that apply in it, in priority order (made on first use, shared by the
    #: profiles of one site)
    zone_rules: dict = field(default_factory=dict, compare=False, repr=False)
    #: the structure keys switched off: the rules ask ``"key" not in p.disabled`` (= ``enabled``) ~400 times
    #: per page, a set lookup without a call
    disabled: frozenset = field(default=frozenset(), init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.disabled = frozenset(k for k, s in self.structure.items() if not s.get("enabled", True))

    def pattern_rules_in(self, zone: str) -> tuple[Rule, ...]:
        """The pattern rules that apply in ``zone``, in priority order."""
        rules = self.zone_rules.get(zone)
        if rules is None:
            rules = self.zone_rules[zone] = tuple(r for r in self.pattern_rules if zone in r.zones)
        return rules

    def reason(self, key: str) -> str:
        return self.structure[key]["reason"]

    def rule_id(self, key: str) -> str:
        return self.structure[key]["id"]

    # the rules ask these for every line: no throw-away dict per call
    def param(self, key: str, name: str, default=None):
        s = self.structure.get(key)
        return default if s is None else s.get(name, default)

    def enabled(self, key: str) -> bool:
        return key not in self.disabled  # = enabled_slow (tests/test_fast_paths.py)

    def enabled_slow(self, key: str) -> bool:
        s = self.structure.get(key)
        return s is None or bool(s.get("enabled", True))


_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    """Folded text with runs of white space as one space, trimmed: the key exact rules compare."""
    return _WS.sub(" ", fold(text)).strip()


def _pattern_regex(match: str, pattern: str) -> str:
    """Regex source for a pattern; matched with re.IGNORECASE against folded (lower-case) text."""
    if match == "regex":
        return fold_pattern(pattern)
    p = fold(pattern)
    esc = re.escape(_WS.sub(" ", p).strip()).replace(r"\ ", r"\s+")
    if match == "prefix":
        return r"^\s*" + esc
    if match == "contains":
        return esc
    return r"^\s*" + esc + r"\s*$"  # exact


def _compile_rule(d: dict, where: str) -> Rule:
    pats = tuple(d["patterns"])
    src = "|".join(f"(?:{_pattern_regex(d['match'], p)})" for p in pats)
    try:
        rx = re.compile(src, re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(where, f"rule {d['id']!r}: bad regex: {exc}", hint="fix the pattern") from None
    meta = d.get("meta")
    if meta and meta["group"] not in rx.groupindex:
        raise ConfigError(where, f"rule {d['id']!r}: meta group {meta['group']!r} is not a named group of its pattern",
                          hint="add (?P<name>...) to the regex")
    return Rule(d["id"], d["reason"], d["match"], pats, frozenset(d.get("zones", ZONES)), d.get("then"), meta, rx,
                bool(d.get("swallow_next", False)), d.get("max_words"))


#: compiled rules by their source dict (held in the value: the id stays its own): the generic profile's
#: and the lexicon's rules are compiled once, not once more for every site profile merged over them
_RULES: dict[int, tuple[dict, str, Rule]] = {}


def _shared_rule(d: dict, where: str) -> Rule:
    hit = _RULES.get(id(d))
    if hit is not None and hit[0] is d and hit[1] == where:
        return hit[2]
    r = _compile_rule(d, where)
    _RULES[id(d)] = (d, where, r)
    return r


def _merge(generic: dict, site: dict | None, lex: dict) -> tuple[dict, list[dict], dict]:
    structure = copy.deepcopy(generic["structure"])
    vocab = {k: list(v) for k, v in lex["vocab"].items()}
    for k, v in generic.get("vocab", {}).items():
        vocab[k] = vocab.get(k, []) + list(v)
    rules_src: list[tuple[dict, str]] = []
    disabled: set[str] = set()
    if site is not None:
        for k, v in site.get("structure", {}).items():
            structure.setdefault(k, {}).update(v)
        for k, v in site.get("vocab", {}).items():
            vocab[k] = list(v) + vocab.get(k, [])
        disabled = set(site.get("disable", ()))
        rules_src += [(r, f"corpus/clean/data/profiles/{site['id']}.json") for r in site.get("rules", ())]
    rules_src += [(r, "corpus/clean/data/profiles/generic.json") for r in generic.get("rules", ())]
    rules_src += [(r, "corpus/clean/data/lexicon.json") for r in lex["rules"]]
    rules = [(r, w) for r, w in rules_src if r["id"] not in disabled]
    return structure, rules, vocab


def compile_profile(site_id: str | None = None, evidence: tuple[str, ...] = ()) -> Profile:
    """The generic profile, or ``site_id`` merged over it, compiled."""
    return _compiled(site_id, evidence)


@functools.lru_cache(maxsize=None)
def _compiled(site_id: str | None, evidence: tuple[str, ...]) -> Profile:
    """The site's compiled profile with this page's evidence: the rules are compiled once per site
    (``_site_compiled``), not once per evidence tuple; a page's profile differs only by its evidence
    and shares everything else (rules, lookup tables, the compiled structure, the rule memo)."""
    base = _site_compiled(site_id)
    if evidence == base.evidence:
        return base
    return dataclasses.replace(base, evidence=evidence)


@functools.lru_cache(maxsize=None)
def _site_compiled(site_id: str | None) -> Profile:
    profs = profile_data()
    lex = lexicon_data()
    generic = profs["generic"]
    site = profs[site_id] if site_id else None
    structure, rules_src, vocab = _merge(generic, site, lex)
    rules = tuple(_shared_rule(r, w) for r, w in rules_src)
    exact: dict[str, Rule] = {}
    for r in rules:
        if r.match == "exact":
            for p in r.patterns:
                exact.setdefault(squash(p), r)
    others = tuple(r for r in rules if r.match != "exact")
    src = site or generic
    prof = Profile(
        id=src["id"], name=src["name"], evidence=(),
        date_order=src.get("date_order", generic.get("date_order")),
        structure=structure, vocab=vocab, rules=rules, exact=exact, pattern_rules=others,
    )
    return prof


@functools.lru_cache(maxsize=None)
def _fingerprints() -> tuple[tuple[str, tuple[tuple[str, re.Pattern, str], ...], int], ...]:
    out = []
    for pid, d in sorted(profile_data().items()):
        if pid == "generic":
            continue
        fps = []
        for fp in d.get("fingerprints", ()):
            rx = re.compile(_pattern_regex("contains" if fp["match"] == "contains" else "regex", fp["pattern"]),
                            re.MULTILINE | re.IGNORECASE)
            fps.append((f"{fp['id']}", rx, required_literal(rx)))
        out.append((pid, tuple(fps), d.get("min_fingerprints", 1)))
    return tuple(out)


#: characters that match only themselves under re.IGNORECASE (no case, and no other character folds to
#: them): Arabic and ASCII digits, punctuation and the space
_CASELESS = frozenset(chr(c) for c in range(0x600, 0x700)) | frozenset(" !\"#$%&'()*+,-./0123456789:;<=>?@[\\]^_`{|}~")


def required_literal(rx: re.Pattern) -> str:
    """A string every match of ``rx`` contains, or '' when none is known: the longest run of caseless
    literal characters at the pattern's top level (every top-level item is part of every match).
    ``literal in text`` is a C substring scan; a MULTILINE ^ pattern is otherwise tried at every
    position of the page."""
    try:
        items = list(_sre_parse.parse(rx.pattern, rx.flags))
    except Exception:  # an internal parser that changed shape: no shortcut
        return ""
    best, run = "", []
    for op, av in items + [(None, None)]:
        if op is _sre_c.LITERAL and chr(av) in _CASELESS:
            run.append(chr(av))
            continue
        if len(run) > len(best):
            best = "".join(run)
        run = []
    return best if len(best) >= 2 else ""


def detect(text: str, folded: bool = False) -> tuple[str | None, tuple[str, ...]]:
    """The site profile whose fingerprints best match ``text`` (most matches; ties by id), or None.
    ``folded``: ``text`` is fold()-ed already (e.g. line by line, each fold remembered for the cleaner).
    A fingerprint whose required literal is not in the text is not searched (= detect_slow)."""
    folded = text if folded else fold(text)
    best: tuple[int, str | None, tuple[str, ...]] = (0, None, ())
    for pid, fps, need in _fingerprints():
        hits = tuple(f"{pid}.{fid}" for fid, rx, lit in fps if (not lit or lit in folded) and rx.search(folded))
        if len(hits) >= need and len(hits) > best[0]:
            best = (len(hits), pid, hits)
    return best[1], best[2]


def detect_slow(text: str, folded: bool = False) -> tuple[str | None, tuple[str, ...]]:
    """``detect`` searching every fingerprint (tests/test_fast_paths.py pins them together)."""
    folded = text if folded else fold(text)
    best: tuple[int, str | None, tuple[str, ...]] = (0, None, ())
    for pid, fps, need in _fingerprints():
        hits = tuple(f"{pid}.{fid}" for fid, rx, _lit in fps if rx.search(folded))
        if len(hits) >= need and len(hits) > best[0]:
            best = (len(hits), pid, hits)
    return best[1], best[2]


def select(raw_text: str, site_profiles: bool = True, folded: bool = False) -> Profile:
    """The compiled profile for a page: detected site profile merged over generic, or generic."""
    if not site_profiles:
        return compile_profile(None, ())
    pid, evidence = detect(raw_text, folded)
    return compile_profile(pid, evidence)
