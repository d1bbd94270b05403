import hashlib
import shutil
from pathlib import Path

import pytest

from corpus.project import catalog
from corpus.errors import ConfigError, InputError

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "seeds"


def test_bundled_seeds_match_their_catalog():
    seeds = catalog.load(ROOT / "seeds")
    assert len(seeds) == 5
    for s in seeds:
        data = catalog.verify(ROOT / "seeds", s)
        assert hashlib.sha256(data).hexdigest() == s.sha256
    assert catalog.unlisted(ROOT / "seeds", seeds) == []


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared/seeds beside this checkout")
def test_seeds_are_byte_identical_to_shared():
    shared = sorted(p.name for p in SHARED.glob("*.txt"))
    assert shared == sorted(p.name for p in (ROOT / "seeds").glob("*.txt")) and len(shared) == 5
    for p in sorted(SHARED.glob("*.txt")):
        assert (ROOT / "seeds" / p.name).read_bytes() == p.read_bytes(), p.name


def test_a_changed_seed_is_refused(tmp_path):
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    seeds = catalog.load(tmp_path / "seeds")
    target = tmp_path / "seeds" / seeds[0].file
    target.write_bytes(target.read_bytes() + b" ")
    with pytest.raises(InputError) as exc:
        catalog.verify(tmp_path / "seeds", seeds[0])
    assert "does not match the catalog" in exc.value.message
    assert seeds[0].file in exc.value.where


def test_a_broken_catalog_names_the_json_path(tmp_path):
    (tmp_path / "catalog.json").write_text('{"catalog_version": "1.0", "seeds": [{"file": "a.txt", "sha256": "xyz", "bytes": 3}]}')
    with pytest.raises(ConfigError) as exc:
        catalog.load(tmp_path)
    assert "$.seeds[0].sha256" in exc.value.message


def test_missing_catalog(tmp_path):
    with pytest.raises(ConfigError, match="no seed catalog"):
        catalog.load(tmp_path)
