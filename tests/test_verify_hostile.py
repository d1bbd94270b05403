"""`corpus verify` against hostile releases (issue 12): streamed with limits, duplicates refused,
XInclude confined to the release, XML limits, scratch folders gone on any exit, header vs JSON."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.release import scratch
from corpus.cli.main import main
from corpus.errors import CorpusError, InputError
from corpus.release import archive
from corpus.release.make import Project, release
from corpus.release.verify import content_problems, verify

from hostile_archives import MiB, header, tar_bytes, zero_bomb
from release_fixtures import FakeBuild, make_project

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture(scope="module")
def rel(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("vh"))
    return release("0.1.0", Project(root=root), builder=FakeBuild(), checker=content_problems)


def _regenerate(folder: Path) -> None:
    """What a careful forger does: change files, then rewrite both manifests to match."""
    archive.write_folder(folder, archive.with_manifests(archive.read_folder(folder), {}))


def _run_measured(code: str, env=None) -> tuple[dict, int]:
    """Run `code` in a fresh interpreter; return its printed JSON and its peak resident memory (KiB)."""
    # the child's own high-water mark (VmHWM): Linux's ru_maxrss carries the forked parent's (pytest's, often
    # larger than anything verify does) across exec, which would make both figures the parent's
    prog = ("import json, resource, sys\n" + code +
            "\ntry:\n    rss = int([ln for ln in open('/proc/self/status') if ln.startswith('VmHWM:')][0].split()[1])"
            "\nexcept (OSError, IndexError):\n    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss"
            "\nprint(json.dumps({'out': out, 'rss': rss}))")
    r = subprocess.run([sys.executable, "-c", prog], capture_output=True, text=True, timeout=300,
                       env={**os.environ, "PYTHONPATH": str(SRC), **(env or {})})
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout.strip().splitlines()[-1])
    return d["out"], d["rss"]


_VERIFY = """
from corpus.release.verify import verify
from corpus.release.archive import Limits
from corpus.errors import CorpusError
try:
    rep = verify(sys.argv[1] if len(sys.argv) > 1 else {path!r}, content={content}, limits=Limits(**{limits}))
    out = {{'ok': rep.ok, 'lines': rep.lines(), 'sha256': rep.sha256}}
except CorpusError as exc:
    out = {{'error': exc.format()}}
