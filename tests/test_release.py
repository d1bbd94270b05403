"""Releases: reproducible archives, verification, refusal rules, the teiCorpus file, CLI."""
from __future__ import annotations

import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from corpus.release import archive
from corpus.project import config
from corpus.tei import teicorpus
from corpus.tei import read as teiread
from corpus.document.model import Document
from corpus.tei.export import XML_ID
from corpus.cli.main import main
from corpus.errors import ConfigError, InputError, ValidationError
from corpus.release.make import Project, changelog_for, find_previous, release
from corpus.release.semver import Version
from corpus.release.verify import content_problems, verify

from release_fixtures import FakeBuild, make_project, set_version

CHECK = content_problems


def do_release(root: Path, version: str, dist: Path | None = None, **kw):
    kw.setdefault("builder", FakeBuild())
    kw.setdefault("checker", CHECK)
    return release(version, Project(root=root, dist=dist), **kw)


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """One release of the two-document project, shared by read-only tests."""
    root = make_project(tmp_path_factory.mktemp("rel"))
    res = do_release(root, "0.1.0")
    return root, res


# -- reproducibility ------------------------------------------------------------------------------
def test_two_releases_are_byte_identical(released, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root, first = released
    second = do_release(root, "0.1.0", dist=tmp_path / "dist2")
    assert first.archive.read_bytes() == second.archive.read_bytes()
    assert first.sha256 == second.sha256 == archive.sha256(second.archive.read_bytes())
    assert archive.read_folder(first.folder) == archive.read_folder(second.folder)


def test_archive_entries_are_normalised(released):
    _, res = released
    raw = res.archive.read_bytes()
    assert raw[4:8] == b"\0\0\0\0"  # gzip header mtime 0
    epoch = int(config.load(res.folder / "corpus.json").release_datetime().timestamp())
    with tarfile.open(res.archive) as tar:
        members = tar.getmembers()
    names = [m.name for m in members]
    assert names[0] == res.folder.name
    assert all(n.startswith(res.folder.name + "/") for n in names[1:])
    assert names == sorted(names, key=lambda n: n.split("/"))
    for m in members:
        assert (m.mtime, m.uid, m.gid, m.uname, m.gname) == (epoch, 0, 0, "", "")
        assert m.mode == (0o755 if m.isdir() else 0o644)
    _, files = archive.read_tar_gz(res.archive)
    assert files == archive.read_folder(res.folder)


def test_source_date_epoch_sets_the_timestamps(released, tmp_path, monkeypatch):
    root, first = released
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    res = do_release(root, "0.1.0", dist=tmp_path / "d")
    with tarfile.open(res.archive) as tar:
        assert {m.mtime for m in tar.getmembers()} == {1700000000}
    assert res.archive.read_bytes() != first.archive.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ConfigError, match="SOURCE_DATE_EPOCH"):
        do_release(root, "0.1.0", dist=tmp_path / "e")


def test_release_contents(released):
    _, res = released
    files = archive.read_folder(res.folder)
    for f in ("README.md", "CITATION.cff", "CHANGELOG.md", "corpus.json", "corpus.xml", "MANIFEST.sha256",
              "manifest.json", "json/doc010_alpha.json", "tei/doc011_beta.xml", "schema/document.schema.json",
              "schema/corpus.schema.json", "docs/versioning.md"):
        assert f in files, f
    cfg = config.load(res.folder / "corpus.json")
    readme = files["README.md"].decode()
    assert cfg.texts_licence in readme and cfg.annotations_licence.id in readme
    assert "| documents | 2 |" in readme and "| reader comments | 1 |" in readme
    assert "010_alpha.txt" in readme
    cff = files["CITATION.cff"].decode()
    assert 'version: "0.1.0"' in cff and 'date-released: "2026-11-25"' in cff and "type: dataset" in cff
    assert "## [0.1.0] - 2026-11-25" in files["CHANGELOG.md"].decode()
    listed = archive.parse_manifest(files["MANIFEST.sha256"], "m")
    assert set(listed) == set(files) - {"MANIFEST.sha256"}
    assert all(archive.sha256(files[p]) == h for p, h in listed.items())


# -- the corpus TEI file --------------------------------------------------------------------------
def test_tei_corpus_resolves_its_parts_with_lxml(released):
    _, res = released
    docs = {p.stem: Document.from_dict(json.loads(p.read_text(encoding="utf-8")))
            for p in (res.folder / "json").glob("*.json")}
    tree = teicorpus.resolve(res.folder / "corpus.xml")
    root = tree.getroot()
    assert root.tag == f"{{{teicorpus.TEI_NS}}}teiCorpus"
    parts = root.findall(f"{{{teicorpus.TEI_NS}}}TEI")
    assert len(parts) == 2
    assert not root.findall(f".//{{{teicorpus.XI_NS}}}include")
    for part in parts:
        base = part.get("{http://www.w3.org/XML/1998/namespace}base")
        standalone = etree.parse(str(res.folder / base)).getroot()
        assert teiread.read_text(etree.tostring(part)) == teiread.read_text(etree.tostring(standalone))
        assert teiread.read_text(etree.tostring(part)) == docs[part.get(XML_ID)].text()
    edition = root.find(f".//{{{teicorpus.TEI_NS}}}edition")
    assert edition.get("n") == "0.1.0"


