"""Every command behaves alike: results on stdout, problems on stderr, --json, -q/--quiet, -o/--out, NO_COLOR."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from corpus.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "002_b4a12e420ae2588d.txt"
ANN = ROOT / "annotations" / "doc002_b4a12e420ae2588d" / "lead.json"


def _leaves(group: click.Group, prefix=()):
    for name, cmd in sorted(group.commands.items()):
        if isinstance(cmd, click.Group):
            yield from _leaves(cmd, prefix + (name,))
        else:
            yield prefix + (name,), cmd


def _opts(cmd: click.Command) -> set[str]:
    return {o for p in cmd.params if isinstance(p, click.Option) for o in p.opts + p.secondary_opts}


LEAVES = list(_leaves(main))


def test_there_are_commands_to_check():
    names = {" ".join(n) for n, _ in LEAVES}
    assert {"build", "validate", "release", "verify", "annotate check", "annotate list"} <= names


@pytest.mark.parametrize("name,cmd", LEAVES, ids=[" ".join(n) for n, _ in LEAVES])
def test_every_command_has_quiet_and_json(name, cmd):
    opts = _opts(cmd)
    assert {"-q", "--quiet"} <= opts, f"corpus {' '.join(name)} lacks -q/--quiet"
    assert "--json" in opts, f"corpus {' '.join(name)} lacks --json"


def test_an_output_folder_is_always_out():
    for name, cmd in LEAVES:
        folder_opts = [p for p in cmd.params if isinstance(p, click.Option) and isinstance(p.type, click.Path)
                       and not p.type.file_okay and p.name in {"out_dir", "dist"}]
        for p in folder_opts:
            assert "--out" in p.opts and "-o" in p.opts, f"corpus {' '.join(name)}: {p.opts}"
    assert any("--out" in _opts(c) for n, c in LEAVES if n == ("build",))
    assert any("--out" in _opts(c) for n, c in LEAVES if n == ("release",))


def _run(args, **kw):
    return CliRunner().invoke(main, args, catch_exceptions=False, **kw)


def test_json_is_one_document_on_stdout(tmp_path):
    r = _run(["clean", str(SEED), "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["document"].startswith("doc002")
    r = _run(["annotate", "list", str(ANN), "--json"])
    assert r.exit_code == 0 and len(json.loads(r.stdout)["annotations"]) > 10
    r = _run(["annotate", "check", str(ANN), "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["errors"] == []
    r = _run(["catalog", "--seeds", str(ROOT / "seeds"), "--json"])
    assert r.exit_code == 0 and len(json.loads(r.stdout)["match"]) == 5


def test_problems_go_to_stderr_results_to_stdout(tmp_path):
    bad = tmp_path / "a" / "lead.json"
    bad.parent.mkdir()
    data = json.loads(ANN.read_text(encoding="utf-8"))
    data["annotations"][0]["target"]["quote"] = "ليس هذا النص"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = _run(["annotate", "check", str(bad)])
    assert r.exit_code == 1
    assert "ليس هذا النص" in r.stderr or data["annotations"][0]["id"] in r.stderr
    assert "1 file(s), " in r.stdout and data["annotations"][0]["id"] not in r.stdout


def test_errors_are_one_line_on_stderr_without_traceback(tmp_path):
    r = _run(["validate", str(tmp_path / "nothing")])
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.startswith("error:") and "Traceback" not in r.stderr


def test_quiet_keeps_results_and_drops_notes():
    loud = _run(["clean", str(SEED)])
    quiet = _run(["clean", str(SEED), "-q"])
    assert "profile" in loud.stderr and quiet.stderr == ""
    assert quiet.stdout == loud.stdout  # the audit itself is the result


def test_no_color_turns_colour_off():
    coloured = _run(["clean", str(SEED)], color=True)
    assert "\x1b[" in coloured.output
    plain = _run(["clean", str(SEED)], color=True, env={"NO_COLOR": "1"})
    assert "\x1b[" not in plain.output and plain.stdout.replace(" ", "") != ""
