"""The little CSS a page's own ``<style>`` elements need for innerText: ``display`` and ``visibility``.

A browser lays a page out with its style sheets; the line breaks of ``innerText`` follow the computed
``display`` (a ``display:flex`` row makes each child a block; ``display:inline`` list items share a
line; ``display:none`` hides).  External style sheets are never fetched (a saved page or a WARC record
rarely has them, and a text capture of the page would not depend on them either); the page's own
``<style>`` rules and ``style`` attributes are applied.  Supported: selector lists of compound
selectors (``tag``, ``.class``, ``#id``, ``*`` and their combinations) joined by descendant (space) or
child (``>``) combinators; rules inside at-rules (``@media`` ...) are ignored (they depend on the
window); later rules win over earlier ones and the ``style`` attribute over both (specificity is not
computed: a simplification, documented in docs/cleaning.md)."""
from __future__ import annotations

import re

_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.S)
_COMPOUND = re.compile(r"^(?P<tag>[A-Za-z][A-Za-z0-9-]*|\*)?(?P<rest>(?:[.#][A-Za-z0-9_-]+)*)$")
_DECL = re.compile(r"(display|visibility|float|position)\s*:\s*([a-z-]+)", re.I)


def _rules_text(css: str):
    """(selector text, declarations) of the top-level rules, at-rule blocks skipped."""
    css = _COMMENT.sub(" ", css)
    i, n = 0, len(css)
    while i < n:
        j = css.find("{", i)
        if j < 0:
            return
        head = css[i:j].strip()
        depth, k = 1, j + 1
        while k < n and depth:
            if css[k] == "{":
                depth += 1
            elif css[k] == "}":
                depth -= 1
            k += 1
        body = css[j + 1:k - 1]
        if head.startswith("@"):
            semi = head.rfind(";")  # '@import ...; sel {' : the rule after the statement at-rule
            if semi >= 0 and not head[semi + 1:].strip().startswith("@"):
                head = head[semi + 1:].strip()
            else:
                i = k
                continue
        yield head, body
        i = k


def _compound(text: str):
    m = _COMPOUND.match(text)
    if not m or not text:
        return None
    tag = (m.group("tag") or "*").lower()
    classes = tuple(x[1:] for x in re.findall(r"\.[A-Za-z0-9_-]+", m.group("rest")))
    ids = tuple(x[1:] for x in re.findall(r"#[A-Za-z0-9_-]+", m.group("rest")))
    return tag, classes, ids


def _selector(text: str):
    """A selector as (compounds, combinators), both right to left, or None when unsupported."""
    seq: list = []
    for p in re.sub(r"\s*>\s*", " > ", text.strip()).split():
        if p == ">":
            if not seq or seq[-1] == ">":
                return None
            seq.append(">")
            continue
        c = _compound(p)
        if c is None:
            return None
        if seq and seq[-1] != ">":
            seq.append(" ")
        seq.append(c)
    if not seq or seq[-1] == ">":
        return None
    return list(reversed(seq[0::2])), list(reversed(seq[1::2]))


def _matches_compound(el, c) -> bool:
    tag, classes, ids = c
    if tag != "*" and (not isinstance(el.tag, str) or el.tag.lower() != tag):
        return False
    if classes:
        have = set((el.get("class") or "").split())
        if not all(x in have for x in classes):
            return False
    return not ids or el.get("id") in ids


def _matches(el, sel) -> bool:
    comps, combs = sel
    if not _matches_compound(el, comps[0]):
        return False
    cur = el
    for c, comb in zip(comps[1:], combs):
        cur = cur.getparent()
        if comb == ">":
            if cur is None or not _matches_compound(cur, c):
                return False
        else:
            while cur is not None and not _matches_compound(cur, c):
                cur = cur.getparent()
            if cur is None:
                return False
    return True


class Styles:
    """Computed ``display``/``visibility`` from the page's ``<style>`` rules (index by the rightmost
    compound's id, class or tag, so a page with thousands of rules stays fast)."""

    def __init__(self, root):
        self.by_key: dict[str, list] = {}
        self.cache: dict = {}
        order = 0
        for st in root.iter("style"):
            media = (st.get("media") or "all").lower()
            if not any(m in media for m in ("all", "screen")):
                continue
            for head, body in _rules_text(st.text or ""):
                decls = {k.lower(): v.lower() for k, v in _DECL.findall(body)}
                if not decls:
                    continue
                for s in head.split(","):
                    sel = _selector(s)
                    if sel is None:
                        continue
                    tag, classes, ids = sel[0][0]
                    key = f"#{ids[0]}" if ids else f".{classes[0]}" if classes else tag
                    self.by_key.setdefault(key, []).append((order, sel, decls))
                    order += 1

    def __bool__(self) -> bool:
        return bool(self.by_key)

    def computed(self, el) -> dict:
        """The element's display/visibility/float/position from the rules (a fresh dict: callers add to it)."""
        if not self.by_key or not isinstance(el.tag, str):
            return {}
        hit = self.cache.get(el)  # the key keeps lxml's proxy alive, so it stays the same object
        if hit is None:
            hit = self.cache[el] = self._computed(el)
        return dict(hit)

    def _computed(self, el) -> dict:
        cands = list(self.by_key.get(el.tag.lower(), ())) + list(self.by_key.get("*", ()))
        for c in (el.get("class") or "").split():
            cands.extend(self.by_key.get("." + c, ()))
        if el.get("id"):
            cands.extend(self.by_key.get("#" + el.get("id"), ()))
        out: dict = {}
        for _, sel, decls in sorted(cands, key=lambda x: x[0]):
            if _matches(el, sel):
                out.update(decls)
        return out
