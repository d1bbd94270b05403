"""Read raw seed bytes into normalised lines, recording every change so the raw text can be rebuilt.

The policy (documented in docs/text-policy.md):

* UTF-8 only, with or without a BOM; invalid UTF-8, NUL bytes and empty files are errors.
* Lines end at CRLF, LF, CR, NEL, LS or PS; each line keeps its own terminator.
* Each line is NFC-normalised; if that changed it, the original line is kept (``nfc_original``).
* Invisible bidi controls, zero-width spaces, soft hyphens, stray BOMs and characters that XML 1.0
  forbids or discourages (C0/C1 controls except TAB) are removed, each one recorded as a CharEdit.
  ZWNJ/ZWJ stay: they are orthographic in Persian/Urdu names quoted in Arabic news.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from corpus.errors import InputError

BOM = "\ufeff"

#: char -> rule id.  Rule ids are stable: they appear in document JSON and TEI headers.
REMOVED_CHARS: dict[str, str] = {}
for _c in "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
    REMOVED_CHARS[_c] = "char.bidi"
for _c in "\u200b\u2060\ufeff\u180e":
    REMOVED_CHARS[_c] = "char.zero-width"
REMOVED_CHARS["\u00ad"] = "char.soft-hyphen"
for _i in list(range(0x00, 0x09)) + [0x0B, 0x0C] + list(range(0x0E, 0x20)) + [0x7F] + list(range(0x80, 0x85)) + list(range(0x86, 0xA0)):
    REMOVED_CHARS[chr(_i)] = "char.control"
for _c in "\ufffe\uffff":
    REMOVED_CHARS[_c] = "char.noncharacter"

CHAR_RULE_REASONS = {
    "char.bidi": "invisible bidirectional control mark; the TEI carries xml:lang/dir instead",
    "char.zero-width": "zero-width space, word joiner or stray byte-order mark with no orthographic role",
    "char.soft-hyphen": "soft hyphen: an invisible line-break hint from the web page",
    "char.control": "control character not allowed (or discouraged) in XML 1.0",
    "char.noncharacter": "Unicode noncharacter not allowed in XML 1.0",
}

_LINE_RE = re.compile(r"([^\r\n\x85\u2028\u2029]*)(\r\n|\n|\r|\x85|\u2028|\u2029|$)")
_CONTROL_RE = re.compile("[" + "".join(re.escape(c) for c, r in REMOVED_CHARS.items() if r == "char.control") + "]")
_REMOVE_RE = re.compile("[" + "".join(re.escape(c) for c in REMOVED_CHARS) + "]")


@dataclass(frozen=True)
class CharEdit:
    """One character removed from a line; ``offset`` indexes the NFC line before any removal."""

    line: int
    offset: int
    char: str
    rule: str

    def to_dict(self) -> dict:
        return {"line": self.line, "offset": self.offset, "char": self.char, "rule": self.rule}

    @classmethod
    def from_dict(cls, d: dict) -> "CharEdit":
        return cls(d["line"], d["offset"], d["char"], d["rule"])


@dataclass(frozen=True)
class RawLine:
    number: int  # 1-based
    text: str  # NFC, policy characters removed: all offsets in the corpus index this string
    ending: str  # "\n", "\r\n", "\r", ... or "" for the last line
    edits: tuple[CharEdit, ...] = ()
    nfc_original: str | None = None  # the line as decoded, when NFC changed it

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class RawText:
    name: str
    sha256: str
    size: int
    bom: bool
    lines: tuple[RawLine, ...] = field(repr=False)
    #: for a page read from HTML or WARC: corpus.text.html.HtmlSource (provenance, DOM evidence); else None
    html: object | None = field(default=None, repr=False, compare=False)

    def line(self, number: int) -> RawLine:
        return self.lines[number - 1]

    @property
    def newline(self) -> str:
        """The dominant line terminator, as a name (LF, CRLF, CR) or 'none' for a one-line file."""
        counts: dict[str, int] = {}
        for ln in self.lines:
            if ln.ending:
                counts[ln.ending] = counts.get(ln.ending, 0) + 1
        if not counts:
            return "none"
        best = max(sorted(counts), key=lambda k: counts[k])
        return NEWLINE_NAMES[best]


NEWLINE_NAMES = {"\n": "LF", "\r\n": "CRLF", "\r": "CR", "\x85": "NEL", "\u2028": "LS", "\u2029": "PS"}
NEWLINE_CHARS = {v: k for k, v in NEWLINE_NAMES.items()}


def _line_of_byte(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def frozen_new(cls, **fields):
    """``cls(**fields)`` for a frozen dataclass, made without its generated ``__init__`` (one
    ``object.__setattr__`` per field): the same object, field for field, for the hot constructors
    (every line of every page; ~100 blocks and spans per page; tests/test_fast_paths.py pins them)."""
    o = object.__new__(cls)
    o.__dict__.update(fields)
    return o


def _raw_line(number: int, text: str, ending: str, edits: tuple = (), nfc_original: str | None = None) -> RawLine:
    """``RawLine(number, text, ending, edits, nfc_original)``, fast (frozen_new)."""
    return frozen_new(RawLine, number=number, text=text, ending=ending, edits=edits, nfc_original=nfc_original)


def normalise_line(number: int, text: str) -> RawLine:
    """NFC + removal policy for one line (without its terminator)."""
    return _raw_line(number, *_normalised(number, text))


def _normalised(number: int, text: str, ending: str = "") -> tuple:
    """(text, ending, edits, nfc_original) of ``normalise_line``'s line, ending as given."""
    nfc = unicodedata.normalize("NFC", text)
    original = text if nfc != text else None
    edits = tuple(CharEdit(number, m.start(), m.group(), REMOVED_CHARS[m.group()]) for m in _REMOVE_RE.finditer(nfc))
    if edits:
        nfc = _REMOVE_RE.sub("", nfc)
        # removing a combining-sequence breaker can make the text non-NFC again; NFC is idempotent
        # on the result in every case we know, but check rather than trust.
        if unicodedata.normalize("NFC", nfc) != nfc:
            nfc = unicodedata.normalize("NFC", nfc)
            original = text
            edits = ()
    return nfc, ending, edits, original


