"""Annotations -> TEI (through ``corpus.tei.Markup``) and back.

Encoding (docs/annotation-guidelines.md, "TEI"):

* Names, dates and quotations that nest inside one block are inline elements with
  ``xml:id="<doc>.ann.<id>"``: PER ``persName``, ORG ``orgName``, GPE ``placeName type="gpe"``, LOC
  ``placeName type="loc"``, DATE ``date @when``, TIME ``time @when``, QUOTE ``said @who``.  ``@ref``
  points at the corpus-wide entity (``corpus:ent.<id>``, declared once in the corpus header, see
  ``corpus.tei.teicorpus``); ``said/@who`` points at the speaker as a person (``corpus:ent.<id>``);
  when the annotation names the speaker's mention, ``said/@corresp`` points at that mention.
* Everything else (spans crossing blocks or crossing another span, and every STANCE) is a ``<span>``
  in ``<standOff><spanGrp type="annotations">`` from one ``<anchor>`` to another: ``@type`` the
  annotation type, ``@corresp`` the entity or speaker, ``@n`` the ISO value, ``@ana`` the stance
  category (``corpus:stance.<label>``).  The spans are empty: no text in ``<standOff>``.
* Header: the annotator in a respStmt; annotators' notes in ``notesStmt/note[@target]`` (metadata,
  never text).  The taxonomies (annotation types, stance labels) are corpus-wide, in the corpus header.
"""
from __future__ import annotations

from corpus.tei import export as tei
from corpus.document.model import Document
from corpus.standoff.anchor import DocText
from corpus.standoff.model import STANCE_LABELS, TYPES, Annotation, AnnotationFile, Registry

INLINE_TAG = {"PER": ("persName", None), "ORG": ("orgName", None), "GPE": ("placeName", "gpe"),
              "LOC": ("placeName", "loc"), "DATE": ("date", None), "TIME": ("time", None), "QUOTE": ("said", None)}
TYPE_DESC = {
    "PER": "person", "ORG": "organisation, including armed factions and coalitions", "GPE": "geopolitical entity",
    "LOC": "location that is not a geopolitical entity", "DATE": "date (normalised in @when where determinable)",
    "TIME": "time of day", "QUOTE": "quotation, linked to its speaker by @who",
    "STANCE": "stance of a reader comment toward the presence of foreign forces",
}
STANCE_DESC = {"pro-presence": "favours foreign forces staying", "pro-withdrawal": "favours their withdrawal",
               "neutral": "takes no side", "unclear": "a position that cannot be decided"}
LIST_FOR = {"PER": ("listPerson", "person", "persName"), "ORG": ("listOrg", "org", "orgName"),
            "GPE": ("listPlace", "place", "placeName"), "LOC": ("listPlace", "place", "placeName")}


def ann_xml_id(doc_id: str, ann_id: str) -> str:
    return f"{doc_id}.ann.{ann_id}"


def ent_xml_id(ent_id: str) -> str:
    """Corpus-wide xml:id of an entity (in the corpus header)."""
    return f"ent.{ent_id}"


def ent_pointer(ent_id: str) -> str:
    return tei.corpus_pointer(ent_xml_id(ent_id))


def stance_xml_id(label: str) -> str:
    return f"stance.{label}"


def type_xml_id(t: str) -> str:
    return f"anntype.{t}"


