"""`corpus diff`: classification of changes between hand-built releases (docs/versioning.md)."""
from __future__ import annotations

import json

import pytest

from corpus.release import archive
from corpus.project import config
from corpus.errors import ConfigError
from corpus.release.diff import diff, text_changes
from corpus.release.semver import Version, at_least, step

from release_fixtures import ROOT, TEXTS, make_doc


def enc(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True).encode("utf-8")


def ann(i, block="b1", start=0, end=6, typ="GPE"):
    return {"id": i, "type": typ, "target": {"block": block, "start": start, "end": end, "quote": "x",
                                              "prefix": "", "suffix": ""}}


def release_files(version="0.1.0", docs=None, anns=None) -> dict[str, bytes]:
    cfg = json.loads((ROOT / "corpus.json").read_text(encoding="utf-8"))
    cfg["version"] = version
    files = {"corpus.json": enc(cfg), "README.md": f"v{version}".encode(), "CITATION.cff": version.encode(),
             "corpus.xml": version.encode()}
    for name, lines in (docs or TEXTS).items():
        _, doc = make_doc(name, lines)
        files[f"json/{doc.id}.json"] = enc(doc.to_dict())
        files[f"tei/{doc.id}.xml"] = b"<TEI/>"
    for path, items in (anns or {"doc010_alpha/lead": [ann("a1"), ann("a2", typ="ORG")]}).items():
        files[f"annotations/{path}.json"] = enc({"document": path.split("/")[0], "annotations": items})
    return archive.with_manifests(files, {"version": version})


def edit_doc(files, doc_id, fn):
    files = dict(files)
    d = json.loads(files[f"json/{doc_id}.json"])
    fn(d)
    files[f"json/{doc_id}.json"] = enc(d)
    return files


def kinds(d):
    return sorted((c.level, c.kind, c.where) for c in d.changes)


def test_same_content_new_version_needs_nothing():
    d = diff(release_files("0.1.0"), release_files("0.1.1"))
    assert d.changes == [] and d.needed == "none"


def test_text_change_is_major_and_says_where():
    old = release_files()
    new = edit_doc(old, "doc010_alpha", lambda d: d["article"][1].update(text=d["article"][1]["text"].replace("قريبا", "غدا")))
    d = diff(old, new)
    assert d.needed == "major"
    [c] = d.changes
    assert (c.kind, c.where) == ("text-changed", "doc010_alpha/b2")
    assert c.detail == "replace at 30-34: 'نسحاب سيبدأ ⟦قريب⟧ا.' -> 'نسحاب سيبدأ ⟦غد⟧ا.'"


def test_block_id_and_role_changes_are_major():
    old = release_files()
    new = edit_doc(old, "doc010_alpha", lambda d: d["article"][2].update(id="p9"))
    assert kinds(diff(old, new)) == [("major", "block-added", "doc010_alpha/p9"),
                                     ("major", "block-removed", "doc010_alpha/b3")]
    new = edit_doc(old, "doc010_alpha", lambda d: d["article"][1].update(role="heading"))
    assert kinds(diff(old, new)) == [("major", "role-changed", "doc010_alpha/b2")]


def test_documents_added_and_removed():
    old = release_files()
    more = dict(TEXTS, **{"012_gamma.txt": ["عنوان", "فقرة"]})
    assert kinds(diff(old, release_files(docs=more))) == [("minor", "document-added", "doc012_gamma")]
    assert diff(release_files(docs=more), old).needed == "major"
    # an id change is a removal plus an addition: major
    renamed = {("013_alpha.txt" if k == "010_alpha.txt" else k): v for k, v in TEXTS.items()}
    assert diff(old, release_files(docs=renamed)).needed == "major"


def test_annotations_added_changed_removed():
    old = release_files()
    a1, a2 = ann("a1"), ann("a2", typ="ORG")
    added = release_files(anns={"doc010_alpha/lead": [a1, a2, ann("a3")]})
    assert kinds(diff(old, added)) == [("minor", "annotation-added", "doc010_alpha/lead#a3")]
    changed = release_files(anns={"doc010_alpha/lead": [a1, ann("a2", end=7, typ="ORG")]})
    [c] = diff(old, changed).changes
    assert (c.level, c.kind, c.detail) == ("minor", "annotation-changed", "target")
    removed = release_files(anns={"doc010_alpha/lead": [a1]})
    assert kinds(diff(old, removed)) == [("major", "annotation-removed", "doc010_alpha/lead#a2")]
    second = release_files(anns={"doc010_alpha/lead": [a1, a2], "doc011_beta/second": [ann("s1")]})
    assert diff(old, second).needed == "minor"


