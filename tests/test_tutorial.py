"""docs/your-own-corpus.md runs as written: every `$ command` in its ```console blocks is run, in order, in
a temporary folder that holds only `pages/` (three pages, one with an Arabic name), and every output line
the tutorial shows must appear in the real output (hex digests and commit ids are compared as <hex>).
A block that shows an `error:` line must fail; every other command must succeed.

`python tests/test_tutorial.py` prints the real transcript, to refresh the tutorial after a change."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TUTORIAL = ROOT / "docs" / "your-own-corpus.md"
PAGES = {"خبر.txt": "000_d149adc8417d1233.txt", "page-2.txt": "002_b4a12e420ae2588d.txt",
         "page-3.txt": "004_2bbfc112856ad857.txt"}
HEX = re.compile(r"\b[0-9a-f]{12,64}\b")


def steps(markdown: str) -> list[tuple[str, list[str]]]:
    """(command, shown output lines) for every `$ ` line of every ```console block."""
    out: list[tuple[str, list[str]]] = []
    for block in re.findall(r"^```console\n(.*?)^```", markdown, flags=re.M | re.S):
        lines = block.splitlines()
        i = 0
        while i < len(lines):
            if not lines[i].startswith("$ "):
                i += 1
                continue
            cmd = lines[i][2:]
            while cmd.endswith("\\"):
                i += 1
                cmd = cmd + "\n" + lines[i]
            i += 1
            shown = []
            while i < len(lines) and not lines[i].startswith("$ "):
                shown.append(lines[i])
                i += 1
            out.append((cmd, shown))
    return out


def norm(line: str) -> str:
    return HEX.sub("<hex>", line.rstrip())


def environment(tmp: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "CORPUS"))}
    env.update(PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}", HOME=str(tmp),
               SOURCE_DATE_EPOCH="1764028800", NO_COLOR="1", LC_ALL="C.UTF-8", COLUMNS="120",
               GIT_AUTHOR_NAME="Layla Haddad", GIT_AUTHOR_EMAIL="layla@example.org",
               GIT_COMMITTER_NAME="Layla Haddad", GIT_COMMITTER_EMAIL="layla@example.org",
               GIT_AUTHOR_DATE="2025-11-25T12:00:00Z", GIT_COMMITTER_DATE="2025-11-25T12:00:00Z")
    return env


def setup(tmp: Path) -> Path:
    pages = tmp / "pages"
    pages.mkdir(parents=True)
    for name, seed in PAGES.items():
        shutil.copy(ROOT / "seeds" / seed, pages / name)
    return tmp


def run_all(tmp: Path):
    """Yield (command, shown lines, real output, exit code), keeping the folder a `cd` moves to."""
    cwd, env = setup(tmp), environment(tmp)
    where = tmp / ".pwd"
    for cmd, shown in steps(TUTORIAL.read_text(encoding="utf-8")):
        script = f'{cmd}\nrc=$?\npwd > "{where}"\nexit $rc\n'
        done = subprocess.run(["bash", "-c", script], cwd=cwd, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=600)
        cwd = Path(where.read_text().strip())
        yield cmd, shown, done.stdout, done.returncode


@pytest.mark.skipif(shutil.which("git") is None, reason="the tutorial commits with git")
def test_the_tutorial_runs_as_written(tmp_path):
    ran = 0
    for cmd, shown, real, rc in run_all(tmp_path):
        ran += 1
        expect_failure = any(line.startswith("error:") for line in shown)
        assert (rc != 0) == expect_failure, f"$ {cmd}\nexit {rc}\n{real}"
        got = {norm(line) for line in real.splitlines()}
        missing = [line for line in shown if line.strip() and line.strip() != "…" and norm(line) not in got]
        assert not missing, f"$ {cmd}\nshown in the tutorial but not printed: {missing}\nprinted:\n{real}"
    assert ran >= 8


def test_the_tutorial_covers_the_done_when():
    cmds = [c for c, _ in steps(TUTORIAL.read_text(encoding="utf-8"))]
    order = [next(i for i, c in enumerate(cmds) if c.startswith(w))
             for w in ("corpus init", "corpus build", "corpus release 0.1.0", "corpus verify")]
    assert order == sorted(order)


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        for cmd, _, real, rc in run_all(Path(d)):
            print(f"$ {cmd}" + (f"    # exit {rc}" if rc else ""))
            print(real, end="")
