"""`corpus diff OLD NEW`: what changed between two releases, and the semantic-version step it needs.

Policy (docs/versioning.md): a change to the text or to an id people cite (document, block, annotation,
entity) is MAJOR; new documents or annotations, and revised annotations, are MINOR; metadata and
encoding fixes that leave text, ids and annotations alone are PATCH.  Files that change with every
release by construction (manifests, README, CITATION.cff, CHANGELOG.md, corpus.xml, the version and
date in corpus.json) are not compared."""
from __future__ import annotations

import difflib
import posixpath
from dataclasses import dataclass, field

from corpus.release.semver import LEVELS

DERIVED = {"MANIFEST.sha256", "manifest.json", "README.md", "CITATION.cff", "CHANGELOG.md", "corpus.xml"}
PER_RELEASE_KEYS = {"version", "release_date", "doi"}
CONTEXT = 12


@dataclass(frozen=True)
class Change:
    level: str  # major | minor | patch
    kind: str
    where: str
    detail: str = ""

    def format(self) -> str:
        return f"{self.level.upper()} {self.kind} {self.where}" + (f": {self.detail}" if self.detail else "")

    def to_dict(self) -> dict:
        return {"level": self.level, "kind": self.kind, "where": self.where, "detail": self.detail}


@dataclass
class Diff:
    changes: list[Change] = field(default_factory=list)

    @property
    def needed(self) -> str:
        return max((c.level for c in self.changes), key=LEVELS.index, default="none")

    def add(self, level, kind, where, detail=""):
        self.changes.append(Change(level, kind, where, detail))

    def to_dict(self) -> dict:
        return {"needed": self.needed, "changes": [c.to_dict() for c in self.changes]}


def _json(files: dict[str, bytes], path: str):
    from corpus import jsonio

    return jsonio.parse(files[path].decode("utf-8", errors="replace"), path)


def _ctx(s: str, i: int, j: int) -> str:
    return s[max(0, i - CONTEXT):i] + "⟦" + s[i:j] + "⟧" + s[j:j + CONTEXT]


def text_changes(old: str, new: str) -> list[str]:
    """Where two texts differ: code-point ranges in the old text with a little context."""
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            out.append(f"{tag} at {i1}-{i2}: {_ctx(old, i1, i2)!r} -> {_ctx(new, j1, j2)!r}")
    return out


def _blocks(doc: dict) -> list[dict]:
    return list(doc.get("article", ())) + [b for c in doc.get("comments", ()) for b in c.get("blocks", ())]


def diff_document(d: Diff, doc_id: str, old: dict, new: dict) -> bool:
    """Compare two versions of one document JSON; True if anything changed."""
    n = len(d.changes)
    ob, nb = {b["id"]: b for b in _blocks(old)}, {b["id"]: b for b in _blocks(new)}
    for bid in sorted(ob.keys() - nb.keys()):
        d.add("major", "block-removed", f"{doc_id}/{bid}", repr(ob[bid]["text"][:40]))
    for bid in sorted(nb.keys() - ob.keys()):
        d.add("major", "block-added", f"{doc_id}/{bid}", repr(nb[bid]["text"][:40]))
    for bid in [b["id"] for b in _blocks(old) if b["id"] in nb]:
        a, b = ob[bid], nb[bid]
        if a["text"] != b["text"]:
            d.add("major", "text-changed", f"{doc_id}/{bid}", "; ".join(text_changes(a["text"], b["text"])))
        if a["role"] != b["role"]:
            d.add("major", "role-changed", f"{doc_id}/{bid}", f"{a['role']} -> {b['role']}")
        if a.get("group") != b.get("group"):
            d.add("minor", "figure-changed", f"{doc_id}/{bid}", f"group {a.get('group')} -> {b.get('group')}")
    order_o = [b["id"] for b in _blocks(old) if b["id"] in nb]
    order_n = [b["id"] for b in _blocks(new) if b["id"] in ob]
    if order_o != order_n:
        d.add("major", "order-changed", doc_id, "blocks are in a different reading order")
    oc = [[b["id"] for b in c["blocks"]] for c in old.get("comments", ())]
    nc = [[b["id"] for b in c["blocks"]] for c in new.get("comments", ())]
    if [c["id"] for c in old.get("comments", ())] != [c["id"] for c in new.get("comments", ())] or oc != nc:
        d.add("major", "comments-changed", doc_id, "reader comments were split, merged or renamed differently")
    om, nm = old.get("metadata", {}), new.get("metadata", {})
    for k in sorted(om.keys() | nm.keys()):
        if om.get(k) != nm.get(k):
            show = lambda m: "absent" if m is None else repr(m.get("value"))
            d.add("patch", "metadata-changed", f"{doc_id}#{k}", f"{show(om.get(k))} -> {show(nm.get(k))}")
    for k in ("source", "profile", "removed", "whitespace", "char_edits", "nfc_lines", "schema_version"):
        if old.get(k) != new.get(k) and len(d.changes) == n:
            d.add("patch", "provenance-changed", f"{doc_id}#{k}", "cleaning record changed, text unchanged")
    return len(d.changes) > n


