"""The tree reads as the pipeline: imports run one way, down the stages, and never in a circle."""
from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "corpus"

#: stage -> rank; a module may import only from its own stage or a lower one
STAGES = {
    "": 0,  # base: errors, jsonio, schemas, the package itself
    "schema": 0,
    "project": 1,
    "text": 2,
    "clean": 3,
    "document": 4,
    "standoff": 5,
    "tei": 6,
    "interop": 6,
    "build": 7,
    "release": 8,
    "cli": 9,
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _stage(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in STAGES and (SRC / parts[1]).is_dir():
        return parts[1]
    return ""


def _imports(path: Path) -> set[str]:
    """Every ``corpus`` module a file imports (top level or inside functions)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == "corpus")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if mod.split(".")[0] != "corpus":
                continue
            for a in node.names:
                sub = f"{mod}.{a.name}"
                out.add(sub if _is_module(sub) else mod)
    return out


def _is_module(name: str) -> bool:
    rel = Path(*name.split(".")[1:])
    return (SRC / rel).with_suffix(".py").is_file() or (SRC / rel / "__init__.py").is_file()


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): _imports(p) for p in sorted(SRC.rglob("*.py"))}


def test_every_stage_is_a_package_with_a_docstring_saying_its_job():
    for stage in STAGES:
        if not stage or stage == "schema":
            continue
        init = SRC / stage / "__init__.py"
        assert init.is_file(), f"corpus/{stage}/ is not a package"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and "import" in doc, f"corpus/{stage}/__init__.py must say its job and what it may import"


def test_no_module_sits_loose_beside_the_stages():
    loose = sorted(p.stem for p in SRC.glob("*.py") if p.stem not in {"__init__", "errors", "jsonio", "schemas"})
    assert loose == [], f"modules outside a stage package: {loose}"


def test_imports_run_down_the_pipeline():
    bad = []
    for mod, deps in _graph().items():
        for dep in deps:
            if STAGES[_stage(dep)] > STAGES[_stage(mod)]:
                bad.append(f"{mod} imports {dep}")
    assert bad == [], "imports up the pipeline:\n" + "\n".join(sorted(bad))


def test_the_annotation_layer_knows_no_output_format():
    for mod, deps in _graph().items():
        if _stage(mod) == "standoff":
            assert not any(_stage(d) in {"tei", "build", "release", "cli"} for d in deps), mod


def test_no_import_circle():
    graph = _graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph.get(node, ())):
            if dep == node or dep not in graph:
                continue
            # a package's __init__ importing its own submodules is how packages expose them
            if node == dep.rpartition(".")[0] or dep == node.rpartition(".")[0]:
                continue
            if state.get(dep) == 1:
                cycles.append(path[path.index(dep):] + [dep] if dep in path else [node, dep])
            elif dep not in state:
                visit(dep, path + [dep])
        state[node] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n, [n])
    assert cycles == [], "import circles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_graph_reader_sees_imports_of_every_form():
    """Guards the guards: top-level, aliased and function-level imports are all read."""
    g = _graph()
    assert "corpus.errors" in g["corpus.text.raw"]
    assert {"corpus.cli.annotate", "corpus.cli.build"} <= g["corpus.cli.main"]
    assert "corpus.tei.export" in g["corpus.build.run"]  # imported inside a function
    assert _stage("corpus.tei.export") == "tei" and _stage("corpus.errors") == ""
