"""The document model: every kept string is a Block whose text is exactly one span of one raw line.

Offsets are Unicode code points into ``RawLine.text`` (the NFC, policy-cleaned line); ``end`` is
exclusive, so ``raw.line(span.line).text[span.start:span.end] == block.text`` always holds.  Together
with ``removed``, ``whitespace`` and the character edits, the document rebuilds its raw file exactly
(:func:`reconstruct`).
"""
from __future__ import annotations

from dataclasses import dataclass

from corpus.text.html import HtmlSource
from corpus.text.raw import NEWLINE_CHARS, NEWLINE_NAMES, CharEdit, RawText, frozen_new, rebuild_line

SCHEMA_VERSION = "1.0"

#: Roles a kept block can have.  Article roles first, then comment roles.
ARTICLE_ROLES = ("section", "kicker", "title", "date", "dateline", "byline", "heading", "paragraph", "caption", "credit")
COMMENT_ROLES = ("comment-title", "comment-author", "comment-place", "comment-date", "comment-paragraph")
ROLES = ARTICLE_ROLES + COMMENT_ROLES


@dataclass(frozen=True)
class Span:
    line: int  # 1-based raw line number
    start: int  # code point offset into RawLine.text
    end: int  # exclusive

    def to_dict(self) -> dict:
        return {"line": self.line, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: dict) -> "Span":
        return cls(d["line"], d["start"], d["end"])

    def cite(self, file: str) -> str:
        """A human citation of the span: ``file:line:start-end``."""
        return f"{file}:{self.line}:{self.start}-{self.end}"


@dataclass(frozen=True)
class Block:
    """A kept piece of text. ``group`` ties a caption to its credit (same figure id)."""

    id: str
    role: str
    text: str
    src: Span
    group: str | None = None

    def to_dict(self) -> dict:
        d = {"id": self.id, "role": self.role, "text": self.text, "src": self.src.to_dict()}
        if self.group is not None:
            d["group"] = self.group
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Block":
        return cls(d["id"], d["role"], d["text"], Span.from_dict(d["src"]), d.get("group"))


@dataclass(frozen=True)
class Comment:
    """One reader comment; its title/author/place/paragraphs are blocks with comment-* roles."""

    id: str
    blocks: tuple[Block, ...]

    def first(self, role: str) -> Block | None:
        return next((b for b in self.blocks if b.role == role), None)

    @property
    def title(self) -> Block | None:
        return self.first("comment-title")

    @property
    def author(self) -> Block | None:
        return self.first("comment-author")

    @property
    def place(self) -> Block | None:
        return self.first("comment-place")

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.role == "comment-paragraph")

    def to_dict(self) -> dict:
        return {"id": self.id, "blocks": [b.to_dict() for b in self.blocks]}

    @classmethod
    def from_dict(cls, d: dict) -> "Comment":
        return cls(d["id"], tuple(Block.from_dict(b) for b in d["blocks"]))


@dataclass(frozen=True)
class Meta:
    """A metadata value attested in the text: ``text`` is the raw string at ``src``; ``value`` its
    normalised form (ISO 8601 for dates).  Values the text does not attest are simply absent."""

    value: str
    text: str
    src: Span
    rule: str  # which rule extracted it

    def to_dict(self) -> dict:
        return {"value": self.value, "text": self.text, "src": self.src.to_dict(), "rule": self.rule}

    @classmethod
    def from_dict(cls, d: dict) -> "Meta":
        return cls(d["value"], d["text"], Span.from_dict(d["src"]), d["rule"])


@dataclass(frozen=True)
class Removed:
    """A span of a raw line that is not in the document, with the rule that removed it and why."""

    src: Span
    text: str
    rule: str
    reason: str

    def to_dict(self) -> dict:
        return {"src": self.src.to_dict(), "text": self.text, "rule": self.rule, "reason": self.reason}

    @classmethod
    def from_dict(cls, d: dict) -> "Removed":
        return cls(Span.from_dict(d["src"]), d["text"], d["rule"], d["reason"])


@dataclass(frozen=True)
class Source:
    file: str
    sha256: str
    bytes: int
    bom: bool
    newline: str  # dominant terminator name: LF, CRLF, CR, NEL, LS, PS or none
    line_count: int
    endings: tuple[tuple[int, str], ...] = ()  # (line, terminator name) where it differs from `newline`

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "sha256": self.sha256,
            "bytes": self.bytes,
            "bom": self.bom,
            "newline": self.newline,
            "line_count": self.line_count,
            "endings": [{"line": n, "ending": e} for n, e in self.endings],
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Source":
        return cls(d["file"], d["sha256"], d["bytes"], d["bom"], d["newline"], d["line_count"],
                   tuple((e["line"], e["ending"]) for e in d.get("endings", ())))

    @classmethod
    def of(cls, raw: RawText) -> "Source":
        dominant = raw.newline
        last = len(raw.lines)
        endings = []
        for ln in raw.lines:
            name = NEWLINE_NAMES.get(ln.ending, "none")
            expected = "none" if ln.number == last else dominant
            if name != expected:
                endings.append((ln.number, name))
        return cls(raw.name, raw.sha256, raw.size, raw.bom, dominant, last, tuple(endings))

    def ending(self, line: int) -> str:
        for n, e in self.endings:
            if n == line:
                return "" if e == "none" else NEWLINE_CHARS[e]
        if line == self.line_count or self.newline == "none":
            return ""
        return NEWLINE_CHARS[self.newline]


