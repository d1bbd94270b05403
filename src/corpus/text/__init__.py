"""Stage 1 — text: raw bytes → NFC lines, with every character edit recorded.

Reads a capture's bytes (encodings, newlines, invisible marks) into :class:`~corpus.text.raw.RawText`,
and holds the text-level tools the later stages share: the search/matching normalisation layer
(``normalize``) and date recognition (``dates``, with its calendar data).

May import: ``corpus.errors``, ``corpus.jsonio``, ``corpus.schemas``. Nothing from later stages.
"""
