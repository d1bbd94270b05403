"""DOM evidence for pages read from HTML: named rules, each with its reason, that the engine consults.

A text capture has no DOM: for it nothing here runs and the cleaner behaves exactly as before.  For a
page read by ``corpus.text.html`` every line carries its ancestor chain (tags, class/id tokens), its
link share and its place relative to the page's main ``<article>``.  Two entry points:

* ``dom_comment`` (tried first): a line inside a comments container (class/id ``comment``,
  ``comments``, ``disqus`` ...) belongs to the comment item that holds it (the outermost repeated
  element below the container, or an element named ``comment``); its part (author, date, title,
  place, text, or a button/counter to remove) comes from the markup's class/id words or element
  (``<time>``, ``<p>``).  Lines of the container outside any item are removed.  Where the markup does
  not name the part, the engine's text rules for comments decide, numbered by the markup's items.
* ``dom_chrome`` (after the profile's pattern rules): landmark ancestry (``nav``, the page's
  ``header``/``footer``, ``aside``, ``form``), class/id words (share, related, breadcrumb, ad, tags,
  newsletter, cookie, menu, sidebar, copyright), the lines after the main article, and link-dense lines
  are removed; a ``<p>`` of the main article resumes the article where a lexicon rule had switched to
  page chrome.

Elements that wrap the main article or the headline (``<form id=form1>`` around a whole ASP.NET page,
a ``<div class="page-article">``) say nothing about a line: their tags and classes are ignored.  The
words are data (``corpus/clean/data/dom.json``, validated by ``schema/dom.schema.json``)."""
from __future__ import annotations

import functools
from importlib import resources

from corpus import jsonio, schemas
from corpus.clean.features import _F
from corpus.clean.labels import LineLabel
from corpus.errors import ConfigError

STRUCTURAL = frozenset({"list", "area", "section", "thread", "head", "header", "footer", "form", "respond",
                        "wrap", "wrapper", "container", "info", "add", "new", "box", "right", "left", "level", "wpd"})


@functools.lru_cache(maxsize=None)
def rules() -> dict:
    """The DOM rules (corpus/clean/data/dom.json), schema-validated and compiled once per process."""
    where = "corpus/clean/data/dom.json"
    data = jsonio.parse(resources.files("corpus.clean.data").joinpath("dom.json").read_text(encoding="utf-8"),
                        where, ConfigError)
    schemas.check("dom.schema.json", data, where, ConfigError)
    c = data["comments"]
    part_of = {}
    for role, words in c["parts"].items():
        for w in words:
            part_of.setdefault(w, role)
    return {
        "landmarks": {lm["tag"]: (lm["rule"], lm["reason"]) for lm in data["landmarks"]},
        "tokens": [(frozenset(r["tokens"]), r["rule"], r["reason"]) for r in data["token_rules"]],
        "protect": frozenset(data["protect_tokens"]),
        "link_dense": data["link_dense"],
        "after_article": data["after_article"],
        "container": frozenset(c["container_tokens"]),
        "part_of": part_of,
        "part_tags": dict(c["part_tags"]),
        "c": c,
    }


def line_evidence(raw, lines) -> list | None:
    """The DOM evidence of each non-blank line (None for a text capture)."""
    info = getattr(raw, "html", None)
    if info is None or not info.dom:
        return None
    return [info.dom[ln.number - 1] for ln in lines]


class _DomRules:
    """DOM rules of ``clean._Cleaner`` (active only when the page came from HTML)."""

    def dom_removed(self, i: int, rule: str, reason: str) -> LineLabel:
        return self.whole(i, None, "", reason, rule)

    def dom_comment(self, i: int, f: _F) -> LineLabel | None:
        d = self.dom[i]
        R = rules()
        chain = d.chain
        cont = None
        for k, a in enumerate(chain):
            if not a.wrapper and any(t in R["container"] for t in a.tokens):
                cont = k  # the outermost one
        if cont is None:
            return None
        item = None
        for k in range(cont - 1, -1, -1):  # from the container down to the line
            a = chain[k]
            toks = set(a.tokens)
            named = "comment" in toks and not (toks - {"comment", "comments"}) & (set(R["part_of"]) | STRUCTURAL)
            if a.repeated or named:
                item = k
                break
        c = R["c"]
        if item is None:
            return self.dom_removed(i, c["container_rule"], c["container_reason"])
        if self.zone != "comments":
            self.set_zone("comments")
            self.signature_first = None
        order = chain[item].order
        if order != self.dom_item:
            self.dom_item = order
            self.comment += 1
            self.comment_open = True
        role = None
        for k in range(0, item):
            a = chain[k]
            hit = next((R["part_of"][t] for t in a.tokens if t in R["part_of"]), None)
            if hit is None:
                hit = R["part_tags"].get(a.tag)
            if hit is not None:
                role = hit
                break
        if role == "removed":
            lab = self.dom_removed(i, c["removed_rule"], c["removed_reason"])
        elif role is not None:
            lab = self.whole(i, role, "", c["part_reason"], c["part_rule"])
        else:
            n = self.comment
            lab = self.comment_line(i, f)
            self.comment = n
        lab.zone = "comments"
        if not lab.removed:
            lab.comment = self.comment
        return lab

    def dom_chrome(self, i: int, f: _F) -> LineLabel | None:
        d = self.dom[i]
        R = rules()
        for a in d.chain:
            if a.wrapper:
                continue
            if a.tag in R["landmarks"] and not a.scoped:
                return self.dom_removed(i, *R["landmarks"][a.tag])
            for words, rule, reason in R["tokens"]:
                if any(t in words for t in a.tokens):
                    return self.dom_removed(i, rule, reason)
        if d.after_article:
            return self.dom_removed(i, R["after_article"]["rule"], R["after_article"]["reason"])
        ld = R["link_dense"]
        if (self.zone != "header" and d.link_share >= ld["min_share"] and "h1" not in d.tags
                and not any(t in R["protect"] for a in d.chain if not a.wrapper for t in a.tokens)):
            return self.dom_removed(i, ld["rule"], ld["reason"])
        if self.zone in ("chrome", "end") and d.in_article and "p" in d.tags:
            self.set_zone(self.before_chrome)
            return self.article_line(i, f)
        return None

    def dom_title(self) -> None:
        """The headline is the page's first ``<h1>`` (in the main article if there is one): when the text
        rules chose another line, that line becomes the kicker and the ``<h1>`` line the title."""
        if self.dom is None:
            return
        h1 = [k for k, d in enumerate(self.dom) if "h1" in d.tags and (d.in_article or not d.has_article)]
        if not h1:
            return
        t = h1[0]
        if "title" in self.labels[t].roles or self.labels[t].zone not in ("header", "body") or self.f[t].words > 40:
            return
        for k, lab in enumerate(self.labels):
            if k != t and lab.roles == ["title"]:
                zone = lab.zone
                self.labels[k] = self.whole(k, "kicker", "", "the text rules took it for the title, but the "
                                            "page's <h1> is another line: a sub-headline", "dom.kicker")
                self.labels[k].zone = zone
        zone = self.labels[t].zone
        lab = self.whole(t, "title", "", "the page's first <h1> (in its main article): the headline", "dom.title")
        lab.zone = zone
        sg = lab.segments[0]
        from corpus.clean.labels import MetaHit

        lab.meta.append(MetaHit("title", lab.text[sg.start:sg.end], sg.start, sg.end, "dom.title"))
        self.labels[t] = lab
