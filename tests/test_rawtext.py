"""Reading raw bytes: decoding errors are clear, and normalisation is lossless (rebuildable)."""
import hashlib
import re
import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

from corpus.text import raw as rawtext
from corpus.errors import InputError
from corpus.text.raw import rebuild_line


def rebuild(raw):
    return "".join(rebuild_line(ln.text, ln.edits, ln.nfc_original) + ln.ending for ln in raw.lines)


def test_bom_crlf_and_marks_are_recorded():
    data = "\ufeffعنوان\u200f الخبر\r\nسطر\r\n".encode()
    raw = rawtext.decode(data, "x.txt")
    assert raw.bom is True
    assert raw.newline == "CRLF"
    assert [ln.text for ln in raw.lines] == ["عنوان الخبر", "سطر", ""]
    assert raw.lines[0].edits[0].char == "\u200f" and raw.lines[0].edits[0].rule == "char.bidi"
    assert raw.lines[0].edits[0].offset == 5
    assert rebuild(raw) == data.decode("utf-8-sig")
    assert raw.sha256 == hashlib.sha256(data).hexdigest()


def test_nfc_changes_keep_the_original_line():
    decomposed = "e\u0301 مرحبا"
    raw = rawtext.decode(decomposed.encode(), "x.txt")
    assert raw.lines[0].text == "\u00e9 مرحبا"
    assert raw.lines[0].nfc_original == decomposed
    assert rebuild(raw) == decomposed


def test_zwnj_is_kept_but_zero_width_space_removed():
    raw = rawtext.decode("می\u200cخواهم\u200bنه".encode(), "x.txt")
    assert raw.lines[0].text == "می\u200cخواهمنه"
    assert [e.rule for e in raw.lines[0].edits] == ["char.zero-width"]


@pytest.mark.parametrize(
    "data, fragment, line",
    [
        (b"", "empty", None),
        (b"  \n\n \t", "no text", None),
        (b"abc\n\xd9\n", "invalid UTF-8 at byte offset 4", 2),
        ("\u200b\u200f\n \u2066".encode(), "no visible text", None),
        (b"a\x00b", "NUL byte at byte offset 1", 1),
        ("\ufeffنص".encode("utf-16-le"), "UTF-16", 1),
        ("نص".encode("utf-16-le"), "binary", None),
        (bytes(range(1, 32)) * 4, "binary", None),
    ],
)
def test_bad_input_is_a_clear_error(data, fragment, line):
    with pytest.raises(InputError) as exc:
        rawtext.decode(data, "bad.txt")
    assert fragment in exc.value.message
    assert exc.value.where == "bad.txt"
    assert exc.value.line == line
    assert "what to do" in exc.value.format()


def test_mixed_line_endings_are_kept_per_line():
    raw = rawtext.decode(b"a\r\nb\nc\rd", "x.txt")
    assert [ln.ending for ln in raw.lines] == ["\r\n", "\n", "\r", ""]
    assert rebuild(raw) == "a\r\nb\nc\rd"


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=400))
def test_any_unicode_text_decodes_losslessly(text):
    data = text.encode("utf-8")  # st.text() never draws surrogates
    try:
        raw = rawtext.decode(data, "h.txt")
    except InputError:
        return  # empty, NUL or binary-like: refused with a message, which is fine
    decoded = data.decode("utf-8")
    if decoded.startswith("\ufeff"):
        decoded = decoded[1:]
    assert rebuild(raw) == decoded
    for ln in raw.lines:
        assert not any(c in rawtext.REMOVED_CHARS for c in ln.text)
        assert "\n" not in ln.text and "\r" not in ln.text


# st.text() alone almost never draws a decomposed sequence, a removed mark or a second line: this
# alphabet makes NFC changes, marks next to combining characters and every line ending common.
LINE_BREAKS = ["\n", "\r\n", "\r", "\x85", "\u2028", "\u2029"]
PIECES = (list("ابتسلمنهويءةى ") + ["\u0627\u0653", "\u0627\u0654", "\u0648\u0654", "e\u0301", "\u0651\u064e",
          "\u064e\u0651", "\u0301", "\u0654", "\x01"]
          + sorted(c for c, rule in rawtext.REMOVED_CHARS.items() if rule != "char.control") + LINE_BREAKS)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=60).map("".join))
def test_marks_decomposed_text_and_line_ends_decode_losslessly(text):
    data = text.encode("utf-8")
    body = text[1:] if text.startswith("\ufeff") else text  # a leading U+FEFF is the byte-order mark
    try:
        raw = rawtext.decode(data, "h.txt")
    except InputError as exc:
        # only the refusals that are warranted for such text
        visible = "".join(c for c in body if c not in rawtext.REMOVED_CHARS)
        assert (not body.strip() or "control characters" in exc.message
                or (not visible.strip() and "no visible text" in exc.message)
                or ("\x00" in text and "NUL byte" in exc.message)), exc.message
        return
    assert rebuild(raw) == body and raw.bom == (body != text)
    assert [ln.number for ln in raw.lines] == list(range(1, len(raw.lines) + 1))
    assert all(ln.ending for ln in raw.lines[:-1]) and raw.lines[-1].ending == ""
    assert "".join(ln.ending for ln in raw.lines) == "".join(
        m for m in re.findall(r"\r\n|[\n\r\x85\u2028\u2029]", text))
    for ln in raw.lines:
        assert unicodedata.is_normalized("NFC", ln.text)
        assert not any(c in rawtext.REMOVED_CHARS or c in "\r\n\x85\u2028\u2029" for c in ln.text)
        assert [e.char for e in ln.edits] == [c for c in rebuild_line(ln.text, ln.edits, None)
                                               if c in rawtext.REMOVED_CHARS]
