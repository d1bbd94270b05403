"""Stage 6 — build: every catalogued seed → validated JSON + TEI in ``build/``, with a report.

Orchestrates the stages below for a whole corpus (in one process or many) and writes atomically.

May import every stage below it (``project``, ``text``, ``clean``, ``document``, ``standoff``, ``tei``).
"""