def _lines(text: str) -> list[RawLine]:
    """Split at the policy's line breaks and normalise each line (the general path)."""
    lines = []
    pos = 0
    number = 0
    while pos <= len(text):
        m = _LINE_RE.match(text, pos)
        number += 1
        content, ending = m.group(1), m.group(2)
        lines.append(_raw_line(number, *_normalised(number, content, ending)))
        pos = m.end()
        if not ending:
            break
    return lines


_BREAKS = frozenset("\n\r\x85\u2028\u2029")
_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")


def _clean_lines(text: str) -> list[RawLine]:
    """``_lines`` for a text that is NFC and holds no character the policy removes (most pages):
    nothing to normalise or record, so lines are cut in C: by str.split when the page uses one kind of
    line end, else by str.splitlines.  splitlines also cuts at
    VT, FF and FS/GS/RS, which are removed control characters, hence absent here; what is left are
    exactly the policy's breaks (CRLF, LF, CR, NEL, LS, PS).  A final line break is followed by an
    empty last line, as ``_lines`` gives."""
    if "\x85" not in text and "\u2028" not in text and "\u2029" not in text:  # = _OTHER_BREAKS.search(text) is None
        # one kind of line end throughout (LF, CRLF or CR: nearly every page): a plain split
        cr, lf = text.count("\r"), text.count("\n")
        crlf = text.count("\r\n") if cr and lf else 0
        nl = "\n" if not cr else "\r" if not lf else "\r\n" if crlf == cr == lf else None
        if nl is not None:
            parts = text.split(nl)
            lines = [_raw_line(number, part, nl) for number, part in enumerate(parts, 1)]
            lines[-1] = _raw_line(len(parts), parts[-1], "")
            return lines
    lines = []
    number = 0
    for number, piece in enumerate(text.splitlines(True), 1):
        if piece.endswith("\r\n"):
            lines.append(_raw_line(number, piece[:-2], "\r\n"))
        elif piece[-1] in _BREAKS:
            lines.append(_raw_line(number, piece[:-1], piece[-1]))
        else:
            lines.append(_raw_line(number, piece, ""))
    if not lines or lines[-1].ending:
        lines.append(_raw_line(number + 1, "", ""))
    return lines


def decode(data: bytes, name: str) -> RawText:
    """Decode and normalise raw bytes; raise InputError naming the file and the byte/line at fault."""
    if not data:
        raise InputError(name, "the file is empty", hint="remove it from the seeds or give it text")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(name, "the file starts with a UTF-16 byte-order mark: it is UTF-16, not UTF-8", line=1,
                         hint="convert the file to UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(
            name,
            f"NUL byte at byte offset {nul}: this looks like a binary file or UTF-16 text",
            line=_line_of_byte(data, nul),
            hint="convert the file to UTF-8 text (e.g. iconv -f UTF-16 -t UTF-8)",
        )
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        off = exc.start + (3 if bom else 0)
        bad = data[off : off + 4].hex(" ")
        raise InputError(
            name,
            f"invalid UTF-8 at byte offset {off} (bytes {bad}): {exc.reason}",
            line=_line_of_byte(data, off),
            hint="re-save the file as UTF-8 (if it is Windows-1256, iconv -f CP1256 -t UTF-8)",
        ) from None
    if not text.strip():
        raise InputError(name, "the file has no text (only white space)", hint="remove it from the seeds")
    if _REMOVE_RE.search(text) is None and unicodedata.is_normalized("NFC", text):
        lines = _clean_lines(text)
    else:
        controls = len(_CONTROL_RE.findall(text))
        if controls >= 2 and controls * 5 > len(text):
            raise InputError(name, f"{controls} control characters in {len(text)}: this looks like binary data "
                                   f"or UTF-16 without a byte-order mark, not UTF-8 text",
                             hint="check that this is the page's text capture, saved as UTF-8")
        lines = _lines(text)
    if all(ln.blank for ln in lines):
        removed = sorted({e.rule for ln in lines for e in ln.edits})
        raise InputError(name, "the file has no visible text (only white space and invisible marks: "
                               + ", ".join(removed) + ")",
                         hint="remove it from the seeds or give it text")
    return RawText(name=name, sha256=hashlib.sha256(data).hexdigest(), size=len(data), bom=bom, lines=tuple(lines))


def read(path) -> RawText:
    from pathlib import Path

    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(str(p), f"cannot read the file: {exc.strerror}") from None
    return decode(data, p.name)


def rebuild_line(text: str, edits, nfc_original: str | None) -> str:
    """Invert normalise_line: put removed characters back, or return the pre-NFC original."""
    if nfc_original is not None:
        return nfc_original
    if not edits:
        return text
    out = list(text)
    for e in sorted(edits, key=lambda e: e.offset):
        out.insert(e.offset, e.char)
    return "".join(out)
