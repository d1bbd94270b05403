"""Stage 7 — release: a versioned, reproducible, checksummed package of a build, and its verification.

``make`` builds and packages a release (``archive``, ``datacard``, ``semver``), ``verify`` checks a
release someone else made, ``diff`` says what changed between two releases and the version step.

May import ``corpus.build`` and every stage below it.
"""