"""


# -- size limits and flat memory ------------------------------------------------------------------
def test_a_2mb_archive_holding_a_19gib_member_is_refused_with_flat_memory(tmp_path):
    bomb = tmp_path / "bomb.tar.gz"
    size = zero_bomb(bomb, 1900 * MiB)
    assert size < 3 * MiB
    _, base = _run_measured("out = None\nimport corpus.release.verify, corpus.release.archive")
    for content in (True, False):
        out, rss = _run_measured(_VERIFY.format(path=str(bomb), content=content, limits={}),
                                 env={"TMPDIR": str(tmp_path)})
        assert "member 'r/json/big.json' is 1992294400 bytes uncompressed, over the limit of 536870912" in out["error"]
        assert "--max-member-size" in out["error"] and "archive SHA-256 " + archive.file_sha256(bomb) in out["error"]
        assert rss - base < 64 * 1024, f"verify used {rss - base} KiB more than importing it"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("corpus-")], "scratch folder left behind"


def test_the_expansion_ratio_and_total_limits_name_the_member(tmp_path):
    bomb = tmp_path / "bomb.tar.gz"
    zero_bomb(bomb, 64 * MiB)
    with pytest.raises(InputError, match=r"member 'r/json/big.json' brings the release to 67108864 bytes "
                                         r"uncompressed from a \d+-byte archive, over the expansion limit of 200 to 1 \(--max-ratio\)"):
        verify(bomb, content=False)
    with pytest.raises(InputError, match=r"over the limit of 1048576 bytes \(--max-total-size\)"):
        verify(bomb, content=False, limits=archive.Limits(total=MiB, ratio=1e6))
    out = CliRunner().invoke(main, ["verify", str(bomb), "--checksums-only", "--max-ratio", "100000"])
    assert out.exit_code == 1 and "MANIFEST.sha256 is missing" in out.output and "Traceback" not in out.output


def test_raised_limits_stream_a_big_member_with_flat_memory(tmp_path):
    """With the limits raised on purpose, a 200 MiB member is hashed as a stream, never held (holding it
    would add 200 MiB to the peak)."""
    bomb = tmp_path / "big.tar.gz"
    zero_bomb(bomb, 200 * MiB)
    _, base = _run_measured("out = None\nimport corpus.release.verify, corpus.release.archive")
    out, rss = _run_measured(_VERIFY.format(path=str(bomb), content=False,
                                            limits={"member": 1 << 30, "ratio": 1e6}))
    assert out["ok"] is False and out["lines"] == ["MANIFEST.sha256 is missing: nothing to verify the files against"]
    assert rss - base < 64 * 1024


def test_cli_size_flags_and_sha256(rel, tmp_path):
    out = CliRunner().invoke(main, ["verify", str(rel.archive), "--max-member-size", "1k"])
    assert out.exit_code == 1 and "over the limit of 1024 bytes per file (--max-member-size)" in out.output
    out = CliRunner().invoke(main, ["verify", str(rel.archive), "--checksums-only"])
    assert out.exit_code == 0, out.output
    assert f"sha256 {rel.sha256}" in out.output
    js = CliRunner().invoke(main, ["verify", str(rel.archive), "--checksums-only", "--json"])
    assert json.loads(js.stdout)["sha256"] == rel.sha256
    bad = CliRunner().invoke(main, ["verify", str(rel.archive), "--max-total-size", "lots"])
    assert bad.exit_code == 2 and "not a size" in bad.output


def test_too_many_entries_and_a_huge_pax_header(tmp_path):
    p = tmp_path / "many.tar.gz"
    p.write_bytes(tar_bytes([("r", None, None)] + [(f"r/f{i}", b"", None) for i in range(30)]))
    with pytest.raises(InputError, match=r"more than 10 entries \(limit --max-files\)"):
        verify(p, content=False, limits=archive.Limits(files=10))
    big = tmp_path / "pax.tar.gz"
    big.write_bytes(tar_bytes([("r", None, None), ("r/" + "x" * 200 + "/" + "y" * 200, b"1", None)]))
    with pytest.raises(InputError, match="a tar header record of .* bytes is over the limit of 100 bytes"):
        verify(big, content=False, limits=archive.Limits(header=100))


# -- duplicates -----------------------------------------------------------------------------------
def test_a_tampered_copy_before_the_genuine_member_is_refused(rel, tmp_path):
    name, files = archive.read_tar_gz(rel.archive)
    evil = b"".join([header(name, kind=tarfile.DIRTYPE), header(f"{name}/tei")])  # not used: build with tarfile
    entries = [(name, None, None), (f"{name}/tei", None, None),
               (f"{name}/tei/doc010_alpha.xml", files["tei/doc010_alpha.xml"].replace("انسحاب".encode(), b"X"), None)]
    entries += [(f"{name}/{p}", b, None) for p, b in sorted(files.items())]
    p = tmp_path / "dup.tar.gz"
    p.write_bytes(tar_bytes(entries))
    assert evil
    with pytest.raises(InputError, match=r"archive entry '.*/tei/doc010_alpha.xml' appears twice"):
        verify(p)


def test_a_manifest_listing_a_file_twice_is_refused(rel, tmp_path):
    folder = shutil.copytree(rel.folder, tmp_path / rel.folder.name)
    m = folder / archive.MANIFEST
    lines = m.read_text().splitlines(keepends=True)
    forged = "0" * 64 + "  " + lines[0].split("  ", 1)[1]
    m.write_text(forged + "".join(lines))
    with pytest.raises(InputError, match=r"MANIFEST.sha256:\d+: .* is listed twice"):
        verify(folder, content=False)
    r = subprocess.run(["sha256sum", "--quiet", "-c", archive.MANIFEST], cwd=folder, capture_output=True)
    assert r.returncode != 0, "sha256sum -c fails on it too"


def test_manifest_json_listing_a_file_twice_is_a_problem(rel, tmp_path):
    folder = shutil.copytree(rel.folder, tmp_path / rel.folder.name)
    mj = folder / archive.MANIFEST_JSON
    d = json.loads(mj.read_text())
    d["files"].insert(0, {**d["files"][0], "sha256": "0" * 64})
    mj.write_text(json.dumps(d))
    files = archive.read_folder(folder)
    listed = "".join(f"{archive.sha256(files[p])}  {p}\n" for p in sorted(files) if p != archive.MANIFEST)
    (folder / archive.MANIFEST).write_text(listed)
    rep = verify(folder, content=False)
    assert any("is listed twice" in x for x in rep.problems), rep.problems


# -- names ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("entries,msg", [
    ([("r", None, None), ("r/" + "n" * 256, b"x", None)], "has a name longer than 255 bytes"),
    ([("r", None, None), ("r/json", b"x", None), ("r/json/a.json", b"{}", None)], "'r/json' is both a file and a folder"),
    ([("r", None, None), ("r/json/a.json", b"{}", None), ("r/json", b"x", None)], "'r/json' is both a file and a folder"),
    ([("r", None, None), ("r/a\nb", b"x", None)], "unsafe archive entry"),
    ([("r", None, None), ("r/./a", b"x", None)], "unsafe archive entry"),
    ([("r", None, None), ("r/l", b"", tarfile.SYMTYPE)], "a link, device or sparse file"),
    ([("r", None, None), ("r/h", b"", tarfile.LNKTYPE)], "a link, device or sparse file"),
    ([("r", None, None), ("r/f", None, tarfile.FIFOTYPE)], "a link, device or sparse file"),
    ([("r", None, None), ("r", None, None)], "appears twice"),
    ([("x", b"", None)], "outside the release folder"),
])
def test_hostile_names_are_refused_with_a_message(tmp_path, entries, msg):
    for gz in (True, False):
        p = tmp_path / ("h.tar.gz" if gz else "h.tar")
        p.write_bytes(tar_bytes(entries, gz=gz))
        for content in (True, False):
            with pytest.raises(InputError, match=msg):
                verify(p, content=content)
    out = CliRunner().invoke(main, ["verify", str(p)])
    assert out.exit_code == 1 and "Traceback" not in out.output and out.output.startswith("error: ")


# -- XInclude inside the release only -------------------------------------------------------------
@pytest.mark.parametrize("include,msg", [
    ('<xi:include href="/etc/passwd" parse="text"/>', 'parse="text"'),
    ('<xi:include href="/etc/hostname"/>', "an absolute path or a URL"),
    ('<xi:include href="file:///etc/hostname"/>', "an absolute path or a URL"),
    ('<xi:include href="../outside.xml"/>', "a path outside the release"),
    ('<xi:include href="tei/link.xml"/>', "a path outside the release"),
    ('<xi:include href="tei/nested.xml"/>', "includes other files itself"),
    ('<xi:include href="tei/doc010_alpha.xml" xpointer="xpointer(/)"/>', "xpointer"),
])
def test_xinclude_resolves_only_inside_the_release(rel, tmp_path, include, msg):
    folder = shutil.copytree(rel.folder, tmp_path / "rel" / rel.folder.name)
    (tmp_path / "rel" / "outside.xml").write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0">secret</TEI>')
    (folder / "tei" / "link.xml").symlink_to(tmp_path / "rel" / "outside.xml")
    (folder / "tei" / "nested.xml").write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0" '
                                               'xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="../../outside.xml"/></TEI>')
    c = folder / "corpus.xml"
    c.write_text(c.read_text().replace("</teiCorpus>", include + "</teiCorpus>"))
    rep = verify(folder)
    assert not rep.ok
    found = [x for x in rep.problems if msg in x]
    assert found and found[0].startswith("corpus.xml") or "includes other files" in found[0], rep.problems
    assert not any("secret" in x or "root:" in x for x in rep.lines())


def test_xml_base_in_the_corpus_file_is_refused(rel, tmp_path):
    folder = shutil.copytree(rel.folder, tmp_path / rel.folder.name)
    c = folder / "corpus.xml"
    c.write_text(c.read_text().replace("<xi:include ", '<xi:include xml:base="/etc/" ', 1))
    assert any("xml:base" in x for x in verify(folder).problems)


# -- XML and JSON limits --------------------------------------------------------------------------
def test_300k_nested_divs_are_refused_by_the_parser(rel, tmp_path):
    folder = shutil.copytree(rel.folder, tmp_path / rel.folder.name)
    deep = b'<TEI xmlns="http://www.tei-c.org/ns/1.0">' + b"<div>" * 300_000 + b"</div>" * 300_000 + b"</TEI>"
    (folder / "tei" / "doc010_alpha.xml").write_bytes(deep)
    _regenerate(folder)
    rep = verify(folder)
    assert any("tei/doc010_alpha.xml" in x and "depth" in x.lower() for x in rep.problems), rep.problems[:5]


def test_deeply_nested_json_is_a_problem_not_a_traceback(rel, tmp_path):
    folder = shutil.copytree(rel.folder, tmp_path / rel.folder.name)
    (folder / "json" / "doc010_alpha.json").write_text("[" * 100_000 + "]" * 100_000)
    (folder / "annotations" / "doc010_alpha").mkdir(parents=True)
    (folder / "annotations" / "doc010_alpha" / "lead.json").write_text('{"a": ' * 50_000 + "1" + "}" * 50_000)
    _regenerate(folder)
    rep = verify(folder)
    assert any("json/doc010_alpha.json" in x and "nested too deeply" in x for x in rep.problems), rep.problems
    assert any("lead.json" in x for x in rep.problems)


# -- the header against the JSON ------------------------------------------------------------------
def test_a_changed_tei_title_fails_even_with_regenerated_manifests(rel, tmp_path):
    folder = shutil.copytree(rel.folder, tmp_path / rel.folder.name)
    p = folder / "tei" / "doc010_alpha.xml"
    title = "انسحاب القوات الأجنبية من العراق"
    xml = p.read_text(encoding="utf-8")
    head, sep, body = xml.partition("</teiHeader>")
    p.write_text(head.replace(title, "عنوان مزور") + sep + body, encoding="utf-8")
    _regenerate(folder)
    rep = verify(folder)
    assert not (rep.changed or rep.missing or rep.extra)
    assert any("tei/doc010_alpha.xml: header title (titleStmt) is 'عنوان مزور'" in x for x in rep.problems), rep.problems


# -- scratch folders ------------------------------------------------------------------------------
_SLOW_VERIFY = """
import sys, time
from corpus.release import verify as v
def slow(folder, **kw):
    print("unpacked", flush=True)
    time.sleep(60)
