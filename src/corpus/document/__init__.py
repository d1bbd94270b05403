"""Stage 3 — document: labelled lines → a :class:`~corpus.document.model.Document` (article + comments).

``split`` turns the cleaner's labels into blocks with provenance, metadata from evidence and removed
spans; ``pipeline`` runs raw → clean → split for one file; ``validate`` checks a document (JSON
Schema + semantic checks); ``evaluate`` scores the cleaner against gold line labels.

May import: ``corpus.clean``, ``corpus.text`` and the base modules.
"""
