"""Fuzzing with hostile release archives and hostile annotation files (issue 12).

Every example asserts: no traceback (only the tool's CorpusError subclasses, or a report), a named
error, nothing written outside the target, bounded memory.  CI runs a modest number of examples; set
CORPUS_FUZZ_EXAMPLES (e.g. 3000) for a long run."""
from __future__ import annotations

import io
import json
import os
import tarfile
import tempfile
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus import jsonio
from corpus.build import guard
from corpus.errors import CorpusError
from corpus.release import archive
from corpus.release.make import Project, release
from corpus.release.verify import content_problems, verify
from corpus.standoff import check

from hostile_archives import MiB, header, zero_bomb
from release_fixtures import FakeBuild, make_project

ROOT = Path(__file__).resolve().parents[1]
_LONG = os.environ.get("CORPUS_FUZZ_EXAMPLES")


def fuzz(ci_examples: int):
    """Hypothesis settings: `ci_examples` in the test suite, CORPUS_FUZZ_EXAMPLES for a long run."""
    return settings(max_examples=int(_LONG) if _LONG else ci_examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large])

SMALL = archive.Limits(member=256 * 1024, total=2 * MiB, ratio=400, files=300)


@pytest.fixture(scope="module")
def genuine(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("fz"))
    res = release("0.1.0", Project(root=root), builder=FakeBuild(), checker=content_problems)
    return archive.read_tar_gz(res.archive)


# -- hostile archives ------------------------------------------------------------------------------
NAME_PARTS = st.one_of(
    st.sampled_from(["json", "tei", "annotations", "corpus.xml", "corpus.json", "MANIFEST.sha256",
                     "manifest.json", "doc010_alpha.json", "doc010_alpha.xml", "..", ".", "", "a" * 300,
                     "x\ny", "\\", "ملف"]),
    st.text(min_size=1, max_size=12))
KINDS = st.sampled_from([tarfile.REGTYPE, tarfile.REGTYPE, tarfile.REGTYPE, tarfile.DIRTYPE, tarfile.SYMTYPE,
                         tarfile.LNKTYPE, tarfile.FIFOTYPE, tarfile.CHRTYPE, tarfile.CONTTYPE, b"x"])


@st.composite
def hostile_archive(draw, genuine_files):
    """Bytes of a tar or tar.gz: a genuine release mutated (members dropped, duplicated, renamed,
    corrupted, retyped; manifests regenerated or forged) plus random members."""
    top, files = genuine_files
    top = draw(st.sampled_from([top] * 12 + ["", "/abs", "..", "x" * 260]))
    entries = [(f"{top}/{p}", b, tarfile.REGTYPE) for p, b in sorted(files.items())]
    for _ in range(draw(st.sampled_from([0, 1, 1, 1, 2, 2, 3, 5]))):
        op = draw(st.sampled_from(["drop", "dup", "rename", "corrupt", "retype", "random", "truncate_json",
                                   "regen", "regen", "regen", "manifest_dup", "deep"]))
        if op == "drop" and entries:
            entries.pop(draw(st.integers(0, len(entries) - 1)))
        elif op == "dup" and entries:
            i = draw(st.integers(0, len(entries) - 1))
            n, b, k = entries[i]
            entries.insert(draw(st.integers(0, len(entries))), (n, draw(st.binary(max_size=64)) + b, k))
        elif op == "rename" and entries:
            i = draw(st.integers(0, len(entries) - 1))
            entries[i] = ("/".join(draw(st.lists(NAME_PARTS, min_size=1, max_size=4))),) + entries[i][1:]
        elif op == "corrupt" and entries:
            i = draw(st.integers(0, len(entries) - 1))
            n, b, k = entries[i]
            pos = draw(st.integers(0, max(0, len(b) - 1)))
            entries[i] = (n, b[:pos] + draw(st.binary(min_size=1, max_size=8)) + b[pos + 1:], k)
        elif op == "retype" and entries:
            i = draw(st.integers(0, len(entries) - 1))
            entries[i] = entries[i][:2] + (draw(KINDS),)
        elif op == "random":
            name = "/".join(draw(st.lists(NAME_PARTS, min_size=1, max_size=4)))
            entries.insert(draw(st.integers(0, len(entries))), (name, draw(st.binary(max_size=300)), draw(KINDS)))
        elif op == "truncate_json":
            for i, (n, b, k) in enumerate(entries):
                if n.endswith(".json") or n.endswith(".xml"):
                    entries[i] = (n, b[: draw(st.integers(0, len(b)))], k)
                    break
        elif op == "deep":
            entries.append((f"{top}/tei/deep.xml", b"<TEI>" + b"<div>" * 3000 + b"</div>" * 3000 + b"</TEI>",
                            tarfile.REGTYPE))
        elif op in ("regen", "manifest_dup"):
            regular = {n.split("/", 1)[1]: b for n, b, k in entries if k == tarfile.REGTYPE and "/" in n}
            regen = archive.with_manifests(regular, {})
            m = regen[archive.MANIFEST]
            if op == "manifest_dup":
                first = m.split(b"\n", 1)[0]
                m = (b"0" * 64 + first[64:] + b"\n") + m
            entries = [e for e in entries if not e[0].endswith((archive.MANIFEST, archive.MANIFEST_JSON))]
            entries += [(f"{top}/{archive.MANIFEST_JSON}", regen[archive.MANIFEST_JSON], tarfile.REGTYPE),
                        (f"{top}/{archive.MANIFEST}", m, tarfile.REGTYPE)]
    if draw(st.booleans()):
        entries.insert(0, (top, None, tarfile.DIRTYPE))
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=draw(st.sampled_from(
            [tarfile.PAX_FORMAT, tarfile.GNU_FORMAT, tarfile.USTAR_FORMAT]))) as tar:
        for name, data, kind in entries:
            ti = tarfile.TarInfo(name)
            ti.type = kind
            if kind in (tarfile.SYMTYPE, tarfile.LNKTYPE):
                ti.linkname = "/etc/passwd"
            try:
                if kind in (tarfile.REGTYPE, tarfile.CONTTYPE, b"x") and data is not None:
                    ti.size = len(data)
                    tar.addfile(ti, io.BytesIO(data))
                else:
                    tar.addfile(ti)
            except ValueError:  # a name the chosen tar format cannot store
                continue
    raw = buf.getvalue()
    how = draw(st.sampled_from(["gz"] * 6 + ["tar", "tar", "cut", "garbage"]))
    if how == "gz":
        import gzip

        return gzip.compress(raw, mtime=0)
    if how == "cut":
        import gzip

        z = gzip.compress(raw, mtime=0)
        return z[: draw(st.integers(0, len(z)))]
    if how == "garbage":
        return draw(st.binary(max_size=2048))
    return raw


