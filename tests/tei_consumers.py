"""Real TEI consumers for the tests: the TEI Consortium's XSLT Stylesheets (run by SaxonC-HE, PyPI
``saxonche``) and CETEIcean, both rendered in headless Chromium.  Vendored copies live in tests/vendor/.

Chromium is driven with ``--dump-dom``: the page carries a small script that writes what the test wants
to know (computed styles, text) into a ``<pre id="probe">`` element, and the dumped DOM is parsed.
"""
from __future__ import annotations

import html as htmlmod
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

VENDOR = Path(__file__).parent / "vendor"
STYLESHEETS = VENDOR / "tei-stylesheets"
CETEI_JS = VENDOR / "ceteicean" / "CETEI.js"

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars", "--virtual-time-budget=5000"]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        p = shutil.which(name)
        if p:
            return p
    return None


class Stylesheets:
    """The default HTML conversion and the plain-text conversion, compiled once."""

    def __init__(self):
        from saxonche import PySaxonProcessor

        self.proc = PySaxonProcessor(license=False)
        xslt = self.proc.new_xslt30_processor()
        self.html = xslt.compile_stylesheet(stylesheet_file=str(STYLESHEETS / "profiles/default/html/to.xsl"))
        # local CSS, so that the page needs no network (the default links tei-c.org)
        self.html.set_parameter("cssFile", self.proc.make_string_value((STYLESHEETS / "css/tei.css").as_uri()))
        self.html.set_parameter("cssPrintFile",
                                self.proc.make_string_value((STYLESHEETS / "css/tei-print.css").as_uri()))
        self.text = xslt.compile_stylesheet(stylesheet_file=str(STYLESHEETS / "txt/tei-to-text.xsl"))

    def to_html(self, xml_file: Path) -> str:
        return self.html.transform_to_string(source_file=str(xml_file))

    def to_text(self, xml_file: Path) -> str:
        return self.text.transform_to_string(source_file=str(xml_file))


PROBE = r"""
<script>
(function () {
  function probe() {
    var sel = %(selector)s;
    var ps = Array.prototype.slice.call(document.querySelectorAll(sel));
    var out = {count: ps.length,
               directions: ps.map(function (p) { return getComputedStyle(p).direction; }),
               text: (document.querySelector(%(text_root)s) || document.body).innerText};
    var pre = document.createElement('pre');
    pre.id = "probe"; pre.hidden = true;
    pre.textContent = JSON.stringify(out);
    document.documentElement.appendChild(pre);
  }
  %(run)s
})();
</script>
"""


def _run_chromium(args: list[str], timeout: int = 90) -> str:
    exe = chromium_path()
    if exe is None:
        raise RuntimeError("chromium is not installed")
    with tempfile.TemporaryDirectory() as profile:
        res = subprocess.run([exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                             capture_output=True, timeout=timeout)
    if res.returncode != 0:
        raise RuntimeError(f"chromium failed ({res.returncode}): {res.stderr.decode(errors='replace')[-2000:]}")
    return res.stdout.decode("utf-8")


def probe_page(page: Path) -> dict:
    """Load ``page`` in Chromium and return what its probe script wrote."""
    dom = _run_chromium(["--dump-dom", page.as_uri()])
    m = re.search(r'<pre id="probe"[^>]*>(.*?)</pre>', dom, re.S)
    if m is None:
        raise AssertionError(f"the probe did not run in {page}; DOM tail: {dom[-1500:]}")
    return json.loads(htmlmod.unescape(m.group(1)))


HARNESS = """<!DOCTYPE html>
<html><head><meta charset="utf-8"/></head><body>
<script>
var pages = %(pages)s, results = {};
function next(i) {
  if (i >= pages.length) {
    var pre = document.createElement('pre'); pre.id = 'probe'; pre.hidden = true;
    pre.textContent = JSON.stringify(results); document.body.appendChild(pre); return;
  }
  var f = document.createElement('iframe');
  f.style.width = '1000px'; f.style.height = '800px';
  f.onload = function () {
    var pre = f.contentDocument && f.contentDocument.getElementById('probe');
    results[pages[i]] = pre ? JSON.parse(pre.textContent) : null;
    f.remove(); next(i + 1);
  };
  f.src = pages[i];
  document.body.appendChild(f);
}
next(0);
</script></body></html>"""


def probe_pages(pages: list[Path], folder: Path) -> dict[Path, dict]:
    """Probe several pages in ONE Chromium run (a harness page loads each in an iframe): what each
    page's probe script wrote, by page."""
    uris = [p.as_uri() for p in pages]
    harness = folder / "harness.html"
    harness.write_text(HARNESS % {"pages": json.dumps(uris)}, encoding="utf-8")
    dom = _run_chromium(["--allow-file-access-from-files", "--virtual-time-budget=60000", "--dump-dom",
                         harness.as_uri()], timeout=180)
    m = re.search(r'<pre id="probe"[^>]*>(.*?)</pre>', dom, re.S)
    if m is None:
        raise AssertionError(f"the harness did not finish; DOM tail: {dom[-1500:]}")
    got = json.loads(htmlmod.unescape(m.group(1)))
    return {p: got.get(u) for p, u in zip(pages, uris)}


def screenshot(page: Path, png: Path, size: str = "1000,1400") -> Path:
    _run_chromium([f"--screenshot={png}", f"--window-size={size}", page.as_uri()])
    return png


def stylesheet_page(html: str, folder: Path, name: str) -> Path:
    """The stylesheets' HTML with the probe for article and comment paragraphs."""
    script = PROBE % {"selector": json.dumps(".tei_body p"), "text_root": json.dumps(".tei_body"),
                      "run": "probe();"}
    page = folder / f"{name}.html"
    page.write_text(html.replace("</body>", script + "</body>"), encoding="utf-8")
    return page


#: How a CETEIcean page designer shows blocks as blocks (custom elements are inline by default) and
#: hides what is not text; nothing about direction, which must come from the TEI.
CETEI_CSS = """
tei-head, tei-p, tei-ab, tei-byline, tei-dateline, tei-figure, tei-post, tei-div { display: block; }
tei-head { font-weight: bold; margin: .5em 0; }
tei-teiheader { display: none; }
body { font-family: sans-serif; max-width: 60em; margin: 1em auto; }
"""


def cetei_page(xml: str, folder: Path, name: str) -> Path:
    """A CETEIcean page rendering ``xml`` (inlined: no fetch, so it works from file://)."""
    script = PROBE % {"selector": json.dumps("tei-text tei-p"), "text_root": json.dumps("#TEI"),
                      "run": "window.__probe = probe;"}
    page = folder / f"{name}.cetei.html"
    page.write_text(f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"/><style>{CETEI_CSS}</style>
<script src="{CETEI_JS.as_uri()}"></script></head>
<body><div id="TEI"></div>
{script}
<script>
  var c = new CETEI();
  var dom = c.makeHTML5({json.dumps(xml)});
  document.getElementById("TEI").appendChild(dom);
  window.__probe();
</script>
</body></html>""", encoding="utf-8")
    return page