def _crosses(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[0] < a[1] < b[1] or b[0] < a[0] < b[1] < a[1]


def split_inline(af: AnnotationFile, dt: DocText) -> tuple[list[Annotation], list[Annotation]]:
    """(inline, stand-off): a span goes inline if it lies in one block and crosses no span already
    placed inline (outer spans are placed first)."""
    inline, standoff = [], []
    placed: dict[str, list[tuple[int, int]]] = {}
    order = sorted(af.annotations, key=lambda a: (dt.span(a.target)[0], -dt.span(a.target)[1], a.id))
    for a in order:
        t = a.target
        if a.type == "STANCE" or t.end_block is not None:
            standoff.append(a)
            continue
        rng = (t.start, t.end)
        if any(_crosses(rng, r) for r in placed.get(t.block, ())):
            standoff.append(a)
            continue
        placed.setdefault(t.block, []).append(rng)
        inline.append(a)
    return inline, standoff


def _pointer(doc_id: str, af: AnnotationFile, value: str) -> str:
    return "#" + ann_xml_id(doc_id, value) if value in af.by_id() else ent_pointer(value)


def _speaker_attrs(doc_id: str, af: AnnotationFile, value: str, attr: str) -> dict[str, str]:
    """``said``: @who is the person; a speaker given as a mention is kept in @corresp (and @who is the
    mention's entity when it has one).  Stand-off spans keep the speaker in @corresp alone."""
    by_id = af.by_id()
    if value not in by_id:
        return {attr: ent_pointer(value)}
    mention = "#" + ann_xml_id(doc_id, value)
    if attr == "who":
        ref = by_id[value].attributes.get("ref")
        return {"who": ent_pointer(ref), "corresp": mention} if ref else {"who": mention, "corresp": mention}
    return {attr: mention}


def to_markup(af: AnnotationFile, doc: Document, registry: Registry | None = None) -> tei.Markup:
    dt = DocText(doc)
    if af.text_sha256 != dt.sha256:
        raise ValueError(f"{af.document}/{af.annotator}: annotations were made against another text; re-anchor first")
    bad = [a.id for a in af.annotations if a.status]
    if bad:
        raise ValueError(f"{af.document}/{af.annotator}: unresolved annotations {', '.join(bad)}")
    did = doc.id
    inline, standoff = split_inline(af, dt)
    m = tei.Markup()
    for a in inline:
        tag, typ = INLINE_TAG[a.type]
        attrs = {"xml:id": ann_xml_id(did, a.id)}
        if typ:
            attrs["type"] = typ
        if "ref" in a.attributes:
            attrs["ref"] = ent_pointer(a.attributes["ref"])
        if "when" in a.attributes:
            attrs["when"] = a.attributes["when"]
        if "speaker" in a.attributes:
            attrs.update(_speaker_attrs(did, af, a.attributes["speaker"], "who"))
        m.inline.append(tei.InlineSpan(a.target.block, a.target.start, a.target.end, tag, attrs))
    spans = []
    for a in sorted(standoff, key=lambda a: a.id):
        xid = ann_xml_id(did, a.id)
        t = a.target
        m.anchors.append((t.block, t.start, xid + ".from"))
        m.anchors.append((t.last_block, t.end, xid + ".to"))
        attrs = {"xml:id": xid, "type": a.type, "from": f"#{xid}.from", "to": f"#{xid}.to"}
        if "ref" in a.attributes:
            attrs["corresp"] = ent_pointer(a.attributes["ref"])
        if "speaker" in a.attributes:
            attrs["corresp"] = _pointer(did, af, a.attributes["speaker"])
        if "when" in a.attributes:
            attrs["n"] = a.attributes["when"]
        if "stance" in a.attributes:
            attrs["ana"] = tei.corpus_pointer(stance_xml_id(a.attributes["stance"]))
        spans.append(tei.el("span", attrs))
    if spans:
        m.standoff.append(tei.el("spanGrp", {"type": "annotations"}, children=spans))
    notes = [tei.el("note", {"type": "annotation", "target": "#" + ann_xml_id(did, a.id)}, a.note)
             for a in sorted(af.annotations, key=lambda a: a.id) if a.note]
    _check_entities(af, registry)
    m.header = _header(af, did)
    if notes:
        m.header["notesStmt"] = notes
    return m


def _check_entities(af: AnnotationFile, registry: Registry | None) -> None:
    """Every entity pointed at must be declared in the registry (hence in the corpus header)."""
    refs = sorted({a.attributes["ref"] for a in af.annotations if "ref" in a.attributes}
                  | {a.attributes["speaker"] for a in af.annotations
                     if "speaker" in a.attributes and a.attributes["speaker"] not in af.by_id()})
    for r in refs:
        if registry is None or registry.get(r) is None:
            raise ValueError(f"{af.document}/{af.annotator}: entity {r!r} is not in the registry")


def entity_lists(registry: Registry) -> dict[str, list]:
    """The corpus-wide entity declarations: ``{"listPerson": [...], "listOrg": [...], "listPlace": [...]}``
    of ``person``/``org``/``place`` elements with xml:id ``ent.<id>`` (for the corpus header)."""
    groups: dict[str, list] = {}
    for ent in sorted(registry.entities, key=lambda e: e.id):
        list_tag, item_tag, name_tag = LIST_FOR[ent.type]
        item = tei.el(item_tag, {"xml:id": ent_xml_id(ent.id)})
        if item_tag == "place":
            item.set("type", ent.type.lower())
        tei.sub(item, name_tag, {"xml:lang": "ar"}, ent.name_ar)
        tei.sub(item, name_tag, {"xml:lang": "en"}, ent.name_lat)
        for al in ent.aliases:
            tei.sub(item, name_tag, {"xml:lang": "ar", "type": "alias"}, al)
        tei.sub(item, "idno", {"type": "corpus"}, ent.id)
        if ent.wikidata:
            tei.sub(item, "idno", {"type": "wikidata"}, ent.wikidata)
        groups.setdefault(list_tag, []).append(item)
    return groups


def taxonomies() -> list:
    """The corpus-wide taxonomies: annotation types and stance labels (for the corpus header)."""
    types = tei.el("taxonomy", {"xml:id": "anntype"})
    tei.sub(types, "desc", None, "Types of the stand-off annotations")
    for t in TYPES:
        c = tei.sub(types, "category", {"xml:id": type_xml_id(t)})
        tei.sub(c, "catDesc", None, f"{t}: {TYPE_DESC[t]}")
    stances = tei.el("taxonomy", {"xml:id": "stance"})
    tei.sub(stances, "desc", None, "Stance of a reader comment toward the presence of foreign forces")
    for s in STANCE_LABELS:
        c = tei.sub(stances, "category", {"xml:id": stance_xml_id(s)})
        tei.sub(c, "catDesc", None, f"{s}: {STANCE_DESC[s]}")
    return [types, stances]


def _header(af: AnnotationFile, did: str) -> dict[str, list]:
    return {"respStmt": [tei.el("resp", None, "stand-off annotation (names, dates, quotations, comment stance)"),
                         tei.el("name", {"type": "annotator", "xml:id": f"{did}.annotator"}, af.annotator)]}


# -- read back -------------------------------------------------------------------------------------

_TYPE_OF = {("persName", None): "PER", ("orgName", None): "ORG", ("placeName", "gpe"): "GPE",
            ("placeName", "loc"): "LOC", ("date", None): "DATE", ("time", None): "TIME", ("said", None): "QUOTE"}


def from_tei(xml: bytes, doc: Document) -> AnnotationFile:
    """The annotations a TEI export carries, as an AnnotationFile (annotations sorted by id)."""
    from corpus.tei import read as teiread
    root = teiread.parse(xml)
    did = doc.id
    dt = DocText(doc)
    if teiread.read_text(xml) != dt.text:
        raise ValueError(f"{did}: the TEI text differs from the document text")
    ns = {"t": tei.TEI_NS}
    ann_prefix, ent_prefix = f"{did}.ann.", ent_pointer("")
    stance_prefix = tei.corpus_pointer(stance_xml_id(""))

    def unpoint(v: str) -> str:
        if v.startswith("#" + ann_prefix):
            return v[len(ann_prefix) + 1:]
        if v.startswith(ent_prefix):
            return v[len(ent_prefix):]
        raise ValueError(f"{did}: pointer {v!r} is neither an annotation nor an entity")

    found: dict[str, dict] = {}
    spans, anchors = teiread.read_markup(xml)
    for s in spans:
        xid = s.attrs.get("xml:id", "")
        if not xid.startswith(ann_prefix):
            continue
        typ = _TYPE_OF[(s.tag, s.attrs.get("type"))]
        attrs = {}
        if "ref" in s.attrs:
            attrs["ref"] = unpoint(s.attrs["ref"])
        if "when" in s.attrs:
            attrs["when"] = s.attrs["when"]
        if "who" in s.attrs:
            attrs["speaker"] = unpoint(s.attrs.get("corresp") or s.attrs["who"])
        g = dt.to_global(s.block_id, s.start), dt.to_global(s.block_id, s.end)
        found[xid[len(ann_prefix):]] = {"type": typ, "span": g, "attributes": attrs}
    where = {a.xml_id: dt.to_global(a.block_id, a.offset) for a in anchors}
    for sp in root.iterfind("t:standOff/t:spanGrp[@type='annotations']/t:span", ns):
        xid = sp.get(tei.XML_ID)
        typ = sp.get("type")
        attrs = {}
        if sp.get("corresp"):
            attrs["speaker" if typ == "QUOTE" else "ref"] = unpoint(sp.get("corresp"))
        if sp.get("n"):
            attrs["when"] = sp.get("n")
        if sp.get("ana"):
            ana = sp.get("ana")
            if not ana.startswith(stance_prefix):
                raise ValueError(f"{did}: stance pointer {ana!r} is not {stance_prefix}<label>")
            attrs["stance"] = ana[len(stance_prefix):]
        found[xid[len(ann_prefix):]] = {"type": typ, "span": (where[sp.get("from")[1:]], where[sp.get("to")[1:]]),
                                        "attributes": attrs}
    notes = {n.get("target")[len(ann_prefix) + 1:]: n.text
             for n in root.iterfind("t:teiHeader/t:fileDesc/t:notesStmt/t:note[@type='annotation']", ns)}
    annotator = root.findtext(".//t:titleStmt/t:respStmt/t:name[@type='annotator']", namespaces=ns) or "unknown"
    anns = tuple(Annotation(i, f["type"], dt.target(*f["span"]), f["attributes"], notes.get(i))
                 for i, f in sorted(found.items()))
    return AnnotationFile(did, dt.sha256, annotator, anns)


def markup_for_document(doc: Document, annotations_dir, prefer=None) -> tuple[tei.Markup | None, int]:
    """The build's hook: (markup, number of annotations) for ``doc`` from the file that
    ``corpus.standoff.selection.choose`` picks under ``prefer`` (corpus.json annotations.export), or
    (None, 0) when none is exported.  Annotations not exactly placed in the current text stop the
    export with an error naming them (``selection.exact_file``)."""
    from pathlib import Path

    from corpus.errors import ValidationError
    from corpus.standoff import io
    from corpus.standoff import selection

    base = Path(annotations_dir)
    path = selection.choose(base, doc.id, prefer).path
    if path is None:
        return None, 0
    reg_path = base / "entities.json"
    registry = io.load_registry(reg_path) if reg_path.is_file() else None
    af = selection.exact_file(path, DocText(doc), base)
    try:
        return to_markup(af, doc, registry), len(af.annotations)
    except ValueError as exc:
        raise ValidationError(str(path), str(exc), hint="run `corpus annotate check` on the file") from None
