"""The document pipeline: raw text -> profile -> labelled lines -> Document.

``process`` is pure (same RawText and profiles give the same Document); ``process_file`` reads and
decodes a file first (InputError for undecodable or empty input)."""
from __future__ import annotations

from corpus.clean import profiles
from corpus.text import raw as rawtext
from corpus.clean.engine import clean
from corpus.document.model import Document
from corpus.text.raw import RawText
from corpus.document.split import split


def process(raw: RawText, *, site_profiles: bool = True) -> Document:
    """Clean and split one decoded page; ``site_profiles=False`` uses the generic profile only."""
    # fingerprints describe page chrome: look for them in the short lines only (cheap to fold)
    text = "\n".join(ln.text for ln in raw.lines if len(ln.text) <= profiles.FINGERPRINT_LINE_MAX)
    profile = profiles.select(text, site_profiles)
    return split(raw, clean(raw, profile), profile)


def process_file(path, **kw) -> Document:
    """Read, decode and process a raw file (a text capture or an HTML page, by its suffix)."""
    from corpus.text import sources

    return process(sources.read(path), **kw)
