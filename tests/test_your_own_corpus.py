"""A scholar's own folder of pages (issue 11): `corpus init`, the one rule for finding corpus.json, the
catalog that maintains itself, and every way a document used to be lost silently, now loud."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.cli.main import main
from corpus.project import catalog

from release_fixtures import ROOT, FakeBuild, TEXTS, make_doc, make_project

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
INIT = ["--title", "Test corpus", "--author", "Haddad, Layla", "--description", "Three pages.",
        "--texts", "The texts remain the copyright of their publishers.", "--release-date", "2026-11-25", "--no-input"]


def run(*args, ok=True):
    res = CliRunner().invoke(main, [str(a) for a in args])
    if ok is not None:
        assert (res.exit_code == 0) == ok, res.output
    return res


def page(folder: Path, name: str, i: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_bytes(make_doc(name, list(TEXTS.values())[i % 2])[0])
    return p


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("init", "proj", *INIT)
    monkeypatch.chdir(tmp_path / "proj")
    return tmp_path / "proj"


# -- corpus init ----------------------------------------------------------------------------------
def test_init_scaffolds_a_project_that_builds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = run("init", "My Pages", "--no-input")
    root = tmp_path / "My Pages"
    for rel in ("corpus.json", "CHANGELOG.md", ".gitignore", "seeds", "annotations"):
        assert (root / rel).exists(), rel
    cfg = json.loads((root / "corpus.json").read_text(encoding="utf-8"))
    assert cfg["name"] == "my-pages" and cfg["version"] == "0.1.0"
    assert set(cfg["$comment"]) >= {"name", "title", "version", "licence", "authors", "publisher"}
    assert "$.title" in res.output and "$.licence.texts" in res.output  # the placeholders are named
    assert "## [0.1.0] - " + cfg["release_date"] in (root / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "build/" in (root / ".gitignore").read_text(encoding="utf-8")
    page(root / "seeds", "خبر.txt")
    monkeypatch.chdir(root)
    run("build", "-q")  # placeholders are fine for a build
    assert (root / "build" / "tei" / "خبر.xml").is_file()
    again = run("init", ".", "--no-input", ok=False)
    assert "already exists" in again.output


def test_init_flags_give_a_releasable_config(project):
    cfg = json.loads((project / "corpus.json").read_text(encoding="utf-8"))
    assert cfg["authors"] == [{"family_names": "Haddad", "given_names": "Layla", "role": "compiler"}]
    assert cfg["publisher"] == "Layla Haddad"
    from corpus.project import config

    assert config.placeholders(cfg) == []


def test_init_refuses_an_unknown_licence_without_url(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = run("init", "p", "--no-input", "--licence", "Apache-2.0", ok=False)
    assert "--licence-url" in res.output and not (tmp_path / "p" / "corpus.json").exists()


def test_release_refuses_placeholders(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("init", "p", "--no-input", "--release-date", "2026-11-25")
    page(tmp_path / "p" / "seeds", "a.txt")
    monkeypatch.chdir(tmp_path / "p")
    res = run("release", "0.1.0", ok=False)
    assert "placeholders" in res.output and "$.title" in res.output
    assert not (tmp_path / "p" / "dist").exists()


# -- finding corpus.json --------------------------------------------------------------------------
def test_config_not_found_lists_where_it_looked(tmp_path, monkeypatch):
    pages = tmp_path / "pages"
    page(pages, "a.txt")
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    res = run("build", pages, ok=False)
    assert "corpus configuration not found; looked in" in res.output
    assert str(pages) in res.output and str(tmp_path) in res.output and str(elsewhere) in res.output
    assert "corpus init" in res.output


def test_build_takes_the_folder_as_argument_and_seeds_as_alias(project):
    page(project / "elsewhere", "a.txt")
    run("build", "elsewhere", "-q")  # corpus.json found in the current folder
    assert (project / "build" / "json" / "a.json").is_file()
    shutil.rmtree(project / "build")
    run("build", "--seeds", "elsewhere", "-q")
    assert (project / "build" / "json" / "a.json").is_file()
    res = run("build", "elsewhere", "--seeds", "seeds", ok=False)
    assert "two seeds folders" in res.output


def test_corpus_json_beside_the_pages_is_found_from_anywhere(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("init", "proj", *INIT)
    page(tmp_path / "proj" / "seeds", "a.txt")
    run("build", "proj/seeds", "-q")
    assert (tmp_path / "proj" / "build" / "json" / "a.json").is_file()  # build/ in the project root


# -- the catalog maintains itself -----------------------------------------------------------------
def test_build_without_catalog_records_every_sha256(project):
    a, b = page(project / "seeds", "a.txt", 0), page(project / "seeds", "b.txt", 1)
    res = run("build")
    assert "no catalog.json" in res.output and "SHA-256" in res.output
    report = json.loads((project / "build" / "report.json").read_text(encoding="utf-8"))
    import hashlib

    assert {d["file"]: d["sha256"] for d in report["documents"]} == {
        "a.txt": hashlib.sha256(a.read_bytes()).hexdigest(), "b.txt": hashlib.sha256(b.read_bytes()).hexdigest()}
    assert "wrote 2 documents to build/json/, build/tei/ and build/txt/, and build/report.json" in res.output


def test_files_the_build_does_not_read_are_listed(project):
    page(project / "seeds", "page.txt")
    for name in ("a.docx", "b.pdf", "notes.md"):
        (project / "seeds" / name).write_text("x", encoding="utf-8")
    res = run("build")
    assert "skipped 3 files the build does not read (it reads .txt, .html, .htm, .warc, .warc.gz): a.docx, b.pdf, notes.md" in res.output
    res = run("catalog", "--init", ok=True)
    assert "skipped 3 files" in res.output


def test_catalog_init_names_an_empty_page_and_writes_a_valid_catalog(project):
    page(project / "seeds", "good.txt")
    (project / "seeds" / "empty.txt").write_bytes(b"")
    res = run("catalog", "seeds", "--init", ok=False)
    assert "empty.txt: empty file (0 bytes)" in res.output
    assert [s.file for s in catalog.load(project / "seeds")] == ["good.txt"]  # its own schema accepts it
    res = run("build", ok=True)  # the catalogued page builds; the empty one is named, not built
    assert "empty.txt" in res.output


def test_build_without_catalog_fails_loudly_on_an_empty_page(project):
    page(project / "seeds", "good.txt")
    (project / "seeds" / "empty.txt").write_bytes(b"")
    res = run("build", "--keep-going", ok=False)
    assert "empty.txt: the file is empty" in res.output
    assert "documents  1 ok / 2" in " ".join(res.output.split("  ")) or "1 ok / 2" in res.output
    assert sorted(p.name for p in (project / "build" / "json").iterdir()) == ["good.json"]


def test_catalog_init_with_only_unread_files_fails(project):
    (project / "seeds" / "a.docx").write_text("not a page", encoding="utf-8")
    res = run("catalog", "--init", ok=False)
    assert "no pages to catalog" in res.output and "a.docx" in res.output
    assert not (project / "seeds" / "catalog.json").exists()


def test_catalog_update_reports_what_changed(project):
    a = page(project / "seeds", "a.txt", 0)
    page(project / "seeds", "b.txt", 1)
    run("catalog", "--init")
    a.write_bytes(make_doc("a.txt", ["عنوان مصحح", "فقرة مصححة."])[0])
    (project / "seeds" / "b.txt").unlink()
    page(project / "seeds", "c.txt", 1)
    res = run("catalog", "--update")
    assert "added: c.txt" in res.output and "re-hashed: a.txt" in res.output and "dropped: b.txt" in res.output
    assert "1 added, 1 re-hashed, 1 dropped, 0 unchanged" in res.output
    run("catalog")  # every page matches now
    assert "unchanged" in run("catalog", "--update").output


def test_a_changed_page_points_to_update(project):
    a = page(project / "seeds", "a.txt")
    run("catalog", "--init")
    a.write_bytes(make_doc("a.txt", ["عنوان آخر", "نص آخر."])[0])
    res = run("build", ok=False)
    assert "--update" in res.output


# -- ids and counts -------------------------------------------------------------------------------
def test_two_arabic_names_are_two_documents(project):
    """The issue's case: خبر.txt and نبأ.txt both became doc___, 2 ok / 2 and one file written."""
    page(project / "seeds", "خبر.txt", 0)
    page(project / "seeds", "نبأ.txt", 1)
    res = run("build")
    assert "2 ok / 2" in res.output
    assert sorted(p.name for p in (project / "build" / "json").iterdir()) == ["خبر.json", "نبأ.json"]
    run("validate")
    run("build", "--tei-all", "-q")


