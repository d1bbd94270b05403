"""The document pipeline: raw text -> profile -> labelled lines -> Document.

``process`` is pure (same RawText, profiles and site statistics give the same Document);
``process_file`` reads and decodes a file first (InputError for undecodable or empty input).
``site_statistics`` is the corpus-level first pass: when several pages of one site are cleaned
together, the lines they share are that site's template (``corpus.clean.template``)."""
from __future__ import annotations

from typing import Mapping

from corpus.clean import profiles
from corpus.clean import template as tpl
from corpus.text import raw as rawtext
from corpus.clean.engine import clean
from corpus.document.model import Document
from corpus.text.raw import RawText
from corpus.document.split import split


def _profile(raw: RawText, site_profiles: bool) -> profiles.Profile:
    # fingerprints describe page chrome: look for them in the short lines only (cheap to fold)
    text = "\n".join(ln.text for ln in raw.lines if len(ln.text) <= profiles.FINGERPRINT_LINE_MAX)
    return profiles.select(text, site_profiles)


def process(raw: RawText, *, site_profiles: bool = True, template: tpl.SiteTemplate | None = None) -> Document:
    """Clean and split one decoded page; ``site_profiles=False`` uses the generic profile only;
    ``template``: the statistics of the page's site (from ``site_statistics``), if any."""
    profile = _profile(raw, site_profiles)
    return split(raw, clean(raw, profile, template), profile)


def process_file(path, **kw) -> Document:
    """Read, decode and process a raw file."""
    return process(rawtext.read(path), **kw)


def site_statistics(raws: Mapping[str, RawText], *, site_profiles: bool = True,
                    sites: Mapping[str, str | None] | None = None) -> tpl.TemplateStats:
    """The corpus-level first pass: template-line statistics of every site among ``raws`` (name -> page).

    A page's site is ``sites[name]`` when given (a catalog source field), else the site profile its
    fingerprints select, else the group of pages it shares its chrome with."""
    known: dict[str, str | None] = {}
    how: dict[str, str] = {}
    for name, raw in raws.items():
        if sites and sites.get(name):
            known[name], how[name] = sites[name], "catalog"
            continue
        pid = _profile(raw, site_profiles).id if site_profiles else "generic"
        known[name] = None if pid == "generic" else f"profile:{pid}"
        how[name] = "profile"
    return tpl.collect({n: (ln.text for ln in r.lines) for n, r in raws.items()}, known, how=how)