@dataclass(frozen=True)
class Whitespace:
    """White space of a raw line that belongs to no block and no removed span (indentation, gaps)."""

    line: int
    start: int
    text: str

    def to_dict(self) -> dict:
        return {"line": self.line, "start": self.start, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict) -> "Whitespace":
        return cls(d["line"], d["start"], d["text"])


@dataclass(frozen=True)
class Document:
    id: str
    source: Source
    profile: str  # id of the profile that cleaned it
    profile_evidence: tuple[str, ...]  # fingerprints that matched
    metadata: dict[str, Meta]
    article: tuple[Block, ...]
    comments: tuple[Comment, ...]
    removed: tuple[Removed, ...]
    whitespace: tuple[Whitespace, ...] = ()
    char_edits: tuple[CharEdit, ...] = ()
    nfc_lines: tuple[tuple[int, str], ...] = ()  # (line, original) where NFC changed a line
    html: HtmlSource | None = None  # a page read from HTML/WARC: decoding, metadata evidence, line origins

    # -- views -------------------------------------------------------------------------------
    def blocks(self) -> list[Block]:
        """All blocks in reading order: the article, then each comment."""
        out = list(self.article)
        for c in self.comments:
            out.extend(c.blocks)
        return out

    def block(self, block_id: str) -> Block:
        for b in self.blocks():
            if b.id == block_id:
                return b
        raise KeyError(block_id)

    @property
    def title(self) -> str | None:
        b = next((b for b in self.article if b.role == "title"), None)
        return b.text if b else None

    def text(self) -> str:
        """The document's text: block texts in reading order, one per line.

        This is what the TEI export must give back, character for character."""
        return "\n".join(b.text for b in self.blocks())

    # -- (de)serialisation --------------------------------------------------------------------
    def to_dict(self) -> dict:
        return {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "source": self.source.to_dict(),
            "profile": {"id": self.profile, "evidence": list(self.profile_evidence)},
            "metadata": {k: self.metadata[k].to_dict() for k in sorted(self.metadata)},
            "article": [b.to_dict() for b in self.article],
            "comments": [c.to_dict() for c in self.comments],
            "removed": [r.to_dict() for r in self.removed],
            "whitespace": [w.to_dict() for w in self.whitespace],
            "char_edits": [e.to_dict() for e in self.char_edits],
            "nfc_lines": [{"line": n, "original": o} for n, o in self.nfc_lines],
            **({"html": self.html.to_dict()} if self.html is not None else {}),
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Document":
        return cls(
            id=d["id"],
            source=Source.from_dict(d["source"]),
            profile=d["profile"]["id"],
            profile_evidence=tuple(d["profile"].get("evidence", ())),
            metadata={k: Meta.from_dict(v) for k, v in d.get("metadata", {}).items()},
            article=tuple(Block.from_dict(b) for b in d["article"]),
            comments=tuple(Comment.from_dict(c) for c in d.get("comments", ())),
            removed=tuple(Removed.from_dict(r) for r in d.get("removed", ())),
            whitespace=tuple(Whitespace.from_dict(w) for w in d.get("whitespace", ())),
            char_edits=tuple(CharEdit.from_dict(e) for e in d.get("char_edits", ())),
            nfc_lines=tuple((x["line"], x["original"]) for x in d.get("nfc_lines", ())),
            html=HtmlSource.from_dict(d["html"]) if d.get("html") is not None else None,
        )


# -- fast constructors (split makes ~100 of these per page; corpus.text.raw.frozen_new) ----------------
def span_of(line: int, start: int, end: int) -> Span:
    """``Span(line, start, end)``."""
    return frozen_new(Span, line=line, start=start, end=end)


def block_of(id: str, role: str, text: str, src: Span, group: str | None = None) -> Block:
    """``Block(id, role, text, src, group)``."""
    return frozen_new(Block, id=id, role=role, text=text, src=src, group=group)


def removed_of(src: Span, text: str, rule: str, reason: str) -> Removed:
    """``Removed(src, text, rule, reason)``."""
    return frozen_new(Removed, src=src, text=text, rule=rule, reason=reason)


def whitespace_of(line: int, start: int, text: str) -> Whitespace:
    """``Whitespace(line, start, text)``."""
    return frozen_new(Whitespace, line=line, start=start, text=text)


MAX_ID_BYTES = 200  # <id>.json must stay a legal file name (255 bytes) on every common file system


def doc_id_for(filename: str) -> str:
    """A stable, readable document id that is a valid xml:id (NCName) and a safe file name, from the raw
    file name (docs/your-own-corpus.md, "Document ids").

    ``000_d149adc8417d1233.txt`` -> ``doc000_d149adc8417d1233``; ``خبر.txt`` -> ``خبر``.  The name is
    NFC-normalised; the read suffix (``.txt``, ...) is dropped; ``.`` (it separates the document id from
    the block id in xml:ids) and every character that XML 1.0 (4th edition, what xsd:ID checks) does not
    allow in a name become ``_``; an id that does not start with a letter
    gets ``doc`` in front; HTML pages and WARC records keep what they are in the id (``page.html`` ->
    ``page-html``; a WARC record -> ``<archive>-r<12 hex digits of its WARC-Record-ID's SHA-1>``); an id
    longer than MAX_ID_BYTES in UTF-8 is cut and ends with ``_`` and 12 hex
    digits of the SHA-256 of the file name.  Two files may still map to one id (``a b.txt``, ``a_b.txt``,
    ``A.txt``, ``a.txt``): ``id_collisions`` finds them, and the build refuses them by name."""
    import hashlib
    import unicodedata

    from corpus.document import ncname

    name = unicodedata.normalize("NFC", filename.rsplit("/", 1)[-1])
    base, _, key = name.partition("#")  # a WARC record's unit: ``crawl.warc.gz#r0123456789ab``
    stem, tag = base, None
    for suffix, what in ((".warc.gz", "warc"), (".warc", "warc"), (".html", "html"), (".htm", "htm"), (".txt", None)):
        if base.lower().endswith(suffix):
            stem, tag = base[: -len(suffix)], what
            break
    if tag == "warc":  # the record, not the archive: ``crawl-r0123456789ab``
        stem += "-" + key
    elif tag:  # ``page.html`` -> ``page-html``, so that page.txt and page.html get their own ids
        stem += "-" + tag
    stem = "".join(c if ncname.is_name_char(c) and c != "." else "_" for c in stem)
    if not stem or not ncname.is_letter(stem[0]):
        stem = "doc" + stem
    if len(stem.encode("utf-8")) > MAX_ID_BYTES:
        tail = "_" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]
        while len((stem + tail).encode("utf-8")) > MAX_ID_BYTES:
            stem = stem[:-1]
        stem += tail
    return stem


