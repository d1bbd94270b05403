"""brat standoff: ``<doc>.txt`` (the document text) + ``<doc>.ann``, and ``annotation.conf`` for the types.

Every annotation is a text-bound ``T`` line. A span that crosses blocks becomes brat fragments
(``start end;start end``) split at the line breaks, since brat does not draw a span over one. The
entity reference goes in a normalization (``N``, resource ``corpus`` for the registry id, plus a
second ``N`` with resource ``Wikidata`` when the registry has one); the stance of a comment is a
multi-valued attribute (``A … Stance Tn value``); the annotation id, ``when`` and ``speaker`` ride in
an ``AnnotatorNotes`` line as ``key=value`` pairs, so that the import gives back the same annotations.
"""
from __future__ import annotations

import re

from corpus.errors import ValidationError
from corpus.interop.spans import Span, spans_of
from corpus.standoff.anchor import DocText
from corpus.standoff.model import STANCE_LABELS, TYPES, AnnotationFile, Registry

_NOTE_KEYS = ("id", "when", "speaker", "note")


def _fragments(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out, cur = [], s
    for i in range(s, e):
        if text[i] == "\n":
            if i > cur:
                out.append((cur, i))
            cur = i + 1
    if e > cur or not out:
        out.append((cur, e))
    return out


def to_brat(af: AnnotationFile, dt: DocText, registry: Registry | None) -> tuple[str, str]:
    """(.txt, .ann) for the document and the file's annotations."""
    lines: list[str] = []
    n_norm = n_attr = n_note = 0
    for k, sp in enumerate(spans_of(af, dt), 1):
        frags = _fragments(dt.text, sp.start, sp.end)
        quote = " ".join(dt.text[a:b] for a, b in frags)
        lines.append(f"T{k}\t{sp.type} " + ";".join(f"{a} {b}" for a, b in frags) + f"\t{quote}")
        ref = sp.attributes.get("ref")
        if ref:
            n_norm += 1
            ent = registry.get(ref) if registry else None
            lines.append(f"N{n_norm}\tReference T{k} corpus:{ref}\t{ent.name_ar if ent else ref}")
            if ent and ent.wikidata:
                n_norm += 1
                lines.append(f"N{n_norm}\tReference T{k} Wikidata:{ent.wikidata}\t{ent.name_lat}")
        if "stance" in sp.attributes:
            n_attr += 1
            lines.append(f"A{n_attr}\tStance T{k} {sp.attributes['stance']}")
        notes = {"id": sp.id, **{k2: v for k2, v in sp.attributes.items() if k2 in ("when", "speaker")}}
        if sp.note:
            notes["note"] = sp.note.replace("\t", " ").replace("\n", " ")
        n_note += 1
        lines.append(f"#{n_note}\tAnnotatorNotes T{k}\t" + " ".join(f"{k2}={v}" for k2, v in notes.items() if k2 != "note")
                     + (f" note={notes['note']}" if "note" in notes else ""))
    return dt.text, "\n".join(lines) + ("\n" if lines else "")


def annotation_conf() -> str:
    """brat's annotation.conf for our types (entities, the Stance attribute, the normalization DBs)."""
    return "\n".join([
        "[entities]", *TYPES, "", "[relations]", "", "[events]", "",
        "[attributes]", f"Stance\tArg:STANCE, Value:{'|'.join(STANCE_LABELS)}", "",
    ]) + "\n"


def tools_conf() -> str:
    return "[normalization]\ncorpus\tDB:entities.json\nWikidata\t<URL>:https://www.wikidata.org/wiki/%s\n"


_T = re.compile(r"^T(\d+)\t(\S+) ([\d ;]+)\t(.*)$")


def from_brat(txt: str, ann: str, where: str) -> list[Span]:
    """Spans from a brat .ann, in offsets of the .txt it belongs to (the import re-anchors them when that
    is not the document's current text)."""
    source = txt.replace("\r\n", "\n")
    spans: dict[str, dict] = {}
    order: list[str] = []
    for n, line in enumerate(ann.splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith("T"):
            m = _T.match(line)
            if not m:
                raise ValidationError(where, f"line {n}: not a text-bound annotation: {line[:60]!r}",
                                      hint="T<n><TAB>TYPE START END<TAB>text")
            frags = [tuple(int(x) for x in f.split()) for f in m.group(3).split(";")]
            for a, b in frags:
                if not (0 <= a <= b <= len(source)):
                    raise ValidationError(where, f"line {n}: offsets {a}-{b} outside the text (0-{len(source)})",
                                          hint="the .ann was made for another text")
            s, e = frags[0][0], frags[-1][1]
            gaps = [source[frags[i][1]:frags[i + 1][0]] for i in range(len(frags) - 1)]
            if any(g != "\n" for g in gaps):
                raise ValidationError(where, f"line {n}: a discontinuous span ({m.group(3)}) is not one annotation",
                                      hint="split it into separate annotations in brat")
            spans["T" + m.group(1)] = {"type": m.group(2), "start": s, "end": e, "attributes": {}, "id": None, "note": None}
            order.append("T" + m.group(1))
            continue
        parts = line.split("\t")
        head = parts[1].split() if len(parts) > 1 else []
        if line.startswith(("N", "A", "#")) and len(head) >= 2 and head[1] not in spans:
            raise ValidationError(where, f"line {n}: refers to {head[1]}, which is not defined above it",
                                  hint="define the T line first")
        if line.startswith("N") and len(head) == 3 and head[2].startswith("corpus:"):
            spans[head[1]]["attributes"]["ref"] = head[2][len("corpus:"):]
        elif line.startswith("A") and len(head) == 3 and head[0] == "Stance":
            spans[head[1]]["attributes"]["stance"] = head[2]
        elif line.startswith("#") and len(head) == 2 and head[0] == "AnnotatorNotes" and len(parts) > 2:
            text = parts[2]
            note_at = text.find(" note=") if not text.startswith("note=") else 0
            if note_at >= 0:
                spans[head[1]]["note"] = text[note_at:].strip()[len("note="):]
                text = text[:note_at]
            for kv in text.split():
                k, _, v = kv.partition("=")
                if k == "id":
                    spans[head[1]]["id"] = v
                elif k in ("when", "speaker"):
                    spans[head[1]]["attributes"][k] = v
        elif line.startswith(("N", "A", "#", "R", "E", "M")):
            continue  # other normalizations (Wikidata) and unknown extras carry nothing we store
        else:
            raise ValidationError(where, f"line {n}: unknown brat line {line[:40]!r}", hint="see the brat standoff format")
    return [Span(spans[t]["id"], spans[t]["type"], spans[t]["start"], spans[t]["end"], spans[t]["attributes"],
                 spans[t]["note"]) for t in order]