def test_metadata_fixes_are_patch():
    old = release_files()
    new = edit_doc(old, "doc011_beta", lambda d: d["metadata"]["title"].update(value="عنوان آخر"))
    assert kinds(diff(old, new)) == [("patch", "metadata-changed", "doc011_beta#title")]
    cfg = json.loads(old["corpus.json"])
    cfg["publisher"] = "Another publisher"
    assert kinds(diff(old, dict(old, **{"corpus.json": enc(cfg)}))) == [
        ("patch", "corpus-metadata-changed", "corpus.json#publisher")]
    assert kinds(diff(old, dict(old, **{"tei/doc010_alpha.xml": b"<TEI n='2'/>"}))) == [
        ("patch", "tei-encoding-changed", "tei/doc010_alpha.xml")]
    assert diff(old, dict(old, **{"schema/x.json": b"{}"})).needed == "patch"


def test_worst_change_decides():
    old = release_files()
    new = edit_doc(release_files(anns={"doc010_alpha/lead": [ann("a1"), ann("a2", typ="ORG"), ann("a3")]}),
                   "doc011_beta", lambda d: d["article"][0].update(text="X" + d["article"][0]["text"][1:]))
    assert diff(old, new).needed == "major"


def test_text_changes_cover_every_edit():
    assert text_changes("abcdef", "abcdef") == []
    out = text_changes("أبجد هوز", "ابجد هوز حطي")
    assert len(out) == 2 and out[0].startswith("replace at 0-1") and out[1].startswith("insert at 8-8")


@pytest.mark.parametrize("old,new,level", [
    ("0.1.0", "0.1.1", "patch"), ("0.1.0", "0.2.0", "minor"), ("0.9.3", "1.0.0", "major"),
    ("1.2.3", "1.2.3", "none"), ("1.2.3", "2.3.4", "major")])
def test_semver_step(old, new, level):
    assert step(Version.parse(old), Version.parse(new)) == level


def test_semver_refuses_going_back_and_bad_versions():
    with pytest.raises(ConfigError, match="lower than"):
        step(Version(1, 0, 0), Version(0, 9, 9))
    for bad in ("1.0", "01.0.0", "1.0.0-rc1", "", "v1.0.0"):
        with pytest.raises(ConfigError):
            Version.parse(bad)
    assert at_least("major", "minor") and not at_least("patch", "minor") and at_least("patch", "none")
    assert str(Version(1, 2, 3).bumped("minor")) == "1.3.0"


# -- corpus.json ----------------------------------------------------------------------------------
def test_the_project_config_is_valid_and_round_trips():
    cfg = config.load(ROOT / "corpus.json")
    assert config.CorpusConfig.from_dict(cfg.to_dict()) == cfg
    assert cfg.to_dict() == json.loads((ROOT / "corpus.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("change,msg", [
    (lambda c: c.update(version="1.0"), r"\$\.version"),
    (lambda c: c.pop("publisher"), "'publisher' is a required property"),
    (lambda c: c.update(release_date="2026-02-30"), "not a real calendar date"),
    (lambda c: c["licence"].pop("texts"), "'texts' is a required property"),
    (lambda c: c.update(name="Bad Name"), r"\$\.name"),
    (lambda c: c["authors"].append({"role": "annotator", "given_names": "Huda"}), r"\$\.authors\[1\]"),
    (lambda c: c.update(colour="blue"), "Additional properties"),
])
def test_config_errors_name_the_field(tmp_path, change, msg):
    data = json.loads((ROOT / "corpus.json").read_text(encoding="utf-8"))
    change(data)
    p = tmp_path / "corpus.json"
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ConfigError, match=msg) as exc:
        config.load(p)
    assert str(p) in exc.value.format() and "corpus.schema.json" in exc.value.format()


def test_config_missing_and_broken(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        config.load(tmp_path / "corpus.json")
    (tmp_path / "corpus.json").write_text('{"name": ', encoding="utf-8")
    with pytest.raises(Exception, match="invalid JSON"):
        config.load(tmp_path / "corpus.json")


def test_person_authors_reach_citation_cff():
    from corpus.release import datacard

    data = json.loads((ROOT / "corpus.json").read_text(encoding="utf-8"))
    data["authors"].append({"role": "annotator", "given_names": "هدى", "family_names": "Ali",
                            "orcid": "https://orcid.org/0000-0002-1825-0097"})
    cff = datacard.citation_cff(config.check(data, "corpus.json"))
    assert '  - family-names: "Ali"\n    given-names: "هدى"\n    orcid: "https://orcid.org/0000-0002-1825-0097"' in cff
    assert '  - name: "The corpus project team"' in cff