@pytest.mark.parametrize("names", [("Page.txt", "page.txt"), ("a b.txt", "a_b.txt"), ("x.y.txt", "x_y.txt")])
def test_files_that_would_share_an_id_are_refused_by_name(project, names):
    for i, n in enumerate(names):
        page(project / "seeds", n, i)
    res = run("build", ok=False)
    assert names[0] in res.output and names[1] in res.output and "would share a document id" in res.output
    assert not (project / "build" / "json").exists()
    res = run("catalog", "--init", ok=False)
    assert names[0] in res.output and names[1] in res.output


def test_counts_equal_files_written(project):
    names = ["خبر.txt", "نبأ.txt", "پژوهش گزارش.txt", "a.b.txt", "UPPER.txt", "ش" * 120 + ".txt"]
    for i, n in enumerate(names):
        page(project / "seeds", n, i)
    res = run("build", "--json")
    report = json.loads(res.stdout)
    written = sorted(p.stem for p in (project / "build" / "json").iterdir())
    assert report["totals"]["documents_ok"] == len(names) == len(written)
    assert sorted(d["doc_id"] for d in report["documents"]) == written
    assert len(list((project / "build" / "tei").iterdir())) == len(names)


def test_a_failed_document_leaves_no_stale_output(project):
    p = page(project / "seeds", "a.txt")
    page(project / "seeds", "b.txt", 1)
    run("build")
    assert (project / "build" / "tei" / "a.xml").is_file()
    p.write_bytes(b"\xff\xfe not utf-8 \xc3")
    res = run("build", "--keep-going", ok=False)
    assert not (project / "build" / "json" / "a.json").exists() and not (project / "build" / "tei" / "a.xml").exists()
    assert "wrote 1 document to build/json/, build/tei/ and build/txt/" in res.output
    assert "removed stale output of failed documents: json/a.json, tei/a.xml, txt/a.txt" in res.output
    report = json.loads((project / "build" / "report.json").read_text(encoding="utf-8"))
    failed = [d for d in report["documents"] if not d["ok"]]
    assert [d["removed"] for d in failed] == [["json/a.json", "tei/a.xml", "txt/a.txt"]]


