"""Stand-off annotation: files that point into a document's text without touching it.

An annotation file (``annotations/<doc-id>/<annotator>.json``) records the document id, the SHA-256
of ``Document.text()`` it was made against, and annotations whose targets carry both a position
(block id + code-point offsets) and the quoted text with a little context, in the spirit of the W3C
Web Annotation TextPositionSelector + TextQuoteSelector.  The position is fast and exact; the quote
and context let :mod:`corpus.standoff.reanchor` re-find an annotation when the text changes.
"""