v.content_problems = slow
v.verify(sys.argv[1])
"""


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_signalled_verify_removes_its_scratch_folder(rel, tmp_path, sig):
    env = {**os.environ, "PYTHONPATH": str(SRC), "TMPDIR": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_VERIFY, str(rel.archive)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, text=True)
    assert proc.stdout.readline().strip() == "unpacked"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("corpus-verify-")]
    proc.send_signal(sig)
    proc.wait(timeout=30)
    assert proc.returncode != 0
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("corpus-verify-")]


def test_a_killed_verify_s_folder_is_swept_by_the_next(rel, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(SRC), "TMPDIR": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_VERIFY, str(rel.archive)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, text=True)
    assert proc.stdout.readline().strip() == "unpacked"
    proc.kill()
    proc.wait(timeout=30)
    left = [p for p in tmp_path.iterdir() if p.name.startswith("corpus-verify-")]
    assert left, "SIGKILL cannot be caught: the folder stays until the next run"
    assert scratch.sweep("verify", tmp_path) == left
    assert not left[0].exists()


def test_scratch_folder_goes_on_error_and_keeps_live_ones(tmp_path):
    with pytest.raises(RuntimeError):
        with scratch.folder("t", tmp_path) as d:
            (d / "x").write_text("x")
            raise RuntimeError
    assert not list(tmp_path.iterdir())
    live = tmp_path / f"corpus-t-{os.getpid()}-abc"
    live.mkdir()
    assert scratch.sweep("t", tmp_path) == [] and live.exists()


def test_verify_of_the_genuine_archive_still_passes(rel):
    rep = verify(rel.archive)
    assert rep.ok, rep.lines()
    assert rep.sha256 == rel.sha256


def test_changed_header_metadata_fails(rel, tmp_path):
    folder = shutil.copytree(rel.folder, tmp_path / rel.folder.name)
    p = folder / "tei" / "doc011_beta.xml"
    xml = p.read_text(encoding="utf-8")
    assert 'type="sha256">' in xml
    head, sep, body = xml.partition("</teiHeader>")
    sha = json.loads((folder / "json" / "doc011_beta.json").read_text(encoding="utf-8"))["source"]["sha256"]
    p.write_text(head.replace(sha, "0" * 64) + sep + body, encoding="utf-8")
    _regenerate(folder)
    assert any("header raw file SHA-256" in x for x in verify(folder).problems)


def test_header_check_reads_the_real_seeds_release_metadata():
    """On real documents (with dates and metadata notes) the header agrees with the JSON."""
    from corpus.document import pipeline
    from corpus.release.verify import header_problems
    from corpus.tei import export as tei

    for seed in sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt")):
        doc = pipeline.process_file(seed)
        xml = tei.export(doc, {})
        assert header_problems(xml, doc, "x.xml") == [], seed.name
        if doc.metadata:
            key = sorted(doc.metadata)[0]
            m = doc.metadata[key]
            forged = xml.replace(f'"{m.value}"'.encode(), b'"forged"', 1)
            if forged != xml:
                assert any(key in x for x in header_problems(forged, doc, "x.xml"))


def test_chained_headers_add_up_to_the_header_limit(tmp_path):
    """Many pax headers in front of one member, each small: together over the limit."""
    import gzip

    pax = b""
    for i in range(40):
        ti = tarfile.TarInfo("././@PaxHeader")
        rec = f"comment={'c' * 200}".encode()
        body = b"%d %s\n" % (len(rec) + 5, rec)  # length field counts itself (3 digits + space + newline)
        ti.type, ti.size = tarfile.XHDTYPE, len(body)
        pax += ti.tobuf(format=tarfile.USTAR_FORMAT) + body + b"\0" * (-len(body) % 512)
    data = header("r", kind=tarfile.DIRTYPE) + pax + header("r/a") + b"\0" * 1024
    p = tmp_path / "chain.tar.gz"
    p.write_bytes(gzip.compress(data, mtime=0))
    with pytest.raises(InputError, match="headers of one entry are over the limit of 4096 bytes"):
        verify(p, content=False, limits=archive.Limits(header=4096))