# -- releases -------------------------------------------------------------------------------------
def git(root, *args):
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_release_refuses_a_dirty_tree_and_records_the_commit(tmp_path):
    from corpus.errors import ConfigError
    from corpus.release.make import Project, release
    from corpus.release.verify import content_problems

    root = make_project(tmp_path)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "pages")
    (root / "seeds" / "010_alpha.txt").write_bytes(b"changed\n")
    kw = dict(builder=FakeBuild(), checker=content_problems)
    with pytest.raises(ConfigError, match="not committed.*010_alpha.txt"):
        release("0.1.0", Project(root=root), **kw)
    git(root, "checkout", "--", ".")
    head = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    res = release("0.1.0", Project(root=root), **kw)
    manifest = json.loads((res.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["source_commit"] == head and "source_dirty" not in manifest
    # dist/ (untracked, not ignored here) is written by the tools: it never makes the tree dirty
    res = release("0.1.0", Project(root=root), force=True, **kw)
    (root / "notes.txt").write_text("untracked", encoding="utf-8")
    res = release("0.1.0", Project(root=root), force=True, allow_dirty=True, **kw)
    manifest = json.loads((res.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["source_commit"] == head and manifest["source_dirty"] is True


def test_citation_carries_repository_and_url(tmp_path):
    from corpus.project import config
    from corpus.release import datacard

    data = json.loads((ROOT / "corpus.json").read_text(encoding="utf-8"))
    data.update(repository="https://example.org/git/corpus", url="https://example.org/corpus")
    cff = datacard.citation_cff(config.check(data, "corpus.json"))
    assert 'repository-code: "https://example.org/git/corpus"' in cff and 'url: "https://example.org/corpus"' in cff


def test_diff_refuses_a_folder_that_is_not_a_release(tmp_path, monkeypatch):
    root = make_project(tmp_path)
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref", encoding="utf-8")
    res = run("diff", root, root, ok=False)
    assert "not a release folder" in res.output and "MANIFEST.sha256" in res.output


def test_a_new_version_alone_is_not_an_encoding_change(tmp_path):
    from corpus.release.make import Project, release
    from corpus.release.verify import content_problems
    from release_fixtures import set_version

    root = make_project(tmp_path)
    kw = dict(builder=FakeBuild(), checker=content_problems)
    release("0.1.0", Project(root=root), **kw)
    set_version(root, "0.1.1", "2026-12-01")
    res = release("0.1.1", Project(root=root), **kw)
    assert res.needed == "none", [c.format() for c in res.changes]
    out = run("diff", root / "dist" / "corpus-ar-news-foreign-forces-0.1.0",
              root / "dist" / "corpus-ar-news-foreign-forces-0.1.1.tar.gz")
    assert "tei-encoding-changed" not in out.output and "needed version step: none" in out.output


def test_done_when_init_build_release_verify(tmp_path, monkeypatch):
    """Issue 11's "done when": an empty folder, three pages (one with an Arabic name), then init, build,
    release 0.1.0 and verify, in that order, each saying what it did (no catalog step needed)."""
    monkeypatch.chdir(tmp_path)
    out = run("init", "mine", *INIT).output
    assert "created mine/" in out
    for i, name in enumerate(("خبر.txt", "page-2.txt", "page-3.txt")):
        page(tmp_path / "mine" / "seeds", name, i)
    monkeypatch.chdir(tmp_path / "mine")
    out = run("build").output
    assert "3 ok / 3" in out and "wrote 3 documents" in out
    out = run("release", "0.1.0").output
    assert "released 0.1.0: dist/mine-0.1.0/" in out and "no catalog.json" in out
    out = run("verify", "dist/mine-0.1.0.tar.gz").output
    assert "mine-0.1.0: OK" in out
    assert (tmp_path / "mine" / "dist" / "mine-0.1.0" / "tei" / "خبر.xml").is_file()


def test_init_asks_on_a_terminal(tmp_path, monkeypatch):
    from corpus.cli import project as cli_project

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli_project, "_interactive", lambda: True)
    answers = "My title\nHaddad, Layla\n\nThe publishers hold the rights.\n"
    res = CliRunner().invoke(main, ["init", "asked"], input=answers)
    assert res.exit_code == 0, res.output
    cfg = json.loads((tmp_path / "asked" / "corpus.json").read_text(encoding="utf-8"))
    assert cfg["title"] == "My title" and cfg["authors"][0]["family_names"] == "Haddad"
    assert cfg["licence"]["texts"] == "The publishers hold the rights."
    assert cfg["description"].startswith("TODO")  # left empty: a placeholder, named in the output
    assert "$.description" in res.output
    monkeypatch.setattr(cli_project, "_interactive", lambda: False)
    res = CliRunner().invoke(main, ["init", "script"])  # not a terminal: never waits for input
    assert res.exit_code == 0 and "$.title" in res.output


def test_a_folder_without_pages_is_an_error_not_an_empty_build(project):
    (project / "seeds" / "a.docx").write_text("not a page", encoding="utf-8")
    res = run("build", ok=False)
    assert "no pages to build" in res.output and "a.docx" in res.output
    (project / "seeds" / "a.docx").unlink()
    assert "the folder is empty" in run("build", ok=False).output


def test_build_json_lists_skipped_and_uncatalogued_files(project):
    page(project / "seeds", "a.txt")
    run("catalog", "--init")
    page(project / "seeds", "b.txt", 1)
    (project / "seeds" / "c.pdf").write_bytes(b"%PDF")
    res = CliRunner().invoke(main, ["build", "--json"])
    data = json.loads(res.stdout)
    assert data["skipped"] == ["c.pdf"] and data["not_catalogued"] == ["b.txt"] and data["catalogued"] is True
    assert [d["file"] for d in data["documents"]] == ["a.txt"]


from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

_stems = st.lists(st.sampled_from(list("abAB _.-1٢") + ["خ", "ب", "ر", "پ", "\u200c", "é", "e\u0301", "ß", "ſ"]),
                  min_size=1, max_size=6).map("".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sets(_stems, min_size=1, max_size=4))
def test_any_set_of_names_builds_all_or_is_refused_by_name(tmp_path_factory, stems):
    """Files in = documents written, or the build refuses naming the files that would share an id."""
    import unicodedata

    from corpus.build.run import build_corpus
    from corpus.errors import ConfigError

    folder = tmp_path_factory.mktemp("names")
    names = {}
    for stem in stems:
        name = stem + ".txt"
        if unicodedata.normalize("NFC", name) in {unicodedata.normalize("NFC", n) for n in names}:
            continue  # the file system may treat these as one file
        names[name] = page(folder / "seeds", name, len(names))
    seeds = catalog.scan(folder / "seeds")
    assert len(seeds) == len(names)
    cfg = json.loads((ROOT / "corpus.json").read_text(encoding="utf-8"))
    try:
        report = build_corpus(folder / "seeds", folder / "build", config=cfg, seeds=seeds, keep_going=True)
    except ConfigError as exc:
        from corpus.document.model import id_collisions

        clashes = id_collisions(names)
        assert clashes and all(f in str(exc) for _, files in clashes for f in files)
        assert not (folder / "build").exists()
        return
    written = sorted(p.name for p in (folder / "build" / "json").iterdir())
    assert report.totals()["documents_ok"] == len(names) == len(written)
    assert len(list((folder / "build" / "tei").iterdir())) == len(names)


def test_init_in_the_folder_of_pages_itself(tmp_path, monkeypatch):
    """`corpus init pages` where the pages already are: `corpus build pages` builds them, and the
    project's own files are not reported as skipped pages."""
    monkeypatch.chdir(tmp_path)
    page(tmp_path / "pages", "خبر.txt")
    (tmp_path / "pages" / "notes.md").write_text("mine", encoding="utf-8")
    out = run("init", "pages", *INIT).output
    assert "already holds 1 page;" in out
    res = run("build", "pages")
    assert "1 ok / 1" in res.output and (tmp_path / "pages" / "build" / "tei" / "خبر.xml").is_file()
    assert "skipped 1 file the build does not read (it reads .txt, .html, .htm, .warc, .warc.gz): notes.md" in res.output


def test_init_build_catalog_validate_need_no_test_extra(tmp_path):
    """What a plain install runs must not import the test extra (pytest, hypothesis)."""
    code = f"""
import os, sys
from click.testing import CliRunner
from corpus.cli.main import main
os.chdir({str(tmp_path)!r})
r = CliRunner()
assert r.invoke(main, ["init", "p", "--no-input"]).exit_code == 0
os.chdir("p")
open("seeds/خبر.txt", "w", encoding="utf-8").write("عنوان الخبر\\nقال المتحدث إن الانسحاب سيبدأ قريبا.\\n")
for args in (["build", "-q"], ["catalog", "--init"], ["validate"]):
    res = r.invoke(main, args)
    assert res.exit_code == 0, (args, res.output)
print(sorted(m for m in ("pytest", "hypothesis", "_pytest") if m in sys.modules))
"""
    # click.testing is part of click, not of the test extra
    done = subprocess.run([__import__("sys").executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
