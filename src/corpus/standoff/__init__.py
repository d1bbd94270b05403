"""Stage 4 — stand-off annotations: format-free model, anchoring, checks, agreement, merging.

Annotations point into a document's text by block offsets plus quote and context; nothing here
knows any output format (TEI markup of annotations lives in ``corpus.tei.annotations``).

May import: ``corpus.document``, ``corpus.text`` and the base modules.
"""
