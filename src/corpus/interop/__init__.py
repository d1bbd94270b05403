"""Stage 5b — interop: stand-off annotations to and from other tools' formats, and a review page.

INCEpTION/WebAnno (UIMA CAS XMI), brat standoff, W3C Web Annotation (JSON-LD), CoNLL-U and IOB2 for NER
training, CSV for spreadsheets, and a self-contained HTML page to look at the annotations. Every
format module is a pair of pure functions (document + annotation file → text/bytes, and back); every
import ends in ``spans.finish_import``, which runs the same checks as ``corpus annotate check``.

May import: ``corpus.standoff``, ``corpus.document``, ``corpus.text`` and the base modules.
"""
