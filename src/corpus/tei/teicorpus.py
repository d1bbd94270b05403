"""The corpus-level TEI file: a ``teiCorpus`` whose header comes from corpus.json and whose documents
are pulled in with XInclude (``tei/<doc-id>.xml``), so each text exists once in the release.

Why XInclude rather than embedding: every document stays a standalone, valid TEI file (what TXM and
Voyant import, one text per file) while TEI Publisher/eXist-db and any XInclude-aware parser (lxml,
Saxon, xmllint --xinclude) see one corpus.  See docs/using-the-release.md.

The corpus header declares, once, what every document points to with ``corpus:<id>`` (ParlaMint's
model): the entities (``particDesc/listPerson``, ``particDesc/listOrg``, ``settingDesc/listPlace``, ids
``ent.<registry id>``) and the taxonomies of annotation types and stance labels (``classDecl``).
docs/tei.md, "Corpus-wide identity"."""
from __future__ import annotations

from lxml import etree

from corpus.project.config import CorpusConfig

TEI_NS = "http://www.tei-c.org/ns/1.0"
XI_NS = "http://www.w3.org/2001/XInclude"
XML_NS = "http://www.w3.org/XML/1998/namespace"
FILE_NAME = "corpus.xml"
LANGUAGE_NAMES = {"ar": "Arabic", "en": "English", "fr": "French"}


def _el(parent, tag, text=None, **attrs):
    el = etree.SubElement(parent, f"{{{TEI_NS}}}{tag}")
    for k, v in attrs.items():
        el.set(f"{{{XML_NS}}}{k[4:]}" if k.startswith("xml_") else k, v)
    if text is not None:
        el.text = text
    return el


def header(parent, config: CorpusConfig, counts: dict[str, int], registry=None) -> None:
    """The corpus teiHeader.  `counts` are the extent measures (unit -> quantity), e.g. documents;
    `registry` (a ``corpus.standoff.model.Registry``) gives the corpus-wide entity lists."""
    from corpus.tei import annotations as teiann

    h = _el(parent, "teiHeader", xml_lang="en")
    fd = _el(h, "fileDesc")
    ts = _el(fd, "titleStmt")
    _el(ts, "title", config.title, type="main", xml_lang="en")
    if config.title_ar:
        _el(ts, "title", config.title_ar, type="main", xml_lang="ar")
    for a in config.authors:
        rs = _el(ts, "respStmt")
        _el(rs, "resp", a.role)
        if a.is_person:
            pn = _el(rs, "persName", **({"ref": a.orcid} if a.orcid else {}))
            _el(pn, "forename", a.given_names)
            _el(pn, "surname", a.family_names)
        else:
            _el(rs, "orgName", a.name)
    es = _el(fd, "editionStmt")
    ed = _el(es, "edition", f"Version {config.version}, released ", n=config.version)
    _el(ed, "date", config.release_date, when=config.release_date)
    ext = _el(fd, "extent")
    for unit, qty in counts.items():
        _el(ext, "measure", f"{qty} {unit}", unit=unit, quantity=str(qty))
    ps = _el(fd, "publicationStmt")
    _el(ps, "publisher", config.publisher)
    _el(ps, "date", config.release_date, when=config.release_date)
    _el(ps, "idno", config.name, type="corpus")
    _el(ps, "idno", config.version, type="version")
    if config.doi:
        _el(ps, "idno", config.doi, type="DOI")
    av = _el(ps, "availability", status="restricted")
    lic = config.annotations_licence
    _el(av, "licence", f"Annotations, metadata and TEI encoding: {lic.id} ({lic.url}).", target=lic.url)
    _el(av, "p", f"News texts and reader comments: {config.texts_licence}")
    sd = _el(fd, "sourceDesc")
    _el(sd, "p", "Arabic news web pages captured as plain text; each document's own teiHeader names its "
                 "raw file, its SHA-256 and the cleaning profile applied.")
    enc = _el(h, "encodingDesc")
    _el(_el(enc, "projectDesc"), "p", config.description)
    cd = _el(enc, "classDecl")
    for tax in teiann.taxonomies():
        cd.append(tax)
    prof = _el(h, "profileDesc")
    lu = _el(prof, "langUsage")
    for code in config.languages:
        _el(lu, "language", LANGUAGE_NAMES.get(code, code), ident=code)
    lists = teiann.entity_lists(registry) if registry is not None else {}
    if lists.get("listPerson") or lists.get("listOrg"):
        pd = _el(prof, "particDesc")
        for tag in ("listPerson", "listOrg"):
            if lists.get(tag):
                lst = _el(pd, tag)
                for item in lists[tag]:
                    lst.append(item)
    if lists.get("listPlace"):
        lst = _el(_el(prof, "settingDesc"), "listPlace")
        for item in lists["listPlace"]:
            lst.append(item)


def build(config: CorpusConfig, doc_files: list[str], counts: dict[str, int], entities: dict | None = None) -> bytes:
    """`doc_files`: paths of the document TEI files relative to the corpus file, in corpus order;
    `entities`: the entity registry (the parsed annotations/entities.json), declared in the header.

    The teiCorpus carries no xml:lang of its own: its header is English (``teiHeader/@xml:lang``), each
    document declares Arabic on its ``TEI``."""
    from corpus.standoff.model import Registry

    root = etree.Element(f"{{{TEI_NS}}}teiCorpus", nsmap={None: TEI_NS, "xi": XI_NS})
    header(root, config, counts, Registry.from_dict(entities) if entities else None)
    for href in doc_files:
        etree.SubElement(root, f"{{{XI_NS}}}include", href=href)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def resolve(path) -> etree._ElementTree:
    """Parse the corpus file and resolve its XIncludes (lxml raises if a part is missing or broken)."""
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    tree.xinclude()
    return tree
