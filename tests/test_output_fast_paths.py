"""Fast paths of the build's output side give exactly what the plain code they replace gives.

reconstruct and semantic_problems (the accounting and span checks of `corpus validate` and of every
build) lost their per-line and per-span function calls in the plain case; the references below are
the code they replaced, kept here as the slow twins."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings, strategies as st

from corpus.document import pipeline, validate
from corpus.document.model import reconstruct as _reconstruct_for_reference
from corpus.text import raw as rawtext

from corpus.document.model import Block, Document, Removed, Source, Span, Whitespace, reconstruct
from corpus.text.raw import CharEdit, rebuild_line


def reference_reconstruct(doc: Document) -> str:
    from corpus.document.model import line_pieces

    pieces = line_pieces(doc)
    edits: dict[int, list[CharEdit]] = {}
    for e in doc.char_edits:
        edits.setdefault(e.line, []).append(e)
    nfc = dict(doc.nfc_lines)
    out = []
    for n in range(1, doc.source.line_count + 1):
        pos = 0
        parts = []
        for start, text in sorted(pieces.get(n, ())):
            if start != pos:
                raise ValueError(f"line {n}: {'gap' if start > pos else 'overlap'} at offset {min(start, pos)}")
            parts.append(text)
            pos = start + len(text)
        out.append(rebuild_line("".join(parts), edits.get(n, ()), nfc.get(n)))
        out.append(doc.source.ending(n))
    return "".join(out)


NAMES = ["LF", "CRLF", "CR", "NEL", "LS", "PS", "none"]
TEXT = st.text("ab \u200fك\u0651\r", max_size=4)


def _outcome(fn, doc):
    try:
        return fn(doc)
    except ValueError as exc:
        return ("ValueError", str(exc))


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 6), st.sampled_from(NAMES),
       st.lists(st.tuples(st.integers(1, 7), st.sampled_from(NAMES)), max_size=4),
       st.lists(st.tuples(st.integers(1, 7), st.integers(0, 6), TEXT, st.sampled_from(["b", "r", "w"])), max_size=10),
       st.lists(st.tuples(st.integers(1, 7), st.integers(0, 4), st.sampled_from(["\u200f", "\u00ad"])), max_size=4),
       st.lists(st.tuples(st.integers(1, 7), TEXT), max_size=3))
def test_reconstruct_equals_the_plain_loop(line_count, newline, endings, pieces, edits, nfc):
    blocks, removed, ws = [], [], []
    for i, (line, start, text, kind) in enumerate(pieces):
        span = Span(line, start, start + len(text))
        if kind == "b":
            blocks.append(Block(f"b{i}", "paragraph", text, span))
        elif kind == "r":
            removed.append(Removed(span, text, "rule", "why"))
        else:
            ws.append(Whitespace(line, start, text))
    src = Source("x.txt", "0" * 64, 10, False, newline, line_count, tuple(endings))
    doc = Document("doc_x", src, "generic", (), {}, tuple(blocks), (), tuple(removed), tuple(ws),
                   tuple(CharEdit(line, off, ch, "bidi") for line, off, ch in edits), tuple(nfc))
    assert _outcome(reconstruct, doc) == _outcome(reference_reconstruct, doc)


reconstruct_ = _reconstruct_for_reference  # the name the reference below uses


def reference_semantic_problems(doc, file, raw=None):
    """corpus.document.validate.semantic_problems before its plain cases went inline."""
    out = []

    def bad(path: str, message: str):
        out.append(validate.Problem(file, path, message))

    seen = {}
    located = [(f"$.article[{i}]", b) for i, b in enumerate(doc.article)]
    for ci, c in enumerate(doc.comments):
        if c.id in seen:
            bad(f"$.comments[{ci}].id", f"id {c.id!r} is used twice (first at {seen[c.id]})")
        seen.setdefault(c.id, f"$.comments[{ci}]")
        located += [(f"$.comments[{ci}].blocks[{bi}]", b) for bi, b in enumerate(c.blocks)]
    groups = {}
    for path, b in located:
        if b.id in seen:
            bad(f"{path}.id", f"id {b.id!r} is used twice (first at {seen[b.id]})")
        seen.setdefault(b.id, path)
        if b.src.end - b.src.start != len(b.text):
            bad(f"{path}.src", f"span {b.src.start}-{b.src.end} is {b.src.end - b.src.start} code points "
                f"but the text has {len(b.text)}")
        if b.group:
            groups.setdefault(b.group, []).append(b.role)
    for g, roles in sorted(groups.items()):
        if "caption" not in roles and "credit" not in roles:
            bad("$.article", f"group {g!r} has neither a caption nor a credit")
    for path, b in located:
        if b.src.line > doc.source.line_count:
            bad(f"{path}.src.line", f"line {b.src.line} is past the end of the file ({doc.source.line_count} lines)")
    if raw is not None:
        if raw.sha256 != doc.source.sha256:
            bad("$.source.sha256", f"the raw file's SHA-256 is {raw.sha256}, the document says {doc.source.sha256}")
            return out
        for path, b in located:
            validate._check_span(bad, f"{path}.src", raw, b.src, b.text)
        for k, m in sorted(doc.metadata.items()):
            validate._check_span(bad, f"$.metadata.{k}.src", raw, m.src, m.text)
        for i, r in enumerate(doc.removed):
            validate._check_span(bad, f"$.removed[{i}].src", raw, r.src, r.text)
        try:
            rebuilt = reconstruct_(doc)
        except ValueError as exc:
            bad("$", f"the document does not account for every character: {exc}")
        else:
            expected = "".join((ln.nfc_original if ln.nfc_original is not None else validate._with_edits(ln)) + ln.ending
                               for ln in raw.lines)
            if rebuilt != expected:
                n = next((i for i, (a, b) in enumerate(zip(rebuilt, expected)) if a != b), min(len(rebuilt), len(expected)))
                line = expected.count("\n", 0, n) + 1
                bad("$", f"kept + removed text differs from the raw file near line {line} (character {n})")
    return out


SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
RAWS = [rawtext.read(p) for p in SEEDS[:4]]
DOCS = [pipeline.process(r) for r in RAWS]


@settings(max_examples=200, deadline=None)
@given(st.integers(0, len(DOCS) - 1), st.data(),
       st.lists(st.tuples(st.sampled_from(["article", "removed", "metadata"]), st.integers(0, 10 ** 6),
                          st.sampled_from(["line", "start", "end", "text"]), st.integers(-2, 400), TEXT), max_size=3))
def test_semantic_problems_equal_the_plain_loop(i, data, edits):
    import dataclasses

    doc, raw = DOCS[i], RAWS[i]
    for where, k, field, number, text in edits:
        items = {"article": list(doc.article), "removed": list(doc.removed),
                 "metadata": [doc.metadata[m] for m in sorted(doc.metadata)]}[where]
        if not items:
            continue
        j = k % len(items)
        item = items[j]
        if field == "text":
            item = dataclasses.replace(item, text=item.text[:1] + text)
        else:
            item = dataclasses.replace(item, src=dataclasses.replace(item.src, **{field: number}))
        if where == "article":
            doc = dataclasses.replace(doc, article=tuple(items[:j] + [item] + items[j + 1:]))
        elif where == "removed":
            doc = dataclasses.replace(doc, removed=tuple(items[:j] + [item] + items[j + 1:]))
        else:
            key = sorted(doc.metadata)[j]
            doc = dataclasses.replace(doc, metadata={**doc.metadata, key: item})
    assert validate.semantic_problems(doc, "f", raw) == reference_semantic_problems(doc, "f", raw)
    assert validate.semantic_problems(doc, "f") == reference_semantic_problems(doc, "f")


# -- atomic writes: no fchmod under the usual umask, the pid read once ----------------------------


def _write_under_umask(mask: int, folder: Path) -> int:
    """The mode a file written by atomic_write_bytes gets in a child process whose umask is ``mask``."""
    import os
    import subprocess
    import sys

    code = ("import os, sys; os.umask(int(sys.argv[2], 8)); from corpus import jsonio; "
            "jsonio.atomic_write_bytes(sys.argv[1], b'x', fsync=False); "
            "print(oct(os.stat(sys.argv[1]).st_mode & 0o7777), jsonio._temp_mode()[1])")
    out = subprocess.run([sys.executable, "-c", code, str(folder / f"f{mask:o}"), f"{mask:o}"],
                         capture_output=True, text=True, check=True).stdout.split()
    return int(out[0], 8), out[1] == "True"


def test_atomic_writes_are_0644_whatever_the_umask(tmp_path):
    # 022 and 002 take no bit of 0644: created 0644, no fchmod; 077 and 027 do: fchmod'ed to 0644
    assert _write_under_umask(0o022, tmp_path) == (0o644, False)
    assert _write_under_umask(0o002, tmp_path) == (0o644, False)
    assert _write_under_umask(0o077, tmp_path) == (0o644, True)
    assert _write_under_umask(0o027, tmp_path) == (0o644, True)


def test_a_forked_child_names_its_temp_files_by_its_own_pid(tmp_path):
    import os

    from corpus import jsonio

    if not hasattr(os, "fork"):
        return
    pid = os.fork()
    if pid == 0:
        ok = jsonio._PID[0] == os.getpid()
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert jsonio._PID[0] == os.getpid()