def _ann_items(data) -> dict[str, dict]:
    items = data.get("annotations", ()) if isinstance(data, dict) else ()
    return {a["id"]: a for a in items if isinstance(a, dict) and "id" in a}


def _entities(data) -> dict[str, dict]:
    items = data.get("entities", ()) if isinstance(data, dict) else data if isinstance(data, list) else ()
    return {e["id"]: e for e in items if isinstance(e, dict) and "id" in e}


def diff(old: dict[str, bytes], new: dict[str, bytes]) -> Diff:
    """Compare two releases given as ``relative path -> bytes`` (see archive.read_release)."""
    d = Diff()
    docs_o = {p[5:-5] for p in old if p.startswith("json/") and p.endswith(".json")}
    docs_n = {p[5:-5] for p in new if p.startswith("json/") and p.endswith(".json")}
    for doc in sorted(docs_o - docs_n):
        d.add("major", "document-removed", doc)
    for doc in sorted(docs_n - docs_o):
        d.add("minor", "document-added", doc)
    changed_docs = set()
    for doc in sorted(docs_o & docs_n):
        p = f"json/{doc}.json"
        if old[p] != new[p] and diff_document(d, doc, _json(old, p), _json(new, p)):
            changed_docs.add(doc)

    ann_o = {p for p in old if p.startswith("annotations/") and p.count("/") == 2}
    ann_n = {p for p in new if p.startswith("annotations/") and p.count("/") == 2}
    for p in sorted(ann_o | ann_n):
        a = _ann_items(_json(old, p)) if p in ann_o else {}
        b = _ann_items(_json(new, p)) if p in ann_n else {}
        where = p[len("annotations/"):-len(".json")]
        if a != b:
            changed_docs.add(where.split("/")[0])
        for i in sorted(a.keys() - b.keys()):
            d.add("major", "annotation-removed", f"{where}#{i}", str(a[i].get("type", "")))
        for i in sorted(b.keys() - a.keys()):
            d.add("minor", "annotation-added", f"{where}#{i}", str(b[i].get("type", "")))
        for i in sorted(a.keys() & b.keys()):
            if a[i] != b[i]:
                keys = sorted(k for k in a[i].keys() | b[i].keys() if a[i].get(k) != b[i].get(k))
                d.add("minor", "annotation-changed", f"{where}#{i}", ", ".join(keys))
        if p in ann_o and p in ann_n and a == b and old[p] != new[p]:
            d.add("patch", "annotation-file-changed", where, "file header changed, annotations unchanged")

    reg = "annotations/entities.json"
    if reg in old or reg in new:
        a = _entities(_json(old, reg)) if reg in old else {}
        b = _entities(_json(new, reg)) if reg in new else {}
        for i in sorted(a.keys() - b.keys()):
            d.add("major", "entity-removed", i)
        for i in sorted(b.keys() - a.keys()):
            d.add("minor", "entity-added", i)
        for i in sorted(a.keys() & b.keys()):
            if a[i] != b[i]:
                d.add("patch", "entity-changed", i, ", ".join(sorted(k for k in a[i].keys() | b[i].keys()
                                                                    if a[i].get(k) != b[i].get(k))))

    if "corpus.json" in old and "corpus.json" in new:
        co, cn = _json(old, "corpus.json"), _json(new, "corpus.json")
        for k in sorted((co.keys() | cn.keys()) - PER_RELEASE_KEYS):
            if co.get(k) != cn.get(k):
                d.add("patch", "corpus-metadata-changed", f"corpus.json#{k}")

    seen = {f"json/{x}.json" for x in docs_o | docs_n} | ann_o | ann_n | {reg, "corpus.json"} | DERIVED
    for p in sorted((old.keys() | new.keys()) - seen):
        if p.startswith("tei/"):
            doc = posixpath.basename(p)[:-4]
            if doc in changed_docs or doc in docs_o ^ docs_n:
                continue  # already reported through its JSON
            level, kind = "patch", "tei-encoding-changed"
        else:
            level, kind = "patch", "file-changed"
        if p not in old:
            d.add(level, kind, p, "added")
        elif p not in new:
            d.add(level, kind, p, "removed")
        elif old[p] != new[p]:
            d.add(level, kind, p)
    return d
