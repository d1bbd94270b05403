"""Profiles and lexicon: schema-valid data, detection by fingerprints, merging, folding."""
import json
from importlib import resources

import jsonschema
import pytest

from corpus.clean import profiles
from corpus.errors import ConfigError
from corpus.document.pipeline import process_file

SEEDS = {
    "000_d149adc8417d1233.txt": "iraq-hurr",
    "001_868e95aa441b7ad2.txt": "elaph",
    "002_b4a12e420ae2588d.txt": "dash-links",
    "003_e2efb4d8f62f8383.txt": "alaraby",
    "004_2bbfc112856ad857.txt": "news-picture",
}


def test_all_profiles_and_lexicon_validate():
    data = profiles.profile_data()
    assert "generic" in data and len(data) == 1 + len(SEEDS)
    assert profiles.lexicon_data()["rules"]


def test_schemas_are_valid_2020_12():
    for name in ("profile.schema.json", "lexicon.schema.json"):
        schema = json.loads(resources.files("corpus.schema").joinpath(name).read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_rejects_a_bad_rule():
    bad = {"id": "x", "name": "x", "description": "x", "extends": "generic", "fingerprints": [],
           "rules": [{"id": "x.y", "match": "sometimes", "patterns": ["a"], "reason": "why"}]}
    with pytest.raises(ConfigError) as e:
        profiles._validate(bad, "profile.schema.json", "x.json")
    assert "x.json" in str(e.value) and "rules" in str(e.value)


def test_site_profile_requires_fingerprints():
    with pytest.raises(ConfigError):
        profiles._validate({"id": "x", "name": "x", "description": "x", "extends": "generic"},
                           "profile.schema.json", "x.json")


@pytest.mark.parametrize("name, pid", sorted(SEEDS.items()))
def test_each_seed_is_recognised(name, pid):
    doc = process_file(f"seeds/{name}")
    assert doc.profile == pid
    assert doc.profile_evidence and all(e.startswith(pid + ".") for e in doc.profile_evidence)


def test_generic_only_when_disabled_or_unknown():
    assert process_file("seeds/001_868e95aa441b7ad2.txt", site_profiles=False).profile == "generic"
    assert profiles.detect("نص لا يشبه أي موقع") == (None, ())


def test_site_rules_come_first_and_generic_rules_remain():
    p = profiles.compile_profile("iraq-hurr")
    assert p.rules[0].id == "iraq-hurr.tagline"
    assert any(r.id == "form.comment" for r in p.rules)
    assert p.structure["shape"]["max_words"] == profiles.compile_profile(None).structure["shape"]["max_words"]


def test_compiled_once():
    assert profiles.compile_profile("elaph") is profiles.compile_profile("elaph")


def test_fold_preserves_length_and_folds_variants():
    s = "إضغط هنا للإشتراك ٢٠٢١ Getty"
    assert len(profiles.fold(s)) == len(s)
    assert profiles.fold("أإآا") == "اااا"
    assert profiles.fold("مدرسة") == "مدرسه"
    assert profiles.fold("٢٠٢١۲") == "20212"
    assert profiles.fold("Getty") == "getty"


def test_compiled_once_per_site_whatever_the_evidence():
    """The rules of a site are compiled once; pages with other fingerprints share them (only the evidence differs)."""
    a = profiles.compile_profile("elaph", ("elaph.a",))
    b = profiles.compile_profile("elaph", ("elaph.a", "elaph.b"))
    assert a.evidence == ("elaph.a",) and b.evidence == ("elaph.a", "elaph.b")
    assert a.rules is b.rules and a.exact is b.exact and a.match_memo is b.match_memo
    assert a.compiled is b.compiled and a.disabled == b.disabled
    assert profiles.compile_profile("elaph").evidence == ()


def test_pattern_rules_by_zone_keep_the_priority_order():
    for pid in [None] + sorted(k for k in profiles.profile_data() if k != "generic"):
        p = profiles.compile_profile(pid, ("x",))
        for zone in profiles.ZONES:
            assert p.pattern_rules_in(zone) == tuple(r for r in p.pattern_rules if zone in r.zones)
        assert p.zone_rules is profiles.compile_profile(pid).zone_rules  # shared by the site's profiles
