"""The formats by name: what an export writes and how an import reads, one entry per format."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from corpus import jsonio
from corpus.errors import ValidationError
from corpus.interop import brat, conll, csvfmt, w3c, xmi
from corpus.interop.spans import Span
from corpus.standoff.anchor import DocText
from corpus.standoff.model import AnnotationFile, Registry


@dataclass(frozen=True)
class Format:
    name: str
    what: str
    suffix: str  # of the file an import reads
    export: Callable[[AnnotationFile, DocText, Registry | None], tuple[dict[str, bytes], list[str]]]
    #: (spans, the text they index when the source carries one, else None: spans index the current text)
    read: Callable[[Path, DocText], tuple[list[Span], str | None]]


def _stem(af: AnnotationFile) -> str:
    return f"{af.document}.{af.annotator}"


def _text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(str(path), f"not UTF-8 (byte {exc.start})", hint="save the file as UTF-8") from None


def _beside(path: Path, name: str) -> Path | None:
    p = path.with_name(name)
    return p if p.is_file() else None


def _brat_export(af, dt, reg):
    txt, ann = brat.to_brat(af, dt, reg)
    s = _stem(af)
    return {f"{s}.txt": txt.encode(), f"{s}.ann": ann.encode(), "annotation.conf": brat.annotation_conf().encode(),
            "tools.conf": brat.tools_conf().encode()}, []


def _brat_read(path, dt):
    txt = path.with_suffix(".txt")
    if not txt.is_file():
        raise ValidationError(str(path), f"no {txt.name} beside the .ann", hint="brat keeps the text in a .txt of the same name")
    text = _text(txt)
    return brat.from_brat(text, _text(path), str(path)), text.replace("\r\n", "\n")


def _xmi_export(af, dt, reg):
    data, ts = xmi.to_xmi(af, dt)
    return {f"{_stem(af)}.xmi": data, "TypeSystem.xml": ts}, []


def _xmi_read(path, dt):
    ts = _beside(path, "TypeSystem.xml") or _beside(path, "typesystem.xml")
    return xmi.from_xmi(path.read_bytes(), ts.read_bytes() if ts else None, str(path))


def _w3c_read(path, dt):
    return w3c.from_w3c(jsonio.parse(_text(path), str(path), ValidationError), dt, str(path)), None


def _conll_export(fn, suffix):
    def export(af, dt, reg):
        text, skipped = fn(af, dt)
        return {f"{_stem(af)}.{suffix}": text.encode()}, skipped
    return export


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("xmi", "UIMA CAS XMI + TypeSystem.xml, for INCEpTION / WebAnno", ".xmi", _xmi_export, _xmi_read),
    Format("brat", "brat standoff (.txt + .ann, annotation.conf)", ".ann", _brat_export, _brat_read),
    Format("w3c", "W3C Web Annotation JSON-LD (AnnotationCollection)", ".jsonld",
           lambda af, dt, reg: ({f"{_stem(af)}.jsonld": (json.dumps(w3c.to_w3c(af, dt, reg), ensure_ascii=False,
                                                                   indent=2, sort_keys=True) + "\n").encode()}, []),
           _w3c_read),
    Format("conllu", "CoNLL-U with IOB2 NER tags in MISC", ".conllu", _conll_export(conll.to_conllu, "conllu"),
           lambda p, dt: (conll.from_conllu(_text(p), dt, str(p)), None)),
    Format("iob2", "two-column IOB2 (token, tag) for NER trainers", ".iob2", _conll_export(conll.to_iob2, "iob2"),
           lambda p, dt: (conll.from_iob2(_text(p), dt, str(p)), None)),
    Format("csv", "CSV of mentions with their entities", ".csv",
           lambda af, dt, reg: ({f"{_stem(af)}.mentions.csv": csvfmt.to_mentions(af, dt, reg).encode()}, []),
           lambda p, dt: (csvfmt.from_mentions(_text(p), dt, str(p)), None)),
    Format("csv-stance", "CSV of reader comments with their stance", ".csv",
           lambda af, dt, reg: ({f"{_stem(af)}.stance.csv": csvfmt.to_stance(af, dt).encode()},
                                [f"{a.id} {a.type}: only STANCE goes to csv-stance" for a in af.annotations
                                 if a.type != "STANCE"]),
           lambda p, dt: (csvfmt.from_stance(_text(p), dt, str(p)), None)),
)}


def get(name: str) -> Format:
    if name not in FORMATS:
        raise ValidationError("--format", f"unknown format {name!r}", hint="one of " + ", ".join(FORMATS))
    return FORMATS[name]
