"""The project: ``corpus.json`` (corpus metadata) and ``seeds/catalog.json`` (the seeds and their SHA-256).

Every stage may read the project's configuration; this package imports only the base modules
(``errors``, ``jsonio``, ``schemas``).
"""
