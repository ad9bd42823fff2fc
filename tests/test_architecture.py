"""The package's layout is its architecture: these tests keep it that way.

- the subpackages ``pyproject.toml`` lists are exactly the folders on disk (a new folder that
  is not listed would be missing from the wheel);
- no module imports, directly or through others, a module that imports it back (at module
  level or inside a function: either way the two cannot be understood apart);
- no module grows past about 800 lines;
- a learner's kernel never loads the build-time tools (``aicollab.tools``);
- the foundations (the input boundary, the model, the data, the renderer and the chart theme)
  import nothing of the layers built on them.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "aicollab"
MAX_LINES = 800


def _modules() -> dict[str, Path]:
    """Dotted name -> file, for every module of the package (``__init__`` named as its package)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()


def _resolve(module: str, is_package: bool, level: int, target: str | None) -> str:
    """The absolute name of ``from <level dots><target> import ...`` written in ``module``."""
    if level == 0:
        return target or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def import_graph() -> dict[str, set[str]]:
    """Module -> the kit's modules it imports (anywhere in the file, including inside functions)."""
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        is_package = path.name == "__init__.py"
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(name, is_package, node.level, node.module)
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            for target in targets:
                # "import aicollab.model.games" also runs the packages above it.
                while target and target not in MODULES and "." in target:
                    target = target.rsplit(".", 1)[0]
                if target in MODULES and target != name:
                    edges.add(target)
        graph[name] = edges
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle (as a path that returns to its start), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def _ancestors(name: str) -> set[str]:
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts))}


def test_pyproject_lists_every_subpackage_on_disk():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    on_disk = {name for name, path in MODULES.items() if path.name == "__init__.py"} | {"aicollab.datasets"}
    assert listed == on_disk, f"pyproject.toml lists {sorted(listed ^ on_disk)} differently from the folders on disk"
    assert config["package-dir"]["aicollab.datasets"] == "datasets"


def test_no_import_cycles():
    graph = import_graph()
    # A package's __init__ importing its own submodules is how re-exports work, and a submodule
    # importing a sibling through the package would be a cycle: both count. Only the edge from a
    # module to the packages above it is structural (Python runs them first) and is left out.
    graph = {m: {t for t in edges if t not in _ancestors(m)} for m, edges in graph.items()}
    cycle = _cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_cycle_finder_finds_a_cycle():
    """The finder itself must be able to fail (it is what the test above relies on)."""
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_module_is_too_long():
    long = {
        name: n
        for name, path in MODULES.items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines (split them by role): {long}"


#: What each foundation layer may import from the rest of the kit (nothing above it).
FOUNDATIONS = {
    "aicollab.inputs": (),
    "aicollab.model": ("aicollab.inputs",),
    "aicollab.data": ("aicollab.inputs",),
    "aicollab.display.assets": (),
    "aicollab.display.render": ("aicollab.display.assets",),
    "aicollab.display.charts": ("aicollab.model", "aicollab.inputs"),
}


@pytest.mark.parametrize("layer", sorted(FOUNDATIONS))
def test_foundations_depend_on_nothing_above_them(layer):
    allowed = (layer, *FOUNDATIONS[layer])
    bad = sorted(
        (module, target)
        for module, targets in import_graph().items()
        if module == layer or module.startswith(layer + ".")
        for target in targets
        if not any(target == a or target.startswith(a + ".") for a in allowed)
    )
    assert not bad, f"{layer} may only import {', '.join(allowed)} from the kit: {bad}"


def test_only_the_command_line_uses_the_build_tools():
    users = sorted(
        m
        for m, targets in import_graph().items()
        if not m.startswith("aicollab.tools")
        and m != "aicollab.cli"
        and any(t.startswith("aicollab.tools") for t in targets)
    )
    assert not users, f"these modules import build-time tools, which a learner's kernel must never load: {users}"


def test_learner_kernel_never_loads_build_tools():
    """What the lessons import (every `from aicollab... import` line of every lesson) loads no tool."""
    import json

    lines = set()
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "solutions").glob("*.ipynb")):
        for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                source = "".join(cell["source"])
                tree = ast.parse(source.replace("%", "#"))  # IPython magics are not Python
                for node in tree.body:
                    if isinstance(node, (ast.Import, ast.ImportFrom)):
                        text = ast.get_source_segment(source.replace("%", "#"), node)
                        if "aicollab" in text:
                            lines.add(text)
    assert len(lines) > 10, "found too few of the lessons' imports to prove anything"
    code = (
        "\n".join(sorted(lines)) + "\nimport aicollab\naicollab.setup()\nimport sys\n"
        "print(sorted(m for m in sys.modules if m.startswith('aicollab.tools')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", f"a lesson's imports load build-time tools: {result.stdout}"


def test_command_line_help():
    result = subprocess.run([sys.executable, "-m", "aicollab", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    for command in ("jupyter", "exercises", "outputs", "timing", "poll", "data"):
        assert command in result.stdout
    for sub in (["poll", "collect", "--help"], ["jupyter", "enable", "--help"], ["data", "where"]):
        done = subprocess.run([sys.executable, "-m", "aicollab", *sub], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, (sub, done.stderr)
    script = Path(sys.executable).with_name("aicollab")
    assert script.exists(), "the aicollab console script is not installed (pip install -e .)"
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("aicollab "), done.stdout + done.stderr
