"""WARC input: every HTML response record of a ``.warc``/``.warc.gz`` file is one page.

warcio (the Internet Archive / Webrecorder reader) does the parsing; records are read one at a time,
so memory stays flat however many records the file holds.  A record's document id comes from its
``WARC-Record-ID`` (stable whatever the order of the records); its target URI and date are metadata
evidence for the TEI ``sourceDesc``; the charset of its HTTP ``Content-Type`` decodes the page."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Iterator

from corpus.errors import InputError

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)


@dataclass(frozen=True)
class WarcPage:
    offset: int  # byte offset of the record in the (possibly gzipped) file
    record_id: str
    target_uri: str | None
    date: str | None
    http_charset: str | None
    payload: bytes

    @property
    def key(self) -> str:
        """A short stable key for the record: 'r' + 12 hex digits of SHA-1 of its WARC-Record-ID."""
        return "r" + hashlib.sha1(self.record_id.encode("utf-8")).hexdigest()[:12]

    def record(self, warc_file: str) -> dict:
        d = {"warc_file": warc_file, "record_id": self.record_id, "offset": self.offset}
        if self.target_uri:
            d["target_uri"] = self.target_uri
        if self.date:
            d["date"] = self.date
        return d


def _archive_iterator():
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:
        raise InputError("warcio", "reading WARC files needs the warcio package",
                         hint="pip install warcio (a dependency of corpus: reinstalling corpus brings it)") from None
    return ArchiveIterator


def _page(rec, offset) -> WarcPage | None:
    """The record as a page (None when it is not a successful HTML response).  ``offset`` may be a
    function: warcio's get_record_offset() skips the record's content, so it is called after reading."""
    if rec.rec_type != "response" or rec.http_headers is None:
        return None
    ctype = rec.http_headers.get_header("Content-Type") or ""
    if "html" not in ctype.lower():
        return None
    status = rec.http_headers.get_statuscode()
    if status and not status.startswith("2"):
        return None
    m = _CHARSET.search(ctype)
    h = rec.rec_headers
    payload = rec.content_stream().read()
    if callable(offset):
        offset = offset()
    return WarcPage(offset, h.get_header("WARC-Record-ID") or f"<offset:{offset}>", h.get_header("WARC-Target-URI"),
                    h.get_header("WARC-Date"), m.group(1) if m else None, payload)


def pages(path) -> Iterator[WarcPage]:
    """The HTML response records of a WARC file, one at a time (InputError naming the file if it is broken)."""
    ArchiveIterator = _archive_iterator()
    try:
        with open(path, "rb") as fh:
            it = ArchiveIterator(fh)
            for rec in it:
                page = _page(rec, it.get_record_offset)
                if page is not None:
                    yield page
    except OSError as exc:
        raise InputError(str(path), f"cannot read the WARC file: {exc.strerror or exc}") from None
    except Exception as exc:  # warcio raises ArchiveLoadFailed and others for a broken file
        if isinstance(exc, InputError):
            raise
        reason = str(exc).split(", first line")[0][:200].encode("ascii", "backslashreplace").decode("ascii")
        raise InputError(str(path), f"not a readable WARC file: {reason}",
                         hint="check the file is a complete .warc or .warc.gz") from None


def page_at(path, offset: int) -> WarcPage:
    """The record at ``offset`` (from :func:`pages`), read without scanning the file."""
    ArchiveIterator = _archive_iterator()
    with open(path, "rb") as fh:
        fh.seek(offset)
        for rec in ArchiveIterator(fh):
            page = _page(rec, offset)
            if page is None:
                break
            return page
    raise InputError(f"{path}@{offset}", "no HTML response record at this offset",
                     hint="the WARC file changed since it was catalogued")
