"""The document pipeline: raw text -> profile -> labelled lines -> Document.

``process`` is pure (same RawText, profiles and site statistics give the same Document);
``process_file`` reads and decodes a file first (InputError for undecodable or empty input).
``site_statistics`` is the corpus-level first pass: when several pages of one site are cleaned
together, the lines they share are that site's template (``corpus.clean.template``)."""
from __future__ import annotations

from typing import Iterable, Mapping, NamedTuple

from corpus.clean import profiles
from corpus.clean import template as tpl
from corpus.clean.engine import clean
from corpus.document.model import Document
from corpus.text.normalize import fold
from corpus.text.raw import RawText
from corpus.document.split import split


def _profile(raw: RawText, site_profiles: bool) -> profiles.Profile:
    if not site_profiles:
        return profiles.select("", False)
    return profiles.compile_profile(*profile_choice(raw))


def profile_choice(raw: RawText) -> tuple[str | None, tuple[str, ...]]:
    """The site profile a page's fingerprints select and their evidence (``profiles.detect``): what
    ``process`` compiles; the build's first pass finds it and hands it to the main pass."""
    # fingerprints describe page chrome: look for them in the short lines only (cheap to fold); folded
    # line by line (the fold is per character, so this is the fold of the joined text), the cleaner
    # then finds these folds remembered (corpus.text.normalize.fold)
    text = "\n".join(fold(ln.text) for ln in raw.lines if len(ln.text) <= profiles.FINGERPRINT_LINE_MAX)
    return profiles.detect(text, folded=True)


def process(raw: RawText, *, site_profiles: bool = True, template: tpl.SiteTemplate | None = None,
            line_model: bool | None = None, choice: tuple[str | None, tuple[str, ...]] | None = None) -> Document:
    """Clean and split one decoded page; ``site_profiles=False`` uses the generic profile only;
    ``template``: the statistics of the page's site (from ``site_statistics``), if any;
    ``line_model``: run the learned second opinion (None: the profile's ``line_model`` switch);
    ``choice``: this page's ``profile_choice``, when already known (site profiles on)."""
    if choice is not None and site_profiles:
        profile = profiles.compile_profile(*choice)
    else:
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


class PageSummary(NamedTuple):
    """What the first pass needs of one page (its template keys and its site), small enough to send
    from a worker process back to the one that adds the pages up (``reduce_summaries``)."""

    name: str
    keys: set[int]  # every template key of the page (corpus.clean.template.page_keys)
    short: set[int]  # the keys of its chrome lines
    site: str | None  # its site when known (catalog field, site profile), else None: grouped by chrome
    how: str  # how the site is known: 'catalog' or 'profile'
    choice: tuple[str | None, tuple[str, ...]] | None = None  # its profile_choice (site profiles on)


def page_summary(name: str, raw: RawText, *, site_profiles: bool = True, site: str | None = None) -> PageSummary:
    """The per-page half of the first pass: a pure function of one page, so it runs in any process
    (``site``: the catalog's site of the page, if any).  With site profiles on, the page's profile is
    chosen here once, for ``process`` to reuse (``choice``)."""
    keys, short = tpl.page_keys(ln.text for ln in raw.lines)
    choice = profile_choice(raw) if site_profiles else None
    if site:
        return PageSummary(name, keys, short, site, "catalog", choice)
    pid = profiles.compile_profile(*choice).id if choice is not None else "generic"
    return PageSummary(name, keys, short, None if pid == "generic" else f"profile:{pid}", "profile", choice)


def reduce_summaries(summaries: Iterable[PageSummary | None]) -> tpl.TemplateStats:
    """The corpus-level half of the first pass: page summaries added up in the order given (the order
    matters: a page of unknown site joins the first group whose chrome it shares); None is skipped."""
    c = tpl.Collector()
    for s in summaries:
        if s is not None:
            c.add_keys(s.name, s.keys, s.short, s.site, s.how)
    return c.result()


def site_statistics(raws: Iterable[tuple[str, RawText]] | Mapping[str, RawText], *, site_profiles: bool = True,
                    sites: Mapping[str, str | None] | None = None) -> tpl.TemplateStats:
    """The corpus-level first pass: template-line statistics of every site among ``raws`` (name, page),
    streamed in the order given (a mapping: in name order).

    A page's site is ``sites[name]`` when given (a catalog source field), else the site profile its
    fingerprints select, else the group of pages it shares its chrome with.  The same as
    ``reduce_summaries`` of every page's ``page_summary``, which is how a build runs it on its workers."""
    items = sorted(raws.items()) if isinstance(raws, Mapping) else raws
    return reduce_summaries(page_summary(name, raw, site_profiles=site_profiles, site=(sites or {}).get(name))
                            for name, raw in items)
