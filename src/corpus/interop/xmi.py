"""INCEpTION / WebAnno: UIMA CAS XMI with a type system for our layers (via dkpro-cassis).

Names, places, organisations and geopolitical entities go to INCEpTION's built-in Named Entity layer
(``…ner.type.NamedEntity``: ``value`` = our type, ``identifier`` = the registry id), so the annotator
sees them where INCEpTION users expect them. DATE/TIME, QUOTE and STANCE are custom layers
(``webanno.custom.TimeExpression`` with ``kind`` and ``when``; ``webanno.custom.Quote`` with ``speaker``;
``webanno.custom.Stance`` with ``stance``). Every layer has the extra features ``annId`` and ``note``
so that ids and notes survive the round trip; a CAS made in INCEpTION without them gets new ids on
import. Blocks are ``Sentence``s and the proclitic-aware tokens are ``Token``s, because INCEpTION
annotates on tokens. Offsets: cassis converts between UIMA's UTF-16 offsets and code points.
"""
from __future__ import annotations

from corpus.errors import ValidationError
from corpus.interop.spans import Span, spans_of
from corpus.interop.tokens import proclitic_cuts, tokenize
from corpus.standoff.anchor import DocText
from corpus.standoff.model import AnnotationFile

DKPRO = "de.tudarmstadt.ukp.dkpro.core.api"
SENTENCE = f"{DKPRO}.segmentation.type.Sentence"
TOKEN = f"{DKPRO}.segmentation.type.Token"
NAMED_ENTITY = f"{DKPRO}.ner.type.NamedEntity"
METADATA = f"{DKPRO}.metadata.type.DocumentMetaData"
TIMEX = "webanno.custom.TimeExpression"
QUOTE = "webanno.custom.Quote"
STANCE = "webanno.custom.Stance"
_NE_TYPES = ("PER", "ORG", "GPE", "LOC")


def _cassis():
    try:
        import cassis
    except ImportError:  # pragma: no cover - depends on the environment
        raise ValidationError("xmi", "the XMI format needs dkpro-cassis", hint="pip install 'corpus[interop]'") from None
    return cassis


def typesystem():
    """Our layers as a UIMA type system (TypeSystem.xml in the export)."""
    cassis = _cassis()
    ts = cassis.TypeSystem()
    for name in (SENTENCE, TOKEN):
        ts.create_type(name)
    meta = ts.create_type(METADATA, supertypeName="uima.tcas.DocumentAnnotation")
    for f in ("documentId", "documentTitle", "documentUri"):
        ts.create_feature(meta, f, "uima.cas.String")
    specs = {NAMED_ENTITY: ("value", "identifier"), TIMEX: ("kind", "when"), QUOTE: ("speaker",), STANCE: ("stance",)}
    for name, feats in specs.items():
        t = ts.create_type(name)
        for f in feats + ("annId", "note"):
            ts.create_feature(t, f, "uima.cas.String")
    return ts


def to_xmi(af: AnnotationFile, dt: DocText) -> tuple[bytes, bytes]:
    """(document.xmi, TypeSystem.xml)."""
    ts = typesystem()
    cassis = _cassis()
    cas = cassis.Cas(typesystem=ts, sofa_string=dt.text, sofa_mime="text/plain", document_language="ar")
    Meta = ts.get_type(METADATA)
    cas.add(Meta(begin=0, end=len(dt.text), documentId=dt.doc.id, documentTitle=dt.doc.id,
                 documentUri=f"urn:corpus:{dt.doc.id}"))
    spans = spans_of(af, dt)
    cuts = proclitic_cuts(dt.text, [b for s in spans for b in (s.start, s.end)])
    Sentence, Token = ts.get_type(SENTENCE), ts.get_type(TOKEN)
    for b in dt.blocks:
        lo = dt.start_of[b.id]
        if b.text:
            cas.add(Sentence(begin=lo, end=lo + len(b.text)))
        for tok in tokenize(dt.text, lo, lo + len(b.text), cuts):
            cas.add(Token(begin=tok.start, end=tok.end))
    for sp in spans:
        common = {"begin": sp.start, "end": sp.end, "annId": sp.id, "note": sp.note}
        if sp.type in _NE_TYPES:
            cas.add(ts.get_type(NAMED_ENTITY)(value=sp.type, identifier=sp.attributes.get("ref"), **common))
        elif sp.type in ("DATE", "TIME"):
            cas.add(ts.get_type(TIMEX)(kind=sp.type, when=sp.attributes.get("when"), **common))
        elif sp.type == "QUOTE":
            cas.add(ts.get_type(QUOTE)(speaker=sp.attributes.get("speaker"), **common))
        elif sp.type == "STANCE":
            cas.add(ts.get_type(STANCE)(stance=sp.attributes.get("stance"), **common))
    return cas.to_xmi().encode("utf-8"), ts.to_xml().encode("utf-8")


def from_xmi(xmi: bytes, typesystem_xml: bytes | None, where: str) -> tuple[list[Span], str]:
    """Spans from a CAS, in offsets of its sofa, and the sofa (the import re-anchors the spans when the
    sofa is not the document's current text)."""
    cassis = _cassis()
    try:
        ts = cassis.load_typesystem(typesystem_xml.decode("utf-8")) if typesystem_xml else typesystem()
        cas = cassis.load_cas_from_xmi(xmi.decode("utf-8"), typesystem=ts, lenient=True)
    except ValidationError:
        raise
    except Exception as exc:  # cassis and lxml raise their own errors on malformed input
        raise ValidationError(where, f"not a readable UIMA CAS XMI: {exc}",
                              hint="export as 'UIMA CAS XMI (XML 1.0)' with its TypeSystem.xml") from None

    def feats(a, *names):
        return {n: getattr(a, n, None) for n in names}

    out: list[Span] = []

    def add(a, typ, attrs):
        f = feats(a, "annId", "note")
        out.append(Span(f["annId"], typ, a.begin, a.end, {k: v for k, v in attrs.items() if v}, f["note"]))

    for name, fn in ((NAMED_ENTITY, lambda a: (a.value, {"ref": getattr(a, "identifier", None)})),
                     (TIMEX, lambda a: (a.kind, {"when": getattr(a, "when", None)})),
                     (QUOTE, lambda a: ("QUOTE", {"speaker": getattr(a, "speaker", None)})),
                     (STANCE, lambda a: ("STANCE", {"stance": getattr(a, "stance", None)}))):
        if not ts.contains_type(name):
            continue
        for a in cas.select(name):
            typ, attrs = fn(a)
            if typ is None:
                raise ValidationError(where, f"a {name.rsplit('.', 1)[-1]} at {a.begin}-{a.end} has no label",
                                      hint="set the value/kind in INCEpTION")
            add(a, typ, attrs)
    return sorted(out, key=lambda s: (s.start, s.end, s.type)), cas.sofa_string or ""
