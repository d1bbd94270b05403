"""Features of one labelled line in its page, for the learned second opinion (``corpus.clean.model``).

Every feature is a named yes/no fact about a line *after* the rules have labelled the page: the
rules' own decision, where the line stands relative to the article body the rules found, its shape
(length, punctuation, script, digits, clock/date shape), the shape of the block around it (a run of
short lines, headline/time pairs, how much of the neighbourhood the rules removed), how often it
recurs on the page and on the other pages of its site (``corpus.clean.template``).  Binary features
keep the model small and its weights readable, and let the reason of a removal name the facts that
weighed most ("in a run of 6 short lines", "repeats on 3 of 3 pages of the site").

``extract`` is a pure function of the page's lines, the rules' labels and the site statistics: the
same inputs give the same features, in line order."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from corpus.clean import template as tpl
from corpus.clean.features import _ARABIC_LETTER, _LATIN, _LETTER, _F
from corpus.clean.labels import LineLabel
from corpus.text import dates

#: a line of at most this many words, without sentence punctuation, is "short" (menu, headline, widget)
SHORT_WORDS = 12
#: the neighbourhood the block features look at, in lines either side
WINDOW = 4

_WORD_BINS = ((1, "1"), (2, "2"), (3, "3"), (5, "4-5"), (8, "6-8"), (12, "9-12"), (20, "13-20"), (40, "21-40"))
_DIGITS = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]")
_CLOCK = re.compile(r"\d{1,2}:\d{2}")
_SEPARATORS = re.compile(r"[|•·●▪◦■»›>/]")
_TEXT_ROLES = {"paragraph"}

#: how each feature reads in a removal's reason; ``{…}`` fields come from the line's context
PHRASES: dict[str, str] = {
    "bias": "",
    "rules:removed": "the rules removed it",
    "rules:kept": "the rules kept it",
    "pos:before-body": "before the article body",
    "pos:in-body": "inside the article body",
    "pos:after-body": "after the article body",
    "pos:no-body": "on a page where the rules found no article body",
    "pos:comments": "among the reader comments",
    "gap:near": "within 3 lines of the article body",
    "gap:far": "more than 10 lines away from the article body",
    "relpos:top": "in the top tenth of the page",
    "relpos:bottom": "in the bottom tenth of the page",
    "shape:terminal": "ends with sentence punctuation",
    "shape:no-terminal": "no sentence punctuation at the end",
    "shape:question": "ends with a question mark",
    "shape:colon": "ends with a colon",
    "shape:ellipsis": "ends with an ellipsis",
    "shape:quote-open": "opens with a quote mark",
    "shape:separators": "holds separator marks (| • » /)",
    "shape:bracket-number": "a number in brackets",
    "script:no-letter": "no letter at all",
    "script:latin": "mostly Latin script",
    "script:mixed": "mixed Arabic and Latin script",
    "script:arabic": "Arabic script",
    "digits:some": "holds digits",
    "digits:many": "mostly digits",
    "shape:clock": "a clock time or duration",
    "shape:date": "a date line",
    "shape:relative-time": "a relative time ('منذ 3 ساعات')",
    "run:1": "a line on its own",
    "run:2-3": "in a run of {run} short lines",
    "run:4-6": "in a run of {run} short lines",
    "run:7+": "in a run of {run} short lines",
    "pairs:1": "next to a date/time line",
    "pairs:2-3": "in a block with {pairs} date/time lines (headline/time pairs)",
    "pairs:4+": "in a block with {pairs} date/time lines (headline/time pairs)",
    "next:time": "followed by a date or time",
    "prev:time": "preceded by a date or time",
    "next:removed": "the next line was removed",
    "prev:removed": "the line above was removed",
    "next:paragraph": "followed by article text",
    "prev:paragraph": "preceded by article text",
    "next:short": "followed by a short line",
    "prev:short": "preceded by a short line",
    "around:mostly-removed": "most lines around it were removed ({removed} of {window})",
    "around:mostly-kept": "most lines around it were kept",
    "page:repeated": "occurs {rep} times on the page",
    "page:furniture": "recurs {furn} times on the page with its numbers masked",
    "site:none": "no other page of its site",
    "site:unique": "on no other page of its site",
    "site:some": "repeats on {tpl} of {pages} pages of the site",
    "site:most": "repeats on {tpl} of {pages} pages of the site",
    "site:all": "repeats on {tpl} of {pages} pages of the site",
}
for _lo, _name in _WORD_BINS:
    PHRASES[f"words:{_name}"] = "a line of {words} words" if _name != "1" else "a single word"
PHRASES["words:41+"] = "a long line ({words} words)"


def _words_bin(n: int) -> str:
    for hi, name in _WORD_BINS:
        if n <= hi:
            return name
    return "41+"


@dataclass
class LineFacts:
    """One line's active features (names, sorted) and the numbers its reason may quote."""

    names: list[str]
    ctx: dict = field(default_factory=dict)


