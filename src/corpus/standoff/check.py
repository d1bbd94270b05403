"""Check an annotation file against its schema, its document and the entity registry.

Every problem is an :class:`Issue` naming the file, the annotation id and what to do, so an annotator
editing JSON by hand can fix it without reading code.  Nothing is ever rewritten here.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from corpus import jsonio
from corpus.errors import CorpusError
from corpus.document.model import Document
from corpus.standoff import io, texts
from corpus.standoff.anchor import DocText
from corpus.standoff.model import ALLOWED_ATTRS, ENTITY_TYPES, REQUIRED_ATTRS, AnnotationFile, Registry


@dataclass(frozen=True)
class Issue:
    file: str
    annotation: str | None  # annotation id, or None for the file as a whole
    message: str
    hint: str

    def format(self) -> str:
        where = self.file + (f" [{self.annotation}]" if self.annotation else "")
        return f"{where}: {self.message} (what to do: {self.hint})"


def _iso_ok(value: str) -> bool:
    """Calendar-valid ISO 8601 date/time (schema checks the shape, this the values)."""
    v = value.lstrip("-")
    try:
        if "T" in v:
            d, t = v.split("T")
            _dt.date.fromisoformat(d)
            parts = [int(x) for x in t.split(":")]
            return 0 <= parts[0] <= 24 and all(0 <= p <= 59 for p in parts[1:])
        if ":" in v:
            parts = [int(x) for x in v.split(":")]
            return 0 <= parts[0] <= 24 and all(0 <= p <= 59 for p in parts[1:])
        if value.startswith("--"):
            bits = [int(x) for x in v.split("-")]
            return 1 <= bits[0] <= 12 and (len(bits) < 2 or 1 <= bits[1] <= 31)
        bits = v.split("-")
        if len(bits) == 3:
            _dt.date.fromisoformat(v)
        elif len(bits) == 2:
            return 1 <= int(bits[1]) <= 12
        return True
    except ValueError:
        return False


def _xml_unsafe(value) -> str | None:
    """The first character of a string that XML 1.0 cannot hold (C0 controls but tab/newline/CR,
    lone surrogates, U+FFFE/U+FFFF), or None."""
    if not isinstance(value, str):
        return None
    return next((c for c in value if (ord(c) < 32 and c not in "\t\n\r") or 0xD800 <= ord(c) <= 0xDFFF
                 or ord(c) in (0xFFFE, 0xFFFF)), None)


def check_data(af: AnnotationFile, doc: Document, registry: Registry | None, file: str) -> list[Issue]:
    """Semantic checks of a schema-valid file against its document and registry."""
    issues: list[Issue] = []

    def add(ann, msg, hint):
        issues.append(Issue(file, ann, msg, hint))

    dt = DocText(doc)
    if af.document != doc.id:
        add(None, f"file is for document {af.document!r} but was checked against {doc.id!r}",
            "put the file under annotations/<doc-id>/ of its document")
    stale = af.text_sha256 != dt.sha256
    if stale:
        add(None, f"the document text changed since these annotations were made (text_sha256 {af.text_sha256[:12]}… "
                  f"!= {dt.sha256[:12]}…)", f"run `corpus annotate reanchor {file}` and then with --write")
    seen: dict[str, int] = {}
    for a in af.annotations:
        seen[a.id] = seen.get(a.id, 0) + 1
        for what, value in [("note", a.note)] + [(f"attribute {k!r}", v) for k, v in sorted(a.attributes.items())]:
            bad = _xml_unsafe(value)
            if bad is not None:
                add(a.id, f"{what} holds U+{ord(bad):04X}, which XML (and so the TEI export) cannot carry",
                    "remove the control character")
    for i, n in sorted(seen.items()):
        if n > 1:
            add(i, f"annotation id {i!r} is used {n} times", "give each annotation its own id (ids are never reused)")
    ids = set(seen)
    by_id = af.by_id()
    stance_of: dict[str, str] = {}
    span_of: dict[tuple, str] = {}
    for a in af.annotations:
        t = a.target
        if a.status:
            add(a.id, f"re-anchoring left this annotation {a.status} (quote {t.quote!r}); it is not exported",
                f"confirm the proposed place with `corpus annotate move {a.id} --accept`, or place it with "
                f"`corpus annotate move {a.id} --quote ... [--occurrence N]`, or `corpus annotate remove {a.id}`")
            continue
        bad_block = [b for b in (t.block, t.end_block) if b is not None and b not in dt.start_of]
        if bad_block:
            add(a.id, f"block {bad_block[0]!r} does not exist in {doc.id}",
                "use a block id listed by `corpus annotate template`, or re-add the annotation by quote")
            continue
        if t.end_block is not None and dt.index_of[t.end_block] <= dt.index_of[t.block]:
            add(a.id, f"end_block {t.end_block!r} does not come after block {t.block!r}",
                "remove end_block for a span inside one block; end_block must follow block in reading order")
            continue
        n1, n2 = dt.block_len(t.block), dt.block_len(t.last_block)
        if not (0 <= t.start <= n1) or not (0 <= t.end <= n2):
            add(a.id, f"offsets {t.start}-{t.end} are outside block {t.block} (length {n1})"
                if t.end_block is None else f"offsets {t.start} in {t.block} (length {n1}) / {t.end} in {t.end_block} (length {n2}) out of range",
                "offsets are code points, end exclusive; re-add the annotation by quote to get them right")
            continue
        s, e = dt.span(t)
        if e <= s:
            add(a.id, f"empty or reversed span {t.start}-{t.end}", "end must be greater than start")
            continue
        actual = dt.text[s:e]
        if actual != t.quote:
            add(a.id, f"quote {t.quote!r} does not match the text at {t.block} {t.start}-{t.end}, which is {actual!r}",
                "fix start/end, or fix the quote, or re-add by quote with `corpus annotate add`")
            continue
        if not dt.text[:s].endswith(t.prefix) or not dt.text[e:].startswith(t.suffix):
            add(a.id, "prefix/suffix context does not match the text around the span",
                "copy the context from the text (or delete prefix/suffix values and re-add by quote)")
        key = (a.type, s, e)
        if key in span_of:
            add(a.id, f"duplicate: {span_of[key]} is also a {a.type} on {actual!r} at {t.block} {t.start}-{t.end}",
                f"keep one of them: `corpus annotate remove {a.id}` (or change its type or span)")
        else:
            span_of[key] = a.id
        if actual != actual.strip():
            add(a.id, f"span {actual!r} starts or ends with white space", "trim the span to the words")
        # attributes
        allowed = ALLOWED_ATTRS[a.type]
        for k in sorted(set(a.attributes) - allowed):
            add(a.id, f"attribute {k!r} is not allowed on {a.type}", f"{a.type} takes {', '.join(sorted(allowed)) or 'no attributes'}")
        for k in sorted(REQUIRED_ATTRS.get(a.type, set()) - set(a.attributes)):
            add(a.id, f"{a.type} needs attribute {k!r}", "add it with --attr " + k + "=...")
        ref = a.attributes.get("ref")
        if ref is not None and "ref" in allowed and registry is not None:
            ent = registry.get(ref)
            if ent is None:
                add(a.id, f"entity {ref!r} is not in the registry", "add it to annotations/entities.json or fix the id")
            elif ent.type != a.type:
                add(a.id, f"entity {ref!r} is a {ent.type}, but the annotation is {a.type}",
                    "change the annotation type or point ref at an entity of the same type")
        when = a.attributes.get("when")
        if when is not None and not _iso_ok(when):
            add(a.id, f"{io.WHEN_RULE}; {when!r} is not a real calendar date/time",
                "use YYYY, YYYY-MM, YYYY-MM-DD, --MM-DD, --MM, hh:mm:ss or YYYY-MM-DDThh:mm:ss")
        spk = a.attributes.get("speaker")
        if spk is not None and "speaker" in allowed:
            if spk == a.id:
                add(a.id, "a quotation cannot be its own speaker", "point speaker at the speaker's mention or entity")
            elif spk in ids:
                if by_id[spk].type not in ENTITY_TYPES:
                    add(a.id, f"speaker {spk!r} is a {by_id[spk].type} annotation, not a name",
                        "point speaker at a PER/ORG/GPE/LOC mention or a registry entity")
            elif registry is not None and registry.get(spk) is None:
                add(a.id, f"speaker {spk!r} is neither an annotation in this file nor a registry entity",
                    "use the id of the speaker's mention (e.g. a0003) or of an entity in annotations/entities.json")
        if a.type == "STANCE":
            c1, c2 = dt.comment_of.get(t.block), dt.comment_of.get(t.last_block)
            if c1 is None or c1 != c2:
                add(a.id, "a STANCE span must lie inside one reader comment",
                    "target the comment's paragraph(s); article text takes no stance label")
            elif c1 in stance_of:
                add(a.id, f"comment {c1} already has a stance ({stance_of[c1]})", "keep one STANCE per comment")
            else:
                stance_of[c1] = a.id
    return issues


def check_file(path, *, doc: Document | None = None, registry: Registry | None = None,
               root=None, require_text: bool = False) -> list[Issue]:
    """All issues of one file.  The document and registry are found from the file's place in the
    project unless given.  ``require_text``: also require the anchored text in annotations/.texts
    (in a project, where it is needed to re-anchor later; a release does not carry the store)."""
    path = Path(path)
    file = str(path)
    try:
        data = jsonio.read_json(path)
    except CorpusError as exc:
        return [Issue(file, None, exc.message + (f" (line {exc.line})" if exc.line else ""), exc.hint or "fix the file")]
    errs = io.schema_errors(data)
    if errs:
        out = []
        for err in errs:
            ann = None
            if err.startswith("$.annotations["):
                k = int(err[len("$.annotations["):err.index("]")])
                item = data["annotations"][k]
                ann = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else f"#{k}"
            out.append(Issue(file, ann, err, "make the file match schema/annotation.schema.json"))
        return out
    af = AnnotationFile.from_dict(data)
    issues = []
    if path.parent.name != af.document:
        issues.append(Issue(file, None, f"file says document {af.document!r} but lies in folder {path.parent.name!r}",
                            f"move it to annotations/{af.document}/ or fix `document`"))
    if path.stem != af.annotator:
        issues.append(Issue(file, None, f"file says annotator {af.annotator!r} but is named {path.name!r}",
                            f"rename it to {af.annotator}.json or fix `annotator`"))
    try:
        if registry is None:
            candidates = [io.registry_path(path), Path.cwd() / "annotations" / "entities.json"]
            reg_path = next((c for c in candidates if c.exists()), None)
            if reg_path is None:
                issues.append(Issue(file, None, "no entity registry found (looked at "
                                    + " and ".join(str(c) for c in candidates)
                                    + "): entity and speaker references were not checked",
                                    "keep annotation files in annotations/<doc-id>/ beside annotations/entities.json"))
            else:
                registry = io.load_registry(reg_path)
        if doc is None:
            from corpus.standoff.docs import load_document, project_root
            doc = load_document(af.document, root or project_root(path))
    except CorpusError as exc:
        return issues + [Issue(exc.where, None, exc.message, exc.hint or "fix it")]
    issues += check_data(af, doc, registry, file)
    if require_text and texts.load(texts.store_for(path), af.text_sha256) is None:
        issues.append(Issue(file, None, f"the text these offsets index ({af.text_sha256[:12]}…) is not stored in "
                                        f"{texts.store_for(path)}: re-anchoring after a text change could only search",
                            "run `corpus annotate reanchor FILE --write` while the file matches the current text "
                            "(it stores the text), and commit annotations/.texts/"))
    return issues


def check_new(af: AnnotationFile, ann_id: str, doc: Document, registry: Registry | None, file: str) -> list[Issue]:
    """The problems of one annotation about to be written (``add``, ``move``): the schema, in words,
    and every check of ``check_data`` that concerns it — exactly what `check` would say later."""
    data = af.to_dict()
    k = next(i for i, a in enumerate(af.annotations) if a.id == ann_id)
    mine = f"$.annotations[{k}]"
    out = [Issue(file, ann_id, e.replace(mine, "$", 1), "see docs/annotation-guidelines.md")
           for e in io.schema_errors(data) if e.startswith(mine + ".") or e.startswith(mine + ":")]
    if out:
        return out
    return [i for i in check_data(af, doc, registry, file) if i.annotation == ann_id]