def id_key(doc_id: str) -> str:
    """Two ids that are equal under this key cannot both be written: case-insensitive file systems
    (macOS, Windows) would store json/A.json and json/a.json as one file."""
    return doc_id.casefold()


def id_collisions(filenames) -> list[tuple[str, list[str]]]:
    """``(doc id, [file, file, ...])`` for every id that more than one file would get."""
    groups: dict[str, list[str]] = {}
    for f in filenames:
        groups.setdefault(id_key(doc_id_for(f)), []).append(f)
    return [(doc_id_for(files[0]), sorted(files)) for _, files in sorted(groups.items()) if len(files) > 1]


def line_pieces(doc: Document) -> dict[int, list[tuple[int, str]]]:
    """(start, text) pieces per line, from blocks, removed spans and white space."""
    pieces: dict[int, list[tuple[int, str]]] = {}
    for b in doc.blocks():
        pieces.setdefault(b.src.line, []).append((b.src.start, b.text))
    for r in doc.removed:
        pieces.setdefault(r.src.line, []).append((r.src.start, r.text))
    for w in doc.whitespace:
        pieces.setdefault(w.line, []).append((w.start, w.text))
    return pieces


def reconstruct(doc: Document) -> str:
    """Rebuild the decoded raw text (BOM excluded) from the document alone.

    Raises ValueError if pieces overlap or leave a gap: every character must be accounted for."""
    pieces = line_pieces(doc)
    edits: dict[int, list[CharEdit]] = {}
    for e in doc.char_edits:
        edits.setdefault(e.line, []).append(e)
    nfc = dict(doc.nfc_lines)
    src = doc.source
    odd = {n for n, _ in src.endings}  # lines whose ending is not the dominant one (Source.ending)
    dominant = "" if src.newline == "none" else None
    out = []
    for n in range(1, src.line_count + 1):
        pos = 0
        parts = []
        got = pieces.get(n)
        if got:
            if len(got) > 1:
                got.sort()
            for start, text in got:
                if start != pos:
                    raise ValueError(f"line {n}: {'gap' if start > pos else 'overlap'} at offset {min(start, pos)}")
                parts.append(text)
                pos = start + len(text)
        line = parts[0] if len(parts) == 1 else "".join(parts)
        original = nfc.get(n)
        if original is not None or n in edits:  # rebuild_line's cases, the plain one inline
            line = rebuild_line(line, edits.get(n, ()), original)
        out.append(line)
        if n in odd or n == src.line_count:
            out.append(src.ending(n))
        else:
            if dominant is None:
                dominant = src.ending(n)  # the dominant terminator (the same for every such line)
            out.append(dominant)
    return "".join(out)