def _snapshot(folder: Path) -> set[str]:
    return {str(p) for p in folder.rglob("*")}


def test_fuzz_hostile_archives(genuine, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    scratch_parent = tmp_path / "tmp"
    scratch_parent.mkdir()
    seen = {"refused": 0, "reported": 0, "ok": 0}

    @fuzz(25)
    @given(data=hostile_archive(genuine), content=st.booleans())
    def run(data, content):
        path = outside / "h.tar.gz"
        path.write_bytes(data)
        before = _snapshot(tmp_path)
        old = tempfile.tempdir
        tempfile.tempdir = str(scratch_parent)
        tracemalloc.start()
        try:
            rep = verify(path, content=content, limits=SMALL)
            seen["ok" if rep.ok else "reported"] += 1
            assert rep.ok or rep.lines()
        except CorpusError as exc:
            seen["refused"] += 1
            assert exc.where and exc.message  # a named error
        finally:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            tempfile.tempdir = old
        assert peak < 64 * MiB
        assert _snapshot(tmp_path) == before, "verify wrote outside its scratch folder, or left it behind"

    try:
        run()
    finally:
        print("hostile archives:", seen)


def test_fuzz_bombs_are_refused_with_flat_memory(tmp_path):
    @fuzz(8)
    @given(size=st.integers(2, 24), name=st.sampled_from(["json/a.json", "tei/a.xml", "corpus.xml"]),
           limit=st.sampled_from(["member", "total", "ratio"]))
    def run(size, name, limit):  # (sizes from 2 MiB: under 1 MiB the ratio limit does not apply)
        p = tmp_path / "b.tar.gz"
        zero_bomb(p, size * MiB, name=name, before=header("r/x", 0))
        limits = {"member": archive.Limits(member=MiB // 2, ratio=1e9),
                  "total": archive.Limits(total=MiB // 2, ratio=1e9),
                  "ratio": archive.Limits(ratio=2)}[limit]
        tracemalloc.start()
        try:
            with pytest.raises(CorpusError, match=f"r/{name}"):
                verify(p, content=True, limits=limits)
        finally:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        assert peak < 8 * MiB

    run()


# -- hostile annotation files ------------------------------------------------------------------------
DOC_ID = "doc002_b4a12e420ae2588d"

JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=False),
                         st.sampled_from([0.0, 1.0, -1, 10**9, "", "t1", "p1", "a0001", DOC_ID, "../../x",
                                          "نص", "\u202e", "x" * 500]),
                         st.text(max_size=20))
JSON_VALUES = st.recursive(JSON_SCALARS, lambda kids: st.one_of(st.lists(kids, max_size=4),
                                                               st.dictionaries(st.text(max_size=8), kids, max_size=4)),
                           max_leaves=12)


@st.composite
def hostile_annotation_text(draw, base: dict):
    d = json.loads(json.dumps(base))
    anns = d["annotations"]
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["target", "attr", "id", "drop", "add_key", "top", "dup_ann", "type",
                                   "note", "remove", "remove", "speaker_ok", "nest"]))
        a = anns[draw(st.integers(0, len(anns) - 1))] if anns else None
        if op == "target" and a and isinstance(a.get("target"), dict):
            key = draw(st.sampled_from(["block", "start", "end", "quote", "prefix", "suffix", "end_block"]))
            a["target"][key] = draw(st.one_of(JSON_SCALARS, st.integers(-5, 400),
                                              st.sampled_from(["t1", "p1", "p2", "c1.p1", "nope"])))
        elif op == "attr" and a and isinstance(a.get("attributes", {}), dict):
            a.setdefault("attributes", {})[draw(st.sampled_from(["ref", "speaker", "when", "stance", "x"]))] = \
                draw(st.one_of(st.sampled_from(["a0020", "iraq", "baghdad", "a0001", "2021", "neutral", "nope"]),
                               JSON_SCALARS))
        elif op == "id" and a:
            a["id"] = draw(st.sampled_from([str(x.get("id")) for x in anns] + ["", "1x", "a9999"]))
        elif op == "type" and a:
            a["type"] = draw(st.sampled_from(["PER", "ORG", "GPE", "LOC", "DATE", "TIME", "QUOTE", "STANCE", "X"]))
        elif op == "drop" and a:
            if draw(st.booleans()):
                anns.remove(a)
            else:
                a.pop(draw(st.sampled_from(["id", "type", "target"])), None)
        elif op == "add_key" and a:
            a[draw(st.text(max_size=6))] = draw(JSON_VALUES)
        elif op == "top":
            d[draw(st.sampled_from(["document", "text_sha256", "annotator", "format_version", "annotations",
                                    "note", "extra"]))] = draw(JSON_VALUES)
        elif op == "dup_ann" and a:
            anns.append(json.loads(json.dumps(a)))
        elif op == "note" and a:
            a["note"] = draw(st.text(min_size=1, max_size=30))
        elif op == "remove" and a:
            anns.remove(a)
            for x in anns:  # keep speakers pointing at annotations that exist
                if a.get("id") is not None and isinstance(x.get("attributes"), dict) \
                        and x["attributes"].get("speaker") == a.get("id"):
                    x["attributes"].pop("speaker", None)
        elif op == "speaker_ok" and a and a.get("type") == "QUOTE":
            a["attributes"] = {"speaker": draw(st.sampled_from(["a0020", "a0033", "sudani", "a0043"]))}
        elif op == "nest" and a and anns:
            # a second span on the same words or crossing them: inline vs stand-off placement
            b = json.loads(json.dumps(draw(st.sampled_from(anns))))
            b["id"] = f"a{9000 + len(anns)}"
            b["type"] = draw(st.sampled_from(["PER", "ORG", "GPE", "LOC", "DATE", "QUOTE", "STANCE"]))
            b["attributes"] = {"DATE": {"when": "2021"}, "STANCE": {"stance": "neutral"}}.get(b["type"], {})
            anns.append(b)
    text = json.dumps(d, ensure_ascii=False)
    tail = draw(st.sampled_from([""] * 8 + ["dupkey", "deep", "cut", "bom"]))
    if tail == "dupkey":
        text = text[:-1] + ', "annotator": "lead"}'
    elif tail == "deep":
        text = text[:-1] + ', "note": ' + "[" * 3000 + "]" * 3000 + "}"
    elif tail == "cut":
        text = text[: draw(st.integers(0, len(text)))]
    elif tail == "bom":
        text = "\ufeff" + text
    return text


