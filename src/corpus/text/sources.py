"""Which reader turns a raw file into RawText, by file name: text captures, HTML pages, WARC archives.

``.txt`` (and any other name) -> ``corpus.text.raw``; ``.html``/``.htm`` -> ``corpus.text.html``;
``.warc``/``.warc.gz`` -> ``corpus.text.warc`` (one document per HTML response record).  A WARC record's
RawText is named ``<file>#<key>`` (key from its WARC-Record-ID), so its document id is stable."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from corpus.errors import InputError
from corpus.text import raw as rawtext
from corpus.text.raw import RawText

HTML_SUFFIXES = (".html", ".htm")
WARC_SUFFIXES = (".warc", ".warc.gz")
SUFFIXES = (".txt",) + HTML_SUFFIXES + WARC_SUFFIXES


def kind(name: str) -> str:
    low = str(name).lower()
    if low.endswith(WARC_SUFFIXES):
        return "warc"
    if low.endswith(HTML_SUFFIXES):
        return "html"
    return "text"


def decode(data: bytes, name: str) -> RawText:
    """Bytes of one text capture or HTML page -> RawText (a WARC is many pages: use :func:`warc_pages`)."""
    k = kind(name)
    if k == "html":
        from corpus.text import html

        return html.parse(data, name)
    if k == "warc":
        raise InputError(name, "a WARC file holds many pages", hint="read it with corpus.text.sources.warc_pages")
    return rawtext.decode(data, name)


def warc_page(path, offset: int, name: str | None = None) -> RawText:
    """The page of the WARC record at ``offset``."""
    from corpus.text import html, warc

    name = name or Path(path).name
    page = warc.page_at(path, offset)
    return html.parse(page.payload, f"{name}#{page.key}", http_charset=page.http_charset, record=page.record(name))


def warc_pages(path, name: str | None = None) -> Iterator[RawText]:
    """Every HTML page of a WARC file, streamed."""
    from corpus.text import html, warc

    name = name or Path(path).name
    for page in warc.pages(path):
        yield html.parse(page.payload, f"{name}#{page.key}", http_charset=page.http_charset, record=page.record(name))


def read(path) -> RawText:
    """Read one file, or one WARC record named ``file.warc.gz#<key>``."""
    p = Path(path)
    if "#" in p.name and kind(p.name.split("#", 1)[0]) == "warc":
        base, key = p.name.split("#", 1)
        for raw in warc_pages(p.with_name(base), base):
            if raw.name.endswith("#" + key):
                return raw
        raise InputError(str(p), f"no HTML record {key} in {base}")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(str(p), f"cannot read the file: {exc.strerror}") from None
    return decode(data, p.name)