def test_tei_corpus_with_a_missing_part_fails(released, tmp_path):
    _, res = released
    folder = shutil.copytree(res.folder, tmp_path / res.folder.name)
    (folder / "tei" / "doc010_alpha.xml").unlink()
    with pytest.raises(etree.XIncludeError):
        teicorpus.resolve(folder / "corpus.xml")


# -- verify ---------------------------------------------------------------------------------------
def test_verify_accepts_the_release_folder_and_archive(released):
    _, res = released
    for path in (res.folder, res.archive):
        rep = verify(path)
        assert rep.ok, rep.lines()
        assert rep.files == len(archive.read_folder(res.folder)) - 1


def test_verify_names_changed_missing_and_extra_files(released, tmp_path):
    _, res = released
    folder = shutil.copytree(res.folder, tmp_path / res.folder.name)
    p = folder / "json" / "doc010_alpha.json"
    p.write_bytes(p.read_bytes().replace("انسحاب".encode(), "انسحب".encode(), 1))
    (folder / "CITATION.cff").unlink()
    (folder / "tei" / "notes.txt").write_text("x")
    rep = verify(folder, content=False)
    assert rep.changed == ["json/doc010_alpha.json"]
    assert rep.missing == ["CITATION.cff"]
    assert rep.extra == ["tei/notes.txt"]
    assert not rep.ok
    out = CliRunner().invoke(main, ["verify", str(folder), "--checksums-only"])
    assert out.exit_code == 1
    assert "changed: json/doc010_alpha.json" in out.output and "missing: CITATION.cff" in out.output
    assert "extra: tei/notes.txt" in out.output


def test_verify_revalidates_content(released, tmp_path):
    """A file changed together with its manifest line passes the checksums but not the validation."""
    _, res = released
    folder = shutil.copytree(res.folder, tmp_path / res.folder.name)
    p = folder / "json" / "doc010_alpha.json"
    d = json.loads(p.read_text(encoding="utf-8"))
    d["article"][1]["src"]["end"] += 3
    p.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    files = archive.with_manifests(archive.read_folder(folder), {})
    archive.write_folder(folder, files)
    rep = verify(folder)
    assert not (rep.changed or rep.missing or rep.extra)
    assert any("json/doc010_alpha.json" in line and "$.article[1].src" in line for line in rep.problems), rep.problems


def test_verify_a_tampered_archive(released, tmp_path):
    _, res = released
    name, files = archive.read_tar_gz(res.archive)
    files["corpus.json"] = files["corpus.json"].replace(b"0.1.0", b"0.1.1")
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(archive.tar_gz(name, files, 0))
    rep = verify(bad, content=False)
    assert rep.changed == ["corpus.json"]


def _tar(entries) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in entries:
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            tar.addfile(ti, io.BytesIO(data))
    return buf.getvalue()


@pytest.mark.parametrize("entries,msg", [
    ([("r/../../evil", b"x")], "unsafe"),
    ([("/etc/evil", b"x")], "unsafe"),
    ([("a/x", b"x"), ("b/y", b"y")], "one top folder"),
])
def test_hostile_archives_are_refused(tmp_path, entries, msg):
    p = tmp_path / "h.tar.gz"
    p.write_bytes(_tar(entries))
    with pytest.raises(InputError, match=msg):
        verify(p)


def test_not_an_archive(tmp_path):
    p = tmp_path / "x.tar.gz"
    p.write_bytes(b"not gzip")
    out = CliRunner().invoke(main, ["verify", str(p)])
    assert out.exit_code == 1 and "not a readable .tar.gz" in out.output and "Traceback" not in out.output


# -- refusals -------------------------------------------------------------------------------------
def test_refuses_when_the_build_fails(tmp_path):
    root = make_project(tmp_path)
    with pytest.raises(ValidationError, match="failed to build or validate"):
        do_release(root, "0.1.0", builder=FakeBuild(ok=False))
    assert not any((root / "dist").iterdir())


def test_refuses_when_validation_fails(tmp_path):
    root = make_project(tmp_path)

    def break_span(d):
        d["article"][0]["src"]["start"] += 1
        return d

    with pytest.raises(ValidationError, match=r"validation problem.*src"):
        do_release(root, "0.1.0", builder=FakeBuild(mutate=break_span))
    assert not any((root / "dist").iterdir()), "nothing may be written when validation fails"


