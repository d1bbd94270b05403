"""Headless Chromium as the reference consumer: a page's ``document.body.innerText``.

The page is copied with a script appended that reads ``innerText`` (after removing ``aria-hidden``
elements, which our reader leaves out on purpose) and replaces the document with a ``<pre>`` holding
it; ``--dump-dom`` prints that DOM."""
from __future__ import annotations

import html as htmllib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
_SCRIPT = (b"<script>(function(){document.querySelectorAll('[aria-hidden=true]').forEach(function(e){e.remove()});"
           b"var t=document.body?document.body.innerText:'';"
           b"document.documentElement.innerHTML='<head></head><body><pre id=\"__it\"></pre></body>';"
           b"document.getElementById('__it').textContent=JSON.stringify(t);})();</script>")


def available() -> bool:
    return Path(CHROMIUM).exists()


def inner_text(data: bytes) -> str:
    """The browser's innerText of an HTML page given as bytes (its own charset declaration applies)."""
    import json

    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        # after </html> the parser still puts the script at the end of <body>
        page.write_bytes(data + b"\n" + _SCRIPT)
        prof = Path(tmp) / "profile"
        out = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={prof}", "--dump-dom", page.as_uri()],
                             capture_output=True, timeout=120, env={**os.environ, "HOME": tmp})
    dom = out.stdout.decode("utf-8")
    m = re.search(r'<pre id="__it">(.*?)</pre>', dom, re.S)
    if not m:
        raise RuntimeError(f"chromium gave no innerText: {out.stderr.decode('utf-8', 'replace')[-2000:]}")
    return json.loads(htmllib.unescape(m.group(1)))
