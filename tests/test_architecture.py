"""The house's one rule, checked on the source: dependencies point one way.

An import graph is built with `ast` over every module of the package, imports inside functions included (a
lazy import is still a dependency). It must hold no cycle, between modules or between packages; each package
imports only the packages below it (the table is docs/architecture.md's); Qt lives only under gui/, SQLite only
under store/, and no importer reaches the store (importers parse, the store writes).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import medcode_gui

PACKAGE_DIR = Path(medcode_gui.__file__).resolve().parent
ROOT = "medcode_gui"

# Each top-level part of medcode_gui and the parts it may import: the one direction of the arrows.
ALLOWED = {
    "__init__": set(),
    "paths": set(),
    "codes": {"paths"},
    "search": {"codes", "paths"},
    "importers": {"codes", "paths"},
    "store": {"codes", "paths", "search", "importers"},
    "comparison": {"codes", "paths", "store"},
    "releases": {"__init__", "codes", "paths", "importers", "store", "comparison"},
    "payment": {"codes"},
    "views": {"codes", "comparison", "releases", "payment"},
    "cli": {"__init__", "codes", "paths", "search", "importers", "store", "comparison", "releases", "views", "payment"},
    "gui": {"__init__", "codes", "paths", "search", "importers", "store", "comparison", "releases", "views", "payment"},
    "__main__": {"cli"},
}
QT_MODULES = ("PySide6", "shiboken6")
SQL_MODULES = ("sqlite3", "sqlite_utils")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_DIR).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join([ROOT, *parts]) if parts != ["__init__"] else ROOT


def imports_of(path: Path, source: str | None = None) -> set[str]:
    """Every module a file imports, as absolute dotted names (relative imports resolved)."""
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"))
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            # `from . import codes` names modules, not attributes: count them as imports of those modules
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def package_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE_DIR.rglob("*.py"))}


def internal_graph(sources: dict[str, str] | None = None) -> dict[str, set[str]]:
    """Module -> the package's own modules it imports (names that are attributes, not modules, dropped).

    A module's own enclosing packages are left out: Python has run them before the module itself, so
    `from . import sibling` is no cycle.
    """
    modules = package_modules()
    graph = {}
    for name, path in modules.items():
        source = (sources or {}).get(name)
        graph[name] = {
            target
            for target in imports_of(path, source)
            if target in modules and target != name and not name.startswith(target + ".")
        }
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a list of nodes (first == last), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return stack[stack.index(target) :] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def part_of(module: str) -> str:
    """The top-level part of medcode_gui a module belongs to ('store', 'gui', 'paths'...)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def package_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    parts: dict[str, set[str]] = {}
    for module, targets in graph.items():
        parts.setdefault(part_of(module), set()).update(part_of(t) for t in targets if part_of(t) != part_of(module))
    return parts


def offenders(prefix: str, forbidden: tuple[str, ...], allowed_under: str | None) -> list[str]:
    """Modules outside `allowed_under` that import any of `forbidden`."""
    found = []
    for name, path in package_modules().items():
        if allowed_under and name.startswith(f"{ROOT}.{allowed_under}"):
            continue
        if name.startswith(prefix) and any(
            t == f or t.startswith(f + ".") for t in imports_of(path) for f in forbidden
        ):
            found.append(name)
    return found


def test_no_module_cycle() -> None:
    assert find_cycle(internal_graph()) is None


def test_no_package_cycle_and_every_arrow_is_allowed() -> None:
    parts = package_graph(internal_graph())
    assert set(parts) <= set(ALLOWED), f"a new top-level part needs a row in ALLOWED: {set(parts) - set(ALLOWED)}"
    wrong = {part: sorted(targets - ALLOWED[part]) for part, targets in parts.items() if targets - ALLOWED[part]}
    assert wrong == {}
    assert find_cycle(parts) is None


def test_allowed_table_itself_points_one_way() -> None:
    assert find_cycle(ALLOWED) is None


def test_qt_only_under_gui() -> None:
    assert offenders(ROOT, QT_MODULES, allowed_under="gui") == []


def test_sqlite_only_under_store() -> None:
    assert offenders(ROOT, SQL_MODULES, allowed_under="store") == []


def test_importers_never_import_the_store() -> None:
    assert offenders(f"{ROOT}.importers", (f"{ROOT}.store",), allowed_under=None) == []


# The checks themselves can fail: each is shown a deliberately broken source.


def test_a_deliberate_cycle_is_caught() -> None:
    records = package_modules()["medcode_gui.codes.records"]
    source = records.read_text(encoding="utf-8") + "\nfrom ..store import reference_store\n"
    graph = internal_graph({"medcode_gui.codes.records": source})
    cycle = find_cycle(graph)
    assert cycle is not None and "medcode_gui.codes.records" in cycle
    assert find_cycle(package_graph(graph)) is not None


@pytest.mark.parametrize(
    ("module", "line", "forbidden"),
    [
        ("medcode_gui.codes.records", "from PySide6.QtCore import QObject", QT_MODULES),
        ("medcode_gui.views.code_view", "import sqlite3", SQL_MODULES),
        ("medcode_gui.importers.athena", "from ..store import ReferenceStore", (f"{ROOT}.store",)),
    ],
)
def test_a_forbidden_import_is_seen(module: str, line: str, forbidden: tuple[str, ...]) -> None:
    path = package_modules()[module]
    found = imports_of(path, path.read_text(encoding="utf-8") + f"\ndef later():\n    {line}\n")
    assert any(t == f or t.startswith(f + ".") for t in found for f in forbidden)


# The house stays small: modules and classes a newcomer can read (issue 14's limits).
MAX_MODULE_LINES, MAX_GUI_MODULE_LINES, MAX_CLASS_METHODS = 500, 400, 30


def test_no_module_is_too_long_to_read() -> None:
    too_long = {}
    for name, path in package_modules().items():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        limit = MAX_GUI_MODULE_LINES if name.startswith(f"{ROOT}.gui.") else MAX_MODULE_LINES
        if lines > limit:
            too_long[name] = lines
    assert too_long == {}


def test_no_class_has_too_many_methods() -> None:
    crowded = {}
    for name, path in package_modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                methods = sum(isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) for item in node.body)
                if methods > MAX_CLASS_METHODS:
                    crowded[f"{name}.{node.name}"] = methods
    assert crowded == {}