def _role(lab: LineLabel) -> str:
    return lab.roles[0]


def _is_time(f: _F, rel: re.Pattern, clock: re.Pattern) -> bool:
    if not 0 < f.words <= 8:
        return False
    if clock.match(f.text) or rel.search(f.folded or ""):
        return True
    return bool(_DIGITS.search(f.text)) and dates.date_line(f.text) is not None


def extract(f: list[_F], labels: list[LineLabel], template: tpl.SiteTemplate | None,
            c: dict) -> list[LineFacts]:
    """The features of every labelled line (``f``: the cleaner's line features, ``labels``: the rules'
    labels, one per non-blank line; ``template``: the page's site statistics or None; ``c``: the
    profile's compiled structure)."""
    n = len(labels)
    rel = c.get("teaser_relative") or c["relative_date"]
    clock = c["clock"]
    roles = [_role(lab) for lab in labels]
    removed = [lab.removed for lab in labels]
    timeish = [_is_time(x, rel, clock) or bool(c["relative_date"].search(x.folded or "")) for x in f]
    short = [0 < x.words <= SHORT_WORDS and not x.terminal for x in f]
    body = [i for i, r in enumerate(roles) if r in _TEXT_ROLES and labels[i].zone == "body"]
    first, last = (body[0], body[-1]) if body else (None, None)
    keys = [" ".join(x.text.split()) for x in f]
    rep = Counter(keys)
    furn = [_DIGITS.sub("#", k) if 0 < x.words <= 4 else "" for k, x in zip(keys, f)]
    furn_n = Counter(k for k in furn if k)
    # runs of consecutive short lines
    run = [0] * n
    i = 0
    while i < n:
        if not short[i]:
            i += 1
            continue
        j = i
        while j < n and short[j]:
            j += 1
        for k in range(i, j):
            run[k] = j - i
        i = j
    out: list[LineFacts] = []
    for i, (x, lab) in enumerate(zip(f, labels)):
        names = ["bias", "rules:removed" if removed[i] else "rules:kept", f"role:{roles[i]}", f"zone:{lab.zone}"]
        rule = lab.segments[0].rule if lab.segments else ""
        names.append(f"rule:{rule}")
        ctx: dict = {"words": x.words}
        if any(r.startswith("comment-") for r in lab.roles) or lab.zone == "comments":
            names.append("pos:comments")
        if first is None:
            names.append("pos:no-body")
        else:
            if i < first:
                names.append("pos:before-body")
                gap = first - i
            elif i > last:
                names.append("pos:after-body")
                gap = i - last
            else:
                names.append("pos:in-body")
                gap = 0
            if 0 < gap <= 3:
                names.append("gap:near")
            elif gap > 10:
                names.append("gap:far")
        if n >= 10 and i < n / 10:
            names.append("relpos:top")
        if n >= 10 and i >= n - n / 10:
            names.append("relpos:bottom")
        names.append(f"words:{_words_bin(x.words)}")
        text = x.text.strip()
        names.append("shape:terminal" if x.terminal else "shape:no-terminal")
        if text.endswith(("?", "؟")):
            names.append("shape:question")
        if text.endswith((":", "：")):
            names.append("shape:colon")
        if x.ellipsis:
            names.append("shape:ellipsis")
        if text.startswith(c["quote_open"]):
            names.append("shape:quote-open")
        if _SEPARATORS.search(text):
            names.append("shape:separators")
        if re.search(r"[(\[]\s*\d+\s*[)\]]", text):
            names.append("shape:bracket-number")
        letters = len(_LETTER.findall(text)) if x.words <= 80 else 0
        if x.words > 80:
            names.append("script:arabic" if x.arabic else "script:latin")
        elif letters == 0:
            names.append("script:no-letter")
        else:
            ar = len(_ARABIC_LETTER.findall(text)) / letters
            la = len(_LATIN.findall(text)) / letters
            names.append("script:latin" if la >= 0.6 else "script:mixed" if la > 0.1 and ar > 0.1 else "script:arabic")
        nd = len(_DIGITS.findall(text))
        if nd:
            nonspace = sum(1 for ch in text if not ch.isspace())
            names.append("digits:many" if nd >= 0.5 * nonspace else "digits:some")
        if _CLOCK.search(text) and x.words <= 4:
            names.append("shape:clock")
        if timeish[i]:
            names.append("shape:date" if dates.date_line(x.text) is not None else "shape:relative-time")
        if short[i]:
            r = run[i]
            names.append("run:1" if r == 1 else "run:2-3" if r <= 3 else "run:4-6" if r <= 6 else "run:7+")
            ctx["run"] = r
        lo, hi = max(0, i - WINDOW), min(n, i + WINDOW + 1)
        pairs = sum(timeish[k] for k in range(lo, hi) if k != i)
        if pairs:
            names.append("pairs:1" if pairs == 1 else "pairs:2-3" if pairs <= 3 else "pairs:4+")
            ctx["pairs"] = pairs
        for side, k in (("next", i + 1), ("prev", i - 1)):
            if 0 <= k < n:
                if timeish[k]:
                    names.append(f"{side}:time")
                if removed[k]:
                    names.append(f"{side}:removed")
                if roles[k] in _TEXT_ROLES:
                    names.append(f"{side}:paragraph")
                if short[k]:
                    names.append(f"{side}:short")
        around = [k for k in range(lo, hi) if k != i]
        if around:
            rm = sum(removed[k] for k in around)
            ctx["removed"], ctx["window"] = rm, len(around)
            if rm * 3 >= 2 * len(around):
                names.append("around:mostly-removed")
            elif rm * 3 <= len(around):
                names.append("around:mostly-kept")
        if rep[keys[i]] > 1 and _LETTER.search(text):
            names.append("page:repeated")
            ctx["rep"] = rep[keys[i]]
        if furn[i] and furn_n[furn[i]] >= 3:
            names.append("page:furniture")
            ctx["furn"] = furn_n[furn[i]]
        if template is None or template.pages < 2:
            names.append("site:none")
        else:
            k = template.count(tpl.line_key(x.text))
            ctx["tpl"], ctx["pages"] = k, template.pages
            share = k / template.pages
            names.append("site:unique" if k <= 1 else "site:all" if k >= template.pages
                         else "site:most" if share >= 0.5 else "site:some")
        out.append(LineFacts(sorted(set(names)), ctx))
    return out


def phrase(name: str, ctx: dict) -> str:
    """The readable form of a feature for a line (empty for the bias and unknown names)."""
    if name.startswith("role:"):
        return f"the rules call it {name[5:]}" if name != "role:removed" else ""
    if name.startswith("zone:"):
        return f"in the page's {name[5:]} zone"
    if name.startswith("rule:"):
        return f"rule {name[5:]}"
    text = PHRASES.get(name, "")
    # a number the context does not hold reads as 'several' (never a KeyError in a reason)
    return re.sub(r"\{(\w+)\}", lambda m: str(ctx.get(m.group(1), "several")), text)
