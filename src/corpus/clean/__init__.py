"""Stage 2 — clean: label every raw line as kept (with a role) or removed (with a rule and a reason).

``engine`` runs the zone rules (``header``, ``body``, ``figures``, ``comments``) over line ``features``
and yields ``labels``; ``profiles`` loads the declarative data (``data/lexicon.json``,
``data/profiles/*.json``, schema-validated) that parameterises the rules.  Profiles are data read by
the cleaner, never the reverse.

May import: ``corpus.text`` and the base modules (``errors``, ``jsonio``, ``schemas``).
"""
