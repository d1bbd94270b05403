"""Stage 5 — TEI: export a document (and its annotations) as TEI P5, read it back, validate it.

``export`` writes one document, ``annotations`` adds the stand-off annotations as inline markup and
``<standOff>``, ``read`` reads text and annotations back (for round-trip checks), ``validate`` checks
against tei_all and the project's subset schema, ``teicorpus`` writes the corpus file.

May import: ``corpus.standoff``, ``corpus.document``, ``corpus.project`` and lower stages.
"""
