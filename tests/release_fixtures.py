"""Small hand-built projects for the release tests: real raw files, real Documents, a fake build."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from corpus import jsonio
from corpus.text import raw as rawtext
from corpus.document.model import Block, Comment, Document, Meta, Source, Span, doc_id_for

ROOT = Path(__file__).resolve().parents[1]

TEXTS = {
    "010_alpha.txt": ["انسحاب القوات الأجنبية من العراق", "قال المتحدث إن الانسحاب سيبدأ قريبا.",
                      "وأضاف أن بغداد ترحب بالقرار."],
    "011_beta.txt": ["كتائب حزب الله تصدر بيانا", "أصدرت الكتائب بيانا حول الوجود الأجنبي.",
                     "تعليق القارئ: نريد السيادة الكاملة"],
}


def make_doc(name: str, lines: list[str]) -> tuple[bytes, Document]:
    data = ("\n".join(lines) + "\n").encode("utf-8")
    raw = rawtext.decode(data, name)
    roles = ["title"] + ["paragraph"] * (len(lines) - 1)
    blocks = [Block(f"b{i + 1}", roles[i], ln.text, Span(ln.number, 0, len(ln.text)))
              for i, ln in enumerate(raw.lines) if ln.text]
    comments = ()
    if "تعليق" in lines[-1]:
        last = blocks.pop()
        comments = (Comment("c1", (Block("c1.p1", "comment-paragraph", last.text, last.src),)),)
    title = blocks[0]
    meta = {"title": Meta(title.text, title.text, title.src, "test")}
    doc = Document(doc_id_for(name), Source.of(raw), "generic", (), meta, tuple(blocks), comments, ())
    return data, doc


class FakeBuild:
    """Stands in for corpus.build.build_corpus: writes json/ and tei/ for the project's seeds."""

    def __init__(self, ok: bool = True, mutate=None):
        self.ok, self.mutate = ok, mutate

    def __call__(self, seeds_dir, out_dir, *, annotations_dir=None, config=None, jobs=1):
        from corpus.tei import export as tei

        out = Path(out_dir)
        for p in sorted(Path(seeds_dir).glob("*.txt")):
            _, doc = make_doc(p.name, p.read_text(encoding="utf-8").splitlines())
            d = doc.to_dict()
            if self.mutate:
                d = self.mutate(d)
            jsonio.write_json(out / "json" / f"{doc.id}.json", d)
            jsonio.atomic_write_bytes(out / "tei" / f"{doc.id}.xml", tei.export(Document.from_dict(d), config))
        return _Report(self.ok)


class _Report:
    def __init__(self, ok):
        self.ok = ok
        self.documents = [] if ok else [_Failed()]


class _Failed:
    ok, file, error, problems = False, "010_alpha.txt", "the document fails validation", ["$.article[0]: bad"]


def make_project(tmp: Path, version: str = "0.1.0", date: str = "2026-11-25", texts=None) -> Path:
    root = tmp / "proj"
    (root / "seeds").mkdir(parents=True)
    for name, lines in (texts or TEXTS).items():
        data, _ = make_doc(name, lines)
        (root / "seeds" / name).write_bytes(data)
    cfg = json.loads((ROOT / "corpus.json").read_text(encoding="utf-8"))
    cfg.update(version=version, release_date=date)
    jsonio.write_json(root / "corpus.json", cfg)
    set_version(root, version, date)
    (root / "docs").mkdir()
    (root / "docs" / "versioning.md").write_text("# Versioning\n", encoding="utf-8")
    return root


def set_version(root: Path, version: str, date: str = "2026-11-25") -> None:
    cfg = json.loads((root / "corpus.json").read_text(encoding="utf-8"))
    cfg.update(version=version, release_date=date)
    jsonio.write_json(root / "corpus.json", cfg)
    log = root / "CHANGELOG.md"
    old = log.read_text(encoding="utf-8") if log.exists() else "# Changelog\n\n## [Unreleased]\n"
    head, _, rest = old.partition("## [Unreleased]\n")
    log.write_text(f"{head}## [Unreleased]\n\n## [{version}] - {date}\n\n### Changed\n- Release {version}.\n{rest}",
                   encoding="utf-8")


def copy_tree(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst
