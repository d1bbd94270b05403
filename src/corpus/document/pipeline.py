"""The document pipeline: raw text -> profile -> labelled lines -> Document.

``process`` is pure (same RawText, profiles and site statistics give the same Document);
``process_file`` reads and decodes a file first (InputError for undecodable or empty input).
``site_statistics`` is the corpus-level first pass: when several pages of one site are cleaned
together, the lines they share are that site's template (``corpus.clean.template``)."""
from __future__ import annotations

from typing import Iterable, Mapping

from corpus.clean import profiles
from corpus.clean import template as tpl
from corpus.text import raw as rawtext
from corpus.clean.engine import clean
from corpus.document.model import Document
from corpus.text.normalize import fold
from corpus.text.raw import RawText
from corpus.document.split import split


def _profile(raw: RawText, site_profiles: bool) -> profiles.Profile:
    if not site_profiles:
        return profiles.select("", False)
    # fingerprints describe page chrome: look for them in the short lines only (cheap to fold); folded
    # line by line (the fold is per character, so this is the fold of the joined text), the cleaner
    # then finds these folds remembered (corpus.text.normalize.fold)
    text = "\n".join(fold(ln.text) for ln in raw.lines if len(ln.text) <= profiles.FINGERPRINT_LINE_MAX)
    return profiles.select(text, site_profiles, folded=True)


def process(raw: RawText, *, site_profiles: bool = True, template: tpl.SiteTemplate | None = None,
            line_model: bool | None = None) -> Document:
    """Clean and split one decoded page; ``site_profiles=False`` uses the generic profile only;
    ``template``: the statistics of the page's site (from ``site_statistics``), if any;
    ``line_model``: run the learned second opinion (None: the profile's ``line_model`` switch)."""
    profile = _profile(raw, site_profiles)
    return split(raw, clean(raw, profile, template, line_model=line_model), profile)


def process_file(path, **kw) -> Document:
    """Read, decode and process a raw file (a text capture or an HTML page, by its suffix)."""
    from corpus.text import sources

    return process(sources.read(path), **kw)


def page_site(raw: RawText, site_profiles: bool = True) -> str | None:
    """The site a page's fingerprints name (``profile:<id>``), or None for the generic profile."""
    if not site_profiles:
        return None
    pid = _profile(raw, True).id
    return None if pid == "generic" else f"profile:{pid}"


def site_statistics(raws: Iterable[tuple[str, RawText]] | Mapping[str, RawText], *, site_profiles: bool = True,
                    sites: Mapping[str, str | None] | None = None) -> tpl.TemplateStats:
    """The corpus-level first pass: template-line statistics of every site among ``raws`` (name, page),
    streamed in the order given (a mapping: in name order).

    A page's site is ``sites[name]`` when given (a catalog source field), else the site profile its
    fingerprints select, else the group of pages it shares its chrome with."""
    items = sorted(raws.items()) if isinstance(raws, Mapping) else raws
    c = tpl.Collector()
    for name, raw in items:
        lines = [ln.text for ln in raw.lines]
        if sites and sites.get(name):
            c.add(name, lines, sites[name], "catalog")
        else:
            c.add(name, lines, page_site(raw, site_profiles), "profile")
    return c.result()