def test_version_must_match_corpus_json_and_changelog(tmp_path):
    root = make_project(tmp_path)
    with pytest.raises(ConfigError, match="version is 0.1.0"):
        do_release(root, "0.2.0")
    with pytest.raises(ConfigError, match="not a semantic version"):
        do_release(root, "v1")
    (root / "CHANGELOG.md").write_text("# Changelog\n\n## [Unreleased]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"no section '## \[0.1.0\] - 2026-11-25'"):
        do_release(root, "0.1.0")


def test_existing_release_needs_force(released):
    root, res = released
    with pytest.raises(ConfigError, match="already exists"):
        do_release(root, "0.1.0")


def test_refuses_an_understated_version(tmp_path):
    root = make_project(tmp_path)
    do_release(root, "0.1.0")
    # a new document: minor
    (root / "seeds" / "012_gamma.txt").write_text("خبر جديد عن العراق\nفقرة الخبر.\n", encoding="utf-8")
    set_version(root, "0.1.1")
    with pytest.raises(ConfigError, match=r"patch step from 0.1.0 but the changes need a minor.*document-added"):
        do_release(root, "0.1.1")
    set_version(root, "0.2.0")
    res = do_release(root, "0.2.0")
    assert (res.previous, res.needed, res.stated) == ("0.1.0", "minor", "minor")
    # a changed text: major, even compared with an archive only
    shutil.rmtree(root / "dist" / "corpus-ar-news-foreign-forces-0.2.0")
    seed = root / "seeds" / "010_alpha.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("قريبا", "غدا"), encoding="utf-8")
    set_version(root, "0.3.0")
    with pytest.raises(ConfigError, match=r"need a major release.*text-changed doc010_alpha/b2.*release 1.0.0"):
        do_release(root, "0.3.0")
    set_version(root, "1.0.0")
    assert do_release(root, "1.0.0").needed == "major"
    set_version(root, "0.9.0")
    with pytest.raises(ConfigError, match="lower than the previous release"):
        do_release(root, "0.9.0", previous=root / "dist" / "corpus-ar-news-foreign-forces-1.0.0.tar.gz")


def test_find_previous(tmp_path):
    for n in ("c-0.1.0", "c-0.2.0.tar.gz", "c-0.10.0", "c-1.0.0", "other-0.5.0", "c-0.3.0.tar.gz"):
        (tmp_path / n).mkdir() if not n.endswith(".gz") else (tmp_path / n).write_bytes(b"")
    assert find_previous(tmp_path, "c", Version(1, 0, 0)).name == "c-0.10.0"
    assert find_previous(tmp_path, "c", Version(0, 3, 0)).name == "c-0.2.0.tar.gz"
    assert find_previous(tmp_path, "c", Version(0, 1, 0)) is None


def test_changelog_for_keeps_released_sections_up_to_the_version():
    text = ("# Changelog\n\nintro\n\n## [Unreleased]\n- wip\n\n## [1.1.0] - 2027-01-01\n- later\n\n"
            "## [1.0.0] - 2026-12-01\n- now\n\n## [0.9.0] - 2026-01-01\n- before\n\n[1.0.0]: https://x/1.0.0\n")
    out = changelog_for(text, "1.0.0", "2026-12-01")
    assert "intro" in out and "- now" in out and "- before" in out
    assert "wip" not in out and "later" not in out and "https://x" not in out
    with pytest.raises(ConfigError, match="dated 2026-12-01, corpus.json says 2026-12-02"):
        changelog_for(text, "1.0.0", "2026-12-02")


# -- CLI ------------------------------------------------------------------------------------------
def test_cli_release_errors_are_one_line(tmp_path):
    root = make_project(tmp_path)
    out = CliRunner().invoke(main, ["release", "0.2.0", "--root", str(root)])
    assert out.exit_code == 1
    assert out.output.startswith("error: ") and "corpus.json" in out.output and "Traceback" not in out.output


def test_cli_diff(released, tmp_path):
    _, res = released
    folder = shutil.copytree(res.folder, tmp_path / "new")
    d = json.loads((folder / "json" / "doc010_alpha.json").read_text(encoding="utf-8"))
    d["metadata"]["title"]["value"] = "عنوان مصحح"
    (folder / "json" / "doc010_alpha.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    out = CliRunner().invoke(main, ["diff", str(res.archive), str(folder)])
    assert out.exit_code == 0, out.output
    assert "PATCH metadata-changed doc010_alpha#title" in out.output
    assert out.output.rstrip().endswith("needed version step: patch")
    js = CliRunner().invoke(main, ["diff", "--json", str(res.folder), str(res.archive)])
    assert json.loads(js.output) == {"needed": "none", "changes": []}
