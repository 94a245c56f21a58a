"""The package's folders show the one-way flow, and this keeps them honest.

files → data (readers, validator, typed model) → analysis (pure networkx) → view (view model) → service →
outputs (images, reports) → web (thin Dash callbacks). `store` sits beside analysis: it needs only the model.
The command line and the developer tools are entry points: they may use any stage but the web layer, which they
start as a process instead, so that nothing but `app.py` and the WSGI module pulls Dash callbacks in.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "explorer"

# A stage may import itself and any stage of a lower rank, never a higher one.
RANK = {"data": 0, "analysis": 1, "store": 1, "view": 2, "service": 3, "outputs": 4, "web": 5}
ENTRY_POINTS = {"cli", "report_cli", "devtools", "__main__"}
MAX_LINES = 500


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every `explorer…` module the source imports, at the top or inside a function (lazy imports count).

    >>> sorted(imported_modules("def f():\\n    from explorer.web import ids\\n", "explorer.view.x"))
    ['explorer.web']
    >>> sorted(imported_modules("from ..data import model", "explorer.view.x"))
    ['explorer.data']
    >>> sorted(imported_modules("import importlib\\nimportlib.import_module('explorer.web.app')", "explorer.cli"))
    ['explorer.web.app']
    """
    found: set[str] = set()
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                found.add(".".join(base + ([node.module] if node.module else [])))
            elif node.module:
                found.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return {name for name in found if name == "explorer" or name.startswith("explorer.")}


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def _imports_of(path: Path) -> set[str]:
    return imported_modules(path.read_text(), _module_name(path), path.name == "__init__.py")


def test_every_module_belongs_to_a_known_stage():
    unknown = {_stage(_module_name(p)) for p in _modules()} - set(RANK) - ENTRY_POINTS - {""}
    assert unknown == set(), f"new top-level parts need a place in the flow: {sorted(unknown)}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_flow_one_way(path):
    here = _stage(_module_name(path))
    backward = []
    for target in _imports_of(path):
        there = _stage(target)
        if there in ("", here):
            continue
        if here in ENTRY_POINTS:
            if there == "web":
                backward.append(target)
        elif (here in RANK and RANK.get(there, 99) > RANK[here]) or (here == "" and there == "web"):
            backward.append(target)
    assert backward == [], f"{path.relative_to(ROOT)} ({here}) imports a later stage: {sorted(backward)}"


def test_there_are_no_import_cycles_between_modules():
    graph = {_module_name(p): set() for p in _modules()}
    for path in _modules():
        for target in _imports_of(path):
            # `from explorer.data import model` names a module; `from explorer.data.model import X` too.
            graph[_module_name(path)].add(target if target in graph else target.rsplit(".", 1)[0])
    graph = {m: {t for t in targets if t in graph and t != m} for m, targets in graph.items()}
    # Packages re-exporting their modules are not cycles of logic; only module-to-module loops are.
    packages = {_module_name(p) for p in _modules() if p.name == "__init__.py"}
    graph = {m: targets - packages for m, targets in graph.items() if m not in packages}

    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt) :], nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


@pytest.mark.parametrize("path", [*_modules(), ROOT / "app.py"], ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_stay_small_enough_to_read(path):
    lines = len(path.read_text().splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines; split it by concern"


def test_the_checks_see_a_backward_import_when_there_is_one(tmp_path):
    # The rule above must be able to fail: a view module that lazily pulls in the web layer is caught.
    source = "def draw():\n    from explorer.web.ids import MAP\n    return MAP\n"
    targets = imported_modules(source, "explorer.view.example")
    assert any(RANK[_stage(t)] > RANK["view"] for t in targets)
