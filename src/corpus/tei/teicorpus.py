"""The corpus-level TEI file: a ``teiCorpus`` whose header comes from corpus.json and whose documents
are pulled in with XInclude (``tei/<doc-id>.xml``), so each text exists once in the release.

Why XInclude rather than embedding: every document stays a standalone, valid TEI file (what TXM and
Voyant import, one text per file) while TEI Publisher/eXist-db and any XInclude-aware parser (lxml,
Saxon, xmllint --xinclude) see one corpus.  See docs/using-the-release.md."""
from __future__ import annotations

from urllib.parse import quote

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


def header(parent, config: CorpusConfig, counts: dict[str, int]) -> None:
    """The corpus teiHeader.  `counts` are the extent measures (unit -> quantity), e.g. documents."""
    h = _el(parent, "teiHeader")
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
    lu = _el(_el(h, "profileDesc"), "langUsage")
    for code in config.languages:
        _el(lu, "language", LANGUAGE_NAMES.get(code, code), ident=code)


def build(config: CorpusConfig, doc_files: list[str], counts: dict[str, int]) -> bytes:
    """`doc_files`: paths of the document TEI files relative to the corpus file, in corpus order."""
    root = etree.Element(f"{{{TEI_NS}}}teiCorpus", nsmap={None: TEI_NS, "xi": XI_NS})
    root.set(f"{{{XML_NS}}}lang", config.languages[0])
    header(root, config, counts)
    for href in doc_files:
        # An href is a URI reference: a document id in Arabic script is percent-encoded (UTF-8), which
        # XInclude processors resolve back to the file name (libxml2 refuses the raw letters).
        etree.SubElement(root, f"{{{XI_NS}}}include", href=quote(href, safe="/"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def resolve(path) -> etree._ElementTree:
    """Parse the corpus file and resolve its XIncludes (lxml raises if a part is missing or broken)."""
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    tree.xinclude()
    return tree
