"""CoNLL-U and IOB2 for NER training: one sentence per block, IOB2 tags on proclitic-aware tokens.

CoNLL-U keeps everything needed to come back: ``TokenRange=start:end`` (code points into the
document text), ``SpaceAfter=No``, and on the first token of a mention ``Ref=`` (the entity),
``When=`` (a date's value), ``Note=`` (percent-encoded) and ``AnnId=`` (the annotation id). IOB2 is the
bare two-column form (token, tag) that most NER trainers read; importing it aligns the tokens back to the document text in order. Only the NER types travel
(PER ORG GPE LOC DATE TIME); a mention that crosses blocks, is nested in another, or has a boundary
inside a word that is not after a proclitic cannot be a run of whole tokens and is reported, not bent.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote

from corpus.errors import ValidationError
from corpus.interop.spans import NER_TYPES, Span, spans_of
from corpus.interop.tokens import Token, proclitic_cuts, tokenize
from corpus.standoff.anchor import DocText
from corpus.standoff.model import AnnotationFile


@dataclass(frozen=True)
class Sentence:
    block: str
    tokens: list[Token]
    tags: list[str]
    extra: list[dict]  # per token: Ref / AnnId on the first token of a mention


@dataclass(frozen=True)
class Tagged:
    sentences: list[Sentence]
    skipped: list[str]  # why each annotation that did not travel was left out


def tag(af: AnnotationFile, dt: DocText) -> Tagged:
    """Tokens and IOB2 tags per block; every annotation is tagged or named in ``skipped``."""
    spans = spans_of(af, dt)
    skipped = [f"{s.id} {s.type}: not a named-entity type (only {', '.join(NER_TYPES)} go to CoNLL)"
               for s in spans if s.type not in NER_TYPES]
    ner = sorted((s for s in spans if s.type in NER_TYPES), key=lambda s: (s.start, -s.end))
    kept: list[Span] = []
    for s in ner:
        outer = next((k for k in kept if k.start <= s.start and s.end <= k.end), None)
        if outer is not None:
            skipped.append(f"{s.id} {s.type} {dt.text[s.start:s.end]!r}: nested in {outer.id}; IOB2 has one layer")
        elif any(k.start < s.end and s.start < k.end for k in kept):
            skipped.append(f"{s.id} {s.type}: overlaps another mention; IOB2 has one layer")
        elif "\n" in dt.text[s.start:s.end]:
            skipped.append(f"{s.id} {s.type}: crosses blocks; a CoNLL sentence is one block")
        else:
            kept.append(s)
    cuts = proclitic_cuts(dt.text, [b for s in kept for b in (s.start, s.end)])
    sentences = []
    for b in dt.blocks:
        lo = dt.start_of[b.id]
        toks = tokenize(dt.text, lo, lo + len(b.text), cuts)
        tags = ["O"] * len(toks)
        extra: list[dict] = [{} for _ in toks]
        starts = {t.start: i for i, t in enumerate(toks)}
        ends = {t.end: i for i, t in enumerate(toks)}
        for s in kept:
            if not (lo <= s.start < lo + len(b.text) + 1):
                continue
            i, j = starts.get(s.start), ends.get(s.end)
            if i is None or j is None:
                skipped.append(f"{s.id} {s.type} {dt.text[s.start:s.end]!r}: a boundary falls inside a word "
                               f"(not after a proclitic), so it is not a run of whole tokens")
                continue
            tags[i] = f"B-{s.type}"
            for k in range(i + 1, j + 1):
                tags[k] = f"I-{s.type}"
            extra[i] = {"AnnId": s.id, **{k.capitalize(): v for k, v in sorted(s.attributes.items())},
                        **({"Note": quote(s.note, safe="")} if s.note else {})}
        sentences.append(Sentence(b.id, toks, tags, extra))
    return Tagged(sentences, skipped)


def _misc(text: str, tok: Token, nxt: Token | None, tag_: str, extra: dict) -> str:
    parts = {"NER": tag_, "TokenRange": f"{tok.start}:{tok.end}", **extra}
    if nxt is not None and nxt.start == tok.end:
        parts["SpaceAfter"] = "No"
    return "|".join(f"{k}={v}" for k, v in sorted(parts.items()))


def to_conllu(af: AnnotationFile, dt: DocText) -> tuple[str, list[str]]:
    tagged = tag(af, dt)
    lines = [f"# newdoc id = {dt.doc.id}", f"# annotator = {af.annotator}"]
    for sent in tagged.sentences:
        if not sent.tokens:
            continue
        lines += [f"# sent_id = {dt.doc.id}.{sent.block}", f"# text = {dt.text[dt.start_of[sent.block]:dt.start_of[sent.block] + dt.block_len(sent.block)]}"]
        for i, tok in enumerate(sent.tokens):
            nxt = sent.tokens[i + 1] if i + 1 < len(sent.tokens) else None
            form = tok.text.replace("\t", " ")
            lines.append("\t".join([str(i + 1), form, "_", "_", "_", "_", "_", "_", "_",
                                    _misc(dt.text, tok, nxt, sent.tags[i], sent.extra[i])]))
        lines.append("")
    return "\n".join(lines) + "\n", tagged.skipped


def to_iob2(af: AnnotationFile, dt: DocText) -> tuple[str, list[str]]:
    tagged = tag(af, dt)
    lines: list[str] = []
    for sent in tagged.sentences:
        if not sent.tokens:
            continue
        lines += [f"{tok.text}\t{t}" for tok, t in zip(sent.tokens, sent.tags)]
        lines.append("")
    return "\n".join(lines) + "\n", tagged.skipped


def _spans_from_tags(rows: list[tuple[int, int, str, dict]], where: str) -> list[Span]:
    """IOB2 rows (start, end, tag, misc) → spans; an I- that does not continue its type is an error."""
    out: list[Span] = []
    cur: list | None = None
    for n, (s, e, t, misc) in enumerate(rows, 1):
        if t.startswith("I-") and cur is not None and cur[1] == t[2:]:
            cur[3] = e
            continue
        if cur is not None:
            out.append(Span(*cur))
            cur = None
        if t == "O":
            continue
        if t.startswith("I-"):
            raise ValidationError(where, f"token {n}: {t} does not continue a {t[2:]} mention (IOB2 needs B- first)",
                                  hint="start each mention with B-")
        if not t.startswith("B-") or t[2:] not in NER_TYPES:
            raise ValidationError(where, f"token {n}: unknown tag {t!r}", hint=f"use O, B-X or I-X with X in {', '.join(NER_TYPES)}")
        attrs = {k: misc[k.capitalize()] for k in ("ref", "when") if k.capitalize() in misc}
        cur = [misc.get("AnnId"), t[2:], s, e, attrs, unquote(misc["Note"]) if "Note" in misc else None]
    if cur is not None:
        out.append(Span(*cur))
    return out


def _align(dt: DocText, forms: list[str], where: str) -> list[tuple[int, int]]:
    """Place tokens on the document text in order, skipping only white space between them."""
    pos, out = 0, []
    for n, form in enumerate(forms, 1):
        while pos < len(dt.text) and dt.text[pos].isspace() and not dt.text.startswith(form, pos):
            pos += 1
        if not dt.text.startswith(form, pos):
            got = dt.text[pos:pos + len(form) + 10].replace("\n", "⏎")
            raise ValidationError(where, f"token {n} {form!r} does not match the document text at offset {pos} ({got!r})",
                                  hint="the file must be an export of this document's current text, tokens in order")
        out.append((pos, pos + len(form)))
        pos += len(form)
    return out


def from_iob2(text: str, dt: DocText, where: str) -> list[Span]:
    rows_raw = [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    for n, r in enumerate(rows_raw, 1):
        if len(r) < 2:
            raise ValidationError(where, f"row {n} has {len(r)} column(s); IOB2 rows are token<TAB>tag", hint="fix the row")
    offsets = _align(dt, [r[0] for r in rows_raw], where)
    return _spans_from_tags([(s, e, r[-1].strip(), {}) for (s, e), r in zip(offsets, rows_raw)], where)


def from_conllu(text: str, dt: DocText, where: str) -> list[Span]:
    import conllu  # the maintained CoNLL-U parser (extra: corpus[interop])

    try:
        sentences = conllu.parse(text)
    except Exception as exc:  # conllu raises its own ParseException
        raise ValidationError(where, f"not valid CoNLL-U: {exc}", hint="check the columns (10, tab-separated)") from None
    rows: list[tuple[int, int, str, dict]] = []
    forms: list[str] = []
    ranges: list[tuple[int, int] | None] = []
    for sent in sentences:
        for tok in sent:
            if not isinstance(tok["id"], int):
                continue  # multiword ranges and empty nodes carry no NER tag
            misc = dict(tok["misc"] or {})
            forms.append(tok["form"])
            r = misc.get("TokenRange")
            ranges.append(tuple(int(x) for x in r.split(":")) if r else None)
            rows.append((0, 0, misc.get("NER", "O"), misc))
    if all(r is not None for r in ranges):
        for (s, e), f in zip(ranges, forms):
            if dt.text[s:e] != f:
                raise ValidationError(where, f"TokenRange {s}:{e} holds {dt.text[s:e]!r}, not the token {f!r}",
                                      hint="the file was made from another version of the text: re-export it")
        offsets = ranges
    else:
        offsets = _align(dt, forms, where)
    return _spans_from_tags([(s, e, t, m) for (s, e), (_, _, t, m) in zip(offsets, rows)], where)
