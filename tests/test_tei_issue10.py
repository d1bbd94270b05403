"""Issue 10, point by point, on the encoding itself (the rendering is judged in test_tei_consumers.py):
what each decision in docs/tei.md promises, on the five real seeds and on hostile documents."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from corpus import jsonio
from corpus.build import run as build
from corpus.document.model import Document
from corpus.project import catalog
from corpus.project.config import CorpusConfig
from corpus.tei import export as tei
from corpus.tei import read as teiread
from corpus.tei import teicorpus
from corpus.tei import validate as teivalidate

from test_tei import CONFIG, B, make_doc, sample_doc

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
NS = {"t": tei.TEI_NS, "xml": tei.XML_NS}
NAME_LIKE = {"persName", "orgName", "placeName", "geogName", "name", "rs"}


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    """{doc_id: (Document, TEI root, TEI bytes)} for the five seeds with their annotations."""
    out = tmp_path_factory.mktemp("issue10")
    assert build.build_corpus(SEEDS, out, annotations_dir=ROOT / "annotations").ok
    docs = {}
    for p in sorted((out / "json").glob("*.json")):
        doc = Document.from_dict(jsonio.read_json(p))
        xml = (out / "tei" / f"{doc.id}.xml").read_bytes()
        docs[doc.id] = (doc, etree.fromstring(xml), xml)
    return docs


@pytest.fixture(scope="module")
def corpus_header(seeds):
    registry = json.loads((ROOT / "annotations" / "entities.json").read_text(encoding="utf-8"))
    xml = teicorpus.build(CorpusConfig.from_dict(CONFIG), [f"tei/{d}.xml" for d in sorted(seeds)],
                          {"documents": len(seeds)}, entities=registry)
    return etree.fromstring(xml)


# -- 1. right to left ---------------------------------------------------------------------------


def test_rtl_rendition_is_a_css_class_applied_where_renderers_look(seeds):
    for did, (_, root, _) in seeds.items():
        rend = root.find(".//t:tagsDecl/t:rendition", NS)
        rid = rend.get(tei.XML_ID)
        assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", rid), rid  # a dot would break ".<id>" in CSS
        assert rend.get("scheme") == "css" and "direction: rtl" in rend.text
        users = root.xpath("//t:text | //t:text/t:body/t:div", namespaces=NS)
        assert users and all(e.get("rendition") == "#" + rid for e in users)


# -- 2. the date --------------------------------------------------------------------------------


def test_article_date_is_a_dateline_date_with_when(seeds):
    for did, (doc, root, _) in seeds.items():
        assert root.find(".//t:text//t:docDate", NS) is None
        if "date" in doc.metadata:
            d = root.find(".//t:div[@type='article']/t:dateline/t:date", NS)
            assert d.get("when") == doc.metadata["date"].value, did


# -- 3. nothing but pointers in standOff --------------------------------------------------------


def test_standoff_holds_no_text_and_no_entity_copies(seeds):
    for did, (_, root, _) in seeds.items():
        so = root.find("t:standOff", NS)
        if so is not None:
            assert "".join(so.itertext()).strip() == "", did
            assert so.find(".//t:listPerson", NS) is None and so.find(".//t:listPlace", NS) is None


# -- 4. quotation marks -------------------------------------------------------------------------


def test_quotation_marks_declared_as_kept(seeds):
    for _, root, _ in seeds.values():
        assert root.find(".//t:editorialDecl/t:quotation[@marks='all']/t:p", NS) is not None


# -- 5. and 6. comments: separated byline, a heading, posts -------------------------------------


def test_comments_are_posts_under_a_heading_with_separated_byline(seeds):
    doc, root, _ = seeds["doc001_868e95aa441b7ad2"]
    cdiv = root.find(".//t:div[@type='comments']", NS)
    assert cdiv.find("t:head", NS).text == tei.COMMENTS_HEAD
    posts = cdiv.findall("t:post", NS)
    assert [p.get(tei.XML_ID) for p in posts] == [f"{doc.id}.{c.id}" for c in doc.comments]
    assert cdiv.find("t:div", NS) is None  # not divisions: not numbered like sections
    by = posts[0].find("t:byline", NS)
    assert by.get("rend") == "block"
    assert "".join(by.itertext()) == "عدنان احسان" + tei.BYLINE_SEPARATOR + "امريكا"
    # 9. commenters in particDesc, @who on the post
    people = {p.get(tei.XML_ID): p.findtext("t:persName", namespaces=NS)
              for p in root.iterfind(".//t:particDesc/t:listPerson/t:person", NS)}
    assert [people[p.get("who")[1:]] for p in posts] == ["عدنان احسان", "حسين", "النورس المهاجر", "ابو تارا"]


def test_same_commenter_twice_is_one_person():
    c = [B("c1-a", "comment-author", "زائر", 3), B("c1-p", "comment-paragraph", "نص", 4)]
    d = [B("c2-a", "comment-author", "زائر", 5), B("c2-p", "comment-paragraph", "نص آخر", 6)]
    from corpus.document.model import Comment

    doc = make_doc([B("t", "title", "عنوان", 1)], [Comment("c1", tuple(c)), Comment("c2", tuple(d))])
    root = etree.fromstring(tei.export(doc, CONFIG))
    posts = root.findall(".//t:post", NS)
    assert posts[0].get("who") == posts[1].get("who")
    assert len(root.findall(".//t:particDesc//t:person", NS)) == 1


# -- 7. titles and languages --------------------------------------------------------------------


def test_one_title_in_titlestmt_corpus_titles_in_series(seeds):
    for _, root, _ in seeds.values():
        assert len(root.findall(".//t:titleStmt/t:title", NS)) == 1
        assert len(root.findall(".//t:seriesStmt/t:title[@level='s']", NS)) == 2


def test_teicorpus_language_is_declared_where_it_is_true(corpus_header):
    assert corpus_header.get(tei.XML_LANG) is None
    assert corpus_header.find("t:teiHeader", NS).get(tei.XML_LANG) == "en"


# -- 8. the source -------------------------------------------------------------------------------


def test_catalog_source_fields_flow_into_sourcedesc():
    src = {"url": "https://elaph.com/Web/News/2024/02/1.html", "captured": "2024-02-20", "site": "إيلاف"}
    root = etree.fromstring(tei.export(sample_doc(), CONFIG, source=src))
    bibl = root.find(".//t:sourceDesc/t:bibl", NS)
    assert bibl.find("t:ptr[@type='source']", NS).get("target") == src["url"]
    assert bibl.find("t:date[@type='capture']", NS).get("when") == "2024-02-20"
    assert bibl.find("t:publisher", NS).text == "إيلاف"
    # the article has a byline: that is its author; otherwise the site is
    assert root.findtext(".//t:titleStmt/t:author", namespaces=NS) == "محمد الشاهد"
    nobyline = make_doc([B("t", "title", "عنوان", 1)])
    root = etree.fromstring(tei.export(nobyline, CONFIG, source={"site": "إيلاف"}))
    assert root.findtext(".//t:titleStmt/t:author/t:orgName", namespaces=NS) == "إيلاف"
    # nothing known, nothing written
    root = etree.fromstring(tei.export(nobyline, CONFIG))
    assert root.find(".//t:titleStmt/t:author", NS) is None
    assert root.find(".//t:sourceDesc//t:ptr", NS) is None


def test_seed_001_names_its_site_and_others_state_nothing(seeds):
    _, root, _ = seeds["doc001_868e95aa441b7ad2"]
    assert root.findtext(".//t:sourceDesc/t:bibl/t:publisher", namespaces=NS) == "إيلاف"
    assert root.findtext(".//t:titleStmt/t:author/t:orgName", namespaces=NS) == "إيلاف"
    for did in ("doc000_d149adc8417d1233", "doc002_b4a12e420ae2588d"):
        r = seeds[did][1]
        assert r.find(".//t:sourceDesc//t:publisher", NS) is None and r.find(".//t:sourceDesc//t:ptr", NS) is None


def test_catalog_source_fields_are_checked_and_round_trip(tmp_path):
    entry = {"file": "a.txt", "sha256": "0" * 64, "bytes": 3, "url": "https://example.org/a",
             "captured": "2024-02-20", "site": "موقع"}
    (tmp_path / "catalog.json").write_text(json.dumps({"catalog_version": "1.0", "seeds": [entry]}))
    seed = catalog.load(tmp_path)[0]
    assert seed.to_dict() == entry and seed.source_fields() == {k: entry[k] for k in ("url", "captured", "site")}
    for bad in ({"url": "elaph dot com"}, {"captured": "20 Feb 2024"}, {"site": ""}, {"author": "x"}):
        (tmp_path / "catalog.json").write_text(json.dumps({"catalog_version": "1.0", "seeds": [{**entry, **bad}]}))
        with pytest.raises(Exception) as ei:
            catalog.load(tmp_path)
        assert "catalog.json" in str(ei.value)


# -- 9. validity against TEI 4.8 (post is a 4.8 element) ----------------------------------------


def test_seeds_valid_against_tei_all_4_8(seeds):
    from corpus.tei import validate as teivalidate

    for did, (_, _, xml) in seeds.items():
        assert teivalidate.validate_tei(xml, did, tei_all=True) == []


# -- 10. identity, ids, pointers ----------------------------------------------------------------


def test_entities_have_one_corpus_wide_id_and_every_pointer_resolves(seeds, corpus_header):
    declared = {e.get(tei.XML_ID) for e in corpus_header.find("t:teiHeader", NS).iter() if e.get(tei.XML_ID)}
    iraq = set()
    for did, (_, root, _) in seeds.items():
        assert root.find(".//t:classDecl", NS) is None  # taxonomies are corpus-wide
        for e in root.iter(etree.Element):
            for attr in ("ref", "who", "corresp", "ana"):
                for v in (e.get(attr) or "").split():
                    if v.startswith("corpus:"):
                        assert v[len("corpus:"):] in declared, (did, v)
                    elif v.startswith("#"):
                        assert root.find(f".//*[@xml:id='{v[1:]}']", NS) is not None, (did, v)
        iraq |= {e.get("ref") for e in root.iterfind(".//t:placeName", NS) if e.text in ("العراق",)}
    assert iraq == {"corpus:ent.iraq"}  # the same id in every document
    place = corpus_header.find(".//t:settingDesc/t:listPlace/t:place[@xml:id='ent.iraq']", NS)
    assert place.findtext("t:idno[@type='wikidata']", namespaces=NS) == "Q796"


def test_said_who_points_at_a_person_not_a_mention(seeds):
    n_mentions = 0
    for did, (_, root, _) in seeds.items():
        for s in root.iterfind(".//t:said", NS):
            who = s.get("who")
            if who is None:
                continue
            if s.get("corresp"):  # the speaker was annotated as a mention: kept, and resolved to the person
                n_mentions += 1
                mention = root.find(f".//*[@xml:id='{s.get('corresp')[1:]}']", NS)
                assert who == mention.get("ref", s.get("corresp")), did
            assert who.startswith("corpus:ent.") or who == s.get("corresp")
    assert n_mentions > 0


def test_every_division_has_an_id_and_counts_are_not_in_n(seeds):
    for did, (_, root, _) in seeds.items():
        assert all(d.get(tei.XML_ID) for d in root.iterfind(".//t:div", NS)), did
        assert root.find(".//t:category[@n]", NS) is None


def test_credit_is_not_a_note(seeds):
    _, root, _ = seeds["doc001_868e95aa441b7ad2"]
    assert root.find(".//t:figure/t:note", NS) is None
    assert len(root.findall(".//t:figure/t:ab[@type='credit']", NS)) == 4


def test_names_are_not_nested_in_names(seeds):
    for did, (_, root, _) in seeds.items():
        for e in root.iter(etree.Element):
            if etree.QName(e).localname in NAME_LIKE:
                kids = [c for c in e if etree.QName(c).localname in NAME_LIKE]
                whole = [c for c in kids if "".join(c.itertext()) == "".join(e.itertext())]
                assert not whole, f"{did}: {etree.QName(e).localname}/{etree.QName(whole[0]).localname}"


def test_raw_prefix_expands_to_an_rfc5147_line_fragment(seeds):
    raw = {p.name: p.read_text(encoding="utf-8").splitlines() for p in SEEDS.glob("*.txt")}
    for did, (doc, root, _) in seeds.items():
        pd = root.find(".//t:prefixDef[@ident='raw']", NS)
        for e in teiread.block_elements(root)[:5]:
            ptr = e.get("corresp")[len("raw:"):]
            uri = re.sub(pd.get("matchPattern"), re.sub(r"\$(\d)", r"\\\1", pd.get("replacementPattern")), ptr)
            m = re.fullmatch(r"([^#]+)#line=(\d+),(\d+)", uri)  # RFC 5147 line-scheme, a range
            assert m and m.group(1) == doc.source.file and int(m.group(3)) == int(m.group(2)) + 1, uri
            line = raw[m.group(1)][int(m.group(3)) - 1]  # positions count from 0: the line is the Q-th
            s = teiread.read_provenance(root)[teiread._local_id(root, e)]
            if not doc.nfc_lines and not doc.char_edits:
                assert line[s.start:s.end] == "".join(e.itertext())


# -- 11. the section label ----------------------------------------------------------------------


def test_section_label_is_classification_and_round_trips(seeds):
    doc, root, xml = seeds["doc001_868e95aa441b7ad2"]
    assert root.find(".//t:text//t:head[@type='section']", NS) is None
    term = root.find(".//t:profileDesc/t:textClass/t:keywords/t:term", NS)
    assert term.text == "أخبار" and term.get(tei.XML_ID) == f"{doc.id}.s1"
    assert teiread.read_text(xml) == doc.text()


def test_section_label_stays_in_text_when_raw_order_cannot_give_it_back():
    # the label comes after the title in the raw file but before it in reading order
    art = [B("s", "section", "أخبار", 5), B("t", "title", "عنوان", 1), B("p", "paragraph", "نص", 6)]
    doc = make_doc(art)
    xml = tei.export(doc, CONFIG)
    root = etree.fromstring(xml)
    assert root.find(".//t:text//t:head[@type='section']", NS).text == "أخبار"
    assert root.find(".//t:textClass", NS) is None
    assert teiread.read_text(xml) == doc.text()


# -- the encoding version -----------------------------------------------------------------------


def test_encoding_version_is_in_every_header(seeds):
    for _, root, _ in seeds.values():
        app = root.find(".//t:encodingDesc/t:appInfo/t:application[@ident='corpus-tei']", NS)
        assert app.get("version") == tei.ENCODING_VERSION == "2.0.0"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["section", "title", "kicker", "date", "paragraph", "credit", "caption"]),
                          st.text("ابت ج", min_size=1, max_size=6)), min_size=1, max_size=8),
       st.randoms(use_true_random=False))
def test_section_labels_round_trip_whatever_the_raw_order(blocks, rnd):
    """Hostile raw order (blocks on shuffled lines, several labels): the text always reads back in the
    document's order, whether the labels move to the header or stay in <text>."""
    lines = list(range(1, len(blocks) + 1))
    rnd.shuffle(lines)
    art = [B(f"b{i}", r, t, lines[i]) for i, (r, t) in enumerate(blocks)]
    doc = make_doc(art)
    xml = tei.export(doc, CONFIG)
    assert teiread.read_blocks(xml) == [(b.id, b.text) for b in doc.blocks()]
    assert teivalidate.validate_tei(xml, "h.xml", tei_all=False) == []
    moved = tei.classification_blocks(doc)
    root = etree.fromstring(xml)
    assert {t.get(tei.XML_ID) for t in root.iterfind(".//t:textClass//t:term", NS)} == {f"{doc.id}.{m}" for m in moved}


def test_build_and_release_carry_the_plain_text(tmp_path):
    from corpus.release import make
    from corpus.tei.plaintext import plain_text

    assert build.build_corpus(SEEDS, tmp_path, annotations_dir=ROOT / "annotations").ok
    files = make.assemble(CorpusConfig.from_dict(CONFIG), tmp_path, ROOT / "annotations", "")
    txts = sorted(p for p in files if p.startswith("txt/"))
    assert len(txts) == 5
    for p in txts:
        doc = Document.from_dict(jsonio.read_json(tmp_path / "json" / (Path(p).stem + ".json")))
        assert files[p].decode("utf-8") == plain_text(doc) == (tmp_path / p).read_text(encoding="utf-8")
        assert "wikidata" not in plain_text(doc).lower() and tei.COMMENTS_HEAD not in plain_text(doc)