@pytest.fixture(scope="module")
def doc002():
    from corpus.document import pipeline

    return pipeline.process_file(ROOT / "seeds" / "002_b4a12e420ae2588d.txt")


def test_fuzz_hostile_annotation_files(doc002, tmp_path):
    from corpus.tei import annotations as tei_markup
    from corpus.tei import export as tei

    base = jsonio.read_json(ROOT / "annotations" / DOC_ID / "lead.json")
    ann_dir = tmp_path / "proj" / "annotations"
    (ann_dir / DOC_ID).mkdir(parents=True)
    (tmp_path / "proj" / "corpus.json").write_text((ROOT / "corpus.json").read_text())
    (ann_dir / "entities.json").write_bytes((ROOT / "annotations" / "entities.json").read_bytes())
    path = ann_dir / DOC_ID / "lead.json"
    seen = {"refused": 0, "exported": 0}

    @fuzz(12)
    @given(text=hostile_annotation_text(base))
    def run(text):
        path.write_text(text, encoding="utf-8")
        before = _snapshot(tmp_path)
        tracemalloc.start()
        try:
            issues = check.check_file(path, doc=doc002)
            assert all(i.file and i.message and i.hint for i in issues)
            gate = guard.annotation_issues(doc002, ann_dir)
            if not gate:
                # what the gate lets through, the export carries without an error
                markup, n = tei_markup.markup_for_document(doc002, ann_dir)
                tei.export(doc002, {}, markup=markup)
                seen["exported"] += 1
            else:
                seen["refused"] += 1
                assert all(str(path) in g or "entities.json" in g for g in gate), gate
        finally:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        assert peak < 64 * MiB
        assert _snapshot(tmp_path) == before, "an annotation file was rewritten or a file written"

    try:
        run()
    finally:
        print("hostile annotation files:", seen)
