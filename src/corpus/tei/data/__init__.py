"""Package data: the TEI P5 4.8.0 tei_all.rng (TEI Consortium; licence in tei_all.LICENCE, provenance in tei_all.VERSION)."""
