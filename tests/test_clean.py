"""The cleaner on the real seeds: roles, removal rules with reasons, mixed lines, metadata."""
import json

import pytest
from click.testing import CliRunner

from corpus.text import raw as rawtext
from corpus.cli.main import main
from corpus.clean.engine import clean
from corpus.document.evaluate import line_roles
from corpus.document.pipeline import process_file
from corpus.clean.profiles import FINGERPRINT_LINE_MAX, compile_profile, select

S0, S1, S2, S3, S4 = ("seeds/000_d149adc8417d1233.txt", "seeds/001_868e95aa441b7ad2.txt",
                      "seeds/002_b4a12e420ae2588d.txt", "seeds/003_e2efb4d8f62f8383.txt",
                      "seeds/004_2bbfc112856ad857.txt")
ALL = [S0, S1, S2, S3, S4]


def removed_rules(doc):
    return {r.src.line: r.rule for r in doc.removed}


@pytest.mark.parametrize("site", [True, False])
@pytest.mark.parametrize("path", ALL)
def test_every_nonblank_line_is_labelled(path, site):
    raw = rawtext.read(path)
    profile = select("\n".join(ln.text for ln in raw.lines if len(ln.text) <= FINGERPRINT_LINE_MAX), site)
    assert (profile.id == "generic") is not site  # each seed has its site profile; the flag must matter
    labels = clean(raw, profile)
    assert [lab.number for lab in labels] == [ln.number for ln in raw.lines if ln.text.strip()]
    for lab in labels:
        assert lab.segments
        for s in lab.segments:
            assert lab.text[s.start:s.end].strip() == lab.text[s.start:s.end] != ""
            assert s.rule and s.reason


def test_seed000_chrome_and_breadcrumb():
    doc = process_file(S0)
    rr = removed_rules(doc)
    assert rr[1] == rr[2] == "chrome.analytics"
    assert rr[4] == "iraq-hurr.tagline"
    assert rr[6] == "struct.breadcrumb" and rr[30] == "form.comment" and rr[35] == "block.popular"
    assert all(rr[n] == "zone.chrome" for n in (37, 39, 41, 43, 45, 47, 49, 51))
    assert doc.metadata["section"].value == "سياسة" and doc.metadata["section"].src.line == 6
    assert doc.title == "الصدام بين الفصائل والقوات الامريكية"
    assert [b.src.line for b in doc.article if b.role == "paragraph"] == list(range(10, 29, 2))
    assert doc.comments == ()
    # generic alone: the tagline goes as site header (above the breadcrumb)
    assert removed_rules(process_file(S0, site_profiles=False))[4] == "struct.site-header"


def test_seed001_mixed_lines_and_figures():
    doc = process_file(S1)
    by_line = {}
    for b in doc.article:
        by_line.setdefault(b.src.line, []).append(b)
    l7 = by_line[7]
    assert [(b.role, b.text) for b in l7] == [("credit", "Getty Images"),
                                               ("caption", "تنشر واشنطن حاليا نحو 2500 عسكري في العراق")]
    assert l7[0].group == l7[1].group is not None
    for n, credit in ((32, "Getty Images"), (52, "AFP"), (74, "Getty Images")):
        h, cr, cap = by_line[n]
        assert (h.role, cr.role, cap.role) == ("heading", "credit", "caption")
        assert cr.text == credit and cr.group == cap.group and h.group is None
        assert h.text.endswith("؟")
    assert by_line[32][0].text == "لماذا يطالب العراق بانسحاب القوات؟"
    groups = [b.group for b in doc.article if b.group]
    assert len(set(groups)) == 4
    rr = removed_rules(doc)
    assert 18 in rr and 110 in rr and 114 in rr and 112 in rr
    assert {rr[8], rr[9], rr[10]} == {"elaph.twitter-promo"}
    assert [b.text for b in doc.article if b.role == "heading"][-1] == "تداعيات محتملة"


