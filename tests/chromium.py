"""Headless Chromium for tests that judge a page as a browser shows it (computed styles, screenshots)."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars"]


def binary() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _run(args: list[str], timeout: int = 90) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([binary(), *FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, timeout=timeout)


def dump_dom(page: Path) -> str:
    """The DOM after the page's scripts ran (a probe script can write what it measured into it)."""
    r = _run(["--virtual-time-budget=5000", "--dump-dom", page.resolve().as_uri()])
    return r.stdout.decode("utf-8", "replace")


def screenshot(page: Path, png: Path, size: str = "1200,1600") -> Path:
    _run([f"--screenshot={png}", f"--window-size={size}", page.resolve().as_uri()])
    return png