def test_seed001_comments():
    doc = process_file(S1)
    assert len(doc.comments) == 4
    c1 = doc.comments[0]
    assert c1.title.text.startswith("وماذا بقي من العراق")
    assert (c1.author.text, c1.place.text) == ("عدنان احسان", "امريكا")
    assert [p.src.line for p in c1.paragraphs] == [118]
    c2 = doc.comments[1]
    assert c2.author.text == "حسين" and c2.place is None and c2.title.text == "الرابح هو العراق"
    last = doc.comments[-1]
    assert last.paragraphs[-1].src.line == 133  # no final newline
    assert doc.metadata["site"].value == "إيلاف" and doc.metadata["site"].src.line == 114


def test_seed002_related_links_inside_article():
    doc = process_file(S2)
    paras = [b.src.line for b in doc.article if b.role == "paragraph"]
    assert paras == list(range(2, 13)) + [17]  # the article continues after the links, in order
    rr = removed_rules(doc)
    assert rr[13] == rr[15] == "struct.list-marker" and rr[14] == rr[16] == "struct.related-link"


def test_seed003_caption_with_bracketed_credit():
    doc = process_file(S3)
    cap, cr = [b for b in doc.article if b.src.line == 4]
    assert cap.role == "caption" and cap.text == "الموعد المحدد لانسحاب القوات الأميركية هو 31 ديسمبر"
    assert cr.role == "credit" and cr.text == "محمد الشاهد/فرانس برس" and cap.group == cr.group
    brackets = sorted((r.text, r.rule) for r in doc.removed if r.src.line == 4)
    assert brackets == [("(", "struct.separator"), (")", "struct.separator")]
    assert doc.metadata["date"].value == "2021-11-20" and doc.metadata["date"].text == "20 نوفمبر 2021"
    rr = removed_rules(doc)
    assert rr[5] == "chrome.font" and rr[29] == "footer.contributors"


def test_seed004_bullets_placeholder_dateline():
    doc = process_file(S4)
    assert doc.metadata["date"].value == "2023-09-27"
    assert doc.metadata["date"].src.line == 3 and doc.metadata["date"].text == "9/27/2023"
    dl = doc.metadata["dateline"]
    assert (dl.value, dl.src.line, dl.src.start, dl.src.end) == ("واشنطن", 10, 0, 6)
    p = [b for b in doc.article if b.role == "paragraph"]
    assert len(p) == 1 and p[0].text.startswith("واشنطن - أكدت")  # the line is not cut
    rr = removed_rules(doc)
    assert all(rr[n] == "struct.bullet-meta" for n in (4, 5, 6, 7))
    assert rr[8] == "chrome.image-placeholder" and rr[12] == "chrome.share"


@pytest.mark.parametrize("path", ALL)
def test_site_profiles_change_nothing_on_the_seeds_roles(path):
    # the generic profile alone gives the same roles on the seeds (the site profiles only name chrome)
    site, generic = process_file(path, site_profiles=True), process_file(path, site_profiles=False)
    assert site.profile != "generic" and generic.profile == "generic"  # two different profiles compared
    assert line_roles(generic) == line_roles(site)


def test_clean_cli_audit():
    r = CliRunner().invoke(main, ["clean", S1])
    assert r.exit_code == 0, r.output
    assert "profile elaph" in r.output
    assert "removed struct.unpunctuated-run" in r.output and "kept comment-place [c1.pl1]" in r.output
    r = CliRunner().invoke(main, ["clean", "--json", "--no-site-profiles", S4])
    data = json.loads(r.output)
    assert data["profile"] == "generic"
    row3 = next(x for x in data["lines"] if x["line"] == 3)
    assert [s["kept"] for s in row3["segments"]] == [None, "date"]
    assert row3["meta"] == ["date=2023-09-27"]


def test_clean_cli_errors_are_one_line(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00a")
    r = CliRunner().invoke(main, ["clean", str(bad)])
    assert r.exit_code == 1 and "Traceback" not in r.output and "bad.txt" in r.output
